//! The server's host key: generated once (ed25519), stored with mode 0600 through a temporary
//! file and a rename, and reused on every start. An existing file is never replaced: one that
//! cannot be read or parsed, or that others can read, stops the server instead.

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use russh::keys::ssh_key::LineEnding;
use russh::keys::{Algorithm, HashAlg, PrivateKey};

#[derive(Debug, thiserror::Error)]
pub enum HostKeyError {
    #[error("host key {path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(
        "host key {path} can be read by others (mode {mode:03o}); run `chmod 600 {path}` \
         (the key is not used while it is exposed)"
    )]
    Exposed { path: PathBuf, mode: u32 },
    #[error("host key {path} is not a file")]
    NotAFile { path: PathBuf },
    #[error(
        "host key {path} is a symbolic link to {target}, which does not exist; point it at \
         the key or remove the link to generate a new key"
    )]
    DanglingLink { path: PathBuf, target: PathBuf },
    #[error(
        "host key {path} is owned by uid {owner}, not by this user (uid {me}); refused, as \
         sshd refuses a key another user could have replaced"
    )]
    OwnedByOther { path: PathBuf, owner: u32, me: u32 },
    #[error(
        "host key {path} is not an OpenSSH private key ({reason}); it is not replaced: move it away to generate a new one"
    )]
    Unusable { path: PathBuf, reason: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> HostKeyError + '_ {
    move |error| HostKeyError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// The key at `path`, generating it first if there is no file. The flag tells whether it
/// was generated now.
pub fn load_or_create(path: &Path) -> Result<(PrivateKey, bool), HostKeyError> {
    match std::fs::metadata(path) {
        Ok(meta) => {
            if !meta.is_file() {
                return Err(HostKeyError::NotAFile {
                    path: path.to_path_buf(),
                });
            }
            use std::os::unix::fs::MetadataExt;
            // SAFETY: geteuid has no preconditions and cannot fail.
            let me = unsafe { libc::geteuid() };
            if meta.uid() != me {
                return Err(HostKeyError::OwnedByOther {
                    path: path.to_path_buf(),
                    owner: meta.uid(),
                    me,
                });
            }
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(HostKeyError::Exposed {
                    path: path.to_path_buf(),
                    mode,
                });
            }
            let text = std::fs::read(path).map_err(io(path))?;
            let key = PrivateKey::from_openssh(&text).map_err(|e| HostKeyError::Unusable {
                path: path.to_path_buf(),
                reason: unusable_reason(&text, &e.to_string()),
            })?;
            if key.is_encrypted() {
                return Err(HostKeyError::Unusable {
                    path: path.to_path_buf(),
                    reason: "it is encrypted with a passphrase".into(),
                });
            }
            Ok((key, false))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A link to nowhere would otherwise fail later as "File exists".
            if let Ok(target) = std::fs::read_link(path) {
                return Err(HostKeyError::DanglingLink {
                    path: path.to_path_buf(),
                    target,
                });
            }
            Ok((create(path)?, true))
        }
        Err(e) => Err(io(path)(e)),
    }
}

/// Why a file is not an OpenSSH private key, in words that fit the file: the decoder's own
/// message ("PEM preamble contains invalid data (NUL byte)") is only right for a file that
/// does start like one.
fn unusable_reason(text: &[u8], decoder: &str) -> String {
    const BEGIN: &[u8] = b"-----BEGIN OPENSSH PRIVATE KEY-----";
    let start = text.trim_ascii_start();
    if start.starts_with(BEGIN) {
        return decoder.to_string();
    }
    if let Some(rest) = start.strip_prefix(b"-----BEGIN ") {
        let label: String = rest
            .iter()
            .take_while(|&&b| (b != b'-' && b.is_ascii_graphic()) || b == b' ')
            .take(40)
            .map(|&b| b as char)
            .collect();
        return format!(
            "it is a PEM '{}' block; sitrep reads keys in OpenSSH's own format \
             (`ssh-keygen -t ed25519` writes one)",
            label.trim()
        );
    }
    "it does not begin with '-----BEGIN OPENSSH PRIVATE KEY-----'".into()
}

fn create(path: &Path) -> Result<PrivateKey, HostKeyError> {
    let mut key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).map_err(|e| {
        HostKeyError::Unusable {
            path: path.to_path_buf(),
            reason: e.to_string(),
        }
    })?;
    key.set_comment("sitrep host key");
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| HostKeyError::Unusable {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)
        .map_err(io(&dir))?;
    let name = path
        .file_name()
        .map_or("host_key".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let written = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        // Never replace a key that appeared meanwhile: link fails if the name is taken.
        std::fs::hard_link(&tmp, path)
    })();
    let _ = std::fs::remove_file(&tmp);
    written.map_err(io(path))?;
    Ok(key)
}

/// "SHA256:..." as ssh-keygen -l prints it.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

/// The default place: `$XDG_STATE_HOME/sitrep/ssh_host_ed25519_key`, else under
/// `~/.local/state`.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/state"))
        })?;
    Some(base.join("sitrep").join("ssh_host_ed25519_key"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_once_then_reused_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/key");
        let (a, created) = load_or_create(&path).unwrap();
        assert!(created);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let (b, created) = load_or_create(&path).unwrap();
        assert!(!created);
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert!(fingerprint(&a).starts_with("SHA256:"));
    }

    #[test]
    fn readable_by_others_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        load_or_create(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = load_or_create(&path).unwrap_err();
        assert!(matches!(err, HostKeyError::Exposed { .. }), "{err}");
    }

    #[test]
    fn garbage_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        std::fs::write(&path, "not a key").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let err = load_or_create(&path).unwrap_err();
        assert!(matches!(err, HostKeyError::Unusable { .. }));
        // Named for what it is, not "PEM preamble contains invalid data (NUL byte)".
        let msg = err.to_string();
        assert!(
            msg.contains("does not begin with '-----BEGIN OPENSSH PRIVATE KEY-----'")
                && !msg.contains("NUL"),
            "{msg}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "not a key");
        std::fs::write(&path, "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n").unwrap();
        let msg = load_or_create(&path).unwrap_err().to_string();
        assert!(msg.contains("it is a PEM 'RSA PRIVATE KEY' block"), "{msg}");
    }

    #[test]
    fn a_dangling_symlink_is_named_as_one() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("host_key");
        std::os::unix::fs::symlink(dir.path().join("gone"), &link).unwrap();
        let err = load_or_create(&link).unwrap_err().to_string();
        assert!(
            err.contains("symbolic link") && err.contains("does not exist"),
            "{err}"
        );
        assert!(
            !dir.path().join("gone").exists(),
            "nothing generated through the link"
        );
    }

    #[test]
    fn a_key_owned_by_another_user_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("host_key");
        load_or_create(&path).unwrap();
        assert!(load_or_create(&path).is_ok());
        // Giving the file away needs root (CI and the dev machines run as root).
        if std::os::unix::fs::chown(&path, Some(12345), None).is_err() {
            eprintln!("not root: cannot give the key to another user; check skipped");
            return;
        }
        let err = load_or_create(&path).unwrap_err().to_string();
        assert!(err.contains("owned by uid 12345"), "{err}");
    }
}
