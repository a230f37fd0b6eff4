//! When a workbook was last saved, as its program recorded it inside the
//! file (ngày lưu tệp): `dcterms:modified` in an .xlsx package's
//! docProps/core.xml, `dc:date` in an .ods package's meta.xml, the last-saved
//! time of an .xls file's SummaryInformation stream. Used to tell which of
//! two versions of a unit's table is the newer.
//!
//! Never panics; a damaged or absent record gives `None`. Depends on
//! `ole`, `xml` and the inflated `package` only.

use super::ole::{self, u16_at, u32_at};
use super::package::Package;
use super::xml;

/// The saved date of a package (.xlsx, .xlsm, .ods) as
/// "YYYY-MM-DDTHH:MM:SS" (UTC where the file says so), or `None` when it
/// does not record one.
pub fn package_saved(package: &Package) -> Option<String> {
    match package.part("docProps/core.xml") {
        Some(core) => element_text(core, b"modified"),
        None => element_text(package.part("meta.xml")?, b"date"),
    }
}

/// The saved date of an .xls file, from its SummaryInformation stream.
pub fn xls_saved(bytes: &[u8]) -> Option<String> {
    summary_last_saved(&ole::stream(bytes, "\u{5}SummaryInformation")?)
}

/// The text of the first element with local name `local`, as a date.
fn element_text(part: &[u8], local: &[u8]) -> Option<String> {
    let tag =
        xml::Tags::new(part).find(|t| t.kind == xml::Kind::Open && t.local_name() == local)?;
    iso_date(std::str::from_utf8(tag.text).ok()?.trim())
}

/// "2025-11-25T08:00:00Z", "2025-11-25T08:00:00.123" → "2025-11-25T08:00:00".
fn iso_date(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let shape = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10);
    if !shape {
        return None;
    }
    if b.get(10) == Some(&b'T') && digits(11..13) && digits(14..16) && digits(17..19) {
        return Some(text[..19].to_string());
    }
    Some(format!("{}T00:00:00", &text[..10]))
}

/// PID_LASTSAVE_DTM (13) of the SummaryInformation property set: a FILETIME.
fn summary_last_saved(stream: &[u8]) -> Option<String> {
    if u16_at(stream, 0)? != 0xFFFE {
        return None;
    }
    // Header (28 bytes), then FMTID (16) and offset (4) of the first section.
    let section = usize::try_from(u32_at(stream, 44)?).ok()?;
    let count = usize::try_from(u32_at(stream, section + 4)?)
        .ok()?
        .min(1024);
    for k in 0..count {
        let at = section + 8 + k * 8;
        if u32_at(stream, at)? != 13 {
            continue;
        }
        let value = section + usize::try_from(u32_at(stream, at + 4)?).ok()?;
        const VT_FILETIME: u32 = 64;
        if u32_at(stream, value)? != VT_FILETIME {
            return None;
        }
        let low = u64::from(u32_at(stream, value + 4)?);
        let high = u64::from(u32_at(stream, value + 8)?);
        let ticks = (high << 32) | low;
        if ticks == 0 {
            return None;
        }
        // 100 ns ticks since 1601-01-01.
        let secs = i64::try_from(ticks / 10_000_000).ok()? - 11_644_473_600;
        return Some(iso_from_unix(secs));
    }
    None
}

/// Seconds since 1970-01-01 UTC as "YYYY-MM-DDTHH:MM:SS".
pub fn iso_from_unix(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_form() {
        assert_eq!(
            iso_date("2025-11-25T08:00:00Z").as_deref(),
            Some("2025-11-25T08:00:00")
        );
        assert_eq!(
            iso_date("2025-11-25T08:00:00.123456789").as_deref(),
            Some("2025-11-25T08:00:00")
        );
        assert_eq!(
            iso_date("2025-11-25").as_deref(),
            Some("2025-11-25T00:00:00")
        );
        assert_eq!(iso_date("hôm qua"), None);
        assert_eq!(iso_from_unix(0), "1970-01-01T00:00:00");
        assert_eq!(iso_from_unix(1_764_057_600), "2025-11-25T08:00:00");
    }

    #[test]
    fn core_properties() {
        let core = br#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dcterms="y"><dc:creator>A</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2025-01-02T03:04:05Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2025-11-25T08:00:00Z</dcterms:modified></cp:coreProperties>"#;
        assert_eq!(
            element_text(core, b"modified").as_deref(),
            Some("2025-11-25T08:00:00")
        );
        assert_eq!(element_text(b"<a><b>", b"modified"), None);
    }

    #[test]
    fn damaged_files_have_no_date() {
        assert_eq!(xls_saved(&[0xD0, 0xCF, 0x11, 0xE0]), None);
        assert_eq!(summary_last_saved(&[0xFE, 0xFF, 0, 0]), None);
        assert_eq!(package_saved(&Package::default()), None);
    }
}
