//! Shared by integration tests and the benchmark: generated rules files and
//! submissions written with rust_xlsxwriter, the sample bloc's paths.
#![allow(dead_code)]

pub mod tools;

use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};
use thidua::rules::Rules;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample_dir() -> PathBuf {
    root().join("samples/khoi-van-hoa-xa-hoi")
}

/// `soffice --headless --norestore --convert-to <to> --outdir <out> <file>`
/// with the profile folder `profile` (parallel runs must not share one);
/// the converted file, named `<stem>.<ext>`. Panics with LibreOffice's
/// output when it fails.
#[allow(dead_code)]
pub fn soffice_convert(file: &Path, to: &str, ext: &str, out: &Path, profile: &Path) -> PathBuf {
    let output = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(out)
        .arg(file)
        .output()
        .expect("run soffice");
    let converted = out
        .join(file.file_stem().expect("stem"))
        .with_extension(ext);
    assert!(
        output.status.success() && converted.is_file(),
        "soffice failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    converted
}

/// `thidua ballots` written for `bloc` into `dir/phieu-bau.xlsx`, then
/// filled by `scripts/fill_ballots.py` (openpyxl) into `dir/phieu-da-dien`,
/// with the filler's own count in `oracle.json` there. Returns that folder.
#[allow(dead_code)]
pub fn filled_ballots(dir: &std::path::Path, bloc: &std::path::Path) -> PathBuf {
    filled_ballots_by(dir, bloc, None)
}

/// The voters whose ballots LibreOffice fills in [`filled_ballots_by`]:
/// two who tick only, the one who adds a name under the list, the one who
/// spoils two sheets (a mark in the note column, a word for the tick).
pub const LIBREOFFICE_VOTERS: &str = "2,4,6,8,9";

/// As [`filled_ballots`]; with `uno_python` (a Python with LibreOffice's
/// `uno` bridge), the ballots of [`LIBREOFFICE_VOTERS`] are then filled
/// again from the blank in LibreOffice Calc and saved by it as .xlsx, and
/// the oracle recounts the folder: two independent writers in one vote.
#[allow(dead_code)]
pub fn filled_ballots_by(
    dir: &std::path::Path,
    bloc: &std::path::Path,
    uno_python: Option<&str>,
) -> PathBuf {
    let blank = dir.join("phieu-bau.xlsx");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"))
        .env("THIDUA_IN_PROCESS", "1")
        .args(["ballots", "-o"])
        .arg(&blank)
        .arg(bloc)
        .output()
        .unwrap();
    assert!(run.status.code().is_some_and(|c| c < 2), "{run:?}");
    let filled = dir.join("phieu-da-dien");
    let script = root().join("scripts/fill_ballots.py");
    let fill = |python: &str, args: &[&str]| {
        let out = std::process::Command::new(python)
            .arg(&script)
            .args(args)
            .arg(&blank)
            .arg(&filled)
            .args(if args == ["fill-lo"] {
                vec![LIBREOFFICE_VOTERS]
            } else {
                vec![]
            })
            .output()
            .unwrap();
        assert!(out.status.success(), "{python} {args:?}: {out:?}");
    };
    fill("python3", &[]);
    if let Some(python) = uno_python {
        fill(python, &["fill-lo"]);
        fill("python3", &["oracle"]);
        for voter in LIBREOFFICE_VOTERS.split(',') {
            let file = filled.join(format!("phieu-{voter:0>2}.xlsx"));
            let app = zip_part(&file, "docProps/app.xml");
            assert!(app.contains("<Application>LibreOffice"), "{file:?}: {app}");
        }
    }
    filled
}

/// An award of a vote's JSON (tally or its oracle) as its candidates'
/// (unit, votes for, outcome).
#[allow(dead_code)]
pub fn vote_candidates(award: &serde_json::Value) -> Vec<(String, u64, String)> {
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
}

/// A vote's findings (tally JSON) whose code starts with `prefix`, as
/// (code, file name, cell).
#[allow(dead_code)]
pub fn vote_findings(
    got: &serde_json::Value,
    prefix: &str,
) -> Vec<(String, String, Option<String>)> {
    got["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"].as_str().unwrap().starts_with(prefix))
        .map(|i| {
            (
                i["code"].as_str().unwrap().to_string(),
                base(i["file"].as_str().unwrap_or_default()),
                i["cell"].as_str().map(String::from),
            )
        })
        .collect()
}

