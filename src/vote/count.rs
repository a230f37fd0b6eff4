//! The count (kiểm phiếu): each filled ballot sheet (phiếu bầu) read back
//! from the grid, checked (too many ticks, a mark outside the tick column
//! or an unclear one, a name not on the list → a finding with its file,
//! sheet and cell; the ballot is not counted for that award), then the
//! votes added up per award — or taken from the secretary's count
//! (`typed`, bảng kiểm phiếu) where there is one — and the bloc's
//! thresholds applied by one path for both: who is proposed, who did not
//! reach the share, and what is still undecided (a tie at the award's
//! places, a vote without quorum).
//!
//! Depends on `rules`, `issue`, `text` and the `read` grid types; reads no
//! file itself (the caller loads the workbooks) and prints nothing.

use super::count_sheet::{self, SheetCount};
use super::typed::TypedCount;
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

pub(super) fn text_of(value: &Value) -> Option<String> {
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

/// What came back in the file named `file`, from what reading its bytes
/// gave (`read`): its ballot sheets and count sheets added to `returns` as
/// [`read_returns`] reads them, or a `ballot-unreadable` finding when the
/// file could not be read. The one way a returned file becomes votes, for
/// `thidua tally`, `thidua documents` and the web page.
pub fn returns_in(
    rules: &Rules,
    file: &str,
    read: Result<Loaded, ReadError>,
    returns: &mut Returns,
    issues: &mut Vec<Issue>,
) {
    match read {
        Ok(loaded) => read_returns(rules, file, &loaded.workbook, returns, issues),
        Err(e) => issues.push(unreadable(file, e.message().trim_end_matches('.'))),
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

/// What came back for the count: the voters' ballot sheets and the
/// secretary's count sheets, as read.
#[derive(Clone, Debug, Default)]
pub struct Returns {
    pub ballots: Vec<SheetBallot>,
    pub sheets: Vec<SheetCount>,
}

/// Read one returned workbook into `returns`: its ballot sheets, each
/// checked as `read_ballots` does, and its count sheets (bảng kiểm phiếu),
/// each award's figures checked as typed. A workbook with neither gives a
/// `ballot-unreadable` finding.
pub fn read_returns(
    rules: &Rules,
    file: &str,
    workbook: &Workbook,
    returns: &mut Returns,
    issues: &mut Vec<Issue>,
) {
    let before = returns.ballots.len() + returns.sheets.len();
    for sheet in &workbook.sheets {
        match read_sheet(rules, file, sheet, issues) {
            Some(ballot) => returns.ballots.push(ballot),
            None => returns
                .sheets
                .extend(count_sheet::read(rules, file, sheet, issues)),
        }
    }
    if returns.ballots.len() + returns.sheets.len() == before {
        issues.push(unreadable(
            file,
            "không có trang phiếu bầu hay bảng kiểm phiếu do thidua ballots tạo (không thấy cột khoá ẩn G)",
        ));
    }
}

/// The award `index` of the rules, or a `ballot-unreadable` finding saying
/// the sheet names an award the rules do not have.
pub(super) fn award_of<'r>(
    rules: &'r Rules,
    index: usize,
    file: &str,
    sheet: &str,
    issues: &mut Vec<Issue>,
) -> Option<&'r crate::rules::Award> {
    let award = rules.awards.get(index);
    if award.is_none() {
        issues.push(
            unreadable(
                file,
                &format!(
                    "trang \"{sheet}\" là phiếu của hình thức thứ {}, quy định của khối không có hình thức này",
                    index + 1
                ),
            )
            .sheet(sheet),
        );
    }
    award
}

/// A rank as printed (column "Xếp hạng").
pub(super) fn rank_of(value: &Value) -> Option<u32> {
    match value {
        Value::Number(n) if *n >= 1.0 && *n < 1e6 => Some(*n as u32),
        _ => None,
    }
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

/// Add up the ballots: for each award of the rules that has a ballot, the
/// figures (phát ra, thu về, hợp lệ, đồng ý) and each candidate's outcome;
/// ties and a missing quorum become findings in `issues`. An award's places
/// are those printed on its ballot, else its `count`, else the number of
/// candidates.
pub fn count(rules: &Rules, ballots: &[SheetBallot], issues: &mut Vec<Issue>) -> Vec<AwardCount> {
    settle_all(rules, ballots, &[], issues)
}

/// The secretary's counts (bảng kiểm phiếu), wherever they were typed,
/// checked (thu về ≤ phát ra, không hợp lệ ≤ thu về, đồng ý ≤ hợp lệ, units
/// of the rules) and settled exactly as `count` settles ballots.
pub fn count_typed(
    rules: &Rules,
    typed: &[TypedCount],
    issues: &mut Vec<Issue>,
) -> Vec<AwardCount> {
    let sheets: Vec<SheetCount> = typed.iter().cloned().map(SheetCount::Typed).collect();
    settle_all(rules, &[], &sheets, issues)
}

/// Count what came back, ballots and count sheets together. An award with
/// one count sheet is counted from it and its ballots are set aside
/// (`count-sheet-and-ballots`: a vote never counts twice); two count sheets
/// for an award count neither (`count-sheet-twice`); an award whose only
/// source is a blank count sheet is reported (`count-sheet-blank`), never
/// counted as zeros.
pub fn count_returns(rules: &Rules, returns: &Returns, issues: &mut Vec<Issue>) -> Vec<AwardCount> {
    settle_all(rules, &returns.ballots, &returns.sheets, issues)
}

/// One award's votes before the rules are applied, whichever way they came.
pub(super) struct Votes {
    pub places: Option<usize>,
    pub returned: usize,
    pub valid: usize,
    pub candidates: Vec<Voted>,
}

/// One candidate's votes: unit id, name, rank as printed, đồng ý.
pub(super) struct Voted {
    pub unit: String,
    pub name: String,
    pub rank: Option<u32>,
    pub agree: usize,
}

fn settle_all(
    rules: &Rules,
    ballots: &[SheetBallot],
    sheets: &[SheetCount],
    issues: &mut Vec<Issue>,
) -> Vec<AwardCount> {
    let issued = rules.vote.members(rules.units.len());
    // Only figures given from elsewhere (the page) can name an award the
    // rules lack: the sheet's reader checks its own.
    for sheet in sheets.iter().filter(|s| s.award() >= rules.awards.len()) {
        let reason = format!(
            "số liệu kiểm phiếu của hình thức thứ {}, quy định của khối không có hình thức này",
            sheet.award().saturating_add(1)
        );
        let issue = Issue::new(Code::BallotUnreadable, Params::new().text("reason", reason));
        issues.push(match sheet.cells() {
            Some(at) => at.place(issue, &at.returned),
            None => issue,
        });
    }
    let mut out = Vec::new();
    for (index, award) in rules.awards.iter().enumerate() {
        let here: Vec<&SheetBallot> = ballots.iter().filter(|b| b.award == index).collect();
        let (blank, typed): (Vec<&SheetCount>, Vec<&SheetCount>) = sheets
            .iter()
            .filter(|s| s.award() == index)
            .partition(|s| s.is_blank());
        let votes = match typed.as_slice() {
            [] if here.is_empty() => {
                for sheet in blank {
                    issues.push(sheet.finding(Code::CountSheetBlank, Params::new(), award));
                }
                continue;
            }
            [] => ballot_votes(rules, &here),
            [first, rest @ ..] => {
                let source = first.source();
                for sheet in rest {
                    issues.push(sheet.finding(
                        Code::CountSheetTwice,
                        Params::new().text("first", source.clone()),
                        award,
                    ));
                }
                for ballot in &here {
                    issues.push(
                        Issue::new(
                            Code::CountSheetAndBallots,
                            Params::new()
                                .text("award", award.name.as_str())
                                .text("count_file", source.clone()),
                        )
                        .file(&ballot.file)
                        .sheet(&ballot.sheet),
                    );
                }
                match (first, rest) {
                    (SheetCount::Typed(t), []) => match t.votes(rules, award, issued, issues) {
                        Some(votes) => votes,
                        None => continue,
                    },
                    _ => continue,
                }
            }
        };
        out.push(settle(rules, award, issued, votes, issues));
    }
    out
}

/// The ballots of one award (at least one) added up.
fn ballot_votes(rules: &Rules, sheets: &[&SheetBallot]) -> Votes {
    let valid: Vec<&&SheetBallot> = sheets.iter().filter(|b| !b.invalid).collect();
    let first = valid.first().copied().unwrap_or(&sheets[0]);
    Votes {
        places: first.places,
        returned: sheets.len(),
        valid: valid.len(),
        candidates: first
            .rows
            .iter()
            .map(|row| Voted {
                unit: row.unit.clone(),
                name: rules
                    .unit(&row.unit)
                    .map_or(row.name.clone(), |u| u.name.clone()),
                rank: row.rank,
                agree: valid
                    .iter()
                    .filter(|b| b.rows.iter().any(|r| r.unit == row.unit && r.ticked))
                    .count(),
            })
            .collect(),
    }
}

/// One award's votes with the bloc's rules applied: places, quorum, the
/// share each candidate needs, then who fills the places.
fn settle(
    rules: &Rules,
    award: &crate::rules::Award,
    issued: usize,
    votes: Votes,
    issues: &mut Vec<Issue>,
) -> AwardCount {
    let places = votes.places.unwrap_or(match award.quota {
        crate::rules::Quota::Count(n) => n,
        crate::rules::Quota::Share(_) => votes.candidates.len(),
    });
    let threshold = award.threshold;
    let base = match threshold.over {
        Over::Members => issued,
        Over::Valid => votes.valid,
    };
    let quorate = rules.vote.quorate(votes.returned, issued);
    let mut candidates: Vec<CandidateCount> = votes
        .candidates
        .into_iter()
        .map(|v| CandidateCount {
            passes: quorate && threshold.passes(v.agree, base),
            unit: v.unit,
            name: v.name,
            rank: v.rank,
            agree: v.agree,
            outcome: Outcome::NotEnough,
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
                .int("returned", votes.returned)
                .int("issued", issued),
        ));
    } else {
        decide(rules, award.name.as_str(), places, &mut candidates, issues);
    }
    AwardCount {
        award: award.name.clone(),
        places,
        issued,
        returned: votes.returned,
        valid: votes.valid,
        invalid: votes.returned.saturating_sub(votes.valid),
        quorate,
        threshold,
        base,
        candidates,
    }
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
