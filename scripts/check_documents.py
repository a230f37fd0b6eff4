#!/usr/bin/env python3
"""Read back the minutes and the proposal letter `thidua documents` wrote (with python-docx) and check every
figure and name in them against answers computed without thidua (the check of tests/cli_documents.rs).

    check_documents.py MINUTES.docx LETTER.docx RULES.toml ORACLE.json EXPECTED.json MEETING.json

- ORACLE.json: the count scripts/fill_ballots.py made of the ballots it filled (phát ra, thu về, hợp lệ,
  votes and outcome of each candidate);
- EXPECTED.json: the sample bloc's answer key (tests/expected/sample-bloc.json: total and rank of each
  unit, from scripts/oracle.py);
- RULES.toml: unit names, award names, province;
- MEETING.json: what the test typed on the command line (date, time, place, chair, secretary, absent, and
  next_head / next_deputies: the ids of the units --next-head and --next-deputy named, if any).

Prints each mismatch and exits 1 if there is any; prints "ok" and the number of figures checked otherwise.
"""
import json
import re
import sys
import tomllib

import docx

OUTCOME = {
    "proposed": "Đề nghị",
    "not-enough": "Không đạt tỷ lệ",
    "no-place": "Đạt tỷ lệ, hết suất",
    "undecided": "Chưa quyết định",
}

problems = []
checked = 0


def same(got, want, what):
    global checked
    checked += 1
    if got != want:
        problems.append(f"{what}: the document has {got!r}, expected {want!r}")


