//! A folder of 100 files as they really arrive, some corrupt, empty,
//! encrypted, renamed or not spreadsheets at all: no panic, each bad file
//! reported with its code, every good one consolidated.

mod common;

use std::path::Path;
use std::process::Command;
use thidua::rules::Rules;

const GOOD: usize = 70;

/// (file name, contents, expected issue code)
fn bad_files(good: &[u8]) -> Vec<(String, Vec<u8>, &'static str)> {
    let mut out: Vec<(String, Vec<u8>, &'static str)> = Vec::new();
    let encrypted = std::fs::read(common::root().join("tests/fixtures/read/encrypted.xlsx"))
        .expect("encrypted fixture");
    for k in 0..6 {
        out.push((format!("rong-{k}.xlsx"), Vec::new(), "unreadable-file"));
        out.push((
            format!("cat-cut-{k}.xlsx"),
            good[..good.len() * (k + 1) / 8].to_vec(),
            "unreadable-file",
        ));
        let mut flipped = good.to_vec();
        let n = flipped.len();
        // The zip directory at the end: the package cannot be opened.
        for b in flipped[n - 60 + k..n - 20].iter_mut() {
            *b ^= 0x5A;
        }
        out.push((format!("hong-{k}.xlsx"), flipped, "unreadable-file"));
        out.push((
            format!("trang-web-{k}.xls"),
            "<html><body><table><tr><td>Sở Y tế</td></tr></table></body></html>"
                .as_bytes()
                .to_vec(),
            "not-a-spreadsheet",
        ));
        out.push((
            format!("van-ban-{k}.xlsx"),
            "STT;Nội dung;Điểm\n1;abc;5\n".as_bytes().to_vec(),
            "not-a-spreadsheet",
        ));
    }
    out.push(("mat-khau.xlsx".into(), encrypted, "encrypted-file"));
    out.push((
        "tai-lieu.pdf.xlsx".into(),
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n".to_vec(),
        "not-a-spreadsheet",
    ));
    out.push((
        "rac.xls".into(),
        (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect(),
        "not-a-spreadsheet",
    ));
    out
}

#[test]
fn a_hundred_files_some_broken() {
    let dir = tempfile::tempdir().unwrap();
    let rules_path = dir.path().join("quy-dinh.toml");
    std::fs::write(&rules_path, common::rules_with_units(GOOD + 10)).unwrap();
    let rules = Rules::load(&rules_path).unwrap();
    let inbox = dir.path().join("hop-thu");
    std::fs::create_dir(&inbox).unwrap();
    for i in 0..GOOD {
        // A few renamed: an .xlsx saved as .xls or with no extension is still read.
        let name = match i % 10 {
            3 => format!("don-vi-{i:04}.xls"),
            7 => format!("Đơn vị số {i:04}.XLSX"),
            _ => format!("don-vi-{i:04}.xlsx"),
        };
        common::write_submission(&rules, &inbox.join(name), i);
    }
    let good = std::fs::read(inbox.join("don-vi-0000.xlsx")).unwrap();
    let bad = bad_files(&good);
    for (name, bytes, _) in &bad {
        std::fs::write(inbox.join(name), bytes).unwrap();
    }
    // A workbook with no scoring table, a lock file and a note.
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write(0, 0, "Danh sách cán bộ").unwrap();
    wb.save(inbox.join("danh-sach.xlsx")).unwrap();
    std::fs::write(inbox.join("~$don-vi-0000.xlsx"), b"lock").unwrap();
    std::fs::write(inbox.join("ghi-chu.txt"), "Gửi anh chị").unwrap();
    let total_files = std::fs::read_dir(&inbox).unwrap().count();
    assert!(total_files >= 100, "{total_files} files");

    let json = dir.path().join("r.json");
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .env("THIDUA_DEBUG", "1")
        .args(["consolidate", "--rules"])
        .arg(&rules_path)
        .arg("-o")
        .arg(dir.path().join("th.xlsx"))
        .arg("--json")
        .arg(&json)
        .arg(&inbox)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // Standard error is a pipe here, not a terminal: no progress line.
    assert!(
        !stderr.contains('\r') && !stderr.contains("Đang đọc"),
        "{stderr}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let units = report["units"].as_array().unwrap();
    let ranked = units
        .iter()
        .filter(|u| u["status"] == "ok" && u["rank"].is_number())
        .count();
    let not_ok: Vec<&serde_json::Value> = units
        .iter()
        .take(GOOD)
        .filter(|u| u["status"] != "ok")
        .collect();
    let their_issues: Vec<&serde_json::Value> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| not_ok.iter().any(|u| u["id"] == i["unit"]))
        .collect();
    assert_eq!(
        ranked, GOOD,
        "every good file is consolidated: {not_ok:#?} {their_issues:#?}"
    );
    let issues = report["issues"].as_array().unwrap();
    for (name, _, code) in &bad {
        let of_file: Vec<&serde_json::Value> = issues.iter().filter(|i| file_is(i, name)).collect();
        assert_eq!(of_file.len(), 1, "{name}: {of_file:#?}");
        assert_eq!(of_file[0]["code"], *code, "{name}");
        assert_eq!(of_file[0]["severity"], "error");
    }
    let no_table: Vec<_> = issues
        .iter()
        .filter(|i| file_is(i, "danh-sach.xlsx"))
        .collect();
    assert_eq!(no_table[0]["code"], "no-score-table");
    for skipped in ["~$don-vi-0000.xlsx", "ghi-chu.txt"] {
        assert!(
            issues
                .iter()
                .any(|i| i["code"] == "file-skipped" && file_is(i, skipped)),
            "{skipped}"
        );
    }
    assert_eq!(
        report["sources"].as_array().unwrap().len(),
        GOOD + bad.len() + 1
    );
}

fn file_is(issue: &serde_json::Value, name: &str) -> bool {
    issue["file"].as_str().is_some_and(|f| {
        Path::new(f)
            .file_name()
            .is_some_and(|n| n.to_string_lossy() == name)
    })
}

/// A submission whose cells carry terminal escape sequences, a carriage
/// return and a right-to-left override, and a score cell holding 5,000
/// characters: what the terminal shows has none of the controls, and the
/// long text is quoted cut short.
#[test]
fn the_terminal_never_receives_control_characters_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let rules_text = common::rules_with_units(1);
    let rules = Rules::parse(&rules_text, "r.toml").unwrap();
    std::fs::write(dir.path().join("quy-dinh.toml"), &rules_text).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Tự chấm\u{7}").unwrap();
    ws.write(0, 1, "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2024\u{1b}[2J\r")
        .unwrap();
    ws.write(1, 1, format!("Đơn vị: {}", rules.units[0].name))
        .unwrap();
    for (c, h) in ["STT", "Nội dung tiêu chí", "Điểm chuẩn", "Điểm tự chấm"]
        .iter()
        .enumerate()
    {
        ws.write(3, c as u16, *h).unwrap();
    }
    let long = format!("\u{202E}{}", "đạt ".repeat(1250));
    for (k, c) in rules.criteria.iter().enumerate() {
        let row = 4 + k as u32;
        ws.write(row, 0, c.label.as_str()).unwrap();
        ws.write(row, 1, c.title.as_str()).unwrap();
        if let Some(m) = c.max {
            ws.write(row, 2, m.to_f64()).unwrap();
        }
        if c.is_leaf() && c.max.is_some() {
            if k == 1 {
                ws.write(row, 3, long.as_str()).unwrap();
            } else {
                ws.write(row, 3, 0.0).unwrap();
            }
        }
    }
    wb.save(dir.path().join("bang\u{7}.xlsx")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let shown = String::from_utf8_lossy(&out.stdout);
    for bad in ['\u{1b}', '\r', '\u{7}', '\u{202E}'] {
        assert!(
            !shown.contains(bad),
            "{bad:?} reached the terminal:\n{shown}"
        );
    }
    let not_number = shown
        .lines()
        .find(|l| l.contains("score-not-number"))
        .expect("the long text is not a number");
    assert!(not_number.chars().count() < 600, "{not_number}");
    assert!(not_number.contains("đạt đạt"), "{not_number}");
    assert!(shown.contains("year-mismatch"), "{shown}");
}

/// Only regular files are read from a folder: a named pipe called like a
/// workbook would block the run for ever.
#[cfg(unix)]
#[test]
fn a_named_pipe_in_the_folder_is_passed_over() {
    let dir = one_unit_bloc();
    let fifo = dir.path().join("ong-dan.xlsx");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .arg("check")
        .arg("--json")
        .arg(dir.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let skipped =
        report["issues"].as_array().unwrap().iter().any(|i| {
            i["code"] == "file-skipped" && i["file"].as_str().unwrap().contains("ong-dan")
        });
    assert!(skipped, "{report}");
    // Named on the command line, it stops the run with a message.
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["check", "--rules"])
        .arg(dir.path().join("quy-dinh.toml"))
        .arg(&fifo)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// A sheet past the cell limit is named, with the limit written the
/// Vietnamese way ("2.000.000", not "2000000"), and the file's other
/// sheet is still read.
#[test]
fn a_sheet_past_the_cell_limit_is_told_with_the_limit_in_vietnamese() {
    let dir = one_unit_bloc();
    std::fs::copy(
        common::root().join("tests/fixtures/read/huge_box.xlsx"),
        dir.path().join("huge_box.xlsx"),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .arg("check")
        .arg("--json")
        .arg(dir.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let told = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "unreadable-file" && i["sheet"] == "Rộng")
        .unwrap_or_else(|| panic!("{report}"));
    let message = told["message"].as_str().unwrap();
    assert!(message.contains("hơn 2.000.000 ô"), "{message}");
}

/// A folder holding the rules of a bloc of one generated unit.
fn one_unit_bloc() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("quy-dinh.toml"),
        common::rules_with_units(1),
    )
    .unwrap();
    dir
}
