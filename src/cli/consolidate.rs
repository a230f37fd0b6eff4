//! `thidua consolidate`: check, rank, propose awards and write the
//! consolidated workbook (and the JSON report if asked).

use super::args::{Config, ConsolidateArgs, resolve};
use super::{fail, print};
use crate::write;

pub fn run(args: ConsolidateArgs) -> u8 {
    match resolve(args.rules.as_deref(), &args.run.submissions) {
        Ok(config) => with_config(config, &args),
        Err(e) => fail(e),
    }
}

/// Consolidate the resolved inputs as `args` says (its rules, inputs and
/// exclusions are already in `config`).
pub(super) fn with_config(config: Config, args: &ConsolidateArgs) -> u8 {
    let progress = print::progress(false);
    let report = config.run(&progress);
    print::summary(&config.rules, &config.rules_path, &report);
    print::issues(&config.rules, &report);
    if let Err(e) = write::write_consolidated(&config.rules, &report, &args.output) {
        return fail(e);
    }
    say!("Đã ghi bảng tổng hợp: {}", args.output.display());
    if let Some(dir) = &args.run.feedback
        && let Err(code) = print::feedback(&config.rules, &report, dir)
    {
        return code;
    }
    if let Some(path) = &args.json
        && let Err(code) = print::report_json(&report, None, path)
    {
        return code;
    }
    print::exit_code(&report)
}
