//! [`Incidents`]: a store's incidents, newest first, which may still be arriving.
//!
//! A store read back from its snapshot (`crate::cache`, issue 18) has every record checked
//! before it is served, but copying a million of them out of the mapped file takes about a
//! second. So the cache hands over the first few records and the last at once, and the
//! rest as a reader that runs on first use or on a background thread. What a first frame
//! reads (the count, the newest rows, the first and last record) never waits for it; the
//! slice of all records (`Deref`) waits until it is there. Until it is, a record asked for
//! by position (a search hit, a row scrolled to) is read with the [`BLOCK`] around it by a
//! block reader, so that search answers before the rest of the records are read.

use std::sync::{Arc, Mutex, OnceLock};

use crate::model::Incident;

/// Reads every incident (the cache's reader); runs once.
pub type Reader = Box<dyn FnOnce() -> Vec<Incident> + Send>;

/// Reads block `b` (records `b * BLOCK ..`, BLOCK of them or the rest); None if it cannot.
pub type BlockReader = Arc<dyn Fn(usize) -> Option<Vec<Incident>> + Send + Sync>;

/// Records read together by a [`BlockReader`]: about a millisecond of work.
pub const BLOCK: usize = 1024;

pub struct Incidents {
    all: OnceLock<Vec<Incident>>,
    /// What is known before `all` is: the count, the first records and the last one.
    len: usize,
    early: Vec<Incident>,
    last: Option<Incident>,
    reader: Mutex<Option<Reader>>,
    /// Blocks read on demand before `all` is here (empty without a block reader).
    blocks: Vec<OnceLock<Vec<Incident>>>,
    /// Dropped once `all` is here (it may hold the snapshot's mapping).
    read_block: Mutex<Option<BlockReader>>,
}

impl Incidents {
    /// Records that are all here.
    pub fn ready(all: Vec<Incident>) -> Incidents {
        Incidents {
            len: all.len(),
            all: OnceLock::from(all),
            early: Vec::new(),
            last: None,
            reader: Mutex::new(None),
            blocks: Vec::new(),
            read_block: Mutex::new(None),
        }
    }

    /// `len` records of which `early` (the first ones) and `last` are here, the whole list
    /// coming from `reader`. The reader must give exactly `len` records beginning with
    /// `early` and ending with `last` (the cache's do: they read the same checked bytes).
    pub fn arriving(
        len: usize,
        early: Vec<Incident>,
        last: Option<Incident>,
        reader: Reader,
    ) -> Incidents {
        Incidents {
            all: OnceLock::new(),
            len,
            early,
            last,
            reader: Mutex::new(Some(reader)),
            blocks: Vec::new(),
            read_block: Mutex::new(None),
        }
    }

    /// Records asked for before the rest are read come from `read_block`, a block at a time.
    pub fn with_blocks(mut self, read_block: BlockReader) -> Incidents {
        if self.all.get().is_none() {
            self.blocks = (0..self.len.div_ceil(BLOCK))
                .map(|_| OnceLock::new())
                .collect();
            self.read_block = Mutex::new(Some(read_block));
        }
        self
    }

