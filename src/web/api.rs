//! The HTTP interface of the page (giao diện HTTP): the embedded page and
//! its assets, and a small JSON API over sessions — upload the rules and
//! the units' files (one file per request, raw body, name in the
//! `X-File-Name` header, percent-encoded UTF-8), remove a file, download
//! the results. Every refusal is a JSON `{"error": "…"}` in Vietnamese
//! with a fitting status.
//!
//! Depends on `rules`, `write`, `report` and the web session and view;
//! never prints.

use super::App;
use super::session::{LoadedRules, Session};
use super::view;
use crate::rules::Rules;
use crate::write;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::Arc;

const PAGE: &str = include_str!("page.html");
const SCRIPT: &str = include_str!("page.js");
const STYLE: &str = include_str!("page.css");

/// Header carrying an upload's file name.
pub const FILE_NAME: &str = "x-file-name";

/// Header carrying the upload's time on the officer's disk, in
/// milliseconds since 1970 (the browser's `File.lastModified`).
pub const FILE_MODIFIED: &str = "x-file-modified";

/// A refusal: status and a Vietnamese sentence saying what to do.
#[derive(Debug)]
pub struct Problem {
    status: StatusCode,
    message: String,
}

impl Problem {
    fn new(status: StatusCode, message: impl Into<String>) -> Problem {
        Problem {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message });
        (self.status, Json(body)).into_response()
    }
}

type Reply = Result<Response, Problem>;

pub async fn page() -> Response {
    asset(PAGE, "text/html; charset=utf-8")
}

pub async fn script() -> Response {
    asset(SCRIPT, "text/javascript; charset=utf-8")
}

pub async fn style() -> Response {
    asset(STYLE, "text/css; charset=utf-8")
}

fn asset(text: &'static str, kind: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], text).into_response()
}

/// `POST /api/sessions`: a new session, with the command line's rules.
pub async fn create(State(app): State<Arc<App>>) -> Reply {
    let (id, session) = app.sessions.create().map_err(|_| {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Máy không tạo được phiên làm việc mới (thiếu nguồn số ngẫu nhiên của hệ điều hành). Hãy khởi động lại thidua.",
        )
    })?;
    let session = session.lock().await;
    let mut response = respond(&app, &id, &session);
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

/// `GET /api/sessions/{id}`.
pub async fn show(State(app): State<Arc<App>>, Path(id): Path<String>) -> Reply {
    let session = find(&app, &id)?;
    let session = session.lock().await;
    Ok(respond(&app, &id, &session))
}

/// `PUT /api/sessions/{id}/rules`: the bloc's rules file (.toml).
pub async fn put_rules(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Reply {
    let session = find(&app, &id)?;
    let name = file_name(&headers)?;
    let limit = app.sessions.limits().rules_bytes;
    let bytes = read_body(&headers, body, limit, &name).await?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("Tệp quy định \"{name}\" không phải văn bản UTF-8. Hãy mở tệp bằng Notepad, chọn Lưu với bảng mã UTF-8 rồi gửi lại."),
        )
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let rules = Rules::parse(text, &name)
        .map_err(|e| Problem::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    let loaded = LoadedRules {
        rules: Arc::new(rules),
        file: name,
    };
    let mut session = session.lock_owned().await;
    let session = tokio::task::spawn_blocking(move || {
        session.set_rules(loaded);
        session
    })
    .await
    .map_err(|_| internal())?;
    Ok(respond(&app, &id, &session))
}

#[derive(Deserialize)]
pub struct AddQuery {
    /// The file this one corrects, removed when this one is added.
    replace: Option<String>,
}

/// `POST /api/sessions/{id}/files[?replace=NAME]`: one unit's file.
pub async fn add_file(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<AddQuery>,
    headers: HeaderMap,
    body: Body,
) -> Reply {
    let session = find(&app, &id)?;
    let name = file_name(&headers)?;
    if crate::read::is_lock_file(&name) {
        let message = crate::read::lock_file_message(&name);
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{message} Hãy gửi chính tệp bảng tự chấm."),
        ));
    }
    let limits = *app.sessions.limits();
    let modified = headers
        .get(FILE_MODIFIED)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|ms| *ms > 0)
        .map(|ms| crate::read::iso_from_unix(ms / 1000));
    let bytes = read_body(&headers, body, limits.file_bytes, &name).await?;
    let mut session = session.lock_owned().await;
    let replaced = |f: &&super::session::Upload| {
        f.name == name || query.replace.as_deref() == Some(f.name.as_str())
    };
    let kept: Vec<_> = session.files.iter().filter(|f| !replaced(f)).collect();
    if kept.len() >= limits.files {
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "Đã có {} tệp, là số tệp tối đa một lần tổng hợp. Hãy xóa bớt tệp không cần rồi gửi lại \"{name}\".",
                limits.files
            ),
        ));
    }
    let held: usize = kept.iter().map(|f| f.bytes.len()).sum();
    if held + bytes.len() > limits.session_bytes {
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "Tổng dung lượng các tệp đã gửi vượt quá {}. Hãy xóa bớt tệp không cần rồi gửi lại \"{name}\".",
                megabytes(limits.session_bytes)
            ),
        ));
    }
    let session = tokio::task::spawn_blocking(move || {
        session.put(name, bytes, modified, query.replace.as_deref());
        session
    })
    .await
    .map_err(|_| internal())?;
    Ok(respond(&app, &id, &session))
}

