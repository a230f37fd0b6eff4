//! TEMPORARY placeholder until the writer branch is merged.
use crate::report::Report;
use crate::rules::Rules;
use std::path::Path;
pub fn write_consolidated(_rules: &Rules, _report: &Report, _path: &Path) -> Result<(), String> {
    Err("not merged yet".into())
}
