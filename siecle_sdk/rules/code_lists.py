"""The rules that check one code against one list of the Nomenclature, as rows of one table.

Each row names the value checked (a path of attributes from the pupil or the person), the
Nomenclature list it must be in, and what SIECLE does otherwise. A row becomes a :class:`Rule`
like any other. A rule is not checked when the given Nomenclature has no such list (a trimmed
export would otherwise flag every record).

* SORTI: a leaver's ``CODE_MOTIF_SORTIE`` not in ``MOTIFS_SORTIE`` is rejected
  (``REJEL_SORTI_F_01``, C: observed with the one-digit motive 5).
* REGIM: a ``CODE_REGIME`` not in ``REGIMES`` is reported as not entered and defaulted to 0,
  externe libre (``INF_REGIM_A_01``, C: observed with code 11).
* PROVE: ``ETABLISSEMENT_AN_DERNIER/CODE_PROVENANCE`` must be in ``PROVENANCES`` (1..8). Not
  checked: its consistency with the previous school's sector, académie or country (U): the
  school's own UAI with provenance 1 raised no anomaly (rules.md §5). Reading (L): sub-code and
  reaction unknown; the family code is used and the provenance is taken as ignored.
* STATU: ``SCOLARITE_ACTIVE/CODE_STATUT`` must be in ``STATUTS_ELEVE`` (ST, AP, CQ, FQ, FC);
  otherwise ``STATU_C_01`` (C: observed with ``1``). Not checked: last year's ``CODE_STATUT``.
* CIVIL: a person's ``CODE_CIVILITE`` must be in ``CIVILITES`` (1 M., 2 MME). Not checked: its
  consistency with the person's links (U; a ``CODE_CIVILITE`` 1 for a père raised no anomaly).
  Reading (L): sub-code and reaction unknown; the civility is taken as ignored.
* PEPCS: a person's ``CODE_PROFESSION`` must be in ``PROFESSIONS`` (L; sub-code and reaction
  unknown: family code, the PCS taken as ignored). The other PEPCS check is in ``pepcs.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..models.import_eleves import Eleve, Personne
from . import Consequence, Effect, Finding, Rule, Stage
from .context import Context
from .labels import label

__all__ = ["CODE_LISTS", "Civil", "CodeListCheck", "Pepcs", "Prove", "Regim", "Sorti", "Statu"]


@dataclass(frozen=True)
class CodeListCheck:
    """One "code in that list" rule."""

    #: name of the rule class
    name: str
    family: str
    #: the Nomenclature list (``REGIMES``...)
    code_list: str
    #: ``eleve`` or ``personne``: the record checked
    record: str
    #: attributes from the record to the code; a missing step means nothing to check, a missing
    #: code is checked as empty
    path: tuple[str, ...]
    #: finding code and French message (``{code}``: the code found)
    code: str
    message: str
    consequence: Consequence
    order: int
    effect: Effect = Effect.NONE
    confirmed: bool = True
    stage: Stage = Stage.PUPIL
    #: an attribute of the pupil that must be true for the check to apply (``is_leaver``)
    when: str | None = None
    #: the family's row of ``docs/rules.md`` (see :attr:`Rule.checks`)
    checks: str = ""
    codes: str = ""
    outcome: str = ""
    reading: str = ""

    def value(self, record: Any) -> str | None:
        """The code to check in ``record``, or ``None`` when the rule does not apply."""
        if self.when is not None and not getattr(record, self.when):
            return None
        for step in self.path[:-1]:
            record = getattr(record, step)
            if record is None:
                return None
        return str(getattr(record, self.path[-1]) or "").strip()


CODE_LISTS = (
    CodeListCheck(
        "Sorti", "SORTI", "MOTIFS_SORTIE", "eleve", ("code_motif_sortie",), "REJEL_SORTI_F_01",
        "Le motif de sortie « {code} » n'existe pas : l'élève est rejeté pour éviter une "
        "incohérence ultérieure.",
        Consequence.REJECTED, 10, effect=Effect.RECORD, stage=Stage.REJECTION, when="is_leaver",
    ),
    CodeListCheck(
        "Regim", "REGIM", "REGIMES", "eleve", ("code_regime",), "INF_REGIM_A_01",
        "Le régime « {code} » n'est pas un code de régime : il est considéré comme non "
        "renseigné et remplacé par 0 (externe libre).",
        Consequence.NOTE, 170,
        checks="`CODE_REGIME` in `REGIMES`",
        codes="`INF_REGIM_A_01`",
        outcome="note, 6; defaulted to 0 externe libre",
        reading="C",
    ),
    CodeListCheck(
        "Prove", "PROVE", "PROVENANCES", "eleve",
        ("etablissement_an_dernier", "code_provenance"), "PROVE",
        "La provenance « {code} » n'existe pas dans la nomenclature : elle n'est pas prise en "
        "compte.",
        Consequence.ANOMALY, 250, confirmed=False,
        checks=(
            "`CODE_PROVENANCE` in `PROVENANCES` (consistency with the previous school not "
            "checked)"
        ),
        codes="`PROVE`",
        outcome="anomaly, 5",
        reading="L",
    ),
    CodeListCheck(
        "Statu", "STATU", "STATUTS_ELEVE", "eleve", ("scolarite_active", "code_statut"),
        "STATU_C_01",
        "Le statut « {code} » n'existe pas dans la liste nationale : il n'est pas pris en "
        "compte.",
        Consequence.ANOMALY, 300, stage=Stage.SCOLARITE,
        checks="active schooling's `CODE_STATUT` in `STATUTS_ELEVE`",
        codes="`STATU_C_01`",
        outcome="anomaly, 5; status ignored",
        reading="C",
    ),
    CodeListCheck(
        "Civil", "CIVIL", "CIVILITES", "personne", ("code_civilite",), "CIVIL",
        "La civilité « {code} » n'existe pas (1 M., 2 MME) : elle n'est pas prise en compte.",
        Consequence.ANOMALY, 370, confirmed=False,
        checks="`CODE_CIVILITE` in `CIVILITES` (consistency with the link is not checked)",
        codes="`CIVIL`",
        outcome="anomaly, 2",
        reading="L",
    ),
    CodeListCheck(
        "Pepcs", "PEPCS", "PROFESSIONS", "personne", ("code_profession",), "PEPCS",
        "La profession (PCS) « {code} » n'existe pas dans la nomenclature : elle n'est pas "
        "prise en compte.",
        Consequence.ANOMALY, 390, confirmed=False,
    ),
)  # fmt: skip


class _CodeListRule(Rule):
    """A rule made from a row of :data:`CODE_LISTS`."""

    row: CodeListCheck

    def _finding(self, record: Eleve | Personne, ctx: Context) -> Iterator[Finding]:
        row = self.row
        if row.code_list not in ctx.codes:
            return
        code = row.value(record)
        if code is None or code in ctx.code_list(row.code_list):
            return
        message = row.message.format(code=code)
        if isinstance(record, Personne):
            yield self.person(record, ctx, row.code, message, row.consequence, row.confirmed)
        else:
            yield self.pupil(
                record, ctx, row.code, message, row.consequence, row.effect, row.confirmed
            )


class _PupilCodeRule(_CodeListRule):
    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        return self._finding(eleve, ctx)


class _PersonCodeRule(_CodeListRule):
    def check_personne(self, personne: Personne, ctx: Context) -> Iterator[Finding]:
        return self._finding(personne, ctx)


def _rule(row: CodeListCheck) -> type[Rule]:
    base = _PupilCodeRule if row.record == "eleve" else _PersonCodeRule
    attributes = {
        "__doc__": f"``{row.path[-1].upper()}`` must be in the Nomenclature's ``{row.code_list}``.",
        "__module__": __name__,
        "row": row,
        "family": row.family,
        "title": label(row.family),
        "needs": frozenset({"nomenclature"}),
        "stage": row.stage,
        "order": row.order,
        "checks": row.checks,
        "codes": row.codes,
        "outcome": row.outcome,
        "reading": row.reading,
    }
    return type(row.name, (base,), attributes)


_RULES = {row.name: _rule(row) for row in CODE_LISTS}
Sorti = _RULES["Sorti"]
Regim = _RULES["Regim"]
Prove = _RULES["Prove"]
Statu = _RULES["Statu"]
Civil = _RULES["Civil"]
Pepcs = _RULES["Pepcs"]
