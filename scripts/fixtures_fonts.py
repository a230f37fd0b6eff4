#!/usr/bin/env python3
"""Regenerate the fixtures of tests/fixtures/read/fonts/ (read by tests/read_fonts.rs).

Cells typed in legacy Vietnamese fonts, written by independent tools, never by
thidua: legacy bytes are written as their Windows-1252 surface characters, the
way Excel keeps them (the TCVN3 bytes of "Sở Y tế" are "Së Y tÕ").

  fonts.xls          xlwt (BIFF8): cells in .VnTime, .VnTimeH, VNI-Times,
                     Times New Roman and the default font (Arial), a number, a
                     formula, two rich-text cells (SST formatting runs), and a
                     second sheet.
  fonts_lo.xls       fonts.xls saved again by LibreOffice (xls -> xls): a
                     second writer's FONT/XF/SST layout.
  fonts.ods          fonts.xls saved by LibreOffice as .ods (xls -> ods): cell
                     fonts in automatic cell styles (style:font-name), the
                     default font in styles.xml.
  rich.xlsx          openpyxl: rich-text cells mixing .VnTime, VNI-Times and
                     Times New Roman runs (CellRichText / TextBlock / InlineFont).
  biff5_cp1258.xls   BIFF5 (Excel 5.0/95) in code page 1258, written record by
                     record below: no tool here writes BIFF5 with single-byte
                     text (LibreOffice only reads BIFF5; Gnumeric's BIFF7 export
                     writes UTF-16 text and code page 1200). Checked with xlrd.

Needs: python3 with openpyxl, xlwt, xlrd; soffice on PATH.
Run from anywhere:  python3 scripts/fixtures_fonts.py
The generated files are committed; scripts/regenerate runs this script with the
others (CI: scripts/regenerate --check).
"""

import io
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile

import openpyxl
import xlrd
import xlwt
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "read", "fonts")
ZIP_TIME = (2024, 12, 1, 8, 0, 0)
# LibreOffice profile of the conversions (LO_PROFILE=file:///… picks another).
PROFILE = "-env:UserInstallation=" + os.environ.get("LO_PROFILE", "file:///tmp/lo-profile-fonts")

# TCVN3 and VNI text as Windows-1252 surface characters.
TCVN3_SO_Y_TE = "Së Y tÕ"  # Sở Y tế
TCVN3_BANG_DIEM = "b¶ng ®iÓm"  # bảng điểm, lowercase codes for an H font
TCVN3_THI_TRAN = "ThÞ trÊn"  # Thị trấn (Þ is DE, a combining tilde in 1258)
VNI_CONG_HOA = "Coäng hoøa - Ñaûng"  # Cộng hòa - Đảng


def path(name):
    return os.path.join(OUT, name)


