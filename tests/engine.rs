//! The engine's rules, proved with small test-only transforms.

use dockerlean::fix::{Engine, Options};
use dockerlean::transform::{Context, Meta};
use dockerlean::{Document, Edit, Finding, Fix, Transform};

/// The metadata every test transform writes the same way.
macro_rules! test_transform {
    ($id:literal) => {
        fn meta(&self) -> &Meta {
            static META: Meta = Meta::new($id, "test", "safe", "");
            &META
        }
    };
}

/// Appends a fixed suffix after every FROM line's image, once.
struct TagFrom {
    unsafe_: bool,
}
impl Transform for TagFrom {
    test_transform!("tag-from");
    fn run(&self, doc: &Document, _ctx: &Context, out: &mut Vec<Finding>) {
        for i in &doc.instructions {
            if let Some(f) = &i.from {
                let r = f.image.range.clone();
                if doc.text()[r.clone()].ends_with("-x") {
                    continue;
                }
                let fix = if self.unsafe_ {
                    Fix::unsafe_(vec![Edit::insert(r.end, "-x")])
                } else {
                    Fix::safe(vec![Edit::insert(r.end, "-x")])
                };
                out.push(Finding::new(self.meta().id, r, "tag").with_fix(fix));
            }
        }
    }
}

/// Proposes two overlapping rewrites of the first FROM image each round.
struct Overlap;
impl Transform for Overlap {
    test_transform!("overlap");
    fn run(&self, doc: &Document, _ctx: &Context, out: &mut Vec<Finding>) {
        let i = &doc.instructions[0];
        let r = i.from.as_ref().unwrap().image.range.clone();
        let img = &doc.text()[r.clone()];
        if !img.contains('A') {
            out.push(
                Finding::new("overlap", r.clone(), "a")
                    .with_fix(Fix::safe(vec![Edit::insert(r.end, "A")])),
            );
        }
        if !img.contains('B') {
            out.push(
                Finding::new("overlap", r.clone(), "b")
                    .with_fix(Fix::safe(vec![Edit::replace(r.clone(), format!("{img}B"))])),
            );
        }
    }
}

/// Breaks the syntax on purpose: opens a heredoc that never ends.
struct Breaker;
impl Transform for Breaker {
    test_transform!("breaker");
    fn run(&self, doc: &Document, _ctx: &Context, out: &mut Vec<Finding>) {
        let end = doc.bytes().len();
        out.push(
            Finding::new("breaker", 0..0, "break")
                .with_fix(Fix::safe(vec![Edit::insert(end, "RUN <<EOF\n")])),
        );
    }
}

/// Never settles: appends one more character every round.
struct Restless;
impl Transform for Restless {
    test_transform!("restless");
    fn run(&self, doc: &Document, _ctx: &Context, out: &mut Vec<Finding>) {
        let r = doc.instructions[0]
            .from
            .as_ref()
            .unwrap()
            .image
            .range
            .clone();
        out.push(
            Finding::new("restless", r.clone(), "more")
                .with_fix(Fix::safe(vec![Edit::insert(r.end, "z")])),
        );
    }
}

const SRC: &[u8] = b"FROM a\nRUN x\nFROM b AS two\n";

fn run(ts: Vec<&dyn Transform>, unsafe_fixes: bool, src: &[u8]) -> dockerlean::Outcome {
    Engine::new(
        ts,
        Options {
            unsafe_fixes,
            max_rounds: 8,
            ..Options::default()
        },
    )
    .run(src.to_vec())
    .unwrap()
}

#[test]
fn safe_fixes_apply_and_converge() {
    let t = TagFrom { unsafe_: false };
    let o = run(vec![&t], false, SRC);
    assert_eq!(o.output, b"FROM a-x\nRUN x\nFROM b-x AS two\n");
    assert_eq!(o.applied.len(), 2);
    assert_eq!(o.findings.len(), 2, "findings are those on the original");
    assert!(o.internal_errors.is_empty());
}

#[test]
fn unsafe_fixes_need_the_option() {
    let t = TagFrom { unsafe_: true };
    assert_eq!(run(vec![&t], false, SRC).output, SRC);
    assert_eq!(
        run(vec![&t], true, SRC).output,
        b"FROM a-x\nRUN x\nFROM b-x AS two\n"
    );
}

#[test]
fn overlapping_fixes_wait_for_the_next_round() {
    let o = run(vec![&Overlap], false, SRC);
    // Both land, one per round, in position order; neither is lost.
    let first = String::from_utf8(o.output).unwrap();
    assert!(
        first.starts_with("FROM aAB\n") || first.starts_with("FROM aBA\n"),
        "{first}"
    );
    assert_eq!(o.applied.len(), 2);
}

#[test]
fn a_round_that_breaks_the_syntax_is_reverted() {
    let t = TagFrom { unsafe_: false };
    let o = run(vec![&Breaker, &t], false, SRC);
    assert_eq!(
        o.output, b"FROM a-x\nRUN x\nFROM b-x AS two\n",
        "later passes still run"
    );
    assert_eq!(o.internal_errors.len(), 1);
    assert!(
        o.internal_errors[0].starts_with("breaker:"),
        "{:?}",
        o.internal_errors
    );
}

#[test]
fn a_pass_that_never_settles_is_reverted_whole() {
    let o = run(vec![&Restless], false, SRC);
    assert_eq!(o.output, SRC);
    assert!(o.applied.is_empty());
    assert!(o.internal_errors[0].contains("did not settle"));
}

#[test]
fn edits_apply_the_same_in_any_order() {
    let a = Edit::insert(0, "X");
    let b = Edit::replace(2..4, "yy");
    let c = Edit::delete(5..6);
    let one = dockerlean::fix::apply_edits(b"012345678", &[&a, &b, &c]).unwrap();
    let two = dockerlean::fix::apply_edits(b"012345678", &[&c, &a, &b]).unwrap();
    assert_eq!(one, b"X01yy4678");
    assert_eq!(one, two);
    assert!(
        dockerlean::fix::apply_edits(b"0123", &[&Edit::delete(0..2), &Edit::delete(1..3)]).is_err()
    );
}
