//! `thidua serve` end to end in real headless browsers — Chromium through
//! chromedriver and Firefox through geckodriver (WebDriver): open the page, upload the sample bloc, wait
//! for the results, check the ranking shown against the answer key,
//! download the workbook and compare it with the command line's, replace
//! a faulty file with a corrected one, and check that a file name full of
//! markup is shown as text; with several rules files offered (a double
//! click in a folder holding copies), pick one on the page; the vote:
//! download the ballots, upload the ones filled by openpyxl and read the
//! count shown against `thidua tally`'s, and the notice when the
//! submissions change the candidate lists; the count typed into the
//! page's forms (one figure left blank, then all) read against `thidua
//! tally` on the count sheet filled with the same figures; the province's
//! page (/tinh) reached from the bloc page, the blocs' results uploaded and
//! shown, and its workbook, as `thidua province` gives them. Screenshots are kept in
//! `target/tmp/e2e/` (CI artifacts).
//!
//! Needs Debian's `chromium` and `chromium-driver`, and `firefox-esr` with
//! `geckodriver` (`cargo install geckodriver`), all installed by .ci/run;
//! the paths can be overridden with THIDUA_CHROMIUM, THIDUA_CHROMEDRIVER,
//! THIDUA_FIREFOX and THIDUA_GECKODRIVER. Without them a test is reported
//! as ignored — except under CI (the `CI` environment variable set), where
//! it fails.

mod common;

use common::tools::{self, Tool, program};

use base64::Engine;
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use thidua::rules::{Province, Rules};
use thidua::web::{Limits, LoadedProvince, LoadedRules, Server};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The browsers the page is tested in.
#[derive(Clone, Copy)]
enum Kind {
    Chromium,
    Firefox,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Chromium => "chromium",
            Kind::Firefox => "firefox",
        }
    }

    /// The browser program.
    fn binary(self) -> String {
        match self {
            Kind::Chromium => program("THIDUA_CHROMIUM", "/usr/bin/chromium"),
            Kind::Firefox => program("THIDUA_FIREFOX", "/usr/bin/firefox-esr"),
        }
    }

    /// Its WebDriver server.
    fn driver(self) -> String {
        match self {
            Kind::Chromium => program("THIDUA_CHROMEDRIVER", "chromedriver"),
            Kind::Firefox => program("THIDUA_GECKODRIVER", "geckodriver"),
        }
    }

    /// The session's capabilities: headless, 1366×768, downloads saved
    /// into `downloads` without asking.
    fn capabilities(self, downloads: &Path) -> Value {
        let dir = downloads.to_str().unwrap();
        match self {
            Kind::Chromium => json!({
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": self.binary(),
                    "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--window-size=1366,768", "--lang=vi-VN", "--force-device-scale-factor=1"],
                    "prefs": {
                        "download.default_directory": dir,
                        "download.prompt_for_download": false,
                        "safebrowsing.enabled": false
                    }
                }
            }),
            Kind::Firefox => json!({
                "browserName": "firefox",
                "moz:firefoxOptions": {
                    "binary": self.binary(),
                    "args": ["-headless", "--width=1366", "--height=768"],
                    "prefs": {
                        "browser.download.folderList": 2,
                        "browser.download.dir": dir,
                        "browser.download.useDownloadDir": true,
                        "browser.download.always_ask_before_handling_new_types": false,
                        "browser.helperApps.neverAsk.saveToDisk":
                            "application/zip,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        "intl.accept_languages": "vi-VN, vi"
                    }
                }
            }),
        }
    }
}

/// A WebDriver server on a free port, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(kind: Kind) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let exe = kind.driver();
        let child = Command::new(&exe)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {exe} ({e}); see .ci/run"));
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(mut r) = ureq::get(&format!("{}/status", driver.url)).call()
                && r.body_mut()
                    .read_json::<Value>()
                    .is_ok_and(|v| v["value"]["ready"] == true)
            {
                return driver;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("{exe} did not start");
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser session.
struct Browser<'a> {
    driver: &'a Driver,
    id: String,
}

