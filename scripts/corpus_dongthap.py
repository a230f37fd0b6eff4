"""Bloc dongthap-hnd: the commune Farmers' Associations (Hội Nông dân xã) of Tháp Mười, Đồng Tháp,
2017 (research note s03).

The readable part of the document: "TIÊU CHÍ 1:" with items 1.–3. (5, 3, 1,5 points), item 1 scored
by its three conditions (2; 1,5; 1,5). The document gives TIÊU CHÍ 1 19,5 points but only 9,5 could be
read, so the corpus uses 9,5. Columns as printed: Nội dung đánh giá | Điều kiện chấm điểm | Điểm tối
đa | Điểm tự chấm (no STT column: labels are typed inside the cells); maxima written "(5 điểm)" in the
titles and as text "1,5 điểm" in the max column; item 1's title merged down over its conditions. The
conditions are yes/no (levels [max, 0]). No bonus or deduction section (none in the document).
"""

from __future__ import annotations

from corpus_forms import Form, finish
from corpus_layout import Line, Row, Stated, Table, Where, number_text
from corpus_forms import col
from corpus_model import Bloc, C, Expect, Sub, leaves, resolve, rules_toml, typed
from fixture_rules import D

ID = "dongthap-hnd"

DOC = dict(
    id="s03",
    file="s03-dongthap-hnd-thanhloi-2017.json",
    addresses=["https://text.123doc.org/document/5034299-bang-cham-diem-thi-dua-hoi-nong-dan-xa-thanh-loi-nam-2017.htm"],
    issuer="Ban Chấp hành Hội Nông dân xã Thạnh Lợi (Hội Nông dân huyện Tháp Mười), a self-scored table",
    year=2017,
    readable="the preview: header row, TIÊU CHÍ 1 with items 1–3 in full, item 4's title and first "
             "condition (cut off)",
    gave="TIÊU CHÍ 1 with items 1.–3. (5, 3, 1,5) and item 1's three conditions (2; 1,5; 1,5); parent "
         "maximum 9,5 = the items read (the document's 19,5 includes unreadable items); the columns "
         "Nội dung đánh giá | Điều kiện chấm điểm | Điểm tối đa | Điểm tự chấm without an STT column, "
         "labels typed in the cells, maxima \"(5 điểm)\" in titles and \"1,5 điểm\" as text, item titles "
         "merged over their conditions; the heading block (HỘI NÔNG DÂN VIỆT NAM …).",
)

UNITS = [
    dict(id="THANHLOI", name="Hội Nông dân xã Thạnh Lợi", aliases=["HND xã Thạnh Lợi", "Hội Nông dân Thạnh Lợi"]),
    dict(id="MYHOA", name="Hội Nông dân xã Mỹ Hòa", aliases=["HND xã Mỹ Hòa", "HND Mỹ Hòa"]),
    dict(id="TANKIEU", name="Hội Nông dân xã Tân Kiều", aliases=["HND xã Tân Kiều"]),
    dict(id="TRUONGXUAN", name="Hội Nông dân xã Trường Xuân", aliases=["HND xã Trường Xuân"]),
    dict(id="HUNGTHANH", name="Hội Nông dân xã Hưng Thạnh", aliases=["HND xã Hưng Thạnh", "HND Hưng Thạnh"]),
    dict(id="PHUDIEN", name="Hội Nông dân xã Phú Điền", aliases=["HND xã Phú Điền"]),
]

CRITERIA = [
    C("1", "Công tác tuyên truyền, giáo dục chính trị, tư tưởng", 9.5),
    C("1.1", "Tổ chức sinh hoạt chính trị để học tập, quán triệt và triển khai Nghị quyết Trung ương 4, 5 "
             "khóa XII", 5),
    C("1.1.1", "Chủ tịch, Phó Chủ tịch Hội cơ sở học tập Nghị quyết Trung ương 4, 5 khóa XII", 2, levels=[2, 0]),
    C("1.1.2", "Hội cơ sở hướng dẫn chi, tổ Hội tuyên truyền đến hội viên", 1.5, levels=[1.5, 0]),
    C("1.1.3", "Hội cơ sở lập kế hoạch thực hiện chương trình hành động của cấp ủy cùng cấp", 1.5,
      levels=[1.5, 0]),
    C("1.2", "Tuyên truyền nghị quyết và hoạt động của Hội", 3),
    C("1.3", "Tuyên truyền, phổ biến, giáo dục pháp luật", 1.5),
]

CONDITIONS = {
    "1.2": "Tuyên truyền trên loa truyền thanh địa phương và viết tin, bài mỗi quý ít nhất một tin",
    "1.3": "Hưởng ứng Ngày Pháp luật năm 2017; tiếp tục tuyên truyền các bộ luật, luật mới và Quy định "
           "217, 218-QĐ/TW",
}

AWARDS = [dict(name="Giấy khen của Ban Chấp hành Hội Nông dân huyện Tháp Mười", count=2, min_total=D(8))]

TOML = rules_toml(
    "Quy định chấm điểm thi đua năm 2017 — Hội Nông dân các xã huyện Tháp Mười, tỉnh Đồng Tháp.\n"
    "Bộ dữ liệu kiểm thử của thidua (tests/corpus). Chỉ dùng phần đọc được của bảng chấm điểm: Tiêu chí 1,\n"
    "các mục 1–3 (mục 1 chấm theo 3 điều kiện có/không); điểm tối đa của Tiêu chí 1 là tổng các mục đọc\n"
    "được (9,5 điểm, văn bản ghi 19,5). Không có điểm thưởng, điểm trừ. Khen thưởng: giả định.",
    dict(name="Hội Nông dân các xã huyện Tháp Mười", year=2017, period="annual", province="Đồng Tháp"),
    UNITS, CRITERIA, AWARDS, ["1.1", "1.2", "1.3"],
)


