//! VPS: every Vietnamese letter precomposed in one byte; several capitals
//! sit on C0 control positions and some Latin-1 capitals are moved.
//! Converted only when a font names it.

use super::legacy::{byte_table, table_decode, table_encode};

/// The VPS chart, typed by hand letter by letter: byte → letter; every
/// other byte keeps its Windows-1252 character (including the Latin-1
/// letters VPS leaves where they are, e.g. `á` E1).
///
/// Sources: "Bảng đối chiếu encoding các bộ chữ hiện hành với Unicode"
/// (VIQR / VPS / VISCII / VNI / TCVN / Unicode, one row per letter),
/// <https://www.scribd.com/document/23311958/Bang-Ma-Unicode>, column
/// "VPS Hex", and the chart "Unicode & Vietnamese Legacy Character
/// Encodings" of the Vietnamese Unicode project,
/// <http://vietunicode.sourceforge.net/charset/>, column "VPS Hex". All 134
/// letters agree with the second chart: its VPS column is kept in
/// tests/fixtures/text/vps-chart.tsv and checked by a test below.
///
/// Layout: one line per vowel (a, ă, â, e, ê, i, o, ô, ơ, u, ư, y;
/// lowercase, then capitals; then đ/Đ), columns plain, sắc, huyền, hỏi,
/// ngã, nặng. The unaccented ASCII vowels are listed only to keep the
/// columns.
#[rustfmt::skip]
const LETTERS: &[(u8, char)] = &[
    // plain         sắc            huyền          hỏi            ngã            nặng
    (0x61, 'a'), (0xE1, 'á'), (0xE0, 'à'), (0xE4, 'ả'), (0xE3, 'ã'), (0xE5, 'ạ'),
    (0xE6, 'ă'), (0xA1, 'ắ'), (0xA2, 'ằ'), (0xA3, 'ẳ'), (0xA4, 'ẵ'), (0xA5, 'ặ'),
    (0xE2, 'â'), (0xC3, 'ấ'), (0xC0, 'ầ'), (0xC4, 'ẩ'), (0xC5, 'ẫ'), (0xC6, 'ậ'),
    (0x65, 'e'), (0xE9, 'é'), (0xE8, 'è'), (0xC8, 'ẻ'), (0xEB, 'ẽ'), (0xCB, 'ẹ'),
    (0xEA, 'ê'), (0x89, 'ế'), (0x8A, 'ề'), (0x8B, 'ể'), (0xCD, 'ễ'), (0x8C, 'ệ'),
    (0x69, 'i'), (0xED, 'í'), (0xEC, 'ì'), (0xCC, 'ỉ'), (0xEF, 'ĩ'), (0xCE, 'ị'),
    (0x6F, 'o'), (0xF3, 'ó'), (0xF2, 'ò'), (0xD5, 'ỏ'), (0xF5, 'õ'), (0x86, 'ọ'),
    (0xF4, 'ô'), (0xD3, 'ố'), (0xD2, 'ồ'), (0xB0, 'ổ'), (0x87, 'ỗ'), (0xB6, 'ộ'),
    (0xD6, 'ơ'), (0xA7, 'ớ'), (0xA9, 'ờ'), (0xAA, 'ở'), (0xAB, 'ỡ'), (0xAE, 'ợ'),
    (0x75, 'u'), (0xFA, 'ú'), (0xF9, 'ù'), (0xFB, 'ủ'), (0xDB, 'ũ'), (0xF8, 'ụ'),
    (0xDC, 'ư'), (0xD9, 'ứ'), (0xD8, 'ừ'), (0xBA, 'ử'), (0xBB, 'ữ'), (0xBF, 'ự'),
    (0x79, 'y'), (0x9A, 'ý'), (0xFF, 'ỳ'), (0x9B, 'ỷ'), (0xCF, 'ỹ'), (0x9C, 'ỵ'),
    (0xC7, 'đ'),
    (0x41, 'A'), (0xC1, 'Á'), (0x80, 'À'), (0x81, 'Ả'), (0x82, 'Ã'), (0x02, 'Ạ'),
    (0x88, 'Ă'), (0x8D, 'Ắ'), (0x8E, 'Ằ'), (0x8F, 'Ẳ'), (0xF0, 'Ẵ'), (0x04, 'Ặ'),
    (0xC2, 'Â'), (0x83, 'Ấ'), (0x84, 'Ầ'), (0x85, 'Ẩ'), (0x1C, 'Ẫ'), (0x03, 'Ậ'),
    (0x45, 'E'), (0xC9, 'É'), (0xD7, 'È'), (0xDE, 'Ẻ'), (0xFE, 'Ẽ'), (0x05, 'Ẹ'),
    (0xCA, 'Ê'), (0x90, 'Ế'), (0x93, 'Ề'), (0x94, 'Ể'), (0x95, 'Ễ'), (0x06, 'Ệ'),
    (0x49, 'I'), (0xB4, 'Í'), (0xB5, 'Ì'), (0xB7, 'Ỉ'), (0xB8, 'Ĩ'), (0x10, 'Ị'),
    (0x4F, 'O'), (0xB9, 'Ó'), (0xBC, 'Ò'), (0xBD, 'Ỏ'), (0xBE, 'Õ'), (0x11, 'Ọ'),
    (0xD4, 'Ô'), (0x96, 'Ố'), (0x97, 'Ồ'), (0x98, 'Ổ'), (0x99, 'Ỗ'), (0x12, 'Ộ'),
    (0xF7, 'Ơ'), (0x9D, 'Ớ'), (0x9E, 'Ờ'), (0x9F, 'Ở'), (0xA6, 'Ỡ'), (0x13, 'Ợ'),
    (0x55, 'U'), (0xDA, 'Ú'), (0xA8, 'Ù'), (0xD1, 'Ủ'), (0xAC, 'Ũ'), (0x14, 'Ụ'),
    (0xD0, 'Ư'), (0xAD, 'Ứ'), (0xAF, 'Ừ'), (0xB1, 'Ử'), (0x1D, 'Ữ'), (0x15, 'Ự'),
    (0x59, 'Y'), (0xDD, 'Ý'), (0xB2, 'Ỳ'), (0xFD, 'Ỷ'), (0xB3, 'Ỹ'), (0x19, 'Ỵ'),
    (0xF1, 'Đ'),
];

