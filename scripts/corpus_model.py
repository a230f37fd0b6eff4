"""The model of the layout corpus (scripts/make_corpus.py): a bloc (rules written as TOML), its
submissions (what each unit typed, how its file is laid out and written, what was planted), the
unit's own arithmetic for the subtotals and totals it writes, and the answer key (expected.json)
computed from the values written — never from thidua's output.

Semantics of the answer key (corpus spec, README "How totals are computed"):
- a leaf counts its value clamped to 0..max (deduction lines: the amount, whatever the sign, to the
  line's max); a missing or non-numeric value counts 0; a value outside `levels` counts as written;
- parents are sums of what their children count; bonus and deduction sections are capped at their max;
- two criteria typed on one row: the first carries the value (clamped to the sum of their maxima),
  the others are present with null and count 0; a deleted row is absent and counts 0;
- self_total from the self scores, total from the reviewed score where given, else the self score;
- ranking by total then the tie-break criteria, equal units share a rank; awards in rules order.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

import tomllib

import oracle
from corpus_layout import NOTE_ROLES, Line, Stated, Where
from fixture_rules import Criteria, D
from sheetkit import Grid, Txt, a1


# --------------------------------------------------------------------------- rules

def C(code, title, max=None, kind=None, levels=None, label=None) -> dict:
    """One [[criteria]] entry."""
    d = {"code": code, "title": title}
    if max is not None:
        d["max"] = D(max)
    if kind:
        d["kind"] = kind
    if levels:
        d["levels"] = [D(x) for x in levels]
    if label is not None:
        d["label"] = label
    return d


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (Decimal, int, float)):
        d = D(v)
        return str(int(d)) if d == d.to_integral_value() else f"{d.normalize():f}"
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)  # a TOML basic string


def rules_toml(comment: str, bloc: dict, units: list[dict], criteria: list[dict], awards: list[dict],
               tie_break: list[str], section_comments: dict[str, str] | None = None) -> str:
    """The rules file (README "The rules file"), with Vietnamese comments."""
    out = [f"# {line}".rstrip() for line in comment.strip().splitlines()] + ["", "[bloc]"]
    out += [f"{k} = {_toml_value(v)}" for k, v in bloc.items()]
    for u in units:
        out += ["", "[[units]]"] + [f"{k} = {_toml_value(v)}" for k, v in u.items()]
    out += ["", "# ---------------------------------------------------------------- tiêu chí"]
    for c in criteria:
        if section_comments and c["code"] in section_comments:
            out += ["", f"# {section_comments[c['code']]}"]
        out += ["", "[[criteria]]"] + [f"{k} = {_toml_value(v)}" for k, v in c.items()]
    out += ["", "# ------------------------------------------------------ khen thưởng"]
    for a in awards:
        out += ["", "[[awards]]"] + [f"{k} = {_toml_value(v)}" for k, v in a.items()]
    out += ["", "[ranking]", f"tie_break = {_toml_value(tie_break)}", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- submissions

@dataclass
class Expect:
    """An issue expected on a file: where is ("self"|"max"|"rev", criterion), ("sum", criterion),
    ("line", what), ("title",) or None."""
    code: str
    severity: str
    where: tuple | None = None
    criterion: str | None = None


@dataclass
class Sub:
    """One submitted file: the unit, what it typed, how the file is laid out and written."""
    file: str
    unit: str | None
    writer: str  # openpyxl | xlwt | lo-ods | lo-xls | thidua (convert of a legacy .xls)
    layout: Callable  # (bloc, sub) -> (grids, where)
    self: dict = field(default_factory=dict)
    reviewed: dict = field(default_factory=dict)
    texts: dict = field(default_factory=dict)  # role -> {code: text}
    omit: set = field(default_factory=set)
    renumber: bool = False
    swaps: list = field(default_factory=list)
    merged: list = field(default_factory=list)  # (first, second, title typed on the row)
    wraps: dict = field(default_factory=dict)  # code -> "merged" | "unmerged"
    after: dict = field(default_factory=dict)  # code -> [Row] typed after the criterion's row
    encoding: str | None = None  # tcvn3 | vni | nfd (text as typed); thidua: the source's encoding
    saved: str = "2025-11-25T08:00:00"  # document dates of .xlsx/.ods
    formulas: bool = False
    overrides: dict = field(default_factory=dict)  # ("sum", code) | ("line", what) -> value written
    year: int | None = None  # the year in the sheet's title when it is not the bloc's
    features: list = field(default_factory=list)
    mistakes: list = field(default_factory=list)  # [Expect]
    infos: list = field(default_factory=list)  # [Expect] infos that must appear
    opts: dict = field(default_factory=dict)  # form options of the bloc's layout

    def full_review(self, tree: Criteria) -> bool:
        leaves = [c["code"] for c in tree.list if tree.is_leaf(c["code"]) and c["code"] not in self.omit
                  and tree.kind_of(c["code"]) == "score" and c["code"] not in {m[1] for m in self.merged}]
        return bool(self.reviewed) and all(self.reviewed.get(c) is not None for c in leaves)


@dataclass
class Bloc:
    id: str
    doc: str  # research document id(s)
    toml: str
    subs: list = field(default_factory=list)

    def __post_init__(self):
        self.rules = tomllib.loads(self.toml)
        self.tree = Criteria(self.rules)
        self.units = {u["id"]: u for u in self.rules["units"]}

    @property
    def year(self) -> int:
        return self.rules["bloc"]["year"]

    def sections(self, kind: str | None = None) -> list[str]:
        return [c["code"] for c in self.tree.list if self.tree.parent_of(c["code"]) is None
                and (kind is None or self.tree.kind_of(c["code"]) == kind)]

    def codes(self, *sections: str) -> list[str]:
        """Criteria of these sections, in rules order."""
        return [c["code"] for c in self.tree.list if self.tree.section_of(c["code"]) in sections]


typed_number = oracle.typed_number  # README: "8,5" and "8,5 điểm" are 8.5


# --------------------------------------------------------------------------- the unit's arithmetic

def stated(bloc: Bloc, sub: Sub, code: str, role: str) -> Decimal:
    """A subtotal as the unit computed it: the numbers it typed, signs as typed, added up."""
    if ("sum", code) in sub.overrides and role == "self":
        return sub.overrides[("sum", code)]
    tree = bloc.tree
    kids = [k for k in tree.children_of(code) if k not in sub.omit]
    if not kids:
        v = sub.self.get(code) if role == "self" else sub.reviewed.get(code, sub.self.get(code))
        if role == "rev" and v is None:
            v = sub.self.get(code)
        n = typed_number(v)
        return n if n is not None else Decimal(0)
    return sum((stated(bloc, sub, k, role) for k in kids), Decimal(0))


def stated_line(bloc: Bloc, sub: Sub, what: str, role: str) -> Decimal:
    if ("line", what) in sub.overrides and role == "self":
        return sub.overrides[("line", what)]
    part = {k: sum((stated(bloc, sub, s, role) for s in bloc.sections(k)), Decimal(0))
            for k in ("score", "bonus", "deduction")}
    if what in part:
        return part[what]
    if what == "score+bonus":
        return part["score"] + part["bonus"]
    if what == "total":
        return part["score"] + part["bonus"] - abs(part["deduction"])
    raise ValueError(what)


def resolve(bloc: Bloc, sub: Sub, grids: list[Grid], where: Where):
    """Replace the Stated/Line placeholders by what the unit wrote: numbers, or formulas."""
    tree = bloc.tree

    def ref(key, sheet):
        s, r, c = key
        assert s == sheet, "formulas stay on their sheet"
        return a1(r, c)

    def sum_formula(keys, sheet):
        keys = list(dict.fromkeys(keys))
        cols = {k[2] for k in keys}
        rows = sorted(k[1] for k in keys)
        if len(cols) == 1 and len(keys) > 1 and rows == list(range(rows[0], rows[0] + len(rows))):
            s, _, c = keys[0]
            return f"=SUM({a1(rows[0], c)}:{a1(rows[-1], c)})"
        return "=" + "+".join(ref(k, sheet) for k in keys)

    def child_key(k, role):
        return where.sums.get((k, role)) or where.cells[(k, role)]

    for g in grids:
        for rc, (v, s) in list(g.cells.items()):
            if isinstance(v, Stated):
                if sub.formulas and ("sum", v.code) not in sub.overrides:
                    kids = [k for k in tree.children_of(v.code) if k not in sub.omit]
                    g.cells[rc] = (sum_formula([child_key(k, v.role) for k in kids], g.name), s)
                else:
                    g.cells[rc] = (stated(bloc, sub, v.code, v.role), s)
            elif isinstance(v, Line):
                if sub.formulas and ("line", v.what) not in sub.overrides:
                    g.cells[rc] = (_line_formula(bloc, sub, where, v, g.name, ref), s)
                else:
                    g.cells[rc] = (stated_line(bloc, sub, v.what, v.role), s)


def _line_formula(bloc, sub, where, v: Line, sheet, ref) -> str:
    def part(kind):
        line = where.whats.get((kind, v.role))
        if line and line[:2] != where.whats[(v.what, v.role)][:2]:
            return [ref(line, sheet)]
        return [ref(where.sums.get((s, v.role)) or where.cells[(s, v.role)], sheet) for s in bloc.sections(kind)]

    if v.what in ("score", "bonus", "deduction"):
        keys = [where.sums.get((s, v.role)) or where.cells[(s, v.role)] for s in bloc.sections(v.what)]
        return "=" + "+".join(ref(k, sheet) for k in keys)
    plus = part("score") + (part("bonus") if bloc.sections("bonus") else [])
    minus = part("deduction") if v.what == "total" and bloc.sections("deduction") else []
    return "=" + "+".join(plus) + "".join(f"-{m}" for m in minus)


# --------------------------------------------------------------------------- the answer key

num = oracle.num


def compute(bloc: Bloc, sub: Sub) -> dict:
    """Scores and totals of one used submission (the arithmetic is scripts/oracle.py's; what is the
    corpus's own is how a file's rows are laid: rows left out, two criteria typed on one row)."""
    tree, by = bloc.tree, bloc.tree.by_code
    first = {m[0]: m for m in sub.merged}
    second = {m[1] for m in sub.merged}
    skip = set(sub.omit) | second

    def leaf(values):
        def count(code):
            cap = None
            if code in first:  # the row carries both criteria: clamped to the sum of their maxima
                cap = sum((D(by[k]["max"]) for k in first[code][:2]), Decimal(0))
            return oracle.counted(tree, code, values(code), cap)
        return count

    own = leaf(lambda code: sub.self.get(code))
    used = leaf(lambda code: oracle.final(sub.self.get(code), sub.reviewed.get(code)))

    def any_reviewed(code):
        if tree.is_leaf(code):
            return code not in skip and sub.reviewed.get(code) is not None
        return any(any_reviewed(k) for k in tree.children_of(code))

    scores = {}
    for c in tree.list:
        code = c["code"]
        if code in sub.omit or tree.kind_of(code) == "disqualifier":
            continue
        if tree.is_leaf(code):
            s = None if code in second else oracle.amount(tree, code, sub.self.get(code))
            r = None if code in second else oracle.amount(tree, code, sub.reviewed.get(code))
        else:
            s = oracle.subtotal(tree, code, own, skip)
            r = oracle.subtotal(tree, code, used, skip) if any_reviewed(code) else None
        scores[code] = {"self": num(s), "reviewed": num(r)}

    return dict(self_total=oracle.total(tree, own, skip), total=oracle.total(tree, used, skip),
                deduction=sum((oracle.section_value(tree, s, used, skip) for s in bloc.sections("deduction")),
                              Decimal(0)),
                keys={c: oracle.subtotal(tree, c, used, skip)
                      for c in bloc.rules.get("ranking", {}).get("tie_break", [])},
                scores=scores, reviewed=any(any_reviewed(s) for s in bloc.sections()))


REVISION = re.compile(r"sửa|lần\s*\d+|bổ sung|\bv\d+\b|mới", re.I)


def choose_files(bloc: Bloc, cells_of: Callable[[Sub], dict]) -> dict[str, tuple[Sub | None, list[Sub]]]:
    """Per unit: the file used and the files not used (README "Duplicates" of the corpus spec):
    identical cells → the first file in name order; different cells → the newer saved date, then
    the name that says it is a revision."""
    out = {}
    for uid in bloc.units:
        subs = sorted((s for s in bloc.subs if s.unit == uid), key=lambda s: s.file)
        if not subs:
            out[uid] = (None, [])
            continue
        first = subs[0]
        if all(cells_of(s) == cells_of(first) for s in subs):
            out[uid] = (first, subs[1:])
            continue
        best = max(subs, key=lambda s: (s.saved, bool(REVISION.search(s.file))))
        out[uid] = (best, [s for s in subs if s is not best])
    return out


def expected(bloc: Bloc, places: dict[str, Where], cells_of: Callable[[Sub], dict]) -> dict:
    """expected.json of one bloc."""
    chosen = choose_files(bloc, cells_of)
    res = {uid: compute(bloc, sub) for uid, (sub, _) in chosen.items() if sub}
    ids = [u for u in bloc.units if u in res]
    tie = bloc.rules.get("ranking", {}).get("tie_break", [])

    def key(i):
        return (res[i]["total"], *(res[i]["keys"][c] for c in tie))

    order, rank = oracle.ranks(ids, key)
    award, cutoff_ties = oracle.awards(bloc.rules.get("awards", []), order, rank, lambda i: res[i]["total"],
                                       lambda i: res[i]["deduction"])
    assert not cutoff_ties, f"{bloc.id}: the corpus is built with no tie at an award's cut-off: {cutoff_ties}"
    units = {}
    for uid in bloc.units:
        sub = chosen[uid][0]
        if sub is None:
            units[uid] = dict(status="missing", file=None, self_total=None, total=None, rank=None, award=None,
                              disqualified=False, scores={})
            continue
        r = res[uid]
        units[uid] = dict(status="ok", file=sub.file, self_total=num(r["self_total"]), total=num(r["total"]),
                          rank=rank[uid], award=award[uid], disqualified=False, scores=r["scores"])
    files = {}
    for sub in sorted(bloc.subs, key=lambda s: s.file):
        used = sub.unit is not None and chosen[sub.unit][0] is sub
        w = places[sub.file]
        issues, infos = [], []
        if used:
            issues = [_issue(bloc, sub, w, e) for e in sub.mistakes]
            infos = [_info(sub, w, e) for e in sub.infos]
        elif sub.unit is not None:
            best = chosen[sub.unit][0]
            identical = cells_of(sub) == cells_of(best)
            dup = dict(code="duplicate-unit", cell=None)
            if identical:
                infos = [dup]
            else:
                issues = [dict(code="duplicate-unit", severity="warning", sheet=None, cell=None, criterion=None)]
        files[sub.file] = dict(
            unit=sub.unit, used=used, clean=not issues, issues=issues, info=infos,
            notes=notes_of(bloc, sub, w), features=sub.features,
        )
    return {"bloc": bloc.rules["bloc"]["name"], "units": units, "files": files}


def _locate(w: Where, where: tuple | None):
    if where is None:
        return None, None
    kind = where[0]
    if kind == "title":
        key = w.title
    elif kind == "sum":
        key = w.sums[(where[1], "self")]
    elif kind == "line":
        key = w.whats[(where[1], "self")]
    else:
        key = w.cells[(where[1], kind)]
    return w.at(key)


def _issue(bloc, sub, w, e: Expect) -> dict:
    sheet, cell = _locate(w, e.where)
    if e.where is None and e.criterion is not None:
        sheet = w.title[0]  # a missing row: the sheet of the table, no cell
    return dict(code=e.code, severity=e.severity, sheet=sheet, cell=cell, criterion=e.criterion)


def _info(sub, w, e: Expect) -> dict:
    _, cell = _locate(w, e.where)
    return dict(code=e.code, cell=cell)


def notes_of(bloc: Bloc, sub: Sub, w: Where) -> list[dict]:
    """The evidence and note texts of the file, per criterion, under the header as written."""
    out = []
    for c in bloc.tree.list:
        code = c["code"]
        for role in NOTE_ROLES:
            text = sub.texts.get(role, {}).get(code)
            if text is None or (code, role) not in w.cells:
                continue
            sheet = w.cells[(code, role)][0]
            out.append({"criterion": code, "column": w.headers[(sheet, role)], "text": text})
    return out


def typed(codes: list[str], text: str) -> dict:
    """Values as a unit typed them, one token per code: a number; 'x (apostrophe) = the text x
    typed in a score cell ("'8,5"); _ = left empty; any other word = that text ("đạt")."""
    toks = text.split()
    assert len(toks) == len(codes), (len(toks), len(codes), codes[:3])
    out = {}
    for code, t in zip(codes, toks):
        if t == "_":
            out[code] = None
        elif t.startswith("'"):
            out[code] = Txt(t[1:])
        elif re.fullmatch(r"-?\d+(\.\d+)?", t):
            out[code] = D(t)
        else:
            out[code] = t
    return out


def leaves(bloc: Bloc, *sections: str) -> list[str]:
    """Leaf criteria of these sections (all score sections if none), in rules order."""
    secs = sections or tuple(bloc.sections("score"))
    return [c for c in bloc.codes(*secs) if bloc.tree.is_leaf(c)]
