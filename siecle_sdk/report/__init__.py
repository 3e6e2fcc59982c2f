"""The compte-rendu of a check, as SIECLE lays it out: eight sections, in its words.

:func:`rows` gives every line of every section in one shape, used by the text, JSON and HTML
renderings so that they always agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..rules.engine import Report

__all__ = ["SECTION_TITLES", "Row", "rows", "section_rows"]

#: section number -> title as printed in SIECLE's compte-rendu
SECTION_TITLES = {
    1: "Fiches Responsables et Correspondants rejetées",
    2: "Fiches Responsables et Correspondants importées avec anomalies",
    3: "Notes d'attention sur les fiches Responsables et Correspondants",
    4: "Fiches Eleves rejetés",
    5: "Fiches Eleves importées avec anomalies",
    6: "Note(s) d'attention sur les fiches Eleves",
    7: "Fiches Eleves de Sconet absentes du fichier",
    8: "Fiches Eleves modifiées ou ajoutées par l'import",
}
#: count line closing each section
COUNT_LINES = {
    1: "Nombre de fiches responsables rejetées",
    2: "Nombre de fiches responsables importées avec anomalies",
    3: "Nombre de notes d'attention sur les fiches responsables",
    4: "Nombre de fiches élèves rejetées",
    5: "Nombre de fiches élèves importées avec anomalies",
    6: "Nombre de notes d'attention sur les fiches élèves",
    7: "Nombre de fiches élèves absentes du fichier",
    8: "Nombre de fiches élèves modifiées ou ajoutées",
}


@dataclass(frozen=True)
class Row:
    """One line of a section."""

    section: int
    code: str
    record: str
    private_id: str
    siecle_id: str | None
    name: str
    division: str | None
    message: str
    blocking: bool
    confirmed: bool = True
    rule: str | None = None
    consequence: str | None = None
    ine: str | None = None

    @property
    def identifiers(self) -> str:
        """``<SIECLE id>/<private id>`` as the compte-rendu prints them."""
        return f"{self.siecle_id or ''}/{self.private_id}"


def rows(report: Report) -> Iterator[Row]:
    """Every line of sections 1 to 8, in order."""
    for f in report.findings:
        yield Row(
            f.section,
            f.code,
            f.record,
            f.private_id,
            f.siecle_id,
            f.name,
            f.division,
            f.message,
            f.blocking,
            f.confirmed,
            f.rule,
            f.consequence.value,
        )
    for pupil in report.absent or []:
        name = pupil.name
        yield Row(
            7,
            "ABSENT",
            "eleve",
            pupil.id_prv_ele or "",
            pupil.eleve_id,
            name,
            pupil.division,
            "Élève présent dans SIECLE mais absent du fichier : le fichier "
            "doit contenir tous les élèves, sortants compris.",
            False,
        )
    for change in report.changes or []:
        if change.code == "AJOUT":
            what = "Élève créé par l'import."
        elif change.fields:
            what = "Élève mis à jour : " + ", ".join(change.fields) + "."
        else:
            what = "Élève mis à jour (sa fiche est réécrite ; rien ne change par rapport à SIECLE)."
        yield Row(
            8,
            change.code,
            "eleve",
            change.private_id,
            change.siecle_id,
            change.name,
            change.division,
            what,
            False,
            ine=change.ine,
        )


def section_rows(report: Report) -> dict[int, list[Row]]:
    """Rows grouped by section number (every section present, possibly empty)."""
    grouped: dict[int, list[Row]] = {n: [] for n in SECTION_TITLES}
    for row in rows(report):
        grouped[row.section].append(row)
    return grouped
