//! One run over the inputs (một lần tổng hợp): read every file, check it,
//! consolidate. Shared by the command line and any other front end; prints
//! nothing.
//!
//! Depends on `read`, `worker`, `check`, `consolidate`; never on `write` or
//! `cli`.

use crate::check;
use crate::consolidate;
pub use crate::consolidate::FileResult;
use crate::decode;
use crate::history::History;
use crate::issue::Issue;
use crate::read::{self, Loaded, ReadError};
use crate::report::{Report, Source};
use crate::rules::Rules;
use crate::worker;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How the files units sent are read: in this process (the library's
/// default), or in worker processes with a memory budget and a deadline
/// (the command line and the web server, through their own binary).
#[derive(Default)]
pub enum Reader {
    #[default]
    InProcess,
    Isolated(worker::Pool),
}

impl Reader {
    /// A file's workbook from its bytes.
    pub fn load(&self, bytes: &[u8]) -> Result<Loaded, ReadError> {
        match self {
            Reader::InProcess => read::load_bytes(bytes),
            Reader::Isolated(pool) => pool.read(bytes),
        }
    }
}

/// Read and check one file.
pub fn process_file(rules: &Rules, path: &Path) -> FileResult {
    process_file_with(&Reader::InProcess, rules, path)
}

/// Read (with `reader`) and check one file.
pub fn process_file_with(reader: &Reader, rules: &Rules, path: &Path) -> FileResult {
    let file = path.display().to_string();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let loaded = read::file_bytes(path).and_then(|bytes| reader.load(&bytes));
    let mut result = examine(rules, file, &stem, loaded);
    result.source.file_time = file_time(path);
    result
}

/// When the file was last modified on disk, where the system says.
fn file_time(path: &Path) -> Option<String> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let secs = modified
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(read::iso_from_unix(i64::try_from(secs).ok()?))
}

/// Check one uploaded file, named `name` (a bare file name, never used as
/// a path), from its bytes; a defect in the tool becomes an issue on the
/// file, as in [`process_all`].
pub fn process_upload(rules: &Rules, name: &str, bytes: &[u8]) -> FileResult {
    process_upload_with(&Reader::InProcess, rules, name, bytes)
}

/// [`process_upload`], reading with `reader`.
pub fn process_upload_with(reader: &Reader, rules: &Rules, name: &str, bytes: &[u8]) -> FileResult {
    guarded(name, || {
        let stem = Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        examine(rules, name.to_string(), &stem, reader.load(bytes))
    })
}

/// Check what was read of a file named `file` (its stem `stem` is the last
/// clue to the unit): the one way a read file becomes a [`FileResult`].
pub fn examine(
    rules: &Rules,
    file: String,
    stem: &str,
    read: Result<read::Loaded, read::ReadError>,
) -> FileResult {
    match read {
        Ok(loaded) => {
            let sub = check::check_workbook(rules, decode::decode(loaded.workbook), &file, stem);
            FileResult {
                source: Source {
                    file,
                    sha256: Some(loaded.sha256),
                    format: loaded.format.as_str().to_string(),
                    sheet: sub.sheet.clone(),
                    unit: sub.unit.clone(),
                    rows_read: sub.rows_read,
                    encoding: sub.encoding.clone(),
                    saved: loaded.saved,
                    ..Source::default()
                },
                submission: Some(sub),
                issues: Vec::new(),
            }
        }
        Err(e) => {
            let issue = e.issue().file(&file);
            // Name the unit from the file name where possible, so that
            // the officer sees whose file failed.
            let unit = check::unit_of_file_name(rules, stem);
            let issue = match &unit {
                Some(u) => issue.unit(u),
                None => issue,
            };
            FileResult {
                source: Source {
                    file,
                    format: e.detected(),
                    unit,
                    ..Source::default()
                },
                submission: None,
                issues: vec![issue],
            }
        }
    }
}

/// [`process_file_with`], with a defect in the tool turned into an issue
/// on that file instead of stopping the run.
fn process_guarded(reader: &Reader, rules: &Rules, path: &Path) -> FileResult {
    guarded(&path.display().to_string(), || {
        process_file_with(reader, rules, path)
    })
}

/// Run `work` on the file named `file`, a panic becoming an issue.
fn guarded(file: &str, work: impl FnOnce() -> FileResult) -> FileResult {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|_| {
        let file = file.to_string();
        FileResult {
            source: Source {
                file: file.clone(),
                format: "?".into(),
                ..Source::default()
            },
            submission: None,
            issues: vec![
                Issue::new(
                    crate::issue::Code::UnreadableFile,
                    crate::issue::Params::new().text("reason", "internal"),
                )
                .file(file),
            ],
        }
    })
}

/// Process files on all cores; results come back in input order.
/// `progress(done, total)` is called after each file.
pub fn process_all(
    reader: &Reader,
    rules: &Rules,
    files: &[PathBuf],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<FileResult> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<FileResult>>> = Mutex::new(vec![None; files.len()]);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    let r = process_guarded(reader, rules, path);
                    if let Ok(mut slots) = results.lock() {
                        slots[i] = Some(r);
                    }
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1, files.len());
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// Read (in this process), check and consolidate; `extra` are issues from
/// collecting inputs.
pub fn run(
    rules: &Rules,
    files: &[PathBuf],
    extra: Vec<Issue>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Report {
    run_with(&Reader::InProcess, rules, files, extra, None, progress)
}

/// [`run`], reading with `reader`, with the past years of `--history` if
/// given.
pub fn run_with(
    reader: &Reader,
    rules: &Rules,
    files: &[PathBuf],
    extra: Vec<Issue>,
    history: Option<&History>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Report {
    let results = process_all(reader, rules, files, progress);
    consolidate::consolidate_with(rules, results, extra, history)
}

/// The report of a run from every file's result (read and checked one by
/// one, as the web page does on each upload); `extra` are findings about
/// the inputs themselves (files skipped or left out).
pub fn report(rules: &Rules, results: Vec<FileResult>, extra: Vec<Issue>) -> Report {
    consolidate::consolidate(rules, results, extra)
}

/// [`report`] with the past years, if any (the web page's past years, as
/// `--history` gives them to [`run_with`]).
pub fn report_with(
    rules: &Rules,
    results: Vec<FileResult>,
    extra: Vec<Issue>,
    history: Option<&History>,
) -> Report {
    consolidate::consolidate_with(rules, results, extra, history)
}
