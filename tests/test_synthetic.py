"""The synthetic school generator: determinism, valid and recognised files, consistency between the
exports and the import file, the ``siecle fake`` command, and memory that does not grow."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from siecle_sdk.errors import VendorDataError
from siecle_sdk.identifiers import ine_problem, uai_problem
from siecle_sdk.io.reader import open_document
from siecle_sdk.io.schema import validate_import
from siecle_sdk.models import import_eleves as imp
from siecle_sdk.models.adresse import Adresse as ExportAdresse
from siecle_sdk.models.communs import Communs
from siecle_sdk.models.eleves import Eleve, OptionsEleve, StructuresEleve
from siecle_sdk.models.nomenclature import Nomenclature
from siecle_sdk.models.responsables import Personne, ResponsableEleve
from siecle_sdk.models.structures import Structures
from siecle_sdk.tools.qualification import record_paths, schema_paths
from siecle_sdk.tools.synthetic import SyntheticSchool

from .conftest import SAMPLES

PUPILS = 200

EXPORT_FILES = {
    "nomenclature": "Nomenclature.xml",
    "structures": "Structures.xml",
    "communs": "Communs.xml",
    "eleves": "ElevesAvecAdresses.xml",
    "responsables": "ResponsablesAvecAdresses.xml",
}


def write_all(school: SyntheticSchool, out: Path, *, zipped: bool = False) -> dict[str, Path]:
    paths = school.write_exports(out, zipped=zipped)
    paths["import-eleves"] = school.write_import(out)
    return paths


def records(path: Path) -> list[tuple[str, Any]]:
    with open_document(path) as doc:
        return list(doc.typed())


@pytest.fixture(scope="module")
def school() -> SyntheticSchool:
    return SyntheticSchool(PUPILS, seed=7)


@pytest.fixture(scope="module")
def files(school: SyntheticSchool, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_all(school, tmp_path_factory.mktemp("school"))


@pytest.fixture(scope="module")
def data(files: dict[str, Path]) -> dict[str, Any]:
    """Everything the files hold, typed."""
    eleves: dict[str, list[Any]] = {}
    for block, record in records(files["eleves"]):
        eleves.setdefault(block, []).append(record)
    responsables: dict[str, list[Any]] = {}
    for block, record in records(files["responsables"]):
        responsables.setdefault(block, []).append(record)
    imported: dict[str, list[Any]] = {}
    for block, record in records(files["import-eleves"]):
        imported.setdefault(block, []).append(record)
    return {
        "nomenclature": Nomenclature.load(files["nomenclature"]),
        "structures": Structures.load(files["structures"]),
        "communs": Communs.load(files["communs"]),
        "eleves": eleves,
        "responsables": responsables,
        "import": imported,
    }


# --- determinism ----------------------------------------------------------------------------


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    first = write_all(SyntheticSchool(60, seed=11), tmp_path / "a", zipped=True)
    second = write_all(SyntheticSchool(60, seed=11), tmp_path / "b", zipped=True)
    assert first.keys() == second.keys()
    for key, path in first.items():
        assert path.read_bytes() == second[key].read_bytes(), key


def test_other_seed_gives_other_files(tmp_path: Path) -> None:
    first = write_all(SyntheticSchool(60, seed=11), tmp_path / "a")
    second = write_all(SyntheticSchool(60, seed=12), tmp_path / "b")
    for key in ("eleves", "responsables", "import-eleves"):
        assert first[key].read_bytes() != second[key].read_bytes(), key
    assert SyntheticSchool(60, seed=11).uai != SyntheticSchool(60, seed=12).uai


def test_every_pass_regenerates_the_same_pupils() -> None:
    school = SyntheticSchool(40, seed=2)
    assert list(school.pupils()) == list(school.pupils())
    assert list(school.persons()) == list(school.persons())
    assert list(school.export_pupils()) == list(school.export_pupils())


def test_nothing_but_the_output_is_left(tmp_path: Path) -> None:
    write_all(SyntheticSchool(30, seed=4), tmp_path, zipped=True)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 6
    assert all(not name.startswith(".") for name in names)


# --- recognised, typed, valid ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "variant", "version"),
    [
        ("nomenclature", None, "3.1"),
        ("structures", None, "2.0"),
        ("communs", None, "1.7"),
        ("eleves", "avec-adresses", "3.0"),
        ("responsables", "avec-adresses", "2.1"),
        ("import-eleves", None, "3.1"),
    ],
)
def test_files_are_recognised_and_every_record_is_typed(
    files: dict[str, Path], school: SyntheticSchool, key: str, variant: str | None, version: str
) -> None:
    with open_document(files[key]) as doc:
        assert doc.kind == key
        assert doc.version == version
        assert doc.uai == school.uai
        assert doc.school_year == "2019"
        typed = list(doc.typed())
        assert doc.variant == variant
        assert doc.info.declared_encoding == "ISO-8859-15"
    assert typed
    for block, record in typed:
        assert record.unknown == [], (block, record)


def test_nomenclature_has_the_17_blocks_of_31(files: dict[str, Path]) -> None:
    with open_document(files["nomenclature"]) as doc:
        doc.drain()
        assert len(doc.blocks_seen) == 17
        assert not [b for b in doc.blocks_seen if not doc.counts[b]]


def test_communs_and_containers_load(data: dict[str, Any], school: SyntheticSchool) -> None:
    communs: Communs = data["communs"]
    assert communs.etablissement is not None and communs.etablissement.unknown == []
    assert communs.etablissement.secteur_code == "PR"
    assert communs.school_year_start == school.rentree
    # the académie guide's calendar: the pupils' school year ends on 31 August
    assert communs.school_year_end == dt.date(school.year + 1, 8, 31)
    assert communs.periodes[-1].date_fin is not None and communs.periodes[-1].date_fin.month == 7
    assert [p.code_periode for p in communs.periodes] == ["T1 ", "T2 ", "T3 "]
    assert communs.annee_scolaire_ad is not None and communs.annee_scolaire_ad.unknown == []


def test_import_file_validates_and_is_named_as_siecle_expects(
    files: dict[str, Path], school: SyntheticSchool
) -> None:
    path = files["import-eleves"]
    assert validate_import(path, "3.1") == []
    assert validate_import(path, "3.1-corrigee") == []
    assert path.name == f"{school.uai}PRIVE2019190905143012.xml"


def test_file_layout_follows_the_models(files: dict[str, Path]) -> None:
    """Writing back what was read gives the same nodes: elements are in the models' order."""
    for key in ("eleves", "responsables", "nomenclature", "structures", "import-eleves"):
        with open_document(files[key]) as doc:
            models = doc.format.records
            for block, node in doc.records():
                model = models[block]
                assert model.from_node(node).to_node() == node, (key, node)


