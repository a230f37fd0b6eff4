//! What came back for the count (phiếu thu về): each returned file's ballot
//! sheets and count sheets, as read, together.
//!
//! Depends on the vote's readers (`ballot`, `count_sheet`, `cells`), `rules`,
//! `issue` and `read`'s results.

use super::ballot::{SheetBallot, read_sheet};
use super::cells::unreadable;
use super::count_sheet::{self, SheetCount};
use crate::issue::Issue;
use crate::read::{Loaded, ReadError, Workbook};
use crate::rules::Rules;

/// What came back for the count: the voters' ballot sheets and the
/// secretary's count sheets, as read.
#[derive(Clone, Debug, Default)]
pub struct Returns {
    pub ballots: Vec<SheetBallot>,
    pub sheets: Vec<SheetCount>,
}

/// Read one returned workbook into `returns`: its ballot sheets, each
/// checked as `read_ballots` does, and its count sheets (bảng kiểm phiếu),
/// each award's figures checked as typed. A workbook with neither gives a
/// `ballot-unreadable` finding.
pub fn read_returns(
    rules: &Rules,
    file: &str,
    workbook: &Workbook,
    returns: &mut Returns,
    issues: &mut Vec<Issue>,
) {
    let before = returns.ballots.len() + returns.sheets.len();
    for sheet in &workbook.sheets {
        match read_sheet(rules, file, sheet, issues) {
            Some(ballot) => returns.ballots.push(ballot),
            None => returns
                .sheets
                .extend(count_sheet::read(rules, file, sheet, issues)),
        }
    }
    if returns.ballots.len() + returns.sheets.len() == before {
        issues.push(unreadable(
            file,
            "không có trang phiếu bầu hay bảng kiểm phiếu do thidua ballots tạo (không thấy cột khoá ẩn G)",
        ));
    }
}

/// What came back in the file named `file`, from what reading its bytes
/// gave (`read`): its ballot sheets and count sheets added to `returns` as
/// [`read_returns`] reads them, or a `ballot-unreadable` finding when the
/// file could not be read. The one way a returned file becomes votes, for
/// `thidua tally`, `thidua documents` and the web page.
pub fn returns_in(
    rules: &Rules,
    file: &str,
    read: Result<Loaded, ReadError>,
    returns: &mut Returns,
    issues: &mut Vec<Issue>,
) {
    match read {
        Ok(loaded) => read_returns(rules, file, &loaded.workbook, returns, issues),
        Err(e) => issues.push(unreadable(file, e.message().trim_end_matches('.'))),
    }
}
