"""CREAT — the pupil's identification is incorrect.

SIECLE matches each pupil of the file to one of its pupils (INE, else ``ID_PRV_ELE``, else family
name, first name and birth date: :mod:`siecle_sdk.rules.reconcile`) or creates a new one. With the
latest Élèves export, the check finds two pupils of the file that SIECLE would identify as the
same pupil of its base: the second one is reported.

Reading (L): SIECLE's sub-code is not known; the family code ``CREAT`` is used and the second pupil
is taken as rejected, as the sister pupil–group import does (``REJELEGROUPE_03``). Not checked:
ambiguous identity matches (SIECLE silently takes the first) and other triggers (U).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Effect, Finding, Rule, Stage
from .context import Context
from .labels import label


class Creat(Rule):
    """Two pupils of the file identified as the same SIECLE pupil."""

    order = 40
    checks = (
        "two pupils of the file identified as the same SIECLE pupil (INE, private id, identity)"
    )
    codes = "`CREAT`"
    outcome = "rejected, 4 (second pupil)"
    reading = "L (as the pupil–group import's `REJELEGROUPE_03`)"
    family = "CREAT"
    title = label("CREAT")
    needs = frozenset({"eleves"})
    stage = Stage.REJECTION

    def __init__(self) -> None:
        #: SIECLE ``ELEVE_ID`` -> private id of the first pupil of the file matched to it
        self._first: dict[str, str] = {}

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        match = ctx.matches.get(eleve.id_prv_ele)
        if match is None:
            return
        first = self._first.setdefault(match.eleve_id, eleve.id_prv_ele)
        if first != eleve.id_prv_ele:
            yield self.pupil(
                eleve,
                ctx,
                "CREAT",
                f"L'élève est identifié au même élève de SIECLE (ELEVE_ID « {match.eleve_id} ») "
                f"que l'élève ID_PRV_ELE « {first} » du fichier : il est rejeté.",
                Consequence.REJECTED,
                Effect.RECORD,
                confirmed=False,
            )
