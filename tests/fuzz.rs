//! Fuzz targets on stable Rust: mutated inputs thrown at the readers of
//! every format (`read::load_bytes` on .xlsx/.xlsm, .xls BIFF8 and BIFF5,
//! .ods), the legacy-text decoders (`text`), the rules parser
//! (`Rules::parse`, and a checked file under the rules it gives) and one
//! file's whole way in process (read, decode, check, consolidate, and now
//! and then the workbooks written). Nothing may panic, and a few
//! documented properties must hold on whatever comes in.
//!
//! Seeds are the fixtures (`tests/fixtures`, `tests/corpus`, `samples`,
//! `templates`), after the inputs of `tests/fixtures/fuzz/<target>/` (each
//! once made a target panic; kept as regressions). `cargo test` runs each
//! target for a few seconds with a fixed seed; a longer run:
//!
//! ```text
//! THIDUA_FUZZ_SECS=300 THIDUA_FUZZ_SEED=time cargo test --release --test fuzz -- --nocapture
//! ```
//!
//! The engine (`fuzz/engine.rs`) describes every variable; mutations that
//! know the containers are in `fuzz/formats.rs`. A crash is saved under
//! `target/fuzz-crashes/<target>/` and replayed with `THIDUA_FUZZ_REPLAY`.

#[path = "fuzz/engine.rs"]
mod engine;
#[path = "fuzz/formats.rs"]
mod formats;

use engine::{Input, Rng, Target, bucket, fuzz, root, signature};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use thidua::consolidate;
use thidua::read::{self, Loaded, Value};
use thidua::rules::Rules;
use thidua::text::{self, Encoding, FontClass, KeyWords};
use thidua::write;

/// Seed files larger than this are left out: zip bombs and 87,000-sheet
/// files take a second each and teach the mutator nothing.
const MAX_SEED_BYTES: u64 = 64 * 1024;

/// Every file under `dir` (recursively), sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// What a file's bytes are, for the mutators.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Container {
    /// A zip package, .xlsx or .xlsm (or any zip).
    Xlsx,
    /// A zip package with an OpenDocument mimetype.
    Ods,
    /// A compound file (.xls, .doc, encrypted .xlsx) or anything else.
    Other,
}

fn container(bytes: &[u8]) -> Container {
    if bytes.starts_with(b"PK") {
        if bytes
            .windows(40)
            .take(200)
            .any(|w| w.starts_with(b"mimetypeapplication/vnd.oasis"))
        {
            Container::Ods
        } else {
            Container::Xlsx
        }
    } else {
        Container::Other
    }
}

/// Every spreadsheet (or would-be spreadsheet) among the fixtures, small
/// enough, with its container.
fn spreadsheet_fixtures() -> &'static [(PathBuf, Vec<u8>, Container)] {
    static FILES: OnceLock<Vec<(PathBuf, Vec<u8>, Container)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let dirs = ["tests/fixtures", "tests/corpus", "samples"];
        dirs.iter()
            .flat_map(|d| files_under(&root().join(d)))
            .filter(|p| {
                let ext = p.extension().map(|e| e.to_string_lossy().to_lowercase());
                matches!(
                    ext.as_deref(),
                    Some("xlsx" | "xlsm" | "xls" | "ods" | "doc")
                ) && !p.starts_with(root().join("tests/fixtures/fuzz"))
            })
            .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() <= MAX_SEED_BYTES))
            .filter_map(|p| {
                let bytes = std::fs::read(&p).ok()?;
                let kind = container(&bytes);
                Some((p, bytes, kind))
            })
            .collect()
    })
}

