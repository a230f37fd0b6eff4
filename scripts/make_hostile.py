#!/usr/bin/env python3
"""Hostile files for tests/hostile.rs: small files (a few hundred KB at most) that claim, inflate to
or take far more than they look — each must end as one finding on that file while the rest of a run goes
on. Written byte by byte (zip packages with Python's zipfile, compound files by hand), deterministically.

    python3 scripts/make_hostile.py        # writes tests/fixtures/hostile/*.{xlsx,xls,ods} and expected.json

Each case names the finding expected (the issue code). The cases come from an attacker's and a damaged
e-mail attachment's view of the readers: declared counts calamine trusts, zip bombs, repeated cells,
space runs, looping compound-file chains, thousands of sheets, entity expansion, deep nesting.
"""

from __future__ import annotations

import json
import struct
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "hostile"
ZIP_TIME = (2025, 11, 25, 8, 0, 0)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"
A_SHEET = SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + SHEET_TAIL
SST_OK = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>Sở Y tế</t></si></sst>'


def write_zip(path: Path, parts: list[tuple[str, bytes | str]], stored_first: str | None = None):
    """A zip of `parts` (deflated, at the highest level, fixed times)."""
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts:
            if isinstance(data, str):
                data = data.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED
            info.create_system = 0
            z.writestr(info, data, compresslevel=9)


def xlsx(path: Path, sheet: bytes | str = A_SHEET, strings: bytes | str = SST_OK, extra=()):
    write_zip(path, [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings),
        *extra,
    ])


def ods(path: Path, body: str):
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>" + body + "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    write_zip(path, [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content),
    ], stored_first="mimetype")


# --------------------------------------------------------------------------- compound files (.xls)

FREE, END, FAT_SECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def cfb(stream: bytes, name: str = "Workbook", difat_loop: bool = False, shift: int = 9,
        size: int = 0) -> bytes:
    """A compound file of sectors of 2**`shift` bytes holding one stream (in regular sectors, padded to at
    least 4096 bytes so it is not in the mini stream), padded with free sectors to `size` bytes. With
    `difat_loop`, the header names a DIFAT sector that points to itself and lists the first FAT sector
    over and over."""
    sector_size = 1 << shift
    stream = stream + b"\0" * max(0, 4096 - len(stream))
    per = sector_size // 4
    data_sectors = -(-len(stream) // sector_size)
    extra = 1 if difat_loop else 0
    fat_sectors = 1
    while fat_sectors * per < fat_sectors + 1 + data_sectors + extra:
        fat_sectors += 1
    assert fat_sectors <= 109
    # Layout: FAT sectors, the directory, the stream, then the DIFAT sector.
    directory_at = fat_sectors
    stream_at = fat_sectors + 1
    n = stream_at + data_sectors + extra
    fat = [FREE] * (fat_sectors * per)
    for i in range(fat_sectors):
        fat[i] = FAT_SECT
    fat[directory_at] = END
    for i in range(data_sectors):
        fat[stream_at + i] = stream_at + i + 1 if i + 1 < data_sectors else END
    if difat_loop:
        fat[n - 1] = 0xFFFFFFFC  # DIFSECT
    header = bytearray(sector_size)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHH", header, 0x18, 0x3E, 3, 0xFFFE, shift)
    struct.pack_into("<H", header, 0x20, 6)
    struct.pack_into("<I", header, 0x2C, fat_sectors)
    struct.pack_into("<I", header, 0x30, directory_at)
    struct.pack_into("<I", header, 0x38, 4096)  # mini stream cutoff
    struct.pack_into("<I", header, 0x3C, END)  # no mini FAT
    struct.pack_into("<I", header, 0x40, 0)
    struct.pack_into("<I", header, 0x44, (n - 1) if difat_loop else END)
    struct.pack_into("<I", header, 0x48, 1 if difat_loop else 0)
    for i in range(109):
        struct.pack_into("<I", header, 0x4C + 4 * i, i if i < fat_sectors else FREE)

    def entry(name: str, typ: int, start: int, size: int, child=FREE) -> bytes:
        e = bytearray(128)
        units = name.encode("utf-16-le") + b"\0\0"
        e[0:len(units)] = units
        struct.pack_into("<H", e, 64, len(units))
        e[66] = typ
        e[67] = 1  # black
        struct.pack_into("<III", e, 68, FREE, FREE, child)
        struct.pack_into("<I", e, 116, start)
        struct.pack_into("<I", e, 120, size)
        return bytes(e)

    directory = entry("Root Entry", 5, END, 0, child=1) + entry(name, 2, stream_at, len(stream))
    directory += b"\0" * (sector_size - len(directory))
    body = bytes(header) + struct.pack(f"<{len(fat)}I", *fat) + directory
    body += stream + b"\0" * (data_sectors * sector_size - len(stream))
    if difat_loop:
        difat = [0] * (per - 1) + [n - 1]  # FAT sector 0 again and again; next DIFAT: itself
        body += struct.pack(f"<{per}I", *difat)
    return body + b"\0" * max(0, size - len(body))


def biff(typ: int, data: bytes) -> bytes:
    return struct.pack("<HH", typ, len(data)) + data


def bof() -> bytes:
    return biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06))


