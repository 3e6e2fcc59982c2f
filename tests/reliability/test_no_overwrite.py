"""Nothing overwritten without saying so: inputs, devices, folders, earlier sends, earlier exports.

Every output path equal to an input (by name, symbolic link or hard link), a device, a pipe or a
folder is refused (exit 2) and left as it was; two pushes of a school in one second give two
deposits; ``fake`` refuses a folder that is not empty; ``plugin new`` refuses the name of an
installed plugin; ``convert`` to UTF-16 writes one byte-order mark.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from siecle_sdk.plugin import manager as plugins
from siecle_sdk.tools.synthetic import SyntheticSchool

from ..conftest import Result

Run = Callable[..., Result]
Enable = Callable[..., plugins.PluginManager]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("ecole")
    school = SyntheticSchool(pupils=25, seed=14)
    found = school.write_exports(folder)
    found["import"] = school.write_import(folder)
    return found


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(result: Result, *words: str) -> None:
    assert result.code == 2, result
    assert result.err.startswith("Erreur : "), result.err
    assert "Erreur inattendue" not in result.err and "Traceback" not in result.err
    for word in words:
        assert word in result.err, (word, result.err)


# --- an output that is an input --------------------------------------------------------------


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink"])
def test_convert_never_replaces_its_source(
    run_cli: Run, files: dict[str, Path], tmp_path: Path, how: str
) -> None:
    source = tmp_path / "eleves.xml"
    source.write_bytes(files["eleves"].read_bytes())
    before = _digest(source)
    dest = {"same": source, "symlink": tmp_path / "lien.json", "hardlink": tmp_path / "dur.json"}[
        how
    ]
    if how == "symlink":
        dest.symlink_to(source)
    elif how == "hardlink":
        os.link(source, dest)
    _refused(run_cli("convert", source, dest), "aussi un fichier lu")
    assert _digest(source) == before


@pytest.mark.parametrize("option", ["-o", "--output"])
def test_check_never_replaces_the_file_it_checks(
    run_cli: Run, files: dict[str, Path], tmp_path: Path, option: str
) -> None:
    checked = tmp_path / files["import"].name
    checked.write_bytes(files["import"].read_bytes())
    before = _digest(checked)
    _refused(run_cli("check", checked, option, checked), "aussi un fichier lu")
    assert _digest(checked) == before
    context = tmp_path / "Nomenclature.xml"
    context.write_bytes(files["nomenclature"].read_bytes())
    _refused(run_cli("check", checked, "--nomenclature", context, "-o", context))
    assert context.read_bytes() == files["nomenclature"].read_bytes()


@pytest.mark.parametrize("command", ["doctor", "dashboard"])
def test_doctor_and_dashboard_never_replace_an_export(
    run_cli: Run, files: dict[str, Path], tmp_path: Path, command: str
) -> None:
    export = tmp_path / "eleves.xml"
    export.write_bytes(files["eleves"].read_bytes())
    _refused(run_cli(command, export, "--format", "html", "-o", export), "aussi un fichier lu")
    assert export.read_bytes() == files["eleves"].read_bytes()


# --- devices, pipes and folders --------------------------------------------------------------


@pytest.fixture
def special(tmp_path: Path) -> Iterator[tuple[Path, Callable[[Path], bool]]]:
    """A character device (the null device's numbers) where the system allows creating one,
    else a named pipe."""
    node = tmp_path / "peripherique"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        yield node, lambda p: stat.S_ISCHR(p.lstat().st_mode)
    except (PermissionError, AttributeError, OSError):
        if not hasattr(os, "mkfifo"):
            pytest.skip("neither device nodes nor named pipes here")
        os.mkfifo(node)
        yield node, lambda p: stat.S_ISFIFO(p.lstat().st_mode)


@pytest.mark.parametrize(
    "args",
    [
        ["check", "{import}", "-o", "{out}"],
        ["convert", "{eleves}", "{out}"],
        ["doctor", "{eleves}", "-o", "{out}"],
        ["dashboard", "{eleves}", "-o", "{out}"],
    ],
    ids=["check", "convert", "doctor", "dashboard"],
)
def test_a_device_is_never_replaced_by_a_file(
    run_cli: Run,
    files: dict[str, Path],
    special: tuple[Path, Callable[[Path], bool]],
    args: list[str],
) -> None:
    node, still = special
    filled = [
        a.format(out=node, eleves=files["eleves"], **{"import": files["import"]}) for a in args
    ]
    _refused(run_cli(*filled), "fichier spécial")
    assert still(node)


def test_check_output_to_a_folder_is_refused_in_french(
    run_cli: Run, files: dict[str, Path], tmp_path: Path
) -> None:
    _refused(run_cli("check", files["import"], "-o", tmp_path), "est un dossier")


def test_writer_never_replaces_a_device(
    special: tuple[Path, Callable[[Path], bool]],
) -> None:
    from siecle_sdk.errors import UnusableInput
    from siecle_sdk.io.writer import atomic_write

    node, still = special
    with pytest.raises(UnusableInput, match="fichier spécial"), atomic_write(node) as handle:
        handle.write(b"x")
    assert still(node)
    assert [p.name for p in node.parent.iterdir()] == [node.name]


# --- sends -----------------------------------------------------------------------------------


def test_two_pushes_in_one_second_leave_two_deposits(
    fault_plugins: Enable, run_cli: Run, tmp_path: Path, stopped_clock: list[dt.datetime]
) -> None:
    fault_plugins("fault_records")
    out = tmp_path / "envoi"
    source = tmp_path / "logiciel"
    source.mkdir()
    first = run_cli("push", "fault_records", "--from", source, "--out", out)
    second = run_cli("push", "fault_records", "--from", source, "--out", out)
    assert first.code in (0, 1) and second.code in (0, 1), (first, second)
    zips = sorted(out.glob("*.zip"))
    assert len(zips) == 2, (first.out, second.out)
    numbers = []
    for path in zips:
        with zipfile.ZipFile(path) as archive:
            (member,) = archive.namelist()
            assert member == f"{path.stem}.xml"
            text = archive.read(member).decode("iso8859-15")
        numbers.append(text.split("<NUM_ENVOI>")[1].split("<")[0])
    assert sorted(numbers) == ["1", "2"]
    assert "envoi n° 1" in first.out and "envoi n° 2" in second.out


def test_push_report_never_replaces_an_export(
    fault_plugins: Enable, run_cli: Run, files: dict[str, Path], tmp_path: Path
) -> None:
    fault_plugins("fault_records")
    export = tmp_path / "Nomenclature.xml"
    export.write_bytes(files["nomenclature"].read_bytes())
    result = run_cli(
        "push",
        "fault_records",
        "--from",
        tmp_path,
        "--out",
        tmp_path / "envoi",
        "--nomenclature",
        export,
        "--report",
        export,
    )
    _refused(result, "aussi un fichier lu")
    assert export.read_bytes() == files["nomenclature"].read_bytes()


# --- fake, plugin new ------------------------------------------------------------------------


def test_fake_refuses_a_folder_that_is_not_empty(
    run_cli: Run, files: dict[str, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    kept = folder / "ElevesAvecAdresses.xml"
    kept.write_bytes(files["eleves"].read_bytes())
    _refused(run_cli("fake", "--pupils", "10", "--out", folder), "n'est pas vide")
    assert kept.read_bytes() == files["eleves"].read_bytes()
    assert [p.name for p in folder.iterdir()] == [kept.name]
    made = run_cli("fake", "--pupils", "10", "--out", tmp_path / "nouveau")
    assert made.code == 0, made
    _refused(run_cli("fake", "--pupils", "12", "--out", tmp_path / "nouveau"), "n'est pas vide")


@pytest.mark.parametrize("name", ["doctor", "rules", "formats"])
def test_plugin_new_refuses_an_installed_name(run_cli: Run, tmp_path: Path, name: str) -> None:
    _refused(run_cli("plugin", "new", name, "--out", tmp_path), "déjà pris", name)
    assert not list(tmp_path.iterdir())


def test_plugin_new_refuses_an_installed_adapter(
    fault_plugins: Enable, run_cli: Run, tmp_path: Path
) -> None:
    fault_plugins("fault_records")
    out = tmp_path / "adaptateurs"
    _refused(run_cli("plugin", "new", "fault_records", "--out", out), "déjà pris")
    assert not out.exists()


# --- convert to UTF-16 -----------------------------------------------------------------------


def test_convert_to_utf16_writes_one_byte_order_mark(run_cli: Run, tmp_path: Path) -> None:
    exports = SyntheticSchool(pupils=150, seed=15).write_exports(tmp_path / "exports")
    text = exports["eleves"].read_bytes().decode("iso8859-15")
    text = text.replace('encoding="ISO-8859-15"', 'encoding="UTF-16"', 1)
    assert 'encoding="UTF-16"' in text and len(text) > 3 * (1 << 16)
    source = tmp_path / "eleves-utf16.xml"
    source.write_bytes(text.encode("utf-16"))
    assert run_cli("convert", source, tmp_path / "eleves.json").code == 0
    back = tmp_path / "retour.xml"
    result = run_cli("convert", tmp_path / "eleves.json", back)
    assert result.code == 0, result
    data = back.read_bytes()
    assert data.count(b"\xff\xfe") + data.count(b"\xfe\xff") == 1
    assert data.startswith((b"\xff\xfe", b"\xfe\xff"))
    assert data.decode("utf-16") == text
    assert run_cli("inspect", back).code == 0
