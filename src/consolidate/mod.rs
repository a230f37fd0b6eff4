//! Consolidation (tổng hợp): from checked submissions to the bloc's result —
//! one submission per unit, totals, ranking with ties, award proposals.
//!
//! Depends on `check` results, `rules`, `report`, `score`, `issue`; never on
//! reading files, writing workbooks or printing.
//!
//! Rooms: `select` (which file counts for each unit, with `versions`),
//! `measure` (criteria scored against the bloc, from every unit's figure),
//! `totals` (each unit's scores and totals), `rank`, `award` (with `past`,
//! its conditions over past years), and
//! `outcome`, which runs them in turn.

mod award;
mod files;
mod measure;
mod outcome;
mod past;
mod rank;
mod select;
mod totals;
mod versions;

pub use files::FileResult;
pub use outcome::{consolidate, consolidate_with};
