//! Checking a rules file (kiểm tra tệp quy định): the file types turned
//! into the model, every rule of the format checked, each problem reported
//! at its key and the checking carried on, so that one run lists them all.
//! A value already reported while reading (`Field::Bad`) is not judged
//! again, and no sum is checked over it.
//!
//! Depends on `score`, `text` and the other rooms of `rules`.

use super::file::*;
use super::index::{TitleVocabulary, UnitIndex};
use super::model::*;
use crate::score::Score;
use crate::text;
use std::collections::{BTreeMap, BTreeSet};

pub(super) struct Checker<'p, 's> {
    places: &'p mut Places<'s>,
    /// Criteria whose maximum could not be read: sums over them are not
    /// checked.
    unknown_max: BTreeSet<usize>,
}

impl<'p, 's> Checker<'p, 's> {
    pub fn new(places: &'p mut Places<'s>) -> Self {
        Checker {
            places,
            unknown_max: BTreeSet::new(),
        }
    }

    fn err(&mut self, key: impl AsRef<str>, message: impl Into<String>) {
        self.places.report(key.as_ref(), message);
    }

    /// The model, or `None` when there is nothing to build it from; every
    /// problem found is in `places`.
    pub fn check(mut self, raw: RulesFile) -> Option<Rules> {
        let bloc = raw.bloc.map(|b| self.bloc(b));
        let units = self.units(raw.units);
        let criteria = self.criteria(raw.criteria, bloc.as_ref().and_then(|b| b.scale));
        let vote = self.vote(raw.vote);
        let awards = self.awards(raw.awards, &vote);
        let mut tie_break = Vec::new();
        for (i, code) in raw.tie_break.iter().enumerate() {
            match criteria.iter().position(|c| &c.code == code) {
                Some(idx) => tie_break.push(idx),
                None => self.err(
                    format!("ranking.tie_break[{i}]"),
                    format!("không có tiêu chí mã \"{code}\". Dùng mã có trong [[criteria]]."),
                ),
            }
        }
        Some(Rules {
            bloc: bloc?,
            unit_index: UnitIndex::of(&units),
            title_words: TitleVocabulary::of(&criteria),
            units,
            criteria,
            awards,
            tie_break,
            vote,
        })
    }

    /// A required text (trimmed and cleaned): a message when it is not
    /// written or empty.
    fn required(&mut self, key: &str, value: Field<String>, message: &str) -> String {
        match value {
            Field::Given(v) => {
                let v = text::clean(&v);
                if v.is_empty() {
                    self.err(key, message);
                }
                v
            }
            Field::Missing => {
                self.err(key, message);
                String::new()
            }
            Field::Bad => String::new(),
        }
    }

    fn bloc(&mut self, raw: BlocFile) -> Bloc {
        let name = self.required(
            "bloc.name",
            raw.name,
            "chưa có tên khối. Ghi name = \"Khối thi đua …\" trong [bloc].",
        );
        let year = match raw.year {
            Field::Given(year) if (2000..=2100).contains(&year) => year as i32,
            Field::Given(year) => {
                self.err(
                    "bloc.year",
                    format!("năm {year} không hợp lệ. Ghi năm chấm điểm, ví dụ 2025."),
                );
                0
            }
            Field::Missing => {
                self.err(
                    "bloc.year",
                    "chưa có năm chấm điểm. Ghi year = 2025 trong [bloc].",
                );
                0
            }
            Field::Bad => 0,
        };
        let scale = raw.scale.given();
        if let Some(scale) = scale
            && scale <= Score::ZERO
        {
            self.err(
                "bloc.scale",
                "thang điểm phải lớn hơn 0, ví dụ 100 hoặc 1000.",
            );
        }
        Bloc {
            name,
            year,
            period: raw.period.given().unwrap_or(Period::Annual),
            province: raw
                .province
                .given()
                .map(|p| text::clean(&p))
                .filter(|p| !p.is_empty()),
            scale,
        }
    }

