"""Broken adapters: an error naming the plugin and the hook (exit 2), the SDK's data untouched.

The fault plugins (``fault_plugins/``) are declared through a temporary ``*.dist-info`` put on
``sys.path``, exactly as an installed distribution would be found.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from siecle_sdk.exchange.ledger import Ledger
from siecle_sdk.plugin import manager as plugins
from siecle_sdk.tools.synthetic import SyntheticSchool

from ..conftest import SAMPLES, Result
from .conftest import fault_pythonpath, run_siecle, siecle_env

Enable = Callable[..., plugins.PluginManager]


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The exports of a small school, for ``pull``."""
    return SyntheticSchool(pupils=10, seed=8).write_exports(tmp_path_factory.mktemp("exports"))


def digest(folder: Path) -> dict[str, str]:
    """Content hash of every file under ``folder``."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def assert_named_failure(result: Result, plugin: str, *words: str) -> None:
    """Exit 2, one French paragraph naming the plugin (and ``words``), no traceback."""
    assert result.code == 2, result
    assert "Traceback" not in result.err and "Erreur inattendue" not in result.err, result.err
    assert result.err.startswith("Erreur : "), result.err
    for word in (plugin, *words):
        assert word in result.err, (word, result.err)


def ledger_entries(ledger: Path) -> list[dict[str, object]]:
    """The history as JSON objects."""
    with Ledger(ledger) as history:
        return [entry.to_json() for entry in history.entries()]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A folder standing for the vendor's data (the fault adapters ignore its content)."""
    folder = tmp_path / "logiciel"
    folder.mkdir()
    return folder


def test_plugins_lists_broken_ones(fault_plugins: Enable, run_cli: Callable[..., Result]) -> None:
    fault_plugins("fault_import", "fault_signature", "fault_raises")
    listing = run_cli("plugins", "--json")
    assert listing.code == 0, listing
    found = {p["name"]: p for p in json.loads(listing.out)["plugins"]}
    assert found["fault_import"]["status"] == "broken"
    assert "pilote_odbc" in found["fault_import"]["error"]
    assert found["fault_signature"]["status"] == "broken"
    assert "password" in found["fault_signature"]["error"]
    assert found["fault_raises"]["status"] == "ok"
    assert found["formats"]["status"] == found["rules"]["status"] == "ok"
    text = run_cli("plugins")
    assert text.code == 0, text
    assert "EN ERREUR" in text.out
    assert "fault_import" in text.err and "pilote_odbc" in text.err
    assert "fault_signature" in text.err and "Traceback" not in text.err


def test_broken_plugins_do_not_break_the_others(
    fault_plugins: Enable, run_cli: Callable[..., Result]
) -> None:
    fault_plugins("fault_import", "fault_signature")
    result = run_cli("inspect", SAMPLES / "nomenclature_simple.xml")
    assert result.code == 0, result


@pytest.mark.parametrize("name", ["fault_import", "fault_signature"])
def test_using_a_broken_adapter(
    name: str, fault_plugins: Enable, run_cli: Callable[..., Result], source: Path, tmp_path: Path
) -> None:
    fault_plugins(name)
    result = run_cli("push", name, "--from", source, "--out", tmp_path / "envoi")
    assert_named_failure(result, name, "inutilisable")
    assert not (tmp_path / "envoi").exists()


def test_raising_read_hook(
    fault_plugins: Enable,
    run_cli: Callable[..., Result],
    source: Path,
    tmp_path: Path,
    private_ledger: Path,
) -> None:
    fault_plugins("fault_raises")
    result = run_cli("push", "fault_raises", "--from", source, "--out", tmp_path / "envoi")
    assert_named_failure(result, "fault_raises", "siecle_read_school", "RuntimeError", "pilote")
    assert not (tmp_path / "envoi").exists()
    assert ledger_entries(private_ledger) == []


@pytest.mark.parametrize(
    ("extra", "hook", "error"),
    [((), "siecle_write_school", "KeyError"), (("--ine-only",), "siecle_write_ine", "Zero")],
)
def test_raising_write_hooks(
    extra: tuple[str, ...],
    hook: str,
    error: str,
    fault_plugins: Enable,
    run_cli: Callable[..., Result],
    exports: dict[str, Path],
    tmp_path: Path,
    private_ledger: Path,
) -> None:
    fault_plugins("fault_raises")
    before = digest(exports["eleves"].parent)
    files = (exports["eleves"], exports["responsables"])
    data = tmp_path / "data"
    if extra:  # the INE return reads the software's data first: give it the same school
        data.mkdir()
        shutil.copy(exports["eleves"], data / "ElevesAvecAdresses.xml")
    result = run_cli("pull", "fault_raises", *files, "--into", data, *extra)
    assert_named_failure(result, "fault_raises", hook, error)
    assert digest(exports["eleves"].parent) == before
    assert ledger_entries(private_ledger) == []


