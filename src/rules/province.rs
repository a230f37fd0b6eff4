//! The province rules file (tệp quy định của tỉnh): the province (tỉnh), the
//! blocs it expects (các khối thi đua) and its quotas per award (chỉ tiêu
//! khen thưởng: how many a bloc may propose, only for its leading units, a
//! provincial total as a count and as a share of units), in the council's
//! order (thứ tự Hội đồng Thi đua – Khen thưởng tỉnh xét), with an optional
//! deadline (hạn nộp) for the blocs' results.
//!
//! Read strictly (serde, unknown keys refused); every problem names the
//! file and the key, in Vietnamese, as the bloc rules' do. Quotas belong
//! here, never in code. Part of `rules`; depends on `score` and `text`;
//! knows nothing of spreadsheets or of the blocs' results.

use super::error::{RulesError, RulesProblem};
use super::source::Source;
use crate::score::Score;
use crate::text;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A province's rules, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Province {
    /// Tên tỉnh, e.g. "Quảng Ngãi".
    pub name: String,
    /// Năm xét khen thưởng.
    pub year: i32,
    /// Cơ quan lập danh sách, as the documents' heading writes it.
    pub issuer: String,
    /// Hạn nộp kết quả của các khối ("YYYY-MM-DD"), if any.
    pub deadline: Option<String>,
    /// The blocs expected, in the file's order.
    pub blocs: Vec<ExpectedBloc>,
    /// The awards with their quotas, in the council's order.
    pub awards: Vec<AwardQuota>,
}

/// A bloc the province expects results from (khối thi đua).
#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedBloc {
    /// Mã khối.
    pub id: String,
    /// Tên khối.
    pub name: String,
    /// Other names the bloc's files may give it (tên khác).
    pub aliases: Vec<String>,
    /// A file or folder name (without its folder) that holds the bloc's
    /// results, when its files do not name the bloc.
    pub source: Option<String>,
}

/// One award and what the province allows of it (hình thức khen thưởng và
/// chỉ tiêu).
#[derive(Clone, Debug, PartialEq)]
pub struct AwardQuota {
    /// The award's name (tên hình thức).
    pub name: String,
    /// Other names blocs write it under (e.g. "Cờ thi đua của UBND tỉnh").
    pub aliases: Vec<String>,
    /// Số đơn vị tối đa mỗi khối được đề nghị.
    pub max_per_bloc: Option<u32>,
    /// Only a unit ranked 1 … `top` in its bloc may be proposed (1: the
    /// bloc's leader, đơn vị dẫn đầu khối).
    pub top: Option<u32>,
    /// Tổng số tối đa toàn tỉnh.
    pub max_total: Option<u32>,
    /// Tỷ lệ tối đa toàn tỉnh, a share of the units of the blocs read
    /// (0.2: at most floor(0.2 × units)).
    pub max_share: Option<Score>,
}

