//! `split-stages`: a single-stage build on a full language image becomes a builder stage
//! (the original base and build steps, untouched) and a runtime stage on a small image
//! that receives only what runs: the packages pip installed, the app directory with production
//! dependencies, a binary or a jar, plus the image's configuration replayed in order.
//!
//! The fix inserts text and never rewrites the original instructions: the builder is
//! the original up to its last build step, the runtime stage starts right after it, so
//! everything that followed the build (application files, CMD, ...) lands in the runtime.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::apt::apt_install_packages;
use super::common::{
    Invocation, WorkdirUnknown, glob, in_root_home, shell_quote, shell_run, stage_sets_env,
    workdir_between,
};
use super::entry::{
    command_line, command_words, context_files, context_files_where, entry_reading, programs_in,
    read_json,
};
use super::slim_base::{images, slim_lacks, smaller_tag};
use super::{Context, Meta, Transform};
use crate::fix::{Edit, Finding, Fix};
use crate::syntax::{Base, Document, Form, Instruction, Kind};

mod config;
mod go;
mod java;
mod node;
mod php;
mod plan;
mod python;
mod reads;
mod ruby;
mod rust;

use config::*;
use go::*;
use java::*;
use node::*;
use php::*;
use plan::*;
use python::*;
use reads::*;
use ruby::*;
use rust::*;

pub(crate) use reads::{Missing, reads_elsewhere};

pub struct SplitStages;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stacks {
    pub images: BTreeMap<String, Vec<String>>,
    pub distros: Vec<String>,
    pub old_distros: Vec<String>,
    pub implicit_distro_since: BTreeMap<String, String>,
    pub apt: Apt,
    pub replay: Replay,
    pub redirects: BTreeMap<String, Vec<String>>,
    pub go_runtimes: BTreeMap<String, String>,
    pub build_inputs: BTreeMap<String, Inputs>,
    pub python_base_packages: Vec<String>,
    pub python_upgrade_programs: Vec<String>,
    pub pip_short_with_value: Vec<String>,
    pub pip_long_options: Vec<String>,
    pub toolchains: BTreeMap<String, Toolchain>,
    pub runtime_toolchain: Vec<String>,
    pub app_code_suffixes: Vec<String>,
    pub java_packaging: JavaPackaging,
    pub toolchain_config: BTreeMap<String, ToolchainConfig>,
    pub node_globals: BTreeMap<String, Vec<String>>,
    pub node_global_steps: BTreeMap<String, GlobalStep>,
    pub node_global_folder: GlobalFolder,
    pub node_scripts: NodeScripts,
    pub node_config: NodeConfig,
    pub java_options: Vec<String>,
    pub runtime_restores: BTreeMap<String, Vec<String>>,
    pub linked: Linked,
    pub ruby: RubyData,
    pub php: PhpData,
}

/// Which Java builds pack a jar that is the whole app (stacks.toml's `[java_packaging]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JavaPackaging {
    pub fat: Vec<String>,
    pub beside: Vec<String>,
}

/// Where Node's install scripts download (see stacks.toml's `[node_scripts]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeScripts {
    pub cache: String,
    /// Words with which a build command or script installs system packages.
    pub system_installs: Vec<String>,
}

/// What moves where a Node build installs (see stacks.toml's `[node_config]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeConfig {
    pub keys: Vec<String>,
    pub files: Vec<String>,
    pub options: Vec<String>,
}

/// Where Ruby installs and the build options that install elsewhere (see stacks.toml).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubyData {
    pub gem_home: String,
    pub gem_outside: Vec<String>,
    pub bundle_folders: Vec<String>,
    pub config_files: Vec<String>,
    pub anywhere: Vec<String>,
}

/// What a PHP split leaves out and takes from the builder (see stacks.toml's `[php]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhpData {
    pub takes: Vec<String>,
    pub build_only: Vec<String>,
    pub early: Vec<String>,
    pub builder_writes: Vec<String>,
    pub image_env: BTreeMap<String, String>,
    pub composer_steps: Vec<String>,
    pub composer_sources: Vec<String>,
    pub left_out: Vec<String>,
    pub left_out_programs: BTreeMap<String, String>,
}

