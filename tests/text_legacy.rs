//! Legacy Vietnamese encodings: tables, golden files from independent
//! converters, detection without false positives. Random and mutated text
//! is the `text` target of `tests/fuzz.rs`.

use thidua::text::{
    self, Basis, Encoding, FontClass, decide, decode, encode, evidence, font_class, is_syllable,
};

const VOWELS: [[char; 6]; 12] = [
    ['a', 'á', 'à', 'ả', 'ã', 'ạ'],
    ['ă', 'ắ', 'ằ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ấ', 'ầ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'é', 'è', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ế', 'ề', 'ể', 'ễ', 'ệ'],
    ['i', 'í', 'ì', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ó', 'ò', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ố', 'ồ', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ớ', 'ờ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ú', 'ù', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ứ', 'ừ', 'ử', 'ữ', 'ự'],
    ['y', 'ý', 'ỳ', 'ỷ', 'ỹ', 'ỵ'],
];

/// The 134 Vietnamese letters beyond ASCII, lower case and capital.
fn letters() -> Vec<char> {
    let mut out: Vec<char> = VOWELS.iter().flatten().copied().chain(['đ']).collect();
    let upper: Vec<char> = out.iter().flat_map(|c| c.to_uppercase()).collect();
    out.extend(upper);
    out.retain(|c| !c.is_ascii());
    out
}

/// Capitals TCVN3 can hold (besides ASCII).
const TCVN3_CAPITALS: &str = "ĂÂÊÔƠƯĐ";

