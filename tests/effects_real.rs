//! The command-effects facts checked against the real programs. Each RUN body of
//! `tests/effects_real/cases.txt` runs in a scratch folder made by `seed.sh`; what it
//! creates, changes or removes there (path, type, mode, content, link target, a file's
//! modification time) must be within what `dockerlean::effects` says the body writes or
//! removes, and what it opens or looks up there (seen with strace, when this machine has
//! a working one) within what the facts say it reads, writes or removes. Transforms move,
//! drop and replay commands on these facts (cache-order, dockerignore, split-stages), so
//! a fact that leaves out a file is a rewrite that can change the image.
//!
//! A case whose programs this machine lacks (curl, gcc, make, git) is skipped and said.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use dockerlean::Document;
use dockerlean::context::pattern::clean;
use dockerlean::effects::Effect;

/// One entry of the scratch tree, as a build's layer would record it.
#[derive(Debug, PartialEq)]
enum Entry {
    Dir {
        mode: u32,
    },
    File {
        mode: u32,
        hash: blake3::Hash,
        mtime: (i64, i64),
    },
    Link {
        target: PathBuf,
    },
}

fn snapshot(root: &Path) -> BTreeMap<String, Entry> {
    common::tree(root)
        .into_iter()
        .map(|(rel, path, meta)| {
            let mode = meta.permissions().mode() & 0o7777;
            let e = if meta.file_type().is_symlink() {
                Entry::Link {
                    target: fs::read_link(&path).unwrap(),
                }
            } else if meta.is_dir() {
                Entry::Dir { mode }
            } else {
                Entry::File {
                    mode,
                    hash: blake3::hash(&fs::read(&path).unwrap()),
                    mtime: (meta.mtime(), meta.mtime_nsec()),
                }
            };
            (rel, e)
        })
        .collect()
}

/// A claimed path relative to the scratch folder (`root`): `$PWD` expanded as the shell
/// does there (`curl file://$PWD/a.txt`), `./` and a trailing `/` taken off, `dir/.`
/// read as `dir`; None for a path outside it.
fn relative(claim: &str, root: &str) -> Option<String> {
    let claim = claim.replace("$PWD", root);
    let mut c = claim
        .strip_prefix(root)
        .map_or(claim.as_str(), |rest| rest.trim_start_matches('/'));
    if c.starts_with('/') {
        return None;
    }
    while let Some(rest) = c.strip_prefix("./") {
        c = rest;
    }
    let c = c.trim_end_matches('/');
    Some(if c.contains(['*', '?', '[']) {
        c.to_string()
    } else {
        clean(c)
    })
}

/// Whether `claim` names `path` (both relative to the scratch folder): `*` and `.`
/// (the working directory's files), a glob, or a path and all under it.
fn covers(claim: &str, path: &str, root: &str) -> bool {
    let Some(c) = relative(claim, root) else {
        return false;
    };
    let c = c.as_str();
    if c.is_empty() || c == "*" {
        return true;
    }
    if c.contains(['*', '?', '[']) {
        let Ok(glob) = globset::GlobBuilder::new(c).literal_separator(true).build() else {
            return false;
        };
        let m = glob.compile_matcher();
        // A glob names files, and with them all under them (`dir/*` holds dir/sub/d).
        let mut p = Path::new(path);
        loop {
            if m.is_match(p) {
                return true;
            }
            match p.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => p = parent,
                _ => return false,
            }
        }
    }
    path == c || path.starts_with(&format!("{c}/"))
}

struct Claims {
    writes: Vec<String>,
    removes: Vec<String>,
    reads: Vec<String>,
    /// The programs the body runs, wrappers peeled off.
    programs: Vec<String>,
}

fn claims(body: &str) -> Result<Claims, String> {
    let doc = Document::parse(format!("FROM scratch\nRUN {body}\n").into_bytes())
        .map_err(|e| format!("does not parse: {e}"))?;
    let effects: &[Effect] = doc.effects(1).ok_or("not read as shell")?;
    let mut c = Claims {
        writes: Vec::new(),
        removes: Vec::new(),
        reads: Vec::new(),
        programs: Vec::new(),
    };
    for e in effects {
        // A case must be one the facts claim to describe in full.
        if !e.known || e.runs_commands || e.runs_script {
            return Err(format!(
                "`{}` is not described in full by the facts (known {}, runs commands {}, runs a script {})",
                e.program, e.known, e.runs_commands, e.runs_script
            ));
        }
        c.programs.push(e.program.clone());
        c.writes.extend(e.writes.iter().cloned());
        c.removes.extend(e.removes.iter().cloned());
        c.reads.extend(e.reads.iter().cloned());
        // What a link points at (`ln -s ../a.txt out/up`: relative to the link's
        // folder), which ln looks up.
        for t in &e.links_to {
            c.reads.push(t.clone());
            for w in &e.writes {
                let parent = Path::new(w).parent().unwrap_or(Path::new(""));
                c.reads.push(clean(&parent.join(t).to_string_lossy()));
            }
        }
    }
    Ok(c)
}

