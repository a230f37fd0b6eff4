//! Per-character tables for the hot paths of the text layer, built once:
//! for every character of U+0000–U+024F (ASCII, Latin-1, Latin Extended A
//! and B) and U+1E00–U+1EFF (Latin Extended Additional, which holds the
//! Vietnamese toned vowels), its case and letter flags, and what [`key`]
//! and [`fold`] make of it. Each entry is computed with the general
//! algorithm (lower case, NFD, tone marks, NFC) on that one character, so
//! a text made only of such characters gives the same result character by
//! character; anything else takes the general path.
//!
//! [`key`]: super::key
//! [`fold`]: super::fold

use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::{IsNormalized, is_nfc_quick};

const LATIN_END: u32 = 0x250;
const EXTENDED: std::ops::Range<u32> = 0x1E00..0x1F00;

/// `char::is_alphabetic` of the character itself.
pub(super) const ALPHABETIC: u8 = 1;
/// `char::is_lowercase` of the character itself.
pub(super) const LOWERCASE: u8 = 2;
/// `char::is_uppercase` of the character itself.
pub(super) const UPPERCASE: u8 = 4;
/// After [`clean`](super::clean)'s look-alike mapping and lower-casing: a
/// letter, digit or combining mark, i.e. part of a word for `key`/`fold`.
pub(super) const WORD: u8 = 8;
/// `key` and `fold` may use [`CharInfo::key_base`], [`CharInfo::tone`] and
/// [`CharInfo::fold`] (or, without [`WORD`], treat it as a separator).
pub(super) const SIMPLE: u8 = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct CharInfo {
    pub flags: u8,
    /// The tone digit `key` gives the character (b'1'–b'5'), 0 for none.
    pub tone: u8,
    /// The character lower-cased, without its tone mark, composed.
    pub key_base: char,
    /// The character lower-cased without any mark (đ → d).
    pub fold: char,
}

impl CharInfo {
    #[inline]
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// Ð/ð typed for Đ/đ: what [`clean`](super::clean) turns them into.
#[inline]
pub(super) fn look_alike(c: char) -> char {
    match c {
        '\u{00D0}' => 'Đ',
        '\u{00F0}' => 'đ',
        _ => c,
    }
}

/// Zero-width characters and the BOM, removed by [`clean`](super::clean).
#[inline]
pub(super) fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Vietnamese tone marks as combining characters: huyền, sắc, ngã, hỏi, nặng.
pub(super) fn tone_digit(c: char) -> Option<char> {
    match c {
        '\u{0300}' => Some('2'), // huyền
        '\u{0301}' => Some('1'), // sắc
        '\u{0303}' => Some('4'), // ngã
        '\u{0309}' => Some('3'), // hỏi
        '\u{0323}' => Some('5'), // nặng
        _ => None,
    }
}

#[inline]
fn index(c: char) -> Option<usize> {
    let u = c as u32;
    if u < LATIN_END {
        Some(u as usize)
    } else if EXTENDED.contains(&u) {
        Some((u - EXTENDED.start) as usize + LATIN_END as usize)
    } else {
        None
    }
}

fn table() -> &'static [CharInfo] {
    static TABLE: OnceLock<Box<[CharInfo]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..LATIN_END)
            .chain(EXTENDED)
            .map(|u| build(char::from_u32(u).unwrap_or('\0')))
            .collect()
    })
}

/// The entry for `c`, if it is in the tables.
#[inline]
pub(super) fn info(c: char) -> Option<&'static CharInfo> {
    index(c).map(|i| &table()[i])
}