impl AwardQuota {
    /// The provincial limit for `units` units in the blocs read: the
    /// smaller of `max_total` and floor(`max_share` × units).
    pub fn provincial_limit(&self, units: usize) -> Option<usize> {
        let by_share = self.max_share.map(|s| s.floor_times(units));
        let by_count = self.max_total.map(|n| n as usize);
        match (by_count, by_share) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    province: ProvinceToml,
    #[serde(default)]
    blocs: Vec<BlocToml>,
    #[serde(default)]
    awards: Vec<AwardToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvinceToml {
    name: String,
    year: i64,
    issuer: Option<String>,
    deadline: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BlocToml {
    id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AwardToml {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    max_per_bloc: Option<i64>,
    top: Option<i64>,
    max_total: Option<i64>,
    max_share: Option<f64>,
}

impl Province {
    /// Read and check a province rules file.
    pub fn load(path: &Path) -> Result<Province, RulesError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "không tìm thấy tệp".to_string(),
                std::io::ErrorKind::PermissionDenied => "không được phép đọc tệp".to_string(),
                _ => format!("không đọc được tệp ({e})"),
            };
            RulesError::whole(
                &file,
                format!("{why}. Kiểm tra đường dẫn và quyền truy cập."),
            )
        })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            RulesError::whole(
                &file,
                "tệp không phải văn bản UTF-8. Hãy lưu lại tệp với mã hoá UTF-8 (Unicode).",
            )
        })?;
        Province::parse(&text, &file)
    }

    /// Parse and check province rules from TOML text; `file` names it in
    /// errors.
    pub fn parse(source: &str, file: &str) -> Result<Province, RulesError> {
        let text = source.strip_prefix('\u{FEFF}').unwrap_or(source);
        let raw: FileToml = toml::from_str(text).map_err(|e| syntax(text, file, &e))?;
        check(raw, file)
    }

    /// The expected bloc named `name` (by name, alias or id, through the
    /// text module's matching keys).
    pub fn bloc_named(&self, name: &str) -> Option<usize> {
        let key = text::key(name);
        if key.is_empty() {
            return None;
        }
        self.blocs.iter().position(|b| {
            text::key(&b.name) == key
                || text::key(&b.id) == key
                || b.aliases.iter().any(|a| text::key(a) == key)
        })
    }

    /// The expected bloc whose `source` hint is the file or folder name
    /// `name` (with or without its extension).
    pub fn bloc_of_source(&self, name: &str) -> Option<usize> {
        let stem = Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let keys = [text::key(name), text::key(&stem)];
        self.blocs.iter().position(|b| {
            b.source.as_deref().is_some_and(|s| {
                let k = text::key(s);
                !k.is_empty() && keys.contains(&k)
            })
        })
    }

    /// The award named `name` (by name or alias, through matching keys).
    pub fn award_named(&self, name: &str) -> Option<usize> {
        let key = text::key(name);
        self.awards.iter().position(|a| {
            text::key(&a.name) == key || a.aliases.iter().any(|x| text::key(x) == key)
        })
    }
}

/// A TOML or shape error (syntax, unknown key, wrong type, missing key),
/// located by line and column, the key named.
fn syntax(text: &str, file: &str, error: &toml::de::Error) -> RulesError {
    let source = Source::new(text);
    let span = error.span().unwrap_or(0..0);
    let (line, column) = source.line_column(span.start);
    let found = text.get(span.clone()).unwrap_or("").trim().to_string();
    let english = error.message();
    let quoted = |prefix: &str| {
        english
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_string)
    };
    let (key, message) = if let Some(key) = quoted("unknown field `") {
        let allowed = english
            .split_once("expected ")
            .map(|(_, rest)| rest.replace('`', "").replace(" or ", ", "))
            .unwrap_or_default();
        (
            Some(key.clone()),
            format!(
                "tệp quy định của tỉnh không có mục \"{key}\"; các mục được dùng ở đây: {allowed}."
            ),
        )
    } else if let Some(key) = quoted("missing field `") {
        (
            Some(key.clone()),
            format!("thiếu mục \"{key}\"; đề nghị ghi thêm (xem README, tệp quy định của tỉnh)."),
        )
    } else if english.starts_with("invalid type") {
        (
            (!found.is_empty()).then(|| found.clone()),
            format!(
                "giá trị \"{found}\" không đúng kiểu: tên ghi trong dấu ngoặc kép, số ghi không có ngoặc kép, danh sách ghi trong ngoặc vuông."
            ),
        )
    } else {
        let (_, message) = source.syntax(error);
        (None, message)
    };
    RulesError {
        file: file.to_string(),
        problems: vec![RulesProblem {
            line: Some(line),
            column: Some(column),
            key,
            message,
        }],
    }
}

