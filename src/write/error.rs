//! Why the consolidated workbook could not be written (`WriteError`), with
//! a Vietnamese message saying what failed and what to do.
//!
//! The xlsx library's error type stays inside `write`: it is turned into a
//! `WriteError` here. Depends on nothing else in the crate.

use rust_xlsxwriter::XlsxError;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// The consolidated workbook could not be written.
#[derive(Debug)]
#[non_exhaustive]
pub enum WriteError {
    /// The file is open in Excel (or another program) or may not be
    /// overwritten.
    Locked { path: PathBuf, source: io::Error },
    /// The folder to write into does not exist.
    NoFolder { path: PathBuf, source: io::Error },
    /// Any other failure to write the file (disk full, path is a folder …).
    Io { path: PathBuf, source: io::Error },
    /// The workbook could not be built: the report exceeds a limit of the
    /// xlsx format, or a fault in the program. `detail` is technical.
    Build { detail: String },
}

impl WriteError {
    /// A failure to write `path`.
    pub(super) fn io(path: &Path, source: io::Error) -> WriteError {
        let path = path.to_path_buf();
        if is_locked(&source) {
            WriteError::Locked { path, source }
        } else if source.kind() == io::ErrorKind::NotFound {
            WriteError::NoFolder { path, source }
        } else {
            WriteError::Io { path, source }
        }
    }

    /// A failure to build the workbook in memory.
    pub(super) fn build(error: XlsxError) -> WriteError {
        let detail = match error {
            XlsxError::RowColumnLimitError => {
                "bảng vượt quá số dòng hoặc số cột tối đa của Excel".to_string()
            }
            XlsxError::MaxStringLengthExceeded => "có ô chứa quá 32.767 ký tự".to_string(),
            other => format!("chi tiết kỹ thuật: {other}"),
        };
        WriteError::Build { detail }
    }
}

impl WriteError {
    /// A failure to pack files into a .zip archive in memory.
    pub(super) fn archive(error: impl fmt::Display) -> WriteError {
        WriteError::Build {
            detail: format!("không đóng gói được tệp nén .zip ({error})"),
        }
    }
}

/// Excel holds a file open with a lock: Windows reports a sharing
/// violation (32) or lock violation (33), elsewhere permission is denied.
fn is_locked(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::PermissionDenied
        || (cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33)))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Locked { path, .. } => write!(
                f,
                "Không ghi được tệp \"{}\": tệp đang mở trong Excel (hoặc chương trình khác) hay không được phép ghi đè. \
                 Hãy đóng tệp \"{}\" trong Excel rồi chạy lại, hoặc chọn tên tệp khác.",
                path.display(),
                file_name(path)
            ),
            WriteError::NoFolder { path, .. } => {
                let folder = path
                    .parent()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                write!(
                    f,
                    "Không ghi được tệp \"{}\": thư mục \"{}\" không tồn tại. Hãy tạo thư mục đó hoặc chọn nơi lưu khác rồi chạy lại.",
                    path.display(),
                    folder
                )
            }
            WriteError::Io { path, source } => write!(
                f,
                "Không ghi được tệp \"{}\" ({source}). Hãy kiểm tra đường dẫn là một tệp, ổ đĩa còn chỗ trống và có quyền ghi, rồi chạy lại.",
                path.display()
            ),
            WriteError::Build { detail } => write!(
                f,
                "Không tạo được bảng tính tổng hợp ({detail}). Hãy gửi tệp quy định và các bảng tự chấm cho người hỗ trợ phần mềm."
            ),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Locked { source, .. }
            | WriteError::NoFolder { source, .. }
            | WriteError::Io { source, .. } => Some(source),
            WriteError::Build { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locked_file_says_to_close_excel() {
        let e = WriteError::io(
            Path::new("ket-qua/tong-hop.xlsx"),
            io::Error::from(io::ErrorKind::PermissionDenied),
        );
        let text = e.to_string();
        assert!(matches!(e, WriteError::Locked { .. }));
        assert!(
            text.contains("Hãy đóng tệp \"tong-hop.xlsx\" trong Excel rồi chạy lại"),
            "{text}"
        );
    }

    #[test]
    fn missing_folder_names_the_folder() {
        let e = WriteError::io(
            Path::new("khong-co/tong-hop.xlsx"),
            io::Error::from(io::ErrorKind::NotFound),
        );
        assert!(
            e.to_string().contains("thư mục \"khong-co\" không tồn tại"),
            "{e}"
        );
    }

    #[test]
    fn build_errors_are_vietnamese() {
        let e = WriteError::build(XlsxError::RowColumnLimitError);
        assert!(e.to_string().contains("số cột tối đa của Excel"), "{e}");
    }
}
