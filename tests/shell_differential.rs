//! Differential tests of merge-runs against real shells: generated sequences of RUN
//! bodies are run one by one (each in a fresh `sh -c`, in the same starting directory,
//! stopping at the first failure, as a build does) and as merge-runs rewrites them, in
//! `dash` and in `bash`. Standard output, standard error, the exit status and the files
//! left in the scratch directory (path, type, mode, content) must be equal.
//!
//! The shells are needed: a machine without dash or bash fails here (install them with
//! `apt-get install dash bash`) rather than skipping.

use std::path::Path;
use std::process::Command;

use dockerlean::Pipeline;
use dockerlean::syntax::{Form, Kind};

/// RUN bodies, each one line: session state (cd, export, set -e, set -o, umask, alias,
/// functions, traps, the command hash), exit codes, lists, pipelines, redirections and
/// subshells. Paths are relative: everything happens in the scratch directory.
const BODIES: &[&str] = &[
    "echo a > f1",
    "cat f1",
    "cat f1 >> f2 && cat f2",
    "mkdir -p d && cd d",
    "mkdir -p d; cd d; echo in-d > g",
    "cd d 2>/dev/null || echo no-d",
    "pwd | sed 's|.*/||'",
    "X=1",
    "export Y=2",
    "echo \"x=$X y=$Y\"",
    "false",
    "true",
    "exit 3",
    "exit 0",
    "false || echo rescued",
    "true && echo both",
    "set -e; false; echo after-false",
    "set -eux; echo a; false; echo b",
    "set -o errexit; mkdir e1; false; touch e2",
    "set -e; echo one; echo two",
    "set +e; false; echo went-on",
    "set -o pipefail; false | true; echo status=$?",
    "false | true; echo status=$?",
    "umask 077; touch u1",
    "touch u2",
    "alias ll='echo aliased'",
    "ll 2>/dev/null || echo no-alias",
    "f() { echo fn; }",
    "f 2>/dev/null || echo no-fn",
    "f() { echo fn; }; f",
    "cp f1 f3 2>/dev/null; type cp",
    "type cp",
    "hash 2>/dev/null; echo hashed",
    "command -V cp",
    "trap 'echo trapped' EXIT",
    "(cd d 2>/dev/null && touch inner) ; echo sub",
    "{ echo grouped; false; }",
    "echo piped | tr a-z A-Z > up && cat up",
    "echo err >&2",
    "mkdir -p lo && printf '#!/bin/sh\\necho old\\n' > lo/tool && chmod +x lo/tool",
    "tool",
    "tool && echo ran",
    "mkdir -p hi && printf '#!/bin/sh\\necho new\\n' > hi/tool && chmod +x hi/tool",
    "mv lo/tool lo/tool.bak 2>/dev/null; echo moved",
    // A tool that upgrades itself into an earlier folder of PATH (`pip3 install
    // --upgrade pip` over Debian's pip3).
    "mkdir -p lo hi && printf '#!/bin/sh\\nprintf \\047#!/bin/sh\\\\necho new\\\\n\\047 > hi/tool; chmod +x hi/tool; echo old\\n' > lo/tool && chmod +x lo/tool",
    "ls | sort",
    "test -f f1 && echo has-f1 || echo no-f1",
    "if [ -d d ]; then echo dir; else echo nodir; fi",
    "for i in 1 2; do echo $i; done > loop",
    "printf '%s\\n' \"$X\" > var",
    "set -e; touch s1; false; touch s2",
    "readonly R=1",
    "R=2 2>/dev/null || echo ro",
    "shift 2>/dev/null; echo shifted",
    "unset X; echo \"unset=$X\"",
    "echo `cat f1 2>/dev/null` && echo b > bq",
    "cd `echo d` 2>/dev/null || echo no-bq-d",
    "X=`echo 1`; echo \"x=$X `pwd | sed 's|.*/||'`\" > bqx",
];

/// A small deterministic generator (so a failure names a sequence that reproduces).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

#[derive(Debug, PartialEq)]
struct Run {
    stdout: String,
    stderr: String,
    status: i32,
    files: Vec<String>,
}

/// The bodies of the RUNs of a Dockerfile, as the shell receives them (continuations
/// joined the way BuildKit joins them).
fn bodies(src: &[u8]) -> Vec<String> {
    let doc = dockerlean::Document::parse(src.to_vec()).unwrap();
    doc.instructions
        .iter()
        .filter(|i| i.kind == Kind::Run)
        .map(|i| {
            let Form::Shell { range } = &i.form else {
                panic!("a shell-form RUN")
            };
            doc.text()[range.clone()].replace("\\\n", "")
        })
        .collect()
}

/// A Dockerfile of one RUN per body.
fn dockerfile(bodies: &[&str]) -> String {
    std::iter::once("FROM debian:bookworm\n".to_string())
        .chain(bodies.iter().map(|b| format!("RUN {b}\n")))
        .collect()
}

/// Where the RUNs of `src`, one by one, and those of `out`, the rewrite, end
/// differently in dash or bash: one report per shell.
fn differences(src: &str, out: &[u8], dir: &Path) -> Vec<String> {
    let (before, after) = (bodies(src.as_bytes()), bodies(out));
    ["dash", "bash"]
        .into_iter()
        .filter_map(|shell| {
            let a = run(shell, &before, dir);
            let b = run(shell, &after, dir);
            (a != b).then(|| {
                format!(
                    "{shell}:\n--- original\n{src}--- merged\n{}\n{a:#?}\n{b:#?}",
                    String::from_utf8_lossy(out)
                )
            })
        })
        .collect()
}

