//! Checking one workbook (kiểm tra một tệp): every sheet's table located
//! and aligned with the criteria, the main table chosen (with tables of
//! bonus and deduction lines kept on other sheets), the unit identified,
//! every row read and checked, the sums and the title's year checked, the
//! sheet's decoding reported; the file's content digest for telling copies
//! apart.
//!
//! Depends on `decode`, `read` grids, `rules`, `text`, `issue` and the
//! other rooms of `check`.

use super::context::{Ctx, quoted};
use super::table::{self, Table};
use super::unit::{self, Evidence, Identified, Place};
use super::{Submission, mapping, rows, sums, titles};
use crate::decode::{Decoded, SheetReport};
use crate::issue::{Code, Issue, Params, Severity};
use crate::read::Workbook;
use crate::rules::Rules;
use crate::text;

/// Check one workbook. `file` names it in issues; `file_stem` (the file name
/// without extension) is the last source for identifying the unit.
pub fn check_workbook(rules: &Rules, decoded: Decoded, file: &str, file_stem: &str) -> Submission {
    let mut sub = Submission {
        file: file.to_string(),
        ..Submission::default()
    };
    let workbook = decoded.workbook();
    sub.content = content_digest(workbook);
    // Every sheet's table, aligned with the criteria.
    let found: Vec<Located> = workbook
        .sheets
        .iter()
        .enumerate()
        .filter_map(|(si, sheet)| {
            let table = table::locate(sheet)?;
            let aligned = mapping::align(rules, &table.rows);
            Some(Located { si, table, aligned })
        })
        .collect();
    let sheet_names: Vec<Evidence> = workbook
        .sheets
        .iter()
        .map(|s| Evidence {
            place: Place::Sheet(s.name.clone()),
            text: text::clean(&s.name),
        })
        .collect();
    let file_evidence = vec![Evidence {
        place: Place::FileName,
        text: text::clean(file_stem),
    }];
    // The table that matches the most criteria, then tables on other sheets
    // that hold whole sections it lacks (bonus and deduction lines kept on
    // a sheet of their own).
    let main = found
        .iter()
        .enumerate()
        .filter(|(_, l)| l.aligned.matched() > 0)
        .max_by_key(|(k, l)| (l.aligned.matched(), std::cmp::Reverse(*k)))
        .map(|(k, _)| k);
    // Sheets too large to read are told, never passed over in silence.
    let oversized = |severity: Severity| {
        workbook
            .sheets
            .iter()
            .filter(|s| s.oversized)
            .map(move |s| {
                Issue::new(
                    Code::UnreadableFile,
                    Params::new()
                        .text("reason", "sheet-too-large")
                        .text("sheet", quoted(&s.name))
                        .int("limit", crate::read::MAX_SHEET_CELLS),
                )
                .severity(severity)
                .file(file)
                .sheet(&s.name)
            })
    };
    let Some(main) = main else {
        let id = unit::identify(rules, &[sheet_names, file_evidence]);
        sub.unit = identified_id(&id);
        let too_large: Vec<Issue> = oversized(Severity::Error).collect();
        if too_large.is_empty() {
            sub.issues
                .push(Issue::new(Code::NoScoreTable, Params::new()).file(file));
        }
        sub.issues.extend(too_large);
        finish(&mut sub);
        return sub;
    };
    sub.issues.extend(oversized(Severity::Warning));
    let mut used = vec![main];
    supplementary_tables(rules, &found, &mut used);
    for &k in &used {
        if found[k].table.truncated {
            let name = &workbook.sheets[found[k].si].name;
            sub.issues.push(
                Issue::new(
                    Code::UnreadableFile,
                    Params::new()
                        .text("reason", "table-too-long")
                        .text("sheet", quoted(name))
                        .int("limit", table::MAX_TABLE_ROWS),
                )
                .severity(Severity::Warning)
                .file(file)
                .sheet(name),
            );
        }
    }

    let mut found = found;
    if used.len() > 1 {
        // Leaves read from another sheet: the main table's row for their
        // parent is only a stated sum, not a score for the whole.
        let elsewhere: Vec<usize> = used[1..]
            .iter()
            .flat_map(|&k| found[k].aligned.crit.iter().flatten().copied())
            .collect();
        found[main]
            .aligned
            .merged
            .retain(|_, group| !group.iter().any(|k| elsewhere.contains(k)));
    }
    let table = &found[main].table;
    let sheet = &workbook.sheets[found[main].si];
    sub.sheet = Some(sheet.name.clone());
    sub.table_found = true;
    sub.rows_read = used.iter().map(|&k| found[k].aligned.matched()).sum();
    let default_report = SheetReport::default();
    let enc = decoded.report(found[main].si).unwrap_or(&default_report);
    sub.encoding = Some(enc.main_encoding().unwrap_or("unicode").to_string());

    let (id, name_found) = unit_of_table(rules, table, sheet_names, file_evidence);
    sub.unit = identified_id(&id);
    let ctx = Ctx::new(rules, file, &sheet.name);
    unit_issues(&ctx, &id, name_found, &mut sub);
    encoding_issues(&ctx, enc, &mut sub);
    check_year(&ctx, table, &mut sub);
    check_tables(&ctx, workbook, &found, &used, &mut sub);
    finish(&mut sub);
    sub
}

