//! The count (kiểm phiếu): each filled ballot sheet (phiếu bầu) read back
//! from the grid, checked (too many ticks, a mark outside the tick column
//! or an unclear one, a name not on the list → a finding with its file,
//! sheet and cell; the ballot is not counted for that award), then the
//! votes added up per award and the bloc's thresholds applied: who is
//! proposed, who did not reach the share, and what is still undecided
//! (a tie at the award's places, a vote without quorum).
//!
//! Depends on `rules`, `issue`, `text` and the `read` grid types; reads no
//! file itself (the caller loads the workbooks) and prints nothing.

use super::{BALLOT_KEY, KEY_COL, TICK_COL};
use crate::issue::{Code, Issue, Params, a1};
use crate::read::{Loaded, ReadError, Sheet, Value, Workbook};
use crate::rules::{Over, Rules, Threshold, TieAfterVote};
use serde::Serialize;

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

/// What the count found for one award.
#[derive(Clone, Debug, Serialize)]
pub struct AwardCount {
    pub award: String,
    /// Số suất (the award's `ticks`, else its quota, as the ballot said).
    pub places: usize,
    /// Phiếu phát ra: one per member unit, or the delegates called.
    pub issued: usize,
    /// Phiếu thu về.
    pub returned: usize,
    /// Phiếu hợp lệ.
    pub valid: usize,
    /// Phiếu không hợp lệ.
    pub invalid: usize,
    /// Whether enough ballots came back (`[vote]` `quorum`).
    pub quorate: bool,
    pub threshold: Threshold,
    /// What the share is taken of: `issued` or `valid`.
    pub base: usize,
    pub candidates: Vec<CandidateCount>,
}

/// One candidate's votes and outcome.
#[derive(Clone, Debug, Serialize)]
pub struct CandidateCount {
    pub unit: String,
    pub name: String,
    pub rank: Option<u32>,
    /// Số phiếu đồng ý.
    pub agree: usize,
    /// Đạt tỷ lệ.
    pub passes: bool,
    pub outcome: Outcome,
}

/// What became of a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Được đề nghị.
    Proposed,
    /// Không đạt tỷ lệ phiếu đồng ý.
    NotEnough,
    /// Đạt tỷ lệ nhưng hết suất.
    NoPlace,
    /// Chưa quyết định: tie at the places, or no quorum.
    Undecided,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Proposed => "được đề nghị",
            Outcome::NotEnough => "không đạt tỷ lệ",
            Outcome::NoPlace => "đạt tỷ lệ nhưng hết suất",
            Outcome::Undecided => "chưa quyết định",
        }
    }
}