/// Runs the bodies one by one in `shell`, in a fresh scratch directory at `dir`.
fn run(shell: &str, bodies: &[String], dir: &Path) -> Run {
    if dir.exists() {
        std::fs::remove_dir_all(dir).unwrap();
    }
    std::fs::create_dir_all(dir).unwrap();
    let (mut stdout, mut stderr, mut status) = (String::new(), String::new(), 0);
    for b in bodies {
        let out = Command::new(shell)
            .arg("-c")
            .arg(b)
            .current_dir(dir)
            .env_clear()
            // Two folders of the scratch directory first on PATH: bodies put programs
            // there (the command hash).
            .env(
                "PATH",
                format!("{0}/hi:{0}/lo:/usr/local/bin:/usr/bin:/bin", dir.display()),
            )
            .output()
            .unwrap_or_else(|e| panic!("{shell} is needed (apt-get install {shell}): {e}"));
        stdout.push_str(&String::from_utf8_lossy(&out.stdout));
        stderr.push_str(&String::from_utf8_lossy(&out.stderr));
        status = out.status.code().unwrap_or(-1);
        if status != 0 {
            break;
        }
    }
    Run {
        stdout,
        stderr,
        status,
        files: listing(dir),
    }
}

fn listing(dir: &Path) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let m = std::fs::symlink_metadata(&p).unwrap();
            let rel = p.strip_prefix(dir).unwrap().display().to_string();
            let mode = m.permissions().mode() & 0o7777;
            if m.is_dir() {
                out.push(format!("{rel}/ {mode:o}"));
                stack.push(p);
            } else {
                let content = std::fs::read(&p).unwrap();
                out.push(format!(
                    "{rel} {mode:o} {:?}",
                    String::from_utf8_lossy(&content)
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn merged_runs_behave_like_the_originals_in_dash_and_bash() {
    let p = Pipeline::new().select(&["merge-runs"]).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("work");
    let mut rng = Lcg(0x5eed);
    let (mut merged, mut sequences) = (0, 0);
    let mut failures = Vec::new();
    for _ in 0..600 {
        let n = 2 + rng.next(3);
        let seq: Vec<&str> = (0..n).map(|_| BODIES[rng.next(BODIES.len())]).collect();
        let src = dockerfile(&seq);
        let out = p.run(src.clone().into_bytes()).unwrap().output;
        sequences += 1;
        if out == src.as_bytes() {
            continue;
        }
        merged += 1;
        failures.extend(differences(&src, &out, &dir));
    }
    eprintln!("{merged} of {sequences} generated sequences merged, each run in dash and bash");
    assert!(
        failures.is_empty(),
        "{} differences; first:\n{}",
        failures.len(),
        failures[0]
    );
    // The generator must exercise the merge, not only its refusals.
    assert!(merged * 3 > sequences, "{merged} of {sequences}");
}

/// The facts the merge relies on, checked in the real shells themselves: errexit is
/// ignored inside a command of an AND-OR list other than the last, and honoured in a
/// group that ends the list.
#[test]
fn posix_errexit_rules_hold_in_dash_and_bash() {
    for shell in ["dash", "bash"] {
        let out = |body: &str| {
            let o = Command::new(shell).arg("-c").arg(body).output().unwrap();
            (
                String::from_utf8_lossy(&o.stdout).into_owned(),
                o.status.code(),
            )
        };
        assert_eq!(
            out("( set -e; false; echo after ) && echo next"),
            ("after\nnext\n".to_string(), Some(0)),
            "{shell}"
        );
        assert_eq!(
            out("true && { set -e; false; echo after; }"),
            (String::new(), Some(1)),
            "{shell}"
        );
    }
}

/// The command hash: a program run again after another of its name appeared earlier on
/// PATH (or after it moved) is searched again in a new RUN, and in the merged one
/// after `hash -r`. Without it, the merged RUN ran the old program (or failed).
#[test]
fn merged_runs_search_path_again_like_new_runs() {
    let p = Pipeline::new().select(&["merge-runs"]).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("work");
    let lo = BODIES[BODIES.iter().position(|b| b.contains("echo old")).unwrap()];
    let hi = BODIES[BODIES.iter().position(|b| b.contains("echo new")).unwrap()];
    let mv = BODIES[BODIES.iter().position(|b| b.starts_with("mv lo")).unwrap()];
    let upgrades = BODIES[BODIES.iter().position(|b| b.contains("047")).unwrap()];
    let sequences: [&[&str]; 5] = [
        &[upgrades, "tool", "tool"],
        &[lo, "tool", hi, "tool"],
        &[lo, "tool", mv, "tool"],
        &[lo, "tool && echo ran", &format!("{hi} && tool")],
        &[lo, "tool", "echo unrelated", "tool"],
    ];
    for (k, seq) in sequences.iter().enumerate() {
        let src = dockerfile(seq);
        let out = p.run(src.clone().into_bytes()).unwrap().output;
        let text = String::from_utf8_lossy(&out).to_string();
        assert_ne!(text, src, "merged:\n{src}");
        // All but the last need the new search (the last is equal either way).
        assert!(k == 4 || text.contains("hash -r"), "{text}");
        let d = differences(&src, &out, &dir);
        assert!(d.is_empty(), "{}", d.join("\n"));
    }
}
