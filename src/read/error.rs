//! Why a submitted file could not be read ([`ReadError`]): the issue code,
//! a label of what the file turned out to be, and a Vietnamese message
//! telling the unit what is wrong and what to do.
//!
//! Depends on `issue` only; never on calamine, whose errors arrive here
//! already turned into text.

use crate::issue::Code;
use std::fmt;
use std::io;

/// The largest file read, in bytes (64 MiB). A scoring table is a few
/// hundred KB; anything bigger is not one and is refused before reading.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Everything that can stop a file from being read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The file could not be read from disk; `message` is Vietnamese.
    Io { message: String },
    /// The file has no bytes at all.
    Empty,
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge { bytes: u64 },
    /// The file is something else than a spreadsheet; `what` is a short
    /// label such as "html", "pdf", "docx", "zip", "text", "unknown".
    NotASpreadsheet { what: &'static str },
    /// A sheet's used area is larger than [`super::MAX_SHEET_CELLS`]
    /// (found before reading, from the sizes the file declares).
    TooManyCells { cells: u64 },
    /// A part of a zip package inflates to more than `limit` bytes (the
    /// part's or the package's limit).
    PartTooLarge { part: String, limit: u64 },
    /// A part of a zip package inflates to hundreds of times its
    /// compressed size: a zip bomb, or millions of empty cells.
    Inflates { part: String },
    /// The workbook has more sheets than [`super::guard::MAX_SHEETS`].
    TooManySheets { sheets: usize },
    /// An .ods asks for more repeated spaces (`<text:s text:c>`) than any
    /// table holds: `count`, in one run or in all together.
    TooManySpaces { count: u64 },
    /// The process reading the file stopped without an answer: it ran out
    /// of its memory budget (`limit_mb`), or the file crashed it.
    ReaderDied { limit_mb: u64 },
    /// Reading the file took longer than `seconds`.
    TooSlow { seconds: u64 },
    /// An error reported by a worker process, as it described it.
    Reported {
        code: Code,
        detected: String,
        message: String,
    },
    /// The workbook is protected by a password (encrypted).
    Encrypted,
    /// The file has a spreadsheet's signature but its content is damaged
    /// or truncated. `format` is the label of what it looked like ("xlsx",
    /// "xls", "ods", "zip", "ole"); `detail` is technical, for experts.
    Corrupt {
        format: &'static str,
        detail: String,
    },
}

impl ReadError {
    /// An I/O failure, described in Vietnamese.
    pub fn io(error: &io::Error) -> ReadError {
        let message = match error.kind() {
            io::ErrorKind::NotFound => "không tìm thấy tệp".to_string(),
            io::ErrorKind::PermissionDenied => {
                "không có quyền đọc tệp (tệp có thể đang được mở trong chương trình khác)"
                    .to_string()
            }
            io::ErrorKind::IsADirectory => "đây là thư mục, không phải tệp".to_string(),
            _ => format!("lỗi hệ thống khi đọc tệp ({error})"),
        };
        ReadError::Io { message }
    }

    /// The issue code for this error.
    pub fn code(&self) -> Code {
        match self {
            ReadError::Reported { code, .. } => *code,
            ReadError::NotASpreadsheet { .. } => Code::NotASpreadsheet,
            ReadError::Encrypted => Code::EncryptedFile,
            ReadError::Io { .. }
            | ReadError::Empty
            | ReadError::TooLarge { .. }
            | ReadError::TooManyCells { .. }
            | ReadError::PartTooLarge { .. }
            | ReadError::Inflates { .. }
            | ReadError::TooManySheets { .. }
            | ReadError::TooManySpaces { .. }
            | ReadError::ReaderDied { .. }
            | ReadError::TooSlow { .. }
            | ReadError::Corrupt { .. } => Code::UnreadableFile,
        }
    }

    /// A short label of what the file turned out to be, for the table of
    /// sources: "html", "pdf", "empty", "encrypted", "xlsx", ...
    pub fn detected(&self) -> String {
        match self {
            ReadError::Io { .. } => "io".to_string(),
            ReadError::Empty => "empty".to_string(),
            ReadError::TooLarge { .. }
            | ReadError::TooManyCells { .. }
            | ReadError::PartTooLarge { .. }
            | ReadError::Inflates { .. }
            | ReadError::TooManySheets { .. }
            | ReadError::TooManySpaces { .. }
            | ReadError::ReaderDied { .. }
            | ReadError::TooSlow { .. } => "too-large".to_string(),
            ReadError::Reported { detected, .. } => detected.clone(),
            ReadError::NotASpreadsheet { what } => what.to_string(),
            ReadError::Encrypted => "encrypted".to_string(),
            ReadError::Corrupt { format, .. } => format.to_string(),
        }
    }

