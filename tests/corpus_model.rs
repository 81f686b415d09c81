//! The scanner and the model over the whole shared corpus, checked against BuildKit.

mod common;

use dockerlean::syntax::{Document, ModelError, Segment, scan};

#[test]
fn scanning_is_byte_exact_for_every_file() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    for (path, bytes) in corpus {
        let s = scan(&bytes);
        let mut joined = Vec::with_capacity(bytes.len());
        let mut expected_start = 0;
        for seg in &s.segments {
            let r = seg.range();
            assert_eq!(r.start, expected_start, "{path}: segments leave a gap");
            expected_start = r.end;
            joined.extend_from_slice(&bytes[r]);
        }
        assert_eq!(joined, bytes, "{path}: segments do not rebuild the file");
    }
}

#[test]
fn instructions_match_buildkit() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let reference = common::reference();
    let mut mismatches = Vec::new();
    let mut disagreements = Vec::new();
    let mut rejected = 0;
    for (path, bytes) in corpus {
        let r = reference
            .get(&path)
            .unwrap_or_else(|| panic!("{path}: not in the reference dump; regenerate it"));
        let s = scan(&bytes);
        if !r.ok {
            rejected += 1;
            match Document::parse(bytes.clone()) {
                Err(ModelError::Parse { line, .. }) => assert!(line >= 1, "{path}"),
                other => mismatches.push(format!(
                    "{path}: BuildKit rejects it ({}), we gave {:?}",
                    r.error,
                    other.map(|_| "a model")
                )),
            }
            continue;
        }
        if let Some(e) = &s.error {
            mismatches.push(format!("{path}: BuildKit accepts it, we report {e}"));
            continue;
        }
        let ours: Vec<(String, usize, usize)> = s
            .segments
            .iter()
            .filter_map(|seg| match seg {
                Segment::Instruction(i) => {
                    Some((i.keyword_text().to_lowercase(), i.line, i.end_line))
                }
                _ => None,
            })
            .collect();
        if ours != r.instructions {
            let first = ours
                .iter()
                .zip(&r.instructions)
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("ours {a:?} buildkit {b:?}"))
                .unwrap_or_else(|| format!("count {} vs {}", ours.len(), r.instructions.len()));
            mismatches.push(format!("{path}: {first}"));
            continue;
        }
        if let Err(e) = Document::parse(bytes.clone()) {
            disagreements.push(format!("{path}: {e}"));
        }
    }
    assert!(
        rejected > 0,
        "the reference should contain files BuildKit rejects"
    );
    assert!(
        mismatches.is_empty(),
        "{} files differ from BuildKit:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    // Every file BuildKit's parser accepts has a model (instructions the instruction
    // parser cannot read are kept unread, see tests/model.rs).
    assert!(
        disagreements.is_empty(),
        "{} files BuildKit accepts are not modelled:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
