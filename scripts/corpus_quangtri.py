"""Bloc quangtri-congan-cum: commune police of emulation cluster 347 of Quảng Trị, movement "Vì an
ninh Tổ quốc", 2025, scale 1000 (research note g02).

The whole tree as the source has it: sections I., II., III.; fields 1.…6.; sub-fields a)…g) (no f);
leaves numbered 1…157 across the table, split ones 6a, 6b, 27a…; leaf titles are only "Tiêu chí số N"
(the labels decide). Qualitative leaves (định tính: achieved = the maximum, else 0) get levels
[max, 0]. No bonus or deduction section (the source has none).
"""

from __future__ import annotations

import random
import re

from corpus_forms import Form, build, col
from corpus_layout import Style, line_row
from corpus_model import Bloc, C, Expect, Sub, leaves, rules_toml
from fixture_rules import D

ID = "quangtri-congan-cum"

DOC = dict(
    id="g02",
    file="g02-quangtri-congan-cumxa347-2025.json",
    addresses=[
        "https://github.com/ThuatNguyen/NationalSecurityContest2/blob/6e8ef03c157b7c27aceca74497962c7425d117fd/attached_assets/contestdb.sql",
        "https://github.com/ThuatNguyen/NationalSecurityContest2/blob/6e8ef03c157b7c27aceca74497962c7425d117fd/server/seedQuangTri.ts",
        "https://github.com/ThuatNguyen/NationalSecurityContest/blob/80f80219bb86e7fa9e96bcff084112db9b35b871/attached_assets/Mo%20ta%20de%20tai.bs.docx",
    ],
    issuer="Công an tỉnh Quảng Trị (criteria of cluster 347, commune police, entered in a scoring application)",
    year=2025,
    readable="the whole tree of the 2025 period (230 nodes): every group's title and maximum, every leaf's "
             "maximum and kind (quantitative, qualitative, direct); not the leaves' wording (only "
             "\"Tiêu chí số N\"), criteria 154–157 scored together as III.4",
    gave="the criteria tree at scale 1000 (I 700, II 200, III 100) with labels I./1./a)/1…157/6a…; "
         "qualitative leaves as levels [max, 0]; the columns as printed (TT | Nội dung tiêu chí | Thang "
         "điểm | Chỉ tiêu được giao | Kết quả thực hiện | Điểm tự chấm | Giải trình | Điểm thẩm định | Lý "
         "do); the cluster's review (Điểm thẩm định) as the reviewed column; the seven communes.",
)

UNITS = [
    dict(id="CAMHONG", name="Công an xã Cam Hồng", aliases=["CAX Cam Hồng"], role="head"),
    dict(id="LETHUY", name="Công an xã Lệ Thủy", aliases=["CAX Lệ Thủy"], role="deputy"),
    dict(id="TANMY", name="Công an xã Tân Mỹ", aliases=["CAX Tân Mỹ"]),
    dict(id="TRUONGPHU", name="Công an xã Trường Phú", aliases=["CAX Trường Phú", "CA Trường Phú"]),
    dict(id="SENNGU", name="Công an xã Sen Ngư", aliases=["CAX Sen Ngư"]),
    dict(id="KIMNGAN", name="Công an xã Kim Ngân", aliases=["CAX Kim Ngân"]),
    dict(id="VINHLINH", name="Công an xã Vĩnh Linh", aliases=["CAX Vĩnh Linh"]),
]

