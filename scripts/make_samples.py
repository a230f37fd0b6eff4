#!/usr/bin/env python3
"""Tạo bộ bảng tự chấm điểm mẫu của Khối thi đua Văn hóa - Xã hội (Quảng Ngãi, năm 2025)
và kết quả mong đợi tests/expected/sample-bloc.json.

Build the demo bloc's submissions (8 of 9 units; LHHKHKT does not submit) and the
expected consolidation result, deterministically.

    python3 scripts/make_samples.py           # rebuild everything
    python3 scripts/make_samples.py --check   # rebuild, then read every file back and compare

Needs Python 3.11+, openpyxl, xlwt, xlrd and LibreOffice (soffice) for the .ods file and
for the files whose formulas must carry saved values (LO_PROFILE=file:///… picks the
LibreOffice profile directory). --check also needs the two independent decoders of legacy
Vietnamese text: GNU recode (apt-get install recode) and viparse (pip install viparse==0.1.31).

Three submissions are typed in the encodings units still use (see "legacy encodings" below):
SGDDT in TCVN3 (.VnTime/.VnTimeH), BHXH in VNI-Windows (VNI-Times), DHPVD in decomposed
Unicode (NFD); SVHTTDL has genuine Unicode in a .VnTime title column, which must stay as it is.

The expected JSON is computed from the data below (what is written into the cells), never
by reading the workbooks back. Stated subtotals and totals in the sheets are what each unit
itself computed from the values it typed (numbers only, as written); only SDTTG's section II
subtotal and its "Tổng điểm" are deliberately wrong.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import unicodedata
from decimal import Decimal
from pathlib import Path

import openpyxl

import oracle
from fixture_rules import Criteria, D
from sheetkit import (Grid, Runs, a1, autofit_rows, normalise_zip, render_openpyxl, render_xlwt,
                      soffice_convert, st)
from sheetkit import Txt as TextNum

ROOT = Path(__file__).resolve().parent.parent
BLOC_DIR = ROOT / "samples" / "khoi-van-hoa-xa-hoi"
RULES_PATH = BLOC_DIR / "quy-dinh.toml"
EXPECTED_PATH = ROOT / "tests" / "expected" / "sample-bloc.json"

RULES = tomllib.loads(RULES_PATH.read_text(encoding="utf-8"))
CRITERIA = RULES["criteria"]
BY_CODE = {c["code"]: c for c in CRITERIA}
TREE = Criteria(RULES)
parent_of, section_of, children_of = TREE.parent_of, TREE.section_of, TREE.children_of
kind_of, is_leaf = TREE.kind_of, TREE.is_leaf


LEAVES = [c["code"] for c in CRITERIA if is_leaf(c["code"])]

# --------------------------------------------------------------------------- data
# Self-scores as each unit typed them. Decimal strings = numbers; TextNum = typed as
# text with a decimal comma; plain str = other text; None = left empty.


def scores(**kw):
    """I1=19 → {"I.1": Decimal(19)}; III2a → "III.2.a"."""
    out = {}
    for k, v in kw.items():
        m = re.fullmatch(r"([IV]+)(\d)?([a-z])?", k)
        code = ".".join(x for x in m.groups() if x)
        if isinstance(v, TextNum) or (isinstance(v, str) and not re.fullmatch(r"-?\d+(\.\d+)?", v)):
            out[code] = v
        elif v is None:
            out[code] = None
        else:
            out[code] = D(v)
    return out


HEAD_GOV = "UBND TỈNH QUẢNG NGÃI"

UNITS: list[dict] = [
    dict(
        id="SYT",
        sheet_name="Bảng tự chấm",
        file="Sở Y tế - Bảng tự chấm điểm 2025.xlsx",
        make="xlsx-lo",
        gov=HEAD_GOV,
        org="SỞ Y TẾ",
        date="Quảng Ngãi, ngày 25 tháng 11 năm 2025",
        attach="(Kèm theo Báo cáo số 412/BC-SYT ngày 25/11/2025 của Sở Y tế)",
        unit_line="Đơn vị: Sở Y tế",
        header_row=8,  # 0-based → row 9
        start_col=0,
        cols=["stt", "title", "max", "self", "rev", "note"],
        headers=["STT", "Nội dung tiêu chí", "Điểm chuẩn", "Điểm tự chấm", "Điểm khối chấm", "Ghi chú"],
        labels="relative-int",
        formulas=True,
        self=scores(I1=19, I2=9.5, I3=10, I4=10, II1=8, II2=5.5, II3=6,
                    III1=10, III2a=4, III2b=3, III2c=2.5, III3=9, IV1=3, IV3=1),
        vi={"VI.1": "Không", "VI.2": "Không"},
        notes={
            "I.1": "Hoàn thành 24/25 chỉ tiêu y tế năm 2025",
            "I.2": "Chỉ số CCHC năm 2024 xếp loại Tốt",
            "I.4": "Không có vụ việc tham nhũng, tiêu cực",
            "II.2": "Đề nghị khen thưởng 03 điển hình tiên tiến",
            "III.1": "Đảng bộ Sở hoàn thành tốt nhiệm vụ",
            "IV.1": "Trưởng khối năm 2025",
            "IV.3": "Mô hình \"Trạm y tế xã điện tử\" được UBND tỉnh công nhận",
        },
        signer="Trần Minh Đức",
        preparer=("NGƯỜI LẬP BIỂU", "Nguyễn Thị Mỹ Hạnh"),
        widths=[6, 55, 9, 9, 9, 24],
        num_format="0.0",
    ),
    dict(
        id="SGDDT",
        file="Bảng chấm điểm thi đua - Sở GDĐT.xls",
        make="xls",
        text="tcvn3",  # typed in TCVN3: .VnTime, capital headings in .VnTimeH
        gov=HEAD_GOV,
        org="SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        date="Quảng Ngãi, ngày 24 tháng 11 năm 2025",
        unit_line="Đơn vị: Sở GD&ĐT",
        header_row=9,
        start_col=0,
        cols=["stt", "title", "max", "self", "rev", "note"],
        two_row_header=True,
        labels="relative",
        self=scores(I1=18.5, I2=9.5, I3=10, I4=9, II1=7.5, II2=5.5, II3=6,
                    III1=9.5, III2a=3.5, III2b=3, III2c=3, III3=9, IV2=2, V1=0.5),
        vi={"VI.1": "Không", "VI.2": "Không"},
        notes={
            "I.1": "Tỷ lệ tốt nghiệp THPT đạt 98,6%",
            "I.3": "Gửi đầy đủ, đúng hạn",
            "II.1": "Kế hoạch số 35/KH-SGDĐT",
            "IV.2": "Phó khối năm 2025",
            "V.1": "Chậm 01 báo cáo quý III",
        },
        signer="Lê Thị Thu Hằng",
        recipients=["Nơi nhận:", "- Trưởng khối thi đua (để tổng hợp);", "- Lưu: VT, VP."],
        widths=[6, 55, 8, 8, 9, 24],
        num_format="0.0",
    ),
    dict(
        id="SVHTTDL",
        file="Sở VHTTDL - tự chấm điểm năm 2025.xlsx",
        make="xlsx",
        legacy_font_title=".VnTime",  # Unicode text typed into an old .VnTime template
        gov=HEAD_GOV,
        org="SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
        date="Quảng Ngãi, ngày 21 tháng 11 năm 2025",
        unit_line="Tên đơn vị: Sở VHTTDL",
        sheet_name="Tự chấm",
        instructions=True,
        header_row=11,  # row 12
        start_col=1,  # column B
        cols=["stt", "title", "self", "max", "note"],
        headers=["TT", "Tiêu chí", "Điểm tự chấm", "Điểm tối đa", "Tài liệu kiểm chứng"],
        labels="relative",
        self=scores(I1=18, I2=9, I3=10, I4=9.5, II1=7.5, II2=5, II3=5.5,
                    III1=9, III2a=3.5, III2b=2.5, III2c=3, III3=9, IV3=2),
        vi={"VI.1": "Không", "VI.2": "Không"},
        notes={
            "I.1": "Báo cáo số 356/BC-SVHTTDL ngày 20/11/2025",
            "I.2": "Kết quả chỉ số CCHC năm 2024",
            "I.3": "Sổ theo dõi văn bản đi",
            "I.4": "Báo cáo công tác PCTN, TC năm 2025",
            "II.1": "Kế hoạch số 12/KH-SVHTTDL ngày 14/02/2025",
            "II.2": "Quyết định khen thưởng năm 2025",
            "II.3": "Hồ sơ khen thưởng lưu tại Văn phòng Sở",
            "III.1": "Kết quả đánh giá, xếp loại tổ chức đảng năm 2025",
            "III.3": "Báo cáo tham gia hoạt động của khối",
            "IV.3": "Quyết định số 2150/QĐ-UBND ngày 10/10/2025",
        },
        signer="Phạm Quốc Bảo",
        widths=[3, 6, 55, 9, 9, 30],
        num_format=None,
    ),
    dict(
        id="SKHCN",
        sheet_name="Tự đánh giá",
        file="KHCN tự đánh giá thi đua 2025.ods",
        make="ods",
        gov="UỶ BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        org="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        motto="CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        bloc_line="Khối thi đua Văn hoá - Xã hội",
        date="Quảng Ngãi, ngày 26 tháng 11 năm 2025",
        unit_line="Đơn vị: Sở Khoa học và Công nghệ",
        header_row=8,
        start_col=0,
        cols=["stt", "title", "max", "self", "rev", "note"],
        headers=["STT", "Nội dung", "Thang điểm", "Tự đánh giá", "Cụm chấm", "Minh chứng"],
        labels="relative-dot",
        titles={
            "I.1": "Hoàn thành các chỉ tiêu, nhiệm vụ được Uỷ ban nhân dân tỉnh giao trong năm",
            "I.4": "Thực hiện công tác phòng, chống tham nhũng, tiêu cực, thực hành tiết kiệm, chống lãng phí",
            "II.1": "Tổ chức phát động và triển khai các phong trào thi đua",
            "III.2": "Hoạt động của Công đoàn, Đoàn Thanh niên, Hội Cựu chiến binh cơ quan",
            "IV.3": "Có sáng kiến, mô hình hay được cấp có thẩm quyền công nhận (chuyển đổi số, số hoá)",
        },
        self=scores(I1=18.5, I2=TextNum("8,5"), I3=10, I4=9, II1=7.5, II2=5, II3=TextNum("5,5"),
                    III1=9, III2a=TextNum("3,5"), III2b=2.5, III2c=2.5, III3=TextNum("9,5"),
                    IV3=1, V1=1),
        vi={"VI.1": None, "VI.2": None},
        notes={
            "I.1": "Báo cáo tổng kết năm 2025",
            "I.2": "Nền tảng số dùng chung của tỉnh vận hành ổn định",
            "IV.3": "Sáng kiến \"Bản đồ số đổi mới sáng tạo\"",
            "V.1": "Chậm 02 báo cáo",
        },
        signer="Võ Thanh Tùng",
        widths=[6, 55, 9, 9, 9, 26],
        num_format=None,
    ),
    dict(
        id="SDTTG",
        file="SDTTG_tu cham 2025.xlsx",
        make="xlsx",
        gov=HEAD_GOV,
        org="SỞ DÂN TỘC VÀ TÔN GIÁO",
        date="Quảng Ngãi, ngày 27 tháng 11 năm 2025",
        unit_line="Đơn vị: Sở Dân tộc và Tôn giáo",
        header_row=8,
        start_col=0,
        cols=["stt", "title", "max", "self", "note"],
        headers=["STT", "Nội dung tiêu chí", "Điểm tối đa", "Điểm tự chấm", "Ghi chú"],
        labels="relative-paren",
        self=scores(I1=17.5, I2=12, I3=8, I4=9, II1=7, II2="đạt",
                    III1=9, III2a=3.5, III2b=2.5, III2c=2.5, III3=8.5, V1=4),
        omit={"II.3"},
        max_override={"III.1": D(15)},
        stated_override={"II": D(19)},
        total_override=D("88.5"),
        vi={"VI.1": "Không", "VI.2": "Không"},
        notes={
            "I.2": "Vượt chỉ tiêu chuyển đổi số",
            "II.2": "Có điển hình tiên tiến",
            "V.1": "Chậm 08 báo cáo",
        },
        signer="Đinh Văn Mười",
        widths=[6, 58, 9, 9, 26],
        num_format=None,
    ),
    dict(
        id="BPTTH",
        sheet_name="Bang tu cham",
        file="Bao PTTH Quang Ngai - bang tu cham.xls",
        make="xls",
        gov=HEAD_GOV,
        org="BÁO VÀ PHÁT THANH, TRUYỀN HÌNH QUẢNG NGÃI",
        date="Quảng Ngãi, ngày 25 tháng 11 năm 2025",
        unit_line="Đơn vị: Báo và Phát thanh, Truyền hình Quảng Ngãi",
        header_row=8,
        start_col=0,
        cols=["stt", "title", "max", "self", "rev", "note"],
        headers=["TT", "Nội dung", "Thang điểm", "Tự đánh giá", "Thẩm định", "Ghi chú"],
        header_height=50,
        labels="relative",
        negative_deductions=True,
        self=scores(I1=18.5, I2=9, I3=10, I4=9.5, II1=7.5, II2=5.5, II3=5.5,
                    III1=9.5, III2a=3.5, III2b=3, III2c=2.5, III3=9,
                    IV1=0, IV2=0, IV3=0, V1=-1, V2=0, V3=0),
        # The bloc's review (thẩm định), filled for every leaf row.
        reviewed=scores(I1=18.5, I2=8.5, I3=10, I4=9.5, II1=7.5, II2=5, II3=5.5,
                        III1=9.5, III2a=3.5, III2b=3, III2c=2.5, III3=8.5,
                        IV1=0, IV2=0, IV3=0, V1=-1, V2=0, V3=0),
        vi={"VI.1": "Không", "VI.2": "Không"},
        vi_reviewed={"VI.1": "Không", "VI.2": "Không"},
        notes={
            "I.2": "Khối trừ 0,5: chậm cập nhật hồ sơ công việc",
            "II.2": "Khối trừ 0,5: chưa có mô hình nhân rộng",
            "III.3": "Khối trừ 0,5: vắng 01 hoạt động chung",
            "V.1": "Chậm 02 báo cáo",
        },
        signer="Nguyễn Thị Ngọc Lan",
        widths=[6, 55, 9, 9, 9, 26],
        num_format=None,
    ),
    dict(
        id="BHXH",
        sheet_name="Chấm điểm 2025",
        file="bhxh.xlsx",
        make="xlsx",
        text="vni",  # typed in VNI-Windows, font VNI-Times
        gov="BẢO HIỂM XÃ HỘI VIỆT NAM",
        org="BẢO HIỂM XÃ HỘI TỈNH QUẢNG NGÃI",
        date="Quảng Ngãi, ngày 26 tháng 11 năm 2025",
        unit_line=None,
        header_row=7,
        start_col=0,
        cols=["stt", "title", "max", "self", "rev", "note"],
        headers=["STT", "Nội dung tiêu chí", "Điểm chuẩn", "Điểm tự chấm", "Điểm khối chấm", "Ghi chú"],
        labels="full",
        self=scores(I1=19.5, I2=9.5, I3=7, I4=10, II1=7, II2=5.5, II3=5.5,
                    III1=9.5, III2a=3.5, III2b=2.5, III2c=2, III3=9.5),
        vi={"VI.1": "Không", "VI.2": "Không"},
        notes={
            "I.1": "Tỷ lệ bao phủ BHYT đạt 94,2% dân số",
            "I.3": "Chậm 01 báo cáo định kỳ, đã bổ sung",
            "III.1": "Chi bộ hoàn thành tốt nhiệm vụ",
        },
        signer="Huỳnh Văn Nam",
        preparer=("NGƯỜI LẬP BIỂU", "Phan Thị Kim Oanh"),
        widths=[9, 55, 9, 9, 9, 24],
        num_format="0.0",
    ),
    dict(
        id="DHPVD",
        file="Trường ĐH Phạm Văn Đồng - chấm điểm 2025.xls",
        make="xls-lo",
        text="nfd",  # decomposed Unicode (tổ hợp)
        gov=HEAD_GOV,
        org="TRƯỜNG ĐẠI HỌC PHẠM VĂN ĐỒNG",
        date="Quảng Ngãi, ngày 24 tháng 11 năm 2025",
        unit_line="Đơn vị: Trường Đại học Phạm Văn Đồng",
        header_row=8,
        start_col=0,
        cols=["stt", "title", "max", "self", "rev", "note"],
        headers=["STT", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Điểm khối chấm", "Ghi chú"],
        labels="relative",
        formulas=True,
        titles={
            "I": "Nhiệm vụ chính trị, chuyên môn",
            "I.1": "Hoàn thành chỉ tiêu, nhiệm vụ được giao",
            "I.2": "Cải cách hành chính, chuyển đổi số",
            "I.3": "Chế độ thông tin, báo cáo",
            "I.4": "Phòng, chống tham nhũng, tiêu cực; tiết kiệm, chống lãng phí",
            "II": "Thi đua, khen thưởng",
            "II.1": "Phát động, triển khai phong trào thi đua",
            "II.2": "Điển hình tiên tiến",
            "II.3": "Quy trình, thủ tục khen thưởng",
            "III": "Xây dựng Đảng, đoàn thể, cơ quan",
            "III.1": "Xây dựng tổ chức đảng",
            "III.2": "Hoạt động các đoàn thể",
            "III.2.a": "Công đoàn",
            "III.2.b": "Đoàn Thanh niên",
            "III.2.c": "Cựu chiến binh",
            "III.3": "Hoạt động chung của khối",
            "IV.1": "Trưởng khối",
            "IV.2": "Phó khối",
            "IV.3": "Sáng kiến, mô hình hay",
            "V.1": "Chậm báo cáo (0,5 điểm/lần)",
            "V.2": "Bị xử lý kỷ luật",
            "V.3": "Không tham gia hoạt động của khối",
            "VI": "Trường hợp không xét khen thưởng",
            "VI.1": "Lãnh đạo bị khởi tố về tham nhũng, tiêu cực",
            "VI.2": "Tổ chức đảng không hoàn thành nhiệm vụ",
        },
        self=scores(I1=19.5, I2=10, I3=10, I4=9.5, II1=8, II2=6, II3=6,
                    III1=5, III2a=4, III2b=3, III2c=3, III3=10, IV3=2),
        vi={"VI.1": "Không", "VI.2": "x"},
        notes={
            "I.1": "Tuyển sinh đạt 105% chỉ tiêu",
            "III.1": "Đảng bộ Trường xếp loại không hoàn thành nhiệm vụ",
            "IV.3": "Mô hình \"Trường học số\"",
            "VI.2": "Theo kết quả xếp loại tổ chức đảng năm 2025",
        },
        signer="Lê Quang Vinh",
        widths=[6, 48, 9, 9, 9, 30],
        num_format=None,
    ),
]

MISSING_UNITS = ["LHHKHKT"]


# --------------------------------------------------------------------------- expected results
# The arithmetic is scripts/oracle.py's (shared with the other generators); what is this bloc's own is the
# data above: the values typed, the rows left out, the bloc's review.

def as_number(v):
    """The number a written self/reviewed value stands for, as the unit adds it up in its own subtotals
    (numbers, and numbers typed as text with a decimal comma), or None."""
    if isinstance(v, Decimal):
        return v
    if isinstance(v, TextNum):
        return D(v.replace(",", "."))
    return None


def compute_unit(u: dict) -> dict:
    omit = u.get("omit", set())
    selfv = u["self"]
    rev = u.get("reviewed") or {}

    def own(code):
        return oracle.counted(TREE, code, selfv.get(code))

    def used(code):
        return oracle.counted(TREE, code, oracle.final(selfv.get(code), rev.get(code)))

    def reviewed_below(code):
        if is_leaf(code):
            return code not in omit and rev.get(code) is not None
        return any(reviewed_below(k) for k in children_of(code))

    out_scores = {}
    for c in CRITERIA:
        code = c["code"]
        if kind_of(code) == "disqualifier" or code in omit:
            continue
        if is_leaf(code):
            s = oracle.amount(TREE, code, selfv.get(code))
            r = oracle.amount(TREE, code, rev.get(code))
        else:
            s = oracle.subtotal(TREE, code, own, omit)
            r = oracle.subtotal(TREE, code, used, omit) if reviewed_below(code) else None
        out_scores[code] = {"self": num(s), "reviewed": num(r)}

    return dict(
        self_total=oracle.total(TREE, own, omit),
        total=oracle.total(TREE, used, omit),
        keys={k: oracle.subtotal(TREE, k, used, omit) for k in RULES["ranking"]["tie_break"]},
        deduction=sum((oracle.section_value(TREE, s, used, omit) for s in oracle.sections(TREE, "deduction")),
                      Decimal(0)),
        disqualified=oracle.disqualified(TREE, u["vi"], u.get("vi_reviewed")),
        scores=out_scores,
    )


num = oracle.num


def expected() -> dict:
    res = {u["id"]: compute_unit(u) for u in UNITS}
    ids = [u["id"] for u in UNITS]
    order, rank = oracle.ranks(ids, lambda i: (res[i]["total"], *res[i]["keys"].values()))
    award, cutoff_ties = oracle.awards(RULES["awards"], order, rank, lambda i: res[i]["total"],
                                       lambda i: res[i]["deduction"], lambda i: res[i]["disqualified"])
    assert not cutoff_ties, f"the data is designed so that no tie falls at a cut-off: {cutoff_ties}"
    units = {}
    for u in RULES["units"]:
        i = u["id"]
        if i in res:
            spec = next(x for x in UNITS if x["id"] == i)
            r = res[i]
            units[i] = dict(
                file=spec["file"], self_total=num(r["self_total"]), total=num(r["total"]),
                rank=rank[i], award=award[i], disqualified=r["disqualified"], scores=r["scores"],
            )
        else:
            units[i] = dict(file=None, self_total=None, total=None, rank=None, award=None,
                            disqualified=False, scores={})
    return units


# --------------------------------------------------------------------------- building one submission

def label_for(code: str, mode: str):
    seg = code.split(".")
    if mode == "full":
        return code
    last = seg[-1]
    if len(seg) == 1:
        return last
    if len(seg) == 3:
        return f"{last})" if mode == "relative-paren" else last
    if mode == "relative-int":
        return int(last)
    if mode == "relative-dot":
        return f"{last}."
    return last


def build_submission(u: dict) -> tuple[list[Grid], dict]:
    """The unit's workbook as grids, and where things went (for the mistakes list and checks)."""
    g = Grid(u.get("sheet_name", "Sheet1"))
    cols = u["cols"]
    c0 = u.get("start_col", 0)
    col = {role: c0 + i for i, role in enumerate(cols)}
    ncols = len(cols)
    last = c0 + ncols - 1
    g.widths = u["widths"]
    nf = u.get("num_format")
    neg = u.get("negative_deductions", False)
    formulas = u.get("formulas", False)
    titles = u.get("titles", {})
    omit = u.get("omit", set())
    rev = u.get("reviewed") or {}
    has_rev_col = "rev" in col

    # heading block: left = governing body + unit, right = national motto
    split = c0 + 1  # left block covers STT + title columns
    g.merge(0, c0, 0, split, u["gov"], h="center", size=12)
    g.merge(1, c0, 1, split, u["org"], h="center", bold=True, size=12)
    g.merge(2, c0, 2, split, "———————", h="center", size=10)
    g.merge(0, split + 1, 0, last, u.get("motto", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), h="center", bold=True, size=12)
    g.merge(1, split + 1, 1, last, "Độc lập - Tự do - Hạnh phúc", h="center", bold=True, size=13)
    g.merge(2, split + 1, 2, last, "———————————", h="center", size=10)
    g.merge(3, split + 1, 3, last, u["date"], h="center", italic=True)

    title_row = 4 if u["header_row"] < 9 else 5
    if u["id"] == "SVHTTDL":
        title_row = 6
    r = title_row
    g.merge(r, c0, r, last, "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025", h="center", bold=True, size=14)
    r += 1
    g.merge(r, c0, r, last, u.get("bloc_line", "Khối thi đua Văn hóa - Xã hội"), h="center", bold=True)
    r += 1
    if u.get("attach"):
        g.merge(r, c0, r, last, u["attach"], h="center", italic=True)
        r += 1
    if u.get("unit_line"):
        g.merge(r, c0, r, last, u["unit_line"], h="left", bold=u["id"] != "SVHTTDL")
        r += 1
    assert r <= u["header_row"], (u["id"], r)

    # header
    hr = u["header_row"]
    H = dict(h="center", bold=True, border=True, wrap=True)
    if u.get("two_row_header"):
        g.merge(hr, col["stt"], hr + 1, col["stt"], "STT", **H)
        g.merge(hr, col["title"], hr + 1, col["title"], "Nội dung", **H)
        g.merge(hr, col["max"], hr, col["rev"], "Điểm", **H)
        g.put(hr + 1, col["max"], "Tối đa", **H)
        g.put(hr + 1, col["self"], "Tự chấm", **H)
        g.put(hr + 1, col["rev"], "Khối chấm", **H)
        g.merge(hr, col["note"], hr + 1, col["note"], "Ghi chú", **H)
        for i in range(ncols):
            g.put(hr + 2, c0 + i, f"({i + 1})", h="center", italic=True, border=True, size=11)
        g.heights[hr] = 20
        r = hr + 3
    else:
        for i, text in enumerate(u["headers"]):
            g.put(hr, c0 + i, text, **H)
        g.heights[hr] = u.get("header_height", 36)
        r = hr + 1

    rows: dict[str, int] = {}
    order = [c["code"] for c in CRITERIA if c["code"] not in omit]
    for code in order:
        rows[code] = r
        r += 1
    first_summary = r

    def ref(code, role):
        return a1(rows[code], col[role])

    def written(code, which):
        """Value to put in a leaf cell."""
        src = u["self"] if which == "self" else rev
        v = src.get(code)
        return v

    def stated(code, which):
        """Subtotal as the unit computed it: sum of the numbers it typed (signs as typed)."""
        if which == "self" and code in u.get("stated_override", {}):
            return u["stated_override"][code]
        kids = children_of(code)
        if not kids:
            v = written(code, which)
            if which == "rev" and v is None:
                v = written(code, "self")
            n = as_number(v)
            return n if n is not None else Decimal(0)
        return sum((stated(k, which) for k in kids if k not in omit), Decimal(0))

    def formula(code, role):
        kids = [k for k in children_of(code) if k not in omit]
        krows = [rows[k] for k in kids]
        if all(is_leaf(k) for k in kids) and krows == list(range(krows[0], krows[0] + len(krows))):
            return f"=SUM({a1(krows[0], col[role])}:{a1(krows[-1], col[role])})"
        return "=" + "+".join(ref(k, role) for k in kids)

    NUM = dict(h="center", border=True, fmt=nf)
    for code in order:
        c = BY_CODE[code]
        depth = code.count(".")
        rr = rows[code]
        sec = depth == 0
        style_txt = dict(border=True, wrap=True, bold=sec, italic=depth == 2)
        g.put(rr, col["stt"], label_for(code, u["labels"]), h="center", border=True, bold=sec, italic=depth == 2)
        g.put(rr, col["title"], titles.get(code, c["title"]), **style_txt)
        mx = u.get("max_override", {}).get(code, D(c["max"]) if "max" in c else None)
        g.put(rr, col["max"], mx, **NUM, bold=sec)
        note = u.get("notes", {}).get(code)
        if "note" in col:
            g.put(rr, col["note"], note, border=True, wrap=True, size=11)
        roles = ["self"] + (["rev"] if has_rev_col else [])
        for role in roles:
            if section_of(code) == "VI":
                v = None if sec else (u["vi"].get(code) if role == "self" else u.get("vi_reviewed", {}).get(code))
                g.put(rr, col[role], v, h="center", border=True)
                continue
            if role == "rev" and not rev:
                g.put(rr, col[role], None, **NUM)
                continue
            if is_leaf(code):
                v = written(code, role)
                if isinstance(v, Decimal) and kind_of(code) == "deduction" and neg and v > 0:
                    v = -v
                g.put(rr, col[role], v, **NUM, bold=sec)
            elif formulas:
                g.put(rr, col[role], formula(code, role), **NUM, bold=sec)
            else:
                g.put(rr, col[role], stated(code, role), **NUM, bold=sec)
    # summary rows under the table
    labels = ["Tổng cộng (I+II+III)", "Điểm thưởng", "Điểm trừ", "Tổng điểm"]
    roles = ["self"] + (["rev"] if rev else [])
    summary: dict[str, int] = {}
    for i, lab in enumerate(labels):
        rr = first_summary + i
        summary[lab] = rr
        if u["id"] == "SGDDT":
            g.merge(rr, col["stt"], rr, col["title"], lab, bold=True, border=True, h="center")
        else:
            g.put(rr, col["stt"], None, border=True)
            g.put(rr, col["title"], lab, bold=True, border=True)
        g.put(rr, col["max"], D(100) if i == 0 else None, **NUM, bold=True)
        if "note" in col:
            g.put(rr, col["note"], None, border=True)
        if has_rev_col and not rev:
            g.put(rr, col["rev"], None, **NUM)
    for role in roles:
        if formulas:
            cells = [ref("I", role), ref("II", role), ref("III", role)]
            vals = {
                labels[0]: "=" + "+".join(cells),
                labels[1]: "=" + ref("IV", role),
                labels[2]: "=" + ref("V", role),
                labels[3]: f"={a1(summary[labels[0]], col[role])}+{a1(summary[labels[1]], col[role])}"
                           f"-{a1(summary[labels[2]], col[role])}",
            }
        else:
            base = stated("I", role) + stated("II", role) + stated("III", role)
            bonus = stated("IV", role)
            ded = stated("V", role)
            tot = base + bonus - abs(ded)
            if role == "self" and "total_override" in u:
                tot = u["total_override"]
            vals = {labels[0]: base, labels[1]: bonus, labels[2]: ded, labels[3]: tot}
        for lab, v in vals.items():
            g.put(summary[lab], col[role], v, **NUM, bold=True)

    # signature block
    r = first_summary + len(labels) + 1
    right = (split + 1, last)
    if u.get("recipients"):
        for i, line in enumerate(u["recipients"]):
            g.put(r + i, c0 + 1, line, bold=i == 0, italic=i == 0, size=11 if i else 12)
    if u.get("preparer"):
        g.merge(r, c0, r, split, u["preparer"][0], h="center", bold=True)
        g.merge(r + 5, c0, r + 5, split, u["preparer"][1], h="center", bold=True)
    g.merge(r, right[0], r, right[1], "THỦ TRƯỞNG ĐƠN VỊ", h="center", bold=True)
    g.merge(r + 1, right[0], r + 1, right[1], "(Ký, ghi rõ họ tên, đóng dấu)", h="center", italic=True)
    g.merge(r + 5, right[0], r + 5, right[1], u["signer"], h="center", bold=True)

    where = dict(rows=rows, col=col, summary=summary, sheet=g.name)
    grids = [g]
    if u.get("instructions"):
        grids.insert(0, instructions_sheet())
    return grids, where


