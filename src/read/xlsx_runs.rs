//! Rich-text runs of an .xlsx file, which calamine reads as plain text:
//! the fonts of the runs (`<r><rPr><rFont val=…/>`) of shared strings
//! (`xl/sharedStrings.xml`, used by cells `t="s"` with `<v>index</v>`, as
//! Excel writes them) and of inline strings (`<c t="inlineStr"><is>`, as
//! openpyxl writes them), by sheet and cell position.
//!
//! A sheet is scanned again only when some shared string has runs or the
//! sheet has inline strings; shared-string runs are not read at all for
//! workbooks with more than [`MAX_RICH_SHARED_STRINGS`] shared strings.
//! Depends on the inflated `package`, `xml`, `runs` and the grid types.

use super::grid::{Cell, Column, Run};
use super::layout;
use super::package::Package;
use super::runs;
use super::xml::{self, Kind, Tag, Tags};
use crate::issue::parse_a1;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;

/// Above this many shared strings, their runs are not read.
pub const MAX_RICH_SHARED_STRINGS: usize = 200_000;

/// The package, its rich shared strings and where its sheets are.
pub struct XlsxRuns<'a> {
    package: &'a Package,
    /// Pieces of each shared string that has runs; a piece without a
    /// font is in the cell's font.
    strings: HashMap<usize, Vec<Run>>,
    /// Sheet name → part name, read when a sheet is first scanned.
    parts: OnceCell<HashMap<String, String>>,
}

impl<'a> XlsxRuns<'a> {
    /// The rich shared strings of an .xlsx package; None when the package
    /// cannot be read.
    pub fn read(package: &'a Package) -> Option<XlsxRuns<'a>> {
        let strings = package
            .part("xl/sharedStrings.xml")
            .filter(|content| may_have_runs(content))
            .and_then(rich_strings)
            .unwrap_or_default();
        Some(XlsxRuns {
            package,
            strings,
            parts: OnceCell::new(),
        })
    }

    /// Sheet name → part name, from the workbook and its relationships.
    fn parts(&self) -> &HashMap<String, String> {
        self.parts.get_or_init(|| {
            let (Some(workbook), Some(rels)) = (
                self.package.part("xl/workbook.xml"),
                self.package.part("xl/_rels/workbook.xml.rels"),
            ) else {
                return HashMap::new();
            };
            let targets = relationship_targets(rels);
            sheet_ids(workbook)
                .into_iter()
                .filter_map(|(name, id)| Some((name, targets.get(&id)?.clone())))
                .collect()
        })
    }

    /// The XML of a sheet, by its name.
    pub fn sheet_part(&self, sheet: &str) -> Option<&'a [u8]> {
        self.package.part(self.parts().get(sheet)?)
    }

    /// The column widths and hidden columns of a sheet (`<cols>`).
    pub fn columns(&self, sheet: &str) -> Vec<Column> {
        let Some(path) = self.parts().get(sheet) else {
            return Vec::new();
        };
        self.package
            .part(path)
            .map(layout::xlsx_columns)
            .unwrap_or_default()
    }

