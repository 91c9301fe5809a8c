//! `sitrep import`: convert an ACLED or UCDP GED export into a sitrep store.

use super::tty::errln;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::{EXIT_OK, EXIT_PROBLEMS};
use crate::store::atomic::write_file_atomic_unbuffered;
use crate::store::import::write::write_doc;
use crate::store::import::{Detected, Format, detect, import_as};
use crate::store::load::read_file;
use crate::store::problem::LoadError;

/// The input, read into memory: a mapped file truncated by another process while it is
/// imported would kill the process with SIGBUS, a private copy cannot.
fn read_input(file: &Path) -> Result<Vec<u8>, LoadError> {
    read_file(file)
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
            Some((n, what, bytes)) => errln!(
                "timing: {phase}: {secs:.3}s, {n} {what} ({:.0} {what}/s), {:.0} MB ({:.0} MB/s)",
                n as f64 / secs.max(1e-9),
                bytes as f64 / 1e6,
                bytes as f64 / 1e6 / secs.max(1e-9),
            ),
            None => errln!("timing: {phase}: {secs:.3}s"),
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
    let buf = read_input(file)?;
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
    phases.done("read and detect", None);
    let mut imported = import_as(file, &buf, format, &|_, _| {})?;
    phases.done("parse and link", Some((imported.rows, "rows", input_len)));
    drop(buf);
    phases.done("free the input", None);
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
        errln!("  {p}");
    }
    if to_stdout {
        let stdout = std::io::stdout();
        let mut w = BufWriter::with_capacity(1 << 20, stdout.lock());
        write_doc(&mut w, &mut imported.doc).context("writing to standard output")?;
        w.write_all(b"\n")?;
        w.flush()?;
    } else {
        // Unbuffered: the incidents come in batches of about a megabyte, and copying them
        // through a buffer first would cost a tenth of the writing time.
        let doc = &mut imported.doc;
        write_file_atomic_unbuffered(&out, force, |mut w| {
            write_doc(&mut w, doc)?;
            w.write_all(b"\n")
        })?;
        let written = std::fs::metadata(&out).map_or(0, |m| m.len() as usize);
        phases.done(
            "serialise, write and rename",
            Some((imported.doc.incidents.len(), "incidents", written)),
        );
    }
    let secs = started.elapsed().as_secs_f64();
    let fatalities: u64 = imported
        .doc
        .incidents
        .iter()
        .map(|i| i.fatalities.best_or_zero())
        .sum();
    errln!(
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
