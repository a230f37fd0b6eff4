//! Benchmark: the text layer over the corpus goldens (tests/fixtures/text,
//! written by scripts/make_text_goldens.py). Prints MB/s of input text;
//! asserts nothing about speed.
//!
//! - `text --from auto` and `--from tcvn3`: [`text::convert_line`] on the
//!   TCVN3 prose repeated to a few MB, line by line (no I/O), then the same
//!   input through the `thidua text` binary, from a file to a file (whole
//!   process, I/O included).
//! - cell conversion (what `thidua convert` does to each sheet): decide +
//!   decode over the TCVN3, VNI, CP1258 and Unicode goldens, in columns of
//!   100 cells of one line each, with each cell's evidence computed once
//!   for the sheet's votes and its column's decision; then the same
//!   goldens as sheets through `decode::decode`.
//! - `clean`, `key`, `fold` on the Unicode (NFC) and NFD goldens.
//!
//! Run with `cargo bench --bench convert` (optionally `-- MB`, default 8).

use std::fs::File;
use std::process::Command;
use std::time::Instant;
use thidua::decode;
use thidua::read::{Cell, Sheet, Value, Workbook};
use thidua::text::{self, Encoding, FontClass};

fn golden(name: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/text");
    std::fs::read_to_string(format!("{dir}/{name}")).expect("golden file")
}

/// `text` repeated to at least `mb` MB.
fn repeated(text: &str, mb: usize) -> String {
    let passes = (mb * 1_000_000).div_ceil(text.len().max(1));
    text.repeat(passes)
}

/// Run `f` until at least `min_secs` have passed (at least once); MB/s of
/// `bytes` per run.
fn rate(bytes: usize, min_secs: f64, mut f: impl FnMut() -> usize) -> (f64, usize) {
    let t0 = Instant::now();
    let mut runs = 0;
    let mut sink = 0;
    while runs == 0 || t0.elapsed().as_secs_f64() < min_secs {
        sink += f();
        runs += 1;
    }
    let secs = t0.elapsed().as_secs_f64();
    (bytes as f64 * runs as f64 / 1e6 / secs, sink)
}

