//! The pre-commit hooks of `.pre-commit-hooks.yaml`, exercised as pre-commit runs them:
//! each hook's `files` pattern (a Python regular expression, matched here with Python's
//! `re` like pre-commit does) picks the Dockerfiles of a project, and its `entry` runs
//! with those file names. `dockerlean-check` fails on a file with findings and passes on
//! a clean one; `dockerlean-fix` rewrites in place and converges.

use std::path::Path;
use std::process::Command;

struct Hook {
    id: String,
    entry: String,
    files: String,
}

/// The hooks, read from the YAML list (flat `key: value` lines, as the file is written).
fn hooks() -> Vec<Hook> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    let mut out: Vec<Hook> = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let line = line.trim_start_matches("- ").trim();
        let Some((k, v)) = line.split_once(": ") else {
            continue;
        };
        match k {
            "id" => out.push(Hook {
                id: v.to_string(),
                entry: String::new(),
                files: String::new(),
            }),
            "entry" => out.last_mut().unwrap().entry = v.to_string(),
            "files" => out.last_mut().unwrap().files = v.to_string(),
            _ => {}
        }
    }
    out
}

/// Which of `names` the pattern selects, with Python's `re.search` as pre-commit uses.
fn selected(pattern: &str, names: &[&str]) -> Vec<String> {
    let script = "import re, sys\np = re.compile(sys.argv[1])\nfor n in sys.argv[2:]:\n    print(n) if p.search(n) else None";
    let o = Command::new("python3")
        .args(["-c", script, pattern])
        .args(names)
        .output()
        .expect("python3 runs pre-commit's patterns");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Runs a hook's entry in `dir` with `files`, the dockerlean on PATH being this build.
fn run(hook: &Hook, dir: &Path, files: &[String]) -> std::process::Output {
    let mut words = hook.entry.split_whitespace();
    assert_eq!(words.next(), Some("dockerlean"), "{}", hook.id);
    Command::new(env!("CARGO_BIN_EXE_dockerlean"))
        .args(words)
        .args(files)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn the_hooks_select_dockerfiles_and_check_and_fix_them() {
    let hooks = hooks();
    let ids: Vec<&str> = hooks.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["dockerlean-check", "dockerlean-fix"]);

    let names = [
        "Dockerfile",
        "services/api/Dockerfile",
        "Dockerfile.prod",
        "web.Dockerfile",
        "Containerfile",
        "README.md",
        "src/main.rs",
        "docs/Dockerfiles.md",
    ];
    for h in &hooks {
        assert_eq!(
            selected(&h.files, &names),
            [
                "Dockerfile",
                "services/api/Dockerfile",
                "Dockerfile.prod",
                "web.Dockerfile",
                "Containerfile"
            ],
            "{}",
            h.id
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let fixable = "FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n";
    let clean = "FROM scratch\nCOPY app /app\n";
    std::fs::create_dir_all(dir.path().join("services/api")).unwrap();
    std::fs::write(dir.path().join("services/api/Dockerfile"), fixable).unwrap();
    std::fs::write(dir.path().join("Dockerfile.prod"), clean).unwrap();
    let files = vec![
        "services/api/Dockerfile".to_string(),
        "Dockerfile.prod".to_string(),
    ];

    let check = &hooks[0];
    let o = run(check, dir.path(), &files);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("services/api/Dockerfile:2:1: merge-runs"),
        "{out}"
    );
    assert!(!out.contains("Dockerfile.prod"), "{out}");
    let o = run(check, dir.path(), &files[1..]);
    assert_eq!(o.status.code(), Some(0));

    let fix = &hooks[1];
    let o = run(fix, dir.path(), &files);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let fixed = std::fs::read_to_string(dir.path().join("services/api/Dockerfile")).unwrap();
    assert_ne!(fixed, fixable);
    assert!(fixed.contains("rm -rf /var/lib/apt/lists/*"), "{fixed}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile.prod")).unwrap(),
        clean
    );
    // pre-commit runs the hook again on the next commit: nothing more changes.
    run(fix, dir.path(), &files);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("services/api/Dockerfile")).unwrap(),
        fixed
    );
}
