"""The SIECLE sandbox: creation from exports, deposits, INE, tableau de bord, exports, CLI."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from siecle_sdk.errors import UnusableInput
from siecle_sdk.exchange.packaging import build_package
from siecle_sdk.identifiers import ine_problem
from siecle_sdk.io.reader import open_document
from siecle_sdk.models import eleves as ex
from siecle_sdk.models import import_eleves as imp
from siecle_sdk.models import responsables as rx
from siecle_sdk.models.structures import Structures
from siecle_sdk.plugin.adapter import School
from siecle_sdk.rules import Rule
from siecle_sdk.rules.acdiv import Acdiv
from siecle_sdk.rules.elnom import Elnom
from siecle_sdk.rules.nbenf import Nbenf
from siecle_sdk.rules.regim import Regim
from siecle_sdk.rules.sorti import Sorti
from siecle_sdk.sandbox import DepositRefused, Integration, Sandbox
from siecle_sdk.tools.synthetic import SyntheticSchool

#: rules whose behaviour these tests rely on (the other rules evolve on their own)
CORE_RULES: list[type[Rule]] = [Sorti, Acdiv, Regim]
WHEN = dt.datetime(2019, 9, 5, 14, 30, 12)


def clock() -> dt.datetime:
    return dt.datetime(2019, 9, 6, 8, 30, 0)


@pytest.fixture(scope="module")
def source() -> SyntheticSchool:
    return SyntheticSchool(pupils=60, seed=5)


@pytest.fixture(scope="module")
def exports(source: SyntheticSchool, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return source.write_exports(tmp_path_factory.mktemp("exports"), zipped=True)


@pytest.fixture
def persons(source: SyntheticSchool) -> list[imp.Personne]:
    return list(source.persons())


@pytest.fixture
def pupils(source: SyntheticSchool) -> list[imp.Eleve]:
    return list(source.pupils())


def integrated(box: Sandbox, path: Path) -> Integration:
    """``path`` deposited, then integrated by the night's run."""
    box.deposit(path)
    night = box.night()
    assert not night.replaced
    (integration,) = night.integrations
    return integration


def make_box(
    tmp_path: Path, exports: dict[str, Path], rules: Iterable[type[Rule]] | None
) -> Sandbox:
    return Sandbox.create(tmp_path / "base", exports, clock=clock, rules=rules)


@pytest.fixture
def box(tmp_path: Path, exports: dict[str, Path]) -> Iterable[Sandbox]:
    with make_box(tmp_path, exports, CORE_RULES) as created:
        yield created


def package(
    out: Path,
    source: SyntheticSchool,
    persons: list[imp.Personne],
    pupils: list[imp.Eleve],
    *,
    year: str | None = None,
    when: dt.datetime = WHEN,
) -> Path:
    school = School(
        uai=source.uai,
        school_year=year or str(source.year),
        persons=persons,
        pupils=pupils,
        software="SIECLE-SDK",
    )
    return build_package(school, out, software="SIECLE-SDK", send_number=1, when=when).zip_path


def exported_pupils(box: Sandbox, out: Path) -> tuple[dict[str, ex.Eleve], dict[str, str | None]]:
    """The pupils of a fresh Élèves export by private id, and their division by ELEVE_ID."""
    path = box.export(out)["eleves"]
    found: dict[str, ex.Eleve] = {}
    divisions: dict[str, str | None] = {}
    with open_document(path) as doc:
        for _, record in doc.typed():
            if isinstance(record, ex.Eleve):
                found[record.id_prv_ele or ""] = record
            elif isinstance(record, ex.StructuresEleve):
                divisions[record.eleve_id or ""] = record.division
    return found, divisions


def current(pupils: list[imp.Eleve]) -> list[imp.Eleve]:
    return [p for p in pupils if not p.is_leaver and p.scolarite_active is not None]


# --- creation -----------------------------------------------------------------------------


def test_create_from_exports(box: Sandbox, tmp_path: Path, exports: dict[str, Path]) -> None:
    assert box.uai == SyntheticSchool(pupils=60, seed=5).uai
    assert box.school_year == "2019"
    counts = box.counts()
    assert counts["eleves"] == 60
    assert counts["responsables"] > 0
    assert box.history() == []
    with pytest.raises(UnusableInput, match="existe déjà"):
        Sandbox.create(tmp_path / "base", exports)


