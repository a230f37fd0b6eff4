//! Which of a unit's files counts (bản nào được dùng) when it sent more
//! than one: copies holding the same cells are one submission, whatever
//! program saved them; of different versions the newest counts — by the
//! date saved inside the files, then by a revision word in their names
//! ("sửa", "lần 2", "bổ sung", "v2", "mới"), then by the files' times on
//! disk. When nothing tells them apart, none is used and the officer is
//! told how to choose.
//!
//! Part of `consolidate`; depends on `check` results, `report`, `issue`
//! and `text`.

use super::FileResult;
use crate::issue::{Code, Issue, Params, Severity};
use crate::rules::Unit;
use crate::text;
use std::path::Path;

/// The outcome for one unit.
pub(super) struct Choice<'a> {
    /// The file that counts; `None` when the versions cannot be told apart.
    pub used: Option<&'a FileResult>,
    /// The unit's other files, not used: their findings are left out.
    pub set_aside: Vec<&'a FileResult>,
    pub issues: Vec<Issue>,
}

/// Why one version is taken as the newest.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Basis {
    Saved,
    Name,
    FileTime,
}

/// Choose among a unit's files that hold a scoring table (at least one).
pub(super) fn choose<'a>(unit: &Unit, files: &[&'a FileResult]) -> Choice<'a> {
    // Files with the same cells, in input order.
    let mut groups: Vec<Vec<&'a FileResult>> = Vec::new();
    for &f in files {
        let content = f.submission.as_ref().map(|s| s.content.as_str());
        match groups
            .iter_mut()
            .find(|g| g[0].submission.as_ref().map(|s| s.content.as_str()) == content)
        {
            Some(g) => g.push(f),
            None => groups.push(vec![f]),
        }
    }
    let mut issues = Vec::new();
    let newest = if groups.len() == 1 {
        Some((0, None))
    } else {
        newest(&groups).map(|(k, basis)| (k, Some(basis)))
    };
    let Some((k, basis)) = newest else {
        for g in &groups {
            for f in g {
                issues.push(
                    Issue::new(
                        Code::DuplicateUnit,
                        Params::new()
                            .text("case", "undecided")
                            .text("unit_name", unit.name.as_str())
                            .int("count", groups.len())
                            .texts("files", groups.iter().map(|g| file_name(g[0]))),
                    )
                    .severity(Severity::Error)
                    .unit(&unit.id)
                    .file(&f.source.file),
                );
            }
        }
        return Choice {
            used: None,
            set_aside: Vec::new(),
            issues,
        };
    };
    let used = groups[k][0];
    // Copies of the version used: told on each copy, naming the file used.
    for copy in &groups[k][1..] {
        issues.push(
            Issue::new(
                Code::DuplicateUnit,
                Params::new()
                    .text("case", "copy")
                    .text("unit_name", unit.name.as_str())
                    .text("file", file_name(copy))
                    .text("used", file_name(used)),
            )
            .severity(Severity::Info)
            .unit(&unit.id)
            .file(&copy.source.file),
        );
    }
    if let Some(basis) = basis {
        for (j, g) in groups.iter().enumerate() {
            if j == k {
                continue;
            }
            for f in g {
                issues.push(
                    Issue::new(
                        Code::DuplicateUnit,
                        reason(
                            basis,
                            used,
                            &groups,
                            k,
                            Params::new()
                                .text("case", "older")
                                .text("unit_name", unit.name.as_str())
                                .int("count", groups.len())
                                .texts("files", groups.iter().map(|g| file_name(g[0]))),
                        )
                        .text("used", file_name(used))
                        .text("file", file_name(f)),
                    )
                    .unit(&unit.id)
                    .file(&f.source.file),
                );
            }
        }
    }
    let set_aside = groups
        .iter()
        .flatten()
        .copied()
        .filter(|f| !std::ptr::eq(*f, used))
        .collect();
    Choice {
        used: Some(used),
        set_aside,
        issues,
    }
}

