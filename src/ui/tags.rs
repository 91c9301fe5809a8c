//! The tag editor's share of `App::update` (`t`): a small overlay on the selected incident,
//! actor or town. A tag is typed and added with Enter (the editor stays open for the next);
//! Down selects the record's tags, where `d` (or Del) takes the selected one off. Each
//! change is made to the app's copy and handed to the front end to keep, as marks are.

use super::action::Action;
use super::app::{App, Overlay};
use super::nav::InputMode;
use crate::store::EntityRef;
use crate::workspace::{Change, MAX_TAG_CHARS, clean_tag};

/// The tag editor on one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagEditor {
    pub record: EntityRef,
    /// The record's id, as its tags are kept.
    pub id: String,
    /// What the record is called, for the editor's title.
    pub label: String,
    /// The tag being typed.
    pub input: String,
    /// The selected tag (None: the line that takes a new one has the keyboard).
    pub selected: Option<usize>,
}

impl TagEditor {
    /// Typing on the input line, moving and removing in the list.
    pub fn mode(&self) -> InputMode {
        match self.selected {
            None => InputMode::Text,
            Some(_) => InputMode::TagList,
        }
    }
}

impl App {
    /// The selected record's tags, in order.
    pub fn tags_on(&self, id: &str) -> Vec<String> {
        self.workspace
            .as_ref()
            .map(|ws| ws.tags_of(id).to_vec())
            .unwrap_or_default()
    }

    pub(super) fn open_tag_editor(&mut self) {
        let Some((e, _, id)) = self.selected_record() else {
            self.message = Some("t tags an incident, actor or town: select one".into());
            return;
        };
        if self.workspace.is_none() {
            self.message = Some(super::workspace::NO_WORKSPACE.into());
            return;
        }
        let label = self.record_label(e, &id);
        self.overlay = Overlay::Tags(TagEditor {
            record: e,
            id,
            label,
            input: String::new(),
            selected: None,
        });
    }

