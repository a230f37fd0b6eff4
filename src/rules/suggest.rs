//! "Did you mean" (có phải là…?) for a misspelled key or value of the rules
//! file: the allowed word nearest by edit distance, if near enough.
//!
//! Depends on nothing.

/// The allowed word closest to `word` (ignoring case), if it differs by at
/// most one edit for short words, two for words of five letters or more.
pub(super) fn closest<'a>(word: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    let limit = if word.chars().count() >= 5 { 2 } else { 1 };
    allowed
        .iter()
        .map(|a| (distance(&word, a), *a))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

/// Levenshtein distance, counting characters, an adjacent swap as one edit.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![(0..=b.len()).collect::<Vec<usize>>(); 3];
    for i in 1..=a.len() {
        let (current, before, older) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[current][0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[before][j] + 1)
                .min(rows[current][j - 1] + 1)
                .min(rows[before][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[older][j - 2] + 1);
            }
            rows[current][j] = d;
        }
    }
    rows[a.len() % 3][b.len()]
}

#[cfg(test)]
mod tests {
    use super::{closest, distance};

    #[test]
    fn near_words_are_suggested() {
        assert_eq!(distance("titel", "title"), 1);
        assert_eq!(distance("", "max"), 3);
        assert_eq!(closest("titel", &["code", "title", "max"]), Some("title"));
        assert_eq!(closest("Name", &["name", "year"]), Some("name"));
        assert_eq!(closest("bonnus", &["score", "bonus"]), Some("bonus"));
        assert_eq!(closest("xyz", &["name", "year"]), None);
    }
}
