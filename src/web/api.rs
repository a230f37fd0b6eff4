//! The HTTP interface of the page (giao diện HTTP): the embedded page and
//! its assets, and a small JSON API over sessions — upload the rules and
//! the units' files (one file per request, raw body, name in the
//! `X-File-Name` header, percent-encoded UTF-8), remove a file, choose one
//! of the rules files the server offers (by name, among those only),
//! add a past year's JSON report and remove one (the page's `--history`),
//! download the results, the ballots and the count sheet, upload the
//! filled ballots (sent and limited as files are) and remove one, keep or
//! clear the figures of the count typed on the page (a small JSON body,
//! read strictly by `typed`). Every refusal is a JSON `{"error": "…"}` in Vietnamese
//! with a fitting status. A request body must arrive within the body
//! timeout; the reading and checking of files waits for one of the
//! server's parsing slots (as many as cores, shared by every session).
//! The province's page (`province_api`) sends, limits and refuses its
//! uploads through the same functions (`received`, `read_body`, `room`,
//! `blocking`).
//!
//! Depends on `rules`, `write`, `vote` (the JSON report), `report`, `read`
//! (what a file name says) and the web session and view; never prints.

use super::App;
use super::names::{invisible, same_name};
pub use super::problem::Problem;
use super::session::{Limits, LoadedRules, Session, Upload};
use super::{typed, view};
use crate::rules::Rules;
use crate::{vote, write};
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::Arc;

const PAGE: &str = include_str!("page.html");
const SCRIPT: &str = include_str!("page.js");
/// What the bloc's and the province's pages share (loaded before either).
const COMMON_SCRIPT: &str = include_str!("chung.js");
const STYLE: &str = include_str!("page.css");

/// Header carrying an upload's file name.
pub const FILE_NAME: &str = "x-file-name";

/// Header carrying the upload's time on the officer's disk, in
/// milliseconds since 1970 (the browser's `File.lastModified`).
pub const FILE_MODIFIED: &str = "x-file-modified";

pub(super) type Reply = Result<Response, Problem>;

pub async fn page() -> Response {
    asset(PAGE, "text/html; charset=utf-8")
}

/// `GET /api/thidua`: who answers on this port, so that a second start
/// tells thidua's page from another program's.
pub async fn identity() -> Response {
    asset(IDENTITY, "application/json")
}

/// The answer of [`identity`].
pub const IDENTITY: &str = concat!(
    "{\"app\":\"thidua\",\"version\":\"",
    env!("CARGO_PKG_VERSION"),
    "\"}"
);

pub async fn script() -> Response {
    asset(SCRIPT, "text/javascript; charset=utf-8")
}

/// `GET /chung.js`: the scripts' shared part.
pub async fn common_script() -> Response {
    asset(COMMON_SCRIPT, "text/javascript; charset=utf-8")
}

pub async fn style() -> Response {
    asset(STYLE, "text/css; charset=utf-8")
}

pub(super) fn asset(text: &'static str, kind: &'static str) -> Response {
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
    let limits = app.sessions.limits();
    let bytes = read_body(
        &headers,
        body,
        limits.rules_bytes,
        limits,
        &name,
        SHEET_SIZE,
    )
    .await?;
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
    let session = blocking(&app, move || {
        session.set_rules(loaded);
        session
    })
    .await?;
    Ok(respond(&app, &id, &session))
}

#[derive(Deserialize)]
pub struct ChooseQuery {
    pub(super) file: Option<String>,
}

