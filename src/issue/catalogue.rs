//! The catalogue of findings (danh mục mã lỗi): for every code, its stable
//! kebab-case name, usual severity, Vietnamese title, what it means (for the
//! README), what the officer should do (cách sửa), and the message
//! templates — Vietnamese, shown to people, and English, for whoever reads
//! the JSON report in English. Each finding carries its parameters; its
//! message is rendered from here (see [`super::template`] for the syntax).
//! The README's table of codes is checked against this catalogue.
//!
//! The codes are a contract with users (README, JSON report): never rename
//! one; the order of the variants is the order of findings on one cell.
//! Part of `issue`; depends on nothing else in the crate.

use super::Severity;
use super::template::Partials;

/// One code's entry.
#[derive(Debug)]
pub struct Entry {
    /// The stable kebab-case code.
    pub code: &'static str,
    /// The usual severity.
    pub severity: Severity,
    /// A short Vietnamese title, for the README and the workbook legend.
    pub title: &'static str,
    /// What the code means, in English, for the README.
    pub meaning: &'static str,
    /// What to do about it, in Vietnamese (cách sửa).
    pub fix: &'static str,
    /// The Vietnamese message template.
    pub vi: &'static str,
    /// The English message template: the same parameters and choices.
    pub en: &'static str,
}

/// Fragments the Vietnamese templates share (`{@name}`).
pub const PARTIALS_VI: Partials = &[
    (
        "criterion",
        "{group|none:tiêu chí {criterion} ({title:short})|*:các tiêu chí {group*, } (chấm chung)}",
    ),
    ("column", "{reviewed|true:điểm khối chấm|*:điểm tự chấm}"),
    (
        "who",
        "{reviewed|true:Đề nghị khối kiểm tra lại ô này.|*:Đề nghị đơn vị sửa lại.}",
    ),
];

/// Fragments the English templates share.
pub const PARTIALS_EN: Partials = &[
    (
        "criterion",
        "{group|none:criterion {criterion} ({title:short})|*:criteria {group*, } (scored together)}",
    ),
    ("column", "{reviewed|true:bloc-reviewed score|*:self-score}"),
    (
        "who",
        "{reviewed|true:The bloc should check this cell.|*:The unit should correct it.}",
    ),
];

macro_rules! catalogue {
    ($($variant:ident {
        code: $code:literal,
        severity: $severity:ident,
        title: $title:literal,
        meaning: $meaning:literal,
        fix: $fix:literal,
        vi: $vi:expr,
        en: $en:expr $(,)?
    })*) => {
        /// Every finding the tool can report (mã lỗi). The string form is the contract.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            /// All codes, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// This code's catalogue entry.
            pub fn entry(self) -> &'static Entry {
                match self {
                    $(Code::$variant => &Entry {
                        code: $code,
                        severity: Severity::$severity,
                        title: $title,
                        meaning: $meaning,
                        fix: $fix,
                        vi: $vi,
                        en: $en,
                    },)*
                }
            }
        }
    };
}

