//! Page numbers as Nghị định 30/2020 wants them (đánh số trang): Arabic
//! numerals, centred at the top of the page, not shown on the first page.
//!
//! The xlsx library writes the header but has no "different first page"
//! switch, so the saved package is rewritten once: every worksheet's
//! `<headerFooter>` gets `differentFirst="1"` with no first-page header.
//! Depends on nothing else in the crate; only `write` calls it.

use super::WriteError;
use std::io::{Cursor, Read, Write};

/// The header every sheet sets: the page number, top centre, 13 pt.
pub(super) const PAGE_NUMBER: &str = "&C&\"Times New Roman,Regular\"&13&P";

const PLAIN: &str = "<headerFooter>";
const FIRST_PAGE_BLANK: &str = "<headerFooter differentFirst=\"1\">";

/// The package `xlsx` with the first page of every sheet left unnumbered.
/// Only the worksheets are inflated, changed and deflated again (each on
/// its own thread); every other part is copied as it was compressed.
pub(super) fn first_page_unnumbered(xlsx: Vec<u8>) -> Result<Vec<u8>, WriteError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx)).map_err(WriteError::archive)?;
    // The worksheets, changed: (index in the archive, name, time, bytes).
    let mut sheets = Vec::new();
    for i in 0..archive.len() {
        let name = archive
            .name_for_index(i)
            .ok_or_else(|| WriteError::archive("entry without a name"))?
            .map_err(WriteError::archive)?
            .to_string();
        if name.starts_with("xl/worksheets/sheet") && name.ends_with(".xml") {
            let mut entry = archive.by_index(i).map_err(WriteError::archive)?;
            let time = entry.last_modified().unwrap_or_default();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).map_err(WriteError::archive)?;
            drop(entry);
            if let Ok(text) = std::str::from_utf8(&bytes) {
                bytes = text.replacen(PLAIN, FIRST_PAGE_BLANK, 1).into_bytes();
            }
            sheets.push((i, name, time, bytes));
        }
    }
    // Each worksheet deflated into a package of its own, to be copied.
    let deflated: Vec<Result<Vec<u8>, WriteError>> = std::thread::scope(|scope| {
        let running: Vec<_> = sheets
            .iter()
            .map(|(_, name, time, bytes)| scope.spawn(move || deflated_alone(name, *time, bytes)))
            .collect();
        running
            .into_iter()
            .map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut deflated = sheets.iter().map(|s| s.0).zip(deflated).peekable();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        match deflated.next_if(|(at, _)| *at == i) {
            Some((_, alone)) => {
                let mut alone =
                    zip::ZipArchive::new(Cursor::new(alone?)).map_err(WriteError::archive)?;
                let entry = alone.by_index_raw(0).map_err(WriteError::archive)?;
                out.raw_copy_file(entry).map_err(WriteError::archive)?;
            }
            None => {
                let entry = archive.by_index_raw(i).map_err(WriteError::archive)?;
                out.raw_copy_file(entry).map_err(WriteError::archive)?;
            }
        }
    }
    Ok(out.finish().map_err(WriteError::archive)?.into_inner())
}

/// A package holding only `bytes`, as part `name` saved at `time`,
/// deflated at [`SHEET_LEVEL`].
fn deflated_alone(name: &str, time: zip::DateTime, bytes: &[u8]) -> Result<Vec<u8>, WriteError> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(SHEET_LEVEL))
        .last_modified_time(time);
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    out.start_file(name, options).map_err(WriteError::archive)?;
    out.write_all(bytes).map_err(WriteError::archive)?;
    Ok(out.finish().map_err(WriteError::archive)?.into_inner())
}

/// The deflate level of the rewritten worksheets: the first write's (the
/// workbook is built at level 1, so that the parts written twice cost one
/// quick deflate and one real one).
const SHEET_LEVEL: i64 = 6;

#[cfg(test)]
mod tests {
    use super::*;

    fn package(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            out.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(text.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    fn part(xlsx: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn only_worksheet_headers_change() {
        let sheet = "<worksheet><headerFooter><oddHeader>&amp;C&amp;P</oddHeader></headerFooter></worksheet>";
        let other = "<x><headerFooter></headerFooter></x>";
        let out = first_page_unnumbered(package(&[
            ("xl/worksheets/sheet1.xml", sheet),
            ("xl/other.xml", other),
        ]))
        .unwrap();
        assert_eq!(
            part(&out, "xl/worksheets/sheet1.xml"),
            "<worksheet><headerFooter differentFirst=\"1\"><oddHeader>&amp;C&amp;P</oddHeader></headerFooter></worksheet>"
        );
        assert_eq!(part(&out, "xl/other.xml"), other);
    }
}
