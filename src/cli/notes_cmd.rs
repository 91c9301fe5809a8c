//! `sitrep notes`: the workspace's notes, marks and tags on the open store, as text,
//! markdown or JSON; `sitrep notes add RECORD_ID TEXT` adds a note from a script and
//! `sitrep notes tag RECORD_ID TAG [--remove]` a tag.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::bail;
use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use super::tty::errln;
use crate::store::Store;
use crate::text::fold;
use crate::workspace::{Mark, Note, RecordKind, StoreKey, Tag, Workspace};

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum NotesFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Args, Debug)]
pub struct NotesArgs {
    #[command(subcommand)]
    pub action: Option<NotesAction>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: NotesFormat,
}

#[derive(Subcommand, Debug)]
pub enum NotesAction {
    /// Add a note on a record (an incident, actor or town id in the store).
    Add {
        /// The record's id, exactly as the store has it.
        record_id: String,
        /// The note (control characters and line breaks become spaces).
        text: String,
    },
    /// Tag a record (an incident, actor or town id in the store), or take a tag off.
    Tag {
        /// The record's id, exactly as the store has it.
        record_id: String,
        /// The tag (kept in lower case; no commas; at most 40 characters).
        tag: String,
        /// Take the tag off instead.
        #[arg(long)]
        remove: bool,
    },
}

/// The workspace a command uses: `--workspace FILE`, else the default file.
pub fn open_workspace(path: Option<&Path>) -> anyhow::Result<Workspace> {
    let path: PathBuf = match path {
        Some(p) => p.to_path_buf(),
        None => match Workspace::default_path() {
            Some(p) => p,
            None => bail!("no workspace: set XDG_DATA_HOME or HOME, or give --workspace FILE"),
        },
    };
    Ok(Workspace::open(&path)?)
}

pub fn run(store: &Store, workspace: Option<&Path>, args: &NotesArgs) -> anyhow::Result<u8> {
    let mut ws = open_workspace(workspace)?;
    let key = StoreKey::of(store);
    match &args.action {
        Some(NotesAction::Add { record_id, text }) => {
            if RecordKind::find(store, record_id).is_none() {
                bail!("{}", unknown_record(store, record_id));
            }
            ws.register(&key, &store.source)?;
            let note = ws.add_note(
                &key.title,
                record_id,
                text,
                &crate::workspace::local_author(),
            )?;
            errln!(
                "sitrep: note added on {} ({})",
                note.record,
                ws.path().display()
            );
            Ok(super::EXIT_OK)
        }
        Some(NotesAction::Tag {
            record_id,
            tag,
            remove,
        }) => {
            if RecordKind::find(store, record_id).is_none() {
                bail!("{}", unknown_record(store, record_id));
            }
            ws.register(&key, &store.source)?;
            let (verb, tag) = if *remove {
                let had = ws.tags(&key.title, record_id)?;
                let tag = crate::workspace::clean_tag(tag).unwrap_or_else(|_| tag.clone());
                if !had.contains(&tag) {
                    bail!(
                        "{record_id} has no tag '{tag}'{}",
                        match had.is_empty() {
                            true => " (it has none)".to_string(),
                            false => format!("; its tags: {}", had.join(", ")),
                        }
                    );
                }
                ws.remove_tag(&key.title, record_id, &tag)?;
                ("took tag", tag)
            } else {
                ("tagged", ws.add_tag(&key.title, record_id, tag)?)
            };
            errln!(
                "sitrep: {verb} '{tag}' on {record_id} ({})",
                ws.path().display()
            );
            Ok(super::EXIT_OK)
        }
        None => {
            let all_notes = ws.notes(&key.title)?;
            let all_marks = ws.marks(&key.title)?;
            let all_tags = ws.all_tags(&key.title)?;
            let here = |id: &str| RecordKind::find(store, id).is_some();
            let notes: Vec<Note> = all_notes
                .iter()
                .filter(|n| here(&n.record))
                .cloned()
                .collect();
            let marks: Vec<Mark> = all_marks
                .iter()
                .filter(|m| here(&m.record))
                .cloned()
                .collect();
            let tags: Vec<Tag> = all_tags
                .iter()
                .filter(|t| here(&t.record))
                .cloned()
                .collect();
            let gone = (all_notes.len() - notes.len()) + (all_marks.len() - marks.len());
            if gone > 0 {
                errln!(
                    "sitrep: {gone} note(s) or mark(s) of {} are on records not in this store",
                    key.title
                );
            }
            if all_tags.len() > tags.len() {
                errln!(
                    "sitrep: {} tag(s) of {} are on records not in this store",
                    all_tags.len() - tags.len(),
                    key.title
                );
            }
            let text = match args.format {
                NotesFormat::Text => text(&key.title, &notes, &marks, &tags),
                NotesFormat::Markdown => markdown(&key.title, &notes, &marks, &tags),
                NotesFormat::Json => json(&notes, &marks, &tags)?,
            };
            super::export_cmd::emit(None, false, |w: &mut dyn Write| {
                w.write_all(text.as_bytes())
            })?;
            Ok(super::EXIT_OK)
        }
    }
}

