//! Legacy Vietnamese encodings: names, font classes, and the "surface" of a
//! cell. Excel stores cell text as UTF-16; text typed in a legacy font holds
//! the font's byte values as Windows-1252 characters (for A0–FF identical to
//! Latin-1). Decoding maps those characters back to bytes, then reads the
//! bytes with the encoding's table.

use super::{Tidiness, cp1258, tcvn3, viqr, viscii, vni, vps};

/// A way Vietnamese text can be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Unicode (NFC, or NFD which is composed on cleanup).
    Unicode,
    /// TCVN 5712:1993 VN3 ("ABC"), fonts `.VnTime`, `.VnArial`, …
    Tcvn3,
    /// VNI-Windows, fonts `VNI-Times`, `VNI-Helve`, …
    Vni,
    /// Windows-1258: base letters and combining tone bytes.
    Cp1258,
    /// VISCII 1.1 (RFC 1456).
    Viscii,
    /// VPS.
    Vps,
    /// VIQR, ASCII mnemonics ("Vie^.t Nam"); only on explicit request.
    Viqr,
}

impl Encoding {
    /// Every encoding, in the order of the enum.
    pub const ALL: [Encoding; 7] = [
        Encoding::Unicode,
        Encoding::Tcvn3,
        Encoding::Vni,
        Encoding::Cp1258,
        Encoding::Viscii,
        Encoding::Vps,
        Encoding::Viqr,
    ];

    /// Short machine name: "unicode", "tcvn3", "vni", "cp1258", "viscii",
    /// "vps", "viqr".
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Unicode => "unicode",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
            Encoding::Cp1258 => "cp1258",
            Encoding::Viscii => "viscii",
            Encoding::Vps => "vps",
            Encoding::Viqr => "viqr",
        }
    }

    /// Name shown to users (Vietnamese).
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Unicode => "Unicode (dựng sẵn)",
            Encoding::Tcvn3 => "TCVN3 (ABC)",
            Encoding::Vni => "VNI Windows",
            Encoding::Cp1258 => "Windows-1258 (mã Việt của Windows)",
            Encoding::Viscii => "VISCII",
            Encoding::Vps => "VPS",
            Encoding::Viqr => "VIQR (gõ dấu bằng ký tự ASCII)",
        }
    }

    /// Parse a name as written on a command line: the [`as_str`] names and
    /// a few common aliases ("abc", "vn3", "windows-1258", "utf-8").
    ///
    /// [`as_str`]: Encoding::as_str
    pub fn parse(name: &str) -> Option<Encoding> {
        let n = name.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        Some(match n.as_str() {
            "unicode" | "utf-8" | "utf8" | "nfc" | "nfd" => Encoding::Unicode,
            "tcvn3" | "tcvn" | "abc" | "vn3" | "tcvn-3" => Encoding::Tcvn3,
            "vni" | "vni-windows" => Encoding::Vni,
            "cp1258" | "windows-1258" | "1258" => Encoding::Cp1258,
            "viscii" => Encoding::Viscii,
            "vps" => Encoding::Vps,
            "viqr" => Encoding::Viqr,
            _ => return None,
        })
    }
}

/// What a cell's font name says about the encoding of its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FontClass {
    /// `.Vn…` fonts; `capital` for the H fonts (`.VnTimeH`), which draw
    /// lower-case codes as capitals.
    Tcvn3 { capital: bool },
    /// `VNI-…` fonts.
    Vni,
    /// `VPS …` fonts.
    Vps,
    /// `VISCII…` and `VI …` fonts.
    Viscii,
    /// Any other font (or none known).
    Other,
}

impl FontClass {
    /// The encoding the font stands for, if any.
    pub fn encoding(self) -> Option<Encoding> {
        match self {
            FontClass::Tcvn3 { .. } => Some(Encoding::Tcvn3),
            FontClass::Vni => Some(Encoding::Vni),
            FontClass::Vps => Some(Encoding::Vps),
            FontClass::Viscii => Some(Encoding::Viscii),
            FontClass::Other => None,
        }
    }

    /// The font class that stands for `enc` (TCVN3 and VNI have one; the
    /// others are recognised by their text alone).
    pub fn of_encoding(enc: Encoding) -> FontClass {
        match enc {
            Encoding::Tcvn3 => FontClass::Tcvn3 { capital: false },
            Encoding::Vni => FontClass::Vni,
            _ => FontClass::Other,
        }
    }
}

