//! The meeting's documents end to end: the sample bloc (Bằng khen set to
//! two places, so that two units tie at its cut-off) → `thidua ballots` →
//! the ballots filled by openpyxl and, for five of the nine voters (the
//! spoiled ballot and the added name among them), by LibreOffice Calc
//! (scripts/fill_ballots.py: a spoiled ballot, too many ticks, a name
//! added, a tie after the vote, a file that is no workbook) → `thidua documents` → the minutes and the letter read
//! back by python-docx (scripts/check_documents.py) and every figure and
//! name compared with answers made without thidua: the fill script's count
//! and the sample's answer key (tests/expected/sample-bloc.json). Then both
//! .docx printed by LibreOffice Writer: A4 PDF, at least one page.
//!
//! Programs missing → ignored, or failed under CI (tests/common/tools.rs).

mod common;

use common::tools::{self, Tool};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const DATE: &str = "20/12/2025";
const TIME: &str = "8 giờ 00";
const PLACE: &str = "Hội trường Sở Y tế";
const CHAIR: &str = "Nguyễn Văn An, Giám đốc Sở Y tế";
const SECRETARY: &str = "Trần Thị Bình";

struct Meeting {
    dir: tempfile::TempDir,
    bloc: PathBuf,
    filled: PathBuf,
    minutes: PathBuf,
    letter: PathBuf,
}

fn thidua() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_thidua"));
    c.env("THIDUA_IN_PROCESS", "1");
    c
}

/// Next year's head and deputies as the oracle test names them: by id, by
/// an alias, by a name typed in another case (ids for MEETING.json).
const NEXT_HEAD: (&str, &str) = ("SGDDT", "SGDDT");
const NEXT_DEPUTIES: [(&str, &str); 2] = [
    ("Sở VH-TT&DL", "SVHTTDL"),
    ("sở khoa học và công nghệ", "SKHCN"),
];

/// The sample bloc consolidated, its ballots filled by openpyxl and
/// counted, the documents written.
fn meeting() -> Meeting {
    meeting_with(false, &[])
}

/// As [`meeting`], with some ballots filled in LibreOffice when
/// `libreoffice`, and `extra` options on the command line.
fn meeting_with(libreoffice: bool, extra: &[&str]) -> Meeting {
    let dir = tempfile::tempdir().unwrap();
    let bloc = common::sample_bloc_with_two_commendations(dir.path());

    let uno = libreoffice.then(|| tools::uno_python().expect("a Python with uno"));
    let filled = common::filled_ballots_by(dir.path(), &bloc, uno.as_deref());

    let out = dir.path().join("ho-so");
    let run = thidua()
        .arg("documents")
        .arg("--ballots")
        .arg(&filled)
        .args(["--date", DATE, "--time", TIME, "--place", PLACE])
        .args(["--chair", CHAIR, "--secretary", SECRETARY])
        .args(extra)
        .arg("-o")
        .arg(&out)
        .arg(&bloc)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    // A tie after the vote and ballots not counted: written, exit 1.
    assert_eq!(run.status.code(), Some(1), "{stdout}\n{run:?}");
    assert!(stdout.contains("Đã ghi biên bản họp bình xét:"), "{stdout}");
    assert!(
        stdout.contains("Đã ghi tờ trình đề nghị khen thưởng:"),
        "{stdout}"
    );
    let minutes = out.join("bien-ban-hop-binh-xet.docx");
    let letter = out.join("to-trinh-de-nghi-khen-thuong.docx");
    assert!(minutes.is_file() && letter.is_file());
    Meeting {
        dir,
        bloc,
        filled,
        minutes,
        letter,
    }
}

/// scripts/check_documents.py on `m`'s documents, with `meeting` as the
/// MEETING.json; passes when every check does.
fn check_with_python(m: &Meeting, meeting: serde_json::Value) {
    let meeting_json = m.dir.path().join("meeting.json");
    std::fs::write(&meeting_json, meeting.to_string()).unwrap();
    let check = Command::new("python3")
        .arg(common::root().join("scripts/check_documents.py"))
        .arg(&m.minutes)
        .arg(&m.letter)
        .arg(m.bloc.join("quy-dinh.toml"))
        .arg(m.filled.join("oracle.json"))
        .arg(common::root().join("tests/expected/sample-bloc.json"))
        .arg(&meeting_json)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success(),
        "{said}\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(said.starts_with("ok: "), "{said}");
}

fn every_figure_matches_the_oracle() {
    let mut next = vec!["--next-head", NEXT_HEAD.0];
    for (named, _) in NEXT_DEPUTIES {
        next.extend(["--next-deputy", named]);
    }
    let m = meeting_with(true, &next);
    check_with_python(
        &m,
        serde_json::json!({
            "date": DATE, "time": TIME, "place": PLACE, "chair": CHAIR,
            "secretary": SECRETARY, "absent": [],
            "next_head": NEXT_HEAD.1,
            "next_deputies": NEXT_DEPUTIES.map(|d| d.1),
        }),
    );

    // Nine ballots came back: nobody can have been absent.
    let run = thidua()
        .args(["documents", "--absent", "SYT", "--ballots"])
        .arg(&m.filled)
        .arg("-o")
        .arg(m.dir.path().join("khong-ghi"))
        .arg(&m.bloc)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{run:?}");
    assert!(stderr.contains("chỉ có 8 đơn vị có mặt"), "{stderr}");
    assert!(!m.dir.path().join("khong-ghi").exists());
}

