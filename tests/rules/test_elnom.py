"""ELNOM: names of an identified pupil that differ from SIECLE's."""

from __future__ import annotations

from siecle_sdk.rules import Consequence, Effect

from .conftest import Kit, eleve, only, silent


def test_family_name_changed(kit: Kit) -> None:
    """The only real compte-rendu showing ELNOM lists it in section 5 (anomaly, blocking) with
    SIECLE's text « Élève partiellement importé »."""
    report = kit.check(eleves=[eleve(nom_de_famille="DURAND")])
    finding = only(report, "ELNOM", section=5, consequence=Consequence.ANOMALY, value="DURAND")
    assert finding.message.startswith("Élève partiellement importé (")
    assert "« DUPONT »" in finding.message and finding.siecle_id == "1234567"
    # the name as the file sends it, and as SIECLE knows it
    assert "le nom de famille envoyé « DURAND » remplace « DUPONT »" in finding.message
    assert finding.effect is Effect.IDENTITY and report.blocking


def test_mixed_case_names_unchanged(kit: Kit) -> None:
    """Mixed-case names sent unchanged raised no ELNOM (rules.md §5)."""
    silent(kit.check(eleves=[eleve(nom_de_famille="Dupont", prenom="paul")]))


def test_new_pupil(kit: Kit) -> None:
    silent(kit.check(eleves=[eleve(id_prv_ele="9", nom_de_famille="DURAND")]))


def test_names_quoted_as_sent_and_as_known(kit: Kit) -> None:
    report = kit.check(eleves=[eleve(prenom="Pauline  Marie")])
    finding = only(report, "ELNOM", section=5, consequence=Consequence.ANOMALY)
    assert "le prénom envoyé « Pauline Marie » remplace « Paul »" in finding.message
