//! One voter's filled ballot (phiếu bầu) read back from the grid, sheet by
//! sheet: the candidates' rows and their ticks, checked (too many ticks, a
//! mark outside the tick column or an unclear one, a name not on the list →
//! a finding with its file, sheet and cell; the ballot is then not counted
//! for that award).
//!
//! Depends on `rules`, `issue`, `text` and the `read` grid types; reads no
//! file itself and prints nothing.

use super::cells::{award_of, rank_of, text_of, unreadable};
use super::{BALLOT_KEY, KEY_COL, TICK_COL};
use crate::issue::{Code, Issue, Params, a1};
use crate::read::{Sheet, Value, Workbook};
use crate::rules::Rules;

/// One award's sheet of one filled ballot, as read.
#[derive(Clone, Debug)]
pub struct SheetBallot {
    pub file: String,
    pub sheet: String,
    /// Index into `rules.awards`.
    pub award: usize,
    /// Số suất as the ballot was printed, where it says.
    pub places: Option<usize>,
    /// Each candidate row: unit id, name as printed, rank as printed, ticked.
    pub rows: Vec<BallotRow>,
    /// Not counted for this award (its findings are in the issues).
    pub invalid: bool,
}

#[derive(Clone, Debug)]
pub struct BallotRow {
    pub unit: String,
    pub name: String,
    pub rank: Option<u32>,
    pub ticked: bool,
}

/// A tick as voters write it: x (any case), ✓, ✔, v, or the number 1.
fn is_tick(value: &Value) -> bool {
    match value {
        Value::Number(n) => *n == 1.0,
        Value::Text(s) => matches!(
            s.trim().to_lowercase().as_str(),
            "x" | "✓" | "✔" | "v" | "☑" | "☒"
        ),
        Value::Bool(b) => *b,
        _ => false,
    }
}

/// The ballot sheets of one filled workbook, each checked; findings go to
/// `issues`. A workbook without any ballot sheet gives a
/// `ballot-unreadable` finding.
pub fn read_ballots(
    rules: &Rules,
    file: &str,
    workbook: &Workbook,
    issues: &mut Vec<Issue>,
) -> Vec<SheetBallot> {
    let out: Vec<SheetBallot> = workbook
        .sheets
        .iter()
        .filter_map(|sheet| read_sheet(rules, file, sheet, issues))
        .collect();
    if out.is_empty() {
        issues.push(unreadable(
            file,
            "không có trang phiếu bầu do thidua ballots tạo (không thấy cột khoá ẩn G)",
        ));
    }
    out
}

