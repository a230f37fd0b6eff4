//! Rich-text runs of an .xlsx file, which calamine reads as plain text:
//! the fonts of the runs of `xl/sharedStrings.xml` (`<r><rPr><rFont
//! val=…/>`), and the cells (`t="s"`, `<v>index</v>`) that use those
//! strings, by sheet and position.
//!
//! The sheets are scanned only when some shared string has runs, and not
//! at all for workbooks with more than [`MAX_RICH_SHARED_STRINGS`] shared
//! strings. Depends on the `zip` crate, `xml`, `runs` and the grid types.

use super::grid::{Cell, Run};
use super::runs;
use super::xml::{self, Kind, Tags};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Above this many shared strings, runs are not read.
pub const MAX_RICH_SHARED_STRINGS: usize = 200_000;
/// The most of one package part read (it is compressed in the file).
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// Runs of the shared strings that have them, and where they are used.
#[derive(Debug, Default)]
pub struct XlsxRuns {
    /// Pieces of each rich shared string; a piece without a font is in
    /// the cell's font.
    strings: HashMap<usize, Vec<Run>>,
    /// Sheet name → (row, column) → shared string index.
    sheets: HashMap<String, HashMap<(u32, u32), usize>>,
}

impl XlsxRuns {
    /// Read the runs of an .xlsx package; None when it has no rich shared
    /// strings or they cannot be read.
    pub fn read(bytes: &[u8]) -> Option<XlsxRuns> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let strings = rich_strings(&part(&mut archive, "xl/sharedStrings.xml")?)?;
        if strings.is_empty() {
            return None;
        }
        let workbook = part(&mut archive, "xl/workbook.xml")?;
        let rels = part(&mut archive, "xl/_rels/workbook.xml.rels")?;
        let targets = relationship_targets(&rels);
        let mut sheets = HashMap::new();
        for (name, id) in sheet_ids(&workbook) {
            let Some(path) = targets.get(&id) else {
                continue;
            };
            let Some(content) = part(&mut archive, path) else {
                continue;
            };
            sheets.insert(name, shared_string_cells(&content, &strings));
        }
        Some(XlsxRuns { strings, sheets })
    }

    /// Give the rich-text cells of a sheet their runs (the cells' fonts
    /// from their styles already set).
    pub fn apply(&self, sheet: &str, cells: &mut [(u32, u32, Cell)]) {
        let Some(used) = self.sheets.get(sheet) else {
            return;
        };
        for (row, col, cell) in cells.iter_mut() {
            let Some(pieces) = used.get(&(*row, *col)).and_then(|i| self.strings.get(i)) else {
                continue;
            };
            let pieces = pieces
                .iter()
                .map(|p| Run {
                    text: p.text.clone(),
                    font: p.font.clone().or_else(|| cell.font.clone()),
                })
                .collect();
            runs::apply_pieces(cell, pieces);
        }
    }
}

/// A package part's bytes, at most [`MAX_PART_BYTES`].
fn part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let file = archive.by_name(name).ok()?;
    let mut bytes = Vec::new();
    file.take(MAX_PART_BYTES).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The shared strings that have runs (`<r>`), by index, as pieces; None
