#!/usr/bin/env python3
"""Regenerate the fixtures of tests/fixtures/read/ (files read by tests/read_files.rs).

Every spreadsheet is written by an independent tool, never by thidua itself:
openpyxl (.xlsx), xlwt (.xls BIFF8), LibreOffice (.ods and an .xls converted
from .xlsx), msoffcrypto-tool (a password-protected .xlsx).
The rest are hand-made look-alikes of what units really send: an empty file,
a truncated download, a web page saved as .xls, a PDF, a Word-like zip, a CSV
named .xlsx, an .xlsx renamed .xls, and file names with Vietnamese diacritics
in NFC and NFD.

Needs: python3 with openpyxl, xlwt, msoffcrypto-tool; soffice on PATH.
Run from anywhere:  python3 scripts/fixtures_read.py
The generated files are committed; scripts/regenerate runs this script with the
others (CI: scripts/regenerate --check). openpyxl stamps the save time into
docProps/core.xml, so reruns change bytes but not content.
"""

import datetime
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

from msoffcrypto.format.ooxml import OOXMLFile
import openpyxl
import xlwt
from openpyxl.styles import Font

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "read")
FIXED_TIME = datetime.datetime(2024, 12, 1, 8, 0, 0)
ZIP_TIME = (2024, 12, 1, 8, 0, 0)


def path(name):
    return os.path.join(OUT, name)


def write_bytes(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


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


def basic_xlsx():
    """The reference workbook, read back cell by cell by the tests.

    Sheet "Bảng điểm" (visible):
      A1:D1 merged, "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2024" in Times New Roman
      A3:D3 headers; A4:D5 two criteria with numbers (C4 = 10, C5 = 7.5)
      A6 "Cộng", C6 = 17.5, D6 true, B7 an error #DIV/0!, C7 a date
      A8 text typed in the TCVN3 font .VnTime
      E9 "=SUM(C4:C5)" saved by openpyxl without a computed value
    Sheet "Ẩn" (hidden): A1 "Ghi chú", B2 = 42
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bảng điểm"
    ws["A1"] = "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2024"
    ws["A1"].font = Font(name="Times New Roman", bold=True)
    ws.merge_cells("A1:D1")
    for col, text in zip("ABCD", ["STT", "Nội dung", "Điểm tự chấm", "Ghi chú"]):
        ws[f"{col}3"] = text
    ws["A4"], ws["B4"], ws["C4"] = 1, "Công tác tham mưu", 10
    ws["A5"], ws["B5"], ws["C5"] = 2, "Cải cách hành chính", 7.5
    ws["A6"], ws["C6"], ws["D6"] = "Cộng", 17.5, True
    ws["B7"] = "#DIV/0!"
    ws["B7"].data_type = "e"
    ws["C7"] = datetime.date(2024, 12, 31)
    ws["A8"] = "Së Y tÕ"  # "Sở Y tế" typed with the TCVN3 (ABC) keyboard
    ws["A8"].font = Font(name=".VnTime")
    ws["E9"] = "=SUM(C4:C5)"
    hidden = wb.create_sheet("Ẩn")
    hidden["A1"] = "Ghi chú"
    hidden["B2"] = 42
    hidden.sheet_state = "hidden"
    wb.properties.created = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return normalise_zip(buf.getvalue())


def simple_xlsx(unit):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = unit
    ws["B1"] = 95
    wb.properties.created = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return normalise_zip(buf.getvalue())


def huge_box_xlsx():
    """Two values at opposite corners of the sheet: a bounding box of
    17 billion cells, which must not be allocated."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Rộng"
    ws["A1"] = "góc trên"
    ws["XFD1048576"] = "góc dưới"
    wb.create_sheet("Thường")["B2"] = 1
    wb.properties.created = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return normalise_zip(buf.getvalue())


def xlsm_from(xlsx):
    """Add a (dummy) VBA project and the macro content type, as Excel does."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            dst.writestr(zipfile.ZipInfo(info.filename, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
        dst.writestr(zipfile.ZipInfo("xl/vbaProject.bin", ZIP_TIME), b"\0" * 64, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def basic_xls():
    """BIFF8 by xlwt: sheet "Tổng hợp" with A1:C1 merged, text and numbers;
    a second sheet "Phụ lục"."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Tổng hợp")
    ws.write_merge(0, 0, 0, 2, "Khối thi đua các sở, ngành")
    ws.write(2, 0, "Đơn vị")
    ws.write(2, 1, "Điểm")
    ws.write(3, 0, "Sở Tài chính")
    ws.write(3, 1, 95.5)
    ws.write(4, 0, "Sở Tư pháp")
    ws.write(4, 1, 88)
    ws.write_merge(6, 7, 0, 0, "Ghi chú")
    other = wb.add_sheet("Phụ lục")
    other.write(1, 1, "x")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def far_cell_xls(xls):
    """The xlwt workbook with one RK (number) record moved to row 60000,
    column 65000 (far beyond the 256 columns of .xls), as a damaged file
    can have it: a bounding box of 3.9 billion cells that must be refused,
    not allocated."""
    at = xls.index(b"\x7e\x02\x0a\x00") + 4  # RK record: row, col, xf, value
    position = (60000).to_bytes(2, "little") + (65000).to_bytes(2, "little")
    return xls[:at] + position + xls[at + 4 :]


