//! Python: pip installs go to a user base the runtime takes as its own /usr/local.

use super::*;

/// The Python installs up to the last build must all be pip's (pip alone honours
/// `PIP_USER`), must not create their own environment, and must not upgrade what the
/// runtime image already ships in /usr/local (pip, setuptools, wheel): copied over
/// the runtime's own files, two versions of one package would mix. The leading
/// upgrade RUNs (`python_upgrades`) are the exception: they run outside the user base.
pub(super) fn python_installs(
    doc: &Document,
    ctx: &Context,
    stack: Stack,
    last_build: usize,
    upgrades: &[usize],
) -> Sure<()> {
    for inst in &doc.instructions[..=last_build] {
        if upgrades.contains(&inst.index) {
            continue;
        }
        let Some(body) = shell_run(doc, inst) else {
            continue;
        };
        for (c, e) in body
            .commands
            .iter()
            .zip(doc.effects(inst.index).unwrap_or_default())
        {
            let inv = Invocation::of(c);
            if matches!(e.program.as_str(), "venv" | "virtualenv") {
                return unsure(format!(
                    "line {} creates a virtualenv of its own",
                    inst.line
                ));
            }
            if !is_build(stack, &inv) {
                continue;
            }
            let Some(install) = e.install.as_ref().filter(|i| i.manager == "pip") else {
                return unsure(format!(
                    "line {} installs with `{}`; only pip installs can be moved into the runtime's /usr/local",
                    inst.line, e.program
                ));
            };
            let mut named = install.packages.clone();
            for r in pip_options(&inv)
                .into_iter()
                .filter(|(o, _)| matches!(o.as_str(), "-r" | "--requirement"))
                .filter_map(|(_, v)| v)
            {
                named.extend(requirement_lines(ctx, &r, inst)?);
            }
            if let Some(p) = named.iter().find(|p| base_package(p)) {
                return unsure(format!(
                    "line {} installs `{p}`, which the runtime image ships too; copied over it, two versions would mix",
                    inst.line
                ));
            }
        }
    }
    Ok(())
}

/// pip's options with their values, as pip (optparse) reads them: `--requirement=FILE`,
/// `--requirement FILE`, `-r FILE`, `-rFILE`, and clusters of one-letter options whose
/// last value-taking letter takes the rest or the next word (`-qr FILE`, `-Urreq.txt`).
/// A long option is given with its value only when written `--name=value` (which long
/// options take one is not needed here), a short one by `pip_short_with_value`.
pub(super) fn pip_options(inv: &Invocation<'_>) -> Vec<(String, Option<String>)> {
    let with_value = &stacks().pip_short_with_value;
    let long = &stacks().pip_long_options;
    let long_with_value = program_with_value("pip");
    let mut out = Vec::new();
    let mut args = inv.args.iter().map(|a| a.value.as_str());
    while let Some(a) = args.next() {
        if a == "--" {
            break;
        }
        if a.starts_with("--") {
            let (given, value) = match a.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (a, None),
            };
            // The option a unique prefix names, as optparse expands it.
            let name = if long.iter().any(|o| o == given) {
                given.to_string()
            } else {
                let mut named = long.iter().filter(|o| o.starts_with(given));
                match (named.next(), named.next()) {
                    (Some(o), None) => o.clone(),
                    _ => given.to_string(),
                }
            };
            let takes = value.is_none() && long_with_value.contains(&name.as_str());
            let value = if takes {
                args.next().map(str::to_string)
            } else {
                value
            };
            out.push((name, value));
            continue;
        }
        let Some(cluster) = a.strip_prefix('-').filter(|c| !c.is_empty()) else {
            continue;
        };
        for (i, ch) in cluster.char_indices() {
            let name = format!("-{ch}");
            if with_value
                .iter()
                .any(|w| w.starts_with(ch) && w.len() == ch.len_utf8())
            {
                let rest = &cluster[i + ch.len_utf8()..];
                let value = if rest.is_empty() {
                    args.next().map(str::to_string)
                } else {
                    Some(rest.to_string())
                };
                out.push((name, value));
                break;
            }
            out.push((name, None));
        }
    }
    out
}

/// Whether a requirement (`pip`, `setuptools>=65`, `wheel[x]`) names a package the
/// python images ship in /usr/local themselves.
fn base_package(requirement: &str) -> bool {
    let name = requirement
        .trim_matches(['"', '\''])
        .split(['=', '<', '>', '~', '!', '[', ' ', ';'])
        .next()
        .unwrap_or("");
    stacks()
        .python_base_packages
        .iter()
        .any(|b| b.eq_ignore_ascii_case(name))
}

