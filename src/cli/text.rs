//! `thidua text`: convert lines of standard input to Unicode.

use super::args::TextArgs;
use super::{EXIT_OK, fail};
use std::io::{BufRead, Write};

pub fn run(args: TextArgs) -> u8 {
    let from = match args.from.as_str() {
        "auto" => None,
        name => match crate::text::Encoding::parse(name) {
            Some(e) => Some(e),
            None => {
                return fail(format!(
                    "không biết bảng mã \"{name}\". Dùng một trong: auto, tcvn3, vni, cp1258, viqr."
                ));
            }
        },
    };
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                return fail(format!(
                    "không đọc được dữ liệu vào (cần văn bản UTF-8): {e}"
                ));
            }
        };
        if writeln!(out, "{}", crate::text::convert_line(&line, from)).is_err() {
            break;
        }
    }
    EXIT_OK
}