/// The file's values checked; every problem named by its key.
fn check(raw: FileToml, file: &str) -> Result<Province, RulesError> {
    let mut problems = Vec::new();
    let mut problem = |key: String, message: String| {
        problems.push(RulesProblem {
            line: None,
            column: None,
            key: Some(key),
            message,
        })
    };
    let name = raw.province.name.trim().to_string();
    if name.is_empty() {
        problem(
            "province.name".into(),
            "chưa ghi tên tỉnh, ví dụ name = \"Quảng Ngãi\".".into(),
        );
    }
    let year = raw.province.year;
    if !(2000..=2100).contains(&year) {
        problem(
            "province.year".into(),
            format!("năm {year} không hợp lệ; ghi năm xét khen thưởng, ví dụ year = 2025."),
        );
    }
    let deadline = raw.province.deadline.map(|d| d.trim().to_string());
    if let Some(d) = &deadline
        && !is_date(d)
    {
        problem(
            "province.deadline".into(),
            format!(
                "hạn nộp \"{d}\" chưa đúng dạng NĂM-THÁNG-NGÀY, ví dụ deadline = \"2026-01-15\"."
            ),
        );
    }
    if raw.blocs.is_empty() {
        problem(
            "blocs".into(),
            "chưa có khối nào; mỗi khối ghi một bảng [[blocs]] với id và name.".into(),
        );
    }
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (i, b) in raw.blocs.iter().enumerate() {
        if b.id.trim().is_empty() {
            problem(format!("blocs[{}].id", i + 1), "chưa ghi mã khối.".into());
        }
        if b.name.trim().is_empty() {
            problem(
                format!("blocs[{}].name", i + 1),
                "chưa ghi tên khối.".into(),
            );
        }
        let names = [&b.id, &b.name].into_iter().chain(&b.aliases);
        for n in names {
            let k = text::key(n);
            if k.is_empty() {
                continue;
            }
            let here = format!("blocs[{}]", i + 1);
            match seen.get(&k) {
                Some(other) if *other != here => problem(
                    here.clone(),
                    format!("tên hoặc mã \"{n}\" trùng với {other}; mỗi khối cần mã, tên riêng."),
                ),
                _ => {
                    seen.insert(k, here);
                }
            }
        }
    }
    let mut awards_seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut awards = Vec::new();
    for (i, a) in raw.awards.iter().enumerate() {
        let at = |k: &str| format!("awards[{}].{k}", i + 1);
        if a.name.trim().is_empty() {
            problem(at("name"), "chưa ghi tên hình thức khen thưởng.".into());
        }
        for n in std::iter::once(&a.name).chain(&a.aliases) {
            let k = text::key(n);
            if k.is_empty() {
                continue;
            }
            if let Some(&other) = awards_seen.get(&k)
                && other != i
            {
                problem(
                    at("name"),
                    format!("hình thức \"{n}\" trùng với awards[{}].", other + 1),
                );
            }
            awards_seen.insert(k, i);
        }
        let mut count = |key: &str, value: Option<i64>| -> Option<u32> {
            let v = value?;
            match u32::try_from(v) {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    problem(
                        at(key),
                        format!("{key} = {v} không hợp lệ; ghi một số nguyên từ 1 trở lên."),
                    );
                    None
                }
            }
        };
        let max_per_bloc = count("max_per_bloc", a.max_per_bloc);
        let top = count("top", a.top);
        let max_total = count("max_total", a.max_total);
        let max_share = match a.max_share {
            None => None,
            Some(s) => match Score::from_f64(s) {
                Some(score) if s > 0.0 && s <= 1.0 => Some(score),
                _ => {
                    problem(
                        at("max_share"),
                        format!(
                            "max_share = {s} không hợp lệ; ghi tỷ lệ lớn hơn 0 và không quá 1, tối đa ba chữ số thập phân (ví dụ 0.2 là 20%)."
                        ),
                    );
                    None
                }
            },
        };
        awards.push(AwardQuota {
            name: a.name.trim().to_string(),
            aliases: a.aliases.iter().map(|s| s.trim().to_string()).collect(),
            max_per_bloc,
            top,
            max_total,
            max_share,
        });
    }
    if !problems.is_empty() {
        return Err(RulesError {
            file: file.to_string(),
            problems,
        });
    }
    let issuer = raw
        .province
        .issuer
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("Sở Nội vụ tỉnh {name}"));
    Ok(Province {
        name,
        year: year as i32,
        issuer,
        deadline,
        blocs: raw
            .blocs
            .into_iter()
            .map(|b| ExpectedBloc {
                id: b.id.trim().to_string(),
                name: b.name.trim().to_string(),
                aliases: b.aliases.iter().map(|s| s.trim().to_string()).collect(),
                source: b
                    .source
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
            })
            .collect(),
        awards,
    })
}

