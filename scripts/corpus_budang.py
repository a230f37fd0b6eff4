"""Bloc budang-doan: the commune Youth Union branches (Đoàn xã) of Bù Đăng, Bình Phước, 2015
(research note s05).

Three graded items as printed (5: 5/3/0; 8: 8/6/4/0; 5: 5/4/3/1/0) as levels. Columns as printed:
TT | NỘI DUNG CHẤM ĐIỂM | ĐIỀU KIỆN CHẤM ĐIỂM | VB CHỨNG MINH | ĐIỂM TỰ CHẤM; there is no max column,
the conditions cell lists the levels ("5 điểm: …"), and units fill in their evidence documents. No
bonus or deduction section.
"""

from __future__ import annotations

from corpus_forms import Form, build, col
from corpus_layout import Style, line_row
from corpus_model import Bloc, C, Expect, Sub, leaves, rules_toml, typed
from fixture_rules import D

ID = "budang-doan"

DOC = dict(
    id="s05",
    file="s05-binhphuoc-doan-budang-2015.json",
    addresses=["http://tuoitrebudang.org.vn/tlvk/Doan-TNCS-HCM/Bang-tieu-chi-thi-dua-2015-1/"],
    issuer="Ban Chấp hành Đoàn huyện Bù Đăng (Tỉnh Đoàn Bình Phước)",
    year=2015,
    readable="title, header row and the first three items with their levels; the evidence column of item 3 "
             "is cut off, later items, totals and rankings are not readable",
    gave="three graded items (5: 5/3/0; 8: 8/6/4/0; 5: 5/4/3/1/0) as levels, scale 18; the columns TT | NỘI "
         "DUNG CHẤM ĐIỂM | ĐIỀU KIỆN CHẤM ĐIỂM | VB CHỨNG MINH | ĐIỂM TỰ CHẤM with no max column and the "
         "levels written \"5 điểm: …\" in the conditions cell; the evidence column's wording.",
)

UNITS = [
    dict(id="BOMBO", name="Đoàn xã Bom Bo", aliases=["BCH Đoàn xã Bom Bo"]),
    dict(id="MINHHUNG", name="Đoàn xã Minh Hưng", aliases=["BCH Đoàn xã Minh Hưng"]),
    dict(id="NGHIATRUNG", name="Đoàn xã Nghĩa Trung", aliases=["BCH Đoàn xã Nghĩa Trung"]),
    dict(id="THOSON", name="Đoàn xã Thọ Sơn", aliases=["BCH Đoàn xã Thọ Sơn"]),
    dict(id="DUCLIEU", name="Đoàn xã Đức Liễu", aliases=["BCH Đoàn xã Đức Liễu"]),
    dict(id="DUCPHONG", name="Đoàn thị trấn Đức Phong", aliases=["BCH Đoàn thị trấn Đức Phong"]),
]

CRITERIA = [
    C("1", "Xây dựng chương trình công tác năm và tổ chức hội nghị triển khai", 5, levels=[5, 3, 0]),
    C("2", "Thực hiện chế độ thông tin, báo cáo theo quy định", 8, levels=[8, 6, 4, 0]),
    C("3", "Tham gia họp giao ban định kỳ và đột xuất", 5, levels=[5, 4, 3, 1, 0]),
]

CONDITIONS = {
    "1": "5 điểm: có chương trình công tác năm và tổ chức hội nghị triển khai đến toàn thể cơ sở Đoàn;\n"
         "3 điểm: có chương trình nhưng không tổ chức hội nghị triển khai;\n"
         "0 điểm: không có chương trình công tác năm.",
    "2": "8 điểm: báo cáo tháng, quý đầy đủ, đúng hạn;\n"
         "6 điểm: thiếu 02 báo cáo tháng;\n"
         "4 điểm: thiếu 01 báo cáo quý hoặc 03 báo cáo tháng;\n"
         "0 điểm: thiếu 01 báo cáo quý và từ 04 báo cáo tháng trở lên.",
    "3": "5 điểm: tham gia đầy đủ, đúng giờ;\n"
         "4 điểm: vắng 01 cuộc;\n"
         "3 điểm: vắng 02 cuộc;\n"
         "1 điểm: vắng 03 cuộc;\n"
         "0 điểm: vắng từ 04 cuộc trở lên.",
}

AWARDS = [dict(name="Giấy khen của Ban Chấp hành Huyện Đoàn Bù Đăng", share=D("0.5"), min_total=D(14))]

TOML = rules_toml(
    "Quy định chấm điểm thi đua năm 2015 — các cơ sở Đoàn xã, thị trấn thuộc Huyện Đoàn Bù Đăng, tỉnh Bình\n"
    "Phước. Bộ dữ liệu kiểm thử của thidua (tests/corpus). Ba nội dung đầu của Thang điểm đánh giá thi đua\n"
    "năm 2015 (phần đọc được), mỗi nội dung chấm theo mức điểm. Không có điểm thưởng, điểm trừ. Khen thưởng:\n"
    "giả định.",
    dict(name="Các cơ sở Đoàn huyện Bù Đăng", year=2015, period="annual", province="Bình Phước", scale=18),
    UNITS, CRITERIA, AWARDS, ["2", "1", "3"],
)


def evidence(prog: str, reports: str, meetings: str) -> dict:
    return {"note": {"1": prog, "2": reports, "3": meetings}}


