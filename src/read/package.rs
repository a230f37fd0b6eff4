//! A zip package (.xlsx, .xlsm, .ods) opened once (gói tệp nén): the parts
//! a workbook is read from are inflated once each, under limits checked
//! while inflating — a part's size, the package's total and the inflation
//! ratio — so a zip bomb stops within a megabyte of its limit instead of
//! after gigabytes. The same bytes then serve calamine (repacked without
//! compression, so it inflates nothing and can reserve nothing the parts
//! do not hold) and our own readers of styles, runs, columns and dates.
//!
//! The archive is opened once ([`Archive`]: `sniff` looks at its names
//! and small descriptive entries first, which are then not inflated
//! again) and every entry is inflated under the same checks, the plain
//! deflated ones by one inflate state for the whole package
//! ([`Inflater`]), any other through the zip crate's capped reader
//! ([`inflate`]). Pictures, embedded objects and binary parts are never
//! inflated: no reader needs them. Depends on the `zip` crate (and the
//! `flate2` and `crc32fast` under it), `xml` and the error type; never on
//! calamine.

use super::error::ReadError;
use super::xml::{Kind, Tags};
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read, Write};

/// Entries are inflated this much at a time, the limits checked after
/// each (64 KiB).
const CHUNK: usize = 64 * 1024;
/// The largest part inflated (256 MiB): a scoring sheet's XML is a few MB.
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
/// The most inflated for one package, all parts together (512 MiB).
pub const MAX_PACKAGE_BYTES: u64 = 512 * 1024 * 1024;
/// A part inflating to more than this many times its compressed size is
/// refused once past [`RATIO_FROM`]: XML compresses 5 to 30 times, a sheet
/// of empty cells 100 times at worst; a zip bomb thousands of times.
pub const MAX_RATIO: u64 = 200;
/// The ratio is checked once this much of a part is inflated (1 MiB).
const RATIO_FROM: u64 = 1024 * 1024;
/// The most parts a package may have.
const MAX_PARTS: usize = 10_000;
/// In an .ods, the most spaces one `<text:s text:c="…">` may stand for,
/// and the most all of them together (calamine writes them all out).
const MAX_SPACE_RUN: u64 = 10_000;
const MAX_SPACES: u64 = 1_000_000;

/// Added at the end of an .ods's `content.xml`: calamine's table reader
/// waits for `</table:table>` and its reader of a cell's annotation for
/// `</office:annotation>`, both for ever once the text has ended (a table
/// or an annotation never closed). Empty elements after the document
/// change nothing calamine reads from a sound file (it takes no table
/// without a name), and end those loops in a damaged one.
const ODS_CONTENT_END: &[u8] = b"<office:annotation/><table:table/>";

/// A zip archive opened once, with the entries already read whole.
pub struct Archive<'a> {
    /// The whole archive, for [`Inflater`] to read entries' deflated data
    /// in place.
    bytes: &'a [u8],
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Entry index → content, for entries [`Archive::small_entry`] read
    /// to their end: `Package::read` does not inflate them again.
    read: HashMap<usize, Vec<u8>>,
    /// What every entry is inflated through, a chunk at a time (zeroed
    /// once for the archive, not once for every part).
    chunk: Vec<u8>,
    /// The one inflate state of the archive's plain entries.
    inflater: Inflater,
}