/// Class of a font name, case-insensitive: ".VnTime" → TCVN3, ".VnTimeH" →
/// TCVN3 capital, "VNI-Times" → VNI, "VPS Times" → VPS, "VISCII…"/"VI …" →
/// VISCII; anything else → Other.
pub fn font_class(font: &str) -> FontClass {
    let f = font.trim().trim_start_matches('@').to_lowercase();
    if f.starts_with(".vn") {
        FontClass::Tcvn3 {
            capital: f.ends_with('h'),
        }
    } else if f.starts_with("vni") {
        FontClass::Vni
    } else if f.starts_with("vps") {
        FontClass::Vps
    } else if f.starts_with("viscii") || f.starts_with("vi ") {
        FontClass::Viscii
    } else {
        FontClass::Other
    }
}

/// Windows-1252 characters for bytes 80–9F. The five positions
/// Windows-1252 leaves undefined (81 8D 8F 90 9D) hold the C1 control of
/// the same number, as Excel and `encoding_rs` give them.
pub(super) const CP1252_80: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// The surface character of a byte (Windows-1252).
pub(super) const fn surface_char(b: u8) -> char {
    if b >= 0x80 && b < 0xA0 {
        CP1252_80[(b - 0x80) as usize]
    } else {
        b as char
    }
}

/// The byte behind a surface character; None for characters no single
/// byte shows as (anything above U+00FF other than the Windows-1252
/// punctuation in 80–9F).
#[inline]
pub(super) fn surface_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u <= 0xFF {
        return Some(u as u8);
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// Bytes behind a whole surface string.
pub(super) fn surface_bytes(s: &str) -> Option<Vec<u8>> {
    s.chars().map(surface_byte).collect()
}

/// Surface string of some bytes.
pub(super) fn bytes_to_surface(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| surface_char(b)).collect()
}

/// A 256-entry decoding table for a single-byte encoding: the surface
/// character of every byte, overridden by the letters in `pairs`.
pub(super) const fn byte_table(pairs: &[(u8, char)]) -> [char; 256] {
    let mut t = ['\0'; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = surface_char(b as u8);
        b += 1;
    }
    let mut i = 0;
    while i < pairs.len() {
        t[pairs[i].0 as usize] = pairs[i].1;
        i += 1;
    }
    t
}

/// A base letter with combining marks, as one precomposed character (None
/// if Unicode has no such letter). Goes through NFC: "ộ" is ọ + circumflex,
/// so composing ô with the dot below directly would fail.
pub(super) fn compose_marks(base: char, marks: &[char]) -> Option<char> {
    use unicode_normalization::UnicodeNormalization;
    let mut it = std::iter::once(base).chain(marks.iter().copied()).nfc();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Whether a table reads every ASCII byte as itself.
pub(super) const fn keeps_ascii(table: &[char; 256]) -> bool {
    let mut b = 0;
    while b < 0x80 {
        if table[b] as usize != b {
            return false;
        }
        b += 1;
    }
    true
}

/// Decode a surface string with a 256-entry table.
pub(super) fn table_decode(table: &[char; 256], surface: &str) -> Option<String> {
    let mut out = String::with_capacity(surface.len() + surface.len() / 2);
    table_decode_into::<false>(table, surface, &mut out).then_some(out)
}

/// [`table_decode`], appending to `out`; false if a character has no byte.
/// `ASCII_KEPT` for a table that [`keeps_ascii`]: runs of ASCII are then
/// copied as they are.
pub(super) fn table_decode_into<const ASCII_KEPT: bool>(
    table: &[char; 256],
    surface: &str,
    out: &mut String,
) -> bool {
    table_decode_checked::<ASCII_KEPT, false>(table, surface, out).is_some()
}

/// [`table_decode_into`]; with `CHECK`, also whether tidying would leave
/// the characters written unchanged (None: a character has no byte).
pub(super) fn table_decode_checked<const ASCII_KEPT: bool, const CHECK: bool>(
    table: &[char; 256],
    surface: &str,
    out: &mut String,
) -> Option<Tidiness> {
    let mut tidiness = Tidiness::new(true);
    let bytes = surface.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if ASCII_KEPT {
            let start = i;
            while i < bytes.len() && bytes[i] < 0x80 {
                if CHECK {
                    tidiness.ascii(bytes[i]);
                }
                i += 1;
            }
            out.push_str(&surface[start..i]);
            if i == bytes.len() {
                break;
            }
        }
        // U+0080–U+00FF (lead byte C2 or C3) give their byte at once.
        let b = match (bytes[i], bytes.get(i + 1)) {
            (lead @ (0xC2 | 0xC3), Some(&next)) => {
                i += 2;
                (lead & 0x1F) << 6 | (next & 0x3F)
            }
            _ => {
                let c = surface[i..].chars().next()?;
                i += c.len_utf8();
                surface_byte(c)?
            }
        };
        let d = table[b as usize];
        if CHECK {
            tidiness.char(d);
        }
        out.push(d);
    }
    Some(tidiness)
}