/// Paths under `root` that the traced processes opened or looked up, as `(path, how)`,
/// from `strace -y` output (file descriptors and AT_FDCWD carry their paths).
fn traced(log: &str, root: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in log.lines() {
        let Some(call) = line.split_once(' ').map(|(_, c)| c.trim_start()) else {
            continue;
        };
        let Some((name, args)) = call.split_once('(') else {
            continue;
        };
        let path = match name {
            "openat" | "open" => {
                // What was opened, resolved by the kernel: `= 3</scratch/a.txt>`. A
                // folder opened is a handle (for `*at` calls, or to come back to):
                // what it holds is read when it is listed (getdents64, below).
                if args.contains("O_WRONLY") || args.contains("O_DIRECTORY") {
                    continue;
                }
                let Some((_, ret)) = args.rsplit_once(" = ") else {
                    continue;
                };
                let Some(p) = ret.split_once('<').and_then(|(_, p)| p.strip_suffix('>')) else {
                    continue;
                };
                p.to_string()
            }
            "getdents64" | "getdents" => {
                // `getdents64(3</scratch/dir>, ...)`: a folder listed.
                let Some(p) = args
                    .split_once('<')
                    .and_then(|(_, rest)| rest.split_once('>'))
                    .map(|(p, _)| p)
                else {
                    continue;
                };
                p.to_string()
            }
            "newfstatat" | "statx" | "faccessat2" | "faccessat" | "readlinkat" => {
                // `newfstatat(AT_FDCWD</scratch>, "a.txt", ...)`
                let Some((dirfd, rest)) = args.split_once(", \"") else {
                    continue;
                };
                let Some((p, _)) = rest.split_once('"') else {
                    continue;
                };
                if p.is_empty() {
                    continue;
                }
                if p.starts_with('/') {
                    p.to_string()
                } else {
                    let Some(dir) = dirfd.split_once('<').and_then(|(_, d)| d.strip_suffix('>'))
                    else {
                        continue;
                    };
                    format!("{dir}/{p}")
                }
            }
            _ => continue,
        };
        let clean = format!("/{}", clean(&path));
        let Some(rel) = clean.strip_prefix(root) else {
            continue;
        };
        let rel = rel.trim_start_matches('/');
        // The shell itself looks up its starting folder (`$PWD`): a stat of the
        // scratch folder is not a read; opening it to list it is.
        if rel.is_empty() && !name.starts_with("getdents") {
            continue;
        }
        out.push((rel.to_string(), name.to_string()));
    }
    out
}

fn has(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null")])
        .status()
        .is_ok_and(|s| s.success())
}

fn strace_works() -> bool {
    Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null", "true"])
        .status()
        .is_ok_and(|s| s.success())
}

/// What running one body showed.
enum Outcome {
    /// It ran and did only what the facts say.
    Within,
    /// It ran and did more: what.
    Beyond(Vec<String>),
    /// It failed (its status and error output): nothing to compare.
    Failed(String),
    /// This machine lacks one of its programs.
    Missing(Vec<String>),
}