impl<'a> Archive<'a> {
    /// Open the archive in `bytes` (its central directory).
    pub fn new(bytes: &'a [u8]) -> zip::result::ZipResult<Archive<'a>> {
        Ok(Archive {
            bytes,
            zip: zip::ZipArchive::new(Cursor::new(bytes))?,
            read: HashMap::new(),
            chunk: vec![0; CHUNK],
            inflater: Inflater::new(CHUNK),
        })
    }

    /// The raw names of the entries.
    pub fn names(&self) -> impl Iterator<Item = &[u8]> {
        self.zip.file_names_raw()
    }

    /// The text of the entry `name`, at most `cap` bytes of it; empty when
    /// absent or unreadable.
    pub fn small_entry(&mut self, name: &str, cap: u64) -> String {
        let Some(index) = self.zip.index_for_name(name) else {
            return String::new();
        };
        let Ok(mut file) = self.zip.by_index(index) else {
            return String::new();
        };
        // Whole (declared shorter than the cap), through the archive's
        // inflate state; else, or failing, the zip crate's reader cut at
        // the cap.
        let whole = if file.size() < cap {
            self.inflater.entry(self.bytes, &file, &|_| Ok(()))
        } else {
            None
        };
        let bytes = match whole {
            Some(Ok(bytes)) => bytes,
            _ => match inflate(&mut file, &mut self.chunk, cap, |_| Ok(())) {
                Ok(bytes) => bytes,
                Err(_) => return String::new(),
            },
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if (bytes.len() as u64) < cap {
            self.read.insert(index, bytes);
        }
        text
    }
}

/// The content of a zip entry, inflated through `chunk`: at most `cap`
/// bytes, and `check` (given the size so far after every chunk) may stop
/// it. The one reader of zip entries.
fn inflate(
    file: &mut zip::read::ZipFile<'_, Cursor<&[u8]>>,
    chunk: &mut [u8],
    cap: u64,
    mut check: impl FnMut(u64) -> Result<(), ReadError>,
) -> Result<Vec<u8>, ReadError> {
    let reserve = file.size().min(cap).min(16 * 1024 * 1024);
    let mut content = Vec::with_capacity(usize::try_from(reserve).unwrap_or_default());
    let mut file = file.take(cap);
    loop {
        let n = file.read(chunk).map_err(|e| ReadError::Corrupt {
            format: "zip",
            detail: e.to_string(),
        })?;
        if n == 0 {
            return Ok(content);
        }
        content.extend_from_slice(chunk.get(..n).unwrap_or_default());
        check(content.len() as u64)?;
    }
}

/// One raw-deflate state for every entry of a package, reset between
/// them (the zip crate's reader builds and zeroes a new one for each
/// entry), inflating an entry's data where it lies in the archive.
///
/// Only the plain case is handled here: an unencrypted deflated entry
/// whose stream ends, no larger than its declared size, with the CRC of
/// its directory entry. Anything else (stored or other methods,
/// encryption, a damaged or lying entry) is left to the zip crate's reader
/// ([`inflate`]), so that every refusal reads as before.
struct Inflater {
    state: flate2::Decompress,
    /// Output of one step, as large as [`Archive`]'s chunk.
    chunk: Vec<u8>,
}

impl Inflater {
    fn new(chunk: usize) -> Inflater {
        Inflater {
            state: flate2::Decompress::new(false),
            chunk: Vec::with_capacity(chunk.max(1)),
        }
    }

    /// The content of `file`, of the archive `bytes`, with `check` given
    /// the size so far after every chunk (as [`inflate`] does); `None`
    /// when it is not the plain case.
    fn entry(
        &mut self,
        bytes: &[u8],
        file: &zip::read::ZipFile<'_, Cursor<&[u8]>>,
        check: &impl Fn(u64) -> Result<(), ReadError>,
    ) -> Option<Result<Vec<u8>, ReadError>> {
        if file.compression() != zip::CompressionMethod::Deflated || file.encrypted() {
            return None;
        }
        let start = usize::try_from(file.data_start()?).ok()?;
        let length = usize::try_from(file.compressed_size()).ok()?;
        let mut input = bytes.get(start..start.checked_add(length)?)?;
        let declared = file.size();
        let reserve = declared.min(MAX_PART_BYTES + 1).min(16 * 1024 * 1024);
        let mut content = Vec::with_capacity(usize::try_from(reserve).unwrap_or_default());
        self.state.reset(false);
        loop {
            // At most a chunk's worth at a time, as `inflate` reads it.
            self.chunk.clear();
            let before = self.state.total_in();
            let status = self
                .state
                .decompress_vec(input, &mut self.chunk, flate2::FlushDecompress::None)
                .ok()?;
            let used = usize::try_from(self.state.total_in() - before).ok()?;
            input = input.get(used..)?;
            content.extend_from_slice(&self.chunk);
            if content.len() as u64 > declared {
                return None;
            }
            if !self.chunk.is_empty()
                && let Err(e) = check(content.len() as u64)
            {
                return Some(Err(e));
            }
            match status {
                flate2::Status::StreamEnd => break,
                // No way forward: a truncated or damaged stream.
                _ if used == 0 && self.chunk.is_empty() => return None,
                _ => {}
            }
        }
        (crc32fast::hash(&content) == file.crc32()).then_some(Ok(content))
    }
}

/// The parts of a package, inflated.
#[derive(Debug, Default)]
pub struct Package {
    /// Part name → content, in name order.
    parts: BTreeMap<String, Vec<u8>>,
}

/// Parts no reader looks at: pictures, embedded objects, binary parts,
/// the theme.
fn skipped(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    const FOLDERS: &[&str] = &[
        "xl/media/",
        "xl/embeddings/",
        "xl/printersettings/",
        "xl/activex/",
        "pictures/",
        "thumbnails/",
        "configurations2/",
        "objectreplacements/",
        // The theme only gives colours (calamine falls back to Office's).
        "xl/theme/",
    ];
    const EXTENSIONS: &[&str] = &[
        ".bin", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg",
        ".wdp", ".ole",
    ];
    FOLDERS.iter().any(|f| lower.starts_with(f)) || EXTENSIONS.iter().any(|e| lower.ends_with(e))
}

impl Package {
    /// Open the package in `bytes` and inflate its parts, within the
    /// limits. `format` names the file in messages ("xlsx", "ods").
    pub fn open(bytes: &[u8], format: &'static str) -> Result<Package, ReadError> {
        let archive = Archive::new(bytes).map_err(|e| ReadError::Corrupt {
            format,
            detail: format!("zip archive: {e}"),
        })?;
        Package::read(archive, format)
    }

    /// Inflate the parts of an archive already open, within the limits.
    pub fn read(archive: Archive<'_>, format: &'static str) -> Result<Package, ReadError> {
        let corrupt = |detail: String| ReadError::Corrupt { format, detail };
        let Archive {
            bytes,
            zip: mut archive,
            mut read,
            mut chunk,
            mut inflater,
        } = archive;
        if archive.len() > MAX_PARTS {
            return Err(corrupt(format!("{} parts in the package", archive.len())));
        }
        let mut package = Package::default();
        let mut total = 0u64;
        for index in 0..archive.len() {
            let mut file = archive
                .by_index(index)
                .map_err(|e| corrupt(format!("zip entry {index}: {e}")))?;
            let name = file
                .name()
                .map_err(|e| corrupt(format!("zip entry {index}: {e}")))?
                .into_owned();
            if file.is_dir() || skipped(&name) {
                continue;
            }
            let too_large = |limit: u64| ReadError::PartTooLarge {
                part: name.clone(),
                limit,
            };
            if file.size() > MAX_PART_BYTES {
                return Err(too_large(MAX_PART_BYTES));
            }
            let compressed = file.compressed_size().max(1);
            let check = |size: u64| {
                if size > MAX_PART_BYTES {
                    return Err(too_large(MAX_PART_BYTES));
                }
                if total + size > MAX_PACKAGE_BYTES {
                    return Err(too_large(MAX_PACKAGE_BYTES));
                }
                if size > RATIO_FROM && size > compressed.saturating_mul(MAX_RATIO) {
                    return Err(ReadError::Inflates { part: name.clone() });
                }
                Ok(())
            };
            let content = match read.remove(&index) {
                Some(content) => check(content.len() as u64).map(|()| content),
                None => match inflater.entry(bytes, &file, &check) {
                    Some(inflated) => inflated,
                    None => {
                        inflate(&mut file, &mut chunk, MAX_PART_BYTES + 1, check).map_err(|e| {
                            match e {
                                ReadError::Corrupt { detail, .. } => {
                                    corrupt(format!("{name}: {detail}"))
                                }
                                e => e,
                            }
                        })
                    }
                },
            }?;
            total += content.len() as u64;
            package.parts.insert(name, content);
        }
        package.defuse(format)?;
        Ok(package)
    }

    /// The content of part `name` (exact, else compared ignoring case).
    pub fn part(&self, name: &str) -> Option<&[u8]> {
        self.parts
            .get(name)
            .or_else(|| {
                self.parts
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, c)| c)
            })
            .map(Vec::as_slice)
    }

