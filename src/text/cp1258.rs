//! Windows-1258: base letters (with â ê ô ă ơ ư đ precomposed) followed by
//! combining tone bytes. `encoding_rs` decodes the bytes; NFC composes.

use super::legacy::{bytes_to_surface, surface_bytes};
use encoding_rs::WINDOWS_1258;
use unicode_normalization::UnicodeNormalization;

pub(super) fn decode(surface: &str) -> Option<String> {
    let bytes = surface_bytes(surface)?;
    let (text, _) = WINDOWS_1258.decode_without_bom_handling(&bytes);
    Some(text.nfc().collect())
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
