//! `dev-purge`: a RUN that installs `-dev` packages and builds with them (a PHP
//! extension with `docker-php-ext-install`, a Python C extension) leaves their headers
//! and static libraries in its layer. Purged at the end of the same RUN, they never
//! reach the image; the shared libraries the build linked, and everything else the
//! packages brought that is not a library's development files, stay (see the data
//! file's `purge`).
//!
//! Unsafe: the image loses files. Only where nothing after the RUN may build against
//! them: no later RUN of the image compiles, runs a script or a program whose effects
//! are not known, or changes packages' marks, and the entry runs no compiler.

use serde::Deserialize;

use super::common::{Invocation, append_to_run, mentions, runs_as_root, shell_run, shipped};
use super::entry::entry_reading;
use super::{Context, Meta, Transform};
use crate::effects::{Effect, programs};
use crate::fix::{Finding, Fix};
use crate::syntax::{Base, Document, Form, Instruction, Kind};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurgeData {
    pub purge: String,
    pub package_changes: Vec<Vec<String>>,
    pub service_bases: Vec<ServiceBase>,
    pub known_bases: Vec<ServiceBase>,
    pub may_build: Vec<String>,
    pub toolchain_dev: Vec<String>,
    pub privilege_wrappers: Vec<String>,
    pub workbench_programs: Vec<String>,
    pub interpreters: Vec<String>,
    pub entry_wrappers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceBase {
    pub name: String,
    pub tags: Vec<String>,
}

data_file!(pub fn purge_data() -> PurgeData = "dev-purge/data.toml");

mod image;

pub(crate) use image::names_dev_file;
use image::{base_in, dev_tool, names_dev, workbench};

pub struct DevPurge;

static META: Meta = Meta::new(
    "dev-purge",
    "Purge -dev packages in the RUN that built with them",
    "unsafe",
    include_str!("../../../transforms/dev-purge/README.md"),
)
.reads_context();

/// A package name as apt-get install takes it literally (no version, release, glob or
/// variable) that names a development package: `libpng-dev`, `libpq-dev:amd64`.
fn dev_package(word: &str) -> bool {
    let name = word.split_once(':').map_or(word, |(n, _)| n);
    name.ends_with("-dev")
        && name.len() > 4
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+.-".contains(c))
}

/// Whether the command removes packages or changes their marks (the data's
/// `package_changes`).
fn changes_packages(inv: &Invocation<'_>) -> bool {
    purge_data().package_changes.iter().any(|p| {
        let Some((prog, words)) = p.split_first() else {
            return false;
        };
        inv.program == *prog
            && (words.is_empty() || words.iter().all(|w| inv.args.iter().any(|a| a.value == *w)))
    })
}

/// Whether the program compiles native code, in any of its uses (a compiler, a build
/// driver, or a program with a compiling subcommand such as `pecl install`).
fn may_compile(program: &str) -> bool {
    purge_data().may_build.iter().any(|p| p == program)
        || programs()
            .programs
            .get(program)
            .is_some_and(|s| s.compiler || !s.compiles.is_empty())
}

/// Why a command after the purge may need what it removes, if it may.
fn needs_headers(e: &Effect, inv: &Invocation<'_>) -> Option<String> {
    if e.program.is_empty() {
        return None;
    }
    // Any use of a program that can build: `cargo test`, `go vet` (cgo), `npm run
    // build` and `pip wheel` build too, not only the subcommands the effects data
    // marks as compiling.
    if e.compiles || may_compile(&e.program) {
        return Some(format!(
            "runs `{}`, which may build against the headers",
            e.program
        ));
    }
    // Commands its arguments give: fine when each is a known program that builds
    // nothing and runs nothing further (`find -exec chmod`).
    let inert = |p: &String| {
        programs().programs.get(p).is_some_and(|s| {
            !s.shell && !s.compiler && s.compiles.is_empty() && s.runs_commands.is_empty()
        }) && !may_compile(p)
    };
    if e.runs_commands && (e.runs.is_empty() || !e.runs.iter().all(inert)) {
        return Some(format!(
            "runs `{}`, which runs commands its arguments give",
            e.program
        ));
    }
    if e.project.as_ref().is_some_and(|p| p.scripts) {
        return Some(format!(
            "runs `{}`, which runs the project's own scripts",
            e.program
        ));
    }
    if e.runs_script {
        return Some(format!(
            "runs `{}`, a script dockerlean does not read",
            e.program
        ));
    }
    if !e.known {
        return Some(format!("runs `{}`, whose effects are not known", e.program));
    }
    if changes_packages(inv) {
        return Some(format!(
            "runs `{}`, which removes or marks packages",
            inv.program
        ));
    }
    None
}

/// Where one of `packages` is installed again after the RUN's last build: later in the
/// RUN (merge-runs joins later RUNs to it) or in a later RUN of the image. The purge
/// would take that install too.
fn installed_again(
    doc: &Document,
    inst: &Instruction,
    effects: &[Effect],
    packages: &[String],
) -> Option<String> {
    let last_build = effects.iter().rfind(|e| e.compiles)?.command;
    let names = |e: &Effect| -> Option<String> {
        let i = e.install.as_ref().filter(|i| i.manager == "apt")?;
        i.packages
            .iter()
            .find(|p| {
                packages
                    .iter()
                    .any(|q| q.split(':').next() == p.split(':').next())
            })
            .cloned()
    };
    if let Some(p) = effects
        .iter()
        .filter(|e| e.command > last_build)
        .find_map(names)
    {
        return Some(format!("this RUN installs `{p}` again after the build"));
    }
    later(doc, inst).into_iter().find_map(|i| {
        let p = doc.effects(i.index)?.iter().find_map(names)?;
        Some(format!("line {} installs `{p}` again", i.line))
    })
}

/// The instructions that build on RUN `inst` in the shipped image: the rest of its
/// stage, then the stages built `FROM` it up to the final one.
fn later<'d>(doc: &'d Document, inst: &Instruction) -> Vec<&'d Instruction> {
    let Some(stage) = inst.stage else {
        return Vec::new();
    };
    let mut chain = doc.shipped_stages();
    chain.reverse();
    let mut out: Vec<&Instruction> = Vec::new();
    for s in chain.into_iter().skip_while(|s| *s != stage) {
        let range = doc.stages[s].instructions.clone();
        out.extend(
            doc.instructions[range]
                .iter()
                .filter(|i| i.index > inst.index),
        );
    }
    out
}

