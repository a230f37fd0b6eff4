//! Finding the scoring table (bảng chấm điểm) on a sheet: the header row(s)
//! by their labels, the column of each role, the rows below, and the
//! heading block above (unit name, title and year).
//!
//! Works on `read` grids and `text` keys only; knows nothing of the rules.

use crate::issue::a1;
use crate::read::{Cell, Sheet, Value};
use crate::text;

/// What a column of the scoring table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// STT / TT: the criterion's label ("I", "1", "a", "I.1").
    Label,
    /// Nội dung / Tiêu chí.
    Title,
    /// Điểm chuẩn / Điểm tối đa / Thang điểm.
    Max,
    /// Điểm tự chấm / Tự đánh giá.
    SelfScore,
    /// Điểm khối chấm / Thẩm định / Điểm duyệt / Cụm chấm.
    Reviewed,
    /// Ghi chú / Minh chứng / Tài liệu kiểm chứng.
    Note,
}

/// Header phrases per role, as folded keys (no diacritics). Order matters:
/// the more specific phrases of a role come before the generic ones, and
/// roles are tried in the order of this table.
const HEADER_PHRASES: &[(Role, &[&str])] = &[
    (
        Role::SelfScore,
        &["tu cham", "tu danh gia", "don vi cham", "tu dg"],
    ),
    (
        Role::Reviewed,
        &[
            "khoi cham",
            "tham dinh",
            "diem duyet",
            "cum cham",
            "khoi danh gia",
            "khoi duyet",
            "cham lai",
            "ket qua cham",
        ],
    ),
    (
        Role::Max,
        &[
            "diem chuan",
            "toi da",
            "thang diem",
            "khung diem",
            "diem quy dinh",
            "muc diem",
        ],
    ),
    (
        Role::Note,
        &[
            "ghi chu",
            "minh chung",
            "kiem chung",
            "giai trinh",
            "tai lieu",
        ],
    ),
    (
        Role::Title,
        &["noi dung", "tieu chi", "chi tieu", "tieu chuan"],
    ),
    (
        Role::Label,
        &[
            "stt",
            "tt",
            "so tt",
            "so thu tu",
            "thu tu",
            "ma",
            "ma so",
            "muc",
        ],
    ),
];

/// Which role a header text announces, if any.
fn header_role(folded: &str) -> Option<Role> {
    if folded.is_empty() || folded.len() > 80 {
        return None;
    }
    for (role, phrases) in HEADER_PHRASES {
        let hit = if *role == Role::Label {
            phrases.contains(&folded)
        } else {
            phrases.iter().any(|p| contains_words(folded, p))
        };
        if hit {
            return Some(*role);
        }
    }
    None
}

/// Whether `phrase` occurs in `text` on word boundaries (both folded).
fn contains_words(text: &str, phrase: &str) -> bool {
    let padded = format!(" {text} ");
    padded.contains(&format!(" {phrase} "))
}

/// A located scoring table.
#[derive(Clone, Debug)]
pub struct Table {
    /// First and last header rows (zero-based).
    pub header_rows: (u32, u32),
    pub label: Option<u32>,
    pub title: u32,
    pub max: Option<u32>,
    pub self_score: u32,
    pub reviewed: Option<u32>,
    pub notes: Vec<u32>,
    /// Rows below the header, up to the signature block, non-empty only.
    pub rows: Vec<Row>,
    /// Normalised texts found above the header, top to bottom, left to right.
    pub heading: Vec<HeadingText>,
}

/// A text in the heading block, with where it was found.
#[derive(Clone, Debug)]
pub struct HeadingText {
    pub text: String,
    pub cell: String,
}

/// A row of the table, with its cells by role.
#[derive(Clone, Debug)]
pub struct Row {
    /// Zero-based sheet row.
    pub row: u32,
    /// Normalised label text ("I", "1", "a", "I.1"), trailing dot removed.
    pub label: String,
    /// Normalised title text.
    pub title: String,
    pub max: Option<CellRef>,
    pub self_score: CellRef,
    pub reviewed: Option<CellRef>,
    /// Non-empty note cells, normalised.
    pub notes: Vec<String>,
    pub kind: RowKind,
}

