//! One snapshot file: its layout, how it is written and how it is checked and read back.
//!
//! Layout: sections, each a standalone rkyv archive aligned to 16 bytes, then a table of
//! sections (offset, length, xxh3 checksum), then a 128-byte footer. Section 0 is the store
//! without its incidents, 1 the search index, 2 the description (plain UTF-8: the canonical
//! source path, or a joined store's parts, see `joined.rs`), 3 the extra section (a joined
//! store's matches; empty for one file), 4 and on the incidents in chunks of [`CHUNK`].
//! Chunks are separate archives so that they are checked and read back on all cores at
//! once.
//!
//! The footer says what the file is (magic, schema, a fingerprint of the types archived,
//! the sitrep version) and what it was made from (the source's size, modification time and
//! content hash), and closes with a checksum of itself and the table. Every section's
//! checksum is compared and every archive validated (bytecheck) before anything is read
//! from it, so a truncated, bit-flipped or foreign file is refused, never trusted.
//!
//! The file is mapped, not read. A mapped file truncated while it is read would kill the
//! process with SIGBUS (issue 13); snapshot files are sitrep's own, written whole to a
//! temporary file and renamed into place, and never modified in place afterwards, so a
//! mapping always sees the complete file it opened (a rename replaces the name, not the
//! inode under the mapping). Anyone editing this module must keep it so.

use std::io::{self, Write};
use std::path::Path;

use rayon::prelude::*;
use rkyv::rancor;
use rkyv::vec::{ArchivedVec, VecResolver};
use rkyv::{Archive, Place, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::model::{ArchivedIncident, Incident};
use crate::search::SearchIndex;
use crate::store::incidents::{BLOCK, BlockReader, Incidents, Reader};
use crate::store::{ArchivedStore, Store};

const MAGIC: &[u8; 8] = b"SITRSNAP";
/// Bump when the layout of this file changes (the fingerprint covers the archived types).
pub const SCHEMA: u32 = 5;
const FOOTER: usize = 128;
/// Incidents per archived chunk: small, so that a few records can be read (and their chunk
/// validated) in about a millisecond before the rest are; a multiple of [`BLOCK`].
const CHUNK: usize = 4 * BLOCK;
const FIRST_CHUNK: usize = 4;
/// Incidents read back before a restored store is served (the rest on first use): more
/// than a browser's first screens show.
const EARLY: usize = 4096;

/// What a snapshot was made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Identity {
    pub size: u64,
    pub mtime_ns: i64,
    pub hash: u64,
    /// The source's inode-change time and inode when it was loaded: with its size and
    /// modification time, what lets a later open skip hashing it (see `cache::unchanged`).
    /// Zero in a joined snapshot's footer (its parts carry their own).
    pub ctime_ns: i64,
    pub ino: u64,
}

/// The fingerprint of this build's archived types: the source text of every type the
/// snapshot holds, the sitrep version and the schema. A build whose model differs in any
/// way (a field added by another change) refuses the older snapshots instead of misreading.
pub fn fingerprint() -> u64 {
    let mut h = Xxh3::new();
    for text in [
        include_str!("../model/mod.rs"),
        include_str!("../model/fatalities.rs"),
        include_str!("../model/precision.rs"),
        include_str!("../model/archive.rs"),
        include_str!("../store/mod.rs"),
        include_str!("../store/problem.rs"),
        include_str!("../search/index.rs"),
        include_str!("file.rs"),
    ] {
        h.update(text.as_bytes());
    }
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(&SCHEMA.to_le_bytes());
    h.digest()
}

fn version_bytes() -> [u8; 16] {
    let mut v = [0u8; 16];
    let s = env!("CARGO_PKG_VERSION").as_bytes();
    let n = s.len().min(16);
    v[..n].copy_from_slice(&s[..n]);
    v
}

