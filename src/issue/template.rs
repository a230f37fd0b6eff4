//! Rendering a catalogue template with a finding's parameters, and how
//! numbers are written in each language (Vietnamese: decimal comma,
//! thousands dot — as `Score` and `text::thousands` write them).
//!
//! The template language, small on purpose (no regex, one pass, nothing
//! allocated but the output):
//! - `{name}` the parameter's value; `{name:format}` with a format:
//!   `thousands` (5.000.000), `mb` (bytes as MB, rounded up), `short` (a
//!   text cut at 60 characters with "…"), `datetime` ("2025-11-25T08:05:00"
//!   as "08:05 ngày 25/11/2025"). A list is its items joined by ", ".
//! - `{name|key:text|key,key:text|*:text}` the first branch whose key
//!   matches the value: a text by equality, a number or a list's length by
//!   its digits, a flag by `true`/`false`, a missing parameter by `none`;
//!   `*` matches anything. The branch text is itself a template.
//! - `{name*sep*item}` each item of a list, joined by `sep`, rendered by the
//!   template `item`, in which `{name}` is the item and a record's fields
//!   are parameters; `{name*sep}` renders the items as values.
//! - `{@name}` a shared fragment of the language (see the catalogue).
//!
//! Part of `issue`; depends on nothing else in the crate.

use super::params::{Params, Value};
use std::fmt::Write;

/// The language a message is rendered in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

/// Fragments shared by several templates: (name, template).
pub type Partials = &'static [(&'static str, &'static str)];

/// Deepest nesting of fragments followed (a fragment naming itself stops).
const MAX_DEPTH: u8 = 8;

/// Append `template` rendered with `params` to `out`. Never fails: a
/// missing parameter renders as nothing, an unclosed brace as itself.
pub fn render(template: &str, params: &Params, lang: Lang, partials: Partials, out: &mut String) {
    let r = Renderer { lang, partials };
    let root = Scope {
        params,
        item: None,
        outer: None,
    };
    r.text(template, &root, 0, out);
}

/// Where names are looked up: the item of the list being rendered (and its
/// fields), then the enclosing scopes, then the finding's parameters.
struct Scope<'a> {
    params: &'a Params,
    item: Option<(&'a str, &'a Value)>,
    outer: Option<&'a Scope<'a>>,
}

impl<'a> Scope<'a> {
    fn get(&self, name: &str) -> Option<&'a Value> {
        if let Some((list, item)) = self.item {
            if list == name {
                return Some(item);
            }
            if let Value::Record(fields) = item
                && let Some(v) = fields.get(name)
            {
                return Some(v);
            }
        }
        match self.outer {
            Some(outer) => outer.get(name),
            None => self.params.get(name),
        }
    }
}

struct Renderer {
    lang: Lang,
    partials: Partials,
}

impl Renderer {
    fn text(&self, t: &str, scope: &Scope, depth: u8, out: &mut String) {
        let mut rest = t;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = closing(rest, open) else {
                out.push_str(&rest[open..]);
                return;
            };
            self.placeholder(&rest[open + 1..close], scope, depth, out);
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
    }

    fn placeholder(&self, inner: &str, scope: &Scope, depth: u8, out: &mut String) {
        if let Some(name) = inner.strip_prefix('@') {
            if depth < MAX_DEPTH
                && let Some((_, t)) = self.partials.iter().find(|(n, _)| *n == name)
            {
                self.text(t, scope, depth + 1, out);
            }
            return;
        }
        let (name, rest) = split_name(inner);
        let value = scope.get(name);
        match rest.as_bytes().first() {
            None => self.value(value, "", out),
            Some(b':') => self.value(value, &rest[1..], out),
            Some(b'|') => {
                for branch in Split::new(&rest[1..], b'|') {
                    let Some((keys, text)) = branch.split_once(':') else {
                        continue;
                    };
                    if keys == "*" || keys.split(',').any(|k| key_matches(value, k)) {
                        self.text(text, scope, depth, out);
                        return;
                    }
                }
            }
            Some(b'*') => {
                let mut parts = Split::new(&rest[1..], b'*');
                let sep = parts.next().unwrap_or("");
                let item_template = parts.next();
                let items = match value {
                    Some(Value::List(items)) => &items[..],
                    Some(v) => std::slice::from_ref(v),
                    None => &[],
                };
                for (k, item) in items.iter().enumerate() {
                    if k > 0 {
                        out.push_str(sep);
                    }
                    match item_template {
                        Some(t) => {
                            let inner = Scope {
                                params: scope.params,
                                item: Some((name, item)),
                                outer: Some(scope),
                            };
                            self.text(t, &inner, depth, out);
                        }
                        None => self.value(Some(item), "", out),
                    }
                }
            }
            Some(_) => {}
        }
    }

