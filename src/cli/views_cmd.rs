//! `sitrep views`: the saved views in the workspace (a name for a tab, its filter line, sort
//! and columns), as text or JSON. The browser saves them (`V`) and opens them (`v`,
//! `sitrep --view NAME`).

use std::io::Write;
use std::path::Path;

use clap::{Args, ValueEnum};
use serde::Serialize;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ViewsFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct ViewsArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: ViewsFormat,
}

#[derive(Serialize)]
struct JsonView<'a> {
    name: &'a str,
    tab: &'a str,
    filter: &'a str,
    sort: &'a str,
    columns: serde_json::Value,
    created: &'a str,
}

pub fn run(workspace: Option<&Path>, args: &ViewsArgs) -> anyhow::Result<u8> {
    let ws = super::notes_cmd::open_workspace(workspace)?;
    let views = ws.views()?;
    let text = match args.format {
        ViewsFormat::Text => {
            let mut out = format!("Views: {}\n", views.len());
            for v in &views {
                out.push_str(&format!("{}  {}  {}", v.name, v.tab, v.filter));
                if !v.sort.is_empty() {
                    out.push_str(&format!("  sort:{}", v.sort));
                }
                out.push('\n');
            }
            out
        }
        ViewsFormat::Json => {
            let list: Vec<JsonView> = views
                .iter()
                .map(|v| JsonView {
                    name: &v.name,
                    tab: &v.tab,
                    filter: &v.filter,
                    sort: &v.sort,
                    columns: serde_json::from_str(&v.columns)
                        .unwrap_or(serde_json::Value::Array(Vec::new())),
                    created: &v.created,
                })
                .collect();
            let mut s = crate::text::json::to_string_pretty(&serde_json::json!({ "views": list }))?;
            s.push('\n');
            s
        }
    };
    super::export_cmd::emit(None, false, |w: &mut dyn Write| {
        w.write_all(text.as_bytes())
    })?;
    Ok(super::EXIT_OK)
}
