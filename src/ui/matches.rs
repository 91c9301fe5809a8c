//! The same event in the store's other datasets (a store joined from several files): the
//! matches `reconcile::joined` computes in the background once the front end starts it,
//! `update`'s share when they arrive, and the lines they add to an incident's detail.

use std::sync::Arc;
use std::sync::mpsc::Receiver;

use super::app::App;
use super::widgets::Doc;
use crate::reconcile::joined::StoreMatches;
use crate::reconcile::{Crosswalk, Rules};
use crate::store::{EntityRef, Ix, Store};

/// The matches, once computed, and how to compute them again for a reloaded store.
#[derive(Default)]
pub struct MatchState {
    pub built: Option<Arc<StoreMatches>>,
    pending: Option<Receiver<Arc<StoreMatches>>>,
    /// Kept to match a reloaded store the same way.
    crosswalk: Option<Crosswalk>,
}

impl MatchState {
    /// Starts matching `store`'s datasets on a background thread; nothing for a store of
    /// one dataset.
    pub fn in_background(store: Arc<Store>, crosswalk: Crosswalk) -> MatchState {
        if !store.is_joined() {
            return MatchState {
                crosswalk: Some(crosswalk),
                ..MatchState::default()
            };
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let cw = crosswalk.clone();
        std::thread::Builder::new()
            .name("sitrep-match".into())
            .spawn(move || {
                let _ = tx.send(Arc::new(StoreMatches::of(&store, &cw, &Rules::default())));
            })
            .expect("spawning the matching thread");
        MatchState {
            built: None,
            pending: Some(rx),
            crosswalk: Some(crosswalk),
        }
    }

    /// The matches as the snapshot cache gives them (restored with a joined snapshot, or
    /// coming from its writer); else matched on a background thread as
    /// [`MatchState::in_background`] does.
    pub fn from_cache(
        from: Option<crate::cache::MatchesFrom>,
        store: Arc<Store>,
        crosswalk: Crosswalk,
    ) -> MatchState {
        match from {
            Some(crate::cache::MatchesFrom::Ready(m)) => MatchState {
                built: Some(m),
                pending: None,
                crosswalk: Some(crosswalk),
            },
            Some(crate::cache::MatchesFrom::Coming(rx)) => MatchState {
                built: None,
                pending: Some(rx),
                crosswalk: Some(crosswalk),
            },
            None => MatchState::in_background(store, crosswalk),
        }
    }

    /// Matches now (tests).
    pub fn now(store: &Store, crosswalk: &Crosswalk) -> MatchState {
        MatchState {
            built: Some(Arc::new(StoreMatches::of(
                store,
                crosswalk,
                &Rules::default(),
            ))),
            pending: None,
            crosswalk: Some(crosswalk.clone()),
        }
    }

    /// The same matching over a reloaded store (the old matches name the old store's
    /// records, so they go at once).
    pub fn restart(&self, store: Arc<Store>) -> MatchState {
        match &self.crosswalk {
            Some(cw) => MatchState::in_background(store, cw.clone()),
            None => MatchState::default(),
        }
    }

    /// The matches, if the background work just finished (handed over once).
    pub fn take_built(&self) -> Option<Arc<StoreMatches>> {
        self.pending.as_ref()?.try_recv().ok()
    }

    pub fn pending(&self) -> bool {
        self.pending.is_some()
    }

    pub fn install(&mut self, matches: Arc<StoreMatches>) {
        self.built = Some(matches);
        self.pending = None;
    }
}

impl App {
    /// The matches arrived: the detail on screen may gain its other datasets' records.
    pub(super) fn install_matches(&mut self, matches: Arc<StoreMatches>) {
        let n: usize = matches.pairs.iter().map(|p| p.result.matched.len()).sum();
        if !matches.is_empty() {
            self.message = Some(format!(
                "matched {n} event(s) recorded by more than one dataset"
            ));
        }
        self.matches.install(matches);
        self.detail.key = None;
        self.briefing.key = None;
    }