#[derive(Deserialize)]
pub struct NameQuery {
    name: String,
}

/// `DELETE /api/sessions/{id}/files?name=NAME`.
pub async fn remove_file(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<NameQuery>,
) -> Reply {
    let session = find(&app, &id)?;
    let mut session = session.lock_owned().await;
    let session = tokio::task::spawn_blocking(move || {
        let removed = session.remove(&query.name);
        (session, removed, query.name)
    })
    .await
    .map_err(|_| internal())?;
    match session {
        (session, true, _) => Ok(respond(&app, &id, &session)),
        (_, false, name) => Err(Problem::new(
            StatusCode::NOT_FOUND,
            format!("Không có tệp \"{name}\" trong phiên làm việc này."),
        )),
    }
}

/// `POST /api/sessions/{id}/files/use?name=NAME`: use this file for its
/// unit ("Dùng tệp này"); the unit's other files are left out.
pub async fn use_file(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<NameQuery>,
) -> Reply {
    let session = find(&app, &id)?;
    let mut session = session.lock_owned().await;
    let (session, chosen, name) = tokio::task::spawn_blocking(move || {
        let chosen = session.choose(&query.name);
        (session, chosen, query.name)
    })
    .await
    .map_err(|_| internal())?;
    if !chosen {
        return Err(Problem::new(
            StatusCode::NOT_FOUND,
            format!("Không có tệp \"{name}\" của một đơn vị đã xác định trong phiên làm việc này."),
        ));
    }
    Ok(respond(&app, &id, &session))
}

/// `GET /api/sessions/{id}/report.json`: the JSON report, as
/// `thidua consolidate --json` writes it.
pub async fn report_json(State(app): State<Arc<App>>, Path(id): Path<String>) -> Reply {
    let session = find(&app, &id)?;
    let session = session.lock().await;
    let (_, report) = consolidated(&session)?;
    let json = serde_json::to_string_pretty(report).map_err(|_| internal())? + "\n";
    Ok(download(
        json.into_bytes(),
        "application/json",
        "bao-cao.json",
    ))
}

/// `GET /api/sessions/{id}/workbook.xlsx`: the consolidated workbook.
pub async fn workbook(State(app): State<Arc<App>>, Path(id): Path<String>) -> Reply {
    let session = find(&app, &id)?;
    let session = session.lock_owned().await;
    let bytes = tokio::task::spawn_blocking(move || {
        let (rules, report) = consolidated(&session)?;
        write::consolidated_bytes(rules, report).map_err(|e| {
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("Không tạo được bảng tổng hợp: {e}"),
            )
        })
    })
    .await
    .map_err(|_| internal())??;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "tong-hop.xlsx",
    ))
}

/// `GET /api/sessions/{id}/feedback.zip`: one phiếu phản hồi per file, as
/// `thidua consolidate --feedback` writes them.
pub async fn feedback(State(app): State<Arc<App>>, Path(id): Path<String>) -> Reply {
    let session = find(&app, &id)?;
    let session = session.lock_owned().await;
    let bytes = tokio::task::spawn_blocking(move || {
        let (rules, report) = consolidated(&session)?;
        write::feedback_zip(rules, report).map_err(|e| {
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("Không tạo được các phiếu phản hồi: {e}"),
            )
        })
    })
    .await
    .map_err(|_| internal())??;
    Ok(download(bytes, "application/zip", "phieu-phan-hoi.zip"))
}

/// The session's rules and report, or why there is none yet.
fn consolidated(session: &Session) -> Result<(&Rules, &crate::report::Report), Problem> {
    match (&session.rules, &session.report) {
        (Some(rules), Some(report)) if !session.files.is_empty() => Ok((&rules.rules, report)),
        (None, _) | (_, None) => Err(Problem::new(
            StatusCode::CONFLICT,
            "Chưa có tệp quy định của khối. Hãy chọn tệp quy định (.toml) trước.",
        )),
        _ => Err(Problem::new(
            StatusCode::CONFLICT,
            "Chưa có bảng tự chấm nào. Hãy gửi các tệp của đơn vị trước.",
        )),
    }
}