    fn units(&mut self, raw: Vec<UnitFile>) -> Vec<Unit> {
        if raw.is_empty() {
            self.err(
                "units",
                "chưa có đơn vị nào. Thêm mỗi đơn vị thành viên một mục [[units]].",
            );
        }
        let mut ids = BTreeSet::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        let mut units = Vec::with_capacity(raw.len());
        for (i, u) in raw.into_iter().enumerate() {
            let id = match u.id {
                Field::Given(written) => {
                    let id = written.trim().to_string();
                    if id.is_empty()
                        || !id
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                    {
                        self.err(
                            format!("units[{i}].id"),
                            format!("mã đơn vị \"{written}\" không hợp lệ. Dùng chữ không dấu, số, '-' hoặc '_', ví dụ \"SYT\"."),
                        );
                    } else if !ids.insert(id.to_ascii_uppercase()) {
                        self.err(
                            format!("units[{i}].id"),
                            format!("mã đơn vị \"{id}\" bị trùng. Mỗi đơn vị một mã riêng."),
                        );
                    }
                    id
                }
                Field::Missing => {
                    self.err(
                        format!("units[{i}].id"),
                        "đơn vị chưa có mã. Ghi id = \"SYT\" (chữ không dấu, số, '-' hoặc '_').",
                    );
                    format!("#{i}")
                }
                Field::Bad => format!("#{i}"),
            };
            let name = self.required(
                &format!("units[{i}].name"),
                u.name,
                "tên đơn vị đang để trống. Ghi name = \"Sở …\".",
            );
            let aliases: Vec<String> = u
                .aliases
                .iter()
                .map(|a| text::clean(a))
                .filter(|a| !a.is_empty())
                .collect();
            for (j, n) in std::iter::once(&name).chain(&aliases).enumerate() {
                if n.is_empty() {
                    continue;
                }
                let k = text::key(n);
                if let Some(other) = names.get(&k)
                    && other != &id
                {
                    let key = if j == 0 {
                        format!("units[{i}].name")
                    } else {
                        format!("units[{i}].aliases[{}]", j - 1)
                    };
                    let message = format!(
                        "tên \"{n}\" đã dùng cho đơn vị \"{other}\". Mỗi tên chỉ được chỉ một đơn vị."
                    );
                    self.err(key, message);
                    continue;
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
                role: u.role.given().unwrap_or_default(),
                name_keys,
                short_forms,
            });
        }
        units
    }

    /// The criteria in file order, each checked against those before it,
    /// then the tree's sums and the bloc's scale.
    fn criteria(&mut self, raw: Vec<CriterionFile>, scale: Option<Score>) -> Vec<Criterion> {
        if raw.is_empty() {
            self.err(
                "criteria",
                "chưa có tiêu chí nào. Thêm mỗi tiêu chí một mục [[criteria]].",
            );
        }
        let mut out: Vec<Criterion> = Vec::with_capacity(raw.len());
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        // Each criterion of the model: the number of its [[criteria]] in the file.
        let mut numbers = Vec::with_capacity(raw.len());
        for (i, c) in raw.into_iter().enumerate() {
            // A maximum or kind that could not be read: the sums over it
            // are unknown.
            let max_bad = c.max.is_bad() || c.kind.is_bad();
            let Some(criterion) = self.criterion(i, c, &out, &index) else {
                // Left out (no usable code, or no parent): it likely
                // belongs with the criterion above it, whose sums are then
                // unknown.
                let mut above = out.len().checked_sub(1);
                while let Some(a) = above {
                    self.unknown_max.insert(a);
                    above = out[a].parent;
                }
                continue;
            };
            let idx = out.len();
            if max_bad {
                self.unknown_max.insert(idx);
            }
            if let Some(p) = criterion.parent {
                out[p].children.push(idx);
            }
            // A duplicate (reported) stays in the tree for the sums; its
            // code keeps naming the first.
            index.entry(criterion.code.clone()).or_insert(idx);
            out.push(criterion);
            numbers.push(i);
        }
        self.check_tree(&out, &numbers);
        if let Some(scale) = scale {
            let sections: Vec<usize> = (0..out.len())
                .filter(|&c| out[c].parent.is_none() && out[c].kind == Kind::Score)
                .collect();
            let sum: Score = sections.iter().filter_map(|&c| out[c].max).sum();
            if sum != scale && !sections.iter().any(|c| self.unknown_max.contains(c)) {
                self.err("bloc.scale", format!("thang điểm là {scale} nhưng các mục chấm điểm cộng lại {sum}. Sửa scale hoặc điểm tối đa các mục."));
            }
        }
        out
    }

