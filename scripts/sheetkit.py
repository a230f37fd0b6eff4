"""Sheets for fixture workbooks: a small model of one sheet (cells with styles, merges, widths,
heights) rendered by openpyxl (.xlsx) or xlwt (.xls), re-saved by LibreOffice, with dates and zip
entry times pinned so that a rebuild gives the same files. Shared by scripts/make_samples.py and
scripts/make_edge_fixtures.py.

Value classes a cell may hold besides numbers (Decimal) and text: Txt (text typed where a number
belongs, kept as text), Formula (written without a cached value), Runs (rich text, .xls only), and
datetime (.xlsx only).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

# LibreOffice profile of the conversions (LO_PROFILE=file:///… picks another).
LO_PROFILE = os.environ.get("LO_PROFILE", "file:///tmp/lo-profile-thidua-fixtures")
# Document dates and zip entry times written into every file.
FIXED_ISO = b"2025-11-25T08:00:00"
FIXED_ZIP_TIME = (2025, 11, 25, 8, 0, 0)


class Txt(str):
    """Text typed where a number belongs (a score typed as "8,5"): written as text."""


class Formula(str):
    """A formula, written without a cached value (.xlsx only)."""


class Runs(tuple):
    """Rich text: ((surface text, font name), …) (.xls only)."""


STYLE_DEFAULTS = dict(bold=False, italic=False, size=13, h="left", v="center", wrap=False,
                      border=False, fmt=None, underline=False, font="Times New Roman")


def st(**kw):
    s = dict(STYLE_DEFAULTS)
    s.update(kw)
    return tuple(sorted(s.items()))


class Grid:
    """Cells, merges and widths of one sheet, rendered by openpyxl or xlwt."""

    def __init__(self, name: str):
        self.name = name
        self.cells: dict[tuple[int, int], tuple[object, tuple]] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.widths: list[float] = []
        self.heights: dict[int, float] = {}
        self.landscape = False
        self.hidden = False
        self.autofitted = False

    def put(self, r, c, v, **style):
        self.cells[(r, c)] = (v, st(**style))

    def merge(self, r1, c1, r2, c2, v, **style):
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                self.cells[(r, c)] = (None, st(**style))
        self.cells[(r1, c1)] = (v, st(**style))
        if (r1, c1) != (r2, c2):
            self.merges.append((r1, c1, r2, c2))


def autofit_rows(g: Grid):
    """Row heights for wrapped text (neither xlwt nor openpyxl computes them). Computed once, from
    the Unicode text, so that a legacy-encoded copy of the sheet keeps the same layout."""
    if g.autofitted:
        return
    g.autofitted = True
    span = {(r1, c1): (c1, c2) for r1, c1, r2, c2 in g.merges if r1 == r2}
    need: dict[int, float] = {}
    for (r, c), (v, s) in g.cells.items():
        d = dict(s)
        if not d["wrap"] or not isinstance(v, str):
            continue
        c1, c2 = span.get((r, c), (c, c))
        width = sum(g.widths[i] if i < len(g.widths) else 9 for i in range(c1, c2 + 1))
        chars = len(v) * d["size"] / 13 * 0.9
        lines = max(1, -(-int(chars) // max(1, int(width - 1))))
        need[r] = max(need.get(r, 0), lines * (d["size"] * 1.25 + 1) + 2)
    for r, h in need.items():
        if r not in g.heights and h > 18:
            g.heights[r] = round(h, 1)


def a1(r: int, c: int) -> str:
    return f"{get_column_letter(c + 1)}{r + 1}"


def cell_value(v):
    if isinstance(v, (Txt, Formula)):
        return str(v)
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def render_openpyxl(grids: list[Grid], path: Path, creator: str):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin")
    cache = {}
    for g in grids:
        autofit_rows(g)
        ws = wb.create_sheet(g.name)
        for (r, c), (v, s) in sorted(g.cells.items()):
            cell = ws.cell(row=r + 1, column=c + 1)
            assert not isinstance(v, Runs), "rich text is written to .xls only"
            if v is not None:
                cell.value = cell_value(v)
                if isinstance(v, Txt):
                    cell.data_type = "s"  # never let openpyxl guess: the unit typed text
            if s not in cache:
                d = dict(s)
                cache[s] = (
                    Font(name=d["font"], size=d["size"], bold=d["bold"], italic=d["italic"],
                         underline="single" if d["underline"] else None),
                    Alignment(horizontal=d["h"], vertical=d["v"], wrap_text=d["wrap"]),
                    Border(left=thin, right=thin, top=thin, bottom=thin) if d["border"] else None,
                    d["fmt"],
                )
            font, align, border, fmt = cache[s]
            cell.font = font
            cell.alignment = align
            if border:
                cell.border = border
            if fmt:
                cell.number_format = fmt
            if isinstance(v, dt.datetime):
                cell.number_format = "dd/mm/yyyy"
        for r1, c1, r2, c2 in g.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
        for i, w in enumerate(g.widths):
            ws.column_dimensions[get_column_letter(i + 1)].width = w
        for r, h in g.heights.items():
            ws.row_dimensions[r + 1].height = h
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if g.landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = PageMargins(left=1.18, right=0.71, top=0.87, bottom=0.79)
        if g.hidden:
            ws.sheet_state = "hidden"
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    wb.save(path)
    normalise_zip(path)


def run_font(s, name: str):
    """An xlwt font for one rich-text run: the cell's font with another name."""
    d = dict(s)
    f = xlwt.Font()
    f.name, f.height, f.bold, f.italic = name, d["size"] * 20, d["bold"], d["italic"]
    if d["underline"]:
        f.underline = xlwt.Font.UNDERLINE_SINGLE
    return f