def test_create_refuses_mixed_years(
    tmp_path: Path, exports: dict[str, Path], source: SyntheticSchool
) -> None:
    later = SyntheticSchool(pupils=20, seed=5, year=2020, uai=source.uai)
    other = later.write_exports(tmp_path / "2020", zipped=True)
    mixed = {**exports, "structures": other["structures"]}
    with pytest.raises(UnusableInput, match="même année scolaire"):
        Sandbox.create(tmp_path / "mixed", mixed)
    assert not (tmp_path / "mixed" / "bee.sqlite").exists()
    with pytest.raises(UnusableInput, match="Communs"):
        Sandbox.create(tmp_path / "incomplete", {"nomenclature": exports["nomenclature"]})


def test_empty_base_creates_every_pupil(
    tmp_path: Path,
    exports: dict[str, Path],
    source: SyntheticSchool,
    persons: list[imp.Personne],
    pupils: list[imp.Eleve],
) -> None:
    references = {k: exports[k] for k in ("nomenclature", "structures", "communs")}
    with Sandbox.create(tmp_path / "base", references, clock=clock, rules=CORE_RULES) as empty:
        assert set(empty.export(tmp_path / "none")) == {"nomenclature", "structures", "communs"}
        integration = integrated(empty, package(tmp_path / "out", source, persons, pupils))
        assert integration.counts["ajouts"] == integration.counts["eleves_crees"] == len(pupils)
        assert len(integration.ine_assigned) == sum(1 for p in pupils if not p.id_national)
        assert empty.counts() == {"eleves": len(pupils), "responsables": len(persons)}


# --- deposits -----------------------------------------------------------------------------


def test_deposit_of_the_same_school_with_every_rule(
    tmp_path: Path,
    exports: dict[str, Path],
    source: SyntheticSchool,
    persons: list[imp.Personne],
    pupils: list[imp.Eleve],
) -> None:
    with make_box(tmp_path, exports, None) as full:
        integration = integrated(full, package(tmp_path / "out", source, persons, pupils))
        report = integration.report
        assert integration.counts["eleves_rejetes"] == 0
        assert not [f for f in report.findings if f.consequence.value == "rejet"]
        assert all(change.code == "MODIF" for change in report.changes or [])
        assert integration.counts["absents"] == 0
        board = full.dashboard()
        blocking = {line.id_prv_ele for line in board.blocking_pupils}
        found, _ = exported_pupils(full, tmp_path / "export")
        assert sorted(found) == sorted(p.id_prv_ele for p in pupils)
        for private, row in found.items():
            if private not in blocking:
                assert row.id_national and ine_problem(row.id_national) is None, private


def test_pupils_without_ine_receive_one(
    box: Sandbox,
    tmp_path: Path,
    source: SyntheticSchool,
    persons: list[imp.Personne],
    pupils: list[imp.Eleve],
) -> None:
    without = {p.id_prv_ele for p in pupils if not p.id_national}
    assert without, "the synthetic school has pupils without INE"
    integration = integrated(box, package(tmp_path / "out", source, persons, pupils))
    assert integration.exit_code == 0
    assert integration.counts["eleves_rejetes"] == 0
    assert not [c for c in integration.report.changes or [] if c.code == "AJOUT"]
    assert {eleve_id for eleve_id, _ in integration.ine_assigned}
    assert len(integration.ine_assigned) == len(without)
    found, _ = exported_pupils(box, tmp_path / "export")
    for private in without:
        row = found[private]
        assert row.id_prv_ele == private
        assert row.id_national and ine_problem(row.id_national) is None
        assert row.ine_rnie == row.id_national
    # the software has not taken the INE back yet: the next file still has none, INE are kept
    again = integrated(box, package(tmp_path / "again", source, persons, pupils, when=WHEN))
    assert again.ine_assigned == []
    found_again, _ = exported_pupils(box, tmp_path / "export2")
    assert {k: v.id_national for k, v in found_again.items()} == {
        k: v.id_national for k, v in found.items()
    }
    lines = box.history()
    # newest first, the INE coming back after the first night as SIECLE lists it
    assert [(line.kind, line.eleves) for line in lines] == [
        ("import", 60),
        ("ine", 0),
        ("import", 60),
    ]
    assert lines[1].file_name == "Import INE élèves"
    assert lines[1].counts["ine_attribues"] == len(without)
    assert lines[0].absents == 0 and lines[0].report_text
    assert Path(lines[0].report_text).read_text(encoding="utf-8").startswith("Compte Rendu")


