"""Rule families are named by SIECLE's own labels (its compte-rendu's table of correspondence),
word for word, and the compte-rendu ends with that table for the families it shows."""

from __future__ import annotations

from siecle_sdk.cli.check import render
from siecle_sdk.rules.builtin import siecle_rules
from siecle_sdk.rules.labels import LABELS, OWN_LABELS

from .conftest import Kit, eleve, scolarite


def test_every_family_of_the_table_and_its_spelling() -> None:
    assert len(LABELS) == 32
    # SIECLE's spelling, capitals, guillemets and final full stops included
    assert LABELS["ACOMPL"] == "Le champ « A_Compléter » de l'élève a été initialisé ou modifié"
    assert LABELS["ADRES"] == "La règle de gestion adresse n'est pas vérifiée."
    assert LABELS["PAREN"] == "Les responsables de l'élève sont invalides."
    assert LABELS["PEPCS"] == "La règle de gestion profession n'est pas vérifiée"
    assert set(OWN_LABELS) == {"ENTREE", "PUSAG"} and not set(OWN_LABELS) & set(LABELS)


def test_rules_are_titled_by_their_family_label() -> None:
    for rule in siecle_rules():
        assert rule.title == (LABELS.get(rule.family) or OWN_LABELS[rule.family]), rule


def test_report_ends_with_the_table_of_correspondence(kit: Kit) -> None:
    report = kit.check(eleves=[eleve(scolarite_active=scolarite(code_division="1G1"))])
    text = render(report, "text")
    table = (
        "Tableau de correspondance entre le code règle de gestion et le libellé explicatif :\n"
        "   ACDIV : L'inscription de l'élève dans une division est invalide\n"
    )
    assert table in text
    assert render(report, "json").count("L'inscription de l'élève dans une division") == 1
    assert "Tableau de correspondance" in render(report, "html")
