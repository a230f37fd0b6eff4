//! Hostile files (tests/fixtures/hostile, written by scripts/make_hostile.py):
//! declared counts calamine trusts, zip bombs, repeated cells, space runs,
//! a looping compound file, 87,000 sheets, entity expansion, deep nesting.
//! Each is dropped into a copy of the sample bloc and the binary is run
//! under a memory limit (RLIMIT_AS, on Unix) and a deadline:
//! the hostile file must end as one finding with its expected code, and the
//! sample bloc's units must come out exactly as without it.

mod common;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The memory the run may use (address space, per process; its workers
/// lower their own to 1 GiB).
const MEMORY_LIMIT: u64 = 3 * 1024 * 1024 * 1024;
/// The longest one run may take.
const DEADLINE: Duration = Duration::from_secs(120);

fn hostile_dir() -> std::path::PathBuf {
    common::root().join("tests/fixtures/hostile")
}

/// `thidua check --json DIR` under the memory limit, killed at the
/// deadline; its report and how long it took.
fn check(dir: &Path) -> (Value, Duration) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_thidua"));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: only setrlimit, async-signal-safe, between fork and exec.
        unsafe {
            command.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: MEMORY_LIMIT as libc::rlim_t,
                    rlim_max: MEMORY_LIMIT as libc::rlim_t,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let started = Instant::now();
    let mut child = command
        .arg("check")
        .arg("--json")
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run thidua");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut out).map(|_| out)
    });
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert_eq!(status.code(), Some(1), "errors found, outputs written");
            break;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("{} took longer than {DEADLINE:?}", dir.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let elapsed = started.elapsed();
    let out = reader.join().expect("reader").expect("stdout");
    (
        serde_json::from_slice(&out).expect("a JSON report"),
        elapsed,
    )
}

#[test]
fn every_hostile_file_is_one_finding_and_the_bloc_still_consolidates() {
    let cases: Value = serde_json::from_str(
        &std::fs::read_to_string(hostile_dir().join("expected.json")).expect("expected.json"),
    )
    .expect("JSON");
    let cases = cases["cases"].as_array().expect("cases");
    assert!(cases.len() >= 10, "{} cases", cases.len());
    for case in cases {
        let name = case["file"].as_str().expect("file");
        let tmp = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(common::sample_dir()).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, tmp.path().join(path.file_name().unwrap())).unwrap();
        }
        std::fs::copy(hostile_dir().join(name), tmp.path().join(name)).unwrap();
        let (report, elapsed) = check(tmp.path());
        let findings: Vec<&Value> = report["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["file"].as_str().is_some_and(|f| f.ends_with(name)))
            .collect();
        println!(
            "{name}: {} in {:.2} s — {}",
            findings
                .iter()
                .map(|i| i["code"].as_str().unwrap())
                .collect::<Vec<_>>()
                .join(", "),
            elapsed.as_secs_f64(),
            case["what"].as_str().unwrap_or("")
        );
        assert_eq!(findings.len(), 1, "{name}: {findings:#?}");
        assert_eq!(findings[0]["code"], case["code"], "{name}: {}", findings[0]);
        assert_eq!(findings[0]["severity"], "error", "{name}");
        common::assert_sample_bloc(&report);
    }
}
