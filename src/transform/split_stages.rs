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
use super::common::{Invocation, append_to_run, glob, shell_run};
use super::slim_base::{images, smaller_tag};
use super::{Context, Meta, Transform};
use crate::fix::{Edit, Finding, Fix};
use crate::syntax::{Base, Document, Form, Instruction, Kind, ShellBody};

pub struct SplitStages;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stacks {
    pub images: BTreeMap<String, Vec<String>>,
    pub distros: Vec<String>,
    pub implicit_distro_since: BTreeMap<String, String>,
    pub apt: Apt,
    pub replay: Replay,
    pub redirects: BTreeMap<String, Vec<String>>,
    pub go_runtimes: BTreeMap<String, String>,
    pub build_inputs: BTreeMap<String, Inputs>,
    pub python_base_packages: Vec<String>,
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
    pub runtime_libs: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replay {
    pub commands: Vec<String>,
    pub neutral: Vec<String>,
    pub stack: BTreeMap<String, Vec<String>>,
}

data_file!(pub fn stacks() -> Stacks = "split-stages/stacks.toml");

const ID: &str = "split-stages";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stack {
    Python,
    Node,
    Go,
    Rust,
    Java,
}

impl Stack {
    fn key(self) -> &'static str {
        match self {
            Stack::Python => "python",
            Stack::Node => "node",
            Stack::Go => "go",
            Stack::Rust => "rust",
            Stack::Java => "java",
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
    /// Instructions written after the copy (PATH for a binary off the PATH).
    after: Vec<String>,
}

/// The plan of a split, turned into edits at the end.
struct Plan {
    runtime_image: String,
    builder: String,
    /// `AS builder` to add to the FROM, at this offset.
    alias_at: Option<usize>,
    /// Text inserted after instruction `.0` of the builder (where pip installs).
    builder_prefix: Option<(usize, String)>,
    /// A command appended to the last build RUN (pruning dev dependencies).
    builder_suffix: Option<String>,
    /// Instructions replayed in the runtime, in order, before the artifact.
    replay: Vec<String>,
    packages: Vec<String>,
    artifact: Artifact,
    platform: Option<String>,
    /// The runtime leaves out (or swaps for a library) an apt package the builder has.
    drops_packages: bool,
}

static SPLIT_STAGES_META: Meta = Meta::new(
    ID,
    "Single-stage builds on a full language image become a builder and a small runtime stage",
    "unsafe",
    include_str!("../../transforms/split-stages/README.md"),
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
        Stack::Node => "the app and its production dependencies",
        Stack::Go | Stack::Rust => "the binary",
        Stack::Java => "the jar",
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
        _ => Stack::Java,
    })
}

/// Whether an invocation builds or installs for the stack.
fn is_build(stack: Stack, inv: &Invocation<'_>) -> bool {
    let pos: Vec<&str> = inv
        .positionals(&[])
        .iter()
        .map(|w| w.value.as_str())
        .collect();
    let first = pos.first().copied().unwrap_or("");
    let p = inv.program.as_str();
    match stack {
        Stack::Python => match p {
            "pip" | "pip3" => first == "install",
            "poetry" | "pipenv" => first == "install",
            "uv" => pos.starts_with(&["pip", "install"]),
            _ => glob("pip3.*", p) && first == "install",
        },
        Stack::Node => match p {
            "npm" => matches!(first, "install" | "i" | "ci" | "run" | "run-script"),
            "yarn" => matches!(first, "" | "install" | "build" | "run"),
            "pnpm" => matches!(first, "install" | "i" | "build" | "run"),
            _ => false,
        },
        Stack::Go => p == "go" && matches!(first, "build" | "install"),
        Stack::Rust => p == "cargo" && matches!(first, "build" | "install"),
        Stack::Java => {
            matches!(p, "mvn" | "mvnw" | "gradle" | "gradlew")
                && pos.iter().any(|w| {
                    matches!(
                        *w,
                        "package" | "install" | "verify" | "build" | "assemble" | "jar" | "bootJar"
                    )
                })
        }
    }
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
        if body
            .commands
            .iter()
            .any(|c| is_build(stack, &Invocation::of(c)))
        {
            out.push(Build { inst: inst.index });
        }
    }
    out
}

/// The instruction's text without its line ending.
fn inst_text(doc: &Document, inst: &Instruction) -> String {
    let t = &doc.text()[inst.range.clone()];
    t.trim_end_matches(['\n', '\r']).to_string()
}

