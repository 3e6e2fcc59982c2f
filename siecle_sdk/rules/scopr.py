"""SCOPR — the schooling period is invalid.

SIECLE compares the previous schooling sent (``ETABLISSEMENT_AN_DERNIER`` ``DATE_DEB_SCO``..
``DATE_FIN_SCO``) with the schoolings it already holds: an overlap → ``SCOPR_C_04`` (C: sent
03/09/2018–01/09/2019 against 03/09/2018–02/04/2019 in SIECLE), and the previous schooling is
ignored. SIECLE's stored schoolings are not exported (the Élèves export has no dates for
``SCOLARITE_AN_DERNIER``), so that comparison cannot be made.

Checked, from the file alone: the previous schooling ending on or after the start of the active
schooling it precedes (the schooling SIECLE will hold) → ``SCOPR_C_04``; a previous schooling
ending before it starts → ``SCOPR`` (L, sub-code unknown).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label

IGNORED = "la scolarité de l'année précédente n'est pas prise en compte."


class Scopr(Rule):
    """Last year's schooling period: well ordered, ending before the active schooling starts."""

    order = 270
    checks = (
        "last year's schooling ending on or after the active schooling's start; ending before "
        "it starts (SIECLE's stored schoolings are not exported)"
    )
    codes = "`SCOPR_C_04`; `SCOPR`"
    outcome = "anomaly, 5; previous schooling ignored"
    reading = "C (code) / L (overlap with the active schooling)"
    family = "SCOPR"
    title = label("SCOPR")

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        previous = eleve.etablissement_an_dernier
        if previous is None or not isinstance(previous.date_fin_sco, dt.date):
            return
        start, end = previous.date_deb_sco, previous.date_fin_sco
        if isinstance(start, dt.date) and end < start:
            yield self.pupil(
                eleve,
                ctx,
                "SCOPR",
                f"La scolarité de l'année précédente finit le « {end:%d/%m/%Y} », avant son "
                f"début le « {start:%d/%m/%Y} » : {IGNORED}",
                Consequence.ANOMALY,
                confirmed=False,
            )
            return
        scolarite = eleve.scolarite_active
        current = scolarite.date_deb_sco if scolarite else None
        if isinstance(current, dt.date) and end >= current:
            yield self.pupil(
                eleve,
                ctx,
                "SCOPR_C_04",
                f"La scolarité de l'année précédente, terminée le « {end:%d/%m/%Y} », chevauche "
                f"la scolarité active commencée le {current:%d/%m/%Y} : {IGNORED}",
                Consequence.ANOMALY,
            )