    /// Criterion `i` of the file, given the criteria before it (`out`,
    /// indexed by code in `index`): its code, parent, kind, title, maximum
    /// and levels checked. `None` when it has no usable code (reported).
    fn criterion(
        &mut self,
        i: usize,
        c: CriterionFile,
        out: &[Criterion],
        index: &BTreeMap<String, usize>,
    ) -> Option<Criterion> {
        let key = |field: &str| format!("criteria[{i}].{field}");
        let written = match c.code {
            Field::Given(code) => code,
            Field::Missing => {
                self.err(
                    key("code"),
                    "tiêu chí chưa có mã. Ghi code = \"I\", \"I.1\"… theo số thứ tự trong bảng.",
                );
                return None;
            }
            Field::Bad => return None,
        };
        let code = written.trim().to_string();
        let segments: Vec<&str> = code.split('.').collect();
        if code.is_empty()
            || segments
                .iter()
                .any(|s| s.trim().is_empty() || s.chars().any(char::is_whitespace))
        {
            self.err(
                key("code"),
                format!(
                    "mã tiêu chí \"{written}\" không hợp lệ. Dùng dạng \"I\", \"I.1\", \"I.1.a\"."
                ),
            );
            return None;
        }
        if index.contains_key(&code) {
            self.err(
                key("code"),
                format!("mã tiêu chí \"{code}\" bị trùng: đã có một tiêu chí mã này ở trên. Sửa lại mã cho đúng số thứ tự."),
            );
        }
        let parent = if segments.len() > 1 {
            let parent_code = segments[..segments.len() - 1].join(".");
            match index.get(&parent_code) {
                Some(&p) => Some(p),
                None => {
                    self.err(
                        key("code"),
                        format!("tiêu chí \"{code}\" không có tiêu chí cha \"{parent_code}\" đứng trước nó. Thêm \"{parent_code}\" lên trên."),
                    );
                    return None;
                }
            }
        } else {
            None
        };
        let parent_kind = parent.map(|p| out[p].kind);
        let kind = match (c.kind.given(), parent_kind) {
            (Some(k), Some(pk)) if k != pk => {
                self.err(key("kind"), format!("tiêu chí \"{code}\" khác loại với mục cha. Bỏ dòng kind hoặc ghi giống mục cha."));
                pk
            }
            (Some(k), _) => k,
            (None, Some(pk)) => pk,
            (None, None) => Kind::Score,
        };
        let title = self.required(
            &key("title"),
            c.title,
            &format!("tiêu chí \"{code}\" chưa có nội dung. Ghi title = \"…\"."),
        );
        let max = self.max(&key("max"), &code, kind, c.max);
        let levels = c.levels.given();
        if let Some(levels) = &levels {
            self.check_levels(&key("levels"), &code, kind, max, levels);
        }
        let measure = self.measure(&key, &code, &c.measure);
        if measure.is_some() && levels.is_some() {
            self.err(
                key("levels"),
                format!("tiêu chí \"{code}\" được tính điểm theo số liệu nên không đặt mức điểm. Bỏ dòng levels."),
            );
        }
        let label = c
            .label
            .given()
            .map(|l| text::clean(&l))
            .unwrap_or_else(|| segments[segments.len() - 1].to_string());
        Some(Criterion {
            title_key: text::key(&title),
            label_key: text::label_key(&label),
            code_numerals: text::numeral_key(&code),
            depth: segments.len() - 1,
            code,
            title,
            max,
            kind,
            levels,
            label,
            parent,
            children: Vec::new(),
            measure,
        })
    }

