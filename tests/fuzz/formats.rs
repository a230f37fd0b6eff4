//! Mutations that know the formats, so that changes reach the parsers
//! behind the containers: a zip package's parts inflated, one part's XML
//! mutated (or parts dropped, doubled, swapped, renamed) and the package
//! zipped again; BIFF records of an .xls changed in place (lengths, types,
//! fields) and the compound file's header fields; text changed a
//! character at a time.

use super::engine::{INTERESTING, Rng, mutate_bytes, mutate_in_place, replace_number};
use std::collections::BTreeSet;
use std::io::{Cursor, Read, Write};

/// The most a mutated package may hold, inflated: mutants stay the size
/// of the fixtures, never a bomb of our own making.
const MAX_INFLATED: u64 = 4 * 1024 * 1024;

/// The parts of a zip package, in order; None when it cannot be read
/// within [`MAX_INFLATED`].
pub fn unzip(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut parts = Vec::new();
    let mut total = 0u64;
    for i in 0..archive.len() {
        let file = archive.by_index(i).ok()?;
        let name = file.name().ok()?.into_owned();
        let mut content = Vec::new();
        file.take(MAX_INFLATED - total + 1)
            .read_to_end(&mut content)
            .ok()?;
        total += content.len() as u64;
        if total > MAX_INFLATED {
            return None;
        }
        parts.push((name, content));
    }
    Some(parts)
}

/// Zip `parts` again: deflated, or now and then stored.
pub fn zip(rng: &mut Rng, parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let method = if rng.one_in(5) {
        zip::CompressionMethod::Stored
    } else {
        zip::CompressionMethod::Deflated
    };
    for (name, content) in parts {
        // An .ods's mimetype is stored, as the format asks.
        let method = if name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            method
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        let options = if method == zip::CompressionMethod::Deflated {
            options.compression_level(Some(1))
        } else {
            options
        };
        // A name given twice is refused: that part is left out.
        if writer.start_file(name.as_str(), options).is_ok() {
            writer
                .write_all(content)
                .expect("zipping a mutated package");
        }
    }
    writer
        .finish()
        .expect("zipping a mutated package")
        .into_inner()
}

/// Tokens worth inserting into XML parts: tags and attributes taken from
/// the seeds' parts, and constructs that trouble XML readers.
pub fn xml_dictionary(packages: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut tokens: BTreeSet<Vec<u8>> = [
        &b"<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"[..],
        b"&a;",
        b"&b;",
        b"&amp;",
        b"&lt;",
        b"&#0;",
        b"&#xD800;",
        b"&#x10FFFF;",
        b"&#99999999999;",
        b"&#x;",
        b"&",
        b"<![CDATA[x]]>",
        b"<![CDATA[",
        b"]]>",
        b"<!--",
        b"-->",
        b"<?xml version=\"1.0\"?>",
        b"<?",
        b"?>",
        b"\"",
        b"'",
        b"=",
        b"<",
        b">",
        b"/>",
        b"</",
        b"_x0000_",
        b"_xD800_",
        b"_x005F_",
        b"_x00",
        b"xml:space=\"preserve\"",
        b"r=\"XFD1048576\"",
        b"r=\"A0\"",
        b"r=\"ZZZZ1\"",
        b"ref=\"A1:XFD1048576\"",
        b"t=\"s\"",
        b"t=\"inlineStr\"",
        b"t=\"str\"",
        b"t=\"e\"",
        b"t=\"b\"",
        b"t=\"d\"",
        b"s=\"65535\"",
        b"table:number-columns-repeated=\"16384\"",
        b"table:number-rows-repeated=\"1048576\"",
        b"table:number-columns-spanned=\"4294967295\"",
        b"table:number-rows-spanned=\"0\"",
        b"office:value-type=\"string\"",
        b"office:value-type=\"float\"",
        b"office:value-type=\"date\"",
        b"office:date-value=\"9999-99-99T99:99:99\"",
        b"<text:s text:c=\"9999\"/>",
        b"<text:s/>",
        b"<text:tab/>",
        b"<text:line-break/>",
        b"\xC3\xA1",
        b"\xE1\xBB\x87",
        b"\xFF\xFE",
        b"\xEF\xBB\xBF",
        b"\x00",
    ]
    .iter()
    .map(|t| t.to_vec())
    .collect();
    for package in packages {
        for (name, content) in unzip(package).unwrap_or_default() {
            if !name.ends_with(".xml") && !name.ends_with(".rels") {
                continue;
            }
            let mut rest = &content[..];
            while let Some(open) = rest.iter().position(|&b| b == b'<') {
                let tail = &rest[open..];
                let Some(close) = tail.iter().position(|&b| b == b'>') else {
                    break;
                };
                if close < 160 {
                    tokens.insert(tail[..=close].to_vec());
                    // Attributes alone, `name="value"`.
                    for attribute in tail[..close].split(|&b| b == b' ').skip(1) {
                        if attribute.contains(&b'=') && attribute.len() < 80 {
                            tokens.insert(attribute.to_vec());
                        }
                    }
                }
                rest = &tail[close..];
            }
        }
    }
    let mut tokens: Vec<Vec<u8>> = tokens.into_iter().collect();
    tokens.truncate(20_000);
    tokens
}

