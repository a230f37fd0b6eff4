//! The rules file as written (tệp TOML): parsed keeping every key's place,
//! then read table by table into plain types, collecting every problem —
//! syntax, an unknown key (with the allowed key it most resembles), a value
//! of the wrong type — instead of stopping at the first; then handed to
//! `validate`, whose problems are located through the same places.
//!
//! Depends on `score` for the decimal fields and on `source`, `suggest`;
//! never used outside `rules`.

use super::error::{RulesError, RulesProblem};
use super::model::{Better, Kind, Over, Period, Role, Rules, TieAfterVote, Voters};
use super::source::Source;
use super::suggest::closest;
use super::validate::Checker;
use crate::score::Score;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A value of the file: not written, written but unusable (already
/// reported, nothing more to say about it), or read.
#[derive(Clone, Debug, Default)]
pub(super) enum Field<T> {
    #[default]
    Missing,
    Bad,
    Given(T),
}

impl<T> Field<T> {
    pub fn given(self) -> Option<T> {
        match self {
            Field::Given(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_bad(&self) -> bool {
        matches!(self, Field::Bad)
    }
}

pub(super) struct RulesFile {
    /// `None` when there is no usable `[bloc]` (already reported).
    pub bloc: Option<BlocFile>,
    pub units: Vec<UnitFile>,
    pub criteria: Vec<CriterionFile>,
    pub awards: Vec<AwardFile>,
    pub tie_break: Vec<String>,
    /// `None` when the file has no `[vote]` (the defaults apply).
    pub vote: Option<VoteFile>,
}

pub(super) struct VoteFile {
    pub voters: Field<Voters>,
    pub delegates: Field<i64>,
    pub quorum: Field<Score>,
    pub agree: Field<Score>,
    pub agree_rule: Field<bool>,
    pub over: Field<Over>,
    pub tie: Field<TieAfterVote>,
}

pub(super) struct BlocFile {
    pub name: Field<String>,
    pub year: Field<i64>,
    pub period: Field<Period>,
    pub province: Field<String>,
    pub scale: Field<Score>,
}

pub(super) struct UnitFile {
    pub id: Field<String>,
    pub name: Field<String>,
    pub aliases: Vec<String>,
    pub role: Field<Role>,
}

pub(super) struct CriterionFile {
    pub code: Field<String>,
    pub title: Field<String>,
    pub max: Field<Score>,
    pub kind: Field<Kind>,
    pub levels: Field<Vec<Score>>,
    pub label: Field<String>,
    pub measure: MeasureFile,
}

/// The keys of a criterion scored against the bloc.
pub(super) struct MeasureFile {
    /// `kind = "relative"` or `"target"`: scored against the bloc.
    pub measured: Option<Measured>,
    pub better: Field<Better>,
    pub target: Field<Score>,
    pub round: Field<Score>,
    pub unit: Field<String>,
}

/// A kind of criterion scored against the bloc, as the file names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Measured {
    Relative,
    Target,
}

pub(super) struct AwardFile {
    pub name: Field<String>,
    pub count: Field<i64>,
    pub share: Field<Score>,
    pub min_total: Field<Score>,
    pub no_deduction: Field<bool>,
    pub vote_agree: Field<Score>,
    pub vote_rule: Field<bool>,
    pub vote_over: Field<Over>,
    pub ticks: Field<i64>,
    pub not_twice_running: Field<bool>,
    pub requires_previous: Field<String>,
    pub within: Field<i64>,
}

const TOP: &[&str] = &["bloc", "units", "criteria", "awards", "ranking", "vote"];
const BLOC: &[&str] = &["name", "year", "period", "province", "scale"];
const UNIT: &[&str] = &["id", "name", "aliases", "role"];
const CRITERION: &[&str] = &[
    "code", "title", "max", "kind", "levels", "label", "better", "target", "round", "unit",
];
const AWARD: &[&str] = &[
    "name",
    "count",
    "share",
    "min_total",
    "no_deduction",
    "vote_agree",
    "vote_rule",
    "vote_over",
    "ticks",
    "not_twice_running",
    "requires_previous",
    "within",
];
const VOTE: &[&str] = &[
    "voters",
    "delegates",
    "quorum",
    "agree",
    "agree_rule",
    "over",
    "tie",
];
const RANKING: &[&str] = &["tie_break"];

/// Where each key of the file is (byte offset of its value, or of the
/// table's header), and the problems found while reading.
pub(super) struct Places<'s> {
    source: &'s Source<'s>,
    places: BTreeMap<String, usize>,
    /// Lines with a syntax error: their values are not judged again.
    broken_lines: BTreeSet<usize>,
    /// Paths of allowed keys already reported as misspelled.
    misspelled: BTreeSet<String>,
    problems: Vec<(Option<usize>, Option<String>, String)>,
}

impl<'s> Places<'s> {
    fn new(source: &'s Source<'s>) -> Places<'s> {
        Places {
            source,
            places: BTreeMap::new(),
            broken_lines: BTreeSet::new(),
            misspelled: BTreeSet::new(),
            problems: Vec::new(),
        }
    }

    /// A problem at `key`, located at the key or, when the key is not
    /// written, at the nearest enclosing table written.
    pub fn report(&mut self, key: &str, message: impl Into<String>) {
        let mut path = key;
        let at = loop {
            if let Some(&at) = self.places.get(path) {
                break Some(at);
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                None => break None,
            }
        };
        self.problems
            .push((at, Some(key.to_string()), message.into()));
    }

    fn report_at(&mut self, at: usize, key: &str, message: impl Into<String>) {
        self.problems
            .push((Some(at), Some(key.to_string()), message.into()));
    }

    fn place(&mut self, path: &str, at: usize) {
        self.places.insert(path.to_string(), at);
    }

    /// The problems in the order of the file, each told once.
    fn into_error(self, file: &str) -> Option<RulesError> {
        let mut problems: Vec<(usize, usize, RulesProblem)> = self
            .problems
            .into_iter()
            .map(|(at, key, message)| {
                let (line, column) = at.map(|a| self.source.line_column(a)).unzip();
                (
                    line.unwrap_or(0),
                    column.unwrap_or(0),
                    RulesProblem {
                        line,
                        column,
                        key,
                        message,
                    },
                )
            })
            .collect();
        problems.sort_by_key(|p| (p.0, p.1));
        let mut seen = BTreeSet::new();
        let problems: Vec<RulesProblem> = problems
            .into_iter()
            .map(|(_, _, p)| p)
            .filter(|p| seen.insert((p.line, p.column, p.message.clone())))
            .collect();
        (!problems.is_empty()).then(|| RulesError {
            file: file.to_string(),
            problems,
        })
    }

    /// One table of the file: its place, its keys checked against the
    /// allowed ones.
    fn table<'t>(
        &mut self,
        path: &str,
        value: &'t Spanned<DeValue<'t>>,
        allowed: &[&str],
        how: &str,
    ) -> Option<&'t DeTable<'t>> {
        self.place(path, value.span().start);
        let Some(table) = value.get_ref().as_table() else {
            if !self.broken(value) {
                self.report_at(
                    value.span().start,
                    path,
                    format!("mục {path} phải là một bảng: {how}."),
                );
            }
            return None;
        };
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            let full = format!("{}{name}", prefix(path));
            self.place(&full, value.span().start);
            if allowed.contains(&name) {
                continue;
            }
            let mut message = format!("không có mục \"{name}\" trong {}", table_name(path));
            match closest(name, allowed) {
                Some(near) => {
                    message.push_str(&format!("; có phải là \"{near}\"? Sửa thành {near} = …"));
                    let near_path = format!("{}{near}", prefix(path));
                    if table.get(near).is_none() {
                        self.misspelled.insert(near_path);
                    }
                }
                None => message.push_str(&format!("; các mục được dùng: {}.", allowed.join(", "))),
            }
            self.report_at(key.span().start, &full, message);
        }
        Some(table)
    }

    fn broken(&self, value: &Spanned<DeValue>) -> bool {
        self.broken_lines
            .contains(&self.source.line(value.span().start))
    }

    /// Field `key` of `table` (at `path`), read by `read`: a message for a
    /// value of the wrong kind.
    fn field<T>(
        &mut self,
        table: &DeTable,
        path: &str,
        key: &str,
        read: impl Fn(&DeValue) -> Result<T, String>,
    ) -> Field<T> {
        let full = format!("{}{key}", prefix(path));
        let Some(value) = table.get(key) else {
            return if self.misspelled.contains(&full) {
                Field::Bad
            } else {
                Field::Missing
            };
        };
        if self.broken(value) {
            return Field::Bad;
        }
        match read(value.get_ref()) {
            Ok(v) => Field::Given(v),
            Err(message) => {
                self.report_at(value.span().start, &full, message);
                Field::Bad
            }
        }
    }

    /// An array of tables (`[[units]]`), each read by `read`.
    fn tables<T>(
        &mut self,
        top: &DeTable,
        name: &str,
        allowed: &[&str],
        mut read: impl FnMut(&mut Self, &DeTable, &str) -> T,
    ) -> Vec<T> {
        let Some(value) = top.get(name) else {
            return Vec::new();
        };
        self.place(name, value.span().start);
        let Some(items) = value.get_ref().as_array() else {
            if !self.broken(value) {
                self.report_at(
                    value.span().start,
                    name,
                    format!("ghi [[{name}]] (hai dấu ngoặc vuông), mỗi mục một lần [[{name}]]."),
                );
            }
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("{name}[{i}]");
            if let Some(table) = self.table(&path, item, allowed, &format!("ghi [[{name}]]")) {
                out.push(read(self, table, &path));
            }
        }
        out
    }
}

