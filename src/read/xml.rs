//! A small tag scanner, not an XML parser, for the few things read from
//! package parts beside calamine: element names, a few attributes and the
//! text right after a tag. Text never contains a raw `<`; CDATA and
//! comments are skipped. Pure functions over bytes; depends on nothing.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Open,
    Close,
    SelfClosing,
}

/// One element tag: its name, the raw text of its attributes and the raw
/// text that follows it up to the next markup.
pub struct Tag<'a> {
    pub name: &'a [u8],
    pub kind: Kind,
    pub attributes: &'a [u8],
    pub text: &'a [u8],
}

impl Tag<'_> {
    /// The name without its namespace prefix (`x:c` → `c`).
    pub fn local_name(&self) -> &[u8] {
        match self.name.iter().position(|b| *b == b':') {
            Some(at) => self.name.get(at + 1..).unwrap_or_default(),
            None => self.name,
        }
    }

    /// A positive integer attribute; 1 when absent or not a number.
    pub fn number(&self, name: &[u8]) -> u32 {
        self.attribute(name)
            .and_then(|v| std::str::from_utf8(v).ok())
            .and_then(|v| v.trim().parse::<u32>().ok())
            .filter(|n| *n > 0)
            .unwrap_or(1)
    }

    /// The raw value of an attribute (`name="value"` or `name='value'`).
    pub fn attribute(&self, name: &[u8]) -> Option<&[u8]> {
        let mut rest = self.attributes;
        loop {
            let at = rest.windows(name.len()).position(|w| w == name)?;
            let before = at.checked_sub(1).and_then(|i| rest.get(i));
            let after = rest.get(at + name.len()..)?;
            let after_name = trim_start(after);
            if before.is_some_and(u8::is_ascii_whitespace)
                && let Some(value) = after_name.strip_prefix(b"=")
            {
                let value = trim_start(value);
                let quote = *value.first()?;
                let value = value.get(1..)?;
                let end = value.iter().position(|b| *b == quote)?;
                return value.get(..end);
            }
            rest = after;
        }
    }

    /// An attribute's value with entities replaced, as text.
    pub fn attribute_text(&self, name: &[u8]) -> Option<String> {
        unescape(self.attribute(name)?)
    }
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

/// Raw XML text as a string: line ends normalised to `\n` as XML
/// parsers do, then the five named entities and character references
/// replaced. None when it is not UTF-8 or holds an unknown entity.
pub fn unescape(raw: &[u8]) -> Option<String> {
    let raw = std::str::from_utf8(raw).ok()?;
    let raw = if raw.contains('\r') {
        std::borrow::Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(raw)
    };
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw.as_ref();
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp)?);
        let after = rest.get(amp + 1..)?;
        let semi = after.find(';')?;
        let entity = after.get(..semi)?;
        let c = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let number = entity.strip_prefix('#')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)?
            }
        };
        out.push(c);
        rest = after.get(semi + 1..)?;
    }
    out.push_str(rest);
    Some(out)
}

/// Iterator over the element tags of an XML text, skipping declarations,
/// comments and CDATA.
pub struct Tags<'a> {
    rest: &'a [u8],
}

impl<'a> Tags<'a> {
    pub fn new(content: &'a [u8]) -> Tags<'a> {
        Tags { rest: content }
    }

    /// Move past `end`, or to the end of the text when it is missing.
    fn skip_past(&mut self, end: &[u8]) {
        let at = self.rest.windows(end.len()).position(|w| w == end);
        self.rest = at
            .and_then(|at| self.rest.get(at + end.len()..))
            .unwrap_or_default();
    }
}

impl<'a> Iterator for Tags<'a> {
    type Item = Tag<'a>;

    fn next(&mut self) -> Option<Tag<'a>> {
        loop {
            let open = self.rest.iter().position(|b| *b == b'<')?;
            self.rest = self.rest.get(open..)?;
            if self.rest.starts_with(b"<!--") {
                self.skip_past(b"-->");
                continue;
            }
            if self.rest.starts_with(b"<![CDATA[") {
                self.skip_past(b"]]>");
                continue;
            }
            if self.rest.starts_with(b"<?") || self.rest.starts_with(b"<!") {
                self.skip_past(b">");
                continue;
            }
            // The tag ends at the first '>' outside quotes.
            let mut quote = None;
            let end = self.rest.iter().position(|b| match quote {
                Some(q) => {
                    if *b == q {
                        quote = None;
                    }
                    false
                }
                None if *b == b'"' || *b == b'\'' => {
                    quote = Some(*b);
                    false
                }
                None => *b == b'>',
            })?;
            let inner = self.rest.get(1..end)?;
            self.rest = self.rest.get(end + 1..)?;
            let text_len = self
                .rest
                .iter()
                .position(|b| *b == b'<')
                .unwrap_or(self.rest.len());
            let text = self.rest.get(..text_len).unwrap_or_default();
            let (kind, inner) = if let Some(inner) = inner.strip_prefix(b"/") {
                (Kind::Close, inner)
            } else if let Some(inner) = inner.strip_suffix(b"/") {
                (Kind::SelfClosing, inner)
            } else {
                (Kind::Open, inner)
            };
            let name_len = inner
                .iter()
                .position(u8::is_ascii_whitespace)
                .unwrap_or(inner.len());
            let (name, attributes) = inner.split_at(name_len);
            return Some(Tag {
                name,
                kind,
                attributes,
                text,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_text_and_entities() {
        let xml = b"<?xml?><x:si><x:t xml:space='preserve'> a &amp; b&#x1EA1;&#13;\r\n</x:t><rFont val=\"VNI-Times\"/></x:si>";
        let tags: Vec<Tag> = Tags::new(xml).collect();
        assert_eq!(tags.len(), 5);
        assert_eq!(tags[1].local_name(), b"t");
        assert_eq!(tags[1].attribute(b"xml:space"), Some(&b"preserve"[..]));
        assert_eq!(unescape(tags[1].text).as_deref(), Some(" a & bạ\r\n"));
        assert_eq!(tags[3].kind, Kind::SelfClosing);
        assert_eq!(tags[3].attribute_text(b"val").as_deref(), Some("VNI-Times"));
        assert_eq!(unescape(b"&bogus;"), None);
        assert_eq!(unescape(b"a & b"), None);
        assert_eq!(unescape(b"&#xFFFFFFFF;"), None);
    }
}
