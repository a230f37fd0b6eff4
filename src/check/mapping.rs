//! Mapping table rows to the bloc's criteria (đối chiếu dòng với tiêu chí):
//! by label (section-relative "1", "a" or a full code "I.1"), by title
//! (normalised, tolerant of small edits and shortening), by the maximum
//! the row states, and by order — an alignment that keeps rows and
//! criteria in the same sequence, never trusting a label alone when the
//! title names another criterion. Rows that stand out of order or hold
//! two criteria are then placed by their title and maximum.
//!
//! Depends on `rules`, `text`, `score` and the located table.

use super::table::{Row, RowKind};
use crate::rules::{Criterion, Rules, TitleWords};
use crate::score::Score;
use crate::text;
use std::collections::BTreeMap;

/// Where each row of a table belongs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Aligned {
    /// The criterion of each row (`None`: no criterion).
    pub crit: Vec<Option<usize>>,
    /// Rows placed by title and maximum although their label names another
    /// criterion (a row deleted and the rest renumbered) or they stand out
    /// of the rules' order (a moved row), by row index.
    pub renumbered: Vec<usize>,
    /// Rows scored for several leaf criteria at once: two criteria typed
    /// on one row (hai tiêu chí trên một dòng), or a parent scored as a
    /// whole with no row for its children. Row index → the leaves, in rules
    /// order; `crit[row]` is the first leaf or the parent.
    pub merged: BTreeMap<usize, Vec<usize>>,
    /// [`text::key`] of each row's title, and of its condition's title
    /// when it has one: computed once here, used again by the title checks.
    pub title_keys: Vec<(String, Option<String>)>,
}

impl Aligned {
    /// How many rows found a criterion.
    pub fn matched(&self) -> usize {
        self.crit.iter().flatten().count()
    }
}

/// The text keys of a row's faces, computed once per row.
struct RowKeys {
    label: LabelKeys,
    title_words: TitleWords,
    condition_label: LabelKeys,
    condition: TitleWords,
}

/// A label's matching keys, computed once per row.
#[derive(Default)]
struct LabelKeys {
    /// As read ("I.1", "1", "a"); empty when none.
    raw: String,
    /// [`text::label_key`] of it.
    key: String,
    /// [`text::numeral_key`] of it ("I.2" → "1.2").
    numerals: String,
}

impl LabelKeys {
    fn of(label: &str) -> LabelKeys {
        LabelKeys {
            raw: label.to_string(),
            key: text::label_key(label),
            numerals: text::numeral_key(label),
        }
    }

    fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// Whether the label is the criterion's full code, with roman and
    /// arabic numerals taken as equal ("1.2" is "I.2"; "II" is "II").
    fn is_code_of(&self, c: &Criterion) -> bool {
        (c.depth > 0 || c.code == c.label)
            && (self.raw.eq_ignore_ascii_case(&c.code)
                || (self.numerals.contains('.') && self.numerals == c.code_numerals))
    }

    /// Whether the label names criterion `c` (its own label or full code).
    fn names(&self, c: &Criterion) -> bool {
        !self.is_empty() && (self.is_code_of(c) || self.key == c.label_key)
    }
}

/// How well a label and title fit criterion `c` (whose title words are
/// `c_words`).
fn face_fit(
    c: &Criterion,
    c_words: &TitleWords,
    label: &LabelKeys,
    title: &TitleWords,
) -> Option<f64> {
    let sim = title.similarity(c_words);
    if !label.is_empty() && label.is_code_of(c) {
        // A full code such as "I.1", "1.1" or "III.2.a" (or a section's own label).
        return Some(2.0 + 2.0 * sim);
    }
    if !label.is_empty() && label.key == c.label_key {
        return Some(1.0 + 2.0 * sim);
    }
    if sim >= 0.6 {
        // A renumbered or unlabelled row whose title is clearly this one.
        return Some(2.0 * sim);
    }
    None
}

