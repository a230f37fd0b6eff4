//! The command line (dòng lệnh): arguments resolved once into a checked
//! configuration, the subcommands, all printing and the exit codes
//! (0 no errors, 1 errors in the submissions, 2 could not run).
//!
//! The only module that prints. Depends on everything below it.

/// `println!` that ignores a closed standard output (`thidua check | head`)
/// instead of panicking, and never passes control characters from a file
/// to the terminal ([`terminal_safe`]).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), "{}", $crate::cli::terminal_safe(&format!($($arg)*)));
    }};
}

/// Text for the terminal: control characters (escape sequences, carriage
/// returns that would overwrite a line, bells) and bidirectional overrides
/// that a cell, a sheet or a file name may carry are dropped; tabs become
/// spaces; line breaks stay.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                c if unsafe_char(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

mod args;
mod check;
mod consolidate;
mod convert;
mod print;
mod serve;
mod template;
mod text;

use args::{Cli, Command};
use clap::Parser;
use std::process::ExitCode;

/// Exit code: no error-level issue in the submissions.
pub const EXIT_OK: u8 = 0;
/// Exit code: errors found in the submissions (outputs still written).
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit code: the tool could not run (rules, inputs, output).
pub const EXIT_FAILED: u8 = 2;

/// Run the command line with the process's arguments.
pub fn main() -> ExitCode {
    quiet_panics();
    if std::env::args_os().len() == 1 {
        return ExitCode::from(serve::without_arguments());
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_FAILED } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Consolidate(a) => consolidate::run(a),
        Command::Check(a) => check::run(a),
        Command::Convert(a) => convert::run(a),
        Command::Text(a) => text::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Template(a) => template::run(a),
    };
    ExitCode::from(code)
}

/// A defect caught while reading one file becomes an issue on that file
/// (see `pipeline`); its technical panic message is shown only when the
/// environment variable THIDUA_DEBUG is set.
fn quiet_panics() {
    if std::env::var_os("THIDUA_DEBUG").is_none() {
        std::panic::set_hook(Box::new(|_| {}));
    }
}

/// A message for a run that cannot go on.
pub(crate) fn fail(message: impl std::fmt::Display) -> u8 {
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "{}",
        terminal_safe(&format!("Lỗi: {message}"))
    );
    EXIT_FAILED
}

#[cfg(test)]
mod tests {
    use super::terminal_safe;

    #[test]
    fn terminal_text_has_no_controls() {
        assert_eq!(terminal_safe("Sở Y tế"), "Sở Y tế");
        assert_eq!(
            terminal_safe("a\u{1b}[2Jb\rc\td\u{202E}e\u{7}\nf"),
            "a[2Jbc de\nf"
        );
    }
}
