//! The command line: argument parsing, discovery, configuration, parallel runs, printing.

pub mod args;
mod compare;
pub mod discover;
mod engine;
mod report;
pub mod verify;

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};
use clap::Parser;
use rayon::prelude::*;

use crate::config::{Config, absolute};
use crate::emit::findings::{LineIndex, Located};
use crate::emit::{diff, write};
use crate::{Pipeline, transform};
use args::{CheckArgs, Cli, Command, Files, FixArgs, Format, Selection};
use discover::{Found, discover};
use report::Summary;

/// Exit codes: nothing to do, changes or findings, an error.
const OK: u8 = 0;
const CHANGES: u8 = 1;
const ERROR: u8 = 2;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("dockerlean: error: {e:#}");
            ExitCode::from(ERROR)
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Fix(a) => fix(a),
        Command::Check(a) => check(a),
        Command::Compare(a) => compare::compare(a),
        Command::Transforms => {
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "{:<18} {:<8} {:<8} {:<22} summary",
                "id", "default", "fixes", "hadolint"
            )?;
            for t in transform::registry() {
                writeln!(
                    out,
                    "{:<18} {:<8} {:<8} {:<22} {}",
                    t.id(),
                    if t.default_on() { "on" } else { "off" },
                    t.grades(),
                    if t.hadolint().is_empty() {
                        "-".to_string()
                    } else {
                        t.hadolint().join(",")
                    },
                    t.summary()
                )?;
            }
            Ok(OK)
        }
        Command::Explain { id } => match transform::by_id(&id) {
            Some(t) => {
                print!("{}", t.explain());
                Ok(OK)
            }
            None => anyhow::bail!("unknown transform `{id}` (see `dockerlean transforms`)"),
        },
    }
}

/// The pipeline for files under one config: the config's settings, then the
/// command line's (`--select` replaces, `--ignore` adds, `--unsafe` turns on).
fn pipeline(config: Option<&Config>, sel: &Selection) -> Result<Pipeline> {
    let unsafe_fixes = sel.unsafe_fixes || config.and_then(|c| c.unsafe_fixes).unwrap_or(false);
    let mut p = Pipeline::new().unsafe_fixes(unsafe_fixes);
    let select = if sel.select.is_empty() {
        config.and_then(|c| c.select.clone())
    } else {
        Some(sel.select.clone())
    };
    if let Some(s) = select {
        p = p.select(&s)?;
    }
    if let Some(c) = config {
        for (id, table) in &c.transform {
            p = p.transform_options(id, table.clone())?;
        }
    }
    if let Some(prefer) = &sel.prefer {
        p = p.prefer(prefer)?;
    }
    let mut ignore: Vec<String> = config.map(|c| c.ignore.clone()).unwrap_or_default();
    ignore.extend(sel.ignore.iter().cloned());
    if !ignore.is_empty() {
        p = p.ignore(&ignore)?;
    }
    let mounts =
        sel.cache_mounts || config.and_then(|c| c.cache) == Some(crate::config::CacheMode::Mount);
    Ok(p.cache_mounts(mounts))
}