/// One sheet read as a ballot, if it is one (its header row carries the
/// ballot key in the hidden column).
pub(super) fn read_sheet(
    rules: &Rules,
    file: &str,
    sheet: &Sheet,
    issues: &mut Vec<Issue>,
) -> Option<SheetBallot> {
    let (end_row, end_col) = sheet.end();
    let key_col = u32::from(KEY_COL);
    let tick_col = u32::from(TICK_COL);
    let (header, award, places) = (0..end_row.min(200)).find_map(|r| {
        let text = text_of(&sheet.get(r, key_col).value)?;
        let rest = text.strip_prefix(BALLOT_KEY)?.trim();
        let (n, places) = rest.split_once('/').unwrap_or((rest, ""));
        let n: usize = n.trim().parse().ok()?;
        Some((r, n.checked_sub(1)?, places.trim().parse::<usize>().ok()))
    })?;
    let mut ballot = SheetBallot {
        file: file.to_string(),
        sheet: sheet.name.clone(),
        award,
        places,
        rows: Vec::new(),
        invalid: false,
    };
    let award_rules = award_of(rules, award, file, &sheet.name, issues)?;
    let award_name = award_rules.name.as_str();
    let mut found = |code: Code, params: Params, row: u32, col: u32, ballot: &mut SheetBallot| {
        ballot.invalid = true;
        issues.push(
            Issue::new(code, params.text("award", award_name))
                .file(file)
                .sheet(&sheet.name)
                .cell(a1(row, col)),
        );
    };
    let mut ticked = 0usize;
    for r in header + 1..end_row {
        let id = text_of(&sheet.get(r, key_col).value);
        let name = text_of(&sheet.get(r, 1).value);
        let footer =
            text_of(&sheet.get(r, 0).value).is_some_and(|t| t.starts_with("Phiếu bầu kín"));
        match id {
            Some(id) => {
                let tick = &sheet.get(r, tick_col).value;
                let is = is_tick(tick);
                if !is && let Some(text) = text_of(tick) {
                    found(
                        Code::BallotMarkOutside,
                        Params::new().text("text", text).text("where", "tick"),
                        r,
                        tick_col,
                        &mut ballot,
                    );
                }
                let unit = rules.unit(&id);
                let printed = name.clone().unwrap_or_default();
                let same =
                    unit.is_some_and(|u| crate::text::key(&u.name) == crate::text::key(&printed));
                if !same {
                    found(
                        Code::BallotNameNotListed,
                        Params::new().text(
                            "name",
                            if printed.is_empty() {
                                id.clone()
                            } else {
                                printed.clone()
                            },
                        ),
                        r,
                        1,
                        &mut ballot,
                    );
                }
                // The note column holds "Bằng điểm" or nothing; the others
                // hold what thidua printed: a tick there is a mark outside.
                for col in [0u32, 2, 3, 4] {
                    let value = &sheet.get(r, col).value;
                    let typed = match value {
                        Value::Text(t) if col == 4 => {
                            t.trim() != "Bằng điểm" && !t.trim().is_empty()
                        }
                        Value::Text(t) => !t.trim().is_empty(),
                        Value::Bool(_) => true,
                        _ => false,
                    };
                    if typed {
                        found(
                            Code::BallotMarkOutside,
                            Params::new()
                                .text("text", text_of(value).unwrap_or_default())
                                .text("where", "outside"),
                            r,
                            col,
                            &mut ballot,
                        );
                    }
                }
                let rank = rank_of(&sheet.get(r, 3).value);
                if is {
                    ticked += 1;
                }
                ballot.rows.push(BallotRow {
                    unit: id,
                    name: printed,
                    rank,
                    ticked: is,
                });
            }
            None if footer => {}
            None => {
                if let Some(name) = name {
                    found(
                        Code::BallotNameNotListed,
                        Params::new().text("name", name),
                        r,
                        1,
                        &mut ballot,
                    );
                }
                for col in (0..end_col).filter(|&c| c != 1 && c != key_col) {
                    if let Some(text) = text_of(&sheet.get(r, col).value) {
                        found(
                            Code::BallotMarkOutside,
                            Params::new().text("text", text).text("where", "outside"),
                            r,
                            col,
                            &mut ballot,
                        );
                    }
                }
            }
        }
    }
    // Marks to the right of the key column, on the candidate rows.
    for r in header + 1..end_row {
        for col in key_col + 1..end_col {
            if let Some(text) = text_of(&sheet.get(r, col).value) {
                found(
                    Code::BallotMarkOutside,
                    Params::new().text("text", text).text("where", "outside"),
                    r,
                    col,
                    &mut ballot,
                );
            }
        }
    }
    let allowed = award_rules
        .ticks
        .or(places)
        .unwrap_or(match award_rules.quota {
            crate::rules::Quota::Count(n) => n,
            crate::rules::Quota::Share(_) => ballot.rows.len(),
        });
    if ticked > allowed.max(1) {
        let first = header + 1;
        found(
            Code::BallotTooManyTicks,
            Params::new()
                .int("ticked", ticked)
                .int("allowed", allowed.max(1)),
            first,
            tick_col,
            &mut ballot,
        );
    }
    Some(ballot)
}
