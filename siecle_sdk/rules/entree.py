"""ENTREE — the entry date is incoherent (a code seen in compte-rendus, not in the 2012 table).

``DATE_ENTREE`` (date the pupil entered the school) falling inside a schooling period in another
establishment gets the pupil rejected (``REJEL_ENTREE_B_02``, C: an entry date shown as 09/01/2016
against a schooling 01/09/2015–31/08/2016 in another school). SIECLE's stored schoolings are not
exported, so the period checked is the one the file itself gives: ``ETABLISSEMENT_AN_DERNIER``
``DATE_DEB_SCO``..``DATE_FIN_SCO`` (both needed), when that school is not the school itself.

No ``DATE_ENTREE`` raises nothing (rules.md §5). The integrators suspected SIECLE read the day and
month swapped (U): the date is compared as written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Effect, Finding, Rule, Stage
from .context import Context
from .labels import label


class Entree(Rule):
    """``DATE_ENTREE`` inside last year's schooling in another establishment."""

    order = 30
    checks = (
        "`DATE_ENTREE` inside last year's schooling (`DATE_DEB_SCO`..`DATE_FIN_SCO`) in another "
        "establishment"
    )
    codes = "`REJEL_ENTREE_B_02`"
    outcome = "rejected, 4"
    reading = "C"
    family = "ENTREE"
    title = label("ENTREE")
    stage = Stage.REJECTION

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        entree = eleve.date_entree
        previous = eleve.etablissement_an_dernier
        if not isinstance(entree, dt.date) or previous is None or previous.code_rne == ctx.uai:
            return
        start, end = previous.date_deb_sco, previous.date_fin_sco
        if not (isinstance(start, dt.date) and isinstance(end, dt.date)):
            return
        if start <= entree <= end:
            where = previous.code_rne or f"du département {previous.code_departement}"
            yield self.pupil(
                eleve,
                ctx,
                "REJEL_ENTREE_B_02",
                f"La date d'entrée « {entree:%d/%m/%Y} » est incohérente avec la scolarité du "
                f"{start:%d/%m/%Y} au {end:%d/%m/%Y} dans un autre établissement ({where}) : "
                "l'élève est rejeté.",
                Consequence.REJECTED,
                Effect.RECORD,
            )