/// The path as shown to users and in diff headers.
fn display(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// An error about one file: `path:line: message` (or `path: message`).
fn file_error(path: &str, line: Option<usize>, msg: &str) -> String {
    match line {
        Some(l) => format!("{path}:{l}: {msg}"),
        None => format!("{path}: {msg}"),
    }
}

/// A file to process with the pipeline that applies to it.
struct Job {
    path: PathBuf,
    shown: String,
    pipeline: usize,
}

/// Files, the pipelines for them, and the errors met while finding them.
struct Plan {
    jobs: Vec<Job>,
    pipelines: Vec<Pipeline>,
    /// The directory of each pipeline's config file (relative options resolve there).
    roots: Vec<PathBuf>,
    errors: Vec<String>,
}

/// Loads (once per file) the config that applies to a directory.
struct Configs {
    fixed: Option<Option<Config>>,
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    loaded: HashMap<PathBuf, Config>,
}

impl Configs {
    fn new(files: &Files) -> Result<Configs> {
        let fixed = if files.isolated {
            Some(None)
        } else if let Some(p) = &files.config {
            Some(Some(Config::load(p)?))
        } else {
            None
        };
        Ok(Configs {
            fixed,
            by_dir: HashMap::new(),
            loaded: HashMap::new(),
        })
    }

    /// The nearest config file of `dir` or its ancestors, each directory looked at once
    /// for the whole run (sibling directories share their ancestors' answer).
    fn nearest(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(found) = self.by_dir.get(dir) {
            return found.clone();
        }
        let found = Config::in_dir(dir).or_else(|| dir.parent().and_then(|p| self.nearest(p)));
        self.by_dir.insert(dir.to_path_buf(), found.clone());
        found
    }

    /// The config file for `file` (its path is the key of the pipeline).
    fn for_file(&mut self, file: &Path) -> Result<Option<&Config>> {
        if self.fixed.is_some() {
            return Ok(self.fixed.as_ref().and_then(Option::as_ref));
        }
        let dir = absolute(file)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let found = self.nearest(&dir);
        match found {
            None => Ok(None),
            Some(p) => {
                if !self.loaded.contains_key(&p) {
                    let c = Config::load(&p)?;
                    self.loaded.insert(p.clone(), c);
                }
                Ok(self.loaded.get(&p))
            }
        }
    }
}

fn plan(files: &Files, sel: &Selection) -> Result<Plan> {
    let paths = if files.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        files.paths.clone()
    };
    let cli_exclude = {
        let mut b = ignore::gitignore::GitignoreBuilder::new(absolute(Path::new(".")));
        for g in &files.exclude {
            b.add_line(None, g)
                .with_context(|| format!("--exclude {g}: not a valid pattern"))?;
        }
        b.build().context("--exclude")?
    };
    let mut configs = Configs::new(files)?;
    let mut pipelines: Vec<Pipeline> = Vec::new();
    let mut roots: Vec<PathBuf> = Vec::new();
    let mut pipeline_of: HashMap<Option<PathBuf>, usize> = HashMap::new();
    let mut jobs = Vec::new();
    let mut errors = Vec::new();
    for found in discover(&paths, files.follow_links) {
        let (path, explicit) = match found {
            Found::Error(p, e) => {
                errors.push(file_error(&display(&p), None, &e));
                continue;
            }
            Found::File(p, explicit) => (p, explicit),
        };
        let abs = absolute(&path);
        if !explicit
            && cli_exclude
                .matched_path_or_any_parents(&abs, false)
                .is_ignore()
        {
            continue;
        }
        let config = configs.for_file(&path)?;
        if !explicit && config.is_some_and(|c| c.excludes(&path)) {
            continue;
        }
        let key = config.map(|c| c.path.clone());
        let idx = match pipeline_of.get(&key) {
            Some(&i) => i,
            None => {
                let p = pipeline(config, sel).with_context(|| match &key {
                    Some(k) => format!("{}", k.display()),
                    None => "command line".to_string(),
                })?;
                pipelines.push(p);
                roots.push(config.map_or_else(|| absolute(Path::new(".")), |c| absolute(&c.root)));
                pipeline_of.insert(key, pipelines.len() - 1);
                pipelines.len() - 1
            }
        };
        jobs.push(Job {
            shown: display(&path),
            path,
            pipeline: idx,
        });
    }
    Ok(Plan {
        jobs,
        pipelines,
        roots,
        errors,
    })
}

/// Progress on standard error, for long runs on a terminal only.
struct Progress {
    on: bool,
    done: AtomicUsize,
    total: usize,
}

impl Progress {
    fn new(total: usize, quiet: bool) -> Progress {
        Progress {
            on: !quiet && total >= 200 && std::io::stderr().is_terminal(),
            done: AtomicUsize::new(0),
            total,
        }
    }

    fn tick(&self) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.on && (n.is_multiple_of(50) || n == self.total) {
            eprint!("\r\x1b[2K{n}/{} files", self.total);
        }
    }

    fn finish(&self) {
        if self.on {
            eprint!("\r\x1b[2K");
        }
    }
}

