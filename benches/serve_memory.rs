//! Benchmark: the web page's memory at its ceiling. A real `thidua serve`
//! (reading in worker processes) is filled to every limit at once: 16
//! sessions, each with 10 submissions of 19.4 MiB (a self-scoring table
//! with a photographed minh chứng embedded, the way large files really
//! come) — 194 MiB a session, just under the 200 MiB a session may hold —
//! and the hostile corpus (tests/fixtures/hostile) uploaded into each
//! session while the next one's big files are. The resident memory of the server and
//! of its read workers is sampled from /proc every 20 ms.
//!
//! Prints: the time of each kind of upload, the memory held once every
//! session is full, the peaks (server, one worker, all together), what a
//! session past its limit is answered; checks that every session's report
//! and workbook equal `thidua consolidate`'s on the same files.
//!
//! Run with `cargo bench --bench serve_memory` (optionally `-- N`
//! sessions, default 16, the server's limit). Linux only for the memory
//! figures (elsewhere they print as not measured). Asserts nothing about
//! speed or memory.

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use thidua::rules::Rules;

/// Units (and big files) per session.
const UNITS: usize = 10;
/// Size of the embedded photograph: the file comes to 19.4 MiB.
const PHOTO_BYTES: usize = 19 * 1024 * 1024 + 400 * 1024;
const MIB: f64 = 1024.0 * 1024.0;

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let sessions: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(16);
    let dir = tempfile::tempdir().expect("temp dir");
    let rules_path = dir.path().join("quy-dinh.toml");
    let rules_text = common::rules_with_units(UNITS);
    std::fs::write(&rules_path, &rules_text).expect("rules");
    let rules = Rules::parse(&rules_text, "quy-dinh.toml").expect("rules");

    let files = dir.path().join("bai-nop");
    std::fs::create_dir(&files).expect("folder");
    let started = Instant::now();
    let big: Vec<PathBuf> = (0..UNITS)
        .map(|i| {
            let path = files.join(format!("don-vi-{:02}-kem-anh-minh-chung.xlsx", i + 1));
            let mut wb = common::submission_workbook(&rules, i);
            let photo = rust_xlsxwriter::Image::new_from_buffer(&photograph(i as u64 + 1))
                .expect("photograph");
            wb.worksheet_from_index(0)
                .expect("sheet")
                .insert_image(40, 1, &photo)
                .expect("inserted");
            wb.save(&path).expect("saved");
            path
        })
        .collect();
    let hostile: Vec<PathBuf> = {
        let source = common::root().join("tests/fixtures/hostile");
        let mut names: Vec<PathBuf> = std::fs::read_dir(&source)
            .expect("hostile corpus")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x != "json"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|p| {
                let to = files.join(p.file_name().expect("name"));
                std::fs::copy(&p, &to).expect("copied");
                to
            })
            .collect()
    };
    let big_bytes: u64 = big.iter().map(|p| size(p)).sum();
    println!(
        "files: {UNITS} submissions of {:.1} MiB ({:.1} MiB together) and {} hostile files ({:.1} KiB together), written in {:.1} s",
        size(&big[0]) as f64 / MIB,
        big_bytes as f64 / MIB,
        hostile.len(),
        hostile.iter().map(|p| size(p)).sum::<u64>() as f64 / 1024.0,
        started.elapsed().as_secs_f64()
    );

    // The command line's answer on the same files, once.
    let mut all: Vec<PathBuf> = big.iter().chain(&hostile).cloned().collect();
    all.sort();
    let started = Instant::now();
    let (cli_report, cli_workbook, _) = common::cli_consolidate_with_feedback(&rules_path, &all);
    let cli_cells = common::workbook_cells(&cli_workbook);
    println!(
        "thidua consolidate on the {} files: {:.1} s",
        all.len(),
        started.elapsed().as_secs_f64()
    );

    let (running, url) = serve(&rules_path);
    let server = running.0.id();
    let sampling = Arc::new(AtomicBool::new(true));
    let sampler = {
        let sampling = sampling.clone();
        std::thread::spawn(move || sample(server, &sampling))
    };

    let started = Instant::now();
    let mut big_times = Vec::new();
    let mut hostile_times = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let hostile_into = |id: String| {
        let (url, hostile) = (url.clone(), hostile.clone());
        std::thread::spawn(move || {
            hostile
                .iter()
                .map(|p| upload(&url, &id, p, None))
                .collect::<Vec<_>>()
        })
    };
    for s in 0..sessions {
        let id = create_session(&url);
        // The previous session's hostile files go in from another
        // connection while this one's big files are uploaded: two files
        // read at once, in two workers.
        let other = s.checked_sub(1).map(|p| hostile_into(ids[p].clone()));
        for p in &big {
            let (status, took) = upload(&url, &id, p, None);
            assert_eq!(status, 200, "{}", p.display());
            big_times.push(took);
        }
        ids.push(id);
        let last = (s + 1 == sessions).then(|| hostile_into(ids[s].clone()));
        for uploads in other.into_iter().chain(last) {
            for (status, took) in uploads.join().expect("hostile uploads") {
                assert_eq!(status, 200);
                hostile_times.push(took);
            }
        }
    }
    let filled = started.elapsed();
    std::thread::sleep(Duration::from_millis(500));
    let held = rss(server);

    // One more file into a full session.
    let (past_limit, _) = upload(&url, &ids[0], &big[0], Some("them-mot-tep.xlsx"));

    // Every session's report and workbook against the command line's.
    let started = Instant::now();
    for id in &ids {
        let report: serde_json::Value = ureq::get(&format!("{url}api/sessions/{id}/report.json"))
            .call()
            .expect("report")
            .body_mut()
            .read_json()
            .expect("json");
        assert_eq!(report, cli_report, "session {id}");
        let workbook = ureq::get(&format!("{url}api/sessions/{id}/workbook.xlsx"))
            .call()
            .expect("workbook")
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()
            .expect("bytes");
        assert_eq!(common::workbook_cells(&workbook), cli_cells, "session {id}");
    }
    let compared = started.elapsed();
    sampling.store(false, Ordering::Relaxed);
    let peaks = sampler.join().expect("sampler");
    drop(running);

    println!(
        "{sessions} sessions filled in {:.1} s: {} uploads of {:.1} MiB (median {:.2} s, slowest {:.2} s), {} hostile uploads alongside (median {:.2} s, slowest {:.2} s)",
        filled.as_secs_f64(),
        big_times.len(),
        size(&big[0]) as f64 / MIB,
        median(&mut big_times),
        slowest(&big_times),
        hostile_times.len(),
        median(&mut hostile_times),
        slowest(&hostile_times),
    );
    println!(
        "files held by the sessions: {:.0} MiB ({sessions} × {:.1} MiB); server resident once full: {}",
        sessions as f64 * big_bytes as f64 / MIB,
        big_bytes as f64 / MIB,
        mib(held)
    );
    println!(
        "peaks: server {}, one read worker {}, server and workers together {} ({} workers seen)",
        mib(peaks.server),
        mib(peaks.worker),
        mib(peaks.together),
        peaks.workers
    );
    println!("an 11th file into a full session: HTTP {past_limit}");
    println!(
        "{} sessions' reports and workbooks equal thidua consolidate's ({:.1} s)",
        ids.len(),
        compared.as_secs_f64()
    );
}

