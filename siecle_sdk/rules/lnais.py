"""LNAIS — the pupil's birthplace is invalid.

Born in France (birth ``CODE_PAYS`` 100, overseas included) the birthplace is the INSEE commune code
``CODE_COMMUNE_INSEE_NAISS``; born abroad it is the town ``VILLE_NAISS`` (the XSD only asks for one
of the two). Checked (L): a pupil born in France with a town instead of a commune code, or born
abroad with a commune code instead of a town; with the Géographique export, the birth country must
exist in the country table.

Not checked: whether the commune code exists — a Paris postal code (75012) sent in place of the
INSEE code (75112) raised no anomaly (rules.md §5). A leaver without birthplace raises nothing (the
XSD makes it optional for leavers). Reading (L): sub-code and reaction unknown; the family code
``LNAIS`` is used and the birthplace is taken as ignored.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label

FRANCE = "100"
TITLE = label("LNAIS")


def _finding(rule: Rule, eleve: Eleve, ctx: Context, reason: str) -> Finding:
    return rule.pupil(
        eleve,
        ctx,
        "LNAIS",
        f"{reason} : le lieu de naissance n'est pas pris en compte.",
        Consequence.ANOMALY,
        confirmed=False,
    )


class Lnais(Rule):
    """Commune code in France, town abroad."""

    order = 100
    checks = (
        "born in France with a town, abroad with a commune code; birth country in the country "
        "table (commune existence not checked)"
    )
    codes = "`LNAIS`"
    outcome = "anomaly, 5"
    reading = "L"
    family = "LNAIS"
    title = TITLE

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        country = eleve.code_pays.strip()
        commune, town = eleve.code_commune_insee_naiss, eleve.ville_naiss
        if country == FRANCE and town and not commune:
            yield _finding(
                self,
                eleve,
                ctx,
                f"L'élève est né en France (code pays « {country} ») mais son lieu de naissance "
                f"est la ville « {town} » et non un code commune INSEE",
            )
        elif country != FRANCE and commune and not town:
            yield _finding(
                self,
                eleve,
                ctx,
                f"L'élève est né à l'étranger (code pays « {country} ») mais son lieu de "
                f"naissance est le code commune « {commune} » et non une ville",
            )


class LnaisPays(Rule):
    """The birth country must be in the Géographique country table."""

    order = 110
    family = "LNAIS"
    title = TITLE
    needs = frozenset({"geographique"})

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        country = eleve.code_pays.strip()
        if ctx.countries and country not in ctx.countries:
            yield _finding(
                self,
                eleve,
                ctx,
                f"Le pays de naissance « {country} » n'existe pas dans la table des pays",
            )