def test_zipped_exports(tmp_path: Path) -> None:
    paths = SyntheticSchool(20, seed=3).write_exports(tmp_path, zipped=True)
    for key, name in EXPORT_FILES.items():
        assert paths[key].name == f"ExportXML_{name.removesuffix('.xml')}.zip"
        with zipfile.ZipFile(paths[key]) as archive:
            assert archive.namelist() == [name]
        with open_document(paths[key]) as doc:
            assert doc.kind == key


# --- consistency ----------------------------------------------------------------------------


def test_uai_and_ine_keys_are_valid(data: dict[str, Any], school: SyntheticSchool) -> None:
    assert uai_problem(school.uai) is None
    pupils: list[Eleve] = data["eleves"]["ELEVES"]
    for pupil in pupils:
        for ine in (pupil.id_national, pupil.ine_bea, pupil.ine_rnie):
            if ine:
                assert ine_problem(ine) is None, ine
        last = pupil.scolarite_an_dernier
        assert last is not None
        if last.code_rne is not None:
            assert uai_problem(last.code_rne) is None
    ines = [p.id_national for p in pupils if p.id_national]
    assert len(ines) == len(set(ines))


def test_population_edge_cases(data: dict[str, Any]) -> None:
    pupils: list[Eleve] = data["eleves"]["ELEVES"]
    leavers = [p for p in pupils if p.date_sortie]
    # real Élèves exports of the rentrée hold many leavers (530 of 1 052 in one of them)
    assert 0.1 * PUPILS <= len(leavers) <= 0.3 * PUPILS
    motifs = {row.code for row in data["nomenclature"].codes["MOTIFS_SORTIE"]}
    assert all(p.code_motif_sortie in motifs for p in leavers)
    assert [p for p in pupils if not p.id_national]
    assert [p for p in pupils if p.ine_bea]
    assert [p for p in pupils if p.doublement]
    assert [p for p in pupils if p.prenom2]
    assert [p for p in pupils if p.code_pays != "100" and p.ville_naiss]
    assert [p for p in pupils if p.adresse_id]
    assert [p for p in pupils if p.code_commune_insee_naiss]
    families = Counter(p.nom_de_famille for p in pupils)
    assert any(count > 1 for count in families.values())
    assert any("'" in name or " " in name or "-" in name for name in families)


