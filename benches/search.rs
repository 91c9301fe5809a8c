//! Search benchmark: `SITREP_BENCH_STORE=big.json cargo bench --bench search`
//! (default: the built-in sample). Prints index build time and size, then for each query the
//! full-search time and the per-keystroke times of typing it through a TypeAhead.
//! Plain timing, no harness: the figures go in the README next to `fzf --filter`'s.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use sitrep::search::{SearchIndex, TypeAhead, label_with_highlights, search};
use sitrep::store::Store;

const QUERIES: &[&str] = &[
    "jnim",
    "sandre",
    "kayes jnim",
    "menaka issp",
    "timbuktu",
    "segou attack",
];
const RUNS: usize = 5;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let path = std::env::var_os("SITREP_BENCH_STORE").map(PathBuf::from);
    let t = Instant::now();
    let store = Store::open(path.as_deref()).expect("opening the store");
    println!(
        "store {} incidents, load {:.0} ms",
        store.incidents.len(),
        ms(t.elapsed())
    );
    let t = Instant::now();
    let index = SearchIndex::build(&store);
    println!(
        "index build {:.0} ms, {:.1} MiB heap, {} distinct words",
        ms(t.elapsed()),
        index.heap_bytes() as f64 / (1 << 20) as f64,
        index.vocabulary()
    );
    println!(
        "{:<14} {:>9} {:>9} {:>12} {:>12} {:>12}",
        "query", "total", "full_ms", "key_p50_ms", "key_p95_ms", "key_max_ms"
    );
    for q in QUERIES {
        let mut total = 0;
        let full = median(
            (0..RUNS)
                .map(|_| {
                    let t = Instant::now();
                    total = search(&store, &index, q, None, 20).total;
                    t.elapsed()
                })
                .collect(),
        );
        let mut keys = Vec::new();
        for _ in 0..RUNS {
            let mut typing = TypeAhead::new();
            for (at, c) in q.char_indices() {
                let prefix = &q[..at + c.len_utf8()];
                let t = Instant::now();
                let r = typing.update(&store, &index, prefix, None, 20);
                for h in &r.hits {
                    std::hint::black_box(label_with_highlights(&store, h.entity, prefix));
                }
                keys.push(t.elapsed());
            }
        }
        keys.sort();
        let pct = |p: usize| ms(keys[(keys.len() - 1) * p / 100]);
        println!(
            "{:<14} {:>9} {:>9.1} {:>12.1} {:>12.1} {:>12.1}",
            q,
            total,
            ms(full),
            pct(50),
            pct(95),
            pct(100)
        );
    }
}
