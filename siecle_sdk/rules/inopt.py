"""INOPT — the pupil's option enrolment is invalid.

Every option of the active schooling, except the optional ones (modality ``F``, rule OPFAC), must
match a programme of the Nomenclature (MEF, matière, modality); otherwise ``INOPT_B_01`` (C: no
programme for MEF 16710002110, matière 347400, modality O) and SIECLE ignores the pupil's
options, so the other option rules are not run. Reading (L): a programme line of modality ``N``
("obligatoire ou facultatif") also allows the option. Only the first faulty option is reported.
Not checked when the given Nomenclature has no ``PROGRAMMES``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Effect, Finding, Rule, Stage
from .context import Context
from .labels import label

OPTIONAL = "F"


class Inopt(Rule):
    """Options (other than optional ones) must be in the MEF's programme."""

    order = 340
    checks = (
        "(MEF, matière, modality) in `PROGRAMMES` for every option but `F` ones (a `N` "
        "programme line also allows it)"
    )
    codes = "`INOPT_B_01`"
    outcome = "anomaly, 5; options ignored"
    reading = "C"
    family = "INOPT"
    title = label("INOPT")
    needs = frozenset({"nomenclature"})
    stage = Stage.OPTIONS

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        scolarite = eleve.scolarite_active
        if scolarite is None or not ctx.programmes:
            return
        mef = scolarite.code_mef
        for option in scolarite.options:
            matiere, modalite = option.code_matiere.strip(), option.code_modalite_elect.strip()
            if modalite == OPTIONAL:
                continue
            if ctx.in_programme(mef, matiere, modalite):
                continue
            yield self.pupil(
                eleve,
                ctx,
                "INOPT_B_01",
                f"Il n'existe pas de programme pour le MEF « {mef} », la matière « {matiere} » "
                f"et la modalité « {modalite} » : les options de l'élève ne sont pas prises en "
                "compte.",
                Consequence.ANOMALY,
                Effect.OPTIONS,
            )
            return
