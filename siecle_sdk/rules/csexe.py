"""CSEXE — the pupil's sex is invalid.

``CODE_SEXE`` must be 1 (masculin) or 2 (féminin); the list is not in the Nomenclature export.
The element is optional for leavers: absent, nothing is reported.

Reading (L): sub-code and reaction unknown; the family code ``CSEXE`` is used and the value is
taken as ignored.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label

SEXES = frozenset({"1", "2"})


class Csexe(Rule):
    """``CODE_SEXE`` must be 1 or 2."""

    order = 80
    checks = "`CODE_SEXE` 1 or 2"
    codes = "`CSEXE`"
    outcome = "anomaly, 5"
    reading = "L"
    family = "CSEXE"
    title = label("CSEXE")

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        if eleve.code_sexe is None:
            return
        code = eleve.code_sexe.strip()
        if code not in SEXES:
            yield self.pupil(
                eleve,
                ctx,
                "CSEXE",
                f"Le sexe « {code} » n'est pas valide (1 masculin, 2 féminin) : il n'est pas "
                "pris en compte.",
                Consequence.ANOMALY,
                confirmed=False,
            )
