//! `sitrep cache`'s share: the snapshots in a directory, listed or removed.

use std::path::{Path, PathBuf};

use super::{file, joined, stamp};

/// One snapshot in the cache directory, for `sitrep cache --list`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    pub file: PathBuf,
    pub bytes: u64,
    /// The source it was made from (empty when the file is unreadable).
    pub source: String,
    pub incidents: u64,
    pub created_secs: u64,
    /// "fresh", "stale", "source missing", or why the file cannot be used.
    pub state: String,
}

/// The snapshots in `dir`, by file name; a joined one is fresh only if it was matched with
/// `crosswalk` (the one in effect) by this build.
pub fn list(
    dir: &Path,
    crosswalk: &crate::store::crosswalk::Crosswalk,
) -> std::io::Result<Vec<Entry>> {
    let mut out = Vec::new();
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e),
    };
    for entry in rd.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "snap") {
            continue;
        }
        let bytes = entry.metadata().map_or(0, |m| m.len());
        let e = match file::open(&path) {
            Ok(m) if joined::is_joined(&m.source_path()) => {
                let parts = joined::parse(&m.source_path()).unwrap_or_default();
                let state = match m.readable() {
                    Err(why) => why,
                    Ok(()) if parts.is_empty() => "corrupt (the parts' list is unreadable)".into(),
                    Ok(()) => match joined::state(&parts) {
                        fresh
                            if fresh == "fresh"
                                && joined::identity(&parts, crosswalk) != m.footer.source =>
                        {
                            "stale (matched with another crosswalk or by another build)".into()
                        }
                        state => state,
                    },
                };
                Entry {
                    file: path,
                    bytes,
                    source: parts
                        .iter()
                        .map(|p| p.path.as_str())
                        .collect::<Vec<_>>()
                        .join(" + "),
                    incidents: m.footer.incidents,
                    created_secs: m.footer.created_secs,
                    state,
                }
            }
            Ok(m) => {
                let source = m.source_path();
                let state = match (m.readable(), stamp(Path::new(&source))) {
                    (Err(why), _) => why,
                    (Ok(()), None) => "source missing".to_string(),
                    (Ok(()), Some(s))
                        if s.size == m.footer.source.size
                            && s.mtime_ns == m.footer.source.mtime_ns =>
                    {
                        "fresh".to_string()
                    }
                    (Ok(()), Some(_)) => "stale".to_string(),
                };
                Entry {
                    file: path,
                    bytes,
                    source,
                    incidents: m.footer.incidents,
                    created_secs: m.footer.created_secs,
                    state,
                }
            }
            Err(why) => Entry {
                file: path,
                bytes,
                source: String::new(),
                incidents: 0,
                created_secs: 0,
                state: why,
            },
        };
        out.push(e);
    }
    out.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(out)
}

/// A snapshot being written is a temporary file written to all the time; one left alone
/// this long was left by a writer that was killed.
pub const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

fn is_temporary(name: &str) -> bool {
    name.starts_with(".sitrep-") && name.ends_with(".tmp")
}

/// Removes the temporary files in `dir` that killed writers left (not written to for
/// `older_than`); returns how many. Done before each snapshot is written, so that a cache
/// directory does not fill with half snapshots of browsers closed while they wrote.
pub fn sweep_abandoned(dir: &Path, older_than: std::time::Duration) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    rd.flatten()
        .filter(|e| is_temporary(&e.file_name().to_string_lossy()))
        .filter(|e| {
            let modified = e.metadata().and_then(|m| m.modified());
            modified.is_ok_and(|m| now.duration_since(m).is_ok_and(|age| age >= older_than))
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// Removes every snapshot in `dir` (and temporary files a killed writer left); returns the
/// number of snapshots removed and their bytes.
pub fn clear(dir: &Path) -> std::io::Result<(usize, u64)> {
    let (mut n, mut bytes) = (0, 0);
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((0, 0)),
        Err(e) => return Err(e),
    };
    for entry in rd.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let snap = name.ends_with(".snap");
        if !snap && !is_temporary(&name) {
            continue;
        }
        let len = entry.metadata().map_or(0, |m| m.len());
        std::fs::remove_file(&path)?;
        if snap {
            n += 1;
            bytes += len;
        }
    }
    Ok((n, bytes))
}
