"""The table of the rule families in ``docs/rules.md``, made from the rule classes.

Each family's row comes from its classes: SIECLE's label (:attr:`Rule.title`), what is checked,
the detailed codes, the consequence and the reading (the class of the family that sets
:attr:`Rule.checks`), the exports (the :attr:`Rule.needs` of each class of the family). Run
``python -m siecle_sdk.rules.table docs/rules.md`` after changing a rule; a test fails while the
page is stale.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from . import Rule
from .builtin import siecle_rules
from .labels import OWN_LABELS

__all__ = ["BEGIN", "END", "markdown_table", "refreshed"]

BEGIN = "<!-- the table below is made from the rule classes: python -m siecle_sdk.rules.table -->"
END = "<!-- end of the table made from the rule classes -->"
_HEAD = (
    "| code | SIECLE's label (word for word) | what siecle-sdk checks | detailed codes "
    "| consequence, section | exports | conf. / reading |\n|---|---|---|---|---|---|---|\n"
)


def _exports(rules: Sequence[type[Rule]]) -> str:
    each = [", ".join(sorted(rule.needs)) or "—" for rule in rules]
    return " ; ".join(dict.fromkeys(each)) if len(set(each)) > 1 else each[0]


def markdown_table(rules: Sequence[type[Rule]]) -> str:
    """The families of ``rules`` as a Markdown table, in alphabetical order of their codes."""
    families: dict[str, list[type[Rule]]] = {}
    for rule in rules:
        families.setdefault(rule.family, []).append(rule)
    lines = [_HEAD]
    for family in sorted(families):
        members = families[family]
        described = [rule for rule in members if rule.checks]
        if len(described) != 1:
            raise ValueError(f"{family}: one class of the family must describe it (checks)")
        doc = described[0]
        title = members[0].title
        if family in OWN_LABELS:
            title = f"(seen in compte-rendus, not in the table) {title}"
        cells = (family, title, doc.checks, doc.codes, doc.outcome, _exports(members), doc.reading)
        lines.append("| " + " | ".join(cells) + " |\n")
    return "".join(lines)


def refreshed(page: str, rules: Sequence[type[Rule]]) -> str:
    """``page`` with the text between :data:`BEGIN` and :data:`END` made again."""
    before, rest = page.split(BEGIN + "\n", 1)
    _, after = rest.split(END, 1)
    return before + BEGIN + "\n" + markdown_table(rules) + END + after


def main(argv: Sequence[str]) -> int:
    """Rewrite the table of the page named in ``argv``."""
    path = Path(argv[0])
    path.write_text(refreshed(path.read_text(encoding="utf-8"), siecle_rules()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
