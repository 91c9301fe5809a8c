//! `sitrep bench-ui`: measures what the browser costs per keystroke without a terminal —
//! frame render time and the bytes a frame sends — by driving the real App, renderer and
//! frame writer into memory.

use super::tty::outln;
use std::time::Instant;

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::ui::action::Action;
use crate::ui::app::{App, Tab};
use crate::ui::render;
use crate::ui::term::FrameWriter;
use crate::ui::theme::Theme;

pub struct BenchArgs {
    pub width: u16,
    pub height: u16,
    pub keys: usize,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

pub fn run(store_path: &[std::path::PathBuf], args: BenchArgs) -> anyhow::Result<u8> {
    let t0 = Instant::now();
    let store = super::open_store(store_path)?;
    let load_ms = t0.elapsed().as_secs_f64() * 1e3;
    // The browser builds these on a thread as it opens; here first, timed on their own.
    let tf = Instant::now();
    store.derive_all();
    let facts_ms = tf.elapsed().as_secs_f64() * 1e3;
    let t1 = Instant::now();
    let mut app = App::new(store, Theme::new(true, false), args.width, args.height);
    let app_ms = t1.elapsed().as_secs_f64() * 1e3;
    let area = Rect::new(0, 0, args.width, args.height);
    let backend = CrosstermBackend::new(FrameWriter::new(std::io::sink()));
    let mut term = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(area),
        },
    )?;
    let (_, first_bytes) = frame(&app, &mut term);
    outln!(
        "store: {} incidents; load_ms={load_ms:.0} facts_ms={facts_ms:.0} app_init_ms={app_ms:.0}; size {}x{}; first frame {first_bytes} bytes",
        app.store.incidents.len(),
        args.width,
        args.height
    );
    for tab in [Tab::Incidents, Tab::Actors, Tab::Towns] {
        app.update(Action::GoTab(tab));
        frame(&app, &mut term);
        // As the browser runs: moving in a burst, the detail catching up when keys pause.
        app.lazy_detail = true;
        let name = format!("{} list, Down in a burst", tab.title());
        report(&name, &mut app, &mut term, args.keys, Action::Down);
        app.update(Action::Settle);
        let (ms, b) = frame(&app, &mut term);
        outln!("  then the detail catches up: render_ms={ms:.3} bytes={b}");
        // One key at a time, each followed by its detail.
        app.lazy_detail = false;
        let name = format!("{} list, Down one at a time with detail", tab.title());
        report(&name, &mut app, &mut term, args.keys, Action::Down);
    }
    // The briefing and the map: what opening them costs (built once per filter change),
    // then what each key costs.
    for (tab, keys) in [
        (Tab::Briefing, vec![Action::Down, Action::Up]),
        (
            Tab::Map,
            vec![
                Action::ZoomIn,
                Action::FocusDetail,
                Action::Up,
                Action::ZoomOut,
            ],
        ),
    ] {
        let t = Instant::now();
        app.update(Action::GoTab(tab));
        let open_ms = t.elapsed().as_secs_f64() * 1e3;
        let (ms, b) = frame(&app, &mut term);
        outln!(
            "{} tab: open update_ms={open_ms:.1} first render_ms={ms:.3} bytes={b}",
            tab.title()
        );
        for action in keys {
            let name = format!("{} tab, {action:?}", tab.title());
            report(&name, &mut app, &mut term, (args.keys / 10).max(5), action);
        }
    }
    trends(&mut app, &mut term, (args.keys / 10).max(5));
    Ok(super::EXIT_OK)
}

