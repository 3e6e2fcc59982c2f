"""Load measure of ``siecle serve``: N checks of a school-sized file sent at once to a real server.

The server is started as a user starts it (``siecle serve`` in a process of its own, on a free
port, polled on its health route until it answers); ``clients`` threads then send ``requests``
``POST /api/v1/check`` calls with the school's import file and its exports, and the wall time of
each answer is kept. The figures are the median and 95th percentile latency and the throughput
(answers per second over the whole run). Wall times follow the machine's other work: figures
measured on a shared machine are an upper bound.
"""

from __future__ import annotations

import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..tools.synthetic import SyntheticSchool

# httpx (a test dependency) is imported when the measure runs: serving never needs it

__all__ = ["LoadResult", "measure_load"]

#: the exports sent with each check
_EXPORTS = ("nomenclature", "structures", "communs", "eleves", "responsables")
#: how long the server may take to start answering (a bound)
_STARTUP_BOUND = 120.0


@dataclass(frozen=True)
class LoadResult:
    """What the load measure found."""

    pupils: int
    requests: int
    clients: int
    p50: float
    p95: float
    throughput: float
    failures: int

    def lines(self) -> list[str]:
        """The figures as a Markdown table."""
        return [
            "| pupils | requests | concurrent clients | p50 (s) | p95 (s) | answers/s | failures |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            f"| {self.pupils} | {self.requests} | {self.clients} | {self.p50:.2f} | "
            f"{self.p95:.2f} | {self.throughput:.2f} | {self.failures} |",
        ]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    import httpx

    deadline = time.monotonic() + _STARTUP_BOUND
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("siecle serve stopped before answering")
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("siecle serve never answered its health route")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure_load(pupils: int = 1500, requests: int = 40, clients: int = 8) -> LoadResult:
    """``requests`` checks of a school of ``pupils`` pupils, ``clients`` at a time."""
    token = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory(prefix="siecle-load-") as work:
        folder = Path(work)
        school = SyntheticSchool(pupils=pupils, seed=3)
        files = school.write_exports(folder / "exports")
        import_file = school.write_import(folder / "exports")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "siecle_sdk", "serve", "--no-browser"]
        command += ["--port", str(port), "--token", token, "--ledger", str(folder / "h.sqlite")]
        with (folder / "serve.log").open("wb") as log:
            process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=os.environ
            )
            try:
                _wait_until_up(base, process)
                latencies, failures, elapsed = _fire(
                    base, token, import_file, files, requests, clients
                )
            finally:
                process.terminate()
                process.wait(timeout=30)
    return LoadResult(
        pupils,
        requests,
        clients,
        statistics.median(latencies) if latencies else float("nan"),
        _percentile(latencies, 0.95) if latencies else float("nan"),
        len(latencies) / elapsed if elapsed else 0.0,
        failures,
    )


def _fire(
    base: str, token: str, import_file: Path, files: dict[str, Path], requests: int, clients: int
) -> tuple[list[float], int, float]:
    import httpx

    payload = {"file": (import_file.name, import_file.read_bytes())}
    payload |= {name: (files[name].name, files[name].read_bytes()) for name in _EXPORTS}
    headers = {"Authorization": f"Bearer {token}"}

    def one(_: int) -> float | None:
        """The latency of one check, ``None`` when it failed (a failure is counted, not raised:
        the measure reports how many requests the server did not answer)."""
        try:
            with httpx.Client(timeout=600) as http:
                started = time.perf_counter()
                answer = http.post(f"{base}/api/v1/check", headers=headers, files=payload)
                took = time.perf_counter() - started
        except httpx.HTTPError:
            return None
        return took if answer.status_code == 200 else None

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        outcomes = list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - started
    latencies = [t for t in outcomes if t is not None]
    return latencies, len(outcomes) - len(latencies), elapsed
