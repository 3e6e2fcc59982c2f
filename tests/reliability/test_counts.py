"""No record lost: every pipeline counts what it read and what it wrote, and stops when they differ.

``fault_counts`` (see ``fault_plugins/``) is an adapter whose counts disagree with its data.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from siecle_sdk.exchange.ledger import Ledger
from siecle_sdk.plugin import manager as plugins
from siecle_sdk.tools.synthetic import SyntheticSchool

from ..conftest import Result

Enable = Callable[..., plugins.PluginManager]


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Exports and import file of a small school."""
    source = SyntheticSchool(pupils=12, seed=9)
    folder = tmp_path_factory.mktemp("school")
    files = source.write_exports(folder)
    files["import"] = source.write_import(folder)
    return files


def entries(ledger: Path) -> list[dict[str, object]]:
    with Ledger(ledger) as history:
        return [entry.to_json() for entry in history.entries()]


def inspected(run_cli: Callable[..., Result], path: Path) -> dict[str, object]:
    result = run_cli("inspect", "--json", path)
    assert result.code == 0, result
    data: dict[str, object] = json.loads(result.out)
    return data


# --- pull -----------------------------------------------------------------------------------


def test_pull_stops_when_the_adapter_writes_fewer(
    fault_plugins: Enable,
    run_cli: Callable[..., Result],
    school: dict[str, Path],
    tmp_path: Path,
    private_ledger: Path,
) -> None:
    fault_plugins("fault_counts")
    files = (school["eleves"], school["responsables"])
    result = run_cli("pull", "fault_counts", *files, "--into", tmp_path / "data")
    assert result.code == 2, result
    assert "fault_counts" in result.err
    assert "12 eleves lus" in result.err and "en déclare 11" in result.err
    assert entries(private_ledger) == []


def test_ine_return_stops_when_the_adapter_handles_fewer(
    fault_plugins: Enable,
    run_cli: Callable[..., Result],
    school: dict[str, Path],
    tmp_path: Path,
    private_ledger: Path,
) -> None:
    fault_plugins("fault_counts")
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(school["eleves"], data / "ElevesAvecAdresses.xml")
    result = run_cli("pull", "fault_counts", school["eleves"], "--into", data, "--ine-only")
    assert result.code == 2, result
    assert "12 élèves rapprochés" in result.err and "nombre différent" in result.err
    assert entries(private_ledger) == []


def test_pull_history_carries_the_counts(
    fault_plugins: Enable,
    run_cli: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    school: dict[str, Path],
    tmp_path: Path,
    private_ledger: Path,
) -> None:
    fault_plugins("fault_types")
    monkeypatch.setenv("SIECLE_FAULT_MODE", "ok")
    files = (school["eleves"], school["responsables"])
    result = run_cli("pull", "fault_types", *files, "--into", tmp_path / "data")
    assert result.code == 0, result
    counts = inspected(run_cli, school["responsables"])["counts"]
    assert isinstance(counts, dict)
    (entry,) = entries(private_ledger)
    assert entry["command"] == "pull"
    assert entry["eleves"] == 12
    assert entry["responsables"] == counts["responsables"]


# --- push -----------------------------------------------------------------------------------


def test_push_stops_when_fewer_persons_are_written_than_read(
    fault_plugins: Enable,
    run_cli: Callable[..., Result],
    tmp_path: Path,
    private_ledger: Path,
) -> None:
    fault_plugins("fault_counts")
    source, out = tmp_path / "logiciel", tmp_path / "envoi"
    source.mkdir()
    result = run_cli("push", "fault_counts", "--from", source, "--out", out)
    assert result.code == 2, result
    assert "Lus dans le logiciel" in result.err and "Aucun fichier" in result.err
    assert list(out.iterdir()) == []
    (entry,) = entries(private_ledger)
    assert entry["status"] == "refusé" and entry["send_number"] == 1
    assert "personnes" in str(entry["detail"])


