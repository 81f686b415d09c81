//! The file check of `compare`: every file the original's own instructions added or
//! changed (its tree against its base image's) must be in the rewrite with the same
//! type, content, mode, owner and link target, except what the applied transforms
//! remove by design, which each declares in `transforms/<id>/verify.toml`. Files whose
//! content differs between any two builds (compiled bytecode, logs) are compared by type
//! only (`transforms/compare/volatile.toml`).

use std::collections::{BTreeMap, BTreeSet};

use globset::{GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use super::tree::{Entry, FileType, Tree};

/// Where the bytes a transform removes belong, for the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Package manager caches and lists.
    Caches,
    /// Documentation, man pages, locales.
    Docs,
    /// A split's build stage: compilers, build inputs, build caches.
    Toolchain,
    /// Debian packages the rewrite does not install, and dpkg's database.
    Packages,
    /// Downloaded archives removed once extracted.
    Downloads,
    /// Files of the build context the rewrite's ignore file leaves out.
    Context,
}

/// What one transform declares it removes (`transforms/<id>/verify.toml`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Declared {
    #[serde(default)]
    pub removes: Vec<Removal>,
    /// Files of Debian packages the original installed and the rewrite does not, read
    /// from each image's `/var/lib/dpkg/info/<package>.list`.
    #[serde(default)]
    pub dpkg_packages: Option<Category>,
    /// With `dpkg_packages`: only the packages that match count as removed by design
    /// (the others' files stay differences).
    #[serde(default)]
    pub dpkg_packages_only: Option<PackageFilter>,
    /// Whatever the original's COPY/ADD brought from the build context (a split ships
    /// its build output, not its sources).
    #[serde(default)]
    pub copied_sources: Option<Category>,
    /// Files of the build context the rewrite's ignore file excludes and the original's
    /// did not, at the place the original copied them to.
    #[serde(default)]
    pub ignored_sources: Option<Category>,
    /// Paths a RUN of the rewrite removes that no RUN of the original removes.
    #[serde(default)]
    pub run_removals: Option<Category>,
}

/// Which removed packages a declaration accepts: a name matching one of `names` (globs)
/// and, in the original image's dpkg database, a section among `sections`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageFilter {
    pub names: Vec<String>,
    pub sections: Vec<String>,
}

