//! Deciding what a file is from its first bytes (nhận dạng tệp), never
//! from its extension: units rename files freely, and web systems export
//! HTML pages named `.xls`.
//!
//! Pure functions over bytes. Depends on `package` to open an archive,
//! list its entries and read its small descriptive ones (the archive is
//! handed on, not opened again), on this module's error type and byte
//! readers; never on calamine.

use super::error::ReadError;
use super::ole::u16_at;
use super::package::Archive;

/// A spreadsheet format we read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Format {
    Xlsx,
    /// .xlsx with macros; read like .xlsx.
    Xlsm,
    /// Excel 97–2003 (BIFF8), and Excel 5.0/95 (BIFF5) as far as calamine reads it.
    Xls,
    /// OpenDocument spreadsheet (LibreOffice, WPS).
    Ods,
}

impl Format {
    /// The usual extension, as a label: "xlsx", "xlsm", "xls", "ods".
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const ZIP_EMPTY_MAGIC: &[u8] = b"PK\x05\x06";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// How much of the start of a file is looked at to recognise text formats.
const HEAD: usize = 4096;
/// The most read of a small descriptive zip entry (mimetype, content types).
const SMALL_ENTRY: u64 = 1024 * 1024;

/// A format recognised, with the zip archive opened to recognise it
/// (None when it is not a zip, or its central directory is lost).
pub struct Sniffed<'a> {
    pub format: Format,
    pub archive: Option<Archive<'a>>,
}

/// The spreadsheet format of `bytes`, or why it is not one we can read.
#[cfg(test)]
pub fn sniff(bytes: &[u8]) -> Result<Format, ReadError> {
    sniff_archive(bytes).map(|sniffed| sniffed.format)
}

/// The spreadsheet format of `bytes` and the archive opened to see it,
/// or why it is not one we can read.
pub fn sniff_archive(bytes: &[u8]) -> Result<Sniffed<'_>, ReadError> {
    let format = |format| {
        Ok(Sniffed {
            format,
            archive: None,
        })
    };
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(ZIP_EMPTY_MAGIC) {
        return Err(ReadError::NotASpreadsheet { what: "zip" });
    }
    if bytes.starts_with(OLE_MAGIC) {
        return sniff_ole(bytes).and_then(format);
    }
    if bytes.starts_with(b"%PDF") {
        return Err(ReadError::NotASpreadsheet { what: "pdf" });
    }
    Err(ReadError::NotASpreadsheet {
        what: sniff_text(bytes),
    })
}

/// An Office Open XML or OpenDocument package, or another zip.
fn sniff_zip(bytes: &[u8]) -> Result<Sniffed<'_>, ReadError> {
    let (names, mut archive): (Vec<Vec<u8>>, _) = match Archive::new(bytes) {
        Ok(archive) => {
            let names = archive.names().map(<[u8]>::to_vec).collect();
            (names, Some(archive))
        }
        // A truncated download loses the central directory at the end;
        // the local headers still tell what the package was.
        Err(_) => (local_header_names(bytes), None),
    };
    let has = |name: &str| {
        names
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name.as_bytes()))
    };
    let has_prefix = |prefix: &str| {
        names.iter().any(|n| {
            n.get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
        })
    };
    // None when the archive could not be opened.
    let mut entry = |name: &str| {
        archive
            .as_mut()
            .map(|archive| archive.small_entry(name, SMALL_ENTRY))
    };
    let found = |format, archive| Ok(Sniffed { format, archive });

    let content_types = entry("[Content_Types].xml")
        .unwrap_or_default()
        .to_ascii_lowercase();
    if has("xl/workbook.bin") || content_types.contains("sheet.binary.macroenabled.main") {
        return Err(ReadError::NotASpreadsheet { what: "xlsb" });
    }
    // Every SpreadsheetML part lives under xl/; a truncated package may
    // have lost xl/workbook.xml but not the parts written before it.
    if has_prefix("xl/")
        || content_types.contains("spreadsheetml.sheet.main")
        || content_types.contains("spreadsheetml.template.main")
    {
        let macros = has("xl/vbaProject.bin") || content_types.contains("sheet.macroenabled.main");
        return found(if macros { Format::Xlsm } else { Format::Xlsx }, archive);
    }
    let mimetype = entry("mimetype").unwrap_or_else(|| first_entry_if_mimetype(bytes));
    let mimetype = mimetype.trim();
    if mimetype.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
        return found(Format::Ods, archive);
    }
    if mimetype.starts_with("application/vnd.oasis.opendocument") {
        return Err(ReadError::NotASpreadsheet { what: "odf" });
    }
    if mimetype.is_empty() && has("content.xml") {
        return found(Format::Ods, archive);
    }
    if has_prefix("word/") {
        return Err(ReadError::NotASpreadsheet { what: "docx" });
    }
    match archive {
        Some(_) => Err(ReadError::NotASpreadsheet { what: "zip" }),
        None => Err(ReadError::Corrupt {
            format: "zip",
            detail: "zip central directory not found".to_string(),
        }),
    }
}

