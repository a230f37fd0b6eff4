"""The usual shape of a submission, shared by the blocs of the layout corpus: heading block, one
scoring table (header, score sections, summary lines), the bonus and deduction lines (in the same
table, in a second table below it with its header repeated, or on a sheet of their own), and the
signature block. Blocs whose documents look otherwise build their rows themselves with
corpus_layout and use the pieces here (Form.heading, finish()).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus_layout import Col, Row, Style, Table, Where, criterion_rows, heading, signature
from corpus_model import Bloc, Sub, resolve
from sheetkit import Grid


@dataclass
class Form:
    sheet: str
    cols: list  # [Col]
    style: Style
    left: list  # issuing body, unit (capitals)
    right: list  # national motto or the organisation's
    date: str
    title: str  # "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM {year}"
    subtitles: list = field(default_factory=list)
    unit_line: str | None = None
    corner: str | None = None
    c0: int = 0
    split: int | None = None  # last column of the left heading block
    numbering: bool = False
    num_fmt: str | None = None
    top_lines: list = field(default_factory=list)  # rows right under the header
    score_lines: list = field(default_factory=list)  # rows after the score sections
    bonus: str = "inline"  # inline | table | sheet | none
    bonus_sheet: str = "Điểm thưởng, trừ"
    bonus_title: str | None = None  # title over the bonus table or sheet
    bonus_style: Style | None = None
    end_lines: list = field(default_factory=list)  # rows after the bonus and deduction lines
    signer: list = field(default_factory=lambda: ["THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)"])
    signer_name: str = ""
    preparer: list = field(default_factory=list)
    preparer_name: str | None = None
    header_height: float = 36
    first_row: int = 0

    @property
    def roles(self) -> tuple:
        return tuple(c.role for c in self.cols)

    def grid(self, name: str | None = None) -> Grid:
        g = Grid(name or self.sheet)
        g.widths = [3.0] * self.c0 + [c.width for c in self.cols]
        g.landscape = len(self.cols) > 6
        return g

    def put_heading(self, g: Grid, where: Where, year: int) -> int:
        last = self.c0 + len(self.cols) - 1
        return heading(g, self.c0, last, left=self.left, right=self.right, date=self.date,
                       title=self.title.format(year=year), subtitles=self.subtitles, unit_line=self.unit_line,
                       split=self.split, corner=self.corner, where=where, top=self.first_row)


def build(bloc: Bloc, sub: Sub, form: Form) -> tuple[list[Grid], Where]:
    """The workbook of one submission in the usual shape."""
    tree = bloc.tree
    where = Where()
    g = form.grid()
    year = sub.year or bloc.year
    r = form.put_heading(g, where, year)
    t = Table(g, form.cols, where, form.c0, form.num_fmt)
    r = t.header(r, form.numbering, form.header_height)
    r = t.rows(r, form.top_lines)
    r = t.rows(r, criterion_rows(sub, tree, bloc.codes(*bloc.sections("score")), form.style, form.roles))
    r = t.rows(r, form.score_lines)
    extra = bloc.codes(*bloc.sections("bonus"), *bloc.sections("deduction"))
    bstyle = form.bonus_style or form.style
    grids = [g]
    if extra and form.bonus == "inline":
        r = t.rows(r, criterion_rows(sub, tree, extra, bstyle, form.roles))
    elif extra and form.bonus == "table":
        r += 1
        if form.bonus_title:
            g.merge(r, form.c0, r, t.last, form.bonus_title, h="center", bold=True)
            r += 1
        t2 = Table(g, form.cols, where, form.c0, form.num_fmt)
        r = t2.header(r, form.numbering, form.header_height)
        r = t2.rows(r, criterion_rows(sub, tree, extra, bstyle, form.roles))
    elif extra and form.bonus == "sheet":
        g2 = form.grid(form.bonus_sheet)
        g2.landscape = False
        rr = 0
        g2.merge(rr, form.c0, rr, form.c0 + len(form.cols) - 1, form.bonus_title or "ĐIỂM THƯỞNG, ĐIỂM TRỪ",
                 h="center", bold=True, size=14)
        rr += 1
        if form.unit_line:
            g2.merge(rr, form.c0, rr, form.c0 + len(form.cols) - 1, form.unit_line, h="left", bold=True)
            rr += 1
        rr += 1
        t2 = Table(g2, form.cols, where, form.c0, form.num_fmt)
        rr = t2.header(rr, False, form.header_height)
        rr = t2.rows(rr, criterion_rows(sub, tree, extra, bstyle, form.roles))
        rr = t2.rows(rr, form.end_lines)
        finish(g2, form, rr + 1)
        grids.append(g2)
    if form.bonus != "sheet":
        r = t.rows(r, form.end_lines)
    finish(g, form, r + 1)
    resolve(bloc, sub, grids, where)
    return grids, where


def finish(g: Grid, form: Form, r: int) -> int:
    """The signature block."""
    last = form.c0 + len(form.cols) - 1
    split = form.split if form.split is not None else form.c0 + 1
    return signature(g, r, form.c0, last, split, right=form.signer, name=form.signer_name,
                     left=form.preparer, left_name=form.preparer_name)


def col(role: str, header: str, width: float = 9, top: str | None = None) -> Col:
    return Col(role, header, width, top)


__all__ = ["Form", "build", "finish", "col", "Row"]
