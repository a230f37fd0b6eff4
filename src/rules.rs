//! The bloc's rules file (tệp quy định của khối, TOML): members, criteria
//! tree, award quotas and tie-break order. Loading is strict and checks
//! itself; every error names the file, the key and what to change, in
//! Vietnamese.
//!
//! Depends on `score` and `text` only; knows nothing of spreadsheets.

use crate::score::Score;
use crate::text;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

/// A checked rules file.
#[derive(Clone, Debug)]
pub struct Rules {
    pub bloc: Bloc,
    pub units: Vec<Unit>,
    /// In sheet order; parents come before their children.
    pub criteria: Vec<Criterion>,
    pub awards: Vec<Award>,
    /// Indexes into `criteria`, compared in order when totals are equal.
    pub tie_break: Vec<usize>,
    /// The units' names by their matching keys, for finding a unit from a
    /// text without a scan of every unit.
    pub unit_index: UnitIndex,
    /// The criteria's title words, numbered, for comparing titles.
    pub title_words: TitleVocabulary,
}

/// A title key's words as numbers, sorted (từ của tiêu đề, đánh số): the
/// criteria's words numbered once when the rules load, another text's
/// other words given numbers no criterion has. [`TitleWords::similarity`]
/// is then [`text::similarity_of_keys`] without splitting or allocating
/// for each of the rows × criteria comparisons.
#[derive(Clone, Debug, Default)]
pub struct TitleWords(Vec<u32>);

/// The numbers of the criteria's title words.
#[derive(Clone, Debug, Default)]
pub struct TitleVocabulary {
    ids: std::collections::HashMap<String, u32>,
    /// Each criterion's title words, in rules order.
    pub criteria: Vec<TitleWords>,
}

impl TitleVocabulary {
    fn of(criteria: &[Criterion]) -> TitleVocabulary {
        let mut ids: std::collections::HashMap<String, u32> = Default::default();
        let criteria = criteria
            .iter()
            .map(|c| {
                let mut words: Vec<u32> = c
                    .title_key
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(|w| {
                        let next = ids.len() as u32;
                        *ids.entry(w.to_string()).or_insert(next)
                    })
                    .collect();
                words.sort_unstable();
                TitleWords(words)
            })
            .collect();
        TitleVocabulary { ids, criteria }
    }

    /// The words of `key`, a [`text::key`].
    pub fn words(&self, key: &str) -> TitleWords {
        let mut unknown = self.ids.len() as u32;
        let mut words: Vec<u32> = key
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| {
                self.ids.get(w).copied().unwrap_or_else(|| {
                    unknown += 1;
                    unknown
                })
            })
            .collect();
        words.sort_unstable();
        TitleWords(words)
    }
}

impl TitleWords {
    /// [`text::similarity_of_keys`] of the two keys these words are of.
    pub fn similarity(&self, other: &TitleWords) -> f64 {
        let (a, b) = (&self.0, &other.0);
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        // Multiset intersection of two sorted lists.
        let (mut i, mut j, mut common) = (0, 0, 0usize);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        let dice = 2.0 * common as f64 / (a.len() + b.len()) as f64;
        let containment = common as f64 / a.len().min(b.len()) as f64;
        if a.len().min(b.len()) >= 3 {
            dice.max(containment * 0.9)
        } else {
            dice
        }
    }
}

/// The units' names indexed by their matching keys (chỉ mục tên đơn vị):
/// built once when the rules load, so that naming the unit of a file costs
/// the same for a bloc of 10 units or of 10,000.
#[derive(Clone, Debug, Default)]
pub struct UnitIndex {
    /// [`text::key`] of a name → the units having that name.
    exact: std::collections::HashMap<String, Vec<usize>>,
    /// A [`text::short_forms`] entry → the units having it.
    short: std::collections::HashMap<String, Vec<usize>>,
    /// The rarest word of a name's key → (unit, name) having it: a text
    /// containing a name contains its rarest word.
    by_word: std::collections::HashMap<String, Vec<(usize, usize)>>,
    /// Unit id → its index.
    by_id: std::collections::HashMap<String, usize>,
}

