"""TRANS — the pupil's transport data is invalid.

The rule concerns ``ADHESION_TRANSPORT`` (L), a mandatory boolean: the XSD already refuses a missing
or non-boolean value at deposit, and nothing else about transport is in the file or the exports.

Nothing is checked beyond the XSD: the rule exists so that the family is listed, and no finding is
invented.
"""

from __future__ import annotations

from . import Rule
from .labels import label


class Trans(Rule):
    """Not checkable beyond the XSD boolean ``ADHESION_TRANSPORT``."""

    order = 190
    checks = "nothing beyond the XSD boolean `ADHESION_TRANSPORT`"
    codes = "—"
    outcome = "—"
    reading = "L"
    family = "TRANS"
    title = label("TRANS")
