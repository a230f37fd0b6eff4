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

// The user guide shipped in the packages (docs/huong-dan/huong-dan.html):
// what it quotes is what the program does.

fn guide() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/huong-dan/huong-dan.html"
    ))
    .unwrap()
}

/// The text of every `<pre>` block, entities decoded.
fn guide_blocks(guide: &str) -> Vec<String> {
    guide
        .split("<pre>")
        .skip(1)
        .map(|b| {
            b[..b.find("</pre>").expect("<pre> closed")]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect()
}

/// Every command the guide tells the officer to type: its lines starting
/// with `thidua.exe`, a line ending in `^` joined with the next.
fn guide_commands(guide: &str) -> Vec<String> {
    let mut commands = Vec::new();
    for block in guide_blocks(guide) {
        let mut current: Option<String> = None;
        for line in block.lines() {
            let line = line.trim();
            if let Some(c) = current.as_mut() {
                c.push(' ');
                c.push_str(line.trim_end_matches('^').trim());
            } else if line.starts_with("thidua.exe ") {
                current = Some(line.trim_end_matches('^').trim().to_string());
            }
            if !line.ends_with('^') {
                commands.extend(current.take());
            }
        }
        commands.extend(current.take());
    }
    commands
}

/// The words of a command line, quotes removed ("a b" is one word).
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in command.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn help(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(args)
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success(), "thidua {args:?} --help");
    String::from_utf8(out.stdout).unwrap()
}

/// Every command the guide quotes is one `thidua --help` lists, and each of
/// its options one that command's `--help` lists.
#[test]
fn the_guides_commands_are_the_programs() {
    let guide = guide();
    let commands = guide_commands(&guide);
    assert!(commands.len() >= 8, "the guide's commands: {commands:?}");
    let listed = help(&[]);
    for command in &commands {
        let words = words(command);
        let mut sub = vec![words[1].as_str()];
        assert!(
            listed.contains(&format!("\n  {} ", sub[0])),
            "`{command}`: thidua --help lists no command {}",
            sub[0]
        );
        if sub[0] == "rules" {
            sub.push(words[2].as_str());
        }
        let options = help(&sub);
        for word in &words[1 + sub.len()..] {
            if word.starts_with('-') {
                assert!(
                    options.contains(&format!(" {word} "))
                        || options.contains(&format!(" {word},")),
                    "`{command}`: thidua {} --help lists no option {word}",
                    sub.join(" ")
                );
            }
        }
    }
    for needed in [
        "consolidate",
        "template",
        "ballots",
        "tally",
        "documents",
        "rules",
        "province",
    ] {
        assert!(
            commands
                .iter()
                .any(|c| c.starts_with(&format!("thidua.exe {needed} "))),
            "the guide shows thidua {needed}"
        );
    }
}

/// Every link inside the guide leads to a section of it, every picture it
/// shows is in docs/huong-dan, and every picture there is shown.
#[test]
fn the_guides_links_and_pictures_resolve() {
    let guide = guide();
    let ids: std::collections::BTreeSet<&str> = guide
        .split("id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let links: Vec<&str> = guide
        .split("href=\"#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(links.len() >= 10);
    for link in &links {
        assert!(
            ids.contains(link),
            "the guide links to #{link}, which it lacks"
        );
    }
    // Each section is in the table of contents.
    for id in guide
        .split("<h2 id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
    {
        assert!(
            guide.contains(&format!("<li><a href=\"#{id}\">")),
            "section #{id} is not in the contents"
        );
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/huong-dan");
    let shown: std::collections::BTreeSet<String> = guide
        .split("<img src=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect();
    let there: std::collections::BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".png"))
        .collect();
    assert_eq!(
        shown, there,
        "the pictures shown and those in docs/huong-dan"
    );
}

/// The issue codes the guide names are the catalogue's.
#[test]
fn the_guides_issue_codes_are_the_catalogues() {
    let guide = guide();
    let codes: std::collections::BTreeSet<&str> =
        Code::ALL.iter().map(|c| c.entry().code).collect();
    let mut named = 0;
    for quoted in guide
        .split("<code>")
        .skip(1)
        .map(|s| &s[..s.find("</code>").unwrap()])
    {
        let looks_like_code = quoted.contains('-')
            && quoted.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            && !quoted.starts_with('-');
        if looks_like_code {
            named += 1;
            assert!(
                codes.contains(quoted),
                "the guide names `{quoted}`, not an issue code"
            );
        }
    }
    assert!(named >= 20, "the guide names {named} issue codes");
}

/// The labels of the web page the guide quotes are the page's.
#[test]
fn the_guides_page_labels_are_the_pages() {
    // Lines are wrapped anywhere in the guide's source.
    let guide = guide().split_whitespace().collect::<Vec<_>>().join(" ");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read_to_string(root.join("src/web/page.html")).unwrap()
        + &std::fs::read_to_string(root.join("src/web/page.js")).unwrap();
    for label in [
        "Chọn tệp quy định (.toml)…",
        "Dùng tệp này",
        "Kéo thả các tệp vào đây",
        "Thay tệp…",
        "Kết quả các năm trước (không bắt buộc)",
        "Kéo thả báo cáo các năm trước vào đây",
        "Đang dùng",
        "Không dùng (xem cảnh báo)",
        "Tiêu chí tính điểm theo số liệu của khối",
        "Tải bảng tổng hợp (.xlsx)",
        "Tải phiếu phản hồi cho đơn vị (.zip)",
        "Tải báo cáo JSON",
        "Tải phiếu bầu (.xlsx)",
        "Tải bảng kiểm phiếu (.xlsx)",
        "Kéo thả các phiếu bầu đã điền vào đây",
        "Đề nghị khen thưởng sau bỏ phiếu",
        "Chưa quyết định (cần bỏ phiếu lại)",
        "Phiếu không được tính và các điểm cần xử lý",
        "Nhập số liệu kiểm phiếu",
        "Tính kết quả",
        "Xóa mọi số liệu đã nhập",
    ] {
        assert!(guide.contains(label), "the guide quotes “{label}”");
        assert!(page.contains(label), "the page says “{label}”");
    }
}
