"""Performance benchmark: the SDK's commands measured against a bare lxml streaming read.

``siecle bench`` generates synthetic schools (:class:`~siecle_sdk.tools.synthetic.SyntheticSchool`),
runs every measured command in a process of its own, reads its CPU time and peak resident memory
from the operating system (``os.wait4``: one process per measurement, so peaks never mix), and
compares it with the ceiling of a Python reader: the bare read of the same file in the same run
(:func:`bare_read`, run in a process of its own too). Ratios are taken on CPU time (user + system):
build machines are shared, and wall time follows the neighbours much more than CPU time does.
Start-up and batch throughput are wall times (best of several runs, several processes).

The import file's ``ID_PRV_ELE`` and ``ID_PRV_PER`` are limited to 0..99 999 by the XSD, so a
school of 100 000 pupils or more cannot have a valid one: at those sizes the generator's records
are written to an import file as they are (see :func:`write_oversized_import`) and checked by the
same code as ``siecle check``, against the official XSD whose id range only is widened
(:func:`widened_validator`). Pushing such a school is impossible (the writer refuses the ids):
push is measured at the sizes that fit.

``python -m siecle_sdk.tools.bench bare FILE...`` and
``python -m siecle_sdk.tools.bench check FILE ...`` are the helper processes.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..rules.context_cache import ContextCache

if TYPE_CHECKING:
    from ..io.schema import Validator
    from .synthetic import SyntheticSchool

__all__ = [
    "BenchOptions",
    "Results",
    "Row",
    "Usage",
    "bare_read",
    "run_bench",
    "run_measured",
    "widened_validator",
    "write_oversized_import",
]

SIZES = (3_000, 50_000)
#: a school: up to this size, the targets of a school's file apply
SCHOOL_AT_MOST = 5_000
#: from this size, the targets of a large file apply
LARGE_FROM = 50_000
#: from this size, the import file cannot be valid (the targets of large files still apply)
TARGET_FROM = 100_000
#: sizes of pupils at which memory targets are set (MB)
MEMORY_AT = 500_000
#: the académie batch: speed-up expected per job on free cores
BATCH_EFFICIENCY = 0.8
ADAPTER_TARGETS = {"vendor_a": "donnees", "vendor_b": "donnees.sqlite"}
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
MB = 1024 * 1024


# --- the ceiling ----------------------------------------------------------------------------


def bare_read(path: Path) -> int:
    """The ceiling of a Python reader: stream ``path`` with lxml (hardened like the SDK's
    reader), turn every record (an element three levels below the root: ``DONNEES``, block,
    record) into a dict of its texts, and release it; returns the number of records."""
    from lxml import etree

    records = 0
    depth = 0
    with path.open("rb") as handle:
        for event, element in etree.iterparse(
            handle,
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            remove_comments=True,
            remove_pis=True,
        ):
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth > 3:
                continue
            if depth == 3:
                texts = {child.tag: child.text for child in element.iter()}
                records += len(texts) > 0
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    return records


# --- files beyond the import format's ids ---------------------------------------------------


def write_oversized_import(school: SyntheticSchool, folder: Path) -> Path:
    """Write the import file of a school too large for the format's ids, without the writer's
    checks (which refuse them): same template, same records, ids beyond 99 999."""
    from ..io.writer import render_to_file
    from ..models.import_eleves import Parametres
    from .synthetic import SOFTWARE

    path = folder / school.import_name()
    parametres = Parametres(
        uaj=school.uai,
        annee_scolaire=str(school.year),
        date_import=school.import_time.date(),
        num_envoi="1",
        logiciel=SOFTWARE,
    )
    context = {
        "encoding_label": "ISO-8859-15",
        "version": "3.1",
        "parametres": parametres,
        "personnes": school.persons(),
        "eleves": school.pupils(),
    }
    render_to_file("import-eleves-3.1.xml", path, "iso8859-15", context)
    return path


def widened_validator() -> Validator:
    """The official 3.1 XSD with the 5-digit id type (``entier5``) widened to 9 digits; every
    other constraint (keys, references, patterns, lengths, order) is unchanged."""
    from importlib.resources import files

    from ..io.schema import SCHEMA_FILES, Validator

    data = (files("siecle_sdk.xsd") / SCHEMA_FILES["3.1"]).read_bytes()
    widened, count = re.subn(
        rb'(<xs:simpleType name="entier5">.*?<xs:maxInclusive value=")99999(")',
        rb"\g<1>999999999\g<2>",
        data,
        flags=re.DOTALL,
    )
    assert count == 1, "entier5 not found in the XSD"
    return Validator.from_xsd(widened)


# --- measuring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Usage:
    """What one process used."""

    #: user + system CPU seconds (its children included)
    cpu: float
    wall: float
    #: peak resident memory, bytes
    rss: int
    status: int


class BenchError(RuntimeError):
    """A measured command failed."""


#: a small process that starts the measured command and reports what it used. Linux counts the
#: memory of the process a command was started from in the command's peak (``ru_maxrss`` is kept
#: across ``exec``): starting it from this small interpreter rather than from the benchmark
#: (which has imported the SDK) keeps that floor at a few megabytes.
_LAUNCHER = """
import json, os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as out:
    json.dump([usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss * 1024, code], out)
