//! Running a query against the index: score each distinct short value and vocabulary word
//! once per term, then walk the candidate incidents through compact per-incident arrays,
//! one term at a time, so each term only sees the survivors of the previous ones.

use std::sync::OnceLock;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use super::index::{
    CHUNK, NONE, SearchIndex, char_mask, cmp_folded, fold_phrase, starts_with_folded,
};
use super::{Hit, Results};
use crate::store::{EntityRef, Ix, Kind, Store};

/// Points at or above this come from a strong match in a short field (name, alias, place,
/// type, id); below it, from a weak one or from the summary and notes. A strong field match
/// always outranks text, so an incident's words are read only when no field matched well.
pub(crate) const BAND: u32 = 10_000;
const STRONG: u32 = BAND + 100;
/// An incident in the Kayes region ranks just below one in the town of Kayes.
const AREA_PENALTY: u32 = 50;
/// A town or actor the query names ranks above incidents that mention it equally well.
const ENTITY_BONUS: u32 = 100;
/// The whole query equals a name, an alias or an id. Other scores are capped below it.
pub(crate) const EXACT: u32 = 1_000_000;
const MAX_FUZZY: i64 = 9_000;

pub(crate) fn matcher() -> &'static SkimMatcherV2 {
    static M: OnceLock<SkimMatcherV2> = OnceLock::new();
    // Everything is folded to lower case on both sides, so case can be respected (fastest).
    M.get_or_init(|| SkimMatcherV2::default().respect_case())
}

pub(crate) struct Term {
    pub text: String,
    pub mask: u64,
    /// Length in chars.
    len: usize,
    /// The score of the term matched against itself: the best it can get.
    perfect: i64,
}

pub(crate) struct Query {
    /// Distinct folded terms, as typed.
    pub terms: Vec<Term>,
    /// The folded query with single spaces, compared with whole names for exact matches.
    pub phrase: String,
}

/// Longest term matched, and most terms: the fuzzy matcher's cost grows with the term's
/// length times the text's, so a pasted megabyte must not reach it whole. No name in a
/// store is near these lengths, so nothing that could match is lost.
const MAX_TERM_CHARS: usize = 64;
const MAX_TERMS: usize = 16;

pub(crate) fn parse(query: &str) -> Query {
    let cut: String = query.chars().take(super::MAX_QUERY_CHARS).collect();
    let phrase = fold_phrase(&cut);
    let mut terms: Vec<Term> = Vec::new();
    for t in phrase.split(' ').filter(|t| !t.is_empty()).take(MAX_TERMS) {
        let t = match t.char_indices().nth(MAX_TERM_CHARS) {
            Some((end, _)) => &t[..end],
            None => t,
        };
        if terms.iter().all(|x| x.text != t) {
            let perfect = matcher().fuzzy_match(t, t).unwrap_or(0).max(1);
            terms.push(Term {
                text: t.to_string(),
                mask: char_mask(t),
                len: t.chars().count(),
                perfect,
            });
        }
    }
    Query { terms, phrase }
}

/// Points for a term in a short field: strong when the matched characters sit close
/// together ("sandre" in "sandare"), weak when scattered over a long name ("sandre" across
/// "Samona Self-Defence Group (Senegal)"), which ranks like a match in the notes.
fn field_points(choice: &str, term: &Term) -> u32 {
    match matcher().fuzzy_match(choice, &term.text) {
        None => 0,
        Some(s) => {
            let s = s.clamp(0, MAX_FUZZY) as u32;
            if tight(choice, &term.text, term.len) {
                STRONG + s
            } else {
                s + 1
            }
        }
    }
}

/// Whether `term` occurs as a subsequence of `choice` within a window of at most 1.5 times
/// its length (plus one): typos and dropped letters, not letters picked from several words.
fn tight(choice: &str, term: &str, len: usize) -> bool {
    let limit = len + len / 2 + 1;
    let c: Vec<char> = choice.chars().collect();
    let t: Vec<char> = term.chars().collect();
    (0..c.len()).filter(|&i| c[i] == t[0]).any(|start| {
        let mut k = 0;
        for (j, &ch) in c[start..].iter().enumerate() {
            if j >= limit {
                return false;
            }
            if ch == t[k] {
                k += 1;
                if k == t.len() {
                    return true;
                }
            }
        }
        false
    })
}

