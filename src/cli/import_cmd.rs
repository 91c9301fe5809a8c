//! `sitrep import`: convert an ACLED or UCDP GED export into a sitrep store.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::{EXIT_OK, EXIT_PROBLEMS};
use crate::store::import::write::write_doc;
use crate::store::import::{Detected, Format, detect, import_as};
use crate::store::load::Stage;
use crate::store::load::open_file;
use crate::store::problem::LoadError;
use crate::store::release_pages;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The input, mapped rather than read: no copy of a file of hundreds of megabytes.
enum Input {
    Mapped(memmap2::Mmap),
    Empty,
}

impl std::ops::Deref for Input {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Input::Mapped(m) => m,
            Input::Empty => &[],
        }
    }
}

fn map_input(file: &Path) -> Result<Input, LoadError> {
    let f = open_file(file)?;
    if f.is_empty() {
        return Ok(Input::Empty);
    }
    // SAFETY: read-only mapping; a file truncated by another process while it is being
    // imported could fault, as with any mapped input.
    let map = unsafe { memmap2::Mmap::map(&f.file) }.map_err(|source| LoadError::Io {
        path: file.to_path_buf(),
        source,
    })?;
    Ok(Input::Mapped(map))
}

/// `--timings`: one line per phase on stderr, with a rate where there is a count.
struct Phases {
    on: bool,
    last: std::time::Instant,
}

impl Phases {
    fn new(on: bool) -> Phases {
        Phases {
            on,
            last: std::time::Instant::now(),
        }
    }

    /// Ends a phase: its time, and for (count, what, bytes) the rate of each.
    fn done(&mut self, phase: &str, count: Option<(usize, &str, usize)>) {
        let now = std::time::Instant::now();
        let secs = (now - self.last).as_secs_f64();
        self.last = now;
        if !self.on {
            return;
        }
        match count {
            Some((n, what, bytes)) => eprintln!(
                "timing: {phase}: {secs:.3}s, {n} {what} ({:.0} {what}/s), {:.0} MB ({:.0} MB/s)",
                n as f64 / secs.max(1e-9),
                bytes as f64 / 1e6,
                bytes as f64 / 1e6 / secs.max(1e-9),
            ),
            None => eprintln!("timing: {phase}: {secs:.3}s"),
        }
    }
}

/// Where the store goes when no -o is given: beside the input, as NAME.sitrep.json.
fn default_output(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".into());
    file.with_file_name(format!("{stem}.sitrep.json"))
}

pub fn run(file: &Path, output: Option<&Path>, force: bool, timings: bool) -> anyhow::Result<u8> {
    let started = std::time::Instant::now();
    let mut phases = Phases::new(timings);
    let buf = map_input(file)?;
    let input_len = buf.len();
    let format = match detect(&buf) {
        Detected::Is(Format::Sitrep) => {
            // Let the store loader say what is wrong, or that it is a store already.
            crate::store::Store::from_bytes(file, &buf, &|_, _| {})?;
            bail!(
                "{}: is a sitrep store already; nothing to import",
                file.display()
            );
        }
        Detected::Is(f) => f,
        Detected::Unknown(reason) => {
            return Err(LoadError::UnknownFormat {
                path: file.to_path_buf(),
                reason,
            }
            .into());
        }
    };
    // Pages of the input that parsing has finished with are handed back as it goes, so the
    // raw text does not sit in memory beside the records made from it.
    let released = AtomicUsize::new(0);
    let release = |stage: Stage, done: f64| {
        if let (Stage::Parsing, Input::Mapped(map)) = (stage, &buf) {
            let end = (done.clamp(0.0, 1.0) * map.len() as f64) as usize;
            let start = released.fetch_max(end, Ordering::Relaxed);
            if end > start {
                release_pages(map, start, end);
            }
        }
    };
    phases.done("map and detect", None);
    let mut imported = import_as(file, &buf, format, &release)?;
    phases.done("parse and link", Some((imported.rows, "rows", input_len)));
    drop(buf);
    phases.done("unmap", None);
    let parsed = started.elapsed().as_secs_f64();
    let out = output.map_or_else(|| default_output(file), Path::to_path_buf);
    let to_stdout = out.as_os_str() == "-";
    if !to_stdout && out.exists() && !force {
        bail!(
            "{}: exists; use --force to overwrite or -o to choose another file",
            out.display()
        );
    }
    for p in &imported.problems {
        eprintln!("  {p}");
    }
    if to_stdout {
        let stdout = std::io::stdout();
        let mut w = BufWriter::with_capacity(1 << 20, stdout.lock());
        write_doc(&mut w, &mut imported.doc).context("writing to standard output")?;
        w.write_all(b"\n")?;
        w.flush()?;
    } else {
        let dir = out.parent().filter(|p| !p.as_os_str().is_empty());
        let dir = dir.unwrap_or(Path::new("."));
        let tmp = tempfile::NamedTempFile::new_in(dir)
            .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
        // Unbuffered: the incidents come in batches of about a megabyte, and copying them
        // through a buffer first would cost a tenth of the writing time.
        let mut w = tmp.as_file();
        write_doc(&mut w, &mut imported.doc)
            .with_context(|| format!("writing {}", out.display()))?;
        w.write_all(b"\n")?;
        let written = tmp.as_file().metadata().map_or(0, |m| m.len() as usize);
        phases.done(
            "serialise and write",
            Some((imported.doc.incidents.len(), "incidents", written)),
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        tmp.persist(&out)
            .with_context(|| format!("writing {}", out.display()))?;
        phases.done("rename over the output", None);
    }
    let secs = started.elapsed().as_secs_f64();
    let fatalities: u64 = imported
        .doc
        .incidents
        .iter()
        .map(|i| i.fatalities.best_or_zero())
        .sum();
    eprintln!(
        "sitrep: {} ({}): {} rows, {} incidents, {} actors, {} towns, {} fatalities; \
         {} row(s) skipped, {} problem(s); read and parsed in {:.2}s ({:.0} rows/s), \
         wrote {} in {:.2}s",
        file.display(),
        format.label(),
        imported.rows,
        imported.doc.incidents.len(),
        imported.doc.actors.len(),
        imported.doc.towns.len(),
        fatalities,
        imported.skipped,
        imported.problems.len(),
        parsed,
        imported.rows as f64 / parsed.max(1e-9),
        if to_stdout {
            "standard output".to_string()
        } else {
            out.display().to_string()
        },
        secs - parsed,
    );
    let code = if imported.problems.is_empty() {
        EXIT_OK
    } else {
        EXIT_PROBLEMS
    };
    // The process ends here: freeing a million records one by one would only cost time.
    std::mem::forget(imported);
    Ok(code)
}
