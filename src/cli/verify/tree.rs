//! An image's file tree as `compare` verifies it: for every path, its type, mode, owner,
//! link target and a content hash. Read from a mounted root (buildah, podman) or from a
//! tar stream (`docker export`); regular files are hashed in parallel.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

/// What kind of file a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileType {
    File,
    Dir,
    Symlink,
    Char,
    Block,
    Fifo,
    Socket,
}

/// One path of a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: FileType,
    /// Permission bits with setuid, setgid and sticky (`mode & 0o7777`).
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    /// Bytes of content (regular files; 0 otherwise).
    pub size: u64,
    /// BLAKE3 of the content (regular files).
    pub hash: Option<[u8; 32]>,
    /// The target of a symlink, or the device numbers of a device.
    pub link: Option<String>,
    /// Modification time in seconds: never compared between the two images (each build
    /// writes its own), only between an image and its own base, see [`Tree::hash`].
    pub mtime: i64,
}

impl Entry {
    /// How `other` differs from this entry: the first of type, content, link, mode, owner.
    pub fn difference(&self, other: &Entry) -> Option<&'static str> {
        if self.kind != other.kind {
            Some("type")
        } else if self.hash != other.hash {
            Some("content")
        } else if self.link != other.link {
            Some("link target")
        } else if self.mode != other.mode {
            Some("mode")
        } else if (self.uid, self.gid) != (other.uid, other.gid) {
            Some("owner")
        } else {
            None
        }
    }
}

/// Paths (absolute, `/usr/bin/x`) to entries, and the content of the files `compare`
/// reads besides hashing them: dpkg's lists of the files each package installed.
#[derive(Debug, Default, Clone)]
pub struct Tree {
    pub entries: BTreeMap<String, Entry>,
    /// `/var/lib/dpkg/info/<package>.list` contents, by package (arch suffix dropped).
    pub dpkg_lists: BTreeMap<String, String>,
    /// Each installed package's Debian section (`libdevel`), from `/var/lib/dpkg/status`:
    /// a declaration may accept only the removal of packages of some sections.
    pub dpkg_sections: BTreeMap<String, String>,
    /// The content of the small files under `/etc` (users, groups, settings): when the
    /// two base images hold different versions of one, the check compares the lines
    /// the instructions added and removed instead of the content.
    pub etc: BTreeMap<String, Vec<u8>>,
    /// Where a mounted tree's files are, for hashing them when asked.
    pub root: Option<std::path::PathBuf>,
}

/// The files whose content a tree keeps (see [`Tree::etc`]).
fn keeps_text(path: &str, size: u64) -> bool {
    path.starts_with("/etc/") && size <= 256 * 1024
}

/// Why a tree could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the image's file stream is not a tar archive: {0}")]
    Tar(std::io::Error),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> TreeError + '_ {
    move |source| TreeError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// dpkg's database of the installed packages (dpkg(1), "FILES").
const DPKG_STATUS: &str = "/var/lib/dpkg/status";

/// Whether a tree keeps the content of `path` (besides hashing it).
fn kept(path: &str, size: u64) -> bool {
    dpkg_list_package(path).is_some() || path == DPKG_STATUS || keeps_text(path, size)
}

/// Package name to section, from a dpkg status file: the stanzas' `Package:` and
/// `Section:` fields (a section of another component, `contrib/libdevel`, by its last
/// part).
fn dpkg_sections(status: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for stanza in status.split("\n\n") {
        let field = |name: &str| {
            stanza
                .lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
                .map(str::trim)
        };
        if let (Some(p), Some(s)) = (field("Package"), field("Section")) {
            out.insert(p.to_string(), s.rsplit('/').next().unwrap_or(s).to_string());
        }
    }
    out
}

/// The package a dpkg list file is for (`libc6:amd64.list` -> `libc6`).
fn dpkg_list_package(path: &str) -> Option<&str> {
    let name = path
        .strip_prefix("/var/lib/dpkg/info/")?
        .strip_suffix(".list")?;
    (!name.contains('/')).then(|| name.split(':').next().unwrap_or(name))
}

