//! The text layer as it was before its fast paths (character tables, NFC
//! quick check, word cache, decoding tables), kept verbatim as the
//! reference: the tests below require every fast function to give exactly
//! what its reference gives, over the golden corpus, every string of the
//! rules and answer keys, and generated text covering U+0000–U+024F and
//! U+1E00–U+1EFF alone and with combining marks, in NFC and NFD, in both
//! cases, with no-break and zero-width spaces.

use super::detect::{is_abbreviation, is_separator};
use super::legacy::{CP1252_80, surface_char};
use super::syllable::{INITIALS, RHYMES, VOWEL_ROWS, initial_fits};
use super::{CellEvidence, Encoding, Reading};
use encoding_rs::WINDOWS_1258;
use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

// ---- mod.rs ----

pub fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    // Zero-width characters left out before normalising (a fix since the
    // reference was taken: between marks they kept them from composing).
    let kept = raw.chars().filter(|c| {
        !matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
    });
    for c in kept.nfc() {
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

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || is_combining_mark(c)))
        .filter(|w| !w.is_empty())
}

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
    if wa.len().min(wb.len()) >= 3 {
        dice.max(containment * 0.9)
    } else {
        dice
    }
}

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

// ---- syllable.rs ----

const SAC: u8 = 1;
const NANG: u8 = 5;

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

// ---- legacy.rs, tcvn3.rs, vni.rs, cp1258.rs ----

pub fn surface_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u <= 0xFF {
        return Some(u as u8);
    }
    CP1252_80
        .iter()
        .position(|&x| x == c)
        .map(|i| 0x80 + i as u8)
}

fn surface_bytes(s: &str) -> Option<Vec<u8>> {
    s.chars().map(surface_byte).collect()
}

fn table_decode(table: &[char; 256], surface: &str) -> Option<String> {
    let mut out = String::with_capacity(surface.len() + surface.len() / 2);
    for c in surface.chars() {
        out.push(table[surface_byte(c)? as usize]);
    }
    Some(out)
}

fn vni_decode(surface: &str) -> Option<String> {
    use super::vni::{apply, base, mark, single};
    let bytes = surface_bytes(surface)?;
    let mut out = String::with_capacity(surface.len() + 8);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(letter) = base(b) {
            let composed = bytes
                .get(i + 1)
                .and_then(|&m| mark(m))
                .and_then(|(shape, tone)| apply(letter, shape, tone));
            match composed {
                Some(c) => {
                    out.push(c);
                    i += 2;
                }
                None => {
                    out.push(letter);
                    i += 1;
                }
            }
            continue;
        }
        out.push(single(b).unwrap_or_else(|| surface_char(b)));
        i += 1;
    }
    Some(out)
}

fn cp1258_decode(surface: &str) -> Option<String> {
    let bytes = surface_bytes(surface)?;
    let (text, _) = WINDOWS_1258.decode_without_bom_handling(&bytes);
    Some(text.nfc().collect())
}

pub fn decode_raw(surface: &str, enc: Encoding) -> Option<String> {
    match enc {
        Encoding::Unicode => Some(surface.to_string()),
        Encoding::Tcvn3 => table_decode(&super::tcvn3::TABLE, surface),
        Encoding::Vni => vni_decode(surface),
        Encoding::Cp1258 => cp1258_decode(surface),
        // Unchanged.
        _ => super::legacy::decode_raw(surface, enc),
    }
}

