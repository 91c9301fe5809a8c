//! Actor and place names as the datasets spell them, normalised into stable ids.
//!
//! ACLED names drift: era suffixes change with regimes ("Military Forces of Mali (2013-2020)"),
//! case and trailing spaces vary, and some groups come as "ACRONYM: Full name". Variants of one
//! actor are grouped under one id with every spelling kept as an alias.

use crate::model::ActorKind;
use crate::text::fold_into;

/// A lower-case ASCII slug for ids: folded, non-alphanumerics collapsed to '-'.
pub fn slug(s: &str) -> String {
    let mut folded = String::with_capacity(s.len());
    fold_into(s.trim(), &mut folded);
    let mut out = String::with_capacity(folded.len());
    let mut dash = false;
    for c in folded.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("unknown");
    }
    out
}

/// Collapses runs of whitespace to one space and trims.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Finds an era suffix "(2013-2020)" or "(2013-)" and returns its byte range.
fn era_span(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'(' {
            let mut j = i + 1;
            let digits = |j: &mut usize| {
                let start = *j;
                while *j < b.len() && b[*j].is_ascii_digit() {
                    *j += 1;
                }
                *j - start
            };
            if digits(&mut j) == 4 && j < b.len() && b[j] == b'-' {
                j += 1;
                let n = digits(&mut j);
                if (n == 0 || n == 4) && j < b.len() && b[j] == b')' {
                    return Some((i, j + 1));
                }
            }
        }
        i += 1;
    }
    None
}

/// A name as written, its canonical form (era stripped) and any extra aliases it implies.
#[derive(Debug, PartialEq)]
pub struct ActorName {
    /// Trimmed, whitespace-collapsed spelling as it appears in the data.
    pub raw: String,
    /// The name the actor record carries: the raw name without an era suffix.
    pub canonical: String,
    /// Further names ("JNIM", "Group for Support of Islam and Muslims").
    pub extra: Vec<String>,
}

pub fn normalise_actor(s: &str) -> Option<ActorName> {
    let raw = clean(s);
    if raw.is_empty() {
        return None;
    }
    let canonical = match era_span(&raw) {
        Some((a, b)) => clean(&format!("{} {}", &raw[..a], &raw[b..])),
        None => raw.clone(),
    };
    let canonical = if canonical.is_empty() {
        raw.clone()
    } else {
        canonical
    };
    let mut extra = Vec::new();
    if let Some((acro, full)) = canonical.split_once(": ") {
        let acro = acro.trim();
        let looks_acronym = !acro.is_empty()
            && acro.len() <= 12
            && !acro.contains(' ')
            && acro.chars().filter(|c| c.is_uppercase()).count() >= 2;
        if looks_acronym && !full.trim().is_empty() {
            extra.push(acro.to_string());
            extra.push(full.trim().to_string());
        }
    }
    Some(ActorName {
        raw,
        canonical,
        extra,
    })
}

/// Actor kind from an ACLED inter code, numeric ("3") or text ("Political militia").
pub fn kind_from_inter(code: &str) -> Option<ActorKind> {
    let c = super::trim(code);
    let k = match c {
        "1" => ActorKind::StateForces,
        "2" => ActorKind::RebelGroup,
        "3" => ActorKind::PoliticalMilitia,
        "4" => ActorKind::IdentityMilitia,
        "5" => ActorKind::Rioters,
        "6" => ActorKind::Protesters,
        "7" => ActorKind::Civilians,
        "8" => ActorKind::ExternalForce,
        _ => {
            let f = c.to_ascii_lowercase();
            let f = f.trim_end_matches(" only");
            match f {
                "state forces" => ActorKind::StateForces,
                "rebel group" | "rebel groups" => ActorKind::RebelGroup,
                "political militia" | "political militias" => ActorKind::PoliticalMilitia,
                "identity militia" | "identity militias" => ActorKind::IdentityMilitia,
                "rioters" => ActorKind::Rioters,
                "protesters" => ActorKind::Protesters,
                "civilians" => ActorKind::Civilians,
                "external/other forces" | "external/other force" | "other forces" => {
                    ActorKind::ExternalForce
                }
                _ => return None,
            }
        }
    };
    Some(k)
}