impl PackageFilter {
    fn accepts(&self, package: &str, sections: &BTreeMap<String, String>) -> bool {
        let named = self
            .names
            .iter()
            .any(|n| globset::Glob::new(n).is_ok_and(|g| g.compile_matcher().is_match(package)));
        named
            && sections
                .get(package)
                .is_some_and(|s| self.sections.iter().any(|x| x == s))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Removal {
    pub category: Category,
    /// A path and everything under it; `*` and `**` globs allowed.
    pub paths: Vec<String>,
    pub why: String,
}

/// Paths compared by type only (`transforms/compare/volatile.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Volatile {
    pub paths: Vec<VolatilePaths>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VolatilePaths {
    pub paths: Vec<String>,
    pub why: String,
    /// The files' names change too (named by a checksum of their content): one the
    /// rewrite lacks is not a difference either.
    #[serde(default)]
    pub names: bool,
}

data_file!(fn volatile() -> Volatile = "compare/volatile.toml");

/// Each transform's declaration, by id (every transform has one; a test checks).
pub fn declared(id: &str) -> Option<&'static Declared> {
    macro_rules! table {
        ($($id:literal),* $(,)?) => {{
            static T: std::sync::OnceLock<Vec<(&'static str, Declared)>> = std::sync::OnceLock::new();
            T.get_or_init(|| vec![$(
                ($id, toml::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/transforms/", $id, "/verify.toml")))
                    .expect(concat!("transforms/", $id, "/verify.toml is validated by a test"))),
            )*])
        }};
    }
    let t = table!(
        "apk-no-cache",
        "apt-lists",
        "apt-no-recommends",
        "archive-cleanup",
        "cache-order",
        "dev-purge",
        "dockerignore",
        "fold-cleanup",
        "lang-cache",
        "merge-runs",
        "npm-cache",
        "pip-no-cache",
        "rpm-cache",
        "slim-base",
        "split-stages",
        "unread-run",
    );
    t.iter().find(|(i, _)| *i == id).map(|(_, d)| d)
}

/// A path pattern: the path and everything under it.
fn globs<'a>(paths: impl IntoIterator<Item = &'a String>) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for p in paths {
        let p = p.trim_end_matches('/');
        for g in [p.to_string(), format!("{p}/**")] {
            if let Ok(g) = globset::GlobBuilder::new(&g)
                .literal_separator(true)
                .build()
            {
                b.add(g);
            }
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

/// A COPY/ADD of the original's shipped stages from the build context: the source
/// (relative to the context, "" for all of it) and the absolute destination.
#[derive(Debug, Clone)]
pub struct ContextCopy {
    pub source: String,
    pub dest: String,
}

/// Everything the check needs besides the trees.
#[derive(Default)]
pub struct Expectations {
    /// (transform, declaration) for each transform whose fix the rewrite applied.
    pub applied: Vec<(String, &'static Declared)>,
    pub copies: Vec<ContextCopy>,
    /// The ignore files of the original's and the rewrite's builds.
    pub ignore_before: Option<crate::context::pattern::IgnoreFile>,
    pub ignore_after: Option<crate::context::pattern::IgnoreFile>,
    /// Paths the rewrite's RUNs remove and the original's do not.
    pub run_removals: Vec<String>,
}

/// A number of files and their bytes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Count {
    pub files: usize,
    pub bytes: u64,
}

impl Count {
    fn add(&mut self, e: &Entry) {
        self.files += 1;
        self.bytes += e.size;
    }
}

/// Files a transform removed or changed by design.
#[derive(Debug, Clone, Serialize)]
pub struct ExpectedGroup {
    pub transform: String,
    pub category: Category,
    pub why: String,
    #[serde(flatten)]
    pub count: Count,
    /// The first few paths.
    pub examples: Vec<String>,
}

/// A file of the original the rewrite lost or changed, with nothing that explains it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unexpected {
    pub path: String,
    /// `missing`, or what differs: `type`, `content`, `link target`, `mode`, `owner`.
    pub problem: String,
}

/// Where the bytes of the regular files went.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Bytes {
    pub base_before: u64,
    pub base_after: u64,
    /// Bytes of the original's own files the rewrite keeps.
    pub app: u64,
    /// Bytes removed by design, per category.
    pub removed: BTreeMap<Category, u64>,
    pub unexpected: u64,
    /// Bytes of files only the rewrite has.
    pub new_in_rewrite: u64,
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct FilesReport {
    /// Files the original's own instructions added or changed.
    pub original_files: Count,
    /// Of those, the ones the rewrite has the same.
    pub kept: Count,
    /// Of those, the ones compared by type only (compiled bytecode, logs).
    pub volatile: Count,
    /// Of those, files of `/etc` the two base images hold in different versions, which
    /// the rewrite changed the same way: the lines the original's instructions added are
    /// there, the lines they removed are not (`useradd` on another `/etc/group`).
    pub same_change: Count,
    pub expected: Vec<ExpectedGroup>,
    pub unexpected_count: usize,
    /// The first 20 unexpected files.
    pub unexpected: Vec<Unexpected>,
    /// Files the rewrite's instructions added that the original's image does not have.
    pub new_in_rewrite: Count,
    pub new_examples: Vec<String>,
    pub bytes: Bytes,
}

const EXAMPLES: usize = 5;
const UNEXPECTED_SHOWN: usize = 20;

/// Hashes what [`check`] compares of mounted trees, no more: the files of the original
/// whose metadata (type, size, mode, owner, link, mtime) differs from its base's, in the
/// original, its base and the rewrite. A file with the same size and mtime as the base's
/// is taken as the base's, as rsync's and git's quick checks do; hashing only the rest
/// is what makes a 1 GB image a matter of seconds.
pub fn hash_needed(
    before: &mut Tree,
    before_base: &mut Tree,
    after: &mut Tree,
) -> Result<(), super::tree::TreeError> {
    let candidates: Vec<String> = before
        .entries
        .iter()
        .filter(|(p, e)| {
            e.kind == FileType::File
                && before_base.entries.get(*p).is_none_or(|b| {
                    b.kind != e.kind
                        || b.size != e.size
                        || b.mtime != e.mtime
                        || b.mode != e.mode
                        || (b.uid, b.gid) != (e.uid, e.gid)
                })
        })
        .map(|(p, _)| p.clone())
        .collect();
    let paths = || candidates.iter().map(String::as_str);
    before.hash(paths())?;
    before_base.hash(paths())?;
    after.hash(paths())?;
    Ok(())
}

/// The paths of `image` its own instructions added or changed relative to `base`.
pub fn added<'t>(image: &'t Tree, base: &Tree) -> impl Iterator<Item = (&'t String, &'t Entry)> {
    image.entries.iter().filter(|(p, e)| {
        base.entries
            .get(*p)
            .is_none_or(|b| b.difference(e).is_some())
    })
}

/// One source of an expected difference, tried in order.
struct Rule {
    transform: String,
    category: Category,
    why: String,
    test: Test,
}

enum Test {
    Globs(GlobSet),
    Paths(BTreeSet<String>),
    Copied,
    Ignored,
}

fn under<'p>(path: &'p str, dir: &str) -> Option<&'p str> {
    let dir = dir.trim_end_matches('/');
    if dir.is_empty() {
        return path.strip_prefix('/');
    }
    path.strip_prefix(dir)?.strip_prefix('/')
}

