"""Writers of the layout corpus: each submission's grids become the file the unit sent, through
openpyxl (.xlsx), xlwt (.xls), LibreOffice (.ods, or .xls converted from an openpyxl file) or thidua's
own writer (`thidua convert` of a legacy-encoded .xls: a Unicode .xlsx by rust_xlsxwriter).

Text is typed in the submission's encoding (TCVN3 with .VnTime/.VnTimeH, VNI-Windows with VNI-Times,
or decomposed Unicode) through the encoders of scripts/make_samples.py. Document dates are pinned to
the submission's saved date so that a rebuild gives the same bytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from make_samples import encode_for_file
from sheetkit import Grid, normalise_zip, render_openpyxl, render_xlwt, soffice_convert

ROOT = Path(__file__).resolve().parent.parent


def thidua_binary() -> Path:
    """The thidua used as a writer (THIDUA=… picks another build)."""
    path = Path(os.environ.get("THIDUA", ROOT / "target" / "release" / "thidua"))
    if not path.exists():
        raise SystemExit(f"{path} not found: run `cargo build --release` (or set THIDUA=…)")
    return path


def encoded(grids: list[Grid], encoding: str | None) -> list[Grid]:
    """The grids as typed: legacy-encoded text and legacy fonts, or decomposed Unicode."""
    if not encoding:
        return grids
    return encode_for_file({"text": encoding}, grids, {})


def write_file(grids: list[Grid], writer: str, encoding: str | None, target: Path, creator: str,
               saved: str, tmp: Path, key: str):
    """Write one submission to target."""
    iso = saved.encode()
    if writer == "openpyxl":
        render_openpyxl(encoded(grids, encoding), target, creator)
        normalise_zip(target, iso)
    elif writer == "xlwt":
        render_xlwt(encoded(grids, encoding), target)
    elif writer in ("lo-ods", "lo-xls"):
        src = tmp / f"{key}.xlsx"
        render_openpyxl(encoded(grids, encoding), src, creator)
        outdir = tmp / f"out-{key}"
        outdir.mkdir()
        fmt = {"lo-ods": "ods", "lo-xls": "xls"}[writer]
        shutil.move(soffice_convert(src, fmt, outdir), target)
        if fmt == "ods":
            normalise_zip(target, iso)
    elif writer == "thidua":
        assert encoding in ("tcvn3", "vni"), "thidua convert is given a legacy-encoded .xls"
        src = tmp / f"{key}.xls"
        render_xlwt(encoded(grids, encoding), src)
        outdir = tmp / f"out-{key}"
        outdir.mkdir()
        subprocess.run([str(thidua_binary()), "convert", "-o", str(outdir), str(src)], check=True,
                       stdout=subprocess.DEVNULL, timeout=120)
        shutil.move(outdir / f"{key}.xlsx", target)
        normalise_zip(target, iso)
    else:
        raise ValueError(writer)
