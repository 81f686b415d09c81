//! `merge-runs`: adjacent `RUN`s of a stage become one layer, joined by ` && \`.

use super::{Context, Meta, Transform};
use crate::effects::{self, Summary};
use crate::fix::{Edit, Finding, Fix};
use crate::syntax::scanner::{LineKind, Segment};
use crate::syntax::{Document, Form, Instruction, Kind, ShellBody};

pub struct MergeRuns;

const ID: &str = "merge-runs";

static MERGE_RUNS_META: Meta = Meta::new(
    ID,
    "Merge adjacent RUNs of a stage into one layer",
    "safe",
    include_str!("../../transforms/merge-runs/README.md"),
)
.hadolint(&["DL3059"]);

impl Transform for MergeRuns {
    fn meta(&self) -> &Meta {
        &MERGE_RUNS_META
    }

    fn run(&self, doc: &Document, _ctx: &Context, out: &mut Vec<Finding>) {
        if doc.escape() != b'\\' {
            // Backtick escapes mean Windows containers: their shells are not POSIX.
            return;
        }
        let insts = &doc.instructions;
        let mut i = 0;
        while i < insts.len() {
            // The longest chain of RUNs starting at i where each joins the one before.
            let mut j = i;
            while j + 1 < insts.len() && joinable(doc, &insts[j], &insts[j + 1]) {
                j += 1;
            }
            if j > i
                && let Some(f) = merge_chain(doc, &insts[i..=j])
            {
                out.push(f);
            }
            i = j + 1;
        }
    }
}

/// A shell-form RUN without heredocs whose body parsed cleanly.
fn mergeable<'d>(doc: &'d Document, inst: &Instruction) -> Option<&'d ShellBody> {
    if inst.kind != Kind::Run || !inst.heredocs.is_empty() {
        return None;
    }
    if !matches!(inst.form, Form::Shell { .. }) {
        return None;
    }
    let stage = &doc.stages[inst.stage?];
    if !stage.posix_shell {
        return None;
    }
    let body = doc.shell(inst.index)?;
    (body.clean && !body.statements.is_empty() && !body.has_background).then_some(body)
}

fn same_flags(a: &Instruction, b: &Instruction) -> bool {
    let key = |i: &Instruction| {
        let mut v: Vec<(String, Option<String>)> = i
            .flags
            .iter()
            .map(|f| (f.name.clone(), f.value.clone()))
            .collect();
        v.sort();
        v
    };
    key(a) == key(b)
}

/// What the command-effects layer says of a RUN's body, as far as merging goes.
fn facts(doc: &Document, inst: &Instruction, body: &ShellBody) -> Summary {
    effects::summary(body, doc.effects(inst.index).unwrap_or_default())
}

/// Why RUN `b` must not run in the same shell as the RUN `a` before it, if it must not.
fn barrier(doc: &Document, a: &Instruction, fa: &Summary, fb: &Summary) -> Option<&'static str> {
    if fa.system_shell {
        // The merged RUN would still run in the old /bin/sh.
        return Some("changes the system shell");
    }
    if fa.errexit || a.stage.is_some_and(|s| doc.stages[s].shell_errexit) {
        // Its commands rely on `set -e`, which POSIX shells ignore in any command of
        // an AND-OR list but the last: it can only end a merged RUN.
        return Some("relies on errexit");
    }
    if fb.reads_hash {
        // `type`/`hash` would report the commands the earlier body ran as hashed.
        return Some("reads the command hash");
    }
    None
}