/// How well row `row` fits criterion `c`, or `None` when it cannot be it:
/// the better of its two faces (label and title; condition), then the
/// maximum it states, for or against.
fn fit(c: &Criterion, c_words: &TitleWords, row: &Row, keys: &RowKeys) -> Option<f64> {
    let none = LabelKeys::default();
    let label = if row.kind == RowKind::Loose {
        &none
    } else {
        &keys.label
    };
    let main = face_fit(c, c_words, label, &keys.title_words);
    let cond = row
        .condition
        .as_ref()
        .and_then(|_| face_fit(c, c_words, &keys.condition_label, &keys.condition));
    let best = match (main, cond) {
        (Some(a), Some(b)) => a.max(b),
        (a, b) => a.or(b)?,
    };
    Some(best + max_agreement(row.stated_max, c.max))
}

fn max_agreement(stated: Option<Score>, rule: Option<Score>) -> f64 {
    match (stated, rule) {
        (Some(a), Some(b)) if a == b => 0.5,
        (Some(_), Some(_)) => -0.5,
        _ => 0.0,
    }
}

/// Align rows with criteria. Total rows never match.
pub fn align(rules: &Rules, rows: &[Row]) -> Aligned {
    let n = rows.len();
    let m = rules.criteria.len();
    let vocabulary = &rules.title_words;
    let mut title_keys = Vec::with_capacity(n);
    let keys: Vec<RowKeys> = rows
        .iter()
        .map(|r| {
            let title = text::key(&r.title);
            let condition_key = r.condition.as_ref().map(|f| text::key(&f.title));
            let keys = RowKeys {
                label: LabelKeys::of(&r.label),
                title_words: vocabulary.words(&title),
                condition_label: r
                    .condition
                    .as_ref()
                    .map(|f| LabelKeys::of(&f.label))
                    .unwrap_or_default(),
                condition: condition_key
                    .as_deref()
                    .map(|k| vocabulary.words(k))
                    .unwrap_or_default(),
            };
            title_keys.push((title, condition_key));
            keys
        })
        .collect();
    // best[i][j]: best total fit using rows i.. and criteria j..
    let mut best = vec![vec![0.0f64; m + 1]; n + 1];
    let mut fits = vec![vec![None; m]; n];
    for (i, row) in rows.iter().enumerate() {
        if row.kind != RowKind::Total {
            for (j, slot) in fits[i].iter_mut().enumerate() {
                *slot = fit(&rules.criteria[j], &vocabulary.criteria[j], row, &keys[i]);
            }
        }
    }
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let mut v = best[i + 1][j].max(best[i][j + 1]);
            if let Some(f) = fits[i][j] {
                v = v.max(f + best[i + 1][j + 1]);
            }
            best[i][j] = v;
        }
    }
    let mut out = Aligned {
        crit: vec![None; n],
        title_keys,
        ..Aligned::default()
    };
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if let Some(f) = fits[i][j]
            && (f + best[i + 1][j + 1] - best[i][j]).abs() < 1e-9
        {
            out.crit[i] = Some(j);
            i += 1;
            j += 1;
        } else if (best[i + 1][j] - best[i][j]).abs() < 1e-9 {
            i += 1;
        } else {
            j += 1;
        }
    }
    place_moved_rows(rules, rows, &keys, &mut out);
    place_merged_rows(rules, rows, &mut out);
    group_parent_rows(rules, rows, &mut out);
    for (i, row) in rows.iter().enumerate() {
        if let Some(c) = out.crit[i]
            && !out.renumbered.contains(&i)
            && !row.label.is_empty()
            && row.kind == RowKind::Item
            && !keys[i].label.names(&rules.criteria[c])
            && !row.condition.as_ref().is_some_and(|f| {
                f.label.is_empty() || keys[i].condition_label.names(&rules.criteria[c])
            })
        {
            out.renumbered.push(i);
        }
    }
    out.renumbered.sort_unstable();
    out
}

