//! Vietnamese text normalisation (chuẩn hoá văn bản): every cell's text goes
//! through [`normalize`] before use, and every comparison of names, titles
//! and headers goes through a matching key ([`key`] or [`fold`]), never `==`
//! on raw cell text.
//!
//! Legacy encodings (TCVN3, VNI, Windows-1258, VISCII, VPS, VIQR) are
//! recognised and converted by [`decide`] and [`decode`].
//!
//! Pure functions, no I/O. Depends on nothing else in the crate.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

mod cp1258;
mod detect;
mod legacy;
mod syllable;
mod tcvn3;
mod viqr;
mod viscii;
mod vni;
mod vps;

pub use detect::{
    Basis, CellChoice, CellEvidence, Decision, Reading, Votes, convert_line, decide, decide_within,
    evidence,
};
pub use legacy::{Encoding, FontClass, decode, encode, font_class};
pub use syllable::is_syllable;

/// Turn a cell's raw text into clean NFC Unicode. `font` is the cell's font
/// name where the reader knows it: legacy code pages (TCVN3, VNI) are
/// recognised through it.
pub fn normalize(raw: &str, font: Option<&str>) -> String {
    let _ = font; // Evidence for legacy-encoding detection.
    clean(raw)
}

/// NFC; NBSP and other spaces to a plain space; zero-width characters and
/// BOM removed; Ð/ð look-alikes to Đ/đ; whitespace collapsed and trimmed.
pub fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for c in raw.nfc() {
        let c = match c {
            '\u{00D0}' => 'Đ', // Icelandic eth, typed for Đ
            '\u{00F0}' => 'đ',
            '\u{0110}' => 'Đ',
            _ => c,
        };
        if matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        ) {
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

/// Vietnamese tone marks as combining characters: huyền, sắc, ngã, hỏi, nặng.
fn tone_digit(c: char) -> Option<char> {
    match c {
        '\u{0300}' => Some('2'), // huyền
        '\u{0301}' => Some('1'), // sắc
        '\u{0303}' => Some('4'), // ngã
        '\u{0309}' => Some('3'), // hỏi
        '\u{0323}' => Some('5'), // nặng
        _ => None,
    }
}

/// Matching key that keeps every letter and tone but ignores case, spacing,
/// punctuation, Unicode form and where the tone mark sits: "Hoà" and "hòa",
/// "Uỷ ban" and "ỦY BAN" have the same key. Never written back anywhere.
pub fn key(text: &str) -> String {
    let cleaned = clean(text).to_lowercase();
    let mut out = String::with_capacity(cleaned.len());
    for word in words(&cleaned) {
        if !out.is_empty() {
            out.push(' ');
        }
        let mut tone = None;
        let mut base = String::with_capacity(word.len());
        for c in word.nfd() {
            match tone_digit(c) {
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

/// [`similarity`] of two texts already turned into [`key`]s.
pub fn similarity_of_keys(ka: &str, kb: &str) -> f64 {
    if ka == kb {
        return if ka.is_empty() { 0.0 } else { 1.0 };
    }
    let wa: Vec<&str> = ka.split(' ').filter(|w| !w.is_empty()).collect();
    let wb: Vec<&str> = kb.split(' ').filter(|w| !w.is_empty()).collect();
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let common = common_words(&wa, &wb);
    let dice = 2.0 * common as f64 / (wa.len() + wb.len()) as f64;
    let containment = common as f64 / wa.len().min(wb.len()) as f64;
    // A shortened title ("Công tác thi đua") is contained in the full one;
    // containment counts only when the shorter side has some substance.
    if wa.len().min(wb.len()) >= 3 {
        dice.max(containment * 0.9)
    } else {
        dice
    }
}

/// Size of the multiset intersection of two word lists.
fn common_words(a: &[&str], b: &[&str]) -> usize {
    let mut rest: Vec<&str> = b.to_vec();
    let mut common = 0;
    for w in a {
        if let Some(pos) = rest.iter().position(|x| x == w) {
            rest.swap_remove(pos);
            common += 1;
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
