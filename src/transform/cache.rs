//! Package-manager caches, driven by TOML recipes (`transforms/<id>/recipe.toml`): a
//! rule either adds a flag to the command that would fill a cache (`pip install
//! --no-cache-dir`) or runs a cleanup command at the end of the same RUN
//! (`npm cache clean --force`), so the cache never reaches a layer.

use std::sync::OnceLock;

use serde::Deserialize;

use super::common::{
    CacheMount, Invocation, append_to_run, body_sets_env, cache_mounts_edit, glob, in_root_home,
    mentions, mount_covers, runs_as_root, shell_run, shipped, stage_sets_env,
};
use super::{Context, Meta, Transform};
use crate::effects::Effect;
use crate::fix::{Edit, Finding, Fix};
use crate::syntax::Document;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    pub summary: String,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// What the rule is about, for messages (`pip`, `npm`, ...).
    pub name: String,
    /// What stays in the layer, for messages (default: "cache").
    #[serde(default)]
    pub leaves: Option<String>,
    /// Program base names (`*` globs allowed), after `sudo`, `env` and `python -m`.
    pub programs: Vec<String>,
    /// Leading positional words that make the command fill the cache (any one).
    pub subcommands: Vec<Vec<String>>,
    /// Options that take a value, so that the value is not read as a subcommand.
    #[serde(default)]
    pub options_with_value: Vec<String>,
    /// Flag to add right after the subcommand.
    #[serde(default)]
    pub add_flag: Option<String>,
    /// Command to run at the end of the RUN.
    #[serde(default)]
    pub cleanup: Option<String>,
    /// The cache is already off when the command has one of these flags.
    #[serde(default)]
    pub skip_flags: Vec<String>,
    /// ... or when one of these variables is set (ENV, ARG, `export`, `VAR=x cmd`).
    #[serde(default)]
    pub env: Vec<String>,
    /// ... or when a cache or tmpfs mount covers one of these paths.
    #[serde(default)]
    pub cache_paths: Vec<String>,
    /// Commands (program + leading words) that count as the cleanup already being done,
    /// when they come after the last command that fills the cache (as does a command
    /// whose effects remove a cache path).
    #[serde(default)]
    pub done_by: Vec<Vec<String>>,
    /// Commands that print where the cache is: removing their output
    /// (`rm -rf "$(yarn cache dir)"`) cleans it.
    #[serde(default)]
    pub cache_dir_commands: Vec<String>,
    /// Commands (program + leading words) that the added flag makes useless: removed when
    /// joined to a neighbour by `&&`.
    #[serde(default)]
    pub drop: Vec<Vec<String>>,
    /// Subcommands of the rule's programs that do not need what a dropped command did.
    #[serde(default)]
    pub index_free: Vec<Vec<String>>,
    /// With `--cache-mounts`: the build cache mount that keeps the cache out of the
    /// layer instead (a rule with only a mount does nothing otherwise).
    #[serde(default)]
    pub mount: Option<CacheMount>,
    /// Options with which a later command of the rule's programs installs from the
    /// cache alone (`npm ci --offline`): emptying the cache earlier would break it.
    #[serde(default)]
    pub offline_flags: Vec<String>,
}

impl Rule {
    fn matches(&self, inv: &Invocation<'_>) -> bool {
        let with_value: Vec<&str> = self.options_with_value.iter().map(String::as_str).collect();
        self.programs.iter().any(|p| glob(p, &inv.program))
            && self
                .subcommands
                .iter()
                .any(|s| inv.has_subcommand(s, &with_value))
    }

    /// "the pip cache", "the gem documentation".
    fn describe(&self) -> String {
        format!(
            "the {} {}",
            self.name,
            self.leaves.as_deref().unwrap_or("cache")
        )
    }

    /// Whether a command already cleans the cache: one of `done_by`, or one whose
    /// effects remove a path that holds a cache path (or everything in one).
    fn is_done_by(&self, inv: &Invocation<'_>, effect: Option<&Effect>) -> bool {
        command_matches(&self.done_by, inv)
            || effect.is_some_and(|e| {
                e.removes.iter().any(|r| {
                    self.cache_paths.iter().any(|c| removes_cache(r, c))
                        || r.strip_prefix("$(")
                            .and_then(|x| x.strip_suffix(')'))
                            .is_some_and(|cmd| {
                                let words: Vec<&str> = cmd.split_whitespace().collect();
                                self.cache_dir_commands
                                    .iter()
                                    .any(|c| c.split_whitespace().eq(words.iter().copied()))
                            })
                })
            })
    }
}

