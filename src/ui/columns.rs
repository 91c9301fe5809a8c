//! The lists' column model: which columns each list (incidents, actors, towns) can show,
//! which it shows and in what order, each cell's text and sort value, and how the columns
//! share the width. The choice is plain serde data ([`ColumnsState`]) so that the workspace
//! can keep it.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use super::column_widths::{header_cells, line, share_widths, widths};
use super::nav::Tab;
use crate::store::{Activity, Ix, Store};
use crate::text::{fold, sanitize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Date,
    Town,
    Country,
    Admin1,
    Admin2,
    EventType,
    SubEventType,
    Actors,
    Fatalities,
    Precision,
    Dataset,
    Id,
    Contested,
    Name,
    Kind,
    Affiliation,
    Incidents,
    First,
    Last,
}

/// How a column is laid out: its header, narrowest and widest useful width, whether it
/// takes a share of spare width, and whether it is a number (right-aligned).
pub struct Spec {
    pub header: &'static str,
    pub min: usize,
    pub max: usize,
    pub flex: bool,
    pub right: bool,
}

const fn spec(header: &'static str, min: usize, max: usize, flex: bool, right: bool) -> Spec {
    Spec {
        header,
        min,
        max,
        flex,
        right,
    }
}

impl Column {
    pub fn spec(self) -> Spec {
        use Column::*;
        match self {
            Date => spec("Date", 10, 10, false, false),
            Town => spec("Town", 6, 24, true, false),
            Country => spec("Country", 6, 18, true, false),
            Admin1 => spec("Admin1", 6, 18, true, false),
            Admin2 => spec("Admin2", 6, 18, true, false),
            EventType => spec("Type", 5, 16, true, false),
            SubEventType => spec("Sub-type", 6, 24, true, false),
            Actors => spec("Actors", 8, 48, true, false),
            Fatalities => spec("Fatal", 5, 8, false, true),
            Precision => spec("Placed", 6, 7, false, false),
            Dataset => spec("Dataset", 7, 24, true, false),
            Id => spec("Id", 4, 18, false, false),
            Contested => spec("!", 1, 1, false, false),
            Name => spec("Name", 8, 48, true, false),
            Kind => spec("Kind", 5, 20, true, false),
            Affiliation => spec("Affiliation", 6, 24, true, false),
            Incidents => spec("Inc.", 4, 7, false, true),
            First => spec("First", 10, 10, false, false),
            Last => spec("Last", 10, 10, false, false),
        }
    }

    /// The column as the status line and the chooser name it ("fatalities", "sub-type").
    pub fn label(self) -> &'static str {
        use Column::*;
        match self {
            Date => "date",
            Town => "town",
            Country => "country",
            Admin1 => "admin1",
            Admin2 => "admin2",
            EventType => "type",
            SubEventType => "sub-event type",
            Actors => "actors",
            Fatalities => "fatalities",
            Precision => "geo precision",
            Dataset => "dataset",
            Id => "id",
            Contested => "contested",
            Name => "name",
            Kind => "kind",
            Affiliation => "affiliation",
            Incidents => "incidents",
            First => "first",
            Last => "last",
        }
    }

    /// Whether a sort on it starts largest (newest) first.
    fn starts_descending(self) -> bool {
        use Column::*;
        matches!(
            self,
            Date | Fatalities | Incidents | First | Last | Contested
        )
    }
}

/// The columns a list can show, in their default order.
pub fn available(tab: Tab) -> &'static [Column] {
    use Column::*;
    match tab {
        Tab::Incidents => &[
            Date,
            Town,
            EventType,
            Actors,
            Fatalities,
            Contested,
            SubEventType,
            Country,
            Admin1,
            Admin2,
            Precision,
            Dataset,
            Id,
        ],
        Tab::Actors => &[
            Name,
            Kind,
            Incidents,
            Fatalities,
            Affiliation,
            First,
            Last,
            Id,
        ],
        Tab::Towns => &[
            Name, Admin1, Country, Incidents, Last, Admin2, Fatalities, First, Id,
        ],
        Tab::Briefing | Tab::Map | Tab::Trends => &[],
    }
}

/// The columns a list shows before the user chooses.
pub fn default_shown(tab: Tab) -> Vec<Column> {
    use Column::*;
    match tab {
        Tab::Incidents => vec![Date, Town, EventType, Actors, Fatalities, Contested],
        Tab::Actors => vec![Name, Kind, Incidents, Fatalities],
        Tab::Towns => vec![Name, Admin1, Country, Incidents, Last],
        Tab::Briefing | Tab::Map | Tab::Trends => Vec::new(),
    }
}

