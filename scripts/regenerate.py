"""Rebuild every committed fixture with the generators, or check that the committed ones are what the
generators produce. Run through scripts/regenerate, which makes the Python of scripts/requirements.txt
and finds LibreOffice, recode and a built thidua.

    scripts/regenerate           # rebuild; write the files whose content changed, and tests/fixtures/TOOLS.txt
    scripts/regenerate --check   # rebuild in a temporary directory and compare; the tree is not touched

Either way the generators run in a temporary copy of the tree holding only the inputs: every tracked file
outside the fixture folders (FOLDERS), and the hand-made files listed in scripts/fixtures-hand-made.txt.
Every other file of the fixture folders must come out of a generator: one that none writes is an orphan.
Each file the run produced is compared with the committed one (scripts/fixture_compare.py): same bytes,
same content (the writers' save times and LibreOffice's page-style order aside) or, when LibreOffice is
not the recorded version, same values.

--check prints one line per fixture and exits 1 on any difference, orphan or produced file that is not
committed. Without --check, the files that differ (and new ones) are copied into the tree; files whose
content is the same are left as they are, so a rebuild does not churn the save times of the committed
files; orphans are listed, not removed.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from fixture_compare import compare

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ["samples", "templates", "tests/fixtures", "tests/corpus", "tests/expected"]
TOOLS = "tests/fixtures/TOOLS.txt"
HAND_MADE = "scripts/fixtures-hand-made.txt"
REQUIREMENTS = "scripts/requirements.txt"

# The generators, in the order they must run, and what each writes.
GENERATORS = [
    (["python", "scripts/make_hostile.py"], "tests/fixtures/hostile/"),
    (["python", "scripts/fixtures_read.py"], "tests/fixtures/read/ (first: it empties the folder)"),
    (["python", "scripts/fixtures_fonts.py"], "tests/fixtures/read/fonts/"),
    (["python", "scripts/fixtures_layout.py"], "tests/fixtures/read/layout/"),
    (["python", "scripts/make_text_goldens.py"], "tests/fixtures/text/corpus.*.txt"),
    (["python", "scripts/make_samples.py"],
     "samples/khoi-van-hoa-xa-hoi/ workbooks, templates/khoi-van-hoa-xa-hoi.toml, tests/expected/sample-bloc.json"),
    (["bash", "scripts/make_legacy_ods.sh"], "tests/fixtures/legacy-ods/ (from two samples)"),
    (["python", "scripts/make_edge_fixtures.py"], "tests/fixtures/edge/"),
    (["python", "scripts/make_relative_fixtures.py"], "tests/fixtures/relative/ (criteria scored against the bloc)"),
    (["python", "scripts/make_history_fixtures.py"], "tests/fixtures/history/ (past years' JSON reports for --history)"),
    (["python", "scripts/make_province_fixtures.py"],
     "tests/fixtures/province/ (a province's blocs for thidua province; thidua consolidate writes some files)"),
    (["python", "scripts/make_corpus.py"], "tests/corpus/ (thidua convert writes some files)"),
]


def git_files(*paths: str) -> list[str]:
    out = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--", *paths], check=True,
                         capture_output=True).stdout
    return [os.fsdecode(p) for p in out.split(b"\0") if p]


def hand_made() -> dict[str, str]:
    """path -> why it is made by hand, from scripts/fixtures-hand-made.txt ("path  # reason")."""
    out = {}
    for line in (ROOT / HAND_MADE).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        path, sep, reason = line.partition("  # ")
        if not sep or not reason.strip():
            sys.exit(f"{HAND_MADE}: no reason given for {line!r} (write \"path  # reason\")")
        out[path.strip()] = reason.strip()
    return out


def first_line(cmd: list[str]) -> str:
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"not found ({e})"
    return ((res.stdout or res.stderr).strip().splitlines() or ["?"])[0]


def tools_text() -> str:
    """tests/fixtures/TOOLS.txt: the tools the generators run with."""
    lines = [
        "# The tools that made the committed fixtures, as scripts/regenerate recorded them. scripts/regenerate",
        "# --check says when it runs others; files written by LibreOffice are then compared by the values they",
        "# hold (a different LibreOffice lays its files out differently).",
        f"LibreOffice: {first_line(['soffice', '--version'])}",
        f"recode: {first_line(['recode', '--version'])}",
        f"Python: {platform.python_version()} (zlib {zlib.ZLIB_RUNTIME_VERSION})",
    ]
    for line in (ROOT / REQUIREMENTS).read_text(encoding="utf-8").splitlines():
        m = re.match(r"([A-Za-z0-9_.-]+)==", line)
        if m:
            lines.append(f"{m[1]}: {importlib.metadata.version(m[1])}")
    lines.append("thidua: built from the tree (`thidua convert` writes some corpus files)")
    return "\n".join(lines) + "\n"


def libreoffice_of(text: str | None) -> str | None:
    m = re.search(r"^LibreOffice: (.*)$", text or "", re.M)
    return m[1] if m else None


def run_generators(work: Path, log: Path) -> None:
    env = dict(os.environ)
    env.update(LC_ALL="C.UTF-8", TZ="UTC", PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1",
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}")
    env.setdefault("LO_PROFILE", (Path(work).parent / "lo-profile").as_uri())
    with log.open("w", encoding="utf-8") as out:
        for argv, what in GENERATORS:
            started = time.monotonic()
            out.write(f"\n== {' '.join(argv)}\n")
            out.flush()
            res = subprocess.run(argv, cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT)
            took = time.monotonic() - started
            print(f"  {' '.join(argv[1:]):32} {took:5.1f} s  {what}", flush=True)
            if res.returncode != 0:
                out.flush()
                tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
                print("\n".join(tail), file=sys.stderr)
                sys.exit(f"{argv[1]} failed (exit {res.returncode}); its output: {log}")


def files_under(root: Path) -> set[str]:
    out = set()
    for folder in FOLDERS:
        base = root / folder
        if base.is_dir():
            for p in base.rglob("*"):
                if p.is_file() and not p.name.startswith(".~lock."):
                    out.add(p.relative_to(root).as_posix())
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="scripts/regenerate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed fixtures; touch nothing")
    ap.add_argument("--keep", action="store_true", help="keep the temporary tree (its path is printed)")
    args = ap.parse_args(argv)

    manual = hand_made()
    tracked = git_files(".")
    fixture_files = {f for f in git_files(*FOLDERS) if (ROOT / f).is_file()}
    for path in manual:
        if path not in fixture_files:
            sys.exit(f"{HAND_MADE}: {path} is not a tracked file of {', '.join(FOLDERS)}")
    committed = fixture_files - set(manual)

    tmp = Path(tempfile.mkdtemp(prefix="thidua-fixtures-"))
    work = tmp / "tree"
    started = time.monotonic()
    try:
        for f in tracked:
            if f in committed or not (ROOT / f).is_file():
                continue
            (work / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, work / f)
        print(f"generators (in {work}):", flush=True)
        run_generators(work, tmp / "generators.log")
        (work / TOOLS).write_text(tools_text(), encoding="utf-8")
        produced = files_under(work) - set(manual)

        recorded = (ROOT / TOOLS).read_text(encoding="utf-8") if (ROOT / TOOLS).exists() else None
        here = (work / TOOLS).read_text(encoding="utf-8")
        lo_recorded, lo_here = libreoffice_of(recorded), libreoffice_of(here)
        values_ok = lo_recorded is not None and lo_recorded != lo_here

        counts: dict[str, int] = {}
        failed = []
        to_copy = []
        print("fixtures:")
        for rel in sorted(committed | produced):
            if rel == TOOLS:
                continue
            if rel not in produced:
                status, detail = "ORPHAN", f"no generator writes it (a hand-made file goes in {HAND_MADE}, with why)"
            elif rel not in committed:
                status, detail = "NEW", "produced but not committed"
            else:
                status, detail = compare(rel, ROOT / rel, work / rel, ROOT, work, values_ok)
            counts[status] = counts.get(status, 0) + 1
            print(f"  {status:12} {rel}" + (f": {detail}" if detail else ""))
            if status in ("DIFFERENT", "ORPHAN", "NEW"):
                failed.append(rel)
            if status in ("DIFFERENT", "NEW", "same values"):
                to_copy.append(rel)
        for path, reason in sorted(manual.items()):
            counts["hand-made"] = counts.get("hand-made", 0) + 1
            print(f"  {'hand-made':12} {path}: {reason}")

        tools_note = None
        if recorded != here:
            diff = [line for line in here.splitlines()
                    if not line.startswith("#") and line not in (recorded or "").splitlines()]
            tools_note = "tools differ from " + TOOLS + ": here " + "; ".join(diff)
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        print(f"{summary} ({elapsed:.0f} s)")
        if tools_note:
            print(f"note: {tools_note}")

        if args.check:
            if failed:
                print(f"FAILED: {len(failed)} fixtures are not what the generators produce "
                      f"(rebuild with scripts/regenerate, then review and commit)")
                return 1
            print("every committed fixture is what the generators produce")
            return 0

        for rel in to_copy:
            (ROOT / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / rel, ROOT / rel)
        (ROOT / TOOLS).write_text(here, encoding="utf-8")
        print(f"wrote {len(to_copy)} fixtures and {TOOLS}"
              + (f"; orphans left in place: {counts.get('ORPHAN')}" if counts.get("ORPHAN") else ""))
        return 0
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
