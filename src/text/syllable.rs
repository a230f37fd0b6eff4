//! A check that a word is one written Vietnamese syllable: an initial
//! consonant (or none), a vowel nucleus with its glides, a final, and at
//! most one tone, which sits on a vowel; syllables closed by p, t, c or ch
//! take only sắc or nặng.

use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Initial consonants, longest first.
const INITIALS: [&str; 28] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];

/// Rhymes: a nucleus (with the medial o/u where there is one), the finals
/// it takes ("" = open syllable; a i o u y are the off-glides), and which
/// of its vowels may carry the tone (both for oa, oe, uy: "hòa"/"hoà").
const RHYMES: [(&str, &[&str], &[usize]); 26] = [
    (
        "a",
        &[
            "", "c", "ch", "i", "m", "n", "ng", "nh", "o", "p", "t", "u", "y",
        ],
        &[0],
    ),
    ("ă", &["c", "m", "n", "ng", "p", "t"], &[0]),
    ("â", &["c", "m", "n", "ng", "p", "t", "u", "y"], &[0]),
    ("e", &["", "c", "m", "n", "ng", "o", "p", "t"], &[0]),
    ("ê", &["", "ch", "m", "n", "nh", "p", "t", "u"], &[0]),
    ("i", &["", "a", "ch", "m", "n", "nh", "p", "t", "u"], &[0]),
    ("iê", &["c", "m", "n", "ng", "p", "t", "u"], &[1]),
    ("yê", &["m", "n", "t", "u"], &[1]),
    ("y", &[""], &[0]),
    ("o", &["", "c", "i", "m", "n", "ng", "p", "t"], &[0]),
    ("oo", &["c", "ng"], &[0, 1]),
    ("ô", &["", "c", "i", "m", "n", "ng", "p", "t"], &[0]),
    ("ơ", &["", "i", "m", "n", "p", "t"], &[0]),
    ("u", &["", "a", "c", "i", "m", "n", "ng", "p", "t"], &[0]),
    ("uô", &["c", "i", "m", "n", "ng", "t"], &[1]),
    ("ư", &["", "a", "c", "i", "m", "ng", "t", "u"], &[0]),
    ("ươ", &["c", "i", "m", "n", "ng", "p", "t", "u"], &[1]),
    (
        "oa",
        &["", "c", "ch", "i", "m", "n", "ng", "nh", "o", "p", "t", "y"],
        &[0, 1],
    ),
    ("oă", &["c", "m", "n", "ng", "t"], &[1]),
    ("oe", &["", "n", "o", "t"], &[0, 1]),
    ("uâ", &["n", "ng", "t", "y"], &[1]),
    ("uê", &["", "ch", "n", "nh"], &[1]),
    ("uơ", &[""], &[1]),
    ("uy", &["", "a", "ch", "n", "nh", "p", "t", "u"], &[0, 1]),
    ("uyê", &["n", "t"], &[2]),
    ("uya", &[""], &[1, 2]),
];

/// Vowels by tone, in the order không dấu, sắc, huyền, hỏi, ngã, nặng.
const VOWEL_ROWS: [[char; 6]; 12] = [
    ['a', 'á', 'à', 'ả', 'ã', 'ạ'],
    ['ă', 'ắ', 'ằ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ấ', 'ầ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'é', 'è', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ế', 'ề', 'ể', 'ễ', 'ệ'],
    ['i', 'í', 'ì', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ó', 'ò', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ố', 'ồ', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ớ', 'ờ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ú', 'ù', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ứ', 'ừ', 'ử', 'ữ', 'ự'],
    ['y', 'ý', 'ỳ', 'ỷ', 'ỹ', 'ỵ'],
];

/// Tone numbers: 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng.
const SAC: u8 = 1;
const NANG: u8 = 5;

/// Every Vietnamese letter (both cases) → its lower-case letter without
/// tone, and the tone (0 = none).
fn letter_table() -> &'static HashMap<char, (char, u8)> {
    static TABLE: OnceLock<HashMap<char, (char, u8)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = HashMap::new();
        for row in VOWEL_ROWS {
            for (tone, &c) in row.iter().enumerate() {
                t.insert(c, (row[0], tone as u8));
                for u in c.to_uppercase() {
                    t.insert(u, (row[0], tone as u8));
                }
            }
        }
        for c in "bcdghklmnpqrstvx".chars() {
            t.insert(c, (c, 0));
            t.insert(c.to_ascii_uppercase(), (c, 0));
        }
        t.insert('đ', ('đ', 0));
        t.insert('Đ', ('đ', 0));
        t
    })
}

const VOWELS: &str = "aăâeêioôơuưy";

/// Whether `word` (any case, NFC or NFD) is one Vietnamese syllable. The
/// tone must sit on the nucleus, never on a glide ("sôì", "coì" are not
/// syllables: that is Windows-1258 read as Unicode).
pub fn is_syllable(word: &str) -> bool {
    if word.is_empty() || word.len() > 40 {
        return false;
    }
    if word.chars().any(is_combining_mark) {
        let composed: String = word.nfc().collect();
        return !composed.chars().any(is_combining_mark) && is_syllable(&composed);
    }
    let table = letter_table();
    let mut letters = String::with_capacity(word.len());
    let mut tone = 0;
    // Which letter (counted from 0) carries the tone.
    let mut tone_at = 0;
    for (i, c) in word.chars().enumerate() {
        let Some(&(base, t)) = table.get(&c) else {
            return false;
        };
        if t != 0 {
            if tone != 0 {
                return false;
            }
            tone = t;
            tone_at = i;
        }
        letters.push(base);
    }
    if tone != 0 && !VOWELS.contains(letters.chars().nth(tone_at).unwrap_or('b')) {
        return false;
    }
    let checked = |fin: &str| !matches!(fin, "c" | "ch" | "p" | "t") || tone == SAC || tone == NANG;
    let first = letters.chars().next();
    INITIALS.iter().any(|initial| {
        if !initial.is_empty() && initial.chars().next() != first {
            return false;
        }
        let Some(rest) = letters.strip_prefix(initial) else {
            return false;
        };
        let head = rest.chars().next();
        let start = initial.chars().count();
        RHYMES.iter().any(|(nucleus, finals, carriers)| {
            nucleus.chars().next() == head
                && rest.strip_prefix(nucleus).is_some_and(|fin| {
                    finals.contains(&fin)
                        && initial_fits(initial, nucleus)
                        && checked(fin)
                        && (tone == 0 || carriers.iter().any(|&k| start + k == tone_at))
                })
        })
    })
}

/// Whether an initial may stand before a nucleus (spelling rules:
/// k/gh/ngh before i e ê; c/g/ng not before them; qu takes no medial).
fn initial_fits(initial: &str, nucleus: &str) -> bool {
    let front = nucleus.starts_with(['i', 'e', 'ê']);
    match initial {
        "k" => front || nucleus.starts_with('y'),
        "gh" | "ngh" => front,
        "c" => !front && !nucleus.starts_with('y'),
        "ng" => !front,
        "g" => !nucleus.starts_with(['e', 'ê']),
        "qu" => !nucleus.starts_with(['o', 'u', 'ư']),
        _ => true,
    }
}
