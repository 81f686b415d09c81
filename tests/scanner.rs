//! The scanner's rules, each written from BuildKit's documented behaviour.

use dockerlean::syntax::scanner::{LineKind, RawInstruction, Scan};
use dockerlean::syntax::{Segment, scan};

fn insts(s: &Scan) -> Vec<&RawInstruction> {
    s.instructions().collect()
}

fn keywords(src: &str) -> Vec<(String, usize, usize)> {
    let s = scan(src.as_bytes());
    assert!(s.error.is_none(), "{:?}", s.error);
    insts(&s)
        .iter()
        .map(|i| (i.keyword_text().to_string(), i.line, i.end_line))
        .collect()
}

fn lossless(src: &[u8]) {
    let s = scan(src);
    let joined: Vec<u8> = s
        .segments
        .iter()
        .flat_map(|g| src[g.range()].to_vec())
        .collect();
    assert_eq!(joined, src);
}

#[test]
fn bom_is_its_own_segment() {
    let src = "\u{feff}FROM a\nRUN b\n";
    let s = scan(src.as_bytes());
    assert_eq!(s.segments[0], Segment::Bom(0..3));
    assert_eq!(
        keywords(src),
        vec![("FROM".into(), 1, 1), ("RUN".into(), 2, 2)]
    );
    lossless(src.as_bytes());
}

#[test]
fn directives_only_at_the_top() {
    let s = scan(b"# syntax=docker/dockerfile:1\n# escape=`\nFROM a\n# escape=\\\nRUN b `\n c\n");
    assert_eq!(s.escape, b'`');
    assert_eq!(s.directive("syntax").unwrap().value, "docker/dockerfile:1");
    // The second `escape` comes after an instruction: a plain comment.
    assert_eq!(
        s.segments
            .iter()
            .filter(|g| matches!(g, Segment::Directive(_)))
            .count(),
        2
    );
    assert_eq!(insts(&s)[1].logical, "RUN b  c");
}

#[test]
fn a_blank_line_or_comment_ends_the_directives() {
    let s = scan(b"\n# escape=`\nFROM a\n");
    assert_eq!(s.escape, b'\\');
    let s = scan(b"# hello\n# escape=`\nFROM a\n");
    assert_eq!(s.escape, b'\\');
}

#[test]
fn duplicate_or_invalid_directives_are_errors() {
    let e = scan(b"# escape=`\n# escape=`\nFROM a\n").error.unwrap();
    assert_eq!(e.line, 2);
    assert!(e.message.contains("only one escape"));
    let e = scan(b"# escape=x\nFROM a\n").error.unwrap();
    assert!(e.message.contains("invalid escape"));
}

#[test]
fn single_escape_continues_two_do_not() {
    assert_eq!(
        keywords("FROM a\nRUN a \\\n b\nRUN c \\\\\nRUN d\n"),
        vec![
            ("FROM".into(), 1, 1),
            ("RUN".into(), 2, 3),
            ("RUN".into(), 4, 4),
            ("RUN".into(), 5, 5)
        ]
    );
    // Three escapes: BuildKit's rule looks at the character before the last one only.
    assert_eq!(keywords("FROM a\nRUN c \\\\\\\nRUN d\n").len(), 3);
    // Spaces and tabs after the escape still continue the line.
    assert_eq!(
        keywords("FROM a\nRUN a \\ \t\n b\n")[1],
        ("RUN".into(), 2, 3)
    );
}

#[test]
fn windows_paths_ending_in_two_backslashes_do_not_continue() {
    let k = keywords("FROM a\nWORKDIR C:\\\\\nRUN dir\n");
    assert_eq!(k.len(), 3);
}

#[test]
fn backtick_escape() {
    let s = scan(b"# escape=`\nFROM a\nRUN a `\n  b\nCOPY x C:\\dir\\\nRUN c\n");
    let i = insts(&s);
    assert_eq!(i.len(), 4);
    assert_eq!(i[1].logical, "RUN a   b");
}

#[test]
fn comments_and_empty_lines_inside_continuations() {
    let src = "FROM a\nRUN a \\\n# comment\n  \n    # indented comment\n  b\nRUN c\n";
    let s = scan(src.as_bytes());
    let run = insts(&s)[1];
    assert_eq!(run.logical, "RUN a   b");
    let kinds: Vec<LineKind> = run.lines.iter().map(|l| l.kind).collect();
    assert!(matches!(kinds[1], LineKind::Comment));
    assert!(matches!(kinds[2], LineKind::Empty));
    assert!(matches!(kinds[3], LineKind::Comment));
    assert_eq!((run.line, run.end_line), (2, 6));
    assert_eq!(keywords(src)[2], ("RUN".into(), 7, 7));
}