"""


def run_measured(
    argv: Sequence[str | Path],
    log: Path,
    *,
    accept: Sequence[int] = (0,),
    env: dict[str, str] | None = None,
) -> Usage:
    """Run ``argv`` (its program given by absolute path) in a new process, output appended to
    ``log``, and measure it; ``env`` adds to the environment."""
    result = log.with_name(".usage.json")
    with log.open("ab") as handle:
        handle.write(f"\n$ {' '.join(str(a) for a in argv)}\n".encode())
        handle.flush()
        subprocess.run(
            [sys.executable, "-S", "-c", _LAUNCHER, str(result), *(str(a) for a in argv)],
            stdout=handle,
            stderr=handle,
            check=True,
            env={**os.environ, **env} if env else None,
        )
    cpu, wall, rss, code = json.loads(result.read_text(encoding="utf-8"))
    result.unlink()
    if code not in accept:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise BenchError(f"{[str(a) for a in argv[1:]]} exited with {code}:\n{tail}")
    return Usage(cpu=cpu, wall=wall, rss=rss, status=code)


def _least(usages: list[Usage]) -> Usage:
    """The run with the least CPU time (the others met more interference). A single process
    cannot use more CPU time than wall time: a run reporting so (a glitch of CPU accounting seen
    on loaded virtual machines) is set aside."""
    plausible = [u for u in usages if u.cpu <= u.wall * 1.05] or usages
    return min(plausible, key=lambda u: u.cpu)


def _best(runs: int, measure: Callable[[], Usage]) -> Usage:
    """:func:`_least` of ``runs`` runs of ``measure``."""
    return _least([measure() for _ in range(max(1, runs))])


def _siecle() -> list[str]:
    """How to start the ``siecle`` command: its script beside the interpreter, else ``-m``."""
    script = Path(sys.executable).with_name("siecle")
    return [str(script)] if script.exists() else [sys.executable, "-m", "siecle_sdk"]


def _helper(*args: str | Path) -> list[str | Path]:
    return [sys.executable, "-m", "siecle_sdk.tools.bench", *args]


# --- results --------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table."""

    pupils: int | None
    measure: str
    usage: Usage | None
    input_bytes: int | None = None
    #: CPU seconds of the bare read of the same file
    bare: float | None = None
    #: CPU seconds of the bare read of every file the command reads (when more than one)
    bare_all: float | None = None
    #: ``(max ratio, max MB)`` the issue sets for this measure, when it sets them at this size
    target: tuple[float | None, float | None] | None = None
    #: the ratio a target applies to: ``file`` or ``all``
    target_on: str = "file"
    note: str = ""
    #: replaces the ratio column (batch throughput)
    ratio_text: str | None = None
    #: ``cpu`` or ``wall``: the time compared with ``bare`` (start-up is wall time)
    basis: str = "cpu"
    #: CPU seconds of the measure a ``reference`` target is relative to, and its name
    reference: tuple[float, str] | None = None
    #: replaces the target and status columns (batch speed-up)
    target_override: tuple[str, str] | None = None
    #: 1-minute load average of the machine when the measure ended
    load: float = field(default_factory=lambda: os.getloadavg()[0])

    def _time(self) -> float | None:
        if self.usage is None:
            return None
        return self.usage.wall if self.basis == "wall" else self.usage.cpu

    @property
    def ratio(self) -> float | None:
        spent = self._time()
        return spent / self.bare if spent is not None and self.bare else None

    @property
    def ratio_all(self) -> float | None:
        spent = self._time()
        return spent / self.bare_all if spent is not None and self.bare_all else None

    @property
    def ratio_reference(self) -> float | None:
        spent = self._time()
        if spent is None or self.reference is None or not self.reference[0]:
            return None
        return spent / self.reference[0]

    def verdict(self) -> str:
        """``met``, ``missed`` or ``—`` (no target)."""
        if self.target_override is not None:
            return self.target_override[1]
        if self.target is None or self.usage is None:
            return "—"
        most, megabytes = self.target
        ratio = {"all": self.ratio_all, "reference": self.ratio_reference}.get(
            self.target_on, self.ratio
        )
        ok = (most is None or (ratio is not None and ratio <= most)) and (
            megabytes is None or self.usage.rss <= megabytes * MB
        )
        return "met" if ok else "**missed**"

    def target_text(self) -> str:
        if self.target_override is not None:
            return self.target_override[0]
        if self.target is None:
            return "—"
        most, megabytes = self.target
        parts = []
        if most is not None:
            if self.target_on == "reference" and self.reference is not None:
                parts.append(f"≤ {most:g}× {self.reference[1]}")
            else:
                parts.append(f"≤ {most:g}×" + (" (all inputs)" if self.target_on == "all" else ""))
        if megabytes is not None:
            parts.append(f"≤ {megabytes:g} MB")
        return ", ".join(parts)