def test_push_history_carries_the_counts(
    fault_plugins: Enable,
    run_cli: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    private_ledger: Path,
) -> None:
    fault_plugins("fault_types")
    monkeypatch.setenv("SIECLE_FAULT_MODE", "ok")
    source, out = tmp_path / "logiciel", tmp_path / "envoi"
    source.mkdir()
    result = run_cli("push", "fault_types", "--from", source, "--out", out)
    assert result.code in (0, 1), result
    (deposit,) = out.glob("*.zip")
    counts = inspected(run_cli, deposit)["counts"]
    (entry,) = entries(private_ledger)
    assert entry["command"] == "push" and entry["send_number"] == 1
    assert isinstance(counts, dict)
    assert entry["eleves"] == counts["eleves"] == 8
    assert entry["responsables"] == counts["responsables"]


# --- check ----------------------------------------------------------------------------------


def test_check_json_and_history_carry_the_counts(
    run_cli: Callable[..., Result], school: dict[str, Path], private_ledger: Path
) -> None:
    result = run_cli("check", school["import"], "--format", "json")
    assert result.code in (0, 1), result
    report = json.loads(result.out)
    described = inspected(run_cli, school["import"])
    counts = described["counts"]
    assert isinstance(counts, dict)
    assert report["counts"]["eleves"] == counts["eleves"] == 12
    assert report["counts"]["responsables"] == counts["responsables"]
    (entry,) = entries(private_ledger)
    assert entry["command"] == "check"
    assert (entry["eleves"], entry["responsables"]) == (12, counts["responsables"])
    listed = json.loads(run_cli("history", "--json").out)["entries"]
    assert (listed[0]["eleves"], listed[0]["responsables"]) == (12, counts["responsables"])


# --- convert --------------------------------------------------------------------------------


@pytest.fixture
def as_json(run_cli: Callable[..., Result], school: dict[str, Path], tmp_path: Path) -> Path:
    """The Responsables export converted to JSON (one record per line)."""
    path = tmp_path / "responsables.json"
    result = run_cli("convert", school["responsables"], path)
    assert result.code == 0, result
    return path


def record_lines(path: Path) -> list[int]:
    """Indexes of the lines of ``path`` holding one record."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [i for i, line in enumerate(lines) if line.lstrip(",").startswith('{"tag":"PERSONNE"')]


def test_json_counts_are_the_file_counts(
    run_cli: Callable[..., Result], school: dict[str, Path], as_json: Path
) -> None:
    trailer = json.loads("{" + as_json.read_text(encoding="utf-8").splitlines()[-1][2:])
    assert trailer["counts"] == inspected(run_cli, school["responsables"])["blocks"]


def _edited(as_json: Path, change: str) -> Path:
    lines = as_json.read_text(encoding="utf-8").splitlines()
    first, second = record_lines(as_json)[:2]
    if change == "removed":
        del lines[second]
    else:
        lines.insert(second, "," + lines[first].lstrip(","))
    edited = as_json.with_name(f"{change}.json")
    edited.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return edited


@pytest.mark.parametrize("change", ["removed", "added"])
def test_json_with_a_record_removed_or_added_is_refused(
    change: str, run_cli: Callable[..., Result], as_json: Path, tmp_path: Path
) -> None:
    result = run_cli("convert", _edited(as_json, change), tmp_path / "out.xml")
    assert result.code == 2, result
    assert "annonce" in result.err and "PERSONNES" in result.err


def test_json_with_a_record_removed_writes_nothing(
    run_cli: Callable[..., Result], as_json: Path, tmp_path: Path
) -> None:
    fresh, existing = tmp_path / "nouveau.xml", tmp_path / "ancien.xml"
    existing.write_bytes(b"<ancien/>")
    for dest in (fresh, existing):
        assert run_cli("convert", _edited(as_json, "removed"), dest).code == 2
    assert existing.read_bytes() == b"<ancien/>"
    assert not fresh.exists()
