//! The README documents the contracts: the table of issue codes is the
//! catalogue's, every key of the rules template is named; and the
//! templates it points to load.

use thidua::issue::Code;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The README's table of issue codes, as the catalogue gives it: one row
/// per code, in the catalogue's order.
fn codes_table() -> String {
    let mut table = String::from(
        "| code | severity | title (tên) | meaning | what to do (cách sửa) |\n|---|---|---|---|---|\n",
    );
    for code in Code::ALL {
        let e = code.entry();
        let severity = format!("{:?}", e.severity).to_lowercase();
        table.push_str(&format!(
            "| `{}` | {severity} | {} | {} | {} |\n",
            e.code, e.title, e.meaning, e.fix
        ));
    }
    table
}

#[test]
fn the_readme_table_of_codes_is_the_catalogue() {
    let readme = readme();
    let start = readme
        .find("## Mã lỗi / Issue codes")
        .expect("README has the issue-code section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
    let table: String = section
        .lines()
        .filter(|l| l.starts_with('|'))
        .map(|l| format!("{l}\n"))
        .collect();
    let expected = codes_table();
    assert!(
        table == expected,
        "README's table of issue codes differs from the catalogue (src/issue/catalogue.rs); \
         it should read:\n{expected}"
    );
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
