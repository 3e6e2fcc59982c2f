"""The checklist and the tableau de bord as text, JSON-ready data and a self-contained HTML page.

The three forms are built from the same objects, so they always agree. The HTML pages use the
templates ``doctor.html`` and ``tableau-de-bord.html``, load nothing from the network, and escape
every value read from the files.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

from ..exchange.ledger import Entry
from ..french import year_label
from ..rules import Checkpoint, Status
from . import SYMBOLS, plural
from .context import ExportFile
from .dashboard import Dashboard
from .pupils import PupilRow
from .run import Checklist

__all__ = [
    "checklist_data",
    "checklist_html",
    "checklist_text",
    "checklist_verdict",
    "dashboard_data",
    "dashboard_html",
    "dashboard_text",
]

WIDTH = 100


# --- shared -------------------------------------------------------------------------------------


def _stamp(value: dt.datetime | None) -> str:
    if value is None:
        return "date inconnue"
    if value.time() == dt.time(0, 0):
        return f"{value:%d/%m/%Y}"
    return f"{value:%d/%m/%Y à %H:%M:%S}"


def checked_at(entry: Entry) -> str:
    """When a history entry was recorded, in French (``05/09/2019 à 14:30 UTC``)."""
    try:
        moment = dt.datetime.fromisoformat(entry.at)
    except ValueError:
        return entry.at
    return f"{moment:%d/%m/%Y à %H:%M} UTC"


def file_data(file: ExportFile) -> dict[str, Any]:
    """A file given, as JSON-ready data."""
    return {
        "path": str(file.path),
        "name": file.name,
        "kind": file.kind,
        "title": file.title,
        "uai": file.uai,
        "school_year": file.school_year,
        "exported": file.exported.isoformat() if file.exported else None,
        "version": file.version,
        "used": file.used,
        "excluded": file.excluded,
        "replaced_by": str(file.replaced_by) if file.replaced_by else None,
        "error": file.error,
    }


def checkpoint_data(line: Checkpoint) -> dict[str, Any]:
    """A checklist line as JSON-ready data."""
    return {
        "step": line.step,
        "status": line.status.value,
        "symbol": SYMBOLS[line.status],
        "label": line.label,
        "reason": line.reason,
        "action": line.action,
        "rule": line.rule,
    }


def _line_text(line: Checkpoint, indent: str = "  ") -> list[str]:
    head = f"{SYMBOLS[line.status]} {line.label}" + (f" : {line.reason}" if line.reason else "")
    out = textwrap.wrap(
        head,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + "    ",
        break_on_hyphens=False,
    )
    if line.action:
        out += textwrap.wrap(
            f"→ {line.action}",
            WIDTH,
            initial_indent=indent + "    ",
            subsequent_indent=indent + "      ",
            break_on_hyphens=False,
        )
    return out


def _render(template: str, **context: Any) -> str:
    from ..io.writer import environment

    page: str = environment().get_template(template).render(**context)
    return page


# --- doctor -------------------------------------------------------------------------------------


def checklist_verdict(checklist: Checklist) -> str:
    """One French sentence on the whole checklist."""
    errors = checklist.count(Status.ERROR)
    if errors == 1:
        return "1 point ✗ : SIECLE rejettera ou signalera des fiches tant qu'il n'est pas corrigé."
    if errors:
        return (
            f"{errors} points ✗ : SIECLE rejettera ou signalera des fiches tant qu'ils ne sont "
            "pas corrigés."
        )
    if checklist.count(Status.WARNING):
        return "Rien n'empêche l'échange ; les points ⚠ méritent un coup d'œil."
    return "SIECLE est prêt pour l'échange, d'après ces exports."


def _heading(checklist: Checklist) -> list[str]:
    return [
        "Diagnostic SIECLE avant l'échange (siecle-sdk)",
        f"Établissement {checklist.uai}, année scolaire {year_label(checklist.school_year)}, "
        f"au {checklist.today:%d/%m/%Y} ; {plural(len(checklist.files), 'fichier')} "
        f"{'donné' if len(checklist.files) == 1 else 'donnés'}.",
    ]


def checklist_text(checklist: Checklist) -> str:
    """The checklist for a terminal: one block per step, one line per check."""
    out = _heading(checklist)
    for step in checklist.steps:
        out.append("")
        where = f" — {step.where}" if step.where else ""
        out.append(f"{SYMBOLS[step.status]} {step.title}{where}")
        for line in step.checkpoints:
            out += _line_text(line)
    out.append("")
    out.append(
        f"Bilan : {checklist.count(Status.OK)} ✓, {checklist.count(Status.WARNING)} ⚠, "
        f"{checklist.count(Status.ERROR)} ✗."
    )
    out.append(checklist_verdict(checklist))
    return "\n".join(out) + "\n"


def checklist_data(checklist: Checklist) -> dict[str, Any]:
    """The checklist as one JSON-ready object."""
    return {
        "uai": checklist.uai,
        "school_year": checklist.school_year,
        "date": checklist.today.isoformat(),
        "status": checklist.status.value,
        "symbol": SYMBOLS[checklist.status],
        "counts": {status.value: checklist.count(status) for status in Status},
        "verdict": checklist_verdict(checklist),
        "files": [file_data(f) for f in checklist.files],
        "steps": [
            {
                "step": step.key,
                "title": step.title,
                "where": step.where,
                "status": step.status.value,
                "symbol": SYMBOLS[step.status],
                "checkpoints": [checkpoint_data(line) for line in step.checkpoints],
            }
            for step in checklist.steps
        ],
    }


def checklist_html(checklist: Checklist) -> str:
    """The checklist as a complete HTML page (French, no external resource)."""
    return _render(
        "doctor.html",
        checklist=checklist,
        year=year_label(checklist.school_year),
        symbols={status.value: symbol for status, symbol in SYMBOLS.items()},
        counts={status.value: checklist.count(status) for status in Status},
        verdict=checklist_verdict(checklist),
        stamp=_stamp,
    )


# --- dashboard ----------------------------------------------------------------------------------


def _pupil_data(pupil: PupilRow) -> dict[str, Any]:
    return {
        "eleve_id": pupil.eleve_id,
        "name": pupil.name,
        "ine": pupil.ine,
        "mef": pupil.mef,
        "division": pupil.division,
        "date_sortie": pupil.left.isoformat() if pupil.left else None,
        "motif_sortie": pupil.motive,
    }


def dashboard_counts(board: Dashboard) -> list[tuple[str, str, int]]:
    """``(key, French label, value)`` of the tableau de bord's counters, in SIECLE's order."""
    inscrits = board.scolarises + board.sortants + len(board.non_scolarises)
    leaving = sum(1 for b in board.blocking if b.pupil.leaver)
    return [
        ("inscrits", "Élèves inscrits", inscrits),
        ("scolarises", "Élèves scolarisés (scolarité associée)", board.scolarises),
        ("sortants", "Élèves sortants (inscrits inactifs)", board.sortants),
        (
            "non_scolarises_sans_date_sortie",
            "Élèves non scolarisés sans date de sortie (sans scolarité associée)",
            len(board.non_scolarises),
        ),
        ("sortants_sans_motif", "Sortants sans motif de sortie", len(board.leavers_without_motive)),
        ("bloquantes", "Fiches bloquantes", board.blocking_total),
        (
            "bloquantes_scolarises",
            "Fiches bloquantes d'après les exports — élèves scolarisés",
            len(board.blocking) - leaving,
        ),
        (
            "bloquantes_sortants",
            "Fiches bloquantes d'après les exports — élèves sortants",
            leaving,
        ),
    ]


def check_line(board: Dashboard) -> str:
    """Where the pre-check's part of the blocking records comes from, in French."""
    if board.ledger_problem:
        return f"Historique des échanges illisible : {board.ledger_problem}"
    entry = board.last_check
    if entry is None:
        return (
            "Aucun contrôle du fichier d'import enregistré pour cet établissement et cette année "
            "(« siecle check »)."
        )
    return (
        f"Dernier contrôle du fichier d'import : {entry.file_name}, le {checked_at(entry)} — "
        f"{entry.result()}."
    )