/// A signature of a read: the error's kind, or the workbook's shape. The
/// properties every workbook read must have are checked here.
fn read_signature(result: &Result<Loaded, read::ReadError>) -> u64 {
    match result {
        Err(e) => {
            // The messages are built (they are what the officer reads).
            assert!(!e.message().is_empty(), "an error without a message: {e:?}");
            let _ = e.detected();
            let kind: String = format!("{e:?}")
                .chars()
                .filter(|c| !c.is_ascii_digit())
                .take(48)
                .collect();
            signature(("err", e.code().as_str(), kind))
        }
        Ok(loaded) => {
            assert_eq!(loaded.sha256.len(), 64);
            let mut shape = Vec::new();
            for sheet in &loaded.workbook.sheets {
                if !sheet.oversized {
                    assert_eq!(
                        sheet.cells.len() as u64,
                        u64::from(sheet.height) * u64::from(sheet.width),
                        "sheet {:?}: cells for {}×{}",
                        sheet.name,
                        sheet.height,
                        sheet.width
                    );
                    assert!(sheet.cells.len() as u64 <= read::MAX_SHEET_CELLS);
                }
                if shape.len() >= 8 * 9 {
                    continue;
                }
                let mut kinds = 0u8;
                let (mut fonts, mut runs, mut formats) = (0, 0, 0);
                for cell in &sheet.cells {
                    kinds |= 1
                        << match cell.value {
                            Value::Empty => 0,
                            Value::Text(_) => 1,
                            Value::Number(_) => 2,
                            Value::Bool(_) => 3,
                            Value::Error(_) => 4,
                            Value::Date(_) => 5,
                            Value::FormulaWithoutValue(_) => 6,
                        };
                    fonts += usize::from(cell.font.is_some());
                    runs += usize::from(cell.runs.is_some());
                    formats += usize::from(cell.number_format.is_some());
                }
                shape.extend([
                    bucket(sheet.height as usize),
                    bucket(sheet.width as usize),
                    bucket(sheet.merges.len()),
                    bucket(sheet.columns.len()),
                    u32::from(sheet.oversized),
                    bucket(fonts),
                    bucket(runs),
                    bucket(formats),
                    u32::from(kinds),
                ]);
            }
            signature((
                "ok",
                loaded.format.as_str(),
                bucket(loaded.workbook.sheets.len()),
                shape,
                loaded.saved.is_some(),
            ))
        }
    }
}

/// `read::load_bytes` on one container's files.
struct LoadTarget {
    name: &'static str,
    container: Container,
    dict: OnceLock<Vec<Vec<u8>>>,
}

impl LoadTarget {
    const fn new(name: &'static str, container: Container) -> LoadTarget {
        LoadTarget {
            name,
            container,
            dict: OnceLock::new(),
        }
    }

    fn dict(&self) -> &[Vec<u8>] {
        self.dict.get_or_init(|| {
            let packages: Vec<Vec<u8>> = spreadsheet_fixtures()
                .iter()
                .filter(|(_, _, c)| *c != Container::Other)
                .map(|(_, b, _)| b.clone())
                .collect();
            formats::xml_dictionary(&packages)
        })
    }
}

impl Target for LoadTarget {
    fn name(&self) -> &str {
        self.name
    }

    fn extension(&self, input: &Input) -> String {
        match container(&input.bytes) {
            Container::Xlsx => "xlsx",
            Container::Ods => "ods",
            Container::Other => "xls",
        }
        .to_string()
    }

    fn seeds(&self) -> Vec<Input> {
        spreadsheet_fixtures()
            .iter()
            .filter(|(_, _, c)| *c == self.container)
            .map(|(_, bytes, _)| Input {
                bytes: bytes.clone(),
                tag: 0,
            })
            .chain(
                // Not spreadsheets at all, for the sniffer.
                (self.container == Container::Other)
                    .then(|| {
                        [
                            &b""[..],
                            b"<html><body><table><tr><td>x</td></tr></table></body></html>",
                            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
                            b"STT;N\xe1\xbb\x99i dung;\xc4\x90i\xe1\xbb\x83m\n1;abc;5\n",
                            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                            b"PK\x03\x04",
                            b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
                        ]
                        .map(|b| Input {
                            bytes: b.to_vec(),
                            tag: 0,
                        })
                    })
                    .into_iter()
                    .flatten(),
            )
            .collect()
    }

