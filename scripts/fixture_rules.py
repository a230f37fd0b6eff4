"""The criteria tree of a rules file, as the fixture generators read it (their own reading, never
thidua's): parents from codes ("III.2.a" → "III.2"), sections, children, kinds, leaves.
Shared by scripts/make_samples.py and scripts/make_edge_fixtures.py.
"""

from __future__ import annotations

from decimal import Decimal


def D(x) -> Decimal:
    """An exact decimal from a number or its text."""
    return Decimal(str(x))


class Criteria:
    """The [[criteria]] of a parsed rules file."""

    def __init__(self, rules: dict):
        self.list = rules["criteria"]
        self.by_code = {c["code"]: c for c in self.list}

    @staticmethod
    def parent_of(code: str) -> str | None:
        return code.rsplit(".", 1)[0] if "." in code else None

    @staticmethod
    def section_of(code: str) -> str:
        return code.split(".")[0]

    def children_of(self, code: str) -> list[str]:
        return [c["code"] for c in self.list if self.parent_of(c["code"]) == code]

    def kind_of(self, code: str) -> str:
        return self.by_code[self.section_of(code)].get("kind", "score")

    def is_leaf(self, code: str) -> bool:
        return not self.children_of(code)
