//! Where the findings of one sheet point (ngữ cảnh): the file, the sheet
//! and the rules, so that each check builds its issue with its place and
//! the criterion's name; and how cell text is quoted in a message.
//!
//! Depends on `issue` and `rules` only.

use crate::issue::{Address, Code, Issue, Params};
use crate::rules::Rules;

/// Where the issues of one sheet point.
pub(super) struct Ctx<'a> {
    pub rules: &'a Rules,
    pub file: &'a str,
    pub sheet: &'a str,
    /// The sheet's name once more, shared by every row read from it.
    pub sheet_name: std::sync::Arc<str>,
}

impl<'a> Ctx<'a> {
    pub fn new(rules: &'a Rules, file: &'a str, sheet: &'a str) -> Ctx<'a> {
        Ctx {
            rules,
            file,
            sheet,
            sheet_name: sheet.into(),
        }
    }

    pub fn issue(&self, code: Code, cell: Option<String>, params: Params) -> Issue {
        let mut i = Issue::new(code, params).file(self.file).sheet(self.sheet);
        i.cell = cell;
        i
    }

    pub fn crit_issue(
        &self,
        code: Code,
        crit: usize,
        cell: Option<Address>,
        params: Params,
    ) -> Issue {
        let mut i = self.issue(code, cell.map(Address::a1), params);
        i.criterion = Some(self.rules.criteria[crit].code.clone());
        i
    }

    /// The criterion a message names: its code and title (the catalogue
    /// writes "tiêu chí II.1 (Tổ chức phát động…)").
    pub fn named(&self, crit: usize) -> Params {
        let c = &self.rules.criteria[crit];
        Params::new()
            .text("criterion", c.code.as_str())
            .text("title", c.title.as_str())
    }
}

/// Text from a cell as quoted in a message: at most 100 characters, cut
/// with "…" (a cell may hold thousands).
pub(crate) fn quoted(text: &str) -> String {
    const MAX: usize = 100;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}