/// A PNG the size of a phone photograph of a signed document: a real
/// header, then bytes that do not compress (as a photograph's do not).
fn photograph(seed: u64) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&0u32.to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&4000u32.to_be_bytes());
    header.extend_from_slice(&3000u32.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &header);
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let noise: Vec<u8> = (0..PHOTO_BYTES)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    chunk(&mut png, b"IDAT", &noise);
    chunk(&mut png, b"IEND", &[]);
    png
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).expect("file").len()
}

/// `thidua serve` on a free port with `rules`; its address.
fn serve(rules: &Path) -> (Running, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("address")
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .env_remove("THIDUA_IN_PROCESS")
        .env("THIDUA_NO_BROWSER", "1")
        .arg("serve")
        .arg("--rules")
        .arg(rules)
        .arg("--port")
        .arg(port.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("thidua serve");
    let stdout = child.stdout.take().expect("stdout");
    let running = Running(child);
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines.next().expect("the address").expect("a line");
        if let Some(url) = line.strip_prefix("Trang tổng hợp thi đua đang chạy tại: ") {
            break url.to_string();
        }
    };
    // Keep reading so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (running, url)
}

fn create_session(url: &str) -> String {
    let session: serde_json::Value = ureq::post(&format!("{url}api/sessions"))
        .send_empty()
        .expect("session")
        .body_mut()
        .read_json()
        .expect("json");
    session["session"].as_str().expect("id").to_string()
}

