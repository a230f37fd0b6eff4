"""Bloc hcm-khuyenhoc: the ward Study Promotion Associations (Hội Khuyến học) of District 3, Hồ Chí
Minh City, 2018 (research note s07).

"Nội dung 1: … (20 điểm)" with "Chỉ tiêu 1" (6 + 4) and "Chỉ tiêu 2" (4 + 6); "Nội dung 2: … (30
điểm)" read as 2.1 (1; 0,5 + 1; 0,5 + 1; 1) and 2.2 (2; 2 + 1), so 10 of its 30 points. The document's
bullets that carry two scores ("(0,5đ) … và … (1đ)") are two criteria in the rules; units type them
on one row (criteria-merged) or on two. The bonus and deduction sections are the typical lines of the
domain notes, not the document's.
"""

from __future__ import annotations

from corpus_forms import Form, build, col
from corpus_layout import Style, line_row, number_text, text_row
from corpus_model import Bloc, C, Expect, Sub, leaves, rules_toml, typed
from fixture_rules import D

ID = "hcm-khuyenhoc"

DOC = dict(
    id="s07",
    file="s07-hcm-hoikhuyenhoc-2018.json",
    addresses=["https://khuyenhochcm.com.vn/index.php/news/Khuyen-hoc-Tp-Ho-Chi-Minh/HOI-KHUYEN-HOC-THANH-PHO-"
               "HUONG-DAN-CHAM-DIEM-XEP-LOAI-THEO-TIEU-CHI-THI-DUA-NAM-2018-Kem-theo-ke-hoach-so-06-KH-TDKT-ngay-"
               "24-thang-01-nam-2018-345/"],
    issuer="Hội Khuyến học thành phố Hồ Chí Minh (guide to scoring by the 2018 emulation criteria, with Kế "
           "hoạch 06/KH-TĐKT of 24/01/2018)",
    year=2018,
    readable="running text, not a table: Nội dung 1 in full, Nội dung 2's criteria 2.1, 2.2 and the start "
             "of 2.3 (cut off)",
    gave="Nội dung 1 (20 = 6 + 4 + 4 + 6) and the read part of Nội dung 2 (2.1: 1; 0,5 + 1; 0,5 + 1; 1 and "
         "2.2: 2; 2 + 1 = 10 of its 30), scale 30; the bullets carrying two scores as two criteria typed on "
         "one row; \"(6đ)\" in titles, \"-\" bullets, \"Nội dung 1:\", \"Chỉ tiêu 1\", \"Tiêu chí 2.1\" "
         "labels. Bonus and deduction lines: from the domain notes.",
)

UNITS = [
    dict(id="P01", name="Hội Khuyến học Phường 1", aliases=["Hội Khuyến học Phường 1, Quận 3", "HKH Phường 1"],
         role="head"),
    dict(id="P04", name="Hội Khuyến học Phường 4", aliases=["Hội Khuyến học Phường 4, Quận 3", "HKH Phường 4"]),
    dict(id="P05", name="Hội Khuyến học Phường 5", aliases=["Hội Khuyến học Phường 5, Quận 3", "HKH Phường 5"],
         role="deputy"),
    dict(id="P07", name="Hội Khuyến học Phường 7", aliases=["Hội Khuyến học Phường 7, Quận 3", "HKH Phường 7"]),
    dict(id="P09", name="Hội Khuyến học Phường 9", aliases=["Hội Khuyến học Phường 9, Quận 3", "HKH Phường 9"]),
    dict(id="P11", name="Hội Khuyến học Phường 11", aliases=["Hội Khuyến học Phường 11, Quận 3", "HKH Phường 11"]),
]

CRITERIA = [
    C("1", "Tham mưu cấp ủy xây dựng theo mô hình “4 có”", 20),
    C("1.1", "Cấp ủy có nghị quyết, tổ chức thực hiện, kiểm tra; phân công cấp ủy viên phụ trách", 10),
    C("1.1.1", "Có nghị quyết, tổ chức thực hiện và kiểm tra, đánh giá", 6),
    C("1.1.2", "Phân công cấp ủy viên phụ trách, hoạt động và gương mẫu cả năm", 4),
    C("1.2", "Đảng viên là hội viên; gia đình đảng viên đạt “Gia đình học tập”", 10),
    C("1.2.1", "90% đảng viên đang sinh hoạt là hội viên", 4),
    C("1.2.2", "100% hộ gia đình đảng viên là hội viên đạt “Gia đình học tập”", 6),
    C("2", "Xây dựng Hội Khuyến học theo mô hình “6 có”", 10),
    C("2.1", "Có đủ các tổ chức Hội", 5),
    C("2.1.1", "50% chi hội khu phố hoạt động hiệu quả", 1),
    C("2.1.2", "Toàn bộ trường công lập có tổ chức Hội", 0.5),
    C("2.1.3", "70% hội viên ở trường học đăng ký “Gia đình học tập” ở địa phương", 1),
    C("2.1.4", "Có chi hội cơ quan", 0.5),
    C("2.1.5", "70% hội viên ở chi hội cơ quan đăng ký “Gia đình học tập” ở địa phương", 1),
    C("2.1.6", "50% tổ hội ở tổ dân phố có hoạt động khuyến học", 1),
    C("2.2", "Phát triển và chất lượng hội viên", 5),
    C("2.2.1", "Tỷ lệ hội viên trên nhân khẩu tăng từ 1% so với năm trước", 2),
    C("2.2.2", "50% hội viên đạt hội viên tiên tiến", 2),
    C("2.2.3", "20% hội viên tiên tiến đạt hội viên xuất sắc", 1),
    C("TH", "Điểm thưởng", 4, kind="bonus"),
    C("TH.1", "Đơn vị Trưởng cụm thi đua", 3),
    C("TH.2", "Đơn vị Phó cụm thi đua", 2),
    C("TH.3", "Có mô hình, sáng kiến được Hội Khuyến học thành phố công nhận", 1),
    C("TR", "Điểm trừ", 6, kind="deduction"),
    C("TR.1", "Chậm gửi báo cáo (trừ 0,5 điểm/lần)", 2),
    C("TR.2", "Tập thể bị xử lý kỷ luật trong năm", 5),
]