pub fn tidy(decoded: &str) -> String {
    let text = if decoded.contains('\u{AD}') {
        std::borrow::Cow::Owned(decoded.replace('\u{AD}', ""))
    } else {
        std::borrow::Cow::Borrowed(decoded)
    };
    if !text.contains('\n') {
        return clean(&text);
    }
    let lines: Vec<String> = text.split('\n').map(clean).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

pub fn decode(surface: &str, enc: Encoding, capital: bool) -> Option<String> {
    let raw = decode_raw(surface, enc)?;
    let out = tidy(&raw);
    Some(if capital && enc == Encoding::Tcvn3 {
        out.to_uppercase()
    } else {
        out
    })
}

// ---- detect.rs ----

const AUTO: [Encoding; 4] = [
    Encoding::Unicode,
    Encoding::Tcvn3,
    Encoding::Vni,
    Encoding::Cp1258,
];

fn well_cased(word: &str) -> bool {
    let mut chars = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = chars.next() else {
        return true;
    };
    let rest: Vec<char> = chars.collect();
    rest.iter().all(|c| c.is_lowercase())
        || (first.is_uppercase() && rest.iter().all(|c| c.is_uppercase()))
}

fn valid_unicode(word: &str) -> bool {
    !word.contains('\u{AD}') && well_cased(word) && is_syllable(word)
}

fn reading_mut(ev: &mut CellEvidence, enc: Encoding) -> &mut Reading {
    match enc {
        Encoding::Tcvn3 => &mut ev.tcvn3,
        Encoding::Vni => &mut ev.vni,
        Encoding::Cp1258 => &mut ev.cp1258,
        _ => &mut ev.unicode,
    }
}

pub fn evidence(surface: &str) -> CellEvidence {
    let mut ev = CellEvidence {
        unicode_only: surface
            .chars()
            .any(|c| surface_byte(c).is_none() || is_combining_mark(c)),
        ..CellEvidence::default()
    };
    for enc in AUTO {
        reading_mut(&mut ev, enc).possible = enc == Encoding::Unicode || !ev.unicode_only;
    }
    let mut any = false;
    for token in surface.split(is_separator) {
        if token.is_ascii() || token.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        any = true;
        if is_abbreviation(token) {
        } else if valid_unicode(token) {
            ev.unicode.valid += 1;
        } else {
            ev.unicode.invalid += 1;
        }
        if ev.unicode_only {
            continue;
        }
        for enc in &AUTO[1..] {
            let decoded = decode_raw(token, *enc);
            let r = reading_mut(&mut ev, *enc);
            let Some(decoded) = decoded else {
                r.possible = false;
                continue;
            };
            let word = decoded.replace('\u{AD}', "");
            if word != token {
                r.changed = true;
            }
            if is_abbreviation(&word) {
                continue;
            }
            if is_syllable(&word) {
                r.valid += 1;
            } else {
                r.invalid += 1;
            }
        }
    }
    ev.no_evidence = !any;
    ev
}

#[cfg(test)]
mod tests {
    use super::super::{self as text, FontClass, KeyWords};
    use std::path::{Path, PathBuf};

    const ROOT: &str = env!("CARGO_MANIFEST_DIR");

    /// A small deterministic generator (xorshift64*).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                files_under(&p, ext, out);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
    }

    fn toml_strings(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Array(a) => a.iter().for_each(|x| toml_strings(x, out)),
            toml::Value::Table(t) => {
                for (k, x) in t {
                    out.push(k.clone());
                    toml_strings(x, out);
                }
            }
            _ => {}
        }
    }

    fn json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
            serde_json::Value::Object(o) => {
                for (k, x) in o {
                    out.push(k.clone());
                    json_strings(x, out);
                }
            }
            _ => {}
        }
    }

    /// Lines of the golden text corpus (every encoding's surface text).
    fn golden_lines() -> Vec<String> {
        let mut files = Vec::new();
        files_under(
            &Path::new(ROOT).join("tests/fixtures/text"),
            "txt",
            &mut files,
        );
        files_under(
            &Path::new(ROOT).join("tests/fixtures/text"),
            "tsv",
            &mut files,
        );
        files.sort();
        assert!(files.len() >= 7, "golden corpus: {files:?}");
        let mut out = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).expect("golden file");
            out.extend(text.lines().map(String::from));
        }
        out
    }

    /// Every string of the rules (TOML) and answer keys (JSON) in tests/,
    /// templates/ and samples/.
    fn rules_strings() -> Vec<String> {
        let mut out = Vec::new();
        for dir in ["tests", "templates", "samples"] {
            let mut files = Vec::new();
            files_under(&Path::new(ROOT).join(dir), "toml", &mut files);
            for f in files {
                let text = std::fs::read_to_string(&f).expect("toml file");
                if let Ok(v) = text.parse::<toml::Value>() {
                    toml_strings(&v, &mut out);
                }
                out.extend(text.lines().map(String::from));
            }
            let mut files = Vec::new();
            files_under(&Path::new(ROOT).join(dir), "json", &mut files);
            for f in files {
                let Ok(text) = std::fs::read_to_string(&f) else {
                    continue;
                };
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
                    json_strings(&v, &mut out);
                }
            }
        }
        assert!(out.len() > 1000, "rules strings: {}", out.len());
        out
    }

    /// Generated text: every character of U+0000–U+024F and U+1E00–U+1EFF
    /// alone, upper- and lower-cased, after a letter, and with each
    /// combining mark U+0300–U+0323 (NFC and NFD forms); words of
    /// Vietnamese letters in both forms and cases with spaces, no-break and
    /// zero-width spaces; random strings over all of these.
    fn generated() -> Vec<String> {
        let mut chars: Vec<char> = (0..0x250u32)
            .chain(0x1E00..0x1F00)
            .filter_map(char::from_u32)
            .collect();
        let marks: Vec<char> = (0x300..=0x323u32).filter_map(char::from_u32).collect();
        let mut out: Vec<String> = Vec::new();
        for &c in &chars {
            let s = c.to_string();
            out.push(s.clone());
            out.push(s.to_uppercase());
            out.push(s.to_lowercase());
            out.push(format!("a{c}"));
            out.push(format!("{c}a {c}"));
            for &m in &marks {
                let with: String = format!("{c}{m}");
                out.push(with.nfd().collect());
                out.push(with.nfc().collect());
                out.push(format!("{with}\u{323}"));
                out.push(format!("{c}\u{200B}{m}"));
            }
        }
        let extras = [
            ' ', ' ', '\u{A0}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\t',
            '\n', '\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{2003}', '\u{3000}', '\u{AD}', '.', ',',
            '-', '–', '“', '”', '…', '(', ')', '/', '&', '\\', '1', '9', 'Σ', 'σ', 'İ', 'ß',
            '\u{1680}', 'ﬁ', 'K', 'Ω', 'Å', 'Ⅰ', 'Ⓐ', '²', '½', '中', 'ق', '€', '™', 'ˆ', '˜',
        ];
        chars.extend(extras);
        chars.extend(&marks);
        let vietnamese: Vec<char> =
            "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
                .chars()
                .collect();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            // A few words of Vietnamese letters, some odd characters.
            let mut s = String::new();
            for _ in 0..1 + rng.below(4) {
                for _ in 0..1 + rng.below(7) {
                    let c = if rng.below(8) == 0 {
                        chars[rng.below(chars.len())]
                    } else {
                        vietnamese[rng.below(vietnamese.len())]
                    };
                    s.push(c);
                }
                s.push(extras[rng.below(8)]);
            }
            let s = match rng.below(4) {
                0 => s.to_uppercase(),
                1 => s.nfd().collect(),
                2 => {
                    let mut t = String::new();
                    for (i, c) in s.chars().enumerate() {
                        t.push_str(&if i == 0 {
                            c.to_uppercase().collect::<String>()
                        } else {
                            c.to_string()
                        });
                    }
                    t
                }
                _ => s,
            };
            out.push(s);
        }
        for _ in 0..10_000 {
            let n = rng.below(12);
            out.push((0..n).map(|_| chars[rng.below(chars.len())]).collect());
        }
        out
    }

    /// Legacy surface text: every single byte and every pair of bytes (as
    /// Windows-1252 surface characters), and random runs of bytes.
    fn surfaces() -> Vec<String> {
        let ch = super::super::legacy::surface_char;
        let mut out: Vec<String> = Vec::new();
        for a in 0..=255u8 {
            out.push(ch(a).to_string());
            for b in 0..=255u8 {
                out.push([ch(a), ch(b)].iter().collect());
            }
        }
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for _ in 0..20_000 {
            let n = 1 + rng.below(10);
            out.push((0..n).map(|_| ch(rng.below(256) as u8)).collect());
        }
        out
    }

    fn all_inputs() -> Vec<String> {
        let mut out = golden_lines();
        let lines = out.clone();
        // Each line's words too: short cells.
        for l in &lines {
            out.extend(l.split(' ').map(String::from));
        }
        out.extend(rules_strings());
        out.extend(generated());
        out
    }

    fn show(s: &str) -> String {
        format!(
            "{s:?} {:X?}",
            s.chars().map(|c| c as u32).collect::<Vec<_>>()
        )
    }

    #[test]
    fn clean_key_and_fold_are_unchanged() {
        let inputs = all_inputs();
        for s in &inputs {
            assert_eq!(text::clean(s), super::clean(s), "clean {}", show(s));
            assert_eq!(text::clean_cow(s), super::clean(s), "clean_cow {}", show(s));
            assert_eq!(text::key(s), super::key(s), "key {}", show(s));
            assert_eq!(text::fold(s), super::fold(s), "fold {}", show(s));
        }
    }

    #[test]
    fn similarity_is_unchanged() {
        let mut titles: Vec<String> = rules_strings();
        titles.extend(golden_lines().into_iter().take(200));
        titles.retain(|t| t.chars().count() < 200);
        titles.sort();
        titles.dedup();
        let keys: Vec<String> = titles.iter().map(|t| text::key(t)).collect();
        let words: Vec<KeyWords> = keys.iter().map(|k| KeyWords::new(k.as_str())).collect();
        let mut rng = Rng(7);
        let mut pairs: Vec<(usize, usize)> = (0..keys.len()).map(|i| (i, i)).collect();
        for _ in 0..50_000 {
            pairs.push((rng.below(keys.len()), rng.below(keys.len())));
        }
        // Near misses: a key with a word dropped, repeated or swapped.
        let mut extra: Vec<String> = Vec::new();
        for k in keys.iter().take(2000) {
            let w: Vec<&str> = k.split(' ').collect();
            if w.len() > 1 {
                extra.push(w[1..].join(" "));
                extra.push(format!("{k} {}", w[0]));
                let mut r = w.clone();
                r.swap(0, w.len() - 1);
                extra.push(r.join(" "));
            }
            extra.push(format!(" {k}  "));
        }
        extra.push(String::new());
        extra.push(" ".into());
        extra.push(
            (0..100)
                .map(|i| format!("w{}", i % 37))
                .collect::<Vec<_>>()
                .join(" "),
        );
        extra.push(
            (0..70)
                .map(|i| format!("w{}", i % 11))
                .collect::<Vec<_>>()
                .join(" "),
        );
        for (i, e) in extra.iter().enumerate() {
            for k in keys
                .iter()
                .skip(i % 50)
                .step_by(50)
                .chain(&extra[i.saturating_sub(3)..=i])
            {
                let expected = super::similarity_of_keys(e, k);
                assert_eq!(
                    text::similarity_of_keys(e, k).to_bits(),
                    expected.to_bits(),
                    "{e:?} {k:?}"
                );
                assert_eq!(
                    text::similarity_of_keys(k, e).to_bits(),
                    super::similarity_of_keys(k, e).to_bits()
                );
                let (we, wk) = (KeyWords::new(e.as_str()), KeyWords::new(k.as_str()));
                assert_eq!(
                    text::similarity_of_words(&we, &wk).to_bits(),
                    expected.to_bits(),
                    "{e:?} {k:?}"
                );
            }
        }
        for (a, b) in pairs {
            let expected = super::similarity_of_keys(&keys[a], &keys[b]);
            assert_eq!(
                text::similarity_of_keys(&keys[a], &keys[b]).to_bits(),
                expected.to_bits()
            );
            assert_eq!(
                text::similarity_of_words(&words[a], &words[b]).to_bits(),
                expected.to_bits()
            );
            assert_eq!(
                text::similarity(&titles[a], &titles[b]).to_bits(),
                expected.to_bits()
            );
        }
    }

    /// Every spelling the syllable check can meet: initial, nucleus and
    /// final letters of the tables with every tone on every letter, in both
    /// cases and forms, and random strings of letters.
    #[test]
    fn syllable_check_is_unchanged() {
        let mut words: Vec<String> = all_inputs()
            .iter()
            .flat_map(|s| {
                s.split(super::is_separator)
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .collect();
        let tones = ["", "\u{301}", "\u{300}", "\u{309}", "\u{303}", "\u{323}"];
        for initial in super::INITIALS {
            for (nucleus, finals, _) in super::RHYMES {
                for fin in finals.iter().chain(&["c", "ch", "nh", "x", "a"]) {
                    let letters: Vec<char> = format!("{initial}{nucleus}{fin}").chars().collect();
                    for at in 0..letters.len() {
                        for tone in tones {
                            let mut w = String::new();
                            for (i, c) in letters.iter().enumerate() {
                                w.push(*c);
                                if i == at {
                                    w.push_str(tone);
                                }
                            }
                            let nfc: String = w.nfc().collect();
                            words.push(nfc.to_uppercase());
                            words.push(
                                nfc.chars()
                                    .enumerate()
                                    .map(|(i, c)| {
                                        if i == 0 {
                                            c.to_uppercase().next().unwrap_or(c)
                                        } else {
                                            c
                                        }
                                    })
                                    .collect(),
                            );
                            words.push(nfc);
                            words.push(w);
                        }
                    }
                }
            }
        }
        let letters: Vec<char> = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵfjwzĐ\u{301}\u{323}"
            .chars()
            .collect();
        let mut rng = Rng(11);
        for _ in 0..200_000 {
            let n = 1 + rng.below(9);
            words.push((0..n).map(|_| letters[rng.below(letters.len())]).collect());
        }
        words.push("a".repeat(41));
        words.push("nghiêng".repeat(5));
        let mut valid = 0;
        for w in &words {
            let expected = super::is_syllable(w);
            valid += expected as usize;
            assert_eq!(text::is_syllable(w), expected, "{}", show(w));
        }
        assert!(valid > 10_000, "{valid} syllables");
    }

    #[test]
    fn decoding_is_unchanged() {
        let mut inputs = surfaces();
        inputs.extend(golden_lines());
        inputs.extend(generated().into_iter().step_by(7));
        // Three bytes around every tone mark Windows-1258 has.
        let ch = super::super::legacy::surface_char;
        for a in 0..=255u8 {
            for m in [0xCC, 0xD2, 0xDE, 0xEC, 0xF2] {
                for b in [
                    b'a', 0xCC, 0xD2, 0xDE, 0xEC, 0xF2, 0xC3, 0xF5, 0xD5, 0xA0, b' ', 0x80,
                ] {
                    inputs.push([ch(a), ch(m), ch(b)].iter().collect());
                }
            }
        }
        for s in &inputs {
            for enc in [
                Encoding::Tcvn3,
                Encoding::Vni,
                Encoding::Cp1258,
                Encoding::Unicode,
            ] {
                assert_eq!(
                    super::super::legacy::decode_raw(s, enc),
                    super::decode_raw(s, enc),
                    "{enc:?} {}",
                    show(s)
                );
            }
        }
        for s in inputs.iter().step_by(3) {
            for enc in Encoding::ALL {
                for capital in [false, true] {
                    assert_eq!(
                        text::decode(s, enc, capital),
                        super::decode(s, enc, capital),
                        "{enc:?} {capital} {}",
                        show(s)
                    );
                }
            }
        }
    }

    #[test]
    fn evidence_words_are_the_pieces_between_separators() {
        let mut inputs = all_inputs();
        inputs.extend(surfaces().into_iter().step_by(3));
        for s in &inputs {
            let expected: Vec<&str> = s
                .split(super::is_separator)
                .filter(|t| !t.is_ascii() && !t.chars().any(|c| c.is_ascii_digit()))
                .collect();
            let words: Vec<&str> = super::super::detect::evidence_words(s).collect();
            assert_eq!(words, expected, "{}", show(s));
        }
    }

    /// The shortcut of clean and tidy (text given back as it is) is taken
    /// only where the reference gives the text back unchanged, for every
    /// character of the Basic Multilingual Plane in a few settings.
    #[test]
    fn text_is_given_back_only_when_cleaning_changes_nothing() {
        for u in 0..=0xFFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            for s in [
                format!("{c}"),
                format!("a{c}b"),
                format!("a {c}"),
                format!("{c}\u{301}"),
            ] {
                let clean = super::clean(&s);
                let tidy = super::tidy(&s);
                let (is_clean, is_tidy) =
                    (super::super::is_clean(&s, false), super::super::is_tidy(&s));
                if super::super::chars::is_nfc(&s) {
                    // Exactly when nothing changes (tidy keeps line breaks
                    // inside the text; the shortcut does not).
                    assert_eq!(is_clean, clean == s, "clean {}", show(&s));
                    assert_eq!(is_tidy, tidy == s && !s.contains('\n'), "tidy {}", show(&s));
                } else {
                    // Never when something would change.
                    assert!(!is_clean || clean == s, "clean {}", show(&s));
                    assert!(!is_tidy || tidy == s, "tidy {}", show(&s));
                }
                assert_eq!(text::clean(&s), clean);
            }
        }
    }

    #[test]
    fn surface_bytes_are_unchanged() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(
                super::super::legacy::surface_byte(c),
                super::surface_byte(c),
                "{u:X}"
            );
        }
    }

    #[test]
    fn evidence_and_decisions_are_unchanged() {
        let mut inputs = golden_lines();
        for l in golden_lines() {
            inputs.extend(l.split(' ').map(String::from));
            let w: Vec<&str> = l.split(' ').collect();
            inputs.extend(w.chunks(3).map(|c| c.join(" ")));
        }
        inputs.extend(rules_strings());
        inputs.extend(generated().into_iter().step_by(3));
        inputs.extend(surfaces().into_iter().step_by(5));
        for s in &inputs {
            // Twice: the second time from the word cache.
            for _ in 0..2 {
                assert_eq!(text::evidence(s), super::evidence(s), "{}", show(s));
            }
        }
        // Columns of cells in every font class: the decision taken on the
        // reference evidence is the one taken now.
        let fonts = [
            FontClass::Other,
            FontClass::Tcvn3 { capital: false },
            FontClass::Tcvn3 { capital: true },
            FontClass::Vni,
            FontClass::Vps,
            FontClass::Viscii,
        ];
        for (k, column) in inputs.chunks(40).enumerate() {
            let cells: Vec<(&str, FontClass)> = column
                .iter()
                .enumerate()
                .map(|(i, s)| (s.as_str(), fonts[(i + k) % fonts.len()]))
                .collect();
            let reference: Vec<super::CellEvidence> =
                cells.iter().map(|(s, _)| super::evidence(s)).collect();
            let expected = text::decide_with_evidence(&cells, &reference, None);
            assert_eq!(text::decide(&cells), expected);
            for ((s, _), choice) in cells.iter().zip(&expected.cells) {
                let reference = super::decode(s, choice.encoding, choice.capital)
                    .unwrap_or_else(|| super::tidy(s));
                assert_eq!(choice.apply(s), reference, "{choice:?} {}", show(s));
            }
        }
        for s in inputs.iter().step_by(5) {
            let d =
                text::decide_with_evidence(&[(s, FontClass::Other)], &[super::evidence(s)], None);
            assert_eq!(text::convert_line(s, None), d.cells[0].apply(s));
            assert_eq!(
                text::convert_line(s, Some(Encoding::Tcvn3)),
                super::decode(s, Encoding::Tcvn3, false).unwrap_or_else(|| super::tidy(s))
            );
        }
    }

    use super::super::Encoding;
    use unicode_normalization::UnicodeNormalization;
}