fn main() {
    let mb: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(8);
    let tcvn3 = repeated(&golden("corpus.tcvn3.txt"), mb);
    let lines: Vec<&str> = tcvn3.lines().collect();
    println!(
        "input: TCVN3 prose repeated to {:.1} MB ({} lines)",
        tcvn3.len() as f64 / 1e6,
        lines.len()
    );

    for (name, from) in [
        ("text --from auto ", None),
        ("text --from tcvn3", Some(Encoding::Tcvn3)),
    ] {
        let (mbs, out) = rate(tcvn3.len(), 2.0, || {
            lines
                .iter()
                .map(|l| text::convert_line(l, from).len())
                .sum()
        });
        println!("{name}: {mbs:7.1} MB/s  (convert_line, in process; {out} bytes out)");
    }

    // The binary, whole process: `thidua text < input > output`, both
    // files (a pipe would time this benchmark's own reading and writing).
    let exe = env!("CARGO_BIN_EXE_thidua");
    let dir = std::env::temp_dir().join(format!("thidua-bench-convert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let input = dir.join("input.txt");
    std::fs::write(&input, &tcvn3).expect("input file");
    for from in ["auto", "tcvn3"] {
        let mut best = f64::INFINITY;
        for _ in 0..3 {
            let stdin = File::open(&input).expect("input file");
            let stdout = File::create(dir.join("output.txt")).expect("output file");
            let t0 = Instant::now();
            let status = Command::new(exe)
                .args(["text", "--from", from])
                .stdin(stdin)
                .stdout(stdout)
                .status()
                .expect("thidua text");
            best = best.min(t0.elapsed().as_secs_f64());
            assert!(status.success());
        }
        println!(
            "thidua text --from {from:5}: {:7.1} MB/s  (whole process, file to file, best of 3)",
            tcvn3.len() as f64 / 1e6 / best
        );
    }
    let _ = std::fs::remove_dir_all(&dir);

    // Cell conversion: the four goldens, one line a cell, 100 cells a
    // column, 10 columns a sheet.
    let mut cells: Vec<String> = Vec::new();
    for name in [
        "corpus.txt",
        "corpus.tcvn3.txt",
        "corpus.vni.txt",
        "corpus.cp1258.txt",
    ] {
        cells.extend(golden(name).lines().map(String::from));
    }
    let one_pass: usize = cells.iter().map(String::len).sum();
    let passes = (mb * 1_000_000).div_ceil(one_pass.max(1));
    let cells: Vec<String> = (0..passes).flat_map(|_| cells.iter().cloned()).collect();
    let bytes: usize = cells.iter().map(String::len).sum();
    let mut converted = 0;
    let mut uncertain = 0;
    let (mbs, out) = rate(bytes, 2.0, || {
        let mut out = 0;
        converted = 0;
        uncertain = 0;
        for sheet in cells.chunks(1000) {
            let input: Vec<(&str, FontClass)> = sheet
                .iter()
                .map(|c| (c.as_str(), FontClass::Other))
                .collect();
            let evidence: Vec<text::CellEvidence> =
                sheet.iter().map(|c| text::evidence(c)).collect();
            let fonts: Vec<FontClass> = input.iter().map(|(_, f)| *f).collect();
            let votes = text::Votes::of_evidence(&evidence, &fonts);
            for (column, ev) in input.chunks(100).zip(evidence.chunks(100)) {
                let decision = text::decide_with_evidence(column, ev, Some(&votes));
                converted += decision.converted;
                uncertain += decision.uncertain.len();
                for ((cell, _), choice) in column.iter().zip(&decision.cells) {
                    out += choice.apply(cell).len();
                }
            }
        }
        out
    });
    println!(
        "convert (cells)  : {mbs:7.1} MB/s  ({:.1} MB, {} cells a pass: {converted} converted, {uncertain} uncertain, {out} bytes out in all)",
        bytes as f64 / 1e6,
        cells.len()
    );

    // The whole conversion of a workbook (the decode stage, what `thidua
    // convert` and every check run do): each golden file on sheets of its
    // own, 100 rows of 10 cells, one line a cell.
    let mut sheets = Vec::new();
    for name in [
        "corpus.txt",
        "corpus.tcvn3.txt",
        "corpus.vni.txt",
        "corpus.cp1258.txt",
    ] {
        let text = golden(name);
        let lines: Vec<&str> = text.lines().collect();
        let per_sheet = 1000;
        let copies = (mb * 1_000_000 / 4).div_ceil(text.len().max(1));
        let all: Vec<&str> = (0..copies).flat_map(|_| lines.iter().copied()).collect();
        for (k, chunk) in all.chunks(per_sheet).enumerate() {
            let rows: Vec<Vec<Cell>> = chunk
                .chunks(10)
                .map(|r| r.iter().map(|t| Cell::text(t)).collect())
                .collect();
            sheets.push(Sheet::from_rows(&format!("{name} {k}"), rows));
        }
    }
    let workbook = Workbook { sheets };
    let sheet_bytes: usize = workbook
        .sheets
        .iter()
        .flat_map(|s| &s.cells)
        .map(|c| match &c.value {
            Value::Text(t) => t.len(),
            _ => 0,
        })
        .sum();
    let mut secs = 0.0;
    let mut runs = 0;
    let mut converted_cells = 0;
    while runs == 0 || secs < 2.0 {
        let copy = workbook.clone();
        let t0 = Instant::now();
        let decoded = decode::decode(copy);
        secs += t0.elapsed().as_secs_f64();
        converted_cells = decoded
            .sheets()
            .map(|(_, r)| r.converted_cells())
            .sum::<usize>();
        drop(decoded);
        runs += 1;
    }
    println!(
        "convert (sheets) : {:7.1} MB/s  (decode::decode; {:.1} MB in {} sheets, {converted_cells} cells converted)",
        sheet_bytes as f64 * runs as f64 / 1e6 / secs,
        sheet_bytes as f64 / 1e6,
        workbook.sheets.len()
    );

    // The same through the older entry points: the sheet's votes and each
    // column's decision each compute every cell's evidence.
    let (mbs, _) = rate(bytes, 2.0, || {
        let mut out = 0;
        for sheet in cells.chunks(1000) {
            let input: Vec<(&str, FontClass)> = sheet
                .iter()
                .map(|c| (c.as_str(), FontClass::Other))
                .collect();
            let votes = text::Votes::of(&input);
            for column in input.chunks(100) {
                let decision = text::decide_within(column, Some(&votes));
                for ((cell, _), choice) in column.iter().zip(&decision.cells) {
                    out += choice.apply(cell).len();
                }
            }
        }
        out
    });
    println!("convert (cells)  : {mbs:7.1} MB/s  (Votes::of + decide_within, evidence twice)");

    for name in ["corpus.txt", "corpus.nfd.txt"] {
        let text = repeated(&golden(name), mb);
        let lines: Vec<&str> = text.lines().collect();
        for (f, func) in [
            ("clean", text::clean as fn(&str) -> String),
            ("key", text::key),
            ("fold", text::fold),
        ] {
            let (mbs, _) = rate(text.len(), 1.0, || {
                lines.iter().map(|l| func(l).len()).sum()
            });
            println!("{f:5} {name:15}: {mbs:7.1} MB/s");
        }
    }
}
