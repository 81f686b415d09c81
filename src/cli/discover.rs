//! Finding Dockerfiles under the paths given on the command line.

use std::path::{Path, PathBuf};

/// Extensions of files that sit next to Dockerfiles and are never one.
const NOT_DOCKERFILES: &[&str] = &[
    ".dockerignore",
    ".md",
    ".txt",
    ".orig",
    ".rej",
    ".bak",
    ".swp",
    ".patch",
    ".diff",
];

/// Whether a file name is one of the Dockerfile name variants: `Dockerfile`,
/// `Dockerfile.*`, `Dockerfile-*`, `Dockerfile_*`, `*.Dockerfile`, and the same for
/// `Containerfile` (any case), but not `*.dockerignore` or notes like `Dockerfile.md`.
pub fn is_dockerfile_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    if NOT_DOCKERFILES.iter().any(|e| n.ends_with(e)) {
        return false;
    }
    let variant = |stem: &str| {
        n == stem
            || [".", "-", "_"]
                .iter()
                .any(|sep| n.starts_with(&format!("{stem}{sep}")))
            || n.ends_with(&format!(".{stem}"))
    };
    variant("dockerfile") || variant("containerfile")
}

/// A file to process (and whether it was named on the command line), or a path that
/// could not be searched.
pub enum Found {
    File(PathBuf, bool),
    Error(PathBuf, String),
}

/// Dockerfiles under `paths`, sorted: a named file is always taken; directories are
/// searched recursively, honouring `.gitignore`, including hidden folders, without
/// following symlinks.
pub fn discover(paths: &[PathBuf], follow_links: bool) -> Vec<Found> {
    let mut out = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, follow_links, &mut out),
            Ok(_) => out.push(Found::File(p.clone(), true)),
            Err(e) => out.push(Found::Error(p.clone(), e.to_string())),
        }
    }
    out.sort_by(|a, b| key(a).cmp(key(b)));
    out.dedup_by(|a, b| key(a) == key(b));
    out
}

fn key(f: &Found) -> &Path {
    match f {
        Found::File(p, _) | Found::Error(p, _) => p,
    }
}

/// The ignore file of dockerlean's own, read like `.gitignore` in every directory.
pub const IGNORE_FILE: &str = ".dockerleanignore";

fn walk(root: &Path, follow_links: bool, out: &mut Vec<Found>) {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .add_custom_ignore_filename(IGNORE_FILE)
        .follow_links(follow_links)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                let is_file = e.file_type().is_some_and(|t| t.is_file());
                if is_file && e.file_name().to_str().is_some_and(is_dockerfile_name) {
                    out.push(Found::File(e.into_path(), false));
                }
            }
            Err(err) => {
                let path = match &err {
                    ignore::Error::WithPath { path, .. } => path.clone(),
                    _ => root.to_path_buf(),
                };
                out.push(Found::Error(path, err.to_string()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_dockerfile_name;

    #[test]
    fn names() {
        for yes in [
            "Dockerfile",
            "dockerfile",
            "Dockerfile.prod",
            "api.Dockerfile",
            "x.dockerfile",
            "Containerfile",
            "Containerfile.dev",
            "Dockerfile_dev",
            "Dockerfile-py3.gpu",
            "containerfile-base",
        ] {
            assert!(is_dockerfile_name(yes), "{yes}");
        }
        for no in [
            "Dockerfile.dockerignore",
            ".dockerignore",
            "README.md",
            "Dockerfile.md",
            "Dockerfile-notes.txt",
            "Dockerfiles",
            "compose.yaml",
        ] {
            assert!(!is_dockerfile_name(no), "{no}");
        }
    }
}
