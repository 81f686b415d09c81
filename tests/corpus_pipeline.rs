//! The pipeline over the whole shared corpus: outputs re-scan, converge, apply as diffs,
//! keep the lines the transforms do not own, and are accepted by BuildKit's own parser.

mod common;
mod invariants;

use std::path::Path;
use std::process::Command;

use dockerlean::{Error, Pipeline};

struct Changed {
    rel: String,
    original: Vec<u8>,
    output: Vec<u8>,
    /// split-stages applied: it adds a stage, so instructions are added too.
    split: bool,
}

fn run_corpus() -> Option<(Vec<Changed>, usize, Vec<String>)> {
    let corpus = common::corpus()?;
    let p = Pipeline::new().unsafe_fixes(true);
    let mut changed = Vec::new();
    let mut errors = Vec::new();
    let mut total = 0;
    for (rel, bytes) in corpus {
        total += 1;
        match p.run(bytes.clone()) {
            Ok(o) => {
                assert!(
                    o.internal_errors.is_empty(),
                    "{rel}: internal errors {:?}",
                    o.internal_errors
                );
                if o.output != bytes {
                    let before = p.parse(bytes.clone()).expect("it ran, so it parses");
                    assert!(
                        invariants::keeps_unowned_lines(&before, &o.output),
                        "{rel}: a line the transforms do not own was lost or moved"
                    );
                    changed.push(Changed {
                        rel,
                        original: bytes,
                        output: o.output,
                        split: o.applied.iter().any(|(id, _)| *id == "split-stages"),
                    });
                }
            }
            Err(Error::Model(e)) => errors.push(format!("{rel}: {e}")),
            Err(e) => panic!("{rel}: {e}"),
        }
    }
    Some((changed, total, errors))
}

#[test]
fn outputs_rescan_converge_and_apply_as_diffs() {
    let Some((changed, total, errors)) = run_corpus() else {
        return;
    };
    assert!(
        !changed.is_empty(),
        "the corpus should give the transforms work"
    );
    eprintln!(
        "{total} files, {} changed, {} not processed",
        changed.len(),
        errors.len()
    );
    let p = Pipeline::new().unsafe_fixes(true);
    let dir = tempfile::tempdir().unwrap();
    let mut patch = Vec::new();
    let mut not_converged = Vec::new();
    for c in &changed {
        // Re-scans and re-models.
        let again = p
            .run(c.output.clone())
            .unwrap_or_else(|e| panic!("{}: output does not parse: {e}", c.rel));
        if again.output != c.output {
            not_converged.push(format!(
                "{}: a second run changes the output:\n{}",
                c.rel,
                String::from_utf8_lossy(&dockerlean::emit::diff::unified(
                    &c.rel,
                    Some(&c.output),
                    &again.output
                ))
            ));
        }
        let path = dir.path().join(&c.rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &c.original).unwrap();
        patch.extend(dockerlean::emit::diff::unified(
            &c.rel,
            Some(&c.original),
            &c.output,
        ));
    }
    assert!(not_converged.is_empty(), "{}", not_converged.join("\n"));
    std::fs::write(dir.path().join("all.patch"), &patch).unwrap();
    let st = Command::new("git")
        .args(["apply", "--whitespace=nowarn", "all.patch"])
        .current_dir(dir.path())
        .status()
        .expect("git is installed");
    assert!(st.success(), "git apply rejects the diffs");
    for c in &changed {
        let got = std::fs::read(dir.path().join(&c.rel)).unwrap();
        assert_eq!(
            got, c.output,
            "{}: the applied diff differs from --write",
            c.rel
        );
    }
}

#[test]
fn buildkit_accepts_every_output() {
    let Some((changed, _, _)) = run_corpus() else {
        return;
    };
    let reference = common::reference();
    let split: std::collections::HashMap<&str, bool> =
        changed.iter().map(|c| (c.rel.as_str(), c.split)).collect();
    let dir = tempfile::tempdir().unwrap();
    for c in &changed {
        let path = dir.path().join(&c.rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &c.output).unwrap();
    }
    let out = dir.path().join("out.jsonl");
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ref-venv/bin/python");
    let st = Command::new(&python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/buildkit_dump.py"))
        .arg(dir.path())
        .arg(&out)
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run scripts/test to install the reference parser",
                python.display()
            )
        });
    assert!(st.success());
    let after: Vec<common::Reference> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(after.len(), changed.len());
    for a in &after {
        let before = &reference[&a.path];
        assert!(before.ok, "{}: we changed a file BuildKit rejects", a.path);
        assert!(a.ok, "{}: BuildKit rejects our output: {}", a.path, a.error);
        // Every instruction that is not a RUN is still there, in the same order; only
        // split-stages adds any (its runtime stage), and then exactly one more FROM.
        let others = |r: &common::Reference| -> Vec<String> {
            r.instructions
                .iter()
                .filter(|i| i.0 != "run")
                .map(|i| i.0.clone())
                .collect()
        };
        let runs = |r: &common::Reference| r.instructions.iter().filter(|i| i.0 == "run").count();
        let froms = |r: &common::Reference| r.instructions.iter().filter(|i| i.0 == "from").count();
        if split[a.path.as_str()] {
            let mut rest = others(a).into_iter();
            assert!(
                others(before).iter().all(|o| rest.any(|x| x == *o)),
                "{}: an instruction was lost or moved by the split",
                a.path
            );
            assert_eq!(
                froms(a),
                froms(before) + 1,
                "{}: not one stage more",
                a.path
            );
        } else {
            assert_eq!(
                others(before),
                others(a),
                "{}: non-RUN instructions changed",
                a.path
            );
            assert!(runs(a) <= runs(before), "{}: a RUN appeared", a.path);
        }
    }
}
