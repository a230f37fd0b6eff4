#!/usr/bin/env python3
"""Tạo khối thi đua thứ hai để kiểm thử các trường hợp biên (tests/fixtures/edge/) và kết quả
mong đợi tests/fixtures/edge/expected.json.

Build a second, small bloc (6 units, the sample bloc's criteria and awards) whose submissions
cover what the sample bloc does not, and its expected consolidation, deterministically:

  1. Thanh tra tỉnh: leaf scores written as formulas with no saved value ("=4+4", "=0*0.5")
     → formula-without-value, counted 0; its title still says "NĂM 2024" → year-mismatch.
  2. A submission from an agency outside the bloc (Sở Nông nghiệp và Môi trường), neutral file
     name → unknown-unit; listed in sources with unit null.
  3. Sở Nội vụ sent two different files; the one named "…sua lan 2" is the revised one and counts,
     the other gets a duplicate-unit warning and is not used; Văn phòng UBND tỉnh's file arrived
     twice byte for byte → duplicate-unit (info), unit still used.
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
import sys
import tempfile
import tomllib
import unicodedata
from decimal import Decimal
from pathlib import Path

import openpyxl

import oracle
from fixture_rules import Criteria, D
from sheetkit import (Formula, Grid, Txt, a1, normalise_zip, render_openpyxl, render_xlwt,
                      soffice_convert)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RULES = ROOT / "samples" / "khoi-van-hoa-xa-hoi" / "quy-dinh.toml"
BLOC_DIR = ROOT / "tests" / "fixtures" / "edge"
RULES_PATH = BLOC_DIR / "quy-dinh.toml"
EXPECTED_PATH = BLOC_DIR / "expected.json"

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
TREE = Criteria(RULES)
parent_of, section_of, children_of = TREE.parent_of, TREE.section_of, TREE.children_of
kind_of, is_leaf = TREE.kind_of, TREE.is_leaf
UNIT_NAMES = {u["id"]: u["name"] for u in RULES["units"]}


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


as_number = oracle.typed_number  # the number a written value stands for, as the README reads it


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

# The arithmetic is scripts/oracle.py's (shared with the other generators); what is this bloc's own is the
# data above and which file of a unit is used.

def compute(u: dict) -> dict:
    selfv = u["self"]
    rev = u.get("reviewed") or {}

    def own(code):
        return oracle.counted(TREE, code, selfv.get(code))

    def used(code):
        return oracle.counted(TREE, code, oracle.final(selfv.get(code), rev.get(code)))

    def any_reviewed(code):
        if is_leaf(code):
            return rev.get(code) is not None
        return any(any_reviewed(k) for k in children_of(code))

    out_scores = {}
    for c in CRITERIA:
        code = c["code"]
        if kind_of(code) == "disqualifier":
            continue
        if is_leaf(code):
            s = oracle.amount(TREE, code, selfv.get(code))
            r = oracle.amount(TREE, code, rev.get(code))
        else:
            s = oracle.subtotal(TREE, code, own)
            r = oracle.subtotal(TREE, code, used) if any_reviewed(code) else None
        out_scores[code] = {"self": num(s), "reviewed": num(r)}

    def capped(kind):
        return sum((oracle.section_value(TREE, sec, used) for sec in oracle.sections(TREE, kind)), Decimal(0))

    return dict(
        self_total=oracle.total(TREE, own),
        total=oracle.total(TREE, used),
        keys={k: oracle.subtotal(TREE, k, used) for k in RULES["ranking"]["tie_break"]},
        bonus=capped("bonus"),
        deduction=capped("deduction"),
        reviewed=any(any_reviewed(c["code"]) for c in CRITERIA if kind_of(c["code"]) != "disqualifier"),
        disqualified=oracle.disqualified(TREE, u["vi"], u.get("vi_reviewed")),
        scores=out_scores,
    )


num = oracle.num


REVISION = re.compile(r"(?i)\b(s[uử]a|l[aầ]n \d+|b[oổ] sung|v\d+|m[oớ]i)\b")


def newest_by_name(subs: list[dict]) -> dict:
    """The one submission whose file name marks it as a revised version."""
    marked = [s for s in subs if REVISION.search(unicodedata.normalize("NFC", s["file"]))]
    assert len(marked) == 1, [s["file"] for s in subs]
    return marked[0]


def expected_units() -> dict:
    by_unit: dict[str, list[dict]] = {}
    for s in SUBMISSIONS:
        if s["unit"]:
            by_unit.setdefault(s["unit"], []).append(s)
    # One submission per unit; of several different files the newer counts (README): the .xls
    # written by xlwt records no saved date, so the file name marked as a revision decides.
    used = {i: subs[0] if len(subs) == 1 else newest_by_name(subs) for i, subs in by_unit.items()}
    superseded = {i: [s["file"] for s in subs if s is not used[i]] for i, subs in by_unit.items()}
    res = {i: compute(s) for i, s in used.items()}
    ids = [u["id"] for u in RULES["units"] if u["id"] in res]
    order, rank = oracle.ranks(ids, lambda i: (res[i]["total"], *res[i]["keys"].values()))
    tied = {i: sum(1 for j in ids if rank[j] == rank[i]) > 1 for i in ids}
    # "units not yet awarded whose submission is used": every unit here sent a file that is used.
    award, cutoff_ties = oracle.awards(RULES["awards"], order, rank, lambda i: res[i]["total"],
                                       lambda i: res[i]["deduction"], lambda i: res[i]["disqualified"])
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
        else:
            units[i] = dict(status="missing", files=[], self_total=None, total=None, rank=None, award=None,
                            disqualified=False, bonus=None, deduction=None, reviewed=False, tied=False,
                            scores={})
    return units, cutoff_ties, superseded


def expected_issues(places: dict, cutoff_ties, units, superseded) -> list[dict]:
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
        # 3. two different files: the revised one counts, the other is told; an identical copy
        *[issue("SNV", "duplicate-unit", "warning", file=f) for f in superseded["SNV"]],
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
    units, cutoff_ties, superseded = expected_units()
    for u in units.values():  # names in reports are compared in NFC
        u["files"] = [unicodedata.normalize("NFC", f) for f in u["files"]]
    result = {
        "note": "Computed by scripts/make_edge_fixtures.py from the data it writes, following the "
                "README; not from thidua's output.",
        "units": units,
        "issues": expected_issues(places, cutoff_ties, units, superseded),
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
