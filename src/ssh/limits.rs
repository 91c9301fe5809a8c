//! Limits that keep one client, or many, from taking the server down: concurrent sessions,
//! connections per address, failed logins per address, and the bookkeeping behind them.
//! Counters are released by guards, so a session that ends in any way gives its place back.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub struct Limits {
    /// Browser sessions (shell channels) open at once, across all connections.
    pub max_sessions: usize,
    /// Connections at once from one address.
    pub max_conns_per_addr: usize,
    /// Connections at once in all (logged in or not).
    pub max_conns: usize,
    /// Session channels one connection may open.
    pub max_channels_per_conn: usize,
    /// Failed authentication attempts one connection may make before it is dropped.
    pub max_auth_attempts: usize,
    /// Failed attempts from one address within `auth_window` before its new connections are
    /// refused until the window passes.
    pub max_auth_failures_per_addr: usize,
    pub auth_window: Duration,
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
            max_conns_per_addr: 16,
            max_conns: 256,
            max_channels_per_conn: 4,
            max_auth_attempts: 6,
            max_auth_failures_per_addr: 30,
            auth_window: Duration::from_secs(600),
            login_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(30 * 60),
            max_output_queue: 1 << 20,
            max_input_queue: 256,
        }
    }
}

#[derive(Default)]
struct Addr {
    conns: usize,
    failures: Vec<Instant>,
}

#[derive(Default)]
struct Counts {
    sessions: usize,
    conns: usize,
    by_addr: HashMap<IpAddr, Addr>,
}

/// Shared counters. Cheap to clone.
#[derive(Clone)]
pub struct Tracker {
    limits: Arc<Limits>,
    counts: Arc<Mutex<Counts>>,
}

/// Why a connection or session was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    TooManyFromAddr(usize),
    TooManyFailures(usize),
    TooManyConns(usize),
    Full(usize),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::TooManyFromAddr(n) => {
                write!(f, "{n} connections already open from this address")
            }
            Refusal::TooManyFailures(n) => {
                write!(f, "{n} failed logins from this address recently")
            }
            Refusal::TooManyConns(n) => write!(f, "{n} connections already open"),
            Refusal::Full(n) => write!(f, "the server is full ({n} sessions)"),
        }
    }
}

/// Holds a connection's place; released on drop.
pub struct ConnGuard {
    tracker: Tracker,
    addr: IpAddr,
}

/// Holds a session's place; released on drop.
pub struct SessionGuard {
    tracker: Tracker,
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

    /// A new connection from `addr`, if it is allowed.
    pub fn connect(&self, addr: IpAddr) -> Result<ConnGuard, Refusal> {
        let mut c = self.lock();
        if c.conns >= self.limits.max_conns {
            return Err(Refusal::TooManyConns(c.conns));
        }
        let window = self.limits.auth_window;
        let a = c.by_addr.entry(addr).or_default();
        a.failures.retain(|t| t.elapsed() < window);
        if a.failures.len() >= self.limits.max_auth_failures_per_addr {
            return Err(Refusal::TooManyFailures(a.failures.len()));
        }
        if a.conns >= self.limits.max_conns_per_addr {
            return Err(Refusal::TooManyFromAddr(a.conns));
        }
        a.conns += 1;
        c.conns += 1;
        Ok(ConnGuard {
            tracker: self.clone(),
            addr,
        })
    }

    /// Records a failed authentication attempt from `addr`.
    pub fn auth_failed(&self, addr: IpAddr) {
        let mut c = self.lock();
        let a = c.by_addr.entry(addr).or_default();
        a.failures.push(Instant::now());
        // Bounded: only the count within the window matters.
        let keep = self.limits.max_auth_failures_per_addr + 1;
        if a.failures.len() > keep {
            let drop = a.failures.len() - keep;
            a.failures.drain(..drop);
        }
    }

    /// A new browser session, if there is room.
    pub fn open_session(&self) -> Result<SessionGuard, Refusal> {
        let mut c = self.lock();
        if c.sessions >= self.limits.max_sessions {
            return Err(Refusal::Full(c.sessions));
        }
        c.sessions += 1;
        Ok(SessionGuard {
            tracker: self.clone(),
        })
    }

    pub fn sessions(&self) -> usize {
        self.lock().sessions
    }
}

impl Drop for ConnGuard {
    fn drop(&mut self) {
        let mut c = self.tracker.lock();
        c.conns = c.conns.saturating_sub(1);
        if let Some(a) = c.by_addr.get_mut(&self.addr) {
            a.conns = a.conns.saturating_sub(1);
            if a.conns == 0 && a.failures.is_empty() {
                c.by_addr.remove(&self.addr);
            }
        }
    }
}

impl Drop for SessionGuard {
    fn drop(&mut self) {
        let mut c = self.tracker.lock();
        c.sessions = c.sessions.saturating_sub(1);
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
    fn per_address_and_session_limits_release_on_drop() {
        let t = Tracker::new(Limits {
            max_sessions: 1,
            max_conns_per_addr: 2,
            ..Limits::default()
        });
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let a = t.connect(ip).unwrap();
        let _b = t.connect(ip).unwrap();
        assert_eq!(t.connect(ip).err(), Some(Refusal::TooManyFromAddr(2)));
        drop(a);
        let _c = t.connect(ip).unwrap();
        let s = t.open_session().unwrap();
        assert!(t.open_session().is_err());
        drop(s);
        assert!(t.open_session().is_ok());
    }

    #[test]
    fn failures_lock_an_address_out() {
        let t = Tracker::new(Limits {
            max_auth_failures_per_addr: 3,
            ..Limits::default()
        });
        let ip: IpAddr = "10.0.0.9".parse().unwrap();
        for _ in 0..3 {
            t.auth_failed(ip);
        }
        assert_eq!(t.connect(ip).err(), Some(Refusal::TooManyFailures(3)));
        assert!(t.connect("10.0.0.8".parse().unwrap()).is_ok());
    }

    #[test]
    fn sizes_are_clamped() {
        assert_eq!(clamp_size(0, 0), (80, 24));
        assert_eq!(clamp_size(65535, 65535), (500, 200));
        assert_eq!(clamp_size(u32::MAX, 1), (500, 1));
    }
}