/// The column a list sorts by first, and the order `s` steps through the others (then the
/// rest of the shown columns, left to right).
pub fn default_sort(tab: Tab) -> Column {
    match tab {
        Tab::Incidents => Column::Date,
        _ => Column::Incidents,
    }
}

fn preferred_sorts(tab: Tab) -> &'static [Column] {
    use Column::*;
    match tab {
        Tab::Incidents => &[Date, Fatalities, Town],
        _ => &[Incidents, Fatalities, Name, Last],
    }
}

/// The sort after `current` among the shown columns, with its starting direction.
pub fn next_sort(tab: Tab, shown: &[Column], current: Option<Column>) -> (Column, bool) {
    let mut order: Vec<Column> = preferred_sorts(tab)
        .iter()
        .copied()
        .filter(|c| shown.contains(c))
        .collect();
    for c in shown {
        if !order.contains(c) {
            order.push(*c);
        }
    }
    if order.is_empty() {
        let c = default_sort(tab);
        return (c, c.starts_descending());
    }
    let next = match current.and_then(|c| order.iter().position(|o| *o == c)) {
        Some(i) => order[(i + 1) % order.len()],
        None => order[0],
    };
    (next, next.starts_descending())
}

/// One list's choice: shown columns in order, and its sort.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListColumns {
    pub shown: Vec<Column>,
    /// None: the list's default sort.
    #[serde(default)]
    pub sort: Option<Column>,
    #[serde(default)]
    pub descending: bool,
}

/// The column choice of every list, for the workspace to keep (see
/// `App::columns_state` / `App::apply_columns_state`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnsState {
    pub incidents: ListColumns,
    pub actors: ListColumns,
    pub towns: ListColumns,
}

impl ColumnsState {
    pub fn get(&self, tab: Tab) -> Option<&ListColumns> {
        match tab {
            Tab::Incidents => Some(&self.incidents),
            Tab::Actors => Some(&self.actors),
            Tab::Towns => Some(&self.towns),
            _ => None,
        }
    }
}

/// `shown` with what this list cannot show and repeats removed; the default when nothing
/// is left.
pub fn clean(tab: Tab, shown: &[Column]) -> Vec<Column> {
    let mut out: Vec<Column> = Vec::new();
    for c in shown {
        if available(tab).contains(c) && !out.contains(c) {
            out.push(*c);
        }
    }
    if out.is_empty() {
        default_shown(tab)
    } else {
        out
    }
}

/// A comparable sort value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortVal {
    Num(i64),
    Text(String),
}

/// Reads the cells of one list: the store and, for actors and towns, their activity within
/// the filtered incidents.
pub struct Cells<'a> {
    pub store: &'a Store,
    pub tab: Tab,
    pub activity: &'a [Activity],
    /// The contested marker ("!").
    pub mark: &'a str,
}

impl<'a> Cells<'a> {
    pub fn new(store: &'a Store, tab: Tab, activity: &'a [Activity], mark: &'a str) -> Self {
        Cells {
            store,
            tab,
            activity,
            mark,
        }
    }

    /// The cell's text, safe to draw (control characters removed).
    pub fn text(&self, ix: Ix, col: Column) -> String {
        sanitize(&self.raw(ix, col), false).into_owned()
    }

    fn raw(&self, ix: Ix, col: Column) -> String {
        let s = self.store;
        let date = |d: Option<chrono::NaiveDate>| d.map_or("-".to_string(), |d| d.to_string());
        match self.tab {
            Tab::Incidents => {
                let inc = s.incident(ix);
                match col {
                    Column::Date => inc.date.to_string(),
                    Column::Town => s.town_name(&inc.town).to_string(),
                    Column::Country => inc.country.to_string(),
                    Column::Admin1 => inc.admin1.to_string(),
                    Column::Admin2 => inc.admin2.to_string(),
                    Column::EventType => inc.event_type.to_string(),
                    Column::SubEventType => inc.sub_event_type.to_string(),
                    Column::Actors => super::panes::incidents::main_actors(s, inc),
                    Column::Fatalities => inc.fatalities.best.map_or("?".into(), |b| b.to_string()),
                    Column::Precision => inc.geo_precision.map_or("", |g| g.label()).to_string(),
                    Column::Dataset => s.dataset_of(inc).to_string(),
                    Column::Id => inc.id.clone(),
                    Column::Contested => {
                        if inc.has_contested_claims() {
                            self.mark.to_string()
                        } else {
                            String::new()
                        }
                    }
                    _ => String::new(),
                }
            }
            Tab::Actors | Tab::Towns => {
                let act = self.activity.get(ix as usize).copied().unwrap_or_default();
                match col {
                    Column::Incidents => return act.incidents.to_string(),
                    Column::Fatalities => return act.fatalities.short(),
                    Column::First => return date(act.first),
                    Column::Last => return date(act.last),
                    _ => {}
                }
                if self.tab == Tab::Actors {
                    let a = s.actor(ix);
                    match col {
                        Column::Name => a.name.clone(),
                        Column::Kind => a.kind.label().to_string(),
                        Column::Affiliation => a.affiliation.clone().unwrap_or_default(),
                        Column::Id => a.id.to_string(),
                        _ => String::new(),
                    }
                } else {
                    let t = s.town(ix);
                    match col {
                        Column::Name => t.name.clone(),
                        Column::Admin1 => t.admin1.to_string(),
                        Column::Admin2 => t.admin2.to_string(),
                        Column::Country => t.country.to_string(),
                        Column::Id => t.id.to_string(),
                        _ => String::new(),
                    }
                }
            }
            Tab::Briefing | Tab::Map | Tab::Trends => String::new(),
        }
    }

