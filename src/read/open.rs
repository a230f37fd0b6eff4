//! Opening a submitted file (mở tệp): its bytes read within the size limit,
//! its format decided from them, then the package's parts inflated once
//! (or an .xls file's sizes checked) before calamine and our own readers
//! turn it into a [`Workbook`]; with the file's digest and the date saved
//! inside it.
//!
//! Depends on the other rooms of `read` only.

use super::error::{MAX_FILE_BYTES, ReadError};
use super::grid::Workbook;
use super::sniff::{self, Format};
use super::{calamine, package, saved};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// A file read from disk.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Loaded {
    pub workbook: Workbook,
    pub format: Format,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// When the file was last saved, as recorded inside it
    /// ("YYYY-MM-DDTHH:MM:SS"), where it records it.
    pub saved: Option<String>,
}

/// Read a submitted file: size check, then format from the bytes, then
/// every sheet.
pub fn read_file(path: &Path) -> Result<Loaded, ReadError> {
    load_bytes(&file_bytes(path)?)
}

/// A submitted file's bytes, refused beyond [`MAX_FILE_BYTES`] before
/// reading them.
pub fn file_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = File::open(path).map_err(|e| ReadError::io(&e))?;
    let size = file.metadata().map_err(|e| ReadError::io(&e))?.len();
    if size > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge { bytes: size });
    }
    // One byte more than the limit tells a file that grew while read.
    let mut bytes = Vec::with_capacity(size as usize + 1);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::io(&e))?;
    Ok(bytes)
}

/// Read a submitted workbook from its bytes (an upload): like
/// [`read_file`] without the file system.
pub fn load_bytes(bytes: &[u8]) -> Result<Loaded, ReadError> {
    let opened = open(bytes)?;
    Ok(Loaded {
        workbook: opened.workbook,
        format: opened.format,
        sha256: sha256_hex(bytes),
        saved: opened.saved,
    })
}

/// What reading a file's bytes gives.
struct Opened {
    workbook: Workbook,
    format: Format,
    saved: Option<String>,
}

/// The format from the bytes; then a package's parts inflated once
/// within limits, or an .xls file's sizes checked, before calamine reads.
fn open(bytes: &[u8]) -> Result<Opened, ReadError> {
    let len = bytes.len() as u64;
    if len > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge { bytes: len });
    }
    let sniff::Sniffed { format, archive } = sniff::sniff_archive(bytes)?;
    let (workbook, saved) = match format {
        Format::Xlsx | Format::Xlsm | Format::Ods => {
            // The archive sniffing opened; opened here only to say why it
            // cannot be (a central directory lost).
            let package = match archive {
                Some(archive) => package::Package::read(archive, format.as_str())?,
                None => package::Package::open(bytes, format.as_str())?,
            };
            let workbook = calamine::open_package(&package, format)?;
            (workbook, saved::package_saved(&package))
        }
        Format::Xls => (calamine::open_xls(bytes)?, saved::xls_saved(bytes)),
    };
    Ok(Opened {
        workbook,
        format,
        saved,
    })
}

fn sha256_hex(bytes: &[u8]) -> String {
    lower_hex(&Sha256::digest(bytes))
}

/// Bytes as lowercase hexadecimal (a digest as the reports write it).
pub fn lower_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(2 * bytes.len());
    for &b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Value;
    use std::io::{Cursor, Write};
    use std::time::Duration;

    /// An .ods holding `table` (the XML inside `<office:spreadsheet>`).
    fn ods_with(table: &str) -> Vec<u8> {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>{table}</office:spreadsheet></office:body></office:document-content>"#
        );
        let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, text) in [
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", manifest),
            ("content.xml", content.as_str()),
        ] {
            w.start_file(name, stored).unwrap();
            w.write_all(text.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// `load_bytes`, failing the test when it takes more than 20 seconds.
    fn load_within_deadline(bytes: Vec<u8>) -> Result<Loaded, ReadError> {
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || send.send(load_bytes(&bytes)));
        receive
            .recv_timeout(Duration::from_secs(20))
            .expect("reading did not end")
    }

    const ROW: &str = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Sở Y tế</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="5"/></table:table-row>"#;

    #[test]
    fn an_ods_table_never_closed_ends() {
        // Found by the ods fuzz target: calamine's table reader waited
        // for `</table:table>` past the end of the text, for ever.
        let sound = ods_with(&format!(
            r#"<table:table table:name="A">{ROW}</table:table>"#
        ));
        let loaded = load_within_deadline(sound).expect("a sound .ods");
        assert_eq!(loaded.workbook.sheets.len(), 1);
        assert_eq!(
            loaded.workbook.sheets[0].get(0, 1).value,
            Value::Number(5.0)
        );
        let never_closed = ods_with(&format!(
            r#"<table:table table:name="A">{ROW}</table:table><table:table table:name="B">{ROW}</table:table-cell>"#
        ));
        let _ = load_within_deadline(never_closed);
    }

    #[test]
    fn an_ods_annotation_never_closed_ends() {
        let never_closed = ods_with(
            r#"<table:table table:name="A"><table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p>ghi chú</text:p>"#,
        );
        let _ = load_within_deadline(never_closed);
    }
}
