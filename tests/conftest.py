"""Shared fixtures: the sample files, an in-process runner for the ``siecle`` command, a private
ledger and a stopped clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from siecle_sdk.cli.main import main

from . import skip_policy

#: real and anonymised SIECLE files (MIT, see LICENSE-dossiersco.txt beside them)
SAMPLES = Path(__file__).parent / "data" / "siecle-samples"
MALFORMED = "eleves_avec_adresse_simple.xml"


def sample_files() -> list[Path]:
    """Every well-formed sample file shipped with the reference data."""
    return sorted(p for p in SAMPLES.glob("*.xml") if p.name != MALFORMED)


def pytest_configure(config: pytest.Config) -> None:
    """Install the skip policy for the whole run (a conftest's own hooks see only the tests
    below it; a run that includes ``tests`` holds ``plugins/*/tests`` to the policy too)."""
    if not config.pluginmanager.is_registered(skip_policy):
        config.pluginmanager.register(skip_policy, "siecle-skip-policy")


@dataclass
class Result:
    """Outcome of one ``siecle`` run."""

    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``siecle ARGS...`` in-process; returns exit status, stdout and stderr."""

    def run(*args: str | Path) -> Result:
        capsys.readouterr()
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0) if not isinstance(exc.code, str) else 2
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture(autouse=True)
def private_ledger(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test records its exchanges in a ledger of its own, never the user's."""
    path = tmp_path_factory.mktemp("ledger") / "historique.sqlite"
    monkeypatch.setenv("SIECLE_LEDGER", str(path))
    return path


@pytest.fixture(autouse=True)
def default_academie(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test runs on Créteil's calendar, never on the user's own settings file."""
    monkeypatch.setenv("SIECLE_ACADEMIE", "creteil")


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test keeps the context exports it reads in a cache of its own, never the user's;
    the parts kept in memory by an earlier test are forgotten."""
    from siecle_sdk.rules.context_cache import ENV_VAR, MEMORY

    path = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv(ENV_VAR, str(path))
    MEMORY.clear()
    return path


@pytest.fixture(scope="session")
def samples() -> Path:
    """Folder of the reference samples; the suite needs them."""
    if not SAMPLES.is_dir():
        pytest.fail(f"reference samples not found at {SAMPLES}")
    return SAMPLES


@pytest.fixture
def stopped_clock(monkeypatch: pytest.MonkeyPatch) -> list[dt.datetime]:
    """The exchange history's clock stands still (5 Sept. 2019, 12:30:12.25 UTC); each wait
    for the next second moves it on by one second. Nothing then depends on the real clock."""
    from siecle_sdk.exchange import ledger

    now = [dt.datetime(2019, 9, 5, 12, 30, 12, 250_000, tzinfo=dt.UTC)]
    monkeypatch.setattr(ledger, "_utc_now", lambda: now[0])

    def sleep(seconds: float) -> None:
        now[0] += dt.timedelta(seconds=1)

    monkeypatch.setattr(ledger.time, "sleep", sleep)
    return now
