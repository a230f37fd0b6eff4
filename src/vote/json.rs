//! The JSON report as users get it (báo cáo JSON): the consolidation's
//! report, and beside it the vote (`"vote"`: the count of the ballots, as
//! `thidua tally --json` writes it, or `null` when no ballot was counted).
//! The one way the report is serialised, for the command line and the web
//! page alike, so that every front end writes the same contract (README,
//! "Báo cáo JSON"): fields are only ever added.
//!
//! Depends on `report` and the vote's count.

use super::Tally;
use crate::report::Report;
use serde::Serialize;

/// The JSON report: the report's fields, then `vote`.
#[derive(Serialize)]
pub struct ReportJson<'a> {
    #[serde(flatten)]
    pub report: &'a Report,
    pub vote: Option<&'a Tally>,
}

/// The JSON report of `report` with the count `vote`, pretty-printed, with
/// a final newline.
pub fn report_json(report: &Report, vote: Option<&Tally>) -> serde_json::Result<String> {
    serde_json::to_string_pretty(&ReportJson { report, vote }).map(|json| json + "\n")
}

/// [`report_json`] written to `out` as it is made (the same bytes), for a
/// report too large to hold twice.
pub fn write_report_json(
    report: &Report,
    vote: Option<&Tally>,
    mut out: impl std::io::Write,
) -> serde_json::Result<()> {
    serde_json::to_writer_pretty(&mut out, &ReportJson { report, vote })?;
    out.write_all(b"\n").map_err(serde_json::Error::io)
}
