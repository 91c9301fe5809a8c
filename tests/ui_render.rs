//! Screens rendered into ratatui's TestBackend from key sequences, without a terminal.

#[path = "common/render.rs"]
mod render;
#[path = "common/sample.rs"]
mod sample;

use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use render::Harness;
use sitrep::store::Store;
use sitrep::ui::app::App;
use sitrep::ui::theme::Theme;

#[test]
fn incidents_list_at_80x24() {
    let mut h = Harness::new(80, 24);
    let s = h.screen();
    assert!(s.contains("1 Incidents"), "{s}");
    assert!(
        s.contains("MIXED"),
        "illustrative warning always shown:\n{s}"
    );
    assert!(s.contains(&sample::at(1)), "{s}");
    insta::assert_snapshot!("incidents_80x24", s);
}

#[test]
fn incident_detail_folds_behind_enter_when_narrow() {
    let mut h = Harness::new(80, 24);
    h.keys("<enter>");
    let s = h.screen();
    assert!(s.contains("Incident"), "{s}");
    assert!(s.contains("Fatalities"), "{s}");
    assert!(
        !s.contains("Date       Town"),
        "list hidden when narrow:\n{s}"
    );
    h.keys("<esc>");
    assert!(h.screen().contains("Date       Town"));
}

#[test]
fn side_by_side_at_120x40() {
    let mut h = Harness::new(120, 40);
    let s = h.screen();
    assert!(s.contains("Incidents") && s.contains("Incident "), "{s}");
    insta::assert_snapshot!("incidents_120x40", s);
}

#[test]
fn tiny_terminal_says_too_small_and_recovers() {
    let mut h = Harness::new(30, 8);
    assert!(h.screen().contains("too small"));
    h.resize(80, 24);
    assert!(h.screen().contains("1 Incidents"));
}

#[test]
fn actors_and_towns_tabs() {
    let mut h = Harness::new(120, 40);
    h.keys("2");
    let s = h.screen();
    assert!(s.contains("Actor profile") && s.contains("JNIM"), "{s}");
    insta::assert_snapshot!("actors_120x40", s);
    h.keys("3");
    let s = h.screen();
    assert!(s.contains("Nearby towns"), "{s}");
    insta::assert_snapshot!("towns_120x40", s);
}

/// The real event's contested claims: the army's figure and JNIM's claim side by side.
#[test]
fn contested_claims_side_by_side() {
    // Tall enough that Kayes's detail shows its claims without scrolling past them.
    let mut h = Harness::new(120, 100);
    h.keys("f")
        .keys("since:2025-07-01 until:2025-07-01 kayes<enter>");
    // Diboli, Gogui, then Kayes: the one whose army claim carries a figure.
    h.keys("<down><down><enter>");
    let s = h.screen();
    assert!(s.contains("2025-07-01 Kayes"), "{s}");
    assert!(s.contains("Claims (contested)"), "{s}");
    // Side by side: one row names both parties, the next gives each party's own figure.
    let claims: Vec<&str> = s
        .lines()
        .skip_while(|l| !l.contains("Claims (contested)"))
        .collect();
    let beside = |first: &str| -> (String, String) {
        let line = claims
            .iter()
            .find(|l| l.contains(first))
            .unwrap_or_else(|| panic!("no line with {first:?}:\n{s}"));
        let from = &line[line.find(first).unwrap()..];
        let (left, right) = from
            .split_once(" | ")
            .unwrap_or_else(|| panic!("not side by side: {line}"));
        (left.trim().to_string(), right.trim().to_string())
    };
    let (army, group) = beside("Military Forces of Mali");
    assert_eq!(army, "Military Forces of Mali");
    assert!(group.starts_with("JNIM"), "{group}");
    let (army, group) = beside("Figure: 80");
    assert!(army.starts_with("Figure: 80 militants"), "{army}");
    assert!(group.starts_with("Figure: no figure given"), "{group}");
}

