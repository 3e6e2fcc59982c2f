"""``push``: a vendor's data to the zip SIECLE expects, checked first, in a straight line.

Read the school through the vendor's adapter, write the ``IMPORT_ELEVES`` file, check it as SIECLE
will (one read: deposit checks, XSD and rules in the same pass), stop when SIECLE would refuse the
file or reject records, zip it under SIECLE's name, record the send in the history. A stop is
recorded too, and leaves no zip behind. Before anything is written, the sends of the same
half-day that this one would replace in SIECLE are announced (``PushRequest.notify``), and the
result says what the académie will do with the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..academie import CRETEIL, PARIS, Academie, as_paris
from ..errors import ExitCode, SiecleError
from ..io.writer import atomic_write
from ..plugin.context import SchoolContext
from ..plugin.manager import get_manager
from ..report.html import render_html
from ..rules import Consequence
from ..rules.context import PartCache
from ..rules.engine import Report, check_file
from .check import refusal
from .history import sent_files
from .ledger import Entry, Ledger, Status, entry_from_report
from .packaging import Package, drafted, zip_draft

__all__ = ["PushRequest", "PushResult", "PushStopped", "RefusedFile", "RejectedRecords", "push"]


class PushStopped(SiecleError):
    """The check of the written file stopped the send; ``report`` is its compte-rendu."""

    def __init__(self, message: str, report: Report) -> None:
        super().__init__(message)
        self.report = report


class RejectedRecords(PushStopped):
    """The pre-check found records SIECLE would reject: no zip is written (unless forced)."""

    exit_code = ExitCode.FINDINGS


class RefusedFile(PushStopped):
    """SIECLE would refuse the written file whole: no zip is written, even when forced."""


@dataclass(frozen=True)
class PushRequest:
    """What ``siecle push`` is asked: whose data, where, against which exports."""

    vendor: str
    source: Path
    out: Path
    #: context exports (nomenclature, structures, communs, eleves) for the check
    exports: Mapping[str, Path | None] = field(default_factory=dict)
    #: ``LOGICIEL``; by default the adapter's, then the history's, then the vendor's name
    software: str | None = None
    #: write the zip even when records would be rejected
    force: bool = False
    #: where to write the compte-rendu anticipé in HTML, if anywhere
    report_path: Path | None = None
    ledger_path: Path | None = None
    #: the académie whose calendar says what SIECLE does with the file
    academie: Academie = CRETEIL
    #: the moment that stands for the clock (tests, demos); ``None``: now
    now: dt.datetime | None = None
    #: told, before anything is written, of each earlier send this one would replace
    notify: Callable[[str], None] = field(default=lambda line: None, compare=False)
    #: where the context exports already read are kept (``None``: read them again)
    cache: PartCache | None = None


@dataclass(frozen=True)
class PushResult:
    """The zip written and what the check of its file said."""

    package: Package
    report: Report
    uai: str
    school_year: str
    send_number: int
    software: str
    #: what SIECLE will do with the file if it is deposited now (French lines)
    fate: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return ExitCode.FINDINGS if self.report.blocking else ExitCode.OK


def push(request: PushRequest) -> PushResult:
    """Read, write, check, zip and record one send (see the module's description)."""
    manager = get_manager()
    context = SchoolContext(
        request.exports.get("nomenclature"),
        request.exports.get("communs"),
        request.exports.get("structures"),
    )
    school = manager.adapter(request.vendor).read_school(request.source, context)
    ledger = Ledger(request.ledger_path)
    software = (
        request.software
        or school.software
        or ledger.software(school.uai)
        or request.vendor.replace("_", "").upper()[:10]
    )
    now = request.now or dt.datetime.now(PARIS).replace(microsecond=0)
    for line in _same_half_day(ledger, school.uai, school.school_year, request.academie, now):
        request.notify(line)
    send_number, when = ledger.reserve_deposit(
        school.uai, school.school_year, software, request.now
    )
    stamp = now.astimezone(dt.UTC).isoformat(timespec="seconds") if request.now else None
    report: Report | None = None
    try:
        with drafted(
            school,
            request.out,
            software=software,
            send_number=send_number,
            when=when,
            template_dirs=tuple(manager.template_dirs(request.vendor)),
            validate=False,
        ) as draft:
            report = check_file(draft.xml_path, request.exports, cache=request.cache)
            if request.report_path is not None:
                with atomic_write(request.report_path, "w") as handle:
                    handle.write(render_html(report, manager.template_dirs(request.vendor)))
            _stop_if_blocked(report, request.force)
            package = zip_draft(draft, request.out)
    except SiecleError as exc:
        entry = (
            entry_from_report("push", request.out, report, send_number)
            if report is not None
            else Entry(
                command="push",
                file_name="",
                uai=school.uai,
                school_year=school.school_year,
                send_number=send_number,
            )
        )
        entry.status, entry.detail = Status.REFUSED, exc.message[:300]
        if stamp:
            entry.at = stamp
        ledger.record(entry)
        raise
    done = entry_from_report("push", package.zip_path, report, send_number)
    if stamp:
        done.at = stamp
    ledger.record(done)
    fate = [f"Dans SIECLE ({request.academie.describe()}), s'il est déposé maintenant :"]
    fate += request.academie.fate(now, now)
    return PushResult(package, report, school.uai, school.school_year, send_number, software, fate)


def _same_half_day(
    ledger: Ledger, uai: str, school_year: str, calendar: Academie, now: dt.datetime
) -> list[str]:
    """Warnings about the sends a deposit at ``now`` would replace (same half-day, before the
    académie's integration)."""
    found = ledger.entries(uai, school_year) if ledger.path.exists() else []
    lines = []
    for entry, moment in sent_files(found):
        if calendar.same_batch(moment, now):
            lines.append(
                f"Attention : l'envoi n° {entry.send_number} ({entry.file_name}) a été produit "
                f"le {as_paris(moment):%d/%m/%Y à %H:%M}, dans la même demi-journée. Si les deux "
                "fichiers sont déposés, seul le dernier est conservé : l'envoi "
                f"n° {entry.send_number} ne sera pas intégré."
            )
    return lines


def _stop_if_blocked(report: Report, force: bool) -> None:
    if report.refused:
        raise RefusedFile(f"{refusal(report)}. Aucun fichier n'a été produit.", report)
    rejected = [f for f in report.findings if f.consequence is Consequence.REJECTED]
    if rejected and not force:
        raise RejectedRecords(
            f"{len(rejected)} fiche(s) seraient rejetées par SIECLE (sections 1 et 4 du "
            "compte-rendu ci-dessus) : aucun fichier n'a été produit. Corrigez-les dans le "
            "logiciel, ou relancez avec --force pour déposer quand même.",
            report,
        )
