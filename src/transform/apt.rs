//! `apt-lists`: remove `/var/lib/apt/lists/*` in the RUN that ran `apt-get update`,
//! where nothing later needs the lists. `apt-no-recommends`: install without
//! recommended packages (unsafe).

use serde::Deserialize;

use super::common::{
    CacheMount, Invocation, cache_mounts_edit, cleanup_finding, mentions, mount_covers, shell_run,
};
use super::{Context, Meta, Transform};
use crate::fix::{Edit, Finding, Fix};
use crate::syntax::{Document, Instruction, Kind};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AptData {
    /// apt front ends.
    pub programs: Vec<String>,
    /// Options of apt-get that take a value.
    pub options_with_value: Vec<String>,
    /// Subcommands that work without package lists.
    pub no_lists_needed: Vec<String>,
    /// Tools that fetch over TLS and pull `ca-certificates` in as a recommended package.
    pub need_ca_certificates: Vec<String>,
    /// The lists directory and the cleanup command.
    pub lists_dir: String,
    pub cleanup: String,
    /// The cache mounts that replace the cleanup with `--cache-mounts`.
    pub mounts: Vec<CacheMount>,
    /// Packages (globs) whose recommended packages a build needs, and those packages.
    pub recommends_needed: std::collections::BTreeMap<String, Vec<String>>,
}

data_file!(pub fn apt_data() -> AptData = "apt-lists/data.toml");

/// An apt command: its subcommand and the invocation.
struct AptCall<'c> {
    inv: Invocation<'c>,
    sub: String,
}

fn apt_calls(body: &crate::syntax::ShellBody) -> Vec<AptCall<'_>> {
    body.commands
        .iter()
        .map(Invocation::of)
        .filter_map(|inv| {
            let sub = apt_words(&inv)?.first()?.value.clone();
            Some(AptCall { inv, sub })
        })
        .collect()
}

/// For an apt command: its words after the options (and their values), the
/// subcommand first. None when the command is not apt.
pub(super) fn apt_words<'c>(
    inv: &Invocation<'c>,
) -> Option<Vec<&'c crate::syntax::shell::ShellWord>> {
    let d = apt_data();
    if !d.programs.contains(&inv.program) {
        return None;
    }
    let with_value: Vec<&str> = d.options_with_value.iter().map(String::as_str).collect();
    Some(inv.positionals(&with_value))
}

/// For an apt command: the package words of its `install` (empty for another
/// subcommand). None when the command is not apt.
pub(super) fn apt_install_packages<'c>(
    inv: &Invocation<'c>,
) -> Option<Vec<&'c crate::syntax::shell::ShellWord>> {
    let pos = apt_words(inv)?;
    Some(match pos.split_first() {
        Some((sub, packages)) if sub.value == "install" => packages.to_vec(),
        _ => Vec::new(),
    })
}

/// Whether the lists are removed by a command after offset `after`.
fn lists_removed_after(body: &crate::syntax::ShellBody, after: usize) -> bool {
    let dir = &apt_data().lists_dir;
    body.commands.iter().any(|c| {
        c.range.start > after
            && c.program() == "rm"
            && c.args.iter().any(|a| {
                let v = a.value.trim_end_matches('*').trim_end_matches('/');
                v == dir
            })
    })
}

/// What a later instruction does with the package lists.
#[derive(PartialEq)]
enum ListsUse {
    /// Does not touch apt.
    None,
    /// Runs `apt-get update` before any use: later instructions see its lists.
    Refreshes,
    /// Reads the lists (an install without its own update, apt-cache, ...).
    Needs,
    /// Runs a script dockerlean does not read, which may install with apt.
    Script,
    /// Runs commands its arguments give (`eval "$INSTALL"`, `find -exec`), which may
    /// install with apt: the program that does.
    Commands(String),
}

