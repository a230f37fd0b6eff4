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
    /// The attributes are read one after the other as calamine reads them:
    /// a name up to `=`, a quoted value, the next name right after it
    /// (`a="1"b="2"` is two attributes; `a="b='1'"` has no `b`); None past
    /// a malformed one, where calamine stops too.
    pub fn attribute(&self, name: &[u8]) -> Option<&[u8]> {
        let mut rest = self.attributes;
        loop {
            rest = trim_start(rest);
            if rest.is_empty() {
                return None;
            }
            let eq = rest.iter().position(|b| *b == b'=')?;
            let key = rest.get(..eq)?.trim_ascii_end();
            let (&quote, value) = trim_start(rest.get(eq + 1..)?).split_first()?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            let end = value
                .iter()
                .position(|b| *b == quote)
                .unwrap_or(value.len());
            if key == name {
                return value.get(..end);
            }
            rest = value.get(end + 1..).unwrap_or_default();
        }
    }

    /// An attribute's value with entities replaced, as text.
    pub fn attribute_text(&self, name: &[u8]) -> Option<String> {
        unescape(self.attribute(name)?)
    }
}

impl<'a> Tag<'a> {
    /// Every quoted value given to `name` anywhere in the tag, even where
    /// [`attribute`](Tag::attribute) would not look (inside another
    /// attribute's value, after a name it ends): what any reader could
    /// take for it.
    pub fn every_attribute(&self, name: &[u8]) -> Vec<&'a [u8]> {
        let mut values = Vec::new();
        let mut rest = self.attributes;
        while let Some(at) = rest.windows(name.len()).position(|w| w == name) {
            rest = rest.get(at + name.len()..).unwrap_or_default();
            let Some(value) = trim_start(rest).strip_prefix(b"=") else {
                continue;
            };
            let value = trim_start(value);
            let Some((&quote, value)) = value.split_first() else {
                continue;
            };
            if quote == b'"' || quote == b'\'' {
                let end = value
                    .iter()
                    .position(|b| *b == quote)
                    .unwrap_or(value.len());
                values.extend(value.get(..end));
            }
        }
        values
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
}

/// The index just past the first `end` found in `s` from `from` on.
fn end_of(s: &[u8], from: usize, end: &[u8]) -> Option<usize> {
    let at = s.get(from..)?.windows(end.len()).position(|w| w == end)?;
    Some(from + at + end.len())
}

/// The index just past the `>` ending the `<!DOCTYPE` at the start of
/// `s`, found as quick-xml finds it: quoted literals before the internal
/// subset; in the subset comments, processing instructions and
/// declarations (`<!ENTITY`, `<!ATTLIST`, `<!NOTATION` with their quoted
/// values) up to `]`; then the next `>`.
fn doctype_end(s: &[u8]) -> Option<usize> {
    let find = |byte: u8, from: usize| -> Option<usize> {
        Some(from + s.get(from..)?.iter().position(|b| *b == byte)?)
    };
    let mut i = 2;
    loop {
        match *s.get(i)? {
            quote @ (b'"' | b'\'') => i = find(quote, i + 1)? + 1,
            b'[' => break,
            b'>' => return Some(i + 1),
            _ => i += 1,
        }
    }
    i += 1;
    loop {
        match *s.get(i)? {
            b']' => break,
            b'<' => {
                let markup = s.get(i + 1..)?;
                i = if markup.starts_with(b"?") {
                    end_of(s, i + 2, b"?>")?
                } else if markup.starts_with(b"!--") {
                    end_of(s, i + 4, b"-->")?
                } else if markup.starts_with(b"!ELEMENT") {
                    find(b'>', i)? + 1
                } else if [&b"!ENTITY"[..], b"!ATTLIST", b"!NOTATION"]
                    .iter()
                    .any(|k| markup.starts_with(k))
                {
                    // Up to the `>` outside quotes.
                    let mut quote = None;
                    let mut j = i + 1;
                    loop {
                        let b = *s.get(j)?;
                        match quote {
                            Some(q) if b == q => quote = None,
                            Some(_) => {}
                            None if b == b'"' || b == b'\'' => quote = Some(b),
                            None if b == b'>' => break j + 1,
                            None => {}
                        }
                        j += 1;
                    }
                } else {
                    find(b'>', i)? + 1
                };
            }
            _ => i += 1,
        }
    }
    Some(find(b'>', i + 1)? + 1)
}

