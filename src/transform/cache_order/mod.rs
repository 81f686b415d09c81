//! `cache-order`: an install right after a copy of the whole build context runs again on
//! every change to any source file. The fix copies the install's manifests first, and
//! moves the full copy after the install:
//!
//! ```text
//! COPY . .                          COPY requirements.txt ./
//! RUN pip install -r requirements.txt   ->   RUN pip install -r requirements.txt
//!                                   COPY . .
//! ```
//!
//! It is safe because the facts prove the image the same: every command of the RUN is
//! known to the command-effects layer and reads nothing of the copied tree but the
//! manifests (which the build context holds, and which get the same bytes, owner and
//! mode from the new COPY); the install writes nothing the full copy then covers; and
//! the instructions the copy moves past do not change what it copies.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::common::{WorkdirUnknown, workdir_between};
use super::{Context, Meta, Transform};
use crate::context::pattern::IgnoreFile;
use crate::effects::Effect;
use crate::fix::{Edit, Finding, Fix};
use crate::syntax::{Document, Instruction, Kind};

mod code;
mod manifests;

use manifests::Manifests;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Projects {
    pub kinds: BTreeMap<String, KindData>,
    pub needs_sources: NeedsSources,
    pub pip: PipData,
    pub install_areas: InstallAreas,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstallAreas {
    pub system: Vec<String>,
    pub home: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindData {
    pub outputs: Vec<String>,
    #[serde(default)]
    pub hooks: Vec<String>,
    /// Files whose presence in the project gives it an install script of its own,
    /// and that script (npm's `node-gyp rebuild` for a binding.gyp).
    #[serde(default)]
    pub hook_files: std::collections::BTreeMap<String, String>,
    /// Like `local`, in another of its files: file -> text that names files of the
    /// project there (`packages:` in pnpm-workspace.yaml).
    #[serde(default)]
    pub local_in: std::collections::BTreeMap<String, Vec<String>>,
    pub local: Vec<String>,
    /// An install that also reads the sources for one step it can leave to a command
    /// after the copy (Composer's autoloader): the unsafe variant of the move.
    #[serde(default)]
    pub autoloader_after: Option<AfterStep>,
    /// A project step that needs a target of the sources: a stub stands in for it
    /// before the copy (the unsafe variant).
    #[serde(default)]
    pub stub: Option<Stub>,
    /// How the manifest names repositories that may be folders of the project
    /// (Composer's `repositories`).
    #[serde(default)]
    pub repositories: Option<Repositories>,
    /// Version-control folders the install reads, in its folder or one above it, to
    /// guess the project's version (Composer).
    #[serde(default)]
    pub version_from: Option<VersionFrom>,
    /// The manifest is a program (Bundler's Gemfile): what it may hold and still be
    /// known to read nothing else.
    #[serde(default)]
    pub code: Option<CodeData>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeData {
    /// The words a statement may start with.
    pub statements: Vec<String>,
    /// Calls that read files or run programs (a word of their own), and forms that do
    /// (a backtick).
    pub reads: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repositories {
    /// Repository types that are folders of the project.
    pub local_types: Vec<String>,
    /// How a url that is not a path of the project starts.
    pub remote: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionFrom {
    pub folders: Vec<String>,
    /// A top-level key of the manifest that names the version (no guess then).
    pub unless_key: String,
    /// Environment variables that name it.
    pub unless_env: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stub {
    pub before: String,
    pub after: String,
    pub refuse: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AfterStep {
    pub adds: Vec<String>,
    pub command: String,
    pub refuse: Vec<String>,
    pub carry: BTreeMap<String, String>,
}

/// Dependency steps that cannot run before the sources are there (the advice on them).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedsSources {
    pub steps: Vec<String>,
    pub why: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipData {
    /// Options that name more requirement files (`-r`, `-c`).
    pub nested: Vec<String>,
    /// Options that install a local project, whatever their value (`-e`).
    pub local_options: Vec<String>,
    /// Options whose value is where packages come from (`-f`, `-i`): local unless it
    /// starts with one of `remote`.
    pub source_options: Vec<String>,
    pub remote: Vec<String>,
    /// The other options of a requirement file that take a value.
    pub with_value: Vec<String>,
    /// How a requirement that is a local path starts (`./pkg`, `file:`).
    pub local_starts: Vec<String>,
    /// Endings of an archive requirement (a file of the project: `pkg-1.0.whl`).
    pub archives: Vec<String>,
}

data_file!(pub fn projects() -> Projects = "cache-order/projects.toml");

pub struct CacheOrder;

static CACHE_ORDER_META: Meta = Meta::new(
    "cache-order",
    "Install dependencies from their manifests before copying the sources, so that a source change keeps the install cached",
    "safe/unsafe",
    include_str!("../../../transforms/cache-order/README.md"),
)
.reads_context();

/// Why the install cannot move: the advice.
struct Stay(String);

fn stay<T>(why: impl Into<String>) -> Result<T, Stay> {
    Err(Stay(why.into()))
}

/// Instructions a copy may move past: they neither read the copied files nor change
/// what the copy does (a COPY's paths hold no variable, and WORKDIR only matters to a
/// relative destination).
fn passable(inst: &Instruction, dest_absolute: bool) -> bool {
    match inst.kind {
        Kind::Env | Kind::Arg | Kind::Label | Kind::Expose | Kind::User => true,
        Kind::Workdir => dest_absolute,
        _ => false,
    }
}

/// A COPY of the whole build context: one source `.` (or `./`), no other stage or
/// image, no variables, and only flags that keep what it copies.
fn whole_context_copy(inst: &Instruction) -> bool {
    inst.kind == Kind::Copy
        && inst.heredocs.is_empty()
        && inst.paths.len() == 2
        && matches!(inst.paths[0].value.as_str(), "." | "./")
        && !inst.paths.iter().any(|p| p.value.contains('$'))
        && inst
            .flags
            .iter()
            .all(|f| matches!(f.name.as_str(), "chown" | "chmod" | "link"))
}

/// The WORKDIR in effect before instruction `before` of `stage` (None: the base
/// image's, not known here); an error when a WORKDIR uses a variable.
fn workdir(doc: &Document, stage: usize, before: usize) -> Result<Option<String>, Stay> {
    let start = doc.stages[stage].instructions.start;
    match workdir_between(doc, start, before, None) {
        Ok(wd) => Ok(wd.map(|w| if w.is_empty() { "/".to_string() } else { w })),
        Err(WorkdirUnknown::Variable(line)) => {
            stay(format!("the WORKDIR at line {line} uses a variable"))
        }
        Err(WorkdirUnknown::Relative(line)) => {
            stay(format!("the WORKDIR at line {line} is relative"))
        }
    }
}

impl Transform for CacheOrder {
    fn meta(&self) -> &Meta {
        &CACHE_ORDER_META
    }

    fn run(&self, doc: &Document, ctx: &Context, out: &mut Vec<Finding>) {
        if !doc.text().contains("COPY") && !doc.text().contains("copy") {
            return;
        }
        for copy in &doc.instructions {
            let Some(stage) = copy.stage else { continue };
            if !whole_context_copy(copy) {
                continue;
            }
            let dest = copy.paths[1].value.as_str();
            let dest_absolute = dest.starts_with('/');
            // The first RUN after the copy, past instructions the copy may move past.
            let end = doc.stages[stage].instructions.end;
            let Some(run) = doc.instructions[copy.index + 1..end]
                .iter()
                .find(|i| !passable(i, dest_absolute))
                .filter(|i| i.kind == Kind::Run)
            else {
                continue;
            };
            let Some(effects) = doc.effects(run.index) else {
                continue;
            };
            let head = format!(
                "the install at line {} runs again on every change to the sources",
                run.line
            );
            // Only an install is worth a finding: other steps after the copy usually
            // build the sources. Dependency steps that need the sources get advice.
            if !effects
                .iter()
                .any(|e| e.install.is_some() || e.project.is_some())
            {
                let needs = &projects().needs_sources;
                let commands = doc.shell(run.index).map_or(&[][..], |b| &b.commands[..]);
                let step = |e: &Effect| {
                    commands.get(e.command).is_some_and(|c| {
                        crate::effects::Invocation::of(c)
                            .args
                            .iter()
                            .any(|a| needs.steps.contains(&a.value))
                    })
                };
                if let Some(why) = effects
                    .iter()
                    .find_map(|e| needs.why.get(&e.program).filter(|_| step(e)))
                {
                    out.push(Finding::new(
                        self.meta().id,
                        copy.keyword.clone(),
                        format!("{head}; it stays after the copy: {why}"),
                    ));
                }
                continue;
            }
            match plan(doc, ctx, stage, copy, run, effects) {
                Ok(m) => {
                    let Some(edits) = edits(doc, copy, run, &m) else {
                        continue;
                    };
                    if m.stub.is_some() {
                        out.push(
                            Finding::new(
                                self.meta().id,
                                copy.keyword.clone(),
                                format!(
                                    "{head}: copy its manifests ({}) first and fetch with a stub target it removes, then copy the sources (unsafe: the stub stands for the package's targets)",
                                    m.files.join(", ")
                                ),
                            )
                            .with_fix(Fix::unsafe_(edits)),
                        );
                        continue;
                    }
                    if let Some((_, step)) = m.after {
                        out.push(
                            Finding::new(
                                self.meta().id,
                                copy.keyword.clone(),
                                format!(
                                    "{head}: copy its manifests ({}) first, install with {}, then copy the sources and run `{}` (unsafe: the install's steps run in another order)",
                                    m.files.join(", "),
                                    step.adds.join(" "),
                                    step.command
                                ),
                            )
                            .with_fix(Fix::unsafe_(edits)),
                        );
                        continue;
                    }
                    let what = if m.files.is_empty() {
                        "install first, then copy the sources".to_string()
                    } else {
                        format!(
                            "copy its manifests ({}) first, install, then copy the sources",
                            m.files.join(", ")
                        )
                    };
                    out.push(
                        Finding::new(
                            self.meta().id,
                            copy.keyword.clone(),
                            format!("{head}: {what}"),
                        )
                        .with_fix(Fix::safe(edits)),
                    );
                }
                Err(Stay(why)) => out.push(Finding::new(
                    self.meta().id,
                    copy.keyword.clone(),
                    format!("{head}; it stays after the copy: {why}"),
                )),
            }
        }
    }
}

/// The manifests to copy first, when every fact says the move keeps the image.
fn plan(
    doc: &Document,
    ctx: &Context,
    stage: usize,
    copy: &Instruction,
    run: &Instruction,
    effects: &[Effect],
) -> Result<Manifests, Stay> {
    let Some(dir) = ctx.build_context.as_deref() else {
        return stay("the build context is not known, so what the install reads cannot be checked");
    };
    if let Some(f) = run.flags.iter().find(|f| {
        f.name != "mount"
            || !f
                .value
                .as_deref()
                .is_some_and(|v| v.contains("type=cache") || v.contains("type=secret"))
    }) {
        return stay(format!("the RUN has `--{}`", f.name));
    }
    let ignore = ignore_file(dir)?;
    // Where the copy puts the context, and where the RUN runs.
    let wd = workdir(doc, stage, run.index)?;
    let wd_at_copy = workdir(doc, stage, copy.index)?;
    let dest = copy.paths[1].value.trim_end_matches('/');
    let dest = if dest.starts_with('/') {
        if dest.is_empty() {
            "/".to_string()
        } else {
            dest.to_string()
        }
    } else if matches!(dest, "" | ".") {
        match &wd_at_copy {
            Some(w) => w.clone(),
            // The base image's WORKDIR: the same directory for the RUN when no
            // WORKDIR comes between (passable() allows none for a relative one).
            None => String::new(),
        }
    } else {
        return stay(format!("the copy's destination `{dest}` is relative"));
    };
    // An install writes in system folders and homes without naming them: the copy must
    // not hold one.
    let areas = &projects().install_areas;
    if dest == "/" || areas.system.contains(&dest) {
        return stay(format!(
            "the copy's destination `{dest}` holds folders installs write in"
        ));
    }
    if dest.is_empty() {
        // The base image's WORKDIR, `/` for most: the context's top folders must not
        // be system ones.
        let top = |a: &String| {
            a.trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or("")
                .to_string()
        };
        if let Some(t) = areas
            .system
            .iter()
            .map(top)
            .find(|t| !t.is_empty() && dir.join(t).is_dir() && !ignore.excludes(t))
        {
            return stay(format!(
                "the copy goes to the base image's WORKDIR (maybe `/`), and the build context holds `{t}`, a folder installs write in"
            ));
        }
    }
    if let Some(h) = areas
        .home
        .iter()
        .find(|h| dir.join(h).is_dir() && !ignore.excludes(h))
    {
        return stay(format!(
            "the build context holds `{h}`, where an install may write under a home"
        ));
    }
    // The context folder the RUN works in (the working directory inside the copy);
    // None when the working directory is not known (only absolute paths then work).
    let sub = match (&wd, dest.is_empty()) {
        (_, true) => Some(String::new()),
        (None, false) => None,
        (Some(w), false) if *w == dest => Some(String::new()),
        (Some(w), false) => match w.strip_prefix(&format!("{}/", dest.trim_end_matches('/'))) {
            Some(rest) => Some(rest.to_string()),
            None => {
                return stay(format!(
                    "the install runs in `{w}`, outside the copied `{dest}`"
                ));
            }
        },
    };
    // A test (`[ -f .env ] && ...`) may check a file the copy brings: moved before
    // the copy, it would take the other branch. Its words are not among the facts.
    if doc.shell(run.index).is_some_and(|b| b.has_test) {
        return stay("a test (`[ ... ]`) in the RUN may check a file the copy brings");
    }
    let mut m = Manifests::new(dir, ignore, sub, &dest);
    let vars = stage_env(doc, stage, run);
    m.env = true_env(&vars);
    m.vars = vars;
    for e in effects {
        m.command(e)?;
    }
    m.finish()?;
    Ok(m)
}

/// The environment variables set where `run` runs, in the order they were set (the
/// last one wins): by ENV or ARG in its stage before it and in the stages it is built
/// on, and by assignments of its own (`BUNDLE_FROZEN=1 bundle install`). The value
/// is None where it is not known: an ARG (a build argument may give any value; an
/// ENV of the same name wins over it, wherever it is) or a value with an expansion.
/// ENV of the base image is not seen.
fn stage_env(doc: &Document, stage: usize, run: &Instruction) -> Vec<(String, Option<String>)> {
    let chain = doc.chain(stage);
    let mut vars: Vec<(String, Option<String>)> = Vec::new();
    let mut from_env: Vec<String> = Vec::new();
    let mut set = |name: &str, value: Option<&str>, env: bool| {
        if !env && from_env.iter().any(|n| n == name) {
            return;
        }
        if env {
            from_env.push(name.to_string());
        }
        let value = value
            .map(|v| v.trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.contains('$'));
        vars.retain(|(n, _)| n != name);
        vars.push((name.to_string(), value));
    };
    for &s in chain.iter().rev() {
        let range = doc.stages[s].instructions.clone();
        let end = if s == stage { run.index } else { range.end };
        for inst in &doc.instructions[range.start..end] {
            let env = match inst.kind {
                Kind::Env => true,
                Kind::Arg => false,
                _ => continue,
            };
            let text = inst.args.first().map_or("", |w| w.value.as_str());
            let words: Vec<&str> = text.split_whitespace().collect();
            match words.as_slice() {
                // The legacy form: `ENV NAME value`.
                [name, value, ..] if env && !name.contains('=') => set(name, Some(value), true),
                _ => {
                    for w in &words {
                        match w.split_once('=') {
                            Some((n, v)) => set(n, env.then_some(v), env),
                            None => set(w, None, env),
                        }
                    }
                }
            }
        }
    }
    if let Some(body) = doc.shell(run.index) {
        for a in body.commands.iter().flat_map(|c| &c.assignments) {
            if let Some((n, v)) = a.split_once('=') {
                set(n, Some(v), true);
            }
        }
    }
    vars
}

/// The environment variables set to a known true value (not empty, `0`, `false` or
/// `no`) where `run` runs (see [`stage_env`]).
fn true_env(vars: &[(String, Option<String>)]) -> Vec<String> {
    vars.iter()
        .filter(|(_, v)| {
            v.as_deref()
                .is_some_and(|v| !matches!(v, "" | "0" | "false" | "no"))
        })
        .map(|(n, _)| n.clone())
        .collect()
}

/// The `.dockerignore` of the context (the Dockerfile's own `NAME.dockerignore` is not
/// known here, so a context with one is left alone).
fn ignore_file(dir: &Path) -> Result<IgnoreFile, Stay> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return stay("the build context cannot be read");
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".dockerignore") && name != ".dockerignore" {
            return stay(format!(
                "the context has `{name}`, which may apply instead of .dockerignore"
            ));
        }
    }
    let text = std::fs::read_to_string(dir.join(".dockerignore")).unwrap_or_default();
    Ok(IgnoreFile::parse(&text))
}

/// The copy of the manifests in place of the full copy, and the full copy (its own
/// bytes) right after the RUN.
fn edits(
    doc: &Document,
    copy: &Instruction,
    run: &Instruction,
    m: &Manifests,
) -> Option<Vec<Edit>> {
    let text = doc.text();
    let nl = doc.newline();
    let copy_text = text[copy.range.clone()].trim_end_matches(['\r', '\n']);
    let run_text = text[run.range.clone()].trim_end_matches(['\r', '\n']);
    let flags: Vec<&str> = copy.flags.iter().map(|f| &text[f.range.clone()]).collect();
    let prefix = if flags.is_empty() {
        "COPY ".to_string()
    } else {
        format!("COPY {} ", flags.join(" "))
    };
    let lines = m.copies(&prefix, &copy.paths[1].value);
    let start = copy.range.start;
    let mut edits = Vec::new();
    if lines.is_empty() {
        // Nothing to copy first: the full copy only moves. Its line goes whole.
        let mut line_end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1)
            .max(start + copy_text.len());
        // Between two blank lines, one of them goes too.
        if text[..start].ends_with("\n\n")
            && let Some(n) = ["\r\n", "\n"]
                .iter()
                .find(|n| text[line_end..].starts_with(**n))
        {
            line_end += n.len();
        }
        if line_end <= run.range.start {
            edits.push(Edit::delete(start..line_end));
        } else {
            return None;
        }
    } else {
        edits.push(Edit::replace(
            start..start + copy_text.len(),
            lines.join(nl),
        ));
    }
    let run_end = run.range.start + run_text.len();
    // Text inserted at the RUN's end goes in one edit, in this order: what closes its
    // last command, then the moved copy and what follows it.
    let mut at_end = String::new();
    let mut moved = format!("{nl}{copy_text}");
    // The command a variant changes, and where its last word ends.
    let command_at = |index: usize| -> Option<(&crate::syntax::shell::Command, usize)> {
        let command = doc.shell(run.index)?.commands.get(index)?;
        let inv = crate::effects::Invocation::of(command);
        let last = inv
            .args
            .last()
            .map_or(command.name_range.end, |a| a.range.end);
        Some((command, last))
    };
    let mut after_command = |last: usize, text: String, edits: &mut Vec<Edit>| {
        if last == run_end {
            at_end.push_str(&text);
        } else {
            edits.push(Edit::insert(last, text));
        }
    };
    if let Some((index, stub)) = m.stub {
        // Only a RUN that is this one command: the stub wraps it.
        let body = doc.shell(run.index)?;
        if body.commands.len() != 1 || body.statements.len() != 1 {
            return None;
        }
        let (command, last) = command_at(index)?;
        if command.redirected || !command.assignments.is_empty() {
            return None;
        }
        edits.push(Edit::insert(command.range.start, stub.before.clone()));
        after_command(last, stub.after.clone(), &mut edits);
    }
    if let Some((index, step)) = m.after {
        // The install leaves its source-reading step, which runs after the copy with
        // the options that shape it.
        let (command, last) = command_at(index)?;
        let mut carried: Vec<&str> = Vec::new();
        for a in crate::effects::Invocation::of(command).args {
            if let Some(c) = step.carry.get(&a.value)
                && !carried.contains(&c.as_str())
            {
                carried.push(c);
            }
        }
        after_command(last, format!(" {}", step.adds.join(" ")), &mut edits);
        moved.push_str(&format!("{nl}RUN {}", step.command));
        for c in carried {
            moved.push(' ');
            moved.push_str(c);
        }
    }
    at_end.push_str(&moved);
    edits.push(Edit::insert(run_end, at_end));
    Some(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The variables where the last RUN of `dockerfile` runs.
    fn vars(dockerfile: &str) -> Vec<(String, Option<String>)> {
        let doc = Document::parse(dockerfile.as_bytes().to_vec()).unwrap();
        let run = doc
            .instructions
            .iter()
            .rfind(|i| i.kind == Kind::Run)
            .unwrap();
        stage_env(&doc, run.stage.unwrap(), run)
    }

    fn value<'v>(vars: &'v [(String, Option<String>)], name: &str) -> Option<Option<&'v str>> {
        vars.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_deref())
    }

    #[test]
    fn the_variables_a_run_sees() {
        let v = vars(
            "FROM ruby AS base\nENV BUNDLE_GEMFILE Gemfile.prod\nFROM base\nARG B=2\nARG BUNDLE_GEMFILE\nENV C=\"$B\" D=yes\nRUN E=5 bundle install\nENV F=6\n",
        );
        // A parent stage's ENV counts (here in its legacy form), and wins over an ARG.
        assert_eq!(value(&v, "BUNDLE_GEMFILE"), Some(Some("Gemfile.prod")));
        // An ARG's value may come from the build, and an expansion is not known.
        assert_eq!(value(&v, "B"), Some(None));
        assert_eq!(value(&v, "C"), Some(None));
        assert_eq!(value(&v, "D"), Some(Some("yes")));
        assert_eq!(value(&v, "E"), Some(Some("5")));
        // What comes after the RUN is not seen.
        assert_eq!(value(&v, "F"), None);
        assert_eq!(true_env(&v), ["BUNDLE_GEMFILE", "D", "E"]);
    }

    #[test]
    fn the_legacy_form_sets_one_variable() {
        let v = vars("FROM ruby\nENV BUNDLE_FROZEN true\nRUN bundle install\n");
        assert_eq!(value(&v, "BUNDLE_FROZEN"), Some(Some("true")));
    }
}
