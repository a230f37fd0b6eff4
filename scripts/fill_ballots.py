#!/usr/bin/env python3
"""Fill the ballots `thidua ballots` wrote, as nine voters would, and compute
the expected count independently (the oracle for tests/cli_tally.rs).

    fill_ballots.py BLANK.xlsx OUTDIR
    fill_ballots.py fill-lo BLANK.xlsx OUTDIR VOTER,VOTER,…
    fill_ballots.py oracle BLANK.xlsx OUTDIR

The first form writes OUTDIR/phieu-01.xlsx … phieu-09.xlsx (one per voter,
filled with openpyxl), OUTDIR/phieu-hong.xlsx (not a workbook) and
OUTDIR/oracle.json. `fill-lo` fills the ballots of the voters named again
from the blank, in LibreOffice Calc through its `uno` bridge (run it with a
Python that has `uno`, e.g. Debian's /usr/bin/python3 with python3-uno; it
does not need openpyxl), saved by LibreOffice as .xlsx over the openpyxl
ones; `oracle` then recounts OUTDIR into oracle.json. A LibreOffice voter
types on the protected sheet as a person would: in the open tick cells, and
after removing the protection (no password) for a mark anywhere else.
The plan below includes a spoiled ballot (a mark outside the tick column, a
word instead of x), a ballot with too many ticks, a name added to the list
and a tie after the vote. The oracle re-reads the filled files with openpyxl
and applies the rules of README ("thidua tally") on its own: it shares no
code with thidua.

The scenario expects the sample bloc with "Bằng khen" set to count = 2
(three candidates, two tied at the cut-off) and the default [vote]: nine
member units, more than half of the members (5 of 9) needed.
"""
import json
import os
import sys

try:
    import openpyxl
except ImportError:  # fill-lo runs in LibreOffice's Python, which may not have it
    openpyxl = None

KEY_COL = 7   # G, 1-based
TICK_COL = 6  # F
MEMBERS = 9

# voter -> sheet -> list of actions: ("tick", candidate index) | ("cell", column, candidate index or
# "after", text)
PLAN = {
    1: {1: [("tick", 0)], 2: [("tick", 0)], 3: [("tick", 0), ("tick", 1), ("tick", 2)]},
    2: {1: [("tick", 0)], 2: [("tick", 0)], 3: [("tick", 0), ("tick", 1)]},
    3: {1: [("tick", 0)], 2: [("tick", 0)], 3: [("tick", 0), ("tick", 1)]},
    4: {1: [("tick", 0)], 2: [("tick", 0)], 3: [("tick", 0), ("tick", 1)]},
    5: {1: [("tick", 0)], 3: [("tick", 0), ("tick", 2)]},
    6: {1: [("tick", 0)], 3: [("tick", 0), ("tick", 2)]},
    7: {1: [("tick", 0)], 3: [("tick", 0), ("tick", 2)]},
    # A unit added under the list, ticked.
    8: {1: [("cell", 2, "after", "Sở Tư pháp"), ("cell", 6, "after", "x")],
        3: [("tick", 1), ("tick", 2)]},
    # Spoiled: x in the note column; a word instead of x.
    9: {1: [("cell", 5, 0, "x")], 2: [("cell", 6, 0, "đồng ý")], 3: [("tick", 1), ("tick", 2)]},
}


def layout(ws):
    """(header row, award number, places, {row: unit id}) of a ballot sheet."""
    for r in range(1, min(ws.max_row, 200) + 1):
        v = ws.cell(r, KEY_COL).value
        if isinstance(v, str) and v.startswith("phieu-bau:"):
            number, places = v[len("phieu-bau:"):].split("/")
            rows = {}
            rr = r + 1
            while isinstance(ws.cell(rr, KEY_COL).value, str):
                rows[rr] = ws.cell(rr, KEY_COL).value
                rr += 1
            return r, int(number), int(places), rows
    return None


def fill(blank, out):
    os.makedirs(out, exist_ok=True)
    for voter, sheets in PLAN.items():
        wb = openpyxl.load_workbook(blank)
        for ws in wb.worksheets:
            found = layout(ws)
            if not found:
                continue
            header, number, _, rows = found
            rows_list = sorted(rows)
            for action in sheets.get(number, []):
                if action[0] == "tick":
                    ws.cell(rows_list[action[1]], TICK_COL).value = "x"
                else:
                    _, col, where, text = action
                    row = rows_list[-1] + 1 if where == "after" else rows_list[where]
                    ws.cell(row, col).value = text
        wb.save(os.path.join(out, f"phieu-{voter:02}.xlsx"))
    with open(os.path.join(out, "phieu-hong.xlsx"), "wb") as f:
        f.write(b"this is not a workbook")


def is_tick(v):
    return (isinstance(v, str) and v.strip().lower() in ("x", "v", "✓", "✔", "☑", "☒")) or v == 1


