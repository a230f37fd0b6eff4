//! Next year's head and deputies (bầu Trưởng khối, Phó khối năm sau): the
//! units an officer names on the command line, each by its id or by a name
//! or alias, found through the rules' unit index and matching keys (never
//! by comparing Vietnamese text as written), then checked: every unit
//! exists, none is named twice, a head is named. Messages are Vietnamese
//! and name the option and the rules file.
//!
//! Depends on `text` for the matching keys; knows nothing of the command
//! line's parser (the option names come in as text) nor of the file's
//! layout (`next_year` edits it).

use super::model::{Role, Rules};
use crate::text;

/// The units elected for next year, as indexes into [`Rules::units`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Election {
    pub head: usize,
    /// In the order given; never the head, never twice.
    pub deputies: Vec<usize>,
}

/// What the officer asked for, with the names of the options it came
/// through (`--head` / `--deputy` for `rules next-year`, `--next-head` /
/// `--next-deputy` for `documents`) and the rules file, for the messages.
pub struct Ballot<'a> {
    pub head: Option<&'a str>,
    pub deputies: &'a [String],
    pub head_option: &'a str,
    pub deputy_option: &'a str,
    pub file: &'a str,
}

impl Rules {
    /// The unit `named` names: its id, else one of its names or aliases
    /// by matching key, else an abbreviation of one (short forms). A
    /// Vietnamese reason when no unit or several units have that name.
    pub fn find_unit(&self, named: &str) -> Result<usize, String> {
        let named = named.trim();
        if let Some(u) = self.unit_index.position(named) {
            return Ok(u);
        }
        let key = text::key(named);
        let squeezed = text::squeeze(&text::fold(named));
        for found in [
            self.unit_index.exact(&key),
            self.unit_index.short(&squeezed),
        ] {
            match found {
                [] => continue,
                [one] => return Ok(*one),
                several => {
                    let which: Vec<String> = several
                        .iter()
                        .map(|&u| format!("{} ({})", self.units[u].id, self.units[u].name))
                        .collect();
                    return Err(format!(
                        "\"{named}\" có thể là {} đơn vị: {}; ghi mã đơn vị cho rõ.",
                        several.len(),
                        which.join(", ")
                    ));
                }
            }
        }
        Err(format!(
            "không có đơn vị nào có mã hay tên \"{named}\"; ghi mã đơn vị, một trong: {}.",
            self.unit_ids()
        ))
    }

