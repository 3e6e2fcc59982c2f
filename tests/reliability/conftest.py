"""Shared helpers of the reliability suite: adapters, subprocesses, fault plugins, the fuzzer."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

import pytest

from siecle_sdk.plugin import manager as plugins

ROOT = Path(__file__).resolve().parents[2]
FUZZ_RUNNER = ROOT / "fuzz" / "run.py"
FAULT_PLUGINS = Path(__file__).resolve().parent / "fault_plugins"
#: entry-point name -> module of the fault plugins (see ``fault_plugins/``)
FAULTS = {
    "fault_raises": "siecle_fault_raises",
    "fault_types": "siecle_fault_types",
    "fault_hangs": "siecle_fault_hangs",
    "fault_import": "siecle_fault_import",
    "fault_signature": "siecle_fault_signature",
    "fault_formats": "siecle_fault_formats",
    "fault_counts": "siecle_fault_counts",
    "fault_records": "siecle_fault_records",
}
#: a limit on the address space of the subprocesses that read hostile inputs
MEMORY_LIMIT = 1 << 30
_LIMITED = (
    "import resource, sys\n"
    f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))\n"
    "from siecle_sdk.cli.main import main\n"
    "main(sys.argv[1:])\n"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: runs real subprocesses for seconds (still part of the normal run)"
    )


def installed_adapters() -> set[str]:
    """Entry-point names of the adapters installed beside the SDK."""
    return {ep.name for ep in entry_points(group=plugins.ENTRY_POINT_GROUP)} - set(plugins.BUILTIN)


def needs_adapter(name: str) -> pytest.MarkDecorator:
    """Skip a test when the reference adapter ``name`` is not installed (``tox -e core``)."""
    return pytest.mark.skipif(
        name not in installed_adapters(), reason=f"adapter {name} not installed"
    )


def siecle_env(ledger: Path, enabled: str | None = None, **extra: str) -> dict[str, str]:
    """Environment for a ``siecle`` subprocess: its own ledger, the given plugins enabled."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIECLE_")}
    env["SIECLE_LEDGER"] = str(ledger)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if enabled is not None:
        env["SIECLE_PLUGINS"] = enabled
    env.update(extra)
    return env


def siecle_command(*args: str | Path) -> list[str]:
    """The command line running ``siecle ARGS`` with this interpreter."""
    return [sys.executable, "-m", "siecle_sdk", *(str(a) for a in args)]


def run_siecle(
    *args: str | Path, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``siecle ARGS`` in a subprocess and wait for it."""
    return subprocess.run(
        siecle_command(*args), env=env, capture_output=True, text=True, timeout=timeout
    )


def run_limited(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``siecle ARGS`` in a subprocess whose address space is capped at 1 GiB."""
    return subprocess.run(
        [sys.executable, "-c", _LIMITED, *(str(a) for a in args)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def load_fuzz_runner() -> ModuleType:
    """``fuzz/run.py`` as a module (it is a script, not a package)."""
    name = "siecle_fuzz_run"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, FUZZ_RUNNER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def write_distribution(folder: Path) -> Path:
    """A ``*.dist-info`` declaring the fault plugins as ``siecle_sdk`` entry points."""
    info = folder / "siecle_fault_plugins-0.1.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: siecle-fault-plugins\nVersion: 0.1\n", encoding="utf-8"
    )
    lines = [f"{name} = {module}" for name, module in FAULTS.items()]
    (info / "entry_points.txt").write_text(
        "[siecle_sdk]\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    return folder


@pytest.fixture
def fault_plugins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., plugins.PluginManager]]:
    """Install the fault plugins for this test; call the result with the entry-point names to
    enable (others stay disabled) to get a fresh plugin manager."""
    dist = write_distribution(tmp_path / "site")
    monkeypatch.syspath_prepend(str(FAULT_PLUGINS))
    monkeypatch.syspath_prepend(str(dist))

    def enable(*names: str) -> plugins.PluginManager:
        monkeypatch.setenv("SIECLE_PLUGINS", ",".join(names))
        monkeypatch.delenv("SIECLE_NO_PLUGINS", raising=False)
        plugins.reset_manager()
        return plugins.get_manager()

    plugins.reset_manager()
    yield enable
    plugins.reset_manager()


def fault_pythonpath(tmp_path: Path) -> str:
    """``PYTHONPATH`` making the fault plugins visible to a subprocess."""
    dist = write_distribution(tmp_path / "site")
    return os.pathsep.join([str(dist), str(FAULT_PLUGINS)])
