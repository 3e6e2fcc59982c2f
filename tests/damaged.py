"""A corpus of damaged SIECLE files, and a runner giving them to ``siecle`` under resource limits.

The corpus is made from a small synthetic school: its ``IMPORT_ELEVES`` file and its Élèves export,
each damaged in every way a file met in the wild is (cut anywhere, tags missing, two ``DONNEES``,
bytes after the root, NUL, a lying encoding, UTF-16, byte-order marks, oversized values), some of
them inside a zip. Commands are run in a subprocess whose address space and CPU time are capped by
``setrlimit`` (never timed by a clock): a limit that is reached ends the run, and the test fails.
"""

from __future__ import annotations

import codecs
import json
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from siecle_sdk.tools.synthetic import SyntheticSchool

MEGABYTE = 1 << 20
#: the dated deposit name the synthetic school's import file has
SCHOOL = SyntheticSchool(8, seed=11)


@dataclass(frozen=True)
class Damaged:
    """One damaged file of the corpus."""

    #: what was done to the file (also its name)
    name: str
    path: Path
    #: words the refusal must hold (the kind of damage, in French)
    words: tuple[str, ...]
    #: whether the refusal gives the line (not for a damaged zip archive)
    line: bool = True


def _damages(data: bytes, root: str, record: str) -> dict[str, tuple[bytes, tuple[str, ...]]]:
    """``name -> (bytes, words of the refusal)`` for every damage of the document ``data``."""
    end_root = data.rindex(f"</{root}>".encode())
    end_data = data.rindex(b"</DONNEES>")
    first = data.index(f"<{record}".encode())
    first_end = data.index(f"</{record}>".encode()) + len(record) + 3
    name = data.index(b"<NOM_DE_FAMILLE>", first) + len(b"<NOM_DE_FAMILLE>")
    name_end = data.index(b"</NOM_DE_FAMILLE>", name)
    attribute_at = first + len(record) + 1
    truncated = ("tronqué", "ligne")
    cuts = {
        "coupe-dans-l-en-tete": data.index(b"<PARAMETRES>") + 6,
        "coupe-entre-deux-enregistrements": first_end + 1,
        "coupe-dans-un-enregistrement": (first + first_end) // 2,
        "coupe-dans-un-texte": name + 2,
        "coupe-dans-la-fin-de-DONNEES": end_data + 5,
        "sans-fin-de-racine": end_root,
        "coupe-dans-la-fin-de-racine": end_root + 4,
        "coupe-au-milieu": len(data) // 2,
    }
    out = {label: (data[:at], truncated) for label, at in cuts.items()}
    block = data[data.index(b"<DONNEES>") : end_data + len(b"</DONNEES>")]
    text = data.decode("iso8859-15")
    out.update(
        {
            "balise-fermante-manquante": (
                data[:name_end] + data[name_end + len(b"</NOM_DE_FAMILLE>") :],
                ("balise fermante",),
            ),
            "deux-DONNEES": (
                data[: end_data + 10] + b"\n  " + block + data[end_data + 10 :],
                ("deuxième bloc <DONNEES>",),
            ),
            "element-apres-la-racine": (
                data + b"<SUITE/>\n",
                ("après la fin de l'élément racine",),
            ),
            "texte-apres-la-racine": (data + b"suite\n", ("après la fin de l'élément racine",)),
            "NUL": (data[:name] + b"\x00" + data[name:], ("caractère interdit",)),
            "utf16-declare-latin": (text.encode("utf-16"), ("UTF-16", "ISO-8859-15")),
            "utf16-sans-marque": (text.encode("utf-16-le"), ("UTF-16", "ISO-8859-15")),
            "marque-utf8-declare-latin": (codecs.BOM_UTF8 + data, ("BOM", "ISO-8859-15")),
            "attribut-enorme": (
                data[:attribute_at] + b' A="' + b"x" * (12 * MEGABYTE) + b'"' + data[attribute_at:],
                ("démesuré",),
            ),
            "texte-enorme": (
                data[:name] + b"A" * (12 * MEGABYTE) + data[name_end:],
                ("démesuré",),
            ),
            "un-million-d-attributs": (
                data[:attribute_at]
                + b"".join(b' a%d=""' % n for n in range(1_000_000))
                + data[attribute_at:],
                ("démesuré",),
            ),
        }
    )
    # declared ISO-8859-15, written in UTF-8: letters outside French text
    plain = data.decode("iso8859-15").encode("ascii", "replace")
    start = plain.index(b"<NOM_DE_FAMILLE>", first) + len(b"<NOM_DE_FAMILLE>")
    stop = plain.index(b"</NOM_DE_FAMILLE>", start)
    for label, word in (
        ("utf8-vietnamien", "NGUYỄN"),
        ("utf8-chinois", "中"),
        ("utf8-emoji", "😀"),
    ):
        out[label] = (plain[:start] + word.encode("utf-8") + plain[stop:], ("UTF-8", "ligne"))
    return out


