"""Section 8: the integration rewrites every pupil it identifies (``MODIF``, what differs from
SIECLE as detail) and creates the others (``AJOUT``); a rejected pupil is in neither."""

from __future__ import annotations

import datetime as dt

from siecle_sdk.report import rows

from .conftest import Kit, eleve, sortant


def test_identified_pupil_sent_unchanged_is_modif(kit: Kit) -> None:
    report = kit.check()
    (change,) = report.changes or []
    assert (change.code, change.private_id, change.siecle_id) == ("MODIF", "1", "1234567")
    assert change.fields == ()
    (row,) = [r for r in rows(report) if r.section == 8]
    assert row.code == "MODIF" and "rien ne change" in row.message


def test_identified_pupil_with_changes_and_new_pupil(kit: Kit) -> None:
    report = kit.check(
        eleves=[eleve(date_naiss=dt.date(2004, 5, 7)), eleve(id_prv_ele="9", prenom="Zoé")]
    )
    assert [(c.code, c.private_id) for c in report.changes or []] == [
        ("MODIF", "1"),
        ("AJOUT", "9"),
    ]
    assert "DATE_NAISS" in (report.changes or [])[0].fields


def test_rejected_pupil_is_neither(kit: Kit) -> None:
    report = kit.check(eleves=[sortant(code_motif_sortie="5")])
    assert [f.code for f in report.findings] == ["REJEL_SORTI_F_01"]
    assert report.changes == []
