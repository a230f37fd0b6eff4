//! Rich text: a cell's text cut into pieces by the positions where its
//! font changes, as both .xlsx (shared strings) and .xls (SST, RSTRING)
//! record them, and the BIFF5 code page 1258 surface.
//!
//! Format-independent; depends on the grid types and `encoding_rs` only.
//! Never changes a cell's text except in [`cp1258_surface`].

use super::grid::{Cell, Run, Value};

/// How the positions of font changes count the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Units {
    /// UTF-16 code units (BIFF8).
    Utf16,
    /// Characters (BIFF5 single-byte text, one character per byte).
    Chars,
}

/// Set a text cell's font and runs from pieces already cut (`pieces`
/// concatenating to the cell's text, each with its font). Leaves the cell
/// as it is when the pieces do not make up its text.
pub fn apply_pieces(cell: &mut Cell, pieces: Vec<Run>) {
    let Value::Text(text) = &cell.value else {
        return;
    };
    let total: usize = pieces.iter().map(|p| p.text.len()).sum();
    if total != text.len()
        || !pieces
            .iter()
            .scan(0usize, |at, p| {
                let start = *at;
                *at += p.text.len();
                Some(text.get(start..*at) == Some(p.text.as_str()))
            })
            .all(|same| same)
    {
        return;
    }
    let runs = merge(pieces);
    let fonts_differ = runs.windows(2).any(|w| w[0].font != w[1].font);
    if fonts_differ {
        cell.font = runs.first().and_then(|r| r.font.clone());
        cell.runs = Some(runs);
    } else if let Some(run) = runs.into_iter().next() {
        // The whole text in one font: that font is the cell's evidence.
        cell.font = run.font;
        cell.runs = None;
    }
}

/// Set a text cell's font and runs from the positions where the font
/// changes: `starts` holds (position, font) in increasing positions; text
/// before the first position is in the cell's own font. Leaves the cell as
/// it is when a position does not fall on a character of its text.
pub fn apply_starts(cell: &mut Cell, starts: &[(usize, Option<String>)], units: Units) {
    let Value::Text(text) = &cell.value else {
        return;
    };
    let Some(pieces) = cut(text, cell.font.as_deref(), starts, units) else {
        return;
    };
    apply_pieces(cell, pieces);
}

/// The text cut at the given positions.
fn cut(
    text: &str,
    base: Option<&str>,
    starts: &[(usize, Option<String>)],
    units: Units,
) -> Option<Vec<Run>> {
    // Byte offset of every character boundary, by position in `units`.
    let mut boundaries = Vec::with_capacity(text.len() + 1);
    let mut unit = 0usize;
    for (byte, c) in text.char_indices() {
        boundaries.push((unit, byte));
        unit += match units {
            Units::Utf16 => c.len_utf16(),
            Units::Chars => 1,
        };
    }
    boundaries.push((unit, text.len()));
    let byte_at = |position: usize| {
        boundaries
            .binary_search_by_key(&position, |(u, _)| *u)
            .ok()
            .and_then(|i| boundaries.get(i))
            .map(|(_, byte)| *byte)
    };
    let mut pieces = Vec::with_capacity(starts.len() + 1);
    let mut from = 0usize;
    let mut font = base.map(str::to_string);
    for (position, next_font) in starts {
        let to = byte_at(*position)?;
        if to < from {
            return None;
        }
        pieces.push(Run {
            text: text.get(from..to)?.to_string(),
            font: font.take(),
        });
        from = to;
        font = next_font.clone();
    }
    pieces.push(Run {
        text: text.get(from..)?.to_string(),
        font,
    });
    Some(pieces)
}

/// Adjacent pieces in the same font joined, empty pieces dropped.
fn merge(pieces: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(pieces.len());
    for piece in pieces.into_iter().filter(|p| !p.text.is_empty()) {
        match out.last_mut() {
            Some(last) if last.font == piece.font => last.text.push_str(&piece.text),
            _ => out.push(piece),
        }
    }
    out
}

