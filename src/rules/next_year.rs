//! The rules file for the following year (tệp quy định năm sau): the
//! officer's own file edited in place, not written anew, so that every
//! comment, blank line, order and spelling stays as the officer left it.
//! What changes: `[bloc] year` (+1), the roles (the old `role = "head"` and
//! `"deputy"` removed, the elected units' set; an explicit `"member"` left
//! alone), and "năm <year>" in the file's title (the first line of the
//! comment block at the top naming the year, unless it cites a document
//! there). Every other line still naming the old year (a criterion's title,
//! a decision cited in a comment) is left as written and listed for the
//! officer to review: it may be history that must not change.
//! The edited text is loaded as a rules file and compared with the old one
//! before anyone writes it.
//!
//! Depends on `toml_edit` (confined to this file), `text` and the rest of
//! `rules`; never writes a file nor prints.

use super::election::Election;
use super::model::{Role, Rules};
use toml_edit::{DocumentMut, Item, TableLike, Value};

/// The next year's rules, ready to be written.
#[derive(Debug)]
pub struct NextYear {
    /// The file's new text.
    pub text: String,
    /// That text, loaded and checked.
    pub rules: Rules,
    /// 1-based lines of the leading comments where "năm <old>" became
    /// "năm <new>".
    pub titles: Vec<usize>,
    /// Lines of the new text still naming the old year, as (line, text).
    pub review: Vec<(usize, String)>,
}

impl NextYear {
    /// `source`, the text `rules` were loaded from, for the year after,
    /// with `election`'s roles; `file` names the new file in messages.
    pub fn edit(
        source: &str,
        rules: &Rules,
        election: &Election,
        file: &str,
    ) -> Result<NextYear, String> {
        let (bom, body) = match source.strip_prefix('\u{FEFF}') {
            Some(rest) => ("\u{FEFF}", rest),
            None => ("", source),
        };
        let crlf = body.contains("\r\n");
        let mut doc: DocumentMut = body.parse().map_err(|e: toml_edit::TomlError| {
            format!("không đọc được tệp quy định để sửa: {}", e.message())
        })?;
        let old = rules.bloc.year;
        let new = old + 1;
        let year = doc
            .get_mut("bloc")
            .and_then(Item::as_table_like_mut)
            .and_then(|bloc| bloc.get_mut("year"))
            .and_then(Item::as_value_mut)
            .ok_or("không tìm thấy mục bloc.year trong tệp quy định.")?;
        replace_keeping_decor(year, Value::from(i64::from(new)));
        for unit in unit_tables(&mut doc)? {
            let id = unit.get("id").and_then(Item::as_str).unwrap_or_default();
            let role = match rules.unit_index.position(id) {
                Some(u) if u == election.head => Some("head"),
                Some(u) if election.deputies.contains(&u) => Some("deputy"),
                _ => None,
            };
            set_role(unit, role);
        }
        let mut text = doc.to_string();
        let titles = retitle(&mut text, old, new);
        if crlf {
            text = text.replace("\r\n", "\n").replace('\n', "\r\n");
        }
        let text = format!("{bom}{text}");
        let loaded = Rules::parse(&text, file).map_err(|e| {
            format!("tệp quy định năm {new} soạn ra không dùng được, chưa ghi tệp nào: {e}")
        })?;
        same_but_year_and_roles(rules, &loaded, election).map_err(|what| {
            format!("tệp quy định năm {new} soạn ra khác tệp cũ ở {what}; chưa ghi tệp nào.")
        })?;
        let review = lines_naming(&text, old)
            .into_iter()
            .filter(|(_, line)| !is_year_line(line))
            .collect();
        Ok(NextYear {
            text,
            rules: loaded,
            titles,
            review,
        })
    }
}

/// `value` becomes `new`, with the spaces and comment around it kept.
fn replace_keeping_decor(value: &mut Value, new: Value) {
    let decor = value.decor().clone();
    *value = new;
    *value.decor_mut() = decor;
}

/// Every `[[units]]` table (or inline table of `units = [ … ]`).
fn unit_tables(doc: &mut DocumentMut) -> Result<Vec<&mut dyn TableLike>, String> {
    let units = doc
        .get_mut("units")
        .ok_or("không tìm thấy các mục [[units]] trong tệp quy định.")?;
    if units.is_array_of_tables() {
        return Ok(units
            .as_array_of_tables_mut()
            .into_iter()
            .flat_map(|tables| tables.iter_mut())
            .map(|t| t as &mut dyn TableLike)
            .collect());
    }
    match units.as_array_mut() {
        Some(array) => Ok(array
            .iter_mut()
            .filter_map(Value::as_inline_table_mut)
            .map(|t| t as &mut dyn TableLike)
            .collect()),
        None => Err("mục units trong tệp quy định không phải danh sách đơn vị.".into()),
    }
}

