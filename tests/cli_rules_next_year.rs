//! `thidua rules next-year` end to end: the sample bloc's rules and the
//! commented template (and the sample saved as Windows Notepad does, with
//! a BOM and CRLF) turned into next year's; the file written loads, its
//! year is one more, the roles are the ones asked for, criteria, units,
//! awards and vote rules are the input's value by value, and every comment
//! and line of the input not about the year or a role is still there.
//! Then the errors: a unit that is not in the bloc, one unit twice, no
//! head, an existing output.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use thidua::rules::{Role, Rules};

fn next_year(rules: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["rules", "next-year", "--rules"])
        .arg(rules)
        .args(args)
        .output()
        .unwrap()
}

fn copy_into(dir: &Path, from: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(from, &to).unwrap();
    to
}

/// The ids holding `role`, in rules order.
fn ids(rules: &Rules, role: Role) -> Vec<&str> {
    rules
        .units
        .iter()
        .filter(|u| u.role == role)
        .map(|u| u.id.as_str())
        .collect()
}

/// `new` is `old` for next year: everything but the year and the roles
/// the same, value by value.
fn same_but_year_and_roles(old: &Rules, new: &Rules) {
    assert_eq!(new.bloc.year, old.bloc.year + 1);
    assert_eq!(new.bloc.name, old.bloc.name);
    assert_eq!(new.bloc.period, old.bloc.period);
    assert_eq!(new.bloc.province, old.bloc.province);
    assert_eq!(new.bloc.scale, old.bloc.scale);
    assert_eq!(new.criteria.len(), old.criteria.len());
    for (a, b) in old.criteria.iter().zip(&new.criteria) {
        assert_eq!(a.code, b.code);
        assert_eq!(a.title, b.title, "{}", a.code);
        assert_eq!(a.max, b.max, "{}", a.code);
        assert_eq!(a.kind, b.kind, "{}", a.code);
        assert_eq!(a.levels, b.levels, "{}", a.code);
        assert_eq!(a.label, b.label, "{}", a.code);
        assert_eq!(a.parent, b.parent, "{}", a.code);
        assert_eq!(a.children, b.children, "{}", a.code);
    }
    assert_eq!(new.units.len(), old.units.len());
    for (a, b) in old.units.iter().zip(&new.units) {
        assert_eq!((&a.id, &a.name, &a.aliases), (&b.id, &b.name, &b.aliases));
    }
    assert_eq!(new.awards.len(), old.awards.len());
    for (a, b) in old.awards.iter().zip(&new.awards) {
        assert_eq!(a.name, b.name);
        assert_eq!(a.quota, b.quota, "{}", a.name);
        assert_eq!(a.min_total, b.min_total, "{}", a.name);
        assert_eq!(a.no_deduction, b.no_deduction, "{}", a.name);
        assert_eq!(a.threshold, b.threshold, "{}", a.name);
        assert_eq!(a.ticks, b.ticks, "{}", a.name);
    }
    assert_eq!(new.tie_break, old.tie_break);
    assert_eq!(new.vote, old.vote);
}

/// The input's lines that the edit leaves alone (not the year, not a
/// role) are the output's, in order; every comment line is kept (the
/// title's year aside).
fn layout_kept(old: &str, new: &str, year: i32) {
    let kept = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.starts_with("year =") && !l.starts_with("role ="))
            .map(|l| l.replace(&format!("năm {}", year + 1), &format!("năm {year}")))
            .collect()
    };
    assert_eq!(kept(old), kept(new));
    let comments = old.lines().filter(|l| l.trim_start().starts_with('#'));
    assert!(comments.count() > 0);
}

#[test]
fn the_sample_bloc_for_next_year() {
    let dir = tempfile::tempdir().unwrap();
    let input = copy_into(
        dir.path(),
        &common::sample_dir().join("quy-dinh.toml"),
        "quy-dinh.toml",
    );
    let run = next_year(
        &input,
        &[
            "--head",
            "Sở GDĐT",
            "--deputy",
            "SVHTTDL",
            "--deputy",
            "sở khoa học và công nghệ",
        ],
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let output = dir.path().join("quy-dinh-2026.toml");
    assert!(
        stdout.contains("Đã soạn tệp quy định năm 2026:"),
        "{stdout}"
    );
    assert!(stdout.contains("Năm: 2025 → 2026."), "{stdout}");
    assert!(
        stdout.contains("Trưởng khối: Sở Y tế → Sở Giáo dục và Đào tạo."),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "Phó khối: Sở Giáo dục và Đào tạo → Sở Văn hóa, Thể thao và Du lịch; Sở Khoa học và Công nghệ."
        ),
        "{stdout}"
    );
    assert!(stdout.contains("Tiêu đề ở dòng 1"), "{stdout}");

    let old = Rules::load(&input).unwrap();
    let new = Rules::load(&output).unwrap();
    same_but_year_and_roles(&old, &new);
    assert_eq!(ids(&new, Role::Head), ["SGDDT"]);
    assert_eq!(ids(&new, Role::Deputy), ["SVHTTDL", "SKHCN"]);

    let (old_text, new_text) = (
        std::fs::read_to_string(&input).unwrap(),
        std::fs::read_to_string(&output).unwrap(),
    );
    layout_kept(&old_text, &new_text, 2025);
    assert!(new_text.starts_with("# Quy định chấm điểm thi đua năm 2026 — Khối thi đua"));
    // The input is untouched.
    assert_eq!(
        old_text,
        std::fs::read_to_string(common::sample_dir().join("quy-dinh.toml")).unwrap()
    );
}