fn prefix(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}.")
    }
}

/// How a table is called in a message: `[bloc]`, `[[criteria]]`.
fn table_name(path: &str) -> String {
    match path.split_once('[') {
        _ if path.is_empty() => {
            "tệp quy định (các bảng: [bloc], [[units]], [[criteria]], [[awards]], [ranking], [vote])".into()
        }
        Some((name, _)) => format!("[[{name}]]"),
        None => format!("[{path}]"),
    }
}

fn text(value: &DeValue) -> Result<String, String> {
    match value {
        DeValue::String(s) => Ok(s.to_string()),
        DeValue::Integer(i) => Err(format!(
            "cần chữ trong dấu ngoặc kép, ví dụ \"{}\".",
            i.as_str()
        )),
        _ => Err("cần chữ trong dấu ngoặc kép, ví dụ \"Sở Y tế\".".into()),
    }
}

fn whole_number(value: &DeValue) -> Result<i64, String> {
    match value {
        DeValue::Integer(i) => {
            i64::from_str_radix(i.as_str(), i.radix()).map_err(|_| "số quá lớn.".to_string())
        }
        DeValue::String(s) if s.trim().parse::<i64>().is_ok() => Err(format!(
            "số không đặt trong dấu ngoặc kép: ghi {} thay cho \"{s}\".",
            s.trim()
        )),
        DeValue::Float(f) => Err(format!("cần một số nguyên, không phải {}.", f.as_str())),
        _ => Err("cần một số nguyên, ví dụ 2025.".into()),
    }
}