/// What TCVN3 in a normal font gives back for Unicode text: toned
/// capitals come back lower-case.
fn tcvn3_expected(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_uppercase() && !c.is_ascii() && !TCVN3_CAPITALS.contains(c) {
                c.to_lowercase().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

#[test]
fn there_are_134_letters() {
    assert_eq!(letters().len(), 134);
}

#[test]
fn every_letter_round_trips() {
    for enc in [
        Encoding::Tcvn3,
        Encoding::Vni,
        Encoding::Cp1258,
        Encoding::Viscii,
        Encoding::Vps,
        Encoding::Viqr,
    ] {
        for c in letters() {
            let s = c.to_string();
            let surface = encode(&s, enc).unwrap_or_else(|| panic!("{enc:?} cannot encode {c}"));
            let back = decode(&surface, enc, false).unwrap();
            let expected = if enc == Encoding::Tcvn3 {
                tcvn3_expected(&s)
            } else {
                s.clone()
            };
            assert_eq!(
                back,
                expected,
                "{enc:?} {c} via {surface:?} ({:?})",
                back.chars().map(|c| c as u32).collect::<Vec<_>>()
            );
            if enc == Encoding::Tcvn3 {
                let capital = decode(&surface, enc, true).unwrap();
                assert_eq!(capital, s.to_uppercase(), "H font {c}");
            }
        }
    }
}

#[test]
fn chart_examples() {
    assert_eq!(
        decode("Coäng hoøa", Encoding::Vni, false).unwrap(),
        "Cộng hòa"
    );
    assert_eq!(decode("Ñaûng", Encoding::Vni, false).unwrap(), "Đảng");
    assert_eq!(
        decode("Ban Tæ chøc TØnh ñy", Encoding::Tcvn3, false).unwrap(),
        "Ban Tổ chức Tỉnh ủy"
    );
    assert_eq!(
        decode("Khoái thi ñua", Encoding::Vni, false).unwrap(),
        "Khối thi đua"
    );
    assert_eq!(
        decode("céng hoµ x· héi", Encoding::Tcvn3, true).unwrap(),
        "CỘNG HOÀ XÃ HỘI"
    );
    assert_eq!(
        decode("Vie^.t Nam", Encoding::Viqr, false).unwrap(),
        "Việt Nam"
    );
    // The soft hyphen is ư in TCVN3: kept through decoding, dropped after.
    assert_eq!(
        decode("ng\u{AD}êi", Encoding::Tcvn3, false).unwrap(),
        "người"
    );
    assert_eq!(
        decode("ng\u{AD}êi", Encoding::Unicode, false).unwrap(),
        "ngêi"
    );
    // Cleanup after decoding: NBSP, zero-width, Ð look-alike, NFD.
    assert_eq!(
        decode(
            "\u{D0}a\u{0323}i\u{A0}\u{200B}ho\u{0323}c",
            Encoding::Unicode,
            false
        )
        .unwrap(),
        "Đại học"
    );
    // Characters no legacy byte shows as.
    assert_eq!(decode("Tổng", Encoding::Tcvn3, false), None);
    assert_eq!(decode("Tổng", Encoding::Vni, false), None);
    assert_eq!(decode("Tổng", Encoding::Cp1258, false), None);
}

#[test]
fn font_classes() {
    assert_eq!(font_class(".VnTime"), FontClass::Tcvn3 { capital: false });
    assert_eq!(font_class(".VnTimeH"), FontClass::Tcvn3 { capital: true });
    assert_eq!(font_class(".vnarialh"), FontClass::Tcvn3 { capital: true });
    assert_eq!(font_class("VNI-Times"), FontClass::Vni);
    assert_eq!(font_class("vni-helve"), FontClass::Vni);
    assert_eq!(font_class("VPS Times"), FontClass::Vps);
    assert_eq!(font_class("VISCII Times"), FontClass::Viscii);
    assert_eq!(font_class("VI Arial"), FontClass::Viscii);
    assert_eq!(font_class("Times New Roman"), FontClass::Other);
    assert_eq!(font_class("Vivaldi"), FontClass::Other);
    assert_eq!(font_class(""), FontClass::Other);
}

#[test]
fn encoding_names() {
    for enc in Encoding::ALL {
        assert_eq!(Encoding::parse(enc.as_str()), Some(enc));
        assert!(!enc.label().is_empty());
    }
    assert_eq!(Encoding::parse("ABC"), Some(Encoding::Tcvn3));
    assert_eq!(Encoding::parse("windows-1258"), Some(Encoding::Cp1258));
    assert_eq!(Encoding::parse("latin1"), None);
}

#[test]
fn syllables() {
    for w in [
        "Công", "các", "và", "Phó", "Tổng", "Sở", "Bộ", "Đảng", "người", "nghiệp", "quyết",
        "khuya", "khuỷu", "giữa", "gì", "gìn", "hòa", "hoà", "khỏe", "khoẻ", "thủy", "thuỷ", "Ủy",
        "Uỷ", "xoong", "thuở", "huých", "ngoằn", "oẳn", "yêu", "được", "ĐƯỢC", "tuyển", "Cụng",
        "kỹ", "quý", "của",
    ] {
        assert!(is_syllable(w), "{w}");
    }
    for w in [
        "Tæng",
        "Së",
        "Cơng",
        "cac",
        "cát̀",
        "hàt",
        "kan",
        "ca\u{301}\u{300}",
        "ghang",
        "qua\u{AD}",
        "ngêi",
        "Coäng",
        "hoøa",
        "",
        "1",
        "x",
        "ưn",
        "chiêc",
    ] {
        assert!(!is_syllable(w), "{w}");
    }
}

#[test]
fn evidence_per_reading() {
    let ev = evidence("Tæng hîp kÕt qu¶");
    assert!(!ev.unicode_only && !ev.no_evidence);
    assert_eq!((ev.tcvn3.valid, ev.tcvn3.invalid), (4, 0));
    assert_eq!(ev.unicode.valid, 0);
    let ev = evidence("Công");
    assert!(ev.unicode.clean() && ev.tcvn3.clean());
    assert!(evidence("Tổng hợp").unicode_only);
    assert!(evidence("ban 2024").no_evidence);
    assert!(evidence("").no_evidence);
}

/// Every word of the genuine Unicode corpus.
fn corpus() -> String {
    std::fs::read_to_string("tests/fixtures/text/corpus.txt").unwrap()
}

fn golden(name: &str) -> String {
    std::fs::read_to_string(format!("tests/fixtures/text/{name}")).unwrap()
}

#[test]
fn corpus_words_are_syllables() {
    let corpus = corpus();
    let mut words = 0;
    for w in corpus.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() || w.chars().any(|c| c.is_numeric()) {
            continue;
        }
        // Roman numerals and abbreviations (UBND, HĐND, ...).
        if w.chars().all(|c| "IVX".contains(c)) {
            continue;
        }
        if w.chars().count() > 1 && w.chars().all(|c| c.is_uppercase()) && !is_syllable(w) {
            continue;
        }
        words += 1;
        assert!(is_syllable(w), "not a syllable: {w:?}");
    }
    assert!(words >= 2000, "{words} words");
}

/// Decode a golden file line by line and compare with the corpus.
fn check_golden(file: &str, enc: Encoding, capital: bool, expected: impl Fn(&str) -> String) {
    let corpus = corpus();
    let golden = golden(file);
    let want: Vec<&str> = corpus.lines().collect();
    let got: Vec<&str> = golden.lines().collect();
    assert_eq!(got.len(), want.len(), "{file}: line count");
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        let decoded =
            decode(g, enc, capital).unwrap_or_else(|| panic!("{file}:{}: not {enc:?}", i + 1));
        assert_eq!(decoded, expected(w), "{file}:{}", i + 1);
    }
}