/// An oracle's findings, `[[code, file, cell or null], …]`, as
/// [`vote_findings`] gives them.
#[allow(dead_code)]
pub fn oracle_findings(list: &serde_json::Value) -> Vec<(String, String, Option<String>)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
                p[2].as_str().map(String::from),
            )
        })
        .collect()
}

/// A counted award (tally JSON) as its oracle has it: the figures `keys`
/// and every candidate's votes and outcome.
#[allow(dead_code)]
pub fn assert_vote_award(got: &serde_json::Value, want: &serde_json::Value, keys: &[&str]) {
    for key in keys {
        assert_eq!(got[key], want[key], "{key} of {}", got["award"]);
    }
    assert_eq!(
        vote_candidates(got),
        vote_candidates(want),
        "{}",
        got["award"]
    );
}

/// The sample bloc copied into `dir/khoi`, with two places for the Bằng
/// khen instead of a share, so that the vote has a tie at the cut-off (the
/// ballots, tally and documents tests). Returns the bloc's folder.
#[allow(dead_code)]
pub fn sample_bloc_with_two_commendations(dir: &std::path::Path) -> PathBuf {
    let bloc = dir.join("khoi");
    std::fs::create_dir(&bloc).unwrap();
    for entry in std::fs::read_dir(sample_dir()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, bloc.join(path.file_name().unwrap())).unwrap();
    }
    let rules = bloc.join("quy-dinh.toml");
    let text = std::fs::read_to_string(&rules).unwrap().replace(
        "name = \"Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh\"\nshare = 0.5",
        "name = \"Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh\"\ncount = 2",
    );
    assert!(text.contains("count = 2"));
    std::fs::write(&rules, text).unwrap();
    bloc
}

/// Rules text with `n` generated units ("DV0000" …) and the sample bloc's
/// criteria, awards and ranking.
pub fn rules_with_units(n: usize) -> String {
    let sample = std::fs::read_to_string(sample_dir().join("quy-dinh.toml")).expect("sample rules");
    let criteria_part = &sample[sample.find("[[criteria]]").expect("criteria")..];
    let mut text = String::from("[bloc]\nname = \"Khối thử nghiệm\"\nyear = 2025\nscale = 100\n\n");
    for i in 0..n {
        text.push_str(&format!(
            "[[units]]\nid = \"DV{i:04}\"\nname = \"Đơn vị thử nghiệm số {i:04}\"\n\n"
        ));
    }
    text.push_str(criteria_part);
    text
}

/// The self-score written for leaf `k` of unit `i`: the max less 0, 0.5
/// or 1 point (levels: the max).
pub fn generated_score(rules: &Rules, i: usize, k: usize) -> Option<f64> {
    let c = &rules.criteria[k];
    let max = c.max?.to_f64();
    if !c.is_leaf() {
        return None;
    }
    Some(if c.levels.is_some() {
        max
    } else {
        (max - ((i + k) % 3) as f64 * 0.5).max(0.0)
    })
}

/// One submission of unit `i` with the usual heading block, as .xlsx.
/// The header of the usual scoring table, as the template writes it.
pub const STD_HEADER: [&str; 6] = [
    "STT",
    "Nội dung tiêu chí",
    "Điểm chuẩn",
    "Điểm tự chấm",
    "Điểm khối chấm",
    "Ghi chú",
];

/// JSON numbers compared exactly as decimals with three places.
pub fn milli(v: &serde_json::Value) -> Option<i64> {
    v.as_f64().map(|f| (f * 1000.0).round() as i64)
}

/// Assert that `got[key]` and `want[key]` are the same number to three
/// decimal places; `what` says where, in the message.
pub fn assert_same_milli(got: &serde_json::Value, want: &serde_json::Value, key: &str, what: &str) {
    assert_eq!(
        milli(&got[key]),
        milli(&want[key]),
        "{what} {key}: got {}, want {}",
        got[key],
        want[key]
    );
}

/// The file name of a reported path, NFC, for comparing with expected names.
pub fn base(path: &str) -> String {
    let name = Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    thidua::text::clean(&name)
}

