"""Layout engine of the layout corpus (scripts/make_corpus.py): a scoring table as a list of rows
placed on a sheetkit.Grid, with the positions of every criterion's cells recorded for the answer key.

A table has columns (Col: a role such as "stt", "title", "max", "self", "rev", "note", and the header
as printed) and rows (Row: the value of each role, the criteria the row carries, merges). Subtotal and
total cells are written as placeholders (Stated, Line) and resolved once every position is known, to
the unit's own arithmetic (numbers) or to formulas (files that LibreOffice re-saves with their values).

criterion_rows() turns a range of criteria into rows for most forms: labels, titles and maxima come
from a Style (per form), values and every planted edit (deleted, moved, merged, wrapped rows, inserted
text rows) from the submission.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from fixture_rules import D
from sheetkit import Grid, a1

# Roles whose cells hold numbers, and roles whose texts are evidence or notes for the answer key.
NUM_ROLES = ("max", "self", "rev")
NOTE_ROLES = ("note", "expl", "reason")


@dataclass
class Col:
    role: str
    header: str
    width: float = 9.0
    top: str | None = None  # two-row header: caption merged over consecutive columns with the same top


@dataclass
class Row:
    cells: dict
    codes: tuple = ()  # criteria whose cells are on this row
    title_code: str | None = None  # criterion of the title/stt cells when it is not codes[0]
    kind: str = "crit"  # crit | text | line | cont | head
    bold: bool = False
    italic: bool = False
    span: tuple | None = None  # (role_a, role_b): the value of role_a merged across a..b
    down: dict = field(default_factory=dict)  # role -> number of rows merged downward
    name: str | None = None  # key of a summary line
    height: float | None = None


@dataclass(frozen=True)
class Stated:
    """A parent's subtotal as the unit wrote it."""
    code: str
    role: str = "self"


@dataclass(frozen=True)
class Line:
    """A summary line as the unit wrote it: what is "score", "bonus", "deduction", "total",
    "score+bonus" or "maxsum" (the scale)."""
    what: str
    role: str = "self"


class Where:
    """Positions of what was written: (code, role) -> (sheet, row, col); subtotals; summary lines."""

    def __init__(self):
        self.cells: dict[tuple[str, str], tuple[str, int, int]] = {}
        self.sums: dict[tuple[str, str], tuple[str, int, int]] = {}
        self.lines: dict[str, dict[str, tuple[str, int, int]]] = {}
        self.whats: dict[tuple[str, str], tuple[str, int, int]] = {}  # (Line.what, role) -> cell
        self.title: tuple[str, int, int] | None = None
        self.headers: dict[tuple[str, str], str] = {}  # (sheet, role) -> header text

    def at(self, key) -> tuple[str, str]:
        sheet, r, c = key
        return sheet, a1(r, c)