/// One mutation of XML text: the generic byte mutations, or one on whole
/// tags (deleted, doubled, moved, swapped).
pub fn mutate_xml(rng: &mut Rng, data: &mut Vec<u8>, splice: &[u8], dict: &[Vec<u8>]) {
    if rng.one_in(3) {
        let tags = tag_spans(data);
        if tags.len() >= 2 {
            let (a0, a1) = *rng.pick(&tags);
            let (b0, b1) = *rng.pick(&tags);
            match rng.below(5) {
                0 => {
                    data.drain(a0..a1);
                }
                1 => {
                    let tag = data[a0..a1].to_vec();
                    data.splice(b0..b0, tag);
                }
                // An element and what follows up to another tag, doubled.
                2 if b1 > a0 => {
                    let span = data[a0..b1].to_vec();
                    data.splice(b1..b1, span);
                }
                3 if a1 <= b0 => {
                    let first = data[a0..a1].to_vec();
                    let second = data[b0..b1].to_vec();
                    data.splice(b0..b1, first);
                    data.splice(a0..a1, second);
                }
                _ => {
                    // Cut from inside one tag to inside another.
                    let (x, y) = (a0 + rng.below(a1 - a0), b0 + rng.below(b1 - b0));
                    if x < y {
                        data.drain(x..y);
                    }
                }
            }
            return;
        }
    }
    if rng.one_in(4) {
        replace_number(rng, data);
    } else {
        mutate_bytes(rng, data, splice, dict);
    }
}

/// (start, end) of every `<…>` in `data`, at most a few thousand.
fn tag_spans(data: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while let Some(open) = memchr(b'<', &data[i..]).map(|p| p + i) {
        let Some(close) = memchr(b'>', &data[open..]).map(|p| p + open) else {
            break;
        };
        spans.push((open, close + 1));
        i = close + 1;
        if spans.len() >= 5_000 {
            break;
        }
    }
    spans
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// A mutant of a zip package: its parts changed and zipped again (the
/// zip itself stays sound, so the change reaches the XML readers), or
/// its bytes changed as they are.
pub fn mutate_package(rng: &mut Rng, parent: &[u8], other: &[u8], dict: &[Vec<u8>]) -> Vec<u8> {
    let parts = if rng.one_in(8) { None } else { unzip(parent) };
    let Some(mut parts) = parts.filter(|p| !p.is_empty()) else {
        let mut bytes = parent.to_vec();
        for _ in 0..rng.small(4) {
            mutate_bytes(rng, &mut bytes, other, dict);
        }
        return bytes;
    };
    let rounds = rng.small(8);
    for _ in 0..rounds {
        let i = pick_part(rng, &parts);
        match rng.below(20) {
            // A part dropped.
            0 => {
                parts.remove(i);
                if parts.is_empty() {
                    break;
                }
            }
            // A part doubled under another name, or the same name.
            1 => {
                let (name, content) = parts[i].clone();
                let name = match rng.below(3) {
                    0 => name,
                    1 => name
                        .replace("sheet1", "sheet2")
                        .replace("content", "content2"),
                    _ => name.to_ascii_uppercase(),
                };
                parts.push((name, content));
            }
            // Two parts' contents swapped.
            2 => {
                let j = rng.below(parts.len());
                let content = parts[j].1.clone();
                parts[j].1 = std::mem::replace(&mut parts[i].1, content);
            }
            // The same part of another package.
            3 => {
                if let Some(theirs) = unzip(other).and_then(|o| {
                    o.into_iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case(&parts[i].0))
                }) {
                    parts[i].1 = theirs.1;
                }
            }
            // Parts reordered.
            4 => {
                let j = rng.below(parts.len());
                parts.swap(i, j);
            }
            // A part's content mutated.
            _ => {
                let splice = unzip(other)
                    .and_then(|o| o.into_iter().find(|(n, _)| n == &parts[i].0))
                    .map(|(_, c)| c)
                    .unwrap_or_default();
                let content = &mut parts[i].1;
                for _ in 0..rng.small(4) {
                    mutate_xml(rng, content, &splice, dict);
                }
                content.truncate(MAX_INFLATED as usize / 4);
            }
        }
    }
    let mut bytes = zip(rng, &parts);
    // Now and then the zip's own bytes too.
    if rng.one_in(10) {
        mutate_bytes(rng, &mut bytes, other, &[]);
    }
    bytes
}

