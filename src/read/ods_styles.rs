//! The styles of an OpenDocument spreadsheet that calamine does not read:
//! the font of a cell style (`style:text-properties` `style:font-name`,
//! resolved through `office:font-face-decls`, or `fo:font-family`),
//! following `style:parent-style-name` up to the default cell style; its
//! number format (`style:data-style-name` → `number:number-style` or
//! `number:percentage-style`, as an Excel format code); and the width of
//! a column style (`style:column-width`).
//!
//! Read from `styles.xml` (default and named styles) and `content.xml`
//! (automatic styles), then given to the cells and columns `ods_content`
//! found. Depends on the inflated `package`, `xml`, `layout`,
//! `ods_content` and the grid types.

use super::grid::{Cell, Column, Run};
use super::layout;
use super::ods_content::{Pieces, Table};
use super::package::Package;
use super::runs;
use super::xml::{Kind, Tags};
use std::collections::HashMap;

/// How far parent styles are followed.
const MAX_PARENTS: usize = 16;
/// Repeated cells up to this many are looked up by position; larger
/// ranges one by one, and no more than [`MAX_LARGE_RANGES`] of them.
const SMALL_RANGE: u64 = 256;
const MAX_LARGE_RANGES: usize = 10_000;

#[derive(Debug, Default, PartialEq)]
struct StyleDef {
    parent: Option<String>,
    font: Option<String>,
    data_style: Option<String>,
    column_width: Option<f64>,
}

/// Cell and column styles of one document.
#[derive(Debug, Default)]
pub struct OdsStyles {
    /// Font face name → font family.
    faces: HashMap<String, String>,
    styles: HashMap<String, StyleDef>,
    /// Number style name → Excel format code.
    number_formats: HashMap<String, String>,
    /// Font of the default cell style.
    default_font: Option<String>,
}

impl OdsStyles {
    /// The styles of an .ods package; empty when it cannot be read.
    pub fn read(package: &Package) -> OdsStyles {
        let mut styles = OdsStyles::default();
        // Named styles first: automatic styles of the content may use
        // them as parents.
        for name in ["styles.xml", "content.xml"] {
            if let Some(content) = package.part(name) {
                styles.scan(content);
            }
        }
        styles
    }

    fn scan(&mut self, content: &[u8]) {
        // The style being read: its name (None for the default cell
        // style) and whether it is a cell, column or text style.
        let mut current: Option<(Option<String>, StyleDef)> = None;
        let mut number: Option<NumberStyle> = None;
        for tag in Tags::new(content) {
            match (tag.name, tag.kind) {
                (b"office:body", _) => break,
                (b"style:font-face", Kind::Open | Kind::SelfClosing) => {
                    if let (Some(name), Some(family)) = (
                        tag.attribute_text(b"style:name"),
                        tag.attribute_text(b"svg:font-family"),
                    ) {
                        self.faces.insert(name, unquote(&family));
                    }
                }
                (b"style:style", Kind::Open | Kind::SelfClosing) => {
                    let def = StyleDef {
                        parent: tag.attribute_text(b"style:parent-style-name"),
                        data_style: tag.attribute_text(b"style:data-style-name"),
                        ..StyleDef::default()
                    };
                    let name = tag.attribute_text(b"style:name");
                    if tag.kind == Kind::SelfClosing {
                        if let Some(name) = name {
                            self.styles.insert(name, def);
                        }
                    } else if name.is_some() {
                        current = Some((name, def));
                    }
                }
                (b"style:default-style", Kind::Open) => {
                    let cell = tag.attribute(b"style:family") == Some(b"table-cell");
                    current = cell.then(|| (None, StyleDef::default()));
                }
                (b"style:style" | b"style:default-style", Kind::Close) => match current.take() {
                    Some((Some(name), def)) => {
                        self.styles.insert(name, def);
                    }
                    Some((None, def)) => self.default_font = def.font,
                    None => {}
                },
                (b"style:text-properties", Kind::Open | Kind::SelfClosing) => {
                    if let Some((_, def)) = &mut current {
                        def.font = tag
                            .attribute_text(b"style:font-name")
                            .map(|name| self.faces.get(&name).cloned().unwrap_or(name))
                            .or_else(|| tag.attribute_text(b"fo:font-family").map(|f| unquote(&f)))
                            .filter(|f| !f.is_empty());
                    }
                }
                (b"style:table-column-properties", Kind::Open | Kind::SelfClosing) => {
                    if let Some((_, def)) = &mut current {
                        def.column_width = tag
                            .attribute_text(b"style:column-width")
                            .and_then(|w| layout::ods_length_to_width(&w));
                    }
                }
                (
                    b"number:number-style" | b"number:percentage-style",
                    Kind::Open | Kind::SelfClosing,
                ) => {
                    number = tag.attribute_text(b"style:name").map(|name| NumberStyle {
                        name,
                        percent: tag.name == b"number:percentage-style",
                        code: None,
                    });
                }
                (b"number:number", Kind::Open | Kind::SelfClosing) => {
                    if let Some(style) = &mut number {
                        let decimals = tag
                            .attribute_text(b"number:decimal-places")
                            .and_then(|d| d.trim().parse::<usize>().ok())
                            .unwrap_or(0)
                            .min(30);
                        let grouping = tag.attribute(b"number:grouping") == Some(b"true");
                        let mut code = String::from(if grouping { "#,##0" } else { "0" });
                        if decimals > 0 {
                            code.push('.');
                            code.push_str(&"0".repeat(decimals));
                        }
                        style.code = Some(code);
                    }
                }
                (b"number:number-style" | b"number:percentage-style", Kind::Close) => {
                    if let Some(NumberStyle {
                        name,
                        percent,
                        code: Some(mut code),
                    }) = number.take()
                    {
                        if percent {
                            code.push('%');
                        }
                        self.number_formats.insert(name, code);
                    }
                }
                _ => {}
            }
        }
    }

