//! Vietnamese text normalisation (chuẩn hoá văn bản): every cell's text goes
//! through [`normalize`] before use, and every comparison of names, titles
//! and headers goes through a matching key ([`key`] or [`fold`]), never `==`
//! on raw cell text.
//!
//! Legacy encodings (TCVN3, VNI, Windows-1258, VISCII, VPS, VIQR) are
//! recognised and converted by [`decide`] and [`decode`].
//!
//! Pure functions, no I/O. Depends on nothing else in the crate.

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

mod chars;
mod cp1258;
mod detect;
mod legacy;
#[cfg(test)]
mod reference;
mod syllable;
mod tcvn3;
mod viqr;
mod viscii;
mod vni;
mod vps;

pub use detect::{
    Basis, CellChoice, CellEvidence, Decision, Reading, Votes, convert_line, decide,
    decide_with_evidence, decide_within, evidence,
};
pub use legacy::{Encoding, FontClass, decode, encode, font_class};
pub use syllable::is_syllable;

/// NFC; NBSP and other spaces to a plain space; zero-width characters and
/// BOM removed; Ð/ð look-alikes to Đ/đ; whitespace collapsed and trimmed.
pub fn clean(raw: &str) -> String {
    if is_clean(raw, false) {
        raw.to_string()
    } else if raw.chars().any(chars::is_zero_width) {
        // Zero-width characters go before normalising: between a letter
        // and its marks, or between two marks, they would keep them from
        // composing and ordering ("a\u{200B}\u{301}" is NFC, "a\u{301}" is not).
        let kept = raw.chars().filter(|&c| !chars::is_zero_width(c));
        clean_chars(raw.len(), kept.nfc())
    } else if chars::is_nfc(raw) {
        // Already NFC: normalising would give the same characters.
        clean_chars(raw.len(), raw.chars())
    } else {
        clean_chars(raw.len(), raw.nfc())
    }
}

/// [`clean`] without a copy when the text is already clean (most cell
/// text is).
pub fn clean_cow(raw: &str) -> Cow<'_, str> {
    if is_clean(raw, false) {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(clean(raw))
    }
}

/// Whether [`clean`] gives `s` back unchanged: NFC, no whitespace but
/// single spaces between other characters, no zero-width character, no
/// Ð/ð; with `soft_hyphen`, no U+00AD either. One pass, bytes at a time
/// over ASCII.
fn is_clean(s: &str, soft_hyphen: bool) -> bool {
    let mut t = Tidiness::new(soft_hyphen);
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() && t.ok {
        let b = bytes[i];
        if b < 0x80 {
            t.ascii(b);
            i += 1;
        } else {
            let Some(c) = s[i..].chars().next() else {
                break;
            };
            t.other(c);
            i += c.len_utf8();
        }
    }
    t.unchanged(s)
}

/// Whether [`clean`] (or, with `soft_hyphen`, [`tidy`](legacy::tidy))
/// would give a text back unchanged, worked out character by character as
/// the text is written.
#[derive(Clone, Copy, Debug)]
struct Tidiness {
    soft_hyphen: bool,
    ok: bool,
    started: bool,
    after_space: bool,
    /// A character outside the ranges known to be NFC starters was seen.
    look_up_nfc: bool,
}

impl Tidiness {
    fn new(soft_hyphen: bool) -> Tidiness {
        Tidiness {
            soft_hyphen,
            ok: true,
            started: false,
            after_space: false,
            look_up_nfc: false,
        }
    }

    #[inline]
    fn ascii(&mut self, b: u8) {
        if b > b' ' {
            self.after_space = false;
        } else if b == b' ' {
            if !self.started || self.after_space {
                self.ok = false;
            }
            self.after_space = true;
        } else {
            if (b as char).is_whitespace() {
                self.ok = false;
            }
            self.after_space = false;
        }
        self.started = true;
    }

    #[inline]
    fn other(&mut self, c: char) {
        self.after_space = false;
        self.started = true;
        let u = c as u32;
        // Below U+1680 the only whitespace beyond ASCII is U+0085 and
        // U+00A0, and the zero-width characters are above it.
        let changes = if u < 0x1680 {
            matches!(u, 0x85 | 0xA0 | 0xD0 | 0xF0) || (self.soft_hyphen && u == 0xAD)
        } else {
            c.is_whitespace() || chars::is_zero_width(c)
        };
        if changes {
            self.ok = false;
        }
        if !chars::is_nfc_starter(u) {
            self.look_up_nfc = true;
        }
    }

