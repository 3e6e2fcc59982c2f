"""The computer says no: disk full, read-only disk, file too large, permission denied.

Each failure is produced for real, by the kernel, in a ``siecle`` subprocess:

* ``ENOSPC``: the output folder is a tiny ``tmpfs`` (8 KiB) mounted in a private mount namespace
  (``unshare -r -m``: a user namespace, no privilege needed where the kernel allows them); and
  the command's standard output sent to ``/dev/full``;
* ``EROFS``: the output folder is a read-only ``tmpfs`` in the same kind of namespace;
* ``EFBIG``: the process's ``RLIMIT_FSIZE`` is 4 KiB (Python ignores ``SIGXFSZ``, so the write
  fails with ``EFBIG``);
* ``EACCES``: the output folder is read-only (mode 0555); when the suite runs as root, the
  subprocess first loses the capabilities that let root ignore permission bits
  (``setpriv --bounding-set -dac_override,-dac_read_search``).

Every case must end with exit status 2, a French message saying what to do, no traceback, and no
file left under the output's name. Where the kernel refuses user namespaces, the ``tmpfs`` cases
are skipped (the others still run).
"""

from __future__ import annotations

import os
import resource
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from siecle_sdk.tools.synthetic import SyntheticSchool

from .conftest import FAULT_PLUGINS, siecle_command, siecle_env, write_distribution

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits and mounts"),
]

#: what each failure's message must say
MESSAGES = {
    "ENOSPC": "le disque est plein",
    "EROFS": "lecture seule",
    "EFBIG": "dépasse la taille permise",
    "EACCES": "accès refusé",
}
#: run a command without root's power over permission bits (as root only)
WITHOUT_OVERRIDE = [
    "setpriv",
    "--bounding-set",
    "-dac_override,-dac_read_search",
    "--inh-caps",
    "-all",
]


@dataclass
class Inputs:
    """The inputs of the commands, in a folder of their own."""

    root: Path
    exports: dict[str, Path]
    import_file: Path
    pythonpath: str


@pytest.fixture(scope="module")
def inputs() -> Iterator[Inputs]:
    root = Path(tempfile.mkdtemp(prefix="siecle-env-"))
    try:
        root.chmod(0o755)
        school = SyntheticSchool(pupils=40, seed=12)
        exports = school.write_exports(root / "exports")
        import_file = school.write_import(root / "exports")
        dist = write_distribution(root / "site")
        for path in root.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield Inputs(root, exports, import_file, os.pathsep.join([str(dist), str(FAULT_PLUGINS)]))
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def place(inputs: Inputs) -> Iterator[Path]:
    """A fresh world-writable folder for one case (output folder, ledger, home)."""
    folder = Path(tempfile.mkdtemp(prefix="cas-", dir=inputs.root))
    folder.chmod(0o777)
    yield folder
    for path in folder.rglob("*"):
        if path.is_dir():
            path.chmod(0o777)
    shutil.rmtree(folder, ignore_errors=True)


def _namespaces_allowed() -> bool:
    if shutil.which("unshare") is None or sys.platform != "linux":
        return False
    probe = subprocess.run(
        ["unshare", "-r", "-m", "sh", "-c", "mount -t tmpfs -o size=8k tmpfs /mnt && echo ok"],
        capture_output=True,
        text=True,
    )
    return probe.stdout.strip() == "ok"


NAMESPACES = _namespaces_allowed()


def _commands(inputs: Inputs, out: Path) -> dict[str, list[str | Path]]:
    """Each command that writes, writing into ``out``."""
    exports = inputs.exports
    return {
        "convert": ["convert", exports["eleves"], out / "eleves.json"],
        "check -o": ["check", inputs.import_file, "--format", "html", "-o", out / "cr.html"],
        "fake": ["fake", "--pupils", "30", "--out", out / "fictif"],
        "sandbox init": [
            "sandbox",
            "init",
            "--base",
            out / "bac",
            exports["nomenclature"],
            exports["structures"],
            exports["communs"],
        ],
        "plugin new": ["plugin", "new", "essai_disque", "--out", out],
        "push": ["push", "fault_records", "--from", inputs.root, "--out", out / "envoi"],
    }


