//! Finding the scoring table (bảng chấm điểm) on a sheet: the header row(s)
//! by their labels, the column of each role, the rows below, and the
//! heading block above (unit name, title and year).
//!
//! Works on `read` grids and `text` keys only; knows nothing of the rules.

use super::labels::{self, Mark};
use crate::issue::{Address, a1};
use crate::read::{Cell, Sheet, Value};
use crate::score::Score;
use crate::text;
use std::borrow::Cow;

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
    /// Điều kiện chấm điểm / Cách chấm.
    Condition,
}

/// Header phrases per role, as folded keys (no diacritics). Order matters:
/// the more specific phrases of a role come before the generic ones, and
/// roles are tried in the order of this table.
const HEADER_PHRASES: &[(Role, &[&str])] = &[
    (
        Role::SelfScore,
        &[
            "tu cham",
            "tu danh gia",
            "don vi cham",
            "tu dg",
            "tu cham diem",
        ],
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
            "diem tieu chuan",
            "diem dinh muc",
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
            "chung minh",
            "dien giai",
        ],
    ),
    (
        Role::Condition,
        &["dieu kien", "cach cham", "cach tinh", "huong dan cham"],
    ),
    (
        Role::Title,
        &["noi dung", "tieu chi", "chi tieu", "tieu chuan", "danh muc"],
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
    let words = WordStarts::new(folded);
    for (role, phrases) in HEADER_PHRASES {
        let hit = if *role == Role::Label {
            phrases.contains(&folded)
        } else {
            phrases.iter().any(|p| words.contains(p))
        };
        if hit {
            return Some(*role);
        }
    }
    None
}

/// Whether `phrase` occurs in `text` on word boundaries (both folded or
/// both keys: words separated by single spaces).
pub(super) fn contains_words(text: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return text.is_empty()
            || text.starts_with(' ')
            || text.ends_with(' ')
            || text.contains("  ");
    }
    let (text, phrase) = (text.as_bytes(), phrase.as_bytes());
    // Only where a word starts: at 0 and after each space.
    let starts = std::iter::once(0).chain(
        text.iter()
            .enumerate()
            .filter(|(_, b)| **b == b' ')
            .map(|(i, _)| i + 1),
    );
    for at in starts {
        let end = at + phrase.len();
        if end > text.len() {
            break;
        }
        // The first byte alone rules most places out, without a memcmp.
        if text[at] == phrase[0]
            && &text[at..end] == phrase
            && (end == text.len() || text[end] == b' ')
        {
            return true;
        }
    }
    false
}

/// A folded text with where its words start (at 0 and after each space),
/// to look for many phrases as [`contains_words`] does without going over
/// the whole text for each.
struct WordStarts<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> WordStarts<'a> {
    fn new(text: &'a str) -> WordStarts<'a> {
        let mut starts = Vec::with_capacity(16);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b' ', text.as_bytes()).map(|i| i + 1));
        WordStarts { text, starts }
    }

    /// `contains_words(text, phrase)`.
    fn contains(&self, phrase: &str) -> bool {
        let (text, phrase) = (self.text.as_bytes(), phrase.as_bytes());
        let Some(&first) = phrase.first() else {
            return contains_words(self.text, "");
        };
        for &at in &self.starts {
            let end = at + phrase.len();
            if end > text.len() {
                break;
            }
            if text[at] == first
                && &text[at..end] == phrase
                && (end == text.len() || text[end] == b' ')
            {
                return true;
            }
        }
        false
    }
}

/// The columns of a scoring table, as its header row(s) name them.
#[derive(Clone, Debug, PartialEq)]
pub struct Columns {
    pub label: Option<u32>,
    pub title: u32,
    pub max: Option<u32>,
    pub self_score: u32,
    pub reviewed: Option<u32>,
    /// Điều kiện chấm điểm: the conditions a score is given for, one per
    /// row beside a title merged over them.
    pub condition: Option<u32>,
    /// Columns kept as the unit wrote them — notes, evidence (Ghi chú, Minh
    /// chứng, Tài liệu kiểm chứng, Giải trình) and any other column with a
    /// header: (column, header text).
    pub kept: Vec<(u32, String)>,
}