def test_ages_match_the_levels(data: dict[str, Any], school: SyntheticSchool) -> None:
    ages = {
        "10010012110": 11,
        "10110001110": 12,
        "10210001110": 13,
        "10310019110": 14,
        "20010018110": 15,
        "20110019110": 16,
        "20210019110": 17,
    }
    for pupil in data["eleves"]["ELEVES"]:
        expected = school.year - ages[pupil.code_mef] - int(bool(pupil.doublement))
        assert expected - 1 <= pupil.date_naiss.year <= expected + 1


def test_divisions_and_groups_exist_and_fit_the_mef(data: dict[str, Any]) -> None:
    structures: Structures = data["structures"]
    divisions = {d.code_structure: d for d in structures.divisions}
    groups = {g.code_structure: g for g in structures.groupes}
    assert any(" " in code for code in divisions) and any("_" in code for code in divisions)
    assert all(d.code_contrat == "3" and d.code_rne == structures.uai for d in divisions.values())
    mef_of = {p.eleve_id: p.code_mef for p in data["eleves"]["ELEVES"]}
    rows: list[StructuresEleve] = data["eleves"]["STRUCTURES"]
    assert len(rows) < PUPILS  # some pupils are not placed
    for row in rows:
        division = divisions[row.division]
        assert mef_of[row.eleve_id] in division.mef_codes
        for code in row.groupes:
            assert row.division in groups[code].division_codes
    assert any(row.groupes for row in rows)
    for pupil in data["import"]["ELEVES"]:
        active = pupil.scolarite_active
        if active.code_division is not None:
            assert active.code_mef in divisions[active.code_division].mef_codes


def test_options_follow_the_nomenclature(data: dict[str, Any]) -> None:
    nomenclature: Nomenclature = data["nomenclature"]
    programmes = {
        (p.code_mef, p.code_matiere, p.code_modalite_elect) for p in nomenclature.programmes
    }
    ranks = {(o.code_mef, o.code_matiere, o.rang_option) for o in nomenclature.options_obligatoires}
    required = {m.code_mef: m.nb_opt_oblig for m in nomenclature.mefs}
    assert "020C00" in {m.code_matiere for m in nomenclature.matieres}
    imported: list[imp.Eleve] = data["import"]["ELEVES"]
    for pupil in imported:
        active = pupil.scolarite_active
        assert active is not None
        options = active.options
        for option in options:
            assert (active.code_mef, option.code_matiere, option.code_modalite_elect) in programmes
        compulsory = [o for o in options if o.code_modalite_elect == "O"]
        assert len(compulsory) == required[active.code_mef]
        assert options[: len(compulsory)] == compulsory
        for rank, option in enumerate(compulsory, start=1):
            assert (active.code_mef, option.code_matiere, rank) in ranks
    exported: list[OptionsEleve] = data["eleves"]["OPTIONS"]
    mef_of = {p.eleve_id: p.code_mef for p in data["eleves"]["ELEVES"]}
    for row in exported:
        for n, option in enumerate(row.options_eleve or [], start=1):
            assert option.num_option == n
            key = (mef_of[row.eleve_id], option.code_matiere, option.code_modalite_elect)
            assert key in programmes