/// when there are too many strings or the part is not what it should be.
fn rich_strings(content: &[u8]) -> Option<HashMap<usize, Vec<Run>>> {
    let mut strings = HashMap::new();
    let mut index = 0usize;
    let mut pieces: Vec<Run> = Vec::new();
    let mut has_runs = false;
    let mut in_run = false;
    let mut run_font: Option<String> = None;
    let mut phonetic = 0u32;
    for tag in Tags::new(content) {
        match (tag.local_name(), tag.kind) {
            (b"si", Kind::Open) => {
                pieces.clear();
                has_runs = false;
            }
            (b"si", Kind::Close) => {
                if has_runs {
                    strings.insert(index, std::mem::take(&mut pieces));
                }
                index += 1;
                if index > MAX_RICH_SHARED_STRINGS {
                    return None;
                }
            }
            (b"si", Kind::SelfClosing) => index += 1,
            (b"rPh", Kind::Open) => phonetic += 1,
            (b"rPh", Kind::Close) => phonetic = phonetic.saturating_sub(1),
            _ if phonetic > 0 => {}
            (b"r", Kind::Open) => {
                has_runs = true;
                in_run = true;
                run_font = None;
            }
            (b"r", Kind::Close) => in_run = false,
            (b"rFont", Kind::Open | Kind::SelfClosing) if in_run => {
                run_font = tag.attribute_text(b"val");
            }
            (b"t", Kind::Open) => {
                let preserve = tag.attribute(b"xml:space") == Some(b"preserve");
                let text = xml::unescape(tag.text)?;
                let text = if preserve {
                    text.as_str()
                } else {
                    text.trim_matches([' ', '\t', '\r', '\n'])
                };
                pieces.push(Run {
                    text: unescape_ooxml(text),
                    font: if in_run { run_font.clone() } else { None },
                });
            }
            _ => {}
        }
    }
    Some(strings)
}

