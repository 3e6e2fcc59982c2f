"""The application layer called as a web page or an HTTP API would call it: plain functions that
take paths and options and return typed results, no click in between."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from siecle_sdk.errors import SiecleError
from siecle_sdk.exchange import import_writer
from siecle_sdk.exchange.check import check, record_check
from siecle_sdk.exchange.history import change_software, history
from siecle_sdk.exchange.pull import PullResult, pull
from siecle_sdk.exchange.push import PushRequest, PushResult, push
from siecle_sdk.rules.deposit import NAME_PATTERN
from siecle_sdk.tools.synthetic import SyntheticSchool

from .test_cycle import installed_adapters

pytestmark = pytest.mark.skipif(not installed_adapters(), reason="no adapter installed")

PUPILS = 60


@pytest.fixture(params=installed_adapters() or ["none"])
def adapter(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return SyntheticSchool(pupils=PUPILS, seed=5).write_exports(
        tmp_path_factory.mktemp("exports"), zipped=True
    )


def _context(exports: dict[str, Path]) -> dict[str, Path | None]:
    return {k: exports[k] for k in ("nomenclature", "structures", "communs", "eleves")}


def test_pull_push_check_and_history_without_the_cli(
    adapter: str,
    exports: dict[str, Path],
    tmp_path: Path,
    private_ledger: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = tmp_path / "donnees"
    pulled = pull(adapter, list(exports.values()), data)
    assert isinstance(pulled, PullResult)
    what, counts = pulled.written[-1]
    assert what == "élèves et responsables"
    assert counts["eleves"] == PUPILS

    def second_validation(*args: Any, **kwargs: Any) -> list[str]:
        raise AssertionError("push validates the written file once, in the check")

    monkeypatch.setattr(import_writer, "validate_import", second_validation)
    pushed = push(PushRequest(adapter, data, tmp_path / "envoi", _context(exports)))
    assert isinstance(pushed, PushResult)
    assert pushed.package.zip_path.is_file()
    assert NAME_PATTERN.match(pushed.package.zip_path.name)
    assert pushed.report.counts["eleves"] == PUPILS
    assert pushed.package.written.eleves == PUPILS
    assert pushed.send_number == 1
    assert pushed.exit_code == (1 if pushed.report.blocking else 0)
    assert list((tmp_path / "envoi").iterdir()) == [pushed.package.zip_path]

    report = check(pushed.package.zip_path, _context(exports))
    assert report.counts == pushed.report.counts
    assert [f.rule for f in report.findings] == [f.rule for f in pushed.report.findings]
    record_check(pushed.package.zip_path, report)

    lines = history(uai=pushed.uai)
    assert lines.path == private_ledger
    assert [e.command for e in lines.entries] == ["check", "push", "pull"]
    assert lines.entries[1].send_number == 1
    assert history(uai="0000000A").entries == []


def test_a_second_push_takes_the_next_send_number(
    adapter: str, exports: dict[str, Path], tmp_path: Path
) -> None:
    data = tmp_path / "donnees"
    pull(adapter, list(exports.values()), data)
    first = push(PushRequest(adapter, data, tmp_path / "un", _context(exports)))
    second = push(PushRequest(adapter, data, tmp_path / "deux", _context(exports)))
    assert (first.send_number, second.send_number) == (1, 2)
    assert first.software == second.software


def test_the_software_name_changes_only_deliberately(tmp_path: Path) -> None:
    with pytest.raises(SiecleError, match="--changer-logiciel"):
        change_software(None, "0750680X", "LOGICIEL")
    with pytest.raises(SiecleError, match="1 à 10"):
        change_software(None, "0750680G", "UN NOM TROP LONG")
    assert change_software(None, "0750680G", "PREMIER") is None
    assert change_software(None, "0750680G", "SECOND") == "PREMIER"