# Sections, fields and sub-fields with their leaves: "N:max kind" (q qualitative, l quantitative,
# t direct), "N(Na:max kind …)" a leaf split into parts.
TREE = [
    ("I", "Kết quả thực hiện nhiệm vụ chuyên môn", [
        ("1", "Bảo vệ an ninh quốc gia",
         "1:50q 2:10q 3:10q 4:10q 5:10q 6(6a:10q 6b:10q) 7:20t 8:10t 9(9a:10t 9b:10t) 10:10t "
         "11(11a:10t 11b:10t) 12:10q"),
        ("2", "Đấu tranh phòng, chống tội phạm", [
            ("a", "Điều tra, xử lý tội phạm", "13:10q 14:10t 15:5q 16:5q 17:10t 18:5t 19:10t 20:10l 21:5l"),
            ("b", "Phòng, chống tội phạm về trật tự xã hội", "22:20l 23:10l 24:5q 25:5q 26:10l"),
            ("c", "Phòng, chống tội phạm kinh tế, buôn lậu, môi trường",
             "27(27a:5l 27b:5l 27c:5l) 28(28a:5l 28b:5l) 29:5q"),
            ("d", "Phòng, chống tội phạm và vi phạm pháp luật về ma túy", "30:10q 31:10l 32:15l 33:5q 34:10t"),
        ]),
        ("3", "Quản lý nhà nước về trật tự xã hội", [
            ("a", "Quản lý hành chính về trật tự xã hội",
             "35:5t 36:5q 37:5t 38(38a:5t 38b:5t 38c:5t) 39(39a:3t 39b:2t) 40:5t"),
            ("b", "Phòng, chống cháy nổ", "41(41a:5t 41b:5t 41c:5t) 42:5t 43:10t"),
            ("c", "Bảo đảm trật tự, an toàn giao thông", "44:10t 45:5q 46:10q 47:5q"),
            ("d", "Thi hành án hình sự, hỗ trợ tư pháp và tái hòa nhập cộng đồng",
             "48:8t 49(49a:3t 49b:4t 49c:1t) 50:4q"),
        ]),
        ("4", "Nghiệp vụ cơ bản", [
            ("a", "Nghiệp vụ cơ bản của lực lượng An ninh",
             "51(51a:5q 51b:5q) 52(52a:5t 52b:5t) 53(53a:5t 53b:5t 53c:5t 53d:5t) 54(54a:5t 54b:5t)"),
            ("b", "Nghiệp vụ cơ bản của lực lượng Cảnh sát nhân dân",
             "55:10t 56:10t 57(57a:10t 57b:5t) 58(58a:10t 58b:5t)"),
        ]),
        ("5", "Xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc", "59:10q 60:15t 61:5q 62:10t"),
        ("6", "Tham mưu, hồ sơ nghiệp vụ, đối ngoại và hợp tác", "63:5q 64:5q 65:5q 66:5t 67:10t 68:5t 69:5q"),
    ]),
    ("II", "Xây dựng Đảng, xây dựng lực lượng, hậu cần – kỹ thuật, cải cách hành chính, tư pháp", [
        ("1", "Công tác chính trị", [
            ("a", "Tuyên truyền, giáo dục", "70:2t 71:1t 72:1.5t 73:1.5t 74:0.5q 75:0.5q 76:1t 77:2t"),
            ("b", "Thi đua, khen thưởng", "78:2q 79:2q 80:2q 81:4t"),
            ("c", "Điều lệnh, quân sự, võ thuật, văn hóa – thể thao",
             "82:1t 83:3t 84:1t 85:3t 86:1t 87:1t 88:2t 89:1t 90:1t 91:1t"),
            ("d", "Công tác Đoàn, thanh niên", "92:2q 93:1q 94:1t 95:1t"),
            ("e", "Công tác Hội và phong trào phụ nữ", "96:1q 97:1q 98:1q 99:1t 100:1q"),
            ("g", "Thực hiện chế độ thông tin, báo cáo", "101:5t"),
        ]),
        ("2", "Tổ chức cán bộ", [
            ("a", "Chấp hành quy định về tổ chức cán bộ; xây dựng Đảng về tổ chức, đảng viên",
             "102:10t 103:10t 104:10t"),
            ("b", "Nhiệm vụ chuyên đề hằng năm thuộc lĩnh vực tổ chức cán bộ", "105:10t"),
            ("c", "Xây dựng Đảng về tổ chức và công tác đảng viên", "106:10t"),
        ]),
        ("3", "Thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo", [
            ("a", "Kiểm tra, giám sát, thi hành kỷ luật đảng",
             "107:1q 108:1q 109:1q 110:3q 111:3t 112:1q 113:2t 114:1q 115:2q"),
            ("b", "Thanh tra, tiếp công dân, giải quyết khiếu nại tố cáo, phòng chống tham nhũng",
             "116:1t 117:2t 118:2t 119:2t 120:2t 121:1t 122:1t 123:2t 124:2t"),
        ]),
        ("4", "Tài chính, hậu cần, kỹ thuật",
         "125:5q 126:5q 127:2t 128:2t 129:3t 130:1.5t 131:1.5t 132:2t 133:2t 134:2t 135:2t 136:2t 137:3t "
         "138:3t 139:2t 140:2t"),
        ("5", "Pháp chế, cải cách hành chính, tư pháp, nghiên cứu khoa học", "141:10t 142:10t 143:5t 144:5q"),
    ]),
    ("III", "Tổ chức phong trào thi đua", [
        ("1", "Tổ chức, phát động phong trào thi đua", "145:5t 146(146a:5t 146b:5t) 147:15t 148:5t 149:5q"),
        ("2", "Kết quả khen thưởng", "150:10t 151:10t"),
        ("3", "Tham gia hội thao, hội thi, hội diễn, cuộc thi cấp Công an tỉnh trở lên", "152:10t 153:5t"),
        ("4", "Đăng cai, phối hợp làm nhiệm vụ đột xuất do Công an tỉnh trở lên giao", 25),
    ]),
]

