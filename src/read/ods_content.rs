//! What calamine does not tell about an OpenDocument spreadsheet, read
//! from `content.xml`: the merged ranges (a merged cell carries
//! `table:number-columns-spanned` / `table:number-rows-spanned`), the
//! size of each table's used area, checked before calamine expands it,
//! the columns (`table:table-column`: style, default cell style,
//! visibility) and the style of every cell with a value.
//!
//! Uses the tags of `xml`: it needs only element names and
//! a few attributes. Depends on the inflated `package`, `xml` and the grid
//! types only.

use super::grid::Merge;
use super::package::Package;
use super::xml::{self, Kind, Tags};

/// One table (sheet) of the document.
#[derive(Debug, Default, PartialEq)]
pub struct Table {
    pub merges: Vec<Merge>,
    /// Cells in the bounding box of the cells with a value or a formula.
    pub used_cells: u64,
    /// Cells calamine stores while reading the rows as written, before
    /// expanding repeated rows: per row element, every cell up to its last
    /// one with a value (repeats included, at most 16 384 a row).
    pub stored_cells: u64,
    /// Column elements in order.
    pub columns: Vec<TableColumn>,
    /// The cell style of the cells with a value, as ranges.
    pub styled: Vec<Styled>,
    /// Text cells with spans in a text style.
    pub spans: Vec<SpanCell>,
}

/// Columns `first..=last` of one `table:table-column` element.
#[derive(Debug, Default, PartialEq)]
pub struct TableColumn {
    pub first: u32,
    pub last: u32,
    pub style: Option<String>,
    /// Style of the column's cells that name none.
    pub cell_style: Option<String>,
    pub hidden: bool,
}

/// A text cell typed in pieces of different text styles
/// (`<text:span text:style-name=…>`): its position and the pieces, each
/// with its span's style (None: the cell's own).
pub type SpanCell = ((u32, u32), Pieces);
/// Text pieces, each with its text style.
pub type Pieces = Vec<(String, Option<String>)>;

/// The text of the cell being read, piece by piece.
#[derive(Default)]
struct CellText {
    at: (u32, u32),
    pieces: Vec<(String, Option<String>)>,
    /// Styles of the open spans, innermost last.
    spans: Vec<Option<String>>,
    paragraphs: u32,
    styled: bool,
}

impl CellText {
    fn push(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let style = self.spans.iter().rev().find_map(Clone::clone);
        self.styled |= style.is_some();
        match self.pieces.last_mut() {
            Some((last, s)) if *s == style => last.push_str(text),
            _ => self.pieces.push((text.to_string(), style)),
        }
    }
}

/// Cells `rows × columns` from `first` (repeated cells) in one cell style;
/// `style` None for cells that name none (the column's default applies).
#[derive(Debug, Default, PartialEq)]
pub struct Styled {
    pub first: (u32, u32),
    pub rows: u32,
    pub columns: u32,
    pub style: Option<String>,
}

/// The most cells calamine keeps of one row element.
const MAX_ROW_CELLS: u64 = 16_384;

/// The attributes of a cell element read, in one pass.
const CELL_ATTRIBUTES: [&[u8]; 12] = [
    b"table:number-columns-spanned",
    b"table:number-rows-spanned",
    b"table:number-columns-repeated",
    b"office:value-type",
    b"table:style-name",
    b"calcext:value-type",
    // What holds a value, whatever the value type says.
    b"office:value",
    b"office:string-value",
    b"office:date-value",
    b"office:time-value",
    b"office:boolean-value",
    b"table:formula",
];

/// The tables in document order. Empty when the content cannot be read:
/// merges are then simply not known.
pub fn tables(package: &Package) -> Vec<Table> {
    package.part("content.xml").map(scan).unwrap_or_default()
}

