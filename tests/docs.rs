//! The README documents the contracts: every issue code, every key of the
//! rules template; and the templates it points to load.

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

/// Every key the commented rules template uses (set or shown in a comment)
/// is in the README's rules-file reference.
#[test]
fn every_rules_key_is_documented() {
    let readme = readme();
    let start = readme
        .find("## Tệp quy định / The rules file")
        .expect("README has the rules-file section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
    let template = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/quy-dinh-mau.toml"
    ))
    .unwrap();
    let mut keys = std::collections::BTreeSet::new();
    for line in template.lines() {
        let line = line.trim_start_matches(['#', ' ']);
        if let Some((key, _)) = line.split_once('=') {
            let key = key.trim();
            if !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                keys.insert(key.to_string());
            }
        }
        if let Some(table) = line.strip_prefix('[') {
            let table = table.trim_matches(['[', ']']);
            if !table.is_empty() && table.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                keys.insert(format!("[{table}]"));
            }
        }
    }
    assert!(
        keys.len() >= 15,
        "the template's keys were not found: {keys:?}"
    );
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| {
            if k.starts_with('[') {
                !section.contains(k.as_str())
            } else {
                !section.contains(&format!("\n{k} =")) && !section.contains(&format!("`{k}`"))
            }
        })
        .collect();
    assert!(
        missing.is_empty(),
        "README's rules section lacks {missing:?}"
    );
}