def oracle(out, names):
    """Count the filled files as the README says, with openpyxl only."""
    awards = {}
    problems = []
    for name in sorted(os.listdir(out)):
        if not name.endswith(".xlsx"):
            continue
        path = os.path.join(out, name)
        try:
            wb = openpyxl.load_workbook(path)
        except Exception:
            problems.append(("ballot-unreadable", name, None))
            continue
        for ws in wb.worksheets:
            found = layout(ws)
            if not found:
                continue
            header, number, places, rows = found
            a = awards.setdefault(number, {"places": places, "returned": 0, "valid": 0,
                                           "order": [rows[r] for r in sorted(rows)],
                                           "agree": {rows[r]: 0 for r in rows}})
            a["returned"] += 1
            bad = []
            ticked = []
            for r in range(header + 1, ws.max_row + 1):
                for c in range(1, ws.max_column + 1):
                    v = ws.cell(r, c).value
                    if v is None or (isinstance(v, str) and not v.strip()):
                        continue
                    if r in rows:
                        if c == TICK_COL:
                            if is_tick(v):
                                ticked.append(rows[r])
                            else:
                                bad.append(("ballot-mark-outside", ws.cell(r, c).coordinate))
                        elif c == 5 and v != "Bằng điểm":
                            bad.append(("ballot-mark-outside", ws.cell(r, c).coordinate))
                        elif c == 2 and v != names[rows[r]]:
                            bad.append(("ballot-name-not-listed", ws.cell(r, c).coordinate))
                        elif c > KEY_COL:
                            bad.append(("ballot-mark-outside", ws.cell(r, c).coordinate))
                    elif isinstance(v, str) and v.startswith("Phiếu bầu kín"):
                        continue
                    elif c == 2:
                        bad.append(("ballot-name-not-listed", ws.cell(r, c).coordinate))
                    elif c != KEY_COL:
                        bad.append(("ballot-mark-outside", ws.cell(r, c).coordinate))
            if len(ticked) > places:
                bad.append(("ballot-too-many-ticks", ws.cell(header + 1, TICK_COL).coordinate))
            for code, cell in bad:
                problems.append((code, name, cell))
            if not bad:
                a["valid"] += 1
                for unit in ticked:
                    a["agree"][unit] += 1
    result = []
    for number in sorted(awards):
        a = awards[number]
        passing = [u for u in a["order"] if a["agree"][u] * 2 > MEMBERS]
        passing.sort(key=lambda u: -a["agree"][u])
        outcome = {u: "not-enough" for u in a["order"]}
        if len(passing) <= a["places"]:
            for u in passing:
                outcome[u] = "proposed"
        else:
            cut = a["agree"][passing[a["places"]]]
            for u in passing:
                if a["agree"][u] > cut:
                    outcome[u] = "proposed"
                elif a["agree"][u] == cut:
                    same_before = a["agree"][passing[a["places"] - 1]] == cut if a["places"] else False
                    outcome[u] = "undecided" if same_before else "no-place"
                else:
                    outcome[u] = "no-place"
        result.append({
            "number": number, "places": a["places"], "issued": MEMBERS,
            "returned": a["returned"], "valid": a["valid"],
            "candidates": [{"unit": u, "agree": a["agree"][u], "outcome": outcome[u]}
                           for u in a["order"]],
        })
    return {"awards": result, "problems": sorted(set(problems), key=lambda p: (p[1], p[0], p[2] or ""))}


def fill_lo(blank, out, voters):
    """Fill `voters`' ballots from `blank` in LibreOffice Calc (uno), as the
    openpyxl filler would, and save them as .xlsx with LibreOffice's filter."""
    import unobridge

    def lo_layout(sheet):
        """(award number, [candidate rows, 0-based]) of a ballot sheet, as layout() does."""
        for r in range(200):
            v = sheet.getCellByPosition(KEY_COL - 1, r).getString()
            if v.startswith("phieu-bau:"):
                number = int(v[len("phieu-bau:"):].split("/")[0])
                rows = []
                rr = r + 1
                while sheet.getCellByPosition(KEY_COL - 1, rr).getString():
                    rows.append(rr)
                    rr += 1
                return number, rows
        return None

    os.makedirs(out, exist_ok=True)
    with unobridge.office() as (desktop, prop, url):
        for voter in voters:
            doc = desktop.loadComponentFromURL(url(blank), "_blank", 0, (prop("Hidden", True),))
            for i in range(doc.Sheets.getCount()):
                sheet = doc.Sheets.getByIndex(i)
                found = lo_layout(sheet)
                if not found:
                    continue
                number, rows = found
                for action in PLAN[voter].get(number, []):
                    if action[0] == "tick":
                        sheet.getCellByPosition(TICK_COL - 1, rows[action[1]]).setString("x")
                        continue
                    _, col, where, text = action
                    row = rows[-1] + 1 if where == "after" else rows[where]
                    if col != TICK_COL or where == "after":
                        sheet.unprotect("")
                    sheet.getCellByPosition(col - 1, row).setString(text)
            target = os.path.join(out, f"phieu-{voter:02}.xlsx")
            doc.storeToURL(url(target), (prop("FilterName", unobridge.XLSX_FILTER),))
            doc.close(True)


def write_oracle(blank, out):
    wb = openpyxl.load_workbook(blank)
    names = {}
    for ws in wb.worksheets:
        found = layout(ws)
        if found:
            for r, unit in found[3].items():
                names[unit] = ws.cell(r, 2).value
    with open(os.path.join(out, "oracle.json"), "w", encoding="utf-8") as f:
        json.dump(oracle(out, names), f, ensure_ascii=False, indent=1)


def main():
    args = sys.argv[1:]
    if args[:1] == ["fill-lo"]:
        blank, out, voters = args[1], args[2], args[3]
        fill_lo(blank, out, [int(v) for v in voters.split(",")])
    elif args[:1] == ["oracle"]:
        write_oracle(args[1], args[2])
    else:
        blank, out = args
        fill(blank, out)
        write_oracle(blank, out)


if __name__ == "__main__":
    main()
