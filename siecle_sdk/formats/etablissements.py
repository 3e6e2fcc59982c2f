"""The Établissements export (``Etablissements.xml`` and ``EtablissementsEleves.xml``).

Its root was never seen in a real file (``BEE_ETABLISSEMENTS`` is a guess), so it is also
recognised by content: a file of unknown root whose first row is an ``ETABLISSEMENT``.
"""

from __future__ import annotations

from ..models.etablissements import EtablissementRef
from . import FormatSpec
from ._detect import by_root_or_content

__all__ = ["SPEC"]

ROOTS = ("BEE_ETABLISSEMENTS",)

SPEC = FormatSpec(
    name="etablissements",
    title="Établissements",
    template="export-etablissements.xml",
    roots=ROOTS,
    records={"ETABLISSEMENTS": EtablissementRef},
    detect=by_root_or_content(ROOTS, ("ETABLISSEMENT",), ("ETABLISSEMENTS",)),
    date_style="fr",
)