def instructions_sheet() -> Grid:
    g = Grid("Hướng dẫn")
    g.widths = [4, 100]
    lines = [
        ("HƯỚNG DẪN TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025", dict(bold=True, size=14, h="center")),
        ("", {}),
        ("1. Đơn vị tự chấm điểm từng tiêu chí tại trang tính \"Tự chấm\", cột \"Điểm tự chấm\"; "
         "không chấm vượt điểm tối đa của tiêu chí.", dict(wrap=True)),
        ("2. Tiêu chí chấp hành chế độ thông tin, báo cáo chỉ chấm theo một trong các mức: "
         "10 điểm, 7 điểm, 4 điểm hoặc 0 điểm.", dict(wrap=True)),
        ("3. Điểm thưởng, điểm trừ ghi số điểm (số dương) vào đúng dòng tiêu chí của mục IV, mục V.", dict(wrap=True)),
        ("4. Mục VI (trường hợp không xét khen thưởng): ghi \"Có\" hoặc \"Không\".", dict(wrap=True)),
        ("5. Ghi rõ tài liệu kiểm chứng (số, ngày văn bản) của từng tiêu chí.", dict(wrap=True)),
        ("6. Gửi bảng tự chấm điểm (bản có chữ ký, đóng dấu và tệp Excel) về đơn vị Trưởng khối "
         "trước ngày 30/11/2025 để tổng hợp.", dict(wrap=True)),
        ("", {}),
        ("Lưu ý: không thêm, bớt dòng, cột trong bảng chấm điểm.", dict(italic=True, wrap=True)),
    ]
    for i, (text, s) in enumerate(lines):
        if i == 0:
            g.merge(0, 0, 0, 1, text, **s)
        else:
            g.put(i, 1, text or None, **s)
            if text:
                g.heights[i] = 36
    return g


