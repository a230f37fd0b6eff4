//! Opening a workbook with calamine, in the format already decided by
//! sniffing, and turning every sheet into [`SparseSheet`]s: values,
//! formulas, merged ranges, font names, number formats and columns (.xlsx
//! cell fonts and number formats from calamine; .xlsx run fonts and
//! columns from `xlsx_runs`; .xls from `biff`; .ods from `ods_content` and
//! `ods_styles`).
//!
//! The only module that sees calamine types; none of them leave it. Never
//! panics: calamine runs under `catch_unwind`, a panic means a damaged file.

use super::biff::XlsFonts;
use super::error::ReadError;
use super::grid::{Cell, Merge, Value, Workbook};
use super::guard;
use super::layout;
use super::ods_content;
use super::ods_styles::{self, OdsStyles};
use super::package::Package;
use super::sniff::Format;
use super::sparse::{MAX_SHEET_CELLS, SparseSheet};
use super::xlsx_runs::XlsxRuns;
use crate::issue::parse_a1;
use calamine::{
    Data, DataRef, Dimensions, ExcelDateTime, Ods, OdsError, Range, Reader, SheetType, Style, Xls,
    XlsError, Xlsx, XlsxError,
};
use std::io::Cursor;
use std::panic::{self, AssertUnwindSafe};

/// Read every sheet of an .xlsx, .xlsm or .ods package already inflated
/// within limits: calamine is given the parts repacked without
/// compression, our own readers the same parts.
pub fn open_package(package: &Package, format: Format) -> Result<Workbook, ReadError> {
    let repacked = package.repacked()?;
    let tables = match format {
        Format::Ods => {
            let tables = ods_content::tables(package);
            guard::check_ods(&tables)?;
            tables
        }
        _ => Vec::new(),
    };
    guarded(format, || match format {
        Format::Ods => read_ods(&repacked, package, tables),
        _ => read_xlsx(&repacked, package, format),
    })
}

/// Read every sheet of an .xls file, once its declared sizes are checked;
/// our reader of fonts is given the workbook stream the check read.
pub fn open_xls(bytes: &[u8]) -> Result<Workbook, ReadError> {
    let stream = guard::check_xls(bytes)?;
    guarded(Format::Xls, || read_xls(bytes, &stream))
}

/// Run a reader under `catch_unwind`: a panic in calamine means a damaged
/// file, not a failed run.
fn guarded(
    format: Format,
    read: impl FnOnce() -> Result<Vec<SparseSheet>, ReadError>,
) -> Result<Workbook, ReadError> {
    let sheets = panic::catch_unwind(AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err(ReadError::Corrupt {
            format: format.as_str(),
            detail: "the reader stopped on malformed content".to_string(),
        })
    })?;
    Ok(Workbook {
        sheets: sheets.into_iter().map(SparseSheet::build).collect(),
    })
}

