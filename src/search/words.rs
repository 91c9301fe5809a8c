//! Free text for the index: folding, splitting into words, the frequency-ordered vocabulary,
//! each incident's coded word list and each word's coded incident list; and incident ids in
//! folded order.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::index::{CHUNK, Strings, char_mask};
use crate::model::Incident;
use crate::text::fold_into;

/// The same as [`fold_into`], faster on mostly-ASCII text: `fold_into` normalises a whole
/// string once any character is not ASCII, while notes are ASCII but for a few accented
/// names. Folding is per character (NFD, then marks dropped), so folding the non-ASCII
/// characters one by one gives the same result.
pub(crate) fn fold_fast_into(s: &str, out: &mut String) {
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let start = out.len();
        out.push_str(&rest[..ascii]);
        out[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        if let Some(c) = rest.chars().next() {
            let (one, tail) = rest.split_at(c.len_utf8());
            fold_into(one, out);
            rest = tail;
        }
    }
}

/// Calls `f` with each word of already-folded text: runs of letters and digits, keeping inner
/// apostrophes and hyphens ("al-islam", "n'gourma"). One-character words are skipped.
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Start of a word: the first byte that belongs to one.
        let start = i;
        let mut end = i;
        while end < bytes.len() {
            let b = bytes[end];
            if b < 0x80 {
                if !ascii_word_byte(b) {
                    break;
                }
                end += 1;
            } else {
                let c = text[end..].chars().next().unwrap_or(' ');
                if !c.is_alphanumeric() {
                    break;
                }
                end += c.len_utf8();
            }
        }
        if end == start {
            // Not a word character: skip it (all of it, if it is not ASCII).
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        i = end;
        let w = text[start..end].trim_matches(|c| c == '\'' || c == '-');
        if w.len() > 1 && (w.is_ascii() || w.chars().count() > 1) {
            f(w);
        }
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// One chunk of incidents' words, with chunk-local word ids.
struct ChunkWords {
    vocab: FxHashMap<Box<str>, u32>,
    /// Each incident's distinct local word ids (unsorted), one list after another.
    ids: Vec<u32>,
    ends: Vec<u32>,
    masks: Vec<u64>,
}

/// ASCII bytes that belong to words: letters, digits, inner apostrophes and hyphens.
fn ascii_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'\'' || b == b'-'
}

fn chunk_words(incidents: &[Incident]) -> ChunkWords {
    let mut out = ChunkWords {
        vocab: FxHashMap::default(),
        ids: Vec::new(),
        ends: Vec::with_capacity(incidents.len()),
        masks: Vec::with_capacity(incidents.len()),
    };
    // The incident (numbered from 1) that last used each local word, to keep each once.
    let mut seen: Vec<u32> = Vec::new();
    let mut word_mask: Vec<u64> = Vec::new();
    let mut buf = String::new();
    for (n, inc) in incidents.iter().enumerate() {
        let n = n as u32 + 1;
        buf.clear();
        fold_fast_into(&inc.summary, &mut buf);
        buf.push(' ');
        fold_fast_into(&inc.notes, &mut buf);
        // The characters of the incident's words, from each distinct word's own mask.
        let mut mask = 0;
        for_each_word(&buf, |w| {
            let id = match out.vocab.get(w) {
                Some(&id) => id,
                None => {
                    let id = out.vocab.len() as u32;
                    out.vocab.insert(w.into(), id);
                    seen.push(0);
                    word_mask.push(char_mask(w));
                    id
                }
            };
            if seen[id as usize] != n {
                seen[id as usize] = n;
                mask |= word_mask[id as usize];
                out.ids.push(id);
            }
        });
        out.ends.push(out.ids.len() as u32);
        out.masks.push(mask);
    }
    out
}

/// Decodes one incident's word ids.
pub(crate) struct WordIds<'a> {
    bytes: &'a [u8],
    last: u32,
}

impl<'a> WordIds<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        WordIds { bytes, last: 0 }
    }
}

impl Iterator for WordIds<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        let (&first, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        let mut v = (first & 0x7f) as u32;
        if first & 0x80 != 0 {
            let mut shift = 7;
            while let Some((&b, rest)) = self.bytes.split_first() {
                self.bytes = rest;
                v |= ((b & 0x7f) as u32) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
        }
        self.last += v;
        Some(self.last)
    }
}

pub(crate) type Words = (Strings, Vec<u64>, Vec<u8>, Vec<u64>, Vec<u64>);

