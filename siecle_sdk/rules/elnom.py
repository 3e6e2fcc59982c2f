"""ELNOM — the family name or a first name was modified.

With the latest Élèves export, a pupil SIECLE identifies (:mod:`siecle_sdk.rules.reconcile`) whose
family name, first name, or second or third first name (when the file gives them) differs from
SIECLE's is imported with an anomaly (section 5, it blocks the transfer to the BEA): the only real
compte-rendu showing ELNOM lists it under « Fiches Elèves importées avec anomalies » with SIECLE's
text « Élève partiellement importé » (C). Names are compared as SIECLE normalises them (upper case,
single spaces) and without accents, so that mixed-case names sent unchanged raise nothing (a real
compte-rendu showed no ELNOM then, rules.md §5); whether an accent-only change counts is not known
(U), it is not reported. The message quotes each name as the file sends it and as SIECLE knows it
(accents kept).

Reading (L): SIECLE's detailed code is not known (the family code ``ELNOM`` is used); "partially
imported" is read as the record being imported without the names that changed, SIECLE keeping its
own. New pupils get nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Effect, Finding, Rule
from .context import Context
from .engine import pupil_finding
from .labels import label
from .reconcile import normalise

#: SIECLE's own text for an ELNOM anomaly
PARTIAL = "Élève partiellement importé"


class Elnom(Rule):
    """Names of an identified pupil that differ from SIECLE's."""

    family = "ELNOM"
    title = label("ELNOM")
    needs = frozenset({"eleves"})

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        match = ctx.matches.get(eleve.id_prv_ele)
        if match is None:
            return
        pupil = match.pupil
        pairs = [
            ("le nom de famille", eleve.nom_de_famille, pupil.family, 0),
            ("le prénom", eleve.prenom, pupil.first, 1),
            ("le deuxième prénom", eleve.prenom2, pupil.first2, 2),
            ("le troisième prénom", eleve.prenom3, pupil.first3, 3),
        ]
        changes = [
            f"{label} envoyé « {' '.join(sent.split())} » remplace « {pupil.known(part)} »"
            for label, sent, stored, part in pairs
            if sent and normalise(sent) != stored
        ]
        if changes:
            yield pupil_finding(
                self,
                eleve,
                ctx,
                "ELNOM",
                f"{PARTIAL} ({'; '.join(changes)} : SIECLE garde les noms qu'il connaît).",
                Consequence.ANOMALY,
                Effect.IDENTITY,
                confirmed=False,
            )
