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
pub(crate) fn facts(doc: &Document, inst: &Instruction, body: &ShellBody) -> Summary {
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
    let summaries: Vec<Summary> = chain
        .iter()
        .zip(&bodies)
        .map(|(i, b)| facts(doc, i, b))
        .collect();
    // How each body is wrapped: a subshell keeps its state changes from the commands
    // after it; a group keeps its exit status from mixing with the `&&` chain.
    let mut isolated = Vec::new();
    let wraps: Vec<(&str, &str)> = bodies
        .iter()
        .enumerate()
        .map(|(k, body)| {
            if k < last
                && let Some(why) = &summaries[k].session
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

    // The shell remembers where it found each program (its command hash) and runs it
    // from there again without a new search; a new RUN starts with an empty hash.
    let runs: Vec<(&ShellBody, &Summary, bool)> = bodies
        .iter()
        .zip(&summaries)
        .zip(&wraps)
        .map(|((b, s), w)| (*b, s, w.0 == "( "))
        .collect();
    let rehash = rehash_points(doc, &runs);

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
        if rehash[k + 1] {
            join.push_str("hash -r && ");
        }
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
    let rehashed: Vec<String> = (1..chain.len())
        .filter(|&k| rehash[k])
        .map(|k| chain[k].line.to_string())
        .collect();
    if !rehashed.is_empty() {
        message.push_str(&format!(
            " (empties the command hash before line{} {}, which runs a program again after an earlier line may have put another of its name on PATH)",
            if rehashed.len() == 1 { "" } else { "s" },
            rehashed.join(", ")
        ));
    }
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

/// The folders that may be on PATH: the official images' (programs.toml `[hash]`) and
/// every absolute folder an ENV that mentions PATH names.
fn path_dirs(doc: &Document) -> Vec<String> {
    let mut dirs = effects::programs().hash.path_dirs.clone();
    for inst in doc.instructions.iter().filter(|i| i.kind == Kind::Env) {
        let text = &doc.text()[inst.range.clone()];
        if text.contains("PATH") {
            dirs.extend(
                text.split(|c: char| {
                    c == ':' || c == '=' || c == '"' || c == '\'' || c.is_whitespace()
                })
                .filter(|w| w.starts_with('/'))
                .map(|w| w.trim_end_matches('/').to_string()),
            );
        }
    }
    dirs
}

/// Whether writing or removing `path` may add or take away a program named `name` on
/// PATH: a file of that name; a folder on PATH or above one (a tree copied or
/// unpacked there may hold any program), or named bin, sbin or .bin; a path not known
/// in full there; a relative path whose first folder is a folder of PATH's (the working
/// directory may be above it).
fn touches(path: &str, name: &str, dirs: &[String]) -> bool {
    // Characters after which a path is not known in full (an expansion, a glob).
    const UNKNOWN: [char; 6] = ['$', '*', '?', '[', '`', '~'];
    let p = path.trim_end_matches('/');
    let above = |q: &str| {
        let last = q.rsplit('/').next().unwrap_or(q);
        matches!(last, "bin" | "sbin" | ".bin")
            || dirs
                .iter()
                .any(|d| d == q || d.starts_with(&format!("{q}/")))
    };
    if !p.starts_with('/') {
        let first = p.split('/').next().unwrap_or(p);
        return first.is_empty()
            || first.contains(UNKNOWN)
            || dirs.iter().any(|d| d.split('/').any(|seg| seg == first))
            || p.rsplit('/').next() == Some(name)
            || above(p);
    }
    match p.find(UNKNOWN) {
        Some(cut) => {
            let dir = p[..cut].rsplit_once('/').map_or("", |(d, _)| d);
            dir.is_empty() || above(dir) || dirs.iter().any(|d| d.starts_with(&p[..cut]))
        }
        None => p.is_empty() || p.rsplit('/').next() == Some(name) || above(p),
    }
}

/// Which of `runs` (RUN bodies that run one after another in one shell, each with its
/// facts and whether it runs in a subshell) must empty the shell's command hash (`hash -r`)
/// before it to find the programs a new shell would: it runs a program an earlier body
/// looked up, after a command that may have put a program of that name earlier on
/// PATH (or moved it) since the lookup. See `[hash]` in programs.toml.
pub(crate) fn rehash_points(doc: &Document, runs: &[(&ShellBody, &Summary, bool)]) -> Vec<bool> {
    let mut rehash = vec![false; runs.len()];
    // Read only when a program runs again (most chains run none twice).
    let dirs = std::cell::OnceCell::new();
    let dirs = || dirs.get_or_init(|| path_dirs(doc));
    // Since the last empty hash, in the order the commands come (a position counts
    // every command of the bodies before): where each program was first looked up,
    // where something may have changed any program, and what paths were changed.
    let mut hashed: Vec<(String, usize)> = Vec::new();
    let mut any_change: Vec<usize> = Vec::new();
    let mut changed: Vec<(usize, String)> = Vec::new();
    let mut offset = 0;
    for (k, (body, s, subshell)) in runs.iter().enumerate() {
        let at = |c: usize| offset + c;
        // A program looked up before, run here after a change between the two.
        let stale = |(c, n): &(usize, String)| {
            let Some(h) = hashed.iter().find(|(m, _)| m == n).map(|(_, h)| *h) else {
                return false;
            };
            // A command changes what is on PATH after its own lookup: the change of
            // the one that hashed the program counts, the one's that runs it again
            // does not.
            let between = |p: usize| h <= p && p < at(*c);
            any_change.iter().any(|&p| between(p))
                || s.changes_programs.iter().any(|&p| between(at(p)))
                || changed
                    .iter()
                    .any(|(p, path)| between(*p) && touches(path, n, dirs()))
                || s.changed_paths
                    .iter()
                    .any(|(p, path)| between(at(*p)) && touches(path, n, dirs()))
        };
        if k > 0 && s.hashed.iter().any(stale) {
            rehash[k] = true;
            hashed.clear();
            any_change.clear();
            changed.clear();
        }
        // A body run in a subshell hashes nothing for the bodies after it.
        for (c, n) in s.hashed.iter().filter(|_| !subshell) {
            if !hashed.iter().any(|(m, _)| m == n) {
                hashed.push((n.clone(), at(*c)));
            }
        }
        any_change.extend(s.changes_programs.iter().map(|&p| at(p)));
        changed.extend(s.changed_paths.iter().map(|(c, p)| (at(*c), p.clone())));
        offset += body.commands.len();
    }
    rehash
}
