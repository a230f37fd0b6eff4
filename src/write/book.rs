//! A workbook in the house style (bảng tính theo mẫu): Times New Roman at
//! the default sizes, document properties pinned to the report year so the
//! same input gives the same document; and adding a named sheet to it.
//!
//! Depends on the formats and the bloc; every workbook `write` makes starts
//! here.

use super::formats::{DEFAULT_COL_PX, DEFAULT_ROW_PX, Formats};
use crate::report::BlocInfo;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

/// A new workbook in the house style (Times New Roman, default sizes),
/// with its document properties.
pub(super) fn workbook(
    formats: &Formats,
    bloc: &BlocInfo,
    title: &str,
) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    // Quick: the worksheets are deflated again when the first page is
    // left unnumbered (`pages`), the other parts are small.
    workbook.set_zip_compression_level(1);
    workbook.set_default_format(&formats.default, DEFAULT_ROW_PX, DEFAULT_COL_PX)?;
    workbook.set_properties(&properties(bloc, title));
    Ok(workbook)
}

pub(super) fn add(
    workbook: &mut Workbook,
    name: &str,
    fill: impl FnOnce(&mut Worksheet) -> Result<(), XlsxError>,
) -> Result<(), XlsxError> {
    let ws = workbook.add_worksheet();
    ws.set_name(name)?;
    fill(ws)
}

/// Title, subject and a creation date pinned to 1 January of the report
/// year, so that the same report gives the same document.
fn properties(bloc: &BlocInfo, title: &str) -> DocProperties {
    let subject = format!("{}, {} năm {}", bloc.name, bloc.period.label(), bloc.year);
    let created = u16::try_from(bloc.year)
        .ok()
        .and_then(|year| ExcelDateTime::from_ymd(year, 1, 1).ok())
        .or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).ok());
    let properties = DocProperties::new()
        .set_title(title)
        .set_subject(subject)
        .set_author("thidua")
        .set_company(bloc.name.as_str())
        .set_category("Thi đua, khen thưởng")
        .set_keywords("thi đua, khen thưởng, chấm điểm, tổng hợp");
    match created {
        Some(date) => properties.set_creation_datetime(&date),
        None => properties,
    }
}
