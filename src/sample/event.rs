//! What every kind of invented event shares: the context a template draws from, the parts it
//! returns, fatality figures and their sentence, and the parties' claims.
//!
//! Every draw on the generator happens in the order the Python script made it (arguments
//! before calls, conditions left to right and only as far as Python evaluates them), since
//! one draw out of place changes every record after it.

use super::json::J;
use super::pyrandom::PyRandom;
use super::tables::{TownRow, claimant, group_of};

pub struct Ctx<'a> {
    pub rng: &'a mut PyRandom,
    pub town: &'a TownRow,
    pub theatre: &'static str,
    /// "On 3 March 2025," and the like.
    pub lead: String,
    pub claims_report: String,
    /// Western Mali or its borders, after 1 July 2025.
    pub after_attack: bool,
}

/// The parts of an incident that depend on the kind of event.
pub struct Parts {
    pub event_type: &'static str,
    pub sub: &'static str,
    pub actors: Vec<(String, &'static str)>,
    pub fat: Fat,
    pub claims: Vec<J>,
    pub sentences: Vec<String>,
    pub summary: String,
    pub tags: Vec<&'static str>,
}

/// Fatality figures as the sample codes them (absent = not known).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Fat {
    pub low: Option<i64>,
    pub best: Option<i64>,
    pub high: Option<i64>,
}

impl Fat {
    pub fn best(n: i64) -> Fat {
        Fat {
            best: Some(n),
            ..Fat::default()
        }
    }

    pub fn to_json(self) -> J {
        let mut o = J::obj();
        for (k, v) in [("low", self.low), ("best", self.best), ("high", self.high)] {
            if let Some(v) = v {
                o.set(k, v);
            }
        }
        o
    }

    /// Python's `f.get("best") or f.get("high")`: the first that is present and not zero.
    pub fn best_or_high(self) -> Option<i64> {
        self.best
            .filter(|&n| n != 0)
            .or(self.high.filter(|&n| n != 0))
    }
}

pub fn where_(t: &TownRow) -> String {
    format!("{} ({}, {})", t.name, t.admin2, t.admin1)
}

