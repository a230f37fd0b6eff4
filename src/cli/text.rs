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
    let mut input = std::io::stdin().lock();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut line = String::new();
    loop {
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                let _ = out.flush();
                return fail(format!(
                    "không đọc được dữ liệu vào (cần văn bản UTF-8): {e}"
                ));
            }
        }
        // As BufRead::lines: "\n" or "\r\n" taken off.
        let text = match line.strip_suffix('\n') {
            Some(t) => t.strip_suffix('\r').unwrap_or(t),
            None => &line,
        };
        let converted = crate::text::convert_line(text, from);
        if out
            .write_all(converted.as_bytes())
            .and_then(|_| out.write_all(b"\n"))
            .is_err()
        {
            break;
        }
    }
    let _ = out.flush();
    EXIT_OK
}
