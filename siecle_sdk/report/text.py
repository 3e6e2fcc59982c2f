"""The compte-rendu for a terminal."""

from __future__ import annotations

import textwrap

from ..rules.engine import Report
from . import COUNT_LINES, SECTION_TITLES, section_rows
from .summary import CORRESPONDENCE, context_lines, refusal_title, rule_labels, verdict

__all__ = ["render_text"]


def render_text(report: Report, width: int = 100) -> str:
    """The eight sections of SIECLE's compte-rendu, in its order and words."""
    out = [
        "Compte Rendu de l'import du privé (contrôle local siecle-sdk, avant dépôt)",
        "Synthèse de l'import",
        f"Fichier {report.file.name} : établissement {report.uai}, "
        f"année scolaire {report.school_year}, version {report.version or '?'}",
        f"{report.counts.get('responsables', 0)} responsables lus.",
        f"{report.counts.get('eleves', 0)} élèves lus.",
        "",
    ]
    if report.refused:
        out.append(refusal_title(report))
        out += [f"  - {message}" for message in report.deposit_errors]
        if report.deposit_count > len(report.deposit_errors):
            out.append(f"  … et {report.deposit_count - len(report.deposit_errors)} autres")
        out.append("")
    grouped = section_rows(report)
    for number, title in SECTION_TITLES.items():
        out.append(f"{number}. {title}")
        items = grouped[number]
        if (number == 7 and report.absent is None) or (number == 8 and report.changes is None):
            out.append("   Non vérifié : donnez le dernier export Élèves (--eleves).")
        elif not items:
            out.append("   Aucun résultat trouvé")
        else:
            for row in items:
                head = f"   {row.name} ({row.identifiers})"
                if row.division:
                    head += f" [{row.division}]"
                out.append(f"{head} — {row.code}")
                out += _wrapped(row.message, width)
            out.append(f"   {COUNT_LINES[number]} : {len(items)}")
        out.append("")
    labels = rule_labels(report)
    if labels:
        out.append(f"{CORRESPONDENCE} :")
        out += [f"   {family} : {text}" for family, text in labels.items()]
        out.append("")
    out += context_lines(report)
    out.append(verdict(report))
    return "\n".join(out) + "\n"


def _wrapped(message: str, width: int) -> list[str]:
    """``message`` indented, in lines of at most ``width``; one that fits is taken as it is
    (``textwrap`` would give the same line, at a cost paid for every pupil of section 8)."""
    indent = "      "
    fits = len(message) + len(indent) <= width
    if fits and message and message == message.strip() and message.isprintable():
        return [indent + message]
    return textwrap.wrap(message, width, initial_indent=indent, subsequent_indent=indent)