/// What happened to one file.
enum FileOutcome {
    Done {
        original: Vec<u8>,
        output: Vec<u8>,
        /// Findings on the original, located.
        findings: Vec<Located>,
        /// Findings whose fix the run applied (or would apply).
        applicable: Vec<Located>,
        /// The transforms whose fixes the run applied, in every pass (a merge may make
        /// an apt-lists cleanup possible), each once.
        applied: Vec<&'static str>,
        /// What the ignore-file planning needs of the rewritten Dockerfile, when its
        /// pipeline plans one: kept instead of the file, so that a run holds only a
        /// bounded window of files.
        context: Option<ContextInput>,
    },
    Error(String),
}

/// What planning a build context's ignore file needs of one Dockerfile.
struct ContextInput {
    /// What it takes from the context (COPY/ADD sources, bind mounts).
    sources: Vec<String>,
    /// `# dockerlean: ignore-file` (or the like) turns the context transform off for it.
    off: bool,
    /// Its model reads every instruction that may take files from the context.
    allows: bool,
}

impl ContextInput {
    fn of(output: &[u8]) -> Option<ContextInput> {
        let doc = crate::Document::parse(output.to_vec()).ok()?;
        let t = transform::context_transform();
        Some(ContextInput {
            sources: crate::context::context_sources(&doc),
            off: crate::fix::suppress::Suppressions::of(&doc).file_off(t),
            allows: doc.allows(t.local()),
        })
    }
}

fn process(job: &Job, p: &Pipeline, bytes: Vec<u8>) -> FileOutcome {
    let shown = &job.shown;
    let outcome = match p.run(bytes.clone()) {
        Ok(o) => o,
        Err(e) => return FileOutcome::Error(file_error(shown, e.line(), &e.message())),
    };
    let findings = &outcome.findings;
    let index = LineIndex::new(&bytes);
    let located: Vec<Located> = findings
        .iter()
        .map(|f| Located::new(shown, &index, f))
        .collect();
    for ie in &outcome.internal_errors {
        eprintln!("{shown}: internal error, change withheld: {ie}");
    }
    // A fix another pass made moot (a cache cleanup in what split-stages turned into a
    // builder stage) is not listed as applied.
    let applied: std::collections::HashSet<&str> =
        outcome.applied.iter().map(|(id, _)| *id).collect();
    let applicable = findings
        .iter()
        .zip(&located)
        .filter(|(f, _)| p.would_apply(f) && applied.contains(f.transform))
        .map(|(_, l)| l.clone())
        .collect();
    let context = p
        .runs(transform::context_transform().id())
        .then(|| ContextInput::of(&outcome.output))
        .flatten();
    let mut applied: Vec<&'static str> = applied.into_iter().collect();
    applied.sort_unstable();
    FileOutcome::Done {
        original: bytes,
        output: outcome.output,
        findings: located,
        applicable,
        applied,
        context,
    }
}