fn points(value: &DeValue) -> Result<Score, String> {
    let exact = |text: &str| {
        Score::parse(text)
            .or_else(|| text.parse::<f64>().ok().and_then(Score::from_f64))
            .ok_or_else(|| {
                format!("số {text} không dùng được: điểm ghi tối đa ba chữ số thập phân.")
            })
    };
    match value {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .and_then(|v| v.checked_mul(1000))
            .map(Score::from_milli)
            .ok_or_else(|| "số quá lớn.".to_string()),
        DeValue::Float(f) => exact(f.as_str()),
        DeValue::String(s) if Score::parse(s).is_some() => {
            let dotted = s.trim().replace(',', ".");
            Err(format!(
                "số không đặt trong dấu ngoặc kép{}: ghi {dotted} thay cho \"{s}\".",
                if s.contains(',') {
                    " và dùng dấu chấm thập phân"
                } else {
                    ""
                }
            ))
        }
        DeValue::String(s) => Err(format!(
            "cần một số, không phải chữ \"{s}\"; ví dụ 10 hoặc 12.5."
        )),
        _ => Err("cần một số, ví dụ 10 hoặc 12.5.".into()),
    }
}

/// A share (tỷ lệ) such as 0.5 or 0.666: a number with at most three
/// decimals.
fn share(value: &DeValue) -> Result<Score, String> {
    points(value).map_err(|m| {
        if m.contains("ba chữ số thập phân") {
            "tỷ lệ ghi tối đa ba chữ số thập phân, ví dụ 0.5, 0.7 hoặc 0.666 (hai phần ba).".into()
        } else {
            m
        }
    })
}

fn yes_no(value: &DeValue) -> Result<bool, String> {
    value
        .as_bool()
        .ok_or_else(|| "ghi true (có) hoặc false (không), không có ngoặc kép.".into())
}

