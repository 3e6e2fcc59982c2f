"""The benchmark's results as a Markdown table and as the generated block of
``docs/performance.md`` (when, where, how it was measured, and the table)."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path

from .bench import (
    BATCH_EFFICIENCY,
    BEGIN,
    END,
    LARGE_FROM,
    MB,
    SCHOOL_AT_MOST,
    SIZES,
    BenchOptions,
    Results,
    Row,
)

__all__ = ["generated_block", "render_table", "write_document"]


_HEAD = (
    "Pupils",
    "Measure",
    "Input (MB)",
    "CPU (s)",
    "Wall (s)",
    "× bare read",
    "× bare read, all inputs",
    "Peak RSS (MB)",
    "Target",
    "Status",
    "Note",
)


def render_table(rows: list[Row]) -> str:
    """The results as one Markdown table."""

    def number(value: float | None, digits: int = 2) -> str:
        return "—" if value is None else f"{value:.{digits}f}"

    lines = ["| " + " | ".join(_HEAD) + " |", "|" + "---|" * len(_HEAD)]
    for row in rows:
        usage = row.usage
        cells = [
            f"{row.pupils:,}".replace(",", " ") if row.pupils else "—",
            row.measure,
            number(row.input_bytes / MB if row.input_bytes else None, 1),
            number(usage.cpu if usage else None),
            number(usage.wall if usage else None),
            row.ratio_text or number(row.ratio) + (" (wall)" if row.basis == "wall" else ""),
            number(row.ratio_all),
            number(usage.rss / MB if usage else None, 0),
            row.target_text(),
            row.verdict(),
            "; ".join(part for part in (f"load {row.load:.1f}", row.note) if part),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> str:
    """CPU model, cores, memory and system of this machine."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 1024**3:.0f} GiB of memory"
    except (ValueError, OSError):
        pass
    return (
        f"{model}, {os.cpu_count()} logical CPUs{memory}, {platform.system()} {platform.release()}"
    )


def versions() -> str:
    """Versions of Python and of the libraries that matter here."""
    from importlib.metadata import version

    from lxml import etree

    libxml = ".".join(str(part) for part in etree.LIBXML_VERSION)
    lxml = ".".join(str(part) for part in etree.LXML_VERSION[:3])
    return (
        f"Python {platform.python_version()}, lxml {lxml} (libxml2 {libxml}), "
        f"pydantic {version('pydantic')}, Jinja2 {version('jinja2')}, click {version('click')}"
    )


def generated_block(results: Results, options: BenchOptions) -> str:
    """The generated part of ``performance.md``: when, where, how, and the table."""
    rows = results.rows
    sizes = ",".join(str(s) for s in options.sizes)
    command = "siecle bench --out docs" + ("" if options.sizes == SIZES else f" --sizes {sizes}")
    if (options.batch_files, options.batch_pupils) != (
        BenchOptions.batch_files,
        BenchOptions.batch_pupils,
    ):
        command += f" --batch-files {options.batch_files} --batch-pupils {options.batch_pupils}"
    oversized = [f"{r.pupils:,}".replace(",", " ") for r in rows if "widened" in r.note]
    school, large = (f"{n:,}".replace(",", " ") for n in (SCHOOL_AT_MOST, LARGE_FROM))
    lines = [
        BEGIN,
        f"Measured on {dt.date.today().isoformat()} on {machine()}, shared with other work "
        f"(1-minute load average {results.load[0]:.1f} when the run started, "
        f"{results.load[1]:.1f} when it ended).",
        f"{versions()}.",
        "",
        f"Reproduce (from the repository root, generated files in a temporary folder): "
        f"`{command}`. Add `--work DIR` to keep the generated files and reuse them.",
        "",
        render_table(rows),
        "",
        "Ratios are CPU times (user + system of the process) divided by the CPU time of the "
        "bare read of the same file, measured in the same run; every measure is a process of its "
        "own, whose peak resident memory is read from the system; `load` is the 1-minute load "
        "average when the measure ended. Targets: a school's file (up to "
        f"{school} pupils) `check` ≤ 1.5× the bare read of every file it reads, `push` ≤ 1.3× "
        f"`check`; from {large} pupils `inspect` ≤ 1.2×, `check` ≤ 2×, peak ≤ 150 MB; the "
        f"académie batch a speed-up ≥ {BATCH_EFFICIENCY:g} × jobs on free cores.",
    ]
    if oversized:
        lines.append(
            f"At {', '.join(oversized)} pupils the import file cannot be valid (ids are limited "
            "to 99 999): it is checked against the official XSD with the id range widened, by the "
            "same code as `siecle check`; push is not possible."
        )
    lines.append(END)
    return "\n".join(lines)


_PREAMBLE = """# Performance

How fast and how lean the SDK is on academy-sized files, measured against the ceiling of a Python
reader: a bare lxml streaming read of the same file (`iterparse`, each record turned into a dict of
its texts, then released). The table below is written by `siecle bench`.

"""


def write_document(path: Path, results: Results, options: BenchOptions) -> None:
    """Write the generated block into ``path``, keeping whatever surrounds it."""
    block = generated_block(results, options)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        text = before + block + after
    else:
        text = _PREAMBLE + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
