//! Blank scoring templates (bảng tự chấm mẫu): the sheet a member unit
//! fills, made from the bloc's rules so that what comes back reads exactly —
//! the unit's heading block and "Đơn vị:" line, every criterion with its
//! maximum, the self-score cells open with data validation (0..max, the
//! allowed levels, Có/Không), everything else locked by sheet protection
//! without a password, subtotals and the total as formulas, and an
//! instructions sheet.
//!
//! Depends on `rules`, `report` (the bloc's heading data) and `score`; must
//! not depend on `read`, `check` or `cli`.

use super::formats::Formats;
use super::sheet::{self, Page};
use super::{Frame, WriteError, add};
use crate::report::BlocInfo;
use crate::rules::{Criterion, Kind, Period, Rules, Unit};
use crate::score::Score;
use rust_xlsxwriter::{
    ColNum, Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, RowNum,
    Worksheet, XlsxError,
};

/// Sheet names.
pub(super) const SHEET: &str = "Bảng tự chấm";
pub(super) const GUIDE: &str = "Hướng dẫn";

/// Columns as the importer reads them: labels it recognises.
const COLUMNS: [(&str, f64); 6] = [
    ("STT", 6.0),
    ("Nội dung tiêu chí", 50.0),
    ("Điểm chuẩn", 9.0),
    ("Điểm tự chấm", 10.0),
    ("Điểm khối chấm", 10.0),
    ("Ghi chú", 22.0),
];
/// The column a unit types its figures in, placed before the self-score
/// where the rules have criteria scored against the bloc.
const RESULT_COLUMN: (&str, f64) = ("Kết quả thực hiện", 11.0);

