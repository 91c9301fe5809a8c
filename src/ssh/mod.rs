//! `sitrep serve`: the browser over SSH (russh). Each SSH session gets its own browser over
//! one shared, read-only store in memory.
//!
//! - `host_key`: the server's ed25519 key, made once and reused.
//! - `auth`: the authorized_keys file, re-read when it changes.
//! - `handler`: one connection: authentication and channel requests (what is refused).
//! - `session`: one browser session driven by the client's bytes (`input`) and drawn into
//!   the channel through a bounded queue.
//! - `limits`: sessions, connections and login attempts.
//! - `reload`: the shared store, reloaded when its file changes.

pub mod auth;
mod channel;
mod handler;
pub mod host_key;
pub mod input;
pub mod key_options;
pub mod limits;
pub mod log;
pub mod reload;
pub mod session;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use russh::server::Config;
use russh::{MethodKind, MethodSet};
use tokio::net::TcpListener;

use self::auth::AuthorizedKeys;
use self::limits::{Limits, Tracker};
use self::reload::{Snapshot, StoreCell};

#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub listen: String,
    /// None only with `anonymous`.
    pub authorized_keys: Option<PathBuf>,
    pub anonymous: bool,
    pub host_key: PathBuf,
    /// The store files, watched for changes (none: the built-in sample, never reloaded);
    /// several are joined into one store, and a change to any reloads them all.
    pub store: Vec<PathBuf>,
    /// How actors of several datasets are merged.
    pub crosswalk: std::sync::Arc<crate::store::crosswalk::Crosswalk>,
    pub ascii: bool,
    pub mouse: bool,
    pub limits: Limits,
    /// How often the store file is checked for a change.
    pub reload_poll: Duration,
    /// Where each login's workspace lives, one file per user name and key (None: served
    /// sessions keep no marks, notes, views or seen incidents).
    pub workspace_dir: Option<PathBuf>,
    /// The server's configuration (bindings, theme, columns, briefing period), for every
    /// session.
    pub settings: std::sync::Arc<crate::ui::settings::UiSettings>,
}

