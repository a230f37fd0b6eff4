//! A check that a word is one written Vietnamese syllable: an initial
//! consonant (or none), a vowel nucleus with its glides, a final, and at
//! most one tone, which sits on a vowel; syllables closed by p, t, c or ch
//! take only sắc or nặng.

use unicode_normalization::UnicodeNormalization;

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

const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
const LETTERS: &str = "abcdđeghiklmnopqrstuvxyăâêôơư";
const VOWELS: &str = "aeiouy";

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

/// Whether `word` (any case, NFC or NFD) is one Vietnamese syllable. The
/// tone must sit on the nucleus, never on a glide ("sôì", "coì" are not
/// syllables: that is Windows-1258 read as Unicode).
pub fn is_syllable(word: &str) -> bool {
    if word.is_empty() || word.len() > 40 {
        return false;
    }
    let mut tone = None;
    // Which letter (counted from 0) carries the tone.
    let mut tone_at = 0;
    let mut letters_seen = 0;
    let mut base = String::with_capacity(word.len());
    let mut on_vowel = false;
    for c in word.nfd().flat_map(char::to_lowercase) {
        if TONES.contains(&c) {
            if tone.is_some() || !on_vowel {
                return false;
            }
            tone = Some(c);
            tone_at = letters_seen - 1;
        } else if matches!(c, '\u{302}' | '\u{306}' | '\u{31B}') {
            base.push(c);
        } else {
            on_vowel = VOWELS.contains(c);
            letters_seen += 1;
            base.push(c);
        }
    }
    let letters: String = base.nfc().collect();
    if !letters.chars().all(|c| LETTERS.contains(c)) {
        return false;
    }
    let checked = |fin: &str| {
        !matches!(fin, "c" | "ch" | "p" | "t") || matches!(tone, Some('\u{301}' | '\u{323}'))
    };
    INITIALS.iter().any(|initial| {
        let Some(rest) = letters.strip_prefix(initial) else {
            return false;
        };
        let start = initial.chars().count();
        RHYMES.iter().any(|(nucleus, finals, carriers)| {
            rest.strip_prefix(nucleus).is_some_and(|fin| {
                finals.contains(&fin)
                    && initial_fits(initial, nucleus)
                    && checked(fin)
                    && (tone.is_none() || carriers.iter().any(|&k| start + k == tone_at))
            })
        })
    })
}