/// Why the headers may be needed after RUN `inst`: a later instruction of the image
/// (line and reason), or the entry.
fn needed_after(doc: &Document, ctx: &Context, inst: &Instruction) -> Option<String> {
    // What the image names that only a development package ships: in its ENV and ARG
    // (wherever they are), its entry and health check, and every instruction after the
    // RUN.
    let chain = doc.shipped_stages();
    let in_chain = |i: &&Instruction| i.stage.is_some_and(|s| chain.contains(&s));
    let named = doc
        .instructions
        .iter()
        .filter(in_chain)
        .filter(|i| {
            i.index > inst.index
                || matches!(
                    i.kind,
                    Kind::Env | Kind::Arg | Kind::Cmd | Kind::Entrypoint | Kind::Healthcheck
                )
        })
        .find(|i| names_dev(doc, i));
    if let Some(i) = named {
        return Some(format!(
            "the {} at line {} names a file only a development package ships (an unversioned library, headers, pkg-config, a *-config tool or LD_PRELOAD)",
            i.kind.as_str(),
            i.line
        ));
    }
    for i in later(doc, inst) {
        match i.kind {
            Kind::Onbuild => {
                return Some(format!(
                    "ONBUILD at line {} runs in images built on this one, which may build against the headers",
                    i.line
                ));
            }
            Kind::Run => {}
            _ => continue,
        }
        let (Some(body), Some(effects)) = (shell_run(doc, i), doc.effects(i.index)) else {
            return Some(format!(
                "the RUN at line {} is not a shell command dockerlean can read",
                i.line
            ));
        };
        for e in effects {
            let inv = Invocation::of(&body.commands[e.command]);
            if let Some(why) = needs_headers(e, &inv) {
                return Some(format!("line {} {why}", i.line));
            }
        }
    }
    if let Some(why) = workbench(doc) {
        return Some(why);
    }
    if let Some(why) = entry_reading(doc, ctx, &may_compile).blocker(&|_| ", which builds".into()) {
        return Some(why);
    }
    // Another stage copying from this image could take the headers.
    for s in &doc.stages {
        if chain.contains(&s.index) {
            continue;
        }
        // A stage name (any case, as BuildKit matches them) or index naming the image.
        let from_chain = |name: &str| {
            doc.stage_ref(name, s.index)
                .is_some_and(|r| chain.contains(&r))
        };
        if matches!(s.base, Base::Stage(p) if chain.contains(&p)) {
            return Some(format!(
                "the stage at line {} is built on this image",
                doc.instructions[s.from].line
            ));
        }
        for i in &doc.instructions[s.instructions.clone()] {
            let copies =
                matches!(i.kind, Kind::Copy | Kind::Add) && i.copy_from().is_some_and(from_chain);
            // `RUN --mount=from=app,...` reads the image's files as `COPY --from` does.
            let mounts = i.kind == Kind::Run
                && i.flags.iter().any(|f| {
                    f.name == "mount"
                        && f.value.as_deref().is_some_and(|v| {
                            v.split(',')
                                .any(|kv| kv.trim().strip_prefix("from=").is_some_and(from_chain))
                        })
                });
            if copies || mounts {
                return Some(format!(
                    "the {} at line {} reads files of this image",
                    i.kind.as_str(),
                    i.line
                ));
            }
        }
    }
    None
}

impl Transform for DevPurge {
    fn meta(&self) -> &Meta {
        &META
    }

