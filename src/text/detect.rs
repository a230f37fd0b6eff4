//! Which encoding a cell's text is in. One short cell cannot be decided
//! alone ("Công" reads as TCVN3 "Cụng"), so every reading is checked word
//! by word with [`is_syllable`], and a group of cells (a column or a sheet)
//! votes; the font is evidence, not proof. Genuine Unicode is never
//! converted: a cell whose Unicode reading is all valid syllables stays.

use super::chars::{self, ALPHABETIC, LOWERCASE, UPPERCASE};
use super::legacy::{FontClass, decode, decode_into, decode_raw, surface_byte, tidy};
use super::{Encoding, is_syllable, is_tidy};
use std::cell::RefCell;

/// The readings tried on every cell, Unicode first.
const AUTO: [Encoding; 4] = [
    Encoding::Unicode,
    Encoding::Tcvn3,
    Encoding::Vni,
    Encoding::Cp1258,
];

/// How one reading of a cell fares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// The text can come from this encoding at all.
    pub possible: bool,
    /// The reading differs from the text read as Unicode.
    pub changed: bool,
    /// Words with non-ASCII letters that are valid syllables in this reading.
    pub valid: usize,
    /// Such words that are not.
    pub invalid: usize,
}

impl Reading {
    /// Possible and every evidence word a valid syllable (at least one).
    pub fn clean(&self) -> bool {
        self.possible && self.invalid == 0 && self.valid > 0
    }

    fn score(&self) -> isize {
        self.valid as isize - self.invalid as isize
    }
}

/// Evidence for one cell: how each reading (Unicode, TCVN3, VNI, CP1258)
/// fares, and whether the text decides by itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CellEvidence {
    pub unicode: Reading,
    pub tcvn3: Reading,
    pub vni: Reading,
    pub cp1258: Reading,
    /// No word with a non-ASCII letter: ASCII only, digits, empty.
    pub no_evidence: bool,
    /// The text holds characters only Unicode has (ă đ ơ ư ĩ ũ, U+1EA0–
    /// U+1EF9, combining marks, anything no single byte shows as).
    pub unicode_only: bool,
}

impl CellEvidence {
    /// The reading for `enc` (VISCII, VPS and VIQR are never tried: a
    /// default, impossible reading).
    pub fn reading(&self, enc: Encoding) -> Reading {
        match enc {
            Encoding::Unicode => self.unicode,
            Encoding::Tcvn3 => self.tcvn3,
            Encoding::Vni => self.vni,
            Encoding::Cp1258 => self.cp1258,
            _ => Reading::default(),
        }
    }

    fn reading_mut(&mut self, enc: Encoding) -> &mut Reading {
        match enc {
            Encoding::Tcvn3 => &mut self.tcvn3,
            Encoding::Vni => &mut self.vni,
            Encoding::Cp1258 => &mut self.cp1258,
            _ => &mut self.unicode,
        }
    }
}

/// Separators between words on the surface: whitespace, ASCII
/// punctuation and the Windows-1252 punctuation of bytes 80–9F (which
/// stay punctuation in TCVN3, VNI and CP1258).
pub(super) fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || c == '\u{A0}'
        || (c.is_ascii_punctuation() && c != '\\')
        || matches!(
            c,
            '‚' | '„'
                | '…'
                | '†'
                | '‡'
                | '‰'
                | '‹'
                | '‘'
                | '’'
                | '“'
                | '”'
                | '•'
                | '–'
                | '—'
                | '›'
        )
}