/// The trends tab: opening it, then what a change of split, period, measure, table or
/// filter costs from the key to the frame drawn (the results are recomputed in `update`,
/// once per change; drawing reads them).
fn trends(app: &mut App, term: &mut MemTerm, keys: usize) {
    let filter = |line: &str| {
        let mut a = vec![Action::OpenFilter, Action::ClearInput];
        a.extend(line.chars().map(Action::TypeChar));
        a.push(Action::Submit);
        a
    };
    // For comparison: the same filter change on the incidents tab (the lists' own work).
    app.update(Action::GoTab(Tab::Incidents));
    let mut base = Vec::new();
    for k in 0..keys.min(10) {
        let start = Instant::now();
        for action in filter(["country:mali", ""][k % 2]) {
            app.update(action);
        }
        frame(app, term);
        base.push(start.elapsed().as_secs_f64() * 1e3);
    }
    base.sort_by(f64::total_cmp);
    outln!(
        "Incidents tab, filter country:mali / none (for comparison): key_to_frame_ms p50={:.1} p95={:.1}",
        percentile(&base, 0.5),
        percentile(&base, 0.95)
    );
    let t = Instant::now();
    app.update(Action::GoTab(Tab::Trends));
    let open_ms = t.elapsed().as_secs_f64() * 1e3;
    let (ms, b) = frame(app, term);
    outln!("Trends tab: open update_ms={open_ms:.1} first render_ms={ms:.3} bytes={b}");
    // "nothing kept": the earlier results are dropped before each key, so every key
    // computes (the tab keeps the last few settings' results for the same filters).
    let cases: Vec<(&str, Vec<Vec<Action>>)> = vec![
        ("split (d), nothing kept", vec![vec![Action::CycleSplit]]),
        ("period (w), nothing kept", vec![vec![Action::CycleEvery]]),
        (
            "measure (i), nothing kept",
            vec![vec![Action::ToggleMeasure]],
        ),
        ("split (d)", vec![vec![Action::CycleSplit]]),
        ("period (w)", vec![vec![Action::CycleEvery]]),
        ("measure (i)", vec![vec![Action::ToggleMeasure]]),
        ("pivot rows (r)", vec![vec![Action::CycleRows]]),
        ("sort (s)", vec![vec![Action::CycleSort]]),
        ("moving between cells (Down)", vec![vec![Action::Down]]),
        (
            "filter country:mali / none (f ... Enter)",
            ["country:mali", ""].iter().map(|l| filter(l)).collect(),
        ),
        ("pivot / changes (C)", vec![vec![Action::ToggleChanges]]),
    ];
    for (name, sequences) in cases {
        let mut total = Vec::with_capacity(keys);
        let mut render = Vec::with_capacity(keys);
        for k in 0..keys {
            if name.ends_with("nothing kept") {
                app.trends.recent.clear();
            }
            let start = Instant::now();
            for action in &sequences[k % sequences.len()] {
                app.update(action.clone());
            }
            let (ms, _) = frame(app, term);
            total.push(start.elapsed().as_secs_f64() * 1e3);
            render.push(ms);
        }
        total.sort_by(f64::total_cmp);
        render.sort_by(f64::total_cmp);
        outln!(
            "Trends tab, {name}: key_to_frame_ms p50={:.1} p95={:.1} max={:.1}  render_ms p50={:.3} p95={:.3}",
            percentile(&total, 0.5),
            percentile(&total, 0.95),
            total.last().copied().unwrap_or(0.0),
            percentile(&render, 0.5),
            percentile(&render, 0.95),
        );
    }
}

type MemTerm = Terminal<CrosstermBackend<FrameWriter<std::io::Sink>>>;

/// Draws one frame; returns its render time in ms and the bytes it sent.
fn frame(app: &App, term: &mut MemTerm) -> (f64, u64) {
    let w = term.backend_mut().writer_mut();
    let before = w.bytes_sent;
    w.begin();
    let start = Instant::now();
    term.draw(|f| render::draw(f, app)).expect("draw to memory");
    let ms = start.elapsed().as_secs_f64() * 1e3;
    let w = term.backend_mut().writer_mut();
    w.commit().expect("write to sink");
    (ms, w.bytes_sent - before)
}

fn report(name: &str, app: &mut App, term: &mut MemTerm, keys: usize, action: Action) {
    let mut times = Vec::with_capacity(keys);
    let mut update_times = Vec::with_capacity(keys);
    let mut bytes = Vec::with_capacity(keys);
    for _ in 0..keys {
        let u = Instant::now();
        app.update(action.clone());
        update_times.push(u.elapsed().as_secs_f64() * 1e3);
        let (ms, b) = frame(app, term);
        times.push(ms);
        bytes.push(b);
    }
    times.sort_by(f64::total_cmp);
    update_times.sort_by(f64::total_cmp);
    let avg = bytes.iter().sum::<u64>() as f64 / bytes.len().max(1) as f64;
    outln!(
        "{name}: render_ms p50={:.3} p95={:.3} max={:.3}  update_ms p50={:.3} p95={:.3}  bytes_per_key avg={avg:.0} max={}",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        times.last().copied().unwrap_or(0.0),
        percentile(&update_times, 0.5),
        percentile(&update_times, 0.95),
        bytes.iter().max().copied().unwrap_or(0)
    );
}
