//! A large bloc's "Chi tiết": 30 units do not fit one page across at a
//! readable size, so the sheet prints on several pages across, each
//! repeating the criteria columns; the other sheets stay one page wide.

mod common;

use thidua::rules::Rules;

#[test]
fn thirty_units_print_on_two_pages_across_with_the_criteria_repeated() {
    let n = 30;
    let rules = Rules::parse(&common::rules_with_units(n), "lon.toml").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<_> = (0..n)
        .map(|i| {
            let path = dir.path().join(format!("don-vi-{i:02}.xlsx"));
            common::write_submission(&rules, &path, i);
            path
        })
        .collect();
    let report = thidua::pipeline::run(&rules, &files, Vec::new(), &|_, _| {});
    assert_eq!(report.units.iter().filter(|u| u.rank.is_some()).count(), n);
    let out = dir.path().join("tong-hop.xlsx");
    thidua::write::write_consolidated(&rules, &report, &out).unwrap();

    let detail = common::zip_part(&out, "xl/worksheets/sheet2.xml");
    assert!(detail.contains(r#"fitToWidth="2""#), "{detail}");
    assert!(detail.contains(r#"fitToHeight="0""#));
    let summary = common::zip_part(&out, "xl/worksheets/sheet1.xml");
    assert!(
        !summary.contains("fitToWidth=\"2\""),
        "the summary stays one page wide"
    );
    let workbook = common::zip_part(&out, "xl/workbook.xml");
    assert!(
        workbook.contains("'Chi tiết'!$A:$C"),
        "criteria columns repeat on every page: {workbook}"
    );
}
