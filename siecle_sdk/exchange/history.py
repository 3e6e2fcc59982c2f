"""The history of the exchanges: what was taken in, checked and sent, and the school's software.

Read-only access to the history's lines, and the one deliberate change it accepts: the
``LOGICIEL`` name of a school, which SIECLE expects to stay the same from one send to the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import SiecleError
from ..identifiers import uai_problem
from .ledger import Entry, Ledger

__all__ = ["History", "change_software", "history"]


@dataclass(frozen=True)
class History:
    """The lines of the history file at ``path`` (newest first), for a school and year."""

    path: Path
    entries: list[Entry]


def history(
    ledger_path: Path | None = None, *, uai: str | None = None, year: str | None = None
) -> History:
    """The lines of the history, for one school (``uai``) and one school year if given."""
    with Ledger(ledger_path) as ledger:
        found = ledger.entries(uai, year) if ledger.path.exists() else []
    return History(ledger.path, found)


def change_software(ledger_path: Path | None, uai: str, software: str) -> str | None:
    """Set deliberately the ``LOGICIEL`` name of a school, after checking both values; returns
    the name it had (``None`` when it had none)."""
    problem = uai_problem(uai)
    if problem is not None:
        raise SiecleError(f"--changer-logiciel : {problem}.")
    if not 1 <= len(software) <= 10:
        raise SiecleError(
            f"--changer-logiciel : le nom de logiciel « {software} » doit compter de 1 à 10 "
            "caractères (LOGICIEL)."
        )
    with Ledger(ledger_path) as ledger:
        return ledger.change_software(uai, software)