#[test]
fn lone_escape_line_starts_an_instruction_on_the_next_line() {
    assert_eq!(keywords("FROM a\n\\\nRUN b\n")[1], ("RUN".into(), 2, 3));
}

#[test]
fn heredocs() {
    let src = "FROM a\nRUN <<EOF\necho hi\nEOF\nRUN <<-X cat\n\techo tab\n\tX\nCOPY <<a.txt <<'b.txt' /d/\nA\na.txt\nB\nb.txt\nRUN python3 - <<PY > /out\nprint(1)\nPY\n";
    let k = keywords(src);
    assert_eq!(
        k,
        vec![
            ("FROM".into(), 1, 1),
            ("RUN".into(), 2, 4),
            ("RUN".into(), 5, 7),
            ("COPY".into(), 8, 12),
            ("RUN".into(), 13, 15)
        ]
    );
    let s = scan(src.as_bytes());
    let copy = insts(&s)[3];
    assert_eq!(copy.heredocs.len(), 2);
    assert_eq!(&src[copy.heredocs[0].body.clone()], "A\n");
    assert!(!copy.heredocs[1].expand, "quoted delimiter");
    assert!(insts(&s)[2].heredocs[0].chomp);
}

#[test]
fn heredocs_are_not_read_in_exec_form_or_other_instructions() {
    assert_eq!(
        keywords("FROM a\nRUN [\"sh\", \"-c\", \"cat <<EOF\"]\nEOF\n").len(),
        3
    );
    assert_eq!(keywords("FROM a\nENV X=<<EOF\nEOF\n").len(), 3);
}

#[test]
fn unterminated_heredoc_is_an_error_with_a_line() {
    let s = scan(b"FROM a\nRUN <<EOF\necho\n");
    let e = s.error.unwrap();
    assert_eq!(e.line, 2);
    assert_eq!(e.message, "unterminated heredoc");
    lossless(b"FROM a\nRUN <<EOF\necho\n");
}

#[test]
fn crlf_mixed_endings_and_no_final_newline() {
    let src = b"FROM a\r\nRUN a \\\r\n  b\nRUN c";
    let s = scan(src);
    assert!(s.crlf);
    assert!(!s.final_newline);
    let i = insts(&s);
    assert_eq!(i[1].logical, "RUN a   b");
    assert_eq!(&src[i[2].range.clone()], b"RUN c");
    lossless(src);
}

#[test]
fn lowercase_keywords_and_tabs() {
    assert_eq!(
        keywords("from a\n\trun\tb \\\n\tc\n"),
        vec![("from".into(), 1, 1), ("run".into(), 2, 3)]
    );
}

#[test]
fn invalid_utf8_is_scanned_losslessly() {
    let src = b"FROM a\nLABEL author=\"Jos\xe9\"\nRUN echo \xff \\\n b\n";
    let s = scan(src);
    assert!(s.error.is_none());
    assert_eq!(insts(&s).len(), 3);
    lossless(src);
    // The model keeps the offsets, and the original bytes stay reachable.
    let doc = dockerlean::Document::parse(src.to_vec()).unwrap();
    assert_eq!(doc.text().len(), src.len());
    assert_eq!(doc.bytes(), src);
}

#[test]
fn logical_offsets_map_back_to_the_file() {
    let src = "FROM a\nRUN ab \\\n  cd\n";
    let s = scan(src.as_bytes());
    let run = insts(&s)[1];
    let at = run.logical.find("cd").unwrap();
    assert_eq!(&src[run.file_offset(at)..run.file_offset(at) + 2], "cd");
}

#[test]
fn empty_exec_form_resets_are_modelled() {
    let doc = dockerlean::Document::parse(b"FROM a\nENTRYPOINT []\nCMD  [] \n".to_vec()).unwrap();
    for i in &doc.instructions[1..] {
        match &i.form {
            dockerlean::syntax::Form::Exec { args, range } => {
                assert!(args.is_empty());
                assert_eq!(&doc.text()[range.clone()], "[]");
            }
            other => panic!("{other:?}"),
        }
    }
}
