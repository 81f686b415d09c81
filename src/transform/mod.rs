//! Transforms: each reads a [`Document`] and proposes [`Finding`]s with fixes. They run
//! as ordered passes (see [`registry`]); each is one file here and one folder under
//! `transforms/<id>/` (README, data, fixture cases).

mod apt;
mod archive_cleanup;
mod cache;
pub mod common;
mod dockerignore;
mod fold_cleanup;
mod merge_runs;
mod slim_base;
mod split_stages;
mod unread_run;

pub use apt::{AptData, AptLists, AptNoRecommends, apt_data};
pub use archive_cleanup::{ArchiveCleanup, ArchiveData, archive_data};
pub use cache::{Recipe, RecipeTransform, Rule};
pub use dockerignore::Dockerignore;
pub use fold_cleanup::{FoldCleanup, FoldData, fold_data};
pub use merge_runs::MergeRuns;
pub use slim_base::{Images, SlimBase, images, smaller_tag};
pub use split_stages::{SplitStages, Stacks, stacks};
pub use unread_run::UnreadRun;

use crate::fix::Finding;
use crate::syntax::Document;

/// What a transform is told besides the document.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Its `[transform.<id>]` options (config file and command line).
    pub options: toml::Table,
    /// The build context directory, when the Dockerfile comes from a file.
    pub build_context: Option<std::sync::Arc<std::path::Path>>,
}

impl Context {
    /// A string option.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.options.get(key).and_then(|v| v.as_str())
    }
}

/// A rewrite of Dockerfiles.
pub trait Transform: Sync {
    /// The id used in the CLI, config, suppressions, JSON and `transforms/<id>/`.
    fn id(&self) -> &'static str;
    /// One line for `dockerlean transforms`.
    fn summary(&self) -> &str;
    /// Whether it runs when not selected explicitly.
    fn default_on(&self) -> bool {
        true
    }
    /// The grades its fixes can have, for the `transforms` table.
    fn grades(&self) -> &'static str;
    /// The long documentation shown by `dockerlean explain ID` (its README).
    fn explain(&self) -> &'static str;
    /// hadolint rule ids whose `# hadolint ignore=` also suppresses this transform.
    fn hadolint(&self) -> &'static [&'static str] {
        &[]
    }
    /// Reads only the instruction it edits (and the stage layout), so it may run on a file
    /// with instructions the model does not read (see [`Document::allows`]).
    fn local(&self) -> bool {
        false
    }
    /// Proposes findings for `doc`. Must not assume any other transform ran.
    fn run(&self, doc: &Document, ctx: &Context, out: &mut Vec<Finding>);
    /// Checks this transform's options; an error names the bad key or value.
    fn check_options(&self, options: &toml::Table) -> Result<(), String> {
        match options.keys().next() {
            Some(k) => Err(format!("unknown key `{k}`")),
            None => Ok(()),
        }
    }
}

macro_rules! recipe {
    ($name:ident, $id:literal, [$($dl:literal),*]) => {
        static $name: RecipeTransform = RecipeTransform::new(
            $id,
            include_str!(concat!("../../transforms/", $id, "/recipe.toml")),
            include_str!(concat!("../../transforms/", $id, "/README.md")),
            &[$($dl),*],
        );
    };
}

static MERGE_RUNS: MergeRuns = MergeRuns;
static SPLIT_STAGES: SplitStages = SplitStages;
static FOLD_CLEANUP: FoldCleanup = FoldCleanup;
static APT_LISTS: AptLists = AptLists;
static APT_NO_RECOMMENDS: AptNoRecommends = AptNoRecommends;
static ARCHIVE_CLEANUP: ArchiveCleanup = ArchiveCleanup;
static SLIM_BASE: SlimBase = SlimBase;
static DOCKERIGNORE: Dockerignore = Dockerignore;
static UNREAD_RUN: UnreadRun = UnreadRun;
recipe!(APK_NO_CACHE, "apk-no-cache", ["DL3019"]);
recipe!(RPM_CACHE, "rpm-cache", ["DL3032", "DL3036", "DL3040"]);
recipe!(PIP_NO_CACHE, "pip-no-cache", ["DL3042"]);
recipe!(NPM_CACHE, "npm-cache", ["DL3060"]);
recipe!(LANG_CACHE, "lang-cache", []);

/// Every transform, in the order their passes run: separate cleanup layers are folded
/// into the RUN that created the files first (merging would otherwise glue them to the
/// RUNs after them), then RUNs merge (so cleanups land after the last command of the
/// merged layer), then the per-manager cleanups, then the unsafe package-set and base-image changes.
pub fn registry() -> Vec<&'static dyn Transform> {
    vec![
        // First: the stages it makes are what the cleanups and slim-base then see.
        &SPLIT_STAGES,
        &FOLD_CLEANUP,
        &MERGE_RUNS,
        &APT_LISTS,
        &APK_NO_CACHE,
        &RPM_CACHE,
        &PIP_NO_CACHE,
        &NPM_CACHE,
        &LANG_CACHE,
        &ARCHIVE_CLEANUP,
        &APT_NO_RECOMMENDS,
        &SLIM_BASE,
        &DOCKERIGNORE,
        &UNREAD_RUN,
    ]
}

/// The transform with this id.
pub fn by_id(id: &str) -> Option<&'static dyn Transform> {
    registry().into_iter().find(|t| t.id() == id)
}