/// Whose table this is: "Đơn vị:" lines, then the heading block, the
/// sheet names, the file name. When no unit is known, also the unit's name
/// as the sheet writes it, if it writes one.
fn unit_of_table(
    rules: &Rules,
    table: &Table,
    sheet_names: Vec<Evidence>,
    file_evidence: Vec<Evidence>,
) -> (Identified, Option<Evidence>) {
    let mut lines = Vec::new();
    for (k, h) in table.heading.iter().enumerate() {
        if let Some(name) = unit::unit_line(&h.text) {
            let value = if name.is_empty() {
                table
                    .heading
                    .get(k + 1)
                    .map(|n| n.text.as_str())
                    .unwrap_or("")
            } else {
                name
            };
            lines.push(Evidence {
                place: Place::Cell(h.cell.clone()),
                text: value.to_string(),
            });
        }
    }
    let heading: Vec<Evidence> = table
        .heading
        .iter()
        .map(|h| Evidence {
            place: Place::Cell(h.cell.clone()),
            text: h.text.clone(),
        })
        .collect();
    let groups = [lines, heading, sheet_names, file_evidence];
    let id = unit::identify(rules, &groups);
    let name_found = match id {
        Identified::Unknown => unit::name_on_sheet(&groups[0], &groups[1]),
        _ => None,
    };
    (id, name_found)
}

/// A table of no known unit, or of several, is said; of no known unit,
/// with the name the sheet writes (`text`, at `cell`), for the rules'
/// aliases.
fn unit_issues(ctx: &Ctx, id: &Identified, name_found: Option<Evidence>, sub: &mut Submission) {
    match id {
        Identified::Unknown => {
            let params = match name_found {
                Some(Evidence {
                    place: Place::Cell(cell),
                    text,
                }) => Params::new().text("text", quoted(&text)).text("cell", cell),
                _ => Params::new(),
            };
            sub.issues.push(ctx.issue(Code::UnknownUnit, None, params))
        }
        Identified::Ambiguous { ids, evidence } => {
            sub.issues
                .push(ctx.issue(Code::AmbiguousUnit, cell_of(&evidence.place), {
                    let params = Params::new().text("text", quoted(&evidence.text));
                    match &evidence.place {
                        Place::Cell(cell) => {
                            params.text("place", "cell").text("cell", cell.as_str())
                        }
                        Place::Sheet(sheet) => {
                            params.text("place", "sheet").text("sheet", sheet.as_str())
                        }
                        Place::FileName => params.text("place", "file"),
                    }
                    .texts("units", ids.iter().map(String::as_str))
                }))
        }
        Identified::Unit { .. } => {}
    }
}

/// Every row of the tables in use read and checked against its criterion,
/// then the sums: sections, written totals, bonus and deduction caps.
/// `ctx` points at the main table's sheet.
fn check_tables(
    ctx: &Ctx,
    workbook: &Workbook,
    found: &[Located],
    used: &[usize],
    sub: &mut Submission,
) {
    let rules = ctx.rules;
    let file = ctx.file;
    for &k in used {
        let l = &found[k];
        let ctx = Ctx::new(rules, file, &workbook.sheets[l.si].name);
        rows::check_rows(&ctx, &l.table, &l.aligned, sub);
        titles::check_titles(&ctx, &l.table, &l.aligned, sub);
        titles::check_renumbered(&ctx, &l.table, &l.aligned, sub);
    }
    titles::check_missing(ctx, sub);
    sums::check_sections(ctx, sub);
    for &k in used {
        let l = &found[k];
        let ctx = Ctx::new(rules, file, &workbook.sheets[l.si].name);
        sums::check_totals(&ctx, &l.table, &l.aligned, sub);
    }
    sums::check_caps(ctx, sub);
}