/// Reads a file, refusing early (without reading it) one too large to be a Dockerfile.
fn read_limited(path: &Path) -> std::result::Result<Vec<u8>, String> {
    let f = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    if len > crate::MAX_BYTES as u64 {
        return Err(crate::Error::TooLarge(len as usize).to_string());
    }
    let mut bytes = Vec::with_capacity(len as usize);
    f.take(crate::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    Ok(bytes)
}

/// Files processed at once: the run holds at most this many files' bytes and results,
/// whatever the number of files (results are handed on in path order, chunk by chunk).
const CHUNK: usize = 1024;

/// Processes the plan's jobs in parallel, a chunk at a time, and hands each chunk's
/// outcomes (in job order, with the index of its first job) to `each` before the next.
fn run_chunks(
    plan: &Plan,
    files: &Files,
    mut each: impl FnMut(usize, Vec<FileOutcome>) -> Result<()>,
) -> Result<()> {
    let progress = Progress::new(plan.jobs.len(), files.quiet);
    for (c, chunk) in plan.jobs.chunks(CHUNK).enumerate() {
        let outcomes: Vec<FileOutcome> = chunk
            .par_iter()
            .map(|job| {
                let r = match std::fs::read(&job.path) {
                    Err(e) => FileOutcome::Error(file_error(
                        &job.shown,
                        None,
                        &format!("cannot read: {e}"),
                    )),
                    Ok(bytes) => {
                        let p = &plan.pipelines[job.pipeline];
                        if p.reads_build_context() {
                            let dir = context_dir(plan, job, files);
                            process(job, &p.clone().build_context(Some(&dir)), bytes)
                        } else {
                            process(job, p, bytes)
                        }
                    }
                };
                progress.tick();
                r
            })
            .collect();
        each(c * CHUNK, outcomes)?;
    }
    progress.finish();
    Ok(())
}

/// Every job's outcome (for a few files: `compare` runs one).
fn run_jobs(plan: &Plan, files: &Files) -> Vec<FileOutcome> {
    let mut all = Vec::with_capacity(plan.jobs.len());
    run_chunks(plan, files, |_, chunk| {
        all.extend(chunk);
        Ok(())
    })
    .expect("collecting outcomes cannot fail");
    all
}

/// The context inputs of outcomes, by job.
fn context_inputs(results: Vec<FileOutcome>) -> Vec<Option<ContextInput>> {
    results
        .into_iter()
        .map(|r| match r {
            FileOutcome::Done { context, .. } => context,
            FileOutcome::Error(_) => None,
        })
        .collect()
}

/// A build context's ignore file: what to add, and the findings behind it.
struct ContextChange {
    shown: String,
    path: PathBuf,
    original: Option<Vec<u8>>,
    new: Option<Vec<u8>>,
    findings: Vec<Located>,
    applicable: Vec<Located>,
    /// `context: F files, B bytes before; F' files, B' bytes after`
    loss: String,
}

/// The build context of a job's Dockerfile: `--context`, the config's
/// configuration's context, or the Dockerfile's directory.
fn context_dir(plan: &Plan, job: &Job, files: &Files) -> PathBuf {
    let configured = plan.pipelines[job.pipeline]
        .configured_context()
        .map(|c| plan.roots[job.pipeline].join(c));
    let context = files.context.clone().or(configured).unwrap_or_else(|| {
        job.path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    });
    if context.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        context
    }
}

/// Plans the ignore file of every build context used by the processed Dockerfiles.
fn contexts(plan: &Plan, inputs: &[Option<ContextInput>], files: &Files) -> Vec<ContextChange> {
    let mut all = Vec::new();
    contexts_each(plan, inputs, files, |c| {
        all.push(c);
        Ok(())
    })
    .expect("collecting context changes cannot fail");
    all
}

/// Plans the ignore file of every build context, a chunk of contexts at a time in
/// parallel, and hands each to `each` in path order (so a run holds a bounded window).
fn contexts_each(
    plan: &Plan,
    inputs: &[Option<ContextInput>],
    files: &Files,
    mut each: impl FnMut(ContextChange) -> Result<()>,
) -> Result<()> {
    use std::collections::BTreeMap;
    // Context directory -> (pipeline, the jobs whose Dockerfiles use it).
    let mut groups: BTreeMap<PathBuf, (usize, Vec<usize>)> = BTreeMap::new();
    let dockerignore = transform::context_transform();
    for (k, (job, input)) in plan.jobs.iter().zip(inputs).enumerate() {
        if input.is_none() {
            continue;
        }
        let context = context_dir(plan, job, files);
        groups
            .entry(context)
            .or_insert_with(|| (job.pipeline, Vec::new()))
            .1
            .push(k);
    }
    // Contexts are independent: walked and planned in parallel, listed in path order.
    let groups: Vec<(PathBuf, (usize, Vec<usize>))> = groups.into_iter().collect();
    for chunk in groups.chunks(CHUNK) {
        let changes: Vec<ContextChange> = chunk
        .par_iter()
        .filter_map(|(context, (pipeline, members))| {
            let (context, pipeline) = (context.clone(), *pipeline);
            let p = &plan.pipelines[pipeline];
            let docs: Vec<(&PathBuf, &ContextInput)> = members
                .iter()
                .filter_map(|&k| {
                    let input = inputs[k].as_ref()?;
                    (!input.off).then_some((&plan.jobs[k].path, input))
                })
                .collect();
            // A Dockerfile with instructions the model does not read may take anything
            // from the context.
            if docs.is_empty() || docs.iter().any(|(_, d)| !d.allows) {
                return None;
            }
            let ignore_path = match docs.as_slice() {
                [(one, _)] => crate::context::ignore_file_for(&context, one),
                _ => context.join(".dockerignore"),
            };
            let sources = docs.iter().flat_map(|(_, d)| d.sources.iter().cloned()).collect();
            let cp = crate::context::plan_sources(&context, &ignore_path, sources);
            let shown = display(&ignore_path);
            let mut findings = Vec::new();
            let mut applicable = Vec::new();
            for a in &cp.additions {
                let l = Located {
                    file: shown.clone(),
                    line: 1,
                    column: 1,
                    end_line: 1,
                    end_column: 1,
                    transform: dockerignore.id(),
                    message: format!(
                        "add `{}` ({}, {} file{}, {} bytes): {}",
                        a.pattern,
                        a.kind,
                        a.files,
                        if a.files == 1 { "" } else { "s" },
                        a.bytes,
                        a.why
                    ),
                    safety: a.applicability.label(),
                    edits: Vec::new(),
                };
                let applies = match a.applicability {
                    crate::Applicability::Safe => true,
                    crate::Applicability::Unsafe => p.applies_unsafe(),
                    crate::Applicability::DisplayOnly => false,
                };
                if applies {
                    applicable.push(l.clone());
                }
                findings.push(l);
            }
            let new = cp.new_content(p.applies_unsafe());
            let (files_left, bytes_left) = cp.remaining(p.applies_unsafe());
            let truncated = if cp.truncated {
                " (walk stopped at 200,000 files)"
            } else {
                ""
            };
            Some(ContextChange {
                loss: format!(
                    "build context {}: {} files, {} bytes before; {} files, {} bytes after{truncated}",
                    display(&context),
                    cp.total_files,
                    cp.total_bytes,
                    files_left,
                    bytes_left
                ),
                shown,
                path: ignore_path,
                original: cp.existing,
                new,
                findings,
                applicable,
            })
        })
        .collect();
        for c in changes {
            each(c)?;
        }
    }
    Ok(())
}

