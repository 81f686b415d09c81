//! The runtime stage's first lines: what the toolchain image's configuration adds to the
//! runtime image's, written back so that the shipped image's Env and Labels stay the
//! original's (`toolchain_config` in stacks.toml).

use super::*;

/// An entry of `toolchain_config`: a variable or a label.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    pub name: String,
    pub value: String,
    /// The first release whose image carries it.
    pub since: Option<String>,
}

/// What a toolchain image sets beyond its runtime image.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolchainConfig {
    #[serde(default)]
    pub env: Vec<Setting>,
    #[serde(default)]
    pub labels: Vec<Setting>,
}

/// A release as numbers (`1.21.1` -> [1, 21, 1]); `None` unless every part is a number.
fn release(v: &str) -> Option<Vec<u64>> {
    v.split('.').map(|p| p.parse().ok()).collect()
}

/// The toolchain release a tag names in full (`1.22.5-bookworm` -> `1.22.5`).
fn full_release(tag: &str) -> Option<&str> {
    let v = tag.split('-').next()?;
    release(v).filter(|parts| parts.len() == 3).map(|_| v)
}

/// The `ENV` and `LABEL` lines that give the runtime stage the configuration `name:tag`
/// adds, or why they cannot be known.
pub(super) fn toolchain_lines(name: &str, tag: &str) -> Sure<Vec<String>> {
    let Some(config) = stacks().toolchain_config.get(name) else {
        return unsure(format!(
            "the runtime image's configuration (Env, Entrypoint, Labels) is not known to match `{name}`'s"
        ));
    };
    let needs_release = config
        .env
        .iter()
        .chain(&config.labels)
        .any(|s| s.since.is_some() || s.value.contains("{version}"));
    let version = full_release(tag);
    let version = match version {
        Some(v) => v,
        None if needs_release => {
            return unsure(format!(
                "`{name}:{tag}` does not name its release in full (as in `{name}:1.2.3`), so the values of its variables are not known for the runtime stage"
            ));
        }
        None => "",
    };
    let applies = |s: &&Setting| match &s.since {
        Some(since) => version_at_least(version, since),
        None => true,
    };
    // Values with a space or a quote are quoted as ENV and LABEL read them.
    let pair = |s: &Setting| {
        let v = s.value.replace("{version}", version);
        if v.contains([' ', '"', '\'', '\\', '$']) {
            format!(
                "{}=\"{}\"",
                s.name,
                v.replace('\\', "\\\\").replace('"', "\\\"")
            )
        } else {
            format!("{}={v}", s.name)
        }
    };
    let mut lines = Vec::new();
    for (keyword, settings) in [("ENV", &config.env), ("LABEL", &config.labels)] {
        let pairs: Vec<String> = settings.iter().filter(applies).map(pair).collect();
        if !pairs.is_empty() {
            lines.push(format!("{keyword} {}", pairs.join(" ")));
        }
    }
    Ok(lines)
}