catalogue! {
    UnreadableFile {
        code: "unreadable-file",
        severity: Error,
        title: "Không đọc được tệp",
        meaning: "the file is corrupt or truncated, or beyond a read limit (size, inflated size or ratio, sheets, cells, a reader's memory or time budget: see the Tour), and cannot be read",
        fix: "Mở tệp bằng Excel, xoá phần thừa hoặc chép riêng bảng chấm điểm sang tệp mới, lưu dạng .xlsx rồi gửi lại.",
        vi: concat!(
            "{reason",
            "|io:Không đọc được tệp: {cause|not-found:không tìm thấy tệp|permission:không có quyền đọc tệp (tệp có thể đang được mở trong chương trình khác)|directory:đây là thư mục, không phải tệp|*:lỗi hệ thống khi đọc tệp ({error})}. Đề nghị kiểm tra lại tệp (đóng Excel nếu đang mở tệp) rồi chạy lại.",
            "|empty:Tệp rỗng (0 byte), không có nội dung. Đề nghị đơn vị gửi lại tệp bảng chấm điểm.",
            "|too-large:Tệp quá lớn ({bytes:mb} MB, giới hạn {limit:mb} MB), không phải một bảng chấm điểm thông thường. Đề nghị đơn vị kiểm tra lại tệp (xoá hình ảnh, trang tính thừa) rồi gửi lại.",
            "|too-many-cells:Tệp có trang tính với vùng dữ liệu quá lớn ({cells:thousands} ô, giới hạn {limit:thousands} ô), thường do có ô dữ liệu lạc ở dòng, cột rất xa. Đề nghị đơn vị xoá các dòng, cột thừa, lưu lại dạng .xlsx rồi gửi lại.",
            "|part-too-large:Tệp giải nén ra quá lớn: phần \"{part}\" vượt {limit:mb} MB (một bảng tự chấm chỉ vài trăm KB), thường do trang tính có rất nhiều dòng, cột hay ô thừa, hoặc tệp bị hỏng. Đề nghị đơn vị mở tệp bằng Excel, xoá các dòng, cột thừa (hoặc chép riêng bảng chấm điểm sang tệp mới), lưu lại rồi gửi lại.",
            "|inflates:Tệp có phần \"{part}\" nén chặt bất thường (giải nén ra gấp hơn {ratio} lần), dấu hiệu của hàng triệu ô trống thừa hoặc tệp tạo ra để làm treo máy, nên không đọc. Đề nghị đơn vị mở tệp bằng Excel, xoá các dòng, cột thừa, lưu lại rồi gửi lại.",
            "|too-many-sheets:Tệp có {sheets:thousands} trang tính (giới hạn {limit:thousands}), không phải một bảng chấm điểm thông thường, có thể tệp bị hỏng. Đề nghị đơn vị chép riêng trang bảng chấm điểm sang một tệp mới, lưu lại rồi gửi lại.",
            "|too-many-spaces:Nội dung tệp đòi lặp lại tới {count:thousands} dấu cách trong các ô, điều không có ở một bảng chấm điểm thông thường; tệp có thể bị hỏng hoặc được tạo ra để làm treo máy nên không đọc. Đề nghị đơn vị mở tệp, xoá các ô thừa (hoặc chép riêng bảng chấm điểm sang tệp mới), lưu lại dạng .xlsx rồi gửi lại.",
            "|reader-died:Việc đọc tệp bị dừng vì cần quá nhiều bộ nhớ (hơn {limit_mb} MB) hoặc tệp bị hỏng nặng; tệp không giống một bảng chấm điểm thông thường (vài trăm KB). Đề nghị đơn vị mở tệp bằng Excel, xoá các dòng, cột, trang tính thừa, lưu lại rồi gửi lại.",
            "|too-slow:Đọc tệp quá {seconds} giây nên đã dừng; tệp có thể chứa rất nhiều dữ liệu thừa hoặc bị hỏng. Đề nghị đơn vị mở tệp bằng Excel, xoá các dòng, cột, trang tính thừa, lưu lại rồi gửi lại.",
            "|corrupt:Tệp {format|xlsx:Excel (.xlsx)|xlsm:Excel (.xlsm)|xls:Excel (.xls)|ods:OpenDocument (.ods)|zip:nén (zip)|ole:Office|*:bảng tính} bị hỏng hoặc không đầy đủ (có thể do tải lên, tải về bị gián đoạn) nên không đọc được. Đề nghị đơn vị mở thử tệp bằng Excel, lưu lại rồi gửi lại. Chi tiết kỹ thuật: {detail}",
            "|sheet-too-large:Trang tính \"{sheet}\" có vùng dữ liệu quá lớn (hơn {limit:thousands} ô, thường do có ô dữ liệu lạc ở dòng, cột rất xa) nên không đọc. Nếu bảng chấm điểm nằm ở trang này, đề nghị đơn vị xoá các dòng, cột thừa, lưu lại rồi gửi lại.",
            "|table-too-long:Bảng trên trang tính \"{sheet}\" dài hơn {limit:thousands} dòng, không phải một bảng chấm điểm thông thường; chỉ đọc {limit:thousands} dòng đầu. Đề nghị đơn vị xoá các dòng thừa, lưu lại rồi gửi lại.",
            "|internal:Công cụ gặp lỗi nội bộ khi đọc tệp này nên chưa tổng hợp được. Đề nghị mở tệp bằng Excel, lưu lại dưới dạng .xlsx rồi chạy lại; nếu vẫn lỗi, hãy gửi tệp cho người quản trị công cụ.",
            "}"
        ),
        en: concat!(
            "{reason",
            "|io:The file could not be read: {cause|not-found:file not found|permission:no permission to read the file (it may be open in another program)|directory:this is a folder, not a file|*:system error while reading the file ({error})}. Check the file (close Excel if it has the file open) and run again.",
            "|empty:The file is empty (0 bytes). The unit should send its scoring file again.",
            "|too-large:The file is too large ({bytes:mb} MB, limit {limit:mb} MB) to be an ordinary scoring table. The unit should check the file (remove pictures, unused sheets) and send it again.",
            "|too-many-cells:A sheet's data area is too large ({cells:thousands} cells, limit {limit:thousands}), usually because of stray cells far down or far right. The unit should delete the unused rows and columns, save as .xlsx and send it again.",
            "|part-too-large:The file inflates to too much: part \"{part}\" exceeds {limit:mb} MB (a scoring table is a few hundred KB), usually because of many unused rows, columns or cells, or a damaged file. The unit should open the file in Excel, delete the unused rows and columns (or copy the scoring table alone into a new file), save and send it again.",
            "|inflates:Part \"{part}\" of the file is unusually compressed (inflates more than {ratio} times), a sign of millions of empty cells or of a file made to hang the computer, so it is not read. The unit should open the file in Excel, delete the unused rows and columns, save and send it again.",
            "|too-many-sheets:The file has {sheets:thousands} sheets (limit {limit:thousands}), not an ordinary scoring table; it may be damaged. The unit should copy the scoring sheet alone into a new file, save and send it again.",
            "|too-many-spaces:The file asks for up to {count:thousands} repeated spaces in its cells, which no ordinary scoring table does; it may be damaged or made to hang the computer, so it is not read. The unit should open the file, delete the unused cells (or copy the scoring table alone into a new file), save as .xlsx and send it again.",
            "|reader-died:Reading the file was stopped because it needed too much memory (over {limit_mb} MB) or the file is badly damaged; it does not look like an ordinary scoring table (a few hundred KB). The unit should open the file in Excel, delete the unused rows, columns and sheets, save and send it again.",
            "|too-slow:Reading the file took over {seconds} seconds and was stopped; it may hold much unused data or be damaged. The unit should open the file in Excel, delete the unused rows, columns and sheets, save and send it again.",
            "|corrupt:The {format|xlsx:Excel (.xlsx)|xlsm:Excel (.xlsm)|xls:Excel (.xls)|ods:OpenDocument (.ods)|zip:zip|ole:Office|*:spreadsheet} file is damaged or incomplete (an interrupted upload or download?) and cannot be read. The unit should open it in Excel, save it and send it again. Technical detail: {detail}",
            "|sheet-too-large:Sheet \"{sheet}\" has too large a data area (over {limit:thousands} cells, usually stray cells far down or far right) and is not read. If the scoring table is on this sheet, the unit should delete the unused rows and columns, save and send it again.",
            "|table-too-long:The table on sheet \"{sheet}\" is longer than {limit:thousands} rows, not an ordinary scoring table; only its first {limit:thousands} rows are read. The unit should delete the unused rows, save and send it again.",
            "|internal:The tool met an internal error while reading this file, which is not consolidated. Open the file in Excel, save it as .xlsx and run again; if the error remains, send the file to the tool's administrator.",
            "}"
        ),
    }
    NotASpreadsheet {
        code: "not-a-spreadsheet",
        severity: Error,
        title: "Tệp không phải bảng tính",
        meaning: "the file is not a workbook (HTML saved as .xls, PDF, Word, text…)",
        fix: "Mở tệp bằng Excel, chọn File > Save As, lưu dạng Excel Workbook (.xlsx) rồi gửi lại; tệp PDF, Word không dùng được.",
        vi: concat!(
            "{format",
            "|html,mhtml:Tệp thực chất là trang web (HTML) được đặt đuôi bảng tính, không phải tệp Excel thật.",
            "|xml-spreadsheet:Tệp là bảng tính dạng XML 2003 (XML Spreadsheet), chương trình chưa đọc được dạng này.",
            "|xlsb:Tệp là bảng tính Excel nhị phân (.xlsb), chương trình chưa đọc được dạng này.",
            "|text:Tệp là văn bản thuần (CSV hoặc TXT), không phải tệp Excel.",
            "|pdf:Tệp là văn bản PDF, không phải bảng tính nên không đọc được điểm.",
            "|docx,doc,rtf:Tệp là văn bản Word, không phải bảng tính nên không đọc được điểm.",
            "|odf,ppt:Tệp là tài liệu văn bản hoặc trình chiếu, không phải bảng tính nên không đọc được điểm.",
            "|zip:Tệp là tệp nén (zip), không phải bảng tính.",
            "|*:Không nhận ra định dạng tệp: đây không phải tệp Excel (.xlsx, .xls) hay bảng tính OpenDocument (.ods).",
            "} {format",
            "|html,mhtml,xml-spreadsheet,xlsb,text:Đề nghị đơn vị mở tệp bằng Excel, chọn File > Save As, lưu dạng Excel Workbook (.xlsx) rồi gửi lại.",
            "|zip:Đề nghị đơn vị giải nén và gửi trực tiếp tệp Excel (.xlsx) của bảng chấm điểm.",
            "|*:Đề nghị đơn vị gửi tệp Excel (.xlsx) của bảng chấm điểm.",
            "}"
        ),
        en: concat!(
            "{format",
            "|html,mhtml:The file is a web page (HTML) named like a spreadsheet, not a real Excel file.",
            "|xml-spreadsheet:The file is an XML 2003 spreadsheet (XML Spreadsheet), a form the tool does not read yet.",
            "|xlsb:The file is a binary Excel workbook (.xlsb), a form the tool does not read yet.",
            "|text:The file is plain text (CSV or TXT), not an Excel file.",
            "|pdf:The file is a PDF document, not a spreadsheet, so no scores can be read.",
            "|docx,doc,rtf:The file is a Word document, not a spreadsheet, so no scores can be read.",
            "|odf,ppt:The file is a text or presentation document, not a spreadsheet, so no scores can be read.",
            "|zip:The file is a zip archive, not a spreadsheet.",
            "|*:Unknown file format: not an Excel file (.xlsx, .xls) nor an OpenDocument spreadsheet (.ods).",
            "} {format",
            "|html,mhtml,xml-spreadsheet,xlsb,text:The unit should open the file in Excel, choose File > Save As, save as Excel Workbook (.xlsx) and send it again.",
            "|zip:The unit should unzip it and send the Excel file (.xlsx) of its scoring table itself.",
            "|*:The unit should send the Excel file (.xlsx) of its scoring table.",
            "}"
        ),
    }
    EncryptedFile {
        code: "encrypted-file",
        severity: Error,
        title: "Tệp có mật khẩu",
        meaning: "the workbook has a password",
        fix: "Gỡ mật khẩu của tệp (File > Info > Protect Workbook) rồi gửi lại.",
        vi: "Tệp có đặt mật khẩu nên không đọc được. Đề nghị đơn vị gỡ mật khẩu (File > Info > Protect Workbook) rồi gửi lại.",
        en: "The file has a password and cannot be read. The unit should remove the password (File > Info > Protect Workbook) and send it again.",
    }
    FileSkipped {
        code: "file-skipped",
        severity: Info,
        title: "Bỏ qua tệp không phải bảng chấm điểm",
        meaning: "a file in an input folder was skipped (Office lock file, other extension)",
        fix: "Không cần làm gì nếu đó không phải bảng chấm điểm; nếu là bảng chấm điểm, lưu lại dạng .xlsx.",
        vi: concat!(
            "{reason",
            "|not-a-file:Bỏ qua \"{name}\": không phải tệp thông thường (lối tắt hỏng, thiết bị, ống dẫn…).",
            "|lock-file:Bỏ qua tệp \"{name}\": đây là tệp tạm Excel tạo ra khi đang mở một bảng tính, không phải bài nộp.",
            "|extension:Bỏ qua tệp \"{name}\": không phải bảng tính (.xlsx, .xlsm, .xls, .ods). Nếu đây là bảng chấm điểm, đề nghị lưu lại dạng .xlsx.",
            "|excluded:Bỏ qua tệp \"{name}\" theo lựa chọn của người tổng hợp (--exclude, hoặc \"Dùng tệp này\" ở tệp khác trên trang web).",
            "}"
        ),
        en: concat!(
            "{reason",
            "|not-a-file:Skipped \"{name}\": not a regular file (broken shortcut, device, pipe…).",
            "|lock-file:Skipped \"{name}\": a temporary file Excel makes while a workbook is open, not a submission.",
            "|extension:Skipped \"{name}\": not a spreadsheet (.xlsx, .xlsm, .xls, .ods). If it is a scoring table, save it as .xlsx.",
            "|excluded:Skipped \"{name}\" as the consolidator chose (--exclude, or \"Use this file\" on another file on the web page).",
            "}"
        ),
    }
    NoScoreTable {
        code: "no-score-table",
        severity: Error,
        title: "Không tìm thấy bảng chấm điểm",
        meaning: "no sheet has a scoring table matching the bloc's criteria",
        fix: "Dùng đúng mẫu bảng tự chấm của khối: có cột \"Nội dung\" và cột \"Điểm tự chấm\", các dòng tiêu chí theo quy định.",
        vi: "Không tìm thấy bảng chấm điểm trong tệp: cần một dòng tiêu đề có cột \"Nội dung\" (hoặc \"Tiêu chí\") và cột \"Điểm tự chấm\", với các dòng tiêu chí bên dưới khớp quy định của khối. Đề nghị đơn vị dùng đúng mẫu bảng tự chấm của khối rồi gửi lại.",
        en: "No scoring table found in the file: it needs a header row with a \"Nội dung\" (or \"Tiêu chí\") column and a \"Điểm tự chấm\" column, with criterion rows below matching the bloc's rules. The unit should use the bloc's self-scoring template and send it again.",
    }
    UnknownUnit {
        code: "unknown-unit",
        severity: Error,
        title: "Không xác định được đơn vị",
        meaning: "the unit could not be identified from the sheet, file or heading; the name the sheet writes (the \"Đơn vị: …\" line, else the agency in the heading), if any, is quoted (`text`, `cell`) to be pasted into `aliases`",
        fix: "Ghi \"Đơn vị: <tên đơn vị>\" phía trên bảng, hoặc thêm tên gọi đó vào aliases của đơn vị trong tệp quy định.",
        vi: concat!(
            "Không xác định được bảng này của đơn vị nào: không có dòng \"Đơn vị: …\", tên trong phần đầu văn bản, tên trang tính hay tên tệp nào khớp với danh sách đơn vị của khối. ",
            "{text",
            "|none:Đề nghị ghi \"Đơn vị: <tên đơn vị>\" phía trên bảng, hoặc bổ sung tên gọi này vào aliases của đơn vị trong tệp quy định.",
            "|*:Tên đơn vị ghi trong bảng (ô {cell}): \"{text}\". Nếu đây đúng là một đơn vị của khối, hãy thêm tên này vào aliases của đơn vị đó trong tệp quy định, ví dụ aliases = [\"{text}\"]; nếu không, đề nghị đơn vị ghi đúng tên ở dòng \"Đơn vị: …\" phía trên bảng.",
            "}"
        ),
        en: concat!(
            "Cannot tell which unit this table belongs to: no \"Đơn vị: …\" line, name in the heading, sheet name or file name matches the bloc's list of units. ",
            "{text",
            "|none:Write \"Đơn vị: <unit name>\" above the table, or add the name used to the unit's aliases in the rules file.",
            "|*:The unit's name written in the table (cell {cell}): \"{text}\". If this is one of the bloc's units, add this name to that unit's aliases in the rules file, e.g. aliases = [\"{text}\"]; if not, the unit should write its right name on the \"Đơn vị: …\" line above the table.",
            "}"
        ),
    }
    AmbiguousUnit {
        code: "ambiguous-unit",
        severity: Error,
        title: "Tên đơn vị khớp nhiều đơn vị",
        meaning: "the name found matches several units",
        fix: "Ghi tên đầy đủ của đơn vị ở dòng \"Đơn vị: …\".",
        vi: "Tên \"{text}\" ({place|cell:ô {cell}|sheet:tên trang tính \"{sheet}\"|*:tên tệp}) khớp với nhiều đơn vị: {units*, }. Đề nghị ghi rõ tên đầy đủ của đơn vị ở dòng \"Đơn vị: …\".",
        en: "The name \"{text}\" ({place|cell:cell {cell}|sheet:sheet name \"{sheet}\"|*:file name}) matches several units: {units*, }. Write the unit's full name on the \"Đơn vị: …\" line.",
    }
    DuplicateUnit {
        code: "duplicate-unit",
        severity: Warning,
        title: "Đơn vị nộp nhiều bảng",
        meaning: "a unit sent different versions: the newest counts (saved date inside the file, then a revision word in its name, then the file time); on the file not used. Error when the versions cannot be told apart (the unit is not consolidated); info when the files hold the same cells",
        fix: "Kiểm tra bản được dùng; muốn dùng bản khác thì chạy lại với --exclude \"TÊN TỆP\" cho các bản không dùng, hoặc bấm \"Dùng tệp này\" trên trang web.",
        vi: concat!(
            "{case",
            "|undecided:Đơn vị {unit_name} gửi {count} bảng tự chấm khác nhau: {files*, *\"{files}\"}; không xác định được bản nào mới hơn (ngày lưu trong tệp và tên tệp không cho biết). Chưa tổng hợp đơn vị này. Đề nghị chọn bản cần dùng: chạy lại với --exclude \"TÊN TỆP\" cho các bản không dùng, hoặc bấm \"Dùng tệp này\" trên trang web.",
            "|copy:Đơn vị {unit_name} gửi nhiều bản giống hệt nhau (cùng nội dung các ô): tệp \"{file}\" giống tệp \"{used}\"; dùng tệp \"{used}\", bỏ qua tệp này.",
            "|*:Đơn vị {unit_name} gửi {count} bảng tự chấm khác nhau: {files*, *\"{files}\"}. Dùng bản mới nhất \"{used}\" (",
            "{basis|saved:tệp lưu lúc {saved:datetime}, sau các bản khác lưu lúc {others:datetime}|name:tên tệp ghi là bản sửa mới hơn|*:tệp được sửa lúc {modified:datetime} trên máy, muộn hơn các bản khác}",
            "); tệp \"{file}\" không được tổng hợp. Nếu cần dùng bản khác, chạy lại với --exclude \"{used}\" hoặc bấm \"Dùng tệp này\" trên trang web.",
            "}"
        ),
        en: concat!(
            "{case",
            "|undecided:Unit {unit_name} sent {count} different self-scoring tables: {files*, *\"{files}\"}; which is newer cannot be told (neither the saved dates inside the files nor their names say). This unit is not consolidated. Choose the version to use: run again with --exclude \"FILE NAME\" for the others, or click \"Use this file\" on the web page.",
            "|copy:Unit {unit_name} sent identical copies (same cell contents): file \"{file}\" equals file \"{used}\"; file \"{used}\" is used, this one is skipped.",
            "|*:Unit {unit_name} sent {count} different self-scoring tables: {files*, *\"{files}\"}. The newest, \"{used}\", is used (",
            "{basis|saved:saved at {saved:datetime}, after the others saved at {others:datetime}|name:its file name marks a newer revision|*:modified at {modified:datetime} on this computer, later than the others}",
            "); file \"{file}\" is not consolidated. To use another version, run again with --exclude \"{used}\" or click \"Use this file\" on the web page.",
            "}"
        ),
    }
    MissingUnit {
        code: "missing-unit",
        severity: Warning,
        title: "Đơn vị chưa nộp bảng",
        meaning: "a member unit has not submitted",
        fix: "Nhắc đơn vị gửi bảng tự chấm điểm rồi tổng hợp lại.",
        vi: "Chưa nhận được bảng tự chấm điểm của {unit_name}. Đơn vị này chưa được tổng hợp và xếp hạng.",
        en: "No self-scoring table received from {unit_name}. This unit is not consolidated or ranked.",
    }
    MissingCriterion {
        code: "missing-criterion",
        severity: Error,
        title: "Thiếu tiêu chí",
        meaning: "a criterion row is missing (warning for bonus, deduction and disqualifier lines)",
        fix: "Bổ sung dòng tiêu chí còn thiếu theo mẫu của khối.",
        vi: concat!(
            "Bảng không có dòng {@criterion}{after|none:|*: (cần có ngay sau dòng {after})}. ",
            "{kind|score:Tiêu chí này đang được tính 0 điểm.|bonus:Đơn vị không được cộng điểm thưởng ở mục này.",
            "|deduction:Bảng không kê khai điểm trừ ở mục này.|disqualifier:Bảng không có phần kê khai trường hợp không xét khen thưởng.}",
            " Đề nghị đơn vị bổ sung đủ các tiêu chí theo mẫu của khối."
        ),
        en: concat!(
            "The table has no row for {@criterion}{after|none:|*: (expected right after row {after})}. ",
            "{kind|score:This criterion counts 0 points.|bonus:The unit gets no bonus points in this section.",
            "|deduction:The table declares no deductions in this section.|disqualifier:The table has no declaration of disqualifying cases.}",
            " The unit should complete the criteria as in the bloc's template."
        ),
    }
    UnknownCriterion {
        code: "unknown-criterion",
        severity: Warning,
        title: "Dòng không khớp tiêu chí nào",
        meaning: "a row with a label or a score matches no criterion",
        fix: "Dùng đúng danh mục tiêu chí của khối; giữ đúng số thứ tự và nội dung như quy định.",
        vi: "Dòng {row} (\"{label|none:|*:{label} }{text}\") không khớp tiêu chí nào của khối nên không được tính điểm. Đề nghị đơn vị dùng đúng danh mục tiêu chí của khối; nếu đây là tiêu chí đã đổi tên, hãy giữ đúng số thứ tự và nội dung như quy định.",
        en: "Row {row} (\"{label|none:|*:{label} }{text}\") matches no criterion of the bloc and is not counted. The unit should use the bloc's list of criteria; if this criterion was renamed, keep its number and content as in the rules.",
    }
    TitleChanged {
        code: "title-changed",
        severity: Info,
        title: "Tên tiêu chí bị sửa",
        meaning: "a criterion's title was edited; the row was still matched",
        fix: "Không cần sửa; nên giữ đúng nội dung tiêu chí như mẫu ở các lần sau.",
        vi: concat!(
            "{count",
            "|1:Dòng {row} ghi nội dung \"{text}\", khác quy định \"{title}\"; vẫn được đối chiếu là tiêu chí {criterion} theo số thứ tự và vị trí.",
            "|*:{count} dòng ghi nội dung tiêu chí khác quy định (viết tắt hoặc sửa chữ) nhưng vẫn được đối chiếu theo số thứ tự và vị trí: {rows*, *{criterion} (dòng {row})}.",
            "}"
        ),
        en: concat!(
            "{count",
            "|1:Row {row} reads \"{text}\", unlike the rules' \"{title}\"; it is still matched to criterion {criterion} by its number and position.",
            "|*:{count} rows word their criterion differently from the rules (abbreviated or edited) but are still matched by number and position: {rows*, *{criterion} (row {row})}.",
            "}"
        ),
    }
    RowRenumbered {
        code: "row-renumbered",
        severity: Info,
        title: "Dòng tiêu chí bị đánh số lại hoặc đổi chỗ",
        meaning: "rows renumbered (a row deleted and the rest renumbered) or moved: each was matched by its title and maximum, and the note lists them",
        fix: "Giữ đúng số thứ tự và thứ tự các dòng như mẫu của khối.",
        vi: "Bảng có dòng tiêu chí bị đánh số lại hoặc đổi chỗ so với mẫu; đã đối chiếu theo nội dung và điểm chuẩn: {rows*; *dòng {row} {label|none:|*:ghi số thứ tự \"{label}\" }là tiêu chí {criterion}}. Đề nghị đơn vị giữ đúng số thứ tự và thứ tự các dòng như mẫu của khối.",
        en: "Criterion rows are renumbered or moved compared with the template; they were matched by title and maximum: {rows*; *row {row} {label|none:|*:numbered \"{label}\" }is criterion {criterion}}. The unit should keep the numbering and order of rows of the bloc's template.",
    }
    CriteriaMerged {
        code: "criteria-merged",
        severity: Warning,
        title: "Nhiều tiêu chí chấm chung một dòng",
        meaning: "one row scores several criteria together (two criteria typed on one row, or a parent scored as a whole with no row for its children): the total uses that one score, checked against the sum of their maxima",
        fix: "Ghi điểm riêng cho từng tiêu chí, mỗi tiêu chí một dòng.",
        vi: "Dòng {row} chấm chung một số điểm ({value|none:trống|*:{value}}) cho các tiêu chí {group*, } (điểm chuẩn cộng lại {max}) thay vì từng tiêu chí một. Tổng điểm được tính theo số điểm chung này; đề nghị đơn vị ghi điểm riêng cho từng tiêu chí.",
        en: "Row {row} gives one score ({value|none:empty|*:{value}}) to criteria {group*, } together (maxima adding up to {max}) instead of one each. The total uses this shared score; the unit should score each criterion on its own.",
    }
    MaxChanged {
        code: "max-changed",
        severity: Warning,
        title: "Điểm chuẩn khác quy định",
        meaning: "the sheet's maximum differs from the rules (scores use the rules' maximum)",
        fix: "Sửa điểm chuẩn cho đúng mẫu của khối.",
        vi: "Điểm chuẩn của {@criterion} ghi {stated} nhưng quy định của khối là {max}. Điểm được chấm theo điểm chuẩn {max}; đề nghị đơn vị sửa lại cho đúng mẫu.",
        en: "The maximum of {@criterion} reads {stated} but the bloc's rules say {max}. Scores are checked against {max}; the unit should correct it to match the template.",
    }
    ScoreMissing {
        code: "score-missing",
        severity: Error,
        title: "Thiếu điểm",
        meaning: "a score cell is empty (counts 0)",
        fix: "Nhập điểm vào ô còn trống.",
        vi: "Ô {cell}: chưa có {@column} cho {@criterion}. Tiêu chí này đang được tính 0 điểm. {@who}",
        en: "Cell {cell}: no {@column} for {@criterion}. It counts 0 points. {@who}",
    }
    ScoreNotNumber {
        code: "score-not-number",
        severity: Error,
        title: "Điểm không phải là số",
        meaning: "a score cell holds text, a date or an error that is not a number (counts 0)",
        fix: "Ghi điểm bằng số, ví dụ 8 hoặc 8,5.",
        vi: "Ô {cell} ({@column}, {@criterion}) ghi \"{text}\"{date|true: (Excel đã hiểu giá trị gõ vào là ngày tháng)|*:}, không phải là số điểm (tối đa 3 chữ số thập phân); đang tính 0 điểm. {@who} Ghi điểm bằng số, ví dụ 8 hoặc 8,5.",
        en: "Cell {cell} ({@column}, {@criterion}) reads \"{text}\"{date|true: (Excel took what was typed for a date)|*:}, not a score (at most 3 decimals); it counts 0 points. {@who} Write the score as a number, e.g. 8 or 8.5.",
    }
    ScoreNegative {
        code: "score-negative",
        severity: Error,
        title: "Điểm âm",
        meaning: "a negative score outside the deduction section (counts 0)",
        fix: "Ghi điểm không âm; điểm trừ ghi ở mục điểm trừ.",
        vi: "Ô {cell}: {@column} của {@criterion} là {value}, điểm không được âm; đang tính 0 điểm. {@who} Điểm trừ ghi ở mục điểm trừ.",
        en: "Cell {cell}: the {@column} of {@criterion} is {value}; scores cannot be negative, it counts 0 points. {@who} Deductions go in the deduction section.",
    }
    ScoreOverMax {
        code: "score-over-max",
        severity: Error,
        title: "Điểm vượt điểm chuẩn",
        meaning: "a score above its maximum (counts the maximum)",
        fix: "Chấm lại không vượt điểm chuẩn của tiêu chí.",
        vi: "Ô {cell}: {@column} của {@criterion} là {value}, vượt điểm chuẩn {max}; chỉ tính {max} điểm. {@who}",
        en: "Cell {cell}: the {@column} of {@criterion} is {value}, over its maximum {max}; only {max} points count. {@who}",
    }
    ScoreNotAllowed {
        code: "score-not-allowed",
        severity: Error,
        title: "Điểm không thuộc các mức cho phép",
        meaning: "a score that is not one of the criterion's `levels` (counts as written)",
        fix: "Chấm lại theo đúng một trong các mức điểm của tiêu chí.",
        vi: "Ô {cell}: {@column} của {@criterion} là {value}, không thuộc các mức điểm cho phép ({levels*; }). Điểm vẫn được tính như đã ghi; {reviewed|true:đề nghị khối chấm lại theo đúng mức.|*:đề nghị đơn vị chấm lại theo đúng mức.}",
        en: "Cell {cell}: the {@column} of {@criterion} is {value}, not one of the allowed levels ({levels*; }). It counts as written; {reviewed|true:the bloc should score it again by the levels.|*:the unit should score it again by the levels.}",
    }
    FigureMissing {
        code: "figure-missing",
        severity: Error,
        title: "Thiếu số liệu",
        meaning: "a criterion scored against the bloc (`kind = \"relative\"` or `\"target\"`) has no figure on the unit's row: it scores 0 and is left out of the bloc's best",
        fix: "Ghi số liệu (kết quả thực hiện) của đơn vị vào cột Kết quả, hoặc vào ô điểm tự chấm nếu bảng không có cột này.",
        vi: "Ô {cell}: chưa có số liệu (kết quả thực hiện) cho {@criterion}, là tiêu chí tính điểm theo số liệu của cả khối. Tiêu chí này đang được tính 0 điểm và đơn vị không được so sánh với các đơn vị khác. Đề nghị đơn vị ghi số liệu vào {column|result:cột Kết quả|*:ô này}.",
        en: "Cell {cell}: no figure (result achieved) for {@criterion}, which is scored from the figures of the whole bloc. It counts 0 points and the unit is left out of the comparison. The unit should write its figure {column|result:in the Result column|*:in this cell}.",
    }
    FigureNotNumber {
        code: "figure-not-number",
        severity: Error,
        title: "Số liệu không phải là số",
        meaning: "the figure of a criterion scored against the bloc is text, a date or an error, not a number (scores 0, left out of the bloc's best)",
        fix: "Ghi số liệu bằng số, ví dụ 85 hoặc 85,5 (có thể kèm dấu %).",
        vi: "Ô {cell} (số liệu của {@criterion}) ghi \"{text}\", không phải là một số; tiêu chí này đang được tính 0 điểm và đơn vị không được so sánh với các đơn vị khác. Đề nghị đơn vị ghi số liệu bằng số, ví dụ 85 hoặc 85,5.",
        en: "Cell {cell} (the figure of {@criterion}) reads \"{text}\", not a number; it counts 0 points and the unit is left out of the comparison. The unit should write the figure as a number, e.g. 85 or 85.5.",
    }
    FigureNegative {
        code: "figure-negative",
        severity: Error,
        title: "Số liệu âm",
        meaning: "the figure of a criterion scored against the bloc is negative (scores 0, left out of the bloc's best)",
        fix: "Ghi lại số liệu đúng (không âm).",
        vi: "Ô {cell}: số liệu của {@criterion} là {value}, số liệu không được âm; tiêu chí này đang được tính 0 điểm và đơn vị không được so sánh với các đơn vị khác. Đề nghị đơn vị sửa lại.",
        en: "Cell {cell}: the figure of {@criterion} is {value}; figures cannot be negative. It counts 0 points and the unit is left out of the comparison. The unit should correct it.",
    }
    FigureOverShare {
        code: "figure-over-share",
        severity: Error,
        title: "Tỷ lệ vượt 100%",
        meaning: "the figure of a criterion whose `unit` is \"%\" (a share) is over 100 (scores 0, left out of the bloc's best)",
        fix: "Ghi lại tỷ lệ đúng, từ 0 đến 100 (%).",
        vi: "Ô {cell}: số liệu của {@criterion} là {value}%, tỷ lệ không thể vượt 100%; tiêu chí này đang được tính 0 điểm và đơn vị không được so sánh với các đơn vị khác. Đề nghị đơn vị kiểm tra lại (có thể gõ nhầm dấu thập phân).",
        en: "Cell {cell}: the figure of {@criterion} is {value}%; a share cannot exceed 100%. It counts 0 points and the unit is left out of the comparison. The unit should check it (perhaps a misplaced decimal mark).",
    }
    FigureNoBest {
        code: "figure-no-best",
        severity: Warning,
        title: "Không có số liệu để so sánh",
        meaning: "no unit of the bloc has a usable figure above 0 for a `relative` criterion (higher is better), so there is no best to compare with: every unit scores 0",
        fix: "Kiểm tra lại số liệu các đơn vị đã gửi cho tiêu chí này.",
        vi: "Tiêu chí {criterion} ({title:short}) tính điểm theo đơn vị dẫn đầu nhưng không đơn vị nào có số liệu lớn hơn 0, nên không có đơn vị dẫn đầu để so sánh: mọi đơn vị được 0 điểm ở tiêu chí này. Đề nghị kiểm tra lại số liệu các đơn vị đã gửi.",
        en: "Criterion {criterion} ({title:short}) is scored against the leading unit, but no unit has a figure above 0, so there is no leader to compare with: every unit scores 0 on it. Check the figures the units sent.",
    }
    MeasuredScoreDiffers {
        code: "measured-score-differs",
        severity: Info,
        title: "Điểm tự chấm khác điểm tính theo số liệu",
        meaning: "on a criterion scored against the bloc, the score the unit typed differs from the one computed from every unit's figures; the computed score counts",
        fix: "Không cần sửa: điểm của tiêu chí này do khối tính từ số liệu của tất cả các đơn vị.",
        vi: "Ô {cell}: đơn vị tự chấm {typed} điểm cho {@criterion}, còn điểm tính theo số liệu của cả khối là {computed}. Điểm tính theo số liệu được dùng để cộng tổng (đơn vị không biết số liệu của các đơn vị khác nên không tự tính được).",
        en: "Cell {cell}: the unit scored itself {typed} for {@criterion}; computed from the figures of the whole bloc it is {computed}. The computed score counts (a unit cannot know the others' figures).",
    }
    FormulaWithoutValue {
        code: "formula-without-value",
        severity: Error,
        title: "Công thức chưa có giá trị",
        meaning: "a formula saved without its computed value (counts 0)",
        fix: "Mở tệp bằng Excel, lưu lại để Excel tính công thức, hoặc nhập trực tiếp số điểm.",
        vi: "Ô {cell} ({@column}, {@criterion}) chứa công thức \"={formula}\" nhưng tệp không lưu kết quả tính, nên không đọc được điểm; đang tính 0 điểm. Đề nghị mở tệp bằng Excel, lưu lại (để Excel tính công thức) rồi gửi lại, hoặc nhập trực tiếp số điểm.",
        en: "Cell {cell} ({@column}, {@criterion}) holds the formula \"={formula}\" but the file has no computed result saved, so no score can be read; it counts 0 points. Open the file in Excel and save it (so that Excel computes the formula) and send it again, or type the score itself.",
    }
    SectionSumMismatch {
        code: "section-sum-mismatch",
        severity: Warning,
        title: "Cộng điểm mục sai",
        meaning: "a subtotal written in the sheet differs from the sum of its children",
        fix: "Sửa phép cộng điểm của mục.",
        vi: "Ô {cell} ghi tổng {@criterion} là {stated} nhưng các tiêu chí con cộng lại {sum}. Điểm của mục được tính lại từ các tiêu chí con; đề nghị đơn vị sửa phép cộng.",
        en: "Cell {cell} gives the sum of {@criterion} as {stated} but its sub-criteria add up to {sum}. The section's score is computed again from them; the unit should correct the addition.",
    }
    TotalMismatch {
        code: "total-mismatch",
        severity: Warning,
        title: "Tổng điểm ghi trong bảng sai",
        meaning: "a total written in the sheet differs from the computed one",
        fix: "Sửa phép cộng tổng điểm.",
        vi: "Dòng \"{text}\" ghi {stated}, không khớp với tổng nào của bảng; theo các tiêu chí, {sum|section:tổng mục {section}|score-sum:tổng điểm các mục chấm điểm|bonus:tổng điểm thưởng|deduction:tổng điểm trừ|*:tổng điểm (các mục chấm điểm + điểm thưởng − điểm trừ)} là {expected}. Tổng điểm được tính lại từ các tiêu chí; đề nghị đơn vị sửa phép cộng.",
        en: "Row \"{text}\" reads {stated}, matching none of the table's sums; by the criteria, {sum|section:the sum of section {section}|score-sum:the sum of the scored sections|bonus:the bonus total|deduction:the deduction total|*:the total (scored sections + bonus − deductions)} is {expected}. Totals are computed again from the criteria; the unit should correct the addition.",
    }
    BonusOverCap {
        code: "bonus-over-cap",
        severity: Warning,
        title: "Điểm thưởng vượt mức tối đa",
        meaning: "the bonus lines add up to more than the section's cap (the cap counts)",
        fix: "Ghi điểm thưởng không vượt mức tối đa của dòng và của mục.",
        vi: "{scope|section:Điểm thưởng của mục {criterion} cộng lại {value}, vượt mức tối đa {max}; chỉ tính {max} điểm.|*:Ô {cell}: điểm thưởng {value} của {@criterion} vượt mức tối đa {max} của dòng này; chỉ tính {max} điểm. {@who}}",
        en: "{scope|section:The bonus of section {criterion} adds up to {value}, over its cap {max}; only {max} points count.|*:Cell {cell}: bonus {value} of {@criterion} is over this line's cap {max}; only {max} points count. {@who}}",
    }
    DeductionOverCap {
        code: "deduction-over-cap",
        severity: Warning,
        title: "Điểm trừ vượt mức tối đa",
        meaning: "the deduction lines add up to more than the section's cap (the cap counts)",
        fix: "Ghi điểm trừ không vượt mức tối đa của dòng và của mục.",
        vi: "{scope|section:Điểm trừ của mục {criterion} cộng lại {value}, vượt mức tối đa {max}; chỉ tính {max} điểm.|*:Ô {cell}: điểm trừ {value} của {@criterion} vượt mức tối đa {max} của dòng này; chỉ tính trừ {max} điểm. {@who}}",
        en: "{scope|section:The deductions of section {criterion} add up to {value}, over its cap {max}; only {max} points count.|*:Cell {cell}: deduction {value} of {@criterion} is over this line's cap {max}; only {max} points are deducted. {@who}}",
    }
    DisqualifierNotUnderstood {
        code: "disqualifier-not-understood",
        severity: Error,
        title: "Không hiểu ô xét loại trừ",
        meaning: "a disqualifier cell is neither yes nor no",
        fix: "Ghi \"Có\" nếu đơn vị thuộc trường hợp này, \"Không\" hoặc để trống nếu không.",
        vi: "Ô {cell} của {@criterion} ghi \"{text}\": không rõ có hay không. Đề nghị ghi \"Có\" nếu đơn vị thuộc trường hợp này, \"Không\" hoặc để trống nếu không.",
        en: "Cell {cell} of {@criterion} reads \"{text}\": neither yes nor no. Write \"Có\" if the unit falls under this case, \"Không\" or nothing if not.",
    }
    Disqualified {
        code: "disqualified",
        severity: Info,
        title: "Đơn vị thuộc trường hợp không xét khen thưởng",
        meaning: "the unit marked a disqualifier line: no award",
        fix: "Không cần sửa nếu đúng; nếu đánh dấu nhầm, sửa ô đó thành \"Không\".",
        vi: "{reviewed|true:Khối đánh dấu đơn vị|*:Đơn vị đánh dấu} thuộc trường hợp không xét khen thưởng: \"{title}\". Đơn vị vẫn được tính điểm và xếp hạng nhưng không được đề nghị khen thưởng.",
        en: "{reviewed|true:The bloc marked the unit|*:The unit marked itself} as a case not considered for awards: \"{title}\". The unit is still scored and ranked but cannot be proposed for an award.",
    }
    YearMismatch {
        code: "year-mismatch",
        severity: Error,
        title: "Năm ghi trong bảng khác năm chấm điểm",
        meaning: "the sheet's title names another year than the rules file",
        fix: "Kiểm tra đã gửi đúng bảng tự chấm của năm đang chấm điểm.",
        vi: "Tiêu đề ghi năm {found} (\"{text}\") nhưng khối đang chấm điểm năm {year}. Đề nghị đơn vị kiểm tra đã gửi đúng bảng tự chấm năm {year} chưa.",
        en: "The title names the year {found} (\"{text}\") but the bloc is scoring {year}. The unit should check that it sent its self-scoring table for {year}.",
    }
    LegacyEncoding {
        code: "legacy-encoding",
        severity: Info,
        title: "Đã chuyển chữ gõ bằng bảng mã cũ sang Unicode",
        meaning: "the sheet was typed in a legacy encoding (TCVN3, VNI, Windows-1258…); its text was converted to Unicode",
        fix: "Không cần sửa; nên dùng phông Unicode (Times New Roman) ở các năm sau.",
        vi: "Trang tính được gõ bằng bảng mã {encoding}: đã chuyển {cells} ô sang Unicode ({bases*, *{cells} ô {basis|none:không có chữ có dấu|content:theo nội dung|font:theo phông chữ|*:theo đa số các ô cùng cột}}). Nên đề nghị đơn vị dùng phông Unicode (Times New Roman) ở các năm sau.",
        en: "The sheet was typed in the {encoding} encoding: {cells} cells were converted to Unicode ({bases*, *{cells} cells {basis|none:with no accented letters|content:by their content|font:by their font|*:by the majority of their column}}). The unit should use a Unicode font (Times New Roman) in later years.",
    }
    UncertainEncoding {
        code: "uncertain-encoding",
        severity: Warning,
        title: "Không chắc bảng mã chữ Việt",
        meaning: "cells whose encoding could not be decided with confidence; kept as typed, to be looked at",
        fix: "Kiểm tra chữ hiển thị ở các ô được nêu trong bảng tổng hợp.",
        vi: "Không chắc bảng mã chữ Việt của {count} ô: {cells*, }{more|0:|*: và {more} ô khác}. Các ô này được giữ như đã gõ; đề nghị kiểm tra lại chữ hiển thị trong bảng tổng hợp.",
        en: "Unsure of the Vietnamese encoding of {count} cells: {cells*, }{more|0:|*: and {more} more}. These cells are kept as typed; check how their text shows in the consolidated table.",
    }
    TieInRanking {
        code: "tie-in-ranking",
        severity: Info,
        title: "Bằng điểm, cùng hạng",
        meaning: "units equal on the total and every tie-break share a rank",
        fix: "Không cần sửa; khối xem xét nếu cần phân định thứ hạng.",
        vi: "Bằng điểm ({total} điểm, bằng nhau cả ở các tiêu chí phụ) giữa: {units*, }; cùng xếp hạng {rank}.",
        en: "Tie ({total} points, equal on every tie-break too) between: {units*, }; they share rank {rank}.",
    }
    TieAtAwardCutoff {
        code: "tie-at-award-cutoff",
        severity: Warning,
        title: "Bằng điểm tại ngưỡng khen thưởng, cần khối bỏ phiếu",
        meaning: "tied units straddle an award's cut-off: the bloc must vote",
        fix: "Khối bỏ phiếu chọn đơn vị được đề nghị khen thưởng.",
        vi: "Bằng điểm tại ngưỡng đề nghị {award}: {units*, } cùng xếp hạng {rank} nhưng chỉ còn {places} suất. Khối cần bỏ phiếu; công cụ không tự chọn.",
        en: "Tie at the cut-off for {award}: {units*, } share rank {rank} but only {places} places remain. The bloc must vote; the tool does not choose.",
    }
    BallotUnreadable {
        code: "ballot-unreadable",
        severity: Error,
        title: "Không đọc được phiếu bầu",
        meaning: "a file given to `tally` could not be read, or holds no ballot written by `thidua ballots`; it is not counted",
        fix: "Kiểm tra tệp: dùng phiếu do thidua ballots tạo ra, lưu dạng .xlsx, rồi kiểm phiếu lại.",
        vi: "Không kiểm được phiếu trong tệp này: {reason}. Phiếu không được tính.",
        en: "This file's ballot could not be counted: {reason}. It is not counted.",
    }
    BallotTooManyTicks {
        code: "ballot-too-many-ticks",
        severity: Warning,
        title: "Phiếu chọn quá số đơn vị được chọn",
        meaning: "a ballot ticks more names than the award allows; the ballot is invalid for that award",
        fix: "Phiếu không hợp lệ, không tính; ghi vào biên bản kiểm phiếu.",
        vi: "Phiếu bầu {award} đánh dấu {ticked} đơn vị, nhiều hơn số được chọn ({allowed}); phiếu không hợp lệ, không tính.",
        en: "The ballot for {award} ticks {ticked} units, more than allowed ({allowed}); it is invalid and not counted.",
    }
    BallotMarkOutside {
        code: "ballot-mark-outside",
        severity: Warning,
        title: "Phiếu ghi, đánh dấu ngoài cột đồng ý",
        meaning: "a ballot has a mark or text outside the tick column, or an unclear mark in it; the ballot is invalid for that award",
        fix: "Phiếu không hợp lệ, không tính; ghi vào biên bản kiểm phiếu.",
        vi: "Phiếu bầu {award} có \"{text}\" {where|tick:ở cột \"Đồng ý (x)\" (chỉ đánh dấu x)|*:ngoài cột \"Đồng ý (x)\"}; phiếu không hợp lệ, không tính.",
        en: "The ballot for {award} has \"{text}\" {where|tick:in the tick column (only x counts)|*:outside the tick column}; it is invalid and not counted.",
    }
    BallotNameNotListed {
        code: "ballot-name-not-listed",
        severity: Warning,
        title: "Phiếu ghi tên ngoài danh sách",
        meaning: "a ballot names a unit that is not on the award's list (a name added or changed); the ballot is invalid for that award",
        fix: "Phiếu không hợp lệ, không tính; ghi vào biên bản kiểm phiếu.",
        vi: "Phiếu bầu {award} ghi \"{name}\", không có trong danh sách đề cử; phiếu không hợp lệ, không tính.",
        en: "The ballot for {award} names \"{name}\", which is not on the list; it is invalid and not counted.",
    }
    BallotListChanged {
        code: "ballot-list-changed",
        severity: Warning,
        title: "Phiếu in theo danh sách đề cử cũ",
        meaning: "a ballot lists other candidates or places than the current consolidation proposes for its award (the submissions changed after the ballots were printed, on the web page); it is still counted as printed",
        fix: "In lại phiếu bầu theo kết quả tổng hợp hiện tại và bỏ phiếu lại hình thức này.",
        vi: "Phiếu bầu {award} in theo danh sách đề cử cũ ({printed|0:không có đơn vị nào|*:{printed*, }}); theo các bảng tự chấm hiện có, danh sách là {current|0:không có đơn vị nào|*:{current*, }} ({places} suất). Phiếu vẫn được kiểm theo danh sách đã in; hãy in lại phiếu và bỏ phiếu lại hình thức này.",
        en: "The ballot for {award} lists an earlier candidate list ({printed|0:no unit|*:{printed*, }}); the current submissions give {current|0:no unit|*:{current*, }} ({places} places). It is still counted as printed; print the ballots again and vote again on this award.",
    }
    CountListChanged {
        code: "count-list-changed",
        severity: Warning,
        title: "Số liệu kiểm phiếu theo danh sách đề cử cũ",
        meaning: "the secretary's figures for an award (typed on the web page, or a count sheet sent there) list other candidates or places than the current consolidation proposes (the submissions changed after the list was printed); they are still counted as typed",
        fix: "In lại phiếu bầu và bảng kiểm phiếu theo kết quả tổng hợp hiện tại, bỏ phiếu lại và nhập lại số liệu hình thức này.",
        vi: "Số liệu kiểm phiếu {award} ghi theo danh sách đề cử cũ ({printed|0:không có đơn vị nào|*:{printed*, }}); theo các bảng tự chấm hiện có, danh sách là {current|0:không có đơn vị nào|*:{current*, }} ({places} suất). Số liệu vẫn được tính như đã ghi; hãy in lại phiếu, bỏ phiếu lại và nhập lại số liệu hình thức này.",
        en: "The count for {award} was typed for an earlier candidate list ({printed|0:no unit|*:{printed*, }}); the current submissions give {current|0:no unit|*:{current*, }} ({places} places). It is still counted as typed; print the ballots again, vote again and type the figures again for this award.",
    }
    VoteNoQuorum {
        code: "vote-no-quorum",
        severity: Warning,
        title: "Không đủ số phiếu thu về",
        meaning: "fewer ballots came back for an award than the quorum of `[vote]`; nothing is decided",
        fix: "Tổ chức bỏ phiếu lại khi đủ số người bỏ phiếu theo quy định của khối.",
        vi: "Hình thức {award}: thu về {returned}/{issued} phiếu, chưa đủ tỷ lệ tối thiểu theo quy định của khối; chưa quyết định.",
        en: "{award}: {returned} of {issued} ballots came back, short of the bloc's quorum; nothing is decided.",
    }
    VoteTie {
        code: "vote-tie",
        severity: Warning,
        title: "Bằng phiếu tại ngưỡng chỉ tiêu",
        meaning: "after the count, units with equal votes straddle the award's places; left undecided (`tie = \"revote\"`)",
        fix: "Khối bỏ phiếu lại giữa các đơn vị bằng phiếu.",
        vi: "Hình thức {award}: {units*, } cùng {agree} phiếu đồng ý nhưng chỉ còn {places} suất; khối cần bỏ phiếu lại, công cụ không tự chọn.",
        en: "{award}: {units*, } have {agree} votes each but only {places} places remain; the bloc must vote again, the tool does not choose.",
    }
    CountFigureInvalid {
        code: "count-figure-invalid",
        severity: Warning,
        title: "Số liệu kiểm phiếu không phải số nguyên",
        meaning: "a figure typed on the count sheet (bảng kiểm phiếu) is not a whole number of 0 or more; the award is not counted from that sheet",
        fix: "Sửa ô thành số phiếu (số nguyên từ 0 trở lên) rồi kiểm phiếu lại.",
        vi: "Bảng kiểm phiếu {award}: ô {what|returned:số phiếu thu về|invalid:số phiếu không hợp lệ|*:số phiếu đồng ý của {unit}} ghi \"{text}\", không phải số nguyên từ 0 trở lên; hình thức này chưa được kiểm phiếu.",
        en: "Count sheet for {award}: the cell for {what|returned:ballots returned|invalid:invalid ballots|*:votes for {unit}} holds \"{text}\", not a whole number of 0 or more; this award is not counted.",
    }
    CountFigureBlank {
        code: "count-figure-blank",
        severity: Warning,
        title: "Bảng kiểm phiếu còn ô trống",
        meaning: "an award's block on the count sheet is partly typed and this figure is blank; a blank is not taken as 0 and the award is not counted from that sheet",
        fix: "Nhập đủ số liệu (ghi 0 nếu không có phiếu) rồi kiểm phiếu lại.",
        vi: "Bảng kiểm phiếu {award}: ô {what|returned:số phiếu thu về|invalid:số phiếu không hợp lệ|*:số phiếu đồng ý của {unit}} để trống; ô trống không được tính là 0, hình thức này chưa được kiểm phiếu. Ghi 0 nếu không có phiếu.",
        en: "Count sheet for {award}: the cell for {what|returned:ballots returned|invalid:invalid ballots|*:votes for {unit}} is blank; a blank is not taken as 0 and this award is not counted. Type 0 where there is none.",
    }
    CountSheetBlank {
        code: "count-sheet-blank",
        severity: Warning,
        title: "Bảng kiểm phiếu chưa nhập số liệu",
        meaning: "nothing is typed for an award on the count sheet and no ballot counts it either; it is reported, never counted as zeros",
        fix: "Nhập số liệu kiểm phiếu của hình thức này (hoặc đưa các phiếu bầu đã điền) rồi kiểm phiếu lại.",
        vi: "Bảng kiểm phiếu {award} chưa nhập số liệu nào và không có phiếu bầu nào của hình thức này; chưa kiểm phiếu, không tính là 0 phiếu.",
        en: "Nothing is typed on the count sheet for {award} and no ballot counts it; it is not counted, and not taken as zero votes.",
    }
    CountInvalidOverReturned {
        code: "count-invalid-over-returned",
        severity: Warning,
        title: "Số phiếu không hợp lệ lớn hơn số phiếu thu về",
        meaning: "the count gives more invalid ballots than ballots returned; the award is not counted from it",
        fix: "Kiểm tra lại biên bản kiểm phiếu, sửa số liệu rồi kiểm phiếu lại.",
        vi: "Bảng kiểm phiếu {award}: số phiếu không hợp lệ ({invalid}) lớn hơn số phiếu thu về ({returned}); hình thức này chưa được kiểm phiếu.",
        en: "Count for {award}: {invalid} invalid ballots, more than the {returned} returned; this award is not counted.",
    }
    CountReturnedOverIssued {
        code: "count-returned-over-issued",
        severity: Warning,
        title: "Số phiếu thu về lớn hơn số phiếu phát ra",
        meaning: "the count gives more ballots returned than were issued under `[vote]`; the award is not counted from it",
        fix: "Kiểm tra lại số phiếu thu về (hoặc mục [vote] của tệp quy định) rồi kiểm phiếu lại.",
        vi: "Bảng kiểm phiếu {award}: số phiếu thu về ({returned}) lớn hơn số phiếu phát ra ({issued}); hình thức này chưa được kiểm phiếu.",
        en: "Count for {award}: {returned} ballots returned, more than the {issued} issued; this award is not counted.",
    }
    CountAgreeOverValid {
        code: "count-agree-over-valid",
        severity: Warning,
        title: "Số phiếu đồng ý lớn hơn số phiếu hợp lệ",
        meaning: "the count gives a candidate more votes than there are valid ballots; the award is not counted from it",
        fix: "Kiểm tra lại số phiếu đồng ý của đơn vị, sửa rồi kiểm phiếu lại.",
        vi: "Bảng kiểm phiếu {award}: {unit} có {agree} phiếu đồng ý, nhiều hơn số phiếu hợp lệ ({valid}); hình thức này chưa được kiểm phiếu.",
        en: "Count for {award}: {unit} has {agree} votes, more than the {valid} valid ballots; this award is not counted.",
    }
    CountUnitNotListed {
        code: "count-unit-not-listed",
        severity: Warning,
        title: "Bảng kiểm phiếu có đơn vị không có trong quy định",
        meaning: "a count names a unit that is not a member in the rules, or names one twice; the award is not counted from it",
        fix: "Dùng bảng kiểm phiếu do thidua ballots tạo từ đúng tệp quy định của khối.",
        vi: "Bảng kiểm phiếu {award}: đơn vị mã \"{unit}\" {why|twice:có hai lần|*:không có trong tệp quy định}; hình thức này chưa được kiểm phiếu.",
        en: "Count for {award}: the unit \"{unit}\" {why|twice:appears twice|*:is not in the rules}; this award is not counted.",
    }
    CountSheetAndBallots {
        code: "count-sheet-and-ballots",
        severity: Warning,
        title: "Vừa có bảng kiểm phiếu vừa có phiếu bầu",
        meaning: "an award has a count sheet and individual ballots too; the count sheet is the count, the ballot is set aside so that no vote counts twice",
        fix: "Bỏ các phiếu bầu đã được tính trong bảng kiểm phiếu ra khỏi thư mục, hoặc xoá số liệu của hình thức này trên bảng kiểm phiếu.",
        vi: "Hình thức {award} đã có bảng kiểm phiếu ({count_file}); phiếu bầu này không được tính thêm để không tính một phiếu hai lần.",
        en: "{award} already has a count sheet ({count_file}); this ballot is set aside so that no vote counts twice.",
    }
    CountSheetTwice {
        code: "count-sheet-twice",
        severity: Warning,
        title: "Hai bảng kiểm phiếu cho một hình thức",
        meaning: "two count sheets give figures for the same award; neither is counted until one is removed",
        fix: "Giữ lại một bảng kiểm phiếu đúng cho hình thức này rồi kiểm phiếu lại.",
        vi: "Hình thức {award} có hai bảng kiểm phiếu ({first} và bảng này); không tính bảng nào cho đến khi chỉ còn một bảng.",
        en: "{award} has two count sheets ({first} and this one); neither is counted until only one is left.",
    }
    HistoryNotReport {
        code: "history-not-report",
        severity: Warning,
        title: "Tệp kết quả năm trước không dùng được",
        meaning: "a file (or folder) in the `--history` folder could not be read, or is neither a JSON report written by `thidua consolidate --json` nor a workbook written by `thidua consolidate` (which carries the same report inside); it is not used",
        fix: "Chỉ để trong thư mục kết quả các năm trước các tệp báo cáo JSON do thidua consolidate --json ghi ra hoặc các bảng tổng hợp (.xlsx) do thidua consolidate ghi ra, mỗi năm một tệp.",
        vi: "{reason|io:Không đọc được tệp kết quả năm trước ({detail})|folder:Đây là thư mục, không phải tệp báo cáo JSON (thư mục con không được đọc)|not-json:Tệp này không phải tệp báo cáo JSON (.json) hay bảng tổng hợp (.xlsx)|no-embedded:Bảng tính này không phải bảng tổng hợp do thidua consolidate ghi ra (không mang báo cáo bên trong)|*:Tệp này không phải báo cáo JSON do thidua consolidate --json ghi ra ({detail})}; tệp không được dùng để so sánh với các năm trước.",
        en: "{reason|io:The past year's file could not be read ({detail})|folder:This is a folder, not a JSON report (folders inside are not read)|not-json:This file is not a JSON report (.json) nor a consolidated workbook (.xlsx)|no-embedded:This workbook was not written by thidua consolidate (it carries no report inside)|*:This file is not a JSON report written by thidua consolidate --json ({detail})}; it is not used for past years.",
    }
    HistoryYearTwice {
        code: "history-year-twice",
        severity: Warning,
        title: "Hai tệp kết quả cho cùng một năm",
        meaning: "two files in the `--history` folder give the results of the same year; that year is not used until only one is left",
        fix: "Giữ lại một tệp kết quả đúng cho năm đó trong thư mục kết quả các năm trước.",
        vi: "Có hai tệp kết quả năm {year} (tệp này và {other}); chưa dùng kết quả năm {year} cho đến khi chỉ còn một tệp.",
        en: "Two files give the results of {year} (this one and {other}); {year} is not used until only one is left.",
    }
    HistoryYearNotPast {
        code: "history-year-not-past",
        severity: Warning,
        title: "Tệp kết quả không phải của năm trước",
        meaning: "a file in the `--history` folder is the report of the year being scored or a later one; it is not used",
        fix: "Bỏ tệp này ra khỏi thư mục kết quả các năm trước; chỉ để kết quả của các năm trước năm đang chấm điểm.",
        vi: "Tệp kết quả ghi năm {year}, không phải năm trước năm đang chấm điểm ({current}); tệp không được dùng.",
        en: "The report is for {year}, not a year before the one being scored ({current}); it is not used.",
    }
    HistoryOtherBloc {
        code: "history-other-bloc",
        severity: Warning,
        title: "Kết quả năm trước của khối khác tên",
        meaning: "a past year's report names another bloc than the rules (a renamed bloc, or another bloc's report put in the folder by mistake); it is still used, its units matched by id, name or alias",
        fix: "Nếu khối đã đổi tên thì không cần sửa; nếu nhầm tệp của khối khác, bỏ tệp đó ra khỏi thư mục kết quả các năm trước.",
        vi: "Tệp kết quả năm trước là của \"{bloc}\", khác tên khối năm nay (\"{current}\"); vẫn dùng tệp này, đối chiếu đơn vị theo mã, tên. Nếu nhầm tệp của khối khác, đề nghị bỏ tệp ra khỏi thư mục.",
        en: "The past year's report is for \"{bloc}\", not the bloc of this year (\"{current}\"); it is still used, units matched by id and name. If it is another bloc's file, remove it from the folder.",
    }
    HistoryConditionUnchecked {
        code: "history-condition-unchecked",
        severity: Warning,
        title: "Chưa kiểm tra được điều kiện theo các năm trước",
        meaning: "an award has conditions over past years (`not_twice_running`, `requires_previous`) but no `--history` was given, or the reports of some years they look at are missing: the conditions are not applied and the proposals are made without them",
        fix: "Chạy lại với --history THƯ_MỤC chứa báo cáo JSON của các năm trước (đủ các năm điều kiện cần), hoặc tự kiểm tra điều kiện này trước khi trình.",
        vi: "{reason|no-history:Hình thức {award} có điều kiện theo kết quả các năm trước ({condition}) nhưng chưa có kết quả các năm trước (--history THƯ_MỤC)|*:Hình thức {award} có điều kiện theo kết quả các năm trước ({condition}) nhưng thiếu kết quả năm {years*, }}, nên chưa kiểm tra được điều kiện này: danh sách đề nghị chưa xét điều kiện đó, đề nghị tự kiểm tra trước khi trình.",
        en: "{reason|no-history:{award} has conditions over past years ({condition}) but no past years were given (--history DIR)|*:{award} has conditions over past years ({condition}) but the results of {years*, } are missing}, so they could not be checked: the proposals do not apply them; check them by hand before submitting.",
    }
    AwardPastCondition {
        code: "award-past-condition",
        severity: Info,
        title: "Không đề nghị do điều kiện theo các năm trước",
        meaning: "a unit that would have been proposed for an award is passed over because of the award's conditions over past years (proposed for it last year under `not_twice_running`, or not proposed for the `requires_previous` award in the last `within` years); the next eligible unit takes the place",
        fix: "Không cần sửa nếu kết quả các năm trước đúng; nếu sai, sửa tệp kết quả năm đó rồi tổng hợp lại.",
        vi: "{case|twice:Đã được đề nghị {award} năm {year}; quy định của khối không đề nghị một đơn vị hai năm liền nên năm nay không đề nghị hình thức này.|*:Chưa được {required} trong {within} năm trước nên chưa đủ điều kiện đề nghị {award}.}",
        en: "{case|twice:Proposed for {award} in {year}; the bloc's rules do not propose a unit two years running, so not proposed for it this year.|*:Not awarded {required} in the last {within} years, so not eligible for {award}.}",
    }
    HistoryUnitUnmatched {
        code: "history-unit-unmatched",
        severity: Info,
        title: "Đơn vị năm trước không khớp đơn vị năm nay",
        meaning: "a unit of a past year's report matches no unit of the rules by id, name or alias (or matches one another past unit of that year already matched); its result is not shown",
        fix: "Nếu đơn vị đã đổi tên (ví dụ sau sắp xếp năm 2025), thêm tên cũ vào aliases của đơn vị trong tệp quy định.",
        vi: "{case|twice:Đơn vị \"{name}\" (mã {id}) trong kết quả năm {year} khớp với đơn vị đã có kết quả năm đó; kết quả này không được dùng.|*:Đơn vị \"{name}\" (mã {id}) trong kết quả năm {year} không khớp đơn vị nào của khối năm nay; kết quả này không được so sánh.}",
        en: "{case|twice:Unit \"{name}\" (id {id}) in the {year} report matches a unit that already has a result for that year; this result is not used.|*:Unit \"{name}\" (id {id}) in the {year} report matches no unit of the bloc this year; its result is not compared.}",
    }
    ProvinceInputUnreadable {
        code: "province-input-unreadable",
        severity: Error,
        title: "Không dùng được tệp, thư mục của khối",
        meaning: "`thidua province`: an input could not be read or is none of the forms it takes (a workbook written by `thidua consolidate`, a bloc summary table, a JSON report, a bloc folder with one rules file); it is left out of the provincial list and the run goes on",
        fix: "Mở tệp kiểm tra lại; gửi bảng tổng hợp do thidua ghi ra, bảng tổng hợp của khối có cột Tên đơn vị, Tổng điểm, Xếp hạng, Hình thức đề nghị, hoặc thư mục của khối có một tệp quy định .toml.",
        vi: "{reason|io:Không đọc được, kết quả này không được đưa vào danh sách của tỉnh. Chi tiết: {detail}|format:Không phải bảng tính (.xlsx, .xls, .ods), báo cáo JSON hay thư mục của khối nên không dùng được; kết quả này không được đưa vào danh sách của tỉnh.|no-table:Bảng tính không có bảng tổng hợp của khối (dòng tiêu đề có Tên đơn vị, Tổng điểm, Xếp hạng, Hình thức đề nghị khen thưởng) và không phải bảng tổng hợp do thidua ghi; kết quả này không được đưa vào danh sách của tỉnh.|not-report:Không phải báo cáo JSON do thidua ghi ra, kết quả này không được đưa vào danh sách của tỉnh. Chi tiết: {detail}|damaged:Bảng tổng hợp do thidua ghi nhưng phần báo cáo bên trong bị hỏng, kết quả này không được đưa vào danh sách của tỉnh. Chi tiết: {detail}|rules:Tệp quy định của khối trong thư mục không dùng được, khối chưa được tổng hợp. {detail}|several-rules:Thư mục có {count} tệp quy định (.toml); cần đúng một tệp để tổng hợp khối, kết quả này không được đưa vào danh sách của tỉnh.|no-rules:Thư mục không có tệp quy định (.toml) của khối nên không tổng hợp được; kết quả này không được đưa vào danh sách của tỉnh.|*:Không dùng được, kết quả này không được đưa vào danh sách của tỉnh. Chi tiết: {detail}}",
        en: "{reason|io:Could not be read; these results are not put on the provincial list. Detail: {detail}|format:Not a workbook (.xlsx, .xls, .ods), a JSON report nor a bloc folder, so it is not used; these results are not put on the provincial list.|no-table:The workbook has no bloc summary table (a header with Tên đơn vị, Tổng điểm, Xếp hạng, Hình thức đề nghị khen thưởng) and was not written by thidua; these results are not put on the provincial list.|not-report:Not a JSON report written by thidua; these results are not put on the provincial list. Detail: {detail}|damaged:A workbook written by thidua whose report inside is damaged; these results are not put on the provincial list. Detail: {detail}|rules:The bloc rules file in the folder cannot be used, so the bloc is not consolidated. {detail}|several-rules:The folder has {count} rules files (.toml); exactly one is needed to consolidate the bloc; these results are not put on the provincial list.|no-rules:The folder has no bloc rules file (.toml), so the bloc cannot be consolidated; these results are not put on the provincial list.|*:Not usable; these results are not put on the provincial list. Detail: {detail}}",
    }
    ProvinceBlocUnknown {
        code: "province-bloc-unknown",
        severity: Warning,
        title: "Khối không có trong quy định của tỉnh",
        meaning: "`thidua province`: results name a bloc that the province rules do not list (by name, alias or id, nor by a `source` hint); the bloc is shown and checked under the name read",
        fix: "Nếu là khối của tỉnh mà ghi tên khác, thêm tên đó vào aliases của khối trong tệp quy định của tỉnh; nếu nhầm tệp, bỏ tệp ra.",
        vi: "Kết quả ghi tên khối \"{bloc}\", không có trong tệp quy định của tỉnh (không khớp tên, tên khác hay mã khối nào); vẫn hiển thị và kiểm tra theo tên đã đọc. Nếu đây là khối của tỉnh, đề nghị thêm tên này vào aliases của khối.",
        en: "The results name the bloc \"{bloc}\", which is not in the province rules (no name, alias or id matches); it is still shown and checked under the name read. If it is one of the province's blocs, add this name to the bloc's aliases.",
    }
    ProvinceBlocTwice {
        code: "province-bloc-twice",
        severity: Error,
        title: "Một khối có hai kết quả",
        meaning: "`thidua province`: two inputs give the results of the same bloc; the first in input order is used, this one is not",
        fix: "Giữ lại một kết quả đúng của khối (bỏ bản cũ, bản sao) rồi chạy lại.",
        vi: "Đã có kết quả của {bloc} ({other}); kết quả này không được dùng. Đề nghị giữ lại một kết quả đúng của khối rồi chạy lại.",
        en: "{bloc} already has results ({other}); these are not used. Keep one set of results for the bloc and run again.",
    }
    ProvinceBlocMissing {
        code: "province-bloc-missing",
        severity: Error,
        title: "Khối chưa gửi kết quả",
        meaning: "`thidua province`: a bloc the province rules list has no results among the inputs",
        fix: "Đề nghị khối gửi bảng tổng hợp; nếu đã gửi mà không nhận ra, thêm tên khối ghi trong tệp vào aliases hoặc ghi source của khối.",
        vi: "Chưa có kết quả của {bloc} (mã {id}): không có tệp hay thư mục nào khớp với khối này. Đề nghị khối gửi bảng tổng hợp; nếu tệp đã gửi mang tên khác, ghi tên đó vào source hoặc aliases của khối trong tệp quy định của tỉnh.",
        en: "No results for {bloc} (id {id}): no file or folder matches this bloc. Ask the bloc for its results, or set the bloc's source or aliases in the province rules if its file names it otherwise.",
    }
    ProvinceBlocLate {
        code: "province-bloc-late",
        severity: Warning,
        title: "Khối gửi kết quả sau hạn",
        meaning: "`thidua province`: the latest date recorded in a bloc's files (the summary's own save date, or the save dates of the submissions its report lists) is after the province's `deadline`",
        fix: "Kiểm tra ngày khối gửi kết quả; Hội đồng quyết định có xét kết quả nộp muộn hay không.",
        vi: "Kết quả của {bloc} được lưu lúc {date:datetime}, sau hạn nộp {deadline}.",
        en: "The results of {bloc} were saved at {date:datetime}, after the deadline {deadline}.",
    }
    ProvinceBlocYear {
        code: "province-bloc-year",
        severity: Warning,
        title: "Kết quả của khối không đúng năm",
        meaning: "`thidua province`: a bloc's report is for another year than the province rules'; it is still used",
        fix: "Kiểm tra khối đã gửi đúng kết quả năm đang xét chưa.",
        vi: "Kết quả của {bloc} là của năm {year}, không phải năm {expected} đang xét; vẫn dùng kết quả này, đề nghị kiểm tra lại.",
        en: "The results of {bloc} are for {year}, not {expected}; they are still used, check them.",
    }
    ProvinceWorkbookEdited {
        code: "province-workbook-edited",
        severity: Warning,
        title: "Bảng tổng hợp đã bị sửa sau khi thidua ghi",
        meaning: "`thidua province`: in a workbook written by `thidua consolidate`, the visible \"Tổng hợp\" table differs from the report the workbook carries (a total, rank or award typed over, a unit's row added or removed); the visible table is used, as the bloc sent it (without the sheet, the report carried is used)",
        fix: "Hỏi khối vì sao sửa (ví dụ kết quả bỏ phiếu suy tôn); nếu sửa nhầm, đề nghị khối tổng hợp lại và gửi lại bảng.",
        vi: "{what|sheet:Bảng tổng hợp do thidua ghi không còn trang \"Tổng hợp\" (đã bị xoá hoặc đổi tên); dùng kết quả thidua tính mang trong bảng, đề nghị kiểm tra với khối.|*:Bảng \"Tổng hợp\" đã bị sửa sau khi thidua ghi: {what|total:tổng điểm của {unit} ghi {shown}, thidua tính {embedded}|rank:xếp hạng của {unit} ghi {shown}, thidua xếp {embedded}|award:hình thức đề nghị của {unit} ghi \"{shown}\", thidua đề nghị \"{embedded}\"|added:có thêm dòng {unit}, không có trong kết quả thidua tính|*:thiếu dòng {unit} có trong kết quả thidua tính}. Dùng số liệu ghi trên bảng; đề nghị kiểm tra với khối.}",
        en: "{what|sheet:The workbook written by thidua has no \"Tổng hợp\" sheet any more (deleted or renamed); the results thidua computed, carried in the workbook, are used; check with the bloc.|*:The \"Tổng hợp\" table was edited after thidua wrote it: {what|total:the total of {unit} reads {shown}, thidua computed {embedded}|rank:the rank of {unit} reads {shown}, thidua ranked {embedded}|award:the proposal for {unit} reads \"{shown}\", thidua proposed \"{embedded}\"|added:a row for {unit} was added, not in thidua's results|*:the row for {unit}, in thidua's results, is missing}. The table as shown is used; check with the bloc.}",
    }
    ProvinceAwardUnknown {
        code: "province-award-unknown",
        severity: Warning,
        title: "Hình thức khen thưởng không có trong quy định của tỉnh",
        meaning: "`thidua province`: a bloc proposes an award the province rules do not list (by name or alias); the proposal is listed after the known awards, no quota checked",
        fix: "Nếu là cùng hình thức mà ghi khác, thêm tên đó vào aliases của hình thức trong tệp quy định của tỉnh.",
        vi: "{bloc} đề nghị \"{award}\" cho {unit}; hình thức này không có trong tệp quy định của tỉnh, vẫn đưa vào danh sách nhưng chưa kiểm tra chỉ tiêu.",
        en: "{bloc} proposes {unit} for \"{award}\", an award the province rules do not list; it is still listed, no quota checked.",
    }
    ProvinceOverBlocQuota {
        code: "province-over-bloc-quota",
        severity: Error,
        title: "Khối đề nghị vượt chỉ tiêu",
        meaning: "`thidua province`: a bloc proposes more units for an award than the province's `max_per_bloc`",
        fix: "Đề nghị khối rút bớt đề nghị cho đúng chỉ tiêu (theo thứ hạng hoặc kết quả bỏ phiếu).",
        vi: "{bloc} đề nghị {award} cho {count} đơn vị ({units*, }), vượt chỉ tiêu {max} đơn vị mỗi khối.",
        en: "{bloc} proposes {count} units for {award} ({units*, }), over the quota of {max} per bloc.",
    }
    ProvinceNotLeader {
        code: "province-not-leader",
        severity: Error,
        title: "Đề nghị cho đơn vị không dẫn đầu khối",
        meaning: "`thidua province`: a unit is proposed for an award the province keeps for the bloc's leading units (`top`: rank 1 … top) but ranks lower",
        fix: "Chỉ đề nghị hình thức này cho đơn vị dẫn đầu khối; đề nghị khối sửa lại đề nghị.",
        vi: "{bloc} đề nghị {award} cho {unit}, đơn vị xếp hạng {rank}; hình thức này chỉ dành cho {top|1:đơn vị dẫn đầu khối (hạng 1)|*:đơn vị xếp hạng 1 đến {top} của khối}.",
        en: "{bloc} proposes {unit}, ranked {rank}, for {award}; this award is only for {top|1:the bloc's leading unit (rank 1)|*:the bloc's units ranked 1 to {top}}.",
    }
    ProvinceOverTotal {
        code: "province-over-total",
        severity: Error,
        title: "Tổng số đề nghị toàn tỉnh vượt chỉ tiêu",
        meaning: "`thidua province`: the blocs together propose more units for an award than the province allows (`max_total`, and floor(`max_share` × the units of the blocs read))",
        fix: "Hội đồng xét chọn trong số các đơn vị được đề nghị cho đúng chỉ tiêu của tỉnh.",
        vi: "Các khối đề nghị {award} cho {count} đơn vị, vượt chỉ tiêu toàn tỉnh {limit} đơn vị ({units} đơn vị thuộc các khối đã đọc); Hội đồng cần xét chọn lại.",
        en: "The blocs propose {count} units for {award}, over the provincial quota of {limit} ({units} units in the blocs read); the council must choose.",
    }
    ProvinceProposedTwice {
        code: "province-proposed-twice",
        severity: Error,
        title: "Một đơn vị được hai khối đề nghị",
        meaning: "`thidua province`: a unit (same name through the matching keys) is proposed by two or more blocs",
        fix: "Xác định đơn vị thuộc khối nào; đề nghị khối kia rút đề nghị.",
        vi: "{unit} được {bloc} đề nghị {award} và cũng được {others*, } đề nghị; mỗi đơn vị chỉ thuộc một khối, đề nghị kiểm tra lại.",
        en: "{unit} is proposed for {award} by {bloc} and also by {others*, }; a unit belongs to one bloc, check it.",
    }
    ProvinceProposedIneligible {
        code: "province-proposed-ineligible",
        severity: Error,
        title: "Đề nghị cho đơn vị không đủ điều kiện",
        meaning: "`thidua province`: a bloc proposes a unit that its own results mark as not to be awarded (trường hợp không xét) or that has no rank (no usable submission)",
        fix: "Đề nghị khối rút đề nghị này hoặc giải trình kèm hồ sơ.",
        vi: "{bloc} đề nghị {award} cho {unit}, {case|disqualified:đơn vị thuộc trường hợp không xét khen thưởng|*:đơn vị chưa được xếp hạng (không có bảng tự chấm dùng được)}.",
        en: "{bloc} proposes {unit} for {award}, {case|disqualified:a unit marked not to be awarded|*:a unit with no rank (no usable submission)}.",
    }
}