class Table:
    """One table on a grid: its columns, header rows and body rows."""

    def __init__(self, g: Grid, cols: list[Col], where: Where, c0: int = 0, num_fmt=None, size=12):
        self.g, self.cols, self.where, self.c0 = g, cols, where, c0
        self.col = {c.role: c0 + i for i, c in enumerate(cols)}
        self.num_fmt = num_fmt
        self.size = size
        self.covered: set[tuple[int, int]] = set()
        for c in cols:
            where.headers.setdefault((g.name, c.role), c.header)

    @property
    def first(self) -> int:
        return self.c0

    @property
    def last(self) -> int:
        return self.c0 + len(self.cols) - 1

    def header(self, r: int, numbering: bool = False, height: float = 36) -> int:
        """Header rows from r (one row, or two with merged group captions); a numbering row
        (1)(2)(3)… under them if asked. Returns the first row after them."""
        H = dict(h="center", bold=True, border=True, wrap=True, size=self.size)
        two = any(c.top for c in self.cols)
        i = 0
        while i < len(self.cols):
            c = self.cols[i]
            x = self.c0 + i
            if two and c.top:
                j = i
                while j + 1 < len(self.cols) and self.cols[j + 1].top == c.top:
                    j += 1
                self.g.merge(r, x, r, self.c0 + j, c.top, **H)
                for k in range(i, j + 1):
                    self.g.put(r + 1, self.c0 + k, self.cols[k].header, **H)
                i = j + 1
                continue
            if two:
                self.g.merge(r, x, r + 1, x, c.header, **H)
            else:
                self.g.put(r, x, c.header, **H)
            i += 1
        self.g.heights[r] = height if not two else 22
        r += 2 if two else 1
        if numbering:
            for k in range(len(self.cols)):
                self.g.put(r, self.c0 + k, f"({k + 1})", h="center", italic=True, border=True, size=11)
            r += 1
        return r

    def rows(self, r: int, rows: list[Row]) -> int:
        """Write rows from r; record where each criterion's cells are. Returns the next row."""
        for row in rows:
            self._row(r, row)
            r += 1
        return r

    def _style(self, role: str, row: Row) -> dict:
        base = dict(border=True, bold=row.bold, italic=row.italic, size=self.size)
        if role in NUM_ROLES:
            return dict(base, h="center", fmt=self.num_fmt)
        if role == "stt":
            return dict(base, h="center")
        return dict(base, wrap=True, size=self.size - 1 if role in NOTE_ROLES else self.size)

    def _row(self, r: int, row: Row):
        g, sheet = self.g, self.g.name
        span_skip = set()
        if row.span:
            a, b = row.span
            ca, cb = self.col[a], self.col[b]
            span_skip = {x for x in range(ca + 1, cb + 1)}
        for role, x in self.col.items():
            if (r, x) in self.covered or x in span_skip:
                continue
            v = row.cells.get(role)
            s = self._style(role, row)
            n = row.down.get(role, 1)
            if row.span and role == row.span[0]:
                cb = self.col[row.span[1]]
                g.merge(r, x, r + n - 1, cb, v, **s)
                self._cover(r, x, r + n - 1, cb)
            elif n > 1:
                g.merge(r, x, r + n - 1, x, v, **s)
                self._cover(r, x, r + n - 1, x)
            else:
                g.put(r, x, v, **s)
            key = (sheet, r, x)
            if isinstance(v, Stated):
                self.where.sums[(v.code, v.role)] = key
            if isinstance(v, Line):
                self.where.whats[(v.what, v.role)] = key
                if row.name:
                    self.where.lines.setdefault(row.name, {})[role] = key
            owner = None
            if role in ("stt", "title") and row.title_code:
                owner = row.title_code
            elif row.codes:
                owner = row.codes
            if owner is None:
                continue
            for code in (owner,) if isinstance(owner, str) else owner:
                if row.kind != "cont" or role in row.cells:
                    self.where.cells.setdefault((code, role), key)
        if row.name:
            for role, x in self.col.items():
                self.where.lines.setdefault(row.name, {}).setdefault(role, (sheet, r, x))
        if row.height:
            g.heights[r] = row.height

    def _cover(self, r1, c1, r2, c2):
        for rr in range(r1, r2 + 1):
            for cc in range(c1, c2 + 1):
                if (rr, cc) != (r1, c1):
                    self.covered.add((rr, cc))


# --------------------------------------------------------------------------- the rows of criteria

@dataclass
class Style:
    """How a form prints its criteria: label, title and maximum of each, and which parents carry a
    subtotal and where."""
    label: Callable[[str], object]
    title: Callable[[str], str]
    max_cell: Callable[[str], object]
    section_span: tuple | None = None  # section rows: title merged over these roles, e.g. ("stt", "title")
    subtotal: Callable[[str], str] = lambda code: "own"  # "own" | "after" | "none"
    after_title: Callable[[str], str] = lambda code: f"Cộng mục {code}"
    extra: Callable[[str], dict] = lambda code: {}  # more cells of a criterion's row
    after: dict = field(default_factory=dict)  # code -> rows printed after the criterion's row