def test_faulty_deposit(
    box: Sandbox,
    tmp_path: Path,
    source: SyntheticSchool,
    exports: dict[str, Path],
    persons: list[imp.Personne],
    pupils: list[imp.Eleve],
) -> None:
    before, divisions_before = exported_pupils(box, tmp_path / "before")
    leaver, wrong, model = current(pupils)[:3]
    assert wrong.scolarite_active is not None
    mef = wrong.scolarite_active.code_mef
    other = next(
        d.code_structure
        for d in Structures.load(exports["structures"]).divisions
        if mef not in d.mef_codes
    )
    newcomer = model.model_copy(
        deep=True,
        update={
            "id_prv_ele": "9001",
            "id_national": None,
            "ine_bea": None,
            "ine_rnie": None,
            "eleve_id": None,
            "nom_de_famille": "dupont-moreau",
            "prenom": "jean-pierre marie",
        },
    )
    sent: list[imp.Eleve] = []
    for pupil in pupils:
        if pupil is leaver:
            pupil = pupil.model_copy(
                update={"code_motif_sortie": "5", "date_sortie": dt.date(2019, 10, 1)}
            )
            pupil = pupil.model_copy(update={"prenom": "Changé"})
        elif pupil is wrong:
            pupil = pupil.model_copy(deep=True)
            assert pupil.scolarite_active is not None
            pupil.scolarite_active.code_division = other
        sent.append(pupil)
    integration = integrated(box, package(tmp_path / "out", source, persons, [*sent, newcomer]))
    assert integration.exit_code == 1
    codes = {(f.private_id, f.code) for f in integration.report.findings}
    assert (leaver.id_prv_ele, "REJEL_SORTI_F_01") in codes
    assert (wrong.id_prv_ele, "ACDIV_B_01") in codes
    added = [c for c in integration.report.changes or [] if c.code == "AJOUT"]
    assert [c.private_id for c in added] == ["9001"]
    # the division SIECLE refused is not announced as modified
    (modified,) = [c for c in integration.report.changes or [] if c.private_id == wrong.id_prv_ele]
    assert modified.code == "MODIF" and "CODE_DIVISION" not in modified.fields

    after, divisions = exported_pupils(box, tmp_path / "after")
    created = after["9001"]
    assert created.eleve_id and int(created.eleve_id) > max(
        int(p.eleve_id or 0) for p in before.values()
    )
    assert added[0].siecle_id == created.eleve_id
    assert created.nom_de_famille == "DUPONT-MOREAU"
    assert created.prenom == "Jean-Pierre Marie"
    assert created.id_national and ine_problem(created.id_national) is None
    # the rejected leaver is not updated
    kept = after[leaver.id_prv_ele]
    assert kept.prenom == before[leaver.id_prv_ele].prenom
    assert kept.date_sortie is None and kept.code_motif_sortie is None
    # the pupil whose division is not attached to its MEF keeps its active schooling, blocks
    wrong_id = after[wrong.id_prv_ele].eleve_id or ""
    assert divisions[wrong_id] == divisions_before[wrong_id] != other
    board = box.dashboard()
    assert [(line.id_prv_ele, line.codes) for line in board.blocking_pupils] == [
        (wrong.id_prv_ele, ("ACDIV_B_01",))
    ]
    assert [line.id_prv_ele for line in board.blocking_scolarises] == [wrong.id_prv_ele]
    assert board.blocking_sortants == []
    assert "Fiches bloquantes — élèves scolarisés : 1" in board.render()
    assert not board.constat_possible

    # corrected file: nothing blocks any more
    fixed = integrated(box, package(tmp_path / "fixed", source, persons, [*pupils, newcomer]))
    assert fixed.exit_code == 0
    assert box.dashboard().constat_possible