    /// How a criterion scored against the bloc (`kind = "relative"` or
    /// `"target"`) computes its points; its own keys (`better`, `target`,
    /// `round`, `unit`) are refused on any other kind.
    fn measure(
        &mut self,
        key: &dyn Fn(&str) -> String,
        code: &str,
        c: &MeasureFile,
    ) -> Option<Measure> {
        let Some(measured) = c.measured else {
            for (field, given) in [
                ("better", !matches!(c.better, Field::Missing)),
                ("target", !matches!(c.target, Field::Missing)),
                ("round", !matches!(c.round, Field::Missing)),
                ("unit", !matches!(c.unit, Field::Missing)),
            ] {
                if given {
                    self.err(
                        key(field),
                        format!("\"{field}\" chỉ dùng cho tiêu chí tính điểm theo số liệu (kind = \"relative\" hoặc \"target\"); tiêu chí \"{code}\" không phải loại này. Bỏ dòng {field} hoặc ghi kind."),
                    );
                }
            }
            return None;
        };
        let basis = match measured {
            Measured::Relative => {
                if !matches!(c.target, Field::Missing) {
                    self.err(
                        key("target"),
                        format!("tiêu chí \"{code}\" so sánh giữa các đơn vị (kind = \"relative\") nên không có chỉ tiêu. Bỏ dòng target, hoặc ghi kind = \"target\" để chấm theo chỉ tiêu."),
                    );
                }
                let better = match &c.better {
                    Field::Given(b) => *b,
                    _ => Better::Higher,
                };
                Basis::Relative { better }
            }
            Measured::Target => {
                if !matches!(c.better, Field::Missing) {
                    self.err(
                        key("better"),
                        format!("tiêu chí \"{code}\" chấm theo chỉ tiêu (kind = \"target\") nên không dùng better. Bỏ dòng better."),
                    );
                }
                match &c.target {
                    Field::Given(t) if *t > Score::ZERO => Basis::Target { target: *t },
                    Field::Given(_) => {
                        self.err(
                            key("target"),
                            format!("chỉ tiêu của \"{code}\" phải lớn hơn 0."),
                        );
                        return None;
                    }
                    Field::Missing => {
                        self.err(
                            key("target"),
                            format!("tiêu chí \"{code}\" chấm theo chỉ tiêu nhưng chưa có chỉ tiêu. Ghi target = … (ví dụ target = 100)."),
                        );
                        return None;
                    }
                    Field::Bad => return None,
                }
            }
        };
        let round = match &c.round {
            Field::Given(r) if *r > Score::ZERO => *r,
            Field::Given(_) => {
                self.err(
                    key("round"),
                    format!("bước làm tròn của \"{code}\" phải lớn hơn 0, ví dụ round = 0.01 hoặc round = 0.5."),
                );
                Measure::ROUND
            }
            _ => Measure::ROUND,
        };
        let unit = c.unit.clone().given().map(|u| text::clean(&u));
        Some(Measure { basis, round, unit })
    }

    /// A criterion's maximum (`max` at `key`): none for a disqualifier,
    /// above zero for the others.
    fn max(&mut self, key: &str, code: &str, kind: Kind, max: Field<Score>) -> Option<Score> {
        match (kind, max) {
            (_, Field::Bad) => None,
            (Kind::Disqualifier, Field::Given(_)) => {
                self.err(
                    key,
                    format!(
                        "tiêu chí \"{code}\" là trường hợp không xét nên không có điểm. Bỏ dòng max."
                    ),
                );
                None
            }
            (Kind::Disqualifier, Field::Missing) => None,
            (_, Field::Missing) => {
                self.err(
                    key,
                    format!(
                        "tiêu chí \"{code}\" chưa có điểm tối đa. Ghi max = … (số điểm chuẩn)."
                    ),
                );
                None
            }
            (_, Field::Given(m)) if m <= Score::ZERO => {
                self.err(key, format!("điểm tối đa của \"{code}\" phải lớn hơn 0."));
                None
            }
            (_, Field::Given(m)) => Some(m),
        }
    }

    /// A criterion's allowed scores (`levels` at `key`): some, within 0..max.
    fn check_levels(
        &mut self,
        key: &str,
        code: &str,
        kind: Kind,
        max: Option<Score>,
        levels: &[Score],
    ) {
        if levels.is_empty() || kind == Kind::Disqualifier {
            self.err(
                key,
                format!("danh sách mức điểm của \"{code}\" không dùng được ở đây."),
            );
            return;
        }
        if let Some(bad) = levels
            .iter()
            .find(|l| l.is_negative() || max.is_some_and(|m| **l > m))
        {
            self.err(
                key,
                format!(
                    "mức điểm {bad} của \"{code}\" nằm ngoài 0..{}.",
                    max.unwrap_or_default()
                ),
            );
        }
    }

    /// Every parent against its children: no levels of its own; a scored
    /// parent's maximum is their sum, a bonus or deduction parent's
    /// maximum caps each of theirs. `numbers` gives each criterion's place
    /// in the file.
    fn check_tree(&mut self, out: &[Criterion], numbers: &[usize]) {
        for (i, c) in out.iter().enumerate() {
            if c.children.is_empty() {
                continue;
            }
            let n = numbers[i];
            if c.measure.is_some() {
                self.err(
                    format!("criteria[{n}].kind"),
                    format!(
                        "\"{}\" có tiêu chí con nên không tính điểm theo số liệu được; đặt kind cho từng tiêu chí con.",
                        c.code
                    ),
                );
            }
            if c.levels.is_some() {
                self.err(
                    format!("criteria[{n}].levels"),
                    format!(
                        "\"{}\" có tiêu chí con nên không đặt mức điểm; đặt cho từng tiêu chí con.",
                        c.code
                    ),
                );
            }
            let unknown = self.unknown_max.contains(&i)
                || c.children.iter().any(|k| self.unknown_max.contains(k));
            if unknown || c.max.is_none() {
                continue;
            }
            if c.kind == Kind::Score {
                let sum: Score = c.children.iter().filter_map(|&k| out[k].max).sum();
                if Some(sum) != c.max {
                    self.err(
                        format!("criteria[{n}].max"),
                        format!("điểm tối đa của \"{}\" là {} nhưng các tiêu chí con cộng lại {}. Sửa cho bằng nhau.", c.code, c.max.unwrap_or_default(), sum),
                    );
                }
            } else if c.kind != Kind::Disqualifier {
                for &bad in c.children.iter().filter(|&&k| out[k].max > c.max) {
                    self.err(
                        format!("criteria[{}].max", numbers[bad]),
                        format!(
                            "điểm tối đa của \"{}\" lớn hơn mức tối đa {} của mục \"{}\".",
                            out[bad].code,
                            c.max.unwrap_or_default(),
                            c.code
                        ),
                    );
                }
            }
        }
    }