#[test]
fn the_commented_template_keeps_its_comments() {
    let dir = tempfile::tempdir().unwrap();
    let template = common::root().join("templates/quy-dinh-mau.toml");
    let output = dir.path().join("nam-sau.toml");
    let run = next_year(
        &template,
        &["--head", "SNV", "-o", output.to_str().unwrap()],
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    // The template's usage note names a file with the year: listed, not changed.
    assert!(
        stdout.contains("Các dòng còn ghi năm 2025, chương trình không tự sửa"),
        "{stdout}"
    );
    assert!(stdout.contains("ví dụ quy-dinh-2025.toml"), "{stdout}");
    let old = Rules::load(&template).unwrap();
    let new = Rules::load(&output).unwrap();
    same_but_year_and_roles(&old, &new);
    assert_eq!(ids(&new, Role::Head), ["SNV"]);
    assert!(ids(&new, Role::Deputy).is_empty());
    let (old_text, new_text) = (
        std::fs::read_to_string(&template).unwrap(),
        std::fs::read_to_string(&output).unwrap(),
    );
    layout_kept(&old_text, &new_text, 2025);
    for comment in old_text.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(new_text.contains(comment), "comment lost: {comment}");
    }
}

#[test]
fn a_notepad_file_stays_a_notepad_file() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string(common::sample_dir().join("quy-dinh.toml")).unwrap();
    let input = dir.path().join("quy-dinh-2025.toml");
    std::fs::write(&input, format!("\u{FEFF}{}", sample.replace('\n', "\r\n"))).unwrap();
    let run = next_year(&input, &["--head", "BHXH", "--deputy", "Sở Y tế"]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let written = std::fs::read_to_string(dir.path().join("quy-dinh-2026.toml")).unwrap();
    assert!(written.starts_with('\u{FEFF}'));
    assert_eq!(
        written.matches('\n').count(),
        written.matches("\r\n").count()
    );
    let new = Rules::load(&dir.path().join("quy-dinh-2026.toml")).unwrap();
    assert_eq!(ids(&new, Role::Head), ["BHXH"]);
    assert_eq!(ids(&new, Role::Deputy), ["SYT"]);
}

#[test]
fn wrong_units_and_existing_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = copy_into(
        dir.path(),
        &common::sample_dir().join("quy-dinh.toml"),
        "quy-dinh.toml",
    );
    let output = dir.path().join("quy-dinh-2026.toml");
    for (args, says) in [
        (
            vec!["--head", "Sở Công Thương"],
            "--head Sở Công Thương: không có đơn vị nào có mã hay tên \"Sở Công Thương\"",
        ),
        (
            vec!["--head", "SYT", "--deputy", "KHONGCO"],
            "--deputy KHONGCO: không có đơn vị nào",
        ),
        (
            vec!["--head", "SYT", "--deputy", "Sở Y tế tỉnh Quảng Ngãi"],
            "một đơn vị không vừa là Trưởng khối vừa là Phó khối",
        ),
        (
            vec!["--head", "SYT", "--deputy", "SGDDT", "--deputy", "Sở GD&ĐT"],
            "được ghi hai lần ở --deputy",
        ),
        (vec!["--deputy", "SGDDT"], "thiếu --head"),
    ] {
        let run = next_year(&input, &args);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {run:?}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(stderr.contains("quy-dinh.toml"), "{args:?}: {stderr}");
        assert!(!output.exists(), "{args:?}");
    }

    // An existing output is kept unless --force says otherwise.
    std::fs::write(&output, "# bản của cán bộ\n").unwrap();
    let run = next_year(&input, &["--head", "SGDDT"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{run:?}");
    assert!(stderr.contains("đã có, chưa ghi gì"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "# bản của cán bộ\n"
    );
    let run = next_year(&input, &["--head", "SGDDT", "--force"]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    assert_eq!(Rules::load(&output).unwrap().bloc.year, 2026);

    // Never over this year's file, even with --force.
    let run = next_year(
        &input,
        &["--head", "SGDDT", "--force", "-o", input.to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(2), "{run:?}");
    assert_eq!(Rules::load(&input).unwrap().bloc.year, 2025);
}
