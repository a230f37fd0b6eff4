//! Benchmark: consolidate 1,000 generated submissions (xlsx) of the sample
//! bloc's criteria and print files per second and peak memory.
//!
//! Run with `cargo bench --bench consolidate` (optionally `-- N` files).
//! Prints figures; asserts nothing about speed.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;
use std::time::Instant;
use thidua::rules::Rules;

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    let rules = Rules::parse(&common::rules_with_units(n), "bench.toml").expect("rules");

    let dir = tempfile::tempdir().expect("temp dir");
    let t0 = Instant::now();
    let files: Vec<PathBuf> = (0..n)
        .map(|i| {
            let path = dir.path().join(format!("don-vi-{i:04}.xlsx"));
            common::write_submission(&rules, &path, i);
            path
        })
        .collect();
    let generated = t0.elapsed();
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();

    let t1 = Instant::now();
    let report = thidua::pipeline::run(&rules, &files, Vec::new(), &|_, _| {});
    let consolidated = t1.elapsed();
    let out = dir.path().join("tong-hop.xlsx");
    let t2 = Instant::now();
    thidua::write::write_consolidated(&rules, &report, &out).expect("write");
    let written = t2.elapsed();

    let ok = report.units.iter().filter(|u| u.rank.is_some()).count();
    println!(
        "submissions:            {n} files, {:.1} MiB (generated in {:.2} s)",
        bytes as f64 / 1048576.0,
        generated.as_secs_f64()
    );
    println!(
        "read + check + rank:    {:.3} s  ({:.0} files/s, {} threads)",
        consolidated.as_secs_f64(),
        n as f64 / consolidated.as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |p| p.get())
    );
    println!("write consolidated:     {:.3} s", written.as_secs_f64());
    println!(
        "units ranked:           {ok}/{n}; issues: {}",
        report.issues.len()
    );
    match peak_memory_kib() {
        Some(kib) => println!("peak memory (VmHWM):    {:.1} MiB", kib as f64 / 1024.0),
        None => println!("peak memory:            not measured on this platform"),
    }
}

#[cfg(target_os = "linux")]
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(not(target_os = "linux"))]
fn peak_memory_kib() -> Option<u64> {
    None
}