/// Whether removing `removed` (as written: `~` and `$HOME` are root's home, where caches
/// are) takes cache path `cache` with it: the path or a folder above it, or every entry
/// of it (`/root/.npm/*`, `/usr/local/bundle/cache/*.gem`).
fn removes_cache(removed: &str, cache: &str) -> bool {
    let path = in_root_home(removed).unwrap_or_else(|| removed.to_string());
    let path = path.trim_end_matches('/');
    if path.is_empty() || !path.starts_with('/') {
        return false;
    }
    let holds = |p: &str| cache == p || cache.starts_with(&format!("{p}/")) || glob(p, cache);
    holds(path)
        || path
            .rsplit_once('/')
            .is_some_and(|(dir, last)| last.contains('*') && dir == cache)
}

/// Whether `inv` is one of `patterns` (program glob, then leading words, globs allowed).
fn command_matches(patterns: &[Vec<String>], inv: &Invocation<'_>) -> bool {
    patterns.iter().any(|d| pattern_matches(d, inv, false))
}

/// With `exact`, the command has no arguments beyond the pattern's.
fn pattern_matches(pattern: &[String], inv: &Invocation<'_>, exact: bool) -> bool {
    match pattern.split_first() {
        Some((prog, words)) => {
            glob(prog, &inv.program)
                && words.len() <= inv.args.len()
                && (!exact || words.len() == inv.args.len())
                && words.iter().zip(inv.args).all(|(w, a)| glob(w, &a.value))
        }
        None => false,
    }
}

/// A transform made from a recipe.
pub struct RecipeTransform {
    pub id: &'static str,
    pub recipe_toml: &'static str,
    pub readme: &'static str,
    /// hadolint rule ids whose `# hadolint ignore=` also suppresses it.
    pub hadolint_ids: &'static [&'static str],
    pub cell: OnceLock<Recipe>,
    /// Its metadata, made once from the recipe (the summary is there).
    pub meta: OnceLock<Meta>,
}

impl RecipeTransform {
    pub const fn new(
        id: &'static str,
        recipe_toml: &'static str,
        readme: &'static str,
        hadolint_ids: &'static [&'static str],
    ) -> Self {
        RecipeTransform {
            id,
            recipe_toml,
            readme,
            hadolint_ids,
            cell: OnceLock::new(),
            meta: OnceLock::new(),
        }
    }

    pub fn recipe(&self) -> &Recipe {
        self.cell.get_or_init(|| {
            toml::from_str(self.recipe_toml)
                .unwrap_or_else(|e| panic!("transforms/{}/recipe.toml: {e}", self.id))
        })
    }
}

impl Transform for RecipeTransform {
    fn meta(&self) -> &Meta {
        self.meta.get_or_init(|| Meta {
            summary: std::borrow::Cow::Owned(self.recipe().summary.clone()),
            ..Meta::new(self.id, "", "safe", self.readme)
                .hadolint(self.hadolint_ids)
                .local()
        })
    }

