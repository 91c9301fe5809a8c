//! Builds `data/sample.json` (issue 14).
//!
//!     cargo run --example build_sample             # writes data/sample.json, checks it
//!     cargo run --example build_sample -- --check  # compares the file with a fresh build
//!
//! The build is deterministic: the same inputs under `data/tools/` give the same bytes.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use sitrep::model::StoreDoc;
use sitrep::sample::{self, Inputs};

fn run() -> Result<()> {
    let check_only = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("--check") => true,
        Some(other) => bail!("unknown argument {other:?} (only --check)"),
    };
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample.json");
    let built = sample::build(&Inputs::bundled()).map_err(anyhow::Error::msg)?;
    let doc: StoreDoc =
        serde_json::from_str(&built).context("the built sample does not parse as a store")?;
    let errs = sample::check::check(&doc);
    if !errs.is_empty() {
        for e in &errs {
            eprintln!("ERROR: {e}");
        }
        bail!("{} problems in the built sample", errs.len());
    }
    if check_only {
        let current =
            std::fs::read_to_string(&out).with_context(|| format!("reading {}", out.display()))?;
        if let Some((line, ours, theirs)) = sample::first_difference(&built, &current) {
            bail!(
                "{} differs from a fresh build at line {line}:\n  file:  {theirs}\n  build: {ours}\n\
                 (run `cargo run --example build_sample` to rewrite it)",
                out.display()
            );
        }
        println!("{} is up to date ({} bytes)", out.display(), built.len());
    } else {
        std::fs::write(&out, &built).with_context(|| format!("writing {}", out.display()))?;
        println!("wrote {} ({} bytes)", out.display(), built.len());
    }
    println!("{}", sample::summary(&doc));
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("build_sample: {e:#}");
            ExitCode::FAILURE
        }
    }
}
