//! Node: which package manager built the app folder, and whether the folder holds all
//! it installed.

use super::*;

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
    let Some(dir) = ctx.build_context.as_deref() else {
        return unsure("the Yarn version is in the build context, which is not known");
    };
    let manager = std::fs::read_to_string(dir.join("package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v.get("packageManager")?.as_str().map(str::to_string));
    let modern = manager
        .as_deref()
        .and_then(|m| m.strip_prefix("yarn@"))
        .is_some_and(|v| !v.starts_with("1."));
    if modern || dir.join(".yarnrc.yml").exists() {
        return unsure(berry);
    }
    Ok(())
}
