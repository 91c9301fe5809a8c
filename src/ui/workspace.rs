//! The workspace's share of `App::update`: marks (`space`), the note editor (`n`), saved
//! views (`V` saves, `v` lists, `--view NAME`) and the incidents seen. Each change is made
//! to the app's copy here and handed to the front end as an `Effect::Workspace` to keep.

use super::action::Action;
use super::app::{App, Overlay};
use super::lists::SortKey;
use super::nav::Tab;
use super::widgets::Doc;
use super::workspace_state::WorkspaceState;
use crate::search::filters::Filters;
use crate::store::EntityRef;
use crate::workspace::{Change, RecordKind, View};

/// The longest note the editor takes, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;
/// The longest view name.
const MAX_VIEW_NAME: usize = 60;

pub(super) const NO_WORKSPACE: &str =
    "no workspace: marks, notes and views need one (--workspace FILE)";

impl App {
    /// Gives the app the workspace the front end opened: the filter keys `marked`, `noted`
    /// and `new` work from here on, and lists show marks and new incidents.
    pub fn set_workspace(&mut self, state: WorkspaceState) {
        self.filters.records = Some(state.record_sets());
        let saved = saved_columns(&state, self.columns_state());
        self.workspace = Some(state);
        self.detail.key = None;
        // The lists' column choice kept from earlier sessions, over the configuration's.
        if let Some(columns) = saved {
            self.apply_columns_state(&columns);
        }
        self.rebuild_rows();
        self.sync();
    }

    /// Keeps a list's columns and sort in the workspace, for the next session.
    pub(super) fn save_columns(&mut self, tab: Tab) {
        let state = self.columns_state();
        let (Some(lc), Some(key)) = (state.get(tab), columns_key(tab)) else {
            return;
        };
        let Ok(value) = serde_json::to_string(lc) else {
            return;
        };
        self.change(Change::Setting { key, value });
    }

    /// Applies a change to the app's copy and asks the front end to keep it.
    pub(super) fn change(&mut self, change: Change) {
        let Some(ws) = &mut self.workspace else {
            return;
        };
        let change = ws.apply(change);
        let key = ws.key.clone();
        if !matches!(
            change,
            Change::Seen(_) | Change::SaveView(_) | Change::Setting { .. }
        ) {
            self.filters.records = Some(ws.record_sets());
            // The detail shows marks and notes; a filtered list may gain or lose the row.
            self.detail.key = None;
            if self.filters.uses_workspace() {
                self.rebuild_rows();
            }
        }
        self.effects
            .push(super::effect::Effect::Workspace { key, change });
    }

    /// The selected record's kind and id, when it can carry a mark or a note.
    pub(super) fn selected_record(&self) -> Option<(EntityRef, RecordKind, String)> {
        let e = self.current()?;
        RecordKind::of(&self.store, e).map(|(k, id)| (e, k, id))
    }

    pub(super) fn toggle_mark(&mut self) {
        let Some((_, kind, record)) = self.selected_record() else {
            self.message = Some("Space marks an incident, actor or town: select one".into());
            return;
        };
        let Some(ws) = &self.workspace else {
            self.message = Some(NO_WORKSPACE.into());
            return;
        };
        let on = !ws.is_marked(&record);
        self.message = Some(if on {
            format!("marked {record}")
        } else {
            format!("unmarked {record}")
        });
        self.change(Change::Mark { record, kind, on });
    }

    pub(super) fn open_note_editor(&mut self) {
        let Some((e, _, id)) = self.selected_record() else {
            self.message = Some("n writes a note on an incident, actor or town: select one".into());
            return;
        };
        if self.workspace.is_none() {
            self.message = Some(NO_WORKSPACE.into());
            return;
        }
        let label = self.record_label(e, &id);
        self.overlay = Overlay::Note {
            record: e,
            label,
            input: String::new(),
        };
    }

