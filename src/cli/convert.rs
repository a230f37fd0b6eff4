//! `thidua convert`: a Unicode copy of each workbook, with every legacy
//! TCVN3/VNI/Windows-1258 text converted and fonts set to Times New Roman.

use super::args::ConvertArgs;
use super::{EXIT_OK, EXIT_PROBLEMS, fail};
use crate::decode;
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
    let reader = super::reader();
    for path in &inputs.files {
        let loaded = match read::file_bytes(path).and_then(|bytes| reader.load(&bytes)) {
            Ok(l) => l,
            Err(e) => {
                say!("{}: {}", path.display(), e.message());
                problems += 1;
                continue;
            }
        };
        let decoded = decode::decode(loaded.workbook);
        let target = target_path(&args.output, path, &written);
        if let Err(e) = write::write_unicode_copy(decoded.workbook(), &target) {
            say!("{}: {e}", path.display());
            problems += 1;
            continue;
        }
        say!("{} → {}", path.display(), target.display());
        for (sheet, report) in decoded.sheets() {
            // The same findings `check` reports, from the catalogue.
            for issue in report.issues() {
                say!("  Trang \"{}\": {}", sheet.name, issue.message);
            }
        }
        written.push(target);
    }
    for skipped in &inputs.skipped {
        say!("{}", skipped.message);
    }
    if problems > 0 { EXIT_PROBLEMS } else { EXIT_OK }
}

/// OUT/<file stem>.xlsx, with " (2)", " (3)" … when two inputs share a
/// stem. Names are compared as Windows does: ignoring case and Unicode
/// form ("A.xls" and "a.xlsx" would otherwise overwrite each other there).
fn target_path(dir: &Path, input: &Path, taken: &[PathBuf]) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bang-tinh".into());
    let same = |a: &Path, b: &Path| {
        let fold = |p: &Path| crate::text::clean(&p.to_string_lossy()).to_lowercase();
        fold(a) == fold(b)
    };
    let mut candidate = dir.join(format!("{stem}.xlsx"));
    let mut n = 2;
    while taken.iter().any(|t| same(t, &candidate)) {
        candidate = dir.join(format!("{stem} ({n}).xlsx"));
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_sharing_a_stem_get_distinct_copies_even_on_windows() {
        let out = Path::new("ra");
        let mut taken = Vec::new();
        for input in [
            "bang.xls",
            "Bang.xlsx",
            "BANG.ods",
            "ba\u{300}ng.xls",
            "bàng.xlsx",
        ] {
            let t = target_path(out, Path::new(input), &taken);
            taken.push(t);
        }
        let names: Vec<String> = taken
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "bang.xlsx",
                "Bang (2).xlsx",
                "BANG (3).xlsx",
                "ba\u{300}ng.xlsx",
                "bàng (2).xlsx"
            ]
        );
    }
}