/// The steps that carry the libraries the build linked into the runtime (see
/// stacks.toml's `[linked]`): lines of one RUN each, joined with line continuations.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Linked {
    pub file: String,
    pub list: Vec<String>,
    pub install: Vec<String>,
}

/// How a Node program's step installs outside the app folder (see stacks.toml).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlobalStep {
    #[serde(default)]
    pub flags: Vec<String>,
    #[serde(default)]
    pub subcommands: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlobalFolder {
    pub options: Vec<String>,
}

/// A stack's toolchain (see stacks.toml).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toolchain {
    pub programs: Vec<String>,
    pub builds: Vec<BuildCommand>,
    /// Toolchain steps that change what is installed where the runtime does not take
    /// it from the builder (`pip uninstall`): a split would lose their change.
    #[serde(default)]
    pub changes: Vec<BuildCommand>,
}

/// A command that builds or installs for a stack.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildCommand {
    pub programs: Vec<String>,
    #[serde(default)]
    pub first: Vec<String>,
    #[serde(default)]
    pub words: Vec<String>,
    #[serde(default)]
    pub any: Vec<String>,
    /// The first word is there, is no option and is none of these (the program's own
    /// commands): Yarn and pnpm run the package.json script of any other name.
    #[serde(default)]
    pub not_first: Vec<String>,
}

