"""SIECLE's upload page: the checks made when a file is deposited, before any integration.

Workflow §6: the zip's name must be the name of the one XML it holds, follow
``<UAI>PRIVE<year><AAMMJJhhmmss>``, carry the base's year and the school's UAI (and agree with
``PARAMETRES``); the XML must validate against the XSD of its version. A refusal raises
:class:`DepositRefused` with SIECLE's sentence; nothing is recorded.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ExitCode, NotWellFormed, SiecleError, UnusableInput
from ..packaging import NAME_PATTERN
from ..reader import open_document
from ..rules.engine import Report
from ..source import open_source

__all__ = ["Deposit", "DepositRefused", "receive", "refuse_if_invalid"]

#: XSD messages listed in a refusal
MAX_XSD_MESSAGES = 10


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
    """A file accepted at upload: its name, its XML (extracted) and its header."""

    zip_name: str
    xml_name: str
    xml: Path
    version: str | None
    software: str | None


# --- upload checks ------------------------------------------------------------------------


def receive(zip_path: Path, uai: str, year: str, work: Path) -> Deposit:
    """The upload checks of SIECLE, in its order; the XML is copied into ``work``."""
    name = zip_path.name
    if zip_path.suffix.lower() != ".zip":
        raise DepositRefused(
            name, "le fichier déposé doit être une archive .zip contenant le fichier XML."
        )
    xml = work / f"{Path(name).stem}.xml"
    try:
        with open_source(zip_path) as (stream, info), xml.open("wb") as out:
            if info.member is None:
                raise DepositRefused(name, "le fichier déposé n'est pas une archive zip.")
            member = info.member
            if member != f"{zip_path.stem}.xml":
                raise DepositRefused(
                    name,
                    "nom de fichier zip incorrect, il doit être identique au nom du fichier xml "
                    f"qu'il contient (« {member} »).",
                )
            shutil.copyfileobj(stream, out)
    except UnusableInput as exc:
        raise DepositRefused(name, exc.message) from None
    found = NAME_PATTERN.match(name)
    if found is None:
        raise DepositRefused(
            name,
            "nom de fichier mal formaté (attendu <UAI>PRIVE<année><AAMMJJhhmmss>.zip, "
            "par exemple 0750680GPRIVE2019190905143012.zip).",
        )
    if found.group(2) != year:
        raise DepositRefused(
            name,
            f"l'année du fichier ({found.group(2)}) est différente de l'année en cours "
            f"d'utilisation ({year}).",
        )
    if found.group(1) != uai:
        raise DepositRefused(
            name,
            f"le fichier est destiné à l'établissement {found.group(1)}, la base est celle de "
            f"l'établissement {uai}.",
        )
    invalid = "fichier XML non valide, il ne peut pas être importé."
    try:
        with open_document(xml) as doc:
            kind, parameters, version = doc.kind, doc.parameters, doc.version
    except (NotWellFormed, UnusableInput) as exc:
        raise DepositRefused(name, invalid, [exc.message]) from None
    if kind != "import-eleves":
        raise DepositRefused(name, invalid, ["l'élément racine n'est pas IMPORT_ELEVES."])
    for tag, expected in (("UAJ", uai), ("ANNEE_SCOLAIRE", year)):
        if parameters.get(tag, "") != expected:
            raise DepositRefused(
                name,
                f"PARAMETRES/{tag} du fichier (« {parameters.get(tag, '')} ») ne correspond pas "
                f"au nom du fichier ({expected}).",
            )
    return Deposit(name, f"{zip_path.stem}.xml", xml, version, parameters.get("LOGICIEL"))


def refuse_if_invalid(deposit: Deposit, report: Report) -> None:
    """Refuse the deposit when the rule run found the file invalid against the XSD."""
    if report.deposit_errors:
        raise DepositRefused(
            deposit.zip_name,
            "fichier XML non valide, il ne peut pas être importé.",
            report.deposit_errors[:MAX_XSD_MESSAGES],
        )
