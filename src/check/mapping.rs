//! Mapping table rows to the bloc's criteria (đối chiếu dòng với tiêu chí):
//! by label (section-relative "1", "a" or a full code "I.1"), by title
//! (normalised, tolerant of small edits and shortening), and by order — an
//! alignment that keeps rows and criteria in the same sequence.
//!
//! Depends on `rules`, `text` and the located table.

use super::table::{Row, RowKind};
use crate::rules::Rules;
use crate::text;

/// How well row `row` fits criterion `crit`, or `None` when it cannot be it.
fn fit(rules: &Rules, crit: usize, crit_key: &str, row: &Row, row_key: &str) -> Option<f64> {
    let c = &rules.criteria[crit];
    let label = row.label.trim();
    let sim = if row_key.is_empty() {
        0.0
    } else {
        text::similarity_of_keys(row_key, crit_key)
    };
    if !label.is_empty()
        && label.eq_ignore_ascii_case(&c.code)
        && (c.depth > 0 || c.code == c.label)
    {
        // A full code such as "I.1" or "III.2.a" (or a section's own label).
        return Some(2.0 + sim);
    }
    if !label.is_empty() && text::key(label) == text::key(&c.label) {
        return Some(1.0 + sim);
    }
    if sim >= 0.6 {
        // A renumbered or unlabelled row whose title is clearly this one.
        return Some(sim);
    }
    None
}

/// The criterion index of each row (`None`: no criterion), aligned so that
/// matched rows keep the rules' order. Total rows never match.
pub fn align(rules: &Rules, rows: &[Row]) -> Vec<Option<usize>> {
    let n = rows.len();
    let m = rules.criteria.len();
    let keys: Vec<String> = rows.iter().map(|r| text::key(&r.title)).collect();
    let crit_keys: Vec<String> = rules.criteria.iter().map(|c| text::key(&c.title)).collect();
    // best[i][j]: best total fit using rows i.. and criteria j..
    let mut best = vec![vec![0.0f64; m + 1]; n + 1];
    let mut fits = vec![vec![None; m]; n];
    for (i, row) in rows.iter().enumerate() {
        if row.kind == RowKind::Item {
            for (j, slot) in fits[i].iter_mut().enumerate() {
                *slot = fit(rules, j, &crit_keys[j], row, &keys[i]);
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
    let mut out = vec![None; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if let Some(f) = fits[i][j]
            && (f + best[i + 1][j + 1] - best[i][j]).abs() < 1e-9
        {
            out[i] = Some(j);
            i += 1;
            j += 1;
        } else if (best[i + 1][j] - best[i][j]).abs() < 1e-9 {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
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

    fn row(label: &str, title: &str) -> Row {
        let kind = if crate::check::table::is_total_title(title) {
            RowKind::Total
        } else {
            RowKind::Item
        };
        Row {
            row: 0,
            label: label.into(),
            title: title.into(),
            max: None,
            self_score: CellRef {
                cell: "A1".into(),
                value: Value::Empty,
                font: None,
            },
            reviewed: None,
            notes: vec![],
            kind,
        }
    }

    fn codes(rows: &[Row]) -> Vec<Option<String>> {
        let rules = Rules::parse(RULES, "t.toml").unwrap();
        align(&rules, rows)
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
}
