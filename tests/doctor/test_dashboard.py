"""The tableau de bord: counts, détail des comptages, blocking records, verdict, renderings."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from siecle_sdk.doctor.dashboard import compute_dashboard
from siecle_sdk.doctor.render import dashboard_data, dashboard_html, dashboard_text
from siecle_sdk.errors import UnusableInput
from siecle_sdk.exchange.ledger import Entry, Ledger, Status

from ..conftest import Result
from .conftest import MEF_5, MEF_6, TODAY, Pupil, TinySchool

Run = Callable[..., Result]


def flat(text: str) -> str:
    """``text`` on one line (the text rendering wraps at 100 columns)."""
    return " ".join(text.split())


def test_counts_of_a_coherent_school(school: TinySchool, tmp_path: Path) -> None:
    board = compute_dashboard(school.write(tmp_path), today=TODAY, use_ledger=False)
    assert (board.scolarises, board.sortants) == (3, 1)
    assert board.non_scolarises == [] and board.blocking == []
    assert board.leavers_without_motive == []
    assert board.declarable
    assert [(m.code, m.label, m.scolarises, m.sortants) for m in board.by_mef] == [
        (MEF_6, "6EME", 2, 0),
        (MEF_5, "5G", 1, 1),
    ]
    assert [(d.code, d.mefs, d.scolarises) for d in board.by_division] == [
        ("5A", (MEF_5,), 1),
        ("6A", (MEF_6,), 2),
    ]
    assert board.verdict().startswith("Le constat de rentrée peut être déclaré")


def test_blocking_records_and_leavers_without_motive(school: TinySchool, tmp_path: Path) -> None:
    school.pupils += [
        Pupil("1005", "BLANC", "Zoé", MEF_6, "6Z"),
        Pupil("1006", "NOIR", "Léo", MEF_5, "6A"),
        Pupil("1007", "VERT", "Ana", None, None),
        Pupil("1008", "GRIS", "Eva", MEF_6, None),
    ]
    school.pupils[3].motif = None
    board = compute_dashboard(school.write(tmp_path), today=TODAY, use_ledger=False)
    assert board.scolarises == 6
    assert [p.name for p in board.non_scolarises] == ["VERT Ana"]
    assert [(b.pupil.name, b.reason) for b in board.blocking] == [
        ("BLANC Zoé", "division « 6Z » inexistante"),
        ("NOIR Léo", "MEF 10110001110 non rattaché à la division « 6A »"),
    ]
    assert [p.name for p in board.leavers_without_motive] == ["ROUX Noé"]
    assert not board.declarable
    verdict = board.verdict()
    assert (
        "ne peut pas encore être déclaré : 2 fiches bloquantes et 1 sortant sans motif" in verdict
    )
    assert "1 élève non scolarisé sans date de sortie" in verdict
    divisions = {d.code: d.scolarises for d in board.by_division}
    assert divisions == {"5A": 1, "6A": 3, "6Z": 1, "(sans division)": 1}
    assert list(divisions)[-1] == "(sans division)"


def test_blocking_needs_structures(school: TinySchool, tmp_path: Path) -> None:
    school.pupils.append(Pupil("1005", "BLANC", "Zoé", MEF_6, "6Z"))
    paths = school.write(tmp_path, ["eleves"])
    board = compute_dashboard(paths, today=TODAY, use_ledger=False)
    assert not board.structures_checked and board.blocking == []
    assert "non vérifié (export Structures non fourni)" in flat(dashboard_text(board))


def test_last_check_from_the_ledger(school: TinySchool, tmp_path: Path) -> None:
    ledger = tmp_path / "historique.sqlite"
    with Ledger(ledger) as history:
        history.record(
            Entry(
                "check",
                "0750680GPRIVE2019190905143012.xml",
                school.uai,
                school.year,
                status=Status.ANOMALIES,
                findings={4: 1, 5: 2, 6: 3, 7: 0, 8: 10},
                at="2019-09-05T12:30:12+00:00",
            )
        )
        history.record(Entry("check", "autre.xml", "0590181B", school.year, findings={5: 9}))
    paths = school.write(tmp_path / "exports")
    board = compute_dashboard(paths, today=TODAY, ledger_path=ledger)
    assert board.last_check is not None
    assert board.checked_blocking == 3
    assert board.blocking_total == 3 and not board.declarable
    text = flat(dashboard_text(board))
    assert "0750680GPRIVE2019190905143012.xml, le 05/09/2019 à 12:30 UTC" in text
    assert "1 rejet, 2 anomalies, 3 notes" in text
    data = dashboard_data(board)
    assert data["counts"]["bloquantes"] == 3
    assert data["counts"]["bloquantes_controle"] == 3
    assert data["last_check"]["file_name"] == "0750680GPRIVE2019190905143012.xml"


def test_no_check_recorded_is_said(school: TinySchool, tmp_path: Path) -> None:
    absent = tmp_path / "historique" / "vide.sqlite"
    board = compute_dashboard(school.write(tmp_path), today=TODAY, ledger_path=absent)
    assert board.last_check is None and board.declarable
    assert not absent.parent.exists()
    assert "Aucun contrôle du fichier d'import n'est enregistré" in board.verdict()


def test_unusable_ledger_does_not_stop_the_dashboard(school: TinySchool, tmp_path: Path) -> None:
    bad = tmp_path / "historique.sqlite"
    bad.write_bytes(b"not a database" * 100)
    board = compute_dashboard(school.write(tmp_path / "e"), today=TODAY, ledger_path=bad)
    assert board.ledger_problem is not None
    assert "Historique des échanges illisible" in flat(dashboard_text(board))


def test_latest_eleves_export_decides_the_school_and_year(
    school: TinySchool, tmp_path: Path
) -> None:
    old = TinySchool(year="2018", stamp="05/06/2019 10:00:00")
    old.pupils = old.pupils[:1]
    paths = [*old.write(tmp_path / "old"), *school.write(tmp_path / "new")]
    board = compute_dashboard(paths, today=TODAY, use_ledger=False)
    assert board.school_year == "2019"
    assert board.source.path == tmp_path / "new" / "ElevesSansAdresses.xml"
    assert board.scolarises == 3


def test_no_eleves_export_is_unusable(school: TinySchool, tmp_path: Path) -> None:
    with pytest.raises(UnusableInput, match="Aucun export Élèves"):
        compute_dashboard(school.write(tmp_path, ["structures"]), today=TODAY, use_ledger=False)


def test_json_and_text_agree(school: TinySchool, tmp_path: Path) -> None:
    school.pupils.append(Pupil("1005", "BLANC", "Zoé", MEF_6, "6Z"))
    board = compute_dashboard(school.write(tmp_path), today=TODAY, use_ledger=False)
    data = json.loads(json.dumps(dashboard_data(board)))
    assert data["counts"] == {
        "inscrits": 5,
        "scolarises": 4,
        "sortants": 1,
        "non_scolarises_sans_date_sortie": 0,
        "sortants_sans_motif": 0,
        "bloquantes": 1,
        "bloquantes_scolarises": 1,
        "bloquantes_sortants": 0,
        "bloquantes_exports": 1,
        "bloquantes_controle": 0,
    }
    assert data["blocking"][0]["name"] == "BLANC Zoé"
    assert data["declarable"] is False
    assert [c["rule"] for c in data["checkpoints"]] == [
        "EXPORT_COHERENT",
        "ELEVE_DIVISION",
        "ELEVE_MEF",
        "ELEVE_SANS_DIVISION",
        "ELEVE_SANS_INE",
        "SORTANT_MOTIF",
        "OPTIONS_PROFILEES",
    ]
    text = flat(dashboard_text(board))
    for label in ("Élèves scolarisés", "Élèves sortants", "Fiches bloquantes"):
        assert label in text
    assert "BLANC Zoé (6Z) : division « 6Z » inexistante" in text


def test_html_is_self_contained_and_escaped(school: TinySchool, tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> & CIE"
    school.pupils.append(Pupil("1005", hostile, "Zoé", MEF_6, "6Z"))
    board = compute_dashboard(school.write(tmp_path), today=TODAY, use_ledger=False)
    page = dashboard_html(board)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>alert(1)</script>" not in page
    assert html.escape(hostile.upper(), quote=False) in page
    assert not re.search(r"""(?:src|href)=["']?https?:""", page)
    assert 'id="compteur-bloquantes"' in page
    assert "Détail des comptages" in page


