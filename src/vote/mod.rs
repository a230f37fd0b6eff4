//! The year-end vote (bỏ phiếu suy tôn): who stands for each award
//! (`candidates`, from the consolidation's report), what comes back
//! (`returns`: the voters' filled ballots, read by `ballot`, and the
//! secretary's count sheets, read by `count_sheet`, both through `cells`;
//! or the figures typed in the web page's form, `form`, where a figure may
//! still be blank), the secretary's figures checked (`typed`), and the
//! count (`count`, kiểm phiếu) settling every award's votes (`votes`) by
//! the same rules; the ballots printed from a candidate list the
//! consolidation no longer gives (`drift`), and the JSON report with the
//! vote beside the consolidation (`json`).
//!
//! Depends on `report`, `rules`, `score`, `issue` and, for reading filled
//! ballots, the `read` grid types; never on `check`, `write` or `cli`, and
//! prints nothing.

mod ballot;
mod candidates;
mod cells;
mod count;
mod count_sheet;
mod drift;
mod form;
mod json;
mod returns;
mod typed;
mod votes;

pub use ballot::{BallotRow, SheetBallot, read_ballots};
pub use candidates::{Candidate, Slate, slates};
pub use cells::unreadable;
pub use count::{AwardCount, CandidateCount, Outcome, Tally, count, count_returns, count_typed};
pub use count_sheet::SheetCount;
pub use drift::{flag_changed_counts, flag_changed_lists};
pub use form::{FormVotes, TypedForm};
pub use json::{ReportJson, report_json, write_report_json};
pub use returns::{Returns, read_returns, returns_in};
pub use typed::{TypedCells, TypedCount, TypedVotes};

/// The ballot sheet's layout shared by the writer and the count: the tick
/// column ("Đồng ý (x)", column F), the hidden key column after it (G), and
/// the key's prefix on the header row ("phieu-bau:", the award's number
/// from 1, "/" and its places: "phieu-bau:3/3").
pub const TICK_COL: u16 = 5;
pub const KEY_COL: u16 = 6;
pub const BALLOT_KEY: &str = "phieu-bau:";

/// The count sheet's keys (bảng kiểm phiếu), in the same hidden column:
/// "kiem-phieu:" with the award's number from 1, "/" and its places on
/// each award's first row ("kiem-phieu:2/1"), then the rows of the figures
/// the secretary types in column F, then one row per candidate (its unit
/// id, the votes in column F).
pub const COUNT_KEY: &str = "kiem-phieu:";
/// Phiếu phát ra (printed from `[vote]`, not read back).
pub const ISSUED_KEY: &str = "kiem-phieu:phat-ra";
/// Phiếu thu về.
pub const RETURNED_KEY: &str = "kiem-phieu:thu-ve";
/// Phiếu không hợp lệ.
pub const INVALID_KEY: &str = "kiem-phieu:khong-hop-le";
