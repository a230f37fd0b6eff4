#!/usr/bin/env python3
"""Tạo khối thi đua thứ hai để kiểm thử các trường hợp biên (tests/fixtures/edge/) và kết quả
mong đợi tests/fixtures/edge/expected.json.

Build a second, small bloc (6 units, the sample bloc's criteria and awards) whose submissions
cover what the sample bloc does not, and its expected consolidation, deterministically:

  1. Thanh tra tỉnh: leaf scores written as formulas with no saved value ("=4+4", "=0*0.5")
     → formula-without-value, counted 0; its title still says "NĂM 2024" → year-mismatch.
  2. A submission from an agency outside the bloc (Sở Nông nghiệp và Môi trường), neutral file
     name → unknown-unit; listed in sources with unit null.
  3. Sở Nội vụ sent two different files → duplicate-unit on both, status rejected; Văn phòng
     UBND tỉnh's file arrived twice byte for byte → duplicate-unit (info), unit still used.
  4. Văn phòng UBND tỉnh typed scores as text ("8,5", " 6 ", "9.5", "-0,5" as a deduction) and
     one score became a date in Excel → score-not-number at that cell.
  5. Sở Tài chính's bonus lines are each within their max but add up to 6 > cap 5 →
     bonus-over-cap, 5 counted (which keeps it under the 98 points of the Government flag).
  6. (with 1) the title "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2024" → year-mismatch at the title cell.
  7. Sở Tư pháp: a notes sheet first, the table on a hidden second sheet, header
     "TT | Tiêu chí | Điểm tối đa | Điểm khối chấm | Điểm tự chấm | Minh chứng" (reviewed before
     self), reviewed column partly filled → total uses reviewed where given, self elsewhere.
  8. Sở Tài chính's file is named "Sở Tài chính.xlsx" in NFD and nothing inside names the unit.
  9. Sở Công Thương: the bloc answered "Có" to a disqualifier in the reviewed column while the
     unit wrote "Không" → disqualified.
  Ranking: Thanh tra tỉnh and Văn phòng UBND tỉnh are equal on the total and on I, II, III at
  the last place of the Bằng khen → both tie-at-award-cutoff, neither proposed.

    python3 scripts/make_edge_fixtures.py           # rebuild everything
    python3 scripts/make_edge_fixtures.py --check   # rebuild, then read the files back

Needs Python 3.11+, openpyxl, xlwt, xlrd and LibreOffice (soffice). The expected JSON is
computed from the data below (what is written into the cells), following the README's
algorithm, never by reading the workbooks back or running thidua.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RULES = ROOT / "samples" / "khoi-van-hoa-xa-hoi" / "quy-dinh.toml"
BLOC_DIR = ROOT / "tests" / "fixtures" / "edge"
RULES_PATH = BLOC_DIR / "quy-dinh.toml"
EXPECTED_PATH = BLOC_DIR / "expected.json"
LO_PROFILE = "file:///tmp/lo-profile-edge"
FIXED_ZIP_TIME = (2025, 11, 25, 8, 0, 0)
FIXED_ISO = b"2025-11-25T08:00:00"

# --------------------------------------------------------------------------- rules

UNITS_TOML = '''# Quy định chấm điểm thi đua năm 2025 — Khối thi đua các cơ quan Tổng hợp, tỉnh Quảng Ngãi.
# (Dữ liệu kiểm thử các trường hợp biên của thidua; tiêu chí và khen thưởng như khối mẫu.)

[bloc]
name = "Khối thi đua các cơ quan Tổng hợp"
year = 2025
period = "annual"
province = "Quảng Ngãi"
scale = 100

[[units]]
id = "STC"
name = "Sở Tài chính"
aliases = ["Sở Tài chính tỉnh Quảng Ngãi"]
role = "head"

[[units]]
id = "SNV"
name = "Sở Nội vụ"
role = "deputy"

[[units]]
id = "STP"
name = "Sở Tư pháp"

[[units]]
id = "TTT"
name = "Thanh tra tỉnh"
aliases = ["Thanh tra tỉnh Quảng Ngãi"]

[[units]]
id = "VPUBND"
name = "Văn phòng Ủy ban nhân dân tỉnh"
aliases = ["Văn phòng UBND tỉnh", "VP UBND tỉnh"]

[[units]]
id = "SCT"
name = "Sở Công Thương"

'''


def rules_text() -> str:
    """The sample bloc's criteria, awards and ranking under this bloc's units."""
    sample = SAMPLE_RULES.read_text(encoding="utf-8")
    start = sample.index("[[criteria]]")
    return UNITS_TOML + "# ---------------------------------------------------------------- tiêu chí\n" + sample[start:]


RULES = tomllib.loads(rules_text())
CRITERIA = RULES["criteria"]
BY_CODE = {c["code"]: c for c in CRITERIA}
UNIT_NAMES = {u["id"]: u["name"] for u in RULES["units"]}


def D(x) -> Decimal:
    return Decimal(str(x))


def parent_of(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def section_of(code: str) -> str:
    return code.split(".")[0]


def children_of(code: str) -> list[str]:
    return [c["code"] for c in CRITERIA if parent_of(c["code"]) == code]


def kind_of(code: str) -> str:
    return BY_CODE[section_of(code)].get("kind", "score")


def is_leaf(code: str) -> bool:
    return not children_of(code)


# --------------------------------------------------------------------------- cell values
# Decimal = a number; Txt = text typed by the unit (maybe a number as text); Formula = a
# formula saved without its value (openpyxl); dt.datetime = what Excel made of "7.5";
# None = left empty.


class Txt(str):
    """Text typed into a score cell."""


class Formula(str):
    """A formula, written without a cached value."""


def scores(**kw):
    """I1=19 → {"I.1": Decimal(19)}; III2a → "III.2.a"; strings become Txt."""
    out = {}
    for k, v in kw.items():
        m = re.fullmatch(r"([IV]+)(\d)?([a-z])?", k)
        code = ".".join(x for x in m.groups() if x)
        if isinstance(v, (Formula, Txt, dt.datetime)) or v is None:
            out[code] = v
        elif isinstance(v, str):
            out[code] = Txt(v)
        else:
            out[code] = D(v)
    return out


def as_number(v) -> Decimal | None:
    """The number a written value stands for, as the README reads it; None if it is none."""
    if isinstance(v, Decimal):
        return v
    if isinstance(v, Formula) or isinstance(v, dt.datetime) or v is None:
        return None
    if isinstance(v, Txt):
        t = v.strip()
        if re.fullmatch(r"[-+]?\d+([.,]\d{1,3})?", t):
            return D(t.replace(",", "."))
        return None
    raise TypeError(v)


def intended(v) -> Decimal:
    """What the unit meant (its own sums): a date typed as 7.5 meant 7.5, a formula its result."""
    if isinstance(v, dt.datetime):
        return D(f"{v.day}.{v.month}")
    if isinstance(v, Formula):
        return D(eval(v[1:], {}))  # only our own literal arithmetic
    n = as_number(v)
    return n if n is not None else Decimal(0)


# --------------------------------------------------------------------------- the units

GOV = "UBND TỈNH QUẢNG NGÃI"
BLOC_LINE = "Khối thi đua các cơ quan Tổng hợp"
STD_HEADERS = ["STT", "Nội dung tiêu chí", "Điểm chuẩn", "Điểm tự chấm", "Điểm khối chấm", "Ghi chú"]
STD_COLS = ["stt", "title", "max", "self", "rev", "note"]
NO = {"VI.1": "Không", "VI.2": "Không"}

NFD_NAME = unicodedata.normalize("NFD", "Sở Tài chính.xlsx")

SUBMISSIONS: list[dict] = [
    # Case 5 and 8: named only by its (NFD) file name; bonus lines 3 + 1 + 2 = 6 over the cap 5.
    dict(
        key="STC",
        unit="STC",
        file=NFD_NAME,
        make="xlsx",
        sheet_name="Sheet1",
        gov=None,
        org=None,
        date="Quảng Ngãi, ngày 24 tháng 11 năm 2025",
        title="BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025",
        unit_line=None,
        cols=["stt", "title", "max", "self", "note"],
        headers=["STT", "Nội dung tiêu chí", "Điểm chuẩn", "Điểm tự chấm", "Ghi chú"],
        labels="relative-int",
        subtotals="numbers",
        summary=True,
        self=scores(I1=19, I2=9, I3=10, I4=9, II1=7, II2=5.5, II3=5.5,
                    III1=9.5, III2a=3.5, III2b=3, III2c=2.5, III3=8.5,
                    IV1=3, IV2=1, IV3=2),
        vi=NO,
        notes={
            "I.1": "Thu ngân sách nhà nước đạt 112% dự toán",
            "IV.1": "Trưởng khối 6 tháng cuối năm 2025",
            "IV.2": "Phó khối 6 tháng đầu năm 2025",
            "IV.3": "Sáng kiến \"Số hoá hồ sơ quyết toán\" được UBND tỉnh công nhận",
        },
        signer="Nguyễn Văn Thành",
        widths=[6, 55, 9, 9, 30],
    ),
    # Case 3: two different files of Sở Nội vụ.
    dict(
        key="SNV-a",
        unit="SNV",
        file="Sở Nội vụ - Bảng tự chấm điểm năm 2025.xlsx",
        make="xlsx",
        sheet_name="Tự chấm",
        gov=GOV,
        org="SỞ NỘI VỤ",
        date="Quảng Ngãi, ngày 21 tháng 11 năm 2025",
        title="BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025",
        unit_line="Đơn vị: Sở Nội vụ",
        cols=STD_COLS,
        headers=STD_HEADERS,
        labels="relative",
        subtotals="numbers",
        summary=True,
        self=scores(I1=19, I2=9.5, I3=10, I4=9.5, II1=8, II2=5.5, II3=6,
                    III1=9.5, III2a=4, III2b=3, III2c=2.5, III3=9, IV2=2),
        vi=NO,
        notes={"IV.2": "Phó khối năm 2025"},
        signer="Trương Thị Bích Ngọc",
        widths=[6, 55, 9, 9, 9, 24],
    ),
    dict(
        key="SNV-b",
        unit="SNV",
        file="SNV_tu cham 2025_sua lan 2.xls",
        make="xls",
        sheet_name="Tự chấm",
        gov=GOV,
        org="SỞ NỘI VỤ",
        date="Quảng Ngãi, ngày 26 tháng 11 năm 2025",
        title="BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025",
        unit_line="Đơn vị: Sở Nội vụ",
        cols=STD_COLS,
        headers=STD_HEADERS,
        labels="relative",
        subtotals="numbers",
        summary=True,
        self=scores(I1=19.5, I2=9.5, I3=10, I4=9.5, II1=8, II2=6, II3=6,
                    III1=9.5, III2a=4, III2b=3, III2c=3, III3=9, IV2=2),
        vi=NO,
        notes={"IV.2": "Phó khối năm 2025", "II.2": "Bổ sung 02 điển hình tiên tiến"},
        signer="Trương Thị Bích Ngọc",
        widths=[6, 55, 9, 9, 9, 24],
    ),
    # Case 7: notes sheet first, table on a hidden second sheet, reviewed column before self,
    # partly filled by the bloc (IV.3 reviewed as 0: the initiative was not recognised).
    dict(
        key="STP",
        unit="STP",
        file="Sở Tư pháp - chấm điểm thi đua 2025 (khối đã thẩm định).xlsx",
        make="xlsx-lo",
        sheet_name="Bảng chấm điểm",
        hidden=True,
        notes_sheet="Ghi chú",
        gov=GOV,
        org="SỞ TƯ PHÁP",
        date="Quảng Ngãi, ngày 20 tháng 11 năm 2025",
        title="BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025",
        unit_line="Đơn vị: Sở Tư pháp",
        cols=["stt", "title", "max", "rev", "self", "note"],
        headers=["TT", "Tiêu chí", "Điểm tối đa", "Điểm khối chấm", "Điểm tự chấm", "Minh chứng"],
        labels="relative",
        subtotals="formulas",
        summary=True,
        self=scores(I1=19.5, I2=9.5, I3=10, I4=9.5, II1=7.5, II2=5, II3=6,
                    III1=9.5, III2a=3.5, III2b=3, III2c=3, III3=9.5, IV3=1),
        reviewed=scores(I1=19, II2=4.5, III3=8, IV3=0),
        vi=NO,
        notes={
            "I.1": "Báo cáo số 318/BC-STP ngày 18/11/2025",
            "I.2": "Kết quả chỉ số CCHC năm 2024",
            "II.2": "Khối trừ 0,5: chưa có mô hình nhân rộng",
            "III.3": "Khối trừ 1,5: vắng 03 hoạt động chung",
            "IV.3": "Khối không công nhận: chưa có quyết định công nhận sáng kiến",
        },
        signer="Lê Thị Minh Thư",
        widths=[6, 55, 9, 9, 9, 34],
    ),
    # Cases 1 and 6: formulas without saved values; last year's title.
    dict(
        key="TTT",
        unit="TTT",
        file="Thanh tra tinh - tu cham diem thi dua.xlsx",
        make="xlsx",
        sheet_name="Tự chấm",
        gov=GOV,
        org="THANH TRA TỈNH",
        date="Quảng Ngãi, ngày 25 tháng 11 năm 2025",
        title="BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2024",
        unit_line="Đơn vị: Thanh tra tỉnh",
        cols=STD_COLS,
        headers=STD_HEADERS,
        labels="relative-dot",
        subtotals="formulas",
        summary=True,
        self=scores(I1=19.5, I2=9.5, I3=10, I4=9, II1=Formula("=4+4"), II2=6, II3=5.5,
                    III1=10, III2a=4, III2b=3, III2c=2.5, III3=10, IV3=1,
                    V1=Formula("=0*0.5")),
        vi=NO,
        notes={
            "II.1": "Phát động 04 đợt thi đua chuyên đề, 04 đợt thi đua thường xuyên",
            "IV.3": "Mô hình \"Tiếp công dân trực tuyến\"",
            "V.1": "Số lần chậm báo cáo × 0,5",
        },
        signer="Đặng Hữu Phước",
        widths=[6, 55, 9, 9, 9, 28],
    ),
    # Case 4: text scores of many shapes, one date; case 3: sent twice, byte for byte.
    dict(
        key="VPUBND",
        unit="VPUBND",
        file="VP UBND tinh - bang tu cham 2025.xlsx",
        copy_as="VP UBND tinh - bang tu cham 2025 (1).xlsx",
        make="xlsx",
        sheet_name="Tự chấm điểm",
        gov=GOV,
        org="VĂN PHÒNG",
        date="Quảng Ngãi, ngày 26 tháng 11 năm 2025",
        title="BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025",
        unit_line="Đơn vị: Văn phòng UBND tỉnh",
        cols=STD_COLS,
        headers=STD_HEADERS,
        labels="relative",
        subtotals=None,
        summary=False,
        self=scores(I1=20, I2=Txt("8,5"), I3=10, I4=Txt("9.5"),
                    II1=dt.datetime(2025, 5, 7), II2=Txt(" 6 "), II3=Txt("5,5"),
                    III1=Txt("9,5"), III2a=4, III2b=3, III2c=3, III3=10,
                    IV3=Txt("1,5"), V1=Txt("-0,5")),
        vi=NO,
        notes={
            "II.1": "Kế hoạch số 05/KH-VP ngày 20/01/2025",
            "IV.3": "Hệ thống thông tin báo cáo của tỉnh được công nhận",
            "V.1": "Chậm 01 báo cáo tháng 7",
        },
        signer="Võ Thị Thanh Tâm",
        widths=[6, 55, 9, 9, 9, 28],
    ),
    # Case 9: the bloc's reviewed "Có" overrides the unit's "Không".
    dict(
        key="SCT",
        unit="SCT",
        file="Sở Công Thương - Bảng chấm điểm thi đua 2025.xls",
        make="xls",
        sheet_name="Bảng chấm điểm",
        gov=GOV,
        org="SỞ CÔNG THƯƠNG",
        date="Quảng Ngãi, ngày 19 tháng 11 năm 2025",
        title="BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025",
        unit_line="Đơn vị: Sở Công Thương",
        cols=STD_COLS,
        headers=STD_HEADERS,
        labels="relative",
        subtotals="numbers",
        summary=True,
        self=scores(I1=20, I2=10, I3=10, I4=9.5, II1=8, II2=5.5, II3=6,
                    III1=10, III2a=4, III2b=3, III2c=3, III3=9, IV3=1),
        reviewed=scores(I1=19.5, I2=10, I3=10, I4=9.5, II1=8, II2=5.5, II3=6,
                        III1=10, III2a=4, III2b=3, III2c=3, III3=9, IV1=0, IV2=0, IV3=1,
                        V1=0, V2=0, V3=0),
        vi=NO,
        vi_reviewed={"VI.1": "Có", "VI.2": "Không"},
        notes={
            "I.1": "Khối trừ 0,5: 01 chỉ tiêu xuất khẩu chưa đạt",
            "VI.1": "Khối: 01 Phó Giám đốc Sở bị khởi tố tháng 10/2025",
        },
        signer="Huỳnh Tấn Lực",
        widths=[6, 55, 9, 9, 9, 30],
    ),
    # Case 2: an agency outside the bloc, neutral file name.
    dict(
        key="UNKNOWN",
        unit=None,
        file="bang tu cham diem thi dua nam 2025.xls",
        make="xls-lo",
        sheet_name="Tự chấm",
        gov=GOV,
        org="SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
        date="Quảng Ngãi, ngày 27 tháng 11 năm 2025",
        title="BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025",
        unit_line="Đơn vị: Sở Nông nghiệp và Môi trường",
        cols=STD_COLS,
        headers=STD_HEADERS,
        labels="relative",
        subtotals="numbers",
        summary=True,
        self=scores(I1=18.5, I2=9, I3=10, I4=9, II1=7.5, II2=5, II3=5.5,
                    III1=9, III2a=3.5, III2b=3, III2c=2.5, III3=9),
        vi=NO,
        notes={"I.1": "Tổng sản lượng lương thực đạt 101% kế hoạch"},
        signer="Phạm Văn Hoà",
        widths=[6, 55, 9, 9, 9, 26],
    ),
]


# --------------------------------------------------------------------------- sheet model
# (Grid, styles and renderers copied from scripts/make_samples.py.)

STYLE_DEFAULTS = dict(bold=False, italic=False, size=13, h="left", v="center", wrap=False,
                      border=False, fmt=None, underline=False)


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
        self.hidden = False

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
    """Row heights for wrapped text (neither xlwt nor openpyxl computes them)."""
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
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, (Txt, Formula)):
        return str(v)
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
            if v is not None:
                cell.value = cell_value(v)
                if isinstance(v, Txt):
                    cell.data_type = "s"  # never let openpyxl guess: the unit typed text
            if s not in cache:
                d = dict(s)
                cache[s] = (
                    Font(name="Times New Roman", size=d["size"], bold=d["bold"], italic=d["italic"],
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
        ws.page_setup.orientation = "portrait"
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


def render_xlwt(grids: list[Grid], path: Path):
    wb = xlwt.Workbook(encoding="utf-8")
    cache = {}

    def xf(s):
        if s not in cache:
            d = dict(s)
            parts = [f"font: name Times New Roman, height {d['size'] * 20}"
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
            if (r, c) in merged_origin:
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
        ws.portrait = True
        ws.fit_num_pages = 1
        ws.fit_width_to_pages = 1
        ws.fit_height_to_pages = 0
        ws.left_margin, ws.right_margin, ws.top_margin, ws.bottom_margin = 1.18, 0.71, 0.87, 0.79
        if g.hidden:
            ws.visibility = 1
    wb.save(str(path))


def normalise_zip(path: Path):
    """Fixed entry times and document dates, so that a rebuild gives the same bytes."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as out:
        for info, data in items:
            if info.filename in ("docProps/core.xml", "meta.xml"):
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?", FIXED_ISO + b"Z", data)
                data = re.sub(rb"<meta:editing-duration>[^<]*</meta:editing-duration>",
                              b"<meta:editing-duration>PT0S</meta:editing-duration>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = info.compress_type
            zi.external_attr = info.external_attr
            zi.create_system = 0
            out.writestr(zi, data)
    tmp.replace(path)


def soffice_convert(src: Path, fmt: str, outdir: Path) -> Path:
    cmd = ["soffice", f"-env:UserInstallation={LO_PROFILE}", "--headless", "--norestore",
           "--convert-to", fmt, "--outdir", str(outdir), str(src)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    out = outdir / (src.stem + "." + fmt.split(":")[0])
    if not out.exists():
        raise SystemExit(f"LibreOffice did not produce {out}")
    return out


# --------------------------------------------------------------------------- building one submission

def label_for(code: str, mode: str):
    seg = code.split(".")
    if mode == "full":
        return code
    last = seg[-1]
    if len(seg) == 1:
        return last
    if len(seg) == 3:
        return f"{last})" if mode == "relative-dot" else last
    if mode == "relative-int":
        return int(last)
    if mode == "relative-dot":
        return f"{last}."
    return last


def notes_sheet(name: str) -> Grid:
    g = Grid(name)
    g.widths = [4, 100]
    lines = [
        ("GHI CHÚ KHI THẨM ĐỊNH BẢNG TỰ CHẤM ĐIỂM", dict(bold=True, size=14, h="center")),
        ("", {}),
        ("1. Cột \"Điểm khối chấm\" do đơn vị Trưởng khối ghi sau khi thẩm định; dòng nào khối "
         "không ghi thì giữ nguyên điểm tự chấm của đơn vị.", dict(wrap=True)),
        ("2. Tiêu chí I.1: khối trừ 0,5 điểm do còn 01 chỉ tiêu chưa hoàn thành đúng tiến độ.", dict(wrap=True)),
        ("3. Tiêu chí II.2 và III.3: xem cột \"Minh chứng\" của bảng chấm điểm.", dict(wrap=True)),
        ("4. Điểm thưởng mục IV.3: chưa có quyết định công nhận sáng kiến nên không cộng điểm.", dict(wrap=True)),
        ("", {}),
        ("Bảng chấm điểm ở trang tính \"Bảng chấm điểm\".", dict(italic=True)),
    ]
    for i, (text, s) in enumerate(lines):
        if i == 0:
            g.merge(0, 0, 0, 1, text, **s)
        else:
            g.put(i, 1, text or None, **s)
    return g


def build_submission(u: dict) -> tuple[list[Grid], dict]:
    """The workbook as grids, and where things went (cells of expected issues)."""
    g = Grid(u["sheet_name"])
    g.hidden = u.get("hidden", False)
    cols = u["cols"]
    col = {role: i for i, role in enumerate(cols)}
    last = len(cols) - 1
    g.widths = u["widths"]
    selfv = u["self"]
    rev = u.get("reviewed") or {}
    full_review = bool(rev) and all(c in rev for c in (x["code"] for x in CRITERIA)
                                    if is_leaf(c) and section_of(c) != "VI")

    split = 1
    if u["gov"]:
        g.merge(0, 0, 0, split, u["gov"], h="center", size=12)
    if u["org"]:
        g.merge(1, 0, 1, split, u["org"], h="center", bold=True, size=12)
        g.merge(2, 0, 2, split, "———————", h="center", size=10)
    g.merge(0, split + 1, 0, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", h="center", bold=True, size=12)
    g.merge(1, split + 1, 1, last, "Độc lập - Tự do - Hạnh phúc", h="center", bold=True)
    g.merge(2, split + 1, 2, last, "———————————", h="center", size=10)
    g.merge(3, split + 1, 3, last, u["date"], h="center", italic=True)
    title_row = 5
    g.merge(title_row, 0, title_row, last, u["title"], h="center", bold=True, size=14)
    g.merge(title_row + 1, 0, title_row + 1, last, BLOC_LINE, h="center", bold=True)
    if u["unit_line"]:
        g.merge(title_row + 2, 0, title_row + 2, last, u["unit_line"], h="left", bold=True)
    hr = 9
    H = dict(h="center", bold=True, border=True, wrap=True)
    for i, text in enumerate(u["headers"]):
        g.put(hr, i, text, **H)
    g.heights[hr] = 36

    rows: dict[str, int] = {}
    r = hr + 1
    for c in CRITERIA:
        rows[c["code"]] = r
        r += 1
    first_summary = r

    def stated(code, which) -> Decimal:
        """A subtotal as the unit (or the bloc) computed it from what it meant."""
        src = selfv if which == "self" else rev
        kids = children_of(code)
        if not kids:
            return intended(src.get(code))
        return sum((stated(k, which) for k in kids), Decimal(0))

    def sum_formula(code, role):
        kids = children_of(code)
        krows = [rows[k] for k in kids]
        if all(is_leaf(k) for k in kids):
            return Formula(f"=SUM({a1(krows[0], col[role])}:{a1(krows[-1], col[role])})")
        return Formula("=" + "+".join(a1(rows[k], col[role]) for k in kids))

    NUM = dict(h="center", border=True)
    for c in CRITERIA:
        code = c["code"]
        depth = code.count(".")
        rr = rows[code]
        sec = depth == 0
        g.put(rr, col["stt"], label_for(code, u["labels"]), h="center", border=True, bold=sec, italic=depth == 2)
        g.put(rr, col["title"], c["title"], border=True, wrap=True, bold=sec, italic=depth == 2)
        g.put(rr, col["max"], D(c["max"]) if "max" in c else None, **NUM, bold=sec)
        if "note" in col:
            g.put(rr, col["note"], u.get("notes", {}).get(code), border=True, wrap=True, size=11)
        for role in [x for x in ("self", "rev") if x in col]:
            if section_of(code) == "VI":
                answers = u["vi"] if role == "self" else u.get("vi_reviewed", {})
                g.put(rr, col[role], None if sec else answers.get(code), h="center", border=True)
                continue
            if is_leaf(code):
                src = selfv if role == "self" else rev
                g.put(rr, col[role], src.get(code), **NUM)
                continue
            if role == "rev" and not full_review:
                g.put(rr, col[role], None, **NUM, bold=sec)
            elif u["subtotals"] == "formulas":
                g.put(rr, col[role], sum_formula(code, role), **NUM, bold=sec)
            elif u["subtotals"] == "numbers":
                g.put(rr, col[role], stated(code, role), **NUM, bold=sec)
            else:
                g.put(rr, col[role], None, **NUM, bold=sec)

    summary: dict[str, int] = {}
    labels = ["Tổng cộng (I+II+III)", "Điểm thưởng", "Điểm trừ", "Tổng điểm"]
    if u["summary"]:
        for i, lab in enumerate(labels):
            rr = first_summary + i
            summary[lab] = rr
            for cc in range(len(cols)):
                g.put(rr, cc, None, border=True)
            g.put(rr, col["title"], lab, bold=True, border=True)
            g.put(rr, col["max"], D(100) if i == 0 else None, **NUM, bold=True)
        roles = ["self"] + (["rev"] if full_review else [])
        for role in roles:
            if u["subtotals"] == "formulas":
                ref = lambda code: a1(rows[code], col[role])  # noqa: E731
                vals = [Formula(f"={ref('I')}+{ref('II')}+{ref('III')}"), Formula(f"={ref('IV')}"),
                        Formula(f"={ref('V')}")]
                s = [a1(summary[lab], col[role]) for lab in labels[:3]]
                vals.append(Formula(f"={s[0]}+{s[1]}-{s[2]}"))
            else:
                base = stated("I", role) + stated("II", role) + stated("III", role)
                bonus, ded = stated("IV", role), stated("V", role)
                vals = [base, bonus, ded, base + bonus - ded]
            for lab, v in zip(labels, vals):
                g.put(summary[lab], col[role], v, **NUM, bold=True)

    r = first_summary + (len(labels) if u["summary"] else 0) + 1
    g.merge(r, split + 1, r, last, "THỦ TRƯỞNG ĐƠN VỊ", h="center", bold=True)
    g.merge(r + 1, split + 1, r + 1, last, "(Ký, ghi rõ họ tên, đóng dấu)", h="center", italic=True)
    g.merge(r + 5, split + 1, r + 5, last, u["signer"], h="center", bold=True)

    where = dict(rows=rows, col=col, summary=summary, sheet=g.name, title_cell=a1(title_row, 0))
    grids = [g]
    if u.get("notes_sheet"):
        grids.insert(0, notes_sheet(u["notes_sheet"]))
    return grids, where


# --------------------------------------------------------------------------- expected results

def counted(code: str, v) -> Decimal:
    """What a leaf value counts for: clamped to 0..max, deductions as positive amounts."""
    n = as_number(v)
    if n is None:
        return Decimal(0)
    if kind_of(code) == "deduction":
        n = abs(n)
    return min(max(n, Decimal(0)), D(BY_CODE[code]["max"]))


def submitted(code: str, v):
    n = as_number(v)
    if n is None:
        return None
    return abs(n) if kind_of(code) == "deduction" else n


def compute(u: dict) -> dict:
    selfv = u["self"]
    rev = u.get("reviewed") or {}

    def leaf(code, which):
        if which == "final" and rev.get(code) is not None:
            return counted(code, rev[code])
        return counted(code, selfv.get(code))

    def node(code, which):
        kids = children_of(code)
        if not kids:
            return leaf(code, which)
        return sum((node(k, which) for k in kids), Decimal(0))

    def capped(sec, which):
        return min(node(sec, which), D(BY_CODE[sec]["max"]))

    def total(which):
        return (node("I", which) + node("II", which) + node("III", which)
                + capped("IV", which) - capped("V", which))

    def any_reviewed(code):
        if is_leaf(code):
            return rev.get(code) is not None
        return any(any_reviewed(k) for k in children_of(code))

    out_scores = {}
    for c in CRITERIA:
        code = c["code"]
        if section_of(code) == "VI":
            continue
        if is_leaf(code):
            s = submitted(code, selfv.get(code))
            r = submitted(code, rev.get(code)) if rev.get(code) is not None else None
        else:
            s = node(code, "self")
            r = node(code, "final") if any_reviewed(code) else None
        out_scores[code] = {"self": num(s), "reviewed": num(r)}

    yes = {"có", "co", "x", "1", "yes"}

    def answer(code):
        r = u.get("vi_reviewed", {}).get(code)
        v = r if r not in (None, "") else u["vi"].get(code)
        return v is not None and str(v).strip().lower() in yes

    return dict(
        self_total=total("self"),
        total=total("final"),
        sections={s: node(s, "final") for s in ("I", "II", "III")},
        bonus=capped("IV", "final"),
        deduction=capped("V", "final"),
        reviewed=any(any_reviewed(c["code"]) for c in CRITERIA if section_of(c["code"]) != "VI"),
        disqualified=any(answer(c) for c in children_of("VI")),
        scores=out_scores,
    )


def num(d):
    if d is None:
        return None
    d = D(d)
    return int(d) if d == d.to_integral_value() else float(d)


def expected_units() -> dict:
    by_unit: dict[str, list[dict]] = {}
    for s in SUBMISSIONS:
        if s["unit"]:
            by_unit.setdefault(s["unit"], []).append(s)
    # One submission per unit; several different files → rejected (README).
    used = {i: subs[0] for i, subs in by_unit.items() if len(subs) == 1}
    rejected = [i for i, subs in by_unit.items() if len(subs) > 1]
    res = {i: compute(s) for i, s in used.items()}
    ids = [u["id"] for u in RULES["units"] if u["id"] in res]
    tie_break = RULES["ranking"]["tie_break"]
    key = lambda i: (res[i]["total"], *(res[i]["sections"][c] for c in tie_break))  # noqa: E731
    order = sorted(ids, key=key, reverse=True)
    rank, tied = {}, {}
    for pos, i in enumerate(order):
        rank[i] = rank[order[pos - 1]] if pos and key(order[pos - 1]) == key(i) else pos + 1
    for i in ids:
        tied[i] = sum(1 for j in ids if rank[j] == rank[i]) > 1
    award = {i: None for i in ids}
    cutoff_ties: list[tuple[str, str]] = []
    # "submitted units not yet awarded": the consolidated units; the data is built so that
    # counting the rejected unit too gives the same quota (floor(0.5 × 4) = floor(0.5 × 5)).
    for a in RULES["awards"]:
        pool = [i for i in order if award[i] is None]
        quota = a["count"] if "count" in a else int(D(a["share"]) * len(pool))
        quota_with_rejected = a["count"] if "count" in a else int(D(a["share"]) * (len(pool) + len(rejected)))
        assert quota == quota_with_rejected, a["name"]
        eligible = [
            i for i in pool
            if not res[i]["disqualified"]
            and res[i]["total"] >= D(a.get("min_total", 0))
            and not (a.get("no_deduction") and res[i]["deduction"] != 0)
        ]
        take = min(quota, len(eligible))
        if 0 < take < len(eligible) and rank[eligible[take - 1]] == rank[eligible[take]]:
            r = rank[eligible[take]]
            group = [i for i in eligible if rank[i] == r]
            cutoff_ties += [(i, a["name"]) for i in group]
            take = eligible.index(group[0])
        for i in eligible[:take]:
            award[i] = a["name"]
    units = {}
    for u in RULES["units"]:
        i = u["id"]
        if i in res:
            s, r = used[i], res[i]
            units[i] = dict(
                status="ok", files=[s["file"]] + ([s["copy_as"]] if s.get("copy_as") else []),
                self_total=num(r["self_total"]), total=num(r["total"]), rank=rank[i], award=award[i],
                disqualified=r["disqualified"], bonus=num(r["bonus"]), deduction=num(r["deduction"]),
                reviewed=r["reviewed"], tied=tied[i], scores=r["scores"],
            )
        elif i in rejected:
            units[i] = dict(status="rejected", files=[s["file"] for s in by_unit[i]], self_total=None,
                            total=None, rank=None, award=None, disqualified=False, bonus=None,
                            deduction=None, reviewed=False, tied=False, scores={})
        else:
            units[i] = dict(status="missing", files=[], self_total=None, total=None, rank=None, award=None,
                            disqualified=False, bonus=None, deduction=None, reviewed=False, tied=False,
                            scores={})
    return units, cutoff_ties


def expected_issues(places: dict, cutoff_ties, units) -> list[dict]:
    """Every error and warning the bloc must produce (plus a few infos), with its place."""

    def cell(key, code, role):
        w = places[key]
        return a1(w["rows"][code], w["col"][role])

    def issue(unit, code, severity, cell=None, criterion=None, file=None, **extra):
        d = dict(unit=unit, code=code, severity=severity, cell=cell, criterion=criterion, file=file)
        d.update(extra)
        return d

    stp = next(s for s in SUBMISSIONS if s["key"] == "STP")
    out = [
        # 1. formulas without values
        issue("TTT", "formula-without-value", "error", cell("TTT", "II.1", "self"), "II.1"),
        issue("TTT", "formula-without-value", "error", cell("TTT", "V.1", "self"), "V.1"),
        # 6. last year's title
        issue("TTT", "year-mismatch", "error", places["TTT"]["title_cell"]),
        # 2. unknown unit
        issue(None, "unknown-unit", "error", file=next(s["file"] for s in SUBMISSIONS if s["key"] == "UNKNOWN")),
        # 3. two different files; an identical copy
        *[issue("SNV", "duplicate-unit", "error", file=s["file"]) for s in SUBMISSIONS if s["unit"] == "SNV"],
        issue("VPUBND", "duplicate-unit", "info"),
        # 4. a date in a score cell
        issue("VPUBND", "score-not-number", "error", cell("VPUBND", "II.1", "self"), "II.1"),
        # 5. bonus over the cap, at the section's row
        issue("STC", "bonus-over-cap", "warning", cell("STC", "IV", "self"), "IV"),
        # 9. disqualified by the bloc's answer (the cell holding "Có")
        issue("SCT", "disqualified", "info", cell("SCT", "VI.1", "rev"), "VI.1"),
        # ranking
        *[issue(i, "tie-at-award-cutoff", "warning") for i, _ in cutoff_ties],
        *[issue(i, "tie-in-ranking", "info") for i, u in units.items() if u["tied"]],
    ]
    assert stp  # case 7 raises nothing: it must consolidate cleanly
    return out


# --------------------------------------------------------------------------- main

def write_all() -> dict:
    BLOC_DIR.mkdir(parents=True, exist_ok=True)
    for old in BLOC_DIR.iterdir():
        if old.suffix.lower() in (".xlsx", ".xls", ".ods"):
            old.unlink()
    RULES_PATH.write_text(rules_text(), encoding="utf-8")
    places = {}
    with tempfile.TemporaryDirectory(prefix="thidua-edge-") as td:
        td = Path(td)
        for s in SUBMISSIONS:
            grids, where = build_submission(s)
            places[s["key"]] = where
            target = BLOC_DIR / s["file"]  # the NFD name stays NFD
            creator = UNIT_NAMES.get(s["unit"], "Sở Nông nghiệp và Môi trường")
            if s["make"] == "xlsx":
                render_openpyxl(grids, target, creator)
            elif s["make"] == "xls":
                render_xlwt(grids, target)
            else:
                src = td / f"{s['key']}.xlsx"
                render_openpyxl(grids, src, creator)
                outdir = td / f"out-{s['key']}"
                outdir.mkdir()
                fmt = {"xlsx-lo": "xlsx", "xls-lo": "xls"}[s["make"]]
                out = soffice_convert(src, fmt, outdir)
                shutil.move(out, target)
                if fmt == "xlsx":
                    normalise_zip(target)
            if s.get("copy_as"):
                shutil.copyfile(target, BLOC_DIR / s["copy_as"])
    return places


def check(places):
    """Read the files back and confirm what each case relies on."""
    import xlrd

    def xlsx(name, **kw):
        return openpyxl.load_workbook(BLOC_DIR / name, **kw)

    by_key = {s["key"]: s for s in SUBMISSIONS}
    names = [p.name for p in BLOC_DIR.iterdir()]
    assert NFD_NAME in names and unicodedata.normalize("NFC", NFD_NAME) not in names, names

    t = by_key["TTT"]
    w = places["TTT"]
    c = a1(w["rows"]["II.1"], w["col"]["self"])
    assert xlsx(t["file"])[w["sheet"]][c].value == "=4+4"
    assert xlsx(t["file"], data_only=True)[w["sheet"]][c].value is None, "a cached value was saved"

    v = by_key["VPUBND"]
    w = places["VPUBND"]
    ws = xlsx(v["file"])[w["sheet"]]
    assert isinstance(ws[a1(w["rows"]["II.1"], w["col"]["self"])].value, dt.datetime)
    assert ws[a1(w["rows"]["II.2"], w["col"]["self"])].value == " 6 "
    assert ws[a1(w["rows"]["V.1"], w["col"]["self"])].value == "-0,5"
    assert (BLOC_DIR / v["file"]).read_bytes() == (BLOC_DIR / v["copy_as"]).read_bytes()

    p = by_key["STP"]
    w = places["STP"]
    wb = xlsx(p["file"], data_only=True)
    assert wb.sheetnames == ["Ghi chú", "Bảng chấm điểm"], wb.sheetnames
    assert wb["Bảng chấm điểm"].sheet_state == "hidden"
    ws = wb["Bảng chấm điểm"]
    assert [ws.cell(row=10, column=i + 1).value for i in range(6)] == p["headers"]
    assert ws[a1(w["rows"]["I"], w["col"]["self"])].value == 48.5, "LibreOffice saved the subtotal"

    s = by_key["SCT"]
    w = places["SCT"]
    sh = xlrd.open_workbook(str(BLOC_DIR / s["file"])).sheet_by_name(w["sheet"])
    assert sh.cell_value(w["rows"]["VI.1"], w["col"]["rev"]) == "Có"
    assert sh.cell_value(w["rows"]["VI.1"], w["col"]["self"]) == "Không"

    u = by_key["UNKNOWN"]
    sh = xlrd.open_workbook(str(BLOC_DIR / u["file"])).sheet_by_index(0)
    assert any("Nông nghiệp" in str(sh.cell_value(r, 0)) for r in range(sh.nrows))
    print("read back: every case is in the files as intended")


def main(argv):
    places = write_all()
    units, cutoff_ties = expected_units()
    for u in units.values():  # names in reports are compared in NFC
        u["files"] = [unicodedata.normalize("NFC", f) for f in u["files"]]
    result = {
        "note": "Computed by scripts/make_edge_fixtures.py from the data it writes, following the "
                "README; not from thidua's output.",
        "units": units,
        "issues": expected_issues(places, cutoff_ties, units),
        "sources": [
            dict(file=unicodedata.normalize("NFC", f), unit=s["unit"],
                 sheet=places[s["key"]]["sheet"])
            for s in SUBMISSIONS for f in [s["file"]] + ([s["copy_as"]] if s.get("copy_as") else [])
        ],
        "nfd_file": unicodedata.normalize("NFC", NFD_NAME),
    }
    EXPECTED_PATH.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for i, u in units.items():
        print(f"{i:8} {u['status']:8} self={u['self_total']!s:6} total={u['total']!s:6} "
              f"rank={u['rank']!s:4} award={u['award']} disq={u['disqualified']}")
    if "--check" in argv:
        check(places)


if __name__ == "__main__":
    main(sys.argv[1:])