    /// A share of the vote (0 < share <= 1), or a message at `key`.
    fn share(&mut self, key: &str, value: Field<Score>) -> Option<Score> {
        let share = value.given()?;
        if share > Score::ZERO && share <= Score::from_int(1) {
            Some(share)
        } else {
            self.err(
                key,
                "tỷ lệ phải lớn hơn 0 và không quá 1, ví dụ 0.5 (50%) hoặc 0.7 (70%).",
            );
            None
        }
    }

    /// `[vote]`, each key defaulting to the usual rule (one ballot per
    /// member unit, more than half of the members, no quorum, a tie left
    /// for a new vote).
    fn vote(&mut self, raw: Option<VoteFile>) -> Vote {
        let Some(raw) = raw else {
            return Vote::default();
        };
        let voters = raw.voters.given().unwrap_or_default();
        let delegates = match raw.delegates {
            Field::Given(n) if n >= 1 => Some(usize::try_from(n).unwrap_or(usize::MAX)),
            Field::Given(_) => {
                self.err("vote.delegates", "số đại biểu phải từ 1 trở lên.");
                None
            }
            _ => None,
        };
        match (voters, delegates, raw.delegates.is_bad()) {
            (Voters::Delegates, None, false) => self.err(
                "vote.voters",
                "bỏ phiếu theo đại biểu (voters = \"delegates\") cần ghi số đại biểu được triệu tập: delegates = … (ví dụ 18).",
            ),
            (Voters::Units, Some(_), _) => self.err(
                "vote.delegates",
                "delegates chỉ dùng khi voters = \"delegates\"; mỗi đơn vị một phiếu thì bỏ dòng này.",
            ),
            _ => {}
        }
        let quorum = self.share("vote.quorum", raw.quorum);
        let defaults = Threshold::default();
        let threshold = Threshold {
            share: self
                .share("vote.agree", raw.agree)
                .unwrap_or(defaults.share),
            at_least: raw.agree_rule.given().unwrap_or(defaults.at_least),
            over: raw.over.given().unwrap_or(defaults.over),
        };
        Vote {
            voters,
            delegates,
            quorum,
            threshold,
            tie: raw.tie.given().unwrap_or_default(),
        }
    }