/// The content of the first entry when it is OpenDocument's "mimetype",
/// which is stored uncompressed at the very start of the package.
fn first_entry_if_mimetype(bytes: &[u8]) -> String {
    let name_len = usize::from(u16_at(bytes, 26).unwrap_or(0));
    let extra_len = usize::from(u16_at(bytes, 28).unwrap_or(0));
    if bytes.get(30..30 + name_len) != Some(&b"mimetype"[..]) {
        return String::new();
    }
    let start = 30 + name_len + extra_len;
    let data = bytes.get(start..).unwrap_or_default();
    let data = data.get(..80).unwrap_or(data);
    String::from_utf8_lossy(data).into_owned()
}

/// Entry names from the local file headers, for a zip whose central
/// directory is missing.
fn local_header_names(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut names = Vec::new();
    let mut at = 0;
    while let Some(found) = find(bytes.get(at..).unwrap_or_default(), ZIP_MAGIC) {
        let start = at + found;
        let name_len = usize::from(u16_at(bytes, start + 26).unwrap_or(0));
        if let Some(name) = bytes.get(start + 30..start + 30 + name_len) {
            names.push(name.to_vec());
        }
        at = start + ZIP_MAGIC.len();
    }
    names
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A compound file (OLE2): a legacy Excel workbook, an encrypted Office
/// Open XML package, or a Word document.
fn sniff_ole(bytes: &[u8]) -> Result<Format, ReadError> {
    let names = ole_stream_names(bytes);
    let has = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    if has("EncryptedPackage") {
        Err(ReadError::Encrypted)
    } else if has("Workbook") || has("Book") {
        Ok(Format::Xls)
    } else if has("WordDocument") {
        Err(ReadError::NotASpreadsheet { what: "doc" })
    } else if has("PowerPoint Document") {
        Err(ReadError::NotASpreadsheet { what: "ppt" })
    } else if names.len() > 1 {
        Err(ReadError::NotASpreadsheet { what: "ole" })
    } else {
        Err(ReadError::Corrupt {
            format: "ole",
            detail: "compound file directory not found".to_string(),
        })
    }
}

/// Names of the entries of a compound file's directory.
///
/// Directory entries are 128-byte records aligned on 128 bytes after the
/// 512-byte header, whatever the sector size; rather than follow the
/// sector chains (which a truncated file breaks), every aligned record
/// that has the shape of a directory entry is taken.
fn ole_stream_names(bytes: &[u8]) -> Vec<String> {
    bytes
        .get(512..)
        .unwrap_or_default()
        .chunks_exact(128)
        .filter_map(directory_entry_name)
        .collect()
}

/// The name of a 128-byte directory entry, if the record is one: a
/// UTF-16LE name of `len` bytes including its terminating NUL, then an
/// object type (1 storage, 2 stream, 5 root) and a colour (0 or 1).
fn directory_entry_name(entry: &[u8]) -> Option<String> {
    let len = usize::from(u16_at(entry, 64)?);
    let kind = *entry.get(66)?;
    let colour = *entry.get(67)?;
    if !(4..=64).contains(&len) || len % 2 != 0 || !matches!(kind, 1 | 2 | 5) || colour > 1 {
        return None;
    }
    let units: Vec<u16> = entry
        .get(..len)?
        .chunks_exact(2)
        .filter_map(|b| u16_at(b, 0))
        .collect();
    let (last, name) = units.split_last()?;
    if *last != 0 || name.contains(&0) {
        return None;
    }
    String::from_utf16(name).ok()
}

/// What a file that is neither a zip nor a compound file looks like:
/// "html", "mhtml", "xml-spreadsheet", "xml", "rtf", "text" or "unknown".
fn sniff_text(bytes: &[u8]) -> &'static str {
    let head = bytes.get(..HEAD).unwrap_or(bytes);
    let text = decode_head(head);
    let lower = text.trim_start().to_ascii_lowercase();
    if lower.starts_with('<') {
        if lower.starts_with("<?xml")
            && (lower.contains("urn:schemas-microsoft-com:office:spreadsheet")
                || lower.contains("progid=\"excel.sheet\""))
        {
            return "xml-spreadsheet";
        }
        // Excel's "web page" and web systems' exports; some start with
        // <meta> or a comment before the <html> or <table>.
        if lower.starts_with("<!doctype html")
            || lower.contains("<html")
            || lower.contains("<table")
        {
            return "html";
        }
        return "xml";
    }
    if lower.starts_with("mime-version:") {
        return "mhtml";
    }
    if lower.starts_with("{\\rtf") {
        return "rtf";
    }
    if looks_like_text(&text) {
        return "text";
    }
    "unknown"
}

