"""``siecle check`` on several files or a folder: summary, exit status, jobs, reports."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from siecle_sdk.cli.check import (
    Outcome,
    _outcomes,
    check_one,
    render,
    summary_table,
    worst_status,
)
from siecle_sdk.exchange.ledger import Ledger
from siecle_sdk.rules.engine import check_file
from siecle_sdk.tools.synthetic import SyntheticSchool


@pytest.fixture(scope="module")
def imports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two valid import files of two schools, one XSD-invalid, one export, one broken zip."""
    folder = tmp_path_factory.mktemp("imports")
    first = SyntheticSchool(pupils=25, seed=1).write_import(folder)
    second = SyntheticSchool(pupils=30, seed=2).write_import(folder)
    exports = SyntheticSchool(pupils=25, seed=1).write_exports(tmp_path_factory.mktemp("ctx"))
    shutil.copy(exports["structures"], folder / "Structures.xml")
    broken = folder / "casse.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    invalid_dir = tmp_path_factory.mktemp("invalid")
    invalid = invalid_dir / "invalide.xml"
    text = first.read_text(encoding="iso-8859-15")
    text = re.sub(r"<ID_PRV_PER>\d+</ID_PRV_PER>", "<ID_PRV_PER>123456</ID_PRV_PER>", text, count=1)
    invalid.write_text(text, encoding="iso-8859-15")
    return {
        "folder": folder,
        "first": first,
        "second": second,
        "broken": broken,
        "invalid": invalid,
        "nomenclature": exports["nomenclature"],
    }


def _rows(out: str) -> dict[str, list[str]]:
    """Summary lines by file name (columns split on runs of spaces)."""
    rows = {}
    for line in out.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if cells and cells[0].endswith((".xml", ".zip")) and len(cells) == 8:
            rows[cells[0]] = cells
    return rows


def test_one_file_output_is_unchanged(
    imports: dict[str, Path], run_cli: Callable[..., Any]
) -> None:
    result = run_cli("check", imports["first"])
    assert result.code == 0, result.err
    assert result.out == render(check_file(imports["first"], {}), "text")


def test_folder_summary_and_worst_status(
    imports: dict[str, Path], run_cli: Callable[..., Any], private_ledger: Path
) -> None:
    result = run_cli("check", imports["folder"])
    assert result.code == 2, result.err
    rows = _rows(result.out)
    first, second = imports["first"].name, imports["second"].name
    assert set(rows) == {first, second, "casse.zip"}
    assert rows[first][1:5] == ["0595209S", "2019-2020", "25", "0"]
    assert rows[first][-1] == "prêt" and rows[second][3] == "30"
    assert rows["casse.zip"][-1] == "inutilisable"
    assert "casse.zip : L'archive" in result.out
    assert "Ignorés (pas des fichiers d'import) : Structures.xml (Structures)" in result.out
    # the files that could be checked are in the history, the unusable one is not
    entries = Ledger(private_ledger).entries()
    assert sorted(e.file_name for e in entries) == sorted([first, second])


def test_refused_file_gives_status_2(imports: dict[str, Path], run_cli: Callable[..., Any]) -> None:
    """A file SIECLE would refuse whole (here: an id over the XSD's maximum) is status 2, with
    the reason and its line; the other files are still checked."""
    result = run_cli("check", imports["first"], imports["invalid"], imports["second"])
    assert result.code == 2, result.err
    rows = _rows(result.out)
    assert rows["invalide.xml"][-1] == "refusé au dépôt"
    assert rows[imports["first"].name][-1] == rows[imports["second"].name][-1] == "prêt"
    reason = "SIECLE refuserait le dépôt : ligne 13, PERSONNES/PERSONNE/ID_PRV_PER"
    assert f"invalide.xml : {reason}" in result.out
    assert [line.split()[0] for line in result.out.splitlines()[2:5]] == [
        imports["first"].name,
        "invalide.xml",
        imports["second"].name,
    ]


def test_jobs_give_the_same_summary(imports: dict[str, Path], run_cli: Callable[..., Any]) -> None:
    args = ["check", imports["folder"], imports["invalid"], "--format", "json"]
    sequential = run_cli(*args)
    parallel = run_cli(*args, "--jobs", "2")
    assert sequential.code == parallel.code == 2
    assert json.loads(sequential.out) == json.loads(parallel.out)
    data = json.loads(parallel.out)
    assert [Path(f["file"]).name for f in data["files"]] == [
        imports["first"].name,
        imports["second"].name,
        "casse.zip",
        "invalide.xml",
    ]
    assert [f["status"] for f in data["files"]] == [0, 0, 2, 2]