impl Tree {
    /// Reads the tree under `root` (a mounted image) and hashes every file.
    pub fn read_dir(root: &Path) -> Result<Tree, TreeError> {
        let mut t = Tree::scan_dir(root)?;
        let all: Vec<String> = t.entries.keys().cloned().collect();
        t.hash(all.iter().map(String::as_str))?;
        Ok(t)
    }

    /// Reads the entries under `root` (a mounted image) without following symlinks,
    /// hashing nothing but the files it keeps (see [`Tree::etc`]): [`Tree::hash`] hashes
    /// the ones a check needs.
    pub fn scan_dir(root: &Path) -> Result<Tree, TreeError> {
        use std::os::unix::fs::{FileTypeExt, MetadataExt};
        let mut found: Vec<(String, std::fs::Metadata)> = Vec::new();
        let mut stack = vec![String::new()];
        while let Some(rel) = stack.pop() {
            let dir = root.join(rel.trim_start_matches('/'));
            for e in std::fs::read_dir(&dir).map_err(io(&dir))? {
                let e = e.map_err(io(&dir))?;
                let path = format!("{rel}/{}", e.file_name().to_string_lossy());
                let meta = e.metadata().map_err(io(&e.path()))?;
                if meta.is_dir() {
                    stack.push(path.clone());
                }
                found.push((path, meta));
            }
        }
        let entries: Result<Vec<Scanned>, TreeError> = found
            .into_par_iter()
            .map(|(path, meta)| {
                let ft = meta.file_type();
                let kind = if ft.is_file() {
                    FileType::File
                } else if ft.is_dir() {
                    FileType::Dir
                } else if ft.is_symlink() {
                    FileType::Symlink
                } else if ft.is_char_device() {
                    FileType::Char
                } else if ft.is_block_device() {
                    FileType::Block
                } else if ft.is_fifo() {
                    FileType::Fifo
                } else {
                    FileType::Socket
                };
                let full = root.join(path.trim_start_matches('/'));
                let (mut hash, mut link, mut keep) = (None, None, None);
                match kind {
                    FileType::File if kept(&path, meta.len()) => {
                        let bytes = std::fs::read(&full).map_err(io(&full))?;
                        hash = Some(*blake3::hash(&bytes).as_bytes());
                        keep = Some(bytes);
                    }
                    FileType::Symlink => {
                        let t = std::fs::read_link(&full).map_err(io(&full))?;
                        link = Some(t.to_string_lossy().into_owned());
                    }
                    FileType::Char | FileType::Block => link = Some(device(meta.rdev())),
                    _ => {}
                }
                let entry = Entry {
                    kind,
                    mode: meta.mode() & 0o7777,
                    uid: meta.uid().into(),
                    gid: meta.gid().into(),
                    size: if kind == FileType::File {
                        meta.len()
                    } else {
                        0
                    },
                    hash,
                    link,
                    mtime: meta.mtime(),
                };
                Ok((path, entry, keep))
            })
            .collect();
        let mut tree = Tree {
            root: Some(root.to_path_buf()),
            ..Tree::default()
        };
        for (path, entry, keep) in entries? {
            if let Some(bytes) = keep {
                tree.keep(&path, bytes);
            }
            tree.entries.insert(path, entry);
        }
        Ok(tree)
    }

