//! Ballots printed from another candidate list (danh sách đề cử đã đổi): a
//! filled ballot lists, for its award, the candidates and places of the
//! consolidation it was printed from; when the submissions have changed
//! since (a corrected file, a unit added or removed), the consolidation now
//! proposes other units and the ballot no longer matches. Each such ballot
//! sheet is flagged (`ballot-list-changed`) so that the officer prints the
//! ballots again; it is still counted as printed, the count saying what
//! the voters ticked. The secretary's figures (typed on the page, or a
//! count sheet) are checked the same way (`count-list-changed`).
//!
//! Depends on `issue`, `rules` (the units' names) and the vote's candidate
//! lists, ballots and count sheets.

use super::{SheetBallot, SheetCount, Slate};
use crate::issue::{Code, Issue, Params};
use crate::rules::Rules;

/// Flag each ballot sheet of `ballots` whose candidates (by unit, in order)
/// or places differ from its award's list in `slates` (the current
/// consolidation's); findings go to `issues`.
pub fn flag_changed_lists(slates: &[Slate], ballots: &[SheetBallot], issues: &mut Vec<Issue>) {
    for ballot in ballots {
        let Some(slate) = slates.iter().find(|s| s.award_index == ballot.award) else {
            continue;
        };
        let printed: Vec<&str> = ballot.rows.iter().map(|r| r.unit.as_str()).collect();
        let current: Vec<&str> = slate.candidates.iter().map(|c| c.unit.as_str()).collect();
        let places_differ = ballot.places.is_some_and(|p| p != slate.places);
        if printed == current && !places_differ {
            continue;
        }
        issues.push(
            Issue::new(
                Code::BallotListChanged,
                Params::new()
                    .text("award", slate.award.clone())
                    .texts("printed", ballot.rows.iter().map(|r| r.name.clone()))
                    .texts("current", slate.candidates.iter().map(|c| c.name.clone()))
                    .int("places", slate.places),
            )
            .file(&ballot.file)
            .sheet(&ballot.sheet),
        );
    }
}

/// Flag each count of `sheets` (the secretary's figures) whose candidates
/// (by unit, in order) or places differ from its award's list in `slates`;
/// findings go to `issues`, on the count sheet's file and sheet when it
/// came from one.
pub fn flag_changed_counts(
    rules: &Rules,
    slates: &[Slate],
    sheets: &[SheetCount],
    issues: &mut Vec<Issue>,
) {
    for sheet in sheets {
        let SheetCount::Typed(count) = sheet else {
            continue;
        };
        let Some(slate) = slates.iter().find(|s| s.award_index == count.award) else {
            continue;
        };
        let typed: Vec<&str> = count.candidates.iter().map(|c| c.unit.as_str()).collect();
        let current: Vec<&str> = slate.candidates.iter().map(|c| c.unit.as_str()).collect();
        let places_differ = count.places.is_some_and(|p| p != slate.places);
        if typed == current && !places_differ {
            continue;
        }
        let name = |unit: &str| {
            rules
                .unit(unit)
                .map_or(unit.to_string(), |u| u.name.clone())
        };
        let mut issue = Issue::new(
            Code::CountListChanged,
            Params::new()
                .text("award", slate.award.clone())
                .texts("printed", count.candidates.iter().map(|c| name(&c.unit)))
                .texts("current", slate.candidates.iter().map(|c| c.name.clone()))
                .int("places", slate.places),
        );
        if let Some(at) = &count.at {
            issue = issue.file(&at.file).sheet(&at.sheet);
        }
        issues.push(issue);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vote::{BallotRow, Candidate};

    fn slate(units: &[&str], places: usize) -> Slate {
        Slate {
            award_index: 0,
            award: "Cờ thi đua".into(),
            places,
            ticks: places,
            candidates: units
                .iter()
                .map(|u| Candidate {
                    unit: u.to_string(),
                    name: format!("Sở {u}"),
                    total: None,
                    rank: None,
                    tied: false,
                })
                .collect(),
        }
    }

    fn ballot(units: &[&str], places: Option<usize>) -> SheetBallot {
        SheetBallot {
            file: "phieu.xlsx".into(),
            sheet: "Phiếu 1".into(),
            award: 0,
            places,
            rows: units
                .iter()
                .map(|u| BallotRow {
                    unit: u.to_string(),
                    name: format!("Sở {u}"),
                    rank: None,
                    ticked: false,
                })
                .collect(),
            invalid: false,
        }
    }

    #[test]
    fn only_ballots_of_another_list_are_flagged() {
        let slates = [slate(&["A", "B"], 1)];
        let mut issues = Vec::new();
        flag_changed_lists(&slates, &[ballot(&["A", "B"], Some(1))], &mut issues);
        flag_changed_lists(&slates, &[ballot(&["A", "B"], None)], &mut issues);
        assert!(issues.is_empty());
        flag_changed_lists(&slates, &[ballot(&["A", "C"], Some(1))], &mut issues);
        flag_changed_lists(&slates, &[ballot(&["B", "A"], Some(1))], &mut issues);
        flag_changed_lists(&slates, &[ballot(&["A", "B"], Some(2))], &mut issues);
        assert_eq!(issues.len(), 3);
        assert_eq!(issues[0].code, Code::BallotListChanged);
        assert_eq!(issues[0].sheet.as_deref(), Some("Phiếu 1"));
        assert!(
            issues[0].message.contains("Sở A, Sở C"),
            "{}",
            issues[0].message
        );
        assert!(
            issues[0].message.contains("Sở A, Sở B"),
            "{}",
            issues[0].message
        );
    }

    #[test]
    fn only_counts_typed_for_another_list_are_flagged() {
        use crate::vote::{TypedCount, TypedVotes};
        let rules = crate::rules::Rules::parse(
            "[bloc]\nname = \"Khối\"\nyear = 2025\n[[units]]\nid = \"A\"\nname = \"Sở A\"\n[[units]]\nid = \"B\"\nname = \"Sở B\"\n[[units]]\nid = \"C\"\nname = \"Sở C\"\n[[criteria]]\ncode = \"I\"\ntitle = \"Nhiệm vụ\"\nmax = 10\n[[awards]]\nname = \"Cờ thi đua\"\ncount = 1\n",
            "quy-dinh.toml",
        )
        .unwrap();
        let slates = [slate(&["A", "B"], 1)];
        let typed = |units: &[&str], places: Option<usize>| {
            SheetCount::Typed(TypedCount {
                award: 0,
                places,
                returned: 3,
                invalid: 0,
                candidates: units
                    .iter()
                    .map(|u| TypedVotes {
                        unit: u.to_string(),
                        rank: None,
                        agree: 2,
                        cell: None,
                    })
                    .collect(),
                at: None,
            })
        };
        let mut issues = Vec::new();
        let same = [typed(&["A", "B"], Some(1)), typed(&["A", "B"], None)];
        flag_changed_counts(&rules, &slates, &same, &mut issues);
        assert!(issues.is_empty());
        let other = [typed(&["A", "C"], Some(1)), typed(&["A", "B"], Some(2))];
        flag_changed_counts(&rules, &slates, &other, &mut issues);
        assert_eq!(issues.len(), 2);
        assert_eq!(issues[0].code, Code::CountListChanged);
        assert_eq!(issues[0].file, None);
        assert!(
            issues[0].message.contains("(Sở A, Sở C)"),
            "{}",
            issues[0].message
        );
    }
}
