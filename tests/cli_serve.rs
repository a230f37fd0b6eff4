//! `thidua` started without arguments (a double click on thidua.exe): the
//! web page on the usual port with the folder's rules file, and a second
//! start opens the page already running instead of failing; several rules
//! files in the folder are offered on the page; `--listen` with
//! `--allow-host`; ballots uploaded to `thidua serve` are read in its read
//! workers; `--province`: the blocs' results sent to the province's page are
//! read in the workers as `thidua province` reads them, and a folder whose
//! single .toml is the province's opens that page.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn bare_thidua(dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_thidua"));
    command.current_dir(dir).env("THIDUA_NO_BROWSER", "1");
    command
}

/// `thidua` started without arguments in `dir`: the running process, its
/// console's lines after the address, and the address it printed.
fn started_in(dir: &std::path::Path) -> (Running, Lines, String) {
    started(bare_thidua(dir))
}

/// `command` started: the running process, its console's lines after the
/// address, and the address it printed.
fn started(mut command: Command) -> (Running, Lines, String) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let running = Running(child);
    let mut lines = BufReader::new(stdout).lines();
    let deadline = Instant::now() + Duration::from_secs(30);
    let url = loop {
        assert!(Instant::now() < deadline, "no address printed");
        let line = lines.next().expect("a line").unwrap();
        if let Some(url) = line.strip_prefix("Trang tổng hợp thi đua đang chạy tại: ") {
            break url.to_string();
        }
    };
    (running, lines, url)
}

type Lines = std::io::Lines<BufReader<std::process::ChildStdout>>;

/// A new session of the page at `url`, as JSON.
fn new_session(url: &str) -> serde_json::Value {
    ureq::post(&format!("{url}api/sessions"))
        .send_empty()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap()
}

/// A port no program listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn without_arguments_the_page_starts_with_the_folders_rules() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::sample_dir().join("quy-dinh.toml"),
        dir.path().join("quy-dinh.toml"),
    )
    .unwrap();
    let (running, _lines, url) = started_in(dir.path()); // stdout kept open while it runs
    assert_eq!(url, "http://127.0.0.1:8765/");
    let page = ureq::get(&url)
        .call()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap();
    assert!(page.contains("Tổng hợp chấm điểm thi đua"));
    let session = new_session(&url);
    assert_eq!(session["rules"]["file"], "quy-dinh.toml");
    assert_eq!(session["rules"]["units"], 9);

    // Started again: the page already runs, so it is opened, not failed.
    let again = bare_thidua(dir.path()).output().unwrap();
    assert_eq!(again.status.code(), Some(0));
    let text = String::from_utf8_lossy(&again.stdout);
    assert!(
        text.contains("đã chạy sẵn tại: http://127.0.0.1:8765/"),
        "{text}"
    );
    drop(running);
    // After it, on the same port (tests run in parallel): several rules files.
    several_rules_files_are_offered_on_the_page();
}

/// Started without arguments in a folder with two rules files: the
/// console names them, the page offers both, and one is chosen.
fn several_rules_files_are_offered_on_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let rules = common::sample_dir().join("quy-dinh.toml");
    std::fs::copy(&rules, dir.path().join("quy-dinh.toml")).unwrap();
    std::fs::copy(&rules, dir.path().join("quy-dinh - Copy.toml")).unwrap();
    let (running, mut lines, url) = started_in(dir.path());
    // The console says it too.
    let next = lines.next().expect("a line").unwrap();
    assert!(
        next.contains("có 2 tệp quy định") && next.contains("Trang web hỏi dùng tệp nào"),
        "{next}"
    );
    let session = new_session(&url);
    assert_eq!(session["rules"], serde_json::Value::Null);
    let files: Vec<&str> = session["rules_choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["quy-dinh - Copy.toml", "quy-dinh.toml"]);
    let id = session["session"].as_str().unwrap();
    let chosen: serde_json::Value = ureq::post(&format!(
        "{url}api/sessions/{id}/rules/choose?file=quy-dinh%20-%20Copy.toml"
    ))
    .send_empty()
    .unwrap()
    .body_mut()
    .read_json()
    .unwrap();
    assert_eq!(chosen["rules"]["file"], "quy-dinh - Copy.toml");
    assert_eq!(chosen["rules"]["units"], 9);
    drop(running);
    without_arguments_beside_the_province_rules_the_province_page_has_them();
}

