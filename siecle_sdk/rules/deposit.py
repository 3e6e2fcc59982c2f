"""SIECLE's deposit checks of an ``IMPORT_ELEVES`` file: what makes it refuse a file whole.

SIECLE's upload page refuses a deposit before any business rule when (workflow §5-6, the
qualification protocol): the zip is not named ``<UAI>PRIVE<year><AAMMJJhhmmss>.zip``, the one XML
it holds is not named like it, the year of the name is not the one of the base; the XML is not
valid against the XSD of its version. The file must also be the school's: ``PARAMETRES/UAJ`` a
real UAI (its key letter), the UAI and year of the name those of ``PARAMETRES``; its ``VERSION``
one SIECLE knows; every character one SIECLE can store (it keeps its data in ISO-8859-15).

These checks are shared by ``siecle check``, the pre-check of ``siecle push`` and the sandbox's
upload page, so that the three refuse the same files for the same reasons. The XSD itself is
checked by :class:`~siecle_sdk.io.schema.Validation` in the same reading pass, which runs
:func:`unstorable_characters` on every record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from lxml import etree

from ..identifiers import uai_problem
from ..io.encoding import unstorable
from ..io.nodes import line_of
from ..io.schema import Validation, validator_for

__all__ = [
    "NAME_PATTERN",
    "VERSIONS",
    "name_notices",
    "name_problems",
    "name_school",
    "refusals",
    "software_notice",
    "start_validation",
    "unstorable_characters",
]

#: SIECLE's naming rule for the deposited zip and its XML
NAME_PATTERN = re.compile(r"^(\d{7}[A-HJ-NPR-Z])PRIVE(\d{4})(\d{12})\.(zip|xml)$")

#: versions of the import file SIECLE knows (the official XSDs)
VERSIONS = ("2.0", "3.0", "3.1")
#: what the name of a deposit looks like, for messages
NAME_EXAMPLE = "<UAI>PRIVE<année><AAMMJJhhmmss>.zip, par exemple 0750680GPRIVE2019190905143012.zip"


def name_problems(path: Path, member: str | None) -> list[str]:
    """Why SIECLE's upload page would refuse the zip ``path`` for its names (``member``: the XML
    it holds). A bare XML is named when it is zipped: its name is not checked."""
    if member is None:
        return []
    problems = []
    if member != f"{path.stem}.xml":
        problems.append(
            "nom de fichier zip incorrect, il doit être identique au nom du fichier xml qu'il "
            f"contient (le zip « {path.name} » contient « {member} »)."
        )
    if NAME_PATTERN.match(path.name) is None:
        problems.append(f"nom de fichier mal formaté « {path.name} » (attendu {NAME_EXAMPLE}).")
    return problems


def name_school(path: Path) -> tuple[str, str] | None:
    """The UAI and school year the name of a deposit gives, if it follows SIECLE's rule."""
    found = NAME_PATTERN.match(path.name)
    return (found.group(1), found.group(2)) if found else None


def _schema_version(version: str | None) -> str:
    """The XSD a file of ``version`` is validated against (3.1 when it gives none)."""
    return version if version in VERSIONS else "3.1"


def _header_problems(
    parameters: Mapping[str, str], version: str | None, named: tuple[str, str] | None
) -> list[str]:
    """Why SIECLE would refuse a file whose header is ``parameters`` (``PARAMETRES``) and root
    ``VERSION`` is ``version``, deposited under a name giving ``named`` (UAI, year)."""
    problems = []
    if version and version not in VERSIONS:
        problems.append(
            f"version « {version} » du fichier inconnue : SIECLE n'accepte que les versions "
            f"{', '.join(VERSIONS[:-1])} et {VERSIONS[-1]} du format IMPORT_ELEVES."
        )
    uai = (parameters.get("UAJ") or "").strip()
    year = (parameters.get("ANNEE_SCOLAIRE") or "").strip()
    problem = uai_problem(uai) if uai else None
    if problem:
        problems.append(
            f"PARAMETRES/UAJ : {problem} ; SIECLE refuse un fichier qui n'est pas celui d'un "
            "établissement existant."
        )
    if named is not None:
        if uai and named[0] != uai:
            problems.append(
                f"le nom du fichier le destine à l'établissement {named[0]}, mais PARAMETRES/UAJ "
                f"est {uai}."
            )
        if year and named[1] != year:
            problems.append(
                f"l'année du nom du fichier ({named[1]}) est différente de PARAMETRES/"
                f"ANNEE_SCOLAIRE ({year})."
            )
    return problems


def refusals(
    path: Path, member: str | None, parameters: Mapping[str, str], version: str | None
) -> list[str]:
    """Every reason, read from its names and header, SIECLE would have to refuse the file
    ``path`` (a zip holding ``member``, or a bare XML): sentences for a report."""
    problems = name_problems(path, member) + _header_problems(
        parameters, version, name_school(path)
    )
    return [problem[:1].upper() + problem[1:] for problem in problems]


def name_notices(path: Path, member: str | None) -> list[str]:
    """What a report says of a bare XML whose name is not a deposit's (it is named when zipped)."""
    if member is not None or name_school(path) is not None:
        return []
    return [
        f"Nom du fichier non contrôlé : SIECLE n'accepte qu'un zip nommé {NAME_EXAMPLE}, "
        "contenant un XML du même nom (siecle push le produit)."
    ]


def software_notice(software: str | None, known: str | None) -> str | None:
    """A warning when ``LOGICIEL`` differs from the one of earlier sends (``known``)."""
    if not software or not known or software == known:
        return None
    return (
        f"LOGICIEL « {software} » différent de celui des envois précédents (« {known} ») : "
        "SIECLE demande de garder le même nom de logiciel."
    )


#: every text of an element, joined (XPath's string value); whether it has an attribute below it
_TEXT = etree.XPath("string()")
_HAS_ATTRIBUTES = etree.XPath("boolean(descendant-or-self::*/@*)")


def _paths(element: etree._Element, where: str) -> Iterator[tuple[str, etree._Element]]:
    here = f"{where}/{element.tag}" if where else str(element.tag)
    yield here, element
    for child in element:
        if isinstance(child.tag, str):
            yield from _paths(child, here)


def unstorable_characters(element: etree._Element, where: str) -> Iterator[tuple[int, str]]:
    """``(line, message)`` for every value of ``element`` SIECLE could not store in ISO-8859-15
    (a character outside it, or a C1 control character): the whole file is then refused, as
    ``siecle push`` refuses to write one."""
    if unstorable(str(_TEXT(element))) is None and not _HAS_ATTRIBUTES(element):
        return  # the usual case, seen at once: every text storable, no attribute
    for path, item in _paths(element, where):
        values = [("", item.text), *((f"/@{k!s}", str(v)) for k, v in item.attrib.items())]
        for suffix, text in values:
            char = unstorable(str(text)) if text else None
            if char is not None:
                line = line_of(item) or 0
                yield (
                    line,
                    f"ligne {line}, {path}{suffix} : le caractère « {char} » (U+{ord(char):04X}) "
                    "ne peut pas être enregistré par SIECLE, qui stocke ses données en "
                    "ISO-8859-15 ; corrigez la valeur dans le logiciel.",
                )


def start_validation(root: str, attrs: Mapping[str, str]) -> Validation | None:
    """The validation of an import file read by the reader: its XSD and the storable
    characters (``None`` for another root)."""
    if root != "IMPORT_ELEVES":
        return None
    validation = validator_for(_schema_version(attrs.get("VERSION"))).start()
    validation.checks.append(unstorable_characters)
    return validation