/// Byte → character.
static TABLE: [char; 256] = byte_table(LETTERS);

pub(super) fn decode(surface: &str) -> Option<String> {
    table_decode(&TABLE, surface)
}

pub(super) fn encode(unicode: &str) -> Option<String> {
    table_encode(&TABLE, unicode)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every Vietnamese letter outside ASCII: 67 lowercase, 67 capitals.
    fn vietnamese_letters() -> Vec<char> {
        use unicode_normalization::UnicodeNormalization;
        let mut out = vec!['đ', 'Đ'];
        for base in "aăâeêioôơuưy".chars() {
            for upper in [false, true] {
                let b: String = if upper {
                    base.to_uppercase().collect()
                } else {
                    base.to_string()
                };
                if !b.is_ascii() {
                    out.push(b.chars().next().unwrap_or(base));
                }
                for tone in ['\u{301}', '\u{300}', '\u{309}', '\u{303}', '\u{323}'] {
                    let s: String = format!("{b}{tone}").nfc().collect();
                    out.extend(s.chars().next());
                }
            }
        }
        out
    }

    #[test]
    fn all_134_letters_round_trip_on_distinct_bytes() {
        let letters = vietnamese_letters();
        assert_eq!(letters.len(), 134);
        let mut bytes = BTreeSet::new();
        for &letter in &letters {
            let (byte, _) = LETTERS
                .iter()
                .find(|(_, c)| *c == letter)
                .unwrap_or_else(|| panic!("{letter} missing from the VPS chart"));
            assert!(bytes.insert(*byte), "{letter}: byte {byte:02X} used twice");
            let encoded = encode(&letter.to_string()).unwrap();
            assert_eq!(decode(&encoded).as_deref(), Some(&*letter.to_string()));
        }
        assert_eq!(LETTERS.len(), 134 + 12);
    }

    #[test]
    fn every_letter_sits_where_the_published_chart_puts_it() {
        let chart = include_str!("../../tests/fixtures/text/vps-chart.tsv");
        let mut checked = 0;
        for line in chart.lines().filter(|l| !l.starts_with('#')) {
            let fields: Vec<&str> = line.split('\t').collect();
            let letter = fields[0].chars().next().unwrap();
            let byte = u8::from_str_radix(fields[2], 16).unwrap();
            let surface = super::super::legacy::surface_char(byte).to_string();
            assert_eq!(decode(&surface), Some(letter.to_string()), "{line}");
            assert_eq!(encode(&letter.to_string()), Some(surface), "{line}");
            checked += 1;
        }
        assert_eq!(checked, 134);
    }
}