fn print_findings(format: Format, findings: &[Located], out: &mut impl Write) -> Result<()> {
    match format {
        Format::Text => {
            for l in findings {
                writeln!(out, "{}", l.text())?;
            }
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, findings)?;
            writeln!(out)?;
        }
        Format::Sarif => {
            let log = crate::emit::findings::sarif(findings, &transform::registry());
            serde_json::to_writer_pretty(&mut *out, &log)?;
            writeln!(out)?;
        }
        Format::Github => {
            for l in findings {
                writeln!(out, "{}", crate::emit::findings::github(l))?;
            }
        }
    }
    Ok(())
}

/// `check`'s output, written as the findings come (a file's at a time, in path order) so
/// that memory does not grow with the number of files: text, annotations and JSON
/// stream; SARIF, one document with the rules it uses, is written at the end.
struct FindingSink<W: Write> {
    format: Format,
    out: W,
    /// JSON: nothing written yet (the array is still to open).
    first: bool,
    sarif: Vec<Located>,
    any: bool,
}

impl<W: Write> FindingSink<W> {
    fn new(format: Format, out: W) -> FindingSink<W> {
        FindingSink {
            format,
            out,
            first: true,
            sarif: Vec::new(),
            any: false,
        }
    }

    /// One file's findings (sorted here by line and column).
    fn push(&mut self, mut findings: Vec<Located>) -> Result<()> {
        findings.sort_by_key(|f| (f.line, f.column));
        self.any |= !findings.is_empty();
        match self.format {
            Format::Text => {
                for l in &findings {
                    writeln!(self.out, "{}", l.text())?;
                }
            }
            Format::Github => {
                for l in &findings {
                    writeln!(self.out, "{}", crate::emit::findings::github(l))?;
                }
            }
            Format::Json => {
                for l in &findings {
                    // An element of a pretty-printed array: its own pretty text,
                    // indented one level.
                    let text = serde_json::to_string_pretty(l)?;
                    let sep = if self.first { "[\n" } else { ",\n" };
                    self.first = false;
                    write!(self.out, "{sep}")?;
                    for (k, line) in text.lines().enumerate() {
                        if k > 0 {
                            writeln!(self.out)?;
                        }
                        write!(self.out, "  {line}")?;
                    }
                }
            }
            Format::Sarif => self.sarif.extend(findings),
        }
        Ok(())
    }