    fn awards(&mut self, raw: Vec<AwardFile>, vote: &Vote) -> Vec<Award> {
        let mut names = BTreeSet::new();
        let mut out = Vec::with_capacity(raw.len());
        for (i, a) in raw.into_iter().enumerate() {
            let name = self.required(
                &format!("awards[{i}].name"),
                a.name,
                "tên hình thức khen thưởng đang để trống. Ghi name = \"…\".",
            );
            if !name.is_empty() && !names.insert(text::key(&name)) {
                self.err(
                    format!("awards[{i}].name"),
                    format!("hình thức \"{name}\" bị trùng."),
                );
            }
            let shown = if name.is_empty() {
                format!("thứ {}", i + 1)
            } else {
                format!("\"{name}\"")
            };
            let quota = match (a.count, a.share) {
                (Field::Bad, _) | (_, Field::Bad) => None,
                (Field::Given(n), Field::Missing) if n >= 1 => {
                    Some(Quota::Count(usize::try_from(n).unwrap_or(usize::MAX)))
                }
                (Field::Given(_), Field::Missing) => {
                    self.err(format!("awards[{i}].count"), "số lượng phải từ 1 trở lên.");
                    None
                }
                (Field::Missing, Field::Given(s)) if s > Score::ZERO && s <= Score::from_int(1) => {
                    Some(Quota::Share(s))
                }
                (Field::Missing, Field::Given(_)) => {
                    self.err(
                        format!("awards[{i}].share"),
                        "tỷ lệ phải lớn hơn 0 và không quá 1, ví dụ 0.5.",
                    );
                    None
                }
                (Field::Missing, Field::Missing) => {
                    self.err(format!("awards[{i}]"), format!("hình thức {shown} chưa có chỉ tiêu: ghi count = … (số đơn vị) hoặc share = … (tỷ lệ, ví dụ 0.5)."));
                    None
                }
                (Field::Given(_), Field::Given(_)) => {
                    self.err(format!("awards[{i}]"), format!("hình thức {shown} phải có đúng một trong hai: count (số lượng) hoặc share (tỷ lệ); bỏ một dòng."));
                    None
                }
            };
            let threshold = Threshold {
                share: self
                    .share(&format!("awards[{i}].vote_agree"), a.vote_agree)
                    .unwrap_or(vote.threshold.share),
                at_least: a.vote_rule.given().unwrap_or(vote.threshold.at_least),
                over: a.vote_over.given().unwrap_or(vote.threshold.over),
            };
            let ticks = match a.ticks {
                Field::Given(n) if n >= 1 => Some(usize::try_from(n).unwrap_or(usize::MAX)),
                Field::Given(_) => {
                    self.err(
                        format!("awards[{i}].ticks"),
                        "số tên được đánh dấu trên phiếu phải từ 1 trở lên.",
                    );
                    None
                }
                _ => None,
            };
            let past = PastCondition {
                not_twice_running: a.not_twice_running.given().unwrap_or(false),
                requires_previous: self.requires_previous(i, a.requires_previous, a.within),
            };
            out.push(Award {
                name,
                quota: quota.unwrap_or(Quota::Count(0)),
                min_total: a.min_total.given(),
                no_deduction: a.no_deduction.given().unwrap_or(false),
                threshold,
                ticks,
                past,
            });
        }
        out
    }

