//! The README documents the contracts: every issue code, every rules key.

use thidua::issue::Code;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn every_issue_code_is_documented_with_its_severity() {
    let readme = readme();
    for code in Code::ALL {
        let severity = format!("{:?}", code.severity()).to_lowercase();
        let row = format!("| `{}` | {severity} |", code.as_str());
        assert!(
            readme.contains(&row),
            "README lacks the row for {code}: {row}"
        );
    }
}

#[test]
fn the_rules_templates_load() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in [
        "templates/quy-dinh-mau.toml",
        "templates/khoi-van-hoa-xa-hoi.toml",
    ] {
        thidua::rules::Rules::load(&root.join(name)).unwrap_or_else(|e| panic!("{e}"));
    }
}
