//! Windows-1258: base letters (with â ê ô ă ơ ư đ precomposed) followed by
//! combining tone bytes. `encoding_rs` decodes the bytes; NFC composes.

use super::legacy::{bytes_to_surface, surface_byte, surface_bytes};
use encoding_rs::WINDOWS_1258;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// The decoding tables, built once with `encoding_rs`.
struct Tables {
    /// The character of each byte (Windows-1258 is one character a byte).
    chars: [char; 256],
    /// Whether the byte is a combining tone mark.
    tone: [bool; 256],
    /// NFC of each byte's character followed by each tone byte (in the
    /// order of `TONE_BYTES`), when that is one character; else '\0'.
    composed: Vec<[char; 5]>,
}

/// The tone bytes: huyền, hỏi, ngã, sắc, nặng.
const TONE_BYTES: [u8; 5] = [0xCC, 0xD2, 0xDE, 0xEC, 0xF2];

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Tables {
            chars: ['\0'; 256],
            tone: [false; 256],
            composed: vec![['\0'; 5]; 256],
        };
        for b in 0..=255u8 {
            let byte = [b];
            let (text, _) = WINDOWS_1258.decode_without_bom_handling(&byte);
            let mut it = text.chars();
            t.chars[b as usize] = match (it.next(), it.next()) {
                (Some(c), None) => c,
                _ => '\0',
            };
        }
        for (k, &m) in TONE_BYTES.iter().enumerate() {
            t.tone[m as usize] = true;
            for b in 0..=255usize {
                let pair: String = [t.chars[b], t.chars[m as usize]]
                    .into_iter()
                    .nfc()
                    .collect();
                let mut it = pair.chars();
                if let (Some(c), None) = (it.next(), it.next()) {
                    t.composed[b][k] = c;
                }
            }
        }
        t
    })
}

/// Decode a surface string, appending to `out`; false if a character has no byte. A
/// letter followed by one tone byte is composed by table; anything else
/// with a tone (two marks in a row, a mark that does not compose) goes
/// through NFC as a whole.
pub(super) fn decode_into(surface: &str, out: &mut String) -> bool {
    let t = tables();
    let start = out.len();
    let mut prev: Option<u8> = None;
    for c in surface.chars() {
        let Some(b) = surface_byte(c) else {
            out.truncate(start);
            return false;
        };
        if t.tone[b as usize] {
            let k = TONE_BYTES.iter().position(|&m| m == b).unwrap_or(0);
            let composed = prev.map_or('\0', |p| t.composed[p as usize][k]);
            if composed == '\0' {
                return decode_nfc(surface, start, out);
            }
            out.pop();
            out.push(composed);
            prev = None;
        } else {
            out.push(t.chars[b as usize]);
            prev = Some(b);
        }
    }
    true
}

/// The general decoding: `encoding_rs`, then NFC.
fn decode_nfc(surface: &str, start: usize, out: &mut String) -> bool {
    out.truncate(start);
    let Some(bytes) = surface_bytes(surface) else {
        return false;
    };
    let (text, _) = WINDOWS_1258.decode_without_bom_handling(&bytes);
    out.extend(text.nfc());
    true
}

/// Tone marks, written as separate bytes in Windows-1258.
fn is_tone(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

pub(super) fn encode(unicode: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(unicode.len() * 2);
    let mut piece = String::with_capacity(8);
    for c in unicode.nfc() {
        // The letter without its tone (â, ơ … stay precomposed), then the tone.
        let mut tone = None;
        let base: String = c
            .nfd()
            .filter(|&d| {
                if is_tone(d) {
                    tone = Some(d);
                    false
                } else {
                    true
                }
            })
            .nfc()
            .collect();
        for part in [Some(base), tone.map(String::from)].into_iter().flatten() {
            piece.clear();
            piece.push_str(&part);
            let (b, _, unmappable) = WINDOWS_1258.encode(&piece);
            if unmappable || b.len() != part.chars().count() {
                return None;
            }
            bytes.extend_from_slice(&b);
        }
    }
    Some(bytes_to_surface(&bytes))
}