impl Expectations {
    fn rules(&self, before: &Tree, after: &Tree) -> Vec<Rule> {
        let mut rules = Vec::new();
        for (id, d) in &self.applied {
            for r in &d.removes {
                rules.push(Rule {
                    transform: id.clone(),
                    category: r.category,
                    why: r.why.clone(),
                    test: Test::Globs(globs(&r.paths)),
                });
            }
            if let Some(category) = d.dpkg_packages {
                // Packages the original has and the rewrite does not: their files.
                // On a merged-/usr image (/lib a link to usr/lib, as Debian's are since
                // bookworm) a package listing /lib/x owns /usr/lib/x too: the same file.
                let merged = |top: &str| {
                    before
                        .entries
                        .get(top)
                        .is_some_and(|e| e.kind == super::tree::FileType::Symlink)
                };
                let aliased: Vec<&str> = ["/lib", "/lib64", "/bin", "/sbin"]
                    .into_iter()
                    .filter(|t| merged(t))
                    .collect();
                let gone: BTreeSet<String> = before
                    .dpkg_lists
                    .iter()
                    .filter(|(p, _)| !after.dpkg_lists.contains_key(*p))
                    .filter(|(p, _)| {
                        d.dpkg_packages_only
                            .as_ref()
                            .is_none_or(|f| f.accepts(p, &before.dpkg_sections))
                    })
                    .flat_map(|(_, list)| list.lines())
                    .flat_map(|l| {
                        let usr = aliased
                            .iter()
                            .find(|t| l.strip_prefix(**t).is_some_and(|r| r.starts_with('/')))
                            .map(|_| format!("/usr{l}"));
                        std::iter::once(l.to_string()).chain(usr)
                    })
                    .collect();
                rules.push(Rule {
                    transform: id.clone(),
                    category,
                    why: "files of Debian packages the rewrite does not install".into(),
                    test: Test::Paths(gone),
                });
            }
            if let Some(category) = d.copied_sources {
                rules.push(Rule {
                    transform: id.clone(),
                    category,
                    why: "build inputs the original copied from the context".into(),
                    test: Test::Copied,
                });
            }
            if let Some(category) = d.ignored_sources {
                rules.push(Rule {
                    transform: id.clone(),
                    category,
                    why: "context files the rewrite's ignore file leaves out".into(),
                    test: Test::Ignored,
                });
            }
            if let Some(category) = d.run_removals {
                rules.push(Rule {
                    transform: id.clone(),
                    category,
                    why: "removed by the cleanup the rewrite adds to a RUN".into(),
                    test: Test::Globs(globs(&self.run_removals)),
                });
            }
        }
        rules
    }

