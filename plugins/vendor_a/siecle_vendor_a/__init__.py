"""``vendor_a``: a siecle-sdk adapter for a folder of semicolon-separated CSV files in
Windows-1252 with French headers (see the README for the layout)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["VENDOR", "sample_folder"]

#: the adapter's name on the command line (``siecle push vendor_a ...``)
VENDOR = "vendor_a"


def sample_folder() -> Path:
    """The folder of the demonstration school shipped with the package."""
    return Path(str(files(__name__).joinpath("sample", "college-demo")))