fn read_xlsx(
    bytes: &[u8],
    package: &Package,
    format: Format,
) -> Result<Vec<SparseSheet>, ReadError> {
    let corrupt = |e: XlsxError| match e {
        XlsxError::Password => ReadError::Encrypted,
        e => ReadError::Corrupt {
            format: format.as_str(),
            detail: e.to_string(),
        },
    };
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(corrupt)?;
    let runs = XlsxRuns::read(package);
    let metadata = sheet_list(book.sheets_metadata())?;
    let mut sheets = Vec::with_capacity(metadata.len());
    for meta in metadata {
        let mut sheet = SparseSheet::new(&meta.name);
        if meta.typ == SheetType::WorkSheet {
            // Values and styles in one streaming pass, formulas in a
            // second: nothing is allocated for the sheet's bounding box,
            // and empty cells are not kept at all.
            let mut cells = book.worksheet_cells_reader(&meta.name).map_err(corrupt)?;
            let fonts: Vec<Option<String>> = cells.styles().iter().map(font_name).collect();
            let formats: Vec<Option<String>> = cells.styles().iter().map(number_format).collect();
            let mut inline = false;
            while let Some((cell, style)) = cells.next_cell_with_style_id().map_err(corrupt)? {
                let (row, col) = cell.get_position();
                let value = data_ref_value(cell.get_value());
                if value == Value::Empty {
                    continue;
                }
                inline |= matches!(cell.get_value(), DataRef::String(_));
                let font = fonts.get(style).cloned().flatten();
                let mut cell = Cell::with_font(value, font);
                layout::set_number_format(&mut cell, formats.get(style).and_then(Option::as_deref));
                sheet.cells.push((row, col, cell));
                if sheet.cells.len() as u64 > MAX_SHEET_CELLS {
                    // Kept by name only, as a sheet whose used area is
                    // too large; the other sheets are still read.
                    sheet.cells = Vec::new();
                    sheet.oversized = true;
                    break;
                }
            }
            drop(cells);
            if sheet.oversized {
                sheets.push(sheet);
                continue;
            }
            if let Some(runs) = &runs {
                runs.apply(&meta.name, &mut sheet.cells, inline);
                sheet.columns = runs.columns(&meta.name);
            }
            // The sheet's XML as our readers see it: a sheet without any
            // formula is not read a second time for formulas, and its
            // merged ranges are read from their own element.
            let part = runs.as_ref().and_then(|r| r.sheet_part(&meta.name));
            if part.is_none_or(has_formulas) {
                let mut formulas = book.worksheet_cells_reader(&meta.name).map_err(corrupt)?;
                while let Some(cell) = formulas.next_formula().map_err(corrupt)? {
                    let (row, col) = cell.get_position();
                    let formula = cell.get_value();
                    if !formula.is_empty() {
                        sheet.formulas.push((row, col, formula.clone()));
                    }
                }
            }
            sheet.merges = match part.and_then(merged_ranges) {
                Some(merges) => merges,
                None => book
                    .merge_cells_by_sheet_name(&meta.name)
                    .map_err(corrupt)?
                    .iter()
                    .map(merge)
                    .collect(),
            };
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn read_xls(bytes: &[u8], stream: &[u8]) -> Result<Vec<SparseSheet>, ReadError> {
    let corrupt = |e: XlsError| match e {
        XlsError::Password => ReadError::Encrypted,
        e => ReadError::Corrupt {
            format: Format::Xls.as_str(),
            detail: e.to_string(),
        },
    };
    let mut book = Xls::new(Cursor::new(bytes)).map_err(corrupt)?;
    let metadata = sheet_list(book.sheets_metadata())?;
    let mut sheets = Vec::with_capacity(metadata.len());
    for meta in metadata {
        let mut sheet = SparseSheet::new(&meta.name);
        if meta.typ == SheetType::WorkSheet {
            let values = book.worksheet_range(&meta.name).map_err(corrupt)?;
            sheet.cells = used_values(&values);
            // Excel always saves formula results in .xls, so formulas only
            // matter when a value is missing; a formula the parser does
            // not understand must not make the whole file unreadable.
            if let Ok(formulas) = book.worksheet_formula(&meta.name) {
                sheet.formulas = used_formulas(&formulas);
            }
            let merges = book
                .merge_cells_by_sheet_name(&meta.name)
                .map_err(corrupt)?;
            sheet.merges = merges.iter().map(merge).collect();
        }
        sheets.push(sheet);
    }
    if let Some(fonts) = XlsFonts::from_stream(stream) {
        // Sheets are matched by order; a different count is a file we do
        // not understand: no fonts then (the code page still applies).
        let same = fonts.sheet_count() == sheets.len();
        for (index, sheet) in sheets.iter_mut().enumerate() {
            let index = if same { index } else { usize::MAX };
            fonts.apply(index, &mut sheet.cells);
            sheet.columns = fonts.columns(index);
        }
    }
    Ok(sheets)
}

/// `tables` is our own scan of the content, for the merged ranges.
fn read_ods(
    bytes: &[u8],
    package: &Package,
    tables: Vec<ods_content::Table>,
) -> Result<Vec<SparseSheet>, ReadError> {
    let corrupt = |e: OdsError| match e {
        OdsError::Password => ReadError::Encrypted,
        e => ReadError::Corrupt {
            format: Format::Ods.as_str(),
            detail: e.to_string(),
        },
    };
    let mut book = Ods::new(Cursor::new(bytes)).map_err(corrupt)?;
    let styles = OdsStyles::read(package);
    let mut tables = tables.into_iter();
    let metadata = sheet_list(book.sheets_metadata())?;
    let mut sheets = Vec::with_capacity(metadata.len());
    for meta in metadata {
        let mut sheet = SparseSheet::new(&meta.name);
        let values = book.worksheet_range(&meta.name).map_err(corrupt)?;
        sheet.cells = used_values(&values);
        // As for .xls: formulas are a help, not a condition for reading.
        if let Ok(formulas) = book.worksheet_formula(&meta.name) {
            sheet.formulas = used_formulas(&formulas);
        }
        if let Some(table) = tables.next() {
            sheet.columns = ods_styles::apply(&styles, &table, &mut sheet.cells);
            sheet.merges = table.merges;
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// The non-empty cells of a value range, at absolute positions.
/// The sheets a workbook lists, refused beyond [`guard::MAX_SHEETS`].
fn sheet_list(metadata: &[calamine::Sheet]) -> Result<Vec<calamine::Sheet>, ReadError> {
    if metadata.len() > guard::MAX_SHEETS {
        return Err(ReadError::TooManySheets {
            sheets: metadata.len(),
        });
    }
    Ok(metadata.to_vec())
}

fn used_values(range: &Range<Data>) -> Vec<(u32, u32, Cell)> {
    let (r0, c0) = range.start().unwrap_or_default();
    range
        .used_cells()
        .map(|(row, col, data)| {
            (
                r0 + row as u32,
                c0 + col as u32,
                Cell::with_font(data_value(data), None),
            )
        })
        .collect()
}

/// The non-empty formulas of a formula range, at absolute positions.
fn used_formulas(range: &Range<String>) -> Vec<(u32, u32, String)> {
    let (r0, c0) = range.start().unwrap_or_default();
    range
        .used_cells()
        .map(|(row, col, formula)| (r0 + row as u32, c0 + col as u32, formula.clone()))
        .collect()
}

/// Whether a sheet's XML may hold a formula (`<f>`, `<f …>`, `<x:f>`):
/// false only when no such element can be there.
fn has_formulas(xml: &[u8]) -> bool {
    memchr::memmem::find_iter(xml, b"f").any(|at| {
        at > 0
            && matches!(xml[at - 1], b'<' | b':')
            && matches!(
                xml.get(at + 1),
                Some(b'>' | b' ' | b'/' | b'\t' | b'\r' | b'\n')
            )
    })
}

/// The merged ranges of a sheet from its `<mergeCells>` element, as
/// calamine reads them; `None` when a reference is not a plain A1 range
/// (calamine then reads them, and says what is wrong).
fn merged_ranges(xml: &[u8]) -> Option<Vec<Merge>> {
    let start = memchr::memmem::find(xml, b"mergeCells");
    let Some(start) = start else {
        return Some(Vec::new());
    };
    let mut merges = Vec::new();
    // From the markup the name is in.
    let open = memchr::memrchr(b'<', &xml[..start]).unwrap_or(0);
    for tag in super::xml::Tags::new(&xml[open..]) {
        match (tag.kind, tag.local_name()) {
            (super::xml::Kind::Close, b"mergeCells") => break,
            (super::xml::Kind::Close, _) => {}
            (_, b"mergeCell") => {
                let Some(reference) = tag.attribute(b"ref") else {
                    continue;
                };
                let mut ends = reference.split(|b| *b == b':');
                let first = parse_a1(ends.next()?)?;
                let last = match ends.next() {
                    Some(end) => parse_a1(end)?,
                    None => first,
                };
                if ends.next().is_some() {
                    return None;
                }
                merges.push(merge(&Dimensions {
                    start: first,
                    end: last,
                }));
            }
            _ => {}
        }
    }
    Some(merges)
}

fn merge(d: &Dimensions) -> Merge {
    Merge {
        first: (d.start.0.min(d.end.0), d.start.1.min(d.end.1)),
        last: (d.start.0.max(d.end.0), d.start.1.max(d.end.1)),
    }
}

fn font_name(style: &Style) -> Option<String> {
    style.font.as_ref().and_then(|font| font.name.clone())
}

fn number_format(style: &Style) -> Option<String> {
    style
        .number_format
        .as_ref()
        .map(|format| format.format_code.clone())
}

fn data_value(data: &Data) -> Value {
    match data {
        Data::Int(n) => Value::Number(*n as f64),
        Data::Float(n) => Value::Number(*n),
        Data::String(s) => Value::Text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => Value::Date(date_text(d)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Date(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

fn data_ref_value(data: &DataRef<'_>) -> Value {
    match data {
        DataRef::Int(n) => Value::Number(*n as f64),
        DataRef::Float(n) => Value::Number(*n),
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text(s.to_string()),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) => Value::Date(date_text(d)),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Date(s.clone()),
        DataRef::Error(e) => Value::Error(e.to_string()),
        DataRef::Empty => Value::Empty,
    }
}

/// A date as "2024-12-31", with " 08:30:00" when it has a time; a
/// duration as "[h]:mm:ss" ("36:00:00").
fn date_text(d: &ExcelDateTime) -> String {
    if d.is_duration() {
        let seconds = (d.as_f64() * 86_400.0).round();
        if !seconds.is_finite() {
            return d.as_f64().to_string();
        }
        let seconds = seconds as i64;
        let sign = if seconds < 0 { "-" } else { "" };
        let seconds = seconds.unsigned_abs();
        return format!(
            "{sign}{}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        );
    }
    let (year, month, day, hour, minute, second, _) = d.to_ymd_hms_milli();
    let date = format!("{year:04}-{month:02}-{day:02}");
    match (hour, minute, second) {
        (0, 0, 0) => date,
        _ if d.as_f64().abs() < 1.0 => format!("{hour:02}:{minute:02}:{second:02}"),
        _ => format!("{date} {hour:02}:{minute:02}:{second:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// Every .xlsx under the repository's samples and test fixtures.
    fn xlsx_files() -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("xlsx"))
                {
                    out.push(path);
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        walk(&root.join("samples"), &mut out);
        walk(&root.join("tests"), &mut out);
        out.sort();
        out
    }

    /// The shortcuts give what calamine gives: the merged ranges of every
    /// sheet of every .xlsx in the repository, and no formula where the
    /// sheet is said to have none.
    #[test]
    fn merged_ranges_and_formulas_as_calamine_reads_them() {
        let mut sheets = 0;
        let mut with_merges = 0;
        for path in xlsx_files() {
            let bytes = std::fs::read(&path).unwrap();
            let Ok(package) = Package::open(&bytes, "xlsx") else {
                continue;
            };
            let Ok(repacked) = package.repacked() else {
                continue;
            };
            let Ok(mut book) = Xlsx::new(Cursor::new(repacked.as_slice())) else {
                continue;
            };
            let Some(runs) = XlsxRuns::read(&package) else {
                continue;
            };
            for meta in book.sheets_metadata().to_vec() {
                let Some(part) = runs.sheet_part(&meta.name) else {
                    continue;
                };
                if let Ok(theirs) = book.merge_cells_by_sheet_name(&meta.name) {
                    let theirs: Vec<Merge> = theirs.iter().map(merge).collect();
                    if let Some(ours) = merged_ranges(part) {
                        assert_eq!(ours, theirs, "{} › {}", path.display(), meta.name);
                    }
                    with_merges += usize::from(!theirs.is_empty());
                }
                if !has_formulas(part) {
                    let mut reader = book.worksheet_cells_reader(&meta.name).unwrap();
                    while let Some(cell) = reader.next_formula().unwrap() {
                        assert!(
                            cell.get_value().is_empty(),
                            "{} › {}",
                            path.display(),
                            meta.name
                        );
                    }
                }
                sheets += 1;
            }
        }
        assert!(sheets > 40 && with_merges > 20, "{sheets} {with_merges}");
    }

    #[test]
    fn formulas_are_seen() {
        assert!(has_formulas(b"<c r=\"A1\"><f>SUM(B1:B2)</f></c>"));
        assert!(has_formulas(b"<x:c><x:f t=\"shared\" si=\"0\"/></x:c>"));
        assert!(!has_formulas(
            b"<c r=\"A1\" t=\"s\"><v>0</v></c><filterColumn/>"
        ));
    }
}