fn lists_use(doc: &Document, inst: &Instruction) -> ListsUse {
    let d = apt_data();
    let body = match inst.kind {
        Kind::Run => shell_run(doc, inst),
        Kind::Onbuild if inst.onbuild == Some(Kind::Run) => None,
        _ => return ListsUse::None,
    };
    let Some(body) = body else {
        // Not readable as shell (exec form, heredoc, ONBUILD, ...) and it mentions apt:
        // assume the worst.
        return if mentions(doc, inst, &["apt"]) {
            ListsUse::Needs
        } else {
            ListsUse::None
        };
    };
    let with_value: Vec<&str> = d.options_with_value.iter().map(String::as_str).collect();
    // In the order the commands run: the first that refreshes or reads the lists
    // decides. A script dockerlean does not read may run `apt-get install` itself.
    for (c, e) in body
        .commands
        .iter()
        .zip(doc.effects(inst.index).unwrap_or_default())
    {
        if e.runs_script {
            return ListsUse::Script;
        }
        // Commands its arguments give: unless every one is named and none is apt or a
        // shell (`find -exec rm` and `find -exec ldd` are fine, as `rm` and `ldd` alone).
        if e.runs_commands
            && (e.runs.is_empty()
                || e.runs.iter().any(|p| {
                    d.programs.contains(p)
                        || crate::effects::programs()
                            .programs
                            .get(p)
                            .is_some_and(|s| s.shell || s.manager.as_deref() == Some("apt"))
                }))
        {
            return ListsUse::Commands(e.program.clone());
        }
        if e.manager.as_deref() != Some("apt") || e.program == "apt-mark" {
            continue;
        }
        if !d.programs.contains(&e.program) {
            // apt-cache, aptitude, add-apt-repository: they read the lists.
            return ListsUse::Needs;
        }
        let inv = Invocation::of(c);
        let sub = inv
            .positionals(&with_value)
            .first()
            .map(|w| w.value.as_str());
        match sub {
            Some("update") => return ListsUse::Refreshes,
            None => {}
            Some(s) if d.no_lists_needed.iter().any(|n| n == s) => {}
            Some(_) => return ListsUse::Needs,
        }
    }
    ListsUse::None
}

pub struct AptLists;

static APT_LISTS_META: Meta = Meta::new(
    "apt-lists",
    "Remove apt package lists in the RUN that downloaded them",
    "safe",
    include_str!("../../transforms/apt-lists/README.md"),
)
.hadolint(&["DL3009"]);

impl Transform for AptLists {
    fn meta(&self) -> &Meta {
        &APT_LISTS_META
    }

    fn run(&self, doc: &Document, ctx: &Context, out: &mut Vec<Finding>) {
        let d = apt_data();
        for inst in &doc.instructions {
            let Some(stage) = inst.stage else { continue };
            if inst.kind != Kind::Run || !mentions(doc, inst, &["update"]) {
                continue;
            }
            let Some(body) = shell_run(doc, inst) else {
                continue;
            };
            let calls = apt_calls(body);
            let Some(update) = calls.iter().rfind(|c| c.sub == "update") else {
                continue;
            };
            let last_apt = calls.last().map_or(0, |c| c.inv.command.range.end);
            if lists_removed_after(body, update.inv.command.range.start)
                || mount_covers(inst, &d.lists_dir)
            {
                continue;
            }
            let installs = calls
                .iter()
                .any(|c| c.inv.command.range.start > update.inv.command.range.start);
            if !installs {
                // When merge-runs joins it to the next RUN, that is the fix.
                let next = doc.instructions.get(inst.index + 1);
                if next.is_some_and(|n| super::merge_runs::joinable(doc, inst, n)) {
                    continue;
                }
                out.push(Finding::new(
                    self.meta().id,
                    inst.keyword.clone(),
                    "`apt-get update` alone in a layer: its lists go stale in the cache; run it in the RUN that installs",
                ));
                continue;
            }
            // Later RUNs of this stage and of the stages built on it.
            let later = super::common::later_in_stage(doc, stage, inst);
            // Up to the next RUN that refreshes the lists itself.
            let user = later
                .map(|i| (i, lists_use(doc, i)))
                .find(|(_, u)| *u != ListsUse::None)
                .filter(|(_, u)| *u != ListsUse::Refreshes);
            if let Some((user, why)) = user {
                let message = match why {
                    ListsUse::Script => format!(
                        "apt lists stay in this layer because line {} runs a script dockerlean does not read, which may install with apt; remove them where nothing later needs them",
                        user.line
                    ),
                    ListsUse::Commands(program) => format!(
                        "apt lists stay in this layer because line {} runs commands its arguments give (`{program}`), which may install with apt; remove them where nothing later needs them",
                        user.line
                    ),
                    _ => format!(
                        "apt lists stay in this layer because line {} still uses them; run `apt-get update` there instead",
                        user.line
                    ),
                };
                out.push(Finding::new(self.meta().id, inst.keyword.clone(), message));
                continue;
            }
            let _ = last_apt;
            let message = "apt package lists stay in this layer";
            if ctx.cache_mounts {
                // The RUN refreshes the lists before it installs, so a mount's lists
                // from an earlier build are never used stale; nothing later reads them.
                let mounts: Vec<&CacheMount> = d.mounts.iter().collect();
                out.push(
                    Finding::new(
                        self.meta().id,
                        inst.keyword.clone(),
                        format!(
                            "{message}; keep them and the downloaded packages in build cache mounts"
                        ),
                    )
                    .with_fix(Fix::safe(vec![cache_mounts_edit(inst, &mounts)])),
                );
                continue;
            }
            out.push(cleanup_finding(
                self.meta().id,
                doc,
                inst,
                body,
                message.to_string(),
                &d.cleanup,
            ));
        }
    }
}