/// WORKDIR in effect before instruction `before` (absolute paths only; None for `/`).
fn workdir_at(doc: &Document, before: usize) -> Sure<Option<String>> {
    let mut wd: Option<String> = None;
    for inst in &doc.instructions[..before] {
        if inst.kind != Kind::Workdir {
            continue;
        }
        let Some(w) = inst.args.first() else { continue };
        let v = w.value.trim_matches('"');
        if v.contains('$') {
            return unsure(format!("WORKDIR at line {} uses a variable", inst.line));
        }
        wd = Some(if v.starts_with('/') {
            v.trim_end_matches('/').to_string()
        } else {
            format!("{}/{}", wd.unwrap_or_default(), v.trim_end_matches('/'))
        });
    }
    Ok(wd.filter(|w| !w.is_empty()))
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
    let mut out = Vec::new();
    for inst in &doc.instructions {
        if !matches!(inst.kind, Kind::Cmd | Kind::Entrypoint) {
            continue;
        }
        match &inst.form {
            Form::Exec { args, .. } => out.extend(args.iter().cloned()),
            Form::Shell { range } => out.extend(
                doc.text()[range.clone()]
                    .split_whitespace()
                    .map(str::to_string),
            ),
            Form::None => {}
        }
    }
    out
}

fn has_entry(doc: &Document) -> bool {
    doc.instructions
        .iter()
        .any(|i| matches!(i.kind, Kind::Cmd | Kind::Entrypoint))
}

