//! The secretary's count sheet (bảng kiểm phiếu) end to end: `thidua
//! ballots` on the sample bloc (Bằng khen set to two places, two units tied
//! at its cut-off) writes it beside the ballots; scripts/fill_count_sheet.py
//! types the figures with openpyxl, case by case (every award, a mistake
//! per finding, nothing typed, two sheets), and counts them on its own (its
//! oracle shares no code with thidua); `thidua tally --json` must agree
//! figure by figure and finding by finding (code, file, cell). The sheet
//! beside the voters' ballot files (scripts/fill_ballots.py) sets their
//! ballots for the same awards aside and counts the others from them.
//! Skipped, saying so, when python3 with openpyxl is not installed.

mod common;

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// The filled cases and the voters' ballots, made once for every test.
struct Filled {
    _dir: tempfile::TempDir,
    rules: PathBuf,
    /// One folder per case, and oracle.json.
    cases: PathBuf,
    /// The voters' ballot files (fill_ballots.py) and their oracle.json.
    ballots: PathBuf,
}

fn filled() -> Option<&'static Filled> {
    static FILLED: OnceLock<Option<Filled>> = OnceLock::new();
    FILLED
        .get_or_init(|| {
            if !common::openpyxl_or_skip("tests/cli_count_sheet.rs") {
                return None;
            }
            let dir = tempfile::tempdir().unwrap();
            let bloc = common::sample_bloc_with_two_commendations(dir.path());
            let ballots = common::filled_ballots(dir.path(), &bloc);
            let blank = dir.path().join("phieu-bau - kiểm phiếu.xlsx");
            assert!(blank.is_file(), "thidua ballots writes the count sheet");
            let cases = dir.path().join("kiem-phieu");
            let fill = Command::new("python3")
                .arg(common::root().join("scripts/fill_count_sheet.py"))
                .arg(&blank)
                .arg(&cases)
                .output()
                .unwrap();
            assert!(fill.status.success(), "{fill:?}");
            Some(Filled {
                rules: bloc.join("quy-dinh.toml"),
                _dir: dir,
                cases,
                ballots,
            })
        })
        .as_ref()
}

fn oracle(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path.join("oracle.json")).unwrap()).unwrap()
}

/// `thidua tally --json` over `inputs`: its exit code, stdout and JSON.
fn tally(f: &Filled, inputs: &[PathBuf]) -> (Option<i32>, String, Value) {
    let json = f.cases.join(format!(
        "{}.json",
        inputs[0].file_name().unwrap().to_string_lossy()
    ));
    let run = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["tally", "--rules"])
        .arg(&f.rules)
        .arg("--json")
        .arg(&json)
        .args(inputs)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    let got = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    (run.status.code(), stdout, got)
}

const FIGURES: [&str; 5] = ["places", "issued", "returned", "valid", "invalid"];

/// A case whose count sheet has mistakes: exactly the oracle's findings,
/// every one with its message, and the awards they touch not counted.
fn mistakes(case: &str) -> Value {
    let Some(f) = filled() else {
        return Value::Null;
    };
    let (code, stdout, got) = tally(f, &[f.cases.join(case)]);
    assert_eq!(code, Some(1), "{stdout}");
    let mut want = common::oracle_findings(&oracle(&f.cases)["cases"][case]);
    want.sort();
    assert!(!want.is_empty());
    let mut found = common::vote_findings(&got, "count-");
    found.sort();
    assert_eq!(found, want, "{stdout}");
    for issue in got["issues"].as_array().unwrap() {
        let message = issue["message"].as_str().unwrap();
        assert!(!message.is_empty() && !message.contains('{'), "{message}");
    }
    assert!(stdout.contains("chưa kiểm phiếu được"), "{stdout}");
    got
}

#[test]
fn count_sheet_matches_the_oracle() {
    let Some(f) = filled() else { return };
    let (code, stdout, got) = tally(f, &[f.cases.join("du")]);
    // The tie at the Bằng khen's last place is left to a new vote.
    assert_eq!(code, Some(1), "{stdout}");
    let want = oracle(&f.cases);
    let (got_awards, want_awards) = (
        got["awards"].as_array().unwrap(),
        want["awards"].as_array().unwrap(),
    );
    assert_eq!(got_awards.len(), want_awards.len());
    for (g, w) in got_awards.iter().zip(want_awards) {
        common::assert_vote_award(g, w, &FIGURES);
    }
    let codes: Vec<String> = common::vote_findings(&got, "")
        .into_iter()
        .map(|(code, ..)| code)
        .collect();
    assert_eq!(codes, ["vote-tie"]);
    assert!(
        stdout.contains("Phát ra 9, thu về 9, hợp lệ 7, không hợp lệ 2."),
        "{stdout}"
    );
}

