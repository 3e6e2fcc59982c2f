"""Pydantic models of every SIECLE format and its records."""

from ._base import Container, Count, Date, Flag, Record, Spelling, Text

__all__ = ["Container", "Count", "Date", "Flag", "Record", "Spelling", "Text"]
