//! `thidua ballots` on the sample bloc: one sheet per award, candidates in
//! rank order with totals, the hidden key column the count reads, and the
//! Vietnamese listing on the terminal.

mod common;

use std::process::Command;

#[test]
fn ballots_for_the_sample_bloc() {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("phiếu bầu.xlsx");
    let run = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .env("THIDUA_IN_PROCESS", "1")
        .arg("ballots")
        .arg("-o")
        .arg(&path)
        .arg(common::sample_dir())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.code().is_some_and(|c| c < 2), "{run:?}");
    assert!(
        stdout.contains(
            "Phiếu 3: Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh\n  3 đơn vị đề cử, 3 suất"
        ),
        "{stdout}"
    );
    for line in stdout
        .lines()
        .filter(|l| l.starts_with("Phiếu ") || l.starts_with("  - ") || l.contains("đề cử"))
    {
        assert!(line.chars().count() <= 100, "{line}");
    }
    let sheets = common::workbook_cells(&std::fs::read(&path).unwrap());
    let names: Vec<&str> = sheets.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(names, ["Phiếu 1", "Phiếu 2", "Phiếu 3"]);
    let (_, rows) = &sheets[2];
    let header = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("STT"))
        .expect("header row");
    assert_eq!(
        rows[header],
        [
            "STT",
            "Tên đơn vị",
            "Tổng điểm",
            "Xếp hạng",
            "Ghi chú",
            "Đồng ý (x)",
            "phieu-bau:3/3"
        ]
    );
    let names: Vec<(&str, &str, &str)> = rows[header + 1..header + 4]
        .iter()
        .map(|r| (r[1].as_str(), r[2].as_str(), r[6].as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Sở Văn hóa, Thể thao và Du lịch", "93.5", "SVHTTDL"),
            ("Sở Khoa học và Công nghệ", "91", "SKHCN"),
            ("Bảo hiểm xã hội tỉnh Quảng Ngãi", "91", "BHXH"),
        ]
    );
    assert!(
        rows[..header]
            .iter()
            .flatten()
            .any(|c| c == "PHIẾU BẦU SUY TÔN")
    );
}
