"""STATU — the pupil's status is invalid.

``SCOLARITE_ACTIVE/CODE_STATUT`` must be in the Nomenclature's ``STATUTS_ELEVE`` (ST, AP, CQ, FQ,
FC); otherwise ``STATU_C_01`` (C: observed with ``1``) and SIECLE does not take the status into
account. Not checked: last year's ``CODE_STATUT`` (no observation). Not checked when the given
Nomenclature has no ``STATUTS_ELEVE`` list.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Finding, Rule, Stage
from .context import Context
from .labels import label


class Statu(Rule):
    """The active schooling's status must be in the national list."""

    family = "STATU"
    title = label("STATU")
    needs = frozenset({"nomenclature"})
    stage = Stage.SCOLARITE

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        scolarite = eleve.scolarite_active
        if scolarite is None or "STATUTS_ELEVE" not in ctx.codes:
            return
        code = scolarite.code_statut.strip()
        if code not in ctx.code_list("STATUTS_ELEVE"):
            yield self.pupil(
                eleve,
                ctx,
                "STATU_C_01",
                f"Le statut « {code} » n'existe pas dans la liste nationale : il n'est pas pris "
                "en compte.",
                Consequence.ANOMALY,
            )
