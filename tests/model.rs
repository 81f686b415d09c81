//! What the model reads of files whose instructions the instruction parser rejects but
//! BuildKit's line parser accepts, and what transforms may then do.

use dockerlean::syntax::{Form, Kind, ModelError, Unread};
use dockerlean::{Document, Pipeline};

fn kinds(doc: &Document) -> Vec<Kind> {
    doc.instructions.iter().map(|i| i.kind).collect()
}

fn fixed(src: &str) -> String {
    let out = Pipeline::new().run(src.as_bytes().to_vec()).unwrap();
    String::from_utf8(out.output).unwrap()
}

#[test]
fn an_unknown_instruction_is_kept_unread_and_the_rest_is_read() {
    let src =
        "FROM debian:12\nRUN pip install flask\nCROSS_BUILD_COPY qemu /usr/bin/\nRUN echo hi\n";
    let doc = Document::parse(src.as_bytes().to_vec()).unwrap();
    assert_eq!(kinds(&doc), [Kind::From, Kind::Run, Kind::Other, Kind::Run]);
    assert_eq!(doc.unread(), Unread::Instructions);
    let other = &doc.instructions[2];
    assert_eq!(&src[other.keyword.clone()], "CROSS_BUILD_COPY");
    assert_eq!((other.line, other.end_line), (3, 3));
    // Read instructions keep their exact ranges and arguments.
    let Form::Shell { range } = &doc.instructions[3].form else {
        panic!("shell form expected");
    };
    assert_eq!(&src[range.clone()], "echo hi");
    assert_eq!(doc.stages.len(), 1);
    assert_eq!(doc.instructions[3].stage, Some(0));
}

#[test]
fn only_transforms_that_read_one_instruction_run_beside_unread_ones() {
    // pip-no-cache edits the RUN it reads; merge-runs (two RUNs around nothing unread
    // here, but it reads the stage) and apt-lists (later RUNs) do not run.
    let src = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN pip install flask\nWRONG thing\n";
    let out = fixed(src);
    assert!(out.contains("pip install --no-cache-dir flask"), "{out}");
    assert!(!out.contains("rm -rf /var/lib/apt/lists"), "{out}");
    assert_eq!(out.matches("\nRUN ").count(), 2, "{out}");
    assert!(out.ends_with("WRONG thing\n"));
    // The same file without the unknown line gets every transform.
    let full = fixed(&src.replace("WRONG thing\n", ""));
    assert!(full.contains("rm -rf /var/lib/apt/lists"), "{full}");
    assert_eq!(full.matches("\nRUN ").count(), 1, "{full}");
}

#[test]
fn an_unread_from_or_shell_changes_nothing() {
    for src in [
        "FROM debian:12\nRUN pip install flask\nFROM {{ base }}\nRUN pip install x\n",
        "FROM debian:12\nSHELL [\"pwsh\", 1 \nRUN pip install flask\n",
    ] {
        let doc = Document::parse(src.as_bytes().to_vec()).unwrap();
        assert_eq!(doc.unread(), Unread::Structure, "{src}");
        assert_eq!(fixed(src), src);
    }
}

#[test]
fn a_line_ending_in_two_escapes_ends_the_instruction_and_is_not_read() {
    // BuildKit does not continue after `\\`; the instruction parser would.
    let src = "FROM a\nCOPY x \\\n  C:\\\\dir\\\\\n\nENV B=1\nRUN pip install y\n";
    let doc = Document::parse(src.as_bytes().to_vec()).unwrap();
    assert_eq!(kinds(&doc), [Kind::From, Kind::Other, Kind::Env, Kind::Run]);
    assert_eq!(doc.instructions[2].args[0].value, "B=1");
    // Also when it is the last instruction (no disagreement on where the next starts).
    let doc = Document::parse(b"FROM a\nENV P=C:\\\\\n".to_vec()).unwrap();
    assert_eq!(kinds(&doc), [Kind::From, Kind::Other]);
}

#[test]
fn an_empty_exec_array_with_blanks_is_read() {
    let doc = Document::parse(b"FROM a\nENTRYPOINT [ ]\nCMD [\t]\n".to_vec()).unwrap();
    assert_eq!(doc.unread(), Unread::Nothing);
    for (inst, text) in doc.instructions[1..].iter().zip(["[ ]", "[\t]"]) {
        let Form::Exec { args, range } = &inst.form else {
            panic!("exec form expected");
        };
        assert!(args.is_empty());
        assert_eq!(&doc.text()[range.clone()], text);
    }
}

#[test]
fn files_without_a_stage_are_read_and_left_alone() {
    let src = "CMD [\"echo\", \"hi\"]\nRUN pip install x\n";
    let doc = Document::parse(src.as_bytes().to_vec()).unwrap();
    assert!(doc.stages.is_empty());
    assert_eq!(kinds(&doc), [Kind::Cmd, Kind::Run]);
    assert_eq!(fixed(src), src);
}

#[test]
fn buildkit_rejections_stay_errors_with_its_message_and_line() {
    let cases: [(&str, usize, &str); 4] = [
        ("", 1, "file with no instructions"),
        ("# just a comment\n", 1, "file with no instructions"),
        (
            "FROM a\nENV A=1 \\\n  {{ v }}\n",
            2,
            "Syntax error - can't find = in \"{{\". Must be of the form: name=value",
        ),
        ("FROM a\nLABEL x\n", 2, "LABEL must have two arguments"),
    ];
    for (src, line, message) in cases {
        match Document::parse(src.as_bytes().to_vec()) {
            Err(ModelError::Parse {
                line: l,
                message: m,
            }) => {
                assert_eq!((l, m.as_str()), (line, message), "{src:?}")
            }
            other => panic!("{src:?}: expected BuildKit's error, got {other:?}"),
        }
    }
    match Document::parse(b"FROM a\nCMD [\"a\", 2]\n".to_vec()) {
        Err(ModelError::Parse { line: 2, message }) => assert!(message.contains("strings only")),
        other => panic!("{other:?}"),
    }
}
