//! Reading CSV tables: cut into pieces at record boundaries, the pieces parsed on all cores,
//! their rows linked by the builder in file order. The result is the same as reading the
//! table in one piece, whatever the piece size.

use std::path::Path;

use rayon::prelude::*;

use super::pipeline;
use super::records::{Record, Records, decode_field};
use super::{Builder, Columns, RowError, RowParser, Staged};
use crate::store::load::{Progress, Stage};
use crate::store::problem::LoadError;

/// Tables smaller than this are read in one piece.
const PARALLEL_FROM: usize = 4 << 20;
/// Bytes per piece when reading in parallel: big enough to make the hand-over cheap, small
/// enough to keep both cores busy to the end.
const PIECE: usize = 2 << 20;

/// The piece size [`read_csv`] uses for a table of `len` bytes.
pub fn piece_size(len: usize) -> usize {
    if len < PARALLEL_FROM {
        usize::MAX
    } else {
        PIECE
    }
}

/// Reads a CSV table into the builder, in file order, in pieces of about `piece` bytes.
#[allow(clippy::too_many_arguments)]
pub fn read_csv<const N: usize>(
    path: &Path,
    buf: &[u8],
    names: &[&str; N],
    aliases: &[(&str, usize)],
    parse: RowParser<N>,
    builder: &mut Builder,
    progress: Progress,
    piece: usize,
) -> Result<(), LoadError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(buf);
    let mut header = csv::ByteRecord::new();
    rdr.read_byte_record(&mut header)
        .map_err(|e| LoadError::WrongFormat {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    let cols = Columns::new(&header, names, aliases);
    let start = (rdr.position().byte() as usize).min(buf.len());
    let line = 1 + count(&buf[..start]).1;
    let pieces = split(buf, start, line, piece.max(1));
    let end = |i: usize| pieces.get(i + 1).map_or(buf.len(), |p| p.0);
    // Whether the table's first record (which may be an HXL row) can start in the piece at
    // `a`: only blank lines come between the header and it.
    let first_record_here = |a: usize| buf[start..a].iter().all(|&b| b == b'\n' || b == b'\r');
    let read = |i: usize| {
        let (a, line) = pieces[i];
        read_piece(&buf[a..end(i)], line, first_record_here(a), &cols, parse)
    };
    // A piece that ends inside a quoted field (a stray quote fooled the split) is dropped
    // with everything after it, and the rest of the table is read in one piece from its
    // start, which the pieces before it prove to be the start of a record.
    let mut rest = None;
    pipeline::in_order(pieces.len(), pipeline::workers(), read, |i, p| {
        if !p.clean && i + 1 < pieces.len() {
            rest = Some(i);
            return false;
        }
        if i == 0 && pieces.len() > 1 {
            // Room for the whole table, estimated from the first piece.
            let rows_per_byte = p.rows.len() as f64 / (end(0) - start).max(1) as f64;
            builder.reserve((rows_per_byte * (buf.len() - start) as f64 * 1.05) as usize);
        }
        feed(builder, p.rows);
        progress(Stage::Parsing, end(i) as f64 / buf.len().max(1) as f64);
        true
    });
    if let Some(i) = rest {
        let (a, line) = pieces[i];
        // Straight into the builder: this may be most of a big table.
        let sink = |r| feed_one(builder, r);
        read_rows(&buf[a..], line, first_record_here(a), &cols, parse, sink);
    }
    Ok(())
}

fn feed_one(builder: &mut Builder, row: Result<Staged, RowError>) {
    match row {
        Ok(st) => builder.add_staged(st),
        Err(e) => builder.bad_row(e),
    }
}

fn feed(builder: &mut Builder, rows: Vec<Result<Staged, RowError>>) {
    for row in rows {
        feed_one(builder, row);
    }
}

/// Quote characters and line ends in `s`.
fn count(s: &[u8]) -> (usize, u64) {
    let (mut quotes, mut lines) = (0usize, 0u64);
    // Byte-wide counters over blocks short enough not to overflow: the compiler turns this
    // into vector compares, several times faster than counting into 64-bit integers.
    for block in s.chunks(255) {
        let (mut q, mut l) = (0u8, 0u8);
        for &b in block {
            q += u8::from(b == b'"');
            l += u8::from(b == b'\n');
        }
        quotes += usize::from(q);
        lines += u64::from(l);
    }
    (quotes, lines)
}

/// Where the pieces of `buf[start..]` begin, with the line number each begins on: each
/// after a line end preceded by an even number of quote characters (so outside any quoted
/// field, unless a stray quote says otherwise: [`read_piece`] tells), about `piece` apart.
fn split(buf: &[u8], start: usize, line: u64, piece: usize) -> Vec<(usize, u64)> {
    let mut out = vec![(start, line)];
    if piece >= buf.len() - start {
        return out;
    }
    let stretches: Vec<usize> = (start..buf.len()).step_by(piece).collect();
    let counts: Vec<(usize, u64)> = stretches
        .par_iter()
        .map(|&a| count(&buf[a..(a + piece).min(buf.len())]))
        .collect();
    let (mut quotes, mut lines) = (0usize, line);
    for (&a, &(q, l)) in stretches.iter().zip(&counts) {
        if a > start {
            // The first suitable line end from here, looking no further than a piece.
            let (mut q, mut l) = (quotes, lines);
            for (j, &b) in buf[a..(a + piece).min(buf.len())].iter().enumerate() {
                if b == b'"' {
                    q += 1;
                } else if b == b'\n' {
                    l += 1;
                    if q % 2 == 0 {
                        let at = a + j + 1;
                        if at < buf.len() && at > out[out.len() - 1].0 {
                            out.push((at, l));
                        }
                        break;
                    }
                }
            }
        }
        quotes += q;
        lines += l;
    }
    out
}

/// One piece's rows, and whether it ended outside a quoted field.
struct Piece {
    rows: Vec<Result<Staged, RowError>>,
    clean: bool,
}

/// Reads a piece's records into a vector (see [`read_rows`]).
fn read_piece<const N: usize>(
    text: &[u8],
    line: u64,
    first_record_here: bool,
    cols: &Columns<N>,
    parse: RowParser<N>,
) -> Piece {
    // Rows of ACLED and UCDP exports run to a few hundred bytes.
    let mut rows = Vec::with_capacity(text.len() / 256 + 1);
    let clean = read_rows(text, line, first_record_here, cols, parse, |r| rows.push(r));
    Piece { rows, clean }
}

/// Reads the records of `text`, which starts a record on line `line` of the file, handing
/// each row to `sink`. Returns whether the reading ended outside a quoted field.
fn read_rows<const N: usize>(
    text: &[u8],
    line: u64,
    first_record_here: bool,
    cols: &Columns<N>,
    parse: RowParser<N>,
    mut sink: impl FnMut(Result<Staged, RowError>),
) -> bool {
    let mut rdr = Records::new(text);
    let mut rec = Record::default();
    // Checked once here rather than field by field (see [`Record::text`]).
    let valid = std::str::from_utf8(text).ok();
    // Physical line numbers, counted from byte offsets.
    let (mut seen_byte, mut seen_line) = (0, line);
    let mut first = first_record_here;
    let mut clean = true;
    while rdr.read(&mut rec) {
        clean = !rec.open_quote;
        seen_line += count(&text[seen_byte..rec.start]).1;
        seen_byte = rec.start;
        // The HDX extract's second row holds HXL tags (#date+start ...).
        if first {
            first = false;
            let mut cells = (0..rec.len())
                .map(|i| rec.field(text, i))
                .filter(|f| !f.is_empty())
                .peekable();
            if cells.peek().is_some() && cells.all(|f| f[0] == b'#') {
                continue;
            }
        }
        sink(parse_record(&rec, text, valid, seen_line, cols, parse));
    }
    clean
}

fn parse_record<const N: usize>(
    rec: &Record,
    text: &[u8],
    valid: Option<&str>,
    line: u64,
    cols: &Columns<N>,
    parse: RowParser<N>,
) -> Result<Staged, RowError> {
    // UCDP's website export ends every data row with a comma: one empty field more than
    // the header names, which is no field at all.
    let trailing_comma = rec.len() == cols.width + 1 && rec.field(text, cols.width).is_empty();
    if rec.len() != cols.width && !trailing_comma && !rec.is_one_empty_field(text) {
        return Err(RowError {
            line,
            id: None,
            field: "",
            message: format!(
                "row has {} fields where the header has {} (broken quoting?)",
                rec.len(),
                cols.width
            ),
        });
    }
    let mut vals: [&str; N] = [""; N];
    let mut ok = true;
    for (v, ix) in vals.iter_mut().zip(cols.ix.iter()) {
        if let Some(i) = ix {
            match rec.text(text, valid, *i) {
                Some(s) => *v = s,
                None => ok = false,
            }
        }
    }
    if !ok {
        // Rare in UTF-8 files, every row with an accent in Excel's Windows-1252 ones.
        let owned: Vec<String> = cols
            .ix
            .iter()
            .map(|ix| ix.map_or(String::new(), |i| decode_field(rec.field(text, i))))
            .collect();
        let mut vals: [&str; N] = [""; N];
        for (v, s) in vals.iter_mut().zip(&owned) {
            *v = s;
        }
        return parse(&vals, line).map(Staged::new);
    }
    parse(&vals, line).map(Staged::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_start_after_unquoted_line_ends() {
        let buf = b"h\na\n\"b\nc\"\nd\ne\n";
        let starts: Vec<(usize, u64)> = split(buf, 2, 2, 1);
        // Never inside the quoted "b\nc".
        assert_eq!(starts, vec![(2, 2), (4, 3), (10, 5), (12, 6)]);
        assert_eq!(split(buf, 2, 2, 100), vec![(2, 2)]);
    }
}
