//! Checking a rules file (kiểm tra tệp quy định): the file types turned
//! into the model, every rule of the format checked, each error naming the
//! file and the key.
//!
//! Depends on `score`, `text` and the other rooms of `rules`.

use super::error::RulesError;
use super::file::*;
use super::index::{TitleVocabulary, UnitIndex};
use super::model::*;
use crate::score::Score;
use crate::text;
use std::collections::{BTreeMap, BTreeSet};

pub(super) struct Checker<'a> {
    pub file: &'a str,
}

impl Checker<'_> {
    fn err(&self, key: impl Into<String>, message: impl Into<String>) -> RulesError {
        RulesError {
            file: self.file.to_string(),
            key: Some(key.into()),
            message: message.into(),
        }
    }

    pub fn check(&self, raw: RulesFile) -> Result<Rules, RulesError> {
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

    /// The criteria in file order, each checked against those before it,
    /// then the tree's sums and the bloc's scale.
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
            let criterion = self.criterion(i, c, &out, &index)?;
            let idx = out.len();
            if let Some(p) = criterion.parent {
                out[p].children.push(idx);
            }
            index.insert(criterion.code.clone(), idx);
            out.push(criterion);
        }
        self.check_tree(&out)?;
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

    /// Criterion `i` of the file, given the criteria before it (`out`,
    /// indexed by code in `index`): its code, parent, kind, title, maximum
    /// and levels checked.
    fn criterion(
        &self,
        i: usize,
        c: CriterionFile,
        out: &[Criterion],
        index: &BTreeMap<String, usize>,
    ) -> Result<Criterion, RulesError> {
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
        let max = self.max(&key("max"), &code, kind, c.max)?;
        if let Some(levels) = &c.levels {
            self.check_levels(&key("levels"), &code, kind, max, levels)?;
        }
        let label = c
            .label
            .map(|l| text::clean(&l))
            .unwrap_or_else(|| segments[segments.len() - 1].to_string());
        Ok(Criterion {
            title_key: text::key(&title),
            label_key: text::label_key(&label),
            code_numerals: text::numeral_key(&code),
            depth: segments.len() - 1,
            code,
            title,
            max,
            kind,
            levels: c.levels,
            label,
            parent,
            children: Vec::new(),
        })
    }

    /// A criterion's maximum (`max` at `key`): none for a disqualifier,
    /// above zero for the others.
    fn max(
        &self,
        key: &str,
        code: &str,
        kind: Kind,
        max: Option<Score>,
    ) -> Result<Option<Score>, RulesError> {
        match (kind, max) {
            (Kind::Disqualifier, Some(_)) => Err(self.err(
                key,
                format!(
                    "tiêu chí \"{code}\" là trường hợp không xét nên không có điểm. Bỏ dòng max."
                ),
            )),
            (Kind::Disqualifier, None) => Ok(None),
            (_, None) => Err(self.err(
                key,
                format!("tiêu chí \"{code}\" chưa có điểm tối đa (max)."),
            )),
            (_, Some(m)) if m <= Score::ZERO => {
                Err(self.err(key, format!("điểm tối đa của \"{code}\" phải lớn hơn 0.")))
            }
            (_, Some(m)) => Ok(Some(m)),
        }
    }

    /// A criterion's allowed scores (`levels` at `key`): some, within 0..max.
    fn check_levels(
        &self,
        key: &str,
        code: &str,
        kind: Kind,
        max: Option<Score>,
        levels: &[Score],
    ) -> Result<(), RulesError> {
        if levels.is_empty() || kind == Kind::Disqualifier {
            return Err(self.err(
                key,
                format!("danh sách mức điểm của \"{code}\" không dùng được ở đây."),
            ));
        }
        if let Some(bad) = levels
            .iter()
            .find(|l| l.is_negative() || max.is_some_and(|m| **l > m))
        {
            return Err(self.err(
                key,
                format!(
                    "mức điểm {bad} của \"{code}\" nằm ngoài 0..{}.",
                    max.unwrap_or_default()
                ),
            ));
        }
        Ok(())
    }

    /// Every parent against its children: no levels of its own; a scored
    /// parent's maximum is their sum, a bonus or deduction parent's
    /// maximum caps each of theirs.
    fn check_tree(&self, out: &[Criterion]) -> Result<(), RulesError> {
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
        Ok(())
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