def test_reports_written_per_file(
    imports: dict[str, Path], run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "comptes-rendus"
    result = run_cli(
        "check",
        imports["first"],
        imports["second"],
        "--nomenclature",
        imports["nomenclature"],
        "--format",
        "json",
        "-o",
        out,
    )
    assert result.code == 2  # the second school is not the Nomenclature's: unusable context
    written = sorted(p.name for p in out.iterdir())
    assert written == [imports["first"].with_suffix(".json").name]
    report = json.loads((out / written[0]).read_text(encoding="utf-8"))
    assert report["counts"]["eleves"] == 25
    assert "Nomenclature" in json.loads(result.out)["files"][1]["error"]


def test_empty_folder_is_unusable(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    result = run_cli("check", tmp_path)
    assert result.code == 2
    assert "Aucun fichier d'import" in result.err


# --- the XSD checked in the same pass as the rules ------------------------------------------


def _duplicate(text: str, tag: str, spelling: str = "{}") -> str:
    """``text`` with the second ``tag`` value replaced by the first one (spelt ``spelling``)."""
    values = re.findall(rf"<{tag}>([^<]+)</{tag}>", text)
    return text.replace(
        f"<{tag}>{values[1]}</{tag}>", f"<{tag}>{spelling.format(values[0])}</{tag}>", 1
    )


@pytest.mark.parametrize(
    ("tag", "spelling"),
    [("ID_PRV_ELE", "000{}"), ("ID_PRV_PER", " {} "), ("ID_NATIONAL", "{}")],
)
def test_document_wide_constraints_are_kept(
    imports: dict[str, Path], tmp_path: Path, tag: str, spelling: str
) -> None:
    """Ids and INE unique over the whole file are checked outside libxml2 (in flat memory),
    with the XSD's meaning (``007`` is ``7`` for an integer id): same verdict, same messages."""
    from lxml import etree

    from siecle_sdk.io.schema import schema_for, validation_of

    path = tmp_path / "double.xml"
    text = imports["first"].read_text(encoding="iso-8859-15")
    path.write_text(_duplicate(text, tag, spelling), encoding="iso-8859-15")
    assert not schema_for("3.1").validate(etree.parse(str(path)))
    assert validation_of(path, "3.1").failed
    report = check_file(path, {})
    (message,) = report.deposit_errors
    assert "en double" in message and re.match(r"ligne \d+, ", message), message
    assert report.findings == []
    assert not validation_of(imports["first"], "3.1").failed


def test_lines_beyond_65535_are_reported_as_they_are(tmp_path: Path) -> None:
    """libxml2 keeps at most 65 535 as a node's line: the messages of a large file still give the
    line of what is wrong, in a record or around the records (beyond 65 535, libxml2 finds an
    element's line from the text that follows it: one line off at most)."""
    path = SyntheticSchool(pupils=1500, seed=4).write_import(tmp_path)
    text = path.read_text(encoding="iso-8859-15")
    assert text.count("\n") > 70_000
    last = text.rindex("<ID_PRV_ELE>")
    text = text[:last] + "<INCONNU/>" + text[last:]
    text = text.replace("</ELEVES>", "</ELEVES>\n    <INCONNU/>")
    bad = tmp_path / "grand.xml"
    bad.write_text(text, encoding="iso-8859-15")
    lines = text.split("\n")
    expected = [n for n, line in enumerate(lines, start=1) if "<INCONNU/>" in line]
    report = check_file(bad, {})
    found = [
        int(m.group(1)) for m in map(re.compile(r"ligne (\d+),").match, report.deposit_errors) if m
    ]
    assert expected[0] > 65_535 and len(found) == len(expected), report.deposit_errors
    assert all(0 <= got - want <= 1 for got, want in zip(found, expected, strict=True)), found


def check_or_die(file: Path, *arguments: Any) -> Outcome:
    """:func:`check_one`, except that the worker checking ``casse.zip`` dies."""
    if file.name == "casse.zip":
        os._exit(9)
    return check_one(file, *arguments)


def test_workers_started_by_spawn_give_the_same_outcomes(imports: dict[str, Path]) -> None:
    files = [imports["first"], imports["second"], imports["broken"], imports["invalid"]]
    reports: list[Path | None] = [None] * len(files)
    sequential = dict(_outcomes(files, {}, "text", reports, 1, no_cache=True))
    spawned = dict(_outcomes(files, {}, "text", reports, 2, True, start_method="spawn"))
    # the same outcomes but the time of the history's entries
    assert {i: replace(o, entry=None) for i, o in spawned.items()} == {
        i: replace(o, entry=None) for i, o in sequential.items()
    }
    assert [spawned[i].entry is None for i in range(4)] == [False, False, True, False]
    assert [spawned[i].status for i in range(4)] == [0, 0, 2, 2]


def test_crashed_worker_is_status_3_for_its_file_only(imports: dict[str, Path]) -> None:
    files = [imports["first"], imports["broken"], imports["second"], imports["invalid"]]
    outcomes = dict(
        _outcomes(files, {}, "text", [None] * 4, 2, True, start_method="spawn", worker=check_or_die)
    )
    done = [outcomes[index] for index in range(4)]
    assert [o.file for o in done] == files
    assert [o.status for o in done] == [0, 3, 0, 2]
    assert done[1].verdict == "erreur interne"
    assert done[1].error is not None and "défaut de siecle-sdk" in done[1].error
    assert worst_status(done) == 3
    assert "erreur interne" in summary_table(done)
