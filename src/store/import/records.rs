//! CSV records read straight from the mapped input. Fields that need no unescaping (nearly
//! all of them) are ranges of the input, so no byte is copied; a quoted field with doubled
//! quotes is unescaped into the record's own buffer.
//!
//! The grammar is exactly the `csv` crate's with our settings (comma, double-quote,
//! doubled quotes as escapes, any of `\r`, `\n`, `\r\n` ending a record, blank lines
//! skipped, no byte-order-mark handling after the header): the property test below holds
//! the two to the same records for any input. It exists for speed: csv-core copies every
//! field into a buffer of its own, and that was the largest single cost of importing a big
//! table.

/// Where a field's bytes are.
#[derive(Clone, Copy, Debug)]
enum Span {
    Input(usize, usize),
    Own(usize, usize),
}

/// Fields kept per record; any beyond are counted only. Event tables have a few dozen
/// columns, and a line of a hundred million commas must not cost gigabytes of spans.
const MAX_FIELDS: usize = 4096;

/// One record: its fields, and where it started in the input.
#[derive(Default)]
pub struct Record {
    spans: Vec<Span>,
    /// How many fields there were beyond [`MAX_FIELDS`].
    unkept: usize,
    own: Vec<u8>,
    /// Offset of the record's first byte in the input.
    pub start: usize,
    /// The input ended inside a quoted field of this record.
    pub open_quote: bool,
}

impl Record {
    pub fn len(&self) -> usize {
        self.spans.len() + self.unkept
    }

    fn push(&mut self, span: Span) {
        if self.spans.len() < MAX_FIELDS {
            self.spans.push(span);
        } else {
            self.unkept += 1;
        }
    }

    /// The `i`th field's bytes; `input` must be the slice the record was read from.
    pub fn field<'a>(&'a self, input: &'a [u8], i: usize) -> &'a [u8] {
        match self.spans.get(i) {
            Some(&Span::Input(a, b)) => &input[a..b],
            Some(&Span::Own(a, b)) => &self.own[a..b],
            None => &[],
        }
    }

    /// The `i`th field as text, or None when it is not UTF-8. `valid` is `input` as text
    /// when all of it is known to be UTF-8: fields are cut at ASCII bytes, so each of its
    /// fields is then valid too, and checking them one by one cost a sixth of the parsing
    /// time.
    pub fn text<'a>(
        &'a self,
        input: &'a [u8],
        valid: Option<&'a str>,
        i: usize,
    ) -> Option<&'a str> {
        match (self.spans.get(i), valid) {
            (Some(&Span::Input(a, b)), Some(v)) => v.get(a..b),
            (Some(_), _) => std::str::from_utf8(self.field(input, i)).ok(),
            (None, _) => Some(""),
        }
    }

    /// Whether the record is a single empty field.
    pub fn is_one_empty_field(&self, input: &[u8]) -> bool {
        self.len() == 1 && self.field(input, 0).is_empty()
    }
}

fn ends_field(b: u8) -> bool {
    matches!(b, b',' | b'\n' | b'\r')
}

