//! The invariant the transforms promise about what they do not own, shared by the
//! pipeline fuzz target (included by path), the fuzz regressions and the corpus test:
//! instructions other than RUN, FROM and global ARGs (slim-base changes an image or its
//! ARG default), and comment and directive lines, survive byte for byte and in order.
#![allow(dead_code)]

use dockerlean::Document;
use dockerlean::syntax::scanner::Directive;
use dockerlean::syntax::{Kind, Segment};

/// Texts of the lines the transforms must keep, in order.
pub fn kept(doc: &Document) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut insts = doc.instructions.iter();
    let mut seen_from = false;
    for seg in &doc.scan.segments {
        match seg {
            Segment::Instruction(raw) => {
                let inst = insts.next().expect("one instruction per segment");
                let global_arg = inst.kind == Kind::Arg && !seen_from;
                seen_from |= inst.kind == Kind::From;
                if !matches!(inst.kind, Kind::Run | Kind::From) && !global_arg {
                    out.push(doc.bytes()[raw.range.clone()].to_vec());
                }
            }
            Segment::Comment { range, .. } | Segment::Directive(Directive { range, .. }) => {
                let t = &doc.bytes()[range.clone()];
                let t = t.strip_suffix(b"\n").unwrap_or(t);
                out.push(t.strip_suffix(b"\r").unwrap_or(t).to_vec());
            }
            _ => {}
        }
    }
    out
}

/// Whether every item of `needles` occurs in `hay`, in order.
pub fn in_order(hay: &[u8], needles: &[Vec<u8>]) -> bool {
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

/// Whether `output` keeps every line of `before` that the transforms do not own.
pub fn keeps_unowned_lines(before: &Document, output: &[u8]) -> bool {
    in_order(output, &kept(before))
}
