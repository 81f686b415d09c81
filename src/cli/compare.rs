//! `dockerlean compare`: build the original and the rewritten Dockerfile with a real
//! engine and show what the rewrite saves.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::args::{CompareArgs, CompareFormat, Files};
use super::engine::{self, Engine, Image, ProbeOutput};
use super::verify::files::{self, Expectations, FilesReport};
use super::verify::inputs;
use super::{CHANGES, FileOutcome, OK, context_inputs, contexts, display, plan, run_jobs};

/// One side of the comparison.
#[derive(Debug, Serialize)]
struct Side {
    build_ok: bool,
    build_seconds: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    build_log_tail: Option<String>,
    #[serde(flatten)]
    image: Option<Image>,
    probe: Option<ProbeOutput>,
}

#[derive(Debug, Serialize)]
struct Report {
    dockerfile: String,
    context: String,
    engine: &'static str,
    unsafe_fixes: bool,
    changed: bool,
    before: Option<Side>,
    after: Option<Side>,
    saving_bytes: Option<i64>,
    saving_percent: Option<f64>,
    probe_identical: Option<bool>,
    /// Image config fields the rewrite changed (empty: the same config).
    config_differences: Vec<super::verify::Difference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rebuild: Option<Rebuild>,
    /// `--against FILE`: the Dockerfile compared instead of dockerlean's rewrite.
    #[serde(skip_serializing_if = "Option::is_none")]
    against: Option<String>,
    /// The file check: every file the original's instructions added or changed is in
    /// the rewrite, or removed by design (see `transforms/compare/README.md`).
    #[serde(skip_serializing_if = "Option::is_none")]
    files: Option<FilesChecked>,
    /// Why the files were not checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    files_not_checked: Option<String>,
    /// `--keep`: the tags of the images left in the engine.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    kept_images: Vec<String>,
}

/// The file check, with the base images it measured against.
#[derive(Debug, Serialize)]
struct FilesChecked {
    base_before: String,
    base_after: String,
    /// Reading the four trees and comparing them.
    seconds: f64,
    #[serde(flatten)]
    report: FilesReport,
}

/// `--rebuild FILE`: both builds again, with their cache, after FILE changed.
#[derive(Debug, Serialize)]
struct Rebuild {
    file: String,
    before: RebuildSide,
    after: RebuildSide,
}

#[derive(Debug, Serialize)]
struct RebuildSide {
    build_ok: bool,
    seconds: Option<f64>,
    /// The instructions that ran again (not taken from the cache), FROM left out.
    steps_run_again: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    build_log_tail: Option<String>,
}

/// The last 20 lines of a build's log.
fn tail(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// `--rebuild`'s FILE as a path inside the context (it must be a file there).
fn rebuild_file(context: &Path, file: &Path) -> Result<PathBuf> {
    let ctx = context
        .canonicalize()
        .with_context(|| format!("{}: cannot read the build context", display(context)))?;
    let abs = if file.is_absolute() {
        file.to_path_buf()
    } else if context.join(file).is_file() {
        context.join(file)
    } else {
        file.to_path_buf()
    };
    let abs = abs
        .canonicalize()
        .with_context(|| format!("--rebuild {}: no such file", display(file)))?;
    match abs.strip_prefix(&ctx) {
        Ok(rel) if abs.is_file() => Ok(rel.to_path_buf()),
        _ => bail!(
            "--rebuild {}: not a file of the build context {}",
            display(file),
            display(context)
        ),
    }
}

/// Copies the build context to `to`, keeping modes, modification times and symbolic
/// links (a build cache may key on them), so that only the changed file differs.
fn copy_context(from: &Path, to: &Path) -> Result<()> {
    let walk = ignore::WalkBuilder::new(from)
        .standard_filters(false)
        .follow_links(false)
        .build();
    let mut dirs = Vec::new();
    for entry in walk {
        let entry = entry.context("cannot read the build context")?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let dest = to.join(rel);
        let meta = entry
            .path()
            .symlink_metadata()
            .with_context(|| format!("{}: cannot read", display(entry.path())))?;
        let ft = meta.file_type();
        if ft.is_dir() {
            std::fs::create_dir_all(&dest)
                .with_context(|| format!("{}: cannot create", display(&dest)))?;
            dirs.push((dest, meta));
        } else if ft.is_symlink() {
            let target = std::fs::read_link(entry.path())?;
            std::os::unix::fs::symlink(target, &dest)
                .with_context(|| format!("{}: cannot create", display(&dest)))?;
        } else if ft.is_file() {
            std::fs::copy(entry.path(), &dest)
                .with_context(|| format!("{}: cannot copy", display(entry.path())))?;
            set_times(&dest, &meta)?;
        }
    }
    // Folders last: copying into them changed their times.
    for (d, meta) in dirs.iter().rev() {
        set_times(d, meta)?;
        std::fs::set_permissions(d, meta.permissions())?;
    }
    Ok(())
}

fn set_times(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    let times = std::fs::FileTimes::new()
        .set_accessed(meta.accessed()?)
        .set_modified(meta.modified()?);
    std::fs::File::open(path)
        .and_then(|f| f.set_times(times))
        .with_context(|| format!("{}: cannot set its times", display(path)))
}

/// Set on Ctrl-C or SIGTERM: the engine (in our process group) stops its build, and the
/// comparison stops at the next step, removing what it made.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn check_interrupt() -> Result<()> {
    if INTERRUPTED.load(Ordering::SeqCst) {
        bail!("interrupted; the temporary images were removed");
    }
    Ok(())
}