fn plan(doc: &Document, ctx: &Context, stack: Stack, builds: &[Build]) -> Sure<Plan> {
    let data = stacks();
    let from = &doc.instructions[doc.stages[0].from];
    let info = from.from.as_ref().expect("a FROM has its image");
    let text = doc.text();
    if info.image.has_variable {
        return unsure("the base image is given by a variable");
    }
    if info.image.digest.is_some() {
        return unsure("the base image is pinned by digest, so no runtime tag is certain");
    }
    if doc.escape() != b'\\' || !doc.stages[0].posix_shell {
        return unsure("the stage does not use a POSIX shell");
    }
    let last_build = builds[builds.len() - 1].inst;
    let tag = info.image.tag.as_ref().map_or("", |t| &text[t.clone()]);
    let name = info.image.hub_name(text);

    let mut replay: Vec<String> = Vec::new();
    let mut packages: Vec<String> = Vec::new();
    if let Some(vars) = data.redirects.get(stack.key()) {
        let upto = doc.instructions[last_build].range.end;
        let before_text = &text[..upto];
        if let Some(v) = vars.iter().find(|v| before_text.contains(v.as_str())) {
            return unsure(format!("{v} moves where the build installs"));
        }
    }
    let neutral =
        |c: &crate::syntax::shell::Command| data.replay.neutral.iter().any(|r| r == c.program());
    // A program every runtime image of this stack has.
    let in_runtime = |p: &str| {
        data.replay.commands.iter().any(|r| r == p)
            || data
                .replay
                .stack
                .get(stack.key())
                .is_some_and(|l| l.iter().any(|r| r == p))
    };
    let replayable = |c: &crate::syntax::shell::Command| neutral(c) || in_runtime(c.program());
    for inst in &doc.instructions {
        if inst.index == from.index {
            continue;
        }
        if inst.onbuild.is_some() || inst.kind == Kind::Onbuild {
            return unsure(format!("line {} has an ONBUILD trigger", inst.line));
        }
        let before = inst.index <= last_build;
        match inst.kind {
            Kind::Run => {
                if inst.flags.iter().any(|f| f.name == "mount") && !before {
                    return unsure(format!(
                        "the RUN at line {} mounts from the build",
                        inst.line
                    ));
                }
                if let Form::Exec { args, .. } = &inst.form {
                    // Exec form: one program, replayed when the runtime has it.
                    let prog = args
                        .first()
                        .map_or("", |a| a.rsplit('/').next().unwrap_or(a));
                    if !in_runtime(prog) || inst.flags.iter().any(|f| f.name == "mount") {
                        return unsure(format!(
                            "line {} runs `{prog}` where the runtime may lack it",
                            inst.line
                        ));
                    }
                    if before {
                        replay.push(inst_text(doc, inst));
                    }
                    continue;
                }
                let Some(body) = shell_run(doc, inst) else {
                    return unsure(format!(
                        "the RUN at line {} is not a shell command dockerlean can read",
                        inst.line
                    ));
                };
                if !before {
                    if let Some(c) = body.commands.iter().find(|c| !replayable(c)) {
                        return unsure(format!(
                            "line {} runs `{}` after the build; the runtime image may lack it",
                            inst.line,
                            c.program()
                        ));
                    }
                    continue;
                }
                // A RUN before the build is replayed verbatim when all it runs exists
                // in the runtime, left in the builder when it only builds, and refused
                // when it mixes the two (its text is never rebuilt from words).
                let mut runtime_steps: Vec<&str> = Vec::new();
                let mut builder_steps = false;
                let effects = doc.effects(inst.index).unwrap_or_default();
                for (c, e) in body.commands.iter().zip(effects) {
                    let inv = Invocation::of(c);
                    if is_build(stack, &inv) {
                        check_build(stack, &inv, inst)?;
                        builder_steps = true;
                        continue;
                    }
                    if let Some(pkgs) = apt_install_packages(&inv) {
                        packages.extend(pkgs.iter().map(|w| w.value.clone()));
                        builder_steps = true;
                        continue;
                    }
                    if build_tool(stack, &inv.program)
                        || matches!(e.manager.as_deref(), Some("apt" | "dpkg"))
                    {
                        // Toolchain steps (`go mod download`, `pip install --upgrade pip`,
                        // `apt-get update`) only matter to the builder.
                        builder_steps = true;
                        continue;
                    }
                    if neutral(c) || c.program() == "rm" {
                        continue;
                    }
                    // Python's files are copied again in order, so any replayable step
                    // can follow them; the other stacks copy the app from the builder
                    // after the replay, so only user and folder creation can precede it.
                    let early = if stack == Stack::Python {
                        replayable(c)
                    } else {
                        matches!(
                            c.program(),
                            "useradd" | "groupadd" | "adduser" | "addgroup" | "mkdir"
                        )
                    };
                    if !early {
                        return unsure(format!(
                            "line {} runs `{}` before the build; the runtime may need what it makes",
                            inst.line,
                            c.program()
                        ));
                    }
                    runtime_steps.push(c.program());
                }
                match (runtime_steps.first(), builder_steps) {
                    (Some(p), true) => {
                        return unsure(format!(
                            "the RUN at line {} mixes build steps with `{p}`, which the runtime needs too; split it into two RUNs",
                            inst.line
                        ));
                    }
                    (Some(_), false) => replay.push(inst_text(doc, inst)),
                    (None, _) => {}
                }
            }
            Kind::Copy | Kind::Add => {
                if inst.copy_from().is_some() {
                    return unsure(format!("line {} copies from another image", inst.line));
                }
                if before
                    && inst
                        .flags
                        .iter()
                        .any(|f| f.name == "chown" || f.name == "chmod")
                {
                    return unsure(format!(
                        "line {} sets ownership of files the build uses",
                        inst.line
                    ));
                }
                // Python's app files live outside the installed packages: copied again. The
                // other stacks take their files from the builder.
                if before && stack == Stack::Python {
                    replay.push(inst_text(doc, inst));
                }
            }
            Kind::User if before => {
                let u = inst.args.first().map_or("", |w| w.value.as_str());
                if !matches!(u, "root" | "0" | "0:0") {
                    return unsure(format!(
                        "the build runs as user `{u}` (line {}), so its files are that user's",
                        inst.line
                    ));
                }
                replay.push(inst_text(doc, inst));
            }
            Kind::Healthcheck => {
                let t = &text[inst.range.clone()];
                for tool in ["curl", "wget"] {
                    if t.contains(tool) && !packages.iter().any(|p| p == tool) {
                        return unsure(format!(
                            "the HEALTHCHECK at line {} uses {tool}, which the runtime image lacks",
                            inst.line
                        ));
                    }
                }
                if before {
                    replay.push(inst_text(doc, inst));
                }
            }
            _ if before => replay.push(inst_text(doc, inst)),
            _ => {}
        }
    }

    let runtime_pkgs = runtime_packages(&packages)?;
    let drops_packages = runtime_pkgs != packages;
    let wd = workdir_at(doc, last_build)?;
    let builder = info
        .alias
        .as_ref()
        .map_or_else(|| "builder".to_string(), |(a, _)| a.clone());
    let alias_at = info.alias.is_none().then_some(info.image.range.end);
    let platform = from
        .flag("platform")
        .and_then(|f| f.value.clone())
        .map(|v| format!("--platform={v} "));
    let mut p = Plan {
        runtime_image: String::new(),
        builder,
        alias_at,
        builder_prefix: None,
        builder_suffix: None,
        replay,
        packages: runtime_pkgs,
        artifact: Artifact {
            from: String::new(),
            to: String::new(),
            after: Vec::new(),
        },
        platform,
        drops_packages,
    };
    // The repository as written (registry included), for the slim tag.
    let prefix = {
        let r = &info.image.range;
        let repo_end = info.image.tag.as_ref().map_or(r.end, |t| t.start - 1);
        text[r.start..repo_end].to_string()
    };
    match stack {
        Stack::Python => {
            python_installs(doc, stack, last_build)?;
            let slim = runtime_tag(name, tag)?;
            p.runtime_image = format!("{prefix}:{slim}");
            // pip installs into a user base the builder's Python sees, and the runtime
            // takes it as its own /usr/local: the image config (Env included) stays the
            // original's, unlike a virtualenv, which needs VIRTUAL_ENV and PATH.
            let base = "/install";
            let nl = doc.newline();
            // Right after FROM: before any comment that annotates (or suppresses
            // findings on) the instruction below it.
            p.builder_prefix = Some((
                from.index,
                format!("ENV PYTHONUSERBASE={base} PIP_USER=1 PATH=\"{base}/bin:$PATH\"{nl}"),
            ));
            p.artifact = Artifact {
                from: base.to_string(),
                to: "/usr/local".to_string(),
                after: Vec::new(),
            };
        }
        Stack::Node => {
            let slim = runtime_tag(name, tag)?;
            p.runtime_image = format!("{prefix}:{slim}");
            let Some(wd) = wd.clone() else {
                return unsure("the build runs in `/`; set a WORKDIR for the app");
            };
            p.builder_suffix = node_prune(doc, ctx, builds, tag)?;
            p.artifact = Artifact {
                from: wd.clone(),
                to: wd,
                after: Vec::new(),
            };
        }
        Stack::Go | Stack::Rust | Stack::Java => {
            if !has_entry(doc) {
                return unsure("there is no CMD or ENTRYPOINT to say what runs");
            }
            let entry = entry_words(doc);
            for tool in [
                "go",
                "cargo",
                "mvn",
                "./mvnw",
                "gradle",
                "./gradlew",
                "rustc",
                "javac",
            ] {
                if entry.iter().any(|w| w == tool) {
                    return unsure(format!("the app runs `{tool}` at run time"));
                }
            }
            let (from_path, static_bin) = match stack {
                Stack::Go => go_binary(doc, ctx, builds, wd.as_deref())?,
                Stack::Rust => (rust_binary(doc, ctx, builds, wd.as_deref())?, false),
                _ => {
                    let final_wd = workdir_at(doc, doc.instructions.len())?;
                    (java_jar(&entry, final_wd.as_deref())?, false)
                }
            };
            if stack != Stack::Java {
                inputs_only(ctx, stack)?;
            }
            p.runtime_image = match stack {
                Stack::Java => java_runtime(name, tag)?,
                Stack::Go => go_runtime(ctx, name, tag, static_bin)?,
                _ => format!("debian:{}-slim", debian_of(name, tag)?),
            };
            // debian-slim lacks the CA certificates the full images carry (eclipse-temurin
            // and distroless have them; scratch gets the builder's bundle below).
            if p.runtime_image.starts_with("debian:") {
                p.packages.push("ca-certificates".to_string());
            }
            let debian_like = p.runtime_image.starts_with("debian:") || stack == Stack::Java;
            if !debian_like
                && (p.replay.iter().any(|r| r.starts_with("RUN")) || !p.packages.is_empty())
            {
                return unsure(format!(
                    "{} cannot run the RUN steps the runtime needs",
                    p.runtime_image
                ));
            }
            let mut after = Vec::new();
            if p.runtime_image == "scratch" {
                p.replay.push(
                    "COPY --from=BUILDER /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/"
                        .to_string(),
                );
            }
            let dir = from_path.rsplit_once('/').map_or("", |(d, _)| d);
            let bin = from_path.rsplit('/').next().unwrap_or("");
            let on_path = [
                "/usr/local/sbin",
                "/usr/local/bin",
                "/usr/sbin",
                "/usr/bin",
                "/sbin",
                "/bin",
            ];
            if !dir.is_empty() && !on_path.contains(&dir) && entry.first().is_some_and(|w| w == bin)
            {
                after.push(format!("ENV PATH=\"{dir}:$PATH\""));
            }
            if wd.is_none() && stack == Stack::Go {
                // The golang image works in /go; the runtime must too.
                p.replay.insert(0, "WORKDIR /go".to_string());
            }
            p.artifact = Artifact {
                from: from_path.clone(),
                to: from_path,
                after,
            };
        }
    }
    Ok(p)
}