/// `POST /api/sessions/{id}/rules/choose?file=NAME`: use the rules file
/// `NAME` among those the server offers (`rules_choices`, found beside
/// thidua when started without arguments), as if thidua had been started
/// with it: this session and every new one. `NAME` only picks one of the
/// offered paths; no other file is ever read.
pub async fn choose_rules(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<ChooseQuery>,
) -> Reply {
    let session = find(&app, &id)?;
    let file = query.file.unwrap_or_default();
    if !app.sessions.choices().iter().any(|c| c.file == file) {
        return Err(Problem::new(
            StatusCode::NOT_FOUND,
            format!(
                "Không có tệp quy định \"{}\" trong danh sách thidua tìm thấy khi khởi động. Hãy tải lại trang rồi chọn lại, hoặc bấm \"Chọn tệp quy định (.toml)…\" để chọn tệp khác.",
                file.chars().take(100).collect::<String>()
            ),
        ));
    }
    let mut session = session.lock_owned().await;
    let shared = app.clone();
    let (session, outcome) = blocking(&app, move || {
        let outcome = shared.sessions.choose_rules(&file);
        if let Some(Ok(rules)) = &outcome {
            session.set_rules(rules.clone());
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

#[derive(Deserialize)]
pub struct AddQuery {
    /// The file this one corrects, removed when this one is added; also
    /// the officer's yes to replacing the file of the same name.
    pub(super) replace: Option<String>,
}

/// `POST /api/sessions/{id}/files[?replace=NAME]`: one unit's file. A
/// file of the same name already there (as Windows compares names) is
/// replaced only when `replace` names it: otherwise 409, with the file's
/// name and unit so that the page can ask the officer.
pub async fn add_file(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<AddQuery>,
    headers: HeaderMap,
    body: Body,
) -> Reply {
    let modified = headers
        .get(FILE_MODIFIED)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|ms| *ms > 0)
        .map(|ms| crate::read::iso_from_unix(ms / 1000));
    let (session, name, bytes) =
        received(&app, &id, &headers, body, "bảng tự chấm", SHEET_SIZE).await?;
    let limits = *app.sessions.limits();
    let mut session = session.lock_owned().await;
    if let Some(existing) = session.same_name(&name) {
        let (asked, other) = match query.replace.as_deref() {
            Some(r) if same_name(r, &existing.name) => (true, false),
            Some(_) => (false, true),
            None => (false, false),
        };
        if existing.bytes == bytes && !other {
            // Sent again unchanged (a folder dropped twice): nothing to do.
            return Ok(respond(&app, &id, &session));
        }
        if existing.bytes != bytes && !asked {
            return Err(same_name_problem(&session, existing, &name));
        }
    }
    let files = session.files.iter().map(|f| f.name.as_str());
    room(
        &session,
        files,
        &name,
        query.replace.as_deref(),
        &bytes,
        &limits,
    )?;
    let session = blocking(&app, move || {
        session.put(name, bytes, modified, query.replace.as_deref());
        session
    })
    .await?;
    Ok(respond(&app, &id, &session))
}

/// Whether the session has room for the upload `name` of `bytes`: the
/// files and ballots it holds, less the one among `kind` (the session's
/// files, or its ballots) of the same name and the one `replace` names,
/// within the number and the bytes a session may hold.
pub(super) fn room<'a>(
    session: &Session,
    kind: impl Iterator<Item = &'a str>,
    name: &str,
    replace: Option<&str>,
    bytes: &[u8],
    limits: &Limits,
) -> Result<(), Problem> {
    let replaced: Vec<&str> = kind
        .filter(|f| same_name(f, name) || replace.is_some_and(|r| same_name(r, f)))
        .collect();
    let (count, held) = session.held(|f| replaced.contains(&f));
    if count >= limits.files {
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "Đã có {} tệp, là số tệp tối đa một lần tổng hợp. Hãy xóa bớt tệp không cần rồi gửi lại \"{name}\".",
                limits.files
            ),
        ));
    }
    if held + bytes.len() > limits.session_bytes {
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "Tổng dung lượng các tệp đã gửi vượt quá {}. Hãy xóa bớt tệp không cần rồi gửi lại \"{name}\".",
                megabytes(limits.session_bytes)
            ),
        ));
    }
    Ok(())
}

/// `POST /api/sessions/{id}/ballots[?replace=NAME]`: one voter's filled
/// ballot workbook (the one `ballots.xlsx` gave), once the session has a
/// consolidation; read and checked as `thidua tally` does, then every
/// ballot counted again. Sent and limited as the units' files are (the
/// session's number of files and bytes count both); a ballot of the same
/// name already there is replaced only when `replace` names it, otherwise
/// 409 with its name.
pub async fn add_ballot(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<AddQuery>,
    headers: HeaderMap,
    body: Body,
) -> Reply {
    let (session, name, bytes) =
        received(&app, &id, &headers, body, "phiếu bầu đã điền", SHEET_SIZE).await?;
    let limits = *app.sessions.limits();
    let mut session = session.lock_owned().await;
    consolidated(&session)?;
    if let Some(existing) = session.ballots.same_name(&name) {
        let asked = query
            .replace
            .as_deref()
            .is_some_and(|r| same_name(r, &existing.name));
        if existing.bytes == bytes && query.replace.is_none() {
            return Ok(respond(&app, &id, &session));
        }
        if !asked {
            let old = existing.name.clone();
            return Err(Problem::new(
                StatusCode::CONFLICT,
                format!(
                    "Đã có phiếu \"{old}\" trong phiên làm việc. Chưa thay phiếu cũ: nếu tệp mới là bản sửa của phiếu đó, hãy xác nhận thay; nếu là phiếu của người khác, hãy đổi tên tệp rồi gửi lại."
                ),
            )
            .with("existing", old));
        }
    }
    let ballots = session.ballots.files.iter().map(|f| f.name.as_str());
    room(
        &session,
        ballots,
        &name,
        query.replace.as_deref(),
        &bytes,
        &limits,
    )?;
    let session = blocking(&app, move || {
        session.put_ballot(name, bytes, query.replace.as_deref());
        session
    })
    .await?;
    Ok(respond(&app, &id, &session))
}

