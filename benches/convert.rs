//! Benchmark: legacy-encoding detection and conversion (decide + decode)
//! over the corpus goldens (TCVN3, VNI, CP1258 and the Unicode original),
//! repeated to about 50 MB of surface text, in columns of 100 cells of one
//! line each. Prints MB/s; asserts nothing about speed.
//!
//! Run with `cargo bench --bench convert` (optionally `-- MB`).

use std::time::Instant;
use thidua::text::{self, FontClass};

fn main() {
    let mb: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(50);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/text");
    let mut lines: Vec<String> = Vec::new();
    for name in [
        "corpus.txt",
        "corpus.tcvn3.txt",
        "corpus.vni.txt",
        "corpus.cp1258.txt",
    ] {
        let text = std::fs::read_to_string(format!("{dir}/{name}")).expect("golden file");
        lines.extend(text.lines().map(String::from));
    }
    let one_pass: usize = lines.iter().map(String::len).sum();
    let passes = (mb * 1_000_000).div_ceil(one_pass.max(1));

    let t0 = Instant::now();
    let mut bytes = 0usize;
    let mut converted = 0usize;
    let mut uncertain = 0usize;
    let mut out_len = 0usize;
    for _ in 0..passes {
        for column in lines.chunks(100) {
            let cells: Vec<(&str, FontClass)> = column
                .iter()
                .map(|c| (c.as_str(), FontClass::Other))
                .collect();
            let decision = text::decide(&cells);
            converted += decision.converted;
            uncertain += decision.uncertain.len();
            for (cell, choice) in column.iter().zip(&decision.cells) {
                out_len += choice.apply(cell).len();
                bytes += cell.len();
            }
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "convert: {:.1} MB of cell text ({} cells) in {secs:.2} s: {:.1} MB/s (decide + decode); {converted} cells converted, {uncertain} uncertain, {:.1} MB out",
        bytes as f64 / 1e6,
        passes * lines.len(),
        bytes as f64 / 1e6 / secs,
        out_len as f64 / 1e6
    );
}
