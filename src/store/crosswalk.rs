//! The actor crosswalk: which names in different datasets are one actor ("JNIM: Group for
//! Support of Islam and Muslims" in ACLED is "JNIM" in UCDP). A TOML file of `[[actor]]`
//! entries, each a `name` (what reconcile prints) and the `names` it goes by; the shipped
//! file is `data/crosswalk.toml`, and a user's file (`--crosswalk FILE`) adds to it.
//!
//! Names are compared folded (case and accents ignored), with ACLED's era suffixes such as
//! "(2015-2022)" removed and runs of spaces collapsed. A name ending in `*` matches every
//! name that starts with the rest ("Police Forces of Burkina Faso*" takes the Gendarmerie).
//! A name listed under two actors belongs to both ("Islamic State (Greater Sahara) and/or
//! Ansaroul Islam").

use std::ops::Range;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use serde::Deserialize;
use toml::Spanned;

use crate::text::fold_into;

/// The crosswalk shipped with sitrep.
pub const SHIPPED: &str = include_str!("../../data/crosswalk.toml");
/// How the shipped crosswalk is named in messages.
pub const SHIPPED_LABEL: &str = "data/crosswalk.toml";

#[derive(Debug, thiserror::Error)]
pub enum CrosswalkError {
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

/// One actor of the crosswalk: its name and every name it goes by, normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    /// Whole names (normalised).
    pub exact: Vec<String>,
    /// Prefixes (normalised, from names ending in `*`).
    pub prefixes: Vec<String>,
}