/// A part to change, worksheets, shared strings, styles and the content
/// more often than the rest.
fn pick_part(rng: &mut Rng, parts: &[(String, Vec<u8>)]) -> usize {
    let busy: Vec<usize> = parts
        .iter()
        .enumerate()
        .filter(|(_, (n, _))| {
            n.contains("sheet")
                || n.contains("sharedStrings")
                || n.contains("styles")
                || n == "content.xml"
                || n.contains("workbook")
        })
        .map(|(i, _)| i)
        .collect();
    if !busy.is_empty() && !rng.one_in(4) {
        *rng.pick(&busy)
    } else {
        rng.below(parts.len())
    }
}

/// BIFF record types our readers and calamine's look at.
const BIFF_TYPES: &[u16] = &[
    0x0809, 0x0009, 0x0209, 0x0409, 0x000A, 0x0031, 0x00E0, 0x041E, 0x001E, 0x00FC, 0x003C, 0x00FD,
    0x0204, 0x0004, 0x027E, 0x00BD, 0x0203, 0x0006, 0x0207, 0x00D6, 0x00E5, 0x007D, 0x0200, 0x0085,
    0x0042, 0x0208, 0x002F, 0x00FF, 0x0022, 0x0018, 0x0055, 0x0092, 0x0293, 0x0225, 0x0201, 0x0205,
    0x00BE, 0x0013, 0x0086, 0x01AE, 0x0017, 0x0800,
];

/// (offset, type, length) of the BIFF records from the first BOF on, as
/// far as they hold together; the compound file keeps the workbook
/// stream's sectors in a row in the fixtures, so offsets are the file's.
fn biff_records(data: &[u8]) -> Vec<(usize, u16, usize)> {
    let u16_at =
        |i: usize| -> Option<u16> { Some(u16::from_le_bytes([*data.get(i)?, *data.get(i + 1)?])) };
    let Some(start) = (0..data.len().saturating_sub(6))
        .step_by(4)
        .find(|&i| u16_at(i) == Some(0x0809) && matches!(u16_at(i + 4), Some(0x0500 | 0x0600)))
    else {
        return Vec::new();
    };
    let mut records = Vec::new();
    let mut at = start;
    while let (Some(kind), Some(len)) = (u16_at(at), u16_at(at + 2)) {
        let len = len as usize;
        if len > 8224 || at + 4 + len > data.len() || (kind == 0 && len == 0) {
            break;
        }
        records.push((at, kind, len));
        at += 4 + len;
        if records.len() > 20_000 {
            break;
        }
    }
    records
}

