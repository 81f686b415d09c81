//! `dockerlean compare`: build the original and the rewritten Dockerfile with a real
//! engine and show what the rewrite saves.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::args::{CompareArgs, CompareFormat, Files};
use super::engine::{self, Engine, Image, ProbeOutput};
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
    let results = run_jobs(&plan, &files);
    let (original, output) = match results.first() {
        Some(FileOutcome::Done {
            original, output, ..
        }) => (original.clone(), output.clone()),
        Some(FileOutcome::Error(e)) => bail!("{e}"),
        None => bail!("{}: excluded by the configuration", display(&dockerfile)),
    };
    let ignore_change = contexts(&plan, &context_inputs(results), &files)
        .into_iter()
        .find_map(|c| c.new.map(|n| (c.path, n)));
    let unsafe_fixes = plan.pipelines.first().is_some_and(|p| p.applies_unsafe());
    let mut report = Report {
        dockerfile: display(&dockerfile),
        context: display(&context),
        engine: "",
        unsafe_fixes,
        changed: output != original || ignore_change.is_some(),
        before: None,
        after: None,
        saving_bytes: None,
        saving_percent: None,
        probe_identical: None,
        config_differences: Vec::new(),
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
    let ignore = match &ignore_change {
        Some((_, new)) => Some(new.clone()),
        None => std::fs::read(crate::context::ignore_file_for(&context, &dockerfile)).ok(),
    };
    let ignore_file = match ignore {
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
    let _cleanup = Cleanup {
        engine: &engine,
        tags: vec![tag("before"), tag("after")],
        dangling_before: engine.dangling(),
    };
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
    let failed = !after.build_ok
        || report.probe_identical == Some(false)
        || !report.config_differences.is_empty();
    report.before = Some(before);
    report.after = Some(after);
    finish(&a, &report, if failed { CHANGES } else { OK })
}

fn side(
    engine: &Engine,
    dockerfile: &Path,
    context: &Path,
    tag: &str,
    a: &CompareArgs,
    ignore_file: Option<&Path>,
) -> Result<Side> {
    match engine.build(dockerfile, context, tag, &a.build_arg, ignore_file)? {
        Err(log) => {
            let lines: Vec<&str> = log.lines().collect();
            let tail = lines[lines.len().saturating_sub(20)..].join("\n");
            Ok(Side {
                build_ok: false,
                build_seconds: None,
                build_log_tail: Some(tail),
                image: None,
                probe: None,
            })
        }
        Ok(took) => {
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
    Ok(())
}
