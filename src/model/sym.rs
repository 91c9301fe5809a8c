//! [`Sym`]: the interned string most of a store's repeated values are.

use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;

use rustc_hash::FxHashSet as HashSet;
use serde::{Deserialize, Deserializer, Serialize};

/// A shared, interned string for values that repeat across many records (ids used as
/// references, countries, admin areas, event types, outlets). At a million incidents these
/// are most of the strings in a store; sharing them is where the memory goes.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
// The snapshot cache (issue 18) archives the Arc shared (each distinct string once per
// chunk) and reads it back through the interner, as the JSON load does (below).
#[derive(rkyv::Archive, rkyv::Serialize)]
pub struct Sym(Arc<str>);

impl<D: rkyv::rancor::Fallible + ?Sized> rkyv::Deserialize<Sym, D> for ArchivedSym {
    fn deserialize(&self, _: &mut D) -> Result<Sym, D::Error> {
        // A string archived once is referred to by every record of its chunk: the address
        // finds its Sym without hashing the text (cleared with the interner, before the
        // snapshot is unmapped, so an address never outlives its mapping here).
        let s: &str = &self.0;
        let addr = s.as_ptr() as usize;
        ARCHIVED.with(|seen| {
            let mut seen = seen.borrow_mut();
            if let Some(sym) = seen.get(&(addr, s.len())) {
                return Ok(sym.clone());
            }
            let sym = Sym::new(s);
            seen.insert((addr, s.len()), sym.clone());
            Ok(sym)
        })
    }
}

thread_local! {
    // Per-thread so parallel parsing never contends on a lock; a value may therefore exist
    // once per loader thread, which is still a handful of copies rather than a million.
    static INTERNER: RefCell<HashSet<Arc<str>>> = RefCell::new(HashSet::default());
    // Strings of a snapshot being read (the cache, issue 18) by address and length.
    static ARCHIVED: RefCell<rustc_hash::FxHashMap<(usize, usize), Sym>> =
        RefCell::new(rustc_hash::FxHashMap::default());
}

impl Sym {
    pub fn new(s: &str) -> Sym {
        INTERNER.with(|set| {
            let mut set = set.borrow_mut();
            if let Some(existing) = set.get(s) {
                return Sym(existing.clone());
            }
            let arc: Arc<str> = Arc::from(s);
            set.insert(arc.clone());
            Sym(arc)
        })
    }

    /// Drops this thread's intern table (the strings live on in the records using them).
    pub fn clear_interner() {
        INTERNER.with(|set| set.borrow_mut().clear());
        ARCHIVED.with(|seen| seen.borrow_mut().clear());
    }

    /// Drops this thread's table of snapshot strings by address (before that mapping goes,
    /// or after a few records were read from it on a thread that reads nothing else).
    pub fn forget_archived() {
        ARCHIVED.with(|seen| seen.borrow_mut().clear());
    }

    /// Whether the two are one shared string, not only equal ones.
    pub fn shares(&self, other: &Sym) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::ops::Deref for Sym {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Sym {
    fn from(s: &str) -> Sym {
        Sym::new(s)
    }
}

impl fmt::Debug for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Sym {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Sym {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Sym, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Sym;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Sym, E> {
                Ok(Sym::new(v))
            }
        }
        d.deserialize_str(V)
    }
}

impl Sym {
    /// The distinct non-empty values among `syms`, sorted. Hashes each value's address
    /// rather than its text: interning makes equal strings one allocation (one per loader
    /// thread at most), so a million incidents cost a million integer hashes, and the few
    /// addresses left are then deduplicated by text.
    pub fn distinct<'a>(syms: impl IntoIterator<Item = &'a Sym>) -> Vec<Sym> {
        let mut by_addr: rustc_hash::FxHashMap<usize, &Sym> = Default::default();
        let mut last = None;
        for s in syms {
            let addr = Arc::as_ptr(&s.0) as *const u8 as usize;
            // Neighbouring records mostly repeat a value: skip the hash when they do.
            if last != Some(addr) {
                by_addr.entry(addr).or_insert(s);
                last = Some(addr);
            }
        }
        let mut v: Vec<Sym> = by_addr
            .into_values()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sym_interns_equal_strings() {
        let a = Sym::new("town:kayes");
        let b = Sym::new("town:kayes");
        assert!(Arc::ptr_eq(&a.0, &b.0));
    }

    #[test]
    fn distinct_merges_equal_text_held_in_separate_allocations() {
        // Two threads intern separately: the same text, two addresses.
        let here = Sym::new("Mali");
        let there = std::thread::spawn(|| Sym::new("Mali")).join().unwrap();
        assert!(!here.shares(&there));
        let empty = Sym::new("");
        let niger = Sym::new("Niger");
        let got = Sym::distinct([&niger, &here, &empty, &there, &here, &niger]);
        assert_eq!(got, [Sym::new("Mali"), Sym::new("Niger")]);
    }
}
