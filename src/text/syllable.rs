//! A check that a word is one written Vietnamese syllable: an initial
//! consonant (or none), a vowel nucleus with its glides, a final, and at
//! most one tone, which sits on a vowel; syllables closed by p, t, c or ch
//! take only sắc or nặng.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Initial consonants, longest first.
pub(super) const INITIALS: [&str; 28] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];

/// Rhymes: a nucleus (with the medial o/u where there is one), the finals
/// it takes ("" = open syllable; a i o u y are the off-glides), and which
/// of its vowels may carry the tone (both for oa, oe, uy: "hòa"/"hoà").
pub(super) const RHYMES: [(&str, &[&str], &[usize]); 26] = [
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
pub(super) const VOWEL_ROWS: [[char; 6]; 12] = [
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

const VOWELS: &str = "aăâeêioôơuưy";

/// One byte per lower-case letter without tone: ASCII letters as
/// themselves, ă â ê ô ơ ư đ as the digits 1–7 (never 0, so that the
/// letters of a word pack into a `u64`).
fn code(base: char) -> u8 {
    match base {
        'ă' => b'1',
        'â' => b'2',
        'ê' => b'3',
        'ô' => b'4',
        'ơ' => b'5',
        'ư' => b'6',
        'đ' => b'7',
        _ => base as u8,
    }
}

/// The letters of a word packed into a `u64`, one [`code`] a byte.
fn pack(letters: &str) -> u64 {
    letters.chars().fold(0, |p, c| p << 8 | code(c) as u64)
}

/// The most letters a syllable has ("nghiêng", "nguyệt": initial, nucleus
/// and final of at most 3, 3 and 2 letters).
const MAX_LETTERS: usize = 8;

/// Whether a syllable may be closed by this final with this tone: p, t, c
/// and ch take only sắc or nặng.
fn checked(fin: &str, tone: u8) -> bool {
    !matches!(fin, "c" | "ch" | "p" | "t") || tone == SAC || tone == NANG
}

struct Tables {
    /// Letter code and tone of every Vietnamese letter, both cases, for
    /// U+0000–U+01BF and (from index 0x1C0) U+1EA0–U+1EFF; 0 = no letter.
    letters: Box<[(u8, u8)]>,
    /// Every syllable's letters (packed) → for each tone (0 = none), the
    /// letters (as a bit mask of positions) that may carry it; for no tone,
    /// bit 0 when the syllable may go without.
    syllables: HashMap<u64, [u64; 6], BuildHasherDefault<PackedHasher>>,
}

/// A hash for packed letters.
#[derive(Default)]
struct PackedHasher(u64);

impl Hasher for PackedHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        let h = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 29);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn letter_index(c: char) -> Option<usize> {
    match c as u32 {
        u @ 0..0x1C0 => Some(u as usize),
        u @ 0x1EA0..0x1F00 => Some(u as usize - 0x1EA0 + 0x1C0),
        _ => None,
    }
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut letters = vec![(0u8, 0u8); 0x1C0 + 0x60];
        let mut put = |c: char, base: char, tone: u8| {
            if let Some(i) = letter_index(c) {
                letters[i] = (code(base), tone);
            }
        };
        for row in VOWEL_ROWS {
            for (tone, &c) in row.iter().enumerate() {
                put(c, row[0], tone as u8);
                for u in c.to_uppercase() {
                    put(u, row[0], tone as u8);
                }
            }
        }
        for c in "bcdghklmnpqrstvx".chars() {
            put(c, c, 0);
            put(c.to_ascii_uppercase(), c, 0);
        }
        put('đ', 'đ', 0);
        put('Đ', 'đ', 0);

        let mut syllables: HashMap<u64, [u64; 6], _> = HashMap::default();
        for initial in INITIALS {
            let start = initial.chars().count();
            for (nucleus, finals, carriers) in RHYMES {
                if !initial_fits(initial, nucleus) {
                    continue;
                }
                for fin in finals {
                    let letters = format!("{initial}{nucleus}{fin}");
                    assert!(letters.chars().count() <= MAX_LETTERS, "{letters}");
                    let masks = syllables.entry(pack(&letters)).or_insert([0; 6]);
                    for tone in 0..6u8 {
                        if !checked(fin, tone) {
                            continue;
                        }
                        if tone == 0 {
                            masks[0] |= 1;
                        } else {
                            for &k in carriers {
                                // Only vowels carry the tone.
                                debug_assert!(
                                    nucleus.chars().nth(k).is_some_and(|v| VOWELS.contains(v))
                                );
                                masks[tone as usize] |= 1 << (start + k);
                            }
                        }
                    }
                }
            }
        }
        Tables {
            letters: letters.into_boxed_slice(),
            syllables,
        }
    })
}

/// Whether `word` (any case, NFC or NFD) is one Vietnamese syllable. The
/// tone must sit on the nucleus, never on a glide ("sôì", "coì" are not
/// syllables: that is Windows-1258 read as Unicode).
pub fn is_syllable(word: &str) -> bool {
    if word.is_empty() || word.len() > 40 {
        return false;
    }
    letters_are_syllable(word).unwrap_or_else(|| {
        // Not Vietnamese letters only: with combining marks, compose.
        // Combining marks start at U+0300.
        if word.chars().any(|c| c >= '\u{300}' && is_combining_mark(c)) {
            let composed: String = word.nfc().collect();
            !composed.chars().any(is_combining_mark) && is_syllable(&composed)
        } else {
            false
        }
    })
}

/// [`is_syllable`] of a word of Vietnamese letters (precomposed); None
/// when the word is anything else, has two tones or is too long (then it is
/// a syllable only if composing its combining marks makes one).
fn letters_are_syllable(word: &str) -> Option<bool> {
    let t = tables();
    let mut packed = 0u64;
    let mut tone = 0;
    // Which letter (counted from 0) carries the tone.
    let mut tone_at = 0;
    for (i, c) in word.chars().enumerate() {
        let (code, tn) = letter_index(c).map_or((0, 0), |i| t.letters[i]);
        if code == 0 || i >= MAX_LETTERS {
            return None;
        }
        if tn != 0 {
            if tone != 0 {
                return None;
            }
            tone = tn;
            tone_at = i;
        }
        packed = packed << 8 | code as u64;
    }
    // The tone sits on a vowel of the nucleus: the masks hold only those.
    let Some(masks) = t.syllables.get(&packed) else {
        return Some(false);
    };
    Some(if tone == 0 {
        masks[0] != 0
    } else {
        masks[tone as usize] & (1 << tone_at) != 0
    })
}

/// Whether an initial may stand before a nucleus (spelling rules:
/// k/gh/ngh before i e ê; c/g/ng not before them; qu takes no medial).
pub(super) fn initial_fits(initial: &str, nucleus: &str) -> bool {
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
