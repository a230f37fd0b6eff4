//! Reading one stream out of a compound file (OLE2 / CFB, the container of
//! .xls), so that the workbook stream can be checked before calamine
//! trusts its size fields.
//!
//! Bounds-checked throughout: a damaged file gives `None`, never a panic
//! or a loop. Where a damaged file leaves room for two readings, the stream
//! is found as calamine finds it (the fixed mini-stream cutoff, the whole
//! name field, the 64-bit size of 4096-byte-sector files): the checks must
//! see the bytes calamine will read. Pure functions over bytes; depends on
//! nothing else.

const FREE_OR_END: u32 = 0xFFFF_FFFA; // ids from here on are markers
const DIR_ENTRY: usize = 128;
/// Streams smaller than this are in the mini stream. The header repeats
/// it (0x38), but calamine uses the value the format fixes, whatever the
/// header says.
const MINI_STREAM_CUTOFF: u64 = 4096;

/// The content of the stream `name` (case-insensitive), or None when the
/// file is damaged or has no such stream.
pub fn stream(bytes: &[u8], name: &str) -> Option<Vec<u8>> {
    let cfb = Cfb::new(bytes)?;
    let directory = cfb.chain_bytes(&cfb.fat, u32_at(bytes, 0x30)?, cfb.sector_size)?;
    let entries: Vec<&[u8]> = directory.chunks_exact(DIR_ENTRY).collect();
    let root = entries.first()?;
    let entry = entries
        .iter()
        .find(|e| entry_name(e).is_some_and(|n| n.eq_ignore_ascii_case(name)))?;
    let start = u32_at(entry, 0x74)?;
    // Files of 4096-byte sectors give the size in 64 bits.
    let size = match cfb.sector_size {
        4096 => u64::from(u32_at(entry, 0x78)?) | u64::from(u32_at(entry, 0x7C)?) << 32,
        _ => u64::from(u32_at(entry, 0x78)?),
    };
    let mut content = if size < MINI_STREAM_CUTOFF {
        let mini_fat = cfb.table(u32_at(bytes, 0x3C)?)?;
        let mini_stream = cfb.chain_bytes(&cfb.fat, u32_at(root, 0x74)?, cfb.sector_size)?;
        let mini_size = 1usize << u16_at(bytes, 0x20)?.min(12);
        chain(&mini_fat, start)?
            .into_iter()
            .map(|id| mini_stream.get(id as usize * mini_size..(id as usize + 1) * mini_size))
            .collect::<Option<Vec<&[u8]>>>()?
            .concat()
    } else {
        cfb.chain_bytes(&cfb.fat, start, cfb.sector_size)?
    };
    content.truncate(usize::try_from(size).unwrap_or(usize::MAX));
    Some(content)
}

/// The workbook stream of an .xls file: "Workbook" (BIFF8), else "Book"
/// (BIFF5), as calamine looks for it.
pub fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    stream(bytes, "Workbook").or_else(|| stream(bytes, "Book"))
}

struct Cfb<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    fat: Vec<u32>,
}

impl<'a> Cfb<'a> {
    fn new(bytes: &'a [u8]) -> Option<Cfb<'a>> {
        let shift = u16_at(bytes, 0x1E)?;
        if !(7..=16).contains(&shift) {
            return None;
        }
        let sector_size = 1usize << shift;
        let mut cfb = Cfb {
            bytes,
            sector_size,
            fat: Vec::new(),
        };
        // The FAT's sectors: 109 listed in the header, the rest in a chain
        // of DIFAT sectors whose last slot points to the next one. A file
        // has at most `sectors` sectors: a FAT sector listed twice, or a
        // DIFAT chain that loops, is a damaged (or hostile) file.
        let sectors = bytes.len() / sector_size;
        let mut fat_sectors: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
            .filter(|id| *id < FREE_OR_END)
            .collect();
        let mut difat = u32_at(bytes, 0x44)?;
        let per_difat = sector_size / 4 - 1;
        let mut seen = std::collections::HashSet::new();
        while difat < FREE_OR_END {
            if !seen.insert(difat) || fat_sectors.len() > sectors {
                return None;
            }
            let sector = cfb.sector(difat)?;
            fat_sectors.extend(
                (0..per_difat)
                    .filter_map(|i| u32_at(sector, 4 * i))
                    .filter(|id| *id < FREE_OR_END),
            );
            difat = u32_at(sector, 4 * per_difat)?;
        }
        let distinct: std::collections::HashSet<&u32> = fat_sectors.iter().collect();
        if fat_sectors.len() > sectors || distinct.len() != fat_sectors.len() {
            return None;
        }
        let mut fat = Vec::with_capacity(fat_sectors.len() * (sector_size / 4));
        for id in fat_sectors {
            let sector = cfb.sector(id)?;
            fat.extend(sector.chunks_exact(4).filter_map(|b| u32_at(b, 0)));
        }
        cfb.fat = fat;
        Some(cfb)
    }

    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize)
            .checked_add(1)?
            .checked_mul(self.sector_size)?;
        self.bytes.get(start..start.checked_add(self.sector_size)?)
    }

    /// The concatenated sectors of a chain in a sector table.
    fn chain_bytes(&self, table: &[u32], start: u32, sector_size: usize) -> Option<Vec<u8>> {
        let ids = chain(table, start)?;
        let mut out = Vec::with_capacity(ids.len().saturating_mul(sector_size));
        for id in ids {
            out.extend_from_slice(self.sector(id)?);
        }
        Some(out)
    }

    /// A sector table (the mini FAT) stored in a chain of regular sectors.
    fn table(&self, start: u32) -> Option<Vec<u32>> {
        let bytes = self.chain_bytes(&self.fat, start, self.sector_size)?;
        Some(bytes.chunks_exact(4).filter_map(|b| u32_at(b, 0)).collect())
    }
}

