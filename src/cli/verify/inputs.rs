//! What the file check reads from the Dockerfiles themselves: the base image of the
//! shipped stage, where the original copied the build context, and what the rewrite's
//! RUNs remove that the original's do not.

use std::collections::BTreeSet;

use crate::Document;
use crate::syntax::model::Kind;
use crate::transform::common::workdir_between;

use super::files::ContextCopy;

/// The image the shipped stage is built on (through the stages it is built `FROM`),
/// with `$VAR` and `${VAR}` taken from the global ARGs and `build_args`; `scratch` for
/// none. Err: why it cannot be told.
pub fn base_image(doc: &Document, build_args: &[String]) -> Result<String, String> {
    let root = *doc
        .shipped_stages()
        .last()
        .ok_or("the Dockerfile has no FROM")?;
    let from = &doc.instructions[doc.stages[root].from];
    let info = from.from.as_ref().ok_or("the FROM is not read")?;
    let written = &doc.text()[info.image.range.clone()];
    if !written.contains('$') {
        return Ok(written.to_string());
    }
    // Global ARGs (before the first FROM), then --build-arg.
    let mut vars: Vec<(String, String)> = Vec::new();
    let first_from = doc.stages.first().map_or(0, |s| s.from);
    for inst in &doc.instructions[..first_from] {
        if inst.kind != Kind::Arg {
            continue;
        }
        for w in &inst.args {
            let (k, v) = w.value.split_once('=').unwrap_or((&w.value, ""));
            vars.push((k.to_string(), v.trim_matches('"').to_string()));
        }
    }
    for a in build_args {
        let (k, v) = a.split_once('=').unwrap_or((a, ""));
        vars.push((k.to_string(), v.to_string()));
    }
    let mut out = written.to_string();
    for (k, v) in vars.iter().rev() {
        out = out.replace(&format!("${{{k}}}"), v);
        out = out.replace(&format!("${k}"), v);
    }
    if out.contains('$') || out.is_empty() {
        return Err(format!(
            "`FROM {written}`: a variable without a value (give it with --build-arg)"
        ));
    }
    Ok(out)
}

/// Joins `path` to `dir` the way a Dockerfile does (absolute paths stand alone).
fn resolve(dir: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{dir}/{path}")
    };
    format!("/{}", crate::context::pattern::clean(&joined))
}

/// The COPY/ADD of the shipped stages that take from the build context, with their
/// destinations made absolute (`base_workdir`: the base image's WORKDIR).
pub fn context_copies(doc: &Document, base_workdir: &str) -> Vec<ContextCopy> {
    let mut out = Vec::new();
    for s in doc.shipped_stages() {
        let stage = &doc.stages[s];
        for i in stage.instructions.clone() {
            let inst = &doc.instructions[i];
            if !matches!(inst.kind, Kind::Copy | Kind::Add) || inst.copy_from().is_some() {
                continue;
            }
            let Some((dest, sources)) = inst.paths.split_last() else {
                continue;
            };
            let Ok(wd) = workdir_between(doc, stage.from, i, Some(base_workdir)) else {
                continue;
            };
            let wd = wd.unwrap_or_else(|| base_workdir.to_string());
            let dest = resolve(&wd, dest.value.trim_matches('"'));
            for src in sources {
                let src = crate::context::pattern::clean(src.value.trim_matches('"'));
                // A file copied onto a path keeps the destination's name: the whole
                // destination is what came from the context.
                out.push(ContextCopy {
                    source: src,
                    dest: dest.clone(),
                });
            }
        }
    }
    out
}

/// Every path a RUN of the shipped stages removes, made absolute against its WORKDIR.
fn removals(doc: &Document, base_workdir: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for s in doc.shipped_stages() {
        let stage = &doc.stages[s];
        for i in stage.instructions.clone() {
            let Some(effects) = doc.effects(i) else {
                continue;
            };
            let wd = workdir_between(doc, stage.from, i, Some(base_workdir))
                .ok()
                .flatten()
                .unwrap_or_else(|| base_workdir.to_string());
            for e in effects {
                for r in &e.removes {
                    out.insert(resolve(&wd, r));
                }
            }
        }
    }
    out
}

/// Paths the rewrite's RUNs remove and the original's do not.
pub fn new_removals(before: &Document, after: &Document, base_workdir: &str) -> Vec<String> {
    let old = removals(before, base_workdir);
    removals(after, base_workdir)
        .into_iter()
        .filter(|p| !old.contains(p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Document {
        Document::parse(s.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn the_base_image_follows_stages_and_arguments() {
        let d = doc("ARG V=3.11\nFROM python:${V} AS base\nFROM base\nRUN true\n");
        assert_eq!(base_image(&d, &[]).unwrap(), "python:3.11");
        assert_eq!(base_image(&d, &["V=3.12".into()]).unwrap(), "python:3.12");
        let d = doc("FROM golang:1.22 AS b\nFROM scratch\nCOPY --from=b /x /x\n");
        assert_eq!(base_image(&d, &[]).unwrap(), "scratch");
        let d = doc("FROM $IMAGE\n");
        assert!(base_image(&d, &[]).unwrap_err().contains("--build-arg"));
    }

    #[test]
    fn copies_and_removals_are_absolute() {
        let d =
            doc("FROM x\nWORKDIR /app\nCOPY . .\nCOPY conf/ ../etc/\nADD --chown=1 a.tgz /opt/\n");
        let c: Vec<(String, String)> = context_copies(&d, "/")
            .into_iter()
            .map(|c| (c.source, c.dest))
            .collect();
        assert_eq!(
            c,
            [
                (String::new(), "/app".to_string()),
                ("conf".to_string(), "/etc".to_string()),
                ("a.tgz".to_string(), "/opt".to_string()),
            ]
        );
        let before = doc("FROM x\nWORKDIR /tmp\nRUN curl -O u/a.tgz && tar xf a.tgz\n");
        let after = doc("FROM x\nWORKDIR /tmp\nRUN curl -O u/a.tgz && tar xf a.tgz && rm a.tgz\n");
        assert_eq!(new_removals(&before, &after, "/"), ["/tmp/a.tgz"]);
        assert!(new_removals(&after, &after, "/").is_empty());
    }
}
