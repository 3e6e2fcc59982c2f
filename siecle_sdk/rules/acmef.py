"""ACMEF — the pupil's enrolment in a MEF is invalid.

The MEF of the active schooling must be a MEF of the school's Nomenclature export that the school
may enrol pupils in (``INSCRIPTION_ETAB`` or ``MEF_SELECTIONNE``), open at some time of the file's
school year (``DATE_OUVERTURE``..``DATE_FERMETURE`` meets 1 September of ``ANNEE_SCOLAIRE``..31
August of the next year). The MEF dates are whole school years, so the file's year is used rather
than the Communs dates.

Reading (L): SIECLE's sub-code and reaction are not known; the family code ``ACMEF`` is used and
the active schooling is taken as rejected, as with ``ACDIV_B_01`` (the option rules are then not
run). A Nomenclature without MEFs (a trimmed export) is not used for this check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Effect, Finding, Rule, Stage
from .context import Context
from .labels import label


def _day(value: dt.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "non renseignée"


class Acmef(Rule):
    """MEF of the active schooling: known, open to enrolment, open during the year."""

    order = 280
    checks = (
        "MEF in the Nomenclature, open to enrolment (`INSCRIPTION_ETAB`/`MEF_SELECTIONNE`), "
        "open during the file's school year"
    )
    codes = "`ACMEF`"
    outcome = "anomaly, 5; active schooling taken as rejected"
    reading = "L"
    family = "ACMEF"
    title = label("ACMEF")
    needs = frozenset({"nomenclature"})
    stage = Stage.SCOLARITE

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        scolarite = eleve.scolarite_active
        if scolarite is None or not ctx.mefs:
            return
        mef = scolarite.code_mef
        if mef not in ctx.mefs:
            reason = "n'existe pas dans la nomenclature de l'établissement"
        elif mef not in ctx.mefs_enrolment:
            reason = "n'est pas ouvert aux inscriptions dans l'établissement"
        else:
            reason = self._closed(mef, ctx)
        if reason:
            yield self.pupil(
                eleve,
                ctx,
                "ACMEF",
                f"Le MEF « {mef} » {reason} : la scolarité active est rejetée.",
                Consequence.ANOMALY,
                Effect.SCOLARITE,
                confirmed=False,
            )

    @staticmethod
    def _closed(mef: str, ctx: Context) -> str:
        """Why the MEF is not open during the file's school year ("" when it is)."""
        if not ctx.school_year.isdigit():
            return ""
        year = int(ctx.school_year)
        start, end = dt.date(year, 9, 1), dt.date(year + 1, 8, 31)
        opening, closing = ctx.mef_open.get(mef, (None, None))
        if (opening and opening > end) or (closing and closing < start):
            return (
                f"n'est pas ouvert pendant l'année scolaire {year}-{year + 1} (ouverture "
                f"{_day(opening)}, fermeture {_day(closing)})"
            )
        return ""