    /// Closes the output; whether there were findings.
    fn finish(mut self) -> Result<bool> {
        match self.format {
            Format::Json if self.first => writeln!(self.out, "[]")?,
            Format::Json => writeln!(self.out, "\n]")?,
            Format::Sarif => print_findings(Format::Sarif, &self.sarif, &mut self.out)?,
            _ => {}
        }
        self.out.flush()?;
        Ok(self.any)
    }
}

/// A file `fix` changes: a Dockerfile, or a build context's ignore file (`original` is
/// None when it is new).
struct Change<'a> {
    path: &'a Path,
    shown: &'a str,
    original: Option<&'a [u8]>,
    new: &'a [u8],
    applicable: &'a [Located],
}

/// Writes, lists or shows one change, as `fix`'s flags ask.
/// Writes one change in place (`--write`), or says why it was not written.
fn write_change(c: &Change<'_>) -> Result<(), write::WriteError> {
    match c.original {
        Some(old) => write::atomic_replace(c.path, old, c.new),
        None => write::atomic_create(c.path, c.new),
    }
}

/// Per file of a chunk, the outcome of writing it (None: it did not change).
type Written = Vec<Option<Result<(), String>>>;

/// Writes the changed files of a chunk: each to its temporary file (closed: the chunk
/// holds no descriptor open), then all in place together (one sync per filesystem).
fn write_chunk(jobs: &[Job], chunk: &[FileOutcome]) -> Written {
    let changes: Vec<Option<write::Replacement>> = jobs
        .iter()
        .zip(chunk)
        .map(|(job, r)| match r {
            FileOutcome::Done {
                original, output, ..
            } if output != original => {
                Some((job.path.as_path(), original.as_slice(), output.as_slice()))
            }
            _ => None,
        })
        .collect();
    let present: Vec<bool> = changes.iter().map(Option::is_some).collect();
    let mut outcomes = write::replace_all(changes.into_iter().flatten().collect()).into_iter();
    present
        .into_iter()
        .map(|p| {
            p.then(|| {
                outcomes
                    .next()
                    .expect("one outcome per change")
                    .map_err(|e| e.to_string())
            })
        })
        .collect()
}

/// Shows (or, with `--write`, writes) one change. `written` is the outcome of a write
/// already made (the Dockerfiles of a chunk are written together, see
/// [`write::replace_all`]); the change is written here when it is `None`.
fn emit_change(
    a: &FixArgs,
    c: &Change<'_>,
    written: Option<Result<(), String>>,
    color: bool,
    out: &mut impl Write,
    summary: &mut Summary,
    listed: &mut Vec<Located>,
) -> Result<()> {
    summary.changed += 1;
    if a.write {
        let r = written.unwrap_or_else(|| write_change(c).map_err(|e| e.to_string()));
        if let Err(e) = r {
            summary.errors += 1;
            summary.changed -= 1;
            eprintln!("{}: {e}", c.shown);
        }
    } else if a.check {
        match a.format {
            None => writeln!(out, "would change: {}", c.shown)?,
            Some(_) => listed.extend(c.applicable.iter().cloned()),
        }
    } else {
        let d = diff::unified(c.shown, c.original, c.new);
        out.write_all(&if color { diff::colorize(&d) } else { d })?;
    }
    Ok(())
}

/// Discovers and plans the files; the summary starts with the planning errors,
/// already reported.
fn plan_reported(files: &Files, sel: &Selection) -> Result<(Plan, Summary)> {
    let plan = plan(files, sel)?;
    let mut summary = Summary::new(plan.jobs.len());
    for e in &plan.errors {
        eprintln!("{e}");
        summary.errors += 1;
    }
    Ok((plan, summary))
}