    #[inline]
    fn char(&mut self, c: char) {
        if c.is_ascii() {
            self.ascii(c as u8);
        } else {
            self.other(c);
        }
    }

    /// Whether the text `s` that was written is unchanged by cleaning.
    fn unchanged(&self, s: &str) -> bool {
        self.ok && !self.after_space && (!self.look_up_nfc || chars::is_nfc(s))
    }
}

/// Whether [`tidy`](legacy::tidy) gives `s` back unchanged.
fn is_tidy(s: &str) -> bool {
    is_clean(s, true)
}

/// [`clean`] on the characters of the text in NFC.
fn clean_chars(len: usize, nfc: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(len);
    let mut pending_space = false;
    for c in nfc {
        let c = chars::look_alike(c);
        if chars::is_zero_width(c) {
            continue;
        }
        if c.is_whitespace() || c == '\u{00A0}' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Matching key that keeps every letter and tone but ignores case, spacing,
/// punctuation, Unicode form and where the tone mark sits: "Hoà" and "hòa",
/// "Uỷ ban" and "ỦY BAN" have the same key. Never written back anywhere.
pub fn key(text: &str) -> String {
    by_tables(text, key_into, key_general)
}

/// `into` on the text (cleaned first unless it is NFC already), or
/// `general` when a character needs the general path: the shared shape of
/// [`key`] and [`fold`].
fn by_tables(
    text: &str,
    into: fn(&str, &mut String) -> bool,
    general: fn(&str) -> String,
) -> String {
    let mut out = String::with_capacity(text.len());
    let done = if chars::is_nfc(text) {
        into(text, &mut out)
    } else {
        into(&clean(text), &mut out)
    };
    if done { out } else { general(text) }
}

/// [`key`] by the character tables, on a text in NFC (cleaned or not:
/// spacing is a separator either way, zero-width characters are skipped).
/// False, with `out` unusable, when a character needs the general path.
fn key_into(text: &str, out: &mut String) -> bool {
    let mut in_word = false;
    let mut tone = 0u8;
    for c in text.chars() {
        let word = match chars::info(c) {
            Some(info) if info.has(chars::SIMPLE) => {
                if info.has(chars::WORD) {
                    if !in_word {
                        if !out.is_empty() {
                            out.push(' ');
                        }
                        in_word = true;
                        tone = 0;
                    }
                    out.push(info.key_base);
                    if info.tone != 0 {
                        tone = info.tone;
                    }
                    continue;
                }
                false
            }
            Some(_) => return false,
            None if chars::is_zero_width(c) => continue,
            None if chars::is_plain_separator(c) => false,
            None => return false,
        };
        if !word && in_word {
            if tone != 0 {
                out.push(tone as char);
            }
            in_word = false;
        }
    }
    if in_word && tone != 0 {
        out.push(tone as char);
    }
    true
}

/// [`key`] for any text: lower case, then per word NFD, tone marks out (the
/// last one kept as a digit), NFC.
fn key_general(text: &str) -> String {
    let cleaned = clean(text).to_lowercase();
    let mut out = String::with_capacity(cleaned.len());
    let mut base = String::new();
    for word in words(&cleaned) {
        if !out.is_empty() {
            out.push(' ');
        }
        let mut tone = None;
        base.clear();
        for c in word.nfd() {
            match chars::tone_digit(c) {
                Some(d) => tone = Some(d),
                None => base.push(c),
            }
        }
        out.extend(base.nfc());
        if let Some(d) = tone {
            out.push(d);
        }
    }
    out
}

/// Looser key without any diacritics (đ → d), for headers and
/// abbreviation matching: "Điểm tự chấm" → "diem tu cham".
pub fn fold(text: &str) -> String {
    by_tables(text, fold_into, fold_general)
}

/// [`fold`] by the character tables; see [`key_into`].
fn fold_into(text: &str, out: &mut String) -> bool {
    let mut in_word = false;
    for c in text.chars() {
        match chars::info(c) {
            Some(info) if info.has(chars::SIMPLE) => {
                if info.has(chars::WORD) {
                    if !in_word {
                        if !out.is_empty() {
                            out.push(' ');
                        }
                        in_word = true;
                    }
                    out.push(info.fold);
                } else {
                    in_word = false;
                }
            }
            Some(_) => return false,
            None if chars::is_zero_width(c) => {}
            None if chars::is_plain_separator(c) => in_word = false,
            None => return false,
        }
    }
    true
}

/// [`fold`] for any text.
fn fold_general(text: &str) -> String {
    let cleaned = clean(text).to_lowercase();
    let mut out = String::with_capacity(cleaned.len());
    for word in words(&cleaned) {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.nfd() {
            if is_combining_mark(c) {
                continue;
            }
            out.push(if c == 'đ' { 'd' } else { c });
        }
    }
    out
}

/// Words of a text: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || is_combining_mark(c)))
        .filter(|w| !w.is_empty())
}

/// How alike two titles are, from 0.0 to 1.0, on their [`key`] words: the
/// share of the shorter title's words found in the longer one, weighted
/// with the Dice coefficient so that a shortened title still scores high
/// but a different one does not.
pub fn similarity(a: &str, b: &str) -> f64 {
    similarity_of_keys(&key(a), &key(b))
}

/// Most words a key may have for [`similarity_of_keys`] to hold them on
/// the stack.
const STACK_WORDS: usize = 64;

/// [`similarity`] of two texts already turned into [`key`]s.
pub fn similarity_of_keys(ka: &str, kb: &str) -> f64 {
    if ka == kb {
        return if ka.is_empty() { 0.0 } else { 1.0 };
    }
    let mut wb = [""; STACK_WORDS];
    let mut nb = 0;
    for w in key_words(kb) {
        if nb == STACK_WORDS {
            return similarity_of_many(ka, kb);
        }
        wb[nb] = w;
        nb += 1;
    }
    let mut used = 0u64;
    let mut na = 0;
    let mut common = 0;
    for w in key_words(ka) {
        na += 1;
        if let Some(j) = (0..nb).find(|&j| used & (1 << j) == 0 && wb[j] == w) {
            used |= 1 << j;
            common += 1;
        }
    }
    similarity_score(na, nb, common)
}

/// The words of a key: split at spaces.
fn key_words(k: &str) -> impl Iterator<Item = &str> {
    k.split(' ').filter(|w| !w.is_empty())
}

/// [`similarity_of_keys`] for keys of more than [`STACK_WORDS`] words.
fn similarity_of_many(ka: &str, kb: &str) -> f64 {
    let wa: Vec<&str> = key_words(ka).collect();
    let mut rest: Vec<&str> = key_words(kb).collect();
    let nb = rest.len();
    let mut common = 0;
    for w in &wa {
        if let Some(pos) = rest.iter().position(|x| x == w) {
            rest.swap_remove(pos);
            common += 1;
        }
    }
    similarity_score(wa.len(), nb, common)
}

/// The similarity of word lists of `na` and `nb` words with `common` words
/// in common (as a multiset): the one formula behind [`similarity`] and
/// every faster way of counting the common words.
pub fn similarity_score(na: usize, nb: usize, common: usize) -> f64 {
    if na == 0 || nb == 0 {
        return 0.0;
    }
    let dice = 2.0 * common as f64 / (na + nb) as f64;
    let containment = common as f64 / na.min(nb) as f64;
    // A shortened title ("Công tác thi đua") is contained in the full one;
    // containment counts only when the shorter side has some substance.
    if na.min(nb) >= 3 {
        dice.max(containment * 0.9)
    } else {
        dice
    }
}

/// A [`key`] split into its words once, for comparing one title with many
/// ([`similarity_of_words`]) without splitting or allocating per
/// comparison. The words are kept sorted (by a hash, then text), so two
/// keys' common words are counted in one merge.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyWords {
    key: String,
    /// (hash, start, end) of each word in `key`, sorted by hash then text.
    words: Vec<(u64, u32, u32)>,
}