pub struct AptNoRecommends;

static APT_NO_RECOMMENDS_META: Meta = Meta::new(
    "apt-no-recommends",
    "Install apt packages with --no-install-recommends",
    "unsafe",
    include_str!("../../transforms/apt-no-recommends/README.md"),
)
.hadolint(&["DL3015"]);

impl Transform for AptNoRecommends {
    fn meta(&self) -> &Meta {
        &APT_NO_RECOMMENDS_META
    }

    fn run(&self, doc: &Document, _ctx: &Context, out: &mut Vec<Finding>) {
        let d = apt_data();
        let with_value: Vec<&str> = d.options_with_value.iter().map(String::as_str).collect();
        // Stages that configure recommends themselves have decided.
        let configured: Vec<bool> = doc
            .stages
            .iter()
            .map(|st| {
                doc.instructions[st.instructions.clone()]
                    .iter()
                    .any(|i| doc.text()[i.range.clone()].contains("Install-Recommends"))
            })
            .collect();
        for inst in &doc.instructions {
            let Some(stage) = inst.stage else { continue };
            if configured[stage] || inst.kind != Kind::Run || !mentions(doc, inst, &["install"]) {
                continue;
            }
            let Some(body) = shell_run(doc, inst) else {
                continue;
            };
            for call in apt_calls(body) {
                if call.sub != "install" {
                    continue;
                }
                let inv = &call.inv;
                if decides_recommends(inv.args) {
                    continue;
                }
                let pos = inv.positionals(&with_value);
                let Some(install_word) = pos.first() else {
                    continue;
                };
                let packages: Vec<&str> = pos[1..].iter().map(|w| w.value.as_str()).collect();
                let mut edits = vec![Edit::insert(
                    install_word.range.end,
                    " --no-install-recommends",
                )];
                let base = |p: &str| p.split(['=', ':']).next().unwrap_or(p).to_string();
                let needs_ca = packages
                    .iter()
                    .any(|p| d.need_ca_certificates.contains(&base(p)))
                    && !packages.iter().any(|p| base(p) == "ca-certificates");
                let mut message =
                    "apt-get install without --no-install-recommends also installs recommended packages".to_string();
                // Recommended packages a later step needs: added, unless named.
                let mut added: Vec<&str> = Vec::new();
                if needs_ca {
                    added.push("ca-certificates");
                }
                for (pattern, needed) in &d.recommends_needed {
                    if packages
                        .iter()
                        .any(|p| super::common::glob(pattern, &base(p)))
                    {
                        for n in needed {
                            if !packages.iter().any(|p| base(p) == *n)
                                && !added.contains(&n.as_str())
                            {
                                added.push(n);
                            }
                        }
                    }
                }
                if !added.is_empty()
                    && let Some(last) = pos.last()
                {
                    edits.push(Edit::insert(
                        last.range.end,
                        format!(" {}", added.join(" ")),
                    ));
                    message.push_str(&format!(
                        " ({} {} added: {} came as a recommendation)",
                        added.join(", "),
                        if added.len() == 1 { "is" } else { "are" },
                        if added.len() == 1 { "it" } else { "they" }
                    ));
                }
                out.push(
                    Finding::new(self.meta().id, inv.command.name_range.clone(), message)
                        .with_fix(Fix::unsafe_(edits)),
                );
            }
        }
    }
}

/// Whether an apt-get install's own words decide about recommended packages
/// (`--no-install-recommends`, `-o APT::Install-Recommends=...`).
pub fn decides_recommends(args: &[crate::syntax::shell::ShellWord]) -> bool {
    args.iter().any(|a| {
        a.value.starts_with("--no-install-recommends") || a.value.contains("Install-Recommends")
    })
}

/// Whether an apt install takes recommended packages: apt's default, unless its own
/// words say otherwise (`--no-install-recommends`, `-o APT::Install-Recommends=false`,
/// the last one deciding). When not known (a variable), yes: split-stages' runtime then
/// has more, never less. An APT configuration file is not read here: split-stages
/// refuses a split when one is written before the build (`apt_sources_changed`).
pub fn takes_recommends(args: &[crate::syntax::shell::ShellWord]) -> bool {
    let mut on = true;
    for a in args {
        let v = a.value.as_str();
        if v == "--no-install-recommends" {
            on = false;
        } else if v == "--install-recommends" {
            on = true;
        } else if let Some((_, val)) = v.split_once("Install-Recommends=") {
            on = !matches!(
                val.trim_matches(['"', '\'']).to_ascii_lowercase().as_str(),
                "false" | "0" | "no" | "off"
            );
        }
    }
    on
}
