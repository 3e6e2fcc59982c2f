"""PAREN: links to persons of the file, with known 2-character codes."""

from __future__ import annotations

from siecle_sdk.models.import_eleves import ResponsablesEleve
from siecle_sdk.rules import Consequence, Effect

from .conftest import Kit, eleve, lien, only, silent


def test_unknown_link_code(kit: Kit) -> None:
    links = ResponsablesEleve(legal=[lien("1", "10"), lien("2", "99")])
    report = kit.check(eleves=[eleve(responsables_eleve=links)])
    finding = only(report, "PAREN", section=5, consequence=Consequence.ANOMALY, value="99")
    assert not finding.confirmed


def test_one_character_code_in_a_3x_file(kit: Kit) -> None:
    """The writer translates 1-character codes: the file is edited as another software's."""
    path = kit.write()
    text = path.read_text(encoding="iso8859-15")
    path.write_text(
        text.replace("<CODE_PARENTE>20</CODE_PARENTE>", "<CODE_PARENTE>1</CODE_PARENTE>"),
        encoding="iso8859-15",
    )
    finding = only(
        kit.check(path=path), "PAREN", section=5, consequence=Consequence.ANOMALY, value="1"
    )
    assert "2 caractères" in finding.message


def test_link_to_a_person_absent_from_the_file(kit: Kit) -> None:
    path = kit.write()
    text = path.read_text(encoding="iso8859-15")
    path.write_text(
        text.replace("<ID_PRV_PER>2</ID_PRV_PER>", "<ID_PRV_PER>7</ID_PRV_PER>", 1),
        encoding="iso8859-15",
    )
    report = kit.check(path=path)
    only(report, "PAREN", section=5, consequence=Consequence.ANOMALY, value="2")


def test_no_legal_representative_in_the_file(kit: Kit) -> None:
    path = kit.write()
    text = path.read_text(encoding="iso8859-15")
    for old, new in (("2", "7"), ("1", "8")):
        text = text.replace(f"<ID_PRV_PER>{old}</ID_PRV_PER>", f"<ID_PRV_PER>{new}</ID_PRV_PER>", 1)
    path.write_text(text, encoding="iso8859-15")
    report = kit.check(path=path)
    finding = only(report, "PAREN", section=4, consequence=Consequence.REJECTED)
    assert "« 1 »" in finding.message and "« 2 »" in finding.message
    assert finding.effect is Effect.RECORD


def test_schema_20_codes(kit: Kit) -> None:
    """CODE_PARENTE 1 (old list) in LEGAL1 raised no PAREN, nor CIVIL for M. (rules.md §5)."""
    path = kit.write(version="2.0")
    assert "<CODE_PARENTE>1</CODE_PARENTE>" in path.read_text(encoding="iso8859-15")
    silent(kit.check(path=path))