/// `DELETE /api/sessions/{id}/ballots?name=NAME`: the ballot left out of
/// the count.
pub async fn remove_ballot(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<NameQuery>,
) -> Reply {
    on_file(&app, &id, query.name, Session::remove_ballot, |name| {
        format!("Không có phiếu \"{name}\" trong phiên làm việc này.")
    })
    .await
}

/// The file a request uploads to the session `id`: the session, the
/// file's name and its bytes. Refused when the session is unknown, the name
/// missing, the file Excel's lock file (`what` names the file to send
/// instead: "bảng tự chấm"), too large (`size` says how large such a file
/// usually is), too slow or empty.
pub(super) async fn received(
    app: &App,
    id: &str,
    headers: &HeaderMap,
    body: Body,
    what: &str,
    size: &str,
) -> Result<(super::session::Shared, String, Vec<u8>), Problem> {
    let session = find(app, id)?;
    let name = file_name(headers)?;
    if crate::read::is_lock_file(&name) {
        let message = crate::read::lock_file_message(&name);
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{message} Hãy gửi chính tệp {what}."),
        ));
    }
    let limits = app.sessions.limits();
    let bytes = read_body(headers, body, limits.file_bytes, limits, &name, size).await?;
    Ok((session, name, bytes))
}

/// 409: `name` would replace `existing`; the officer is asked first.
fn same_name_problem(session: &Session, existing: &Upload, name: &str) -> Problem {
    let unit = existing
        .result
        .as_ref()
        .and_then(|r| r.source.unit.as_deref())
        .map(|id| {
            session
                .rules
                .as_ref()
                .and_then(|r| r.rules.unit(id))
                .map_or_else(|| id.to_string(), |u| u.name.clone())
        });
    let of = unit
        .as_deref()
        .map(|u| format!(" (của {u})"))
        .unwrap_or_default();
    let old = &existing.name;
    let same = if old == name {
        format!("Đã có tệp \"{old}\"{of} trong phiên làm việc.")
    } else {
        format!("Tệp \"{name}\" trùng tên với tệp \"{old}\"{of} đã gửi trước.")
    };
    Problem::new(
        StatusCode::CONFLICT,
        format!(
            "{same} Chưa thay tệp cũ: nếu tệp mới là bản sửa của tệp đó, hãy xác nhận thay tệp; nếu là tệp của đơn vị khác, hãy đổi tên tệp rồi gửi lại."
        ),
    )
    .with("existing", old.as_str())
    .with("unit", unit)
}

#[derive(Deserialize)]
pub struct NameQuery {
    pub(super) name: String,
}

/// `POST /api/sessions/{id}/history[?replace=NAME]`: one past year's JSON
/// report (what `thidua consolidate --json`, or this page's `report.json`,
/// wrote that year), used as `--history` uses the files of its folder: the
/// session's consolidation takes every past year's report held. Sent and
/// limited as the units' files are (the session's number of files and
/// bytes count them too); a file that is no report is kept and named by a
/// `history-not-report` finding, as in the folder. A report of the same
/// name already there is replaced only when `replace` names it, otherwise
/// 409 with its name.
pub async fn add_past(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<AddQuery>,
    headers: HeaderMap,
    body: Body,
) -> Reply {
    let (session, name, bytes) = received(
        &app,
        &id,
        &headers,
        body,
        "báo cáo JSON của năm trước",
        PAST_SIZE,
    )
    .await?;
    let limits = *app.sessions.limits();
    let mut session = session.lock_owned().await;
    if let Some(existing) = session.same_past(&name) {
        let asked = query
            .replace
            .as_deref()
            .is_some_and(|r| same_name(r, &existing.file));
        if existing.bytes == bytes && query.replace.is_none() {
            return Ok(respond(&app, &id, &session));
        }
        if !asked {
            let old = existing.file.clone();
            return Err(Problem::new(
                StatusCode::CONFLICT,
                format!(
                    "Đã có tệp kết quả năm trước \"{old}\" trong phiên làm việc. Chưa thay tệp cũ: nếu tệp mới là bản sửa của tệp đó, hãy xác nhận thay; nếu là kết quả của năm khác, hãy đổi tên tệp rồi gửi lại."
                ),
            )
            .with("existing", old));
        }
    }
    let past = session.past.iter().map(|f| f.file.as_str());
    room(
        &session,
        past,
        &name,
        query.replace.as_deref(),
        &bytes,
        &limits,
    )?;
    let session = blocking(&app, move || {
        session.put_past(name, bytes, query.replace.as_deref());
        session
    })
    .await?;
    Ok(respond(&app, &id, &session))
}

