#!/usr/bin/env python3
"""Tạo bộ kết quả của các khối thi đua một tỉnh (tests/fixtures/province/) cho lệnh thidua province,
và đáp án tests/fixtures/province/expected.json.

A province (Quảng Ngãi, 2025) whose rules file (tinh.toml) expects nine blocs and sets quotas in the
shape real provincial rules give them (sources in README.md): the Cờ thi đua của Chính phủ one per
bloc and only for the bloc's leader, the Cờ thi đua của Ủy ban nhân dân tỉnh one per bloc, the Bằng
khen của Chủ tịch Ủy ban nhân dân tỉnh at most 15 % of the units province-wide; a deadline. The
input folder khoi/ mixes every form `thidua province` takes:

  * raw bloc folders (a bloc rules file and five submissions written by openpyxl) consolidated in
    the run: khoi-kinh-te/ (clean), khoi-noi-chinh/ (Sở Nội vụ, ranked 3, proposed for the Bằng khen);
  * workbooks written by `thidua consolidate` (THIDUA=…, else target/release/thidua) on generated bloc
    folders: tong-hop-khoi-van-hoa-xa-hoi.xlsx (clean) and tong-hop-khoi-tong-hop.xlsx, then edited
    with openpyxl: the Bằng khen thidua proposed for the third unit deleted in "Tổng hợp"
    (province-workbook-edited at I11; the visible table is used);
  * a JSON report written by `thidua consolidate --json`: bao-cao-khoi-truong.json (clean);
  * hand-made bloc summaries: khoi-doan-the.xlsx (openpyxl, saved after the deadline:
    province-bloc-late; the Cờ thi đua của Chính phủ for the unit ranked 2: province-not-leader; Sở Nội
    vụ typed here too, proposed for the Bằng khen: province-proposed-twice with khoi-noi-chinh),
    khoi-doanh-nghiep.xls (xlwt, text typed in TCVN3 with .VnTime fonts; two units proposed for the Cờ
    thi đua của Ủy ban nhân dân tỉnh: province-over-bloc-quota), khoi-hoi-dac-thu.xlsx (openpyxl, an
    edited layout: the table from column B, a two-row header in another order, extra columns; a unit
    marked "Không xét khen thưởng" proposed for the Bằng khen: province-proposed-ineligible);
  * ghi-chu.txt: not a bloc's results (province-input-unreadable);
  * the ninth bloc sends nothing (province-bloc-missing); the Bằng khen proposals (7) are over the
    provincial limit floor(0.15 × 40 units) = 6 (province-over-total).

The answer key is computed here from the tables below (each bloc's totals, ranks and the awards its
rules give, the findings, the provincial list in the council's order), never from thidua's output.

    THIDUA=target/debug/thidua python3 scripts/make_province_fixtures.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_write import encoded, thidua_binary  # noqa: E402
from sheetkit import Grid, normalise_zip, render_openpyxl, render_xlwt  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests/fixtures/province"
D = Decimal

GOV = "Cờ thi đua của Chính phủ"
FLAG = "Cờ thi đua của Ủy ban nhân dân tỉnh"
MERIT = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
AWARDS = [GOV, FLAG, MERIT]
DEADLINE = "2026-01-15"
LATE = "2026-01-20T09:00:00"
MERIT_SHARE = D("0.15")

# Criteria of every generated bloc's rules: (code, title, max).
CRITERIA = [
    ("I", "Thực hiện nhiệm vụ chính trị, chuyên môn được giao", 60),
    ("I.1", "Hoàn thành các chỉ tiêu, nhiệm vụ được giao trong năm", 30),
    ("I.2", "Cải cách hành chính, chuyển đổi số", 30),
    ("II", "Công tác thi đua, khen thưởng và xây dựng tổ chức", 40),
    ("II.1", "Tổ chức phong trào thi đua", 20),
    ("II.2", "Xây dựng cơ quan, đơn vị vững mạnh", 20),
]
LEAVES = ["I.1", "I.2", "II.1", "II.2"]

# The blocs, in the province rules' order: (id, name, form, input name, units).
# Raw blocs (folder, workbook, edited workbook, json): units (id, name, scores of LEAVES), in rules order.
# Summaries: units (name, total, rank, award, remark) as the bloc typed them.
BLOCS = [
    ("KT", "Khối thi đua các cơ quan Kinh tế", "folder", "khoi-kinh-te", [
        ("STC", "Sở Tài chính", [28, 27, 19, 18]),
        ("SXD", "Sở Xây dựng", [27, 26, 18, 18]),
        ("SCT", "Sở Công Thương", [29, 28, 19, 19]),
        ("SNNMT", "Sở Nông nghiệp và Môi trường", [25, 24, 17, 17]),
        ("THUE", "Thuế tỉnh Quảng Ngãi", [26, 25, 18, 17]),
    ]),
    ("NC", "Khối thi đua Nội chính", "folder", "khoi-noi-chinh", [
        ("STP", "Sở Tư pháp", [29, 29, 19, 19]),
        ("TTT", "Thanh tra tỉnh", [28, 27, 19, 18]),
        ("SNV", "Sở Nội vụ", [27, 27, 18, 18]),
        ("TAND", "Tòa án nhân dân tỉnh", [26, 26, 17, 18]),
        ("VKSND", "Viện kiểm sát nhân dân tỉnh", [25, 25, 17, 17]),
    ]),
    ("VHXH", "Khối thi đua Văn hóa - Xã hội", "workbook", "tong-hop-khoi-van-hoa-xa-hoi.xlsx", [
        ("SYT", "Sở Y tế", [29, 28, 20, 19]),
        ("SGDDT", "Sở Giáo dục và Đào tạo", [28, 28, 19, 19]),
        ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", [27, 26, 18, 18]),
        ("SKHCN", "Sở Khoa học và Công nghệ", [26, 25, 18, 17]),
        ("BHXH", "Bảo hiểm xã hội tỉnh", [24, 25, 17, 17]),
    ]),
    ("TH", "Khối thi đua các cơ quan Tổng hợp", "edited", "tong-hop-khoi-tong-hop.xlsx", [
        ("VPUB", "Văn phòng Ủy ban nhân dân tỉnh", [29, 29, 20, 19]),
        ("VPDBQH", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", [28, 27, 19, 19]),
        ("BQLKKT", "Ban Quản lý Khu kinh tế", [27, 27, 18, 18]),
        ("SNGV", "Sở Ngoại vụ", [25, 26, 17, 18]),
        ("TKT", "Thống kê tỉnh", [24, 24, 17, 16]),
    ]),
    ("TR", "Khối thi đua các trường", "json", "bao-cao-khoi-truong.json", [
        ("DHPVD", "Trường Đại học Phạm Văn Đồng", [28, 28, 19, 19]),
        ("CDVH", "Trường Cao đẳng Việt Nam - Hàn Quốc", [27, 27, 19, 18]),
        ("CDYT", "Trường Cao đẳng Y tế Đặng Thùy Trâm", [29, 28, 20, 19]),
        ("TCT", "Trường Chính trị tỉnh", [26, 25, 18, 18]),
        ("CDKT", "Trường Cao đẳng Kỹ thuật Công nghiệp", [25, 24, 17, 17]),
    ]),
    ("DT", "Khối thi đua các Đoàn thể chính trị - xã hội", "summary-openpyxl", "khoi-doan-the.xlsx", [
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", D("97.5"), 1, FLAG, None),
        ("Hội Liên hiệp Phụ nữ tỉnh", D("96"), 2, GOV, None),
        ("Sở Nội vụ", D("94.5"), 3, MERIT, None),
        ("Hội Nông dân tỉnh", D("92"), 4, None, None),
        ("Tỉnh đoàn", D("90.25"), 5, None, None),
    ]),
    ("DN", "Khối thi đua các Doanh nghiệp nhà nước", "summary-tcvn3", "khoi-doanh-nghiep.xls", [
        ("Công ty TNHH MTV Xổ số kiến thiết", D("98"), 1, GOV, None),
        ("Công ty Cổ phần Cấp thoát nước", D("95.5"), 2, FLAG, None),
        ("Quỹ Đầu tư phát triển tỉnh", D("94"), 3, FLAG, None),
        ("Ngân hàng Chính sách xã hội chi nhánh tỉnh", D("91.5"), 4, MERIT, None),
        ("Công ty TNHH MTV Khai thác công trình thủy lợi", D("89"), 5, None, None),
    ]),
    ("HX", "Khối thi đua các Hội đặc thù", "summary-layout", "khoi-hoi-dac-thu.xlsx", [
        ("Hội Chữ thập đỏ tỉnh", D("96.5"), 1, GOV, None),
        ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", D("95"), 2, FLAG, None),
        ("Hội Người cao tuổi tỉnh", D("93"), 3, None, None),
        ("Hội Văn học Nghệ thuật tỉnh", D("92.5"), 4, MERIT, "Không xét khen thưởng (có cán bộ bị kỷ luật)"),
        ("Hội Luật gia tỉnh", D("88"), 5, None, None),
    ]),
    ("BQLDA", "Khối thi đua các Ban quản lý dự án", "missing", None, []),
]

# Where each summary's table starts (first header row, first column) and its sheet name.
SUMMARY_SHEET = "Tổng hợp khối"


def rules_text(bloc_id: str, name: str, units) -> str:
    lines = [
        f"# Quy định chấm điểm thi đua năm 2025 — {name} (dữ liệu thử của thidua province).",
        "# Written by scripts/make_province_fixtures.py.",
        "",
        "[bloc]",
        f'name = "{name}"',
        "year = 2025",
        'province = "Quảng Ngãi"',
        "scale = 100",
        "",
    ]
    for uid, uname, _ in units:
        lines += ["[[units]]", f'id = "{uid}"', f'name = "{uname}"', ""]
    for code, title, mx in CRITERIA:
        lines += ["[[criteria]]", f'code = "{code}"', f'title = "{title}"', f"max = {mx}", ""]
    lines += ["[[awards]]", f'name = "{GOV}"', "count = 1", ""]
    lines += ["[[awards]]", f'name = "{FLAG}"', "count = 1", ""]
    lines += ["[[awards]]", f'name = "{MERIT}"', "share = 0.5", ""]
    return "\n".join(lines)


def submission(name: str, scores: list[int]) -> Grid:
    g = Grid("Tự chấm")
    g.widths = [7, 60, 10, 12, 20]
    g.put(0, 0, "UBND TỈNH QUẢNG NGÃI", bold=True)
    g.put(0, 3, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    g.put(1, 0, name.upper(), bold=True)
    g.put(1, 3, "Độc lập - Tự do - Hạnh phúc", bold=True)
    g.put(3, 0, "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025", bold=True)
    g.put(4, 0, f"Đơn vị: {name}")
    for c, h in enumerate(["STT", "Nội dung tiêu chí", "Điểm tối đa", "Điểm tự chấm", "Ghi chú"]):
        g.put(6, c, h, bold=True, border=True, h="center", wrap=True)
    leaf = dict(zip(LEAVES, scores))
    r = 7
    for code, title, mx in CRITERIA:
        g.put(r, 0, code.split(".")[-1], border=True, h="center", bold="." not in code)
        g.put(r, 1, title, border=True, wrap=True, bold="." not in code)
        g.put(r, 2, D(mx), border=True, h="center")
        if code in leaf:
            g.put(r, 3, D(leaf[code]), border=True, h="center")
        r += 1
    g.put(r + 1, 3, "THỦ TRƯỞNG ĐƠN VỊ", bold=True)
    return g


def bloc_folder(folder: Path, bloc_id: str, name: str, units):
    folder.mkdir(parents=True)
    (folder / "quy-dinh.toml").write_text(rules_text(bloc_id, name, units), encoding="utf-8")
    for uid, uname, scores in units:
        path = folder / f"{uid} - tu cham 2025.xlsx"
        render_openpyxl([submission(uname, scores)], path, uname)


def consolidate(workdir: Path, folder: str, xlsx: str | None, json_out: str | None):
    """thidua consolidate run inside workdir on a relative folder, so the paths it records are
    the same on every machine."""
    cmd = [str(thidua_binary()), "consolidate", folder]
    if xlsx:
        cmd += ["-o", xlsx]
    else:
        cmd += ["-o", "bo-qua.xlsx"]
    if json_out:
        cmd += ["--json", json_out]
    out = subprocess.run(cmd, cwd=workdir, capture_output=True, timeout=300,
                         env={**os.environ, "THIDUA_IN_PROCESS": "1"})
    if out.returncode not in (0, 1):
        raise SystemExit(f"thidua consolidate failed: {out.stderr.decode()}")


def summary_grid(bloc_name: str, units, layout: str) -> Grid:
    """A bloc summary as a TĐKT officer types it."""
    g = Grid(SUMMARY_SHEET)
    g.landscape = True
    if layout == "plain":
        g.widths = [6, 44, 11, 10, 36, 24]
        g.put(0, 0, "UBND TỈNH QUẢNG NGÃI", bold=True)
        g.put(0, 3, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
        g.put(1, 0, bloc_name.upper(), bold=True)
        g.put(1, 3, "Độc lập - Tự do - Hạnh phúc", bold=True)
        g.put(3, 0, "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM 2025", bold=True)
        header = ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng", "Hình thức đề nghị khen thưởng", "Ghi chú"]
        for c, h in enumerate(header):
            g.put(5, c, h, bold=True, border=True, h="center", wrap=True)
            g.put(6, c, f"({c + 1})", border=True, h="center", italic=True)
        for i, (uname, total, rank, award, remark) in enumerate(units):
            r = 7 + i
            g.put(r, 0, D(i + 1), border=True, h="center")
            g.put(r, 1, uname, border=True, wrap=True)
            g.put(r, 2, total, border=True, h="center", fmt="0.00")
            g.put(r, 3, D(rank), border=True, h="center")
            g.put(r, 4, award or "", border=True, wrap=True)
            g.put(r, 5, remark or "", border=True, wrap=True)
        g.put(8 + len(units), 4, "TRƯỞNG KHỐI", bold=True)
        return g
    # The edited layout: the table from column B under a title naming the bloc in a sentence, a
    # two-row header ("Kết quả" over "Thứ hạng" and "Tổng số điểm", rank before total), an extra
    # "Điểm khối thẩm định" column and the proposal in the last column but one.
    g.widths = [3, 6, 42, 16, 10, 11, 24, 34, 8]
    g.put(1, 1, "BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM 2025 CỦA KHỐI THI ĐUA CÁC HỘI ĐẶC THÙ", bold=True)
    g.put(2, 1, "(Kèm theo Biên bản họp khối ngày 05/12/2025)", italic=True)
    g.merge(4, 1, 5, 1, "TT", bold=True, border=True, h="center")
    g.merge(4, 2, 5, 2, "Tên cơ quan, đơn vị", bold=True, border=True, h="center")
    g.merge(4, 3, 5, 3, "Điểm khối thẩm định", bold=True, border=True, h="center", wrap=True)
    g.merge(4, 4, 4, 5, "Kết quả", bold=True, border=True, h="center")
    g.put(5, 4, "Thứ hạng", bold=True, border=True, h="center")
    g.put(5, 5, "Tổng số điểm", bold=True, border=True, h="center", wrap=True)
    g.merge(4, 6, 5, 6, "Ghi chú", bold=True, border=True, h="center")
    g.merge(4, 7, 5, 7, "Đề nghị khen thưởng", bold=True, border=True, h="center")
    for i, (uname, total, rank, award, remark) in enumerate(units):
        r = 6 + i
        g.put(r, 1, D(i + 1), border=True, h="center")
        g.put(r, 2, uname, border=True, wrap=True)
        g.put(r, 3, total, border=True, h="center")
        g.put(r, 4, D(rank), border=True, h="center")
        g.put(r, 5, total, border=True, h="center")
        g.put(r, 6, remark or "", border=True, wrap=True)
        g.put(r, 7, award or "", border=True, wrap=True)
    g.put(7 + len(units), 7, "TRƯỞNG KHỐI", bold=True)
    return g


def summary_cells(layout: str, count: int) -> list[str]:
    """The A1 cell of each unit's proposal in a summary (where findings point)."""
    if layout == "plain":
        return [f"E{8 + i}" for i in range(count)]
    return [f"H{7 + i}" for i in range(count)]


