"""The sandbox names the files of a deposit as the user knows them, never its work folder."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from siecle_sdk.exchange.packaging import deposit_name
from siecle_sdk.tools.synthetic import SyntheticSchool

from .conftest import Result

Run = Callable[..., Result]


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> tuple[SyntheticSchool, dict[str, Path]]:
    source = SyntheticSchool(pupils=20, seed=17)
    folder = tmp_path_factory.mktemp("exports")
    exports = source.write_exports(folder)
    exports["import"] = source.write_import(folder)
    return source, exports


def _deposit(folder: Path, uai: str, year: str, xml: bytes) -> Path:
    import datetime as dt

    base = deposit_name(uai, year, dt.datetime(2019, 9, 5, 14, 30, 12))
    path = folder / f"{base}.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{base}.xml", xml)
    return path


@pytest.mark.parametrize("damage", ["not-xml", "truncated"])
def test_deposit_errors_name_no_internal_path(
    run_cli: Run,
    tmp_path: Path,
    school: tuple[SyntheticSchool, dict[str, Path]],
    damage: str,
) -> None:
    source, exports = school
    base = tmp_path / "bac"
    created = run_cli(
        "sandbox",
        "init",
        "--base",
        base,
        exports["nomenclature"],
        exports["structures"],
        exports["communs"],
    )
    assert created.code == 0, created
    whole = exports["import"].read_bytes()
    xml = b"<IMPORT_ELEVES><PARAMETRES>" if damage == "not-xml" else whole[: len(whole) // 2]
    deposit = _deposit(tmp_path, source.uai, str(source.year), xml)
    result = run_cli("sandbox", "deposit", "--base", base, deposit)
    assert result.code == 2, result
    text = result.out + result.err
    assert ".travail" not in text and "depot.xml" not in text and str(base) not in text, text
    if damage == "not-xml":
        assert f"{deposit.stem}.xml" in text, text
