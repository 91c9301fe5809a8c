use std::sync::Arc;

use super::*;
use crate::store::Store;
use crate::ui::effect::Effect;
use crate::ui::theme::Theme;
use crate::workspace::{Snapshot, StoreKey};

fn app_with(snapshot: Snapshot) -> App {
    let store = Arc::new(Store::open(None).unwrap());
    let mut app = App::new(store.clone(), Theme::new(false, false), 120, 40);
    app.set_workspace(WorkspaceState::new(
        StoreKey::of(&store),
        "ana".into(),
        snapshot,
    ));
    app
}

fn typed(app: &mut App, text: &str) -> Vec<Effect> {
    let mut out = Vec::new();
    for c in text.chars() {
        out.extend(app.update(Action::TypeChar(c)));
    }
    out
}

fn changes(effects: Vec<Effect>) -> Vec<Change> {
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Workspace { change, .. } => Some(change),
            _ => None,
        })
        .collect()
}

#[test]
fn space_marks_the_selected_incident_and_the_marked_filter_keeps_it() {
    let mut app = app_with(Snapshot::default());
    let ix = app.list(Tab::Incidents).current().unwrap();
    let id = app.store.incident(ix).id.clone();
    let got = changes(app.update(Action::ToggleMark));
    assert_eq!(
        got,
        [Change::Mark {
            record: id.clone(),
            kind: RecordKind::Incident,
            on: true
        }]
    );
    assert!(app.workspace.as_ref().unwrap().is_marked(&id));
    app.update(Action::OpenFilter);
    typed(&mut app, "marked");
    app.update(Action::Submit);
    assert_eq!(app.list(Tab::Incidents).rows, [ix]);
    // Space again takes the mark off, and the filtered list loses the row.
    let got = changes(app.update(Action::ToggleMark));
    assert!(matches!(&got[..], [Change::Mark { on: false, .. }]));
    assert!(app.list(Tab::Incidents).rows.is_empty());
}

#[test]
fn the_note_editor_saves_on_enter_and_the_detail_shows_the_note() {
    let mut app = app_with(Snapshot::default());
    let ix = app.list(Tab::Incidents).current().unwrap();
    let id = app.store.incident(ix).id.clone();
    app.update(Action::EditNote);
    assert!(matches!(app.overlay, Overlay::Note { .. }));
    assert!(typed(&mut app, "seen by \u{1b}[31mfield team").is_empty());
    let got = changes(app.update(Action::Submit));
    let [Change::Note { record, text }] = &got[..] else {
        panic!("{got:?}");
    };
    assert_eq!(record, &id);
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(matches!(app.overlay, Overlay::None));
    let detail: String = app
        .detail
        .doc
        .lines
        .iter()
        .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
        .collect();
    assert!(detail.contains("field team (ana)"), "{detail}");
}

#[test]
fn esc_in_the_note_editor_saves_nothing() {
    let mut app = app_with(Snapshot::default());
    app.update(Action::EditNote);
    typed(&mut app, "draft");
    assert!(changes(app.update(Action::Cancel)).is_empty());
    assert!(app.workspace.as_ref().unwrap().notes.is_empty());
}

#[test]
fn without_a_workspace_the_keys_say_so_and_ask_nothing() {
    let store = Arc::new(Store::open(None).unwrap());
    let mut app = App::new(store, Theme::new(false, false), 120, 40);
    assert!(app.update(Action::ToggleMark).is_empty());
    assert!(app.message.as_deref().unwrap().starts_with("no workspace"));
    app.update(Action::EditNote);
    assert!(matches!(app.overlay, Overlay::None));
}

#[test]
fn a_saved_view_reopens_its_tab_filter_and_sort() {
    let mut app = app_with(Snapshot::default());
    app.update(Action::GoTab(Tab::Actors));
    app.update(Action::OpenFilter);
    typed(&mut app, "country:senegal");
    app.update(Action::Submit);
    app.update(Action::CycleSort);
    let sort = app.list(Tab::Actors).sort;
    app.update(Action::SaveView);
    typed(&mut app, "senegal actors");
    let got = changes(app.update(Action::Submit));
    let [Change::SaveView(v)] = &got[..] else {
        panic!("{got:?}");
    };
    assert_eq!(v.tab, "actors");
    assert_eq!(v.filter, "country:senegal");
    assert_eq!(v.sort, format!("-{}", sort.label()));
    // Elsewhere, with no filter, the view brings all of it back.
    app.update(Action::ClearFilters);
    app.update(Action::GoTab(Tab::Incidents));
    app.update(Action::OpenViews);
    typed(&mut app, "sen");
    app.update(Action::Submit);
    assert_eq!(app.tab(), Some(Tab::Actors));
    assert_eq!(app.filters.to_line(), "country:senegal");
    assert_eq!(app.list(Tab::Actors).sort, sort);
    app.update(Action::GoTab(Tab::Towns));
    app.update(Action::OpenView("nope".into()));
    assert_eq!(
        app.message.as_deref(),
        Some("no view named 'nope'; views: senegal actors")
    );
    assert_eq!(app.tab(), Some(Tab::Towns));
}

