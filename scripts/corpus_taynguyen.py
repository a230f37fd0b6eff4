"""Bloc taynguyen-lmhtx: the cooperative alliances (Liên minh Hợp tác xã) of the five Central
Highlands provinces, 2019 (research note s04, "Mẫu số 04").

Items 1 (5 + 2 + 3), 2 (3 + 3 + one criterion graded 4/3/2 by the share of member cooperatives, whose
three tiers are printed under it as explanation lines "–" without a score) and 3 (15; its sub-lines
were cut off). Columns as printed: STT | Nội dung và chỉ tiêu thi đua | Số điểm tối đa, plus the
unit's score column. No bonus or deduction section.
"""

from __future__ import annotations

from corpus_forms import Form, build, col
from corpus_layout import Style, line_row, text_row
from corpus_model import Bloc, C, Expect, Sub, leaves, rules_toml, typed
from fixture_rules import D

ID = "taynguyen-lmhtx"

DOC = dict(
    id="s04",
    file="s04-taynguyen-lmhtx-cum5tinh-2019.json",
    addresses=["https://lmhtxdaknong.vn/san-pham/bang-cham-diem/"],
    issuer="Cụm thi đua 5 tỉnh Tây Nguyên of the Vietnam Cooperative Alliance (form \"Mẫu số 04\", on the "
           "website of the Đắk Nông alliance)",
    year=2019,
    readable="title, header row, items 1 and 2 in full (with the three tiers of the member share), item 3's "
             "title and maximum; item 3's lines and everything after were cut off",
    gave="items 1 (5 + 2 + 3), 2 (3 + 3 + tiers 4/3/2 as levels [4, 3, 2, 0]) and 3 (15), scale 35; the "
         "columns STT | Nội dung và chỉ tiêu thi đua | Số điểm tối đa; \"–\" sub-lines and unlabelled lines; "
         "the tier lines printed as explanation rows; the \"Mẫu số 04\" corner label; the five provinces.",
)

UNITS = [
    dict(id=uid, name=f"Liên minh Hợp tác xã tỉnh {p}", aliases=[f"Liên minh HTX tỉnh {p}", f"LMHTX {p}"],
         **({"role": "head"} if uid == "DAKNONG" else {}))
    for uid, p in [("DAKNONG", "Đắk Nông"), ("DAKLAK", "Đắk Lắk"), ("LAMDONG", "Lâm Đồng"), ("GIALAI", "Gia Lai"),
                   ("KONTUM", "Kon Tum")]
]

CRITERIA = [
    C("1", "Làm tốt vai trò thường trực, thành viên Ban Chỉ đạo đổi mới, phát triển kinh tế tập thể, hợp tác xã", 10),
    C("1.1", "Tham mưu cấp ủy, chính quyền ban hành cơ chế, chính sách hỗ trợ hợp tác xã", 5),
    C("1.2", "Phối hợp với các sở, ngành ban hành văn bản chỉ đạo, hướng dẫn phát triển kinh tế hợp tác, "
             "hợp tác xã", 2),
    C("1.3", "Có kế hoạch, chương trình, dự án giúp hợp tác xã hoạt động hiệu quả hơn", 3),
    C("2", "Tuyên truyền phát triển hợp tác xã và hoạt động của Liên minh Hợp tác xã; phát triển thành viên", 10),
    C("2.1", "Tuyên truyền qua các phương tiện truyền thông", 3),
    C("2.2", "Tuyên truyền qua các sự kiện (hội nghị, đào tạo, hội thảo…)", 3),
    C("2.3", "Phát triển thành viên của Liên minh Hợp tác xã tỉnh", 4, levels=[4, 3, 2, 0]),
    C("3", "Tư vấn, hỗ trợ thành lập mới hợp tác xã hằng năm", 15),
]

AWARDS = [
    dict(name="Cờ thi đua của Liên minh Hợp tác xã Việt Nam", count=1, min_total=D(32)),
    dict(name="Bằng khen của Chủ tịch Liên minh Hợp tác xã Việt Nam", count=1, min_total=D(28)),
]

TOML = rules_toml(
    "Quy định chấm điểm thi đua năm 2019 — Cụm thi đua Liên minh Hợp tác xã 5 tỉnh Tây Nguyên.\n"
    "Bộ dữ liệu kiểm thử của thidua (tests/corpus). Nội dung và điểm tối đa theo Mẫu số 04 của Cụm (phần\n"
    "đọc được: mục 1, 2 và điểm của mục 3); mục 2.3 chấm theo mức 4/3/2 điểm. Không có điểm thưởng, điểm\n"
    "trừ. Khen thưởng: giả định.",
    dict(name="Cụm thi đua Liên minh Hợp tác xã các tỉnh Tây Nguyên", year=2019, period="annual",
         province="Tây Nguyên", scale=35),
    UNITS, CRITERIA, AWARDS, ["1", "2", "3"],
)