/// The footer, as read back.
#[derive(Clone, Debug, PartialEq)]
pub struct Footer {
    pub schema: u32,
    pub fingerprint: u64,
    pub version: String,
    pub source: Identity,
    pub sections: u64,
    pub table_offset: u64,
    pub created_secs: u64,
    pub incidents: u64,
    /// The store's content hash (`Store::content_hash`), so a restore need not work it out.
    pub content_hash: u64,
}

#[derive(Clone, Copy, Debug)]
struct Section {
    offset: u64,
    len: u64,
    checksum: u64,
}

/// `&[Incident]` archived as a `Vec<Incident>`, without copying the slice.
struct IncidentChunk<'a>(&'a [Incident]);

impl Archive for IncidentChunk<'_> {
    type Archived = ArchivedVec<ArchivedIncident>;
    type Resolver = VecResolver;

    fn resolve(&self, resolver: VecResolver, out: Place<Self::Archived>) {
        ArchivedVec::resolve_from_slice(self.0, resolver, out);
    }
}

impl<S> Serialize<S> for IncidentChunk<'_>
where
    S: rancor::Fallible + rkyv::ser::Allocator + rkyv::ser::Writer + ?Sized,
    Incident: Serialize<S>,
{
    fn serialize(&self, s: &mut S) -> Result<VecResolver, S::Error> {
        ArchivedVec::serialize_from_slice(self.0, s)
    }
}

/// Counts what it writes, to place the sections.
struct Counting<'a> {
    out: &'a mut dyn Write,
    pos: u64,
}

impl Counting<'_> {
    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.pos += bytes.len() as u64;
        Ok(())
    }

    fn section(&mut self, table: &mut Vec<Section>, bytes: &[u8]) -> io::Result<()> {
        let pad = (16 - self.pos % 16) % 16;
        self.put(&[0u8; 16][..pad as usize])?;
        table.push(Section {
            offset: self.pos,
            len: bytes.len() as u64,
            checksum: xxh3_64(bytes),
        });
        self.put(bytes)
    }
}

fn archive_err(e: rancor::Error) -> io::Error {
    io::Error::other(format!("archiving: {e}"))
}

/// Writes the snapshot of `store` and `index` into `out` (the caller makes it atomic), with
/// its description (the source path, or a joined store's parts) and extra section.
pub fn write_into(
    out: &mut dyn Write,
    store: &Store,
    index: &SearchIndex,
    description: &str,
    extra: &[u8],
    source: Identity,
) -> io::Result<()> {
    let mut w = Counting { out, pos: 0 };
    let mut table = Vec::new();
    let rest = rkyv::to_bytes::<rancor::Error>(store).map_err(archive_err)?;
    w.section(&mut table, &rest)?;
    drop(rest);
    let idx = rkyv::to_bytes::<rancor::Error>(index).map_err(archive_err)?;
    w.section(&mut table, &idx)?;
    drop(idx);
    w.section(&mut table, description.as_bytes())?;
    w.section(&mut table, extra)?;
    for chunk in store.incidents.chunks(CHUNK) {
        let bytes = rkyv::to_bytes::<rancor::Error>(&IncidentChunk(chunk)).map_err(archive_err)?;
        w.section(&mut table, &bytes)?;
    }
    let table_offset = w.pos;
    let mut table_bytes = Vec::with_capacity(table.len() * 24);
    for s in &table {
        for v in [s.offset, s.len, s.checksum] {
            table_bytes.extend_from_slice(&v.to_le_bytes());
        }
    }
    w.put(&table_bytes)?;
    let created = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut f = [0u8; FOOTER];
    f[0..8].copy_from_slice(MAGIC);
    f[8..12].copy_from_slice(&SCHEMA.to_le_bytes());
    f[16..24].copy_from_slice(&fingerprint().to_le_bytes());
    f[24..40].copy_from_slice(&version_bytes());
    f[40..48].copy_from_slice(&source.size.to_le_bytes());
    f[48..56].copy_from_slice(&source.mtime_ns.to_le_bytes());
    f[56..64].copy_from_slice(&source.hash.to_le_bytes());
    f[64..72].copy_from_slice(&(table.len() as u64).to_le_bytes());
    f[72..80].copy_from_slice(&table_offset.to_le_bytes());
    f[80..88].copy_from_slice(&created.to_le_bytes());
    f[88..96].copy_from_slice(&(store.incidents.len() as u64).to_le_bytes());
    f[96..104].copy_from_slice(&source.ctime_ns.to_le_bytes());
    f[104..112].copy_from_slice(&source.ino.to_le_bytes());
    f[112..120].copy_from_slice(&store.content_hash().to_le_bytes());
    let sum = footer_checksum(&table_bytes, &f[..FOOTER - 8]);
    f[FOOTER - 8..].copy_from_slice(&sum.to_le_bytes());
    w.put(&f)
}

