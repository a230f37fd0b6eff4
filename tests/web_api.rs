//! The web page's HTTP interface, without a browser: the same results as
//! the command line, the limits on uploads, malformed requests, sessions
//! kept apart, and the page's own safety headers.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;
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
    // Listening on the network on purpose accepts any host name.
    let open = web::router(web::App::new(Limits::default(), None, PORT, false));
    let request = Request::get("/")
        .header(header::HOST, "192.168.1.10:8765")
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&open, request).await.status, StatusCode::OK);
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
    assert_eq!(web_cells.len(), 6);
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
    let unit = rules
        .rules
        .units
        .iter()
        .position(|u| u.id == "SDTTG")
        .unwrap();
    common::write_submission(&rules.rules, &fixed, unit);
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
    let unit = rules
        .rules
        .units
        .iter()
        .position(|u| u.id == "SDTTG")
        .unwrap();
    common::write_submission(&rules.rules, &fixed, unit);
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
