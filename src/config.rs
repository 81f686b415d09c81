//! `dockerlean.toml` / `.dockerlean.toml`: which transforms run and what they may apply.
//! The nearest file in a Dockerfile's directory or its ancestors applies to it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::transform;

pub const FILE_NAMES: [&str; 2] = ["dockerlean.toml", ".dockerlean.toml"];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Run only these transforms.
    #[serde(default)]
    pub select: Option<Vec<String>>,
    /// Do not run these transforms.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Apply unsafe fixes too.
    #[serde(default, rename = "unsafe")]
    pub unsafe_fixes: Option<bool>,
    /// What the cache transforms do with a cache: delete it (`clean`, the default) or
    /// keep it in a build cache mount (`mount`).
    #[serde(default)]
    pub cache: Option<CacheMode>,
    /// Gitignore-style patterns, relative to the config's directory, of files to skip.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Per-transform options: `[transform.<id>]`.
    #[serde(default)]
    pub transform: BTreeMap<String, toml::Table>,
    /// The directory the file was found in (set when loading).
    #[serde(skip)]
    pub root: PathBuf,
    /// The file it was read from.
    #[serde(skip)]
    pub path: PathBuf,
    /// `exclude` as a matcher, built once when loading (it is asked about every file).
    #[serde(skip)]
    excluder: Option<ignore::gitignore::Gitignore>,
}

/// `cache = "clean" | "mount"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheMode {
    Clean,
    Mount,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ConfigError {
    pub path: String,
    pub message: String,
}

impl Config {
    /// Reads and checks a config file: unknown keys, unknown transform ids and options a
    /// transform does not take are errors naming the key and the file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let shown = std::env::current_dir()
            .ok()
            .and_then(|d| absolute(path).strip_prefix(d).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| path.to_path_buf());
        let err = |message: String| ConfigError {
            path: shown.display().to_string(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read: {e}")))?;
        let mut c: Config = toml::from_str(&text).map_err(|e| {
            let msg = e.message().to_string();
            match e.span() {
                Some(span) => {
                    let line = text[..span.start].matches('\n').count() + 1;
                    err(format!("line {line}: {msg}"))
                }
                None => err(msg),
            }
        })?;
        let ids = c
            .select
            .iter()
            .flatten()
            .chain(&c.ignore)
            .chain(c.transform.keys());
        for id in ids {
            if transform::by_id(id).is_none() {
                return Err(err(format!("unknown transform `{id}`")));
            }
        }
        for (id, table) in &c.transform {
            if let Some(t) = transform::by_id(id)
                && let Err(e) = t.check_options(table)
            {
                return Err(err(format!("[transform.{id}]: {e}")));
            }
        }
        c.root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        c.path = path.to_path_buf();
        if !c.exclude.is_empty() {
            let mut b = ignore::gitignore::GitignoreBuilder::new(&c.root);
            for p in &c.exclude {
                let _ = b.add_line(None, p);
            }
            c.excluder = b.build().ok();
        }
        Ok(c)
    }

    /// The config file that applies to files in `dir`: the nearest one in `dir` or its
    /// ancestors.
    pub fn find(dir: &Path) -> Option<PathBuf> {
        dir.ancestors().find_map(Config::in_dir)
    }

    /// The config file in `dir` itself, if any.
    pub fn in_dir(dir: &Path) -> Option<PathBuf> {
        FILE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|p| p.is_file())
    }

    /// Whether `file` is excluded by this config's `exclude` patterns.
    pub fn excludes(&self, file: &Path) -> bool {
        let Some(g) = &self.excluder else {
            return false;
        };
        let abs = absolute(file);
        abs.strip_prefix(absolute(&self.root)).is_ok()
            && g.matched_path_or_any_parents(&abs, false).is_ignore()
    }
}

/// `p` made absolute against the current directory (without resolving symlinks).
pub fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| p.to_path_buf(), |d| d.join(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn reads_known_keys() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "dockerlean.toml",
            "select = [\"merge-runs\"]\nignore = [\"apt-lists\"]\nunsafe = true\nexclude = [\"legacy/\"]\n",
        );
        let c = Config::load(&p).unwrap();
        assert_eq!(c.select, Some(vec!["merge-runs".to_string()]));
        assert_eq!(c.ignore, vec!["apt-lists".to_string()]);
        assert_eq!(c.unsafe_fixes, Some(true));
        assert!(c.excludes(&d.path().join("legacy/Dockerfile")));
        assert!(!c.excludes(&d.path().join("app/Dockerfile")));
    }

    #[test]
    fn unknown_key_names_key_and_file() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            ".dockerlean.toml",
            "select = []\nunsafe_fixes = true\n",
        );
        let e = Config::load(&p).unwrap_err();
        assert!(e.path.ends_with(".dockerlean.toml"));
        assert!(e.message.contains("line 2"), "{e}");
        assert!(e.message.contains("unsafe_fixes"), "{e}");
    }

    #[test]
    fn unknown_transform_and_option_are_errors() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "dockerlean.toml", "ignore = [\"merge-run\"]\n");
        assert!(Config::load(&p).unwrap_err().message.contains("merge-run"));
        let p = write(
            d.path(),
            "dockerlean.toml",
            "[transform.merge-runs]\ncolour = 1\n",
        );
        let e = Config::load(&p).unwrap_err();
        assert!(
            e.message
                .contains("[transform.merge-runs]: unknown key `colour`"),
            "{e}"
        );
    }

    #[test]
    fn nearest_ancestor_wins() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "dockerlean.toml", "");
        std::fs::create_dir_all(d.path().join("a/b")).unwrap();
        write(&d.path().join("a"), ".dockerlean.toml", "");
        assert_eq!(
            Config::find(&d.path().join("a/b")).unwrap(),
            d.path().join("a/.dockerlean.toml")
        );
        assert_eq!(
            Config::find(d.path()).unwrap(),
            d.path().join("dockerlean.toml")
        );
    }
}
