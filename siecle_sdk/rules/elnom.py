"""ELNOM — the pupil's family name or a first name was modified.

With the latest Élèves export, a pupil SIECLE identifies (:mod:`siecle_sdk.rules.reconcile`) whose
family name, first name, or second or third first name (when the file gives them) differs from
SIECLE's gets an information note. Names are compared as SIECLE normalises them (upper case,
single spaces) and without accents, so that mixed-case names sent unchanged raise nothing (a real
compte-rendu showed no ELNOM then, rules.md §5); an accent-only change is not reported.

Reading (L): SIECLE's code is not known; the family code ``ELNOM`` is used as a note (section 6),
the new names being applied. New pupils get nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Finding, Rule
from .context import Context
from .engine import pupil_finding
from .reconcile import normalise


class Elnom(Rule):
    """Names of an identified pupil that differ from SIECLE's."""

    family = "ELNOM"
    title = "Le nom de famille ou un prénom de l'élève a été modifié"
    needs = frozenset({"eleves"})

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        match = ctx.matches.get(eleve.id_prv_ele)
        if match is None:
            return
        pupil = match.pupil
        pairs = [
            ("le nom de famille", eleve.nom_de_famille, pupil.family),
            ("le prénom", eleve.prenom, pupil.first),
            ("le deuxième prénom", eleve.prenom2, pupil.first2),
            ("le troisième prénom", eleve.prenom3, pupil.first3),
        ]
        changes = [
            f"{label} « {normalise(sent)} » remplace « {stored} »"
            for label, sent, stored in pairs
            if sent and normalise(sent) != stored
        ]
        if changes:
            text = "; ".join(changes)
            yield pupil_finding(
                self,
                eleve,
                ctx,
                "ELNOM",
                f"{text[:1].upper()}{text[1:]} : l'identité de l'élève est modifiée dans SIECLE.",
                Consequence.NOTE,
                confirmed=False,
            )