/// A word from a fixed list, with the nearest one suggested.
fn one_of<T: Copy>(choices: &[(&str, T)]) -> impl Fn(&DeValue) -> Result<T, String> {
    move |value| {
        let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
        let list = names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let Some(word) = value.as_str() else {
            return Err(format!("ghi một trong: {list} (trong dấu ngoặc kép)."));
        };
        if let Some((_, v)) = choices.iter().find(|(n, _)| *n == word) {
            return Ok(*v);
        }
        let near = closest(word, &names)
            .map(|n| format!(" Có phải là \"{n}\"?"))
            .unwrap_or_default();
        Err(format!(
            "không có giá trị \"{word}\"; dùng một trong: {list}.{near}"
        ))
    }
}

fn list<T>(
    item: impl Fn(&DeValue) -> Result<T, String>,
) -> impl Fn(&DeValue) -> Result<Vec<T>, String> {
    move |value| {
        let Some(items) = value.as_array() else {
            return Err(
                "cần một danh sách trong ngoặc vuông, ví dụ [10, 7, 4, 0] hoặc [\"SYT\"].".into(),
            );
        };
        items
            .iter()
            .enumerate()
            .map(|(i, v)| item(v.get_ref()).map_err(|m| format!("phần tử thứ {}: {m}", i + 1)))
            .collect()
    }
}

const KINDS: &[(&str, (Kind, Option<Measured>))] = &[
    ("score", (Kind::Score, None)),
    ("bonus", (Kind::Bonus, None)),
    ("deduction", (Kind::Deduction, None)),
    ("disqualifier", (Kind::Disqualifier, None)),
    ("relative", (Kind::Score, Some(Measured::Relative))),
    ("target", (Kind::Score, Some(Measured::Target))),
];
const BETTER: &[(&str, Better)] = &[("higher", Better::Higher), ("lower", Better::Lower)];
const PERIODS: &[(&str, Period)] = &[("annual", Period::Annual), ("half-year", Period::HalfYear)];
const VOTERS: &[(&str, Voters)] = &[("units", Voters::Units), ("delegates", Voters::Delegates)];
const OVERS: &[(&str, Over)] = &[("members", Over::Members), ("valid", Over::Valid)];
/// `true`: at least the share; `false`: more than it.
const AGREE_RULES: &[(&str, bool)] = &[("more-than", false), ("at-least", true)];
const TIES: &[(&str, TieAfterVote)] = &[
    ("revote", TieAfterVote::Revote),
    ("ranking", TieAfterVote::Ranking),
];
const ROLES: &[(&str, Role)] = &[
    ("head", Role::Head),
    ("deputy", Role::Deputy),
    ("member", Role::Member),
];

