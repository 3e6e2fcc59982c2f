"""The Élèves export (``BEE_ELEVES``), "sans" and "avec adresses" variants."""

from __future__ import annotations

from ..models.eleves import Adresse, BourseEleve, Eleve, OptionsEleve, StructuresEleve
from . import FormatSpec

__all__ = ["SPEC", "address_variant"]


def address_variant(blocks: frozenset[str]) -> str:
    """``avec-adresses`` when the file has an ``ADRESSES`` block, else ``sans-adresses``."""
    return "avec-adresses" if "ADRESSES" in blocks else "sans-adresses"


SPEC = FormatSpec(
    name="eleves",
    title="Élèves",
    template="export-eleves.xml",
    roots=("BEE_ELEVES",),
    records={
        "ELEVES": Eleve,
        "OPTIONS": OptionsEleve,
        "STRUCTURES": StructuresEleve,
        "BOURSES": BourseEleve,
        "ADRESSES": Adresse,
    },
    counts={"eleves": "ELEVES"},
    variant=address_variant,
    date_style="fr",
    versions=("2.1", "2.2", "3.0"),
)