/// The byte a table gives for `c`, if any.
pub(super) fn table_byte(table: &[char; 256], c: char) -> Option<u8> {
    if c.is_ascii() && table[c as usize] == c {
        return Some(c as u8);
    }
    (0x80..=0xFF)
        .chain(0..0x80)
        .find(|&b| table[b as usize] == c)
        .map(|b| b as u8)
}

/// Encode with a 256-entry table; None when a character has no byte.
pub(super) fn table_encode(table: &[char; 256], unicode: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(unicode.len());
    for c in unicode.nfc() {
        out.push(surface_char(table_byte(table, c)?));
    }
    Some(out)
}

/// Decode a cell's surface text (what Excel stored: legacy bytes as
/// Windows-1252 characters) as `enc`, then clean it: soft hyphens dropped
/// (only now — in TCVN3 the soft hyphen's byte AD is the letter ư), then
/// [`clean`](super::clean) (NFC, NBSP and zero-width characters, Ð
/// look-alikes, spaces). `capital` applies the TCVN3 H-font rule: the
/// decoded run is upper-cased (ignored for other encodings). None if the
/// text holds characters that cannot come from `enc`.
pub fn decode(surface: &str, enc: Encoding, capital: bool) -> Option<String> {
    let out = if enc == Encoding::Unicode {
        tidy(surface)
    } else if enc == Encoding::Tcvn3 {
        // Checked for tidiness while decoding: no second pass.
        let mut raw = String::with_capacity(surface.len() + surface.len() / 2);
        let tidiness = tcvn3::decode_checked(surface, &mut raw)?;
        if tidiness.unchanged(&raw) {
            raw
        } else {
            tidy(&raw)
        }
    } else {
        let mut raw = String::with_capacity(surface.len() + surface.len() / 2);
        if !decode_into(surface, enc, &mut raw) {
            return None;
        }
        tidy_owned(raw)
    };
    Some(if capital && enc == Encoding::Tcvn3 {
        out.to_uppercase()
    } else {
        out
    })
}

/// Decoding without any cleanup.
pub(super) fn decode_raw(surface: &str, enc: Encoding) -> Option<String> {
    let mut out = String::with_capacity(surface.len() + surface.len() / 2);
    decode_into(surface, enc, &mut out).then_some(out)
}

/// [`decode_raw`], appending to `out`; false if the text cannot come from
/// `enc` (then `out` holds part of it).
pub(super) fn decode_into(surface: &str, enc: Encoding, out: &mut String) -> bool {
    match enc {
        Encoding::Unicode => {
            out.push_str(surface);
            true
        }
        Encoding::Tcvn3 => tcvn3::decode_into(surface, out),
        Encoding::Vni => vni::decode_into(surface, out),
        Encoding::Cp1258 => cp1258::decode_into(surface, out),
        Encoding::Viscii => viscii::decode(surface).map(|d| out.push_str(&d)).is_some(),
        Encoding::Vps => vps::decode(surface).map(|d| out.push_str(&d)).is_some(),
        Encoding::Viqr => viqr::decode(surface).map(|d| out.push_str(&d)).is_some(),
    }
}

/// Cleanup after decoding: soft hyphens out, then [`clean`](super::clean)
/// line by line — the line breaks a unit typed in a cell (Alt+Enter) stay.
pub(super) fn tidy(decoded: &str) -> String {
    let text = if decoded.contains('\u{AD}') {
        std::borrow::Cow::Owned(decoded.replace('\u{AD}', ""))
    } else {
        std::borrow::Cow::Borrowed(decoded)
    };
    if !text.contains('\n') {
        return super::clean(&text);
    }
    let lines: Vec<String> = text.split('\n').map(super::clean).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

/// [`tidy`] of a string that can be given back as it is when tidying
/// would not change it.
pub(super) fn tidy_owned(decoded: String) -> String {
    if super::is_tidy(&decoded) {
        decoded
    } else {
        tidy(&decoded)
    }
}

/// The inverse of [`decode`], for tests and fixtures: Unicode text → the
/// surface string a legacy font would hold. None when a letter has no code
/// in `enc`. TCVN3 has no toned capitals: they are written with the
/// lower-case codes, as typed for an H font.
pub fn encode(unicode: &str, enc: Encoding) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    match enc {
        Encoding::Unicode => Some(unicode.nfc().collect()),
        Encoding::Tcvn3 => tcvn3::encode(unicode),
        Encoding::Vni => vni::encode(unicode),
        Encoding::Cp1258 => cp1258::encode(unicode),
        Encoding::Viscii => viscii::encode(unicode),
        Encoding::Vps => vps::encode(unicode),
        Encoding::Viqr => viqr::encode(unicode),
    }
}