def criterion_rows(sub, tree, codes: list[str], style: Style, roles: tuple) -> list[Row]:
    """Rows of the criteria `codes` (in rules order) as this submission wrote them."""
    order = [c for c in codes if c not in sub.omit]
    for a, b in sub.swaps:
        if a in order and b in order:
            i, j = order.index(a), order.index(b)
            order[i], order[j] = order[j], order[i]
    merged_second = {m[1]: m for m in sub.merged}
    merged_first = {m[0]: m for m in sub.merged}
    full_review = sub.full_review(tree)

    def label(code):
        if sub.renumber:
            sibs = tree.children_of(tree.parent_of(code)) if tree.parent_of(code) else \
                [c["code"] for c in tree.list if tree.parent_of(c["code"]) is None]
            kept = [s for s in sibs if s not in sub.omit]
            if code in kept and len(kept) < len(sibs):
                return style.label(sibs[kept.index(code)])
        return style.label(code)

    out: list[Row] = []
    pending_after: dict[str, list[Row]] = {}
    for code in order:
        if code in merged_second:
            continue
        depth = code.count(".")
        leaf = tree.is_leaf(code)
        cells = {"stt": label(code), "title": style.title(code), "max": style.max_cell(code)}
        cells.update(style.extra(code))
        row_codes = (code,)
        if code in merged_first:
            a, b, title = merged_first[code]
            row_codes = (a, b)
            cells["title"] = title
            cells["max"] = D(tree.by_code[a]["max"]) + D(tree.by_code[b]["max"])
        for role in ("note", "expl", "reason", "target", "result"):
            t = sub.texts.get(role, {}).get(code)
            if t is not None:
                cells[role] = t
        if leaf:
            cells["self"] = sub.self.get(code)
            if "rev" in roles:
                cells["rev"] = sub.reviewed.get(code)
        else:
            mode = style.subtotal(code)
            if mode == "own":
                cells["self"] = Stated(code, "self")
                if "rev" in roles and full_review:
                    cells["rev"] = Stated(code, "rev")
            if mode == "after":
                line = {"title": style.after_title(code), "max": style.max_cell(code), "self": Stated(code, "self")}
                if "rev" in roles and full_review:
                    line["rev"] = Stated(code, "rev")
                last = _last_descendant(code, order)
                pending_after.setdefault(last, []).append(Row(line, kind="line", bold=True, name=f"after:{code}"))
        bold = depth == 0 and not leaf
        span = style.section_span if (depth == 0 and not leaf) else None
        if span and span[0] != "title":
            cells[span[0]] = cells["title"]  # the title (label typed in it) spans from the first role
        row = Row(cells, row_codes, kind="crit", bold=bold, italic=depth >= 2 and not leaf, span=span)
        rows = _maybe_wrapped(sub, code, row, roles)
        out.extend(rows)
        out.extend(style.after.get(code, []))
        out.extend(sub.after.get(code, []))
        out.extend(pending_after.pop(code, []))
        if code in merged_first:  # a subtotal due after the second criterion of the row
            out.extend(pending_after.pop(merged_first[code][1], []))
    for rest in pending_after.values():
        out.extend(rest)
    return out


def _last_descendant(code: str, order: list[str]) -> str:
    desc = [c for c in order if c == code or c.startswith(code + ".")]
    return desc[-1]


def _maybe_wrapped(sub, code: str, row: Row, roles: tuple) -> list[Row]:
    """A title typed over two rows. "merged": label, maximum and scores merged down over both
    rows, the title's second half on the second row. "unmerged": label and the first half on the
    first row, the rest of the title (lower case) with the numbers on the second."""
    how = sub.wraps.get(code)
    if not how:
        return [row]
    title = row.cells["title"]
    words = title.split(" ")
    half = (len(words) + 1) // 2
    first, second = " ".join(words[:half]), " ".join(words[half:])
    if how == "merged":
        top = Row(dict(row.cells, title=first), row.codes, kind=row.kind, bold=row.bold, italic=row.italic,
                  down={r: 2 for r in roles if r not in ("title",)})
        bottom = Row({"title": second}, row.codes, kind="cont", bold=row.bold, italic=row.italic)
        return [top, bottom]
    assert how == "unmerged", how
    top = Row({"stt": row.cells.get("stt"), "title": first}, (), title_code=row.codes[0], kind="crit",
              bold=row.bold, italic=row.italic)
    rest = {k: v for k, v in row.cells.items() if k not in ("stt", "title")}
    bottom = Row(dict(rest, title=second[:1].lower() + second[1:]), row.codes, kind="cont",
                 bold=row.bold, italic=row.italic)
    return [top, bottom]


