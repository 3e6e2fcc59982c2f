"""NBENF — the number of dependent children is not valid.

``ENFANT_A_CHARGE`` must be greater than 0. Omitted for a legal representative, SIECLE forces it to
1 (``NBENF_F_03``, observed). A value of 0 is reported under the family code. Whether a person is a
legal representative is known once every pupil's links have been read, so findings are given at
the end of the file.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Personne
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label


class Nbenf(Rule):
    """``ENFANT_A_CHARGE``: 0 for anyone, omitted for a legal representative."""

    order = 420
    checks = "`ENFANT_A_CHARGE` omitted for a legal representative; 0"
    codes = "`NBENF_F_03`; `NBENF`"
    outcome = "anomaly, 2; forced to 1"
    reading = "C (F_03) / L (0)"
    family = "NBENF"
    title = label("NBENF")

    def __init__(self) -> None:
        self._missing: list[tuple[str, str, str]] = []

    def check_personne(self, personne: Personne, ctx: Context) -> Iterator[Finding]:
        if personne.enfant_a_charge is None:
            self._missing.append((personne.id_prv_per, personne.nom_de_famille, personne.prenom))
        elif personne.enfant_a_charge == 0:
            yield self.person(
                personne,
                ctx,
                "NBENF",
                "Le nombre d'enfants à charge « 0 » n'est pas valide : il doit être supérieur à 0.",
                Consequence.ANOMALY,
                confirmed=False,
            )

    def finish(self, ctx: Context) -> Iterator[Finding]:
        for person in self._missing:
            roles = {role for role, _ in ctx.links.get(person[0], [])}
            if roles & {"LEGAL", "LEGAL1", "LEGAL2"}:
                yield self.person(
                    person,
                    ctx,
                    "NBENF_F_03",
                    "Le nombre d'enfants à charge n'est pas renseigné pour un représentant "
                    "légal : il est forcé à 1.",
                    Consequence.ANOMALY,
                )
