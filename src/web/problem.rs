//! A refusal of the page's API (lỗi trả về trang): an HTTP status and a
//! Vietnamese sentence saying what to do, with the fields the page needs to
//! act on it, sent as `{"error": …}`.
//!
//! Depends on axum and serde_json only.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// A refusal: status and a Vietnamese sentence saying what to do, with
/// what the page needs to act on it.
#[derive(Debug)]
pub struct Problem {
    status: StatusCode,
    message: String,
    details: serde_json::Map<String, serde_json::Value>,
}

impl Problem {
    pub(super) fn new(status: StatusCode, message: impl Into<String>) -> Problem {
        Problem {
            status,
            message: message.into(),
            details: serde_json::Map::new(),
        }
    }

    /// The refusal with a field besides `error`.
    pub(super) fn with(mut self, key: &str, value: impl Into<serde_json::Value>) -> Problem {
        self.details.insert(key.to_string(), value.into());
        self
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut body = self.details;
        body.insert("error".into(), self.message.into());
        (self.status, Json(serde_json::Value::Object(body))).into_response()
    }
}
