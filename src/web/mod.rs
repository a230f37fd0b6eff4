//! The local web page (trang web trên máy): `thidua serve` gives officers
//! the consolidation in a browser — upload the rules and the units' files,
//! see what is wrong, download the consolidated workbook. One page,
//! embedded in the binary (no CDN, works offline), over the same library
//! functions as the command line, so the results are the same.
//!
//! - `session`: each tab's rules, files, past years and report, in
//!   memory, bounded;
//! - `ballots`: a session's filled ballots and their count (the vote);
//! - `typed`: the figures of the count typed on the page, read strictly;
//! - `api`: the HTTP handlers and the limits on uploads, `problem` the
//!   refusals they send;
//! - `names`: file names compared as Windows sees them;
//! - `view`: what the page is sent;
//! - `provincial` and `province_api`: the province's page (`/tinh`, trang
//!   của Ban Thi đua – Khen thưởng tỉnh): a session's province rules and
//!   blocs' results, read and assembled by `province` as `thidua province`
//!   does, and their HTTP interface;
//! - `guard`: which host names and which origins may ask;
//! - `conn`: connections, their timeouts and their number.
//!
//! Listens on 127.0.0.1 unless told otherwise; requests naming a host not
//! on the allow-list are refused (a web site cannot reach the page by DNS
//! rebinding), and so are requests changing something that come from
//! another site. At most as many files are read at once as there are
//! cores, whatever the number of sessions.
//! Depends on `pipeline`, `province`, `write`, `vote`, `history`, `report`, `rules` (and
//! `read` for what a file name says, `text` for comparing names); never
//! on `cli`, and prints nothing.

mod api;
mod ballots;
mod conn;
mod guard;
mod names;
mod problem;
mod province_api;
mod provincial;
mod session;
mod typed;
mod view;

pub use api::{FILE_NAME, IDENTITY};
pub use guard::allowed_host;
pub use provincial::{LoadedProvince, ProvinceChoice};
pub use session::{Limits, LoadedRules, RulesChoice};

use crate::pipeline::Reader;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{get, post, put};
use guard::Hosts;
use session::Sessions;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// What every request handler shares.
pub struct App {
    sessions: Sessions,
    /// The host names a request may carry.
    hosts: Hosts,
    /// One permit per file being read or checked, across all sessions.
    parsers: Arc<Semaphore>,
}

impl App {
    /// A server's state: `rules` start every session (the command line's
    /// `--rules`); `port` is the one listened on, `local` whether only
    /// this computer can connect (127.0.0.1) or every address of the
    /// machine (0.0.0.0).
    pub fn new(limits: Limits, rules: Option<LoadedRules>, port: u16, local: bool) -> Arc<App> {
        let ip = if local {
            Ipv4Addr::LOCALHOST
        } else {
            Ipv4Addr::UNSPECIFIED
        };
        App::listening(limits, rules, SocketAddr::new(IpAddr::V4(ip), port), &[])
    }

    /// A server's state when listening on `listen`; `allow_hosts` are the
    /// machine's names a request may carry besides the listen address and
    /// the loopback names (`--allow-host`).
    pub fn listening(
        limits: Limits,
        rules: Option<LoadedRules>,
        listen: SocketAddr,
        allow_hosts: &[String],
    ) -> Arc<App> {
        Arc::new(App {
            parsers: Arc::new(Semaphore::new(limits.parsers.max(1))),
            sessions: Sessions::new(limits, rules),
            hosts: Hosts::new(listen, allow_hosts),
        })
    }
}

impl App {
    /// Offer the rules files at `paths` on the page, to choose one from:
    /// only these are ever read.
    pub fn offer_rules(&self, paths: &[std::path::PathBuf]) {
        self.sessions.offer(session::RulesChoice::load_all(paths));
    }

    /// Start every new session's province work with `rules` (the command
    /// line's `--province`).
    pub fn default_province(&self, rules: LoadedProvince) {
        self.sessions.set_province(rules);
    }

    /// Offer those of the files at `paths` that are province rules on the
    /// province's page, to choose one from: only these are ever read.
    pub fn offer_province(&self, paths: &[std::path::PathBuf]) {
        self.sessions
            .offer_province(ProvinceChoice::load_all(paths));
    }

    /// Start every new session with the past years' reports `past` (the
    /// command line's `--history`), as if uploaded on the page.
    pub fn default_history(&self, past: Vec<crate::history::PastFile>) {
        self.sessions.set_past(past);
    }
}

