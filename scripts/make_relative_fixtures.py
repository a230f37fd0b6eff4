#!/usr/bin/env python3
"""Tạo khối thi đua có tiêu chí tính điểm theo số liệu của cả khối (tests/fixtures/relative/) và
kết quả mong đợi tests/fixtures/relative/expected.json.

Build a small bloc (7 units) whose rules have three criteria scored against the bloc — I.1
`relative` (higher is better, a share in %), I.2 `relative` with `better = "lower"`, I.3 `target`
— and write every unit's self-scoring sheet:

  * Sở Y tế and Sở Giáo dục và Đào tạo share the best I.1 figure (95,5 %): both get the maximum;
    Sở Giáo dục và Đào tạo typed 18 points itself → measured-score-differs (info).
  * Sở Khoa học và Công nghệ typed I.1 as text "85%", Đài Phát thanh và Truyền hình as "85,5":
    both read (a trailing % and a decimal comma are accepted).
  * Bảo hiểm xã hội tỉnh left I.1 empty → figure-missing, 0 points, left out of the best.
  * Đài Phát thanh và Truyền hình wrote -1 for I.2 → figure-negative; Sở Tư pháp wrote 955 for
    the I.1 share → figure-over-share; Bảo hiểm xã hội tỉnh wrote "khoảng 70" for I.3 →
    figure-not-number.
  * Sở Y tế is over the I.3 target (96 against 80): capped at the maximum.
  * Sở Tư pháp's sheet has no "Kết quả" column: its figures are in the self-score cells.

Writers: openpyxl (.xlsx) for five units, xlwt (.xls) for Sở Tư pháp, and LibreOffice (an .ods
converted from an openpyxl file) for Bảo hiểm xã hội tỉnh.

The expected scores are computed here by an oracle of its own (Python fractions, half-up rounding
to the rules' step) from the rules file (tomllib) and the figures below — never by reading the
workbooks back or running thidua.

    python3 scripts/make_relative_fixtures.py
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sheetkit import Grid, Txt, normalise_zip, render_openpyxl, render_xlwt, soffice_convert  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests/fixtures/relative"
RULES = OUT / "quy-dinh.toml"

RULES_TEXT = '''# Khối thử: tiêu chí tính điểm theo số liệu của cả khối (kind = "relative" / "target").
# Written by scripts/make_relative_fixtures.py; sources in README.md.

[bloc]
name = "Khối các cơ quan tổng hợp"
year = 2025
scale = 100

[[units]]
id = "SYT"
name = "Sở Y tế"
role = "head"

[[units]]
id = "SGDDT"
name = "Sở Giáo dục và Đào tạo"

[[units]]
id = "SKHCN"
name = "Sở Khoa học và Công nghệ"

[[units]]
id = "DPTTH"
name = "Đài Phát thanh và Truyền hình"

[[units]]
id = "BHXH"
name = "Bảo hiểm xã hội tỉnh"

[[units]]
id = "STP"
name = "Sở Tư pháp"

[[units]]
id = "SVHTTDL"
name = "Sở Văn hóa, Thể thao và Du lịch"

[[criteria]]
code = "I"
title = "Thực hiện nhiệm vụ chuyên môn"
max = 60

[[criteria]]
code = "I.1"
title = "Tỷ lệ giải ngân vốn đầu tư công được giao"
kind = "relative"
unit = "%"
max = 20

[[criteria]]
code = "I.2"
title = "Số hồ sơ thủ tục hành chính giải quyết quá hạn"
kind = "relative"
better = "lower"
unit = "hồ sơ"
round = 0.5
max = 10

[[criteria]]
code = "I.3"
title = "Số thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình"
kind = "target"
target = 80
unit = "thủ tục"
max = 15

[[criteria]]
code = "I.4"
title = "Chấp hành chế độ thông tin, báo cáo"
max = 15

[[criteria]]
code = "II"
title = "Công tác thi đua, khen thưởng"
max = 40

[[criteria]]
code = "II.1"
title = "Tổ chức phát động phong trào thi đua"
max = 20

[[criteria]]
code = "II.2"
title = "Công tác khen thưởng"
max = 20

[[awards]]
name = "Cờ thi đua của UBND tỉnh"
count = 1

[[awards]]
name = "Bằng khen của Chủ tịch UBND tỉnh"
share = 0.5

[ranking]
tie_break = ["I"]
'''

# Per unit: writer, file name, and per leaf (figure as typed or None, self-score as typed or None).
# A figure is what the "Kết quả" cell holds; for Sở Tư pháp (no such column) it is the self-score.
D = Decimal
UNITS = [
    ("SYT", "openpyxl", "Sở Y tế - bảng tự chấm điểm 2025.xlsx",
     {"I.1": (D("95.5"), D(20)), "I.2": (D(3), None), "I.3": (D(96), D(15)), "I.4": D(14),
      "II.1": D(19), "II.2": D(18)}),
    ("SGDDT", "openpyxl", "So GDDT - tu cham 2025.xlsx",
     {"I.1": (D("95.5"), D(18)), "I.2": (D(5), None), "I.3": (D(72), None), "I.4": D(15),
      "II.1": D(18), "II.2": D(17)}),
    ("SKHCN", "openpyxl", "Sở KH&CN - chấm điểm thi đua 2025.xlsx",
     {"I.1": (Txt("85%"), None), "I.2": (D(4), None), "I.3": (D(50), None), "I.4": D(13),
      "II.1": D(17), "II.2": D(16)}),
    ("DPTTH", "openpyxl", "Đài PT-TH - bảng tự chấm 2025.xlsx",
     {"I.1": (Txt("85,5"), None), "I.2": (D(-1), None), "I.3": (D("64.4"), None), "I.4": D(12),
      "II.1": D(16), "II.2": D(15)}),
    ("BHXH", "soffice", "BHXH tinh - tu cham diem 2025.ods",
     {"I.1": (None, None), "I.2": (D(6), None), "I.3": (Txt("khoảng 70"), None), "I.4": D(15),
      "II.1": D(20), "II.2": D(19)}),
    ("STP", "xlwt", "So Tu phap - cham diem 2025.xls",
     {"I.1": D(955), "I.2": D(2), "I.3": D(80), "I.4": D(11), "II.1": D(15), "II.2": D(14)}),
    ("SVHTTDL", "openpyxl", "Sở VHTTDL - tự chấm 2025.xlsx",
     {"I.1": (D(80), None), "I.2": (D(2), D(10)), "I.3": (D(80), D(15)), "I.4": D(10),
      "II.1": D(14), "II.2": D(13)}),
]
NO_RESULT_COLUMN = {"STP"}


def load_rules():
    return tomllib.loads(RULES_TEXT)


def sheet(unit_id: str, name: str, data: dict, rules) -> Grid:
    g = Grid("Tự chấm")
    with_result = unit_id not in NO_RESULT_COLUMN
    g.widths = [7, 60, 10, 12, 12, 20] if with_result else [7, 60, 10, 12, 20]
    g.put(0, 0, "UBND TỈNH", bold=True)
    g.put(0, 3, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    g.put(1, 0, name.upper(), bold=True)
    g.put(1, 3, "Độc lập - Tự do - Hạnh phúc", bold=True)
    g.put(3, 0, "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025", bold=True)
    g.put(4, 0, f"Đơn vị: {name}")
    header = ["STT", "Nội dung tiêu chí", "Điểm tối đa"]
    header += ["Kết quả thực hiện", "Điểm tự chấm", "Ghi chú"] if with_result else ["Điểm tự chấm", "Ghi chú"]
    for c, h in enumerate(header):
        g.put(6, c, h, bold=True, border=True, h="center", wrap=True)
    self_col = 4 if with_result else 3
    r = 7
    for crit in rules["criteria"]:
        code = crit["code"]
        label = code.split(".")[-1]
        g.put(r, 0, label, border=True, h="center", bold="." not in code)
        g.put(r, 1, crit["title"], border=True, wrap=True, bold="." not in code)
        g.put(r, 2, D(str(crit["max"])), border=True, h="center")
        value = data.get(code)
        if isinstance(value, tuple):
            figure, typed = value
            if figure is not None:
                g.put(r, 3, figure, border=True, h="center")
            if typed is not None:
                g.put(r, self_col, typed, border=True, h="center")
        elif value is not None:
            g.put(r, self_col, value, border=True, h="center")
        r += 1
    g.put(r + 1, 3, "THỦ TRƯỞNG ĐƠN VỊ", bold=True)
    return g


# ---- the oracle ---------------------------------------------------------------------------------

def figure_of(value):
    """(figure as Fraction or None, finding code or None), read the way the README says."""
    if value is None:
        return None, "figure-missing"
    if isinstance(value, Txt):
        t = str(value).strip().removesuffix("%").strip().replace(",", ".")
        try:
            value = Decimal(t)
        except Exception:
            return None, "figure-not-number"
    return Fraction(value), None


def round_half_up(x: Fraction, step: Fraction) -> Fraction:
    steps = x / step
    return (steps.numerator * 2 + steps.denominator) // (steps.denominator * 2) * step


def oracle(rules) -> dict:
    crits = rules["criteria"]
    leaves = [c for c in crits if not any(o["code"].startswith(c["code"] + ".") for o in crits)]
    figures, findings = {}, []
    for uid, _, file, data in UNITS:
        for c in leaves:
            if "kind" not in c:
                continue
            raw = data[c["code"]]
            value = raw[0] if isinstance(raw, tuple) else raw
            f, code = figure_of(value)
            if f is not None and f < 0:
                f, code = None, "figure-negative"
            elif f is not None and c.get("unit") == "%" and f > 100:
                f, code = None, "figure-over-share"
            figures[(uid, c["code"])] = f
            if code:
                findings.append({"code": code, "unit": uid, "criterion": c["code"]})
    bases, scores = {}, {}
    for c in leaves:
        if "kind" not in c:
            continue
        mx, step = Fraction(c["max"]), Fraction(Decimal(str(c.get("round", "0.01"))))
        valid = [figures[(u[0], c["code"])] for u in UNITS if figures[(u[0], c["code"])] is not None]
        lower = c.get("better") == "lower"
        best = (min(valid) if lower else max(valid)) if valid else None
        basis = {"kind": c["kind"], "max": float(mx), "round": float(step)}
        if c["kind"] == "relative":
            basis["better"] = "lower" if lower else "higher"
            basis["best"] = float(best)
        else:
            basis["target"] = float(c["target"])
        if "unit" in c:
            basis["unit"] = c["unit"]
        bases[c["code"]] = basis
        for uid, *_ in UNITS:
            f = figures[(uid, c["code"])]
            if f is None:
                s = Fraction(0)
            elif c["kind"] == "target":
                s = min(mx, round_half_up(mx * f / Fraction(c["target"]), step))
            elif lower:
                s = mx if f == best else (Fraction(0) if best == 0 else round_half_up(mx * best / f, step))
            else:
                s = round_half_up(mx * f / best, step) if best else Fraction(0)
            scores[(uid, c["code"])] = min(s, mx)
    units = {}
    for uid, _, file, data in UNITS:
        leaf_scores, out = {}, {}
        for c in leaves:
            code = c["code"]
            raw = data[code]
            if "kind" in c:
                s = scores[(uid, code)]
                typed = raw[1] if isinstance(raw, tuple) else None
                entry = {"self": float(s)}
                f = figures[(uid, code)]
                if f is not None:
                    entry["figure"] = float(f)
                if typed is not None:
                    entry["typed"] = float(typed)
                    if Fraction(typed) != s:
                        findings.append({"code": "measured-score-differs", "unit": uid, "criterion": code})
                out[code] = entry
                leaf_scores[code] = s
            else:
                leaf_scores[code] = Fraction(raw)
                out[code] = {"self": float(raw)}
        total = sum(leaf_scores.values(), Fraction(0))
        units[uid] = {"file": file, "scores": out, "total": float(total),
                      "section_I": float(sum(v for k, v in leaf_scores.items() if k.startswith("I.")))}
    # Ranking: total, then section I; equal on both share a rank.
    keyed = sorted(units, key=lambda u: (-units[u]["total"], -units[u]["section_I"]))
    for uid in keyed:
        better = [o for o in keyed if (units[o]["total"], units[o]["section_I"]) >
                  (units[uid]["total"], units[uid]["section_I"])]
        units[uid]["rank"] = len(better) + 1
    findings.sort(key=lambda f: (f["unit"], f["criterion"], f["code"]))
    return {"measures": bases, "units": units, "findings": findings,
            "chi_tiet": chi_tiet(rules, bases, units)}


def vn(x) -> str:
    """A number the Vietnamese way: decimal comma, no trailing zeros."""
    d = Decimal(str(float(x))).normalize()
    t = format(d, "f")
    return t.replace(".", ",")


def shown(basis, x) -> str:
    unit = basis.get("unit")
    return f"{vn(x)}%" if unit == "%" else (f"{vn(x)} {unit}" if unit else vn(x))


def chi_tiet(rules, bases, units) -> list:
    """The rows "Chi tiết" ends with: per criterion scored against the bloc, its figures across
    the units (rules order, blank where none) and the line saying how its scores are computed."""
    order = [u["id"] for u in rules["units"]]
    rows = [["SỐ LIỆU CỦA CÁC TIÊU CHÍ TÍNH ĐIỂM THEO KẾT QUẢ CỦA CẢ KHỐI"]]
    for c in rules["criteria"]:
        b = bases.get(c["code"])
        if not b:
            continue
        title = f"Số liệu: {c['title']} ({c['unit']})" if "unit" in c else f"Số liệu: {c['title']}"
        figures = [units[u]["scores"][c["code"]].get("figure") for u in order]
        rows.append([c["code"], title, b["max"], *figures])
        mx = vn(b["max"])
        if b["kind"] == "target":
            how = f"chỉ tiêu {shown(b, b['target'])}: điểm = {mx} × số liệu / {vn(b['target'])}, không quá {mx} điểm"
        elif b["better"] == "lower":
            how = f"đơn vị có số liệu thấp nhất ({shown(b, b['best'])}) được {mx} điểm; đơn vị khác: {mx} × {vn(b['best'])} / số liệu"
        else:
            how = f"đơn vị có số liệu cao nhất ({shown(b, b['best'])}) được {mx} điểm; đơn vị khác: {mx} × số liệu / {vn(b['best'])}"
        rows.append([f"Cách tính {c['code']}: {how}; làm tròn đến {vn(b['round'])}. Đơn vị không có số liệu hợp lệ được 0 điểm."])
    return rows


def main():
    rules = load_rules()
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        if old.name != "README.md":  # written by hand
            old.unlink()
    RULES.write_text(RULES_TEXT, encoding="utf-8")
    names = {u["id"]: u["name"] for u in rules["units"]}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for uid, writer, file, data in UNITS:
            g = sheet(uid, names[uid], data, rules)
            target = OUT / file
            if writer == "openpyxl":
                render_openpyxl([g], target, creator=names[uid])
                normalise_zip(target)
            elif writer == "xlwt":
                render_xlwt([g], target)
            else:
                src = tmp / (Path(file).stem + ".xlsx")
                render_openpyxl([g], src, creator=names[uid])
                out = soffice_convert(src, "ods", tmp)
                shutil.move(out, target)
                normalise_zip(target)
    expected = oracle(rules)
    (OUT / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")


if __name__ == "__main__":
    main()
