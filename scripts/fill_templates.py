#!/usr/bin/env python3
"""Fill blank templates written by `thidua template`, as a unit would, with openpyxl; and
read back what the templates enforce.

    python3 scripts/fill_templates.py fill RULES.toml TEMPLATE_DIR OUT_DIR EXPECTED.json
        Fills the self-score column of every per-unit template (not the "mẫu chung" one) with
        known scores and writes the filled workbooks to OUT_DIR, and to EXPECTED.json each
        unit's scores and self total, computed here from the rules and the values typed (never
        from thidua's output).

    python3 scripts/fill_templates.py inspect TEMPLATE.xlsx
        Prints, as JSON, what openpyxl reads of a template: sheet names, whether the scoring
        sheet is protected, the locked state of the criteria cells, and every data validation
        (type, operator, bounds or list, cells), for the tests to compare with the rules.

Rows are found by reading the sheet (the header row, then each row's title matched to the
rules), so the script does not depend on how thidua lays the template out.
Needs Python 3.11+ and openpyxl.
"""

from __future__ import annotations

import json
import sys
import tomllib
from decimal import Decimal
from pathlib import Path

import openpyxl

SHEET = "Bảng tự chấm"


def load_rules(path: Path) -> dict:
    rules = tomllib.loads(path.read_text(encoding="utf-8"))
    for c in rules["criteria"]:
        c.setdefault("kind", "score")
        code = c["code"]
        c["parent"] = code.rsplit(".", 1)[0] if "." in code else None
    codes = {c["code"] for c in rules["criteria"]}
    for c in rules["criteria"]:
        c["leaf"] = not any(o["parent"] == c["code"] for o in rules["criteria"])
        # Kinds are declared on sections and inherited.
        p = c["parent"]
        while p is not None and p in codes:
            parent = next(o for o in rules["criteria"] if o["code"] == p)
            if parent.get("kind", "score") != "score":
                c["kind"] = parent["kind"]
            p = parent["parent"]
    return rules


def norm(text) -> str:
    return " ".join(str(text or "").split()).casefold()


def find_rows(ws, rules) -> tuple[int, dict[str, int]]:
    """The self-score column and, per criterion code, its row."""
    header_row, self_col = None, None
    for row in ws.iter_rows():
        for cell in row:
            if norm(cell.value) == norm("Điểm tự chấm"):
                header_row, self_col = cell.row, cell.column
                break
        if header_row:
            break
    assert header_row, "no header row"
    titles = {norm(c["title"]): c["code"] for c in rules["criteria"]}
    rows: dict[str, int] = {}
    for r in range(header_row + 1, ws.max_row + 1):
        for col in range(1, self_col):
            code = titles.get(norm(ws.cell(r, col).value))
            if code and code not in rows:
                rows[code] = r
                break
    return self_col, rows


def score_for(c: dict, i: int, k: int) -> Decimal | None:
    """The value unit number i types for criterion number k."""
    mx = Decimal(str(c.get("max", 0)))
    if not c["leaf"] or c["kind"] == "disqualifier":
        return None
    if c["kind"] == "bonus":
        return min(mx, Decimal(1)) if (i + k) % 3 == 0 else Decimal(0)
    if c["kind"] == "deduction":
        return Decimal("0.5") if i % 4 == k % 4 else Decimal(0)
    if "levels" in c:
        levels = [Decimal(str(v)) for v in c["levels"]]
        return levels[(i + k) % len(levels)]
    return max(Decimal(0), mx - Decimal("0.5") * ((i * 3 + k) % 5))


def expected_total(rules: dict, values: dict[str, Decimal]) -> Decimal:
    def value(code: str) -> Decimal:
        c = next(o for o in rules["criteria"] if o["code"] == code)
        if c["leaf"]:
            return values.get(code, Decimal(0))
        return sum((value(o["code"]) for o in rules["criteria"]
                    if o["parent"] == code and o["kind"] != "disqualifier"), Decimal(0))

    total = Decimal(0)
    for c in rules["criteria"]:
        if c["parent"] is not None:
            continue
        v = value(c["code"])
        cap = Decimal(str(c.get("max", 0)))
        if c["kind"] == "score":
            total += v
        elif c["kind"] == "bonus":
            total += min(v, cap)
        elif c["kind"] == "deduction":
            total -= min(v, cap)
    return total


def fill(rules_path: Path, templates: Path, out: Path, expected_path: Path) -> None:
    rules = load_rules(rules_path)
    out.mkdir(parents=True, exist_ok=True)
    expected = {}
    for i, unit in enumerate(rules["units"]):
        matches = [p for p in templates.glob("*.xlsx") if f" - {unit['id']} - " in p.name]
        assert len(matches) == 1, (unit["id"], matches)
        wb = openpyxl.load_workbook(matches[0])
        ws = wb[SHEET]
        self_col, rows = find_rows(ws, rules)
        values: dict[str, Decimal] = {}
        for k, c in enumerate(rules["criteria"]):
            v = score_for(c, i, k)
            if v is None:
                continue
            assert c["code"] in rows, (unit["id"], c["code"])
            ws.cell(rows[c["code"]], self_col).value = int(v) if v == int(v) else float(v)
            values[c["code"]] = v
        wb.save(out / f"{unit['id']}.xlsx")
        total = expected_total(rules, values)
        expected[unit["id"]] = {"self_total": float(total), "scores": {k: float(v) for k, v in values.items()}}
    expected_path.write_text(json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                       encoding="utf-8")
    print(f"filled {len(expected)} templates into {out}")


def inspect(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    validations = []
    for dv in ws.data_validations.dataValidation:
        validations.append({
            "type": dv.type,
            "operator": dv.operator,
            "formula1": dv.formula1,
            "formula2": dv.formula2,
            "cells": str(dv.sqref),
            "error_style": dv.errorStyle,
            "show_error": bool(dv.showErrorMessage),
            "error": dv.error,
        })
    locked = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None or cell.has_style:
                locked[cell.coordinate] = bool(cell.protection.locked)
    print(json.dumps({
        "sheets": wb.sheetnames,
        "protected": bool(ws.protection.sheet),
        "password": ws.protection.password,
        "validations": validations,
        "locked": locked,
    }, ensure_ascii=False, indent=1))


def main(argv: list[str]) -> None:
    if len(argv) == 6 and argv[1] == "fill":
        fill(Path(argv[2]), Path(argv[3]), Path(argv[4]), Path(argv[5]))
    elif len(argv) == 3 and argv[1] == "inspect":
        inspect(Path(argv[2]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