    fn matches(&self, rule: &Rule, path: &str) -> bool {
        match &rule.test {
            Test::Globs(g) => g.is_match(path),
            Test::Paths(p) => p.contains(path),
            Test::Copied => self.copies.iter().any(|c| under(path, &c.dest).is_some()),
            Test::Ignored => self.copies.iter().any(|c| {
                let Some(rel) = under(path, &c.dest) else {
                    return false;
                };
                let rel = if c.source.is_empty() {
                    rel.to_string()
                } else {
                    format!("{}/{rel}", c.source)
                };
                let excluded = |f: &Option<crate::context::pattern::IgnoreFile>| {
                    f.as_ref().is_some_and(|f| f.excludes(&rel))
                };
                excluded(&self.ignore_after) && !excluded(&self.ignore_before)
            }),
        }
    }
}

/// Whether `path`, a file of both base images in different versions, was changed the
/// same way: every line the original's instructions added to its base's version is in
/// the rewrite's, and no line they removed is.
fn same_change(
    path: &str,
    before: &Tree,
    before_base: &Tree,
    after: &Tree,
    after_base: &Tree,
) -> bool {
    // shadow-utils' backups (`/etc/group-`) hold the file as it was before the change:
    // the base's version of the file itself is what they are measured against.
    fn in_base<'t>(t: &'t Tree, path: &str) -> Option<&'t Vec<u8>> {
        path.strip_suffix('-')
            .and_then(|p| t.etc.get(p))
            .or_else(|| t.etc.get(path))
    }
    let (Some(b), Some(bb), Some(a), Some(ab)) = (
        before.etc.get(path),
        in_base(before_base, path),
        after.etc.get(path),
        in_base(after_base, path),
    ) else {
        return false;
    };
    if bb == ab {
        return false;
    }
    let lines =
        |t: &[u8]| -> BTreeSet<Vec<u8>> { t.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect() };
    let (b, bb, a) = (lines(b), lines(bb), lines(a));
    b.difference(&bb).all(|l| a.contains(l)) && !bb.difference(&b).any(|l| a.contains(l))
}

