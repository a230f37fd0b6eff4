#!/usr/bin/env python3
"""Golden files for the legacy-encoding tests (tests/text_legacy.rs).

Reads tests/fixtures/text/corpus.txt (genuine Unicode NFC, one paragraph a
line) and writes next to it, one line per corpus line, the *surface* text a
legacy font cell would hold: the legacy bytes shown as Windows-1252
characters (bytes 81 8D 8F 90 9D, undefined there, as U+0081 ...), saved as
UTF-8.

  corpus.vni.txt     recode -f UTF-8..VNI (GNU recode), with its swapped
                     capitals fixed: recode writes Ắ as A+C8 and Ằ as A+C9,
                     the VNI chart has Ắ = A+C9 (breve+sắc) and Ằ = A+C8.
                     Checked by decoding back with viparse (vni) and recode.
  corpus.cp1258.txt  Python's cp1258 codec, after splitting every letter into
                     base letter (â ê ô ă ơ ư đ precomposed) + tone mark as
                     Windows-1258 requires. Checked by decoding back.
  corpus.tcvn3.txt   an encoder written here from the TCVN3 chart (recode's
                     "TCVN" is VN1, a different table), verified by decoding
                     back with viparse.fix(..., encoding="tcvn3"). TCVN3 has
                     no toned capitals: they are written with lower-case
                     codes (as typed for an H font), so in a normal font they
                     come back lower-case.
  corpus.viscii.txt  recode -f UTF-8..VISCII, checked with viparse.
  corpus.vps.txt     recode -f UTF-8..VPS, checked with viparse.
  corpus.nfd.txt     unicodedata NFD.

Needs (outside the repository): apt-get install recode; pip install
viparse==0.1.31 (scripts/requirements.txt). The tests only read the committed
outputs; scripts/regenerate runs this script with the others (CI:
scripts/regenerate --check). Run from the repository root: python3
scripts/make_text_goldens.py
"""

import subprocess
import sys
import unicodedata
from pathlib import Path

import viparse

DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "text"
TONES = {"\u0301", "\u0300", "\u0309", "\u0303", "\u0323"}  # sắc huyền hỏi ngã nặng


def surface(data: bytes) -> str:
    """Bytes as the Windows-1252 characters a legacy-font cell holds."""
    out = []
    for b in data:
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))  # 81 8D 8F 90 9D: undefined, kept as C1 controls
    return "".join(out)


def recode(text: str, charset: str) -> bytes:
    return subprocess.run(
        ["recode", "-f", "UTF-8.." + charset],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
    ).stdout


# --- TCVN3, from the chart: (plain, sắc, huyền, hỏi, ngã, nặng) per vowel.
TCVN3_ROWS = {
    "a": ("a", 0xB8, 0xB5, 0xB6, 0xB7, 0xB9),
    "â": (0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB),
    "ă": (0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6),
    "e": ("e", 0xD0, 0xCC, 0xCE, 0xCF, 0xD1),
    "ê": (0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6),
    "i": ("i", 0xDD, 0xD7, 0xD8, 0xDC, 0xDE),
    "o": ("o", 0xE3, 0xDF, 0xE1, 0xE2, 0xE4),
    "ô": (0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9),
    "ơ": (0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE),
    "u": ("u", 0xF3, 0xEF, 0xF1, 0xF2, 0xF4),
    "ư": (0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9),
    "y": ("y", 0xFD, 0xFA, 0xFB, 0xFC, 0xFE),
}
TCVN3_TONE_ORDER = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
TCVN3 = {"đ": 0xAE, "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}
for base, codes in TCVN3_ROWS.items():
    for tone, code in zip(TCVN3_TONE_ORDER, codes):
        letter = unicodedata.normalize("NFC", base + tone)
        TCVN3[letter] = ord(code) if isinstance(code, str) else code


def tcvn3(text: str) -> bytes:
    out = bytearray()
    for c in text:
        if c.isascii():
            out.append(ord(c))
        elif c in TCVN3:
            out.append(TCVN3[c])
        elif c.lower() in TCVN3:  # toned capital: lower-case code (H font)
            out.append(TCVN3[c.lower()])
        else:
            raise ValueError(f"TCVN3 has no code for {c!r}")
    return bytes(out)


def tcvn3_normal_font(text: str) -> str:
    """What TCVN3 gives back in a normal font: toned capitals lower-cased."""
    return "".join(
        c.lower() if c.isupper() and not c.isascii() and c not in TCVN3 else c for c in text
    )


def cp1258(text: str) -> bytes:
    out = bytearray()
    for c in text:
        parts = unicodedata.normalize("NFD", c)
        tone = "".join(p for p in parts if p in TONES)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES))
        out += (base + tone).encode("cp1258")
    return bytes(out)