def vi(number):
    """A score as the documents write it: decimal comma, no trailing zeros."""
    if number is None:
        return "—"
    text = f"{number:.3f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def pct(agree, base):
    tenths = (agree * 1000 + base // 2) // base
    return f"{tenths // 10},{tenths % 10}"


def rows(table):
    return [[c.text.strip() for c in r.cells] for r in table.rows]


def text_of(document):
    return "\n".join(p.text for p in document.paragraphs)


def main():
    minutes_path, letter_path, rules_path, oracle_path, expected_path, meeting_path = sys.argv[1:7]
    with open(rules_path, "rb") as f:
        rules = tomllib.load(f)
    oracle = json.load(open(oracle_path, encoding="utf-8"))
    expected = json.load(open(expected_path, encoding="utf-8"))["units"]
    meeting = json.load(open(meeting_path, encoding="utf-8"))
    names = {u["id"]: u["name"] for u in rules["units"]}
    ids = {v: k for k, v in names.items()}
    award_names = [a["name"] for a in rules["awards"]]
    bloc = rules["bloc"]["name"]
    year = rules["bloc"]["year"]
    province = rules["bloc"].get("province")
    head = next(u["name"] for u in rules["units"] if u.get("role") == "head")
    members = len(rules["units"])
    present = members - len(meeting["absent"])
    d, m, y = (int(x) for x in meeting["date"].split("/"))

    # ---- the minutes
    minutes = docx.Document(minutes_path)
    heading = rows(minutes.tables[0])[0]
    same(bloc.upper() in heading[0], True, "minutes: the bloc as issuing body")
    same(heading[0].count("Số: ……/"), 1, "minutes: number left blank")
    same(f"{province}, ngày {d:02} tháng {m:02} năm {y}" in heading[1], True, "minutes: place and date")
    same("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in heading[1], True, "minutes: Quốc hiệu")
    body = text_of(minutes)
    same("BIÊN BẢN" in body, True, "minutes: title")
    same(f"1. Thời gian: {meeting['time']}, ngày {d:02} tháng {m:02} năm {y}." in body, True, "minutes: time")
    same(f"2. Địa điểm: {meeting['place']}." in body, True, "minutes: place")
    same(f"3. Chủ trì: {meeting['chair']} ({head}, Trưởng khối)." in body, True, "minutes: chair")
    same(f"4. Thư ký: {meeting['secretary']}." in body, True, "minutes: secretary")
    same(f"đại diện {present}/{members} đơn vị thành viên" in body, True, "minutes: units present")
    listed = re.findall(r"^- (.+);$", body, re.M)
    present_names = [names[u["id"]] for u in rules["units"] if u["id"] not in meeting["absent"]]
    same(listed[: len(present_names)], present_names, "minutes: the units present, by name")
    if meeting["absent"]:
        absent = "; ".join(names[a] for a in meeting["absent"])
        same(f"Vắng mặt {len(meeting['absent'])} đơn vị: {absent}." in body, True, "minutes: units absent")

    # The ranking table: every unit, its total and rank as the answer key says.
    ranking = rows(minutes.tables[1])
    same(ranking[0][:4], ["STT", "Đơn vị", "Tổng điểm", "Xếp hạng"], "minutes: ranking header")
    same(len(ranking) - 1, len(expected), "minutes: units in the ranking")
    for i, row in enumerate(ranking[1:]):
        unit = ids.get(row[1])
        same(unit is not None, True, f"minutes: ranking row {i + 1} names a member ({row[1]})")
        if unit is None:
            continue
        same(row[0], str(i + 1), f"minutes: STT of {unit}")
        same(row[2], vi(expected[unit]["total"]) if unit in expected else "—", f"minutes: total of {unit}")
        rank = expected.get(unit, {}).get("rank")
        same(row[3], str(rank) if rank is not None else "—", f"minutes: rank of {unit}")

    # Each vote: its figures and its table.
    proposed = []
    undecided = []
    for k, a in enumerate(oracle["awards"]):
        award = award_names[a["number"] - 1]
        issued, returned, valid = a["issued"], a["returned"], a["valid"]
        line = (f"Số phiếu phát ra: {issued}; số phiếu thu về: {returned}; số phiếu hợp lệ: {valid}; "
                f"số phiếu không hợp lệ: {returned - valid}. Tỷ lệ tính trên {issued} phiếu.")
        same(line in body, True, f"minutes: figures of {award}")
        same(f"{k + 1}. {award} ({a['places']} suất;" in body, True, f"minutes: title and places of {award}")
        table = rows(minutes.tables[2 + k])
        same(table[0], ["STT", "Đơn vị", "Số phiếu đồng ý", "Tỷ lệ (%)", "Kết quả"], f"minutes: header of {award}")
        same(len(table) - 1, len(a["candidates"]), f"minutes: candidates of {award}")
        for i, (row, c) in enumerate(zip(table[1:], a["candidates"])):
            same(row, [str(i + 1), names[c["unit"]], str(c["agree"]), pct(c["agree"], issued),
                       OUTCOME[c["outcome"]]], f"minutes: {award}, row {i + 1}")
            if c["outcome"] == "proposed":
                proposed.append((c["unit"], award, c["agree"], issued))
            if c["outcome"] == "undecided":
                undecided.append((c["unit"], award))
    conclusion = body[body.index("IV. KẾT LUẬN"):]
    same(f"đề nghị khen thưởng {len(proposed)} tập thể:" in conclusion, True, "minutes: number proposed")
    for i, (unit, award, _, _) in enumerate(proposed):
        same(f"{i + 1}. {names[unit]}: {award};" in conclusion, True, f"minutes: conclusion names {unit}")
    for unit, award in undecided:
        same(f"{names[unit]} ({award})" in conclusion, True, f"minutes: {unit} undecided")
    # Next year's head and deputies, or dotted blanks to fill by hand.
    blank = "……………………"
    if meeting.get("next_head"):
        head_next = names[meeting["next_head"]]
        deputies = [names[d] for d in meeting.get("next_deputies", [])]
        deputies = "; ".join(deputies[:-1]) + " và " + deputies[-1] if len(deputies) > 1 else "".join(deputies)
        roles = f"{head_next} làm Trưởng khối, {deputies} làm Phó khối" if deputies else f"{head_next} làm Trưởng khối"
    else:
        roles = f"{blank} làm Trưởng khối, {blank} làm Phó khối"
    same(f"Hội nghị thống nhất bầu {roles} năm {year + 1}." in conclusion.split("\n"), True,
         "minutes: next year's head and deputies")
    signatures = rows(minutes.tables[-1])[0]
    same(meeting["secretary"] in signatures[0] and "THƯ KÝ" in signatures[0], True, "minutes: secretary signs")
    chair_name = meeting["chair"].split(",")[0].strip()
    same(chair_name in signatures[1] and "CHỦ TRÌ" in signatures[1], True, "minutes: chair signs")
    same(meeting["chair"] in signatures[1], False, "minutes: the chair signs by name, without the position")

    # ---- the letter
    letter = docx.Document(letter_path)
    heading = rows(letter.tables[0])[0]
    same(head.upper() in heading[0] and bloc.upper() in heading[0], True, "letter: issuing body")
    same(heading[0].count("Số: ……/"), 1, "letter: number left blank")
    same(f"{province}, ngày {d:02} tháng {m:02} năm {y}" in heading[1], True, "letter: place and date")
    body = text_of(letter)
    same("TỜ TRÌNH" in body, True, "letter: title")
    same(f"Kính gửi: Ban Thi đua – Khen thưởng, Sở Nội vụ tỉnh {province}." in body, True, "letter: addressee")
    table = rows(letter.tables[1])
    same(len(table) - 1, len(proposed), "letter: proposals")
    for i, (row, (unit, award, agree, base)) in enumerate(zip(table[1:], proposed)):
        same(row, [str(i + 1), names[unit], award, vi(expected[unit]["total"]), str(expected[unit]["rank"]),
                   f"{agree}/{base} ({pct(agree, base)}%)"], f"letter: proposal {i + 1}")
    for unit, award in undecided:
        same(f"{names[unit]} ({award})" in body, True, f"letter: {unit} not yet proposed")
    for attached in ("Bảng tổng hợp kết quả chấm điểm, xếp hạng thi đua năm " + str(year),
                     "Biên bản họp bình xét, bỏ phiếu suy tôn", "Hồ sơ (báo cáo thành tích)"):
        same(attached in body, True, f"letter: attaches {attached}")

    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print(f"ok: {checked} checks")


if __name__ == "__main__":
    main()
