#!/usr/bin/env python3
"""Fill the count sheet (bảng kiểm phiếu) `thidua ballots` wrote, as a bloc's
secretary would after counting paper ballots, and compute the expected count
and findings independently (the oracle for tests/cli_count_sheet.rs).

    fill_count_sheet.py BLANK_COUNT.xlsx OUTDIR

Writes one folder per case under OUTDIR, each with kiem-phieu.xlsx (filled
with openpyxl; "hai-bang" has two), and OUTDIR/oracle.json:
{"awards": [...], "cases": {case: [[code, file, cell], ...]}}. The oracle
finds the cells from the hidden key column itself and applies the rules of
README ("Kiểm phiếu / The count") on its own: it shares no code with thidua.

The scenario expects the sample bloc with "Bằng khen" set to count = 2
(three candidates, two tied at the cut-off) and the default [vote]: nine
member units, more than half of the members (5 of 9) needed.
"""
import json
import os
import sys

import openpyxl

KEY_COL = 7    # G, 1-based
FIGURE_COL = 6  # F
MEMBERS = 9

# award number -> (returned, invalid, votes per candidate in list order)
FIGURES = {
    1: (9, 1, [7]),
    2: (8, 0, [4]),
    3: (9, 2, [7, 5, 5]),
}


def blocks(ws):
    """{award number: {"places", "returned", "invalid", "units": [(row, id)]}}."""
    out = {}
    current = None
    for r in range(1, ws.max_row + 1):
        key = ws.cell(r, KEY_COL).value
        if not isinstance(key, str) or not key.strip():
            continue
        if key == "kiem-phieu:thu-ve":
            current["returned"] = r
        elif key == "kiem-phieu:khong-hop-le":
            current["invalid"] = r
        elif key == "kiem-phieu:phat-ra":
            current["issued"] = ws.cell(r, FIGURE_COL).value
        elif key.startswith("kiem-phieu:"):
            number, places = key[len("kiem-phieu:"):].split("/")
            current = {"places": int(places), "units": []}
            out[int(number)] = current
        elif current is not None:
            current["units"].append((r, key))
    return out


def cell(row):
    return openpyxl.utils.get_column_letter(FIGURE_COL) + str(row)


def fill(blank, path, awards, edit=None):
    """Type FIGURES for `awards` into a copy of the blank at `path`; `edit`
    changes the sheet after (a case's mistake). Returns the blocks."""
    wb = openpyxl.load_workbook(blank)
    ws = wb.worksheets[0]
    found = blocks(ws)
    for number in awards:
        returned, invalid, agree = FIGURES[number]
        b = found[number]
        ws.cell(b["returned"], FIGURE_COL).value = returned
        ws.cell(b["invalid"], FIGURE_COL).value = invalid
        for (row, _), votes in zip(b["units"], agree):
            ws.cell(row, FIGURE_COL).value = votes
    if edit:
        edit(ws, found)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    wb.save(path)
    return found


def settle(number, places, returned, invalid, order, agree):
    """An award's count as README says: the share over the members, the
    places filled by votes, equal votes across the last place undecided."""
    valid = returned - invalid
    passing = [u for u in order if agree[u] * 2 > MEMBERS]
    passing.sort(key=lambda u: -agree[u])
    outcome = {u: "not-enough" for u in order}
    if len(passing) <= places:
        for u in passing:
            outcome[u] = "proposed"
    else:
        cut = agree[passing[places]]
        last_in = agree[passing[places - 1]] if places else None
        for u in passing:
            if agree[u] > cut:
                outcome[u] = "proposed"
            elif agree[u] == cut:
                outcome[u] = "undecided" if last_in == cut else "no-place"
            else:
                outcome[u] = "no-place"
    return {
        "number": number, "places": places, "issued": MEMBERS, "returned": returned,
        "valid": valid, "invalid": invalid,
        "candidates": [{"unit": u, "agree": agree[u], "outcome": outcome[u]} for u in order],
    }


def main():
    blank, out = sys.argv[1], sys.argv[2]
    cases = {}
    name = "kiem-phieu.xlsx"

    # Every award typed: the count to compare figure by figure.
    found = fill(blank, os.path.join(out, "du", name), FIGURES)
    awards = []
    for number, b in sorted(found.items()):
        assert b["issued"] == MEMBERS, b
        returned, invalid, agree = FIGURES[number]
        order = [u for _, u in b["units"]]
        awards.append(settle(number, b["places"], returned, invalid, order,
                             dict(zip(order, agree))))
    cases["du"] = []

    # Awards 1 and 3 typed, award 2 left blank (its ballots are the voters'
    # files the test adds): no finding of the count sheet itself.
    fill(blank, os.path.join(out, "mot-phan", name), [1, 3])
    cases["mot-phan"] = []

    def edit_case(case, change, awards_typed=FIGURES):
        problems = []

        def edit(ws, b):
            for code, row, value in change(b):
                ws.cell(row, FIGURE_COL).value = value
                if code:
                    problems.append([code, name, cell(row)])
        fill(blank, os.path.join(out, case, name), awards_typed, edit)
        cases[case] = problems

    # Not whole numbers of 0 or more: a word, a negative, a fraction.
    edit_case("khong-phai-so", lambda b: [
        ("count-figure-invalid", b[1]["units"][0][0], "bảy"),
        ("count-figure-invalid", b[2]["invalid"], -1),
        ("count-figure-invalid", b[3]["units"][1][0], 2.5),
    ])
    # A figure left blank in a typed block (not taken as 0).
    edit_case("o-trong", lambda b: [
        ("count-figure-blank", b[1]["invalid"], None),
        ("count-figure-blank", b[3]["units"][2][0], None),
    ])
    # More invalid ballots than returned.
    edit_case("khong-hop-le-qua", lambda b: [
        ("count-invalid-over-returned", b[2]["invalid"], 9),
    ])
    # More ballots returned than issued (9).
    edit_case("thu-ve-qua", lambda b: [
        ("count-returned-over-issued", b[1]["returned"], 10),
    ])
    # A candidate with more votes than valid ballots (9 - 2 = 7).
    edit_case("dong-y-qua", lambda b: [
        ("count-agree-over-valid", b[3]["units"][0][0], 8),
    ])
    # Nothing typed at all: reported per award, never zeros.
    found = fill(blank, os.path.join(out, "trong", name), [])
    cases["trong"] = [["count-sheet-blank", name, cell(b["returned"])]
                      for _, b in sorted(found.items())]
    # Two count sheets for every award: the second is reported per award.
    fill(blank, os.path.join(out, "hai-bang", "a-" + name), FIGURES)
    found = fill(blank, os.path.join(out, "hai-bang", "b-" + name), FIGURES)
    cases["hai-bang"] = [["count-sheet-twice", "b-" + name, cell(b["returned"])]
                         for _, b in sorted(found.items())]

    for problems in cases.values():
        problems.sort()
    with open(os.path.join(out, "oracle.json"), "w", encoding="utf-8") as f:
        json.dump({"awards": awards, "cases": cases}, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
