//! VIQR (RFC 1456): ASCII mnemonics after the vowel — shape `(` breve,
//! `^` circumflex, `+` horn; tone `'` sắc, `` ` `` huyền, `?` hỏi, `~` ngã,
//! `.` nặng; `dd`/`DD` for đ/Đ; a backslash makes the next character
//! literal. Never auto-detected: ordinary ASCII punctuation reads as marks.

use super::legacy::compose_marks;
use unicode_normalization::UnicodeNormalization;

const VOWELS: &str = "aeiouyAEIOUY";

fn shape(m: char) -> Option<char> {
    match m {
        '(' => Some('\u{306}'),
        '^' => Some('\u{302}'),
        '+' => Some('\u{31B}'),
        _ => None,
    }
}

fn tone(m: char) -> Option<char> {
    match m {
        '\'' => Some('\u{301}'),
        '`' => Some('\u{300}'),
        '?' => Some('\u{309}'),
        '~' => Some('\u{303}'),
        '.' => Some('\u{323}'),
        _ => None,
    }
}

pub(super) fn decode(surface: &str) -> Option<String> {
    if surface.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
        return None;
    }
    let chars: Vec<char> = surface.chars().collect();
    let mut out = String::with_capacity(surface.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if (c == 'd' || c == 'D') && matches!(chars.get(i + 1), Some('d' | 'D')) {
            out.push(if c == 'd' { 'đ' } else { 'Đ' });
            i += 2;
            continue;
        }
        if VOWELS.contains(c) {
            let mut letter = c;
            i += 1;
            let mut marks = Vec::with_capacity(2);
            if let Some(s) = chars.get(i).and_then(|&m| shape(m))
                && compose_marks(letter, &[s]).is_some()
            {
                marks.push(s);
                i += 1;
            }
            if let Some(t) = chars.get(i).and_then(|&m| tone(m)) {
                marks.push(t);
                if compose_marks(letter, &marks).is_some() {
                    i += 1;
                } else {
                    marks.pop();
                }
            }
            letter = compose_marks(letter, &marks).unwrap_or(letter);
            out.push(letter);
            continue;
        }
        out.push(c);
        i += 1;
    }
    Some(out)
}

fn is_mark(c: char) -> bool {
    shape(c).is_some() || tone(c).is_some()
}

pub(super) fn encode(unicode: &str) -> Option<String> {
    let mut out = String::with_capacity(unicode.len() * 2);
    // Whether the last output could take a mark (a vowel) or a second d.
    let mut after_vowel = false;
    let mut after_d = false;
    for c in unicode.nfc() {
        if c.is_ascii() {
            if (after_vowel && is_mark(c)) || (after_d && (c == 'd' || c == 'D')) || c == '\\' {
                out.push('\\');
            }
            out.push(c);
            after_vowel = VOWELS.contains(c);
            after_d = c == 'd' || c == 'D';
            continue;
        }
        match c {
            'đ' => out.push_str("dd"),
            'Đ' => out.push_str("DD"),
            _ => {
                let mut letter = None;
                let mut marks = String::new();
                let mut tone_mark = None;
                for d in c.nfd() {
                    match d {
                        '\u{306}' => marks.push('('),
                        '\u{302}' => marks.push('^'),
                        '\u{31B}' => marks.push('+'),
                        '\u{301}' => tone_mark = Some('\''),
                        '\u{300}' => tone_mark = Some('`'),
                        '\u{309}' => tone_mark = Some('?'),
                        '\u{303}' => tone_mark = Some('~'),
                        '\u{323}' => tone_mark = Some('.'),
                        _ if letter.is_none() && VOWELS.contains(d) => letter = Some(d),
                        _ => return None,
                    }
                }
                out.push(letter?);
                out.push_str(&marks);
                out.extend(tone_mark);
            }
        }
        after_vowel = true;
        after_d = false;
    }
    Some(out)
}
