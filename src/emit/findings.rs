//! Findings as text lines or JSON.

use serde::Serialize;

use crate::fix::{Edit, Finding};
use crate::syntax::Document;

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
    pub fn new(path: &str, doc: &Document, f: &Finding) -> Located {
        let (line, column) = doc.line_col(f.range.start);
        let (end_line, end_column) = doc.line_col(f.range.end);
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