impl<'a> Browser<'a> {
    fn open(driver: &'a Driver, kind: Kind, downloads: &Path) -> Browser<'a> {
        let caps = json!({"capabilities": {"alwaysMatch": kind.capabilities(downloads)}});
        let v = post(&format!("{}/session", driver.url), caps);
        let browser = Browser {
            driver,
            id: v["sessionId"]
                .as_str()
                .expect("a WebDriver session")
                .to_string(),
        };
        if let Kind::Chromium = kind {
            browser.cmd(
                "goog/cdp/execute",
                json!({"cmd": "Browser.setDownloadBehavior",
                       "params": {"behavior": "allow", "downloadPath": downloads.to_str().unwrap()}}),
            );
        }
        browser
    }

    fn url(&self, path: &str) -> String {
        format!("{}/session/{}/{}", self.driver.url, self.id, path)
    }

    fn cmd(&self, path: &str, body: Value) -> Value {
        post(&self.url(path), body)
    }

    fn go(&self, url: &str) {
        self.cmd("url", json!({"url": url}));
    }

    fn find(&self, css: &str) -> String {
        let v = self.cmd("element", json!({"using": "css selector", "value": css}));
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.cmd(&format!("element/{e}/click"), json!({}));
    }

    fn upload(&self, css: &str, files: &[PathBuf]) {
        let e = self.find(css);
        let text = files
            .iter()
            .map(|f| f.to_str().unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        self.cmd(&format!("element/{e}/value"), json!({"text": text}));
    }

    fn js(&self, script: &str) -> Value {
        self.cmd("execute/sync", json!({"script": script, "args": []}))
    }

    /// Wait until `script` returns true.
    fn wait(&self, script: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if self.js(script) == Value::Bool(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let text = self.js("return document.body.innerText");
        panic!(
            "timed out waiting for {what}; page:\n{}",
            text.as_str().unwrap_or_default()
        );
    }

    fn screenshot(&self, path: &Path) {
        let v = ureq::get(&self.url("screenshot"))
            .call()
            .expect("screenshot")
            .body_mut()
            .read_json::<Value>()
            .unwrap();
        let png = base64::engine::general_purpose::STANDARD
            .decode(v["value"].as_str().unwrap())
            .unwrap();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }

    /// The text of the dialog the page has open (`confirm`), waiting for
    /// one to open. No other command may be sent meanwhile: WebDriver
    /// would dismiss it.
    fn dialog(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let mut response = ureq::get(&self.url("alert/text"))
                .config()
                .http_status_as_error(false)
                .build()
                .call()
                .expect("WebDriver alert/text");
            if response.status().is_success() {
                let v: Value = response.body_mut().read_json().unwrap();
                return v["value"].as_str().unwrap_or_default().to_string();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("no dialog opened");
    }

    /// Answer the open dialog: OK (`true`) or Cancel.
    fn answer(&self, ok: bool) {
        let path = if ok { "alert/accept" } else { "alert/dismiss" };
        self.cmd(path, json!({}));
    }

    fn resize(&self, width: u64, height: u64) {
        self.cmd("window/rect", json!({"width": width, "height": height}));
    }
}

impl Drop for Browser<'_> {
    fn drop(&mut self) {
        let _ = ureq::delete(&format!("{}/session/{}", self.driver.url, self.id)).call();
    }
}

fn post(url: &str, body: Value) -> Value {
    let mut response = ureq::post(url)
        .config()
        .http_status_as_error(false)
        .build()
        .send_json(&body)
        .unwrap_or_else(|e| panic!("WebDriver {url}: {e}"));
    let status = response.status();
    let v: Value = response.body_mut().read_json().expect("WebDriver JSON");
    assert!(status.is_success(), "WebDriver {url}: {status} {v}");
    v["value"].clone()
}

/// The server on a free port, in a thread for the rest of the test run.
fn serve() -> String {
    let path = common::sample_dir().join("quy-dinh.toml");
    serve_with(LoadedRules {
        rules: Arc::new(Rules::load(&path).unwrap()),
        file: "quy-dinh.toml".into(),
    })
}

/// [`serve`] with `rules`.
fn serve_with(rules: LoadedRules) -> String {
    let server = Server::bind(
        "127.0.0.1:0".parse().unwrap(),
        Some(rules),
        Limits::default(),
        &[],
    )
    .unwrap();
    let addr = server.local_addr().unwrap();
    std::thread::spawn(move || server.run());
    format!("http://127.0.0.1:{}/", addr.port())
}

fn wait_for_file(path: &Path) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(bytes) = std::fs::read(path)
            && !bytes.is_empty()
            && ["crdownload", "part"]
                .iter()
                .all(|partial| !PathBuf::from(format!("{}.{partial}", path.display())).exists())
        {
            return bytes;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no download at {}", path.display());
}

/// Where the screenshots taken in `kind` are kept.
fn shots_of(kind: Kind) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("e2e")
        .join(kind.name())
}

/// The page at `url` opened in `browser`, once it shows the sample rules.
fn open_page(browser: &Browser, url: &str) {
    browser.go(url);
    browser.wait(
        "return document.getElementById('bloc').textContent.includes('năm 2025')",
        "the rules",
    );
}

/// "95,5" as the page shows 95.5.
fn shown(v: &Value) -> String {
    match v.as_f64() {
        Some(f) => {
            let s = format!("{f}");
            s.replace('.', ",")
        }
        None => "—".into(),
    }
}

fn the_page_consolidates_the_sample_bloc_like_the_command_line_in_chromium() {
    the_page_consolidates_the_sample_bloc_like_the_command_line(Kind::Chromium);
}

fn the_page_consolidates_the_sample_bloc_like_the_command_line_in_firefox() {
    the_page_consolidates_the_sample_bloc_like_the_command_line(Kind::Firefox);
}

fn the_page_consolidates_the_sample_bloc_like_the_command_line(kind: Kind) {
    let shots = shots_of(kind);
    let downloads = tempfile::tempdir().unwrap();
    let url = serve();
    let driver = Driver::start(kind);
    let browser = Browser::open(&driver, kind, downloads.path());
    browser.go(&url);
    browser.wait(
        "return document.getElementById('bloc').textContent.includes('năm 2025')",
        "the rules given on the command line",
    );
    // Regression (empty_progress_bars_shown_before_any_upload): the class's
    // `display: flex` overrode `hidden`, so every empty bar showed.
    assert_eq!(
        browser.js("return [...document.querySelectorAll('.progress')] \
             .filter(p => p.hidden && getComputedStyle(p).display !== 'none').length"),
        json!(0),
        "hidden progress bars are not shown"
    );

    let files = common::sample_files();
    browser.upload("#files-input", &files);
    browser.wait(
        "return document.getElementById('progress-text').textContent === 'Đã gửi và kiểm tra 8 tệp.' \
         && document.querySelectorAll('#ranking tbody tr.unit').length === 9",
        "the results of 8 files",
    );
    browser.screenshot(&shots.join("trang-1366x768.png"));

    // Plain and accessible on an office screen: no sideways scrolling at
    // 1366 pixels, every control named and reachable from the keyboard.
    assert_eq!(
        browser.js("return document.documentElement.scrollWidth <= window.innerWidth"),
        json!(true),
        "the page fits 1366 pixels"
    );
    let unnamed = browser.js(
        "return Array.from(document.querySelectorAll('button, a[href], [role=button], input'))
           .filter(e => !(e.getAttribute('aria-label') || e.textContent.trim() || (e.labels && e.labels.length) || e.id === 'files-input' || e.id === 'replace-input'))
           .map(e => e.outerHTML)",
    );
    assert_eq!(unnamed, json!([]), "controls without a name");
    assert_eq!(
        browser.js("return document.getElementById('drop').tabIndex === 0 && document.documentElement.lang === 'vi'"),
        json!(true)
    );
    // Enter on the drop zone opens the file picker.
    browser.js(
        "window.picked = 0; const input = document.getElementById('files-input'); \
         input.click = () => { window.picked += 1; }; return true",
    );
    let drop = browser.find("#drop");
    browser.cmd(
        &format!("element/{drop}/value"),
        json!({"text": "\u{E007}"}),
    );
    assert_eq!(
        browser.js("return window.picked"),
        json!(1),
        "Enter opens the picker"
    );
    browser.js("delete document.getElementById('files-input').click; return true");

    // The ranking shown, against the answer key.
    let rows = browser.js(
        "return Array.from(document.querySelectorAll('#ranking tbody tr.unit')).map(tr => \
           [tr.dataset.unit].concat(Array.from(tr.cells).map(td => td.textContent)))",
    );
    let key: Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("tests/expected/sample-bloc.json")).unwrap(),
    )
    .unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 9);
    let mut last_rank = 0;
    for row in rows {
        let id = row[0].as_str().unwrap();
        let want = &key["units"][id];
        let rank = row[1].as_str().unwrap().trim_end_matches('=');
        match want["rank"].as_u64() {
            Some(r) => {
                assert_eq!(rank, r.to_string(), "{id} rank");
                assert!(r >= last_rank, "ranking order");
                last_rank = r;
            }
            None => assert_eq!(rank, "—", "{id}"),
        }
        assert_eq!(
            row[3].as_str().unwrap(),
            shown(&want["self_total"]),
            "{id} self total"
        );
        assert_eq!(
            row[4].as_str().unwrap(),
            shown(&want["total"]),
            "{id} total"
        );
        assert_eq!(
            row[5].as_str().unwrap(),
            want["award"].as_str().unwrap_or(""),
            "{id} award"
        );
    }

    // A unit's issues, with their cells, open from its row.
    browser.click("#ranking tr[data-unit='SDTTG'] button");
    let issues = browser.js(
        "const tr = document.querySelector(\"#ranking tr[data-unit='SDTTG']\").nextElementSibling; \
         return tr.hidden ? null : Array.from(tr.querySelectorAll('li')).map(li => li.textContent)",
    );
    let issues = issues.as_array().expect("the issues are shown");
    assert!(!issues.is_empty());
    assert!(
        issues.iter().any(|i| i.as_str().unwrap().contains("ô D")),
        "{issues:?}"
    );
    let height = browser
        .js("return document.documentElement.scrollHeight")
        .as_u64()
        .unwrap();
    browser.resize(1366, height.max(768) + 100);
    browser.js("window.scrollTo(0, 0); return true");
    browser.screenshot(&shots.join("trang-ket-qua.png"));
    browser.resize(1366, 768);
    browser.js("document.getElementById('h-result').scrollIntoView(); return true");
    browser.screenshot(&shots.join("trang-xep-hang.png"));

    // The workbook downloaded equals the command line's, value by value.
    browser.click("#dl-workbook");
    let downloaded = wait_for_file(&downloads.path().join("tong-hop.xlsx"));
    let (_, cli_workbook) =
        common::cli_consolidate_by_name(&common::sample_dir().join("quy-dinh.toml"), &files);
    assert_eq!(
        common::workbook_cells(&downloaded),
        common::workbook_cells(&cli_workbook)
    );

    // The phiếu phản hồi: one per file, in a .zip.
    browser.click("#dl-feedback");
    let zip = wait_for_file(&downloads.path().join("phieu-phan-hoi.zip"));
    let archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a .zip");
    assert_eq!(archive.len(), files.len());

    // A corrected file replaces the faulty one; the ranking is redone.
    let faulty = &common::sample_file("SDTTG");
    let errors_of = |b: &Browser| {
        b.js("return document.querySelector(\"#ranking tr[data-unit='SDTTG']\").cells[5].textContent")
    };
    assert_ne!(errors_of(&browser), json!("0"));
    let fixed_dir = tempfile::tempdir().unwrap();
    let fixed = fixed_dir.path().join("SDTTG - bản đã sửa.xlsx");
    let rules = Rules::load(&common::sample_dir().join("quy-dinh.toml")).unwrap();
    common::write_submission_of(&rules, "SDTTG", &fixed);
    let name = faulty
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .replace('\'', "\\'");
    browser.click(&format!(
        "#files button[aria-label='Thay tệp {name} bằng tệp đã sửa']"
    ));
    browser.upload("#replace-input", std::slice::from_ref(&fixed));
    browser.wait(
        "return Array.from(document.querySelectorAll('#files td.file')).some(td => td.textContent === 'SDTTG - bản đã sửa.xlsx') \
         && !Array.from(document.querySelectorAll('#files td.file')).some(td => td.textContent.startsWith('SDTTG_'))",
        "the corrected file in place of the faulty one",
    );
    assert_eq!(errors_of(&browser), json!("0"));

    // A file named as one already sent (as Windows compares names): the
    // page asks before replacing, naming both files and the unit.
    let same_dir = tempfile::tempdir().unwrap();
    let same = same_dir.path().join("BHXH.xlsx");
    common::write_submission_of(&rules, "BHXH", &same);
    let names_shown =
        "return Array.from(document.querySelectorAll('#files td.file')).map(td => td.textContent)";
    browser.upload("#files-input", std::slice::from_ref(&same));
    let question = browser.dialog();
    println!("{}: the dialog says: {question}", kind.name());
    for part in [
        "\u{201C}BHXH.xlsx\u{201D}",
        "\u{201C}bhxh.xlsx\u{201D}",
        "Bảo hiểm xã hội tỉnh Quảng Ngãi",
        "Thay tệp cũ bằng tệp mới?",
    ] {
        assert!(question.contains(part), "{part} in {question}");
    }
    browser.answer(false);
    browser.wait(
        "return document.getElementById('upload-errors').textContent.includes('Chưa gửi \u{201C}BHXH.xlsx\u{201D}')",
        "the note that the file was not sent",
    );
    let shown = browser.js(names_shown);
    assert!(
        shown.as_array().unwrap().contains(&json!("bhxh.xlsx")),
        "{shown}"
    );
    assert!(
        !shown.as_array().unwrap().contains(&json!("BHXH.xlsx")),
        "{shown}"
    );
    browser.upload("#files-input", std::slice::from_ref(&same));
    browser.dialog();
    browser.answer(true);
    browser.wait(
        "const names = Array.from(document.querySelectorAll('#files td.file')).map(td => td.textContent); \
         return names.includes('BHXH.xlsx') && !names.includes('bhxh.xlsx') \
           && document.getElementById('upload-errors').hidden",
        "the file replaced once the officer agreed",
    );
    assert_eq!(
        browser.js("return document.querySelectorAll('#files tbody tr').length"),
        json!(8)
    );

    // Markup in a file name is shown as text, never run.
    let odd_dir = tempfile::tempdir().unwrap();
    let odd = odd_dir
        .path()
        .join("<b>đậm<img src=x onerror=alert(1)>.xlsx");
    std::fs::write(&odd, b"not a workbook").unwrap();
    browser.upload("#files-input", &[odd]);
    browser.wait(
        "return Array.from(document.querySelectorAll('#files td.file')).some(td => td.textContent === '<b>đậm<img src=x onerror=alert(1)>.xlsx')",
        "the odd file name shown as text",
    );
    assert_eq!(
        browser.js("return document.querySelectorAll('main img, main b').length"),
        json!(0)
    );
}