#[test]
fn follow_link_back_and_forward() {
    let mut h = Harness::new(120, 40);
    // Open the first incident's detail and follow its town link (the first link).
    h.keys("<enter>");
    let first_crumb = h.screen().lines().nth(2).unwrap().to_string();
    h.keys("<enter>");
    let s = h.screen();
    assert!(
        s.contains("Nearby towns"),
        "town detail after following link:\n{s}"
    );
    assert!(s.lines().nth(2).unwrap().contains("Towns:"), "{s}");
    h.keys("b");
    assert_eq!(h.screen().lines().nth(2).unwrap(), first_crumb);
    h.keys("L");
    assert!(h.screen().contains("Nearby towns"));
}

#[test]
fn help_overlay_lists_keys_and_closes() {
    let mut h = Harness::new(80, 24);
    h.keys("?");
    let s = h.screen();
    assert!(
        s.contains("Help") && s.contains("quit") && s.contains("filter"),
        "{s}"
    );
    h.keys("<esc>");
    assert!(!h.screen().contains("Help: keys"));
}

#[test]
fn filters_show_in_status_and_narrow_lists() {
    let mut h = Harness::new(120, 40);
    h.keys("f").keys("country:niger min:5<enter>");
    let s = h.screen();
    assert!(s.contains("filter: country:niger min:5"), "{s}");
    // The rows show no country column, so check the list itself: narrowed, and all Niger.
    let rows = &h.app.list(sitrep::ui::app::Tab::Incidents).rows;
    let all = h.app.store.incidents.len();
    assert!(
        !rows.is_empty() && rows.len() < all,
        "{} of {all}",
        rows.len()
    );
    for &ix in rows {
        let inc = h.app.store.incident(ix);
        assert_eq!(inc.country.as_str(), "Niger", "{:?}", inc.id);
    }
    h.keys("2");
    assert!(h.screen().contains("filter: country:niger"));
    h.keys("x");
    assert!(h.screen().contains("no filters"));
}

#[test]
fn bad_filter_is_reported_not_applied() {
    let mut h = Harness::new(80, 24);
    h.keys("f").keys("sinse:2025<enter>");
    assert!(h.screen().contains("unknown filter"));
    h.keys("<esc>");
    assert!(h.screen().contains("no filters"));
}

fn scope_store() -> Arc<Store> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scope/store.json");
    Arc::new(Store::open(Some(&path)).expect("scope fixture loads"))
}

/// `country:mali` is Mali's 7 incidents of the fixture, not Somalia's 4 as well.
#[test]
fn country_filter_matches_the_whole_name() {
    let mut h = Harness::over(scope_store(), 120, 40, Theme::new(false, false));
    h.keys("f").keys("country:mali<enter>");
    let s = h.screen();
    assert!(
        s.contains("filter: country:mali") && s.contains("1/7"),
        "{s}"
    );
    assert!(!s.contains("SOM9"), "{s}");
    h.keys("f")
        .keys("<bs><bs><bs><bs><bs>somalia actor:al_shabaab<enter>");
    assert!(h.screen().contains("1/4"), "{}", h.screen());
}

/// A scope term naming nothing keeps the line open with the closest names, as terms.
#[test]
fn unknown_scope_value_is_reported_with_suggestions_not_applied() {
    let mut h = Harness::over(scope_store(), 120, 40, Theme::new(false, false));
    h.keys("f").keys("country:somali<enter>");
    let s = h.screen();
    assert!(
        s.contains("no country or admin1 region named 'somali'; closest: country:Somalia"),
        "{s}"
    );
    h.keys("<esc>");
    assert!(h.screen().contains("no filters"));
    h.keys("f").keys("town:nioro<enter>");
    assert!(
        h.screen().contains("no town named 'nioro' in this store"),
        "{}",
        h.screen()
    );
}

#[test]
fn sort_cycles_and_position_moves() {
    let mut h = Harness::new(80, 24);
    h.keys("s");
    assert!(h.screen().contains("sort: fatalities desc"));
    // The selected record stays selected through a re-sort; g goes to the top.
    h.keys("gjjj");
    assert!(h.screen().contains(&sample::at(4)));
    h.keys("<end>");
    assert!(h.screen().contains(&sample::at(sample::incidents())));
}

#[test]
fn ascii_mode_has_no_box_drawing() {
    let mut h = Harness::with_theme(80, 24, Theme::new(false, true));
    let s = h.screen();
    assert!(
        !s.contains('─') && !s.contains('│') && !s.contains('▶'),
        "{s}"
    );
    assert!(
        s.is_ascii() || s.chars().all(|c| c.is_ascii() || c.is_alphabetic()),
        "{s}"
    );
}

