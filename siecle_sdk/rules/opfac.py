"""OPFAC — the pupil's optional (facultative) options are invalid.

Every option of modality ``F`` of the active schooling must match a programme of the Nomenclature
(MEF, matière, ``F``), or one of modality ``N`` ("obligatoire ou facultatif", L). Options of other
modalities are INOPT's.

Reading (L): sub-code and reaction unknown; the family code ``OPFAC`` is used, one finding per
faulty option, and only that option is taken as ignored (the other option rules still run). Not
checked when the given Nomenclature has no ``PROGRAMMES``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Finding, Rule, Stage
from .context import Context
from .labels import label

OPTIONAL = "F"


class Opfac(Rule):
    """Optional options must be in the MEF's programme."""

    order = 360
    checks = "(MEF, matière, `F` or `N`) in `PROGRAMMES` for `F` options"
    codes = "`OPFAC`"
    outcome = "anomaly, 5; that option ignored"
    reading = "L"
    family = "OPFAC"
    title = label("OPFAC")
    needs = frozenset({"nomenclature"})
    stage = Stage.OPTIONS

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        scolarite = eleve.scolarite_active
        if scolarite is None or not ctx.programmes:
            return
        mef = scolarite.code_mef
        for option in scolarite.options:
            matiere = option.code_matiere.strip()
            if option.code_modalite_elect.strip() != OPTIONAL:
                continue
            if ctx.in_programme(mef, matiere, OPTIONAL):
                continue
            yield self.pupil(
                eleve,
                ctx,
                "OPFAC",
                f"La matière « {matiere} » n'est pas proposée en option facultative pour le "
                f"MEF « {mef} » : cette option n'est pas prise en compte.",
                Consequence.ANOMALY,
                confirmed=False,
            )