# The document's bullets that carry two scores: (first, second, the bullet as one row).
DOUBLE = [
    ("2.1.2", "2.1.3", "Toàn bộ trường công lập có tổ chức Hội (0,5đ) và 70% hội viên đăng ký “Gia đình học "
                       "tập” ở địa phương (1đ)"),
    ("2.1.4", "2.1.5", "Có chi hội cơ quan (0,5đ) và 70% hội viên đăng ký “Gia đình học tập” ở địa phương (1đ)"),
    ("2.2.2", "2.2.3", "50% hội viên đạt hội viên tiên tiến (2đ); 20% trong số đó đạt hội viên xuất sắc (1đ)"),
]

AWARDS = [
    dict(name="Bằng khen của Hội Khuyến học thành phố", count=1, min_total=D(30)),
    dict(name="Giấy khen của Hội Khuyến học Quận 3", share=D("0.5"), min_total=D(25)),
]

TOML = rules_toml(
    "Quy định chấm điểm thi đua năm 2018 — Hội Khuyến học các phường, Quận 3, TP Hồ Chí Minh.\n"
    "Bộ dữ liệu kiểm thử của thidua (tests/corpus). Theo Hướng dẫn chấm điểm, xếp loại của Hội Khuyến học\n"
    "thành phố năm 2018 (phần đọc được: Nội dung 1 và các tiêu chí 2.1, 2.2 của Nội dung 2, tức 10 trong 30\n"
    "điểm); mỗi ý có điểm riêng là một tiêu chí. Điểm thưởng, điểm trừ là các dòng thường gặp (ghi chú\n"
    "nghiệp vụ của dự án), không có trong văn bản. Khen thưởng: giả định.",
    dict(name="Hội Khuyến học các phường Quận 3", year=2018, period="annual", province="TP Hồ Chí Minh", scale=30),
    UNITS, CRITERIA, AWARDS, ["1", "2"],
    section_comments={"TH": "Điểm thưởng (dòng thường gặp, không có trong văn bản)",
                      "TR": "Điểm trừ (dòng thường gặp, không có trong văn bản)"},
)

PREFIX = {"1": "Nội dung 1: ", "2": "Nội dung 2: ", "1.1": "Chỉ tiêu 1: ", "1.2": "Chỉ tiêu 2: ",
          "2.1": "Tiêu chí 2.1: ", "2.2": "Tiêu chí 2.2: "}