    /// How many there are (known at once).
    pub fn len(&self) -> usize {
        self.all.get().map_or(self.len, Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether every record is here (the slice will not wait).
    pub fn is_ready(&self) -> bool {
        self.all.get().is_some()
    }

    /// The record at `i`, without waiting when it is among those already here.
    pub fn get(&self, i: usize) -> Option<&Incident> {
        if let Some(all) = self.all.get() {
            return all.get(i);
        }
        if i >= self.len {
            return None;
        }
        if let Some(inc) = self.early.get(i) {
            return Some(inc);
        }
        if i + 1 == self.len && self.last.is_some() {
            return self.last.as_ref();
        }
        if let Some(inc) = self.in_its_block(i) {
            return Some(inc);
        }
        self.all().get(i)
    }

    /// Record `i` from its block, read now if need be; None when there is no block reader
    /// (any more) or it fails (the caller then waits for every record).
    fn in_its_block(&self, i: usize) -> Option<&Incident> {
        let b = i / BLOCK;
        let slot = self.blocks.get(b)?;
        if slot.get().is_none() {
            // The reader is cloned out so that blocks are read in parallel, not under the lock.
            let read = self.read_block.lock().ok()?.clone()?;
            let want = BLOCK.min(self.len - b * BLOCK);
            let records = read(b).filter(|r| r.len() == want)?;
            // Read twice at once, the first one kept: both are the same bytes.
            let _ = slot.set(records);
        }
        slot.get()?.get(i % BLOCK)
    }

    /// The newest record.
    pub fn first(&self) -> Option<&Incident> {
        self.get(0)
    }

    /// The oldest record.
    pub fn last(&self) -> Option<&Incident> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// Every record: reads them here if the reader has not run yet, or waits for it.
    pub fn all(&self) -> &[Incident] {
        self.all.get_or_init(|| {
            let reader = self.reader.lock().ok().and_then(|mut r| r.take());
            let all = reader.map(|read| read()).unwrap_or_default();
            if let Ok(mut blocks) = self.read_block.lock() {
                blocks.take();
            }
            all
        })
    }

    /// Every record, to change or take them (reading them first if need be).
    pub fn all_mut(&mut self) -> &mut Vec<Incident> {
        self.all();
        self.early.clear();
        self.last = None;
        self.blocks.clear();
        self.all.get_mut().expect("read just above")
    }

    /// The records, taken out (reading them first if need be).
    pub fn into_vec(mut self) -> Vec<Incident> {
        std::mem::take(self.all_mut())
    }
}

impl std::ops::Deref for Incidents {
    type Target = [Incident];
    fn deref(&self) -> &[Incident] {
        self.all()
    }
}

impl std::ops::DerefMut for Incidents {
    fn deref_mut(&mut self) -> &mut [Incident] {
        self.all_mut()
    }
}

impl Default for Incidents {
    fn default() -> Incidents {
        Incidents::ready(Vec::new())
    }
}

impl Clone for Incidents {
    fn clone(&self) -> Incidents {
        Incidents::ready(self.all().to_vec())
    }
}

impl std::fmt::Debug for Incidents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Incidents")
            .field("len", &self.len())
            .field("ready", &self.is_ready())
            .finish()
    }
}

impl<'a> IntoIterator for &'a Incidents {
    type Item = &'a Incident;
    type IntoIter = std::slice::Iter<'a, Incident>;
    fn into_iter(self) -> Self::IntoIter {
        self.all().iter()
    }
}

impl PartialEq for Incidents {
    fn eq(&self, other: &Incidents) -> bool {
        self.all() == other.all()
    }
}

impl From<Vec<Incident>> for Incidents {
    fn from(v: Vec<Incident>) -> Incidents {
        Incidents::ready(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn sample() -> Vec<Incident> {
        let mut v = crate::store::Store::open(None)
            .unwrap()
            .incidents
            .into_vec();
        v.truncate(6);
        v
    }

    #[test]
    fn what_arrived_early_is_read_without_running_the_reader() {
        let all = sample();
        let runs = Arc::new(AtomicUsize::new(0));
        let r = runs.clone();
        let rest = all.clone();
        let incs = Incidents::arriving(
            all.len(),
            all[..2].to_vec(),
            all.last().cloned(),
            Box::new(move || {
                r.fetch_add(1, Ordering::SeqCst);
                rest
            }),
        );
        assert_eq!(incs.len(), 6);
        assert_eq!(incs.first().unwrap().id, all[0].id);
        assert_eq!(incs.get(1).unwrap().id, all[1].id);
        assert_eq!(incs.last().unwrap().id, all[5].id);
        assert!(!incs.is_ready());
        assert_eq!(
            runs.load(Ordering::SeqCst),
            0,
            "nothing waited for the rest"
        );
        assert_eq!(
            incs.get(3).unwrap().id,
            all[3].id,
            "a later record reads them all"
        );
        assert!(incs.is_ready());
        let ids: Vec<&str> = incs.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, all.iter().map(|i| i.id.as_str()).collect::<Vec<_>>());
        assert_eq!(runs.load(Ordering::SeqCst), 1, "the reader runs once");
    }

    #[test]
    fn threads_asking_at_once_wait_for_one_read() {
        let all = sample();
        let runs = Arc::new(AtomicUsize::new(0));
        let r = runs.clone();
        let rest = all.clone();
        let incs = Arc::new(Incidents::arriving(
            all.len(),
            Vec::new(),
            None,
            Box::new(move || {
                r.fetch_add(1, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(30));
                rest
            }),
        ));
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let incs = incs.clone();
                std::thread::spawn(move || incs.len() + incs.iter().count())
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), 12);
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn changing_the_records_reads_them_first_and_keeps_the_count_true() {
        let all = sample();
        let rest = all.clone();
        let mut incs =
            Incidents::arriving(all.len(), all[..1].to_vec(), None, Box::new(move || rest));
        incs.all_mut().pop();
        assert_eq!(incs.len(), 5);
        incs[0].summary = "changed".into();
        assert_eq!(incs.first().unwrap().summary, "changed");
        assert_eq!(incs.into_vec().len(), 5);
    }

