"""The skip policy of a test run: a pytest plugin, installed by ``tests/conftest.py``.

A test may be skipped for two reasons only: an optional adapter is not installed (the ``core`` tox
environment runs without any, each adapter's environment without the other), or the Java compiler
is not installed (the documented Java example of the JSON file is compiled and run when it is; a
Python environment need not have a JDK). Any other skip — a missing file, another missing tool, a
platform condition — would hide a test everywhere it happens, so the run fails and names it.
Registered as a plugin, its hooks see every test of the run, so a run that includes ``tests`` (as
every tox environment does) holds ``plugins/*/tests`` to it too.
"""

from __future__ import annotations

import re

import pytest

#: the reasons a test may be skipped for: an optional adapter, or the Java compiler, not installed
ALLOWED_SKIP = re.compile(
    r"\badapter \w+ not installed\b|\bno (reference )?adapter installed\b|^javac not installed$"
)

_refused: list[str] = []


def _reason(report: pytest.CollectReport | pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _note(report: pytest.CollectReport | pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = _reason(report)
        if not ALLOWED_SKIP.search(reason):
            _refused.append(f"{report.nodeid}: {reason}")


def pytest_collectreport(report: pytest.CollectReport) -> None:
    _note(report)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _note(report)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _refused:
        terminalreporter.section("skipped for a reason other than a missing optional adapter")
        for line in _refused:
            terminalreporter.line(line)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _refused and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