/// A table found on a sheet, aligned with the criteria.
struct Located {
    /// Index of the sheet in the workbook.
    si: usize,
    table: Table,
    aligned: mapping::Aligned,
}

/// Tables on other sheets whose rows all lie in top-level sections of
/// which no leaf was read yet: added to `used`, in sheet order.
fn supplementary_tables(rules: &Rules, found: &[Located], used: &mut Vec<usize>) {
    let section_of = |mut c: usize| {
        while let Some(p) = rules.criteria[c].parent {
            c = p;
        }
        c
    };
    let mut read: Vec<bool> = vec![false; rules.criteria.len()];
    let mark = |l: &Located, read: &mut Vec<bool>| {
        for (i, c) in l.aligned.crit.iter().enumerate() {
            let leaves = match (c, l.aligned.merged.get(&i)) {
                (_, Some(g)) => g.clone(),
                (Some(c), None) if rules.criteria[*c].is_leaf() => vec![*c],
                _ => Vec::new(),
            };
            for k in leaves {
                read[section_of(k)] = true;
            }
        }
    };
    mark(&found[used[0]], &mut read);
    for (k, l) in found.iter().enumerate() {
        if used.contains(&k) || l.aligned.matched() == 0 {
            continue;
        }
        let all_new = l
            .aligned
            .crit
            .iter()
            .flatten()
            .all(|&c| !read[section_of(c)]);
        if all_new {
            mark(l, &mut read);
            used.push(k);
        }
    }
}

/// SHA-256 over every sheet's name and every non-empty cell's position and
/// value (text cleaned, numbers in their shortest form), lowercase hex.
fn content_digest(workbook: &Workbook) -> String {
    use sha2::{Digest, Sha256};
    use std::fmt::Write;
    let mut hasher = Sha256::new();
    // One buffer for every cell's record.
    let mut record = String::new();
    for sheet in &workbook.sheets {
        hasher.update(b"\x00sheet\x00");
        hasher.update(text::clean_cow(&sheet.name).as_bytes());
        let (end_row, end_col) = sheet.end();
        for r in sheet.origin.0..end_row {
            for c in sheet.origin.1..end_col {
                let value = &sheet.get(r, c).value;
                let cleaned = match value {
                    crate::read::Value::Empty => continue,
                    crate::read::Value::Text(t) => {
                        let t = text::clean_cow(t);
                        if t.is_empty() {
                            continue;
                        }
                        Some(t)
                    }
                    _ => None,
                };
                record.clear();
                record.push('\x00');
                push_number(&mut record, r);
                record.push(',');
                push_number(&mut record, c);
                record.push('\x00');
                let _ = match (value, cleaned) {
                    (_, Some(t)) => {
                        record.push('t');
                        record.push_str(&t);
                        Ok(())
                    }
                    (crate::read::Value::Number(n), _) => write!(record, "n{n}"),
                    (crate::read::Value::Bool(b), _) => write!(record, "b{b}"),
                    (crate::read::Value::Error(e), _) => write!(record, "e{e}"),
                    (crate::read::Value::Date(d), _) => write!(record, "d{d}"),
                    (crate::read::Value::FormulaWithoutValue(f), _) => write!(record, "f{f}"),
                    (crate::read::Value::Empty | crate::read::Value::Text(_), None) => Ok(()),
                };
                hasher.update(record.as_bytes());
            }
        }
    }
    crate::read::lower_hex(&hasher.finalize())
}