fn the_page_asks_which_rules_file_in_chromium() {
    the_page_asks_which_rules_file(Kind::Chromium);
}

fn the_page_asks_which_rules_file_in_firefox() {
    the_page_asks_which_rules_file(Kind::Firefox);
}

/// Started without arguments in a folder with several rules files (a
/// double click): the page lists them, with the bloc and year of each or
/// why it cannot be used, and one click uses one.
fn the_page_asks_which_rules_file(kind: Kind) {
    let shots = shots_of(kind);
    let folder = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string(common::sample_dir().join("quy-dinh.toml")).unwrap();
    let mut paths = Vec::new();
    for (name, text) in [
        ("quy-dinh.toml", sample.clone()),
        (
            "quy-dinh - Copy.toml",
            sample.replacen("year = 2025", "year = 2024", 1),
        ),
        (
            "quy-dinh-cu.toml",
            sample.replacen("year = 2025", "year = \"2025\"", 1),
        ),
    ] {
        let path = folder.path().join(name);
        std::fs::write(&path, text).unwrap();
        paths.push(path);
    }
    let server = Server::bind("127.0.0.1:0".parse().unwrap(), None, Limits::default(), &[])
        .unwrap()
        .offer_rules(&paths);
    let url = format!("http://127.0.0.1:{}/", server.local_addr().unwrap().port());
    std::thread::spawn(move || server.run());

    let downloads = tempfile::tempdir().unwrap();
    let driver = Driver::start(kind);
    let browser = Browser::open(&driver, kind, downloads.path());
    browser.go(&url);
    browser.wait(
        "return !document.getElementById('rules-choices').hidden \
         && document.querySelectorAll('#rules-choices li.choice').length === 3",
        "the rules files offered",
    );
    let text_of = |file: &str| {
        browser
            .js(&format!(
                "return document.querySelector(\"#rules-choices li[data-file='{file}']\").textContent"
            ))
            .as_str()
            .unwrap()
            .to_string()
    };
    let usable = text_of("quy-dinh.toml");
    assert!(
        usable.contains("Khối thi đua Văn hóa - Xã hội — năm 2025"),
        "{usable}"
    );
    assert!(text_of("quy-dinh - Copy.toml").contains("năm 2024"));
    let broken = text_of("quy-dinh-cu.toml");
    assert!(
        broken.contains("Không dùng được") && broken.contains("dòng 6"),
        "{broken}"
    );
    assert_eq!(
        browser.js("return document.getElementById('bloc').textContent"),
        json!("Chưa có quy định chấm điểm của khối.")
    );
    let unnamed = browser.js(
        "return Array.from(document.querySelectorAll('#rules-choices button')) \
           .filter(e => !(e.getAttribute('aria-label') && e.textContent.trim())).map(e => e.outerHTML)",
    );
    assert_eq!(unnamed, json!([]), "controls without a name");
    browser.screenshot(&shots.join("chon-quy-dinh.png"));

    // One click: the page works with those rules.
    browser.click("#rules-choices li[data-file='quy-dinh.toml'] button");
    browser.wait(
        "return document.getElementById('bloc').textContent.includes('năm 2025') \
         && document.querySelector(\"#rules-choices li[data-file='quy-dinh.toml']\").classList.contains('in-use')",
        "the rules chosen in use",
    );
    assert!(
        browser
            .js("return document.getElementById('rules-status').textContent")
            .as_str()
            .unwrap()
            .contains("Đang dùng tệp quy định \u{201C}quy-dinh.toml\u{201D}")
    );
    browser.upload("#files-input", &common::sample_files()[..1]);
    browser.wait(
        "return document.querySelectorAll('#ranking tbody tr.unit').length === 9",
        "the ranking with the rules chosen",
    );
}

fn the_page_counts_the_ballots_like_thidua_tally_in_chromium() {
    the_page_counts_the_ballots_like_thidua_tally(Kind::Chromium);
}