/// The words of a text that can be evidence: pieces between
/// [separators](is_separator) with a non-ASCII character and no ASCII
/// digit. One pass, bytes at a time over ASCII.
pub(super) fn evidence_words(text: &str) -> impl Iterator<Item = &str> {
    /// ASCII bytes that separate words.
    const SEPARATOR: [bool; 128] = {
        let mut t = [false; 128];
        let mut b = 0;
        while b < 128 {
            let c = b as u8 as char;
            t[b] = c.is_ascii_whitespace() || b == 0x0B || (c.is_ascii_punctuation() && c != '\\');
            b += 1;
        }
        t
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let start = i;
            let mut non_ascii = false;
            let mut digit = false;
            // The length of the separator that ends the word (0 at the end).
            let mut separator = 0;
            while i < bytes.len() {
                let b = bytes[i];
                if b < 0x80 {
                    if SEPARATOR[b as usize] {
                        separator = 1;
                        break;
                    }
                    digit |= b.is_ascii_digit();
                    i += 1;
                    continue;
                }
                // U+0080–U+00FF (C2/C3 and one continuation byte): only
                // U+0085 and the no-break space U+00A0 separate words.
                let c = match (b, bytes.get(i + 1)) {
                    (0xC2, Some(&n)) => (0x80 | (n & 0x3F)) as char,
                    (0xC3, Some(&n)) => (0xC0 | (n & 0x3F)) as char,
                    _ => text[i..].chars().next().unwrap_or(' '),
                };
                if c == '\u{85}' || c == '\u{A0}' || (c > '\u{FF}' && is_separator(c)) {
                    separator = c.len_utf8();
                    break;
                }
                non_ascii = true;
                i += c.len_utf8();
            }
            let end = i;
            i += separator;
            if non_ascii && !digit {
                return Some(&text[start..end]);
            }
        }
        None
    })
}

/// Whether a word is cased as Vietnamese is written: all lower case, all
/// upper case, or a capital then lower case. TCVN3 shows many lower-case
/// letters as Latin-1 capitals ("tÕ" = tế), which this catches.
fn well_cased(word: &str) -> bool {
    let mut letters = word
        .chars()
        .filter(|&c| flag(c, ALPHABETIC, char::is_alphabetic));
    let Some(first) = letters.next() else {
        return true;
    };
    letters
        .clone()
        .all(|c| flag(c, LOWERCASE, char::is_lowercase))
        || (flag(first, UPPERCASE, char::is_uppercase)
            && letters.all(|c| flag(c, UPPERCASE, char::is_uppercase)))
}

/// A character property, from the character tables where they hold it.
#[inline]
fn flag(c: char, flag: u8, general: fn(char) -> bool) -> bool {
    match chars::info(c) {
        Some(info) => info.has(flag),
        None => general(c),
    }
}

/// Whether a word read as Unicode is one Vietnamese syllable: soft hyphens
/// inside a word count against it (in TCVN3 that byte is ư), and so does
/// odd casing. (Decoded legacy words are not held to casing: TCVN3
/// headings mix cases, "CộNG", until the H-font rule upper-cases them.)
fn valid_unicode(word: &str) -> bool {
    !word.contains('\u{AD}') && well_cased(word) && is_syllable(word)
}

/// An abbreviation such as "ĐT", "SGDĐT" or "KHCN": capital consonants
/// only. It is not a syllable but says nothing against a reading.
pub(super) fn is_abbreviation(word: &str) -> bool {
    !word.is_empty()
        && word.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ')
        && !word.contains(['A', 'E', 'I', 'O', 'U', 'Y'])
}

