//! Which files to read (chọn tệp đầu vào): the paths given on the command
//! line, folders expanded recursively in a stable order, with lock files
//! and other documents set aside as [`Code::FileSkipped`] findings.
//!
//! Portable path handling only (`Path`, `OsStr`): users are on Windows and
//! file names carry Vietnamese diacritics in NFC or NFD. Depends on
//! `issue` only; never opens the files.

use crate::issue::{Code, Issue, Params};
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Extensions taken when found inside a folder (compared case-insensitively).
const SPREADSHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods"];

/// System files Windows leaves in folders, skipped without a word.
const SYSTEM_FILES: &[&str] = &["desktop.ini", "thumbs.db"];

/// The files to read and what was set aside.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inputs {
    /// Files to read, in the order given, folders expanded by file name.
    pub files: Vec<PathBuf>,
    /// Files found in folders and not read (Info findings).
    pub skipped: Vec<Issue>,
    /// Inputs that do not exist or cannot be listed, in Vietnamese.
    pub errors: Vec<String>,
}

/// Expand the command-line inputs: a file is always taken whatever its
/// extension; a folder contributes its spreadsheets, recursively. A file
/// reached twice (a folder given twice, or a file and its folder) is
/// taken once, where first reached.
pub fn collect_inputs(inputs: &[PathBuf]) -> Inputs {
    let mut out = Inputs::default();
    let mut seen = BTreeSet::new();
    for input in inputs {
        match fs::metadata(input) {
            Ok(meta) if meta.is_dir() => walk(input, &mut out, &mut seen),
            Ok(meta) if meta.is_file() => take(input.clone(), &mut out, &mut seen),
            Ok(_) => out.errors.push(format!(
                "\"{}\" không phải tệp hay thư mục thông thường (thiết bị, ống dẫn…) nên không đọc. Đề nghị chỉ ghi tệp bảng tính hoặc thư mục chứa chúng.",
                input.display()
            )),
            Err(e) if e.kind() == io::ErrorKind::NotFound => out.errors.push(format!(
                "Không tìm thấy tệp hoặc thư mục \"{}\". Đề nghị kiểm tra lại đường dẫn.",
                input.display()
            )),
            Err(e) => out.errors.push(format!(
                "Không truy cập được \"{}\" ({e}). Đề nghị kiểm tra quyền truy cập.",
                input.display()
            )),
        }
    }
    out
}

impl Inputs {
    /// Leave out the files the officer named (`--exclude`): a path, or a
    /// file name compared as Windows does (case and Unicode form ignored).
    /// Each file left out is noted; a name that matches no input is an
    /// error, in Vietnamese.
    pub fn exclude(&mut self, names: &[PathBuf]) -> Result<(), String> {
        let key = |p: &Path| {
            p.file_name()
                .map(|n| crate::text::clean(&n.to_string_lossy()).to_lowercase())
                .unwrap_or_default()
        };
        for name in names {
            let wanted = canonical(name);
            let by_name = name.components().count() == 1;
            let before = self.files.len();
            let mut kept = Vec::with_capacity(self.files.len());
            for file in std::mem::take(&mut self.files) {
                let hit = canonical(&file) == wanted || (by_name && key(&file) == key(name));
                if hit {
                    let name = file.file_name().unwrap_or_default().to_string_lossy();
                    self.skipped
                        .push(excluded(&name).file(file.display().to_string()));
                } else {
                    kept.push(file);
                }
            }
            self.files = kept;
            if self.files.len() == before {
                return Err(format!(
                    "Không có tệp đầu vào nào tên \"{}\" để bỏ qua (--exclude). Đề nghị ghi đúng tên tệp như trong thư mục.",
                    name.display()
                ));
            }
        }
        Ok(())
    }
}

/// Add a file unless already taken.
fn take(file: PathBuf, out: &mut Inputs, seen: &mut BTreeSet<PathBuf>) {
    if seen.insert(canonical(&file)) {
        out.files.push(file);
    }
}

/// The canonical form of a path, for recognising it again; the path
/// itself when it cannot be resolved.
fn canonical(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Add a folder's files, sorted by name (byte-wise on the OS string,
/// folders and files together). `seen` holds the canonical files and
/// folders already taken, so that a link back up cannot loop.
fn walk(dir: &Path, out: &mut Inputs, seen: &mut BTreeSet<PathBuf>) {
    if !seen.insert(canonical(dir)) {
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.errors.push(format!(
                "Không đọc được nội dung thư mục \"{}\" ({e}). Đề nghị kiểm tra quyền truy cập.",
                dir.display()
            ));
            return;
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(e) => out.errors.push(format!(
                "Không đọc được một mục trong thư mục \"{}\" ({e}).",
                dir.display()
            )),
        }
    }
    paths.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    for path in paths {
        let name = path.file_name().unwrap_or_default();
        let lossy = name.to_string_lossy();
        if is_hidden_or_system(&lossy) {
            continue;
        }
        // Followed through links; anything but a folder or a regular file
        // (a device, a pipe that would block, a broken link) is passed over.
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                walk(&path, out, seen);
                continue;
            }
            Ok(meta) if meta.is_file() => {}
            _ => {
                out.skipped.push(
                    Issue::new(Code::FileSkipped, skipped("not-a-file", &lossy))
                        .file(path.display().to_string()),
                );
                continue;
            }
        }
        let extension = extension(&path);
        if is_lock_file(&lossy) {
            out.skipped.push(
                Issue::new(Code::FileSkipped, skipped("lock-file", &lossy))
                    .file(path.display().to_string()),
            );
        } else if SPREADSHEET_EXTENSIONS.contains(&extension.as_str()) {
            take(path, out, seen);
        } else if extension != "toml" {
            let issue = Issue::new(Code::FileSkipped, skipped("extension", &lossy));
            out.skipped.push(issue.file(path.display().to_string()));
        }
    }
}

/// The note on a file the officer chose not to use (`--exclude` on the
/// command line, "Dùng tệp này" on another file on the web page).
pub fn excluded(name: &str) -> Issue {
    Issue::new(Code::FileSkipped, skipped("excluded", name))
}

/// The parameters of a `file-skipped` finding: why, and the file's name.
fn skipped(reason: &'static str, name: &str) -> Params {
    Params::new().text("reason", reason).text("name", name)
}

/// Whether `name` is the lock file Excel leaves beside a workbook it has
/// open ("~$bang.xlsx").
/// A file a folder holds for the system, not for people (".DS_Store",
/// "Thumbs.db", "desktop.ini", any name starting with a dot): passed over
/// in folders without a word, as every reader of folders does.
pub fn is_hidden_or_system(name: &str) -> bool {
    name.starts_with('.') || SYSTEM_FILES.contains(&name.to_lowercase().as_str())
}

pub fn is_lock_file(name: &str) -> bool {
    name.starts_with("~$")
}

/// Why a lock file is not read, in Vietnamese.
pub fn lock_file_message(name: &str) -> String {
    Issue::new(Code::FileSkipped, skipped("lock-file", name))
        .message
        .to_string()
}

/// The lower-case extension of a path, empty when it has none.
fn extension(path: &Path) -> String {
    path.extension()
        .map(OsStr::to_string_lossy)
        .unwrap_or_default()
        .to_lowercase()
}