/// The workspace file of one login in `dir`: the user name and the key's fingerprint, each
/// kept to file-name-safe characters, so two users (or one user with two keys) never share
/// a file and no name can reach outside `dir`.
pub fn workspace_file(dir: &std::path::Path, user: &str, fingerprint: &str) -> PathBuf {
    let safe = |s: &str, max: usize| -> String {
        s.chars()
            .map(|c| match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' | '_' => c,
                '+' | '-' => '-',
                _ => '_',
            })
            .take(max)
            .collect::<String>()
    };
    let user = match safe(user, 32) {
        u if u.is_empty() => "user".to_string(),
        u => u,
    };
    let fp = safe(fingerprint.trim_start_matches("SHA256:"), 64);
    dir.join(format!("{user}@{fp}.sqlite"))
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    HostKey(#[from] host_key::HostKeyError),
    #[error(transparent)]
    AuthKeys(#[from] auth::AuthKeysError),
    #[error("cannot listen on {addr}: {error}")]
    Listen { addr: String, error: std::io::Error },
    #[error("--authorized-keys is required (or --anonymous for an open read-only server)")]
    NoAuth,
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// What every connection shares.
pub struct Shared {
    pub opts: ServeOptions,
    pub keys: Option<Arc<AuthorizedKeys>>,
    pub tracker: Tracker,
    pub store: Arc<StoreCell>,
    /// Set when the server stops; sessions see it and end, restoring their terminals.
    pub stopping: Arc<AtomicBool>,
    next_conn: AtomicU64,
    next_session: AtomicU64,
}

pub struct Stopper {
    shared: Arc<Shared>,
}

impl Stopper {
    /// Ends every session, restoring its client's terminal, waiting at most `grace`.
    pub async fn stop(&self, grace: Duration) {
        self.shared.stopping.store(true, Ordering::Release);
        let until = tokio::time::Instant::now() + grace;
        while self.shared.tracker.sessions() > 0 && tokio::time::Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // Let the last restores reach the clients.
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

pub struct Server {
    listener: TcpListener,
    config: Arc<Config>,
    shared: Arc<Shared>,
    pub fingerprint: String,
}

impl Server {
    /// Reads the keys, binds the address; nothing is served until `run`.
    pub async fn bind(
        opts: ServeOptions,
        store: impl Into<Snapshot>,
    ) -> Result<Server, ServeError> {
        if opts.authorized_keys.is_none() && !opts.anonymous {
            return Err(ServeError::NoAuth);
        }
        let (key, created) = host_key::load_or_create(&opts.host_key)?;
        let fingerprint = host_key::fingerprint(&key);
        ::log::info!(
            target: "sitrep::ssh",
            "host key {} {} ({})",
            opts.host_key.display(),
            fingerprint,
            if created { "generated now" } else { "existing" }
        );
        let keys = match &opts.authorized_keys {
            Some(p) => Some(Arc::new(AuthorizedKeys::open(p)?)),
            None => None,
        };
        if opts.anonymous {
            ::log::warn!(
                target: "sitrep::ssh",
                "anonymous mode: anyone who can reach the port can browse the store"
            );
        }
        let listener =
            TcpListener::bind(&opts.listen)
                .await
                .map_err(|error| ServeError::Listen {
                    addr: opts.listen.clone(),
                    error,
                })?;
        let limits = opts.limits.clone();
        let mut methods = MethodSet::empty();
        methods.push(MethodKind::PublicKey);
        if opts.anonymous {
            methods.push(MethodKind::None);
        }
        let config = Config {
            server_id: russh::SshId::Standard("SSH-2.0-sitrep".into()),
            methods,
            auth_rejection_time: Duration::from_millis(200),
            auth_rejection_time_initial: Some(Duration::ZERO),
            keys: vec![key],
            max_auth_attempts: limits.max_auth_attempts,
            // Our own idle timeout (keys) ends sessions; this only catches dead links.
            inactivity_timeout: None,
            keepalive_interval: Some(Duration::from_secs(30)),
            keepalive_max: 4,
            nodelay: true,
            ..Config::default()
        };
        let snapshot = store.into();
        let shared = Arc::new(Shared {
            tracker: Tracker::new(limits),
            keys,
            store: Arc::new(StoreCell::new(snapshot)),
            opts,
            stopping: Arc::new(AtomicBool::new(false)),
            next_conn: AtomicU64::new(1),
            next_session: AtomicU64::new(1),
        });
        Ok(Server {
            listener,
            config: Arc::new(config),
            shared,
            fingerprint,
        })
    }

    /// A handle that stops the sessions cleanly (see [`Stopper::stop`]).
    pub fn stopper(&self) -> Stopper {
        Stopper {
            shared: self.shared.clone(),
        }
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Watches the store file (if any) and serves connections until the task is dropped.
    pub async fn run(self) -> Result<(), ServeError> {
        if !self.shared.opts.store.is_empty() {
            let paths = self.shared.opts.store.clone();
            let shown = paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" + ");
            let cell = Arc::downgrade(&self.shared.store);
            let crosswalk = self.shared.opts.crosswalk.clone();
            reload::watch(
                paths,
                crosswalk,
                self.shared.opts.reload_poll,
                move |loaded| {
                    let Some(cell) = cell.upgrade() else {
                        return false;
                    };
                    match loaded {
                        Ok(snap) => {
                            ::log::info!(
                                target: "sitrep::ssh",
                                "store {} reloaded: {} incidents, {} problem(s)",
                                shown,
                                snap.store.incidents.len(),
                                snap.store.problems.len()
                            );
                            cell.replace(snap);
                        }
                        Err(e) => {
                            ::log::error!(
                                target: "sitrep::ssh",
                                "store reload failed, keeping the old data: {e}"
                            );
                            // Sessions get no detail: the reason can quote the file's content.
                            cell.failed(
                                "the new store file could not be loaded (the server log says why)"
                                    .into(),
                            );
                        }
                    }
                    true
                },
            )?;
        }
        loop {
            let (socket, peer) = match self.listener.accept().await {
                Ok(x) => x,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little, keep serving.
                    ::log::warn!(target: "sitrep::ssh", "accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let shared = self.shared.clone();
            // Never refused here: a full budget of connections not logged in evicts its
            // oldest, so silent sockets cannot keep a real client out.
            let guard = shared.tracker.connect(peer.ip());
            let config = self.config.clone();
            tokio::spawn(connection(shared, config, socket, peer, guard));
        }
    }
}

async fn connection(
    shared: Arc<Shared>,
    config: Arc<Config>,
    socket: tokio::net::TcpStream,
    peer: SocketAddr,
    guard: limits::ConnGuard,
) {
    let id = shared.next_conn.fetch_add(1, Ordering::Relaxed);
    let started = Instant::now();
    let login_timeout = shared.tracker.limits().login_timeout;
    let handshake_timeout = shared.tracker.limits().handshake_timeout.min(login_timeout);
    let evicted = guard.evicted.clone();
    ::log::info!(target: "sitrep::ssh", "conn {id} {peer}: connected");
    let _ = socket.set_nodelay(true);
    // russh runs the session on a task of its own, and a Disconnect is not sent before the
    // key exchange is done: a second handle on the socket lets a deadline close it anyway.
    let (socket, killer) = match socket.into_std().and_then(|s| {
        let killer = s.try_clone()?;
        Ok((tokio::net::TcpStream::from_std(s)?, killer))
    }) {
        Ok(pair) => pair,
        Err(e) => {
            ::log::warn!(target: "sitrep::ssh", "conn {id} {peer}: socket: {e}");
            return;
        }
    };
    let authed = Arc::new(AtomicBool::new(false));
    let kex_done = Arc::new(AtomicBool::new(false));
    let handler = handler::Conn::new(
        shared.clone(),
        peer,
        id,
        authed.clone(),
        kex_done.clone(),
        guard,
    );
    let setup = tokio::time::timeout(
        handshake_timeout,
        russh::server::run_stream(config, socket, handler),
    );
    let running = tokio::select! {
        r = setup => match r {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => {
                ::log::warn!(target: "sitrep::ssh", "conn {id} {peer}: setup failed: {e}");
                return;
            }
            Err(_) => {
                ::log::warn!(
                    target: "sitrep::ssh",
                    "conn {id} {peer}: handshake timeout (no SSH version line)"
                );
                return;
            }
        },
        _ = evicted.notified() => {
            ::log::info!(
                target: "sitrep::ssh",
                "conn {id} {peer}: evicted before the handshake (the oldest of those not logged in)"
            );
            return;
        }
    };
    let handle = running.handle();
    tokio::pin!(running);
    let deadline = tokio::time::Instant::from_std(started + login_timeout);
    // The version line and the key exchange share the handshake deadline: a client that
    // sends its version and then stalls holds a pre-login slot no longer than that.
    let kex_deadline = tokio::time::Instant::from_std(started + handshake_timeout);
    // With a login timeout as short as the handshake's, the login timeout says it all.
    let mut kex_checked = kex_deadline >= deadline;
    // Asks the client to leave, then closes the socket whatever state the session is in.
    let hang_up = |why: &'static str| {
        let handle = handle.clone();
        let killer = &killer;
        async move {
            let _ = tokio::time::timeout(
                Duration::from_secs(1),
                handle.disconnect(russh::Disconnect::ByApplication, why.into(), String::new()),
            )
            .await;
            let _ = killer.shutdown(std::net::Shutdown::Both);
        }
    };
    let result = loop {
        let logged_in = authed.load(Ordering::Acquire);
        tokio::select! {
            r = &mut running => break r,
            _ = evicted.notified(), if !logged_in => {
                ::log::info!(
                    target: "sitrep::ssh",
                    "conn {id} {peer}: evicted before login (the oldest of those not logged in)"
                );
                hang_up("server busy").await;
                break tokio::time::timeout(Duration::from_secs(5), &mut running)
                    .await
                    .unwrap_or(Ok(()));
            }
            _ = tokio::time::sleep_until(kex_deadline), if !kex_checked && !logged_in => {
                kex_checked = true;
                if !kex_done.load(Ordering::Acquire) && !authed.load(Ordering::Acquire) {
                    ::log::warn!(
                        target: "sitrep::ssh",
                        "conn {id} {peer}: handshake timeout (no key exchange or login attempt)"
                    );
                    hang_up("handshake timeout").await;
                    break tokio::time::timeout(Duration::from_secs(5), &mut running)
                        .await
                        .unwrap_or(Ok(()));
                }
            }
            _ = tokio::time::sleep_until(deadline), if !logged_in => {
                if authed.load(Ordering::Acquire) {
                    continue;
                }
                ::log::warn!(target: "sitrep::ssh", "conn {id} {peer}: login timeout");
                hang_up("login timeout").await;
                // The session ends when its socket closes; don't wait on it for long.
                break tokio::time::timeout(Duration::from_secs(5), &mut running)
                    .await
                    .unwrap_or(Ok(()));
            }
        }
    };
    let secs = started.elapsed().as_secs_f64();
    match result {
        Ok(()) => ::log::info!(target: "sitrep::ssh", "conn {id} {peer}: closed after {secs:.1}s"),
        Err(e) => {
            ::log::info!(target: "sitrep::ssh", "conn {id} {peer}: closed after {secs:.1}s ({e})")
        }
    }
}

/// Runs the server until SIGINT or SIGTERM (used by the `serve` command).
pub fn serve_blocking(opts: ServeOptions, store: impl Into<Snapshot>) -> Result<(), ServeError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("sitrep-ssh-io")
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let server = Server::bind(opts, store).await?;
        let addr = server.local_addr()?;
        eprintln!("sitrep serve: host key {}", server.fingerprint);
        eprintln!("sitrep serve: listening on {addr}");
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        let stop = server.stopper();
        let result = tokio::select! {
            r = server.run() => r,
            _ = tokio::signal::ctrl_c() => {
                ::log::info!(target: "sitrep::ssh", "interrupted: stopping");
                Ok(())
            }
            _ = term.recv() => {
                ::log::info!(target: "sitrep::ssh", "terminated: stopping");
                Ok(())
            }
        };
        stop.stop(Duration::from_secs(3)).await;
        result
    })?;
    // Session threads hold only their client; the process ends with them.
    rt.shutdown_timeout(Duration::from_secs(1));
    Ok(())
}

#[cfg(test)]
mod workspace_file_tests {
    use super::workspace_file;
    use std::path::Path;

    #[test]
    fn a_login_file_is_named_by_user_and_key_and_stays_in_its_folder() {
        let dir = Path::new("/srv/ws");
        let a = workspace_file(dir, "ana", "SHA256:ab+c/d=");
        assert_eq!(a, dir.join("ana@ab-c_d_.sqlite"));
        assert_ne!(a, workspace_file(dir, "ana", "SHA256:other"));
        assert_ne!(a, workspace_file(dir, "bob", "SHA256:ab+c/d="));
        for hostile in ["../../etc/passwd", "..", "a/b", "\u{1b}[2J"] {
            let p = workspace_file(dir, hostile, "SHA256:x");
            assert_eq!(p.parent(), Some(dir), "{hostile:?} -> {p:?}");
            assert!(!p.to_string_lossy().contains(".."), "{p:?}");
        }
    }
}
