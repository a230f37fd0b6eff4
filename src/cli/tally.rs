//! `thidua tally`: count the filled ballots (kiểm phiếu) — each workbook
//! read through `read`, its ballot sheets or its count sheet (bảng kiểm
//! phiếu typed by the secretary) checked and counted by `vote` — then print the
//! Vietnamese summary (figures, who is proposed, what is undecided, every
//! ballot not counted and why) and write the JSON if asked.
//!
//! Exit codes: 0 every ballot counted and every place decided; 1 a ballot
//! not counted, a tie or a vote without quorum; 2 could not run.

use super::args::{TallyArgs, find_rules};
use super::{EXIT_OK, EXIT_PROBLEMS, fail, print};
use crate::read;
use crate::rules::Rules;
use crate::vote::{self, Outcome, Tally};

pub fn run(args: TallyArgs) -> u8 {
    let collected = read::collect_inputs(&args.inputs);
    if !collected.errors.is_empty() {
        return fail(collected.errors.join("\n"));
    }
    let rules_path = match args.rules.clone() {
        Some(p) => p,
        None => match find_rules(&args.inputs) {
            Ok(p) => p,
            Err(e) => return fail(e),
        },
    };
    let rules = match Rules::load(&rules_path) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let (files, tally) = match count_ballots(&rules, &collected.files) {
        Ok(found) => found,
        Err(e) => return fail(e),
    };
    summary(&rules, files, &tally);
    if let Some(path) = &args.json {
        let json = match serde_json::to_string_pretty(&tally) {
            Ok(j) => j,
            Err(e) => return fail(format!("không tạo được báo cáo JSON: {e}")),
        };
        if let Err(e) = std::fs::write(path, json + "\n") {
            return fail(format!("không ghi được tệp {}: {e}", path.display()));
        }
        say!("Đã ghi kết quả kiểm phiếu dạng JSON: {}", path.display());
    }
    if tally.issues.is_empty() {
        EXIT_OK
    } else {
        EXIT_PROBLEMS
    }
}

/// Read, check and count the ballot workbooks and count sheets `files`
/// (kiểm phiếu): how
/// many files were read, and the count. Fails only when there is no file.
pub(super) fn count_ballots(
    rules: &Rules,
    files: &[std::path::PathBuf],
) -> Result<(usize, Tally), String> {
    let mut files = files.to_vec();
    files.sort();
    if files.is_empty() {
        return Err(
            "không có tệp phiếu bầu nào (.xlsx, .xls, .ods) trong các đầu vào đã cho.".into(),
        );
    }
    let mut issues = Vec::new();
    let mut returns = vote::Returns::default();
    for path in &files {
        let name = path.display().to_string();
        vote::returns_in(
            rules,
            &name,
            read::read_file(path),
            &mut returns,
            &mut issues,
        );
    }
    let awards = vote::count_returns(rules, &returns, &mut issues);
    Ok((files.len(), Tally { awards, issues }))
}

fn percent(agree: usize, base: usize) -> String {
    if base == 0 {
        return "—".into();
    }
    let tenths = (agree as u128 * 1000 + base as u128 / 2) / base as u128;
    format!("{},{}%", tenths / 10, tenths % 10)
}

pub(super) fn summary(rules: &Rules, files: usize, tally: &Tally) {
    say!(
        "Kiểm phiếu suy tôn: {} — năm {}",
        rules.bloc.name,
        rules.bloc.year
    );
    say!("Số tệp phiếu đã đọc: {files}");
    let mut proposed = Vec::new();
    let mut undecided = Vec::new();
    for a in &tally.awards {
        say!("");
        say!("{} ({} suất; {})", a.award, a.places, a.threshold.text());
        say!(
            "  Phát ra {}, thu về {}, hợp lệ {}, không hợp lệ {}.",
            a.issued,
            a.returned,
            a.valid,
            a.invalid
        );
        for c in &a.candidates {
            say!(
                "  - {}: {}/{} phiếu đồng ý ({}) — {}",
                c.name,
                c.agree,
                a.base,
                percent(c.agree, a.base),
                c.outcome.label()
            );
            match c.outcome {
                Outcome::Proposed => proposed.push(format!("{} — {}", c.name, a.award)),
                Outcome::Undecided => undecided.push(format!("{} — {}", c.name, a.award)),
                _ => {}
            }
        }
    }
    // An award whose count has a finding and gave no figures.
    for award in rules.awards.iter().filter(|award| {
        !tally.awards.iter().any(|a| a.award == award.name)
            && tally.issues.iter().any(|i| {
                matches!(i.params.get("award"), Some(crate::issue::Value::Text(a)) if *a == award.name)
            })
    }) {
        say!("");
        say!("{}: chưa kiểm phiếu được — xem các điểm cần xử lý bên dưới.", award.name);
    }
    if tally.awards.is_empty() {
        say!("Không có phiếu bầu nào được kiểm.");
    }
    say!("");
    say!("Đề nghị khen thưởng sau bỏ phiếu:");
    if proposed.is_empty() {
        say!("  (chưa có đơn vị nào)");
    }
    for p in &proposed {
        say!("  - {p}");
    }
    if !undecided.is_empty() {
        say!("Chưa quyết định (cần bỏ phiếu lại):");
        for u in &undecided {
            say!("  - {u}");
        }
    }
    if tally.issues.is_empty() {
        say!("Mọi phiếu đều hợp lệ.");
    } else {
        say!("");
        say!("Phiếu không được tính và các điểm cần xử lý:");
        for i in &tally.issues {
            say!("{}", print::line(i));
        }
    }
}
