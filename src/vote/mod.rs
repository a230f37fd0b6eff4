//! The year-end vote (bỏ phiếu suy tôn): who stands for each award
//! (`candidates`, from the consolidation's report), the count of the
//! ballots that come back (`count`, kiểm phiếu), the ballots printed from a
//! candidate list the consolidation no longer gives (`drift`), and the
//! JSON report with the vote beside the consolidation (`json`).
//!
//! Depends on `report`, `rules`, `score`, `issue` and, for reading filled
//! ballots, the `read` grid types; never on `check`, `write` or `cli`, and
//! prints nothing.

mod candidates;
mod count;
mod drift;
mod json;

pub use candidates::{Candidate, Slate, slates};
pub use count::{
    AwardCount, BallotRow, CandidateCount, Outcome, SheetBallot, Tally, ballots_in, count,
    read_ballots, unreadable,
};
pub use drift::flag_changed_lists;
pub use json::{ReportJson, report_json};

/// The ballot sheet's layout shared by the writer and the count: the tick
/// column ("Đồng ý (x)", column F), the hidden key column after it (G), and
/// the key's prefix on the header row ("phieu-bau:", the award's number
/// from 1, "/" and its places: "phieu-bau:3/3").
pub const TICK_COL: u16 = 5;
pub const KEY_COL: u16 = 6;
pub const BALLOT_KEY: &str = "phieu-bau:";