/// The RUNs before every other Python build that only upgrade what the image ships in
/// /usr/local (`RUN pip install --upgrade pip setuptools`), in order. The builder runs
/// them before its user base is set, so the upgrade stays in its own /usr/local as in
/// the original image, and the runtime replays them verbatim on its /usr/local (their
/// programs are ones every python slim image has). Such a RUN holds nothing but those
/// pip installs and shell builtins, no flags (`--mount`), and installs from no file
/// (`-r`, `-c`: what the file names is not read here). None when no other build
/// follows them (the user base would hold nothing to copy).
pub(super) fn python_upgrades(doc: &Document, stack: Stack, last_build: usize) -> Vec<usize> {
    let data = stacks();
    let mut out = Vec::new();
    for inst in &doc.instructions[..=last_build] {
        if inst.kind != Kind::Run {
            continue;
        }
        let Some(body) = shell_run(doc, inst) else {
            // Exec form or unread: what it runs is judged by the plan; an upgrade
            // after it would not be known to come first.
            return Vec::new();
        };
        let effects = doc.effects(inst.index).unwrap_or_default();
        let (mut upgrade, mut other, mut build) = (false, false, false);
        for (c, e) in body.commands.iter().zip(effects.iter()) {
            let inv = Invocation::of(c);
            if !is_build(stack, &inv) {
                other |= !data.replay.neutral.iter().any(|n| n == c.program());
                continue;
            }
            let only_base = e.install.as_ref().is_some_and(|i| {
                i.manager == "pip"
                    && !i.packages.is_empty()
                    && i.packages.iter().all(|p| base_package(p))
            }) && !pip_options(&inv).iter().any(|(o, _)| {
                // From a file or editable; or elsewhere than /usr/local (`--user`
                // would put it in ~/.local, which the builder's user base then hides
                // from its later pip). Options by name, clusters read (`-qr FILE`).
                [
                    "-r",
                    "-c",
                    "-e",
                    "-t",
                    "--requirement",
                    "--constraint",
                    "--editable",
                    "--user",
                    "--target",
                    "--prefix",
                    "--root",
                ]
                .contains(&o.as_str())
            }) && data
                .python_upgrade_programs
                .iter()
                .any(|p| p == c.program());
            if only_base {
                upgrade = true;
            } else {
                build = true;
            }
        }
        if build {
            // The first other build: the upgrades before it stand, if any.
            return out;
        }
        if upgrade {
            if other || !inst.flags.is_empty() || body.commands.len() != effects.len() {
                return Vec::new();
            }
            out.push(inst.index);
        }
    }
    // Only upgrades up to the last build: nothing would be in the user base.
    Vec::new()
}

/// The requirement lines of a requirements file the build installs, read from the build
/// context where it is there (a relative path from the context's top, an absolute one by
/// its file name there), following `-r`/`-c` includes; none when the context
/// or the file is not known. A line that installs in editable mode (`-e`, which clones
/// into ./src beside the file, or links a folder) is refused: the runtime copies the
/// app again from the context, without that clone.
fn requirement_lines(ctx: &Context, path: &str, inst: &Instruction) -> Sure<Vec<String>> {
    let Some(dir) = ctx.build_context.as_deref() else {
        return Ok(Vec::new());
    };
    if path.contains('$') {
        return Ok(Vec::new());
    }
    let file = if path.starts_with('/') {
        dir.join(path.rsplit('/').next().unwrap_or(path))
    } else {
        dir.join(path.trim_start_matches("./"))
    };
    // Not there: the COPY may have taken it from a subfolder (`COPY backend/requirements.txt
    // .`), so every file of that name in the context is read. With none (a context
    // without it, a file the image made), it is not read: a limit the README names.
    let mut files = if file.is_file() {
        vec![file]
    } else {
        context_files(ctx, &[path.rsplit('/').next().unwrap_or(path)])
    };
    let mut out = Vec::new();
    let mut seen = Vec::new();
    while let Some(f) = files.pop() {
        // Includes of includes, each file once (a bound for include cycles).
        if seen.contains(&f) || seen.len() > 50 {
            continue;
        }
        seen.push(f.clone());
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for line in text.lines().map(str::trim) {
            let line = line.split(" #").next().unwrap_or(line).trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut words = line.split_whitespace();
            match words.next() {
                Some(w)
                    if w.starts_with("--editable")
                        || w.starts_with("-e") && !w.starts_with("--") =>
                {
                    return unsure(format!(
                        "the requirements that line {} installs hold an editable install (`{line}`), which lives outside the installed packages",
                        inst.line
                    ));
                }
                Some(w)
                    if ["-r", "--requirement", "-c", "--constraint"]
                        .iter()
                        .any(|o| w.starts_with(o)) =>
                {
                    // `-r base.txt`, `-rbase.txt`, `--requirement=base.txt`.
                    let attached = ["--requirement", "--constraint", "-r", "-c"]
                        .iter()
                        .find_map(|o| w.strip_prefix(o))
                        .map(|r| r.trim_start_matches('='))
                        .filter(|r| !r.is_empty());
                    if let (Some(n), Some(parent)) = (attached.or_else(|| words.next()), f.parent())
                    {
                        files.push(parent.join(n));
                    }
                }
                Some(w) if w.starts_with('-') => {}
                Some(_) => out.push(line.to_string()),
                None => {}
            }
        }
    }
    Ok(out)
}