#[test]
fn count_sheet_beside_ballots_sets_the_ballots_aside() {
    let Some(f) = filled() else { return };
    let (_, stdout, got) = tally(f, &[f.cases.join("mot-phan"), f.ballots.clone()]);
    let sheet = oracle(&f.cases);
    let ballots = oracle(&f.ballots);
    let got_awards = got["awards"].as_array().unwrap();
    assert_eq!(got_awards.len(), 3, "{stdout}");
    // Awards 1 and 3 from the count sheet, award 2 from the voters' files.
    common::assert_vote_award(&got_awards[0], &sheet["awards"][0], &FIGURES);
    common::assert_vote_award(&got_awards[1], &ballots["awards"][1], &FIGURES[..4]);
    common::assert_vote_award(&got_awards[2], &sheet["awards"][2], &FIGURES);
    // Every voter's ballot for awards 1 and 3 set aside, named.
    let aside: Vec<(String, String)> = got["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "count-sheet-and-ballots")
        .map(|i| {
            (
                common::base(i["file"].as_str().unwrap()),
                i["sheet"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut want: Vec<(String, String)> = (1..=9)
        .flat_map(|v| ["Phiếu 1", "Phiếu 3"].map(|s| (format!("phieu-{v:02}.xlsx"), s.to_string())))
        .collect();
    want.sort();
    let mut aside_sorted = aside.clone();
    aside_sorted.sort();
    assert_eq!(aside_sorted, want, "{stdout}");
    assert!(common::vote_findings(&got, "count-sheet-blank").is_empty());
}

#[test]
fn figure_not_a_whole_number() {
    mistakes("khong-phai-so");
}

#[test]
fn figure_left_blank() {
    let got = mistakes("o-trong");
    if got.is_null() {
        return;
    }
    // Award 2 was typed in full: it is counted.
    let awards = got["awards"].as_array().unwrap();
    assert_eq!(awards.len(), 1);
    assert_eq!(awards[0]["returned"], 8);
}

#[test]
fn invalid_over_returned() {
    mistakes("khong-hop-le-qua");
}

#[test]
fn returned_over_issued() {
    mistakes("thu-ve-qua");
}

#[test]
fn agree_over_valid() {
    mistakes("dong-y-qua");
}

#[test]
fn blank_count_sheet_is_reported_not_zero() {
    let got = mistakes("trong");
    if !got.is_null() {
        assert!(got["awards"].as_array().unwrap().is_empty());
    }
}

#[test]
fn two_count_sheets_for_one_award() {
    let got = mistakes("hai-bang");
    if !got.is_null() {
        assert!(got["awards"].as_array().unwrap().is_empty());
    }
}

#[test]
fn documents_take_their_figures_from_the_count_sheet() {
    let Some(f) = filled() else { return };
    let out = f.cases.join("ho-so");
    let run = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["documents", "--ballots"])
        .arg(f.cases.join("du"))
        .arg("-o")
        .arg(&out)
        .arg(f.rules.parent().unwrap())
        .output()
        .unwrap();
    // Written; the tie keeps the exit at 1.
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let minutes = common::zip_part(&out.join("bien-ban-hop-binh-xet.docx"), "word/document.xml");
    for award in oracle(&f.cases)["awards"].as_array().unwrap() {
        let line = format!(
            "Số phiếu phát ra: {}; số phiếu thu về: {}; số phiếu hợp lệ: {}; số phiếu không hợp lệ: {}.",
            award["issued"], award["returned"], award["valid"], award["invalid"]
        );
        assert!(minutes.contains(&line), "{line}");
    }
}

#[test]
fn count_sheet_resaved_by_libreoffice_counts_the_same() {
    let Some(f) = filled() else { return };
    if !common::tools::Tool::Soffice.present() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs LibreOffice for tests/cli_count_sheet.rs"
        );
        eprintln!("bỏ qua: cần LibreOffice (soffice)");
        return;
    }
    let typed = f.cases.join("du").join("kiem-phieu.xlsx");
    let profile = tempfile::tempdir().unwrap();
    let want = oracle(&f.cases);
    for (to, ext) in [("xlsx:Calc MS Excel 2007 XML", "xlsx"), ("ods", "ods")] {
        let out = f.cases.join(format!("libreoffice-{ext}"));
        common::soffice_convert(&typed, to, ext, &out, profile.path());
        let (_, stdout, got) = tally(f, &[out]);
        let awards = got["awards"].as_array().unwrap();
        assert_eq!(awards.len(), 3, "{ext}: {stdout}");
        for (g, w) in awards.iter().zip(want["awards"].as_array().unwrap()) {
            common::assert_vote_award(g, w, &FIGURES);
        }
    }
}

#[test]
fn count_sheet_is_signed_by_the_counting_committee() {
    let dir = tempfile::tempdir().unwrap();
    let bloc = common::sample_bloc_with_two_commendations(dir.path());
    let blank = dir.path().join("phieu-bau.xlsx");
    let run = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .env("THIDUA_IN_PROCESS", "1")
        .args(["ballots", "-o"])
        .arg(&blank)
        .arg(&bloc)
        .output()
        .unwrap();
    assert!(run.status.code().is_some_and(|c| c < 2), "{run:?}");
    let bytes = std::fs::read(dir.path().join("phieu-bau - kiểm phiếu.xlsx")).unwrap();
    let sheets = common::workbook_cells(&bytes);
    let [(name, rows)] = sheets.as_slice() else {
        panic!("one sheet: {sheets:?}");
    };
    assert_eq!(name, "Kiểm phiếu");
    let text: Vec<&str> = rows.iter().flatten().map(String::as_str).collect();
    let last_candidate = text
        .iter()
        .rposition(|t| t.contains("Bảo hiểm xã hội"))
        .unwrap();
    let left = text.iter().position(|t| *t == "THÀNH VIÊN BAN KIỂM PHIẾU");
    let right = text.iter().position(|t| *t == "TRƯỞNG BAN KIỂM PHIẾU");
    assert!(left.is_some_and(|i| i > last_candidate), "{text:?}");
    assert!(right.is_some_and(|i| i > last_candidate), "{text:?}");
    assert_eq!(
        text.iter().filter(|t| **t == "(Ký, ghi rõ họ tên)").count(),
        2
    );
    assert!(!text.iter().any(|t| t.contains("đóng dấu")), "{text:?}");
}
