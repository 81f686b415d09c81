//! Node: which package manager built the app folder, and whether the folder holds all
//! it installed.

use super::*;
use crate::transform::entry::{entry_reading, script_names};

/// A Yarn build must be Yarn 1 (the one the node images carry), which installs into the
/// app's node_modules. Yarn 2 and later (corepack, `yarn set version`, `.yarnrc.yml`,
/// `packageManager`) keep packages in a global cache under ~/.yarn/berry by default,
/// which Plug'n'Play loads at run time and the runtime would not take.
pub(super) fn yarn_classic(doc: &Document, ctx: &Context, builds: &[Build]) -> Sure<()> {
    let yarn = builds.iter().any(|b| {
        shell_run(doc, &doc.instructions[b.inst]).is_some_and(|body| {
            body.commands
                .iter()
                .any(|c| Invocation::of(c).program == "yarn")
        })
    });
    if !yarn {
        return Ok(());
    }
    let berry = "Yarn 2 or later may keep the packages in its global cache (~/.yarn/berry), which the runtime would not take";
    if doc.text().contains("corepack") || doc.text().contains("yarn set version") {
        return unsure(berry);
    }
    if ctx.build_context.is_none() {
        return unsure("the Yarn version is in the build context, which is not known");
    }
    // Any package.json or .yarnrc.yml of the context: the app's may be in a subfolder.
    let found = context_files(ctx, &["package.json", ".yarnrc.yml"]);
    let named = |f: &std::path::PathBuf, n: &str| f.file_name().is_some_and(|x| x == n);
    let modern = found.iter().filter(|f| named(f, "package.json")).any(|f| {
        read_json(f)
            .and_then(|v| v.get("packageManager")?.as_str().map(str::to_string))
            .as_deref()
            .and_then(|m| m.strip_prefix("yarn@"))
            .is_some_and(|v| !v.starts_with("1."))
    });
    if modern || found.iter().any(|f| named(f, ".yarnrc.yml")) {
        return unsure(berry);
    }
    Ok(())
}

