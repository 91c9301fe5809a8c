//! One SSH connection: authentication against the authorized keys, and the channel
//! requests. Only a session channel with a pty and a shell is served (it becomes a browser
//! session); everything else is refused with a failure reply and a warning in the log.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::SyncSender;

use russh::keys::ssh_key::Certificate;
use russh::server::{
    Auth, ChannelOpenHandle, Handler, Msg, PublicKeyOffer, Session, VerifiedPublicKey,
};
use russh::{Channel, ChannelId, ChannelOpenFailure, ChannelWriteHalf, MethodKind, MethodSet};

use super::Shared;
use super::auth::Verdict;
use super::limits::{ConnGuard, clamp_size};
use super::session::Input;

const NOT_SERVED: &str = "sitrep: this server only serves the interactive browser; \
                          connect with `ssh -t` and no command\r\n";
/// A client's string as the log quotes it: at most 80 characters (quoted with `{:?}`, so
/// control characters show as escapes).
fn clip(s: &str) -> String {
    s.chars().take(80).collect()
}

pub(super) const NO_PTY: &str =
    "sitrep: no terminal: connect with `ssh -t` (a pty is needed for the browser)\r\n";

#[derive(Clone, Debug)]
pub(super) struct Pty {
    pub(super) term: String,
    pub(super) cols: u16,
    pub(super) rows: u16,
}

#[derive(Default)]
pub(super) struct Chan {
    pub(super) write: Option<ChannelWriteHalf<Msg>>,
    pub(super) pty: Option<Pty>,
    pub(super) env: Vec<(String, String)>,
    pub(super) input: Option<SyncSender<Input>>,
    pub(super) input_dropped: bool,
    /// Set when the client closes the channel or the connection drops, so the session
    /// stops working through input still queued from a client that is gone.
    pub(super) gone: Arc<AtomicBool>,
}

pub struct Conn {
    pub(super) shared: Arc<Shared>,
    pub(super) peer: SocketAddr,
    pub(super) id: u64,
    pub(super) authed: Arc<AtomicBool>,
    /// Set at the first authentication request, which comes only after the key exchange:
    /// until then the connection is still in its handshake (and its deadline).
    pub(super) kex_done: Arc<AtomicBool>,
    pub(super) identity: Option<String>,
    /// The key's options say `no-pty` (or `restrict`): no terminal, so no browser.
    pub(super) no_pty: bool,
    pub(super) failures: usize,
    pub(super) channels: HashMap<ChannelId, Chan>,
    opened: usize,
    /// Warnings logged for this connection; past [`WARNINGS_LOGGED`] they are only counted.
    warnings: usize,
    guard: ConnGuard,
    /// The logged-in key's fingerprint: sessions are capped per key.
    pub(super) key_id: String,
    /// The user name the client logged in with, and whether it came with a key (an
    /// anonymous login has no workspace).
    pub(super) user: String,
    pub(super) with_key: bool,
}

/// Warnings one connection may write to the log; the rest are counted and the count is
/// logged when it closes, so a client repeating a refused request cannot flood the log.
const WARNINGS_LOGGED: usize = 10;

impl Drop for Conn {
    fn drop(&mut self) {
        for chan in self.channels.values() {
            chan.gone.store(true, Ordering::Release);
        }
        if self.warnings > WARNINGS_LOGGED {
            log::warn!(
                target: "sitrep::ssh",
                "conn {} {}: {} further warning(s) not logged",
                self.id,
                self.peer,
                self.warnings - WARNINGS_LOGGED
            );
        }
    }
}

fn only_publickey() -> Auth {
    Auth::Reject {
        proceed_with_methods: Some(MethodSet::from(&[MethodKind::PublicKey][..])),
        partial_success: false,
    }
}

impl Conn {
    pub(super) fn new(
        shared: Arc<Shared>,
        peer: SocketAddr,
        id: u64,
        authed: Arc<AtomicBool>,
        kex_done: Arc<AtomicBool>,
        guard: ConnGuard,
    ) -> Conn {
        Conn {
            shared,
            peer,
            id,
            authed,
            kex_done,
            identity: None,
            no_pty: false,
            failures: 0,
            channels: HashMap::new(),
            opened: 0,
            warnings: 0,
            guard,
            key_id: String::new(),
            user: String::new(),
            with_key: false,
        }
    }

    /// Counts a warning; true while this connection may still log one.
    fn may_warn(&mut self) -> bool {
        self.warnings += 1;
        if self.warnings == WARNINGS_LOGGED + 1 {
            log::warn!(
                target: "sitrep::ssh",
                "conn {} {}: more warnings; counting them from here, logging the count at close",
                self.id,
                self.peer
            );
        }
        self.warnings <= WARNINGS_LOGGED
    }