/// OOXML's escapes of characters XML cannot hold: `_x000D_` is U+000D,
/// a UTF-16 code unit, so characters outside the BMP are two escapes.
fn unescape_ooxml(text: &str) -> String {
    if !text.contains("_x") {
        return text.to_string();
    }
    let hex_unit = |s: &str| -> Option<u16> {
        let digits = s.get(2..6)?;
        (s.starts_with("_x") && s.get(6..7) == Some("_"))
            .then(|| u16::from_str_radix(digits, 16).ok())
            .flatten()
            .filter(|_| digits.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let mut units: Vec<u16> = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(unit) = hex_unit(rest) {
            units.push(unit);
            rest = rest.get(7..).unwrap_or_default();
        } else {
            let mut buf = [0u16; 2];
            units.extend_from_slice(c.encode_utf16(&mut buf));
            rest = rest.get(c.len_utf8()..).unwrap_or_default();
        }
    }
    String::from_utf16_lossy(&units)
}

/// (sheet name, relationship id) of the workbook's sheets, in order.
fn sheet_ids(workbook: &[u8]) -> Vec<(String, String)> {
    Tags::new(workbook)
        .filter(|t| t.local_name() == b"sheet" && t.kind != Kind::Close)
        .filter_map(|t| Some((t.attribute_text(b"name")?, t.attribute_text(b"r:id")?)))
        .collect()
}

/// Relationship id → part name in the package.
fn relationship_targets(rels: &[u8]) -> HashMap<String, String> {
    Tags::new(rels)
        .filter(|t| t.local_name() == b"Relationship" && t.kind != Kind::Close)
        .filter_map(|t| {
            let id = t.attribute_text(b"Id")?;
            let target = t.attribute_text(b"Target")?;
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            Some((id, path))
        })
        .collect()
}

/// The positions of the cells of a sheet that use one of `strings`.
/// Cells without an `r` attribute follow the previous one in its row.
fn shared_string_cells(
    content: &[u8],
    strings: &HashMap<usize, Vec<Run>>,
) -> HashMap<(u32, u32), usize> {
    let mut cells = HashMap::new();
    let mut next_row = 0u32;
    let mut next = (0u32, 0u32);
    // The position of the open shared-string cell, waiting for its <v>.
    let mut pending: Option<(u32, u32)> = None;
    for tag in Tags::new(content) {
        match (tag.local_name(), tag.kind) {
            (b"row", Kind::Open | Kind::SelfClosing) => {
                let row = tag
                    .attribute(b"r")
                    .and_then(|r| std::str::from_utf8(r).ok()?.trim().parse::<u32>().ok())
                    .and_then(|r| r.checked_sub(1))
                    .unwrap_or(next_row);
                next_row = row.saturating_add(1);
                next = (row, 0);
            }
            (b"c", Kind::Open | Kind::SelfClosing) => {
                let position = tag.attribute(b"r").and_then(a1_position).unwrap_or(next);
                next = (position.0, position.1.saturating_add(1));
                let shared = tag.attribute(b"t") == Some(&b"s"[..]);
                pending = (shared && tag.kind == Kind::Open).then_some(position);
            }
            (b"c", Kind::Close) => pending = None,
            (b"v", Kind::Open) => {
                if let Some(position) = pending.take()
                    && let Some(index) = std::str::from_utf8(tag.text)
                        .ok()
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .filter(|i| strings.contains_key(i))
                {
                    cells.insert(position, index);
                }
            }
            _ => {}
        }
    }
    cells
}

/// Zero-based (row, column) of an A1 reference such as "AB12".
fn a1_position(reference: &[u8]) -> Option<(u32, u32)> {
    let letters = reference
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = reference.get(..letters)?.iter().try_fold(0u32, |acc, b| {
        Some(acc * 26 + u32::from(b.to_ascii_uppercase().checked_sub(b'A')? + 1))
    })?;
    let row: u32 = std::str::from_utf8(reference.get(letters..)?)
        .ok()?
        .parse()
        .ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
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

    #[test]
    fn runs_of_shared_strings() {
        let sst = r#"<?xml version="1.0"?><sst xmlns="x" count="3" uniqueCount="3">
<si><t>plain</t></si>
<si><r><rPr><b/><rFont val="Times New Roman"/></rPr><t xml:space="preserve">Sở Y tế </t></r><r><rPr><rFont val=".VnTime"/></rPr><t>Së Y tÕ</t></r><rPh sb="0" eb="1"><t>phonetic</t></rPh></si>
<si><t>lead </t><r><t>in_x000D_ cell font</t></r></si>
</sst>"#;
        let strings = rich_strings(sst.as_bytes()).expect("strings");
        assert_eq!(strings.len(), 2);
        assert_eq!(
            strings[&1],
            [
                run("Sở Y tế ", Some("Times New Roman")),
                run("Së Y tÕ", Some(".VnTime"))
            ]
        );
        assert_eq!(
            strings[&2],
            [run("lead", None), run("in\r cell font", None)]
        );
    }

    #[test]
    fn cells_by_position() {
        let strings: HashMap<usize, Vec<Run>> = [(1, vec![]), (2, vec![])].into_iter().collect();
        let sheet = br#"<worksheet><sheetData>
<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>0</v></c><c t="s"><v>2</v></c></row>
<row><c t="s" s="3"><v>2</v></c><c r="AB3"><v>1</v></c></row>
<x:row r="9"><x:c r="D9" t="s"><x:v>1</x:v></x:c></x:row>
</sheetData></worksheet>"#;
        let cells = shared_string_cells(sheet, &strings);
        let expected: HashMap<(u32, u32), usize> =
            [((1, 0), 1), ((1, 2), 2), ((2, 0), 2), ((8, 3), 1)]
                .into_iter()
                .collect();
        assert_eq!(cells, expected);
        assert_eq!(a1_position(b"AB12"), Some((11, 27)));
        assert_eq!(a1_position(b"A0"), None);
        assert_eq!(a1_position(b"12"), None);
    }

    #[test]
    fn sheet_parts_by_relationship() {
        let workbook = br#"<workbook><sheets><sheet name="B&#7843;ng &amp; 1" sheetId="1" r:id="rId2"/></sheets></workbook>"#;
        let rels = br#"<Relationships><Relationship Id="rId2" Target="worksheets/sheet1.xml"/><Relationship Id="rId3" Target="/xl/worksheets/sheet2.xml"/></Relationships>"#;
        assert_eq!(
            sheet_ids(workbook),
            [("Bảng & 1".to_string(), "rId2".to_string())]
        );
        let targets = relationship_targets(rels);
        assert_eq!(targets["rId2"], "xl/worksheets/sheet1.xml");
        assert_eq!(targets["rId3"], "xl/worksheets/sheet2.xml");
    }
}
