//! Dockerfile-shaped input (seeded from the fixtures, mutated with a dictionary of
//! Dockerfile and shell tokens) through every transform with unsafe fixes: no panic, no
//! hang, the output re-parses, a second run changes nothing, and what the transforms do
//! not own survives byte for byte, in order (tests/invariants).
#![no_main]

use dockerlean::{Document, Pipeline};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

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
        invariants::keeps_unowned_lines(&before, after.bytes()),
        "a line the transforms do not own was lost or moved"
    );
});
