//! The copy keys' share of `App::update`: `y` the selected record as a citation (the
//! briefing as markdown on the briefing tab), `Y` the list as TSV. Each becomes an
//! `Effect::Copy` that the front end writes to its terminal as OSC 52 (see clipboard.rs).

use super::app::App;
use super::clipboard::{Copy, MAX_COPY};
use super::columns;
use super::effect::Effect;
use super::nav::Tab;
use crate::store::{EntityRef, Store};
use crate::text::sanitize;

impl App {
    /// `y`: what the screen has selected, as text to paste into a report.
    pub(super) fn copy_record(&mut self) {
        let copy = match self.tab() {
            Some(Tab::Briefing) => self.briefing.built.as_ref().map(|b| Copy {
                text: crate::brief::render::markdown(b),
                what: "the briefing as markdown".into(),
            }),
            Some(Tab::Map) => {
                self.message = Some("y copies on the lists, a detail and the briefing".into());
                return;
            }
            _ => self.current().map(|e| Copy {
                text: citation(&self.store, e),
                what: format!(
                    "{} {} as a citation",
                    kind_name(e),
                    record_id(&self.store, e)
                ),
            }),
        };
        match copy {
            Some(c) => self.effects.push(Effect::Copy(c)),
            None => self.message = Some("nothing selected to copy".into()),
        }
    }

    /// `Y`: the list as it stands (filters, sort, shown columns) as TSV with a header row.
    pub(super) fn copy_list(&mut self) {
        if self.tab() == Some(Tab::Briefing) {
            let rows = &self.list(Tab::Briefing).rows;
            let text = reports_tsv(&self.store, rows);
            let what = format!("{} report(s) as TSV", rows.len());
            self.effects.push(Effect::Copy(Copy { text, what }));
            return;
        }
        let Some(tab) = self.tab().filter(|t| !columns::available(*t).is_empty()) else {
            self.message = Some("Y copies the incidents, actors, towns and reports lists".into());
            return;
        };
        let store = self.store.clone();
        let list = self.list(tab);
        let (text, n) = {
            let cells = self.cells(tab, &store);
            columns::tsv_capped(&cells, &list.columns, &list.rows, MAX_COPY)
        };
        let total = list.rows.len();
        let name = tab.title().to_lowercase();
        let what = if n < total {
            format!("the first {n} of {total} rows of the {name} list as TSV (cut at 1 MiB)")
        } else {
            format!("{total} row(s) of the {name} list as TSV")
        };
        self.effects.push(Effect::Copy(Copy { text, what }));
    }
}

/// The briefing tab's reports as TSV: date, outlet, title, URL, id.
fn reports_tsv(store: &Store, rows: &[crate::store::Ix]) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut out = String::from("Date\tOutlet\tTitle\tURL\tId\n");
    for &r in rows {
        let rep = store.report(r);
        let date = rep.date.map_or(String::new(), |d| d.to_string());
        let fields = [
            date,
            clean(&rep.outlet),
            clean(&rep.title),
            clean(rep.url.as_deref().unwrap_or("")),
            clean(&rep.id),
        ];
        out.push_str(&fields.join("\t"));
        out.push('\n');
        if out.len() > MAX_COPY {
            break;
        }
    }
    out
}

fn kind_name(e: EntityRef) -> &'static str {
    match e {
        EntityRef::Incident(_) => "incident",
        EntityRef::Actor(_) => "actor",
        EntityRef::Town(_) => "town",
        EntityRef::Report(_) => "report",
    }
}

fn record_id(store: &Store, e: EntityRef) -> String {
    let id = match e {
        EntityRef::Incident(i) => store.incident(i).id.clone(),
        EntityRef::Actor(i) => store.actor(i).id.to_string(),
        EntityRef::Town(i) => store.town(i).id.to_string(),
        EntityRef::Report(i) => store.report(i).id.to_string(),
    };
    sanitize(&id, false).into_owned()
}

