"""TELEP — the phone / e-mail rule is not satisfied.

Every phone of a person (section 2) or of a pupil (section 5, L: same rule) must be written in the
French format or in a foreign one, digits only; otherwise ``TELEP_E_01`` and SIECLE keeps the number
anyway (C, integrators' notes: a home phone of 13 digits). Reading (L): French format = 10 digits
starting with 0 then a non-zero digit (``0612345678``), or the international form SIECLE itself
writes in its exports since 2017, ``+33`` and 9 digits (``+33612345678``: a number SIECLE exports
is one it accepts); foreign format = ``00`` or ``+``, a non-zero digit, then 5 to 14 digits
(``0032...``, ``+32...``); spaces or dots are not digits. No phone, and 10-digit national numbers,
raise nothing (rules.md §5).

Not checked: e-mail addresses (SIECLE's checks are unknown, U).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..models.import_eleves import Eleve, Personne
from . import Consequence, Finding, Rule, labels
from .context import Context

FRENCH = re.compile(r"0[1-9]\d{8}|\+33[1-9]\d{8}")
FOREIGN = re.compile(r"(?:00|\+)(?!33)[1-9]\d{5,14}")
#: phone field -> how messages name it
PHONES = {
    "tel_personnel": "Le téléphone personnel",
    "tel_professionnel": "Le téléphone professionnel",
    "tel_portable": "Le téléphone portable",
}


class Telep(Rule):
    """Phones in French or foreign format, digits only."""

    order = 160
    checks = (
        "every phone: 10 digits starting with 0, or 00 + 6–15 digits; nothing else (`+`, spaces)"
    )
    codes = "`TELEP_E_01`"
    outcome = "anomaly, 2 (persons) / 5 (pupils); kept anyway"
    reading = "C / L (formats); e-mail not checked (U)"
    family = "TELEP"
    title = labels.label("TELEP")

    def check_personne(self, personne: Personne, ctx: Context) -> Iterator[Finding]:
        for message in self._problems(personne):
            yield self.person(personne, ctx, "TELEP_E_01", message, Consequence.ANOMALY)

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        for message in self._problems(eleve):
            yield self.pupil(eleve, ctx, "TELEP_E_01", message, Consequence.ANOMALY)

    @staticmethod
    def _problems(record: Eleve | Personne) -> Iterator[str]:
        for name, label in PHONES.items():
            value: str | None = getattr(record, name)
            if value and not (FRENCH.fullmatch(value) or FOREIGN.fullmatch(value)):
                yield (
                    f"{label} « {value} » n'est ni au format français ni au format étranger : "
                    "il est conservé tel quel."
                )