    /// The units' ids, comma-separated, for messages.
    fn unit_ids(&self) -> String {
        self.units
            .iter()
            .map(|u| u.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Next year's head and deputies as asked, each found and checked.
    pub fn elect(&self, ballot: &Ballot) -> Result<Election, String> {
        let Ballot {
            head_option,
            deputy_option,
            file,
            ..
        } = *ballot;
        let place = |option: &str, value: &str, why: String| {
            format!("{option} {value}: {why} Tệp quy định: {file}.")
        };
        let Some(named_head) = ballot.head.filter(|h| !h.trim().is_empty()) else {
            let holding = |role: Role| -> Vec<&str> {
                self.units
                    .iter()
                    .filter(|u| u.role == role)
                    .map(|u| u.id.as_str())
                    .collect()
            };
            let (heads, deputies) = (holding(Role::Head), holding(Role::Deputy));
            let example = deputies
                .first()
                .copied()
                .or_else(|| self.units.first().map(|u| u.id.as_str()))
                .unwrap_or("MÃ");
            let listed = |ids: &[&str]| {
                if ids.is_empty() {
                    "không có".to_string()
                } else {
                    ids.join(", ")
                }
            };
            return Err(format!(
                "thiếu {head_option}: tệp quy định {file} không ghi thứ tự luân phiên, nên cần ghi rõ đơn vị hội nghị bầu làm Trưởng khối năm sau (mã hoặc tên), ví dụ {head_option} {example}. Năm nay: Trưởng khối {}, Phó khối {}. Các mã đơn vị: {}.",
                listed(&heads),
                listed(&deputies),
                self.unit_ids()
            ));
        };
        let head = self
            .find_unit(named_head)
            .map_err(|why| place(head_option, named_head, why))?;
        let mut deputies: Vec<usize> = Vec::new();
        for named in ballot.deputies {
            let deputy = self
                .find_unit(named)
                .map_err(|why| place(deputy_option, named, why))?;
            let unit = &self.units[deputy].name;
            if deputy == head {
                return Err(place(
                    deputy_option,
                    named,
                    format!(
                        "{unit} đã được ghi ở {head_option} làm Trưởng khối; một đơn vị không vừa là Trưởng khối vừa là Phó khối."
                    ),
                ));
            }
            if deputies.contains(&deputy) {
                return Err(place(
                    deputy_option,
                    named,
                    format!("{unit} được ghi hai lần ở {deputy_option}; mỗi Phó khối ghi một lần."),
                ));
            }
            deputies.push(deputy);
        }
        Ok(Election { head, deputies })
    }

    /// The names of the elected units: the head, then the deputies.
    pub fn elected_names(&self, election: &Election) -> (String, Vec<String>) {
        (
            self.units[election.head].name.clone(),
            election
                .deputies
                .iter()
                .map(|&d| self.units[d].name.clone())
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Ballot;
    use crate::rules::Rules;

    fn sample() -> Rules {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/khoi-van-hoa-xa-hoi/quy-dinh.toml");
        Rules::load(&path).unwrap()
    }

    fn ballot<'a>(head: Option<&'a str>, deputies: &'a [String]) -> Ballot<'a> {
        Ballot {
            head,
            deputies,
            head_option: "--head",
            deputy_option: "--deputy",
            file: "quy-dinh.toml",
        }
    }

    #[test]
    fn units_are_found_by_id_name_alias_and_abbreviation() {
        let rules = sample();
        let id = |u: usize| rules.units[u].id.as_str();
        assert_eq!(rules.find_unit("SGDDT").map(id), Ok("SGDDT"));
        assert_eq!(rules.find_unit("sgddt").map(id), Ok("SGDDT"));
        assert_eq!(
            rules.find_unit("Sở giáo dục và đào tạo").map(id),
            Ok("SGDDT")
        );
        // Decomposed Unicode, another tone placement, an abbreviation.
        assert_eq!(
            rules
                .find_unit("So\u{31b}\u{309} Y te\u{302}\u{301}")
                .map(id),
            Ok("SYT")
        );
        assert_eq!(rules.find_unit("Sở VHTTDL").map(id), Ok("SVHTTDL"));
        assert_eq!(rules.find_unit("Sở KH&CN").map(id), Ok("SKHCN"));
        let unknown = rules.find_unit("Sở Công Thương").unwrap_err();
        assert!(unknown.contains("không có đơn vị"), "{unknown}");
        assert!(unknown.contains("SYT, SGDDT"), "{unknown}");
    }

    #[test]
    fn the_election_is_checked() {
        let rules = sample();
        let two = ["SVHTTDL".to_string(), "Sở KHCN".to_string()];
        let e = rules.elect(&ballot(Some("Sở GDĐT"), &two)).unwrap();
        assert_eq!(rules.units[e.head].id, "SGDDT");
        let ids: Vec<&str> = e
            .deputies
            .iter()
            .map(|&d| rules.units[d].id.as_str())
            .collect();
        assert_eq!(ids, ["SVHTTDL", "SKHCN"]);

        let none = rules.elect(&ballot(None, &[])).unwrap_err();
        assert!(none.starts_with("thiếu --head"), "{none}");
        let same = ["sgddt".to_string()];
        let twice = rules.elect(&ballot(Some("SGDDT"), &same)).unwrap_err();
        assert!(twice.starts_with("--deputy sgddt:"), "{twice}");
        assert!(
            twice.contains("vừa là Trưởng khối vừa là Phó khối"),
            "{twice}"
        );
        let repeated = ["SYT".to_string(), "Sở Y tế".to_string()];
        let again = rules.elect(&ballot(Some("SGDDT"), &repeated)).unwrap_err();
        assert!(again.contains("hai lần ở --deputy"), "{again}");
        let bad = rules.elect(&ballot(Some("XYZ"), &[])).unwrap_err();
        assert!(bad.starts_with("--head XYZ: không có đơn vị"), "{bad}");
        assert!(bad.contains("quy-dinh.toml"), "{bad}");
    }
}
