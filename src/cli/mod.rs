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
mod ballots;
mod check;
mod console;
mod consolidate;
mod convert;
mod documents;
mod next_year;
mod print;
mod province;
mod serve;
mod start;
mod tally;
mod template;
mod text;
mod usage;

use args::{Cli, Command};
use clap::{CommandFactory as _, Parser};
use std::process::ExitCode;

/// Exit code: no error-level issue in the submissions.
pub const EXIT_OK: u8 = 0;
/// Exit code: errors found in the submissions (outputs still written).
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit code: the tool could not run (rules, inputs, output).
pub const EXIT_FAILED: u8 = 2;

/// Run the command line with the process's arguments.
pub fn main() -> ExitCode {
    // A worker process reading files for its parent (not a command for
    // people): `thidua read-worker MEMORY_BYTES`.
    let mut args = std::env::args_os().skip(1);
    if args.next().as_deref() == Some(std::ffi::OsStr::new(crate::worker::WORKER_ARG)) {
        let memory = args
            .next()
            .and_then(|m| m.to_str().and_then(|m| m.parse().ok()))
            .unwrap_or(crate::worker::MEMORY_LIMIT_BYTES);
        let code = crate::worker::serve(memory);
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    quiet_panics();
    if std::env::args_os().len() == 1 {
        return ExitCode::from(serve::without_arguments());
    }
    let given: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let command = Cli::command();
    let mut commands: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
    commands.push("help");
    if start::is_natural(&given, &commands) {
        return ExitCode::from(start::run(&given));
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use std::io::Write as _;
            let (text, is_error) = usage::explain(&e, &commands[..commands.len() - 1]);
            let text = terminal_safe(&text);
            if is_error {
                let _ = write!(std::io::stderr(), "{text}");
                return ExitCode::from(EXIT_FAILED);
            }
            let _ = write!(std::io::stdout(), "{text}");
            return ExitCode::from(EXIT_OK);
        }
    };
    let code = match cli.command {
        Command::Consolidate(a) => consolidate::run(a),
        Command::Check(a) => check::run(a),
        Command::Convert(a) => convert::run(a),
        Command::Text(a) => text::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Template(a) => template::run(a),
        Command::Ballots(a) => ballots::run(a),
        Command::Tally(a) => tally::run(a),
        Command::Documents(a) => documents::run(a),
        Command::Province(a) => province::run(a),
        Command::Rules(a) => match a.command {
            args::RulesCommand::NextYear(a) => next_year::run(a),
        },
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
/// How this run reads the units' files: in worker processes started from
/// this binary, each with a memory budget and a deadline, so that one
/// hostile or broken file cannot take the run down. When no worker can be
/// started (or THIDUA_IN_PROCESS is set, for debugging) files are read in
/// this process, and the terminal says so.
pub(crate) fn reader() -> crate::pipeline::Reader {
    use crate::pipeline::Reader;
    if std::env::var_os("THIDUA_IN_PROCESS").is_some() {
        return Reader::InProcess;
    }
    let pool = std::env::current_exe()
        .and_then(|exe| crate::worker::Pool::new(exe, crate::worker::Budget::default()));
    match pool {
        Ok(pool) => Reader::Isolated(pool),
        Err(e) => {
            use std::io::Write as _;
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                terminal_safe(&format!(
                    "Cảnh báo: không khởi động được tiến trình đọc tệp riêng ({e}); các tệp được đọc ngay trong chương trình này, một tệp hỏng nặng có thể làm dừng cả lần chạy."
                ))
            );
            Reader::InProcess
        }
    }
}

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
