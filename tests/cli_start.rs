//! Natural starts: thidua given folders or files without a command, as
//! Windows passes them when they are dropped on thidua.exe — a folder,
//! files picked one by one, both mixed, a quoted folder ending in `\`, a
//! misspelled folder, several rules files, the rules beside the files.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WORKBOOK: &str = "Bảng tổng hợp Khối thi đua Văn hóa - Xã hội.xlsx";

/// The sample bloc copied to a folder with a space and diacritics.
fn sample_copy(root: &Path) -> PathBuf {
    let dir = root.join("khối mẫu");
    std::fs::create_dir(&dir).unwrap();
    for entry in std::fs::read_dir(common::sample_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

fn thidua(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(args)
        .env("THIDUA_IN_PROCESS", "1")
        .env("THIDUA_NO_BROWSER", "1")
        .env_remove("THIDUA_PAUSE")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_dropped_folder_is_consolidated_beside_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let out = thidua(&[dir.as_os_str()]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("tổng hợp 8 tệp"), "{stdout}");
    assert!(stdout.contains("Sở Y tế"), "{stdout}");
    assert!(dir.join(WORKBOOK).is_file(), "{stdout}{stderr}");
    // The summary table fits a console 100 columns wide (the issue lines
    // below it wrap as text).
    let table = stdout
        .lines()
        .skip_while(|l| !l.starts_with("Hạng"))
        .take_while(|l| !l.starts_with("Tổng cộng:"));
    for line in table {
        assert!(
            line.chars().count() <= 100,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    // Again: the workbook written the first time is not read as a submission.
    let again = thidua(&[dir.as_os_str()]);
    assert!(
        text(&again).0.contains("tổng hợp 8 tệp"),
        "{}",
        text(&again).0
    );
}

#[test]
fn a_quoted_folder_ending_in_backslash_is_found() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut arg = dir.clone().into_os_string();
    arg.push("\"");
    let out = thidua(&[arg.as_os_str()]);
    assert_eq!(out.status.code(), Some(1), "{:?}", text(&out));
    assert!(dir.join(WORKBOOK).is_file());
}

#[test]
fn dropped_files_find_the_rules_beside_them() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let a = dir.join("bhxh.xlsx");
    let b = dir.join("Sở Y tế - Bảng tự chấm điểm 2025.xlsx");
    let out = thidua(&[a.as_os_str(), b.as_os_str()]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("tổng hợp 2 tệp"), "{stdout}");
    assert!(stdout.contains("quy-dinh.toml"), "{stdout}");
    assert!(dir.join(WORKBOOK).is_file());
}

#[test]
fn a_folder_and_files_mixed_are_consolidated_together() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let other = tmp.path().join("gửi sau");
    std::fs::create_dir(&other).unwrap();
    for name in ["bhxh.xlsx", "Sở Y tế - Bảng tự chấm điểm 2025.xlsx"] {
        std::fs::rename(dir.join(name), other.join(name)).unwrap();
    }
    let late = other.join("bhxh.xlsx");
    let out = thidua(&[dir.as_os_str(), late.as_os_str()]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("tổng hợp 7 tệp"), "{stdout}");
    assert!(stdout.contains("bhxh.xlsx"), "{stdout}");
    assert!(
        dir.join(WORKBOOK).is_file(),
        "written in the dropped folder"
    );
}

#[test]
fn a_rules_file_dropped_with_the_files_is_used() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let rules = tmp.path().join("quy định.toml");
    std::fs::rename(dir.join("quy-dinh.toml"), &rules).unwrap();
    let file = dir.join("bhxh.xlsx");
    let out = thidua(&[rules.as_os_str(), file.as_os_str()]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("quy định.toml"), "{stdout}");
}

#[test]
fn several_rules_files_are_named_with_how_to_choose() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    std::fs::copy(dir.join("quy-dinh.toml"), dir.join("quy-dinh - Copy.toml")).unwrap();
    let out = thidua(&[dir.as_os_str()]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("có 2 tệp quy định"), "{stderr}");
    assert!(stderr.contains("quy-dinh - Copy.toml"), "{stderr}");
    assert!(stderr.contains("--rules"), "{stderr}");
    assert!(!dir.join(WORKBOOK).exists());
}

#[test]
fn a_misspelled_folder_is_named_as_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("Bang tu cahm");
    let out = thidua(&[missing.as_os_str()]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stderr.contains("không tìm thấy thư mục hay tệp") && stderr.contains("Bang tu cahm"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("quy định"),
        "the input is named, not the rules: {stderr}"
    );
}

#[test]
fn consolidate_finds_the_rules_beside_files_picked_one_by_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let file = dir.join("bhxh.xlsx");
    let output = tmp.path().join("th.xlsx");
    let out = thidua(&[
        "consolidate".as_ref(),
        "-o".as_ref(),
        output.as_os_str(),
        file.as_os_str(),
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(output.is_file());
}

/// A serve started in a test, stopped when dropped.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_port_held_by_another_program_moves_the_page_to_the_next_free_port() {
    use std::io::BufRead as _;
    // Another program: listens, never answers.
    let other = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = other.local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["serve", "--port", &port.to_string()])
        .env("THIDUA_IN_PROCESS", "1")
        .env("THIDUA_NO_BROWSER", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let _running = Running(child);
    let mut said = Vec::new();
    let mut lines = std::io::BufReader::new(stdout).lines();
    let url = loop {
        let line = lines.next().expect("a line before the address").unwrap();
        if let Some(url) = line.strip_prefix("Trang tổng hợp thi đua đang chạy tại: ") {
            break url.to_string();
        }
        said.push(line);
    };
    assert!(
        said[0].starts_with(&format!(
            "Cổng {port} đang được chương trình khác dùng; trang mở ở cổng "
        )),
        "{said:?}"
    );
    assert_ne!(url, format!("http://127.0.0.1:{port}/"));
    let identity = ureq::get(&format!("{url}api/thidua"))
        .call()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap();
    assert!(identity.contains("\"app\":\"thidua\""), "{identity}");
    drop(other);
}

#[test]
fn help_and_command_line_errors_are_in_vietnamese() {
    let help = thidua(&["--help".as_ref()]);
    let (stdout, _) = text(&help);
    assert_eq!(help.status.code(), Some(0));
    for heading in ["Cách dùng:", "Các lệnh:", "Tùy chọn:", "In hướng dẫn"] {
        assert!(stdout.contains(heading), "{stdout}");
    }
    assert!(
        !stdout.contains("Usage") && !stdout.contains("Options"),
        "{stdout}"
    );
    let wrong = thidua(&["chek".as_ref()]);
    let (_, stderr) = text(&wrong);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr.starts_with("Lỗi: không có lệnh \"chek\""),
        "{stderr}"
    );
    assert!(stderr.contains("Có phải là \"check\"?"), "{stderr}");
    // Every command the help lists is named (the list comes from the
    // parser, so a new command cannot be left out).
    let listed = stderr
        .split("Các lệnh: ")
        .nth(1)
        .and_then(|rest| rest.split('.').next())
        .unwrap_or_default();
    let commands: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("Các lệnh:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|&c| c != "help")
        .collect();
    assert!(commands.contains(&"province"), "{stdout}");
    assert_eq!(listed.split(", ").collect::<Vec<_>>(), commands, "{stderr}");
    let missing = thidua(&["consolidate".as_ref()]);
    let (_, stderr) = text(&missing);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr.starts_with("Lỗi: thiếu <ĐẦU_VÀO>. "), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}