/// A located scoring table.
#[derive(Clone, Debug)]
pub struct Table {
    /// First and last header rows (zero-based).
    pub header_rows: (u32, u32),
    /// The columns of the (first) header; a header repeated further down
    /// may name others for the rows below it.
    pub columns: Columns,
    /// Rows below the header, up to the signature block, non-empty only.
    pub rows: Vec<Row>,
    /// Normalised texts found above the header, top to bottom, left to right.
    pub heading: Vec<HeadingText>,
    /// The table went on past [`MAX_TABLE_ROWS`] rows: the rest was not read.
    pub truncated: bool,
}

/// The most rows of a table read: a scoring table has a few hundred; the
/// alignment with the criteria grows with rows × criteria.
pub const MAX_TABLE_ROWS: usize = 5_000;

/// A text in the heading block, with where it was found.
#[derive(Clone, Debug)]
pub struct HeadingText {
    pub text: String,
    pub cell: String,
}

/// A label and a title: how a row names its criterion.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Face {
    /// Normalised label ("I", "1", "a", "I.1"); empty when none.
    pub label: String,
    /// The text without its label and without a maximum in parentheses.
    pub title: String,
}

/// A text a unit wrote beside a score (ghi chú, minh chứng …).
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    /// The column's header as written.
    pub column: String,
    pub text: String,
    pub cell: Address,
}

/// A row of the table, with its cells by role.
#[derive(Clone, Debug)]
pub struct Row {
    /// Zero-based sheet row (the first, for a title wrapped over rows).
    pub row: u32,
    /// Normalised label ("I", "1", "a", "I.1"), trailing dot removed;
    /// empty when the row has none or a bullet.
    pub label: String,
    /// The row is a bullet point ("-", "+", "•" …).
    pub bullet: bool,
    /// Normalised title text, without a label typed before it and without
    /// a maximum in parentheses.
    pub title: String,
    /// A1 address of the title cell.
    pub title_cell: String,
    /// The condition written beside the title (điều kiện chấm điểm), where
    /// the table has that column: a second way the row may name its
    /// criterion.
    pub condition: Option<Face>,
    /// The maximum the row states: the max column (a number or "19,5
    /// điểm"), else "(5 điểm)" in the title or the condition.
    pub stated_max: Option<Score>,
    pub max: Option<CellRef>,
    pub self_score: CellRef,
    pub reviewed: Option<CellRef>,
    /// Non-empty texts of the kept columns.
    pub notes: Vec<Note>,
    pub kind: RowKind,
}

impl Row {
    /// The label and title, as one face.
    pub fn face(&self) -> Face {
        Face {
            label: self.label.clone(),
            title: self.title.clone(),
        }
    }

    /// Whether a score (self or reviewed) was written on the row.
    pub fn has_score(&self) -> bool {
        !self.self_score.is_empty() || self.reviewed.as_ref().is_some_and(|r| !r.is_empty())
    }
}

/// A cell's value with its A1 address.
#[derive(Clone, Debug)]
pub struct CellRef {
    pub cell: Address,
    pub value: Value,
    pub font: Option<String>,
}

impl CellRef {
    fn of(sheet: &Sheet, row: u32, col: u32) -> CellRef {
        let Cell { value, font, .. } = sheet.get(row, col);
        CellRef {
            cell: Address::new(row, col),
            value: value.clone(),
            font: font.clone(),
        }
    }

