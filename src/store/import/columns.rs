//! One list per table layout: a column's name, its aliases and its index are declared
//! together, so reordering the list moves the index with the name.
//!
//! ```ignore
//! columns! {
//!     ID = "event_id_cnty",
//!     ASSOC1 = "assoc_actor_1" | "ally_actor_1",
//! }
//! ```
//! expands, in the calling module, to `const ID: usize = 0; const ASSOC1: usize = 1;`,
//! `const N: usize`, `const NAMES: [&str; N]` in the same order (handed to `read_csv` and
//! `read_json`, which resolve header positions once per file), `const ALIASES` pointing each
//! alias at its column, and, for tests, `const DECLARED: [(usize, &str); N]`.

/// Declares a table layout; see the module documentation.
macro_rules! columns {
    ($($col:ident = $name:literal $(| $alias:literal)*),+ $(,)?) => {
        /// Positions counted by the compiler from the order of the list.
        #[allow(non_camel_case_types, clippy::upper_case_acronyms, dead_code)]
        #[derive(Clone, Copy)]
        #[repr(usize)]
        enum Column {
            $($col),+
        }
        $(
            // A layout may list a column it does not read yet, so that it is recognised.
            #[allow(dead_code)]
            const $col: usize = Column::$col as usize;
        )+
        const N: usize = [$($name),+].len();
        const NAMES: [&str; N] = [$($name),+];
        const ALIASES: &[(&str, usize)] = &[$($(($alias, $col),)*)+];
        #[cfg(test)]
        const DECLARED: [(usize, &str); N] = [$(($col, $name)),+];
    };
}

pub(crate) use columns;

/// What a layout built by [`columns!`] must hold: each index names its own column, every
/// position is used once, names and aliases are distinct, and each alias points at a column.
#[cfg(test)]
pub fn check_layout(
    names: &[&str],
    aliases: &[(&str, usize)],
    declared: &[(usize, &str)],
) -> Result<(), String> {
    if declared.len() != names.len() {
        return Err(format!(
            "{} declared, {} names",
            declared.len(),
            names.len()
        ));
    }
    for (pos, (ix, name)) in declared.iter().enumerate() {
        if *ix != pos || names.get(*ix) != Some(name) {
            return Err(format!("'{name}' declared at {ix}, listed at {pos}"));
        }
    }
    let mut all: Vec<&str> = names.to_vec();
    all.extend(aliases.iter().map(|(a, _)| *a));
    let count = all.len();
    all.sort_unstable();
    all.dedup();
    if all.len() != count {
        return Err("a name or alias is listed twice".to_string());
    }
    match aliases.iter().find(|(_, ix)| *ix >= names.len()) {
        Some((a, ix)) => Err(format!("alias '{a}' points past the table, at {ix}")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::check_layout;

    super::columns! {
        FIRST = "first",
        SECOND = "second" | "zweite" | "deuxieme",
        THIRD = "third",
    }

    #[test]
    fn indices_follow_the_order_of_the_list() {
        assert_eq!((FIRST, SECOND, THIRD, N), (0, 1, 2, 3));
        assert_eq!(NAMES, ["first", "second", "third"]);
        assert_eq!(NAMES[SECOND], "second");
    }

    #[test]
    fn aliases_point_at_the_column_they_follow() {
        assert_eq!(ALIASES, &[("zweite", SECOND), ("deuxieme", SECOND)]);
    }

    #[test]
    fn a_generated_layout_passes_the_check() {
        assert_eq!(check_layout(&NAMES, ALIASES, &DECLARED), Ok(()));
    }

    #[test]
    fn the_check_catches_an_index_that_disagrees_with_its_name() {
        // The hand-kept shape this replaces: names reordered, constants not.
        let names = ["second", "first", "third"];
        let declared = [(0, "first"), (1, "second"), (2, "third")];
        let err = check_layout(&names, &[], &declared).unwrap_err();
        assert!(err.contains("'first' declared at 0"), "{err}");
    }

    #[test]
    fn the_check_catches_a_stray_or_repeated_alias() {
        let declared = [(0, "first"), (1, "second")];
        let names = ["first", "second"];
        assert!(check_layout(&names, &[("other", 2)], &declared).is_err());
        assert!(check_layout(&names, &[("first", 1)], &declared).is_err());
    }
}
