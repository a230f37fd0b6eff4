//! The rules file's errors as an officer reads them: ten typical mistakes
//! (tests/fixtures/rules/muoi-loi.toml) reported all at once, in
//! Vietnamese, each with its line and column, compared in full with
//! tests/expected/muoi-loi.txt. Set THIDUA_BLESS=1 to rewrite that file
//! after a deliberate change of wording.

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn ten_typical_mistakes_are_reported_at_once_with_lines() {
    let dir = root().join("tests/fixtures/rules");
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .current_dir(&dir)
        .args(["check", "--rules", "muoi-loi.toml", "."])
        .env("THIDUA_IN_PROCESS", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "could not run: exit code 2");
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap().replace("\r\n", "\n");
    let expected_path = root().join("tests/expected/muoi-loi.txt");
    if std::env::var_os("THIDUA_BLESS").is_some() {
        std::fs::write(&expected_path, &stderr).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path)
        .unwrap()
        .replace("\r\n", "\n");
    assert_eq!(stderr, expected, "output:\n{stderr}");
    assert!(stderr.contains("có 10 lỗi"));
    for line in stderr.lines().skip(1) {
        assert!(
            line.starts_with("  - dòng "),
            "every problem has a line: {line}"
        );
    }
}

#[test]
fn a_syntax_error_does_not_hide_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(root().join("tests/fixtures/rules/muoi-loi.toml"))
        .unwrap()
        .replace("share = 0.5", "")
        .replace("count = 1", "count = 1\nshare = 0,5");
    std::fs::write(dir.path().join("q.toml"), source).unwrap();
    let e = thidua::rules::Rules::load(&dir.path().join("q.toml")).unwrap_err();
    let messages: Vec<String> = e.problems.iter().map(|p| p.to_string()).collect();
    assert!(
        messages.iter().any(|m| m.contains("ghi 0.5 thay cho 0,5")),
        "{messages:#?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("\"bonnus\"")),
        "{messages:#?}"
    );
}