    fn mutate(&self, rng: &mut Rng, parent: &Input, other: &Input) -> Input {
        let bytes = mutate_file(rng, &parent.bytes, &other.bytes, self.dict());
        Input { bytes, tag: 0 }
    }

    fn run(&self, input: &Input) -> u64 {
        read_signature(&read::load_bytes(&input.bytes))
    }
}

/// A mutant of a file, by what its bytes are.
fn mutate_file(rng: &mut Rng, parent: &[u8], other: &[u8], dict: &[Vec<u8>]) -> Vec<u8> {
    match container(parent) {
        Container::Xlsx | Container::Ods => formats::mutate_package(rng, parent, other, dict),
        Container::Other => formats::mutate_xls(rng, parent, other, dict),
    }
}

/// A folder with a rules file and submissions to it.
struct Bloc {
    name: String,
    rules: Rules,
    files: Vec<Vec<u8>>,
}

/// The blocs of the fixtures, the corpus and the sample.
fn blocs() -> &'static [Bloc] {
    static BLOCS: OnceLock<Vec<Bloc>> = OnceLock::new();
    BLOCS.get_or_init(|| {
        let mut dirs: Vec<PathBuf> = vec![
            root().join("samples/khoi-van-hoa-xa-hoi"),
            root().join("tests/fixtures/edge"),
            root().join("tests/fixtures/legacy-ods"),
        ];
        let mut corpus: Vec<PathBuf> = std::fs::read_dir(root().join("tests/corpus"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.join("quy-dinh.toml").is_file())
            .collect();
        corpus.sort();
        dirs.extend(corpus);
        dirs.iter()
            .map(|dir| {
                let rules = Rules::load(&dir.join("quy-dinh.toml")).expect("fixture rules");
                let files = files_under(dir)
                    .into_iter()
                    .filter(|p| {
                        let ext = p.extension().map(|e| e.to_string_lossy().to_lowercase());
                        matches!(ext.as_deref(), Some("xlsx" | "xlsm" | "xls" | "ods"))
                    })
                    .filter_map(|p| std::fs::read(p).ok())
                    .collect();
                Bloc {
                    name: dir.file_name().unwrap().to_string_lossy().into_owned(),
                    rules,
                    files,
                }
            })
            .collect()
    })
}