/// Without --next-head the minutes leave next year's head and deputies
/// as dotted blanks, as they do the other details not given.
fn next_year_roles_left_blank() {
    let m = meeting();
    check_with_python(
        &m,
        serde_json::json!({
            "date": DATE, "time": TIME, "place": PLACE, "chair": CHAIR,
            "secretary": SECRETARY, "absent": [],
        }),
    );
}

/// `documents --json` writes the JSON report with the vote: its `vote` is
/// what `thidua tally --json` gives for the same ballots, the rest what
/// `thidua consolidate --json` gives for the same submissions.
fn the_json_report_carries_the_vote() {
    let m = meeting();
    let read = |path: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let documents = m.dir.path().join("ho-so.json");
    let run = thidua()
        .args(["documents", "--json"])
        .arg(&documents)
        .arg("--ballots")
        .arg(&m.filled)
        .arg("-o")
        .arg(m.dir.path().join("ho-so-2"))
        .arg(&m.bloc)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    assert!(String::from_utf8_lossy(&run.stdout).contains("Đã ghi báo cáo JSON:"));
    let tally = m.dir.path().join("kiem-phieu.json");
    let run = thidua()
        .args(["tally", "--rules"])
        .arg(m.bloc.join("quy-dinh.toml"))
        .arg("--json")
        .arg(&tally)
        .arg(&m.filled)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let consolidated = m.dir.path().join("tong-hop.json");
    let run = thidua()
        .args(["consolidate", "-o"])
        .arg(m.dir.path().join("tong-hop.xlsx"))
        .arg("--json")
        .arg(&consolidated)
        .arg(&m.bloc)
        .output()
        .unwrap();
    assert!(run.status.code().is_some_and(|c| c < 2), "{run:?}");

    let mut report = read(&documents);
    let vote = report["vote"].take();
    assert_eq!(vote, read(&tally));
    assert!(
        vote["awards"].as_array().is_some_and(|a| a.len() == 3),
        "{vote}"
    );
    let mut consolidated = read(&consolidated);
    assert_eq!(consolidated["vote"], serde_json::Value::Null);
    consolidated["vote"] = serde_json::Value::Null;
    assert_eq!(report, consolidated);
}

fn bad_meeting_details_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    for (args, says) in [
        (
            vec!["--date", "31/02/2025"],
            "không đúng dạng NGÀY/THÁNG/NĂM",
        ),
        (
            vec!["--absent", "KHONGCO"],
            "không có đơn vị mã \"KHONGCO\"",
        ),
        (
            vec!["--next-head", "Sở Công Thương"],
            "--next-head Sở Công Thương: không có đơn vị nào có mã hay tên",
        ),
        (
            vec!["--next-head", "SYT", "--next-deputy", "Sở Y tế"],
            "--next-deputy Sở Y tế: Sở Y tế đã được ghi ở --next-head",
        ),
        (vec!["--next-deputy", "SYT"], "thiếu --next-head"),
    ] {
        let run = thidua()
            .arg("documents")
            .args(&args)
            .arg("--ballots")
            .arg(common::sample_dir())
            .arg("-o")
            .arg(dir.path().join("out"))
            .arg(common::sample_dir())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {run:?}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}

/// `soffice --headless --convert-to pdf` with a profile of its own.
fn to_pdf(file: &Path, out: &Path, profile: &Path) -> Vec<u8> {
    std::fs::read(common::soffice_convert(file, "pdf", "pdf", out, profile)).unwrap()
}

/// Each page's /MediaBox width and height, in points.
fn pages(pdf: &[u8]) -> Vec<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    let mut out = Vec::new();
    let mut rest: &str = &text;
    while let Some(at) = rest.find("/Type/Page") {
        rest = &rest[at + "/Type/Page".len()..];
        if rest.starts_with('s') {
            continue;
        }
        let object = &rest[..rest.find("endobj").unwrap_or(rest.len())];
        let start = object.find("/MediaBox").expect("/MediaBox");
        let after = &object[start + "/MediaBox".len()..];
        let n: Vec<f64> = after[after.find('[').unwrap() + 1..after.find(']').unwrap()]
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        out.push((n[2] - n[0], n[3] - n[1]));
    }
    out
}

fn documents_print_on_a4() {
    let m = meeting();
    let profile = m.dir.path().join("lo-profile");
    for doc in [&m.minutes, &m.letter] {
        let pdf = to_pdf(doc, &m.dir.path().join("pdf"), &profile);
        assert!(pdf.starts_with(b"%PDF"));
        let sizes = pages(&pdf);
        assert!(!sizes.is_empty(), "{}: no page", doc.display());
        for (w, h) in sizes {
            assert!(
                (w - 595.0).abs() < 1.0 && (h - 842.0).abs() < 1.0,
                "{}: page {w} × {h} pt is not A4 portrait",
                doc.display()
            );
        }
    }
}

fn main() -> ExitCode {
    tools::run(vec![
        (
            "every_figure_matches_the_oracle",
            &[Tool::PythonDocx, Tool::Soffice, Tool::UnoPython],
            every_figure_matches_the_oracle,
        ),
        (
            "next_year_roles_left_blank",
            &[Tool::PythonDocx],
            next_year_roles_left_blank,
        ),
        (
            "the_json_report_carries_the_vote",
            &[Tool::Openpyxl],
            the_json_report_carries_the_vote,
        ),
        (
            "bad_meeting_details_stop_the_run",
            &[],
            bad_meeting_details_stop_the_run,
        ),
        (
            "documents_print_on_a4",
            &[Tool::Openpyxl, Tool::Writer],
            documents_print_on_a4,
        ),
    ])
}