def test_previous_year_mef_is_a_mef_d_origine(data: dict[str, Any]) -> None:
    origins = {m.code_mef for m in data["nomenclature"].mefs if m.mef_origine}
    for pupil in data["import"]["ELEVES"]:
        previous = pupil.etablissement_an_dernier
        if previous.code_mef is not None:
            assert previous.code_mef in origins


def test_links_point_to_existing_persons(data: dict[str, Any]) -> None:
    persons: list[Personne] = data["responsables"]["PERSONNES"]
    person_ids = {p.personne_id for p in persons}
    assert len(person_ids) == len(persons)
    pupil_ids = {p.eleve_id for p in data["eleves"]["ELEVES"]}
    links: list[ResponsableEleve] = data["responsables"]["RESPONSABLES"]
    assert {link.personne_id for link in links} == person_ids
    assert {link.eleve_id for link in links} == pupil_ids
    levels = Counter(link.level for link in links)
    assert levels[1] and levels[3]
    addresses = {a.adresse_id for a in data["responsables"]["ADRESSES"]}
    assert {p.adresse_id for p in persons if p.adresse_id} == addresses
    pupil_addresses = {a.adresse_id for a in data["eleves"]["ADRESSES"]}
    assert {p.adresse_id for p in data["eleves"]["ELEVES"] if p.adresse_id} == pupil_addresses
    imported = {p.id_prv_per for p in data["import"]["PERSONNES"]}
    for pupil in data["import"]["ELEVES"]:
        legal = pupil.responsables_eleve.legaux()
        assert 1 <= len(legal) <= 2
        assert all(link.id_prv_per in imported for _, link in pupil.links())


def test_exports_and_import_agree(data: dict[str, Any], school: SyntheticSchool) -> None:
    exported: list[Eleve] = data["eleves"]["ELEVES"]
    imported: list[imp.Eleve] = data["import"]["ELEVES"]
    persons: list[Personne] = data["responsables"]["PERSONNES"]
    imported_persons: list[imp.Personne] = data["import"]["PERSONNES"]
    stats = school.stats()
    assert len(exported) == len(imported) == stats.eleves == PUPILS
    assert len(persons) == len(imported_persons) == stats.responsables
    assert sum(1 for p in exported if p.date_sortie) == sum(1 for p in imported if p.is_leaver)
    assert stats.sortants == sum(1 for p in imported if p.is_leaver)
    assert stats.sans_ine == sum(1 for p in imported if not p.id_national)
    by_private = {p.id_prv_ele: p for p in imported}
    for pupil in exported:
        twin = by_private[pupil.id_prv_ele]
        assert (
            pupil.nom_de_famille,
            pupil.prenom,
            pupil.date_naiss,
            pupil.id_national,
            pupil.ine_bea,
            pupil.code_mef,
            pupil.date_sortie,
            pupil.code_motif_sortie,
        ) == (
            twin.nom_de_famille,
            twin.prenom,
            twin.date_naiss,
            twin.id_national,
            twin.ine_bea,
            twin.scolarite_active.code_mef,
            twin.date_sortie or None,
            twin.code_motif_sortie,
        )
    person_private = {p.personne_id: p.id_prv_per for p in persons}
    pupil_private = {p.eleve_id: p.id_prv_ele for p in exported}
    exported_links = {
        (pupil_private[link.eleve_id], person_private[link.personne_id], link.level)
        for link in data["responsables"]["RESPONSABLES"]
    }
    levels = {"LEGAL": 1, "PERSONNE_EN_CHARGE": 2, "CONTACT": 3}
    imported_links = {
        (pupil.id_prv_ele, link.id_prv_per, levels[role])
        for pupil in imported
        for role, link in pupil.links()
    }
    assert exported_links == imported_links
    names = {p.id_prv_per: (p.nom_de_famille, p.prenom) for p in imported_persons}
    assert {p.id_prv_per: (p.nom_de_famille, p.prenom) for p in persons} == names


