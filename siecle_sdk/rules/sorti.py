"""SORTI — the leave date and/or motive are invalid.

Checked:

* with the Nomenclature, a leaver whose ``CODE_MOTIF_SORTIE`` is not in ``MOTIFS_SORTIE`` is
  rejected: a row of ``code_lists.py``;
* without export, a ``DATE_SORTIE`` after the end of the file's school year (31 August following
  ``ANNEE_SCOLAIRE``) → ``SORTI`` (L: "date coherence with the year"; sub-code unknown). Reading:
  rejected too, as SIECLE rejects a leaver whose leave data is incoherent "to avoid later
  inconsistency". Leave dates of earlier years are normal (leavers stay in the file).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Effect, Finding, Rule, Stage
from .context import Context
from .labels import label

TITLE = label("SORTI")


class SortiDate(Rule):
    """The leave date must not be after the end of the school year."""

    order = 20
    checks = (
        "`CODE_MOTIF_SORTIE` in `MOTIFS_SORTIE`; `DATE_SORTIE` after 31 August ending the "
        "school year"
    )
    codes = "`REJEL_SORTI_F_01`; `SORTI`"
    outcome = "rejected, 4"
    reading = "C (motive) / L (date)"
    family = "SORTI"
    title = TITLE
    stage = Stage.REJECTION

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        left = eleve.date_sortie
        if not isinstance(left, dt.date) or not ctx.school_year.isdigit():
            return
        year = int(ctx.school_year)
        if left > dt.date(year + 1, 8, 31):
            yield self.pupil(
                eleve,
                ctx,
                "SORTI",
                f"La date de sortie « {left:%d/%m/%Y} » est postérieure à la fin de l'année "
                f"scolaire {year}-{year + 1} : l'élève est rejeté pour éviter une incohérence "
                "ultérieure.",
                Consequence.REJECTED,
                Effect.RECORD,
                confirmed=False,
            )