/// A cell's value with its A1 address.
#[derive(Clone, Debug)]
pub struct CellRef {
    pub cell: String,
    pub value: Value,
    pub font: Option<String>,
}

impl CellRef {
    fn of(sheet: &Sheet, row: u32, col: u32) -> CellRef {
        let Cell { value, font, .. } = sheet.get(row, col).clone();
        CellRef {
            cell: a1(row, col),
            value,
            font,
        }
    }

    pub fn is_empty(&self) -> bool {
        Cell::with_font(self.value.clone(), None).is_empty()
    }
}

/// What a table row is, before matching it to criteria.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A candidate criterion row.
    Item,
    /// A subtotal or total line ("Tổng cộng", "Cộng mục I", "Tổng điểm").
    Total,
}

/// Normalised text of a cell (numbers as their plain form).
fn cell_text(cell: &Cell) -> String {
    match &cell.value {
        Value::Text(t) => text::normalize(t, cell.font.as_deref()),
        Value::Number(n) => {
            if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("{}", *n as i64)
            } else {
                n.to_string()
            }
        }
        Value::Date(d) => d.clone(),
        _ => String::new(),
    }
}

/// The text a header cell shows, following a merged range to its top-left cell.
fn header_text(sheet: &Sheet, row: u32, col: u32) -> String {
    match sheet.merge_covering(row, col) {
        Some(m) => cell_text(sheet.get(m.first.0, m.first.1)),
        None => cell_text(sheet.get(row, col)),
    }
}

/// How far down a header is searched for.
const HEADER_SEARCH_ROWS: u32 = 80;

/// Find the scoring table on a sheet.
pub fn locate(sheet: &Sheet) -> Option<Table> {
    let (end_row, end_col) = sheet.end();
    let last = end_row.min(sheet.origin.0 + HEADER_SEARCH_ROWS);
    // (roles found, first header row, last header row, column roles)
    type Candidate = (usize, u32, u32, Vec<(u32, Role)>);
    let mut best: Option<Candidate> = None;
    for r in sheet.origin.0..last {
        for depth in [1u32, 2, 3] {
            if r + depth > end_row || !plausible_header_span(sheet, r, r + depth - 1, end_col) {
                break;
            }
            let roles = header_roles(sheet, r, r + depth - 1, end_col);
            let has = |role| roles.iter().any(|(_, x)| *x == role);
            if !(has(Role::Title) && has(Role::SelfScore)) {
                continue;
            }
            let found = distinct_roles(&roles);
            // Prefer more roles; at equal count, the shallower header.
            if best.as_ref().is_none_or(|b| found > b.0) {
                best = Some((found, r, r + depth - 1, roles));
            }
        }
        if best.is_some() {
            break;
        }
    }
    let (_, first, last_header, roles) = best?;
    let col = |role: Role| roles.iter().find(|(_, r)| *r == role).map(|(c, _)| *c);
    let title = col(Role::Title)?;
    let self_score = col(Role::SelfScore)?;
    let mut table = Table {
        header_rows: (first, last_header),
        label: col(Role::Label),
        title,
        max: col(Role::Max),
        self_score,
        reviewed: col(Role::Reviewed),
        notes: roles
            .iter()
            .filter(|(_, r)| *r == Role::Note)
            .map(|(c, _)| *c)
            .collect(),
        rows: Vec::new(),
        heading: heading_texts(sheet, first),
    };
    table.rows = body_rows(sheet, &table, last_header + 1, end_row);
    Some(table)
}