/// Every route of the page and its API.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(api::page))
        .route("/api/thidua", get(api::identity))
        .route("/chung.js", get(api::common_script))
        .route("/trang.js", get(api::script))
        .route("/trang.css", get(api::style))
        .route("/tinh", get(province_api::page))
        .route("/tinh.js", get(province_api::script))
        .route("/api/sessions", post(api::create))
        .route("/api/sessions/{id}", get(api::show))
        .route("/api/sessions/{id}/rules", put(api::put_rules))
        .route("/api/sessions/{id}/rules/choose", post(api::choose_rules))
        .route(
            "/api/sessions/{id}/files",
            post(api::add_file).delete(api::remove_file),
        )
        .route("/api/sessions/{id}/files/use", post(api::use_file))
        .route(
            "/api/sessions/{id}/history",
            post(api::add_past).delete(api::remove_past),
        )
        .route("/api/sessions/{id}/province", get(province_api::show))
        .route(
            "/api/sessions/{id}/province/rules",
            put(province_api::put_rules),
        )
        .route(
            "/api/sessions/{id}/province/rules/choose",
            post(province_api::choose_rules),
        )
        .route(
            "/api/sessions/{id}/province/files",
            post(province_api::add_file).delete(province_api::remove_file),
        )
        .route(
            "/api/sessions/{id}/province/report.json",
            get(province_api::report_json),
        )
        .route(
            "/api/sessions/{id}/province/workbook.xlsx",
            get(province_api::workbook),
        )
        .route("/api/sessions/{id}/report.json", get(api::report_json))
        .route("/api/sessions/{id}/workbook.xlsx", get(api::workbook))
        .route("/api/sessions/{id}/feedback.zip", get(api::feedback))
        .route("/api/sessions/{id}/ballots.xlsx", get(api::ballots))
        .route("/api/sessions/{id}/count-sheet.xlsx", get(api::count_sheet))
        .route(
            "/api/sessions/{id}/ballots",
            post(api::add_ballot).delete(api::remove_ballot),
        )
        .route(
            "/api/sessions/{id}/count",
            put(api::put_count).delete(api::clear_count),
        )
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::from_fn_with_state(app.clone(), guard::guard))
        .with_state(app)
}

/// A server bound to its address, not yet answering.
pub struct Server {
    listener: TcpListener,
    app: Arc<App>,
    limits: Limits,
}

impl Server {
    /// Bind `addr` (port 0: any free port). Requests may name the listen
    /// address, the loopback names and `allow_hosts`.
    pub fn bind(
        addr: SocketAddr,
        rules: Option<LoadedRules>,
        limits: Limits,
        allow_hosts: &[String],
    ) -> std::io::Result<Server> {
        let listener = TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let listen = SocketAddr::new(addr.ip(), listener.local_addr()?.port());
        let app = App::listening(limits, rules, listen, allow_hosts);
        Ok(Server {
            listener,
            app,
            limits,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Offer the rules files at `paths` on the page (several were found
    /// where one was looked for): each is read now, and the officer picks
    /// one.
    pub fn offer_rules(self, paths: &[std::path::PathBuf]) -> Server {
        self.app.offer_rules(paths);
        self
    }

    /// Start every new session's province work with `rules` (the command
    /// line's `--province`), and offer those of `paths` that are province
    /// rules on the province's page.
    pub fn province(self, rules: Option<LoadedProvince>, paths: &[std::path::PathBuf]) -> Server {
        if let Some(rules) = rules {
            self.app.default_province(rules);
        }
        self.app.offer_province(paths);
        self
    }

    /// Start every new session with the past years' reports `past` (the
    /// command line's `--history`).
    pub fn history(self, past: Vec<crate::history::PastFile>) -> Server {
        self.app.default_history(past);
        self
    }

    /// Read the uploaded files with `reader` (worker processes, for
    /// `thidua serve`) instead of in this process.
    pub fn read_with(mut self, reader: Reader) -> Server {
        if let Some(app) = Arc::get_mut(&mut self.app) {
            app.sessions.reader = Arc::new(reader);
        }
        self
    }

    /// Answer requests until the process ends.
    pub fn run(self) -> std::io::Result<()> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener)?;
            conn::serve(listener, router(self.app), self.limits).await
        })
    }
}
