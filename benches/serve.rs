//! Benchmark: the web page's work for a large bloc — N generated
//! submissions uploaded one per request through the router (as the page
//! sends them), each answer carrying the whole session view; prints the
//! time per upload, the size of the last answer and the download time.
//!
//! Run with `cargo bench --bench serve` (optionally `-- N` files, default
//! 300, the session limit). Prints figures; asserts nothing about speed.

#[path = "../tests/common/mod.rs"]
mod common;

use axum::body::Body;
use axum::http::{Request, header};
use std::sync::Arc;
use std::time::Instant;
use thidua::rules::Rules;
use thidua::web::{self, FILE_NAME, Limits, LoadedRules};
use tower::ServiceExt;

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(300);
    let rules = Rules::parse(&common::rules_with_units(n), "bench.toml").expect("rules");
    let dir = tempfile::tempdir().expect("temp dir");
    let files: Vec<(String, Vec<u8>)> = (0..n)
        .map(|i| {
            let name = format!("don-vi-{i:04}.xlsx");
            let path = dir.path().join(&name);
            common::write_submission(&rules, &path, i);
            (name, std::fs::read(&path).expect("written"))
        })
        .collect();
    let loaded = LoadedRules {
        rules: Arc::new(rules),
        file: "bench.toml".into(),
    };
    let limits = Limits {
        files: n.max(1),
        ..Limits::default()
    };
    let router = web::router(web::App::new(limits, Some(loaded), 8765, true));
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async move {
        let call = |request: Request<Body>| {
            let router = router.clone();
            async move {
                let response = router.oneshot(request).await.expect("response");
                assert!(response.status().is_success(), "{}", response.status());
                axum::body::to_bytes(response.into_body(), usize::MAX)
                    .await
                    .expect("body")
            }
        };
        let created = call(
            Request::post("/api/sessions")
                .header(header::HOST, "127.0.0.1:8765")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        let view: serde_json::Value = serde_json::from_slice(&created).unwrap();
        let id = view["session"].as_str().unwrap().to_string();

        let t0 = Instant::now();
        let mut last = 0;
        let mut slowest = 0f64;
        for (name, bytes) in files {
            let t = Instant::now();
            let answer = call(
                Request::post(format!("/api/sessions/{id}/files"))
                    .header(header::HOST, "127.0.0.1:8765")
                    .header(FILE_NAME, name)
                    .body(Body::from(bytes))
                    .unwrap(),
            )
            .await;
            slowest = slowest.max(t.elapsed().as_secs_f64());
            last = answer.len();
        }
        let uploads = t0.elapsed().as_secs_f64();
        let t1 = Instant::now();
        let workbook = call(
            Request::get(format!("/api/sessions/{id}/workbook.xlsx"))
                .header(header::HOST, "127.0.0.1:8765")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        let download = t1.elapsed().as_secs_f64();
        println!("uploads:                {n} files in {uploads:.2} s ({:.1} ms per file on average, slowest {:.1} ms)", uploads * 1000.0 / n as f64, slowest * 1000.0);
        println!("last answer (view):     {:.1} KiB", last as f64 / 1024.0);
        println!("workbook download:      {:.3} s, {:.1} KiB", download, workbook.len() as f64 / 1024.0);
    });
}