    /// Nothing but blanks (as [`Cell::is_empty`]).
    pub fn is_empty(&self) -> bool {
        match &self.value {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// What a table row is, before matching it to criteria.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A candidate criterion row.
    Item,
    /// A subtotal or total line ("Tổng cộng", "Cộng mục I", "Tổng điểm").
    Total,
    /// An unlabelled line below the first total line ("Điểm thưởng", "Trưởng
    /// khối"): a criterion if its title names one, else a summary line.
    Loose,
}

/// Normalised text of a cell (numbers as their plain form).
fn cell_text(cell: &Cell) -> Cow<'_, str> {
    match &cell.value {
        Value::Text(t) => text::clean_cow(t),
        Value::Number(n) => Cow::Owned(if n.fract() == 0.0 && n.abs() < 1e15 {
            format!("{}", *n as i64)
        } else {
            n.to_string()
        }),
        Value::Date(d) => Cow::Borrowed(d),
        _ => Cow::Borrowed(""),
    }
}

/// The text a header cell shows, following a merged range to its top-left cell.
fn header_text(sheet: &Sheet, row: u32, col: u32) -> Cow<'_, str> {
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
    // (roles found, first header row, last header row, columns)
    let mut best: Option<(usize, u32, u32, Columns)> = None;
    for r in sheet.origin.0..last {
        for depth in [1u32, 2, 3] {
            if r + depth > end_row || !plausible_header_span(sheet, r, r + depth - 1, end_col) {
                break;
            }
            let Some((found, columns)) = header_columns(sheet, r, r + depth - 1, end_col) else {
                continue;
            };
            // Prefer more roles; at equal count, the shallower header.
            if best.as_ref().is_none_or(|b| found > b.0) {
                best = Some((found, r, r + depth - 1, columns));
            }
        }
        if best.is_some() {
            break;
        }
    }
    let (_, first, last_header, columns) = best?;
    let (rows, truncated) = body_rows(sheet, &columns, last_header + 1, end_row);
    Some(Table {
        header_rows: (first, last_header),
        columns,
        rows,
        heading: heading_texts(sheet, first),
        truncated,
    })
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

/// The columns of a header spanning rows `top..=bottom`, with the number
/// of distinct roles found, if it names a title and a self-score column.
/// Each column's texts are joined top to bottom (merged cells repeat their
/// text), so "Điểm" over "Tự chấm" reads "Điểm Tự chấm". The first column
/// of each role wins; columns with a header but no role are kept as notes.
fn header_columns(sheet: &Sheet, top: u32, bottom: u32, end_col: u32) -> Option<(usize, Columns)> {
    let mut roles: Vec<(u32, Role)> = Vec::new();
    let mut unnamed: Vec<(u32, String, String)> = Vec::new();
    for c in sheet.origin.1..end_col {
        let mut parts: Vec<Cow<'_, str>> = Vec::new();
        for r in top..=bottom {
            let t = header_text(sheet, r, c);
            if !t.is_empty() && parts.last() != Some(&t) {
                parts.push(t);
            }
        }
        if parts.is_empty() {
            continue;
        }
        let shown = parts.join(" ");
        let joined = text::fold(&shown);
        // The lowest part alone decides first (a specific sub-header),
        // then the whole column text.
        let lowest = parts.last().map(|p| text::fold(p)).unwrap_or_default();
        let role = header_role(&lowest).or_else(|| header_role(&joined));
        match role {
            Some(role) if role == Role::Note || !roles.iter().any(|(_, r)| *r == role) => {
                roles.push((c, role));
                if role == Role::Note {
                    unnamed.push((c, shown, String::new()));
                }
            }
            Some(_) => unnamed.push((c, shown, String::new())),
            None => unnamed.push((c, shown, lowest)),
        }
    }
    let col = |role: Role| roles.iter().find(|(_, r)| *r == role).map(|(c, _)| *c);
    // A plain "Điểm" / "Số điểm" / "Điểm đạt" column is the self-score
    // where no column says "tự chấm".
    let self_score = col(Role::SelfScore).or_else(|| {
        unnamed
            .iter()
            .find(|(_, _, folded)| GENERIC_SCORE.contains(&folded.as_str()))
            .map(|(c, _, _)| *c)
    })?;
    let title = col(Role::Title)?;
    let mut found = roles.iter().map(|(_, r)| *r).collect::<Vec<_>>();
    found.push(Role::SelfScore);
    found.sort_by_key(|r| *r as u8);
    found.dedup();
    let kept = unnamed
        .into_iter()
        .filter(|(c, _, _)| *c != self_score)
        .map(|(c, shown, _)| (c, shown))
        .collect();
    Some((
        found.len(),
        Columns {
            label: col(Role::Label),
            title,
            max: col(Role::Max),
            self_score,
            reviewed: col(Role::Reviewed),
            condition: col(Role::Condition),
            kept,
        },
    ))
}

/// Header texts that name the self-score column when no column says
/// "tự chấm" (folded, whole text).
const GENERIC_SCORE: &[&str] = &[
    "diem",
    "so diem",
    "diem dat",
    "diem dat duoc",
    "so diem dat duoc",
    "diem so",
    "ket qua",
    "diem thuc te",
    "diem cham",
    "cham diem",
];

/// Texts above the header: the heading block, the title, "Đơn vị: …".
fn heading_texts(sheet: &Sheet, header_row: u32) -> Vec<HeadingText> {
    let (_, end_col) = sheet.end();
    let mut out = Vec::new();
    for r in sheet.origin.0..header_row {
        for c in sheet.origin.1..end_col {
            let t = cell_text(sheet.get(r, c));
            if !t.is_empty() {
                out.push(HeadingText {
                    text: t.into_owned(),
                    cell: a1(r, c),
                });
            }
        }
    }
    out
}

/// Whether a row is a numbering row "(1) (2) (3)…" under the header.
fn is_numbering_row(sheet: &Sheet, row: u32, columns: &Columns) -> bool {
    let t = cell_text(sheet.get(row, columns.title));
    let s = cell_text(sheet.get(row, columns.self_score));
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
    let words = WordStarts::new(folded);
    SIGNATURE_MARKERS.iter().any(|m| words.contains(m))
}

/// Whether a title names a subtotal or total line: "Cộng", "Cộng mục I",
/// "Tổng", "Tổng cộng", "Tổng điểm (A+B-C)", "Tổng số điểm đạt được". Uses
/// the toned key: "Cộng" (a sum) is not "Công" (as in Công đoàn), and
/// "Tổng kết" (a criterion) is not a total.
pub fn is_total_title(title: &str) -> bool {
    let k = text::key(title);
    let mut words = k.split(' ');
    match (words.next().unwrap_or(""), words.next()) {
        ("công5", _) => true,
        ("tông3", None) => true,
        ("tông3", Some(second)) => {
            matches!(second, "công5" | "điêm3" | "sô1" | "hơp5" | "i" | "a")
                || !second.chars().any(char::is_alphabetic)
        }
        _ => false,
    }
}

/// A repeated header at row `r` (a second, smaller table below the first:
/// bonus and deduction lines with their own header): its columns and last
/// row.
fn header_at(sheet: &Sheet, r: u32, end_row: u32, end_col: u32) -> Option<(Columns, u32)> {
    for depth in [1u32, 2] {
        if r + depth > end_row || !plausible_header_span(sheet, r, r + depth - 1, end_col) {
            return None;
        }
        if let Some((_, columns)) = header_columns(sheet, r, r + depth - 1, end_col) {
            return Some((columns, r + depth - 1));
        }
    }
    None
}

/// The rows below the header, and whether there were more than
/// [`MAX_TABLE_ROWS`].
fn body_rows(sheet: &Sheet, first: &Columns, from: u32, end_row: u32) -> (Vec<Row>, bool) {
    let (_, end_col) = sheet.end();
    let mut columns = first.clone();
    let mut rows: Vec<Row> = Vec::new();
    let mut r = from;
    while r < end_row && is_numbering_row(sheet, r, &columns) {
        r += 1;
    }
    // Below the first total line that follows criteria, unlabelled lines
    // ("Điểm thưởng", "Điểm trừ", "Tổng điểm") may be summary lines.
    let mut in_summary = false;
    let mut seen_item = false;
    while r < end_row {
        if rows.len() >= MAX_TABLE_ROWS {
            return (rows, true);
        }
        if let Some((next, last)) = header_at(sheet, r, end_row, end_col) {
            columns = next;
            r = last + 1;
            while r < end_row && is_numbering_row(sheet, r, &columns) {
                r += 1;
            }
            continue;
        }
        let this = r;
        r += 1;
        let Some(mut row) = read_row(sheet, &columns, this) else {
            continue;
        };
        let folded_texts = (columns.label.iter().chain([&columns.title]))
            .map(|&c| text::fold(&cell_text(sheet.get(this, c))))
            .collect::<Vec<_>>()
            .join(" ");
        if is_signature(&folded_texts)
            || (row.title.is_empty()
                && row.label.is_empty()
                && !row.bullet
                && row_has_signature(sheet, this))
        {
            break;
        }
        let labelled = !row.label.is_empty() || row.bullet;
        row.kind = if labelled {
            RowKind::Item
        } else if is_total_title(&row.title) {
            RowKind::Total
        } else if in_summary {
            RowKind::Loose
        } else {
            RowKind::Item
        };
        seen_item |= row.kind == RowKind::Item;
        if row.kind == RowKind::Total && seen_item {
            in_summary = true;
        }
        if let Some(prev) = rows.last_mut()
            && continues(sheet, &columns, prev, &row)
        {
            join(prev, row);
            continue;
        }
        rows.push(row);
    }
    (rows, false)
}

/// Read one row with the given columns; `None` when it is empty.
fn read_row(sheet: &Sheet, columns: &Columns, r: u32) -> Option<Row> {
    let label_text = columns
        .label
        .map(|c| cell_text(sheet.get(r, c)))
        .unwrap_or_default();
    let mut title = cell_text(sheet.get(r, columns.title)).into_owned();
    let mut mark = labels::parse_label(&label_text);
    // Summary lines often start in the STT column ("Tổng cộng" across STT
    // and Nội dung): a text in the STT column that is no label, with no
    // title, is the title.
    if title.is_empty() && mark == Mark::None && !label_text.is_empty() {
        title = label_text.into_owned();
    }
    // A label typed at the start of the title ("1. Hoàn thành…", "- Trưởng
    // khối"), where the STT column has none or the same one.
    let (typed, rest) = labels::split_title(&title);
    if typed != Mark::None && (mark == Mark::None || mark == typed) {
        mark = typed;
        title = rest;
    }
    let (title_max, title) = labels::max_in_title(&title);
    let condition = columns.condition.map(|c| {
        let raw = cell_text(sheet.get(r, c));
        let (m, rest) = labels::split_title(&raw);
        let (cmax, rest) = labels::max_in_title(&rest);
        let label = match m {
            Mark::Label(l) => l,
            _ => String::new(),
        };
        (Face { label, title: rest }, cmax)
    });
    let max = columns.max.map(|c| CellRef::of(sheet, r, c));
    let column_max = max.as_ref().and_then(|m| match &m.value {
        Value::Number(n) => Score::from_f64(*n),
        Value::Text(t) => labels::number_with_unit(t),
        _ => None,
    });
    let stated_max = column_max
        .or(title_max)
        .or(condition.as_ref().and_then(|(_, m)| *m));
    let self_score = CellRef::of(sheet, r, columns.self_score);
    let reviewed = columns.reviewed.map(|c| CellRef::of(sheet, r, c));
    let notes: Vec<Note> = columns
        .kept
        .iter()
        .filter_map(|(c, header)| {
            let t = cell_text(sheet.get(r, *c));
            (!t.is_empty()).then(|| Note {
                column: header.clone(),
                text: t.into_owned(),
                cell: Address::new(r, *c),
            })
        })
        .collect();
    let (label, bullet) = match mark {
        Mark::Label(l) => (l, false),
        Mark::Bullet => (String::new(), true),
        Mark::None => (String::new(), false),
    };
    let condition = condition
        .map(|(f, _)| f)
        .filter(|f| !f.title.is_empty() || !f.label.is_empty());
    let empty = label.is_empty()
        && !bullet
        && title.is_empty()
        && condition.is_none()
        && self_score.is_empty()
        && max.as_ref().is_none_or(CellRef::is_empty)
        && reviewed.as_ref().is_none_or(CellRef::is_empty);
    if empty {
        return None;
    }
    Some(Row {
        row: r,
        label,
        bullet,
        title,
        title_cell: a1(r, columns.title),
        condition,
        stated_max,
        max,
        self_score,
        reviewed,
        notes,
        kind: RowKind::Item,
    })
}

/// Whether `next` carries on the title of `prev` (a title wrapped over two
/// rows): no label of its own, and either its label and score cells lie in
/// ranges merged down from `prev`'s row, or its title goes on in lower
/// case where `prev` has no score yet.
fn continues(sheet: &Sheet, columns: &Columns, prev: &Row, next: &Row) -> bool {
    if prev.kind != RowKind::Item
        || !next.label.is_empty()
        || next.bullet
        || next.title.is_empty()
        || next.condition.is_some()
    {
        return false;
    }
    let merged_down = |c: u32| {
        sheet
            .merge_covering(next.row, c)
            .is_some_and(|m| m.first.0 <= prev.row && m.first.0 < next.row)
    };
    let title_merged = merged_down(columns.title);
    let cells_merged = columns.label.is_some_and(merged_down) || merged_down(columns.self_score);
    if cells_merged && !title_merged && !next.has_score() {
        return true;
    }
    let lower = next.title.chars().next().is_some_and(char::is_lowercase);
    lower && !(prev.has_score() && next.has_score())
}

/// Join a continuation row into the row it continues; the numbers come
/// from whichever row has them.
fn join(prev: &mut Row, next: Row) {
    prev.title = format!("{} {}", prev.title, next.title);
    if !prev.has_score() && next.has_score() {
        prev.self_score = next.self_score;
        prev.reviewed = next.reviewed;
    }
    if prev.stated_max.is_none() {
        prev.stated_max = next.stated_max;
        prev.max = next.max;
    }
    prev.notes.extend(next.notes);
}

/// Any cell of the row opens the signature block.
fn row_has_signature(sheet: &Sheet, row: u32) -> bool {
    let (_, end_col) = sheet.end();
    (sheet.origin.1..end_col).any(|c| is_signature(&text::fold(&cell_text(sheet.get(row, c)))))
}

#[cfg(test)]
mod tests {
    use super::super::test_cells::{e, n, t};
    use super::*;
    use crate::read::Merge;