@dataclass
class BenchOptions:
    """What to measure."""

    sizes: tuple[int, ...] = SIZES
    #: folder holding the generated files (kept and reused); ``None``: a temporary one
    work: Path | None = None
    repeat: int = 1
    seed: int = 1
    batch_files: int = 200
    batch_pupils: int = 1_500
    startup_runs: int = 7
    #: progress lines for the developer
    say: Callable[[str], None] = field(default=lambda text: print(text, file=sys.stderr))


@dataclass
class School:
    """The generated files of one size."""

    pupils: int
    exports: dict[str, Path]
    import_file: Path
    #: the import file holds ids beyond the XSD's range
    oversized: bool


def prepare(pupils: int, seed: int, folder: Path, say: Callable[[str], None]) -> School:
    """Generate (or reuse, when a previous run left them complete) the files of a school."""
    from .. import __version__
    from .synthetic import SyntheticSchool

    marker = folder / "ready.json"
    wanted = {"pupils": pupils, "seed": seed, "sdk": __version__}
    if marker.exists():
        data = json.loads(marker.read_text(encoding="utf-8"))
        if data.get("key") == wanted:
            return School(
                pupils,
                {k: Path(v) for k, v in data["exports"].items()},
                Path(data["import"]),
                bool(data["oversized"]),
            )
    say(f"generating a school of {pupils:,} pupils in {folder}…")
    start = time.perf_counter()
    school = SyntheticSchool(pupils=pupils, seed=seed)
    exports = school.write_exports(folder / "exports")
    oversized = school.import_problem() is not None
    if oversized:
        import_file = write_oversized_import(school, folder)
    else:
        import_file = school.write_import(folder)
    marker.write_text(
        json.dumps(
            {
                "key": wanted,
                "exports": {k: str(v) for k, v in exports.items()},
                "import": str(import_file),
                "oversized": oversized,
            }
        ),
        encoding="utf-8",
    )
    say(f"  generated in {time.perf_counter() - start:.0f} s")
    return School(pupils, exports, import_file, oversized)


Target = tuple[float | None, float | None]


def targets(pupils: int) -> dict[str, Target]:
    """``(max ratio, max MB)`` of each measure at this size: a school's file, a large file, and
    the sizes beyond the format's ids."""
    if pupils <= SCHOOL_AT_MOST:
        return {"check": (1.5, None), "push": (1.3, None)}
    if pupils < TARGET_FROM:
        return {"inspect": (1.2, 150.0), "check": (2.0, 150.0)} if pupils >= LARGE_FROM else {}
    memory = pupils >= MEMORY_AT
    return {
        "inspect": (1.5, 150.0 if memory else None),
        "convert": (5.0, None),
        "check": (3.0, 300.0 if memory else None),
    }


