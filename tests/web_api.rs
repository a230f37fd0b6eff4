//! The web page's HTTP interface, without a browser: the same results as
//! the command line, the limits on uploads, malformed requests, sessions
//! kept apart, the page's own safety headers, requests from other sites
//! and to other host names, files of the same name; and, through a real
//! server on 127.0.0.1, slow clients and more connections than the cap.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use thidua::rules::Rules;
use thidua::web::{self, FILE_NAME, Limits, LoadedRules};
use tower::ServiceExt;

const PORT: u16 = 8765;
const HOST: &str = "127.0.0.1:8765";

fn sample_rules() -> LoadedRules {
    let path = common::sample_dir().join("quy-dinh.toml");
    LoadedRules {
        rules: Arc::new(Rules::load(&path).expect("sample rules")),
        file: "quy-dinh.toml".into(),
    }
}

fn app(limits: Limits, rules: Option<LoadedRules>) -> Router {
    web::router(web::App::new(limits, rules, PORT, true))
}

fn encode(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("JSON body, got {:?}", String::from_utf8_lossy(&self.body)))
    }

    fn error(&self) -> String {
        self.json()["error"]
            .as_str()
            .expect("an error message")
            .to_string()
    }
}

async fn call(router: &Router, request: Request<Body>) -> Reply {
    let response = router.clone().oneshot(request).await.expect("a response");
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body")
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap()
}

fn upload(uri: &str, name: &str, bytes: Vec<u8>) -> Request<Body> {
    Request::post(uri)
        .header(header::HOST, HOST)
        .header(FILE_NAME, encode(name))
        .header(header::CONTENT_LENGTH, bytes.len())
        .body(Body::from(bytes))
        .unwrap()
}

async fn session(router: &Router) -> String {
    let reply = call(
        router,
        Request::post("/api/sessions")
            .header(header::HOST, HOST)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    reply.json()["session"].as_str().unwrap().to_string()
}

async fn add(router: &Router, id: &str, path: &Path) -> Reply {
    let name = path.file_name().unwrap().to_str().unwrap();
    call(
        router,
        upload(
            &format!("/api/sessions/{id}/files"),
            name,
            std::fs::read(path).unwrap(),
        ),
    )
    .await
}

#[tokio::test]
async fn the_page_and_its_assets_are_served_with_safety_headers() {
    let router = app(Limits::default(), None);
    let page = call(&router, get("/")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = String::from_utf8(page.body).unwrap();
    assert!(html.contains("<html lang=\"vi\">"));
    assert!(html.contains("Tổng hợp chấm điểm thi đua"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external resource"
    );
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    for (path, kind) in [("/trang.js", "text/javascript"), ("/trang.css", "text/css")] {
        let asset = call(&router, get(path)).await;
        assert_eq!(asset.status, StatusCode::OK, "{path}");
        assert!(
            asset.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with(kind)
        );
    }
    let script = String::from_utf8(call(&router, get("/trang.js")).await.body).unwrap();
    assert!(
        !script.contains("innerHTML"),
        "workbook text is never parsed as HTML"
    );
}

#[tokio::test]
async fn a_request_naming_another_host_is_refused() {
    let router = app(Limits::default(), None);
    let request = Request::get("/")
        .header(header::HOST, "attacker.example:8765")
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&router, request).await.status, StatusCode::FORBIDDEN);
    let request = Request::get("/")
        .header(header::HOST, "localhost:8765")
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&router, request).await.status, StatusCode::OK);
}