/// Node builds must install into the app folder the runtime takes: advice when a build
/// option points elsewhere (`--prefix`, `--modules-folder`, ...), when a setting that
/// moves installs is set up to the build (`npm config set prefix`, a write to an npmrc
/// by another program) or in the build context's config files, or when a COPY before
/// the build puts files in a folder above the app folder (a workspace root there gets
/// the install: `npm ci` in /repo/apps/api fills /repo/node_modules).
pub(super) fn node_installs_here(
    doc: &Document,
    ctx: &Context,
    builds: &[Build],
    app: &str,
    last_build: usize,
) -> Sure<()> {
    let data = &stacks().node_config;
    for (inst, c) in build_commands(doc, builds) {
        let inv = Invocation::of(c);
        if !is_build(Stack::Node, &inv) {
            continue;
        }
        if let Some(o) = inv.args.iter().find(|a| {
            data.options
                .iter()
                .any(|o| a.value == *o || a.value.starts_with(&format!("{o}=")))
        }) {
            return unsure(format!(
                "the build at line {} installs into another folder (`{}`)",
                inst.line, o.value
            ));
        }
    }
    for inst in &doc.instructions[..=last_build] {
        match inst.kind {
            Kind::Run => {
                let Some(body) = shell_run(doc, inst) else {
                    continue;
                };
                let effects = doc.effects(inst.index).unwrap_or_default();
                // An echo or printf whose text names none of the keys (a registry) is
                // harmless; other writers' content is not known.
                let text = &doc.text()[inst.range.clone()];
                let names_key = data.keys.iter().any(|k| text.contains(k.as_str()));
                for (k, c) in body.commands.iter().enumerate() {
                    let inv = Invocation::of(c);
                    if let Some(key) = config_set(&inv)
                        && data
                            .keys
                            .iter()
                            .any(|k| key == k || key.starts_with(&format!("{k}=")))
                    {
                        return unsure(format!(
                            "line {} sets `{key}`, which moves where Node installs",
                            inst.line
                        ));
                    }
                    let literal = matches!(c.program(), "echo" | "printf") && !names_key;
                    let writes = effects.get(k).map_or(&[][..], |e| e.writes.as_slice());
                    if let Some(w) = writes.iter().filter(|_| !literal).find(|w| {
                        let name = w.rsplit('/').next().unwrap_or(w);
                        data.files.iter().any(|f| f == name)
                    }) {
                        return unsure(format!(
                            "line {} writes `{w}`, a Node package manager's config that may move where it installs",
                            inst.line
                        ));
                    }
                }
            }
            Kind::Copy | Kind::Add if inst.copy_from().is_none() => {
                let wd = workdir_at(doc, inst.index)?;
                let Some(dest) = inst.paths.last().map(|w| w.value.trim_matches('"')) else {
                    continue;
                };
                let dest = resolve(wd.as_deref(), dest);
                // One file copied to a path lands in that path's folder; a folder (`.`),
                // several sources, or a destination ending in `/` land in it.
                let one_file = inst.paths.len() == 2
                    && !dest.ends_with('/')
                    && !may_hold_folders(
                        ctx,
                        inst.paths[0].value.trim_matches('"'),
                        inst.kind == Kind::Add,
                    );
                // A destination that is the app folder (a WORKDIR, so a folder) holds it.
                let dir = if one_file && dest.trim_end_matches('/') != app {
                    dest.rsplit_once('/')
                        .map_or(String::new(), |(d, _)| d.to_string())
                } else {
                    dest.trim_end_matches('/').to_string()
                };
                let above = app.starts_with(&format!("{dir}/")) && dir.len() < app.len();
                let copies_manifest = inst.paths.split_last().is_some_and(|(_, srcs)| {
                    srcs.iter().any(|s| {
                        let n = s
                            .value
                            .trim_matches('"')
                            .rsplit('/')
                            .find(|p| !p.is_empty())
                            .unwrap_or("");
                        n == "."
                            || n.starts_with("package")
                            || n.contains("lock")
                            || n.contains("workspace")
                            || matches!(n, "*" | "*.json" | "*.yaml")
                    })
                });
                // The whole context copied there, and its package.json declares no
                // workspaces (npm's and Yarn's `workspaces`, pnpm-workspace.yaml): no
                // workspace root.
                let no_workspace = inst.paths.len() == 2
                    && matches!(inst.paths[0].value.trim_matches('"'), "." | "./")
                    && ctx.build_context.as_deref().is_some_and(|d| {
                        !d.join("pnpm-workspace.yaml").exists()
                            && read_json(&d.join("package.json"))
                                .is_some_and(|v| v.get("workspaces").is_none())
                    });
                if above && copies_manifest && !no_workspace {
                    return unsure(format!(
                        "line {} copies a package manifest into `{dir}`, above the app folder `{app}`: a workspace root there would get the install",
                        inst.line
                    ));
                }
            }
            _ => {}
        }
    }
    {
        // One walk for every config file, read in `files` order.
        let found = context_files(ctx, &data.files);
        for (f, path) in data.files.iter().flat_map(|f| {
            found
                .iter()
                .filter(move |p| p.file_name().is_some_and(|n| n == f.as_str()))
                .map(move |p| (f, p))
        }) {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            if let Some(key) = data.keys.iter().find(|k| {
                text.lines().any(|l| {
                    // .yarnrc takes command-line flags too (`--modules-folder /opt/x`).
                    let l = l.trim_start().trim_start_matches("--");
                    l.starts_with(k.as_str()) && l[k.len()..].starts_with(['=', ' ', '\t', ':'])
                })
            }) {
                return unsure(format!(
                    "the build context's {f} sets `{key}`, which moves where Node installs"
                ));
            }
        }
    }
    Ok(())
}