/// Evidence for one cell's surface text. Words are cut on the surface at
/// whitespace and punctuation that every tried encoding keeps; a word
/// counts only if it has a non-ASCII character and no ASCII digit. In each
/// reading, every character of the word must belong to the syllable:
/// symbols such as © ® ¸ µ are letters in TCVN3, so they are not trimmed.
pub fn evidence(surface: &str) -> CellEvidence {
    let mut ev = CellEvidence::default();
    if surface.is_ascii() {
        // No word with a non-ASCII character: nothing to weigh.
        for enc in AUTO {
            ev.reading_mut(enc).possible = true;
        }
        ev.no_evidence = true;
        return ev;
    }
    // Combining marks (U+0300 and up) have no byte either. Characters up
    // to U+00FF all have one: in UTF-8 their lead bytes are below C4.
    let beyond_latin1 = surface.bytes().fold(false, |any, b| any | (b >= 0xC4));
    ev.unicode_only = beyond_latin1 && surface.chars().any(|c| surface_byte(c).is_none());
    for enc in AUTO {
        ev.reading_mut(enc).possible = enc == Encoding::Unicode || !ev.unicode_only;
    }
    let mut any = false;
    let legacy = !ev.unicode_only;
    // Per reading (Unicode, TCVN3, VNI, CP1258): valid and invalid words;
    // per legacy reading: impossible, changed.
    let mut valid = [0usize; 4];
    let mut invalid = [0usize; 4];
    let mut impossible = [false; 3];
    let mut changed = [false; 3];
    TOKENS.with_borrow_mut(|tokens| {
        for token in evidence_words(surface) {
            any = true;
            let r = tokens.readings(token, legacy);
            let u = r.unicode();
            valid[0] += (u == VALID) as usize;
            invalid[0] += (u == INVALID) as usize;
            if !legacy {
                continue;
            }
            for k in 0..3 {
                let l = r.legacy(k);
                // An impossible reading counts nothing (its other bits are 0).
                impossible[k] |= l & POSSIBLE == 0;
                changed[k] |= l & CHANGED != 0;
                valid[k + 1] += (l >> 2 == VALID) as usize;
                invalid[k + 1] += (l >> 2 == INVALID) as usize;
            }
        }
    });
    for (i, enc) in AUTO.into_iter().enumerate() {
        let r = ev.reading_mut(enc);
        r.valid = valid[i];
        r.invalid = invalid[i];
        if i > 0 {
            r.possible &= !impossible[i - 1];
            r.changed = changed[i - 1];
        }
    }
    ev.no_evidence = !any;
    ev
}

/// What one word says for or against a reading (2 bits): an abbreviation
/// says nothing either way (0).
const VALID: u16 = 1;
const INVALID: u16 = 2;
/// A legacy reading of a word (4 bits): the verdict in bits 2–3 and these.
const POSSIBLE: u16 = 1;
const CHANGED: u16 = 2;

/// The readings of one word (a token of [`evidence`]), packed: bits 0–1
/// the Unicode verdict, bit 2 set once the legacy readings are there, then
/// 4 bits for each of TCVN3, VNI and CP1258.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct WordReadings(u16);

const HAS_LEGACY: u16 = 4;

impl WordReadings {
    fn of(token: &str, legacy: bool, scratch: &mut String) -> WordReadings {
        let mut r = WordReadings(Self::unicode_verdict(token));
        if legacy {
            r.add_legacy(token, scratch);
        }
        r
    }

    fn unicode(self) -> u16 {
        self.0 & 3
    }

    fn has_legacy(self) -> bool {
        self.0 & HAS_LEGACY != 0
    }

    /// The legacy reading `k` (0 TCVN3, 1 VNI, 2 CP1258).
    fn legacy(self, k: usize) -> u16 {
        (self.0 >> (3 + 4 * k)) & 15
    }

    fn unicode_verdict(token: &str) -> u16 {
        if is_abbreviation(token) {
            0 // Neutral in the Unicode reading ("ĐT" in "GD&ĐT").
        } else if valid_unicode(token) {
            VALID
        } else {
            INVALID
        }
    }

    fn add_legacy(&mut self, token: &str, word: &mut String) {
        for (k, enc) in AUTO[1..].iter().enumerate() {
            word.clear();
            if !decode_into(token, *enc, word) {
                continue;
            }
            if word.contains('\u{AD}') {
                word.retain(|c| c != '\u{AD}');
            }
            let mut l = POSSIBLE;
            if word != token {
                l |= CHANGED;
            }
            l |= if is_abbreviation(word) {
                0 // "SGDĐT", "KH": neither for nor against
            } else if is_syllable(word) {
                VALID << 2
            } else {
                INVALID << 2
            };
            self.0 |= l << (3 + 4 * k);
        }
        self.0 |= HAS_LEGACY;
    }
}

/// The readings of words met before, per thread: the same words come back
/// in every cell and every file. An open-addressing table of
/// [`CACHE_SLOTS`] slots of 24 bytes holding the words themselves (up to
/// [`CACHED_WORD_LEN`] bytes), emptied when half full: a fixed 192 KiB a
/// thread, no allocation per word.
struct WordCache {
    slots: Vec<Slot>,
    used: usize,
    scratch: String,
}