    /// What is wrong and what the unit should do, in Vietnamese.
    pub fn message(&self) -> String {
        match self {
            ReadError::Io { message } => format!(
                "Không đọc được tệp: {message}. Đề nghị kiểm tra lại tệp (đóng Excel nếu đang mở tệp) rồi chạy lại."
            ),
            ReadError::Empty => "Tệp rỗng (0 byte), không có nội dung. Đề nghị đơn vị gửi lại tệp bảng chấm điểm.".to_string(),
            ReadError::TooLarge { bytes } => format!(
                "Tệp quá lớn ({} MB, giới hạn {} MB), không phải một bảng chấm điểm thông thường. Đề nghị đơn vị kiểm tra lại tệp (xoá hình ảnh, trang tính thừa) rồi gửi lại.",
                bytes.div_ceil(1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            ReadError::TooManyCells { cells } => format!(
                "Tệp có trang tính với vùng dữ liệu quá lớn ({} ô, giới hạn {} ô), thường do có ô dữ liệu lạc ở dòng, cột rất xa. Đề nghị đơn vị xoá các dòng, cột thừa, lưu lại dạng .xlsx rồi gửi lại.",
                crate::text::thousands(*cells),
                crate::text::thousands(super::MAX_SHEET_CELLS)
            ),
            ReadError::PartTooLarge { part, limit } => format!(
                "Tệp giải nén ra quá lớn: phần \"{part}\" vượt {} MB (một bảng tự chấm chỉ vài trăm KB), thường do trang tính có rất nhiều dòng, cột hay ô thừa, hoặc tệp bị hỏng. Đề nghị đơn vị mở tệp bằng Excel, xoá các dòng, cột thừa (hoặc chép riêng bảng chấm điểm sang tệp mới), lưu lại rồi gửi lại.",
                limit / (1024 * 1024)
            ),
            ReadError::Inflates { part } => format!(
                "Tệp có phần \"{part}\" nén chặt bất thường (giải nén ra gấp hơn {} lần), dấu hiệu của hàng triệu ô trống thừa hoặc tệp tạo ra để làm treo máy, nên không đọc. Đề nghị đơn vị mở tệp bằng Excel, xoá các dòng, cột thừa, lưu lại rồi gửi lại.",
                super::package::MAX_RATIO
            ),
            ReadError::TooManySheets { sheets } => format!(
                "Tệp có {} trang tính (giới hạn {}), không phải một bảng chấm điểm thông thường, có thể tệp bị hỏng. Đề nghị đơn vị chép riêng trang bảng chấm điểm sang một tệp mới, lưu lại rồi gửi lại.",
                crate::text::thousands(*sheets as u64),
                crate::text::thousands(super::guard::MAX_SHEETS as u64)
            ),
            ReadError::TooManySpaces { count } => format!(
                "Nội dung tệp đòi lặp lại tới {} dấu cách trong các ô, điều không có ở một bảng chấm điểm thông thường; tệp có thể bị hỏng hoặc được tạo ra để làm treo máy nên không đọc. Đề nghị đơn vị mở tệp, xoá các ô thừa (hoặc chép riêng bảng chấm điểm sang tệp mới), lưu lại dạng .xlsx rồi gửi lại.",
                crate::text::thousands(*count)
            ),
            ReadError::ReaderDied { limit_mb } => format!(
                "Việc đọc tệp bị dừng vì cần quá nhiều bộ nhớ (hơn {limit_mb} MB) hoặc tệp bị hỏng nặng; tệp không giống một bảng chấm điểm thông thường (vài trăm KB). Đề nghị đơn vị mở tệp bằng Excel, xoá các dòng, cột, trang tính thừa, lưu lại rồi gửi lại."
            ),
            ReadError::TooSlow { seconds } => format!(
                "Đọc tệp quá {seconds} giây nên đã dừng; tệp có thể chứa rất nhiều dữ liệu thừa hoặc bị hỏng. Đề nghị đơn vị mở tệp bằng Excel, xoá các dòng, cột, trang tính thừa, lưu lại rồi gửi lại."
            ),
            ReadError::Reported { message, .. } => message.clone(),
            ReadError::NotASpreadsheet { what } => not_a_spreadsheet(what),
            ReadError::Encrypted => "Tệp có đặt mật khẩu nên không đọc được. Đề nghị đơn vị gỡ mật khẩu (File > Info > Protect Workbook) rồi gửi lại.".to_string(),
            ReadError::Corrupt { format, detail } => format!(
                "Tệp {} bị hỏng hoặc không đầy đủ (có thể do tải lên, tải về bị gián đoạn) nên không đọc được. Đề nghị đơn vị mở thử tệp bằng Excel, lưu lại rồi gửi lại. Chi tiết kỹ thuật: {detail}",
                format_name(format)
            ),
        }
    }
}

/// The message for a file that is not a spreadsheet, by what it is.
fn not_a_spreadsheet(what: &str) -> String {
    const SAVE_AS: &str = "Đề nghị đơn vị mở tệp bằng Excel, chọn File > Save As, lưu dạng Excel Workbook (.xlsx) rồi gửi lại.";
    const SEND_XLSX: &str = "Đề nghị đơn vị gửi tệp Excel (.xlsx) của bảng chấm điểm.";
    let (found, advice) = match what {
        "html" | "mhtml" => (
            "Tệp thực chất là trang web (HTML) được đặt đuôi bảng tính, không phải tệp Excel thật.",
            SAVE_AS,
        ),
        "xml-spreadsheet" => (
            "Tệp là bảng tính dạng XML 2003 (XML Spreadsheet), chương trình chưa đọc được dạng này.",
            SAVE_AS,
        ),
        "xlsb" => (
            "Tệp là bảng tính Excel nhị phân (.xlsb), chương trình chưa đọc được dạng này.",
            SAVE_AS,
        ),
        "text" => (
            "Tệp là văn bản thuần (CSV hoặc TXT), không phải tệp Excel.",
            SAVE_AS,
        ),
        "pdf" => (
            "Tệp là văn bản PDF, không phải bảng tính nên không đọc được điểm.",
            SEND_XLSX,
        ),
        "docx" | "doc" | "rtf" => (
            "Tệp là văn bản Word, không phải bảng tính nên không đọc được điểm.",
            SEND_XLSX,
        ),
        "odf" | "ppt" => (
            "Tệp là tài liệu văn bản hoặc trình chiếu, không phải bảng tính nên không đọc được điểm.",
            SEND_XLSX,
        ),
        "zip" => (
            "Tệp là tệp nén (zip), không phải bảng tính.",
            "Đề nghị đơn vị giải nén và gửi trực tiếp tệp Excel (.xlsx) của bảng chấm điểm.",
        ),
        _ => (
            "Không nhận ra định dạng tệp: đây không phải tệp Excel (.xlsx, .xls) hay bảng tính OpenDocument (.ods).",
            SEND_XLSX,
        ),
    };
    format!("{found} {advice}")
}

/// How a format label is named in messages.
fn format_name(format: &str) -> &'static str {
    match format {
        "xlsx" => "Excel (.xlsx)",
        "xlsm" => "Excel (.xlsm)",
        "xls" => "Excel (.xls)",
        "ods" => "OpenDocument (.ods)",
        "zip" => "nén (zip)",
        "ole" => "Office",
        _ => "bảng tính",
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ReadError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_with_dots() {
        assert_eq!(crate::text::thousands(0), "0");
        assert_eq!(crate::text::thousands(999), "999");
        assert_eq!(crate::text::thousands(5_000_000), "5.000.000");
        assert_eq!(crate::text::thousands(3_900_125_001), "3.900.125.001");
    }

    #[test]
    fn codes_and_labels() {
        assert_eq!(ReadError::Encrypted.code(), Code::EncryptedFile);
        assert_eq!(
            ReadError::NotASpreadsheet { what: "html" }.code(),
            Code::NotASpreadsheet
        );
        assert_eq!(ReadError::TooLarge { bytes: 1 }.detected(), "too-large");
        let corrupt = ReadError::Corrupt {
            format: "xls",
            detail: "x".into(),
        };
        assert_eq!(
            (corrupt.code(), corrupt.detected().as_str()),
            (Code::UnreadableFile, "xls")
        );
        assert!(corrupt.message().contains("Excel (.xls)"));
    }
}