    fn value(&self, value: Option<&Value>, format: &str, out: &mut String) {
        match value {
            None | Some(Value::Record(_)) => {}
            Some(Value::Int(n)) => match format {
                "thousands" => thousands(*n, self.lang, out),
                "mb" => {
                    let bytes = u64::try_from(*n).unwrap_or(0);
                    let _ = write!(out, "{}", bytes.div_ceil(1024 * 1024));
                }
                _ => {
                    let _ = write!(out, "{n}");
                }
            },
            Some(Value::Points(m)) => points(*m, self.lang, out),
            Some(Value::Text(t)) => match format {
                "short" => short(t, 60, out),
                "datetime" => datetime(t, self.lang, out),
                _ => out.push_str(t),
            },
            Some(Value::Flag(b)) => out.push_str(if *b { "true" } else { "false" }),
            Some(Value::List(items)) => {
                for (k, item) in items.iter().enumerate() {
                    if k > 0 {
                        out.push_str(", ");
                    }
                    self.value(Some(item), format, out);
                }
            }
        }
    }
}

/// Whether a select branch's key names this value.
fn key_matches(value: Option<&Value>, key: &str) -> bool {
    match value {
        None => key == "none",
        Some(Value::Flag(b)) => key == if *b { "true" } else { "false" },
        Some(Value::Int(n)) => key.parse::<i64>() == Ok(*n),
        Some(Value::Text(t)) => key == t,
        Some(Value::List(items)) => key.parse::<usize>() == Ok(items.len()),
        Some(Value::Points(_) | Value::Record(_)) => false,
    }
}

/// A placeholder's parameter name (ASCII letters, digits, `_`) and what
/// follows it, for the renderer and for `references`.
fn split_name(inner: &str) -> (&str, &str) {
    let len = inner
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    inner.split_at(len)
}

/// The index of the `}` closing the `{` at `open`.
fn closing(t: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in t.bytes().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The parts of a text between `sep` bytes outside braces.
struct Split<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Split<'a> {
    fn new(text: &'a str, sep: u8) -> Split<'a> {
        Split {
            rest: Some(text),
            sep,
        }
    }
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        let text = self.rest?;
        let mut depth = 0usize;
        for (i, b) in text.bytes().enumerate() {
            match b {
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                _ if b == self.sep && depth == 0 => {
                    self.rest = Some(&text[i + 1..]);
                    return Some(&text[..i]);
                }
                _ => {}
            }
        }
        self.rest = None;
        Some(text)
    }
}

/// Points in thousandths as written in `lang`: "12,5", "-3", "0,25" in
/// Vietnamese ("12.5" in English); no trailing zeros.
pub fn points(milli: i64, lang: Lang, out: &mut String) {
    if milli < 0 {
        out.push('-');
    }
    let abs = milli.unsigned_abs();
    let _ = write!(out, "{}", abs / 1000);
    let mut frac = abs % 1000;
    if frac != 0 {
        out.push(match lang {
            Lang::Vi => ',',
            Lang::En => '.',
        });
        let mut unit = 100;
        while frac != 0 {
            out.push(char::from(b'0' + (frac / unit) as u8));
            frac %= unit;
            unit /= 10;
        }
    }
}