impl UnitIndex {
    fn of(units: &[Unit]) -> UnitIndex {
        let mut index = UnitIndex::default();
        let mut frequency: std::collections::HashMap<&str, usize> = Default::default();
        for unit in units {
            for name in unit.name_keys.iter().filter(|n| !n.is_empty()) {
                for word in name.split(' ') {
                    *frequency.entry(word).or_default() += 1;
                }
            }
        }
        for (u, unit) in units.iter().enumerate() {
            index.by_id.entry(unit.id.clone()).or_insert(u);
            for (n, (name, short)) in unit.name_keys.iter().zip(&unit.short_forms).enumerate() {
                if name.is_empty() {
                    continue;
                }
                push_once(index.exact.entry(name.clone()).or_default(), u);
                for form in short {
                    push_once(index.short.entry(form.clone()).or_default(), u);
                }
                let rarest = name
                    .split(' ')
                    .min_by_key(|w| (frequency.get(w).copied().unwrap_or(0), w.len()))
                    .unwrap_or(name);
                index
                    .by_word
                    .entry(rarest.to_string())
                    .or_default()
                    .push((u, n));
            }
        }
        index
    }

    /// The index of the unit whose id is `id`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The units whose name's key is `key`, in rules order.
    pub fn exact(&self, key: &str) -> &[usize] {
        self.exact.get(key).map_or(&[], Vec::as_slice)
    }

    /// The units one of whose short forms is `squeezed`, in rules order.
    pub fn short(&self, squeezed: &str) -> &[usize] {
        self.short.get(squeezed).map_or(&[], Vec::as_slice)
    }

    /// The (unit, name) pairs that may occur as whole words in a text
    /// whose key has the word `word`.
    pub fn with_word(&self, word: &str) -> &[(usize, usize)] {
        self.by_word.get(word).map_or(&[], Vec::as_slice)
    }
}

fn push_once(list: &mut Vec<usize>, u: usize) {
    if list.last() != Some(&u) {
        list.push(u);
    }
}

/// The emulation bloc (khối thi đua) and the scoring period.
#[derive(Clone, Debug)]
pub struct Bloc {
    pub name: String,
    pub year: i32,
    pub period: Period,
    pub province: Option<String>,
    pub scale: Option<Score>,
}

/// Kỳ chấm điểm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Period {
    /// Tổng kết năm.
    Annual,
    /// Sơ kết 6 tháng: no awards.
    HalfYear,
}

impl Period {
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Annual => "annual",
            Period::HalfYear => "half-year",
        }
    }

    /// Vietnamese name for titles.
    pub fn label(self) -> &'static str {
        match self {
            Period::Annual => "tổng kết năm",
            Period::HalfYear => "sơ kết 6 tháng",
        }
    }
}

/// A member unit (đơn vị thành viên).
#[derive(Clone, Debug)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub role: Role,
    /// [`text::key`] of the name, each alias and the id, in that order.
    pub name_keys: Vec<String>,
    /// [`text::short_forms`] of the same names, for abbreviations.
    pub short_forms: Vec<Vec<String>>,
}

/// The unit's role in the bloc this year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Trưởng khối.
    Head,
    /// Phó khối.
    Deputy,
    /// Thành viên.
    #[default]
    Member,
}

/// What a criterion's score does to the total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Điểm chấm: 0..max, added.
    Score,
    /// Điểm thưởng: added, the section's max is the cap.
    Bonus,
    /// Điểm trừ: subtracted, the section's max is the cap.
    Deduction,
    /// Trường hợp không xét: yes/no, bars the unit from awards.
    Disqualifier,
}

/// A scoring criterion (tiêu chí).
#[derive(Clone, Debug)]
pub struct Criterion {
    /// "I", "I.1", "I.1.a".
    pub code: String,
    pub title: String,
    /// Điểm chuẩn; the cap for bonus and deduction sections; `None` for disqualifiers.
    pub max: Option<Score>,
    pub kind: Kind,
    /// The only values allowed, if any (e.g. 10/7/4/0).
    pub levels: Option<Vec<Score>>,
    /// What the STT column shows ("I", "1", "a").
    pub label: String,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// 0 for sections.
    pub depth: usize,
    /// [`text::key`] of the title, [`text::label_key`] of the label and
    /// [`text::numeral_key`] of the code, computed once.
    pub title_key: String,
    pub label_key: String,
    pub code_numerals: String,
}

