//! The secretary's count (bảng kiểm phiếu) as figures: for one award, the
//! ballots returned, the invalid ones and each candidate's votes, typed
//! after counting paper ballots — on the count sheet (`count_sheet` reads
//! it) or on the web page (where a `form` may still hold blanks; a full one
//! is a `TypedCount`) — and the checks they
//! must pass before `count` settles them exactly as it settles ballots.
//!
//! Depends on `rules` and `issue`; knows nothing of where the figures were
//! typed (a sheet's cells only travel along to name them in findings), and
//! never on `read`, `write`, `web` or `cli`.

use super::votes::{Voted, Votes};
use crate::issue::{Code, Issue, Params};
use crate::rules::{Award, Rules};
use serde::{Deserialize, Serialize};

/// One award's count as typed (bảng kiểm phiếu của một hình thức).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TypedCount {
    /// Index into `rules.awards`.
    pub award: usize,
    /// Số suất as printed, where it says (else the award's `count`, else
    /// the number of candidates, as for a ballot).
    #[serde(default)]
    pub places: Option<usize>,
    /// Số phiếu thu về.
    pub returned: usize,
    /// Số phiếu không hợp lệ.
    pub invalid: usize,
    /// Số phiếu đồng ý of each candidate, in the list's order.
    pub candidates: Vec<TypedVotes>,
    /// Where it was typed, when it came from a sheet.
    #[serde(skip)]
    pub at: Option<TypedCells>,
}

/// One candidate's votes as typed.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TypedVotes {
    /// Mã đơn vị (rules id).
    pub unit: String,
    /// Xếp hạng as printed on the list (breaks a tie with `tie = "ranking"`).
    #[serde(default)]
    pub rank: Option<u32>,
    /// Số phiếu đồng ý.
    pub agree: usize,
    /// The cell it was typed in, when it came from a sheet.
    #[serde(skip)]
    pub cell: Option<String>,
}

/// Where an award's count was typed on a count sheet: the file, the sheet
/// and the cells of số phiếu thu về and số phiếu không hợp lệ.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TypedCells {
    pub file: String,
    pub sheet: String,
    pub returned: String,
    pub invalid: String,
}

impl TypedCells {
    /// A finding at `cell` of this sheet.
    pub(super) fn place(&self, issue: Issue, cell: &str) -> Issue {
        issue.file(&self.file).sheet(&self.sheet).cell(cell)
    }
}

impl TypedCount {
    /// `issue` placed at `cell` of the sheet, when the count came from one.
    fn finding(&self, issue: Issue, cell: Option<&str>) -> Issue {
        match &self.at {
            Some(at) => at.place(issue, cell.unwrap_or_default()),
            None => issue,
        }
    }

