#!/usr/bin/env python3
"""Regenerate tests/fixtures/read/layout/ (read by tests/cli_convert.rs):
workbooks with custom column widths, a hidden column and number formats,
written by independent tools, and what each tool says they hold.

  layout.xlsx   openpyxl: widths A 12, B 30, D 6.5 (file widths, as openpyxl
                writes <col width>), C hidden; B2:B5 numbers in 0.00, #,##0,
                0%, #,##0.00; B6 a number in General.
  layout.xls    xlwt (BIFF8): the same, widths as COLINFO (1/256 char), formats
                by easyxf(num_format_str=...).
  layout.ods    layout.xlsx saved by LibreOffice (xlsx -> ods).
  expected.json per file: column widths (file width, in characters) and hidden
                flags, and number formats by cell, as read back by openpyxl
                (xlsx), xlrd (xls) and, for the .ods, by openpyxl from
                LibreOffice's own .ods -> .xlsx conversion.

Needs: python3 with openpyxl, xlwt, xlrd; soffice on PATH.
Run from anywhere:  python3 scripts/fixtures_layout.py
The generated files are committed; scripts/regenerate runs this script with the
others (CI: scripts/regenerate --check).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl
import xlrd
import xlwt
from openpyxl.utils import get_column_letter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "read", "layout")
# LibreOffice profile of the conversions (LO_PROFILE=file:///… picks another).
PROFILE = "-env:UserInstallation=" + os.environ.get("LO_PROFILE", "file:///tmp/lo-profile-layout")

WIDTHS = {0: 12.0, 1: 30.0, 2: 15.0, 3: 6.5}
HIDDEN = {2}
FORMATS = [(1, "0.00", 95.5), (2, "#,##0", 1234567), (3, "0%", 0.25), (4, "#,##0.00", 1234.5)]
HEADERS = ["Tiêu chí", "Điểm", "Ẩn", "Hẹp"]


def path(name):
    return os.path.join(OUT, name)


def layout_xlsx():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bảng điểm"
    for col, text in enumerate(HEADERS):
        ws.cell(row=1, column=col + 1, value=text)
    for col, width in WIDTHS.items():
        dim = ws.column_dimensions[get_column_letter(col + 1)]
        dim.width = width
        dim.hidden = col in HIDDEN
    for row, code, value in FORMATS:
        cell = ws.cell(row=row + 1, column=2, value=value)
        cell.number_format = code
        ws.cell(row=row + 1, column=1, value=f"Dòng {row}")
        ws.cell(row=row + 1, column=3, value="x")
    ws.cell(row=6, column=2, value=7)
    wb.save(path("layout.xlsx"))


def layout_xls():
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Bảng điểm")
    for col, text in enumerate(HEADERS):
        ws.write(0, col, text)
    for col, width in WIDTHS.items():
        ws.col(col).width = int(round(width * 256))
        ws.col(col).hidden = col in HIDDEN
    for row, code, value in FORMATS:
        ws.write(row, 1, value, xlwt.easyxf(num_format_str=code))
        ws.write(row, 0, f"Dòng {row}")
        ws.write(row, 2, "x")
    ws.write(5, 1, 7)
    wb.save(path("layout.xls"))


def soffice(target, src, outdir):
    subprocess.run(
        ["soffice", "--headless", PROFILE, "--convert-to", target, "--outdir", outdir, src],
        check=True,
        capture_output=True,
    )


def layout_ods(tmp):
    soffice("ods", path("layout.xlsx"), tmp)
    shutil.copy(os.path.join(tmp, "layout.ods"), path("layout.ods"))
    back = os.path.join(tmp, "back")
    os.mkdir(back)
    # The filter named: with LibreOffice Writer installed, a bare "xlsx" picks "Office Open XML".
    soffice("xlsx:Calc MS Excel 2007 XML", path("layout.ods"), back)
    return os.path.join(back, "layout.xlsx")


def openpyxl_expectation(xlsx):
    ws = openpyxl.load_workbook(xlsx).worksheets[0]
    columns = {}
    for letter, dim in ws.column_dimensions.items():
        # openpyxl groups equal neighbours: min..max.
        for col in range(dim.min, dim.max + 1):
            if col - 1 in WIDTHS:
                columns[col - 1] = {"width": dim.width, "hidden": bool(dim.hidden)}
    formats = {}
    for row, _, _ in FORMATS + [(5, None, None)]:
        cell = ws.cell(row=row + 1, column=2)
        formats[f"{row},1"] = cell.number_format
    return {"columns": columns, "formats": formats}


def xlrd_expectation(xls):
    book = xlrd.open_workbook(xls, formatting_info=True)
    s = book.sheet_by_index(0)
    columns = {
        col: {"width": info.width / 256, "hidden": bool(info.hidden)}
        for col, info in s.colinfo_map.items()
        if col in WIDTHS
    }
    formats = {}
    for row, _, _ in FORMATS + [(5, None, None)]:
        xf = book.xf_list[s.cell_xf_index(row, 1)]
        formats[f"{row},1"] = book.format_map[xf.format_key].format_str
    return {"columns": columns, "formats": formats}


def main():
    os.makedirs(OUT, exist_ok=True)
    layout_xlsx()
    layout_xls()
    with tempfile.TemporaryDirectory() as tmp:
        back = layout_ods(tmp)
        expected = {
            "layout.xlsx": openpyxl_expectation(path("layout.xlsx")),
            "layout.xls": xlrd_expectation(path("layout.xls")),
            "layout.ods": openpyxl_expectation(back),
        }
    with open(path("expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    print(json.dumps(expected, ensure_ascii=False, indent=1))
    print("fixtures written to", OUT)


if __name__ == "__main__":
    sys.exit(main())