fn footer_checksum(table: &[u8], footer: &[u8]) -> u64 {
    let mut h = Xxh3::new();
    h.update(table);
    h.update(footer);
    h.digest()
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut v = [0u8; 8];
    v.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(v)
}

/// A snapshot file, mapped, with its footer and table checked.
pub struct Mapped {
    map: memmap2::Mmap,
    pub footer: Footer,
    table: Vec<Section>,
}

/// Maps `path` and checks its footer and table: what it is (magic, checksum) and whether
/// this build can read it (schema, fingerprint, version). Sections are checked when read.
pub fn open(path: &Path) -> Result<Mapped, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    // SAFETY: snapshot files are never modified in place (see the module comment): they are
    // written to a temporary file and renamed, so the mapped inode never shrinks.
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| format!("cannot map: {e}"))?;
    let len = map.len();
    if len < FOOTER {
        return Err(format!("truncated ({len} bytes)"));
    }
    let f = &map[len - FOOTER..];
    if &f[0..8] != MAGIC {
        return Err("not a sitrep snapshot (or truncated)".into());
    }
    let sections = u64_at(f, 64);
    let table_offset = u64_at(f, 72);
    let table_len = sections.checked_mul(24).ok_or("corrupt section count")?;
    if table_offset.checked_add(table_len) != Some((len - FOOTER) as u64) {
        return Err("truncated or corrupt (table out of place)".into());
    }
    let table_bytes = &map[table_offset as usize..len - FOOTER];
    if footer_checksum(table_bytes, &f[..FOOTER - 8]) != u64_at(f, FOOTER - 8) {
        return Err("corrupt (footer checksum differs)".into());
    }
    let version_raw = &f[24..40];
    let version_end = version_raw.iter().position(|&b| b == 0).unwrap_or(16);
    let footer = Footer {
        schema: u32::from_le_bytes([f[8], f[9], f[10], f[11]]),
        fingerprint: u64_at(f, 16),
        version: String::from_utf8_lossy(&version_raw[..version_end]).into_owned(),
        source: Identity {
            size: u64_at(f, 40),
            mtime_ns: u64_at(f, 48) as i64,
            hash: u64_at(f, 56),
            ctime_ns: u64_at(f, 96) as i64,
            ino: u64_at(f, 104),
        },
        content_hash: u64_at(f, 112),
        sections,
        table_offset,
        created_secs: u64_at(f, 80),
        incidents: u64_at(f, 88),
    };
    let table: Vec<Section> = table_bytes
        .chunks_exact(24)
        .map(|c| Section {
            offset: u64_at(c, 0),
            len: u64_at(c, 8),
            checksum: u64_at(c, 16),
        })
        .collect();
    if table.len() < FIRST_CHUNK
        || table.iter().any(|s| {
            s.offset % 16 != 0 || s.offset.checked_add(s.len).is_none_or(|e| e > table_offset)
        })
    {
        return Err("corrupt (a section out of bounds)".into());
    }
    // Sections in order, back to back but for zeroed alignment padding: with the section
    // checksums and the footer's, every byte of the file is checked.
    let mut end = 0u64;
    for s in &table {
        let gap = s
            .offset
            .checked_sub(end)
            .ok_or("corrupt (sections overlap)")?;
        if gap >= 16 || map[end as usize..s.offset as usize].iter().any(|&b| b != 0) {
            return Err("corrupt (padding between sections)".into());
        }
        end = s.offset + s.len;
    }
    if end != table_offset {
        return Err("corrupt (a gap before the table)".into());
    }
    Ok(Mapped { map, footer, table })
}