/// Where the template's columns are: the figures column only when the
/// rules have criteria scored against the bloc (`kind = "relative"` or
/// `"target"`), so the other templates keep their layout.
struct Cols {
    list: Vec<(&'static str, f64)>,
    result: Option<ColNum>,
    self_col: ColNum,
    review: ColNum,
    note: ColNum,
    last: ColNum,
}

impl Cols {
    fn of(rules: &Rules) -> Cols {
        let mut list = COLUMNS.to_vec();
        let measured = rules.criteria.iter().any(|c| c.measure.is_some());
        if measured {
            list.insert(3, RESULT_COLUMN);
        }
        let shift = ColNum::from(measured);
        Cols {
            result: measured.then_some(3),
            self_col: 3 + shift,
            review: 4 + shift,
            note: 5 + shift,
            last: list.len() as ColNum - 1,
            list,
        }
    }
}

/// Light yellow: the cells a unit fills.
const INPUT_FILL: u32 = 0xFFF8D6;

/// The open (unlocked) formats of the input cells.
struct InputFormats {
    number: Format,
    text: Format,
    center: Format,
}

impl InputFormats {
    fn new(f: &Formats) -> InputFormats {
        let open = |format: &Format| {
            format
                .clone()
                .set_unlocked()
                .set_background_color(Color::RGB(INPUT_FILL))
        };
        InputFormats {
            number: open(&f.number),
            text: open(&f.text),
            center: open(&f.center),
        }
    }
}

/// The title: "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025", or the half-year one.
fn title(cx: &Frame) -> String {
    format!("BẢNG TỰ CHẤM ĐIỂM THI ĐUA {}", sheet::period_title(cx.bloc))
}

/// Write the scoring sheet for `unit` (`None`: a sheet any unit can fill,
/// with its name left to type).
pub(super) fn write(ws: &mut Worksheet, cx: &Frame, unit: Option<&Unit>) -> Result<(), XlsxError> {
    let f = cx.formats;
    let open = InputFormats::new(f);
    let cols = Cols::of(cx.rules);
    let (self_col, review_col, note_col, last_col) =
        (cols.self_col, cols.review, cols.note, cols.last);
    let widths = sheet::columns(ws, &cols.list)?;
    let issuer = unit.map_or("TÊN ĐƠN VỊ", |u| u.name.as_str());
    let mut row = sheet::heading_of(
        ws,
        cx,
        issuer,
        &title(cx),
        &format!("({})", cx.bloc.name),
        &widths,
    )?;

    // "Đơn vị: …": the line the importer reads the unit from.
    match unit {
        Some(u) => sheet::merge(
            ws,
            row,
            0,
            last_col,
            &format!("Đơn vị: {}", u.name),
            &f.line_bold,
        )?,
        None => {
            sheet::merge(ws, row, 0, 1, "Đơn vị:", &f.line_bold)?;
            ws.merge_range(row, 2, row, last_col, "", &open.text)?;
        }
    }
    ws.set_row_height(row, 22)?;
    row += 2;

    let header = row;
    sheet::header_row(ws, row, &cols.list, &f.header, 34.0)?;
    row += 1;

    let first = row;
    let rows: Vec<RowNum> = (first..).take(cx.rules.criteria.len()).collect();
    for (k, c) in cx.rules.criteria.iter().enumerate() {
        let r = rows[k];
        sheet::text(ws, r, 0, &c.label, f.label(c.depth))?;
        let title_format = if c.depth == 0 { &f.text_bold } else { &f.text };
        sheet::text(ws, r, 1, &c.title, title_format)?;
        sheet::score(ws, r, 2, c.max, &f.number)?;
        if let Some(rc) = cols.result {
            if c.is_leaf() && c.measure.is_some() {
                figure_input(ws, r, rc, self_col, c, &open, f)?;
            } else {
                ws.write_blank(r, rc, &f.number)?;
            }
        }
        if c.is_leaf() && c.measure.is_some() {
            // Written in by the figure's cell, scored by the bloc.
        } else if c.is_leaf() {
            input(ws, r, self_col, c, &open)?;
        } else {
            let children: Vec<String> = c
                .children
                .iter()
                .filter(|&&ch| cx.rules.criteria[ch].kind != Kind::Disqualifier)
                .map(|&ch| cell(rows[ch], self_col))
                .collect();
            if children.is_empty() {
                ws.write_blank(r, self_col, &f.center)?;
            } else {
                let expr = format!("SUM({})", children.join(","));
                sheet::formula(ws, r, self_col, &expr, Score::ZERO, &f.number_bold)?;
            }
        }
        ws.write_blank(r, review_col, &f.number)?;
        ws.write_blank(r, note_col, &open.text)?;
        sheet::fit_row(ws, r, &[(&c.title, COLUMNS[1].1)])?;
    }
    row = first + rows.len() as RowNum;

    // Tổng điểm = score sections + bonus (to its cap) − deduction (to its cap).
    let mut terms = Vec::new();
    for k in cx.rules.sections() {
        let c = &cx.rules.criteria[k];
        let at = cell(rows[k], self_col);
        let cap = c.max.map(sheet::literal).unwrap_or_else(|| "0".into());
        match c.kind {
            Kind::Score => terms.push(format!("+{at}")),
            Kind::Bonus => terms.push(format!("+MIN({at},{cap})")),
            Kind::Deduction => terms.push(format!("-MIN(ABS({at}),{cap})")),
            Kind::Disqualifier => {}
        }
    }
    let expr = terms.concat();
    let expr = expr.strip_prefix('+').unwrap_or(&expr).to_string();
    ws.write_blank(row, 0, &f.center_bold)?;
    sheet::text(ws, row, 1, "Tổng điểm", &f.text_bold)?;
    sheet::score(ws, row, 2, cx.rules.bloc.scale, &f.number_bold)?;
    if expr.is_empty() {
        ws.write_blank(row, self_col, &f.number_bold)?;
    } else {
        sheet::formula(ws, row, self_col, &expr, Score::ZERO, &f.number_bold)?;
    }
    if let Some(rc) = cols.result {
        ws.write_blank(row, rc, &f.number_bold)?;
    }
    ws.write_blank(row, review_col, &f.number_bold)?;
    ws.write_blank(row, note_col, &f.text)?;
    row += 2;

    let head = unit.map(|u| u.name.to_uppercase()).unwrap_or_default();
    sheet::signatures_of(ws, cx, row, &widths, "THỦ TRƯỞNG ĐƠN VỊ", &head)?;

    ws.protect();
    sheet::set_up_page(ws, &Page::table(false, header))
}

/// A1 reference of a cell.
fn cell(row: RowNum, col: ColNum) -> String {
    rust_xlsxwriter::utility::row_col_to_cell(row, col)
}

/// The self-score cell of a leaf: open, with the validation its kind
/// calls for and Vietnamese prompts.
fn input(
    ws: &mut Worksheet,
    row: RowNum,
    self_col: ColNum,
    c: &Criterion,
    open: &InputFormats,
) -> Result<(), XlsxError> {
    let max = c.max.unwrap_or(Score::ZERO);
    let validation = match (&c.kind, &c.levels) {
        (Kind::Disqualifier, _) => {
            ws.write_string_with_format(row, self_col, "Không", &open.center)?;
            DataValidation::new()
                .allow_list_strings(&["Có", "Không"])?
                .set_input_title("Trường hợp không xét")?
                .set_input_message(
                    "Chọn \"Có\" nếu đơn vị thuộc trường hợp này, \"Không\" nếu không.",
                )?
                .set_error_title("Chỉ ghi Có hoặc Không")?
                .set_error_message(
                    "Ô này chỉ nhận \"Có\" hoặc \"Không\". Hãy chọn trong danh sách.",
                )?
        }
        (_, Some(levels)) => {
            ws.write_blank(row, self_col, &open.number)?;
            let shown: Vec<String> = levels.iter().map(|l| l.to_string()).collect();
            let listed: Vec<String> = levels.iter().map(|l| sheet::literal(*l)).collect();
            DataValidation::new()
                .allow_list_strings(&listed)?
                .set_input_title(format!("Tiêu chí {}", c.code))?
                .set_input_message(format!("Chọn một mức điểm: {}.", shown.join("; ")))?
                .set_error_title("Mức điểm không hợp lệ")?
                .set_error_message(format!(
                    "Tiêu chí {} chỉ nhận các mức điểm: {}. Hãy chọn trong danh sách.",
                    c.code,
                    shown.join("; ")
                ))?
        }
        (kind, None) => {
            ws.write_blank(row, self_col, &open.number)?;
            let what = match kind {
                Kind::Deduction => "Số điểm bị trừ (ghi số dương)",
                Kind::Bonus => "Điểm thưởng",
                _ => "Điểm tự chấm",
            };
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(0.0, max.to_f64()))
                .set_input_title(format!("Tiêu chí {}", c.code))?
                .set_input_message(format!("{what}: từ 0 đến {max}."))?
                .set_error_title("Điểm không hợp lệ")?
                .set_error_message(format!(
                    "{what} của tiêu chí {} phải là số từ 0 đến {max}. Hãy nhập lại.",
                    c.code
                ))?
        }
    };
    let validation = validation.set_error_style(DataValidationErrorStyle::Stop);
    ws.add_data_validation(row, self_col, row, self_col, &validation)?;
    Ok(())
}