/// Slots of a [`WordCache`] (a power of two).
const CACHE_SLOTS: usize = 1 << 13;

/// Longest word (in bytes) a [`WordCache`] keeps.
const CACHED_WORD_LEN: usize = 16;

#[derive(Clone, Copy)]
struct Slot {
    /// The word's bytes, padded with zeros.
    word: [u64; 2],
    /// 0 for an empty slot (hashes are odd).
    hash: u32,
    len: u8,
    readings: WordReadings,
}

const EMPTY: Slot = Slot {
    word: [0; 2],
    hash: 0,
    len: 0,
    readings: WordReadings(0),
};

/// A word of up to [`CACHED_WORD_LEN`] bytes padded with zeros, and its
/// hash (FxHash's mixing; odd, so that 0 marks an empty slot).
fn word_key(word: &[u8]) -> Option<([u64; 2], u32)> {
    if word.len() > CACHED_WORD_LEN {
        return None;
    }
    let mut w = [0u64; 2];
    for (k, &b) in word.iter().enumerate() {
        w[k >> 3] |= (b as u64) << ((k & 7) * 8);
    }
    let mut h = word.len() as u64;
    for x in w {
        h = (h.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    Some((w, (h >> 32) as u32 | 1))
}

impl WordCache {
    fn readings(&mut self, token: &str, legacy: bool) -> WordReadings {
        let Some((word, hash)) = word_key(token.as_bytes()) else {
            return WordReadings::of(token, legacy, &mut self.scratch);
        };
        if self.slots.is_empty() {
            self.slots = vec![EMPTY; CACHE_SLOTS];
        }
        let mask = CACHE_SLOTS - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = &mut self.slots[i];
            if slot.hash == 0 {
                break;
            }
            if slot.hash == hash && slot.word == word && slot.len as usize == token.len() {
                if legacy && !slot.readings.has_legacy() {
                    slot.readings.add_legacy(token, &mut self.scratch);
                }
                return slot.readings;
            }
            i = (i + 1) & mask;
        }
        let readings = WordReadings::of(token, legacy, &mut self.scratch);
        if self.used >= CACHE_SLOTS / 2 {
            self.slots.fill(EMPTY);
            self.used = 0;
            i = hash as usize & mask;
        }
        self.slots[i] = Slot {
            word,
            hash,
            len: token.len() as u8,
            readings,
        };
        self.used += 1;
        readings
    }
}

thread_local! {
    static TOKENS: RefCell<WordCache> = const {
        RefCell::new(WordCache {
            slots: Vec::new(),
            used: 0,
            scratch: String::new(),
        })
    };
}

/// How a cell's encoding was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Basis {
    /// Nothing to decide: no word with a non-ASCII letter.
    NoEvidence,
    /// The text itself.
    Content,
    /// The cell's font, among readings the text allows.
    Font,
    /// The group's majority, among readings the text allows.
    Vote,
}

impl Basis {
    /// Short machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::NoEvidence => "none",
            Basis::Content => "content",
            Basis::Font => "font",
            Basis::Vote => "vote",
        }
    }

    /// Vietnamese label for review notes.
    pub fn label(self) -> &'static str {
        match self {
            Basis::NoEvidence => "không có chữ có dấu",
            Basis::Content => "theo nội dung",
            Basis::Font => "theo phông chữ",
            Basis::Vote => "theo đa số các ô cùng cột",
        }
    }
}

/// The decision for one cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CellChoice {
    pub encoding: Encoding,
    /// Decode with the TCVN3 H-font capital rule.
    pub capital: bool,
    pub basis: Basis,
    /// The evidence conflicts (an officer should look).
    pub uncertain: bool,
}

impl CellChoice {
    /// The cell's text in Unicode under this choice.
    pub fn apply(&self, surface: &str) -> String {
        decode(surface, self.encoding, self.capital).unwrap_or_else(|| tidy(surface))
    }

