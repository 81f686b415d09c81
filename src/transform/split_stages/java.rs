//! Java: the jar and the JRE image it runs on.

use super::*;

pub(super) fn java_runtime(name: &str, tag: &str) -> Sure<String> {
    // maven:3.9-eclipse-temurin-17, gradle:8-jdk17, eclipse-temurin:17-jdk, amazoncorretto:17
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty();
    let parts: Vec<&str> = tag.split('-').collect();
    let major = match name {
        "maven" => parts
            .windows(2)
            .find(|w| w[0] == "temurin" && digits(w[1]))
            .map(|w| w[1]),
        "gradle" => parts
            .iter()
            .find_map(|p| p.strip_prefix("jdk"))
            .filter(|d| digits(d)),
        _ => parts.first().copied().filter(|d| digits(d)),
    };
    match major {
        Some(m) if !tag.contains("alpine") => Ok(format!("eclipse-temurin:{m}-jre")),
        _ => unsure(format!(
            "the Java version of `{name}:{tag}` is not certain, so no JRE image is"
        )),
    }
}

/// The jar that CMD or ENTRYPOINT runs (`java -jar PATH`).
pub(super) fn java_jar(entry: &[String], wd: Option<&str>) -> Sure<String> {
    let jar = entry
        .windows(2)
        .find(|w| w[0] == "-jar")
        .map(|w| w[1].clone());
    match jar {
        Some(j) if !j.contains(['*', '$']) => Ok(resolve(wd, &j)),
        _ => unsure("CMD or ENTRYPOINT does not name the jar it runs (`java -jar PATH`)"),
    }
}
