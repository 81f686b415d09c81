//! Inputs the fuzzers found, kept as regression tests: each must go through the same
//! checks as the pipeline fuzz target (no panic; refused inputs are left alone; output
//! re-parses and converges, lines the transforms do not own are kept) and the shell
//! target's (the hand-written shell reader never disagrees with tree-sitter).

mod invariants;

use std::path::Path;

use dockerlean::syntax::{Form, Kind, ShellBody};
use dockerlean::{Error, Pipeline};

#[test]
fn fuzz_findings_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        n += 1;
        let p = Pipeline::new().unsafe_fixes(true);
        match p.parse(data.clone()) {
            Err(_) => {
                // Refused by screening or by the model: the pipeline must refuse it too,
                // with an error, not a panic.
                assert!(p.run(data).is_err(), "{}", path.display());
            }
            Ok(before) => {
                for inst in before.instructions.iter().filter(|i| i.kind == Kind::Run) {
                    if let Form::Shell { range } = &inst.form {
                        let r = ShellBody::readings(&before, inst, range.start);
                        if let Some(d) = r.disagreement() {
                            panic!("{} line {}: {d}", path.display(), inst.line);
                        }
                    }
                }
                let o = p.run(data).unwrap();
                assert!(o.internal_errors.is_empty(), "{}", path.display());
                assert!(
                    invariants::keeps_unowned_lines(&before, &o.output),
                    "{}",
                    path.display()
                );
                let again = p.run(o.output.clone()).unwrap();
                assert_eq!(again.output, o.output, "{}", path.display());
            }
        }
    }
    assert!(n > 0);
}

#[test]
fn nul_bytes_are_refused_as_binary() {
    let data = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions/nul-bytes-in-run.bin"),
    )
    .unwrap();
    assert!(matches!(Pipeline::new().run(data), Err(Error::Binary(_))));
}