/// What the runtime would miss of the app's packages and scripts (second review):
/// - a dependency given by a path outside the app folder (`file:../shared`): npm links
///   it there and installs its own dependencies beside it, in the builder only;
/// - a package.json script the build runs (`npm run build`, the install hooks) that
///   names an absolute path outside the app folder (`vite build --outDir /srv/www`);
/// - npm, Yarn or pnpm configured before the build (`npm config set`, an npmrc
///   written) when CMD or ENTRYPOINT runs through them: the user config stays in the
///   builder, and they apply it to the scripts they run (`node-options`,
///   `script-shell`).
pub(super) fn node_app_complete(
    doc: &Document,
    ctx: &Context,
    builds: &[Build],
    app: &str,
    last_build: usize,
) -> Sure<()> {
    let manifests: Vec<serde_json::Value> = context_files(ctx, &["package.json"])
        .iter()
        .filter_map(|f| read_json(f))
        .collect();
    for m in &manifests {
        for section in ["dependencies", "devDependencies", "optionalDependencies"] {
            let Some(deps) = m.get(section).and_then(|d| d.as_object()) else {
                continue;
            };
            for (name, spec) in deps {
                let spec = spec.as_str().unwrap_or("");
                let path = spec
                    .strip_prefix("file:")
                    .or_else(|| spec.strip_prefix("link:"));
                if let Some(p) = path.filter(|p| p.starts_with('/') || p.starts_with("..")) {
                    return unsure(format!(
                        "package.json takes `{name}` from `{p}`, outside the app folder: its own dependencies would stay in the builder"
                    ));
                }
            }
        }
    }
    // The scripts the build runs: those it names, and npm's install hooks.
    let mut names: Vec<String> = ["preinstall", "install", "postinstall", "prepare"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for b in builds {
        let inst = &doc.instructions[b.inst];
        names.extend(script_names(&doc.text()[inst.range.clone()]));
    }
    for m in &manifests {
        let Some(scripts) = m.get("scripts").and_then(|s| s.as_object()) else {
            continue;
        };
        for n in &names {
            let Some(text) = scripts.get(n).and_then(|t| t.as_str()) else {
                continue;
            };
            let words =
                || text.split(|c: char| c.is_whitespace() || c == '=' || c == '"' || c == '\'');
            if let Some(w) = words().find(|w| installs_system(w)) {
                return unsure(format!(
                    "the package.json script `{n}`, which the build runs, runs `{w}`, which installs system packages the runtime would lack"
                ));
            }
            let outside = words().find(|w| outside_app(w, app));
            if let Some(w) = outside {
                return unsure(format!(
                    "the package.json script `{n}`, which the build runs, names `{w}`, outside the app folder the runtime takes"
                ));
            }
        }
    }
    // What the build commands name themselves (`npx vite build --outDir /srv/www`), as
    // for the scripts; and npx's own fetches land in ~/.npm/_npx, which the runtime
    // does not take, so an npx in CMD or ENTRYPOINT would fetch them again at start.
    let mut npx_build = None;
    for (inst, c) in build_commands(doc, builds) {
        let inv = Invocation::of(c);
        if !is_build(Stack::Node, &inv) {
            continue;
        }
        if let Some(w) = c.args.iter().find(|w| installs_system(&w.value)) {
            return unsure(format!(
                "line {} runs `{}` with `{}`, which installs system packages the runtime would lack",
                inst.line,
                c.program(),
                w.value
            ));
        }
        if let Some(w) = c
            .args
            .iter()
            .map(|w| w.value.as_str())
            .find(|w| outside_app(w, app))
        {
            return unsure(format!(
                "line {} runs `{}` with `{w}`, which may be a path outside the app folder the runtime takes",
                inst.line,
                c.program()
            ));
        }
        let npx = c.program() == "npx"
            || c.program() == "npm"
                && inv
                    .positionals(&[])
                    .first()
                    .is_some_and(|w| matches!(w.value.as_str(), "exec" | "x"));
        if npx && npx_build.is_none() {
            npx_build = Some((inst.line, c.program()));
        }
    }
    // What CMD and ENTRYPOINT run, with the package.json scripts they run (entry's own
    // reading), read only when a check needs it.
    let entry_runs = |programs: &[&str]| {
        entry_reading(doc, ctx, &|p| programs.contains(&p))
            .hit
            .is_some()
    };
    if let Some((line, program)) = npx_build
        && entry_runs(&["npx"])
    {
        return unsure(format!(
            "line {line} runs `{program}`, whose fetched packages (~/.npm/_npx) stay in the builder, and CMD or ENTRYPOINT runs npx"
        ));
    }
    if !entry_runs(&["npm", "npx", "yarn", "pnpm"]) {
        return Ok(());
    }
    let files = &stacks().node_config.files;
    for inst in &doc.instructions[..=last_build] {
        let Some(body) = shell_run(doc, inst) else {
            continue;
        };
        let effects = doc.effects(inst.index).unwrap_or_default();
        for (k, c) in body.commands.iter().enumerate() {
            let configures = config_set(&Invocation::of(c)).is_some();
            let writes_config = effects.get(k).is_some_and(|e| {
                e.writes.iter().any(|w| {
                    files
                        .iter()
                        .any(|f| w.rsplit('/').next() == Some(f.as_str()))
                })
            });
            if configures || writes_config {
                return unsure(format!(
                    "line {} configures the package manager that CMD or ENTRYPOINT runs, and its config would stay in the builder",
                    inst.line
                ));
            }
        }
    }
    Ok(())
}

/// The key an `npm config set KEY` (`npm set`, `yarn config set`, `pnpm config set`)
/// sets.
fn config_set<'c>(inv: &Invocation<'c>) -> Option<&'c str> {
    let words: Vec<&'c str> = inv
        .positionals(&[])
        .iter()
        .map(|w| w.value.as_str())
        .collect();
    match (inv.program.as_str(), words.as_slice()) {
        ("npm", ["config", "set", key, ..] | ["set", key, ..])
        | ("yarn" | "pnpm", ["config", "set", key, ..]) => Some(*key),
        _ => None,
    }
}

/// An absolute path (or `--opt=/path`'s) outside the app folder, other than devices
/// and temporary files.
fn outside_app(word: &str, app: &str) -> bool {
    let w = word.rsplit_once('=').map_or(word, |(_, v)| v);
    w.starts_with('/')
        && !w.starts_with("/dev/")
        && !w.starts_with("/tmp/")
        && w != app
        && !w.starts_with(&format!("{app}/"))
}

/// A word with which a build command or script installs system packages
/// (stacks.toml `[node_scripts]`).
fn installs_system(word: &str) -> bool {
    stacks()
        .node_scripts
        .system_installs
        .iter()
        .any(|s| s == word)
}