TIERS = ["Tỷ lệ hợp tác xã là thành viên từ 80% trở lên: 4 điểm",
         "Tỷ lệ hợp tác xã là thành viên từ 60% đến dưới 80%: 3 điểm",
         "Tỷ lệ hợp tác xã là thành viên dưới 60%: 2 điểm"]


def bloc() -> Bloc:
    b = Bloc(ID, "s04", TOML)
    codes = leaves(b)
    b.subs = [
        Sub("LMHTX Đắk Nông - bảng chấm điểm 2019.xlsx", "DAKNONG", "openpyxl", layout, saved="2019-11-20T09:00:00",
            self=typed(codes, "5 2 3 3 3 4 15"),
            features=["Mẫu số 04 corner label", "\"–\" sub-lines and unlabelled lines",
                      "tier lines printed under 2.3 as explanation rows without a score", "subtotals on item rows",
                      "Tổng cộng"]),
        Sub("Đắk Lắk - chấm điểm thi đua cụm Tây Nguyên 2019.ods", "DAKLAK", "lo-ods", layout,
            saved="2019-11-21T15:00:00", self=typed(codes, "5 2 3 3 3 4 14"),
            opts=dict(self_header="Điểm đạt", subtotals=False),
            features=["score column Điểm đạt", "no subtotals", "LibreOffice .ods"]),
        Sub("Lâm Đồng - bảng tự chấm 2019.xlsx", "LAMDONG", "thidua", layout, encoding="vni",
            saved="2019-11-22T10:30:00", self=typed(codes, "4.5 2 2.5 3 2.5 3 13"),
            features=["written by thidua convert from a VNI-Windows .xls (the unit's cleaned copy)"]),
        Sub("Gia Lai - cham diem 2019.xlsx", "GIALAI", "openpyxl", layout, saved="2019-11-22T16:10:00",
            self=typed(codes, "4 2 3 3 2 3.5 12"), overrides={("sum", "2"): D("9.5")},
            mistakes=[Expect("score-not-allowed", "error", ("self", "2.3"), "2.3"),
                      Expect("section-sum-mismatch", "warning", ("sum", "2"), "2")],
            features=["a score not among the levels (3,5 for 4/3/2/0)", "wrong item subtotal (9,5 for 8,5)"]),
    ]
    return b


def layout(b: Bloc, sub: Sub):
    cols = [col("stt", "STT", 6), col("title", "Nội dung và chỉ tiêu thi đua", 60), col("max", "Số điểm tối đa", 10),
            col("self", sub.opts.get("self_header", "Điểm tự chấm"), 10)]
    roles = tuple(c.role for c in cols)

    def label(code):
        if "." not in code:
            return code
        return "–" if code.startswith("1.") else None

    def title(code):
        t = b.tree.by_code[code]["title"]
        if code == "2.3":
            return t + " (chọn một mức theo tỷ lệ hợp tác xã là thành viên)"
        return t

    subtotals = sub.opts.get("subtotals", True)
    style = Style(label=label, title=title, max_cell=lambda code: D(b.tree.by_code[code]["max"]),
                  subtotal=lambda code: "own" if subtotals else "none",
                  after={"2.3": [text_row(t, label="–", italic=True) for t in TIERS]})
    name = b.units[sub.unit]["name"]
    province = name.replace("Liên minh Hợp tác xã tỉnh ", "")
    form = Form(sheet="Mẫu 04", cols=cols, style=style, corner="Mẫu số 04",
                left=["LIÊN MINH HTX VIỆT NAM", f"LIÊN MINH HTX TỈNH {province.upper()}"],
                right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
                date=f"{province}, ngày 20 tháng 11 năm 2019",
                title="BẢNG CHẤM ĐIỂM NỘI DUNG VÀ TIÊU CHÍ THI ĐUA NĂM {year}",
                subtitles=["Cụm thi đua Liên minh Hợp tác xã các tỉnh Tây Nguyên"], unit_line=f"Đơn vị: {name}",
                score_lines=[line_row("Tổng cộng", "score", "score", roles, D(35))],
                signer=["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"],
                signer_name={"DAKNONG": "Nguyễn Văn Đạt", "DAKLAK": "Y Khu Niê", "LAMDONG": "Trần Đình Phúc",
                             "GIALAI": "Rơ Mah Tuân"}[sub.unit])
    return build(b, sub, form)