/// Checks the rewrite's tree against the original's; see the module's comment.
pub fn check(
    before: &Tree,
    before_base: &Tree,
    after: &Tree,
    after_base: &Tree,
    expect: &Expectations,
) -> FilesReport {
    let data = volatile();
    let volatile = globs(data.paths.iter().flat_map(|v| &v.paths));
    let renamed = globs(data.paths.iter().filter(|v| v.names).flat_map(|v| &v.paths));
    let rules = expect.rules(before, after);
    let mut groups: Vec<Option<ExpectedGroup>> = vec![None; rules.len()];
    let mut r = FilesReport {
        bytes: Bytes {
            base_before: before_base.bytes(),
            base_after: after_base.bytes(),
            ..Bytes::default()
        },
        ..FilesReport::default()
    };
    // Children before their directory (reverse order): a directory the rewrite lacks
    // is expected when everything the original put in it is (it only held that).
    let mut dirs: std::collections::HashMap<&str, Option<usize>> = Default::default();
    let mut unexpected: Vec<Unexpected> = Vec::new();
    let added_before: Vec<(&String, &Entry)> = added(before, before_base).collect();
    for &(path, o) in added_before.iter().rev() {
        r.original_files.add(o);
        let parent = path.rsplit_once('/').map_or("", |(p, _)| p);
        let mut outcome = None; // the rule that expects it
        let problem = match after.entries.get(path) {
            None => "missing",
            Some(n) => o.difference(n).unwrap_or(""),
        };
        if problem.is_empty() {
            r.kept.add(o);
        } else if problem == "content" && same_change(path, before, before_base, after, after_base)
        {
            r.same_change.add(o);
            r.bytes.app += o.size;
        } else if (problem != "type"
            && problem != "missing"
            && o.kind == FileType::File
            && volatile.is_match(path))
            || (problem == "missing" && renamed.is_match(path))
        {
            r.volatile.add(o);
            r.bytes.app += o.size;
        } else {
            let held_only_removed = match (problem, o.kind) {
                ("missing", FileType::Dir) => dirs.get(path.as_str()).copied().flatten(),
                _ => None,
            };
            match held_only_removed
                .or_else(|| rules.iter().position(|rule| expect.matches(rule, path)))
            {
                Some(i) => {
                    outcome = Some(i);
                    let rule = &rules[i];
                    let g = groups[i].get_or_insert_with(|| ExpectedGroup {
                        transform: rule.transform.clone(),
                        category: rule.category,
                        why: rule.why.clone(),
                        count: Count::default(),
                        examples: Vec::new(),
                    });
                    g.count.add(o);
                    g.examples.push(path.clone());
                    *r.bytes.removed.entry(rule.category).or_default() += o.size;
                }
                None => {
                    r.unexpected_count += 1;
                    r.bytes.unexpected += o.size;
                    unexpected.push(Unexpected {
                        path: path.clone(),
                        problem: problem.to_string(),
                    });
                }
            }
        }
        // The parent holds only removed files while every child is expected.
        let state = dirs.entry(parent).or_insert(outcome);
        if outcome.is_none() || state.is_none() {
            *state = None;
        }
    }
    unexpected.sort_by(|a, b| a.path.cmp(&b.path));
    unexpected.truncate(UNEXPECTED_SHOWN);
    r.unexpected = unexpected;
    for g in groups.iter_mut().flatten() {
        g.examples.sort();
        g.examples.truncate(EXAMPLES);
    }
    r.bytes.app += r.kept.bytes;
    r.expected = groups.into_iter().flatten().collect();
    for (path, n) in added(after, after_base) {
        if !before.entries.contains_key(path) {
            r.new_in_rewrite.add(n);
            if r.new_examples.len() < EXAMPLES {
                r.new_examples.push(path.clone());
            }
        }
    }
    r.bytes.new_in_rewrite = r.new_in_rewrite.bytes;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(content: &str) -> Entry {
        Entry {
            kind: FileType::File,
            mode: 0o644,
            uid: 0,
            gid: 0,
            size: content.len() as u64,
            hash: Some(*blake3::hash(content.as_bytes()).as_bytes()),
            link: None,
            mtime: 0,
        }
    }

    fn dir() -> Entry {
        Entry {
            kind: FileType::Dir,
            mode: 0o755,
            size: 0,
            hash: None,
            ..file("")
        }
    }

    fn tree(entries: &[(&str, Entry)]) -> Tree {
        Tree {
            entries: entries
                .iter()
                .map(|(p, e)| (p.to_string(), e.clone()))
                .collect(),
            ..Tree::default()
        }
    }

    fn base() -> Tree {
        tree(&[("/usr", dir()), ("/usr/bin/sh", file("shell"))])
    }

    fn with(base: &Tree, more: &[(&str, Entry)]) -> Tree {
        let mut t = base.clone();
        for (p, e) in more {
            t.entries.insert(p.to_string(), e.clone());
        }
        t
    }

    #[test]
    fn only_what_the_instructions_added_or_changed_is_checked() {
        let b = base();
        let before = with(&b, &[("/app", dir()), ("/app/a.py", file("print(1)"))]);
        // The rewrite's base differs (a slim base): its own files are not the question.
        let slim = tree(&[("/usr", dir())]);
        let after = with(&slim, &[("/app", dir()), ("/app/a.py", file("print(1)"))]);
        let r = check(&before, &b, &after, &slim, &Expectations::default());
        assert_eq!(r.original_files, Count { files: 2, bytes: 8 });
        assert_eq!(r.kept, r.original_files);
        assert_eq!(r.unexpected_count, 0);
        assert_eq!(r.bytes.base_before, 5);
        assert_eq!(r.bytes.base_after, 0);
        assert_eq!(r.bytes.app, 8);
    }

    #[test]
    fn each_kind_of_difference_is_named() {
        let b = base();
        let mut moved = file("x");
        moved.mode = 0o755;
        let mut owned = file("y");
        owned.uid = 1000;
        let link = Entry {
            kind: FileType::Symlink,
            link: Some("/usr/bin/a".into()),
            hash: None,
            size: 0,
            ..file("")
        };
        let before = with(
            &b,
            &[
                ("/a", file("1")),
                ("/b", file("2")),
                ("/c", file("x")),
                ("/d", file("y")),
                ("/e", link.clone()),
                ("/usr/bin/sh", file("changed shell")),
            ],
        );
        let other_link = Entry {
            link: Some("/usr/bin/b".into()),
            ..link
        };
        let after = with(
            &b,
            &[
                ("/b", file("3")),
                ("/c", moved),
                ("/d", owned),
                ("/e", other_link),
                ("/new", file("new!")),
            ],
        );
        let r = check(&before, &b, &after, &b, &Expectations::default());
        let got: Vec<(&str, &str)> = r
            .unexpected
            .iter()
            .map(|u| (u.path.as_str(), u.problem.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("/a", "missing"),
                ("/b", "content"),
                ("/c", "mode"),
                ("/d", "owner"),
                ("/e", "link target"),
                // A base file the original changed and the rewrite did not.
                ("/usr/bin/sh", "content"),
            ]
        );
        assert_eq!(r.new_in_rewrite, Count { files: 1, bytes: 4 });
        assert_eq!(r.new_examples, ["/new"]);
    }

    #[test]
    fn declared_removals_are_expected_with_counts_and_bytes() {
        let b = base();
        let before = with(
            &b,
            &[
                ("/var/lib/apt/lists", dir()),
                ("/var/lib/apt/lists/deb_Packages", file("0123456789")),
                ("/root/.cache/pip/x", file("abc")),
                ("/app/x.pyc", file("compiled at 1")),
                ("/app/__pycache__/x.cpython-311.pyc", file("compiled at 1")),
            ],
        );
        let after = with(
            &b,
            &[
                ("/var/lib/apt/lists", dir()),
                ("/app/x.pyc", file("compiled at 2")),
                ("/app/__pycache__/x.cpython-311.pyc", file("compiled at 2")),
            ],
        );
        let expect = Expectations {
            applied: vec![("apt-lists".into(), declared("apt-lists").unwrap())],
            ..Expectations::default()
        };
        let r = check(&before, &b, &after, &b, &expect);
        assert_eq!(r.expected.len(), 1);
        let g = &r.expected[0];
        assert_eq!(
            (g.transform.as_str(), g.category),
            ("apt-lists", Category::Caches)
        );
        assert_eq!(
            g.count,
            Count {
                files: 1,
                bytes: 10
            }
        );
        assert_eq!(r.bytes.removed[&Category::Caches], 10);
        // The pip cache is not apt-lists' to remove; bytecode under __pycache__ is
        // volatile, a .pyc elsewhere is not.
        let paths: Vec<&str> = r.unexpected.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(paths, ["/app/x.pyc", "/root/.cache/pip/x"]);
        assert_eq!(r.volatile.files, 1);
    }

    #[test]
    fn a_split_may_leave_sources_and_packages_behind_but_not_the_binary() {
        let b = base();
        let mut before = with(
            &b,
            &[
                ("/src/main.go", file("package main")),
                ("/usr/local/bin/app", file("ELF 1")),
                ("/usr/lib/x86_64-linux-gnu/libssl.a", file("static")),
            ],
        );
        before.dpkg_lists.insert(
            "libssl-dev".into(),
            "/usr/lib/x86_64-linux-gnu/libssl.a\n".into(),
        );
        let after = with(&b, &[("/usr/local/bin/app", file("ELF 2"))]);
        let expect = Expectations {
            applied: vec![("split-stages".into(), declared("split-stages").unwrap())],
            copies: vec![ContextCopy {
                source: String::new(),
                dest: "/src".into(),
            }],
            ..Expectations::default()
        };
        let r = check(&before, &b, &after, &b, &expect);
        let cats: Vec<Category> = r.expected.iter().map(|g| g.category).collect();
        assert!(cats.contains(&Category::Toolchain), "{r:?}");
        assert!(cats.contains(&Category::Packages), "{r:?}");
        // A shipped binary that differs is never explained by a declaration.
        assert_eq!(
            r.unexpected,
            [Unexpected {
                path: "/usr/local/bin/app".into(),
                problem: "content".into()
            }]
        );
    }

    #[test]
    fn a_removed_package_owns_its_files_through_merged_usr_links() {
        // /lib is a link to usr/lib (merged /usr): a package listing
        // /lib/x86_64-linux-gnu/libexpat.so.1 owns /usr/lib/x86_64-linux-gnu/libexpat.so.1.
        let link = Entry {
            kind: FileType::Symlink,
            link: Some("usr/lib".into()),
            size: 0,
            hash: None,
            ..file("")
        };
        let b = with(&base(), &[("/lib", link)]);
        let mut before = with(
            &b,
            &[
                ("/usr/lib/x86_64-linux-gnu/libexpat.so.1", file("ELF")),
                ("/usr/lib/x86_64-linux-gnu/libother.so.1", file("ELF")),
            ],
        );
        before.dpkg_lists.insert(
            "libexpat1".into(),
            "/lib/x86_64-linux-gnu/libexpat.so.1\n".into(),
        );
        let after = b.clone();
        let expect = Expectations {
            applied: vec![(
                "apt-no-recommends".into(),
                declared("apt-no-recommends").unwrap(),
            )],
            ..Expectations::default()
        };
        let r = check(&before, &b, &after, &b, &expect);
        let paths: Vec<&str> = r.unexpected.iter().map(|u| u.path.as_str()).collect();
        // The package's file is explained; a file no removed package lists is not.
        assert_eq!(paths, ["/usr/lib/x86_64-linux-gnu/libother.so.1"]);
    }

    #[test]
    fn dev_purge_accounts_for_development_packages_alone() {
        // The purge may remove libdevel `-dev` packages (and transitional ones in
        // oldlibs); a library it took with them, or a `-dev` name in another section,
        // stays a difference.
        let b = base();
        let mut before = with(
            &b,
            &[
                ("/usr/include/png.h", file("h")),
                ("/usr/include/ft2build.h", file("h")),
                ("/usr/lib/libpng16.so.16", file("ELF")),
                ("/usr/include/python3.11/Python.h", file("h")),
            ],
        );
        for (pkg, path, section) in [
            ("libpng-dev", "/usr/include/png.h", "libdevel"),
            ("libfreetype6-dev", "/usr/include/ft2build.h", "oldlibs"),
            ("libpng16-16", "/usr/lib/libpng16.so.16", "libs"),
            (
                "python3.11-dev",
                "/usr/include/python3.11/Python.h",
                "python",
            ),
        ] {
            before.dpkg_lists.insert(pkg.into(), format!("{path}\n"));
            before.dpkg_sections.insert(pkg.into(), section.into());
        }
        let after = b.clone();
        let expect = Expectations {
            applied: vec![("dev-purge".into(), declared("dev-purge").unwrap())],
            ..Expectations::default()
        };
        let r = check(&before, &b, &after, &b, &expect);
        let paths: Vec<&str> = r.unexpected.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/usr/include/python3.11/Python.h",
                "/usr/lib/libpng16.so.16"
            ]
        );
        // Without the section database (an image without dpkg), nothing is accepted.
        before.dpkg_sections.clear();
        let r = check(&before, &b, &after, &b, &expect);
        assert_eq!(r.unexpected_count, 4);
    }

    #[test]
    fn ignored_context_files_are_expected_where_they_were_copied() {
        let b = base();
        let before = with(
            &b,
            &[
                ("/srv/app.sh", file("run")),
                ("/srv/.git/HEAD", file("ref")),
                ("/srv/conf/.git/HEAD", file("ref")),
            ],
        );
        let after = with(&b, &[("/srv/app.sh", file("run"))]);
        let expect = Expectations {
            applied: vec![("dockerignore".into(), declared("dockerignore").unwrap())],
            copies: vec![ContextCopy {
                source: String::new(),
                dest: "/srv".into(),
            }],
            ignore_after: Some(crate::context::pattern::IgnoreFile::parse(".git\n")),
            ..Expectations::default()
        };
        let r = check(&before, &b, &after, &b, &expect);
        assert_eq!(r.expected.len(), 1);
        assert_eq!(r.expected[0].examples, ["/srv/.git/HEAD"]);
        // `.git` names the top-level folder only, as BuildKit reads it.
        assert_eq!(r.unexpected[0].path, "/srv/conf/.git/HEAD");
    }

    #[test]
    fn an_etc_file_of_another_base_must_show_the_same_change() {
        let with_text = |t: &Tree, path: &str, text: &str| {
            let mut t = with(t, &[(path, file(text))]);
            t.etc.insert(path.to_string(), text.as_bytes().to_vec());
            t
        };
        let full = with_text(&base(), "/etc/group", "root:x:0:\nstaff:x:50:\n");
        let slim = with_text(&base(), "/etc/group", "root:x:0:\n");
        let before = with_text(&full, "/etc/group", "root:x:0:\nstaff:x:50:\napp:x:1000:\n");
        let good = with_text(&slim, "/etc/group", "root:x:0:\napp:x:1000:\n");
        let r = check(&before, &full, &good, &slim, &Expectations::default());
        assert_eq!((r.same_change.files, r.unexpected_count), (1, 0));
        // The user's group is missing: not the same change.
        let r = check(&before, &full, &slim, &slim, &Expectations::default());
        assert_eq!(r.unexpected[0].path, "/etc/group");
        // A backup shadow-utils made holds the base's version of the file.
        let backed_up = with_text(&before, "/etc/group-", "root:x:0:\nstaff:x:50:\n");
        let good = with_text(&good, "/etc/group-", "root:x:0:\n");
        let r = check(&backed_up, &full, &good, &slim, &Expectations::default());
        assert_eq!((r.same_change.files, r.unexpected_count), (2, 0));
        // The same base: the content itself must match.
        let other = with_text(&full, "/etc/group", "root:x:0:\napp:x:1000:\nstaff:x:50:\n");
        let r = check(&before, &full, &other, &full, &Expectations::default());
        assert_eq!(r.unexpected_count, 1);
    }

    #[test]
    fn files_that_differ_in_any_two_builds_are_checked_by_type_or_not_by_name() {
        let b = base();
        let before = with(
            &b,
            &[
                (
                    "/root/.cache/go-build/01/01ab-a",
                    file("v1 01ab 9f 12 1700000000"),
                ),
                ("/srv/repo/repodata/1111-primary.xml.gz", file("one")),
                ("/srv/repo/greeting.rpm", file("built at 1")),
            ],
        );
        let after = with(
            &b,
            &[
                (
                    "/root/.cache/go-build/01/01ab-a",
                    file("v1 01ab 9f 12 1700000042"),
                ),
                ("/srv/repo/repodata/2222-primary.xml.gz", file("two")),
                ("/srv/repo/greeting.rpm", file("built at 2")),
            ],
        );
        let r = check(&before, &b, &after, &b, &Expectations::default());
        assert_eq!(r.unexpected_count, 0, "{:?}", r.unexpected);
        assert_eq!(r.volatile.files, 3);
        // A volatile file that is gone is still a difference where names are stable.
        let gone = with(
            &b,
            &[("/srv/repo/repodata/2222-primary.xml.gz", file("two"))],
        );
        let r = check(&before, &b, &gone, &b, &Expectations::default());
        let paths: Vec<&str> = r.unexpected.iter().map(|u| u.path.as_str()).collect();
        assert!(paths.contains(&"/srv/repo/greeting.rpm"), "{paths:?}");
        assert!(!paths.contains(&"/srv/repo/repodata/1111-primary.xml.gz"));
    }

    #[test]
    fn every_transform_declares_what_it_removes() {
        for t in crate::transform::registry() {
            assert!(
                declared(t.id()).is_some(),
                "transforms/{}/verify.toml is missing from files::declared",
                t.id()
            );
        }
        assert!(!volatile().paths.is_empty());
    }
}
