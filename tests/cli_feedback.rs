//! `--feedback DIR`: one phiếu phản hồi per submitted file, read back with
//! calamine and compared with the JSON report value by value — every
//! finding about the file listed, the scores as read, and the cells they
//! came from pointing at the cells of the unit's own workbook.

mod common;

use calamine::{Data, DataType, Reader, open_workbook_auto};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `consolidate` on `inputs` with `--feedback`: the report and the phiếu
/// written, by file name.
fn run(inputs: &Path, out: &Path) -> (Value, BTreeMap<String, PathBuf>) {
    let json = out.join("bao-cao.json");
    let dir = out.join("phieu");
    let status = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .arg("consolidate")
        .arg(inputs)
        .arg("-o")
        .arg(out.join("tong-hop.xlsx"))
        .arg("--json")
        .arg(&json)
        .arg("--feedback")
        .arg(&dir)
        .output()
        .expect("run thidua");
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert!(status.status.code().is_some_and(|c| c < 2), "{status:?}");
    assert!(stdout.contains("phiếu phản hồi"), "{stdout}");
    let report = serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    let written = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (p.file_name().unwrap().to_string_lossy().into_owned(), p)
        })
        .collect();
    (report, written)
}

/// A phiếu as read back: the criteria table and the findings table.
#[derive(Debug, PartialEq)]
struct Phieu {
    text: Vec<String>,
    /// Code → (self, self cell, reviewed, reviewed cell, counted).
    rows: BTreeMap<String, (Data, String, Data, String, Data)>,
    /// (message, severity, place, code), in order.
    findings: Vec<(String, String, String, String)>,
    /// Code → the lines under its row: what the unit wrote beside the
    /// score ("Ghi chú: … (ô F12)").
    notes: BTreeMap<String, Vec<String>>,
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn read_phieu(path: &Path) -> Phieu {
    let mut book = open_workbook_auto(path).expect("a phiếu");
    assert_eq!(book.sheet_names(), ["Phiếu phản hồi"]);
    let range = book.worksheet_range("Phiếu phản hồi").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let at = |r: &Vec<Data>, c: usize| r.get(c).cloned().unwrap_or(Data::Empty);
    let text = rows.iter().map(|r| cell_text(&at(r, 0))).collect();
    let header = rows
        .iter()
        .position(|r| cell_text(&at(r, 0)) == "Mã" && cell_text(&at(r, 1)) == "Tiêu chí")
        .expect("the criteria table");
    let mut table = BTreeMap::new();
    let mut notes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut last = String::new();
    let mut i = header + 1;
    while i < rows.len()
        && !cell_text(&at(&rows[i], 0)).starts_with("Tổng điểm")
        && !(cell_text(&at(&rows[i], 0)).is_empty() && cell_text(&at(&rows[i], 1)).is_empty())
    {
        let r = &rows[i];
        if cell_text(&at(r, 0)).is_empty() {
            notes
                .entry(last.clone())
                .or_default()
                .push(cell_text(&at(r, 1)));
            i += 1;
            continue;
        }
        last = cell_text(&at(r, 0));
        table.insert(
            cell_text(&at(r, 0)),
            (
                at(r, 3),
                cell_text(&at(r, 4)),
                at(r, 5),
                cell_text(&at(r, 6)),
                at(r, 7),
            ),
        );
        i += 1;
    }
    let mut findings = Vec::new();
    if let Some(h) = rows.iter().position(|r| cell_text(&at(r, 0)) == "STT") {
        for r in &rows[h + 1..] {
            if !matches!(at(r, 0), Data::Float(_) | Data::Int(_)) {
                break;
            }
            findings.push((
                cell_text(&at(r, 1)),
                cell_text(&at(r, 2)),
                cell_text(&at(r, 3)),
                cell_text(&at(r, 5)),
            ));
        }
    }
    Phieu {
        text,
        rows: table,
        findings,
        notes,
    }
}

fn base(file: &str) -> &str {
    file.rsplit(['/', '\\']).next().unwrap()
}

/// The phiếu of `file` among those written.
fn phieu_of<'a>(written: &'a BTreeMap<String, PathBuf>, report: &Value, file: &str) -> &'a Path {
    let source = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["file"] == file)
        .unwrap();
    let stem = base(file).rsplit_once('.').unwrap().0;
    let unit = source["unit"].as_str().unwrap_or("chưa rõ đơn vị");
    let want = format!("Phiếu phản hồi - {unit} - {stem}.xlsx");
    written
        .iter()
        .find(|(name, _)| thidua::text::clean(name) == thidua::text::clean(&want))
        .map(|(_, p)| p.as_path())
        .unwrap_or_else(|| panic!("no phiếu {want} among {:?}", written.keys()))
}

fn severity(s: &Value) -> &'static str {
    match s.as_str().unwrap() {
        "error" => "Lỗi",
        "warning" => "Cảnh báo",
        _ => "Thông tin",
    }
}

