"""SIECLE's deposit checks, shared by ``check``, ``push`` and the sandbox: a file SIECLE would
refuse whole is refused by the three, with the reason (exit status 2), and a file it takes in gets
the same compte-rendu from ``check`` and from the sandbox."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from siecle_sdk.exchange.packaging import build_package
from siecle_sdk.identifiers import uai_key
from siecle_sdk.report import rows
from siecle_sdk.rules.engine import check_file
from siecle_sdk.sandbox import Sandbox

from .conftest import Result
from .damaged import SCHOOL

WHEN = dt.datetime(2019, 9, 5, 14, 30, 12)
Run = Callable[..., Result]


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return SCHOOL.write_exports(tmp_path_factory.mktemp("exports"))


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    school = SCHOOL.exchange_school()
    folder = tmp_path_factory.mktemp("depot")
    return build_package(school, folder, software="SIECLE-SDK", send_number=1, when=WHEN).zip_path


def _xml(zip_path: Path) -> tuple[str, bytes]:
    with zipfile.ZipFile(zip_path) as archive:
        (name,) = archive.namelist()
        return name, archive.read(name)


def _zip(folder: Path, zip_name: str, member: str, content: bytes) -> Path:
    folder.mkdir(parents=True)
    path = folder / zip_name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, content)
    return path


def _other_uai(uai: str) -> str:
    digits = f"{(int(uai[:7]) + 1) % 10**7:07d}"
    return digits + uai_key(digits)


def _refusals(good: Path, folder: Path) -> dict[str, tuple[Path, str]]:
    """``case -> (zip, words of check's reason)`` for every reason to refuse a deposit whole."""
    member, data = _xml(good)
    text = data.decode("iso8859-15")
    base = good.stem
    uai = SCHOOL.uai
    wrong_key = uai[:7] + next(c for c in "ABCDEFGH" if c != uai[7])
    other = _other_uai(uai)
    name = re.search(r"<NOM_DE_FAMILLE>([^<]+)</NOM_DE_FAMILLE>", text)
    assert name is not None
    later = base.replace(f"PRIVE{SCHOOL.year}", f"PRIVE{SCHOOL.year + 1}")
    return {
        "xml-mal-nomme": (
            _zip(folder / "1", good.name, "import.xml", data),
            "nom de fichier zip incorrect",
        ),
        "zip-mal-nomme": (_zip(folder / "2", "depot.zip", "depot.xml", data), "mal formaté"),
        "cle-de-l-uaj": (
            _zip(
                folder / "3",
                good.name.replace(uai, wrong_key),
                member.replace(uai, wrong_key),
                data.replace(uai.encode(), wrong_key.encode()),
            ),
            "la clé de l'UAI",
        ),
        "uaj-d-un-autre-etablissement": (
            _zip(folder / "4", good.name, member, data.replace(uai.encode(), other.encode())),
            f"destine à l'établissement {uai}, mais PARAMETRES/UAJ est {other}",
        ),
        "annee-du-nom": (
            _zip(folder / "5", f"{later}.zip", f"{later}.xml", data),
            f"l'année du nom du fichier ({SCHOOL.year + 1})",
        ),
        "caractere-que-SIECLE-ne-stocke-pas": (
            _zip(
                folder / "6",
                good.name,
                member,
                text.replace(name.group(0), "<NOM_DE_FAMILLE>&#x1F600;</NOM_DE_FAMILLE>", 1).encode(
                    "iso8859-15"
                ),
            ),
            "le caractère « 😀 » (U+1F600) ne peut pas être enregistré par SIECLE",
        ),
        "version-inconnue": (
            _zip(folder / "7", good.name, member, data.replace(b'VERSION="3.1"', b'VERSION="4.0"')),
            "version « 4.0 » du fichier inconnue",
        ),
        "schema": (
            _zip(
                folder / "8",
                good.name,
                member,
                data.replace(b"</LOGICIEL>", b"</LOGICIEL><INCONNU>1</INCONNU>"),
            ),
            "élément inattendu",
        ),
    }


def test_check_and_the_sandbox_refuse_the_same_files(
    good: Path, exports: dict[str, Path], tmp_path: Path, run_cli: Run
) -> None:
    base = tmp_path / "base"
    Sandbox.create(base, exports).close()
    for case, (path, reason) in _refusals(good, tmp_path / "refus").items():
        checked = run_cli("check", path, "-o", tmp_path / f"{case}.txt")
        assert checked.code == 2, (case, checked)
        report = " ".join((tmp_path / f"{case}.txt").read_text(encoding="utf-8").split())
        assert "Dépôt refusé" in report and reason.lower() in report.lower(), (case, report)
        deposited = run_cli("sandbox", "deposit", "--base", base, path)
        assert deposited.code == 2, (case, deposited)
        assert "Dépôt refusé" in deposited.err, (case, deposited)
    with Sandbox(base) as box:
        assert box.history() == []
    assert run_cli("check", good).code in (0, 1)
    assert run_cli("sandbox", "deposit", "--base", base, good).code in (0, 1)


def test_a_bare_xml_is_checked_but_its_name_is_not(good: Path, tmp_path: Path) -> None:
    """A bare XML (before ``push`` zips it) is checked; a name that is not a deposit's is noted."""
    member, data = _xml(good)
    bare = tmp_path / "export-du-logiciel.xml"
    bare.write_bytes(data)
    report = check_file(bare, {})
    assert not report.refused
    assert any(n.startswith("Nom du fichier non contrôlé") for n in report.notices)
    named = tmp_path / member
    shutil.copy(bare, named)
    assert check_file(named, {}).notices == []


def test_the_sandbox_reproduces_check_s_compte_rendu(
    good: Path, exports: dict[str, Path], tmp_path: Path
) -> None:
    """A file with records SIECLE rejects or flags: the sandbox's compte-rendu and ``check``'s,
    with the same exports, have the same lines in every section."""
    member, data = _xml(good)
    text = data.decode("iso8859-15")
    text = re.sub(
        r"<CODE_DIVISION>[^<]+</CODE_DIVISION>", "<CODE_DIVISION>X1</CODE_DIVISION>", text, count=1
    )
    text = re.sub(
        r"<NOM_DE_FAMILLE>([^<]+)</NOM_DE_FAMILLE>(\s*<PRENOM>)",
        r"<NOM_DE_FAMILLE>\1-X</NOM_DE_FAMILLE>\2",
        text,
    )
    faulty = _zip(tmp_path / "faute", good.name, member, text.encode("iso8859-15"))
    checked = check_file(faulty, exports)
    assert {f.code for f in checked.findings} >= {"ACDIV_B_01", "ELNOM"}
    with Sandbox.create(tmp_path / "base", exports) as box:
        box.deposit(faulty)
        (integration,) = box.night().integrations
        integrated = integration.report

    def lines(report: object) -> list[tuple[int, str, str]]:
        return sorted((r.section, r.code, r.private_id) for r in rows(report))  # type: ignore[arg-type]

    assert lines(integrated) == lines(checked)
