//! The JSON report inside a consolidated workbook (báo cáo JSON nhúng trong
//! bảng tổng hợp): `thidua consolidate` writes exactly what `--json` writes
//! into a very hidden sheet, deflated and base64-encoded so that it takes a
//! tenth of the room (a large bloc's report is tens of megabytes of JSON),
//! in pieces a cell can hold; this room gives the pieces to the writer and
//! turns them back into the JSON text from a workbook read.
//!
//! Layout of the sheet [`REPORT_SHEET`]: A1 holds [`MARKER`], A2 the number
//! of pieces, A3… the pieces in order: base64 (A–Z, a–z, 0–9, +, /, =), so a
//! program that trims a cell's spaces loses nothing.
//!
//! Part of `read`; knows nothing of the report's fields.

use super::grid::{Value, Workbook};
use std::io::{Read, Write};

/// The very hidden sheet's name.
pub const REPORT_SHEET: &str = "thidua-report";
/// The first cell's text: what the sheet holds and in which layout.
pub const MARKER: &str = "thidua-report-json-deflate-base64-v1";
/// Longest piece, in characters (a cell holds 32,767).
const PIECE: usize = 30_000;
/// The largest JSON text taken back from a workbook (a report of 10,000
/// units is about 60 MB).
const MAX_JSON: u64 = 512 << 20;

/// The JSON text deflated, base64-encoded and cut into pieces of at most
/// [`PIECE`] characters.
pub fn pieces(json: &str) -> Vec<String> {
    let mut deflater = Deflater::new();
    // Writing into a vector does not fail.
    let _ = deflater.write_all(json.as_bytes());
    deflater.pieces()
}

/// Where a JSON text is written as it is made (never held whole: a large
/// bloc's report is tens of megabytes), then cut into [`pieces`].
pub struct Deflater(flate2::write::DeflateEncoder<Vec<u8>>);

impl Deflater {
    pub fn new() -> Deflater {
        Deflater(flate2::write::DeflateEncoder::new(
            Vec::new(),
            flate2::Compression::fast(),
        ))
    }

    /// What was written, as [`pieces`] gives it.
    pub fn pieces(self) -> Vec<String> {
        // Finishing into a vector does not fail.
        let deflated = self.0.finish().unwrap_or_default();
        base64_encode(&deflated)
            .as_bytes()
            .chunks(PIECE)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect()
    }
}

impl Default for Deflater {
    fn default() -> Deflater {
        Deflater::new()
    }
}

