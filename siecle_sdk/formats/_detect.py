"""Recognition by content, for the exports whose root element was never seen in a real file."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import Probe

__all__ = ["KNOWN_ROOTS", "by_root_or_content"]

#: roots of the SIECLE exchange files: a file with one of them is never claimed by content
KNOWN_ROOTS = frozenset(
    {
        "BEE_NOMENCLATURES",
        "BEE_STRUCTURES",
        "BEE_COMMUN",
        "BEE_ELEVES",
        "BEE_RESPONSABLES",
        "BEE_GEOGRAPHIQUE",
        "BEE_ETABLISSEMENTS",
        "IMPORT_ELEVES",
        "STS_EDT",
    }
)


def by_root_or_content(
    roots: Iterable[str], rows: Iterable[str], blocks: Iterable[str]
) -> Callable[[Probe], bool]:
    """A ``detect`` callable: one of ``roots``, or an unknown root whose first record is one of
    ``rows`` or whose first blocks include one of ``blocks``."""
    own, row_tags, block_tags = frozenset(roots), frozenset(rows), frozenset(blocks)

    def detect(probe: Probe) -> bool:
        if probe.root in own:
            return True
        if probe.root in KNOWN_ROOTS:
            return False
        return probe.first_record in row_tags or not block_tags.isdisjoint(probe.blocks)

    return detect
