//! Font names of cells and rich-text runs, read from files written by
//! other programs (xlwt, LibreOffice, openpyxl, a hand-made BIFF5 file; see
//! scripts/fixtures_fonts.py), through the public `read` API only.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use thidua::read::{Cell, Format, Run, Sheet, Value, Workbook, load_bytes, read_file};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/read/fonts")
        .join(name)
}

fn load(name: &str) -> Workbook {
    match read_file(&fixture(name)) {
        Ok(loaded) => loaded.workbook,
        Err(e) => panic!("{name}: {}", e.message()),
    }
}

fn sheet<'a>(workbook: &'a Workbook, name: &str) -> &'a Sheet {
    workbook
        .sheets
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

/// The cell at an A1 address such as "C4".
fn at<'a>(sheet: &'a Sheet, a1: &str) -> &'a Cell {
    let letters: String = a1.chars().take_while(char::is_ascii_alphabetic).collect();
    let row: u32 = a1[letters.len()..].parse().expect("row number");
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1));
    sheet.get(row - 1, col - 1)
}

fn font<'a>(sheet: &'a Sheet, a1: &str) -> Option<&'a str> {
    at(sheet, a1).font.as_deref()
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn runs(pieces: &[(&str, &str)]) -> Option<Vec<Run>> {
    Some(
        pieces
            .iter()
            .map(|(text, font)| Run {
                text: text.to_string(),
                font: Some(font.to_string()),
            })
            .collect(),
    )
}

/// What fonts.xls holds, whichever program saved it last.
fn check_fonts_xls(name: &str) {
    let workbook = load(name);
    let s = sheet(&workbook, "Bảng điểm");
    assert_eq!(at(s, "A1").value, text("Së Y tÕ"), "{name}");
    assert_eq!(font(s, "A1"), Some(".VnTime"), "{name}");
    assert_eq!(at(s, "A2").value, text("b¶ng ®iÓm"), "{name}");
    assert_eq!(font(s, "A2"), Some(".VnTimeH"), "{name}");
    assert_eq!(at(s, "A3").value, text("Coäng hoøa - Ñaûng"), "{name}");
    assert_eq!(font(s, "A3"), Some("VNI-Times"), "{name}");
    assert_eq!(at(s, "A4").value, text("Sở Y tế"), "{name}");
    assert_eq!(font(s, "A4"), Some("Times New Roman"), "{name}");
    assert_eq!(font(s, "A5"), Some("Arial"), "{name}");
    // Numbers and formulas carry fonts too.
    assert_eq!(at(s, "B1").value, Value::Number(95.5), "{name}");
    assert_eq!(font(s, "B1"), Some(".VnTime"), "{name}");
    assert_eq!(font(s, "B2"), Some("VNI-Times"), "{name}");
    assert_eq!(font(s, "B3"), Some("Times New Roman"), "{name}");
    // Rich text in two fonts: the pieces, the first run's font.
    assert_eq!(at(s, "A6").value, text("UBND ThÞ trÊn"), "{name}");
    assert_eq!(
        at(s, "A6").runs,
        runs(&[("UBND ", "Times New Roman"), ("ThÞ trÊn", ".VnTime")]),
        "{name}"
    );
    assert_eq!(font(s, "A6"), Some("Times New Roman"), "{name}");
    // Rich text in one font (bold or not): that font, no runs.
    assert_eq!(at(s, "A7").value, text("Së Y tÕ"), "{name}");
    assert_eq!(at(s, "A7").runs, None, "{name}");
    assert_eq!(font(s, "A7"), Some(".VnTime"), "{name}");
    // Plain cells have no runs.
    assert!(s.cells.iter().filter(|c| c.runs.is_some()).count() == 1);
    // The second sheet is matched by order.
    let p = sheet(&workbook, "Phụ lục");
    assert_eq!(font(p, "B2"), Some("VNI-Times"), "{name}");
    assert_eq!(font(p, "C3"), Some("Arial"), "{name}");
}

#[test]
fn xls_fonts_written_by_xlwt() {
    check_fonts_xls("fonts.xls");
}

#[test]
fn xls_fonts_saved_again_by_libreoffice() {
    check_fonts_xls("fonts_lo.xls");
}

#[test]
fn xlsx_rich_text_runs() {
    let workbook = load("rich.xlsx");
    let s = sheet(&workbook, "Bảng điểm");
    let a1 = runs(&[("Sở Y tế ", "Times New Roman"), ("Së Y tÕ", ".VnTime")]);
    assert_eq!(at(s, "A1").value, text("Sở Y tế Së Y tÕ"));
    assert_eq!(at(s, "A1").runs, a1);
    assert_eq!(font(s, "A1"), Some("Times New Roman"));
    assert_eq!(at(s, "B5").runs, a1);
    // A plain cell in a legacy font: its style's font, no runs.
    assert_eq!(font(s, "A2"), Some(".VnTime"));
    assert_eq!(at(s, "A2").runs, None);
    // A run without a font of its own is in the cell's font.
    assert_eq!(
        at(s, "A3").runs,
        runs(&[
            ("UBND ", "Times New Roman"),
            ("Coäng hoøa - Ñaûng", "VNI-Times")
        ])
    );
    // Runs all in one font: that font, no runs.
    assert_eq!(at(s, "A4").value, text("Së Y tÕ"));
    assert_eq!((font(s, "A4"), &at(s, "A4").runs), (Some(".VnTime"), &None));
    let p = sheet(&workbook, "Phụ lục");
    assert_eq!(
        at(p, "C3").runs,
        runs(&[("b¶ng ®iÓm", ".VnTimeH"), (" 2024", "Arial")])
    );
    assert_eq!(font(p, "C3"), Some(".VnTimeH"));
}

