"""SCOAC — the schooling dates are invalid.

Checked on the active schooling (C unless marked):

* with the Communs export, ``DATE_DEB_SCO`` outside the pupils' school-year period
  (``ANNEE_SCOLAIRE/DATE_DEBUT_ELEVE``..``DATE_FIN_ELEVE``; L for the source of the period) →
  ``SCOAC_E_02``. ``DATE_FIN_SCO`` is not compared with the period: SIECLE's periods seen in
  compte-rendus ended on 31 August or 1 September, later than ``DATE_FIN_ELEVE`` (early July);
* without export, the active MEF identical to last year's (``ETABLISSEMENT_AN_DERNIER/CODE_MEF``)
  → ``SCOAC_F_01``. Reading (L): a repeater is sent with ``DOUBLEMENT`` true and then raises
  nothing; a ``DATE_FIN_SCO`` before ``DATE_DEB_SCO`` → ``SCOAC`` (L).

SIECLE then ignores the active schooling, the leave motive and the leave date, so the option rules
are not run; only the first finding of each check is given. A ``DATE_FIN_SCO`` inside the year
without any leave data raises nothing (rules.md §5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Effect, Finding, Rule, Stage
from .context import Context
from .labels import label

TITLE = label("SCOAC")
IGNORED = "la scolarité active, le motif et la date de sortie ne sont pas pris en compte."


def _finding(rule: Rule, eleve: Eleve, ctx: Context, code: str, reason: str) -> Finding:
    return rule.pupil(
        eleve,
        ctx,
        code,
        f"{reason} : {IGNORED}",
        Consequence.ANOMALY,
        Effect.SCOLARITE,
        confirmed=code != "SCOAC",
    )


class Scoac(Rule):
    """Same MEF as last year without repeating; end before start."""

    order = 310
    checks = (
        "`DATE_DEB_SCO` in the Communs period; active MEF = last year's MEF without "
        "`DOUBLEMENT`; end before start"
    )
    codes = "`SCOAC_E_02`, `SCOAC_F_01`; `SCOAC`"
    outcome = "anomaly, 5; active schooling, leave motive and date ignored (option rules skipped)"
    reading = "C / L (DOUBLEMENT reading, end before start)"
    family = "SCOAC"
    title = TITLE
    stage = Stage.SCOLARITE

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        scolarite = eleve.scolarite_active
        if scolarite is None:
            return
        previous = eleve.etablissement_an_dernier
        mef = scolarite.code_mef.strip()
        if previous and (previous.code_mef or "").strip() == mef and eleve.doublement is not True:
            yield _finding(
                self,
                eleve,
                ctx,
                "SCOAC_F_01",
                f"Le MEF « {mef} » de la scolarité active est celui de l'année précédente alors "
                "que l'élève n'est pas indiqué redoublant",
            )
            return
        start, end = scolarite.date_deb_sco, scolarite.date_fin_sco
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            yield _finding(
                self,
                eleve,
                ctx,
                "SCOAC",
                f"La date de fin de scolarité « {end:%d/%m/%Y} » est antérieure à la date de "
                f"début « {start:%d/%m/%Y} »",
            )


class ScoacPeriode(Rule):
    """Start of the active schooling against the Communs school-year period."""

    order = 320
    family = "SCOAC"
    title = TITLE
    needs = frozenset({"communs"})
    stage = Stage.SCOLARITE

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        scolarite = eleve.scolarite_active
        first, last = ctx.year_start, ctx.year_end
        if scolarite is None or first is None or last is None:
            return
        start = scolarite.date_deb_sco
        if isinstance(start, dt.date) and not first <= start <= last:
            yield _finding(
                self,
                eleve,
                ctx,
                "SCOAC_E_02",
                f"La date de début de scolarité « {start:%d/%m/%Y} » n'est pas dans la période "
                f"de l'année scolaire (du {first:%d/%m/%Y} au {last:%d/%m/%Y})",
            )
