"""The scoring oracle of the fixture generators: what the answer keys say a bloc's submissions count for,
computed from the values the generators write into the cells, never from thidua's output. One module,
imported by scripts/make_samples.py (tests/expected/sample-bloc.json), scripts/make_edge_fixtures.py
(tests/fixtures/edge/expected.json), scripts/corpus_model.py (tests/corpus/*/expected.json) and
scripts/fill_templates.py (the totals tests/cli_template.rs expects of the filled templates). Standard
library only: fill_templates.py runs under the system Python.

It follows the README ("How totals are computed", "Ranking"):
- a typed value is a number, or text holding one ("8,5", " 6 ", "8,5 điểm"); anything else (a word, a
  formula without a saved value, a date) is no number;
- per leaf the submitted value is kept (deduction lines as the amount, whatever the sign), and the value
  counted is clamped to 0..max (no number counts 0);
- parents are the sums of their children; the total is the score sections plus min(bonus, cap) minus
  min(deduction, cap); disqualifier sections count nothing;
- ranking by total, then the tie-break criteria; units equal on every key share a rank (1, 2, 2, 4);
- awards in rules order, each to the best-ranked units not yet awarded that are eligible, up to `count` or
  floor(`share` × units not yet awarded); units tied on every key across the cut-off are all left out and
  stay candidates for the next award.

Each generator keeps what is its own: the values its units type, which file of a unit is used, and how the
expected issues are placed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable, Hashable, Iterable

from fixture_rules import Criteria, D

# Answers to a disqualifier line that mean "yes, this case applies".
YES = {"có", "co", "x", "1", "yes"}


# --------------------------------------------------------------------------- one value

def typed_number(v) -> Decimal | None:
    """The number a written value stands for ("8,5" and "8,5 điểm" are 8.5), or None."""
    if isinstance(v, bool):
        return None
    if isinstance(v, Decimal):
        return v
    if isinstance(v, (int, float)):
        return D(v)
    if isinstance(v, str):  # also sheetkit.Txt; a sheetkit.Formula ("=4+4") holds no number
        m = re.fullmatch(r"\s*([-+]?\d+(?:[.,]\d{1,3})?)\s*(?:điểm|đ)?\s*", v)
        if m:
            return D(m[1].replace(",", "."))
    return None


def amount(tree: Criteria, code: str, v) -> Decimal | None:
    """The value kept for a leaf: the typed number, a deduction line's as a positive amount."""
    n = typed_number(v)
    if n is None:
        return None
    return abs(n) if tree.kind_of(code) == "deduction" else n


def counted(tree: Criteria, code: str, v, cap: Decimal | None = None) -> Decimal:
    """What a leaf counts for: its amount clamped to 0..cap (the line's max unless given); no number: 0."""
    n = amount(tree, code, v)
    if n is None:
        return Decimal(0)
    return min(max(n, Decimal(0)), D(tree.by_code[code]["max"]) if cap is None else cap)


def final(self_value, reviewed_value):
    """The value a total uses: the bloc's reviewed value where one is written, else the unit's own."""
    return self_value if reviewed_value is None else reviewed_value


def num(d):
    """A JSON number: an integer when whole."""
    if d is None:
        return None
    d = D(d)
    return int(d) if d == d.to_integral_value() else float(d)


# --------------------------------------------------------------------------- one submission

def sections(tree: Criteria, kind: str | None = None) -> list[str]:
    """Top-level criteria (of one kind), in rules order."""
    return [c["code"] for c in tree.list if tree.parent_of(c["code"]) is None
            and (kind is None or tree.kind_of(c["code"]) == kind)]


def subtotal(tree: Criteria, code: str, leaf: Callable[[str], Decimal], skip: Iterable[str] = ()) -> Decimal:
    """What a criterion counts for: a leaf what leaf(code) says, a parent the sum of its children
    (uncapped); criteria in skip (rows left out of the file) count 0."""
    if code in skip:
        return Decimal(0)
    kids = tree.children_of(code)
    if not kids:
        return leaf(code)
    return sum((subtotal(tree, k, leaf, skip) for k in kids), Decimal(0))


def section_value(tree: Criteria, code: str, leaf: Callable[[str], Decimal], skip: Iterable[str] = ()) -> Decimal:
    """A section as the total takes it: bonus and deduction sections capped at their max."""
    s = subtotal(tree, code, leaf, skip)
    if tree.kind_of(code) in ("bonus", "deduction"):
        s = min(s, D(tree.by_code[code]["max"]))
    return s


def total(tree: Criteria, leaf: Callable[[str], Decimal], skip: Iterable[str] = ()) -> Decimal:
    """Score sections + min(bonus, cap) − min(deduction, cap)."""
    t = Decimal(0)
    for sec in sections(tree):
        kind = tree.kind_of(sec)
        if kind in ("score", "bonus"):
            t += section_value(tree, sec, leaf, skip)
        elif kind == "deduction":
            t -= section_value(tree, sec, leaf, skip)
    return t


def answered_yes(v) -> bool:
    return v is not None and str(v).strip().lower() in YES


def disqualified(tree: Criteria, answers: dict, reviewed: dict | None = None) -> bool:
    """Whether a disqualifier line is answered yes: the bloc's answer where it wrote one, else the unit's."""
    reviewed = reviewed or {}
    for sec in sections(tree, "disqualifier"):
        for code in tree.children_of(sec):
            r = reviewed.get(code)
            if answered_yes(r if r not in (None, "") else answers.get(code)):
                return True
    return False


# --------------------------------------------------------------------------- the bloc

def ranks(ids: list, key: Callable[[Hashable], tuple]) -> tuple[list, dict]:
    """(order, rank): highest key first (equal keys keep the order of ids); equal keys share the rank of
    the first of them (1, 2, 2, 4)."""
    order = sorted(ids, key=key, reverse=True)
    rank = {}
    for pos, i in enumerate(order):
        rank[i] = rank[order[pos - 1]] if pos and key(order[pos - 1]) == key(i) else pos + 1
    return order, rank


def awards(rules_awards: list[dict], order: list, rank: dict, total_of: Callable, deduction_of: Callable,
           disqualified_of: Callable = lambda i: False) -> tuple[dict, list]:
    """(award per unit or None, [(unit, award name)] of the units tied across a cut-off, left out)."""
    award = {i: None for i in order}
    cutoff_ties: list[tuple] = []
    for a in rules_awards:
        pool = [i for i in order if award[i] is None]
        quota = a["count"] if "count" in a else int(D(a["share"]) * len(pool))
        eligible = [i for i in pool
                    if not disqualified_of(i)
                    and total_of(i) >= D(a.get("min_total", 0))
                    and not (a.get("no_deduction") and deduction_of(i) != 0)]
        take = min(quota, len(eligible))
        if 0 < take < len(eligible) and rank[eligible[take - 1]] == rank[eligible[take]]:
            group = [i for i in eligible if rank[i] == rank[eligible[take]]]
            cutoff_ties += [(i, a["name"]) for i in group]
            take = eligible.index(group[0])
        for i in eligible[:take]:
            award[i] = a["name"]
    return award, cutoff_ties
