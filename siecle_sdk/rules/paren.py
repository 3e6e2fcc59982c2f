"""PAREN — the pupil's responsables are invalid.

Checked:

* without export, every linked ``ID_PRV_PER`` must be a ``PERSONNE`` of the file (the 3.x XSDs no
  longer check it). When none of the pupil's legal representatives is in the file, the pupil has
  no legal representative and is not imported (XSD comment, C); another missing person is taken as
  an ignored link (L);
* without export, ``CODE_PARENTE`` of a 3.x link must have 2 characters (C: SIECLE misbehaved with
  1-character codes; failure mode unknown, taken as an ignored link);
* with the Nomenclature, ``CODE_PARENTE`` must be in ``LIENS_PARENTE``. The 1-character codes of a
  schema 2.0 file (``LEGAL1``/``LEGAL2``) are read in the old list and raise nothing when they have
  a 2-character equivalent (a 2.0 ``CODE_PARENTE`` 1 raised no anomaly, rules.md §5).

The count of legal representatives (1..2) is an XSD constraint. Reading (L): sub-codes unknown; the
family code ``PAREN`` is used.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import PARENTE_OLD_TO_NEW, Eleve
from . import Consequence, Effect, Finding, Rule, Stage
from .context import Context
from .labels import label
from .reconcile import private_key

TITLE = label("PAREN")
LEGAL_ROLES = frozenset({"LEGAL", "LEGAL1", "LEGAL2"})
#: link elements of schema 2.0, whose ``CODE_PARENTE`` has 1 character
OLD_ROLES = frozenset({"LEGAL1", "LEGAL2"})


class ParenLiens(Rule):
    """Links to persons absent from the file; 3.x codes not on 2 characters."""

    order = 50
    checks = (
        "linked persons present in the file (none of the legal representatives → pupil "
        "rejected); 3.x codes on 2 characters; code in `LIENS_PARENTE` (2.0 codes read in the "
        "old list)"
    )
    codes = "`PAREN`"
    outcome = "rejected, 4 (no legal representative) / anomaly, 5 (link ignored)"
    reading = "C (2 characters, legal count) / L"
    family = "PAREN"
    title = TITLE
    stage = Stage.REJECTION

    def __init__(self) -> None:
        self._known: set[str] | None = None

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        if self._known is None:  # every PERSONNE precedes the pupils in the file
            self._known = {private_key(p) or "" for p in ctx.persons_in_file}
        links = eleve.links()
        missing = [
            (role, link) for role, link in links if private_key(link.id_prv_per) not in self._known
        ]
        legal = [link for role, link in links if role in LEGAL_ROLES]
        if legal and len(legal) == sum(role in LEGAL_ROLES for role, _ in missing):
            ids = ", ".join(f"« {lk.id_prv_per} »" for lk in legal)
            yield self.pupil(
                eleve,
                ctx,
                "PAREN",
                f"Aucun représentant légal de l'élève (ID_PRV_PER {ids}) n'est dans la liste "
                "des personnes du fichier : l'élève n'est pas importé.",
                Consequence.REJECTED,
                Effect.RECORD,
                confirmed=False,
            )
            return
        for role, link in missing:
            yield self._ignored(
                eleve,
                ctx,
                f"Le responsable ID_PRV_PER « {link.id_prv_per} » ({role}) n'est pas dans la "
                "liste des personnes du fichier",
            )
        for role, link in links:
            code = link.code_parente.strip()
            if role not in OLD_ROLES and len(code) != 2:
                yield self._ignored(
                    eleve,
                    ctx,
                    f"Le lien de parenté « {code} » ({role}) n'est pas sur 2 caractères comme "
                    "l'exigent les schémas 3.x",
                )

    def _ignored(self, eleve: Eleve, ctx: Context, reason: str) -> Finding:
        return self.pupil(
            eleve,
            ctx,
            "PAREN",
            f"{reason} : le lien n'est pas pris en compte.",
            Consequence.ANOMALY,
            confirmed=False,
        )


class ParenCode(Rule):
    """``CODE_PARENTE`` must be in the Nomenclature's ``LIENS_PARENTE``."""

    order = 210
    family = "PAREN"
    title = TITLE
    needs = frozenset({"nomenclature"})

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        if "LIENS_PARENTE" not in ctx.codes:
            return
        known = ctx.code_list("LIENS_PARENTE")
        for role, link in eleve.links():
            code = link.code_parente.strip()
            if role in OLD_ROLES:
                if code in known or PARENTE_OLD_TO_NEW.get(code) in known:
                    continue
            elif len(code) != 2 or code in known:
                continue
            yield self.pupil(
                eleve,
                ctx,
                "PAREN",
                f"Le lien de parenté « {code} » ({role}) n'existe pas dans la nomenclature : le "
                "lien n'est pas pris en compte.",
                Consequence.ANOMALY,
                confirmed=False,
            )
