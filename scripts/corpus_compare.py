#!/usr/bin/env python3
"""Compare thidua's report on each corpus bloc with the bloc's answer key and list every difference
(unit scores, totals, ranks, awards; per file the errors and warnings expected vs reported, and the
infos that must appear). Reads thidua's output only to compare it; the answer key never comes from it.

    python3 scripts/corpus_compare.py [BLOC…]     # THIDUA=… picks the binary (default target/release)
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

from corpus_write import thidua_binary
from fixture_rules import D

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"


def _name(path) -> str | None:
    return None if path is None else unicodedata.normalize("NFC", Path(path).name)


def _num(x):
    return None if x is None else D(x)


def compare_bloc(folder: Path) -> list[str]:
    exp = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    run = subprocess.run([str(thidua_binary()), "check", "--json", str(folder)], capture_output=True, text=True)
    if not run.stdout.strip():
        return [f"thidua check failed (exit {run.returncode}): {run.stderr.strip()[:300]}"]
    got = json.loads(run.stdout)
    out = []
    units = {u["id"]: u for u in got["units"]}
    for uid, e in exp["units"].items():
        g = units.get(uid)
        if g is None:
            out.append(f"unit {uid}: absent from the report")
            continue
        for key in ("status", "rank", "award", "disqualified"):
            if e[key] != g.get(key):
                out.append(f"unit {uid}: {key} expected {e[key]!r}, got {g.get(key)!r}")
        if e["file"] != _name(g.get("file")):
            out.append(f"unit {uid}: file expected {e['file']!r}, got {_name(g.get('file'))!r}")
        for key in ("self_total", "total"):
            if _num(e[key]) != _num(g.get(key)):
                out.append(f"unit {uid}: {key} expected {e[key]}, got {g.get(key)}")
        gs = g.get("scores") or {}
        for code, sc in e["scores"].items():
            if code not in gs:
                out.append(f"unit {uid}: score {code} expected {sc}, absent")
                continue
            for which in ("self", "reviewed"):
                if _num(sc[which]) != _num(gs[code].get(which)):
                    out.append(f"unit {uid}: score {code}.{which} expected {sc[which]}, got {gs[code].get(which)}")
        for code in gs:
            if code not in e["scores"]:
                out.append(f"unit {uid}: score {code} reported ({gs[code]}) but not expected")
    issues = got["issues"]
    by_file: dict[str | None, list] = {}
    for i in issues:
        by_file.setdefault(_name(i.get("file")), []).append(i)
    for fname, f in exp["files"].items():
        reported = [i for i in by_file.get(fname, []) if i["severity"] in ("error", "warning")]
        left = list(reported)
        for e in f["issues"]:
            match = next((i for i in left if i["code"] == e["code"] and i["severity"] == e["severity"]
                          and i.get("cell") == e["cell"] and i.get("criterion") == e["criterion"]
                          and (e["sheet"] is None or i.get("sheet") == e["sheet"])), None)
            if match is None:
                near = [f"{i['code']} {i['severity']} {i.get('sheet')}!{i.get('cell')} {i.get('criterion')}"
                        for i in left if i["code"] == e["code"]]
                out.append(f"file {fname}: expected {e['code']} ({e['severity']}) at {e['sheet']}!{e['cell']} "
                           f"criterion {e['criterion']} — not reported" + (f" (reported: {near})" if near else ""))
            else:
                left.remove(match)
        for i in left:
            out.append(f"file {fname}: unexpected {i['code']} ({i['severity']}) at {i.get('sheet')}!{i.get('cell')} "
                       f"criterion {i.get('criterion')}: {i['message']}")
        for e in f["info"]:
            pool = by_file.get(fname, []) + [i for i in by_file.get(None, []) if i.get("unit") == f["unit"]]
            if e["code"] == "duplicate-unit":  # may be reported on the file used or on the unit
                pool += [i for i in issues if i.get("unit") == f["unit"]]
            if not any(i["code"] == e["code"] and (e["cell"] is None or i.get("cell") == e["cell"]) for i in pool):
                out.append(f"file {fname}: info {e['code']} expected, not reported")
    known = set(exp["files"])
    for fname, lst in by_file.items():
        if fname is None or fname in known:
            continue
        for i in lst:
            if i["severity"] != "info":
                out.append(f"file {fname} (not in the corpus): {i['code']} {i['severity']}: {i['message']}")
    for i in by_file.get(None, []):
        if i["severity"] != "info" and i["code"] != "missing-unit":
            out.append(f"bloc: {i['code']} ({i['severity']}) unit {i.get('unit')}: {i['message']}")
    return out


def main(argv):
    names = argv or sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").exists())
    total = 0
    for name in names:
        diffs = compare_bloc(CORPUS / name)
        total += len(diffs)
        print(f"== {name}: {len(diffs)} differences")
        for d in diffs:
            print(f"  - {d}")
    print(f"{total} differences in {len(names)} blocs")


if __name__ == "__main__":
    main(sys.argv[1:])
