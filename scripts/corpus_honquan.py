"""Bloc honquan-doan-hcsn: the Youth Union branches of the administrative and public-service bloc
(khối hành chính sự nghiệp) of Hớn Quản district, Bình Phước, 2012 (research note s06).

Part I "(điểm tối đa …)" with items 1.–3. as printed (12 yes/no: levels [12, 0]; 8: 8/6/4/2/0; 10:
10/8/6/4/0). The document gives part I 40 points but only 30 could be read. The bonus and deduction
sections are the typical lines of the domain notes (bloc head +3, deputy +2, an initiative +1, cap 5;
−0,5 per late report up to 3, a disciplined collective up to 5, cap 8), not the document's.
"""

from __future__ import annotations

from corpus_forms import Form, build, col
from corpus_layout import Style, line_row, text_row
from corpus_model import Bloc, C, Expect, Sub, leaves, rules_toml, typed
from fixture_rules import D

ID = "honquan-doan-hcsn"

DOC = dict(
    id="s06",
    file="s06-binhphuoc-doan-honquan-khoihcsn-2012.json",
    addresses=["https://123doc.top/document/8678846-mau-danh-gia-xep-loai-cuoi-nam-khoi-hcsn.htm"],
    issuer="Ban Thường vụ Huyện Đoàn Hớn Quản (Thang điểm đánh giá thi đua số 02, Hướng dẫn 09-HD/HĐ of 24/9/2012)",
    year=2012,
    readable="the opening: title, part I with items 1–3 and their levels; the evidence cell of item 3 is cut "
             "off; later parts, totals and rankings are not readable",
    gave="part I with items 1.–3. (12 yes/no, 8: 8/6/4/2/0, 10: 10/8/6/4/0) as levels; \"(điểm tối đa …)\" "
         "in the part's title (30 = the items read; the document says 40); labels I / 1. / 2 / 3; the "
         "evidence wording (Tài liệu kiểm chứng). Bonus and deduction lines: from the domain notes.",
)

UNITS = [
    dict(id="CQHU", name="Chi đoàn Cơ quan Huyện ủy Hớn Quản",
         aliases=["Chi đoàn Cơ quan Huyện ủy", "Chi đoàn CQ Huyện ủy"], role="head"),
    dict(id="CAH", name="Chi đoàn Công an huyện Hớn Quản", aliases=["Chi đoàn Công an huyện"], role="deputy"),
    dict(id="BCHQS", name="Chi đoàn Ban Chỉ huy Quân sự huyện Hớn Quản",
         aliases=["Chi đoàn Ban Chỉ huy Quân sự huyện", "Chi đoàn BCH Quân sự huyện"]),
    dict(id="TTYT", name="Chi đoàn Trung tâm Y tế huyện Hớn Quản", aliases=["Chi đoàn Trung tâm Y tế huyện"]),
    dict(id="PGD", name="Chi đoàn Phòng Giáo dục và Đào tạo huyện Hớn Quản",
         aliases=["Chi đoàn Phòng Giáo dục và Đào tạo", "Chi đoàn Phòng GD&ĐT"]),
    dict(id="KBNN", name="Chi đoàn Kho bạc Nhà nước huyện Hớn Quản", aliases=["Chi đoàn Kho bạc Nhà nước huyện"]),
]

CRITERIA = [
    C("I", "Công tác tham mưu, chỉ đạo", 30),
    C("I.1", "Xây dựng chương trình, kế hoạch công tác năm", 12, levels=[12, 0]),
    C("I.2", "Thực hiện chế độ thông tin, báo cáo", 8, levels=[8, 6, 4, 2, 0]),
    C("I.3", "Tham gia các hoạt động, hội họp do Huyện Đoàn tổ chức", 10, levels=[10, 8, 6, 4, 0]),
    C("II", "Điểm thưởng", 5, kind="bonus"),
    C("II.1", "Đơn vị Trưởng khối", 3),
    C("II.2", "Đơn vị Phó khối", 2),
    C("II.3", "Có mô hình, cách làm hay được Huyện Đoàn công nhận", 1),
    C("III", "Điểm trừ", 8, kind="deduction"),
    C("III.1", "Chậm gửi báo cáo theo quy định (trừ 0,5 điểm/lần)", 3),
    C("III.2", "Tập thể bị xử lý kỷ luật trong năm", 5),
]