    fn failed(&mut self, what: &str) -> Auth {
        self.failures += 1;
        if !self.may_warn() {
            return only_publickey();
        }
        log::warn!(
            target: "sitrep::ssh",
            "conn {} {}: auth refused: {what} (attempt {})",
            self.id,
            self.peer,
            self.failures
        );
        only_publickey()
    }

    fn accepted(&mut self, user: &str, key_id: String, who: String) -> Auth {
        if let Err(why) = self.guard.authenticated() {
            // A good key, but no room for one more logged-in connection here.
            return self.failed(&format!("{who}: {why}"));
        }
        self.key_id = key_id;
        self.user = user.to_string();
        self.identity = Some(who.clone());
        self.authed.store(true, Ordering::Release);
        log::info!(
            target: "sitrep::ssh",
            "conn {} {}: auth ok: user {:?}, {who}",
            self.id,
            self.peer,
            clip(user)
        );
        Auth::Accept
    }

    /// Sends a one-line message on stderr, then exit status 1, and closes the channel.
    pub(super) fn refuse_channel(
        &mut self,
        channel: ChannelId,
        message: &str,
        session: &mut Session,
    ) {
        self.channels.remove(&channel);
        let _ = session.extended_data(channel, 1, message.as_bytes().to_vec());
        let _ = session.exit_status_request(channel, 1);
        let _ = session.eof(channel);
        let _ = session.close(channel);
    }

    /// Refuses a channel we never serve, with the failure reply and a warning.
    async fn prohibit(&mut self, what: &str, reply: ChannelOpenHandle) {
        self.warn(what);
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
    }

    /// Logs a refusal. `what` may quote the client (quote it with `{:?}`); the logger also
    /// sanitises every line.
    pub(super) fn warn(&mut self, what: &str) {
        if !self.may_warn() {
            return;
        }
        log::warn!(
            target: "sitrep::ssh",
            "conn {} {} ({}): refused {what}",
            self.id,
            self.peer,
            self.identity.as_deref().unwrap_or("-")
        );
    }
}

impl Handler for Conn {
    type Error = russh::Error;

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Self::Error> {
        self.kex_done.store(true, Ordering::Release);
        if self.shared.opts.anonymous {
            // No key to count sessions by: the address stands in for one.
            let id = format!("anonymous {}", self.peer.ip());
            return Ok(self.accepted(user, id, "anonymous".into()));
        }
        Ok(only_publickey())
    }

