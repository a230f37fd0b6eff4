//! The local web page (trang web trên máy): `thidua serve` gives officers
//! the consolidation in a browser — upload the rules and the units' files,
//! see what is wrong, download the consolidated workbook. One page,
//! embedded in the binary (no CDN, works offline), over the same library
//! functions as the command line, so the results are the same.
//!
//! - `session`: each tab's rules, files and report, in memory, bounded;
//! - `api`: the HTTP handlers and the limits on uploads;
//! - `view`: what the page is sent.
//!
//! Listens on 127.0.0.1 unless told otherwise; requests naming another
//! host are refused (a web site cannot reach the page by DNS rebinding).
//! Depends on `pipeline`, `consolidate`, `write`, `report`, `rules` (and
//! `read` for what a file name says); never
//! on `cli`, and prints nothing.

mod api;
mod session;
mod view;

pub use api::FILE_NAME;
pub use session::{Limits, LoadedRules};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use session::Sessions;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

/// What every request handler shares.
pub struct App {
    sessions: Sessions,
    /// The host names a request may carry, when the server listens on the
    /// loopback interface only; `None` accepts any.
    hosts: Option<Vec<String>>,
}

impl App {
    /// A server's state: `rules` start every session (the command line's
    /// `--rules`); `port` is the one listened on, `local` whether only
    /// this computer can connect.
    pub fn new(limits: Limits, rules: Option<LoadedRules>, port: u16, local: bool) -> Arc<App> {
        let hosts = local.then(|| {
            ["127.0.0.1", "localhost", "[::1]"]
                .iter()
                .flat_map(|h| [format!("{h}:{port}"), h.to_string()])
                .collect()
        });
        Arc::new(App {
            sessions: Sessions::new(limits, rules),
            hosts,
        })
    }
}

/// Every route of the page and its API.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(api::page))
        .route("/trang.js", get(api::script))
        .route("/trang.css", get(api::style))
        .route("/api/sessions", post(api::create))
        .route("/api/sessions/{id}", get(api::show))
        .route("/api/sessions/{id}/rules", put(api::put_rules))
        .route(
            "/api/sessions/{id}/files",
            post(api::add_file).delete(api::remove_file),
        )
        .route("/api/sessions/{id}/files/use", post(api::use_file))
        .route("/api/sessions/{id}/report.json", get(api::report_json))
        .route("/api/sessions/{id}/workbook.xlsx", get(api::workbook))
        .route("/api/sessions/{id}/feedback.zip", get(api::feedback))
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// Refuse foreign host names; add the headers every response carries.
async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    if let Some(hosts) = &app.hosts {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !hosts.contains(&host) {
            return (
                StatusCode::FORBIDDEN,
                "Trang thidua chỉ mở được từ chính máy này (http://127.0.0.1).",
            )
                .into_response();
        }
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'none'",
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// A server bound to its address, not yet answering.
pub struct Server {
    listener: TcpListener,
    app: Arc<App>,
}

impl Server {
    /// Bind `addr` (port 0: any free port).
    pub fn bind(
        addr: SocketAddr,
        rules: Option<LoadedRules>,
        limits: Limits,
    ) -> std::io::Result<Server> {
        let listener = TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let app = App::new(limits, rules, port, addr.ip().is_loopback());
        Ok(Server { listener, app })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Answer requests until the process ends.
    pub fn run(self) -> std::io::Result<()> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener)?;
            axum::serve(listener, router(self.app)).await
        })
    }
}
