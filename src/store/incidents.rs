//! [`Incidents`]: a store's incidents, newest first, which may still be arriving.
//!
//! A store read back from its snapshot (`crate::cache`, issue 18) has every record checked
//! before it is served, but copying a million of them out of the mapped file takes about a
//! second. So the cache hands over the first few records and the last at once, and the
//! rest as a reader that runs on first use or on a background thread. What a first frame
//! reads (the count, the newest rows, the first and last record) never waits for it; the
//! slice of all records (`Deref`) waits until it is there.

use std::sync::{Mutex, OnceLock};

use crate::model::Incident;

/// Reads every incident (the cache's reader); runs once.
pub type Reader = Box<dyn FnOnce() -> Vec<Incident> + Send>;

pub struct Incidents {
    all: OnceLock<Vec<Incident>>,
    /// What is known before `all` is: the count, the first records and the last one.
    len: usize,
    early: Vec<Incident>,
    last: Option<Incident>,
    reader: Mutex<Option<Reader>>,
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
        }
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
        if let Some(inc) = self.early.get(i) {
            return Some(inc);
        }
        if i + 1 == self.len && self.last.is_some() {
            return self.last.as_ref();
        }
        self.all().get(i)
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
            reader.map(|read| read()).unwrap_or_default()
        })
    }

    /// Every record, to change or take them (reading them first if need be).
    pub fn all_mut(&mut self) -> &mut Vec<Incident> {
        self.all();
        self.early.clear();
        self.last = None;
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
    use std::sync::Arc;
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
}
