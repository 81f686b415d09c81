//! `fold-cleanup`: a RUN that only deletes caches cannot shrink the layers before it.
//! Its commands move to the end of the RUN that created the files, and the RUN goes.

use serde::Deserialize;

use super::common::{Invocation, append_to_run, mentions, shell_run, shipped};
use super::{Context, Meta, Transform};
use crate::fix::{Edit, Finding, Fix};
use crate::syntax::{Document, Instruction, Kind};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FoldData {
    pub commands: Vec<CleanupCommand>,
    pub paths: Vec<CleanupPath>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CleanupCommand {
    pub command: Vec<String>,
    pub creators: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CleanupPath {
    pub path: String,
    pub creators: Vec<String>,
}

data_file!(pub fn fold_data() -> FoldData = "fold-cleanup/data.toml");

pub struct FoldCleanup;

/// The creators of what RUN `index` deletes, when every command in it is a known
/// cleanup (read from the command-effects layer); the paths it removes come along (to
/// check what happens in between).
fn cleanup_only(doc: &Document, index: usize) -> Option<(Vec<String>, Vec<String>)> {
    let d = fold_data();
    let body = doc.shell(index)?;
    let effects = doc.effects(index)?;
    let mut creators = Vec::new();
    let mut paths = Vec::new();
    if body.commands.is_empty() || body.has_comment || body.has_background {
        return None;
    }
    for (c, e) in body.commands.iter().zip(effects) {
        if c.nested || !c.assignments.is_empty() || c.redirected {
            return None;
        }
        let inv = Invocation::of(c);
        let words: Vec<&str> = std::iter::once(inv.program.as_str())
            .chain(inv.args.iter().map(|a| a.value.as_str()))
            .collect();
        if let Some(cmd) = d.commands.iter().find(|k| k.command == words) {
            creators.extend(cmd.creators.iter().cloned());
            continue;
        }
        // A command whose only effect is removing files (`rm -rf`, `rmdir`), each a
        // cache path the data names, given literally.
        let removes_only = e.known
            && !e.removes.is_empty()
            && e.writes.is_empty()
            && e.reads.is_empty()
            && !e.session
            && e.install.is_none()
            && e.manager.is_none()
            && !(e.downloads || e.compiles || e.runs_script || e.system_shell);
        if !removes_only {
            return None;
        }
        for r in &e.removes {
            if !r.starts_with('/') || r.contains('$') || r.contains("..") {
                return None;
            }
            let known = d
                .paths
                .iter()
                .find(|p| *r == p.path || r.starts_with(&format!("{}/", p.path)))?;
            creators.extend(known.creators.iter().cloned());
            paths.push(r.trim_end_matches('*').trim_end_matches('/').to_string());
        }
    }
    Some((creators, paths))
}

/// Whether RUN `index` runs a program of one of the package managers in `creators`
/// (`*` matches any RUN).
fn creates(doc: &Document, index: usize, creators: &[String]) -> bool {
    let specific: Vec<&String> = creators.iter().filter(|k| *k != "*").collect();
    specific.is_empty()
        || doc.effects(index).is_some_and(|effects| {
            effects
                .iter()
                .any(|e| e.manager.as_ref().is_some_and(|m| specific.contains(&m)))
        })
}

/// What between `r` and `c` could make the move change the result.
fn blocker(doc: &Document, between: &[Instruction], paths: &[String]) -> Option<String> {
    for i in between {
        match i.kind {
            // After a VOLUME, changes to it in later RUNs are discarded: moving the
            // cleanup before it would change the image.
            Kind::User | Kind::Shell | Kind::Run | Kind::Onbuild | Kind::Volume => {
                return Some(format!("the {} at line {}", i.kind.as_str(), i.line));
            }
            Kind::Copy | Kind::Add => {
                // A file copied into (or above) a deleted path would now survive.
                let dest = i.paths.last().map_or("", |w| w.value.trim_end_matches('/'));
                let under =
                    |a: &str, b: &str| a == b || a.starts_with(&format!("{b}/")) || b.is_empty();
                let hits = paths
                    .iter()
                    .any(|p| !dest.starts_with('/') || under(dest, p) || under(p, dest));
                if hits {
                    return Some(format!("the {} at line {}", i.kind.as_str(), i.line));
                }
            }
            Kind::Env if doc.text()[i.range.clone()].contains("PATH") => {
                return Some(format!("the ENV at line {}", i.line));
            }
            _ => {}
        }
    }
    None
}

static FOLD_CLEANUP_META: Meta = Meta::new(
    "fold-cleanup",
    "Fold a cleanup-only RUN into the RUN that created the files",
    "safe",
    include_str!("../../transforms/fold-cleanup/README.md"),
)
.hadolint(&["DL3009", "DL3059"]);

impl Transform for FoldCleanup {
    fn meta(&self) -> &Meta {
        &FOLD_CLEANUP_META
    }

    fn run(&self, doc: &Document, _ctx: &Context, out: &mut Vec<Finding>) {
        for c in &doc.instructions {
            let Some(stage) = c.stage else { continue };
            // Every cleanup command is `rm` or a `clean`, `cc` or `purge` subcommand.
            if c.kind != Kind::Run || !mentions(doc, c, &["rm", "clean", "cc", "purge"]) {
                continue;
            }
            let Some(body) = shell_run(doc, c) else {
                continue;
            };
            if !c.flags.is_empty() {
                continue;
            }
            let Some((creators, paths)) = cleanup_only(doc, c.index) else {
                continue;
            };
            let stage_start = doc.stages[stage].instructions.start;
            let Some(r) = doc.instructions[stage_start..c.index]
                .iter()
                .rev()
                .find(|i| matches!(i.kind, Kind::Run | Kind::User | Kind::Shell | Kind::Onbuild))
            else {
                continue;
            };
            let advice = |why: String| {
                Finding::new(
                    self.meta().id,
                    c.keyword.clone(),
                    format!("a separate cleanup layer cannot shrink the layers before it; {why}"),
                )
            };
            let Some(r_body) = shell_run(doc, r) else {
                out.push(advice(
                    "move its commands into the RUN that created the files".into(),
                ));
                continue;
            };
            if !r.flags.is_empty() || !creates(doc, r.index, &creators) {
                out.push(advice(format!(
                    "move its commands into the RUN that created the files (not the RUN at line {})",
                    r.line
                )));
                continue;
            }
            if let Some(b) = blocker(doc, &doc.instructions[r.index + 1..c.index], &paths) {
                out.push(advice(format!(
                    "it was not moved into the RUN at line {} because of {b}",
                    r.line
                )));
                continue;
            }
            let (Some(first), Some(_)) = (body.statements.first(), body.statements.last()) else {
                continue;
            };
            let Some(text) = doc.source(first.range.start..body.end()) else {
                continue;
            };
            let grouped = body.statements.len() > 1 || body.top_level_or;
            let mut moved = if grouped {
                format!("{{ {text}; }}")
            } else {
                text.to_string()
            };
            // Its own RUN's new shell searched PATH afresh; in the RUN it joins, a
            // program looked up there before may have another of its name on PATH by
            // now (merge-runs' rule).
            let (fr, fc) = (
                super::merge_runs::facts(doc, r, r_body),
                super::merge_runs::facts(doc, c, body),
            );
            if super::merge_runs::rehash_points(doc, &[(r_body, &fr, false), (body, &fc, false)])[1]
            {
                moved = format!("hash -r && {moved}");
            }
            let Some(append) = append_to_run(doc, r_body, &moved) else {
                out.push(advice(format!(
                    "move its commands into the RUN at line {}",
                    r.line
                )));
                continue;
            };
            let message = format!(
                "a separate cleanup layer cannot shrink the layers before it; moved into the RUN at line {}",
                r.line
            );
            if !shipped(doc, stage) {
                out.push(advice(format!(
                    "move its commands into the RUN at line {} (a build stage that does not ship: advice only)",
                    r.line
                )));
                continue;
            }
            out.push(
                Finding::new(self.meta().id, c.keyword.clone(), message)
                    .with_fix(Fix::safe(vec![append, Edit::delete(c.range.clone())])),
            );
        }
    }
}