/// A mutant of an .xls (or any compound) file: BIFF records changed in
/// place, the compound file's header fields, or generic byte mutations.
pub fn mutate_xls(rng: &mut Rng, parent: &[u8], other: &[u8], dict: &[Vec<u8>]) -> Vec<u8> {
    let mut data = parent.to_vec();
    for _ in 0..rng.small(6) {
        let records = biff_records(&data);
        match rng.below(10) {
            0..=4 if !records.is_empty() => {
                let &(at, kind, len) = rng.pick(&records);
                let put = |data: &mut Vec<u8>, i: usize, bytes: &[u8]| {
                    for (k, &b) in bytes.iter().enumerate() {
                        if let Some(slot) = data.get_mut(i + k) {
                            *slot = b;
                        }
                    }
                };
                match rng.below(6) {
                    // The record's length.
                    0 => {
                        let value = *rng.pick(INTERESTING) as u16;
                        let value = if rng.one_in(2) {
                            value
                        } else {
                            (len as u16)
                                .wrapping_add(rng.below(9) as u16)
                                .wrapping_sub(4)
                        };
                        put(&mut data, at + 2, &value.to_le_bytes());
                    }
                    // The record's type.
                    1 => {
                        let kind = if rng.one_in(4) {
                            kind ^ (1 << rng.below(16))
                        } else {
                            *rng.pick(BIFF_TYPES)
                        };
                        put(&mut data, at, &kind.to_le_bytes());
                    }
                    // A field of the record: an interesting 1, 2 or 4 bytes.
                    2 | 3 if len > 0 => {
                        let width = *rng.pick(&[1usize, 2, 2, 4]);
                        let value = rng.pick(INTERESTING).to_le_bytes();
                        let i = at + 4 + rng.below(len);
                        put(&mut data, i, &value[..width]);
                    }
                    // The record's data from another record of that type.
                    4 => {
                        let same: Vec<&(usize, u16, usize)> =
                            records.iter().filter(|r| r.1 == kind).collect();
                        let &&(from, _, from_len) = rng.pick(&same);
                        let chunk = data[from + 4..from + 4 + from_len.min(len)].to_vec();
                        put(&mut data, at + 4, &chunk);
                    }
                    // Bytes of the record's data.
                    _ if len > 0 => {
                        let i = at + 4 + rng.below(len);
                        data[i] = rng.next() as u8;
                    }
                    _ => {}
                }
            }
            // A field of the compound file's header.
            5 if data.len() >= 512 => {
                let field = *rng.pick(&[
                    0x18usize, 0x1A, 0x1C, 0x1E, 0x20, 0x2C, 0x30, 0x38, 0x3C, 0x40, 0x44, 0x48,
                    0x4C,
                ]);
                let value = rng.pick(INTERESTING).to_le_bytes();
                let width = if field <= 0x20 { 2 } else { 4 };
                data[field..field + width].copy_from_slice(&value[..width]);
            }
            6..=8 => mutate_in_place(rng, &mut data, other),
            _ => mutate_bytes(rng, &mut data, other, dict),
        }
    }
    data
}

/// Characters for text mutations: Vietnamese letters, combining marks,
/// the Latin-1 and Windows-1252 surface of legacy text, VIQR marks,
/// invisible and look-alike characters.
pub fn char_pool() -> Vec<char> {
    let mut pool: Vec<char> = (0x20u32..0x7F)
        .chain(0xA0..0x250)
        .chain(0x300..0x330)
        .chain(0x1EA0..0x1F00)
        .chain([
            0x0, 0x9, 0xA, 0xD, 0x80, 0x85, 0x8D, 0x9F, 0x110, 0x111, 0xD0, 0xF0, 0x189, 0x200B,
            0x200C, 0x200D, 0x2060, 0xFEFF, 0xAD, 0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019,
            0x2026, 0x20AC, 0x2122, 0x2022, 0x152, 0x153, 0x160, 0x161, 0x178, 0x17D, 0x17E, 0x192,
            0x2C6, 0x2DC, 0xFFFD, 0x1F600, 0x10FFFF, 0xE000, 0x3000, 0x202F, 0x2028,
        ])
        .filter_map(char::from_u32)
        .collect();
    pool.extend("^(+'`?~.\\-d".chars());
    pool
}

/// One mutation of text: a character inserted, replaced or deleted (on
/// character boundaries), a line doubled or taken from another input, the
/// case of a stretch changed, or a byte mutation.
pub fn mutate_text(
    rng: &mut Rng,
    data: &mut Vec<u8>,
    other: &[u8],
    pool: &[char],
    dict: &[Vec<u8>],
) {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut chars: Vec<char> = text.chars().collect();
    match rng.below(10) {
        0..=2 => {
            let at = rng.below(chars.len() + 1);
            for _ in 0..rng.small(4) {
                chars.insert(at, *rng.pick(pool));
            }
        }
        3 | 4 if !chars.is_empty() => {
            let at = rng.below(chars.len());
            chars[at] = *rng.pick(pool);
        }
        5 if !chars.is_empty() => {
            let (a, b) = rng.range(chars.len(), 8);
            chars.drain(a..b);
        }
        6 if !chars.is_empty() => {
            let (a, b) = rng.range(chars.len(), 24);
            let stretch: String = chars[a..b].iter().collect();
            let changed = if rng.one_in(2) {
                stretch.to_uppercase()
            } else {
                stretch.to_lowercase()
            };
            chars.splice(a..b, changed.chars());
        }
        7 => {
            // A line of the other input, inserted as a line of this one.
            let theirs = String::from_utf8_lossy(other);
            let lines: Vec<&str> = theirs.lines().collect();
            if !lines.is_empty() {
                let line = *rng.pick(&lines);
                let at = rng.below(chars.len() + 1);
                let mut piece: Vec<char> = line.chars().collect();
                piece.push('\n');
                chars.splice(at..at, piece);
            }
        }
        _ => {
            mutate_bytes(rng, data, other, dict);
            return;
        }
    }
    *data = chars.into_iter().collect::<String>().into_bytes();
}
