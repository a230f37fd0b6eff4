//! The rules file as written (tệp TOML): strict serde models — an unknown
//! key is an error — read from the file or from text, then handed to
//! `validate`.
//!
//! Depends on `score` for the decimal fields; never used outside `rules`.

use super::error::RulesError;
use super::model::{Kind, Period, Role, Rules};
use super::validate::Checker;
use crate::score::Score;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RulesFile {
    pub bloc: BlocFile,
    #[serde(default)]
    pub units: Vec<UnitFile>,
    #[serde(default)]
    pub criteria: Vec<CriterionFile>,
    #[serde(default)]
    pub awards: Vec<AwardFile>,
    #[serde(default)]
    pub ranking: RankingFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BlocFile {
    pub name: String,
    pub year: i64,
    #[serde(default = "annual")]
    pub period: Period,
    pub province: Option<String>,
    pub scale: Option<Score>,
}

pub(super) fn annual() -> Period {
    Period::Annual
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UnitFile {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub role: Role,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CriterionFile {
    pub code: String,
    pub title: String,
    pub max: Option<Score>,
    pub kind: Option<Kind>,
    pub levels: Option<Vec<Score>>,
    pub label: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AwardFile {
    pub name: String,
    pub count: Option<i64>,
    pub share: Option<Score>,
    pub min_total: Option<Score>,
    #[serde(default)]
    pub no_deduction: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RankingFile {
    #[serde(default)]
    pub tie_break: Vec<String>,
}

impl Rules {
    /// Read and check a rules file.
    pub fn load(path: &Path) -> Result<Rules, RulesError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| RulesError {
            file: file.clone(),
            key: None,
            message: format!("không đọc được tệp ({e}). Kiểm tra đường dẫn và quyền truy cập."),
        })?;
        let source = String::from_utf8(bytes).map_err(|_| RulesError {
            file: file.clone(),
            key: None,
            message: "tệp không phải văn bản UTF-8. Hãy lưu lại tệp với mã hoá UTF-8 (Unicode)."
                .into(),
        })?;
        Rules::parse(&source, &file)
    }

    /// Parse and check rules from TOML text; `file` names it in errors.
    pub fn parse(source: &str, file: &str) -> Result<Rules, RulesError> {
        let source = source.strip_prefix('\u{FEFF}').unwrap_or(source);
        let raw: RulesFile = toml::from_str(source).map_err(|e| RulesError {
            file: file.to_string(),
            key: None,
            message: format!("sai cú pháp hoặc sai tên mục: {}", e.to_string().trim()),
        })?;
        Checker { file }.check(raw)
    }
}