READ_MODES = {
    "dict": ("siecle_read_school", "dict"),
    "uai": ("siecle_read_school", "School.uai", "int"),
    "persons": ("siecle_read_school", "School.persons[", "dict"),
    "lazy-error": ("siecle_read_school", "OSError", "disque débranché"),
    "lazy-type": ("siecle_read_school", "School.pupils[3]", "str"),
    "exit": ("siecle_read_school", "sys.exit"),
    "none": ("siecle_read_school", "None"),
    "vendor": ("siecle_read_school", "élève n° 12", "31/02/2009"),
}


@pytest.mark.parametrize("mode", sorted(READ_MODES))
def test_wrong_results_of_read_school(
    mode: str,
    fault_plugins: Enable,
    run_cli: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    source: Path,
    tmp_path: Path,
    private_ledger: Path,
) -> None:
    fault_plugins("fault_types")
    monkeypatch.setenv("SIECLE_FAULT_MODE", mode)
    out = tmp_path / "envoi"
    result = run_cli("push", "fault_types", "--from", source, "--out", out)
    assert_named_failure(result, "fault_types", *READ_MODES[mode])
    assert not out.exists() or list(out.iterdir()) == []
    # a failure found while the records are read (lazy collections) is recorded as refused
    assert all(entry["status"] == "refusé" for entry in ledger_entries(private_ledger))


WRITE_MODES = {
    "report-str": ("siecle_write_school", "str"),
    "report-counts": ("siecle_write_school", "counts", "dict[str, int]"),
    "report-notes": ("siecle_write_school", "notes", "list[str]"),
}


@pytest.mark.parametrize("mode", sorted(WRITE_MODES))
def test_wrong_results_of_write_school(
    mode: str,
    fault_plugins: Enable,
    run_cli: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    exports: dict[str, Path],
    tmp_path: Path,
    private_ledger: Path,
) -> None:
    fault_plugins("fault_types")
    monkeypatch.setenv("SIECLE_FAULT_MODE", mode)
    files = (exports["eleves"], exports["responsables"])
    result = run_cli("pull", "fault_types", *files, "--into", tmp_path / "data")
    assert_named_failure(result, "fault_types", *WRITE_MODES[mode])
    assert ledger_entries(private_ledger) == []


def test_the_right_mode_works(
    fault_plugins: Enable,
    run_cli: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    exports: dict[str, Path],
    tmp_path: Path,
) -> None:
    """The fault adapter is otherwise a working one: the failures above come from the faults."""
    fault_plugins("fault_types")
    monkeypatch.setenv("SIECLE_FAULT_MODE", "ok")
    files = (exports["eleves"], exports["responsables"])
    result = run_cli("pull", "fault_types", *files, "--into", tmp_path / "data")
    assert result.code == 0, result


def test_raising_format_plugin(fault_plugins: Enable, run_cli: Callable[..., Result]) -> None:
    fault_plugins("fault_formats")
    result = run_cli("inspect", SAMPLES / "nomenclature_simple.xml")
    assert_named_failure(result, "fault_formats", "siecle_formats", "ValueError")