fn find(app: &App, id: &str) -> Result<super::session::Shared, Problem> {
    app.sessions.get(id).ok_or_else(|| {
        Problem::new(
            StatusCode::NOT_FOUND,
            "Phiên làm việc này không còn (thidua đã khởi động lại, hoặc trang để lâu không dùng). Hãy tải lại trang và gửi lại các tệp.",
        )
    })
}

fn internal() -> Problem {
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "thidua gặp lỗi nội bộ khi xử lý yêu cầu này. Hãy thử lại; nếu vẫn lỗi, hãy báo cho người quản trị công cụ.",
    )
}

fn respond(app: &App, id: &str, session: &Session) -> Response {
    Json(view::of(id, session, app.sessions.limits())).into_response()
}

fn download(bytes: Vec<u8>, kind: &'static str, name: &'static str) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    let mut response = (
        [(header::CONTENT_TYPE, HeaderValue::from_static(kind))],
        bytes,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The upload's file name from the `X-File-Name` header: percent-decoded
/// UTF-8, any folder part dropped, cleaned to NFC. It only ever names the
/// file in reports; it is never used as a path.
fn file_name(headers: &HeaderMap) -> Result<String, Problem> {
    let bad = || {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "Yêu cầu gửi tệp thiếu tên tệp hợp lệ. Hãy gửi tệp từ trang của thidua.",
        )
    };
    let raw = headers
        .get(FILE_NAME)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(bad)?;
    let decoded = percent_decode(raw).ok_or_else(bad)?;
    let base = decoded
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>();
    let name = crate::text::clean(&base);
    if name.is_empty() || name == "." || name == ".." || name.chars().count() > 255 {
        return Err(bad());
    }
    Ok(name)
}

/// `%XX` escapes to bytes, then UTF-8; `None` when malformed.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The request body, refused with 413 beyond `limit` bytes (from the
/// declared length before reading, or while reading), and with 400 when
/// empty or cut off.
async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    name: &str,
) -> Result<Vec<u8>, Problem> {
    let too_large = || {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "Tệp \"{name}\" lớn hơn {}, quá giới hạn một tệp. Bảng tự chấm thường chỉ vài trăm KB: hãy xóa ảnh, trang tính thừa rồi lưu lại dạng .xlsx và gửi lại.",
                megabytes(limit)
            ),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|e| {
        let inner = e.into_inner();
        if inner
            .downcast_ref::<http_body_util::LengthLimitError>()
            .is_some()
        {
            too_large()
        } else {
            Problem::new(
                StatusCode::BAD_REQUEST,
                format!("Tệp \"{name}\" gửi lên bị gián đoạn. Hãy gửi lại."),
            )
        }
    })?;
    if bytes.is_empty() {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            format!("Tệp \"{name}\" rỗng (0 byte). Hãy kiểm tra lại tệp rồi gửi lại."),
        ));
    }
    Ok(bytes.to_vec())
}

/// "20 MB", for messages.
fn megabytes(bytes: usize) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb >= 1.0 {
        format!(
            "{} MB",
            crate::score::Score::from_f64(mb).map_or_else(|| format!("{mb:.0}"), |s| s.to_string())
        )
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(
            percent_decode("S%E1%BB%9F%20Y%20t%E1%BA%BF.xlsx").as_deref(),
            Some("Sở Y tế.xlsx")
        );
        assert_eq!(percent_decode("%E1%BB"), None); // cut UTF-8
        assert_eq!(percent_decode("%G1"), None);
        assert_eq!(percent_decode("abc%"), None);
    }

    #[test]
    fn file_names_lose_folders_and_never_escape() {
        let mut h = HeaderMap::new();
        h.insert(
            FILE_NAME,
            HeaderValue::from_static("..%2F..%2Fetc%2Fpasswd"),
        );
        assert_eq!(file_name(&h).unwrap(), "passwd");
        h.insert(
            FILE_NAME,
            HeaderValue::from_static("C%3A%5CUsers%5Ca%5Cb%E1%BA%A3ng.xls"),
        );
        assert_eq!(file_name(&h).unwrap(), "bảng.xls");
        h.insert(FILE_NAME, HeaderValue::from_static("..%2F.."));
        assert!(file_name(&h).is_err());
        h.insert(FILE_NAME, HeaderValue::from_static("%0A%0D"));
        assert!(file_name(&h).is_err());
    }

    #[test]
    fn sizes_in_messages() {
        assert_eq!(megabytes(20 * 1024 * 1024), "20 MB");
        assert_eq!(megabytes(1536 * 1024), "1,5 MB");
        assert_eq!(megabytes(1000), "1 KB");
    }
}
