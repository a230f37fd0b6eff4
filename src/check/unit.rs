//! Identifying which member unit (đơn vị) a submission comes from: the
//! "Đơn vị: …" line, the heading block, the sheet name, then the file name,
//! matched against the rules' names and aliases (normalised, tolerant of
//! abbreviations such as "Sở VHTTDL" or "Sở GD&ĐT").
//!
//! Depends on `rules` and `text` only.

use crate::rules::Rules;
use crate::text;

/// Where the unit's name was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub place: Place,
    pub text: String,
}

/// The place of a piece of evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A cell of the sheet (A1).
    Cell(String),
    /// The sheet's name.
    Sheet(String),
    /// The file's name.
    FileName,
}

/// The outcome of identification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identified {
    Unit {
        id: String,
        evidence: Evidence,
    },
    Ambiguous {
        ids: Vec<String>,
        evidence: Evidence,
    },
    Unknown,
}

/// How strongly a text names each unit it names, as (unit index,
/// strength) in rules order: 3 = exactly one of its names, 2 = an
/// abbreviation of one, 1 = contains one of them as whole words.
fn strengths(text: &EvidenceKeys, rules: &Rules) -> Vec<(usize, u8)> {
    let index = &rules.unit_index;
    let mut found: Vec<(usize, u8)> = Vec::new();
    found.extend(index.exact(&text.key).iter().map(|&u| (u, 3)));
    found.extend(index.short(&text.squeezed).iter().map(|&u| (u, 2)));
    for word in text.key.split(' ') {
        for &(u, n) in index.with_word(word) {
            let name = &rules.units[u].name_keys[n];
            if super::table::contains_words(&text.key, name) {
                found.push((u, 1));
            }
        }
    }
    // The strongest for each unit, in rules order.
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    found.dedup_by_key(|f| f.0);
    found
}

/// A text's matching keys, computed once for all units.
struct EvidenceKeys {
    key: String,
    squeezed: String,
}

impl EvidenceKeys {
    fn of(value: &str) -> EvidenceKeys {
        let key = text::key(value);
        EvidenceKeys {
            squeezed: text::squeeze(&text::fold(value)),
            key,
        }
    }
}

/// Texts that introduce the unit's name ("Đơn vị: Sở Y tế").
const UNIT_PREFIXES: &[&str] = &[
    "ten don vi",
    "don vi tu cham",
    "don vi",
    "co quan",
    "ten co quan",
];

/// The name after "Đơn vị:" in a heading text, if the text is such a line.
pub fn unit_line(text_value: &str) -> Option<&str> {
    let (head, tail) = text_value.split_once(':')?;
    let head = text::fold(head);
    UNIT_PREFIXES.contains(&head.as_str()).then(|| tail.trim())
}

/// Identify the unit from candidate texts, strongest sources first. Each
/// group is tried in turn; the first group naming exactly one unit (at the
/// best strength found in it) decides.
pub fn identify(rules: &Rules, groups: &[Vec<Evidence>]) -> Identified {
    let mut first_ambiguous = None;
    for group in groups {
        let mut best: (u8, Vec<String>, Option<&Evidence>) = (0, Vec::new(), None);
        for ev in group {
            let keys = EvidenceKeys::of(&ev.text);
            if keys.key.is_empty() {
                continue;
            }
            for (u, s) in strengths(&keys, rules) {
                let unit = &rules.units[u];
                if s < best.0 {
                    continue;
                }
                if s > best.0 {
                    best = (s, Vec::new(), Some(ev));
                }
                if !best.1.contains(&unit.id) {
                    best.1.push(unit.id.clone());
                }
            }
        }
        match (best.1.len(), best.2) {
            (1, Some(ev)) => {
                return Identified::Unit {
                    id: best.1.remove(0),
                    evidence: ev.clone(),
                };
            }
            (n, Some(ev)) if n > 1 && first_ambiguous.is_none() => {
                first_ambiguous = Some(Identified::Ambiguous {
                    ids: best.1,
                    evidence: ev.clone(),
                });
            }
            _ => {}
        }
    }
    first_ambiguous.unwrap_or(Identified::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str = r#"
[bloc]
name = "Khối thử"
year = 2025
[[units]]
id = "SYT"
name = "Sở Y tế"
[[units]]
id = "SVHTTDL"
name = "Sở Văn hóa, Thể thao và Du lịch"
[[units]]
id = "SGDDT"
name = "Sở Giáo dục và Đào tạo"
aliases = ["Sở GD&ĐT"]
[[units]]
id = "BHXH"
name = "Bảo hiểm xã hội tỉnh Quảng Ngãi"
[[criteria]]
code = "I"
title = "Nhiệm vụ"
max = 10
"#;

    fn ev(text: &str) -> Evidence {
        Evidence {
            place: Place::Cell("A1".into()),
            text: text.into(),
        }
    }

    fn id(groups: &[Vec<Evidence>]) -> Identified {
        identify(&Rules::parse(RULES, "t.toml").unwrap(), groups)
    }

    fn unit(x: Identified) -> Option<String> {
        match x {
            Identified::Unit { id, .. } => Some(id),
            _ => None,
        }
    }

    #[test]
    fn exact_abbreviated_and_contained_names() {
        assert_eq!(unit(id(&[vec![ev("SỞ Y TẾ")]])).as_deref(), Some("SYT"));
        assert_eq!(
            unit(id(&[vec![ev("Sở VHTTDL")]])).as_deref(),
            Some("SVHTTDL")
        );
        assert_eq!(
            unit(id(&[vec![ev("Sở VH-TT&DL")]])).as_deref(),
            Some("SVHTTDL")
        );
        assert_eq!(unit(id(&[vec![ev("Sở GDĐT")]])).as_deref(), Some("SGDDT"));
        assert_eq!(
            unit(id(&[vec![ev("sở giáo dục và đào tạo")]])).as_deref(),
            Some("SGDDT")
        );
        assert_eq!(
            unit(id(&[vec![
                ev("UBND TỈNH QUẢNG NGÃI"),
                ev("BẢO HIỂM XÃ HỘI TỈNH QUẢNG NGÃI")
            ]]))
            .as_deref(),
            Some("BHXH")
        );
        assert_eq!(
            unit(id(&[vec![ev("Sở Y tế - Bảng tự chấm điểm 2025")]])).as_deref(),
            Some("SYT")
        );
    }

    #[test]
    fn earlier_groups_win_and_nothing_is_guessed() {
        assert_eq!(
            unit(id(&[vec![ev("Sở Y tế")], vec![ev("Sở GDĐT")]])).as_deref(),
            Some("SYT")
        );
        assert_eq!(
            unit(id(&[vec![ev("Khối thi đua")], vec![ev("Sở GDĐT")]])).as_deref(),
            Some("SGDDT")
        );
        assert_eq!(id(&[vec![ev("Sở Nội vụ")]]), Identified::Unknown);
        assert!(matches!(
            id(&[vec![ev("Sở Y tế"), ev("Sở Giáo dục và Đào tạo")]]),
            Identified::Ambiguous { .. }
        ));
    }

    #[test]
    fn unit_lines() {
        assert_eq!(unit_line("Đơn vị: Sở Y tế"), Some("Sở Y tế"));
        assert_eq!(unit_line("Tên đơn vị : Sở VHTTDL"), Some("Sở VHTTDL"));
        assert_eq!(unit_line("Ghi chú: abc"), None);
    }
}
