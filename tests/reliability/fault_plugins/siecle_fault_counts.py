"""An adapter whose counts disagree with its data, to prove the pipelines notice.

``siecle_read_school`` says (``len``) it holds one person more than it yields (its school is a
small synthetic one, or the one taken over from ``ElevesAvecAdresses.xml`` when ``source`` holds
that export);
``siecle_write_school`` and ``siecle_write_ine`` report one pupil fewer than they were given.
Nothing is ever written to the vendor's data.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Generic, TypeVar

from siecle_sdk import hookimpl
from siecle_sdk.exchange.takeover import read_exports
from siecle_sdk.plugin.adapter import IneReport, IneUpdate, School, WriteReport
from siecle_sdk.testing import synthetic_school

T = TypeVar("T")


class _Overstated(Generic[T]):
    """A collection whose ``len`` is one more than what it yields."""

    def __init__(self, items: list[T]) -> None:
        self.items = items

    def __len__(self) -> int:
        return len(self.items) + 1

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __contains__(self, item: object) -> bool:
        return item in self.items


@hookimpl
def siecle_read_school(source: Path) -> School:
    """A small valid school whose persons collection overstates its length."""
    export = source / "ElevesAvecAdresses.xml"
    school = read_exports(export).school if export.is_file() else synthetic_school(10, seed=4)
    persons = _Overstated(list(school.persons))
    return School(school.uai, school.school_year, persons, school.pupils, "COMPTES")


@hookimpl
def siecle_write_school(target: Path, school: School) -> WriteReport:
    """Claims one pupil fewer than given."""
    return WriteReport(
        counts={"eleves": len(list(school.pupils)) - 1, "personnes": len(list(school.persons))}
    )


@hookimpl
def siecle_write_ine(target: Path, updates: Sequence[IneUpdate]) -> IneReport:
    """Accounts for every pupil but the last."""
    return IneReport(updated=[u.label for u in updates[:-1]])
