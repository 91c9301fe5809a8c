//! Trend benchmark: `SITREP_BENCH_STORE=big.json cargo bench --bench trend`
//! (default: the built-in sample). Loads the store once, then times the selection and the
//! queries behind `sitrep trend`, `pivot` and `changes` over many runs, so one slow run on a
//! busy machine does not stand for the figure: prints min, median and p95 in milliseconds.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use sitrep::search::filters::Filters;
use sitrep::store::Store;
use sitrep::trend::pivot::{self, Cols};
use sitrep::trend::{Dim, Every, Measure, Selection, changes, series};

const RUNS: usize = 15;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(name: &str, mut runs: Vec<Duration>) {
    runs.sort();
    let at = |q: f64| runs[((runs.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name:<44} {:>8.1} {:>8.1} {:>8.1}",
        ms(runs[0]),
        ms(at(0.5)),
        ms(at(0.95))
    );
}

fn time<T>(name: &str, mut f: impl FnMut() -> T) {
    let runs = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    report(name, runs);
}

fn main() {
    let path = std::env::var_os("SITREP_BENCH_STORE").map(PathBuf::from);
    let t = Instant::now();
    let store = Store::open(path.as_deref()).expect("opening the store");
    println!(
        "store {} incidents, load {:.0} ms, {RUNS} runs each",
        store.incidents.len(),
        ms(t.elapsed())
    );
    println!("{:<44} {:>8} {:>8} {:>8}", "ms", "min", "p50", "p95");
    let all = Filters::default();
    time("select (no filter)", || Selection::of(&store, &all));
    let sel = Selection::of(&store, &all).expect("a store with incidents");
    time("pivot admin2 x month (compute)", || {
        pivot::build(
            &store,
            &sel,
            Dim::Admin2,
            Cols::Period(Every::Month),
            Measure::Incidents,
        )
    });
    time("pivot admin2 x month (select + compute)", || {
        let sel = Selection::of(&store, &all).expect("incidents");
        pivot::build(
            &store,
            &sel,
            Dim::Admin2,
            Cols::Period(Every::Month),
            Measure::Incidents,
        )
    });
    time("pivot actor x type (compute)", || {
        pivot::build(
            &store,
            &sel,
            Dim::Actor,
            Cols::Dim(Dim::Type),
            Measure::Fatalities,
        )
    });
    time("trend quarters, all (compute)", || {
        series::build(&store, &sel, Every::Quarter, Measure::Incidents, None, 8)
    });
    time("trend by admin2, months (compute)", || {
        series::build(
            &store,
            &sel,
            Every::Month,
            Measure::Incidents,
            Some(Dim::Admin2),
            8,
        )
    });
    time("changes by admin2 (select + compute)", || {
        changes::build(&store, &all, Dim::Admin2)
    });
}