/// "no record 'X' in STORE; closest ids: ..." with the nearest incident, actor and town ids.
fn unknown_record(store: &Store, id: &str) -> String {
    let candidates: Vec<(String, String)> = store
        .incidents
        .iter()
        .map(|i| i.id.clone())
        .chain(store.actors.iter().map(|a| a.id.to_string()))
        .chain(store.towns.iter().map(|t| t.id.to_string()))
        .map(|id| (fold(&id), id))
        .collect();
    let closest = crate::search::scope::suggest(&fold(id), candidates);
    let mut m = format!(
        "no record '{id}' in {} (an incident, actor or town id)",
        store.source
    );
    if !closest.is_empty() {
        m.push_str("; closest ids: ");
        m.push_str(&closest.join(", "));
    }
    m
}

fn text(title: &str, notes: &[Note], marks: &[Mark], tags: &[Tag]) -> String {
    let mut out = format!("Notes on {title}: {}\n", notes.len());
    for n in notes {
        out.push_str(&format!(
            "{}  {}  {}  {}\n",
            n.record, n.created, n.author, n.text
        ));
    }
    out.push_str(&format!("Marks: {}\n", marks.len()));
    for m in marks {
        out.push_str(&format!("{}  {}\n", m.record, m.kind.name()));
    }
    out.push_str(&format!("Tags: {}\n", tags.len()));
    for t in tags {
        out.push_str(&format!("{}  {}\n", t.record, t.tag));
    }
    out
}

fn markdown(title: &str, notes: &[Note], marks: &[Mark], tags: &[Tag]) -> String {
    use crate::text::markdown_text as md;
    let mut out = format!("# Notes on {}\n\n", md(title));
    if notes.is_empty() {
        out.push_str("No notes.\n");
    } else {
        out.push_str("| Record | Created | Author | Note |\n|---|---|---|---|\n");
        for n in notes {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                md(&n.record),
                md(&n.created),
                md(&n.author),
                md(&n.text)
            ));
        }
    }
    out.push_str("\n## Marks\n\n");
    if marks.is_empty() {
        out.push_str("No marks.\n");
    }
    for m in marks {
        out.push_str(&format!("- {} ({})\n", md(&m.record), m.kind.name()));
    }
    out.push_str("\n## Tags\n\n");
    if tags.is_empty() {
        out.push_str("No tags.\n");
    }
    for t in tags {
        out.push_str(&format!("- {}: {}\n", md(&t.record), md(&t.tag)));
    }
    out
}

#[derive(Serialize)]
struct JsonNote<'a> {
    record: &'a str,
    text: &'a str,
    created: &'a str,
    author: &'a str,
}

#[derive(Serialize)]
struct JsonMark<'a> {
    record: &'a str,
}

#[derive(Serialize)]
struct JsonTag<'a> {
    record: &'a str,
    tag: &'a str,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    notes: Vec<JsonNote<'a>>,
    marks: Vec<JsonMark<'a>>,
    tags: Vec<JsonTag<'a>>,
}

fn json(notes: &[Note], marks: &[Mark], tags: &[Tag]) -> anyhow::Result<String> {
    let out = JsonOut {
        notes: notes
            .iter()
            .map(|n| JsonNote {
                record: &n.record,
                text: &n.text,
                created: &n.created,
                author: &n.author,
            })
            .collect(),
        marks: marks
            .iter()
            .map(|m| JsonMark { record: &m.record })
            .collect(),
        tags: tags
            .iter()
            .map(|t| JsonTag {
                record: &t.record,
                tag: &t.tag,
            })
            .collect(),
    };
    let mut s = crate::text::json::to_string_pretty(&out)?;
    s.push('\n');
    Ok(s)
}
