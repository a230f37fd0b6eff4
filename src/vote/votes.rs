//! One award's votes before the rules are applied (số phiếu), whichever
//! way they came: added up from ballots, or typed by the secretary. The
//! form `count` settles.
//!
//! Depends on nothing.

/// One award's votes before the rules are applied, whichever way they came.
pub(super) struct Votes {
    pub places: Option<usize>,
    pub returned: usize,
    pub valid: usize,
    pub candidates: Vec<Voted>,
}

/// One candidate's votes: unit id, name, rank as printed, đồng ý.
pub(super) struct Voted {
    pub unit: String,
    pub name: String,
    pub rank: Option<u32>,
    pub agree: usize,
}