impl BuildCommand {
    fn matches(&self, program: &str, words: &[&str]) -> bool {
        let first = words.first().copied().unwrap_or("");
        self.programs.iter().any(|p| glob(p, program))
            && (self.first.is_empty() || self.first.iter().any(|f| f == first))
            && (self.not_first.is_empty()
                || !first.is_empty()
                    && !first.starts_with('-')
                    && !self.not_first.iter().any(|f| f == first))
            && (self.words.len() <= words.len()
                && self.words.iter().zip(words).all(|(a, b)| glob(a, b)))
            && (self.any.is_empty() || words.iter().any(|w| self.any.iter().any(|a| a == w)))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inputs {
    pub files: Vec<String>,
    pub skip: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Apt {
    pub build_only: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replay {
    pub early: Vec<String>,
    pub copy_writes: Vec<String>,
    pub commands: Vec<String>,
    pub neutral: Vec<String>,
    pub builder_removes: Vec<String>,
    pub image_dirs: Vec<String>,
    pub image_owned: Vec<String>,
    pub empty_dirs: Vec<String>,
    pub stack: BTreeMap<String, Vec<String>>,
    pub image_same: BTreeMap<String, Vec<String>>,
    pub needs_existing: Vec<String>,
    pub packages: ReplayPackages,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplayPackages {
    pub stacks: Vec<String>,
    pub config: String,
}

data_file!(pub fn stacks() -> Stacks = "split-stages/stacks.toml");

/// Packages that load a library by name or run a program at run time
/// (`runtime-loads.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuntimeLoads {
    pub python: BTreeMap<String, String>,
    pub ruby: BTreeMap<String, String>,
    pub unless: BTreeMap<String, Vec<String>>,
}

data_file!(fn runtime_loads() -> RuntimeLoads = "split-stages/runtime-loads.toml");

/// Advice when the build context's manifests (requirements files, pyproject.toml,
/// Pipfile, setup.py and setup.cfg for Python; the Gemfile and its lock for Ruby) name
/// a package that loads a system library by name or runs a program at run time: the
/// runtime gets the libraries the installed code links, not those.
fn runtime_loads_check(ctx: &Context, stack: Stack) -> Sure<()> {
    let data = runtime_loads();
    let (table, files): (&BTreeMap<String, String>, &[&str]) = match stack {
        Stack::Python => (
            &data.python,
            &[
                "pyproject.toml",
                "Pipfile",
                "Pipfile.lock",
                "poetry.lock",
                "setup.py",
                "setup.cfg",
            ],
        ),
        Stack::Ruby => (&data.ruby, &["Gemfile", "Gemfile.lock"]),
        _ => return Ok(()),
    };
    // The manifests, and for Python every requirements file (requirements.txt,
    // requirements-prod.txt, requirements/base.txt, ...).
    let paths = context_files_where(ctx, |e| {
        let n = e.file_name().to_string_lossy();
        files.iter().any(|f| n == *f)
            || stack == Stack::Python
                && n.ends_with(".txt")
                && (n.starts_with("requirements")
                    || e.path()
                        .parent()
                        .is_some_and(|p| p.ends_with("requirements")))
    });
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let tokens: std::collections::BTreeSet<String> = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .map(|t| t.to_ascii_lowercase().replace('_', "-"))
            .collect();
        for (name, what) in table {
            let cancelled = data
                .unless
                .get(name)
                .is_some_and(|u| u.iter().any(|x| tokens.contains(x)));
            if tokens.contains(name) && !cancelled {
                let file = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                return unsure(format!(
                    "{file} names `{name}`, which needs {what} at run time: the runtime image may lack it"
                ));
            }
        }
    }
    Ok(())
}

/// Per Debian release, the shared libraries behind each `-dev` package (generated by
/// scripts/debian-dev-libs from Debian's Packages indexes).
pub type DevLibs = BTreeMap<String, BTreeMap<String, Vec<String>>>;

data_file!(pub fn dev_libs() -> DevLibs = "split-stages/dev-libs.toml");

const ID: &str = "split-stages";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stack {
    Python,
    Node,
    Go,
    Rust,
    Java,
    Ruby,
    Php,
}

impl Stack {
    fn key(self) -> &'static str {
        match self {
            Stack::Python => "python",
            Stack::Node => "node",
            Stack::Go => "go",
            Stack::Rust => "rust",
            Stack::Java => "java",
            Stack::Ruby => "ruby",
            Stack::Php => "php",
        }
    }
}

/// Why a split is not certain: the finding's advice.
struct Unsure(String);

type Sure<T> = Result<T, Unsure>;

fn unsure<T>(msg: impl Into<String>) -> Sure<T> {
    Err(Unsure(msg.into()))
}

/// A build command found in a RUN.
struct Build {
    /// Instruction index of the RUN.
    inst: usize,
}

/// What the runtime stage receives from the builder.
struct Artifact {
    /// `COPY --from=builder` source and destination.
    from: String,
    to: String,
}

impl Artifact {
    /// A path copied to the same path.
    fn same(path: &str) -> Artifact {
        Artifact {
            from: path.to_string(),
            to: path.to_string(),
        }
    }
}

/// The plan of a split, turned into edits at the end.
struct Plan {
    runtime_image: String,
    /// Instructions right after the runtime FROM (the toolchain image's Env and Labels).
    config: Vec<String>,
    builder: String,
    /// `AS builder` to add to the FROM, at this offset.
    alias_at: Option<usize>,
    /// Text inserted after instruction `.0` of the builder (where pip installs).
    builder_prefix: Option<(usize, String)>,
    /// Folders the builder makes after the build, so that the runtime's COPY of them
    /// finds one even where the build made none (Node's cache folder).
    builder_dirs: Vec<String>,
    /// Instructions replayed in the runtime, in order, before the artifact.
    replay: Vec<String>,
    /// The apt packages the runtime installs, each group at the place in `replay` where
    /// the original installed it (before `replay[i]`; at the end for `replay.len()`), so
    /// that a replayed step that changes a package's files runs after its install.
    packages: Vec<(usize, Vec<String>)>,
    /// The places of `packages` groups whose original install took recommended
    /// packages too (no `--no-install-recommends`): the runtime's install does as well.
    recommends_at: std::collections::BTreeSet<usize>,
    artifact: Artifact,
    /// Copied from the builder right before `artifact` (Ruby's GEM_HOME).
    also: Vec<Artifact>,
    /// Folders the runtime removes right before it copies `also` from the builder,
    /// where a step left in the builder removed files that the runtime's image has
    /// (PHP's `takes`): a COPY only adds.
    clear: Vec<String>,
    platform: Option<String>,
    /// The runtime leaves out (or swaps for a library) an apt package the builder has.
    drops_packages: bool,
    /// What the runtime takes from the builder that may link the full image's shared
    /// libraries (native extensions, add-ons, binaries): the builder lists their Debian
    /// packages after the build and the runtime installs those it lacks. Empty when the
    /// runtime is not Debian-based or the output is static.
    linked: Vec<String>,
}

impl Plan {
    /// Installs `pkg` with the runtime's last apt group, or in a group of its own after
    /// the replay when there is none (one apt run fewer).
    fn install_with_last(&mut self, pkg: &str) {
        match self.packages.last_mut() {
            Some((_, group)) => group.push(pkg.to_string()),
            None => self
                .packages
                .push((self.replay.len(), vec![pkg.to_string()])),
        }
    }
}

static SPLIT_STAGES_META: Meta = Meta::new(
    ID,
    "Single-stage builds on a full language image become a builder and a small runtime stage",
    "unsafe",
    include_str!("../../../transforms/split-stages/README.md"),
)
.options(check_split_stages_options)
.reads_context();

/// `[transform.split-stages]`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    /// The runtime of a Go binary: a key of `go_runtimes` in stacks.toml.
    go_runtime: Option<String>,
}

fn check_split_stages_options(options: &toml::Table) -> Result<(), String> {
    let o: Options = super::parse_options(options)?;
    match o.go_runtime {
        Some(r) if !stacks().go_runtimes.contains_key(&r) => {
            let names: Vec<&String> = stacks().go_runtimes.keys().collect();
            Err(format!("`go-runtime` must be one of {names:?}"))
        }
        _ => Ok(()),
    }
}

impl Transform for SplitStages {
    fn meta(&self) -> &Meta {
        &SPLIT_STAGES_META
    }