def normalise_zip(data):
    """Rewrite a zip with fixed timestamps so reruns give the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def xlwt_font(name, bold=False):
    font = xlwt.Font()
    font.name = name
    font.bold = bold
    return font


def xlwt_style(name):
    style = xlwt.XFStyle()
    style.font = xlwt_font(name)
    return style


def fonts_xls():
    """Sheet "Bảng điểm":
      A1 "Së Y tÕ" in .VnTime          B1 95.5 in .VnTime (NUMBER)
      A2 "b¶ng ®iÓm" in .VnTimeH       B2 3 in VNI-Times (RK)
      A3 "Coäng hoøa - Ñaûng" VNI-Times B3 =B1+B2 in Times New Roman
      A4 "Sở Y tế" in Times New Roman
      A5 "Mặc định" in the default style (Arial)
      A6 rich text: "UBND " in Times New Roman, "ThÞ trÊn" in .VnTime
      A7 rich text all in .VnTime ("Së " plain, "Y tÕ" bold)
    Sheet "Phụ lục": B2 "Coäng hoøa - Ñaûng" in VNI-Times, C3 "Ghi chú" in Arial.
    """
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Bảng điểm")
    ws.write(0, 0, TCVN3_SO_Y_TE, xlwt_style(".VnTime"))
    ws.write(1, 0, TCVN3_BANG_DIEM, xlwt_style(".VnTimeH"))
    ws.write(2, 0, VNI_CONG_HOA, xlwt_style("VNI-Times"))
    ws.write(3, 0, "Sở Y tế", xlwt_style("Times New Roman"))
    ws.write(4, 0, "Mặc định")
    ws.write(0, 1, 95.5, xlwt_style(".VnTime"))
    ws.write(1, 1, 3, xlwt_style("VNI-Times"))
    ws.write(2, 1, xlwt.Formula("B1+B2"), xlwt_style("Times New Roman"))
    ws.write_rich_text(
        5,
        0,
        [("UBND ", xlwt_font("Times New Roman")), (TCVN3_THI_TRAN, xlwt_font(".VnTime"))],
        xlwt_style("Times New Roman"),
    )
    ws.write_rich_text(
        6,
        0,
        [("Së ", xlwt_font(".VnTime")), ("Y tÕ", xlwt_font(".VnTime", bold=True))],
        xlwt_style("Arial"),
    )
    ws2 = wb.add_sheet("Phụ lục")
    ws2.write(1, 1, VNI_CONG_HOA, xlwt_style("VNI-Times"))
    ws2.write(2, 2, "Ghi chú")
    wb.save(path("fonts.xls"))


def libreoffice_roundtrip():
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in")
        os.mkdir(src)
        shutil.copy(path("fonts.xls"), os.path.join(src, "fonts_lo.xls"))
        subprocess.run(
            [
                "soffice",
                "--headless",
                PROFILE,
                "--convert-to",
                "xls:MS Excel 97",
                "--outdir",
                tmp,
                os.path.join(src, "fonts_lo.xls"),
            ],
            check=True,
            capture_output=True,
        )
        shutil.copy(os.path.join(tmp, "fonts_lo.xls"), path("fonts_lo.xls"))


def fonts_ods():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                "soffice",
                "--headless",
                PROFILE,
                "--convert-to",
                "ods",
                "--outdir",
                tmp,
                path("fonts.xls"),
            ],
            check=True,
            capture_output=True,
        )
        shutil.copy(os.path.join(tmp, "fonts.ods"), path("fonts.ods"))


def rich_xlsx():
    """Sheet "Bảng điểm" (cell font Calibri unless said):
      A1 rich: "Sở Y tế " in Times New Roman, "Së Y tÕ" in .VnTime
      A2 "Së Y tÕ" in the cell font .VnTime (no runs)
      A3 rich, cell font Times New Roman: "UBND " with no run font, then
         "Coäng hoøa - Ñaûng" in VNI-Times
      A4 rich all in .VnTime ("Së " plain, "Y tÕ" bold): one font, no runs
      B5 the same rich text as A1
    Sheet "Phụ lục": C3 rich: "b¶ng ®iÓm" in .VnTimeH, " 2024" in Arial.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bảng điểm"
    tnr = InlineFont(rFont="Times New Roman")
    vntime = InlineFont(rFont=".VnTime")
    a1 = CellRichText([TextBlock(tnr, "Sở Y tế "), TextBlock(vntime, TCVN3_SO_Y_TE)])
    ws["A1"] = a1
    ws["A2"] = TCVN3_SO_Y_TE
    ws["A2"].font = Font(name=".VnTime")
    ws["A3"] = CellRichText(["UBND ", TextBlock(InlineFont(rFont="VNI-Times"), VNI_CONG_HOA)])
    ws["A3"].font = Font(name="Times New Roman")
    ws["A4"] = CellRichText(
        [TextBlock(vntime, "Së "), TextBlock(InlineFont(rFont=".VnTime", b=True), "Y tÕ")]
    )
    ws["B5"] = CellRichText([TextBlock(tnr, "Sở Y tế "), TextBlock(vntime, TCVN3_SO_Y_TE)])
    ws2 = wb.create_sheet("Phụ lục")
    ws2["C3"] = CellRichText(
        [TextBlock(InlineFont(rFont=".VnTimeH"), TCVN3_BANG_DIEM), TextBlock(InlineFont(rFont="Arial"), " 2024")]
    )
    buf = io.BytesIO()
    wb.save(buf)
    with open(path("rich.xlsx"), "wb") as f:
        f.write(normalise_zip(buf.getvalue()))