/// The whole count.
#[derive(Clone, Debug, Serialize)]
pub struct Tally {
    pub awards: Vec<AwardCount>,
    pub issues: Vec<Issue>,
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::Empty => None,
        Value::Text(s) if s.trim().is_empty() => None,
        Value::Text(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(format!("{n}")),
        Value::Bool(b) => Some(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Value::Error(e) | Value::Date(e) | Value::FormulaWithoutValue(e) => Some(e.clone()),
    }
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

/// The ballot sheets of the file named `file`, from what reading its bytes
/// gave (`read`): each sheet checked as [`read_ballots`] does, or a
/// `ballot-unreadable` finding when the file could not be read. The one way
/// a ballot file becomes ballots, for `thidua tally` and the web page.
pub fn ballots_in(
    rules: &Rules,
    file: &str,
    read: Result<Loaded, ReadError>,
    issues: &mut Vec<Issue>,
) -> Vec<SheetBallot> {
    match read {
        Ok(loaded) => read_ballots(rules, file, &loaded.workbook, issues),
        Err(e) => {
            issues.push(unreadable(file, e.message().trim_end_matches('.')));
            Vec::new()
        }
    }
}

/// `ballot-unreadable` on `file`, saying why.
pub fn unreadable(file: &str, reason: &str) -> Issue {
    Issue::new(
        Code::BallotUnreadable,
        Params::new().text("reason", reason.to_string()),
    )
    .file(file)
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
    let mut out = Vec::new();
    for sheet in &workbook.sheets {
        if let Some(ballot) = read_sheet(rules, file, sheet, issues) {
            out.push(ballot);
        }
    }
    if out.is_empty() {
        issues.push(unreadable(
            file,
            "không có trang phiếu bầu do thidua ballots tạo (không thấy cột khoá ẩn G)",
        ));
    }
    out
}

fn read_sheet(
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
    let Some(award_rules) = rules.awards.get(award) else {
        issues.push(
            Issue::new(
                Code::BallotUnreadable,
                Params::new().text(
                    "reason",
                    format!(
                        "trang \"{}\" là phiếu của hình thức thứ {}, quy định của khối không có hình thức này",
                        sheet.name,
                        award + 1
                    ),
                ),
            )
            .file(file)
            .sheet(&sheet.name),
        );
        return None;
    };
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
                let rank = match &sheet.get(r, 3).value {
                    Value::Number(n) if *n >= 1.0 && *n < 1e6 => Some(*n as u32),
                    _ => None,
                };
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

/// Add up the ballots: for each award of the rules that has a ballot, the
/// figures (phát ra, thu về, hợp lệ, đồng ý) and each candidate's outcome;
/// ties and a missing quorum become findings in `issues`. An award's places
/// are those printed on its ballot, else its `count`, else the number of
/// candidates.
pub fn count(rules: &Rules, ballots: &[SheetBallot], issues: &mut Vec<Issue>) -> Vec<AwardCount> {
    let issued = rules.vote.members(rules.units.len());
    let mut out = Vec::new();
    for (index, award) in rules.awards.iter().enumerate() {
        let sheets: Vec<&SheetBallot> = ballots.iter().filter(|b| b.award == index).collect();
        let Some(first) = sheets.iter().find(|b| !b.invalid).or(sheets.first()) else {
            continue;
        };
        let returned = sheets.len();
        let valid = sheets.iter().filter(|b| !b.invalid).count();
        let places = first.places.unwrap_or(match award.quota {
            crate::rules::Quota::Count(n) => n,
            crate::rules::Quota::Share(_) => first.rows.len(),
        });
        let threshold = award.threshold;
        let base = match threshold.over {
            Over::Members => issued,
            Over::Valid => valid,
        };
        let quorate = rules.vote.quorate(returned, issued);
        let mut candidates: Vec<CandidateCount> = first
            .rows
            .iter()
            .map(|row| {
                let agree = sheets
                    .iter()
                    .filter(|b| !b.invalid)
                    .filter(|b| b.rows.iter().any(|r| r.unit == row.unit && r.ticked))
                    .count();
                CandidateCount {
                    unit: row.unit.clone(),
                    name: rules
                        .unit(&row.unit)
                        .map_or(row.name.clone(), |u| u.name.clone()),
                    rank: row.rank,
                    agree,
                    passes: quorate && threshold.passes(agree, base),
                    outcome: Outcome::NotEnough,
                }
            })
            .collect();
        if !quorate {
            for c in &mut candidates {
                c.outcome = Outcome::Undecided;
            }
            issues.push(Issue::new(
                Code::VoteNoQuorum,
                Params::new()
                    .text("award", award.name.as_str())
                    .int("returned", returned)
                    .int("issued", issued),
            ));
        } else {
            decide(rules, award.name.as_str(), places, &mut candidates, issues);
        }
        out.push(AwardCount {
            award: award.name.clone(),
            places,
            issued,
            returned,
            valid,
            invalid: returned - valid,
            quorate,
            threshold,
            base,
            candidates,
        });
    }
    out
}

/// The passing candidates by votes (then rank, where the bloc breaks ties
/// by the ranking) fill the places; a tie across the last place is left
/// undecided.
fn decide(
    rules: &Rules,
    award: &str,
    places: usize,
    candidates: &mut [CandidateCount],
    issues: &mut Vec<Issue>,
) {
    let by_rank = rules.vote.tie == TieAfterVote::Ranking;
    let key = |c: &CandidateCount| {
        (
            std::cmp::Reverse(c.agree),
            if by_rank {
                c.rank.unwrap_or(u32::MAX)
            } else {
                0
            },
        )
    };
    let mut passing: Vec<usize> = (0..candidates.len())
        .filter(|&i| candidates[i].passes)
        .collect();
    passing.sort_by_key(|&i| (key(&candidates[i]), i));
    if passing.len() <= places {
        for &i in &passing {
            candidates[i].outcome = Outcome::Proposed;
        }
        return;
    }
    let cut = key(&candidates[passing[places]]);
    let last_in = places.checked_sub(1).map(|p| key(&candidates[passing[p]]));
    if last_in == Some(cut) {
        let tied: Vec<usize> = passing
            .iter()
            .copied()
            .filter(|&i| key(&candidates[i]) == cut)
            .collect();
        let before = passing
            .iter()
            .take_while(|&&i| key(&candidates[i]) != cut)
            .count();
        for &i in &passing[..before] {
            candidates[i].outcome = Outcome::Proposed;
        }
        for &i in &tied {
            candidates[i].outcome = Outcome::Undecided;
        }
        for &i in &passing[before + tied.len()..] {
            candidates[i].outcome = Outcome::NoPlace;
        }
        issues.push(Issue::new(
            Code::VoteTie,
            Params::new()
                .text("award", award)
                .texts("units", tied.iter().map(|&i| candidates[i].name.clone()))
                .int("agree", candidates[tied[0]].agree)
                .int("places", places - before),
        ));
    } else {
        for (n, &i) in passing.iter().enumerate() {
            candidates[i].outcome = if n < places {
                Outcome::Proposed
            } else {
                Outcome::NoPlace
            };
        }
    }
}