#[test]
fn on_the_network_the_names_given_with_allow_host_are_accepted_and_no_other() {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let mut child = bare_thidua(dir.path())
        .args(["serve", "--listen", "0.0.0.0", "--port"])
        .arg(port.to_string())
        .args(["--allow-host", "May-TDKT", "--allow-host", "may-tdkt.local"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let running = Running(child);
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines.next().expect("a line").unwrap();
        if let Some(url) = line.strip_prefix("Trang tổng hợp thi đua đang chạy tại: ") {
            break url.to_string();
        }
    };
    // This computer opens the page at the loopback address.
    assert_eq!(url, format!("http://127.0.0.1:{port}/"));
    let mut warning = BufReader::new(stderr).lines();
    let first = warning.next().unwrap().unwrap();
    assert!(first.starts_with("Cảnh báo: trang đang mở"), "{first}");
    let second = warning.next().unwrap().unwrap();
    assert!(second.contains("may-tdkt, may-tdkt.local"), "{second}");
    let status = |host: &str| {
        ureq::get(&url)
            .header("Host", host)
            .config()
            .http_status_as_error(false)
            .build()
            .call()
            .unwrap()
            .status()
            .as_u16()
    };
    for host in [
        format!("may-tdkt:{port}"),
        format!("MAY-TDKT.local:{port}"),
        format!("192.168.1.10:{port}"),
        format!("localhost:{port}"),
    ] {
        assert_eq!(status(&host), 200, "{host}");
    }
    for host in [
        format!("attacker.example:{port}"),
        format!("may-tdkt.attacker.example:{port}"),
    ] {
        assert_eq!(status(&host), 403, "{host}");
    }
    drop(running);
}

#[test]
fn a_name_that_is_not_a_host_name_is_refused_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = bare_thidua(dir.path())
        .args(["serve", "--allow-host", "http://may-tdkt:8765/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("không phải tên máy hay địa chỉ IP"), "{text}");
}

/// `thidua serve` reads uploads in worker processes: the ballots too. A
/// blank ballot is counted (nobody ticked), a damaged file is a finding.
#[test]
fn ballots_sent_to_thidua_serve_are_read_in_its_workers_and_counted() {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("phieu-bau.xlsx");
    let run = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["ballots", "-o"])
        .arg(&blank)
        .arg(common::sample_dir())
        .output()
        .unwrap();
    assert!(run.status.code().is_some_and(|c| c < 2), "{run:?}");
    let mut command = bare_thidua(dir.path());
    command
        .args(["serve", "--port", &port.to_string(), "--rules"])
        .arg(common::sample_dir().join("quy-dinh.toml"));
    let (_running, _lines, url) = started(command);
    let session = new_session(&url);
    let id = session["session"].as_str().unwrap();
    let send = |path: &str, name: &str, bytes: Vec<u8>| {
        let encoded: String =
            percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        ureq::post(&format!("{url}api/sessions/{id}/{path}"))
            .header("X-File-Name", &encoded)
            .send(&bytes[..])
            .unwrap()
            .status()
            .as_u16()
    };
    for file in common::sample_files() {
        let name = file.file_name().unwrap().to_str().unwrap().to_string();
        assert_eq!(send("files", &name, std::fs::read(&file).unwrap()), 200);
    }
    assert_eq!(
        send(
            "ballots",
            "phiếu trắng.xlsx",
            std::fs::read(&blank).unwrap()
        ),
        200
    );
    let mut damaged = std::fs::read(&blank).unwrap();
    damaged.truncate(damaged.len() / 2);
    assert_eq!(send("ballots", "phiếu hỏng.xlsx", damaged), 200);

    let report: serde_json::Value = ureq::get(&format!("{url}api/sessions/{id}/report.json"))
        .call()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    let vote = &report["vote"];
    let awards = vote["awards"].as_array().unwrap();
    assert_eq!(awards.len(), 3, "{vote}");
    for award in awards {
        assert_eq!(award["returned"], 1, "{award}");
        assert_eq!(award["valid"], 1, "{award}");
        for c in award["candidates"].as_array().unwrap() {
            assert_eq!(c["agree"], 0, "{c}");
        }
    }
    let issues = vote["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0]["code"], "ballot-unreadable");
    assert_eq!(issues[0]["file"], "phiếu hỏng.xlsx");
}

/// `thidua serve --history DIR`: every new session starts with the
/// folder's past years' reports, as uploaded on the page; a folder that
/// cannot be read stops the start with a Vietnamese message.
#[test]
fn serve_with_history_gives_every_session_the_folders_past_years() {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let history = common::root().join("tests/fixtures/history");
    let mut command = bare_thidua(dir.path());
    command
        .args(["serve", "--port", &port.to_string(), "--rules"])
        .arg(history.join("quy-dinh.toml"))
        .arg("--history")
        .arg(history.join("reports"));
    let (_running, _lines, url) = started(command);
    let session = new_session(&url);
    let names: Vec<&str> = session["past"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["2022.json", "2023.json", "2024.json"]);
    assert_eq!(
        session["past"]["years"],
        serde_json::json!([2022, 2023, 2024])
    );

    let out = bare_thidua(dir.path())
        .args(["serve", "--port", &free_port().to_string(), "--history"])
        .arg(history.join("khong-co"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("không đọc được thư mục kết quả các năm trước"),
        "{text}"
    );
}

/// Past years' workbooks sent to `thidua serve` are untrusted files: they
/// are read in the server's read workers, as the units' files are. The
/// hostile corpus sent as past years gives one finding each, never a stop,
/// and a real past year's report beside them is still used.
#[test]
fn past_years_sent_to_thidua_serve_are_read_in_its_workers() {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let history = common::root().join("tests/fixtures/history");
    let mut command = bare_thidua(dir.path());
    command
        .args(["serve", "--port", &port.to_string(), "--rules"])
        .arg(history.join("quy-dinh.toml"));
    let (_running, _lines, url) = started(command);
    let session = new_session(&url);
    let id = session["session"].as_str().unwrap();
    let mut sent: Vec<(String, Vec<u8>)> =
        std::fs::read_dir(common::root().join("tests/fixtures/hostile"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e != "json"))
            .map(|p| {
                let name = p.file_name().unwrap().to_str().unwrap().to_string();
                (name, std::fs::read(&p).unwrap())
            })
            .collect();
    sent.sort();
    sent.push((
        "2024.json".into(),
        std::fs::read(history.join("reports/2024.json")).unwrap(),
    ));
    let mut view = serde_json::Value::Null;
    for (name, bytes) in &sent {
        let encoded: String =
            percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        let mut answer = ureq::post(&format!("{url}api/sessions/{id}/history"))
            .header("X-File-Name", &encoded)
            .send(&bytes[..])
            .unwrap();
        assert_eq!(answer.status().as_u16(), 200, "{name}");
        view = answer.body_mut().read_json().unwrap();
    }
    let files = view["past"]["files"].as_array().unwrap();
    assert_eq!(files.len(), sent.len(), "{files:?}");
    for f in files {
        let used = f["used"].as_bool().unwrap();
        assert_eq!(used, f["name"] == "2024.json", "{f}");
        if !used {
            assert!(
                f["errors"].as_u64().unwrap() + f["warnings"].as_u64().unwrap() >= 1,
                "{f}"
            );
        }
    }
    assert_eq!(view["past"]["years"], serde_json::json!([2024]));
}

/// `thidua serve --province TỈNH.toml`: the province's page has the rules
/// from the start, and the blocs' results sent to it — the province
/// fixture's files and the hostile corpus — are read in the server's read
/// workers: the page's report is `thidua province`'s on the same files.
#[test]
fn serve_with_province_reads_the_blocs_results_in_its_workers_as_thidua_province() {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let fixture = common::root().join("tests/fixtures/province");
    let rules = fixture.join("tinh.toml");
    // The fixture's files and the hostile corpus, in one folder.
    let mut files = Vec::new();
    for folder in [
        fixture.join("khoi"),
        common::root().join("tests/fixtures/hostile"),
    ] {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let copy = dir.path().join(path.file_name().unwrap());
                std::fs::copy(&path, &copy).unwrap();
                files.push(copy);
            }
        }
    }
    files.sort();
    let mut command = bare_thidua(dir.path());
    command
        .args(["serve", "--port", &port.to_string(), "--province"])
        .arg(&rules);
    let (_running, mut lines, url) = started(command);
    let said = said_until(&mut lines, "Trang của Ban Thi đua");
    assert!(said.contains(&format!("{url}tinh")), "{said}");
    let session = new_session(&url);
    let id = session["session"].as_str().unwrap();
    for file in &files {
        let name = file.file_name().unwrap().to_str().unwrap();
        let encoded: String =
            percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        let status = ureq::post(&format!("{url}api/sessions/{id}/province/files"))
            .header("X-File-Name", &encoded)
            .send(&std::fs::read(file).unwrap()[..])
            .unwrap()
            .status()
            .as_u16();
        assert_eq!(status, 200, "{name}");
    }
    let report: serde_json::Value =
        ureq::get(&format!("{url}api/sessions/{id}/province/report.json"))
            .call()
            .unwrap()
            .body_mut()
            .read_json()
            .unwrap();
    let json = dir.path().join("ra").join("tinh.json");
    std::fs::create_dir(json.parent().unwrap()).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .current_dir(dir.path())
        .arg("province")
        .arg(&rules)
        .args(files.iter().map(|f| f.file_name().unwrap()))
        .arg("-o")
        .arg(json.with_extension("xlsx"))
        .arg("--json")
        .arg(&json)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let cli: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report, cli);
    let unreadable = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "province-input-unreadable")
        .count();
    assert!(unreadable >= 13, "{unreadable}");
}

