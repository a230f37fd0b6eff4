//! What a row says about itself in words (nhãn, điểm tối đa ghi bằng chữ):
//! criterion labels in the forms units type them ("I", "1.", "01", "1.1",
//! "a)", "đ)", "(a)", "Tiêu chí 1:", "Mục II"), bullets ("-", "+", "•",
//! "*", "–"), a label typed at the start of the title ("1. Hoàn thành…"),
//! and a maximum written in the title ("… (5 điểm)") or as text
//! ("19,5 điểm").
//!
//! Part of `check`; depends on `text` and `score` only.

use crate::score::Score;
use crate::text;

/// What the label column (or the start of a title) holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Nothing that reads as a label.
    None,
    /// A criterion label, normalised: "I", "1", "1.1", "a", "đ", "III.2.a".
    Label(String),
    /// A bullet: the row is an item of the list it sits in, named by its
    /// title alone.
    Bullet,
}

/// Characters units use as bullets.
const BULLETS: &[char] = &[
    '-', '+', '•', '*', '–', '—', '·', '○', '●', '◦', '▪', '■', '►', '✓', '❖', '→', '⁃',
];

/// Words that may stand before a label: "Tiêu chí 1", "Mục II", "Phần A".
const LABEL_WORDS: &[&str] = &[
    "tieu chi",
    "noi dung",
    "chi tieu",
    "tieu chuan",
    "muc",
    "phan",
    "dieu",
];

/// The label typed in a cell of its own (the STT column), or `None` when
/// the text is not a label (a long text, a title).
pub fn parse_label(raw: &str) -> Mark {
    let t = raw.trim();
    if t.is_empty() {
        return Mark::None;
    }
    if is_bullet(t) {
        return Mark::Bullet;
    }
    match normalise(t) {
        Some(label) => Mark::Label(label),
        None => Mark::None,
    }
}

/// A bullet alone, possibly followed by ")" or ".": "-", "+)", "•".
fn is_bullet(t: &str) -> bool {
    let mut chars = t.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest: String = chars.collect();
    BULLETS.contains(&first) && matches!(rest.trim(), "" | ")" | ".")
}

/// "I." → "I"; "(a)" → "a"; "01" → "1"; "1.1." → "1.1"; "Tiêu chí 2:" → "2";
/// `None` if it is not a label.
fn normalise(t: &str) -> Option<String> {
    let mut s = t.trim();
    if let Some(inner) = s.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        s = inner.trim();
    }
    s = s.trim_end_matches(['.', ')', ':', ' ']);
    s = s.trim_start_matches('(').trim();
    // A word before the label: "Tiêu chí 1", "MỤC II".
    let folded = text::fold(s);
    for word in LABEL_WORDS {
        if let Some(rest) = folded.strip_prefix(word)
            && rest.starts_with(' ')
        {
            // Same number of words dropped from the original text.
            let n = word.split(' ').count();
            let original: Vec<&str> = s.split_whitespace().collect();
            if original.len() == n + 1 {
                s = original[n];
                s = s.trim_end_matches(['.', ')', ':']);
            }
            break;
        }
    }
    if s.is_empty() || s.chars().count() > 12 {
        return None;
    }
    let segments: Vec<&str> = s.split('.').collect();
    let mut out = Vec::with_capacity(segments.len());
    for seg in &segments {
        out.push(segment(seg)?);
    }
    Some(out.join("."))
}

/// One segment of a label: digits (leading zeros dropped), a roman
/// numeral, a letter (đ included), or digits followed by one letter ("1a").
fn segment(seg: &str) -> Option<String> {
    if seg.is_empty() {
        return None;
    }
    if seg.bytes().all(|b| b.is_ascii_digit()) {
        let trimmed = seg.trim_start_matches('0');
        return Some(if trimmed.is_empty() { "0" } else { trimmed }.to_string());
    }
    if is_roman(seg) {
        return Some(seg.to_string());
    }
    let mut chars = seg.chars();
    let first = chars.next()?;
    if chars.next().is_none() && is_label_letter(first) {
        return Some(first.to_string());
    }
    // "1a", "2b": a number with a letter; "a1", "C12": a letter with a
    // number (items of section a, b, C).
    let digits: String = seg.chars().take_while(char::is_ascii_digit).collect();
    let rest: Vec<char> = seg.chars().skip(digits.len()).collect();
    if !digits.is_empty() && rest.len() == 1 && is_label_letter(rest[0]) {
        return Some(format!("{}{}", digits.trim_start_matches('0'), rest[0]));
    }
    let mut chars = seg.chars();
    if let Some(letter) = chars.next().filter(|c| is_label_letter(*c)) {
        let number: String = chars.collect();
        if !number.is_empty() && number.len() <= 3 && number.bytes().all(|b| b.is_ascii_digit()) {
            return Some(format!("{letter}{number}"));
        }
    }
    None
}

