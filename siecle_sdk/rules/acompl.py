"""ACOMPL — the pupil's "à compléter" (to be completed) field was set or changed.

SIECLE keeps a complete / to-complete status for each pupil, which users can search in BEE; missing
mandatory data switches it. What switches it, and whether the import du privé reports it, are not
known (U), and every datum the XSD makes mandatory is already required by the deposit check.

Nothing is checked: the rule exists so that the family is listed, and no finding is invented.
"""

from __future__ import annotations

from . import Rule
from .labels import label


class Acompl(Rule):
    """Not checkable: SIECLE's triggers of the "à compléter" status are not known."""

    order = 200
    checks = "nothing (triggers unknown)"
    codes = "—"
    outcome = "—"
    reading = "U"
    family = "ACOMPL"
    title = label("ACOMPL")
