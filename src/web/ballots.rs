//! The filled ballots of a working session (phiếu bầu đã điền) and their
//! count (kiểm phiếu): each uploaded workbook read once against the
//! session's rules, with the session's reader (worker processes for
//! `thidua serve`) and guarded as the units' files are — a file that cannot
//! be read, or a defect in the tool, becomes a `ballot-unreadable` finding,
//! never a failure — then every sheet checked and counted by the same
//! `vote` functions as `thidua tally`. The count is made again whenever the
//! ballots, the rules or the submissions change, and the ballots are
//! checked against the candidate lists of the current consolidation: a
//! ballot printed from a list the consolidation no longer gives is flagged
//! (`ballot-list-changed`; the typed figures and count sheets likewise,
//! `count-list-changed`).
//!
//! The secretary's figures typed on the page (`typed`, one form per award)
//! are the second source beside `files`, counted with them in
//! [`Ballots::recount`], the one place the count is made, by the rule of
//! `thidua tally` for a count sheet beside ballots: an award with typed
//! figures is counted from them and its ballot sheets are set aside
//! (`count-sheet-and-ballots`); typed figures and an uploaded count sheet
//! for the same award count neither (`count-sheet-twice`), so that no vote
//! counts twice. A form typed in part counts nothing for its award (each
//! blank figure a `count-figure-blank`). The forms are kept as typed
//! through every recount; the view and the JSON report's `vote` read
//! `tally` only.
//!
//! Depends on `vote`, `pipeline` (the reader), `rules`, `report`, `issue`;
//! knows nothing of HTTP.

use super::names::same_name;
use crate::issue::Issue;
use crate::pipeline::Reader;
use crate::report::Report;
use crate::rules::{Period, Rules};
use crate::vote::{self, Returns, Slate, Tally, TypedForm};

/// One voter's filled ballot workbook, as uploaded.
pub struct BallotFile {
    /// The file name as the browser sent it, cleaned; never used as a path.
    pub name: String,
    pub bytes: Vec<u8>,
    /// What reading it against the session's rules gave; `None` until
    /// there are rules.
    read: Option<Read>,
}

/// A returned file's ballot sheets and count sheets, and what reading
/// them found.
struct Read {
    returns: Returns,
    issues: Vec<Issue>,
}

impl BallotFile {
    /// How many ballot sheets (one per award) and count sheets' awards
    /// were found in it.
    pub fn sheets(&self) -> usize {
        self.read
            .as_ref()
            .map_or(0, |r| r.returns.ballots.len() + r.returns.sheets.len())
    }
}

/// A session's ballots and their count.
#[derive(Default)]
pub struct Ballots {
    /// Sorted by name, as `thidua tally` reads a folder.
    pub files: Vec<BallotFile>,
    /// The figures typed on the page, one form per award, as typed (blank
    /// figures kept blank).
    pub typed: Vec<TypedForm>,
    /// The count of `files` and `typed`; `None` while there is neither (or
    /// no rules).
    pub tally: Option<Tally>,
}

impl Ballots {
    /// Add the ballot `name` read with `reader` against `rules`, replacing
    /// the one of the same name (as Windows compares names) and the one
    /// named `replace`. The caller recounts.
    pub fn put(
        &mut self,
        reader: &Reader,
        rules: Option<&Rules>,
        name: String,
        bytes: Vec<u8>,
        replace: Option<&str>,
    ) {
        let read = rules.map(|rules| read(reader, rules, &name, &bytes));
        self.files.retain(|f| {
            !same_name(&f.name, &name) && !replace.is_some_and(|r| same_name(r, &f.name))
        });
        let at = self.files.partition_point(|f| f.name < name);
        self.files.insert(at, BallotFile { name, bytes, read });
    }

    /// The ballot already held under the name `name`.
    pub fn same_name(&self, name: &str) -> Option<&BallotFile> {
        self.files.iter().find(|f| same_name(&f.name, name))
    }

    /// Remove the ballot named `name`; whether it was there. The caller
    /// recounts.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.files.len();
        self.files.retain(|f| f.name != name);
        self.files.len() != before
    }

    /// Read every ballot again against new `rules` (the awards and units
    /// the sheets are checked against).
    pub fn reread(&mut self, reader: &Reader, rules: &Rules) {
        for file in &mut self.files {
            file.read = Some(read(reader, rules, &file.name, &file.bytes));
        }
    }

    /// Count the ballots and the typed figures under `rules`, checking the
    /// ballots against the candidate lists of `report` (the session's
    /// consolidation): what `thidua tally` gives for the same files (and
    /// for a count sheet typed with the same figures), and the ballots
    /// printed from another list.
    pub fn recount(&mut self, rules: Option<&Rules>, report: Option<&Report>) {
        self.tally = match rules {
            Some(rules) if !self.files.is_empty() || !self.typed.is_empty() => {
                let mut issues = Vec::new();
                let mut returns = Returns::default();
                // First, so that an uploaded count sheet for the same award
                // is the one named "twice".
                for form in &self.typed {
                    returns.sheets.extend(form.count(rules, &mut issues));
                }
                for read in self.files.iter().filter_map(|f| f.read.as_ref()) {
                    issues.extend(read.issues.iter().cloned());
                    returns.ballots.extend(read.returns.ballots.iter().cloned());
                    returns.sheets.extend(read.returns.sheets.iter().cloned());
                }
                if let Some(report) = report {
                    let slates = slates(rules, report);
                    vote::flag_changed_lists(&slates, &returns.ballots, &mut issues);
                    vote::flag_changed_counts(rules, &slates, &returns.sheets, &mut issues);
                }
                let awards = vote::count_returns(rules, &returns, &mut issues);
                Some(Tally { awards, issues })
            }
            _ => None,
        };
    }
}

/// The candidate lists the ballots of `report` list, as `thidua ballots`
/// prints them: none in a half-year review.
pub fn slates(rules: &Rules, report: &Report) -> Vec<Slate> {
    if report.bloc.period == Period::Annual {
        vote::slates(rules, report)
    } else {
        Vec::new()
    }
}

/// The ballot file `name` read with `reader` and checked against `rules`;
/// a defect in the tool becomes a finding on the file.
fn read(reader: &Reader, rules: &Rules, name: &str, bytes: &[u8]) -> Read {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut issues = Vec::new();
        let mut returns = Returns::default();
        vote::returns_in(rules, name, reader.load(bytes), &mut returns, &mut issues);
        Read { returns, issues }
    }))
    .unwrap_or_else(|_| Read {
        returns: Returns::default(),
        issues: vec![vote::unreadable(
            name,
            "thidua gặp lỗi nội bộ khi đọc tệp này",
        )],
    })
}