fn is_label_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, 'đ' | 'Đ')
}

fn is_roman(s: &str) -> bool {
    s.len() <= 6 && (s.chars().all(|c| "IVX".contains(c)) || s.chars().all(|c| "ivx".contains(c)))
}

/// A label or bullet typed at the start of a title, and the rest:
/// "1. Hoàn thành…" → (Label "1", "Hoàn thành…"); "- Trưởng khối" →
/// (Bullet, "Trưởng khối"); "a) Công đoàn" → (Label "a", "Công đoàn").
/// A label must be followed by ".", ")" or ":" (so "5 năm liền" keeps its
/// number); a bullet by a space.
pub fn split_title(title: &str) -> (Mark, String) {
    let t = title.trim();
    let mut chars = t.char_indices();
    if let Some((_, first)) = chars.next()
        && BULLETS.contains(&first)
    {
        let rest = &t[first.len_utf8()..];
        let rest = rest.strip_prefix(')').unwrap_or(rest);
        if rest.starts_with(char::is_whitespace) && !rest.trim().is_empty() {
            return (Mark::Bullet, rest.trim().to_string());
        }
        return (Mark::None, t.to_string());
    }
    // "Tiêu chí 1:", "TIÊU CHÍ 1.", "Nội dung 2:" before the title proper.
    let words: Vec<(usize, &str)> = word_offsets(t);
    for n in [3usize, 2, 1] {
        // The head ends as its last word does.
        if words.len() <= n || !words[n - 1].1.ends_with([':', '.', ')']) {
            continue;
        }
        let head = words[..n]
            .iter()
            .map(|(_, w)| *w)
            .collect::<Vec<_>>()
            .join(" ");
        if head.ends_with([':', '.', ')'])
            && let Mark::Label(l) = parse_label(&head)
            && (n == 1 || LABEL_WORDS.iter().any(|w| text::fold(&head).starts_with(w)))
        {
            return (Mark::Label(l), t[words[n].0..].trim().to_string());
        }
    }
    // "1.Hoàn thành" (no space after the dot), "a)Công đoàn".
    if let Some(pos) = t.find(['.', ')'])
        && pos > 0
        && pos <= 8
        && !t[pos + 1..].starts_with(|c: char| c.is_ascii_digit())
        && t[pos + 1..].trim_start().starts_with(char::is_alphabetic)
        && let Mark::Label(l) = parse_label(&t[..pos])
    {
        return (Mark::Label(l), t[pos + 1..].trim().to_string());
    }
    (Mark::None, t.to_string())
}

/// The words of a text with their byte offsets.
fn word_offsets(t: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in t.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &t[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &t[s..]));
    }
    out
}

/// A number followed by the word "điểm" or "đ": "19,5 điểm", "5đ", "5 điểm",
/// or a plain number. `None` for anything else.
pub fn number_with_unit(raw: &str) -> Option<Score> {
    let t = text::clean(raw);
    if let Some(s) = Score::parse(&t) {
        return Some(s);
    }
    let lower = t.to_lowercase();
    let number = lower
        .strip_suffix("điểm")
        .or_else(|| lower.strip_suffix("đ."))
        .or_else(|| lower.strip_suffix('đ'))?;
    Score::parse(number.trim())
}

