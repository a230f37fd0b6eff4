//! The bloc's rules file (tệp quy định của khối, TOML): members, criteria
//! tree, award quotas and tie-break order. Loading is strict and checks
//! itself; every error names the file, the key and what to change, in
//! Vietnamese.
//!
//! Depends on `score` and `text` only; knows nothing of spreadsheets.
//!
//! Rooms: `model` (the checked rules), `index` (keys computed once),
//! `file` (the TOML as written), `validate` (file to model, every rule
//! checked), `error`.

mod error;
mod file;
mod index;
mod model;
mod validate;

pub use error::RulesError;
pub use index::{TitleVocabulary, TitleWords, UnitIndex};
pub use model::{Award, Bloc, Criterion, Kind, Period, Quota, Role, Rules, Unit};
