"""MEFAD — the previous schooling's MEF is invalid.

``ETABLISSEMENT_AN_DERNIER/CODE_MEF`` must be a MEF d'origine of the school (Nomenclature
``MEF_ORIGINE`` or ``MEF_SELORIG``); otherwise — **including when it is omitted** — ``MEFAD_C_02``
(C, real compte-rendus: the message then shows the code as ``%``) and SIECLE sets the previous-year
MEF to null. A pupil without ``ETABLISSEMENT_AN_DERNIER`` (a leaver) raises nothing. Not checked
when the given Nomenclature has no MEFs.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label


class Mefad(Rule):
    """Last year's MEF must be given and be a MEF d'origine of the school."""

    order = 260
    checks = "`ETABLISSEMENT_AN_DERNIER/CODE_MEF` omitted or not a MEF d'origine"
    codes = "`MEFAD_C_02`"
    outcome = "anomaly, 5; previous MEF set to null"
    reading = "C"
    family = "MEFAD"
    title = label("MEFAD")
    needs = frozenset({"nomenclature"})

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        previous = eleve.etablissement_an_dernier
        if previous is None or not ctx.mefs:
            return
        code = (previous.code_mef or "").strip()
        if not code:
            reason = "Le MEF de l'année précédente « % » n'est pas renseigné"
        elif code not in ctx.mefs_origin:
            reason = f"Le MEF de l'année précédente « {code} » n'est pas un MEF d'origine de "
            reason += "l'établissement"
        else:
            return
        yield self.pupil(
            eleve,
            ctx,
            "MEFAD_C_02",
            f"{reason} : il est mis à vide.",
            Consequence.ANOMALY,
        )