    /// An incident's records in the other datasets, after its title line: the other record
    /// (a link), both fatality figures as claims side by side, what else they say
    /// differently, and why they were matched.
    pub(super) fn add_match_lines(&self, doc: &mut Doc, e: EntityRef, width: usize) {
        let (EntityRef::Incident(ix), Some(m)) = (e, &self.matches.built) else {
            return;
        };
        if let Some(section) = match_section(&self.store, &self.theme, m, ix, width) {
            doc.splice(1, section);
        }
    }
}

fn match_section(
    store: &Store,
    t: &super::theme::Theme,
    m: &StoreMatches,
    ix: Ix,
    width: usize,
) -> Option<Doc> {
    let seen = m.matches_of(ix);
    let candidates = m.candidates_of(ix);
    if seen.is_empty() && candidates.is_empty() {
        return None;
    }
    let mut doc = Doc::new(width);
    let e = t.ellipsis();
    for s in &seen {
        let other = store.incident(s.other);
        let (own, theirs) = s.labels;
        doc.heading(&format!("Also recorded by {theirs}"), t.header());
        let label = format!(
            "{} {} {} - {}",
            other.id,
            other.date_label(),
            store.town_name(&other.town),
            super::panes::incidents::main_actors(store, other)
        );
        doc.link(&label, EntityRef::Incident(s.other), t.link(), e);
        let mine_first = |a: &str, b: &str| {
            if s.is_a {
                format!("{own}: {a}; {theirs}: {b}")
            } else {
                format!("{own}: {b}; {theirs}: {a}")
            }
        };
        let fat = |ix: Ix| crate::reconcile::fatality_claim(&store.incident(ix).fatalities);
        doc.field(
            "Fatalities",
            &format!("{own}: {}; {theirs}: {}", fat(ix), fat(s.other)),
            t.label(),
        );
        for d in &s.matched.differences {
            if d.field == "fatalities" {
                continue;
            }
            doc.field(&capitalised(d.field), &mine_first(&d.a, &d.b), t.label());
        }
        let days = match s.matched.days {
            0 => "same day".to_string(),
            1 => "1 day apart".to_string(),
            n => format!("{n} days apart"),
        };
        doc.field(
            "Matched",
            &format!(
                "{days}, {} km apart, {} (score {})",
                s.matched.km,
                s.matched.verdict.key(),
                s.matched.score
            ),
            t.label(),
        );
    }
    for (theirs, amb) in &candidates {
        doc.heading(
            &format!("Possibly also in {theirs} (ambiguous)"),
            t.header(),
        );
        let others: Vec<(Ix, f64)> = if amb.a == ix {
            amb.candidates.clone()
        } else {
            vec![(
                amb.a,
                amb.candidates
                    .iter()
                    .find(|c| c.0 == ix)
                    .map_or(0.0, |c| c.1),
            )]
        };
        for (o, score) in others {
            let other = store.incident(o);
            let label = format!(
                "{} {} {} (score {score})",
                other.id,
                other.date_label(),
                store.town_name(&other.town)
            );
            doc.link(&label, EntityRef::Incident(o), t.link(), e);
        }
    }
    Some(doc)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StoreDoc;
    use crate::ui::action::{Action, Built};
    use crate::ui::theme::Theme;

    fn part(source: &str, label: &str, incidents: &str) -> Store {
        let json = format!(
            r#"{{"schema_version":1,"meta":{{"title":"{label}","dataset":"{label}"}},
            "towns":[{{"id":"t:djibo","name":"Djibo","country":"Burkina Faso","lat":14.1,"lon":-1.63}}],
            "actors":[{{"id":"a:jnim","name":"JNIM","kind":"islamist_armed_group"}},
                      {{"id":"a:civ","name":"Civilians","kind":"civilians"}}],
            "incidents":[{incidents}]}}"#
        );
        let doc: StoreDoc = serde_json::from_str(&json).unwrap();
        Store::from_doc(source.into(), doc, Vec::new())
    }

    fn incident(id: &str, date: &str, killed: &str) -> String {
        format!(
            r#"{{"id":"{id}","date":"{date}","town":"t:djibo","country":"Burkina Faso",
            "lat":14.1,"lon":-1.63,"geo_precision":"exact","event_type":"Violence against civilians",
            "fatalities":{killed},
            "actors":[{{"actor":"a:jnim","role":"actor1"}},{{"actor":"a:civ","role":"actor2"}}]}}"#
        )
    }

    fn joined() -> Arc<Store> {
        let acled = part(
            "/d/acled.csv",
            "ACLED",
            &incident("A1", "2018-03-02", r#"{"best":22}"#),
        );
        let ucdp = part(
            "/d/ucdp.csv",
            "UCDP",
            &incident("U1", "2018-03-03", r#"{"best":22,"low":0,"high":22}"#),
        );
        Arc::new(crate::store::merge::merge(
            vec![acled, ucdp],
            &Crosswalk::shipped(),
        ))
    }

    fn detail_text(app: &App) -> String {
        app.detail
            .doc
            .lines
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_matched_incident_shows_the_other_record_and_both_tolls_side_by_side() {
        let store = joined();
        let mut app = App::new(store.clone(), Theme::new(false, false), 160, 40);
        assert!(!detail_text(&app).contains("Also recorded by"));
        let m = MatchState::now(&store, &Crosswalk::shipped());
        app.update(Action::MatchesReady(Built(m.built.unwrap())));
        let text = detail_text(&app);
        // The list opens on the newest: UCDP's U1, a day after ACLED's A1.
        assert!(text.contains("Also recorded by ACLED"), "{text}");
        assert!(text.contains("A1 2018-03-02 Djibo"), "{text}");
        assert!(
            text.contains("UCDP: best 22, low 0, high 22; ACLED: 22"),
            "{text}"
        );
        assert!(
            text.contains("1 day apart, 0 km apart, same actors"),
            "{text}"
        );
        // The other record is a link the detail can follow.
        let a1 = store.incident_ix("A1").unwrap();
        assert!(
            app.detail
                .doc
                .links
                .iter()
                .any(|(_, l)| *l == crate::ui::widgets::Link::Record(EntityRef::Incident(a1)))
        );
    }

    #[test]
    fn matches_arriving_are_announced_and_a_reload_drops_them() {
        let store = joined();
        let mut app = App::new(store.clone(), Theme::new(false, false), 160, 40);
        let m = MatchState::now(&store, &Crosswalk::shipped());
        app.update(Action::MatchesReady(Built(m.built.unwrap())));
        assert_eq!(
            app.message.as_deref(),
            Some("matched 1 event(s) recorded by more than one dataset")
        );
        // Positions of the old store mean nothing in a new one.
        let restarted = app.matches.restart(store);
        assert!(restarted.built.is_none());
    }
}