AWARDS = [dict(name="Giấy khen của Ban Chấp hành Huyện Đoàn Hớn Quản", count=2, min_total=D(28), no_deduction=True)]

TOML = rules_toml(
    "Quy định chấm điểm thi đua năm 2012 — Khối hành chính sự nghiệp, Huyện Đoàn Hớn Quản, tỉnh Bình Phước.\n"
    "Bộ dữ liệu kiểm thử của thidua (tests/corpus). Phần I theo Thang điểm đánh giá thi đua số 02 năm 2012\n"
    "(các mục 1–3 đọc được: 30 điểm, văn bản ghi 40). Điểm thưởng, điểm trừ là các dòng thường gặp (ghi chú\n"
    "nghiệp vụ của dự án), không có trong văn bản. Khen thưởng: giả định.",
    dict(name="Khối hành chính sự nghiệp - Huyện Đoàn Hớn Quản", year=2012, period="annual",
         province="Bình Phước", scale=30),
    UNITS, CRITERIA, AWARDS, ["I"],
    section_comments={"II": "Điểm thưởng (dòng thường gặp, không có trong văn bản)",
                      "III": "Điểm trừ (dòng thường gặp, không có trong văn bản)"},
)

EVIDENCE = {"I.1": "Chương trình công tác năm 2012 số 01-CTr/CĐ ngày 05/01/2012",
            "I.2": "Sổ theo dõi báo cáo tháng, quý, 6 tháng",
            "I.3": "Thống kê số lần tham gia hội họp của Huyện Đoàn"}


def bloc() -> Bloc:
    b = Bloc(ID, "s06", TOML)
    codes = leaves(b)

    def v(text, **extra):
        out = typed(codes, text)
        out.update({k.replace("_", "."): D(x) for k, x in extra.items()})
        return out

    b.subs = [
        Sub("Chi đoàn CQ Huyện ủy - đánh giá xếp loại 2012.xlsx", "CQHU", "openpyxl", layout,
            saved="2012-11-20T14:00:00",
            self=v("12 8 10", II_1=3), reviewed=v("12 6 10", II_1=3),
            texts={"note": dict(EVIDENCE, **{"II.1": "Trưởng khối năm 2012"})},
            opts=dict(form="reviewed", lines="abc"),
            features=["two-row header Điểm over Tối đa | Tự chấm | Khối chấm", "numbering row (1)…(6)",
                      "Điểm khối chấm filled by the bloc (reviewed column)", "(điểm tối đa 30) in the part's title",
                      "labels I / 1.", "summary lines A, B, C and Tổng điểm (A+B-C)", "Tài liệu kiểm chứng texts"]),
        Sub("Chi doan Cong an huyen.xls", "CAH", "xlwt", layout, self=v("12 6 8", II_2=2, III_1="-0.5"),
            texts={"note": {"II.2": "Phó khối năm 2012", "III.1": "Chậm 01 báo cáo tháng 8"}},
            opts=dict(form="plain", bonus="table"),
            features=["xlwt .xls", "bonus/deduction table below with its header repeated",
                      "deductions typed as negatives", "Tổng cộng and Tổng điểm"]),
        Sub("BCH Quân sự huyện - tự chấm 2012.xlsx", "BCHQS", "openpyxl", layout, saved="2012-11-21T09:30:00",
            self=v("12 8 8", III_1=4), texts={"note": {"III.1": "Chậm 08 báo cáo"}},
            opts=dict(form="plain"),
            mistakes=[Expect("deduction-over-cap", "warning", ("self", "III.1"), "III.1")],
            features=["a deduction over its line's cap (4 for 3)"]),
        Sub("Trung tâm Y tế - tự đánh giá thi đua 2012.ods", "TTYT", "lo-ods", layout, saved="2012-11-22T16:00:00",
            self=v("12 8 8", II_3=1),
            texts={"note": {"I.3": "Vắng 01 buổi sinh hoạt",
                            "II.3": "Mô hình “Thanh niên với sức khỏe cộng đồng”"}},
            after={"I": [text_row("Trong đó:")],
                   "I.2": [text_row("Ghi chú: thiếu 01 báo cáo tháng còn 4 điểm, thiếu 02 báo cáo tháng còn 2 điểm.")]},
            opts=dict(form="plain"),
            features=["\"Trong đó:\" line", "a note row inside the table", "LibreOffice .ods"]),
        Sub("Chi đoàn Phòng GD&ĐT - tự chấm.xlsx", "PGD", "openpyxl", layout, saved="2012-11-23T08:15:00",
            self=v("12 6 8", II_3=1), texts={"note": {"II.3": "Mô hình “Tủ sách thanh niên”"}},
            opts=dict(form="plain", bonus="sheet"),
            features=["bonus/deduction lines on a sheet of their own (Điểm thưởng, trừ)"]),
    ]
    return b


