"""An adapter whose hooks hang until ``RELEASE`` is set (or ``SIECLE_FAULT_HANG`` seconds)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from siecle_sdk import hookimpl
from siecle_sdk.plugin.adapter import School, WriteReport

#: set it to let a hanging hook go on
RELEASE = threading.Event()
#: hooks whose clean-up ran (the interruption must let it run)
CLEANED: list[str] = []
#: name of the file a hanging write leaves while it runs, removed by its clean-up
PARTIAL = "donnees.partiel"


def _hang() -> None:
    RELEASE.wait(float(os.environ.get("SIECLE_FAULT_HANG", "120")))


@hookimpl
def siecle_read_school(source: Path) -> School:
    """Waits forever, as on a network share that stopped answering."""
    try:
        _hang()
    finally:
        CLEANED.append("siecle_read_school")
    raise RuntimeError("released")


@hookimpl
def siecle_write_school(target: Path, school: School) -> WriteReport:
    """Starts writing, then waits forever; its clean-up removes what it started."""
    target.mkdir(parents=True, exist_ok=True)
    partial = target / PARTIAL
    partial.write_text("écriture en cours", encoding="utf-8")
    try:
        _hang()
    finally:
        partial.unlink(missing_ok=True)
        CLEANED.append("siecle_write_school")
    return WriteReport(counts={"eleves": len(school.pupils), "personnes": len(school.persons)})
