//! The element tags of a package part, read with quick-xml configured as
//! calamine configures it (end names not checked, text not trimmed,
//! comments not checked): element names, attributes as quick-xml parses
//! them and the raw text right after a tag, for the few things read from
//! package parts beside calamine; text is unescaped here as before
//! (line ends normalised, then entities). quick-xml keeps only the names
//! of the elements still open, no more than the part (which `package`
//! caps) holds. Depends on quick-xml and memchr only; nothing of the
//! crate.

use quick_xml::events::{BytesStart, Event};

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
    /// The start tag as quick-xml read it (None for an end tag).
    start: Option<BytesStart<'a>>,
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
        positive(self.attribute(name))
    }

    /// The raw value of an attribute, as quick-xml reads the attributes
    /// for calamine: one after the other (`a="1"b="2"` is two attributes;
    /// `a="b='1'"` has no `b`), the first of a repeated name; None past a
    /// malformed one, where calamine stops too.
    pub fn attribute(&self, name: &[u8]) -> Option<&[u8]> {
        let [value] = self.attributes_named([name]);
        value
    }

    /// The raw values of several attributes, read in one pass, each as
    /// [`attribute`](Tag::attribute) reads it.
    pub fn attributes_named<const N: usize>(&self, names: [&[u8]; N]) -> [Option<&[u8]>; N] {
        let mut values = [None; N];
        let Some(start) = &self.start else {
            return values;
        };
        let mut attributes = start.attributes();
        for attribute in attributes.with_checks(false) {
            let Ok(attribute) = attribute else {
                break;
            };
            // Raw values are borrowed from the tag, never unescaped.
            let std::borrow::Cow::Borrowed(value) = attribute.value else {
                continue;
            };
            let key = attribute.key.as_ref().as_bytes();
            if let Some(at) = names.iter().position(|name| *name == key)
                && let Some(slot @ None) = values.get_mut(at)
            {
                *slot = Some(value.as_bytes());
            }
        }
        values
    }

    /// An attribute's value with entities replaced, as text.
    pub fn attribute_text(&self, name: &[u8]) -> Option<String> {
        unescape(self.attribute(name)?)
    }
}

/// A positive integer attribute value; 1 when absent or not a number.
pub fn positive(value: Option<&[u8]>) -> u32 {
    value
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1)
}

impl<'a> Tag<'a> {
    /// Every quoted value given to `name` anywhere in the tag, even where
    /// [`attribute`](Tag::attribute) would not look (inside another
    /// attribute's value, after a name it ends): what any reader could
    /// take for it. A byte search on purpose, wider than any parser, for
    /// values that must be taken out wherever a reader could find them.
    pub fn every_attribute(&self, name: &[u8]) -> Vec<&'a [u8]> {
        let mut values = Vec::new();
        let mut rest = self.attributes;
        while let Some(at) = memchr::memmem::find(rest, name) {
            rest = rest.get(at + name.len()..).unwrap_or_default();
            let Some(value) = rest.trim_ascii_start().strip_prefix(b"=") else {
                continue;
            };
            let Some((&quote, value)) = value.trim_ascii_start().split_first() else {
                continue;
            };
            if quote == b'"' || quote == b'\'' {
                let end = memchr::memchr(quote, value).unwrap_or(value.len());
                values.extend(value.get(..end));
            }
        }
        values
    }
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

/// quick-xml's configuration as calamine sets it (empty elements aside).
fn as_calamine(config: &mut quick_xml::reader::Config) -> &mut quick_xml::reader::Config {
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config
}

/// Iterator over the element tags of an XML text. Declarations,
/// comments, CDATA and DOCTYPE are skipped where quick-xml ends them.
/// Markup that is only ill-formed (an end tag without a start, an `&`
/// without its `;`, a declaration without a version) is read on; at any
/// other error (a syntax error, bytes that are not UTF-8) reading stops,
/// as calamine's does.
pub struct Tags<'a> {
    content: &'a [u8],
    reader: quick_xml::Reader<&'a [u8]>,
}