impl Mapped {
    /// Whether this build wrote such a file; the reason if not.
    pub fn readable(&self) -> Result<(), String> {
        let f = &self.footer;
        if f.schema != SCHEMA || f.version != env!("CARGO_PKG_VERSION") {
            return Err(format!(
                "written by sitrep {} (schema {}), this is {} (schema {SCHEMA})",
                f.version,
                f.schema,
                env!("CARGO_PKG_VERSION")
            ));
        }
        if f.fingerprint != fingerprint() {
            return Err(format!(
                "written by another build of sitrep {} (its record types differ)",
                f.version
            ));
        }
        Ok(())
    }

    /// A section's bytes, once its checksum matches.
    fn bytes(&self, i: usize) -> Result<&[u8], String> {
        let s = self.table.get(i).ok_or("corrupt (a section is missing)")?;
        let b = &self.map[s.offset as usize..(s.offset + s.len) as usize];
        if xxh3_64(b) != s.checksum {
            return Err(format!("corrupt (section {i} checksum differs)"));
        }
        Ok(b)
    }

    /// The source path the snapshot was made from, as recorded (a joined snapshot's
    /// description: its parts).
    pub fn source_path(&self) -> String {
        self.bytes(2)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default()
    }

    /// The description, checked.
    pub fn description(&self) -> Result<String, String> {
        let b = self.bytes(2)?;
        String::from_utf8(b.to_vec()).map_err(|_| "corrupt (a description not UTF-8)".into())
    }

    /// The extra section, checked (empty for a single file's snapshot).
    pub fn extra(&self) -> Result<&[u8], String> {
        self.bytes(3)
    }

    /// Checks every section and reads the store and index back, on all cores. Of the
    /// incidents, only the first [`EARLY`] and the last are read here; the rest are read
    /// by the store's [`Incidents`] reader, from sections already checked, on first use.
    pub fn restore(self, source: String) -> Result<(Store, SearchIndex), String> {
        self.readable()?;
        // The recorded path is not read back, but a snapshot with any part damaged is refused.
        self.bytes(2)?;
        self.bytes(3)?;
        let ((rest, index), incidents) = rayon::join(
            || rayon::join(|| self.restore_rest(), || self.restore_index()),
            || self.check_incidents(),
        );
        // Strings were interned per reading thread; the tables go, the strings stay.
        clear_interners();
        let (rest, index, checked) = (rest?, index?, incidents?);
        let n = checked.count;
        if index.incidents() != n {
            return Err("corrupt (the search index disagrees on the incidents)".into());
        }
        let content_hash = self.footer.content_hash;
        let mapped = std::sync::Arc::new(self);
        let all = mapped.clone();
        let reader: Reader = Box::new(move || all.read_incidents());
        let read_block: BlockReader = std::sync::Arc::new(move |b| mapped.read_block(b));
        let incidents =
            Incidents::arriving(n, checked.early, checked.last, reader).with_blocks(read_block);
        let store = rest
            .restored(source, incidents)
            .ok_or("corrupt (an index names a record that is not there)")?;
        store.know_content_hash(content_hash);
        Ok((store, index))
    }

    fn restore_rest(&self) -> Result<Store, String> {
        let b = self.bytes(0)?;
        let archived = rkyv::access::<ArchivedStore, rancor::Error>(b)
            .map_err(|e| format!("invalid store section: {e}"))?;
        rkyv::deserialize::<Store, rancor::Error>(archived)
            .map_err(|e| format!("unreadable store section: {e}"))
    }

