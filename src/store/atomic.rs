//! The one way sitrep writes a file (`export`, `import`, `gen -o`, `brief -o`, the browser's
//! export): through a temporary file beside the target, then a rename, so the target is
//! either left alone or replaced whole. One guarantee for all of them:
//! - without `force`, a file that exists is never replaced, also when it appears while
//!   writing (the temporary file is linked into place, which fails if the name is taken);
//! - a new file gets the permissions the umask gives, as any program's would (a temporary
//!   file alone would be 0600); a file replaced with `force` keeps its mode.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: exists; use --force to overwrite", .0.display())]
    Exists(PathBuf),
    // Not a `source`: the message already says it, and error chains would say it twice.
    #[error("{}: {error}", path.display())]
    Io { path: PathBuf, error: io::Error },
}

/// Writes `path` through a megabyte buffer (see [`write_file_atomic_unbuffered`]).
pub fn write_file_atomic(
    path: &Path,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    write_file_atomic_unbuffered(path, force, |file| {
        let mut w = BufWriter::with_capacity(1 << 20, file);
        write(&mut w)?;
        w.flush()
    })
}

/// Writes `path` atomically with the guarantee above; `write` gets the temporary file
/// itself, for writers that already write in large pieces.
pub fn write_file_atomic_unbuffered(
    path: &Path,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let io_err = |error: io::Error| WriteError::Io {
        path: path.to_path_buf(),
        error,
    };
    // Checked first so a long write is not wasted; checked again, atomically, at the end.
    let existing = std::fs::symlink_metadata(path).ok();
    if !force && existing.is_some() {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".sitrep-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created with 0666 and so masked by the umask, like any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir).map_err(|e| {
        // tempfile's own message repeats its random name; say where instead.
        let cause = match e.kind() {
            // /proc and the like exist but refuse new files with ENOENT.
            io::ErrorKind::NotFound if dir.is_dir() => {
                "this directory does not take new files".to_string()
            }
            io::ErrorKind::NotFound => "no such directory".to_string(),
            io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            other => other.to_string(),
        };
        io_err(io::Error::new(
            e.kind(),
            format!("cannot create a file in {}: {cause}", dir.display()),
        ))
    })?;
    {
        let mut file = tmp.as_file();
        write(&mut file).map_err(io_err)?;
    }
    tmp.as_file().sync_all().map_err(io_err)?;
    if force {
        // A replaced file keeps its mode (a private 0600 store stays private).
        if let Ok(old) = std::fs::metadata(path) {
            tmp.as_file()
                .set_permissions(old.permissions())
                .map_err(io_err)?;
        }
        tmp.persist(path).map_err(|e| io_err(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == io::ErrorKind::AlreadyExists {
                WriteError::Exists(path.to_path_buf())
            } else {
                io_err(e.error)
            }
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        write_file_atomic(&p, false, |w| w.write_all(b"first")).unwrap();
        let again = write_file_atomic(&p, false, |w| w.write_all(b"second"));
        assert!(matches!(again, Err(WriteError::Exists(_))));
        // A failing writer leaves the old file whole.
        let failed = write_file_atomic(&p, true, |_| Err(io::Error::other("disk full")));
        let nowhere = write_file_atomic(&dir.path().join("no/such/dir.csv"), false, |_| Ok(()));
        let msg = nowhere.unwrap_err().to_string();
        assert!(msg.ends_with("no/such: no such directory"), "{msg}");
        let proc = write_file_atomic(Path::new("/proc/self/x"), false, |_| Ok(()));
        let msg = proc.unwrap_err().to_string();
        assert!(
            !msg.contains("no such directory"),
            "/proc/self exists: {msg}"
        );
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"first");
        write_file_atomic(&p, true, |w| w.write_all(b"second")).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"second");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    fn a_file_that_appears_while_writing_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        let r = write_file_atomic(&p, false, |w| {
            std::fs::write(&p, b"theirs")?;
            w.write_all(b"ours")
        });
        assert!(matches!(r, Err(WriteError::Exists(_))), "{r:?}");
        assert_eq!(std::fs::read(&p).unwrap(), b"theirs");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_follow_the_umask_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let umask = current_umask();
        let p = dir.path().join("new.csv");
        write_file_atomic(&p, false, |w| w.write_all(b"x")).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !umask, "umask {umask:o}");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_file_atomic(&p, true, |w| w.write_all(b"y")).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    /// The process umask, read without changing it (Linux shows it in /proc).
    #[cfg(unix)]
    fn current_umask() -> u32 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("Umask:")).unwrap();
        u32::from_str_radix(line[6..].trim(), 8).unwrap()
    }
}
