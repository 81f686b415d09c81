//! Transforms: each reads a [`Document`] and proposes [`Finding`]s with fixes. They run
//! as ordered passes (see [`registry`]); each is one file here and one folder under
//! `transforms/<id>/` (README, data, fixture cases).

mod merge_runs;

pub use merge_runs::{Data as MergeRunsData, MergeRuns, data as merge_runs_data};

use crate::fix::Finding;
use crate::syntax::Document;

/// A rewrite of Dockerfiles.
pub trait Transform: Sync {
    /// The id used in the CLI, config, suppressions, JSON and `transforms/<id>/`.
    fn id(&self) -> &'static str;
    /// One line for `dockerlean transforms`.
    fn summary(&self) -> &'static str;
    /// Whether it runs when not selected explicitly.
    fn default_on(&self) -> bool {
        true
    }
    /// The grades its fixes can have, for the `transforms` table.
    fn grades(&self) -> &'static str;
    /// The long documentation shown by `dockerlean explain ID` (its README).
    fn explain(&self) -> &'static str;
    /// Proposes findings for `doc`. Must not assume any other transform ran.
    fn run(&self, doc: &Document, out: &mut Vec<Finding>);
}

static MERGE_RUNS: MergeRuns = MergeRuns;

/// Every transform, in the order their passes run (merging first, so that cleanups
/// land after the last command of the merged layer).
pub fn registry() -> Vec<&'static dyn Transform> {
    vec![&MERGE_RUNS]
}

/// The transform with this id.
pub fn by_id(id: &str) -> Option<&'static dyn Transform> {
    registry().into_iter().find(|t| t.id() == id)
}
