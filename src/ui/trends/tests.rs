//! The Trends tab's state over the hand-counted trend fixture (tests/fixtures/trend).

use std::sync::Arc;

use super::*;
use crate::ui::app::Screen;
use crate::ui::theme::Theme;
use crate::ui::trends_view::TrendsView;

fn app() -> App {
    let store = crate::trend::fixture::store();
    let mut app = App::new(Arc::new(store), Theme::new(false, false), 120, 40);
    app.update(Action::GoTab(Tab::Trends));
    app
}

fn view(app: &App) -> &TrendsView {
    &app.trends
}

fn values(app: &App, s: usize) -> Vec<u64> {
    let r = view(app).result.as_ref().unwrap();
    r.trend.series[s]
        .points
        .iter()
        .map(|p| p.value(r.trend.measure))
        .collect()
}

fn shown_rows(app: &App) -> Vec<String> {
    let v = view(app);
    let p = &v.result.as_ref().unwrap().pivot;
    v.order.iter().map(|&i| p.rows[i].clone()).collect()
}

fn ids(app: &App) -> Vec<String> {
    let mut ids: Vec<String> = app
        .list(Tab::Incidents)
        .rows
        .iter()
        .map(|&i| app.store.incident(i).id.to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn opening_the_tab_counts_the_fixture_per_month_by_admin1() {
    let app = app();
    let v = view(&app);
    let r = v.result.as_ref().unwrap();
    // Seven months of coverage: months fit.
    assert_eq!(r.trend.every, Every::Month);
    assert_eq!(r.incidents, 31);
    assert_eq!(values(&app, 0), [1, 0, 0, 1, 8, 9, 12]);
    assert_eq!(
        shown_rows(&app),
        ["Segou", "Kayes", "Mopti", "Gao", "Sahel"]
    );
    // The selection starts on the first row's newest month.
    assert_eq!((v.row, v.col), (0, 6));
    assert_eq!(v.computed, 1);
}

#[test]
fn measure_period_and_split_keys_recompute_and_moving_does_not() {
    let mut app = app();
    app.update(Action::Down);
    app.update(Action::FocusList);
    assert_eq!(view(&app).computed, 1, "moving recomputes nothing");
    assert_eq!((view(&app).row, view(&app).col), (1, 5));
    app.update(Action::ToggleMeasure);
    assert_eq!(view(&app).measure, Measure::Fatalities);
    assert_eq!(values(&app, 0), [2, 0, 0, 4, 8, 10, 20]);
    // The measure alone changed: the pivot is re-ranked, not counted again, and is what
    // counting again would give.
    assert_eq!(view(&app).computed, 1, "a measure change re-ranks");
    let sel = view(&app).selection.as_ref().unwrap().1.clone();
    let fresh = pivot::build(
        &app.store,
        &sel,
        Dim::Admin1,
        Cols::Period(Every::Month),
        Measure::Fatalities,
    );
    let shown = &view(&app).result.as_ref().unwrap().pivot;
    assert_eq!(shown.rows, fresh.rows);
    assert_eq!(shown.row_totals, fresh.row_totals);
    app.update(Action::ToggleMeasure);
    // Back to a result just shown: kept, not computed again.
    assert_eq!(view(&app).computed, 1);
    assert_eq!(values(&app, 0), [1, 0, 0, 1, 8, 9, 12]);
    app.update(Action::CycleEvery);
    let labels = |app: &App| -> Vec<String> {
        let r = view(app).result.as_ref().unwrap();
        r.trend.periods.iter().map(|p| p.label.clone()).collect()
    };
    assert_eq!(labels(&app), ["2025-Q1", "2025-Q2", "2025-Q3"]);
    assert_eq!(values(&app, 0), [1, 18, 12]);
    app.update(Action::CycleEvery);
    assert_eq!(view(&app).result.as_ref().unwrap().trend.every, Every::Week);
    app.update(Action::CycleEvery);
    assert_eq!(labels(&app).len(), 7);
    // Split by actor: the series and the pivot's rows follow it.
    app.update(Action::CycleSplit);
    assert_eq!(view(&app).split, Some(Dim::Actor));
    let r = view(&app).result.as_ref().unwrap();
    let series: Vec<(&str, u64)> = r
        .trend
        .series
        .iter()
        .map(|s| (s.name.as_str(), s.total))
        .collect();
    assert_eq!(
        series,
        [
            ("Civilians", 18),
            ("JNIM", 17),
            ("Dozo militia", 13),
            ("Military Forces of Mali", 13),
            ("Islamic State Sahel", 1)
        ]
    );
    assert_eq!(r.pivot.rows_by, Dim::Actor);
    // Rows on their own: r steps the pivot's rows, the split stays.
    app.update(Action::CycleRows);
    assert_eq!(view(&app).rows, Dim::Country);
    assert_eq!(view(&app).split, Some(Dim::Actor));
    assert_eq!(shown_rows(&app), ["Mali", "Burkina Faso"]);
}

#[test]
fn sort_cycles_columns_and_reverses() {
    let mut app = app();
    app.update(Action::CycleSort);
    assert_eq!(view(&app).sort, SortCol::Change);
    // July against 31 May to 30 June: Kayes +4 (7 against 3), Mopti +3, Gao +1, Sahel 0,
    // Segou -5 (1 against 6).
    assert_eq!(
        shown_rows(&app),
        ["Kayes", "Mopti", "Gao", "Sahel", "Segou"]
    );
    app.update(Action::CycleSort);
    assert_eq!(view(&app).sort, SortCol::Name);
    assert!(!view(&app).descending);
    assert_eq!(
        shown_rows(&app),
        ["Gao", "Kayes", "Mopti", "Sahel", "Segou"]
    );
    app.update(Action::ReverseSort);
    assert_eq!(
        shown_rows(&app),
        ["Segou", "Sahel", "Mopti", "Kayes", "Gao"]
    );
    // Then the periods, newest first: July's 7, 3, 1, 1, 0 (ties in the pivot's order).
    app.update(Action::CycleSort);
    assert_eq!(view(&app).sort, SortCol::Period(6));
    assert_eq!(
        shown_rows(&app),
        ["Kayes", "Mopti", "Segou", "Gao", "Sahel"]
    );
    assert_eq!(view(&app).computed, 1, "sorting recomputes nothing");
}

#[test]
fn enter_opens_the_cell_incidents_and_back_returns_to_trends() {
    let mut app = app();
    // Kayes (second row), July.
    app.update(Action::Down);
    app.update(Action::Enter);
    assert_eq!(app.screen, Screen::List(Tab::Incidents));
    assert_eq!(ids(&app), ["t07", "t08", "t09", "t10", "t11", "t12", "t13"]);
    let label = &app.filters.set.as_ref().unwrap().label;
    assert!(label.starts_with("Kayes, 2025-07"), "{label}");
    app.update(Action::Back);
    assert_eq!(app.screen, Screen::List(Tab::Trends));
    // The opened set is not a filter of the tab: it still counts all 31.
    assert_eq!(view(&app).result.as_ref().unwrap().incidents, 31);
    // The totals row, total column: every incident.
    app.update(Action::End);
    app.update(Action::FocusDetail);
    assert_eq!(view(&app).col, 7);
    app.update(Action::Enter);
    assert_eq!(app.list(Tab::Incidents).rows.len(), 31);
    app.update(Action::Back);
    // Gao's April column is empty: nothing opens.
    let mut app2 = self::app();
    app2.update(Action::Down);
    app2.update(Action::Down);
    app2.update(Action::Down);
    for _ in 0..3 {
        app2.update(Action::FocusList);
    }
    assert_eq!(view(&app2).col, 3);
    app2.update(Action::Enter);
    assert_eq!(app2.screen, Screen::List(Tab::Trends));
    assert_eq!(
        app2.message.as_deref(),
        Some("no incidents behind this figure")
    );
}

#[test]
fn the_changes_table_bands_by_admin1_and_opens_what_drives_a_change() {
    let mut app = app();
    assert!(view(&app).changes.is_none(), "computed only when shown");
    app.update(Action::ToggleChanges);
    let c = view(&app).changes.as_ref().unwrap();
    let got: Vec<(&str, String)> = c
        .items
        .iter()
        .map(|i| (i.name.as_str(), i.describe()))
        .collect();
    assert_eq!(got[0], ("Kayes", "large rise".to_string()));
    assert_eq!(got[1], ("Gao", "first activity in 5 months".to_string()));
    assert!(c.rule.contains("a rise from 1 to 3 is stable"));
    app.update(Action::Enter);
    assert_eq!(ids(&app), ["t07", "t08", "t09", "t10", "t11", "t12", "t13"]);
    app.update(Action::Back);
    app.update(Action::CycleRows);
    assert_eq!(view(&app).changes.as_ref().unwrap().by, Dim::Admin2);
    app.update(Action::CycleRows);
    app.update(Action::Down);
    let c = view(&app).changes.as_ref().unwrap();
    assert_eq!(c.by, Dim::Actor);
    assert_eq!(view(&app).change_row, 1);
}

#[test]
fn a_filter_change_recomputes_with_the_filtered_incidents() {
    let mut app = app();
    app.update(Action::OpenFilter);
    for c in "country:burkina_faso".chars() {
        app.update(Action::TypeChar(c));
    }
    app.update(Action::Submit);
    let r = view(&app).result.as_ref().unwrap();
    assert_eq!(r.incidents, 1);
    assert_eq!(values(&app, 0), [0, 0, 0, 0, 1, 0, 0]);
    assert_eq!(view(&app).computed, 2);
}

#[test]
fn the_map_marks_towns_new_to_an_actor() {
    let mut app = app();
    app.update(Action::GoTab(Tab::Map));
    let got: Vec<(&str, &str)> = app
        .map
        .expanding
        .iter()
        .map(|e| (e.actor_name.as_str(), app.store.town(e.town).name.as_str()))
        .collect();
    assert_eq!(got, [("JNIM", "Gao"), ("Military Forces of Mali", "Gao")]);
}