_ADDRESS_FIELDS = (
    "ligne1_adresse",
    "ligne2_adresse",
    "ligne3_adresse",
    "ligne4_adresse",
    "commune_etrangere",
    "code_postal",
    "code_pays",
)


def _same_address(mine: imp.Adresse | None, theirs: ExportAdresse | None) -> bool:
    """The import form's address is the export's (empty export fields are absent ones)."""
    if mine is None or theirs is None:
        return mine is None and theirs is None
    return all(getattr(mine, f) == (getattr(theirs, f) or None) for f in _ADDRESS_FIELDS)


def test_rare_elements_agree_between_forms(data: dict[str, Any]) -> None:
    """The elements few pupils use are there, the same in the exports and the import file."""
    exported: dict[str | None, Eleve] = {p.id_prv_ele: p for p in data["eleves"]["ELEVES"]}
    addresses = {a.adresse_id: a for a in data["eleves"]["ADRESSES"]}
    imported: list[imp.Eleve] = data["import"]["ELEVES"]
    seen: Counter[str] = Counter()
    for pupil in imported:
        twin = exported[pupil.id_prv_ele]
        # the software keeps 10 digits, SIECLE's exports the +33 form
        for name in ("tel_personnel", "tel_professionnel"):
            mine = getattr(pupil, name)
            assert getattr(twin, name) == ("+33" + mine[1:] if mine else None), name
            seen[name] += bool(mine)
        assert _same_address(pupil.adresse, addresses.get(twin.adresse_id))
        if pupil.adresse is not None:
            seen["ligne4"] += bool(pupil.adresse.ligne4_adresse)
            if pupil.adresse.code_pays != "100":
                assert pupil.adresse.commune_etrangere and not pupil.adresse.code_postal
                seen["abroad"] += 1
        previous = pupil.etablissement_an_dernier
        last = twin.scolarite_an_dernier
        assert previous is not None and last is not None
        assert last.code_rne == previous.code_rne
        assert (previous.code_rne is None) != (previous.code_departement is None)
        if previous.code_departement is not None:
            # a takeover from the exports could not send it for a current pupil
            assert pupil.is_leaver
            seen["departement"] += 1
        if previous.type_mef is not None:
            assert previous.code_mef is not None and previous.type_mef == previous.code_mef[10]
            seen["type_mef"] += 1
        assert pupil.scolarite_active is not None
        seen["arret_formation"] += pupil.scolarite_active.arret_formation is False
    assert set(seen) == {
        "tel_personnel",
        "tel_professionnel",
        "ligne4",
        "abroad",
        "departement",
        "type_mef",
        "arret_formation",
    }
    assert all(seen.values()), seen
    persons: list[imp.Personne] = data["import"]["PERSONNES"]
    assert [p for p in persons if p.adresse and p.adresse.ligne4_adresse]
    exported_persons = {p.id_prv_per: p for p in data["responsables"]["PERSONNES"]}
    person_addresses = {a.adresse_id: a for a in data["responsables"]["ADRESSES"]}
    for person in persons:
        address = person_addresses.get(exported_persons[person.id_prv_per].adresse_id)
        assert _same_address(person.adresse, address)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_every_schema_element_is_used_from_100_pupils(seed: int) -> None:
    school = SyntheticSchool(100, seed=seed)
    used: set[str] = set()
    for person in school.persons():
        used |= record_paths(person)
    for pupil in school.pupils():
        used |= record_paths(pupil)
    assert sorted(schema_paths() - used) == []


