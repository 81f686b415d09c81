//! Atomic in-place writes.

use std::io::Write;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("the file changed since it was read; not overwritten")]
    Changed,
    #[error("read-only file; not overwritten")]
    ReadOnly,
    #[error("cannot write: {0}")]
    Io(#[from] std::io::Error),
}

/// A change written to its temporary file in the target's directory, with the target's
/// permissions and owner, and not yet in place: [`commit`] puts a batch of them in place.
struct Prepared<'a> {
    /// The temporary file, closed: a batch of any size holds no descriptor open.
    tmp: tempfile::TempPath,
    path: &'a Path,
    /// What the file must still hold (None: it must not exist).
    expected: Option<&'a [u8]>,
    /// The filesystem it is on (one sync covers a filesystem).
    device: u64,
}

#[cfg(unix)]
fn device(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::dev(meta)
}

#[cfg(not(unix))]
fn device(_: &std::fs::Metadata) -> u64 {
    0
}

fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

const TEMP_PREFIX: &str = ".dockerlean-";
const TEMP_SUFFIX: &str = ".tmp";

/// Whether a file name is one of the temporary files written here: `fix --write`
/// writes a chunk of files while it reads the next one's build contexts, which must
/// not see them.
pub fn is_temporary(name: &str) -> bool {
    name.len() > TEMP_PREFIX.len() + TEMP_SUFFIX.len()
        && name.starts_with(TEMP_PREFIX)
        && name.ends_with(TEMP_SUFFIX)
}

/// Writes `content` to a temporary file in `dir`, with `like`'s permissions and owner,
/// and closes it. Where there is no `syncfs` it is synced here, file by file.
fn temp_in(
    dir: &Path,
    content: &[u8],
    like: Option<&std::fs::Metadata>,
) -> Result<tempfile::TempPath, WriteError> {
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    tmp.write_all(content)?;
    if let Some(meta) = like {
        tmp.as_file().set_permissions(meta.permissions())?;
        keep_owner(tmp.as_file(), meta);
    }
    if !cfg!(target_os = "linux") {
        tmp.as_file().sync_all()?;
    }
    Ok(tmp.into_temp_path())
}

/// Prepares replacing `path`, which holds `expected`, with `new`.
fn prepare_replace<'a>(
    path: &'a Path,
    expected: &'a [u8],
    new: &[u8],
) -> Result<Prepared<'a>, WriteError> {
    let meta = std::fs::metadata(path)?;
    // A read-only file says "do not edit" (root could rename over it anyway).
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    Ok(Prepared {
        tmp: temp_in(dir_of(path), new, Some(&meta))?,
        path,
        expected: Some(expected),
        device: device(&meta),
    })
}

/// Prepares creating `path` with `content` (it must not exist then).
fn prepare_create<'a>(path: &'a Path, content: &[u8]) -> Result<Prepared<'a>, WriteError> {
    let dir = dir_of(path);
    Ok(Prepared {
        tmp: temp_in(dir, content, None)?,
        path,
        expected: None,
        device: device(&std::fs::metadata(dir)?),
    })
}

/// A file to replace: its path, what it must still hold, what to write.
pub type Replacement<'a> = (&'a Path, &'a [u8], &'a [u8]);

/// Replaces each `path`, which holds `expected`, with `new`: all written to temporary
/// files (on [`IO_THREADS`] threads), then put in place together by [`commit`]. The
/// outcome of each, in order.
pub fn replace_all(changes: Vec<Replacement<'_>>) -> Vec<Result<(), WriteError>> {
    commit(in_threads(changes, |(path, expected, new)| {
        prepare_replace(path, expected, new)
    }))
}

/// Puts prepared changes in place, each by a rename after a last check that the target
/// did not change meanwhile: the contents are made durable before any rename, and the
/// renames after. On Linux that is one `syncfs` per filesystem before and one after,
/// for the whole batch: a per-file fsync of the file and of its directory made `--write`
/// twice as slow as `--check`. The outcome of each, in order; on any error the target
/// stays as it was.
fn commit(batch: Vec<Result<Prepared<'_>, WriteError>>) -> Vec<Result<(), WriteError>> {
    // What to sync: one directory per filesystem where syncfs covers it, else each.
    let mut dirs: Vec<(&Path, u64)> = Vec::new();
    for p in batch.iter().flatten() {
        let dir = dir_of(p.path);
        let seen = dirs.iter().any(|&(d, dev)| {
            if cfg!(target_os = "linux") {
                dev == p.device
            } else {
                d == dir
            }
        });
        if !seen {
            dirs.push((dir, p.device));
        }
    }
    let synced = sync_dirs(&dirs);
    let put = |p: Result<Prepared<'_>, WriteError>| -> Result<(), WriteError> {
        let p = p?;
        synced
            .as_ref()
            .map_err(|e| WriteError::Io(std::io::Error::new(e.kind(), e.to_string())))?;
        // Last check before the rename: another program may have written the file.
        match p.expected {
            Some(expected) => {
                if std::fs::read(p.path)? != expected {
                    return Err(WriteError::Changed);
                }
                p.tmp.persist(p.path).map_err(|e| WriteError::Io(e.error))?;
            }
            None => {
                p.tmp
                    .persist_noclobber(p.path)
                    .map_err(|e| WriteError::Io(e.error))?;
            }
        }
        Ok(())
    };
    let out = in_threads(batch, put);
    // The renames made durable; a failure here loses nothing, so it is not an error.
    let _ = sync_dirs(&dirs);
    out
}

