//! Workbooks thidua writes (ghi bảng tính), all printed on A4 in Times New
//! Roman:
//! - the consolidated workbook (bảng tổng hợp kết quả chấm điểm thi đua):
//!   a [`Report`](crate::report::Report) as six sheets — "Tổng hợp", "Chi tiết", "Đề nghị khen
//!   thưởng", "Kiểm tra", "Ghi chú, minh chứng", "Nguồn" (`consolidated`,
//!   and one file per sheet);
//! - the feedback workbooks for units (phiếu phản hồi, `feedback`);
//! - blank scoring templates (bảng tự chấm mẫu, `template`);
//! - a Unicode copy of a submitted workbook (`copy`);
//! - the ballots for the year-end vote (phiếu bầu suy tôn, `ballots`) and
//!   the secretary's count sheet (bảng kiểm phiếu, `count_sheet`);
//! - the meeting's minutes and the proposal letter as .docx (biên bản,
//!   tờ trình, `documents`: the one file that uses the docx library);
//! - the province workbook (`thidua province`: "Các khối", "Danh sách đề
//!   nghị", "Kiểm tra", "Nguồn"; `province`).
//!
//! Depends on `rules`, `report`, `vote`, `score`, `issue`, `text` and the `read`
//! grid types only; never on `check` or `cli`. The xlsx library is an implementation detail:
//! none of its types appear in this module's public API.
//!
//! Every sheet is laid out as an administrative document (Nghị định
//! 30/2020): the bloc and the Quốc hiệu / Tiêu ngữ heading, place and date,
//! title; "Tổng hợp" and "Đề nghị khen thưởng" end with the signatures.
//! Section subtotals and totals are formulas (over "Chi tiết") with their
//! results stored, so viewers that do not recalculate show the same numbers.
//!
//! The output is deterministic: the same report gives the same cells, and
//! the document's creation date is pinned to 1 January of the report year.

mod awards;
mod ballots;
mod book;
mod consolidated;
mod context;
mod copy;
mod count_sheet;
mod detail;
mod documents;
mod error;
mod feedback;
mod formats;
mod issues;
mod notes;
mod pages;
mod province;
mod sheet;
mod sources;
mod summary;
mod template;

pub use ballots::{ballots_bytes, write_ballots};
pub use consolidated::{consolidated_bytes, write_consolidated};
pub use copy::write_unicode_copy;
pub use count_sheet::{count_sheet_bytes, write_count_sheet};
pub use documents::{
    LETTER_FILE, MINUTES_FILE, Meeting, letter_bytes, minutes_bytes, percent_text, write_documents,
};
pub use error::WriteError;
pub use feedback::{Feedback, feedback_workbooks, feedback_zip, write_feedback};
pub use province::{province_bytes, write_province};
pub use summary::PAST_YEARS;
pub use template::{template_bytes, template_name};

use book::{add, workbook};
use context::{Context, Frame};
