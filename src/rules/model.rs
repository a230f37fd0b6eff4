//! The checked rules (quy định đã kiểm tra): the bloc, its member units,
//! the criteria tree, the awards and the tie-break order, as the rest of
//! the tool reads them.
//!
//! Depends on `score`; the indexes beside it are computed when the rules
//! load (`index`).

use super::index::{TitleVocabulary, UnitIndex};
use crate::score::Score;
use serde::Deserialize;

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
    /// How the year-end meeting votes (bỏ phiếu suy tôn); the defaults when
    /// the file has no `[vote]`.
    pub vote: Vote,
    /// The units' names by their matching keys, for finding a unit from a
    /// text without a scan of every unit.
    pub unit_index: UnitIndex,
    /// The criteria's title words, numbered, for comparing titles.
    pub title_words: TitleVocabulary,
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
    /// Scored against the bloc from a figure the unit reports (`kind =
    /// "relative"` or `"target"`); `None` for a score the unit gives itself.
    pub measure: Option<Measure>,
}

/// How a criterion scored against the bloc turns a unit's figure (số liệu,
/// kết quả) into points: only consolidation, which sees every unit, can.
#[derive(Clone, Debug, PartialEq)]
pub struct Measure {
    pub basis: Basis,
    /// Scores are rounded half up to a multiple of this step (`round`,
    /// default 0.01).
    pub round: Score,
    /// What the figure counts (`unit`, e.g. "%" or "thủ tục"); "%" makes it
    /// a share, which cannot exceed 100.
    pub unit: Option<String>,
}

/// What a figure is measured against.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Basis {
    /// The best figure of the bloc gets the maximum, the others a share.
    Relative { better: Better },
    /// The figure against a target, capped at the maximum.
    Target { target: Score },
}

/// Which figures are better (`better`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    /// max × figure / best (the highest).
    Higher,
    /// max × best / figure (the lowest).
    Lower,
}

impl Measure {
    /// The default rounding step: two decimals.
    pub const ROUND: Score = Score::from_milli(10);

    /// Whether the figure is a share (tỷ lệ %), at most 100.
    pub fn is_share(&self) -> bool {
        self.unit.as_deref().is_some_and(|u| u.trim() == "%")
    }
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
    /// The share of "đồng ý" this award needs (the bloc's `[vote]` unless
    /// the award overrides it).
    pub threshold: Threshold,
    /// How many names a ballot may tick for this award (số đơn vị được
    /// chọn); `None`: the award's quota.
    pub ticks: Option<usize>,
    /// Conditions over past years, checked against `--history`.
    pub past: PastCondition,
}

/// An award's conditions over past years (điều kiện theo kết quả các năm
/// trước).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PastCondition {
    /// The unit proposed for this award last year cannot be proposed for
    /// it this year (không đề nghị hai năm liền).
    pub not_twice_running: bool,
    /// Only units proposed for this award (by name) in one of the last
    /// `within` years (đã được … trong N năm trước).
    pub requires_previous: Option<(String, u32)>,
}

impl PastCondition {
    /// Whether the award has any condition over past years.
    pub fn any(&self) -> bool {
        self.not_twice_running || self.requires_previous.is_some()
    }

    /// The past years the conditions look at for `year`, oldest first.
    pub fn years(&self, year: i32) -> Vec<i32> {
        let back = match &self.requires_previous {
            Some((_, within)) => i32::try_from(*within).unwrap_or(i32::MAX),
            None => i32::from(self.not_twice_running),
        };
        (year.saturating_sub(back)..year).collect()
    }
}

/// Who casts a ballot at the year-end meeting (người bỏ phiếu).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Voters {
    /// Mỗi đơn vị thành viên có mặt một phiếu.
    #[default]
    Units,
    /// Mỗi đại biểu dự họp một phiếu.
    Delegates,
}

/// What the share of "đồng ý" is counted over (tính trên).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Over {
    /// Tổng số thành viên (units of the bloc, or the delegates called).
    #[default]
    Members,
    /// Số phiếu hợp lệ.
    Valid,
}

/// The share of "đồng ý" a candidate needs (tỷ lệ phiếu đồng ý).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Threshold {
    /// 0 < share <= 1, e.g. 0.5 or 0.7.
    pub share: Score,
    /// `true`: at least the share (từ … trở lên); `false`: more than it (trên, quá).
    pub at_least: bool,
    pub over: Over,
}

impl Default for Threshold {
    /// More than half of the members (quá 50% tổng số thành viên).
    fn default() -> Self {
        Threshold {
            share: Score::from_milli(500),
            at_least: false,
            over: Over::Members,
        }
    }
}

impl Threshold {
    /// What it asks, as the count and the minutes say it: "cần trên 50%
    /// tổng số thành viên đồng ý", "cần từ 70% số phiếu hợp lệ trở lên
    /// đồng ý".
    pub fn text(self) -> String {
        let share = format!("{}", self.share.milli() as f64 / 10.0).replace('.', ",");
        let over = match self.over {
            Over::Members => "tổng số thành viên",
            Over::Valid => "số phiếu hợp lệ",
        };
        if self.at_least {
            format!("cần từ {share}% {over} trở lên đồng ý")
        } else {
            format!("cần trên {share}% {over} đồng ý")
        }
    }

    /// Whether `agree` votes out of `base` pass.
    pub fn passes(self, agree: usize, base: usize) -> bool {
        if base == 0 {
            return false;
        }
        // agree / base against share (milli): compare agree*1000 with share*base.
        let left = (agree as i128) * 1000;
        let right = i128::from(self.share.milli()) * base as i128;
        if self.at_least {
            left >= right
        } else {
            left > right
        }
    }
}

/// What happens to candidates still tied after the vote (hòa phiếu).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TieAfterVote {
    /// Left undecided, for a new vote among the tied (bỏ phiếu lại).
    #[default]
    Revote,
    /// The better-ranked unit (by the consolidated ranking) is proposed.
    Ranking,
}

/// The bloc's vote rules (quy định bỏ phiếu, `[vote]`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Vote {
    pub voters: Voters,
    /// Số đại biểu triệu tập, when `voters` is delegates.
    pub delegates: Option<usize>,
    /// The share of voters that must hand in a ballot (số phiếu thu về) for
    /// the vote to count; `None`: no quorum.
    pub quorum: Option<Score>,
    /// The bloc's threshold, which awards may override.
    pub threshold: Threshold,
    pub tie: TieAfterVote,
}

impl Vote {
    /// How many ballots there are to hand out: one per unit or per delegate.
    pub fn members(&self, units: usize) -> usize {
        match self.voters {
            Voters::Units => units,
            Voters::Delegates => self.delegates.unwrap_or(units),
        }
    }

    /// Whether `returned` ballots meet the quorum out of `members`.
    pub fn quorate(&self, returned: usize, members: usize) -> bool {
        match self.quorum {
            None => returned > 0,
            Some(q) => (returned as i128) * 1000 >= i128::from(q.milli()) * members as i128,
        }
    }
}

/// How many units an award may go to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quota {
    /// At most this many units.
    Count(usize),
    /// At most floor(share × units not yet awarded).
    Share(Score),
}

impl Rules {
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

#[cfg(test)]
mod sample_tests {
    #[test]
    fn sample_rules_load() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/khoi-van-hoa-xa-hoi/quy-dinh.toml");
        let rules = super::super::Rules::load(&path).unwrap();
        assert_eq!(rules.units.len(), 9);
        assert_eq!(rules.criteria.len(), 27);
    }
}