    /// [`apply`](CellChoice::apply), or None when that gives `surface`
    /// back unchanged (no allocation for text that stays as it is).
    pub fn apply_changed(&self, surface: &str) -> Option<String> {
        if self.encoding == Encoding::Unicode && is_tidy(surface) {
            return None;
        }
        Some(self.apply(surface)).filter(|t| t != surface)
    }
}

/// The decision for a group of cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// One choice per cell, in the order given.
    pub cells: Vec<CellChoice>,
    /// The legacy encoding the group leans to, if any.
    pub group: Option<Encoding>,
    /// Indexes of the cells where evidence conflicts.
    pub uncertain: Vec<usize>,
    /// How many cells are converted (encoding other than Unicode).
    pub converted: usize,
}

/// How a group of cells (a column, a sheet) votes: cells whose text alone
/// points to one legacy reading, weighted by their evidence words; cells
/// that read as Unicode only; and the legacy fonts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Votes {
    /// Per legacy reading (TCVN3, VNI, CP1258).
    legacy: [usize; 3],
    unicode: usize,
    fonts: [usize; 3],
}

impl Votes {
    /// The votes of a group of cells (surface text and font class).
    pub fn of(cells: &[(&str, FontClass)]) -> Votes {
        let evidence: Vec<CellEvidence> = cells.iter().map(|(s, _)| evidence(s)).collect();
        let fonts: Vec<FontClass> = cells.iter().map(|(_, f)| *f).collect();
        Votes::of_evidence(&evidence, &fonts)
    }

    /// The votes of a group of cells from their [`evidence`] and font
    /// classes (in the same order), computed beforehand.
    pub fn of_evidence(evidence: &[CellEvidence], fonts: &[FontClass]) -> Votes {
        let legacy = &AUTO[1..];
        let mut v = Votes::default();
        for (ev, font) in evidence.iter().zip(fonts) {
            if let Some(i) = font
                .encoding()
                .and_then(|e| legacy.iter().position(|&l| l == e))
            {
                v.fonts[i] += 1;
            }
            if ev.no_evidence {
                continue;
            }
            let clean: Vec<usize> = (0..3)
                .filter(|&i| {
                    let r = ev.reading(legacy[i]);
                    r.changed && r.clean()
                })
                .collect();
            if ev.unicode_only || (ev.unicode.invalid == 0 && clean.is_empty()) {
                v.unicode += ev.unicode.valid + ev.unicode.invalid;
            } else if let ([i], true) = (&clean[..], ev.unicode.invalid > 0) {
                v.legacy[*i] += ev.reading(legacy[*i]).valid;
            }
        }
        v
    }

    /// Whether any cell's text decided anything.
    fn decisive(&self) -> bool {
        self.unicode > 0 || self.legacy.iter().any(|&n| n > 0)
    }

    /// The legacy encoding the group leans to (text first, ties and no text
    /// broken by the fonts), with its support in votes.
    fn group(&self) -> (Option<Encoding>, usize) {
        let legacy = &AUTO[1..];
        let best = |counts: &[usize; 3]| {
            let max = *counts.iter().max().unwrap_or(&0);
            (max > 0)
                .then(|| counts.iter().position(|&c| c == max))
                .flatten()
                .map(|i| legacy[i])
        };
        let font_group = best(&self.fonts);
        let group = match best(&self.legacy) {
            Some(v) => {
                let max = self.legacy.iter().max().copied().unwrap_or(0);
                font_group
                    .filter(|f| {
                        legacy
                            .iter()
                            .position(|l| l == f)
                            .is_some_and(|i| self.legacy[i] == max)
                    })
                    .or(Some(v))
            }
            None => font_group,
        };
        let support = group
            .and_then(|g| legacy.iter().position(|&l| l == g))
            .map_or(0, |i| self.legacy[i]);
        (group, support)
    }

    /// Mostly Unicode: legacy fonts are a template left over.
    fn unicode_group(&self) -> bool {
        self.unicode > self.legacy.iter().sum::<usize>()
    }

