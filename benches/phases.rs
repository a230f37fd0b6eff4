//! Benchmark: where one process's time goes, phase by phase, on one thread
//! (read, decode, check, consolidate, write), over a folder of submissions.
//!
//! Run with `cargo bench --bench phases -- RULES.toml FOLDER` (for example
//! the shared benchmark's files, see scripts/bench.sh). Prints the time of
//! each phase in total and per file; asserts nothing about speed.

use std::path::PathBuf;
use std::time::{Duration, Instant};
use thidua::rules::Rules;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [rules_path, folder] = args.as_slice() else {
        eprintln!("usage: cargo bench --bench phases -- RULES.toml FOLDER");
        std::process::exit(2);
    };
    let rules = Rules::load(std::path::Path::new(rules_path)).expect("rules");
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let n = files.len().max(1);

    let mut times = [Duration::ZERO; 6];
    let mut timed = |i: usize, t: Instant| times[i] += t.elapsed();
    let mut results = Vec::with_capacity(files.len());
    for path in &files {
        let t = Instant::now();
        let bytes = thidua::read::file_bytes(path).expect("bytes");
        timed(0, t);
        let t = Instant::now();
        let Ok(loaded) = thidua::read::load_bytes(&bytes) else {
            continue;
        };
        timed(1, t);
        let t = Instant::now();
        let decoded = thidua::decode::decode(loaded.workbook);
        timed(2, t);
        let t = Instant::now();
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = path.display().to_string();
        let sub = thidua::check::check_workbook(&rules, decoded, &name, &stem);
        timed(3, t);
        results.push(sub);
    }
    drop(results);
    let results: Vec<_> = files
        .iter()
        .map(|p| thidua::pipeline::process_file(&rules, p))
        .collect();
    let t = Instant::now();
    let report = thidua::pipeline::report(&rules, results, Vec::new());
    timed(4, t);
    let t = Instant::now();
    let bytes = thidua::write::consolidated_bytes(&rules, &report).expect("write");
    timed(5, t);
    let names = [
        "file bytes",
        "read (parse)",
        "decode",
        "check",
        "consolidate",
        "write workbook",
    ];
    println!(
        "{} files; workbook {:.1} KiB",
        files.len(),
        bytes.len() as f64 / 1024.0
    );
    for (name, t) in names.iter().zip(times) {
        println!(
            "{name:<16} {:>8.3} s  {:>7.1} µs/file",
            t.as_secs_f64(),
            t.as_secs_f64() * 1e6 / n as f64
        );
    }
}