def bloc() -> Bloc:
    b = Bloc(ID, "s03", TOML)
    codes = leaves(b)
    b.subs = [
        Sub("Thạnh Lợi - Bảng chấm điểm thi đua 2017.xlsx", "THANHLOI", "openpyxl", layout,
            saved="2017-11-12T09:30:00", self=typed(codes, "2 1.5 1.5 3 1.5"), opts=dict(text_max=True),
            features=["no STT column, labels typed in the cells", "conditions column (Điều kiện chấm điểm)",
                      "item title merged down over its conditions", "maxima (5 điểm) in titles",
                      "maxima as text (9,5 điểm, 1,5 điểm)", "Tổng cộng"]),
        Sub("HND Mỹ Hòa - tự chấm 2017.xls", "MYHOA", "xlwt", layout, self=typed(codes, "2 1.5 0 2.5 1.5"),
            features=["xlwt .xls", "maxima as numbers", "conditions column"]),
        Sub("Tân Kiều.xlsx", "TANKIEU", "openpyxl", layout, saved="2017-11-13T16:00:00",
            self=typed(codes, "2 1.5 1.5 3 1"), opts=dict(text_max=True, max_override={"1.1.2": D(2)}),
            mistakes=[Expect("max-changed", "warning", ("max", "1.1.2"), "1.1.2")],
            features=["a maximum changed in the max column (2 for 1,5)", "no Đơn vị line: the unit named in the heading block"]),
        Sub("Trường Xuân - bảng tự chấm điểm thi đua năm 2017.ods", "TRUONGXUAN", "lo-ods", layout,
            saved="2017-11-14T10:00:00", self=typed(codes, "2 1.5 1.5 3 1.5"), opts=dict(text_max=True),
            features=["LibreOffice .ods", "ties Thạnh Lợi on every key (shared rank 1)"]),
        Sub("HND Hung Thanh.xlsx", "HUNGTHANH", "openpyxl", layout, encoding="vni", saved="2017-11-15T08:20:00",
            self=typed(codes, "2 1.5 1.5 2 1.5"), infos=[Expect("legacy-encoding", "info")],
            features=["VNI-Windows text (VNI-Times font) written by openpyxl", "conditions column"]),
    ]
    return b


def layout(b: Bloc, sub: Sub):
    tree = b.tree
    text_max = sub.opts.get("text_max", False)
    override = sub.opts.get("max_override", {})
    cols = [col("title", "Nội dung đánh giá", 40), col("cond", "Điều kiện chấm điểm", 46),
            col("max", "Điểm tối đa", 10), col("self", "Điểm tự chấm", 10)]
    name = b.units[sub.unit]["name"]
    commune = name.replace("Hội Nông dân xã ", "")
    form = Form(sheet="Tiêu chí 1", cols=cols, style=None, split=1,
                left=["HỘI NÔNG DÂN VIỆT NAM", "HỘI NÔNG DÂN HUYỆN THÁP MƯỜI", f"BCH HND XÃ {commune.upper()}"],
                right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
                date=f"{commune}, ngày 12 tháng 11 năm 2017", title="BẢNG CHẤM ĐIỂM THI ĐUA NĂM {year}",
                unit_line=None if sub.unit == "TANKIEU" else f"Đơn vị: {name}",
                signer=["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"], signer_name="Nguyễn Văn Ba")

    def mx(code, as_text):
        m = override.get(code, D(tree.by_code[code]["max"]))
        return f"{number_text(m)} điểm" if as_text else m

    where = Where()
    g = form.grid()
    r = form.put_heading(g, where, sub.year or b.year)
    t = Table(g, cols, where)
    r = t.header(r)
    sec = tree.by_code["1"]
    rows = [Row({"title": f"TIÊU CHÍ 1: {sec['title'].upper()}", "max": mx("1", text_max),
                 "self": Stated("1")}, ("1",), bold=True, span=("title", "cond"))]
    for n, item in enumerate(tree.children_of("1"), start=1):
        it = tree.by_code[item]
        title = f"{n}. {it['title']} ({number_text(it['max'])} điểm)"
        conds = tree.children_of(item)
        if not conds:
            rows.append(Row({"title": title, "cond": CONDITIONS[item], "max": mx(item, text_max),
                             "self": sub.self.get(item)}, (item,)))
            continue
        for k, cond in enumerate(conds, start=1):
            cells = {"cond": f"{k}. {tree.by_code[cond]['title']}", "max": mx(cond, False),
                     "self": sub.self.get(cond)}
            if k == 1:
                cells["title"] = title
            rows.append(Row(cells, (cond,), title_code=item if k == 1 else None,
                            down={"title": len(conds)} if k == 1 else {}))
    rows.append(Row({"title": "Tổng cộng", "max": mx("1", text_max), "self": Line("score")}, kind="line",
                    bold=True, name="score", span=("title", "cond")))
    r = t.rows(r, rows)
    finish(g, form, r + 1)
    resolve(b, sub, [g], where)
    return [g], where