fn fix(a: FixArgs) -> Result<u8> {
    if let Some(target) = &a.stdout {
        return fix_stdout(&a, target);
    }
    let (plan, mut summary) = plan_reported(&a.files, &a.selection)?;
    let color = std::io::stdout().is_terminal();
    let mut out = std::io::stdout().lock();
    let mut listed = Vec::new();
    let mut inputs: Vec<Option<ContextInput>> = Vec::with_capacity(plan.jobs.len());
    // Files are shown (or written) in path order, a chunk at a time; of each only what
    // its build context's planning needs is kept.
    let mut emit_chunk = |start: usize, chunk: Vec<FileOutcome>, mut written: Written| {
        let jobs = &plan.jobs[start..start + chunk.len()];
        for (k, (job, r)) in jobs.iter().zip(chunk).enumerate() {
            match r {
                FileOutcome::Error(e) => {
                    summary.errors += 1;
                    eprintln!("{e}");
                    inputs.push(None);
                }
                FileOutcome::Done {
                    original,
                    output,
                    findings,
                    applicable,
                    context,
                    ..
                } => {
                    summary.count(&findings, &applicable);
                    inputs.push(context);
                    if output == original {
                        continue;
                    }
                    let change = Change {
                        path: &job.path,
                        shown: &job.shown,
                        original: Some(&original),
                        new: &output,
                        applicable: &applicable,
                    };
                    let done = written.get_mut(k).and_then(Option::take);
                    emit_change(
                        &a,
                        &change,
                        done,
                        color,
                        &mut out,
                        &mut summary,
                        &mut listed,
                    )?;
                }
            }
        }
        anyhow::Ok(())
    };
    if a.write {
        // A chunk is written while the next one is computed: writing waits on the disk
        // more than it computes. The computing never reads what the writing touches:
        // each file is read once, and build-context walks skip the temporary files
        // (write::is_temporary).
        std::thread::scope(|s| {
            let mut pending = None;
            let mut emit_written = |h: std::thread::ScopedJoinHandle<'_, _>| {
                let (start, chunk, written) = h.join().expect("the writing thread panicked");
                emit_chunk(start, chunk, written)
            };
            run_chunks(&plan, &a.files, |start, chunk| {
                let jobs = &plan.jobs[start..start + chunk.len()];
                let next = s.spawn(move || {
                    let written = write_chunk(jobs, &chunk);
                    (start, chunk, written)
                });
                match pending.replace(next) {
                    Some(h) => emit_written(h),
                    None => Ok(()),
                }
            })?;
            match pending.take() {
                Some(h) => emit_written(h),
                None => Ok(()),
            }
        })?;
    } else {
        run_chunks(&plan, &a.files, |start, chunk| {
            emit_chunk(start, chunk, Vec::new())
        })?;
    }
    contexts_each(&plan, &inputs, &a.files, |c| {
        summary.count(&c.findings, &c.applicable);
        let Some(new) = &c.new else { return Ok(()) };
        let change = Change {
            path: &c.path,
            shown: &c.shown,
            original: c.original.as_deref(),
            new,
            applicable: &c.applicable,
        };
        emit_change(
            &a,
            &change,
            None,
            color,
            &mut out,
            &mut summary,
            &mut listed,
        )?;
        if !a.files.quiet {
            eprintln!("{}", c.loss);
        }
        Ok(())
    })?;
    if let Some(format) = a.format {
        print_findings(format, &listed, &mut out)?;
    }
    drop(out);
    if a.write {
        println!("{}", summary.fix_line(true));
    } else {
        eprintln!("{}", summary.fix_line(false));
    }
    Ok(if summary.errors > 0 {
        ERROR
    } else if summary.changed > 0 && !a.write {
        CHANGES
    } else {
        OK
    })
}

/// Reads a file, or standard input for `-`, with the name to show.
fn read_input(target: &Path, stdin_filename: Option<&Path>) -> Result<(PathBuf, String, Vec<u8>)> {
    if target.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .context("cannot read standard input")?;
        let name = stdin_filename.map_or_else(|| PathBuf::from("Dockerfile"), Path::to_path_buf);
        let shown = stdin_filename.map_or_else(|| "-".to_string(), display);
        Ok((name, shown, b))
    } else {
        let shown = display(target);
        let b = read_limited(target).map_err(|e| anyhow::anyhow!(file_error(&shown, None, &e)))?;
        Ok((target.to_path_buf(), shown, b))
    }
}

/// The pipeline for one file named directly (config lookup from its path). Its build
/// context is `--context` or its directory, unless it is unnamed standard input.
fn pipeline_for(
    files: &Files,
    sel: &Selection,
    path: &Path,
    named: bool,
) -> Result<(Pipeline, bool)> {
    let mut configs = Configs::new(files)?;
    let config = configs.for_file(path)?;
    let excluded = config.is_some_and(|c| c.excludes(path));
    let context = files.context.clone().or_else(|| {
        named.then(|| match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        })
    });
    Ok((
        pipeline(config, sel)?.build_context(context.as_deref()),
        excluded,
    ))
}