/// The Windows-1252 surface of text that calamine decoded from a BIFF5
/// file in code page 1258: encoded back to the file's bytes with
/// Windows-1258, then each byte read as Windows-1252, the form legacy
/// TCVN3/VNI text has in BIFF8 files. None when the text holds a character
/// Windows-1258 cannot encode (it did not come from such bytes).
pub fn cp1258_surface(text: &str) -> Option<String> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(text);
    if unmappable {
        return None;
    }
    let (surface, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
    Some(surface.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, font: Option<&str>) -> Run {
        Run {
            text: text.into(),
            font: font.map(str::to_string),
        }
    }

    fn cell(text: &str, font: Option<&str>) -> Cell {
        Cell::with_font(Value::Text(text.into()), font.map(str::to_string))
    }

    #[test]
    fn cut_at_positions_with_the_cell_font_first() {
        let mut c = cell("Sở Y tế Së Y tÕ", Some("Arial"));
        let starts = [
            (0, Some("Times New Roman".to_string())),
            (8, Some(".VnTime".to_string())),
        ];
        apply_starts(&mut c, &starts, Units::Utf16);
        assert_eq!(c.font.as_deref(), Some("Times New Roman"));
        assert_eq!(
            c.runs,
            Some(vec![
                run("Sở Y tế ", Some("Times New Roman")),
                run("Së Y tÕ", Some(".VnTime")),
            ])
        );
        // Text before the first position is in the cell's font.
        let mut c = cell("ab", Some("Arial"));
        apply_starts(&mut c, &[(1, Some(".VnTime".into()))], Units::Chars);
        assert_eq!(
            c.runs,
            Some(vec![run("a", Some("Arial")), run("b", Some(".VnTime"))])
        );
    }

    #[test]
    fn one_font_gives_no_runs() {
        let mut c = cell("abc", Some("Arial"));
        let starts = [
            (0, Some(".VnTime".to_string())),
            (1, Some(".VnTime".to_string())),
            (3, Some("Arial".to_string())), // an empty run at the end
        ];
        apply_starts(&mut c, &starts, Units::Utf16);
        assert_eq!((c.font.as_deref(), c.runs), (Some(".VnTime"), None));
    }

    #[test]
    fn positions_off_the_text_change_nothing() {
        for starts in [
            vec![(9, Some("X".to_string()))],
            vec![(2, Some("X".to_string())), (1, Some("Y".to_string()))],
            // Inside the surrogate pair of U+1F600.
            vec![(2, Some("X".to_string()))],
        ] {
            let mut c = cell("a\u{1F600}b", Some("Arial"));
            apply_starts(&mut c, &starts, Units::Utf16);
            assert_eq!((c.font.as_deref(), &c.runs), (Some("Arial"), &None));
        }
        let mut number = Cell::number(1.0);
        apply_starts(&mut number, &[(0, Some("X".into()))], Units::Chars);
        assert_eq!(number, Cell::number(1.0));
        let mut c = cell("abc", None);
        apply_pieces(&mut c, vec![run("ab", Some("X")), run("d", Some("Y"))]);
        assert_eq!(c.runs, None);
    }

    #[test]
    fn cp1258_back_to_the_1252_surface() {
        // TCVN3 "Sở Y tế" is the bytes 53 EB 20 59 20 74 D5; a BIFF5 file in
        // code page 1258 decodes D5 as Ơ (U+01A0).
        let (decoded, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(b"S\xEB Y t\xD5");
        assert_eq!(decoded, "Së Y tƠ");
        assert_eq!(cp1258_surface(&decoded).as_deref(), Some("Së Y tÕ"));
        // Combining tone marks (CC, DE, EC, F2, D2) come back as bytes too.
        let bytes: Vec<u8> = (0x20..=0xFF).collect();
        let (decoded, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(&bytes);
        let (surface, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
        assert_eq!(cp1258_surface(&decoded).as_deref(), Some(&*surface));
        // Text 1258 cannot hold is not from such a file.
        assert_eq!(cp1258_surface("Sở"), None);
    }
}