    fn run(&self, doc: &Document, ctx: &Context, out: &mut Vec<Finding>) {
        let recipe = self.recipe();
        let needles: Vec<&str> = recipe
            .rules
            .iter()
            .flat_map(|r| &r.programs)
            .map(|p| p.split('*').next().unwrap_or(p))
            .collect();
        for inst in &doc.instructions {
            let Some(stage) = inst.stage else { continue };
            if inst.kind != crate::syntax::Kind::Run || !mentions(doc, inst, &needles) {
                continue;
            }
            let Some(body) = shell_run(doc, inst) else {
                continue;
            };
            let ships = shipped(doc, stage);
            let mut edits: Vec<Edit> = Vec::new();
            let mut cleanups: Vec<&str> = Vec::new();
            let mut names: Vec<String> = Vec::new();
            let invs: Vec<Invocation<'_>> = body.commands.iter().map(Invocation::of).collect();
            let effects = doc.effects(inst.index).unwrap_or_default();
            let mut mounts: Vec<(&CacheMount, String)> = Vec::new();
            let root = ctx.cache_mounts && runs_as_root(doc, inst);
            for rule in &recipe.rules {
                let covered = rule.cache_paths.iter().any(|p| mount_covers(inst, p))
                    || rule
                        .env
                        .iter()
                        .any(|e| stage_sets_env(doc, stage, inst.index, e));
                if covered {
                    continue;
                }
                let triggers: Vec<&Invocation<'_>> = invs
                    .iter()
                    .filter(|inv| rule.matches(inv))
                    .filter(|inv| !inv.has_flag(&rule.skip_flags))
                    .filter(|inv| {
                        !rule.env.iter().any(|e| {
                            inv.sets_env(e) || body_sets_env(body, e, inv.command.range.start)
                        })
                    })
                    .collect();
                let Some(last) = triggers.last() else {
                    continue;
                };
                // The RUN already cleans the cache after its last fill.
                let cleaned = rule.cleanup.is_some()
                    && invs.iter().enumerate().any(|(i, inv)| {
                        inv.command.range.start > last.command.range.start
                            && rule.is_done_by(inv, effects.get(i))
                    });
                // --cache-mounts: the cache goes to a mount, in any stage (it is about
                // the next build's speed), when the RUN runs as root (the targets are
                // root's caches) and does not clean it (that would empty the mount).
                let shipped_only = |m: &CacheMount| m.unshipped_only && ships;
                let taken = |m: &CacheMount| mounts.iter().any(|(x, _)| x.target == m.target);
                if let Some(m) = rule
                    .mount
                    .as_ref()
                    .filter(|m| root && !cleaned && !shipped_only(m) && !taken(m))
                {
                    mounts.push((m, rule.describe()));
                    continue;
                }
                if rule.add_flag.is_none() && rule.cleanup.is_none() {
                    continue;
                }
                // A later RUN of this stage (or of one built on it) that installs from
                // the cache alone, or reads a file of it, needs it kept.
                if let Some(line) = later_use(doc, stage, inst, rule) {
                    out.push(Finding::new(
                        self.id,
                        inst.keyword.clone(),
                        format!(
                            "{} stays in this layer: line {line} reads it (an install from the cache alone, or a file of it), so it is not removed here",
                            rule.describe()
                        ),
                    ));
                    continue;
                }
                if let Some(flag) = &rule.add_flag {
                    let with_value: Vec<&str> =
                        rule.options_with_value.iter().map(String::as_str).collect();
                    for inv in &triggers {
                        let sub_len = rule
                            .subcommands
                            .iter()
                            .filter(|s| inv.has_subcommand(s, &with_value))
                            .map(Vec::len)
                            .max()
                            .unwrap_or(1);
                        let pos = inv.positionals(&with_value);
                        let Some(word) = pos.get(sub_len - 1) else {
                            continue;
                        };
                        edits.push(Edit::insert(word.range.end, format!(" {flag}")));
                    }
                    names.push(rule.describe());
                    edits.extend(drops(doc.bytes(), body, rule, &invs, &with_value));
                }
                // A cache filled as another user (`sudo -u app bundle install`, `gosu`)
                // is in that user's home, not where the cleanup (run as the RUN's
                // user) would look.
                if let Some(cleanup) = &rule.cleanup
                    && !cleaned
                    && !triggers.iter().any(|t| t.switches_user)
                    && !cleanups.contains(&cleanup.as_str())
                {
                    cleanups.push(cleanup);
                    names.push(rule.describe());
                }
            }
            if !mounts.is_empty() {
                let mut what: Vec<&str> = mounts.iter().map(|(_, w)| w.as_str()).collect();
                what.dedup();
                let targets: Vec<&CacheMount> = mounts.iter().map(|(m, _)| *m).collect();
                out.push(
                    Finding::new(
                        self.id,
                        inst.keyword.clone(),
                        format!(
                            "{} would stay in this layer; keep {} in a build cache mount",
                            what.join(" and "),
                            if targets.len() == 1 { "it" } else { "them" }
                        ),
                    )
                    .with_fix(Fix::safe(vec![cache_mounts_edit(inst, &targets)])),
                );
            }
            if edits.is_empty() && cleanups.is_empty() {
                continue;
            }
            names.dedup();
            let what = names.join(" and ");
            if !cleanups.is_empty() {
                match append_to_run(doc, body, &cleanups.join(" && ")) {
                    Some(e) => edits.push(e),
                    None => {
                        out.push(Finding::new(
                            self.id,
                            inst.keyword.clone(),
                            format!(
                                "{what} stay in this layer; run `{}` at the end of this RUN",
                                cleanups.join(" && ")
                            ),
                        ));
                        continue;
                    }
                }
            }
            let message = format!("{what} would stay in this layer");
            let f = Finding::new(self.id, inst.keyword.clone(), message.clone());
            if ships {
                out.push(f.with_fix(Fix::safe(edits)));
            } else {
                out.push(Finding::new(
                    self.id,
                    inst.keyword.clone(),
                    format!("{message} (a build stage that does not ship: advice only)"),
                ));
            }
        }
    }
}

