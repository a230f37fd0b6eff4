//! What calamine does not tell about an OpenDocument spreadsheet, read
//! from `content.xml`: the merged ranges (a merged cell carries
//! `table:number-columns-spanned` / `table:number-rows-spanned`) and the
//! size of each table's used area, checked before calamine expands it.
//!
//! A small tag scanner, not an XML parser: it needs only element names and
//! two numeric attributes, and text never contains a raw `<`. Depends on
//! the `zip` crate and the grid types only.

use super::grid::Merge;
use std::io::{Cursor, Read};

/// The most of `content.xml` read (it is compressed in the file; this
/// stops a zip bomb from taking all memory).
const MAX_CONTENT_BYTES: u64 = 256 * 1024 * 1024;

/// One table (sheet) of the document.
#[derive(Debug, Default, PartialEq)]
pub struct Table {
    pub merges: Vec<Merge>,
    /// Cells in the bounding box of the cells with a value or a formula.
    pub used_cells: u64,
}

/// The tables in document order. Empty when the content cannot be read:
/// merges are then simply not known.
pub fn tables(bytes: &[u8]) -> Vec<Table> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let Ok(file) = archive.by_name("content.xml") else {
        return Vec::new();
    };
    let mut content = Vec::new();
    if file
        .take(MAX_CONTENT_BYTES)
        .read_to_end(&mut content)
        .is_err()
    {
        return Vec::new();
    }
    scan(&content)
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
    for tag in Tags::new(content) {
        match (tag.name, tag.kind) {
            (b"table:table", Kind::Open) => {
                depth += 1;
                if depth == 1 {
                    tables.push(Table::default());
                    used = None;
                    row = 0;
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
            (b"table:table-row", Kind::Open | Kind::SelfClosing) => {
                col = 0;
                row_repeat = tag.number(b"table:number-rows-repeated");
                if tag.kind == Kind::SelfClosing {
                    row = row.saturating_add(row_repeat);
                }
            }
            (b"table:table-row", Kind::Close) => row = row.saturating_add(row_repeat),
            (b"table:table-cell" | b"table:covered-table-cell", Kind::Open | Kind::SelfClosing) => {
                let columns = tag.number(b"table:number-columns-spanned");
                let rows = tag.number(b"table:number-rows-spanned");
                let repeat = tag.number(b"table:number-columns-repeated");
                if tag.attribute(b"office:value-type").is_some()
                    || tag.attribute(b"table:formula").is_some()
                {
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
                col = col.saturating_add(repeat);
            }
            _ => {}
        }
    }
    tables
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Open,
    Close,
    SelfClosing,
}

/// One element tag: its name and the raw text of its attributes.
struct Tag<'a> {
    name: &'a [u8],
    kind: Kind,
    attributes: &'a [u8],
}

impl Tag<'_> {
    /// A positive integer attribute; 1 when absent or not a number.
    fn number(&self, name: &[u8]) -> u32 {
        self.attribute(name)
            .and_then(|v| std::str::from_utf8(v).ok())
            .and_then(|v| v.trim().parse::<u32>().ok())
            .filter(|n| *n > 0)
            .unwrap_or(1)
    }

    /// The raw value of an attribute (`name="value"` or `name='value'`).
    fn attribute(&self, name: &[u8]) -> Option<&[u8]> {
        let mut rest = self.attributes;
        loop {
            let at = rest.windows(name.len()).position(|w| w == name)?;
            let before = at.checked_sub(1).and_then(|i| rest.get(i));
            let after = rest.get(at + name.len()..)?;
            let after_name = trim_start(after);
            if before.is_some_and(u8::is_ascii_whitespace)
                && let Some(value) = after_name.strip_prefix(b"=")
            {
                let value = trim_start(value);
                let quote = *value.first()?;
                let value = value.get(1..)?;
                let end = value.iter().position(|b| *b == quote)?;
                return value.get(..end);
            }
            rest = after;
        }
    }
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

/// Iterator over the element tags of an XML text, skipping declarations,
/// comments, CDATA and text.
struct Tags<'a> {
    rest: &'a [u8],
}

impl<'a> Tags<'a> {
    fn new(content: &'a [u8]) -> Tags<'a> {
        Tags { rest: content }
    }

    /// Move past `end`, or to the end of the text when it is missing.
    fn skip_past(&mut self, end: &[u8]) {
        let at = self.rest.windows(end.len()).position(|w| w == end);
        self.rest = at
            .and_then(|at| self.rest.get(at + end.len()..))
            .unwrap_or_default();
    }
}

impl<'a> Iterator for Tags<'a> {
    type Item = Tag<'a>;

    fn next(&mut self) -> Option<Tag<'a>> {
        loop {
            let open = self.rest.iter().position(|b| *b == b'<')?;
            self.rest = self.rest.get(open..)?;
            if self.rest.starts_with(b"<!--") {
                self.skip_past(b"-->");
                continue;
            }
            if self.rest.starts_with(b"<![CDATA[") {
                self.skip_past(b"]]>");
                continue;
            }
            if self.rest.starts_with(b"<?") || self.rest.starts_with(b"<!") {
                self.skip_past(b">");
                continue;
            }
            // The tag ends at the first '>' outside quotes.
            let mut quote = None;
            let end = self.rest.iter().position(|b| match quote {
                Some(q) => {
                    if *b == q {
                        quote = None;
                    }
                    false
                }
                None if *b == b'"' || *b == b'\'' => {
                    quote = Some(*b);
                    false
                }
                None => *b == b'>',
            })?;
            let inner = self.rest.get(1..end)?;
            self.rest = self.rest.get(end + 1..)?;
            let (kind, inner) = if let Some(inner) = inner.strip_prefix(b"/") {
                (Kind::Close, inner)
            } else if let Some(inner) = inner.strip_suffix(b"/") {
                (Kind::SelfClosing, inner)
            } else {
                (Kind::Open, inner)
            };
            let name_len = inner
                .iter()
                .position(u8::is_ascii_whitespace)
                .unwrap_or(inner.len());
            let (name, attributes) = inner.split_at(name_len);
            return Some(Tag {
                name,
                kind,
                attributes,
            });
        }
    }
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
    fn garbage_does_not_panic() {
        for text in [
            &b"<"[..],
            b"<table:table",
            b"<table:table-cell table:number-rows-spanned=\"",
            b"<!--",
            b"<>",
        ] {
            scan(text);
        }
    }
}