def test_cli_dashboard(run_cli: Run, school: TinySchool, tmp_path: Path) -> None:
    paths = school.write(tmp_path / "e")
    ok = run_cli("dashboard", *paths, "--date", "10/09/2019")
    assert ok.code == 0, ok.err
    assert ok.out.startswith("Tableau de bord")
    as_json = run_cli("dashboard", *paths, "--json")
    assert as_json.code == 0
    assert json.loads(as_json.out)["counts"]["scolarises"] == 3
    out = tmp_path / "tableau.html"
    page = run_cli("dashboard", *paths, "--format", "html", "-o", out)
    assert page.code == 0 and page.out == ""
    assert "Tableau de bord écrit dans" in page.err
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    school.pupils[3].motif = None
    blocked = run_cli("dashboard", *school.write(tmp_path / "f"), "--sans-historique")
    assert blocked.code == 1
    assert "ne peut pas encore être déclaré" in blocked.out
    missing = run_cli("dashboard", *school.write(tmp_path / "g", ["communs"]))
    assert missing.code == 2
    assert "Aucun export Élèves" in missing.err


def test_cli_dashboard_reads_the_ledger_option(
    run_cli: Run, school: TinySchool, tmp_path: Path
) -> None:
    ledger = tmp_path / "h.sqlite"
    with Ledger(ledger) as history:
        history.record(Entry("check", "f.xml", school.uai, school.year, findings={5: 1}))
    paths = school.write(tmp_path / "e")
    result = run_cli("dashboard", *paths, "--ledger", ledger, "--json")
    assert result.code == 1
    assert json.loads(result.out)["counts"]["bloquantes_controle"] == 1


def test_dashboard_dates_are_french(school: TinySchool, tmp_path: Path) -> None:
    board = compute_dashboard(school.write(tmp_path), today=dt.date(2019, 9, 12), use_ledger=False)
    assert "du 05/09/2019 à 10:00:00" in flat(dashboard_text(board))
