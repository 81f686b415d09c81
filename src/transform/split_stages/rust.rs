//! Rust: the binary a cargo build makes.

use super::*;

/// The binary `cargo build` makes (from `--bin` or Cargo.toml).
pub(super) fn rust_binary(
    doc: &Document,
    ctx: &Context,
    builds: &[Build],
    wd: Option<&str>,
) -> Sure<String> {
    let (inst, inv) = last_build_command(doc, builds, Stack::Rust, "cargo")?;
    let args: Vec<&str> = inv.args.iter().map(|a| a.value.as_str()).collect();
    for f in [
        "--target",
        "--target-dir",
        "--profile",
        "--out-dir",
        "--artifact-dir",
        "--example",
    ] {
        if args
            .iter()
            .any(|a| *a == f || a.starts_with(&format!("{f}=")))
        {
            return unsure(format!("cargo's `{f}` moves or changes the binary"));
        }
    }
    for var in [
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_BUILD_TARGET_DIR",
        "CARGO_INSTALL_ROOT",
    ] {
        if sets_before(doc, inst.index, var) || inv.sets_env(var) {
            return unsure(format!("{var} moves the binary"));
        }
    }
    if args
        .iter()
        .any(|a| *a == "--root" || a.starts_with("--root="))
    {
        return unsure("cargo install's `--root` moves the binary");
    }
    // Cargo's config in the context can set target-dir, build.target or install.root.
    if let Some(dir) = ctx.build_context.as_deref()
        && [".cargo/config.toml", ".cargo/config"]
            .iter()
            .any(|c| dir.join(c).exists())
    {
        return unsure("the build context's .cargo/config may move the binary");
    }
    let flag = |f: &str| {
        args.windows(2)
            .find(|w| w[0] == f)
            .map(|w| w[1].to_string())
            .or_else(|| {
                args.iter()
                    .find_map(|a| a.strip_prefix(&format!("{f}=")).map(str::to_string))
            })
    };
    let name = match flag("--bin") {
        Some(b) => b,
        None => cargo_bin(ctx, flag("-p").or_else(|| flag("--package")))?,
    };
    if args[0] == "install" {
        return Ok(format!("/usr/local/cargo/bin/{name}"));
    }
    let profile = if args.contains(&"--release") || args.contains(&"-r") {
        "release"
    } else {
        "debug"
    };
    Ok(resolve(wd, &format!("target/{profile}/{name}")))
}

/// The one binary of the Cargo package in the build context.
pub(super) fn cargo_bin(ctx: &Context, package: Option<String>) -> Sure<String> {
    let Some(dir) = ctx.build_context.as_deref() else {
        return unsure("the binary's name is in Cargo.toml, and the build context is not known");
    };
    let read = |p: &Path| -> Option<toml::Table> {
        std::fs::read_to_string(p).ok()?.parse::<toml::Table>().ok()
    };
    let Some(root) = read(&dir.join("Cargo.toml")) else {
        return unsure("no readable Cargo.toml in the build context");
    };
    let mut member_dir: Option<std::path::PathBuf> = None;
    let manifest = if root.contains_key("package") {
        root
    } else {
        // A workspace: the package asked for with -p, if it is a member folder's.
        let Some(pkg) = package else {
            return unsure("a Cargo workspace builds several binaries; name one with --bin");
        };
        let members = root
            .get("workspace")
            .and_then(|w| w.get("members"))
            .and_then(|m| m.as_array())
            .cloned()
            .unwrap_or_default();
        let found = members.iter().filter_map(|m| m.as_str()).find_map(|m| {
            let t = read(&dir.join(m).join("Cargo.toml"))?;
            let name = t.get("package")?.get("name")?.as_str()?.to_string();
            (name == pkg).then_some((dir.join(m), t))
        });
        match found {
            Some((d, t)) => {
                member_dir = Some(d);
                t
            }
            None => return unsure(format!("workspace member `{pkg}` not found")),
        }
    };
    let bins: Vec<String> = manifest
        .get("bin")
        .and_then(|b| b.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|b| b.get("name")?.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    // Cargo also builds every src/bin/*.rs, and src/main.rs beside declared [[bin]]s.
    let pkg_dir = member_dir.unwrap_or_else(|| dir.to_path_buf());
    let auto = manifest
        .get("package")
        .and_then(|p| p.get("autobins"))
        .and_then(|a| a.as_bool())
        != Some(false);
    let main_declared = manifest
        .get("bin")
        .and_then(|b| b.as_array())
        .is_some_and(|a| {
            a.iter()
                .any(|b| b.get("path").and_then(|p| p.as_str()) == Some("src/main.rs"))
        });
    if auto
        && (pkg_dir.join("src/bin").is_dir()
            || !bins.is_empty() && !main_declared && pkg_dir.join("src/main.rs").exists())
    {
        return unsure(
            "the package builds several binaries (src/bin, or src/main.rs beside a [[bin]]); name one with --bin",
        );
    }
    match bins.as_slice() {
        [one] => Ok(one.clone()),
        [] => manifest
            .get("package")
            .and_then(|p| p.get("name"))
            .and_then(|n| n.as_str())
            .map(str::to_string)
            .ok_or_else(|| Unsure("Cargo.toml names no package".into())),
        _ => unsure("Cargo.toml has several binaries; name one with --bin"),
    }
}
