//! ACLED's event types across codebooks, and what its actor order means for each.
//!
//! Exports made before ACLED's 2019 codebook use nine event types and no sub-event type.
//! Each is mapped to the current type (so one filter finds old and new rows alike), with
//! the sub-event type the old name implies when it implies one:
//!
//! | coded (pre-2019) | event_type | sub_event_type (when the row has none) |
//! |---|---|---|
//! | Battle-No change of territory | Battles | Armed clash |
//! | Battle-Government regains territory | Battles | Government regains territory |
//! | Battle-Non-state actor overtakes territory | Battles | Non-state actor overtakes territory |
//! | Remote violence | Explosions/Remote violence | - |
//! | Riots/Protests | Riots if an actor is coded rioters (inter 5), else Protests | - |
//! | Strategic development | Strategic developments | - |
//! | Non-violent transfer of territory | Strategic developments | Non-violent transfer of territory |
//! | Headquarters or base established | Strategic developments | Headquarters or base established |
//! | Violence against civilians | (unchanged) | - |
//!
//! The 2019 codebook splits the old Riots/Protests into Protests (demonstrators who are not
//! violent) and Riots (violent demonstrators or mobs); the old rows already tell the two
//! apart by the actors' inter code, 5 rioters and 6 protesters, so that code decides.

/// Pre-2019 types: (coded, current type, implied sub-event type). Riots/Protests is apart.
const OLD: [(&str, &str, Option<&str>); 7] = [
    (
        "Battle-No change of territory",
        "Battles",
        Some("Armed clash"),
    ),
    (
        "Battle-Government regains territory",
        "Battles",
        Some("Government regains territory"),
    ),
    (
        "Battle-Non-state actor overtakes territory",
        "Battles",
        Some("Non-state actor overtakes territory"),
    ),
    ("Remote violence", "Explosions/Remote violence", None),
    ("Strategic development", "Strategic developments", None),
    (
        "Non-violent transfer of territory",
        "Strategic developments",
        Some("Non-violent transfer of territory"),
    ),
    (
        "Headquarters or base established",
        "Strategic developments",
        Some("Headquarters or base established"),
    ),
];

/// The current type (and implied sub-event type) of a pre-2019 event type; None for a type
/// that is current already (or unknown, which is kept as coded). Runs on every row, so it
/// compares in place rather than folding into a new string.
pub fn current_type(coded: &str, rioters: bool) -> Option<(&'static str, Option<&'static str>)> {
    let coded = coded.trim();
    if coded.eq_ignore_ascii_case("Riots/Protests") {
        return Some((if rioters { "Riots" } else { "Protests" }, None));
    }
    OLD.iter()
        .find(|(old, _, _)| old.eq_ignore_ascii_case(coded))
        .map(|&(_, current, sub)| (current, sub))
}

/// Whether ACLED's codebook makes actor1 the perpetrator and actor2 its target for this
/// (current) event type: violence against civilians (actor2 is the civilians targeted) and
/// explosions/remote violence (actor1 set off the weapon). In battles, protests, riots and
/// strategic developments the order of the actors says nothing about who acted on whom,
/// so their actors are `actor1`/`actor2`, not attacker and target.
pub fn has_perpetrator(event_type: &str) -> bool {
    let t = event_type.trim();
    t.eq_ignore_ascii_case("Violence against civilians")
        || t.eq_ignore_ascii_case("Explosions/Remote violence")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pre_2019_type_maps_to_a_current_one() {
        let current = [
            "Battles",
            "Explosions/Remote violence",
            "Violence against civilians",
            "Protests",
            "Riots",
            "Strategic developments",
        ];
        for old in [
            "Battle-No change of territory",
            "Battle-Government regains territory",
            "Battle-Non-state actor overtakes territory",
            "Remote violence",
            "Riots/Protests",
            "Strategic development",
            "Non-violent transfer of territory",
            "Headquarters or base established",
        ] {
            let (t, _) = current_type(old, false).unwrap_or_else(|| panic!("{old}"));
            assert!(current.contains(&t), "{old} -> {t}");
        }
        assert_eq!(
            current_type("Battle-Government regains territory", false),
            Some(("Battles", Some("Government regains territory")))
        );
        assert_eq!(
            current_type("Non-violent transfer of territory", false),
            Some((
                "Strategic developments",
                Some("Non-violent transfer of territory")
            ))
        );
        assert_eq!(current_type("Battles", false), None);
        assert_eq!(current_type("Violence against civilians", false), None);
    }

    #[test]
    fn riots_protests_split_by_rioters() {
        assert_eq!(current_type("Riots/Protests", true), Some(("Riots", None)));
        assert_eq!(
            current_type("Riots/Protests", false),
            Some(("Protests", None))
        );
    }

    #[test]
    fn only_one_sided_types_have_a_perpetrator() {
        assert!(has_perpetrator("Violence against civilians"));
        assert!(has_perpetrator("Explosions/Remote violence"));
        for t in ["Battles", "Protests", "Riots", "Strategic developments", ""] {
            assert!(!has_perpetrator(t), "{t}");
        }
    }
}