/// `n` in decimal digits, without a formatter.
fn push_number(out: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// The unit a file name alone names (tên tệp), for a file that could not
/// be read: the officer sees whose file failed.
pub fn unit_of_file_name(rules: &Rules, file_stem: &str) -> Option<String> {
    identified_id(&unit::identify(
        rules,
        &[vec![Evidence {
            place: Place::FileName,
            text: text::clean(file_stem),
        }]],
    ))
}

fn identified_id(id: &Identified) -> Option<String> {
    match id {
        Identified::Unit { id, .. } => Some(id.clone()),
        _ => None,
    }
}

/// The cell of a place, if it is one.
fn cell_of(place: &Place) -> Option<String> {
    match place {
        Place::Cell(cell) => Some(cell.clone()),
        _ => None,
    }
}

/// Put the unit on every issue and sort them.
fn finish(sub: &mut Submission) {
    for i in &mut sub.issues {
        if i.unit.is_none() {
            i.unit = sub.unit.clone();
        }
    }
    crate::issue::sort(&mut sub.issues);
    sub.entries.shrink_to_fit();
    sub.issues.shrink_to_fit();
}

/// What was converted from a legacy encoding on the table's sheet, and the
/// cells an officer should look at.
fn encoding_issues(ctx: &Ctx, enc: &SheetReport, sub: &mut Submission) {
    for issue in enc.issues() {
        sub.issues.push(issue.file(ctx.file).sheet(ctx.sheet));
    }
}

/// The title names another year ("BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2024").
fn check_year(ctx: &Ctx, table: &Table, sub: &mut Submission) {
    for h in &table.heading {
        let folded = text::fold(&h.text);
        // The place-and-date line ("ngày … tháng … năm …") is not the title.
        if folded.contains("ngay") || folded.contains("thang") && !folded.contains("6 thang") {
            continue;
        }
        let words: Vec<&str> = folded.split(' ').collect();
        for w in words.windows(2) {
            if w[0] == "nam"
                && w[1].len() == 4
                && let Ok(year) = w[1].parse::<i32>()
                && year != ctx.rules.bloc.year
                && (1990..2200).contains(&year)
            {
                sub.issues.push(
                    ctx.issue(
                        Code::YearMismatch,
                        Some(h.cell.clone()),
                        Params::new()
                            .int("found", year)
                            .text("text", quoted(&h.text))
                            .int("year", ctx.rules.bloc.year),
                    ),
                );
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tally;
    use super::super::test_cells::{e, n, t};
    use super::*;
    use crate::read::{Cell, Sheet, Value};
    use crate::score::Score;

    fn rules() -> Rules {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/khoi-van-hoa-xa-hoi/quy-dinh.toml");
        Rules::load(&path).unwrap()
    }

    /// A scoring sheet: header at row 6, items from row 7, with the given
    /// self-scores by code (None: leave the row out).
    fn sheet(unit_line: &str, title: &str, scores: &[(&str, Cell)]) -> Workbook {
        let rules = rules();
        let mut rows = vec![
            vec![
                t("UBND TỈNH QUẢNG NGÃI"),
                e(),
                e(),
                t("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            ],
            vec![t("SỞ Y TẾ"), e(), e(), t("Độc lập - Tự do - Hạnh phúc")],
            vec![e(), e(), e(), t("Quảng Ngãi, ngày 25 tháng 11 năm 2025")],
            vec![e(), t(title)],
            vec![e(), t(unit_line)],
            vec![
                t("STT"),
                t("Nội dung tiêu chí"),
                t("Điểm chuẩn"),
                t("Điểm tự chấm"),
                t("Điểm khối chấm"),
                t("Ghi chú"),
            ],
        ];
        for c in &rules.criteria {
            let Some((_, v)) = scores.iter().find(|(code, _)| *code == c.code) else {
                continue;
            };
            let max = c.max.map(|m| n(m.to_f64())).unwrap_or_default();
            rows.push(vec![t(&c.label), t(&c.title), max, v.clone(), e(), e()]);
        }
        rows.push(vec![e(), t("Tổng điểm"), e(), n(0.0)]);
        rows.push(vec![e(), t("THỦ TRƯỞNG ĐƠN VỊ")]);
        Workbook {
            sheets: vec![Sheet::from_rows("Tự chấm", rows)],
        }
    }

    const FULL: &[(&str, f64)] = &[
        ("I.1", 19.5),
        ("I.2", 9.0),
        ("I.3", 10.0),
        ("I.4", 9.0),
        ("II.1", 8.0),
        ("II.2", 5.5),
        ("II.3", 6.0),
        ("III.1", 10.0),
        ("III.2.a", 4.0),
        ("III.2.b", 3.0),
        ("III.2.c", 2.5),
        ("III.3", 9.0),
        ("IV.1", 3.0),
        ("IV.2", 0.0),
        ("IV.3", 1.0),
        ("V.1", 0.5),
        ("V.2", 0.0),
        ("V.3", 0.0),
    ];

    fn full() -> Vec<(&'static str, Cell)> {
        let mut v: Vec<(&str, Cell)> = vec![
            ("I", e()),
            ("II", e()),
            ("III", e()),
            ("III.2", e()),
            ("IV", e()),
            ("V", e()),
            ("VI", e()),
            ("VI.1", t("Không")),
            ("VI.2", e()),
        ];
        v.extend(FULL.iter().map(|(c, x)| (*c, n(*x))));
        v
    }

    fn codes(sub: &Submission) -> Vec<(String, Option<String>, Option<String>)> {
        sub.issues
            .iter()
            .filter(|i| i.severity != Severity::Info)
            .map(|i| (i.code.to_string(), i.cell.clone(), i.criterion.clone()))
            .collect()
    }

    #[test]
    fn a_clean_sheet_reads_every_criterion() {
        let wb = sheet(
            "Đơn vị: Sở Y tế",
            "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025",
            &full(),
        );
        let sub = check_syt(wb.clone());
        assert_eq!(sub.unit.as_deref(), Some("SYT"));
        // The stated "Tổng điểm" 0 is wrong: the only finding.
        assert_eq!(
            codes(&sub),
            vec![("total-mismatch".into(), Some("D34".into()), None)]
        );
        assert_eq!(sub.rows_read, 27);
        let t = tally::tally(&rules(), |i| {
            sub.entries.get(&i).map(|_| sub.self_counted(i))
        });
        assert_eq!(
            t.total,
            Score::parse("95,5").unwrap() + Score::from_int(4) - Score::parse("0,5").unwrap()
        );
        assert!(sub.disqualified_by.is_empty());
    }

    #[test]
    fn mistakes_are_reported_at_their_cells() {
        let mut scores = full();
        let set = |scores: &mut Vec<(&str, Cell)>, code: &str, v: Cell| {
            if let Some(s) = scores.iter_mut().find(|(c, _)| *c == code) {
                s.1 = v;
            }
        };
        set(&mut scores, "I.2", n(12.0)); // over max 10 → counted 10
        set(&mut scores, "I.3", n(8.0)); // not one of 10/7/4/0
        set(&mut scores, "II.1", t("đạt")); // not a number
        set(&mut scores, "III.1", n(-1.0)); // negative
        set(&mut scores, "III.3", e()); // missing
        set(&mut scores, "V.1", t("-4")); // deduction over its line max 3
        set(&mut scores, "VI.2", t("x")); // disqualified
        scores.retain(|(c, _)| *c != "II.3");
        let wb = sheet(
            "Đơn vị: Sở Y tế",
            "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2024",
            &scores,
        );
        let sub = check_syt(wb.clone());
        let found = codes(&sub);
        let expect = |code: &str, cell: Option<&str>, crit: Option<&str>| {
            let item = (
                code.to_string(),
                cell.map(str::to_string),
                crit.map(str::to_string),
            );
            assert!(found.contains(&item), "{item:?} not in {found:#?}");
        };
        expect("year-mismatch", Some("B4"), None);
        expect("score-over-max", Some("D9"), Some("I.2"));
        expect("score-not-allowed", Some("D10"), Some("I.3"));
        expect("score-not-number", Some("D13"), Some("II.1"));
        expect("missing-criterion", None, Some("II.3"));
        expect("score-negative", Some("D16"), Some("III.1"));
        expect("score-missing", Some("D21"), Some("III.3"));
        expect("deduction-over-cap", Some("D27"), Some("V.1"));
        assert_eq!(
            sub.disqualified_by,
            vec![rules().criterion("VI.2").unwrap()]
        );
        let i2 = rules().criterion("I.2").unwrap();
        assert_eq!(
            sub.entries[&i2].self_value,
            Some(Score::from_int(12)),
            "the submitted value is kept"
        );
        assert_eq!(
            sub.entries[&i2].self_counted,
            Score::from_int(10),
            "the total uses the clamped value"
        );
        let v1 = rules().criterion("V.1").unwrap();
        assert_eq!(sub.entries[&v1].self_counted, Score::from_int(3));
    }

    #[test]
    fn unknown_unit_and_missing_table() {
        let wb = sheet("Đơn vị: Sở Nội vụ", "BẢNG TỰ CHẤM ĐIỂM", &full());
        let mut wb2 = wb.clone();
        wb2.sheets[0].cells[0] = Cell::default();
        wb2.sheets[0].cells[wb.sheets[0].width as usize] = Cell::default();
        let sub = check_workbook(
            &rules(),
            crate::decode::decode(wb2.clone()),
            "khong-ro.xlsx",
            "khong-ro",
        );
        assert_eq!(sub.unit, None);
        let unknown = sub
            .issues
            .iter()
            .find(|i| i.code == Code::UnknownUnit)
            .expect("unknown-unit");
        // The name the sheet writes is quoted, for the rules' aliases.
        assert_eq!(
            serde_json::to_string(&unknown.params).unwrap(),
            r#"{"text":"Sở Nội vụ","cell":"B5"}"#
        );
        assert!(
            unknown
                .message
                .contains("Tên đơn vị ghi trong bảng (ô B5): \"Sở Nội vụ\"."),
            "{}",
            unknown.message
        );

        // No "Đơn vị:" line: the agency under its parent body in the heading.
        let mut wb3 = sheet("Ghi chú", "BẢNG TỰ CHẤM ĐIỂM", &full());
        wb3.sheets[0].cells[wb.sheets[0].width as usize] = Cell {
            value: crate::read::Value::Text("SỞ NỘI VỤ".into()),
            ..Cell::default()
        };
        let sub = check_workbook(
            &rules(),
            crate::decode::decode(wb3),
            "khong-ro.xlsx",
            "khong-ro",
        );
        let unknown = sub
            .issues
            .iter()
            .find(|i| i.code == Code::UnknownUnit)
            .expect("unknown-unit");
        assert_eq!(
            serde_json::to_string(&unknown.params).unwrap(),
            r#"{"text":"SỞ NỘI VỤ","cell":"A2"}"#
        );

        let empty = Workbook {
            sheets: vec![Sheet::from_rows("Sheet1", vec![vec![t("Sở Y tế")]])],
        };
        let sub = check_workbook(
            &rules(),
            crate::decode::decode(empty.clone()),
            "Sở Y tế.xlsx",
            "Sở Y tế",
        );
        assert!(!sub.table_found);
        assert_eq!(
            sub.unit.as_deref(),
            Some("SYT"),
            "named from the sheet or file name"
        );
        assert_eq!(sub.issues[0].code, Code::NoScoreTable);
    }

    /// A workbook with the usual heading and a one-row header over `body`
    /// (columns STT, Nội dung, Điểm chuẩn, Điểm tự chấm, Ghi chú).
    fn with_body(body: Vec<Vec<Cell>>) -> Workbook {
        let mut rows = vec![
            vec![
                t("SỞ Y TẾ"),
                e(),
                e(),
                t("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            ],
            vec![e(), t("BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025")],
            vec![e(), t("Đơn vị: Sở Y tế")],
            vec![
                t("STT"),
                t("Nội dung"),
                t("Điểm chuẩn"),
                t("Điểm tự chấm"),
                t("Ghi chú"),
            ],
        ];
        rows.extend(body);
        rows.push(vec![e(), t("THỦ TRƯỞNG ĐƠN VỊ")]);
        Workbook {
            sheets: vec![Sheet::from_rows("Tự chấm", rows)],
        }
    }

    /// The criterion rows of sections I–III as the rules list them, with
    /// the scores of FULL (sections with their stated sums).
    fn scored_sections() -> Vec<Vec<Cell>> {
        let rules = rules();
        let mut out = Vec::new();
        for c in &rules.criteria {
            if c.kind != crate::rules::Kind::Score {
                continue;
            }
            let score = FULL.iter().find(|(k, _)| *k == c.code).map(|(_, v)| *v);
            let value = match score {
                Some(v) => n(v),
                None => e(),
            };
            out.push(vec![
                t(&c.label),
                t(&c.title),
                n(c.max.unwrap().to_f64()),
                value,
            ]);
        }
        out
    }

    fn severe(sub: &Submission) -> Vec<(String, Option<String>)> {
        sub.issues
            .iter()
            .filter(|i| i.severity != Severity::Info)
            .map(|i| (i.code.to_string(), i.cell.clone()))
            .collect()
    }

    /// [`severe`] findings other than a missing criterion (the bodies
    /// leave some criteria out on purpose).
    fn severe_but_missing(sub: &Submission) -> Vec<(String, Option<String>)> {
        severe(sub)
            .into_iter()
            .filter(|(c, _)| c != "missing-criterion")
            .collect()
    }

    /// Check `wb` as the file "syt.xlsx" against the sample rules.
    fn check_syt(wb: Workbook) -> Submission {
        check_workbook(&rules(), crate::decode::decode(wb), "syt.xlsx", "syt")
    }

    fn total_of(sub: &Submission) -> Score {
        tally::tally(&rules(), |i| {
            sub.entries.get(&i).map(|_| sub.self_counted(i))
        })
        .total
    }

    #[test]
    fn a_grand_total_that_names_its_parts_is_not_checked_against_the_bonus_alone() {
        // Sections 95,5; bonus 3 + 1; deduction 0,5: total 99.
        let mut body = scored_sections();
        body.push(vec![e(), t("Tổng cộng (I + II + III)"), n(100.0), n(95.5)]);
        body.push(vec![t("IV"), t("Điểm thưởng"), n(5.0), n(4.0)]);
        body.push(vec![t("1"), t("Đơn vị Trưởng khối"), n(3.0), n(3.0)]);
        body.push(vec![
            t("3"),
            t("Có sáng kiến, mô hình hay được cấp có thẩm quyền công nhận"),
            n(2.0),
            n(1.0),
        ]);
        body.push(vec![t("V"), t("Điểm trừ"), n(10.0), n(0.5)]);
        body.push(vec![
            t("1"),
            t("Chậm gửi báo cáo theo quy định"),
            n(3.0),
            n(-0.5),
        ]);
        body.push(vec![
            e(),
            t("TỔNG ĐIỂM (Tổng cộng + Điểm thưởng - Điểm trừ)"),
            e(),
            n(99.0),
        ]);
        let sub = check_syt(with_body(body));
        let warnings = severe_but_missing(&sub);
        assert_eq!(warnings, vec![], "{:#?}", sub.issues);
        assert_eq!(total_of(&sub), Score::from_int(99));
        // A wrong grand total is still found, and the message names the sum.
        let mut body = scored_sections();
        body.push(vec![t("IV"), t("Điểm thưởng"), n(5.0), n(3.0)]);
        body.push(vec![t("1"), t("Đơn vị Trưởng khối"), n(3.0), n(3.0)]);
        body.push(vec![
            e(),
            t("TỔNG ĐIỂM (Tổng cộng + Điểm thưởng - Điểm trừ)"),
            e(),
            n(99.5),
        ]);
        let sub = check_syt(with_body(body));
        let mismatch = sub
            .issues
            .iter()
            .find(|i| i.code == Code::TotalMismatch)
            .expect("a wrong grand total");
        assert!(
            mismatch
                .message
                .contains("tổng điểm (các mục chấm điểm + điểm thưởng − điểm trừ) là 98,5"),
            "{}",
            mismatch.message
        );
    }

    #[test]
    fn bonus_lines_labelled_with_bullets_below_the_total_are_read() {
        let mut body = scored_sections();
        body.push(vec![e(), t("Tổng cộng"), n(100.0), n(95.5)]);
        body.push(vec![e(), t("Điểm thưởng"), e(), e()]);
        body.push(vec![t("+"), t("Đơn vị Trưởng khối"), n(3.0), n(3.0)]);
        body.push(vec![
            e(),
            t("• Có sáng kiến, mô hình hay được cấp có thẩm quyền công nhận"),
            n(2.0),
            n(2.0),
        ]);
        body.push(vec![e(), t("Điểm trừ"), e(), e()]);
        body.push(vec![
            t("-"),
            t("Chậm gửi báo cáo theo quy định"),
            n(3.0),
            n(0.5),
        ]);
        body.push(vec![
            t("–"),
            t("Tập thể, cá nhân bị xử lý kỷ luật trong năm"),
            n(5.0),
            n(0.0),
        ]);
        body.push(vec![
            t("*"),
            t("Không tham gia hoạt động chung của khối"),
            n(2.0),
            n(0.0),
        ]);
        body.push(vec![e(), t("Tổng điểm"), e(), n(100.0)]);
        let sub = check_syt(with_body(body));
        let rules = rules();
        for code in ["IV.1", "IV.3", "V.1", "V.2", "V.3"] {
            assert!(
                sub.entries.contains_key(&rules.criterion(code).unwrap()),
                "{code} read"
            );
        }
        assert_eq!(total_of(&sub), Score::from_int(100), "95,5 + 5 − 0,5");
        let found = severe_but_missing(&sub);
        assert_eq!(found, vec![], "{:#?}", sub.issues);
        // IV.2 (Phó khối) and the disqualifier lines are the only rows not there.
        let missing: Vec<&str> = sub
            .issues
            .iter()
            .filter(|i| i.code == Code::MissingCriterion)
            .filter_map(|i| i.criterion.as_deref())
            .collect();
        assert_eq!(missing, vec!["IV.2", "VI"]);
    }

    #[test]
    fn a_deleted_row_and_the_rest_renumbered_keep_their_scores() {
        // I.2 deleted, I.3 and I.4 renumbered 2 and 3.
        let body: Vec<Vec<Cell>> = scored_sections()
            .into_iter()
            .filter(|r| !matches!(&r[1].value, crate::read::Value::Text(x) if x.starts_with("Thực hiện cải cách")))
            .map(|mut r| {
                if let crate::read::Value::Text(x) = &r[1].value {
                    if x.starts_with("Chấp hành chế độ") {
                        r[0] = t("2");
                    } else if x.starts_with("Thực hiện công tác phòng") {
                        r[0] = t("3");
                    }
                }
                r
            })
            .collect();
        let sub = check_syt(with_body(body));
        let rules = rules();
        let i3 = rules.criterion("I.3").unwrap();
        let i4 = rules.criterion("I.4").unwrap();
        assert_eq!(sub.entries[&i3].self_value, Some(Score::from_int(10)));
        assert_eq!(sub.entries[&i4].self_value, Some(Score::from_int(9)));
        let found: Vec<(String, Option<String>)> = sub
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .map(|i| (i.code.to_string(), i.criterion.clone()))
            .collect();
        assert_eq!(
            found,
            vec![("missing-criterion".to_string(), Some("I.2".to_string()))]
        );
        let note = sub
            .issues
            .iter()
            .find(|i| i.code == Code::RowRenumbered)
            .expect("the renumbered rows are told");
        assert!(
            note.message.contains("ghi số thứ tự \"2\" là tiêu chí I.3"),
            "{}",
            note.message
        );
        assert!(
            note.message.contains("ghi số thứ tự \"3\" là tiêu chí I.4"),
            "{}",
            note.message
        );
    }

    #[test]
    fn bonus_and_deduction_lines_on_a_sheet_of_their_own_are_read() {
        let mut body = scored_sections();
        body.push(vec![e(), t("Tổng cộng"), n(100.0), n(95.5)]);
        let mut wb = with_body(body);
        wb.sheets.push(Sheet::from_rows(
            "Điểm thưởng, trừ",
            vec![
                vec![t("STT"), t("Nội dung"), t("Điểm tối đa"), t("Điểm tự chấm")],
                vec![t("A"), t("Điểm thưởng"), n(5.0), n(3.0)],
                vec![t("1"), t("Đơn vị Trưởng khối"), n(3.0), n(3.0)],
                vec![t("B"), t("Điểm trừ"), n(10.0), n(1.0)],
                vec![t("1"), t("Chậm gửi báo cáo theo quy định"), n(3.0), n(1.0)],
                vec![e(), t("Tổng điểm (Tổng cộng + A - B)"), e(), n(97.5)],
            ],
        ));
        let sub = check_syt(wb.clone());
        let rules = rules();
        let iv1 = rules.criterion("IV.1").unwrap();
        assert_eq!(&*sub.entries[&iv1].sheet, "Điểm thưởng, trừ");
        assert_eq!(sub.entries[&iv1].self_cell.a1(), "D3");
        assert_eq!(total_of(&sub), Score::parse("97,5").unwrap());
        let found = severe_but_missing(&sub);
        assert_eq!(found, vec![], "{:#?}", sub.issues);
    }

    /// The digest is the one the straightforward formatting gives (it
    /// tells a resubmitted file's content from another's across runs).
    #[test]
    fn content_digest_is_the_formatted_records_hash() {
        use sha2::{Digest, Sha256};
        let cell = |value: Value| Cell {
            value,
            ..Cell::default()
        };
        let wb = Workbook {
            sheets: vec![
                Sheet::from_rows(
                    " Tự  chấm ",
                    vec![
                        vec![t("Sở Y tế"), e(), n(19.5), n(-3.0)],
                        vec![t(" \u{200B} "), cell(Value::Bool(true)), t("Cu\u{309B}a")],
                        vec![
                            cell(Value::Error("#REF!".into())),
                            cell(Value::Date("2025-11-25".into())),
                            cell(Value::FormulaWithoutValue("SUM(C1:C9)".into())),
                        ],
                    ],
                ),
                Sheet::from_rows("Trống", vec![]),
            ],
        };
        let mut hasher = Sha256::new();
        for sheet in &wb.sheets {
            hasher.update(b"\x00sheet\x00");
            hasher.update(text::clean(&sheet.name).as_bytes());
            let (end_row, end_col) = sheet.end();
            for r in sheet.origin.0..end_row {
                for c in sheet.origin.1..end_col {
                    let head = format!("\x00{r},{c}\x00");
                    let record = match &sheet.get(r, c).value {
                        Value::Empty => continue,
                        Value::Text(x) if text::clean(x).is_empty() => continue,
                        Value::Text(x) => format!("{head}t{}", text::clean(x)),
                        Value::Number(x) => format!("{head}n{x}"),
                        Value::Bool(x) => format!("{head}b{x}"),
                        Value::Error(x) => format!("{head}e{x}"),
                        Value::Date(x) => format!("{head}d{x}"),
                        Value::FormulaWithoutValue(x) => format!("{head}f{x}"),
                    };
                    hasher.update(record.as_bytes());
                }
            }
        }
        let expected: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(content_digest(&wb), expected);
        assert_eq!(expected.len(), 64);
    }
}
