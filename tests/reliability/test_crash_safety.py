"""Crash safety: ``siecle pull``, ``push``, ``convert`` and ``fake`` killed (SIGKILL) at random
points leave every file either as it was or complete, never half-written under its final name.

Each command runs as a real subprocess (``python -m siecle_sdk``) on a synthetic school of
:data:`PUPILS` pupils and is killed after a seeded random delay spread over its whole run (the
delays are drawn from the duration of one complete run; nothing here asserts a duration).
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from siecle_sdk.exchange.ledger import Ledger
from siecle_sdk.io.reader import open_document
from siecle_sdk.io.schema import validate_source
from siecle_sdk.rules.deposit import NAME_PATTERN
from siecle_sdk.tools.synthetic import SyntheticSchool

from .conftest import installed_adapters, siecle_command, siecle_env

PUPILS = 1000
#: kills per command and adapter spread over the run, and kills near its end
KILLS = 4
LATE_KILLS = 2
REPORT = "compte-rendu.html"

pytestmark = pytest.mark.slow


@dataclass
class Exports:
    """The exports of a school (``first``), then of the same school with 100 more pupils."""

    first: dict[str, Path]
    second: dict[str, Path]


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Exports:
    base = tmp_path_factory.mktemp("crash-exports")
    first = SyntheticSchool(pupils=PUPILS, seed=31)
    second = SyntheticSchool(pupils=PUPILS + 100, seed=31)
    return Exports(first.write_exports(base / "avant"), second.write_exports(base / "apres"))


def kill_after(command: list[str], env: dict[str, str], delay: float) -> int | None:
    """Run ``command``, SIGKILL it after ``delay`` seconds; its exit status if it ended first."""
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        return process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return None


def timed_run(command: list[str], env: dict[str, str], watch: Path | None = None) -> Timing:
    """Run ``command`` to its end (it must succeed): how long it took and, with ``watch``, when
    that path appeared (the start of the writing phase), to aim the kills."""
    start = time.monotonic()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    appeared = None
    while process.poll() is None:
        if watch is not None and appeared is None and watch.exists():
            appeared = time.monotonic() - start
        time.sleep(0.01)
    _, err = process.communicate()
    assert process.returncode in (0, 1), err
    duration = time.monotonic() - start
    return Timing(duration, appeared if appeared is not None else 0.0)


@dataclass(frozen=True)
class Timing:
    """A complete run: its duration and when it started writing (seconds from its start)."""

    duration: float
    writing: float = 0.0

    def delays(self, seed: str) -> list[float]:
        """One random delay in each of :data:`KILLS` equal slices of the writing phase, then
        :data:`LATE_KILLS` in its last sixth, where the files are moved into place."""
        rng = random.Random(seed)
        span = self.duration - self.writing
        spread = [self.writing + span * (i + rng.random()) / KILLS for i in range(KILLS)]
        late = [self.duration * rng.uniform(0.85, 1.02) for _ in range(LATE_KILLS)]
        return spread + late


# --- vendor data: snapshots -----------------------------------------------------------------


def snapshot(adapter: str, target: Path) -> dict[str, object]:
    """What the vendor data holds: CSV bytes per file (vendor_a), rows per table (vendor_b)."""
    if adapter == "vendor_a":
        return {p.name: p.read_bytes() for p in sorted(target.glob("*.csv"))}
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        state: dict[str, object] = {
            table: conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            for table in tables
        }
    conn.close()
    return state


def copy_data(adapter: str, source: Path, target: Path) -> None:
    if adapter == "vendor_a":
        shutil.copytree(source, target)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def assert_csv_parses(name: str, data: bytes) -> None:
    rows = list(csv.reader(io.StringIO(data.decode("cp1252"), newline=""), delimiter=";"))
    assert rows and all(len(row) == len(rows[0]) for row in rows), name


#: vendor_a: the files of each write of ``pull``, one transaction each, in the order of the writes
VENDOR_A_WRITES = {
    "nomenclature": (
        "mefs.csv",
        "matieres.csv",
        "programmes.csv",
        "options_obligatoires.csv",
        "codes.csv",
    ),
    "structures": ("classes.csv",),
    "school": (
        "etablissement.csv",
        "eleves.csv",
        "personnes.csv",
        "liens.csv",
        "options.csv",
        "bourses.csv",
    ),
}


def open_vendor_a(target: Path) -> None:
    """Open the folder as the next command would (finishing or dropping an interrupted write)."""
    from siecle_sdk.plugin.manager import PluginManager

    school = PluginManager().adapter("vendor_a").read_school(target)
    list(school.pupils)


def assert_old_or_new(
    adapter: str, target: Path, old: dict[str, object], new: dict[str, object]
) -> str:
    """The vendor data is the old or the new one; returns which.

    vendor_a: once the folder is opened again, the files of each write (one transaction) are all
    old or all new, and an earlier write is never older than a later one; ``pull`` makes three
    writes, so a kill between two of them leaves the first ones new (returned as ``between``)."""
    if adapter == "vendor_a":
        return assert_vendor_a_old_or_new(target, old, new)
    now = snapshot(adapter, target)
    if adapter == "vendor_b":
        assert now in (old, new), "the database is neither the old nor the new one"
        leftovers = {p.name for p in target.parent.iterdir()} - {
            target.name,
            f"{target.name}-wal",
            f"{target.name}-shm",
            f"{target.name}-journal",
        }
        assert leftovers == set(), leftovers
        return "new" if now == new else "old"
    raise AssertionError(adapter)


def assert_vendor_a_old_or_new(target: Path, old: dict[str, object], new: dict[str, object]) -> str:
    for path in target.iterdir():
        name = path.name
        assert (
            name.endswith((".csv", ".csv.nouveau"))
            or name in (".verrou", ".transaction.json")
            or (name.startswith(".") and name.endswith(".part"))
        ), name
    journal = (target / ".transaction.json").exists()
    open_vendor_a(target)
    assert {p.name for p in target.iterdir()} - {".verrou"} == set(old), "leftovers"
    now = snapshot("vendor_a", target)
    for name, data in now.items():
        assert isinstance(data, bytes)
        assert_csv_parses(name, data)
    assert set(now) == set(old) | set(new)
    states = []
    for write, names in VENDOR_A_WRITES.items():
        files = {name: now.get(name) for name in names}
        was = {name: old.get(name) for name in names}
        will = {name: new.get(name) for name in names}
        assert files in (was, will), f"{write}: neither entirely old nor entirely new"
        if was != will:
            states.append((write, "new" if files == will else "old"))
    order = [state for _, state in states]
    assert order == sorted(order, key=["new", "old"].index), f"writes out of order: {states}"
    state = "new" if now == new else "old" if now == old else "between"
    if state == "between":
        state += " (" + ", ".join(f"{write} {s}" for write, s in states) + ")"
    return state + (" (journal)" if journal else "")


# --- pull -----------------------------------------------------------------------------------


def pull_files(adapter: str, exports: dict[str, Path]) -> list[Path]:
    """vendor_b: one transaction (pupils and persons); vendor_a: every export."""
    if adapter == "vendor_b":
        return [exports["eleves"], exports["responsables"], exports["communs"]]
    return list(exports.values())


def data_path(adapter: str, folder: Path) -> Path:
    return folder / ("donnees" if adapter == "vendor_a" else "base.sqlite")


@dataclass
class VendorStates:
    """The vendor data before (``old``) and after (``new``) the pull of the second exports."""

    old_path: Path
    old: dict[str, object]
    new: dict[str, object]
    pull: Timing


@pytest.fixture(scope="module", params=["vendor_a", "vendor_b"])
def states(
    request: pytest.FixtureRequest, exports: Exports, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, VendorStates]:
    adapter: str = request.param
    if adapter not in installed_adapters():
        pytest.skip(f"adapter {adapter} not installed")
    base = tmp_path_factory.mktemp(f"crash-{adapter}")
    env = siecle_env(base / "historique.sqlite", adapter)
    old_path = data_path(adapter, base / "ancien")
    old_path.parent.mkdir(parents=True, exist_ok=True)
    files = list(exports.first.values())
    timed_run(siecle_command("pull", adapter, *files, "--into", old_path), env)
    reference = data_path(adapter, base / "reference")
    copy_data(adapter, old_path, reference)
    second = pull_files(adapter, exports.second)
    timing = timed_run(siecle_command("pull", adapter, *second, "--into", reference), env)
    old, new = snapshot(adapter, old_path), snapshot(adapter, reference)
    assert old != new
    return adapter, VendorStates(old_path, old, new, timing)


def test_killed_pull_leaves_old_or_new_data(
    states: tuple[str, VendorStates], exports: Exports, tmp_path: Path
) -> None:
    adapter, vendor = states
    ledger = tmp_path / "historique.sqlite"
    env = siecle_env(ledger, adapter)
    files = pull_files(adapter, exports.second)
    seen = []
    for number, delay in enumerate(vendor.pull.delays(f"pull-{adapter}")):
        target = data_path(adapter, tmp_path / f"essai-{number}")
        copy_data(adapter, vendor.old_path, target)
        status = kill_after(siecle_command("pull", adapter, *files, "--into", target), env, delay)
        state = assert_old_or_new(adapter, target, vendor.old, vendor.new)
        if status is not None:
            assert status == 0 and state.startswith("new")
        seen.append(state)
        with Ledger(ledger) as history:
            pulls = [e for e in history.entries() if e.command == "pull"]
        assert len(pulls) <= number + 1
    print(f"{adapter} pull, state after each kill: {seen}")


# --- push -----------------------------------------------------------------------------------


def assert_output_complete(out: Path) -> str:
    """No zip, or one complete and valid zip; the report absent or complete; temporary files
    only under temporary (dot) names. Returns what was found."""
    if not out.exists():
        return "nothing"
    finals = [p for p in out.iterdir() if not p.name.startswith(".")]
    zips = [p for p in finals if p.suffix == ".zip"]
    assert {p.name for p in finals} - {p.name for p in zips} <= {REPORT}, finals
    assert len(zips) <= 1, zips
    if (out / REPORT).exists():
        assert (out / REPORT).read_text(encoding="utf-8").rstrip().endswith("</html>")
    if not zips:
        return "report" if finals else "nothing"
    (deposit,) = zips
    assert NAME_PATTERN.match(deposit.name)
    with zipfile.ZipFile(deposit) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == [deposit.with_suffix(".xml").name]
    assert validate_source(deposit) == []
    return "zip"


_WRITE_SCHOOL = """
import sys
from pathlib import Path
from siecle_sdk.plugin.manager import get_manager
from siecle_sdk.testing import synthetic_school
school = synthetic_school(pupils=int(sys.argv[3]), seed=5)
get_manager().adapter(sys.argv[1]).write_school(Path(sys.argv[2]), school)
"""


@dataclass
class PushSource:
    """Vendor data built from a valid school (``siecle_sdk.testing.synthetic_school``)."""

    path: Path
    state: dict[str, object]
    timing: Timing


@pytest.fixture(scope="module")
def push_source(
    states: tuple[str, VendorStates], tmp_path_factory: pytest.TempPathFactory
) -> PushSource:
    adapter = states[0]
    base = tmp_path_factory.mktemp(f"push-{adapter}")
    env = siecle_env(base / "historique.sqlite", adapter)
    source = data_path(adapter, base / "logiciel")
    source.parent.mkdir(parents=True, exist_ok=True)
    written = subprocess.run(
        [sys.executable, "-c", _WRITE_SCHOOL, adapter, str(source), str(PUPILS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert written.returncode == 0, written.stderr
    out = base / "envoi"
    command = siecle_command(
        "push", adapter, "--from", source, "--out", out, "--report", out / REPORT
    )
    timing = timed_run(command, env, watch=out)
    assert assert_output_complete(out) == "zip"
    return PushSource(source, snapshot(adapter, source), timing)


def test_killed_push_leaves_no_partial_zip(
    states: tuple[str, VendorStates], push_source: PushSource, tmp_path: Path
) -> None:
    adapter = states[0]
    ledger = tmp_path / "historique.sqlite"
    env = siecle_env(ledger, adapter)
    seen = []
    for number, delay in enumerate(push_source.timing.delays(f"push-{adapter}")):
        out = tmp_path / f"envoi-{number}"
        command = siecle_command(
            "push", adapter, "--from", push_source.path, "--out", out, "--report", out / REPORT
        )
        status = kill_after(command, env, delay)
        found = assert_output_complete(out)
        if status is not None:
            assert status in (0, 1) and found == "zip"
        seen.append(found)
        assert snapshot(adapter, push_source.path) == push_source.state
        with Ledger(ledger) as history:
            assert len(history.entries()) <= number + 1
    print(f"{adapter} push, output after each kill: {seen}")


# --- files written by the SDK alone -----------------------------------------------------------


def _valid_export(path: Path) -> None:
    with open_document(path) as doc:
        doc.drain()


@pytest.mark.parametrize("command", ["fake", "convert"])
def test_killed_writers_leave_complete_files(
    command: str, exports: Exports, tmp_path: Path
) -> None:
    env = siecle_env(tmp_path / "historique.sqlite")
    out = tmp_path / "sortie"
    source = exports.first["eleves"]
    make: Callable[[int], list[str]]
    if command == "fake":

        def make(number: int) -> list[str]:
            return siecle_command(
                "fake", "--pupils", str(PUPILS), "--zip", "--out", out / str(number)
            )

    else:

        def make(number: int) -> list[str]:
            return siecle_command("convert", source, out / f"{number}.json")

    out.mkdir()
    timing = timed_run(make(KILLS), env)
    for number, delay in enumerate(timing.delays(command)):
        kill_after(make(number), env, delay)
    for path in out.rglob("*"):
        if path.is_dir() or path.name.startswith("."):
            continue
        if path.suffix == ".json":
            lines = path.read_text(encoding="utf-8").split("\n")
            trailer = json.loads("{" + lines[-2][2:])
            assert trailer["counts"]["ELEVES"] == PUPILS
        else:
            _valid_export(path)