    /// The package again, every part stored without compression, for
    /// calamine.
    pub fn repacked(&self) -> Result<Vec<u8>, ReadError> {
        let size: usize = self
            .parts
            .iter()
            .map(|(n, c)| n.len() * 2 + c.len() + 128)
            .sum();
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(size + 64)));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(false);
        let failed = |e: String| ReadError::Corrupt {
            format: "zip",
            detail: format!("repacking: {e}"),
        };
        for (name, content) in &self.parts {
            writer
                .start_file(name.as_str(), options)
                .map_err(|e| failed(e.to_string()))?;
            writer
                .write_all(content)
                .map_err(|e| failed(e.to_string()))?;
        }
        let cursor = writer.finish().map_err(|e| failed(e.to_string()))?;
        Ok(cursor.into_inner())
    }

    /// Take out of the parts what would make a reader reserve memory the
    /// content does not justify: the string count an .xlsx declares
    /// (calamine reserves room for it), space runs of an .ods (calamine
    /// writes them all out); and end an .ods's content with what
    /// calamine's loops wait for ([`ODS_CONTENT_END`]).
    fn defuse(&mut self, format: &str) -> Result<(), ReadError> {
        // Every part calamine may take for the shared strings: it opens
        // `sharedStrings.xml` in the folder of the workbook the package's
        // relationships name, by name ignoring case (the last of parts
        // differing only in case), so a package may hold several.
        for (name, content) in self.parts.iter_mut() {
            if name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
                blank_declared_counts(content);
            }
        }
        if let Some(content) = self.part("content.xml") {
            check_space_runs(content)?;
        }
        if format == "ods"
            && let Some(content) = self.parts.get_mut("content.xml")
        {
            content.extend_from_slice(ODS_CONTENT_END);
        }
        Ok(())
    }
}