/// The figure cell of a criterion scored against the bloc: open, a number
/// from 0 (to 100 for a share); the self-score cell beside it locked, with
/// a word saying the bloc computes the score.
fn figure_input(
    ws: &mut Worksheet,
    row: RowNum,
    result_col: ColNum,
    self_col: ColNum,
    c: &Criterion,
    open: &InputFormats,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.write_blank(row, result_col, &open.number)?;
    sheet::text(ws, row, self_col, "Khối tính", &f.center)?;
    let share = c.measure.as_ref().is_some_and(|m| m.is_share());
    let unit = c
        .measure
        .as_ref()
        .and_then(|m| m.unit.as_deref())
        .map(|u| format!(" ({u})"))
        .unwrap_or_default();
    let (rule, range) = if share {
        (
            DataValidationRule::Between(0.0, 100.0),
            "từ 0 đến 100".to_string(),
        )
    } else {
        (
            DataValidationRule::GreaterThanOrEqualTo(0.0),
            "từ 0 trở lên".to_string(),
        )
    };
    let validation = DataValidation::new()
        .allow_decimal_number(rule)
        .set_input_title(format!("Tiêu chí {}", c.code))?
        .set_input_message(format!(
            "Ghi số liệu (kết quả thực hiện){unit}: một số {range}. Điểm do khối tính từ số liệu của các đơn vị."
        ))?
        .set_error_title("Số liệu không hợp lệ")?
        .set_error_message(format!(
            "Số liệu của tiêu chí {} phải là số {range}. Hãy nhập lại.",
            c.code
        ))?
        .set_error_style(DataValidationErrorStyle::Stop);
    ws.add_data_validation(row, result_col, row, result_col, &validation)?;
    Ok(())
}