    fn run(&self, doc: &Document, ctx: &Context, out: &mut Vec<Finding>) {
        let Some(last) = doc.final_stage() else {
            return;
        };
        let from = &doc.instructions[doc.stages[last].from];
        let Some(stack) = stack_of(doc, from) else {
            return;
        };
        if doc.stages.len() > 1 {
            // Only where the final stage ships a toolchain that has no slim variant.
            if matches!(stack, Stack::Go | Stack::Rust | Stack::Java)
                && doc.stages[last].base == Base::Image
            {
                out.push(Finding::new(
                    ID,
                    from.keyword.clone(),
                    format!(
                        "already multi-stage, but the final stage ships the {} toolchain; copy the build output into a small runtime stage",
                        stack.key()
                    ),
                ));
            }
            return;
        }
        let builds = builds(doc, stack);
        let Some(last_build) = builds.last() else {
            return;
        };
        // On an image that is already slim or alpine a split gains little: it is only
        // proposed when certain and when it leaves build packages out, never as advice.
        let tag = from
            .from
            .as_ref()
            .and_then(|i| i.image.tag.clone())
            .map_or("", |t| &doc.text()[t]);
        if tag.contains("alpine") {
            return;
        }
        let slim = tag.split('-').any(|p| p == "slim");
        let f = Finding::new(ID, from.keyword.clone(), "");
        match plan(doc, ctx, stack, &builds) {
            Err(_) if slim => {}
            Err(Unsure(why)) => out.push(Finding {
                message: format!("single-stage {} build: not split, {why}", stack.key()),
                ..f
            }),
            // Already on the slim image: a split only pays when the runtime leaves out
            // build packages.
            Ok(p) if p.runtime_image == image_text(doc, from) && !p.drops_packages => {}
            Ok(p) => {
                let edits = edits(doc, &p, last_build.inst);
                let Some(edits) = edits else { return };
                out.push(
                    Finding {
                        message: format!(
                            "single-stage {} build ships its toolchain: build in `{}`, ship `{}` with only {}",
                            stack.key(),
                            p.builder,
                            p.runtime_image,
                            describe(stack)
                        ),
                        ..f
                    }
                    .with_fix(Fix::unsafe_(edits)),
                );
            }
        }
    }
}

fn describe(stack: Stack) -> &'static str {
    match stack {
        Stack::Python => "the installed packages and the app",
        Stack::Node => "the app and its node_modules",
        Stack::Go | Stack::Rust => "the binary",
        Stack::Java => "the jar",
        Stack::Ruby => "the installed gems and the app",
        Stack::Php => "the app with its vendor folder and the built extensions",
    }
}

