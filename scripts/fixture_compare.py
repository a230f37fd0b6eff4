"""Compare a committed fixture with the file the generators produce now (scripts/regenerate --check).

Three levels, strictest first; the first that holds is the answer:

  same bytes     the files are identical.
  same content   the files differ only where their writers stamp the time of the run or vary from one run
                 to the next, never in what they hold:
                 - zip packages (.xlsx, .xlsm, .ods): the same parts in the same order, each part identical
                   once decompressed (deflate output and entry times aside), with the dates of
                   docProps/core.xml and meta.xml masked, and in an .ods's styles.xml LibreOffice's
                   master pages (one per sheet's page style) taken in name order: LibreOffice 7.4 writes
                   them in an order that changes from run to run (sheetkit.normalise_zip sorts them in
                   the files it writes; the scripts of tests/fixtures/read/ keep LibreOffice's bytes);
                 - compound files (.xls, an encrypted .xlsx): the same streams, each identical, the
                   summary-information streams compared property by property without their dates; an
                   encrypted package (random salt and key on every run) decrypted with its password and
                   compared as a zip package;
                 - tests/fixtures/read/truncated.xlsx: the first half of basic.xlsx, as the script cuts it.
  same values    what a spreadsheet reader sees is the same: sheet names, order and visibility; every
                 cell's value and type; the font of each cell (name, size, bold, italic, underline) and its
                 rich-text runs; number formats; merged ranges; column widths and hidden columns; row
                 heights (openpyxl for .xlsx, xlrd for .xls, the package's content.xml and styles.xml for
                 .ods). This level is an answer only when LibreOffice here is not the version recorded in
                 tests/fixtures/TOOLS.txt (the caller says so): with the recorded tools every fixture must
                 be the same content at least.

compare() returns (status, detail): status is "same bytes", "same content", "same values" or "DIFFERENT",
detail the first difference found (or a note).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from sheetkit import sorted_master_pages

# Encrypted fixtures and their passwords (scripts/fixtures_read.py).
PASSWORDS = {"encrypted.xlsx": "matkhau"}
# Fixtures cut from another one: name -> (source, fraction kept) (scripts/fixtures_read.py).
TRUNCATED = {"tests/fixtures/read/truncated.xlsx": ("tests/fixtures/read/basic.xlsx", 2)}

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
DATE = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?")


class Different(Exception):
    """The first difference found."""


def compare(rel: str, committed: Path, produced: Path, committed_root: Path, produced_root: Path,
            values_ok: bool) -> tuple[str, str | None]:
    a, b = committed.read_bytes(), produced.read_bytes()
    if a == b:
        return "same bytes", None
    if a[:4] != ZIP_MAGIC and a[:8] != CFB_MAGIC:
        return "DIFFERENT", _first_line(a, b) or _first_byte(a, b)
    try:
        if rel in TRUNCATED:
            src, part = TRUNCATED[rel]
            for root, data in ((committed_root, a), (produced_root, b)):
                whole = (root / src).read_bytes()
                if data != whole[:len(whole) // part]:
                    raise Different(f"not the first 1/{part} of {src}")
            return "same content", f"the first 1/{part} of {Path(src).name}, compared on its own"
        same_content(committed.name, a, b)
        return "same content", None
    except Different as e:
        content_diff = str(e)
    except Exception as e:  # noqa: BLE001 - an unreadable file is a difference, with the reason
        content_diff = f"{type(e).__name__}: {e}"
    try:
        va, vb = read_values(committed.name, a), read_values(produced.name, b)
    except Exception as e:  # noqa: BLE001
        return "DIFFERENT", f"{content_diff} (and not readable as a workbook: {type(e).__name__}: {e})"
    value_diff = first_difference(va, vb)
    if value_diff is None:
        if values_ok:
            return "same values", f"LibreOffice differs from the recorded one; bytes: {content_diff}"
        return "DIFFERENT", f"{content_diff} (the cells read the same)"
    return "DIFFERENT", value_diff


# --------------------------------------------------------------------------- same content

def same_content(name: str, a: bytes, b: bytes):
    if a[:4] == ZIP_MAGIC and b[:4] == ZIP_MAGIC:
        return same_zip(a, b)
    if a[:8] == CFB_MAGIC and b[:8] == CFB_MAGIC:
        return same_cfb(name, a, b)
    raise Different(_first_byte(a, b))


def _first_byte(a: bytes, b: bytes) -> str:
    n = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
    return f"bytes differ from offset {n} ({len(a)} committed, {len(b)} produced)"


def _first_line(a: bytes, b: bytes) -> str | None:
    """The first differing line of two texts (None for binary files)."""
    try:
        la, lb = a.decode("utf-8").splitlines(), b.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return None
    for n, (x, y) in enumerate(zip(la + [None] * len(lb), lb + [None] * len(la)), 1):
        if x != y:
            return f"line {n}: committed {x!r}, produced {y!r}"
    return None


def _canonical_part(name: str, data: bytes) -> bytes:
    if name in ("docProps/core.xml", "meta.xml"):
        data = DATE.sub(b"<date>", data)
        data = re.sub(rb"<meta:editing-duration>[^<]*</meta:editing-duration>", b"", data)
    if name == "styles.xml":
        data = sorted_master_pages(data)
    return data


def same_zip(a: bytes, b: bytes):
    za, zb = zipfile.ZipFile(io.BytesIO(a)), zipfile.ZipFile(io.BytesIO(b))
    na, nb = [i.filename for i in za.infolist()], [i.filename for i in zb.infolist()]
    if na != nb:
        raise Different(f"zip parts differ: committed {na}, produced {nb}")
    for name in na:
        x, y = za.read(name), zb.read(name)
        if x != y and _canonical_part(name, x) != _canonical_part(name, y):
            raise Different(f"part {name}: {_first_byte(x, y)}")


def same_cfb(name: str, a: bytes, b: bytes):
    import olefile

    oa, ob = olefile.OleFileIO(io.BytesIO(a)), olefile.OleFileIO(io.BytesIO(b))
    sa, sb = sorted(oa.listdir()), sorted(ob.listdir())
    if sa != sb:
        raise Different(f"compound-file streams differ: committed {sa}, produced {sb}")
    if ["EncryptedPackage"] in sa:
        password = PASSWORDS.get(name)
        if password is None:
            raise Different("an encrypted package whose password the check does not know")
        return same_zip(_decrypt(a, password), _decrypt(b, password))
    for s in sa:
        x, y = oa.openstream(s).read(), ob.openstream(s).read()
        if x == y:
            continue
        if s[-1] in ("\x05SummaryInformation", "\x05DocumentSummaryInformation"):
            pa, pb = _properties(oa, s), _properties(ob, s)
            if pa == pb:
                continue
            raise Different(f"stream {'/'.join(s)}: properties differ: {pa} vs {pb}")
        raise Different(f"stream {'/'.join(s)}: {_first_byte(x, y)}")


def _properties(ole, stream) -> dict:
    """A property set without its dates (creation, last saved, last printed, editing time)."""
    props = ole.getproperties(stream, convert_time=True, no_conversion=[10])
    dated = {10, 11, 12, 13} if stream[-1] == "\x05SummaryInformation" else set()
    return {k: v for k, v in props.items() if k not in dated}


def _decrypt(data: bytes, password: str) -> bytes:
    import msoffcrypto

    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    office.load_key(password=password)
    out = io.BytesIO()
    office.decrypt(out)
    return out.getvalue()


# --------------------------------------------------------------------------- same values

def first_difference(a: dict, b: dict) -> str | None:
    for key in ("sheets",):
        if a[key] != b[key]:
            return f"sheets: committed {a[key]}, produced {b[key]}"
    for key in ("cells", "merges", "columns", "rows"):
        da, db = a[key], b[key]
        for k in sorted(set(da) | set(db), key=repr):
            if da.get(k) != db.get(k):
                return f"{key[:-1]} {k}: committed {da.get(k)!r}, produced {db.get(k)!r}"
    return None


def read_values(name: str, data: bytes) -> dict:
    """What a reader sees of a workbook: {"sheets": [(name, visible)], "cells": {(sheet, row, col): …},
    "merges": {(sheet, range): True}, "columns": {(sheet, col): (width, hidden)}, "rows": {(sheet, row):
    height}}."""
    if data[:8] == CFB_MAGIC:
        import olefile

        ole = olefile.OleFileIO(io.BytesIO(data))
        if ole.exists("EncryptedPackage"):
            return read_values(name, _decrypt(data, PASSWORDS[name]))
        return _xls_values(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
    if "content.xml" in names:
        return _ods_values(data)
    return _xlsx_values(data)


def _number(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return v
    return float(v)


def _xlsx_values(data: bytes) -> dict:
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText

    wb = openpyxl.load_workbook(io.BytesIO(data), rich_text=True)
    out = {"sheets": [(ws.title, ws.sheet_state) for ws in wb.worksheets], "cells": {}, "merges": {},
           "columns": {}, "rows": {}}
    for ws in wb.worksheets:
        for c in ws._cells.values():  # the cells in the file (iter_rows would walk the whole bounding box)
            if c.value is None and not c.has_style:
                continue
            v = c.value
            runs = None
            if isinstance(v, CellRichText):
                runs = tuple((t, None, None) if isinstance(t, str) else
                             (t.text, t.font.rFont if t.font else None, t.font.b if t.font else None)
                             for t in v)
                v = str(v)
            f = c.font
            font = (f.name, f.sz and float(f.sz), bool(f.b), bool(f.i), f.u) if f else None
            out["cells"][(ws.title, c.row, c.column)] = (_number(v), c.data_type, font, runs, c.number_format)
        for rng in ws.merged_cells.ranges:
            out["merges"][(ws.title, str(rng))] = True
        for letter, dim in ws.column_dimensions.items():
            for col in range(dim.min or 0, (dim.max or 0) + 1):
                out["columns"][(ws.title, col)] = (dim.width, bool(dim.hidden))
        for r, dim in ws.row_dimensions.items():
            if dim.height is not None:
                out["rows"][(ws.title, r)] = dim.height
    return out


def _xls_values(data: bytes) -> dict:
    import xlrd

    book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    out = {"sheets": [(s.name, s.visibility) for s in book.sheets()], "cells": {}, "merges": {},
           "columns": {}, "rows": {}}

    def font(i):
        f = book.font_list[i]
        return (f.name, f.height, bool(f.bold), bool(f.italic), f.underline_type)

    for s in book.sheets():
        for r in range(s.nrows):
            for c in range(s.ncols):
                cell = s.cell(r, c)
                xf = book.xf_list[cell.xf_index]
                runs = s.rich_text_runlist_map.get((r, c))
                runs = tuple((pos, font(fi)) for pos, fi in runs) if runs else None
                fmt = book.format_map[xf.format_key].format_str
                out["cells"][(s.name, r, c)] = (_number(cell.value), cell.ctype, font(xf.font_index), runs, fmt)
        for rlo, rhi, clo, chi in s.merged_cells:
            out["merges"][(s.name, (rlo, rhi, clo, chi))] = True
        for col, info in s.colinfo_map.items():
            out["columns"][(s.name, col)] = (info.width, bool(info.hidden))
        for r, info in s.rowinfo_map.items():
            out["rows"][(s.name, r)] = info.height
    return out


NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def _ods_values(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        content = ET.fromstring(z.read("content.xml"))
        styles = ET.fromstring(z.read("styles.xml")) if "styles.xml" in z.namelist() else None
    by_name: dict[str, ET.Element] = {}
    families: dict[str, str] = {}  # font-face name -> the font family it declares
    for root in (styles, content):
        if root is None:
            continue
        for st in root.iter(_q("style", "style")):
            by_name[st.get(_q("style", "name"))] = st
        for face in root.iter(_q("style", "font-face")):
            families[face.get(_q("style", "name"))] = (face.get(_q("svg", "font-family")) or "").strip("'\"")

    def text_props(style_name, depth=0):
        """Font name, size, weight, style, underline of a cell style, following its parents."""
        st = by_name.get(style_name)
        if st is None or depth > 10:
            return {}
        props = dict(text_props(st.get(_q("style", "parent-style-name")), depth + 1))
        tp = st.find(_q("style", "text-properties"))
        if tp is not None:
            for key in ("font-name", "font-size", "font-weight", "font-style", "text-underline-style"):
                for prefix in ("style", "fo"):
                    v = tp.get(_q(prefix, key))
                    if v is not None:
                        props[key] = families.get(v, f"{v} (undeclared)") if key == "font-name" else v
        num = st.get(_q("style", "data-style-name"))
        if num:
            props["number"] = num
        return props

    def cell_text(cell) -> str:
        parts = []
        for p in cell.findall(_q("text", "p")):
            parts.append("".join(_inline(p)))
        return "\n".join(parts)

    def _inline(el):
        out = [el.text or ""]
        for ch in el:
            if ch.tag == _q("text", "s"):
                out.append(" " * int(ch.get(_q("text", "c"), "1")))
            elif ch.tag == _q("text", "tab"):
                out.append("\t")
            elif ch.tag == _q("text", "line-break"):
                out.append("\n")
            else:
                out.extend(_inline(ch))
            out.append(ch.tail or "")
        return out

    out = {"sheets": [], "cells": {}, "merges": {}, "columns": {}, "rows": {}}
    table_styles = {}
    for st in content.iter(_q("style", "style")):
        tp = st.find(_q("style", "table-properties"))
        if tp is not None:
            table_styles[st.get(_q("style", "name"))] = tp.get(_q("table", "display"), "true")
    for t in content.iter(_q("table", "table")):
        name = t.get(_q("table", "name"))
        out["sheets"].append((name, table_styles.get(t.get(_q("table", "style-name")), "true")))
        col = 0
        col_default = {}
        for c in t.iter(_q("table", "table-column")):
            n = int(c.get(_q("table", "number-columns-repeated"), "1"))
            width = None
            cs = by_name.get(c.get(_q("table", "style-name")))
            if cs is not None:
                cp = cs.find(_q("style", "table-column-properties"))
                width = cp.get(_q("style", "column-width")) if cp is not None else None
            visible = c.get(_q("table", "visibility"), "visible")
            for i in range(min(n, 1024)):
                col_default[col + i] = c.get(_q("table", "default-cell-style-name"))
                if width is not None or visible != "visible":
                    out["columns"][(name, col + i)] = (width, visible)
            col += n
        r = 0
        for row in t.iter(_q("table", "table-row")):
            nr = int(row.get(_q("table", "number-rows-repeated"), "1"))
            rs = by_name.get(row.get(_q("table", "style-name")))
            if rs is not None:
                rp = rs.find(_q("style", "table-row-properties"))
                if rp is not None and rp.get(_q("style", "row-height")):
                    out["rows"][(name, r)] = rp.get(_q("style", "row-height"))
            c = 0
            for cell in row:
                if cell.tag not in (_q("table", "table-cell"), _q("table", "covered-table-cell")):
                    continue
                nc = int(cell.get(_q("table", "number-columns-repeated"), "1"))
                vtype = cell.get(_q("office", "value-type"))
                text = cell_text(cell)
                if vtype or text or cell.get(_q("table", "style-name")):
                    if vtype in ("float", "percentage", "currency"):
                        value = float(cell.get(_q("office", "value")))
                    elif vtype == "boolean":
                        value = cell.get(_q("office", "boolean-value"))
                    elif vtype == "date":
                        value = cell.get(_q("office", "date-value"))
                    elif vtype == "time":
                        value = cell.get(_q("office", "time-value"))
                    else:
                        value = text or None
                    style = cell.get(_q("table", "style-name")) or col_default.get(c)
                    props = tuple(sorted(text_props(style).items()))
                    formula = cell.get(_q("table", "formula"))
                    for i in range(min(nc, 1024)):
                        out["cells"][(name, r, c + i)] = (value, vtype, formula, text if vtype else None, props)
                span = (int(cell.get(_q("table", "number-rows-spanned"), "1")),
                        int(cell.get(_q("table", "number-columns-spanned"), "1")))
                if span != (1, 1):
                    out["merges"][(name, r, c, span)] = True
                c += nc
            r += nr
    return out
