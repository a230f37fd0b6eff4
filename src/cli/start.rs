//! A natural start (mở bằng kéo thả): thidua.exe given folders or files
//! instead of a command — what Windows passes when they are dropped on it —
//! means "consolidate these". The rules file is the one dropped with them,
//! else the one in the folders, beside the files or beside thidua.exe; the
//! workbook "Bảng tổng hợp <khối>.xlsx" is written next to them; when the
//! window is thidua's own, the officer is offered to open it, and the
//! window waits for Enter. A rules file dropped alone opens the web page
//! with it.
//!
//! Depends on the other commands (`consolidate`, `serve`) and `console`;
//! portable paths only.

use super::args::{
    Config, ConsolidateArgs, RunArgs, ServeArgs, Submissions, find_rules, rules_files_in,
    several_rules,
};
use super::{EXIT_FAILED, console, consolidate, fail, serve};
use crate::read;
use crate::rules::Rules;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// Whether the process's arguments (after the program's name) are a
/// natural start: the first is not a command or an option and reads as a
/// path (it exists, or has a folder separator, a drive or an extension).
pub fn is_natural(args: &[OsString], commands: &[&str]) -> bool {
    let Some(first) = args.first() else {
        return false;
    };
    let text = first.to_string_lossy();
    if text.starts_with('-') || commands.iter().any(|c| *c == text) {
        return false;
    }
    let path = cleaned(first);
    path.exists() || text.contains(['/', '\\', ':', '.'])
}

/// A dropped or typed path as meant: a quoted folder ending in `\`
/// ("C:\Bảng tự chấm\") reaches the program with a trailing quote instead
/// of the backslash, and spaces around it are not part of it.
fn cleaned(arg: &OsStr) -> PathBuf {
    match arg.to_str() {
        Some(text) => {
            let text = text.trim();
            let text = text.strip_suffix('"').unwrap_or(text).trim_end();
            PathBuf::from(text)
        }
        None => PathBuf::from(arg),
    }
}

/// Consolidate the dropped folders and files; the exit code as
/// `consolidate`'s.
pub fn run(args: &[OsString]) -> u8 {
    let code = consolidate_dropped(args);
    console::hold();
    code
}

fn consolidate_dropped(args: &[OsString]) -> u8 {
    let paths: Vec<PathBuf> = args.iter().map(|a| cleaned(a)).collect();
    let missing: Vec<&PathBuf> = paths.iter().filter(|p| !p.exists()).collect();
    if !missing.is_empty() {
        for path in missing {
            fail(format!(
                "không tìm thấy thư mục hay tệp \"{}\". Kiểm tra lại tên (có thể gõ sai, hoặc thư mục đã được đổi tên, chuyển đi).",
                path.display()
            ));
        }
        return EXIT_FAILED;
    }
    let (dropped_rules, inputs): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.into_iter().partition(|p| p.is_file() && is_toml(p));
    if inputs.is_empty() {
        return match dropped_rules.as_slice() {
            [one] => open_page_with(one),
            many => fail(several_rules(many)),
        };
    }
    let rules_path = match dropped_rules.as_slice() {
        [one] => one.clone(),
        [] => match rules_for(&inputs) {
            Ok(path) => path,
            Err(e) => return fail(e),
        },
        many => return fail(several_rules(many)),
    };
    let rules = match Rules::load(&rules_path) {
        Ok(rules) => rules,
        Err(e) => return fail(e),
    };
    let output = output_for(&inputs, &rules);
    let mut collected = read::collect_inputs(&inputs);
    if !collected.errors.is_empty() {
        return fail(collected.errors.join("\n"));
    }
    // The workbook of an earlier run, in the same folder, is not a submission.
    let written = std::fs::canonicalize(&output).ok();
    collected
        .files
        .retain(|f| written.is_none() || std::fs::canonicalize(f).ok() != written);
    say!(
        "thidua: tổng hợp {} tệp bảng tự chấm đã chọn.",
        collected.files.len()
    );
    let args = ConsolidateArgs {
        rules: Some(rules_path.clone()),
        output: output.clone(),
        json: None,
        run: RunArgs {
            feedback: None,
            submissions: Submissions {
                exclude: Vec::new(),
                history: None,
                inputs,
            },
        },
    };
    let code = consolidate::with_config(
        Config {
            rules,
            rules_path,
            inputs: collected,
            history: None,
        },
        &args,
    );
    if code != EXIT_FAILED && output.is_file() && console::owned() {
        let answer = console::ask(
            "Nhấn Enter để mở bảng tổng hợp, hoặc gõ chữ k rồi Enter để đóng cửa sổ: ",
        );
        if !answer.eq_ignore_ascii_case("k") {
            serve::open_in_system(output.as_os_str());
        }
    }
    code
}