/// The stack of a FROM's image, by its Docker Hub name.
fn stack_of(doc: &Document, from: &Instruction) -> Option<Stack> {
    let info = from.from.as_ref()?;
    let name = info.image.hub_name(doc.text());
    let s = stacks();
    let key = s
        .images
        .iter()
        .find(|(_, names)| names.iter().any(|n| n == name))?
        .0;
    Some(match key.as_str() {
        "python" => Stack::Python,
        "node" => Stack::Node,
        "go" => Stack::Go,
        "rust" => Stack::Rust,
        "ruby" => Stack::Ruby,
        "php" => Stack::Php,
        _ => Stack::Java,
    })
}

/// Whether an invocation builds or installs for the stack.
fn is_build(stack: Stack, inv: &Invocation<'_>) -> bool {
    matches_any(&stacks().toolchains[stack.key()].builds, inv)
}

/// Whether one of `commands` matches the invocation, its words read after the program's
/// options with values.
fn matches_any(commands: &[BuildCommand], inv: &Invocation<'_>) -> bool {
    let words: Vec<&str> = inv
        .positionals(&program_with_value(&inv.program))
        .iter()
        .map(|w| w.value.as_str())
        .collect();
    commands.iter().any(|b| b.matches(&inv.program, &words))
}

/// Every RUN with a build command, in order.
fn builds(doc: &Document, stack: Stack) -> Vec<Build> {
    let mut out = Vec::new();
    for inst in &doc.instructions {
        if inst.kind != Kind::Run {
            continue;
        }
        let Some(body) = shell_run(doc, inst) else {
            // Exec-form or unparsed: judged in `plan`.
            continue;
        };
        // A Node global install counts too: it stays in the builder, wherever it is,
        // and the runtime takes its folders (or the split is advice, see `node_global`).
        let builds = |c: &crate::syntax::shell::Command| {
            let inv = Invocation::of(c);
            is_build(stack, &inv)
                || stack == Stack::Node && node_global(&inv, inst).map_or(true, |g| g.is_some())
        };
        if body.commands.iter().any(builds) {
            out.push(Build { inst: inst.index });
        }
    }
    out
}

/// Every command of the build RUNs (those of shell form), with its RUN.
fn build_commands<'d>(
    doc: &'d Document,
    builds: &'d [Build],
) -> impl Iterator<Item = (&'d Instruction, &'d crate::syntax::shell::Command)> + 'd {
    builds
        .iter()
        .map(|b| &doc.instructions[b.inst])
        .filter_map(|inst| shell_run(doc, inst).map(|body| (inst, body)))
        .flat_map(|(inst, body)| body.commands.iter().map(move |c| (inst, c)))
}

/// The instruction's text without its line ending.
fn inst_text(doc: &Document, inst: &Instruction) -> String {
    let t = &doc.text()[inst.range.clone()];
    t.trim_end_matches(['\n', '\r']).to_string()
}

/// WORKDIR in effect before instruction `before` (absolute paths only; None for `/`).
fn workdir_at(doc: &Document, before: usize) -> Sure<Option<String>> {
    // A first relative WORKDIR is taken from `/`.
    match workdir_between(doc, 0, before, Some("")) {
        Ok(wd) => Ok(wd.filter(|w| !w.is_empty())),
        Err(WorkdirUnknown::Variable(line)) => {
            unsure(format!("WORKDIR at line {line} uses a variable"))
        }
        Err(WorkdirUnknown::Relative(line)) => {
            unsure(format!("WORKDIR at line {line} is relative"))
        }
    }
}

fn resolve(wd: Option<&str>, path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        let p = path.trim_start_matches("./");
        format!("{}/{}", wd.unwrap_or(""), p)
    }
}

/// The words of CMD and ENTRYPOINT (exec form, or shell form split on blanks).
fn entry_words(doc: &Document) -> Vec<String> {
    doc.instructions
        .iter()
        .filter(|i| matches!(i.kind, Kind::Cmd | Kind::Entrypoint))
        .flat_map(|i| command_words(doc, i))
        .collect()
}

