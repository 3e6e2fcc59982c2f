"""The Nomenclature export (``BEE_NOMENCLATURES``): MEFs, matières, programmes, code lists."""

from __future__ import annotations

from ..models.nomenclature import BLOCKS
from . import FormatSpec

__all__ = ["SPEC"]

SPEC = FormatSpec(
    name="nomenclature",
    title="Nomenclature",
    template="export-nomenclature.xml",
    roots=("BEE_NOMENCLATURES",),
    records=BLOCKS,
    counts={"mefs": "MEFS", "matieres": "MATIERES", "programmes": "PROGRAMMES"},
    date_style="fr",
    versions=("2.0", "3.1"),
)