/// `DELETE /api/sessions/{id}/history?name=NAME`: the past year's report
/// no longer used.
pub async fn remove_past(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<NameQuery>,
) -> Reply {
    on_file(&app, &id, query.name, Session::remove_past, |name| {
        format!("Không có tệp kết quả năm trước \"{name}\" trong phiên làm việc này.")
    })
    .await
}

/// `DELETE /api/sessions/{id}/files?name=NAME`.
pub async fn remove_file(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<NameQuery>,
) -> Reply {
    on_file(&app, &id, query.name, Session::remove, |name| {
        format!("Không có tệp \"{name}\" trong phiên làm việc này.")
    })
    .await
}

/// `POST /api/sessions/{id}/files/use?name=NAME`: use this file for its
/// unit ("Dùng tệp này"); the unit's other files are left out.
pub async fn use_file(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<NameQuery>,
) -> Reply {
    on_file(&app, &id, query.name, Session::choose, |name| {
        format!("Không có tệp \"{name}\" của một đơn vị đã xác định trong phiên làm việc này.")
    })
    .await
}

/// Do `change` to the session's file called `name` on the blocking pool;
/// the session's view, or "not found" with the message `missing` gives for
/// the name when `change` finds no such file.
async fn on_file(
    app: &App,
    id: &str,
    name: String,
    change: fn(&mut Session, &str) -> bool,
    missing: fn(&str) -> String,
) -> Reply {
    let session = find(app, id)?;
    let mut session = session.lock_owned().await;
    let (session, done, name) = blocking(app, move || {
        let done = change(&mut session, &name);
        (session, done, name)
    })
    .await?;
    if !done {
        return Err(Problem::new(StatusCode::NOT_FOUND, missing(&name)));
    }
    Ok(respond(app, id, &session))
}

/// `GET /api/sessions/{id}/report.json`: the JSON report, as
/// `thidua consolidate --json` writes it, with the count of the uploaded
/// ballots and the figures typed on the page as `vote` (`null` when there
/// is neither).
pub async fn report_json(State(app): State<Arc<App>>, Path(id): Path<String>) -> Reply {
    let session = find(&app, &id)?;
    let session = session.lock().await;
    let (_, report) = consolidated(&session)?;
    let json = vote::report_json(report, session.ballots.tally.as_ref()).map_err(|_| internal())?;
    Ok(download(
        json.into_bytes(),
        "application/json",
        "bao-cao.json",
    ))
}

/// `GET /api/sessions/{id}/workbook.xlsx`: the consolidated workbook.
pub async fn workbook(State(app): State<Arc<App>>, Path(id): Path<String>) -> Reply {
    let bytes = written(
        &app,
        &id,
        write::consolidated_bytes,
        "Không tạo được bảng tổng hợp",
    )
    .await?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "tong-hop.xlsx",
    ))
}

/// `GET /api/sessions/{id}/ballots.xlsx`: the ballot workbook for the
/// year-end vote, as `thidua ballots` writes it for the same files.
pub async fn ballots(State(app): State<Arc<App>>, Path(id): Path<String>) -> Reply {
    let bytes = written(&app, &id, write::ballots_bytes, "Không tạo được phiếu bầu").await?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "phieu-bau.xlsx",
    ))
}