    fn restore_index(&self) -> Result<SearchIndex, String> {
        let b = self.bytes(1)?;
        let archived = rkyv::access::<rkyv::Archived<SearchIndex>, rancor::Error>(b)
            .map_err(|e| format!("invalid search section: {e}"))?;
        rkyv::deserialize::<SearchIndex, rancor::Error>(archived)
            .map_err(|e| format!("unreadable search section: {e}"))
    }

    /// The incident chunks, validated (by rkyv; `checksums` first when asked).
    fn incident_chunks(&self, checksums: bool) -> Result<Vec<&[ArchivedIncident]>, String> {
        (FIRST_CHUNK..self.table.len())
            .into_par_iter()
            .map(|i| {
                let b = if checksums {
                    self.bytes(i)?
                } else {
                    self.raw(i)?
                };
                rkyv::access::<ArchivedVec<ArchivedIncident>, rancor::Error>(b)
                    .map(|v| v.as_slice())
                    .map_err(|e| format!("invalid incident section {i}: {e}"))
            })
            .collect()
    }

    /// Checks every incident chunk (checksum, validation, chunk sizes, and every date one
    /// that reads back, the one thing validation leaves) and reads the first [`EARLY`] and
    /// the last.
    fn check_incidents(&self) -> Result<CheckedIncidents, String> {
        let parts = self.incident_chunks(true)?;
        let n: usize = parts.iter().map(|p| p.len()).sum();
        if n as u64 != self.footer.incidents || parts.iter().rev().skip(1).any(|p| p.len() != CHUNK)
        {
            return Err("corrupt (incident chunks of the wrong size)".into());
        }
        let dated = parts
            .par_iter()
            .all(|p| p.iter().all(crate::model::archive::days_read_back));
        if !dated {
            return Err("unreadable incident (a date out of range)".into());
        }
        let pool = &mut rkyv::de::Pool::new();
        let de = |a: &ArchivedIncident, pool: &mut rkyv::de::Pool| {
            rkyv::api::deserialize_using::<Incident, _, rancor::Error>(a, pool)
                .map_err(|e| format!("unreadable incident: {e}"))
        };
        let first = parts.first().copied().unwrap_or_default();
        let early = first[..first.len().min(EARLY)]
            .iter()
            .map(|a| de(a, pool))
            .collect::<Result<Vec<_>, _>>()?;
        let last = match parts.last().and_then(|p| p.last()) {
            Some(a) => Some(de(a, pool)?),
            None => None,
        };
        Ok(CheckedIncidents {
            count: n,
            early,
            last,
        })
    }

    /// Block `b` of the incidents (see [`Incidents`]), from its chunk validated again (a
    /// chunk is small enough for that to take about a millisecond); None if it does not read.
    fn read_block(&self, b: usize) -> Option<Vec<Incident>> {
        let n = self.footer.incidents as usize;
        let (start, end) = (b * BLOCK, ((b + 1) * BLOCK).min(n));
        let bytes = self.raw(FIRST_CHUNK + start / CHUNK).ok()?;
        let chunk = rkyv::access::<ArchivedVec<ArchivedIncident>, rancor::Error>(bytes).ok()?;
        let pool = &mut rkyv::de::Pool::new();
        let records = (start..end)
            .map(|i| {
                let a = chunk.get(i % CHUNK)?;
                rkyv::api::deserialize_using::<Incident, _, rancor::Error>(a, pool).ok()
            })
            .collect();
        // This thread may read nothing else from the mapping, which may go before it does.
        crate::model::Sym::forget_archived();
        records
    }

