#!/usr/bin/env python3
"""Build the layout corpus tests/corpus/: eight blocs modelled on published scoring documents, each
with its rules file (quy-dinh.toml), the workbooks its units sent (written by openpyxl, xlwt,
LibreOffice and thidua's own writer, in the layouts and encodings units really use, some with planted
mistakes) and its answer key (expected.json) computed from the values written, never from thidua's
output. See tests/corpus/README.md.

    python3 scripts/make_corpus.py           # rebuild everything (same bytes on a rebuild)
    python3 scripts/make_corpus.py --check   # rebuild, then read every file back and compare every cell

Needs Python 3.11+, openpyxl, xlwt, xlrd, LibreOffice (soffice) and a built thidua (cargo build
--release, or THIDUA=…); --check also needs GNU recode and viparse==0.1.31 (as make_samples.py --check).
"""

from __future__ import annotations

import json
import sys
import tempfile
import unicodedata
from decimal import Decimal
from pathlib import Path

import corpus_budang
import corpus_dongthap
import corpus_hcm_tdkt
import corpus_honquan
import corpus_khuyenhoc
import corpus_quangtri
import corpus_taynguyen
import corpus_tiengiang
from corpus_check import check_all
from corpus_model import expected
from corpus_readme import readme
from corpus_write import write_file
from fixture_rules import D

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "corpus"
MODULES = [corpus_tiengiang, corpus_quangtri, corpus_hcm_tdkt, corpus_dongthap, corpus_taynguyen,
           corpus_budang, corpus_honquan, corpus_khuyenhoc]
SPREADSHEETS = (".xlsx", ".xls", ".ods")


def cells_key(grids) -> dict:
    """What a workbook holds, for telling identical copies from different versions."""
    out = {}
    for g in grids:
        for (r, c), (v, _) in g.cells.items():
            if v is None or v == "":
                continue
            out[(g.name, r, c)] = D(v) if isinstance(v, (Decimal, int, float)) else str(v)
    return out


def build_bloc(mod, td: Path):
    b = mod.bloc()
    folder = OUT / b.id
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.suffix.lower() in SPREADSHEETS:
            old.unlink()
    (folder / "quy-dinh.toml").write_text(b.toml, encoding="utf-8")
    places, grids_of, written = {}, {}, []
    for i, sub in enumerate(b.subs):
        assert unicodedata.is_normalized("NFC", sub.file), sub.file
        grids, where = sub.layout(b, sub)
        for g in grids:  # what the unit meant is NFC; a file's encoding is applied when it is written
            assert all(unicodedata.is_normalized("NFC", v) for v, _ in g.cells.values() if isinstance(v, str)), sub.file
        places[sub.file], grids_of[sub.file] = where, grids
        target = folder / sub.file
        creator = b.units[sub.unit]["name"] if sub.unit else "Microsoft Excel"
        write_file(grids, sub.writer, sub.encoding, target, creator, sub.saved, td, f"{b.id}-{i}")
        written.append((target, sub, grids))
    exp = expected(b, places, lambda s: cells_key(grids_of[s.file]))
    (folder / "expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return b, exp, written


def main(argv):
    entries, written = [], []
    with tempfile.TemporaryDirectory(prefix="thidua-corpus-") as td:
        for mod in MODULES:
            b, exp, files = build_bloc(mod, Path(td))
            entries.append((mod, b, exp))
            written += files
            ok = sum(1 for u in exp["units"].values() if u["status"] == "ok")
            clean = sum(1 for f in exp["files"].values() if f["clean"])
            print(f"{b.id}: {len(files)} files, {ok} units submitted of {len(exp['units'])}, {clean} clean files")
            for uid, u in exp["units"].items():
                print(f"  {uid:11} {u['status']:8} self={u['self_total']!s:7} total={u['total']!s:7} "
                      f"rank={u['rank']!s:4} award={u['award']}")
    (OUT / "README.md").write_text(readme(entries), encoding="utf-8")
    n_files = len(written)
    n_subs = sum(sum(1 for u in e[2]["units"].values() if u["status"] == "ok") for e in entries)
    n_clean = sum(sum(1 for f in e[2]["files"].values() if f["clean"]) for e in entries)
    print(f"{len(entries)} blocs, {n_files} files, {n_subs} submissions used, {n_clean} clean files")
    if "--check" in argv:
        check_all(written)


if __name__ == "__main__":
    main(sys.argv[1:])
