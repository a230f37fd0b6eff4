//! Files read in worker processes (`thidua::worker`): the same workbook as
//! reading in this process; a file that needs more memory than the
//! worker's budget, or more time than its deadline, ends as a finding on
//! that file, and the next file is read by a fresh worker.

mod common;

use std::path::PathBuf;
use std::time::Duration;
use thidua::issue::Code;
use thidua::read::{self, ReadError};
use thidua::worker::{Budget, Pool};

fn pool(budget: Budget) -> Pool {
    Pool::new(PathBuf::from(env!("CARGO_BIN_EXE_thidua")), budget).expect("a worker starts")
}

/// A workbook of 100,000 rows, written with the crate's writer: 1 MB, and
/// more than a hundred once read.
fn big_workbook() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for r in 0..100_000u32 {
        ws.write(r, 0, format!("dòng {r}")).unwrap();
        ws.write(r, 1, f64::from(r)).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_worker_reads_what_this_process_reads() {
    let pool = pool(Budget::default());
    for file in common::sample_files() {
        let bytes = std::fs::read(&file).unwrap();
        let here = read::load_bytes(&bytes).unwrap();
        let there = pool.read(&bytes).unwrap();
        assert_eq!(there.sha256, here.sha256);
        assert_eq!(there.format, here.format);
        assert_eq!(there.saved, here.saved);
        assert_eq!(there.workbook.sheets.len(), here.workbook.sheets.len());
        for (a, b) in there.workbook.sheets.iter().zip(&here.workbook.sheets) {
            assert_eq!(a.name, b.name);
            assert_eq!(a.cells, b.cells, "{}", file.display());
            assert_eq!(a.merges, b.merges);
        }
    }
    // A read error comes back with its code and message.
    let error = pool.read(b"<html><body>x</body></html>").unwrap_err();
    assert_eq!(error.code(), Code::NotASpreadsheet);
    assert!(error.message().contains("HTML"), "{}", error.message());
}

#[test]
fn a_file_beyond_the_memory_budget_is_one_finding_and_the_next_file_is_read() {
    // The sample files need less than 48 MB; this one more than 96.
    let pool = pool(Budget {
        memory_bytes: 64 * 1024 * 1024,
        time: Duration::from_secs(60),
    });
    let error = pool.read(&big_workbook()).unwrap_err();
    assert!(
        matches!(error, ReadError::ReaderDied { limit_mb: 64 }),
        "{error:?}"
    );
    assert_eq!(error.code(), Code::UnreadableFile);
    assert!(error.message().contains("64 MB"), "{}", error.message());
    let sample = std::fs::read(common::sample_file("Sở Y tế")).unwrap();
    assert!(
        pool.read(&sample).is_ok(),
        "a fresh worker reads the next file"
    );
}

#[test]
fn a_file_beyond_the_deadline_is_one_finding_and_the_next_file_is_read() {
    // No reading of a 100,000-row workbook fits in a millisecond, in any
    // build; the sample file then gets the usual deadline.
    let pool = pool(Budget::default());
    let error = pool
        .read_within(&big_workbook(), Duration::from_millis(1))
        .unwrap_err();
    assert!(
        matches!(error, ReadError::TooSlow { seconds: 0 }),
        "{error:?}"
    );
    assert_eq!(error.code(), Code::UnreadableFile);
    let sample = std::fs::read(common::sample_file("Sở Y tế")).unwrap();
    assert!(
        pool.read(&sample).is_ok(),
        "a fresh worker reads the next file"
    );
}