/// A whole number with its thousands grouped: "5.000.000" in Vietnamese,
/// "5,000,000" in English.
pub fn thousands(n: i64, lang: Lang, out: &mut String) {
    if n < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut v = n.unsigned_abs();
    loop {
        digits[len] = b'0' + (v % 10) as u8;
        len += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let sep = match lang {
        Lang::Vi => '.',
        Lang::En => ',',
    };
    for i in (0..len).rev() {
        out.push(char::from(digits[i]));
        if i > 0 && i % 3 == 0 {
            out.push(sep);
        }
    }
}

/// At most `max` characters of `text`, with "…" when cut.
fn short(text: &str, max: usize, out: &mut String) {
    match text.char_indices().nth(max) {
        Some((at, _)) => {
            out.push_str(&text[..at]);
            out.push('…');
        }
        None => out.push_str(text),
    }
}

/// "2025-11-25T08:05:00" as "08:05 ngày 25/11/2025" ("08:05 on
/// 25/11/2025"); any other text as it is.
fn datetime(iso: &str, lang: Lang, out: &mut String) {
    match (
        iso.get(0..4),
        iso.get(5..7),
        iso.get(8..10),
        iso.get(11..16),
    ) {
        (Some(y), Some(m), Some(d), Some(hm)) => {
            let on = match lang {
                Lang::Vi => "ngày",
                Lang::En => "on",
            };
            let _ = write!(out, "{hm} {on} {d}/{m}/{y}");
        }
        _ => out.push_str(iso),
    }
}

/// What a template refers to, through its fragments: every parameter
/// name (as "name") and every key a choice tests (as "name=key").
#[cfg(test)]
pub(super) fn references(template: &str, partials: Partials) -> std::collections::BTreeSet<String> {
    fn walk(t: &str, partials: Partials, depth: u8, out: &mut std::collections::BTreeSet<String>) {
        let mut rest = t;
        while let Some(open) = rest.find('{') {
            let Some(close) = closing(rest, open) else {
                out.insert(format!("unclosed: {}", &rest[open..]));
                return;
            };
            let inner = &rest[open + 1..close];
            rest = &rest[close + 1..];
            if let Some(name) = inner.strip_prefix('@') {
                match partials.iter().find(|(n, _)| *n == name) {
                    Some((_, p)) if depth < MAX_DEPTH => walk(p, partials, depth + 1, out),
                    _ => {
                        out.insert(format!("unknown fragment: {name}"));
                    }
                }
                continue;
            }
            let (name, tail) = split_name(inner);
            out.insert(name.to_string());
            match tail.as_bytes().first() {
                None => {}
                Some(b':') => {
                    out.insert(format!("{name}:{}", &tail[1..]));
                }
                Some(b'|') => {
                    for branch in Split::new(&tail[1..], b'|') {
                        let (keys, text) = branch.split_once(':').unwrap_or(("?", branch));
                        for key in keys.split(',') {
                            out.insert(format!("{name}={key}"));
                        }
                        walk(text, partials, depth, out);
                    }
                }
                Some(b'*') => {
                    if let Some(item) = Split::new(&tail[1..], b'*').nth(1) {
                        walk(item, partials, depth, out);
                    }
                }
                Some(_) => {
                    out.insert(format!("bad placeholder: {inner}"));
                }
            }
        }
    }
    let mut out = std::collections::BTreeSet::new();
    walk(template, partials, 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vi(template: &str, params: &Params) -> String {
        let mut out = String::new();
        render(
            template,
            params,
            Lang::Vi,
            &[("who", "{who|true:khối|*:đơn vị}")],
            &mut out,
        );
        out
    }

    #[test]
    fn values_and_formats() {
        let p = Params::new()
            .points("v", 12_500)
            .points("neg", -250)
            .int("n", 5_000_000)
            .int("bytes", 64 * 1024 * 1024 + 1)
            .text("t", "x".repeat(61))
            .text("when", "2025-11-25T08:05:00");
        assert_eq!(
            vi("{v} {neg} {n} {n:thousands}", &p),
            "12,5 -0,25 5000000 5.000.000"
        );
        assert_eq!(vi("{bytes:mb} MB", &p), "65 MB");
        assert_eq!(vi("{t:short}", &p), format!("{}…", "x".repeat(60)));
        assert_eq!(vi("{when:datetime}", &p), "08:05 ngày 25/11/2025");
        assert_eq!(vi("[{missing}]", &p), "[]");
        let mut en = String::new();
        render("{v} {n:thousands}", &p, Lang::En, &[], &mut en);
        assert_eq!(en, "12.5 5,000,000");
    }

    #[test]
    fn selects_lists_and_fragments() {
        let p = Params::new()
            .flag("who", true)
            .text("kind", "doc")
            .int("count", 1)
            .texts("units", ["A", "B", "C"])
            .records(
                "rows",
                [
                    Params::new().int("row", 3),
                    Params::new().int("row", 7).text("label", "2"),
                ],
            );
        assert_eq!(vi("{@who}", &p), "khối");
        assert_eq!(vi("{kind|pdf:P|docx,doc:W|*:?}", &p), "W");
        assert_eq!(vi("{count|1:một|*:nhiều}", &p), "một");
        assert_eq!(vi("{gone|none:không có|*:có}", &p), "không có");
        assert_eq!(vi("{units|3:ba|*:?}: {units*; }", &p), "ba: A; B; C");
        assert_eq!(vi("{units*, *\"{units}\"}", &p), "\"A\", \"B\", \"C\"");
        assert_eq!(
            vi(
                "{rows*; *dòng {row}{label|none:|*: ({label})} của {count}}",
                &p
            ),
            "dòng 3 của 1; dòng 7 (2) của 1"
        );
    }

    #[test]
    fn bad_templates_render_without_panicking() {
        let p = Params::new().int("n", 1);
        assert_eq!(vi("a {n", &p), "a {n");
        assert_eq!(vi("a } {n}", &p), "a } 1");
        assert_eq!(vi("{n|:x}{n*}{@nope}{n:what}{=}", &p), "11");
        let mut out = String::new();
        render("{@a}", &p, Lang::Vi, &[("a", "{@a}x")], &mut out);
        assert_eq!(out, "x".repeat(usize::from(MAX_DEPTH)));
    }

    #[test]
    fn numbers_as_the_rest_of_the_crate_writes_them() {
        for milli in [
            0,
            5,
            50,
            500,
            1_000,
            12_500,
            12_250,
            12_005,
            -3_000,
            -250,
            999_999_999,
        ] {
            let mut out = String::new();
            points(milli, Lang::Vi, &mut out);
            assert_eq!(out, crate::score::Score::from_milli(milli).to_string());
        }
        for n in [0, 7, 999, 1_000, 65_536, 1_048_576, 3_900_125_001, i64::MAX] {
            let mut out = String::new();
            thousands(n, Lang::Vi, &mut out);
            assert_eq!(out, crate::text::thousands(n.unsigned_abs()));
        }
    }
}