fn has_entry(doc: &Document) -> bool {
    doc.instructions
        .iter()
        .any(|i| matches!(i.kind, Kind::Cmd | Kind::Entrypoint))
}

/// Programs of the stack's toolchain, whose steps only concern the builder.
fn build_tool(stack: Stack, program: &str) -> bool {
    stacks().toolchains[stack.key()]
        .programs
        .iter()
        .any(|p| p == program)
}

/// The options of a program that take a value (effects' programs.toml), so that
/// `pip --cache-dir /tmp/c uninstall x` is read as `uninstall`.
pub(super) fn program_with_value(program: &str) -> Vec<&'static str> {
    crate::effects::programs()
        .programs
        .get(program)
        .map(|s| s.with_value.iter().map(String::as_str).collect())
        .unwrap_or_default()
}

/// A toolchain step that changes what the interpreter has installed outside what the
/// runtime takes from the builder (`pip uninstall -y setuptools`): in the builder its
/// change would not reach the runtime.
fn toolchain_change(stack: Stack, inv: &Invocation<'_>) -> bool {
    matches_any(&stacks().toolchains[stack.key()].changes, inv)
}

/// Build commands whose output lands where the runtime stage would not find it, or
/// that run as another user.
fn check_build(stack: Stack, inv: &Invocation<'_>, inst: &Instruction) -> Sure<()> {
    // As with USER, the files it makes would be that user's (`gosu node npm ci`,
    // `sudo -u app composer install`).
    if inv.switches_user {
        return unsure(format!(
            "line {} runs the build as another user, so its files are that user's",
            inst.line
        ));
    }
    if stack == Stack::Python {
        let outside = [
            "--user",
            "--target",
            "-t",
            "--prefix",
            "--root",
            "-e",
            "--editable",
        ];
        // pip's own reading too: clusters (`-qt DIR`) and prefixes (`--ta DIR`).
        if inv.has_flag(&outside)
            || inv.program.starts_with("pip")
                && python::pip_options(inv)
                    .iter()
                    .any(|(o, _)| outside.contains(&o.as_str()))
        {
            return unsure(format!(
                "the pip install at line {} installs outside the interpreter's environment",
                inst.line
            ));
        }
        if matches!(inv.program.as_str(), "poetry")
            && !inv
                .command
                .assignments
                .iter()
                .any(|a| a.starts_with("POETRY_VIRTUALENVS_CREATE=false"))
        {
            return unsure(format!(
                "poetry at line {} may create its own virtualenv (set POETRY_VIRTUALENVS_CREATE=false)",
                inst.line
            ));
        }
        if inv.program == "pipenv" && !inv.has_flag(&["--system"]) {
            return unsure(format!(
                "pipenv at line {} installs into its own virtualenv (use --system)",
                inst.line
            ));
        }
    }
    Ok(())
}