#[cfg(test)]
mod tests {
    use super::super::template::references;
    use super::super::{Lang, Params, render};
    use super::*;

    #[test]
    fn every_code_has_a_complete_entry() {
        let mut seen = std::collections::BTreeSet::new();
        for &code in Code::ALL {
            let e = code.entry();
            assert!(seen.insert(e.code), "duplicate {}", e.code);
            assert!(
                e.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                e.code
            );
            for (what, text) in [
                ("title", e.title),
                ("meaning", e.meaning),
                ("fix", e.fix),
                ("vi", e.vi),
                ("en", e.en),
            ] {
                assert!(!text.trim().is_empty(), "{}: empty {what}", e.code);
                assert!(!text.contains('\n'), "{}: {what} spans lines", e.code);
            }
            for (what, text) in [("title", e.title), ("meaning", e.meaning), ("fix", e.fix)] {
                assert!(
                    !text.contains('|'),
                    "{}: {what} would break the README table",
                    e.code
                );
            }
            assert!(e.fix.ends_with('.'), "{}: the fix is a sentence", e.code);
            for (lang, template, partials) in [("vi", e.vi, PARTIALS_VI), ("en", e.en, PARTIALS_EN)]
            {
                let bad: Vec<String> = references(template, partials)
                    .into_iter()
                    .filter(|r| r.contains(' ') || r.is_empty())
                    .collect();
                assert!(bad.is_empty(), "{} ({lang}): {bad:?}", e.code);
            }
        }
    }