    /// The value a sort on `col` compares.
    pub fn key(&self, ix: Ix, col: Column) -> SortVal {
        let days = |d: Option<chrono::NaiveDate>| {
            SortVal::Num(d.map_or(i64::MIN, |d| chrono::Datelike::num_days_from_ce(&d) as i64))
        };
        match (self.tab, col) {
            (Tab::Incidents, Column::Date) => days(Some(self.store.incident(ix).date)),
            (Tab::Incidents, Column::Fatalities) => SortVal::Num(
                self.store
                    .incident(ix)
                    .fatalities
                    .best
                    .map_or(-1, i64::from),
            ),
            (Tab::Incidents, Column::Contested) => {
                SortVal::Num(self.store.incident(ix).has_contested_claims() as i64)
            }
            (Tab::Actors | Tab::Towns, c) => {
                let act = self.activity.get(ix as usize).copied().unwrap_or_default();
                match c {
                    Column::Incidents => SortVal::Num(act.incidents as i64),
                    Column::Fatalities => SortVal::Num(act.fatalities.best as i64),
                    Column::First => days(act.first),
                    Column::Last => days(act.last),
                    _ => SortVal::Text(fold(&self.raw(ix, c))),
                }
            }
            _ => SortVal::Text(fold(&self.raw(ix, col))),
        }
    }
}

/// Sorts `rows` by `col`: ascending is smallest (oldest, A) first. Ties keep store order
/// (incidents newest first) and then name order for actors and towns.
pub fn sort_rows(cells: &Cells, rows: &mut [Ix], col: Column, descending: bool) {
    if cells.tab == Tab::Incidents && col == Column::Date {
        // Store order is newest first: a date sort is an index sort.
        rows.par_sort_unstable();
        if !descending {
            rows.reverse();
        }
        return;
    }
    // Ties: store order for incidents (newest first), name order for actors and towns.
    let tie = |r: Ix| match cells.tab {
        Tab::Incidents => SortVal::Num(0),
        _ => cells.key(r, Column::Name),
    };
    let mut keyed: Vec<(SortVal, SortVal, Ix)> = rows
        .par_iter()
        .map(|&r| (cells.key(r, col), tie(r), r))
        .collect();
    keyed.par_sort_by(|(ka, ta, a), (kb, tb, b)| {
        let primary = if descending { kb.cmp(ka) } else { ka.cmp(kb) };
        primary.then_with(|| ta.cmp(tb)).then(a.cmp(b))
    });
    for (slot, (_, _, r)) in rows.iter_mut().zip(keyed) {
        *slot = r;
    }
}

/// The rows as TSV: a header row of the shown columns, then one line per row (control
/// characters in the data, tabs and newlines among them, become spaces). Rows stop before the text would pass `max` bytes;
/// returns the text and how many rows it holds.
pub fn tsv_capped(cells: &Cells, shown: &[Column], rows: &[Ix], max: usize) -> (String, usize) {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut out = shown
        .iter()
        .map(|c| c.spec().header)
        .collect::<Vec<_>>()
        .join("\t");
    out.push('\n');
    let mut n = 0;
    for &r in rows {
        let mut line: String = shown
            .iter()
            .map(|&c| clean(&cells.text(r, c)))
            .collect::<Vec<_>>()
            .join("\t");
        line.push('\n');
        if out.len() + line.len() > max {
            break;
        }
        out.push_str(&line);
        n += 1;
    }
    (out, n)
}

