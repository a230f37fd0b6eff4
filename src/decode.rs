//! Decoding (giải mã chữ Việt cũ): the stage between reading and checking.
//! Every text cell of every sheet is decided column by column — font as the
//! prior, the text as the evidence, the column's majority for short cells,
//! the sheet's for a column whose text decides nothing — and legacy
//! TCVN3/VNI/VIQR/Windows-1258 text converted to Unicode. The result is a
//! [`Decoded`] workbook: `check` takes nothing else, so no reader of cell
//! text can skip this stage, and `convert` writes its copies from it.
//!
//! Depends on `read` grids, `issue` (cell addresses) and the pure `text`
//! functions; never on `rules`, `check` or anything above.

use crate::issue::{Code, Issue, Params, a1};
use crate::read::{Cell, Sheet, Value, Workbook};
use crate::text::{self, Basis, Encoding, FontClass};
use std::collections::BTreeMap;

/// What was converted on one sheet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SheetReport {
    /// Converted cells per encoding, and how each was decided (basis label → count).
    pub converted: BTreeMap<&'static str, (usize, BTreeMap<&'static str, usize>)>,
    /// Cells whose evidence conflicts (A1).
    pub uncertain: Vec<String>,
}

impl SheetReport {
    /// The encoding most cells were converted from, if any.
    pub fn main_encoding(&self) -> Option<&'static str> {
        self.converted
            .iter()
            .max_by_key(|(_, (n, _))| *n)
            .map(|(e, _)| *e)
    }

    pub fn converted_cells(&self) -> usize {
        self.converted.values().map(|(n, _)| n).sum()
    }

    /// The findings of one sheet's conversion, without their place: one
    /// `legacy-encoding` per encoding converted from (its label, the cells
    /// converted, how they were decided), then `uncertain-encoding` at the
    /// first cell an officer should look at (listing at most 20).
    pub fn issues(&self) -> Vec<Issue> {
        let mut issues: Vec<Issue> = self
            .converted
            .iter()
            .map(|(name, (cells, bases))| {
                let bases = bases.iter().map(|(label, n)| {
                    Params::new()
                        .int("cells", *n)
                        .text("basis", basis_key(label))
                });
                let params = Params::new()
                    .text(
                        "encoding",
                        Encoding::parse(name).map_or(*name, |e| e.label()),
                    )
                    .int("cells", *cells)
                    .records("bases", bases);
                Issue::new(Code::LegacyEncoding, params)
            })
            .collect();
        if let Some(first) = self.uncertain.first() {
            let shown = self.uncertain.iter().take(20).map(String::as_str);
            let more = self.uncertain.len().saturating_sub(20);
            let params = Params::new()
                .int("count", self.uncertain.len())
                .texts("cells", shown)
                .int("more", more);
            issues.push(Issue::new(Code::UncertainEncoding, params).cell(first.as_str()));
        }
        issues
    }
}

/// The machine name of a basis, from the label the report counts it by.
fn basis_key(label: &str) -> &'static str {
    [Basis::NoEvidence, Basis::Content, Basis::Font, Basis::Vote]
        .into_iter()
        .find(|b| b.label() == label)
        .map_or("", Basis::as_str)
}

/// One piece of text to decide: a whole cell, or one run of a rich-text
/// cell, borrowed from the sheet.
struct Piece<'a> {
    row: u32,
    col: u32,
    run: Option<usize>,
    surface: &'a str,
    font: FontClass,
}

/// A workbook whose text is Unicode (bảng tính đã giải mã): made only by
/// [`decode`], with what was converted on each sheet.
#[derive(Clone, Debug)]
pub struct Decoded {
    workbook: Workbook,
    reports: Vec<SheetReport>,
}

impl Decoded {
    /// The workbook, every text cell in Unicode.
    pub fn workbook(&self) -> &Workbook {
        &self.workbook
    }

    /// Each sheet with what was converted on it, in workbook order.
    pub fn sheets(&self) -> impl Iterator<Item = (&Sheet, &SheetReport)> {
        self.workbook.sheets.iter().zip(&self.reports)
    }

