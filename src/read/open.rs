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
    let mut bytes = Vec::new();
    // One byte more than the limit tells a file that grew while read.
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
    let format = sniff::sniff(bytes)?;
    let (workbook, saved) = match format {
        Format::Xlsx | Format::Xlsm | Format::Ods => {
            let package = package::Package::open(bytes, format.as_str())?;
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
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