/// Uploads `path` (under `name` if given) as the page does; the status
/// and the time the answer took.
fn upload(url: &str, id: &str, path: &Path, name: Option<&str>) -> (u16, f64) {
    let bytes = std::fs::read(path).expect("file");
    let name = name.map_or_else(
        || {
            path.file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned()
        },
        str::to_string,
    );
    let started = Instant::now();
    let response = ureq::post(&format!("{url}api/sessions/{id}/files"))
        .header(thidua::web::FILE_NAME, &name)
        .config()
        .http_status_as_error(false)
        .build()
        .send(&bytes[..])
        .expect("answer");
    let status = response.status().as_u16();
    let _ = response.into_body().read_to_vec();
    (status, started.elapsed().as_secs_f64())
}

fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times.get(times.len() / 2).copied().unwrap_or(0.0)
}

fn slowest(times: &[f64]) -> f64 {
    times.iter().copied().fold(0.0, f64::max)
}

fn mib(bytes: Option<u64>) -> String {
    bytes.map_or_else(
        || "not measured".to_string(),
        |b| format!("{:.0} MiB", b as f64 / MIB),
    )
}

#[derive(Default)]
struct Peaks {
    server: Option<u64>,
    worker: Option<u64>,
    together: Option<u64>,
    workers: usize,
}

/// Samples the resident memory of `server` and of its children until
/// `sampling` is cleared.
fn sample(server: u32, sampling: &AtomicBool) -> Peaks {
    let mut peaks = Peaks::default();
    let mut seen = BTreeSet::new();
    let max = |a: Option<u64>, b: u64| Some(a.map_or(b, |a| a.max(b)));
    while sampling.load(Ordering::Relaxed) {
        if let Some(own) = rss(server) {
            let mut together = own;
            for child in children(server) {
                if let Some(r) = rss(child) {
                    seen.insert(child);
                    peaks.worker = max(peaks.worker, r);
                    together += r;
                }
            }
            peaks.server = max(peaks.server, own);
            peaks.together = max(peaks.together, together);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // The high-water marks the kernel kept catch what sampling missed.
    if let Some(hwm) = status_field(server, "VmHWM:") {
        peaks.server = max(peaks.server, hwm);
    }
    peaks.workers = seen.len();
    peaks
}

/// Resident memory of `pid`, in bytes.
fn rss(pid: u32) -> Option<u64> {
    status_field(pid, "VmRSS:")
}

fn status_field(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// The processes whose parent is `pid`.
fn children(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&p| {
            std::fs::read_to_string(format!("/proc/{p}/stat"))
                .ok()
                .and_then(|s| {
                    // The name in parentheses may hold spaces; the parent
                    // is the second field after it.
                    let after = &s[s.rfind(')')? + 1..];
                    after.split_whitespace().nth(1)?.parse::<u32>().ok()
                })
                == Some(pid)
        })
        .collect()
}
