"""Bloc hcm-tdkt: the emulation and commendation work (công tác thi đua – khen thưởng) of the
districts of Cụm thi đua 1 of Hồ Chí Minh City, 2008 (research notes s01 and s02, same issuer).

Items 01–07 as printed (90 points read; item 08 was cut off, so the scale is 90). Bonus from s02: a
district given the city's (or a ministry's) Cờ thi đua xuất sắc gets +10, the Government's Cờ thi
đua +15; the two do not add up (cap 15, stated by the corpus).
"""

from __future__ import annotations

from corpus_forms import Form, build, col
from corpus_layout import Style, line_row
from corpus_model import Bloc, C, Expect, Sub, leaves, rules_toml, typed
from fixture_rules import D

ID = "hcm-tdkt"

DOCS = [
    dict(
        id="s01",
        file="s01-hcm-btdkt-tieuchi-cong-tac-tdkt-2008.json",
        addresses=["https://tailieumienphi.vn/doc/tieu-chi-cham-diem-cong-tac-thi-dua-khen-thuong-doi-voi-cac-"
                   "don-vi-thuoc-thanh-p-1xmqtq.html"],
        issuer="Ban Thi đua – Khen thưởng thành phố (Hồ Chí Minh City, inferred)",
        year=2008,
        readable="the preview only: title, header row and items 01–07 with their maxima; item 08 is cut off "
                 "after its label",
        gave="items 01–07 with their maxima (10, 10, 20, 10, 10, 10, 20 = 90, the corpus scale), labels "
             "\"01\"…\"07\", item 05's two dash ideas in one cell, the columns STT | NỘI DUNG | ĐIỂM CHUẨN | GHI CHÚ",
    ),
    dict(
        id="s02",
        file="s02-hcm-bangbieu4-cham-diem-quan-huyen-theo-cum.json",
        addresses=["https://tailieumienphi.vn/doc/mau-bang-so-ban-nganh-cham-diem-xep-hang-thi-dua-cho-quan-"
                   "huyen-thuoc-thanh-pho-yxmqtq.html"],
        issuer="the same city set of forms (Bảng biểu 4), districts grouped in Cụm thi đua 1–4",
        year=None,
        readable="the whole preview: title, columns, the four clusters with their 24 districts and the note "
                 "on bonus points",
        gave="the units (Cụm thi đua 1: Quận 1, 3, 5, 10, 11, Tân Bình) and the bonus lines (+10 Cờ thi đua "
             "xuất sắc of the city or of a ministry, +15 Cờ thi đua của Chính phủ; cap 15 stated by the corpus), "
             "\"+\" bullets, totals above the scale (97 + 10 = 107)",
    ),
]

UNITS = [
    dict(id="Q1", name="Ủy ban nhân dân Quận 1", aliases=["UBND Quận 1", "Quận 1"], role="head"),
    dict(id="Q3", name="Ủy ban nhân dân Quận 3", aliases=["UBND Quận 3", "Quận 3"]),
    dict(id="Q5", name="Ủy ban nhân dân Quận 5", aliases=["UBND Quận 5", "Quận 5"]),
    dict(id="Q10", name="Ủy ban nhân dân Quận 10", aliases=["UBND Quận 10", "Quận 10"], role="deputy"),
    dict(id="Q11", name="Ủy ban nhân dân Quận 11", aliases=["UBND Quận 11", "Quận 11"]),
    dict(id="TANBINH", name="Ủy ban nhân dân quận Tân Bình", aliases=["UBND quận Tân Bình", "Quận Tân Bình"]),
]