    /// Give the rich-text cells of a sheet their runs (the cells' fonts
    /// from their styles already set). `inline` tells that the sheet has
    /// inline strings; without them and without rich shared strings the
    /// sheet is not read again.
    pub fn apply(&self, sheet: &str, cells: &mut [(u32, u32, Cell)], inline: bool) {
        if self.strings.is_empty() && !inline {
            return;
        }
        let Some(path) = self.parts().get(sheet) else {
            return;
        };
        let Some(content) = self.package.part(path) else {
            return;
        };
        if self.strings.is_empty() && !may_have_runs(content) {
            // Inline strings, none with runs.
            return;
        }
        let rich = rich_cells(content, &self.strings);
        if rich.is_empty() {
            return;
        }
        for (row, col, cell) in cells.iter_mut() {
            let Some(pieces) = rich.get(&(*row, *col)) else {
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

/// False when the part has no run element at all (`<r>` or `<x:r>`): most
/// workbooks, which then need no scan of their tags.
fn may_have_runs(content: &[u8]) -> bool {
    content
        .windows(3)
        .any(|w| w == b"<r>" || w == b":r>" || w == b"<r ")
}

/// The pieces of one rich string (`<si>` or `<is>`), fed tag by tag.
#[derive(Default)]
struct RichText {
    pieces: Vec<Run>,
    has_runs: bool,
    in_run: bool,
    run_font: Option<String>,
    phonetic: u32,
    unreadable: bool,
}

impl RichText {
    fn tag(&mut self, tag: &Tag<'_>) {
        match (tag.local_name(), tag.kind) {
            (b"rPh", Kind::Open) => self.phonetic += 1,
            (b"rPh", Kind::Close) => self.phonetic = self.phonetic.saturating_sub(1),
            _ if self.phonetic > 0 => {}
            (b"r", Kind::Open) => {
                self.has_runs = true;
                self.in_run = true;
                self.run_font = None;
            }
            (b"r", Kind::Close) => self.in_run = false,
            (b"rFont", Kind::Open | Kind::SelfClosing) if self.in_run => {
                self.run_font = tag.attribute_text(b"val");
            }
            (b"t", Kind::Open) => {
                // As calamine reads it: whitespace trimmed unless preserved.
                let Some(text) = xml::unescape(tag.text) else {
                    self.unreadable = true;
                    return;
                };
                let text = if tag.attribute(b"xml:space") == Some(&b"preserve"[..]) {
                    text.as_str()
                } else {
                    text.trim_matches([' ', '\t', '\r', '\n'])
                };
                self.pieces.push(Run {
                    text: unescape_ooxml(text),
                    font: if self.in_run {
                        self.run_font.clone()
                    } else {
                        None
                    },
                });
            }
            _ => {}
        }
    }

    /// The pieces, if the string has runs and could be read.
    fn finish(self) -> Option<Vec<Run>> {
        (self.has_runs && !self.unreadable).then_some(self.pieces)
    }
}

/// The shared strings that have runs, by index, as pieces; None when
/// there are too many strings.
fn rich_strings(content: &[u8]) -> Option<HashMap<usize, Vec<Run>>> {
    let mut strings = HashMap::new();
    let mut index = 0usize;
    let mut current: Option<RichText> = None;
    for tag in Tags::new(content) {
        match (tag.local_name(), tag.kind) {
            (b"si", Kind::Open) => current = Some(RichText::default()),
            (b"si", Kind::Close | Kind::SelfClosing) => {
                if let Some(pieces) = current.take().and_then(RichText::finish) {
                    strings.insert(index, pieces);
                }
                index += 1;
                if index > MAX_RICH_SHARED_STRINGS {
                    return None;
                }
            }
            _ => {
                if let Some(current) = &mut current {
                    current.tag(&tag);
                }
            }
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

/// The pieces of the rich-text cells of a sheet, by position: cells using
/// one of the rich shared `strings`, and inline strings with runs. Cells
/// without an `r` attribute follow the previous one in its row.
fn rich_cells<'s>(
    content: &[u8],
    strings: &'s HashMap<usize, Vec<Run>>,
) -> HashMap<(u32, u32), Cow<'s, [Run]>> {
    let mut cells = HashMap::new();
    let mut next_row = 0u32;
    let mut next = (0u32, 0u32);
    // The open cell: its position and whether it is a shared string.
    let mut open: Option<((u32, u32), bool)> = None;
    let mut inline: Option<RichText> = None;
    for tag in Tags::new(content) {
        if let Some(rich) = &mut inline {
            if tag.local_name() == b"is" && tag.kind == Kind::Close {
                if let (Some((position, _)), Some(pieces)) =
                    (open, inline.take().and_then(RichText::finish))
                {
                    cells.insert(position, Cow::Owned(pieces));
                }
            } else {
                rich.tag(&tag);
            }
            continue;
        }
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
                let position = tag.attribute(b"r").and_then(parse_a1).unwrap_or(next);
                next = (position.0, position.1.saturating_add(1));
                let shared = tag.attribute(b"t") == Some(&b"s"[..]);
                open = (tag.kind == Kind::Open).then_some((position, shared));
            }
            (b"c", Kind::Close) => open = None,
            (b"is", Kind::Open) if open.is_some() => inline = Some(RichText::default()),
            (b"v", Kind::Open) => {
                if let Some((position, true)) = open
                    && let Some(pieces) = std::str::from_utf8(tag.text)
                        .ok()
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .and_then(|i| strings.get(&i))
                {
                    cells.insert(position, Cow::Borrowed(pieces.as_slice()));
                }
            }
            _ => {}
        }
    }
    cells
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
        let strings: HashMap<usize, Vec<Run>> = [(1, vec![run("x", None)]), (2, vec![])]
            .into_iter()
            .collect();
        let sheet = r#"<worksheet><sheetData>
<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>0</v></c><c t="s"><v>2</v></c></row>
<row><c t="s" s="3"><v>2</v></c><c r="AB3"><v>1</v></c></row>
<x:row r="9"><x:c r="D9" t="s"><x:v>1</x:v></x:c><x:c r="E9" t="inlineStr"><x:is><x:r><x:rPr><x:rFont val="VNI-Times"/></x:rPr><x:t>Coäng</x:t></x:r></x:is></x:c>
<c r="F9" t="inlineStr"><is><t>plain</t></is></c></x:row>
</sheetData></worksheet>"#;
        let cells = rich_cells(sheet.as_bytes(), &strings);
        let mut positions: Vec<(u32, u32)> = cells.keys().copied().collect();
        positions.sort();
        assert_eq!(positions, [(1, 0), (1, 2), (2, 0), (8, 3), (8, 4)]);
        assert_eq!(cells[&(1, 0)].as_ref(), [run("x", None)]);
        assert_eq!(cells[&(8, 4)].as_ref(), [run("Coäng", Some("VNI-Times"))]);
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

    #[test]
    fn unreadable_strings_and_cells_are_left_out() {
        // A string with a character reference XML cannot hold (a lone
        // surrogate) is dropped whole; a row numbered 0 and references
        // beyond the sheet fall back to the position after the last cell.
        let sst = r#"<sst><si><r><rPr><rFont val="A"/></rPr><t xml:space="preserve">a_x00</t></r><r><t>&#xD800;b</t></r><rPh><t>x</t></rPh></si><si/></sst>"#;
        let sheet = r#"<sheetData><row r="0"><c r="ZZZZ1" t="s"><v>99999999999999999999</v></c><c t="inlineStr"><is><r><t>a</t></r></is></c><c r="A1048577" t="s"><v>0</v></c></row></sheetData>"#;
        let strings = rich_strings(sst.as_bytes()).expect("strings");
        assert!(strings.is_empty(), "{strings:?}");
        let cells = rich_cells(sheet.as_bytes(), &strings);
        assert_eq!(cells.len(), 1, "{cells:?}");
        assert_eq!(cells[&(0, 1)].as_ref(), [run("a", None)]);
        assert_eq!(
            unescape_ooxml("_x005F_x000D_ _xZZZZ_ _x00"),
            "_x000D_ _xZZZZ_ _x00"
        );
    }

    #[test]
    fn a_cut_part_gives_only_what_it_holds() {
        let sst = r#"<sst><si><t>plain</t></si><si><r><rPr><rFont val=".VnTime"/></rPr><t>Së</t></r><r><t xml:space="preserve"> Y tÕ</t></r></si><si><r><t>&#xD800;</t></r></si><si><r><rPr><rFont val="VNI-Times"/></rPr><t>Coäng</t></r></si></sst>"#;
        let sheet = r#"<sheetData><row r="2"><c r="A2" t="s"><v>1</v></c><c t="inlineStr"><is><r><rPr><rFont val="VNI-Times"/></rPr><t>hoøa</t></r></is></c><c r="D2" t="s"><v>3</v></c></row><row><c t="s"><v>1</v></c></row></sheetData>"#;
        let strings = rich_strings(sst.as_bytes()).expect("strings");
        assert_eq!(strings.len(), 2);
        let cells = rich_cells(sheet.as_bytes(), &strings);
        assert_eq!(cells.len(), 4);
        for cut in 0..sst.len().max(sheet.len()) {
            // A string is kept only once it is complete, as it is whole.
            let part = rich_strings(&sst.as_bytes()[..cut.min(sst.len())]).expect("strings");
            for (index, pieces) in &part {
                assert_eq!(strings.get(index), Some(pieces), "cut at {cut}");
            }
            // Cells only where the whole sheet has them (a cut index in
            // `<v>` may name another string).
            let part = rich_cells(&sheet.as_bytes()[..cut.min(sheet.len())], &strings);
            for position in part.keys() {
                assert!(cells.contains_key(position), "cut at {cut}: {position:?}");
            }
        }
    }
}