#[test]
fn golden_tcvn3() {
    check_golden("corpus.tcvn3.txt", Encoding::Tcvn3, false, tcvn3_expected);
    check_golden("corpus.tcvn3.txt", Encoding::Tcvn3, true, |w| {
        w.to_uppercase()
    });
}

#[test]
fn golden_vni() {
    check_golden("corpus.vni.txt", Encoding::Vni, false, str::to_string);
}

#[test]
fn golden_cp1258() {
    check_golden("corpus.cp1258.txt", Encoding::Cp1258, false, str::to_string);
}

#[test]
fn golden_nfd() {
    check_golden("corpus.nfd.txt", Encoding::Unicode, false, str::to_string);
}

#[test]
fn golden_viscii() {
    check_golden("corpus.viscii.txt", Encoding::Viscii, false, str::to_string);
}

#[test]
fn golden_vps() {
    check_golden("corpus.vps.txt", Encoding::Vps, false, str::to_string);
}

#[test]
fn our_encoders_match_the_goldens() {
    let corpus = corpus();
    for (file, enc) in [
        ("corpus.tcvn3.txt", Encoding::Tcvn3),
        ("corpus.vni.txt", Encoding::Vni),
        ("corpus.viscii.txt", Encoding::Viscii),
        ("corpus.vps.txt", Encoding::Vps),
    ] {
        let golden = golden(file);
        for (i, (g, w)) in golden.lines().zip(corpus.lines()).enumerate() {
            assert_eq!(encode(w, enc).as_deref(), Some(g), "{file}:{}", i + 1);
        }
    }
}

