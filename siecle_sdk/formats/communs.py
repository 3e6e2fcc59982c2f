"""The Communs export (``BEE_COMMUN``): the school, its school years and pedagogical periods.

Only the row blocks are typed here; the ``UAJ`` and ``ANNEE_SCOLAIRE*`` blocks hold leaf fields
directly and are assembled by :meth:`siecle_sdk.models.communs.Communs.load`.
"""

from __future__ import annotations

from ..models.communs import FermetureCalendrier, PeriodePedagogique
from . import FormatSpec

__all__ = ["SPEC"]

SPEC = FormatSpec(
    name="communs",
    title="Communs",
    template="export-communs.xml",
    roots=("BEE_COMMUN",),
    records={
        "PERIODES_PEDAGOGIQUES": PeriodePedagogique,
        "CALENDRIERS_FERMETURES": FermetureCalendrier,
    },
    date_style="fr",
    versions=("1.7",),
)
