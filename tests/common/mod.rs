//! Helpers shared by the integration tests: the shared corpus and BuildKit's reference parse.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The shared corpus (`../shared/corpus`, or `DOCKERLEAN_CORPUS`).
pub fn corpus_dir() -> PathBuf {
    std::env::var_os("DOCKERLEAN_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
        PathBuf::from,
    )
}

/// Every Dockerfile of the corpus, relative path and bytes, sorted by path; `None`
/// (after one line saying the lane is skipped) when the corpus is not there, so that a
/// fresh clone with nothing beside it passes. `DOCKERLEAN_REQUIRE_CORPUS=1` (set by
/// `.ci/run`, where the corpus is always there) turns a missing corpus into a failure.
pub fn corpus() -> Option<Vec<(String, Vec<u8>)>> {
    let root = corpus_dir();
    if !root.is_dir() {
        assert!(
            std::env::var_os("DOCKERLEAN_REQUIRE_CORPUS").is_none(),
            "the shared corpus is missing at {} (DOCKERLEAN_REQUIRE_CORPUS is set)",
            root.display()
        );
        eprintln!(
            "skipped: the shared corpus is not at {} (set DOCKERLEAN_CORPUS to run this corpus lane)",
            root.display()
        );
        return None;
    }
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.parent() != Some(root.as_path()) {
                let rel = p
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    assert!(
        out.len() > 4000,
        "corpus looks incomplete: {} files",
        out.len()
    );
    Some(out)
}

#[derive(Debug, serde::Deserialize)]
pub struct Reference {
    pub path: String,
    pub ok: bool,
    #[serde(default)]
    pub instructions: Vec<(String, usize, usize)>,
    #[serde(default)]
    pub error: String,
}

/// BuildKit's parse of the corpus, written by `tests/reference/buildkit_dump.py`
/// (`scripts/test` produces it before running the tests).
pub fn reference() -> HashMap<String, Reference> {
    let path = std::env::var_os("DOCKERLEAN_REFERENCE").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/buildkit-reference.jsonl"),
        PathBuf::from,
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "BuildKit's reference parse is missing at {} ({e}); run scripts/test, which \
             installs the reference parser and writes it",
            path.display()
        )
    });
    text.lines()
        .map(|l| serde_json::from_str::<Reference>(l).unwrap())
        .map(|r| (r.path.clone(), r))
        .collect()
}

/// Every file under `dir`, relative path and bytes, sorted.
pub fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// Copies every file under `from` to the same place under `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in files(from) {
        let p = to.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

/// Every entry under `root` (not following links), as its path relative to `root`,
/// its full path and its metadata: what the tests that run real programs in a scratch
/// folder compare before and after.
pub fn tree(root: &Path) -> Vec<(String, PathBuf, std::fs::Metadata)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if meta.is_dir() {
                stack.push(path.clone());
            }
            out.push((rel, path, meta));
        }
    }
    out
}

/// A pseudo-random pick below `n` (xorshift64 from `seed`): the same sequence on every
/// run, so that a generated case that fails can be named and run again.
pub fn picker(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |n| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    }
}
