//! The bloc's rules file (tệp quy định của khối, TOML): members, criteria
//! tree, award quotas, tie-break order and the vote rules (`[vote]`). Loading is strict and checks
//! itself; every problem is reported at once, each with its line, column
//! and key and what to change, in Vietnamese.
//!
//! Depends on `score` and `text` only; knows nothing of spreadsheets.
//!
//! Rooms: `model` (the checked rules), `index` (keys computed once),
//! `source` (lines, columns, syntax errors), `file` (the TOML as written,
//! read with every key's place), `suggest` (did you mean),
//! `validate` (file to model, every rule checked), `error`,
//! `election` (next year's head and deputies, named and checked),
//! `next_year` (the file edited for the following year).

mod election;
mod error;
mod file;
mod index;
mod model;
mod next_year;
mod province;
mod source;
mod suggest;
mod validate;

pub use election::{Ballot, Election};
pub use error::{RulesError, RulesProblem};
pub use index::{TitleVocabulary, TitleWords, UnitIndex};
pub use model::{
    Award, Basis, Better, Bloc, Criterion, Kind, Measure, Over, PastCondition, Period, Quota, Role,
    Rules, Threshold, TieAfterVote, Unit, Vote, Voters,
};
pub use next_year::NextYear;
pub use province::{AwardQuota, ExpectedBloc, Province};