/// Whether RUN `b` can join the RUN `a` right before it.
pub(crate) fn joinable(doc: &Document, a: &Instruction, b: &Instruction) -> bool {
    if a.stage != b.stage || !same_flags(a, b) {
        return false;
    }
    let (Some(body_a), Some(body_b)) = (mergeable(doc, a), mergeable(doc, b)) else {
        return false;
    };
    if barrier(doc, a, &facts(doc, a, body_a), &facts(doc, b, body_b)).is_some() {
        return false;
    }
    let Form::Shell { range: b_body } = &b.form else {
        return false;
    };
    // A shell comment in the earlier body would swallow the `&&` that follows it, and
    // a trailing `;` cannot be followed by `&&`.
    if body_a.has_comment
        || body_a
            .statements
            .last()
            .is_none_or(|s| s.separator.is_some())
    {
        return false;
    }
    // `{ ...; }` needs its end after the last statement, with no comment to swallow it.
    if needs_group(body_b)
        && (body_b.has_comment
            || body_b
                .statements
                .last()
                .is_none_or(|s| s.separator.is_some()))
    {
        return false;
    }
    // Comment lines between B's keyword and its first command would be lost.
    let b_start = body_b
        .statements
        .first()
        .map_or(b_body.start, |s| s.range.start);
    let hidden_comment = doc
        .raw(b)
        .lines
        .iter()
        .any(|l| l.kind == LineKind::Comment && l.range.start < b_start);
    // Only comments and blank lines between the two, all copyable as they are.
    let gap_ok = doc.scan.segments[a.segment + 1..b.segment]
        .iter()
        .all(|seg| match seg {
            Segment::Comment { range, .. } => doc.source(range.clone()).is_some(),
            Segment::Blank { .. } => true,
            _ => false,
        });
    !hidden_comment && gap_ok
}

/// A body that joins after `&&` must be grouped when it is a list of several commands
/// or has a top-level `||`: `x && a || b` would run `b` when `x` fails.
fn needs_group(body: &ShellBody) -> bool {
    body.statements.len() > 1 || body.top_level_or
}

fn merge_chain(doc: &Document, chain: &[Instruction]) -> Option<Finding> {
    let nl = doc.newline();
    let indent = doc.continuation_indent();
    let bodies: Vec<&ShellBody> = chain
        .iter()
        .map(|i| doc.shell(i.index))
        .collect::<Option<_>>()?;
    let last = chain.len() - 1;
    // How each body is wrapped: a subshell keeps its state changes from the commands
    // after it; a group keeps its exit status from mixing with the `&&` chain.
    let mut isolated = Vec::new();
    let wraps: Vec<(&str, &str)> = bodies
        .iter()
        .enumerate()
        .map(|(k, body)| {
            if k < last
                && let Some(why) = facts(doc, &chain[k], body).session
            {
                isolated.push(format!("line {} {why}", chain[k].line));
                ("( ", " )")
            } else if k > 0 && needs_group(body) {
                ("{ ", "; }")
            } else {
                ("", "")
            }
        })
        .collect();

    let mut edits = Vec::new();
    if !wraps[0].0.is_empty() {
        edits.push(Edit::insert(
            bodies[0].statements.first()?.range.start,
            wraps[0].0,
        ));
    }
    for k in 0..last {
        let next = &chain[k + 1];
        let mut join = String::from(wraps[k].1);
        join.push_str(" && \\");
        join.push_str(nl);
        // Comment lines between the two RUNs stay, as comment lines of the
        // continuation; blank lines go (an empty continuation line is deprecated).
        for seg in &doc.scan.segments[chain[k].segment + 1..next.segment] {
            if let Segment::Comment { range, .. } = seg {
                let line = doc.source(range.clone())?;
                join.push_str(line);
                if !line.ends_with('\n') {
                    join.push_str(nl);
                }
            }
        }
        join.push_str(indent);
        join.push_str(wraps[k + 1].0);
        // Everything from the end of this body to the next body goes: trailing blanks,
        // the line end, the gap, the next `RUN` keyword and its (identical) flags.
        let next_start = bodies[k + 1].statements.first()?.range.start;
        edits.push(Edit::replace(bodies[k].end()..next_start, join));
    }
    if !wraps[last].1.is_empty() {
        edits.push(Edit::insert(bodies[last].end(), wraps[last].1));
    }

    let lines: Vec<String> = chain[1..].iter().map(|i| i.line.to_string()).collect();
    let mut message = format!(
        "{} at line{} {} can merge into the RUN at line {}, saving {} layer{}",
        if lines.len() == 1 { "RUN" } else { "RUNs" },
        if lines.len() == 1 { "" } else { "s" },
        lines.join(", "),
        chain[0].line,
        lines.len(),
        if lines.len() == 1 { "" } else { "s" },
    );
    if !isolated.is_empty() {
        message.push_str(&format!(
            " (runs in a subshell what changes shell state: {})",
            isolated.join(", ")
        ));
    }
    let first = &chain[0];
    Some(
        Finding::new(ID, first.keyword.start..first.keyword.end, message)
            .with_fix(Fix::safe(edits)),
    )
}
