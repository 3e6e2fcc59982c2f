"""Fuzzing the readers with mutated real files (a bounded run; ``fuzz/run.py`` runs for longer).

Property (``fuzz/run.py: check_input``): every input is read to its end or refused with a
``SiecleError``; ``siecle inspect`` exits 0 (1: an inconsistent export) or 2, never 3, never with
a traceback; what is read converts to JSON and back unchanged. A sample also runs in subprocesses
limited to 1 GiB of address space.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import load_fuzz_runner, run_limited

RUNNER = load_fuzz_runner()
XML_CORPUS = [p for p in RUNNER.corpus_files(json_inputs=False) if p.suffix == ".xml"]
ZIP_CORPUS = [p for p in RUNNER.corpus_files(json_inputs=False) if p.suffix == ".zip"]
FUZZ = settings(
    max_examples=300,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def check(data: bytes) -> str:
    with tempfile.TemporaryDirectory(prefix="siecle-fuzz-") as folder:
        outcome: str = RUNNER.check_input(data, Path(folder))
    return outcome


def test_corpus_is_read() -> None:
    """The unmutated corpus: every real file is read (the one malformed sample refused)."""
    outcomes = {p.name: check(p.read_bytes()) for p in [*XML_CORPUS, *ZIP_CORPUS]}
    assert outcomes.pop("eleves_avec_adresse_simple.xml") == "NotWellFormed"
    assert set(outcomes.values()) == {"parsed"}, outcomes


@FUZZ
@given(
    case=st.sampled_from(XML_CORPUS),
    rng=st.randoms(use_true_random=False),
    rounds=st.integers(1, 4),
)
def test_mutated_xml(case: Path, rng: random.Random, rounds: int) -> None:
    check(RUNNER.mutate(case.read_bytes(), rng, rounds))


@settings(FUZZ, max_examples=200)
@given(
    case=st.sampled_from(ZIP_CORPUS),
    rng=st.randoms(use_true_random=False),
    rounds=st.integers(1, 3),
)
def test_mutated_zips(case: Path, rng: random.Random, rounds: int) -> None:
    check(RUNNER.mutate(case.read_bytes(), rng, rounds))


@FUZZ
@given(
    case=st.sampled_from(XML_CORPUS + ZIP_CORPUS),
    where=st.floats(0, 1),
    payload=st.binary(min_size=1, max_size=64) | st.sampled_from(RUNNER.TOKENS),
    replace=st.booleans(),
)
def test_bytes_spliced_into_real_files(
    case: Path, where: float, payload: bytes, replace: bool
) -> None:
    data = case.read_bytes()
    at = int(where * len(data))
    end = at + len(payload) if replace else at
    check(data[:at] + payload + data[end:])


@settings(FUZZ, max_examples=100)
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes(data: bytes) -> None:
    check(data)


DECLARATIONS = [
    b'<?xml version="1.0" encoding="ISO-8859-15"?>',
    b'<?xml version="1.0" encoding="UTF-8"?>',
    b'<?xml version="1.0" encoding="UTF-16"?>',
    b"",
]


@settings(FUZZ, max_examples=60)
@given(body=st.binary(max_size=512), declaration=st.sampled_from(DECLARATIONS))
def test_arbitrary_bytes_after_a_declaration(body: bytes, declaration: bytes) -> None:
    check(declaration + b"\n<BEE_ELEVES>" + body)


@pytest.mark.slow
def test_sample_in_memory_limited_processes(tmp_path: Path) -> None:
    """A seeded sample of mutated files, each through ``siecle inspect`` in its own process
    limited to 1 GiB: exit 0 (1 for an inconsistent export) or 2, one French paragraph, never a
    traceback."""
    rng = random.Random(20191)
    corpus = [*XML_CORPUS, *ZIP_CORPUS]
    for number in range(10):
        path = tmp_path / f"cas-{number}.xml"
        path.write_bytes(RUNNER.mutate(rng.choice(corpus).read_bytes(), rng))
        done = run_limited("inspect", path, timeout=120)
        assert done.returncode in (0, 1, 2), (path, done.stderr)
        assert "Traceback" not in done.stderr
        assert (done.returncode == 2) == done.stderr.startswith("Erreur : "), done.stderr
