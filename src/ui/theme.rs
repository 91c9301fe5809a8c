//! Colours and symbols. The palette uses the terminal's 16 named colours so it reads on
//! light and dark backgrounds; NO_COLOR removes colour but keeps selection visible through
//! reverse video and bold; ASCII mode swaps every non-ASCII symbol for a plain one.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

#[derive(Clone, Debug)]
pub struct Theme {
    pub color: bool,
    pub ascii: bool,
    /// The colours of each role (when `color`).
    pub palette: Palette,
}

/// The colour of each role the drawing uses, all from the terminal's 16 named colours
/// unless a configuration says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub header: Color,
    pub label: Color,
    pub dim: Color,
    pub link: Color,
    pub warning: Color,
    pub error: Color,
    pub contested: Color,
    pub fatal: Color,
    pub highlight: Color,
}

impl Default for Palette {
    fn default() -> Palette {
        Palette::DEFAULT
    }
}

impl Palette {
    /// For a dark or light background alike (the named colours as most terminals draw them).
    pub const DEFAULT: Palette = Palette {
        header: Color::Cyan,
        label: Color::Blue,
        dim: Color::DarkGray,
        link: Color::Cyan,
        warning: Color::Yellow,
        error: Color::Red,
        contested: Color::Magenta,
        fatal: Color::Red,
        highlight: Color::Yellow,
    };

    /// For a light background: dark text colours (no cyan or yellow text).
    pub const LIGHT: Palette = Palette {
        header: Color::Blue,
        label: Color::Black,
        dim: Color::DarkGray,
        link: Color::Blue,
        warning: Color::Yellow,
        error: Color::Red,
        contested: Color::Magenta,
        fatal: Color::Red,
        highlight: Color::Magenta,
    };

    /// The roles a configuration can colour, by name.
    pub const ROLES: [&'static str; 9] = [
        "header",
        "label",
        "dim",
        "link",
        "warning",
        "error",
        "contested",
        "fatal",
        "highlight",
    ];

    /// The colour of a role named in [`Palette::ROLES`].
    pub fn role_mut(&mut self, role: &str) -> Option<&mut Color> {
        Some(match role {
            "header" => &mut self.header,
            "label" => &mut self.label,
            "dim" => &mut self.dim,
            "link" => &mut self.link,
            "warning" => &mut self.warning,
            "error" => &mut self.error,
            "contested" => &mut self.contested,
            "fatal" => &mut self.fatal,
            "highlight" => &mut self.highlight,
            _ => return None,
        })
    }
}

/// The 16 named colours by the names a configuration gives them.
pub const COLOR_NAMES: [(&str, Color); 16] = [
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark_gray", Color::DarkGray),
    ("light_red", Color::LightRed),
    ("light_green", Color::LightGreen),
    ("light_yellow", Color::LightYellow),
    ("light_blue", Color::LightBlue),
    ("light_magenta", Color::LightMagenta),
    ("light_cyan", Color::LightCyan),
    ("white", Color::White),
];

const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    pub fn new(color: bool, ascii: bool) -> Theme {
        Theme {
            color,
            ascii,
            palette: Palette::DEFAULT,
        }
    }

    /// Colour unless NO_COLOR is set (to anything non-empty, per no-color.org).
    pub fn from_env(ascii: bool) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(!no_color, ascii || !locale_is_utf8())
    }

    /// The theme with these colours (NO_COLOR still wins: without `color` none is used).
    pub fn with_palette(mut self, palette: Palette) -> Theme {
        self.palette = palette;
        self
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn border(&self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::PLAIN
        }
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    pub fn header(&self) -> Style {
        self.fg(self.palette.header).add_modifier(Modifier::BOLD)
    }
    pub fn label(&self) -> Style {
        self.fg(self.palette.label).add_modifier(Modifier::BOLD)
    }
    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(self.palette.dim)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }
    pub fn link(&self) -> Style {
        self.fg(self.palette.link)
            .add_modifier(Modifier::UNDERLINED)
    }
    pub fn warning(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(self.palette.warning)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        }
    }
    pub fn error(&self) -> Style {
        self.fg(self.palette.error).add_modifier(Modifier::BOLD)
    }
    pub fn contested(&self) -> Style {
        self.fg(self.palette.contested).add_modifier(Modifier::BOLD)
    }
    pub fn fatal(&self) -> Style {
        self.fg(self.palette.fatal)
    }
    pub fn highlight(&self) -> Style {
        self.fg(self.palette.highlight)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn tab_active(&self) -> Style {
        self.selected()
    }

    pub fn mark_contested(&self) -> &'static str {
        "!"
    }
    pub fn cursor(&self) -> &'static str {
        if self.ascii { ">" } else { "▶" }
    }
    pub fn crumb_sep(&self) -> &'static str {
        if self.ascii { " > " } else { " › " }
    }
    pub fn ellipsis(&self) -> &'static str {
        if self.ascii { "~" } else { "…" }
    }

    /// Bars from empty to full for sparklines.
    pub fn bars(&self) -> &'static [char] {
        if self.ascii {
            &[' ', '.', ':', '-', '=', '+', '*', '#', '@']
        } else {
            &[' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█']
        }
    }
}

/// Whether the locale promises UTF-8. Without one, box drawing shows as garbage.
fn locale_is_utf8() -> bool {
    for var in ["LC_ALL", "LC_CTYPE", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            let v = v.to_ascii_lowercase();
            return v.contains("utf-8") || v.contains("utf8");
        }
    }
    // No locale set at all (common in containers and over SSH): assume a modern terminal.
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_light_theme_draws_dark_text_and_no_color_still_wins() {
        let light = Theme::new(true, false).with_palette(Palette::LIGHT);
        assert_eq!(light.header().fg, Some(Color::Blue));
        assert_eq!(light.link().fg, Some(Color::Blue));
        assert_eq!(light.highlight().fg, Some(Color::Magenta));
        assert_eq!(Theme::new(true, false).header().fg, Some(Color::Cyan));
        // Without colour (NO_COLOR) the palette is not used at all.
        let plain = Theme::new(false, false).with_palette(Palette::LIGHT);
        for style in [
            plain.header(),
            plain.link(),
            plain.highlight(),
            plain.fatal(),
        ] {
            assert_eq!(style.fg, None);
        }
    }
}
