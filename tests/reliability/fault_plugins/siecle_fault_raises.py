"""A broken adapter: every hook raises an exception a careless adapter could let escape.

``siecle_read_school`` reads a school only from a folder holding ``ElevesAvecAdresses.xml`` (so
that ``pull --ine-only`` reaches ``siecle_write_ine``); anywhere else it raises."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from siecle_sdk import hookimpl
from siecle_sdk.exchange.takeover import read_exports
from siecle_sdk.plugin.adapter import IneUpdate, School


@hookimpl
def siecle_read_school(source: Path) -> School:
    """Fails like an adapter whose database driver is missing."""
    export = source / "ElevesAvecAdresses.xml"
    if export.is_file():
        return read_exports(export).school
    raise RuntimeError("pilote de base de données introuvable")


@hookimpl
def siecle_write_school(target: Path, school: School) -> None:
    """Fails like an adapter that expects a column the data does not have."""
    raise KeyError("colonne_absente")


@hookimpl
def siecle_write_ine(target: Path, updates: Sequence[IneUpdate]) -> None:
    """Fails with an arithmetic error."""
    raise ZeroDivisionError("division par zéro")
