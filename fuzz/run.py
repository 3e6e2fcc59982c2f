"""Fuzzing the readers of siecle-sdk: mutated real files must end parsed or refused cleanly.

Every input (an XML file, a zip, or a JSON document written by ``siecle convert``) goes through
each reader of the SDK. The property checked for each one:

* it is read to its end, or refused with a :class:`~siecle_sdk.errors.SiecleError` (a French
  message, exit status 2 on the command line), never with another exception;
* ``siecle inspect`` on it exits 0 (1 for an inconsistent export) or 2, never 3 ("unexpected
  error") and never with a traceback;
* what is read is converted to JSON and back without losing a record.

Two engines: `atheris <https://pypi.org/project/atheris/>`_ (coverage-guided, used when it is
installed) and plain random mutation of the corpus (always available). Usage, from the
repository root::

    python fuzz/run.py --seconds 60                  # atheris if installed, else random
    python fuzz/run.py --seconds 60 --engine random --seed 7
    python fuzz/run.py --seconds 60 --json           # also mutate the JSON documents
    python fuzz/run.py --replay fuzz/crashes/crash-1a2b3c  # re-run one saved input

An input that breaks the property is saved in ``fuzz/crashes/`` and its traceback printed. The
test suite imports :func:`mutate` and :func:`check_input` from this file
(``tests/reliability/test_fuzz.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import io
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
CRASHES = HERE / "crashes"
#: suffixes of the corpus files that are inputs (the licence beside them is not)
INPUT_SUFFIXES = (".xml", ".zip", ".json")

#: fragments inserted by the mutator: markup, entities, encodings, zip magic, odd bytes
TOKENS: tuple[bytes, ...] = (
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
    b'<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">',
    b"&",
    b"&e;",
    b"&amp;",
    b"&#0;",
    b"&#x1F600;",
    b"&#xD800;",
    b"<",
    b">",
    b"]]>",
    b"<![CDATA[",
    b"<!--",
    b"-->",
    b"<?pi x?>",
    b"<A>",
    b"</A>",
    b"<A/>",
    b'<A B="1" B="2">',
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\x85",
    b"\xc3\xa9",
    b"\xe9",
    b'<?xml version="1.0" encoding="UTF-16"?>',
    b'encoding="KLINGON"',
    b'encoding="UTF-8"',
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\r\n\r\n",
    b"\t \t",
    b'{"tag":',
    b"null",
    b"[[[[",
    b"]]]]",
)


def corpus_files(corpus: Path = CORPUS, *, json_inputs: bool = True) -> list[Path]:
    """The corpus inputs, sorted (JSON documents only with ``json_inputs``)."""
    suffixes = INPUT_SUFFIXES if json_inputs else (".xml", ".zip")
    return sorted(p for p in corpus.iterdir() if p.suffix in suffixes)


# --- mutations ------------------------------------------------------------------------------


def _flip(data: bytearray, rng: random.Random) -> None:
    if data:
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)


def _set_byte(data: bytearray, rng: random.Random) -> None:
    if data:
        data[rng.randrange(len(data))] = rng.randrange(256)


def _truncate(data: bytearray, rng: random.Random) -> None:
    del data[rng.randrange(len(data) + 1) :]


def _delete(data: bytearray, rng: random.Random) -> None:
    if data:
        start = rng.randrange(len(data))
        del data[start : start + rng.randrange(1, 64)]


def _insert_token(data: bytearray, rng: random.Random) -> None:
    position = rng.randrange(len(data) + 1)
    data[position:position] = rng.choice(TOKENS)


def _insert_random(data: bytearray, rng: random.Random) -> None:
    position = rng.randrange(len(data) + 1)
    data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))


def _duplicate(data: bytearray, rng: random.Random) -> None:
    if data:
        start = rng.randrange(len(data))
        chunk = data[start : start + rng.randrange(1, 256)]
        position = rng.randrange(len(data) + 1)
        data[position:position] = chunk * rng.randrange(1, 8)


def _zip_header(data: bytearray, rng: random.Random) -> None:
    """Damage a field of a zip header: sizes, method, flags, name length, external attributes."""
    headers = [
        (i, sig)
        for sig in (b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06")
        for i in _find_all(bytes(data), sig)
    ]
    if not headers:
        _flip(data, rng)
        return
    start, sig = rng.choice(headers)
    fields = {
        b"PK\x03\x04": (6, 8, 18, 22, 26, 28),
        b"PK\x01\x02": (8, 10, 20, 24, 28, 38, 42),
        b"PK\x05\x06": (8, 10, 12, 16),
    }[sig]
    offset = start + rng.choice(fields)
    width = 4 if offset - start in (18, 22, 20, 24, 38, 42, 12, 16) else 2
    if offset + width <= len(data):
        value = rng.choice((0, 1, 0xFFFF, 0xFFFFFFFF, rng.randrange(1 << (8 * width))))
        value &= (1 << (8 * width)) - 1
        data[offset : offset + width] = value.to_bytes(width, "little")


def _find_all(data: bytes, needle: bytes) -> Iterator[int]:
    position = data.find(needle)
    while position >= 0:
        yield position
        position = data.find(needle, position + 1)


MUTATIONS: tuple[Callable[[bytearray, random.Random], None], ...] = (
    _flip,
    _set_byte,
    _truncate,
    _delete,
    _insert_token,
    _insert_random,
    _duplicate,
    _zip_header,
)


def mutate(data: bytes, rng: random.Random, rounds: int | None = None) -> bytes:
    """``data`` changed by 1 to 4 random mutations (``rounds`` fixes their number)."""
    out = bytearray(data)
    for _ in range(rounds if rounds is not None else rng.randint(1, 4)):
        rng.choice(MUTATIONS)(out, rng)
    return bytes(out)


# --- the property ---------------------------------------------------------------------------


class FuzzFailure(AssertionError):
    """An input broke the property: another exception than a SiecleError, or a lost record."""


def _records(path: Path) -> list[tuple[str, Any]]:
    """``(block, record)`` pairs of a file; text between records (a record's ``tail``) is left
    out: the reader keeps it or not depending on where its buffer ends (see docs/reliability.md).
    """
    from siecle_sdk.io.reader import open_document

    with open_document(path) as doc:
        return [
            (block, {k: v for k, v in node.items() if k != "tail"}) for block, node in doc.records()
        ]


def _cli_inspect(path: Path) -> tuple[int, str]:
    """``siecle inspect PATH`` in this process: exit status and standard error."""
    from siecle_sdk.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(["inspect", str(path)])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, err.getvalue()


def _xml_readers(path: Path, work: Path) -> str:
    from siecle_sdk.io.jsonio import write_json, xml_from_json
    from siecle_sdk.io.reader import open_document
    from siecle_sdk.io.schema import validate_source

    with open_document(path) as doc:
        for _ in doc.typed():
            pass
        kind = doc.kind
    if kind == "import-eleves":
        validate_source(path)
    original = _records(path)
    as_json = work / "document.json"
    with open_document(path) as doc:
        write_json(doc, as_json)
    back = work / "back.xml"
    xml_from_json(as_json, back)
    again = _records(back)
    if again != original:
        raise FuzzFailure(
            f"XML -> JSON -> XML changed the records ({len(original)} -> {len(again)})"
        )
    return "parsed"


def _json_reader(path: Path, work: Path) -> str:
    from siecle_sdk.io.jsonio import xml_from_json

    xml_from_json(path, work / "from-json.xml")
    return "converted"


def _guarded(step: Callable[[], str]) -> str:
    """Run ``step``: its outcome, the name of the SiecleError it raised, or FuzzFailure."""
    from siecle_sdk.errors import SiecleError

    try:
        return step()
    except SiecleError as exc:
        return type(exc).__name__
    except FuzzFailure:
        raise
    except Exception as exc:
        raise FuzzFailure(f"{type(exc).__name__} escaped the readers: {exc}") from exc


def check_input(data: bytes, work: Path) -> str:
    """Run the readers on ``data`` (written in ``work``); the outcome, or :class:`FuzzFailure`.

    Returns ``"parsed"`` (XML read, converted to JSON and back unchanged), ``"converted"`` (a
    JSON document turned into XML), or the name of the SiecleError that refused the input.
    """
    from siecle_sdk.cli.inspect import describe

    if data.lstrip()[:1] == b"{":
        path = work / "input.json"
        path.write_bytes(data)
        return _guarded(lambda: _json_reader(path, work))
    path = work / "input.xml"
    path.write_bytes(data)
    described = _guarded(lambda: str(describe(path)["kind"]))
    code, err = _cli_inspect(path)
    # read: 0, or 1 when the file is an inconsistent export (its faults named); refused: 2
    expected = (2,) if described[0].isupper() else (0, 1)
    if code not in expected or "Traceback" in err:
        raise FuzzFailure(f"siecle inspect exited {code} (expected {expected}): {err[:500]}")
    return _guarded(lambda: _xml_readers(path, work))


# --- engines --------------------------------------------------------------------------------


class _CaseTimeout(BaseException):
    """One input took longer than ``--case-timeout``."""


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise _CaseTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _save_crash(data: bytes, crashes: Path) -> Path:
    crashes.mkdir(parents=True, exist_ok=True)
    path = crashes / f"crash-{hashlib.sha1(data).hexdigest()[:12]}"
    path.write_bytes(data)
    return path


def _limit_memory(megabytes: int) -> None:
    import resource

    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_random(
    seconds: float, seed: int, inputs: Sequence[Path], crashes: Path, case_timeout: float
) -> int:
    """Mutate the corpus at random for ``seconds``; returns the number of failures."""
    rng = random.Random(seed)
    seeds = [p.read_bytes() for p in inputs]
    end = time.monotonic() + seconds
    cases = failures = 0
    outcomes: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="siecle-fuzz-") as tmp:
        work = Path(tmp)
        while time.monotonic() < end:
            data = mutate(rng.choice(seeds), rng)
            cases += 1
            try:
                with _deadline(case_timeout):
                    outcome = check_input(data, work)
            except (FuzzFailure, _CaseTimeout) as exc:
                failures += 1
                saved = _save_crash(data, crashes)
                what = "timeout" if isinstance(exc, _CaseTimeout) else str(exc)
                print(f"FAILURE ({what}) saved as {saved}", file=sys.stderr)
                traceback.print_exception(exc, file=sys.stderr)
                continue
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
    print(f"{cases} inputs in {seconds:g} s (seed {seed}): {summary}; {failures} failure(s)")
    return failures


def run_atheris(seconds: float, inputs: Sequence[Path], crashes: Path, case_timeout: float) -> int:
    """Coverage-guided fuzzing with atheris (libFuzzer) for ``seconds``."""
    import atheris  # type: ignore[import-not-found,import-untyped,unused-ignore]

    with atheris.instrument_imports():
        import siecle_sdk.cli.inspect
        import siecle_sdk.io.jsonio
        import siecle_sdk.io.reader
        import siecle_sdk.io.schema
        import siecle_sdk.io.source  # noqa: F401

    work_corpus = Path(tempfile.mkdtemp(prefix="siecle-fuzz-corpus-"))
    work = Path(tempfile.mkdtemp(prefix="siecle-fuzz-"))
    for path in inputs:
        shutil.copy(path, work_corpus / path.name)
    crashes.mkdir(parents=True, exist_ok=True)

    def one_input(data: bytes) -> None:
        check_input(data, work)

    atheris.Setup(
        [
            sys.argv[0],
            str(work_corpus),
            f"-max_total_time={int(seconds)}",
            f"-timeout={int(case_timeout)}",
            "-rss_limit_mb=2048",
            f"-artifact_prefix={crashes}/",
        ],
        one_input,
    )
    atheris.Fuzz()
    return 0


def replay(path: Path) -> int:
    """Run one saved input and print its outcome (or the failure)."""
    with tempfile.TemporaryDirectory(prefix="siecle-fuzz-") as tmp:
        try:
            print(check_input(path.read_bytes(), Path(tmp)))
        except FuzzFailure:
            traceback.print_exc()
            return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description="Fuzz the readers of siecle-sdk.")
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget (default 60)")
    parser.add_argument("--engine", choices=("auto", "atheris", "random"), default="auto")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random engine")
    parser.add_argument("--json", action="store_true", help="mutate the JSON documents too")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--crashes", type=Path, default=CRASHES)
    parser.add_argument("--case-timeout", type=float, default=30.0, help="seconds per input")
    parser.add_argument("--max-memory-mb", type=int, default=2048, help="address-space limit")
    parser.add_argument("--replay", type=Path, help="run one saved input and stop")
    args = parser.parse_args(argv)
    if args.replay is not None:
        return replay(args.replay)
    inputs = corpus_files(args.corpus, json_inputs=args.json)
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if importlib.util.find_spec("atheris") is not None else "random"
    print(f"engine {engine}, {len(inputs)} corpus files, {args.seconds:g} s", file=sys.stderr)
    if engine == "atheris":
        return run_atheris(args.seconds, inputs, args.crashes, args.case_timeout)
    _limit_memory(args.max_memory_mb)
    return 1 if run_random(args.seconds, args.seed, inputs, args.crashes, args.case_timeout) else 0


if __name__ == "__main__":
    sys.exit(main())
