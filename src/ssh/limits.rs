//! Limits that keep one client, or many, from taking the server down: connections before
//! and after login, sessions in all and per key, and the bookkeeping behind them. Counters
//! are released by guards, so a connection or session that ends in any way gives its place
//! back.
//!
//! Connections that have not logged in yet live on their own, smaller budget. When it is
//! full, the oldest of them (from the same address if that address holds its share) is
//! evicted to make room: silent sockets can crowd out only each other, never a client that
//! is about to log in. Failed logins cost the connection that made them (it is dropped
//! after a few), never a good key from the same address.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;

#[derive(Clone, Debug)]
pub struct Limits {
    /// Browser sessions (shell channels) open at once, across all connections.
    pub max_sessions: usize,
    /// Sessions at once for one key (one user cannot hold every slot).
    pub max_sessions_per_key: usize,
    /// Logged-in connections at once from one address.
    pub max_conns_per_addr: usize,
    /// Logged-in connections at once in all.
    pub max_conns: usize,
    /// Connections not logged in yet, in all; past it the oldest is evicted.
    pub max_preauth: usize,
    /// Connections not logged in yet from one address; past it its oldest is evicted.
    pub max_preauth_per_addr: usize,
    /// Session channels one connection may open.
    pub max_channels_per_conn: usize,
    /// Failed authentication attempts one connection may make before it is dropped.
    pub max_auth_attempts: usize,
    /// From connecting to the client's SSH version line.
    pub handshake_timeout: Duration,
    /// From connecting to being authenticated.
    pub login_timeout: Duration,
    /// Without a keypress, a session is closed.
    pub idle_timeout: Duration,
    /// Bytes of screen output queued for one session before frames are dropped (the screen
    /// is repainted whole once the client catches up).
    pub max_output_queue: usize,
    /// Chunks of client input queued for one session before more is dropped.
    pub max_input_queue: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_sessions: 64,
            max_sessions_per_key: 8,
            max_conns_per_addr: 16,
            max_conns: 256,
            // Room for an office behind one address to log in 50 at once (tests/ssh_load.rs)
            // while a flood from one address can hold only half the budget.
            max_preauth: 128,
            max_preauth_per_addr: 64,
            max_channels_per_conn: 4,
            max_auth_attempts: 6,
            handshake_timeout: Duration::from_secs(10),
            login_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(30 * 60),
            max_output_queue: 1 << 20,
            max_input_queue: 256,
        }
    }
}

/// A connection that has not logged in, oldest first in [`Counts::preauth`].
struct Waiting {
    id: u64,
    addr: IpAddr,
    evict: Arc<Notify>,
}

#[derive(Default)]
struct Counts {
    sessions: usize,
    by_key: HashMap<String, usize>,
    authed: usize,
    authed_by_addr: HashMap<IpAddr, usize>,
    preauth: VecDeque<Waiting>,
    next_id: u64,
}

/// Shared counters. Cheap to clone.
#[derive(Clone)]
pub struct Tracker {
    limits: Arc<Limits>,
    counts: Arc<Mutex<Counts>>,
}

/// Why a login or session was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    TooManyFromAddr(usize),
    TooManyConns(usize),
    Full(usize),
    TooManyForKey(usize),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::TooManyFromAddr(n) => {
                write!(f, "{n} connections already open from this address")
            }
            Refusal::TooManyConns(n) => write!(f, "{n} connections already open"),
            Refusal::Full(n) => write!(f, "the server is full ({n} sessions)"),
            Refusal::TooManyForKey(n) => write!(f, "{n} sessions already open with this key"),
        }
    }
}

/// Holds a connection's place (not logged in, then logged in); released on drop.
pub struct ConnGuard {
    tracker: Tracker,
    addr: IpAddr,
    id: u64,
    authed: bool,
    /// Notified when the connection is evicted to make room for a newer one.
    pub evicted: Arc<Notify>,
}

/// Holds a session's place; released on drop.
pub struct SessionGuard {
    tracker: Tracker,
    key: String,
}

