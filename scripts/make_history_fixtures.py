#!/usr/bin/env python3
"""Tạo kết quả các năm trước của khối mẫu (tests/fixtures/history/) cho tùy chọn --history.

Write three past years' JSON reports (2022, 2023, 2024) of the sample bloc
(samples/khoi-van-hoa-xa-hoi) from the small table below — never by running thidua, so that they
are an independent oracle — in the shape README "Báo cáo JSON" gives, with fields thidua does not
need (scores, issues, sources) so that the reader is shown to allow them:

  * reports/: the three years, clean. Sở Khoa học và Công nghệ appears under its pre-2025 name
    "Sở Thông tin và Truyền thông" (id STTTT), matched through an alias that quy-dinh.toml (a copy
    of the sample rules) adds; Sở Văn hóa, Thể thao và Du lịch has another id in 2022 (SVH) and is
    matched by its alias "Sở VHTTDL"; Sở Ngoại vụ (2022) is no member now → history-unit-unmatched;
    Trường Đại học Phạm Văn Đồng sent nothing in 2023 (rank and award null); the Liên hiệp các Hội
    joined in 2023.
  * findings/: the same 2022 and 2023 plus a copy of 2023 (history-year-twice on both), a 2025
    report (history-year-not-past), a truncated file and a JSON file that is no report, a .txt and a
    folder holding a report (history-not-report: folders inside are not read), and another bloc's
    report (history-other-bloc, and its unit matches none: history-unit-unmatched).
  * quy-dinh-dieu-kien.toml: the same rules with conditions over past years: the Cờ thi đua của
    Ủy ban nhân dân tỉnh with `not_twice_running = true` (and `min_total = 90`, so that another unit
    can take the place), the Cờ thi đua của Chính phủ with `requires_previous` = that flag within 2
    years; quy-dinh-dieu-kien-1.toml the same within 1 year (Sở Y tế, flag in 2023 only, is passed
    over for the Cờ thi đua của Chính phủ).
  * expected.json: per unit of the rules, its past years as the table says (oldest first), and the
    findings expected from findings/ as [code, file name, cell (null)]; under quy-dinh-dieu-kien.toml,
    who gets the two flags and who is passed over, computed here from the table and the sample
    bloc's expected ranking (tests/expected/sample-bloc.json, make_samples.py's own oracle).

    python3 scripts/make_history_fixtures.py
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests/fixtures/history"
SAMPLE_RULES = ROOT / "samples/khoi-van-hoa-xa-hoi/quy-dinh.toml"
BLOC = "Khối thi đua Văn hóa - Xã hội"

GOV = "Cờ thi đua của Chính phủ"
FLAG = "Cờ thi đua của Ủy ban nhân dân tỉnh"
MERIT = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"

# (id in that year's report, name in that year's report, id now or None) per row;
# then per year: (rank, total, award) or None when the unit was not in the bloc that year.
UNITS = [
    ("SYT", "Sở Y tế", "SYT"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "SGDDT"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("STTTT", "Sở Thông tin và Truyền thông", "SKHCN"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", "SDTTG"),
    ("BPTTH", "Báo và Phát thanh, Truyền hình Quảng Ngãi", "BPTTH"),
    ("BHXH", "Bảo hiểm xã hội tỉnh Quảng Ngãi", "BHXH"),
    ("DHPVD", "Trường Đại học Phạm Văn Đồng", "DHPVD"),
    ("LHHKHKT", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", "LHHKHKT"),
    ("SNV", "Sở Ngoại vụ", None),
]
YEARS = {
    2022: [
        (2, 96.5, FLAG), (1, 98.5, GOV), (3, 94.0, MERIT), (5, 91.0, MERIT), (6, 89.5, None),
        (4, 92.0, MERIT), (7, 88.0, None), (8, 86.5, None), None, (9, 85.0, None),
    ],
    2023: [
        (1, 97.0, FLAG), (3, 93.5, MERIT), (2, 95.5, MERIT), (4, 92.5, MERIT), (5, 90.0, None),
        (6, 89.0, None), (7, 88.5, None), (None, None, None), (8, 87.0, None), None,
    ],
    2024: [
        (3, 94.5, MERIT), (1, 96.0, FLAG), (2, 95.0, MERIT), (4, 93.0, MERIT), (6, 89.0, None),
        (5, 91.5, MERIT), (8, 87.5, None), (7, 88.0, None), (9, 86.0, None), None,
    ],
}
# 2022's report spells Sở Văn hóa, Thể thao và Du lịch by an alias under another id.
RENAMED = {2022: {"SVHTTDL": ("SVH", "Sở VHTTDL")}}


def report(year: int) -> dict:
    units = []
    for (pid, name, _), row in zip(UNITS, YEARS[year]):
        if row is None:
            continue
        pid, name = RENAMED.get(year, {}).get(pid, (pid, name))
        rank, total, award = row
        units.append({
            "id": pid, "name": name, "status": "ok" if rank else "missing",
            "file": f"{pid}.xlsx" if rank else None,
            "scores": {"I.1": {"self": 10, "reviewed": None}} if rank else {},
            "self_total": total, "total": total, "rank": rank, "award": award,
            "disqualified": False, "bonus": None, "deduction": None, "reviewed": False,
            "tied": False, "award_notes": [],
        })
    return {"bloc": {"name": BLOC, "year": year, "period": "annual"}, "units": units,
            "issues": [], "sources": [], "vote": None}


def dump(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def rules_text() -> str:
    text = SAMPLE_RULES.read_text(encoding="utf-8")
    old = 'aliases = ["Sở KH&CN", "Sở KHCN"]'
    assert old in text, "the sample rules changed: update make_history_fixtures.py"
    return text.replace(old, 'aliases = ["Sở KH&CN", "Sở KHCN", "Sở Thông tin và Truyền thông"]', 1)


CONDITIONS = {GOV: 'requires_previous = "%s"\nwithin = 2\n' % FLAG, FLAG: "not_twice_running = true\n"}


def conditions_text() -> str:
    text = rules_text()
    old = 'name = "%s"\ncount = 1\nmin_total = 95\n' % FLAG
    assert old in text, "the sample rules changed: update make_history_fixtures.py"
    text = text.replace(old, 'name = "%s"\ncount = 1\nmin_total = 90\n' % FLAG, 1)
    for award, lines in CONDITIONS.items():
        head = 'name = "%s"\n' % award
        text = text.replace(head, head + lines, 1)
    return text


def flags_oracle(within: int) -> dict:
    """The two flags under the conditions: each goes to the best-ranked unit not yet awarded, not
    disqualified, at or over its min_total (98 and 90), whose past years meet its condition; a unit
    that would have been taken but is barred is listed."""
    sample = json.loads((ROOT / "tests/expected/sample-bloc.json").read_text(encoding="utf-8"))["units"]
    ranked = sorted((u for u in sample.items() if u[1]["rank"]), key=lambda u: (u[1]["rank"], ids().index(u[0])))
    past = expected()["history"]
    award_in = lambda uid, year: next((p["award"] for p in past[uid] if p["year"] == year), None)
    rules = [
        (GOV, 98, lambda uid: any(award_in(uid, y) == FLAG for y in range(2025 - within, 2025))),
        (FLAG, 90, lambda uid: award_in(uid, 2024) != FLAG),
    ]
    given, barred = {}, []
    for award, least, allowed in rules:
        for uid, u in ranked:
            if uid in given.values() or u["disqualified"] or u["total"] < least:
                continue
            if not allowed(uid):
                barred.append([uid, award])
                continue
            given[award] = uid
            break
        given.setdefault(award, None)
    return {"awards": given, "barred": barred}


def ids() -> list[str]:
    return [now for _, _, now in UNITS if now]


def expected() -> dict:
    history: dict[str, list] = {now: [] for _, _, now in UNITS if now}
    for year in sorted(YEARS):
        for (_, _, now), row in zip(UNITS, YEARS[year]):
            if now and row is not None:
                rank, total, award = row
                history[now].append({"year": year, "rank": rank, "total": total, "award": award})
    findings = [
        ["history-unit-unmatched", "2022.json", None],
        ["history-year-twice", "2023.json", None],
        ["history-year-twice", "2023-ban-sao.json", None],
        ["history-year-not-past", "2025.json", None],
        ["history-not-report", "hong.json", None],
        ["history-not-report", "khac.json", None],
        ["history-not-report", "ghi-chu.txt", None],
        ["history-not-report", "nam-cu", None],
        ["history-other-bloc", "khoi-kinh-te-2021.json", None],
        ["history-unit-unmatched", "khoi-kinh-te-2021.json", None],
    ]
    return {"history": history, "unmatched": [["history-unit-unmatched", "2022.json", None]],
            "findings": findings}


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    reports, findings = OUT / "reports", OUT / "findings"
    reports.mkdir(parents=True)
    findings.mkdir()
    (OUT / "quy-dinh.toml").write_text(rules_text(), encoding="utf-8")
    for year in YEARS:
        dump(reports / f"{year}.json", report(year))
    dump(findings / "2022.json", report(2022))
    dump(findings / "2023.json", report(2023))
    dump(findings / "2023-ban-sao.json", report(2023))
    current = report(2024)
    current["bloc"]["year"] = 2025
    dump(findings / "2025.json", current)
    (findings / "hong.json").write_text(json.dumps(report(2024))[:200], encoding="utf-8")
    dump(findings / "khac.json", {"name": "Danh sách đơn vị", "items": [1, 2, 3]})
    dump(findings / "khoi-kinh-te-2021.json", {
        "bloc": {"name": "Khối thi đua Kinh tế", "year": 2021, "period": "annual"},
        "units": [{"id": "STC", "name": "Sở Tài chính", "status": "ok", "rank": 1, "total": 96.0,
                   "award": FLAG}]})
    (findings / "nam-cu").mkdir()
    dump(findings / "nam-cu" / "2021.json", report(2022) | {"bloc": {"name": BLOC, "year": 2021, "period": "annual"}})
    (findings / "ghi-chu.txt").write_text("Kết quả các năm trước của khối.\n", encoding="utf-8")
    (OUT / "quy-dinh-dieu-kien.toml").write_text(conditions_text(), encoding="utf-8")
    (OUT / "quy-dinh-dieu-kien-1.toml").write_text(conditions_text().replace("within = 2", "within = 1"),
                                                  encoding="utf-8")
    dump(OUT / "expected.json", {**expected(), "conditions": flags_oracle(2), "conditions_1": flags_oracle(1)})


if __name__ == "__main__":
    main()