/// How many files are written, or renamed, at once. Both wait on the filesystem more
/// than they compute: a rename over a file frees the old file's blocks, and where the
/// filesystem discards freed blocks at once (ext4 without a journal, mounted with
/// `discard`) that waits on the device, about 130 µs a file on the machine the figures
/// come from. The waits overlap, so more threads than cores help: there, 8 threads put
/// a batch in place 2.5 times faster than one.
const IO_THREADS: usize = 8;

/// `f` of each item on the [`IO_THREADS`] threads of a pool of their own (the global
/// one computes the next chunk meanwhile), the outcomes in the items' order.
fn in_threads<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(IO_THREADS)
            .thread_name(|i| format!("dockerlean-io-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(|| items.into_par_iter().map(f).collect()),
        // No threads to be had: one after the other.
        None => items.into_iter().map(f).collect(),
    }
}

/// Makes what was written in `dirs` durable: on Linux a `syncfs` of each one's
/// filesystem (the temporary files' contents, then the renames); elsewhere an fsync of
/// each directory (the files were synced when written).
fn sync_dirs(dirs: &[(&Path, u64)]) -> std::io::Result<()> {
    for (d, _) in dirs {
        let f = std::fs::File::open(d)?;
        #[cfg(target_os = "linux")]
        rustix::fs::syncfs(&f)?;
        #[cfg(not(target_os = "linux"))]
        f.sync_all()?;
    }
    Ok(())
}

/// Replaces `path` with `new` if it still holds `expected` (a batch of one).
pub fn atomic_replace(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    commit(vec![prepare_replace(path, expected, new)])
        .pop()
        .expect("one outcome per change")
}

/// Creates `path` with `content`, failing if it already exists.
pub fn atomic_create(path: &Path, content: &[u8]) -> Result<(), WriteError> {
    commit(vec![prepare_create(path, content)])
        .pop()
        .expect("one outcome per change")
}

#[cfg(unix)]
fn keep_owner(file: &std::fs::File, meta: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    // Only root can give a file away; for others the owner is already theirs.
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_: &std::fs::File, _: &std::fs::Metadata) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_keeps_the_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("Dockerfile");
        std::fs::write(&p, b"old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        atomic_replace(&p, b"old", b"new").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn a_batch_writes_each_file_or_leaves_it_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = |n: &str| dir.path().join(n);
        std::fs::write(path("a"), b"old a").unwrap();
        std::fs::write(path("b"), b"old b").unwrap();
        std::fs::write(path("exists"), b"mine").unwrap();
        let (a, b, c, e) = (path("a"), path("b"), path("new"), path("exists"));
        let batch = vec![
            prepare_replace(&a, b"old a", b"new a"),
            prepare_replace(&b, b"old b", b"new b"),
            prepare_create(&c, b"created"),
            prepare_create(&e, b"clobbered"),
        ];
        // Another program writes b after it was read and prepared.
        std::fs::write(&b, b"edited meanwhile").unwrap();
        let out = commit(batch);
        assert!(out[0].is_ok() && out[2].is_ok());
        assert!(matches!(out[1], Err(WriteError::Changed)));
        assert!(out[3].is_err());
        assert_eq!(std::fs::read(&a).unwrap(), b"new a");
        assert_eq!(std::fs::read(&b).unwrap(), b"edited meanwhile");
        assert_eq!(std::fs::read(&c).unwrap(), b"created");
        assert_eq!(std::fs::read(&e).unwrap(), b"mine");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            4,
            "no temporary file left"
        );
    }

    #[test]
    fn refuses_a_file_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("Dockerfile");
        std::fs::write(&p, b"edited by someone else").unwrap();
        let e = atomic_replace(&p, b"what we read", b"new").unwrap_err();
        assert!(matches!(e, WriteError::Changed));
        assert_eq!(std::fs::read(&p).unwrap(), b"edited by someone else");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn refuses_a_read_only_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("Dockerfile");
        std::fs::write(&p, b"old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
        assert!(matches!(
            atomic_replace(&p, b"old", b"new"),
            Err(WriteError::ReadOnly)
        ));
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn threads_keep_the_order() {
        let items: Vec<usize> = (0..1_000).collect();
        let out = in_threads(items, |n| n * 2);
        assert_eq!(out, (0..1_000).map(|n| n * 2).collect::<Vec<_>>());
        assert_eq!(in_threads(vec![3, 1], |n| n + 1), vec![4, 2]);
    }

    #[test]
    fn temporary_files_are_known_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = temp_in(dir.path(), b"x", None).unwrap();
        let name = tmp.file_name().unwrap().to_str().unwrap().to_string();
        assert!(is_temporary(&name), "{name}");
        for other in ["Dockerfile", ".dockerlean-.tmp", ".dockerlean-x", "x.tmp"] {
            assert!(!is_temporary(other), "{other}");
        }
    }

    #[test]
    fn create_does_not_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(".dockerignore");
        atomic_create(&p, b"a\n").unwrap();
        assert!(atomic_create(&p, b"b\n").is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"a\n");
    }
}