/// Splits every summary and notes into words: chunk-local vocabularies built in parallel,
/// merged, renumbered by frequency, and each incident's word list coded.
pub(crate) fn build_words(incs: &[Incident]) -> Words {
    let chunks: Vec<ChunkWords> = incs.par_chunks(CHUNK).map(chunk_words).collect();

    let mut global: FxHashMap<&str, u32> = FxHashMap::default();
    let mut remaps: Vec<Vec<u32>> = Vec::with_capacity(chunks.len());
    let mut texts: Vec<&str> = Vec::new();
    for c in &chunks {
        let mut remap = vec![0; c.vocab.len()];
        for (w, &local) in &c.vocab {
            let next = global.len() as u32;
            let id = *global.entry(w).or_insert(next);
            if id == next {
                texts.push(w);
            }
            remap[local as usize] = id;
        }
        remaps.push(remap);
    }
    drop(global);

    // Frequent words first, so the commonest ids are small and code in one byte.
    let df = chunks
        .par_iter()
        .zip(&remaps)
        .map(|(c, remap)| {
            let mut df = vec![0u32; texts.len()];
            c.ids
                .iter()
                .for_each(|&l| df[remap[l as usize] as usize] += 1);
            df
        })
        .reduce(
            || vec![0u32; texts.len()],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        );
    let mut by_freq: Vec<u32> = (0..texts.len() as u32).collect();
    by_freq.sort_by(|&a, &b| {
        df[b as usize]
            .cmp(&df[a as usize])
            .then(texts[a as usize].cmp(texts[b as usize]))
    });
    let mut rank = vec![0u32; texts.len()];
    for (r, &g) in by_freq.iter().enumerate() {
        rank[g as usize] = r as u32;
    }
    let mut words = Strings::default();
    let mut word_masks = Vec::with_capacity(texts.len());
    for &g in &by_freq {
        words.push(texts[g as usize]);
        word_masks.push(char_mask(texts[g as usize]));
    }

    let coded: Vec<(Vec<u8>, Vec<u32>)> = chunks
        .par_iter()
        .zip(&remaps)
        .map(|(c, remap)| {
            let mut bytes = Vec::with_capacity(c.ids.len() + c.ids.len() / 4);
            let mut ends = Vec::with_capacity(c.ends.len());
            let mut list = Vec::new();
            let mut start = 0;
            for &end in &c.ends {
                list.clear();
                list.extend(
                    c.ids[start..end as usize]
                        .iter()
                        .map(|&l| rank[remap[l as usize] as usize]),
                );
                list.sort_unstable();
                let mut last = 0;
                for &w in &list {
                    put_varint(&mut bytes, w - last);
                    last = w;
                }
                ends.push(bytes.len() as u32);
                start = end as usize;
            }
            (bytes, ends)
        })
        .collect();
    let total: usize = coded.iter().map(|(b, _)| b.len()).sum();
    let mut inc_words = Vec::with_capacity(total);
    let mut inc_word_ends = Vec::with_capacity(incs.len());
    for (bytes, ends) in coded {
        let base = inc_words.len() as u64;
        inc_word_ends.extend(ends.iter().map(|&e| base + e as u64));
        inc_words.extend_from_slice(&bytes);
    }
    let inc_mask = chunks
        .iter()
        .flat_map(|c| c.masks.iter().copied())
        .collect();
    (words, word_masks, inc_words, inc_word_ends, inc_mask)
}

/// Inverts the incidents' word lists into per-word incident lists (one pass, in order, so
/// each list comes out ascending and codes as small deltas).
pub(crate) fn build_postings(
    n_words: usize,
    inc_words: &[u8],
    ends: &[u64],
) -> (Vec<u8>, Vec<u64>, Vec<u32>) {
    let mut lists: Vec<Vec<u8>> = vec![Vec::new(); n_words];
    let mut last = vec![0u32; n_words];
    let mut df = vec![0u32; n_words];
    let mut start = 0;
    for (i, &end) in ends.iter().enumerate() {
        let i = i as u32;
        let words = WordIds {
            bytes: &inc_words[start..end as usize],
            last: 0,
        };
        for w in words {
            let w = w as usize;
            put_varint(&mut lists[w], i - last[w]);
            last[w] = i;
            df[w] += 1;
        }
        start = end as usize;
    }
    let mut postings = Vec::with_capacity(lists.iter().map(Vec::len).sum());
    let mut posting_ends = Vec::with_capacity(n_words);
    for l in lists {
        postings.extend_from_slice(&l);
        posting_ends.push(postings.len() as u64);
    }
    (postings, posting_ends, df)
}

/// Incidents in order of folded id (for prefix ranges), and each one's rank in that order.
pub(crate) fn build_ids(incs: &[Incident]) -> (Vec<u32>, Vec<u32>) {
    // Folded once into one buffer, so the sort compares plain bytes.
    let folded: Vec<String> = incs
        .par_chunks(CHUNK)
        .map(|c| {
            let mut s = String::new();
            for inc in c {
                fold_fast_into(&inc.id, &mut s);
                s.push('\0');
            }
            s
        })
        .collect();
    let mut keys: Vec<&str> = Vec::with_capacity(incs.len());
    for s in &folded {
        keys.extend(s.split_terminator('\0'));
    }
    let mut order: Vec<u32> = (0..incs.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| keys[a as usize].cmp(keys[b as usize]));
    let mut rank = vec![0u32; incs.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    (order, rank)
}
