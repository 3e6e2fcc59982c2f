"""ELNAT — the nationality country code is not in the PAYS table.

``CODE_PAYS_NAT`` must exist in the country table of the Géographique export (C for the meaning).
Optional for leavers: absent, nothing is reported.

Reading (L): sub-code and reaction unknown; the family code ``ELNAT`` is used and the nationality
is taken as ignored. Not checked when the given Géographique export has no countries.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label


class Elnat(Rule):
    """``CODE_PAYS_NAT`` must be a country of the Géographique export."""

    order = 120
    checks = "`CODE_PAYS_NAT` in the country table"
    codes = "`ELNAT`"
    outcome = "anomaly, 5"
    reading = "C (meaning) / L"
    family = "ELNAT"
    title = label("ELNAT")
    needs = frozenset({"geographique"})

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        if eleve.code_pays_nat is None or not ctx.countries:
            return
        code = eleve.code_pays_nat.strip()
        if code not in ctx.countries:
            yield self.pupil(
                eleve,
                ctx,
                "ELNAT",
                f"Le code pays de nationalité « {code} » n'existe pas dans la table des pays : "
                "la nationalité n'est pas prise en compte.",
                Consequence.ANOMALY,
                confirmed=False,
            )