fn the_page_counts_the_ballots_like_thidua_tally_in_firefox() {
    the_page_counts_the_ballots_like_thidua_tally(Kind::Firefox);
}

/// The vote on the page: the candidates shown and the ballots downloaded
/// are `thidua ballots`'; the ballots filled by openpyxl (a spoiled one,
/// too many ticks, a name added, a tie, a file that is no workbook) sent
/// at once; the figures shown are `thidua tally`'s, value by value; a
/// ballot removed is counted out.
fn the_page_counts_the_ballots_like_thidua_tally(kind: Kind) {
    let shots = shots_of(kind);
    let dir = tempfile::tempdir().unwrap();
    let (bloc, rules, files) = common::bloc_with_a_tie(dir.path());
    let filled = common::filled_ballots(dir.path(), &bloc);
    let blank = std::fs::read(dir.path().join("phieu-bau.xlsx")).unwrap();
    let cli = common::cli_tally(&bloc, &filled);

    let downloads = tempfile::tempdir().unwrap();
    let url = serve_with(rules);
    let driver = Driver::start(kind);
    let browser = Browser::open(&driver, kind, downloads.path());
    open_page(&browser, &url);
    assert_eq!(
        browser.js("return document.getElementById('ballot-drop').hidden"),
        json!(true),
        "no ballots before a consolidation"
    );
    browser.upload("#files-input", &files);
    browser.wait(
        &format!(
            "return document.getElementById('progress-text').textContent === 'Đã gửi và kiểm tra {} tệp.' \
             && !document.getElementById('ballots-ready').hidden",
            files.len()
        ),
        "the results and the ballots' candidates",
    );

    // Each award's candidates, as the ballots print them.
    let shown = browser.js(
        "return Array.from(document.querySelectorAll('#slates .slate')).map(d => \
           Array.from(d.querySelectorAll('tbody tr')).map(tr => tr.cells[1].textContent))",
    );
    let printed = common::ballot_names(&blank);
    assert_eq!(shown, json!(printed));
    let tied = browser.js(
        "return Array.from(document.querySelectorAll('#slates tbody tr')).filter(tr => tr.cells[4].textContent === 'Bằng điểm').length",
    );
    assert_eq!(tied, json!(2));
    browser.click("#dl-ballots");
    let downloaded = wait_for_file(&downloads.path().join("phieu-bau.xlsx"));
    assert_eq!(
        common::workbook_cells(&downloaded),
        common::workbook_cells(&blank)
    );

    // The filled ballots, all at once.
    let ballots = common::workbooks_in(&filled);
    browser.upload("#ballots-input", &ballots);
    browser.wait(
        &format!(
            "return document.getElementById('ballot-progress-text').textContent === 'Đã gửi và kiểm tra {} phiếu.' \
             && document.querySelectorAll('#count .award-count').length === 3",
            ballots.len()
        ),
        "the count",
    );
    assert_eq!(count_shown(&browser), count_expected(&cli));

    // Every ballot not counted, with its file, sheet and cell.
    let findings = browser.js(
        "return Array.from(document.querySelectorAll('#ballot-issues li')).map(li => li.textContent)",
    );
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), cli["issues"].as_array().unwrap().len());
    assert!(
        findings.iter().any(|f| {
            let f = f.as_str().unwrap();
            f.contains("tệp \u{201C}phieu-hong.xlsx\u{201D}") && f.contains("Không kiểm được phiếu")
        }),
        "{findings:?}"
    );
    assert!(
        findings.iter().any(|f| {
            let f = f.as_str().unwrap();
            f.contains("phieu-09.xlsx")
                && f.contains("trang \u{201C}Phiếu 1\u{201D}")
                && f.contains("ô E")
        }),
        "{findings:?}"
    );
    // What is proposed and what is left to a new vote, as the command line
    // lists them.
    let listed = |outcome: &str| -> Value {
        cli["awards"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|a| {
                a["candidates"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|c| c["outcome"] == outcome)
                    .map(|c| {
                        json!(format!(
                            "{} — {}",
                            c["name"].as_str().unwrap(),
                            a["award"].as_str().unwrap()
                        ))
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let shown_list = |id: &str| {
        browser.js(&format!(
            "return Array.from(document.querySelectorAll('#{id} li')).map(li => li.textContent)"
        ))
    };
    assert_eq!(shown_list("proposed"), listed("proposed"));
    assert_eq!(shown_list("undecided"), listed("undecided"));
    assert_eq!(listed("undecided").as_array().unwrap().len(), 2);
    let unnamed = browser.js(
        "return Array.from(document.querySelectorAll('section button, section a[href], section [role=button], section input'))
           .filter(e => !(e.getAttribute('aria-label') || e.textContent.trim() || (e.labels && e.labels.length) || e.id === 'files-input' || e.id === 'replace-input'))
           .map(e => e.outerHTML)",
    );
    assert_eq!(unnamed, json!([]), "controls without a name");
    assert_eq!(
        browser.js("return document.documentElement.scrollWidth <= window.innerWidth"),
        json!(true),
        "the page fits 1366 pixels"
    );
    let height = browser
        .js("return document.documentElement.scrollHeight")
        .as_u64()
        .unwrap();
    browser.resize(1366, height.max(768) + 100);
    browser.js("document.getElementById('h-ballots').scrollIntoView(); return true");
    browser.screenshot(&shots.join("trang-kiem-phieu.png"));
    browser.resize(1366, 768);
    // The user guide's pictures of steps 5 and 6 (scripts/guide_screenshots.sh).
    browser.js("document.getElementById('h-ballots').scrollIntoView(); return true");
    browser.screenshot(&shots.join("huong-dan-phieu-bau.png"));
    browser.js("document.getElementById('count').scrollIntoView(); return true");
    browser.screenshot(&shots.join("huong-dan-kiem-phieu.png"));

    // A ballot removed: counted again without it, as `thidua tally` counts
    // the others.
    browser.click("#ballot-files button[aria-label='Xóa phiếu phieu-01.xlsx']");
    browser.wait(
        "return !Array.from(document.querySelectorAll('#ballot-files td.file')).some(td => td.textContent === 'phieu-01.xlsx')",
        "the ballot removed",
    );
    std::fs::remove_file(filled.join("phieu-01.xlsx")).unwrap();
    assert_eq!(
        count_shown(&browser),
        count_expected(&common::cli_tally(&bloc, &filled))
    );

    // The submissions change after the ballots were printed (the leading
    // unit's file removed): the page says the candidate lists changed.
    assert_eq!(
        browser.js("return document.getElementById('list-changed').hidden"),
        json!(true)
    );
    let leader = files
        .iter()
        .find(|f| {
            f.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("Sở Y tế")
        })
        .unwrap();
    browser.click(&format!(
        "#files button[aria-label='Xóa tệp {}']",
        leader.file_name().unwrap().to_str().unwrap()
    ));
    browser.wait(
        "return !document.getElementById('list-changed').hidden",
        "the notice that the candidate lists changed",
    );
    let notice = browser.js("return document.getElementById('list-changed').textContent");
    let notice = notice.as_str().unwrap();
    assert!(
        notice.starts_with("Danh sách đề cử đã thay đổi so với phiếu đã in")
            && notice.contains("Cờ thi đua của Chính phủ"),
        "{notice}"
    );
}

/// The count the page shows: per award its name, its figures and each
/// candidate's unit, votes, share and outcome.
fn count_shown(b: &Browser) -> Value {
    b.js("return Array.from(document.querySelectorAll('#count .award-count')).map(d => ({ \
           award: d.querySelector('h3').textContent, \
           figures: d.querySelector('.figures').textContent, \
           rows: Array.from(d.querySelectorAll('tbody tr')).map(tr => \
             [tr.dataset.unit, tr.cells[2].textContent, tr.cells[3].textContent, tr.cells[4].textContent]) }))")
}

/// What [`count_shown`] should read for the count `tally` (`thidua tally
/// --json`'s).
fn count_expected(tally: &Value) -> Value {
    let labels = json!({
        "proposed": "được đề nghị",
        "not-enough": "không đạt tỷ lệ",
        "no-place": "đạt tỷ lệ nhưng hết suất",
        "undecided": "chưa quyết định"
    });
    let awards = tally["awards"].as_array().unwrap();
    Value::Array(
        awards
            .iter()
            .map(|a| {
                let base = a["base"].as_u64().unwrap();
                json!({
                    "award": a["award"],
                    "figures": format!(
                        "Phát ra {}, thu về {}, hợp lệ {}, không hợp lệ {}.",
                        a["issued"], a["returned"], a["valid"], a["invalid"]
                    ),
                    "rows": a["candidates"].as_array().unwrap().iter().map(|c| {
                        let agree = c["agree"].as_u64().unwrap();
                        let tenths = (agree * 1000 + base / 2) / base;
                        json!([c["unit"], format!("{agree}/{base}"),
                               format!("{},{}%", tenths / 10, tenths % 10),
                               labels[c["outcome"].as_str().unwrap()]])
                    }).collect::<Vec<_>>()
                })
            })
            .collect(),
    )
}

fn the_page_counts_typed_figures_in_chromium() {
    the_page_counts_typed_figures(Kind::Chromium);
}

fn the_page_counts_typed_figures_in_firefox() {
    the_page_counts_typed_figures(Kind::Firefox);
}

/// The count typed on the page: the count sheet downloaded is `thidua
/// ballots`'; the figures scripts/fill_count_sheet.py types on it typed
/// into the forms key by key, one left blank first (not counted, the
/// form says which), then in full: the outcomes shown are those `thidua
/// tally` gives for the filled sheet (a tie left undecided); the figures
/// are shown back after a reload.
fn the_page_counts_typed_figures(kind: Kind) {
    let shots = shots_of(kind);
    let dir = tempfile::tempdir().unwrap();
    let (bloc, rules, files) = common::bloc_with_a_tie(dir.path());
    common::cli_ballots(&bloc, &dir.path().join("phieu-bau.xlsx"));
    let sheet = dir.path().join("phieu-bau - kiểm phiếu.xlsx");
    let cases = dir.path().join("kiem-phieu");
    common::fill_count_sheet(&sheet, &cases);
    let cli = common::cli_tally_of(&bloc, &[&cases.join("du")]);

    let downloads = tempfile::tempdir().unwrap();
    let url = serve_with(rules);
    let driver = Driver::start(kind);
    let browser = Browser::open(&driver, kind, downloads.path());
    open_page(&browser, &url);
    assert_eq!(
        browser.js("return document.getElementById('typed').hidden"),
        json!(true),
        "no form before a consolidation"
    );
    browser.upload("#files-input", &files);
    browser.wait(
        &format!(
            "return document.getElementById('progress-text').textContent === 'Đã gửi và kiểm tra {} tệp.' \
               && document.getElementById('dl-count-sheet').hasAttribute('href') \
               && document.querySelectorAll('#typed-forms form').length === 3 \
               && !document.getElementById('typed').hidden",
            files.len()
        ),
        "the forms of the typed count",
    );
    browser.click("#dl-count-sheet");
    let downloaded = wait_for_file(&downloads.path().join("kiem-phieu.xlsx"));
    assert_eq!(
        common::workbook_cells(&downloaded),
        common::workbook_cells(&std::fs::read(&sheet).unwrap())
    );
    assert_eq!(
        browser.js("return document.querySelector('#typed-forms form .issued').textContent"),
        json!("Số phiếu phát ra: 9.")
    );

    // The figures of fill_count_sheet.py, typed key by key; the Bằng
    // khen's invalid ballots left blank at first.
    let figures: [(&str, &str, &[&str]); 3] = [
        ("9", "1", &["7"]),
        ("8", "0", &["4"]),
        ("9", "2", &["7", "5", "5"]),
    ];
    let type_in = |css: &str, text: &str| {
        let e = browser.find(css);
        browser.cmd(&format!("element/{e}/clear"), json!({}));
        browser.cmd(&format!("element/{e}/value"), json!({"text": text}));
    };
    for (award, (returned, invalid, agree)) in figures.iter().enumerate() {
        let form = format!("#typed-forms form[data-index='{award}']");
        type_in(&format!("{form} input[name=returned]"), returned);
        if award != 2 {
            type_in(&format!("{form} input[name=invalid]"), invalid);
        }
        for (n, votes) in agree.iter().enumerate() {
            type_in(
                &format!("{form} tbody tr:nth-child({}) input[name=agree]", n + 1),
                votes,
            );
        }
    }
    // Redrawn before they are sent (a file sent again meanwhile): what was
    // typed stays.
    browser.upload("#files-input", &files[..1]);
    browser.wait(
        "return document.getElementById('progress-text').textContent === 'Đã gửi và kiểm tra 1 tệp.'",
        "a file sent again",
    );
    assert_eq!(
        browser.js(
            "return Array.from(document.querySelectorAll(\"#typed-forms form[data-index='2'] input\")).map(i => i.value)",
        ),
        json!(["9", "", "7", "5", "5"])
    );
    browser.click("#typed-forms form[data-index='2'] button[type=submit]");
    browser.wait(
        "return document.querySelectorAll('#count .award-count').length === 2 \
           && !!document.querySelector(\"#typed-forms form[data-index='2'] .form-issues\")",
        "the count of two awards, the third said to be incomplete",
    );
    let said = browser.js(
        "return document.querySelector(\"#typed-forms form[data-index='2'] .form-issues\").textContent",
    );
    assert!(
        said.as_str()
            .unwrap()
            .contains("số phiếu không hợp lệ để trống"),
        "{said}"
    );
    assert_eq!(
        browser.js("return document.querySelector(\"#typed-forms form[data-index='2'] input[name=invalid]\").getAttribute('aria-invalid')"),
        json!("true")
    );
    // Typed in full: the outcomes of `thidua tally` on the filled sheet.
    type_in("#typed-forms form[data-index='2'] input[name=invalid]", "2");
    browser.click("#typed-forms form[data-index='0'] button[type=submit]");
    browser.wait(
        "return document.querySelectorAll('#count .award-count').length === 3",
        "the count of the three awards",
    );
    assert_eq!(count_shown(&browser), count_expected(&cli));
    let undecided = browser.js(
        "return Array.from(document.querySelectorAll('#undecided li')).map(li => li.textContent)",
    );
    assert_eq!(undecided.as_array().unwrap().len(), 2, "{undecided}");
    let height = browser
        .js("return document.documentElement.scrollHeight")
        .as_u64()
        .unwrap();
    browser.resize(1366, height.max(768) + 100);
    browser.js("document.getElementById('typed').scrollIntoView(); return true");
    browser.screenshot(&shots.join("trang-nhap-so-lieu.png"));
    browser.resize(1366, 768);
    // The user guide's picture of the typed figures (scripts/guide_screenshots.sh).
    browser.js("document.getElementById('typed').scrollIntoView(); return true");
    browser.screenshot(&shots.join("huong-dan-nhap-so-lieu.png"));

    // After a reload, the figures typed are shown back.
    browser.go(&url);
    browser.wait(
        "return document.querySelectorAll('#count .award-count').length === 3",
        "the count after a reload",
    );
    let values = browser.js(
        "return Array.from(document.querySelectorAll(\"#typed-forms form[data-index='2'] input\")).map(i => i.value)",
    );
    assert_eq!(values, json!(["9", "2", "7", "5", "5"]));
    assert_eq!(count_shown(&browser), count_expected(&cli));
}

fn the_page_shows_past_years_in_chromium() {
    the_page_shows_past_years(Kind::Chromium);
}

fn the_page_shows_past_years_in_firefox() {
    the_page_shows_past_years(Kind::Firefox);
}

fn history_fixture(name: &str) -> PathBuf {
    common::root().join("tests/fixtures/history").join(name)
}

/// The ranking table's header cells, as shown.
const HEADERS: &str =
    "return Array.from(document.querySelectorAll('#ranking thead th')).map(th => th.textContent)";

/// The past years' reports of tests/fixtures/history added on the page
/// under rules with conditions over past years: the files, the years used
/// and the finding about a past unit shown; the ranking gains a column per
/// year with each unit's rank and award as the fixture's table says, and
/// the flags move as `thidua consolidate --history` moves them; the
/// workbook downloaded is the command line's; one year removed, its
/// column goes.
fn the_page_shows_past_years(kind: Kind) {
    let shots = shots_of(kind);
    let rules = history_fixture("quy-dinh-dieu-kien.toml");
    let url = serve_with(LoadedRules {
        rules: Arc::new(Rules::load(&rules).unwrap()),
        file: "quy-dinh-dieu-kien.toml".into(),
    });
    let downloads = tempfile::tempdir().unwrap();
    let driver = Driver::start(kind);
    let browser = Browser::open(&driver, kind, downloads.path());
    open_page(&browser, &url);
    let files = common::sample_files();
    browser.upload("#files-input", &files);
    browser.wait(
        "return document.getElementById('progress-text').textContent === 'Đã gửi và kiểm tra 8 tệp.' \
         && document.querySelectorAll('#ranking tbody tr.unit').length === 9",
        "the results of 8 files",
    );
    // No past year yet: the conditions over past years cannot be checked,
    // and the page says where to send the reports.
    let status = browser.js("return document.getElementById('past-status').textContent");
    assert!(
        status
            .as_str()
            .unwrap()
            .contains("hãy gửi ở đây báo cáo của đủ các năm điều kiện cần xét"),
        "{status}"
    );
    let headers = browser.js(HEADERS);
    assert!(
        !headers
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h.as_str().unwrap().starts_with("Năm ")),
        "{headers}"
    );

    let reports = history_fixture("reports");
    let pasts: Vec<PathBuf> = ["2022.json", "2023.json", "2024.json"]
        .iter()
        .map(|n| reports.join(n))
        .collect();
    browser.upload("#past-input", &pasts);
    browser.wait(
        "return document.querySelectorAll('#past-files tbody tr').length === 3 \
         && document.querySelectorAll('#ranking thead th.past-year').length === 3",
        "the past years shown",
    );
    assert_eq!(
        browser.js(HEADERS),
        json!([
            "Hạng",
            "Đơn vị",
            "Tự chấm",
            "Tổng điểm",
            "Đề nghị khen thưởng",
            "Năm 2022",
            "Năm 2023",
            "Năm 2024",
            "Lỗi",
            "Cảnh báo"
        ])
    );
    assert_eq!(
        browser.js("return document.getElementById('past-status').textContent"),
        json!("Đang dùng kết quả 3 năm: 2022, 2023, 2024.")
    );
    let files_shown = browser.js(
        "return Array.from(document.querySelectorAll('#past-files tbody tr')).map(tr => \
           Array.from(tr.cells).slice(0, 4).map(td => td.textContent))",
    );
    let bloc = "Khối thi đua Văn hóa - Xã hội";
    assert_eq!(
        files_shown,
        json!([
            ["2022.json", "2022", bloc, "Đang dùng"],
            ["2023.json", "2023", bloc, "Đang dùng"],
            ["2024.json", "2024", bloc, "Đang dùng"]
        ])
    );
    let findings = browser.js(
        "return Array.from(document.querySelectorAll('#past-issues li')).map(li => li.textContent)",
    );
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = findings[0].as_str().unwrap();
    assert!(
        finding.contains("tệp \u{201C}2022.json\u{201D}") && finding.contains("Sở Ngoại vụ"),
        "{finding}"
    );
    // The history findings are not repeated among the bloc's other issues.
    assert_eq!(
        browser.js(
            "return Array.from(document.querySelectorAll('#other-issues li')).filter(li => li.textContent.includes('Sở Ngoại vụ')).length"
        ),
        json!(0)
    );

    // Each unit's past years, as the fixture's table says; the awards as
    // the command line proposes them with the same past years.
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(history_fixture("expected.json")).unwrap())
            .unwrap();
    let (cli_report, cli_workbook) = cli_with_history(&rules, &files, &reports);
    let rows = browser.js(
        "return Array.from(document.querySelectorAll('#ranking tbody tr.unit')).map(tr => \
           [tr.dataset.unit].concat(Array.from(tr.cells).map(td => td.textContent)))",
    );
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 9);
    for row in rows {
        let id = row[0].as_str().unwrap();
        let years = expected["history"][id].as_array().unwrap();
        for (column, year) in [(6, 2022), (7, 2023), (8, 2024)] {
            let want = years
                .iter()
                .find(|p| p["year"] == year)
                .map_or_else(|| "—".to_string(), past_label);
            assert_eq!(row[column].as_str().unwrap(), want, "{id} {year}");
        }
        let unit = cli_report["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] == id)
            .unwrap();
        assert_eq!(
            row[5].as_str().unwrap(),
            unit["award"].as_str().unwrap_or(""),
            "{id} award"
        );
    }
    // A unit passed over for a flag says why in its details, with its
    // past years.
    let barred = cli_report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "award-past-condition")
        .expect("a unit passed over");
    let id = barred["unit"].as_str().unwrap();
    browser.click(&format!("#ranking tr[data-unit='{id}'] button"));
    let detail = browser.js(&format!(
        "const tr = document.querySelector(\"#ranking tr[data-unit='{id}']\").nextElementSibling; \
         return tr.hidden ? null : tr.textContent"
    ));
    let detail = detail.as_str().expect("the details shown");
    assert!(
        detail.contains(barred["message"].as_str().unwrap()),
        "{detail}"
    );
    assert!(
        detail.contains("Kết quả các năm trước: năm 2022: "),
        "{detail}"
    );
    let height = browser
        .js("return document.documentElement.scrollHeight")
        .as_u64()
        .unwrap();
    browser.resize(1366, height.max(768) + 100);
    browser.js("window.scrollTo(0, 0); return true");
    browser.screenshot(&shots.join("trang-cac-nam-truoc.png"));
    browser.resize(1366, 768);
    // The user guide's picture of past years (scripts/guide_screenshots.sh).
    browser.js("document.getElementById('h-past').scrollIntoView(); return true");
    browser.screenshot(&shots.join("huong-dan-cac-nam-truoc.png"));
    assert_eq!(
        browser.js("return document.documentElement.scrollWidth <= window.innerWidth"),
        json!(true),
        "the page with three past years fits 1366 pixels"
    );

    // The workbook downloaded is the command line's with --history.
    browser.click("#dl-workbook");
    let downloaded = wait_for_file(&downloads.path().join("tong-hop.xlsx"));
    assert_eq!(
        common::workbook_cells(&downloaded),
        common::workbook_cells(&cli_workbook)
    );

    // One year removed: its column goes.
    browser.click("#past-files button[aria-label='Xóa báo cáo năm trước 2022.json']");
    browser.wait(
        "return document.querySelectorAll('#past-files tbody tr').length === 2 \
         && document.querySelectorAll('#ranking thead th.past-year').length === 2",
        "the year removed",
    );
    assert_eq!(
        browser.js(
            "return Array.from(document.querySelectorAll('#ranking thead th.past-year')).map(th => th.textContent)"
        ),
        json!(["Năm 2023", "Năm 2024"])
    );
}

/// The oracle's label of a past year, as "Tổng hợp" writes it.
fn past_label(past: &Value) -> String {
    match (past["rank"].as_u64(), past["award"].as_str()) {
        (Some(r), Some(a)) => format!("Hạng {r} — {a}"),
        (Some(r), None) => format!("Hạng {r}"),
        (None, Some(a)) => a.to_string(),
        (None, None) => "Chưa xếp hạng".to_string(),
    }
}

/// `thidua consolidate --rules RULES --history HISTORY FILES` in the
/// files' folder: the JSON report and the workbook.
fn cli_with_history(rules: &Path, files: &[PathBuf], history: &Path) -> (Value, Vec<u8>) {
    let out = tempfile::tempdir().unwrap();
    let json = out.path().join("bao-cao.json");
    let xlsx = out.path().join("tong-hop.xlsx");
    let run = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .current_dir(files[0].parent().unwrap())
        .arg("consolidate")
        .arg("--rules")
        .arg(rules)
        .arg("-o")
        .arg(&xlsx)
        .arg("--json")
        .arg(&json)
        .arg("--history")
        .arg(history)
        .args(files.iter().map(|f| f.file_name().unwrap()))
        .output()
        .unwrap();
    assert!(run.status.code().is_some_and(|c| c < 2), "{run:?}");
    let report = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    (report, std::fs::read(&xlsx).unwrap())
}

fn the_page_shows_the_figures_in_chromium() {
    the_page_shows_the_figures(Kind::Chromium);
}

fn the_page_shows_the_figures_in_firefox() {
    the_page_shows_the_figures(Kind::Firefox);
}

/// The bloc of tests/fixtures/relative: the criteria scored against the
/// bloc listed under the ranking with their basis and formula, and each
/// unit's figures and computed scores in its details, as the oracle's
/// expected.json has them.
fn the_page_shows_the_figures(kind: Kind) {
    let shots = shots_of(kind);
    let dir = common::root().join("tests/fixtures/relative");
    let url = serve_with(LoadedRules {
        rules: Arc::new(Rules::load(&dir.join("quy-dinh.toml")).unwrap()),
        file: "quy-dinh.toml".into(),
    });
    let downloads = tempfile::tempdir().unwrap();
    let driver = Driver::start(kind);
    let browser = Browser::open(&driver, kind, downloads.path());
    open_page(&browser, &url);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            !matches!(
                p.file_name().and_then(|n| n.to_str()),
                Some("quy-dinh.toml" | "expected.json" | "README.md")
            )
        })
        .collect();
    files.sort();
    browser.upload("#files-input", &files);
    browser.wait(
        "return document.getElementById('progress-text').textContent === 'Đã gửi và kiểm tra 7 tệp.' \
         && !document.getElementById('measures').hidden",
        "the results of 7 files",
    );
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let measures = browser.js(
        "return Array.from(document.querySelectorAll('#measures li')).map(li => [li.dataset.criterion, li.textContent])",
    );
    let measures = measures.as_array().unwrap();
    assert_eq!(measures.len(), 3);
    let with_unit = |v: &Value, unit: &str| {
        let n = shown(v);
        if unit == "%" {
            format!("{n}%")
        } else {
            format!("{n} {unit}")
        }
    };
    for m in measures {
        let code = m[0].as_str().unwrap();
        let text = m[1].as_str().unwrap();
        let want = &expected["measures"][code];
        let unit = want["unit"].as_str().unwrap();
        let basis = if want["kind"] == "target" {
            format!("chỉ tiêu: {}", with_unit(&want["target"], unit))
        } else {
            format!(
                "số liệu tốt nhất của khối: {}",
                with_unit(&want["best"], unit)
            )
        };
        assert!(text.contains(&basis), "{code}: {text}");
        assert!(text.contains("làm tròn đến"), "{code}: {text}");
    }
    for (id, unit) in expected["units"].as_object().unwrap() {
        browser.click(&format!("#ranking tr[data-unit='{id}'] button"));
        let rows = browser.js(&format!(
            "const tr = document.querySelector(\"#ranking tr[data-unit='{id}']\").nextElementSibling; \
             return tr.hidden ? null : Array.from(tr.querySelectorAll('.figures-table tbody tr')).map(r => \
               [r.dataset.criterion].concat(Array.from(r.cells).slice(1).map(td => td.textContent)))"
        ));
        let rows = rows.as_array().expect("the details shown");
        assert_eq!(rows.len(), 3, "{id}");
        for row in rows {
            let code = row[0].as_str().unwrap();
            let want = &unit["scores"][code];
            let measure_unit = expected["measures"][code]["unit"].as_str().unwrap();
            let figure = if want["figure"].is_null() {
                "không có số liệu".to_string()
            } else {
                with_unit(&want["figure"], measure_unit)
            };
            assert_eq!(row[1].as_str().unwrap(), figure, "{id} {code}");
            assert_eq!(
                row[2].as_str().unwrap(),
                shown(&want["self"]),
                "{id} {code}"
            );
            assert_eq!(
                row[3].as_str().unwrap(),
                shown(&want["typed"]),
                "{id} {code}"
            );
        }
    }
    browser.js("document.getElementById('measures').scrollIntoView(); return true");
    browser.screenshot(&shots.join("trang-so-lieu.png"));
}

