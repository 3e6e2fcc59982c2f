"""PUSAG — the usage name is identical to the family name (a code seen in compte-rendus, not in
the 2012 table).

A ``NOM_USAGE`` equal to ``NOM_DE_FAMILLE`` (compared as SIECLE stores names: upper case, single
spaces) is dropped: ``PUSAG_A_01`` (C for persons, section 2, integrators' notes). Reading (L):
the same rule and code apply to a pupil's usage name (section 5).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve, Personne
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label


def _same(usage: str | None, family: str) -> bool:
    return bool(usage) and " ".join((usage or "").upper().split()) == " ".join(
        family.upper().split()
    )


def _message(usage: str | None) -> str:
    return f"Le nom d'usage « {usage} » est identique au nom de famille : il n'est pas conservé."


class Pusag(Rule):
    """Usage name equal to the family name."""

    order = 130
    checks = "`NOM_USAGE` = `NOM_DE_FAMILLE` (upper case) for persons and pupils"
    codes = "`PUSAG_A_01`"
    outcome = "anomaly, 2 (persons) / 5 (pupils); usage name dropped"
    reading = "C (persons) / L (pupils)"
    family = "PUSAG"
    title = label("PUSAG")

    def check_personne(self, personne: Personne, ctx: Context) -> Iterator[Finding]:
        if _same(personne.nom_usage, personne.nom_de_famille):
            yield self.person(
                personne,
                ctx,
                "PUSAG_A_01",
                _message(personne.nom_usage),
                Consequence.ANOMALY,
            )

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        if _same(eleve.nom_usage, eleve.nom_de_famille):
            yield self.pupil(
                eleve, ctx, "PUSAG_A_01", _message(eleve.nom_usage), Consequence.ANOMALY
            )
