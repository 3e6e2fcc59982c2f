"""Whose file is it, and is it whole? Exports edited by hand through every command that reads them.

Each case is a real synthetic export edited as a careless or hostile user would (see
``exports_edit``): a header without a valid UAI or year, two pupils sharing an INE, a pupil or
the whole ``DONNEES`` written twice, an empty ``<ELEVE/>``, a repeated ``<NOM_DE_FAMILLE>``,
records pointing to pupils the exports do not hold. ``pull`` (through the ``fault_records``
adapter, which writes nothing), ``inspect``, ``doctor``, ``dashboard`` and ``sandbox init`` must
each refuse it or name the problem; none may take it in silently.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from siecle_sdk.errors import UnusableInput
from siecle_sdk.exchange.ledger import Ledger
from siecle_sdk.exchange.takeover import read_exports, school_counts
from siecle_sdk.plugin import manager as plugins
from siecle_sdk.tools.synthetic import SyntheticSchool

from ..conftest import Result
from . import exports_edit as edit

Run = Callable[..., Result]
Enable = Callable[..., plugins.PluginManager]
PUPILS = 20
TODAY = "10/09/2019"


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return SyntheticSchool(pupils=PUPILS, seed=23, year=2019).write_exports(
        tmp_path_factory.mktemp("exports")
    )


@pytest.fixture
def pull(fault_plugins: Enable, run_cli: Run, tmp_path: Path) -> Callable[..., Result]:
    fault_plugins("fault_records")

    def run(*files: Path) -> Result:
        return run_cli("pull", "fault_records", "--into", tmp_path / "donnees", *files)

    return run


HEADERS = {
    "sans-UAJ": (edit.set_header("UAJ", None), "PARAMETRES/UAJ absent"),
    "UAJ-vide": (edit.set_header("UAJ", ""), "PARAMETRES/UAJ absent"),
    "WRONGUAI": (edit.set_header("UAJ", "WRONGUAI"), "n'a pas la forme"),
    "123ABC": (edit.set_header("UAJ", "123ABC"), "n'a pas la forme"),
    "cle-fausse": (edit.set_header("UAJ", "0750680H"), "la clé de l'UAI"),
    "sans-annee": (edit.set_header("ANNEE_SCOLAIRE", None), "ANNEE_SCOLAIRE absent"),
    "annee-19": (edit.set_header("ANNEE_SCOLAIRE", "19"), "« 19 »"),
}


@pytest.mark.parametrize("case", sorted(HEADERS))
def test_an_export_that_does_not_say_whose_it_is(
    school: dict[str, Path], tmp_path: Path, run_cli: Run, pull: Callable[..., Result], case: str
) -> None:
    change, said = HEADERS[case]
    eleves = edit.edited(school["eleves"], tmp_path / "ElevesAvecAdresses.xml", change)
    others = (school["nomenclature"], school["structures"], school["communs"])

    pulled = pull(eleves, school["responsables"])
    assert pulled.code == 2 and said in pulled.err, pulled
    assert not (tmp_path / "donnees").exists()
    ine_only = pull(eleves, "--ine-only")
    assert ine_only.code == 2 and said in ine_only.err, ine_only

    inspected = run_cli("inspect", "--json", eleves)
    assert inspected.code == 1, inspected
    assert any(said in fault for fault in json.loads(inspected.out)["faults"])

    doctor = run_cli("doctor", eleves, *others, "--date", TODAY, "--json")
    data = json.loads(doctor.out)
    assert doctor.code == 2  # an export that does not say whose it is cannot be used
    readable = next(
        c for s in data["steps"] for c in s["checkpoints"] if c["rule"] == "FICHIERS_LISIBLES"
    )
    assert readable["status"] == "erreur" and said in readable["reason"]
    assert not any(
        c["rule"] == "MEME_UAI" and c["status"] == "ok" and "WRONG" in c["reason"]
        for s in data["steps"]
        for c in s["checkpoints"]
    )

    board = run_cli("dashboard", eleves, *others, "--date", TODAY, "--sans-historique")
    assert board.code == 2 and said in board.err, board

    sandbox = run_cli("sandbox", "init", "--base", tmp_path / "bac", *others, eleves)
    assert sandbox.code == 2 and said in sandbox.err, sandbox
    assert not (tmp_path / "bac").exists()


FAULTS = {
    "INE-partage": (edit.share_ine, "donné à 2 élèves"),
    "eleve-repete": (edit.repeat_pupil, "figure 2 fois dans le bloc ELEVES"),
    "ELEVE-vide": (edit.empty_pupil, f"<ELEVE> n° {PUPILS + 1} sans ELEVE_ID"),
    "nom-repete": (edit.repeat_name, "<NOM_DE_FAMILLE> figure deux fois"),
}


@pytest.mark.parametrize("case", sorted(FAULTS))
def test_an_export_not_of_one_piece(
    school: dict[str, Path],
    tmp_path: Path,
    run_cli: Run,
    pull: Callable[..., Result],
    private_ledger: Path,
    case: str,
) -> None:
    change, said = FAULTS[case]
    eleves = edit.edited(school["eleves"], tmp_path / "ElevesAvecAdresses.xml", change)

    pulled = pull(eleves, school["responsables"])
    assert pulled.code == 2 and said in pulled.err, pulled
    assert "Rien n'a été importé" in pulled.err
    assert pull(eleves, "--ine-only").code == 2
    with Ledger(private_ledger) as history:
        assert history.entries() == []

    inspected = run_cli("inspect", eleves)
    assert inspected.code == 1 and said in inspected.out, inspected

    doctor = run_cli("doctor", eleves, school["structures"], "--date", TODAY, "--json")
    lines = [c for s in json.loads(doctor.out)["steps"] for c in s["checkpoints"]]
    coherent = next(c for c in lines if c["rule"] == "EXPORT_COHERENT")
    assert coherent["status"] == "erreur" and said in coherent["reason"], coherent
    assert doctor.code == 1

    board = run_cli(
        "dashboard", eleves, school["structures"], "--date", TODAY, "--sans-historique", "--json"
    )
    data = json.loads(board.out)
    assert board.code == 1 and data["declarable"] is False, data
    assert "export Élèves incohérent" in data["verdict"]

    others = (school["nomenclature"], school["structures"], school["communs"])
    sandbox = run_cli("sandbox", "init", "--base", tmp_path / "bac", *others, eleves)
    assert sandbox.code == 2 and said in sandbox.err, sandbox


def _counts(run_cli: Run, files: list[Path]) -> dict[str, int]:
    board = run_cli("dashboard", *files, "--date", TODAY, "--sans-historique", "--json")
    counts: dict[str, int] = json.loads(board.out)["counts"]
    return counts


@pytest.mark.parametrize("change", [edit.repeat_pupil, edit.repeat_data], ids=["ELEVE", "DONNEES"])
def test_a_repeated_pupil_is_counted_once(
    school: dict[str, Path], tmp_path: Path, run_cli: Run, change: edit.Edit
) -> None:
    """As SIECLE counts: a pupil once, whatever the file repeats (or the file refused)."""
    before = _counts(run_cli, [school["eleves"], school["structures"]])
    eleves = edit.edited(school["eleves"], tmp_path / "ElevesAvecAdresses.xml", change)
    board = run_cli(
        "dashboard", eleves, school["structures"], "--date", TODAY, "--sans-historique", "--json"
    )
    if board.code == 2:  # refused whole by the reading path, as SIECLE would
        return
    data = json.loads(board.out)
    assert data["counts"]["scolarises"] == before["scolarises"]
    assert data["counts"]["sortants"] == before["sortants"]
    assert data["declarable"] is False


def test_records_pointing_to_nobody_are_named_and_counted(
    school: dict[str, Path],
    tmp_path: Path,
    pull: Callable[..., Result],
    run_cli: Run,
    private_ledger: Path,
) -> None:
    eleves = edit.edited(school["eleves"], tmp_path / "ElevesAvecAdresses.xml", edit.orphan_option)
    responsables = edit.edited(
        school["responsables"], tmp_path / "ResponsablesAvecAdresses.xml", edit.orphan_link
    )
    result = pull(eleves, responsables)
    assert result.code == 0, result
    assert "<OPTION ELEVE_ID=9999999>" in result.out and "élève absent" in result.out
    assert "lien ELEVE_ID=9999999" in result.out and "absent de l'export Élèves" in result.out
    taken = read_exports(eleves, responsables)
    kept = school_counts(taken.school)
    assert taken.left_out["liens"] == 1 and taken.left_out["options"] >= 1
    for kind in ("eleves", "personnes", "liens", "options", "bourses"):
        assert taken.read[kind] == kept[kind] + taken.left_out[kind], kind
    with Ledger(private_ledger) as history:
        (entry,) = history.entries()
    assert entry.eleves == PUPILS and entry.responsables == kept["personnes"]
    inspected = run_cli("inspect", eleves)
    assert inspected.code == 0 and "Note           : <OPTION ELEVE_ID=9999999>" in inspected.out


def test_a_pupil_without_mef_keeps_his_division(school: dict[str, Path], tmp_path: Path) -> None:
    ids: list[str] = []
    eleves = edit.edited(
        school["eleves"],
        tmp_path / "ElevesAvecAdresses.xml",
        lambda r: ids.append(edit.without_mef(r)),
    )
    before = read_exports(school["eleves"], school["responsables"])
    taken = read_exports(eleves, school["responsables"])
    (pupil,) = [p for p in taken.school.pupils if p.eleve_id == ids[0]]
    (was,) = [p for p in before.school.pupils if p.eleve_id == ids[0]]
    assert was.scolarite_active is not None and pupil.scolarite_active is not None
    assert pupil.scolarite_active.code_division == was.scolarite_active.code_division
    assert pupil.scolarite_active.options == was.scolarite_active.options
    assert pupil.scolarite_active.code_mef == ""
    assert any(ids[0] in note and "sans MEF" in note for note in taken.notes)


def test_read_exports_refuses_by_name(school: dict[str, Path], tmp_path: Path) -> None:
    eleves = edit.edited(school["eleves"], tmp_path / "e.xml", edit.share_ine, edit.repeat_name)
    with pytest.raises(UnusableInput) as caught:
        read_exports(eleves, school["responsables"])
    assert "2 incohérence(s)" in caught.value.message