def many_sheets(count: int) -> bytes:
    """A BIFF8 workbook stream whose globals list `count` sheets, all at offset 0."""
    sheets = b"".join(
        biff(0x0085, struct.pack("<IBB", 0, 0, 0) + struct.pack("<BB", 1, 0) + b"S")
        for _ in range(count)
    )
    return bof() + sheets + biff(0x000A, b"")


# --------------------------------------------------------------------------- the cases

def cases() -> list[tuple[str, str, str]]:
    """(file name, expected issue code, what the file does)."""
    out = []

    def case(name, code, what, write):
        write(OUT / name)
        out.append((name, code, what))

    pad = " " * 5000
    case("so-chuoi-khai-khong-co-dau-cach.xlsx", "no-score-table",
         "sharedStrings declares uniqueCount = \"100000000000\" with spaces around '=' (calamine reserves that many strings)",
         lambda p: xlsx(p, strings=SST_OK.replace('uniqueCount="1"', 'uniqueCount = "100000000000"')))
    case("so-chuoi-khai-sau-4kb.xlsx", "no-score-table",
         "sharedStrings declares uniqueCount after 4 KB of attributes",
         lambda p: xlsx(p, strings=SST_OK.replace('count="1"', f'count="1"{pad}').replace(
             'uniqueCount="1"', 'uniqueCount="100000000000"')))
    case("bom-o-trong.xlsx", "unreadable-file",
         "a sheet of 200 MB of empty <c/> cells in a 200 KB file (a zip bomb)",
         lambda p: xlsx(p, sheet=SHEET_HEAD + '<row r="1">' + "<c/>" * 50_000_000 + "</row>" + SHEET_TAIL))
    case("mot-chuoi-200mb.xlsx", "unreadable-file",
         "one shared string of 200 MB",
         lambda p: xlsx(p, strings=SST_OK.replace("Sở Y tế", "a" * 200_000_000)))
    case("xml-thua-200mb.xlsx", "unreadable-file",
         "200 MB of XML nobody reads (a comment in an extra part)",
         lambda p: xlsx(p, extra=[("xl/thua.xml", "<x><!--" + "-" * 200_000_000 + "--></x>")]))
    case("xml-thua-trong-trang-tinh.xlsx", "unreadable-file",
         "200 MB of XML the reader skips inside the sheet (an extension element after the cells)",
         lambda p: xlsx(p, sheet=A_SHEET.replace(
             "</worksheet>", "<extLst><ext uri=\"x\">" + "<x/>" * 50_000_000 + "</ext></extLst></worksheet>")))
    case("o-lap-co-gia-tri-khong-kieu.ods", "unreadable-file",
         "2,000 rows of 16,384 repeated cells carrying office:value but no value type",
         lambda p: ods(p, '<table:table table:name="T">' + (
             '<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value="1"/></table:table-row>'
             * 2000) + "</table:table>"))
    case("khoang-trang-2-ty.ods", "unreadable-file",
         "three <text:s text:c=\"2000000000\"/> in a cell",
         lambda p: ods(p, '<table:table table:name="T"><table:table-row><table:table-cell office:value-type="string">'
                          '<text:p>a' + '<text:s text:c="2000000000"/>' * 3 + "</text:p></table:table-cell>"
                          "</table:table-row></table:table>"))
    case("difat-tu-tro.xls", "unreadable-file",
         "a 1 MB compound file of 64 KiB sectors whose DIFAT sector points to itself and lists one FAT sector "
         "over and over (followed as often as the file has sectors, 16 × 16,383 FAT sectors: a 17 GB table)",
         lambda p: p.write_bytes(cfb(many_sheets(1), difat_loop=True, shift=16, size=1 << 20)))
    case("87000-trang-tinh.xls", "unreadable-file",
         "a BIFF8 workbook listing 87,000 sheets, all at offset 0",
         lambda p: p.write_bytes(cfb(many_sheets(87_000))))
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10)).replace("&lol0;", "&lol;")
              + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>')
    case("billion-laughs.xlsx", "unreadable-file",
         "a billion-laughs entity expansion in the shared strings",
         lambda p: xlsx(p, strings=laughs))
    case("long-sau.xlsx", "no-score-table",
         "elements nested 100,000 deep in a sheet",
         lambda p: xlsx(p, sheet=SHEET_HEAD + "<x>" * 100_000 + "</x>" * 100_000 + SHEET_TAIL))
    return out


def main(argv):
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    listed = cases()
    (OUT / "expected.json").write_text(json.dumps(
        {"cases": [{"file": f, "code": c, "what": w} for f, c, w in listed]},
        ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for f, c, w in listed:
        print(f"{(OUT / f).stat().st_size:>9,} B  {f}: {c} — {w}")


if __name__ == "__main__":
    main(sys.argv[1:])