    /// Hashes the regular files among `paths` not hashed yet, in parallel (a mounted
    /// tree; a tar stream's are hashed as it is read).
    pub fn hash<'p>(&mut self, paths: impl Iterator<Item = &'p str>) -> Result<(), TreeError> {
        let Some(root) = self.root.clone() else {
            return Ok(());
        };
        let todo: Vec<&'p str> = paths
            .filter(|p| {
                self.entries
                    .get(*p)
                    .is_some_and(|e| e.kind == FileType::File && e.hash.is_none())
            })
            .collect();
        let hashed: Result<Vec<(&str, [u8; 32])>, TreeError> = todo
            .into_par_iter()
            .map(|p| {
                let full = root.join(p.trim_start_matches('/'));
                let f = std::fs::File::open(&full).map_err(io(&full))?;
                let mut h = blake3::Hasher::new();
                h.update_reader(f).map_err(io(&full))?;
                Ok((p, *h.finalize().as_bytes()))
            })
            .collect();
        for (p, h) in hashed? {
            if let Some(e) = self.entries.get_mut(p) {
                e.hash = Some(h);
            }
        }
        Ok(())
    }

    /// Reads a flattened tree from a tar stream (`docker export`), hashing as it reads.
    /// Hard links take their target's entry.
    pub fn read_tar(stream: impl Read) -> Result<Tree, TreeError> {
        use tar::EntryType;
        let mut tree = Tree::default();
        let mut hardlinks: Vec<(String, String)> = Vec::new();
        let mut archive = tar::Archive::new(stream);
        for e in archive.entries().map_err(TreeError::Tar)? {
            let mut e = e.map_err(TreeError::Tar)?;
            let raw = e
                .path()
                .map_err(TreeError::Tar)?
                .to_string_lossy()
                .into_owned();
            let path = normal(&raw);
            if path == "/" {
                continue;
            }
            let h = e.header();
            let mode = h.mode().map_err(TreeError::Tar)? & 0o7777;
            let uid = h.uid().map_err(TreeError::Tar)?;
            let gid = h.gid().map_err(TreeError::Tar)?;
            let mtime = h.mtime().unwrap_or(0) as i64;
            let link_name = || -> Result<Option<String>, TreeError> {
                Ok(e.link_name()
                    .map_err(TreeError::Tar)?
                    .map(|l| l.to_string_lossy().into_owned()))
            };
            let (kind, link) = match h.entry_type() {
                EntryType::Regular | EntryType::Continuous => (FileType::File, None),
                EntryType::Directory => (FileType::Dir, None),
                EntryType::Symlink => (FileType::Symlink, link_name()?),
                EntryType::Link => {
                    if let Some(target) = link_name()? {
                        hardlinks.push((path, normal(&target)));
                    }
                    continue;
                }
                EntryType::Char | EntryType::Block => {
                    let dev = format!(
                        "{},{}",
                        h.device_major().ok().flatten().unwrap_or(0),
                        h.device_minor().ok().flatten().unwrap_or(0)
                    );
                    let kind = if h.entry_type() == EntryType::Char {
                        FileType::Char
                    } else {
                        FileType::Block
                    };
                    (kind, Some(dev))
                }
                EntryType::Fifo => (FileType::Fifo, None),
                _ => continue,
            };
            let (mut size, mut hash) = (0, None);
            if kind == FileType::File {
                let mut hasher = blake3::Hasher::new();
                let declared = h.size().unwrap_or(u64::MAX);
                if kept(&path, declared) {
                    let mut bytes = Vec::new();
                    e.read_to_end(&mut bytes).map_err(TreeError::Tar)?;
                    hasher.update(&bytes);
                    size = bytes.len() as u64;
                    tree.keep(&path, bytes);
                } else {
                    size = std::io::copy(&mut e, &mut hasher).map_err(TreeError::Tar)?;
                }
                hash = Some(*hasher.finalize().as_bytes());
            }
            tree.entries.insert(
                path,
                Entry {
                    kind,
                    mode,
                    uid,
                    gid,
                    size,
                    hash,
                    link,
                    mtime,
                },
            );
        }
        for (path, target) in hardlinks {
            if let Some(t) = tree.entries.get(&target).cloned() {
                tree.entries.insert(path, t);
            }
        }
        Ok(tree)
    }

    fn keep(&mut self, path: &str, bytes: Vec<u8>) {
        if path == DPKG_STATUS {
            self.dpkg_sections = dpkg_sections(&String::from_utf8_lossy(&bytes));
            return;
        }
        match dpkg_list_package(path) {
            Some(pkg) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                self.dpkg_lists.insert(pkg.to_string(), text);
            }
            None => {
                self.etc.insert(path.to_string(), bytes);
            }
        }
    }

    /// The total bytes of the regular files.
    pub fn bytes(&self) -> u64 {
        self.entries.values().map(|e| e.size).sum()
    }
}

/// A device's numbers as a tar header gives them, `major,minor`.
#[cfg(target_os = "linux")]
fn device(rdev: u64) -> String {
    format!("{},{}", rustix::fs::major(rdev), rustix::fs::minor(rdev))
}

/// Images are mounted on Linux only; elsewhere the number stands whole.
#[cfg(not(target_os = "linux"))]
fn device(rdev: u64) -> String {
    rdev.to_string()
}

