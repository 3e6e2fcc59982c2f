"""A format plugin whose ``siecle_formats`` raises."""

from __future__ import annotations

from siecle_sdk import hookimpl
from siecle_sdk.formats import FormatSpec


@hookimpl
def siecle_formats() -> list[FormatSpec]:
    """Fails while building its formats."""
    raise ValueError("format STS mal décrit")
