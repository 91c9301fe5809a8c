//! `sitrep serve`: the browser over SSH.

use super::tty::errln;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use crate::ssh::{ServeOptions, limits::Limits};

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:2222")]
    pub listen: String,
    /// OpenSSH authorized_keys file of the keys allowed in (re-read when it changes).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "anonymous",
        conflicts_with = "anonymous"
    )]
    pub authorized_keys: Option<PathBuf>,
    /// The server's ed25519 host key; generated there on first start.
    /// [default: $XDG_STATE_HOME/sitrep/ssh_host_ed25519_key]
    #[arg(long, value_name = "FILE")]
    pub host_key: Option<PathBuf>,
    /// Let anyone in without a key (read-only browsing of the store). Only for a trusted
    /// network.
    #[arg(long)]
    pub anonymous: bool,
    /// Browser sessions open at once.
    #[arg(long, default_value_t = 64, value_name = "N")]
    pub max_sessions: usize,
    /// Browser sessions open at once with one key (one user cannot take every slot).
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub max_per_key: usize,
    /// Logged-in connections at once from one address (connections not logged in yet have
    /// their own budget: 64 per address, 128 in all, the oldest evicted when full).
    #[arg(long, default_value_t = 16, value_name = "N")]
    pub max_per_address: usize,
    /// Seconds from connecting to being logged in.
    #[arg(long, default_value_t = 30, value_name = "SECS")]
    pub login_timeout: u64,
    /// Seconds without a keypress before a session is closed.
    #[arg(long, default_value_t = 1800, value_name = "SECS")]
    pub idle_timeout: u64,
    /// Give each login its own workspace (marks, notes, views, seen incidents) in DIR, one
    /// file per user name and key fingerprint; created if missing. Without it (or with
    /// --no-workspace, or an anonymous login) served sessions keep none.
    #[arg(long, value_name = "DIR", conflicts_with = "no_workspace")]
    pub workspace_dir: Option<PathBuf>,
    /// No workspace for served sessions.
    #[arg(long)]
    pub no_workspace: bool,
}

pub fn run(
    store_path: &[std::path::PathBuf],
    ascii: bool,
    mouse: bool,
    args: ServeArgs,
    settings: crate::ui::settings::UiSettings,
) -> anyhow::Result<u8> {
    crate::ssh::log::init();
    let host_key = match args.host_key {
        Some(p) => p,
        None => crate::ssh::host_key::default_path()
            .context("no HOME or XDG_STATE_HOME to keep the host key in: give --host-key FILE")?,
    };
    // Through the snapshot cache; its plain load reads the source, not maps it (the server
    // must outlive a store copied over in place), and snapshots are never rewritten in place.
    let opened = match crate::cache::open_all(store_path, super::crosswalk(), &|_, _| {}) {
        Ok(o) => o,
        Err(e) => {
            errln!("sitrep: {e}");
            return Ok(super::EXIT_UNREADABLE);
        }
    };
    let store = &opened.store;
    if !store.problems.is_empty() {
        log::warn!(
            target: "sitrep::ssh",
            "{}: {} problem(s) at load, bad records skipped",
            store.source,
            store.problems.len()
        );
    }
    log::info!(
        target: "sitrep::ssh",
        "store {}: {} incidents{}",
        store.source,
        store.incidents.len(),
        if opened.cached { " (from the snapshot cache)" } else { "" }
    );
    let store = crate::ssh::reload::Snapshot::from_cache(opened, super::crosswalk());
    let opts = ServeOptions {
        listen: args.listen,
        authorized_keys: args.authorized_keys,
        anonymous: args.anonymous,
        host_key,
        store: store_path.to_vec(),
        crosswalk: std::sync::Arc::new(super::crosswalk().clone()),
        ascii,
        mouse,
        limits: Limits {
            max_sessions: args.max_sessions.max(1),
            max_conns_per_addr: args.max_per_address.max(1),
            max_sessions_per_key: args.max_per_key.max(1),
            login_timeout: Duration::from_secs(args.login_timeout.max(1)),
            idle_timeout: Duration::from_secs(args.idle_timeout.max(1)),
            ..Limits::default()
        },
        reload_poll: Duration::from_secs(1),
        workspace_dir: args.workspace_dir.filter(|_| !args.no_workspace),
        settings: std::sync::Arc::new(settings),
    };
    crate::ssh::serve_blocking(opts, store)?;
    Ok(super::EXIT_OK)
}
