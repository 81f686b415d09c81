//! Command-line tests. Each `tests/cli/NAME.toml` names the arguments, standard input,
//! input tree (`base`) and exit code of one run of dockerlean; the expected standard
//! output and error are `NAME.stdout` and `NAME.stderr`, compared byte for byte (a
//! line `...` skips any lines). With `sandbox = true` the run happens in a copy of the
//! tree, which must then equal `NAME.out/`. `DOCKERLEAN_BLESS=1` rewrites the expected
//! files, to be reviewed by reading them.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_tree, files};
use std::process::{Command, Stdio};

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    args: Vec<String>,
    #[serde(default)]
    stdin: Option<String>,
    #[serde(default)]
    base: Option<String>,
    #[serde(default)]
    sandbox: bool,
    status: i32,
}

/// `expected` matches `actual` line by line, where a line `...` matches any run of lines.
fn matches(expected: &str, actual: &str) -> bool {
    let exp: Vec<&str> = expected.split_inclusive('\n').collect();
    let act: Vec<&str> = actual.split_inclusive('\n').collect();
    fn go(e: &[&str], a: &[&str]) -> bool {
        match e.split_first() {
            None => a.is_empty(),
            Some((&"...\n", rest)) => (0..=a.len()).any(|k| go(rest, &a[k..])),
            Some((line, rest)) => a.first() == Some(line) && go(rest, &a[1..]),
        }
    }
    go(&exp, &act)
}

fn run_case(toml_path: &Path, bless: bool) -> Result<(), String> {
    let dir = toml_path.parent().unwrap();
    let name = toml_path
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let case: Case = toml::from_str(&std::fs::read_to_string(toml_path).unwrap())
        .map_err(|e| format!("{name}: {e}"))?;
    let sandbox = tempfile::tempdir().unwrap();
    let cwd = match (&case.base, case.sandbox) {
        (Some(b), true) => {
            copy_tree(&dir.join(b), sandbox.path());
            sandbox.path().to_path_buf()
        }
        (Some(b), false) => dir.join(b),
        (None, _) => sandbox.path().to_path_buf(),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_dockerlean"))
        .args(&case.args)
        .current_dir(&cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(case.stdin.as_deref().unwrap_or("").as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let mut problems = Vec::new();
    if out.status.code() != Some(case.status) {
        problems.push(format!(
            "exit code {:?}, expected {}",
            out.status.code(),
            case.status
        ));
    }
    for (ext, actual) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let path = dir.join(format!("{name}.{ext}"));
        let actual = String::from_utf8_lossy(actual);
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if bless {
            // A snapshot that still matches keeps its `...` lines (written by hand).
            if !matches(&expected, &actual) {
                std::fs::write(&path, actual.as_bytes()).unwrap();
            }
            continue;
        }
        if !matches(&expected, &actual) {
            problems.push(format!(
                "{ext} differs\n--- expected\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    if case.sandbox {
        let expected_dir = dir.join(format!("{name}.out"));
        if bless {
            let _ = std::fs::remove_dir_all(&expected_dir);
            copy_tree(&cwd, &expected_dir);
        } else if files(&expected_dir) != files(&cwd) {
            problems.push(format!("the tree after the run differs from {name}.out/"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{name}: {}", problems.join("\n")))
    }
}

#[test]
fn cli_cases() {
    let bless = std::env::var_os("DOCKERLEAN_BLESS").is_some();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "CLI cases are missing");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| run_case(c, bless).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Applies a unified diff of `fix` to the tree in `dir` with `git apply`.
fn git_apply(dir: &Path, patch: &[u8]) {
    std::fs::write(dir.join("change.patch"), patch).unwrap();
    let st = Command::new("git")
        .args(["apply", "--whitespace=nowarn", "change.patch"])
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(st.success(), "git apply rejects the diff");
    std::fs::remove_file(dir.join("change.patch")).unwrap();
}

#[test]
fn dry_run_diff_applies_with_git_and_equals_write() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/mono.in");
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&src, dir.path());
    let bin = env!("CARGO_BIN_EXE_dockerlean");
    let diff = Command::new(bin)
        .args(["fix", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(1));
    assert!(!diff.stdout.is_empty());
    let written = tempfile::tempdir().unwrap();
    copy_tree(&src, written.path());
    let w = Command::new(bin)
        .args(["fix", "--write", "."])
        .current_dir(written.path())
        .output()
        .unwrap();
    assert_eq!(w.status.code(), Some(0));
    git_apply(dir.path(), &diff.stdout);
    assert_eq!(files(dir.path()), files(written.path()));
}

/// dockerlean's own image (the repository's Dockerfile, built in the real-build lane)
/// is one dockerlean has nothing to say about, unsafe fixes and its context included.
#[test]
fn the_repositorys_own_dockerfile_gets_no_finding() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = Command::new(env!("CARGO_BIN_EXE_dockerlean"))
        .args(["check", "--unsafe", "--isolated", "Dockerfile"])
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.stdout.is_empty());
}

/// `fix --write` over more files than one chunk (1,024: each chunk is written while the
/// next is read) writes what `fix` shows, refuses the read-only files, reports them in
/// path order and leaves no temporary file.
#[test]
fn write_across_chunks_equals_the_diff() {
    use std::os::unix::fs::PermissionsExt;
    let merge = "FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n";
    let keep = "FROM scratch\nCOPY app /app\n";
    let src = tempfile::tempdir().unwrap();
    let mut read_only = Vec::new();
    for n in 0..2_100 {
        let p = src.path().join(format!("d{:02}/{n:04}/Dockerfile", n % 7));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let text = if n % 3 == 0 { keep } else { merge };
        std::fs::write(&p, text).unwrap();
        if n % 401 == 1 {
            read_only.push((p.strip_prefix(src.path()).unwrap().to_path_buf(), text));
        }
    }
    let bin = env!("CARGO_BIN_EXE_dockerlean");
    let diff = Command::new(bin)
        .args(["fix", "--isolated", "."])
        .current_dir(src.path())
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(1));
    let shown = tempfile::tempdir().unwrap();
    copy_tree(src.path(), shown.path());
    git_apply(shown.path(), &diff.stdout);
    // The read-only files keep their old text when written.
    for (rel, text) in &read_only {
        std::fs::write(shown.path().join(rel), text).unwrap();
        std::fs::set_permissions(src.path().join(rel), std::fs::Permissions::from_mode(0o444))
            .unwrap();
    }
    let w = Command::new(bin)
        .args(["fix", "--write", "--isolated", "--quiet", "."])
        .current_dir(src.path())
        .output()
        .unwrap();
    assert_eq!(
        w.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&w.stderr)
    );
    let written = files(src.path());
    assert_eq!(written.len(), 2_100, "a temporary file is left");
    let differ: Vec<_> = written
        .iter()
        .zip(files(shown.path()))
        .filter(|(a, b)| **a != *b)
        .map(|(a, _)| a.0.clone())
        .collect();
    assert!(differ.is_empty(), "written unlike the diff: {differ:?}");
    let refused: Vec<String> = String::from_utf8_lossy(&w.stderr)
        .lines()
        .filter(|l| l.contains("read-only"))
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect();
    // The files that change, in path order (read_only is in creation order).
    let mut expected: Vec<String> = read_only
        .iter()
        .filter(|(_, text)| *text == merge)
        .map(|(p, _)| p.display().to_string())
        .collect();
    expected.sort();
    assert_eq!(refused, expected);
}