impl Criterion {
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }
}

/// An award the bloc proposes (hình thức khen thưởng), in order of precedence.
#[derive(Clone, Debug)]
pub struct Award {
    pub name: String,
    pub quota: Quota,
    pub min_total: Option<Score>,
    pub no_deduction: bool,
}

/// How many units an award may go to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quota {
    /// At most this many units.
    Count(usize),
    /// At most floor(share × units not yet awarded).
    Share(Score),
}

/// A rules file that cannot be used, with where and why.
#[derive(Clone, Debug, PartialEq)]
pub struct RulesError {
    pub file: String,
    /// The TOML key, e.g. `criteria[3].max` (None for the file as a whole).
    pub key: Option<String>,
    /// Vietnamese: what is wrong and what to change.
    pub message: String,
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.key {
            Some(key) => write!(
                f,
                "Tệp quy định {}, mục `{}`: {}",
                self.file, key, self.message
            ),
            None => write!(f, "Tệp quy định {}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for RulesError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    bloc: BlocFile,
    #[serde(default)]
    units: Vec<UnitFile>,
    #[serde(default)]
    criteria: Vec<CriterionFile>,
    #[serde(default)]
    awards: Vec<AwardFile>,
    #[serde(default)]
    ranking: RankingFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BlocFile {
    name: String,
    year: i64,
    #[serde(default = "annual")]
    period: Period,
    province: Option<String>,
    scale: Option<Score>,
}

fn annual() -> Period {
    Period::Annual
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitFile {
    id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    role: Role,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CriterionFile {
    code: String,
    title: String,
    max: Option<Score>,
    kind: Option<Kind>,
    levels: Option<Vec<Score>>,
    label: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AwardFile {
    name: String,
    count: Option<i64>,
    share: Option<Score>,
    min_total: Option<Score>,
    #[serde(default)]
    no_deduction: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RankingFile {
    #[serde(default)]
    tie_break: Vec<String>,
}

impl Rules {
    /// Read and check a rules file.
    pub fn load(path: &Path) -> Result<Rules, RulesError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| RulesError {
            file: file.clone(),
            key: None,
            message: format!("không đọc được tệp ({e}). Kiểm tra đường dẫn và quyền truy cập."),
        })?;
        let source = String::from_utf8(bytes).map_err(|_| RulesError {
            file: file.clone(),
            key: None,
            message: "tệp không phải văn bản UTF-8. Hãy lưu lại tệp với mã hoá UTF-8 (Unicode)."
                .into(),
        })?;
        Rules::parse(&source, &file)
    }

    /// Parse and check rules from TOML text; `file` names it in errors.
    pub fn parse(source: &str, file: &str) -> Result<Rules, RulesError> {
        let source = source.strip_prefix('\u{FEFF}').unwrap_or(source);
        let raw: RulesFile = toml::from_str(source).map_err(|e| RulesError {
            file: file.to_string(),
            key: None,
            message: format!("sai cú pháp hoặc sai tên mục: {}", e.to_string().trim()),
        })?;
        Checker { file }.check(raw)
    }

    pub fn criterion(&self, code: &str) -> Option<usize> {
        self.criteria.iter().position(|c| c.code == code)
    }

    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.unit_index.position(id).map(|u| &self.units[u])
    }

    /// Indexes of the top-level criteria (mục I, II, …).
    pub fn sections(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.criteria.len()).filter(|&i| self.criteria[i].parent.is_none())
    }

    /// The head unit (trưởng khối), if one is named.
    pub fn head(&self) -> Option<&Unit> {
        self.units.iter().find(|u| u.role == Role::Head)
    }
}

struct Checker<'a> {
    file: &'a str,
}

impl Checker<'_> {
    fn err(&self, key: impl Into<String>, message: impl Into<String>) -> RulesError {
        RulesError {
            file: self.file.to_string(),
            key: Some(key.into()),
            message: message.into(),
        }
    }

    fn check(&self, raw: RulesFile) -> Result<Rules, RulesError> {
        let bloc = self.bloc(raw.bloc)?;
        let units = self.units(raw.units)?;
        let criteria = self.criteria(raw.criteria, bloc.scale)?;
        let awards = self.awards(raw.awards)?;
        let mut tie_break = Vec::new();
        for (i, code) in raw.ranking.tie_break.iter().enumerate() {
            let Some(idx) = criteria.iter().position(|c| &c.code == code) else {
                return Err(self.err(
                    format!("ranking.tie_break[{i}]"),
                    format!("không có tiêu chí mã \"{code}\". Dùng mã có trong [[criteria]]."),
                ));
            };
            tie_break.push(idx);
        }
        Ok(Rules {
            bloc,
            unit_index: UnitIndex::of(&units),
            title_words: TitleVocabulary::of(&criteria),
            units,
            criteria,
            awards,
            tie_break,
        })
    }

    fn bloc(&self, raw: BlocFile) -> Result<Bloc, RulesError> {
        let name = text::clean(&raw.name);
        if name.is_empty() {
            return Err(self.err("bloc.name", "tên khối đang để trống. Ghi tên khối thi đua."));
        }
        if !(2000..=2100).contains(&raw.year) {
            return Err(self.err(
                "bloc.year",
                format!(
                    "năm {} không hợp lệ. Ghi năm chấm điểm, ví dụ 2025.",
                    raw.year
                ),
            ));
        }
        if let Some(scale) = raw.scale
            && scale <= Score::ZERO
        {
            return Err(self.err(
                "bloc.scale",
                "thang điểm phải lớn hơn 0, ví dụ 100 hoặc 1000.",
            ));
        }
        Ok(Bloc {
            name,
            year: raw.year as i32,
            period: raw.period,
            province: raw
                .province
                .map(|p| text::clean(&p))
                .filter(|p| !p.is_empty()),
            scale: raw.scale,
        })
    }

    fn units(&self, raw: Vec<UnitFile>) -> Result<Vec<Unit>, RulesError> {
        if raw.is_empty() {
            return Err(self.err(
                "units",
                "chưa có đơn vị nào. Thêm mỗi đơn vị thành viên một mục [[units]].",
            ));
        }
        let mut ids = BTreeSet::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        let mut units = Vec::with_capacity(raw.len());
        for (i, u) in raw.into_iter().enumerate() {
            let id = u.id.trim().to_string();
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                return Err(self.err(
                    format!("units[{i}].id"),
                    format!("mã đơn vị \"{}\" không hợp lệ. Dùng chữ không dấu, số, '-' hoặc '_', ví dụ \"SYT\".", u.id),
                ));
            }
            if !ids.insert(id.to_ascii_uppercase()) {
                return Err(self.err(
                    format!("units[{i}].id"),
                    format!("mã đơn vị \"{id}\" bị trùng. Mỗi đơn vị một mã riêng."),
                ));
            }
            let name = text::clean(&u.name);
            if name.is_empty() {
                return Err(self.err(format!("units[{i}].name"), "tên đơn vị đang để trống."));
            }
            let aliases: Vec<String> = u
                .aliases
                .iter()
                .map(|a| text::clean(a))
                .filter(|a| !a.is_empty())
                .collect();
            for (j, n) in std::iter::once(&name).chain(&aliases).enumerate() {
                let k = text::key(n);
                if let Some(other) = names.get(&k)
                    && other != &id
                {
                    let key = if j == 0 {
                        format!("units[{i}].name")
                    } else {
                        format!("units[{i}].aliases[{}]", j - 1)
                    };
                    return Err(self.err(key, format!("tên \"{n}\" đã dùng cho đơn vị \"{other}\". Mỗi tên chỉ được chỉ một đơn vị.")));
                }
                names.insert(k, id.clone());
            }
            let all_names: Vec<&String> = std::iter::once(&name)
                .chain(&aliases)
                .chain([&id])
                .collect();
            let name_keys = all_names.iter().map(|n| text::key(n)).collect();
            let short_forms = all_names.iter().map(|n| text::short_forms(n)).collect();
            units.push(Unit {
                id,
                name,
                aliases,
                role: u.role,
                name_keys,
                short_forms,
            });
        }
        Ok(units)
    }

