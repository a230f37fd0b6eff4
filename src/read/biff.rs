//! What calamine does not tell about an .xls file, read from its BIFF
//! records: the font of every cell (FONT and XF records, and the XF index
//! each cell record carries), the fonts of rich-text runs (SST formatting
//! runs, RSTRING records), the code page of BIFF5 files, the number format
//! of every numeric cell (FORMAT records and the XF's format index) and
//! the column widths (COLINFO records).
//!
//! A small, bounds-checked record reader ([`Records`], the one reader of
//! BIFF records: `guard` walks the same) over the workbook stream, which
//! `ole` extracts once for both. Anything inconsistent gives no fonts,
//! never a panic. Depends on `ole`'s byte readers, `runs` and the grid
//! types; never on calamine.

use super::grid::{Cell, Column, Value};
use super::layout;
use super::ole::{u16_at, u32_at};
use super::runs::{self, Units};
use encoding_rs::Encoding;
use std::collections::HashMap;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;
const CODEPAGE: u16 = 0x0042;
const FONT: u16 = 0x0031;
const XF: u16 = 0x00E0;
const BOUNDSHEET: u16 = 0x0085;
const SST: u16 = 0x00FC;
const LABELSST: u16 = 0x00FD;
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const BOOLERR: u16 = 0x0205;
const FORMULA: u16 = 0x0006;
const MULRK: u16 = 0x00BD;
const FORMAT: u16 = 0x041E;
const COLINFO: u16 = 0x007D;

/// Above this many distinct strings the formatting runs are not read
/// (memory stays bounded; cell fonts are still read).
pub const MAX_RICH_SHARED_STRINGS: u32 = 200_000;

/// The fonts of an .xls workbook, sheet by sheet in BOUNDSHEET order (the
/// order calamine lists the sheets in).
#[derive(Debug, Default)]
pub struct XlsFonts {
    biff5: bool,
    codepage: Option<u16>,
    /// Font names in record order (index 4 does not exist, see `font`).
    fonts: Vec<String>,
    /// Font index of every XF record.
    xf_fonts: Vec<u16>,
    /// Number format index of every XF record.
    xf_formats: Vec<u16>,
    /// Format codes of the FORMAT records, by format index.
    formats: HashMap<u16, String>,
    /// SST entries that have formatting runs, by index.
    rich: HashMap<u32, RichText>,
    sheets: Vec<HashMap<(u32, u32), CellStyle>>,
    /// COLINFO columns of every sheet, in BOUNDSHEET order.
    columns: Vec<Vec<Column>>,
}

/// Text with the positions where its font changes.
#[derive(Debug, PartialEq)]
struct RichText {
    text: String,
    /// (first character, font index), as stored.
    runs: Vec<(u16, u16)>,
}

#[derive(Debug, PartialEq)]
struct CellStyle {
    xf: u16,
    rich: Rich,
}

#[derive(Debug, PartialEq)]
enum Rich {
    None,
    Sst(u32),
    Own(Box<RichText>),
}

impl XlsFonts {
    /// Read the fonts of an .xls file from its workbook stream; None when
    /// it does not start like a BIFF5/BIFF8 workbook.
    pub fn from_stream(stream: &[u8]) -> Option<XlsFonts> {
        let mut fonts = XlsFonts::default();
        let mut records = Records::new(stream, 0);
        let (typ, bof) = records.next()?;
        if typ != BOF {
            return None;
        }
        fonts.biff5 = match (u16_at(bof, 0)?, u16_at(bof, 2).unwrap_or(0)) {
            (0x0600, _) => false,
            (0x0500, _) | (0, 0x1000) => true,
            (0x0200 | 0x0300 | 0x0400, _) => return None,
            _ => false,
        };
        let mut offsets = Vec::new();
        while let Some((typ, data)) = records.next() {
            match typ {
                EOF => break,
                CODEPAGE => fonts.codepage = u16_at(data, 0),
                FONT => fonts.fonts.push(fonts.font_name(data).unwrap_or_default()),
                XF => {
                    fonts.xf_fonts.push(u16_at(data, 0)?);
                    fonts.xf_formats.push(u16_at(data, 2).unwrap_or(0));
                }
                FORMAT => {
                    if let (Some(index), Some(code)) = (u16_at(data, 0), fonts.format_code(data)) {
                        fonts.formats.insert(index, code);
                    }
                }
                BOUNDSHEET => offsets.push(u32_at(data, 0)? as usize),
                SST if !fonts.biff5 => {
                    let mut segments = vec![data];
                    while let Some(next) = records.next_if(CONTINUE) {
                        segments.push(next);
                    }
                    fonts.rich = rich_shared_strings(segments).unwrap_or_default();
                }
                _ => {}
            }
        }
        for offset in offsets {
            let (cells, columns) = stream
                .get(offset..)
                .map(|_| fonts.sheet_cells(stream, offset))
                .unwrap_or_default();
            fonts.sheets.push(cells);
            fonts.columns.push(columns);
        }
        Some(fonts)
    }