def _paired(
    runs: int,
    baseline: list[str | Path],
    command: list[str | Path],
    log: Path,
    env: dict[str, str] | None = None,
) -> tuple[Usage, Usage]:
    """``command`` and its ``baseline`` (a bare read), run one after the other ``runs`` times so
    that both meet the same load; the least CPU time of each."""
    baselines, commands = [], []
    for _ in range(max(1, runs)):
        baselines.append(run_measured(baseline, log))
        commands.append(run_measured(command, log, accept=(0, 1), env=env))
    return _least(baselines), _least(commands)


#: the context exports a check is given, in the order of the options
CONTEXT = ("nomenclature", "structures", "communs", "eleves", "responsables")


def measure_school(school: School, folder: Path, options: BenchOptions) -> list[Row]:
    """Every measure of one size, each paired with the bare read it is compared with."""
    say, repeat, pupils = options.say, options.repeat, school.pupils
    log = folder / "bench.log"
    eleves = school.exports["eleves"]
    goals = targets(pupils)
    size_eleves, size_import = eleves.stat().st_size, school.import_file.stat().st_size
    read_eleves = _helper("bare", eleves)
    rows: list[Row] = []

    say(f"{pupils:,} pupils: inspect")
    bare, usage = _paired(repeat, read_eleves, [*_siecle(), "inspect", eleves], log)
    bare_eleves = [bare]
    rows.append(Row(pupils, "inspect", usage, size_eleves, bare.cpu, target=goals.get("inspect")))

    say(f"{pupils:,} pupils: convert")
    as_json, back = folder / "eleves.json", folder / "eleves-back.xml"
    target = goals.get("convert")
    bare, usage = _paired(repeat, read_eleves, [*_siecle(), "convert", eleves, as_json], log)
    bare_eleves.append(bare)
    rows.append(Row(pupils, "convert XML → JSON", usage, size_eleves, bare.cpu, target=target))
    bare, usage = _paired(repeat, read_eleves, [*_siecle(), "convert", as_json, back], log)
    bare_eleves.append(bare)
    same = filecmp.cmp(eleves, back, shallow=False)
    rows.append(
        Row(
            pupils,
            "convert JSON → XML",
            usage,
            as_json.stat().st_size,
            bare.cpu,
            target=target,
            note="XML identical to the original" if same else "**XML differs from the original**",
        )
    )
    as_json.unlink()
    back.unlink()
    best_eleves = min(bare_eleves, key=lambda u: u.cpu)
    rows.insert(
        0, Row(pupils, "bare read, Élèves export", best_eleves, size_eleves, best_eleves.cpu)
    )

    say(f"{pupils:,} pupils: check")
    bare_import = _best(repeat, lambda: run_measured(_helper("bare", school.import_file), log))
    rows.append(Row(pupils, "bare read, import file", bare_import, size_import, bare_import.cpu))
    context = [school.exports[name] for name in CONTEXT]
    context_args: list[str | Path] = []
    for name, path in zip(CONTEXT, context, strict=True):
        context_args += [f"--{name}", path]
    read_inputs = _helper("bare", school.import_file, *context)
    bare_all = run_measured(read_inputs, log)
    inputs_size = sum(path.stat().st_size for path in [school.import_file, *context])
    rows.append(
        Row(pupils, "bare read, import file and exports", bare_all, inputs_size, bare_all.cpu)
    )
    ledger = folder / "historique.sqlite"
    cache = folder / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    if school.oversized:
        base = _helper("check", school.import_file, *context_args, "--ledger", ledger)
        cold, warm = base, [*base, "--cache", cache]
        note = "ids beyond 99 999: official XSD with the id range widened, same code path"
    else:
        base = [*_siecle(), "check", school.import_file, *context_args]
        base += ["--ledger", ledger, "-o", folder / "compte-rendu.txt"]
        cold, warm = [*base, "--no-cache"], base
        note = ""
    env = {"SIECLE_CACHE": str(cache)}
    run_measured(warm, log, accept=(0, 1), env=env)  # fills the cache
    measured: dict[str, Usage] = {}
    for label, command, more in (
        ("check, full context", cold, "exports read (--no-cache)"),
        ("check, full context, exports cached", warm, "exports from the cache"),
    ):
        bare_inputs, usage = _paired(repeat, read_inputs, command, log, env=env)
        measured[label] = usage
        rows.append(
            Row(
                pupils,
                label,
                usage,
                size_import,
                bare_import.cpu,
                bare_inputs.cpu,
                target=goals.get("check"),
                target_on="all",
                note="; ".join(part for part in (more, note) if part),
            )
        )
    check_cold = measured["check, full context"]
    rows += measure_push(school, folder, options, bare_import.cpu, bare_all.cpu, check_cold.cpu)
    return rows