#[test]
fn no_color_keeps_selection_visible() {
    let mut h = Harness::new(80, 24);
    h.screen();
    let buf = h.term.backend().buffer().clone();
    // Row 5 (below title, tabs, crumbs, border, header) is the selected first row:
    // reverse video with no colour set.
    let cell = &buf[(3, 5)];
    assert!(cell.modifier.contains(ratatui::style::Modifier::REVERSED));
    assert_eq!(cell.fg, ratatui::style::Color::Reset);
}

#[test]
fn search_overlay_finds_binoli_and_opens_diboli() {
    let mut h = Harness::new(80, 24);
    h.keys("/").keys("binoli").wait_search();
    let s = h.screen();
    assert!(s.contains("Diboli"), "{s}");
    assert!(s.contains("town"), "hits are marked with their kind:\n{s}");
    h.keys("<enter>");
    let s = h.screen();
    assert!(s.contains("Diboli") && s.contains("Town"), "{s}");
}

/// With lazy detail (as in the real terminal), moving through the list leaves the detail
/// until the keys stop; then it catches up with the selection.
#[test]
fn lazy_detail_catches_up_on_settle() {
    let mut h = Harness::new(120, 40);
    h.app.lazy_detail = true;
    let before = h.screen();
    let detail_title = |s: &str| s.lines().nth(4).unwrap_or("").to_string();
    h.keys("jj");
    let moving = h.screen();
    assert!(moving.contains(&sample::at(3)));
    assert_eq!(
        detail_title(&before)[62..],
        detail_title(&moving)[62..],
        "detail waits"
    );
    h.app.update(sitrep::ui::Action::Settle);
    let settled = h.screen();
    assert_ne!(
        detail_title(&before)[62..],
        detail_title(&settled)[62..],
        "detail caught up"
    );
}

#[test]
fn search_ranks_the_actor_named_above_incidents_and_marks_kinds() {
    let mut h = Harness::new(120, 40);
    h.keys("/").keys("gsim").wait_search();
    let s = h.screen();
    let first_hit = s.lines().find(|l| l.contains("▶")).expect("a selected hit");
    assert!(
        first_hit.contains("actor") && first_hit.contains("JNIM"),
        "{s}"
    );
    // Ctrl-N style movement through results and Enter opens through history.
    h.keys("<enter>");
    let s = h.screen();
    assert!(s.contains("Actor profile") && s.contains("Aliases"), "{s}");
    h.keys("b");
    assert!(!h.screen().contains("Aliases      JNIM"));
}

#[test]
fn search_multi_term_and_pane_filter_use_the_same_matching() {
    let mut h = Harness::new(120, 40);
    h.keys("/").keys("kayes jnim").wait_search();
    let s = h.screen();
    assert!(s.contains("incident") && s.contains("Kayes"), "{s}");
    h.keys("<esc>");
    // The pane filter's free words go through the search engine: 'binoli' keeps Diboli.
    h.keys("3f").keys("binoli<enter>");
    let s = h.screen();
    assert!(s.contains("1/1") && s.contains("Diboli"), "{s}");
}

/// Records skipped at load are reported in a notice that Esc dismisses; the rest loads.
#[test]
fn load_problems_notice_is_shown_and_dismissable() {
    let bad = r#"{"schema_version":1,"meta":{"title":"Broken store"},
"towns":[{"id":"town:a","name":"Sandaré","country":"Mali","lat":14.7,"lon":-10.3}],
"actors":[{"id":"actor:j","name":"JNIM","kind":"islamist_armed_group"}],
"incidents":[
 {"id":"ok","date":"2025-07-01","town":"town:a","country":"Mali","event_type":"Battles"},
 {"id":"bad","date":"2025-02-30","town":"town:a","country":"Mali","event_type":"Battles"}
]}"#;
    let store = Store::from_bytes(
        std::path::Path::new("broken.json"),
        bad.as_bytes(),
        &|_, _| {},
    )
    .expect("loads with problems");
    let app = App::new(Arc::new(store), Theme::new(false, false), 100, 30);
    let mut h = Harness {
        app,
        term: Terminal::new(TestBackend::new(100, 30)).unwrap(),
    };
    let s = h.screen();
    assert!(
        s.contains("1 problem(s) at load, 1 record(s) skipped"),
        "{s}"
    );
    assert!(s.contains("broken.json:6:32") && s.contains("'bad'"), "{s}");
    h.keys("<esc>");
    let s = h.screen();
    assert!(!s.contains("record(s) skipped (Esc"), "{s}");
    assert!(s.contains("1/1") && s.contains("1 load problem(s)"), "{s}");
}

