//! Dockerfile-shaped input (seeded from the fixtures, mutated with a dictionary of
//! Dockerfile and shell tokens) through every transform with unsafe fixes: no panic, no
//! hang, the output re-parses, a second run changes nothing, and what the transforms do
//! not own (instructions other than RUN, comment lines) survives byte for byte, in order.
#![no_main]

use dockerlean::syntax::{Kind, Segment};
use dockerlean::{Document, Pipeline};
use libfuzzer_sys::fuzz_target;

/// Texts of non-RUN instructions and of comment lines, in order.
fn kept(doc: &Document) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut insts = doc.instructions.iter();
    for seg in &doc.scan.segments {
        match seg {
            Segment::Instruction(raw) => {
                let inst = insts.next().expect("one instruction per segment");
                // RUNs are the transforms' to rewrite, and slim-base changes FROM images.
                if !matches!(inst.kind, Kind::Run | Kind::From) {
                    out.push(doc.bytes()[raw.range.clone()].to_vec());
                }
            }
            Segment::Comment { range, .. }
            | Segment::Directive(dockerlean::syntax::scanner::Directive { range, .. }) => {
                let t = &doc.bytes()[range.clone()];
                out.push(
                    t.strip_suffix(b"\n")
                        .unwrap_or(t)
                        .strip_suffix(b"\r")
                        .unwrap_or(t)
                        .to_vec(),
                );
            }
            _ => {}
        }
    }
    out
}

/// Whether every item of `needles` occurs in `hay`, in order.
fn in_order(hay: &[u8], needles: &[Vec<u8>]) -> bool {
    let mut at = 0;
    for n in needles {
        match hay[at..]
            .windows(n.len().max(1))
            .position(|w| w == n.as_slice())
        {
            Some(p) => at += p + n.len(),
            None if n.is_empty() => {}
            None => return false,
        }
    }
    true
}

fuzz_target!(|data: &[u8]| {
    if data.len() > 64 * 1024 {
        return;
    }
    let p = Pipeline::new().unsafe_fixes(true);
    // What the pipeline refuses (binary, too large, rejected by BuildKit) it leaves alone.
    let Ok(before) = p.parse(data.to_vec()) else {
        return;
    };
    let Ok(o) = p.run(data.to_vec()) else {
        panic!("the input parsed but the pipeline refused it");
    };
    assert!(o.internal_errors.is_empty(), "{:?}", o.internal_errors);
    let after = Document::parse(o.output.clone()).expect("the output re-parses");
    let again = p.run(o.output.clone()).expect("the output runs again");
    assert_eq!(again.output, o.output, "a second run changes the output");
    assert!(
        in_order(after.bytes(), &kept(&before)),
        "a non-RUN line was lost or moved"
    );
});