fn text_points(choice: &str, term: &Term) -> u32 {
    matcher()
        .fuzzy_match(choice, &term.text)
        .map_or(0, |s| s.clamp(0, MAX_FUZZY) as u32 + 1)
}

fn demote(p: u32) -> u32 {
    if p >= STRONG { p - AREA_PENALTY } else { p }
}

/// One term's points for every distinct value, place, type pair, actor set and word.
pub(crate) struct TermScores {
    mask: u64,
    /// The term is one ASCII letter or digit, which has a mask bit of its own.
    single: bool,
    values: Vec<u32>,
    town: Vec<u32>,
    actor: Vec<u32>,
    place: Vec<u32>,
    types: Vec<u32>,
    aset: Vec<u32>,
    /// Dense over the vocabulary, and the ids that matched (to narrow the next keystroke).
    words: Vec<u32>,
    word_list: Vec<u32>,
    id_lo: u32,
    id_hi: u32,
    id_points: u32,
}

impl TermScores {
    fn area(&self, v: u32) -> u32 {
        if v == NONE {
            0
        } else {
            demote(self.values[v as usize])
        }
    }

    fn value(&self, v: u32) -> u32 {
        if v == NONE {
            0
        } else {
            self.values[v as usize]
        }
    }

    /// A town's own points (name, aliases) and its areas' points.
    fn town_entity(&self, index: &SearchIndex, t: usize) -> (u32, u32) {
        let areas = index.town_areas[t].iter().map(|&v| self.area(v)).max();
        (self.town[t], areas.unwrap_or(0))
    }
}

fn term_scores(
    store: &Store,
    index: &SearchIndex,
    term: &Term,
    word_cands: Option<&[u32]>,
    incidents: bool,
) -> TermScores {
    let nv = index.values.len();
    let values: Vec<u32> = (0..nv as u32)
        .into_par_iter()
        .with_min_len(512)
        .map(|v| {
            let m = index.value_masks[v as usize];
            if m & term.mask == term.mask {
                field_points(index.values.get(v), term)
            } else {
                0
            }
        })
        .collect();
    let best = |ids: &[u32]| ids.iter().map(|&v| values[v as usize]).max().unwrap_or(0);
    let town: Vec<u32> = (0..index.town_names.len() as u32)
        .map(|t| best(index.town_names.get(t)))
        .collect();
    let actor: Vec<u32> = (0..index.actor_names.len() as u32)
        .map(|a| best(index.actor_names.get(a)))
        .collect();
    let mut ts = TermScores {
        mask: term.mask,
        single: term.len == 1 && term.text.bytes().all(|b| b.is_ascii_alphanumeric()),
        values,
        town,
        actor,
        place: Vec::new(),
        types: Vec::new(),
        aset: Vec::new(),
        words: Vec::new(),
        word_list: Vec::new(),
        id_lo: 0,
        id_hi: 0,
        id_points: 0,
    };
    if !incidents {
        return ts;
    }
    ts.place = index
        .places
        .iter()
        .map(|p| {
            let own = if p.town == NONE {
                0
            } else {
                ts.town[p.town as usize]
            };
            p.areas.iter().map(|&v| ts.area(v)).fold(own, u32::max)
        })
        .collect();
    ts.types = index
        .type_pairs
        .iter()
        .map(|&[a, b]| ts.value(a).max(ts.value(b)))
        .collect();
    ts.aset = (0..index.actor_sets.len() as u32)
        .map(|s| {
            let members = index.actor_sets.get(s).iter();
            members.map(|&a| ts.actor[a as usize]).max().unwrap_or(0)
        })
        .collect();

    let score_word = |w: u32| {
        let m = index.word_masks[w as usize];
        if m & term.mask != term.mask {
            return None;
        }
        let p = text_points(index.words.get(w), term);
        (p > 0).then_some((w, p))
    };
    let matched: Vec<(u32, u32)> = match word_cands {
        Some(c) => c
            .par_iter()
            .with_min_len(1024)
            .filter_map(|&w| score_word(w))
            .collect(),
        None => (0..index.words.len() as u32)
            .into_par_iter()
            .with_min_len(1024)
            .filter_map(score_word)
            .collect(),
    };
    if !matched.is_empty() {
        ts.words = vec![0; index.words.len()];
        for &(w, p) in &matched {
            ts.words[w as usize] = p;
        }
    }
    ts.word_list = matched.into_iter().map(|(w, _)| w).collect();

    // Incident ids match by prefix ("mli1234" finds MLI12345); a prefix with digits is
    // specific enough to rank like a name, a bare letter prefix is not.
    let ids = &index.id_order;
    let id = |k: u32| store.incident(k).id.as_str();
    let lo = ids.partition_point(|&k| cmp_folded(id(k), &term.text).is_lt());
    let len = ids[lo..].partition_point(|&k| starts_with_folded(id(k), &term.text));
    ts.id_lo = lo as u32;
    ts.id_hi = (lo + len) as u32;
    let specific = term.text.chars().count() >= 4 && term.text.chars().any(|c| c.is_ascii_digit());
    ts.id_points = if specific {
        STRONG + term.perfect.clamp(0, MAX_FUZZY) as u32
    } else {
        1
    };
    ts
}