CRITERIA = [
    C("01", "Tổ chức chia cụm, khối thi đua cho các đơn vị trực thuộc và gửi văn bản đăng ký thi đua về Ban "
            "Thi đua – Khen thưởng thành phố đúng hạn", 10),
    C("02", "Thực hiện các nội dung giao ước thi đua và tham gia hoạt động của cụm, khối thi đua cấp thành phố "
            "theo Văn bản số 8428/UBND-VX của Ủy ban nhân dân thành phố", 10),
    C("03", "Có chương trình, kế hoạch phát động thi đua năm 2008 và đợt thi đua đặc biệt kỷ niệm 60 năm Lời "
            "kêu gọi thi đua ái quốc; triển khai các chỉ thị, chương trình hành động thi đua của cấp trên; tổ "
            "chức đủ các hội nghị sơ kết, tổng kết", 20),
    C("04", "Kiểm tra và tự kiểm tra công tác thi đua, khen thưởng năm 2008, báo cáo kết quả về Ban Thi đua – "
            "Khen thưởng thành phố đúng hạn", 10),
    C("05", "Gửi đủ, đúng hạn báo cáo sơ kết 6 tháng và tổng kết năm về thi đua, khen thưởng; dự đủ các hội "
            "nghị, đúng thành phần được mời", 10),
    C("06", "Xây dựng mô hình và nhân rộng điển hình tiên tiến có hiệu quả thực tế trên địa bàn", 10),
    C("07", "Làm công tác khen thưởng đúng quy định, bảo đảm thời gian và hồ sơ đề nghị khen thưởng", 20),
    C("TH", "Điểm thưởng", 15, kind="bonus"),
    C("TH.1", "Được tặng Cờ thi đua xuất sắc của thành phố hoặc Cờ thi đua xuất sắc của bộ, ban, ngành Trung ương",
      10),
    C("TH.2", "Được tặng Cờ thi đua của Chính phủ", 15),
]

AWARDS = [
    dict(name="Cờ thi đua xuất sắc của Ủy ban nhân dân thành phố", count=1, min_total=D(85)),
    dict(name="Bằng khen của Ủy ban nhân dân thành phố", share=D("0.5"), min_total=D(80)),
]

TOML = rules_toml(
    "Quy định chấm điểm công tác thi đua, khen thưởng năm 2008 — Cụm thi đua 1 các quận, TP Hồ Chí Minh.\n"
    "Bộ dữ liệu kiểm thử của thidua (tests/corpus). Tiêu chí 01–07 theo bảng tiêu chí của Ban Thi đua –\n"
    "Khen thưởng thành phố (tiêu chí 08 không đọc được nên thang điểm là 90); điểm thưởng theo Bảng biểu 4\n"
    "(cờ thi đua cộng 10 hoặc 15 điểm, không cộng dồn: tối đa 15). Khen thưởng: giả định.",
    dict(name="Cụm thi đua 1 - các quận", year=2008, period="annual", province="TP Hồ Chí Minh", scale=90),
    UNITS, CRITERIA, AWARDS, ["03", "07"],
    section_comments={"TH": "Điểm thưởng (Bảng biểu 4: cộng điểm cho quận được tặng cờ thi đua)"},
)

ITEM_05 = ("- Gửi đủ, đúng hạn báo cáo sơ kết 6 tháng và tổng kết năm về thi đua, khen thưởng;\n"
           "- Dự đủ các hội nghị, đúng thành phần được mời")


