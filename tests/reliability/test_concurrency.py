"""Concurrent commands on one exchange history: distinct send numbers, every exchange recorded.

Real ``siecle`` subprocesses share one ledger (``--ledger``): eight ``push`` at once must produce
eight zips numbered 1 to 8 (``PARAMETRES/NUM_ENVOI``) and eight history lines.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from siecle_sdk.exchange.ledger import Ledger
from siecle_sdk.io.reader import open_document

from .conftest import installed_adapters, run_siecle, siecle_command, siecle_env

PUPILS = 150
ADAPTER = next((a for a in ("vendor_b", "vendor_a") if a in installed_adapters()), None)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(ADAPTER is None, reason="no reference adapter installed"),
]

_WRITE_SCHOOL = """
import sys
from pathlib import Path
from siecle_sdk.plugin.manager import get_manager
from siecle_sdk.testing import synthetic_school
school = synthetic_school(pupils=int(sys.argv[3]), seed=6)
get_manager().adapter(sys.argv[1]).write_school(Path(sys.argv[2]), school)
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The vendor's data of a small valid school."""
    assert ADAPTER is not None
    base = tmp_path_factory.mktemp("concurrence")
    path = base / ("base.sqlite" if ADAPTER == "vendor_b" else "donnees")
    done = subprocess.run(
        [sys.executable, "-c", _WRITE_SCHOOL, ADAPTER, str(path), str(PUPILS)],
        env=siecle_env(base / "historique.sqlite", ADAPTER),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return path


def start(args: list[str | Path], ledger: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        siecle_command(*args),
        env=siecle_env(ledger, ADAPTER),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> None:
    _, err = process.communicate(timeout=600)
    assert process.returncode in (0, 1), err


def send_number(out: Path) -> str:
    (deposit,) = out.glob("*.zip")
    with open_document(deposit) as doc:
        return doc.parameters["NUM_ENVOI"]


def test_eight_pushes_at_once(source: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "partage" / "historique.sqlite"
    outs = [tmp_path / f"envoi-{i}" for i in range(8)]
    assert ADAPTER is not None
    processes = [
        start(["push", ADAPTER, "--from", source, "--out", out, "--ledger", ledger], ledger)
        for out in outs
    ]
    for process in processes:
        finish(process)
    assert sorted(int(send_number(out)) for out in outs) == list(range(1, 9))
    with Ledger(ledger) as history:
        entries = history.entries()
    assert len(entries) == 8
    assert sorted(e.send_number or 0 for e in entries) == list(range(1, 9))
    assert {e.command for e in entries} == {"push"}
    assert all(e.eleves == PUPILS for e in entries)
    listed = run_siecle("history", "--json", "--ledger", ledger, env=siecle_env(ledger))
    assert len(json.loads(listed.stdout)["entries"]) == 8


def test_pushes_and_checks_at_once(source: Path, tmp_path: Path) -> None:
    """Pushes reserve numbers while checks record their results: nothing lost, no gap."""
    assert ADAPTER is not None
    ledger = tmp_path / "historique.sqlite"
    first = tmp_path / "premier"
    finish(start(["push", ADAPTER, "--from", source, "--out", first], ledger))
    (deposit,) = first.glob("*.zip")
    outs = [tmp_path / f"envoi-{i}" for i in range(4)]
    processes = [start(["push", ADAPTER, "--from", source, "--out", out], ledger) for out in outs]
    processes += [start(["check", deposit], ledger) for _ in range(4)]
    for process in processes:
        finish(process)
    assert sorted(int(send_number(out)) for out in outs) == [2, 3, 4, 5]
    with Ledger(ledger) as history:
        entries = history.entries()
    assert sorted(e.command for e in entries) == ["check"] * 4 + ["push"] * 5
    assert all(e.eleves == PUPILS for e in entries)
