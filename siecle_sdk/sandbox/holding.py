"""The holding area of the sandbox: deposits waiting for the académie's night integration.

SIECLE keeps a deposited file in temporary tables ("tables temporaires d'accueil") until the
académie's integration runs; a later deposit of the same half-day replaces it there. These are the
sandbox's records of that wait: a deposit held, a deposit replaced, and what one night did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..academie import Academie, HalfDay
from ..errors import ExitCode
from .integrate import Integration

__all__ = ["Held", "Night", "Replaced"]


@dataclass
class Held:
    """A deposit accepted by the upload page, waiting for the night's integration."""

    zip_name: str
    xml_name: str
    #: when it was deposited (SIECLE's wall clock, Paris)
    deposited: dt.datetime
    academie: Academie
    #: the deposits still held that this one replaces (same half-day, before the run)
    replaces: list[Held] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What the upload page and the calendar say about this deposit, in French."""
        when = self.deposited
        out = [
            f"Fichier {self.zip_name} déposé le {when:%d/%m/%Y} à {when:%H:%M:%S} "
            f"({HalfDay.of(when).label()}) : il attend l'intégration de la nuit.",
            *(f"  {line}" for line in self.academie.fate(when, when)),
        ]
        for earlier in self.replaces:
            out.append(
                f"Attention : le fichier {earlier.zip_name}, déposé à "
                f"{earlier.deposited:%H:%M:%S} dans la même demi-journée, est remplacé par "
                "celui-ci : il ne sera pas intégré."
            )
        return out


@dataclass
class Replaced:
    """A held deposit that a later deposit of its half-day replaced: never integrated."""

    file_name: str
    deposited: dt.datetime
    #: the file that replaced it
    by: str
    text_path: Path | None = None

    def message_lines(self) -> list[str]:
        """The compte-rendu's words for a replaced file."""
        return [
            "Fichier non intégré : remplacé par le fichier "
            f"{self.by}, déposé dans la même demi-journée.",
            "Lors de plusieurs chargements consécutifs dans la même demi-journée, seul le dernier "
            "fichier déposé est conservé dans les tables temporaires d'accueil.",
        ]


@dataclass
class Night:
    """What one run of the académie's integration did."""

    processed: dt.datetime
    integrations: list[Integration] = field(default_factory=list)
    replaced: list[Replaced] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 every file integrated without rejection nor anomaly (or none held), 1 otherwise."""
        if any(i.exit_code for i in self.integrations):
            return int(ExitCode.FINDINGS)
        return int(ExitCode.OK)
