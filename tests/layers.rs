//! The house rules the module headers state, enforced: which top-level
//! module may use which (dependencies point one way, down), which modules
//! may name the reader's and the writer's crates, and which may print.
//!
//! The scan reads every `crate::name` path and every `use crate::{…}`
//! group in the code of each file under `src/` (comments and `#[cfg(test)]`
//! modules left out: a test may build what it needs from anywhere). A new
//! module must be given its place in [`ALLOWED`] before it can be used.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module and the modules it may use. Read bottom-up: the
/// ground (`text`, `issue`, `score`) uses nothing; each layer uses only
/// layers below it; `cli` alone sits on top of everything.
const ALLOWED: &[(&str, &[&str])] = &[
    ("text", &[]),
    ("issue", &[]),
    ("score", &[]),
    ("rules", &["score", "text", "issue"]),
    ("read", &["issue", "text"]),
    ("worker", &["read", "issue"]),
    ("decode", &["read", "issue", "text"]),
    (
        "check",
        &["decode", "read", "rules", "score", "text", "issue"],
    ),
    ("report", &["issue", "rules", "score"]),
    (
        "history",
        &["read", "report", "rules", "score", "text", "issue"],
    ),
    (
        "consolidate",
        &[
            "check", "history", "report", "rules", "score", "text", "issue",
        ],
    ),
    (
        "pipeline",
        &[
            "read",
            "worker",
            "decode",
            "check",
            "consolidate",
            "history",
            "report",
            "rules",
            "text",
            "issue",
        ],
    ),
    (
        "province",
        &[
            "pipeline", "read", "decode", "report", "rules", "score", "text", "issue",
        ],
    ),
    (
        "vote",
        &["read", "report", "rules", "score", "text", "issue"],
    ),
    (
        "write",
        &["vote", "report", "rules", "read", "score", "text", "issue"],
    ),
    (
        "web",
        &[
            "pipeline", "province", "write", "vote", "history", "report", "rules", "read", "score",
            "text", "issue",
        ],
    ),
    (
        "cli",
        &[
            "province", "web", "write", "vote", "history", "pipeline", "worker", "decode",
            "report", "rules", "read", "score", "text", "issue",
        ],
    ),
];

/// External crates that belong to one module only (the design card: calamine
/// types stay inside `read`, rust_xlsxwriter types inside `write`).
const CONFINED: &[(&str, &str)] = &[
    ("calamine", "read"),
    ("rust_xlsxwriter", "write"),
    ("docx_rs", "write"),
    ("axum", "web"),
    ("clap", "cli"),
    ("toml_edit", "rules"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file under src/ belongs to (`src/check/table.rs`
/// → `check`, `src/rules.rs` → `rules`); None for the crate root files.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// The file's code: `//` comments removed, and everything from the first
/// `#[cfg(test)] mod name {` on (an inline test module closes every file
/// that has one; `#[cfg(test)] mod name;` names a file scanned on its own).
fn code_of(text: &str) -> String {
    let mut end = text.len();
    for (at, _) in text.match_indices("#[cfg(test)]") {
        let after = text[at + "#[cfg(test)]".len()..].trim_start();
        if let Some(rest) = after.strip_prefix("mod ") {
            let name = ident_at(rest);
            if rest[name.len()..].trim_start().starts_with('{') {
                end = at;
                break;
            }
        }
    }
    text[..end]
        .lines()
        .map(|line| match line.find("//") {
            // A "//" inside a string ("http://…") is rare in this crate's
            // code; cut only where the line's quotes are balanced.
            Some(at) if line[..at].matches('"').count() % 2 == 0 => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// Every top-level module a piece of code names through `crate::`.
fn used_modules(code: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // use crate::{a, b::{c, d}, e}: the names at depth 0.
            let mut depth = 0;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        start = true;
                        continue;
                    }
                    _ => {}
                }
                if start && depth == 0 && (c.is_ascii_alphabetic() || c == '_') {
                    used.insert(ident_at(&group[i..]).to_string());
                    start = false;
                }
            }
        } else {
            let name = ident_at(rest);
            if !name.is_empty() {
                used.insert(name.to_string());
            }
        }
    }
    used
}

/// Every source file: its path, its top-level module ("" for the crate
/// root files) and its code as [`code_of`] gives it.
fn sources() -> Vec<(PathBuf, String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .into_iter()
        .map(|file| {
            let module = module_of(&src, &file).unwrap_or_default();
            let code = code_of(&std::fs::read_to_string(&file).unwrap());
            (file, module, code)
        })
        .collect()
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let allowed: BTreeMap<&str, BTreeSet<&str>> = ALLOWED
        .iter()
        .map(|(m, deps)| (*m, deps.iter().copied().collect()))
        .collect();
    let mut wrong = Vec::new();
    let mut seen = BTreeSet::new();
    for (file, module, code) in sources() {
        if module.is_empty() {
            continue;
        }
        seen.insert(module.clone());
        let Some(may) = allowed.get(module.as_str()) else {
            wrong.push(format!(
                "{}: module `{module}` has no place in the layers (add it to ALLOWED)",
                file.display()
            ));
            continue;
        };
        for used in used_modules(&code) {
            if used != module && !may.contains(used.as_str()) && used != "self" {
                wrong.push(format!("{}: `{module}` uses `{used}`", file.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
    // Every module in the table exists: a renamed module must be renamed here.
    let missing: Vec<&&str> = allowed.keys().filter(|m| !seen.contains(**m)).collect();
    assert!(
        missing.is_empty(),
        "modules in ALLOWED but not in src/: {missing:?}"
    );
}

#[test]
fn external_crates_stay_in_their_module() {
    let mut wrong = Vec::new();
    for (file, module, code) in sources() {
        for (krate, home) in CONFINED {
            let named =
                code.contains(&format!("{krate}::")) || code.contains(&format!("use {krate}"));
            if named && module != *home {
                wrong.push(format!(
                    "{}: names `{krate}` outside `{home}`",
                    file.display()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn only_the_command_line_prints() {
    let mut wrong = Vec::new();
    for (file, _, code) in sources().into_iter().filter(|s| s.1 != "cli") {
        for mac in ["println!", "eprintln!", "print!(", "eprint!(", "dbg!("] {
            if code.contains(mac) {
                wrong.push(format!("{}: {mac}", file.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "printing outside cli:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scan_sees_what_it_must() {
    // The scanner itself: a test that cannot fail proves nothing.
    let code = code_of(
        "#[cfg(test)]\nmod reference;\nuse crate::read::{Cell, Sheet};\nuse crate::{issue::Code, text, write::{a, b}};\n\
         // crate::cli in a comment\nfn f() { crate::check::run(); }\n#[cfg(test)]\nmod t { use crate::web; }",
    );
    let used: Vec<String> = used_modules(&code).into_iter().collect();
    assert_eq!(used, ["check", "issue", "read", "text", "write"]);
    assert_eq!(
        module_of(Path::new("src"), Path::new("src/check/table.rs")).as_deref(),
        Some("check")
    );
    assert_eq!(module_of(Path::new("src"), Path::new("src/lib.rs")), None);
}
