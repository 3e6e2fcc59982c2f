"""``check``: an ``IMPORT_ELEVES`` file checked as SIECLE will check it, and the check recorded.

The file is read once (deposit checks, XSD and rules in the same pass, see
:func:`~siecle_sdk.rules.engine.check_file`); the report gets a notice when its ``LOGICIEL`` is
not the one of the school's earlier sends. Recording the check in the history is a step of its
own (:func:`record_check`), taken once the report has reached the user: a damaged history never
hides a compte-rendu.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..rules.context import PartCache
from ..rules.deposit import software_notice
from ..rules.engine import Report, check_file
from .ledger import Ledger, LedgerError, entry_from_report

__all__ = ["check", "note_software", "record_check", "refusal"]


def check(
    file: Path,
    exports: Mapping[str, Path | None],
    *,
    ledger_path: Path | None = None,
    cache: PartCache | None = None,
) -> Report:
    """Check ``file`` against the context ``exports`` (the large ones through ``cache`` when
    given; the history gives the known software)."""
    report = check_file(file, exports, cache=cache)
    note_software(report, Ledger(ledger_path))
    return report


def record_check(file: Path, report: Report, *, ledger_path: Path | None = None) -> None:
    """Write the check of ``file`` to the history."""
    Ledger(ledger_path).record(entry_from_report("check", file, report))


def note_software(report: Report, ledger: Ledger) -> None:
    """Add a notice to ``report`` when its ``LOGICIEL`` is not the one of the earlier sends."""
    try:
        known = ledger.software(report.uai)
    except LedgerError:
        return  # recording the check then says what is wrong with the history
    notice = software_notice(report.software, known)
    if notice:
        report.notices.append(notice)


def refusal(report: Report) -> str:
    """Why SIECLE would refuse the file, in one sentence (the first reason and how many)."""
    count = report.deposit_count
    others = f" (et {count - 1} autre(s) raison(s))" if count > 1 else ""
    return f"SIECLE refuserait le dépôt : {report.deposit_errors[0]}{others}"
