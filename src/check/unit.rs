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

/// Words that begin the name of an agency or organisation (folded), as a
/// heading block writes it: "SỞ Y TẾ", "BẢO HIỂM XÃ HỘI TỈNH", "UBND QUẬN 3".
const ORG_STARTS: &[&str] = &[
    "so",
    "ubnd",
    "uy ban",
    "ban",
    "bao hiem",
    "cong an",
    "hoi",
    "lien doan",
    "lien minh",
    "doan",
    "tinh doan",
    "thanh doan",
    "cuc",
    "chi cuc",
    "trung tam",
    "phong",
    "dai",
    "truong",
    "benh vien",
    "vien",
    "hoc vien",
    "van phong",
    "thanh tra",
    "kho bac",
    "ngan hang",
    "toa an",
    "mat tran",
    "hoi dong",
    "quy",
    "chi nhanh",
    "cong ty",
    "tong cong ty",
    "bo chi huy",
    "bo",
    "dang uy",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "quan uy",
    "cang vu",
    "hop tac xa",
    "bao",
    "dai hoc",
    "cao dang",
    "buu dien",
];

/// Folded starts of the body above a unit in a heading block ("UBND TỈNH
/// QUẢNG NGÃI" above "SỞ Y TẾ"): passed over when a name follows.
const PARENT_STARTS: &[&str] = &[
    "ubnd tinh",
    "uy ban nhan dan tinh",
    "ubnd thanh pho",
    "uy ban nhan dan thanh pho",
    "ubnd huyen",
    "uy ban nhan dan huyen",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "bo",
];

/// Whether `folded` starts with one of `starts` as whole words.
fn starts_with_words(folded: &str, starts: &[&str]) -> bool {
    starts.iter().any(|s| {
        folded
            .strip_prefix(s)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })
}

/// Whether a heading text reads as an agency's name: it starts with an
/// organisation word, is short, and is not a date line ("…, ngày … tháng"),
/// a report ("Báo cáo …"), a number ("Số: 12/BC-SYT") or a label ("…: …").
fn is_org_name(text_value: &str) -> bool {
    if text_value.contains([':', '/']) {
        return false;
    }
    let folded = text::fold(text_value);
    let words = folded.split(' ').count();
    (2..=14).contains(&words)
        && starts_with_words(&folded, ORG_STARTS)
        && !folded.starts_with("bao cao")
        && !folded.starts_with("truong khoi")
        && !(folded.contains(" ngay ") && folded.contains(" thang "))
}

/// The unit's name as the sheet writes it, for a table of no known unit:
/// the first "Đơn vị: …" line's name, else the agency named in the heading
/// block (the one below its parent body, as Nghị định 30 lays it out). The
/// text is cleaned of spaces, invisible characters and surrounding
/// punctuation, and of double quotes and backslashes, so that it can be
/// pasted as it is between the quotes of `aliases = ["…"]`.
pub fn name_on_sheet(lines: &[Evidence], heading: &[Evidence]) -> Option<Evidence> {
    let tidy = |ev: &Evidence| {
        let cleaned = text::clean(&ev.text).replace(['"', '\\', '\u{201C}', '\u{201D}'], "");
        let trimmed = cleaned
            .trim_matches(|c: char| c.is_whitespace() || ".,;:'-–—…()[]*".contains(c))
            .to_string();
        (!text::fold(&trimmed).is_empty()).then(|| Evidence {
            place: ev.place.clone(),
            text: trimmed,
        })
    };
    if let Some(found) = lines.iter().find_map(tidy) {
        return Some(found);
    }
    let orgs: Vec<&Evidence> = heading.iter().filter(|h| is_org_name(&h.text)).collect();
    let first = orgs.first()?;
    let chosen = match orgs.get(1) {
        Some(next) if starts_with_words(&text::fold(&first.text), PARENT_STARTS) => next,
        _ => first,
    };
    tidy(chosen)
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
    fn the_name_on_the_sheet_for_aliases() {
        let at = |cell: &str, text: &str| Evidence {
            place: Place::Cell(cell.into()),
            text: text.into(),
        };
        let heading = vec![
            at("A1", "UBND TỈNH QUẢNG NGÃI"),
            at("D1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            at("A2", "SỞ VĂN HOÁ THỂ THAO"),
            at("D2", "Độc lập - Tự do - Hạnh phúc"),
            at("D3", "Quảng Ngãi, ngày 25 tháng 11 năm 2025"),
            at("A4", "Số: 12/BC-SVHTT"),
            at("B5", "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025"),
            at("B6", "Khối thi đua Văn hóa - Xã hội"),
        ];
        // The "Đơn vị:" line first, cleaned of quotes and punctuation.
        let lines = vec![at("B7", " “Sở Văn hoá Thể thao”. ")];
        assert_eq!(
            name_on_sheet(&lines, &heading),
            Some(at("B7", "Sở Văn hoá Thể thao"))
        );
        // Else the agency below its parent body.
        assert_eq!(
            name_on_sheet(&[at("B7", " : ")], &heading),
            Some(at("A2", "SỞ VĂN HOÁ THỂ THAO"))
        );
        assert_eq!(
            name_on_sheet(&[], &heading[..2]),
            Some(at("A1", "UBND TỈNH QUẢNG NGÃI")),
            "the only agency named"
        );
        assert_eq!(
            name_on_sheet(&[], &[at("A1", "BÁO CÁO TỰ CHẤM ĐIỂM"), at("A2", "Bộ")]),
            None
        );
    }

    #[test]
    fn unit_lines() {
        assert_eq!(unit_line("Đơn vị: Sở Y tế"), Some("Sở Y tế"));
        assert_eq!(unit_line("Tên đơn vị : Sở VHTTDL"), Some("Sở VHTTDL"));
        assert_eq!(unit_line("Ghi chú: abc"), None);
    }
}
