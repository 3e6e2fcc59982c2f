"""The INE return through every installed adapter: only to the same pupils of the same school.

``pull --ine-only`` with another school's (or year's) Élèves export exits 2 and changes nothing;
within the school, an INE goes only to the pupil whose identity matches, as SIECLE matches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from siecle_sdk.identifiers import ine_rnie_key
from siecle_sdk.plugin.manager import get_manager
from siecle_sdk.tools.synthetic import SyntheticSchool

from ..conftest import Result
from ..reliability import exports_edit as edit
from .test_cycle import installed_adapters

pytestmark = pytest.mark.skipif(not installed_adapters(), reason="no adapter installed")

Run = Callable[..., Result]


@pytest.fixture(params=installed_adapters() or ["none"])
def adapter(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> SyntheticSchool:
    return SyntheticSchool(pupils=30, seed=41, year=2019)


@pytest.fixture(scope="module")
def exports(ours: SyntheticSchool, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return ours.write_exports(tmp_path_factory.mktemp("notre-ecole"))


def _digest(target: Path) -> dict[str, str]:
    paths = [target] if target.is_file() else sorted(target.rglob("*"))
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in paths
        if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    }


@pytest.fixture
def target(run_cli: Run, adapter: str, exports: dict[str, Path], tmp_path: Path) -> Path:
    """The software's data, taken over from our exports."""
    folder = tmp_path / "logiciel"
    result = run_cli("pull", adapter, "--into", folder, exports["eleves"], exports["responsables"])
    assert result.code == 0, result.err
    return folder


@pytest.mark.parametrize("other", ["etablissement", "annee"])
def test_another_schools_export_changes_nothing(
    run_cli: Run,
    adapter: str,
    ours: SyntheticSchool,
    target: Path,
    tmp_path: Path,
    other: str,
) -> None:
    if other == "etablissement":
        theirs = SyntheticSchool(pupils=30, seed=42, year=2019)
        said = f"les données du logiciel sont celles de l'établissement {ours.uai}"
    else:
        theirs = SyntheticSchool(pupils=30, seed=41, year=2020, uai=ours.uai)
        said = "les données du logiciel de l'année 2019"
    assert (theirs.uai, theirs.year) != (ours.uai, ours.year)
    export = theirs.write_exports(tmp_path / "autre")["eleves"]
    before = _digest(target)
    result = run_cli("pull", adapter, "--into", target, "--ine-only", export)
    assert result.code == 2, result
    assert said in result.err and "aucun INE n'a été reporté" in result.err
    assert _digest(target) == before


def _new_ine(seed: int) -> str:
    digits = f"{900_000_000 + seed:09d}"
    return digits + ine_rnie_key(digits)


def test_an_ine_goes_only_to_the_same_pupil(
    run_cli: Run, adapter: str, exports: dict[str, Path], target: Path, tmp_path: Path
) -> None:
    """One pupil gets a new INE; another, whose first name differs in the export although his
    private id is the same, gets none and is named."""
    chosen: dict[str, str] = {}

    def change(root: etree._Element) -> None:
        with_ine = [p for p in edit.pupils(root) if p.find("ID_NATIONAL") is not None]
        for pupil, name in zip(with_ine[:2], ("ok", "autre"), strict=True):
            ine = _new_ine(len(chosen) + 1)
            for tag in ("ID_NATIONAL", "INE_RNIE", "INE_BEA"):
                element = pupil.find(tag)
                if element is not None:
                    element.text = ine
            chosen[name] = str(pupil.findtext("ID_PRV_ELE"))
            chosen[f"{name}-ine"] = ine
        first = with_ine[1].find("PRENOM")
        assert first is not None
        first.text = "Quelquun-Dautre"

    export = edit.edited(exports["eleves"], tmp_path / "ElevesAvecAdresses.xml", change)
    plug = get_manager().adapter(adapter)
    before = {p.id_prv_ele: p for p in plug.read_school(target).pupils}
    result = run_cli("pull", adapter, "--into", target, "--ine-only", export)
    assert result.code == 1, result
    assert "1 élève(s) mis à jour" in result.out and "1 écarté(s)" in result.out
    assert "Quelquun-Dautre" in result.out and "INE non reporté" in result.out
    after = {p.id_prv_ele: p for p in plug.read_school(target).pupils}
    assert after[chosen["ok"]].id_national == chosen["ok-ine"]
    assert after[chosen["autre"]] == before[chosen["autre"]]
    unchanged = set(after) - {chosen["ok"]}
    assert all(after[key] == before[key] for key in unchanged)


def test_an_export_giving_one_ine_to_two_pupils_changes_nothing(
    run_cli: Run, adapter: str, exports: dict[str, Path], target: Path, tmp_path: Path
) -> None:
    export = edit.edited(exports["eleves"], tmp_path / "ElevesAvecAdresses.xml", edit.share_ine)
    before = _digest(target)
    result = run_cli("pull", adapter, "--into", target, "--ine-only", export)
    assert result.code == 2 and "donné à 2 élèves" in result.err, result
    assert _digest(target) == before
    again = run_cli("pull", adapter, "--into", target, export, exports["responsables"])
    assert again.code == 2 and "donné à 2 élèves" in again.err, again
    assert _digest(target) == before
