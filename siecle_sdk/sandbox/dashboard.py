"""The "tableau de bord" of the liaisons with the académie, and the import history screen.

Tableau de bord (workflow §2, step 7): pupils scolarisés, sortants, pupils without an active
schooling, records "in error" that block the transfer to the BEA — a pupil's own record, or one of
its responsables' (the guide: anomalies on responsables block the transfer too) —, and whether the
head of school could validate the "fin du constat de rentrée" (no record in error, pupils' or
responsables', every leaver with a motive).

History ("Historique import du privé", workflow §7): one line per processed file with its name,
the processing date, the numbers of responsables and pupils read and of pupils absent from the
file, and where its compte-rendu is.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from .. import french
from ..academie import Academie, as_paris
from .store import Store, from_iso

__all__ = [
    "INE_IMPORT",
    "Dashboard",
    "HistoryLine",
    "PersonLine",
    "PupilLine",
    "dashboard",
    "history",
]


@dataclass(frozen=True)
class PupilLine:
    """A pupil as the tableau de bord lists it."""

    eleve_id: str
    id_prv_ele: str | None
    name: str
    division: str | None
    mef: str | None
    ine: str | None
    codes: tuple[str, ...] = ()
    date_sortie: dt.date | None = None
    motif_sortie: str | None = None

    @property
    def identifiers(self) -> str:
        """``ELEVE_ID/ID_PRV_ELE`` as SIECLE prints them."""
        return f"{self.eleve_id}/{self.id_prv_ele or ''}"


@dataclass(frozen=True)
class PersonLine:
    """A responsable "in error"."""

    personne_id: str
    id_prv_per: str | None
    name: str
    codes: tuple[str, ...]

    @property
    def identifiers(self) -> str:
        """``PERSONNE_ID/ID_PRV_PER`` as SIECLE prints them."""
        return f"{self.personne_id}/{self.id_prv_per or ''}"


@dataclass
class Dashboard:
    """The school's tableau de bord."""

    uai: str
    school_year: str
    scolarises: int = 0
    sortants: int = 0
    #: pupils without an active schooling and without leave date
    non_scolarises: list[PupilLine] = field(default_factory=list)
    #: pupils "in error": they are not transferred to the BEA (no INE for new pupils)
    blocking_pupils: list[PupilLine] = field(default_factory=list)
    blocking_persons: list[PersonLine] = field(default_factory=list)
    leavers_without_motive: list[PupilLine] = field(default_factory=list)
    #: pupils transferred to the BEA (non-blocking), and those still without INE
    transferred: int = 0
    without_ine: int = 0
    #: division -> pupils scolarisés (the headcounts STSweb receives)
    divisions: dict[str, int] = field(default_factory=dict)

    @property
    def inscrits(self) -> int:
        """Every pupil of the base: active (no leave date) and inactive (left)."""
        return self.scolarises + len(self.non_scolarises) + self.sortants

    @property
    def blocking_scolarises(self) -> list[PupilLine]:
        """Blocking records of pupils still at school."""
        return [line for line in self.blocking_pupils if line.date_sortie is None]

    @property
    def blocking_sortants(self) -> list[PupilLine]:
        """Blocking records of leavers."""
        return [line for line in self.blocking_pupils if line.date_sortie is not None]

    @property
    def constat_possible(self) -> bool:
        """Whether the "fin du constat de rentrée" could be validated."""
        return not (self.blocking_pupils or self.blocking_persons or self.leavers_without_motive)

    def reasons(self) -> list[str]:
        """Why the constat de rentrée cannot be validated yet (French)."""
        reasons = []
        if self.blocking_pupils:
            reasons.append(
                f"{len(self.blocking_pupils)} fiche(s) élève en erreur bloquent la remontée "
                "vers la base académique : corrigez-les dans le logiciel et déposez un nouveau "
                "fichier."
            )
        if self.blocking_persons:
            reasons.append(
                f"{len(self.blocking_persons)} fiche(s) responsable en erreur bloquent la "
                "remontée de leurs élèves : corrigez-les dans le logiciel et déposez un nouveau "
                "fichier."
            )
        if self.leavers_without_motive:
            reasons.append(
                f"{len(self.leavers_without_motive)} élève(s) sortant(s) sans motif de sortie."
            )
        return reasons

    def to_dict(self) -> dict[str, Any]:
        """The dashboard as JSON-ready data."""
        data = asdict(self)
        data["inscrits"] = self.inscrits
        data["inscrits_inactifs"] = self.sortants
        data["avec_scolarite_associee"] = self.scolarises
        data["bloquants_scolarises"] = len(self.blocking_scolarises)
        data["bloquants_sortants"] = len(self.blocking_sortants)
        data["constat_possible"] = self.constat_possible
        data["raisons"] = self.reasons()
        return json.loads(json.dumps(data, default=str, ensure_ascii=False))  # type: ignore[no-any-return]

    def render(self) -> str:
        """The tableau de bord in French, for a terminal."""
        out = [
            f"Tableau de bord — établissement {self.uai}, année scolaire "
            f"{french.year_label(self.school_year)} (bac à sable)",
            "",
            f"Élèves inscrits : {self.inscrits}",
            f"   Inscrits actifs avec scolarité associée (élèves scolarisés) : {self.scolarises}",
            f"   Inscrits actifs sans scolarité associée : {len(self.non_scolarises)}",
            f"   Inscrits inactifs (élèves sortants) : {self.sortants}",
            f"Élèves scolarisés : {self.scolarises}",
            f"Élèves sortants : {self.sortants}",
            f"Élèves non scolarisés (sans scolarité active ni date de sortie) : "
            f"{len(self.non_scolarises)}",
            f"Élèves transmis à la base académique (non bloquants) : {self.transferred}",
            f"Élèves sans INE : {self.without_ine}",
        ]
        for line in self.non_scolarises:
            out.append(f"   {line.name} ({line.identifiers})")
        out += ["", f"Fiches élèves bloquantes : {len(self.blocking_pupils)}"]
        for label, lines in (
            ("élèves scolarisés", self.blocking_scolarises),
            ("élèves sortants", self.blocking_sortants),
        ):
            out.append(f"   Fiches bloquantes — {label} : {len(lines)}")
            for line in lines:
                where = f" [{line.division}]" if line.division else ""
                out.append(
                    f"      {line.name} ({line.identifiers}){where} — {', '.join(line.codes)}"
                )
        out.append(f"Fiches responsables en erreur : {len(self.blocking_persons)}")
        for person in self.blocking_persons:
            out.append(f"   {person.name} ({person.identifiers}) — {', '.join(person.codes)}")
        out.append(f"Sortants sans motif de sortie : {len(self.leavers_without_motive)}")
        for line in self.leavers_without_motive:
            out.append(
                f"   {line.name} ({line.identifiers}), sorti le {french.date(line.date_sortie)}"
            )
        if self.divisions:
            out += ["", "Effectifs par division :"]
            out += [f"   {code} : {count}" for code, count in sorted(self.divisions.items())]
        out.append("")
        if self.constat_possible:
            out.append(
                "Constat de rentrée : il pourrait être validé (aucune fiche élève ni responsable "
                "en erreur, tous les sortants ont un motif)."
            )
        else:
            out.append("Constat de rentrée : il ne peut pas encore être validé.")
            out += [f"   - {reason}" for reason in self.reasons()]
        return "\n".join(out) + "\n"