/// A record as a citation: for an incident its id, date, place, type, actors, fatalities
/// and each source with its date and URL (from the report when the source has none).
pub fn citation(store: &Store, e: EntityRef) -> String {
    let mut out = String::new();
    let mut line = |k: &str, v: &str| {
        if !v.trim().is_empty() {
            out.push_str(&format!("{k}: {}\n", sanitize(v, false)));
        }
    };
    let n = |v: Option<u32>| v.map_or("unknown".to_string(), |v| v.to_string());
    match e {
        EntityRef::Incident(i) => {
            let inc = store.incident(i);
            line("Incident", &inc.id);
            line(
                "Date",
                &format!("{} ({})", inc.date_label(), inc.date_precision.describe()),
            );
            let place = crate::text::place([
                store.town_name(&inc.town),
                inc.admin2.as_str(),
                inc.admin1.as_str(),
                inc.country.as_str(),
            ]);
            line("Place", &place);
            line("Type", &inc.type_label());
            let actors: Vec<String> = inc
                .actors
                .iter()
                .map(|a| format!("{} ({})", store.actor_name(&a.actor), a.role.label()))
                .collect();
            line("Actors", &actors.join("; "));
            let f = inc.fatalities;
            line(
                "Fatalities",
                &format!("best {}, low {}, high {}", n(f.best), n(f.low), n(f.high)),
            );
            line("Summary", &inc.summary);
            for s in &inc.sources {
                let report = s.report.as_ref().and_then(|r| store.report_ix(r));
                let report = report.map(|r| store.report(r));
                let mut v = s.outlet.to_string();
                if let Some(r) = report {
                    v.push_str(&format!(", \"{}\"", r.title));
                }
                match s.date.or(report.and_then(|r| r.date)) {
                    Some(d) => v.push_str(&format!(", {d}")),
                    None => v.push_str(", undated"),
                }
                if let Some(u) = s.url.as_ref().or(report.and_then(|r| r.url.as_ref())) {
                    v.push_str(&format!(", {u}"));
                }
                if s.illustrative {
                    v.push_str(" (ILLUSTRATIVE)");
                }
                line("Source", &v);
            }
        }
        EntityRef::Actor(a) => {
            let actor = store.actor(a);
            let act = store.actor_activity[a as usize];
            line("Actor", &format!("{} [{}]", actor.name, actor.id));
            line("Kind", actor.kind.label());
            line("Aliases", &actor.aliases.join(", "));
            line("Affiliation", actor.affiliation.as_deref().unwrap_or(""));
            line(
                "Activity",
                &format!("{} incident(s), {}", act.incidents, act.fatalities.killed()),
            );
            span(&mut line, act.first, act.last);
        }
        EntityRef::Town(t) => {
            let town = store.town(t);
            let act = store.town_activity[t as usize];
            line("Town", &format!("{} [{}]", town.name, town.id));
            let area = crate::text::place([
                town.admin2.as_str(),
                town.admin1.as_str(),
                town.country.as_str(),
            ]);
            line("Area", &area);
            if let (Some(lat), Some(lon)) = (town.lat, town.lon) {
                line("Coordinates", &format!("{lat:.4}, {lon:.4}"));
            }
            line(
                "Activity",
                &format!("{} incident(s), {}", act.incidents, act.fatalities.killed()),
            );
            span(&mut line, act.first, act.last);
        }
        EntityRef::Report(r) => {
            let rep = store.report(r);
            line("Report", &rep.title);
            line("Outlet", &rep.outlet);
            line(
                "Date",
                &rep.date.map_or("undated".into(), |d| d.to_string()),
            );
            line("URL", rep.url.as_deref().unwrap_or(""));
            line("Id", &rep.id);
        }
    }
    out
}