    /// An award's `requires_previous` (the award required) and `within`
    /// (how many past years, 1 to 10; 1 when not given).
    fn requires_previous(
        &mut self,
        i: usize,
        required: Field<String>,
        within: Field<i64>,
    ) -> Option<(String, u32)> {
        let years = match &within {
            Field::Given(n) if (1..=10).contains(n) => u32::try_from(*n).ok(),
            Field::Given(_) => {
                self.err(
                    format!("awards[{i}].within"),
                    "số năm trước phải từ 1 đến 10, ví dụ within = 2.",
                );
                None
            }
            Field::Missing => Some(1),
            Field::Bad => None,
        };
        match required {
            Field::Given(name) if name.trim().is_empty() => {
                self.err(
                    format!("awards[{i}].requires_previous"),
                    "tên hình thức khen thưởng yêu cầu đang để trống. Ghi requires_previous = \"…\".",
                );
                None
            }
            Field::Given(name) => years.map(|y| (name.trim().to_string(), y)),
            Field::Missing if matches!(within, Field::Given(_)) => {
                self.err(
                    format!("awards[{i}].within"),
                    "within (số năm trước) chỉ dùng cùng requires_previous = \"tên hình thức khen thưởng yêu cầu\".",
                );
                None
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RulesError, RulesProblem};

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

    /// The single problem of `src`, at `key`.
    fn expect_err(src: &str, key: &str) -> RulesProblem {
        let e = parse(src).unwrap_err();
        assert_eq!(e.file, "quy-dinh.toml");
        assert_eq!(e.problems.len(), 1, "{e}");
        let p = e.problems[0].clone();
        assert_eq!(p.key.as_deref(), Some(key), "{e}");
        assert!(p.line.is_some(), "{e}");
        p
    }

    #[test]
    fn unknown_keys_are_rejected_with_the_file() {
        let e = parse(&MINIMAL.replace("scale = 100", "scale = 100\nscal = 3")).unwrap_err();
        assert!(e.problems[0].message.contains("scal"), "{e}");
        assert_eq!(e.problems[0].line, Some(6), "{e}");
        assert!(
            e.to_string()
                .starts_with("Tệp quy định quy-dinh.toml, dòng 6, cột 1 (mục bloc.scal)"),
            "{e}"
        );
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
    fn conditions_over_past_years_load_and_are_checked() {
        let r = parse(MINIMAL).unwrap();
        assert_eq!(r.awards[0].past, PastCondition::default());
        let src = MINIMAL.replace(
            "min_total = 95\n",
            "min_total = 95\nnot_twice_running = true\nrequires_previous = \"Bằng khen\"\nwithin = 2\n",
        );
        let past = &parse(&src).unwrap().awards[0].past;
        assert!(past.not_twice_running);
        assert_eq!(past.requires_previous, Some(("Bằng khen".to_string(), 2)));
        assert_eq!(past.years(2025), vec![2023, 2024]);
        let one = MINIMAL.replace(
            "min_total = 95\n",
            "min_total = 95\nrequires_previous = \"Bằng khen\"\n",
        );
        let past = &parse(&one).unwrap().awards[0].past;
        assert_eq!(past.requires_previous, Some(("Bằng khen".to_string(), 1)));
        let p = expect_err(
            &MINIMAL.replace("min_total = 95\n", "min_total = 95\nwithin = 2\n"),
            "awards[0].within",
        );
        assert!(p.message.contains("requires_previous"), "{}", p.message);
        expect_err(
            &MINIMAL.replace(
                "min_total = 95\n",
                "min_total = 95\nrequires_previous = \"Bằng khen\"\nwithin = 0\n",
            ),
            "awards[0].within",
        );
        expect_err(
            &MINIMAL.replace(
                "min_total = 95\n",
                "min_total = 95\nrequires_previous = \" \"\n",
            ),
            "awards[0].requires_previous",
        );
        expect_err(
            &MINIMAL.replace(
                "min_total = 95\n",
                "min_total = 95\nnot_twice_running = \"có\"\n",
            ),
            "awards[0].not_twice_running",
        );
    }

    #[test]
    fn vote_defaults_without_a_vote_table() {
        let r = parse(MINIMAL).unwrap();
        assert_eq!(r.vote, Vote::default());
        assert_eq!(r.vote.threshold.share, Score::from_milli(500));
        assert!(!r.vote.threshold.at_least);
        assert_eq!(r.awards[0].threshold, Threshold::default());
        assert_eq!(r.awards[0].ticks, None);
    }

    #[test]
    fn vote_table_and_award_overrides_load() {
        let src = MINIMAL.replace(
            "min_total = 95\n",
            "min_total = 95\nvote_agree = 0.7\nvote_rule = \"at-least\"\nticks = 1\n",
        ) + "\n[vote]\nvoters = \"delegates\"\ndelegates = 18\nquorum = 0.666\nover = \"valid\"\ntie = \"ranking\"\n";
        let r = parse(&src).unwrap();
        assert_eq!(r.vote.voters, Voters::Delegates);
        assert_eq!(r.vote.delegates, Some(18));
        assert_eq!(r.vote.members(2), 18);
        assert_eq!(r.vote.tie, TieAfterVote::Ranking);
        assert_eq!(r.vote.threshold.over, Over::Valid);
        let t = r.awards[0].threshold;
        assert_eq!(t.share, Score::from_milli(700));
        assert!(t.at_least);
        assert_eq!(t.over, Over::Valid, "not overridden: the bloc's");
        assert_eq!(r.awards[0].ticks, Some(1));
        assert!(r.vote.quorate(12, 18), "two thirds of 18 present");
        assert!(!r.vote.quorate(11, 18));
    }

    #[test]
    fn vote_mistakes_are_reported_in_vietnamese() {
        let p = expect_err(
            &(MINIMAL.to_string() + "\n[vote]\nagree = 1.5\n"),
            "vote.agree",
        );
        assert!(p.message.contains("không quá 1"), "{}", p.message);
        let p = expect_err(
            &(MINIMAL.to_string() + "\n[vote]\nvoters = \"delegates\"\n"),
            "vote.voters",
        );
        assert!(p.message.contains("delegates = "), "{}", p.message);
        let p = expect_err(
            &(MINIMAL.to_string() + "\n[vote]\nquorom = 0.5\n"),
            "vote.quorom",
        );
        assert!(p.message.contains("quorum"), "{}", p.message);
        let p = expect_err(
            &(MINIMAL.to_string() + "\n[vote]\nquorum = 0.6667\n"),
            "vote.quorum",
        );
        assert!(p.message.contains("tỷ lệ"), "{}", p.message);
        let p = expect_err(
            &(MINIMAL.to_string() + "\n[vote]\ntie = \"rank\"\n"),
            "vote.tie",
        );
        assert!(p.message.contains("ranking"), "{}", p.message);
    }

    #[test]
    fn thresholds_count_exactly() {
        let more = Threshold::default();
        assert!(!more.passes(5, 10), "half is not more than half");
        assert!(more.passes(6, 10));
        let at_least = Threshold {
            share: Score::from_milli(700),
            at_least: true,
            over: Over::Members,
        };
        assert!(at_least.passes(7, 10));
        assert!(!at_least.passes(6, 10));
        assert!(!at_least.passes(0, 0));
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
mod measure_tests {
    use super::*;
    use crate::rules::RulesError;

    /// The minimal rules with I.1 as `kind` and extra `keys`.
    fn with(kind: &str, keys: &str) -> String {
        format!(
            r#"
[bloc]
name = "Khối thử"
year = 2025

[[units]]
id = "A"
name = "Sở Y tế"

[[criteria]]
code = "I"
title = "Nhiệm vụ"
max = 20

[[criteria]]
code = "I.1"
title = "Tỷ lệ giải ngân"
max = 10
kind = "{kind}"
{keys}

[[criteria]]
code = "I.2"
title = "Báo cáo"
max = 10

[[awards]]
name = "Cờ thi đua"
count = 1
"#
        )
    }

    fn problems(src: &str) -> Vec<(Option<usize>, String, String)> {
        match Rules::parse(src, "quy-dinh.toml") {
            Ok(_) => Vec::new(),
            Err(RulesError { problems, .. }) => problems
                .into_iter()
                .map(|p| (p.line, p.key.unwrap_or_default(), p.message))
                .collect(),
        }
    }

    #[test]
    fn relative_and_target_load_with_their_defaults() {
        let r = Rules::parse(
            &with("relative", "better = \"lower\"\nunit = \"%\""),
            "q.toml",
        )
        .unwrap();
        let m = r.criteria[1].measure.clone().unwrap();
        assert_eq!(
            m.basis,
            Basis::Relative {
                better: Better::Lower
            }
        );
        assert_eq!(m.round, Measure::ROUND);
        assert!(m.is_share());
        assert_eq!(r.criteria[1].kind, Kind::Score);
        let r = Rules::parse(&with("target", "target = 95.5\nround = 0.5"), "q.toml").unwrap();
        let m = r.criteria[1].measure.clone().unwrap();
        assert_eq!(
            m.basis,
            Basis::Target {
                target: Score::from_milli(95_500)
            }
        );
        assert_eq!(m.round, Score::from_milli(500));
        assert!(r.criteria[2].measure.is_none());
        let r = Rules::parse(&with("relative", ""), "q.toml").unwrap();
        assert_eq!(
            r.criteria[1].measure.as_ref().map(|m| m.basis),
            Some(Basis::Relative {
                better: Better::Higher
            })
        );
    }

    #[test]
    fn measure_mistakes_name_line_and_key() {
        let p = problems(&with("target", ""));
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].1, "criteria[1].target");
        assert!(p[0].2.contains("chưa có chỉ tiêu"), "{p:?}");
        let p = problems(&with("relative", "better = \"cao\""));
        assert_eq!(p[0].1, "criteria[1].better");
        assert_eq!(p[0].0, Some(20));
        assert!(p[0].2.contains("\"higher\""), "{p:?}");
        let p = problems(&with("relative", "target = 100"));
        assert_eq!(p[0].1, "criteria[1].target");
        assert!(p[0].2.contains("kind = \"target\""), "{p:?}");
        let p = problems(&with("target", "target = 0"));
        assert!(p[0].2.contains("lớn hơn 0"), "{p:?}");
        let p = problems(&with("target", "target = 100\nround = 0"));
        assert_eq!(p[0].1, "criteria[1].round");
        let p = problems(&with("relative", "levels = [10, 5, 0]"));
        assert_eq!(p[0].1, "criteria[1].levels");
        let p = problems(&with("score", "unit = \"%\""));
        assert_eq!(p[0].1, "criteria[1].unit");
        assert!(p[0].2.contains("kind = \\\"relative\\\"") || p[0].2.contains("\"relative\""));
        let p = problems(&with("relative", "bettter = \"lower\""));
        assert!(p[0].2.contains("có phải là \"better\""), "{p:?}");
    }

    #[test]
    fn a_parent_cannot_be_scored_from_figures() {
        let src = with("score", "").replace(
            "code = \"I\"\ntitle = \"Nhiệm vụ\"\nmax = 20",
            "code = \"I\"\ntitle = \"Nhiệm vụ\"\nmax = 20\nkind = \"relative\"",
        );
        let p = problems(&src);
        assert!(p.iter().any(|p| p.1 == "criteria[0].kind"), "{p:?}");
    }
}
