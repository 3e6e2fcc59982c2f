"""The compte-rendu as one self-contained HTML page, to read in a browser or print.

The page keeps SIECLE's eight sections, titles and columns, but shows the sections that reject a
record or block the transfer to the académie first (4, 1, 5, 2, then 6, 3, 7, 8), each with its
number. Everything is inline (CSS, a little JavaScript for the search box): the page loads nothing
from the network. Every value read from the file is escaped by the template engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..rules.engine import Report
from . import COUNT_LINES, SECTION_TITLES, Row, section_rows
from .summary import CORRESPONDENCE, context_lines, refusal_title, rule_labels, verdict

__all__ = ["SECTION_ORDER", "render_html"]

#: order of the sections on the page: rejections and blocking anomalies first
SECTION_ORDER = (4, 1, 5, 2, 6, 3, 7, 8)
#: sections shown under the "blocking" heading
BLOCKING_SECTIONS = frozenset({1, 2, 4, 5})

_MESSAGE_LABELS = {1: "Anomalie", 2: "Anomalie", 3: "Note d'attention"}
_KINDS = {
    1: ("rejet", "Fiches rejetées"),
    2: ("anomalie", "Anomalie bloquante"),
    3: ("note", "Information"),
    4: ("rejet", "Fiches rejetées"),
    5: ("anomalie", "Anomalie bloquante"),
    6: ("note", "Information"),
    7: ("rapprochement", "Rapprochement avec SIECLE"),
    8: ("rapprochement", "Rapprochement avec SIECLE"),
}
_NOTES = {
    7: "Élèves présents dans SIECLE mais absents du fichier : le fichier doit contenir tous les "
    "élèves, sortants compris.",
    8: "Élèves que l'import créera (AJOUT) ou mettra à jour (MODIF) dans SIECLE.",
}
_NOT_CHECKED_ELEVES = "Non vérifié : donnez le dernier export Élèves (--eleves)."
_NOT_CHECKED_DEPOSIT = (
    "Non vérifié : le fichier serait refusé au dépôt, les règles n'ont pas été appliquées."
)


@dataclass(frozen=True)
class Column:
    """One column of a section's table: the :class:`Row` field shown and its French header."""

    key: str
    label: str


@dataclass(frozen=True)
class SectionView:
    """What the template needs to draw one section."""

    number: int
    title: str
    kind: str
    badge: str
    columns: tuple[Column, ...]
    rows: list[Row]
    count_line: str
    #: why the section could not be computed (``None``: it was)
    not_checked: str | None
    note: str | None


def _columns(number: int) -> tuple[Column, ...]:
    """SIECLE's columns for section ``number``."""
    name, ids = Column("name", "Nom prénom"), Column("identifiers", "Identifiants")
    division, code = Column("division", "Division"), Column("code", "Code")
    if number in _MESSAGE_LABELS:
        return name, ids, Column("message", _MESSAGE_LABELS[number]), code
    if number in (4, 5):
        return division, name, ids, Column("message", "Anomalie"), code
    if number == 6:
        return division, name, ids, Column("message", "Note d'attention"), code
    if number == 7:
        return division, name, ids
    return division, name, ids, Column("ine", "INE"), code


def _not_checked(report: Report, number: int) -> str | None:
    if report.deposit_errors:
        return _NOT_CHECKED_DEPOSIT
    if (number == 7 and report.absent is None) or (number == 8 and report.changes is None):
        return _NOT_CHECKED_ELEVES
    return None


def _sections(report: Report) -> list[SectionView]:
    grouped = section_rows(report)
    views = []
    for number in SECTION_ORDER:
        kind, badge = _KINDS[number]
        views.append(
            SectionView(
                number=number,
                title=SECTION_TITLES[number],
                kind=kind,
                badge=badge,
                columns=_columns(number),
                rows=grouped[number],
                count_line=COUNT_LINES[number],
                not_checked=_not_checked(report, number),
                note=_NOTES.get(number),
            )
        )
    return views


def lines_label(shown: int, total: int) -> str:
    """The search counter: ``"3 lignes affichées sur 3"`` (the page's script says the same)."""
    noun = "lignes affichées" if shown > 1 else "ligne affichée"
    return f"{shown} {noun} sur {total}"


def render_html(report: Report, template_dirs: Iterable[Path] = ()) -> str:
    """The compte-rendu of ``report`` as a complete HTML page (French, no external resource);
    ``template_dirs``: plugin folders whose templates override the core ones."""
    from ..io.writer import environment

    sections = _sections(report)
    total = sum(len(s.rows) for s in sections)
    env = environment(tuple(str(d) for d in template_dirs))
    template = env.get_template("compte-rendu.html")
    return template.render(
        report=report,
        file_name=report.file.name,
        responsables=report.counts.get("responsables", 0),
        eleves=report.counts.get("eleves", 0),
        deposit_errors=report.deposit_errors,
        more_deposit_errors=report.deposit_count - len(report.deposit_errors),
        refusal=refusal_title(report),
        correspondence=CORRESPONDENCE,
        rule_labels=rule_labels(report),
        verdict=verdict(report),
        context_lines=context_lines(report),
        blocking_sections=[s for s in sections if s.number in BLOCKING_SECTIONS],
        other_sections=[s for s in sections if s.number not in BLOCKING_SECTIONS],
        sections=sections,
        total_rows=total,
        counter=lines_label(total, total),
    )
