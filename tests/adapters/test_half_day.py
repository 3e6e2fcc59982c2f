"""Two pushes in one half-day: the second warns before writing, the history marks the first
replaced, and the sandbox's night integrates only the second."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from siecle_sdk.plugin.manager import get_manager
from siecle_sdk.tools.synthetic import SyntheticSchool

from ..conftest import Result

ADAPTERS = sorted(p.name for p in get_manager().adapters() if p.status == "ok")
pytestmark = pytest.mark.skipif(not ADAPTERS, reason="no adapter installed")


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return SyntheticSchool(pupils=40, seed=17).write_exports(
        tmp_path_factory.mktemp("exports"), zipped=True
    )


def _push(
    run_cli: Callable[..., Result],
    exports: dict[str, Path],
    source: Path,
    out: Path,
    now: str,
) -> tuple[Result, Path]:
    result = run_cli(
        "push",
        ADAPTERS[0],
        "--from",
        source,
        "--out",
        out,
        "--now",
        now,
        "--nomenclature",
        exports["nomenclature"],
        "--structures",
        exports["structures"],
        "--communs",
        exports["communs"],
        "--eleves",
        exports["eleves"],
    )
    assert result.code in (0, 1), result.err
    (written,) = out.glob("*.zip")
    return result, written


def test_two_pushes_in_one_half_day(
    run_cli: Callable[..., Result], exports: dict[str, Path], tmp_path: Path
) -> None:
    software = tmp_path / "logiciel"
    files = [
        exports[k] for k in ("nomenclature", "structures", "communs", "eleves", "responsables")
    ]
    assert run_cli("pull", ADAPTERS[0], "--into", software, *files).code == 0

    first, first_zip = _push(run_cli, exports, software, tmp_path / "un", "2019-09-05T09:10")
    assert "Attention" not in first.err
    assert "déposé avant midi : sera remplacé par tout nouveau dépôt avant 12h00" in first.out
    assert "intégré cette nuit à 21h45, compte-rendu vers 14h demain" in first.out

    second, second_zip = _push(run_cli, exports, software, tmp_path / "deux", "2019-09-05T11:40")
    assert "l'envoi n° 1" in second.err and "ne sera pas intégré" in second.err

    # an afternoon push does not replace the morning's
    third, _ = _push(run_cli, exports, software, tmp_path / "trois", "2019-09-05T12:00")
    assert "Attention" not in third.err

    table = run_cli("history").out
    assert "remplacé par l'envoi n° 2 : non intégré" in table
    data = json.loads(run_cli("history", "--json").out)["entries"]
    by_number = {e["send_number"]: e for e in data if e["command"] == "push"}
    assert by_number[1]["superseded"] and by_number[1]["superseded_by"] == 2
    assert not by_number[2]["superseded"] and not by_number[3]["superseded"]
    assert by_number[2]["siecle"] == "intégré le 05/09 21h45, compte-rendu vers 06/09 14h00"

    # the same two files deposited in the sandbox at the same times
    base = tmp_path / "bac"
    assert run_cli("sandbox", "init", "--base", base, *files).code == 0
    held = run_cli("sandbox", "deposit", "--base", base, first_zip, "--now", "2019-09-05T09:15")
    assert held.code == 0 and "attend l'intégration de la nuit" in held.out
    held = run_cli("sandbox", "deposit", "--base", base, second_zip, "--now", "2019-09-05T11:45")
    assert held.code == 0
    assert f"le fichier {first_zip.name}" in held.out and "ne sera pas intégré" in held.out
    night = run_cli("sandbox", "night", "--base", base, "--now", "2019-09-05T21:45")
    assert night.code in (0, 1), night.err
    assert f"Fichier {first_zip.with_suffix('.xml').name} non intégré : remplacé" in night.out
    assert night.out.count("élèves lus.") == 1
    assert f"{second_zip.with_suffix('.xml').name} intégré le 05/09/2019" in night.out

    lines = json.loads(run_cli("sandbox", "history", "--base", base, "--json").out)["imports"]
    kinds = [(line["kind"], line["file_name"]) for line in lines]
    assert kinds[0] == ("ine", "Import INE élèves")
    assert ("import", second_zip.with_suffix(".xml").name) in kinds
    replaced = next(line for line in lines if line["kind"] == "remplace")
    assert replaced["file_name"] == first_zip.with_suffix(".xml").name
    assert replaced["replaced_by"] == second_zip.with_suffix(".xml").name
    notice = Path(replaced["report_text"]).read_text(encoding="utf-8")
    assert "Fichier non intégré : remplacé par le fichier" in notice
    assert "seul le dernier fichier déposé est conservé" in notice
    # nothing left waiting
    assert "Aucun fichier en attente" in run_cli("sandbox", "night", "--base", base).out