def dashboard_text(board: Dashboard) -> str:
    """The tableau de bord for a terminal."""
    out = ["Tableau de bord (siecle-sdk, d'après les exports)"]
    out += textwrap.wrap(
        f"Établissement {board.uai}, année scolaire {year_label(board.school_year)} ; export "
        f"Élèves {board.source.name} du {_stamp(board.source.exported)}.",
        WIDTH,
    )
    out.append("")
    counts = dashboard_counts(board)
    width = max(len(label) for _, label, _ in counts) + 2
    for _, label, value in counts:
        out.append(f"  {label.ljust(width, '.')} {value:>6}")
    placement = (
        str(len(board.blocking))
        if board.structures_checked
        else "non vérifié (export Structures non fourni)"
    )
    out.append(f"    dont placement incohérent d'après les exports : {placement}")
    out.append(
        f"    dont d'après le dernier contrôle du fichier d'import : {board.checked_blocking}"
    )
    out += textwrap.wrap(check_line(board), WIDTH, initial_indent="    ", subsequent_indent="    ")
    out += ["", "Détail des comptages", "  Par MEF (scolarisés / sortants)"]
    if not board.by_mef:
        out.append("    Aucun élève.")
    for mef in board.by_mef:
        label = f" {mef.label}" if mef.label else ""
        out.append(f"    {mef.code}{label} : {mef.scolarises} / {mef.sortants}")
    out.append("  Par division (scolarisés)")
    if not board.by_division:
        out.append("    Aucune division.")
    for division in board.by_division:
        extra = ", ".join(part for part in (division.label, " ".join(division.mefs)) if part)
        out.append(f"    {division.code}{f' ({extra})' if extra else ''} : {division.scolarises}")
    lists = (
        ("Fiches bloquantes", [f"{b.pupil.label} : {b.reason}" for b in board.blocking]),
        ("Sortants sans motif de sortie", [p.label for p in board.leavers_without_motive]),
        ("Non scolarisés sans date de sortie", [p.label for p in board.non_scolarises]),
    )
    if any(items for _, items in lists):
        out += ["", "Fiches à régulariser"]
        for title, items in lists:
            if items:
                out.append(f"  {title} ({len(items)})")
                out += [f"    - {item}" for item in items]
    if board.checkpoints:
        out += ["", "Contrôles des fiches élèves"]
        for line in board.checkpoints:
            out += _line_text(line)
    out.append("")
    out += textwrap.wrap(f"Verdict : {board.verdict()}", WIDTH)
    return "\n".join(out) + "\n"