impl<'a> Tags<'a> {
    pub fn new(content: &'a [u8]) -> Tags<'a> {
        let mut reader = quick_xml::Reader::from_reader(content);
        let config = as_calamine(reader.config_mut());
        // Markup calamine would stop at is read on (it is outside what
        // calamine reads): an end tag without a start is still a tag.
        config.allow_unmatched_ends = true;
        config.allow_dangling_amp = true;
        Tags { content, reader }
    }

    /// `piece` (borrowed from the content by quick-xml) as a slice of the
    /// content, with its lifetime; empty if it is not in the content.
    fn within(&self, piece: &[u8]) -> &'a [u8] {
        let start = (piece.as_ptr() as usize).wrapping_sub(self.content.as_ptr() as usize);
        let content = self.content;
        content
            .get(start..start.saturating_add(piece.len()))
            .unwrap_or_default()
    }
}

impl<'a> Iterator for Tags<'a> {
    type Item = Tag<'a>;

    fn next(&mut self) -> Option<Tag<'a>> {
        loop {
            let before = self.reader.get_ref().len();
            let (kind, start, name) = match self.reader.read_event() {
                Ok(Event::Start(e)) => (Kind::Open, Some(e), None),
                Ok(Event::Empty(e)) => (Kind::SelfClosing, Some(e), None),
                Ok(Event::End(e)) => (Kind::Close, None, Some(self.within(e.as_bytes()))),
                Ok(Event::Eof) => return None,
                Ok(_) => continue,
                // Ill-formed markup is consumed: reading can go on.
                Err(quick_xml::Error::IllFormed(_)) if self.reader.get_ref().len() < before => {
                    continue;
                }
                Err(_) => return None,
            };
            let (name, attributes) = match &start {
                Some(e) => (
                    self.within(e.name().as_ref().as_bytes()),
                    self.within(e.attributes_raw().as_bytes()),
                ),
                None => (name.unwrap_or_default(), &[][..]),
            };
            let rest: &'a [u8] = self.reader.get_ref();
            let text = rest
                .get(..memchr::memchr(b'<', rest).unwrap_or(rest.len()))
                .unwrap_or_default();
            return Some(Tag {
                name,
                kind,
                attributes,
                text,
                start,
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
        // A syntax error ends the reading, as it ends calamine's.
        assert_eq!(names(b"<a/><?><b/>"), ["a"]);
        assert_eq!(names(b"<a/><!ELEMENT e ANY><b/>"), ["a"]);
        assert_eq!(names(b"<a/>\xff<b/>"), ["a"]);
        assert_eq!(names(b"<a/><!-x <y/> --><b/>"), ["a"]);
        assert_eq!(names(b"<a/><!x <y/><b/>"), ["a"]);
        // Ill-formed markup does not: an end tag without a start, a lone
        // `&`.
        assert_eq!(names(b"</x><a/>& b<b/>"), ["x", "a", "b"]);
        assert_eq!(
            names(b"<!-- <x/> -- > --><a/><!-->-<b/>--><c/>"),
            ["a", "c"]
        );
        assert_eq!(names(b"<![CDATA[<x/>]]><a/><![]]><b/>"), ["a"]);
        let doctype = br#"<!DOCTYPE d SYSTEM "a>b" [<!ENTITY e "x>]<y/>"><!-- ] > --><?p ]>?><!ELEMENT q (#PCDATA)>] ><a/>"#;
        assert_eq!(names(doctype), ["a"]);
        assert_eq!(names(b"<!doctype d><a/>"), ["a"]);
        assert_eq!(names(b"<!DOCTYPE d [<!ENTITY e 'x'"), Vec::<String>::new());
    }

    /// The element events of `xml` as calamine gets them: quick-xml's
    /// buffered reading (ours reads the slice), configured as calamine
    /// configures it (empty elements as a start and an end), up to its
    /// first error; true when it read to the end.
    fn quick_xml_events(xml: &[u8]) -> (Vec<(bool, Vec<u8>)>, bool) {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_reader(xml);
        as_calamine(reader.config_mut()).expand_empty_elements = true;
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
        // calamine's reading gets before its first error, our reading
        // gets the same, in the same order (and may go on past markup
        // that is only ill-formed); all of them when calamine's reads the
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
        let tag = Tags::new(br#"<c a="1" b="2" a="3" c=4 d="5">"#)
            .next()
            .unwrap();
        assert_eq!(
            tag.attributes_named([b"a", b"b", b"z", b"d"]),
            [Some(&b"1"[..]), Some(b"2"), None, None],
            "the first of a name; nothing past a malformed one"
        );
        let tag = Tags::new(br#"<c a=1 b="2">"#).next().unwrap();
        assert_eq!(
            tag.attribute(b"b"),
            None,
            "calamine stops at the unquoted value"
        );
    }
}