#[test]
fn help_screen_lists_every_binding() {
    let rows = sitrep::ui::keys::bindings();
    let key_w = rows.iter().map(|b| b.keys.len()).max().unwrap();
    let mut h = Harness::new(80, 24);
    h.keys("?");
    // Scroll to the end, collecting every line the help shows.
    let mut seen = String::new();
    for _ in 0..(rows.len() * 2) {
        seen.push_str(&h.screen());
        h.keys("j");
    }
    for b in rows {
        let start: Vec<&str> = b.help.split_whitespace().take(2).collect();
        let line = format!("{:<key_w$} {}", b.keys, start.join(" "));
        assert!(seen.contains(&line), "help lacks {line:?}\n{seen}");
    }
}

/// A filter naming nothing puts the message on the status line (issue 16), not 0/0.
#[test]
fn bad_filter_value_shows_on_the_status_line() {
    let mut h = Harness::over(scope_store(), 120, 40, Theme::new(false, false));
    h.keys("f").keys("actor:jnm<enter>");
    assert_eq!(
        h.app.message.as_deref(),
        Some("no actor named 'jnm'; closest: actor:JNIM:_Group_for_Support_of_Islam_and_Muslims")
    );
    assert!(
        h.screen().contains("no actor named 'jnm'"),
        "{}",
        h.screen()
    );
    h.keys("<esc>");
    assert!(h.screen().contains("no filters"));
    // The prefilled line ends with a space, so typing adds a term.
    h.keys("f").keys("country:mali<enter>");
    h.keys("f").keys("-town:kayes<enter>");
    assert!(
        h.screen().contains("filter: country:mali -town:kayes"),
        "{}",
        h.screen()
    );
}

/// `c` opens the column chooser over the incidents list: the shown columns first (ticked),
/// then the others; Space, K/J and Enter change the list, Esc leaves it as it was.
#[test]
fn column_chooser_at_80x24() {
    let mut h = Harness::new(80, 24);
    h.keys("c");
    let s = h.screen();
    assert!(s.contains("Incidents columns"), "{s}");
    assert!(
        s.contains("[✓] date") && s.contains("[ ] sub-event type"),
        "{s}"
    );
    assert!(
        s.contains("[ ] geo precision") && s.contains("[ ] dataset"),
        "{s}"
    );
    insta::assert_snapshot!("column_chooser_80x24", s);
    // Esc: nothing changes.
    h.keys("<esc>");
    let s = h.screen();
    assert!(
        s.contains("Date       Town") && !s.contains("Admin1"),
        "{s}"
    );
    // Show admin1 (the ninth), move it up to the top, hide the type column, apply.
    h.keys("c");
    h.keys("jjjjjjjj ");
    h.keys("KKKKKKKK");
    h.keys("jjj ");
    h.keys("<enter>");
    let s = h.screen();
    let header = s.lines().find(|l| l.contains("Date")).unwrap();
    assert!(header.contains("Admin1"), "{s}");
    assert!(
        header.find("Admin1") < header.find("Date"),
        "admin1 moved first: {header}"
    );
    assert!(!header.contains("Type"), "type hidden: {header}");
    assert!(
        s.contains("Kayes") && s.contains("6 column(s) shown"),
        "{s}"
    );
}

/// Sorting by a column other than the default marks it in the header.
#[test]
fn a_non_default_sort_is_marked_in_the_header() {
    let mut h = Harness::new(80, 24);
    h.keys("s");
    let s = h.screen();
    let header = s.lines().find(|l| l.contains("Date")).unwrap();
    assert!(header.contains("Fatal▼"), "{header}");
    h.keys("S");
    let s = h.screen();
    let header = s.lines().find(|l| l.contains("Date")).unwrap();
    assert!(header.contains("Fatal▲"), "{header}");
    assert!(s.contains("sort: fatalities asc"), "{s}");
}

