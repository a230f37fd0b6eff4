//! The console window thidua runs in (cửa sổ dòng lệnh): whether thidua
//! opened it itself — started by a double click or a drag and drop on
//! thidua.exe, so the window closes when thidua ends — and, then, asking
//! the officer before it closes.
//!
//! Windows-only detection behind cfg(windows); elsewhere a window is never
//! thidua's own unless THIDUA_PAUSE is set (so tests and scripts never
//! wait). Depends on nothing else of thidua.

use std::io::{BufRead as _, IsTerminal as _, Write as _};

/// Whether the window closes when thidua ends, so a message must wait for
/// the officer: the console is thidua's alone (no cmd or PowerShell
/// started it) and its keyboard is there. THIDUA_PAUSE=1 forces it,
/// THIDUA_NO_PAUSE=1 turns it off.
pub fn owned() -> bool {
    if std::env::var_os("THIDUA_NO_PAUSE").is_some() {
        return false;
    }
    if std::env::var_os("THIDUA_PAUSE").is_some() {
        return true;
    }
    std::io::stdin().is_terminal() && alone_in_console()
}

#[cfg(windows)]
fn alone_in_console() -> bool {
    use windows_sys::Win32::System::Console::GetConsoleProcessList;
    let mut ids = [0u32; 4];
    // SAFETY: the buffer holds `ids.len()` process ids, as declared.
    let count = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
    count == 1
}

#[cfg(not(windows))]
fn alone_in_console() -> bool {
    false
}

/// Show `prompt` and read the officer's answer (a line, trimmed); empty
/// when the keyboard is gone.
pub fn ask(prompt: &str) -> String {
    let mut out = std::io::stdout();
    let _ = write!(out, "{}", super::terminal_safe(prompt));
    let _ = out.flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    line.trim().to_string()
}

/// Keep the window open until Enter, when it is thidua's own.
pub fn hold() {
    if owned() {
        ask("Nhấn Enter để đóng cửa sổ này.");
    }
}