def _pupil_line(row: Any, responsables: tuple[str, ...] = ()) -> PupilLine:
    return PupilLine(
        eleve_id=str(row["eleve_id"]),
        id_prv_ele=row["id_prv_ele"],
        name=f"{row['nom_de_famille']} {row['prenom']}".strip(),
        division=row["code_division"],
        mef=row["code_mef"],
        ine=row["id_national"],
        codes=(*(row["error_codes"] or "").split(), *responsables),
        date_sortie=from_iso(row["date_sortie"]),
        motif_sortie=row["code_motif_sortie"],
    )


def dashboard(store: Store) -> Dashboard:
    """The tableau de bord of the store's current state."""
    board = Dashboard(uai=store.meta("uai") or "", school_year=store.meta("school_year") or "")
    with store.snapshot() as db:
        through: dict[int, list[str]] = {}
        for link in db.execute(
            "SELECT link.eleve_id, person.error_codes FROM link JOIN person USING (personne_id) "
            "WHERE person.blocking = 1 ORDER BY link.position"
        ):
            through.setdefault(int(link[0]), []).extend(
                f"{code} (responsable)" for code in (link[1] or "").split()
            )
        for row in db.execute("SELECT * FROM pupil ORDER BY nom_de_famille, prenom, eleve_id"):
            blocked_by = tuple(through.get(int(row["eleve_id"]), ()))
            line = _pupil_line(row, blocked_by)
            if line.date_sortie is not None:
                board.sortants += 1
                if not line.motif_sortie:
                    board.leavers_without_motive.append(line)
            elif line.mef:
                board.scolarises += 1
                if line.division:
                    board.divisions[line.division] = board.divisions.get(line.division, 0) + 1
            else:
                board.non_scolarises.append(line)
            if row["blocking"] or blocked_by:
                board.blocking_pupils.append(line)
            else:
                board.transferred += 1
            if not line.ine:
                board.without_ine += 1
        for row in db.execute(
            "SELECT * FROM person WHERE blocking = 1 ORDER BY nom_de_famille, prenom"
        ):
            board.blocking_persons.append(
                PersonLine(
                    personne_id=str(row["personne_id"]),
                    id_prv_per=row["id_prv_per"],
                    name=f"{row['nom_de_famille']} {row['prenom']}".strip(),
                    codes=tuple((row["error_codes"] or "").split()),
                )
            )
    return board


