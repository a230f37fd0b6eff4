"""`make_corpus.py --check`: every written file read back by independent readers (openpyxl for
.xlsx, xlrd for .xls, LibreOffice → .xlsx then openpyxl for .ods), legacy text decoded by independent
tools (viparse for TCVN3, GNU recode for VNI, NFC for NFD; see scripts/make_samples.py), and every
cell compared with the grid that was meant to be written (formulas by their saved values).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

from fixture_rules import D
from make_samples import check_vni_encoder, decode_cells, eval_grid, read_back
from sheetkit import a1, soffice_convert


def _same(w, h) -> bool:
    if w == h:
        return True
    num = (Decimal, int, float)
    return isinstance(w, num) and isinstance(h, num) and not isinstance(h, bool) and D(w) == D(h)


def _saved_date(path: Path) -> str | None:
    if path.suffix not in (".xlsx", ".ods"):
        return None
    with zipfile.ZipFile(path) as z:
        name = "docProps/core.xml" if path.suffix == ".xlsx" else "meta.xml"
        xml = z.read(name).decode()
    m = re.search(r"<(?:dcterms:modified|dc:date)[^>]*>([^<]+)<", xml)
    return m[1].rstrip("Z") if m else None


def check_file(path: Path, sub, grids, td: Path) -> tuple[int, int, dict]:
    """(cells compared, differences, decoding counts) of one file."""
    readable = path
    if path.suffix == ".ods":
        out = Path(tempfile.mkdtemp(prefix="ods-", dir=td))
        src = out / "probe.ods"
        shutil.copy(path, src)
        readable = soffice_convert(src, "xlsx", out)
    # a thidua-written copy holds Unicode; the others hold the text as the unit typed it
    encoding = None if sub.writer == "thidua" else sub.encoding
    compared = problems = 0
    stats: dict[str, int] = {}
    for g in grids:
        raw = read_back(readable, g.name, td)
        got, st = decode_cells({"id": sub.file, "text": encoding}, raw, {})
        for k, n in st.items():
            stats[k] = stats.get(k, 0) + n
        want = {}
        for rc, (v, _) in g.cells.items():
            v = eval_grid(g, v)
            if v is not None and v != "":
                want[rc] = v
        for rc in sorted(set(want) | set(got)):
            compared += 1
            if not _same(want.get(rc), got.get(rc)):
                problems += 1
                print(f"  {path.name} › {g.name} › {a1(*rc)}: wrote {want.get(rc)!r}, read {got.get(rc)!r} "
                      f"(raw {raw.get(rc)!r})")
        if encoding in ("tcvn3", "vni"):
            for rc, (v, _, _) in raw.items():
                if isinstance(v, str) and re.search(r"[\u0100-\u1eff]", v):
                    problems += 1
                    print(f"  {path.name} {a1(*rc)}: Unicode letters in legacy text {v!r}")
        if encoding == "vni":
            problems += check_vni_encoder({"id": path.name}, want, raw)
    saved = _saved_date(path)
    if saved is not None and saved != sub.saved:
        problems += 1
        print(f"  {path.name}: saved date {saved}, meant {sub.saved}")
    return compared, problems, stats


def check_all(written: list) -> None:
    """written: (path, sub, grids) of every file. Exits non-zero on any difference."""
    total = bad = 0
    with tempfile.TemporaryDirectory(prefix="thidua-corpus-check-") as td:
        td = Path(td)
        for path, sub, grids in written:
            n, p, stats = check_file(path, sub, grids, td)
            total += n
            bad += p
            extra = "".join(f"; {k}: {v}" for k, v in stats.items() if "decoded" in k or "composed" in k)
            print(f"checked {path.parent.name}/{path.name}: {n} cells{extra}")
    print(f"{total} cells compared in {len(written)} files, {bad} differences")
    if bad:
        raise SystemExit(1)