/// The merged crosswalk.
#[derive(Clone, Debug, Default)]
pub struct Crosswalk {
    pub entries: Vec<Entry>,
    /// Sets of related groups (a coalition and its members, close allies), as entry
    /// indices: two records naming groups of one set can describe one event.
    pub related: Vec<Vec<u32>>,
    /// The files it was read from, in order.
    pub files: Vec<String>,
    exact: FxHashMap<String, Vec<u32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    actor: Vec<Spanned<FileEntry>>,
    #[serde(default)]
    related: Vec<Spanned<RelatedEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelatedEntry {
    groups: Spanned<Vec<Spanned<String>>>,
    /// Why they are related (for the reader of the file; not used).
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileEntry {
    name: Spanned<String>,
    names: Spanned<Vec<Spanned<String>>>,
}

/// A name as the crosswalk compares it: folded, era suffixes such as "(2015-2022)" or
/// "(2015-)" removed, whitespace collapsed.
pub fn normalise(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    fold_into(name, &mut folded);
    let mut out = String::with_capacity(folded.len());
    let mut rest = folded.as_str();
    while let Some(open) = rest.find('(') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        match era_len(after) {
            Some(n) => rest = &after[n..],
            None => {
                out.push('(');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The length of an era suffix "(dddd-)" or "(dddd-dddd)" at the start of `s`.
fn era_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits(1) != 4 || b.get(5) != Some(&b'-') {
        return None;
    }
    let n = digits(6);
    (matches!(n, 0 | 4) && b.get(6 + n) == Some(&b')')).then_some(7 + n)
}

/// Line and column (from 1, the column in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[start..].chars().count() + 1,
    )
}

impl Crosswalk {
    /// The shipped crosswalk alone.
    pub fn shipped() -> Crosswalk {
        let mut c = Crosswalk::default();
        c.add_text(SHIPPED, Path::new(SHIPPED_LABEL))
            .expect("the shipped crosswalk parses (tested)");
        c
    }

    /// The shipped crosswalk with the user's file added.
    pub fn with_file(path: Option<&Path>) -> Result<Crosswalk, CrosswalkError> {
        let mut c = Crosswalk::shipped();
        if let Some(p) = path {
            let text = std::fs::read_to_string(p).map_err(|source| CrosswalkError::Read {
                path: p.to_path_buf(),
                source,
            })?;
            c.add_text(&text, p)?;
        }
        Ok(c)
    }

    /// Adds the entries of a file's text. An entry whose `name` is already an entry's
    /// (compared normalised) adds its names to that entry; any other is a new actor.
    pub fn add_text(&mut self, text: &str, path: &Path) -> Result<(), CrosswalkError> {
        let invalid = |span: Range<usize>, message: String| {
            let (line, column) = line_column(text, span.start);
            CrosswalkError::Invalid {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        };
        let doc: FileDoc = toml::from_str(text).map_err(|e| {
            invalid(
                e.span().unwrap_or(0..0),
                e.message().trim().replace('\n', " "),
            )
        })?;
        let mut parsed = Vec::new();
        for entry in &doc.actor {
            let e = entry.get_ref();
            let name = e.name.get_ref().trim();
            if normalise(name).is_empty() {
                return Err(invalid(e.name.span(), "an actor's name is empty".into()));
            }
            if e.names.get_ref().is_empty() {
                return Err(invalid(
                    e.names.span(),
                    format!("actor '{name}': `names` is empty (list the names it goes by)"),
                ));
            }
            let mut new = Entry {
                name: name.to_string(),
                exact: vec![normalise(name)],
                prefixes: Vec::new(),
            };
            for n in e.names.get_ref() {
                let raw = n.get_ref().trim();
                let (body, prefix) = match raw.strip_suffix('*') {
                    Some(b) => (b, true),
                    None => (raw, false),
                };
                if body.contains('*') {
                    return Err(invalid(
                        n.span(),
                        format!("'{raw}': `*` may only end a name (a prefix)"),
                    ));
                }
                let norm = normalise(body);
                if norm.is_empty() {
                    return Err(invalid(n.span(), format!("'{raw}': an empty name")));
                }
                if prefix {
                    new.prefixes.push(norm);
                } else {
                    new.exact.push(norm);
                }
            }
            parsed.push(new);
        }
        // The related sets are checked against the actors before anything of the file is
        // kept, so that a refused file changes nothing.
        let known = |key: &str| {
            self.entries.iter().any(|e| normalise(&e.name) == key)
                || parsed.iter().any(|e| normalise(&e.name) == key)
        };
        let mut sets: Vec<Vec<String>> = Vec::new();
        for r in &doc.related {
            let mut keys: Vec<String> = Vec::new();
            for g in r.get_ref().groups.get_ref() {
                let key = normalise(g.get_ref());
                if !known(&key) {
                    return Err(invalid(
                        g.span(),
                        format!(
                            "'{}' in `groups` is no [[actor]]'s name (list the actor first)",
                            g.get_ref().trim()
                        ),
                    ));
                }
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            if keys.len() < 2 {
                return Err(invalid(
                    r.get_ref().groups.span(),
                    "a [[related]] set needs two groups or more".into(),
                ));
            }
            sets.push(keys);
        }
        for new in parsed {
            self.merge(new);
        }
        for keys in sets {
            let mut set: Vec<u32> = keys
                .iter()
                .filter_map(|k| self.entries.iter().position(|e| normalise(&e.name) == *k))
                .map(|at| at as u32)
                .collect();
            set.sort_unstable();
            self.related.push(set);
        }
        self.files.push(path.display().to_string());
        Ok(())
    }

    /// The entries related to entry `key` by some [[related]] set (not `key` itself).
    pub fn related_to(&self, key: u32) -> Vec<u32> {
        let mut out: Vec<u32> = self
            .related
            .iter()
            .filter(|set| set.contains(&key))
            .flatten()
            .copied()
            .filter(|&k| k != key)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn merge(&mut self, new: Entry) {
        let key = normalise(&new.name);
        let at = self.entries.iter().position(|e| normalise(&e.name) == key);
        let ix = match at {
            Some(i) => {
                let e = &mut self.entries[i];
                for n in new.exact {
                    if !e.exact.contains(&n) {
                        e.exact.push(n);
                    }
                }
                for p in new.prefixes {
                    if !e.prefixes.contains(&p) {
                        e.prefixes.push(p);
                    }
                }
                i
            }
            None => {
                self.entries.push(new);
                self.entries.len() - 1
            }
        };
        for n in self.entries[ix].exact.clone() {
            let v = self.exact.entry(n).or_default();
            if !v.contains(&(ix as u32)) {
                v.push(ix as u32);
            }
        }
    }

    /// The entries (by index into `entries`) a name belongs to, given normalised.
    pub fn lookup_normalised(&self, norm: &str) -> Vec<u32> {
        let mut out: Vec<u32> = self.exact.get(norm).cloned().unwrap_or_default();
        for (i, e) in self.entries.iter().enumerate() {
            if e.prefixes.iter().any(|p| norm.starts_with(p.as_str())) && !out.contains(&(i as u32))
            {
                out.push(i as u32);
            }
        }
        out.sort_unstable();
        out
    }

    /// The entries a name (as written) belongs to.
    pub fn lookup(&self, name: &str) -> Vec<u32> {
        self.lookup_normalised(&normalise(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_of(c: &Crosswalk, name: &str) -> Vec<String> {
        c.lookup(name)
            .into_iter()
            .map(|i| c.entries[i as usize].name.clone())
            .collect()
    }

    #[test]
    fn normalise_folds_and_drops_era_suffixes() {
        assert_eq!(
            normalise("Military Forces of Burkina Faso (2015-2022)"),
            "military forces of burkina faso"
        );
        assert_eq!(
            normalise("Police Forces of Burkina Faso (2015-)  Gendarmerie"),
            "police forces of burkina faso gendarmerie"
        );
        assert_eq!(
            normalise("Islamic State (Greater Sahara)"),
            "islamic state (greater sahara)"
        );
        assert_eq!(normalise("Ségou (12)"), "segou (12)");
    }

    #[test]
    fn the_shipped_crosswalk_joins_the_main_sahel_actors() {
        let c = Crosswalk::shipped();
        let same = |a: &str, b: &str| {
            let (x, y) = (c.lookup(a), c.lookup(b));
            assert!(!x.is_empty(), "{a} is in no entry");
            assert!(
                x.iter().any(|i| y.contains(i)),
                "{a} and {b} are not one actor"
            );
        };
        same("JNIM: Group for Support of Islam and Muslims", "JNIM");
        same("Islamic State (West Africa) - Greater Sahara Faction", "IS");
        same("Islamic State (Greater Sahara)", "IS");
        same(
            "Military Forces of Burkina Faso (2015-2022)",
            "Government of Burkina Faso",
        );
        same(
            "Military Forces of Burkina Faso (2015-)",
            "Government of Burkina Faso",
        );
        same(
            "Police Forces of Burkina Faso (2015-) Gendarmerie",
            "Government of Burkina Faso",
        );
        same("Military Forces of Mali (2013-)", "Government of Mali");
        same("Military Forces of Niger (2011-)", "Government of Niger");
        same("Civilians (Burkina Faso)", "Civilians");
        assert!(
            c.lookup("Mutiny of Military Forces of Burkina Faso (2015-)")
                .is_empty()
        );
        let jnim = c.lookup("JNIM");
        assert!(!c.lookup("IS").iter().any(|i| jnim.contains(i)));
        // One name, two actors: ACLED's "and/or".
        let both = names_of(&c, "Islamic State (Greater Sahara) and/or Ansaroul Islam");
        assert_eq!(both.len(), 2, "{both:?}");
    }

    #[test]
    fn a_users_file_adds_names_to_an_entry_and_new_entries() {
        let mut c = Crosswalk::shipped();
        let before = c.entries.len();
        c.add_text(
            "[[actor]]\nname = \"JNIM\"\nnames = [\"GSIM (local spelling)\"]\n\n\
             [[actor]]\nname = \"Katiba Serma\"\nnames = [\"Serma\", \"Katiba Serma*\"]\n",
            Path::new("mine.toml"),
        )
        .unwrap();
        assert_eq!(c.entries.len(), before + 1);
        assert_eq!(names_of(&c, "gsim (Local Spelling)"), vec!["JNIM"]);
        assert_eq!(names_of(&c, "JNIM"), vec!["JNIM"]);
        assert_eq!(names_of(&c, "Katiba Serma (Mali)"), vec!["Katiba Serma"]);
        assert_eq!(names_of(&c, "serma"), vec!["Katiba Serma"]);
        assert_eq!(c.files, vec![SHIPPED_LABEL.to_string(), "mine.toml".into()]);
    }

    fn error(text: &str) -> String {
        let mut c = Crosswalk::default();
        c.add_text(text, Path::new("cw.toml"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn errors_name_the_file_line_and_column() {
        assert_eq!(
            error("[[actor]]\nname = \"X\"\nnames = [\"a\", \"b*c\"]\n"),
            "cw.toml:3:15: 'b*c': `*` may only end a name (a prefix)"
        );
        assert_eq!(
            error("[[actor]]\nname = \"X\"\nnames = []\n"),
            "cw.toml:3:9: actor 'X': `names` is empty (list the names it goes by)"
        );
        assert_eq!(
            error("[[actor]]\nname = \"  \"\nnames = [\"a\"]\n"),
            "cw.toml:2:8: an actor's name is empty"
        );
        let e = error("[[actor]]\nname = \"X\"\nnmaes = [\"a\"]\n");
        assert!(e.starts_with("cw.toml:3:1: unknown field `nmaes`"), "{e}");
        let e = error("[[actor]]\nname = \"X\"\nnames = [\"a\"\n");
        assert!(e.starts_with("cw.toml:3:"), "{e}");
        let e = error("[[actor]]\nname = 3\nnames = [\"a\"]\n");
        assert!(e.starts_with("cw.toml:2:8: invalid type: integer"), "{e}");
        let e = error("[[actor]]\nnames = [\"a\"]\n");
        assert!(e.starts_with("cw.toml:1:1: missing field `name`"), "{e}");
    }

    #[test]
    fn related_sets_relate_a_coalition_and_its_members_but_not_others() {
        let c = Crosswalk::shipped();
        let entry = |name: &str| c.lookup(name)[0];
        let jnim = entry("JNIM");
        let related = c.related_to(jnim);
        for member in [
            "Katiba Macina",
            "Ansar Dine",
            "Al Mourabitoune Battalion",
            "Ansaroul Islam",
        ] {
            assert!(related.contains(&entry(member)), "{member}");
        }
        assert!(!related.contains(&jnim), "not related to itself");
        assert!(!related.contains(&entry("IS")));
        assert!(c.related_to(entry("IS")).is_empty());
        assert!(c.related_to(entry("Katiba Macina")).contains(&jnim));
    }

    #[test]
    fn a_related_set_naming_no_actor_or_one_alone_is_refused_where_it_is_written() {
        let mut c = Crosswalk::shipped();
        let before = c.entries.len();
        let text = "[[actor]]\nname = \"Katiba Serma\"\nnames = [\"Katiba Serma\"]\n\n\
                    [[related]]\ngroups = [\"JNIM\", \"Katiba Sirma\"]\n";
        let e = c
            .add_text(text, Path::new("mine.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("mine.toml:6:19:"), "{e}");
        assert!(
            e.contains("'Katiba Sirma'") && e.contains("no [[actor]]"),
            "{e}"
        );
        assert_eq!(c.entries.len(), before, "nothing of the file is kept");
        assert!(c.lookup("Katiba Serma").is_empty());
        let one = "[[related]]\ngroups = [\"JNIM\", \"jnim\"]\n";
        let e = c
            .add_text(one, Path::new("one.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("two groups or more"), "{e}");
        let ok = "[[related]]\ngroups = [\"Koglweogo\", \"Government of Burkina Faso\"]\n";
        c.add_text(ok, Path::new("ok.toml")).unwrap();
        assert!(
            c.related_to(c.lookup("Koglweogo")[0])
                .contains(&c.lookup("Government of Burkina Faso")[0])
        );
    }
}