def _run(
    inputs: Inputs,
    place: Path,
    args: list[str | Path],
    *,
    mount: str | None = None,
    fsize: int | None = None,
    no_override: bool = False,
    stdout: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """``siecle ARGS`` in a subprocess under one of the failures."""
    env = siecle_env(
        place / "historique.sqlite",
        "fault_records",
        PYTHONPATH=inputs.pythonpath,
        HOME=str(place),
    )
    command: list[str] = siecle_command(*args)
    if no_override and os.getuid() == 0:
        command = [*WITHOUT_OVERRIDE, *command]
    if mount is not None:
        target = place / "out"
        command = [
            "unshare",
            "-r",
            "-m",
            "sh",
            "-c",
            f'{mount} "$0" && exec "$@"',
            str(target),
            *command,
        ]

    def limits() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(
        command,
        env=env,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
        preexec_fn=limits,
    )


def _assert_refused(result: subprocess.CompletedProcess[str], errno_name: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "Erreur inattendue" not in result.stderr
    assert result.stderr.startswith("Erreur : "), result.stderr
    assert MESSAGES[errno_name] in result.stderr, result.stderr
    assert "relancez" in result.stderr, result.stderr


def _no_output_left(out: Path, name: str) -> None:
    """Nothing written under the output's name but what the command made complete (a folder it
    created may stay, holding no file)."""
    if not out.exists():
        return
    leftovers = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
    if name in ("sandbox init",):
        leftovers = [p for p in leftovers if p.name != "bee.sqlite"]
    assert not [p for p in leftovers if p.suffix in (".json", ".html", ".zip")], leftovers


COMMANDS = ["convert", "check -o", "fake", "sandbox init", "plugin new", "push"]


@pytest.mark.skipif(not NAMESPACES, reason="user namespaces are not allowed here")
@pytest.mark.parametrize("name", COMMANDS)
def test_disk_full(inputs: Inputs, place: Path, name: str) -> None:
    out = place / "out"
    out.mkdir()
    result = _run(
        inputs, place, _commands(inputs, out)[name], mount="mount -t tmpfs -o size=8k tmpfs"
    )
    _assert_refused(result, "ENOSPC")


@pytest.mark.skipif(not NAMESPACES, reason="user namespaces are not allowed here")
@pytest.mark.parametrize("name", COMMANDS)
def test_read_only_disk(inputs: Inputs, place: Path, name: str) -> None:
    out = place / "out"
    out.mkdir()
    result = _run(inputs, place, _commands(inputs, out)[name], mount="mount -t tmpfs -o ro tmpfs")
    _assert_refused(result, "EROFS")


@pytest.mark.parametrize("name", COMMANDS)
def test_file_too_large(inputs: Inputs, place: Path, name: str) -> None:
    out = place / "out"
    result = _run(inputs, place, _commands(inputs, out)[name], fsize=4096)
    _assert_refused(result, "EFBIG")
    _no_output_left(out, name)


@pytest.mark.skipif(
    hasattr(os, "getuid") and os.getuid() == 0 and shutil.which("setpriv") is None,
    reason="root needs setpriv to lose its power over permission bits",
)
@pytest.mark.parametrize("name", COMMANDS)
def test_permission_denied(inputs: Inputs, place: Path, name: str) -> None:
    out = place / "out"
    out.mkdir()
    out.chmod(0o555)
    result = _run(inputs, place, _commands(inputs, out)[name], no_override=True)
    _assert_refused(result, "EACCES")
    assert not list(out.iterdir())


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize(
    "args",
    [["history"], ["inspect", "--json", "{eleves}"], ["check", "{import}"]],
    ids=["history", "inspect", "check"],
)
def test_output_to_a_full_device(inputs: Inputs, place: Path, args: list[str]) -> None:
    filled = [
        a.format(eleves=inputs.exports["eleves"], **{"import": inputs.import_file}) for a in args
    ]
    with open("/dev/full", "w") as full:
        result = _run(inputs, place, list(filled), stdout=full.fileno())
    _assert_refused(result, "ENOSPC")
    assert "sortie de la commande" in result.stderr


def test_output_closed_by_its_reader(inputs: Inputs, place: Path) -> None:
    """``siecle fake ... | head -1``: the files are all written, the status is the command's."""
    env = siecle_env(place / "historique.sqlite")
    fake = subprocess.Popen(
        siecle_command("fake", "--pupils", "60", "--zip", "--out", place / "fictif"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert fake.stdout is not None
    first = fake.stdout.readline()
    fake.stdout.close()  # the reader is gone: every later write meets a closed pipe
    assert fake.wait(timeout=300) == 0
    assert fake.stderr is not None and b"Traceback" not in fake.stderr.read()
    assert first.startswith("Établissement fictif".encode())
    assert len(list((place / "fictif").glob("*.zip"))) == 5


def _umask(value: int) -> Callable[[], None]:
    def apply() -> None:
        os.umask(value)

    return apply


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_outputs_follow_the_umask(inputs: Inputs, place: Path, umask: int) -> None:
    out = place / "out"
    env = siecle_env(place / "historique.sqlite")
    for args in (
        ["convert", inputs.exports["eleves"], out / "eleves.json"],
        ["check", inputs.import_file, "--format", "html", "-o", out / "cr.html"],
        ["fake", "--pupils", "20", "--zip", "--out", out / "fictif"],
    ):
        done = subprocess.run(
            siecle_command(*args),
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            preexec_fn=_umask(umask),
        )
        assert done.returncode in (0, 1), done.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) >= 7
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path
