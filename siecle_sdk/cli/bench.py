"""``siecle bench``: performance against a bare lxml read (developers; docs/performance.md)."""

from __future__ import annotations

from pathlib import Path

import click


def _sizes(ctx: click.Context, param: click.Parameter, value: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in value.split(",") if part.strip())
    except ValueError:
        raise click.BadParameter(
            f"expected pupil counts separated by commas, got {value!r}"
        ) from None
    if not sizes or any(size < 1 for size in sizes):
        raise click.BadParameter(f"expected positive pupil counts, got {value!r}")
    return sizes


@click.command()
@click.option(
    "--sizes",
    default="3000,50000",
    show_default=True,
    callback=_sizes,
    help="Numbers of pupils of the generated schools, separated by commas.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("docs"),
    show_default=True,
    help="Folder where performance.md is written (its text around the table is kept).",
)
@click.option(
    "--work",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the generated files, kept and reused by later runs (default: temporary).",
)
@click.option(
    "--repeat",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Runs of each measure (the least CPU time is kept).",
)
@click.option(
    "--batch-files",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    help="Files of the batch check (the académie: one school each).",
)
@click.option(
    "--batch-pupils",
    type=click.IntRange(min=1),
    default=1500,
    show_default=True,
    help="Pupils per file of the batch check (at most the smallest size).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Generator seed.")
def bench(
    sizes: tuple[int, ...],
    out: Path,
    work: Path | None,
    repeat: int,
    batch_files: int,
    batch_pupils: int,
    seed: int,
) -> int:
    """Measure inspect, convert, check, push, start-up and batch throughput on synthetic
    schools, as ratios to a bare lxml read of the same files, with peak memory; print the table
    and write it to OUT/performance.md."""
    from ..tools.bench import BenchOptions, run_bench
    from ..tools.bench_document import render_table, write_document

    options = BenchOptions(
        sizes=sizes,
        work=work,
        repeat=repeat,
        seed=seed,
        batch_files=batch_files,
        batch_pupils=batch_pupils,
    )
    results = run_bench(options)
    click.echo(render_table(results.rows))
    target = out / "performance.md"
    write_document(target, results, options)
    click.echo(f"written to {target}", err=True)
    return 0