def bloc() -> Bloc:
    b = Bloc(ID, "s07", TOML)
    codes = leaves(b)

    def v(text, **extra):
        out = typed(codes, text)
        out.update({k.replace("_", "."): D(x) for k, x in extra.items()})
        return out

    merged_vals = v("6 4 4 3  1 1.5 _ 0.5 1 1  2 2 _")
    evidence = {"1.1.1": "Nghị quyết số 05-NQ/ĐU ngày 10/01/2018", "1.2.1": "Danh sách đảng viên là hội viên",
                "2.2.1": "Tăng 1,3% so với năm 2017"}
    b.subs = [
        Sub("Hội Khuyến học Phường 1 - tự chấm điểm 2018.xlsx", "P01", "openpyxl", layout, saved="2018-11-26T09:00:00",
            self=v("6 4 4 6  1 0.5 1 0.5 1 1  2 2 1", TH_1=3),
            texts={"note": dict(evidence, **{"TH.1": "Trưởng cụm năm 2018"})},
            opts=dict(bullet="-"),
            features=["\"-\" bullets with (6đ) in titles", "Nội dung 1: … (20 điểm) titles",
                      "two-score bullets typed on two rows", "Minh chứng texts", "bonus and deduction inline"]),
        Sub("HKH Phường 4.xlsx", "P04", "openpyxl", layout, saved="2018-11-27T10:00:00", self=merged_vals,
            merged=[DOUBLE[0], DOUBLE[2]], opts=dict(bullet="-"),
            mistakes=[Expect("criteria-merged", "warning", ("self", "2.1.2"), "2.1.2"),
                      Expect("criteria-merged", "warning", ("self", "2.2.2"), "2.2.2")],
            features=["two criteria typed on one row (twice)", "no Đơn vị line: the unit named in the heading block"]),
        Sub("Phường 5 - tự đánh giá thi đua khuyến học 2018.ods", "P05", "lo-ods", layout, saved="2018-11-27T15:00:00",
            self=v("6 4 4 6  1 0.5 1 0 0 1  2 2 0", TH_2=2),
            after={"2": [text_row("Trong đó:")]},
            opts=dict(bullet="•", self_header="Tự đánh giá", subtotals=False),
            features=["\"•\" bullets", "score column Tự đánh giá", "no subtotals", "\"Trong đó:\" line",
                      "LibreOffice .ods"]),
        Sub("Phuong 7 - cham diem khuyen hoc.xlsx", "P07", "openpyxl", layout, saved="2018-11-28T08:30:00",
            self=v("6 4 4 6  1 0.5 1 0.5 1 1  2 2 0", TR_1="-0.5"),
            texts={"note": {"TR.1": "Chậm 01 báo cáo quý"}},
            opts=dict(bullet="+", bonus="sheet"),
            features=["\"+\" bullets", "bonus/deduction lines on a sheet of their own (Điểm thưởng, trừ)",
                      "deductions typed as negatives"]),
        Sub("P9_tu cham 2018.xls", "P09", "lo-xls", layout, formulas=True,
            self=v("6 4 4 6  1 0.5 1 0.5 1 1  2 2 1"), texts={"note": {"1.1.1": "Nghị quyết số 03-NQ/ĐU"}},
            opts=dict(bullet="-", no_stt=True),
            features=["no STT column: labels typed at the start of the titles", ".xls converted by LibreOffice",
                      "subtotals as formulas"]),
    ]
    return b


def layout(b: Bloc, sub: Sub):
    no_stt = sub.opts.get("no_stt", False)
    bullet = sub.opts["bullet"]
    cols = ([] if no_stt else [col("stt", "STT", 6)]) + [
        col("title", "Nội dung tiêu chí", 64), col("max", "Điểm chuẩn", 9),
        col("self", sub.opts.get("self_header", "Điểm tự chấm"), 9), col("note", "Minh chứng", 26)]
    roles = tuple(c.role for c in cols)
    tree = b.tree

    def label(code):
        if code in ("TH", "TR"):
            return None
        if code.count(".") == 2 or code.startswith("T"):
            return bullet
        return code

    def title(code):
        c = tree.by_code[code]
        if code in ("TH", "TR"):
            return {"TH": "ĐIỂM THƯỞNG", "TR": "ĐIỂM TRỪ"}[code]
        t = PREFIX.get(code, "") + c["title"]
        if tree.parent_of(code) is None:
            t += f" ({int(c['max'])} điểm)"
        if code.count(".") == 2:
            t += f" ({number_text(c['max'])}đ)"
        if no_stt:
            lab = label(code)
            if lab and code.count(".") < 2:
                return t if code in PREFIX else f"{lab}. {t}"
            return f"{lab} {t}" if lab else t
        return t

    subtotals = sub.opts.get("subtotals", True)
    style = Style(label=label, title=title, max_cell=lambda code: D(tree.by_code[code]["max"]),
                  subtotal=lambda code: "own" if subtotals else "none")
    name = b.units[sub.unit]["name"]
    form = Form(sheet="Chấm điểm", cols=cols, style=style, split=0 if no_stt else 1,
                left=["HỘI KHUYẾN HỌC QUẬN 3", name.upper()],
                right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
                date="Quận 3, ngày 26 tháng 11 năm 2018", title="BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM {year}",
                subtitles=["(Theo Hướng dẫn chấm điểm, xếp loại theo tiêu chí thi đua năm 2018 "
                           "của Hội Khuyến học thành phố)"],
                unit_line=None if sub.unit == "P04" else f"Đơn vị: {name}",
                score_lines=[line_row("Tổng cộng", "score", "score", roles, D(30))],
                end_lines=[line_row("Điểm thưởng", "bonus", "bonus", roles),
                           line_row("Điểm trừ", "deduction", "deduction", roles),
                           line_row("TỔNG ĐIỂM (Tổng cộng + Điểm thưởng - Điểm trừ)", "total", "total", roles)],
                bonus=sub.opts.get("bonus", "inline"), bonus_title="ĐIỂM THƯỞNG, ĐIỂM TRỪ NĂM 2018",
                signer=["TM. BAN CHẤP HÀNH", "CHỦ TỊCH"],
                signer_name={"P01": "Nguyễn Thị Lan", "P04": "Trần Văn Bình", "P05": "Lê Hoàng Nam",
                             "P07": "Phạm Thị Hoa", "P09": "Võ Minh Tuấn"}[sub.unit])
    return build(b, sub, form)