KINDS: dict[str, str] = {}  # leaf code -> q | l | t


def _leaves(parent: str, spec: str) -> list[dict]:
    out = []
    for m in re.finditer(r"(\d+)(?::([\d.]+)([qlt])|\(([^)]*)\))", spec):
        num, mx, kind, parts = m.groups()
        code = f"{parent}.{num}"
        title = "Tiêu chí 11" if num == "11" else f"Tiêu chí số {num}"  # as the source has it
        if parts is None:
            KINDS[code] = kind
            out.append(C(code, title, D(mx), levels=[D(mx), 0] if kind == "q" else None))
            continue
        subs = re.findall(r"(\d+)([a-z]):([\d.]+)([qlt])", parts)
        out.append(C(code, title, sum(D(x[2]) for x in subs)))
        for n, letter, smx, skind in subs:
            KINDS[f"{code}.{letter}"] = skind
            out.append(C(f"{code}.{letter}", f"Tiêu chí số {n}{letter}", D(smx),
                         levels=[D(smx), 0] if skind == "q" else None, label=f"{n}{letter}"))
    return out


def _criteria() -> list[dict]:
    out = []

    def total(items):
        return sum(D(c["max"]) for c in items if c["code"].count(".") == items[0]["code"].count("."))

    for sec, stitle, fields in TREE:
        sec_items = []
        for fnum, ftitle, body in fields:
            fcode = f"{sec}.{fnum}"
            if isinstance(body, int):
                KINDS[fcode] = "t"
                sec_items.append(C(fcode, ftitle, body))
                continue
            if isinstance(body, str):
                kids = _leaves(fcode, body)
            else:
                kids = []
                for letter, atitle, spec in body:
                    acode = f"{fcode}.{letter}"
                    leaves_ = _leaves(acode, spec)
                    kids += [C(acode, atitle, total(leaves_))] + leaves_
            sec_items += [C(fcode, ftitle, total(kids))] + kids
        out += [C(sec, stitle, total(sec_items))] + sec_items
    return out


CRITERIA = _criteria()

AWARDS = [
    dict(name="Cờ thi đua của Công an tỉnh", count=1, min_total=D(950)),
    dict(name="Giấy khen của Giám đốc Công an tỉnh", share=D("0.5"), min_total=D(900)),
]

TOML = rules_toml(
    "Quy định chấm điểm thi đua năm 2025 — Cụm thi đua số 347, Công an cấp xã, tỉnh Quảng Trị\n"
    "(phong trào thi đua \"Vì an ninh Tổ quốc\"). Bộ dữ liệu kiểm thử của thidua (tests/corpus).\n"
    "Khung tiêu chí và thang điểm 1000 theo dữ liệu của Cụm; nội dung các tiêu chí lá chỉ ghi \"Tiêu chí\n"
    "số N\" như nguồn; tiêu chí định tính (đạt = điểm tối đa, không đạt = 0) ghi mức điểm. Không có điểm\n"
    "thưởng, điểm trừ. Khen thưởng: giả định.",
    dict(name="Cụm thi đua số 347 - Công an cấp xã", year=2025, period="annual", province="Quảng Trị",
         scale=1000),
    UNITS, CRITERIA, AWARDS, ["I", "II", "III"],
)


def _draw(seed: str, codes: list[str], by) -> dict:
    """A unit's self-scores: mostly the maximum, a share of the quantitative ones, some half points off."""
    rng = random.Random(seed)
    out = {}
    for code in codes:
        mx = D(by[code]["max"])
        kind = KINDS[code]
        if kind == "q":
            out[code] = mx if rng.random() < 0.95 else D(0)
        elif kind == "l":
            out[code] = mx * D(rng.choice(["1", "1", "1", "0.75", "0.5"]))
        else:
            cut = D(rng.choice(["0", "0", "0", "0", "0.5", "1"]))
            out[code] = max(D(0), mx - cut) if cut < mx else mx
    return out


