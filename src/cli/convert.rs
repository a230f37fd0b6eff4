//! `thidua convert`: a Unicode copy of each workbook, with every legacy
//! TCVN3/VNI/Windows-1258 text converted and fonts set to Times New Roman.

use super::args::ConvertArgs;
use super::{EXIT_OK, EXIT_PROBLEMS, fail};
use crate::check::encoding;
use crate::{read, write};
use std::path::{Path, PathBuf};

pub fn run(args: ConvertArgs) -> u8 {
    let inputs = read::collect_inputs(&args.inputs);
    if !inputs.errors.is_empty() {
        return fail(inputs.errors.join("\n"));
    }
    if let Err(e) = std::fs::create_dir_all(&args.output) {
        return fail(format!(
            "không tạo được thư mục {}: {e}",
            args.output.display()
        ));
    }
    let mut problems = 0;
    let mut written: Vec<PathBuf> = Vec::new();
    for path in &inputs.files {
        let loaded = match read::read_file(path) {
            Ok(l) => l,
            Err(e) => {
                say!("{}: {}", path.display(), e.message());
                problems += 1;
                continue;
            }
        };
        let (converted, reports) = encoding::convert(&loaded.workbook);
        let target = target_path(&args.output, path, &written);
        if let Err(e) = write::write_unicode_copy(&converted, &target) {
            say!("{}: {e}", path.display());
            problems += 1;
            continue;
        }
        say!("{} → {}", path.display(), target.display());
        for (sheet, report) in converted.sheets.iter().zip(&reports) {
            if report.converted_cells() == 0 && report.uncertain.is_empty() {
                continue;
            }
            for (enc, (n, bases)) in &report.converted {
                let how: Vec<String> = bases.iter().map(|(b, k)| format!("{k} ô {b}")).collect();
                say!(
                    "  Trang \"{}\": chuyển {n} ô từ {} sang Unicode ({}).",
                    sheet.name,
                    crate::text::Encoding::parse(enc).map_or(*enc, |e| e.label()),
                    how.join(", ")
                );
            }
            if !report.uncertain.is_empty() {
                say!(
                    "  Trang \"{}\": cần xem lại {} ô không chắc bảng mã: {}.",
                    sheet.name,
                    report.uncertain.len(),
                    report.uncertain.join(", ")
                );
            }
        }
        written.push(target);
    }
    for skipped in &inputs.skipped {
        say!("{}", skipped.message);
    }
    if problems > 0 { EXIT_PROBLEMS } else { EXIT_OK }
}

/// OUT/<file stem>.xlsx, with " (2)", " (3)" … when two inputs share a stem.
fn target_path(dir: &Path, input: &Path, taken: &[PathBuf]) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bang-tinh".into());
    let mut candidate = dir.join(format!("{stem}.xlsx"));
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = dir.join(format!("{stem} ({n}).xlsx"));
        n += 1;
    }
    candidate
}