/// The copy's message fits at 80 columns: it takes the sort's place on the status line.
#[test]
fn y_says_what_was_copied_and_how_big_at_80x24() {
    let mut h = Harness::new(80, 24);
    let mut local = sitrep::ui::effect::LocalEffects::new(std::path::PathBuf::from("."));
    h.app
        .dispatch(sitrep::ui::action::Action::CopyRecord, &mut local);
    assert_eq!(local.clipboard.take().len(), 1);
    let s = h.screen();
    let status = s.lines().rev().nth(1).unwrap();
    assert!(status.contains(&sample::at(1)), "{status}");
    assert!(
        status.contains("as a citation (") && status.contains(" bytes)"),
        "{status}"
    );
    assert!(!status.contains("sort:"), "{status}");
    // The next key clears the message and the sort is back.
    h.keys("j");
    assert!(h.screen().contains("sort: date desc"));
}

/// The note editor (issue 16) over the incidents list at 80x24: the record it is on, the
/// text typed with its cursor, and the keys that save or cancel.
#[test]
fn notes_editor_at_80x24() {
    use sitrep::ui::workspace_state::WorkspaceState;
    use sitrep::workspace::{Snapshot, StoreKey};
    let mut h = Harness::new(80, 24);
    let key = StoreKey::of(&h.app.store);
    h.app.set_workspace(WorkspaceState::new(
        key,
        "tester".into(),
        Snapshot::default(),
    ));
    h.keys("nChecked against a second outlet");
    let s = h.screen();
    let id = {
        let ix = h
            .app
            .list(sitrep::ui::app::Tab::Incidents)
            .current()
            .unwrap();
        h.app.store.incident(ix).id.clone()
    };
    assert!(s.contains(&format!("Note on {id}")), "{s}");
    assert!(s.contains("Checked against a second outlet_"), "{s}");
    assert!(s.contains("Enter save · Esc cancel"), "{s}");
    insta::assert_snapshot!("notes_editor_80x24", s);
    // Saved, the note is in the incident's detail.
    h.keys("<enter><enter>");
    let s = h.screen();
    assert!(
        s.contains("Checked against a second outlet (tester)"),
        "{s}"
    );
}

/// The hand-made ACLED-layout fixture and the UCDP cut, joined as `--store a --store b` does.
fn joined_store() -> Arc<Store> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let parts = ["acled_current.csv", "ucdp_webexport_cut.csv"]
        .map(|f| Store::open(Some(&dir.join(f))).expect("fixture opens"))
        .to_vec();
    Arc::new(sitrep::store::merge::merge(
        parts,
        &sitrep::store::crosswalk::Crosswalk::shipped(),
    ))
}

#[test]
fn a_joined_store_shows_each_rows_dataset_and_the_merged_actor() {
    let mut h = Harness::over(joined_store(), 100, 30, Theme::new(false, false));
    let s = h.keys("<esc>").screen();
    assert!(s.contains("Dataset"), "{s}");
    assert!(s.contains("ACLED   Kayes"), "{s}");
    assert!(s.contains("UCDP    Nouna town"), "{s}");
    insta::assert_snapshot!("joined_incidents_100x30", s);
    // The actor that is JNIM in both files is one profile, naming both records.
    let s = h.keys("2<down><enter>").screen();
    assert!(s.contains("Merged from"), "{s}");
    assert!(s.contains("UCDP: JNIM"), "{s}");
}