/// Check a file read under `rules` as the pipeline does, consolidate it,
/// and, for one input in `write_one_in`, write the consolidated workbook,
/// the feedback and the JSON report; a signature of the findings.
fn check_and_consolidate(rules: &Rules, bytes: &[u8], write_one_in: u64) -> u64 {
    let (file, stem) = ("don-vi.xlsx", "don-vi");
    let loaded = read::load_bytes(bytes);
    let read_sig = read_signature(&loaded);
    if loaded.is_err() {
        return read_sig;
    }
    let result = thidua::pipeline::examine(rules, file.to_string(), stem, loaded);
    let sub = result.submission.as_ref().expect("submission");
    let mut codes: Vec<&str> = sub.issues.iter().map(|i| i.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let sig = signature((
        codes,
        bucket(sub.rows_read),
        sub.unit.is_some(),
        sub.table_found,
        sub.encoding.clone(),
        bucket(sub.entries.len()),
    ));
    let report = consolidate::consolidate(rules, vec![result], Vec::new());
    if signature(bytes).is_multiple_of(write_one_in) {
        let _ = serde_json::to_string(&report);
        write::consolidated_bytes(rules, &report).expect("consolidated workbook");
        write::feedback_zip(rules, &report).expect("feedback workbooks");
    }
    sig
}

/// One file's whole way in process: read, decode, check, consolidate.
struct PipelineTarget {
    dict: OnceLock<Vec<Vec<u8>>>,
}

impl Target for PipelineTarget {
    fn name(&self) -> &str {
        "pipeline"
    }

    fn extension(&self, input: &Input) -> String {
        XLSX.extension(input)
    }

    fn tag_name(&self, tag: usize) -> String {
        blocs()[tag % blocs().len()].name.clone()
    }

    fn tag_of(&self, file_name: &str) -> usize {
        let bloc = file_name.split("--").next().unwrap_or_default();
        blocs().iter().position(|b| b.name == bloc).unwrap_or(0)
    }

    fn seeds(&self) -> Vec<Input> {
        blocs()
            .iter()
            .enumerate()
            .flat_map(|(tag, bloc)| {
                bloc.files.iter().map(move |bytes| Input {
                    bytes: bytes.clone(),
                    tag,
                })
            })
            .collect()
    }

    fn mutate(&self, rng: &mut Rng, parent: &Input, other: &Input) -> Input {
        let dict = self.dict.get_or_init(|| XLSX.dict().to_vec());
        let bytes = mutate_file(rng, &parent.bytes, &other.bytes, dict);
        // Now and then a file checked under another bloc's rules.
        let tag = if rng.one_in(12) {
            rng.below(blocs().len())
        } else {
            parent.tag
        };
        Input { bytes, tag }
    }

    fn run(&self, input: &Input) -> u64 {
        let bloc = &blocs()[input.tag % blocs().len()];
        check_and_consolidate(&bloc.rules, &input.bytes, 16)
    }
}

/// Rules files: the templates, the sample's, the fixtures' and the
/// corpus's, each with the bloc it belongs to (tag) when there is one.
struct RulesTarget {
    dict: OnceLock<Vec<Vec<u8>>>,
}

fn rules_files() -> Vec<(PathBuf, Option<usize>)> {
    let mut files: Vec<PathBuf> = ["templates", "samples", "tests/fixtures", "tests/corpus"]
        .iter()
        .flat_map(|d| files_under(&root().join(d)))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| !p.starts_with(root().join("tests/fixtures/fuzz")))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bloc = p
                .parent()
                .and_then(|d| d.file_name())
                .and_then(|n| blocs().iter().position(|b| n.to_string_lossy() == b.name));
            (p, bloc)
        })
        .collect()
}

impl Target for RulesTarget {
    fn name(&self) -> &str {
        "rules"
    }

    fn extension(&self, _input: &Input) -> String {
        "toml".into()
    }

    fn tag_name(&self, tag: usize) -> String {
        PIPELINE.tag_name(tag)
    }

    fn tag_of(&self, file_name: &str) -> usize {
        PIPELINE.tag_of(file_name)
    }

    fn seeds(&self) -> Vec<Input> {
        rules_files()
            .into_iter()
            .map(|(path, bloc)| Input {
                bytes: std::fs::read(path).expect("rules file"),
                tag: bloc.unwrap_or(0),
            })
            .collect()
    }

    fn mutate(&self, rng: &mut Rng, parent: &Input, other: &Input) -> Input {
        let dict = self.dict.get_or_init(|| toml_dictionary(&self.seeds()));
        let mut bytes = parent.bytes.clone();
        for _ in 0..rng.small(6) {
            if rng.one_in(3) {
                mutate_lines(rng, &mut bytes, &other.bytes);
            } else {
                formats::mutate_text(rng, &mut bytes, &other.bytes, toml_chars(), dict);
            }
        }
        Input {
            bytes,
            tag: parent.tag,
        }
    }

