"""COMAD — the "communication of address" rule is not satisfied.

``COMMUNICATION_ADRESSE`` omitted for a person: SIECLE treats the address as not communicable
(to other parents' associations...) and writes the note ``INF_COMAD_A_01`` (C, real compte-rendu).
The note is given whether or not the person has an address (the flag is what SIECLE reads).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Personne
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label


class Comad(Rule):
    """A person without ``COMMUNICATION_ADRESSE`` gets a note (address not communicable)."""

    order = 380
    checks = "`COMMUNICATION_ADRESSE` omitted"
    codes = "`INF_COMAD_A_01`"
    outcome = "note, 3; address not communicable"
    reading = "C"
    family = "COMAD"
    title = label("COMAD")

    def check_personne(self, personne: Personne, ctx: Context) -> Iterator[Finding]:
        if personne.communication_adresse in (None, ""):
            yield self.person(
                personne,
                ctx,
                "INF_COMAD_A_01",
                "L'indicateur de communication de l'adresse n'est pas renseigné : l'adresse est "
                "considérée comme non communicable.",
                Consequence.NOTE,
            )