    pub(super) fn update_tags(&mut self, action: Action) {
        let Overlay::Tags(ed) = &self.overlay else {
            return;
        };
        let id = ed.id.clone();
        let tags = self.tags_on(&id);
        let n = tags.len();
        let Overlay::Tags(ed) = &mut self.overlay else {
            return;
        };
        match (ed.selected, action) {
            (_, Action::Quit) => self.quit = true,
            (_, Action::Resize { width, height }) => {
                self.width = width;
                self.height = height;
            }
            (_, Action::Cancel) => self.overlay = Overlay::None,
            (None, Action::TypeChar(c))
                if ed.input.chars().count() < MAX_TAG_CHARS
                    && !crate::text::is_unsafe_for_terminal(c) =>
            {
                ed.input.push(c);
            }
            (None, Action::TypeChar(_)) => {
                self.message = Some(format!("a tag is at most {MAX_TAG_CHARS} characters"))
            }
            (None, Action::DeleteChar) => {
                ed.input.pop();
            }
            (None, Action::ClearInput) => ed.input.clear(),
            (None, Action::Down) if n > 0 => ed.selected = Some(0),
            (None, Action::Submit) if ed.input.trim().is_empty() => self.overlay = Overlay::None,
            (None, Action::Submit) => match clean_tag(&ed.input) {
                Err(why) => self.message = Some(format!("{why} (Esc closes)")),
                Ok(tag) => {
                    ed.input.clear();
                    if tags.contains(&tag) {
                        self.message = Some(format!("{id} is already tagged '{tag}'"));
                    } else {
                        self.message = Some(format!("tagged {id} '{tag}'"));
                        self.change(Change::Tag {
                            record: id,
                            tag,
                            on: true,
                        });
                    }
                }
            },
            (Some(0), Action::Up) => ed.selected = None,
            (Some(i), Action::Up) => ed.selected = Some(i - 1),
            (Some(i), Action::Down) => ed.selected = Some((i + 1).min(n.saturating_sub(1))),
            (Some(i), Action::RemoveTag) => {
                let Some(tag) = tags.get(i).cloned() else {
                    return;
                };
                ed.selected = match tags.len() - 1 {
                    0 => None,
                    left => Some(i.min(left - 1)),
                };
                self.message = Some(format!("took tag '{tag}' off {id}"));
                self.change(Change::Tag {
                    record: id,
                    tag,
                    on: false,
                });
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::store::Store;
    use crate::ui::effect::Effect;
    use crate::ui::nav::Tab;
    use crate::ui::theme::Theme;
    use crate::ui::workspace_state::WorkspaceState;
    use crate::workspace::{Snapshot, StoreKey};

    fn app() -> App {
        let store = Arc::new(Store::open(None).unwrap());
        let mut app = App::new(store.clone(), Theme::new(false, false), 120, 40);
        app.set_workspace(WorkspaceState::new(
            StoreKey::of(&store),
            "ana".into(),
            Snapshot::default(),
        ));
        app
    }

    fn type_in(app: &mut App, text: &str) -> Vec<Change> {
        let mut effects = Vec::new();
        for c in text.chars() {
            effects.extend(app.update(Action::TypeChar(c)));
        }
        effects.extend(app.update(Action::Submit));
        effects
            .into_iter()
            .filter_map(|e| match e {
                Effect::Workspace { change, .. } => Some(change),
                _ => None,
            })
            .collect()
    }

    fn selected_id(app: &App) -> String {
        let ix = app.list(Tab::Incidents).current().unwrap();
        app.store.incident(ix).id.clone()
    }

    #[test]
    fn t_adds_tags_enter_by_enter_and_the_detail_and_filter_see_them() {
        let mut app = app();
        let id = selected_id(&app);
        app.update(Action::EditTags);
        assert!(matches!(app.overlay, Overlay::Tags(_)));
        assert_eq!(app.input_mode(), InputMode::Text);
        let got = type_in(&mut app, "Follow Up");
        assert_eq!(
            got,
            [Change::Tag {
                record: id.clone(),
                tag: "follow up".into(),
                on: true
            }]
        );
        assert_eq!(
            app.message.as_deref(),
            Some(&*format!("tagged {id} 'follow up'"))
        );
        // Still open, ready for the next; the same tag again is not added twice.
        assert!(type_in(&mut app, "follow up").is_empty());
        assert!(app.message.as_deref().unwrap().contains("already tagged"));
        type_in(&mut app, "checked");
        assert_eq!(app.tags_on(&id), ["checked", "follow up"]);
        // Enter with nothing typed closes.
        app.update(Action::Submit);
        assert!(matches!(app.overlay, Overlay::None));
        let detail: String = app
            .detail
            .doc
            .lines
            .iter()
            .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
            .collect();
        assert!(detail.contains("checked, follow up"), "{detail}");
        app.update(Action::OpenFilter);
        for c in "tag:follow_up".chars() {
            app.update(Action::TypeChar(c));
        }
        app.update(Action::Submit);
        assert_eq!(app.list(Tab::Incidents).rows.len(), 1);
        assert_eq!(selected_id(&app), id);
    }

    #[test]
    fn down_selects_a_tag_and_d_takes_it_off() {
        let mut app = app();
        let id = selected_id(&app);
        app.update(Action::EditTags);
        type_in(&mut app, "a");
        type_in(&mut app, "b");
        app.update(Action::Down);
        assert_eq!(app.input_mode(), InputMode::TagList);
        app.update(Action::Down);
        let effects = app.update(Action::RemoveTag);
        let got: Vec<Change> = effects
            .into_iter()
            .filter_map(|e| match e {
                Effect::Workspace { change, .. } => Some(change),
                _ => None,
            })
            .collect();
        assert_eq!(
            got,
            [Change::Tag {
                record: id.clone(),
                tag: "b".into(),
                on: false
            }]
        );
        assert_eq!(app.tags_on(&id), ["a"]);
        let Overlay::Tags(ed) = &app.overlay else {
            panic!("the editor stays open");
        };
        assert_eq!(
            ed.selected,
            Some(0),
            "the selection moves onto what is left"
        );
        app.update(Action::RemoveTag);
        assert!(app.tags_on(&id).is_empty());
        // No tag left: back on the input line, where d is typed.
        assert_eq!(app.input_mode(), InputMode::Text);
        app.update(Action::Up);
        app.update(Action::Cancel);
        assert!(matches!(app.overlay, Overlay::None));
    }

    #[test]
    fn a_bad_tag_is_refused_on_the_status_line_and_esc_keeps_what_was_added() {
        let mut app = app();
        app.update(Action::EditTags);
        assert!(type_in(&mut app, "a,b").is_empty());
        assert!(
            app.message
                .as_deref()
                .unwrap()
                .contains("cannot hold a comma"),
            "{:?}",
            app.message
        );
        for _ in 0..(MAX_TAG_CHARS + 5) {
            app.update(Action::TypeChar('x'));
        }
        let Overlay::Tags(ed) = &app.overlay else {
            panic!();
        };
        assert_eq!(ed.input.chars().count(), MAX_TAG_CHARS);
        app.update(Action::Cancel);
        assert!(matches!(app.overlay, Overlay::None));
    }

    #[test]
    fn without_a_workspace_t_says_so_and_opens_nothing() {
        let store = Arc::new(Store::open(None).unwrap());
        let mut app = App::new(store, Theme::new(false, false), 120, 40);
        assert!(app.update(Action::EditTags).is_empty());
        assert!(matches!(app.overlay, Overlay::None));
        assert!(app.message.as_deref().unwrap().starts_with("no workspace"));
    }

    #[test]
    fn actors_and_towns_take_tags_too() {
        let mut app = app();
        app.update(Action::GoTab(Tab::Actors));
        let ix = app.list(Tab::Actors).current().unwrap();
        let actor = app.store.actor(ix).id.to_string();
        app.update(Action::EditTags);
        type_in(&mut app, "watch");
        assert_eq!(app.tags_on(&actor), ["watch"]);
    }

    #[test]
    fn an_unknown_tag_in_the_filter_line_names_the_closest_tags_on_the_status_line() {
        let mut app = app();
        app.update(Action::EditTags);
        type_in(&mut app, "follow-up");
        app.update(Action::Cancel);
        app.update(Action::OpenFilter);
        for c in "tag:folow-up".chars() {
            app.update(Action::TypeChar(c));
        }
        app.update(Action::Submit);
        assert_eq!(
            app.message.as_deref(),
            Some("no tag 'folow-up'; closest: tag:follow-up")
        );
        assert!(
            matches!(app.overlay, Overlay::Filter { .. }),
            "left open to correct"
        );
    }
}
