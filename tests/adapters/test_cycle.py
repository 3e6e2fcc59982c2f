"""The exchange cycle through every installed adapter: SIECLE exports -> pull -> push.

Run once per adapter (tox runs one environment per adapter, each installed on its own). With no
adapter installed (the ``core`` environment) these tests are skipped: the core depends on none.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from siecle_sdk.io.reader import open_document
from siecle_sdk.io.schema import validate_import
from siecle_sdk.models import eleves as ex
from siecle_sdk.models import import_eleves as im
from siecle_sdk.models import responsables as rx
from siecle_sdk.plugin.manager import get_manager
from siecle_sdk.rules.deposit import NAME_PATTERN
from siecle_sdk.tools.synthetic import SyntheticSchool

from ..conftest import Result


def installed_adapters() -> list[str]:
    return sorted(p.name for p in get_manager().adapters() if p.status == "ok")


pytestmark = pytest.mark.skipif(not installed_adapters(), reason="no adapter installed")


@pytest.fixture(params=installed_adapters() or ["none"])
def adapter(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return SyntheticSchool(pupils=120, seed=11).write_exports(
        tmp_path_factory.mktemp("exports"), zipped=True
    )


def _pulled(
    run_cli: Callable[..., Result], adapter: str, exports: dict[str, Path], target: Path
) -> None:
    # any order: the kinds are read from the content
    files = [
        exports[k] for k in ("responsables", "communs", "eleves", "structures", "nomenclature")
    ]
    result = run_cli("pull", adapter, "--into", target, *files)
    assert result.code == 0, result.err
    assert "mises à jour" in result.out


def _pushed(
    run_cli: Callable[..., Result], adapter: str, exports: dict[str, Path], source: Path, out: Path
) -> Path:
    result = run_cli(
        "push",
        adapter,
        "--from",
        source,
        "--out",
        out,
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
    zips = list(out.glob("*.zip"))
    assert len(zips) == 1, result.out + result.err
    return zips[0]


def _export_view(exports: dict[str, Path]) -> tuple[dict[str, tuple], dict[str, tuple], set[tuple]]:
    pupils: dict[str, tuple] = {}
    with open_document(exports["eleves"]) as doc:
        for _, record in doc.typed():
            if isinstance(record, ex.Eleve):
                pupils[record.id_prv_ele or ""] = (
                    record.family_name,
                    record.prenom,
                    record.date_naiss,
                    record.id_national or None,
                    record.date_sortie or None,
                    record.code_motif_sortie or None,
                )
    persons: dict[str, tuple] = {}
    ids: dict[str, str] = {}
    links: set[tuple] = set()
    with open_document(exports["responsables"]) as doc:
        for _, record in doc.typed():
            if isinstance(record, rx.Personne):
                persons[record.id_prv_per or ""] = (record.family_name, record.prenom)
                ids[record.personne_id or ""] = record.id_prv_per or ""
            elif isinstance(record, rx.ResponsableEleve):
                links.add(
                    (
                        record.eleve_id,
                        ids[record.personne_id or ""],
                        record.level,
                        record.parente_code_2,
                    )
                )
    eleve_ids = {}
    with open_document(exports["eleves"]) as doc:
        for _, record in doc.typed():
            if isinstance(record, ex.Eleve):
                eleve_ids[record.eleve_id] = record.id_prv_ele
    links = {(eleve_ids[e], p, level, code) for e, p, level, code in links}
    return pupils, persons, links


def _import_view(xml: Path) -> tuple[dict[str, tuple], dict[str, tuple], set[tuple]]:
    levels = {"LEGAL": 1, "PERSONNE_EN_CHARGE": 2, "CONTACT": 3}
    pupils: dict[str, tuple] = {}
    persons: dict[str, tuple] = {}
    links: set[tuple] = set()
    with open_document(xml) as doc:
        for _, record in doc.typed():
            if isinstance(record, im.Personne):
                persons[record.id_prv_per] = (record.nom_de_famille, record.prenom)
            elif isinstance(record, im.Eleve):
                pupils[record.id_prv_ele] = (
                    record.nom_de_famille,
                    record.prenom,
                    record.date_naiss,
                    record.id_national,
                    record.date_sortie,
                    record.code_motif_sortie,
                )
                for role, link in record.links():
                    links.add((record.id_prv_ele, link.id_prv_per, levels[role], link.code_parente))
    return pupils, persons, links


def test_pull_then_push_loses_nobody(
    run_cli: Callable[..., Result], adapter: str, exports: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "logiciel"
    _pulled(run_cli, adapter, exports, target)
    deposit = _pushed(run_cli, adapter, exports, target, tmp_path / "envoi")
    match = NAME_PATTERN.match(deposit.name)
    assert match is not None
    school = SyntheticSchool(pupils=120, seed=11)
    assert match.group(1) == school.uai and match.group(2) == str(school.year)
    with zipfile.ZipFile(deposit) as archive:
        (member,) = archive.namelist()
        assert member == deposit.with_suffix(".xml").name
        archive.extract(member, tmp_path)
    xml = tmp_path / member
    assert validate_import(xml, "3.1") == []
    want = _export_view(exports)
    got = _import_view(xml)
    assert got[0] == want[0], "pupils differ"
    assert got[1] == want[1], "responsables differ"
    assert got[2] == want[2], "links differ"
    assert any(v[4] for v in got[0].values()), "leavers are sent back"


def test_pull_twice_changes_nothing(
    run_cli: Callable[..., Result], adapter: str, exports: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "logiciel"
    _pulled(run_cli, adapter, exports, target)
    first = get_manager().adapter(adapter).read_school(target)
    _pulled(run_cli, adapter, exports, target)
    second = get_manager().adapter(adapter).read_school(target)
    assert len(second.pupils) == len(first.pupils)
    assert sorted(p.model_dump_json() for p in second.pupils) == sorted(
        p.model_dump_json() for p in first.pupils
    )


def test_ine_only_changes_ine_only(
    run_cli: Callable[..., Result], adapter: str, exports: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "logiciel"
    _pulled(run_cli, adapter, exports, target)
    before = {p.id_prv_ele: p for p in get_manager().adapter(adapter).read_school(target).pupils}
    result = run_cli("pull", adapter, "--into", target, "--ine-only", exports["eleves"])
    assert result.code == 0, result.err
    assert "INE reportés" in result.out
    after = {p.id_prv_ele: p for p in get_manager().adapter(adapter).read_school(target).pupils}
    assert after == before


def test_push_refuses_rejected_pupils(
    run_cli: Callable[..., Result], adapter: str, exports: dict[str, Path], tmp_path: Path
) -> None:
    """A leaver with an unknown motive would be rejected: no zip without --force."""
    target = tmp_path / "logiciel"
    _pulled(run_cli, adapter, exports, target)
    plug = get_manager().adapter(adapter)
    school = plug.read_school(target)
    pupils = list(school.pupils)
    leaver = next(p for p in pupils if p.is_leaver)
    bad = leaver.model_copy(update={"code_motif_sortie": "5"})
    school.pupils = [bad if p is leaver else p for p in pupils]
    plug.write_school(target, school)
    out = tmp_path / "envoi"
    refused = run_cli(
        "push", adapter, "--from", target, "--out", out, "--nomenclature", exports["nomenclature"]
    )
    assert refused.code == 1
    assert "REJEL" in refused.out or "rejet" in refused.err
    assert not list(out.glob("*.zip"))
    forced = run_cli(
        "push",
        adapter,
        "--from",
        target,
        "--out",
        out,
        "--nomenclature",
        exports["nomenclature"],
        "--force",
    )
    assert len(list(out.glob("*.zip"))) == 1, forced.err
    assert not list(out.glob(".*")), "no temporary file left behind"


def test_unknown_adapter_is_named(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    result = run_cli("push", "pas_installe", "--from", tmp_path, "--out", tmp_path / "o")
    assert result.code == 2
    assert "pas_installe" in result.err


def test_today_is_not_the_school_year() -> None:
    """The deposit name carries the school year fed, never the calendar year of the build."""
    from siecle_sdk.exchange.packaging import deposit_name

    name = deposit_name("0750680G", "2019", dt.datetime(2020, 3, 2, 9, 5, 1))
    assert name == "0750680GPRIVE2019200302090501"


def test_push_refuses_a_written_file_the_xsd_rejects(
    run_cli: Callable[..., Result],
    adapter: str,
    exports: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The XSD is checked once, in the pre-check's reading: a file it rejects gives no zip,
    even with --force."""
    import re

    from siecle_sdk.exchange import import_writer

    target = tmp_path / "logiciel"
    _pulled(run_cli, adapter, exports, target)
    render = import_writer.render_to_file

    def render_out_of_range(template: str, path: Path, *args: object, **kwargs: object) -> None:
        render(template, path, *args, **kwargs)  # type: ignore[arg-type]
        text = path.read_text(encoding="iso-8859-15")
        text = re.sub(r"<ID_PRV_PER>\d+<", "<ID_PRV_PER>123456<", text, count=1)
        path.write_text(text, encoding="iso-8859-15")

    monkeypatch.setattr(import_writer, "render_to_file", render_out_of_range)
    out = tmp_path / "envoi"
    refused = run_cli("push", adapter, "--from", target, "--out", out, "--force")
    assert refused.code == 2
    assert "SIECLE refuserait le dépôt" in refused.err and "123456" in refused.err
    assert not list(out.glob("*.zip")) and not list(out.glob(".*"))