    fn criteria(
        &self,
        raw: Vec<CriterionFile>,
        scale: Option<Score>,
    ) -> Result<Vec<Criterion>, RulesError> {
        if raw.is_empty() {
            return Err(self.err(
                "criteria",
                "chưa có tiêu chí nào. Thêm mỗi tiêu chí một mục [[criteria]].",
            ));
        }
        let mut out: Vec<Criterion> = Vec::with_capacity(raw.len());
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        for (i, c) in raw.into_iter().enumerate() {
            let key = |field: &str| format!("criteria[{i}].{field}");
            let code = c.code.trim().to_string();
            let segments: Vec<&str> = code.split('.').collect();
            if code.is_empty()
                || segments
                    .iter()
                    .any(|s| s.trim().is_empty() || s.chars().any(char::is_whitespace))
            {
                return Err(self.err(
                    key("code"),
                    format!(
                        "mã tiêu chí \"{}\" không hợp lệ. Dùng dạng \"I\", \"I.1\", \"I.1.a\".",
                        c.code
                    ),
                ));
            }
            if index.contains_key(&code) {
                return Err(self.err(key("code"), format!("mã tiêu chí \"{code}\" bị trùng.")));
            }
            let parent = if segments.len() > 1 {
                let parent_code = segments[..segments.len() - 1].join(".");
                match index.get(&parent_code) {
                    Some(&p) => Some(p),
                    None => {
                        return Err(self.err(
                            key("code"),
                            format!("tiêu chí \"{code}\" không có tiêu chí cha \"{parent_code}\" đứng trước nó. Thêm \"{parent_code}\" lên trên."),
                        ));
                    }
                }
            } else {
                None
            };
            let parent_kind = parent.map(|p| out[p].kind);
            let kind = match (c.kind, parent_kind) {
                (Some(k), Some(pk)) if k != pk => {
                    return Err(self.err(key("kind"), format!("tiêu chí \"{code}\" khác loại với mục cha. Bỏ dòng kind hoặc ghi giống mục cha.")));
                }
                (Some(k), _) => k,
                (None, Some(pk)) => pk,
                (None, None) => Kind::Score,
            };
            let title = text::clean(&c.title);
            if title.is_empty() {
                return Err(self.err(
                    key("title"),
                    format!("tiêu chí \"{code}\" chưa có nội dung."),
                ));
            }
            let max = match (kind, c.max) {
                (Kind::Disqualifier, Some(_)) => {
                    return Err(self.err(key("max"), format!("tiêu chí \"{code}\" là trường hợp không xét nên không có điểm. Bỏ dòng max.")));
                }
                (Kind::Disqualifier, None) => None,
                (_, None) => {
                    return Err(self.err(
                        key("max"),
                        format!("tiêu chí \"{code}\" chưa có điểm tối đa (max)."),
                    ));
                }
                (_, Some(m)) if m <= Score::ZERO => {
                    return Err(self.err(
                        key("max"),
                        format!("điểm tối đa của \"{code}\" phải lớn hơn 0."),
                    ));
                }
                (_, Some(m)) => Some(m),
            };
            if let Some(levels) = &c.levels {
                if levels.is_empty() || kind == Kind::Disqualifier {
                    return Err(self.err(
                        key("levels"),
                        format!("danh sách mức điểm của \"{code}\" không dùng được ở đây."),
                    ));
                }
                if let Some(bad) = levels
                    .iter()
                    .find(|l| l.is_negative() || max.is_some_and(|m| **l > m))
                {
                    return Err(self.err(
                        key("levels"),
                        format!(
                            "mức điểm {bad} của \"{code}\" nằm ngoài 0..{}.",
                            max.unwrap_or_default()
                        ),
                    ));
                }
            }
            let label = c
                .label
                .map(|l| text::clean(&l))
                .unwrap_or_else(|| segments[segments.len() - 1].to_string());
            let depth = segments.len() - 1;
            let idx = out.len();
            if let Some(p) = parent {
                out[p].children.push(idx);
            }
            index.insert(code.clone(), idx);
            out.push(Criterion {
                title_key: text::key(&title),
                label_key: text::label_key(&label),
                code_numerals: text::numeral_key(&code),
                code,
                title,
                max,
                kind,
                levels: c.levels,
                label,
                parent,
                children: Vec::new(),
                depth,
            });
        }
        for (i, c) in out.iter().enumerate() {
            if c.children.is_empty() {
                continue;
            }
            if c.levels.is_some() {
                return Err(self.err(
                    format!("criteria[{i}].levels"),
                    format!(
                        "\"{}\" có tiêu chí con nên không đặt mức điểm; đặt cho từng tiêu chí con.",
                        c.code
                    ),
                ));
            }
            if c.kind == Kind::Score {
                let sum: Score = c.children.iter().filter_map(|&k| out[k].max).sum();
                if Some(sum) != c.max {
                    return Err(self.err(
                        format!("criteria[{i}].max"),
                        format!("điểm tối đa của \"{}\" là {} nhưng các tiêu chí con cộng lại {}. Sửa cho bằng nhau.", c.code, c.max.unwrap_or_default(), sum),
                    ));
                }
            } else if c.kind != Kind::Disqualifier
                && let Some(bad) = c.children.iter().find(|&&k| out[k].max > c.max)
            {
                return Err(self.err(
                    format!("criteria[{bad}].max"),
                    format!(
                        "điểm tối đa của \"{}\" lớn hơn mức tối đa {} của mục \"{}\".",
                        out[*bad].code,
                        c.max.unwrap_or_default(),
                        c.code
                    ),
                ));
            }
        }
        if let Some(scale) = scale {
            let sum: Score = out
                .iter()
                .filter(|c| c.parent.is_none() && c.kind == Kind::Score)
                .filter_map(|c| c.max)
                .sum();
            if sum != scale {
                return Err(self.err("bloc.scale", format!("thang điểm là {scale} nhưng các mục chấm điểm cộng lại {sum}. Sửa scale hoặc điểm tối đa các mục.")));
            }
        }
        Ok(out)
    }

