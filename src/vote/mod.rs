//! The year-end vote (bỏ phiếu suy tôn): who stands for each award
//! (`candidates`, from the consolidation's report) and the count of the
//! ballots that come back (`count`, kiểm phiếu).
//!
//! Depends on `report`, `rules`, `score`, `issue` and, for reading filled
//! ballots, the `read` grid types; never on `check`, `write` or `cli`, and
//! prints nothing.

mod candidates;
mod count;

pub use candidates::{Candidate, Slate, slates};
pub use count::{
    AwardCount, BallotRow, CandidateCount, Outcome, SheetBallot, Tally, count, read_ballots,
};

/// The ballot sheet's layout shared by the writer and the count: the tick
/// column ("Đồng ý (x)", column F), the hidden key column after it (G), and
/// the key's prefix on the header row ("phieu-bau:", the award's number
/// from 1, "/" and its places: "phieu-bau:3/3").
pub const TICK_COL: u16 = 5;
pub const KEY_COL: u16 = 6;
pub const BALLOT_KEY: &str = "phieu-bau:";
