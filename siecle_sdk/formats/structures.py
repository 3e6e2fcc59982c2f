"""The Structures export (``BEE_STRUCTURES``): divisions and groups."""

from __future__ import annotations

from ..models.structures import Division, Groupe
from . import FormatSpec

__all__ = ["SPEC"]

SPEC = FormatSpec(
    name="structures",
    title="Structures",
    template="export-structures.xml",
    roots=("BEE_STRUCTURES",),
    records={"DIVISIONS": Division, "GROUPES": Groupe},
    counts={"divisions": "DIVISIONS", "groupes": "GROUPES"},
    date_style="fr",
    versions=("2.0",),
)
