"""A plugin that gives only a template folder: its templates extend the core ones and mark what
they write, so that a test sees which writer used them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from siecle_sdk import hookimpl

MARK = "modèle de l'éditeur"


@hookimpl
def siecle_template_dirs() -> Sequence[Path]:
    """The folder of the overriding templates."""
    return [Path(__file__).parent / "templates"]