impl Write for Deflater {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (k, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The bytes of base64 `text` (padding required as written); `None` for
/// any other character or a cut group.
fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(4) {
        return None;
    }
    let value = |c: u8| -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let groups = text.len() / 4;
    for (g, quad) in text.chunks(4).enumerate() {
        let pad = quad.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && g + 1 != groups) {
            return None;
        }
        let mut n = 0u32;
        for &c in &quad[..4 - pad] {
            n = (n << 6) | value(c)?;
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

/// What a workbook holds of an embedded report.
#[derive(Debug, PartialEq, Eq)]
pub enum Embedded {
    /// No sheet [`REPORT_SHEET`] with the marker: not a thidua workbook.
    None,
    /// The sheet is there but its pieces are not all there (damaged or
    /// edited): why, in English for the record.
    Damaged(String),
    /// The JSON text, joined.
    Report(String),
}

/// The JSON report embedded in `workbook`, joined from its pieces.
pub fn embedded_report(workbook: &Workbook) -> Embedded {
    let Some(sheet) = workbook.sheets.iter().find(|s| s.name == REPORT_SHEET) else {
        return Embedded::None;
    };
    let text_at = |row: u32| match &sheet.get(row, 0).value {
        Value::Text(t) => Some(t.as_str()),
        _ => None,
    };
    if text_at(0).map(str::trim) != Some(MARKER) {
        return Embedded::None;
    }
    let count = match &sheet.get(1, 0).value {
        Value::Number(n) if *n >= 1.0 && n.fract() == 0.0 && *n < 10_000.0 => *n as u32,
        Value::Text(t) => match t.trim().parse::<u32>() {
            Ok(n) if (1..10_000).contains(&n) => n,
            _ => return Embedded::Damaged("piece count unreadable".into()),
        },
        _ => return Embedded::Damaged("piece count unreadable".into()),
    };
    let mut text = Vec::new();
    for row in 2..2 + count {
        match text_at(row) {
            Some(t) => text.extend(t.bytes().filter(|b| !b.is_ascii_whitespace())),
            None => return Embedded::Damaged(format!("piece {} missing", row - 1)),
        }
    }
    let Some(deflated) = base64_decode(&text) else {
        return Embedded::Damaged("pieces are not base64".into());
    };
    inflated(&deflated, MAX_JSON)
}

/// The JSON text `deflated` holds, if at most `max` bytes.
fn inflated(deflated: &[u8], max: u64) -> Embedded {
    let mut json = Vec::new();
    let read = flate2::read::DeflateDecoder::new(deflated)
        .take(max + 1)
        .read_to_end(&mut json);
    match read {
        Err(e) => Embedded::Damaged(format!("not deflated: {e}")),
        Ok(n) if n as u64 > max => Embedded::Damaged("report too large".into()),
        Ok(_) => match String::from_utf8(json) {
            Ok(json) => Embedded::Report(json),
            Err(_) => Embedded::Damaged("report not UTF-8".into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Cell, Sheet};

    fn sheet_of_pieces(parts: &[String]) -> Workbook {
        let mut rows = vec![
            vec![Cell::text(MARKER)],
            vec![Cell::number(parts.len() as f64)],
        ];
        rows.extend(parts.iter().map(|p| vec![Cell::text(p)]));
        Workbook {
            sheets: vec![Sheet::from_rows(REPORT_SHEET, rows)],
        }
    }

    fn sheet_of(json: &str) -> Workbook {
        sheet_of_pieces(&pieces(json))
    }

    #[test]
    fn base64_round_trips_every_length_and_refuses_what_is_not_base64() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = base64_encode(&bytes);
            assert_eq!(text.len() % 4, 0);
            assert_eq!(base64_decode(text.as_bytes()), Some(bytes));
        }
        assert_eq!(base64_encode(b"Man"), "TWFu");
        assert_eq!(base64_encode(b"Ma"), "TWE=");
        assert_eq!(base64_encode(b"M"), "TQ==");
        for bad in ["TWF", "TW=u", "T===", "TQ==TWFu", "TW-u", "TWFu\u{1ec7}"] {
            assert_eq!(base64_decode(bad.as_bytes()), None, "{bad}");
        }
    }

    #[test]
    fn pieces_join_back_and_fit_a_cell() {
        let mut json = String::from("{\n");
        for i in 0..50_000 {
            json.push_str(&format!(
                "  \"đơn vị {i}\": \"Sở Y tế – ủy ban 😀 {}\",\n",
                i * 7919 % 10007
            ));
        }
        json.push_str("}\n");
        let parts = pieces(&json);
        assert!(parts.len() > 2, "{}", parts.len());
        assert!(parts.iter().all(|p| p.len() <= PIECE && p.is_ascii()));
        let stored: usize = parts.iter().map(String::len).sum();
        assert!(stored * 4 < json.len(), "{stored} of {}", json.len());
        assert_eq!(embedded_report(&sheet_of(&json)), Embedded::Report(json));
        assert_eq!(
            embedded_report(&sheet_of("")),
            Embedded::Report(String::new())
        );
    }

    #[test]
    fn spaces_a_program_adds_around_pieces_are_no_harm() {
        let json = "{\n  \"a\": \"Khối Văn hóa – Xã hội\"\n}\n";
        let padded: Vec<String> = pieces(json).iter().map(|p| format!(" {p}\n")).collect();
        assert_eq!(
            embedded_report(&sheet_of_pieces(&padded)),
            Embedded::Report(json.to_string())
        );
    }

    #[test]
    fn a_missing_or_altered_piece_is_damage_and_no_sheet_is_none() {
        let mut book = sheet_of("{\n\"a\": 1\n}\n");
        assert!(matches!(embedded_report(&book), Embedded::Report(_)));
        let good = book.sheets[0].cells[2].clone();
        book.sheets[0].cells[2] = Cell::text("not base64!");
        assert!(matches!(embedded_report(&book), Embedded::Damaged(_)));
        book.sheets[0].cells[2] = Cell::text("AAAA");
        assert!(matches!(embedded_report(&book), Embedded::Damaged(_)));
        book.sheets[0].cells[2] = good;
        book.sheets[0].cells[2] = Cell::default();
        assert!(matches!(embedded_report(&book), Embedded::Damaged(_)));
        book.sheets[0].name = "Tổng hợp".into();
        assert_eq!(embedded_report(&book), Embedded::None);
        assert_eq!(embedded_report(&Workbook::default()), Embedded::None);
    }

    #[test]
    fn a_report_inflating_past_the_limit_is_damage() {
        let mut deflater =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        deflater.write_all(&[b' '; 5_000]).unwrap();
        let deflated = deflater.finish().unwrap();
        assert_eq!(
            inflated(&deflated, 4_999),
            Embedded::Damaged("report too large".into())
        );
        assert_eq!(
            inflated(&deflated, 5_000),
            Embedded::Report(" ".repeat(5_000))
        );
        assert!(matches!(
            inflated(&deflated[..deflated.len() / 2], 5_000),
            Embedded::Damaged(_)
        ));
    }
}