/// The group holding the newest version, and why; `None` when no rule
/// tells them apart.
fn newest(groups: &[Vec<&FileResult>]) -> Option<(usize, Basis)> {
    let first: Vec<&FileResult> = groups.iter().map(|g| g[0]).collect();
    let saved: Vec<Option<&String>> = first.iter().map(|f| f.source.saved.as_ref()).collect();
    if let Some(k) = unique_max(&saved) {
        return Some((k, Basis::Saved));
    }
    let names: Vec<Option<(bool, u32)>> = first
        .iter()
        .map(|f| Some(revision(&f.source.file)))
        .collect();
    if let Some(k) = unique_max(&names) {
        return Some((k, Basis::Name));
    }
    let times: Vec<Option<&String>> = first.iter().map(|f| f.source.file_time.as_ref()).collect();
    unique_max(&times).map(|k| (k, Basis::FileTime))
}

/// The index of the one greatest value, when every value is known and no
/// other equals it.
fn unique_max<T: Ord>(values: &[Option<T>]) -> Option<usize> {
    if values.iter().any(Option::is_none) {
        return None;
    }
    let max = values.iter().max()?;
    let mut at = values.iter().enumerate().filter(|(_, v)| *v == max);
    let (k, _) = at.next()?;
    at.next().is_none().then_some(k)
}

/// Words that mark a file name as a revised version, folded.
const REVISION_WORDS: &[&str] = &[
    "sua",
    "chinh sua",
    "dieu chinh",
    "bo sung",
    "moi",
    "cuoi",
    "final",
    "cap nhat",
    "update",
];

/// How a file name marks its version: whether it says it is a revision,
/// and the revision number it gives ("lần 2", "v3"; 1 when it gives none).
fn revision(file: &str) -> (bool, u32) {
    let stem = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folded = text::fold(&stem);
    let words: Vec<&str> = folded.split(' ').collect();
    let mut marked = false;
    let mut number = 0;
    for (i, w) in words.iter().enumerate() {
        let next_number = words.get(i + 1).and_then(|n| n.parse::<u32>().ok());
        if matches!(*w, "lan" | "ver" | "version" | "ban") && next_number.is_some() {
            marked = true;
            number = number.max(next_number.unwrap_or(0));
        }
        if let Some(n) = w.strip_prefix('v').and_then(|n| n.parse::<u32>().ok()) {
            marked = true;
            number = number.max(n);
        }
    }
    let padded = format!(" {folded} ");
    if REVISION_WORDS
        .iter()
        .any(|r| padded.contains(&format!(" {r} ")))
    {
        marked = true;
    }
    (marked, if marked { number.max(1) } else { 0 })
}

/// Why the chosen version is the newest, added to `params`: the `basis`
/// and the dates it compared.
fn reason(
    basis: Basis,
    used: &FileResult,
    groups: &[Vec<&FileResult>],
    k: usize,
    params: Params,
) -> Params {
    match basis {
        Basis::Saved => params
            .text("basis", "saved")
            .text("saved", used.source.saved.as_deref().unwrap_or_default())
            .texts(
                "others",
                groups
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != k)
                    .filter_map(|(_, g)| g[0].source.saved.as_deref()),
            ),
        Basis::Name => params.text("basis", "name"),
        Basis::FileTime => params.text("basis", "file-time").text(
            "modified",
            used.source.file_time.as_deref().unwrap_or_default(),
        ),
    }
}

/// A file's name, without its folder.
fn file_name(f: &FileResult) -> String {
    Path::new(&f.source.file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| f.source.file.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revision_words_in_file_names() {
        assert_eq!(revision("SYT - bang tu cham.xlsx"), (false, 0));
        assert_eq!(revision("SYT - bản sửa lần 2.xlsx"), (true, 2));
        assert_eq!(revision("SYT tu cham (bo sung).xlsx"), (true, 1));
        assert_eq!(revision("SYT v3.xlsx"), (true, 3));
        assert_eq!(revision("Sở Y tế - bản mới.xls"), (true, 1));
        assert_eq!(revision("Sở Y tế - Lần 3.xlsx"), (true, 3));
        assert!(revision("x lần 3.xlsx") > revision("x lần 2.xlsx"));
        assert!(revision("x sửa.xlsx") > revision("x.xlsx"));
    }

    #[test]
    fn the_one_greatest() {
        assert_eq!(unique_max(&[Some(1), Some(3), Some(2)]), Some(1));
        assert_eq!(unique_max(&[Some(3), Some(3)]), None);
        assert_eq!(unique_max(&[Some(3), None]), None);
    }
}
