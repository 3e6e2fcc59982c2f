"""``merge_school`` and ``apply_ine``: the SDK's matching, shared by every adapter."""

from __future__ import annotations

import dataclasses

import pytest

from siecle_sdk.adapter import (
    IneUpdate,
    UnusableInput,
    VendorDataError,
    WriteReport,
    apply_ine,
    ine_changes,
    match_ine,
    merge_records,
    merge_school,
)
from siecle_sdk.testing import synthetic_school


def test_takeover_updates_in_place_keeps_ids_and_adds() -> None:
    school = synthetic_school(12)
    stored = list(school.pupils)
    known = next(p for p in stored if p.id_national and p.eleve_id)
    # SIECLE's version: a new first name, no INE in this export, matched on ELEVE_ID only
    incoming = known.model_copy(update={"prenom": "Zoé", "id_national": None, "id_prv_ele": "9001"})
    newcomer = stored[1].model_copy(update={"id_prv_ele": "9002", "eleve_id": None})
    merged = merge_records(stored, [incoming, newcomer])
    assert len(merged) == len(stored) + 1
    updated = merged[stored.index(known)]
    assert (updated.prenom, updated.id_prv_ele) == ("Zoé", "9001")
    assert updated.id_national == known.id_national, "an INE is never erased by a takeover"
    assert merged[-1].id_prv_ele == "9002"


def test_contradicting_ids_are_refused() -> None:
    pupils = list(synthetic_school(12).pupils)
    first, second = pupils[0], next(p for p in pupils[1:] if p.eleve_id)
    confused = first.model_copy(update={"eleve_id": second.eleve_id})
    with pytest.raises(VendorDataError) as caught:
        merge_records(pupils, [confused])
    assert first.label in caught.value.message and second.label in caught.value.message


def test_another_school_is_refused() -> None:
    school = synthetic_school(5)
    other = dataclasses.replace(school, uai="0750680G")
    with pytest.raises(UnusableInput):
        merge_school(school, other)
    assert len(merge_school(None, school).pupils) == len(school.pupils)


def test_ine_return_changes_ine_only_and_never_erases() -> None:
    pupils = list(synthetic_school(12).pupils)
    without = next(p for p in pupils if not p.id_national)
    known = next(p for p in pupils if p.id_national)
    updates = [
        IneUpdate(eleve_id=None, id_prv_ele=without.id_prv_ele, id_national="070832327JA"),
        IneUpdate(eleve_id=known.eleve_id, id_prv_ele=None, id_national=None),
        IneUpdate(eleve_id="424242", id_prv_ele="4242", id_national="1234567890A", nom="X"),
    ]
    after, report = apply_ine(pupils, updates)
    assert (len(report.updated), len(report.unchanged), len(report.not_found)) == (1, 1, 1)
    changed = after[pupils.index(without)]
    assert changed.id_national == "070832327JA"
    assert changed.model_copy(update={"id_national": None}) == without
    assert after[pupils.index(known)] == known
    assert [p for p in after if p is not changed] == [p for p in pupils if p is not without]


def test_ine_return_never_takes_a_private_number_of_another_pupil() -> None:
    pupils = list(synthetic_school(12).pupils)
    known = next(p for p in pupils if p.eleve_id)
    other = IneUpdate(eleve_id="88888888", id_prv_ele=known.id_prv_ele, id_national="070832327JA")
    after, report = apply_ine(pupils, [other])
    assert after == pupils and len(report.not_found) == 1
    by_siecle = IneUpdate(eleve_id=known.eleve_id, id_prv_ele="999", id_national="070832327JA")
    after, report = apply_ine(pupils, [by_siecle])
    assert after[pupils.index(known)].id_national == "070832327JA"


def test_takeover_refuses_a_record_given_twice_or_a_number_of_another_record() -> None:
    pupils = list(synthetic_school(12).pupils)
    with pytest.raises(VendorDataError, match="deux fois"):
        merge_records(pupils, [pupils[1], pupils[1]])
    known = next(p for p in pupils if p.eleve_id)
    other = known.model_copy(update={"eleve_id": "88888888"})
    with pytest.raises(VendorDataError, match=r"N° SIECLE .* et non 88888888"):
        merge_records(pupils, [other])


def test_a_renumbered_person_is_followed_by_the_links_of_pupils_left_out() -> None:
    school = synthetic_school(12)
    linked = next(p for p in school.pupils if p.links())
    number = linked.links()[0][1].id_prv_per
    person = next(p for p in school.persons if p.id_prv_per == number and p.personne_id)
    moved = person.model_copy(update={"id_prv_per": "P-NEW"})
    report = WriteReport()
    merged = merge_school(school, dataclasses.replace(school, persons=[moved], pupils=[]), report)
    assert "1 personne(s) renumérotée(s)" in report.notes[-1]
    assert report.counts == {"eleves": 0, "personnes": 1, "liens": 0}
    after = next(p for p in merged.pupils if p.id_prv_ele == linked.id_prv_ele)
    assert "P-NEW" in {link.id_prv_per for _, link in after.links()}
    assert number not in {p.id_prv_per for p in merged.persons}


def test_match_ine_on_ids_as_a_database_reads_them() -> None:
    stored = [("5001", "1"), (None, "3"), ("5004", "4")]
    updates = [
        IneUpdate(eleve_id="5004", id_prv_ele="999", id_national="070832327JA"),
        IneUpdate(eleve_id=None, id_prv_ele="003", id_national="070832327JA"),
        IneUpdate(eleve_id="7777", id_prv_ele="1", id_national="070832327JA"),
        IneUpdate(eleve_id=None, id_prv_ele="12", id_national="070832327JA"),
    ]
    assert match_ine(stored, updates) == [2, 1, None, None]
    assert ine_changes({"id_national": "070832327JA"}, updates[0]) == {}
    blank = IneUpdate(eleve_id=None, id_prv_ele="3", id_national="", ine_bea="123456789AB")
    assert ine_changes({"id_national": "070832327JA"}, blank) == {"ine_bea": "123456789AB"}