/// `GET /api/sessions/{id}/count-sheet.xlsx`: the count sheet (bảng kiểm
/// phiếu) the secretary types the figures of paper ballots in, as `thidua
/// ballots` writes it beside the ballots for the same files.
pub async fn count_sheet(State(app): State<Arc<App>>, Path(id): Path<String>) -> Reply {
    let bytes = written(
        &app,
        &id,
        write::count_sheet_bytes,
        "Không tạo được bảng kiểm phiếu",
    )
    .await?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "kiem-phieu.xlsx",
    ))
}

/// The most bytes the figures typed on the page may take: a few hundred
/// for a bloc's awards, so this is far beyond any real one.
const TYPED_BYTES: usize = 256 * 1024;

/// `PUT /api/sessions/{id}/count`: the figures of the count typed on the
/// page, a JSON array of `TypedCount`s whose figures may be `null` (see
/// `typed`), kept in place of those typed before and counted with the
/// uploaded ballots. Refused (400, 422) with a message naming the fault;
/// 409 before there is a consolidation.
pub async fn put_count(State(app): State<Arc<App>>, Path(id): Path<String>, body: Body) -> Reply {
    let session = find(&app, &id)?;
    let timeout = app.sessions.limits().body_timeout;
    let again = "Hãy nhập số liệu trên trang của thidua rồi bấm \u{201C}Tính kết quả\u{201D} lại.";
    let bytes = tokio::time::timeout(timeout, axum::body::to_bytes(body, TYPED_BYTES))
        .await
        .map_err(|_| {
            Problem::new(
                StatusCode::REQUEST_TIMEOUT,
                format!("Số liệu kiểm phiếu gửi lên quá chậm nên thidua đã ngừng nhận. {again}"),
            )
        })?
        .map_err(|e| {
            let large = e
                .into_inner()
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            let (status, what) = if large {
                (StatusCode::PAYLOAD_TOO_LARGE, "quá lớn")
            } else {
                (StatusCode::BAD_REQUEST, "bị gián đoạn")
            };
            Problem::new(
                status,
                format!("Số liệu kiểm phiếu gửi lên {what}. {again}"),
            )
        })?;
    let mut session = session.lock_owned().await;
    let forms = {
        let (rules, report) = consolidated(&session)?;
        typed::forms(&bytes, &super::ballots::slates(rules, report))?
    };
    let session = blocking(&app, move || {
        session.set_typed(forms);
        session
    })
    .await?;
    Ok(respond(&app, &id, &session))
}

/// `DELETE /api/sessions/{id}/count`: the figures typed on the page
/// cleared; the count is made from the uploaded files alone.
pub async fn clear_count(State(app): State<Arc<App>>, Path(id): Path<String>) -> Reply {
    let session = find(&app, &id)?;
    let mut session = session.lock_owned().await;
    let session = blocking(&app, move || {
        session.set_typed(Vec::new());
        session
    })
    .await?;
    Ok(respond(&app, &id, &session))
}

/// `GET /api/sessions/{id}/feedback.zip`: one phiếu phản hồi per file, as
/// `thidua consolidate --feedback` writes them.
pub async fn feedback(State(app): State<Arc<App>>, Path(id): Path<String>) -> Reply {
    let bytes = written(
        &app,
        &id,
        write::feedback_zip,
        "Không tạo được các phiếu phản hồi",
    )
    .await?;
    Ok(download(bytes, "application/zip", "phieu-phan-hoi.zip"))
}

/// The bytes `make` writes from the session's rules and report, made on the
/// blocking pool (the downloads built by `write`); a failure is reported as
/// `failed` followed by the error.
async fn written(
    app: &App,
    id: &str,
    make: fn(&Rules, &crate::report::Report) -> Result<Vec<u8>, write::WriteError>,
    failed: &'static str,
) -> Result<Vec<u8>, Problem> {
    let session = find(app, id)?;
    let session = session.lock_owned().await;
    blocking(app, move || {
        let (rules, report) = consolidated(&session)?;
        make(rules, report)
            .map_err(|e| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, format!("{failed}: {e}")))
    })
    .await?
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

pub(super) fn find(app: &App, id: &str) -> Result<super::session::Shared, Problem> {
    app.sessions.get(id).ok_or_else(|| {
        Problem::new(
            StatusCode::NOT_FOUND,
            "Phiên làm việc này không còn (thidua đã khởi động lại, hoặc trang để lâu không dùng). Hãy tải lại trang và gửi lại các tệp.",
        )
    })
}