/// The start of a file as text: UTF-16 when it has a UTF-16 byte order
/// mark, otherwise UTF-8 with a BOM removed and invalid bytes replaced.
fn decode_head(head: &[u8]) -> String {
    let (text, _) = match encoding_rs::Encoding::for_bom(head) {
        Some((encoding, bom_len)) => {
            encoding.decode_without_bom_handling(head.get(bom_len..).unwrap_or_default())
        }
        None => encoding_rs::UTF_8.decode_without_bom_handling(head),
    };
    text.into_owned()
}

/// True when there are no control characters other than tabs, line and
/// page breaks: CSV and TXT files in UTF-8 or a legacy code page.
fn looks_like_text(text: &str) -> bool {
    text.chars()
        .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\u{0C}') || c == '\u{FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn what(bytes: &[u8]) -> String {
        match sniff(bytes) {
            Ok(format) => format.as_str().to_string(),
            Err(e) => e.detected(),
        }
    }

    fn zip_with(names: &[(&str, &str)]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut writer = zip::ZipWriter::new(&mut out);
            for (name, content) in names {
                // Stored, as OpenDocument requires for "mimetype".
                let options = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Stored);
                writer.start_file(*name, options).ok();
                std::io::Write::write_all(&mut writer, content.as_bytes()).ok();
            }
            writer.finish().ok();
        }
        out.into_inner()
    }

    /// A compound file with one directory sector holding the given names.
    fn ole_with(names: &[&str]) -> Vec<u8> {
        let mut bytes = OLE_MAGIC.to_vec();
        bytes.resize(512, 0);
        for name in names {
            let mut entry = [0u8; 128];
            let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
            for (i, unit) in units.iter().enumerate() {
                entry[2 * i..2 * i + 2].copy_from_slice(&unit.to_le_bytes());
            }
            entry[64..66].copy_from_slice(&(2 * units.len() as u16).to_le_bytes());
            entry[66] = if *name == "Root Entry" { 5 } else { 2 };
            bytes.extend_from_slice(&entry);
        }
        bytes
    }

    #[test]
    fn empty_pdf_and_unknown() {
        assert_eq!(what(b""), "empty");
        assert_eq!(what(b"%PDF-1.7\n..."), "pdf");
        assert_eq!(what(&[0x00, 0x01, 0x02, 0xFF]), "unknown");
        assert_eq!(what(b"PK\x05\x06\0\0\0\0"), "zip");
    }

    #[test]
    fn html_in_its_disguises() {
        assert_eq!(what(b"<html><body><table></table></body></html>"), "html");
        assert_eq!(what(b"\xEF\xBB\xBF  \r\n<!DOCTYPE HTML PUBLIC>"), "html");
        assert_eq!(what(b"<TABLE border=1><tr><td>1</td></tr></TABLE>"), "html");
        assert_eq!(what(b"<meta charset=utf-8>\n<table>"), "html");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<html>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(what(&utf16), "html");
        assert_eq!(
            what(b"MIME-Version: 1.0\r\nX-Document-Type: Workbook"),
            "mhtml"
        );
    }

    #[test]
    fn xml_and_text() {
        let xml2003 = b"<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">";
        assert_eq!(what(xml2003), "xml-spreadsheet");
        assert_eq!(what(b"<?xml version=\"1.0\"?><root/>"), "xml");
        assert_eq!(
            what("STT,Nội dung,Điểm\n1,Tham mưu,10\n".as_bytes()),
            "text"
        );
        // A CSV in Windows-1258 is not UTF-8 but still text.
        assert_eq!(what(b"S\xD0 Y t\xEA;95\r\n"), "text");
        assert_eq!(what(b"{\\rtf1\\ansi hello}"), "rtf");
    }

    #[test]
    fn zip_packages() {
        let xlsx = zip_with(&[("[Content_Types].xml", ""), ("xl/workbook.xml", "")]);
        assert_eq!(sniff(&xlsx), Ok(Format::Xlsx));
        let xlsm = zip_with(&[("xl/workbook.xml", ""), ("xl/vbaProject.bin", "")]);
        assert_eq!(sniff(&xlsm), Ok(Format::Xlsm));
        let xlsm_by_type = zip_with(&[
            (
                "[Content_Types].xml",
                "<Override ContentType=\"application/vnd.ms-excel.sheet.macroEnabled.main+xml\"/>",
            ),
            ("xl/workbook.xml", ""),
        ]);
        assert_eq!(sniff(&xlsm_by_type), Ok(Format::Xlsm));
        let ods = zip_with(&[
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("content.xml", ""),
        ]);
        assert_eq!(sniff(&ods), Ok(Format::Ods));
        assert_eq!(sniff(&zip_with(&[("content.xml", "")])), Ok(Format::Ods));
        let odt = zip_with(&[
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", ""),
        ]);
        assert_eq!(what(&odt), "odf");
        assert_eq!(what(&zip_with(&[("word/document.xml", "")])), "docx");
        assert_eq!(what(&zip_with(&[("xl/workbook.bin", "")])), "xlsb");
        assert_eq!(what(&zip_with(&[("notes.txt", "x")])), "zip");
    }

    #[test]
    fn truncated_zip_still_recognised() {
        let xlsx = zip_with(&[
            ("xl/workbook.xml", "<workbook/>"),
            ("xl/styles.xml", "<s/>"),
        ]);
        let half = xlsx.get(..xlsx.len() / 2).unwrap_or_default();
        assert_eq!(sniff(half), Ok(Format::Xlsx));
        let mut ods = zip_with(&[
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("content.xml", "<office:document-content/>"),
        ]);
        ods.truncate(ods.len() / 2);
        assert_eq!(sniff(&ods), Ok(Format::Ods));
        let other = zip_with(&[("a.txt", "aaaa"), ("b.txt", "bbbb")]);
        let half = other.get(..other.len() / 2).unwrap_or_default();
        assert_eq!(what(half), "zip");
        assert!(matches!(sniff(half), Err(ReadError::Corrupt { .. })));
    }

    #[test]
    fn compound_files() {
        assert_eq!(
            sniff(&ole_with(&["Root Entry", "Workbook"])),
            Ok(Format::Xls)
        );
        assert_eq!(sniff(&ole_with(&["Root Entry", "Book"])), Ok(Format::Xls));
        assert_eq!(
            sniff(&ole_with(&[
                "Root Entry",
                "EncryptionInfo",
                "EncryptedPackage"
            ])),
            Err(ReadError::Encrypted)
        );
        assert_eq!(what(&ole_with(&["Root Entry", "WordDocument"])), "doc");
        assert_eq!(what(&ole_with(&["Root Entry", "Something"])), "ole");
        assert!(matches!(
            sniff(OLE_MAGIC),
            Err(ReadError::Corrupt { format: "ole", .. })
        ));
    }
}