def measure_push(
    school: School,
    folder: Path,
    options: BenchOptions,
    bare: float,
    bare_all: float,
    check: float,
) -> list[Row]:
    """``push`` with every context export through each installed reference adapter, after a
    ``pull`` (not measured)."""
    from ..plugin.manager import get_manager

    installed = {info.name for info in get_manager().adapters()}
    rows = []
    log = folder / "bench.log"
    goal = targets(school.pupils).get("push")
    context_args: list[str | Path] = []
    for name in CONTEXT:
        context_args += [f"--{name}", school.exports[name]]
    for vendor, target_name in ADAPTER_TARGETS.items():
        measure = f"push {vendor}"
        if vendor not in installed:
            rows.append(Row(school.pupils, measure, None, note="adapter not installed"))
            continue
        if school.oversized:
            rows.append(
                Row(school.pupils, measure, None, note="n/a: ids beyond 99 999 cannot be sent")
            )
            continue
        options.say(f"{school.pupils:,} pupils: pull and push {vendor}")
        work = folder / vendor
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        ledger = work / "historique.sqlite"
        data = work / target_name
        run_measured(
            [
                *_siecle(),
                "pull",
                vendor,
                "--into",
                data,
                *school.exports.values(),
                "--ledger",
                ledger,
            ],
            folder / "bench.log",
        )
        push = partial(_push, vendor, data, work / "envoi", ledger, log, context_args)
        usage = _best(options.repeat, push)
        rows.append(
            Row(
                school.pupils,
                measure,
                usage,
                school.import_file.stat().st_size,
                bare,
                bare_all,
                target=goal,
                target_on="reference",
                reference=(check, "check"),
                note=f"{usage.cpu / check:.2f}× check (--no-cache); ratios to the bare read of "
                "the import file it writes (and of the exports)",
            )
        )
        shutil.rmtree(work, ignore_errors=True)
    return rows


def _push(
    vendor: str, data: Path, out: Path, ledger: Path, log: Path, context: list[str | Path]
) -> Usage:
    shutil.rmtree(out, ignore_errors=True)
    argv: list[str | Path] = [
        *_siecle(),
        "push",
        vendor,
        "--from",
        data,
        "--out",
        out,
        "--ledger",
        ledger,
        "--no-cache",
        *context,
    ]
    return run_measured(argv, log, accept=(0, 1))


def measure_startup(folder: Path, runs: int) -> list[Row]:
    """``siecle --help`` against ``python -c "import click"``, best wall time of ``runs``."""
    log = folder / "bench.log"

    def best(argv: list[str | Path]) -> Usage:
        return min((run_measured(argv, log) for _ in range(max(1, runs))), key=lambda u: u.wall)

    click_only = best([sys.executable, "-c", "import click"])
    help_run = best([*_siecle(), "--help"])
    note = f"best wall time of {runs} runs"
    return [
        Row(
            None,
            'start-up: python -c "import click"',
            click_only,
            bare=click_only.wall,
            basis="wall",
            note=note,
        ),
        Row(
            None,
            "start-up: siecle --help",
            help_run,
            bare=click_only.wall,
            basis="wall",
            target=(2.0, None),
            note=note,
        ),
    ]