/// Read the parsed document into the file's types.
fn read(places: &mut Places, doc: &Spanned<DeTable>) -> RulesFile {
    let top = doc.get_ref();
    // The top level: unknown tables.
    for (key, _) in top.iter() {
        let name: &str = key.get_ref();
        if !TOP.contains(&name) {
            let near = closest(name, TOP)
                .map(|n| format!("; có phải là [{n}]?"))
                .unwrap_or_else(|| format!("; các bảng được dùng: {}.", table_name("")));
            places.report_at(
                key.span().start,
                name,
                format!("không có bảng \"{name}\"{near}"),
            );
        }
    }
    let bloc = match top.get("bloc") {
        None => {
            places.problems.push((
                Some(0),
                Some("bloc".into()),
                "chưa có bảng [bloc]: thêm [bloc] với name (tên khối) và year (năm chấm điểm)."
                    .into(),
            ));
            None
        }
        Some(value) => places
            .table("bloc", value, BLOC, "ghi [bloc]")
            .map(|t| BlocFile {
                name: places.field(t, "bloc", "name", text),
                year: places.field(t, "bloc", "year", whole_number),
                period: places.field(t, "bloc", "period", one_of(PERIODS)),
                province: places.field(t, "bloc", "province", text),
                scale: places.field(t, "bloc", "scale", points),
            }),
    };
    let units = places.tables(top, "units", UNIT, |p, t, path| UnitFile {
        id: p.field(t, path, "id", text),
        name: p.field(t, path, "name", text),
        aliases: p
            .field(t, path, "aliases", list(text))
            .given()
            .unwrap_or_default(),
        role: p.field(t, path, "role", one_of(ROLES)),
    });
    let criteria = places.tables(top, "criteria", CRITERION, |p, t, path| {
        let (kind, measured) = match p.field(t, path, "kind", one_of(KINDS)) {
            Field::Given((kind, measured)) => (Field::Given(kind), measured),
            Field::Missing => (Field::Missing, None),
            Field::Bad => (Field::Bad, None),
        };
        CriterionFile {
            code: p.field(t, path, "code", text),
            title: p.field(t, path, "title", text),
            max: p.field(t, path, "max", points),
            kind,
            levels: p.field(t, path, "levels", list(points)),
            label: p.field(t, path, "label", text),
            measure: MeasureFile {
                measured,
                better: p.field(t, path, "better", one_of(BETTER)),
                target: p.field(t, path, "target", points),
                round: p.field(t, path, "round", points),
                unit: p.field(t, path, "unit", text),
            },
        }
    });
    let awards = places.tables(top, "awards", AWARD, |p, t, path| AwardFile {
        name: p.field(t, path, "name", text),
        count: p.field(t, path, "count", whole_number),
        share: p.field(t, path, "share", points),
        min_total: p.field(t, path, "min_total", points),
        no_deduction: p.field(t, path, "no_deduction", yes_no),
        vote_agree: p.field(t, path, "vote_agree", share),
        vote_rule: p.field(t, path, "vote_rule", one_of(AGREE_RULES)),
        vote_over: p.field(t, path, "vote_over", one_of(OVERS)),
        ticks: p.field(t, path, "ticks", whole_number),
        not_twice_running: p.field(t, path, "not_twice_running", yes_no),
        requires_previous: p.field(t, path, "requires_previous", text),
        within: p.field(t, path, "within", whole_number),
    });
    let tie_break = match top.get("ranking") {
        Some(value) => match places.table("ranking", value, RANKING, "ghi [ranking]") {
            Some(t) => places
                .field(t, "ranking", "tie_break", list(text))
                .given()
                .unwrap_or_default(),
            None => Vec::new(),
        },
        None => Vec::new(),
    };
    let vote = top.get("vote").and_then(|value| {
        places
            .table("vote", value, VOTE, "ghi [vote]")
            .map(|t| VoteFile {
                voters: places.field(t, "vote", "voters", one_of(VOTERS)),
                delegates: places.field(t, "vote", "delegates", whole_number),
                quorum: places.field(t, "vote", "quorum", share),
                agree: places.field(t, "vote", "agree", share),
                agree_rule: places.field(t, "vote", "agree_rule", one_of(AGREE_RULES)),
                over: places.field(t, "vote", "over", one_of(OVERS)),
                tie: places.field(t, "vote", "tie", one_of(TIES)),
            })
    });
    RulesFile {
        bloc,
        units,
        criteria,
        awards,
        tie_break,
        vote,
    }
}

impl Rules {
    /// Read and check a rules file.
    pub fn load(path: &Path) -> Result<Rules, RulesError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "không tìm thấy tệp".to_string(),
                std::io::ErrorKind::PermissionDenied => "không được phép đọc tệp".to_string(),
                _ => format!(
                    "không đọc được tệp (mã lỗi của hệ điều hành: {})",
                    e.raw_os_error().unwrap_or(0)
                ),
            };
            RulesError::whole(
                &file,
                format!("{why}. Kiểm tra đường dẫn và quyền truy cập."),
            )
        })?;
        let source = String::from_utf8(bytes).map_err(|_| {
            RulesError::whole(
                &file,
                "tệp không phải văn bản UTF-8. Hãy lưu lại tệp với mã hoá UTF-8 (Unicode).",
            )
        })?;
        Rules::parse(&source, &file)
    }

    /// Parse and check rules from TOML text; `file` names it in errors,
    /// which list every problem found, each with its line and column.
    pub fn parse(source: &str, file: &str) -> Result<Rules, RulesError> {
        let text = source.strip_prefix('\u{FEFF}').unwrap_or(source);
        let source = Source::new(text);
        let (doc, syntax) = DeTable::parse_recoverable(text);
        let mut places = Places::new(&source);
        for error in &syntax {
            let (at, message) = source.syntax(error);
            places.broken_lines.insert(source.line(at));
            places.problems.push((Some(at), None, message));
        }
        let raw = read(&mut places, &doc);
        let rules = Checker::new(&mut places).check(raw);
        match places.into_error(file) {
            Some(error) => Err(error),
            None => rules.ok_or_else(|| RulesError::whole(file, "tệp quy định chưa dùng được.")),
        }
    }
}