/// Rows left over with a score whose title and maximum clearly name a
/// criterion left over (a row moved up or down): placed out of order.
fn place_moved_rows(rules: &Rules, rows: &[Row], keys: &[RowKeys], out: &mut Aligned) {
    let mut taken: Vec<bool> = vec![false; rules.criteria.len()];
    for c in out.crit.iter().flatten() {
        taken[*c] = true;
    }
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if out.crit[i].is_some() || row.kind == RowKind::Total || !row.has_score() {
            continue;
        }
        for (j, c) in rules.criteria.iter().enumerate() {
            if taken[j] || !c.is_leaf() {
                continue;
            }
            let sim = keys[i]
                .title_words
                .similarity(&rules.title_words.criteria[j]);
            let agrees = row.stated_max.is_none_or(|m| Some(m) == c.max);
            if sim >= 0.75 && agrees {
                candidates.push((sim, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in candidates {
        if out.crit[i].is_none() && !taken[j] {
            out.crit[i] = Some(j);
            taken[j] = true;
            out.renumbered.push(i);
        }
    }
}

/// Rows with a score that hold two or more sibling leaves: the row's
/// maximum is the sum of theirs and its title names each of them. Such a
/// row is left over by the alignment, or matched to one of the leaves
/// whose maximum it does not state.
fn place_merged_rows(rules: &Rules, rows: &[Row], out: &mut Aligned) {
    let mut taken: Vec<bool> = vec![false; rules.criteria.len()];
    for c in out.crit.iter().flatten() {
        taken[*c] = true;
    }
    for (i, row) in rows.iter().enumerate() {
        if row.kind == RowKind::Total || !row.has_score() {
            continue;
        }
        let Some(stated) = row.stated_max else {
            continue;
        };
        let own = out.crit[i];
        if let Some(c) = own
            && (!rules.criteria[c].is_leaf() || rules.criteria[c].max == Some(stated))
        {
            continue;
        }
        if let Some(c) = own {
            taken[c] = false;
        }
        match merged_group(rules, &taken, stated, &out.title_keys[i].0) {
            Some(group) if own.is_none_or(|c| group.contains(&c)) => {
                out.crit[i] = Some(group[0]);
                for &k in &group {
                    taken[k] = true;
                }
                out.merged.insert(i, group);
            }
            _ => {
                if let Some(c) = own {
                    taken[c] = true;
                }
            }
        }
    }
}

/// Consecutive free sibling leaves whose maxima add up to `stated` and
/// whose titles all appear in `title_key`.
fn merged_group(
    rules: &Rules,
    taken: &[bool],
    stated: Score,
    title_key: &str,
) -> Option<Vec<usize>> {
    for parent in &rules.criteria {
        let free: Vec<usize> = parent
            .children
            .iter()
            .copied()
            .filter(|&k| !taken[k] && rules.criteria[k].is_leaf())
            .collect();
        for start in 0..free.len() {
            for end in start + 2..=free.len() {
                let group = &free[start..end];
                if !group.windows(2).all(|w| w[1] == w[0] + 1) {
                    break;
                }
                let sum: Score = group.iter().filter_map(|&k| rules.criteria[k].max).sum();
                if sum == stated
                    && group
                        .iter()
                        .all(|&k| contains_most(title_key, &rules.criteria[k].title_key))
                {
                    return Some(group.to_vec());
                }
            }
        }
    }
    None
}

/// A row matched to a parent criterion, with a score, where none of the
/// parent's descendants has a row: the unit scored the parent as a whole,
/// so the row stands for all the leaves below it.
fn group_parent_rows(rules: &Rules, rows: &[Row], out: &mut Aligned) {
    let mut covered: Vec<bool> = vec![false; rules.criteria.len()];
    for (i, c) in out.crit.iter().enumerate() {
        if let Some(c) = c
            && !out.merged.contains_key(&i)
        {
            covered[*c] = true;
        }
    }
    for g in out.merged.values() {
        for &k in g {
            covered[k] = true;
        }
    }
    for (i, row) in rows.iter().enumerate() {
        let Some(p) = out.crit[i] else { continue };
        if rules.criteria[p].is_leaf() || out.merged.contains_key(&i) || !row.has_score() {
            continue;
        }
        let leaves = leaves_under(rules, p);
        let below = descendants(rules, p);
        if below.iter().any(|&k| covered[k]) {
            continue;
        }
        out.merged.insert(i, leaves);
    }
}

/// Every descendant of criterion `p`, in rules order.
fn descendants(rules: &Rules, p: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for &k in &rules.criteria[p].children {
        out.push(k);
        out.extend(descendants(rules, k));
    }
    out
}

/// The leaves below criterion `p`, in rules order.
pub fn leaves_under(rules: &Rules, p: usize) -> Vec<usize> {
    descendants(rules, p)
        .into_iter()
        .filter(|&k| rules.criteria[k].is_leaf())
        .collect()
}

/// Whether most words of `part` (a criterion's title key) appear in `whole`.
fn contains_most(whole: &str, part: &str) -> bool {
    let words: Vec<&str> = part.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return false;
    }
    let have: Vec<&str> = whole.split(' ').collect();
    let found = words.iter().filter(|w| have.contains(w)).count();
    found * 10 >= words.len() * 7
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::table::CellRef;
    use crate::read::Value;

    const RULES: &str = r#"
[bloc]
name = "Khối thử"
year = 2025
[[units]]
id = "A"
name = "Sở Y tế"
[[criteria]]
code = "I"
title = "Thực hiện nhiệm vụ chính trị, chuyên môn"
max = 30
[[criteria]]
code = "I.1"
title = "Hoàn thành các chỉ tiêu được giao"
max = 20
[[criteria]]
code = "I.2"
title = "Thực hiện cải cách hành chính, chuyển đổi số"
max = 10
[[criteria]]
code = "II"
title = "Công tác thi đua, khen thưởng"
max = 10
[[criteria]]
code = "II.1"
title = "Tổ chức phát động phong trào thi đua"
max = 4
[[criteria]]
code = "II.2"
title = "Hoạt động của đoàn thể"
max = 6
[[criteria]]
code = "II.2.a"
title = "Công đoàn cơ sở"
max = 3
[[criteria]]
code = "II.2.b"
title = "Đoàn Thanh niên"
max = 3
"#;

    /// The numbered words give exactly the similarity of the keys, for
    /// the criteria's titles against each other and against rows typed
    /// with repeats, unknown words, shortenings and nothing at all.
    #[test]
    fn numbered_words_give_the_similarity_of_the_keys() {
        let rules = Rules::parse(RULES, "t.toml").unwrap();
        let vocabulary = &rules.title_words;
        let mut rows: Vec<String> = rules.criteria.iter().map(|c| c.title.clone()).collect();
        rows.extend(
            [
                "",
                "thi đua",
                "Công tác thi đua thi đua thi đua",
                "Tổ chức phát động",
                "Hoàn thành các chỉ tiêu được giao năm 2025 (20 điểm)",
                "Một dòng khác hẳn không trùng chữ nào",
                "CÔNG TÁC THI ĐUA, KHEN THƯỞNG",
                "khen thưởng công tác thi đua",
            ]
            .map(str::to_string),
        );
        for row in &rows {
            let key = text::key(row);
            let words = vocabulary.words(&key);
            for (c, c_words) in rules.criteria.iter().zip(&vocabulary.criteria) {
                assert_eq!(
                    words.similarity(c_words),
                    text::similarity_of_keys(&key, &c.title_key),
                    "{row:?} against {:?}",
                    c.title
                );
            }
        }
    }

    fn row(label: &str, title: &str) -> Row {
        let kind = if crate::check::table::is_total_title(title) {
            RowKind::Total
        } else {
            RowKind::Item
        };
        Row {
            row: 0,
            label: label.into(),
            bullet: false,
            title: title.into(),
            title_cell: "B1".into(),
            condition: None,
            stated_max: None,
            max: None,
            self_score: CellRef {
                cell: crate::issue::Address::new(0, 0),
                value: Value::Empty,
                font: None,
            },
            reviewed: None,
            notes: vec![],
            kind,
        }
    }

    /// A row with a maximum and a score.
    fn scored(label: &str, title: &str, max: &str, score: f64) -> Row {
        let mut r = row(label, title);
        r.stated_max = Score::parse(max);
        r.self_score.value = Value::Number(score);
        r
    }

    fn codes(rows: &[Row]) -> Vec<Option<String>> {
        let rules = Rules::parse(RULES, "t.toml").unwrap();
        align(&rules, rows)
            .crit
            .into_iter()
            .map(|c| c.map(|j| rules.criteria[j].code.clone()))
            .collect()
    }

    fn some(codes: &[&str]) -> Vec<Option<String>> {
        codes
            .iter()
            .map(|c| {
                if c.is_empty() {
                    None
                } else {
                    Some(c.to_string())
                }
            })
            .collect()
    }

    #[test]
    fn section_relative_labels_follow_order() {
        let rows = [
            row("I", "Thực hiện nhiệm vụ chính trị, chuyên môn"),
            row("1", "Hoàn thành các chỉ tiêu được giao"),
            row("2", "Cải cách hành chính"),
            row("II", "Công tác thi đua"),
            row("1", "Tổ chức phát động"),
            row("2", "Đoàn thể"),
            row("a", "Công đoàn"),
            row("b", "Đoàn Thanh niên"),
            row("", "Tổng cộng"),
        ];
        assert_eq!(
            codes(&rows),
            some(&[
                "I", "I.1", "I.2", "II", "II.1", "II.2", "II.2.a", "II.2.b", ""
            ])
        );
    }

    #[test]
    fn full_codes_and_a_deleted_row() {
        let rows = [
            row("I", "Nhiệm vụ chính trị, chuyên môn"),
            row("I.1", "Hoàn thành chỉ tiêu"),
            row("II", "Công tác thi đua, khen thưởng"),
            row("II.2.a", "Công đoàn"),
            row("II.2.b", "Thanh niên"),
        ];
        assert_eq!(codes(&rows), some(&["I", "I.1", "II", "II.2.a", "II.2.b"]));
    }

    #[test]
    fn unlabelled_rows_match_by_title() {
        let rows = [
            row("", "Hoàn thành các chỉ tiêu được giao"),
            row("", "Thực hiện cải cách hành chính, chuyển đổi số"),
            row("", "Một nội dung đơn vị tự thêm vào"),
            row("", "Tổ chức phát động phong trào thi đua"),
        ];
        assert_eq!(codes(&rows), some(&["I.1", "I.2", "", "II.1"]));
    }

    #[test]
    fn an_extra_labelled_row_is_left_unmatched() {
        let rows = [
            row("I", "Thực hiện nhiệm vụ chính trị, chuyên môn"),
            row("1", "Hoàn thành các chỉ tiêu được giao"),
            row("2", "Thực hiện cải cách hành chính, chuyển đổi số"),
            row("3", "Nội dung đơn vị tự thêm"),
            row("II", "Công tác thi đua, khen thưởng"),
        ];
        assert_eq!(codes(&rows), some(&["I", "I.1", "I.2", "", "II"]));
    }

    #[test]
    fn a_deleted_row_and_the_rest_renumbered_follow_their_titles() {
        // I.1 deleted; the unit renumbered I.2 as "1".
        let rows = [
            scored("I", "Thực hiện nhiệm vụ chính trị, chuyên môn", "30", 9.0),
            scored(
                "1",
                "Thực hiện cải cách hành chính, chuyển đổi số",
                "10",
                9.0,
            ),
            scored("II", "Công tác thi đua, khen thưởng", "10", 10.0),
            scored("1", "Tổ chức phát động phong trào thi đua", "4", 4.0),
        ];
        let rules = Rules::parse(RULES, "t.toml").unwrap();
        let aligned = align(&rules, &rows);
        assert_eq!(codes(&rows), some(&["I", "I.2", "II", "II.1"]));
        assert_eq!(aligned.renumbered, vec![1], "the renumbered row is told");
    }

    #[test]
    fn a_moved_row_is_placed_by_its_title_and_maximum() {
        let rows = [
            scored("1", "Tổ chức phát động phong trào thi đua", "4", 4.0),
            scored("1", "Hoàn thành các chỉ tiêu được giao", "20", 18.0),
            scored(
                "2",
                "Thực hiện cải cách hành chính, chuyển đổi số",
                "10",
                9.0,
            ),
        ];
        let rules = Rules::parse(RULES, "t.toml").unwrap();
        let aligned = align(&rules, &rows);
        assert_eq!(codes(&rows), some(&["II.1", "I.1", "I.2"]));
        assert_eq!(aligned.renumbered, vec![0]);
    }

    #[test]
    fn full_codes_in_arabic_numerals() {
        let rows = [
            row("1", "Thực hiện nhiệm vụ chính trị, chuyên môn"),
            row("1.1", "Hoàn thành chỉ tiêu"),
            row("1.2", "CCHC, CĐS"),
            row("2.2.a", "Công đoàn"),
        ];
        assert_eq!(codes(&rows), some(&["I", "I.1", "I.2", "II.2.a"]));
    }

    #[test]
    fn bullet_rows_are_named_by_their_titles() {
        let mut rows = vec![
            row("II", "Công tác thi đua, khen thưởng"),
            row("", "Công đoàn cơ sở"),
            row("", "Đoàn Thanh niên"),
        ];
        rows[1].bullet = true;
        rows[2].bullet = true;
        assert_eq!(codes(&rows), some(&["II", "II.2.a", "II.2.b"]));
    }

    #[test]
    fn two_criteria_on_one_row() {
        let rows = [
            row("II", "Công tác thi đua, khen thưởng"),
            scored("1", "Tổ chức phát động phong trào thi đua", "4", 4.0),
            scored("2", "Công đoàn cơ sở; Đoàn Thanh niên", "6", 5.0),
        ];
        let rules = Rules::parse(RULES, "t.toml").unwrap();
        let aligned = align(&rules, &rows);
        let a = rules.criterion("II.2.a").unwrap();
        let b = rules.criterion("II.2.b").unwrap();
        assert_eq!(aligned.merged.get(&2), Some(&vec![a, b]));
        // Without a label, by the titles and the maxima.
        let rows = [
            row("II", "Công tác thi đua, khen thưởng"),
            scored("1", "Tổ chức phát động phong trào thi đua", "4", 4.0),
            scored("", "Hoạt động Công đoàn cơ sở và Đoàn Thanh niên", "6", 5.0),
        ];
        let aligned = align(&rules, &rows);
        assert_eq!(aligned.merged.get(&2), Some(&vec![a, b]));
        assert_eq!(aligned.crit[2], Some(a));
    }

    #[test]
    fn a_label_alone_does_not_win_against_a_title() {
        // "2" would be I.2 by label, but its title and maximum are II.1's.
        let rows = [
            scored("I", "Thực hiện nhiệm vụ chính trị, chuyên môn", "30", 20.0),
            scored("1", "Hoàn thành các chỉ tiêu được giao", "20", 20.0),
            scored("2", "Tổ chức phát động phong trào thi đua", "4", 4.0),
        ];
        assert_eq!(codes(&rows), some(&["I", "I.1", "II.1"]));
    }
}
