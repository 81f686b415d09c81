//! The build context: what is in it, what the Dockerfiles that use it copy, and which
//! `.dockerignore` lines would keep the rest out (the `dockerignore` transform).

pub mod pattern;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::fix::Applicability;
use crate::syntax::{Document, Kind};
use pattern::{IgnoreFile, Pattern, clean};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidates {
    pub candidates: Vec<Candidate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    pub pattern: String,
    pub kind: String,
    /// It may be used when the container runs (so leaving it out of a broad COPY can
    /// change the image).
    pub runtime: bool,
    /// Not worth creating an ignore file for by itself.
    #[serde(default)]
    pub minor: bool,
}

data_file!(pub fn candidates() -> Candidates = "dockerignore/candidates.toml");

/// Files walked at most per context, so that a huge tree stays bounded.
const MAX_FILES: usize = 200_000;

/// One line to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addition {
    pub pattern: String,
    pub kind: String,
    pub applicability: Applicability,
    pub files: usize,
    pub bytes: u64,
    /// Why it is graded so.
    pub why: String,
}

/// What to do with one build context.
#[derive(Debug, Clone)]
pub struct Plan {
    pub context: PathBuf,
    /// The ignore file to create or extend.
    pub ignore_path: PathBuf,
    pub existing: Option<Vec<u8>>,
    pub additions: Vec<Addition>,
    /// Candidates present in the context that stay, with the reason.
    pub kept: Vec<(String, String)>,
    /// The walk stopped at `MAX_FILES`.
    pub truncated: bool,
    /// Files and bytes the context sends now (after the existing ignore file).
    pub total_files: usize,
    pub total_bytes: u64,
    /// Those files, relative, with their sizes.
    files: Vec<(String, u64)>,
}

impl Plan {
    /// Files and bytes the context still sends once the applicable lines are added.
    pub fn remaining(&self, unsafe_fixes: bool) -> (usize, u64) {
        let added = IgnoreFile {
            patterns: self
                .applicable(unsafe_fixes)
                .filter_map(|a| Pattern::parse(&a.pattern))
                .collect(),
        };
        self.files
            .iter()
            .filter(|(f, _)| !added.excludes(f))
            .fold((0, 0), |(n, b), (_, s)| (n + 1, b + s))
    }

    fn applicable(&self, unsafe_fixes: bool) -> impl Iterator<Item = &Addition> {
        self.additions
            .iter()
            .filter(move |a| match a.applicability {
                Applicability::Safe => true,
                Applicability::Unsafe => unsafe_fixes,
                Applicability::DisplayOnly => false,
            })
    }

    /// The ignore file with the applicable additions, or None when nothing changes.
    pub fn new_content(&self, unsafe_fixes: bool) -> Option<Vec<u8>> {
        let lines: Vec<&Addition> = self.applicable(unsafe_fixes).collect();
        if lines.is_empty() {
            return None;
        }
        let mut out = self.existing.clone().unwrap_or_default();
        let crlf = out.windows(2).any(|w| w == b"\r\n");
        let nl: &[u8] = if crlf { b"\r\n" } else { b"\n" };
        if !out.is_empty() && !out.ends_with(b"\n") {
            out.extend_from_slice(nl);
        }
        if !out.is_empty() {
            out.extend_from_slice(nl);
        }
        out.extend_from_slice(b"# Added by dockerlean: not needed in the build context");
        out.extend_from_slice(nl);
        for a in lines {
            out.extend_from_slice(a.pattern.as_bytes());
            out.extend_from_slice(nl);
        }
        Some(out)
    }
}