/// The sector ids of a chain, stopping at the end marker; None when the
/// chain leaves the table or loops.
fn chain(table: &[u32], start: u32) -> Option<Vec<u32>> {
    let mut ids = Vec::new();
    let mut id = start;
    while id < FREE_OR_END {
        if ids.len() >= table.len() {
            return None;
        }
        ids.push(id);
        id = *table.get(id as usize)?;
    }
    Some(ids)
}

/// The UTF-16 name of a directory entry: its 64 bytes up to the first
/// NUL, whatever its length field says (as calamine reads it).
fn entry_name(entry: &[u8]) -> Option<String> {
    let units: Vec<u16> = entry
        .get(..64)?
        .chunks_exact(2)
        .filter_map(|b| u16_at(b, 0))
        .take_while(|u| *u != 0)
        .collect();
    String::from_utf16(&units).ok()
}

/// The little-endian u16 at `at`, if the bytes reach that far.
pub fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        bytes.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

/// The little-endian u32 at `at`, if the bytes reach that far.
pub fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        bytes.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_gives_none() {
        assert_eq!(stream(b"", "Workbook"), None);
        let mut header = vec![0u8; 512];
        header[0x1E] = 9;
        header[0x30..0x34].copy_from_slice(&0u32.to_le_bytes());
        // FAT sector 0 points to itself: a loop, not a hang.
        header[0x4C..0x50].copy_from_slice(&0u32.to_le_bytes());
        header.extend_from_slice(&[0u8; 512]);
        assert_eq!(stream(&header, "Workbook"), None);
    }

    /// A compound file of 512-byte sectors: the header, a FAT sector
    /// (sector 0), the directory (sector 1) with the root and a stream
    /// named "Workbook" of `size` bytes in sectors 2.., then `data`.
    fn compound_file(size: u32, data: &[u8]) -> Vec<u8> {
        let sectors = data.len().div_ceil(512) as u32;
        let mut file = vec![0u8; 512];
        file[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
        file[0x1E] = 9;
        file[0x20] = 6;
        file[0x30..0x34].copy_from_slice(&1u32.to_le_bytes());
        file[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes());
        file[0x3C..0x40].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        file[0x44..0x48].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        file[0x4C..0x50].copy_from_slice(&0u32.to_le_bytes());
        for i in 1..109 {
            file[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        }
        let mut fat = vec![0xFFFF_FFFDu32, 0xFFFF_FFFE];
        fat.extend((0..sectors).map(|i| if i + 1 == sectors { 0xFFFF_FFFE } else { 3 + i }));
        fat.resize(128, 0xFFFF_FFFF);
        file.extend(fat.iter().flat_map(|id| id.to_le_bytes()));
        let mut directory = vec![0u8; 512];
        for (entry, name, start, len) in [
            (0, "Root Entry", 0xFFFF_FFFEu32, 0u32),
            (1, "Workbook", 2, size),
        ] {
            let e = &mut directory[entry * 128..(entry + 1) * 128];
            for (i, unit) in name.encode_utf16().enumerate() {
                e[2 * i..2 * i + 2].copy_from_slice(&unit.to_le_bytes());
            }
            e[64..66].copy_from_slice(&(2 * name.len() as u16 + 2).to_le_bytes());
            e[0x74..0x78].copy_from_slice(&start.to_le_bytes());
            e[0x78..0x7C].copy_from_slice(&len.to_le_bytes());
        }
        file.extend(directory);
        file.extend_from_slice(data);
        file.resize(512 * (3 + sectors as usize), 0);
        file
    }

    #[test]
    fn the_stream_is_found_as_calamine_finds_it() {
        let data: Vec<u8> = (0..5000u32).map(|i| i as u8).collect();
        let file = compound_file(5000, &data);
        assert_eq!(stream(&file, "workbook"), Some(data.clone()));
        // Found by the xls fuzz target: a header claiming a mini-stream
        // cutoff of 65535 made this reader look in the mini stream (and
        // check 64 bytes) while calamine read the sectors (and allocated
        // 60 GB for what they held).
        let mut cutoff = file.clone();
        cutoff[0x38..0x3C].copy_from_slice(&65_535u32.to_le_bytes());
        assert_eq!(stream(&cutoff, "Workbook"), Some(data.clone()));
        // A name length field that disagrees with the name.
        let mut name = file.clone();
        name[512 * 2 + 128 + 64] = 2;
        assert_eq!(stream(&name, "Workbook"), Some(data));
    }

    #[test]
    fn a_difat_sector_pointing_to_itself_is_refused_at_once() {
        // 64 KiB sectors; the DIFAT chain starts at sector 0, whose last
        // slot points back to sector 0, and whose slots all name sector 0
        // as a FAT sector: before, a table of gigabytes was built.
        let shift = 16u16;
        let size = 1usize << shift;
        let mut file = vec![0u8; size * 3];
        file[0x1E..0x20].copy_from_slice(&shift.to_le_bytes());
        file[0x44..0x48].copy_from_slice(&0u32.to_le_bytes());
        for i in 0..109 {
            file[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&FREE_OR_END.to_le_bytes());
        }
        let difat = &mut file[size..2 * size];
        for slot in difat.chunks_exact_mut(4) {
            slot.copy_from_slice(&0u32.to_le_bytes());
        }
        assert_eq!(stream(&file, "Workbook"), None);
    }
}
