"""``siecle doctor`` end to end: a fake school, the reference samples, the three renderings."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

from siecle_sdk.doctor.render import checklist_html
from siecle_sdk.doctor.run import doctor_rules, run_doctor
from siecle_sdk.plugin.manager import get_manager
from siecle_sdk.rules.engine import check_file

from ..conftest import SAMPLES, Result, sample_files
from .conftest import TODAY, TinySchool

Run = Callable[..., Result]

#: every line of the checklist of a complete, coherent school, in order
FULL_CHECKLIST = [
    ("fichiers", "Fichiers lisibles"),
    ("fichiers", "Même établissement (UAI) pour tous les exports"),
    ("fichiers", "Même année scolaire pour tous les exports"),
    ("fichiers", "Année scolaire ouverte dans SIECLE"),
    ("fichiers", "Exports nécessaires fournis"),
    ("fichiers", "Export Nomenclature (Nomenclature.xml)"),
    ("fichiers", "Export Structures (Structures.xml)"),
    ("fichiers", "Export Communs (Communs.xml)"),
    ("fichiers", "Export Élèves (ElevesAvecAdresses.xml)"),
    ("fichiers", "Export Responsables (ResponsablesAvecAdresses.xml)"),
    ("communs", "Identité de l'établissement"),
    ("communs", "Dates de l'année scolaire des élèves"),
    ("communs", "Dates de l'année scolaire des professeurs"),
    ("communs", "Périodes pédagogiques dans l'année scolaire"),
    ("nomenclatures", "MEF de scolarisation sélectionnés"),
    ("nomenclatures", "MEF d'origine sélectionnés"),
    ("nomenclatures", "Matières optionnelles sélectionnées"),
    ("nomenclatures", "Programme de chaque MEF sélectionné"),
    ("nomenclatures", "Options obligatoires de chaque MEF sélectionné"),
    ("nomenclatures", "Profilage fin par MEF"),
    ("structures", "Au moins une division"),
    ("structures", "Chaque division rattachée à au moins un MEF"),
    ("structures", "MEF des divisions sélectionnés pour l'inscription"),
    ("structures", "Chaque MEF sélectionné utilisé par une division"),
    ("structures", "Chaque groupe rattaché à des divisions existantes"),
    ("structures", "Codes de division distincts des codes de groupe"),
    ("eleves", "Exports Élèves et Responsables cohérents"),
    ("eleves", "Élèves dans une division existante"),
    ("eleves", "MEF des élèves rattaché à leur division"),
    ("eleves", "Élèves placés dans une division"),
    ("eleves", "Élèves avec INE"),
    ("eleves", "Motif de sortie de chaque sortant"),
    ("eleves", "Options des élèves profilées sur leur MEF"),
]

#: the reference samples: four schools, two years, trimmed nomenclatures, one file that is not
#: well-formed (as of 05/06/2019)
SAMPLES_CHECKLIST = [
    "✗ Exports SIECLE — étape 5 : exports XML génériques de BEE",
    "  ✗ Fichiers lisibles",
    "  ✗ Même établissement (UAI) pour tous les exports",
    "  ✓ Même année scolaire pour tous les exports",
    "  ✓ Année scolaire ouverte dans SIECLE",
    "  ⚠ Exports nécessaires fournis",
    "  ⚠ Export Nomenclature (Nomenclature-0750680G-2018.xml)",
    "  ⚠ Export Nomenclature (Nomenclature-0750680G-2019.xml)",
    "  ⚠ Export Nomenclature (nomenclature_code_modalite_elec_double.xml)",
    "  ⚠ Export Nomenclature (nomenclature_simple.xml)",
    "  ✓ Export Nomenclature (nomenclature_tout_niveau.xml)",
    "  ⚠ Export Élèves (eleves_avec_adresse_avec_double_structure.xml)",
    "  ✓ Export Responsables (responsables_avec_adresses_simple.xml)",
    "⚠ Données communes — étape 2 : application Données communes",
    "  ⚠ Contrôles non faits",
    "✗ Nomenclatures — étape 3 : application Nomenclatures, profilage",
    "  ✓ MEF de scolarisation sélectionnés",
    "  ✓ MEF d'origine sélectionnés",
    "  ✗ Matières optionnelles sélectionnées",
    "  ✗ Programme de chaque MEF sélectionné",
    "  ✗ Options obligatoires de chaque MEF sélectionné",
    "  ✓ Profilage fin par MEF",
    "⚠ Structures — étape 4 : divisions et groupes dans STSweb",
    "  ⚠ Contrôles non faits",
]


def _heads(text: str) -> list[str]:
    """The step headings and the first line of each check (label only) of a text checklist."""
    heads = []
    for raw in text.splitlines():
        if re.match(r"^[✓⚠✗] ", raw):
            heads.append(raw)
        elif re.match(r"^  [✓⚠✗] ", raw):
            heads.append(raw.split(" : ")[0])
    return heads


def _fake(run_cli: Run, folder: Path, *extra: str) -> list[Path]:
    made = run_cli("fake", "--pupils", "150", "--seed", "3", "--out", folder, "--no-import", *extra)
    assert made.code == 0, made.err
    return sorted(folder.iterdir())


def test_fake_school_has_no_error(run_cli: Run, tmp_path: Path) -> None:
    files = _fake(run_cli, tmp_path / "fake")
    result = run_cli("doctor", *files, "--date", "10/09/2019")
    assert result.code == 0, result.out + result.err
    assert "✗" not in result.out.split("Bilan")[0]
    assert re.search(r"Bilan : \d+ ✓, \d+ ⚠, 0 ✗\.", result.out)
    data = json.loads(run_cli("doctor", *files, "--date", "10/09/2019", "--json").out)
    assert data["counts"]["erreur"] == 0
    ours = {r.family for r in doctor_rules() if r.__module__.startswith("siecle_sdk.doctor.")}
    lines = [c for s in data["steps"] for c in s["checkpoints"] if c["rule"] in ours]
    assert [(c["step"], c["label"]) for c in lines] == FULL_CHECKLIST


def test_fake_school_zipped_in_any_order(run_cli: Run, tmp_path: Path) -> None:
    files = _fake(run_cli, tmp_path / "zips", "--zip")
    assert all(f.suffix == ".zip" for f in files)
    first = run_cli("doctor", *files, "--date", "10/09/2019")
    second = run_cli("doctor", *reversed(files), "--date", "10/09/2019")
    assert first.code == second.code == 0
    assert first.out == second.out
    assert "Export Élèves (ExportXML_ElevesAvecAdresses.zip)" in first.out


def test_samples_checklist_is_stable(run_cli: Run, samples: Path) -> None:
    files = sorted(SAMPLES.glob("*.xml"))
    first = run_cli("doctor", *files, "--date", "05/06/2019")
    second = run_cli("doctor", *reversed(files), "--date", "05/06/2019")
    assert first.code == 2  # one sample is not well-formed: the checklist says so, status 2
    assert first.out == second.out
    assert _heads(first.out) == SAMPLES_CHECKLIST
    flat = " ".join(first.out.split())
    assert "eleves_avec_adresse_simple.xml n'est pas bien formé" in flat and "ligne 139" in flat
    assert "Établissement 0140070A, année scolaire 2018-2019, au 05/06/2019" in first.out
    assert all(len(line) <= 100 for line in first.out.splitlines())


def test_real_nomenclature_is_profiled(samples: Path) -> None:
    checklist = run_doctor([SAMPLES / "Nomenclature-0750680G-2019.xml"], TODAY)
    nomenclature = [c for c in checklist.checkpoints if c.step == "nomenclatures"]
    assert len(nomenclature) == 6
    assert all(c.status.value == "ok" for c in nomenclature)


def test_json_shape(run_cli: Run, school: TinySchool, tmp_path: Path) -> None:
    files = school.write(tmp_path)
    result = run_cli("doctor", *files, "--date", "10/09/2019", "--format", "json")
    assert result.code == 0
    data = json.loads(result.out)
    assert set(data) == {
        "uai",
        "school_year",
        "date",
        "status",
        "symbol",
        "counts",
        "verdict",
        "files",
        "steps",
    }
    assert (data["uai"], data["school_year"], data["date"]) == ("0750680G", "2019", "2019-09-10")
    assert data["status"] == "attention" and data["symbol"] == "⚠"
    assert [s["step"] for s in data["steps"]] == [
        "fichiers",
        "communs",
        "nomenclatures",
        "structures",
        "eleves",
    ]
    line = data["steps"][4]["checkpoints"][4]
    assert set(line) == {"step", "status", "symbol", "label", "reason", "action", "rule"}
    assert line["rule"] == "ELEVE_SANS_INE" and line["status"] == "attention"
    assert data["files"][0]["exported"] == "2019-09-05T10:00:00"
    both = run_cli("doctor", *files, "--json", "--format", "html")
    assert both.code == 2


def test_exit_status(run_cli: Run, school: TinySchool, tmp_path: Path) -> None:
    school.divisions["6B"] = []
    result = run_cli("doctor", *school.write(tmp_path / "a"), "--date", "10/09/2019")
    assert result.code == 1
    assert "1 point ✗ : SIECLE rejettera" in result.out
    junk = tmp_path / "notes.txt"
    junk.write_text("bonjour", encoding="utf-8")
    unusable = run_cli("doctor", junk)
    assert unusable.code == 2
    assert "Aucun export SIECLE utilisable" in unusable.err
    missing = run_cli("doctor", tmp_path / "absent.xml")
    assert missing.code == 2


def test_html_page(run_cli: Run, school: TinySchool, tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> & CIE"
    assert school.school is not None
    school.school["DENOM_COMPL"] = hostile
    out = tmp_path / "diagnostic.html"
    result = run_cli(
        "doctor",
        *school.write(tmp_path / "e"),
        "--date",
        "10/09/2019",
        "--format",
        "html",
        "-o",
        out,
    )
    assert result.code == 0 and result.out == ""
    assert "Diagnostic écrit dans" in result.err
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert html.escape(hostile, quote=False) in page
    assert not re.search(r"""(?:src|href)=["']?https?:""", page)
    for step in ("fichiers", "communs", "nomenclatures", "structures", "eleves"):
        assert f'id="etape-{step}"' in page
    assert page.count('class="point ') == len(
        run_doctor(school.write(tmp_path / "f"), TODAY).checkpoints
    )


