//! Findings as text lines or JSON.

use serde::Serialize;

use crate::fix::{Edit, Finding};

/// 1-based line and byte column of `offset` in `src`.
pub fn line_col(src: &[u8], offset: usize) -> (usize, usize) {
    let before = &src[..offset.min(src.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, before.len() - start + 1)
}

/// Line starts of a file, for locating many offsets in it (each in log time).
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(src: &[u8]) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            src.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            starts,
            len: src.len(),
        }
    }

    /// 1-based line and byte column of `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.len);
        let line = self.starts.partition_point(|&s| s <= offset);
        (line, offset - self.starts[line - 1] + 1)
    }
}

/// A finding located in a file, ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct Located {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub transform: &'static str,
    pub message: String,
    pub safety: &'static str,
    pub edits: Vec<Edit>,
}

impl Located {
    /// Locates `f` in the file whose lines are `index`.
    pub fn new(path: &str, index: &LineIndex, f: &Finding) -> Located {
        let (line, column) = index.line_col(f.range.start);
        let (end_line, end_column) = index.line_col(f.range.end);
        Located {
            file: path.to_string(),
            line,
            column,
            end_line,
            end_column,
            transform: f.transform,
            message: f.message.clone(),
            safety: f.applicability().label(),
            edits: f.fix.as_ref().map(|x| x.edits.clone()).unwrap_or_default(),
        }
    }

    /// `path:line:col: transform-id message [safe|unsafe|advice]`
    pub fn text(&self) -> String {
        format!(
            "{}:{}:{}: {} {} [{}]",
            self.file, self.line, self.column, self.transform, self.message, self.safety
        )
    }
}

/// Findings as a SARIF 2.1.0 log, one run, with each transform as a rule and each fix as
/// byte-offset replacements.
pub fn sarif(findings: &[Located], transforms: &[&dyn crate::Transform]) -> serde_json::Value {
    use serde_json::json;
    let rules: Vec<serde_json::Value> = transforms
        .iter()
        .map(|t| {
            json!({
                "id": t.id(),
                "name": t.id(),
                "shortDescription": { "text": t.summary() },
                "help": { "text": t.explain() },
                "properties": { "fixes": t.grades(), "hadolint": t.hadolint() },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            let mut r = json!({
                "ruleId": f.transform,
                "ruleIndex": transforms.iter().position(|t| t.id() == f.transform).unwrap_or(0),
                "level": if f.safety == "advice" { "note" } else { "warning" },
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": f.file },
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": f.end_column,
                        }
                    }
                }],
                "properties": { "safety": f.safety },
            });
            if !f.edits.is_empty() {
                r["fixes"] = json!([{
                    "description": { "text": format!("{} ({})", f.message, f.safety) },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": f.file },
                        "replacements": f.edits.iter().map(|e| json!({
                            "deletedRegion": {
                                "byteOffset": e.range.start,
                                "byteLength": e.range.end - e.range.start,
                            },
                            "insertedContent": { "text": e.replacement },
                        })).collect::<Vec<_>>(),
                    }],
                }]);
            }
            r
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "dockerlean",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
        }]
    })
}

/// One GitHub Actions workflow command per finding (shown as annotations on the diff).
pub fn github(f: &Located) -> String {
    fn data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn prop(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let level = if f.safety == "advice" {
        "notice"
    } else {
        "warning"
    };
    format!(
        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{} [{}]",
        prop(&f.file),
        f.line,
        f.column,
        f.end_line,
        f.end_column,
        prop(f.transform),
        data(&f.message),
        f.safety
    )
}