#[test]
fn incidents_shown_are_kept_as_seen_on_quit_and_only_unseen_ones_are_new() {
    let store = Arc::new(Store::open(None).unwrap());
    let first = store.incidents[0].id.clone();
    let snapshot = Snapshot {
        seen: [first.clone()].into_iter().collect(),
        ..Snapshot::default()
    };
    let mut app = app_with(snapshot);
    let ws = app.workspace.as_ref().unwrap();
    assert!(!ws.is_new(&first));
    assert!(ws.is_new(&store.incidents[1].id));
    app.update(Action::OpenFilter);
    typed(&mut app, "new");
    app.update(Action::Submit);
    assert_eq!(
        app.list(Tab::Incidents).rows.len(),
        store.incidents.len() - 1
    );
    let got = changes(app.update(Action::Quit));
    let [Change::Seen(ids)] = &got[..] else {
        panic!("{got:?}");
    };
    // The rows on screen at 120x40, none of them the one seen before.
    assert!(!ids.is_empty() && ids.len() < 40, "{}", ids.len());
    assert!(!ids.contains(&first));
    assert!(ids.contains(&store.incidents[1].id));
}

#[test]
fn a_reloaded_store_keeps_the_workspace_and_takes_the_new_releases_key() {
    use crate::search::SearchIndex;
    use crate::ui::action::Built;
    let mut app = app_with(Snapshot::default());
    app.update(Action::ToggleMark);
    let marked = app.workspace.as_ref().unwrap().marked.clone();
    let old = app.workspace.as_ref().unwrap().key.clone();
    // The next release: the same title, one incident fewer (not the marked one).
    let mut doc: crate::model::StoreDoc = serde_json::from_str(crate::store::SAMPLE_JSON).unwrap();
    let gone = doc
        .incidents
        .iter()
        .position(|i| !marked.contains(&i.id))
        .unwrap();
    doc.incidents.remove(gone);
    let store = Arc::new(Store::from_doc("next.json".into(), doc, Vec::new()));
    let index = Arc::new(SearchIndex::build(&store));
    app.update(Action::Rebase {
        store: Built(store),
        index: Built(index),
    });
    let ws = app.workspace.as_ref().expect("the workspace stays");
    assert_eq!(ws.marked, marked);
    assert_eq!(ws.key.title, old.title);
    assert_ne!(ws.key.hash, old.hash);
    // Marks still work, now written for the new release.
    app.update(Action::Down);
    let got: Vec<_> = app
        .update(Action::ToggleMark)
        .into_iter()
        .filter_map(|e| match e {
            Effect::Workspace { key, .. } => Some(key),
            _ => None,
        })
        .collect();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].hash, app.workspace.as_ref().unwrap().key.hash);
}

#[test]
fn a_saved_view_brings_back_the_lists_columns() {
    let mut app = app_with(Snapshot::default());
    let mut chosen = app.columns_state();
    // Incidents with only their first two columns, in the other order.
    chosen.incidents.shown = vec![chosen.incidents.shown[1], chosen.incidents.shown[0]];
    app.apply_columns_state(&chosen);
    app.update(Action::SaveView);
    typed(&mut app, "two columns");
    let got = changes(app.update(Action::Submit));
    let [Change::SaveView(v)] = &got[..] else {
        panic!("{got:?}");
    };
    // Back to the defaults, then the view: the two columns return.
    let defaults = App::new(app.store.clone(), Theme::new(false, false), 120, 40).columns_state();
    app.apply_columns_state(&defaults);
    assert_ne!(app.list(Tab::Incidents).columns, chosen.incidents.shown);
    app.open_view(v);
    assert_eq!(app.list(Tab::Incidents).columns, chosen.incidents.shown);
}

/// A browser over the sample on the workspace file at `path`, as the local front end opens
/// it: the configuration first (none here), then the workspace.
fn reopened(path: &std::path::Path) -> (App, crate::ui::effect::LocalEffects) {
    let store = Arc::new(Store::open(None).unwrap());
    let mut app = App::new(store.clone(), Theme::new(false, false), 120, 40);
    let mut effects = crate::ui::effect::LocalEffects::new(std::env::temp_dir());
    let (ws, state) = crate::ui::term::open_workspace(path, &store, "ana").unwrap();
    effects.workspace = Some(ws);
    app.set_workspace(state);
    (app, effects)
}