/// A header row holds at least two texts of its own, and no numbers
/// (a data row below a header is not part of it).
fn plausible_header_span(sheet: &Sheet, top: u32, bottom: u32, end_col: u32) -> bool {
    (top..=bottom).all(|r| {
        let cells = (sheet.origin.1..end_col).map(|c| &sheet.get(r, c).value);
        let mut texts = 0;
        for v in cells {
            match v {
                Value::Number(_) => return false,
                Value::Text(t) if !t.trim().is_empty() => texts += 1,
                _ => {}
            }
        }
        texts >= 2
    })
}

fn distinct_roles(roles: &[(u32, Role)]) -> usize {
    let mut seen: Vec<Role> = roles.iter().map(|(_, r)| *r).collect();
    seen.dedup();
    let mut unique = Vec::new();
    for r in seen {
        if !unique.contains(&r) {
            unique.push(r);
        }
    }
    unique.len()
}

/// Roles of the columns of a header spanning rows `top..=bottom`: each
/// column's texts are joined top to bottom (merged cells repeat their text),
/// so "Điểm" over "Tự chấm" reads "Điểm Tự chấm". The first column of each
/// role wins, except notes, which may repeat.
fn header_roles(sheet: &Sheet, top: u32, bottom: u32, end_col: u32) -> Vec<(u32, Role)> {
    let mut roles: Vec<(u32, Role)> = Vec::new();
    for c in sheet.origin.1..end_col {
        let mut parts: Vec<String> = Vec::new();
        for r in top..=bottom {
            let t = header_text(sheet, r, c);
            if !t.is_empty() && parts.last() != Some(&t) {
                parts.push(t);
            }
        }
        let joined = text::fold(&parts.join(" "));
        // The lowest part alone decides first (a specific sub-header),
        // then the whole column text.
        let lowest = parts.last().map(|p| text::fold(p)).unwrap_or_default();
        let role = header_role(&lowest).or_else(|| header_role(&joined));
        if let Some(role) = role
            && (role == Role::Note || !roles.iter().any(|(_, r)| *r == role))
        {
            roles.push((c, role));
        }
    }
    roles
}

/// Texts above the header: the heading block, the title, "Đơn vị: …".
fn heading_texts(sheet: &Sheet, header_row: u32) -> Vec<HeadingText> {
    let (_, end_col) = sheet.end();
    let mut out = Vec::new();
    for r in sheet.origin.0..header_row {
        for c in sheet.origin.1..end_col {
            let t = cell_text(sheet.get(r, c));
            if !t.is_empty() {
                out.push(HeadingText {
                    text: t,
                    cell: a1(r, c),
                });
            }
        }
    }
    out
}

/// Whether a row is a numbering row "(1) (2) (3)…" under the header.
fn is_numbering_row(sheet: &Sheet, row: u32, table: &Table) -> bool {
    let t = cell_text(sheet.get(row, table.title));
    let s = cell_text(sheet.get(row, table.self_score));
    let numbering = |x: &str| {
        let inner = x.trim().trim_start_matches('(').trim_end_matches(')');
        !inner.is_empty() && inner.len() <= 3 && inner.bytes().all(|b| b.is_ascii_digit())
    };
    numbering(&t) && (s.is_empty() || numbering(&s))
}

/// Folded keys that start the signature block or notes below the table.
const SIGNATURE_MARKERS: &[&str] = &[
    "thu truong",
    "nguoi lap",
    "ky ghi ro",
    "ky ten",
    "xac nhan cua",
    "dong dau",
];

fn is_signature(folded: &str) -> bool {
    SIGNATURE_MARKERS.iter().any(|m| contains_words(folded, m))
}

/// Whether a title names a subtotal or total line. Uses the toned key:
/// "Cộng" (a sum) must not be confused with "Công" (as in Công đoàn).
pub fn is_total_title(title: &str) -> bool {
    let k = text::key(title);
    let first = k.split(' ').next().unwrap_or("");
    matches!(first, "tông3" | "công5")
}