# --------------------------------------------------------------------------- legacy encodings
# Three submissions are typed the way many units still type: SGDDT in TCVN3 (ABC) with the
# .VnTime/.VnTimeH fonts, BHXH in VNI-Windows with VNI-Times, DHPVD in decomposed Unicode (NFD).
# SVHTTDL keeps Unicode text in a .VnTime title column (Unicode typed into an old template).
# The grids hold the intended Unicode text (the answer); encode_for_file() makes the copy that
# is written. A cell's text is then the legacy bytes read as Windows-1252 ("surface").
# --check decodes every text cell back with independent tools (viparse for TCVN3, recode for
# VNI, NFC for NFD) and compares it with the intended text.

TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # plain, sắc, huyền, hỏi, ngã, nặng

# TCVN3 lowercase table (shared/vietnamese-text.md): one byte per letter, tones in TONES order.
_TCVN3_ROWS = {
    "a": "a B8 B5 B6 B7 B9", "â": "A9 CA C7 C8 C9 CB", "ă": "A8 BE BB BC BD C6",
    "e": "e D0 CC CE CF D1", "ê": "AA D5 D2 D3 D4 D6", "i": "i DD D7 D8 DC DE",
    "o": "o E3 DF E1 E2 E4", "ô": "AB E8 E5 E6 E7 E9", "ơ": "AC ED EA EB EC EE",
    "u": "u F3 EF F1 F2 F4", "ư": "AD F8 F5 F6 F7 F9", "y": "y FD FA FB FC FE",
}
TCVN3 = {"đ": 0xAE, "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}
for _base, _row in _TCVN3_ROWS.items():
    for _tone, _code in zip(TONES, _row.split()):
        if len(_code) == 2:
            TCVN3[unicodedata.normalize("NFC", _base + _tone)] = int(_code, 16)
assert len(TCVN3) == 74 and len(set(TCVN3.values())) == 74


def _passthrough(ch: str) -> str:
    """ASCII, and Windows-1252 punctuation in 80–9F (— “ ” …), keep their code in both legacy sets."""
    if ord(ch) < 0x80:
        return ch
    b = ch.encode("cp1252")  # UnicodeEncodeError: a letter the legacy set cannot hold
    if not 0x80 <= b[0] <= 0x9F:
        raise ValueError(f"{ch!r} has no legacy code")
    return ch


def tcvn3_surface(text: str) -> str:
    """TCVN3 bytes of text, read as Windows-1252. ValueError for a capital toned letter, which
    TCVN3 lacks (type it lowercase in an H font: tcvn3_heading)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        out.append(bytes([TCVN3[ch]]).decode("cp1252") if ch in TCVN3 else _passthrough(ch))
    return "".join(out)


def tcvn3_heading(text: str) -> str:
    """A capital heading as typed in .VnTimeH: the lowercase codes, drawn as capitals by the font."""
    return tcvn3_surface(text.lower())


def tcvn3_body_ok(ch: str) -> bool:
    try:
        tcvn3_surface(ch)
        return True
    except (ValueError, UnicodeEncodeError):
        return False


_VNI_MARKS = {  # tone → mark byte (lowercase, capital), by kind of vowel
    "plain": ["", "F9", "F8", "FB", "F5", "EF"], "PLAIN": ["", "D9", "D8", "DB", "D5", "CF"],
    "circ": ["E2", "E1", "E0", "E5", "E3", "E4"], "CIRC": ["C2", "C1", "C0", "C5", "C3", "C4"],
    "breve": ["EA", "E9", "E8", "FA", "FC", "EB"], "BREVE": ["CA", "C9", "C8", "DA", "DC", "CB"],
}
_VNI_SINGLE = {"đ": "F1", "Đ": "D1", "ỉ": "E6", "Ỉ": "C6", "ĩ": "F3", "Ĩ": "D3", "ị": "F2", "Ị": "D2",
               "ỵ": "EE", "Ỵ": "CE", "í": "ED", "ì": "EC", "Í": "CD", "Ì": "CC"}
_VNI_HORN = {"o": "F4", "O": "D4", "u": "F6", "U": "D6"}  # ơ ư Ơ Ư: one byte, then the tone mark


def vni_surface(text: str) -> str:
    """VNI-Windows bytes of text (base letter + mark byte), read as Windows-1252."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _VNI_SINGLE:
            out.append(bytes([int(_VNI_SINGLE[ch], 16)]).decode("cp1252"))
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        if not marks or base.lower() not in "aeiouy":
            out.append(_passthrough(ch))
            continue
        tone = next((TONES.index(m) for m in marks if m in TONES[1:]), 0)
        shape = [m for m in marks if m not in TONES[1:]]
        up = base.isupper()
        if shape == ["\u031b"]:  # horn: ơ ư
            lead, kind = bytes([int(_VNI_HORN[base], 16)]).decode("cp1252"), "plain"
        else:
            lead = base
            kind = {(): "plain", ("\u0302",): "circ", ("\u0306",): "breve"}[tuple(shape)]
        mark = _VNI_MARKS[kind.upper() if up else kind][tone]
        out.append(lead + (bytes([int(mark, 16)]).decode("cp1252") if mark else ""))
    return "".join(out)


def is_heading(text: str) -> bool:
    """A capital heading typed in an H font: all capitals, with a Vietnamese letter in it."""
    return text == text.upper() and any(ch.isalpha() and ord(ch) > 0x7F for ch in text)


def tcvn3_cell(text: str) -> tuple[object, str]:
    """(value, cell font) of a text cell typed in TCVN3. A capital toned letter inside ordinary
    text ("Ủy ban") is typed lowercase in .VnTimeH, as one run of the cell."""
    if is_heading(text):
        return tcvn3_heading(text), ".VnTimeH"
    if all(tcvn3_body_ok(ch) for ch in text):
        return tcvn3_surface(text), ".VnTime"
    runs: list[list] = []
    for ch in text:
        font = ".VnTime" if tcvn3_body_ok(ch) else ".VnTimeH"
        enc = tcvn3_surface(ch) if font == ".VnTime" else tcvn3_heading(ch)
        if runs and runs[-1][1] == font:
            runs[-1][0] += enc
        else:
            runs.append([enc, font])
    return Runs(tuple(x) for x in runs), ".VnTime"


def encode_for_file(u: dict, grids: list[Grid], where: dict) -> list[Grid]:
    """The grids as the unit typed them: legacy-encoded text and legacy fonts (see above)."""
    enc = u.get("text")
    legacy_title = u.get("legacy_font_title")
    if not enc and not legacy_title:
        return grids
    out = []
    for g in grids:
        autofit_rows(g)  # layout from the Unicode text
        e = Grid(g.name)
        e.merges, e.widths, e.heights, e.landscape = g.merges, g.widths, dict(g.heights), g.landscape
        e.autofitted = True
        for rc, (v, s) in g.cells.items():
            d = dict(s)
            text = isinstance(v, str) and not v.startswith("=")
            if enc == "tcvn3":
                d["font"] = ".VnTime"
                if text:
                    v, d["font"] = tcvn3_cell(v)
            elif enc == "vni":
                d["font"] = "VNI-Times"
                if text:
                    v = vni_surface(v)
            elif enc == "nfd":
                if text:
                    v = unicodedata.normalize("NFD", v)
            if legacy_title and g.name == where["sheet"]:
                r, c = rc
                if c == where["col"]["title"] and u["header_row"] <= r <= max(where["summary"].values()):
                    d["font"] = legacy_title
            e.cells[rc] = (v, st(**d))
        out.append(e)
    return out


# --------------------------------------------------------------------------- LibreOffice

def write_all() -> dict:
    BLOC_DIR.mkdir(parents=True, exist_ok=True)
    places = {}
    with tempfile.TemporaryDirectory(prefix="thidua-samples-") as td:
        td = Path(td)
        for u in UNITS:
            grids, where = build_submission(u)
            places[u["id"]] = where
            grids = encode_for_file(u, grids, where)
            target = BLOC_DIR / unicodedata.normalize("NFC", u["file"])
            creator = next(x["name"] for x in RULES["units"] if x["id"] == u["id"])
            make = u["make"]
            if make == "xlsx":
                render_openpyxl(grids, target, creator)
            elif make == "xls":
                render_xlwt(grids, target)
            else:
                src = td / f"{u['id']}.xlsx"
                render_openpyxl(grids, src, creator)
                outdir = td / f"out-{u['id']}"
                outdir.mkdir()
                fmt = {"xlsx-lo": "xlsx", "ods": "ods", "xls-lo": "xls"}[make]
                out = soffice_convert(src, fmt, outdir)
                shutil.move(out, target)
                if fmt in ("xlsx", "ods"):
                    normalise_zip(target)
    return places


def mistakes(places) -> list[dict]:
    w = places["SDTTG"]
    rows, col, summary = w["rows"], w["col"], w["summary"]

    def cell(code, role):
        return a1(rows[code], col[role])

    return [
        dict(unit="SDTTG", code="score-over-max", cell=cell("I.2", "self"), criterion="I.2"),
        dict(unit="SDTTG", code="score-not-allowed", cell=cell("I.3", "self"), criterion="I.3"),
        dict(unit="SDTTG", code="score-not-number", cell=cell("II.2", "self"), criterion="II.2"),
        dict(unit="SDTTG", code="missing-criterion", cell=None, criterion="II.3"),
        dict(unit="SDTTG", code="section-sum-mismatch", cell=cell("II", "self"), criterion="II"),
        dict(unit="SDTTG", code="max-changed", cell=cell("III.1", "max"), criterion="III.1"),
        dict(unit="SDTTG", code="deduction-over-cap", cell=cell("V.1", "self"), criterion="V.1"),
        dict(unit="SDTTG", code="total-mismatch", cell=a1(summary["Tổng điểm"], col["self"]), criterion=None),
    ]


# --------------------------------------------------------------------------- read-back check

def eval_grid(g: Grid, v):
    """Value of a grid cell as a spreadsheet would compute it (our formulas only: SUM, +, -)."""
    if not (isinstance(v, str) and v.startswith("=")):
        return v
    addr = {a1(r, c): val for (r, c), (val, _) in g.cells.items()}

    def get(ref):
        x = eval_grid(g, addr.get(ref))
        return as_number(x) if not isinstance(x, Decimal) else x or Decimal(0)

    expr = v[1:]
    m = re.fullmatch(r"SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", expr)
    if m:
        colname, r1, _, r2 = m.groups()
        return sum((get(f"{colname}{r}") or Decimal(0) for r in range(int(r1), int(r2) + 1)), Decimal(0))
    total = Decimal(0)
    for sign, ref in re.findall(r"([+-]?)([A-Z]+\d+)", expr):
        total += -(get(ref) or 0) if sign == "-" else (get(ref) or 0)
    return total


def read_back(path: Path, sheet: str, td: Path) -> dict[tuple[int, int], tuple]:
    """(value, cell font name, rich-text runs [(text, font)] or None) of every non-empty cell."""
    ext = path.suffix.lower()
    if ext == ".ods":
        out = td / "ods"
        out.mkdir(exist_ok=True)
        src = td / "probe.ods"
        shutil.copy(path, src)
        path = soffice_convert(src, "xlsx", out)
        ext = ".xlsx"
    cells = {}
    if ext == ".xlsx":
        wb = openpyxl.load_workbook(path, data_only=True)
        assert sheet in wb.sheetnames, (path, wb.sheetnames)
        for row in wb[sheet].iter_rows():
            for c in row:
                if c.value is not None and c.value != "":
                    cells[(c.row - 1, c.column - 1)] = (c.value, c.font.name if c.font else None, None)
        if path.name.startswith("Sở VHTTDL"):
            assert wb.sheetnames[0] == "Hướng dẫn", wb.sheetnames
    else:
        import xlrd
        book = xlrd.open_workbook(str(path), formatting_info=True)
        sh = book.sheet_by_name(sheet)

        def font_name(i):
            return book.font_list[i].name

        for r in range(sh.nrows):
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                font = font_name(book.xf_list[cell.xf_index].font_index)
                runs = None
                starts = sh.rich_text_runlist_map.get((r, c))
                if starts:
                    bounds = [(0, font)] + [(pos, font_name(fi)) for pos, fi in starts]
                    runs = []
                    for i, (pos, f) in enumerate(bounds):
                        end = bounds[i + 1][0] if i + 1 < len(bounds) else len(cell.value)
                        if end > pos:
                            runs.append((cell.value[pos:end], f))
                cells[(r, c)] = (cell.value, font, runs)
    return cells


def _viparse_tcvn3(surface: str) -> str:
    """viparse's TCVN3 decoding; it collapses whitespace, so the ends of a run are kept aside."""
    import viparse
    m = re.fullmatch(r"(\s*)(.*?)(\s*)", surface, re.S)
    return m[1] + (viparse.fix(m[2], encoding="tcvn3") if m[2] else "") + m[3]


def _recode(texts: list[str], request: str, inp: str, outp: str, force=False) -> list[str]:
    """Run GNU recode once over many strings (one a line)."""
    if not texts:
        return []
    assert not any("\n" in t for t in texts)
    data = "\n".join(texts).encode(inp) + b"\n"
    cmd = ["recode"] + (["-f"] if force else []) + [request]
    res = subprocess.run(cmd, input=data, capture_output=True, check=True)
    out = res.stdout.decode(outp).split("\n")[:-1]
    assert len(out) == len(texts), (len(out), len(texts))
    return out


def _segments(surface: str) -> list[tuple[bool, str]]:
    """Split a VNI surface into (True, bytes as Latin-1 for recode) and (False, Windows-1252
    punctuation in 80–9F such as "—", which recode's VNI table does not define and which
    keeps its meaning in a VNI font)."""
    return [(m[1] is not None, m[0]) for m in re.finditer(r"([\x00-\xff]+)|([^\x00-\xff]+)", surface)]


def decode_cells(u: dict, got: dict, where: dict) -> tuple[dict, dict]:
    """The read cells' values as Unicode, decoded by the encoding the unit typed in (not by
    guessing), with checks of the fonts; and counts of what was decoded by which tool."""
    enc = u.get("text")
    stats: dict[str, int] = {}
    out = {}

    def count(k):
        stats[k] = stats.get(k, 0) + 1

    vni_jobs = []
    for rc, (v, font, runs) in got.items():
        if not isinstance(v, str):
            out[rc] = v
            continue
        if enc == "tcvn3":
            parts = runs or [(v, font)]
            assert all(f in (".VnTime", ".VnTimeH") for _, f in parts), (u["id"], a1(*rc), parts)
            dec = ""
            for seg, f in parts:
                d = _viparse_tcvn3(seg)
                dec += d.upper() if f.endswith("H") else d
            out[rc] = dec
            count("TCVN3 cells decoded with viparse")
            if runs:
                count("of them with a .VnTimeH run inside .VnTime text")
            elif font == ".VnTimeH":
                count("of them .VnTimeH headings")
        elif enc == "vni":
            assert font == "VNI-Times" and not runs, (u["id"], a1(*rc), font)
            vni_jobs.append((rc, v))
        elif enc == "nfd":
            assert unicodedata.is_normalized("NFD", v), (u["id"], a1(*rc), v)
            out[rc] = unicodedata.normalize("NFC", v)
            count("NFD cells composed with NFC")
            if out[rc] != v:
                count("of them with decomposed letters")
        else:
            out[rc] = v
            if u.get("legacy_font_title") and rc[1] == where["col"]["title"] \
                    and u["header_row"] <= rc[0] <= max(where["summary"].values()):
                assert font == u["legacy_font_title"], (u["id"], a1(*rc), font)
                count(f"Unicode cells in a {font} column, kept as they are")
    if vni_jobs:
        segs = [s for _, v in vni_jobs for ok, s in _segments(v) if ok]
        decoded = iter(_recode(segs, "VNI..UTF-8", "latin-1", "utf-8"))
        for rc, v in vni_jobs:
            out[rc] = "".join(next(decoded) if ok else s for ok, s in _segments(v))
            count("VNI cells decoded with recode VNI..UTF-8")
    return out, stats


def check_vni_encoder(u: dict, want: dict, got: dict) -> int:
    """Second oracle for VNI: recode's own encoder gives the same bytes as ours, for every cell
    without Ắ/Ằ (swapped in recode's table) or Windows-1252 punctuation (recode has none)."""
    cells = [(rc, w) for rc, w in want.items() if isinstance(w, str)
             and not re.search(r"[ẮẰ]|[^\x00-\xff\u0100-\u1eff]", w)]
    enc = _recode([w for _, w in cells], "UTF-8..VNI", "utf-8", "latin-1")
    bad = 0
    for (rc, w), e in zip(cells, enc):
        if got.get(rc, (None,))[0] != e:
            bad += 1
            print(f"  {u['id']} {a1(*rc)}: recode encodes {w!r} as {e!r}, file has {got.get(rc)!r}")
    print(f"  {u['id']}: {len(cells) - bad} of {len(cells)} cells byte-identical to recode UTF-8..VNI")
    return bad


def check(places):
    """Read every file back (openpyxl, xlrd; LibreOffice for .ods), decode legacy text with
    independent tools, and compare with what was meant, cell by cell."""
    problems = 0
    with tempfile.TemporaryDirectory(prefix="thidua-check-") as td:
        td = Path(td)
        for u in UNITS:
            where = places[u["id"]]
            grids, _ = build_submission(u)
            g = next(x for x in grids if x.name == where["sheet"])
            path = BLOC_DIR / u["file"]
            raw = read_back(path, g.name, td)
            got, stats = decode_cells(u, raw, where)
            want = {}
            for rc, (v, _) in g.cells.items():
                v = eval_grid(g, v)
                if v is not None and v != "":
                    want[rc] = v
            for rc in sorted(set(want) | set(got)):
                w, h = want.get(rc), got.get(rc)
                same = (w == h) or (
                    isinstance(w, (Decimal, int, float)) and isinstance(h, (int, float))
                    and not isinstance(h, bool) and D(w) == D(h))
                if not same:
                    problems += 1
                    print(f"  {u['id']} {a1(*rc)}: wrote {w!r}, read {h!r} (raw {raw.get(rc)!r})")
            if u.get("text") in ("tcvn3", "vni"):
                # the legacy text really is legacy: no Vietnamese letter above U+00FF is left
                for rc, (v, _, _) in raw.items():
                    if isinstance(v, str) and re.search(r"[\u0100-\u1eff]", v):
                        problems += 1
                        print(f"  {u['id']} {a1(*rc)}: Unicode letters in legacy text {v!r}")
            if u.get("text") == "vni":
                problems += check_vni_encoder(u, want, raw)
            print(f"checked {u['file']}: {len(want)} cells"
                  + "".join(f"; {k}: {n}" for k, n in stats.items()))
    if problems:
        raise SystemExit(f"{problems} differences")
    print("all files read back as written")


def main(argv):
    places = write_all()
    # the bloc's rules, also offered as a ready-made template
    (ROOT / "templates").mkdir(exist_ok=True)
    shutil.copyfile(RULES_PATH, ROOT / "templates" / "khoi-van-hoa-xa-hoi.toml")
    result = {"units": expected(), "mistakes": mistakes(places)}
    EXPECTED_PATH.parent.mkdir(parents=True, exist_ok=True)
    EXPECTED_PATH.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for i, u in result["units"].items():
        print(f"{i:8} total={u['total']!s:6} self={u['self_total']!s:6} rank={u['rank']!s:4} "
              f"award={u['award']} disq={u['disqualified']}")
    if "--check" in argv:
        check(places)


if __name__ == "__main__":
    main(sys.argv[1:])