def bloc() -> Bloc:
    b = Bloc(ID, "s01+s02", TOML)
    items = leaves(b)

    def v(text, **bonus):
        out = typed(items, text)
        out.update({f"TH.{k[-1]}": D(x) for k, x in bonus.items()})
        return out

    notes_q1 = {"01": "Quyết định chia 04 cụm, 11 khối thi đua", "03": "Kế hoạch số 27/KH-UBND ngày 12/02/2008",
                "06": "Nhân rộng 02 mô hình", "TH.1": "Cờ thi đua xuất sắc của UBND thành phố năm 2007"}
    b.subs = [
        Sub("Quận 1 - bảng tự chấm công tác TĐKT 2008.xls", "Q1", "xlwt", layout,
            self=v("10 10 19 9 10 9 19", th1=10), texts={"note": notes_q1},
            features=["labels 01…07", "item 05 with two dash ideas in one cell", "+ bullets for the bonus lines",
                      "Tổng điểm (Tổng cộng + Điểm thưởng)", "sent twice: the same table as .xls (xlwt) and .xlsx"]),
        Sub("Quận 1 - bảng tự chấm công tác TĐKT 2008.xlsx", "Q1", "openpyxl", layout, saved="2008-12-10T10:00:00",
            self=v("10 10 19 9 10 9 19", th1=10), texts={"note": notes_q1},
            features=["identical copy of the .xls (different bytes): not used, duplicate-unit info"]),
        Sub("UBND Quan 3 - TDKT 2008.xls", "Q3", "lo-xls", layout, formulas=True,
            self=v("10 9 18 10 9 8 18"), wraps={"02": "unmerged", "03": "unmerged"},
            opts=dict(self_header="Số điểm"),
            texts={"note": {"02": "Vắng 01 buổi sinh hoạt cụm", "05": "Nộp trễ báo cáo 6 tháng"}},
            features=["score column Số điểm", "titles wrapped over two rows, unmerged (numbers on the second row)",
                      ".xls converted by LibreOffice", "totals as formulas"]),
        Sub("Quận 5 - tự chấm TĐKT năm 2008.xlsx", "Q5", "openpyxl", layout, encoding="nfd",
            saved="2008-12-08T15:20:00", self=v("9 10 19 10 10 8 19"), wraps={"03": "merged", "07": "merged"},
            texts={"note": {"01": "Chậm gửi đăng ký thi đua 05 ngày"}},
            features=["decomposed Unicode (NFD) text", "titles wrapped over two rows, label and scores merged down"]),
        Sub("Quận 10 - bảng chấm điểm TĐKT.xlsx", "Q10", "openpyxl", layout, saved="2008-12-11T08:45:00",
            self=v("10 10 18 đạt 10 9 18"), year=2007,
            texts={"note": {"04": "Có báo cáo kiểm tra"}},
            mistakes=[Expect("year-mismatch", "error", ("title",)),
                      Expect("score-not-number", "error", ("self", "04"), "04")],
            features=["wrong year in the title (NĂM 2007)", "text \"đạt\" in a score cell"]),
        Sub("Tân Bình - tự chấm thi đua khen thưởng 2008.ods", "TANBINH", "lo-ods", layout,
            saved="2008-12-09T14:00:00", self=v("10 10 20 10 10 10 20", th2=15),
            opts=dict(self_header="Kết quả tự chấm", bonus="table"),
            texts={"note": {"TH.2": "Cờ thi đua của Chính phủ năm 2007", "07": "100% hồ sơ đúng hạn"}},
            features=["score column Kết quả tự chấm", "bonus table below with its header repeated",
                      "LibreOffice .ods", "total above the scale (105)"]),
    ]
    return b


def layout(b: Bloc, sub: Sub):
    cols = [col("stt", "STT", 6), col("title", "NỘI DUNG", 62), col("max", "ĐIỂM CHUẨN", 10),
            col("self", sub.opts.get("self_header", "ĐIỂM TỰ CHẤM"), 10), col("note", "GHI CHÚ", 26)]
    roles = tuple(c.role for c in cols)

    def label(code):
        if code == "TH":
            return None
        return "+" if code.startswith("TH.") else code

    def title(code):
        if code == "TH":
            return "ĐIỂM THƯỞNG (cộng thêm vào số điểm đã chấm)"
        return ITEM_05 if code == "05" else b.tree.by_code[code]["title"]

    style = Style(label=label, title=title, max_cell=lambda code: D(b.tree.by_code[code]["max"]),
                  section_span=("stt", "title"))
    name = b.units[sub.unit]["name"]
    district = name.replace("Ủy ban nhân dân ", "")
    form = Form(sheet="Chấm điểm TĐKT", cols=cols, style=style,
                left=["ỦY BAN NHÂN DÂN", district.upper()],
                right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
                date="Thành phố Hồ Chí Minh, ngày 10 tháng 12 năm 2008",
                title="BẢNG TỰ CHẤM ĐIỂM CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {year}",
                subtitles=["Cụm thi đua 1 – các quận"], unit_line=f"Đơn vị: {name}",
                score_lines=[line_row("Tổng cộng", "score", "score", roles, D(90), span=("stt", "title"))],
                bonus=sub.opts.get("bonus", "inline"),
                end_lines=[line_row("Tổng điểm (Tổng cộng + Điểm thưởng)", "total", "score+bonus", roles,
                                    span=("stt", "title"))],
                signer=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
                signer_name={"Q1": "Nguyễn Thành Tài", "Q3": "Lê Văn Khoa", "Q5": "Trần Thị Mai",
                             "Q10": "Phạm Minh Trí", "TANBINH": "Đỗ Văn Tâm"}[sub.unit])
    return build(b, sub, form)
