//! Page numbers as Nghị định 30/2020 wants them (đánh số trang): Arabic
//! numerals, centred at the top of the page, not shown on the first page.
//!
//! The xlsx library writes the header but has no "different first page"
//! switch, so the saved package is rewritten once: every worksheet's
//! `<headerFooter>` gets `differentFirst="1"` with no first-page header.
//! Depends on nothing else in the crate; only `write` calls it.

use super::WriteError;
use std::io::{Cursor, Read, Seek, Write};

/// The header every sheet sets: the page number, top centre, 13 pt.
pub(super) const PAGE_NUMBER: &str = "&C&\"Times New Roman,Regular\"&13&P";

const PLAIN: &str = "<headerFooter>";
const FIRST_PAGE_BLANK: &str = "<headerFooter differentFirst=\"1\">";

/// The package `xlsx` with the first page of every sheet left unnumbered.
/// Only the worksheets are inflated, changed and deflated again (each on
/// its own thread, streamed: a worksheet of a large bloc is tens of
/// megabytes of XML, never held whole); every other part is copied as it
/// was compressed.
pub(super) fn first_page_unnumbered(xlsx: Vec<u8>) -> Result<Vec<u8>, WriteError> {
    let out = rewrite(|| Ok(Cursor::new(&xlsx[..])), Cursor::new(Vec::new()))?;
    Ok(out.into_inner())
}

/// [`first_page_unnumbered`] from a package on disk (`open` opens it
/// again for each thread that reads it) to `out`, neither held in memory:
/// the consolidated workbook of a large bloc is tens of megabytes.
pub(super) fn first_page_unnumbered_to<R, W>(
    open: impl Fn() -> Result<R, WriteError> + Sync,
    out: W,
) -> Result<W, WriteError>
where
    R: Read + Seek,
    W: Write + Seek,
{
    rewrite(open, out)
}

/// The rewrite itself, from the package `open` gives to `out`.
fn rewrite<R, W>(open: impl Fn() -> Result<R, WriteError> + Sync, out: W) -> Result<W, WriteError>
where
    R: Read + Seek,
    W: Write + Seek,
{
    let mut archive = zip::ZipArchive::new(open()?).map_err(WriteError::archive)?;
    let mut sheets = Vec::new();
    for i in 0..archive.len() {
        let name = archive
            .name_for_index(i)
            .ok_or_else(|| WriteError::archive("entry without a name"))?
            .map_err(WriteError::archive)?;
        if name.starts_with("xl/worksheets/sheet") && name.ends_with(".xml") {
            sheets.push(i);
        }
    }
    // Each worksheet deflated into a package of its own, to be copied.
    let deflated: Vec<Result<Vec<u8>, WriteError>> = std::thread::scope(|scope| {
        let open = &open;
        let running: Vec<_> = sheets
            .iter()
            .map(|&i| scope.spawn(move || deflated_alone(open()?, i)))
            .collect();
        running
            .into_iter()
            .map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut deflated = sheets.iter().copied().zip(deflated).peekable();
    let mut out = zip::ZipWriter::new(out);
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
    out.finish().map_err(WriteError::archive)
}

/// A package holding only part `index` of `xlsx`, its header made
/// first-page-blank on the way, deflated at [`SHEET_LEVEL`].
fn deflated_alone(xlsx: impl Read + Seek, index: usize) -> Result<Vec<u8>, WriteError> {
    let mut archive = zip::ZipArchive::new(xlsx).map_err(WriteError::archive)?;
    let mut entry = archive.by_index(index).map_err(WriteError::archive)?;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(SHEET_LEVEL))
        .last_modified_time(entry.last_modified().unwrap_or_default());
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let name = entry.name().map_err(WriteError::archive)?.into_owned();
    out.start_file(name, options).map_err(WriteError::archive)?;
    let mut changed = ReplaceFirst::new(&mut out, PLAIN.as_bytes(), FIRST_PAGE_BLANK.as_bytes());
    std::io::copy(&mut entry, &mut changed).map_err(WriteError::archive)?;
    changed.finish().map_err(WriteError::archive)?;
    drop(entry);
    Ok(out.finish().map_err(WriteError::archive)?.into_inner())
}

/// A writer that passes bytes on with the first occurrence of `from`
/// replaced by `to`, wherever the writes that carry it are cut.
struct ReplaceFirst<'a, W: Write> {
    inner: W,
    from: &'a [u8],
    to: &'a [u8],
    /// Bytes held back: the end of what was written so far that may be
    /// the start of `from`.
    held: Vec<u8>,
    done: bool,
}

impl<'a, W: Write> ReplaceFirst<'a, W> {
    fn new(inner: W, from: &'a [u8], to: &'a [u8]) -> Self {
        ReplaceFirst {
            inner,
            from,
            to,
            held: Vec::new(),
            done: false,
        }
    }

    /// Pass on what is held back (the text ended without `from`).
    fn finish(mut self) -> std::io::Result<()> {
        self.inner.write_all(&self.held)?;
        self.held.clear();
        self.inner.flush()
    }
}

impl<W: Write> Write for ReplaceFirst<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.done {
            return self.inner.write(buf);
        }
        self.held.extend_from_slice(buf);
        let data = std::mem::take(&mut self.held);
        match memchr::memmem::find(&data, self.from) {
            Some(at) => {
                self.inner.write_all(&data[..at])?;
                self.inner.write_all(self.to)?;
                self.inner.write_all(&data[at + self.from.len()..])?;
                self.done = true;
            }
            None => {
                let keep = (self.from.len() - 1).min(data.len());
                self.inner.write_all(&data[..data.len() - keep])?;
                self.held = data[data.len() - keep..].to_vec();
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The deflate level of the rewritten worksheets: level 2 costs about half
/// of level 6 and makes the workbook a fifth larger (1.17 MB instead of
/// 0.98 MB for 1,000 units; a bloc of 30 units stays under 50 KB).
const SHEET_LEVEL: i64 = 2;

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

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

    #[test]
    fn the_header_is_replaced_wherever_the_writes_cut_it() {
        let text = "<a>x</a><headerFooter><b/><headerFooter>";
        for chunk in 1..=text.len() {
            let mut out = Vec::new();
            let mut w = ReplaceFirst::new(&mut out, PLAIN.as_bytes(), FIRST_PAGE_BLANK.as_bytes());
            for piece in text.as_bytes().chunks(chunk) {
                w.write_all(piece).unwrap();
            }
            w.finish().unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                "<a>x</a><headerFooter differentFirst=\"1\"><b/><headerFooter>",
                "writes of {chunk} bytes"
            );
        }
        let mut out = Vec::new();
        let mut w = ReplaceFirst::new(&mut out, PLAIN.as_bytes(), FIRST_PAGE_BLANK.as_bytes());
        w.write_all(b"<headerFoot").unwrap();
        w.finish().unwrap();
        assert_eq!(out, b"<headerFoot");
    }
}
