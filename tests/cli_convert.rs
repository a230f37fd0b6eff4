//! `thidua convert` and `thidua text` on real legacy files: the sample
//! bloc's TCVN3 (.xls, xlwt), VNI (.xlsx, openpyxl) and NFD submissions.

mod common;

use calamine::{Data, Reader, open_workbook_auto};
use std::io::Write;
use std::process::{Command, Stdio};

fn text_at(path: &std::path::Path, a1: (u32, u32)) -> String {
    let mut wb = open_workbook_auto(path).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    match range.get_value(a1) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("{path:?} {a1:?}: {other:?}"),
    }
}

#[test]
fn convert_writes_unicode_copies_that_consolidate_like_the_originals() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("unicode");
    let sample = common::sample_dir();
    let status = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .env("THIDUA_DEBUG", "1")
        .args(["convert", "-o"])
        .arg(&out)
        .arg(&sample)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert_eq!(status.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("TCVN3"), "{stdout}");
    assert!(stdout.contains("VNI"), "{stdout}");

    let gd = out.join("Bảng chấm điểm thi đua - Sở GDĐT.xlsx");
    assert_eq!(
        text_at(&gd, (0, 0)),
        "UBND TỈNH QUẢNG NGÃI",
        "a .VnTimeH heading"
    );
    assert_eq!(text_at(&gd, (7, 0)), "Đơn vị: Sở GD&ĐT");
    // Regression: a rich-text cell whose "Ủ" is a .VnTimeH run inside a
    // .VnTime cell kept the space before it.
    assert_eq!(
        text_at(&gd, (13, 1)),
        "Hoàn thành các chỉ tiêu, nhiệm vụ được Ủy ban nhân dân tỉnh giao trong năm"
    );
    let bhxh = out.join("bhxh.xlsx");
    let mut wb = open_workbook_auto(&bhxh).unwrap();
    let name = wb.sheet_names()[0].clone();
    let cells: Vec<String> = wb
        .worksheet_range(&name)
        .unwrap()
        .used_cells()
        .filter_map(|(_, _, v)| match v {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert!(
        cells.iter().any(|c| c == "BẢO HIỂM XÃ HỘI TỈNH QUẢNG NGÃI"),
        "{cells:?}"
    );
    assert!(
        cells.iter().any(|c| c == "Phan Thị Kim Oanh"),
        "an ambiguous VNI name in a VNI column: {cells:?}"
    );

    // The converted copies consolidate to the same totals as the originals.
    std::fs::copy(sample.join("quy-dinh.toml"), out.join("quy-dinh.toml")).unwrap();
    let run = |folder: &std::path::Path| {
        let json = dir.path().join(format!(
            "{}.json",
            folder.file_name().unwrap().to_string_lossy()
        ));
        Command::new(env!("CARGO_BIN_EXE_thidua"))
            .args(["consolidate", "-o"])
            .arg(dir.path().join("x.xlsx"))
            .arg("--json")
            .arg(&json)
            .arg(folder)
            .output()
            .unwrap();
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
        report["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                (
                    u["id"].clone(),
                    u["total"].clone(),
                    u["rank"].clone(),
                    u["award"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(run(&out), run(&sample));
}

#[test]
fn text_converts_standard_input_lines() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .arg("text")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Ban Tæ chøc TØnh ñy\nCoäng hoøa xaõ hoäi\nCông các Phó\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Ban Tổ chức Tỉnh ủy\nCộng hòa xã hội\nCông các Phó\n"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["text", "--from", "klingon"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn legacy_ods_without_fonts_consolidates_to_the_unicode_scores() {
    let folder = common::root().join("tests/fixtures/legacy-ods");
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .env("THIDUA_DEBUG", "1")
        .args(["check", "--json"])
        .arg(&folder)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let key: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("tests/expected/sample-bloc.json")).unwrap(),
    )
    .unwrap();
    for id in ["SGDDT", "BHXH"] {
        let unit = report["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] == id)
            .unwrap();
        assert_eq!(unit["status"], "ok", "{id}");
        assert_eq!(unit["self_total"], key["units"][id]["self_total"], "{id}");
        assert_eq!(unit["scores"], key["units"][id]["scores"], "{id}");
        let errors = report["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["unit"] == id && i["severity"] == "error")
            .count();
        assert_eq!(errors, 0, "{id}");
    }
    let sources = report["sources"].as_array().unwrap();
    let encodings: Vec<&str> = sources
        .iter()
        .filter_map(|s| s["encoding"].as_str())
        .collect();
    assert_eq!(encodings, ["tcvn3", "vni"]);
}

/// The value of `name="…"` in one tag's text.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[at..].split('"').next()
}

/// The elements `<name …>` of an XML text, as their tag texts.
fn tags<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    xml.match_indices(&open)
        .map(|(at, _)| &xml[at..at + xml[at..].find('>').unwrap()])
        .collect()
}

/// (width shown by Excel + padding as stored, hidden) of every column of
/// the first sheet, and the number format code of every cell (A1 names).
#[allow(clippy::type_complexity)]
fn written_layout(
    path: &std::path::Path,
) -> (
    std::collections::BTreeMap<u32, (f64, bool)>,
    std::collections::BTreeMap<String, String>,
) {
    let sheet = common::zip_part(path, "xl/worksheets/sheet1.xml");
    let styles = common::zip_part(path, "xl/styles.xml");
    let mut columns = std::collections::BTreeMap::new();
    for col in tags(&sheet, "col").into_iter() {
        let min: u32 = attr(col, "min").unwrap().parse().unwrap();
        let max: u32 = attr(col, "max").unwrap().parse().unwrap();
        let width: f64 = attr(col, "width").unwrap().parse().unwrap();
        let hidden = attr(col, "hidden") == Some("1");
        for c in min..=max.min(min + 50) {
            columns.insert(c - 1, (width, hidden));
        }
    }
    let custom: std::collections::BTreeMap<&str, &str> = tags(&styles, "numFmt")
        .into_iter()
        .map(|t| (attr(t, "numFmtId").unwrap(), attr(t, "formatCode").unwrap()))
        .collect();
    let cell_xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xf_formats: Vec<&str> = tags(cell_xfs, "xf")
        .into_iter()
        .map(|t| attr(t, "numFmtId").unwrap_or("0"))
        .collect();
    let mut formats = std::collections::BTreeMap::new();
    for c in tags(&sheet, "c").into_iter() {
        let xf: usize = attr(c, "s").map_or(0, |s| s.parse().unwrap());
        let code = match xf_formats[xf] {
            "0" => "General".to_string(),
            id => custom
                .get(id)
                .map(|c| c.replace("&quot;", "\""))
                .unwrap_or_else(|| format!("builtin {id}")),
        };
        formats.insert(attr(c, "r").unwrap().to_string(), code);
    }
    (columns, formats)
}

#[test]
fn convert_keeps_column_widths_hidden_columns_and_number_formats() {
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/read/layout");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures.join("expected.json")).unwrap())
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut compared = 0;
    for name in ["layout.xlsx", "layout.xls", "layout.ods"] {
        let status = Command::new(env!("CARGO_BIN_EXE_thidua"))
            .args(["convert", "-o"])
            .arg(dir.path())
            .arg(fixtures.join(name))
            .output()
            .unwrap();
        assert_eq!(status.status.code(), Some(0), "{name}: {status:?}");
        let stem = name.rsplit_once('.').unwrap().0;
        let out = dir.path().join(format!("{stem}.xlsx"));
        let (columns, formats) = written_layout(&out);
        let want = &expected[name];
        for (col, column) in want["columns"].as_object().unwrap() {
            let col: u32 = col.parse().unwrap();
            let width = column["width"].as_f64().unwrap();
            let hidden = column["hidden"].as_bool().unwrap();
            let (got, got_hidden) = columns
                .get(&col)
                .unwrap_or_else(|| panic!("{name}: column {col} not written: {columns:?}"));
            assert!(
                (got - width).abs() <= 0.5,
                "{name}: column {col} width {got}, expected {width}"
            );
            assert_eq!(*got_hidden, hidden, "{name}: column {col} hidden");
            compared += 1;
        }
        for (cell, code) in want["formats"].as_object().unwrap() {
            let (row, col) = cell.split_once(',').unwrap();
            let a1 = format!(
                "{}{}",
                char::from(b'A' + col.parse::<u8>().unwrap()),
                row.parse::<u32>().unwrap() + 1
            );
            assert_eq!(
                formats.get(&a1).map(String::as_str),
                Some(code.as_str().unwrap()),
                "{name}: number format of {a1}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 3 * (4 + 5));
}

/// Regression: `thidua convert` joined the lines of a cell typed with
/// Alt+Enter into one (whitespace was collapsed after decoding).
#[test]
fn convert_keeps_the_line_breaks_typed_in_a_cell() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("nhieu-dong.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let tcvn3 = thidua::text::encode(
        "Điều kiện 1: đủ\nĐiều kiện 2: đạt",
        thidua::text::Encoding::Tcvn3,
    )
    .unwrap();
    let font = rust_xlsxwriter::Format::new().set_font_name(".VnTime");
    ws.write_with_format(0, 0, tcvn3.as_str(), &font).unwrap();
    ws.write(1, 0, "Dòng một\nDòng hai  có   cách").unwrap();
    wb.save(&src).unwrap();
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["convert", "-o"])
        .arg(&out)
        .arg(&src)
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0));
    let copy = out.join("nhieu-dong.xlsx");
    assert_eq!(text_at(&copy, (0, 0)), "Điều kiện 1: đủ\nĐiều kiện 2: đạt");
    assert_eq!(text_at(&copy, (1, 0)), "Dòng một\nDòng hai có cách");
}