# ---- the oracle ---------------------------------------------------------------------------------

def raw_results(units) -> list[dict]:
    """A generated bloc as its rules rank it: totals, ranks (all distinct), then the awards in rules
    order — the Cờ of the Government to the first, the province's flag to the next, the Bằng khen to
    floor(0.5 × the units not yet awarded) after them."""
    rows = [{"name": n, "total": D(sum(s))} for _, n, s in units]
    totals = sorted({r["total"] for r in rows}, reverse=True)
    assert len(totals) == len(rows), "generated totals must be distinct"
    for r in rows:
        r["rank"] = totals.index(r["total"]) + 1
        r["award"] = None
        r["disqualified"] = False
    ranked = sorted(rows, key=lambda r: r["rank"])
    ranked[0]["award"] = GOV
    ranked[1]["award"] = FLAG
    left = len(ranked) - 2
    for r in ranked[2:2 + int(D("0.5") * left)]:
        r["award"] = MERIT
    return ranked


def expected() -> tuple[dict, dict]:
    """(the answer key, the per-bloc units) computed from the tables."""
    blocs, findings = [], []
    files = {}
    for bid, name, form, file, units in BLOCS:
        if form == "missing":
            blocs.append({"id": bid, "name": name, "status": "missing", "kind": None, "units": []})
            findings.append(["province-bloc-missing", None, None, None])
            continue
        if form.startswith("summary"):
            layout = "layout" if form == "summary-layout" else "plain"
            cells = summary_cells(layout, len(units))
            rows = [{"name": n, "total": t, "rank": k, "award": a,
                     "disqualified": bool(rm and "không xét" in rm.lower()), "cell": cells[i]}
                    for i, (n, t, k, a, rm) in enumerate(units)]
            kind, sheet = "summary", SUMMARY_SHEET
        else:
            rows = raw_results(units)
            kind = {"folder": "folder", "workbook": "workbook", "edited": "workbook", "json": "report"}[form]
            sheet = "Tổng hợp" if kind == "workbook" else None
            for i, r in enumerate(rows):
                r["cell"] = f"I{9 + i}" if sheet else None
            if form == "edited":
                was = rows[2]["award"]
                rows[2]["award"] = None
                findings.append(["province-workbook-edited", file, "Tổng hợp", rows[2]["cell"]])
                assert was == MERIT
        files[bid] = (file, sheet)
        blocs.append({"id": bid, "name": name, "status": "ok", "kind": kind, "units": rows})

    findings.append(["province-input-unreadable", "ghi-chu.txt", None, None])
    findings.append(["province-bloc-late", "khoi-doan-the.xlsx", SUMMARY_SHEET, None])

    # The proposals, checked.
    props = []
    for b_index, b in enumerate(blocs):
        for u in b["units"]:
            if u["award"]:
                props.append({"award": u["award"], "unit": u["name"], "bloc": b["name"], "bloc_id": b["id"],
                              "total": u["total"], "rank": u["rank"], "findings": set(), "_b": b_index,
                              "_u": u})
    quota = {GOV: {"per_bloc": 1, "top": 1}, FLAG: {"per_bloc": 1}, MERIT: {"share": MERIT_SHARE}}
    for p in props:
        b = blocs[p["_b"]]
        file, sheet = files[b["id"]]
        cell = p["_u"]["cell"] if sheet else None
        q = quota[p["award"]]
        if p["_u"]["disqualified"]:
            p["findings"].add("province-proposed-ineligible")
            findings.append(["province-proposed-ineligible", file, sheet, cell])
        if "top" in q and p["rank"] > q["top"]:
            p["findings"].add("province-not-leader")
            findings.append(["province-not-leader", file, sheet, cell])
    for award, q in quota.items():
        if "per_bloc" in q:
            for b_index, b in enumerate(blocs):
                mine = [p for p in props if p["award"] == award and p["_b"] == b_index]
                if len(mine) > q["per_bloc"]:
                    file, sheet = files[b["id"]]
                    findings.append(["province-over-bloc-quota", file, sheet, None])
                    for p in mine:
                        p["findings"].add("province-over-bloc-quota")
    units_read = sum(len(b["units"]) for b in blocs if b["status"] == "ok")
    limits = {}
    for award, q in quota.items():
        limit = int(q["share"] * units_read) if "share" in q else None
        limits[award] = limit
        mine = [p for p in props if p["award"] == award]
        if limit is not None and len(mine) > limit:
            findings.append(["province-over-total", None, None, None])
            for p in mine:
                p["findings"].add("province-over-total")
    by_name: dict[str, list] = {}
    for p in props:
        by_name.setdefault(p["unit"].casefold(), []).append(p)
    for same in by_name.values():
        if len({p["_b"] for p in same}) > 1:
            for p in same:
                p["findings"].add("province-proposed-twice")
                file, sheet = files[blocs[p["_b"]]["id"]]
                findings.append(["province-proposed-twice", file, sheet, p["_u"]["cell"] if sheet else None])
    props.sort(key=lambda p: (AWARDS.index(p["award"]), p["_b"], p["rank"]))

    def num(d):
        return None if d is None else (int(d) if d == d.to_integral_value() else float(d))

    key = {
        "province": {"name": "Quảng Ngãi", "year": 2025, "units": units_read,
                     "awards": [{"name": a, "limit": limits[a],
                                 "proposed": sum(1 for p in props if p["award"] == a)} for a in AWARDS]},
        "blocs": [{**{k: v for k, v in b.items() if k != "units"},
                   "units": [{"name": u["name"], "total": num(u["total"]), "rank": u["rank"],
                              "award": u["award"], "disqualified": u["disqualified"]} for u in b["units"]]}
                  for b in blocs],
        "proposals": [{"award": p["award"], "unit": p["unit"], "bloc": p["bloc"], "bloc_id": p["bloc_id"],
                       "total": num(p["total"]), "rank": p["rank"], "findings": sorted(p["findings"])}
                      for p in props],
        "findings": sorted(findings, key=lambda f: [x or "" for x in f]),
        "clean": [f for bid, _, form, f, _ in BLOCS if bid in ("KT", "VHXH", "TR")],
        "legacy": "khoi-doanh-nghiep.xls",
    }
    return key, files


