//! The count's result (kết quả kiểm phiếu) and how it is reached: the
//! votes of each award — added up from the voters' ballot sheets
//! (`ballot`), or taken from the secretary's count (`typed`, bảng kiểm
//! phiếu; `count_sheet`) where there is one — then the bloc's thresholds
//! applied by one path for both: who is proposed, who did not reach the
//! share, and what is still undecided (a tie at the award's places, a vote
//! without quorum).
//!
//! Depends on `rules`, `issue` and the vote's own readers; reads no file
//! and prints nothing.

use super::ballot::SheetBallot;
use super::count_sheet::SheetCount;
use super::returns::Returns;
use super::typed::TypedCount;
use super::votes::{Voted, Votes};
use crate::issue::{Code, Issue, Params};
use crate::rules::{Over, Rules, Threshold, TieAfterVote};
use serde::Serialize;

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