def text_row(text: str, role: str = "title", italic: bool = True, span: tuple | None = None,
             label=None, bold=False) -> Row:
    """A row with text only (a note, "Trong đó:", "Căn cứ chấm điểm: …", an explanation line)."""
    cells = {role: text}
    if label is not None:
        cells["stt"] = label
    if span and span[0] != role:
        cells[span[0]] = text
    return Row(cells, kind="text", italic=italic, bold=bold, span=span)


def line_row(title: str, name: str, what: str, roles: tuple, max_value=None, label=None,
             span: tuple | None = None, rev: bool = False) -> Row:
    """A summary line ("Tổng cộng", "Điểm thưởng", "Tổng điểm (A+B-C)"…) with the unit's value."""
    cells = {"title": title, "self": Line(what, "self")}
    if span:
        cells[span[0]] = title
    if label is not None:
        cells["stt"] = label
    if max_value is not None:
        cells["max"] = max_value
    if rev and "rev" in roles:
        cells["rev"] = Line(what, "rev")
    return Row(cells, kind="line", bold=True, name=name, span=span)


# --------------------------------------------------------------------------- heading and signature

def heading(g: Grid, first: int, last: int, *, left: list[str], right: list[str], date: str | None,
            title: str, subtitles: list[str] = (), unit_line: str | None = None, split: int | None = None,
            corner: str | None = None, where: Where | None = None, top: int = 0) -> int:
    """The heading block (issuing body left, national motto or organisation right, place and
    date, title, subtitles, "Đơn vị: …"). Returns the first free row."""
    split = first + 1 if split is None else split
    r = top
    if corner:
        g.put(r, last, corner, h="right", italic=True, size=11)
        r += 1
    for i, line in enumerate(left):
        g.merge(r + i, first, r + i, split, line, h="center", bold=i > 0 or len(left) == 1, size=12)
    for i, line in enumerate(right):
        g.merge(r + i, split + 1, r + i, last, line, h="center", bold=True, size=12 if i == 0 else 13)
    n = max(len(left), len(right))
    g.merge(r + n, first, r + n, split, "———————", h="center", size=10)
    g.merge(r + n, split + 1, r + n, last, "———————————", h="center", size=10)
    r += n + 1
    if date:
        g.merge(r, split + 1, r, last, date, h="center", italic=True)
        r += 1
    r += 1
    g.merge(r, first, r, last, title, h="center", bold=True, size=14)
    if where is not None:
        where.title = (g.name, r, first)
    r += 1
    for s in subtitles:
        g.merge(r, first, r, last, s, h="center", bold=True, italic=s.startswith("("))
        r += 1
    if unit_line:
        g.merge(r, first, r, last, unit_line, h="left", bold=True)
        r += 1
    return r + 1


def signature(g: Grid, r: int, first: int, last: int, split: int, *, right: list[str], name: str,
              left: list[str] = (), left_name: str | None = None) -> int:
    """The signature block under the table: who signs (right), who prepared it (left)."""
    for i, line in enumerate(right):
        g.merge(r + i, split + 1, r + i, last, line, h="center", bold=i == 0 or line.isupper(),
                italic=line.startswith("("))
    g.merge(r + 5, split + 1, r + 5, last, name, h="center", bold=True)
    for i, line in enumerate(left):
        g.merge(r + i, first, r + i, split, line, h="center", bold=i == 0)
    if left_name:
        g.merge(r + 5, first, r + 5, split, left_name, h="center", bold=True)
    return r + 6


def number_text(x) -> str:
    """3.5 -> "3,5" (the way units type decimals)."""
    d = D(x)
    s = f"{d.normalize():f}" if d != d.to_integral_value() else str(int(d))
    return s.replace(".", ",")


def is_number(v) -> bool:
    return isinstance(v, (Decimal, int, float)) and not isinstance(v, bool)