def test_leaver_without_active_schooling_keeps_its_leave(
    box: Sandbox,
    tmp_path: Path,
    source: SyntheticSchool,
    persons: list[imp.Personne],
    pupils: list[imp.Eleve],
) -> None:
    """A leaver may be sent without SCOLARITE_ACTIVE (3.1): it is a leaver all the same."""
    gone = current(pupils)[0]
    sent = [
        p.model_copy(
            update={
                "scolarite_active": None,
                "code_motif_sortie": "11",
                "date_sortie": dt.date(2019, 10, 1),
            }
        )
        if p is gone
        else p
        for p in pupils
    ]
    before = box.dashboard().sortants
    integration = integrated(box, package(tmp_path / "out", source, persons, sent))
    assert integration.counts["eleves_rejetes"] == 0
    found, _ = exported_pupils(box, tmp_path / "export")
    row = found[gone.id_prv_ele]
    assert (row.date_sortie, row.code_motif_sortie) == (dt.date(2019, 10, 1), "11")
    assert row.code_mef == (gone.scolarite_active.code_mef if gone.scolarite_active else None)
    assert box.dashboard().sortants == before + 1


def test_responsable_in_error_blocks_its_pupils(
    tmp_path: Path,
    exports: dict[str, Path],
    source: SyntheticSchool,
    persons: list[imp.Personne],
    pupils: list[imp.Eleve],
) -> None:
    """Anomalies on responsables block the transfer too: their pupils get no INE, count as
    blocking, and the constat de rentrée waits for them."""
    newcomer = next(p for p in pupils if not p.id_national and not p.is_leaver)
    legal = next(link.id_prv_per for role, link in newcomer.links() if role.startswith("LEGAL"))
    sent = [
        p.model_copy(update={"enfant_a_charge": None}) if p.id_prv_per == legal else p
        for p in persons
    ]
    with make_box(tmp_path, exports, [*CORE_RULES, Nbenf]) as nbenf:
        integration = integrated(nbenf, package(tmp_path / "out", source, sent, pupils))
        assert integration.exit_code == 1
        assert (legal, "NBENF_F_03") in {
            (f.private_id, f.code) for f in integration.report.findings
        }
        board = nbenf.dashboard()
        assert [p.id_prv_per for p in board.blocking_persons] == [legal]
        blocked = {line.id_prv_ele: line.codes for line in board.blocking_pupils}
        assert blocked[newcomer.id_prv_ele] == ("NBENF_F_03 (responsable)",)
        assert not board.constat_possible
        assert any("responsable en erreur" in reason for reason in board.reasons())
        found, _ = exported_pupils(nbenf, tmp_path / "export")
        assert not found[newcomer.id_prv_ele].id_national
        assert len(integration.ine_assigned) == sum(
            1 for p in pupils if not p.id_national and p.id_prv_ele not in blocked
        )
        fixed = integrated(nbenf, package(tmp_path / "fixed", source, persons, pupils))
        assert fixed.exit_code == 0 and nbenf.dashboard().constat_possible
        found, _ = exported_pupils(nbenf, tmp_path / "export2")
        assert found[newcomer.id_prv_ele].id_national


def test_changed_name_is_an_anomaly_and_kept(
    tmp_path: Path,
    exports: dict[str, Path],
    source: SyntheticSchool,
    persons: list[imp.Personne],
    pupils: list[imp.Eleve],
) -> None:
    """ELNOM: « Élève partiellement importé » in section 5, the pupil blocks, SIECLE keeps the
    names it knows."""
    renamed = current(pupils)[1]
    sent = [
        p.model_copy(update={"nom_de_famille": "NOUVEAU"}) if p is renamed else p for p in pupils
    ]
    with make_box(tmp_path, exports, [*CORE_RULES, Elnom]) as elnom:
        before, _ = exported_pupils(elnom, tmp_path / "before")
        integration = integrated(elnom, package(tmp_path / "out", source, persons, sent))
        (finding,) = integration.report.findings
        assert (finding.code, finding.section) == ("ELNOM", 5)
        assert finding.message.startswith("Élève partiellement importé")
        after, _ = exported_pupils(elnom, tmp_path / "after")
        assert after[renamed.id_prv_ele].nom_de_famille == before[renamed.id_prv_ele].nom_de_famille
        assert [line.id_prv_ele for line in elnom.dashboard().blocking_pupils] == [
            renamed.id_prv_ele
        ]


# --- exports ------------------------------------------------------------------------------