    /// Every incident, read back on all cores from the chunks [`Self::check_incidents`]
    /// checked (validated again here, so that nothing is read from bytes unchecked).
    fn read_incidents(&self) -> Vec<Incident> {
        let read = || -> Result<Vec<Incident>, String> {
            let parts = self.incident_chunks(false)?;
            let n: usize = parts.iter().map(|p| p.len()).sum();
            let Some(first) = parts.first().and_then(|p| p.first()) else {
                return Ok(Vec::new());
            };
            let stand_in = rkyv::api::deserialize_using::<Incident, _, rancor::Error>(
                first,
                &mut rkyv::de::Pool::new(),
            )
            .map_err(|e| format!("unreadable incident: {e}"))?;
            let mut out = Vec::with_capacity(n);
            let failed = std::sync::atomic::AtomicBool::new(false);
            (0..n)
                .into_par_iter()
                .map_init(
                    || (rkyv::de::Pool::new(), usize::MAX),
                    |(pool, chunk), i| {
                        // A string is archived once per chunk, so its address is worth knowing
                        // only within the chunk: forgetting the addresses at each new chunk keeps
                        // the table small (the interner still shares strings across chunks).
                        if i / CHUNK != *chunk {
                            *chunk = i / CHUNK;
                            crate::model::Sym::forget_archived();
                        }
                        let a = &parts[i / CHUNK][i % CHUNK];
                        rkyv::api::deserialize_using::<Incident, _, rancor::Error>(a, pool)
                            .unwrap_or_else(|_| {
                                failed.store(true, std::sync::atomic::Ordering::Relaxed);
                                stand_in.clone()
                            })
                    },
                )
                .collect_into_vec(&mut out);
            if failed.into_inner() {
                return Err("an incident no longer reads back".into());
            }
            Ok(out)
        };
        // On threads of their own, whichever thread asked first: in the shared pool, this
        // second of work would hold up every parallel step of the first frame queued behind.
        let in_own_pool = || {
            let out = read();
            // Before the mapping goes: the interners know its strings by address.
            clear_interners();
            out
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("sitrep-restore-{i}"))
            .build();
        let out = match pool {
            Ok(pool) => pool.install(in_own_pool),
            Err(_) => in_own_pool(),
        };
        out.unwrap_or_else(|e| {
            // Checked when it was opened, the file has been changed in place since, which
            // sitrep never does (see the module comment). The records cannot be trusted.
            log::error!(target: "sitrep::cache", "{}: {e}", self.footer.version);
            panic!("the snapshot changed while it was read: {e}")
        })
    }

    /// A section's bytes, unchecked (for a second look at a section already checked).
    fn raw(&self, i: usize) -> Result<&[u8], String> {
        let s = self.table.get(i).ok_or("corrupt (a section is missing)")?;
        Ok(&self.map[s.offset as usize..(s.offset + s.len) as usize])
    }
}

/// What [`Mapped::check_incidents`] found: the count, the first records and the last.
struct CheckedIncidents {
    count: usize,
    early: Vec<Incident>,
    last: Option<Incident>,
}

/// Drops the per-thread intern tables of every reading thread (see `Sym`).
fn clear_interners() {
    rayon::broadcast(|_| crate::model::Sym::clear_interner());
    crate::model::Sym::clear_interner();
}

/// Overwrites bytes of a snapshot's footer at `at` (0 is the magic) and seals it again with
/// a valid checksum: a snapshot as another version or build would have written it.
#[cfg(test)]
pub fn patch_footer(path: &Path, at: usize, bytes: &[u8]) {
    let mut all = std::fs::read(path).unwrap();
    let len = all.len();
    let f0 = len - FOOTER;
    all[f0 + at..f0 + at + bytes.len()].copy_from_slice(bytes);
    let table_offset = u64_at(&all[f0..], 72) as usize;
    let sum = footer_checksum(&all[table_offset..f0], &all[f0..len - 8]);
    all[len - 8..].copy_from_slice(&sum.to_le_bytes());
    super::tests::replace(path, all);
}

/// Where the footer's fields are, for [`patch_footer`].
#[cfg(test)]
pub mod at {
    pub const SCHEMA: usize = 8;
    pub const FINGERPRINT: usize = 16;
    pub const VERSION: usize = 24;
    pub const CREATED: usize = 80;
    pub const CONTENT_HASH: usize = 112;
}