/// One term's points for incident `i` from its short fields and id (0: none).
#[inline]
fn field_points_of(index: &SearchIndex, ts: &TermScores, i: usize) -> u32 {
    let p = ts.place[index.inc_place[i] as usize]
        .max(ts.types[index.inc_types[i] as usize])
        .max(ts.aset[index.inc_actors[i] as usize]);
    let r = index.id_rank[i];
    if r >= ts.id_lo && r < ts.id_hi {
        p.max(ts.id_points)
    } else {
        p
    }
}

fn add(acc: u32, p: u32) -> u32 {
    acc.saturating_add(p).min(EXACT - 1)
}

/// How an incident's words are checked for a term when no field matched it well.
enum Text {
    /// No vocabulary word matches the term.
    Nothing,
    /// Best word points per incident, filled from the matched words' incident lists (in
    /// one or two arrays, filled in parallel; the best is the max over them).
    Postings(Vec<Vec<u16>>),
    /// Decode the incident's own word list.
    Lists,
    /// A one-letter or one-digit term: the character mask is exact (some word has the
    /// character), and every such word counts the same, these points.
    Mask(u32),
}

/// Picks the cheaper way to check words for `candidates` incidents: the matched words'
/// incident lists when they are short (a selective term), else each incident's own list,
/// which is read only for incidents no field matched well (usually few for a common term).
fn text_plan(index: &SearchIndex, ts: &TermScores, candidates: usize) -> Text {
    if ts.word_list.is_empty() {
        return Text::Nothing;
    }
    if ts.single {
        return Text::Mask(1);
    }
    let df = |w: &u32| index.df[*w as usize] as u64;
    let by_postings: u64 = ts.word_list.iter().map(df).sum();
    let by_lists = (candidates * index.words_per_incident()) as u64 / 4;
    if by_postings > by_lists.max(1 << 18) {
        return Text::Lists;
    }
    let fill = |words: &[u32]| {
        let mut best = vec![0u16; index.incidents()];
        for &w in words {
            let p = ts.words[w as usize] as u16;
            for i in index.postings_of(w) {
                let b = &mut best[i as usize];
                *b = (*b).max(p);
            }
        }
        best
    };
    if by_postings < 1 << 20 {
        return Text::Postings(vec![fill(&ts.word_list)]);
    }
    // Split where half the postings are read.
    let mut seen = 0;
    let half = ts.word_list.partition_point(|w| {
        seen += df(w);
        seen <= by_postings / 2
    });
    let (a, b) = ts.word_list.split_at(half);
    let (a, b) = rayon::join(|| fill(a), || fill(b));
    Text::Postings(vec![a, b])
}

/// Offers a match to a chunk's best `k` (best first). Candidates come in ascending
/// incident order, so at equal points the one already kept (more recent) stays ahead.
fn offer(tops: &mut Vec<(u32, u32)>, k: usize, item: (u32, u32)) {
    if tops.len() == k && tops[k - 1].1 >= item.1 {
        return;
    }
    let at = tops.partition_point(|t| t.1 >= item.1);
    tops.insert(at, item);
    tops.truncate(k);
}

/// What one term leaves: matches (incident, points so far) in candidate order, and the best
/// `k` of them, best first.
struct Scanned {
    pairs: Vec<(u32, u32)>,
    top: Vec<(u32, u32)>,
}

