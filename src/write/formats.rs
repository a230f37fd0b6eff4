//! Cell formats of the consolidated workbook, built once per workbook and
//! shared by every sheet (rust_xlsxwriter keeps one style record per
//! distinct format, so reusing them keeps the file small and consistent).
//!
//! Times New Roman everywhere (Nghị định 30/2020). Knows nothing of the
//! report; must not depend on `read`, `check` or `cli`.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, FormatUnderline};

/// The font of every cell, note, header and footer.
pub(super) const FONT: &str = "Times New Roman";
/// Body font size in points.
pub(super) const SIZE: f64 = 12.0;
/// Default row height (pixels) and column width (pixels) for Times New Roman
/// 12 on Windows Excel (maximum digit width 8 px).
pub(super) const DEFAULT_ROW_PX: u32 = 21;
pub(super) const DEFAULT_COL_PX: u32 = 72;
/// Height in points of one wrapped line of body text.
pub(super) const LINE_PT: f64 = 16.5;

/// Scores are exact thousandths, so Excel's "General" shows them with at
/// most three decimals and no trailing zeros ("12.5", "107", "0.125"), with
/// the decimal comma of a Vietnamese Windows locale. Fixed patterns such as
/// "0.###" leave a dangling separator on whole numbers ("12,") in Excel.
const SCORE_FORMAT: &str = "General";

/// "Bad" fill and font of Excel's built-in styles: a cell with an error.
const ERROR_FILL: u32 = 0xFFC7CE;
const ERROR_FONT: u32 = 0x9C0006;
/// "Neutral" style: a warning.
const WARNING_FILL: u32 = 0xFFEB9C;
const WARNING_FONT: u32 = 0x9C5700;
/// Light grey for group rows.
const GROUP_FILL: u32 = 0xF2F2F2;

/// Deepest indentation given its own format; deeper criteria share it.
const MAX_INDENT: usize = 5;

/// Every format the sheets use.
pub(super) struct Formats {
    /// The workbook default: plain body text.
    pub default: Format,
    /// Sheet title, bold capitals, centred.
    pub title: Format,
    /// Italic centred line (the period).
    pub caption: Format,
    /// Table header: bold, centred, wrapped, bordered.
    pub header: Format,
    /// Bordered wrapped text.
    pub text: Format,
    pub text_bold: Format,
    /// Bordered wrapped italic text: what a unit wrote beside a score.
    pub note_line: Format,
    /// Bordered centred text (STT, codes, short values).
    pub center: Format,
    pub center_bold: Format,
    /// Bordered score cell.
    pub number: Format,
    pub number_bold: Format,
    /// A score cell with an error-level finding.
    pub number_error: Format,
    /// Severity cells of the issue list.
    pub severity_error: Format,
    pub severity_warning: Format,
    /// A bold group row (unit in the issue list, award in the proposals).
    pub group: Format,
    pub group_center: Format,
    /// A group row spanning a table without merging (so that the table can
    /// still be sorted and filtered): the first cell is not wrapped so the
    /// name runs over the blank cells to its right, which have no inner
    /// borders.
    pub group_first: Format,
    pub group_middle: Format,
    pub group_last: Format,
    /// Criterion labels (STT) indented by depth; sections bold.
    labels: Vec<Format>,
    /// Unbordered wrapped line under a table.
    pub line: Format,
    /// Unbordered bold line ("Ghi chú:").
    pub line_bold: Format,
    /// Unbordered italic wrapped line (explanations).
    pub line_italic: Format,
    /// Heading block (Nghị định 30/2020): the issuing body (the bloc) in
    /// bold capitals, 13 pt, centred and wrapped.
    pub issuer: Format,
    /// Quốc hiệu: bold capitals, 12 pt, centred.
    pub nation: Format,
    /// Tiêu ngữ: bold 13 pt, centred, with the rule under it (underline:
    /// Excel has no free-standing lines, and a cell border would run the
    /// whole merged width).
    pub motto: Format,
    /// Place and date: italic 13 pt, centred.
    pub place_date: Format,
    /// Signature block: bold 13 pt capitals, centred and wrapped.
    pub sign_title: Format,
    /// "(Ký, ghi rõ họ tên)": italic 13 pt, centred.
    pub sign_note: Format,
}

impl Formats {
    pub fn new() -> Formats {
        let default = Format::new().set_font_name(FONT).set_font_size(SIZE);
        let base = default.clone().set_align(FormatAlign::VerticalCenter);
        let cell = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
        let center = cell.clone().set_align(FormatAlign::Center);
        let number = center.clone().set_num_format(SCORE_FORMAT);
        let group = cell
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(GROUP_FILL));
        let group_band = base
            .clone()
            .set_border_top(FormatBorder::Thin)
            .set_border_bottom(FormatBorder::Thin)
            .set_background_color(Color::RGB(GROUP_FILL));
        let labels = (0..=MAX_INDENT)
            .map(|depth| {
                let f = cell.clone().set_indent(depth as u8);
                if depth == 0 { f.set_bold() } else { f }
            })
            .collect();
        Formats {
            title: base
                .clone()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center),
            caption: base
                .clone()
                .set_italic()
                .set_font_size(13)
                .set_align(FormatAlign::Center),
            header: center.clone().set_bold(),
            text_bold: cell.clone().set_bold(),
            note_line: cell.clone().set_italic(),
            center_bold: center.clone().set_bold(),
            number_bold: number.clone().set_bold(),
            number_error: number
                .clone()
                .set_background_color(Color::RGB(ERROR_FILL))
                .set_font_color(Color::RGB(ERROR_FONT)),
            severity_error: center
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(ERROR_FILL))
                .set_font_color(Color::RGB(ERROR_FONT)),
            severity_warning: center
                .clone()
                .set_background_color(Color::RGB(WARNING_FILL))
                .set_font_color(Color::RGB(WARNING_FONT)),
            group_center: group.clone().set_align(FormatAlign::Center),
            group_first: group_band
                .clone()
                .set_bold()
                .set_border_left(FormatBorder::Thin),
            group_middle: group_band.clone(),
            group_last: group_band.set_border_right(FormatBorder::Thin),
            group,
            labels,
            issuer: base
                .clone()
                .set_bold()
                .set_font_size(13)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            nation: base
                .clone()
                .set_bold()
                .set_font_size(12)
                .set_align(FormatAlign::Center),
            motto: base
                .clone()
                .set_bold()
                .set_font_size(13)
                .set_underline(FormatUnderline::Single)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
            place_date: base
                .clone()
                .set_italic()
                .set_font_size(13)
                .set_align(FormatAlign::Center),
            sign_title: base
                .clone()
                .set_bold()
                .set_font_size(13)
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            sign_note: base
                .clone()
                .set_italic()
                .set_font_size(13)
                .set_align(FormatAlign::Center),
            line: base.clone().set_text_wrap(),
            line_bold: base.clone().set_bold(),
            line_italic: base.clone().set_italic().set_text_wrap(),
            text: cell,
            center,
            number,
            default,
        }
    }

    /// The STT format of a criterion at `depth` (0 = section, bold).
    pub fn label(&self, depth: usize) -> &Format {
        self.labels.get(depth.min(MAX_INDENT)).unwrap_or(&self.text)
    }
}