#[test]
fn a_chosen_column_set_and_sort_survive_reopening_the_app_on_the_same_workspace() {
    use crate::ui::columns::Column;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.sqlite");
    let (mut app, mut fx) = reopened(&path);
    // The chooser: hide Date, then show the first hidden column (sub-event type).
    app.dispatch(Action::OpenColumns, &mut fx);
    app.dispatch(Action::ToggleColumn, &mut fx);
    for _ in 0..6 {
        app.dispatch(Action::Down, &mut fx);
    }
    app.dispatch(Action::ToggleColumn, &mut fx);
    app.dispatch(Action::Submit, &mut fx);
    let chosen = app.list(Tab::Incidents).columns.clone();
    assert!(!chosen.contains(&Column::Date) && chosen.contains(&Column::SubEventType));
    // The towns list sorted by another column, reversed.
    app.dispatch(Action::GoTab(Tab::Towns), &mut fx);
    app.dispatch(Action::CycleSort, &mut fx);
    app.dispatch(Action::ReverseSort, &mut fx);
    let towns = app.columns_state().towns;
    app.dispatch(Action::Quit, &mut fx);
    drop((app, fx));

    let (again, _fx) = reopened(&path);
    assert_eq!(again.list(Tab::Incidents).columns, chosen);
    assert_eq!(again.columns_state().towns, towns);
    assert_eq!(towns.sort, Some(Column::Name));
    assert!(towns.descending, "reversed");
    let names: Vec<String> = again
        .list(Tab::Towns)
        .rows
        .iter()
        .map(|&t| crate::text::fold(&again.store.town(t).name))
        .collect();
    assert!(
        names.windows(2).all(|w| w[0] >= w[1]),
        "rows in the order kept"
    );
    // An untouched list keeps its defaults.
    let defaults = App::new(again.store.clone(), Theme::new(false, false), 120, 40).columns_state();
    assert_eq!(again.columns_state().actors, defaults.actors);
}

#[test]
fn the_workspaces_columns_come_over_the_configurations_and_a_view_over_both() {
    use crate::ui::columns::{Column, ListColumns};
    let store = Arc::new(Store::open(None).unwrap());
    let mut app = App::new(store.clone(), Theme::new(false, false), 120, 40);
    let config = crate::ui::settings::UiSettings {
        incidents: Some(ListColumns {
            shown: vec![Column::Date, Column::Town],
            sort: None,
            descending: true,
        }),
        towns: Some(ListColumns {
            shown: vec![Column::Name, Column::Country],
            sort: None,
            descending: true,
        }),
        ..Default::default()
    };
    app.apply_settings(&config);
    let kept = ListColumns {
        shown: vec![Column::Id, Column::Fatalities],
        sort: Some(Column::Fatalities),
        descending: true,
    };
    let mut snapshot = Snapshot::default();
    snapshot.settings.insert(
        "columns.incidents".into(),
        serde_json::to_string(&kept).unwrap(),
    );
    // Not readable: ignored, the configuration's stays.
    snapshot
        .settings
        .insert("columns.towns".into(), "not json".into());
    app.set_workspace(WorkspaceState::new(
        StoreKey::of(&store),
        "ana".into(),
        snapshot,
    ));
    assert_eq!(app.list(Tab::Incidents).columns, kept.shown);
    assert_eq!(
        app.list(Tab::Towns).columns,
        [Column::Name, Column::Country]
    );
    // A view's columns come last.
    let mut in_view = app.columns_state();
    in_view.incidents.shown = vec![Column::Country];
    app.open_view(&View {
        name: "v".into(),
        tab: "incidents".into(),
        filter: String::new(),
        sort: String::new(),
        columns: serde_json::to_string(&in_view).unwrap(),
        created: String::new(),
    });
    assert_eq!(app.list(Tab::Incidents).columns, [Column::Country]);
}

#[test]
fn the_chooser_and_the_sort_keys_hand_the_list_to_the_workspace() {
    let mut app = app_with(Snapshot::default());
    app.update(Action::OpenColumns);
    app.update(Action::ToggleColumn);
    let got = changes(app.update(Action::Submit));
    let [Change::Setting { key, value }] = &got[..] else {
        panic!("{got:?}");
    };
    assert_eq!(key, "columns.incidents");
    let lc: crate::ui::columns::ListColumns = serde_json::from_str(value).unwrap();
    assert_eq!(lc, app.columns_state().incidents);
    let got = changes(app.update(Action::ReverseSort));
    assert!(matches!(&got[..], [Change::Setting { key, .. }] if key == "columns.incidents"));
    app.update(Action::GoTab(Tab::Actors));
    let got = changes(app.update(Action::CycleSort));
    assert!(matches!(&got[..], [Change::Setting { key, .. }] if key == "columns.actors"));
    // Esc in the chooser keeps nothing; the briefing's sort is not a column choice.
    app.update(Action::OpenColumns);
    assert!(changes(app.update(Action::Cancel)).is_empty());
    app.update(Action::GoTab(Tab::Briefing));
    app.update(Action::FocusList);
    assert!(changes(app.update(Action::ReverseSort)).is_empty());
}
