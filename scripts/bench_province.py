#!/usr/bin/env python3
"""Benchmark of `thidua province` from raw submissions (issue 15): a province of 20 blocs × 15 units,
every bloc a folder (its rules file and 15 submissions written by openpyxl in the shared benchmark's
layout, /work/shared/bench/gen.py), consolidated and checked in one run; then a national run, 34 such
provinces one after the other. Prints wall seconds per province and for the 34.

    python3 scripts/bench_province.py [THIDUA]     # default: target/release/thidua (cargo build --release)

Needs openpyxl (the fixtures' venv has it: ~/.cache/thidua-fixtures/venv-*/bin/python).

Everything goes to $THIDUA_BENCH_DIR/province (default /tmp/thidua-bench/province), generated once and
reused; nothing is written into the repository.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("THIDUA_BENCH_DIR", "/tmp/thidua-bench")) / "province"
BLOCS, UNITS, PROVINCES = 20, 15, 34
CRITERIA = [("I", "Thực hiện nhiệm vụ chính trị, chuyên môn", 60, ["I.1", "I.2", "I.3"]),
            ("II", "Công tác thi đua, khen thưởng", 40, ["II.1", "II.2"])]
LEAF_MAX = {"I.1": 20, "I.2": 20, "I.3": 20, "II.1": 20, "II.2": 20}
AWARDS = ["Cờ thi đua của Chính phủ", "Cờ thi đua của Ủy ban nhân dân tỉnh",
          "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"]


def bloc_rules(p: int, b: int) -> str:
    out = [f'[bloc]\nname = "Khối thi đua số {b:02d} tỉnh {p:02d}"\nyear = 2025\nscale = 100\n']
    for u in range(UNITS):
        out.append(f'[[units]]\nid = "U{u:02d}"\nname = "Đơn vị số {u:02d} khối {b:02d} tỉnh {p:02d}"\n')
    for code, title, mx, leaves in CRITERIA:
        out.append(f'[[criteria]]\ncode = "{code}"\ntitle = "{title}"\nmax = {mx}\n')
        for leaf in leaves:
            out.append(f'[[criteria]]\ncode = "{leaf}"\ntitle = "Tiêu chí {leaf}"\nmax = {LEAF_MAX[leaf]}\n')
    out.append(f'[[awards]]\nname = "{AWARDS[0]}"\ncount = 1\n')
    out.append(f'[[awards]]\nname = "{AWARDS[1]}"\ncount = 1\n')
    out.append(f'[[awards]]\nname = "{AWARDS[2]}"\nshare = 0.5\n')
    return "\n".join(out)


def province_rules(p: int) -> str:
    out = [f'[province]\nname = "Tỉnh thử {p:02d}"\nyear = 2025\n']
    for b in range(BLOCS):
        out.append(f'[[blocs]]\nid = "K{b:02d}"\nname = "Khối thi đua số {b:02d} tỉnh {p:02d}"\n')
    out.append(f'[[awards]]\nname = "{AWARDS[0]}"\nmax_per_bloc = 1\ntop = 1\n')
    out.append(f'[[awards]]\nname = "{AWARDS[1]}"\nmax_per_bloc = 1\n')
    out.append(f'[[awards]]\nname = "{AWARDS[2]}"\nmax_share = 0.3\n')
    return "\n".join(out)


def submission(path: Path, name: str, rng: random.Random):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chấm điểm"
    ws["A1"] = "UBND TỈNH"
    ws["D1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"] = name.upper()
    ws["D2"] = "Độc lập - Tự do - Hạnh phúc"
    ws["A4"] = "BẢNG CHẤM ĐIỂM THI ĐUA NĂM 2025"
    ws["A5"] = "Tên đơn vị: " + name
    ws.append([])
    ws.append(["TT", "Tiêu chí", "Điểm chuẩn", "Điểm tự chấm", "Ghi chú"])
    for code, title, mx, leaves in CRITERIA:
        ws.append([code, title, mx, None, None])
        for leaf in leaves:
            v = rng.randint(LEAF_MAX[leaf] * 2 // 3 * 2, LEAF_MAX[leaf] * 2) / 2
            ws.append([leaf.split(".")[1], f"Tiêu chí {leaf}", LEAF_MAX[leaf], v, "Báo cáo số 12/BC"])
    wb.save(path)


def generate(p: int) -> Path:
    root = CACHE / f"tinh-{p:02d}"
    done = root / ".complete"
    if done.exists():
        return root
    rng = random.Random(p)
    (root / "khoi").mkdir(parents=True, exist_ok=True)
    (root / "tinh.toml").write_text(province_rules(p), encoding="utf-8")
    for b in range(BLOCS):
        folder = root / "khoi" / f"khoi-{b:02d}"
        folder.mkdir(exist_ok=True)
        (folder / "quy-dinh.toml").write_text(bloc_rules(p, b), encoding="utf-8")
        for u in range(UNITS):
            submission(folder / f"don-vi-{u:02d}.xlsx", f"Đơn vị số {u:02d} khối {b:02d} tỉnh {p:02d}", rng)
    done.touch()
    return root


def run(thidua: Path, root: Path) -> float:
    start = time.perf_counter()
    out = subprocess.run([str(thidua), "province", str(root / "tinh.toml"), str(root / "khoi"),
                          "-o", str(root / "tong-hop-tinh.xlsx"), "--json", str(root / "tong-hop-tinh.json")],
                         capture_output=True, timeout=600)
    took = time.perf_counter() - start
    if out.returncode not in (0, 1):
        raise SystemExit(f"thidua province failed on {root}: {out.stderr.decode()}")
    return took


def main() -> None:
    thidua = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "target/release/thidua"
    if not thidua.exists():
        raise SystemExit(f"{thidua} not found: cargo build --release, or give the binary")
    t0 = time.perf_counter()
    roots = [generate(p) for p in range(PROVINCES)]
    print(f"generated {PROVINCES} provinces × {BLOCS} blocs × {UNITS} units in {time.perf_counter() - t0:.0f} s "
          f"({CACHE})")
    one = [run(thidua, roots[0]) for _ in range(5)]
    print(f"one province ({BLOCS} blocs × {UNITS} units = {BLOCS * UNITS} submissions, from raw submissions): "
          f"median {statistics.median(one):.3f} s wall (min {min(one):.3f}, max {max(one):.3f}, 5 runs), "
          f"{os.cpu_count()} cores")
    start = time.perf_counter()
    for root in roots:
        run(thidua, root)
    total = time.perf_counter() - start
    print(f"national run ({PROVINCES} provinces, {PROVINCES * BLOCS * UNITS} submissions, one after the other): "
          f"{total:.1f} s wall, {total / PROVINCES:.3f} s a province")


if __name__ == "__main__":
    main()