    /// A sheet typed in one legacy encoding beyond doubt: at least three
    /// words' worth of unambiguous cells and none in Unicode.
    fn clear(&self) -> bool {
        let (_, support) = self.group();
        support >= 3 && self.unicode == 0
    }
}

/// Decide the encoding of every cell in a group (a column or a sheet) from
/// each cell's surface text and font class.
pub fn decide(cells: &[(&str, FontClass)]) -> Decision {
    decide_within(cells, None)
}

/// [`decide`] for a column of a sheet whose votes are `sheet`: a column
/// whose text decides nothing by itself (a header alone in its column, a
/// label such as "®)") follows the sheet, and converts what reads well in
/// the sheet's encoding when the sheet is clear.
pub fn decide_within(cells: &[(&str, FontClass)], sheet: Option<&Votes>) -> Decision {
    let evidence: Vec<CellEvidence> = cells.iter().map(|(s, _)| evidence(s)).collect();
    decide_with_evidence(cells, &evidence, sheet)
}

/// [`decide_within`] with each cell's [`evidence`] computed beforehand
/// (`evidence[i]` of `cells[i].0`), e.g. once for both the sheet's
/// [`Votes::of_evidence`] and its columns.
pub fn decide_with_evidence(
    cells: &[(&str, FontClass)],
    evidence: &[CellEvidence],
    sheet: Option<&Votes>,
) -> Decision {
    assert_eq!(cells.len(), evidence.len(), "one evidence per cell");
    let fonts: Vec<FontClass> = cells.iter().map(|(_, f)| *f).collect();
    let own = Votes::of_evidence(evidence, &fonts);
    let borrowed = sheet.filter(|_| !own.decisive());
    let votes = borrowed.unwrap_or(&own);
    let (group, support) = votes.group();
    // A column with legacy fonts but no text of its own keeps its fonts' lean.
    let group = if borrowed.is_some() && group.is_none() {
        own.group().0
    } else {
        group
    };
    let unicode_group = votes.unicode_group();
    let follow_sheet = borrowed.is_some_and(Votes::clear);

    let mut out = Decision {
        cells: Vec::with_capacity(cells.len()),
        group,
        uncertain: Vec::new(),
        converted: 0,
    };
    for (i, (ev, (surface, font))) in evidence.iter().zip(cells).enumerate() {
        let font = match (font, group) {
            // The sheet's encoding stands in for a font where the cell has none.
            (FontClass::Other, Some(g)) if follow_sheet => FontClass::of_encoding(g),
            _ => *font,
        };
        let choice = choose(ev, surface, font, group, unicode_group, support);
        if choice.uncertain {
            out.uncertain.push(i);
        }
        if choice.encoding != Encoding::Unicode {
            out.converted += 1;
        }
        out.cells.push(choice);
    }
    out
}