/// The first byte at or after `pos` that ends an unquoted field (or the input's end),
/// looking at eight bytes at a time: fields average a dozen bytes, too short for memchr.
fn field_end(input: &[u8], mut pos: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each zero byte of `v` is set; bits above the first zero byte may be
    // set wrongly, so only the lowest set bit counts.
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    while let Some(word) = input.get(pos..pos + 8) {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let hit = zero(w ^ (ONES * u64::from(b',')))
            | zero(w ^ (ONES * u64::from(b'\n')))
            | zero(w ^ (ONES * u64::from(b'\r')));
        if hit != 0 {
            return pos + (hit.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while pos < input.len() && !ends_field(input[pos]) {
        pos += 1;
    }
    pos
}

/// Reads records from `input`, starting at a record boundary.
pub struct Records<'a> {
    input: &'a [u8],
    pos: usize,
}

impl<'a> Records<'a> {
    pub fn new(input: &'a [u8]) -> Records<'a> {
        Records { input, pos: 0 }
    }

    /// Reads the next record into `rec`; false at the end of the input.
    pub fn read(&mut self, rec: &mut Record) -> bool {
        let input = self.input;
        let n = input.len();
        let mut pos = self.pos;
        // Line ends between records are skipped, so blank lines yield nothing.
        while pos < n && matches!(input[pos], b'\n' | b'\r') {
            pos += 1;
        }
        rec.spans.clear();
        rec.unkept = 0;
        rec.own.clear();
        rec.open_quote = false;
        rec.start = pos;
        if pos == n {
            self.pos = pos;
            return false;
        }
        loop {
            if pos < n && input[pos] == b'"' {
                pos = self.quoted(pos + 1, rec);
            } else {
                let a = pos;
                pos = field_end(input, pos);
                rec.push(Span::Input(a, pos));
            }
            // After a field: a comma starts another; a line end or the input's end ends
            // the record (the line end is skipped by the next read).
            if pos < n && input[pos] == b',' {
                pos += 1;
                continue;
            }
            self.pos = pos;
            return true;
        }
    }

    /// A quoted field whose content starts at `pos`; returns where the field ends.
    fn quoted(&self, mut pos: usize, rec: &mut Record) -> usize {
        let input = self.input;
        let n = input.len();
        // Content up to the first doubled quote stays in the input; after one, the
        // field is assembled in the record's buffer.
        let mut seg = pos;
        let mut own: Option<usize> = None;
        loop {
            let Some(q) = memchr::memchr(b'"', &input[pos..]).map(|q| pos + q) else {
                // The input ends inside the quotes: the field runs to the end.
                rec.open_quote = true;
                let span = match own {
                    None => Span::Input(seg, n),
                    Some(a) => {
                        rec.own.extend_from_slice(&input[seg..n]);
                        Span::Own(a, rec.own.len())
                    }
                };
                rec.push(span);
                return n;
            };
            if q + 1 < n && input[q + 1] == b'"' {
                // A doubled quote stands for one quote.
                own.get_or_insert(rec.own.len());
                rec.own.extend_from_slice(&input[seg..=q]);
                pos = q + 2;
                seg = pos;
                continue;
            }
            // The closing quote. Anything after it up to the end of the field is kept
            // as it stands (`"ab"c` reads as `abc`), quotes included.
            let end = field_end(input, q + 1);
            if own.is_none() && end == q + 1 {
                rec.push(Span::Input(seg, q));
                return end;
            }
            let a = *own.get_or_insert(rec.own.len());
            rec.own.extend_from_slice(&input[seg..q]);
            rec.own.extend_from_slice(&input[q + 1..end]);
            let span = Span::Own(a, rec.own.len());
            rec.push(span);
            return end;
        }
    }
}

/// A field that is not UTF-8, as text. Excel saves "CSV" in the Windows code page, so a field
/// with no valid multi-byte UTF-8 in it is read as Windows-1252 ("S\xE9gou" is "Ségou");
/// one that has some is UTF-8 with a damaged byte, which becomes U+FFFD.
pub fn decode_field(bytes: &[u8]) -> String {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let some_utf8 = bytes
        .utf8_chunks()
        .any(|c| c.valid().bytes().any(|b| !b.is_ascii()));
    if some_utf8 {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    bytes.iter().map(|&b| windows_1252(b)).collect()
}

/// A Windows-1252 byte as a character. It differs from Latin-1 only in 0x80-0x9F; the
/// five bytes it leaves undefined there become U+FFFD rather than control characters.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{FFFD}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{FFFD}',
        '\u{017D}', '\u{FFFD}', '\u{FFFD}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}',
        '\u{2022}', '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}',
        '\u{0153}', '\u{FFFD}', '\u{017E}', '\u{0178}',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ours(input: &[u8]) -> Vec<(usize, Vec<Vec<u8>>)> {
        let mut rdr = Records::new(input);
        let mut rec = Record::default();
        let mut out = Vec::new();
        while rdr.read(&mut rec) {
            let fields = (0..rec.len())
                .map(|i| rec.field(input, i).to_vec())
                .collect();
            out.push((rec.start, fields));
        }
        out
    }

    /// The csv crate's records, after a header read the way the importer reads it.
    fn theirs(input: &[u8]) -> Vec<Vec<Vec<u8>>> {
        // A leading byte that is not a BOM keeps the csv crate from stripping one.
        let mut text = b"h\n".to_vec();
        text.extend_from_slice(input);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&text[..]);
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        rdr.read_byte_record(&mut rec).unwrap();
        while rdr.read_byte_record(&mut rec).unwrap() {
            out.push(rec.iter().map(<[u8]>::to_vec).collect());
        }
        out
    }

    fn fields(input: &[u8]) -> Vec<Vec<Vec<u8>>> {
        ours(input).into_iter().map(|(_, f)| f).collect()
    }

    #[test]
    fn reads_like_the_csv_crate() {
        for input in [
            &b""[..],
            b"\n\r\n",
            b"a,b\nc,d",
            b"a,b\r\nc,\"d\"\"e\"\r\n",
            b"\"x\ny\",z\n",
            b"\"ab\"cd\"e,f\n",
            b"ab\"c,d\"\n",
            b"\"open",
            b"\"a\"\"",
            b"a,\n,\n\"\"\n",
            b"\xEF\xBB\xBFa\n",
            b"a\rb\r\nc",
        ] {
            assert_eq!(
                fields(input),
                theirs(input),
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn fields_without_escapes_are_not_copied() {
        let input = b"a,\"b c\",\"d\"\"e\"\n";
        let mut rec = Record::default();
        assert!(Records::new(input).read(&mut rec));
        assert!(matches!(
            rec.spans[..],
            [Span::Input(..), Span::Input(..), Span::Own(..)]
        ));
        assert_eq!(rec.field(input, 2), b"d\"e");
        assert_eq!(rec.field(input, 3), b"");
    }

    #[test]
    fn records_know_where_they_start_and_whether_a_quote_is_open() {
        let input = b"\r\n\r\na,b\n\nc,\"d\n";
        let mut rdr = Records::new(input);
        let mut rec = Record::default();
        assert!(rdr.read(&mut rec));
        assert_eq!((rec.start, rec.open_quote), (4, false));
        assert!(rdr.read(&mut rec));
        assert_eq!((rec.start, rec.open_quote), (9, true));
        assert_eq!(rec.field(input, 1), b"d\n");
        assert!(!rdr.read(&mut rec));
    }

    #[test]
    fn fields_beyond_the_limit_are_counted_not_kept() {
        let input = ",".repeat(MAX_FIELDS * 3);
        let mut rec = Record::default();
        assert!(Records::new(input.as_bytes()).read(&mut rec));
        assert_eq!(rec.len(), MAX_FIELDS * 3 + 1);
        assert_eq!(rec.spans.len(), MAX_FIELDS);
        assert_eq!(rec.field(input.as_bytes(), MAX_FIELDS + 1), b"");
    }

    #[test]
    fn fields_that_are_not_utf8_are_windows_1252_or_damaged_utf8() {
        assert_eq!(decode_field(b"S\xE9gou"), "S\u{e9}gou");
        assert_eq!(
            decode_field(b"\x93quoted\x94 \x80 \x81"),
            "\u{201c}quoted\u{201d} \u{20ac} \u{fffd}"
        );
        // Valid UTF-8 beside a damaged byte: the damage is replaced, the rest kept.
        assert_eq!(
            decode_field(
                "Ségou \u{2013} "
                    .as_bytes()
                    .iter()
                    .chain(b"\xFF")
                    .copied()
                    .collect::<Vec<u8>>()
                    .as_slice()
            ),
            "Ségou \u{2013} \u{fffd}"
        );
        assert_eq!(decode_field(b"plain"), "plain");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn any_input_reads_like_the_csv_crate(
            input in prop::collection::vec(
                prop::sample::select(vec![b'a', b' ', b',', b'"', b'\r', b'\n', 0xEF, 0xBB, 0xBF]),
                0..64,
            )
        ) {
            prop_assert_eq!(fields(&input), theirs(&input));
        }
    }
}
