"""Reading a school folder into import records (:class:`Personne`, :class:`Eleve`).

The whole folder is read and checked before anything is returned: a row that cannot be turned
into a SIECLE record (bad date, unknown role, a link to an unknown person...) raises
:class:`VendorDataError` naming the file, the line and the record.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from siecle_sdk.errors import VendorDataError
from siecle_sdk.models.import_eleves import Eleve, Personne

from . import layout as L

__all__ = ["Folder", "Row", "holds_school", "load", "read_table"]


@dataclass
class Folder:
    """What a school folder holds."""

    uai: str = ""
    school_year: str = ""
    software: str | None = None
    persons: list[Personne] = field(default_factory=list)
    pupils: list[Eleve] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    """A data row: its line in the file (the header is line 1) and its cells by header."""

    line: int
    cells: dict[str, str]

    def where(self, table: L.Table) -> str:
        """``ligne 14 de eleves.csv``."""
        return f"ligne {self.line} de {table.name}"


def holds_school(folder: Path) -> bool:
    """Whether ``folder`` holds any file of a school (then every mandatory one must be there)."""
    return any((folder / table.name).exists() for table in L.FILES)


def read_table(folder: Path, table: L.Table) -> list[Row]:
    """The rows of one file, its headers checked (every column present, no unknown one), each
    cell's value restored (a value shielded from spreadsheets loses its mark)."""
    path = folder / table.name
    if not path.is_file():
        if table.optional and not path.exists():
            return []
        raise VendorDataError(f"{path} : fichier absent (le dossier doit contenir {table.name}).")
    rows: list[Row] = []
    try:
        with open(path, encoding=L.ENCODING, newline="") as handle:
            reader = csv.reader(handle, delimiter=L.DELIMITER)
            header = next(reader, None)
            if header is None:
                raise VendorDataError(f"{table.name} est vide : la ligne d'en-tête manque.")
            _check_header(table, header)
            for cells in reader:
                if not cells:
                    continue
                if len(cells) != len(header):
                    raise VendorDataError(
                        f"ligne {reader.line_num} de {table.name} : {len(cells)} colonnes au "
                        f"lieu de {len(header)}."
                    )
                values = [L.restore(cell) for cell in cells]
                rows.append(Row(reader.line_num, dict(zip(header, values, strict=True))))
    except UnicodeDecodeError:
        raise _decode_error(path, table) from None
    except csv.Error as exc:
        raise VendorDataError(f"{table.name} illisible en CSV : {exc}.") from None
    return rows


def _decode_error(path: Path, table: L.Table) -> VendorDataError:
    """The error naming the line of the first byte that is not Windows-1252."""
    raw = path.read_bytes()
    try:
        raw.decode(L.ENCODING)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return VendorDataError(
            f"ligne {line} de {table.name} : l'octet 0x{raw[exc.start]:02X} n'est pas un "
            f"caractère {L.ENCODING_LABEL} (le fichier doit être enregistré en "
            f"{L.ENCODING_LABEL})."
        )
    return VendorDataError(f"{table.name} : encodage illisible.")


def _check_header(table: L.Table, header: list[str]) -> None:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise VendorDataError(f"{table.name} : la colonne « {name} » figure deux fois.")
        seen.add(name)
    unknown = [name for name in header if name not in table.headers]
    missing = [name for name in table.headers if name not in seen]
    if unknown or missing:
        problems = []
        if missing:
            problems.append("colonnes absentes : " + ", ".join(f"« {n} »" for n in missing))
        if unknown:
            problems.append("colonnes inconnues : " + ", ".join(f"« {n} »" for n in unknown))
        hint = ""
        if any("Ã" in name or "Â" in name or name.startswith("ï»¿") for name in header):
            hint = f" (le fichier semble en UTF-8 ; il doit être en {L.ENCODING_LABEL})"
        raise VendorDataError(f"{table.name} : " + " ; ".join(problems) + hint + ".")


def _values(columns: Iterable[L.Column], row: Row, who: str) -> dict[str, Any]:
    return {c.field: L.value(c, row.cells[c.header], who) for c in columns}


def _group(columns: tuple[L.Column, ...], row: Row, who: str) -> dict[str, Any] | None:
    """A nested record's fields, or ``None`` when all its cells are empty."""
    if all(row.cells[c.header] == "" for c in columns):
        return None
    return _values(columns, row, who)