/// Walk the tags of `content.xml`, tracking the (row, column) position of
/// every cell of the top-level tables.
fn scan(content: &[u8]) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    // Bounding box of the used cells of the current table.
    let mut used: Option<((u32, u32), (u32, u32))> = None;
    let mut depth = 0u32; // nesting of table:table elements
    let mut row = 0u32;
    let mut col = 0u32;
    let mut row_repeat = 1u32;
    // The end of the row's last cell with a value, as calamine counts.
    let mut row_end = 0u64;
    let mut next_column = 0u32;
    let mut text: Option<CellText> = None;
    for tag in Tags::new(content) {
        if let Some(cell) = &mut text {
            let raw = xml::unescape(tag.text).unwrap_or_default();
            match (tag.name, tag.kind) {
                (b"text:p", Kind::Open | Kind::SelfClosing) => {
                    if cell.paragraphs > 0 {
                        cell.push("\n");
                    }
                    cell.paragraphs += 1;
                    cell.push(&raw);
                }
                (b"text:p", Kind::Close) => {}
                (b"text:span", Kind::Open) => {
                    cell.spans.push(tag.attribute_text(b"text:style-name"));
                    cell.push(&raw);
                }
                (b"text:span", Kind::Close) => {
                    cell.spans.pop();
                    cell.push(&raw);
                }
                (b"text:s", _) => {
                    let count = tag.number(b"text:c").min(10_000) as usize;
                    cell.push(&" ".repeat(count));
                    cell.push(&raw);
                }
                (b"text:line-break", _) => {
                    cell.push("\n");
                    cell.push(&raw);
                }
                (b"text:tab", _) => {
                    cell.push("\t");
                    cell.push(&raw);
                }
                (b"table:table-cell", Kind::Close) => {
                    if let (Some(done), Some(table)) = (text.take(), tables.last_mut())
                        && done.styled
                    {
                        table.spans.push((done.at, done.pieces));
                    }
                    continue;
                }
                // Links, fields, annotations: their text is not followed.
                (b"text:a", _) => cell.push(&raw),
                _ => {}
            }
        }
        match (tag.name, tag.kind) {
            (b"table:table", Kind::Open) => {
                depth += 1;
                if depth == 1 {
                    tables.push(Table::default());
                    used = None;
                    row = 0;
                    next_column = 0;
                }
            }
            (b"table:table", Kind::Close) => {
                if depth == 1
                    && let (Some(table), Some((first, last))) = (tables.last_mut(), used)
                {
                    let rows = u64::from(last.0) - u64::from(first.0) + 1;
                    table.used_cells = rows * (u64::from(last.1) - u64::from(first.1) + 1);
                }
                depth = depth.saturating_sub(1);
            }
            _ if depth != 1 => {}
            (b"table:table-column", Kind::Open | Kind::SelfClosing) => {
                let repeat = tag.number(b"table:number-columns-repeated");
                let first = next_column;
                next_column = next_column.saturating_add(repeat);
                if let Some(table) = tables.last_mut() {
                    table.columns.push(TableColumn {
                        first,
                        last: next_column - 1,
                        style: tag.attribute_text(b"table:style-name"),
                        cell_style: tag.attribute_text(b"table:default-cell-style-name"),
                        hidden: matches!(
                            tag.attribute(b"table:visibility"),
                            Some(b"collapse" | b"filter")
                        ),
                    });
                }
            }
            (b"table:table-row", Kind::Open | Kind::SelfClosing) => {
                col = 0;
                row_end = 0;
                row_repeat = tag.number(b"table:number-rows-repeated");
                if tag.kind == Kind::SelfClosing {
                    row = row.saturating_add(row_repeat);
                }
            }
            (b"table:table-row", Kind::Close) => {
                row = row.saturating_add(row_repeat);
                if let Some(table) = tables.last_mut() {
                    table.stored_cells = table.stored_cells.saturating_add(row_end);
                }
            }
            (b"table:table-cell" | b"table:covered-table-cell", Kind::Open | Kind::SelfClosing) => {
                let attributes = tag.attributes_named(CELL_ATTRIBUTES);
                let [columns, rows, repeat, value_type, style, calc_type, ..] = attributes;
                let (columns, rows) = (xml::positive(columns), xml::positive(rows));
                let repeat = xml::positive(repeat);
                if value_type.is_some()
                    && let Some(table) = tables.last_mut()
                {
                    table.styled.push(Styled {
                        first: (row, col),
                        rows: row_repeat,
                        columns: repeat,
                        style: style.and_then(xml::unescape),
                    });
                }
                // Whether calamine reads a value from the cell: any value
                // attribute, a formula, or a string type (whose text, even
                // empty, is a value) — whatever the value type says.
                let holds_value = attributes
                    .get(6..)
                    .is_some_and(|a| a.iter().any(Option::is_some))
                    || value_type == Some(b"string")
                    || calc_type == Some(b"error");
                if holds_value {
                    row_end = (u64::from(col) + u64::from(repeat)).min(MAX_ROW_CELLS);
                    let last = (
                        row.saturating_add(row_repeat - 1),
                        col.saturating_add(repeat - 1),
                    );
                    used = Some(match used {
                        None => ((row, col), last),
                        Some((first, end)) => (
                            (first.0.min(row), first.1.min(col)),
                            (end.0.max(last.0), end.1.max(last.1)),
                        ),
                    });
                }
                if (columns > 1 || rows > 1)
                    && let Some(table) = tables.last_mut()
                {
                    table.merges.push(Merge {
                        first: (row, col),
                        last: (
                            row.saturating_add(rows - 1),
                            col.saturating_add(columns - 1),
                        ),
                    });
                }
                if tag.kind == Kind::Open
                    && tag.name == b"table:table-cell"
                    && value_type == Some(b"string")
                {
                    text = Some(CellText {
                        at: (row, col),
                        ..CellText::default()
                    });
                }
                col = col.saturating_add(repeat);
            }
            _ => {}
        }
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_with_repeats_and_two_tables() {
        let xml = br#"<?xml version="1.0"?><office:body><!-- <table:table> -->
<table:table table:name="A"><table:table-column table:number-columns-repeated="3"/>
<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="2"/>
 <table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="2"><text:p>a &lt; b</text:p></table:table-cell>
 <table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>
<table:table-header-rows><table:table-row/></table:table-header-rows>
<table:table-row><table:table-cell table:formula="of:=[.A1]&gt;0" table:number-rows-spanned = '4'/></table:table-row>
</table:table>
<table:table table:name="B"><table:table-row><table:table-cell table:number-columns-spanned="2"/></table:table-row></table:table>
</office:body>"#;
        let tables = scan(xml);
        let merge = |first, last| Merge { first, last };
        assert_eq!(tables.len(), 2);
        assert_eq!(
            tables[0].merges,
            [merge((2, 2), (3, 4)), merge((4, 0), (7, 0))]
        );
        assert_eq!(tables[1].merges, [merge((0, 0), (0, 1))]);
        // Used area: the formula cell at (4, 0) only.
        assert_eq!(tables[0].used_cells, 1);
    }

    #[test]
    fn used_area_counts_repeats() {
        let xml = br#"<table:table><table:table-row><table:table-cell office:value-type="string"/></table:table-row>
<table:table-row table:number-rows-repeated="999999"><table:table-cell table:number-columns-repeated="9999" office:value-type="float" office:value="0"/></table:table-row></table:table>"#;
        assert_eq!(scan(xml)[0].used_cells, 1_000_000 * 9_999);
    }

    #[test]
    fn cells_stored_before_repeats_are_counted_whatever_their_type() {
        // A value without a value type is still a value for calamine; an
        // empty string cell too.
        let row = r#"<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value="1"/></table:table-row>"#;
        let xml = format!("<table:table>{}</table:table>", row.repeat(3));
        let tables = scan(xml.as_bytes());
        assert_eq!(tables[0].stored_cells, 3 * 16_384);
        assert_eq!(tables[0].used_cells, 3 * 16_384);
        let xml = br#"<table:table><table:table-row><table:table-cell table:number-columns-repeated="99999" office:value-type="string"/></table:table-row></table:table>"#;
        assert_eq!(scan(xml)[0].stored_cells, 16_384, "at most a row's worth");
    }

    #[test]
    fn stray_or_unfinished_markup_gives_no_table() {
        for text in [
            &b"<"[..],
            b"<table:table",
            b"<table:table-cell table:number-rows-spanned=\"",
            b"<!--",
            b"<!-- <table:table> -->",
            b"<>",
            b"</table:table><table:table-cell table:number-columns-spanned=\"3\"/>",
        ] {
            assert_eq!(scan(text), [], "{}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn a_cut_document_gives_only_what_it_holds() {
        let xml = br#"<office:body><table:table table:name="A"><table:table-column table:number-columns-repeated="2" table:style-name="co1"/><table:table-column/>
<table:table-row><table:table-cell table:style-name="ce1" office:value-type="string" table:number-columns-spanned="2"><text:p>a</text:p></table:table-cell><table:covered-table-cell/><table:table-cell office:value-type="float" office:value="3" table:number-rows-spanned="2"/></table:table-row>
<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="2"/><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="4"/></table:table-row>
</table:table><table:table table:name="B"><table:table-row><table:table-cell office:value-type="string" table:number-columns-spanned="3"/></table:table-row></table:table></office:body>"#;
        let whole = scan(xml);
        assert_eq!(whole.len(), 2);
        for cut in 0..xml.len() {
            let part = scan(&xml[..cut]);
            assert!(part.len() <= whole.len(), "cut at {cut}");
            for (p, w) in part.iter().zip(&whole) {
                assert!(w.merges.starts_with(&p.merges), "cut at {cut}");
                assert!(w.columns.starts_with(&p.columns), "cut at {cut}");
                assert!(w.styled.starts_with(&p.styled), "cut at {cut}");
                // The used area is known once the table ends.
                assert!(
                    p.used_cells == 0 || p.used_cells == w.used_cells,
                    "cut at {cut}"
                );
            }
        }
    }
}