def render_xlwt(grids: list[Grid], path: Path):
    wb = xlwt.Workbook(encoding="utf-8")
    cache = {}

    def xf(s):
        if s not in cache:
            d = dict(s)
            parts = [f"font: name {d['font']}, height {d['size'] * 20}"
                     + (", bold on" if d["bold"] else "") + (", italic on" if d["italic"] else "")
                     + (", underline single" if d["underline"] else ""),
                     f"align: horiz {d['h']}, vert {d['v']}" + (", wrap on" if d["wrap"] else "")]
            if d["border"]:
                parts.append("borders: left thin, right thin, top thin, bottom thin")
            cache[s] = xlwt.easyxf("; ".join(parts), num_format_str=d["fmt"] or "General")
        return cache[s]

    for g in grids:
        autofit_rows(g)
        ws = wb.add_sheet(g.name)
        merged_origin = {}
        covered = set()
        for r1, c1, r2, c2 in g.merges:
            merged_origin[(r1, c1)] = (r2, c2)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    covered.add((r, c))
        for (r, c), (v, s) in sorted(g.cells.items()):
            assert not isinstance(v, (Formula, dt.datetime)), "xlwt sheets carry plain values only"
            val = cell_value(v)
            if isinstance(val, Runs):
                assert (r, c) not in covered
                ws.write_rich_text(r, c, [(text, run_font(s, name)) for text, name in val], xf(s))
            elif (r, c) in merged_origin:
                r2, c2 = merged_origin[(r, c)]
                ws.write_merge(r, r2, c, c2, "" if val is None else val, xf(s))
            elif (r, c) in covered:
                continue
            elif val is None:
                ws.write(r, c, style=xf(s))
            else:
                ws.write(r, c, val, xf(s))
        for i, w in enumerate(g.widths):
            ws.col(i).width = int(w * 256)
        for r, h in g.heights.items():
            ws.row(r).height_mismatch = True
            ws.row(r).height = int(h * 20)
        ws.paper_size_code = 9
        ws.portrait = not g.landscape
        ws.fit_num_pages = 1
        ws.fit_width_to_pages = 1
        ws.fit_height_to_pages = 0
        ws.left_margin, ws.right_margin, ws.top_margin, ws.bottom_margin = 1.18, 0.71, 0.87, 0.79
        if g.hidden:
            ws.visibility = 1
    wb.save(str(path))


def sorted_master_pages(styles: bytes) -> bytes:
    """An .ods styles.xml with its master pages (one per sheet's page style) in name order: LibreOffice
    7.4 writes them in an order that changes from one run to the next. Their order means nothing (sheets
    name theirs)."""
    pages = list(re.finditer(rb"<style:master-page .*?</style:master-page>", styles, re.S))
    if len(pages) < 2:
        return styles
    start, end = pages[0].start(), pages[-1].end()
    if b"".join(m[0] for m in pages) != styles[start:end]:
        return styles  # not side by side: left as written
    return styles[:start] + b"".join(sorted(m[0] for m in pages)) + styles[end:]


def normalise_zip(path: Path, iso: bytes = FIXED_ISO):
    """Fixed entry times and document dates (iso, "YYYY-MM-DDTHH:MM:SS"), and an .ods's master pages
    in name order, so that a rebuild gives the same bytes."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as out:
        for info, data in items:
            if info.filename in ("docProps/core.xml", "meta.xml"):
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?", iso, data)
                data = re.sub(rb"<meta:editing-duration>[^<]*</meta:editing-duration>",
                              b"<meta:editing-duration>PT0S</meta:editing-duration>", data)
            if info.filename == "styles.xml":
                data = sorted_master_pages(data)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = info.compress_type
            zi.external_attr = info.external_attr
            zi.create_system = 0
            out.writestr(zi, data)
    tmp.replace(path)


# The export filter LibreOffice writes .xlsx with (see soffice_convert).
XLSX_FILTER = "xlsx:Calc MS Excel 2007 XML"


def soffice_convert(src: Path, fmt: str, outdir: Path) -> Path:
    """src converted by LibreOffice to fmt ("ods", "xls:MS Excel 97" …) in outdir. A bare "xlsx" is
    written by the "Calc MS Excel 2007 XML" filter: with LibreOffice Writer installed, --convert-to xlsx
    picks the "Office Open XML" one instead, which spells its parts differently."""
    if fmt == "xlsx":
        fmt = XLSX_FILTER
    cmd = ["soffice", f"-env:UserInstallation={LO_PROFILE}", "--headless", "--norestore",
           "--convert-to", fmt, "--outdir", str(outdir), str(src)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    out = outdir / (src.stem + "." + fmt.split(":")[0])
    if not out.exists():
        raise SystemExit(f"LibreOffice did not produce {out}")
    return out