impl<'a> Iterator for Tags<'a> {
    type Item = Tag<'a>;

    fn next(&mut self) -> Option<Tag<'a>> {
        loop {
            let open = self.rest.iter().position(|b| *b == b'<')?;
            self.rest = self.rest.get(open..)?;
            // Markup that is not an element ends where calamine's XML
            // reader (quick-xml) ends it: a processing instruction at `?>`,
            // a comment at `-->`, CDATA at `]]>`, a DOCTYPE past its
            // internal subset. Ending one elsewhere would make the tags
            // after it (and the quotes in them) read otherwise than
            // calamine reads them.
            let skip = match (self.rest.get(1), self.rest.get(2)) {
                (Some(b'?'), _) => Some(end_of(self.rest, 1, b"?>")),
                (Some(b'!'), Some(b'-')) => Some(end_of(self.rest, 4, b"-->")),
                (Some(b'!'), Some(b'[')) => Some(end_of(self.rest, 3, b"]]>")),
                (Some(b'!'), Some(b'D' | b'd')) => Some(doctype_end(self.rest)),
                (Some(b'!'), _) => Some(end_of(self.rest, 2, b">")),
                _ => None,
            };
            if let Some(end) = skip {
                self.rest = end.and_then(|end| self.rest.get(end..)).unwrap_or_default();
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
            // As quick-xml names them: an end tag by all it holds, less
            // trailing spaces (unless it is nothing else); a start tag by
            // its first word (XML spaces only: a form feed is part of the
            // name).
            let xml_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
            let name_len = match kind {
                Kind::Close => inner
                    .iter()
                    .rposition(|b| !xml_space(b))
                    .map_or(inner.len(), |i| i + 1),
                _ => inner.iter().position(xml_space).unwrap_or(inner.len()),
            };
            let (name, attributes) = inner.split_at(name_len);
            let attributes = if kind == Kind::Close {
                &[][..]
            } else {
                attributes
            };
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

    #[test]
    fn markup_ends_where_calamine_ends_it() {
        let names = |xml: &[u8]| -> Vec<String> {
            Tags::new(xml)
                .map(|t| String::from_utf8_lossy(t.name).into_owned())
                .collect()
        };
        // Found by the ods fuzz target: a processing instruction holding a
        // `>` (and, after it, a stray quote) hid from this scanner the
        // space runs calamine then wrote out, 4 GB of them.
        let xml = br#"<?xml version="1.0/a> <b c="?><text:s text:c="2000000000"/>"#;
        assert_eq!(names(xml), ["text:s"]);
        assert_eq!(names(b"<?><a/>"), ["a"]);
        assert_eq!(
            names(b"<!-- <x/> -- > --><a/><!-->-<b/>--><c/>"),
            ["a", "c"]
        );
        assert_eq!(names(b"<!-x <y/> --><a/>"), ["a"]);
        assert_eq!(names(b"<![CDATA[<x/>]]><a/><![]]><b/>"), ["a", "b"]);
        assert_eq!(names(b"<!x <y/><a/>"), ["a"]);
        let doctype = br#"<!DOCTYPE d SYSTEM "a>b" [<!ENTITY e "x>]<y/>"><!-- ] > --><?p ]>?><!ELEMENT q (#PCDATA)>] ><a/>"#;
        assert_eq!(names(doctype), ["a"]);
        assert_eq!(names(b"<!doctype d><a/>"), ["a"]);
        assert_eq!(names(b"<!DOCTYPE d [<!ENTITY e 'x'"), Vec::<String>::new());
    }

    /// The element events of `xml` as quick-xml gives them, configured as
    /// calamine configures it (empty elements as a start and an end), up
    /// to its first error; true when it read to the end.
    fn quick_xml_events(xml: &[u8]) -> (Vec<(bool, Vec<u8>)>, bool) {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_reader(xml);
        let config = reader.config_mut();
        config.check_end_names = false;
        config.trim_text(false);
        config.check_comments = false;
        config.expand_empty_elements = true;
        let mut events = Vec::new();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e)) => events.push((true, e.name().as_ref().as_bytes().to_vec())),
                Ok(Event::End(e)) => events.push((false, e.name().as_ref().as_bytes().to_vec())),
                Ok(Event::Eof) => return (events, true),
                Err(_) => return (events, false),
                Ok(_) => {}
            }
        }
    }

    /// Our tags as the same events.
    fn our_events(xml: &[u8]) -> Vec<(bool, Vec<u8>)> {
        let mut events = Vec::new();
        for tag in Tags::new(xml) {
            if tag.kind != Kind::Close {
                events.push((true, tag.name.to_vec()));
            }
            if tag.kind != Kind::Open {
                events.push((false, tag.name.to_vec()));
            }
        }
        events
    }

    #[test]
    fn tags_as_quick_xml_reads_them() {
        // Random markup from pieces that trouble tokenizers: every element
        // quick-xml reads before its first error, our scanner reads the
        // same, in the same order; all of them when quick-xml reads the
        // whole text. (The checks made before calamine reads a part rest
        // on seeing the elements it will see.)
        const PIECES: &[&[u8]] = &[
            b"<",
            b">",
            b"/",
            b"/>",
            b"</",
            b"?",
            b"?>",
            b"<?",
            b"!",
            b"<!",
            b"-",
            b"--",
            b"-->",
            b"<!--",
            b"[",
            b"]",
            b"]]>",
            b"<![CDATA[",
            b"<![",
            b"\"",
            b"'",
            b"=",
            b" ",
            b"\t",
            b"\n",
            b"\x0c",
            b"a",
            b"b:c",
            b"table:table",
            b"<a>",
            b"</a>",
            b"<a/>",
            b"<a ",
            b"x=\"1\"",
            b"y='>'",
            b"<?xml version=\"1.0\"?>",
            b"<!DOCTYPE d ",
            b"<!doctype ",
            b"<!ENTITY e \"v>\">",
            b"<!ELEMENT e ANY>",
            b"<!ATTLIST a b CDATA \"]\">",
            b"SYSTEM \"u]>\"",
            b"text",
            b"&amp;",
            b"\xc3\xa1",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        // Mostly sound elements, so that quick-xml reads far.
        const SOUND: &[&[u8]] = &[
            b"<a>",
            b"</a>",
            b"<b:c x=\"1\">",
            b"</b:c>",
            b"<d/>",
            b"<e y='2' z=\"3\"/>",
            b"text",
            b" ",
            b"<table:table table:name=\"T\">",
            b"</table:table>",
        ];
        for case in 0..100_000 {
            let len = next() % 24;
            let xml: Vec<u8> = (0..len)
                .flat_map(|_| {
                    let pieces = if next() % 3 == 0 { PIECES } else { SOUND };
                    pieces[(next() % pieces.len() as u64) as usize]
                        .iter()
                        .copied()
                })
                .collect();
            let (theirs, whole) = quick_xml_events(&xml);
            let ours = our_events(&xml);
            let show = || String::from_utf8_lossy(&xml).into_owned();
            assert!(
                ours.len() >= theirs.len() && ours[..theirs.len()] == theirs[..],
                "case {case}: {:?}\nours {ours:?}\nquick-xml {theirs:?}",
                show()
            );
            if whole {
                assert_eq!(ours.len(), theirs.len(), "case {case}: {:?}", show());
            }
        }
    }

    #[test]
    fn attributes_as_calamine_reads_them() {
        // Found by the xlsx fuzz target: `count="1"uniqueCount="…"`, no
        // space between, is two attributes to calamine.
        let xml = br#"<sst count="1"uniqueCount = "100000000000" a='x uniqueCount="7"'>"#;
        let tag = Tags::new(xml).next().unwrap();
        assert_eq!(tag.attribute(b"count"), Some(&b"1"[..]));
        assert_eq!(tag.attribute(b"uniqueCount"), Some(&b"100000000000"[..]));
        assert_eq!(
            tag.every_attribute(b"uniqueCount"),
            [&b"100000000000"[..], b"7"]
        );
        assert_eq!(tag.every_attribute(b"Count"), [&b"100000000000"[..], b"7"]);
        assert_eq!(tag.attribute(b"Count"), None);
        let tag = Tags::new(br#"<c a="x b='1'" xb="0" b = '2' d="3" e>"#)
            .next()
            .unwrap();
        assert_eq!(tag.attribute(b"b"), Some(&b"2"[..]));
        assert_eq!(tag.attribute(b"a"), Some(&b"x b='1'"[..]));
        assert_eq!(tag.attribute(b"e"), None);
        let tag = Tags::new(br#"<c a=1 b="2">"#).next().unwrap();
        assert_eq!(
            tag.attribute(b"b"),
            None,
            "calamine stops at the unquoted value"
        );
    }
}