/// Scores candidates `get(0..len)` (incident, points so far, ascending by incident) for one
/// term, in parallel, keeping those that match and the best `k`. None when cancelled.
fn scan(
    len: usize,
    get: &(dyn Fn(usize) -> (u32, u32) + Sync),
    index: &SearchIndex,
    ts: &TermScores,
    k: usize,
    cancel: Cancel,
) -> Option<Scanned> {
    let text = text_plan(index, ts, len);
    let parts: Option<Vec<Scanned>> = (0..len.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            if cancel() {
                return None;
            }
            let range = c * CHUNK..((c + 1) * CHUNK).min(len);
            let mut pairs = Vec::with_capacity(range.len());
            let mut top = Vec::with_capacity(k + 1);
            for n in range {
                let (i, acc) = get(n);
                let iu = i as usize;
                let mut p = field_points_of(index, ts, iu);
                if p < BAND {
                    let words = match &text {
                        Text::Nothing => 0,
                        Text::Postings(best) => {
                            best.iter().map(|b| b[iu]).max().unwrap_or(0) as u32
                        }
                        Text::Lists if index.inc_mask[iu] & ts.mask == ts.mask => index
                            .words_of(iu)
                            .map(|w| ts.words[w as usize])
                            .max()
                            .unwrap_or(0),
                        Text::Lists => 0,
                        Text::Mask(p) => {
                            if index.inc_mask[iu] & ts.mask == ts.mask {
                                *p
                            } else {
                                0
                            }
                        }
                    };
                    p = p.max(words);
                }
                if p > 0 {
                    let item = (i, add(acc, p));
                    pairs.push(item);
                    if k > 0 {
                        offer(&mut top, k, item);
                    }
                }
            }
            Some(Scanned { pairs, top })
        })
        .collect();
    let parts = parts?;
    let mut pairs = Vec::with_capacity(parts.iter().map(|p| p.pairs.len()).sum());
    let mut top = Vec::new();
    for p in parts {
        pairs.extend_from_slice(&p.pairs);
        top.extend(p.top);
    }
    top.sort_unstable_by(pair_order);
    top.truncate(k);
    Some(Scanned { pairs, top })
}

pub(crate) type Cancel<'a> = &'a (dyn Fn() -> bool + Sync);

/// What a finished query leaves for the next keystroke to narrow.
pub(crate) struct Snapshot {
    terms: Vec<String>,
    kind: Option<Kind>,
    /// Matching incidents, ascending; None when the kind filter skipped incidents.
    incidents: Option<Vec<u32>>,
    /// Matching vocabulary words per term.
    words: Vec<(String, Vec<u32>)>,
}

fn wants(kind: Option<Kind>, k: Kind) -> bool {
    kind.is_none_or(|x| x == k)
}

impl Snapshot {
    /// Whether every match of `q` is among this snapshot's matches: each old term is a
    /// prefix of a new term (so any field matching the new term matches the old one).
    pub(crate) fn narrows_to(&self, q: &Query, kind: Option<Kind>) -> bool {
        (!wants(kind, Kind::Incident) || self.incidents.is_some())
            && !self.terms.is_empty()
            && self
                .terms
                .iter()
                .all(|o| q.terms.iter().any(|n| n.text.starts_with(o.as_str())))
    }

    pub(crate) fn same_as(&self, q: &Query, kind: Option<Kind>) -> bool {
        self.kind == kind
            && self.terms.len() == q.terms.len()
            && self.terms.iter().zip(&q.terms).all(|(a, b)| *a == b.text)
    }
}

/// Kind order among equal scores: a named town or actor before incidents.
fn kind_rank(e: EntityRef) -> u8 {
    match e {
        EntityRef::Actor(_) => 0,
        EntityRef::Town(_) => 1,
        EntityRef::Incident(_) => 2,
        EntityRef::Report(_) => 3,
    }
}

fn hit_order(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    b.score
        .cmp(&a.score)
        .then(kind_rank(a.entity).cmp(&kind_rank(b.entity)))
        .then(a.entity.cmp(&b.entity))
}

/// Best first: higher points, then lower index (newer, for incidents).
fn pair_order(a: &(u32, u32), b: &(u32, u32)) -> std::cmp::Ordering {
    b.1.cmp(&a.1).then(a.0.cmp(&b.0))
}

