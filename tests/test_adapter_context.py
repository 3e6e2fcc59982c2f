"""The school's context handed to adapters: lookups, school-year dates, the optional argument."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from siecle_sdk.adapter import School, SchoolContext, VendorDataError, hookimpl
from siecle_sdk.plugin import manager as plugins
from siecle_sdk.testing import synthetic_school
from siecle_sdk.tools.synthetic import SyntheticSchool

from .conftest import SAMPLES, Result

NOMENCLATURE = SAMPLES / "Nomenclature-0750680G-2019.xml"


def test_labels_and_codes_of_a_real_nomenclature() -> None:
    ctx = SchoolContext(nomenclature_path=NOMENCLATURE)
    assert ctx.code("REGIMES", "demi-pensionnaire dans l'établissement") == "2"
    assert ctx.code("REGIMES", "DP DAN") == "2"
    assert ctx.code("REGIMES", "2") == "2"
    assert ctx.label("REGIMES", "2") == "DEMI-PENSIONNAIRE DANS L'ETABLISSEMENT"
    assert ctx.code("LIENS_PARENTE", "Aide sociale à l'enfance") == "51"
    # "externe" starts two labels: ambiguous, never guessed
    assert len(ctx.candidates("REGIMES", "externe")) > 1
    assert ctx.code("REGIMES", "externe") is None
    assert ctx.code("REGIMES", "pensionnaire de la lune") is None
    mef = ctx.nomenclature.mefs[0] if ctx.nomenclature else None
    assert mef is not None and mef.code_mef
    assert ctx.code("MEFS", mef.code_mef) == mef.code_mef
    assert ctx.school_year is None and ctx.first_day == dt.date(2019, 9, 1)


def test_require_code_names_record_and_element() -> None:
    ctx = SchoolContext(nomenclature_path=NOMENCLATURE)
    with pytest.raises(VendorDataError) as ambiguous:
        ctx.require_code("REGIMES", "externe", "élève ID_PRV_ELE=12 (MARTIN Léa)", "CODE_REGIME")
    assert "ID_PRV_ELE=12" in ambiguous.value.message
    assert "CODE_REGIME « externe » peut désigner plusieurs codes" in ambiguous.value.message
    with pytest.raises(VendorDataError) as unknown:
        ctx.require_code("REGIMES", "lunaire", "élève ID_PRV_ELE=12 (MARTIN Léa)", "CODE_REGIME")
    assert "n'est ni un code ni un libellé de la liste REGIMES" in unknown.value.message


def test_national_lists_without_exports() -> None:
    ctx = SchoolContext(school_year="2020")
    assert ctx.code("LIENS_PARENTE", "mère") == "10"
    assert ctx.code("CIVILITES", "Madame") == "2"
    assert ctx.codes("REGIMES") == {}
    assert (ctx.first_day, ctx.last_day) == (dt.date(2020, 9, 1), dt.date(2021, 8, 31))


def test_school_year_dates_from_communs(tmp_path: Path) -> None:
    files = SyntheticSchool(pupils=5, seed=2).write_exports(tmp_path)
    ctx = SchoolContext(communs_path=files["communs"], structures_path=files["structures"])
    assert ctx.communs is not None
    assert ctx.first_day == ctx.communs.school_year_start is not None
    assert ctx.last_day == ctx.communs.school_year_end is not None
    assert ctx.first_day < ctx.last_day
    assert ctx.codes("DIVISIONS")


class _Probe:
    """An adapter that keeps the context it is given."""

    def __init__(self) -> None:
        self.seen: list[SchoolContext | None] = []

    @hookimpl
    def siecle_read_school(self, source: Path, context: SchoolContext | None) -> School:
        self.seen.append(context)
        return synthetic_school(6)


class _Old:
    """An adapter written before the context: it takes only ``source``."""

    @hookimpl
    def siecle_read_school(self, source: Path) -> School:
        return synthetic_school(6)


@pytest.fixture
def probe() -> Iterator[_Probe]:
    plugins.reset_manager()
    found = _Probe()
    manager = plugins.get_manager()
    manager.register(found, "sonde")
    manager.register(_Old(), "ancien")
    yield found
    plugins.reset_manager()


def test_push_gives_the_context_and_old_adapters_still_work(
    probe: _Probe, run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    files = SyntheticSchool(pupils=6, seed=7).write_exports(tmp_path / "exports")
    data = tmp_path / "donnees"
    data.mkdir()
    result = run_cli(
        "push",
        "sonde",
        "--from",
        data,
        "--out",
        tmp_path / "envoi",
        "--nomenclature",
        files["nomenclature"],
        "--communs",
        files["communs"],
        "--force",
    )
    assert result.code in (0, 1), result.err
    (context,) = probe.seen
    assert context is not None and context.nomenclature_path == files["nomenclature"]
    assert context.structures_path is None and context.first_day is not None
    old = run_cli("push", "ancien", "--from", data, "--out", tmp_path / "envoi2", "--force")
    assert old.code in (0, 1), old.err
    assert list((tmp_path / "envoi2").glob("*.zip"))


def test_documented_examples_run() -> None:
    import doctest

    from siecle_sdk.plugin import context

    failures, tried = doctest.testmod(context)
    assert tried >= 3 and failures == 0