    /// What was converted on the sheet at `index`.
    pub fn report(&self, index: usize) -> Option<&SheetReport> {
        self.reports.get(index)
    }
}

/// Convert every text cell of `workbook` to Unicode, in place (the
/// workbook as read is consumed: the cell text is not copied).
pub fn decode(mut workbook: Workbook) -> Decoded {
    let reports = workbook.sheets.iter_mut().map(convert_sheet).collect();
    Decoded { workbook, reports }
}

/// Font classes of the font names met on a sheet (a handful), looked up
/// by name.
#[derive(Default)]
struct Fonts<'a>(Vec<(&'a str, FontClass)>);

impl<'a> Fonts<'a> {
    fn class(&mut self, font: Option<&'a String>) -> FontClass {
        let Some(name) = font else {
            return FontClass::Other;
        };
        if let Some((_, class)) = self.0.iter().find(|(n, _)| *n == name.as_str()) {
            return *class;
        }
        let class = text::font_class(name);
        self.0.push((name.as_str(), class));
        class
    }
}

fn convert_sheet(sheet: &mut Sheet) -> SheetReport {
    let mut report = SheetReport::default();
    // The text of each piece after conversion, None where it stays as it
    // is, in column order (a cell's pieces one after the other).
    let mut new_text: Vec<(u32, u32, Option<usize>, Option<String>)> = Vec::new();
    {
        let sheet: &Sheet = sheet;
        let mut columns: Vec<Vec<Piece>> = Vec::new();
        columns.resize_with(sheet.width as usize, Vec::new);
        let mut fonts = Fonts::default();
        let (end_row, end_col) = sheet.end();
        for r in sheet.origin.0..end_row {
            for c in sheet.origin.1..end_col {
                let cell = sheet.get(r, c);
                let Value::Text(t) = &cell.value else {
                    continue;
                };
                let column = &mut columns[(c - sheet.origin.1) as usize];
                match &cell.runs {
                    Some(runs) => {
                        for (k, run) in runs.iter().enumerate() {
                            column.push(Piece {
                                row: r,
                                col: c,
                                run: Some(k),
                                surface: &run.text,
                                font: fonts.class(run.font.as_ref().or(cell.font.as_ref())),
                            });
                        }
                    }
                    None => column.push(Piece {
                        row: r,
                        col: c,
                        run: None,
                        surface: t,
                        font: fonts.class(cell.font.as_ref()),
                    }),
                }
            }
        }
        columns.retain(|pieces| !pieces.is_empty());
        // Each piece's evidence, computed once for the sheet's votes and its
        // column's decision.
        let evidence: Vec<Vec<text::CellEvidence>> = columns
            .iter()
            .map(|pieces| pieces.iter().map(|p| text::evidence(p.surface)).collect())
            .collect();
        // The sheet as a whole votes first: a column whose text decides
        // nothing (a header alone in its column) follows it.
        let all_fonts: Vec<FontClass> = columns.iter().flatten().map(|p| p.font).collect();
        let all_evidence: Vec<text::CellEvidence> = evidence.iter().flatten().copied().collect();
        let sheet_votes = text::Votes::of_evidence(&all_evidence, &all_fonts);
        for (pieces, evidence) in columns.iter().zip(&evidence) {
            let input: Vec<(&str, FontClass)> =
                pieces.iter().map(|p| (p.surface, p.font)).collect();
            let decision = text::decide_with_evidence(&input, evidence, Some(&sheet_votes));
            for (p, choice) in pieces.iter().zip(&decision.cells) {
                // Conversion trims each piece; a run keeps the spaces at its
                // edges so that the joined cell text keeps its words apart.
                let converted = choice.apply_changed(p.surface).and_then(|t| match p.run {
                    Some(_) => Some(keep_edges(p.surface, t)).filter(|t| t != p.surface),
                    None => Some(t),
                });
                if choice.encoding != Encoding::Unicode {
                    let entry = report
                        .converted
                        .entry(choice.encoding.as_str())
                        .or_default();
                    entry.0 += 1;
                    *entry.1.entry(choice.basis.label()).or_default() += 1;
                }
                if choice.uncertain {
                    let cell = a1(p.row, p.col);
                    if report.uncertain.last() != Some(&cell) {
                        report.uncertain.push(cell);
                    }
                }
                new_text.push((p.row, p.col, p.run, converted));
            }
        }
    }
    let mut pieces = new_text.into_iter().peekable();
    while let Some((r, c, run, converted)) = pieces.next() {
        let Some(cell) = cell_mut(sheet, r, c) else {
            continue;
        };
        match &mut cell.runs {
            None => {
                if let Some(t) = converted {
                    cell.value = Value::Text(t);
                }
            }
            Some(runs) => {
                // Every run of the cell, each replaced where it changed; the
                // cell's text is the runs joined.
                let mut set = |k: Option<usize>, t: Option<String>| {
                    if let (Some(run), Some(t)) = (k.and_then(|k| runs.get_mut(k)), t) {
                        run.text = t;
                    }
                };
                set(run, converted);
                while let Some((_, _, k, t)) = pieces.next_if(|p| (p.0, p.1) == (r, c)) {
                    set(k, t);
                }
                let joined: String = runs.iter().map(|r| r.text.as_str()).collect();
                if !matches!(&cell.value, Value::Text(v) if *v == joined) {
                    cell.value = Value::Text(joined);
                }
            }
        }
    }
    report
}

