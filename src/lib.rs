//! thidua: consolidates Vietnamese emulation-bloc scoring workbooks
//! (tổng hợp bảng tự chấm điểm thi đua của khối).
//!
//! Layers, dependencies pointing down only:
//! - `score`, `text`, `issue`: exact decimals, Vietnamese normalisation, findings;
//! - `rules`, `read`: the bloc's rules file, and workbooks as cell grids;
//! - `worker`: reading untrusted files in worker processes with a memory
//!   budget and a deadline;
//! - `check`, `consolidate`: submissions checked against the rules, ranking and awards;
//! - `province`: the province's view of all blocs (`thidua province`),
//!   above `pipeline`;
//! - `write`, `report`: the consolidated workbook and the JSON report;
//! - `cli`, `web`: the command line (all printing and exit codes) and the
//!   local web page (`thidua serve`).

pub mod check;
pub mod cli;
pub mod consolidate;
pub mod decode;
pub mod history;
pub mod issue;
pub mod pipeline;
pub mod province;
pub mod read;
pub mod report;
pub mod rules;
pub mod score;
pub mod text;
pub mod vote;
pub mod web;
pub mod worker;
pub mod write;
