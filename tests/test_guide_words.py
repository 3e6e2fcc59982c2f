"""The académie guide's words and screens: the labels the doctor and the tableaux de bord use, names
as SIECLE knows them (accents kept), phones in SIECLE's own form after a round trip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from siecle_sdk.doctor.render import dashboard_counts
from siecle_sdk.exchange.packaging import build_package
from siecle_sdk.io.reader import open_document
from siecle_sdk.models import eleves as ex
from siecle_sdk.models import import_eleves as imp
from siecle_sdk.plugin.adapter import School
from siecle_sdk.report import section_rows
from siecle_sdk.rules.acdiv import Acdiv
from siecle_sdk.rules.engine import check_file
from siecle_sdk.sandbox import Sandbox
from siecle_sdk.tools.synthetic import SyntheticSchool

#: what the guide calls the buttons, menus and counters the SDK names
DOCTOR_LABELS = ("« Exporter vers STS-WEB »",)
DASHBOARD_LABELS = (
    "Élèves inscrits",
    "scolarité associée",
    "inscrits inactifs",
    "Fiches bloquantes",
    "élèves scolarisés",
    "élèves sortants",
)
SANDBOX_LABELS = (
    "Élèves inscrits",
    "Inscrits actifs avec scolarité associée",
    "Inscrits actifs sans scolarité associée",
    "Inscrits inactifs",
    "Fiches bloquantes — élèves scolarisés",
    "Fiches bloquantes — élèves sortants",
    "Constat de rentrée",
)


@pytest.fixture(scope="module")
def school() -> SyntheticSchool:
    return SyntheticSchool(pupils=40, seed=23)


@pytest.fixture(scope="module")
def exports(school: SyntheticSchool, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return school.write_exports(tmp_path_factory.mktemp("exports"), zipped=False)


def _zip(school: SyntheticSchool, pupils: list[imp.Eleve], out: Path) -> Path:
    data = School(
        uai=school.uai,
        school_year=str(school.year),
        persons=list(school.persons()),
        pupils=pupils,
        software="SIECLE-SDK",
    )
    when = dt.datetime(school.year, 9, 5, 10, 0, 0)
    return build_package(data, out, software="SIECLE-SDK", send_number=1, when=when).zip_path


def test_doctor_names_the_guide_buttons(tmp_path: Path) -> None:
    from siecle_sdk.doctor import nomenclatures

    source = Path(nomenclatures.__file__).read_text(encoding="utf-8")
    for label in DOCTOR_LABELS:
        assert label in source
    assert "« Lancer le profilage »" in source, "the older screens' name is given too"


def test_dashboard_counters_use_the_guide_words(exports: dict[str, Path], tmp_path: Path) -> None:
    from siecle_sdk.doctor.dashboard import compute_dashboard

    board = compute_dashboard(list(exports.values()), use_ledger=False)
    labels = " | ".join(label for _, label, _ in dashboard_counts(board))
    for label in DASHBOARD_LABELS:
        assert label in labels, label
    counts = {key: value for key, _, value in dashboard_counts(board)}
    assert (
        counts["inscrits"]
        == counts["scolarises"] + counts["sortants"] + (counts["non_scolarises_sans_date_sortie"])
    )


def test_sandbox_dashboard_uses_the_guide_words(
    school: SyntheticSchool, exports: dict[str, Path], tmp_path: Path
) -> None:
    pupils = list(school.pupils())
    with Sandbox.create(tmp_path / "bac", exports, rules=[Acdiv]) as box:
        board = box.dashboard()
        text = board.render()
        for label in SANDBOX_LABELS:
            assert label in text, label
        data = board.to_dict()
        assert data["inscrits"] == len(pupils)
        assert data["inscrits_inactifs"] == board.sortants > 0
        assert data["bloquants_scolarises"] == data["bloquants_sortants"] == 0


def test_absent_pupils_keep_their_accents(
    school: SyntheticSchool, exports: dict[str, Path], tmp_path: Path
) -> None:
    with open_document(exports["eleves"]) as doc:
        accented = next(
            record
            for _, record in doc.typed()
            if isinstance(record, ex.Eleve) and not f"{record.family_name}{record.prenom}".isascii()
        )
    pupils = [p for p in school.pupils() if p.id_prv_ele != accented.id_prv_ele]
    report = check_file(_zip(school, pupils, tmp_path / "envoi"), exports, rules=[Acdiv])
    (row,) = section_rows(report)[7]
    assert row.name == f"{accented.family_name} {accented.prenom}"
    assert not row.name.isascii()


def test_phones_come_back_as_siecle_writes_them(
    school: SyntheticSchool, exports: dict[str, Path], tmp_path: Path
) -> None:
    pupils = list(school.pupils())
    first = pupils[0].model_copy(
        update={"tel_portable": "06 12 34 56 78", "tel_personnel": "0032 2 123 45 67"}
    )
    with Sandbox.create(tmp_path / "bac", exports, rules=[Acdiv]) as box:
        box.deposit(_zip(school, [first, *pupils[1:]], tmp_path / "envoi"))
        box.night()
        back = box.export(tmp_path / "retour")["eleves"]
    with open_document(back) as doc:
        (found,) = (
            record
            for _, record in doc.typed()
            if isinstance(record, ex.Eleve) and record.id_prv_ele == first.id_prv_ele
        )
    assert found.tel_portable == "+33612345678"
    assert found.tel_personnel == "+3221234567"