/// A Node step that installs outside the app folder (`npm install -g`, `npm link`,
/// `yarn global add`, `pnpm add -g`, `corepack enable`): the folders the runtime takes
/// from the builder for it (stacks.toml's `node_globals`), None for an app-folder step,
/// unsure where the folder is not known.
fn node_global(inv: &Invocation<'_>, inst: &Instruction) -> Sure<Option<&'static [String]>> {
    let data = stacks();
    let Some(step) = data.node_global_steps.get(&inv.program) else {
        return Ok(None);
    };
    let first = inv.positionals(&[]).first().map(|w| w.value.as_str());
    let global =
        inv.has_flag(&step.flags) || first.is_some_and(|f| step.subcommands.iter().any(|s| s == f));
    if !global {
        return Ok(None);
    }
    if inv.has_flag(&data.node_global_folder.options) {
        return unsure(format!(
            "line {} installs global packages into a folder an option names",
            inst.line
        ));
    }
    match data.node_globals.get(&inv.program) {
        Some(dirs) => Ok(Some(dirs.as_slice())),
        None => unsure(format!(
            "line {} installs with `{}` outside the app directory, where the runtime would not find it",
            inst.line, inv.program
        )),
    }
}

/// The libraries behind a `-dev` package when the tag names no release: the original
/// installs apt packages, so it only builds on a release whose packages apt still finds,
/// one of `distros` (the older ones are archived); when the libraries have the same
/// names in all of them, they are certain.
fn same_in_live_releases(name: &str) -> Option<Vec<String>> {
    let mut found: Option<&Vec<String>> = None;
    for r in &stacks().distros {
        let libs = dev_libs().get(r)?.get(name)?;
        if found.is_some_and(|f| f != libs) {
            return None;
        }
        found = Some(libs);
    }
    found.cloned()
}

/// The packages the runtime needs of those the builder installed: build-only ones left
/// out, a `-dev` package replaced by its shared libraries in `release` (the runtime
/// image's Debian release, None when the tag names none).
fn runtime_packages(pkgs: &[String], release: Option<&str>, stack: Stack) -> Sure<Vec<String>> {
    let apt = &stacks().apt;
    let php_only = &stacks().php.build_only;
    let mut out: Vec<String> = Vec::new();
    for p in pkgs {
        let name = p.split(['=', ':']).next().unwrap_or(p);
        if name.contains('$') || name.contains('*') {
            return unsure(format!("the apt package `{p}` is not a plain name"));
        }
        if apt.build_only.iter().any(|b| b == name)
            || stack == Stack::Php && php_only.iter().any(|b| b == name)
        {
            continue;
        }
        let add = if name.ends_with("-dev") || name.contains("-dev-") {
            let libs = match release {
                Some(r) => dev_libs().get(r).and_then(|m| m.get(name)).cloned(),
                None => same_in_live_releases(name),
            };
            match libs {
                Some(libs) => libs,
                None => {
                    return unsure(match release {
                        Some(r) => {
                            format!("the runtime library behind `{name}` in {r} is not known")
                        }
                        None => format!(
                            "the tag names no Debian release, and the runtime library behind `{name}` differs between releases or is not known; name the release in the tag"
                        ),
                    });
                }
            }
        } else {
            vec![p.clone()]
        };
        for a in add {
            if !out.contains(&a) {
                out.push(a);
            }
        }
    }
    Ok(out)
}

/// The image of a FROM as written.
fn image_text(doc: &Document, from: &Instruction) -> String {
    from.from.as_ref().map_or_else(String::new, |i| {
        doc.text()[i.image.range.clone()].to_string()
    })
}

/// The runtime tag of a python or node image: its slim variant, or the tag itself when
/// it already is one.
fn runtime_tag(name: &str, tag: &str) -> Sure<String> {
    if tag.split('-').any(|p| p == "slim") {
        return Ok(tag.to_string());
    }
    slim_tag(name, tag)
}

fn slim_tag(name: &str, tag: &str) -> Sure<String> {
    let family = images()
        .families
        .iter()
        .find(|f| f.names.iter().any(|n| n == name));
    match family.and_then(|f| smaller_tag(tag, f, false)) {
        Some(t) => Ok(t),
        None => unsure(format!(
            "`{name}:{tag}` has no slim variant dockerlean knows"
        )),
    }
}

/// The Debian release a tag names (`3.11-bookworm`, `20-bullseye-slim`), if any.
fn named_release(tag: &str) -> Option<String> {
    let data = stacks();
    data.distros
        .iter()
        .chain(&data.old_distros)
        .find(|d| tag.split('-').any(|p| p == d.as_str()))
        .cloned()
}

/// The Debian release of a golang or rust tag; the newest when the tag names none and
/// its version is recent enough for that to be certain.
fn debian_of(name: &str, tag: &str) -> Sure<String> {
    let data = stacks();
    if let Some(d) = named_release(tag) {
        return Ok(d);
    }
    if tag.contains("alpine") || tag.contains("windows") || tag.contains("nanoserver") {
        return unsure(format!("`{name}:{tag}` is not Debian-based"));
    }
    let version = tag.split('-').next().unwrap_or("");
    let since = data
        .implicit_distro_since
        .get(name)
        .map_or("0", String::as_str);
    if version.is_empty() || version == "latest" || version_at_least(version, since) {
        return Ok(data.distros[0].clone());
    }
    unsure(format!(
        "`{name}:{tag}` does not name its Debian release; name it (e.g. `{name}:{version}-bookworm`) so the runtime can match its C library"
    ))
}

fn version_at_least(v: &str, min: &str) -> bool {
    let parse = |s: &str| -> Vec<u32> { s.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
    let (a, b) = (parse(v), parse(min));
    if v.split('.').any(|p| p.parse::<u32>().is_err()) {
        return false;
    }
    a >= b
}

/// The one build command of the last build RUN, with that RUN.
fn last_build_command<'d>(
    doc: &'d Document,
    builds: &[Build],
    stack: Stack,
    tool: &str,
) -> Sure<(&'d Instruction, Invocation<'d>)> {
    let inst = &doc.instructions[builds[builds.len() - 1].inst];
    let body = shell_run(doc, inst).expect("a build RUN parsed");
    let mut cmds = body
        .commands
        .iter()
        .map(Invocation::of)
        .filter(|i| is_build(stack, i));
    match (cmds.next(), cmds.next()) {
        (Some(inv), None) => Ok((inst, inv)),
        _ => unsure(format!("line {} runs several {tool} builds", inst.line)),
    }
}

/// The Go or Rust build context holds only what the build reads, so the binary alone is
/// the app.
fn inputs_only(ctx: &Context, stack: Stack) -> Sure<()> {
    let Some(dir) = ctx.build_context.as_deref() else {
        return unsure(
            "the build context is not known, so files the app reads at run time cannot be ruled out",
        );
    };
    let inputs = &stacks().build_inputs[stack.key()];
    let mut other = Vec::new();
    let mut stack_dirs = vec![dir.to_path_buf()];
    // A bound on the walk: a context this large is not read whole to decide.
    let mut budget = 20_000usize;
    while let Some(d) = stack_dirs.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            return unsure("the build context cannot be read");
        };
        for e in rd.flatten() {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                return unsure("the build context is too large to check for run-time files");
            }
            let name = e.file_name().to_string_lossy().into_owned();
            if crate::emit::write::is_temporary(&name) {
                continue;
            }
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
                if !inputs.skip.contains(&name) {
                    stack_dirs.push(e.path());
                }
            } else if !inputs.files.iter().any(|a| glob(a, &name)) {
                let rel = e.path();
                let rel = rel.strip_prefix(dir).unwrap_or(&rel);
                other.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    if other.is_empty() {
        return Ok(());
    }
    other.sort();
    other.truncate(3);
    unsure(format!(
        "the build context holds files the app may read at run time ({}); copy them into the runtime stage by hand",
        other.join(", ")
    ))
}