fn with_host(method: &str, uri: &str, host: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, host)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn listening_on_the_network_still_refuses_foreign_host_names() {
    // As `thidua serve --listen 0.0.0.0 --allow-host may-tdkt`.
    let app = web::App::listening(
        Limits::default(),
        Some(sample_rules()),
        "0.0.0.0:8765".parse().unwrap(),
        &["may-tdkt".to_string()],
    );
    let router = web::router(app);
    for host in [
        "attacker.example:8765",
        "attacker.example",
        "may-tdkt.attacker.example:8765",
        "192.168.1.10.nip.io:8765",
    ] {
        let reply = call(&router, with_host("GET", "/", host)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{host}");
        println!("{host}: {}", reply.error());
    }
    let reply = call(&router, with_host("GET", "/", "attacker.example:8765")).await;
    let message = reply.error();
    assert!(message.contains("\"attacker.example\""), "{message}");
    assert!(message.contains("--allow-host"), "{message}");
    // A page rebound to this machine by DNS sends its own name as Host
    // and as Origin: the host name alone stops it.
    let rebound = Request::post("/api/sessions")
        .header(header::HOST, "attacker.example:8765")
        .header(header::ORIGIN, "http://attacker.example:8765")
        .header("sec-fetch-site", "same-origin")
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&router, rebound).await.status, StatusCode::FORBIDDEN);
    for host in [
        "192.168.1.10:8765",
        "may-tdkt:8765",
        "MAY-TDKT",
        "localhost:8765",
        "127.0.0.1:8765",
    ] {
        let reply = call(&router, with_host("GET", "/", host)).await;
        assert_eq!(reply.status, StatusCode::OK, "{host}");
    }
    let reply = call(
        &router,
        with_host("POST", "/api/sessions", "192.168.1.10:8765"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    // Listening on one address: that address, not another.
    let one = web::router(web::App::listening(
        Limits::default(),
        None,
        "192.168.1.10:8765".parse().unwrap(),
        &[],
    ));
    let reply = call(&one, with_host("GET", "/", "192.168.1.10:8765")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = call(&one, with_host("GET", "/", "10.0.0.1:8765")).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

/// `request` as a browser sends it from `origin`, with `site` as its
/// `Sec-Fetch-Site` (either left out when `None`).
fn from(mut request: Request<Body>, origin: Option<&str>, site: Option<&str>) -> Request<Body> {
    let headers = request.headers_mut();
    if let Some(origin) = origin {
        headers.insert(header::ORIGIN, origin.parse().unwrap());
    }
    if let Some(site) = site {
        headers.insert("sec-fetch-site", site.parse().unwrap());
    }
    request
}

#[tokio::test]
async fn requests_from_other_sites_are_refused_and_the_pages_own_are_not() {
    // One session at most: a session created by another site would evict
    // the officer's.
    let router = app(
        Limits {
            sessions: 1,
            ..Limits::default()
        },
        Some(sample_rules()),
    );
    let own = Some("http://127.0.0.1:8765");
    let create = || with_host("POST", "/api/sessions", HOST);
    let reply = call(&router, from(create(), own, Some("same-origin"))).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let id = reply.json()["session"].as_str().unwrap().to_string();

    for (origin, site) in [
        (Some("https://evil.example"), None),
        (Some("https://evil.example"), Some("cross-site")),
        (None, Some("cross-site")),
        // Another program on this computer (another port) is another site.
        (Some("http://127.0.0.1:3000"), Some("same-site")),
        (None, Some("same-site")),
        (Some("null"), None),
        (Some("http://localhost:8765"), None),
    ] {
        let reply = call(&router, from(create(), origin, site)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{origin:?} {site:?}");
        let message = reply.error();
        assert!(message.contains("trang web khác"), "{message}");
    }
    println!(
        "cross-site POST /api/sessions: {}",
        call(&router, from(create(), Some("https://evil.example"), None))
            .await
            .error()
    );
    // The officer's session is still there.
    let reply = call(&router, get(&format!("/api/sessions/{id}"))).await;
    assert_eq!(reply.status, StatusCode::OK);

    // Every request that changes something is checked.
    let path = &common::sample_files()[0];
    let evil = Some("https://evil.example");
    let requests = [
        upload(
            &format!("/api/sessions/{id}/files"),
            "a.xlsx",
            std::fs::read(path).unwrap(),
        ),
        Request::put(format!("/api/sessions/{id}/rules"))
            .header(header::HOST, HOST)
            .header(FILE_NAME, "quy-dinh.toml")
            .body(Body::from("[bloc]"))
            .unwrap(),
        with_host(
            "DELETE",
            &format!("/api/sessions/{id}/files?name=a.xlsx"),
            HOST,
        ),
        with_host(
            "POST",
            &format!("/api/sessions/{id}/files/use?name=a.xlsx"),
            HOST,
        ),
    ];
    for request in requests {
        let what = format!("{} {}", request.method(), request.uri());
        let reply = call(&router, from(request, evil, Some("cross-site"))).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{what}");
    }
    let view = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    assert_eq!(view["files"].as_array().unwrap().len(), 0);

    // The page's own requests, as browsers send them, go through.
    let request = from(
        upload(
            &format!("/api/sessions/{id}/files"),
            "a.xlsx",
            std::fs::read(path).unwrap(),
        ),
        own,
        Some("same-origin"),
    );
    assert_eq!(call(&router, request).await.status, StatusCode::OK);
    // Reading is not changing: GETs are not checked (a link from
    // elsewhere to the page still opens it).
    let request = from(get("/"), evil, Some("cross-site"));
    assert_eq!(call(&router, request).await.status, StatusCode::OK);
    let request = from(get(&format!("/api/sessions/{id}")), None, Some("none"));
    assert_eq!(call(&router, request).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_sample_bloc_gives_the_same_report_and_workbook_as_the_command_line() {
    let router = app(Limits::default(), Some(sample_rules()));
    let id = session(&router).await;
    let files = common::sample_files();
    assert_eq!(files.len(), 8);
    // Sent in reverse order: the server sorts by name as a folder does.
    for path in files.iter().rev() {
        let reply = add(&router, &id, path).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
    }
    let (cli_report, cli_workbook, cli_feedback) =
        common::cli_consolidate_with_feedback(&common::sample_dir().join("quy-dinh.toml"), &files);

    let json = call(&router, get(&format!("/api/sessions/{id}/report.json"))).await;
    assert_eq!(json.status, StatusCode::OK);
    assert!(
        json.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    assert_eq!(json.json(), cli_report);

    let xlsx = call(&router, get(&format!("/api/sessions/{id}/workbook.xlsx"))).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let web_cells = common::workbook_cells(&xlsx.body);
    let cli_cells = common::workbook_cells(&cli_workbook);
    // Six sheets and the very hidden one carrying the JSON report.
    assert_eq!(web_cells.len(), 7);
    assert_eq!(web_cells, cli_cells);

    // The phiếu phản hồi, zipped: the same files as `--feedback` writes.
    let zip = call(&router, get(&format!("/api/sessions/{id}/feedback.zip"))).await;
    assert_eq!(zip.status, StatusCode::OK);
    assert_eq!(zip.headers[header::CONTENT_TYPE], "application/zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body)).unwrap();
    let mut web_feedback = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        web_feedback.push((entry.name().unwrap().to_string(), bytes));
    }
    web_feedback.sort();
    assert_eq!(web_feedback.len(), 8);
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&web_feedback), names(&cli_feedback));
    for ((name, web), (_, cli)) in web_feedback.iter().zip(&cli_feedback) {
        assert_eq!(
            common::workbook_cells(web),
            common::workbook_cells(cli),
            "{name}"
        );
    }

    // The view the page draws from carries the same report.
    let view = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    assert_eq!(view["report"], cli_report);
    assert_eq!(view["files"].as_array().unwrap().len(), 8);
    let row = |name: &str| {
        view["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no row {name}"))
    };
    let tcvn3 = row("Bảng chấm điểm thi đua - Sở GDĐT.xls");
    assert_eq!(tcvn3["unit"], "SGDDT");
    assert_eq!(tcvn3["converted"], true);
    assert_eq!(row("bhxh.xlsx")["encoding"], "VNI Windows");
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_with_a_message() {
    let limits = Limits {
        file_bytes: 1000,
        ..Limits::default()
    };
    let router = app(limits, Some(sample_rules()));
    let id = session(&router).await;
    let path = common::sample_files()
        .into_iter()
        .find(|p| p.extension().unwrap() == "xlsx")
        .unwrap();
    // Declared too large: refused before the body is read.
    let reply = add(&router, &id, &path).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    let message = reply.error();
    assert!(message.contains("lớn hơn 1 KB"), "{message}");
    assert!(
        message.contains(path.file_name().unwrap().to_str().unwrap()),
        "{message}"
    );
    // No length declared (a streamed body): refused while read.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        vec![Ok(vec![b'x'; 600]), Ok(vec![b'y'; 600])];
    let request = Request::post(format!("/api/sessions/{id}/files"))
        .header(header::HOST, HOST)
        .header(FILE_NAME, "a.xlsx")
        .body(Body::from_stream(futures_stream(chunks)))
        .unwrap();
    let reply = call(&router, request).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    // Nothing was kept.
    let view = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    assert_eq!(view["files"].as_array().unwrap().len(), 0);
}

/// A body stream from chunks, without a declared length.
fn futures_stream(
    chunks: Vec<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    struct Chunks(std::vec::IntoIter<Result<Vec<u8>, std::io::Error>>);
    impl futures_core::Stream for Chunks {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    Chunks(chunks.into_iter())
}

#[tokio::test]
async fn the_number_of_files_and_the_bytes_held_are_bounded() {
    let files = common::sample_files();
    let router = app(
        Limits {
            files: 2,
            ..Limits::default()
        },
        Some(sample_rules()),
    );
    let id = session(&router).await;
    assert_eq!(add(&router, &id, &files[0]).await.status, StatusCode::OK);
    assert_eq!(add(&router, &id, &files[1]).await.status, StatusCode::OK);
    let reply = add(&router, &id, &files[2]).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.error().contains("số tệp tối đa"), "{}", reply.error());
    // Sending a file again under its name replaces it: still allowed.
    assert_eq!(add(&router, &id, &files[1]).await.status, StatusCode::OK);

    let total: usize = files[..2]
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len() as usize)
        .sum();
    let router = app(
        Limits {
            session_bytes: total,
            ..Limits::default()
        },
        Some(sample_rules()),
    );
    let id = session(&router).await;
    assert_eq!(add(&router, &id, &files[0]).await.status, StatusCode::OK);
    assert_eq!(add(&router, &id, &files[1]).await.status, StatusCode::OK);
    let reply = add(&router, &id, &files[2]).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        reply.error().contains("Tổng dung lượng"),
        "{}",
        reply.error()
    );
}

#[tokio::test]
async fn malformed_uploads_get_a_clear_message() {
    let router = app(Limits::default(), Some(sample_rules()));
    let id = session(&router).await;
    let uri = format!("/api/sessions/{id}/files");

    // No file name.
    let request = Request::post(&uri)
        .header(header::HOST, HOST)
        .body(Body::from("abc"))
        .unwrap();
    let reply = call(&router, request).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.error().contains("tên tệp"), "{}", reply.error());
    // A name that is not percent-encoded UTF-8.
    let request = Request::post(&uri)
        .header(header::HOST, HOST)
        .header(FILE_NAME, "%FF%FE.xlsx")
        .body(Body::from("abc"))
        .unwrap();
    assert_eq!(call(&router, request).await.status, StatusCode::BAD_REQUEST);
    // An empty file.
    let reply = call(&router, upload(&uri, "rỗng.xlsx", Vec::new())).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.error().contains("rỗng"), "{}", reply.error());
    // Not a spreadsheet: accepted, and the report says what it is.
    let reply = call(
        &router,
        upload(&uri, "thư mời.xlsx", b"%PDF-1.4 not a workbook".to_vec()),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let view = reply.json();
    let issues = view["report"]["issues"].as_array().unwrap();
    let about: Vec<&Value> = issues
        .iter()
        .filter(|i| i["file"] == "thư mời.xlsx")
        .collect();
    assert_eq!(about.len(), 1, "{about:?}");
    assert_eq!(about[0]["severity"], "error");
    // Random bytes and a truncated workbook: an issue each, no crash.
    let sample = std::fs::read(&common::sample_files()[3]).unwrap();
    let reply = call(
        &router,
        upload(&uri, "cụt.xlsx", sample[..sample.len() / 2].to_vec()),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = call(
        &router,
        upload(
            &uri,
            "rác.xls",
            (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let view = reply.json();
    for name in ["cụt.xlsx", "rác.xls"] {
        let n = view["report"]["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["file"] == name && i["severity"] == "error")
            .count();
        assert_eq!(n, 1, "{name}");
    }
    // An Excel lock file is refused, as the command line skips it.
    let reply = call(&router, upload(&uri, "~$Sở Y tế.xlsx", vec![1; 165])).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.error().contains("tệp tạm Excel"), "{}", reply.error());
    // A folder in the name is dropped: the name never becomes a path.
    let path = &common::sample_files()[0];
    let reply = call(
        &router,
        upload(&uri, "../../tệp/Sở Y tế.xlsx", std::fs::read(path).unwrap()),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply.json()["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "Sở Y tế.xlsx")
    );
}

#[tokio::test]
async fn rules_uploads_are_checked_and_named_in_messages() {
    let router = app(Limits::default(), None);
    let id = session(&router).await;
    let uri = format!("/api/sessions/{id}/rules");
    let put = |name: &str, bytes: Vec<u8>| {
        Request::put(&uri)
            .header(header::HOST, HOST)
            .header(FILE_NAME, encode(name))
            .body(Body::from(bytes))
            .unwrap()
    };
    // Before any rules: no download.
    let reply = call(&router, get(&format!("/api/sessions/{id}/workbook.xlsx"))).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(reply.error().contains("quy định"), "{}", reply.error());
    // A file uploaded before the rules is kept, checked once they come.
    let files = common::sample_files();
    assert_eq!(add(&router, &id, &files[0]).await.status, StatusCode::OK);

    let reply = call(&router, put("quy-dinh.toml", b"[khoi\nten = 1".to_vec())).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.error().contains("quy-dinh.toml"), "{}", reply.error());
    let reply = call(&router, put("quy-dinh.toml", vec![0xff, 0xfe, 0x00])).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.error().contains("UTF-8"), "{}", reply.error());
    let small = app(
        Limits {
            rules_bytes: 10,
            ..Limits::default()
        },
        None,
    );
    let small_id = session(&small).await;
    let request = Request::put(format!("/api/sessions/{small_id}/rules"))
        .header(header::HOST, HOST)
        .header(FILE_NAME, "quy-dinh.toml")
        .body(Body::from(vec![b'#'; 100]))
        .unwrap();
    assert_eq!(
        call(&small, request).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );

    let text = std::fs::read(common::sample_dir().join("quy-dinh.toml")).unwrap();
    let mut with_bom = vec![0xEF, 0xBB, 0xBF];
    with_bom.extend(text);
    let reply = call(&router, put("quy-dinh.toml", with_bom)).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let view = reply.json();
    assert_eq!(view["rules"]["units"], 9);
    assert_eq!(view["files"][0]["checked"], true);
    assert!(
        view["report"]["units"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["status"] == "ok")
    );
}

#[tokio::test]
async fn sessions_are_kept_apart_and_unknown_ones_are_refused() {
    let router = app(Limits::default(), Some(sample_rules()));
    let a = session(&router).await;
    let b = session(&router).await;
    let files = common::sample_files();
    assert_eq!(add(&router, &a, &files[0]).await.status, StatusCode::OK);
    let view_b = call(&router, get(&format!("/api/sessions/{b}")))
        .await
        .json();
    assert_eq!(view_b["files"].as_array().unwrap().len(), 0);
    assert_eq!(view_b["report"]["units"][0]["status"], "missing");
    let reply = call(
        &router,
        get("/api/sessions/0123456789abcdef0123456789abcdef"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.error().contains("tải lại trang"), "{}", reply.error());
    let reply = add(&router, "không-có", &files[0]).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_corrected_file_replaces_the_one_it_corrects_and_files_can_be_removed() {
    let router = app(Limits::default(), Some(sample_rules()));
    let id = session(&router).await;
    let faulty = &common::sample_file("SDTTG");
    let reply = add(&router, &id, faulty).await;
    let errors = reply.json()["files"][0]["errors"].as_u64().unwrap();
    assert!(errors > 0, "the sample's faulty file has errors");

    // The corrected file: the same unit, another name, no errors
    // (written here from the rules with the crate's own test generator).
    let rules = sample_rules();
    let dir = tempfile::tempdir().unwrap();
    let fixed = dir.path().join("SDTTG - đã sửa.xlsx");
    common::write_submission_of(&rules.rules, "SDTTG", &fixed);
    let request = upload(
        &format!(
            "/api/sessions/{id}/files?replace={}",
            encode(faulty.file_name().unwrap().to_str().unwrap())
        ),
        "SDTTG - đã sửa.xlsx",
        std::fs::read(&fixed).unwrap(),
    );
    let reply = call(&router, request).await;
    assert_eq!(reply.status, StatusCode::OK);
    let view = reply.json();
    let names: Vec<&str> = view["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["SDTTG - đã sửa.xlsx"]);
    assert_eq!(view["files"][0]["unit"], "SDTTG");
    assert_eq!(view["files"][0]["errors"], 0);

    let remove = Request::delete(format!(
        "/api/sessions/{id}/files?name={}",
        encode("SDTTG - đã sửa.xlsx")
    ))
    .header(header::HOST, HOST)
    .body(Body::empty())
    .unwrap();
    let reply = call(&router, remove).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["files"].as_array().unwrap().len(), 0);
    let again = Request::delete(format!("/api/sessions/{id}/files?name=x.xlsx"))
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&router, again).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn of_two_versions_the_newer_counts_and_the_officer_may_choose_the_other() {
    let router = app(Limits::default(), Some(sample_rules()));
    let id = session(&router).await;
    let faulty = &common::sample_file("SDTTG");
    let faulty_name = faulty.file_name().unwrap().to_str().unwrap().to_string();
    add(&router, &id, faulty).await;
    // A corrected version sent later, named as a revision, not as a
    // replacement: both stay on the page.
    let rules = sample_rules();
    let dir = tempfile::tempdir().unwrap();
    let fixed = dir.path().join("SDTTG - bản sửa lần 2.xlsx");
    common::write_submission_of(&rules.rules, "SDTTG", &fixed);
    let reply = add(&router, &id, &fixed).await;
    let view = reply.json();
    let used = |view: &Value| -> String {
        let u = view["report"]["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] == "SDTTG")
            .unwrap();
        u["file"].as_str().unwrap().to_string()
    };
    assert_eq!(used(&view), "SDTTG - bản sửa lần 2.xlsx");
    let row = |view: &Value, name: &str| -> Value {
        view["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(row(&view, &faulty_name)["alternatives"], true);
    assert_eq!(row(&view, &faulty_name)["used"], false);
    assert_eq!(row(&view, "SDTTG - bản sửa lần 2.xlsx")["used"], true);

    // "Dùng tệp này" on the first file: it counts, the other is left out.
    let choose = Request::post(format!(
        "/api/sessions/{id}/files/use?name={}",
        encode(&faulty_name)
    ))
    .header(header::HOST, HOST)
    .body(Body::empty())
    .unwrap();
    let reply = call(&router, choose).await;
    assert_eq!(reply.status, StatusCode::OK);
    let view = reply.json();
    assert_eq!(used(&view), faulty_name);
    assert_eq!(row(&view, "SDTTG - bản sửa lần 2.xlsx")["excluded"], true);
    let notes: Vec<&Value> = view["report"]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "file-skipped")
        .collect();
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert_eq!(notes[0]["file"], "SDTTG - bản sửa lần 2.xlsx");
    let unknown = Request::post(format!("/api/sessions/{id}/files/use?name=x.xlsx"))
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&router, unknown).await.status, StatusCode::NOT_FOUND);
}

/// The view's file names.
fn names(view: &Value) -> Vec<String> {
    view["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_file_with_the_name_of_one_already_sent_is_replaced_only_when_asked() {
    let router = app(Limits::default(), Some(sample_rules()));
    let id = session(&router).await;
    let uri = format!("/api/sessions/{id}/files");
    let first = common::sample_file("Bảng chấm điểm thi đua - Sở GDĐT");
    let name = first.file_name().unwrap().to_str().unwrap().to_string();
    assert_eq!(add(&router, &id, &first).await.status, StatusCode::OK);
    // Another unit's file, under names that look the same: the same name
    // in another case, decomposed (NFD, as macOS writes names), with a
    // zero-width space, with a direction mark.
    let other = std::fs::read(common::sample_file("bhxh")).unwrap();
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd(name.as_str()).collect();
    assert_ne!(nfd, name);
    let variants = [
        name.clone(),
        name.to_uppercase(),
        nfd.clone(),
        name.replacen(' ', " \u{200B}", 1),
        name.replacen("Sở", "S\u{200E}ở", 1),
    ];
    for variant in &variants {
        let reply = call(&router, upload(&uri, variant, other.clone())).await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{variant:?}");
        let json = reply.json();
        assert_eq!(json["existing"], name.as_str());
        assert_eq!(json["unit"], "Sở Giáo dục và Đào tạo");
        let message = reply.error();
        assert!(message.contains(&name), "{message}");
        assert!(message.contains("Sở Giáo dục và Đào tạo"), "{message}");
    }
    println!("same name, no replace: {}", {
        call(&router, upload(&uri, &nfd, other.clone()))
            .await
            .error()
    });
    // Nothing was replaced.
    let view = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    assert_eq!(names(&view), [name.as_str()]);
    assert_eq!(view["files"][0]["unit"], "SGDDT");
    // The same file sent again, unchanged: nothing to ask, nothing done.
    let reply = add(&router, &id, &first).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(names(&reply.json()), [name.as_str()]);
    // A `replace` naming another file is not a yes to this one.
    let reply = call(
        &router,
        upload(&format!("{uri}?replace=x.xlsx"), &nfd, other.clone()),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);

    // The officer said yes: replaced, under the new name (the replace
    // name itself compared as Windows does).
    let upper = name.to_uppercase();
    let reply = call(
        &router,
        upload(
            &format!("{uri}?replace={}", encode(&nfd)),
            &upper,
            other.clone(),
        ),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let view = reply.json();
    assert_eq!(names(&view), [upper.as_str()]);
    assert_eq!(view["files"][0]["unit"], "BHXH");
    // A different name is another file.
    let reply = call(&router, upload(&uri, "Sở GDĐT (2).xls", other.clone())).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["files"].as_array().unwrap().len(), 2);
    // "Thay tệp…" on that one with a file already there unchanged: the
    // file replaced goes, the one already there stays.
    let reply = call(
        &router,
        upload(
            &format!("{uri}?replace={}", encode("Sở GDĐT (2).xls")),
            &upper,
            other,
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(names(&reply.json()), [upper.as_str()]);
}

// ---------------------------------------------------------------------------
// A real server on 127.0.0.1: slow clients and the connection cap.

/// A server with `limits` on a free port of 127.0.0.1, answering in a
/// thread for the rest of the test run.
fn running(limits: Limits) -> std::net::SocketAddr {
    let server = web::Server::bind(
        "127.0.0.1:0".parse().unwrap(),
        Some(sample_rules()),
        limits,
        &[],
    )
    .unwrap();
    let addr = server.local_addr().unwrap();
    std::thread::spawn(move || server.run());
    addr
}

fn quick(limits: Limits) -> Limits {
    Limits {
        header_timeout: Duration::from_secs(1),
        body_timeout: Duration::from_secs(1),
        keep_alive_timeout: Duration::from_secs(1),
        ..limits
    }
}

/// Whether the server has closed `stream`, waiting at most `wait`.
fn closed_within(mut stream: &TcpStream, wait: Duration) -> bool {
    stream
        .set_read_timeout(Some(Duration::from_millis(20)))
        .unwrap();
    let end = Instant::now() + wait;
    let mut buf = [0u8; 4096];
    while Instant::now() < end {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return true,
        }
    }
    false
}

/// One request on `stream`: its status and body (the response is read
/// to its declared length).
fn exchange(stream: &mut TcpStream, request: &str) -> (u16, String) {
    stream.write_all(request.as_bytes()).unwrap();
    read_response(stream)
}

/// Read one response head (up to the blank line) and give its status.
fn read_head(stream: &mut TcpStream) -> (u16, String) {
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let n = stream.read(&mut byte).unwrap();
        assert!(n > 0, "the response was cut off");
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_string();
    (head[9..12].parse().unwrap(), head)
}

fn read_response(stream: &mut TcpStream) -> (u16, String) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&bytes[..end]).to_string();
            let status = head[9..12].parse().unwrap();
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap())
                })
                .unwrap_or(0);
            while bytes.len() < end + 4 + length {
                let n = stream.read(&mut buf).unwrap();
                assert!(n > 0, "the response was cut off");
                bytes.extend_from_slice(&buf[..n]);
            }
            let body = String::from_utf8_lossy(&bytes[end + 4..end + 4 + length]).to_string();
            return (status, body);
        }
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "closed before answering");
        bytes.extend_from_slice(&buf[..n]);
    }
}

fn new_session(addr: std::net::SocketAddr) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    let (status, body) = exchange(
        &mut stream,
        &format!("POST /api/sessions HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\n\r\n"),
    );
    assert_eq!(status, 201, "{body}");
    let view: Value = serde_json::from_str(&body).unwrap();
    view["session"].as_str().unwrap().to_string()
}