fn fix_stdout(a: &FixArgs, target: &Path) -> Result<u8> {
    let (name, shown, bytes) = read_input(target, a.files.stdin_filename.as_deref())?;
    let stdin = target.as_os_str() == "-";
    let named = !stdin || a.files.stdin_filename.is_some();
    let (p, excluded) = pipeline_for(&a.files, &a.selection, &name, named)?;
    if excluded && stdin {
        std::io::stdout().lock().write_all(&bytes)?;
        return Ok(OK);
    }
    match p.run(bytes) {
        Ok(o) => {
            std::io::stdout().lock().write_all(&o.output)?;
            Ok(OK)
        }
        Err(e) => {
            eprintln!("{}", file_error(&shown, e.line(), &e.message()));
            Ok(ERROR)
        }
    }
}

fn check(a: CheckArgs) -> Result<u8> {
    if a.files.paths.len() == 1 && a.files.paths[0].as_os_str() == "-" {
        return check_stdin(&a);
    }
    let (plan, mut summary) = plan_reported(&a.files, &a.selection)?;
    // Each file's findings are written as its chunk comes (in path order), then the
    // ignore files'; of each file only what its build context's planning needs is kept.
    let mut sink = FindingSink::new(a.format, std::io::stdout().lock());
    let mut inputs: Vec<Option<ContextInput>> = Vec::with_capacity(plan.jobs.len());
    // JSON and SARIF show the edits; text and annotations do not need them kept.
    let keep_edits = matches!(a.format, Format::Json | Format::Sarif);
    run_chunks(&plan, &a.files, |_, chunk| {
        for r in chunk {
            match r {
                FileOutcome::Error(e) => {
                    summary.errors += 1;
                    eprintln!("{e}");
                    inputs.push(None);
                }
                FileOutcome::Done {
                    findings,
                    applicable,
                    original,
                    output,
                    context,
                    ..
                } => {
                    summary.count(&findings, &applicable);
                    summary.changed += usize::from(original != output);
                    sink.push(
                        findings
                            .into_iter()
                            .map(|mut f| {
                                if !keep_edits {
                                    f.edits = Vec::new();
                                }
                                f
                            })
                            .collect(),
                    )?;
                    inputs.push(context);
                }
            }
        }
        Ok(())
    })?;
    contexts_each(&plan, &inputs, &a.files, |c| {
        summary.count(&c.findings, &c.applicable);
        summary.changed += usize::from(c.new.is_some());
        if !c.findings.is_empty() && a.format == Format::Text && !a.files.quiet {
            eprintln!("{}", c.loss);
        }
        sink.push(c.findings)
    })?;
    let any = sink.finish()?;
    if a.format == Format::Text && !a.files.quiet {
        eprintln!("{}", summary.check_line());
    }
    Ok(exit_for(summary.errors, !any))
}

/// `check -`: one Dockerfile from standard input.
fn check_stdin(a: &CheckArgs) -> Result<u8> {
    let (name, shown, bytes) = read_input(Path::new("-"), a.files.stdin_filename.as_deref())?;
    let named = a.files.stdin_filename.is_some();
    let (p, excluded) = pipeline_for(&a.files, &a.selection, &name, named)?;
    if excluded {
        print_findings(a.format, &[], &mut std::io::stdout().lock())?;
        return Ok(OK);
    }
    match p.check(bytes) {
        Ok((doc, f)) => {
            let index = LineIndex::new(doc.bytes());
            let located: Vec<Located> = f.iter().map(|x| Located::new(&shown, &index, x)).collect();
            print_findings(a.format, &located, &mut std::io::stdout().lock())?;
            Ok(exit_for(0, located.is_empty()))
        }
        Err(e) => {
            eprintln!("{}", file_error(&shown, e.line(), &e.message()));
            Ok(ERROR)
        }
    }
}

fn exit_for(errors: usize, clean: bool) -> u8 {
    if errors > 0 {
        ERROR
    } else if clean {
        OK
    } else {
        CHANGES
    }
}
