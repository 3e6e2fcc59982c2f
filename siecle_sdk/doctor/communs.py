"""Step 2 — données communes: the school's identity, the school-year calendar, the periods.

Read from the Communs export (``BEE_COMMUN``): the ``UAJ`` block (name, address, head of school,
printed on the documents given to families), ``ANNEE_SCOLAIRE`` (first and last day of the year
for pupils and for teachers: SIECLE checks the pupils' schooling dates against the pupils' ones)
and ``PERIODES_PEDAGOGIQUES`` (terms or semesters).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import pairwise

from ..french import year_label
from ..models.communs import Communs, PeriodePedagogique
from ..rules import Checkpoint, Status
from ..rules.context import Context
from . import DoctorRule, enumerate_items, sentence
from .context import communs_of

__all__ = ["Identity", "Periods", "PupilDates", "TeacherDates"]

_WHERE = "Dans l'application Données communes de SIECLE"


def _date(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _span(start: dt.date, end: dt.date) -> str:
    return f"du {start:%d/%m/%Y} au {end:%d/%m/%Y}"


class _CommunsRule(DoctorRule):
    step = "communs"
    needs = frozenset({"communs"})

    def check_exports(self, ctx: Context) -> Iterator[Checkpoint]:
        communs = communs_of(ctx)
        if communs is not None:
            yield from self.check_communs(communs, ctx)

    def check_communs(self, communs: Communs, ctx: Context) -> Iterator[Checkpoint]:
        """The lines of the check, from the whole Communs export."""
        return iter(())


class Identity(_CommunsRule):
    """The school's name, address, phone and head of school are filled in."""

    family = "IDENTITE"
    title = "Identité de l'établissement"

    def check_communs(self, communs: Communs, ctx: Context) -> Iterator[Checkpoint]:
        action = (
            f"{_WHERE}, complétez la fiche de l'établissement (nom, adresse, téléphone, chef "
            "d'établissement et son titre) : elle est imprimée sur les documents remis aux "
            "familles. Refaites ensuite l'export Communs."
        )
        school = communs.etablissement
        parts = (school.denom_princ, school.denom_compl) if school else ()
        name = " ".join(part.strip() for part in parts if part and part.strip())
        if school is None or not name:
            yield self.checkpoint(
                Status.ERROR,
                "L'export Communs ne donne pas le nom de l'établissement"
                + (" (bloc UAJ absent)." if school is None else "."),
                action,
            )
            return
        missing = []
        if not (school.nom_resp or "").strip():
            missing.append("nom du chef d'établissement")
        if not (school.qual_resp or "").strip():
            missing.append("titre du chef d'établissement")
        lines = (
            school.ligne1_adresse,
            school.ligne2_adresse,
            school.ligne3_adresse,
            school.ligne4_adresse,
        )
        if not any((line or "").strip() for line in lines):
            missing.append("adresse")
        if not (school.code_postal or "").strip() and not (school.commune_etrangere or "").strip():
            missing.append("code postal")
        if not (school.telephone or "").strip():
            missing.append("téléphone")
        head, title = (school.nom_resp or "").strip(), (school.qual_resp or "").strip()
        found = name + (f", chef d'établissement : {head}" if head else "")
        if title and head:
            found += f" ({title})"
        if missing:
            yield self.checkpoint(
                Status.WARNING, f"{found} ; non renseigné : {enumerate_items(missing)}.", action
            )
        else:
            yield self.checkpoint(Status.OK, f"{found}.")


class PupilDates(_CommunsRule):
    """The pupils' school year is given, in the right years, start before end."""

    family = "DATES_ELEVES"
    title = "Dates de l'année scolaire des élèves"

    def check_communs(self, communs: Communs, ctx: Context) -> Iterator[Checkpoint]:
        label = year_label(ctx.school_year)
        action = (
            f"{_WHERE}, saisissez les dates de début et de fin de l'année {label} pour les "
            "élèves (SIECLE contrôle les dates de scolarité des élèves par rapport à cette "
            "période), puis refaites l'export Communs."
        )
        year = communs.annee_scolaire
        start = _date(year.date_debut_eleve) if year else None
        end = _date(year.date_fin_eleve) if year else None
        if start is None or end is None:
            absent = [name for name, value in (("début", start), ("fin", end)) if value is None]
            yield self.checkpoint(
                Status.ERROR,
                f"Date de {' et de '.join(absent)} d'année des élèves absente de l'export Communs.",
                action,
            )
            return
        problem = _year_problem(start, end, ctx.school_year)
        if problem:
            yield self.checkpoint(Status.ERROR, f"{_span(start, end)} : {problem}", action)
        elif start.month not in (8, 9) or end.month not in (6, 7, 8):
            yield self.checkpoint(
                Status.WARNING,
                f"{_span(start, end)} : dates inhabituelles pour une année scolaire (rentrée en "
                "août ou septembre, fin en juin, juillet ou août).",
                action,
            )
        else:
            yield self.checkpoint(Status.OK, f"{_span(start, end)}.")