    fn awards(&self, raw: Vec<AwardFile>) -> Result<Vec<Award>, RulesError> {
        let mut names = BTreeSet::new();
        let mut out = Vec::with_capacity(raw.len());
        for (i, a) in raw.into_iter().enumerate() {
            let name = text::clean(&a.name);
            if name.is_empty() {
                return Err(self.err(
                    format!("awards[{i}].name"),
                    "tên hình thức khen thưởng đang để trống.",
                ));
            }
            if !names.insert(text::key(&name)) {
                return Err(self.err(
                    format!("awards[{i}].name"),
                    format!("hình thức \"{name}\" bị trùng."),
                ));
            }
            let quota = match (a.count, a.share) {
                (Some(n), None) if n >= 1 => Quota::Count(n as usize),
                (Some(_), None) => {
                    return Err(
                        self.err(format!("awards[{i}].count"), "số lượng phải từ 1 trở lên.")
                    );
                }
                (None, Some(s)) if s > Score::ZERO && s <= Score::from_int(1) => Quota::Share(s),
                (None, Some(_)) => {
                    return Err(self.err(
                        format!("awards[{i}].share"),
                        "tỷ lệ phải lớn hơn 0 và không quá 1, ví dụ 0.5.",
                    ));
                }
                _ => {
                    return Err(self.err(format!("awards[{i}]"), format!("hình thức \"{name}\" phải có đúng một trong hai: count (số lượng) hoặc share (tỷ lệ).")));
                }
            };
            out.push(Award {
                name,
                quota,
                min_total: a.min_total,
                no_deduction: a.no_deduction,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[bloc]
name = "Khối thử"
year = 2025
scale = 100

[[units]]
id = "A"
name = "Sở Y tế"
role = "head"

[[units]]
id = "B"
name = "Sở Giáo dục và Đào tạo"
aliases = ["Sở GDĐT"]

[[criteria]]
code = "I"
title = "Nhiệm vụ chuyên môn"
max = 60

[[criteria]]
code = "I.1"
title = "Hoàn thành chỉ tiêu"
max = 40

[[criteria]]
code = "I.2"
title = "Báo cáo"
max = 20
levels = [20, 10, 0]

[[criteria]]
code = "II"
title = "Công tác thi đua"
max = 40

[[criteria]]
code = "III"
title = "Điểm thưởng"
kind = "bonus"
max = 5

[[criteria]]
code = "III.1"
title = "Trưởng khối"
max = 3

[[awards]]
name = "Cờ thi đua"
count = 1
min_total = 95

[ranking]
tie_break = ["I"]
"#;

    fn parse(src: &str) -> Result<Rules, RulesError> {
        Rules::parse(src, "quy-dinh.toml")
    }

    #[test]
    fn minimal_rules_load() {
        let r = parse(MINIMAL).unwrap();
        assert_eq!(r.criteria.len(), 6);
        assert_eq!(r.criteria[1].parent, Some(0));
        assert_eq!(r.criteria[0].children, vec![1, 2]);
        assert_eq!(
            r.criteria[5].kind,
            Kind::Bonus,
            "children inherit the section's kind"
        );
        assert_eq!(r.criteria[2].label, "2");
        assert_eq!(r.tie_break, vec![0]);
        assert_eq!(r.awards[0].quota, Quota::Count(1));
        assert_eq!(r.head().unwrap().id, "A");
    }

    fn expect_err(src: &str, key: &str) -> RulesError {
        let e = parse(src).unwrap_err();
        assert_eq!(e.key.as_deref(), Some(key), "{e}");
        assert_eq!(e.file, "quy-dinh.toml");
        e
    }

    #[test]
    fn unknown_keys_are_rejected_with_the_file() {
        let e = parse(&MINIMAL.replace("scale = 100", "scale = 100\nscal = 3")).unwrap_err();
        assert!(e.message.contains("scal"), "{e}");
        assert!(e.to_string().starts_with("Tệp quy định quy-dinh.toml"));
    }

    #[test]
    fn sums_of_maxima_are_checked() {
        let e = expect_err(
            &MINIMAL.replace(
                "max = 40\n\n[[criteria]]\ncode = \"I.2\"",
                "max = 30\n\n[[criteria]]\ncode = \"I.2\"",
            ),
            "criteria[0].max",
        );
        assert!(e.message.contains("50"), "{e}");
        expect_err(
            &MINIMAL.replace("scale = 100", "scale = 1000"),
            "bloc.scale",
        );
    }

    #[test]
    fn orphans_duplicates_and_bad_references_are_rejected() {
        expect_err(
            &MINIMAL.replace("code = \"I.2\"", "code = \"IV.2\""),
            "criteria[2].code",
        );
        expect_err(
            &MINIMAL.replace("code = \"II\"", "code = \"I\""),
            "criteria[3].code",
        );
        expect_err(&MINIMAL.replace("id = \"B\"", "id = \"a\""), "units[1].id");
        expect_err(
            &MINIMAL.replace("tie_break = [\"I\"]", "tie_break = [\"IX\"]"),
            "ranking.tie_break[0]",
        );
        expect_err(
            &MINIMAL.replace("aliases = [\"Sở GDĐT\"]", "aliases = [\"SỞ Y TẾ\"]"),
            "units[1].aliases[0]",
        );
    }

    #[test]
    fn awards_need_exactly_one_quota() {
        expect_err(
            &MINIMAL.replace("count = 1", "count = 1\nshare = 0.5"),
            "awards[0]",
        );
        expect_err(
            &MINIMAL.replace("count = 1", "share = 1.5"),
            "awards[0].share",
        );
    }

    #[test]
    fn levels_must_fit_the_max() {
        expect_err(
            &MINIMAL.replace("levels = [20, 10, 0]", "levels = [25, 10, 0]"),
            "criteria[2].levels",
        );
    }
}

#[cfg(test)]
mod sample_tests {
    #[test]
    fn sample_rules_load() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/khoi-van-hoa-xa-hoi/quy-dinh.toml");
        let rules = super::Rules::load(&path).unwrap();
        assert_eq!(rules.units.len(), 9);
        assert_eq!(rules.criteria.len(), 27);
    }
}