#[test]
fn biff5_in_code_page_1258_reads_as_its_1252_surface() {
    let workbook = load("biff5_cp1258.xls");
    let s = sheet(&workbook, "Bang diem");
    // The same surface as the BIFF8 files hold for the same bytes.
    assert_eq!(at(s, "A1").value, text("Së Y tÕ"));
    assert_eq!(font(s, "A1"), Some(".VnTime"));
    assert_eq!(at(s, "A2").value, text("b¶ng ®iÓm"));
    assert_eq!(font(s, "A2"), Some(".VnTimeH"));
    assert_eq!(at(s, "A3").value, text("Coäng hoøa - Ñaûng"));
    assert_eq!(font(s, "A3"), Some("VNI-Times"));
    assert_eq!(at(s, "A4").value, text("UBND ThÞ trÊn"));
    assert_eq!(
        at(s, "A4").runs,
        runs(&[("UBND ", "Arial"), ("ThÞ trÊn", ".VnTime")])
    );
    assert_eq!(at(s, "A5").value, text("Tong"));
    assert_eq!(font(s, "A5"), Some("Arial"));
    assert_eq!(at(s, "B1").value, Value::Number(95.5));
    assert_eq!(font(s, "B1"), Some(".VnTime"));
}

/// A small deterministic generator (xorshift), for damage that is the
/// same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Panics raised in this crate's own code. The reader turns any panic
/// into an "unreadable file" error, so the hook counts them instead.
static OWN_PANICS: AtomicUsize = AtomicUsize::new(0);

/// Truncated and bit-flipped .xls files read without a panic in our code
/// and quickly; whatever is read has cells whose runs make up their text.
#[test]
fn damaged_xls_files_do_not_panic() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let ours = info
            .location()
            .is_some_and(|l| l.file().replace('\\', "/").starts_with("src/"));
        if ours {
            OWN_PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }
    }));
    let mut rng = Rng(0x5EED_F0A7);
    for name in ["fonts.xls", "fonts_lo.xls", "biff5_cp1258.xls"] {
        let bytes = std::fs::read(fixture(name)).expect("fixture");
        let mut variants: Vec<Vec<u8>> = Vec::new();
        for _ in 0..40 {
            variants.push(bytes[..rng.below(bytes.len())].to_vec());
        }
        for _ in 0..160 {
            let mut damaged = bytes.clone();
            // Flips in the workbook stream, past the compound file's
            // header and directory, where the records are.
            for _ in 0..1 + rng.below(8) {
                let at = 1024 + rng.below(damaged.len() - 1024);
                damaged[at] ^= 1 << rng.below(8);
            }
            variants.push(damaged);
        }
        for damaged in variants {
            let Ok(loaded) = load_bytes(&damaged) else {
                continue;
            };
            assert_eq!(loaded.format, Format::Xls);
            for cell in loaded.workbook.sheets.iter().flat_map(|s| s.cells.iter()) {
                if let (Some(runs), Value::Text(t)) = (&cell.runs, &cell.value) {
                    let joined: String = runs.iter().map(|r| r.text.as_str()).collect();
                    assert_eq!(&joined, t);
                }
            }
        }
    }
    assert_eq!(OWN_PANICS.load(Ordering::SeqCst), 0);
}

#[test]
fn ods_cell_fonts_from_libreoffice_cell_styles() {
    // fonts.xls saved as .ods by LibreOffice: fonts now in cell styles.
    let wb = load("fonts.ods");
    let s = sheet(&wb, "Bảng điểm");
    assert_eq!(at(s, "A1").value, text("Së Y tÕ"));
    assert_eq!(font(s, "A1"), Some(".VnTime"));
    assert_eq!(font(s, "A2"), Some(".VnTimeH"));
    assert_eq!(font(s, "A3"), Some("VNI-Times"));
    assert_eq!(font(s, "A4"), Some("Times New Roman"));
    assert_eq!(font(s, "A5"), Some("Arial"));
    assert_eq!(font(s, "B1"), Some(".VnTime"));
    assert_eq!(font(s, "B2"), Some("VNI-Times"));
    assert_eq!(font(s, "B3"), Some("Times New Roman"));
    // Rich text: spans in text styles become runs.
    assert_eq!(
        at(s, "A6").runs,
        runs(&[("UBND ", "Times New Roman"), ("ThÞ trÊn", ".VnTime")])
    );
    assert_eq!(font(s, "A6"), Some("Times New Roman"));
    // All in .VnTime, one part bold: one font, no runs.
    assert_eq!(at(s, "A7").runs, None);
    assert_eq!(font(s, "A7"), Some(".VnTime"));
    let s = sheet(&wb, "Phụ lục");
    assert_eq!(font(s, "B2"), Some("VNI-Times"));
    assert_eq!(font(s, "C3"), Some("Arial"));
}
