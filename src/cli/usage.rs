//! clap's help and errors in Vietnamese (hướng dẫn dòng lệnh): the help
//! clap renders with its headings translated, and each kind of argument
//! error said in Vietnamese from the facts clap gives (the argument, the
//! value, the suggestion), never clap's English sentence.
//!
//! Depends on clap only.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// What to print for a clap outcome that is not a parsed command line, and
/// whether it goes to standard error (an error) or standard output (help,
/// version).
pub fn explain(error: &clap::Error) -> (String, bool) {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            (translate(&error.render().to_string()), false)
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            (translate(&error.render().to_string()), true)
        }
        kind => {
            let arg = context(error, ContextKind::InvalidArg);
            let value = context(error, ContextKind::InvalidValue);
            let suggested = context(error, ContextKind::SuggestedSubcommand)
                .or_else(|| context(error, ContextKind::SuggestedArg));
            let mut message = match kind {
                ErrorKind::InvalidSubcommand => format!(
                    "không có lệnh \"{}\". Các lệnh: consolidate, check, convert, text, serve, template, ballots, tally, documents, province, rules. Nếu đó là một thư mục hay tệp, thì không tìm thấy nó: kiểm tra lại tên.",
                    context(error, ContextKind::InvalidSubcommand).unwrap_or_default()
                ),
                ErrorKind::UnknownArgument => {
                    format!("không có tùy chọn \"{}\".", arg.clone().unwrap_or_default())
                }
                ErrorKind::MissingRequiredArgument => format!(
                    "thiếu {}.",
                    arg.clone()
                        .map(|a| a.trim_end_matches('.').to_string())
                        .unwrap_or_else(|| "tham số bắt buộc".into())
                ),
                ErrorKind::MissingSubcommand => {
                    "thiếu lệnh (consolidate, check, convert, text, serve, template, ballots, tally, documents, province, rules next-year)."
                        .into()
                }
                ErrorKind::ValueValidation
                    if std::error::Error::source(error)
                        .is_some_and(|s| !s.to_string().is_ascii()) =>
                {
                    // thidua's own parsers say why in Vietnamese.
                    format!(
                        "giá trị \"{}\" không dùng được cho {}: {}",
                        value.clone().unwrap_or_default(),
                        arg.clone().unwrap_or_default(),
                        std::error::Error::source(error)
                            .map(|s| s.to_string())
                            .unwrap_or_default()
                    )
                }
                ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
                    "giá trị \"{}\" không dùng được cho {}{}.",
                    value.clone().unwrap_or_default(),
                    arg.clone().unwrap_or_default(),
                    context(error, ContextKind::ValidValue)
                        .map(|v| format!(" (dùng một trong: {v})"))
                        .unwrap_or_default()
                ),
                ErrorKind::ArgumentConflict => format!(
                    "không dùng {} cùng với {}.",
                    arg.clone().unwrap_or_default(),
                    context(error, ContextKind::PriorArg).unwrap_or_default()
                ),
                ErrorKind::TooManyValues => format!(
                    "{} được ghi quá số lần cho phép.",
                    arg.clone().unwrap_or_else(|| "một tham số".into())
                ),
                ErrorKind::NoEquals | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
                    format!("thiếu giá trị cho {}.", arg.clone().unwrap_or_default())
                }
                ErrorKind::InvalidUtf8 => "tham số có ký tự không đọc được.".into(),
                _ => "dòng lệnh chưa đúng.".into(),
            };
            if let Some(s) = suggested {
                message.push_str(&format!(" Có phải là \"{s}\"?"));
            }
            message.push_str(" Gõ \"thidua --help\" để xem cách dùng.");
            (format!("Lỗi: {message}\n"), true)
        }
    }
}

fn context(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// clap's English headings and fixed phrases in a rendered help.
fn translate(help: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("Usage:", "Cách dùng:"),
        ("Commands:", "Các lệnh:"),
        ("Arguments:", "Tham số:"),
        ("Options:", "Tùy chọn:"),
        (
            "Print this message or the help of the given subcommand(s)",
            "In hướng dẫn này, hoặc hướng dẫn của lệnh được ghi",
        ),
        ("Print help", "In hướng dẫn"),
        ("Print version", "In số phiên bản"),
        ("[default: ", "[mặc định: "),
        ("[possible values: ", "[các giá trị: "),
        ("[OPTIONS]", "[TÙY_CHỌN]"),
        ("<COMMAND>", "<LỆNH>"),
        ("[COMMAND]", "[LỆNH]"),
    ];
    let mut text = help.to_string();
    for (en, vi) in WORDS {
        text = text.replace(en, vi);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn headings_are_vietnamese() {
        assert_eq!(
            translate("Usage: thidua [OPTIONS] <COMMAND>\n\nOptions:\n  -h, --help  Print help"),
            "Cách dùng: thidua [TÙY_CHỌN] <LỆNH>\n\nTùy chọn:\n  -h, --help  In hướng dẫn"
        );
    }
}
