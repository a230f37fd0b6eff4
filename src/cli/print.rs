//! What the terminal shows: a summary table, the issues grouped by unit,
//! a progress line for long runs.

use super::terminal_safe;
use super::{EXIT_OK, EXIT_PROBLEMS};
use crate::issue::{Issue, Severity};
use crate::report::{Report, Status, UnitResult};
use crate::rules::Rules;
use crate::score::Score;
use std::io::Write;

/// `writeln!` through [`terminal_safe`], ignoring a closed output.
macro_rules! put {
    ($out:expr, $($arg:tt)*) => {{
        let _ = writeln!($out, "{}", terminal_safe(&format!($($arg)*)));
    }};
}

/// A progress indicator on standard error, shown only on a terminal (never
/// in a log or a pipe), only for runs of more than 20 files, never when
/// `quiet`, and redrawn at most ten times a second.
pub fn progress(quiet: bool) -> impl Fn(usize, usize) + Sync {
    use std::io::IsTerminal;
    use std::time::{Duration, Instant};
    let shown = !quiet && std::io::stderr().is_terminal();
    // When the line was last drawn; `None` before the first time.
    let last: std::sync::Mutex<Option<Instant>> = std::sync::Mutex::new(None);
    move |done, total| {
        if !shown || total <= 20 {
            return;
        }
        let Ok(mut last) = last.lock() else {
            return;
        };
        let now = Instant::now();
        let finished = done == total;
        if !finished && last.is_some_and(|t| now.duration_since(t) < Duration::from_millis(100)) {
            return;
        }
        *last = Some(now);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\rĐang đọc và kiểm tra: {done}/{total} tệp");
        if finished {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    }
}

/// Pad to `width` characters (left-aligned), cutting long text with "…".
fn cell(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n > width {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        format!("{text}{}", " ".repeat(width - n))
    }
}

fn right(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{}{text}", " ".repeat(width.saturating_sub(n)))
}

fn score(s: Option<Score>) -> String {
    s.map(|v| v.to_string()).unwrap_or_else(|| "—".into())
}

/// (errors, warnings) about `unit`, from [`Report::issues_by_unit`].
fn counts(
    by_unit: &std::collections::HashMap<&str, Vec<&Issue>>,
    unit: &UnitResult,
) -> (usize, usize) {
    let list = by_unit.get(unit.id.as_str()).map_or(&[][..], Vec::as_slice);
    let of = |sev| list.iter().filter(|i| i.severity == sev).count();
    (of(Severity::Error), of(Severity::Warning))
}

/// Column widths of the summary, in characters: with the rank (4), the
/// "Lỗi/Cảnh báo" column (12) and the spaces, a line fits 100 columns
/// (the Windows console is 120 wide).
const NAME: usize = 26;
const FILE: usize = 17;
const SCORE: usize = 7;
const AWARD: usize = 21;

/// The summary table in ranking order.
pub fn summary(rules: &Rules, rules_path: &std::path::Path, report: &Report) {
    let mut out = std::io::stdout().lock();
    put!(out, "Quy định chấm điểm: {}", rules_path.display());
    put!(
        out,
        "{} — năm {} ({})",
        rules.bloc.name,
        rules.bloc.year,
        rules.bloc.period.label()
    );
    put!(
        out,
        "{} {} {} {} {} {} Lỗi/Cảnh báo",
        right("Hạng", 4),
        cell("Đơn vị", NAME),
        cell("Tệp", FILE),
        right("Tự chấm", SCORE),
        right("Tổng", SCORE),
        cell("Đề nghị khen thưởng", AWARD),
    );
    let by_unit = report.issues_by_unit();
    for u in report.ranked() {
        let rank = match (u.rank, u.detail.tied) {
            (Some(r), true) => format!("{r}="),
            (Some(r), false) => r.to_string(),
            (None, _) => "—".into(),
        };
        let file = u.file.as_deref().map(file_name).unwrap_or_default();
        let award = match (u.status, &u.award, u.disqualified) {
            (Status::Missing, _, _) => "(chưa nộp)".to_string(),
            (Status::Rejected, _, _) => "(không dùng được)".to_string(),
            (_, Some(a), _) => a.clone(),
            (_, None, true) => "(không xét khen thưởng)".to_string(),
            (_, None, false) => String::new(),
        };
        let (errors, warnings) = counts(&by_unit, u);
        put!(
            out,
            "{} {} {} {} {} {} {errors}/{warnings}",
            right(&rank, 4),
            cell(&u.name, NAME),
            cell(&file, FILE),
            right(&score(u.self_total), SCORE),
            right(&score(u.total), SCORE),
            cell(&award, AWARD),
        );
    }
    put!(
        out,
        "Tổng cộng: {} lỗi, {} cảnh báo, {} thông tin.",
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info)
    );
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

/// Every issue, grouped by unit (rules order), files of unknown units last.
pub fn issues(rules: &Rules, report: &Report) {
    if report.issues.is_empty() {
        say!("Không có lỗi hay cảnh báo nào.");
        return;
    }
    let mut out = std::io::stdout().lock();
    let by_unit = report.issues_by_unit();
    for unit in &rules.units {
        let list = by_unit.get(unit.id.as_str()).map_or(&[][..], Vec::as_slice);
        if !list.is_empty() {
            put!(out, "\n{} ({}):", unit.name, unit.id);
            for i in list {
                put!(out, "{}", line(i));
            }
        }
    }
    let orphans: Vec<&Issue> = report.issues.iter().filter(|i| i.unit.is_none()).collect();
    if !orphans.is_empty() {
        put!(out, "\nTệp chưa xác định được đơn vị:");
        for i in orphans {
            put!(out, "{}", line(i));
        }
    }
}

/// "  [Lỗi] score-over-max  tệp.xlsx › Tự chấm › D14: …"
pub(super) fn line(i: &Issue) -> String {
    let mut place = Vec::new();
    if let Some(f) = &i.file {
        place.push(file_name(f));
    }
    if let Some(s) = &i.sheet {
        place.push(s.clone());
    }
    if let Some(c) = &i.cell {
        place.push(c.clone());
    }
    let place = if place.is_empty() {
        String::new()
    } else {
        format!(" {}:", place.join(" › "))
    };
    format!(
        "  [{}] {}{} {}",
        i.severity.label(),
        i.code,
        place,
        i.message
    )
}

/// 1 when any error-level issue was found, else 0.
pub fn exit_code(report: &Report) -> u8 {
    if report.count(Severity::Error) > 0 {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    }
}

/// Write the phiếu phản hồi into `dir` and say so; the exit code when that
/// fails.
pub fn feedback(rules: &Rules, report: &Report, dir: &std::path::Path) -> Result<(), u8> {
    match crate::write::write_feedback(rules, report, dir) {
        Ok(written) => {
            say!(
                "Đã ghi {} phiếu phản hồi cho các đơn vị vào thư mục: {}",
                written.len(),
                dir.display()
            );
            Ok(())
        }
        Err(e) => Err(super::fail(e)),
    }
}

/// Write the JSON report (with the vote, when counted) to `path` and say
/// so; the exit code when that fails.
pub fn report_json(
    report: &Report,
    vote: Option<&crate::vote::Tally>,
    path: &std::path::Path,
) -> Result<(), u8> {
    let json = crate::vote::report_json(report, vote)
        .map_err(|e| super::fail(format!("không tạo được báo cáo JSON: {e}")))?;
    std::fs::write(path, json)
        .map_err(|e| super::fail(format!("không ghi được tệp {}: {e}", path.display())))?;
    say!("Đã ghi báo cáo JSON: {}", path.display());
    Ok(())
}
