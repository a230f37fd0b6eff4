//! `thidua province`: the province's view of all blocs — read every bloc's
//! results (thidua workbooks, hand-made summaries, JSON reports, bloc
//! folders), check them against the province rules, print the findings and
//! write the province workbook (and the JSON report if asked).
//! Exit codes: 0 no error, 1 errors found (outputs still written), 2 could
//! not run (province rules, inputs, output).
//!
//! Part of `cli`, the one layer that prints (in Vietnamese); the work is
//! `province` (tổng hợp của tỉnh) and `write::write_province`, which never
//! print.

use super::args::ProvinceArgs;
use super::{EXIT_OK, EXIT_PROBLEMS, fail, print};
use crate::issue::Severity;
use crate::report::province::{BlocStatus, ProvinceReport};
use crate::rules::Province;
use std::path::PathBuf;

/// The checked configuration of one run.
struct Config {
    province: Province,
    inputs: Vec<PathBuf>,
}

fn resolve(args: &ProvinceArgs) -> Result<Config, String> {
    let province = Province::load(&args.province).map_err(|e| e.to_string())?;
    Ok(Config {
        province,
        inputs: args.inputs.clone(),
    })
}

pub fn run(args: ProvinceArgs) -> u8 {
    let config = match resolve(&args) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let report = match crate::province::run(&config.province, &config.inputs, &super::reader()) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    summary(&config.province, &report);
    if let Err(e) = crate::write::write_province(&report, &config.province.issuer, &args.output) {
        return fail(e);
    }
    say!("Đã ghi bảng tổng hợp của tỉnh: {}", args.output.display());
    if let Some(path) = &args.json {
        let json = match report.to_json() {
            Ok(j) => j,
            Err(e) => return fail(format!("không tạo được báo cáo JSON: {e}")),
        };
        if let Err(e) = std::fs::write(path, json) {
            return fail(format!("không ghi được tệp {}: {e}", path.display()));
        }
        say!("Đã ghi báo cáo JSON: {}", path.display());
    }
    if report.count(Severity::Error) > 0 {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    }
}

/// The blocs read, the proposals by award and every finding.
fn summary(province: &Province, report: &ProvinceReport) {
    say!(
        "Tỉnh {}, năm {}: {} khối, {} đơn vị thuộc các khối đã có kết quả.",
        province.name,
        province.year,
        report.blocs.len(),
        report.province.units
    );
    for bloc in &report.blocs {
        match bloc.status {
            BlocStatus::Missing => say!("  {}: chưa có kết quả", bloc.name),
            BlocStatus::Ok => say!(
                "  {}: {} đơn vị — {}",
                bloc.name,
                bloc.units.len(),
                bloc.kind.map_or("", |k| k.label())
            ),
        }
    }
    for award in &report.province.awards {
        match award.limit {
            Some(l) => say!(
                "{}: {} đề nghị (chỉ tiêu toàn tỉnh {l})",
                award.name,
                award.proposed
            ),
            None => say!("{}: {} đề nghị", award.name, award.proposed),
        }
    }
    if report.issues.is_empty() {
        say!("Không có lỗi hay cảnh báo nào.");
    } else {
        say!(
            "\nCó {} lỗi, {} cảnh báo, {} thông tin:",
            report.count(Severity::Error),
            report.count(Severity::Warning),
            report.count(Severity::Info)
        );
        for issue in &report.issues {
            say!("{}", print::line(issue));
        }
    }
}