/// The instructions sheet, in Vietnamese.
pub(super) fn guide(ws: &mut Worksheet, cx: &Frame, unit: Option<&Unit>) -> Result<(), XlsxError> {
    let f = cx.formats;
    ws.set_column_width(0, 4)?;
    ws.set_column_width(1, 100)?;
    let head = cx
        .rules
        .head()
        .map_or_else(|| "đơn vị Trưởng khối".to_string(), |u| u.name.clone());
    let period = match cx.rules.bloc.period {
        Period::Annual => format!("năm {}", cx.rules.bloc.year),
        Period::HalfYear => format!("sơ kết 6 tháng đầu năm {}", cx.rules.bloc.year),
    };
    sheet::merge(
        ws,
        0,
        0,
        1,
        "HƯỚNG DẪN ĐIỀN BẢNG TỰ CHẤM ĐIỂM THI ĐUA",
        &f.title,
    )?;
    ws.set_row_height(0, 24)?;
    sheet::merge(
        ws,
        1,
        0,
        1,
        &format!("{} — {period}", cx.rules.bloc.name),
        &f.caption,
    )?;
    let mut steps = vec![
        format!(
            "Điền trang \"{SHEET}\": chỉ nhập vào các ô nền vàng nhạt (cột \"Điểm tự chấm\" và cột \"Ghi chú\"); các ô khác đã được khóa để giữ đúng mẫu của khối."
        ),
        "Điểm tự chấm là số, từ 0 đến điểm chuẩn của tiêu chí (có thể có phần thập phân, ví dụ 9,5). Ô sẽ báo lỗi nếu nhập ngoài khoảng cho phép.".to_string(),
        "Tiêu chí có các mức điểm cố định: chọn một mức trong danh sách của ô.".to_string(),
        "Điểm thưởng và điểm trừ: ghi số điểm (số dương). Tổng điểm thưởng, điểm trừ chỉ tính đến mức tối đa của mục.".to_string(),
        "Trường hợp không xét khen thưởng: để \"Không\", hoặc chọn \"Có\" nếu đơn vị thuộc trường hợp đó.".to_string(),
        "Dòng các mục (I, II, …) và dòng \"Tổng điểm\" tự cộng: không cần và không sửa.".to_string(),
        "Cột \"Ghi chú\": ghi minh chứng, số văn bản, lý do tự chấm (nếu có).".to_string(),
        "Không đổi tên trang tính, không chèn hay xóa dòng, cột. Lưu tệp dạng .xlsx (Excel Workbook).".to_string(),
        format!("Gửi tệp đã điền cho {head} (Trưởng khối) theo thời hạn của khối."),
        "Cột \"Điểm khối chấm\" do khối điền khi thẩm định: vào Review (Xem lại) › Unprotect Sheet (Bỏ bảo vệ trang tính); trang tính không đặt mật khẩu.".to_string(),
    ];
    if cx.rules.criteria.iter().any(|c| c.measure.is_some()) {
        steps.insert(
            3,
            "Tiêu chí tính điểm theo số liệu (ô \"Điểm tự chấm\" ghi \"Khối tính\"): ghi số liệu, kết quả thực hiện của đơn vị vào cột \"Kết quả thực hiện\"; điểm do khối tính khi tổng hợp, từ số liệu của tất cả các đơn vị.".to_string(),
        );
    }
    if unit.is_none() {
        steps.insert(
            0,
            "Ghi tên đầy đủ của đơn vị vào ô bên phải chữ \"Đơn vị:\" ở đầu trang tính."
                .to_string(),
        );
    }
    for (row, (i, step)) in (3..).zip(steps.iter().enumerate()) {
        sheet::text(ws, row, 0, &format!("{}.", i + 1), &f.line)?;
        sheet::text(ws, row, 1, step, &f.line)?;
        ws.set_row_height(row, sheet::height_for(step, 100.0))?;
    }
    ws.protect();
    sheet::set_up_page(ws, &Page::plain(false))
}

/// A blank scoring template (bảng tự chấm mẫu) for `unit`, or for any unit
/// (the name left to type), as the bytes of an .xlsx file.
pub fn template_bytes(rules: &Rules, unit: Option<&Unit>) -> Result<Vec<u8>, WriteError> {
    super::pages::first_page_unnumbered(build_template(rules, unit).map_err(WriteError::build)?)
}

/// The template's file name: "Bảng tự chấm 2025 - SYT - Sở Y tế.xlsx", or
/// "Bảng tự chấm 2025 - mẫu chung.xlsx"; safe on Windows.
pub fn template_name(rules: &Rules, unit: Option<&Unit>) -> String {
    let who = match unit {
        Some(u) => format!("{} - {}", u.id, u.name),
        None => "mẫu chung".to_string(),
    };
    let name = format!("Bảng tự chấm {} - {who}", rules.bloc.year);
    format!("{}.xlsx", super::feedback::safe_file_stem(&name))
}

fn build_template(rules: &Rules, unit: Option<&Unit>) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let bloc = BlocInfo::of(&rules.bloc);
    let who = unit.map_or_else(|| "mẫu chung".to_string(), |u| u.name.clone());
    let title = format!("Bảng tự chấm điểm thi đua năm {} – {who}", rules.bloc.year);
    let mut workbook = super::workbook(&formats, &bloc, &title)?;
    let cx = Frame {
        rules,
        bloc: &bloc,
        formats: &formats,
    };
    add(&mut workbook, SHEET, |ws| write(ws, &cx, unit))?;
    add(&mut workbook, GUIDE, |ws| guide(ws, &cx, unit))?;
    workbook.save_to_buffer()
}