    /// 2,500 records (three blocks, the last short) with distinct ids.
    fn many() -> Vec<Incident> {
        let one = sample().remove(0);
        (0..2500)
            .map(|n| Incident {
                id: format!("X{n}"),
                ..one.clone()
            })
            .collect()
    }

    fn block_reader(all: &[Incident], reads: Arc<AtomicUsize>) -> BlockReader {
        let all = all.to_vec();
        Arc::new(move |b| {
            reads.fetch_add(1, Ordering::SeqCst);
            let end = ((b + 1) * BLOCK).min(all.len());
            Some(all[b * BLOCK..end].to_vec())
        })
    }

    #[test]
    fn a_record_past_the_early_ones_is_read_with_its_block_not_with_all() {
        let all = many();
        let (runs, reads) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (r, rest) = (runs.clone(), all.clone());
        let incs = Incidents::arriving(
            all.len(),
            all[..10].to_vec(),
            None,
            Box::new(move || {
                r.fetch_add(1, Ordering::SeqCst);
                rest
            }),
        )
        .with_blocks(block_reader(&all, reads.clone()));
        assert_eq!(incs.get(1500).unwrap().id, "X1500");
        assert_eq!(incs.get(1024).unwrap().id, "X1024");
        assert_eq!(incs.get(2499).unwrap().id, "X2499", "the short last block");
        assert!(
            incs.get(2500).is_none(),
            "past the end, without reading the rest"
        );
        assert!(!incs.is_ready());
        assert_eq!(
            runs.load(Ordering::SeqCst),
            0,
            "nothing waited for the rest"
        );
        assert_eq!(reads.load(Ordering::SeqCst), 2, "blocks 1 and 2, each once");
        assert_eq!(incs.len(), 2500);
        assert_eq!(incs.iter().count(), 2500);
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_block_reader_that_fails_or_miscounts_falls_back_to_every_record() {
        let all = many();
        let rest = all.clone();
        let short: BlockReader = Arc::new(|_| Some(Vec::new()));
        let incs = Incidents::arriving(all.len(), Vec::new(), None, Box::new(move || rest))
            .with_blocks(short);
        assert_eq!(incs.get(1500).unwrap().id, "X1500");
        assert!(
            incs.is_ready(),
            "the count was wrong, so every record was read"
        );
        let rest = all.clone();
        let failing: BlockReader = Arc::new(|_| None);
        let incs = Incidents::arriving(all.len(), Vec::new(), None, Box::new(move || rest))
            .with_blocks(failing);
        assert_eq!(incs.get(7).unwrap().id, "X7");
        assert!(incs.is_ready());
    }

    #[test]
    fn the_block_reader_is_let_go_once_every_record_is_here() {
        let all = many();
        let reads = Arc::new(AtomicUsize::new(0));
        let reader = block_reader(&all, reads.clone());
        let held = Arc::downgrade(&reader);
        let rest = all.clone();
        let incs = Incidents::arriving(all.len(), Vec::new(), None, Box::new(move || rest))
            .with_blocks(reader);
        assert_eq!(incs.get(3).unwrap().id, "X3");
        assert!(held.upgrade().is_some());
        incs.all();
        assert!(held.upgrade().is_none(), "the snapshot's mapping can go");
        // Blocks read before are still served; the rest come from every record.
        assert_eq!(incs.get(2000).unwrap().id, "X2000");
        assert_eq!(reads.load(Ordering::SeqCst), 1);
    }
}