    /// What an editor's title calls a record: an incident by id, date and town, an actor
    /// or town by name.
    pub(super) fn record_label(&self, e: EntityRef, id: &str) -> String {
        match e {
            EntityRef::Incident(i) => {
                let inc = self.store.incident(i);
                format!("{id} ({} {})", inc.date, self.store.town_name(&inc.town))
            }
            EntityRef::Actor(i) => self.store.actor(i).name.clone(),
            EntityRef::Town(i) => self.store.town(i).name.clone(),
            EntityRef::Report(_) => id.to_string(),
        }
    }

    pub(super) fn update_note(&mut self, action: Action) {
        let Overlay::Note { record, input, .. } = &mut self.overlay else {
            return;
        };
        match action {
            Action::TypeChar(c)
                if input.chars().count() < MAX_NOTE_CHARS
                    && !crate::text::is_unsafe_for_terminal(c) =>
            {
                input.push(c);
            }
            Action::DeleteChar => {
                input.pop();
            }
            Action::ClearInput => input.clear(),
            Action::Cancel => {
                self.overlay = Overlay::None;
                self.message = Some("note not saved".into());
            }
            Action::Quit => self.quit = true,
            Action::Submit => {
                let text = crate::workspace::clean_text(input);
                let e = *record;
                if text.is_empty() {
                    self.message = Some("an empty note is not saved (Esc cancels)".into());
                    return;
                }
                self.overlay = Overlay::None;
                if let Some((_, id)) = RecordKind::of(&self.store, e) {
                    self.message = Some(format!("note saved on {id}"));
                    self.change(Change::Note { record: id, text });
                }
            }
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
            }
            _ => {}
        }
    }

    pub(super) fn update_view_name(&mut self, action: Action) {
        let Overlay::ViewName { input } = &mut self.overlay else {
            return;
        };
        match action {
            Action::TypeChar(c)
                if input.chars().count() < MAX_VIEW_NAME
                    && !crate::text::is_unsafe_for_terminal(c) =>
            {
                input.push(c);
            }
            Action::DeleteChar => {
                input.pop();
            }
            Action::ClearInput => input.clear(),
            Action::Cancel => self.overlay = Overlay::None,
            Action::Quit => self.quit = true,
            Action::Submit => {
                let name = crate::workspace::clean_text(input);
                if name.is_empty() {
                    self.message = Some("a view needs a name (Esc cancels)".into());
                    return;
                }
                self.overlay = Overlay::None;
                if self.workspace.is_none() {
                    self.message = Some(NO_WORKSPACE.into());
                    return;
                }
                let view = self.current_view(&name);
                self.message = Some(format!("view '{name}' saved"));
                self.change(Change::SaveView(view));
            }
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
            }
            _ => {}
        }
    }

    /// The current tab, filter line and sort as a view named `name`.
    fn current_view(&self, name: &str) -> View {
        let tab = self.tab().unwrap_or(Tab::Incidents);
        let list = self.list(tab);
        let sort = format!(
            "{}{}",
            if list.descending { "-" } else { "" },
            list.sort.label()
        );
        View {
            name: name.to_string(),
            tab: tab.title().to_ascii_lowercase(),
            filter: self.filters.to_line(),
            sort,
            // Every list's shown columns and sort, so the view brings back the lists as
            // they were.
            columns: serde_json::to_string(&self.columns_state()).unwrap_or_else(|_| "[]".into()),
            created: String::new(),
        }
    }

    pub(super) fn open_views(&mut self) {
        match &self.workspace {
            None => self.message = Some(NO_WORKSPACE.into()),
            Some(ws) if ws.views.is_empty() => {
                self.message = Some("no saved views yet: V saves one".into())
            }
            Some(_) => {
                self.overlay = Overlay::Views {
                    query: String::new(),
                    selected: 0,
                }
            }
        }
    }

    /// The saved views whose name holds `query` (case ignored).
    pub fn views_matching(&self, query: &str) -> Vec<&View> {
        let q = crate::text::fold(query);
        self.workspace
            .iter()
            .flat_map(|ws| &ws.views)
            .filter(|v| crate::text::fold(&v.name).contains(&q))
            .collect()
    }

    pub(super) fn update_views(&mut self, action: Action) {
        let Overlay::Views { query, selected } = &mut self.overlay else {
            return;
        };
        match action {
            Action::TypeChar(c) if query.chars().count() < MAX_VIEW_NAME => {
                query.push(c);
                *selected = 0;
            }
            Action::DeleteChar => {
                query.pop();
                *selected = 0;
            }
            Action::ClearInput => query.clear(),
            Action::Up | Action::PageUp => *selected = selected.saturating_sub(1),
            Action::Down | Action::PageDown => *selected += 1,
            Action::Cancel => self.overlay = Overlay::None,
            Action::Quit => self.quit = true,
            Action::Submit => {
                let (query, selected) = (query.clone(), *selected);
                let chosen = self
                    .views_matching(&query)
                    .get(selected)
                    .map(|v| (*v).clone());
                match chosen {
                    Some(v) => {
                        self.overlay = Overlay::None;
                        self.open_view(&v);
                    }
                    None => self.message = Some(format!("no view named like '{query}'")),
                }
            }
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
            }
            _ => {}
        }
        if let Overlay::Views { query, selected } = &self.overlay {
            let n = self.views_matching(query).len();
            let s = (*selected).min(n.saturating_sub(1));
            if let Overlay::Views { selected, .. } = &mut self.overlay {
                *selected = s;
            }
        }
    }

    pub(super) fn open_view_named(&mut self, name: &str) {
        let found = self
            .workspace
            .as_ref()
            .and_then(|ws| ws.views.iter().find(|v| v.name == name).cloned());
        match found {
            Some(v) => self.open_view(&v),
            None if self.workspace.is_none() => self.message = Some(NO_WORKSPACE.into()),
            None => {
                let names: Vec<String> = self
                    .workspace
                    .iter()
                    .flat_map(|ws| ws.views.iter().map(|v| v.name.clone()))
                    .collect();
                self.message = Some(if names.is_empty() {
                    format!("no view named '{name}' (none saved yet)")
                } else {
                    format!("no view named '{name}'; views: {}", names.join(", "))
                });
            }
        }
    }

    /// Goes to a view's tab with its filter line and sort.
    fn open_view(&mut self, v: &View) {
        let Some(tab) = Tab::ALL
            .into_iter()
            .find(|t| t.title().eq_ignore_ascii_case(&v.tab))
        else {
            self.message = Some(format!("view '{}': no tab '{}'", v.name, v.tab));
            return;
        };
        let parsed = Filters::parse(&v.filter).and_then(|mut f| {
            f.records = self.filters.records.clone();
            f.release = self.filters.release.clone();
            f.check(&self.store).map(|()| f)
        });
        let filters = match parsed {
            Ok(f) => f,
            Err(e) => {
                self.message = Some(format!("view '{}': {}", v.name, e.as_filter_line()));
                return;
            }
        };
        self.filters = filters;
        // Views saved before lists had columns hold "[]": nothing to apply.
        if let Ok(state) = serde_json::from_str::<super::columns::ColumnsState>(&v.columns) {
            self.apply_columns_state(&state);
        }
        let (descending, key) = match v.sort.strip_prefix('-') {
            Some(k) => (true, k),
            None => (false, v.sort.as_str()),
        };
        // The sort is a column of the list (or one of the fixed keys of the other lists).
        let sort = super::columns::available(tab)
            .iter()
            .map(|&c| SortKey::Column(c))
            .chain(super::lists::ListView::sort_keys(tab).iter().copied())
            .find(|k: &SortKey| k.label() == key);
        if let Some(sort) = sort {
            let list = self.list_mut(tab);
            list.sort = sort;
            list.descending = descending;
        }
        self.go_tab(tab);
        self.rebuild_rows();
        self.message = Some(format!("view '{}'", v.name));
    }

    /// Notes the incidents visible in the list (rows `offset..offset + height`) as shown.
    pub(super) fn note_shown(&mut self, height: usize) {
        let Some(ws) = &mut self.workspace else {
            return;
        };
        let list = &self.lists[Tab::Incidents.index()];
        for &ix in list.rows.iter().skip(list.offset).take(height) {
            let id = &self.store.incident(ix).id;
            if !ws.seen.contains(id) && !ws.shown.contains(id) {
                ws.shown.insert(id.clone());
            }
        }
    }

    /// On quit: the incidents shown in this session are kept as seen.
    pub(super) fn flush_seen(&mut self) {
        let Some(ws) = &mut self.workspace else {
            return;
        };
        if ws.flushed || ws.shown.is_empty() {
            return;
        }
        ws.flushed = true;
        let mut ids: Vec<String> = ws.shown.iter().cloned().collect();
        ids.sort();
        self.change(Change::Seen(ids));
    }

    /// The workspace's lines in a record's detail: whether it is marked, and its notes.
    pub(super) fn add_workspace_lines(&self, doc: &mut Doc, e: EntityRef, width: usize) {
        let Some(ws) = &self.workspace else {
            return;
        };
        let Some(section) = workspace_section(ws, &self.store, &self.theme, e, width) else {
            return;
        };
        // After the title line, so a note is seen before the record's own text.
        doc.splice(1, section);
    }
}