/// Removes the images a comparison made, however it ends.
struct Cleanup<'a> {
    engine: &'a Engine,
    tags: Vec<String>,
    dangling_before: Vec<String>,
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        self.engine.remove(&self.tags);
        let left: Vec<String> = self
            .engine
            .dangling()
            .into_iter()
            .filter(|id| !self.dangling_before.contains(id))
            .collect();
        self.engine.remove(&left);
    }
}

/// The Dockerfile `compare` works on: a file, or `Dockerfile` in a directory.
fn dockerfile_of(path: Option<&Path>) -> Result<PathBuf> {
    let p = path.unwrap_or(Path::new("."));
    if p.is_dir() {
        let f = p.join("Dockerfile");
        if !f.is_file() {
            bail!(
                "{}: no Dockerfile in this directory; name the file to compare",
                display(p)
            );
        }
        Ok(f)
    } else if p.is_file() {
        Ok(p.to_path_buf())
    } else {
        bail!("{}: no such file", display(p))
    }
}

pub fn compare(a: CompareArgs) -> Result<u8> {
    let dockerfile = dockerfile_of(a.path.as_deref())?;
    let context = a.context.clone().unwrap_or_else(|| {
        dockerfile
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    });
    // Both builds read the context: one that cannot be read stops here, before an engine
    // is asked for anything.
    if let Err(e) = std::fs::read_dir(&context) {
        bail!(
            "{}: the build context cannot be read ({e}); name a readable directory with --context DIR",
            display(&context)
        );
    }
    let files = Files {
        paths: vec![dockerfile.clone()],
        config: a.config.clone(),
        isolated: a.isolated,
        context: Some(context.clone()),
        quiet: true,
        ..Files::default()
    };
    let plan = plan(&files, &a.selection)?;
    if let Some(e) = plan.errors.first() {
        bail!("{e}");
    }
    let (original, output, ignore_change, unsafe_fixes, applied) = match &a.against {
        // Another Dockerfile stands for the rewrite; the context and its ignore file
        // are the original's.
        Some(other) => {
            let read =
                |p: &Path| std::fs::read(p).with_context(|| format!("{}: cannot read", display(p)));
            (read(&dockerfile)?, read(other)?, None, false, Vec::new())
        }
        None => {
            let results = run_jobs(&plan, &files);
            let (original, output, applied) = match results.first() {
                Some(FileOutcome::Done {
                    original,
                    output,
                    applied,
                    ..
                }) => (original.clone(), output.clone(), applied.clone()),
                Some(FileOutcome::Error(e)) => bail!("{e}"),
                None => bail!("{}: excluded by the configuration", display(&dockerfile)),
            };
            let ignore_change = contexts(&plan, &context_inputs(results), &files)
                .into_iter()
                .find_map(|c| c.new.map(|n| (c.path, n)));
            let unsafe_fixes = plan.pipelines.first().is_some_and(|p| p.applies_unsafe());
            let mut applied = applied;
            if ignore_change.is_some() {
                applied.push(crate::transform::context_transform().id());
            }
            (original, output, ignore_change, unsafe_fixes, applied)
        }
    };
    let mut report = Report {
        dockerfile: display(&dockerfile),
        context: display(&context),
        engine: "",
        unsafe_fixes,
        // With --against the two files are built even when they are the same bytes: two
        // builds of one Dockerfile are what shows which files differ by nature.
        changed: output != original || ignore_change.is_some() || a.against.is_some(),
        before: None,
        after: None,
        saving_bytes: None,
        saving_percent: None,
        probe_identical: None,
        config_differences: Vec::new(),
        rebuild: None,
        files: None,
        files_not_checked: None,
        against: a.against.as_deref().map(display),
        kept_images: Vec::new(),
    };
    let rebuild = match &a.rebuild {
        Some(f) => Some(rebuild_file(&context, f)?),
        None => None,
    };
    if !report.changed {
        return finish(&a, &report, OK);
    }

    let engine = engine::detect(a.engine)?;
    // Only the first handler can be set; a second compare in the process keeps it.
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
    report.engine = engine.kind.program();
    let tmp = tempfile::Builder::new()
        .prefix("dockerlean-compare")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let rewritten = tmp.path().join("Dockerfile");
    std::fs::write(&rewritten, &output).context("cannot write the rewritten Dockerfile")?;
    // The after build sees the ignore file the fix writes, or else the one the original
    // uses (the rewritten Dockerfile lives elsewhere, so BuildKit would not find it).
    let ignore_before = std::fs::read(crate::context::ignore_file_for(&context, &dockerfile)).ok();
    let ignore = match &ignore_change {
        Some((_, new)) => Some(new.clone()),
        None => ignore_before.clone(),
    };
    let ignore_file = match &ignore {
        Some(bytes) => {
            let p = tmp.path().join("Dockerfile.dockerignore");
            std::fs::write(&p, bytes).context("cannot write the rewritten ignore file")?;
            Some(p)
        }
        None => None,
    };

    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let id = format!("{}-{nanos}", std::process::id());
    let tag = |side: &str| format!("localhost/dockerlean-compare:{id}-{side}");
    let all_tags = vec![
        tag("before"),
        tag("after"),
        tag("rebuild-before"),
        tag("rebuild-after"),
    ];
    // With --keep nothing is removed (what the builds left dangling included).
    let _cleanup = (!a.keep).then(|| Cleanup {
        engine: &engine,
        tags: all_tags.clone(),
        dangling_before: engine.dangling(),
    });
    let progress = |msg: &str| {
        if !a.quiet {
            eprintln!("dockerlean compare: {msg}");
        }
    };

    progress(&format!(
        "building the original with {}",
        engine.kind.program()
    ));
    let before = side(&engine, &dockerfile, &context, &tag("before"), &a, None)?;
    check_interrupt()?;
    if !before.build_ok {
        let log = before.build_log_tail.clone().unwrap_or_default();
        bail!(
            "{}: the original does not build with {}, so there is nothing to compare:\n{log}",
            display(&dockerfile),
            engine.kind.program()
        );
    }
    progress("building the rewritten Dockerfile");
    let after = side(
        &engine,
        &rewritten,
        &context,
        &tag("after"),
        &a,
        ignore_file.as_deref(),
    )?;
    check_interrupt()?;
    if let (Some(b), Some(f)) = (&before.image, &after.image) {
        let saving = b.size as i64 - f.size as i64;
        report.saving_bytes = Some(saving);
        report.saving_percent = (b.size > 0).then(|| saving as f64 * 100.0 / b.size as f64);
    }
    if let (Some(b), Some(f)) = (&before.probe, &after.probe) {
        report.probe_identical = Some(b.status == f.status && b.stdout == f.stdout);
    }
    if after.build_ok {
        report.config_differences = super::verify::diff(
            &engine.config(&tag("before"))?,
            &engine.config(&tag("after"))?,
        );
    }
    if after.build_ok {
        progress("reading both images' files and their base images'");
        let check = FileCheck {
            engine: &engine,
            original: &original,
            output: &output,
            build_args: &a.build_arg,
            applied: &applied,
            ignore_before: ignore_before.as_deref(),
            ignore_after: ignore.as_deref(),
        };
        match check.run(&tag("before"), &tag("after"))? {
            Ok(f) => report.files = Some(f),
            Err(why) => report.files_not_checked = Some(why),
        }
        check_interrupt()?;
    }
    if let (Some(file), true) = (&rebuild, after.build_ok) {
        progress(&format!(
            "changing {} in a copy of the context and rebuilding both with their cache",
            file.display()
        ));
        let copy = tmp.path().join("context");
        copy_context(&context, &copy)?;
        // The measured builds ran without the cache, and an engine may not take its
        // cache from those: a first build of each with the cache fills it, as the
        // build before an edit would.
        for (dockerfile, tag, ignore) in [
            (&dockerfile, tag("rebuild-before"), None),
            (&rewritten, tag("rebuild-after"), ignore_file.as_deref()),
        ] {
            if let Err(log) = engine.build(dockerfile, &copy, &tag, &a.build_arg, ignore, true)? {
                bail!("the build that fills the cache failed:\n{}", tail(&log));
            }
            check_interrupt()?;
        }
        // One more line at the end: new content, the same meaning for any source.
        let changed = copy.join(file);
        let mut bytes = std::fs::read(&changed)?;
        bytes.push(b'\n');
        std::fs::write(&changed, bytes)?;
        let again = |dockerfile: &Path, tag: &str, ignore: Option<&Path>| -> Result<RebuildSide> {
            let built = engine.build(dockerfile, &copy, tag, &a.build_arg, ignore, true)?;
            check_interrupt()?;
            Ok(match built {
                Ok((took, log)) => RebuildSide {
                    build_ok: true,
                    seconds: Some(took.as_secs_f64()),
                    steps_run_again: engine.steps_run(&log),
                    build_log_tail: None,
                },
                Err(log) => RebuildSide {
                    build_ok: false,
                    seconds: None,
                    steps_run_again: Vec::new(),
                    build_log_tail: Some(tail(&log)),
                },
            })
        };
        let before = again(&dockerfile, &tag("rebuild-before"), None)?;
        let after = again(&rewritten, &tag("rebuild-after"), ignore_file.as_deref())?;
        report.rebuild = Some(Rebuild {
            file: file.display().to_string(),
            before,
            after,
        });
    }
    let failed = !after.build_ok
        || report.rebuild.as_ref().is_some_and(|r| !r.after.build_ok)
        || report.probe_identical == Some(false)
        || !report.config_differences.is_empty()
        || report
            .files
            .as_ref()
            .is_some_and(|f| f.report.unexpected_count > 0);
    if a.keep {
        // The images built: the two sides, and the rebuilds when they ran.
        let built = if report.rebuild.is_some() { 4 } else { 2 };
        report.kept_images = all_tags.into_iter().take(built).collect();
    }
    report.before = Some(before);
    report.after = Some(after);
    finish(&a, &report, if failed { CHANGES } else { OK })
}