/// A maximum written in parentheses in a title — "(5 điểm)", "(1,5đ)",
/// "(tối đa 5 điểm)", "(điểm tối đa 40)", "(cộng 3 điểm)" — and the title
/// without it. Rates such as "(trừ 0,5 điểm/lần)" are not maxima.
pub fn max_in_title(title: &str) -> (Option<Score>, String) {
    let mut found = None;
    let mut out = String::with_capacity(title.len());
    let mut rest = title;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inner = &rest[open + 1..close];
        match max_phrase(inner) {
            Some(v) if found.is_none() => {
                found = Some(v);
                out.push_str(&rest[..open]);
            }
            _ => out.push_str(&rest[..=close]),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    let cleaned = text::clean(&out);
    let cleaned = cleaned
        .trim_end_matches([':', ',', ';', '-', '–'])
        .trim()
        .to_string();
    (found, cleaned)
}

/// The maximum a parenthesised phrase states, if it states one.
fn max_phrase(inner: &str) -> Option<Score> {
    let folded = text::fold(inner);
    if inner.contains('/') || folded.contains("tru") || folded.contains("moi") {
        return None;
    }
    let mut words: Vec<&str> = inner.split_whitespace().collect();
    // Leading words that announce a maximum.
    let prefixes = [
        "toi da",
        "diem toi da",
        "cong",
        "duoc cong",
        "toi da la",
        "diem",
    ];
    let folded_words: Vec<String> = words.iter().map(|w| text::fold(w)).collect();
    let mut skip = 0;
    for p in prefixes {
        let n = p.split(' ').count();
        if folded_words.len() > n && folded_words[..n].join(" ") == p {
            skip = skip.max(n);
        }
    }
    words.drain(..skip);
    let joined = words.join(" ");
    let joined = joined.trim_end_matches([':', '.']).trim();
    let value = number_with_unit(joined)?;
    // A bare number in parentheses ("(2)") is a numbering, not a maximum.
    (skip > 0 || Score::parse(joined).is_none()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(s: &str) -> Mark {
        Mark::Label(s.to_string())
    }

    #[test]
    fn labels_in_every_form_units_type() {
        assert_eq!(parse_label("I"), label("I"));
        assert_eq!(parse_label("II."), label("II"));
        assert_eq!(parse_label("1."), label("1"));
        assert_eq!(parse_label("01"), label("1"));
        assert_eq!(parse_label("1.1."), label("1.1"));
        assert_eq!(parse_label("a)"), label("a"));
        assert_eq!(parse_label("đ)"), label("đ"));
        assert_eq!(parse_label("(b)"), label("b"));
        assert_eq!(parse_label("III.2.a"), label("III.2.a"));
        assert_eq!(parse_label("Tiêu chí 1:"), label("1"));
        assert_eq!(parse_label("TIÊU CHÍ 2"), label("2"));
        assert_eq!(parse_label("Mục II"), label("II"));
        assert_eq!(parse_label("A"), label("A"));
        assert_eq!(parse_label("b3"), label("b3"));
        assert_eq!(parse_label("C1"), label("C1"));
        assert_eq!(parse_label("a4.1"), label("a4.1"));
        assert_eq!(parse_label("27a"), label("27a"));
        for b in ["-", "+", "•", "*", "–", "+)", "—"] {
            assert_eq!(parse_label(b), Mark::Bullet, "{b}");
        }
        assert_eq!(parse_label("Tổng cộng"), Mark::None);
        assert_eq!(parse_label(""), Mark::None);
        assert_eq!(parse_label("Đơn vị thực hiện"), Mark::None);
    }

    #[test]
    fn a_label_at_the_start_of_a_title() {
        assert_eq!(
            split_title("1. Hoàn thành chỉ tiêu"),
            (label("1"), "Hoàn thành chỉ tiêu".into())
        );
        assert_eq!(
            split_title("a) Công đoàn cơ sở"),
            (label("a"), "Công đoàn cơ sở".into())
        );
        assert_eq!(
            split_title("- Trưởng khối"),
            (Mark::Bullet, "Trưởng khối".into())
        );
        assert_eq!(
            split_title("+ Được tặng Cờ thi đua"),
            (Mark::Bullet, "Được tặng Cờ thi đua".into())
        );
        assert_eq!(
            split_title("TIÊU CHÍ 1: Công tác tuyên truyền"),
            (label("1"), "Công tác tuyên truyền".into())
        );
        assert_eq!(
            split_title("I. THỰC HIỆN NHIỆM VỤ"),
            (label("I"), "THỰC HIỆN NHIỆM VỤ".into())
        );
        assert_eq!(
            split_title("1.2. Cải cách hành chính"),
            (label("1.2"), "Cải cách hành chính".into())
        );
        assert_eq!(
            split_title("5 năm liền hoàn thành"),
            (Mark::None, "5 năm liền hoàn thành".into())
        );
        assert_eq!(
            split_title("Tổng cộng (I+II)"),
            (Mark::None, "Tổng cộng (I+II)".into())
        );
        assert_eq!(split_title("-5 điểm"), (Mark::None, "-5 điểm".into()));
    }

    #[test]
    fn maxima_written_in_words() {
        assert_eq!(number_with_unit("19,5 điểm"), Score::parse("19,5"));
        assert_eq!(number_with_unit("5đ"), Score::parse("5"));
        assert_eq!(number_with_unit(" 10 "), Score::parse("10"));
        assert_eq!(number_with_unit("đạt"), None);
        assert_eq!(
            max_in_title("Tổ chức sinh hoạt chính trị (5 điểm)"),
            (Score::parse("5"), "Tổ chức sinh hoạt chính trị".into())
        );
        assert_eq!(
            max_in_title("Công tác tham mưu (điểm tối đa 40)"),
            (Score::parse("40"), "Công tác tham mưu".into())
        );
        assert_eq!(
            max_in_title("Tuyên truyền (1,5đ):"),
            (Score::parse("1,5"), "Tuyên truyền".into())
        );
        assert_eq!(
            max_in_title("Chậm báo cáo (trừ 0,5 điểm/lần)"),
            (None, "Chậm báo cáo (trừ 0,5 điểm/lần)".into())
        );
        assert_eq!(
            max_in_title("Tổng cộng (I+II+III)"),
            (None, "Tổng cộng (I+II+III)".into())
        );
        assert_eq!(
            max_in_title("Số báo cáo (2)"),
            (None, "Số báo cáo (2)".into())
        );
    }
}
