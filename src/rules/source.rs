//! The rules file's text (văn bản tệp quy định): byte offsets turned into
//! lines and columns, and the TOML syntax errors the parser reports turned
//! into Vietnamese, with a plain explanation of the usual slips (a decimal
//! comma, a word without quotation marks).
//!
//! Depends on the `toml` parser's error type only.

/// The text of a rules file, for locating places in it.
pub(super) struct Source<'a> {
    pub text: &'a str,
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Source<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }

    /// The line number of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.line_column(offset).0
    }

    /// A syntax error: where, and what to change, in Vietnamese.
    pub fn syntax(&self, error: &toml::de::Error) -> (usize, String) {
        let span = error.span().unwrap_or(0..0);
        let at = span.start.min(self.text.len());
        if let Some(message) = self.decimal_comma(at) {
            return (at, message);
        }
        let found = self.text.get(span.clone()).unwrap_or("").trim();
        let english = error.message();
        let message = match english.split(',').next().unwrap_or("").trim() {
            "string values must be quoted" => format!(
                "chữ phải đặt trong dấu ngoặc kép: \"{found}\"; số thì ghi không có ngoặc kép."
            ),
            "duplicate key" => format!(
                "mục \"{found}\" được ghi hai lần trong cùng một bảng; xoá một dòng."
            ),
            "unexpected key or value" | "unexpected content" => {
                "sau giá trị còn chữ thừa; mỗi dòng chỉ ghi một mục dạng tên = giá trị (nếu là ghi chú, bắt đầu bằng dấu #).".to_string()
            }
            "missing value" | "missing value for key" | "key with no value" => {
                "thiếu giá trị sau dấu bằng; ghi ví dụ max = 10 hoặc name = \"Sở Y tế\".".to_string()
            }
            "missing assignment between key-value pairs" | "invalid key-value pair" => {
                "thiếu dấu bằng; mỗi dòng ghi dạng tên = giá trị.".to_string()
            }
            "invalid basic string" | "invalid multi-line basic string" | "missing escaped value" => {
                "chữ trong ngoặc kép chưa đúng: thiếu dấu ngoặc kép đóng, hoặc có dấu \\ (dùng dấu / hoặc ghi \\\\).".to_string()
            }
            "missing opening quote" => "thiếu dấu ngoặc kép mở.".to_string(),
            "unclosed table" | "unclosed array table" | "missing table open" => {
                "tên bảng chưa đúng; ghi [bloc], [[units]], [[criteria]], [[awards]], [ranking] hoặc [vote], mỗi tên một dòng.".to_string()
            }
            "unclosed array" | "missing comma between array elements" | "extra comma in array"
            | "missing array opening" | "unexpected `=` in array" => {
                "danh sách chưa đúng; ghi trong ngoặc vuông, các phần tử cách nhau bằng dấu phẩy, ví dụ [10, 7, 4, 0] hoặc [\"SYT\", \"Sở Y tế tỉnh\"].".to_string()
            }
            "invalid unquoted key" | "unquoted keys cannot be empty" => {
                "tên mục chưa đúng; tên mục viết bằng chữ không dấu, ví dụ name, max, aliases.".to_string()
            }
            "unexpected leading zero" | "redundant numeric sign" | "unexpected sign"
            | "invalid value" | "`_` may only go between digits" => {
                format!("giá trị \"{found}\" không đọc được; số ghi như 10 hoặc 12.5, chữ đặt trong ngoặc kép.")
            }
            "carriage return must be followed by newline" | "invalid comment character" => {
                "có ký tự lạ trong tệp; hãy mở và lưu lại tệp bằng Notepad (mã hoá UTF-8).".to_string()
            }
            _ if english.contains("invalid table header") || english.contains("table") => {
                "bảng này đã được khai báo trước đó hoặc tên bảng chưa đúng; mỗi [bloc], [ranking], [vote] chỉ ghi một lần, mỗi đơn vị, tiêu chí, hình thức khen thưởng một [[units]], [[criteria]], [[awards]].".to_string()
            }
            _ => "sai cú pháp ở đây; kiểm tra dấu bằng, dấu ngoặc kép và dấu phẩy (xem tệp mẫu quy-dinh-mau.toml).".to_string(),
        };
        (at, message)
    }

    /// `27,5` where `27.5` was meant: the parser stops at the comma.
    fn decimal_comma(&self, at: usize) -> Option<String> {
        let before = self.text.get(..at)?;
        let after = self.text.get(at..)?;
        let whole: String = before
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let rest = after.strip_prefix(',')?;
        let fraction: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if whole.is_empty() || fraction.is_empty() {
            return None;
        }
        Some(format!(
            "số thập phân phải dùng dấu chấm, không dùng dấu phẩy: ghi {whole}.{fraction} thay cho {whole},{fraction}."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::Source;

    #[test]
    fn lines_and_columns_count_characters() {
        let s = Source::new("a = 1\nđơn = 2\n");
        assert_eq!(s.line_column(0), (1, 1));
        assert_eq!(s.line_column(6), (2, 1));
        assert_eq!(s.line_column("a = 1\nđơn".len()), (2, 4));
        assert_eq!(s.line_column(999), (3, 1));
    }
}
