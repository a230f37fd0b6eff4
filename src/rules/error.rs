//! Why a rules file could not be used (lỗi tệp quy định): every problem
//! found in one reading, each with its line and column, the TOML key and a
//! Vietnamese message saying what to change.
//!
//! Depends on nothing; `source` fills in the positions.

use std::fmt;

/// A rules file that cannot be used: the file and every problem in it, in
/// the order of the file.
#[derive(Clone, Debug, PartialEq)]
pub struct RulesError {
    pub file: String,
    /// At least one.
    pub problems: Vec<RulesProblem>,
}

/// One thing to change in a rules file.
#[derive(Clone, Debug, PartialEq)]
pub struct RulesProblem {
    /// 1-based line and column (in characters) of the place to change;
    /// `None` for the file as a whole (it cannot be read).
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The TOML key, e.g. `criteria[3].max` (None for the syntax and the
    /// file as a whole).
    pub key: Option<String>,
    /// Vietnamese: what is wrong and what to change.
    pub message: String,
}

impl RulesError {
    /// The file as a whole cannot be used (not found, not text).
    pub fn whole(file: &str, message: impl Into<String>) -> RulesError {
        RulesError {
            file: file.to_string(),
            problems: vec![RulesProblem {
                line: None,
                column: None,
                key: None,
                message: message.into(),
            }],
        }
    }

    /// The first problem (there is always one).
    pub fn first(&self) -> Option<&RulesProblem> {
        self.problems.first()
    }
}

impl fmt::Display for RulesProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "dòng {line}, cột {column}")?,
            (Some(line), None) => write!(f, "dòng {line}")?,
            _ => {}
        }
        match (&self.key, self.line.is_some()) {
            (Some(key), true) => write!(f, " (mục {key}): ")?,
            (Some(key), false) => write!(f, "mục {key}: ")?,
            (None, true) => f.write_str(": ")?,
            (None, false) => {}
        }
        f.write_str(&self.message)
    }
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] if one.line.is_none() && one.key.is_none() => {
                write!(f, "Tệp quy định {}: {}", self.file, one.message)
            }
            [one] => write!(f, "Tệp quy định {}, {}", self.file, one),
            many => {
                write!(
                    f,
                    "Tệp quy định {} có {} lỗi, cần sửa hết rồi chạy lại:",
                    self.file,
                    many.len()
                )?;
                for p in many {
                    write!(f, "\n  - {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for RulesError {}