def province_rules() -> str:
    lines = [
        "# Quy định xét khen thưởng các khối thi đua năm 2025 của tỉnh (dữ liệu thử của thidua province).",
        "# Chỉ tiêu theo cách các quy chế, hướng dẫn của tỉnh quy định (nguồn trong README.md):",
        "# Cờ thi đua của Chính phủ chỉ cho đơn vị dẫn đầu khối, mỗi khối một; Cờ thi đua của UBND tỉnh",
        "# mỗi khối một; Bằng khen của Chủ tịch UBND tỉnh không quá 15% số đơn vị của các khối.",
        "# Written by scripts/make_province_fixtures.py.",
        "",
        "[province]",
        'name = "Quảng Ngãi"',
        "year = 2025",
        f'deadline = "{DEADLINE}"',
        "",
    ]
    for bid, name, form, file, _ in BLOCS:
        lines += ["[[blocs]]", f'id = "{bid}"', f'name = "{name}"']
        if bid == "TR":
            lines.append('source = "bao-cao-khoi-truong"')
        if bid == "VHXH":
            lines.append('aliases = ["Khối Văn hóa – Xã hội"]')
        lines.append("")
    lines += ["[[awards]]", f'name = "{GOV}"', "max_per_bloc = 1", "top = 1", ""]
    lines += ["[[awards]]", f'name = "{FLAG}"', 'aliases = ["Cờ thi đua của UBND tỉnh"]', "max_per_bloc = 1", ""]
    lines += ["[[awards]]", f'name = "{MERIT}"', 'aliases = ["Bằng khen của Chủ tịch UBND tỉnh"]',
              f"max_share = {MERIT_SHARE}", ""]
    return "\n".join(lines)


