//! Where everything goes on screen, computed from the size alone so that drawing and mouse
//! hit-testing agree; and the hit-testing.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::nav::{Screen, Tab};

/// Below this the browser shows "terminal too small" instead of a broken screen.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// From this width the list and the detail sit side by side.
pub const WIDE: u16 = 110;
/// Narrow but this tall: the detail folds below the list.
pub const TALL: u16 = 40;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Areas {
    pub too_small: bool,
    /// Title and warning.
    pub title: Rect,
    /// Tab bar.
    pub tabs: Rect,
    /// Breadcrumb of where you are.
    pub crumbs: Rect,
    pub list: Option<Rect>,
    pub detail: Option<Rect>,
    /// Sort, filters, position.
    pub status: Rect,
    /// Key hints or a prompt.
    pub hints: Rect,
    pub full: Rect,
}

pub fn layout(width: u16, height: u16, screen: Screen, detail_focused: bool) -> Areas {
    let full = Rect::new(0, 0, width, height);
    let row = |y: u16| Rect::new(0, y, width, 1);
    let too_small = width < MIN_WIDTH || height < MIN_HEIGHT;
    if too_small {
        let z = Rect::default();
        return Areas {
            too_small,
            title: z,
            tabs: z,
            crumbs: z,
            list: None,
            detail: None,
            status: z,
            hints: z,
            full,
        };
    }
    let main = Rect::new(0, 3, width, height - 5);
    let (list, detail) = match screen {
        Screen::Report(_) | Screen::List(Tab::Map | Tab::Trends) => (None, Some(main)),
        // The briefing is the main text; the reports list sits beside it, narrower.
        Screen::List(Tab::Briefing) if width >= WIDE => {
            let left = (width as u32 * 36 / 100) as u16;
            (
                Some(Rect::new(0, main.y, left, main.height)),
                Some(Rect::new(left, main.y, width - left, main.height)),
            )
        }
        Screen::List(_) if width >= WIDE => {
            let left = (width as u32 * 52 / 100) as u16;
            (
                Some(Rect::new(0, main.y, left, main.height)),
                Some(Rect::new(left, main.y, width - left, main.height)),
            )
        }
        Screen::List(_) if height >= TALL => {
            let top = main.height * 45 / 100;
            (
                Some(Rect::new(0, main.y, width, top)),
                Some(Rect::new(0, main.y + top, width, main.height - top)),
            )
        }
        // Narrow and short: one at a time; Enter opens the detail, Esc returns.
        Screen::List(_) if detail_focused => (None, Some(main)),
        Screen::List(_) => (Some(main), None),
    };
    Areas {
        too_small,
        title: row(0),
        tabs: row(1),
        crumbs: row(2),
        list,
        detail,
        status: row(height - 2),
        hints: row(height - 1),
        full,
    }
}

/// Tab labels and their x ranges on the tab bar, shared by drawing and hit-testing.
pub fn tab_labels() -> Vec<(Tab, String, u16, u16)> {
    let mut x = 1u16;
    Tab::ALL
        .iter()
        .map(|&tab| {
            let label = format!(" {} {} ", tab.index() + 1, tab.title());
            let w = label.width() as u16;
            let item = (tab, label, x, x + w);
            x += w + 1;
            item
        })
        .collect()
}

/// The tab whose label is at (column, row), if any.
pub fn tab_at(areas: &Areas, column: u16, row: u16) -> Option<Tab> {
    if areas.too_small || row != areas.tabs.y {
        return None;
    }
    tab_labels()
        .into_iter()
        .find(|(_, _, a, b)| column >= *a && column < *b)
        .map(|(tab, ..)| tab)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_click_on_a_tab_label_finds_that_tab_and_nothing_else_does() {
        let areas = layout(80, 24, Screen::List(Tab::Incidents), false);
        for (tab, _, from, to) in tab_labels() {
            assert_eq!(tab_at(&areas, from, areas.tabs.y), Some(tab));
            assert_eq!(tab_at(&areas, to - 1, areas.tabs.y), Some(tab));
            assert_eq!(tab_at(&areas, from, areas.tabs.y + 1), None);
        }
        assert_eq!(tab_at(&areas, 0, areas.tabs.y), None);
        let tiny = layout(20, 5, Screen::List(Tab::Incidents), false);
        assert_eq!(tab_at(&tiny, 2, tiny.tabs.y), None);
    }
}
