//! The authorized_keys file: which public keys may log in. Read at start and read again
//! whenever its size, modification time or inode changes (checked at each login attempt), so
//! giving or taking away access needs no restart. A bad line is skipped with a warning; a
//! file that cannot be read keeps the keys last read.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Mutex;

use russh::keys::ssh_key::authorized_keys::Entry;
use russh::keys::{HashAlg, PublicKey};

/// A key allowed in, with the comment that names its owner.
#[derive(Clone, Debug)]
pub struct Allowed {
    pub key: PublicKey,
    pub comment: String,
}

#[derive(Debug, thiserror::Error)]
#[error("authorized keys {path}: {error}")]
pub struct AuthKeysError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    mtime: i64,
    mtime_ns: i64,
    ino: u64,
}

fn stamp(path: &Path) -> std::io::Result<Stamp> {
    let m = std::fs::metadata(path)?;
    Ok(Stamp {
        len: m.len(),
        mtime: m.mtime(),
        mtime_ns: m.mtime_nsec(),
        ino: m.ino(),
    })
}

pub struct AuthorizedKeys {
    path: PathBuf,
    state: Mutex<(Option<Stamp>, Vec<Allowed>)>,
}

/// Parses authorized_keys text; returns the keys and one message per bad line.
pub fn parse(text: &str) -> (Vec<Allowed>, Vec<String>) {
    let mut keys = Vec::new();
    let mut bad = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match Entry::from_str(line) {
            Ok(e) => keys.push(Allowed {
                comment: e.public_key().comment().to_string(),
                key: e.public_key().clone(),
            }),
            Err(e) => bad.push(format!("line {}: {e}", n + 1)),
        }
    }
    (keys, bad)
}

impl AuthorizedKeys {
    /// Reads the file now; fails if it cannot be read at all.
    pub fn open(path: &Path) -> Result<AuthorizedKeys, AuthKeysError> {
        let ak = AuthorizedKeys {
            path: path.to_path_buf(),
            state: Mutex::new((None, Vec::new())),
        };
        ak.reload_if_changed().map_err(|error| AuthKeysError {
            path: path.to_path_buf(),
            error,
        })?;
        Ok(ak)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn len(&self) -> usize {
        self.state.lock().map_or(0, |s| s.1.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reads the file again if it changed since the last read.
    fn reload_if_changed(&self) -> std::io::Result<()> {
        let now = stamp(&self.path)?;
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.0 == Some(now) {
            return Ok(());
        }
        let text = std::fs::read_to_string(&self.path)?;
        let (keys, bad) = parse(&text);
        for b in &bad {
            log::warn!(
                target: "sitrep::ssh",
                "authorized keys {}: {b} (line skipped)",
                self.path.display()
            );
        }
        log::info!(
            target: "sitrep::ssh",
            "authorized keys {}: {} key(s) loaded",
            self.path.display(),
            keys.len()
        );
        *state = (Some(now), keys);
        Ok(())
    }

    /// The entry for `key` if it is allowed (the file is re-read first if it changed).
    pub fn find(&self, key: &PublicKey) -> Option<Allowed> {
        if let Err(e) = self.reload_if_changed() {
            log::warn!(
                target: "sitrep::ssh",
                "authorized keys {}: {e}; keeping the keys last read",
                self.path.display()
            );
        }
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state
            .1
            .iter()
            .find(|a| a.key.key_data() == key.key_data())
            .cloned()
    }
}

pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICdhWG44IDc4eSJmqYaRmZlT9pUOf6c9zovZLdku/YsM alice@example";
    const B: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII1DvTxOPLlnYEUbuB4zhaca/DCEVhPRToFalmcm33Li bob@example";

    #[test]
    fn parses_skipping_comments_options_and_bad_lines() {
        let text = format!("# team\n\n{A}\nnot a key\nrestrict,pty {B}\n");
        let (keys, bad) = parse(&text);
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0].comment, "alice@example");
        assert_eq!(bad.len(), 1);
        assert!(bad[0].starts_with("line 4"), "{bad:?}");
    }

    #[test]
    fn reloads_when_the_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("authorized_keys");
        std::fs::write(&path, format!("{A}\n")).unwrap();
        let ak = AuthorizedKeys::open(&path).unwrap();
        let b = PublicKey::from_openssh(B).unwrap();
        assert!(ak.find(&b).is_none());
        std::fs::write(&path, format!("{A}\n{B}\n")).unwrap();
        assert_eq!(ak.find(&b).unwrap().comment, "bob@example");
        std::fs::write(&path, "").unwrap();
        assert!(ak.find(&b).is_none());
    }
}
