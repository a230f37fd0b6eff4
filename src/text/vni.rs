//! VNI-Windows: a base letter followed by a mark byte; ơ ư đ and the toned
//! i/ỵ forms are single bytes. Decoded by longest match.

use super::legacy::{compose_marks, surface_byte, surface_char};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::compose;

const ACUTE: char = '\u{301}'; // sắc
const GRAVE: char = '\u{300}'; // huyền
const HOOK: char = '\u{309}'; // hỏi
const TILDE: char = '\u{303}'; // ngã
const DOT: char = '\u{323}'; // nặng
const CIRCUMFLEX: char = '\u{302}';
const BREVE: char = '\u{306}';
const HORN: char = '\u{31B}';

/// Tones in chart order: sắc, huyền, hỏi, ngã, nặng.
const TONES: [char; 5] = [ACUTE, GRAVE, HOOK, TILDE, DOT];

/// The VNI chart's mark bytes, lower case then capital, each giving a
/// shape (circumflex or breve, if any) and a tone (if any).
const MARKS: [(u8, u8, Option<char>, Option<char>); 17] = [
    (0xF9, 0xD9, None, Some(ACUTE)),
    (0xF8, 0xD8, None, Some(GRAVE)),
    (0xFB, 0xDB, None, Some(HOOK)),
    (0xF5, 0xD5, None, Some(TILDE)),
    (0xEF, 0xCF, None, Some(DOT)),
    (0xE2, 0xC2, Some(CIRCUMFLEX), None),
    (0xE1, 0xC1, Some(CIRCUMFLEX), Some(ACUTE)),
    (0xE0, 0xC0, Some(CIRCUMFLEX), Some(GRAVE)),
    (0xE5, 0xC5, Some(CIRCUMFLEX), Some(HOOK)),
    (0xE3, 0xC3, Some(CIRCUMFLEX), Some(TILDE)),
    (0xE4, 0xC4, Some(CIRCUMFLEX), Some(DOT)),
    (0xEA, 0xCA, Some(BREVE), None),
    (0xE9, 0xC9, Some(BREVE), Some(ACUTE)),
    (0xE8, 0xC8, Some(BREVE), Some(GRAVE)),
    (0xFA, 0xDA, Some(BREVE), Some(HOOK)),
    (0xFC, 0xDC, Some(BREVE), Some(TILDE)),
    (0xEB, 0xCB, Some(BREVE), Some(DOT)),
];

/// The chart's single-byte letters, lower case then capital. í ì Í Ì are
/// the Latin-1 bytes themselves.
const SINGLES: [(u8, u8, char, char); 9] = [
    (0xF1, 0xD1, 'đ', 'Đ'),
    (0xF4, 0xD4, 'ơ', 'Ơ'),
    (0xF6, 0xD6, 'ư', 'Ư'),
    (0xE6, 0xC6, 'ỉ', 'Ỉ'),
    (0xF3, 0xD3, 'ĩ', 'Ĩ'),
    (0xF2, 0xD2, 'ị', 'Ị'),
    (0xEE, 0xCE, 'ỵ', 'Ỵ'),
    (0xED, 0xCD, 'í', 'Í'),
    (0xEC, 0xCC, 'ì', 'Ì'),
];

pub(super) fn mark(b: u8) -> Option<(Option<char>, Option<char>)> {
    MARKS
        .iter()
        .find(|m| m.0 == b || m.1 == b)
        .map(|m| (m.2, m.3))
}

pub(super) fn single(b: u8) -> Option<char> {
    SINGLES.iter().find_map(|s| {
        if s.0 == b {
            Some(s.2)
        } else if s.1 == b {
            Some(s.3)
        } else {
            None
        }
    })
}

/// A letter that takes a mark byte after it.
pub(super) fn base(b: u8) -> Option<char> {
    match b {
        b'a' | b'e' | b'o' | b'u' | b'y' | b'A' | b'E' | b'O' | b'U' | b'Y' => Some(b as char),
        0xF4 => Some('ơ'),
        0xD4 => Some('Ơ'),
        0xF6 => Some('ư'),
        0xD6 => Some('Ư'),
        _ => None,
    }
}

/// Apply a shape and a tone to a base letter, if that makes a letter.
pub(super) fn apply(base: char, shape: Option<char>, tone: Option<char>) -> Option<char> {
    if let Some(s) = shape {
        let ok = match s {
            CIRCUMFLEX => matches!(base, 'a' | 'e' | 'o' | 'A' | 'E' | 'O'),
            _ => matches!(base, 'a' | 'A'),
        };
        if !ok {
            return None;
        }
    }
    let marks: Vec<char> = shape.into_iter().chain(tone).collect();
    compose_marks(base, &marks)
}

