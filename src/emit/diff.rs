//! Unified diffs that `git apply` and `patch -p1` accept.

use similar::TextDiff;

/// A unified diff of `old` -> `new` for `path` (with `a/` and `b/` prefixes), or an
/// empty string when they are equal. `old = None` makes a new-file diff.
pub fn unified(path: &str, old: Option<&[u8]>, new: &[u8]) -> Vec<u8> {
    let old_bytes = old.unwrap_or(b"");
    if old.is_some() && old_bytes == new {
        return Vec::new();
    }
    let diff = TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_lines(old_bytes, new);
    let from = if old.is_some() {
        format!("a/{path}")
    } else {
        "/dev/null".to_string()
    };
    let mut out = Vec::new();
    if old.is_none() {
        out.extend_from_slice(
            format!("diff --git a/{path} b/{path}\nnew file mode 100644\n").as_bytes(),
        );
    }
    diff.unified_diff()
        .context_radius(3)
        .header(&from, &format!("b/{path}"))
        .to_writer(&mut out)
        .expect("writing to a Vec cannot fail");
    out
}

/// Colours a diff for a terminal: `-` red, `+` green, `@@` cyan.
pub fn colorize(diff: &[u8]) -> Vec<u8> {
    use anstyle::{AnsiColor, Style};
    let mut out = Vec::with_capacity(diff.len() + 256);
    for line in diff.split_inclusive(|&b| b == b'\n') {
        let style = if line.starts_with(b"+++") || line.starts_with(b"---") {
            Style::new().bold()
        } else if line.starts_with(b"+") {
            AnsiColor::Green.on_default()
        } else if line.starts_with(b"-") {
            AnsiColor::Red.on_default()
        } else if line.starts_with(b"@@") {
            AnsiColor::Cyan.on_default()
        } else {
            Style::new()
        };
        let (body, nl) = match line.strip_suffix(b"\n") {
            Some(b) => (b, &b"\n"[..]),
            None => (line, &b""[..]),
        };
        out.extend_from_slice(format!("{}", style.render()).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(format!("{}", style.render_reset()).as_bytes());
        out.extend_from_slice(nl);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_give_no_diff() {
        assert!(unified("Dockerfile", Some(b"FROM a\n"), b"FROM a\n").is_empty());
    }

    #[test]
    fn missing_final_newline_is_marked() {
        let d = String::from_utf8(unified(
            "Dockerfile",
            Some(b"FROM a\nRUN a"),
            b"FROM a\nRUN b",
        ))
        .unwrap();
        assert!(d.starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n"), "{d}");
        assert!(
            d.contains(
                "-RUN a\n\\ No newline at end of file\n+RUN b\n\\ No newline at end of file\n"
            ),
            "{d}"
        );
    }

    #[test]
    fn new_file_diff_has_dev_null_header() {
        let d = String::from_utf8(unified(".dockerignore", None, b".git\n")).unwrap();
        assert!(d.contains("--- /dev/null\n+++ b/.dockerignore\n"), "{d}");
        assert!(d.contains("+.git\n"), "{d}");
    }

    #[test]
    fn git_applies_a_new_file_diff() {
        let dir = tempfile::tempdir().unwrap();
        let d = unified("sub/.dockerignore", None, b".git\nnode_modules\n");
        std::fs::write(dir.path().join("p.patch"), &d).unwrap();
        let st = std::process::Command::new("git")
            .args(["apply", "p.patch"])
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(st.success());
        assert_eq!(
            std::fs::read(dir.path().join("sub/.dockerignore")).unwrap(),
            b".git\nnode_modules\n"
        );
    }

    #[test]
    fn colour_wraps_lines_without_touching_them() {
        let d = unified("D", Some(b"a\n"), b"b\n");
        let c = String::from_utf8(colorize(&d)).unwrap();
        assert!(c.contains("\u{1b}["));
        let plain: String = anstream::adapter::strip_str(&c).to_string();
        assert_eq!(plain.as_bytes(), d.as_slice());
    }
}
