"""ADRES — the address rule is not satisfied.

Addresses of persons (sections 2) and of pupils (section 5, L: the same rule applied to the pupil's
own address). In France (``CODE_PAYS`` 100) the postal code and the postal label are mandatory:
``ADRES_A_01`` when ``CODE_POSTAL`` is not given, ``ADRES_A_02`` when ``LL_POSTAL`` is not given
(C, shown in a real SIECLE anomaly pop-up; their texts are SIECLE's, word for word, its
``il_postal`` included). The XSD lets a French address carry a
``COMMUNE_ETRANGERE`` instead (both codes then), and a blank value passes its ``minLength``.
Abroad, the address must give ``COMMUNE_ETRANGERE`` (L, family code ``ADRES``). With the
Géographique export, the address country must exist in the country table (L, ``ADRES``).

Not checked: the address lines said (XSD comment) to be mandatory for the first legal
representative — a legal representative without any ``ADRESSE`` raised no anomaly (rules.md §5).
Reaction (L): the record is imported with the anomaly.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Adresse, Eleve, Personne
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label

FRANCE = "100"


def _finding(
    rule: Rule, record: Eleve | Personne, ctx: Context, code: str, message: str, confirmed: bool
) -> Finding:
    if isinstance(record, Personne):
        return rule.person(record, ctx, code, message, Consequence.ANOMALY, confirmed)
    return rule.pupil(record, ctx, code, message, Consequence.ANOMALY, confirmed=confirmed)


def _blank(value: str | None) -> bool:
    return not (value or "").strip()


class Adres(Rule):
    """Postal code and label in France, foreign commune abroad."""

    order = 140
    checks = (
        "France (`CODE_PAYS` 100): postal code, postal label (blank counts as missing); abroad: "
        "foreign commune; address country in the country table. Persons and pupils"
    )
    codes = "`ADRES_A_01`, `ADRES_A_02`; `ADRES`"
    outcome = "anomaly, 2 (persons) / 5 (pupils)"
    reading = "C (A_01, A_02, their texts word for word) / L (rest, pupils)"
    family = "ADRES"
    title = label("ADRES")

    def check_personne(self, personne: Personne, ctx: Context) -> Iterator[Finding]:
        return self._check(personne, personne.adresse, ctx)

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        return self._check(eleve, eleve.adresse, ctx)

    def _check(
        self, record: Eleve | Personne, adresse: Adresse | None, ctx: Context
    ) -> Iterator[Finding]:
        if adresse is None:
            return
        country = adresse.code_pays.strip()
        if country == FRANCE:
            if _blank(adresse.code_postal):
                yield _finding(
                    self,
                    record,
                    ctx,
                    "ADRES_A_01",
                    "La donnée code_postal n'est pas renseignée. Cette donnée est obligatoire "
                    "pour un code Pays égal à 100.",
                    True,
                )
            if _blank(adresse.ll_postal):
                yield _finding(
                    self,
                    record,
                    ctx,
                    "ADRES_A_02",
                    "La donnée il_postal n'est pas renseignée. Cette donnée est obligatoire "
                    "pour un code Pays égal à 100.",
                    True,
                )
        elif _blank(adresse.commune_etrangere):
            yield _finding(
                self,
                record,
                ctx,
                "ADRES",
                f"L'adresse à l'étranger (code pays « {country} ») n'indique pas de commune "
                "étrangère : l'adresse est importée incomplète.",
                False,
            )


class AdresPays(Rule):
    """The address country must exist in the Géographique country table."""

    order = 150
    family = "ADRES"
    title = Adres.title
    needs = frozenset({"geographique"})

    def check_personne(self, personne: Personne, ctx: Context) -> Iterator[Finding]:
        return self._check(personne, personne.adresse, ctx)

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        return self._check(eleve, eleve.adresse, ctx)

    def _check(
        self, record: Eleve | Personne, adresse: Adresse | None, ctx: Context
    ) -> Iterator[Finding]:
        if adresse is None or not ctx.countries:
            return
        country = adresse.code_pays.strip()
        if country not in ctx.countries:
            yield _finding(
                self,
                record,
                ctx,
                "ADRES",
                f"Le code pays de l'adresse « {country} » n'existe pas dans la table des pays : "
                "l'adresse est importée avec une anomalie.",
                False,
            )