/// The unit `id` of a JSON report.
pub fn unit<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == id)
        .unwrap_or_else(|| panic!("no unit {id}"))
}

pub fn write_submission(rules: &Rules, path: &Path, i: usize) {
    submission_workbook(rules, i).save(path).unwrap();
}

/// [`write_submission`] for the unit whose id is `id`.
pub fn write_submission_of(rules: &Rules, id: &str, path: &Path) {
    let i = rules
        .units
        .iter()
        .position(|u| u.id == id)
        .unwrap_or_else(|| panic!("no unit {id}"));
    write_submission(rules, path, i);
}

/// The workbook [`write_submission`] saves, to be added to before saving.
pub fn submission_workbook(rules: &Rules, i: usize) -> Workbook {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let unit = &rules.units[i];
    ws.write(0, 0, "UBND TỈNH QUẢNG NGÃI").unwrap();
    ws.write(0, 3, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        .unwrap();
    ws.write(2, 1, "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025")
        .unwrap();
    ws.write(3, 1, format!("Đơn vị: {}", unit.name)).unwrap();
    for (c, h) in STD_HEADER.iter().enumerate() {
        ws.write(5, c as u16, *h).unwrap();
    }
    let mut row = 6;
    for (k, c) in rules.criteria.iter().enumerate() {
        ws.write(row, 0, c.label.as_str()).unwrap();
        ws.write(row, 1, c.title.as_str()).unwrap();
        if let Some(m) = c.max {
            ws.write(row, 2, m.to_f64()).unwrap();
        }
        if let Some(v) = generated_score(rules, i, k) {
            ws.write(row, 3, v).unwrap();
        } else if c.is_leaf() {
            ws.write(row, 3, "Không").unwrap();
        }
        row += 1;
    }
    ws.write(row + 1, 1, "THỦ TRƯỞNG ĐƠN VỊ").unwrap();
    wb
}

/// The sample bloc's submissions, sorted by file name as a folder gives
/// them.
pub fn sample_files() -> Vec<PathBuf> {
    workbooks_in(&sample_dir())
}

/// The workbooks (.xlsx, .xls, .ods) in `dir`, by name.
pub fn workbooks_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| ["xlsx", "xls", "ods"].contains(&x))
        })
        .collect();
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    files
}