impl Tracker {
    pub fn new(limits: Limits) -> Tracker {
        Tracker {
            limits: Arc::new(limits),
            counts: Arc::default(),
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A new connection from `addr`. Never refused: if the budget for connections not yet
    /// logged in is full, the oldest one (from `addr` if it holds its share) is evicted.
    pub fn connect(&self, addr: IpAddr) -> ConnGuard {
        let mut c = self.lock();
        let from_addr = c.preauth.iter().filter(|w| w.addr == addr).count();
        let victim = if from_addr >= self.limits.max_preauth_per_addr {
            c.preauth.iter().position(|w| w.addr == addr)
        } else if c.preauth.len() >= self.limits.max_preauth {
            Some(0)
        } else {
            None
        };
        if let Some(w) = victim.and_then(|i| c.preauth.remove(i)) {
            w.evict.notify_one();
        }
        c.next_id += 1;
        let id = c.next_id;
        let evict = Arc::new(Notify::new());
        c.preauth.push_back(Waiting {
            id,
            addr,
            evict: evict.clone(),
        });
        ConnGuard {
            tracker: self.clone(),
            addr,
            id,
            authed: false,
            evicted: evict,
        }
    }

    /// Connections not logged in yet.
    pub fn waiting(&self) -> usize {
        self.lock().preauth.len()
    }

    /// A new browser session for `key`, if there is room.
    pub fn open_session(&self, key: &str) -> Result<SessionGuard, Refusal> {
        let mut c = self.lock();
        if c.sessions >= self.limits.max_sessions {
            return Err(Refusal::Full(c.sessions));
        }
        let mine = c.by_key.get(key).copied().unwrap_or(0);
        if mine >= self.limits.max_sessions_per_key {
            return Err(Refusal::TooManyForKey(mine));
        }
        c.sessions += 1;
        *c.by_key.entry(key.to_string()).or_default() += 1;
        Ok(SessionGuard {
            tracker: self.clone(),
            key: key.to_string(),
        })
    }

    pub fn sessions(&self) -> usize {
        self.lock().sessions
    }
}

impl ConnGuard {
    /// The connection has logged in: it leaves the waiting budget for the logged-in one,
    /// if that has room for its address and in all.
    pub fn authenticated(&mut self) -> Result<(), Refusal> {
        if self.authed {
            return Ok(());
        }
        let limits = self.tracker.limits.clone();
        let mut c = self.tracker.lock();
        let here = c.authed_by_addr.get(&self.addr).copied().unwrap_or(0);
        if here >= limits.max_conns_per_addr {
            return Err(Refusal::TooManyFromAddr(here));
        }
        if c.authed >= limits.max_conns {
            return Err(Refusal::TooManyConns(c.authed));
        }
        c.preauth.retain(|w| w.id != self.id);
        c.authed += 1;
        *c.authed_by_addr.entry(self.addr).or_default() += 1;
        self.authed = true;
        Ok(())
    }
}

impl Drop for ConnGuard {
    fn drop(&mut self) {
        let mut c = self.tracker.lock();
        if self.authed {
            c.authed = c.authed.saturating_sub(1);
            if let Some(n) = c.authed_by_addr.get_mut(&self.addr) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    c.authed_by_addr.remove(&self.addr);
                }
            }
        } else {
            c.preauth.retain(|w| w.id != self.id);
        }
    }
}

impl Drop for SessionGuard {
    fn drop(&mut self) {
        let mut c = self.tracker.lock();
        c.sessions = c.sessions.saturating_sub(1);
        if let Some(n) = c.by_key.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                c.by_key.remove(&self.key);
            }
        }
    }
}

/// A terminal size from the client, made safe to allocate: 0 (unknown) becomes the classic
/// 80x24, anything else is kept within 1..=MAX.
pub fn clamp_size(cols: u32, rows: u32) -> (u16, u16) {
    const MAX_COLS: u32 = 500;
    const MAX_ROWS: u32 = 200;
    let c = if cols == 0 { 80 } else { cols.min(MAX_COLS) };
    let r = if rows == 0 { 24 } else { rows.min(MAX_ROWS) };
    (c as u16, r as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_in_per_address_and_session_limits_release_on_drop() {
        let t = Tracker::new(Limits {
            max_sessions: 2,
            max_sessions_per_key: 1,
            max_conns_per_addr: 2,
            ..Limits::default()
        });
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let mut a = t.connect(ip);
        let mut b = t.connect(ip);
        let mut c = t.connect(ip);
        a.authenticated().unwrap();
        b.authenticated().unwrap();
        assert_eq!(c.authenticated(), Err(Refusal::TooManyFromAddr(2)));
        drop(a);
        c.authenticated().unwrap();
        let s = t.open_session("alice").unwrap();
        assert_eq!(
            t.open_session("alice").err(),
            Some(Refusal::TooManyForKey(1))
        );
        let _bob = t.open_session("bob").unwrap();
        assert_eq!(t.open_session("carol").err(), Some(Refusal::Full(2)));
        drop(s);
        assert!(t.open_session("alice").is_ok());
    }

    #[tokio::test]
    async fn a_full_waiting_budget_evicts_the_oldest_not_the_newcomer() {
        let t = Tracker::new(Limits {
            max_preauth: 4,
            max_preauth_per_addr: 2,
            ..Limits::default()
        });
        let one: IpAddr = "10.0.0.1".parse().unwrap();
        let first = t.connect(one);
        let second = t.connect(one);
        let third = t.connect(one);
        // The address's share is 2: its oldest went, the newest stays.
        first.evicted.notified().await;
        assert_eq!(t.waiting(), 2);
        let others: Vec<_> = (2..=3)
            .map(|n| t.connect(format!("10.0.0.{n}").parse().unwrap()))
            .collect();
        assert_eq!(t.waiting(), 4);
        let _late = t.connect("10.0.0.9".parse().unwrap());
        second.evicted.notified().await;
        assert_eq!(t.waiting(), 4);
        drop((third, others));
    }

    #[test]
    fn sizes_are_clamped() {
        assert_eq!(clamp_size(0, 0), (80, 24));
        assert_eq!(clamp_size(65535, 65535), (500, 200));
        assert_eq!(clamp_size(u32::MAX, 1), (500, 1));
    }
}