pub fn cap(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One key of a weighted table, drawn as `random.choices(keys, weights)[0]`.
pub fn pick<T: Copy>(rng: &mut PyRandom, weighted: &[(T, f64)]) -> T {
    let weights: Vec<f64> = weighted.iter().map(|(_, w)| *w).collect();
    weighted[rng.weighted_index(&weights)].0
}

/// k of the items, at random, kept in their listed order.
pub fn in_order(rng: &mut PyRandom, items: &[String], k: i64) -> Vec<String> {
    let positions: Vec<usize> = (0..items.len()).collect();
    let mut keep = rng.sample(&positions, k as usize);
    keep.sort_unstable();
    keep.into_iter().map(|i| items[i].clone()).collect()
}

pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn with_range(rng: &mut PyRandom, best: i64) -> Fat {
    let low = (best - rng.randint(1, (best / 2).max(1))).max(0);
    let high = best + rng.randint(1, (best / 2 + 1).max(2));
    Fat {
        low: Some(low),
        best: Some(best),
        high: Some(high),
    }
}

pub fn fatalities(rng: &mut PyRandom, kind: &str) -> Fat {
    let r = rng.random();
    match kind {
        "clash" => {
            if r < 0.06 {
                Fat::default()
            } else if r < 0.20 {
                Fat::best(0)
            } else if r < 0.64 {
                Fat::best(rng.randint(1, 6))
            } else if r < 0.88 {
                let b = rng.randint(7, 20);
                if rng.random() < 0.3 {
                    with_range(rng, b)
                } else {
                    Fat::best(b)
                }
            } else {
                let b = rng.randint(21, 60);
                if rng.random() < 0.6 {
                    with_range(rng, b)
                } else {
                    Fat::best(b)
                }
            }
        }
        "vac" => {
            if r < 0.05 {
                Fat::default()
            } else if r < 0.14 {
                Fat::best(0)
            } else if r < 0.74 {
                Fat::best(rng.randint(1, 5))
            } else if r < 0.93 {
                let b = rng.randint(6, 20);
                if rng.random() < 0.3 {
                    with_range(rng, b)
                } else {
                    Fat::best(b)
                }
            } else {
                let b = rng.randint(21, 70);
                if rng.random() < 0.25 {
                    let low = b - rng.randint(5, 15);
                    let high = b + rng.randint(10, 40);
                    Fat {
                        low: Some(low),
                        best: None,
                        high: Some(high),
                    }
                } else {
                    with_range(rng, b)
                }
            }
        }
        "ied" => {
            if r < 0.25 {
                Fat::best(0)
            } else if r < 0.82 {
                Fat::best(rng.randint(1, 5))
            } else {
                Fat::best(rng.randint(6, 15))
            }
        }
        "drone" => {
            if r < 0.10 {
                Fat::default()
            } else if r < 0.20 {
                Fat::best(0)
            } else if r < 0.72 {
                Fat::best(rng.randint(1, 8))
            } else {
                let b = rng.randint(9, 30);
                with_range(rng, b)
            }
        }
        "abduct" => {
            if r < 0.88 {
                Fat::best(0)
            } else {
                Fat::best(rng.randint(1, 2))
            }
        }
        "shelling" => {
            if r < 0.6 {
                Fat::best(0)
            } else {
                Fat::best(rng.randint(1, 4))
            }
        }
        _ => Fat::best(0),
    }
}

pub fn fatality_sentence(f: Fat) -> String {
    if f == Fat::default() {
        return "Fatalities unknown.".to_string();
    }
    if f.low.is_some() || f.high.is_some() {
        let show = |v: Option<i64>| v.map_or("?".to_string(), |n| n.to_string());
        let (lo, hi) = (show(f.low), show(f.high));
        return match f.best {
            None => {
                format!("Reports of the toll range from {lo} to {hi}; no best estimate is coded.")
            }
            Some(b) => format!("Reports of the toll range from {lo} to {hi}; coded as {b}."),
        };
    }
    match f.best {
        Some(0) => "No fatalities were reported.".to_string(),
        Some(b) => format!("{} reported.", cap(&plural(b, "fatality", "fatalities"))),
        None => unreachable!("an empty record is handled above"),
    }
}

pub fn claim(claimant: &str, text: String, source: &str) -> J {
    J::obj()
        .with("claimant", claimant)
        .with("claim", text)
        .with("source", source)
}

pub fn claim_with_figure(
    claimant: &str,
    text: String,
    figure: i64,
    label: &str,
    source: &str,
) -> J {
    J::obj()
        .with("claimant", claimant)
        .with("claim", text)
        .with("figure", figure)
        .with("figure_label", label)
        .with("source", source)
}

/// Two parties' incompatible claims, and the sentence the notes give them. The coded
/// fatalities stay separate.
pub fn contested(
    ctx: &mut Ctx,
    state: &str,
    group: &str,
    fat: Fat,
    victims: &str,
) -> (Vec<J>, String) {
    let rng = &mut *ctx.rng;
    let base = match fat.best_or_high() {
        Some(n) => n,
        None => rng.randint(2, 8),
    };
    let army_n = base + rng.randint(3, 25);
    let group_n = (base / 2 + rng.randint(1, 12)).max(2);
    let gname = group_of(group);
    let wounded = plural(rng.randint(1, 3), "soldier", "soldiers");
    let state_claim = rng.pick(&[
        format!("said {army_n} terrorists were neutralised and that it suffered no losses"),
        format!("said it neutralised {army_n} assailants and seized weapons and motorcycles"),
        format!("reported {army_n} attackers killed; acknowledged {wounded} wounded"),
    ]);
    let group_claim = rng.pick(&[
        format!("claimed to have killed {group_n} {victims} and seized vehicles and weapons"),
        format!("said its fighters killed {group_n} {victims} and took control of the position"),
        format!("claimed {group_n} {victims} killed; denied losses of its own"),
    ]);
    let source = ctx.claims_report.as_str();
    let claims = vec![
        claim_with_figure(state, state_claim, army_n, "militants neutralised", source),
        claim_with_figure(
            claimant(group),
            group_claim,
            group_n,
            &format!("{victims} killed"),
            source,
        ),
    ];
    let sentence = format!(
        "{} said it had neutralised {army_n} assailants, while {gname} claimed to have killed \
         {group_n} {victims}; neither figure could be verified.",
        cap(group_of(state))
    );
    (claims, sentence)
}

pub fn responsibility_claim(ctx: &Ctx, group: &str) -> Vec<J> {
    let g = claimant(group);
    let via = match g {
        "actor:jnim" => "through its az-Zallaqa outlet",
        "actor:is-sahel" => "through Islamic State media",
        _ => "in a statement",
    };
    vec![claim(
        g,
        format!("claimed responsibility {via}"),
        &ctx.claims_report,
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fatality_sentences_read_as_the_sample_words_them() {
        assert_eq!(fatality_sentence(Fat::default()), "Fatalities unknown.");
        assert_eq!(
            fatality_sentence(Fat::best(0)),
            "No fatalities were reported."
        );
        assert_eq!(fatality_sentence(Fat::best(1)), "1 fatality reported.");
        let range = Fat {
            low: Some(20),
            best: None,
            high: Some(60),
        };
        assert_eq!(
            fatality_sentence(range),
            "Reports of the toll range from 20 to 60; no best estimate is coded."
        );
    }

    #[test]
    fn best_or_high_skips_zero_as_python_or_does() {
        let f = Fat {
            low: None,
            best: Some(0),
            high: Some(4),
        };
        assert_eq!(f.best_or_high(), Some(4));
        assert_eq!(Fat::best(0).best_or_high(), None);
    }
}