README = """# Tỉnh thử cho `thidua province` (tests/fixtures/province)

Written by `scripts/make_province_fixtures.py` (see its docstring for every bloc and every planted
problem); the answer key `expected.json` is computed by that script from its own tables.
`tests/province.rs` runs `thidua province tinh.toml khoi -o … --json …` and compares.

## Where the quotas come from

The province rules file `tinh.toml` sets its quotas in the shape published provincial and central
guidance gives them (paraphrased; figures vary by province and year, which is why they belong in the
rules file):

- Ban Thi đua – Khen thưởng Trung ương, Hướng dẫn 1479/HD-BTĐKT (25/07/2016) on organising the
  provinces' emulation clusters and blocs and proposing the Cờ thi đua của Chính phủ and the
  provincial flag: the blocs of a province are organised and steered by the provincial People's
  Committee, which sets how its blocs propose flags.
  https://luatminhkhue.vn/huong-dan-1479-hd-btdkt-cum-khoi-thi-dua-cua-tinh-thanh-pho-de-nghi-tang-co-thi-dua-chinh-phu.aspx
- Ban Thi đua – Khen thưởng Trung ương, answer of 24/04/2018 on who may receive the Cờ thi đua của
  Chính phủ (citing Nghị định 91/2017/NĐ-CP, Điều 11): the leading collective among those meeting
  the standard of the provincial flag, and no more than a fifth of those — hence `top = 1` and one per
  bloc. http://banthiduakhenthuongtw.gov.vn/traloi/bdd164a488c44a9da99ce1d36990b69c
- Quyết định 1306/QĐ-UBND (29/07/2015) of Hòa Bình province, the rules on its emulation clusters and
  blocs: the province sets each bloc's proposals at its year-end review.
  https://ls1.hethongphapluat.com/quyet-dinh-1306-qd-ubnd-nam-2015-ve-quy-che-to-chuc-va-hoat-dong-cum-khoi-thi-dua-do-tinh-hoa-binh-ban-hanh.html
- Báo Đồng Khởi (Bến Tre), 21/03/2019: the provincial council examined the provincial flag for the
  units leading the clusters and blocs, the Cờ thi đua của Chính phủ for 5 units and the Bằng khen of
  the Chairman for 74, and passed fewer than proposed for the flag (48 of 69) and the Bằng khen (69 of
  74): the council chooses within a provincial total — hence `max_share` on the Bằng khen.
  https://baodongkhoi.vn/117-don-vi-nhan-co-thi-dua-va-bang-khen-cua-chu-tich-ubnd-tinh-21032019-a58277.html
"""


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    inputs = OUT / "khoi"
    inputs.mkdir(parents=True)
    (OUT / "tinh.toml").write_text(province_rules(), encoding="utf-8")
    (OUT / "README.md").write_text(README, encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for bid, name, form, file, units in BLOCS:
            if form == "folder":
                bloc_folder(inputs / file, bid, name, units)
            elif form in ("workbook", "edited", "json"):
                folder = f"khoi-{bid.lower()}"
                bloc_folder(tmp / folder, bid, name, units)
                if form == "json":
                    consolidate(tmp, folder, None, file)
                    shutil.copy(tmp / file, inputs / file)
                else:
                    consolidate(tmp, folder, file, None)
                    target = inputs / file
                    if form == "edited":
                        wb = openpyxl.load_workbook(tmp / file)
                        assert wb["thidua-report"].sheet_state == "veryHidden"
                        ws = wb["Tổng hợp"]
                        assert ws["I11"].value == MERIT, ws["I11"].value
                        ws["I11"].value = None
                        wb.save(target)
                        normalise_zip(target)
                    else:
                        shutil.copy(tmp / file, target)
            elif form == "summary-openpyxl":
                path = inputs / file
                render_openpyxl([summary_grid(name, units, "plain")], path, "Khối thi đua")
                normalise_zip(path, LATE.encode())
            elif form == "summary-tcvn3":
                render_xlwt(encoded([summary_grid(name, units, "plain")], "tcvn3"), inputs / file)
            elif form == "summary-layout":
                path = inputs / file
                render_openpyxl([summary_grid(name, units, "layout")], path, "Khối thi đua")
    (inputs / "ghi-chu.txt").write_text("Danh sách các khối đã gửi kết quả (ghi tay).\n", encoding="utf-8")
    key, _ = expected()
    (OUT / "expected.json").write_text(json.dumps(key, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