/// Every finding of the report about each file is on its phiếu, in order,
/// with its severity, place and code.
fn every_finding_is_listed(report: &Value, written: &BTreeMap<String, PathBuf>) -> usize {
    let mut listed = 0;
    for source in report["sources"].as_array().unwrap() {
        let file = source["file"].as_str().unwrap();
        let phieu = read_phieu(phieu_of(written, report, file));
        let want: Vec<(String, String, String, String)> = report["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["file"] == file)
            .map(|i| {
                let place = [
                    i["cell"].as_str().map(|c| format!("ô {c}")),
                    i["criterion"].as_str().map(|c| format!("tiêu chí {c}")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
                (
                    i["message"].as_str().unwrap().to_string(),
                    severity(&i["severity"]).to_string(),
                    place,
                    i["code"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(phieu.findings, want, "{file}");
        listed += want.len();
    }
    listed
}

#[test]
fn sample_bloc_phieu_list_every_finding_and_the_scores_with_their_cells() {
    let out = tempfile::tempdir().unwrap();
    let (report, written) = run(&common::sample_dir(), out.path());
    let sources = report["sources"].as_array().unwrap();
    assert_eq!(written.len(), sources.len());
    assert_eq!(written.len(), 8);
    let listed = every_finding_is_listed(&report, &written);
    assert!(listed >= 8, "the planted mistakes are listed ({listed})");

    let mut cells_checked = 0;
    let mut notes_checked = 0;
    for unit in report["units"].as_array().unwrap() {
        let Some(file) = unit["file"].as_str() else {
            continue;
        };
        let phieu = read_phieu(phieu_of(&written, &report, file));
        assert!(
            phieu
                .text
                .iter()
                .any(|t| t.contains("đã được dùng để tổng hợp")),
            "{file}: {:?}",
            phieu.text
        );
        // The source workbook, to check the cells named.
        let source = sources.iter().find(|s| s["file"] == file).unwrap();
        let mut book = open_workbook_auto(file).unwrap();
        let sheet = book
            .worksheet_range(source["sheet"].as_str().unwrap())
            .unwrap();
        for (code, pair) in unit["scores"].as_object().unwrap() {
            let Some((got_self, self_cell, _, _, counted)) = phieu.rows.get(code) else {
                continue;
            };
            let leaf = !unit["scores"]
                .as_object()
                .unwrap()
                .keys()
                .any(|k| k.starts_with(&format!("{code}.")));
            if leaf {
                // The value as submitted, from the cell named.
                match pair["self"].as_f64() {
                    Some(v) => {
                        assert_eq!(got_self.as_f64(), Some(v), "{file} {code}");
                        let (row, col) = a1(self_cell);
                        let cell = sheet.get_value((row, col)).cloned().unwrap_or(Data::Empty);
                        let typed = cell
                            .as_f64()
                            .or_else(|| cell_text(&cell).trim().replace(',', ".").parse().ok());
                        // Deductions are reported as positive amounts, whatever the sign typed.
                        assert_eq!(
                            typed.map(f64::abs),
                            Some(v),
                            "{file} {code} at {self_cell}: {cell:?}"
                        );
                        cells_checked += 1;
                    }
                    None => assert_eq!(*got_self, Data::Empty, "{file} {code}"),
                }
            } else if let Some(v) = pair["reviewed"].as_f64().or(pair["self"].as_f64()) {
                assert_eq!(counted.as_f64(), Some(v), "{file} {code} counted");
            }
        }
        // What the unit wrote beside its scores, each line from the cell it names.
        for lines in phieu.notes.values() {
            for line in lines {
                let (_, rest) = line.split_once(": ").expect("column: text");
                let (text, place) = rest.rsplit_once(" (ô ").expect("(ô A1)");
                let (row, col) = a1(place.trim_end_matches(')'));
                let cell = sheet.get_value((row, col)).cloned().unwrap_or(Data::Empty);
                // A legacy-encoded sheet's cell, decoded as the sheet is.
                let typed = cell_text(&cell);
                let typed = source["encoding"]
                    .as_str()
                    .and_then(thidua::text::Encoding::parse)
                    .and_then(|e| thidua::text::decode(&typed, e, false))
                    .unwrap_or(typed);
                assert_eq!(thidua::text::clean(&typed), text, "{file}: {line}");
                notes_checked += 1;
            }
        }
    }
    println!(
        "{listed} findings listed, {cells_checked} source cells checked, {notes_checked} notes checked"
    );
    assert!(cells_checked > 100, "{cells_checked} cells checked");
    assert!(notes_checked >= 10, "{notes_checked} notes checked");
}

/// "D12" → (row, col), zero-based.
fn a1(cell: &str) -> (u32, u32) {
    let letters: String = cell
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let digits = &cell[letters.len()..];
    let col = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    (digits.parse::<u32>().unwrap() - 1, col)
}

#[test]
fn edge_bloc_has_a_phieu_for_every_file_with_every_finding() {
    let out = tempfile::tempdir().unwrap();
    let fixture = common::root().join("tests/fixtures/edge");
    let (report, written) = run(&fixture, out.path());
    let sources = report["sources"].as_array().unwrap();
    assert_eq!(written.len(), sources.len(), "{:?}", written.keys());
    let listed = every_finding_is_listed(&report, &written);
    let with_file = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| sources.iter().any(|s| s["file"] == i["file"]))
        .count();
    assert_eq!(listed, with_file);
}

#[test]
fn the_same_inputs_give_the_same_phieu() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let (_, first) = run(&common::sample_dir(), a.path());
    let (_, second) = run(&common::sample_dir(), b.path());
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (name, path) in &first {
        let one = common::workbook_cells(&std::fs::read(path).unwrap());
        let two = common::workbook_cells(&std::fs::read(&second[name]).unwrap());
        assert_eq!(one, two, "{name}");
    }
}