def bloc() -> Bloc:
    b = Bloc(ID, "s05", TOML)
    codes = leaves(b)
    b.subs = [
        Sub("Đoàn xã Bom Bo - tự chấm thi đua 2015.xlsx", "BOMBO", "openpyxl", layout, saved="2015-12-15T08:00:00",
            self=typed(codes, "5 8 5"),
            texts=evidence("Chương trình số 01-CTr/ĐTN ngày 08/01/2015; hội nghị triển khai ngày 15/01/2015",
                           "Đủ 12 báo cáo tháng, 04 báo cáo quý (sổ văn bản đi)",
                           "Dự đủ 12 cuộc họp giao ban"),
            opts=dict(total="Tổng số điểm đạt được"),
            features=["no max column: levels written in the conditions cell", "VB CHỨNG MINH filled",
                      "Tổng số điểm đạt được"]),
        Sub("Doan xa Minh Hung - bang tu cham 2015.xls", "MINHHUNG", "lo-xls", layout, formulas=True,
            self=typed(codes, "5 6 4"),
            texts=evidence("Chương trình số 02-CTr/ĐTN ngày 10/01/2015", "Thiếu báo cáo tháng 3 và tháng 7",
                           "Vắng cuộc họp tháng 9"),
            opts=dict(total="Cộng"),
            features=[".xls converted by LibreOffice", "Cộng line as a formula"]),
        Sub("Đoàn xã Nghĩa Trung - bảng tự chấm 2015.xlsx", "NGHIATRUNG", "thidua", layout, encoding="tcvn3",
            saved="2015-12-16T09:00:00", self=typed(codes, "3 8 5"),
            texts=evidence("Chương trình số 01-CTr/ĐTN ngày 12/01/2015 (chưa tổ chức hội nghị)",
                           "Đủ báo cáo tháng, quý", "Dự đủ các cuộc họp"),
            opts=dict(total="Tổng cộng", one_line=True),
            features=["written by thidua convert from a TCVN3 .xls (the unit's cleaned copy)",
                      "conditions typed on one line",
                      "ties Đức Liễu on the total; the tie-break (item 2) decides"]),
        Sub("Đức Liễu - tự chấm 2015.ods", "DUCLIEU", "lo-ods", layout, saved="2015-12-16T15:30:00",
            self=typed(codes, "5 6 5"),
            texts=evidence("Chương trình số 03-CTr/ĐTN ngày 09/01/2015", "Thiếu 02 báo cáo tháng",
                           "Dự đủ các cuộc họp"),
            opts=dict(total="Tổng cộng"),
            features=["LibreOffice .ods", "second on the total tie with Nghĩa Trung, behind it on item 2"]),
        Sub("Đức Phong_tự chấm.xlsx", "DUCPHONG", "openpyxl", layout, saved="2015-12-17T10:00:00",
            self=typed(codes, "5 4 3"), overrides={("line", "score"): D(13)},
            texts=evidence("Chương trình số 01-CTr/ĐTTT ngày 06/01/2015", "Thiếu 01 báo cáo quý II",
                           "Vắng 02 cuộc"),
            opts=dict(total="Tổng điểm"),
            mistakes=[Expect("total-mismatch", "warning", ("line", "score"))],
            features=["wrong grand total (13 for 12)"]),
    ]
    return b


def layout(b: Bloc, sub: Sub):
    cols = [col("stt", "TT", 5), col("title", "NỘI DUNG CHẤM ĐIỂM", 30), col("cond", "ĐIỀU KIỆN CHẤM ĐIỂM", 46),
            col("note", "VB CHỨNG MINH", 30), col("self", "ĐIỂM TỰ CHẤM", 10)]
    roles = tuple(c.role for c in cols)

    def conditions(code):
        # one line per level; one unit typed them all on one line
        text = CONDITIONS[code]
        return text.replace("\n", " ") if sub.opts.get("one_line") else text

    style = Style(label=lambda code: code, title=lambda code: b.tree.by_code[code]["title"],
                  max_cell=lambda code: None, extra=lambda code: {"cond": conditions(code)})
    name = b.units[sub.unit]["name"]
    place = name.replace("Đoàn xã ", "").replace("Đoàn thị trấn ", "")
    form = Form(sheet="Tự chấm", cols=cols, style=style, split=2,
                left=["HUYỆN ĐOÀN BÙ ĐĂNG", f"BCH {name.upper()}"],
                right=["ĐOÀN TNCS HỒ CHÍ MINH"],
                date=f"{place}, ngày 15 tháng 12 năm 2015", title="BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM {year}",
                subtitles=["(Theo Thang điểm đánh giá thi đua năm 2015 của Ban Chấp hành Huyện Đoàn Bù Đăng)"],
                unit_line=f"Đơn vị: {name}",
                score_lines=[line_row(sub.opts["total"], "score", "score", roles, span=("stt", "cond"))],
                signer=["TM. BAN CHẤP HÀNH", "BÍ THƯ"],
                signer_name={"BOMBO": "Điểu Thị Hương", "MINHHUNG": "Nguyễn Văn Hậu", "NGHIATRUNG": "Lê Thị Thu",
                             "DUCLIEU": "Trần Văn Cường", "DUCPHONG": "Vũ Thị Lan"}[sub.unit])
    return build(b, sub, form)