# ---------------------------------------------------------------- BIFF5


def record(typ, data):
    return struct.pack("<HH", typ, len(data)) + data


def biff5_font(name):
    # height, options, colour, weight, escapement, underline, family,
    # charset, reserved, then the name as a byte string.
    data = struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0)
    return record(0x0031, data + bytes([len(name)]) + name.encode("ascii"))


def biff5_xf(font, style):
    kind = 0xFFF5 if style else 0x0001
    data = struct.pack("<HHH", font, 0, kind) + bytes([0x20, 0x00, 0xC0, 0x20]) + bytes(6)
    return record(0x00E0, data)


def cell_head(row, col, xf):
    return struct.pack("<HHH", row, col, xf)


def biff5_workbook_stream():
    """Globals: CODEPAGE 1258; fonts 0-3 Arial, then (index 4 skipped)
    5 .VnTime, 6 VNI-Times, 7 .VnTimeH; XF 15 Arial, 16 .VnTime,
    17 VNI-Times, 18 .VnTimeH. Sheet "Bang diem":
      A1 LABEL "Së Y tÕ" bytes, .VnTime      B1 NUMBER 95.5, .VnTime
      A2 LABEL "b¶ng ®iÓm" bytes, .VnTimeH
      A3 LABEL "Coäng hoøa - Ñaûng" bytes, VNI-Times
      A4 RSTRING "UBND ThÞ trÊn": the cell in Arial, a run in .VnTime from 5
      A5 LABEL "Tong", Arial
    """
    cp = lambda s: s.encode("cp1252")  # the legacy bytes of a surface
    bof = lambda kind: record(0x0809, struct.pack("<HHHH", 0x0500, kind, 0x096C, 0x07C9))
    globals_ = [bof(0x0005), record(0x0042, struct.pack("<H", 1258))]
    globals_ += [biff5_font("Arial")] * 4
    globals_ += [biff5_font(".VnTime"), biff5_font("VNI-Times"), biff5_font(".VnTimeH")]
    globals_ += [biff5_xf(0, True)] * 15
    globals_ += [biff5_xf(0, False), biff5_xf(5, False), biff5_xf(6, False), biff5_xf(7, False)]
    name = b"Bang diem"
    boundsheet_len = 4 + 4 + 2 + 1 + len(name)
    head = b"".join(globals_)
    offset = len(head) + boundsheet_len + 4  # after BOUNDSHEET and EOF
    head += record(0x0085, struct.pack("<IHB", offset, 0, len(name)) + name)
    head += record(0x000A, b"")
    assert len(head) == offset

    def label(row, col, xf, text):
        data = cp(text)
        return record(0x0204, cell_head(row, col, xf) + struct.pack("<H", len(data)) + data)

    rich = cp("UBND " + TCVN3_THI_TRAN)
    sheet = [
        bof(0x0010),
        record(0x0200, struct.pack("<HHHHH", 0, 5, 0, 2, 0)),
        label(0, 0, 16, TCVN3_SO_Y_TE),
        record(0x0203, cell_head(0, 1, 16) + struct.pack("<d", 95.5)),
        label(1, 0, 18, TCVN3_BANG_DIEM),
        label(2, 0, 17, VNI_CONG_HOA),
        record(
            0x00D6,
            cell_head(3, 0, 15) + struct.pack("<H", len(rich)) + rich + bytes([1, 5, 5]),
        ),
        label(4, 0, 15, "Tong"),
        record(0x000A, b""),
    ]
    stream = head + b"".join(sheet)
    # At least 4096 bytes, so the stream lives in regular sectors.
    return stream + bytes(max(0, 4096 - len(stream)))


