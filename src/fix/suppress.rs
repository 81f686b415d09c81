//! Inline suppression comments:
//!
//! - `# dockerlean: ignore` (all transforms) or `# dockerlean: ignore=merge-runs,apt-lists`
//!   on the comment lines right above an instruction;
//! - `# dockerlean: ignore-file` (or `ignore-file=ID,...`) anywhere in the file;
//! - `# hadolint ignore=DL3059,...` above an instruction, for the transforms that list
//!   those hadolint rules.

use std::ops::Range;

use super::Finding;
use crate::syntax::{Document, Segment};
use crate::transform::Transform;

#[derive(Debug, Default)]
pub struct Suppressions {
    /// Transform ids (or `*`) ignored in the whole file.
    file: Vec<String>,
    /// Instruction ranges with the ids (or `*`) and hadolint codes ignored there.
    lines: Vec<(Range<usize>, Vec<String>)>,
}

fn ids(list: &str) -> Vec<String> {
    list.split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Parses one comment line; returns (file-wide, ids).
fn parse(comment: &str) -> Option<(bool, Vec<String>)> {
    let body = comment.trim_start().strip_prefix('#')?.trim();
    if let Some(rest) = body.strip_prefix("dockerlean:") {
        let rest = rest.trim();
        let (file, tail) = if let Some(t) = rest.strip_prefix("ignore-file") {
            (true, t)
        } else if let Some(t) = rest.strip_prefix("ignore") {
            (false, t)
        } else {
            return None;
        };
        let tail = tail.trim();
        return match tail.strip_prefix('=') {
            Some(list) => Some((file, ids(list))),
            None if tail.is_empty() => Some((file, vec!["*".into()])),
            None => None,
        };
    }
    let rest = body.strip_prefix("hadolint")?.trim();
    let list = rest.strip_prefix("ignore")?.trim().strip_prefix('=')?;
    Some((false, ids(list.split_whitespace().next().unwrap_or(""))))
}

impl Suppressions {
    pub fn of(doc: &Document) -> Suppressions {
        let mut s = Suppressions::default();
        let mut pending: Vec<String> = Vec::new();
        for seg in &doc.scan.segments {
            match seg {
                Segment::Comment { range, .. }
                | Segment::Directive(crate::syntax::scanner::Directive { range, .. }) => {
                    let text = doc.text()[range.clone()].trim_end();
                    if let Some((file, list)) = parse(text) {
                        if file {
                            s.file.extend(list);
                        } else {
                            pending.extend(list);
                        }
                    }
                }
                Segment::Instruction(i) => {
                    if !pending.is_empty() {
                        s.lines
                            .push((i.range.clone(), std::mem::take(&mut pending)));
                    }
                }
                // A blank line ends the comment block right above an instruction.
                Segment::Blank { .. } => pending.clear(),
                Segment::Bom(_) => {}
            }
        }
        s
    }

    fn names(t: &dyn Transform, list: &[String]) -> bool {
        list.iter()
            .any(|x| x == "*" || x == t.id() || t.hadolint().contains(&x.as_str()))
    }

    /// The whole file is off for `t`.
    pub fn file_off(&self, t: &dyn Transform) -> bool {
        Self::names(t, &self.file)
    }

    /// Whether `f` of transform `t` touches an instruction where `t` is suppressed.
    pub fn suppresses(&self, t: &dyn Transform, f: &Finding) -> bool {
        if self.file_off(t) {
            return true;
        }
        let mut spans = vec![f.range.clone()];
        if let Some(fix) = &f.fix {
            spans.extend(fix.edits.iter().map(|e| e.range.clone()));
        }
        self.lines.iter().any(|(r, list)| {
            Self::names(t, list)
                && spans
                    .iter()
                    .any(|s| s.start < r.end && r.start <= s.end.max(s.start))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn comment_forms() {
        assert_eq!(
            parse("# dockerlean: ignore"),
            Some((false, vec!["*".into()]))
        );
        assert_eq!(
            parse("#dockerlean: ignore=merge-runs, apt-lists"),
            Some((false, vec!["merge-runs".into(), "apt-lists".into()]))
        );
        assert_eq!(
            parse("# dockerlean: ignore-file"),
            Some((true, vec!["*".into()]))
        );
        assert_eq!(
            parse("# hadolint ignore=DL3059,DL3009"),
            Some((false, vec!["DL3059".into(), "DL3009".into()]))
        );
        assert_eq!(parse("# dockerlean: ignored"), None);
        assert_eq!(parse("# just a comment"), None);
    }
}