fn build(c: char) -> CharInfo {
    let mut flags = 0;
    for (yes, flag) in [
        (c.is_alphabetic(), ALPHABETIC),
        (c.is_lowercase(), LOWERCASE),
        (c.is_uppercase(), UPPERCASE),
    ] {
        if yes {
            flags |= flag;
        }
    }
    let none = CharInfo {
        flags,
        tone: 0,
        key_base: '\0',
        fold: '\0',
    };
    let mut lower = look_alike(c).to_lowercase();
    let (Some(l), None) = (lower.next(), lower.next()) else {
        return none;
    };
    if is_combining_mark(l) {
        return none;
    }
    if !l.is_alphanumeric() {
        return CharInfo {
            flags: flags | SIMPLE,
            ..none
        };
    }
    let one = l.to_string();
    // Words are decomposed as a whole: a character whose decomposition
    // starts with a combining mark could reorder with the one before.
    if one
        .nfd()
        .next()
        .is_none_or(|d| canonical_combining_class(d) != 0)
    {
        return CharInfo {
            flags: flags | WORD,
            ..none
        };
    }
    let mut tone = 0;
    let mut base = String::new();
    for d in one.nfd() {
        match tone_digit(d) {
            Some(t) => tone = t as u8,
            None => base.push(d),
        }
    }
    let base: Vec<char> = base.nfc().collect();
    let fold: Vec<char> = one
        .nfd()
        .filter(|&d| !is_combining_mark(d))
        .map(|d| if d == 'đ' { 'd' } else { d })
        .collect();
    match (&base[..], &fold[..]) {
        ([b], [f]) => CharInfo {
            flags: flags | WORD | SIMPLE,
            tone,
            key_base: *b,
            fold: *f,
        },
        _ => CharInfo {
            flags: flags | WORD,
            ..none
        },
    }
}

/// A character outside the tables that `key` and `fold` treat as a plain
/// separator: not a letter, digit or combining mark, and its own lower case.
#[inline]
pub(super) fn is_plain_separator(c: char) -> bool {
    if c.is_whitespace() {
        return true;
    }
    if c.is_alphanumeric() || is_combining_mark(c) {
        return false;
    }
    let mut lower = c.to_lowercase();
    lower.next() == Some(c) && lower.next().is_none()
}

/// Whether a character is known, without looking it up, to be an NFC
/// starter (canonical combining class 0, quick check Yes): ASCII, Latin-1
/// to Latin Extended B, Latin Extended Additional, General Punctuation but
/// for U+2000 and U+2001 (which decompose), currency signs, ™.
#[inline]
pub(super) fn is_nfc_starter(u: u32) -> bool {
    u < 0x300
        || EXTENDED.contains(&u)
        || (0x2002..0x2070).contains(&u)
        || (0x20A0..0x20C1).contains(&u)
        || u == 0x2122
}

/// Whether `s` is certainly in NFC (the Unicode quick check says Yes), so
/// that normalising it would change nothing. Characters that are not
/// [known starters](is_nfc_starter) are looked up.
pub(super) fn is_nfc(s: &str) -> bool {
    if s.is_ascii() {
        return true;
    }
    let mut last_cc = 0u8;
    for c in s.chars() {
        if is_nfc_starter(c as u32) {
            last_cc = 0;
            continue;
        }
        let cc = canonical_combining_class(c);
        if last_cc > cc && cc != 0 {
            return false;
        }
        if is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
            return false;
        }
        last_cc = cc;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_check_agrees_with_the_quick_check() {
        let mut samples: Vec<String> = Vec::new();
        let marks: Vec<char> = (0x300..=0x36F).filter_map(char::from_u32).collect();
        for u in (0..0x3000).chain(0x1E00..0x1F00) {
            let Some(c) = char::from_u32(u) else { continue };
            samples.push(c.to_string());
            for &m in &marks[..0x24] {
                samples.push(format!("{c}{m}"));
                samples.push(format!("{m}{c}"));
            }
        }
        for s in &samples {
            let expected = is_nfc_quick(s.chars()) == IsNormalized::Yes;
            assert_eq!(is_nfc(s), expected, "{:?}", s.chars().map(|c| c as u32));
        }
    }

    #[test]
    fn known_starters_are_nfc_starters() {
        let mut known = 0;
        for u in 0..0x11_0000 {
            let Some(c) = char::from_u32(u) else { continue };
            if is_nfc_starter(u) {
                assert_eq!(canonical_combining_class(c), 0, "{u:X}");
                assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{u:X}");
                known += 1;
            }
        }
        assert!(known > 1000);
    }

    #[test]
    fn every_vietnamese_letter_is_simple() {
        for c in "aăâeêioôơuưyđ".chars() {
            for s in [c.to_string(), c.to_uppercase().to_string()] {
                for tone in ["", "\u{301}", "\u{300}", "\u{309}", "\u{303}", "\u{323}"] {
                    let letter: String = format!("{s}{tone}").nfc().collect();
                    let l = letter.chars().next().unwrap();
                    let i = info(l).unwrap();
                    assert!(i.has(SIMPLE) && i.has(WORD), "{l}");
                }
            }
        }
    }
}