/// The sample submission whose file name starts with `prefix`.
pub fn sample_file(prefix: &str) -> PathBuf {
    sample_files()
        .into_iter()
        .find(|f| {
            f.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no sample file {prefix}…"))
}

/// `thidua consolidate` on `files` (given by bare name, run in their
/// folder, so reports name them as an upload does): the JSON report and
/// the workbook's bytes.
pub fn cli_consolidate_by_name(rules: &Path, files: &[PathBuf]) -> (serde_json::Value, Vec<u8>) {
    let (report, workbook, _) = cli_consolidate_with_feedback(rules, files);
    (report, workbook)
}

/// Files as (name, bytes), sorted by name.
pub type NamedFiles = Vec<(String, Vec<u8>)>;

/// [`cli_consolidate_by_name`] with `--feedback`: also every phiếu phản
/// hồi written.
pub fn cli_consolidate_with_feedback(
    rules: &Path,
    files: &[PathBuf],
) -> (serde_json::Value, Vec<u8>, NamedFiles) {
    let out = tempfile::tempdir().expect("temp dir");
    let json = out.path().join("bao-cao.json");
    let xlsx = out.path().join("tong-hop.xlsx");
    let phieu = out.path().join("phieu");
    let dir = files[0].parent().expect("folder");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"))
        .current_dir(dir)
        .arg("consolidate")
        .arg("--rules")
        .arg(rules)
        .arg("-o")
        .arg(&xlsx)
        .arg("--json")
        .arg(&json)
        .arg("--feedback")
        .arg(&phieu)
        .args(files.iter().map(|f| f.file_name().expect("file name")))
        .output()
        .expect("run thidua");
    assert!(status.status.code().is_some_and(|c| c < 2), "{status:?}");
    let report =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("json");
    let mut feedback: NamedFiles = std::fs::read_dir(&phieu)
        .expect("feedback folder")
        .map(|e| {
            let path = e.expect("entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("phiếu"))
        })
        .collect();
    feedback.sort();
    (report, std::fs::read(&xlsx).expect("workbook"), feedback)
}

/// Every sheet of an .xlsx as rows of displayed values (numbers as
/// written, formulas' stored results), for comparing two workbooks value
/// by value.
pub fn workbook_cells(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{Reader, Xlsx};
    let mut book = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("an .xlsx");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("sheet");
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

/// A package part of an .xlsx (or any zip) file, as text.
pub fn zip_part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).expect("open");
    let mut archive = zip::ZipArchive::new(file).expect("zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("no {name} in {}", path.display()))
        .read_to_string(&mut text)
        .expect("read part");
    text
}

/// Every unit of the sample bloc in `report` (a JSON report) as the answer
/// key tests/expected/sample-bloc.json says: status, totals, rank, award.
pub fn assert_sample_bloc(report: &serde_json::Value) {
    let key: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/expected/sample-bloc.json")).expect("key"),
    )
    .expect("key JSON");
    let milli = |v: &serde_json::Value| v.as_f64().map(|f| (f * 1000.0).round() as i64);
    for (id, want) in key["units"].as_object().expect("units") {
        let got = report["units"]
            .as_array()
            .expect("units")
            .iter()
            .find(|u| u["id"] == id.as_str())
            .unwrap_or_else(|| panic!("no unit {id}"));
        let status = if want["file"].is_null() {
            "missing"
        } else {
            "ok"
        };
        assert_eq!(got["status"], status, "{id} status");
        assert_eq!(milli(&got["total"]), milli(&want["total"]), "{id} total");
        assert_eq!(
            milli(&got["self_total"]),
            milli(&want["self_total"]),
            "{id} self_total"
        );
        assert_eq!(got["rank"], want["rank"], "{id} rank");
        assert_eq!(got["award"], want["award"], "{id} award");
    }
}

/// The unit names of column B on each sheet of a ballot workbook (`thidua
/// ballots`), below the header "Tên đơn vị" and above the closing line.
pub fn ballot_names(bytes: &[u8]) -> Vec<Vec<String>> {
    workbook_cells(bytes)
        .into_iter()
        .map(|(_, rows)| {
            let header = rows
                .iter()
                .position(|r| r.get(1).is_some_and(|c| c == "Tên đơn vị"));
            header.map_or_else(Vec::new, |h| {
                rows[h + 1..]
                    .iter()
                    .take_while(|r| r.get(1).is_some_and(|c| !c.is_empty()))
                    .map(|r| r[1].clone())
                    .collect()
            })
        })
        .collect()
}

/// The sample bloc with two places for the Bằng khen (see
/// [`sample_bloc_with_two_commendations`]) in `dir`: its folder, its
/// rules as the web server takes them, and its submissions by name.
pub fn bloc_with_a_tie(dir: &Path) -> (PathBuf, thidua::web::LoadedRules, Vec<PathBuf>) {
    let bloc = sample_bloc_with_two_commendations(dir);
    let rules = thidua::web::LoadedRules {
        rules: std::sync::Arc::new(Rules::load(&bloc.join("quy-dinh.toml")).expect("rules")),
        file: "quy-dinh.toml".into(),
    };
    let files = workbooks_in(&bloc);
    (bloc, rules, files)
}

/// `thidua tally --json` on the ballots in `folder` under the rules of
/// `bloc`: the count as JSON (the exit code is 1: the filled ballots of
/// `filled_ballots` include spoiled ones).
pub fn cli_tally(bloc: &Path, folder: &Path) -> serde_json::Value {
    let out = tempfile::tempdir().expect("temp dir");
    let json = out.path().join("kiem-phieu.json");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["tally", "--rules"])
        .arg(bloc.join("quy-dinh.toml"))
        .arg("--json")
        .arg(&json)
        .arg(folder)
        .output()
        .expect("run thidua");
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("json")
}

/// Whether python3 with openpyxl is there for a test that needs it: when
/// not, the test says it is skipped — and fails under CI, where it must be.
#[allow(dead_code)]
pub fn openpyxl_or_skip(test: &str) -> bool {
    if tools::Tool::Openpyxl.present() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs python3 with openpyxl for {test}"
    );
    eprintln!("bỏ qua: cần python3 và openpyxl");
    false
}