/// The decoding tables, built once from the chart: each byte alone, and
/// each base letter with each byte after it.
struct Tables {
    /// A single-byte letter, or the byte's surface character.
    plain: [char; 256],
    /// Index into `composed` of a byte that is a base letter (0xFF: none).
    base: [u8; 256],
    /// Per base letter (in the order of `BASES`), the letter each following
    /// byte makes with it, or '\0'.
    composed: Vec<[char; 256]>,
}

/// The bytes that are base letters.
const BASES: [u8; 14] = [
    b'a', b'e', b'o', b'u', b'y', b'A', b'E', b'O', b'U', b'Y', 0xF4, 0xD4, 0xF6, 0xD6,
];

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Tables {
            plain: ['\0'; 256],
            base: [0xFF; 256],
            composed: Vec::with_capacity(BASES.len()),
        };
        for b in 0..=255u8 {
            t.plain[b as usize] = single(b).unwrap_or_else(|| surface_char(b));
        }
        for (i, &b) in BASES.iter().enumerate() {
            let letter = base(b).unwrap_or('\0');
            t.base[b as usize] = i as u8;
            let mut row = ['\0'; 256];
            for m in 0..=255u8 {
                if let Some(c) = mark(m).and_then(|(shape, tone)| apply(letter, shape, tone)) {
                    row[m as usize] = c;
                }
            }
            t.composed.push(row);
        }
        t
    })
}

/// Decode a surface string, appending to `out`; false if a character has no byte.
pub(super) fn decode_into(surface: &str, out: &mut String) -> bool {
    let t = tables();
    let mut bytes = surface.chars().map(surface_byte);
    let mut next = bytes.next();
    while let Some(b) = next {
        let Some(b) = b else {
            return false;
        };
        next = bytes.next();
        let bi = t.base[b as usize];
        if bi != 0xFF {
            // Longest match: the base with the mark after it, if they
            // make a letter.
            if let Some(Some(m)) = next {
                let c = t.composed[bi as usize][m as usize];
                if c != '\0' {
                    out.push(c);
                    next = bytes.next();
                    continue;
                }
            }
        }
        out.push(t.plain[b as usize]);
    }
    true
}

/// Whether VNI uses byte `b` for (part of) a letter.
fn is_code(b: u8) -> bool {
    mark(b).is_some() || single(b).is_some()
}

pub(super) fn encode(unicode: &str) -> Option<String> {
    let mut out = String::with_capacity(unicode.len() * 2);
    for c in unicode.nfc() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        // Single-byte letters (đ ơ ư, i and ỵ forms) first.
        if let Some(s) = SINGLES.iter().find(|s| s.2 == c || s.3 == c) {
            out.push(surface_char(if s.2 == c { s.0 } else { s.1 }));
            continue;
        }
        let mut letter = None;
        let mut shape = None;
        let mut tone = None;
        for d in c.nfd() {
            match d {
                CIRCUMFLEX | BREVE | HORN => shape = Some(d),
                _ if TONES.contains(&d) => tone = Some(d),
                _ if letter.is_none() => letter = Some(d),
                _ => letter = Some('\0'),
            }
        }
        let letter = letter.filter(|l| "aeiouyAEIOUY".contains(*l));
        match letter {
            Some(l) => {
                let upper = l.is_ascii_uppercase();
                let mut tone = tone;
                match shape {
                    Some(HORN) => {
                        let horned = compose(l, HORN)?;
                        let s = SINGLES.iter().find(|s| s.2 == horned || s.3 == horned)?;
                        out.push(surface_char(if upper { s.1 } else { s.0 }));
                    }
                    Some(_) | None => {
                        if shape.is_none() && tone.is_none() {
                            return None;
                        }
                        // i and y forms that VNI writes as a base + mark.
                        out.push(l);
                        let m = MARKS.iter().find(|m| m.2 == shape && m.3 == tone)?;
                        out.push(surface_char(if upper { m.1 } else { m.0 }));
                        tone = None;
                    }
                }
                if let Some(t) = tone {
                    let m = MARKS.iter().find(|m| m.2.is_none() && m.3 == Some(t))?;
                    out.push(surface_char(if upper { m.1 } else { m.0 }));
                }
            }
            // Not a Vietnamese letter: kept if its byte is not a VNI code.
            None => {
                let b = surface_byte(c)?;
                if is_code(b) || b >= 0xC0 {
                    return None;
                }
                out.push(c);
            }
        }
    }
    Some(out)
}
