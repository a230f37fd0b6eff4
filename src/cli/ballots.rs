//! `thidua ballots`: consolidate as `consolidate` does, then write the
//! ballot workbook (phiếu bầu suy tôn) for the year-end meeting, and beside
//! it the secretary's count sheet (bảng kiểm phiếu: "<name> - kiểm
//! phiếu.xlsx"), and list each award's candidates on the terminal.

use super::args::{BallotsArgs, resolve};
use super::{fail, print};
use crate::{vote, write};

pub fn run(args: BallotsArgs) -> u8 {
    let config = match resolve(args.rules.as_deref(), &args.submissions) {
        Ok(config) => config,
        Err(e) => return fail(e),
    };
    let progress = print::progress(false);
    let report = config.run(&progress);
    print::summary(&config.rules, &config.rules_path, &report);
    print::issues(&config.rules, &report);
    if let Err(e) = write::write_ballots(&config.rules, &report, &args.output) {
        return fail(e);
    }
    let count_sheet = count_sheet_path(&args.output);
    if let Err(e) = write::write_count_sheet(&config.rules, &report, &count_sheet) {
        return fail(e);
    }
    let lists = vote::slates(&config.rules, &report);
    if lists.is_empty() || report.bloc.period != crate::rules::Period::Annual {
        say!("Không có hình thức khen thưởng nào để bỏ phiếu.");
    }
    for (i, slate) in lists.iter().enumerate() {
        say!("Phiếu {}: {}", i + 1, slate.award);
        say!(
            "  {} đơn vị đề cử, {} suất; mỗi phiếu chọn nhiều nhất {} đơn vị:",
            slate.candidates.len(),
            slate.places,
            slate.ticks
        );
        for c in &slate.candidates {
            let total = c.total.map(|t| t.to_string()).unwrap_or_else(|| "—".into());
            let rank = c.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into());
            let tie = if c.tied { " (bằng điểm)" } else { "" };
            say!("  - {} — {} điểm, hạng {}{}", c.name, total, rank, tie);
        }
    }
    say!("Đã ghi phiếu bầu: {}", args.output.display());
    say!(
        "Đã ghi bảng kiểm phiếu (ban kiểm phiếu nhập số liệu nếu kiểm phiếu giấy): {}",
        count_sheet.display()
    );
    print::exit_code(&report)
}

/// The count sheet's file beside the ballots: "phiếu bầu.xlsx" →
/// "phiếu bầu - kiểm phiếu.xlsx".
pub(super) fn count_sheet_path(ballots: &std::path::Path) -> std::path::PathBuf {
    let stem = ballots
        .file_stem()
        .map_or_else(|| "phieu-bau".into(), |s| s.to_string_lossy());
    ballots.with_file_name(format!("{stem} - kiểm phiếu.xlsx"))
}
