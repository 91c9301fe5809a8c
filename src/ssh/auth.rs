//! The authorized_keys file: which public keys may log in, and from where. Read at start
//! and read again whenever its size, modification time or inode changes (checked at each
//! login attempt, off the async runtime's threads), so giving or taking away access needs
//! no restart. Options in front of a key are parsed as sshd parses them (see
//! [`key_options`](super::key_options)). Revocation fails closed: a file that is missing,
//! unreadable, not a regular file or not UTF-8 means no keys at all until it is good again;
//! a bad line costs only that line.

use std::net::IpAddr;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::Utc;
use russh::keys::{HashAlg, PublicKey};

use super::key_options::{self, KeyOptions};

/// A key allowed in, with the comment that names its owner and its options.
#[derive(Clone, Debug)]
pub struct Allowed {
    pub key: PublicKey,
    pub comment: String,
    pub options: KeyOptions,
    /// Its line in the file, for the log.
    pub line: usize,
}

/// What the file says about a key offered from an address.
#[derive(Clone, Debug)]
pub enum Verdict {
    Allowed(Box<Allowed>),
    /// Listed, but refused here (the reason names the option).
    Refused(String),
    Unknown,
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

fn stamp(m: &std::fs::Metadata) -> Stamp {
    Stamp {
        len: m.len(),
        mtime: m.mtime(),
        mtime_ns: m.mtime_nsec(),
        ino: m.ino(),
    }
}

struct State {
    stamp: Option<Stamp>,
    keys: Vec<Allowed>,
    /// The last read's failure, logged once per change rather than per login.
    failing: Option<String>,
}

pub struct AuthorizedKeys {
    path: PathBuf,
    state: Mutex<State>,
}

/// What parsing a file found: the keys, and a message per line that was refused or whose
/// options mean less here than in sshd.
#[derive(Default)]
pub struct ParsedKeys {
    pub keys: Vec<Allowed>,
    /// "line N: why" for each line that gives no key.
    pub bad: Vec<String>,
    /// "line N: ..." for options that have no effect in sitrep.
    pub notes: Vec<String>,
}

/// Parses authorized_keys text.
pub fn parse(text: &str) -> ParsedKeys {
    let mut out = ParsedKeys::default();
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parsed = key_options::split_line(line).and_then(|(opts, key)| {
            let options = opts
                .map(key_options::parse)
                .transpose()?
                .unwrap_or_default();
            let key = PublicKey::from_openssh(key).map_err(|e| format!("not a public key: {e}"))?;
            Ok((options, key))
        });
        match parsed {
            Err(why) => out.bad.push(format!("line {n}: {why}")),
            Ok((options, _)) if options.cert_authority => out.bad.push(format!(
                "line {n}: cert-authority: a certificate authority's key is never a user key \
                 (and sitrep accepts no certificates)"
            )),
            Ok((options, key)) => {
                if !options.moot.is_empty() {
                    out.notes.push(format!(
                        "line {n}: {} has no effect (sitrep runs only the browser and \
                         forwards nothing, whatever the key asks)",
                        options.moot.join(", ")
                    ));
                }
                out.keys.push(Allowed {
                    comment: key.comment().to_string(),
                    key,
                    options,
                    line: n,
                });
            }
        }
    }
    out
}

/// Reads the file: a regular file only (a FIFO would block the reader), UTF-8 only.
fn read(path: &Path) -> std::io::Result<(Stamp, String)> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let not_regular = || std::io::Error::other("not a regular file; refused");
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular());
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 text (at byte {})", e.utf8_error().valid_up_to()),
        )
    })?;
    Ok((stamp(&meta), text))
}

