"""IDNAT — the id_national (INE) value is invalid.

``ID_NATIONAL`` must have one of the four INE shapes, and for the BEA and RNIE shapes the right key
(:func:`siecle_sdk.identifiers.ine_problem`; L: keys reproduced, not published). Uniqueness in the
file is an XSD constraint. A pupil without INE raises nothing (new pupils have none, rules.md §5).

Not checked: ``INE_BEA`` and ``INE_RNIE`` (the family names the id_national only; U).
Reading (L): sub-code and reaction unknown; the family code ``IDNAT`` is used and the INE is taken
as ignored.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..identifiers import ine_problem
from ..models.import_eleves import Eleve
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label


class Idnat(Rule):
    """Shape and key of ``ID_NATIONAL``."""

    order = 60
    checks = "`ID_NATIONAL` shape and key (BEA, RNIE)"
    codes = "`IDNAT`"
    outcome = "anomaly, 5"
    reading = "L"
    family = "IDNAT"
    title = label("IDNAT")

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        if not eleve.id_national:
            return
        problem = ine_problem(eleve.id_national)
        if problem:
            yield self.pupil(
                eleve,
                ctx,
                "IDNAT",
                f"L'identifiant national n'est pas valide : {problem} ; il n'est pas pris en "
                "compte.",
                Consequence.ANOMALY,
                confirmed=False,
            )
