#!/usr/bin/env python3
"""Assembles one package for scripts/package.sh (which builds the binaries).

    package.py --version V --binary PATH --template DIR --output dist/NAME.{zip,tar.gz}

Layout (a .zip unpacks flat, as Windows' "Extract All" makes a folder of the
zip's name; a .tar.gz has one top folder named after the archive):
    thidua.exe | thidua
    Hướng dẫn sử dụng.html      docs/huong-dan/huong-dan.html, pictures inside
    Mẫu/quy-dinh-mau.toml       templates/quy-dinh-mau.toml
    Mẫu/<the blank workbook>    `thidua template` of that rules file
    Khối mẫu/...                samples/khoi-van-hoa-xa-hoi
Entries are sorted, dated 2025-01-01 (no clock in the archive), names in
UTF-8 (the zip's UTF-8 flag is set for them). Standard library only.
"""
import argparse
import base64
import io
import re
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATE = (2025, 1, 1, 0, 0, 0)
MTIME = 1735689600  # 2025-01-01 00:00:00 UTC


def guide(version):
    source = ROOT / "docs" / "huong-dan"
    html = (source / "huong-dan.html").read_text(encoding="utf-8")
    html = re.sub(r"<!-- The user guide.*?-->\n", "", html, flags=re.S)

    def inline(match):
        data = base64.b64encode((source / match.group(1)).read_bytes()).decode()
        return f'src="data:image/png;base64,{data}"'

    html = re.sub(r'src="([^"/]+\.png)"', inline, html)
    return html.replace("{{version}}", version).encode("utf-8")


def entries(version, binary, template):
    """(name in the package, bytes, executable) in order."""
    binary = Path(binary)
    items = [(binary.name, binary.read_bytes(), True)]
    items.append(("Hướng dẫn sử dụng.html", guide(version), False))
    items.append(("Mẫu/quy-dinh-mau.toml", (ROOT / "templates/quy-dinh-mau.toml").read_bytes(), False))
    for f in sorted(Path(template).iterdir()):
        items.append((f"Mẫu/{f.name}", f.read_bytes(), False))
    sample = ROOT / "samples" / "khoi-van-hoa-xa-hoi"
    for f in sorted(sample.iterdir()):
        if f.is_file():
            items.append((f"Khối mẫu/{f.name}", f.read_bytes(), False))
    return items


def write_zip(path, items):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data, executable in items:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix: keeps the mode bits below
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            z.writestr(info, data)


def write_tar(path, top, items):
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as t:
        dirs = sorted({str(Path(top, n).parent) for n, _, _ in items} | {top})
        for d in dirs:
            info = tarfile.TarInfo(d)
            info.type = tarfile.DIRTYPE
            info.mode = 0o755
            info.mtime = MTIME
            t.addfile(info)
        for name, data, executable in items:
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size = len(data)
            info.mode = 0o755 if executable else 0o644
            info.mtime = MTIME
            t.addfile(info, io.BytesIO(data))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--version", required=True)
    p.add_argument("--binary", required=True)
    p.add_argument("--template", required=True)
    p.add_argument("--output", required=True)
    a = p.parse_args()
    items = entries(a.version, a.binary, a.template)
    out = Path(a.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.name.endswith(".zip"):
        write_zip(out, items)
    else:
        write_tar(out, out.name.removesuffix(".tar.gz"), items)
    print(f"{out}: {out.stat().st_size:,} bytes, {len(items)} files")
    for name, data, _ in items:
        print(f"  {len(data):>12,}  {name}")


if __name__ == "__main__":
    main()
