//! Java: the jar and the JRE image it runs on.

use super::*;

/// The JRE image of a JDK image: the same tag with `jre` for `jdk`, so that the release,
/// the distribution and the configuration stay the same (only eclipse-temurin's JDK and
/// JRE images are known to share theirs; see `toolchain_config` in stacks.toml).
pub(super) fn java_runtime(prefix: &str, name: &str, tag: &str) -> Sure<String> {
    let parts: Vec<&str> = tag.split('-').collect();
    let jre: Vec<&str> = match parts.iter().position(|p| *p == "jdk") {
        _ if name != "eclipse-temurin" => {
            return unsure(format!(
                "the runtime image's configuration (Env, Entrypoint, Labels) is not known to match `{name}`'s"
            ));
        }
        Some(i) => parts
            .iter()
            .enumerate()
            .map(|(j, p)| if j == i { "jre" } else { p })
            .collect(),
        // `17` and `17-jammy` are JDK tags too.
        None if parts[0].starts_with(|c: char| c.is_ascii_digit()) => {
            let mut v = vec![parts[0], "jre"];
            v.extend(&parts[1..]);
            v
        }
        None => {
            return unsure(format!(
                "`{name}:{tag}` names no JDK release, so no JRE image is certain"
            ));
        }
    };
    Ok(format!("{prefix}:{}", jre.join("-")))
}

/// The jar that CMD or ENTRYPOINT runs (`java -jar PATH`): the entry must be java
/// itself (not a script that runs it), and no other word may name a path (an agent, a
/// config file, a classpath): the runtime gets the jar alone.
pub(super) fn java_jar(entry: &[String], wd: Option<&str>) -> Sure<String> {
    if entry.first().map(|w| w.rsplit('/').next().unwrap_or(w)) != Some("java") {
        return unsure(
            "CMD or ENTRYPOINT does not run java itself, and the runtime gets the jar alone",
        );
    }
    let at = entry.windows(2).position(|w| w[0] == "-jar");
    let jar = at.map(|i| entry[i + 1].clone());
    if let Some(w) = entry
        .iter()
        .enumerate()
        .find(|(i, w)| {
            // `-Djava.security.egd=file:/dev/./urandom` names a device every image has.
            let device = w.contains("=file:/dev/") || w.contains("=/dev/");
            Some(*i) != at.map(|a| a + 1) && *i > 0 && w.contains('/') && !device
        })
        .map(|(_, w)| w)
    {
        return unsure(format!(
            "CMD or ENTRYPOINT names `{w}`, a file the runtime would not get (it gets the jar alone)"
        ));
    }
    match jar {
        Some(j) if !j.contains(['*', '$']) => Ok(resolve(wd, &j)),
        _ => unsure("CMD or ENTRYPOINT does not name the jar it runs (`java -jar PATH`)"),
    }
}

/// Whether the jar needs nothing beside it, read from the build file at the top of the
/// build context (`[java_packaging]` in stacks.toml): a plugin that packs the
/// dependencies into it, or a Maven build with none; and no packaging that leaves
/// files next to it (Quarkus's fast-jar, a manifest Class-Path, copied dependencies).
pub(super) fn java_self_contained(ctx: &Context) -> Sure<()> {
    let Some(dir) = ctx.build_context.as_deref() else {
        return unsure("the build context is not known, so the jar's packaging is not known");
    };
    let data = &stacks().java_packaging;
    let Some((file, text)) = ["pom.xml", "build.gradle", "build.gradle.kts"]
        .iter()
        .find_map(|f| std::fs::read_to_string(dir.join(f)).ok().map(|t| (*f, t)))
    else {
        return unsure(
            "no pom.xml or build.gradle at the top of the build context says how the jar is packed",
        );
    };
    if let Some(m) = data.beside.iter().find(|m| text.contains(m.as_str())) {
        return unsure(format!(
            "{file} names `{m}`: the jar needs files beside it, and the runtime gets the jar alone"
        ));
    }
    let fat = data.fat.iter().any(|m| text.contains(m.as_str()));
    let no_dependencies = file == "pom.xml" && !text.contains("<dependency>");
    if !fat && !no_dependencies {
        return unsure(format!(
            "{file} packs no dependencies into the jar (no Spring Boot, Shade, assembly or Shadow plugin), and the runtime gets the jar alone"
        ));
    }
    Ok(())
}
