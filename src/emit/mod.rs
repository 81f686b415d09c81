//! Output: unified diffs, atomic writes, findings.

pub mod diff;
pub mod findings;
pub mod write;
