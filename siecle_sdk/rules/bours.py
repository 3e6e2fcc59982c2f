"""BOURS — the bourse (grant) is invalid.

Each ``BOURSES/BOURSE/CODE_BOURSE`` must be in the Nomenclature's ``BOURSES`` list (1, 2, 4, 8).
Once per pupil and ``NB_PART`` 0..99 are XSD constraints, already refused at deposit.

Reading (L): sub-code and reaction unknown; the family code ``BOURS`` is used and the bourse is
taken as ignored, like an unknown status (``STATU_C_01``). Not checked when the given Nomenclature
has no ``BOURSES`` list.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label


class Bours(Rule):
    """Grant codes must be in the Nomenclature's list."""

    order = 180
    checks = "`CODE_BOURSE` in `BOURSES`"
    codes = "`BOURS`"
    outcome = "anomaly, 5; bourse ignored"
    reading = "L"
    family = "BOURS"
    title = label("BOURS")
    needs = frozenset({"nomenclature"})

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        if "BOURSES" not in ctx.codes:
            return
        known = ctx.code_list("BOURSES")
        for bourse in eleve.bourses or []:
            code = bourse.code_bourse.strip()
            if code not in known:
                yield self.pupil(
                    eleve,
                    ctx,
                    "BOURS",
                    f"La bourse « {code} » n'existe pas dans la nomenclature : elle n'est pas "
                    "prise en compte.",
                    Consequence.ANOMALY,
                    confirmed=False,
                )
