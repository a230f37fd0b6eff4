//! Why a rules file could not be used (lỗi tệp quy định): the file, the key
//! and a Vietnamese message saying what to change.

use std::fmt;

/// A rules file that cannot be used, with where and why.
#[derive(Clone, Debug, PartialEq)]
pub struct RulesError {
    pub file: String,
    /// The TOML key, e.g. `criteria[3].max` (None for the file as a whole).
    pub key: Option<String>,
    /// Vietnamese: what is wrong and what to change.
    pub message: String,
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.key {
            Some(key) => write!(
                f,
                "Tệp quy định {}, mục `{}`: {}",
                self.file, key, self.message
            ),
            None => write!(f, "Tệp quy định {}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for RulesError {}