def _validate(model: type[Any], data: dict[str, Any], who: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"])
            problems.append(f"{where} : {error['msg'].removeprefix('Value error, ')}")
        raise VendorDataError(f"{who} : " + " ; ".join(problems)) from None


def _id(row: Row, header: str, table: L.Table, what: str) -> str:
    value = row.cells[header]
    if value == "":
        raise VendorDataError(f"{what} sans {header} ({row.where(table)}).")
    return value


#: roles held by one link at most (schema 2.0)
_SINGLE_ROLES = frozenset({"LEGAL1", "LEGAL2"})


@dataclass
class _Pupil:
    """A pupil being assembled from the rows of several files."""

    row: Row
    who: str
    data: dict[str, Any]
    boursier: bool | None
    links: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    options: dict[str, dict[int, tuple[Row, dict[str, Any] | str]]] = field(
        default_factory=lambda: {L.CURRENT_YEAR: {}, L.LAST_YEAR: {}}
    )
    bourses: list[dict[str, Any]] = field(default_factory=list)


def load(folder: Path) -> Folder:
    """Read and check the whole folder."""
    result = Folder()
    _load_school(folder, result)
    persons = _load_persons(folder)
    pupils = _load_pupils(folder)
    _load_links(folder, pupils, persons)
    _load_options(folder, pupils)
    _load_bourses(folder, pupils)
    result.persons = list(persons.values())
    result.pupils = [_build_pupil(pupil) for pupil in pupils.values()]
    return result


def _load_school(folder: Path, into: Folder) -> None:
    rows = read_table(folder, L.ETABLISSEMENT)
    if len(rows) != 1:
        raise VendorDataError(
            f"{L.ETABLISSEMENT.name} doit contenir une seule ligne de données ({len(rows)} lues)."
        )
    cells = rows[0].cells
    into.uai = cells["UAI"]
    into.school_year = cells["Année scolaire"]
    into.software = cells["Logiciel"] or None


def _load_persons(folder: Path) -> dict[str, Personne]:
    persons: dict[str, Personne] = {}
    for row in read_table(folder, L.PERSONNES):
        number = _id(row, L.PERSONNE_ID, L.PERSONNES, "personne")
        who = f"personne n° {number} ({row.where(L.PERSONNES)})"
        if number in persons:
            raise VendorDataError(f"{who} : ce numéro figure déjà plus haut dans le fichier.")
        data = _values(L.PERSONNE, row, who)
        data["adresse"] = _group(L.ADRESSE, row, who)
        persons[number] = _validate(Personne, data, who)
    return persons


def _load_pupils(folder: Path) -> dict[str, _Pupil]:
    pupils: dict[str, _Pupil] = {}
    for row in read_table(folder, L.ELEVES):
        number = _id(row, L.ELEVE_ID, L.ELEVES, "élève")
        who = f"élève n° {number} ({row.where(L.ELEVES)})"
        if number in pupils:
            raise VendorDataError(f"{who} : ce numéro figure déjà plus haut dans le fichier.")
        data = _values(L.ELEVE, row, who)
        data["adresse"] = _group(L.ADRESSE, row, who)
        data["scolarite_active"] = _group(L.SCOLARITE, row, who)
        data["etablissement_an_dernier"] = _group(L.AN_DERNIER, row, who)
        boursier = L.value(L.Column(L.BOURSIER, "bourses", L.Kind.FLAG), row.cells[L.BOURSIER], who)
        pupils[number] = _Pupil(row, who, data, boursier)
    return pupils


def _pupil_of(row: Row, table: L.Table, pupils: dict[str, _Pupil], what: str) -> _Pupil:
    number = _id(row, L.ELEVE_ID, table, what)
    pupil = pupils.get(number)
    if pupil is None:
        raise VendorDataError(
            f"{what} de l'élève n° {number} ({row.where(table)}) : cet élève n'est pas dans "
            f"{L.ELEVES.name}."
        )
    return pupil


def _load_links(folder: Path, pupils: dict[str, _Pupil], persons: dict[str, Personne]) -> None:
    for row in read_table(folder, L.LIENS):
        pupil = _pupil_of(row, L.LIENS, pupils, "lien")
        person = row.cells[L.PERSONNE_ID]
        who = (
            f"lien de l'élève n° {row.cells[L.ELEVE_ID]} avec la personne n° {person} "
            f"({row.where(L.LIENS)})"
        )
        role = L.ROLES.get(row.cells[L.ROLE].strip().lower())
        if role is None:
            expected = ", ".join(L.ROLES)
            raise VendorDataError(
                f"{who} : rôle « {row.cells[L.ROLE]} » inconnu (attendu : {expected})."
            )
        if person not in persons:
            raise VendorDataError(
                f"{who} : la personne n° {person} n'est pas dans {L.PERSONNES.name}."
            )
        links = pupil.links.setdefault(role, [])
        if role in _SINGLE_ROLES and links:
            raise VendorDataError(f"{who} : l'élève a déjà un lien « {row.cells[L.ROLE]} ».")
        links.append(_values(L.LIEN, row, who))


def _load_options(folder: Path, pupils: dict[str, _Pupil]) -> None:
    rank_column = L.Column(L.RANG, "rang", L.Kind.COUNT, required=True)
    for row in read_table(folder, L.OPTIONS):
        pupil = _pupil_of(row, L.OPTIONS, pupils, "option")
        who = f"option de l'élève n° {row.cells[L.ELEVE_ID]} ({row.where(L.OPTIONS)})"
        year = row.cells[L.ANNEE].strip().lower()
        if year not in pupil.options:
            raise VendorDataError(
                f"{who} : {L.ANNEE} « {row.cells[L.ANNEE]} » inconnue "
                f"(attendu « {L.CURRENT_YEAR} » ou « {L.LAST_YEAR} »)."
            )
        rank = L.value(rank_column, row.cells[L.RANG], who)
        if not isinstance(rank, int) or rank < 1:
            raise VendorDataError(
                f"{who} : {L.RANG} « {row.cells[L.RANG]} » invalide "
                "(attendu un nombre à partir de 1)."
            )
        if rank in pupil.options[year]:
            raise VendorDataError(
                f"{who} : le rang {rank} figure déjà pour cet élève "
                f"({pupil.options[year][rank][0].where(L.OPTIONS)})."
            )
        matiere, modalite = row.cells[L.MATIERE], row.cells[L.MODALITE]
        if year == L.LAST_YEAR:
            if modalite:
                raise VendorDataError(
                    f"{who} : une matière de l'an dernier n'a pas de "
                    f"{L.MODALITE} (« {modalite} » donnée)."
                )
            pupil.options[year][rank] = (row, matiere)
        else:
            option = {"code_matiere": matiere, "code_modalite_elect": modalite}
            pupil.options[year][rank] = (row, option)


def _load_bourses(folder: Path, pupils: dict[str, _Pupil]) -> None:
    for row in read_table(folder, L.BOURSES):
        pupil = _pupil_of(row, L.BOURSES, pupils, "bourse")
        who = f"bourse de l'élève n° {row.cells[L.ELEVE_ID]} ({row.where(L.BOURSES)})"
        if pupil.boursier is not True:
            raise VendorDataError(
                f"{who} : l'élève n'est pas noté « {L.BOURSIER} : {L.YES} » dans "
                f"{L.ELEVES.name} ({pupil.row.where(L.ELEVES)})."
            )
        pupil.bourses.append(_values(L.BOURSE, row, who))


def _build_pupil(pupil: _Pupil) -> Eleve:
    data = dict(pupil.data)
    if pupil.links:
        data["responsables_eleve"] = {
            role.lower(): links[0] if role in _SINGLE_ROLES else links
            for role, links in pupil.links.items()
        }
    current = [o for _, (_, o) in sorted(pupil.options[L.CURRENT_YEAR].items())]
    if current:
        data["scolarite_active"] = data["scolarite_active"] or _empty(L.SCOLARITE)
        data["scolarite_active"]["options"] = current
    last = [o for _, (_, o) in sorted(pupil.options[L.LAST_YEAR].items())]
    if last:
        data["etablissement_an_dernier"] = data["etablissement_an_dernier"] or _empty(L.AN_DERNIER)
        data["etablissement_an_dernier"]["options_an_dernier"] = last
    if pupil.boursier is True:
        if not pupil.bourses:
            raise VendorDataError(
                f"{pupil.who} : noté « {L.BOURSIER} : {L.YES} » mais aucune bourse dans "
                f"{L.BOURSES.name} (mettez « {L.NO} » pour un élève sans bourse)."
            )
        data["bourses"] = pupil.bourses
    elif pupil.boursier is False:
        data["bourses"] = []
    pupil_record: Eleve = _validate(Eleve, data, pupil.who)
    return pupil_record


def _empty(columns: tuple[L.Column, ...]) -> dict[str, Any]:
    return {c.field: "" if c.required else None for c in columns}
