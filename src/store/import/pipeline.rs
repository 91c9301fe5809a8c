//! Work split over worker threads whose results are consumed in order on the calling thread.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// How many worker threads to use (the rayon setting, so `RAYON_NUM_THREADS` applies).
pub fn workers() -> usize {
    rayon::current_num_threads().max(1)
}

/// Runs `work(i)` for every `i` in `0..jobs` on `threads` worker threads, taking jobs in
/// ascending order, and hands each result to `consume` on this thread in order of `i`.
/// `consume` returns false to stop: jobs not yet started are not run, results not yet
/// consumed are dropped. With one job or one thread, everything runs on this thread.
pub fn in_order<R: Send>(
    jobs: usize,
    threads: usize,
    work: impl Fn(usize) -> R + Sync,
    mut consume: impl FnMut(usize, R) -> bool,
) {
    if jobs <= 1 || threads <= 1 {
        for i in 0..jobs {
            if !consume(i, work(i)) {
                return;
            }
        }
        return;
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        // Bounded, so workers run only a little ahead of the consumer.
        let (tx, rx) = mpsc::sync_channel::<(usize, R)>(threads * 2);
        for _ in 0..threads.min(jobs) {
            let tx = tx.clone();
            let (next, stop, work) = (&next, &stop, &work);
            s.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= jobs || tx.send((i, work(i))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut want = 0;
        'recv: for (i, r) in rx.iter() {
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&want) {
                if !consume(want, r) {
                    stop.store(true, Ordering::Relaxed);
                    break 'recv;
                }
                want += 1;
            }
        }
        // Dropping the receiver (end of scope) wakes any worker blocked on a full channel.
        drop(rx);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_and_stop_early() {
        for threads in [1, 2, 3] {
            let mut seen = Vec::new();
            in_order(
                100,
                threads,
                |i| i * 2,
                |i, r| {
                    seen.push((i, r));
                    true
                },
            );
            assert_eq!(seen, (0..100).map(|i| (i, i * 2)).collect::<Vec<_>>());
            let mut seen = Vec::new();
            in_order(
                100,
                threads,
                |i| i,
                |i, _| {
                    seen.push(i);
                    i < 9
                },
            );
            assert_eq!(seen, (0..10).collect::<Vec<_>>());
        }
    }
}
