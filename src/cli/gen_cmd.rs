//! `sitrep gen`: write a synthetic store.

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;

use crate::store::atomic::write_file_atomic;
use crate::store::synth::{SynthOptions, write_synthetic};

pub fn run(incidents: usize, seed: u64, output: Option<&Path>, force: bool) -> anyhow::Result<u8> {
    let opts = SynthOptions { incidents, seed };
    match output {
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
            write_synthetic(&opts, &mut out).context("writing to standard output")?;
            out.flush()?;
        }
        Some(path) => {
            // The one atomic writer: no half-written store, no silent overwrite.
            write_file_atomic(path, force, |w| write_synthetic(&opts, w))?;
        }
    }
    Ok(super::EXIT_OK)
}