def test_exports_are_siecle_files(
    box: Sandbox,
    tmp_path: Path,
    source: SyntheticSchool,
    persons: list[imp.Personne],
    pupils: list[imp.Eleve],
) -> None:
    integrated(box, package(tmp_path / "out", source, persons, pupils))
    written = box.export(tmp_path / "exports")
    expected = {
        "eleves": ("eleves", "avec-adresses", "3.0"),
        "responsables": ("responsables", "avec-adresses", "2.1"),
        "structures": ("structures", None, None),
        "nomenclature": ("nomenclature", None, None),
        "communs": ("communs", None, None),
    }
    assert set(written) == set(expected)
    private_persons = {p.id_prv_per for p in persons}
    for key, (kind, variant, version) in expected.items():
        path = written[key]
        assert path.name.startswith("ExportXML_") and path.suffix == ".zip"
        with zipfile.ZipFile(path) as archive:
            assert archive.namelist() == [path.stem.removeprefix("ExportXML_") + ".xml"]
        with open_document(path) as doc:
            records = [record for _, record in doc.typed()]
            assert doc.kind == kind
            assert doc.uai == source.uai and doc.school_year == "2019"
            if variant:
                assert doc.variant == variant
            if version:
                assert doc.version == version
        assert records
        if kind == "responsables":
            echoed = {r.id_prv_per for r in records if isinstance(r, rx.Personne)}
            assert echoed == private_persons
            links = [r for r in records if isinstance(r, rx.ResponsableEleve)]
            assert links and all(r.niveau_responsabilite in {"1", "2", "3"} for r in links)
        if kind == "eleves":
            structures = [r for r in records if isinstance(r, ex.StructuresEleve)]
            assert all(r.division for r in structures)


# --- refusals -----------------------------------------------------------------------------


def _rezip(source_zip: Path, target: Path, member: str, edit: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source_zip) as archive:
        (name,) = archive.namelist()
        content = archive.read(name)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, edit(content))
    return target


def refused_files(
    tmp_path: Path,
    source: SyntheticSchool,
    persons: list[imp.Personne],
    pupils: list[imp.Eleve],
) -> dict[str, Path]:
    good = package(tmp_path / "good", source, persons, pupils)
    renamed = tmp_path / "renamed" / good.name.replace("190905143012", "190905143013")
    renamed.parent.mkdir()
    shutil.copy(good, renamed)
    invalid = tmp_path / "invalid" / good.name
    invalid.parent.mkdir()
    _rezip(
        good,
        invalid,
        good.with_suffix(".xml").name,
        lambda content: content.replace(b"</LOGICIEL>", b"</LOGICIEL><INCONNU>1</INCONNU>"),
    )
    return {
        "identique au nom du fichier xml": renamed,
        "année du fichier": package(tmp_path / "year", source, persons, pupils, year="2020"),
        "non valide": invalid,
    }


def test_deposit_refusals(
    box: Sandbox,
    tmp_path: Path,
    source: SyntheticSchool,
    persons: list[imp.Personne],
    pupils: list[imp.Eleve],
) -> None:
    for needle, path in refused_files(tmp_path, source, persons, pupils).items():
        with pytest.raises(DepositRefused) as caught:
            box.deposit(path)
        assert needle in caught.value.message + " ".join(caught.value.details)
        assert caught.value.exit_code == 2
    assert box.history() == []
    assert box.counts()["eleves"] == 60


# --- command line -------------------------------------------------------------------------


