"""An adapter whose hook does not match the specification (an argument SIECLE never passes)."""

from __future__ import annotations

from pathlib import Path

from siecle_sdk import hookimpl
from siecle_sdk.plugin.adapter import School


@hookimpl
def siecle_read_school(source: Path, password: str) -> School:
    """Asks for an argument the SDK does not have."""
    raise AssertionError("never called")