def _texts(seed: str, values: dict, by) -> dict:
    """Targets and results of the quantitative leaves; explanations where a score was cut."""
    rng = random.Random(seed + "/texts")
    target, result, expl = {}, {}, {}
    for code, v in values.items():
        mx = D(by[code]["max"])
        if KINDS[code] == "l":
            n = rng.randint(2, 12)
            target[code] = f"{n:02d} vụ"
            share = v / mx
            got = n + rng.randint(1, 3) if share == 1 else (n if share == D("0.75") else max(1, n // 2))
            result[code] = f"{got:02d} vụ"
        if v < mx:
            expl[code] = "Không đạt chỉ tiêu" if v == 0 else rng.choice([
                "Còn 01 nội dung chưa hoàn thành đúng tiến độ", "Chưa đạt chỉ tiêu được giao",
                "Hồ sơ còn thiếu, đang bổ sung", "Thực hiện chưa đầy đủ theo kế hoạch"])
    return {"target": target, "result": result, "expl": expl}


def bloc() -> Bloc:
    b = Bloc(ID, "g02", TOML)
    by = b.tree.by_code
    codes = leaves(b)

    def unit(seed, keep=("expl",)):
        v = _draw(seed, codes, by)
        t = _texts(seed, v, by)
        return v, {k: t[k] for k in keep}

    cam, cam_t = unit("CAMHONG", ("target", "result", "expl"))
    le, le_t = unit("LETHUY", ("target", "result", "expl"))
    le_rev = dict(le)
    reason = {}
    for code, cut, why in [("I.1.7", "2", "Cụm trừ 2 điểm: hồ sơ chưa đủ căn cứ"),
                           ("I.3.b.43", "1", "Cụm trừ 1 điểm: chưa kiểm tra đủ cơ sở"),
                           ("II.4.137", "0.5", "Cụm trừ 0,5 điểm: sổ sách chưa cập nhật"),
                           ("III.1.147", "3", "Cụm trừ 3 điểm: chưa có sơ kết chuyên đề")]:
        le_rev[code] = max(D(0), le[code] - D(cut))
        reason[code] = why
    tan, tan_t = unit("TANMY")
    tp2, tp_t = unit("TRUONGPHU")
    tp1 = dict(tp2)
    tp1.update({"I.1.7": D(20), "II.1.a.72": D("1.5"), "III.2.150": D(10)})
    if tp1 == tp2:
        raise AssertionError("the two versions of Trường Phú must differ")
    sen, sen_t = unit("SENNGU")
    vinh, vinh_t = unit("VINHLINH")
    sen_total = sum(sen.values()) + 10
    b.subs = [
        Sub("CAX Cam Hồng - Bảng tự chấm điểm thi đua năm 2025.xlsx", "CAMHONG", "openpyxl", layout,
            saved="2025-11-18T15:30:00", self=cam, texts=cam_t, opts=dict(form="full"),
            features=["columns as printed (Chỉ tiêu được giao, Kết quả thực hiện, Giải trình, Điểm thẩm định, Lý do)",
                      "labels I. / 1. / a) / 1…157 / 6a", "section title merged across TT and title",
                      "subtotals on every parent's own row", "Tổng cộng (I+II+III)", "Giải trình texts"]),
        Sub("Công an xã Lệ Thủy - tự chấm 2025 (đã thẩm định).xls", "LETHUY", "lo-xls", layout,
            saved="2025-11-24T09:00:00", self=le, reviewed=le_rev, texts=dict(le_t, reason=reason), formulas=True,
            opts=dict(form="full"),
            features=["Điểm thẩm định filled by the cluster (reviewed column) with Lý do", "total from the review",
                      ".xls converted by LibreOffice from an openpyxl file",
                      "subtotals as formulas with saved values"]),
        Sub("Tân Mỹ_tự chấm thi đua 2025.ods", "TANMY", "lo-ods", layout, saved="2025-11-19T11:10:00",
            self=tan, texts=tan_t, swaps=[("I.3.c.44", "I.3.c.45")], opts=dict(form="short", after=True),
            infos=[Expect("row-renumbered", "info")],
            features=["a moved row (44 and 45 swapped, labels kept)", "subtotals after their children (Cộng mục I)",
                      "no subtotal on fields and sub-fields", "LibreOffice .ods"]),
        Sub("CA Trường Phú - bảng chấm điểm 2025.xlsx", "TRUONGPHU", "openpyxl", layout,
            saved="2025-11-20T08:00:00", self=tp1, texts=tp_t, opts=dict(form="review-cols"),
            features=["first version; the v2 file has the same saved date (not used)"]),
        Sub("CA Trường Phú - bảng chấm điểm 2025 v2.xlsx", "TRUONGPHU", "openpyxl", layout,
            saved="2025-11-20T08:00:00", self=tp2, texts=tp_t, opts=dict(form="review-cols"),
            features=["second version named v2, same saved date: the one used",
                      "empty Điểm thẩm định and Lý do columns"]),
        Sub("Sen Ngu - cham diem 2025.xlsx", "SENNGU", "openpyxl", layout, saved="2025-11-21T17:45:00",
            self=sen, texts=sen_t, opts=dict(form="short"), overrides={("line", "score"): sen_total},
            mistakes=[Expect("total-mismatch", "warning", ("line", "score"))],
            features=["wrong grand total (Tổng cộng written 10 points above its rows)"]),
        Sub("Vĩnh Linh - tự chấm thi đua năm 2025.xlsx", "VINHLINH", "openpyxl", layout,
            saved="2025-11-22T10:00:00", self=vinh, texts=vinh_t, opts=dict(form="grouped"),
            features=["two-row header Điểm over Thang điểm | Tự chấm | Thẩm định", "numbering row (1)…(6)"]),
    ]
    return b


# --------------------------------------------------------------------------- forms

def _label(b: Bloc):
    def label(code):
        depth = code.count(".")
        seg = code.split(".")[-1]
        if depth == 0:
            return f"{code}."
        if depth == 1:
            return f"{seg}."
        if depth == 2 and not seg.isdigit():
            return f"{seg})"
        return b.tree.by_code[code].get("label", seg)
    return label


FORMS = {
    "full": [col("stt", "TT", 6), col("title", "Nội dung tiêu chí", 38), col("max", "Thang điểm", 8),
             col("target", "Chỉ tiêu được giao", 10), col("result", "Kết quả thực hiện", 10),
             col("self", "Điểm tự chấm", 8), col("expl", "Giải trình", 24), col("rev", "Điểm thẩm định", 8),
             col("reason", "Lý do", 22)],
    "short": [col("stt", "TT", 6), col("title", "Nội dung tiêu chí", 50), col("max", "Thang điểm", 9),
              col("self", "Điểm tự chấm", 9), col("expl", "Giải trình", 30)],
    "review-cols": [col("stt", "TT", 6), col("title", "Nội dung tiêu chí", 44), col("max", "Thang điểm", 8),
                    col("self", "Điểm tự chấm", 8), col("expl", "Giải trình", 26), col("rev", "Điểm thẩm định", 8),
                    col("reason", "Lý do", 18)],
    "grouped": [col("stt", "TT", 6), col("title", "Nội dung tiêu chí", 48), col("max", "Thang điểm", 8, top="Điểm"),
                col("self", "Tự chấm", 8, top="Điểm"), col("rev", "Thẩm định", 8, top="Điểm"),
                col("expl", "Giải trình", 28)],
}

PLACES = {"CAMHONG": ("Cam Hồng", "18"), "LETHUY": ("Lệ Thủy", "20"), "TANMY": ("Tân Mỹ", "19"),
          "TRUONGPHU": ("Trường Phú", "20"), "SENNGU": ("Sen Ngư", "21"), "VINHLINH": ("Vĩnh Linh", "22")}


def layout(b: Bloc, sub: Sub):
    cols = FORMS[sub.opts["form"]]
    roles = tuple(c.role for c in cols)
    after = sub.opts.get("after", False)

    def subtotal(code):
        if not after:
            return "own"
        return "after" if "." not in code else "none"

    def title(code):
        t = b.tree.by_code[code]["title"]
        return f"{code}. {t.upper()}" if "." not in code else t

    style = Style(label=_label(b), title=title, max_cell=lambda code: D(b.tree.by_code[code]["max"]),
                  section_span=("stt", "title"), subtotal=subtotal, after_title=lambda code: f"Cộng mục {code}")
    place, day = PLACES[sub.unit]
    name = b.units[sub.unit]["name"]
    form = Form(sheet="Tự chấm điểm", cols=cols, style=style, numbering=sub.opts["form"] == "grouped",
                left=["CÔNG AN TỈNH QUẢNG TRỊ", name.upper()],
                right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
                date=f"{place}, ngày {day} tháng 11 năm 2025", title="BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM {year}",
                subtitles=["Phong trào thi đua “Vì an ninh Tổ quốc” – Cụm thi đua số 347"],
                unit_line=f"Đơn vị: {name}",
                score_lines=[line_row("Tổng cộng (I+II+III)", "score", "score", roles, D(1000),
                                      span=("stt", "title"), rev=bool(sub.reviewed))],
                signer=["TRƯỞNG CÔNG AN XÃ", "(Ký, ghi rõ họ tên, đóng dấu)"],
                signer_name={"CAMHONG": "Hoàng Văn Quyết", "LETHUY": "Nguyễn Đình Long", "TANMY": "Trần Quốc Bảo",
                             "TRUONGPHU": "Lê Minh Trí", "SENNGU": "Phan Thanh Hải",
                             "VINHLINH": "Võ Đức Thịnh"}[sub.unit],
                header_height=48)
    return build(b, sub, form)