    /// The styles from `name` up its parents.
    fn chain<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a StyleDef> {
        let mut next = self.styles.get(name);
        std::iter::from_fn(move || {
            let def = next?;
            next = def.parent.as_deref().and_then(|p| self.styles.get(p));
            Some(def)
        })
        .take(MAX_PARENTS)
    }

    /// The font a cell in style `name` is drawn in (None: no style).
    pub fn font(&self, name: Option<&str>) -> Option<String> {
        name.and_then(|name| self.chain(name).find_map(|def| def.font.clone()))
            .or_else(|| self.default_font.clone())
    }

    /// The font of a text style (a span's), None when it sets none.
    fn text_font(&self, name: &str) -> Option<String> {
        self.chain(name).find_map(|def| def.font.clone())
    }

    /// The Excel format code of a cell style's number style.
    pub fn number_format(&self, name: &str) -> Option<&str> {
        let data = self.chain(name).find_map(|def| def.data_style.as_deref())?;
        self.number_formats.get(data).map(String::as_str)
    }

    /// The width of a column style, as an Excel file character width.
    pub fn column_width(&self, name: &str) -> Option<f64> {
        self.styles.get(name)?.column_width
    }
}

/// Give the cells of one table their fonts and number formats, and return
/// the table's column widths and hidden columns.
pub fn apply(styles: &OdsStyles, table: &Table, cells: &mut [(u32, u32, Cell)]) -> Vec<Column> {
    let mut by_cell: HashMap<(u32, u32), Option<&str>> = HashMap::new();
    let mut large = Vec::new();
    for styled in &table.styled {
        let style = styled.style.as_deref();
        if u64::from(styled.rows) * u64::from(styled.columns) <= SMALL_RANGE {
            for r in 0..styled.rows {
                for c in 0..styled.columns {
                    let at = (
                        styled.first.0.saturating_add(r),
                        styled.first.1.saturating_add(c),
                    );
                    by_cell.insert(at, style);
                }
            }
        } else if large.len() < MAX_LARGE_RANGES {
            large.push(styled);
        }
    }
    let column_style = |col: u32| {
        table
            .columns
            .iter()
            .find(|c| (c.first..=c.last).contains(&col))
            .and_then(|c| c.cell_style.as_deref())
    };
    for (row, col, cell) in cells.iter_mut() {
        let own = by_cell.get(&(*row, *col)).copied().or_else(|| {
            large
                .iter()
                .find(|s| {
                    (s.first.0..s.first.0.saturating_add(s.rows)).contains(row)
                        && (s.first.1..s.first.1.saturating_add(s.columns)).contains(col)
                })
                .map(|s| s.style.as_deref())
        });
        let style = own.flatten().or_else(|| column_style(*col));
        cell.font = styles.font(style);
        if let Some(style) = style {
            layout::set_number_format(cell, styles.number_format(style));
        }
    }
    if !table.spans.is_empty() {
        let spans: HashMap<(u32, u32), &Pieces> = table
            .spans
            .iter()
            .map(|(at, pieces)| (*at, pieces))
            .collect();
        for (row, col, cell) in cells.iter_mut() {
            let Some(pieces) = spans.get(&(*row, *col)) else {
                continue;
            };
            let pieces = pieces
                .iter()
                .map(|(text, style)| Run {
                    text: text.clone(),
                    font: style
                        .as_deref()
                        .and_then(|s| styles.text_font(s))
                        .or_else(|| cell.font.clone()),
                })
                .collect();
            runs::apply_pieces(cell, pieces);
        }
    }
    table
        .columns
        .iter()
        .filter_map(|c| {
            let width = c.style.as_deref().and_then(|s| styles.column_width(s));
            (width.is_some() || c.hidden).then_some(Column {
                first: c.first.min(layout::LAST_COLUMN),
                last: c.last.min(layout::LAST_COLUMN),
                width,
                hidden: c.hidden,
            })
        })
        .collect()
}