def measure_batch(folder: Path, options: BenchOptions) -> list[Row]:
    """The académie: ``siecle check FOLDER`` on many school files, one job against two, each
    paired with the bare read of every file (different schools: no context)."""
    from .synthetic import SyntheticSchool

    pupils = min(options.batch_pupils, *options.sizes)
    batch = folder / f"batch-{options.batch_files}x{pupils}"
    marker = batch / "ready"
    if not marker.exists():
        options.say(f"generating {options.batch_files} import files of {pupils:,} pupils…")
        shutil.rmtree(batch, ignore_errors=True)
        for index in range(options.batch_files):
            SyntheticSchool(pupils=pupils, seed=options.seed + 100 + index).write_import(batch)
        marker.write_text("ok", encoding="utf-8")
    log = folder / "bench.log"
    files = sorted(batch.glob("*.xml"))
    size = sum(p.stat().st_size for p in files)
    rows = []
    single: Usage | None = None
    cores = os.cpu_count() or 1
    for jobs in (1, 2):
        options.say(f"batch check, --jobs {jobs}")
        argv: list[str | Path] = [*_siecle(), "check", batch, "--jobs", str(jobs)]
        argv += ["--ledger", batch / "h.sqlite", "--no-cache"]
        pairs = []
        for _ in range(max(1, options.repeat)):
            pairs.append(
                (run_measured(_helper("bare", *files), log), run_measured(argv, log, accept=(0, 1)))
            )
        bare, usage = min(pairs, key=lambda pair: pair[1].wall)
        text = (
            f"{options.batch_files / usage.wall:.2f} files/s, {usage.wall / bare.wall:.2f}× (wall)"
        )
        override: tuple[str, str] | None = None
        if single is None:
            single = usage
        else:
            speedup = single.wall / usage.wall
            text += f", speed-up {speedup:.2f}×"
            goal = BATCH_EFFICIENCY * jobs
            status = "met" if speedup >= goal else "**missed**"
            if cores < jobs:
                status += f" ({cores} core)"
            override = (f"speed-up ≥ {goal:g}×", status)
        rows.append(
            Row(
                None,
                f"check batch, {options.batch_files} files × {pupils:,} pupils, --jobs {jobs}",
                usage,
                size,
                bare=bare.cpu,
                ratio_text=f"{usage.cpu / bare.cpu:.2f} (CPU); {text}",
                target_override=override,
                note="no context (different schools); peak RSS of the largest process",
            )
        )
    return rows


@dataclass
class Results:
    """What a run measured."""

    rows: list[Row]
    #: 1-minute load average of the machine when the run started and when it ended
    load: tuple[float, float] = (0.0, 0.0)


def run_bench(options: BenchOptions) -> Results:
    """Generate what is missing, measure everything, return the rows of the table."""
    before = os.getloadavg()[0]
    if options.work is not None:
        options.work.mkdir(parents=True, exist_ok=True)
        rows = _run_in(options.work, options)
    else:
        with tempfile.TemporaryDirectory(prefix="siecle-bench-") as work:
            rows = _run_in(Path(work), options)
    return Results(rows, (before, os.getloadavg()[0]))


def _run_in(work: Path, options: BenchOptions) -> list[Row]:
    rows: list[Row] = []
    for pupils in options.sizes:
        folder = work / f"{pupils}"
        folder.mkdir(parents=True, exist_ok=True)
        school = prepare(pupils, options.seed, folder, options.say)
        rows += measure_school(school, folder, options)
    rows += measure_startup(work, options.startup_runs)
    rows += measure_batch(work, options)
    return rows


# --- helper processes -----------------------------------------------------------------------


def _check_oversized(args: list[str]) -> int:
    """``check FILE --nomenclature F ... --ledger L [--cache DIR]``, with the widened XSD."""
    from ..cli.check import render
    from ..exchange.ledger import Ledger, entry_from_report
    from ..rules.engine import check_file

    path = Path(args[0])
    options = dict(zip(args[1::2], args[2::2], strict=True))
    ledger = Path(options.pop("--ledger"))
    folder = options.pop("--cache", None)
    exports = {name.removeprefix("--"): Path(value) for name, value in options.items()}
    cache = ContextCache(Path(folder)) if folder is not None else None
    report = check_file(path, exports, validator=widened_validator(), cache=cache)
    text = render(report, "text")
    path.with_name("compte-rendu.txt").write_text(text, encoding="utf-8")
    Ledger(ledger).record(entry_from_report("check", path, report))
    return 1 if report.blocking else 0


def main(argv: list[str]) -> int:
    """Entry point of the helper processes."""
    if argv and argv[0] == "bare":
        for name in argv[1:]:
            bare_read(Path(name))
        return 0
    if argv and argv[0] == "check":
        return _check_oversized(argv[1:])
    print("usage: python -m siecle_sdk.tools.bench (bare FILE... | check FILE OPTIONS...)")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