fn span(
    line: &mut impl FnMut(&str, &str),
    first: Option<chrono::NaiveDate>,
    last: Option<chrono::NaiveDate>,
) {
    if let (Some(a), Some(b)) = (first, last) {
        line("Dates", &format!("{a} to {b}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::action::Action;
    use crate::ui::effect::LocalEffects;
    use crate::ui::theme::Theme;
    use std::sync::Arc;

    const FIXTURE: &str = r#"{
      "schema_version": 1,
      "meta": {"title": "Copy fixture"},
      "towns": [{"id": "town:kayes", "name": "Kayes", "country": "Mali", "admin1": "Kayes",
                 "admin2": "Kayes Cercle"}],
      "actors": [
        {"id": "actor:jnim", "name": "JNIM", "kind": "islamist_armed_group"},
        {"id": "actor:fama", "name": "FAMa", "kind": "state_forces"}
      ],
      "reports": [{"id": "rep:1", "title": "Attack on Kayes", "outlet": "Wire",
                   "date": "2025-07-02", "url": "https://example.org/kayes"}],
      "incidents": [{
        "id": "i123", "date": "2025-07-01", "town": "town:kayes", "country": "Mali",
        "admin1": "Kayes", "admin2": "Kayes Cercle",
        "event_type": "Battles", "sub_event_type": "Armed clash",
        "actors": [{"actor": "actor:jnim", "role": "attacker"},
                   {"actor": "actor:fama", "role": "target"}],
        "fatalities": {"best": 12, "low": 10, "high": 15},
        "summary": "JNIM attacked army positions.",
        "sources": [
          {"outlet": "Wire", "report": "rep:1"},
          {"outlet": "Radio", "date": "2025-07-03", "url": "https://radio.example/x"}
        ]
      }]
    }"#;

    fn store() -> Arc<Store> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("copy.json");
        std::fs::write(&p, FIXTURE).unwrap();
        let store = Store::open(Some(&p)).unwrap();
        assert!(store.problems.is_empty(), "{:?}", store.problems);
        Arc::new(store)
    }

    #[test]
    fn an_incident_citation_has_id_date_place_actors_fatalities_and_dated_sources() {
        let s = store();
        let text = citation(&s, EntityRef::Incident(0));
        assert_eq!(
            text,
            "Incident: i123\n\
             Date: 2025-07-01 (the exact day)\n\
             Place: Kayes, Kayes Cercle, Kayes, Mali\n\
             Type: Battles / Armed clash\n\
             Actors: JNIM (attacker); FAMa (target)\n\
             Fatalities: best 12, low 10, high 15\n\
             Summary: JNIM attacked army positions.\n\
             Source: Wire, \"Attack on Kayes\", 2025-07-02, https://example.org/kayes\n\
             Source: Radio, 2025-07-03, https://radio.example/x\n"
        );
    }

    #[test]
    fn y_asks_for_a_copy_of_the_selected_incident_and_says_how_big() {
        let s = store();
        let mut app = App::new(s.clone(), Theme::new(false, false), 120, 40);
        let effects = app.update(Action::CopyRecord);
        let [Effect::Copy(c)] = effects.as_slice() else {
            panic!("one copy");
        };
        assert_eq!(c.text, citation(&s, EntityRef::Incident(0)));
        let mut local = LocalEffects::new(std::path::PathBuf::from("."));
        app.dispatch(Action::CopyRecord, &mut local);
        let expected = format!(
            "copied incident i123 as a citation ({} bytes)",
            c.text.len()
        );
        assert_eq!(app.message.as_deref(), Some(expected.as_str()));
        // The OSC 52 sequence waits for the front end.
        let sent = local.clipboard.take();
        assert_eq!(sent, vec![crate::ui::clipboard::osc52(&c.text)]);
    }

    #[test]
    fn shift_y_copies_the_list_as_tsv_with_a_header_of_the_shown_columns() {
        let s = store();
        let mut app = App::new(s, Theme::new(false, false), 120, 40);
        let effects = app.update(Action::CopyList);
        let [Effect::Copy(c)] = effects.as_slice() else {
            panic!("one copy");
        };
        assert_eq!(
            c.text,
            "Date\tTown\tType\tActors\tFatal\t!\n2025-07-01\tKayes\tBattles\tJNIM vs FAMa\t12\t\n"
        );
        assert_eq!(c.what, "1 row(s) of the incidents list as TSV");
        app.update(Action::GoTab(Tab::Actors));
        let effects = app.update(Action::CopyList);
        let [Effect::Copy(c)] = effects.as_slice() else {
            panic!("one copy");
        };
        let lines: Vec<&str> = c.text.lines().collect();
        assert_eq!(lines[0], "Name\tKind\tInc.\tFatal");
        assert_eq!(lines.len(), 3, "{}", c.text);
    }

    #[test]
    fn y_on_the_briefing_tab_copies_its_markdown() {
        let s = store();
        let mut app = App::new(s, Theme::new(false, false), 120, 40);
        app.update(Action::GoTab(Tab::Briefing));
        let effects = app.update(Action::CopyRecord);
        let [Effect::Copy(c)] = effects.as_slice() else {
            panic!("one copy");
        };
        let b = app.briefing.built.as_ref().unwrap();
        assert_eq!(c.text, crate::brief::render::markdown(b));
        assert!(c.text.starts_with('#'), "{}", c.text);
        assert_eq!(c.what, "the briefing as markdown");
        // Y there copies the reports list.
        let effects = app.update(Action::CopyList);
        let [Effect::Copy(c)] = effects.as_slice() else {
            panic!("one copy");
        };
        assert_eq!(
            c.text,
            "Date\tOutlet\tTitle\tURL\tId\n\
             2025-07-02\tWire\tAttack on Kayes\thttps://example.org/kayes\trep:1\n"
        );
    }
}
