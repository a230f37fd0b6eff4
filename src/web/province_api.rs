//! The HTTP interface of the province's page (`/tinh`, trang của Ban Thi
//! đua – Khen thưởng tỉnh): the page and its script, and the JSON API of a
//! session's province work — upload the province rules file or choose one
//! the server offers, upload the blocs' results (thidua's consolidated
//! workbooks, hand-made summaries, JSON reports; one file per request, sent,
//! named, limited and refused exactly as the units' files of the bloc page,
//! through the same functions), remove one, download the province workbook
//! and the JSON report as `thidua province` writes them. Every refusal is a
//! JSON `{"error": "…"}` in Vietnamese. Raw bloc folders are a
//! command-line input only (a browser sends files, not folders with their
//! rules).
//!
//! Depends on `rules`, `write`, `report` and the web's api, session and
//! `provincial`; never prints.

use super::App;
use super::api::{
    AddQuery, ChooseQuery, NameQuery, Problem, Reply, asset, blocking, download, file_name, find,
    internal, read_body, received, room,
};
use super::names::same_name;
use super::provincial::{self, LoadedProvince};
use super::session::Session;
use crate::report::province::ProvinceReport;
use crate::rules::Province;
use crate::write;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

const PAGE: &str = include_str!("tinh.html");
const SCRIPT: &str = include_str!("tinh.js");

/// `GET /tinh`: the province's page.
pub async fn page() -> Response {
    asset(PAGE, "text/html; charset=utf-8")
}

/// `GET /tinh.js`.
pub async fn script() -> Response {
    asset(SCRIPT, "text/javascript; charset=utf-8")
}

/// What the refusal of a file too large says of a bloc's results.
const RESULTS_SIZE: &str = "Bảng tổng hợp của một khối thường chỉ vài trăm KB: hãy xóa ảnh, trang tính thừa rồi lưu lại dạng .xlsx và gửi lại.";

/// What the refusal of a province rules file too large says.
const RULES_SIZE: &str = "Tệp quy định của tỉnh thường chỉ vài KB: hãy kiểm tra đã chọn đúng tệp quy định (.toml) rồi gửi lại.";

/// `GET /api/sessions/{id}/province`: the session's province work.
pub async fn show(State(app): State<Arc<App>>, Path(id): Path<String>) -> Reply {
    let session = find(&app, &id)?;
    let session = session.lock().await;
    Ok(respond(&app, &id, &session))
}

/// `PUT /api/sessions/{id}/province/rules`: the province rules file
/// (tinh.toml); every bloc's results held are read again under it.
pub async fn put_rules(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Reply {
    let session = find(&app, &id)?;
    let name = file_name(&headers)?;
    let limits = app.sessions.limits();
    let bytes = read_body(
        &headers,
        body,
        limits.rules_bytes,
        limits,
        &name,
        RULES_SIZE,
    )
    .await?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("Tệp quy định của tỉnh \"{name}\" không phải văn bản UTF-8. Hãy mở tệp bằng Notepad, chọn Lưu với bảng mã UTF-8 rồi gửi lại."),
        )
    })?;
    let province = Province::parse(text, &name)
        .map_err(|e| Problem::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    let loaded = LoadedProvince {
        province: Arc::new(province),
        file: name,
    };
    let mut session = session.lock_owned().await;
    let session = blocking(&app, move || {
        session.set_province(loaded);
        session
    })
    .await?;
    Ok(respond(&app, &id, &session))
}

/// `POST /api/sessions/{id}/province/rules/choose?file=NAME`: use the
/// province rules file `NAME` among those the server offers (given by
/// `--province` or found beside thidua), for this session and every new
/// one. `NAME` only picks one of the offered paths.
pub async fn choose_rules(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<ChooseQuery>,
) -> Reply {
    let session = find(&app, &id)?;
    let file = query.file.unwrap_or_default();
    if !app
        .sessions
        .province_choices()
        .iter()
        .any(|c| c.file == file)
    {
        return Err(Problem::new(
            StatusCode::NOT_FOUND,
            format!(
                "Không có tệp quy định của tỉnh \"{}\" trong danh sách thidua tìm thấy khi khởi động. Hãy tải lại trang rồi chọn lại, hoặc bấm \"Chọn tệp quy định của tỉnh (.toml)…\" để chọn tệp khác.",
                file.chars().take(100).collect::<String>()
            ),
        ));
    }
    let mut session = session.lock_owned().await;
    let shared = app.clone();
    let (session, outcome) = blocking(&app, move || {
        let outcome = shared.sessions.choose_province(&file);
        if let Some(Ok(rules)) = &outcome {
            session.set_province(rules.clone());
        }
        (session, outcome)
    })
    .await?;
    match outcome {
        Some(Ok(_)) => Ok(respond(&app, &id, &session)),
        Some(Err(message)) => Err(Problem::new(StatusCode::UNPROCESSABLE_ENTITY, message)),
        None => Err(internal()),
    }
}

