"""Unusable, broken and hostile inputs end with exit status 2 and a clear French message."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import MALFORMED, Result

HEADER = (
    '<?xml version="1.0" encoding="ISO-8859-15"?>\n<BEE_ELEVES VERSION="3.0">\n'
    "  <PARAMETRES><UAJ>0750680G</UAJ><ANNEE_SCOLAIRE>2019</ANNEE_SCOLAIRE></PARAMETRES>\n"
)
GOOD = (
    HEADER + '  <DONNEES><ELEVES><ELEVE ELEVE_ID="1"><NOM_DE_FAMILLE>DUPONT</NOM_DE_FAMILLE>'
    "</ELEVE></ELEVES></DONNEES>\n</BEE_ELEVES>\n"
)


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("iso8859-15"))
    return path


def refused(result: Result, *words: str) -> None:
    assert result.code == 2, result
    assert "Traceback" not in result.err
    assert result.out == ""
    for word in words:
        assert word in result.err, (word, result.err)


@pytest.fixture
def inspect(run_cli: Callable[..., Result]) -> Callable[[Path], Result]:
    return lambda path: run_cli("inspect", path)


def test_good_file_is_accepted(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    result = inspect(write(tmp_path, "ok.xml", GOOD))
    assert result.code == 0, result
    assert "Élèves" in result.out


def test_missing_file(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    refused(inspect(tmp_path / "absent.xml"), "absent.xml")


def test_directory(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    refused(inspect(tmp_path))


def test_empty_file(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    refused(inspect(write(tmp_path, "vide.xml", b"")), "vide.xml", "vide")


def test_whitespace_only(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    refused(inspect(write(tmp_path, "blanc.xml", b"   \n\n")), "blanc.xml")


def test_truncated_file(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    path = write(tmp_path, "tronque.xml", GOOD[: len(GOOD) // 2 + 40])
    refused(inspect(path), "tronque.xml", "tronqué", "ligne")


def test_mismatched_tags(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    bad = GOOD.replace("</NOM_DE_FAMILLE>", "</NOM>")
    refused(inspect(write(tmp_path, "balises.xml", bad)), "balises.xml", "ligne 4")


def test_malformed_sample(samples: Path, inspect: Callable[[Path], Result]) -> None:
    refused(inspect(samples / MALFORMED), MALFORMED, "ligne 139")


def test_pdf_renamed(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    path = write(tmp_path, "export.xml", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    refused(inspect(path), "export.xml", "PDF")


def test_html_error_page(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    page = "<!DOCTYPE html>\n<html><head><title>Erreur 503</title></head><body>Indisponible"
    refused(inspect(write(tmp_path, "Eleves.xml", page)), "Eleves.xml", "HTML")


def test_not_xml_text(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    refused(inspect(write(tmp_path, "notes.xml", "NOM;PRENOM\nDUPONT;Marie\n")), "notes.xml")


def test_gzip(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    import gzip

    path = write(tmp_path, "eleves.xml", gzip.compress(GOOD.encode()))
    refused(inspect(path), "gzip")


def test_unknown_root(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    path = write(tmp_path, "sts.xml", '<?xml version="1.0"?>\n<STS_EDT><PARAMETRES/></STS_EDT>')
    refused(inspect(path), "sts.xml", "STS_EDT")


def test_utf8_bytes_declared_latin(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    path = write(tmp_path, "resave.xml", GOOD.replace("DUPONT", "HÉLÈNE").encode("utf-8"))
    refused(inspect(path), "resave.xml", "UTF-8", "ligne 4")


def test_windows_1252_bytes_declared_latin(
    tmp_path: Path, inspect: Callable[[Path], Result]
) -> None:
    path = write(tmp_path, "cp.xml", GOOD.replace("DUPONT", "C\x8cUR").encode("latin-1"))
    refused(inspect(path), "cp.xml", "Windows-1252")


def test_latin_bytes_declared_utf8(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    text = GOOD.replace("ISO-8859-15", "UTF-8").replace("DUPONT", "HÉLÈNE")
    refused(inspect(write(tmp_path, "u.xml", text.encode("latin-1"))), "u.xml", "encodage")


def test_unknown_encoding(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    path = write(tmp_path, "enc.xml", GOOD.replace("ISO-8859-15", "KLINGON-8"))
    refused(inspect(path), "KLINGON-8")


@pytest.mark.parametrize("target", ["file:///etc/passwd", "http://127.0.0.1:9/x"])
def test_external_entity(tmp_path: Path, inspect: Callable[[Path], Result], target: str) -> None:
    xml = (
        f'<?xml version="1.0"?>\n<!DOCTYPE BEE_ELEVES [<!ENTITY x SYSTEM "{target}">]>\n'
        "<BEE_ELEVES><DONNEES><ELEVES><ELEVE><NOM>&x;</NOM></ELEVE></ELEVES></DONNEES>"
        "</BEE_ELEVES>"
    )
    result = inspect(write(tmp_path, "xxe.xml", xml))
    refused(result, "DOCTYPE")
    assert "root:" not in result.err


def test_entity_bomb(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?>\n<!DOCTYPE BEE_ELEVES [{entities}]>\n'
        "<BEE_ELEVES><DONNEES><ELEVES><ELEVE><NOM>&a9;</NOM></ELEVE></ELEVES></DONNEES>"
        "</BEE_ELEVES>"
    )
    refused(inspect(write(tmp_path, "bomb.xml", xml)), "DOCTYPE")


def test_internal_dtd_after_comment(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    xml = '<?xml version="1.0"?>\n<!-- export -->\n<!DOCTYPE x [<!ENTITY y "z">]>\n<x>&y;</x>'
    refused(inspect(write(tmp_path, "dtd.xml", xml)), "DOCTYPE")


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_with_one_xml_and_macosx(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    path = make_zip(
        tmp_path / "ExportXML_ElevesSansAdresses.zip",
        {
            "ElevesSansAdresses.xml": GOOD.encode("iso8859-15"),
            "__MACOSX/._ElevesSansAdresses.xml": b"\x00\x05\x16\x07",
        },
    )
    result = inspect(path)
    assert result.code == 0, result
    assert "ElevesSansAdresses.xml" in result.out


def test_zip_with_two_xml(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    path = make_zip(tmp_path / "deux.zip", {"a.xml": GOOD.encode(), "b.xml": GOOD.encode()})
    refused(inspect(path), "deux.zip", "exactement un", "a.xml", "b.xml")


def test_zip_without_xml(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    refused(inspect(make_zip(tmp_path / "rien.zip", {"lisez-moi.txt": b"x"})), "rien.zip")


def test_corrupt_zip(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    path = write(tmp_path, "casse.zip", b"PK\x03\x04" + os.urandom(200))
    refused(inspect(path), "casse.zip", "endommagée")


def test_zip_bomb(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    path = tmp_path / "bombe.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("Eleves.xml", "w") as member,
    ):
        member.write(HEADER.encode())
        block = b"\x20" * (1 << 20)
        for _ in range(64):
            member.write(block)
    assert path.stat().st_size < 1 << 20
    refused(inspect(path), "bombe.zip", "bombe zip")


@pytest.mark.parametrize("name", ["../../etc/evil.xml", "/abs/evil.xml", "a\\..\\evil.xml"])
def test_zip_entry_escaping(tmp_path: Path, inspect: Callable[[Path], Result], name: str) -> None:
    path = tmp_path / "evasion.zip"
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo("placeholder.xml")
        info.filename = name
        archive.writestr(info, GOOD.encode())
    refused(inspect(path), "evasion.zip", "sort de son dossier")


def test_zip_symlink(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    path = tmp_path / "lien.zip"
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo("Eleves.xml")
        info.external_attr = 0o120777 << 16
        archive.writestr(info, "/etc/passwd")
    refused(inspect(path), "lien.zip", "lien symbolique")


def test_lying_zip_header_is_bounded(tmp_path: Path, inspect: Callable[[Path], Result]) -> None:
    """A member whose real size exceeds the size its header announces is cut and refused."""
    path = make_zip(tmp_path / "menteur.zip", {"Eleves.xml": GOOD.encode() * 50})
    data = bytearray(path.read_bytes())
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    size = len(GOOD.encode())
    data[local + 22 : local + 26] = size.to_bytes(4, "little")
    data[central + 24 : central + 28] = size.to_bytes(4, "little")
    path.write_bytes(bytes(data))
    refused(inspect(path), "menteur.zip")


def test_no_traceback_out_of_process(tmp_path: Path) -> None:
    """The installed command prints one paragraph, never a traceback, unless --debug."""
    path = write(tmp_path, "vide.xml", b"")
    plain = subprocess.run(
        [sys.executable, "-m", "siecle_sdk", "inspect", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert plain.returncode == 2
    assert "Traceback" not in plain.stderr and "vide.xml" in plain.stderr
    debug = subprocess.run(
        [sys.executable, "-m", "siecle_sdk", "--debug", "inspect", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" in debug.stderr


def test_bombs_stay_in_bounded_memory(tmp_path: Path) -> None:
    """Under a 1 GiB address-space limit, bombs are still refused cleanly (no MemoryError)."""
    bomb = tmp_path / "bombe.zip"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("Eleves.xml", "w") as member,
    ):
        member.write(HEADER.encode())
        for _ in range(512):
            member.write(b"\x20" * (1 << 20))
    code = (
        "import resource,sys;"
        "resource.setrlimit(resource.RLIMIT_AS,(1<<30,1<<30));"
        "from siecle_sdk.cli.main import main;main(sys.argv[1:])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "inspect", str(bomb)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "bombe zip" in done.stderr
