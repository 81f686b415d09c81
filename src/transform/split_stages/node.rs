//! Node: dropping dev dependencies from the app folder before it is copied.

use super::*;

/// `npm prune` (or the yarn/pnpm equivalent) after the build, unless the installs
/// already left dev dependencies out.
pub(super) fn node_prune(
    doc: &Document,
    ctx: &Context,
    builds: &[Build],
    tag: &str,
) -> Sure<Option<String>> {
    let mut manager = None;
    for b in builds {
        let body = shell_run(doc, &doc.instructions[b.inst]).expect("a build RUN parsed");
        for c in &body.commands {
            let inv = Invocation::of(c);
            let sub = inv.positionals(&[]).first().map(|w| w.value.as_str());
            if matches!(inv.program.as_str(), "npm" | "pnpm") && sub == Some("prune") {
                // The Dockerfile prunes already.
                return Ok(None);
            }
            if !is_build(Stack::Node, &inv) {
                continue;
            }
            let first = inv
                .positionals(&[])
                .first()
                .map_or(String::new(), |w| w.value.clone());
            if matches!(first.as_str(), "" | "install" | "i" | "ci")
                || inv.program == "yarn" && first.is_empty()
            {
                if inv.args.iter().any(|a| {
                    matches!(
                        a.value.as_str(),
                        "--production"
                            | "--prod"
                            | "--omit=dev"
                            | "--only=production"
                            | "--only=prod"
                    )
                }) {
                    return Ok(None);
                }
                manager = Some(inv.program.clone());
            }
        }
    }
    // `npm prune --omit=dev` needs npm 7 (Node 16 images on); older ones take
    // `--production`. Release code names count too; `latest`, `lts`, ... are recent.
    let first = tag.split(['.', '-']).next().unwrap_or("");
    let major: u32 = first.parse().unwrap_or(match first {
        "argon" => 4,
        "boron" => 6,
        "carbon" => 8,
        "dubnium" => 10,
        "erbium" => 12,
        "fermium" => 14,
        _ => 99,
    });
    Ok(match manager.as_deref() {
        Some("npm") if major >= 16 => Some("npm prune --omit=dev".to_string()),
        Some("npm") => Some("npm prune --production".to_string()),
        Some("pnpm") => Some("pnpm prune --prod".to_string()),
        Some("yarn") => Some(yarn_classic_prune(doc, ctx)?),
        _ => None,
    })
}

/// Yarn 1 (the one the node images carry) drops dev dependencies by installing again
/// for production; Yarn 2 and later (corepack, `.yarnrc.yml`, `packageManager`) cannot.
pub(super) fn yarn_classic_prune(doc: &Document, ctx: &Context) -> Sure<String> {
    let berry = "Yarn 2 or later cannot drop dev dependencies in place";
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
    Ok("yarn install --production --ignore-scripts --prefer-offline".to_string())
}