def vni(text: str) -> bytes:
    data = recode(text, "VNI")
    # recode's VNI table swaps the capitals Ắ/Ằ (see the module docstring).
    return data.replace(b"A\xc8", b"A\x00").replace(b"A\xc9", b"A\xc8").replace(b"A\x00", b"A\xc9")


def recode_back(data: bytes, charset: str) -> str:
    """recode's reading of VNI bytes, with its Ắ/Ằ swap undone."""
    swapped = data.replace(b"A\xc8", b"A\x00").replace(b"A\xc9", b"A\xc8").replace(b"A\x00", b"A\xc9")
    return subprocess.run(
        ["recode", "-f", charset + "..UTF-8"], input=swapped, capture_output=True, check=True
    ).stdout.decode("utf-8")


def collapse(s: str) -> str:
    return " ".join(s.split())


def main() -> int:
    lines = (DIR / "corpus.txt").read_text(encoding="utf-8").splitlines()
    for line in lines:
        assert line == unicodedata.normalize("NFC", line), line
    outputs = {name: [] for name in ("tcvn3", "vni", "cp1258", "viscii", "vps", "nfd")}
    problems = 0
    for n, line in enumerate(lines, 1):
        t = surface(tcvn3(line))
        if collapse(viparse.fix(t, encoding="tcvn3")) != collapse(tcvn3_normal_font(line)):
            print(f"tcvn3 line {n}: viparse disagrees", file=sys.stderr)
            problems += 1
        outputs["tcvn3"].append(t)

        v = surface(vni(line))
        fixed = viparse.fix(v, encoding="vni")
        if recode_back(vni(line), "VNI") != line:
            print(f"vni line {n}: recode does not read it back", file=sys.stderr)
            problems += 1
        if "ẳ" not in line.lower() and "ỵ" not in line.lower() and collapse(fixed) != collapse(line):
            print(f"vni line {n}: viparse disagrees: {fixed}", file=sys.stderr)
            problems += 1
        outputs["vni"].append(v)

        c = surface(cp1258(line))
        raw = bytes(ord(ch) if ord(ch) < 0x100 else ch.encode("cp1252")[0] for ch in c)
        if unicodedata.normalize("NFC", raw.decode("cp1258")) != line:
            print(f"cp1258 line {n}: does not decode back", file=sys.stderr)
            problems += 1
        outputs["cp1258"].append(c)

        for name, charset in (("viscii", "VISCII"), ("vps", "VPS")):
            data = recode(line, charset)
            s = surface(data)
            # viparse reads bytes 80-9F as Latin-1 (C1) characters.
            if collapse(viparse.fix(data.decode("latin-1"), encoding=name)) != collapse(line):
                print(f"{name} line {n}: viparse disagrees", file=sys.stderr)
                problems += 1
            outputs[name].append(s)

        outputs["nfd"].append(unicodedata.normalize("NFD", line))

    for name, out in outputs.items():
        (DIR / f"corpus.{name}.txt").write_text("\n".join(out) + "\n", encoding="utf-8")
    words = sum(len(line.split()) for line in lines)
    print(f"{len(lines)} lines, {words} words; {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
