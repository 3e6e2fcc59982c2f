"""PEPCS — the profession (PCS) rule is not satisfied.

Checked:

* with the Nomenclature, a person's ``CODE_PROFESSION`` must be in ``PROFESSIONS``: a row of
  ``code_lists.py``;
* without export, a legal representative linked to a pupil as "aide sociale à l'enfance"
  (``CODE_PARENTE`` 51, 5 in schema 2.0) gets its PCS set to 99, non renseignée (``PEPCS_B_01``,
  C, integrators' notes). Reading: only when the PCS sent is not already 99. The links are known
  once every pupil has been read, so these findings come at the end of the file.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import PARENTE_OLD_TO_NEW, Personne
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label

TITLE = label("PEPCS")
UNKNOWN_PCS = "99"
ASE = "51"
LEGAL_ROLES = frozenset({"LEGAL", "LEGAL1", "LEGAL2"})
#: link elements of schema 2.0, whose ``CODE_PARENTE`` has 1 character
OLD_ROLES = frozenset({"LEGAL1", "LEGAL2"})


def _legal_ase(role: str, parente: str) -> bool:
    """Whether a link makes the person the pupil's legal representative as the ASE."""
    code = parente.strip()
    if role in OLD_ROLES:
        code = PARENTE_OLD_TO_NEW.get(code, code)
    return role in LEGAL_ROLES and code == ASE


class PepcsAse(Rule):
    """A legal representative who is the "aide sociale à l'enfance" gets PCS 99."""

    order = 400
    checks = (
        "`CODE_PROFESSION` in `PROFESSIONS`; legal representative linked as ASE (51) with a PCS "
        "other than 99"
    )
    codes = "`PEPCS`; `PEPCS_B_01`"
    outcome = "anomaly, 2; PCS set to 99 (B_01)"
    reading = "C (B_01) / L"
    family = "PEPCS"
    title = TITLE

    def __init__(self) -> None:
        #: persons whose PCS is not 99: (private id, family name, first name, PCS)
        self._persons: list[tuple[str, str, str, str]] = []

    def check_personne(self, personne: Personne, ctx: Context) -> Iterator[Finding]:
        code = personne.code_profession.strip()
        if code != UNKNOWN_PCS:
            self._persons.append(
                (personne.id_prv_per, personne.nom_de_famille, personne.prenom, code)
            )
        return iter(())

    def finish(self, ctx: Context) -> Iterator[Finding]:
        for private, family, first, code in self._persons:
            links = ctx.links.get(private, [])
            if any(_legal_ase(role, parente) for role, parente in links):
                yield self.person(
                    (private, family, first),
                    ctx,
                    "PEPCS_B_01",
                    f"Le représentant légal est lié à l'élève comme aide sociale à l'enfance "
                    f"(lien « {ASE} ») : sa profession « {code} » est remplacée par 99 (non "
                    "renseignée).",
                    Consequence.ANOMALY,
                )
