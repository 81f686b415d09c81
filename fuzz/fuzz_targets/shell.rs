//! Arbitrary Dockerfiles: for every shell-form RUN, the hand-written shell reader either
//! leaves the body to tree-sitter or reads it as tree-sitter does (where tree-sitter
//! reads it as the shell does), and never takes a body tree-sitter finds wrong.
#![no_main]

use dockerlean::syntax::{Form, Kind, ShellBody};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = dockerlean::Document::parse(data.to_vec()) else {
        return;
    };
    for inst in doc.instructions.iter().filter(|i| i.kind == Kind::Run) {
        if let Form::Shell { range } = &inst.form {
            let r = ShellBody::readings(&doc, inst, range.start);
            if let Some(d) = r.disagreement() {
                panic!("line {}: {:?}\n{d}", inst.line, r.tree.mask);
            }
        }
    }
});
