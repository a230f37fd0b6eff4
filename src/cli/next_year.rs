//! `thidua rules next-year`: the rules file for the following year, for
//! the covenant (giao ước) at the start of it. Loads this year's file,
//! finds the units named for head and deputies (`rules::Election`), has
//! `rules::NextYear` edit the file's own text and load the result, then
//! writes it — beside the old one, the year in its name, never over an
//! existing file without `--force` — and says what changed and which lines
//! still name the old year.
//!
//! Exit codes: 0 written; 2 could not (rules, units named, output).
//! Depends on `rules`; does nothing but read, write one file and print.

use super::args::{NextYearArgs, find_rules};
use super::{EXIT_OK, fail};
use crate::rules::{Ballot, NextYear, Role, Rules};
use std::path::{Path, PathBuf};

pub fn run(args: NextYearArgs) -> u8 {
    let path = match args.rules {
        Some(p) => p,
        None => match find_rules(&[PathBuf::from(".")]) {
            Ok(p) => p,
            Err(e) => return fail(e),
        },
    };
    let rules = match Rules::load(&path) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let file = path.display().to_string();
    let election = match rules.elect(&Ballot {
        head: args.head.as_deref(),
        deputies: &args.deputy,
        head_option: "--head",
        deputy_option: "--deputy",
        file: &file,
    }) {
        Ok(e) => e,
        Err(e) => return fail(e),
    };
    let new_year = rules.bloc.year + 1;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&path, rules.bloc.year));
    if same_file(&path, &output) {
        return fail(format!(
            "không ghi tệp quy định năm {new_year} đè lên tệp năm {} ({file}); chọn tên khác bằng -o TỆP.toml.",
            rules.bloc.year
        ));
    }
    // The text again, as read: Rules::load succeeded, so it is UTF-8.
    let source = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => return fail(format!("không đọc lại được tệp quy định {file}: {e}")),
    };
    let next = match NextYear::edit(&source, &rules, &election, &output.display().to_string()) {
        Ok(n) => n,
        Err(e) => return fail(format!("tệp quy định {file}: {e}")),
    };
    if let Err(e) = write(&output, &next.text, args.force) {
        return fail(e);
    }
    changes(&rules, &next, &output);
    EXIT_OK
}

/// Beside `rules`, named after it with the next year: the old year in the
/// name replaced ("quy-dinh-2025.toml" → "quy-dinh-2026.toml"), else added
/// ("quy-dinh.toml" → "quy-dinh-2026.toml").
fn default_output(rules: &Path, year: i32) -> PathBuf {
    let stem = rules
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "quy-dinh".into());
    let (old, new) = (year.to_string(), (year + 1).to_string());
    let name = match stem.rfind(&old) {
        Some(at) => format!("{}{new}{}", &stem[..at], &stem[at + old.len()..]),
        None => format!("{stem}-{new}"),
    };
    rules.with_file_name(format!("{name}.toml"))
}

/// Whether the two paths are one file (the second may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `text` into `output`; an existing file only with `force`.
fn write(output: &Path, text: &str, force: bool) -> Result<(), String> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let shown = output.display();
    let mut file = options.open(output).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => format!(
            "tệp {shown} đã có, chưa ghi gì. Chọn tên khác bằng -o TỆP.toml, hoặc thêm --force để ghi đè lên tệp đó."
        ),
        std::io::ErrorKind::NotFound => {
            format!("không có thư mục để ghi tệp {shown}; kiểm tra đường dẫn của -o.")
        }
        _ => format!("không ghi được tệp {shown}: {e}"),
    })?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("không ghi được tệp {shown}: {e}"))
}

/// The units holding `role`, by name, or a dash.
fn holders(rules: &Rules, role: Role) -> String {
    let names: Vec<&str> = rules
        .units
        .iter()
        .filter(|u| u.role == role)
        .map(|u| u.name.as_str())
        .collect();
    if names.is_empty() {
        "(không có)".into()
    } else {
        names.join("; ")
    }
}

/// What changed from `old` to the file written, what stayed, and what the
/// officer should still read.
fn changes(old: &Rules, next: &NextYear, output: &Path) {
    let new = &next.rules;
    let (from, to) = (old.bloc.year, new.bloc.year);
    say!("Đã soạn tệp quy định năm {to}: {}", output.display());
    say!("  Năm: {from} → {to}.");
    say!(
        "  Trưởng khối: {} → {}.",
        holders(old, Role::Head),
        holders(new, Role::Head)
    );
    say!(
        "  Phó khối: {} → {}.",
        holders(old, Role::Deputy),
        holders(new, Role::Deputy)
    );
    for line in &next.titles {
        say!("  Tiêu đề ở dòng {line}: \"năm {from}\" đổi thành \"năm {to}\".");
    }
    say!(
        "  Giữ nguyên: {} đơn vị, {} tiêu chí, {} hình thức khen thưởng, quy định bỏ phiếu, kỳ chấm điểm ({}) và mọi ghi chú.",
        new.units.len(),
        new.criteria.len(),
        new.awards.len(),
        new.bloc.period.label()
    );
    if !next.review.is_empty() {
        say!("  Các dòng còn ghi năm {from}, chương trình không tự sửa; hãy xem lại:");
        for (line, text) in &next.review {
            say!("    dòng {line}: {text}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::default_output;
    use std::path::{Path, PathBuf};

    #[test]
    fn the_default_name_carries_the_new_year() {
        assert_eq!(
            default_output(Path::new("khoi/quy-dinh.toml"), 2025),
            PathBuf::from("khoi/quy-dinh-2026.toml")
        );
        assert_eq!(
            default_output(Path::new("quy-dinh-2025.toml"), 2025),
            PathBuf::from("quy-dinh-2026.toml")
        );
        assert_eq!(
            default_output(Path::new("Quy định 2025 khối VHXH.toml"), 2025),
            PathBuf::from("Quy định 2026 khối VHXH.toml")
        );
    }
}