def test_api_forms_match_the_files(data: dict[str, Any], school: SyntheticSchool) -> None:
    assert list(school.export_pupils()) == data["eleves"]["ELEVES"]
    assert list(school.export_persons()) == data["responsables"]["PERSONNES"]
    assert list(school.export_links()) == data["responsables"]["RESPONSABLES"]
    pupils = list(school.pupils())
    assert [p.id_prv_ele for p in pupils] == [p.id_prv_ele for p in data["import"]["ELEVES"]]
    assert [p.eleve_id for p in pupils] == [p.eleve_id for p in data["eleves"]["ELEVES"]]
    persons = list(school.persons())
    assert [p.personne_id for p in persons] == [
        p.personne_id for p in data["responsables"]["PERSONNES"]
    ]


def test_accents_and_iso_8859_15_letters_survive(files: dict[str, Path]) -> None:
    for key in ("eleves", "responsables", "import-eleves"):
        raw = files[key].read_bytes()
        assert b"\xbc" in raw or b"\xbd" in raw, key  # Œ or œ in ISO-8859-15
        text = raw.decode("iso8859-15")
        assert "é" in text and "'" in text


# --- limits ---------------------------------------------------------------------------------


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        SyntheticSchool(0)
    with pytest.raises(ValueError):
        SyntheticSchool(10, uai="0750680H")
    assert SyntheticSchool(10, uai="0750680G").uai == "0750680G"


def test_no_import_file_beyond_the_private_id_range(tmp_path: Path) -> None:
    school = SyntheticSchool(100_000)
    assert school.import_problem() is not None
    with pytest.raises(VendorDataError):
        school.write_import(tmp_path)
    assert not list(tmp_path.iterdir())
    assert SyntheticSchool(500).import_problem() is None