def test_html_renders_the_samples(samples: Path) -> None:
    page = checklist_html(run_doctor(sample_files(), TODAY))
    assert "Contrôles non faits" in page
    assert "non (autre établissement)" in page


def test_readiness_rules_are_plugins_ignored_by_the_pre_check(tmp_path: Path) -> None:
    manager = get_manager()
    doctor = next(p for p in manager.plugins() if p.name == "doctor")
    assert doctor.builtin and doctor.status == "ok" and "siecle_rules" in doctor.hooks
    families = [r.family for r in doctor_rules() if r.__module__.startswith("siecle_sdk.doctor.")]
    assert families[:2] == ["FICHIERS_LISIBLES", "MEME_UAI"]
    assert len(families) == len(set(families)) == 29
    from siecle_sdk.tools.synthetic import SyntheticSchool

    fake = SyntheticSchool(5, seed=4)
    imported = fake.write_import(tmp_path)
    report = check_file(imported, {})
    assert not set(report.disabled) & set(families)


def test_rules_run_on_the_pre_check_context(school: TinySchool, tmp_path: Path) -> None:
    from siecle_sdk.doctor import communs, files, pupils
    from siecle_sdk.rules.context import load_context

    school.pupils[3].motif = None
    paths = dict(zip(TinySchool.NAMES, school.write(tmp_path), strict=True))
    ctx = load_context(school.uai, school.year, paths)
    assert [c.status.value for c in communs.Periods().check_exports(ctx)] == ["ok"]
    assert [c.status.value for c in pupils.LeaversWithoutMotive().check_exports(ctx)] == ["erreur"]
    dates = list(files.ExportDates().check_exports(ctx))
    assert len(dates) == 4 and all(c.status.value == "ok" for c in dates)