/// A program the PHP entry runs that the runtime leaves out (Composer, or one of the
/// apt packages `dropped`), or an entry script that cannot be read.
fn php_entry_lacks(doc: &Document, ctx: &Context, dropped: &[String]) -> Sure<()> {
    entry_blocker(doc, ctx, &|p| php_lacks(p, dropped), "leaves out")
}

/// A program the entry runs (see [`entry_reading`]) that the slim images lack (`curl` in
/// `CMD curl -fsS $URL -o conf && node server.js`), unless the runtime installs its
/// package; or an entry script that cannot be read, which may run anything.
fn entry_lacks(doc: &Document, ctx: &Context, image: &str, packages: &[String]) -> Sure<()> {
    let missing = |p: &str| {
        slim_lacks(image, p)
            .filter(|pkg| !packages.iter().any(|q| q == pkg))
            .is_some()
    };
    entry_blocker(doc, ctx, &missing, "image lacks")
}

/// What [`entry_reading`] finds the entry runs that `missing` says the runtime lacks
/// (", which the runtime {how}"), or an entry script it cannot read.
fn entry_blocker(
    doc: &Document,
    ctx: &Context,
    missing: &dyn Fn(&str) -> bool,
    how: &str,
) -> Sure<()> {
    match entry_reading(doc, ctx, missing).blocker(&|_| format!(", which the runtime {how}")) {
        Some(why) => unsure(why),
        None => Ok(()),
    }
}
