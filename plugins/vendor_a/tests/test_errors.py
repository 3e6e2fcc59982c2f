"""Damaged folders are refused naming file, line and record; bad writes change nothing."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest
from siecle_sdk.errors import PluginError, VendorDataError
from siecle_sdk.models.import_eleves import Adresse, ResponsablesEleve
from siecle_sdk.plugin.adapter import School
from siecle_sdk.plugin.manager import Adapter

import siecle_vendor_a.transaction
from siecle_vendor_a import layout as L


@pytest.fixture
def stored(adapter: Adapter, school: School, tmp_path: Path) -> Path:
    adapter.write_school(tmp_path, school)
    return tmp_path


def _edit(folder: Path, table: L.Table, line: int, header: str, value: str) -> None:
    """Set one cell (``line`` counted as in messages: the header is line 1)."""
    path = folder / table.name
    with open(path, encoding=L.ENCODING, newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    rows[line - 1][table.headers.index(header)] = value
    with open(path, "w", encoding=L.ENCODING, newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)


def _append(folder: Path, table: L.Table, text: str) -> None:
    with open(folder / table.name, "ab") as handle:
        handle.write(text.encode(L.ENCODING) + b"\r\n")


def _refused(adapter: Adapter, folder: Path) -> str:
    with pytest.raises(VendorDataError) as caught:
        adapter.read_school(folder)
    return caught.value.message


@pytest.mark.parametrize(
    ("table", "line", "header", "value", "expected"),
    [
        (
            L.ELEVES,
            3,
            "Né(e) le",
            "31/02/2009",
            "élève n° 102 (ligne 3 de eleves.csv) : Né(e) le « 31/02/2009 » invalide",
        ),
        (L.ELEVES, 2, "Date d'entrée", "2023-09-04", "élève n° 101 (ligne 2 de eleves.csv)"),
        (L.ELEVES, 2, "Redoublant", "peut-être", "Redoublant « peut-être » invalide"),
        (L.ELEVES, 3, "Boursier", "Oui", "élève n° 102 (ligne 3 de eleves.csv) : noté"),
        (L.PERSONNES, 2, "Enfants à charge", "deux", "personne n° 1 (ligne 2 de personnes.csv)"),
        (L.LIENS, 2, "Rôle", "tuteur", "ligne 2 de liens.csv) : rôle « tuteur » inconnu"),
        (L.LIENS, 2, "N° personne", "77", "la personne n° 77 n'est pas dans personnes.csv"),
        (L.LIENS, 2, "N° élève", "77", "lien de l'élève n° 77 (ligne 2 de liens.csv)"),
        (L.OPTIONS, 2, "Rang", "0", "option de l'élève n° 101 (ligne 2 de options.csv) : Rang"),
        (L.OPTIONS, 3, "Rang", "1", "le rang 1 figure déjà pour cet élève (ligne 2"),
        (L.OPTIONS, 2, "Année", "2023", "Année « 2023 » inconnue"),
        (L.OPTIONS, 5, "Modalité", "O", "une matière de l'an dernier n'a pas de Modalité"),
        (L.BOURSES, 2, "Parts", "1,5", "bourse de l'élève n° 101 (ligne 2 de bourses.csv)"),
        (L.ELEVES, 3, "N° élève", "101", "élève n° 101 (ligne 3 de eleves.csv) : ce numéro"),
        (L.ELEVES, 3, "N° élève", "", "élève sans N° élève (ligne 3 de eleves.csv)"),
    ],
)
def test_bad_cells_are_named(
    adapter: Adapter,
    stored: Path,
    table: L.Table,
    line: int,
    header: str,
    value: str,
    expected: str,
) -> None:
    _edit(stored, table, line, header, value)
    assert expected in _refused(adapter, stored)


def test_a_pupil_marked_without_grants_has_none(adapter: Adapter, stored: Path) -> None:
    _append(stored, L.BOURSES, "102;NAT;1")
    assert "bourse de l'élève n° 102 (ligne 5 de bourses.csv)" in _refused(adapter, stored)


def test_a_row_of_the_wrong_width(adapter: Adapter, stored: Path) -> None:
    _append(stored, L.LIENS, "101;légal;2")
    assert "ligne 9 de liens.csv : 3 colonnes au lieu de 9" in _refused(adapter, stored)


def test_a_byte_outside_windows_1252(adapter: Adapter, stored: Path) -> None:
    path = stored / L.PERSONNES.name
    path.write_bytes(path.read_bytes().replace("Zoé".encode(L.ENCODING), b"Zo\x81"))
    assert "ligne 4 de personnes.csv : l'octet 0x81" in _refused(adapter, stored)


def test_a_file_saved_in_utf8(adapter: Adapter, stored: Path) -> None:
    path = stored / L.LIENS.name
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().decode(L.ENCODING).encode("utf-8"))
    message = _refused(adapter, stored)
    assert "liens.csv" in message and "UTF-8" in message


def test_missing_and_unknown_columns(adapter: Adapter, stored: Path) -> None:
    _edit(stored, L.PERSONNES, 1, "Mél", "Courriel")
    message = _refused(adapter, stored)
    assert "colonnes absentes : « Mél »" in message and "inconnues : « Courriel »" in message


def test_missing_files(adapter: Adapter, stored: Path, tmp_path: Path) -> None:
    (stored / L.OPTIONS.name).unlink()
    (stored / L.BOURSES.name).unlink()
    with pytest.raises(VendorDataError, match="noté « Boursier : Oui » mais aucune bourse"):
        adapter.read_school(stored)
    (stored / L.LIENS.name).unlink()
    assert "liens.csv" in _refused(adapter, stored)
    empty = tmp_path / "vide"
    empty.mkdir()
    assert "ne contient pas les fichiers" in _refused(adapter, empty)


def test_a_file_is_not_a_folder(adapter: Adapter, tmp_path: Path) -> None:
    path = tmp_path / "base.sqlite"
    path.write_bytes(b"")
    with pytest.raises(PluginError, match="ne gère pas cette source"):
        adapter.read_school(path)


def test_the_school_row(adapter: Adapter, stored: Path) -> None:
    _append(stored, L.ETABLISSEMENT, "0750680G;2024;")
    assert "une seule ligne de données (2 lues)" in _refused(adapter, stored)


# --- refused writes -----------------------------------------------------------------------


def _pupil_update(school: School, number: str, **changes: object) -> School:
    pupils = [p.model_copy(update=changes) if p.id_prv_ele == number else p for p in school.pupils]
    return dataclasses.replace(school, pupils=pupils)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"prenom": "Şule"}, "élève n° 101 (DURAND Şule) : Prénom « Şule » contient le caractère"),
        ({"ville_naiss": "İzmir 🙂"}, "Ville de naissance « İzmir 🙂 » contient"),
        ({"nom_usage": ""}, "élève n° 101 (DURAND Anaïs) : Nom d'usage est une valeur vide"),
        ({"adresse": Adresse(code_pays="")}, "l'adresse sans aucune valeur"),
        ({"responsables_eleve": ResponsablesEleve()}, "bloc des responsables vide"),
        ({"unknown": [{"tag": "X", "text": "1"}]}, "données sans colonne dans ce format (X)"),
        (
            {
                "responsables_eleve": ResponsablesEleve.model_validate(
                    {"contact": [{"id_prv_per": "66", "code_parente": "90"}]}
                )
            },
            "lien vers la personne n° 66",
        ),
    ],
)
def test_what_the_folder_cannot_hold_is_refused_before_writing(
    adapter: Adapter, school: School, stored: Path, changes: dict[str, object], expected: str
) -> None:
    before = {p.name: p.read_bytes() for p in stored.iterdir()}
    with pytest.raises(VendorDataError) as caught:
        adapter.write_school(stored, _pupil_update(school, "101", **changes))
    assert expected in caught.value.message
    assert {p.name: p.read_bytes() for p in stored.iterdir()} == before


def test_a_failure_while_writing_leaves_the_folder_as_it_was(
    adapter: Adapter, school: School, stored: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {p.name: p.read_bytes() for p in stored.iterdir()}
    real = siecle_vendor_a.transaction.atomic_write
    opened: list[str] = []

    def failing(path: Path, mode: str = "wb"):  # type: ignore[no-untyped-def]
        opened.append(Path(path).name)
        if len(opened) == 4:
            raise OSError("disque plein")
        return real(path, mode)

    monkeypatch.setattr(siecle_vendor_a.transaction, "atomic_write", failing)
    with pytest.raises(PluginError, match="disque plein"):
        adapter.write_school(stored, _pupil_update(school, "101", prenom="Autre"))
    assert len(opened) == 4
    assert {p.name: p.read_bytes() for p in stored.iterdir()} == before