/// The unit's `role` set to `role`, or removed when it had a head's or a
/// deputy's role and has none now.
fn set_role(unit: &mut dyn TableLike, role: Option<&str>) {
    let current = unit.get_mut("role").and_then(Item::as_value_mut);
    match (current, role) {
        (Some(value), Some(role)) => replace_keeping_decor(value, Value::from(role)),
        (None, Some(role)) => {
            unit.insert("role", toml_edit::value(role));
        }
        (Some(value), None) => {
            if value.as_str() != Some("member") {
                unit.remove("role");
            }
        }
        (None, None) => {}
    }
}

/// "năm <old>" → "năm <new>" in the file's title: the first line of the
/// comment block at the top of `text` that names the year, whatever the
/// case of "năm", unless it cites a document there ("số …/…", "ngày …
/// tháng …" before the year: a decision's date stays). The line changed.
fn retitle(text: &mut String, old: i32, new: i32) -> Vec<usize> {
    let mut out = String::with_capacity(text.len());
    let mut changed = Vec::new();
    let mut leading = true;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        leading = leading && (trimmed.is_empty() || trimmed.starts_with('#'));
        if leading && changed.is_empty() {
            let title = ["năm", "Năm", "NĂM"].into_iter().find_map(|word| {
                let from = format!("{word} {old}");
                let at = whole_number_at(line, &from)?;
                (!cites_a_document(&line[..at]))
                    .then(|| format!("{}{word} {new}{}", &line[..at], &line[at + from.len()..]))
            });
            if let Some(title) = title {
                changed.push(n + 1);
                out.push_str(&title);
                continue;
            }
        }
        out.push_str(line);
    }
    *text = out;
    changed
}