/// Blank the values of `count` and `uniqueCount` on the `<sst>` element
/// (spaces in place of digits: the length stays, the number is gone):
/// every value given to them on every `sst` tag, so that no reading of a
/// damaged part finds one.
fn blank_declared_counts(part: &mut [u8]) {
    let spans: Vec<(usize, usize)> = Tags::new(part)
        .filter(|t| t.local_name() == b"sst")
        .flat_map(|tag| {
            let mut values = tag.every_attribute(b"uniqueCount");
            values.extend(tag.every_attribute(b"count"));
            values
        })
        .map(|value| {
            let start = value.as_ptr() as usize - part.as_ptr() as usize;
            (start, value.len())
        })
        .collect();
    for (start, len) in spans {
        if let Some(value) = part.get_mut(start..start + len) {
            value.fill(b' ');
        }
    }
}

/// Refuse an .ods whose `<text:s text:c="…">` space runs are absurd.
fn check_space_runs(content: &[u8]) -> Result<(), ReadError> {
    let mut total = 0u64;
    for tag in Tags::new(content) {
        if tag.local_name() != b"s" || tag.kind == Kind::Close || !tag.name.starts_with(b"text:") {
            continue;
        }
        let count = tag
            .attribute(b"text:c")
            .and_then(|v| std::str::from_utf8(v).ok())
            .map(|v| v.trim().parse::<u64>().unwrap_or(u64::MAX))
            .unwrap_or(1);
        total = total.saturating_add(count);
        if count > MAX_SPACE_RUN || total > MAX_SPACES {
            return Err(ReadError::TooManySpaces {
                count: count.max(total),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use zip::write::SimpleFileOptions;

    /// A zip of `parts`, deflated.
    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in parts {
            w.start_file(*name, options).unwrap();
            w.write_all(content).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn parts_are_read_once_and_repacked_unchanged() {
        let bytes = zip_of(&[
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/media/image1.png", b"\x89PNG"),
        ]);
        let p = Package::open(&bytes, "xlsx").unwrap();
        assert_eq!(p.part("xl/workbook.xml"), Some(&b"<workbook/>"[..]));
        assert_eq!(p.part("XL/WORKBOOK.XML"), Some(&b"<workbook/>"[..]));
        assert_eq!(p.part("xl/media/image1.png"), None, "pictures are not read");
        let again = Package::open(&p.repacked().unwrap(), "xlsx").unwrap();
        assert_eq!(again.part("xl/workbook.xml"), Some(&b"<workbook/>"[..]));
    }

    #[test]
    fn entries_sniffing_read_are_not_inflated_again() {
        let types = b"<Types/>".repeat(100);
        let bytes = zip_of(&[
            ("[Content_Types].xml", &types),
            ("xl/workbook.xml", b"<w/>"),
        ]);
        let mut archive = Archive::new(&bytes).unwrap();
        assert_eq!(archive.small_entry("[Content_Types].xml", 16).len(), 16);
        assert!(archive.read.is_empty(), "a cut entry is not kept");
        let text = archive.small_entry("[Content_Types].xml", 1024 * 1024);
        assert_eq!(text.as_bytes(), types);
        assert_eq!(archive.read.len(), 1);
        let p = Package::read(archive, "xlsx").unwrap();
        assert_eq!(p.part("[Content_Types].xml"), Some(&types[..]));
        assert_eq!(p.part("xl/workbook.xml"), Some(&b"<w/>"[..]));
    }

    /// The content of every entry of `bytes` through [`Inflater`], `None`
    /// where it leaves the entry to the zip crate's reader.
    fn through_inflater(bytes: &[u8]) -> Vec<Option<Vec<u8>>> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut inflater = Inflater::new(64 * 1024);
        (0..zip.len())
            .map(|i| {
                let file = zip.by_index(i).unwrap();
                let found = inflater.entry(bytes, &file, &|_| Ok(()));
                found.map(Result::unwrap)
            })
            .collect()
    }

    #[test]
    fn one_inflate_state_reads_every_entry() {
        let big: Vec<u8> = (0..300_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let parts: [(&str, &[u8]); 4] = [
            ("a.xml", b"<a/>"),
            ("big.xml", &big),
            ("empty.xml", b""),
            ("c.xml", &b"<c>x</c>".repeat(5000)),
        ];
        let bytes = zip_of(&parts);
        let got = through_inflater(&bytes);
        for ((name, content), got) in parts.iter().zip(got) {
            if content.is_empty() {
                // The zip crate may write it stored: left to its reader.
                continue;
            }
            assert_eq!(got.as_deref(), Some(*content), "{name}");
        }
        let p = Package::open(&bytes, "xlsx").unwrap();
        for (name, content) in parts {
            assert_eq!(p.part(name), Some(content), "{name}");
        }
    }

    #[test]
    fn damaged_entries_are_left_to_the_zip_reader() {
        let content = b"<sheetData>".repeat(1000);
        let sound = zip_of(&[("xl/worksheets/sheet1.xml", &content)]);
        // The CRC in the central directory, 16 bytes into its entry.
        let mut bad_crc = sound.clone();
        let central = sound.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        bad_crc[central + 16] ^= 0xFF;
        // A deflate stream cut short, its declared sizes kept.
        let mut cut = sound.clone();
        let data = 30 + "xl/worksheets/sheet1.xml".len();
        for b in &mut cut[data + 5..central - 1] {
            *b = 0;
        }
        for bytes in [bad_crc, cut] {
            assert_eq!(through_inflater(&bytes), vec![None]);
            match Package::open(&bytes, "xlsx") {
                Err(ReadError::Corrupt { detail, .. }) => {
                    assert!(detail.starts_with("xl/worksheets/sheet1.xml: "), "{detail}")
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn a_zip_bomb_stops_at_the_ratio() {
        // 32 MB of one empty cell repeated: thousands of times smaller
        // compressed.
        let sheet = b"<c/>".repeat(8 * 1024 * 1024);
        let bytes = zip_of(&[("xl/worksheets/sheet1.xml", &sheet)]);
        assert!(bytes.len() < 200_000, "{}", bytes.len());
        match Package::open(&bytes, "xlsx") {
            Err(ReadError::Inflates { part }) => assert_eq!(part, "xl/worksheets/sheet1.xml"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn declared_string_counts_are_blanked() {
        let sst = br#"<?xml version="1.0"?><sst xmlns="x" count = "99999999999" uniqueCount='100000000000'><si><t>a</t></si></sst>"#;
        let bytes = zip_of(&[("xl/sharedStrings.xml", sst)]);
        let p = Package::open(&bytes, "xlsx").unwrap();
        let text = String::from_utf8(p.part("xl/sharedStrings.xml").unwrap().to_vec()).unwrap();
        assert!(!text.contains("100000000000"), "{text}");
        assert!(!text.contains("99999999999"), "{text}");
        assert!(text.contains("<si><t>a</t></si>"), "{text}");
        assert_eq!(text.len(), sst.len());
    }

    #[test]
    fn declared_string_counts_are_blanked_in_every_shared_strings_part() {
        // Found by the xlsx fuzz target: calamine read the exact-case
        // part, only the other was blanked, and it reserved 2.4 TB.
        let sst = br#"<sst count="1" uniqueCount="100000000000"><si><t>a</t></si></sst>"#;
        let names = [
            "XL/SHAREDSTRINGS.XML",
            "xl/sharedStrings.xml",
            "book/sharedStrings.xml",
        ];
        let parts: Vec<(&str, &[u8])> = names.iter().map(|n| (*n, &sst[..])).collect();
        let p = Package::open(&zip_of(&parts), "xlsx").unwrap();
        for name in names {
            let text = std::str::from_utf8(&p.parts[name]).unwrap();
            assert!(!text.contains("100000000000"), "{name}: {text}");
        }
    }

    #[test]
    fn absurd_space_runs_are_refused() {
        let content = br#"<office:document-content><text:p>a<text:s text:c="2000000000"/></text:p></office:document-content>"#;
        let bytes = zip_of(&[("content.xml", content)]);
        assert!(matches!(
            Package::open(&bytes, "ods"),
            Err(ReadError::TooManySpaces {
                count: 2_000_000_000
            })
        ));
        // Many runs of a reasonable length, past the total.
        let many = format!(
            "<text:p>{}</text:p>",
            r#"<text:s text:c="9000"/>"#.repeat(200)
        );
        let bytes = zip_of(&[("content.xml", many.as_bytes())]);
        assert!(matches!(
            Package::open(&bytes, "ods"),
            Err(ReadError::TooManySpaces { .. })
        ));
        let fine = br#"<text:p>a<text:s text:c="3"/>b<text:s/></text:p>"#;
        let bytes = zip_of(&[("content.xml", fine)]);
        assert!(Package::open(&bytes, "ods").is_ok());
    }
}