/// "YYYY-MM-DD" with a month 1–12 and a day 1–31.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u32>().ok());
    matches!(
        (num(0..4), num(5..7), num(8..10)),
        (Some(_), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[province]
name = "Quảng Ngãi"
year = 2025
deadline = "2026-01-15"

[[blocs]]
id = "VHXH"
name = "Khối thi đua Văn hóa - Xã hội"
aliases = ["Khối Văn hóa – Xã hội"]

[[blocs]]
id = "KT"
name = "Khối thi đua các cơ quan Kinh tế"
source = "khoi-kinh-te"

[[awards]]
name = "Cờ thi đua của Chính phủ"
max_per_bloc = 1
top = 1

[[awards]]
name = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
aliases = ["Bằng khen của Chủ tịch UBND tỉnh"]
max_total = 10
max_share = 0.3
"#;

    #[test]
    fn a_good_file_reads_and_matches_names_by_key() {
        let p = Province::parse(GOOD, "tinh.toml").unwrap();
        assert_eq!(p.issuer, "Sở Nội vụ tỉnh Quảng Ngãi");
        assert_eq!(p.bloc_named("KHỐI VĂN HOÁ – XÃ HỘI"), Some(0));
        assert_eq!(p.bloc_named("kt"), Some(1));
        assert_eq!(p.bloc_of_source("khoi-kinh-te.xlsx"), Some(1));
        assert_eq!(p.award_named("Bằng khen của Chủ tịch UBND tỉnh"), Some(1));
        assert_eq!(p.awards[1].provincial_limit(50), Some(10));
        assert_eq!(p.awards[1].provincial_limit(20), Some(6));
        assert_eq!(p.awards[0].provincial_limit(20), None);
    }

    #[test]
    fn an_unknown_key_is_named_with_its_line() {
        let bad = GOOD.replace("top = 1", "top = 1\nleader = true");
        let e = Province::parse(&bad, "tinh.toml").unwrap_err();
        let p = e.first().unwrap();
        assert_eq!(p.key.as_deref(), Some("leader"));
        assert!(p.line.is_some());
        let shown = e.to_string();
        assert!(
            shown.contains("tinh.toml") && shown.contains("không có mục \"leader\""),
            "{shown}"
        );
    }

    #[test]
    fn bad_values_are_each_named_by_key() {
        let bad = GOOD
            .replace("max_share = 0.3", "max_share = 30")
            .replace("top = 1", "top = 0")
            .replace("2026-01-15", "15/01/2026")
            .replace("id = \"KT\"", "id = \"VHXH\"");
        let e = Province::parse(&bad, "tinh.toml").unwrap_err();
        let keys: Vec<&str> = e.problems.iter().filter_map(|p| p.key.as_deref()).collect();
        assert_eq!(
            keys,
            [
                "province.deadline",
                "blocs[2]",
                "awards[1].top",
                "awards[2].max_share"
            ]
        );
    }

    #[test]
    fn a_missing_key_and_a_syntax_slip_are_located() {
        let e = Province::parse("[province]\nyear = 2025\n", "t.toml").unwrap_err();
        assert_eq!(e.first().unwrap().key.as_deref(), Some("name"));
        let e = Province::parse("[province]\nname = Quảng Ngãi\n", "t.toml").unwrap_err();
        assert_eq!(e.first().unwrap().line, Some(2));
    }
}