/// The line of a later RUN of `stage` (or of a stage built on it) that reads `rule`'s
/// cache: one of its programs with an `offline_flags` option, or any command reading
/// a path under one of its `cache_paths`.
fn later_use(
    doc: &Document,
    stage: usize,
    inst: &crate::syntax::Instruction,
    rule: &Rule,
) -> Option<usize> {
    let later = super::common::later_in_stage(doc, stage, inst)
        .filter(|i| i.kind == crate::syntax::Kind::Run);
    for i in later {
        let Some(body) = doc.shell(i.index) else {
            continue;
        };
        let effects = doc.effects(i.index).unwrap_or_default();
        for (c, e) in body.commands.iter().zip(effects) {
            // The effects name the program with wrappers peeled off, as Invocation
            // does: its arguments are read only for one of the rule's programs.
            let offline = rule.programs.iter().any(|p| glob(p, &e.program))
                && Invocation::of(c).has_flag(&rule.offline_flags);
            // A read of the cache, of a file in it, or of a folder that holds it.
            let reads = e.reads.iter().any(|r| {
                let path = in_root_home(r).unwrap_or_else(|| r.clone());
                rule.cache_paths
                    .iter()
                    .any(|p| removes_cache(r, p) || path.starts_with(&format!("{p}/")))
            });
            if offline || reads {
                return Some(i.line);
            }
        }
    }
    None
}

/// Removes the commands of `rule.drop` that sit in an `&&` chain, when every other
/// command of the rule's programs in the body works without them.
fn drops(
    file: &[u8],
    body: &crate::syntax::ShellBody,
    rule: &Rule,
    invs: &[Invocation<'_>],
    with_value: &[&str],
) -> Vec<Edit> {
    if rule.drop.is_empty() {
        return Vec::new();
    }
    // Exactly the pattern: `rm -rf /var/cache/apk/* /tmp/*` does more than the pattern
    // and stays.
    let is_drop = |inv: &Invocation<'_>| rule.drop.iter().any(|d| pattern_matches(d, inv, true));
    let all_fine = invs
        .iter()
        .filter(|inv| rule.programs.iter().any(|p| glob(p, &inv.program)))
        .all(|inv| {
            is_drop(inv)
                || rule
                    .index_free
                    .iter()
                    .any(|s| inv.has_subcommand(s, with_value))
        });
    if !all_fine {
        return Vec::new();
    }
    let mut out: Vec<Edit> = Vec::new();
    for (i, inv) in invs.iter().enumerate() {
        if !is_drop(inv) || inv.command.isolated || inv.command.nested || inv.command.redirected {
            continue;
        }
        let r = &inv.command.range;
        // Only `&&` and line continuations between the two: a comment line there (blank
        // in the shell's view) belongs to the next command and must not be deleted.
        let joined = |a: usize, b: usize| {
            let between = body.text(&(a..b));
            between.replace("\\\n", " ").trim() == "&&" && !file[a..b].contains(&b'#')
        };
        let next = invs.get(i + 1).map(|n| n.command.range.clone());
        let prev = i.checked_sub(1).map(|p| invs[p].command.range.clone());
        let edit = match (next, prev) {
            (Some(n), _) if joined(r.end, n.start) => Edit::delete(r.start..n.start),
            (_, Some(p)) if joined(p.end, r.start) => Edit::delete(p.end..r.end),
            _ => continue,
        };
        if out
            .iter()
            .all(|e| e.range.end <= edit.range.start || edit.range.end <= e.range.start)
        {
            out.push(edit);
        }
    }
    out
}