struct NumberStyle {
    name: String,
    percent: bool,
    code: Option<String>,
}

/// A font family without its quotes: `'.VnTime'` → `.VnTime`.
fn unquote(family: &str) -> String {
    family
        .trim()
        .trim_matches(|c| c == '\'' || c == '"')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_follow_parents_and_faces() {
        let styles_xml = br#"<office:document-styles><office:font-face-decls>
<style:font-face style:name=".VnTime" svg:font-family="&apos;.VnTime&apos;"/>
<style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'"/></office:font-face-decls>
<office:styles><style:default-style style:family="table-cell"><style:text-properties style:font-name="Liberation Sans"/></style:default-style>
<style:default-style style:family="graphic"><style:text-properties style:font-name="Other"/></style:default-style>
<number:number-style style:name="N3"><number:number number:decimal-places="0" number:grouping="true"/></number:number-style>
<number:percentage-style style:name="N10"><number:number number:decimal-places="1"/><number:text>%</number:text></number:percentage-style>
<style:style style:name="Default" style:family="table-cell"/>
<style:style style:name="Heading" style:family="table-cell" style:parent-style-name="Default"><style:text-properties fo:font-family="'VNI-Times'"/></style:style>
</office:styles></office:document-styles>"#;
        let content = br#"<office:document-content><office:automatic-styles>
<style:style style:name="co1" style:family="table-column"><style:table-column-properties style:column-width="1.1665in"/></style:style>
<style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default"><style:text-properties style:font-name=".VnTime"/></style:style>
<style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Heading" style:data-style-name="N3"/>
<style:style style:name="ce3" style:family="table-cell" style:parent-style-name="ce3" style:data-style-name="N10"/>
</office:automatic-styles><office:body><style:style style:name="late"/></office:body></office:document-content>"#;
        let mut styles = OdsStyles::default();
        styles.scan(styles_xml);
        styles.scan(content);
        assert_eq!(styles.font(Some("ce1")).as_deref(), Some(".VnTime"));
        assert_eq!(styles.font(Some("ce2")).as_deref(), Some("VNI-Times"));
        assert_eq!(
            styles.font(Some("Default")).as_deref(),
            Some("Liberation Sans")
        );
        assert_eq!(styles.font(None).as_deref(), Some("Liberation Sans"));
        // A style that is its own parent ends.
        assert_eq!(styles.font(Some("ce3")).as_deref(), Some("Liberation Sans"));
        assert_eq!(styles.number_format("ce2"), Some("#,##0"));
        assert_eq!(styles.number_format("ce3"), Some("0.0%"));
        assert_eq!(styles.number_format("ce1"), None);
        assert!((styles.column_width("co1").unwrap() - 12.0).abs() < 0.01);
        assert!(!styles.styles.contains_key("late"));
    }

    #[test]
    fn stray_or_unfinished_markup_gives_no_style() {
        for text in [
            &b"<style:style"[..],
            b"<style:style style:name=\"a\"",
            b"<style:default-style>",
            b"</style:style>",
            b"<style:text-properties style:font-name=\"x\"/>",
            b"<number:number number:decimal-places=\"2\"/></number:number-style>",
        ] {
            let mut styles = OdsStyles::default();
            styles.scan(text);
            assert!(
                styles.styles.is_empty()
                    && styles.faces.is_empty()
                    && styles.number_formats.is_empty()
                    && styles.default_font.is_none(),
                "{}: {styles:?}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn a_cut_part_gives_only_complete_styles() {
        let xml = br#"<office:document-styles><office:font-face-decls><style:font-face style:name="T" svg:font-family="'.VnTime'"/></office:font-face-decls>
<office:styles><style:default-style style:family="table-cell"><style:text-properties style:font-name="T"/></style:default-style>
<number:number-style style:name="N2"><number:number number:decimal-places="2"/></number:number-style>
<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N2"><style:text-properties fo:font-family="VNI-Times"/></style:style>
<style:style style:name="co1" style:family="table-column"><style:table-column-properties style:column-width="2.5cm"/></style:style>
<style:style style:name="ce2" style:parent-style-name="ce1"/></office:styles></office:document-styles>"#;
        let mut whole = OdsStyles::default();
        whole.scan(xml);
        assert_eq!(whole.styles.len(), 3);
        for cut in 0..xml.len() {
            let mut part = OdsStyles::default();
            part.scan(&xml[..cut]);
            for (name, def) in &part.styles {
                assert_eq!(whole.styles.get(name), Some(def), "cut at {cut}");
            }
            for (name, code) in &part.number_formats {
                assert_eq!(whole.number_formats.get(name), Some(code), "cut at {cut}");
            }
            assert!(
                part.default_font.is_none() || part.default_font == whole.default_font,
                "cut at {cut}"
            );
        }
    }
}
