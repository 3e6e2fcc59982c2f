"""PROVE — the pupil's provenance is invalid.

``ETABLISSEMENT_AN_DERNIER/CODE_PROVENANCE`` must be in the Nomenclature's ``PROVENANCES`` list
(1..8). Not checked: its consistency with the previous school's sector, académie or country (U):
the school's own UAI with provenance 1 raised no anomaly (rules.md §5).

Reading (L): sub-code and reaction unknown; the family code ``PROVE`` is used and the provenance is
taken as ignored. Not checked when the given Nomenclature has no ``PROVENANCES`` list.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label


class Prove(Rule):
    """``CODE_PROVENANCE`` must be in the Nomenclature's list."""

    family = "PROVE"
    title = label("PROVE")
    needs = frozenset({"nomenclature"})

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        previous = eleve.etablissement_an_dernier
        if previous is None or "PROVENANCES" not in ctx.codes:
            return
        code = previous.code_provenance.strip()
        if code not in ctx.code_list("PROVENANCES"):
            yield self.pupil(
                eleve,
                ctx,
                "PROVE",
                f"La provenance « {code} » n'existe pas dans la nomenclature : elle n'est pas "
                "prise en compte.",
                Consequence.ANOMALY,
                confirmed=False,
            )