def test_cli_end_to_end(
    run_cli: Callable[..., Any],
    tmp_path: Path,
    exports: dict[str, Path],
    source: SyntheticSchool,
    persons: list[imp.Personne],
    pupils: list[imp.Eleve],
) -> None:
    base = tmp_path / "base"
    result = run_cli("sandbox", "init", "--base", base, *reversed(list(exports.values())))
    assert result.code == 0, result.err
    assert "Bac à sable créé" in result.out

    leaver = current(pupils)[0]
    faulty = [
        p.model_copy(update={"code_motif_sortie": "5", "date_sortie": dt.date(2019, 10, 1)})
        if p is leaver
        else p
        for p in pupils
    ]
    deposited = package(tmp_path / "f", source, persons, faulty)
    result = run_cli("sandbox", "deposit", "--base", base, deposited, "--now", "2019-09-05T15:00")
    assert result.code == 0, result.err
    assert "déposé le 05/09/2019 à 15:00:00 (après-midi du 05/09/2019)" in result.out
    assert "intégré cette nuit à 21h45, compte-rendu vers 14h demain" in result.out
    result = run_cli("sandbox", "night", "--base", base, "--now", "2019-09-05T21:45")
    assert result.code == 1, result.err
    assert "60 élèves lus." in result.out
    assert "lisibles que vers le 06/09/2019 à 14h00" in result.out
    assert "Nombre de fiches élèves rejetées : 1" in result.out

    for needle, path in refused_files(tmp_path / "refus", source, persons, pupils).items():
        result = run_cli("sandbox", "deposit", "--base", base, path)
        assert result.code == 2
        assert "Dépôt refusé" in result.err and needle in result.err

    result = run_cli("sandbox", "dashboard", "--base", base)
    assert "Élèves scolarisés" in result.out
    assert "Constat de rentrée" in result.out
    result = run_cli("sandbox", "dashboard", "--base", base, "--json")
    data = json.loads(result.out)
    assert data["uai"] == source.uai and "constat_possible" in data

    result = run_cli(
        "sandbox",
        "export",
        "--base",
        base,
        "--out",
        tmp_path / "exports",
        "--now",
        "2019-09-06T09:00",
    )
    assert result.code == 0 and "serait refusé" not in result.err
    late = run_cli(
        "sandbox", "export", "--base", base, "--out", tmp_path / "tard", "--now", "2019-09-06T20:00"
    )
    assert late.code == 0
    assert "ne sont possibles que de 8h à 20h" in late.err and "serait refusé" in late.err
    assert (tmp_path / "exports" / "ExportXML_ElevesAvecAdresses.zip").is_file()

    result = run_cli("sandbox", "history", "--base", base, "--now", "2019-09-06T09:00")
    assert "Historique import du privé" in result.out
    assert "compte-rendu lisible à partir du 06/09/2019 à 14h00" in result.out
    result = run_cli("sandbox", "history", "--base", base, "--now", "2019-09-06T14:00")
    assert "compte-rendu lisible" not in result.out
    result = run_cli("sandbox", "history", "--base", base, "--json")
    lines = [line for line in json.loads(result.out)["imports"] if line["kind"] == "import"]
    assert len(lines) == 1 and lines[0]["eleves"] == 60 and lines[0]["absents"] == 0

    result = run_cli("sandbox", "dashboard", "--base", tmp_path / "nowhere")
    assert result.code == 2 and "Aucun bac à sable" in result.err


def test_a_base_of_the_previous_format_gets_the_holding_area(
    tmp_path: Path,
    exports: dict[str, Path],
    source: SyntheticSchool,
    persons: list[imp.Personne],
    pupils: list[imp.Eleve],
) -> None:
    """A sandbox created before deposits waited for the night is opened, not refused: the holding
    area and the history's new columns are added, its lines kept."""
    import sqlite3

    with make_box(tmp_path, exports, CORE_RULES) as box:
        integrated(box, package(tmp_path / "out", source, persons, pupils))
    db = sqlite3.connect(tmp_path / "base" / "bee.sqlite")
    db.execute("DELETE FROM import_history WHERE kind != 'import'")
    for column in ("kind", "deposited", "replaced_by"):
        db.execute(f"ALTER TABLE import_history DROP COLUMN {column}")
    db.execute("DROP TABLE held_deposit")
    db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with Sandbox(tmp_path / "base", clock=clock, rules=CORE_RULES) as box:
        (line,) = box.history()
        assert line.kind == "import" and line.eleves == len(pupils) and line.deposited is None
        integrated(box, package(tmp_path / "again", source, persons, pupils))
        assert [line.kind for line in box.history()] == ["import", "import"]


def test_night_takes_the_deposits_made_before_it(
    box: Sandbox,
    tmp_path: Path,
    source: SyntheticSchool,
    persons: list[imp.Personne],
    pupils: list[imp.Eleve],
) -> None:
    morning = package(tmp_path / "matin", source, persons, pupils)
    evening = package(tmp_path / "soir", source, persons, pupils, when=WHEN + dt.timedelta(hours=8))
    box.deposit(morning, now=dt.datetime(2019, 9, 5, 10, 0))
    late = box.deposit(evening, now=dt.datetime(2019, 9, 5, 22, 30))
    assert late.replaces == []  # another half-day
    # a run at 21h45 takes the morning's file; the one of 22h30 waits for the next night
    night = box.night(now=dt.datetime(2019, 9, 5, 21, 45))
    assert [i.file_name for i in night.integrations] == [morning.with_suffix(".xml").name]
    assert [h.zip_name for h in box.held()] == [evening.name]
    night = box.night(now=dt.datetime(2019, 9, 6, 21, 45))
    assert [i.file_name for i in night.integrations] == [evening.with_suffix(".xml").name]
    assert box.held() == []