fn body_rows(sheet: &Sheet, table: &Table, from: u32, end_row: u32) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut r = from;
    while r < end_row && is_numbering_row(sheet, r, table) {
        r += 1;
    }
    // Below the first total line that follows criteria, unlabelled lines
    // ("Điểm thưởng", "Điểm trừ", "Tổng điểm") are the summary block.
    let mut in_summary = false;
    for r in r..end_row {
        let label_text = table
            .label
            .map(|c| cell_text(sheet.get(r, c)))
            .unwrap_or_default();
        let mut title = cell_text(sheet.get(r, table.title));
        // Summary lines often start in the STT column ("Tổng cộng" across
        // STT and Nội dung): a long label with no title is the title.
        let label =
            if title.is_empty() && !is_criterion_label(label_text.trim_end_matches(['.', ')'])) {
                title = label_text;
                String::new()
            } else {
                label_text.trim_end_matches(['.', ')']).trim().to_string()
            };
        let self_score = CellRef::of(sheet, r, table.self_score);
        let max = table.max.map(|c| CellRef::of(sheet, r, c));
        let reviewed = table.reviewed.map(|c| CellRef::of(sheet, r, c));
        let notes: Vec<String> = table
            .notes
            .iter()
            .map(|&c| cell_text(sheet.get(r, c)))
            .filter(|t| !t.is_empty())
            .collect();
        let row_texts = (table.label.iter().chain([&table.title]))
            .map(|&c| text::fold(&cell_text(sheet.get(r, c))))
            .collect::<Vec<_>>()
            .join(" ");
        if is_signature(&row_texts)
            || (title.is_empty() && label.is_empty() && row_has_signature(sheet, r))
        {
            break;
        }
        let empty = label.is_empty()
            && title.is_empty()
            && self_score.is_empty()
            && max.as_ref().is_none_or(CellRef::is_empty)
            && reviewed.as_ref().is_none_or(CellRef::is_empty);
        if empty {
            continue;
        }
        let labelled = is_criterion_label(&label);
        let kind = if !labelled && (in_summary || is_total_title(&title)) {
            RowKind::Total
        } else {
            RowKind::Item
        };
        if kind == RowKind::Total
            && table.label.is_some()
            && rows.iter().any(|x: &Row| x.kind == RowKind::Item)
        {
            in_summary = true;
        }
        rows.push(Row {
            row: r,
            label,
            title,
            max,
            self_score,
            reviewed,
            notes,
            kind,
        });
    }
    rows
}

/// Any cell of the row opens the signature block.
fn row_has_signature(sheet: &Sheet, row: u32) -> bool {
    let (_, end_col) = sheet.end();
    (sheet.origin.1..end_col).any(|c| is_signature(&text::fold(&cell_text(sheet.get(row, c)))))
}

