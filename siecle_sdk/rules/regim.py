"""REGIM — the pupil's régime is empty or unknown.

A ``CODE_REGIME`` that is not in the Nomenclature's ``REGIMES`` is reported as not entered and
defaulted to 0, externe libre (``INF_REGIM_A_01``, C: observed with code 11). Not checked when the
given Nomenclature has no ``REGIMES`` list (a trimmed export would otherwise flag every pupil).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label


class Regim(Rule):
    """``CODE_REGIME`` must be in the Nomenclature's list."""

    family = "REGIM"
    title = label("REGIM")
    needs = frozenset({"nomenclature"})

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        if "REGIMES" not in ctx.codes:
            return
        code = (eleve.code_regime or "").strip()
        if code not in ctx.code_list("REGIMES"):
            yield self.pupil(
                eleve,
                ctx,
                "INF_REGIM_A_01",
                f"Le régime « {code} » n'est pas un code de régime : il est considéré comme non "
                "renseigné et remplacé par 0 (externe libre).",
                Consequence.NOTE,
            )