/// `POST /api/sessions/{id}/province/files[?replace=NAME]`: one bloc's
/// results, read (workbooks in the server's read workers) as `thidua
/// province` reads a file. A file of the same name already there is
/// replaced only when `replace` names it: otherwise 409 with its name.
pub async fn add_file(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<AddQuery>,
    headers: HeaderMap,
    body: Body,
) -> Reply {
    let (session, name, bytes) =
        received(&app, &id, &headers, body, "kết quả của khối", RESULTS_SIZE).await?;
    let limits = *app.sessions.limits();
    let mut session = session.lock_owned().await;
    if let Some(existing) = session.province.same_name(&name) {
        let (asked, other) = match query.replace.as_deref() {
            Some(r) if same_name(r, &existing.name) => (true, false),
            Some(_) => (false, true),
            None => (false, false),
        };
        if existing.bytes == bytes && !other {
            return Ok(respond(&app, &id, &session));
        }
        if existing.bytes != bytes && !asked {
            let old = existing.name.clone();
            let same = if old == name {
                format!("Đã có tệp \"{old}\" trong phiên làm việc.")
            } else {
                format!("Tệp \"{name}\" trùng tên với tệp \"{old}\" đã gửi trước.")
            };
            return Err(Problem::new(
                StatusCode::CONFLICT,
                format!(
                    "{same} Chưa thay tệp cũ: nếu tệp mới là bản sửa của tệp đó, hãy xác nhận thay tệp; nếu là kết quả của khối khác, hãy đổi tên tệp rồi gửi lại."
                ),
            )
            .with("existing", old));
        }
    }
    let files = session.province.files.iter().map(|f| f.name.as_str());
    room(
        &session,
        files,
        &name,
        query.replace.as_deref(),
        &bytes,
        &limits,
    )?;
    let session = blocking(&app, move || {
        session.put_province(name, bytes, query.replace.as_deref());
        session
    })
    .await?;
    Ok(respond(&app, &id, &session))
}

/// `DELETE /api/sessions/{id}/province/files?name=NAME`.
pub async fn remove_file(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<NameQuery>,
) -> Reply {
    let session = find(&app, &id)?;
    let mut session = session.lock_owned().await;
    let name = query.name;
    let (session, done, name) = blocking(&app, move || {
        let done = session.remove_province(&name);
        (session, done, name)
    })
    .await?;
    if !done {
        return Err(Problem::new(
            StatusCode::NOT_FOUND,
            format!("Không có tệp \"{name}\" trong phiên làm việc này."),
        ));
    }
    Ok(respond(&app, &id, &session))
}

/// `GET /api/sessions/{id}/province/report.json`: the province's JSON
/// report, as `thidua province --json` writes it for the same files.
pub async fn report_json(State(app): State<Arc<App>>, Path(id): Path<String>) -> Reply {
    let session = find(&app, &id)?;
    let session = session.lock().await;
    let (_, report) = assembled(&session)?;
    let json = report.to_json().map_err(|_| internal())?;
    Ok(download(
        json.into_bytes(),
        "application/json",
        "bao-cao-tinh.json",
    ))
}

/// `GET /api/sessions/{id}/province/workbook.xlsx`: the province workbook,
/// as `thidua province` writes it for the same files.
pub async fn workbook(State(app): State<Arc<App>>, Path(id): Path<String>) -> Reply {
    let session = find(&app, &id)?;
    let session = session.lock_owned().await;
    let bytes = blocking(&app, move || {
        let (province, report) = assembled(&session)?;
        write::province_bytes(report, &province.issuer).map_err(|e| {
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("Không tạo được bảng tổng hợp của tỉnh: {e}"),
            )
        })
    })
    .await??;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "tong-hop-tinh.xlsx",
    ))
}

/// The session's province rules and report, or why there is none yet.
fn assembled(session: &Session) -> Result<(&Province, &ProvinceReport), Problem> {
    let work = &session.province;
    match (&work.rules, &work.report) {
        (Some(rules), Some(report)) if !work.files.is_empty() => Ok((&rules.province, report)),
        (None, _) | (_, None) => Err(Problem::new(
            StatusCode::CONFLICT,
            "Chưa có tệp quy định của tỉnh. Hãy chọn tệp quy định của tỉnh (.toml) trước.",
        )),
        _ => Err(Problem::new(
            StatusCode::CONFLICT,
            "Chưa có kết quả của khối nào. Hãy gửi kết quả của các khối trước.",
        )),
    }
}

fn respond(app: &App, id: &str, session: &Session) -> Response {
    let choices = app.sessions.province_choices();
    let view = provincial::view(id, &session.province, app.sessions.limits(), &choices);
    match serde_json::to_vec(&view) {
        Ok(body) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(_) => internal().into_response(),
    }
}
