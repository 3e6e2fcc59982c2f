"""Readiness of the SIECLE side, read from the exports the school downloads (``siecle doctor``).

Half of the yearly work happens in SIECLE's and STSweb's screens: données communes, nomenclatures
and their profiling, structures, then the pupils. Each readiness check is a business rule
(:class:`DoctorRule`, a :class:`~siecle_sdk.rules.Rule` that only overrides ``check_exports``),
registered through the ``siecle_rules`` hook like any rule, and yields
:class:`~siecle_sdk.rules.Checkpoint` lines: ✓ done, ⚠ worth a look, ✗ SIECLE will reject or flag
records. The import-file engine ignores these rules (they read no record of an import file).

Modules are named after the workflow steps: :mod:`.files` (the exports themselves),
:mod:`.communs`, :mod:`.nomenclatures`, :mod:`.structures`, :mod:`.pupils`; :mod:`.run` builds the
context from any set of files and runs the checks; :mod:`.dashboard` computes SIECLE's tableau de
bord from the latest Élèves export.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from ..french import plural
from ..rules import Checkpoint, Rule, Status

__all__ = [
    "EXPORT_ACTION",
    "STEPS",
    "SYMBOLS",
    "DoctorRule",
    "agree",
    "enumerate_items",
    "plural",
    "sentence",
    "worst",
]

#: workflow step -> (French title, where it happens), in the order of the checklist
STEPS: dict[str, tuple[str, str]] = {
    "fichiers": ("Exports SIECLE", "étape 5 : exports XML génériques de BEE"),
    "communs": ("Données communes", "étape 2 : application Données communes"),
    "nomenclatures": ("Nomenclatures", "étape 3 : application Nomenclatures, profilage"),
    "structures": ("Structures", "étape 4 : divisions et groupes dans STSweb"),
    "eleves": ("Élèves", "étapes 6 à 8 : fiches élèves dans BEE"),
}
#: how each status is printed
SYMBOLS: dict[Status, str] = {Status.OK: "✓", Status.WARNING: "⚠", Status.ERROR: "✗"}
#: where the generic exports are taken in BEE
EXPORT_ACTION = "Dans BEE, menu Exportations › En XML › génériques"
#: severity order of the statuses
_RANK = {Status.OK: 0, Status.WARNING: 1, Status.ERROR: 2}


def worst(statuses: Iterable[Status]) -> Status:
    """The most severe of ``statuses`` (``OK`` when there is none)."""
    return max(statuses, key=_RANK.__getitem__, default=Status.OK)


def agree(count: int, word: str) -> str:
    """``word`` agreed with ``count`` (an adjective or participle): ``lu`` / ``lus``."""
    return f"{word}s" if count > 1 else word


def enumerate_items(items: Iterable[str], limit: int = 6) -> str:
    """``a, b et c``; beyond ``limit`` items: ``a, b, c… et 12 autres``."""
    values = list(items)
    if len(values) <= limit:
        if len(values) <= 1:
            return "".join(values)
        return f"{', '.join(values[:-1])} et {values[-1]}"
    rest = len(values) - limit
    return f"{', '.join(values[:limit])}… et {rest} {'autre' if rest == 1 else 'autres'}"


def sentence(text: str) -> str:
    """``text`` with a capital first letter and a final full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


class DoctorRule(Rule):
    """A readiness check: one line (or a few) of the ``siecle doctor`` checklist.

    Subclasses set :attr:`family` (a short check name), :attr:`title` (the French label of the
    line), :attr:`step` and :attr:`needs`, and override only :meth:`check_exports`. When an export
    in :attr:`needs` was not given, the runner prints one ⚠ "non vérifié" line instead, unless
    that export is in :attr:`optional` (then the check is left out silently).
    """

    #: workflow step of the line (a key of :data:`STEPS`)
    step: ClassVar[str] = ""
    #: exports whose absence leaves the check out silently (no ⚠ "non vérifié" line)
    optional: ClassVar[frozenset[str]] = frozenset()

    def checkpoint(
        self, status: Status, reason: str = "", action: str = "", label: str | None = None
    ) -> Checkpoint:
        """A line of this check's step, labelled with its title unless ``label`` is given."""
        return Checkpoint(
            step=self.step,
            status=status,
            label=label if label is not None else self.title,
            reason=reason,
            action=action if status is not Status.OK else "",
            rule=self.family,
        )