/// `converted` with the whitespace that `surface` had at its start and end.
fn keep_edges(surface: &str, converted: String) -> String {
    let lead = surface.len() - surface.trim_start().len();
    let trail = surface.len() - surface.trim_end().len();
    if surface.trim().is_empty() {
        return surface.to_string();
    }
    format!(
        "{}{converted}{}",
        &surface[..lead],
        &surface[surface.len() - trail..]
    )
}

fn cell_mut(sheet: &mut Sheet, row: u32, col: u32) -> Option<&mut Cell> {
    let (r0, c0) = sheet.origin;
    if row < r0 || col < c0 || row - r0 >= sheet.height || col - c0 >= sheet.width {
        return None;
    }
    let idx = (row - r0) as usize * sheet.width as usize + (col - c0) as usize;
    sheet.cells.get_mut(idx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::encode;

    /// The conversion as it was before pieces were borrowed and each
    /// piece's evidence computed once: the reference for
    /// [`convert_sheet`].
    mod reference {
        use super::super::{SheetReport, cell_mut, keep_edges};
        use crate::issue::a1;
        use crate::read::{Sheet, Value};
        use crate::text::{self, Encoding, FontClass};
        use std::collections::BTreeMap;

        struct Piece {
            row: u32,
            col: u32,
            run: Option<usize>,
            surface: String,
            font: FontClass,
        }

        fn font_of(font: &Option<String>) -> FontClass {
            font.as_deref()
                .map(text::font_class)
                .unwrap_or(FontClass::Other)
        }

        pub fn convert_sheet(sheet: &mut Sheet) -> SheetReport {
            let mut by_column: BTreeMap<u32, Vec<Piece>> = BTreeMap::new();
            let (end_row, end_col) = sheet.end();
            for r in sheet.origin.0..end_row {
                for c in sheet.origin.1..end_col {
                    let cell = sheet.get(r, c);
                    let Value::Text(t) = &cell.value else {
                        continue;
                    };
                    match &cell.runs {
                        Some(runs) => {
                            for (k, run) in runs.iter().enumerate() {
                                let font = run.font.as_ref().or(cell.font.as_ref()).cloned();
                                by_column.entry(c).or_default().push(Piece {
                                    row: r,
                                    col: c,
                                    run: Some(k),
                                    surface: run.text.clone(),
                                    font: font_of(&font),
                                });
                            }
                        }
                        None => by_column.entry(c).or_default().push(Piece {
                            row: r,
                            col: c,
                            run: None,
                            surface: t.clone(),
                            font: font_of(&cell.font),
                        }),
                    }
                }
            }
            let mut report = SheetReport::default();
            let all: Vec<(&str, FontClass)> = by_column
                .values()
                .flatten()
                .map(|p| (p.surface.as_str(), p.font))
                .collect();
            let sheet_votes = text::Votes::of(&all);
            type Pieces = Vec<(Option<usize>, String)>;
            let mut new_text: BTreeMap<(u32, u32), Pieces> = BTreeMap::new();
            for pieces in by_column.values() {
                let input: Vec<(&str, FontClass)> = pieces
                    .iter()
                    .map(|p| (p.surface.as_str(), p.font))
                    .collect();
                let decision = text::decide_within(&input, Some(&sheet_votes));
                for (p, choice) in pieces.iter().zip(&decision.cells) {
                    let mut converted = choice.apply(&p.surface);
                    if p.run.is_some() {
                        converted = keep_edges(&p.surface, converted);
                    }
                    if choice.encoding != Encoding::Unicode {
                        let entry = report
                            .converted
                            .entry(choice.encoding.as_str())
                            .or_default();
                        entry.0 += 1;
                        *entry.1.entry(choice.basis.label()).or_default() += 1;
                    }
                    if choice.uncertain {
                        let cell = a1(p.row, p.col);
                        if report.uncertain.last() != Some(&cell) {
                            report.uncertain.push(cell);
                        }
                    }
                    new_text
                        .entry((p.row, p.col))
                        .or_default()
                        .push((p.run, converted));
                }
            }
            for ((r, c), parts) in new_text {
                let Some(cell) = cell_mut(sheet, r, c) else {
                    continue;
                };
                let joined: String = parts.iter().map(|(_, t)| t.as_str()).collect();
                if let Some(runs) = &mut cell.runs {
                    for (k, t) in parts {
                        if let Some(run) = k.and_then(|k| runs.get_mut(k)) {
                            run.text = t;
                        }
                    }
                }
                cell.value = Value::Text(joined);
            }
            report
        }
    }

    /// Both conversions of a sheet give the same sheet and report.
    fn assert_same_conversion(sheet: &Sheet, what: &str) {
        let (mut fast, mut slow) = (sheet.clone(), sheet.clone());
        let report = convert_sheet(&mut fast);
        let expected = reference::convert_sheet(&mut slow);
        assert_eq!(report, expected, "{what}: {}", sheet.name);
        let json = |s: &Sheet| serde_json::to_string(s).expect("sheet as JSON");
        assert_eq!(json(&fast), json(&slow), "{what}: {}", sheet.name);
    }

    #[test]
    fn every_fixture_workbook_converts_as_before() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![
            root.join("tests"),
            root.join("samples"),
            root.join("templates"),
        ];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    // Hostile files test the reader's limits, not conversion.
                    if !p.ends_with("hostile") {
                        dirs.push(p);
                    }
                } else if p
                    .extension()
                    .is_some_and(|x| ["xlsx", "xls", "ods", "xlsm"].iter().any(|e| x == *e))
                {
                    files.push(p);
                }
            }
        }
        files.sort();
        let mut sheets = 0;
        for f in &files {
            let Ok(loaded) = crate::read::read_file(f) else {
                continue;
            };
            for sheet in &loaded.workbook.sheets {
                assert_same_conversion(sheet, &f.display().to_string());
                sheets += 1;
            }
        }
        assert!(sheets > 50, "{sheets} sheets in {} files", files.len());
    }

    #[test]
    fn generated_sheets_convert_as_before() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/text");
        let mut lines: Vec<String> = Vec::new();
        for name in [
            "corpus.txt",
            "corpus.nfd.txt",
            "corpus.tcvn3.txt",
            "corpus.vni.txt",
            "corpus.cp1258.txt",
            "corpus.viscii.txt",
            "corpus.vps.txt",
        ] {
            let text = std::fs::read_to_string(format!("{dir}/{name}")).expect("golden file");
            lines.extend(text.lines().map(String::from));
        }
        let fonts = [
            None,
            Some(".VnTime"),
            Some(".VnTimeH"),
            Some("VNI-Times"),
            Some("VPS Times"),
            Some("VISCII"),
            Some("Times New Roman"),
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: usize| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 33) as usize % n
        };
        for k in 0..120 {
            let (height, width) = (1 + next(12), 1 + next(5));
            let mut rows = Vec::new();
            for _ in 0..height {
                let mut row = Vec::new();
                for _ in 0..width {
                    let line = &lines[next(lines.len())];
                    let words: Vec<&str> = line.split(' ').collect();
                    let from = next(words.len());
                    let text = words[from..(from + 1 + next(6)).min(words.len())].join(" ");
                    let font = fonts[next(fonts.len())].map(str::to_string);
                    let cell = match next(8) {
                        0 => Cell::number(next(100) as f64),
                        1 => Cell::default(),
                        2 => Cell::with_font(Value::Text(format!("  {text}\n{text} ")), font),
                        3 => {
                            // Rich text: runs with their own fonts, spaces at the edges.
                            let runs: Vec<crate::read::Run> = words
                                [from..(from + 1 + next(4)).min(words.len())]
                                .iter()
                                .enumerate()
                                .map(|(i, w)| crate::read::Run {
                                    text: match i % 3 {
                                        0 => format!("{w} "),
                                        1 => format!(" {w}"),
                                        _ => " ".to_string(),
                                    },
                                    font: fonts[next(fonts.len())].map(str::to_string),
                                })
                                .collect();
                            let joined: String = runs.iter().map(|r| r.text.as_str()).collect();
                            let mut cell = Cell::with_font(Value::Text(joined), font);
                            cell.runs = Some(runs);
                            cell
                        }
                        _ => Cell::with_font(Value::Text(text), font),
                    };
                    row.push(cell);
                }
                rows.push(row);
            }
            assert_same_conversion(&Sheet::from_rows(&format!("S{k}"), rows), "generated");
        }
    }

    fn tcvn3(text: &str, font: Option<&str>) -> Cell {
        Cell::with_font(
            Value::Text(encode(text, Encoding::Tcvn3).expect("encodable")),
            font.map(str::to_string),
        )
    }

    /// A sheet typed in TCVN3 whose "Ghi chú" header stands alone in its
    /// column ("Ghi chó" also reads as Unicode).
    fn sheet(font: Option<&str>) -> Sheet {
        let mut rows = vec![vec![
            tcvn3("STT", font),
            tcvn3("Nội dung tiêu chí", font),
            tcvn3("Điểm tự chấm", font),
            tcvn3("Ghi chú", font),
        ]];
        for title in [
            "Hoàn thành các chỉ tiêu được giao",
            "Thực hiện cải cách hành chính",
            "Công tác thi đua, khen thưởng",
            "Xây dựng tổ chức đảng trong sạch",
        ] {
            rows.push(vec![
                Cell::number(1.0),
                tcvn3(title, font),
                Cell::number(5.0),
                Cell::default(),
            ]);
        }
        Sheet::from_rows("Sheet1", rows)
    }

    #[test]
    fn a_lone_header_cell_follows_a_sheet_clearly_in_tcvn3() {
        for font in [Some(".VnTime"), None] {
            let mut s = sheet(font);
            let report = convert_sheet(&mut s);
            assert_eq!(report.uncertain, Vec::<String>::new(), "font {font:?}");
            assert_eq!(
                s.get(0, 3).value,
                Value::Text("Ghi chú".into()),
                "font {font:?}"
            );
            assert_eq!(
                s.get(1, 1).value,
                Value::Text("Hoàn thành các chỉ tiêu được giao".into())
            );
        }
    }

    #[test]
    fn unicode_in_a_unicode_sheet_is_never_converted() {
        let unicode = |t: &str| Cell::text(t);
        let mut s = Sheet::from_rows(
            "Sheet1",
            vec![
                vec![unicode("Nội dung tiêu chí"), unicode("Ghi chó")],
                vec![
                    unicode("Hoàn thành các chỉ tiêu được giao"),
                    Cell::default(),
                ],
                vec![unicode("Thực hiện cải cách hành chính"), Cell::default()],
            ],
        );
        let report = convert_sheet(&mut s);
        assert_eq!(report.converted_cells(), 0);
        assert_eq!(s.get(0, 1).value, Value::Text("Ghi chó".into()));
    }
}
