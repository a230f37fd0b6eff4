#!/usr/bin/env python3
"""Fill blank templates written by `thidua template`, as a unit would, with openpyxl; and
read back what the templates enforce.

    python3 scripts/fill_templates.py fill RULES.toml TEMPLATE_DIR OUT_DIR EXPECTED.json
        Fills the self-score column of every per-unit template (not the "mẫu chung" one) with
        known scores and writes the filled workbooks to OUT_DIR, and to EXPECTED.json each
        unit's scores and self total, computed here from the rules and the values typed (never
        from thidua's output).

    python3 scripts/fill_templates.py fill-lo RULES.toml TEMPLATE_DIR OUT_DIR EXPECTED.json
        The same filling done by LibreOffice itself: each template is opened in a headless
        LibreOffice through its UNO bridge, the same values are typed into the cells, and the
        workbook is saved by LibreOffice as .xlsx. Needs a Python with the `uno` module (Debian:
        python3-uno, usually /usr/bin/python3) and soffice.

    python3 scripts/fill_templates.py inspect TEMPLATE.xlsx
        Prints, as JSON, what openpyxl reads of a template: sheet names, whether the scoring
        sheet is protected, the locked state of the criteria cells, and every data validation
        (type, operator, bounds or list, cells), for the tests to compare with the rules.

Rows are found by reading the sheet (the header row, then each row's title matched to the
rules), so the script does not depend on how thidua lays the template out.
Needs Python 3.11+ and openpyxl (fill, inspect) or uno (fill-lo).
"""

from __future__ import annotations

import json
import sys
import tomllib
from decimal import Decimal
from pathlib import Path

import oracle
from fixture_rules import Criteria

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


def find_rows(text, last_row: int, last_col: int, rules) -> tuple[int, dict[str, int]]:
    """The self-score column and, per criterion code, its row, from `text(row, col)` (1-based)."""
    header_row, self_col = None, None
    for r in range(1, last_row + 1):
        for c in range(1, last_col + 1):
            if norm(text(r, c)) == norm("Điểm tự chấm"):
                header_row, self_col = r, c
                break
        if header_row:
            break
    assert header_row, "no header row"
    titles = {norm(c["title"]): c["code"] for c in rules["criteria"]}
    rows: dict[str, int] = {}
    for r in range(header_row + 1, last_row + 1):
        for col in range(1, self_col):
            code = titles.get(norm(text(r, col)))
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
    """The self total of the values typed, by the fixtures' scoring oracle (scripts/oracle.py)."""
    return oracle.total(Criteria(rules), lambda code: values.get(code, Decimal(0)))


def template_of(templates: Path, unit: dict) -> Path:
    matches = [p for p in templates.glob("*.xlsx") if f" - {unit['id']} - " in p.name]
    assert len(matches) == 1, (unit["id"], matches)
    return matches[0]


def typed(rules: dict, i: int) -> dict[str, Decimal]:
    """What unit number i types, by criterion code."""
    values = {}
    for k, c in enumerate(rules["criteria"]):
        v = score_for(c, i, k)
        if v is not None:
            values[c["code"]] = v
    return values


def number(v: Decimal):
    return int(v) if v == int(v) else float(v)


def write_expected(rules: dict, expected_path: Path) -> None:
    expected = {}
    for i, unit in enumerate(rules["units"]):
        values = typed(rules, i)
        expected[unit["id"]] = {"self_total": float(expected_total(rules, values)),
                                "scores": {k: float(v) for k, v in values.items()}}
    expected_path.write_text(json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                             encoding="utf-8")


def fill(rules_path: Path, templates: Path, out: Path, expected_path: Path) -> None:
    import openpyxl

    rules = load_rules(rules_path)
    out.mkdir(parents=True, exist_ok=True)
    for i, unit in enumerate(rules["units"]):
        wb = openpyxl.load_workbook(template_of(templates, unit))
        ws = wb[SHEET]
        self_col, rows = find_rows(lambda r, c: ws.cell(r, c).value, ws.max_row, ws.max_column, rules)
        for code, v in typed(rules, i).items():
            ws.cell(rows[code], self_col).value = number(v)
        wb.save(out / f"{unit['id']}.xlsx")
    write_expected(rules, expected_path)
    print(f"filled {len(rules['units'])} templates into {out} (openpyxl)")


def fill_lo(rules_path: Path, templates: Path, out: Path, expected_path: Path) -> None:
    import unobridge

    rules = load_rules(rules_path)
    out.mkdir(parents=True, exist_ok=True)
    with unobridge.office() as (desktop, prop, url):
        for i, unit in enumerate(rules["units"]):
            doc = desktop.loadComponentFromURL(
                url(template_of(templates, unit)), "_blank", 0, (prop("Hidden", True),))
            sheet = doc.Sheets.getByName(SHEET)
            used = sheet.createCursor()
            used.gotoEndOfUsedArea(False)
            last_row, last_col = used.RangeAddress.EndRow + 1, used.RangeAddress.EndColumn + 1
            self_col, rows = find_rows(
                lambda r, c: sheet.getCellByPosition(c - 1, r - 1).getString(), last_row, last_col, rules)
            for code, v in typed(rules, i).items():
                sheet.getCellByPosition(self_col - 1, rows[code] - 1).setValue(float(v))
            doc.calculateAll()
            doc.storeToURL(url(out / f"{unit['id']}.xlsx"), (prop("FilterName", unobridge.XLSX_FILTER),))
            doc.close(True)
    write_expected(rules, expected_path)
    print(f"filled {len(rules['units'])} templates into {out} (LibreOffice)")


def inspect(path: Path) -> None:
    import openpyxl

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
    elif len(argv) == 6 and argv[1] == "fill-lo":
        fill_lo(Path(argv[2]), Path(argv[3]), Path(argv[4]), Path(argv[5]))
    elif len(argv) == 3 and argv[1] == "inspect":
        inspect(Path(argv[2]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