    fn run(&self, input: &Input) -> u64 {
        let source = String::from_utf8_lossy(&input.bytes);
        match Rules::parse(&source, "quy-dinh.toml") {
            Err(e) => {
                let e = e.problems.first().expect("a rules error has a problem");
                assert!(!e.message.is_empty());
                let _ = e.to_string();
                let key: Option<String> = e
                    .key
                    .as_ref()
                    .map(|k| k.chars().filter(|c| !c.is_ascii_digit()).collect());
                let message: String = e
                    .message
                    .chars()
                    .filter(|c| !c.is_ascii_digit())
                    .take(40)
                    .collect();
                signature(("err", key, message))
            }
            Ok(rules) => {
                for c in &rules.criteria {
                    assert!(rules.criterion(&c.code).is_some());
                }
                for u in &rules.units {
                    assert!(rules.unit(&u.id).is_some());
                }
                let _ = rules.sections().count();
                let _ = rules.head();
                let ok = signature((
                    "ok",
                    bucket(rules.criteria.len()),
                    bucket(rules.units.len()),
                    bucket(rules.awards.len()),
                ));
                // A file of the bloc checked under the mutated rules, and
                // now and then the blank template they make.
                let bloc = &blocs()[input.tag % blocs().len()];
                let h = signature(&input.bytes);
                if !bloc.files.is_empty() && h.is_multiple_of(2) {
                    let file = &bloc.files[(h / 2) as usize % bloc.files.len()];
                    let checked = check_and_consolidate(&rules, file, 8);
                    return signature((ok, checked));
                }
                if h % 16 == 1 {
                    write::template_bytes(&rules, rules.units.first()).expect("template");
                }
                ok
            }
        }
    }
}

/// Keys, section headers and values of the rules files, for insertion.
fn toml_dictionary(seeds: &[Input]) -> Vec<Vec<u8>> {
    let mut tokens: std::collections::BTreeSet<Vec<u8>> = [
        "\n[[criteria]]\n",
        "\n[[units]]\n",
        "\n[[awards]]\n",
        "\n[bloc]\n",
        "\n[ranking]\n",
        " = ",
        "\"\"\"",
        "'''",
        "[",
        "]",
        "{",
        "}",
        ",",
        "#",
        "\\u00e1",
        "\\U0001F600",
        "\\",
        "true",
        "false",
        "1979-05-27T07:32:00Z",
        "nan",
        "+inf",
        "-inf",
        "1e400",
        "0x7fffffffffffffff",
        "1_000",
        "[]",
        "{}",
    ]
    .iter()
    .map(|t| t.as_bytes().to_vec())
    .collect();
    for seed in seeds {
        for line in String::from_utf8_lossy(&seed.bytes).lines() {
            let line = line.trim();
            if line.starts_with('[') {
                tokens.insert(format!("\n{line}\n").into_bytes());
            } else if let Some((key, value)) = line.split_once('=') {
                tokens.insert(format!("{} = ", key.trim()).into_bytes());
                if value.len() < 120 {
                    tokens.insert(value.trim().as_bytes().to_vec());
                }
            }
        }
    }
    tokens.into_iter().collect()
}

fn toml_chars() -> &'static [char] {
    static CHARS: OnceLock<Vec<char>> = OnceLock::new();
    CHARS.get_or_init(|| {
        let mut pool = formats::char_pool();
        pool.extend("[]{}=\"',.#\n\t0123456789-+_eE".chars());
        pool
    })
}

/// One mutation on whole lines: a line dropped, doubled, moved, or taken
/// from the other input.
fn mutate_lines(rng: &mut Rng, bytes: &mut Vec<u8>, other: &[u8]) {
    let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let n = lines.len();
    let i = rng.below(n);
    match rng.below(5) {
        0 => {
            lines.remove(i);
        }
        1 => {
            let (a, b) = rng.range(n, 12);
            let block = lines[a..b].to_vec();
            let at = rng.below(n + 1);
            lines.splice(at..at, block);
        }
        2 => {
            let j = rng.below(n);
            lines.swap(i, j);
        }
        3 => {
            let theirs: Vec<&[u8]> = other.split(|&b| b == b'\n').collect();
            let (a, b) = rng.range(theirs.len(), 12);
            let at = rng.below(n + 1);
            lines.splice(at..at, theirs[a..b].iter().map(|l| l.to_vec()));
        }
        _ => {
            let (a, b) = rng.range(n, 24);
            lines.drain(a..b);
        }
    }
    *bytes = lines.join(&b'\n');
}