impl KeyWords {
    /// The words of a key (as [`key`] gives it).
    pub fn new(key: impl Into<String>) -> KeyWords {
        let key: String = key.into();
        let mut words: Vec<(u64, u32, u32)> = Vec::new();
        let mut start = 0;
        for w in key.split(' ') {
            let end = start + w.len();
            if !w.is_empty() {
                words.push((word_hash(w), start as u32, end as u32));
            }
            start = end + 1;
        }
        let text = |&(_, s, e): &(u64, u32, u32)| &key[s as usize..e as usize];
        words.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| text(a).cmp(text(b))));
        KeyWords { key, words }
    }

    /// The words of [`key`]`(text)`.
    pub fn of(text: &str) -> KeyWords {
        KeyWords::new(key(text))
    }

    /// The key itself.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// How many words the key has.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    fn word(&self, i: usize) -> &str {
        let (_, s, e) = self.words[i];
        &self.key[s as usize..e as usize]
    }
}

/// FNV-1a of a word.
fn word_hash(w: &str) -> u64 {
    w.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// [`similarity_of_keys`] of two keys split beforehand: the same value.
pub fn similarity_of_words(a: &KeyWords, b: &KeyWords) -> f64 {
    if a.key == b.key {
        return if a.key.is_empty() { 0.0 } else { 1.0 };
    }
    let common = common_of_sorted(a.words.len(), b.words.len(), |i, j| {
        a.words[i]
            .0
            .cmp(&b.words[j].0)
            .then_with(|| a.word(i).cmp(b.word(j)))
    });
    similarity_score(a.words.len(), b.words.len(), common)
}

/// How many items two sorted lists of `na` and `nb` items have in common
/// (as multisets), in one merge; `order(i, j)` compares the first list's
/// `i`-th item with the second's `j`-th. For word lists kept sorted so
/// that [`similarity_score`] needs no search ([`KeyWords`], the rules'
/// numbered title words).
#[inline]
pub fn common_of_sorted(
    na: usize,
    nb: usize,
    mut order: impl FnMut(usize, usize) -> std::cmp::Ordering,
) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < na && j < nb {
        match order(i, j) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// Initial letters of the folded words, skipping the conjunction "và" and
/// "các": "Sở Văn hóa, Thể thao và Du lịch" → "svhttdl".
pub fn initials(text: &str) -> String {
    fold(text)
        .split(' ')
        .filter(|w| !w.is_empty() && *w != "va" && *w != "cac")
        .filter_map(|w| w.chars().next())
        .collect()
}

/// Letters and digits only: "so vh tt dl" → "sovhttdl".
pub fn squeeze(folded: &str) -> String {
    folded.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Squeezed short forms of a name, for abbreviation matching:
/// "Sở Văn hóa, Thể thao và Du lịch" → "sovanhoathethaovadulich" (the
/// whole name), "sovhttdl" (first word and initials), "svhttdl" (initials).
pub fn short_forms(name: &str) -> Vec<String> {
    let folded = fold(name);
    let mut out = vec![squeeze(&folded)];
    let mut words = folded.split(' ');
    if let Some(first) = words.next() {
        let rest: String = words.collect::<Vec<_>>().join(" ");
        let ini = initials(&rest);
        if ini.len() >= 2 {
            out.push(format!("{first}{ini}"));
        }
    }
    let all = initials(name);
    if all.len() >= 3 {
        out.push(all);
    }
    out
}

/// Matching key of a criterion label as typed or as the rules give it:
/// enclosing parentheses and a trailing ".", ")" or ":" dropped, leading
/// zeros of numbers dropped, then [`key`]: "01" = "1", "a)" = "a", "1.1." =
/// "1.1".
pub fn label_key(label: &str) -> String {
    let mut s = label.trim();
    if let Some(inner) = s.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        s = inner.trim();
    }
    let s = s.trim_end_matches(['.', ')', ':', ' ']);
    let segments: Vec<&str> = s
        .split('.')
        .map(|seg| {
            if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                let t = seg.trim_start_matches('0');
                if t.is_empty() { "0" } else { t }
            } else {
                seg
            }
        })
        .collect();
    key(&segments.join("."))
}

/// A criterion label or code with roman numerals turned into arabic ones
/// and letters lower-cased, segment by segment: "I.2" → "1.2", "III.2.a"
/// → "3.2.a", "1.1" → "1.1". For telling "1.2" and "I.2" are the same code.
pub fn numeral_key(label: &str) -> String {
    label
        .split('.')
        .map(|seg| {
            let upper = seg.to_ascii_uppercase();
            if upper.is_empty() || !upper.chars().all(|c| "IVX".contains(c)) {
                return seg.to_lowercase();
            }
            let value = |c: char| match c {
                'I' => 1,
                'V' => 5,
                _ => 10,
            };
            let digits: Vec<i32> = upper.chars().map(value).collect();
            let mut total = 0;
            for (i, d) in digits.iter().enumerate() {
                if digits.get(i + 1).is_some_and(|n| n > d) {
                    total -= d;
                } else {
                    total += d;
                }
            }
            total.to_string()
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// A count written the Vietnamese way: 5000000 → "5.000.000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

/// Whether a string contains any letter at all (Vietnamese or not).
pub fn has_letters(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_composes_and_collapses() {
        let nfd = "Cô\u{0323}ng  ho\u{0300}a\u{00A0}\u{200B}xa\u{0303}\t";
        assert_eq!(clean(nfd), "Cộng hòa xã");
        assert_eq!(clean("\u{FEFF} \u{00D0}ảng "), "Đảng");
    }

    /// Found by fuzzing: a zero-width character between a letter and its
    /// marks, or between two marks, left the cleaned text not in NFC.
    #[test]
    fn clean_zero_width_between_marks_gives_nfc() {
        assert_eq!(clean("a\u{200B}\u{0301}"), "á");
        assert_eq!(clean("Cô\u{200D}\u{0323}ng"), "Cộng");
        // Dot below (ccc 220) belongs before the acute (ccc 230).
        let cleaned = clean("a\u{0301}\u{200B}\u{0323}");
        assert_eq!(cleaned, "ạ\u{0301}");
        assert!(unicode_normalization::is_nfc(&cleaned));
        assert_eq!(clean(&cleaned), cleaned);
    }

    #[test]
    fn key_ignores_tone_placement_case_and_form() {
        assert_eq!(key("Hoà bình"), key("HÒA BÌNH"));
        assert_eq!(key("Uỷ ban"), key("ỦY BAN"));
        assert_eq!(key("Khoẻ"), key("khỏe"));
        assert_eq!(key("Thuỷ"), key("thủy"));
        assert_eq!(key("Sở  Y tế."), key("sở y tế"));
        assert_eq!(key("Cô\u{0323}ng"), key("Cộng"));
    }

    #[test]
    fn key_keeps_tones_apart() {
        assert_ne!(key("Sở"), key("Số"));
        assert_ne!(key("hòa"), key("hóa"));
        assert_ne!(key("đi"), key("di"));
    }

    #[test]
    fn fold_drops_every_mark() {
        assert_eq!(fold("Điểm TỰ chấm"), "diem tu cham");
        assert_eq!(
            fold("Tài liệu kiểm chứng/Minh chứng"),
            "tai lieu kiem chung minh chung"
        );
    }

    #[test]
    fn label_keys() {
        assert_eq!(label_key("01"), label_key("1"));
        assert_eq!(label_key("a)"), label_key("a"));
        assert_eq!(label_key("1.1."), label_key("1.1"));
        assert_eq!(label_key("(b)"), label_key("b"));
        assert_ne!(label_key("I"), label_key("1"));
    }

    #[test]
    fn numerals_of_codes() {
        assert_eq!(numeral_key("I.2"), "1.2");
        assert_eq!(numeral_key("III.2.a"), "3.2.a");
        assert_eq!(numeral_key("IV"), "4");
        assert_eq!(numeral_key("XIV.1"), "14.1");
        assert_eq!(numeral_key("1.1"), "1.1");
    }

    #[test]
    fn initials_for_abbreviations() {
        assert_eq!(initials("Văn hóa, Thể thao và Du lịch"), "vhttdl");
        assert_eq!(initials("Giáo dục và Đào tạo"), "gddt");
    }

    #[test]
    fn similarity_tolerates_small_edits_and_shortening() {
        let full = "Tổ chức phát động, triển khai các phong trào thi đua";
        assert!(similarity(full, "Tổ chức phát động triển khai phong trào thi đua") > 0.85);
        assert!(similarity(full, "Tổ chức phát động các phong trào thi đua") > 0.75);
        assert!(similarity(full, "Thực hiện cải cách hành chính") < 0.3);
        assert_eq!(similarity("", ""), 0.0);
    }
}
