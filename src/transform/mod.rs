//! Transforms: each reads a [`Document`] and proposes [`Finding`]s with fixes. They run
//! as ordered passes (see [`registry`]); each is one file here and one folder under
//! `transforms/<id>/` (README, data, fixture cases).

mod apt;
mod archive_cleanup;
mod cache;
mod cache_order;
pub mod common;
mod dev_purge;
mod dockerignore;
mod entry;
mod fold_cleanup;
mod merge_runs;
mod slim_base;
mod split_stages;
mod unread_run;

pub use apt::{AptData, AptLists, AptNoRecommends, apt_data};
pub use archive_cleanup::{ArchiveCleanup, ArchiveData, archive_data};
pub use cache::{Recipe, RecipeTransform, Rule};
pub use cache_order::{CacheOrder, Projects, projects};
pub use dev_purge::{DevPurge, PurgeData, purge_data};
pub use dockerignore::{Dockerignore, Options as DockerignoreOptions};
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
    /// Its `[transform.<id>]` options (config file and command line), already checked
    /// by its [`Meta::check_options`]; read them typed with [`Context::options`].
    pub options: toml::Table,
    /// The build context directory, when the Dockerfile comes from a file.
    pub build_context: Option<std::sync::Arc<std::path::Path>>,
    /// `--cache-mounts` (`cache = "mount"`): keep caches in build cache mounts instead
    /// of deleting them.
    pub cache_mounts: bool,
}

impl Context {
    /// The options as the transform's typed options (defaults where unset).
    pub fn options<T: serde::de::DeserializeOwned + Default>(&self) -> T {
        if self.options.is_empty() {
            return T::default();
        }
        parse_options(&self.options).unwrap_or_default()
    }
}

/// A transform's options read into their typed form (unknown keys are errors).
pub fn parse_options<T: serde::de::DeserializeOwned>(t: &toml::Table) -> Result<T, String> {
    // serde names keys "fields"; the config speaks of keys.
    T::deserialize(toml::Value::Table(t.clone()))
        .map_err(|e| e.message().replace("unknown field", "unknown key"))
}

/// `check_options` for a transform whose options are `T`.
pub fn check_typed<T: serde::de::DeserializeOwned>(t: &toml::Table) -> Result<(), String> {
    parse_options::<T>(t).map(|_: T| ())
}

/// Options of a transform that takes none.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct NoOptions {}

/// What a transform is, as one static value: what `dockerlean transforms` lists,
/// `explain` prints, the config checks and the engine asks.
#[derive(Debug)]
pub struct Meta {
    /// The id used in the CLI, config, suppressions, JSON and `transforms/<id>/`.
    pub id: &'static str,
    /// One line for `dockerlean transforms`.
    pub summary: std::borrow::Cow<'static, str>,
    /// The grades its fixes can have, for the `transforms` table.
    pub grades: &'static str,
    /// Whether it runs when not selected explicitly.
    pub default_on: bool,
    /// hadolint rule ids whose `# hadolint ignore=` also suppresses it.
    pub hadolint: &'static [&'static str],
    /// The long documentation shown by `dockerlean explain ID` (its README).
    pub docs: &'static str,
    /// Reads only the instruction it edits (and the stage layout), so it may run on a
    /// file with instructions the model does not read (see [`Document::allows`]).
    pub local: bool,
    /// Checks its `[transform.<id>]` options; an error names the bad key or value.
    pub check_options: fn(&toml::Table) -> Result<(), String>,
    /// It reads the build context (the directory the image is built from), which the
    /// pipeline's input then carries ([`crate::Pipeline::build_context`]).
    pub reads_context: bool,
}

impl Meta {
    pub const fn new(
        id: &'static str,
        summary: &'static str,
        grades: &'static str,
        docs: &'static str,
    ) -> Meta {
        Meta {
            id,
            summary: std::borrow::Cow::Borrowed(summary),
            grades,
            default_on: true,
            hadolint: &[],
            docs,
            local: false,
            check_options: check_typed::<NoOptions>,
            reads_context: false,
        }
    }

    pub const fn reads_context(mut self) -> Meta {
        self.reads_context = true;
        self
    }

    pub const fn hadolint(mut self, ids: &'static [&'static str]) -> Meta {
        self.hadolint = ids;
        self
    }

    pub const fn local(mut self) -> Meta {
        self.local = true;
        self
    }

    pub const fn options(mut self, check: fn(&toml::Table) -> Result<(), String>) -> Meta {
        self.check_options = check;
        self
    }
}

/// A rewrite of Dockerfiles: its metadata and what it proposes.
pub trait Transform: Sync {
    fn meta(&self) -> &Meta;
    /// Proposes findings for `doc`. Must not assume any other transform ran.
    fn run(&self, doc: &Document, ctx: &Context, out: &mut Vec<Finding>);
}

/// Shorthands for the metadata.
impl dyn Transform + '_ {
    pub fn id(&self) -> &'static str {
        self.meta().id
    }
    pub fn summary(&self) -> &str {
        &self.meta().summary
    }
    pub fn grades(&self) -> &'static str {
        self.meta().grades
    }
    pub fn default_on(&self) -> bool {
        self.meta().default_on
    }
    pub fn explain(&self) -> &'static str {
        self.meta().docs
    }
    pub fn hadolint(&self) -> &'static [&'static str] {
        self.meta().hadolint
    }
    pub fn local(&self) -> bool {
        self.meta().local
    }
    pub fn check_options(&self, options: &toml::Table) -> Result<(), String> {
        (self.meta().check_options)(options)
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
static CACHE_ORDER: CacheOrder = CacheOrder;
static FOLD_CLEANUP: FoldCleanup = FoldCleanup;
static APT_LISTS: AptLists = AptLists;
static APT_NO_RECOMMENDS: AptNoRecommends = AptNoRecommends;
static ARCHIVE_CLEANUP: ArchiveCleanup = ArchiveCleanup;
static SLIM_BASE: SlimBase = SlimBase;
static DOCKERIGNORE: Dockerignore = Dockerignore;
static UNREAD_RUN: UnreadRun = UnreadRun;
static DEV_PURGE: DevPurge = DevPurge;
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
        // Before the merges: an install it moves ahead of the sources may then merge.
        &CACHE_ORDER,
        &FOLD_CLEANUP,
        &MERGE_RUNS,
        &APT_LISTS,
        &APK_NO_CACHE,
        &RPM_CACHE,
        &PIP_NO_CACHE,
        &NPM_CACHE,
        &LANG_CACHE,
        &ARCHIVE_CLEANUP,
        // After the merges (an install and the build in two RUNs become one) and the
        // list cleanup, which its purge does not need.
        &DEV_PURGE,
        &APT_NO_RECOMMENDS,
        &SLIM_BASE,
        &DOCKERIGNORE,
        &UNREAD_RUN,
    ]
}

/// The transform that works on build contexts rather than Dockerfiles (it writes
/// `.dockerignore`): the command line plans it after the Dockerfiles are done.
pub fn context_transform() -> &'static dyn Transform {
    &DOCKERIGNORE
}

/// The transform with this id.
pub fn by_id(id: &str) -> Option<&'static dyn Transform> {
    registry().into_iter().find(|t| t.id() == id)
}
