//! Hostile and odd input: each gets a clear one-line error where it is an error, the file
//! stays as it was, and the other files of the run are still processed.

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dockerlean"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A tree with one good Dockerfile (two RUNs to merge) plus `name` holding `bytes`.
fn tree_with(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(d.path().join("good")).unwrap();
    std::fs::write(
        d.path().join("good/Dockerfile"),
        "FROM debian\nRUN a\nRUN b\n",
    )
    .unwrap();
    let p = d.path().join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
    d
}

const GOOD_AFTER: &str = "FROM debian\nRUN a && \\\n    b\n";

/// `--write` over the tree: the good file is rewritten, `name` keeps its bytes, and the
/// error is one line naming it.
fn assert_refused(name: &str, bytes: &[u8], message: &str) {
    let d = tree_with(name, bytes);
    let o = run(d.path(), &["fix", "--write", "."]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    let line = err
        .lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no error line for {name}:\n{err}"));
    assert!(line.contains(message), "{line}");
    assert_eq!(std::fs::read(d.path().join(name)).unwrap(), bytes);
    assert_eq!(
        std::fs::read_to_string(d.path().join("good/Dockerfile")).unwrap(),
        GOOD_AFTER
    );
}

#[test]
fn binary_file() {
    assert_refused(
        "bin/Dockerfile",
        b"FROM debian\nRUN a\0b\nRUN c\n",
        "binary file",
    );
}

#[test]
fn fifty_megabyte_file() {
    let mut big = b"FROM debian\n".to_vec();
    big.resize(50 * 1024 * 1024, b'#');
    big.push(b'\n');
    assert_refused("big/Dockerfile", &big, "not a hand-written Dockerfile");
}

#[test]
fn unterminated_heredoc() {
    assert_refused(
        "hd/Dockerfile",
        b"FROM debian\nRUN <<EOF\necho never ends\n",
        "unterminated heredoc",
    );
}

#[test]
fn latin1_file_is_fixed_and_keeps_its_bytes() {
    let src = b"FROM debian\nLABEL maintainer=\"Jos\xe9 Garc\xeda\"\nRUN a\nRUN b\n";
    let d = tree_with("latin1/Dockerfile", src);
    let o = run(d.path(), &["fix", "--write", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = std::fs::read(d.path().join("latin1/Dockerfile")).unwrap();
    assert_eq!(
        out,
        b"FROM debian\nLABEL maintainer=\"Jos\xe9 Garc\xeda\"\nRUN a && \\\n    b\n"
    );
    // The diff of a non-UTF-8 file applies too.
    let d2 = tree_with("latin1/Dockerfile", src);
    let diff = run(d2.path(), &["fix", "latin1"]);
    assert_eq!(diff.status.code(), Some(1));
    std::fs::write(d2.path().join("p.patch"), &diff.stdout).unwrap();
    let st = Command::new("git")
        .args(["apply", "p.patch"])
        .current_dir(d2.path())
        .status()
        .unwrap();
    assert!(st.success());
    assert_eq!(
        std::fs::read(d2.path().join("latin1/Dockerfile")).unwrap(),
        out
    );
}

#[test]
fn extremely_long_line_and_deep_continuations() {
    let mut src = String::from("FROM debian\nRUN echo ");
    src.push_str(&"x".repeat(1_000_000));
    src.push('\n');
    // One command continued over 20,000 lines, then a chain of 1,500 commands.
    src.push_str("RUN true");
    for i in 0..20_000 {
        src.push_str(&format!(" \\\n  {i}"));
    }
    for i in 0..1_500 {
        src.push_str(&format!(" && echo {i}"));
    }
    src.push('\n');
    let d = tree_with("long/Dockerfile", src.as_bytes());
    let o = run(d.path(), &["fix", "--write", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = std::fs::read_to_string(d.path().join("long/Dockerfile")).unwrap();
    assert!(out.starts_with("FROM debian\nRUN echo xxx"));
    assert!(
        out.contains(" && \\\n  true \\\n  0 \\\n  1"),
        "the two RUNs merge, indented like the file"
    );
    assert!(out.contains("  19999 && echo 0 && echo 1"));
    assert!(out.ends_with("&& echo 1499\n"));
    // And it has settled.
    let again = run(d.path(), &["fix", "--check", "long"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
}

#[test]
fn a_hundred_thousand_instructions() {
    let mut src = String::from("FROM debian:bookworm-slim\n");
    for i in 0..50_000 {
        src.push_str(&format!("ENV V{i}={i}\nRUN echo {i}\n"));
    }
    let d = tree_with("many/Dockerfile", src.as_bytes());
    let o = run(d.path(), &["check", "--format", "json", "many"]);
    // Nothing to merge (an ENV between every two RUNs), nothing to clean.
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "[]");
}

#[test]
fn deeply_nested_shell_is_left_alone() {
    let body = format!("{}true{}", "( ".repeat(5000), " )".repeat(5000));
    let src = format!("FROM debian\nRUN {body}\nRUN b\n");
    let d = tree_with("nested/Dockerfile", src.as_bytes());
    let o = run(d.path(), &["fix", "--write", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(d.path().join("nested/Dockerfile")).unwrap(),
        src
    );
}

#[test]
fn unreadable_path_among_good_files() {
    let d = tree_with("x/Dockerfile", b"FROM debian\n");
    // A path through a regular file cannot be read, even by root.
    let o = run(d.path(), &["fix", "good", "x/Dockerfile/Dockerfile"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.lines()
            .any(|l| l.starts_with("x/Dockerfile/Dockerfile: ")),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("+++ b/good/Dockerfile"));
}

#[test]
fn directory_named_like_a_dockerfile_is_not_a_file() {
    let d = tree_with("svc/Dockerfile/Dockerfile", b"FROM debian\nRUN a\nRUN b\n");
    let o = run(d.path(), &["fix", "--check", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("would change: svc/Dockerfile/Dockerfile"),
        "{out}"
    );
    assert!(out.contains("would change: good/Dockerfile"), "{out}");
}

#[test]
fn symlink_loops_are_reported_only_when_following_links() {
    let d = tree_with("good2/Dockerfile", b"FROM debian\n");
    std::os::unix::fs::symlink("..", d.path().join("good2/loop")).unwrap();
    let plain = run(d.path(), &["fix", "--check", "."]);
    assert_eq!(plain.status.code(), Some(1), "{}", stderr(&plain));
    let follow = run(d.path(), &["fix", "--check", "--follow-links", "."]);
    assert_eq!(follow.status.code(), Some(2));
    let err = stderr(&follow);
    assert!(err.to_lowercase().contains("loop"), "{err}");
    assert!(String::from_utf8_lossy(&follow.stdout).contains("would change: good/Dockerfile"));
}

#[test]
fn read_only_file_with_write() {
    use std::os::unix::fs::PermissionsExt;
    let src = b"FROM debian\nRUN a\nRUN b\n";
    let d = tree_with("ro/Dockerfile", src);
    let p = d.path().join("ro/Dockerfile");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = run(d.path(), &["fix", "--write", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("ro/Dockerfile: read-only file"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&p).unwrap(), src);
    assert_eq!(
        std::fs::read_to_string(d.path().join("good/Dockerfile")).unwrap(),
        GOOD_AFTER
    );
}

#[test]
fn full_disk_leaves_the_original() {
    // A file-size limit makes the temporary file's write fail as a full disk would.
    let d = tree_with("a/Dockerfile", b"FROM debian\nRUN a\nRUN b\n");
    let mut big = String::from("FROM debian\n");
    for i in 0..400 {
        big.push_str(&format!("RUN echo {i}\n"));
    }
    std::fs::write(d.path().join("a/Dockerfile"), &big).unwrap();
    let script = format!(
        "trap '' XFSZ; ulimit -f 4; exec {} fix --write a",
        env!("CARGO_BIN_EXE_dockerlean")
    );
    let o = Command::new("sh")
        .args(["-c", &script])
        .current_dir(d.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("a/Dockerfile: cannot write"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(d.path().join("a/Dockerfile")).unwrap(),
        big
    );
    let left: Vec<_> = std::fs::read_dir(d.path().join("a")).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left behind");
}