/// Run `work` (reading, checking or writing files) on the blocking pool,
/// once one of the server's parsing slots is free: at most as many at
/// once as there are cores, across every session. The slot is held until
/// the work ends, even when the client has gone.
pub(super) async fn blocking<T: Send + 'static>(
    app: &App,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Problem> {
    let slot = app
        .parsers
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| internal())?;
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        work()
    })
    .await
    .map_err(|_| internal())
}

pub(super) fn internal() -> Problem {
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "thidua gặp lỗi nội bộ khi xử lý yêu cầu này. Hãy thử lại; nếu vẫn lỗi, hãy báo cho người quản trị công cụ.",
    )
}

fn respond(app: &App, id: &str, session: &Session) -> Response {
    let choices = app.sessions.choices();
    let view = view::of(id, session, app.sessions.limits(), &choices);
    // Written into one growing vector rather than through `Json`'s
    // `BytesMut` writer: the view of a large session is megabytes of small
    // writes, sent after every upload.
    let mut body = Vec::with_capacity(64 * 1024);
    match serde_json::to_writer(&mut body, &view) {
        Ok(()) => (
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

pub(super) fn download(bytes: Vec<u8>, kind: &'static str, name: &'static str) -> Response {
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
pub(super) fn file_name(headers: &HeaderMap) -> Result<String, Problem> {
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
        .filter(|c| !c.is_control() && !invisible(*c))
        .collect::<String>();
    let name = crate::text::clean(&base);
    if name.is_empty() || name == "." || name == ".." || name.chars().count() > 255 {
        return Err(bad());
    }
    Ok(name)
}

/// `%XX` escapes to bytes, then UTF-8; `None` when malformed (a "%" not
/// followed by two hex digits: the page writes a literal "%" as "%25").
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let escapes_whole = memchr::memchr_iter(b'%', bytes).all(|at| {
        bytes
            .get(at + 1..at + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !escapes_whole {
        return None;
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|name| name.into_owned())
}

/// What the refusal of a file too large says of a scoring sheet (also
/// said of rules files and ballots).
const SHEET_SIZE: &str = "Bảng tự chấm thường chỉ vài trăm KB: hãy xóa ảnh, trang tính thừa rồi lưu lại dạng .xlsx và gửi lại.";

/// What the refusal of a file too large says of a past year's report.
const PAST_SIZE: &str = "Báo cáo JSON của một năm thường chỉ vài chục KB: hãy kiểm tra đã chọn đúng tệp báo cáo do thidua ghi ra (tệp .json) rồi gửi lại.";

/// The request body, refused with 413 beyond `limit` bytes (from the
/// declared length before reading, or while reading; `size` says how large
/// such a file usually is), with 408 when not all there within the body
/// timeout, and with 400 when empty or cut off.
pub(super) async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    limits: &Limits,
    name: &str,
    size: &str,
) -> Result<Vec<u8>, Problem> {
    let too_large = || {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "Tệp \"{name}\" lớn hơn {}, quá giới hạn một tệp. {size}",
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
    let timeout = limits.body_timeout;
    let reading = tokio::time::timeout(timeout, axum::body::to_bytes(body, limit));
    let bytes = reading.await.map_err(|_| {
        Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "Tệp \"{name}\" gửi lên quá chậm: sau {} vẫn chưa nhận đủ nên thidua đã ngừng nhận. Hãy kiểm tra kết nối mạng rồi gửi lại.",
                duration(timeout)
            ),
        )
    })?;
    let bytes = bytes.map_err(|e| {
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

/// "120 giây", for messages.
fn duration(d: std::time::Duration) -> String {
    let seconds = d.as_secs_f64();
    if seconds >= 1.0 {
        format!("{} giây", seconds.round())
    } else {
        format!("{} mili giây", d.as_millis())
    }
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_files_are_read_at_once_than_the_slots() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let limits = Limits {
            parsers: 2,
            ..Limits::default()
        };
        let app = App::new(limits, None, 8765, true);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let jobs: Vec<_> = (0..8)
            .map(|_| {
                let (app, running, most) = (app.clone(), running.clone(), most.clone());
                tokio::spawn(async move {
                    blocking(&app, move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(50));
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
                })
            })
            .collect();
        for job in jobs {
            assert!(job.await.unwrap().is_ok());
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn sizes_in_messages() {
        assert_eq!(megabytes(20 * 1024 * 1024), "20 MB");
        assert_eq!(megabytes(1536 * 1024), "1,5 MB");
        assert_eq!(megabytes(1000), "1 KB");
    }
}