fn the_province_page_shows_the_blocs_like_thidua_province_in_chromium() {
    the_province_page_shows_the_blocs_like_thidua_province(Kind::Chromium);
}

fn the_province_page_shows_the_blocs_like_thidua_province_in_firefox() {
    the_province_page_shows_the_blocs_like_thidua_province(Kind::Firefox);
}

/// The province's page (/tinh), reached from the bloc page's link, with
/// the province rules given on the command line (`--province`): the
/// province fixture's files uploaded; the blocs, the provincial list and
/// the findings shown as `thidua province` gives them on the same files;
/// a file removed; the workbook downloaded equal to the command line's.
fn the_province_page_shows_the_blocs_like_thidua_province(kind: Kind) {
    let shots = shots_of(kind);
    let downloads = tempfile::tempdir().unwrap();
    let rules_path = common::root().join("tests/fixtures/province/tinh.toml");
    let server = Server::bind("127.0.0.1:0".parse().unwrap(), None, Limits::default(), &[])
        .unwrap()
        .province(
            Some(LoadedProvince {
                province: Arc::new(Province::load(&rules_path).unwrap()),
                file: "tinh.toml".into(),
            }),
            &[],
        );
    let addr = server.local_addr().unwrap();
    std::thread::spawn(move || server.run());
    let url = format!("http://127.0.0.1:{}/", addr.port());
    let driver = Driver::start(kind);
    let browser = Browser::open(&driver, kind, downloads.path());
    browser.go(&url);
    browser.click("#to-province");
    browser.wait(
        "return location.pathname === '/tinh' && document.getElementById('province').textContent.includes('Quảng Ngãi')",
        "the province's page with the rules given on the command line",
    );

    let mut files: Vec<PathBuf> =
        std::fs::read_dir(common::root().join("tests/fixtures/province/khoi"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
    files.sort();
    let n = files.len();
    browser.upload("#files-input", &files);
    browser.wait(
        &format!(
            "return document.getElementById('progress-text').textContent === 'Đã gửi và đọc {n} tệp.' \
             && document.querySelectorAll('#files tbody tr').length === {n}"
        ),
        "the blocs' results read",
    );
    browser.screenshot(&shots.join("tinh-1366x768.png"));
    assert_eq!(
        browser.js("return document.documentElement.scrollWidth <= window.innerWidth"),
        json!(true),
        "the page fits 1366 pixels"
    );

    let out = tempfile::tempdir().unwrap();
    let cli = |files: &[PathBuf]| {
        let json = out.path().join("tinh.json");
        let xlsx = out.path().join("tinh.xlsx");
        let status = Command::new(env!("CARGO_BIN_EXE_thidua"))
            .current_dir(files[0].parent().unwrap())
            .arg("province")
            .arg(&rules_path)
            .args(files.iter().map(|f| f.file_name().unwrap()))
            .arg("-o")
            .arg(&xlsx)
            .arg("--json")
            .arg(&json)
            .output()
            .unwrap();
        assert!(status.status.code().is_some_and(|c| c < 2), "{status:?}");
        let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        (report, std::fs::read(&xlsx).unwrap())
    };
    let (report, _) = cli(&files);

    // Các khối: a group row per bloc, each missing bloc named.
    let groups = browser.js(
        "return Array.from(document.querySelectorAll('#blocs tbody tr.group')).map(tr => tr.dataset.bloc)",
    );
    let blocs = report["blocs"].as_array().unwrap();
    let names: Vec<Value> = blocs.iter().map(|b| b["name"].clone()).collect();
    assert_eq!(groups, Value::from(names));
    let units = browser.js(
        "return Array.from(document.querySelectorAll('#blocs tbody tr.unit:not(.missing)')).map(tr => \
           Array.from(tr.cells).slice(1, 5).map(td => td.textContent))",
    );
    let want: Vec<Value> = blocs
        .iter()
        .flat_map(|b| b["units"].as_array().unwrap().iter())
        .map(|u| {
            json!([
                u["name"],
                shown(&u["total"]),
                u["rank"]
                    .as_u64()
                    .map_or("—".to_string(), |r| r.to_string()),
                u["award"].as_str().unwrap_or("")
            ])
        })
        .collect();
    assert_eq!(units, Value::from(want));
    browser.js("document.getElementById('h-blocs').scrollIntoView(); return true");
    browser.screenshot(&shots.join("tinh-cac-khoi.png"));
    let missing = browser.js("return document.getElementById('missing').textContent");
    for b in blocs.iter().filter(|b| b["status"] == "missing") {
        assert!(
            missing
                .as_str()
                .unwrap()
                .contains(b["name"].as_str().unwrap()),
            "{missing}"
        );
    }

    // The provincial list, award by award in the council's order.
    let list = browser.js("const out = []; let award = null; \
         for (const tr of document.querySelectorAll('#list tbody tr')) { \
           if (tr.classList.contains('group')) { award = tr.dataset.award; continue; } \
           out.push([award, tr.cells[1].textContent, tr.cells[2].textContent]); } \
         return out");
    let want: Vec<Value> = report["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| json!([p["award"], p["unit"], p["bloc"]]))
        .collect();
    assert!(!want.is_empty());
    assert_eq!(list, Value::from(want));

    // Every finding, with its message and place.
    let shown_issues = browser.js(
        "return Array.from(document.querySelectorAll('#issues li')).map(li => \
           [li.querySelector('.code').textContent, li.querySelector('.message').textContent, \
            (li.querySelector('.where') || {textContent: ''}).textContent])",
    );
    let shown_issues = shown_issues.as_array().unwrap();
    let issues = report["issues"].as_array().unwrap();
    assert_eq!(shown_issues.len(), issues.len());
    assert!(!issues.is_empty());
    for (got, want) in shown_issues.iter().zip(issues) {
        assert_eq!(got[0], want["code"]);
        assert_eq!(got[1], want["message"]);
        let place = got[2].as_str().unwrap();
        if let Some(file) = want["file"].as_str() {
            assert!(place.contains(file), "{place}");
        }
        if let Some(sheet) = want["sheet"].as_str() {
            assert!(
                place.contains(&format!("trang \u{201C}{sheet}\u{201D}")),
                "{place}"
            );
        }
        if let Some(cell) = want["cell"].as_str() {
            assert!(place.contains(&format!("ô {cell}")), "{place}");
        }
    }

    // A file removed; the workbook downloaded is the command line's for
    // the files left.
    browser
        .click("#files tbody tr[data-file='ghi-chu.txt'] button[aria-label='Xóa tệp ghi-chu.txt']");
    browser.wait(
        &format!(
            "return document.querySelectorAll('#files tbody tr').length === {}",
            n - 1
        ),
        "the file removed",
    );
    let left: Vec<PathBuf> = files
        .iter()
        .filter(|f| !f.ends_with("ghi-chu.txt"))
        .cloned()
        .collect();
    let (_, cli_workbook) = cli(&left);
    browser.click("#dl-workbook");
    let got = wait_for_file(&downloads.path().join("tong-hop-tinh.xlsx"));
    assert_eq!(
        common::workbook_cells(&got),
        common::workbook_cells(&cli_workbook)
    );
    browser.js("document.getElementById('list').scrollIntoView(); return true");
    browser.screenshot(&shots.join("tinh-danh-sach.png"));
}

fn main() -> ExitCode {
    tools::run(vec![
        (
            "the_page_consolidates_the_sample_bloc_like_the_command_line_in_chromium",
            &[Tool::Chromium],
            the_page_consolidates_the_sample_bloc_like_the_command_line_in_chromium,
        ),
        (
            "the_page_consolidates_the_sample_bloc_like_the_command_line_in_firefox",
            &[Tool::Firefox],
            the_page_consolidates_the_sample_bloc_like_the_command_line_in_firefox,
        ),
        (
            "the_page_asks_which_rules_file_in_chromium",
            &[Tool::Chromium],
            the_page_asks_which_rules_file_in_chromium,
        ),
        (
            "the_page_asks_which_rules_file_in_firefox",
            &[Tool::Firefox],
            the_page_asks_which_rules_file_in_firefox,
        ),
        (
            "the_page_counts_the_ballots_like_thidua_tally_in_chromium",
            &[Tool::Chromium, Tool::Openpyxl],
            the_page_counts_the_ballots_like_thidua_tally_in_chromium,
        ),
        (
            "the_page_counts_the_ballots_like_thidua_tally_in_firefox",
            &[Tool::Firefox, Tool::Openpyxl],
            the_page_counts_the_ballots_like_thidua_tally_in_firefox,
        ),
        (
            "the_page_counts_typed_figures_in_chromium",
            &[Tool::Chromium, Tool::Openpyxl],
            the_page_counts_typed_figures_in_chromium,
        ),
        (
            "the_page_counts_typed_figures_in_firefox",
            &[Tool::Firefox, Tool::Openpyxl],
            the_page_counts_typed_figures_in_firefox,
        ),
        (
            "the_page_shows_past_years_in_chromium",
            &[Tool::Chromium],
            the_page_shows_past_years_in_chromium,
        ),
        (
            "the_page_shows_past_years_in_firefox",
            &[Tool::Firefox],
            the_page_shows_past_years_in_firefox,
        ),
        (
            "the_page_shows_the_figures_in_chromium",
            &[Tool::Chromium],
            the_page_shows_the_figures_in_chromium,
        ),
        (
            "the_page_shows_the_figures_in_firefox",
            &[Tool::Firefox],
            the_page_shows_the_figures_in_firefox,
        ),
        (
            "the_province_page_shows_the_blocs_like_thidua_province_in_chromium",
            &[Tool::Chromium],
            the_province_page_shows_the_blocs_like_thidua_province_in_chromium,
        ),
        (
            "the_province_page_shows_the_blocs_like_thidua_province_in_firefox",
            &[Tool::Firefox],
            the_province_page_shows_the_blocs_like_thidua_province_in_firefox,
        ),
    ])
}