fn choose(
    ev: &CellEvidence,
    surface: &str,
    font: FontClass,
    group: Option<Encoding>,
    unicode_group: bool,
    support: usize,
) -> CellChoice {
    let font_enc = font.encoding();
    let pick = |encoding: Encoding, basis: Basis, uncertain: bool| CellChoice {
        encoding,
        capital: encoding == Encoding::Tcvn3 && matches!(font, FontClass::Tcvn3 { capital: true }),
        basis,
        uncertain,
    };
    let unicode = pick(Encoding::Unicode, Basis::Content, false);
    if ev.no_evidence {
        return CellChoice {
            basis: Basis::NoEvidence,
            ..unicode
        };
    }
    if ev.unicode_only {
        return unicode;
    }
    let u = ev.unicode;

    // VISCII and VPS only when the font names them.
    if let Some(enc @ (Encoding::Viscii | Encoding::Vps)) = font_enc {
        if let Some(r) = font_reading(surface, enc).filter(|_| u.invalid > 0)
            && r.changed
            && r.score() > u.score()
        {
            return pick(enc, Basis::Font, !r.clean());
        }
        return unicode;
    }

    let legacy = &AUTO[1..];
    let clean: Vec<Encoding> = legacy
        .iter()
        .copied()
        .filter(|&e| ev.reading(e).changed && ev.reading(e).clean())
        .collect();
    // What the font and the group suggest, unless the group is Unicode
    // (a legacy-font template typed over in Unicode).
    let leaning = if unicode_group {
        None
    } else {
        font_enc.or(group)
    };

    if u.invalid == 0 {
        // Reads as Vietnamese either way. In a legacy font, in a column
        // that at least two unambiguous cells show to be in that encoding,
        // the author saw the legacy reading on screen: convert it.
        if let Some(e) = font_enc.filter(|&e| Some(e) == group && clean.contains(&e))
            && !unicode_group
            && support >= 2
        {
            return pick(e, Basis::Font, false);
        }
        // Otherwise never converted. Uncertain when the font or the group
        // points to a legacy reading that reads as well.
        let conflict = clean
            .iter()
            .any(|&e| Some(e) == leaning || Some(e) == group);
        return pick(
            Encoding::Unicode,
            Basis::Content,
            conflict && leaning.is_some(),
        );
    }

    match clean[..] {
        [e] => {
            let r = ev.reading(e);
            let basis = if r.valid >= 2 || leaning.is_none() {
                Basis::Content
            } else if Some(e) == font_enc {
                Basis::Font
            } else if Some(e) == group {
                Basis::Vote
            } else {
                Basis::Content
            };
            let conflict = leaning.is_some_and(|l| l != e);
            pick(e, basis, conflict)
        }
        [_, _, ..] => {
            if let Some(f) = font_enc.filter(|f| clean.contains(f)) {
                pick(f, Basis::Font, false)
            } else if let Some(g) = group.filter(|g| clean.contains(g)) {
                pick(g, Basis::Vote, false)
            } else {
                let e = *clean
                    .iter()
                    .max_by_key(|&&e| (ev.reading(e).valid, std::cmp::Reverse(e as u8)))
                    .unwrap_or(&Encoding::Tcvn3);
                pick(e, Basis::Content, true)
            }
        }
        [] => {
            // No clean reading: follow the font or the group if that reads
            // better than Unicode, else the best reading if it is mostly
            // valid; uncertain either way.
            let better = |e: Encoding| {
                let r = ev.reading(e);
                r.possible && r.changed && r.score() > u.score() && r.valid > r.invalid
            };
            if let Some(f) = font_enc.filter(|&f| better(f)) {
                return pick(f, Basis::Font, true);
            }
            if let Some(g) = group.filter(|&g| better(g)) {
                return pick(g, Basis::Vote, true);
            }
            let best = legacy
                .iter()
                .copied()
                .filter(|&e| better(e))
                .max_by_key(|&e| (ev.reading(e).score(), std::cmp::Reverse(e as u8)));
            match best {
                Some(e) => pick(e, Basis::Content, true),
                None => pick(Encoding::Unicode, Basis::Content, leaning.is_some()),
            }
        }
    }
}

/// A VISCII or VPS reading of the whole cell.
fn font_reading(surface: &str, enc: Encoding) -> Option<Reading> {
    let decoded = decode_raw(surface, enc)?;
    let mut r = Reading {
        possible: true,
        changed: decoded != surface,
        ..Reading::default()
    };
    for token in evidence_words(&decoded) {
        if valid_unicode(token) {
            r.valid += 1;
        } else {
            r.invalid += 1;
        }
    }
    Some(r)
}

/// Convert one line of text for `thidua text`: from the given encoding, or
/// (None) detected on the line by itself. Lines that cannot come from the
/// given encoding are only cleaned.
pub fn convert_line(line: &str, from: Option<Encoding>) -> String {
    match from {
        Some(enc) => decode(line, enc, false).unwrap_or_else(|| tidy(line)),
        None => {
            // decide(&[(line, FontClass::Other)]) for one cell, without the
            // vectors.
            let ev = [evidence(line)];
            let votes = Votes::of_evidence(&ev, &[FontClass::Other]);
            let (group, support) = votes.group();
            let choice = choose(
                &ev[0],
                line,
                FontClass::Other,
                group,
                votes.unicode_group(),
                support,
            );
            choice.apply(line)
        }
    }
}