@pytest.fixture
def hangs(fault_plugins: Enable, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The hanging adapter, enabled, with a tiny hook timeout; released at the end."""
    fault_plugins("fault_hangs")
    monkeypatch.setenv("SIECLE_HOOK_TIMEOUT", "0.3")
    siecle_fault_hangs = importlib.import_module("siecle_fault_hangs")
    siecle_fault_hangs.CLEANED.clear()
    siecle_fault_hangs.RELEASE.clear()
    yield siecle_fault_hangs
    siecle_fault_hangs.RELEASE.set()


def test_hanging_read_hook_is_interrupted(
    hangs: ModuleType,
    run_cli: Callable[..., Result],
    source: Path,
    tmp_path: Path,
    private_ledger: Path,
) -> None:
    result = run_cli("push", "fault_hangs", "--from", source, "--out", tmp_path / "envoi")
    assert_named_failure(result, "fault_hangs", "siecle_read_school", "0.3 secondes")
    assert "SIECLE_HOOK_TIMEOUT" in result.err
    assert hangs.CLEANED == ["siecle_read_school"]
    assert not (tmp_path / "envoi").exists()
    assert ledger_entries(private_ledger) == []


def test_hanging_write_hook_cleans_up(
    hangs: ModuleType,
    run_cli: Callable[..., Result],
    exports: dict[str, Path],
    tmp_path: Path,
    private_ledger: Path,
) -> None:
    """The hook is interrupted like a Ctrl-C: its own clean-up (roll-back) runs."""
    target = tmp_path / "data"
    files = (exports["eleves"], exports["responsables"])
    result = run_cli("pull", "fault_hangs", *files, "--into", target)
    assert_named_failure(result, "fault_hangs", "siecle_write_school")
    assert hangs.CLEANED == ["siecle_write_school"]
    assert list(target.iterdir()) == []
    assert ledger_entries(private_ledger) == []


def test_hanging_hook_in_a_real_process(tmp_path: Path, source: Path) -> None:
    env = siecle_env(
        tmp_path / "historique.sqlite",
        "fault_hangs",
        SIECLE_HOOK_TIMEOUT="0.5",
        SIECLE_FAULT_HANG="600",
        PYTHONPATH=fault_pythonpath(tmp_path),
    )
    done = run_siecle("push", "fault_hangs", "--from", source, "--out", tmp_path / "o", env=env)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "fault_hangs" in done.stderr and "siecle_read_school" in done.stderr


@pytest.mark.parametrize(("value", "expected"), [("", 600.0), ("2.5", 2.5), ("0", None)])
def test_hook_timeout_setting(
    value: str, expected: float | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIECLE_HOOK_TIMEOUT", value)
    assert plugins.hook_timeout() == expected


def test_bad_hook_timeout_setting(
    fault_plugins: Enable,
    run_cli: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    source: Path,
    tmp_path: Path,
) -> None:
    fault_plugins("fault_types")
    monkeypatch.setenv("SIECLE_HOOK_TIMEOUT", "dix")
    result = run_cli("push", "fault_types", "--from", source, "--out", tmp_path / "envoi")
    assert result.code == 2, result
    assert "SIECLE_HOOK_TIMEOUT" in result.err and "dix" in result.err


def test_no_timer_left_behind(
    fault_plugins: Enable, monkeypatch: pytest.MonkeyPatch, source: Path
) -> None:
    """After a hook call, no alarm stays armed and the previous SIGALRM handler is back."""
    import signal

    manager = fault_plugins("fault_types")
    monkeypatch.setenv("SIECLE_FAULT_MODE", "ok")
    before = signal.getsignal(signal.SIGALRM)
    manager.adapter("fault_types").read_school(source)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == before


# --- records that skipped validation ---------------------------------------------------------


def test_careless_records_are_all_reported(
    fault_plugins: Enable,
    run_cli: Callable[..., Result],
    source: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Flags stored as "non"/"false", a record made with model_construct without a mandatory
    value, a date and a count as text: every one named in one run, exit 2, no zip."""
    fault_plugins("fault_records")
    monkeypatch.setenv("SIECLE_FAULT_RECORDS", "careless")
    out = tmp_path / "envoi"
    result = run_cli("push", "fault_records", "--from", source, "--out", out)
    assert_named_failure(result, "fault_records", "siecle_read_school", "5 fiche(s)")
    for field, value in (
        ("DOUBLEMENT", "'non' (str)"),
        ("ADHESION_TRANSPORT", "'false' (str)"),
        ("CODE_REGIME", "valeur obligatoire absente"),
        ("DATE_NAISS", "'2009-01-01' (str)"),
        ("ENFANT_A_CHARGE", "'2' (str)"),
    ):
        assert f"{field} : {value}" in result.err, (field, result.err)
    assert result.err.count("élève ID_PRV_ELE=") == 4
    assert result.err.count("personne ID_PRV_PER=") == 1
    assert not out.exists() or not list(out.glob("*.zip"))


def test_careful_records_are_pushed(
    fault_plugins: Enable, run_cli: Callable[..., Result], source: Path, tmp_path: Path
) -> None:
    fault_plugins("fault_records")
    out = tmp_path / "envoi"
    result = run_cli("push", "fault_records", "--from", source, "--out", out)
    assert result.code in (0, 1), result
    assert len(list(out.glob("*.zip"))) == 1
