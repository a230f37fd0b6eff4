//! `thidua check`: check the submissions, print the findings, write nothing.

use super::args::{CheckArgs, resolve};
use super::{fail, print};

pub fn run(args: CheckArgs) -> u8 {
    let config = match resolve(args.rules.as_deref(), &args.run.submissions) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let progress = print::progress(args.json);
    let report = config.run(&progress);
    if args.json {
        match crate::vote::report_json(&report, None) {
            Ok(json) => say!("{}", json.trim_end()),
            Err(e) => return fail(format!("không tạo được báo cáo JSON: {e}")),
        }
    } else {
        print::summary(&config.rules, &config.rules_path, &report);
        print::issues(&config.rules, &report);
    }
    if let Some(dir) = &args.run.feedback
        && let Err(code) = print::feedback(&config.rules, &report, dir)
    {
        return code;
    }
    print::exit_code(&report)
}