/// The workspace key a list's column choice is kept under (`columns.incidents`); None for
/// the tabs without columns.
pub fn columns_key(tab: Tab) -> Option<String> {
    matches!(tab, Tab::Incidents | Tab::Actors | Tab::Towns)
        .then(|| format!("columns.{}", tab.title().to_ascii_lowercase()))
}

/// `current` with each list's choice kept in the workspace in its place; None when no
/// (readable) choice was kept. A value that does not read is left alone.
fn saved_columns(
    ws: &WorkspaceState,
    mut current: super::columns::ColumnsState,
) -> Option<super::columns::ColumnsState> {
    use super::columns::ListColumns;
    let mut any = false;
    for (tab, slot) in [
        (Tab::Incidents, &mut current.incidents),
        (Tab::Actors, &mut current.actors),
        (Tab::Towns, &mut current.towns),
    ] {
        let kept = columns_key(tab)
            .and_then(|k| ws.settings.get(&k))
            .and_then(|v| serde_json::from_str::<ListColumns>(v).ok());
        if let Some(lc) = kept {
            *slot = lc;
            any = true;
        }
    }
    any.then_some(current)
}

fn workspace_section(
    ws: &WorkspaceState,
    store: &crate::store::Store,
    t: &super::theme::Theme,
    e: EntityRef,
    width: usize,
) -> Option<Doc> {
    let (kind, id) = RecordKind::of(store, e)?;
    let notes = ws.notes_on(store, e);
    let marked = ws.is_marked(&id);
    let new = kind == RecordKind::Incident && ws.is_new(&id);
    let tags = ws.tags_of(&id);
    if notes.is_empty() && !marked && !new && tags.is_empty() {
        return None;
    }
    let mut doc = Doc::new(width);
    let mut flags = Vec::new();
    if marked {
        flags.push("* marked");
    }
    if new {
        flags.push("+ new since your last visit");
    }
    if !flags.is_empty() {
        doc.plain(&flags.join("  "), t.header());
    }
    if !tags.is_empty() {
        doc.field("Tags", &tags.join(", "), t.label());
    }
    for n in notes {
        let day = n.created.get(..10).unwrap_or(&n.created);
        doc.field(
            &format!("Note {day}"),
            &format!("{} ({})", n.text, n.author),
            t.label(),
        );
    }
    Some(doc)
}

#[cfg(test)]
mod tests;
