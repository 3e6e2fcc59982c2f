"""CIVIL — the civility rule is not satisfied.

A person's ``CODE_CIVILITE`` must be in the Nomenclature's ``CIVILITES`` list (1 M., 2 MME).

Not checked: the consistency of the civility with the person's links (a mother as M.): SIECLE's
behaviour is unknown (U), and a ``CODE_CIVILITE`` 1 for a père raised no anomaly (rules.md §5).
Reading (L): sub-code and reaction unknown; the family code ``CIVIL`` is used and the civility is
taken as ignored. Not checked when the given Nomenclature has no ``CIVILITES`` list.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Personne
from . import Consequence, Finding, Rule
from .context import Context
from .labels import label


class Civil(Rule):
    """A person's civility must be in the Nomenclature's list."""

    family = "CIVIL"
    title = label("CIVIL")
    needs = frozenset({"nomenclature"})

    def check_personne(self, personne: Personne, ctx: Context) -> Iterator[Finding]:
        if "CIVILITES" not in ctx.codes:
            return
        code = personne.code_civilite.strip()
        if code not in ctx.code_list("CIVILITES"):
            yield self.person(
                personne,
                ctx,
                "CIVIL",
                f"La civilité « {code} » n'existe pas (1 M., 2 MME) : elle n'est pas prise en "
                "compte.",
                Consequence.ANOMALY,
                confirmed=False,
            )
