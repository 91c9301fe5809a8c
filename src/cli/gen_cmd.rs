//! `sitrep gen`: write a synthetic store.

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;

use crate::store::synth::{SynthOptions, write_synthetic};

pub fn run(incidents: usize, seed: u64, output: Option<&Path>) -> anyhow::Result<u8> {
    let opts = SynthOptions { incidents, seed };
    match output {
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
            write_synthetic(&opts, &mut out).context("writing to standard output")?;
            out.flush()?;
        }
        Some(path) => {
            // Written beside the target and renamed, so a failed run never leaves half a store.
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
            let dir = dir.unwrap_or(Path::new("."));
            let tmp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
            let mut out = BufWriter::with_capacity(1 << 20, tmp.as_file());
            write_synthetic(&opts, &mut out)
                .with_context(|| format!("writing {}", path.display()))?;
            out.flush()?;
            drop(out);
            // Temporary files are private (0600); a store is an ordinary file others may read.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                tmp.as_file()
                    .set_permissions(std::fs::Permissions::from_mode(0o644))?;
            }
            tmp.persist(path)
                .with_context(|| format!("writing {}", path.display()))?;
        }
    }
    Ok(super::EXIT_OK)
}