/// What the file check needs besides the two images.
struct FileCheck<'a> {
    engine: &'a Engine,
    original: &'a [u8],
    output: &'a [u8],
    build_args: &'a [String],
    /// The transforms whose fixes the rewrite applied (none with --against).
    applied: &'a [&'static str],
    ignore_before: Option<&'a [u8]>,
    ignore_after: Option<&'a [u8]>,
}

impl FileCheck<'_> {
    /// Reads the four trees and checks them; Ok(Err(why)) when the Dockerfiles do not
    /// say what to check against.
    fn run(&self, before: &str, after: &str) -> Result<std::result::Result<FilesChecked, String>> {
        let parse = |b: &[u8]| crate::Document::parse(b.to_vec());
        let (Ok(doc_before), Ok(doc_after)) = (parse(self.original), parse(self.output)) else {
            return Ok(Err("a Dockerfile does not parse".into()));
        };
        let base = |d: &crate::Document| inputs::base_image(d, self.build_args);
        let (base_before, base_after) = match (base(&doc_before), base(&doc_after)) {
            (Ok(b), Ok(a)) => (b, a),
            (Err(why), _) | (_, Err(why)) => {
                return Ok(Err(format!("the base image is not known: {why}")));
            }
        };
        let start = std::time::Instant::now();
        let workdir = self.engine.workdir(&base_before);
        // Two readings at a time (each spreads its hashing over the cores); mounted
        // images stay mounted until their files are hashed.
        let (t_before, t_before_base) = rayon::join(
            || self.engine.tree(before),
            || self.engine.tree(&base_before),
        );
        let (t_after, t_after_base) =
            rayon::join(|| self.engine.tree(after), || self.engine.tree(&base_after));
        let (mut t_before, mut t_before_base, mut t_after, t_after_base) =
            (t_before?, t_before_base?, t_after?, t_after_base?);
        files::hash_needed(
            &mut t_before.tree,
            &mut t_before_base.tree,
            &mut t_after.tree,
        )?;
        let text = |b: Option<&[u8]>| {
            b.map(|b| crate::context::pattern::IgnoreFile::parse(&String::from_utf8_lossy(b)))
        };
        let expect = Expectations {
            applied: self
                .applied
                .iter()
                .filter_map(|id| files::declared(id).map(|d| (id.to_string(), d)))
                .collect(),
            copies: inputs::context_copies(&doc_before, &workdir),
            ignore_before: text(self.ignore_before),
            ignore_after: text(self.ignore_after),
            run_removals: inputs::new_removals(&doc_before, &doc_after, &workdir),
        };
        let report = files::check(
            &t_before.tree,
            &t_before_base.tree,
            &t_after.tree,
            &t_after_base.tree,
            &expect,
        );
        Ok(Ok(FilesChecked {
            base_before,
            base_after,
            seconds: start.elapsed().as_secs_f64(),
            report,
        }))
    }
}