/// The Python installs up to the last build must all be pip's (pip alone honours
/// `PIP_USER`), must not create their own environment, and must not upgrade what the
/// runtime image already ships in /usr/local (pip, setuptools, wheel): copied over
/// the runtime's own files, two versions of one package would mix.
fn python_installs(doc: &Document, stack: Stack, last_build: usize) -> Sure<()> {
    let data = stacks();
    for inst in &doc.instructions[..=last_build] {
        let Some(body) = shell_run(doc, inst) else {
            continue;
        };
        for (c, e) in body
            .commands
            .iter()
            .zip(doc.effects(inst.index).unwrap_or_default())
        {
            let inv = Invocation::of(c);
            if matches!(e.program.as_str(), "venv" | "virtualenv") {
                return unsure(format!(
                    "line {} creates a virtualenv of its own",
                    inst.line
                ));
            }
            if !is_build(stack, &inv) {
                continue;
            }
            let Some(install) = e.install.as_ref().filter(|i| i.manager == "pip") else {
                return unsure(format!(
                    "line {} installs with `{}`; only pip installs can be moved into the runtime's /usr/local",
                    inst.line, e.program
                ));
            };
            if let Some(p) = install.packages.iter().find(|p| {
                let name = p
                    .split(['=', '<', '>', '~', '!', '[', ' '])
                    .next()
                    .unwrap_or("");
                data.python_base_packages
                    .iter()
                    .any(|b| b.eq_ignore_ascii_case(name))
            }) {
                return unsure(format!(
                    "line {} installs `{p}`, which the runtime image ships too; copied over it, two versions would mix",
                    inst.line
                ));
            }
        }
    }
    Ok(())
}