/// The rows as table cells (header first), for a CSV export.
pub fn table(cells: &Cells, shown: &[Column], rows: &[Ix]) -> Vec<Vec<String>> {
    let mut out = vec![shown.iter().map(|c| c.spec().header.to_string()).collect()];
    for &r in rows {
        out.push(shown.iter().map(|&c| cells.raw(r, c)).collect());
    }
    out
}

/// The column chooser's state: a list's columns in order, each shown or not, and the
/// cursor. Applied on Enter; Esc leaves the list as it was.
#[derive(Clone, Debug, PartialEq)]
pub struct Chooser {
    pub tab: Tab,
    pub items: Vec<(Column, bool)>,
    pub cursor: usize,
}

impl Chooser {
    /// The shown columns in order, then the hidden ones in their default order.
    pub fn new(tab: Tab, shown: &[Column]) -> Chooser {
        let mut items: Vec<(Column, bool)> = shown.iter().map(|&c| (c, true)).collect();
        for &c in available(tab) {
            if !shown.contains(&c) {
                items.push((c, false));
            }
        }
        Chooser {
            tab,
            items,
            cursor: 0,
        }
    }

    pub fn move_cursor(&mut self, delta: isize) {
        let n = self.items.len() as isize;
        if n > 0 {
            self.cursor = (self.cursor as isize + delta).clamp(0, n - 1) as usize;
        }
    }

    pub fn toggle(&mut self) {
        if let Some(item) = self.items.get_mut(self.cursor) {
            item.1 = !item.1;
        }
    }

    /// Moves the column under the cursor up (-1) or down (+1), the cursor with it.
    pub fn reorder(&mut self, delta: isize) {
        let to = self.cursor as isize + delta;
        if to >= 0 && (to as usize) < self.items.len() {
            self.items.swap(self.cursor, to as usize);
            self.cursor = to as usize;
        }
    }

    pub fn shown(&self) -> Vec<Column> {
        self.items.iter().filter(|i| i.1).map(|i| i.0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_stops_at_a_whole_row_before_the_cap() {
        let store = Store::open(None).unwrap();
        let cells = Cells::new(&store, Tab::Incidents, &[], "!");
        let shown = default_shown(Tab::Incidents);
        let rows: Vec<Ix> = (0..store.incidents.len() as Ix).collect();
        let (all, n) = tsv_capped(&cells, &shown, &rows, usize::MAX);
        assert_eq!(n, rows.len());
        assert_eq!(all.lines().count(), rows.len() + 1);
        let (cut, n) = tsv_capped(&cells, &shown, &rows, 1000);
        assert!(n > 0 && n < rows.len(), "{n}");
        assert!(cut.len() <= 1000 && cut.ends_with('\n'));
        assert_eq!(cut.lines().count(), n + 1);
        assert!(all.starts_with(&cut));
    }

    #[test]
    fn next_sort_steps_the_preferred_columns_then_the_other_shown_ones() {
        let shown = default_shown(Tab::Incidents);
        let (c, desc) = next_sort(Tab::Incidents, &shown, Some(Column::Date));
        assert_eq!((c, desc), (Column::Fatalities, true));
        let (c, desc) = next_sort(Tab::Incidents, &shown, Some(Column::Fatalities));
        assert_eq!((c, desc), (Column::Town, false));
        let (c, _) = next_sort(Tab::Incidents, &shown, Some(Column::Town));
        assert_eq!(c, Column::EventType);
        // A hidden column is never offered.
        let shown = vec![Column::Date, Column::Country];
        let (c, _) = next_sort(Tab::Incidents, &shown, Some(Column::Date));
        assert_eq!(c, Column::Country);
    }

    #[test]
    fn clean_drops_unknown_and_repeated_columns() {
        let c = clean(
            Tab::Actors,
            &[Column::Kind, Column::Town, Column::Kind, Column::Name],
        );
        assert_eq!(c, vec![Column::Kind, Column::Name]);
        assert_eq!(
            clean(Tab::Towns, &[Column::Actors]),
            default_shown(Tab::Towns)
        );
    }

    #[test]
    fn the_state_round_trips_through_json() {
        let s = ColumnsState {
            incidents: ListColumns {
                shown: vec![Column::Date, Column::SubEventType],
                sort: Some(Column::SubEventType),
                descending: false,
            },
            actors: ListColumns {
                shown: default_shown(Tab::Actors),
                sort: None,
                descending: true,
            },
            towns: ListColumns {
                shown: default_shown(Tab::Towns),
                sort: None,
                descending: true,
            },
        };
        let j = serde_json::to_string(&s).unwrap();
        assert!(j.contains("\"sub_event_type\""), "{j}");
        let back: ColumnsState = serde_json::from_str(&j).unwrap();
        assert_eq!(back, s);
    }
}