def _year_problem(start: dt.date, end: dt.date, school_year: str) -> str | None:
    """Why ``start``-``end`` cannot be the school year ``school_year`` (``None``: it can)."""
    if start >= end:
        return "la date de début n'est pas avant la date de fin."
    if school_year.isdigit():
        year = int(school_year)
        if start.year != year:
            return (
                f"la rentrée devrait être en {year} pour l'année {year_label(year)} (dates de "
                "l'année précédente non mises à jour ?)."
            )
        if end.year != year + 1:
            return f"la fin d'année devrait être en {year + 1} pour l'année {year_label(year)}."
    return None


class TeacherDates(_CommunsRule):
    """The teachers' school year is given and coherent with the pupils' one."""

    family = "DATES_PROFESSEURS"
    title = "Dates de l'année scolaire des professeurs"

    def check_communs(self, communs: Communs, ctx: Context) -> Iterator[Checkpoint]:
        action = (
            f"{_WHERE}, saisissez les dates de début et de fin de l'année "
            f"{year_label(ctx.school_year)} pour les professeurs, puis refaites l'export Communs."
        )
        year = communs.annee_scolaire
        start = _date(year.date_debut_prof) if year else None
        end = _date(year.date_fin_prof) if year else None
        if start is None or end is None:
            yield self.checkpoint(
                Status.WARNING,
                "Dates d'année des professeurs absentes de l'export Communs.",
                action,
            )
            return
        problem = _year_problem(start, end, ctx.school_year)
        if problem:
            yield self.checkpoint(Status.ERROR, f"{_span(start, end)} : {problem}", action)
            return
        pupils_start = _date(year.date_debut_eleve) if year else None
        pupils_end = _date(year.date_fin_eleve) if year else None
        if (pupils_start is not None and start > pupils_start) or (
            pupils_end is not None and end < pupils_end
        ):
            yield self.checkpoint(
                Status.WARNING,
                f"{_span(start, end)} : la période des professeurs ne couvre pas celle des élèves.",
                action,
            )
            return
        yield self.checkpoint(Status.OK, f"{_span(start, end)}.")


def _period_name(period: PeriodePedagogique) -> str:
    return (period.ll_periode or "").strip() or period.code or "période sans code"


class Periods(_CommunsRule):
    """The pedagogical periods exist and lie inside the pupils' school year."""

    family = "PERIODES"
    title = "Périodes pédagogiques dans l'année scolaire"

    def check_communs(self, communs: Communs, ctx: Context) -> Iterator[Checkpoint]:
        action = (
            f"{_WHERE}, définissez les périodes (trimestres ou semestres) de l'année "
            f"{year_label(ctx.school_year)}, à l'intérieur de l'année scolaire des élèves, puis "
            "refaites l'export Communs."
        )
        periods = communs.periodes
        if not periods:
            yield self.checkpoint(
                Status.WARNING, "Aucune période pédagogique dans l'export Communs.", action
            )
            return
        start, end = communs.school_year_start, communs.school_year_end
        if (start is None or end is None) and ctx.school_year.isdigit():
            start = dt.date(int(ctx.school_year), 8, 1)
            end = dt.date(int(ctx.school_year) + 1, 8, 31)
        undated, outside = [], []
        spans: list[tuple[str, dt.date, dt.date, str]] = []
        for period in periods:
            first, last = _date(period.date_debut), _date(period.date_fin)
            if first is None or last is None or first > last:
                undated.append(_period_name(period))
                continue
            spans.append((period.code or "", first, last, (period.code_type_periode or "").strip()))
            if start is not None and end is not None and (first < start or last > end):
                outside.append(f"{_period_name(period)} ({_span(first, last)})")
        if undated or outside:
            reasons = []
            if undated:
                reasons.append(f"dates absentes ou inversées : {enumerate_items(undated)}")
            if outside:
                bounds = f" {_span(start, end)}" if start and end else ""
                reasons.append(f"hors de l'année scolaire{bounds} : {enumerate_items(outside)}")
            yield self.checkpoint(Status.ERROR, sentence(" ; ".join(reasons)), action)
            return
        overlaps = []
        ordered = sorted(spans, key=lambda s: (s[3], s[1]))
        for before, after in pairwise(ordered):
            if before[3] == after[3] and after[1] <= before[2]:
                overlaps.append(f"{before[0] or '?'} et {after[0] or '?'}")
        listed = ", ".join(
            f"{code or '?'} {first:%d/%m}–{last:%d/%m}"
            for code, first, last, _ in sorted(spans, key=lambda s: s[1])
        )
        if overlaps:
            yield self.checkpoint(
                Status.WARNING,
                f"{listed} : périodes qui se chevauchent ({enumerate_items(overlaps)}).",
                action,
            )
        else:
            yield self.checkpoint(Status.OK, f"{listed}.")