#: damages whose files are large (tens of megabytes): given to every command one at a time, each
#: in a process of its own with a tight memory limit
BIG = ("attribut-enorme", "texte-enorme", "un-million-d-attributs")


def many_empty_records(data: bytes, block: str, record: str, count: int = 160_000) -> bytes:
    """``data`` whose block holds ``count`` empty records instead of its own."""
    start = data.index(f"<{block}>".encode()) + len(block) + 2
    end = data.index(f"</{block}>".encode())
    return data[:start] + b"\n" + f"<{record}/>\n".encode() * count + data[end:]


def build(folder: Path, document: Path, root: str, zipped_name: str) -> list[Damaged]:
    """Every damaged form of ``document`` (named like it, each in its own folder), and three
    damaged zips named ``zipped_name``."""
    data = document.read_bytes()
    corpus = []
    for label, (content, words) in _damages(data, root, "ELEVE").items():
        path = folder / label / document.name
        path.parent.mkdir(parents=True)
        path.write_bytes(content)
        corpus.append(Damaged(label, path, words))
    for label, inner in (
        ("zip-d-un-fichier-coupe", "coupe-entre-deux-enregistrements"),
        ("zip-d-un-fichier-suivi-d-octets", "element-apres-la-racine"),
    ):
        source = next(d for d in corpus if d.name == inner)
        path = folder / label / zipped_name
        path.parent.mkdir(parents=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(source.path, Path(zipped_name).with_suffix(".xml").name)
        corpus.append(Damaged(label, path, source.words))
    whole = folder / "zip-entier" / zipped_name
    whole.parent.mkdir(parents=True)
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(document, Path(zipped_name).with_suffix(".xml").name)
    cut = folder / "zip-coupe" / zipped_name
    cut.parent.mkdir(parents=True)
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    shutil.rmtree(whole.parent)
    corpus.append(Damaged("zip-coupe", cut, ("endommagée",), line=False))
    return corpus


#: runs ``siecle`` once per command line read from stdin (JSON), under the limits given: the
#: address space (bytes, or ``+N``: N more than after start-up) and the CPU seconds
_RUNNER = """
import contextlib, io, json, resource, sys
from siecle_sdk.cli.main import main
from siecle_sdk.plugin.manager import get_manager
for name in ("inspect", "convert", "check", "doctor", "dashboard", "pull", "sandbox"):
    __import__(f"siecle_sdk.cli.{name}")
import siecle_sdk.io.jsonio, siecle_sdk.rules.engine, siecle_sdk.report.text
import siecle_sdk.exchange.ledger
import siecle_sdk.doctor.dashboard, siecle_sdk.doctor.render, siecle_sdk.sandbox
get_manager().formats(), get_manager().rules()
memory, cpu = sys.argv[1], int(sys.argv[2])
if memory.startswith("+"):
    with open("/proc/self/status") as status:
        size = next(int(l.split()[1]) * 1024 for l in status if l.startswith("VmSize:"))
    memory = size + int(memory[1:])
resource.setrlimit(resource.RLIMIT_AS, (int(memory), int(memory)))
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
results = []
for argv in json.load(sys.stdin):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    results.append({"code": code, "out": out.getvalue(), "err": err.getvalue()})
print(json.dumps(results))
"""


@dataclass(frozen=True)
class Run:
    """What one ``siecle`` command line did."""

    argv: tuple[str, ...]
    code: int
    out: str
    err: str

    @property
    def said(self) -> str:
        """Everything printed, on one line (text wrapped by the command unwrapped)."""
        return " ".join((self.out + " " + self.err).split())

    def says(self, text: str) -> bool:
        """Whether ``text`` was printed, wherever the command wrapped its lines."""
        return "".join(text.split()) in "".join(self.said.split())


def run_limited(
    commands: list[list[str | Path]], *, memory: str, cpu: int, env: dict[str, str]
) -> list[Run]:
    """Run every command line in one subprocess limited to ``memory`` (see ``_RUNNER``) and
    ``cpu`` CPU seconds in all."""
    argvs = [[str(arg) for arg in argv] for argv in commands]
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, memory, str(cpu)],
        input=json.dumps(argvs),
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=3600,
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-3000:])
    return [
        Run(tuple(argv), result["code"], result["out"], result["err"])
        for argv, result in zip(argvs, json.loads(done.stdout), strict=True)
    ]
