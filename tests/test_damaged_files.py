"""One way in: every command that reads a file refuses a damaged one the same way.

One corpus of damaged files (:mod:`tests.damaged`: an import file and an Élèves export, cut at many
places — inside a zip too —, with a missing end tag, two ``DONNEES``, bytes after the root, a NUL,
a lying encoding with letters outside French, UTF-16, a byte-order mark, oversized values) is given
to ``inspect``, ``convert``, ``check``, ``doctor``, ``dashboard`` and the sandbox's deposit, and to
what ``push`` re-reads of the file it writes (``pull`` has its own module, it needs an adapter;
``qualification`` reads no SIECLE file, it writes through ``push``'s path). Each must answer with
exit status 2, a French message naming the file, the damage and the line, and write nothing.
Every run is capped in memory and CPU time by resource limits; the oversized files are given one
at a time to a process allowed 200 MB above its start-up size.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from siecle_sdk.errors import ExitCode, SchemaInvalid, SiecleError
from siecle_sdk.exchange.ledger import Ledger
from siecle_sdk.exchange.packaging import build_package
from siecle_sdk.io.reader import open_document
from siecle_sdk.io.schema import assert_valid_import
from siecle_sdk.rules.engine import check_file
from siecle_sdk.sandbox import Sandbox

from .damaged import BIG, MEGABYTE, SCHOOL, Damaged, Run, build, many_empty_records, run_limited

DATE = "05/09/2019"
#: the whole corpus, in one process: bounded by 1 GiB and ten minutes of CPU time
BATCH_MEMORY, BATCH_CPU = str(1 << 30), 600
#: one oversized file: 200 MB more than the process had after start-up, 30 CPU seconds
ONE_MEMORY, ONE_CPU = f"+{200 * MEGABYTE}", 30


@dataclass
class Corpus:
    """The school's good files and the damaged ones."""

    folder: Path
    exports: dict[str, Path]
    deposit: Path
    imports: list[Damaged]
    eleves: list[Damaged]
    ledger: Path
    base: Path

    def env(self, ledger: Path | None = None) -> dict[str, str]:
        """The environment of the runs: no plugin setting of the user, a ledger of their own."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("SIECLE_")}
        env["SIECLE_LEDGER"] = str(ledger or self.ledger)
        return env


def _context_options(exports: dict[str, Path]) -> list[str | Path]:
    options: list[str | Path] = []
    for name in ("nomenclature", "structures", "communs", "eleves", "responsables"):
        options += [f"--{name}", exports[name]]
    return options


def _others(exports: dict[str, Path]) -> list[Path]:
    """The good exports given with a damaged Élèves export."""
    return [exports[k] for k in ("nomenclature", "structures", "communs", "responsables")]


def _deposit_zip(item: Damaged, deposit: Path) -> Path:
    """``item`` as the sandbox takes it: a zip named like the school's deposit (stored, not
    compressed: the oversized values would compress like a zip bomb, refused before reading)."""
    if item.path.suffix == ".zip":
        return item.path
    target = item.path.parent / "depot" / deposit.with_suffix(".zip").name
    target.parent.mkdir()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        archive.write(item.path, deposit.name)
    return target


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("abimes")
    exports = SCHOOL.write_exports(folder / "exports")
    deposit = SCHOOL.write_import(folder / "import")
    imports = build(folder / "import-abime", deposit, "IMPORT_ELEVES", deposit.stem + ".zip")
    eleves = build(
        folder / "eleves-abime", exports["eleves"], "BEE_ELEVES", "ExportXML_ElevesAvecAdresses.zip"
    )
    base = folder / "bac-a-sable"
    Sandbox.create(base, exports).close()
    return Corpus(folder, exports, deposit, imports, eleves, folder / "historique.sqlite", base)


def _commands(corpus: Corpus, item: Damaged, kind: str) -> list[list[str | Path]]:
    """The command lines reading ``item`` (an import file or an Élèves export)."""
    out = item.path.parent
    commands: list[list[str | Path]] = [
        ["inspect", item.path],
        ["convert", item.path, out / "sortie.json"],
    ]
    if kind == "import":
        commands += [
            [
                "check",
                item.path,
                *_context_options(corpus.exports),
                "--format",
                "html",
                "-o",
                out / "compte-rendu.html",
            ],
            ["sandbox", "deposit", "--base", corpus.base, _deposit_zip(item, corpus.deposit)],
        ]
    else:
        files = [*_others(corpus.exports), item.path]
        commands += [
            ["doctor", *files, "--date", DATE],
            ["dashboard", *files, "--date", DATE, "--sans-historique"],
        ]
    return commands


def _refused(run: Run, item: Damaged) -> None:
    """The run refused ``item`` as a damaged file: status 2, the file, the damage, the line."""
    assert run.code == ExitCode.UNUSABLE, (item.name, run)
    assert "Traceback" not in run.err and "Erreur inattendue" not in run.err, (item.name, run)
    assert run.says(item.path.name) or run.says(item.path.stem + ".zip"), (item.name, run.said)
    for word in item.words:
        assert run.says(word), (item.name, word, run.said)
    if item.line:
        assert re.search(r"ligne \d+", run.said), (item.name, run.said)
    assert "0 élèves lus" not in run.said, (item.name, run.said)


def _nothing_written(corpus: Corpus, items: list[Damaged]) -> None:
    for item in items:
        left = sorted(p.name for p in item.path.parent.iterdir() if p.is_file())
        assert left == [item.path.name], (item.name, left)
    if corpus.ledger.exists():
        with Ledger(corpus.ledger) as ledger:
            assert ledger.entries() == []
    with Sandbox(corpus.base) as box:
        assert box.history() == []
    assert not (corpus.base / "comptes-rendus").exists()


def _small(items: list[Damaged]) -> list[Damaged]:
    return [item for item in items if item.name not in BIG]


def test_every_command_refuses_every_damaged_file(corpus: Corpus) -> None:
    """The whole corpus but its oversized files, every command, in one process capped at 1 GiB."""
    plan: list[tuple[Damaged, list[str | Path]]] = []
    for kind, items in (("import", corpus.imports), ("eleves", corpus.eleves)):
        for item in _small(items):
            plan += [(item, command) for command in _commands(corpus, item, kind)]
    runs = run_limited(
        [command for _, command in plan], memory=BATCH_MEMORY, cpu=BATCH_CPU, env=corpus.env()
    )
    for (item, _), run in zip(plan, runs, strict=True):
        _refused(run, item)
    _nothing_written(corpus, _small(corpus.imports) + _small(corpus.eleves))
    commands = {run.argv[0] for run in runs}
    assert commands == {"inspect", "convert", "check", "sandbox", "doctor", "dashboard"}


@pytest.mark.parametrize("damage", BIG)
def test_oversized_values_are_refused_in_bounded_memory(corpus: Corpus, damage: str) -> None:
    """A 12 MB attribute or text node, a record with a million attributes: each command refuses
    it in a process allowed 200 MB more than its start-up size and 30 CPU seconds."""
    items = [item for item in corpus.imports + corpus.eleves if item.name == damage]
    for item in items:
        kind = "import" if item in corpus.imports else "eleves"
        for command in _commands(corpus, item, kind):
            (run,) = run_limited([command], memory=ONE_MEMORY, cpu=ONE_CPU, env=corpus.env())
            _refused(run, item)
    _nothing_written(corpus, items)


def test_many_empty_records_are_bounded(corpus: Corpus, tmp_path: Path) -> None:
    """160 000 empty records: read in bounded memory and CPU by every command; the import file
    is refused as SIECLE would refuse it, with the first reasons (and their lines) and how many
    there are in all."""
    imported = tmp_path / "import" / corpus.deposit.name
    imported.parent.mkdir()
    data = many_empty_records(corpus.deposit.read_bytes(), "ELEVES", "ELEVE", 160_000)
    imported.write_bytes(data)
    first = data[: data.index(b"<ELEVE/>")].count(b"\n") + 1
    eleves = tmp_path / "eleves" / corpus.exports["eleves"].name
    eleves.parent.mkdir()
    eleves.write_bytes(
        many_empty_records(corpus.exports["eleves"].read_bytes(), "ELEVES", "ELEVE", 160_000)
    )
    commands = [
        *_commands(corpus, Damaged("vides", imported, ()), "import"),
        *_commands(corpus, Damaged("vides", eleves, ()), "eleves"),
    ]
    env = corpus.env(tmp_path / "historique.sqlite")
    for command in commands:
        (run,) = run_limited([command], memory=ONE_MEMORY, cpu=ONE_CPU, env=env)
        assert run.code in (0, 1, 2), (command, run)
        assert "Traceback" not in run.err and "Erreur inattendue" not in run.err, run
        if command[0] == "sandbox":
            assert run.code == ExitCode.UNUSABLE, run
            assert run.says(f"ligne {first}, ELEVES/ELEVE : il manque un élément obligatoire")
        if command[0] == "check":
            assert run.code == ExitCode.UNUSABLE, run
            page = " ".join(Path(str(command[-1])).read_text(encoding="utf-8").split())
            assert "160000 élèves lus." in page and "160000 raisons" in page
            assert f"ligne {first}, ELEVES/ELEVE : il manque un élément obligatoire" in page
            assert "… et 159950 autres." in page


def test_check_of_any_truncated_file_is_refused(corpus: Corpus, tmp_path: Path) -> None:
    """The import file cut after every line: ``check`` never reads it as a whole file."""
    data = corpus.deposit.read_bytes()
    cut = tmp_path / corpus.deposit.name
    ends = [n + 1 for n, byte in enumerate(data) if byte == ord("\n")][:-1]
    for end in ends:
        cut.write_bytes(data[:end])
        with pytest.raises(SiecleError) as caught:
            check_file(cut, {})
        assert caught.value.exit_code == ExitCode.UNUSABLE, end
        assert "tronqué" in caught.value.message or "aucun élément" in caught.value.message


def test_what_push_writes_is_re_read_through_the_same_door(corpus: Corpus, tmp_path: Path) -> None:
    """``push`` validates the file it has written and checks it before zipping it: a damaged
    file there (here written by a faulty template override) is refused the same way, no zip."""
    template = Path(__file__).parents[1] / "templates" / "import-eleves-3.1.xml"
    text = template.read_text(encoding="utf-8")
    damaged = {
        "tronqué": text[: text.rindex("</IMPORT_ELEVES>")],
        "après la fin de l'élément racine": text + "<SUITE/>\n",
    }
    school = SCHOOL.exchange_school()
    for word, body in damaged.items():
        folder = tmp_path / str(len(word))
        (folder / "modeles").mkdir(parents=True)
        (folder / "modeles" / template.name).write_text(body, encoding="utf-8")
        with pytest.raises(SchemaInvalid) as caught:
            build_package(
                school,
                folder / "depot",
                software="SIECLE-SDK",
                send_number=1,
                template_dirs=(folder / "modeles",),
            )
        assert word in caught.value.message and "ligne" in caught.value.message
        assert caught.value.exit_code == ExitCode.UNUSABLE
        assert not list((folder / "depot").glob("*.zip"))
    for item in _small(corpus.imports):
        with pytest.raises(SiecleError) as refused:
            assert_valid_import(item.path)
        assert refused.value.exit_code == ExitCode.UNUSABLE, item.name
        with pytest.raises(SiecleError) as checked:
            check_file(item.path, {})
        assert checked.value.exit_code == ExitCode.UNUSABLE, item.name


def test_the_corpus_is_what_it_says(corpus: Corpus) -> None:
    """The files the corpus damages are good, and every damage the reader must refuse is in it,
    for both files."""
    assert check_file(corpus.deposit, {}).deposit_errors == []
    with open_document(corpus.exports["eleves"]) as doc:
        doc.drain()
        assert doc.counts["ELEVES"] == 8
    names = {item.name for item in corpus.imports} & {item.name for item in corpus.eleves}
    assert {
        "coupe-dans-un-enregistrement",
        "sans-fin-de-racine",
        "zip-d-un-fichier-coupe",
        "zip-coupe",
        "balise-fermante-manquante",
        "deux-DONNEES",
        "element-apres-la-racine",
        "NUL",
        "utf8-chinois",
        "utf16-declare-latin",
        "marque-utf8-declare-latin",
        *BIG,
    } <= names