    /// How many sheets (BOUNDSHEET records) the workbook lists.
    pub fn sheet_count(&self) -> usize {
        self.sheets.len()
    }

    /// True for a BIFF5 file in code page 1258, whose text calamine
    /// decodes into look-alike Unicode.
    pub fn is_biff5_cp1258(&self) -> bool {
        self.biff5 && self.codepage == Some(1258)
    }

    /// The column widths and hidden columns of sheet `index`.
    pub fn columns(&self, index: usize) -> Vec<Column> {
        self.columns.get(index).cloned().unwrap_or_default()
    }

    /// Give the cells of sheet `index` (BOUNDSHEET order) their fonts,
    /// runs and number formats; for a BIFF5 file in code page 1258, also
    /// turn their text into its Windows-1252 surface.
    pub fn apply(&self, index: usize, cells: &mut [(u32, u32, Cell)]) {
        let styles = self.sheets.get(index);
        let cp1258 = self.is_biff5_cp1258();
        for (row, col, cell) in cells.iter_mut() {
            let style = styles.and_then(|s| s.get(&(*row, *col)));
            if let Some(style) = style {
                cell.font = self.xf_font(style.xf).map(str::to_string);
                layout::set_number_format(cell, self.xf_format(style.xf));
            }
            let rich = style.and_then(|style| match &style.rich {
                Rich::None => None,
                Rich::Sst(index) => self.rich.get(index),
                Rich::Own(rich) => Some(rich.as_ref()),
            });
            // Runs only for the very text calamine read.
            let rich = rich.filter(|r| matches!(&cell.value, Value::Text(t) if *t == r.text));
            if cp1258
                && let Value::Text(text) = &mut cell.value
                && let Some(surface) = runs::cp1258_surface(text)
            {
                *text = surface;
            }
            if let Some(rich) = rich {
                let starts: Vec<(usize, Option<String>)> = rich
                    .runs
                    .iter()
                    .map(|(at, font)| (usize::from(*at), self.font(*font).map(str::to_string)))
                    .collect();
                let units = if self.biff5 {
                    Units::Chars
                } else {
                    Units::Utf16
                };
                runs::apply_starts(cell, &starts, units);
            }
        }
    }

    /// The name of font `index`: index 4 does not exist, so indexes from 5
    /// on are one past their record.
    fn font(&self, index: u16) -> Option<&str> {
        let i = match usize::from(index) {
            4 => return None,
            i @ 0..=3 => i,
            i => i - 1,
        };
        self.fonts
            .get(i)
            .map(String::as_str)
            .filter(|n| !n.is_empty())
    }

    fn xf_font(&self, xf: u16) -> Option<&str> {
        self.font(*self.xf_fonts.get(usize::from(xf))?)
    }

    /// The format code of an XF: a FORMAT record's, else a built-in one.
    fn xf_format(&self, xf: u16) -> Option<&str> {
        let index = *self.xf_formats.get(usize::from(xf))?;
        match self.formats.get(&index) {
            Some(code) => Some(code.as_str()),
            None => layout::builtin_format(index),
        }
    }

    /// The code in a FORMAT record: after the index, a BIFF8 Unicode
    /// string (16-bit length), or BIFF5 bytes (8-bit length).
    fn format_code(&self, data: &[u8]) -> Option<String> {
        if self.biff5 {
            let cch = usize::from(*data.get(2)?);
            let (code, _) = self
                .encoding()?
                .decode_without_bom_handling(data.get(3..3 + cch)?);
            Some(code.into_owned())
        } else {
            let cch = usize::from(u16_at(data, 2)?);
            let high = data.get(4)? & 1 != 0;
            unicode_chars(data.get(5..)?, cch, high)
        }
    }