#: the label SIECLE's history gives to the INE coming back from the académie's base
INE_IMPORT = "Import INE élèves"


@dataclass(frozen=True)
class HistoryLine:
    """A line of the "Historique import du privé" screen."""

    file_name: str
    processed: dt.datetime
    responsables: int
    eleves: int
    absents: int
    counts: dict[str, int]
    report_text: str | None
    report_html: str | None
    #: ``import`` (a file integrated), ``remplace`` (a file replaced, not integrated) or ``ine``
    kind: str = "import"
    deposited: dt.datetime | None = None
    #: the file that replaced this one
    replaced_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The line as JSON-ready data."""
        data = asdict(self)
        data["processed"] = self.processed.isoformat(timespec="seconds")
        data["deposited"] = self.deposited.isoformat(timespec="seconds") if self.deposited else None
        return data


def history(store: Store) -> list[HistoryLine]:
    """Every processed file and every return of INE, newest first (as SIECLE lists them)."""
    rows = store.db.execute("SELECT * FROM import_history ORDER BY id DESC").fetchall()
    return [
        HistoryLine(
            file_name=row["file_name"],
            processed=dt.datetime.fromisoformat(row["processed"]),
            responsables=int(row["responsables_read"]),
            eleves=int(row["eleves_read"]),
            absents=int(row["absents"]),
            counts=json.loads(row["counts"]),
            report_text=str(store.folder / row["report_text"]) if row["report_text"] else None,
            report_html=str(store.folder / row["report_html"]) if row["report_html"] else None,
            kind=row["kind"],
            deposited=dt.datetime.fromisoformat(row["deposited"]) if row["deposited"] else None,
            replaced_by=row["replaced_by"],
        )
        for row in rows
    ]


def render_history(
    lines: list[HistoryLine], academie: Academie | None = None, now: dt.datetime | None = None
) -> str:
    """The history screen in French, newest first; with the académie's calendar and ``now``,
    says of a compte-rendu SIECLE would not show yet from when it can be read."""
    if not lines:
        return "Aucun fichier traité.\n"
    out = ["Historique import du privé", ""]
    for line in lines:
        counts = line.counts
        when = f"{line.processed:%d/%m/%Y %H:%M:%S}"
        if line.kind == "ine":
            out.append(
                f"{when}  {INE_IMPORT}  {counts.get('ine_attribues', 0)} INE reçu(s) de la base "
                "académique"
            )
            continue
        if line.kind == "remplace":
            out.append(
                f"{when}  {line.file_name}  non intégré : remplacé par {line.replaced_by} "
                "(même demi-journée)"
            )
        else:
            out.append(
                f"{when}  {line.file_name}  "
                f"{line.responsables} responsables lus, {line.eleves} élèves lus, "
                f"{line.absents} élève(s) absent(s) du fichier"
            )
            out.append(
                f"   {counts.get('eleves_rejetes', 0)} rejeté(s), "
                f"{counts.get('eleves_anomalies', 0)} avec anomalies, "
                f"{counts.get('ajouts', 0)} ajout(s), {counts.get('modifications', 0)} "
                f"modification(s), {counts.get('ine_attribues', 0)} INE attribué(s)"
            )
        if line.deposited:
            out.append(f"   Déposé le {line.deposited:%d/%m/%Y à %H:%M:%S}")
        if line.report_text:
            out.append(f"   Compte-rendu : {line.report_text}")
        if academie is not None and now is not None and line.kind == "import":
            readable = academie.results_at(line.processed)
            if as_paris(now) < readable:
                out.append(
                    f"   Dans SIECLE, compte-rendu lisible à partir du {readable:%d/%m/%Y à %Hh%M}"
                )
    return "\n".join(out) + "\n"