/// Runs `q`, narrowing `prev`'s matches when given. None when cancelled.
// The query, its parsed form, the kind filter, limit, prior state and cancel flag are all
// independent inputs of one search step; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run(
    store: &Store,
    index: &SearchIndex,
    raw_query: &str,
    q: &Query,
    kind: Option<Kind>,
    limit: usize,
    prev: Option<&Snapshot>,
    cancel: Cancel,
) -> Option<(Results, Snapshot)> {
    let want_inc = wants(kind, Kind::Incident);
    // Longest terms first: usually the most selective, so later terms see fewer candidates.
    let mut order: Vec<&Term> = q.terms.iter().collect();
    order.sort_by_key(|t| std::cmp::Reverse(t.text.len()));

    let mut tables = Vec::with_capacity(order.len());
    for t in &order {
        let cands = prev.and_then(|p| {
            let w = p.words.iter().find(|(o, _)| t.text.starts_with(o.as_str()));
            w.map(|(_, list)| list.as_slice())
        });
        tables.push(term_scores(store, index, t, cands, want_inc));
        if cancel() {
            return None;
        }
    }

    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut top: Vec<(u32, u32)> = Vec::new();
    if want_inc && !tables.is_empty() {
        let last = tables.len() - 1;
        let k = |t: usize| if t == last { limit } else { 0 };
        let first = match prev.and_then(|p| p.incidents.as_deref()) {
            Some(list) => scan(
                list.len(),
                &|n| (list[n], 0),
                index,
                &tables[0],
                k(0),
                cancel,
            )?,
            None => scan(
                index.incidents(),
                &|n| (n as u32, 0),
                index,
                &tables[0],
                k(0),
                cancel,
            )?,
        };
        (pairs, top) = (first.pairs, first.top);
        for (t, ts) in tables.iter().enumerate().skip(1) {
            if pairs.is_empty() {
                break;
            }
            let src = std::mem::take(&mut pairs);
            let next = scan(src.len(), &|n| src[n], index, ts, k(t), cancel)?;
            (pairs, top) = (next.pairs, next.top);
        }
        // An incident id typed in full goes first.
        if q.terms.len() == 1 {
            let ids = &index.id_order;
            let id = |k: u32| store.incident(k).id.as_str();
            let at = ids.partition_point(|&k| cmp_folded(id(k), &q.phrase).is_lt());
            if let Some(&k) = ids.get(at)
                && cmp_folded(id(k), &q.phrase).is_eq()
                && let Ok(pos) = pairs.binary_search_by_key(&k, |p| p.0)
            {
                pairs[pos].1 += EXACT;
                top.retain(|p| p.0 != k);
                top.insert(0, pairs[pos]);
                top.truncate(limit);
            }
        }
    }

    let exact: &[EntityRef] = if tables.is_empty() {
        &[]
    } else {
        index.exact.get(&q.phrase).map_or(&[], Vec::as_slice)
    };
    let mut hits: Vec<Hit> = Vec::new();
    let mut total = pairs.len();
    let mut entity = |e: EntityRef, per_term: &mut dyn Iterator<Item = (u32, u32)>| {
        let mut sum = 0u32;
        let mut named = true;
        for (own, other) in per_term {
            let p = own.max(other);
            if p == 0 {
                return;
            }
            named &= own > 0;
            sum = sum.saturating_add(p);
        }
        if named {
            sum = sum.saturating_add(ENTITY_BONUS);
        }
        sum = sum.min(EXACT - 1);
        if exact.contains(&e) {
            sum += EXACT;
        }
        total += 1;
        hits.push(Hit {
            entity: e,
            score: sum as i64,
        });
    };
    if wants(kind, Kind::Actor) && !tables.is_empty() {
        for a in 0..store.actors.len() {
            let e = EntityRef::Actor(a as Ix);
            entity(e, &mut tables.iter().map(|ts| (ts.actor[a], 0)));
        }
    }
    if wants(kind, Kind::Town) && !tables.is_empty() {
        for t in 0..store.towns.len() {
            let e = EntityRef::Town(t as Ix);
            entity(e, &mut tables.iter().map(|ts| ts.town_entity(index, t)));
        }
    }
    hits.sort_unstable_by(hit_order);
    hits.truncate(limit);
    hits.extend(top.into_iter().map(|(i, s)| Hit {
        entity: EntityRef::Incident(i),
        score: s as i64,
    }));
    hits.sort_unstable_by(hit_order);
    hits.truncate(limit);

    let snapshot = Snapshot {
        terms: q.terms.iter().map(|t| t.text.clone()).collect(),
        kind,
        incidents: want_inc.then(|| pairs.par_iter().map(|p| p.0).collect()),
        words: order
            .iter()
            .zip(tables)
            .map(|(t, ts)| (t.text.clone(), ts.word_list))
            .collect(),
    };
    let results = Results {
        query: raw_query.to_string(),
        hits,
        total,
    };
    Some((results, snapshot))
}