/// Cut text into cells of `n` words (0 = whole lines).
fn cells(text: &str, n: usize) -> Vec<String> {
    if n == 0 {
        return text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(String::from)
            .collect();
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    words.chunks(n).map(|c| c.join(" ")).collect()
}

/// Run cells through decide + decode; count cells whose text changed.
fn changes(cells: &[String], font: FontClass) -> (usize, Vec<String>) {
    let group: Vec<(&str, FontClass)> = cells.iter().map(|c| (c.as_str(), font)).collect();
    let d = decide(&group);
    let mut changed = Vec::new();
    for (c, choice) in cells.iter().zip(&d.cells) {
        let out = choice.apply(c);
        if out != text::clean(c) {
            changed.push(format!("{c} → {out} ({:?})", choice.encoding));
        }
    }
    (changed.len(), changed)
}

#[test]
fn genuine_unicode_is_never_converted() {
    let corpus = corpus();
    for n in [1, 2, 0] {
        let cells = cells(&corpus, n);
        // As its own column (also typed into legacy-font templates), and
        // each cell alone.
        for font in [
            FontClass::Other,
            FontClass::Tcvn3 { capital: false },
            FontClass::Vni,
        ] {
            let (count, changed) = changes(&cells, font);
            assert_eq!(count, 0, "{n}-word cells in {font:?}: {changed:?}");
            let group: Vec<(&str, FontClass)> = cells.iter().map(|c| (c.as_str(), font)).collect();
            let d = decide(&group);
            println!(
                "unicode {}-word cells in {font:?}: {} cells, 0 changed, {} uncertain",
                if n == 0 {
                    "line".to_string()
                } else {
                    n.to_string()
                },
                cells.len(),
                d.uncertain.len()
            );
        }
        for c in &cells {
            let (count, changed) = changes(std::slice::from_ref(c), FontClass::Other);
            assert_eq!(count, 0, "{changed:?}");
        }
    }
    // The NFD form is composed, never taken for a legacy encoding.
    let nfd = golden("corpus.nfd.txt");
    let nfd_cells = cells(&nfd, 2);
    let group: Vec<(&str, FontClass)> = nfd_cells
        .iter()
        .map(|c| (c.as_str(), FontClass::Other))
        .collect();
    let d = decide(&group);
    assert_eq!(d.converted, 0);
    for (c, choice) in nfd_cells.iter().zip(&d.cells) {
        assert_eq!(choice.apply(c), text::clean(c));
    }
}

#[test]
fn tricky_words_stay_unless_their_own_legacy_font_says_otherwise() {
    let tricky = [
        "Công",
        "các",
        "Phó",
        "và",
        "Tổng",
        "Sở",
        "Bộ",
        "Đảng",
        "hoà",
        "toàn",
        "Chủ tịch",
    ];
    for font in [
        FontClass::Tcvn3 { capital: false },
        FontClass::Tcvn3 { capital: true },
        FontClass::Vni,
        FontClass::Other,
    ] {
        // Alone, among genuine legacy cells, and among Unicode cells.
        let legacy_cells = match font {
            FontClass::Vni => vec!["Coäng taùc thi ñua", "Ban Toå chöùc", "Khoái thi ñua soá 5"],
            _ => vec![
                "Ban Tæ chøc TØnh ñy",
                "Tæng hîp kÕt qu¶",
                "Khèi thi ®ua sè 5",
            ],
        };
        for w in tricky {
            for others in [
                vec![],
                legacy_cells.clone(),
                vec!["Sở Nội vụ", "Công an tỉnh"],
            ] {
                let mut group: Vec<(&str, FontClass)> = others.iter().map(|c| (*c, font)).collect();
                group.push((w, font));
                let d = decide(&group);
                let last = d.cells.last().unwrap();
                // The one exception, by design: a Latin-1-only word in a
                // legacy-font cell of a column that unambiguous cells show
                // to be legacy is read as its author saw it on screen
                // ("Công" in .VnTime displays as "Cụng").
                let legacy_font_in_legacy_column = others == legacy_cells
                    && font != FontClass::Other
                    && w.chars().all(|c| (c as u32) < 0x100);
                if legacy_font_in_legacy_column {
                    let enc = font.encoding().unwrap();
                    let capital = matches!(font, FontClass::Tcvn3 { capital: true });
                    let reading = decode(w, enc, capital).unwrap();
                    let changed = decode(w, enc, false).unwrap() != w;
                    let valid = reading.split(' ').all(text::is_syllable);
                    let want = if valid && changed {
                        reading
                    } else {
                        w.to_string()
                    };
                    assert_eq!(last.apply(w), want, "{w} in {font:?}");
                    continue;
                }
                assert_eq!(
                    last.encoding,
                    Encoding::Unicode,
                    "{w} in {font:?} with {others:?}"
                );
                assert_eq!(last.apply(w), w);
            }
        }
    }
}

#[test]
fn one_word_legacy_cells_follow_the_column() {
    let tcvn3 = FontClass::Tcvn3 { capital: false };
    let group = [
        ("Ban Tæ chøc TØnh ñy", tcvn3),
        ("Tæng hîp kÕt qu¶ chÊm ®iÓm", tcvn3),
        ("Tæng", tcvn3),
        ("Së", tcvn3),
        ("Khèi", tcvn3),
        ("STT", tcvn3),
        // "Sè" (Số) also reads as a Unicode syllable; in a .VnTime cell of a
        // TCVN3 column the author saw "Số": converted.
        ("Sè", tcvn3),
    ];
    let d = decide(&group);
    assert_eq!(d.group, Some(Encoding::Tcvn3));
    let out: Vec<String> = group
        .iter()
        .zip(&d.cells)
        .map(|((s, _), c)| c.apply(s))
        .collect();
    assert_eq!(
        out,
        [
            "Ban Tổ chức Tỉnh ủy",
            "Tổng hợp kết quả chấm điểm",
            "Tổng",
            "Sở",
            "Khối",
            "STT",
            "Số"
        ]
    );
    assert_eq!(d.cells[0].basis, Basis::Content);
    assert_eq!(d.cells[5].basis, Basis::NoEvidence);
    assert_eq!(d.uncertain, [] as [usize; 0]);
    // Without any font, the one-word cells follow the column's vote.
    let plain: Vec<(&str, FontClass)> = group.iter().map(|(s, _)| (*s, FontClass::Other)).collect();
    let d = decide(&plain);
    let out: Vec<String> = plain
        .iter()
        .zip(&d.cells)
        .map(|((s, _), c)| c.apply(s))
        .collect();
    assert_eq!(out[2..5], ["Tổng", "Sở", "Khối"]);
    // The H font draws capitals.
    let h = FontClass::Tcvn3 { capital: true };
    let d = decide(&[("céng hoµ x· héi chñ nghÜa viÖt nam", h)]);
    assert_eq!(
        d.cells[0].apply("céng hoµ x· héi chñ nghÜa viÖt nam"),
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    );
}

#[test]
fn vni_column() {
    let group = [
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", FontClass::Vni),
        ("Ñaûng uûy", FontClass::Vni),
        ("Ñaûng", FontClass::Vni),
        ("Sôû", FontClass::Vni),
    ];
    let d = decide(&group);
    let out: Vec<String> = group
        .iter()
        .zip(&d.cells)
        .map(|((s, _), c)| c.apply(s))
        .collect();
    assert_eq!(
        out,
        [
            "Cộng hòa xã hội chủ nghĩa Việt Nam",
            "Đảng ủy",
            "Đảng",
            "Sở"
        ]
    );
}

#[test]
fn a_mixed_column_reports_conflicts() {
    // TCVN3 and VNI cells in one column, and Unicode words that also read
    // as TCVN3 ("Công" → "Cụng").
    let group = [
        ("Tæng hîp kÕt qu¶", FontClass::Other),
        ("Ban Tæ chøc TØnh ñy", FontClass::Other),
        ("Khèi thi ®ua", FontClass::Other),
        ("Coäng hoøa xaõ hoäi", FontClass::Other),
        ("Công", FontClass::Other),
    ];
    let d = decide(&group);
    assert_eq!(d.group, Some(Encoding::Tcvn3));
    assert_eq!(d.cells[3].encoding, Encoding::Vni);
    assert!(d.uncertain.contains(&3), "{:?}", d.uncertain);
    assert!(d.uncertain.contains(&4), "{:?}", d.uncertain);
    assert_eq!(d.cells[4].encoding, Encoding::Unicode);
    assert!(!d.uncertain.contains(&0));
}

#[test]
fn viscii_and_vps_only_by_font() {
    let s = encode("Thi đua khen thưởng", Encoding::Viscii).unwrap();
    let d = decide(&[(&s, FontClass::Other)]);
    assert_eq!(d.cells[0].encoding, Encoding::Unicode);
    let d = decide(&[(&s, FontClass::Viscii)]);
    assert_eq!(d.cells[0].apply(&s), "Thi đua khen thưởng");
    let s = encode("Thi đua khen thưởng", Encoding::Vps).unwrap();
    let d = decide(&[(&s, FontClass::Vps)]);
    assert_eq!(d.cells[0].apply(&s), "Thi đua khen thưởng");
    // Unicode typed into a VPS-font cell stays.
    let d = decide(&[("Thi đua", FontClass::Vps), ("các", FontClass::Vps)]);
    assert!(d.cells.iter().all(|c| c.encoding == Encoding::Unicode));
}

#[test]
fn convert_lines() {
    assert_eq!(
        text::convert_line("Tæng hîp kÕt qu¶", None),
        "Tổng hợp kết quả"
    );
    assert_eq!(text::convert_line("Coäng hoøa", None), "Cộng hòa");
    assert_eq!(text::convert_line("Công các Phó", None), "Công các Phó");
    assert_eq!(
        text::convert_line("Vie^.t Nam", Some(Encoding::Viqr)),
        "Việt Nam"
    );
    assert_eq!(text::convert_line("Vie^.t Nam", None), "Vie^.t Nam");
    assert_eq!(text::convert_line("Tổng", Some(Encoding::Tcvn3)), "Tổng");
}

/// Share of legacy cells recovered exactly by decide + decode, per cell
/// size, for a golden file read as a column in `font` (TCVN3 compared with
/// its normal-font form).
fn recovery(
    file: &str,
    font: FontClass,
    n: usize,
    expected: fn(&str) -> String,
) -> (usize, usize, usize, usize) {
    let corpus = corpus();
    let golden = golden(file);
    let want = cells(&corpus, n);
    let got = cells(&golden, n);
    assert_eq!(want.len(), got.len());
    let group: Vec<(&str, FontClass)> = got.iter().map(|c| (c.as_str(), font)).collect();
    let d = decide(&group);
    let mut exact = 0;
    let mut silent = 0;
    let mut shown = 0;
    for ((g, w), choice) in got.iter().zip(&want).zip(&d.cells) {
        let out = choice.apply(g);
        if out == expected(w) {
            exact += 1;
        } else if !choice.uncertain {
            silent += 1;
        }
        if out == expected(w) {
        } else if shown < 12 && std::env::var("SHOW_MISSES").is_ok() {
            shown += 1;
            println!(
                "  miss: {g:?} → {out:?} ({:?}, {:?}), want {:?}",
                choice.encoding,
                choice.basis,
                expected(w)
            );
        }
    }
    (exact, want.len(), d.uncertain.len(), silent)
}

#[test]
fn legacy_columns_are_recovered() {
    for (file, enc, font, expected) in [
        (
            "corpus.tcvn3.txt",
            Encoding::Tcvn3,
            FontClass::Tcvn3 { capital: false },
            tcvn3_expected as fn(&str) -> String,
        ),
        (
            "corpus.vni.txt",
            Encoding::Vni,
            FontClass::Vni,
            str::to_string as fn(&str) -> String,
        ),
        (
            "corpus.cp1258.txt",
            Encoding::Cp1258,
            FontClass::Other,
            str::to_string as fn(&str) -> String,
        ),
    ] {
        for font in [font, FontClass::Other] {
            for n in [0, 2, 1] {
                let (exact, total, uncertain, silent) = recovery(file, font, n, expected);
                println!(
                    "{} in {font:?}, {}-word cells: {exact}/{total} exact ({:.1}%), {uncertain} uncertain, {silent} wrong and not reported",
                    enc.as_str(),
                    if n == 0 {
                        "line".to_string()
                    } else {
                        n.to_string()
                    },
                    100.0 * exact as f64 / total as f64
                );
                let floor = match n {
                    0 => 1.0,
                    2 => 0.97,
                    _ => 0.90,
                };
                assert!(
                    exact as f64 >= floor * total as f64,
                    "{file} {font:?} {n}: {exact}/{total}"
                );
            }
        }
    }
}