    /// The name in a FONT record: a BIFF8 short Unicode string, or BIFF5
    /// bytes in the file's code page.
    fn font_name(&self, data: &[u8]) -> Option<String> {
        let cch = usize::from(*data.get(14)?);
        if self.biff5 {
            let (name, _) = self
                .encoding()?
                .decode_without_bom_handling(data.get(15..15 + cch)?);
            Some(name.into_owned())
        } else {
            let high = data.get(15)? & 1 != 0;
            unicode_chars(data.get(16..)?, cch, high)
        }
    }

    /// The single-byte encoding of a BIFF5 file's code page.
    fn encoding(&self) -> Option<&'static Encoding> {
        match self.codepage.unwrap_or(1252) {
            874 => Some(encoding_rs::WINDOWS_874),
            cp @ 1250..=1258 => Encoding::for_label(format!("windows-{cp}").as_bytes()),
            // 367 is US-ASCII; 32769 is 1252 as written by Excel 97 in BIFF5.
            367 | 32769 => Some(encoding_rs::WINDOWS_1252),
            _ => None,
        }
    }

    /// The cell records of one sheet substream: XF index and rich text by
    /// position; and its COLINFO columns. Nested substreams (embedded
    /// charts) are skipped.
    fn sheet_cells(
        &self,
        stream: &[u8],
        offset: usize,
    ) -> (HashMap<(u32, u32), CellStyle>, Vec<Column>) {
        let mut cells = HashMap::new();
        let mut columns = Vec::new();
        let mut seen_bof = false;
        let mut depth = 0u32;
        for (typ, data) in Records::new(stream, offset) {
            if depth > 0 {
                match typ {
                    BOF => depth += 1,
                    EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let mut put = |row: Option<u16>, col: Option<u16>, xf: Option<u16>, rich: Rich| {
                if let (Some(row), Some(col), Some(xf)) = (row, col, xf) {
                    cells.insert((u32::from(row), u32::from(col)), CellStyle { xf, rich });
                }
            };
            let (row, col, xf) = (u16_at(data, 0), u16_at(data, 2), u16_at(data, 4));
            match typ {
                BOF if seen_bof => depth += 1,
                BOF => seen_bof = true,
                EOF => break,
                LABELSST => {
                    let rich = u32_at(data, 6).map_or(Rich::None, Rich::Sst);
                    put(row, col, xf, rich);
                }
                RSTRING => {
                    let rich = self
                        .rstring(data)
                        .map_or(Rich::None, |r| Rich::Own(Box::new(r)));
                    put(row, col, xf, rich);
                }
                LABEL | NUMBER | RK | BOOLERR | FORMULA => put(row, col, xf, Rich::None),
                COLINFO => columns.extend(colinfo(data)),
                MULRK => {
                    // Row, first column, (XF, RK) pairs, last column.
                    let pairs = data.len().saturating_sub(6) / 6;
                    for i in 0..pairs {
                        let col = col.and_then(|c| c.checked_add(u16::try_from(i).ok()?));
                        put(row, col, u16_at(data, 4 + 6 * i), Rich::None);
                    }
                }
                _ => {}
            }
        }
        (cells, columns)
    }

    /// The text and runs of an RSTRING record.
    fn rstring(&self, data: &[u8]) -> Option<RichText> {
        let cch = usize::from(u16_at(data, 6)?);
        if self.biff5 {
            let bytes = data.get(8..8 + cch)?;
            let (text, _) = self.encoding()?.decode_without_bom_handling(bytes);
            let count = usize::from(*data.get(8 + cch)?);
            let runs = (0..count)
                .map(|i| {
                    let at = 9 + cch + 2 * i;
                    Some((u16::from(*data.get(at)?), u16::from(*data.get(at + 1)?)))
                })
                .collect::<Option<Vec<_>>>()?;
            Some(RichText {
                text: text.into_owned(),
                runs,
            })
        } else {
            let high = data.get(8)? & 1 != 0;
            let text = unicode_chars(data.get(9..)?, cch, high)?;
            let after = 9 + cch * if high { 2 } else { 1 };
            let count = usize::from(u16_at(data, after)?);
            let runs = (0..count)
                .map(|i| {
                    let at = after + 2 + 4 * i;
                    Some((u16_at(data, at)?, u16_at(data, at + 2)?))
                })
                .collect::<Option<Vec<_>>>()?;
            Some(RichText { text, runs })
        }
    }
}

/// A COLINFO record: first and last column, width in 1/256 of the width
/// of the digit 0 (padding included, like an .xlsx width), options with
/// bit 0 hidden.
fn colinfo(data: &[u8]) -> Option<Column> {
    let (first, last) = (u16_at(data, 0)?, u16_at(data, 2)?);
    let coldx = u16_at(data, 4)?;
    let options = u16_at(data, 8).unwrap_or(0);
    if last < first {
        return None;
    }
    Some(Column {
        first: u32::from(first).min(layout::LAST_COLUMN),
        last: u32::from(last).min(layout::LAST_COLUMN),
        width: Some(f64::from(coldx) / 256.0),
        hidden: options & 1 != 0,
    })
}

/// `cch` characters of a BIFF8 string: UTF-16LE when `high`, otherwise
/// one byte per character (the low bytes of UTF-16).
fn unicode_chars(bytes: &[u8], cch: usize, high: bool) -> Option<String> {
    if high {
        let units: Vec<u16> = bytes
            .get(..cch.checked_mul(2)?)?
            .chunks_exact(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        String::from_utf16(&units).ok()
    } else {
        Some(bytes.get(..cch)?.iter().map(|b| char::from(*b)).collect())
    }
}

/// The SST entries that have formatting runs, by index. None when the
/// table is too large to keep runs for; stops at the first entry that
/// does not fit.
fn rich_shared_strings(segments: Vec<&[u8]>) -> Option<HashMap<u32, RichText>> {
    let mut reader = Segments {
        segments,
        segment: 0,
        at: 0,
    };
    let _total = reader.u32()?;
    let unique = reader.u32()?;
    if unique > MAX_RICH_SHARED_STRINGS {
        return None;
    }
    let mut rich = HashMap::new();
    for index in 0..unique {
        let Some(entry) = reader.rich_string() else {
            break;
        };
        if let Some(entry) = entry {
            rich.insert(index, entry);
        }
    }
    Some(rich)
}

/// The (type, data) records of a BIFF stream from `offset`, up to the
/// first that does not fit: the one record reader of .xls files.
pub struct Records<'a> {
    stream: &'a [u8],
    at: usize,
}

impl<'a> Records<'a> {
    pub fn new(stream: &'a [u8], offset: usize) -> Records<'a> {
        Records { stream, at: offset }
    }

    fn peek(&self) -> Option<(u16, &'a [u8], usize)> {
        let head = self.stream.get(self.at..)?;
        let typ = u16_at(head, 0)?;
        let len = usize::from(u16_at(head, 2)?);
        let data = head.get(4..4 + len)?;
        Some((typ, data, self.at + 4 + len))
    }

    /// The next record's data if it is of type `typ`.
    fn next_if(&mut self, typ: u16) -> Option<&'a [u8]> {
        let (found, data, next) = self.peek()?;
        (found == typ).then(|| {
            self.at = next;
            data
        })
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<(u16, &'a [u8])> {
        let (typ, data, next) = self.peek()?;
        self.at = next;
        Some((typ, data))
    }
}

/// A record's data followed by its CONTINUE records, read as one, except
/// that string characters split across records restart with an options
/// byte.
struct Segments<'a> {
    segments: Vec<&'a [u8]>,
    segment: usize,
    at: usize,
}

impl Segments<'_> {
    fn byte(&mut self) -> Option<u8> {
        loop {
            let segment = self.segments.get(self.segment)?;
            if let Some(b) = segment.get(self.at) {
                self.at += 1;
                return Some(*b);
            }
            self.segment += 1;
            self.at = 0;
        }
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes([
            self.byte()?,
            self.byte()?,
            self.byte()?,
            self.byte()?,
        ]))
    }

    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            let segment = self.segments.get(self.segment)?;
            let left = segment.len().saturating_sub(self.at);
            let step = left.min(n);
            self.at += step;
            n -= step;
            if n > 0 {
                self.segment += 1;
                self.at = 0;
            }
        }
        Some(())
    }

    /// One XLUnicodeRichExtendedString: Some(Some(..)) when it has
    /// formatting runs, Some(None) when not, None when it does not fit.
    fn rich_string(&mut self) -> Option<Option<RichText>> {
        let cch = usize::from(self.u16()?);
        let flags = self.byte()?;
        let has_runs = flags & 0x08 != 0;
        let has_ext = flags & 0x04 != 0;
        let count = if has_runs {
            usize::from(self.u16()?)
        } else {
            0
        };
        let ext = if has_ext {
            usize::try_from(self.u32()?).ok()?
        } else {
            0
        };
        let text = self.chars(cch, flags & 1 != 0, has_runs)?;
        let mut runs = Vec::with_capacity(count.min(1024));
        for _ in 0..count {
            runs.push((self.u16()?, self.u16()?));
        }
        self.skip(ext)?;
        Some(text.map(|text| RichText { text, runs }))
    }

    /// `cch` characters; at a record boundary inside them a new options
    /// byte tells whether the rest is compressed. Decoded only if `keep`.
    fn chars(&mut self, cch: usize, mut high: bool, keep: bool) -> Option<Option<String>> {
        let mut units: Vec<u16> = Vec::new();
        let mut left = cch;
        while left > 0 {
            let segment = *self.segments.get(self.segment)?;
            if self.at >= segment.len() {
                self.segment += 1;
                self.at = 1;
                high = self.segments.get(self.segment)?.first()? & 1 != 0;
                continue;
            }
            let width = if high { 2 } else { 1 };
            let bytes = segment.get(self.at..)?;
            let n = (bytes.len() / width).min(left);
            if n == 0 {
                return None;
            }
            if keep {
                let bytes = bytes.get(..n * width)?;
                if high {
                    units.extend(
                        bytes
                            .chunks_exact(2)
                            .map(|b| u16::from_le_bytes([b[0], b[1]])),
                    );
                } else {
                    units.extend(bytes.iter().map(|b| u16::from(*b)));
                }
            }
            self.at += n * width;
            left -= n;
        }
        if keep {
            Some(String::from_utf16(&units).ok())
        } else {
            Some(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::grid::Run;
    use crate::read::ole;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    fn bof(version: u16) -> Vec<u8> {
        let mut data = version.to_le_bytes().to_vec();
        data.extend_from_slice(&[0x05, 0x00]);
        data.resize(16, 0);
        record(BOF, &data)
    }

    fn font8(name: &str) -> Vec<u8> {
        let mut data = vec![0u8; 14];
        data.push(name.len() as u8);
        data.push(0);
        data.extend_from_slice(name.as_bytes());
        record(FONT, &data)
    }

    fn font5(name: &str) -> Vec<u8> {
        let mut data = vec![0u8; 14];
        data.push(name.len() as u8);
        data.extend_from_slice(name.as_bytes());
        record(FONT, &data)
    }

    fn xf(font: u16) -> Vec<u8> {
        let mut data = font.to_le_bytes().to_vec();
        data.resize(20, 0);
        record(XF, &data)
    }

    fn cell(typ: u16, row: u16, col: u16, xf: u16, rest: &[u8]) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend_from_slice(&col.to_le_bytes());
        data.extend_from_slice(&xf.to_le_bytes());
        data.extend_from_slice(rest);
        record(typ, &data)
    }

    /// A workbook stream: globals, then one sheet substream.
    fn workbook(version: u16, globals: Vec<Vec<u8>>, sheet: Vec<Vec<u8>>) -> Vec<u8> {
        let mut head = bof(version);
        for r in globals {
            head.extend(r);
        }
        let boundsheet_len = 4 + 8;
        let offset = head.len() + boundsheet_len + 4;
        head.extend(record(
            BOUNDSHEET,
            &[&(offset as u32).to_le_bytes()[..], &[0, 0, 1, b'S']].concat(),
        ));
        head.extend(record(EOF, &[]));
        assert_eq!(head.len(), offset);
        head.extend(bof(version));
        for r in sheet {
            head.extend(r);
        }
        head.extend(record(EOF, &[]));
        head
    }

    fn text_cell(row: u32, col: u32, text: &str) -> (u32, u32, Cell) {
        (row, col, Cell::text(text))
    }

    fn fonts_8() -> Vec<Vec<u8>> {
        vec![
            record(CODEPAGE, &1200u16.to_le_bytes()),
            font8("Arial"),
            font8("Arial"),
            font8("Arial"),
            font8("Arial"),
            font8(".VnTime"),   // index 5
            font8("VNI-Times"), // index 6
            xf(0),
            xf(5),
            xf(6),
            xf(4), // the font that does not exist
        ]
    }

    #[test]
    fn cell_fonts_through_xf_with_index_four_missing() {
        let mut sst = 2u32.to_le_bytes().to_vec();
        sst.extend_from_slice(&2u32.to_le_bytes());
        // "ab", plain; "Së Y", runs at 0 (.VnTime = 5) and 2 (Arial = 0).
        sst.extend_from_slice(&[2, 0, 0, b'a', b'b']);
        sst.extend_from_slice(&[4, 0, 0x08, 2, 0, b'S', 0xEB, b' ', b'Y']);
        sst.extend_from_slice(&[0, 0, 5, 0, 2, 0, 0, 0]);
        let mut globals = fonts_8();
        globals.push(record(SST, &sst));
        let stream = workbook(
            0x0600,
            globals,
            vec![
                cell(LABELSST, 0, 0, 1, &0u32.to_le_bytes()),
                cell(LABELSST, 1, 0, 2, &1u32.to_le_bytes()),
                cell(NUMBER, 2, 0, 3, &[0; 8]),
                cell(MULRK, 3, 1, 1, &[0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 2, 0]),
            ],
        );
        let fonts = XlsFonts::from_stream(&stream).expect("fonts");
        assert_eq!(fonts.sheet_count(), 1);
        let mut cells = vec![
            text_cell(0, 0, "ab"),
            text_cell(1, 0, "Së Y"),
            (2, 0, Cell::number(1.0)),
            (3, 1, Cell::number(1.0)),
            (3, 2, Cell::number(1.0)),
            text_cell(9, 9, "no record"),
        ];
        fonts.apply(0, &mut cells);
        let font = |i: usize| cells[i].2.font.as_deref();
        assert_eq!(font(0), Some(".VnTime"));
        assert_eq!(font(1), Some(".VnTime"));
        assert_eq!(
            cells[1].2.runs,
            Some(vec![
                Run {
                    text: "Së".into(),
                    font: Some(".VnTime".into())
                },
                Run {
                    text: " Y".into(),
                    font: Some("Arial".into())
                },
            ])
        );
        assert_eq!(font(2), None);
        assert_eq!((font(3), font(4)), (Some(".VnTime"), Some("VNI-Times")));
        assert_eq!(font(5), None);
        assert_eq!(cells[0].2.value, Value::Text("ab".into()));
    }

    #[test]
    fn sst_strings_split_across_continue() {
        // One rich string whose characters go on in a CONTINUE record,
        // switching from compressed to UTF-16, runs in a third record.
        let mut sst = 1u32.to_le_bytes().to_vec();
        sst.extend_from_slice(&1u32.to_le_bytes());
        sst.extend_from_slice(&[4, 0, 0x08, 2, 0, b'a', b'b']);
        let cont1 = [&[1u8][..], &[0xA1, 0x1E, b'd', 0]].concat(); // "ạd"
        let cont2 = [0u8, 0, 5, 0, 2, 0, 6, 0];
        let segments = vec![&sst[..], &cont1[..], &cont2[..]];
        let rich = rich_shared_strings(segments).expect("sst");
        assert_eq!(
            rich.get(&0),
            Some(&RichText {
                text: "abạd".into(),
                runs: vec![(0, 5), (2, 6)]
            })
        );
    }

    #[test]
    fn biff5_cp1258_text_and_rstring_runs() {
        // "Së Y" as TCVN3 bytes, then "Coäng" in VNI, from byte 4.
        let bytes = b"S\xEB YCo\xE4ng";
        let mut rest = (bytes.len() as u16).to_le_bytes().to_vec();
        rest.extend_from_slice(bytes);
        rest.extend_from_slice(&[2, 0, 5, 4, 6]);
        let globals = vec![
            record(CODEPAGE, &1258u16.to_le_bytes()),
            font5("Arial"),
            font5("Arial"),
            font5("Arial"),
            font5("Arial"),
            font5(".VnTime"),
            font5("VNI-Times"),
            xf(0),
        ];
        let stream = workbook(0x0500, globals, vec![cell(RSTRING, 0, 0, 0, &rest)]);
        let fonts = XlsFonts::from_stream(&stream).expect("fonts");
        assert!(fonts.is_biff5_cp1258());
        let (decoded, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
        let mut cells = vec![(0, 0, Cell::text(&decoded)), text_cell(1, 0, "Ơ")];
        fonts.apply(0, &mut cells);
        assert_eq!(cells[0].2.value, Value::Text("Së YCoäng".into()));
        assert_eq!(
            cells[0].2.runs,
            Some(vec![
                Run {
                    text: "Së Y".into(),
                    font: Some(".VnTime".into())
                },
                Run {
                    text: "Coäng".into(),
                    font: Some("VNI-Times".into())
                },
            ])
        );
        assert_eq!(cells[1].2.value, Value::Text("Õ".into()));
    }

    #[test]
    fn biff8_text_is_never_reencoded() {
        let mut globals = fonts_8();
        globals[0] = record(CODEPAGE, &1258u16.to_le_bytes());
        let stream = workbook(0x0600, globals, vec![]);
        let fonts = XlsFonts::from_stream(&stream).expect("fonts");
        assert!(!fonts.is_biff5_cp1258());
        let mut cells = vec![text_cell(0, 0, "Ơ")];
        fonts.apply(0, &mut cells);
        assert_eq!(cells[0].2.value, Value::Text("Ơ".into()));
    }

    #[test]
    fn records_stop_at_a_short_record() {
        let stream = [
            0x00, 0x02, 0x02, 0x00, 0xAA, 0xBB, 0x0A, 0x00, 0x05, 0x00, 0x01,
        ];
        let records: Vec<(u16, &[u8])> = Records::new(&stream, 0).collect();
        assert_eq!(records, [(0x0200, &[0xAA, 0xBB][..])]);
        assert_eq!(Records::new(&stream, 99).count(), 0);
    }

    #[test]
    fn damaged_streams_do_not_panic() {
        let mut sst = 3u32.to_le_bytes().to_vec();
        sst.extend_from_slice(&3u32.to_le_bytes());
        sst.extend_from_slice(&[4, 0, 0x0D, 2, 0, 9, 0, 0, 0, b'a', b'b']);
        let mut globals = fonts_8();
        globals.push(record(SST, &sst));
        let stream = workbook(
            0x0600,
            globals,
            vec![
                cell(LABELSST, 0, 0, 1, &0u32.to_le_bytes()),
                cell(RSTRING, 1, 0, 1, &[200, 0, 1, b'x']),
                cell(MULRK, 0xFFFF, 0xFFFF, 1, &[1, 2, 3, 4, 5, 6, 7, 8, 9]),
            ],
        );
        for cut in 0..stream.len() {
            for flip in [None, Some(cut)] {
                let mut s = stream[..cut].to_vec();
                if let Some(at) = flip.filter(|at| *at > 0) {
                    s[at - 1] ^= 0xFF;
                }
                if let Some(fonts) = XlsFonts::from_stream(&s) {
                    let mut cells = vec![text_cell(0, 0, "ab"), text_cell(1, 0, "x")];
                    fonts.apply(0, &mut cells);
                    fonts.apply(7, &mut cells);
                }
            }
        }
    }

    #[test]
    fn damaged_fixture_streams_do_not_panic() {
        let files: [&[u8]; 3] = [
            include_bytes!("../../tests/fixtures/read/fonts/fonts.xls"),
            include_bytes!("../../tests/fixtures/read/fonts/fonts_lo.xls"),
            include_bytes!("../../tests/fixtures/read/fonts/biff5_cp1258.xls"),
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for file in files {
            let stream = ole::workbook_stream(file).expect("stream");
            assert!(XlsFonts::from_stream(&stream).is_some());
            for round in 0..600 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let mut damaged = stream.clone();
                if round % 3 == 0 {
                    damaged.truncate(seed as usize % stream.len());
                } else {
                    for i in 0..1 + round % 4 {
                        let at = (seed >> (8 * i)) as usize % damaged.len();
                        damaged[at] ^= 1 << ((seed >> 40) % 8);
                    }
                }
                if let Some(fonts) = XlsFonts::from_stream(&damaged) {
                    let mut cells = vec![text_cell(5, 0, "UBND ThÞ trÊn"), text_cell(0, 0, "x")];
                    for index in 0..fonts.sheet_count() {
                        fonts.apply(index, &mut cells);
                    }
                }
            }
        }
    }
}
