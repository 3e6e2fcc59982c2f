"""Smoke test of ``siecle bench`` (benchmarks are not tests: nothing is timed here)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from siecle_sdk.tools.bench import BEGIN, BenchOptions, Results
from siecle_sdk.tools.bench_document import write_document


def test_bench_runs_and_writes_the_table(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    result = run_cli("bench", "--sizes", "200", "--batch-files", "2", "--out", tmp_path)
    assert result.code == 0, result.err
    document = (tmp_path / "performance.md").read_text(encoding="utf-8")
    for measure in (
        "inspect",
        "convert XML → JSON",
        "check, full context",
        "check, full context, exports cached",
        "push vendor_a",
        "check batch, 2 files × 200 pupils, --jobs 2",
        "start-up: siecle --help",
    ):
        assert f"| {measure} |" in document
        assert f"| {measure} |" in result.out
    assert "XML identical to the original" in document
    assert "siecle bench --out docs --sizes 200 --batch-files 2 --batch-pupils 1500" in document
    # the text around the generated table is kept when it is written again
    path = tmp_path / "performance.md"
    path.write_text("# Mine\n\n" + document[document.index(BEGIN) :] + "\nAnalysis.\n")
    write_document(path, Results([]), BenchOptions(sizes=(200,)))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Mine\n") and text.endswith("\nAnalysis.\n")
    assert "| inspect |" not in text
