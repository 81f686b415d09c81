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

/// Replaces `path` with `new` if it still holds `expected`: the bytes go to a temporary
/// file in the same directory, are synced, take the original's permissions, and replace
/// the original by a rename. On any error the original stays as it was.
pub fn atomic_replace(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let meta = std::fs::metadata(path)?;
    // A read-only file says "do not edit" (root could rename over it anyway).
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".dockerlean-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(new)?;
    tmp.as_file().sync_all()?;
    tmp.as_file().set_permissions(meta.permissions())?;
    keep_owner(tmp.as_file(), &meta);
    // Last check before the rename: another program may have written the file.
    if std::fs::read(path)? != expected {
        return Err(WriteError::Changed);
    }
    tmp.persist(path).map_err(|e| WriteError::Io(e.error))?;
    sync_dir(dir);
    Ok(())
}

/// Makes the rename durable; a failure here loses nothing, so it is not an error.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Creates `path` with `content`, failing if it already exists.
pub fn atomic_create(path: &Path, content: &[u8]) -> Result<(), WriteError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".dockerlean-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(content)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path)
        .map_err(|e| WriteError::Io(e.error))?;
    Ok(())
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
    fn create_does_not_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(".dockerignore");
        atomic_create(&p, b"a\n").unwrap();
        assert!(atomic_create(&p, b"b\n").is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"a\n");
    }
}