/// One path read by [`Tree::scan_dir`], with the content it keeps.
type Scanned = (String, Entry, Option<Vec<u8>>);

/// `./usr/bin/` -> `/usr/bin`.
fn normal(p: &str) -> String {
    format!("/{}", crate::context::pattern::clean(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_directory_and_its_tar_read_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("app/bin")).unwrap();
        std::fs::write(root.join("app/bin/run"), "#!/bin/sh\necho hi\n").unwrap();
        std::fs::set_permissions(
            root.join("app/bin/run"),
            std::fs::Permissions::from_mode(0o4755),
        )
        .unwrap();
        std::os::unix::fs::symlink("bin/run", root.join("app/run")).unwrap();
        std::fs::create_dir_all(root.join("var/lib/dpkg/info")).unwrap();
        std::fs::write(
            root.join("var/lib/dpkg/info/curl:amd64.list"),
            "/usr/bin/curl\n",
        )
        .unwrap();
        std::fs::write(
            root.join("var/lib/dpkg/status"),
            "Package: curl\nStatus: install ok installed\nSection: web\n\n\
             Package: libpng-dev\nArchitecture: amd64\nSection: libdevel\nDescription: x\n y: z\n\n\
             Package: libx-dev\nSection: contrib/libdevel\n",
        )
        .unwrap();

        let from_dir = Tree::read_dir(&root).unwrap();
        let run = &from_dir.entries["/app/bin/run"];
        assert_eq!((run.kind, run.mode, run.size), (FileType::File, 0o4755, 18));
        assert_eq!(
            from_dir.entries["/app/run"].link.as_deref(),
            Some("bin/run")
        );
        assert_eq!(from_dir.dpkg_lists["curl"], "/usr/bin/curl\n");
        let sections: Vec<(&str, &str)> = from_dir
            .dpkg_sections
            .iter()
            .map(|(p, s)| (p.as_str(), s.as_str()))
            .collect();
        assert_eq!(
            sections,
            [
                ("curl", "web"),
                ("libpng-dev", "libdevel"),
                ("libx-dev", "libdevel")
            ]
        );
        assert!(!from_dir.etc.contains_key("/var/lib/dpkg/status"));

        let tar = dir.path().join("t.tar");
        let ok = std::process::Command::new("tar")
            .args([
                "-C",
                root.to_str().unwrap(),
                "-cf",
                tar.to_str().unwrap(),
                ".",
            ])
            .status()
            .unwrap();
        assert!(ok.success());
        let from_tar = Tree::read_tar(std::fs::File::open(&tar).unwrap()).unwrap();
        assert_eq!(from_tar.entries, from_dir.entries);
        assert_eq!(from_tar.dpkg_lists, from_dir.dpkg_lists);
        assert_eq!(from_tar.dpkg_sections, from_dir.dpkg_sections);
    }

    /// A mounted device reads as a tar header gives it, minors over 255 included.
    #[cfg(target_os = "linux")]
    #[test]
    fn device_numbers_read_as_tar_gives_them() {
        assert_eq!(device(rustix::fs::makedev(1, 3)), "1,3");
        assert_eq!(device(rustix::fs::makedev(259, 300)), "259,300");
    }

    #[test]
    fn hard_links_take_their_targets_entry_and_bad_streams_are_errors() {
        let mut b = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_gnu();
        h.set_size(3);
        h.set_mode(0o644);
        h.set_entry_type(tar::EntryType::Regular);
        h.set_uid(0);
        h.set_gid(0);
        b.append_data(&mut h, "usr/bin/a", &b"abc"[..]).unwrap();
        let mut l = tar::Header::new_gnu();
        l.set_entry_type(tar::EntryType::Link);
        l.set_size(0);
        l.set_mode(0o644);
        l.set_uid(0);
        l.set_gid(0);
        b.append_link(&mut l, "usr/bin/b", "usr/bin/a").unwrap();
        let t = Tree::read_tar(&b.into_inner().unwrap()[..]).unwrap();
        assert_eq!(t.entries["/usr/bin/b"], t.entries["/usr/bin/a"]);
        assert_eq!(t.bytes(), 6);
        assert!(Tree::read_tar(&b"not a tar archive at all, just some bytes"[..]).is_err());
    }
}