/// A folder whose single .toml is the province's: `thidua` started
/// without arguments opens the province's page with it (on the usual
/// port, after the other starts without arguments).
fn without_arguments_beside_the_province_rules_the_province_page_has_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::root().join("tests/fixtures/province/tinh.toml"),
        dir.path().join("tinh.toml"),
    )
    .unwrap();
    let (running, mut lines, url) = started_in(dir.path());
    let said = said_until(&mut lines, "Quy định thi đua của tỉnh");
    assert!(
        said.ends_with("Quy định thi đua của tỉnh: tinh.toml"),
        "{said}"
    );
    let session = new_session(&url);
    assert!(session["rules"].is_null(), "not a bloc's rules");
    let id = session["session"].as_str().unwrap();
    let province: serde_json::Value = ureq::get(&format!("{url}api/sessions/{id}/province"))
        .call()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    assert_eq!(province["rules"]["name"], "Quảng Ngãi");
    drop(running);
    beside_the_blocs_and_the_provinces_rules_each_page_has_its_own();
}

/// A folder holding the bloc's rules and the province's: `thidua` started
/// without arguments gives each page its own, and offers neither as a
/// choice (on the usual port, after the other starts without arguments).
fn beside_the_blocs_and_the_provinces_rules_each_page_has_its_own() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::root().join("tests/fixtures/province/tinh.toml"),
        dir.path().join("tinh.toml"),
    )
    .unwrap();
    std::fs::copy(
        common::sample_dir().join("quy-dinh.toml"),
        dir.path().join("quy-dinh.toml"),
    )
    .unwrap();
    let (running, mut lines, url) = started_in(dir.path());
    let said = said_until(&mut lines, "Quy định thi đua của tỉnh");
    assert!(said.ends_with("tinh.toml"), "{said}");
    let session = new_session(&url);
    assert_eq!(session["rules"]["file"], "quy-dinh.toml");
    assert!(session["rules_choices"].as_array().unwrap().is_empty());
    let id = session["session"].as_str().unwrap();
    let province: serde_json::Value = ureq::get(&format!("{url}api/sessions/{id}/province"))
        .call()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    assert_eq!(province["rules"]["file"], "tinh.toml");
    assert!(province["choices"].as_array().unwrap().is_empty());
    drop(running);
}

/// The console's next line starting with `start`.
fn said_until(lines: &mut Lines, start: &str) -> String {
    for line in lines.by_ref().take(10) {
        let line = line.unwrap();
        if line.starts_with(start) {
            return line;
        }
    }
    panic!("no line starting with {start}");
}
