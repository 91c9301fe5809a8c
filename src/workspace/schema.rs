//! The workspace's tables, created on first open, and the connection's settings.

use std::time::Duration;

use rusqlite::{Connection, ErrorCode};

/// The schema's version, kept in `PRAGMA user_version`. 2: `settings` (the lists' column
/// choice) and `watches`. Every table is created `IF NOT EXISTS`, so an older file gains the
/// new ones and keeps its rows.
const VERSION: i64 = 2;

const TABLES: &str = "
CREATE TABLE IF NOT EXISTS stores (
    title TEXT NOT NULL,
    hash TEXT NOT NULL,
    source TEXT NOT NULL,
    first_opened TEXT NOT NULL,
    last_opened TEXT NOT NULL,
    PRIMARY KEY (title, hash)
);
CREATE TABLE IF NOT EXISTS marks (
    dataset TEXT NOT NULL,
    record TEXT NOT NULL,
    kind TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (dataset, record)
);
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY,
    dataset TEXT NOT NULL,
    record TEXT NOT NULL,
    text TEXT NOT NULL,
    created TEXT NOT NULL,
    author TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notes_by_record ON notes (dataset, record);
CREATE TABLE IF NOT EXISTS tags (
    dataset TEXT NOT NULL,
    record TEXT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (dataset, record, tag)
);
CREATE TABLE IF NOT EXISTS views (
    name TEXT PRIMARY KEY,
    tab TEXT NOT NULL,
    filter TEXT NOT NULL,
    sort TEXT NOT NULL,
    columns TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS watches (
    name TEXT PRIMARY KEY,
    filter TEXT NOT NULL,
    rule TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seen (
    dataset TEXT NOT NULL,
    record TEXT NOT NULL,
    hash TEXT NOT NULL,
    seen TEXT NOT NULL,
    PRIMARY KEY (dataset, record)
);
";

/// WAL mode (readers never block the writer), then the tables in one transaction. Several
/// processes may open a new file at once: switching to WAL needs the file to itself for a
/// moment, so a busy answer there is tried again for a while.
pub(super) fn prepare(conn: &Connection) -> rusqlite::Result<()> {
    let mut tries = 0;
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)) {
            Ok(_) => break,
            Err(e) if is_busy(&e) && tries < 200 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => return Err(e),
        }
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    // The version alone is not trusted: a file at this version made by another build may
    // lack a table this one has. Every table is created if missing; nothing is dropped.
    if version >= VERSION && has_every_table(conn)? {
        return Ok(());
    }
    let version = version.max(VERSION);
    conn.execute_batch(&format!(
        "BEGIN IMMEDIATE; {TABLES} PRAGMA user_version = {version}; COMMIT;"
    ))
}

/// The tables [`TABLES`] creates.
const TABLE_NAMES: &[&str] = &[
    "stores", "marks", "notes", "tags", "views", "settings", "watches", "seen",
];

fn has_every_table(conn: &Connection) -> rusqlite::Result<bool> {
    let mut st = conn.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1")?;
    for name in TABLE_NAMES {
        if !st.exists([name])? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}
