"""Counts in = counts out, or a refusal or a note that says what and why (property-based).

Hypothesis draws sets of hand edits of a real synthetic pair of Élèves and Responsables exports —
repetitions (a pupil, the whole ``DONNEES``, a person, a link, a pupil's options, a single-valued
element), an INE shared, an empty ``<ELEVE/>``, records pointing to nobody, an address of nobody,
a pupil without MEF — and checks the takeover ``pull`` makes of them:

* an edit that makes the exports inconsistent is refused, the refusal naming it;
* otherwise every pupil, person, link, option, grant and address read is in the school handed
  to the adapter, or left out with a note naming it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from siecle_sdk.errors import UnusableInput
from siecle_sdk.exchange.takeover import read_exports, school_counts
from siecle_sdk.tools.synthetic import SyntheticSchool

from . import exports_edit as edit

Op = Callable[[etree._Element, etree._Element], None]


def _block(root: etree._Element, tag: str) -> etree._Element:
    found = root.find(f"DONNEES/{tag}")
    assert found is not None
    return found


def _duplicate_person(eleves: etree._Element, responsables: etree._Element) -> None:
    block = _block(responsables, "PERSONNES")
    block.append(copy.deepcopy(block[0]))


def _duplicate_link(eleves: etree._Element, responsables: etree._Element) -> None:
    block = _block(responsables, "RESPONSABLES")
    block.append(copy.deepcopy(block[0]))


def _repeat_options(eleves: etree._Element, responsables: etree._Element) -> None:
    block = _block(eleves, "OPTIONS")
    block.append(copy.deepcopy(block[0]))


def _missing_person(eleves: etree._Element, responsables: etree._Element) -> None:
    """The person of the first link removed from ``PERSONNES`` (the link now points to nobody)."""
    link = _block(responsables, "RESPONSABLES")[0]
    person_id = link.findtext("PERSONNE_ID")
    block = _block(responsables, "PERSONNES")
    for person in block:
        if person.get("PERSONNE_ID") == person_id:
            block.remove(person)


def _without_mef(eleves: etree._Element, responsables: etree._Element) -> None:
    edit.without_mef(eleves)


def _stray_address(eleves: etree._Element, responsables: etree._Element) -> None:
    block = _block(responsables, "ADRESSES")
    address = copy.deepcopy(block[0])
    address.set("ADRESSE_ID", "8888888")
    block.append(address)


def _on_eleves(change: edit.Edit) -> Op:
    def op(eleves: etree._Element, responsables: etree._Element) -> None:
        change(eleves)

    return op


def _on_responsables(change: edit.Edit) -> Op:
    def op(eleves: etree._Element, responsables: etree._Element) -> None:
        change(responsables)

    return op


#: edits that make the exports inconsistent -> what the refusal must say
FAULTS: dict[str, tuple[Op, str]] = {
    "share_ine": (_on_eleves(edit.share_ine), "donné à 2 élèves"),
    "repeat_pupil": (_on_eleves(edit.repeat_pupil), "fois dans le bloc ELEVES"),
    "repeat_data": (_on_eleves(edit.repeat_data), "contient un deuxième bloc <DONNEES>"),
    "empty_pupil": (_on_eleves(edit.empty_pupil), "sans ELEVE_ID"),
    "repeat_name": (_on_eleves(edit.repeat_name), "<NOM_DE_FAMILLE> figure deux fois"),
    "repeat_options": (_repeat_options, "blocs de options pour le même élève"),
    "duplicate_person": (_duplicate_person, "fois dans le bloc PERSONNES"),
    "duplicate_link": (_duplicate_link, "figure 2 fois"),
}
#: edits leaving records that point to nobody -> what the note must say
NOTES: dict[str, tuple[Op, str]] = {
    "orphan_option": (_on_eleves(edit.orphan_option), "<OPTION ELEVE_ID=9999999>"),
    "orphan_link": (_on_responsables(edit.orphan_link), "lien ELEVE_ID=9999999"),
    "missing_person": (_missing_person, "personne absente du bloc PERSONNES"),
    "stray_address": (_stray_address, "rattachée à aucun élève ni responsable"),
    "without_mef": (_without_mef, "sans MEF"),
}


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    exports = SyntheticSchool(pupils=12, seed=29).write_exports(tmp_path_factory.mktemp("paire"))
    return exports["eleves"].read_bytes(), exports["responsables"].read_bytes()


def _write(root: etree._Element, path: Path) -> Path:
    etree.ElementTree(root).write(str(path), encoding="ISO-8859-15", xml_declaration=True)
    return path


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    faults=st.sets(st.sampled_from(sorted(FAULTS)), max_size=3),
    notes=st.sets(st.sampled_from(sorted(NOTES)), max_size=3),
)
def test_every_record_is_taken_left_out_with_a_note_or_the_file_refused(
    pair: tuple[bytes, bytes], tmp_path: Path, faults: set[str], notes: set[str]
) -> None:
    eleves = etree.fromstring(pair[0])
    responsables = etree.fromstring(pair[1])
    for name in sorted(notes):  # notes first: a repeated DONNEES then repeats them too
        NOTES[name][0](eleves, responsables)
    for name in sorted(faults):
        FAULTS[name][0](eleves, responsables)
    eleves_path = _write(eleves, tmp_path / "ElevesAvecAdresses.xml")
    responsables_path = _write(responsables, tmp_path / "ResponsablesAvecAdresses.xml")
    if faults:
        with pytest.raises(UnusableInput) as caught:
            read_exports(eleves_path, responsables_path)
        # a second DONNEES is refused by the reader itself, before the export is audited
        named = {"repeat_data"} if "repeat_data" in faults else faults
        for name in named:
            assert FAULTS[name][1] in caught.value.message, (name, caught.value.message)
        return
    taken = read_exports(eleves_path, responsables_path)
    kept = school_counts(taken.school)
    kept["adresses"] = taken.used_addresses
    for kind in ("eleves", "personnes", "liens", "options", "bourses", "adresses"):
        assert taken.read.get(kind, 0) == kept[kind] + taken.left_out[kind], kind
    text = " ".join(taken.notes)
    for name in notes:
        assert NOTES[name][1] in text, (name, text)
    if "orphan_link" in notes or "missing_person" in notes:
        assert taken.left_out["liens"] >= 1
    if "stray_address" in notes:
        assert taken.left_out["adresses"] >= 1
