//! Unified diffs that `git apply` and `patch -p1` accept.

use similar::{ChangeTag, TextDiff};

/// A hunk's line range as unified diffs write it: `start,len`, 1-based, where an empty
/// range names the line before it.
fn hunk_range(r: &std::ops::Range<usize>) -> String {
    match r.len() {
        0 => format!("{},0", r.start),
        1 => format!("{}", r.start + 1),
        n => format!("{},{}", r.start + 1, n),
    }
}

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
    // Written by hand from the grouped operations so that lines go out byte for byte
    // (a non-UTF-8 line must stay as it is for the patch to apply).
    out.extend_from_slice(format!("--- {from}\n+++ b/{path}\n").as_bytes());
    for group in diff.grouped_ops(3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old = first.old_range().start..last.old_range().end;
        let new = first.new_range().start..last.new_range().end;
        out.extend_from_slice(
            format!("@@ -{} +{} @@\n", hunk_range(&old), hunk_range(&new)).as_bytes(),
        );
        for op in &group {
            for change in diff.iter_changes(op) {
                out.push(match change.tag() {
                    ChangeTag::Equal => b' ',
                    ChangeTag::Delete => b'-',
                    ChangeTag::Insert => b'+',
                });
                let line: &[u8] = change.value();
                out.extend_from_slice(line);
                if !line.ends_with(b"\n") {
                    out.extend_from_slice(b"\n\\ No newline at end of file\n");
                }
            }
        }
    }
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