/// The font classes a text input's cells are in, by its tag: one class
/// for all, or all of them in turn.
const FONTS: [FontClass; 6] = [
    FontClass::Other,
    FontClass::Tcvn3 { capital: false },
    FontClass::Tcvn3 { capital: true },
    FontClass::Vni,
    FontClass::Vps,
    FontClass::Viscii,
];

/// The letters of Vietnamese beyond ASCII, lower case.
const VIETNAMESE: &str = "áàảãạăắằẳẵặâấầẩẫậéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵđ";

/// The text functions on cells: one input is a group of cells (its
/// lines), decided together, each cell decoded, encoded, cleaned, keyed.
struct TextTarget;

impl Target for TextTarget {
    fn name(&self) -> &str {
        "text"
    }

    fn extension(&self, _input: &Input) -> String {
        "txt".into()
    }

    fn tag_name(&self, tag: usize) -> String {
        format!("fonts{}", tag % (FONTS.len() + 1))
    }

    fn tag_of(&self, file_name: &str) -> usize {
        file_name
            .strip_prefix("fonts")
            .and_then(|r| r.split("--").next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    fn seeds(&self) -> Vec<Input> {
        let mut seeds = Vec::new();
        let goldens = files_under(&root().join("tests/fixtures/text"));
        for (g, path) in goldens.iter().enumerate() {
            let text = String::from_utf8_lossy(&std::fs::read(path).expect("golden")).into_owned();
            let lines: Vec<&str> = text.lines().collect();
            for (k, chunk) in lines.chunks(6).enumerate() {
                seeds.push(Input {
                    bytes: chunk.join("\n").into_bytes(),
                    tag: g + k,
                });
            }
        }
        // Random text as the test before the fuzz target had it.
        let pool = formats::char_pool();
        let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
        for tag in 0..32 {
            let cells: Vec<String> = (0..6)
                .map(|_| {
                    (0..rng.below(24))
                        .map(|_| *rng.pick(&pool))
                        .filter(|&c| c != '\n')
                        .collect()
                })
                .collect();
            seeds.push(Input {
                bytes: cells.join("\n").into_bytes(),
                tag,
            });
        }
        seeds
    }

    fn mutate(&self, rng: &mut Rng, parent: &Input, other: &Input) -> Input {
        static POOL: OnceLock<Vec<char>> = OnceLock::new();
        let pool = POOL.get_or_init(formats::char_pool);
        let mut bytes = parent.bytes.clone();
        for _ in 0..rng.small(8) {
            formats::mutate_text(rng, &mut bytes, &other.bytes, pool, &[]);
        }
        bytes.truncate(4096);
        let tag = if rng.one_in(8) {
            rng.below(FONTS.len() + 1)
        } else {
            parent.tag
        };
        Input { bytes, tag }
    }

    fn run(&self, input: &Input) -> u64 {
        let text = String::from_utf8_lossy(&input.bytes);
        let cells: Vec<&str> = text.split('\n').take(64).collect();
        let pattern = input.tag % (FONTS.len() + 1);
        let group: Vec<(&str, FontClass)> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                (
                    *c,
                    FONTS[if pattern < FONTS.len() {
                        pattern
                    } else {
                        i % FONTS.len()
                    }],
                )
            })
            .collect();
        let decision = text::decide(&group);
        assert_eq!(decision.cells.len(), cells.len());
        let votes = text::Votes::of(&group);
        let within = text::decide_within(&group, Some(&votes));
        assert_eq!(within.cells.len(), cells.len());
        let evidence: Vec<_> = cells.iter().map(|c| text::evidence(c)).collect();
        assert_eq!(
            text::decide_with_evidence(&group, &evidence, Some(&votes)),
            within
        );
        let mut previous = "";
        for ((cell, choice), ev) in cells.iter().zip(&decision.cells).zip(&evidence) {
            let applied = choice.apply(cell);
            assert_eq!(
                choice.apply_changed(cell),
                Some(applied.clone()).filter(|t| t != cell),
                "apply_changed and apply disagree on {cell:?}"
            );
            let clean = text::clean(cell);
            assert_eq!(text::clean_cow(cell), clean);
            assert_eq!(
                text::clean(&clean),
                clean,
                "clean is not idempotent on {cell:?}"
            );
            // Vietnamese text and ASCII comes back from every encoding
            // that has all its letters.
            let vietnamese = clean.chars().all(|c| {
                c.is_ascii_graphic()
                    || c == ' '
                    || VIETNAMESE.contains(c.to_lowercase().next().unwrap_or(c))
            });
            for enc in Encoding::ALL {
                let _ = ev.reading(enc);
                let decoded = text::decode(cell, enc, false);
                let _ = text::decode(cell, enc, true);
                assert_eq!(
                    text::convert_line(cell, Some(enc)),
                    decoded
                        .clone()
                        .unwrap_or_else(|| text::convert_line(cell, Some(Encoding::Unicode)))
                );
                if vietnamese
                    && let Some(surface) = text::encode(&clean, enc)
                    && matches!(
                        enc,
                        Encoding::Vni | Encoding::Cp1258 | Encoding::Viscii | Encoding::Vps
                    )
                {
                    // Decoding drops soft hyphens (in TCVN3 their byte is a letter).
                    let expected = text::clean(&clean.replace('\u{AD}', ""));
                    assert_eq!(
                        text::decode(&surface, enc, false),
                        Some(expected),
                        "{enc:?}: encoded {clean:?} as {surface:?}"
                    );
                }
            }
            let _ = text::convert_line(cell, None);
            let _ = text::font_class(cell);
            let _ = Encoding::parse(cell);
            for word in cell.split_whitespace() {
                let _ = text::is_syllable(word);
            }
            let folded = text::fold(cell);
            let _ = text::squeeze(&folded);
            let _ = (
                text::key(cell),
                text::label_key(cell),
                text::numeral_key(cell),
            );
            let _ = (
                text::initials(cell),
                text::short_forms(cell),
                text::has_letters(cell),
            );
            let s = text::similarity(cell, previous);
            assert!(
                (0.0..=1.0).contains(&s),
                "similarity {s} of {cell:?} and {previous:?}"
            );
            let by_words = text::similarity_of_words(&KeyWords::of(cell), &KeyWords::of(previous));
            assert_eq!(s, by_words, "similarity of {cell:?} and {previous:?}");
            previous = cell;
        }
        let n = input
            .bytes
            .iter()
            .fold(0u64, |n, &b| n.wrapping_mul(31).wrapping_add(u64::from(b)));
        let _ = text::thousands(n);
        signature((
            decision
                .cells
                .iter()
                .map(|c| {
                    (
                        c.encoding.as_str(),
                        c.basis.as_str(),
                        c.uncertain,
                        c.capital,
                    )
                })
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>(),
            decision.group.map(Encoding::as_str),
            bucket(decision.converted),
            bucket(decision.uncertain.len()),
        ))
    }
}

static XLSX: LoadTarget = LoadTarget::new("xlsx", Container::Xlsx);
static XLS: LoadTarget = LoadTarget::new("xls", Container::Other);
static ODS: LoadTarget = LoadTarget::new("ods", Container::Ods);
static PIPELINE: PipelineTarget = PipelineTarget {
    dict: OnceLock::new(),
};
static RULES: RulesTarget = RulesTarget {
    dict: OnceLock::new(),
};
static TEXT: TextTarget = TextTarget;

#[test]
fn load_xlsx() {
    fuzz(&XLSX);
}

#[test]
fn load_xls() {
    fuzz(&XLS);
}

#[test]
fn load_ods() {
    fuzz(&ODS);
}

#[test]
fn pipeline() {
    fuzz(&PIPELINE);
}

#[test]
fn rules_parser() {
    fuzz(&RULES);
}

#[test]
fn text_decoders() {
    fuzz(&TEXT);
}
