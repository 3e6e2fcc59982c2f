"""HETAB — the previous year's establishment is invalid.

``ETABLISSEMENT_AN_DERNIER`` names last year's school by UAI (``CODE_RNE``) or only by its
département (``CODE_DEPARTEMENT``). Checked (L):

* without export, the UAI must have the UAI shape and key
  (:func:`siecle_sdk.identifiers.uai_problem`);
* with the Établissements export, a well-formed UAI must be a known establishment — give the full
  ``Etablissements`` export: ``EtablissementsEleves`` only lists the schools already known for the
  school's pupils;
* with the Géographique export, the département must exist (MEN or INSEE code, 3 characters).

The school's own UAI is always accepted (with provenance 1 it raised no anomaly, rules.md §5).
Reading (L): sub-code and reaction unknown; the family code ``HETAB`` is used and the previous
establishment is taken as ignored.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..identifiers import uai_problem
from ..models.import_eleves import Eleve
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label

TITLE = label("HETAB")


def _other_uai(eleve: Eleve, ctx: Context) -> str | None:
    """Last year's UAI when it is given and is not the school's own."""
    previous = eleve.etablissement_an_dernier
    if previous is None or not previous.code_rne:
        return None
    uai = previous.code_rne.strip()
    return None if uai == ctx.uai else uai


def _finding(rule: Rule, eleve: Eleve, ctx: Context, reason: str) -> Finding:
    return rule.pupil(
        eleve,
        ctx,
        "HETAB",
        f"{reason} : l'établissement de l'année précédente n'est pas pris en compte.",
        Consequence.ANOMALY,
        confirmed=False,
    )


class Hetab(Rule):
    """Shape and key of last year's UAI."""

    order = 220
    checks = (
        "UAI shape and key; UAI in the Établissements export; département in Géographique; the "
        "school's own UAI always accepted"
    )
    codes = "`HETAB`"
    outcome = "anomaly, 5"
    reading = "L"
    family = "HETAB"
    title = TITLE

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        uai = _other_uai(eleve, ctx)
        problem = uai_problem(uai) if uai else None
        if problem:
            yield _finding(self, eleve, ctx, problem[:1].upper() + problem[1:])


class HetabEtablissement(Rule):
    """Last year's UAI must be in the Établissements export."""

    order = 230
    family = "HETAB"
    title = TITLE
    needs = frozenset({"etablissements"})

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        uai = _other_uai(eleve, ctx)
        if not uai or not ctx.establishments or uai_problem(uai):
            return
        if uai not in ctx.establishments:
            yield _finding(
                self, eleve, ctx, f"L'établissement « {uai} » n'existe pas dans l'annuaire"
            )


class HetabDepartement(Rule):
    """Last year's département must be in the Géographique export."""

    order = 240
    family = "HETAB"
    title = TITLE
    needs = frozenset({"geographique"})

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        previous = eleve.etablissement_an_dernier
        if previous is None or not previous.code_departement or not ctx.departements:
            return
        code = previous.code_departement.strip()
        if code not in ctx.departements and code.zfill(3) not in ctx.departements:
            yield _finding(self, eleve, ctx, f"Le département « {code} » n'existe pas")
