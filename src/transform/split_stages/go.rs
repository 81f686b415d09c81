//! Go: the binary a build makes, and the runtime it can ship on.

use super::*;

pub(super) fn go_runtime(ctx: &Context, name: &str, tag: &str, static_bin: bool) -> Sure<String> {
    let data = stacks();
    let options = ctx.options::<Options>();
    let choice = options.go_runtime.as_deref().unwrap_or("debian-slim");
    let pattern = &data.go_runtimes[choice];
    if choice == "debian-slim" {
        let distro = if static_bin {
            debian_of(name, tag).unwrap_or_else(|_| data.distros[0].clone())
        } else {
            debian_of(name, tag)?
        };
        return Ok(pattern.replace("{distro}", &distro));
    }
    if !static_bin {
        return unsure(format!(
            "the `{choice}` runtime needs a static binary (set CGO_ENABLED=0)"
        ));
    }
    Ok(pattern.clone())
}

/// The binary `go build -o` or `go install` makes, and whether it is static.
pub(super) fn go_binary(
    doc: &Document,
    ctx: &Context,
    builds: &[Build],
    wd: Option<&str>,
) -> Sure<(String, bool)> {
    let (inst, inv) = last_build_command(doc, builds, Stack::Go, "go")?;
    let static_bin = inv.command.assignments.iter().any(|a| a == "CGO_ENABLED=0")
        || stage_env_is(doc, inst.index, "CGO_ENABLED", "0");
    let args: Vec<&str> = inv.args.iter().map(|a| a.value.as_str()).collect();
    if args.iter().any(|a| a.contains('$')) {
        return unsure(format!(
            "the go command at line {} uses variables",
            inst.line
        ));
    }
    // `go build -C DIR` runs in DIR, where a relative -o lands; `go env -w` writes the
    // go command's own settings (GOBIN among them) into its config file.
    if args.iter().any(|a| *a == "-C" || a.starts_with("-C=")) {
        return unsure(format!(
            "the go command at line {} runs in another folder (-C)",
            inst.line
        ));
    }
    if let Some(line) = go_env_written(doc, inst.index) {
        return unsure(format!(
            "line {line} sets the go command's settings (go env -w), which may move the binary"
        ));
    }
    if args[0] == "install" {
        if sets_before(doc, inst.index, "GOBIN") {
            return unsure("GOBIN moves where go install puts the binary");
        }
        let name = go_name(ctx, &args[1..])?;
        return Ok((format!("/go/bin/{name}"), static_bin));
    }
    let path = match go_output(&args) {
        Some(o) if o.ends_with('/') => return unsure("go build -o names a directory"),
        Some(o) => resolve(wd, o),
        None => resolve(wd, &go_name(ctx, &args[1..])?),
    };
    Ok((path, static_bin))
}

/// The path `go build -o PATH` (or `-o=PATH`) names.
pub(super) fn go_output<'a>(args: &[&'a str]) -> Option<&'a str> {
    args.windows(2)
        .find(|w| w[0] == "-o")
        .map(|w| w[1])
        .or_else(|| args.iter().find_map(|a| a.strip_prefix("-o=")))
}

/// The line of a `go env -w` up to instruction `upto`.
fn go_env_written(doc: &Document, upto: usize) -> Option<usize> {
    doc.instructions[..=upto].iter().find_map(|inst| {
        let body = shell_run(doc, inst)?;
        body.commands
            .iter()
            .any(|c| {
                let inv = Invocation::of(c);
                let words: Vec<&str> = inv.args.iter().map(|a| a.value.as_str()).collect();
                inv.program == "go" && words.first() == Some(&"env") && words.contains(&"-w")
            })
            .then_some(inst.line)
    })
}

/// Whether ENV in the stage before `before` sets `name` to `value` (any value when
/// `value` is empty).
pub(super) fn stage_env_is(doc: &Document, before: usize, name: &str, value: &str) -> bool {
    doc.instructions[..before]
        .iter()
        .filter(|i| i.kind == Kind::Env)
        .any(|i| {
            doc.text()[i.range.clone()]
                .split_whitespace()
                .any(|w| match w.split_once('=') {
                    Some((k, v)) => k == name && (value.is_empty() || v.trim_matches('"') == value),
                    None => false,
                })
        })
}

/// The name `go build` gives the binary of the package built (the last element of its
/// import path; the module's for `.`).
pub(super) fn go_name(ctx: &Context, args: &[&str]) -> Sure<String> {
    let pkgs: Vec<&&str> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let pkg = match pkgs.as_slice() {
        [] => ".",
        [one] => one,
        _ => return unsure("go builds several packages"),
    };
    let p = pkg.trim_end_matches('/');
    if p != "." && !p.contains("...") {
        return Ok(p.rsplit('/').next().unwrap_or(p).to_string());
    }
    let Some(dir) = ctx.build_context.as_deref() else {
        return unsure(
            "the binary is named after go.mod's module, and the build context is not known",
        );
    };
    let module = std::fs::read_to_string(dir.join("go.mod"))
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.trim()
                    .strip_prefix("module ")
                    .map(|m| m.trim().trim_matches('"').to_string())
            })
        });
    match module {
        Some(m) if !m.is_empty() => {
            // A major version suffix (`example.com/app/v2`) is not part of the name.
            let mut parts = m.rsplit('/');
            let last = parts.next().unwrap_or(&m);
            let is_major = last.len() > 1
                && last.starts_with('v')
                && last[1..].chars().all(|c| c.is_ascii_digit());
            Ok(if is_major {
                parts.next().unwrap_or(last)
            } else {
                last
            }
            .to_string())
        }
        _ => unsure("go.mod in the build context names no module"),
    }
}
