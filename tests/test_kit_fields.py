"""The conformance kit compares element by element, names the record and the element, and lets an
adapter declare what it stores: other elements may be lost, never changed."""

from __future__ import annotations

import pytest

from siecle_sdk.testing import assert_same_records, synthetic_school


def test_a_declared_element_must_come_back() -> None:
    pupils = list(synthetic_school(8).pupils)
    pupil = pupils[2]
    changed = pupil.model_copy(
        update={"scolarite_active": pupil.scolarite_active.model_copy(update={"code_mef": "X"})}  # type: ignore[union-attr]
    )
    with pytest.raises(AssertionError) as caught:
        assert_same_records(pupils, [*pupils[:2], changed, *pupils[3:]])
    message = str(caught.value)
    assert pupil.label in message
    assert "ELEVE/SCOLARITE_ACTIVE/CODE_MEF : attendu" in message


def test_an_element_not_stored_may_be_lost_but_not_changed() -> None:
    persons = list(synthetic_school(8).persons)
    person = next(p for p in persons if p.email)
    rest = [p for p in persons if p is not person]
    stored = frozenset({"PERSONNE/ID_PRV_PER", "PERSONNE/NOM_DE_FAMILLE", "PERSONNE/PRENOM"})
    lost = person.model_copy(update={"email": None})
    assert_same_records(persons, [*rest, lost], stored)
    with pytest.raises(AssertionError) as caught:
        assert_same_records(persons, [*rest, lost])
    assert "PERSONNE/EMAIL : attendu" in str(caught.value)
    changed = person.model_copy(update={"email": "autre@example.org"})
    with pytest.raises(AssertionError) as caught:
        assert_same_records(persons, [*rest, changed], stored)
    assert "PERSONNE/EMAIL (non conservé par l'adaptateur)" in str(caught.value)
    renamed = person.model_copy(update={"prenom": "Autre"})
    with pytest.raises(AssertionError):
        assert_same_records(persons, [*rest, renamed], stored)
