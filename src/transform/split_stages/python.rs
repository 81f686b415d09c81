//! Python: pip installs go to a user base the runtime takes as its own /usr/local.

use super::*;

/// The Python installs up to the last build must all be pip's (pip alone honours
/// `PIP_USER`), must not create their own environment, and must not upgrade what the
/// runtime image already ships in /usr/local (pip, setuptools, wheel): copied over
/// the runtime's own files, two versions of one package would mix.
pub(super) fn python_installs(
    doc: &Document,
    ctx: &Context,
    stack: Stack,
    last_build: usize,
) -> Sure<()> {
    let data = stacks();
    for inst in &doc.instructions[..=last_build] {
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
            for r in inv
                .args
                .windows(2)
                .filter(|w| matches!(w[0].value.as_str(), "-r" | "--requirement"))
                .map(|w| w[1].value.as_str())
                .chain(
                    inv.args
                        .iter()
                        .filter_map(|a| a.value.strip_prefix("--requirement=")),
                )
            {
                named.extend(requirement_lines(ctx, r, inst)?);
            }
            if let Some(p) = named.iter().find(|p| {
                let name = p
                    .split(['=', '<', '>', '~', '!', '[', ' ', ';'])
                    .next()
                    .unwrap_or("");
                data.python_base_packages
                    .iter()
                    .any(|b| b.eq_ignore_ascii_case(name))
            }) {
                return unsure(format!(
                    "line {} installs `{p}`, which the runtime image ships too; copied over it, two versions would mix",
                    inst.line
                ));
            }
        }
    }
    Ok(())
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
