//! File names as Windows sees them (tên tệp): two names are the same file
//! when they are equal once cleaned to NFC, without invisible characters,
//! and lower-cased — how uploads of the units' files and of the ballots
//! are matched and replaced.
//!
//! Depends on `text` only.

/// Whether two file names name the same file, as Windows sees it: equal
/// once cleaned to NFC (`crate::text::clean`), without zero-width and
/// other invisible characters, and lower-cased.
pub fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

/// The comparison key of a file name: see [`same_name`].
pub(super) fn name_key(name: &str) -> String {
    crate::text::clean(&name.chars().filter(|c| !invisible(*c)).collect::<String>()).to_lowercase()
}

/// Characters that show nothing (Unicode's default-ignorable code
/// points: zero-width spaces and joiners, direction marks, soft hyphen,
/// variation selectors…): two names differing only by them look the same.
pub fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::same_name;

    #[test]
    fn names_are_the_same_as_windows_sees_them() {
        let nfc = "Sở Y tế.xlsx";
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd(nfc).collect();
        assert_ne!(nfc, nfd);
        assert!(same_name(nfc, &nfd));
        assert!(same_name(nfc, "Sở Y\u{200B} tế.xlsx"));
        assert!(same_name(nfc, "S\u{200E}ở Y tế\u{00AD}.xlsx"));
        assert!(same_name(nfc, "SỞ Y TẾ.XLSX"));
        assert!(!same_name(nfc, "Sở Y tế (2).xlsx"));
        assert!(!same_name("a.xlsx", "a.xls"));
    }
}