def soffice_convert(src_name, data, target):
    """Convert bytes with LibreOffice, returning the converted bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, src_name)
        with open(src, "wb") as f:
            f.write(data)
        profile = os.environ.get("LO_PROFILE") or "file://" + os.path.join(tmp, "profile")
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless",
             "--convert-to", target, "--outdir", os.path.join(tmp, "out"), src],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        stem = os.path.splitext(src_name)[0]
        with open(os.path.join(tmp, "out", f"{stem}.{target.split(':')[0]}"), "rb") as f:
            return f.read()


def encrypted(xlsx):
    out = io.BytesIO()
    office = OOXMLFile(io.BytesIO(xlsx))
    office.encrypt("matkhau", out)
    return out.getvalue()


def ole_word_like(xls):
    """A compound file whose main stream is "WordDocument", as in a Word 97
    .doc: the xlwt workbook with its "Workbook" directory entry renamed
    (LibreOffice here has no Writer to make a real one)."""
    old = "Workbook".encode("utf-16-le") + b"\0\0"
    new = "WordDocument".encode("utf-16-le") + b"\0\0"
    at = xls.index(old)
    entry = bytearray(xls[at : at + 128])
    entry[0:64] = new.ljust(64, b"\0")
    entry[64:66] = len(new).to_bytes(2, "little")
    return xls[:at] + bytes(entry) + xls[at + 128 :]


def docx_like():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", ZIP_TIME),
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr(zipfile.ZipInfo("word/document.xml", ZIP_TIME),
                   '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
    return out.getvalue()


def plain_zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("Sở Y tế/bang diem.txt", ZIP_TIME), "95")
    return out.getvalue()


HTML_XLS = """\ufeff<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta charset="utf-8"><title>Bảng điểm</title></head>
<body><table><tr><td>Sở Y tế</td><td>95</td></tr></table></body></html>
"""

PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""

CSV = "STT,Nội dung,Điểm\n1,Công tác tham mưu,10\n2,Cải cách hành chính,7.5\n"


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)

    xlsx = basic_xlsx()
    write_bytes("basic.xlsx", xlsx)
    write_bytes("macro.xlsm", xlsm_from(xlsx))
    write_bytes("huge_box.xlsx", huge_box_xlsx())
    write_bytes("xlsx_named.xls", xlsx)
    write_bytes("truncated.xlsx", xlsx[: len(xlsx) // 2])
    write_bytes("encrypted.xlsx", encrypted(xlsx))
    write_bytes("basic.xls", basic_xls())
    write_bytes("far_cell.xls", far_cell_xls(basic_xls()))
    write_bytes("converted.xls", soffice_convert("converted.xlsx", xlsx, "xls"))
    write_bytes("basic.ods", soffice_convert("basic.xlsx", xlsx, "ods"))
    write_bytes("word_like.doc", ole_word_like(basic_xls()))
    write_bytes("empty.xlsx", b"")
    write_bytes("web_page.xls", HTML_XLS.encode("utf-8"))
    write_bytes("scan.xls", PDF)
    write_bytes("word_named.xlsx", docx_like())
    write_bytes("archive.xlsx", plain_zip())
    write_bytes("csv_named.xlsx", CSV.encode("utf-8"))
    write_bytes(unicodedata.normalize("NFD", "Sở Y tế.xlsx"), simple_xlsx("Sở Y tế"))
    write_bytes(unicodedata.normalize("NFC", "Sở Tư pháp.xlsx"), simple_xlsx("Sở Tư pháp"))

    for name in sorted(os.listdir(OUT)):
        print(f"{os.path.getsize(path(name)):8d}  {name}")


if __name__ == "__main__":
    sys.exit(main())