impl AuthorizedKeys {
    /// Reads the file now; fails if it cannot be read at all.
    pub fn open(path: &Path) -> Result<AuthorizedKeys, AuthKeysError> {
        let ak = AuthorizedKeys {
            path: path.to_path_buf(),
            state: Mutex::new(State {
                stamp: None,
                keys: Vec::new(),
                failing: None,
            }),
        };
        let (stamp, text) = read(path).map_err(|error| AuthKeysError {
            path: path.to_path_buf(),
            error,
        })?;
        ak.install(stamp, &text);
        Ok(ak)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn len(&self) -> usize {
        self.state.lock().map_or(0, |s| s.keys.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn install(&self, now: Stamp, text: &str) {
        let parsed = parse(text);
        for b in &parsed.bad {
            log::warn!(
                target: "sitrep::ssh",
                "authorized keys {}: {b} (line refused)",
                self.path.display()
            );
        }
        for n in &parsed.notes {
            log::info!(target: "sitrep::ssh", "authorized keys {}: {n}", self.path.display());
        }
        log::info!(
            target: "sitrep::ssh",
            "authorized keys {}: {} key(s) loaded",
            self.path.display(),
            parsed.keys.len()
        );
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        *state = State {
            stamp: Some(now),
            keys: parsed.keys,
            failing: None,
        };
    }

    /// Reads the file again if it changed since the last read. Blocking: call it from a
    /// blocking thread. A failure drops every key.
    fn reload_if_changed(&self) {
        let current = std::fs::metadata(&self.path).map(|m| stamp(&m));
        {
            let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
            if state.failing.is_none() && current.as_ref().ok() == state.stamp.as_ref() {
                return;
            }
        }
        match current.and_then(|_| read(&self.path)) {
            Ok((now, text)) => self.install(now, &text),
            Err(e) => {
                let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
                let why = e.to_string();
                if state.failing.as_deref() != Some(why.as_str()) {
                    log::error!(
                        target: "sitrep::ssh",
                        "authorized keys {}: {why}; NO KEY IS ALLOWED IN until the file \
                         can be read again",
                        self.path.display()
                    );
                }
                *state = State {
                    stamp: None,
                    keys: Vec::new(),
                    failing: Some(why),
                };
            }
        }
    }

    /// What the file says about `key` offered from `addr` (re-read first if it changed).
    /// Blocking: see [`AuthorizedKeys::check`] for the async form.
    pub fn check_blocking(&self, key: &PublicKey, addr: IpAddr) -> Verdict {
        self.reload_if_changed();
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let mut refused = None;
        for a in state
            .keys
            .iter()
            .filter(|a| a.key.key_data() == key.key_data())
        {
            // Several lines may list one key; any line whose options allow it lets it in.
            match refusal(&a.options, addr) {
                None => return Verdict::Allowed(Box::new(a.clone())),
                Some(why) => refused = Some(format!("line {}: {why}", a.line)),
            }
        }
        refused.map_or(Verdict::Unknown, Verdict::Refused)
    }

    /// [`AuthorizedKeys::check_blocking`] on a blocking thread, so a slow disk (or a file
    /// swapped for something odd) never stalls the runtime serving every session.
    pub async fn check(self: &std::sync::Arc<Self>, key: &PublicKey, addr: IpAddr) -> Verdict {
        let (this, key) = (self.clone(), key.clone());
        tokio::task::spawn_blocking(move || this.check_blocking(&key, addr))
            .await
            .unwrap_or(Verdict::Unknown)
    }
}

/// Why the options of a listed key refuse it here, if they do.
fn refusal(o: &KeyOptions, addr: IpAddr) -> Option<String> {
    if let Some(from) = &o.from
        && !key_options::from_allows(from, addr)
    {
        return Some(format!("from=\"{from}\" does not match {addr}"));
    }
    if let Some(t) = o.expires
        && Utc::now() > t
    {
        return Some(format!(
            "expired at {} (expiry-time)",
            t.format("%Y-%m-%d %H:%M:%S UTC")
        ));
    }
    None
}

pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICdhWG44IDc4eSJmqYaRmZlT9pUOf6c9zovZLdku/YsM alice@example";
    const B: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII1DvTxOPLlnYEUbuB4zhaca/DCEVhPRToFalmcm33Li bob@example";

    fn local() -> IpAddr {
        "127.0.0.1".parse().unwrap()
    }

    #[test]
    fn parses_skipping_comments_and_bad_lines_keeping_options() {
        let text = format!("# team\n\n{A}\nnot a key\nrestrict,pty {B}\n");
        let p = parse(&text);
        assert_eq!(p.keys.len(), 2);
        assert_eq!(p.keys[0].comment, "alice@example");
        assert_eq!(p.bad.len(), 1);
        assert!(p.bad[0].starts_with("line 4"), "{:?}", p.bad);
        assert!(!p.keys[1].options.no_pty);
        assert!(p.notes[0].starts_with("line 5: restrict"), "{:?}", p.notes);
    }

    #[test]
    fn an_unterminated_quote_and_cert_authority_refuse_only_their_line() {
        let text = format!("from=\"10.0.0.1 {A}\ncert-authority {B}\n{A}\n");
        let p = parse(&text);
        assert_eq!(p.keys.len(), 1);
        assert_eq!(p.keys[0].line, 3);
        assert!(
            p.bad[0].starts_with("line 1: unterminated quote"),
            "{:?}",
            p.bad
        );
        assert!(
            p.bad[1].starts_with("line 2: cert-authority"),
            "{:?}",
            p.bad
        );
    }

    #[test]
    fn from_and_expiry_refuse_a_listed_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("authorized_keys");
        let a = PublicKey::from_openssh(A).unwrap();
        let b = PublicKey::from_openssh(B).unwrap();
        std::fs::write(
            &path,
            format!("from=\"10.9.9.9\" {A}\nexpiry-time=\"20200101Z\" {B}\n"),
        )
        .unwrap();
        let ak = AuthorizedKeys::open(&path).unwrap();
        assert!(
            matches!(ak.check_blocking(&a, local()), Verdict::Refused(w) if w.contains("from="))
        );
        let ten: IpAddr = "10.9.9.9".parse().unwrap();
        assert!(matches!(ak.check_blocking(&a, ten), Verdict::Allowed(_)));
        assert!(
            matches!(ak.check_blocking(&b, local()), Verdict::Refused(w) if w.contains("expired"))
        );
    }

    #[test]
    fn revocation_fails_closed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("authorized_keys");
        let a = PublicKey::from_openssh(A).unwrap();
        std::fs::write(&path, format!("{A}\n")).unwrap();
        let ak = AuthorizedKeys::open(&path).unwrap();
        assert!(matches!(
            ak.check_blocking(&a, local()),
            Verdict::Allowed(_)
        ));
        let mut bytes = format!("{A}\n").into_bytes();
        bytes.extend_from_slice(b"\xff\xfe\n");
        std::fs::write(&path, bytes).unwrap();
        assert!(
            matches!(ak.check_blocking(&a, local()), Verdict::Unknown),
            "not UTF-8"
        );
        std::fs::write(&path, format!("{A}\n")).unwrap();
        assert!(matches!(
            ak.check_blocking(&a, local()),
            Verdict::Allowed(_)
        ));
        std::fs::remove_file(&path).unwrap();
        assert!(
            matches!(ak.check_blocking(&a, local()), Verdict::Unknown),
            "missing"
        );
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&path)
                .status()
                .unwrap()
                .success()
        );
        assert!(
            matches!(ak.check_blocking(&a, local()), Verdict::Unknown),
            "a FIFO"
        );
    }

    #[test]
    fn reloads_when_the_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("authorized_keys");
        std::fs::write(&path, format!("{A}\n")).unwrap();
        let ak = AuthorizedKeys::open(&path).unwrap();
        let b = PublicKey::from_openssh(B).unwrap();
        assert!(matches!(ak.check_blocking(&b, local()), Verdict::Unknown));
        std::fs::write(&path, format!("{A}\n{B}\n")).unwrap();
        match ak.check_blocking(&b, local()) {
            Verdict::Allowed(a) => assert_eq!(a.comment, "bob@example"),
            other => panic!("{other:?}"),
        }
        std::fs::write(&path, "").unwrap();
        assert!(matches!(ak.check_blocking(&b, local()), Verdict::Unknown));
    }
}
