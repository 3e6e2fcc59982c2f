"""PESIT — the employment-situation rule is not satisfied.

The rule concerned a person's ``CODE_SITUATION`` (Nomenclature ``SITUATIONS_EMPLOI``), removed from
the import XSD in schema 2.0 and from the exports in 2017: no file SIECLE accepts today can carry
the datum, so the rule is probably obsolete (L).

Nothing is checked: the rule exists so that the family is listed, and no finding is invented.
"""

from __future__ import annotations

from . import Rule
from .labels import label


class Pesit(Rule):
    """Not checkable: the import files (2.0 and later) have no employment situation."""

    order = 410
    checks = "nothing (`CODE_SITUATION` left the files in 2.0)"
    codes = "—"
    outcome = "—"
    reading = "L (obsolete)"
    family = "PESIT"
    title = label("PESIT")
