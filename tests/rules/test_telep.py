"""TELEP: phones in French or foreign format, digits only."""

from __future__ import annotations

import pytest

from siecle_sdk.rules import Consequence

from .conftest import Kit, eleve, only, pere, personne, silent


@pytest.mark.parametrize("phone", ["0612345678901", "+3361234567", "06 12 34 56 78", "+33 6"])
def test_unrecognised_phone(kit: Kit, phone: str) -> None:
    report = kit.check(personnes=[personne(tel_personnel=phone), pere()])
    finding = only(
        report,
        "TELEP_E_01",
        section=2,
        consequence=Consequence.ANOMALY,
        record="responsable",
        value=phone,
    )
    assert "conservé" in finding.message


def test_pupil_phone(kit: Kit) -> None:
    report = kit.check(eleves=[eleve(tel_portable="612345678")])
    only(report, "TELEP_E_01", section=5, consequence=Consequence.ANOMALY, value="612345678")


def test_national_and_foreign_numbers(kit: Kit) -> None:
    """10-digit national numbers (05…, 06…) raised no TELEP (rules.md §5)."""
    person = personne(tel_personnel="0561234567", tel_portable="0612345678")
    person = person.model_copy(update={"tel_professionnel": "0032212345678"})
    silent(kit.check(personnes=[person, pere()]))


def test_no_phone(kit: Kit) -> None:
    """A person without any phone or e-mail raised no TELEP (rules.md §5)."""
    silent(kit.check(personnes=[personne(tel_portable=None), pere()]))


def test_international_forms_siecle_exports(kit: Kit) -> None:
    """``+33`` and 9 digits is how SIECLE's own exports write phones: accepted, like ``+32…``."""
    person = personne(tel_personnel="+33231204444", tel_portable="+33764444288")
    person = person.model_copy(update={"tel_professionnel": "+3221234567"})
    silent(kit.check(personnes=[person, pere()]))
