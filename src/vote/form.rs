//! The secretary's count as typed in a form (số liệu kiểm phiếu nhập trên
//! trang): the same figures as a `TypedCount`, but any of them may still be
//! blank. A form with every figure typed is a `TypedCount`; one typed in
//! part is reported figure by figure (`count-figure-blank`: a blank is
//! never taken as 0) and not counted, as a count sheet's block typed in
//! part; one with nothing typed is nothing.
//!
//! Depends on `rules` and `issue`; knows nothing of the page that keeps the
//! forms, never on `read`, `write`, `web` or `cli`.

use super::count_sheet::SheetCount;
use super::typed::{TypedCount, TypedVotes};
use crate::issue::{Code, Issue, Params};
use crate::rules::Rules;
use serde::Serialize;

/// One award's form: the figures typed so far (`None`: left blank).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TypedForm {
    /// Index into `rules.awards`.
    pub award: usize,
    /// Số suất as the candidate list gives it.
    pub places: Option<usize>,
    /// Số phiếu thu về.
    pub returned: Option<usize>,
    /// Số phiếu không hợp lệ.
    pub invalid: Option<usize>,
    /// Each candidate of the list, in its order.
    pub candidates: Vec<FormVotes>,
}

/// One candidate's line of a form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FormVotes {
    /// Mã đơn vị (rules id).
    pub unit: String,
    /// Xếp hạng as the list gives it.
    pub rank: Option<u32>,
    /// Số phiếu đồng ý.
    pub agree: Option<usize>,
}

impl TypedForm {
    /// Whether nothing is typed in it.
    pub fn is_blank(&self) -> bool {
        self.returned.is_none()
            && self.invalid.is_none()
            && self.candidates.iter().all(|c| c.agree.is_none())
    }

    /// The count this form gives: `None` when nothing is typed; the
    /// figures when every one is typed; otherwise a count that is not
    /// counted, each blank figure a `count-figure-blank` in `issues`.
    pub fn count(&self, rules: &Rules, issues: &mut Vec<Issue>) -> Option<SheetCount> {
        if self.is_blank() {
            return None;
        }
        let agree: Option<Vec<usize>> = self.candidates.iter().map(|c| c.agree).collect();
        if let (Some(returned), Some(invalid), Some(agree)) = (self.returned, self.invalid, agree) {
            return Some(SheetCount::Typed(TypedCount {
                award: self.award,
                places: self.places,
                returned,
                invalid,
                candidates: self
                    .candidates
                    .iter()
                    .zip(agree)
                    .map(|(c, agree)| TypedVotes {
                        unit: c.unit.clone(),
                        rank: c.rank,
                        agree,
                        cell: None,
                    })
                    .collect(),
                at: None,
            }));
        }
        // An award the rules no longer have is reported by the count.
        if let Some(award) = rules.awards.get(self.award) {
            let blank = |what: &str, unit: &str| {
                Issue::new(
                    Code::CountFigureBlank,
                    Params::new()
                        .text("award", award.name.as_str())
                        .text("what", what)
                        .text("unit", unit),
                )
            };
            if self.returned.is_none() {
                issues.push(blank("returned", ""));
            }
            if self.invalid.is_none() {
                issues.push(blank("invalid", ""));
            }
            for c in self.candidates.iter().filter(|c| c.agree.is_none()) {
                let name = rules.unit(&c.unit).map_or(c.unit.as_str(), |u| &u.name);
                issues.push(blank("agree", name));
            }
        }
        Some(SheetCount::Faulty {
            award: self.award,
            at: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{FormVotes, TypedForm};
    use crate::rules::Rules;
    use crate::vote::{Returns, SheetCount, count_returns, count_typed};

    fn rules() -> Rules {
        let text = include_str!("../../samples/khoi-van-hoa-xa-hoi/quy-dinh.toml");
        Rules::parse(text, "quy-dinh.toml").expect("sample rules")
    }

    fn form(returned: Option<usize>, invalid: Option<usize>, agree: &[Option<usize>]) -> TypedForm {
        TypedForm {
            award: 2,
            places: Some(2),
            returned,
            invalid,
            candidates: ["SVHTTDL", "SKHCN", "BHXH"]
                .iter()
                .zip(agree)
                .map(|(unit, agree)| FormVotes {
                    unit: unit.to_string(),
                    rank: Some(4),
                    agree: *agree,
                })
                .collect(),
        }
    }

    #[test]
    fn a_full_form_counts_as_the_typed_count_it_is() {
        let rules = rules();
        let mut issues = Vec::new();
        let full = form(Some(9), Some(1), &[Some(6), Some(4), Some(0)]);
        let Some(SheetCount::Typed(typed)) = full.count(&rules, &mut issues) else {
            panic!("typed");
        };
        assert!(issues.is_empty());
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let returns = Returns {
            ballots: Vec::new(),
            sheets: vec![SheetCount::Typed(typed.clone())],
        };
        let from_form = count_returns(&rules, &returns, &mut a);
        let from_typed = count_typed(&rules, &[typed], &mut b);
        assert_eq!(
            serde_json::to_value(&from_form).unwrap(),
            serde_json::to_value(&from_typed).unwrap()
        );
        assert_eq!(from_form[0].candidates[2].agree, 0);
    }

    #[test]
    fn a_blank_is_never_zero() {
        let rules = rules();
        let mut issues = Vec::new();
        assert_eq!(
            form(None, None, &[None, None, None]).count(&rules, &mut issues),
            None
        );
        assert!(issues.is_empty());
        let partly = form(Some(9), None, &[Some(6), None, Some(0)]);
        let counted = partly.count(&rules, &mut issues);
        assert!(matches!(
            counted,
            Some(SheetCount::Faulty { award: 2, at: None })
        ));
        let what: Vec<String> = issues
            .iter()
            .map(|i| format!("{} {}", i.code.entry().code, i.message))
            .collect();
        assert_eq!(what.len(), 2, "{what:?}");
        assert!(
            what[0].contains("số phiếu không hợp lệ để trống"),
            "{what:?}"
        );
        assert!(
            what[1].contains("số phiếu đồng ý của Sở Khoa học và Công nghệ"),
            "{what:?}"
        );
        let returns = Returns {
            ballots: Vec::new(),
            sheets: counted.into_iter().collect(),
        };
        assert!(count_returns(&rules, &returns, &mut issues).is_empty());
    }
}
