//! The command line: argument parsing, discovery, parallel runs, printing.

pub mod args;
pub mod discover;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;
use rayon::prelude::*;

use crate::emit::{diff, findings::Located, write};
use crate::{Pipeline, transform};
use args::{CheckArgs, Cli, Command, FixArgs, Format, Selection};
use discover::{Found, discover};

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
        Command::Transforms => {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{:<18} {:<8} {:<14} summary", "id", "default", "fixes")?;
            for t in transform::registry() {
                writeln!(
                    out,
                    "{:<18} {:<8} {:<14} {}",
                    t.id(),
                    if t.default_on() { "on" } else { "off" },
                    t.grades(),
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

fn pipeline(sel: &Selection) -> Result<Pipeline> {
    let mut p = Pipeline::new().unsafe_fixes(sel.unsafe_fixes);
    if !sel.select.is_empty() {
        p = p.select(&sel.select)?;
    }
    if !sel.ignore.is_empty() {
        p = p.ignore(&sel.ignore)?;
    }
    Ok(p)
}

/// The path as shown to users and in diff headers.
fn display(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

fn files(paths: &[PathBuf]) -> Vec<Found> {
    if paths.is_empty() {
        discover(&[PathBuf::from(".")])
    } else {
        discover(paths)
    }
}

/// An error about one file: `path:line: message` (or `path: message`).
fn file_error(path: &str, line: Option<usize>, msg: &str) -> String {
    match line {
        Some(l) => format!("{path}:{l}: {msg}"),
        None => format!("{path}: {msg}"),
    }
}

fn read(path: &Path) -> std::result::Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read: {e}"))
}

enum FileOutcome {
    Unchanged,
    Changed { original: Vec<u8>, output: Vec<u8> },
    Error(String),
}

fn fix(a: FixArgs) -> Result<u8> {
    let p = pipeline(&a.selection)?;
    if let Some(target) = &a.stdout {
        return fix_stdout(&p, target);
    }
    let found = files(&a.paths);
    let results: Vec<(String, PathBuf, FileOutcome)> = found
        .par_iter()
        .map(|f| match f {
            Found::Error(path, e) => (
                display(path),
                path.clone(),
                FileOutcome::Error(file_error(&display(path), None, e)),
            ),
            Found::File(path) => {
                let shown = display(path);
                let outcome = match read(path) {
                    Err(e) => FileOutcome::Error(file_error(&shown, None, &e)),
                    Ok(bytes) => match p.run(bytes.clone()) {
                        Err(e) => FileOutcome::Error(file_error(&shown, e.line(), &e.message())),
                        Ok(o) => {
                            for ie in &o.internal_errors {
                                eprintln!("{shown}: internal error, change withheld: {ie}");
                            }
                            if o.output == bytes {
                                FileOutcome::Unchanged
                            } else {
                                FileOutcome::Changed {
                                    original: bytes,
                                    output: o.output,
                                }
                            }
                        }
                    },
                };
                (shown, path.clone(), outcome)
            }
        })
        .collect();

    let mut errors = 0usize;
    let mut changed = 0usize;
    let mut written = 0usize;
    let color = std::io::stdout().is_terminal();
    let mut out = std::io::stdout().lock();
    for (shown, path, r) in &results {
        match r {
            FileOutcome::Unchanged => {}
            FileOutcome::Error(e) => {
                errors += 1;
                eprintln!("{e}");
            }
            FileOutcome::Changed { original, output } => {
                changed += 1;
                if a.write {
                    match write::atomic_replace(path, original, output) {
                        Ok(()) => written += 1,
                        Err(e) => {
                            errors += 1;
                            eprintln!("{shown}: {e}");
                        }
                    }
                } else if a.check {
                    writeln!(out, "would change: {shown}")?;
                } else {
                    let d = diff::unified(shown, Some(original), output);
                    out.write_all(&if color { diff::colorize(&d) } else { d })?;
                }
            }
        }
    }
    let total = results.len();
    if a.write {
        writeln!(
            out,
            "{written} file{} rewritten, {} unchanged, {errors} error{}",
            plural(written),
            total - changed - errors,
            plural(errors)
        )?;
    } else {
        eprintln!(
            "{changed} file{} would change, {} unchanged, {errors} error{}",
            plural(changed),
            total - changed - errors,
            plural(errors)
        );
    }
    Ok(if errors > 0 {
        ERROR
    } else if changed > 0 && !a.write {
        CHANGES
    } else {
        OK
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn fix_stdout(p: &Pipeline, target: &Path) -> Result<u8> {
    let (shown, bytes) = if target.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .context("cannot read standard input")?;
        ("-".to_string(), b)
    } else {
        let shown = display(target);
        let bytes = read(target).map_err(|e| anyhow::anyhow!(file_error(&shown, None, &e)))?;
        (shown, bytes)
    };
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
    let p = pipeline(&a.selection)?;
    let found = files(&a.paths);
    let results: Vec<std::result::Result<Vec<Located>, String>> = found
        .par_iter()
        .map(|f| match f {
            Found::Error(path, e) => Err(file_error(&display(path), None, e)),
            Found::File(path) => {
                let shown = display(path);
                let bytes = read(path).map_err(|e| file_error(&shown, None, &e))?;
                let (doc, findings) = p
                    .check(bytes)
                    .map_err(|e| file_error(&shown, e.line(), &e.message()))?;
                Ok(findings
                    .iter()
                    .map(|f| Located::new(&shown, &doc, f))
                    .collect())
            }
        })
        .collect();
    let mut errors = 0;
    let mut all = Vec::new();
    for r in results {
        match r {
            Ok(v) => all.extend(v),
            Err(e) => {
                errors += 1;
                eprintln!("{e}");
            }
        }
    }
    let mut out = std::io::stdout().lock();
    match a.format {
        Format::Text => {
            for l in &all {
                writeln!(out, "{}", l.text())?;
            }
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &all)?;
            writeln!(out)?;
        }
    }
    Ok(if errors > 0 {
        ERROR
    } else if all.is_empty() {
        OK
    } else {
        CHANGES
    })
}