/// A dropped rules file alone: the web page with those rules.
fn open_page_with(rules: &Path) -> u8 {
    say!(
        "thidua: mở trang tổng hợp thi đua với quy định {}.",
        rules.display()
    );
    // The province's rules file (tinh.toml): the province's page.
    let province = crate::rules::Province::load(rules).is_ok();
    serve::run(ServeArgs {
        rules: (!province).then(|| rules.to_path_buf()),
        port: super::args::DEFAULT_PORT,
        listen: std::net::IpAddr::from([127, 0, 0, 1]),
        open: true,
        allow_hosts: Vec::new(),
        history: None,
        province: province.then(|| rules.to_path_buf()),
        reuse_running: true,
        rules_choices: Vec::new(),
        province_choices: Vec::new(),
    })
}

fn is_toml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("toml"))
}

/// The rules beside the inputs, else the single .toml beside thidua.exe.
fn rules_for(inputs: &[PathBuf]) -> Result<PathBuf, String> {
    let beside_inputs = find_rules(inputs);
    if beside_inputs.is_ok() {
        return beside_inputs;
    }
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf));
    if let Some(dir) = exe_dir {
        let mut found = rules_files_in(&[dir]).unwrap_or_default();
        match found.len() {
            1 => return Ok(found.remove(0)),
            0 => {}
            _ => return Err(several_rules(&found)),
        }
    }
    beside_inputs
}

/// Where the workbook goes: in the first dropped folder, else beside the
/// first file, named after the bloc (or that folder).
fn output_for(inputs: &[PathBuf], rules: &Rules) -> PathBuf {
    let dir = match inputs.iter().find(|p| p.is_dir()) {
        Some(folder) => folder.clone(),
        None => inputs
            .first()
            .and_then(|f| f.parent())
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
    };
    let mut name = file_name_part(&rules.bloc.name);
    if name.is_empty() {
        name = std::fs::canonicalize(&dir)
            .ok()
            .and_then(|d| d.file_name().map(|n| file_name_part(&n.to_string_lossy())))
            .unwrap_or_default();
    }
    let file = if name.is_empty() {
        "Bảng tổng hợp.xlsx".to_string()
    } else {
        format!("Bảng tổng hợp {name}.xlsx")
    };
    dir.join(file)
}

/// Text usable in a Windows file name: no reserved characters, no controls,
/// no dots or spaces at the end, at most 120 characters.
fn file_name_part(text: &str) -> String {
    let kept: String = text
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .take(120)
        .collect();
    kept.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ' '])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_told_from_commands() {
        let commands = ["consolidate", "check", "serve"];
        let natural = |a: &str| is_natural(&[OsString::from(a)], &commands);
        assert!(!natural("check"));
        assert!(!natural("--help"));
        assert!(!natural("consolidat"));
        assert!(natural("C:\\Bảng tự chấm\""));
        assert!(natural("./khoi"));
        assert!(natural("bang.xlsx"));
    }

    #[test]
    fn a_quoted_folder_ending_in_backslash_is_cleaned() {
        assert_eq!(
            cleaned(OsStr::new("C:\\Bảng tự chấm\" ")),
            PathBuf::from("C:\\Bảng tự chấm")
        );
    }

    #[test]
    fn file_names_keep_vietnamese_and_drop_reserved_characters() {
        assert_eq!(
            file_name_part("Khối thi đua Văn hóa: Xã hội / 2025. "),
            "Khối thi đua Văn hóa- Xã hội - 2025"
        );
    }
}
