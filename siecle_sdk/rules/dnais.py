"""DNAIS — the pupil's birth date is invalid.

The XSD already requires a real date. Checked here: a birth date after 1 September of the file's
``ANNEE_SCOLAIRE`` (the pupil would not be born at the rentrée), which cannot be right.

Not checked: plausibility bounds by MEF (a pupil too young or too old for the level) — SIECLE's
bounds are unknown (U). Reading (L): sub-code and reaction unknown; the family code ``DNAIS`` is
used, the pupil imported with the anomaly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label


class Dnais(Rule):
    """A birth date after the start of the school year."""

    order = 90
    checks = "birth after 1 September of the school year (age bounds not checked)"
    codes = "`DNAIS`"
    outcome = "anomaly, 5"
    reading = "L"
    family = "DNAIS"
    title = label("DNAIS")

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        born = eleve.date_naiss
        if not isinstance(born, dt.date) or not ctx.school_year.isdigit():
            return
        year = int(ctx.school_year)
        if born > dt.date(year, 9, 1):
            yield self.pupil(
                eleve,
                ctx,
                "DNAIS",
                f"La date de naissance « {born:%d/%m/%Y} » est postérieure au début de l'année "
                f"scolaire {year}-{year + 1} : elle n'est pas valide.",
                Consequence.ANOMALY,
                confirmed=False,
            )