    /// Both languages name the same parameters, test the same keys and use
    /// the same formats: a consumer rendering either gets the same facts.
    #[test]
    fn english_templates_name_the_same_parameters() {
        for &code in Code::ALL {
            let e = code.entry();
            let vi = references(e.vi, PARTIALS_VI);
            let en = references(e.en, PARTIALS_EN);
            assert_eq!(vi, en, "{}", e.code);
        }
        let names = |p: Partials| p.iter().map(|(n, _)| *n).collect::<Vec<_>>();
        assert_eq!(names(PARTIALS_VI), names(PARTIALS_EN));
    }

    fn crit(code: &str, title: &str) -> Params {
        Params::new().text("criterion", code).text("title", title)
    }

    const LONG: &str = "Tổ chức phát động phong trào thi đua thường xuyên, thi đua theo chuyên đề gắn với nhiệm vụ";

    /// One example per sentence shape, as the detection sites write it.
    #[test]
    fn every_template_renders_with_its_parameters() {
        let leaf = crit("II.1", LONG).text("cell", "D12");
        let cases: Vec<(Code, Params, &str)> = vec![
            (
                Code::UnreadableFile,
                Params::new()
                    .text("reason", "io")
                    .text("cause", "other")
                    .text("error", "disk"),
                "Không đọc được tệp: lỗi hệ thống khi đọc tệp (disk). Đề nghị kiểm tra lại tệp (đóng Excel nếu đang mở tệp) rồi chạy lại.",
            ),
            (
                Code::UnreadableFile,
                Params::new()
                    .text("reason", "too-large")
                    .int("bytes", 70_000_000)
                    .int("limit", 64 * 1024 * 1024),
                "Tệp quá lớn (67 MB, giới hạn 64 MB), không phải một bảng chấm điểm thông thường. Đề nghị đơn vị kiểm tra lại tệp (xoá hình ảnh, trang tính thừa) rồi gửi lại.",
            ),
            (
                Code::UnreadableFile,
                Params::new()
                    .text("reason", "table-too-long")
                    .text("sheet", "Sheet1")
                    .int("limit", 20_000),
                "Bảng trên trang tính \"Sheet1\" dài hơn 20.000 dòng, không phải một bảng chấm điểm thông thường; chỉ đọc 20.000 dòng đầu. Đề nghị đơn vị xoá các dòng thừa, lưu lại rồi gửi lại.",
            ),
            (
                Code::UnreadableFile,
                Params::new()
                    .text("reason", "corrupt")
                    .text("format", "ods")
                    .text("detail", "x"),
                "Tệp OpenDocument (.ods) bị hỏng hoặc không đầy đủ (có thể do tải lên, tải về bị gián đoạn) nên không đọc được. Đề nghị đơn vị mở thử tệp bằng Excel, lưu lại rồi gửi lại. Chi tiết kỹ thuật: x",
            ),
            (
                Code::NotASpreadsheet,
                Params::new().text("format", "mhtml"),
                "Tệp thực chất là trang web (HTML) được đặt đuôi bảng tính, không phải tệp Excel thật. Đề nghị đơn vị mở tệp bằng Excel, chọn File > Save As, lưu dạng Excel Workbook (.xlsx) rồi gửi lại.",
            ),
            (
                Code::NotASpreadsheet,
                Params::new().text("format", "exe"),
                "Không nhận ra định dạng tệp: đây không phải tệp Excel (.xlsx, .xls) hay bảng tính OpenDocument (.ods). Đề nghị đơn vị gửi tệp Excel (.xlsx) của bảng chấm điểm.",
            ),
            (
                Code::EncryptedFile,
                Params::new(),
                "Tệp có đặt mật khẩu nên không đọc được. Đề nghị đơn vị gỡ mật khẩu (File > Info > Protect Workbook) rồi gửi lại.",
            ),
            (
                Code::FileSkipped,
                Params::new()
                    .text("reason", "lock-file")
                    .text("name", "~$a.xlsx"),
                "Bỏ qua tệp \"~$a.xlsx\": đây là tệp tạm Excel tạo ra khi đang mở một bảng tính, không phải bài nộp.",
            ),
            (
                Code::NoScoreTable,
                Params::new(),
                "Không tìm thấy bảng chấm điểm trong tệp: cần một dòng tiêu đề có cột \"Nội dung\" (hoặc \"Tiêu chí\") và cột \"Điểm tự chấm\", với các dòng tiêu chí bên dưới khớp quy định của khối. Đề nghị đơn vị dùng đúng mẫu bảng tự chấm của khối rồi gửi lại.",
            ),
            (
                Code::UnknownUnit,
                Params::new(),
                "Không xác định được bảng này của đơn vị nào: không có dòng \"Đơn vị: …\", tên trong phần đầu văn bản, tên trang tính hay tên tệp nào khớp với danh sách đơn vị của khối. Đề nghị ghi \"Đơn vị: <tên đơn vị>\" phía trên bảng, hoặc bổ sung tên gọi này vào aliases của đơn vị trong tệp quy định.",
            ),
            (
                Code::UnknownUnit,
                Params::new()
                    .text("text", "Sở Văn hoá Thể thao")
                    .text("cell", "B7"),
                "Không xác định được bảng này của đơn vị nào: không có dòng \"Đơn vị: …\", tên trong phần đầu văn bản, tên trang tính hay tên tệp nào khớp với danh sách đơn vị của khối. Tên đơn vị ghi trong bảng (ô B7): \"Sở Văn hoá Thể thao\". Nếu đây đúng là một đơn vị của khối, hãy thêm tên này vào aliases của đơn vị đó trong tệp quy định, ví dụ aliases = [\"Sở Văn hoá Thể thao\"]; nếu không, đề nghị đơn vị ghi đúng tên ở dòng \"Đơn vị: …\" phía trên bảng.",
            ),
            (
                Code::AmbiguousUnit,
                Params::new()
                    .text("text", "Sở")
                    .text("place", "sheet")
                    .text("sheet", "Sở")
                    .texts("units", ["SYT", "SNV"]),
                "Tên \"Sở\" (tên trang tính \"Sở\") khớp với nhiều đơn vị: SYT, SNV. Đề nghị ghi rõ tên đầy đủ của đơn vị ở dòng \"Đơn vị: …\".",
            ),
            (
                Code::DuplicateUnit,
                Params::new()
                    .text("case", "copy")
                    .text("unit_name", "Sở Y tế")
                    .text("file", "b.xlsx")
                    .text("used", "a.xlsx"),
                "Đơn vị Sở Y tế gửi nhiều bản giống hệt nhau (cùng nội dung các ô): tệp \"b.xlsx\" giống tệp \"a.xlsx\"; dùng tệp \"a.xlsx\", bỏ qua tệp này.",
            ),
            (
                Code::DuplicateUnit,
                Params::new()
                    .text("case", "older")
                    .text("unit_name", "Sở Y tế")
                    .int("count", 3)
                    .texts("files", ["a.xlsx", "b.xlsx", "c.xlsx"])
                    .text("basis", "saved")
                    .text("saved", "2025-11-25T08:05:00")
                    .texts("others", ["2025-11-20T17:00:00", "2025-11-21T09:30:00"])
                    .text("used", "a.xlsx")
                    .text("file", "b.xlsx"),
                "Đơn vị Sở Y tế gửi 3 bảng tự chấm khác nhau: \"a.xlsx\", \"b.xlsx\", \"c.xlsx\". Dùng bản mới nhất \"a.xlsx\" (tệp lưu lúc 08:05 ngày 25/11/2025, sau các bản khác lưu lúc 17:00 ngày 20/11/2025, 09:30 ngày 21/11/2025); tệp \"b.xlsx\" không được tổng hợp. Nếu cần dùng bản khác, chạy lại với --exclude \"a.xlsx\" hoặc bấm \"Dùng tệp này\" trên trang web.",
            ),
            (
                Code::MissingUnit,
                Params::new().text("unit_name", "Sở Y tế"),
                "Chưa nhận được bảng tự chấm điểm của Sở Y tế. Đơn vị này chưa được tổng hợp và xếp hạng.",
            ),
            (
                Code::MissingCriterion,
                crit("III.2", "Cải cách hành chính")
                    .int("after", 14)
                    .text("kind", "bonus"),
                "Bảng không có dòng tiêu chí III.2 (Cải cách hành chính) (cần có ngay sau dòng 14). Đơn vị không được cộng điểm thưởng ở mục này. Đề nghị đơn vị bổ sung đủ các tiêu chí theo mẫu của khối.",
            ),
            (
                Code::UnknownCriterion,
                Params::new()
                    .int("row", 30)
                    .text("label", "5")
                    .text("text", "Khác"),
                "Dòng 30 (\"5 Khác\") không khớp tiêu chí nào của khối nên không được tính điểm. Đề nghị đơn vị dùng đúng danh mục tiêu chí của khối; nếu đây là tiêu chí đã đổi tên, hãy giữ đúng số thứ tự và nội dung như quy định.",
            ),
            (
                Code::TitleChanged,
                Params::new().int("count", 2).records(
                    "rows",
                    [
                        crit("I.1", "").int("row", 9),
                        crit("I.2", "").int("row", 10),
                    ],
                ),
                "2 dòng ghi nội dung tiêu chí khác quy định (viết tắt hoặc sửa chữ) nhưng vẫn được đối chiếu theo số thứ tự và vị trí: I.1 (dòng 9), I.2 (dòng 10).",
            ),
            (
                Code::TitleChanged,
                Params::new()
                    .int("count", 1)
                    .int("row", 9)
                    .text("text", "Thi đua")
                    .text("title", "Công tác thi đua")
                    .text("criterion", "I.1"),
                "Dòng 9 ghi nội dung \"Thi đua\", khác quy định \"Công tác thi đua\"; vẫn được đối chiếu là tiêu chí I.1 theo số thứ tự và vị trí.",
            ),
            (
                Code::RowRenumbered,
                Params::new().records(
                    "rows",
                    [
                        Params::new()
                            .int("row", 11)
                            .text("label", "2")
                            .text("criterion", "I.3"),
                        Params::new().int("row", 12).text("criterion", "I.4"),
                    ],
                ),
                "Bảng có dòng tiêu chí bị đánh số lại hoặc đổi chỗ so với mẫu; đã đối chiếu theo nội dung và điểm chuẩn: dòng 11 ghi số thứ tự \"2\" là tiêu chí I.3; dòng 12 là tiêu chí I.4. Đề nghị đơn vị giữ đúng số thứ tự và thứ tự các dòng như mẫu của khối.",
            ),
            (
                Code::CriteriaMerged,
                Params::new()
                    .int("row", 15)
                    .texts("group", ["II.1", "II.2"])
                    .points("max", 12_500),
                "Dòng 15 chấm chung một số điểm (trống) cho các tiêu chí II.1, II.2 (điểm chuẩn cộng lại 12,5) thay vì từng tiêu chí một. Tổng điểm được tính theo số điểm chung này; đề nghị đơn vị ghi điểm riêng cho từng tiêu chí.",
            ),
            (
                Code::MaxChanged,
                crit("I.1", "Công tác")
                    .points("stated", 15_000)
                    .points("max", 10_000),
                "Điểm chuẩn của tiêu chí I.1 (Công tác) ghi 15 nhưng quy định của khối là 10. Điểm được chấm theo điểm chuẩn 10; đề nghị đơn vị sửa lại cho đúng mẫu.",
            ),
            (
                Code::ScoreMissing,
                leaf.clone().flag("reviewed", true),
                "Ô D12: chưa có điểm khối chấm cho tiêu chí II.1 (Tổ chức phát động phong trào thi đua thường xuyên, thi đua t…). Tiêu chí này đang được tính 0 điểm. Đề nghị khối kiểm tra lại ô này.",
            ),
            (
                Code::ScoreNotNumber,
                leaf.clone()
                    .flag("reviewed", false)
                    .text("text", "45658")
                    .flag("date", true),
                "Ô D12 (điểm tự chấm, tiêu chí II.1 (Tổ chức phát động phong trào thi đua thường xuyên, thi đua t…)) ghi \"45658\" (Excel đã hiểu giá trị gõ vào là ngày tháng), không phải là số điểm (tối đa 3 chữ số thập phân); đang tính 0 điểm. Đề nghị đơn vị sửa lại. Ghi điểm bằng số, ví dụ 8 hoặc 8,5.",
            ),
            (
                Code::ScoreNegative,
                crit("I.1", "A").text("cell", "D9").points("value", -2_000),
                "Ô D9: điểm tự chấm của tiêu chí I.1 (A) là -2, điểm không được âm; đang tính 0 điểm. Đề nghị đơn vị sửa lại. Điểm trừ ghi ở mục điểm trừ.",
            ),
            (
                Code::ScoreOverMax,
                Params::new()
                    .text("criterion", "I.1")
                    .texts("group", ["I.1", "I.2"])
                    .text("cell", "D9")
                    .points("value", 21_500)
                    .points("max", 20_000),
                "Ô D9: điểm tự chấm của các tiêu chí I.1, I.2 (chấm chung) là 21,5, vượt điểm chuẩn 20; chỉ tính 20 điểm. Đề nghị đơn vị sửa lại.",
            ),
            (
                Code::ScoreNotAllowed,
                crit("I.1", "A")
                    .text("cell", "D9")
                    .flag("reviewed", true)
                    .points("value", 5_000)
                    .points_list("levels", [10_000, 7_000, 4_000, 0]),
                "Ô D9: điểm khối chấm của tiêu chí I.1 (A) là 5, không thuộc các mức điểm cho phép (10; 7; 4; 0). Điểm vẫn được tính như đã ghi; đề nghị khối chấm lại theo đúng mức.",
            ),
            (
                Code::FigureMissing,
                crit("II.1", "Tỷ lệ giải ngân")
                    .text("cell", "E9")
                    .text("column", "result"),
                "Ô E9: chưa có số liệu (kết quả thực hiện) cho tiêu chí II.1 (Tỷ lệ giải ngân), là tiêu chí tính điểm theo số liệu của cả khối. Tiêu chí này đang được tính 0 điểm và đơn vị không được so sánh với các đơn vị khác. Đề nghị đơn vị ghi số liệu vào cột Kết quả.",
            ),
            (
                Code::FigureNotNumber,
                crit("II.1", "A")
                    .text("cell", "E9")
                    .text("text", "khoảng 80"),
                "Ô E9 (số liệu của tiêu chí II.1 (A)) ghi \"khoảng 80\", không phải là một số; tiêu chí này đang được tính 0 điểm và đơn vị không được so sánh với các đơn vị khác. Đề nghị đơn vị ghi số liệu bằng số, ví dụ 85 hoặc 85,5.",
            ),
            (
                Code::FigureNegative,
                crit("II.1", "A").text("cell", "E9").points("value", -3_000),
                "Ô E9: số liệu của tiêu chí II.1 (A) là -3, số liệu không được âm; tiêu chí này đang được tính 0 điểm và đơn vị không được so sánh với các đơn vị khác. Đề nghị đơn vị sửa lại.",
            ),
            (
                Code::FigureOverShare,
                crit("II.1", "A")
                    .text("cell", "E9")
                    .points("value", 855_000),
                "Ô E9: số liệu của tiêu chí II.1 (A) là 855%, tỷ lệ không thể vượt 100%; tiêu chí này đang được tính 0 điểm và đơn vị không được so sánh với các đơn vị khác. Đề nghị đơn vị kiểm tra lại (có thể gõ nhầm dấu thập phân).",
            ),
            (
                Code::FigureNoBest,
                crit("II.1", "A"),
                "Tiêu chí II.1 (A) tính điểm theo đơn vị dẫn đầu nhưng không đơn vị nào có số liệu lớn hơn 0, nên không có đơn vị dẫn đầu để so sánh: mọi đơn vị được 0 điểm ở tiêu chí này. Đề nghị kiểm tra lại số liệu các đơn vị đã gửi.",
            ),
            (
                Code::MeasuredScoreDiffers,
                crit("II.1", "A")
                    .text("cell", "D9")
                    .points("typed", 10_000)
                    .points("computed", 8_500),
                "Ô D9: đơn vị tự chấm 10 điểm cho tiêu chí II.1 (A), còn điểm tính theo số liệu của cả khối là 8,5. Điểm tính theo số liệu được dùng để cộng tổng (đơn vị không biết số liệu của các đơn vị khác nên không tự tính được).",
            ),
            (
                Code::FormulaWithoutValue,
                crit("I.1", "A")
                    .text("cell", "D9")
                    .text("formula", "SUM(D10:D12)"),
                "Ô D9 (điểm tự chấm, tiêu chí I.1 (A)) chứa công thức \"=SUM(D10:D12)\" nhưng tệp không lưu kết quả tính, nên không đọc được điểm; đang tính 0 điểm. Đề nghị mở tệp bằng Excel, lưu lại (để Excel tính công thức) rồi gửi lại, hoặc nhập trực tiếp số điểm.",
            ),
            (
                Code::SectionSumMismatch,
                crit("I", "B")
                    .text("cell", "D8")
                    .points("stated", 48_000)
                    .points("sum", 48_500),
                "Ô D8 ghi tổng tiêu chí I (B) là 48 nhưng các tiêu chí con cộng lại 48,5. Điểm của mục được tính lại từ các tiêu chí con; đề nghị đơn vị sửa phép cộng.",
            ),
            (
                Code::TotalMismatch,
                Params::new()
                    .text("text", "Cộng mục II")
                    .points("stated", 19_000)
                    .text("sum", "section")
                    .text("section", "II")
                    .points("expected", 19_500),
                "Dòng \"Cộng mục II\" ghi 19, không khớp với tổng nào của bảng; theo các tiêu chí, tổng mục II là 19,5. Tổng điểm được tính lại từ các tiêu chí; đề nghị đơn vị sửa phép cộng.",
            ),
            (
                Code::BonusOverCap,
                Params::new()
                    .text("scope", "section")
                    .text("criterion", "IV")
                    .points("value", 6_000)
                    .points("max", 5_000),
                "Điểm thưởng của mục IV cộng lại 6, vượt mức tối đa 5; chỉ tính 5 điểm.",
            ),
            (
                Code::DeductionOverCap,
                crit("V.1", "C")
                    .text("cell", "D30")
                    .flag("reviewed", false)
                    .text("scope", "line")
                    .points("value", 3_000)
                    .points("max", 2_000),
                "Ô D30: điểm trừ 3 của tiêu chí V.1 (C) vượt mức tối đa 2 của dòng này; chỉ tính trừ 2 điểm. Đề nghị đơn vị sửa lại.",
            ),
            (
                Code::DisqualifierNotUnderstood,
                crit("VI.1", "D").text("cell", "D40").text("text", "?"),
                "Ô D40 của tiêu chí VI.1 (D) ghi \"?\": không rõ có hay không. Đề nghị ghi \"Có\" nếu đơn vị thuộc trường hợp này, \"Không\" hoặc để trống nếu không.",
            ),
            (
                Code::Disqualified,
                Params::new()
                    .text("title", "Có cán bộ bị kỷ luật")
                    .flag("reviewed", true),
                "Khối đánh dấu đơn vị thuộc trường hợp không xét khen thưởng: \"Có cán bộ bị kỷ luật\". Đơn vị vẫn được tính điểm và xếp hạng nhưng không được đề nghị khen thưởng.",
            ),
            (
                Code::YearMismatch,
                Params::new()
                    .int("found", 2024)
                    .text("text", "NĂM 2024")
                    .int("year", 2025),
                "Tiêu đề ghi năm 2024 (\"NĂM 2024\") nhưng khối đang chấm điểm năm 2025. Đề nghị đơn vị kiểm tra đã gửi đúng bảng tự chấm năm 2025 chưa.",
            ),
            (
                Code::LegacyEncoding,
                Params::new()
                    .text("encoding", "TCVN3 (ABC)")
                    .int("cells", 15)
                    .records(
                        "bases",
                        [
                            Params::new().int("cells", 12).text("basis", "font"),
                            Params::new().int("cells", 3).text("basis", "content"),
                        ],
                    ),
                "Trang tính được gõ bằng bảng mã TCVN3 (ABC): đã chuyển 15 ô sang Unicode (12 ô theo phông chữ, 3 ô theo nội dung). Nên đề nghị đơn vị dùng phông Unicode (Times New Roman) ở các năm sau.",
            ),
            (
                Code::UncertainEncoding,
                Params::new()
                    .int("count", 22)
                    .texts("cells", ["B3", "B4"])
                    .int("more", 20),
                "Không chắc bảng mã chữ Việt của 22 ô: B3, B4 và 20 ô khác. Các ô này được giữ như đã gõ; đề nghị kiểm tra lại chữ hiển thị trong bảng tổng hợp.",
            ),
            (
                Code::TieInRanking,
                Params::new()
                    .points("total", 95_250)
                    .texts("units", ["Sở Y tế", "Sở Nội vụ"])
                    .int("rank", 2),
                "Bằng điểm (95,25 điểm, bằng nhau cả ở các tiêu chí phụ) giữa: Sở Y tế, Sở Nội vụ; cùng xếp hạng 2.",
            ),
            (
                Code::TieAtAwardCutoff,
                Params::new()
                    .text("award", "Cờ thi đua của UBND tỉnh")
                    .texts("units", ["A", "B"])
                    .int("rank", 2)
                    .int("places", 1),
                "Bằng điểm tại ngưỡng đề nghị Cờ thi đua của UBND tỉnh: A, B cùng xếp hạng 2 nhưng chỉ còn 1 suất. Khối cần bỏ phiếu; công cụ không tự chọn.",
            ),
            (
                Code::BallotUnreadable,
                Params::new().text("reason", "không có trang phiếu bầu do thidua tạo"),
                "Không kiểm được phiếu trong tệp này: không có trang phiếu bầu do thidua tạo. Phiếu không được tính.",
            ),
            (
                Code::BallotTooManyTicks,
                Params::new()
                    .text("award", "Cờ thi đua")
                    .int("ticked", 2)
                    .int("allowed", 1),
                "Phiếu bầu Cờ thi đua đánh dấu 2 đơn vị, nhiều hơn số được chọn (1); phiếu không hợp lệ, không tính.",
            ),
            (
                Code::BallotMarkOutside,
                Params::new()
                    .text("award", "Cờ thi đua")
                    .text("text", "x")
                    .text("where", "outside"),
                "Phiếu bầu Cờ thi đua có \"x\" ngoài cột \"Đồng ý (x)\"; phiếu không hợp lệ, không tính.",
            ),
            (
                Code::BallotNameNotListed,
                Params::new()
                    .text("award", "Cờ thi đua")
                    .text("name", "Sở Tư pháp"),
                "Phiếu bầu Cờ thi đua ghi \"Sở Tư pháp\", không có trong danh sách đề cử; phiếu không hợp lệ, không tính.",
            ),
            (
                Code::BallotListChanged,
                Params::new()
                    .text("award", "Bằng khen")
                    .texts("printed", ["A", "B"])
                    .texts("current", Vec::<String>::new())
                    .int("places", 2),
                "Phiếu bầu Bằng khen in theo danh sách đề cử cũ (A, B); theo các bảng tự chấm hiện có, danh sách là không có đơn vị nào (2 suất). Phiếu vẫn được kiểm theo danh sách đã in; hãy in lại phiếu và bỏ phiếu lại hình thức này.",
            ),
            (
                Code::CountListChanged,
                Params::new()
                    .text("award", "Bằng khen")
                    .texts("printed", ["A", "B"])
                    .texts("current", ["A"])
                    .int("places", 1),
                "Số liệu kiểm phiếu Bằng khen ghi theo danh sách đề cử cũ (A, B); theo các bảng tự chấm hiện có, danh sách là A (1 suất). Số liệu vẫn được tính như đã ghi; hãy in lại phiếu, bỏ phiếu lại và nhập lại số liệu hình thức này.",
            ),
            (
                Code::VoteNoQuorum,
                Params::new()
                    .text("award", "Cờ thi đua")
                    .int("returned", 4)
                    .int("issued", 9),
                "Hình thức Cờ thi đua: thu về 4/9 phiếu, chưa đủ tỷ lệ tối thiểu theo quy định của khối; chưa quyết định.",
            ),
            (
                Code::VoteTie,
                Params::new()
                    .text("award", "Bằng khen")
                    .texts("units", ["A", "B"])
                    .int("agree", 5)
                    .int("places", 1),
                "Hình thức Bằng khen: A, B cùng 5 phiếu đồng ý nhưng chỉ còn 1 suất; khối cần bỏ phiếu lại, công cụ không tự chọn.",
            ),
            (
                Code::CountFigureInvalid,
                Params::new()
                    .text("award", "Cờ thi đua")
                    .text("what", "agree")
                    .text("unit", "Sở Y tế")
                    .text("text", "năm"),
                "Bảng kiểm phiếu Cờ thi đua: ô số phiếu đồng ý của Sở Y tế ghi \"năm\", không phải số nguyên từ 0 trở lên; hình thức này chưa được kiểm phiếu.",
            ),
            (
                Code::CountFigureBlank,
                Params::new()
                    .text("award", "Cờ thi đua")
                    .text("what", "invalid"),
                "Bảng kiểm phiếu Cờ thi đua: ô số phiếu không hợp lệ để trống; ô trống không được tính là 0, hình thức này chưa được kiểm phiếu. Ghi 0 nếu không có phiếu.",
            ),
            (
                Code::CountSheetBlank,
                Params::new().text("award", "Bằng khen"),
                "Bảng kiểm phiếu Bằng khen chưa nhập số liệu nào và không có phiếu bầu nào của hình thức này; chưa kiểm phiếu, không tính là 0 phiếu.",
            ),
            (
                Code::CountInvalidOverReturned,
                Params::new()
                    .text("award", "Bằng khen")
                    .int("invalid", 9)
                    .int("returned", 8),
                "Bảng kiểm phiếu Bằng khen: số phiếu không hợp lệ (9) lớn hơn số phiếu thu về (8); hình thức này chưa được kiểm phiếu.",
            ),
            (
                Code::CountReturnedOverIssued,
                Params::new()
                    .text("award", "Bằng khen")
                    .int("returned", 10)
                    .int("issued", 9),
                "Bảng kiểm phiếu Bằng khen: số phiếu thu về (10) lớn hơn số phiếu phát ra (9); hình thức này chưa được kiểm phiếu.",
            ),
            (
                Code::CountAgreeOverValid,
                Params::new()
                    .text("award", "Bằng khen")
                    .text("unit", "Sở Y tế")
                    .int("agree", 8)
                    .int("valid", 7),
                "Bảng kiểm phiếu Bằng khen: Sở Y tế có 8 phiếu đồng ý, nhiều hơn số phiếu hợp lệ (7); hình thức này chưa được kiểm phiếu.",
            ),
            (
                Code::CountUnitNotListed,
                Params::new()
                    .text("award", "Bằng khen")
                    .text("unit", "STP")
                    .text("why", "unknown"),
                "Bảng kiểm phiếu Bằng khen: đơn vị mã \"STP\" không có trong tệp quy định; hình thức này chưa được kiểm phiếu.",
            ),
            (
                Code::CountSheetAndBallots,
                Params::new()
                    .text("award", "Bằng khen")
                    .text("count_file", "kiem-phieu.xlsx"),
                "Hình thức Bằng khen đã có bảng kiểm phiếu (kiem-phieu.xlsx); phiếu bầu này không được tính thêm để không tính một phiếu hai lần.",
            ),
            (
                Code::CountSheetTwice,
                Params::new()
                    .text("award", "Bằng khen")
                    .text("first", "a.xlsx"),
                "Hình thức Bằng khen có hai bảng kiểm phiếu (a.xlsx và bảng này); không tính bảng nào cho đến khi chỉ còn một bảng.",
            ),
            (
                Code::HistoryNotReport,
                Params::new()
                    .text("reason", "not-report")
                    .text("detail", "missing field `bloc`"),
                "Tệp này không phải báo cáo JSON do thidua consolidate --json ghi ra (missing field `bloc`); tệp không được dùng để so sánh với các năm trước.",
            ),
            (
                Code::HistoryYearTwice,
                Params::new().int("year", 2023).text("other", "2023.json"),
                "Có hai tệp kết quả năm 2023 (tệp này và 2023.json); chưa dùng kết quả năm 2023 cho đến khi chỉ còn một tệp.",
            ),
            (
                Code::HistoryYearNotPast,
                Params::new().int("year", 2025).int("current", 2025),
                "Tệp kết quả ghi năm 2025, không phải năm trước năm đang chấm điểm (2025); tệp không được dùng.",
            ),
            (
                Code::HistoryOtherBloc,
                Params::new()
                    .text("bloc", "Khối Kinh tế")
                    .text("current", "Khối Văn hóa - Xã hội"),
                "Tệp kết quả năm trước là của \"Khối Kinh tế\", khác tên khối năm nay (\"Khối Văn hóa - Xã hội\"); vẫn dùng tệp này, đối chiếu đơn vị theo mã, tên. Nếu nhầm tệp của khối khác, đề nghị bỏ tệp ra khỏi thư mục.",
            ),
            (
                Code::HistoryConditionUnchecked,
                Params::new()
                    .text("reason", "no-history")
                    .text("award", "Cờ thi đua của UBND tỉnh")
                    .text("condition", "không đề nghị một đơn vị hai năm liền")
                    .texts("years", ["2024"]),
                "Hình thức Cờ thi đua của UBND tỉnh có điều kiện theo kết quả các năm trước (không đề nghị một đơn vị hai năm liền) nhưng chưa có kết quả các năm trước (--history THƯ_MỤC), nên chưa kiểm tra được điều kiện này: danh sách đề nghị chưa xét điều kiện đó, đề nghị tự kiểm tra trước khi trình.",
            ),
            (
                Code::AwardPastCondition,
                Params::new()
                    .text("case", "twice")
                    .text("award", "Cờ thi đua của UBND tỉnh")
                    .int("year", 2024),
                "Đã được đề nghị Cờ thi đua của UBND tỉnh năm 2024; quy định của khối không đề nghị một đơn vị hai năm liền nên năm nay không đề nghị hình thức này.",
            ),
            (
                Code::HistoryUnitUnmatched,
                Params::new()
                    .text("case", "none")
                    .text("name", "Sở Ngoại vụ")
                    .text("id", "SNV")
                    .int("year", 2024),
                "Đơn vị \"Sở Ngoại vụ\" (mã SNV) trong kết quả năm 2024 không khớp đơn vị nào của khối năm nay; kết quả này không được so sánh.",
            ),
            (
                Code::ProvinceInputUnreadable,
                Params::new()
                    .text("reason", "several-rules")
                    .int("count", 2),
                "Thư mục có 2 tệp quy định (.toml); cần đúng một tệp để tổng hợp khối, kết quả này không được đưa vào danh sách của tỉnh.",
            ),
            (
                Code::ProvinceBlocUnknown,
                Params::new().text("bloc", "Khối Doanh nghiệp"),
                "Kết quả ghi tên khối \"Khối Doanh nghiệp\", không có trong tệp quy định của tỉnh (không khớp tên, tên khác hay mã khối nào); vẫn hiển thị và kiểm tra theo tên đã đọc. Nếu đây là khối của tỉnh, đề nghị thêm tên này vào aliases của khối.",
            ),
            (
                Code::ProvinceBlocTwice,
                Params::new()
                    .text("bloc", "Khối Kinh tế")
                    .text("other", "kt.xlsx"),
                "Đã có kết quả của Khối Kinh tế (kt.xlsx); kết quả này không được dùng. Đề nghị giữ lại một kết quả đúng của khối rồi chạy lại.",
            ),
            (
                Code::ProvinceBlocMissing,
                Params::new()
                    .text("bloc", "Khối Nội chính")
                    .text("id", "NC"),
                "Chưa có kết quả của Khối Nội chính (mã NC): không có tệp hay thư mục nào khớp với khối này. Đề nghị khối gửi bảng tổng hợp; nếu tệp đã gửi mang tên khác, ghi tên đó vào source hoặc aliases của khối trong tệp quy định của tỉnh.",
            ),
            (
                Code::ProvinceBlocLate,
                Params::new()
                    .text("bloc", "Khối Kinh tế")
                    .text("date", "2026-01-20T09:00:00")
                    .text("deadline", "15/01/2026"),
                "Kết quả của Khối Kinh tế được lưu lúc 09:00 ngày 20/01/2026, sau hạn nộp 15/01/2026.",
            ),
            (
                Code::ProvinceBlocYear,
                Params::new()
                    .text("bloc", "Khối Kinh tế")
                    .int("year", 2024)
                    .int("expected", 2025),
                "Kết quả của Khối Kinh tế là của năm 2024, không phải năm 2025 đang xét; vẫn dùng kết quả này, đề nghị kiểm tra lại.",
            ),
            (
                Code::ProvinceWorkbookEdited,
                Params::new()
                    .text("what", "award")
                    .text("unit", "Sở Y tế")
                    .text("shown", "Cờ thi đua của Chính phủ")
                    .text("embedded", "Cờ thi đua của Ủy ban nhân dân tỉnh"),
                "Bảng \"Tổng hợp\" đã bị sửa sau khi thidua ghi: hình thức đề nghị của Sở Y tế ghi \"Cờ thi đua của Chính phủ\", thidua đề nghị \"Cờ thi đua của Ủy ban nhân dân tỉnh\". Dùng số liệu ghi trên bảng; đề nghị kiểm tra với khối.",
            ),
            (
                Code::ProvinceAwardUnknown,
                Params::new()
                    .text("bloc", "Khối Kinh tế")
                    .text("unit", "Sở Tài chính")
                    .text("award", "Giấy khen"),
                "Khối Kinh tế đề nghị \"Giấy khen\" cho Sở Tài chính; hình thức này không có trong tệp quy định của tỉnh, vẫn đưa vào danh sách nhưng chưa kiểm tra chỉ tiêu.",
            ),
            (
                Code::ProvinceOverBlocQuota,
                Params::new()
                    .text("bloc", "Khối Kinh tế")
                    .text("award", "Cờ thi đua của Ủy ban nhân dân tỉnh")
                    .int("count", 2)
                    .texts("units", ["Sở Tài chính", "Sở Xây dựng"])
                    .int("max", 1),
                "Khối Kinh tế đề nghị Cờ thi đua của Ủy ban nhân dân tỉnh cho 2 đơn vị (Sở Tài chính, Sở Xây dựng), vượt chỉ tiêu 1 đơn vị mỗi khối.",
            ),
            (
                Code::ProvinceNotLeader,
                Params::new()
                    .text("bloc", "Khối Kinh tế")
                    .text("award", "Cờ thi đua của Chính phủ")
                    .text("unit", "Sở Xây dựng")
                    .int("rank", 3)
                    .int("top", 1),
                "Khối Kinh tế đề nghị Cờ thi đua của Chính phủ cho Sở Xây dựng, đơn vị xếp hạng 3; hình thức này chỉ dành cho đơn vị dẫn đầu khối (hạng 1).",
            ),
            (
                Code::ProvinceOverTotal,
                Params::new()
                    .text("award", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
                    .int("count", 31)
                    .int("limit", 30)
                    .int("units", 120),
                "Các khối đề nghị Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 31 đơn vị, vượt chỉ tiêu toàn tỉnh 30 đơn vị (120 đơn vị thuộc các khối đã đọc); Hội đồng cần xét chọn lại.",
            ),
            (
                Code::ProvinceProposedTwice,
                Params::new()
                    .text("unit", "Sở Nội vụ")
                    .text("award", "Bằng khen")
                    .text("bloc", "Khối Nội chính")
                    .texts("others", ["Khối Tổng hợp"]),
                "Sở Nội vụ được Khối Nội chính đề nghị Bằng khen và cũng được Khối Tổng hợp đề nghị; mỗi đơn vị chỉ thuộc một khối, đề nghị kiểm tra lại.",
            ),
            (
                Code::ProvinceProposedIneligible,
                Params::new()
                    .text("bloc", "Khối Kinh tế")
                    .text("award", "Bằng khen")
                    .text("unit", "Sở Công Thương")
                    .text("case", "disqualified"),
                "Khối Kinh tế đề nghị Bằng khen cho Sở Công Thương, đơn vị thuộc trường hợp không xét khen thưởng.",
            ),
        ];
        let mut covered = std::collections::BTreeSet::new();
        for (code, params, expected) in &cases {
            assert_eq!(render(*code, params, Lang::Vi), *expected, "{code}");
            let en = render(*code, params, Lang::En);
            assert!(!en.is_empty() && !en.contains('{'), "{code}: {en}");
            covered.insert(*code);
        }
        let missing: Vec<_> = Code::ALL.iter().filter(|c| !covered.contains(c)).collect();
        assert!(missing.is_empty(), "no example for {missing:?}");
    }
}