def compound_file(stream_name, stream):
    """A minimal compound file (CFB v3, 512-byte sectors) holding one
    stream: sector 0 the FAT, sector 1 the directory, then the stream."""
    sector = 512
    stream = stream + bytes(-len(stream) % sector)
    n = len(stream) // sector
    assert n + 2 <= sector // 4
    endchain, fatsect, free, nostream = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 0x18, 0x003E, 0x0003, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, endchain, 0, endchain, 0)
    difat = [0] + [free] * 108
    struct.pack_into("<109I", header, 0x4C, *difat)
    fat = [fatsect, endchain] + [s + 1 for s in range(2, n + 1)] + [endchain]
    fat += [free] * (sector // 4 - len(fat))

    def entry(name, kind, child, start, size):
        units = name.encode("utf-16-le") + b"\0\0"
        e = bytearray(128)
        e[0 : len(units)] = units
        struct.pack_into("<HBB", e, 64, len(units), kind, 1)
        struct.pack_into("<III", e, 68, nostream, nostream, child)
        struct.pack_into("<IQ", e, 116, start, size)
        return bytes(e)

    directory = entry("Root Entry", 5, 1, endchain, 0) + entry(stream_name, 2, nostream, 2, len(stream))
    empty = bytearray(128)
    struct.pack_into("<III", empty, 68, nostream, nostream, nostream)
    directory += bytes(empty) * 2
    return bytes(header) + struct.pack(f"<{sector // 4}I", *fat) + directory + stream


def biff5_xls():
    with open(path("biff5_cp1258.xls"), "wb") as f:
        f.write(compound_file("Book", biff5_workbook_stream()))


# ---------------------------------------------------------------- checks


def check_with_xlrd():
    """Read the .xls fixtures back with xlrd: fonts by cell, as the tests expect."""
    for name, sheet, cells in [
        (
            "fonts.xls",
            0,
            {(0, 0): ".VnTime", (1, 0): ".VnTimeH", (2, 0): "VNI-Times", (3, 0): "Times New Roman",
             (4, 0): "Arial", (0, 1): ".VnTime", (1, 1): "VNI-Times", (2, 1): "Times New Roman"},
        ),
        ("fonts_lo.xls", 1, {(1, 1): "VNI-Times", (2, 2): "Arial"}),
        ("biff5_cp1258.xls", 0, {(0, 0): ".VnTime", (1, 0): ".VnTimeH", (2, 0): "VNI-Times",
                                 (3, 0): "Arial", (0, 1): ".VnTime"}),
    ]:
        book = xlrd.open_workbook(path(name), formatting_info=True)
        s = book.sheet_by_index(sheet)
        for (row, col), font in cells.items():
            xf = book.xf_list[s.cell_xf_index(row, col)]
            got = book.font_list[xf.font_index].name
            assert got == font, (name, row, col, got, font)
    book = xlrd.open_workbook(path("biff5_cp1258.xls"), formatting_info=True)
    assert book.biff_version == 50 and book.codepage == 1258, (book.biff_version, book.codepage)
    # xlrd decodes with the code page, as calamine does.
    got = book.sheet_by_index(0).cell_value(0, 0)
    assert got == TCVN3_SO_Y_TE.encode("cp1252").decode("cp1258"), got


def main():
    os.makedirs(OUT, exist_ok=True)
    fonts_xls()
    libreoffice_roundtrip()
    fonts_ods()
    rich_xlsx()
    biff5_xls()
    check_with_xlrd()
    print("fixtures written to", OUT)


if __name__ == "__main__":
    sys.exit(main())
