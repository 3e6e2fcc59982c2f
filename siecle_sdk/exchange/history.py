"""The history of the exchanges: what was taken in, checked and sent, and the school's software.

Read-only access to the history's lines, and the one deliberate change it accepts: the
``LOGICIEL`` name of a school, which SIECLE expects to stay the same from one send to the next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..academie import CRETEIL, Academie, as_paris, superseded_indexes
from ..errors import SiecleError
from ..identifiers import uai_problem
from .ledger import Entry, Ledger, Status

__all__ = [
    "History",
    "change_software",
    "entries_json",
    "fate",
    "history",
    "moment",
    "replacements",
    "sent_files",
]

#: commands whose file is meant to be deposited in SIECLE
_SENDS = ("push",)


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


def moment(at: str) -> dt.datetime | None:
    """The moment of a history line's ``at`` (UTC when it names no zone); ``None`` if unreadable."""
    try:
        found = dt.datetime.fromisoformat(at)
    except ValueError:
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=dt.UTC)


def sent_files(entries: Sequence[Entry]) -> list[tuple[Entry, dt.datetime]]:
    """The sends of ``entries`` that produced a file, with their moment."""
    found = []
    for entry in entries:
        if entry.command not in _SENDS or entry.send_number is None or entry.id is None:
            continue
        if entry.status in (Status.REFUSED, Status.ERROR):
            continue
        at = moment(entry.at)
        if at is not None:
            found.append((entry, at))
    return found


def replacements(entries: Sequence[Entry], academie: Academie = CRETEIL) -> dict[int, Entry]:
    """Id of each send replaced -> the later send of the same school and year that replaces it.

    SIECLE keeps only the last file deposited in a half-day (until the académie's integration
    runs): if both are deposited, the earlier one is never integrated.
    """
    groups: dict[tuple[str, str], list[tuple[Entry, dt.datetime]]] = {}
    for entry, at in sent_files(entries):
        groups.setdefault((entry.uai, entry.school_year), []).append((entry, at))
    replaced: dict[int, Entry] = {}
    for sends in groups.values():
        for index, by in superseded_indexes(academie, [m for _, m in sends]).items():
            entry_id = sends[index][0].id
            assert entry_id is not None
            replaced[entry_id] = sends[by][0]
    return replaced


def fate(entry: Entry, replaced: dict[int, Entry], academie: Academie) -> str:
    """What SIECLE does with a send's file once deposited, in French (empty for other lines)."""
    at = moment(entry.at)
    if entry.command not in _SENDS or entry.send_number is None or at is None:
        return ""
    if entry.status in (Status.REFUSED, Status.ERROR):
        return ""
    by = replaced.get(entry.id) if entry.id is not None else None
    if by is not None:
        return f"remplacé par l'envoi n° {by.send_number} : non intégré"
    run = academie.next_run(at)
    results = academie.results_at(run)
    return (
        f"intégré le {as_paris(run):%d/%m %Hh%M}, compte-rendu vers {as_paris(results):%d/%m %Hh%M}"
    )


def entries_json(entries: Sequence[Entry], academie: Academie = CRETEIL) -> list[dict[str, object]]:
    """The lines as ``siecle history --json`` and the HTTP API give them: each with whether a
    later send of the same half-day replaces it, and what SIECLE does with its file."""
    replaced = replacements(entries, academie)
    return [
        {
            **entry.to_json(),
            "superseded": entry.id in replaced,
            "superseded_by": replaced[entry.id].send_number if entry.id in replaced else None,
            "siecle": fate(entry, replaced, academie) or None,
        }
        for entry in entries
    ]