/// Where `from` (ending in a number) first occurs in `line` with no digit
/// after it.
fn whole_number_at(line: &str, from: &str) -> Option<usize> {
    line.match_indices(from)
        .map(|(at, _)| at)
        .find(|&at| !line[at + from.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

/// Whether `before` cites a document: "số", "tháng" or a "/" in it.
fn cites_a_document(before: &str) -> bool {
    crate::text::fold(before)
        .split(' ')
        .any(|w| w == "so" || w == "thang" || w.contains('/'))
}

/// The lines of `text` with `year` as a number of its own, (1-based line,
/// the line trimmed).
fn lines_naming(text: &str, year: i32) -> Vec<(usize, String)> {
    let year = year.to_string();
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            line.match_indices(&year).any(|(at, _)| {
                let before = line[..at].chars().next_back();
                let after = line[at + year.len()..].chars().next();
                !before.is_some_and(|c| c.is_ascii_digit())
                    && !after.is_some_and(|c| c.is_ascii_digit())
            })
        })
        .map(|(n, line)| (n + 1, line.trim().to_string()))
        .collect()
}

/// `year = …`, the line the edit itself set (it names the new year, but
/// its comment may name the old one).
fn is_year_line(line: &str) -> bool {
    line.split('#')
        .next()
        .is_some_and(|code| code.split('=').next().is_some_and(|k| k.trim() == "year"))
}

/// Whether `new` is `old` but for the year and the roles; the part that
/// differs when not.
fn same_but_year_and_roles(old: &Rules, new: &Rules, election: &Election) -> Result<(), String> {
    let bloc = (
        &old.bloc.name,
        old.bloc.period,
        &old.bloc.province,
        old.bloc.scale,
    );
    if (
        &new.bloc.name,
        new.bloc.period,
        &new.bloc.province,
        new.bloc.scale,
    ) != bloc
        || new.bloc.year != old.bloc.year + 1
    {
        return Err("[bloc]".into());
    }
    let units = |r: &Rules| -> Vec<(String, String, Vec<String>)> {
        r.units
            .iter()
            .map(|u| (u.id.clone(), u.name.clone(), u.aliases.clone()))
            .collect()
    };
    let role = |u: usize| {
        if u == election.head {
            Role::Head
        } else if election.deputies.contains(&u) {
            Role::Deputy
        } else {
            Role::Member
        }
    };
    if units(old) != units(new) || (0..new.units.len()).any(|u| new.units[u].role != role(u)) {
        return Err("[[units]]".into());
    }
    let criteria = |r: &Rules| -> Vec<String> {
        r.criteria
            .iter()
            .map(|c| {
                format!(
                    "{}|{}|{:?}|{:?}|{:?}|{}",
                    c.code, c.title, c.max, c.kind, c.levels, c.label
                )
            })
            .collect()
    };
    if criteria(old) != criteria(new) || old.tie_break != new.tie_break {
        return Err("[[criteria]]".into());
    }
    let awards = |r: &Rules| -> Vec<String> { r.awards.iter().map(|a| format!("{a:?}")).collect() };
    if awards(old) != awards(new) || old.vote != new.vote {
        return Err("[[awards]] / [vote]".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{NextYear, cites_a_document, lines_naming, whole_number_at};
    use crate::rules::{Election, Rules};

    const FILE: &str = "# Quy định chấm điểm thi đua NĂM 2025 của khối\r\n\
# (theo Quyết định số 12/QĐ-UBND năm 2025)\r\n\
\r\n\
[bloc]\r\n\
name = \"Khối thi đua số 1\"\r\n\
year = 2025 # năm chấm điểm\r\n\
\r\n\
# Trưởng khối năm nay\r\n\
[[units]]\r\n\
id = \"A\"\r\n\
name = \"Sở Y tế\"\r\n\
role = \"head\"\r\n\
\r\n\
[[units]]\r\n\
id = \"B\"\r\n\
name = \"Sở Tài chính\"\r\n\
role = \"deputy\" # phó khối\r\n\
\r\n\
[[units]]\r\n\
id = \"C\"\r\n\
name = \"Sở Nội vụ\"\r\n\
role = \"member\"\r\n\
\r\n\
[[units]]\r\n\
id = \"D\"\r\n\
name = \"Sở Xây dựng\"\r\n\
\r\n\
[[criteria]]\r\n\
code = \"I\"\r\n\
title = \"Kết quả năm 2025\" # tiêu chí\r\n\
max = 100\r\n";

    #[test]
    fn only_the_year_the_roles_and_the_title_change() {
        let rules = Rules::parse(FILE, "a.toml").unwrap();
        let election = Election {
            head: 1,
            deputies: vec![3],
        };
        let next = NextYear::edit(FILE, &rules, &election, "b.toml").unwrap();
        let expected = FILE
            .replace("NĂM 2025 của", "NĂM 2026 của")
            .replace("year = 2025", "year = 2026")
            .replace(
                "name = \"Sở Y tế\"\r\nrole = \"head\"\r\n",
                "name = \"Sở Y tế\"\r\n",
            )
            .replace("role = \"deputy\" # phó khối", "role = \"head\" # phó khối")
            .replace(
                "name = \"Sở Xây dựng\"\r\n",
                "name = \"Sở Xây dựng\"\r\nrole = \"deputy\"\r\n",
            );
        assert_eq!(next.text, expected);
        assert_eq!(next.titles, [1]);
        let lines: Vec<usize> = next.review.iter().map(|r| r.0).collect();
        assert_eq!(lines, [2, 30]);
        assert_eq!(next.rules.bloc.year, 2026);
        assert_eq!(next.rules.head().map(|u| u.id.as_str()), Some("B"));
    }

    #[test]
    fn inline_units_and_dotted_keys() {
        let file = "bloc.name = \"Khối số 2\"\nbloc.year = 2030\n\
units = [{ id = \"A\", name = \"Sở Y tế\", role = \"head\" }, { id = \"B\", name = \"Sở Nội vụ\" }]\n\
[[criteria]]\ncode = \"I\"\ntitle = \"Công tác chuyên môn\"\nmax = 10\n";
        let rules = Rules::parse(file, "a.toml").unwrap();
        let election = Election {
            head: 1,
            deputies: vec![0],
        };
        let next = NextYear::edit(file, &rules, &election, "b.toml").unwrap();
        assert!(
            next.text
                .starts_with("bloc.name = \"Khối số 2\"\nbloc.year = 2031\n"),
            "{}",
            next.text
        );
        assert_eq!(next.rules.head().map(|u| u.id.as_str()), Some("B"));
        assert_eq!(next.rules.units[0].role, crate::rules::Role::Deputy);
    }

    #[test]
    fn years_are_whole_numbers() {
        assert_eq!(whole_number_at("năm 20251, năm 2025", "năm 2025"), Some(12));
        assert!(cites_a_document("Quyết định số 12/QĐ-UBND "));
        assert!(cites_a_document("ngày 3 tháng 2 "));
        assert!(!cites_a_document("Quy định chấm điểm thi đua "));
        assert_eq!(
            lines_naming("a 2025\nb 12025\nc 2025b", 2025),
            [(1, "a 2025".to_string()), (3, "c 2025b".to_string())]
        );
    }
}