    fn run(&self, doc: &Document, ctx: &Context, out: &mut Vec<Finding>) {
        for inst in &doc.instructions {
            let Some(stage) = inst.stage else { continue };
            if inst.kind != Kind::Run || !mentions(doc, inst, &["-dev"]) || !shipped(doc, stage) {
                continue;
            }
            if !matches!(inst.form, Form::Shell { .. }) {
                continue;
            }
            let (Some(body), Some(effects)) = (shell_run(doc, inst), doc.effects(inst.index))
            else {
                continue;
            };
            let invs: Vec<Invocation<'_>> = body.commands.iter().map(Invocation::of).collect();
            // The -dev packages apt installs here, and where the first such install is.
            let mut packages: Vec<String> = Vec::new();
            let mut first: Option<usize> = None;
            // An install through sudo or another user-switching wrapper: the appended
            // apt-mark and apt-get would run as the RUN's user.
            let mut wrapped: Option<String> = None;
            for e in effects {
                if let Some(i) = e.install.as_ref().filter(|i| i.manager == "apt") {
                    // Libraries' development packages; a toolchain's (libc6-dev) stays.
                    let toolchain = |p: &String| {
                        let name = p.split(':').next().unwrap_or(p);
                        purge_data().toolchain_dev.iter().any(|t| t == name)
                    };
                    let dev: Vec<&String> = i
                        .packages
                        .iter()
                        .filter(|p| dev_package(p) && !toolchain(p))
                        .collect();
                    if !dev.is_empty() {
                        first.get_or_insert(e.command);
                        let c = &body.commands[e.command];
                        let name = c.name.rsplit('/').next().unwrap_or(&c.name);
                        if purge_data().privilege_wrappers.iter().any(|w| w == name) {
                            wrapped.get_or_insert(name.to_string());
                        }
                    }
                    for p in dev {
                        if !packages.contains(p) {
                            packages.push(p.clone());
                        }
                    }
                }
            }
            let Some(first) = first else { continue };
            // A build after the install: the packages served it. Without one they are
            // for a later step or the running app, and stay.
            let Some(build) = effects
                .iter()
                .rfind(|e| e.command > first && e.compiles)
                .map(|e| e.program.clone())
            else {
                continue;
            };
            // The RUN already manages its packages (its own purge, marks).
            if invs.iter().any(changes_packages) {
                continue;
            }
            let listed = packages
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let message = format!(
                "the headers and static libraries of {listed} stay in the image after `{build}` built with them"
            );
            // What only the RUN itself could tell: who runs it, what it was built on,
            // what its later commands name.
            let after_install = effects.iter().filter(|e| e.command > first && !e.compiles);
            let reason = if let Some(w) = wrapped {
                Some(format!(
                    "the install runs through `{w}`, and the purge would run as the RUN's user"
                ))
            } else if !runs_as_root(doc, inst) {
                Some("the RUN does not run as root, and the purge must".to_string())
            } else if !base_in(doc, &purge_data().known_bases) {
                Some("the image is built on a base not known to ship no development packages (the full language images carry buildpack-deps' -dev packages), and the purge would take those this RUN names again".to_string())
            } else if let Some(e) = after_install.into_iter().find(|e| {
                let c = &body.commands[e.command];
                dev_tool(&e.program) || c.args.iter().any(|a| names_dev_file(&a.value))
            }) {
                Some(format!(
                    "`{}` in this RUN names a file only a development package ships",
                    e.program
                ))
            } else if let Some(again) = installed_again(doc, inst, effects, &packages) {
                Some(again)
            } else {
                needed_after(doc, ctx, inst)
            };
            if let Some(why) = reason {
                out.push(Finding::new(
                    META.id,
                    inst.keyword.clone(),
                    format!("{message}; not purged: {why}"),
                ));
                continue;
            }
            let command = purge_command(doc, &packages);
            let f = Finding::new(
                META.id,
                inst.keyword.clone(),
                format!("{message}; purge them in this RUN, keeping the libraries they linked"),
            );
            out.push(match append_to_run(doc, body, &command) {
                Some(e) => f.with_fix(Fix::unsafe_(vec![e])),
                None => f,
            });
        }
    }
}

/// The data's purge for `packages`, its continuation lines indented as the file indents
/// them (each four spaces of the data's indent become one of the file's).
fn purge_command(doc: &Document, packages: &[String]) -> String {
    let indent = doc.continuation_indent();
    purge_data()
        .purge
        .replace(
            "{packages}",
            // dpkg-query's ${Package} has no architecture.
            &packages
                .iter()
                .map(|p| p.split(':').next().unwrap_or(p))
                .collect::<Vec<_>>()
                .join(" "),
        )
        .lines()
        .enumerate()
        .map(|(k, line)| {
            if k == 0 {
                return line.to_string();
            }
            let text = line.trim_start_matches(' ');
            let levels = (line.len() - text.len()) / 4;
            format!("{}{}{text}", doc.newline(), indent.repeat(levels.max(1)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::dev_package;

    #[test]
    fn development_package_names() {
        for p in [
            "libpng-dev",
            "libpq-dev:amd64",
            "libstdc++-12-dev",
            "zlib1g-dev",
        ] {
            assert!(dev_package(p), "{p}");
        }
        for p in [
            "libpng16-16",
            "-dev",
            "libpq-dev=15.*",
            "$DEPS",
            "libxml2-dev/bookworm",
            "lib*-dev",
        ] {
            assert!(!dev_package(p), "{p}");
        }
    }
}