def dashboard_data(board: Dashboard) -> dict[str, Any]:
    """The tableau de bord as one JSON-ready object."""
    counts = {key: value for key, _, value in dashboard_counts(board)}
    counts["bloquantes_exports"] = len(board.blocking)
    counts["bloquantes_controle"] = board.checked_blocking
    return {
        "uai": board.uai,
        "school_year": board.school_year,
        "date": board.today.isoformat(),
        "source": file_data(board.source),
        "counts": counts,
        "structures_checked": board.structures_checked,
        "last_check": board.last_check.to_json() if board.last_check else None,
        "ledger_problem": board.ledger_problem,
        "by_mef": [
            {"code": m.code, "label": m.label, "scolarises": m.scolarises, "sortants": m.sortants}
            for m in board.by_mef
        ],
        "by_division": [
            {"code": d.code, "label": d.label, "mefs": list(d.mefs), "scolarises": d.scolarises}
            for d in board.by_division
        ],
        "blocking": [{**_pupil_data(b.pupil), "reason": b.reason} for b in board.blocking],
        "leavers_without_motive": [_pupil_data(p) for p in board.leavers_without_motive],
        "non_scolarises": [_pupil_data(p) for p in board.non_scolarises],
        "checkpoints": [checkpoint_data(line) for line in board.checkpoints],
        "declarable": board.declarable,
        "verdict": board.verdict(),
        "files": [file_data(f) for f in board.files],
    }


def dashboard_html(board: Dashboard) -> str:
    """The tableau de bord as a complete HTML page (French, no external resource)."""
    return _render(
        "tableau-de-bord.html",
        board=board,
        year=year_label(board.school_year),
        exported=_stamp(board.source.exported),
        counts=dashboard_counts(board),
        check_line=check_line(board),
        symbols={status.value: symbol for status, symbol in SYMBOLS.items()},
        verdict=board.verdict(),
    )
