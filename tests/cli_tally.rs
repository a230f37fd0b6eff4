//! The vote end to end: `thidua ballots` on the sample bloc (Bằng khen set
//! to two places, so that two units tie at its cut-off), the ballots filled
//! by openpyxl as nine voters would (scripts/fill_ballots.py: a spoiled
//! ballot, one with too many ticks, a name added, a tie after the vote, a
//! file that is no workbook), then `thidua tally`, checked against the
//! script's own count (its oracle, sharing no code with thidua); then the
//! same vote with five of the nine ballots filled in LibreOffice Calc
//! instead (the spoiled ballot among them), saved by LibreOffice.
//! Skipped, saying so, when python3 with openpyxl (or, for the second, a
//! Python with LibreOffice's uno bridge) is not installed; failed instead
//! under CI, which installs them.

mod common;

use std::process::Command;

fn has_openpyxl() -> bool {
    Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn tally_matches_the_oracle() {
    if !has_openpyxl() {
        // Under CI the tool must be there: .ci/run installs it.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs python3 with openpyxl for tests/cli_tally.rs"
        );
        eprintln!("bỏ qua: cần python3 và openpyxl");
        return;
    }
    tally_and_compare(None);
}

#[test]
fn tally_counts_ballots_filled_in_libreoffice() {
    let uno = common::tools::uno_python();
    let (true, Some(uno)) = (
        has_openpyxl() && common::tools::Tool::Soffice.present(),
        uno,
    ) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs python3 with openpyxl, soffice and a Python with uno for tests/cli_tally.rs"
        );
        eprintln!("bỏ qua: cần python3 với openpyxl, LibreOffice và python3-uno");
        return;
    };
    tally_and_compare(Some(&uno));
}

/// The sample vote filled (by openpyxl, and by LibreOffice for some voters
/// when `uno_python` is given), counted by `thidua tally --json` and
/// compared with the filler's oracle: figures, outcomes, and every ballot
/// not counted with its code, file and cell.
fn tally_and_compare(uno_python: Option<&str>) {
    let dir = tempfile::tempdir().unwrap();
    let bloc = common::sample_bloc_with_two_commendations(dir.path());
    let rules = bloc.join("quy-dinh.toml");

    let filled = common::filled_ballots_by(dir.path(), &bloc, uno_python);
    let oracle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(filled.join("oracle.json")).unwrap())
            .unwrap();

    let json = dir.path().join("kiem-phieu.json");
    let run = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["tally", "--rules"])
        .arg(&rules)
        .arg("--json")
        .arg(&json)
        .arg(&filled)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("Chưa quyết định (cần bỏ phiếu lại):"),
        "{stdout}"
    );
    for line in stdout.lines().filter(|l| !l.starts_with("  [")) {
        assert!(line.chars().count() <= 100, "{line}");
    }
    let got: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();

    let want_awards = oracle["awards"].as_array().unwrap();
    let got_awards = got["awards"].as_array().unwrap();
    assert_eq!(got_awards.len(), want_awards.len());
    for (g, w) in got_awards.iter().zip(want_awards) {
        for key in ["places", "issued", "returned", "valid"] {
            assert_eq!(g[key], w[key], "{key} of {}", g["award"]);
        }
        // Each candidate as (unit, votes for, outcome).
        let candidates = |award: &serde_json::Value| -> Vec<(String, u64, String)> {
            award["candidates"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    (
                        c["unit"].as_str().unwrap().to_string(),
                        c["agree"].as_u64().unwrap(),
                        c["outcome"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        };
        assert_eq!(candidates(g), candidates(w), "{}", g["award"]);
    }

    let mut got_problems: Vec<(String, String, Option<String>)> = got["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"].as_str().unwrap().starts_with("ballot-"))
        .map(|i| {
            (
                i["code"].as_str().unwrap().to_string(),
                common::base(i["file"].as_str().unwrap()),
                i["cell"].as_str().map(String::from),
            )
        })
        .collect();
    got_problems.sort_by(|a, b| (&a.1, &a.0, &a.2).cmp(&(&b.1, &b.0, &b.2)));
    let want_problems: Vec<(String, String, Option<String>)> = oracle["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
                p[2].as_str().map(String::from),
            )
        })
        .collect();
    assert_eq!(got_problems, want_problems);
    let codes: Vec<&str> = got["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"vote-tie"), "{codes:?}");
    // Every finding says where, in Vietnamese.
    for issue in got["issues"].as_array().unwrap() {
        assert!(!issue["message"].as_str().unwrap().is_empty());
    }
}