    async fn auth_password(&mut self, _user: &str, _password: &str) -> Result<Auth, Self::Error> {
        self.kex_done.store(true, Ordering::Release);
        Ok(self.failed("password (only public keys are accepted)"))
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        _user: &str,
        _submethods: &str,
        _response: Option<russh::server::Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        self.kex_done.store(true, Ordering::Release);
        Ok(self.failed("keyboard-interactive (only public keys are accepted)"))
    }

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        self.kex_done.store(true, Ordering::Release);
        // Only a probe: the key is not proven yet, so nothing is recorded as identity.
        let verdict = match &self.shared.keys {
            Some(keys) => keys.check(offer.public_key, self.peer.ip()).await,
            None => Verdict::Unknown,
        };
        let fp = super::auth::fingerprint(offer.public_key);
        match verdict {
            Verdict::Allowed(_) => Ok(Auth::Accept),
            _ if self.shared.opts.anonymous => Ok(Auth::Accept),
            Verdict::Refused(why) => Ok(self.failed(&format!("key {fp} refused: {why}"))),
            Verdict::Unknown => Ok(self.failed(&format!("unknown key {fp}"))),
        }
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        self.kex_done.store(true, Ordering::Release);
        let fp = super::auth::fingerprint(key.public_key);
        let verdict = match &self.shared.keys {
            Some(keys) => keys.check(key.public_key, self.peer.ip()).await,
            None => Verdict::Unknown,
        };
        match verdict {
            Verdict::Allowed(allowed) => {
                self.no_pty = allowed.options.no_pty;
                self.with_key = true;
                let who = format!("key {fp} {}", clip(&allowed.comment));
                Ok(self.accepted(user, fp, who))
            }
            _ if self.shared.opts.anonymous => {
                let who = format!("anonymous (key {fp})");
                Ok(self.accepted(user, fp, who))
            }
            Verdict::Refused(why) => Ok(self.failed(&format!("key {fp} refused: {why}"))),
            Verdict::Unknown => Ok(self.failed(&format!("unknown key {fp}"))),
        }
    }

    async fn auth_openssh_certificate(
        &mut self,
        _user: &str,
        _certificate: &Certificate,
    ) -> Result<Auth, Self::Error> {
        self.kex_done.store(true, Ordering::Release);
        Ok(self.failed("certificate (not supported)"))
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let max = self.shared.tracker.limits().max_channels_per_conn;
        if self.opened >= max {
            self.warn(&format!(
                "session channel: {max} already opened on this connection"
            ));
            reply.reject(ChannelOpenFailure::ResourceShortage).await;
            return Ok(());
        }
        self.opened += 1;
        let id = channel.id();
        // Requests and data come through this handler; the read half is not needed (and
        // dropping it keeps russh from queueing messages for it).
        let (_read, write) = channel.split();
        self.channels.insert(
            id,
            Chan {
                write: Some(write),
                ..Chan::default()
            },
        );
        reply.accept().await;
        Ok(())
    }

    async fn channel_open_x11(
        &mut self,
        _channel: Channel<Msg>,
        _addr: &str,
        _port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.prohibit("x11 channel", reply).await;
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        host: &str,
        port: u32,
        _orig: &str,
        _orig_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.prohibit(&format!("direct-tcpip to {:?}:{port}", clip(host)), reply)
            .await;
        Ok(())
    }

    async fn channel_open_forwarded_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        host: &str,
        port: u32,
        _orig: &str,
        _orig_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.prohibit(
            &format!("forwarded-tcpip for {:?}:{port}", clip(host)),
            reply,
        )
        .await;
        Ok(())
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _channel: Channel<Msg>,
        path: &str,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.prohibit(&format!("direct-streamlocal to {:?}", clip(path)), reply)
            .await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        cols: u32,
        rows: u32,
        _pw: u32,
        _ph: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(chan) = self.channels.get_mut(&channel) else {
            return Ok(());
        };
        if chan.input.is_some() {
            let _ = session.channel_failure(channel);
            return Ok(());
        }
        let (cols, rows) = clamp_size(cols, rows);
        let term: String = term.chars().take(64).collect();
        chan.pty = Some(Pty { term, cols, rows });
        let _ = session.channel_success(channel);
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let wanted = matches!(name, "NO_COLOR" | "COLORTERM" | "LANG") || name.starts_with("LC_");
        match self.channels.get_mut(&channel) {
            Some(chan) if wanted && chan.env.len() < 32 && value.len() <= 256 => {
                chan.env.push((name.to_string(), value.to_string()));
                let _ = session.channel_success(channel);
            }
            _ => {
                self.warn(&format!("env {:?}", clip(name)));
                let _ = session.channel_failure(channel);
            }
        }
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.start_browser(channel, session);
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let cmd: String = String::from_utf8_lossy(data).chars().take(80).collect();
        self.warn(&format!("exec {cmd:?}"));
        let _ = session.channel_failure(channel);
        self.refuse_channel(channel, NOT_SERVED, session);
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.warn(&format!("subsystem {:?}", clip(name)));
        let _ = session.channel_failure(channel);
        self.refuse_channel(channel, NOT_SERVED, session);
        Ok(())
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single: bool,
        _proto: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.warn("x11 forwarding");
        let _ = session.channel_failure(channel);
        Ok(())
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.warn("agent forwarding");
        Ok(false)
    }

    async fn tcpip_forward(
        &mut self,
        address: &str,
        port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.warn(&format!("tcpip-forward {:?}:{port}", clip(address)));
        Ok(false)
    }

    async fn streamlocal_forward(
        &mut self,
        path: &str,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.warn(&format!("streamlocal-forward {:?}", clip(path)));
        Ok(false)
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pw: u32,
        _ph: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        log::debug!(
            target: "sitrep::ssh",
            "conn {} {}: window change to {cols}x{rows}",
            self.id,
            self.peer
        );
        let (cols, rows) = clamp_size(cols, rows);
        if let Some(p) = self.channels.get_mut(&channel).and_then(|c| c.pty.as_mut()) {
            p.cols = cols;
            p.rows = rows;
        }
        self.send_input(channel, Input::Resize(cols, rows));
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.send_input(channel, Input::Bytes(data.to_vec()));
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // The client's input ended: the session ends (dropping its input closes it).
        if let Some(chan) = self.channels.get_mut(&channel) {
            chan.input = None;
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(chan) = self.channels.remove(&channel) {
            chan.gone.store(true, Ordering::Release);
        }
        Ok(())
    }
}