#[test]
fn a_client_too_slow_with_its_headers_is_cut_off() {
    let addr = running(quick(Limits::default()));
    // Connected, silent.
    let t = Instant::now();
    let silent = TcpStream::connect(addr).unwrap();
    assert!(closed_within(&silent, Duration::from_secs(5)));
    let silent_after = t.elapsed();
    // A header line every 100 ms, never the end of the headers.
    let t = Instant::now();
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.write_all(format!("GET / HTTP/1.1\r\nHost: {addr}\r\n").as_bytes())
        .unwrap();
    let mut cut = false;
    while t.elapsed() < Duration::from_secs(5) {
        if slow.write_all(b"X-Slow: a\r\n").is_err()
            || closed_within(&slow, Duration::from_millis(100))
        {
            cut = true;
            break;
        }
    }
    let slow_after = t.elapsed();
    println!(
        "header timeout 1 s: a silent connection closed after {silent_after:?}, one trickling its headers after {slow_after:?}"
    );
    assert!(cut, "a client trickling its headers was not cut off");
    for after in [silent_after, slow_after] {
        assert!(after >= Duration::from_millis(900), "{after:?}");
        assert!(after < Duration::from_secs(3), "{after:?}");
    }
}

#[test]
fn a_kept_alive_connection_waits_the_keep_alive_timeout_not_longer() {
    let addr = running(Limits {
        header_timeout: Duration::from_secs(3),
        keep_alive_timeout: Duration::from_secs(1),
        ..Limits::default()
    });
    let mut stream = TcpStream::connect(addr).unwrap();
    let request = format!("GET /trang.css HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    // Two requests on the connection: kept alive between them.
    assert_eq!(exchange(&mut stream, &request).0, 200);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(exchange(&mut stream, &request).0, 200);
    // Then idle: closed after the keep-alive timeout (1 s), not the
    // header timeout (3 s).
    let t = Instant::now();
    assert!(closed_within(&stream, Duration::from_secs(5)));
    let after = t.elapsed();
    println!("keep-alive timeout 1 s: an idle connection closed after {after:?}");
    assert!(after >= Duration::from_millis(900), "{after:?}");
    assert!(after < Duration::from_secs(2), "{after:?}");
}

#[test]
fn a_client_trickling_an_upload_is_cut_off() {
    let addr = running(quick(Limits::default()));
    let id = new_session(addr);
    let mut stream = TcpStream::connect(addr).unwrap();
    let t = Instant::now();
    stream
        .write_all(
            format!(
                "POST /api/sessions/{id}/files HTTP/1.1\r\nHost: {addr}\r\nX-File-Name: a.xlsx\r\nContent-Length: 100000\r\n\r\n"
            )
            .as_bytes(),
        )
        .unwrap();
    // Ten bytes every 100 ms: 100 KB would take 17 minutes.
    let trickle = {
        let mut stream = stream.try_clone().unwrap();
        std::thread::spawn(move || {
            for _ in 0..100 {
                if stream.write_all(&[b'x'; 10]).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let (status, body) = read_response(&mut stream);
    let after = t.elapsed();
    println!("body timeout 1 s: a trickled upload refused after {after:?}: {status} {body}");
    assert_eq!(status, 408);
    let error: Value = serde_json::from_str(&body).unwrap();
    assert!(
        error["error"].as_str().unwrap().contains("quá chậm"),
        "{body}"
    );
    assert!(after >= Duration::from_millis(900), "{after:?}");
    assert!(after < Duration::from_secs(3), "{after:?}");
    assert!(closed_within(&stream, Duration::from_secs(3)));
    trickle.join().unwrap();
    // Nothing was kept; the session goes on.
    let mut stream = TcpStream::connect(addr).unwrap();
    let (status, body) = exchange(
        &mut stream,
        &format!("GET /api/sessions/{id} HTTP/1.1\r\nHost: {addr}\r\n\r\n"),
    );
    assert_eq!(status, 200);
    let view: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(view["files"].as_array().unwrap().len(), 0);
}

#[test]
fn more_connections_than_the_cap_do_not_stop_a_well_behaved_client() {
    let addr = running(Limits {
        connections: 4,
        header_timeout: Duration::from_secs(10),
        ..Limits::default()
    });
    // Twenty connections that say nothing, five times the cap: the ones
    // waiting longest for a request make room for newer ones.
    let silent: Vec<TcpStream> = (0..20).map(|_| TcpStream::connect(addr).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(300));
    // A well-behaved client is answered at once, not after the header
    // timeout of the silent ones ahead of it.
    let t = Instant::now();
    let mut stream = TcpStream::connect(addr).unwrap();
    let (status, body) = exchange(
        &mut stream,
        &format!("GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n"),
    );
    let after = t.elapsed();
    assert_eq!(status, 200);
    assert!(body.contains("Tổng hợp chấm điểm thi đua"));
    // The silent ones were closed, not kept: all but the last few.
    let closed = silent
        .iter()
        .filter(|s| closed_within(s, Duration::from_millis(100)))
        .count();
    println!(
        "cap of 4 connections, 20 silent ones (header timeout 10 s): a well-behaved client answered after {after:?}; {closed} silent ones closed"
    );
    assert!(after < Duration::from_secs(2), "{after:?}");
    assert!(closed >= 16, "{closed}");
    // Requests under way are never closed to make room: four uploads
    // held open, then more connections than the cap.
    let id = new_session(addr);
    let file = std::fs::read(common::sample_file("bhxh")).unwrap();
    let mut uploads: Vec<TcpStream> = (0..4)
        .map(|i| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(
                format!(
                    "POST /api/sessions/{id}/files HTTP/1.1\r\nHost: {addr}\r\nX-File-Name: {i}.xlsx\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\r\n",
                    file.len()
                )
                .as_bytes(),
            )
            .unwrap();
            s
        })
        .collect();
    // Each upload under way: the server has read its headers and asks for
    // the body ("100 Continue"), however loaded the machine is.
    for (i, s) in uploads.iter_mut().enumerate() {
        let (status, _) = read_head(s);
        assert_eq!(status, 100, "upload {i}");
        s.write_all(&file[..100]).unwrap();
    }
    let late: Vec<TcpStream> = (0..4).map(|_| TcpStream::connect(addr).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(300));
    for (i, s) in uploads.iter_mut().enumerate() {
        s.write_all(&file[100..]).unwrap();
        let (status, body) = read_response(s);
        assert_eq!(status, 200, "upload {i}: {body}");
    }
    drop(late);
    let mut stream = TcpStream::connect(addr).unwrap();
    let (status, body) = exchange(
        &mut stream,
        &format!("GET /api/sessions/{id} HTTP/1.1\r\nHost: {addr}\r\n\r\n"),
    );
    assert_eq!(status, 200);
    let view: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(view["files"].as_array().unwrap().len(), 4);
}

/// A folder as a double click leaves it: the bloc's rules, a copy of them
/// ("… - Copy.toml", another year) and a rules file with mistakes.
fn folder_with_several_rules(dir: &Path) -> Vec<std::path::PathBuf> {
    let sample = std::fs::read_to_string(common::sample_dir().join("quy-dinh.toml")).unwrap();
    let copy = sample.replacen("year = 2025", "year = 2024", 1);
    assert_ne!(copy, sample);
    let broken = sample.replacen("year = 2025", "year = \"2025\"", 1);
    let paths = [
        ("quy-dinh.toml", sample),
        ("quy-dinh - Copy.toml", copy),
        ("quy-dinh-cu.toml", broken),
    ];
    paths
        .into_iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

fn choose(id: &str, file: &str) -> Request<Body> {
    with_host(
        "POST",
        &format!("/api/sessions/{id}/rules/choose?file={}", encode(file)),
        HOST,
    )
}

#[tokio::test]
async fn with_several_rules_files_the_page_offers_them_and_uses_the_one_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let paths = folder_with_several_rules(dir.path());
    // As `thidua` started without arguments in that folder.
    let app = web::App::new(Limits::default(), None, PORT, true);
    app.offer_rules(&paths);
    let router = web::router(app);
    let id = session(&router).await;
    let view = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    assert_eq!(view["rules"], Value::Null);
    let choices = view["rules_choices"].as_array().unwrap();
    assert_eq!(choices.len(), 3, "{choices:#?}");
    assert_eq!(choices[0]["file"], "quy-dinh.toml");
    assert_eq!(choices[0]["bloc"], "Khối thi đua Văn hóa - Xã hội");
    assert_eq!(choices[0]["year"], 2025);
    assert_eq!(choices[0]["error"], Value::Null);
    assert_eq!(choices[0]["in_use"], false);
    assert_eq!(
        choices[0]["folder"].as_str(),
        Some(dir.path().display().to_string().as_str())
    );
    assert_eq!(choices[1]["file"], "quy-dinh - Copy.toml");
    assert_eq!(choices[1]["year"], 2024);
    assert_eq!(choices[2]["bloc"], Value::Null);
    let why = choices[2]["error"].as_str().unwrap();
    assert!(why.contains("dòng 6") && why.contains("ghi 2025"), "{why}");
    println!("unusable choice: {why}");

    // Only the files offered: another path, even a rules file that exists,
    // is refused and nothing changes.
    let elsewhere = tempfile::tempdir().unwrap();
    let other = elsewhere.path().join("quy-dinh.toml");
    std::fs::copy(&paths[0], &other).unwrap();
    for file in [
        other.to_str().unwrap(),
        "../quy-dinh.toml",
        "quy-dinh",
        "QUY-DINH.TOML",
        "",
    ] {
        let reply = call(&router, choose(&id, file)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{file}");
        assert!(reply.error().contains("tải lại trang"), "{}", reply.error());
    }
    let reply = call(
        &router,
        with_host("POST", &format!("/api/sessions/{id}/rules/choose"), HOST),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // Guarded as every request that changes something.
    let reply = call(
        &router,
        from(
            choose(&id, "quy-dinh.toml"),
            Some("https://evil.example"),
            None,
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = call(
        &router,
        with_host(
            "POST",
            &format!("/api/sessions/{id}/rules/choose?file=quy-dinh.toml"),
            "attacker.example:8765",
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = call(&router, choose("không-có", "quy-dinh.toml")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // The unusable one: the loader's reasons, in Vietnamese.
    let reply = call(&router, choose(&id, "quy-dinh-cu.toml")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.error().contains("dòng 6"), "{}", reply.error());
    let view = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    assert_eq!(view["rules"], Value::Null);

    // One click: the session checks with it, files sent before included.
    let files = common::sample_files();
    assert_eq!(add(&router, &id, &files[0]).await.status, StatusCode::OK);
    let reply = call(
        &router,
        from(
            choose(&id, "quy-dinh - Copy.toml"),
            Some("http://127.0.0.1:8765"),
            Some("same-origin"),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.error());
    let view = reply.json();
    assert_eq!(view["rules"]["file"], "quy-dinh - Copy.toml");
    assert_eq!(view["rules"]["year"], 2024);
    assert_eq!(view["rules_choices"][1]["in_use"], true);
    assert_eq!(view["rules_choices"][0]["in_use"], false);
    assert_eq!(view["files"][0]["checked"], true);
    assert!(view["report"].is_object());

    // As if started with it: a new session (the page reloaded) has it too.
    let fresh = session(&router).await;
    let view = call(&router, get(&format!("/api/sessions/{fresh}")))
        .await
        .json();
    assert_eq!(view["rules"]["file"], "quy-dinh - Copy.toml");
    assert_eq!(view["rules_choices"][1]["in_use"], true);

    // A file corrected since the start is read again when chosen.
    std::fs::copy(&paths[0], &paths[2]).unwrap();
    let reply = call(&router, choose(&fresh, "quy-dinh-cu.toml")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.error());
    let view = reply.json();
    assert_eq!(view["rules"]["file"], "quy-dinh-cu.toml");
    assert_eq!(view["rules_choices"][2]["error"], Value::Null);
    assert_eq!(view["rules_choices"][2]["year"], 2025);
}

#[tokio::test]
async fn without_choices_the_page_has_none_and_choosing_is_refused() {
    let router = app(Limits::default(), Some(sample_rules()));
    let id = session(&router).await;
    let view = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    assert_eq!(view["rules_choices"], serde_json::json!([]));
    let reply = call(&router, choose(&id, "quy-dinh.toml")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let view = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    assert_eq!(view["rules"]["file"], "quy-dinh.toml");
}

/// A session over the sample bloc with a tie (see
/// `common::bloc_with_a_tie`, in `dir`) with every submission sent: the
/// bloc's folder, its files, the router and the session's id.
async fn consolidated_bloc_with_a_tie(
    dir: &Path,
) -> (std::path::PathBuf, Vec<std::path::PathBuf>, Router, String) {
    let (bloc, rules, files) = common::bloc_with_a_tie(dir);
    let router = app(Limits::default(), Some(rules));
    let id = session(&router).await;
    for path in &files {
        assert_eq!(add(&router, &id, path).await.status, StatusCode::OK);
    }
    (bloc, files, router, id)
}

/// The session's `report.json`.
async fn report_json(router: &Router, id: &str) -> Value {
    let reply = call(router, get(&format!("/api/sessions/{id}/report.json"))).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json()
}

fn send_ballot(id: &str, name: &str, bytes: Vec<u8>) -> Request<Body> {
    upload(&format!("/api/sessions/{id}/ballots"), name, bytes)
}

fn delete(uri: &str) -> Request<Body> {
    Request::delete(uri)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn the_ballots_downloaded_are_those_of_the_command_line_and_the_page_lists_their_candidates()
{
    let dir = tempfile::tempdir().unwrap();
    let (bloc, rules, files) = common::bloc_with_a_tie(dir.path());
    let router = app(Limits::default(), Some(rules));
    let id = session(&router).await;
    let early = call(&router, get(&format!("/api/sessions/{id}/ballots.xlsx"))).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(
        early.error().contains("Chưa có bảng tự chấm"),
        "{}",
        early.error()
    );
    for path in &files {
        assert_eq!(add(&router, &id, path).await.status, StatusCode::OK);
    }
    let web = call(&router, get(&format!("/api/sessions/{id}/ballots.xlsx"))).await;
    assert_eq!(web.status, StatusCode::OK);
    assert!(
        web.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("phieu-bau.xlsx")
    );

    let cli = dir.path().join("phieu-bau-cli.xlsx");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"))
        .env("THIDUA_IN_PROCESS", "1")
        .args(["ballots", "-o"])
        .arg(&cli)
        .arg(&bloc)
        .output()
        .unwrap();
    assert!(run.status.code().is_some_and(|c| c < 2), "{run:?}");
    let cli = std::fs::read(&cli).unwrap();
    assert_eq!(
        common::workbook_cells(&web.body),
        common::workbook_cells(&cli)
    );

    // The page lists each award's candidates as the ballots print them.
    let view = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    let slates = view["vote"]["slates"].as_array().unwrap();
    let printed = common::ballot_names(&web.body);
    assert_eq!(slates.len(), 3);
    assert_eq!(printed.len(), slates.len());
    for (slate, names) in slates.iter().zip(&printed) {
        let listed: Vec<String> = slate["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(&listed, names, "{}", slate["award"]);
        assert!(!listed.is_empty());
    }
    let commendation = &slates[2];
    assert_eq!(commendation["places"], 2);
    let tied: Vec<&Value> = commendation["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["tied"] == true)
        .collect();
    assert_eq!(tied.len(), 2, "{commendation}");
    assert_eq!(tied[0]["rank"], tied[1]["rank"]);
    assert!(view["vote"]["count"].is_null());
    assert_eq!(view["vote"]["ballots"], serde_json::json!([]));
}

/// The count of `files` as `thidua tally --json` writes it, each finding's
/// file reduced to its name (the page names an upload by its name).
fn by_name(mut tally: Value) -> Value {
    for issue in tally["issues"].as_array_mut().unwrap() {
        if let Some(file) = issue["file"].as_str() {
            issue["file"] = Value::from(common::base(file));
        }
    }
    tally
}

#[tokio::test]
async fn uploaded_ballots_are_counted_as_thidua_tally_counts_them() {
    if !common::openpyxl_or_skip("the ballots of tests/web_api.rs") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (bloc, files, router, id) = consolidated_bloc_with_a_tie(dir.path()).await;
    let report = || report_json(&router, &id);
    let before = report().await;
    assert!(before.as_object().unwrap().contains_key("vote"));
    assert!(before["vote"].is_null());

    let filled = common::filled_ballots(dir.path(), &bloc);
    let ballots = common::workbooks_in(&filled);
    assert_eq!(ballots.len(), 10);
    // Sent in reverse order: the server counts them in name order, as a
    // folder is read.
    for path in ballots.iter().rev() {
        let name = path.file_name().unwrap().to_str().unwrap();
        let reply = call(
            &router,
            send_ballot(&id, name, std::fs::read(path).unwrap()),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
    }

    let cli = common::cli_tally(&bloc, &filled);

    // The same count, value by value; the report's other fields unchanged.
    let after = report().await;
    assert_eq!(after["vote"], by_name(cli.clone()));
    let mut without = after.clone();
    without.as_object_mut().unwrap().remove("vote");
    let mut before_without = before.clone();
    before_without.as_object_mut().unwrap().remove("vote");
    assert_eq!(without, before_without);

    // The view: each file with its sheets and findings; the count with
    // each award's threshold in words and the outcomes' labels.
    let view = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    let vote = &view["vote"];
    assert_eq!(vote["count"]["issues"], after["vote"]["issues"]);
    for (shown, counted) in vote["count"]["awards"]
        .as_array()
        .unwrap()
        .iter()
        .zip(after["vote"]["awards"].as_array().unwrap())
    {
        let mut shown = shown.clone();
        let rule = shown.as_object_mut().unwrap().remove("rule").unwrap();
        assert_eq!(rule, "cần trên 50% tổng số thành viên đồng ý");
        assert_eq!(&shown, counted);
    }
    assert_eq!(vote["outcomes"]["proposed"], "được đề nghị");
    assert_eq!(vote["outcomes"]["undecided"], "chưa quyết định");
    let row = |name: &str| {
        vote["ballots"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["name"] == name)
            .unwrap_or_else(|| panic!("no ballot {name}"))
            .clone()
    };
    assert_eq!(row("phieu-01.xlsx")["sheets"], 3);
    assert_eq!(row("phieu-01.xlsx")["findings"], 1); // too many ticks
    // A bad ballot: its finding, in Vietnamese, names the file.
    assert_eq!(row("phieu-hong.xlsx")["sheets"], 0);
    assert_eq!(row("phieu-hong.xlsx")["findings"], 1);
    let issues = after["vote"]["issues"].as_array().unwrap();
    let unreadable = issues
        .iter()
        .find(|i| i["file"] == "phieu-hong.xlsx")
        .unwrap();
    assert_eq!(unreadable["code"], "ballot-unreadable");
    assert!(
        unreadable["message"]
            .as_str()
            .unwrap()
            .starts_with("Không kiểm được phiếu trong tệp này"),
        "{unreadable}"
    );
    let outside = issues
        .iter()
        .find(|i| i["file"] == "phieu-09.xlsx" && i["code"] == "ballot-mark-outside")
        .unwrap();
    assert_eq!(outside["sheet"], "Phiếu 1");
    assert!(
        outside["cell"].as_str().is_some_and(|c| c.starts_with('E')),
        "{outside}"
    );

    // Sent again unchanged: nothing changes. Another file of that name:
    // the officer is asked first.
    let first = &ballots[0];
    let again = call(
        &router,
        send_ballot(&id, "phieu-01.xlsx", std::fs::read(first).unwrap()),
    )
    .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(report().await["vote"], after["vote"]);
    let other = call(
        &router,
        send_ballot(&id, "PHIEU-01.xlsx", std::fs::read(&ballots[1]).unwrap()),
    )
    .await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert_eq!(other.json()["existing"], "phieu-01.xlsx");

    // A ballot removed: counted again without it.
    let reply = call(
        &router,
        delete(&format!("/api/sessions/{id}/ballots?name=phieu-01.xlsx")),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let fewer = report().await;
    for (now, then) in fewer["vote"]["awards"]
        .as_array()
        .unwrap()
        .iter()
        .zip(after["vote"]["awards"].as_array().unwrap())
    {
        assert_eq!(
            now["returned"].as_u64().unwrap() + 1,
            then["returned"].as_u64().unwrap()
        );
    }
    let missing = call(
        &router,
        delete(&format!("/api/sessions/{id}/ballots?name=phieu-01.xlsx")),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.error().contains("phieu-01.xlsx"),
        "{}",
        missing.error()
    );

    // The submissions change (a candidate's file removed): the candidate
    // lists change, and every ballot printed from the old ones says so.
    let leader = &view["vote"]["slates"][0]["candidates"][0]["unit"];
    let leader_file = view["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| &f["unit"] == leader)
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_string();
    let reply = call(
        &router,
        delete(&format!(
            "/api/sessions/{id}/files?name={}",
            encode(&leader_file)
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let changed = report().await;
    let flagged: Vec<&Value> = changed["vote"]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "ballot-list-changed")
        .collect();
    assert!(!flagged.is_empty());
    assert!(flagged.iter().any(|i| i["sheet"] == "Phiếu 1"));
    let message = flagged[0]["message"].as_str().unwrap();
    assert!(message.contains("danh sách đề cử cũ"), "{message}");
    assert_eq!(
        reply.json()["vote"]["count"]["issues"],
        changed["vote"]["issues"]
    );
    // The file back: the lists match again.
    let path = files
        .iter()
        .find(|p| p.file_name().unwrap().to_str() == Some(leader_file.as_str()))
        .unwrap();
    assert_eq!(add(&router, &id, path).await.status, StatusCode::OK);
    let back = report().await;
    assert!(
        !back["vote"]["issues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["code"] == "ballot-list-changed")
    );

    // Every ballot removed: no vote any more.
    for path in &ballots[1..] {
        let name = path.file_name().unwrap().to_str().unwrap();
        let uri = format!("/api/sessions/{id}/ballots?name={}", encode(name));
        assert_eq!(call(&router, delete(&uri)).await.status, StatusCode::OK);
    }
    assert!(report().await["vote"].is_null());
}

#[tokio::test]
async fn ballots_go_through_the_limits_and_guards_of_files() {
    let files = common::sample_files();
    let router = app(
        Limits {
            files: 3,
            file_bytes: 200_000,
            ..Limits::default()
        },
        Some(sample_rules()),
    );
    let id = session(&router).await;
    // Before any submission: nothing to vote on.
    let early = call(&router, send_ballot(&id, "phieu.xlsx", b"x".to_vec())).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(
        early.error().contains("Chưa có bảng tự chấm"),
        "{}",
        early.error()
    );
    assert_eq!(add(&router, &id, &files[0]).await.status, StatusCode::OK);

    // Not a workbook, and a workbook without a ballot sheet: findings on
    // the file, never a failure.
    let reply = call(
        &router,
        send_ballot(&id, "hỏng.xlsx", b"not a workbook".to_vec()),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let sheet = std::fs::read(&files[1]).unwrap();
    let reply = call(&router, send_ballot(&id, "bảng tự chấm.xls", sheet)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let issues = reply.json()["vote"]["count"]["issues"].clone();
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), 2, "{issues:?}");
    for (issue, file) in issues.iter().zip(["bảng tự chấm.xls", "hỏng.xlsx"]) {
        assert_eq!(issue["code"], "ballot-unreadable");
        assert_eq!(issue["file"], file);
    }
    assert!(
        issues[0]["message"]
            .as_str()
            .unwrap()
            .contains("không có trang phiếu bầu"),
        "{}",
        issues[0]
    );

    // Limits: the session's files and ballots together, one file's size.
    let reply = call(&router, send_ballot(&id, "phieu-3.xlsx", b"x".to_vec())).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.error().contains("số tệp tối đa"), "{}", reply.error());
    let reply = add(&router, &id, &files[2]).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    let reply = call(&router, send_ballot(&id, "to.xlsx", vec![b'x'; 200_001])).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.error().contains("\"to.xlsx\""), "{}", reply.error());
    // Excel's lock file, an empty body, no name: refused with a message.
    let reply = call(&router, send_ballot(&id, "~$phieu.xlsx", b"x".to_vec())).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.error().contains("phiếu bầu"), "{}", reply.error());
    let reply = call(&router, send_ballot(&id, "rỗng.xlsx", Vec::new())).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let nameless = Request::post(format!("/api/sessions/{id}/ballots"))
        .header(header::HOST, HOST)
        .body(Body::from("x"))
        .unwrap();
    assert_eq!(
        call(&router, nameless).await.status,
        StatusCode::BAD_REQUEST
    );
    // Unknown session.
    let reply = call(&router, send_ballot("không-có", "a.xlsx", b"x".to_vec())).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

fn put_count(id: &str, body: &Value) -> Request<Body> {
    Request::put(format!("/api/sessions/{id}/count"))
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// The figures scripts/fill_count_sheet.py types on the count sheet, as the
/// page's forms send them: per award, thu về, không hợp lệ and each
/// candidate's đồng ý in the list's order (`awards`: which, from 0).
fn typed_figures(slates: &Value, awards: &[usize]) -> Value {
    const FIGURES: [(u64, u64, &[u64]); 3] = [(9, 1, &[7]), (8, 0, &[4]), (9, 2, &[7, 5, 5])];
    Value::from(
        awards
            .iter()
            .map(|&a| {
                let (returned, invalid, agree) = FIGURES[a];
                let units = slates[a]["candidates"].as_array().unwrap();
                assert_eq!(units.len(), agree.len(), "{}", slates[a]);
                serde_json::json!({
                    "award": a,
                    "returned": returned,
                    "invalid": invalid,
                    "candidates": units.iter().zip(agree).map(|(c, n)| serde_json::json!({
                        "unit": c["unit"], "agree": n,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect::<Vec<_>>(),
    )
}

/// The findings of `vote` with `code`: (file name, sheet), sorted.
fn findings_of(vote: &Value, code: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = vote["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == code)
        .map(|i| {
            (
                common::base(i["file"].as_str().unwrap_or_default()),
                i["sheet"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

#[tokio::test]
async fn the_count_sheet_downloaded_is_the_command_lines_and_typed_figures_count_as_it_does() {
    if !common::openpyxl_or_skip("the count sheet of tests/web_api.rs") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (bloc, rules, files) = common::bloc_with_a_tie(dir.path());
    let router = app(Limits::default(), Some(rules));
    let id = session(&router).await;
    let early = call(
        &router,
        get(&format!("/api/sessions/{id}/count-sheet.xlsx")),
    )
    .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    let early = call(&router, put_count(&id, &serde_json::json!([]))).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(
        early.error().contains("Chưa có bảng tự chấm"),
        "{}",
        early.error()
    );
    for path in &files {
        assert_eq!(add(&router, &id, path).await.status, StatusCode::OK);
    }

    // The count sheet: the one `thidua ballots` writes beside the ballots.
    let web = call(
        &router,
        get(&format!("/api/sessions/{id}/count-sheet.xlsx")),
    )
    .await;
    assert_eq!(web.status, StatusCode::OK);
    assert!(
        web.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("kiem-phieu.xlsx")
    );
    let ballots = common::filled_ballots(dir.path(), &bloc);
    let cli = std::fs::read(dir.path().join("phieu-bau - kiểm phiếu.xlsx")).unwrap();
    assert_eq!(
        common::workbook_cells(&web.body),
        common::workbook_cells(&cli)
    );

    // The downloaded sheet filled by openpyxl and counted by `thidua
    // tally`; the same figures typed on the page give the same count.
    let blank = dir.path().join("kiem-phieu-web.xlsx");
    std::fs::write(&blank, &web.body).unwrap();
    let cases = dir.path().join("kiem-phieu");
    common::fill_count_sheet(&blank, &cases);
    let tally = |inputs: &[&Path]| common::cli_tally_of(&bloc, inputs);
    let sheet = tally(&[&cases.join("du")]);
    let view = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    assert_eq!(view["vote"]["issued"], 9);
    assert_eq!(view["vote"]["typed"], serde_json::json!([]));
    let slates = view["vote"]["slates"].clone();
    let figures = typed_figures(&slates, &[0, 1, 2]);
    let reply = call(&router, put_count(&id, &figures)).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let report = || report_json(&router, &id);
    assert_eq!(report().await["vote"], sheet);
    let codes: Vec<&str> = sheet["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["vote-tie"]);
    // The view shows the figures back as typed, and the same count.
    let shown = reply.json();
    let typed = &shown["vote"]["typed"];
    assert_eq!(typed.as_array().unwrap().len(), 3);
    assert_eq!(typed[2]["returned"], 9);
    assert_eq!(typed[2]["invalid"], 2);
    assert_eq!(typed[2]["candidates"][1]["agree"], 5);
    assert_eq!(
        typed[2]["candidates"][1]["unit"],
        slates[2]["candidates"][1]["unit"]
    );
    assert_eq!(shown["vote"]["count"]["issues"], sheet["issues"]);

    // Typed figures for awards 1 and 3 beside every voter's ballot file:
    // those awards counted from the figures, their ballots set aside and
    // named, award 2 from the ballots — as `thidua tally` counts a count
    // sheet typed for awards 1 and 3 beside the same ballots.
    let reply = call(&router, put_count(&id, &typed_figures(&slates, &[0, 2]))).await;
    assert_eq!(reply.status, StatusCode::OK);
    for path in common::workbooks_in(&ballots) {
        let name = path.file_name().unwrap().to_str().unwrap();
        let reply = call(
            &router,
            send_ballot(&id, name, std::fs::read(&path).unwrap()),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK);
    }
    let both = report().await["vote"].clone();
    let cli_both = tally(&[&cases.join("mot-phan"), &ballots]);
    assert_eq!(both["awards"], cli_both["awards"]);
    assert_eq!(both["awards"][2]["returned"], 9, "not 9 + 9 ballots");
    let aside = findings_of(&both, "count-sheet-and-ballots");
    assert_eq!(aside, findings_of(&cli_both, "count-sheet-and-ballots"));
    assert_eq!(aside.len(), 18, "{aside:?}");
    let message = both["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "count-sheet-and-ballots")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("số liệu nhập trên trang thidua"),
        "{message}"
    );
    let mut others: Vec<String> = both["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_string())
        .collect();
    let mut cli_others: Vec<String> = cli_both["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_string())
        .collect();
    others.sort();
    cli_others.sort();
    assert_eq!(others, cli_others);

    // The filled count sheet uploaded too: the typed awards have two
    // counts and neither is counted; award 2 has its sheet's figures.
    let filled = std::fs::read(cases.join("du").join("kiem-phieu.xlsx")).unwrap();
    let reply = call(&router, send_ballot(&id, "kiem-phieu.xlsx", filled)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let twice = report().await["vote"].clone();
    let twice_found: Vec<(String, String)> = twice["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "count-sheet-twice")
        .map(|i| {
            (
                i["file"].as_str().unwrap().to_string(),
                i["params"]["award"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let file = || "kiem-phieu.xlsx".to_string();
    let award = |a: usize| slates[a]["award"].as_str().unwrap().to_string();
    assert_eq!(twice_found, [(file(), award(0)), (file(), award(2))]);
    let counted: Vec<&str> = twice["awards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["award"].as_str().unwrap())
        .collect();
    assert_eq!(counted, [slates[1]["award"].as_str().unwrap()]);
    assert_eq!(twice["awards"][0]["returned"], 8);
    let reply = call(
        &router,
        delete(&format!("/api/sessions/{id}/ballots?name=kiem-phieu.xlsx")),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);

    // The figures stay through a recount (a submission removed and sent
    // again), and are cleared on request.
    let first = files[0].file_name().unwrap().to_str().unwrap().to_string();
    let reply = call(
        &router,
        delete(&format!("/api/sessions/{id}/files?name={}", encode(&first))),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(add(&router, &id, &files[0]).await.status, StatusCode::OK);
    let again = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    assert_eq!(again["vote"]["typed"], reply.json()["vote"]["typed"]);
    assert_eq!(again["vote"]["typed"].as_array().unwrap().len(), 2);
    assert_eq!(report().await["vote"], both);
    // A change that changes a typed award's list (the file of its first
    // candidate removed): the figures, typed for the old list, are flagged,
    // on no file; the file back, the flag goes.
    let typed_award = &again["vote"]["typed"][0];
    let first_unit = typed_award["candidates"][0]["unit"].clone();
    let its_file = again["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["unit"] == first_unit)
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_string();
    let count_flags = |vote: &Value| -> Vec<Value> {
        vote["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["code"] == "count-list-changed")
            .cloned()
            .collect()
    };
    assert!(count_flags(&both).is_empty());
    let reply = call(
        &router,
        delete(&format!(
            "/api/sessions/{id}/files?name={}",
            encode(&its_file)
        )),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let flags = count_flags(&report().await["vote"]);
    assert!(!flags.is_empty(), "{:?}", report().await["vote"]["issues"]);
    assert_eq!(flags[0]["file"], Value::Null);
    assert!(
        flags[0]["message"]
            .as_str()
            .unwrap()
            .contains("danh sách đề cử cũ"),
        "{}",
        flags[0]["message"]
    );
    let path = files
        .iter()
        .find(|p| p.file_name().unwrap().to_str() == Some(its_file.as_str()))
        .unwrap();
    assert_eq!(add(&router, &id, path).await.status, StatusCode::OK);
    assert_eq!(report().await["vote"], both);
    let cleared = call(&router, delete(&format!("/api/sessions/{id}/count"))).await;
    assert_eq!(cleared.status, StatusCode::OK);
    assert_eq!(cleared.json()["vote"]["typed"], serde_json::json!([]));
    assert_eq!(
        report().await["vote"],
        by_name(common::cli_tally(&bloc, &ballots))
    );
}

#[tokio::test]
async fn typed_figures_are_read_strictly_and_a_blank_is_never_zero() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, router, id) = consolidated_bloc_with_a_tie(dir.path()).await;
    let view = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    let slates = view["vote"]["slates"].clone();
    let unit = |a: usize, c: usize| slates[a]["candidates"][c]["unit"].clone();
    let award = |a: usize| slates[a]["award"].as_str().unwrap().to_string();
    let with = |change: &dyn Fn(&mut Value)| {
        let mut body = typed_figures(&slates, &[2]);
        change(&mut body[0]);
        body
    };
    // Each fault: the status and what the message names.
    let raw = |text: &str| {
        Request::put(format!("/api/sessions/{id}/count"))
            .header(header::HOST, HOST)
            .body(Body::from(text.to_string()))
            .unwrap()
    };
    for (request, status, says) in [
        (
            raw("số liệu"),
            StatusCode::BAD_REQUEST,
            "không đúng dạng JSON".to_string(),
        ),
        (
            raw(""),
            StatusCode::BAD_REQUEST,
            "không đúng dạng JSON".to_string(),
        ),
        (
            raw(&" ".repeat(300 * 1024)),
            StatusCode::PAYLOAD_TOO_LARGE,
            "quá lớn".to_string(),
        ),
        (
            put_count(&id, &serde_json::json!({"award": 2})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "phải là một danh sách".to_string(),
        ),
        (
            put_count(&id, &with(&|b| b["issued"] = 9.into())),
            StatusCode::UNPROCESSABLE_ENTITY,
            "\u{201C}issued\u{201D}".to_string(),
        ),
        (
            put_count(&id, &with(&|b| b["candidates"][0]["note"] = "x".into())),
            StatusCode::UNPROCESSABLE_ENTITY,
            "\u{201C}note\u{201D}".to_string(),
        ),
        (
            put_count(&id, &with(&|b| b["returned"] = (-1).into())),
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "Hình thức \u{201C}{}\u{201D}: số phiếu thu về ghi -1",
                award(2)
            ),
        ),
        (
            put_count(&id, &with(&|b| b["invalid"] = 2.5.into())),
            StatusCode::UNPROCESSABLE_ENTITY,
            "số phiếu không hợp lệ ghi 2,5".to_string(),
        ),
        (
            put_count(&id, &with(&|b| b["candidates"][1]["agree"] = "năm".into())),
            StatusCode::UNPROCESSABLE_ENTITY,
            "không phải số nguyên từ 0 trở lên".to_string(),
        ),
        (
            put_count(&id, &with(&|b| b["award"] = 3.into())),
            StatusCode::UNPROCESSABLE_ENTITY,
            "hình thức khen thưởng thứ 4".to_string(),
        ),
        (
            put_count(&id, &with(&|b| b["candidates"][0]["unit"] = "STP".into())),
            StatusCode::UNPROCESSABLE_ENTITY,
            "\u{201C}STP\u{201D} không có trong danh sách đề cử".to_string(),
        ),
        (
            put_count(&id, &with(&|b| b["candidates"][1]["unit"] = unit(2, 0))),
            StatusCode::UNPROCESSABLE_ENTITY,
            "được gửi hai lần".to_string(),
        ),
        (
            put_count(&id, &with(&|b| b["places"] = 3.into())),
            StatusCode::UNPROCESSABLE_ENTITY,
            "số suất gửi lên (3)".to_string(),
        ),
        (
            put_count(&id, &typed_figures(&slates, &[2, 2])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "được gửi hai lần".to_string(),
        ),
    ] {
        let reply = call(&router, request).await;
        assert_eq!(reply.status, status, "{says}");
        assert!(reply.error().contains(&says), "{} / {says}", reply.error());
    }
    // Nothing refused was kept.
    let view = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    assert_eq!(view["vote"]["typed"], serde_json::json!([]));
    assert!(view["vote"]["count"].is_null());

    // Typed in part: not counted, each blank figure said; kept as typed
    // (blank stays blank) for the page to show back.
    let partly = serde_json::json!([{
        "award": 2, "returned": 9, "invalid": null,
        "candidates": [{"unit": unit(2, 0), "agree": 0}, {"unit": unit(2, 2), "agree": null}],
    }, {
        "award": 0, "returned": null, "invalid": null, "candidates": [],
    }]);
    let reply = call(&router, put_count(&id, &partly)).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let shown = reply.json();
    let typed = shown["vote"]["typed"].as_array().unwrap();
    assert_eq!(typed.len(), 1, "a form with nothing typed is nothing");
    assert_eq!(typed[0]["returned"], 9);
    assert!(typed[0]["invalid"].is_null());
    assert_eq!(typed[0]["candidates"][0]["agree"], 0);
    assert!(typed[0]["candidates"][1]["agree"].is_null());
    assert!(typed[0]["candidates"][2]["agree"].is_null());
    let vote = call(&router, get(&format!("/api/sessions/{id}/report.json")))
        .await
        .json()["vote"]
        .clone();
    assert_eq!(vote["awards"], serde_json::json!([]));
    let blank: Vec<(String, String)> = vote["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            assert_eq!(i["code"], "count-figure-blank", "{i}");
            assert!(i["file"].is_null());
            (
                i["params"]["what"].as_str().unwrap().to_string(),
                i["params"]["unit"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let name = |c: usize| {
        slates[2]["candidates"][c]["name"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        blank,
        [
            ("invalid".to_string(), String::new()),
            ("agree".to_string(), name(1)),
            ("agree".to_string(), name(2)),
        ]
    );
    let message = vote["issues"][1]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("số phiếu đồng ý của {}", name(1))),
        "{message}"
    );
    assert!(message.contains("không được tính là 0"), "{message}");
    assert_eq!(shown["vote"]["count"]["issues"], vote["issues"]);

    // An empty list clears them, as DELETE does.
    let reply = call(&router, put_count(&id, &serde_json::json!([]))).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.json()["vote"]["count"].is_null());
}

// Past years (kết quả các năm trước) and the criteria scored against the
// bloc, on the page.

fn history_fixture(name: &str) -> std::path::PathBuf {
    common::root().join("tests/fixtures/history").join(name)
}

fn history_rules(name: &str) -> LoadedRules {
    LoadedRules {
        rules: Arc::new(Rules::load(&history_fixture(name)).expect("the fixture's rules")),
        file: name.into(),
    }
}

/// The files directly in `dir`, by name.
fn files_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn send_past(id: &str, name: &str, bytes: Vec<u8>) -> Request<Body> {
    upload(&format!("/api/sessions/{id}/history"), name, bytes)
}

async fn add_past(router: &Router, id: &str, path: &Path) -> Reply {
    let name = path.file_name().unwrap().to_str().unwrap();
    call(router, send_past(id, name, std::fs::read(path).unwrap())).await
}

/// `thidua consolidate --rules RULES --history HISTORY FILES` run in the
/// files' folder, the files named by name (as the page names them): the
/// JSON report and the workbook.
fn cli_with_history(
    rules: &Path,
    files: &[std::path::PathBuf],
    history: &Path,
) -> (Value, Vec<u8>) {
    let out = tempfile::tempdir().unwrap();
    let json = out.path().join("bao-cao.json");
    let xlsx = out.path().join("tong-hop.xlsx");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"))
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

/// The oracle's label of a past year (tests/fixtures/history/expected.json),
/// as "Tổng hợp" writes it.
fn past_label(past: &Value) -> String {
    match (past["rank"].as_u64(), past["award"].as_str()) {
        (Some(r), Some(a)) => format!("Hạng {r} — {a}"),
        (Some(r), None) => format!("Hạng {r}"),
        (None, Some(a)) => a.to_string(),
        (None, None) => "Chưa xếp hạng".to_string(),
    }
}

#[tokio::test]
async fn past_years_sent_on_the_page_give_the_command_lines_report_and_workbook() {
    // Rules with conditions over past years: the flags move with them.
    let rules = "quy-dinh-dieu-kien.toml";
    let router = app(Limits::default(), Some(history_rules(rules)));
    let id = session(&router).await;
    let files = common::sample_files();
    for path in &files {
        assert_eq!(add(&router, &id, path).await.status, StatusCode::OK);
    }
    // Before any past year: the conditions cannot be checked.
    let before = report_json(&router, &id).await;
    let unchecked = |r: &Value| {
        r["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["code"] == "history-condition-unchecked")
            .count()
    };
    assert_eq!(unchecked(&before), 2);
    let reports = history_fixture("reports");
    let pasts = files_in(&reports);
    assert_eq!(pasts.len(), 3);
    // Sent newest first: the session orders them as a folder does.
    for path in pasts.iter().rev() {
        let reply = add_past(&router, &id, path).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.error());
    }
    let (cli_report, cli_workbook) = cli_with_history(&history_fixture(rules), &files, &reports);
    let web_report = report_json(&router, &id).await;
    assert_eq!(web_report, cli_report);
    assert_eq!(unchecked(&web_report), 0);
    let barred: Vec<&Value> = web_report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "award-past-condition")
        .collect();
    assert!(!barred.is_empty(), "the conditions bar a unit");
    let xlsx = call(&router, get(&format!("/api/sessions/{id}/workbook.xlsx"))).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let web_cells = common::workbook_cells(&xlsx.body);
    assert_eq!(web_cells, common::workbook_cells(&cli_workbook));
    let summary = &web_cells.iter().find(|(n, _)| n == "Tổng hợp").unwrap().1;
    assert!(
        summary
            .iter()
            .any(|row| row.iter().any(|c| c == "Năm 2024")),
        "Tổng hợp has the past years' columns"
    );

    // What the page draws: the files, the years used, each unit's years
    // as "Tổng hợp" writes them.
    let view = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    assert_eq!(view["report"], cli_report);
    let past = &view["past"];
    let rows = past["files"].as_array().unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["2022.json", "2023.json", "2024.json"]);
    for (row, year) in rows.iter().zip([2022, 2023, 2024]) {
        assert_eq!(row["year"], year);
        assert_eq!(row["used"], true);
        assert_eq!(row["bloc"], "Khối thi đua Văn hóa - Xã hội");
        assert_eq!(row["warnings"], 0);
    }
    // Sở Ngoại vụ, in 2022's report, is no member now.
    assert_eq!(rows[0]["infos"], 1);
    assert_eq!(past["years"], serde_json::json!([2022, 2023, 2024]));
    assert_eq!(past["columns"], serde_json::json!([2022, 2023, 2024]));
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(history_fixture("expected.json")).unwrap())
            .unwrap();
    let want = expected["history"].as_object().unwrap();
    assert_eq!(past["units"].as_object().unwrap().len(), want.len());
    for (unit, years) in want {
        let got = past["units"][unit].as_array().unwrap();
        let years = years.as_array().unwrap();
        assert_eq!(got.len(), years.len(), "{unit}");
        for (g, w) in got.iter().zip(years) {
            assert_eq!(g["year"], w["year"], "{unit}");
            assert_eq!(g["label"], past_label(w).as_str(), "{unit}");
        }
    }

    // One removed: that year is gone, as from the folder.
    let reply = call(
        &router,
        delete(&format!("/api/sessions/{id}/history?name=2022.json")),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let view = reply.json();
    assert_eq!(view["past"]["years"], serde_json::json!([2023, 2024]));
    let dir = tempfile::tempdir().unwrap();
    for path in &pasts[1..] {
        std::fs::copy(path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let (cli_report, _) = cli_with_history(&history_fixture(rules), &files, dir.path());
    assert_eq!(report_json(&router, &id).await, cli_report);

    // Every past report removed: the report is the one without --history.
    for name in ["2023.json", "2024.json"] {
        let uri = format!("/api/sessions/{id}/history?name={name}");
        assert_eq!(call(&router, delete(&uri)).await.status, StatusCode::OK);
    }
    assert_eq!(report_json(&router, &id).await, before);
}

#[tokio::test]
async fn serve_with_history_starts_every_session_with_the_past_years() {
    let rules = "quy-dinh-dieu-kien.toml";
    let app_state = web::App::new(Limits::default(), Some(history_rules(rules)), PORT, true);
    let reports = history_fixture("reports");
    app_state.default_history(thidua::history::PastFile::read_dir(&reports).unwrap());
    let router = web::router(app_state);
    let id = session(&router).await;
    let files = common::sample_files();
    for path in &files {
        assert_eq!(add(&router, &id, path).await.status, StatusCode::OK);
    }
    let (cli_report, _) = cli_with_history(&history_fixture(rules), &files, &reports);
    assert_eq!(report_json(&router, &id).await, cli_report);
    // Each session has its own: removing one leaves the next session's.
    let uri = format!("/api/sessions/{id}/history?name=2024.json");
    assert_eq!(call(&router, delete(&uri)).await.status, StatusCode::OK);
    let other = call(
        &router,
        get(&format!("/api/sessions/{}", session(&router).await)),
    )
    .await
    .json();
    assert_eq!(other["past"]["files"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn unusable_past_files_are_findings_as_in_the_folder_and_bad_requests_are_refused() {
    let rules = "quy-dinh.toml";
    let router = app(
        Limits {
            file_bytes: 100_000,
            files: 20,
            ..Limits::default()
        },
        Some(history_rules(rules)),
    );
    let id = session(&router).await;
    let files = common::sample_files();
    for path in &files {
        assert_eq!(add(&router, &id, path).await.status, StatusCode::OK);
    }
    // Every file of findings/ (its folder cannot be uploaded): a year twice,
    // a current year, a broken file, a JSON that is no report, a text file,
    // another bloc's report. Each is kept and named by a finding.
    let findings = history_fixture("findings");
    let dir = tempfile::tempdir().unwrap();
    for path in files_in(&findings) {
        let reply = add_past(&router, &id, &path).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.error());
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let (cli_report, cli_workbook) = cli_with_history(&history_fixture(rules), &files, dir.path());
    let web = report_json(&router, &id).await;
    assert_eq!(web, cli_report);
    let xlsx = call(&router, get(&format!("/api/sessions/{id}/workbook.xlsx"))).await;
    assert_eq!(
        common::workbook_cells(&xlsx.body),
        common::workbook_cells(&cli_workbook)
    );
    let codes: std::collections::BTreeSet<(String, String)> = web["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"].as_str().unwrap().starts_with("history-"))
        .map(|i| {
            (
                i["code"].as_str().unwrap().to_string(),
                i["file"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for want in [
        ("history-year-twice", "2023.json"),
        ("history-year-twice", "2023-ban-sao.json"),
        ("history-year-not-past", "2025.json"),
        ("history-not-report", "hong.json"),
        ("history-not-report", "khac.json"),
        ("history-not-report", "ghi-chu.txt"),
        ("history-other-bloc", "khoi-kinh-te-2021.json"),
    ] {
        assert!(
            codes.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} in {codes:?}"
        );
    }
    let message = |file: &str, code: &str| {
        web["issues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["file"] == file && i["code"] == code)
            .and_then(|i| i["message"].as_str())
            .unwrap()
            .to_string()
    };
    assert!(
        message("ghi-chu.txt", "history-not-report")
            .starts_with("Tệp này không phải tệp báo cáo JSON (.json)")
    );
    assert!(message("2025.json", "history-year-not-past").contains("không phải năm trước"));
    let view = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    let row = |name: &str| {
        view["past"]["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(row("2022.json")["used"], true);
    assert_eq!(row("2023.json")["used"], false);
    assert_eq!(row("2023.json")["warnings"], 1);
    assert_eq!(row("hong.json")["year"], Value::Null);
    assert_eq!(row("ghi-chu.txt")["used"], false);
    assert_eq!(view["past"]["years"], serde_json::json!([2021, 2022]));

    // The same name again: unchanged is nothing to do; another file is
    // asked about first (409), replaced when asked.
    let again = add_past(&router, &id, &findings.join("2022.json")).await;
    assert_eq!(again.status, StatusCode::OK);
    let other = std::fs::read(history_fixture("reports/2024.json")).unwrap();
    let reply = call(&router, send_past(&id, "2022.JSON", other.clone())).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.json()["existing"], "2022.json");
    assert!(
        reply
            .error()
            .contains("Đã có tệp kết quả năm trước \"2022.json\""),
        "{}",
        reply.error()
    );
    let uri = format!("/api/sessions/{id}/history?replace=2022.json");
    let reply = call(&router, upload(&uri, "2022.JSON", other)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let view = reply.json();
    assert!(
        view["past"]["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["name"] != "2022.json")
    );
    assert_eq!(view["past"]["years"], serde_json::json!([2021, 2024]));

    // Refusals, each with its status and a Vietnamese message.
    let reply = call(&router, send_past(&id, "to.json", vec![b' '; 100_001])).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        reply
            .error()
            .contains("Báo cáo JSON của một năm thường chỉ vài chục KB"),
        "{}",
        reply.error()
    );
    let reply = call(&router, send_past(&id, "rỗng.json", Vec::new())).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.error().contains("rỗng (0 byte)"), "{}", reply.error());
    let reply = call(&router, send_past(&id, "~$2024.json", b"{}".to_vec())).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.error().contains("báo cáo JSON của năm trước"),
        "{}",
        reply.error()
    );
    let nameless = Request::post(format!("/api/sessions/{id}/history"))
        .header(header::HOST, HOST)
        .body(Body::from("{}"))
        .unwrap();
    let reply = call(&router, nameless).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.error().contains("thiếu tên tệp"), "{}", reply.error());
    let reply = call(
        &router,
        delete(&format!("/api/sessions/{id}/history?name=2030.json")),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(
        reply.error(),
        "Không có tệp kết quả năm trước \"2030.json\" trong phiên làm việc này."
    );
    let reply = call(&router, send_past("khong-co", "2024.json", b"{}".to_vec())).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.error().contains("Phiên làm việc này không còn"));
    // The session's files count them: 8 sheets and 8 past files held, so
    // room for 4 more files in all.
    for n in 0..4 {
        let reply = call(
            &router,
            send_past(&id, &format!("them-{n}.json"), b"{}".to_vec()),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK);
    }
    let reply = call(&router, send_past(&id, "mot-nua.json", b"{}".to_vec())).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.error().contains("số tệp tối đa"), "{}", reply.error());
}

#[tokio::test]
async fn past_years_sent_before_the_rules_wait_for_them() {
    let router = app(Limits::default(), None);
    let id = session(&router).await;
    let reply = add_past(&router, &id, &history_fixture("reports/2023.json")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let view = reply.json();
    assert_eq!(view["past"]["files"][0]["year"], 2023);
    assert_eq!(view["past"]["files"][0]["used"], false);
    assert_eq!(view["past"]["years"], serde_json::json!([]));
    let rules = std::fs::read(history_fixture("quy-dinh.toml")).unwrap();
    let put = Request::put(format!("/api/sessions/{id}/rules"))
        .header(header::HOST, HOST)
        .header(FILE_NAME, "quy-dinh.toml")
        .body(Body::from(rules))
        .unwrap();
    let view = call(&router, put).await.json();
    assert_eq!(view["past"]["years"], serde_json::json!([2023]));
    assert_eq!(view["past"]["files"][0]["used"], true);
}

#[tokio::test]
async fn figures_of_criteria_scored_against_the_bloc_are_on_the_page_as_the_command_line_scores_them()
 {
    let dir = common::root().join("tests/fixtures/relative");
    let rules = dir.join("quy-dinh.toml");
    let loaded = LoadedRules {
        rules: Arc::new(Rules::load(&rules).unwrap()),
        file: "quy-dinh.toml".into(),
    };
    let router = app(Limits::default(), Some(loaded));
    let id = session(&router).await;
    let files: Vec<_> = files_in(&dir)
        .into_iter()
        .filter(|p| {
            !matches!(
                p.file_name().and_then(|n| n.to_str()),
                Some("quy-dinh.toml" | "expected.json" | "README.md")
            )
        })
        .collect();
    assert_eq!(files.len(), 7);
    for path in &files {
        assert_eq!(add(&router, &id, path).await.status, StatusCode::OK);
    }
    let (cli_report, cli_workbook) = common::cli_consolidate_by_name(&rules, &files);
    assert_eq!(report_json(&router, &id).await, cli_report);
    let xlsx = call(&router, get(&format!("/api/sessions/{id}/workbook.xlsx"))).await;
    assert_eq!(
        common::workbook_cells(&xlsx.body),
        common::workbook_cells(&cli_workbook)
    );

    // The page's criteria scored against the bloc: the oracle's bases and
    // figures, written as the page shows them.
    let view = call(&router, get(&format!("/api/sessions/{id}")))
        .await
        .json();
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let shown = |v: &Value, unit: &str| {
        let n = v.as_f64().unwrap().to_string().replace('.', ",");
        if unit == "%" {
            format!("{n}%")
        } else {
            format!("{n} {unit}")
        }
    };
    let measures = view["measures"].as_array().unwrap();
    let want = expected["measures"].as_object().unwrap();
    let codes: Vec<&str> = measures
        .iter()
        .map(|m| m["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, want.keys().map(String::as_str).collect::<Vec<_>>());
    for m in measures {
        let code = m["code"].as_str().unwrap();
        let w = &want[code];
        let unit = w["unit"].as_str().unwrap();
        assert_eq!(m["kind"], w["kind"], "{code}");
        let basis = if w["kind"] == "target" {
            format!("chỉ tiêu: {}", shown(&w["target"], unit))
        } else {
            format!("số liệu tốt nhất của khối: {}", shown(&w["best"], unit))
        };
        assert_eq!(m["basis"], basis.as_str(), "{code}");
        let formula = m["formula"].as_str().unwrap();
        let max = w["max"].as_f64().unwrap().to_string();
        assert!(
            formula.contains(&format!("{max} điểm")),
            "{code}: {formula}"
        );
        assert!(formula.contains("làm tròn đến"), "{code}: {formula}");
        assert!(!m["title"].as_str().unwrap().is_empty());
        let mut seen = 0;
        for (unit_id, u) in expected["units"].as_object().unwrap() {
            let figure = &u["scores"][code]["figure"];
            let got = &m["figures"][unit_id];
            if figure.is_null() {
                assert!(got.is_null(), "{code} {unit_id}: {got}");
            } else {
                assert_eq!(got, shown(figure, unit).as_str(), "{code} {unit_id}");
                seen += 1;
            }
        }
        assert_eq!(m["figures"].as_object().unwrap().len(), seen, "{code}");
    }
    // Without such criteria the page has none.
    let plain = app(Limits::default(), Some(sample_rules()));
    let id = session(&plain).await;
    let view = add(&plain, &id, &common::sample_files()[0]).await.json();
    assert_eq!(view["measures"], serde_json::json!([]));
    assert_eq!(view["past"]["columns"], serde_json::json!([]));
}

/// A past year's consolidated workbook sent on the page is read through
/// the report it carries, as `--history` reads it from a folder: the page's
/// report equals the command line's, and each unit has that year.
#[tokio::test]
async fn a_past_years_workbook_sent_on_the_page_is_read_as_the_folder_reads_it() {
    let rules = "quy-dinh.toml";
    let router = app(Limits::default(), Some(history_rules(rules)));
    let id = session(&router).await;
    let files = common::sample_files();
    for path in &files {
        assert_eq!(add(&router, &id, path).await.status, StatusCode::OK);
    }
    // The sample bloc consolidated under the same rules set a year earlier.
    let tmp = tempfile::tempdir().unwrap();
    let rules_2024 = tmp.path().join("quy-dinh-2024.toml");
    let text = std::fs::read_to_string(history_fixture(rules)).unwrap();
    assert!(text.contains("year = 2025"));
    std::fs::write(&rules_2024, text.replace("year = 2025", "year = 2024")).unwrap();
    let past = tmp.path().join("nam-truoc");
    std::fs::create_dir(&past).unwrap();
    let xlsx = past.join("tong-hop-2024.xlsx");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"))
        .arg("consolidate")
        .arg("--rules")
        .arg(&rules_2024)
        .arg("-o")
        .arg(&xlsx)
        .arg(common::sample_dir())
        .output()
        .unwrap();
    assert!(made.status.code().is_some_and(|c| c < 2), "{made:?}");
    let reply = add_past(&router, &id, &xlsx).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.error());
    let (cli_report, _) = cli_with_history(&history_fixture(rules), &files, &past);
    let web_report = report_json(&router, &id).await;
    assert_eq!(web_report, cli_report);
    let years: Vec<&Value> = web_report["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["history"].as_array()?.first())
        .filter(|p| p["year"] == 2024 && p["rank"].is_u64())
        .collect();
    assert!(years.len() >= 8, "{years:?}");
}

// The province's page (/tinh): the blocs' results uploaded give what
// `thidua province` gives on the same files.

fn province_fixture(name: &str) -> std::path::PathBuf {
    common::root().join("tests/fixtures/province").join(name)
}

/// The files of the province fixture a browser can send (the bloc folders
/// are a command-line input), sorted by name.
fn province_files() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(province_fixture("khoi"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// `thidua province` run in the files' folder on their names, as the page
/// names them: its JSON report and its workbook.
fn cli_province(rules: &Path, files: &[std::path::PathBuf]) -> (Value, Vec<u8>) {
    let out = tempfile::tempdir().unwrap();
    let json = out.path().join("tinh.json");
    let xlsx = out.path().join("tinh.xlsx");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"))
        .current_dir(files[0].parent().unwrap())
        .arg("province")
        .arg(rules)
        .args(files.iter().map(|f| f.file_name().unwrap()))
        .arg("-o")
        .arg(&xlsx)
        .arg("--json")
        .arg(&json)
        .output()
        .unwrap();
    assert!(status.status.code().is_some_and(|c| c < 2), "{status:?}");
    let report = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    (report, std::fs::read(&xlsx).unwrap())
}

fn put_province_rules(id: &str, name: &str, bytes: Vec<u8>) -> Request<Body> {
    Request::put(format!("/api/sessions/{id}/province/rules"))
        .header(header::HOST, HOST)
        .header(FILE_NAME, encode(name))
        .header(header::CONTENT_LENGTH, bytes.len())
        .body(Body::from(bytes))
        .unwrap()
}

async fn add_result(router: &Router, id: &str, path: &Path) -> Reply {
    let name = path.file_name().unwrap().to_str().unwrap();
    call(
        router,
        upload(
            &format!("/api/sessions/{id}/province/files"),
            name,
            std::fs::read(path).unwrap(),
        ),
    )
    .await
}

/// A session whose province rules are the fixture's tinh.toml, uploaded.
async fn province_session(router: &Router) -> String {
    let id = session(router).await;
    let rules = std::fs::read(province_fixture("tinh.toml")).unwrap();
    let reply = call(router, put_province_rules(&id, "tinh.toml", rules)).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    id
}

#[tokio::test]
async fn the_province_page_gives_the_report_and_workbook_of_the_command_line() {
    let router = app(Limits::default(), None);
    let page = call(&router, get("/tinh")).await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let html = String::from_utf8(page.body).unwrap();
    assert!(
        html.contains("<html lang=\"vi\">") && html.contains("/tinh.js"),
        "{html}"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external resource"
    );
    let script = call(&router, get("/tinh.js")).await;
    assert!(
        script.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let script = String::from_utf8(script.body).unwrap();
    assert!(
        !script.contains("innerHTML") && script.contains("textContent"),
        "the blocs' text is never parsed as HTML"
    );
    assert!(
        html.contains("thidua province"),
        "folders are said to be for the command line"
    );
    let bloc_page = String::from_utf8(call(&router, get("/")).await.body).unwrap();
    assert!(
        bloc_page.contains("href=\"/tinh\""),
        "the bloc page links to the province's"
    );

    let id = province_session(&router).await;
    let files = province_files();
    assert!(files.len() >= 6, "{files:?}");
    // Sent in reverse order: the server sorts by name as the command line
    // is given them here.
    for path in files.iter().rev() {
        let reply = add_result(&router, &id, path).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
    }
    let (cli_report, cli_workbook) = cli_province(&province_fixture("tinh.toml"), &files);

    let json = call(
        &router,
        get(&format!("/api/sessions/{id}/province/report.json")),
    )
    .await;
    assert_eq!(json.status, StatusCode::OK);
    assert!(
        json.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    assert_eq!(json.json(), cli_report);
    // Every kind of input the page takes was read, and the report is not
    // trivially empty: blocs read and missing, proposals, findings.
    let kinds: std::collections::BTreeSet<&str> = cli_report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    for kind in ["workbook", "summary", "report", "unusable"] {
        assert!(kinds.contains(kind), "{kind}: {kinds:?}");
    }
    let blocs = cli_report["blocs"].as_array().unwrap();
    assert!(blocs.iter().any(|b| b["status"] == "ok"));
    assert!(blocs.iter().any(|b| b["status"] == "missing"));
    assert!(!cli_report["proposals"].as_array().unwrap().is_empty());
    assert!(!cli_report["issues"].as_array().unwrap().is_empty());

    let xlsx = call(
        &router,
        get(&format!("/api/sessions/{id}/province/workbook.xlsx")),
    )
    .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let web_cells = common::workbook_cells(&xlsx.body);
    assert_eq!(
        web_cells
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>(),
        ["Các khối", "Danh sách đề nghị", "Kiểm tra", "Nguồn"]
    );
    assert_eq!(web_cells, common::workbook_cells(&cli_workbook));

    // The view the page draws from: the same report, each bloc's heading
    // as "Các khối" writes it, each file with what was read from it.
    let view = call(&router, get(&format!("/api/sessions/{id}/province")))
        .await
        .json();
    assert_eq!(view["report"], cli_report);
    assert_eq!(view["rules"]["file"], "tinh.toml");
    let labels = view["bloc_labels"].as_array().unwrap();
    assert_eq!(labels.len(), blocs.len());
    let sheet = &web_cells[0].1;
    for label in labels {
        assert!(
            sheet
                .iter()
                .any(|row| row.iter().any(|c| c == label.as_str().unwrap())),
            "{label} in Các khối"
        );
    }
    let rows = view["files"].as_array().unwrap();
    assert_eq!(rows.len(), files.len());
    let row = |name: &str| rows.iter().find(|r| r["name"] == name).unwrap().clone();
    assert_eq!(row("ghi-chu.txt")["kind"], "Không dùng được");
    assert_eq!(row("bao-cao-khoi-truong.json")["kind"], "Báo cáo JSON");
    assert_eq!(
        row("khoi-doanh-nghiep.xls")["kind"],
        "Bảng tổng hợp của khối"
    );
}

#[tokio::test]
async fn province_uploads_are_refused_with_vietnamese_messages() {
    let limits = Limits {
        file_bytes: 64 * 1024,
        rules_bytes: 16 * 1024,
        ..Limits::default()
    };
    let router = app(limits, None);
    let id = session(&router).await;
    let results = format!("/api/sessions/{id}/province/files");

    // Before there are province rules: the file is held, nothing to
    // download yet.
    let json_report = province_fixture("khoi/bao-cao-khoi-truong.json");
    assert_eq!(
        add_result(&router, &id, &json_report).await.status,
        StatusCode::OK
    );
    let early = call(
        &router,
        get(&format!("/api/sessions/{id}/province/workbook.xlsx")),
    )
    .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(
        early.error().contains("Chưa có tệp quy định của tỉnh"),
        "{}",
        early.error()
    );

    // Province rules: not UTF-8, broken TOML, a bloc's rules file.
    let reply = call(
        &router,
        put_province_rules(&id, "tinh.toml", vec![0xff, 0xfe, 0x41]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.error().contains("không phải văn bản UTF-8"),
        "{}",
        reply.error()
    );
    let reply = call(
        &router,
        put_province_rules(&id, "tinh.toml", b"[tinh\nten = 1".to_vec()),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.error().contains("tinh.toml"), "{}", reply.error());
    let bloc_rules = std::fs::read(common::sample_dir().join("quy-dinh.toml")).unwrap();
    let reply = call(
        &router,
        put_province_rules(&id, "quy-dinh.toml", bloc_rules),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.error().contains("quy-dinh.toml"), "{}", reply.error());
    let big = vec![b'#'; 17 * 1024];
    let reply = call(&router, put_province_rules(&id, "tinh.toml", big)).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        reply.error().contains("quá giới hạn một tệp")
            && reply.error().contains("Tệp quy định của tỉnh"),
        "{}",
        reply.error()
    );

    // With the rules, the file held is read.
    let rules = std::fs::read(province_fixture("tinh.toml")).unwrap();
    let reply = call(&router, put_province_rules(&id, "tinh.toml", rules)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let view = reply.json();
    assert_eq!(view["files"][0]["kind"], "Báo cáo JSON");
    assert_eq!(view["report"]["sources"].as_array().unwrap().len(), 1);

    // From another site: refused as every change is.
    let foreign = from(
        upload(&results, "a.json", b"{}".to_vec()),
        Some("http://evil.example"),
        Some("cross-site"),
    );
    let reply = call(&router, foreign).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    // Results: Excel's lock file, too large, empty, no name.
    let reply = call(&router, upload(&results, "~$khoi.xlsx", b"x".to_vec())).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.error().contains("kết quả của khối"),
        "{}",
        reply.error()
    );
    let reply = call(&router, upload(&results, "to.xlsx", vec![0; 65 * 1024])).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        reply.error().contains("Bảng tổng hợp của một khối"),
        "{}",
        reply.error()
    );
    let reply = call(&router, upload(&results, "rong.xlsx", Vec::new())).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.error().contains("rỗng"), "{}", reply.error());
    let nameless = Request::post(&results)
        .header(header::HOST, HOST)
        .body(Body::from(vec![1u8]))
        .unwrap();
    let reply = call(&router, nameless).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.error().contains("tên tệp"), "{}", reply.error());

    // A file of the same name (as Windows compares names) is replaced
    // only when asked; another file may replace one; files are removed.
    let other = std::fs::read(province_fixture("khoi/khoi-doan-the.xlsx")).unwrap();
    let reply = call(
        &router,
        upload(&results, "BAO-CAO-khoi-truong.json", other.clone()),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.json()["existing"], "bao-cao-khoi-truong.json");
    assert!(
        reply.error().contains("Chưa thay tệp cũ"),
        "{}",
        reply.error()
    );
    let replace = format!("{results}?replace=bao-cao-khoi-truong.json");
    let reply = call(&router, upload(&replace, "khoi-doan-the.xlsx", other)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let names: Vec<String> = reply.json()["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["khoi-doan-the.xlsx"]);
    let reply = call(&router, delete(&format!("{results}?name=khong-co.xlsx"))).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.error().contains("khong-co.xlsx"), "{}", reply.error());
    let reply = call(
        &router,
        delete(&format!("{results}?name=khoi-doan-the.xlsx")),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.json()["files"].as_array().unwrap().is_empty());
    let reply = call(
        &router,
        get(&format!("/api/sessions/{id}/province/report.json")),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(
        reply.error().contains("Chưa có kết quả của khối nào"),
        "{}",
        reply.error()
    );

    // Choosing a file the server does not offer; an unknown session.
    let choose = Request::post(format!(
        "/api/sessions/{id}/province/rules/choose?file=..%2Fetc%2Fpasswd"
    ))
    .header(header::HOST, HOST)
    .body(Body::empty())
    .unwrap();
    let reply = call(&router, choose).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(
        reply.error().contains("Không có tệp quy định của tỉnh"),
        "{}",
        reply.error()
    );
    let reply = call(&router, get("/api/sessions/khong-co/province")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(
        reply.error().contains("Phiên làm việc"),
        "{}",
        reply.error()
    );
}

/// The province's results count against the session's limits as the
/// units' files do.
#[tokio::test]
async fn the_province_files_count_against_the_session_limits() {
    let router = app(
        Limits {
            files: 2,
            ..Limits::default()
        },
        None,
    );
    let id = province_session(&router).await;
    let files = province_files();
    assert_eq!(
        add_result(&router, &id, &files[0]).await.status,
        StatusCode::OK
    );
    assert_eq!(
        add_result(&router, &id, &files[1]).await.status,
        StatusCode::OK
    );
    let reply = add_result(&router, &id, &files[2]).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.error().contains("số tệp tối đa"), "{}", reply.error());
}

/// The hostile corpus sent as the blocs' results: each file is one
/// finding on it, none is refused or takes the server down.
#[tokio::test]
async fn hostile_files_sent_to_the_province_page_are_findings() {
    let router = app(Limits::default(), None);
    let id = province_session(&router).await;
    let hostile = common::root().join("tests/fixtures/hostile");
    let mut files: Vec<_> = std::fs::read_dir(&hostile)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in &files {
        let reply = add_result(&router, &id, path).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&reply.body)
        );
    }
    let report = call(
        &router,
        get(&format!("/api/sessions/{id}/province/report.json")),
    )
    .await
    .json();
    assert_eq!(report["sources"].as_array().unwrap().len(), files.len());
    for path in &files {
        let name = path.file_name().unwrap().to_str().unwrap();
        let about: Vec<&Value> = report["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["file"] == name)
            .collect();
        assert_eq!(about.len(), 1, "{name}: {about:?}");
        assert_eq!(about[0]["code"], "province-input-unreadable", "{name}");
    }
    let xlsx = call(
        &router,
        get(&format!("/api/sessions/{id}/province/workbook.xlsx")),
    )
    .await;
    assert_eq!(xlsx.status, StatusCode::OK);
}

/// Started without arguments in a folder holding the bloc's and the
/// province's rules: the province's page offers the province's only, and
/// the one chosen is used by this session and every new one.
#[tokio::test]
async fn the_province_page_offers_the_province_rules_found_and_uses_the_one_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = folder_with_several_rules(dir.path());
    let tinh = dir.path().join("tinh.toml");
    std::fs::copy(province_fixture("tinh.toml"), &tinh).unwrap();
    paths.push(tinh);
    let app = web::App::new(Limits::default(), None, PORT, true);
    app.offer_rules(&paths);
    app.offer_province(&paths);
    let router = web::router(app);
    let id = session(&router).await;
    let view = call(&router, get(&format!("/api/sessions/{id}/province")))
        .await
        .json();
    assert!(view["rules"].is_null());
    let choices = view["choices"].as_array().unwrap();
    assert_eq!(choices.len(), 1, "{choices:?}");
    assert_eq!(choices[0]["file"], "tinh.toml");
    assert_eq!(choices[0]["province"], "Quảng Ngãi");
    assert_eq!(choices[0]["in_use"], false);
    // A bloc's rules file is not offered, and cannot be chosen.
    let refused = call(
        &router,
        with_host(
            "POST",
            &format!("/api/sessions/{id}/province/rules/choose?file=quy-dinh.toml"),
            HOST,
        ),
    )
    .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let chosen = call(
        &router,
        with_host(
            "POST",
            &format!("/api/sessions/{id}/province/rules/choose?file=tinh.toml"),
            HOST,
        ),
    )
    .await;
    assert_eq!(chosen.status, StatusCode::OK);
    let view = chosen.json();
    assert_eq!(view["rules"]["name"], "Quảng Ngãi");
    assert_eq!(view["choices"][0]["in_use"], true);
    // With the rules and no file: every expected bloc is missing.
    let blocs = view["report"]["blocs"].as_array().unwrap();
    assert_eq!(blocs.len(), 9);
    assert!(blocs.iter().all(|b| b["status"] == "missing"));
    let other = session(&router).await;
    let view = call(&router, get(&format!("/api/sessions/{other}/province")))
        .await
        .json();
    assert_eq!(view["rules"]["file"], "tinh.toml");
    // The bloc page's view is untouched by the province's work.
    let bloc = call(&router, get(&format!("/api/sessions/{other}")))
        .await
        .json();
    assert!(bloc["rules"].is_null());
    assert!(bloc["files"].as_array().unwrap().is_empty());
}
