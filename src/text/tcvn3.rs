//! TCVN3 (TCVN 5712:1993 VN3, "ABC"): one byte per letter, ASCII kept,
//! bytes 80–9F left as Windows-1252 punctuation.

use super::Tidiness;
use super::legacy::{
    byte_table, keeps_ascii, surface_char, table_byte, table_decode_checked, table_decode_into,
};
use unicode_normalization::UnicodeNormalization;

/// The TCVN3 chart, lower-case letters: each row one vowel in the order
/// không dấu, sắc, huyền, hỏi, ngã, nặng, with the bytes of those forms
/// (the plain a e i o u y are ASCII).
const ROWS: [([char; 6], [u8; 6]); 12] = [
    (
        ['a', 'á', 'à', 'ả', 'ã', 'ạ'],
        [b'a', 0xB8, 0xB5, 0xB6, 0xB7, 0xB9],
    ),
    (
        ['â', 'ấ', 'ầ', 'ẩ', 'ẫ', 'ậ'],
        [0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB],
    ),
    (
        ['ă', 'ắ', 'ằ', 'ẳ', 'ẵ', 'ặ'],
        [0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6],
    ),
    (
        ['e', 'é', 'è', 'ẻ', 'ẽ', 'ẹ'],
        [b'e', 0xD0, 0xCC, 0xCE, 0xCF, 0xD1],
    ),
    (
        ['ê', 'ế', 'ề', 'ể', 'ễ', 'ệ'],
        [0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6],
    ),
    (
        ['i', 'í', 'ì', 'ỉ', 'ĩ', 'ị'],
        [b'i', 0xDD, 0xD7, 0xD8, 0xDC, 0xDE],
    ),
    (
        ['o', 'ó', 'ò', 'ỏ', 'õ', 'ọ'],
        [b'o', 0xE3, 0xDF, 0xE1, 0xE2, 0xE4],
    ),
    (
        ['ô', 'ố', 'ồ', 'ổ', 'ỗ', 'ộ'],
        [0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9],
    ),
    (
        ['ơ', 'ớ', 'ờ', 'ở', 'ỡ', 'ợ'],
        [0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE],
    ),
    (
        ['u', 'ú', 'ù', 'ủ', 'ũ', 'ụ'],
        [b'u', 0xF3, 0xEF, 0xF1, 0xF2, 0xF4],
    ),
    (
        ['ư', 'ứ', 'ừ', 'ử', 'ữ', 'ự'],
        [0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9],
    ),
    (
        ['y', 'ý', 'ỳ', 'ỷ', 'ỹ', 'ỵ'],
        [b'y', 0xFD, 0xFA, 0xFB, 0xFC, 0xFE],
    ),
];

/// The other letters of the chart: đ and the seven capitals TCVN3 has
/// (there is no toned capital). A0 is the no-break space in both tables.
const OTHERS: [(u8, char); 8] = [
    (0xAE, 'đ'),
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
];

const fn pairs() -> [(u8, char); 80] {
    let mut out = [(0u8, '\0'); 80];
    let mut n = 0;
    let mut r = 0;
    while r < ROWS.len() {
        let mut t = 0;
        while t < 6 {
            out[n] = (ROWS[r].1[t], ROWS[r].0[t]);
            n += 1;
            t += 1;
        }
        r += 1;
    }
    let mut i = 0;
    while i < OTHERS.len() {
        out[n] = OTHERS[i];
        n += 1;
        i += 1;
    }
    out
}

/// Byte → character.
pub(super) static TABLE: [char; 256] = byte_table(&pairs());

// ASCII is kept: decoding copies it in runs.
const _: () = assert!(keeps_ascii(&byte_table(&pairs())));

pub(super) fn decode_into(surface: &str, out: &mut String) -> bool {
    table_decode_into::<true>(&TABLE, surface, out)
}

/// [`decode_into`], with whether tidying would leave the text written
/// unchanged; None if a character has no byte.
pub(super) fn decode_checked(surface: &str, out: &mut String) -> Option<Tidiness> {
    table_decode_checked::<true, true>(&TABLE, surface, out)
}

pub(super) fn encode(unicode: &str) -> Option<String> {
    let mut out = String::with_capacity(unicode.len());
    for c in unicode.nfc() {
        let capital = OTHERS.iter().find(|(_, l)| *l == c).map(|(b, _)| *b);
        let b = match capital {
            Some(b) => b,
            // A toned capital: the lower-case code, as typed for an H font
            // (the Latin-1 capitals on bytes TCVN3 leaves free are not used).
            None if c.is_uppercase() && !c.is_ascii() => {
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) => table_byte(&TABLE, l)?,
                    _ => return None,
                }
            }
            None => table_byte(&TABLE, c)?,
        };
        out.push(surface_char(b));
    }
    Some(out)
}
