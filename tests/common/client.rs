//! A russh SSH client for tests against `sitrep serve`: connect, log in with a key, open a
//! browser session and read what it draws.
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use russh::client::{self, Handle};
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use russh::{Channel, ChannelMsg};

pub struct Trusting;

impl client::Handler for Trusting {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

pub type Conn = Handle<Trusting>;

pub async fn connect(port: u16) -> Result<Conn, russh::Error> {
    let config = client::Config {
        inactivity_timeout: Some(Duration::from_secs(120)),
        ..client::Config::default()
    };
    client::connect(Arc::new(config), ("127.0.0.1", port), Trusting).await
}

pub fn load_key(path: &Path) -> Arc<PrivateKey> {
    Arc::new(russh::keys::load_secret_key(path, None).expect("client key"))
}

pub async fn login(port: u16, key: &Arc<PrivateKey>) -> Conn {
    let mut c = connect(port).await.expect("connect");
    let r = c
        .authenticate_publickey("analyst", PrivateKeyWithHashAlg::new(key.clone(), None))
        .await
        .expect("auth");
    assert!(r.success(), "key refused: {r:?}");
    c
}

/// Opens a session channel with a pty of the given size and a shell.
pub async fn browser(c: &Conn, cols: u32, rows: u32) -> Channel<client::Msg> {
    let ch = c.channel_open_session().await.expect("session channel");
    ch.request_pty(true, "xterm-256color", cols, rows, 0, 0, &[])
        .await
        .expect("pty");
    ch.request_shell(true).await.expect("shell");
    ch
}

/// What a channel has sent so far, and how it ended.
#[derive(Default, Debug)]
pub struct Seen {
    pub data: Vec<u8>,
    pub stderr: Vec<u8>,
    pub exit: Option<u32>,
    pub closed: bool,
    pub failures: usize,
}

impl Seen {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

/// Reads messages until `done` holds (true) or the deadline passes (false).
pub async fn read_until(
    ch: &mut Channel<client::Msg>,
    seen: &mut Seen,
    limit: Duration,
    done: impl Fn(&Seen) -> bool,
) -> bool {
    let deadline = tokio::time::Instant::now() + limit;
    while !done(seen) {
        let msg = match tokio::time::timeout_at(deadline, ch.wait()).await {
            Ok(m) => m,
            Err(_) => return false,
        };
        match msg {
            Some(ChannelMsg::Data { data }) => seen.data.extend_from_slice(&data),
            Some(ChannelMsg::ExtendedData { data, .. }) => seen.stderr.extend_from_slice(&data),
            Some(ChannelMsg::ExitStatus { exit_status }) => seen.exit = Some(exit_status),
            Some(ChannelMsg::Failure) => seen.failures += 1,
            Some(ChannelMsg::Close) | None => {
                seen.closed = true;
                return done(seen);
            }
            Some(_) => {}
        }
    }
    true
}