def layout(b: Bloc, sub: Sub):
    reviewed = sub.opts["form"] == "reviewed"
    if reviewed:
        cols = [col("stt", "TT", 5), col("title", "Nội dung", 50), col("max", "Tối đa", 8, top="Điểm"),
                col("self", "Tự chấm", 8, top="Điểm"), col("rev", "Khối chấm", 8, top="Điểm"),
                col("note", "Tài liệu kiểm chứng", 30)]
    else:
        cols = [col("stt", "STT", 5), col("title", "Nội dung", 56), col("max", "Điểm tối đa", 9),
                col("self", "Điểm tự chấm", 9), col("note", "Ghi chú", 26)]
    roles = tuple(c.role for c in cols)

    def label(code):
        if "." not in code:
            return code
        return code.split(".")[-1] + ("." if code.startswith("I.") else "")

    def title(code):
        c = b.tree.by_code[code]
        if code == "I":
            return f"{c['title'].upper()} (điểm tối đa 30)"
        if code in ("II", "III"):
            return f"{c['title'].upper()} (tối đa {int(c['max'])} điểm)"
        return c["title"]

    style = Style(label=label, title=title, max_cell=lambda code: D(b.tree.by_code[code]["max"]))
    if sub.opts.get("lines") == "abc":
        score = [line_row("Điểm chấm (mục I)", "A", "score", roles, D(30), label="A", rev=True)]
        end = [line_row("Điểm thưởng", "B", "bonus", roles, label="B", rev=True),
               line_row("Điểm trừ", "C", "deduction", roles, label="C", rev=True),
               line_row("Tổng điểm (A+B-C)", "total", "total", roles, rev=True)]
    else:
        score = [line_row("Tổng cộng", "score", "score", roles, D(30))]
        end = [line_row("Tổng điểm", "total", "total", roles)]
    name = b.units[sub.unit]["name"]
    form = Form(sheet="Đánh giá 2012", cols=cols, style=style, numbering=reviewed,
                left=["HUYỆN ĐOÀN HỚN QUẢN", f"BCH {name.replace(' Hớn Quản', '').upper()}"],
                right=["ĐOÀN TNCS HỒ CHÍ MINH"],
                date="Hớn Quản, ngày 20 tháng 11 năm 2012", title="BẢNG ĐÁNH GIÁ, XẾP LOẠI THI ĐUA NĂM {year}",
                subtitles=["KHỐI HÀNH CHÍNH SỰ NGHIỆP",
                           "(Theo Hướng dẫn số 09-HD/HĐ ngày 24/9/2012 của Ban Thường vụ Huyện Đoàn)"],
                unit_line=f"Đơn vị: {name}", score_lines=score, end_lines=end,
                bonus=sub.opts.get("bonus", "inline"), bonus_title="ĐIỂM THƯỞNG, ĐIỂM TRỪ",
                signer=["TM. BAN CHẤP HÀNH", "BÍ THƯ"],
                signer_name={"CQHU": "Lê Thị Hồng Nhung", "CAH": "Nguyễn Thanh Tùng", "BCHQS": "Trần Văn Quân",
                             "TTYT": "Phạm Thị Yến", "PGD": "Đinh Công Thành"}[sub.unit])
    return build(b, sub, form)
