"""SIECLE's upload page: the checks made when a file is deposited, before any integration.

Workflow §6: the deposit must be a zip whose name is the name of the one XML it holds, follows
``<UAI>PRIVE<year><AAMMJJhhmmss>`` and carries the base's year and the school's UAI. These name
checks, then every other reason SIECLE has to refuse a file whole (``PARAMETRES`` against the name,
the UAI's key, the version, the characters, the XSD), are :mod:`siecle_sdk.rules.deposit`'s, the
same as ``siecle check``'s. A refusal raises :class:`DepositRefused` with SIECLE's sentence; nothing
is recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ExitCode, SiecleError, UnusableInput
from ..io.source import open_source
from ..rules.deposit import name_problems, name_school
from ..rules.engine import Report

__all__ = ["Deposit", "DepositRefused", "receive", "refuse_if_invalid"]

#: reasons listed in a refusal
MAX_XSD_MESSAGES = 10
#: SIECLE's sentence for a file it cannot import
INVALID = "fichier XML non valide, il ne peut pas être importé."


class DepositRefused(SiecleError):
    """The upload page refuses the file (name, year, UAI or XSD): nothing is integrated."""

    exit_code = ExitCode.UNUSABLE

    def __init__(self, file_name: str, reason: str, details: Iterable[str] = ()) -> None:
        self.file_name = file_name
        self.reason = reason
        self.details = list(details)
        super().__init__(f"Dépôt du fichier {file_name} refusé : {reason}")


@dataclass
class Deposit:
    """A zip accepted by the name checks of the upload page."""

    zip_name: str
    xml_name: str
    path: Path


# --- upload checks ------------------------------------------------------------------------


def receive(zip_path: Path, uai: str, year: str) -> Deposit:
    """The name checks of SIECLE's upload page, in its order, for a base of ``uai`` and
    ``year``."""
    name = zip_path.name
    if zip_path.suffix.lower() != ".zip":
        raise DepositRefused(
            name, "le fichier déposé doit être une archive .zip contenant le fichier XML."
        )
    try:
        with open_source(zip_path) as (_stream, info):
            member = info.member
    except UnusableInput as exc:
        raise DepositRefused(name, exc.message) from None
    if member is None:
        raise DepositRefused(name, "le fichier déposé n'est pas une archive zip.")
    problems = name_problems(zip_path, member)
    named = name_school(zip_path)
    if problems or named is None:
        raise DepositRefused(name, problems[0])
    if named[1] != year:
        raise DepositRefused(
            name,
            f"l'année du fichier ({named[1]}) est différente de l'année en cours "
            f"d'utilisation ({year}).",
        )
    if named[0] != uai:
        raise DepositRefused(
            name,
            f"le fichier est destiné à l'établissement {named[0]}, la base est celle de "
            f"l'établissement {uai}.",
        )
    return Deposit(name, member, zip_path)


def refuse_if_invalid(deposit: Deposit, report: Report) -> None:
    """Refuse the deposit when the check of the file found a reason to refuse it whole."""
    if report.refused:
        raise DepositRefused(deposit.zip_name, INVALID, report.deposit_errors[:MAX_XSD_MESSAGES])