/// A kind guessed from the name alone, when no code says otherwise.
pub fn kind_from_name(name: &str) -> ActorKind {
    let f = name.to_ascii_lowercase();
    if f.starts_with("government of")
        || f.starts_with("military forces of")
        || f.starts_with("police forces of")
    {
        ActorKind::StateForces
    } else if f.starts_with("civilians") {
        ActorKind::Civilians
    } else if f.starts_with("protesters") {
        ActorKind::Protesters
    } else if f.starts_with("rioters") {
        ActorKind::Rioters
    } else if f.starts_with("unidentified") {
        ActorKind::Unidentified
    } else {
        ActorKind::Other
    }
}

/// An actor's kind from the codes its rows gave it: the most frequent among the rows where it
/// is a main actor (ACLED actor1/actor2, UCDP side_a/side_b); an associate's codes only
/// when it is never a main actor (an associate's inter code is the main actor's, not its
/// own). Ties go to the code seen first. None when no row gave a code.
pub fn choose_kind(votes: &[(ActorKind, bool, u32)]) -> Option<ActorKind> {
    let best = |main: bool| {
        votes
            .iter()
            .filter(|v| v.1 == main)
            .fold(
                None,
                |best: Option<&(ActorKind, bool, u32)>, v| match best {
                    Some(b) if b.2 >= v.2 => Some(b),
                    _ => Some(v),
                },
            )
            .map(|v| v.0)
    };
    best(true).or_else(|| best(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents_and_punctuation() {
        assert_eq!(slug("Ménaka"), "menaka");
        assert_eq!(slug("  MENAKA "), "menaka");
        assert_eq!(slug("Draâ El Mizan"), "draa-el-mizan");
        assert_eq!(slug("(Mali)"), "mali");
        assert_eq!(slug(""), "unknown");
    }

    #[test]
    fn era_suffixes_are_stripped() {
        let n = normalise_actor("Military Forces of Mali (2013-2020) ").unwrap();
        assert_eq!(n.raw, "Military Forces of Mali (2013-2020)");
        assert_eq!(n.canonical, "Military Forces of Mali");
        let n = normalise_actor("Military Forces of Mali (2013-)").unwrap();
        assert_eq!(n.canonical, "Military Forces of Mali");
        let n = normalise_actor("Police Forces of Mali (2013-2020) Gendarmerie").unwrap();
        assert_eq!(n.canonical, "Police Forces of Mali Gendarmerie");
        let n = normalise_actor("Protesters (Mali)").unwrap();
        assert_eq!(n.canonical, "Protesters (Mali)");
        assert!(normalise_actor("   ").is_none());
    }

    #[test]
    fn acronym_form_gives_both_names() {
        let n = normalise_actor("JNIM: Group for Support of Islam and Muslims").unwrap();
        assert_eq!(n.canonical, "JNIM: Group for Support of Islam and Muslims");
        assert_eq!(
            n.extra,
            vec!["JNIM", "Group for Support of Islam and Muslims"]
        );
    }

    #[test]
    fn kind_is_the_most_frequent_main_actor_code() {
        use ActorKind::*;
        // First seen as an associate of a rebel group, then mostly coded as a militia.
        let votes = [
            (RebelGroup, false, 5),
            (IdentityMilitia, true, 1),
            (PoliticalMilitia, true, 3),
        ];
        assert_eq!(choose_kind(&votes), Some(PoliticalMilitia));
        // Ties: the code seen first.
        assert_eq!(
            choose_kind(&[(StateForces, true, 2), (RebelGroup, true, 2)]),
            Some(StateForces)
        );
        // Never a main actor: the associates' codes decide.
        assert_eq!(
            choose_kind(&[(Civilians, false, 1), (Protesters, false, 4)]),
            Some(Protesters)
        );
        assert_eq!(choose_kind(&[]), None);
    }

    #[test]
    fn inter_codes_numeric_and_text() {
        assert_eq!(kind_from_inter("3"), Some(ActorKind::PoliticalMilitia));
        assert_eq!(
            kind_from_inter("Political militia"),
            Some(ActorKind::PoliticalMilitia)
        );
        assert_eq!(
            kind_from_inter("External/Other forces"),
            Some(ActorKind::ExternalForce)
        );
        assert_eq!(
            kind_from_inter("Protesters only"),
            Some(ActorKind::Protesters)
        );
        assert_eq!(kind_from_inter("0"), None);
        assert_eq!(kind_from_inter(""), None);
    }
}
