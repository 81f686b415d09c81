//! Edits, fixes and findings, and the engine that applies them.

mod engine;
pub mod suppress;

pub use engine::{Engine, Options, Outcome};

use std::ops::Range;

use serde::Serialize;

/// Replace `range` of the original bytes with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Edit {
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit {
            range: at..at,
            replacement: text.into(),
        }
    }

    pub fn replace(range: Range<usize>, text: impl Into<String>) -> Edit {
        Edit {
            range,
            replacement: text.into(),
        }
    }

    pub fn delete(range: Range<usize>) -> Edit {
        Edit {
            range,
            replacement: String::new(),
        }
    }
}

/// Whether a fix may change what the image does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Cannot change behaviour: applied by `fix`.
    Safe,
    /// May change behaviour: applied only with `--unsafe`.
    Unsafe,
    /// Advice: shown, never applied.
    DisplayOnly,
}

impl Applicability {
    pub fn label(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "advice",
        }
    }
}

/// A set of edits that together make one change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    pub fn safe(edits: Vec<Edit>) -> Fix {
        Fix {
            edits,
            applicability: Applicability::Safe,
        }
    }

    pub fn unsafe_(edits: Vec<Edit>) -> Fix {
        Fix {
            edits,
            applicability: Applicability::Unsafe,
        }
    }

    /// The smallest range covering every edit.
    pub fn span(&self) -> Range<usize> {
        let start = self.edits.iter().map(|e| e.range.start).min().unwrap_or(0);
        let end = self.edits.iter().map(|e| e.range.end).max().unwrap_or(0);
        start..end
    }
}

/// Something a transform found, with the fix that resolves it when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub transform: &'static str,
    pub message: String,
    pub range: Range<usize>,
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn new(
        transform: &'static str,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            transform,
            message: message.into(),
            range,
            fix: None,
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Finding {
        self.fix = Some(fix);
        self
    }

    /// The grade shown to users: the fix's, or advice when there is no fix.
    pub fn applicability(&self) -> Applicability {
        self.fix
            .as_ref()
            .map_or(Applicability::DisplayOnly, |f| f.applicability)
    }
}

/// Applies edits to `src`. The edits must be disjoint (checked); their order does not matter.
pub fn apply_edits(src: &[u8], edits: &[&Edit]) -> Result<Vec<u8>, OverlapError> {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = Vec::with_capacity(src.len() + 64);
    let mut pos = 0;
    for e in sorted {
        if e.range.start < pos || e.range.end > src.len() || e.range.start > e.range.end {
            return Err(OverlapError {
                range: e.range.clone(),
            });
        }
        out.extend_from_slice(&src[pos..e.range.start]);
        out.extend_from_slice(e.replacement.as_bytes());
        pos = e.range.end;
    }
    out.extend_from_slice(&src[pos..]);
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("edit {range:?} overlaps another edit or lies outside the text")]
pub struct OverlapError {
    pub range: Range<usize>,
}