/// The tag editor (issue 16) over the incidents list at 80x24: the line a tag is typed on,
/// the record's tags with the selected one marked, and the keys in effect as the key table
/// gives them (rebinding an action changes the line).
#[test]
fn tag_editor_at_80x24() {
    use sitrep::ui::action::Action;
    use sitrep::ui::keys::{HintLine, Key, Keymap};
    use sitrep::ui::workspace_state::WorkspaceState;
    use sitrep::workspace::{Snapshot, StoreKey};
    let mut h = Harness::new(80, 24);
    let key = StoreKey::of(&h.app.store);
    h.app.set_workspace(WorkspaceState::new(
        key,
        "tester".into(),
        Snapshot::default(),
    ));
    let id = {
        let ix = h
            .app
            .list(sitrep::ui::app::Tab::Incidents)
            .current()
            .unwrap();
        h.app.store.incident(ix).id.clone()
    };
    h.keys("t");
    let s = h.screen();
    assert!(s.contains(&format!("Tags on {id}")), "{s}");
    assert!(s.contains("no tags yet on this record"), "{s}");
    assert!(s.contains("Enter add · ↓ tags · Esc close"), "{s}");
    h.keys("checked<enter>Follow up<enter>dra");
    let s = h.screen();
    assert!(s.contains("tag> dra_"), "{s}");
    h.keys("<down>");
    let s = h.screen();
    assert!(s.contains("↑↓ move · d remove · Esc close"), "{s}");
    insta::assert_snapshot!("tag_editor_80x24", s);
    // Closed, the tags are in the incident's detail.
    h.keys("<esc><enter>");
    let s = h.screen();
    assert!(
        s.contains("Tags") && s.contains("checked, follow up"),
        "{s}"
    );
    // The line follows the bindings in effect.
    h.app.keymap = std::sync::Arc::new(
        Keymap::with_overrides(&[(Action::RemoveTag, vec![Key::ch('x')])]).unwrap(),
    );
    assert_eq!(
        h.app.keymap.hint_items(HintLine::TagList),
        ["↑↓ move", "x remove", "Esc close"]
    );
    h.keys("<esc>t<down>x");
    let s = h.screen();
    assert!(s.contains("x remove"), "{s}");
    assert!(!s.contains("  checked"), "x took the first tag off:\n{s}");
}

/// The join fixtures (three events in both UCDP and a hand-made ACLED-layout file), joined
/// and matched as the browser does in the background.
fn matched_harness(width: u16, height: u16) -> Harness {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/join");
    let parts = ["ucdp_bf.csv", "acled_bf.csv"]
        .map(|f| Store::open(Some(&dir.join(f))).expect("fixture opens"))
        .to_vec();
    let cw = sitrep::store::crosswalk::Crosswalk::shipped();
    let store = Arc::new(sitrep::store::merge::merge(parts, &cw));
    let mut h = Harness::over(store.clone(), width, height, Theme::new(false, false));
    let m = sitrep::ui::matches::MatchState::now(&store, &cw);
    h.app.update(sitrep::ui::action::Action::MatchesReady(
        sitrep::ui::action::Built(m.built.unwrap()),
    ));
    h
}

#[test]
fn the_reconcile_view_counts_each_kind_and_opens_the_records_behind_a_count() {
    let mut h = matched_harness(120, 50);
    let s = h.keys("4R").screen();
    assert!(
        s.contains("Reconcile: the same event in two datasets"),
        "{s}"
    );
    assert!(s.contains("UCDP with ACLED"), "{s}");
    assert!(s.contains("3 matched (both records of each)"), "{s}");
    assert!(s.contains("1 only in UCDP"), "{s}");
    assert!(s.contains("1 only in ACLED"), "{s}");
    assert!(
        s.contains("perpetrator UCDP: JNIM; ACLED: Ansaroul Islam"),
        "{s}"
    );
    insta::assert_snapshot!("reconcile_view_120x50", s);
    // Enter on the matched count lists both records of each of the three events.
    let s = h.keys("<enter>").screen();
    assert!(s.contains("1/6"), "{s}");
    // Back on the briefing tab, R returns to the briefing.
    let s = h.keys("bR").screen();
    assert!(s.contains("Briefing: all incidents"), "{s}");
}

#[test]
fn a_matched_incident_detail_names_the_other_datasets_record() {
    let mut h = matched_harness(160, 40);
    // The newest incident: ACLED's Taourémba attack, UCDP's record of it the same day.
    let s = h.screen();
    assert!(s.contains("Also recorded by"), "{s}");
    assert!(s.contains("Perpetrator"), "{s}");
    assert!(
        s.contains("Matched      same day, 0 km apart, related armed groups (score 0.8)"),
        "{s}"
    );
}