def test_memory_stays_flat(tmp_path: Path) -> None:
    """20 000 pupils written under a 1 GiB address-space limit, in a fresh interpreter whose own
    peak stays under 250 MB (whatever the memory of the test run it is started from)."""
    script = textwrap.dedent(
        """
        import json, resource, sys
        limit = 1 << 30
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        from siecle_sdk.tools.synthetic import SyntheticSchool
        school = SyntheticSchool(20_000, seed=5)
        school.write_exports(sys.argv[1])
        # this process's own peak: ru_maxrss would count the test run's memory it was forked
        # from (Linux keeps the peak across exec), VmHWM is the peak since exec
        with open("/proc/self/status") as status:
            peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
        print(json.dumps({"eleves": school.stats().eleves, "peak_kib": peak}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["eleves"] == 20_000
    assert result["peak_kib"] < 250 * 1024
    assert (tmp_path / "ElevesAvecAdresses.xml").stat().st_size > 20_000 * 1000


# --- command --------------------------------------------------------------------------------


def test_cli_fake_then_inspect(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    out = tmp_path / "out"
    result = run_cli("fake", "--pupils", "50", "--out", out, "--seed", "3")
    assert result.code == 0, result.err
    assert "Élèves : 50" in result.out and "octets" in result.out
    assert result.err == ""
    written = sorted(out.iterdir())
    assert len(written) == 6
    kinds = {}
    for path in written:
        inspected = run_cli("inspect", "--json", path)
        assert inspected.code == 0, inspected.err
        info = json.loads(inspected.out)
        kinds[info["kind"]] = info
    assert set(kinds) == {*EXPORT_FILES, "import-eleves"}
    for kind in ("eleves", "responsables", "import-eleves"):
        assert kinds[kind]["counts"]["eleves"] == 50
    assert (
        kinds["responsables"]["counts"]["responsables"]
        == (kinds["import-eleves"]["counts"]["responsables"])
    )


def test_cli_options(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    result = run_cli(
        "fake",
        "--pupils",
        "12",
        "--out",
        tmp_path,
        "--zip",
        "--no-import",
        "--uai",
        "0590181B",
        "--year",
        "2020",
    )
    assert result.code == 0, result.err
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"ExportXML_{n.removesuffix('.xml')}.zip" for n in EXPORT_FILES.values())
    with open_document(tmp_path / "ExportXML_ElevesAvecAdresses.zip") as doc:
        assert (doc.uai, doc.school_year) == ("0590181B", "2020")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--pupils", "0"), "nombre d'élèves"),
        (("--pupils", "5", "--uai", "0750680H"), "clé de l'UAI"),
        (("--pupils", "5", "--year", "1990"), "année de rentrée"),
    ],
)
def test_cli_refuses_bad_values(
    tmp_path: Path, run_cli: Callable[..., Any], args: tuple[str, ...], message: str
) -> None:
    result = run_cli("fake", "--out", tmp_path / "x", *args)
    assert result.code == 2
    assert message in result.err
    assert not (tmp_path / "x").exists()


# --- the synthetic school against real nomenclatures ----------------------------------------


def test_compulsory_options_follow_real_nomenclatures(data: dict[str, Any]) -> None:
    """Every MEF the synthetic school shares with the real Nomenclature samples (where the real
    school enrols pupils in it) asks for the same
    number of compulsory options (1 in 6EME; LV1 and LV2 in 5G, 4G, 3EME; 2 in 2-GT; 5 in 1G),
    drawn from the matières the real file allows at each rank; its pupils follow it."""
    ours: Nomenclature = data["nomenclature"]
    real = [Nomenclature.load(path) for path in sorted(SAMPLES.glob("*omenclature*.xml"))]
    compared = set()
    for mef in ours.mefs:
        for sample in real:
            theirs = next((m for m in sample.mefs if m.code_mef == mef.code_mef), None)
            if theirs is None or not (theirs.mef_selectionne or theirs.inscription_etab):
                continue  # not a MEF that school enrols pupils in
            compared.add(mef.code_mef)
            assert mef.nb_opt_oblig == theirs.nb_opt_oblig, (mef.code_mef, sample.parameters)
            allowed: dict[int, set[str]] = {}
            for option in sample.options_obligatoires:
                if option.code_mef == mef.code_mef and isinstance(option.rang_option, int):
                    allowed.setdefault(option.rang_option, set()).add(option.code_matiere or "")
            if len(allowed) != theirs.nb_opt_oblig:
                continue  # a trimmed sample that does not list every rank
            for option in ours.options_obligatoires:
                if option.code_mef == mef.code_mef:
                    assert isinstance(option.rang_option, int)
                    assert option.code_matiere in allowed[option.rang_option], option
    assert {"10010012110", "10110001110", "10210001110", "10310019110"} <= compared
    assert {"20010018110", "20110019110"} <= compared
    wanted = {m.code_mef: m.nb_opt_oblig for m in ours.mefs}
    for option in data["eleves"]["OPTIONS"]:
        option_mef = next(
            p.code_mef for p in data["eleves"]["ELEVES"] if p.eleve_id == option.eleve_id
        )
        compulsory = [o for o in option.options_eleve if o.code_modalite_elect == "O"]
        assert len(compulsory) == wanted[option_mef], option


def test_corsica_has_its_education_nationale_codes() -> None:
    """Corsica's départements are 620 and 720 for Éducation nationale (2A/2B are INSEE's)."""
    from siecle_sdk.tools.synthetic import tables

    rows = {row[1][:2]: row[0] for row in tables._COMMUNE_ROWS if row[1][:2] in ("2A", "2B")}
    assert rows == {"2A": "620", "2B": "720"}
