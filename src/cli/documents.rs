//! `thidua documents`: the year-end meeting's papers. Consolidates the
//! submissions as `consolidate` does (the ranking table), counts the filled
//! ballots as `tally` does (the vote), then writes the minutes (biên bản
//! họp bình xét, bỏ phiếu suy tôn) and the proposal letter (tờ trình đề
//! nghị khen thưởng) as .docx from those two results only. Next year's
//! head and deputies (`--next-head`, `--next-deputy`) are found and checked
//! as `rules next-year` does (`rules::Election`) before anything is read.
//!
//! A command of its own rather than an option of `tally`: the minutes need
//! both the submissions and the ballots, and `tally` reads ballots only.
//!
//! Exit codes: 0 documents written, every ballot counted and every place
//! decided; 1 written, with a ballot not counted, a tie, a vote without
//! quorum or errors in the submissions; 2 could not run.

use super::args::{DocumentsArgs, resolve};
use super::tally::{count_ballots, summary};
use super::{EXIT_OK, EXIT_PROBLEMS, fail, print};
use crate::read;
use crate::rules::Ballot;
use crate::write::{self, Meeting};

/// "20/12/2025" → (20, 12, 2025); a Vietnamese message otherwise.
fn parse_date(text: &str) -> Result<(u32, u32, i32), String> {
    let bad =
        || format!("ngày họp \"{text}\" không đúng dạng NGÀY/THÁNG/NĂM, ví dụ --date 20/12/2025.");
    let parts: Vec<&str> = text.trim().split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return Err(bad());
    };
    let d: u32 = d.trim().parse().map_err(|_| bad())?;
    let m: u32 = m.trim().parse().map_err(|_| bad())?;
    let y: i32 = y.trim().parse().map_err(|_| bad())?;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if d == 0 || d > days || !(1900..=9999).contains(&y) {
        return Err(bad());
    }
    Ok((d, m, y))
}

pub fn run(args: DocumentsArgs) -> u8 {
    let date = match args.date.as_deref().map(parse_date).transpose() {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let ballots = read::collect_inputs(&args.ballots);
    if !ballots.errors.is_empty() {
        return fail(ballots.errors.join("\n"));
    }
    let config = match resolve(args.rules.as_deref(), &args.submissions) {
        Ok(config) => config,
        Err(e) => return fail(e),
    };
    let rules = &config.rules;
    for id in &args.absent {
        if !rules.units.iter().any(|u| &u.id == id) {
            let ids: Vec<&str> = rules.units.iter().map(|u| u.id.as_str()).collect();
            return fail(format!(
                "--absent {id}: không có đơn vị mã \"{id}\" trong tệp quy định {} (các mã: {}).",
                config.rules_path.display(),
                ids.join(", ")
            ));
        }
    }
    let next_year = match &args.next_head {
        None => None,
        Some(head) => match rules.elect(&Ballot {
            head: Some(head),
            deputies: &args.next_deputy,
            head_option: "--next-head",
            deputy_option: "--next-deputy",
            file: &config.rules_path.display().to_string(),
        }) {
            Ok(election) => Some(rules.elected_names(&election)),
            Err(e) => return fail(e),
        },
    };
    let progress = print::progress(false);
    let report = config.run(&progress);
    print::summary(rules, &config.rules_path, &report);
    print::issues(rules, &report);
    let (files, tally) = match count_ballots(rules, &ballots.files) {
        Ok(found) => found,
        Err(e) => return fail(e),
    };
    let present = rules
        .units
        .iter()
        .filter(|u| !args.absent.contains(&u.id))
        .count();
    if rules.vote.voters == crate::rules::Voters::Units
        && let Some(a) = tally.awards.iter().find(|a| a.returned > present)
    {
        return fail(format!(
            "{}: thu về {} phiếu nhưng chỉ có {present} đơn vị có mặt. Kiểm tra lại các --absent hoặc thư mục phiếu bầu.",
            a.award, a.returned
        ));
    }
    say!("");
    summary(rules, files, &tally);
    let meeting = Meeting {
        date,
        time: args.time.clone(),
        place: args.place.clone(),
        chair: args.chair.clone(),
        secretary: args.secretary.clone(),
        absent: args.absent.clone(),
        next_year,
    };
    match write::write_documents(rules, &report, &tally, &meeting, &args.output) {
        Ok((minutes, letter)) => {
            say!("");
            say!("Đã ghi biên bản họp bình xét: {}", minutes.display());
            say!("Đã ghi tờ trình đề nghị khen thưởng: {}", letter.display());
        }
        Err(e) => return fail(e),
    }
    if let Some(path) = &args.json
        && let Err(code) = print::report_json(&report, Some(&tally), path)
    {
        return code;
    }
    let submissions = print::exit_code(&report);
    if tally.issues.is_empty() && submissions == EXIT_OK {
        EXIT_OK
    } else {
        EXIT_PROBLEMS.max(submissions)
    }
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates() {
        assert_eq!(parse_date("20/12/2025"), Ok((20, 12, 2025)));
        assert_eq!(parse_date("29/02/2024"), Ok((29, 2, 2024)));
        assert!(parse_date("29/02/2025").is_err());
        assert!(parse_date("2025-12-20").is_err());
        assert!(parse_date("hôm nay").is_err());
    }
}