    /// The votes, when the figures hold together: thu về ≤ phát ra
    /// (`issued`), không hợp lệ ≤ thu về, each candidate a unit of the
    /// rules named once with đồng ý ≤ hợp lệ. Otherwise each fault is a
    /// finding and the award is not counted from these figures.
    pub(super) fn votes(
        &self,
        rules: &Rules,
        award: &Award,
        issued: usize,
        issues: &mut Vec<Issue>,
    ) -> Option<Votes> {
        let before = issues.len();
        let params = || Params::new().text("award", award.name.as_str());
        if self.returned > issued {
            issues.push(
                self.finding(
                    Issue::new(
                        Code::CountReturnedOverIssued,
                        params()
                            .int("returned", self.returned)
                            .int("issued", issued),
                    ),
                    self.at.as_ref().map(|a| a.returned.as_str()),
                ),
            );
        }
        if self.invalid > self.returned {
            issues.push(
                self.finding(
                    Issue::new(
                        Code::CountInvalidOverReturned,
                        params()
                            .int("invalid", self.invalid)
                            .int("returned", self.returned),
                    ),
                    self.at.as_ref().map(|a| a.invalid.as_str()),
                ),
            );
        }
        let valid = self.returned.saturating_sub(self.invalid);
        let mut candidates = Vec::with_capacity(self.candidates.len());
        for (i, c) in self.candidates.iter().enumerate() {
            let cell = c.cell.as_deref();
            let twice = self.candidates[..i].iter().any(|o| o.unit == c.unit);
            let Some(unit) = rules.unit(&c.unit).filter(|_| !twice) else {
                issues.push(
                    self.finding(
                        Issue::new(
                            Code::CountUnitNotListed,
                            params()
                                .text("unit", c.unit.as_str())
                                .text("why", if twice { "twice" } else { "unknown" }),
                        ),
                        cell,
                    ),
                );
                continue;
            };
            if c.agree > valid && self.invalid <= self.returned {
                issues.push(
                    self.finding(
                        Issue::new(
                            Code::CountAgreeOverValid,
                            params()
                                .text("unit", unit.name.as_str())
                                .int("agree", c.agree)
                                .int("valid", valid),
                        ),
                        cell,
                    ),
                );
            }
            candidates.push(Voted {
                unit: c.unit.clone(),
                name: unit.name.clone(),
                rank: c.rank,
                agree: c.agree,
            });
        }
        (issues.len() == before).then_some(Votes {
            places: self.places,
            returned: self.returned,
            valid,
            candidates,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{TypedCount, TypedVotes};
    use crate::rules::Rules;
    use crate::vote::{BallotRow, SheetBallot, count, count_typed};

    fn rules() -> Rules {
        let text = include_str!("../../samples/khoi-van-hoa-xa-hoi/quy-dinh.toml");
        Rules::parse(text, "quy-dinh.toml").expect("sample rules")
    }

    const UNITS: [(&str, u32); 3] = [("SVHTTDL", 4), ("SKHCN", 5), ("BHXH", 5)];

    /// Nine ballots for the third award (two places): who each voter
    /// ticked, the last one spoiled.
    fn ballots(rules: &Rules) -> Vec<SheetBallot> {
        let ticks: [&[usize]; 9] = [
            &[0, 1],
            &[0, 1],
            &[0, 2],
            &[0, 2],
            &[0, 1],
            &[1, 2],
            &[0],
            &[2],
            &[0, 1],
        ];
        ticks
            .iter()
            .enumerate()
            .map(|(voter, ticked)| SheetBallot {
                file: format!("phieu-{voter}.xlsx"),
                sheet: "Phiếu 3".into(),
                award: 2,
                places: Some(2),
                rows: UNITS
                    .iter()
                    .enumerate()
                    .map(|(i, (unit, rank))| BallotRow {
                        unit: unit.to_string(),
                        name: rules.unit(unit).unwrap().name.clone(),
                        rank: Some(*rank),
                        ticked: ticked.contains(&i),
                    })
                    .collect(),
                invalid: voter == 8,
            })
            .collect()
    }

    #[test]
    fn typed_and_ballots_give_the_same_count() {
        let rules = rules();
        let ballots = ballots(&rules);
        let typed = TypedCount {
            award: 2,
            places: Some(2),
            returned: 9,
            invalid: 1,
            candidates: UNITS
                .iter()
                .enumerate()
                .map(|(i, (unit, rank))| TypedVotes {
                    unit: unit.to_string(),
                    rank: Some(*rank),
                    agree: ballots
                        .iter()
                        .filter(|b| !b.invalid && b.rows[i].ticked)
                        .count(),
                    cell: None,
                })
                .collect(),
            at: None,
        };
        let (mut from_ballots, mut from_typed) = (Vec::new(), Vec::new());
        let a = count(&rules, &ballots, &mut from_ballots);
        let b = count_typed(&rules, &[typed], &mut from_typed);
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::to_value(&b).unwrap()
        );
        assert_eq!(
            serde_json::to_value(&from_ballots).unwrap(),
            serde_json::to_value(&from_typed).unwrap()
        );
        assert_eq!(a.len(), 1);
        let agree: Vec<usize> = a[0].candidates.iter().map(|c| c.agree).collect();
        assert_eq!(agree, [6, 4, 4]);
    }

    #[test]
    fn the_web_form_is_strict() {
        let ok = r#"{"award": 0, "returned": 9, "invalid": 0,
            "candidates": [{"unit": "SYT", "agree": 7}]}"#;
        let typed: TypedCount = serde_json::from_str(ok).unwrap();
        assert_eq!(typed.candidates[0].rank, None);
        for bad in [
            r#"{"award": 0, "returned": 9, "invalid": 0, "candidates": [], "issued": 9}"#,
            r#"{"award": 0, "returned": -1, "invalid": 0, "candidates": []}"#,
            r#"{"award": 0, "returned": 2.5, "invalid": 0, "candidates": []}"#,
            r#"{"award": 0, "returned": 9, "candidates": []}"#,
            r#"{"award": 0, "returned": 9, "invalid": 0, "candidates": [{"unit": "SYT", "agree": 1, "x": 1}]}"#,
        ] {
            assert!(serde_json::from_str::<TypedCount>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn typed_figures_that_do_not_hold_together_are_not_counted() {
        let rules = rules();
        let typed = |returned, invalid, agree: &[(&str, usize)]| TypedCount {
            award: 2,
            places: Some(2),
            returned,
            invalid,
            candidates: agree
                .iter()
                .map(|(unit, agree)| TypedVotes {
                    unit: unit.to_string(),
                    rank: None,
                    agree: *agree,
                    cell: None,
                })
                .collect(),
            at: None,
        };
        for (count, code) in [
            (
                TypedCount {
                    award: 7,
                    ..typed(1, 0, &[])
                },
                "ballot-unreadable",
            ),
            (typed(10, 0, &[("SKHCN", 1)]), "count-returned-over-issued"),
            (typed(5, 6, &[("SKHCN", 1)]), "count-invalid-over-returned"),
            (typed(5, 1, &[("SKHCN", 5)]), "count-agree-over-valid"),
            (typed(5, 1, &[("STP", 1)]), "count-unit-not-listed"),
            (
                typed(5, 1, &[("SKHCN", 1), ("SKHCN", 2)]),
                "count-unit-not-listed",
            ),
        ] {
            let mut issues = Vec::new();
            let awards = count_typed(&rules, &[count], &mut issues);
            assert!(awards.is_empty(), "{code}");
            let codes: Vec<&str> = issues.iter().map(|i| i.code.entry().code).collect();
            assert_eq!(codes, [code]);
        }
    }
}
