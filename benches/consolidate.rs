//! Benchmark: consolidate 1,000 generated submissions (xlsx) of the sample
//! bloc's criteria and print files per second and peak memory.
//!
//! Run with `cargo bench --bench consolidate` (optionally `-- N` files).
//! Prints figures; asserts nothing about speed.

use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};
use std::time::Instant;
use thidua::rules::Rules;

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = std::fs::read_to_string(root.join("samples/khoi-van-hoa-xa-hoi/quy-dinh.toml"))
        .expect("sample rules");
    let criteria_part = &sample[sample.find("[[criteria]]").expect("criteria")..];
    let mut text =
        String::from("[bloc]\nname = \"Khối thử hiệu năng\"\nyear = 2025\nscale = 100\n\n");
    for i in 0..n {
        text.push_str(&format!(
            "[[units]]\nid = \"DV{i:04}\"\nname = \"Đơn vị thử nghiệm số {i:04}\"\n\n"
        ));
    }
    text.push_str(criteria_part);
    let rules = Rules::parse(&text, "bench.toml").expect("rules");

    let dir = tempfile::tempdir().expect("temp dir");
    let t0 = Instant::now();
    let files: Vec<PathBuf> = (0..n)
        .map(|i| write_submission(&rules, dir.path(), i))
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

/// One submission with the usual heading block and plausible scores.
fn write_submission(rules: &Rules, dir: &Path, i: usize) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let unit = &rules.units[i];
    ws.write(0, 0, "UBND TỈNH QUẢNG NGÃI").ok();
    ws.write(0, 3, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").ok();
    ws.write(2, 1, "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025").ok();
    ws.write(3, 1, format!("Đơn vị: {}", unit.name)).ok();
    for (c, h) in [
        "STT",
        "Nội dung tiêu chí",
        "Điểm chuẩn",
        "Điểm tự chấm",
        "Điểm khối chấm",
        "Ghi chú",
    ]
    .iter()
    .enumerate()
    {
        ws.write(5, c as u16, *h).ok();
    }
    let mut row = 6;
    for (k, c) in rules.criteria.iter().enumerate() {
        ws.write(row, 0, c.label.as_str()).ok();
        ws.write(row, 1, c.title.as_str()).ok();
        if let Some(m) = c.max {
            ws.write(row, 2, m.to_f64()).ok();
            if c.is_leaf() {
                let max = m.to_f64();
                let v = if c.levels.is_some() {
                    max
                } else {
                    (max - ((i + k) % 3) as f64 * 0.5).max(0.0)
                };
                ws.write(row, 3, v).ok();
            }
        } else if c.is_leaf() {
            ws.write(row, 3, "Không").ok();
        }
        row += 1;
    }
    ws.write(row + 1, 1, "THỦ TRƯỞNG ĐƠN VỊ").ok();
    let path = dir.join(format!("don-vi-{i:04}.xlsx"));
    wb.save(&path).expect("save");
    path
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
