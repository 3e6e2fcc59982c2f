"""French forms of what the SDK says to its users: school years, dates, numbers, plurals.

One place for them, so that every message, report and table writes ``2019-2020``,
``05/09/2019`` and ``12 345`` the same way. Depends on nothing but the standard library.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["date", "number", "plural", "year_label"]


def year_label(year: str | int | None) -> str:
    """``2019`` -> ``2019-2020`` (SIECLE's school year, from the year it starts)."""
    text = "" if year is None else str(year)
    if text.isdigit():
        return f"{text}-{int(text) + 1}"
    return text or "?"


def date(day: dt.date | None) -> str:
    """``dd/mm/yyyy``, as SIECLE writes dates; empty for no date."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


def number(value: int) -> str:
    """``12345`` -> ``12 345`` (French grouping of thousands)."""
    return f"{value:,}".replace(",", " ")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``3 fichiers``, ``1 fichier``, ``0 fichier`` (French: 0 and 1 are singular)."""
    word = singular if count <= 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"