/// Programs of the stack's toolchain, whose steps only concern the builder.
fn build_tool(stack: Stack, program: &str) -> bool {
    match stack {
        Stack::Python => matches!(program, "pip" | "pip3" | "poetry" | "pipenv" | "uv"),
        Stack::Node => matches!(program, "npm" | "yarn" | "pnpm" | "corepack"),
        Stack::Go => program == "go",
        Stack::Rust => matches!(program, "cargo" | "rustup"),
        Stack::Java => matches!(program, "mvn" | "mvnw" | "gradle" | "gradlew"),
    }
}

/// Build commands whose output lands where the runtime stage would not find it.
fn check_build(stack: Stack, inv: &Invocation<'_>, inst: &Instruction) -> Sure<()> {
    let has = |flags: &[&str]| {
        inv.args.iter().any(|a| {
            flags
                .iter()
                .any(|f| a.value == *f || a.value.starts_with(&format!("{f}=")))
        })
    };
    match stack {
        Stack::Python => {
            if has(&[
                "--user",
                "--target",
                "-t",
                "--prefix",
                "--root",
                "-e",
                "--editable",
            ]) {
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
            if inv.program == "pipenv" && !has(&["--system"]) {
                return unsure(format!(
                    "pipenv at line {} installs into its own virtualenv (use --system)",
                    inst.line
                ));
            }
        }
        Stack::Node
            if has(&["-g", "--global"])
                || inv
                    .positionals(&[])
                    .first()
                    .is_some_and(|w| w.value == "global") =>
        {
            return unsure(format!(
                "line {} installs global packages outside the app directory",
                inst.line
            ));
        }
        _ => {}
    }
    Ok(())
}

/// What the runtime installs for the builder's apt packages: the non-build ones, and
/// the library of each known -dev package.
fn runtime_packages(pkgs: &[String]) -> Sure<Vec<String>> {
    let apt = &stacks().apt;
    let mut out: Vec<String> = Vec::new();
    for p in pkgs {
        let name = p.split(['=', ':']).next().unwrap_or(p);
        if name.contains('$') || name.contains('*') {
            return unsure(format!("the apt package `{p}` is not a plain name"));
        }
        if apt.build_only.iter().any(|b| b == name) {
            continue;
        }
        let add = if name.ends_with("-dev") {
            match apt.runtime_libs.get(name) {
                Some(lib) => lib.clone(),
                None => {
                    return unsure(format!("the runtime library behind `{name}` is not known"));
                }
            }
        } else {
            p.clone()
        };
        if !out.contains(&add) {
            out.push(add);
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

/// `npm prune` (or the yarn/pnpm equivalent) after the build, unless the installs
/// already left dev dependencies out.
fn node_prune(doc: &Document, ctx: &Context, builds: &[Build], tag: &str) -> Sure<Option<String>> {
    let mut manager = None;
    for b in builds {
        let body = shell_run(doc, &doc.instructions[b.inst]).expect("a build RUN parsed");
        for c in &body.commands {
            let inv = Invocation::of(c);
            let sub = inv.positionals(&[]).first().map(|w| w.value.as_str());
            if matches!(inv.program.as_str(), "npm" | "pnpm") && sub == Some("prune") {
                // The Dockerfile prunes already.
                return Ok(None);
            }
            if !is_build(Stack::Node, &inv) {
                continue;
            }
            let first = inv
                .positionals(&[])
                .first()
                .map_or(String::new(), |w| w.value.clone());
            if matches!(first.as_str(), "" | "install" | "i" | "ci")
                || inv.program == "yarn" && first.is_empty()
            {
                if inv.args.iter().any(|a| {
                    matches!(
                        a.value.as_str(),
                        "--production"
                            | "--prod"
                            | "--omit=dev"
                            | "--only=production"
                            | "--only=prod"
                    )
                }) {
                    return Ok(None);
                }
                manager = Some(inv.program.clone());
            }
        }
    }
    // `npm prune --omit=dev` needs npm 7 (Node 16 images on); older ones take
    // `--production`. Release code names count too; `latest`, `lts`, ... are recent.
    let first = tag.split(['.', '-']).next().unwrap_or("");
    let major: u32 = first.parse().unwrap_or(match first {
        "argon" => 4,
        "boron" => 6,
        "carbon" => 8,
        "dubnium" => 10,
        "erbium" => 12,
        "fermium" => 14,
        _ => 99,
    });
    Ok(match manager.as_deref() {
        Some("npm") if major >= 16 => Some("npm prune --omit=dev".to_string()),
        Some("npm") => Some("npm prune --production".to_string()),
        Some("pnpm") => Some("pnpm prune --prod".to_string()),
        Some("yarn") => Some(yarn_classic_prune(doc, ctx)?),
        _ => None,
    })
}

/// Yarn 1 (the one the node images carry) drops dev dependencies by installing again
/// for production; Yarn 2 and later (corepack, `.yarnrc.yml`, `packageManager`) cannot.
fn yarn_classic_prune(doc: &Document, ctx: &Context) -> Sure<String> {
    let berry = "Yarn 2 or later cannot drop dev dependencies in place";
    if doc.text().contains("corepack") || doc.text().contains("yarn set version") {
        return unsure(berry);
    }
    let Some(dir) = ctx.build_context.as_deref() else {
        return unsure("the Yarn version is in the build context, which is not known");
    };
    let manager = std::fs::read_to_string(dir.join("package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v.get("packageManager")?.as_str().map(str::to_string));
    let modern = manager
        .as_deref()
        .and_then(|m| m.strip_prefix("yarn@"))
        .is_some_and(|v| !v.starts_with("1."));
    if modern || dir.join(".yarnrc.yml").exists() {
        return unsure(berry);
    }
    Ok("yarn install --production --ignore-scripts --prefer-offline".to_string())
}

/// The Debian release of a golang or rust tag; the newest when the tag names none and
/// its version is recent enough for that to be certain.
fn debian_of(name: &str, tag: &str) -> Sure<String> {
    let data = stacks();
    for d in &data.distros {
        if tag.split('-').any(|p| p == d) {
            return Ok(d.clone());
        }
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

fn go_runtime(ctx: &Context, name: &str, tag: &str, static_bin: bool) -> Sure<String> {
    let data = stacks();
    let options = ctx.options::<Options>();
    let choice = options.go_runtime.as_deref().unwrap_or("debian-slim");
    let pattern = &data.go_runtimes[choice];
    if choice == "debian-slim" {
        let distro = if static_bin {
            debian_of(name, tag).unwrap_or_else(|_| data.distros[0].clone())
        } else {
            debian_of(name, tag)?
        };
        return Ok(pattern.replace("{distro}", &distro));
    }
    if !static_bin {
        return unsure(format!(
            "the `{choice}` runtime needs a static binary (set CGO_ENABLED=0)"
        ));
    }
    Ok(pattern.clone())
}

fn java_runtime(name: &str, tag: &str) -> Sure<String> {
    // maven:3.9-eclipse-temurin-17, gradle:8-jdk17, eclipse-temurin:17-jdk, amazoncorretto:17
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty();
    let parts: Vec<&str> = tag.split('-').collect();
    let major = match name {
        "maven" => parts
            .windows(2)
            .find(|w| w[0] == "temurin" && digits(w[1]))
            .map(|w| w[1]),
        "gradle" => parts
            .iter()
            .find_map(|p| p.strip_prefix("jdk"))
            .filter(|d| digits(d)),
        _ => parts.first().copied().filter(|d| digits(d)),
    };
    match major {
        Some(m) if !tag.contains("alpine") => Ok(format!("eclipse-temurin:{m}-jre")),
        _ => unsure(format!(
            "the Java version of `{name}:{tag}` is not certain, so no JRE image is"
        )),
    }
}

/// The jar that CMD or ENTRYPOINT runs (`java -jar PATH`).
fn java_jar(entry: &[String], wd: Option<&str>) -> Sure<String> {
    let jar = entry
        .windows(2)
        .find(|w| w[0] == "-jar")
        .map(|w| w[1].clone());
    match jar {
        Some(j) if !j.contains(['*', '$']) => Ok(resolve(wd, &j)),
        _ => unsure("CMD or ENTRYPOINT does not name the jar it runs (`java -jar PATH`)"),
    }
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

/// The binary `go build -o` or `go install` makes, and whether it is static.
fn go_binary(
    doc: &Document,
    ctx: &Context,
    builds: &[Build],
    wd: Option<&str>,
) -> Sure<(String, bool)> {
    let (inst, inv) = last_build_command(doc, builds, Stack::Go, "go")?;
    let static_bin = inv.command.assignments.iter().any(|a| a == "CGO_ENABLED=0")
        || stage_env_is(doc, inst.index, "CGO_ENABLED", "0");
    let args: Vec<&str> = inv.args.iter().map(|a| a.value.as_str()).collect();
    if args.iter().any(|a| a.contains('$')) {
        return unsure(format!(
            "the go command at line {} uses variables",
            inst.line
        ));
    }
    if args[0] == "install" {
        if stage_env_is(doc, inst.index, "GOBIN", "") {
            return unsure("GOBIN moves where go install puts the binary");
        }
        let name = go_name(ctx, &args[1..])?;
        return Ok((format!("/go/bin/{name}"), static_bin));
    }
    let out = args
        .windows(2)
        .find(|w| w[0] == "-o")
        .map(|w| w[1].to_string())
        .or_else(|| {
            args.iter()
                .find_map(|a| a.strip_prefix("-o=").map(str::to_string))
        });
    let path = match out {
        Some(o) if o.ends_with('/') => return unsure("go build -o names a directory"),
        Some(o) => resolve(wd, &o),
        None => resolve(wd, &go_name(ctx, &args[1..])?),
    };
    Ok((path, static_bin))
}

/// Whether ENV in the stage before `before` sets `name` to `value` (any value when
/// `value` is empty).
fn stage_env_is(doc: &Document, before: usize, name: &str, value: &str) -> bool {
    doc.instructions[..before]
        .iter()
        .filter(|i| i.kind == Kind::Env)
        .any(|i| {
            doc.text()[i.range.clone()]
                .split_whitespace()
                .any(|w| match w.split_once('=') {
                    Some((k, v)) => k == name && (value.is_empty() || v.trim_matches('"') == value),
                    None => false,
                })
        })
}

/// The name `go build` gives the binary of the package built (the last element of its
/// import path; the module's for `.`).
fn go_name(ctx: &Context, args: &[&str]) -> Sure<String> {
    let pkgs: Vec<&&str> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let pkg = match pkgs.as_slice() {
        [] => ".",
        [one] => one,
        _ => return unsure("go builds several packages"),
    };
    let p = pkg.trim_end_matches('/');
    if p != "." && !p.contains("...") {
        return Ok(p.rsplit('/').next().unwrap_or(p).to_string());
    }
    let Some(dir) = ctx.build_context.as_deref() else {
        return unsure(
            "the binary is named after go.mod's module, and the build context is not known",
        );
    };
    let module = std::fs::read_to_string(dir.join("go.mod"))
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.trim()
                    .strip_prefix("module ")
                    .map(|m| m.trim().trim_matches('"').to_string())
            })
        });
    match module {
        Some(m) if !m.is_empty() => {
            // A major version suffix (`example.com/app/v2`) is not part of the name.
            let mut parts = m.rsplit('/');
            let last = parts.next().unwrap_or(&m);
            let is_major = last.len() > 1
                && last.starts_with('v')
                && last[1..].chars().all(|c| c.is_ascii_digit());
            Ok(if is_major {
                parts.next().unwrap_or(last)
            } else {
                last
            }
            .to_string())
        }
        _ => unsure("go.mod in the build context names no module"),
    }
}

/// The binary `cargo build` makes (from `--bin` or Cargo.toml).
fn rust_binary(doc: &Document, ctx: &Context, builds: &[Build], wd: Option<&str>) -> Sure<String> {
    let (inst, inv) = last_build_command(doc, builds, Stack::Rust, "cargo")?;
    let args: Vec<&str> = inv.args.iter().map(|a| a.value.as_str()).collect();
    for f in [
        "--target",
        "--target-dir",
        "--profile",
        "--out-dir",
        "--artifact-dir",
        "--example",
    ] {
        if args
            .iter()
            .any(|a| *a == f || a.starts_with(&format!("{f}=")))
        {
            return unsure(format!("cargo's `{f}` moves or changes the binary"));
        }
    }
    if stage_env_is(doc, inst.index, "CARGO_TARGET_DIR", "") || inv.sets_env("CARGO_TARGET_DIR") {
        return unsure("CARGO_TARGET_DIR moves the binary");
    }
    let flag = |f: &str| {
        args.windows(2)
            .find(|w| w[0] == f)
            .map(|w| w[1].to_string())
            .or_else(|| {
                args.iter()
                    .find_map(|a| a.strip_prefix(&format!("{f}=")).map(str::to_string))
            })
    };
    let name = match flag("--bin") {
        Some(b) => b,
        None => cargo_bin(ctx, flag("-p").or_else(|| flag("--package")))?,
    };
    if args[0] == "install" {
        return Ok(format!("/usr/local/cargo/bin/{name}"));
    }
    let profile = if args.contains(&"--release") || args.contains(&"-r") {
        "release"
    } else {
        "debug"
    };
    Ok(resolve(wd, &format!("target/{profile}/{name}")))
}

/// The one binary of the Cargo package in the build context.
fn cargo_bin(ctx: &Context, package: Option<String>) -> Sure<String> {
    let Some(dir) = ctx.build_context.as_deref() else {
        return unsure("the binary's name is in Cargo.toml, and the build context is not known");
    };
    let read = |p: &Path| -> Option<toml::Table> {
        std::fs::read_to_string(p).ok()?.parse::<toml::Table>().ok()
    };
    let Some(root) = read(&dir.join("Cargo.toml")) else {
        return unsure("no readable Cargo.toml in the build context");
    };
    let manifest = if root.contains_key("package") {
        root
    } else {
        // A workspace: the package asked for with -p, if it is a member folder's.
        let Some(pkg) = package else {
            return unsure("a Cargo workspace builds several binaries; name one with --bin");
        };
        let members = root
            .get("workspace")
            .and_then(|w| w.get("members"))
            .and_then(|m| m.as_array())
            .cloned()
            .unwrap_or_default();
        let found = members.iter().filter_map(|m| m.as_str()).find_map(|m| {
            let t = read(&dir.join(m).join("Cargo.toml"))?;
            let name = t.get("package")?.get("name")?.as_str()?.to_string();
            (name == pkg).then_some(t)
        });
        match found {
            Some(t) => t,
            None => return unsure(format!("workspace member `{pkg}` not found")),
        }
    };
    let bins: Vec<String> = manifest
        .get("bin")
        .and_then(|b| b.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|b| b.get("name")?.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    match bins.as_slice() {
        [one] => Ok(one.clone()),
        [] => manifest
            .get("package")
            .and_then(|p| p.get("name"))
            .and_then(|n| n.as_str())
            .map(str::to_string)
            .ok_or_else(|| Unsure("Cargo.toml names no package".into())),
        _ => unsure("Cargo.toml has several binaries; name one with --bin"),
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

/// The edits of a plan: the builder's name, the pip user base or prune, and the runtime
/// stage right after the last build step.
fn edits(doc: &Document, p: &Plan, last_build: usize) -> Option<Vec<Edit>> {
    let nl = doc.newline();
    let mut edits = Vec::new();
    if let Some(at) = p.alias_at {
        edits.push(Edit::insert(at, format!(" AS {}", p.builder)));
    }
    if let Some((inst, text)) = &p.builder_prefix {
        edits.push(Edit::insert(
            doc.instructions[*inst].range.end,
            text.clone(),
        ));
    }
    let last = &doc.instructions[last_build];
    if let Some(cmd) = &p.builder_suffix {
        let body: &ShellBody = shell_run(doc, last)?;
        edits.push(append_to_run(doc, body, cmd)?);
    }
    let mut stage = String::new();
    if !doc.text()[last.range.clone()].ends_with('\n') {
        stage.push_str(nl);
    }
    stage.push_str(nl);
    stage.push_str(&format!(
        "FROM {}{}{nl}",
        p.platform.as_deref().unwrap_or(""),
        p.runtime_image
    ));
    for r in &p.replay {
        stage.push_str(&r.replace("BUILDER", &p.builder));
        stage.push_str(nl);
    }
    if !p.packages.is_empty() {
        let indent = doc.continuation_indent();
        stage.push_str(&format!(
            "RUN apt-get update && \\{nl}{indent}apt-get install -y --no-install-recommends {} && \\{nl}{indent}rm -rf /var/lib/apt/lists/*{nl}",
            p.packages.join(" ")
        ));
    }
    stage.push_str(&format!(
        "COPY --from={} {} {}{nl}",
        p.builder, p.artifact.from, p.artifact.to
    ));
    for a in &p.artifact.after {
        stage.push_str(a);
        stage.push_str(nl);
    }
    edits.push(Edit::insert(last.range.end, stage));
    Some(edits)
}