/// Runs `body` (`sh -c`, under strace when `strace`) in a scratch folder made by
/// seed.sh and compares what it did with what the facts claim.
fn run_body(body: &str, strace: bool) -> Result<Outcome, String> {
    let c = claims(body)?;
    let missing: Vec<String> = c
        .programs
        .iter()
        .filter(|p| !p.is_empty() && !has(p))
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Ok(Outcome::Missing(missing));
    }
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/effects_real/seed.sh");
    let scratch = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let root = fs::canonicalize(scratch.path()).unwrap();
    let root_s = root.to_string_lossy().into_owned();
    let ok = Command::new("sh")
        .arg(&seed)
        .current_dir(&root)
        .status()
        .unwrap()
        .success();
    assert!(ok, "seed.sh failed");
    let before = snapshot(&root);
    // The seed's links: a claim on a link is a claim on what it points at (`touch
    // link`, `cp link out` follow it).
    let links: Vec<(String, String)> = before
        .iter()
        .filter_map(|(p, e)| match e {
            Entry::Link { target } => {
                let dir = Path::new(p).parent().unwrap_or(Path::new(""));
                let t = clean(&dir.join(target).to_string_lossy());
                Some((p.clone(), t))
            }
            _ => None,
        })
        .collect();
    // A claim on a path under `p` (so `p` is a folder on the way to it).
    let under = |claim: &str, p: &str| {
        relative(claim, &root_s).is_some_and(|r| r.starts_with(&format!("{p}/")))
    };
    let covered = |claims: &[String], p: &str| {
        claims.iter().any(|c| {
            covers(c, p, &root_s)
                || links.iter().any(|(l, t)| {
                    (p == t || p.starts_with(&format!("{t}/"))) && covers(c, l, &root_s)
                })
        })
    };
    let log = home.path().join("strace.log");
    let mut cmd = if strace {
        let mut c = Command::new("strace");
        c.args(["-f", "-qq", "-y", "-e"])
            .arg("trace=openat,open,getdents64,newfstatat,statx,faccessat,faccessat2,readlinkat")
            .args(["-e", "status=successful", "-o"])
            .arg(&log)
            .args(["sh", "-c", body]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", body]);
        c
    };
    let out = cmd
        .current_dir(&root)
        .env("HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("LC_ALL", "C")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    if !out.status.success() {
        return Ok(Outcome::Failed(format!(
            "exits {} ({})",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    let after = snapshot(&root);
    let mut wrong = Vec::new();
    for (p, e) in &after {
        let changed = match (before.get(p), e) {
            (None, _) => "creates",
            (Some(Entry::Dir { mode: a }), Entry::Dir { mode: b }) if a == b => continue,
            (Some(old), new) if old == new => continue,
            _ => "changes",
        };
        // A folder made on the way to a path it writes (`mkdir -p`, `install -D`).
        let on_the_way = changed == "creates"
            && matches!(e, Entry::Dir { .. })
            && c.writes.iter().any(|w| under(w, p));
        if !on_the_way && !covered(&c.writes, p) {
            wrong.push(format!("{changed} `{p}`, not in writes {:?}", c.writes));
        }
    }
    for p in before.keys().filter(|p| !after.contains_key(*p)) {
        if !covered(&c.removes, p) {
            wrong.push(format!("removes `{p}`, not in removes {:?}", c.removes));
        }
    }
    if strace {
        let log = fs::read_to_string(&log).unwrap_or_default();
        let mut seen = std::collections::BTreeSet::new();
        for (p, how) in traced(&log, &root_s) {
            // Only what was there before the body ran: it may read what it made.
            if !(p.is_empty() || before.contains_key(&p)) || !seen.insert(p.clone()) {
                continue;
            }
            let all = || c.reads.iter().chain(&c.writes).chain(&c.removes);
            // A folder looked up on the way to a path it claims (`unzip -d out`
            // looks up `out`, `mkdir -p a/b` looks up `a`).
            let on_the_way =
                how != "openat" && !how.starts_with("getdents") && all().any(|r| under(r, &p));
            let every: Vec<String> = all().cloned().collect();
            if !on_the_way && !covered(&every, &p) {
                let shown = if p.is_empty() { "." } else { &p };
                wrong.push(format!(
                    "reads `{shown}` ({how}), not in reads {:?}",
                    c.reads
                ));
            }
        }
    }
    Ok(if wrong.is_empty() {
        Outcome::Within
    } else {
        Outcome::Beyond(wrong)
    })
}

fn say_strace() -> bool {
    let strace = strace_works();
    if !strace {
        eprintln!(
            "skipped: reads are not checked: this machine has no working strace (apt-get install strace)"
        );
    }
    strace
}

#[test]
fn effects_facts_cover_what_the_real_programs_do() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/effects_real");
    let cases = fs::read_to_string(dir.join("cases.txt")).unwrap();
    let strace = say_strace();
    let (mut ran, mut skipped, mut failures) = (0, Vec::new(), Vec::new());
    let mut unknown = 0;
    for line in cases
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        // Bodies whose effects the facts must not claim to know (a script from a file).
        if let Some(body) = line.strip_prefix("unknown: ") {
            unknown += 1;
            if claims(body).is_ok() {
                failures.push(format!("{body}\n    the facts claim to know what it does"));
            }
            continue;
        }
        match run_body(line, strace) {
            Err(e) => failures.push(format!("{line}\n    {e}")),
            Ok(Outcome::Missing(m)) => skipped.push(format!("{line} (no {})", m.join(", "))),
            // A case of the list must run: one that fails checks nothing.
            Ok(Outcome::Failed(why)) => failures.push(format!("{line}\n    {why}")),
            Ok(Outcome::Beyond(wrong)) => {
                ran += 1;
                failures.push(format!("{line}\n    {}", wrong.join("\n    ")));
            }
            Ok(Outcome::Within) => ran += 1,
        }
    }
    for s in &skipped {
        eprintln!("skipped: {s}");
    }
    eprintln!(
        "effects_real: {ran} bodies run, {} skipped, {unknown} known to be unknown, reads {}",
        skipped.len(),
        if strace {
            "checked with strace"
        } else {
            "not checked"
        }
    );
    assert!(ran > 0, "no case ran");
    assert!(
        failures.is_empty(),
        "{} of the bodies do what the facts do not say:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[derive(serde::Deserialize)]
struct Generated {
    programs: BTreeMap<String, Options>,
}

#[derive(serde::Deserialize)]
struct Options {
    options: Vec<String>,
    operands: Vec<String>,
    max_operands: usize,
    #[serde(default)]
    options_after_operands: bool,
}

/// A word as the shell must be given it to pass it on unchanged.
fn quoted(w: &str) -> String {
    if w.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./=:+,".contains(c))
    {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', r"'\''"))
    }
}

/// Bodies made of each program's options and operands (tests/effects_real/
/// generate.toml) in a fixed pseudo-random order: one option word each, or short
/// options without values joined into one cluster (`-rf`), then the operands.
fn generated(per_program: usize) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/effects_real/generate.toml");
    let spec: Generated = toml::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let mut next = common::picker(0x9E37_79B9_7F4A_7C15);
    let mut out = Vec::new();
    for (program, o) in &spec.programs {
        for _ in 0..per_program {
            let mut options: Vec<&String> = Vec::new();
            for _ in 0..next(4) {
                let pick = &o.options[next(o.options.len())];
                if !options.contains(&pick) {
                    options.push(pick);
                }
            }
            let mut words: Vec<String> = Vec::new();
            let cluster = next(3) == 0;
            for opt in options {
                let mut parts = opt.splitn(2, ' ');
                let name = parts.next().unwrap();
                let value = parts.next();
                let short = name.len() == 2 && name.starts_with('-') && value.is_none();
                match words.last_mut() {
                    Some(last)
                        if cluster
                            && short
                            && last.starts_with('-')
                            && !last.starts_with("--")
                            && last[1..].chars().all(|c| c.is_ascii_alphabetic()) =>
                    {
                        last.push_str(&name[1..])
                    }
                    _ => words.push(quoted(name)),
                }
                if let Some(v) = value {
                    words.push(quoted(v));
                }
            }
            let mut operands = Vec::new();
            for _ in 0..1 + next(o.max_operands) {
                operands.push(quoted(&o.operands[next(o.operands.len())]));
            }
            let body = if o.options_after_operands {
                [vec![program.clone()], operands, words].concat()
            } else {
                [vec![program.clone()], words, operands].concat()
            };
            out.push(body.join(" "));
        }
    }
    out
}

/// Generated combinations of the options the facts read, over the same seed tree:
/// every body that runs must stay within its facts, as the listed cases must.
#[test]
fn generated_option_combinations_stay_within_the_facts() {
    let strace = say_strace();
    let (mut ran, mut failed, mut unknown, mut failures) = (0, 0, 0, Vec::new());
    let mut missing = std::collections::BTreeSet::new();
    // DOCKERLEAN_EFFECTS_GENERATED=N: N bodies per program instead of 30 (a deeper run).
    let per_program = std::env::var("DOCKERLEAN_EFFECTS_GENERATED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(30);
    for body in generated(per_program) {
        match run_body(&body, strace) {
            // Not described in full (`sed -f`): nothing claimed to check.
            Err(_) => unknown += 1,
            Ok(Outcome::Missing(m)) => missing.extend(m),
            Ok(Outcome::Failed(_)) => failed += 1,
            Ok(Outcome::Beyond(wrong)) => {
                ran += 1;
                failures.push(format!("{body}\n    {}", wrong.join("\n    ")));
            }
            Ok(Outcome::Within) => ran += 1,
        }
    }
    if !missing.is_empty() {
        eprintln!(
            "skipped: bodies of {} (not on this machine)",
            missing.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
    eprintln!(
        "effects_real generated: {ran} bodies ran, {failed} failed (not checked), {unknown} unknown to the facts"
    );
    assert!(ran > 100, "only {ran} generated bodies ran");
    assert!(
        failures.is_empty(),
        "{} generated bodies do what the facts do not say:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