/// The sources a Dockerfile takes from its build context (COPY/ADD without `--from`,
/// `RUN --mount=type=bind` without `from`), and the files its RUNs read (each tail of
/// the path), cleaned and relative.
pub fn context_sources(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for i in &doc.instructions {
        let kind = i.onbuild.unwrap_or(i.kind);
        match kind {
            Kind::Copy | Kind::Add if i.copy_from().is_none() => {
                let n = i.paths.len();
                for w in i.paths.iter().take(n.saturating_sub(1)) {
                    if w.value.is_empty() || w.value.contains("://") || w.value.starts_with("git@")
                    {
                        continue; // heredoc source or remote URL
                    }
                    out.push(clean(&w.value));
                }
            }
            Kind::Run => {
                // A file a RUN reads may come with a broad COPY (`cat docker-compose.yml`,
                // `tar -czf /x.tgz notes.log`): named, so kept in the context. Where the
                // copy put it is not worked out: every tail of the path is a name
                // (`/app/conf/a.log` names conf/a.log and a.log too), which keeps more,
                // never less. A read of a whole folder (`.`, a build's project) names
                // nothing: the entries' kinds are files builds do not read.
                for e in doc.effects(i.index).unwrap_or_default() {
                    for r in &e.reads {
                        if r.contains(['$', '`', '~']) {
                            continue;
                        }
                        let path = clean(r);
                        let parts: Vec<&str> = path.split('/').collect();
                        for k in 0..parts.len() {
                            let tail = parts[k..].join("/");
                            if !tail.is_empty() && !out.contains(&tail) {
                                out.push(tail);
                            }
                        }
                    }
                }
                for f in i.flags.iter().filter(|f| f.name == "mount") {
                    let v = f.value.as_deref().unwrap_or("");
                    let kv: Vec<(&str, &str)> = v
                        .split(',')
                        .map(|p| p.split_once('=').unwrap_or((p, "")))
                        .collect();
                    let is_bind = kv.iter().any(|&(k, val)| k == "type" && val == "bind")
                        || !kv.iter().any(|&(k, _)| k == "type");
                    let from = kv.iter().any(|&(k, _)| k == "from");
                    if is_bind && !from {
                        let src = kv
                            .iter()
                            .find(|&&(k, _)| k == "source" || k == "src")
                            .map_or("", |&(_, v)| v);
                        out.push(clean(src));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// How a source relates to a file of the context.
fn source_covers(source: &str, file: &str) -> bool {
    if source.is_empty() {
        return true; // `.`: the whole context
    }
    if source.contains(['*', '?', '[']) {
        // A glob source matches files (or directories whose contents it copies).
        return Pattern::parse(source).is_some_and(|p| p.matches(file));
    }
    file == source || file.starts_with(&format!("{source}/"))
}

/// The ignore file BuildKit reads for `dockerfile` in `context`: `NAME.dockerignore` next
/// to the Dockerfile when there is one, else `.dockerignore` at the context root.
pub fn ignore_file_for(context: &Path, dockerfile: &Path) -> PathBuf {
    if let (Some(dir), Some(name)) = (dockerfile.parent(), dockerfile.file_name()) {
        let own = dir.join(format!("{}.dockerignore", name.to_string_lossy()));
        if own.is_file() {
            return own;
        }
    }
    context.join(".dockerignore")
}

/// Plans the `.dockerignore` of `context` for the Dockerfiles that use it.
pub fn plan(context: &Path, ignore_path: &Path, dockerfiles: &[&Document]) -> Plan {
    let sources: Vec<String> = dockerfiles
        .iter()
        .flat_map(|d| context_sources(d))
        .collect();
    plan_sources(context, ignore_path, sources)
}

/// [`plan`] from the Dockerfiles' [`context_sources`] alone (what a caller keeps of
/// many Dockerfiles instead of their documents).
pub fn plan_sources(context: &Path, ignore_path: &Path, sources: Vec<String>) -> Plan {
    let existing = std::fs::read(ignore_path).ok();
    let ignore = IgnoreFile::parse(&String::from_utf8_lossy(existing.as_deref().unwrap_or(b"")));
    let cands = &candidates().candidates;
    let patterns: Vec<Pattern> = cands
        .iter()
        .map(|c| Pattern::parse(&c.pattern).expect("candidate patterns are valid"))
        .collect();
    // Files per candidate: (count, bytes, copied by a broad source, named by a source).
    let mut found = vec![(0usize, 0u64, false, false); cands.len()];
    let mut truncated = false;
    let mut walked = 0usize;
    let (mut total_files, mut total_bytes) = (0usize, 0u64);
    let mut context_files: Vec<(String, u64)> = Vec::new();
    let walker = ignore::WalkBuilder::new(context)
        .standard_filters(false)
        .follow_links(false)
        .build();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        walked += 1;
        if walked > MAX_FILES {
            truncated = true;
            break;
        }
        let Ok(rel) = entry.path().strip_prefix(context) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if ignore.excludes(&rel) {
            continue;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        total_files += 1;
        total_bytes += size;
        context_files.push((rel.clone(), size));
        for (k, p) in patterns.iter().enumerate() {
            if !p.matches(&rel) {
                continue;
            }
            let f = &mut found[k];
            f.0 += 1;
            f.1 += entry.metadata().map(|m| m.len()).unwrap_or(0);
            for s in &sources {
                if source_covers(s, &rel) {
                    // Named: the source itself lies inside what the candidate matches.
                    if !s.is_empty() && p.matches(s.trim_end_matches(['*', '/'])) {
                        f.3 = true;
                    } else {
                        f.2 = true;
                    }
                }
            }
        }
    }
    let mut additions = Vec::new();
    let mut kept = Vec::new();
    for (k, c) in cands.iter().enumerate() {
        let (files, bytes, broad, named) = found[k];
        if files == 0 {
            continue;
        }
        let base = c.pattern.trim_start_matches("**/");
        if named {
            kept.push((
                c.pattern.clone(),
                "a COPY or ADD of the Dockerfile names it, or a RUN reads it".into(),
            ));
            continue;
        }
        if ignore.reincludes_under(base) {
            kept.push((
                c.pattern.clone(),
                "a `!` line of the ignore file re-includes part of it".into(),
            ));
            continue;
        }
        let (applicability, why) = if !broad {
            (
                Applicability::Safe,
                "nothing copies it, it only makes the context bigger".to_string(),
            )
        } else if !c.runtime {
            (
                Applicability::Safe,
                "a broad COPY copies it, but it is not used when the container runs".to_string(),
            )
        } else {
            (
                Applicability::Unsafe,
                "a broad COPY copies it into the image, so leaving it out changes the image"
                    .to_string(),
            )
        };
        additions.push(Addition {
            pattern: c.pattern.clone(),
            kind: c.kind.clone(),
            applicability,
            files,
            bytes,
            why,
        });
    }
    // A new file only for minor entries is noise.
    if existing.is_none()
        && additions
            .iter()
            .all(|a| cands.iter().any(|c| c.pattern == a.pattern && c.minor))
    {
        additions.clear();
    }
    Plan {
        context: context.to_path_buf(),
        ignore_path: ignore_path.to_path_buf(),
        existing,
        additions,
        kept,
        truncated,
        total_files,
        total_bytes,
        files: context_files,
    }
}
