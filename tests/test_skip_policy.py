"""The skip policy of the test runs (``tests/skip_policy.py``): only a missing optional adapter
may skip a test; any other skip fails the run, so that CI never passes with a test left out."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

POLICY = Path(__file__).with_name("skip_policy.py")

TESTS = """
import pytest

def test_runs():
    assert True

@pytest.mark.skipif(True, reason="adapter vendor_a not installed")
def test_needs_an_adapter():
    pass

def test_needs_a_tool():
    pytest.skip({reason!r})
"""


def _run(folder: Path, reason: str) -> subprocess.CompletedProcess[str]:
    shutil.copy(POLICY, folder / "conftest.py")
    (folder / "test_sample.py").write_text(TESTS.format(reason=reason), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.mark.parametrize(
    "reason", ["SIECLE samples not available", "needs os.fork (POSIX)", "chromedriver missing"]
)
def test_other_skips_fail_the_run(tmp_path: Path, reason: str) -> None:
    done = _run(tmp_path, reason)
    assert done.returncode == pytest.ExitCode.TESTS_FAILED, done.stdout
    assert "skipped for a reason other than a missing optional adapter" in done.stdout
    assert f"test_sample.py::test_needs_a_tool: {reason}" in done.stdout
    assert "test_needs_an_adapter" not in done.stdout.split("optional adapter")[1]


def test_missing_adapter_may_skip(tmp_path: Path) -> None:
    done = _run(tmp_path, "no reference adapter installed")
    assert done.returncode == pytest.ExitCode.OK, done.stdout
    assert "1 passed, 2 skipped" in done.stdout


def test_missing_java_compiler_may_skip(tmp_path: Path) -> None:
    """The Java example needs a JDK, which a Python environment need not have."""
    done = _run(tmp_path, "javac not installed")
    assert done.returncode == pytest.ExitCode.OK, done.stdout
    assert "1 passed, 2 skipped" in done.stdout


@pytest.mark.parametrize("reason", ["java not installed", "javac not installed yet"])
def test_only_the_compiler_reason_is_allowed(tmp_path: Path, reason: str) -> None:
    done = _run(tmp_path, reason)
    assert done.returncode == pytest.ExitCode.TESTS_FAILED, done.stdout


def test_policy_holds_for_the_whole_run(pytestconfig: pytest.Config) -> None:
    """Registered as a plugin (not left as a conftest's hooks, which see only the tests below
    ``tests/``): a run with ``plugins/*/tests`` beside ``tests`` is held to it too."""
    assert pytestconfig.pluginmanager.has_plugin("siecle-skip-policy")
