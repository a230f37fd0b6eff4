//! Which file counts for each unit (chọn bài nộp): the files grouped by the
//! unit they were identified as, copies and older versions set aside (see
//! `versions`), and each unit's submission in use summed.
//!
//! Depends on `check` results, `rules` and `issue`.

use super::FileResult;
use super::versions;
use crate::check::Submission;
use crate::check::tally::{Tally, tally};
use crate::issue::Issue;
use crate::report::Status;
use crate::rules::Rules;
use std::collections::{BTreeMap, BTreeSet};

/// A unit's submission in use, with its sums.
pub(super) struct Scored<'a> {
    pub unit: usize,
    pub sub: &'a Submission,
    pub self_tally: Tally,
    pub final_tally: Tally,
}

/// What selection decided, unit by unit (indices into `rules.units`).
pub(super) struct Selection<'a> {
    pub statuses: Vec<Status>,
    /// The file each unit is shown with: the one used, else its first.
    pub files_of: Vec<Option<String>>,
    /// The submissions in use, in unit order.
    pub scored: Vec<Scored<'a>>,
    /// Files set aside (copies, older versions): their findings are left out.
    pub set_aside: BTreeSet<String>,
}

/// Choose each unit's submission among `files`; findings of the choice go
/// to `issues`.
pub(super) fn select<'a>(
    rules: &Rules,
    files: &'a [FileResult],
    issues: &mut Vec<Issue>,
) -> Selection<'a> {
    let mut by_unit: BTreeMap<usize, Vec<&FileResult>> = BTreeMap::new();
    for f in files {
        issues.extend(f.issues.iter().cloned());
        if let Some(sub) = &f.submission {
            issues.extend(sub.issues.iter().cloned());
            if let Some(u) = sub
                .unit
                .as_deref()
                .and_then(|id| rules.unit_index.position(id))
            {
                by_unit.entry(u).or_default().push(f);
            }
        }
    }

    // Copies and older versions set aside: their findings are left out.
    let mut set_aside: BTreeSet<String> = BTreeSet::new();
    let mut statuses = vec![Status::Missing; rules.units.len()];
    let mut files_of: Vec<Option<String>> = vec![None; rules.units.len()];
    let mut scored: Vec<Scored> = Vec::new();
    for (&u, subs) in &by_unit {
        let unit = &rules.units[u];
        let usable: Vec<&FileResult> = subs
            .iter()
            .copied()
            .filter(|f| f.submission.as_ref().is_some_and(|s| s.table_found))
            .collect();
        files_of[u] = subs.first().map(|f| f.source.file.clone());
        if usable.is_empty() {
            statuses[u] = Status::Rejected;
            continue;
        }
        let choice = versions::choose(unit, &usable);
        issues.extend(choice.issues);
        set_aside.extend(choice.set_aside.iter().map(|f| f.source.file.clone()));
        let Some(used) = choice.used else {
            statuses[u] = Status::Rejected;
            continue;
        };
        let Some(sub) = used.submission.as_ref() else {
            continue;
        };
        statuses[u] = Status::Ok;
        files_of[u] = Some(used.source.file.clone());
        scored.push(Scored {
            unit: u,
            sub,
            self_tally: tally(rules, |i| sub.entries.get(&i).map(|_| sub.self_counted(i))),
            final_tally: tally(rules, |i| sub.entries.get(&i).map(|_| sub.final_counted(i))),
        });
    }
    Selection {
        statuses,
        files_of,
        scored,
        set_aside,
    }
}