    #[test]
    fn word_starts_find_what_contains_words_finds() {
        let texts = [
            "",
            " ",
            "a",
            "tu cham",
            "diem tu cham",
            "  tu  cham ",
            "tu chamx",
            "xtu cham",
        ];
        let phrases = ["", "tu cham", "cham", "tu", "a", "diem tu cham diem"];
        for text in texts {
            let words = WordStarts::new(text);
            for phrase in phrases {
                assert_eq!(
                    words.contains(phrase),
                    contains_words(text, phrase),
                    "{text:?} {phrase:?}"
                );
            }
        }
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
        let c = &table.columns;
        assert_eq!(
            (c.label, c.title, c.self_score, c.max),
            (Some(1), 2, 3, Some(4))
        );
        assert_eq!(c.kept, vec![(5, "Minh chứng".to_string())]);
        assert_eq!(table.rows.len(), 3, "{:?}", table.rows);
        assert_eq!(table.rows[1].label, "1");
        assert_eq!(table.rows[1].self_score.cell.a1(), "D6");
        assert_eq!(
            table.rows[1].notes,
            vec![Note {
                column: "Minh chứng".into(),
                text: "Báo cáo số 12".into(),
                cell: Address::new(5, 5)
            }]
        );
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
        assert_eq!(table.columns.max, Some(2));
        assert_eq!(table.columns.self_score, 3);
        assert_eq!(table.columns.reviewed, Some(4));
        assert_eq!(table.columns.kept, vec![(5, "Ghi chú".to_string())]);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].self_score.cell.a1(), "D4");
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