/// Whether a label looks like a criterion label (roman, number, letter, code).
fn is_criterion_label(label: &str) -> bool {
    !label.is_empty() && label.len() <= 12 && label.chars().all(|c| c.is_alphanumeric() || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Merge;

    fn t(s: &str) -> Cell {
        Cell::text(s)
    }
    fn n(x: f64) -> Cell {
        Cell::number(x)
    }
    fn e() -> Cell {
        Cell::default()
    }

    #[test]
    fn header_roles_from_vietnamese_labels() {
        assert_eq!(
            header_role(&text::fold("Điểm tự chấm")),
            Some(Role::SelfScore)
        );
        assert_eq!(
            header_role(&text::fold("ĐIỂM KHỐI CHẤM")),
            Some(Role::Reviewed)
        );
        assert_eq!(header_role(&text::fold("Thẩm định")), Some(Role::Reviewed));
        assert_eq!(header_role(&text::fold("Điểm chuẩn")), Some(Role::Max));
        assert_eq!(header_role(&text::fold("Thang điểm")), Some(Role::Max));
        assert_eq!(
            header_role(&text::fold("Nội dung tiêu chí")),
            Some(Role::Title)
        );
        assert_eq!(header_role(&text::fold("TT")), Some(Role::Label));
        assert_eq!(
            header_role(&text::fold("Tài liệu kiểm chứng")),
            Some(Role::Note)
        );
        assert_eq!(header_role(&text::fold("Điểm")), None);
        assert_eq!(header_role(&text::fold("Sở Y tế")), None);
    }

    #[test]
    fn totals_are_not_union_rows() {
        assert!(is_total_title("Tổng cộng (I+II+III)"));
        assert!(is_total_title("Cộng mục I"));
        assert!(is_total_title("TỔNG ĐIỂM"));
        assert!(!is_total_title("Công đoàn cơ sở"));
        assert!(!is_total_title("Công tác thi đua, khen thưởng"));
    }

    #[test]
    fn single_row_header_anywhere() {
        let sheet = Sheet::from_rows(
            "Tự chấm",
            vec![
                vec![
                    t("SỞ Y TẾ"),
                    e(),
                    e(),
                    t("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                ],
                vec![e(), t("BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025")],
                vec![],
                vec![
                    e(),
                    t("TT"),
                    t("Tiêu chí"),
                    t("Điểm tự chấm"),
                    t("Điểm tối đa"),
                    t("Minh chứng"),
                ],
                vec![e(), t("I"), t("Nhiệm vụ"), n(50.0), n(50.0)],
                vec![
                    e(),
                    t("1."),
                    t("Chỉ tiêu"),
                    t("19,5"),
                    n(20.0),
                    t("Báo cáo số 12"),
                ],
                vec![],
                vec![e(), e(), t("Tổng cộng"), n(95.0)],
                vec![e(), e(), t("THỦ TRƯỞNG ĐƠN VỊ")],
                vec![e(), t("9"), t("ghi chú sau chữ ký"), n(1.0)],
            ],
        );
        let table = locate(&sheet).unwrap();
        assert_eq!(table.header_rows, (3, 3));
        assert_eq!(
            (table.label, table.title, table.self_score, table.max),
            (Some(1), 2, 3, Some(4))
        );
        assert_eq!(table.notes, vec![5]);
        assert_eq!(table.rows.len(), 3, "{:?}", table.rows);
        assert_eq!(table.rows[1].label, "1");
        assert_eq!(table.rows[1].self_score.cell, "D6");
        assert_eq!(table.rows[1].notes, vec!["Báo cáo số 12"]);
        assert_eq!(table.rows[2].kind, RowKind::Total);
        assert_eq!(table.heading[0].text, "SỞ Y TẾ");
    }

    #[test]
    fn two_row_merged_header_with_numbering_row() {
        let mut sheet = Sheet::from_rows(
            "Sheet1",
            vec![
                vec![t("STT"), t("Nội dung"), t("Điểm"), e(), e(), t("Ghi chú")],
                vec![e(), e(), t("Tối đa"), t("Tự chấm"), t("Khối chấm"), e()],
                vec![t("(1)"), t("(2)"), t("(3)"), t("(4)"), t("(5)"), t("(6)")],
                vec![t("I"), t("Nhiệm vụ"), n(50.0), n(48.0), e(), e()],
            ],
        );
        sheet.merges = vec![
            Merge {
                first: (0, 0),
                last: (1, 0),
            },
            Merge {
                first: (0, 1),
                last: (1, 1),
            },
            Merge {
                first: (0, 2),
                last: (0, 4),
            },
            Merge {
                first: (0, 5),
                last: (1, 5),
            },
        ];
        let table = locate(&sheet).unwrap();
        assert_eq!(table.header_rows, (0, 1));
        assert_eq!(table.max, Some(2));
        assert_eq!(table.self_score, 3);
        assert_eq!(table.reviewed, Some(4));
        assert_eq!(table.notes, vec![5]);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].self_score.cell, "D4");
    }

    #[test]
    fn no_table_on_an_instruction_sheet() {
        let sheet = Sheet::from_rows(
            "Hướng dẫn",
            vec![vec![t("Hướng dẫn: điền điểm tự chấm vào cột D")]],
        );
        assert!(locate(&sheet).is_none());
    }
}