fn side(
    engine: &Engine,
    dockerfile: &Path,
    context: &Path,
    tag: &str,
    a: &CompareArgs,
    ignore_file: Option<&Path>,
) -> Result<Side> {
    match engine.build(dockerfile, context, tag, &a.build_arg, ignore_file, false)? {
        Err(log) => Ok(Side {
            build_ok: false,
            build_seconds: None,
            build_log_tail: Some(tail(&log)),
            image: None,
            probe: None,
        }),
        Ok((took, _)) => {
            check_interrupt()?;
            Ok(Side {
                build_ok: true,
                build_seconds: Some(took.as_secs_f64()),
                build_log_tail: None,
                image: Some(engine.image(tag)?),
                probe: a
                    .probe
                    .as_deref()
                    .map(|p| engine.probe(tag, p))
                    .transpose()?,
            })
        }
    }
}

fn finish(a: &CompareArgs, r: &Report, code: u8) -> Result<u8> {
    let mut out = std::io::stdout().lock();
    match a.format {
        CompareFormat::Json => {
            serde_json::to_writer_pretty(&mut out, r)?;
            writeln!(out)?;
        }
        CompareFormat::Text => text(r, &mut out)?,
    }
    Ok(code)
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn text(r: &Report, out: &mut impl Write) -> Result<()> {
    if !r.changed {
        writeln!(
            out,
            "{}: dockerlean would not change it{}; nothing to compare",
            r.dockerfile,
            if r.unsafe_fixes {
                ""
            } else {
                " (try --unsafe)"
            }
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "{} (context {}, {}, {} fixes)",
        r.dockerfile,
        r.context,
        r.engine,
        if r.unsafe_fixes {
            "safe and unsafe"
        } else {
            "safe"
        }
    )?;
    for (name, side) in [("before", &r.before), ("after", &r.after)] {
        let Some(s) = side else { continue };
        writeln!(out)?;
        match &s.image {
            None => {
                writeln!(out, "{name}: BUILD FAILED")?;
                for l in s.build_log_tail.iter().flat_map(|t| t.lines()) {
                    writeln!(out, "  | {l}")?;
                }
            }
            Some(i) => {
                let built = i.layers.iter().filter(|l| l.size > 0).count();
                writeln!(
                    out,
                    "{name}: {} bytes ({}), {built} layers, built in {:.1} s",
                    i.size,
                    mb(i.size),
                    s.build_seconds.unwrap_or(0.0)
                )?;
                for l in &i.layers {
                    // Continuation lines leave runs of blanks in the recorded command.
                    let one_line = l
                        .instruction
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    let mut ins: String = one_line.chars().take(90).collect();
                    if ins.len() < one_line.len() {
                        ins.push_str(" ...");
                    }
                    writeln!(out, "  {:>12}  {ins}", l.size)?;
                }
            }
        }
    }
    writeln!(out)?;
    if let (Some(s), Some(p)) = (r.saving_bytes, r.saving_percent) {
        writeln!(out, "saving: {s} bytes ({p:.1} %)")?;
    }
    match (r.probe_identical, &r.before, &r.after) {
        (Some(true), _, _) => writeln!(out, "probe: identical output")?,
        (Some(false), Some(b), Some(f)) => {
            writeln!(out, "probe: OUTPUTS DIFFER")?;
            for (name, s) in [("before", b), ("after", f)] {
                if let Some(p) = &s.probe {
                    writeln!(out, "  {name} (exit {:?}):", p.status)?;
                    for l in p.stdout.lines().chain(p.stderr.lines()) {
                        writeln!(out, "    {l}")?;
                    }
                }
            }
        }
        _ => {}
    }
    if let Some(rb) = &r.rebuild {
        writeln!(out, "rebuild after a change to {}:", rb.file)?;
        for (name, s) in [("before", &rb.before), ("after", &rb.after)] {
            if !s.build_ok {
                writeln!(out, "  {name}: BUILD FAILED")?;
                for l in s.build_log_tail.iter().flat_map(|t| t.lines()) {
                    writeln!(out, "    | {l}")?;
                }
                continue;
            }
            let n = s.steps_run_again.len();
            writeln!(
                out,
                "  {name}: {:.1} s, {n} step{} ran again{}",
                s.seconds.unwrap_or(0.0),
                if n == 1 { "" } else { "s" },
                if n == 0 { "" } else { ":" }
            )?;
            for step in &s.steps_run_again {
                let mut short: String = step.chars().take(90).collect();
                if short.len() < step.len() {
                    short.push_str(" ...");
                }
                writeln!(out, "    {short}")?;
            }
        }
    }
    if let Some(other) = &r.against {
        writeln!(out, "compared with: {other} (not dockerlean's rewrite)")?;
    }
    if !r.kept_images.is_empty() {
        writeln!(out, "images kept: {}", r.kept_images.join(", "))?;
    }
    if r.after.as_ref().is_some_and(|a| a.build_ok) {
        if r.config_differences.is_empty() {
            writeln!(
                out,
                "config: identical (Env, Cmd, Entrypoint, WorkingDir, User, ports, volumes, labels, ...)"
            )?;
        } else {
            writeln!(out, "config: DIFFERS")?;
            for d in &r.config_differences {
                writeln!(out, "  {}: {} -> {}", d.field, d.before, d.after)?;
            }
        }
    }
    if let Some(why) = &r.files_not_checked {
        writeln!(out, "files: not checked: {why}")?;
    }
    if let Some(f) = &r.files {
        files_text(f, out)?;
    }
    Ok(())
}

fn files_text(f: &FilesChecked, out: &mut impl Write) -> Result<()> {
    let r = &f.report;
    let expected: usize = r.expected.iter().map(|g| g.count.files).sum();
    let verdict = if r.unexpected_count == 0 {
        "verified".to_string()
    } else {
        format!("{} UNEXPECTED", r.unexpected_count)
    };
    writeln!(
        out,
        "files: {verdict} ({} files the original's instructions wrote over {}: {} the same in the rewrite, {} changed the same way on the other base, {} compared by type only, {expected} removed by design; {:.1} s)",
        r.original_files.files,
        f.base_before,
        r.kept.files,
        r.same_change.files,
        r.volatile.files,
        f.seconds
    )?;
    for u in &r.unexpected {
        writeln!(out, "  {}: {}", u.path, u.problem)?;
    }
    if r.unexpected_count > r.unexpected.len() {
        writeln!(
            out,
            "  ... and {} more",
            r.unexpected_count - r.unexpected.len()
        )?;
    }
    for g in &r.expected {
        writeln!(
            out,
            "  expected, {} ({}): {} files, {}: {}; e.g. {}",
            g.transform,
            format!("{:?}", g.category).to_lowercase(),
            g.count.files,
            mb(g.count.bytes),
            g.why,
            g.examples.first().map_or("", String::as_str)
        )?;
    }
    if r.new_in_rewrite.files > 0 {
        writeln!(
            out,
            "  new in the rewrite: {} files, {}; e.g. {}",
            r.new_in_rewrite.files,
            mb(r.new_in_rewrite.bytes),
            r.new_examples.join(", ")
        )?;
    }
    let b = &r.bytes;
    writeln!(out, "where the bytes went (file contents):")?;
    writeln!(
        out,
        "  base image  {} -> {} ({} -> {})",
        mb(b.base_before),
        mb(b.base_after),
        f.base_before,
        f.base_after
    )?;
    for (category, bytes) in &b.removed {
        writeln!(
            out,
            "  {:<11} {} removed",
            format!("{category:?}").to_lowercase(),
            mb(*bytes)
        )?;
    }
    writeln!(out, "  app         {} kept", mb(b.app))?;
    if b.unexpected > 0 {
        writeln!(out, "  unexpected  {} lost or changed", mb(b.unexpected))?;
    }
    if b.new_in_rewrite > 0 {
        writeln!(
            out,
            "  new         {} added by the rewrite",
            mb(b.new_in_rewrite)
        )?;
    }
    Ok(())
}
