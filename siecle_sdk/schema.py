"""Validation of an ``IMPORT_ELEVES`` file against the official XSD of its version.

The ministry XSDs ship in ``siecle_sdk/xsd/``; each one is loaded on first use and kept. Files are
parsed with a hardened parser (no entity expansion, no network, no external DTD) that accepts very
large files. libxml2's messages are turned into French sentences with the line and the element.
"""

from __future__ import annotations

import re
import threading
from array import array
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, cast

from lxml import etree

from .errors import SchemaInvalid, UnusableInput

__all__ = [
    "SCHEMA_FILES",
    "IdentityFailure",
    "IdentityValues",
    "Validator",
    "assert_valid_import",
    "schema_for",
    "streams_valid",
    "validate_import",
    "validate_source",
    "validator_for",
]

#: schema version -> XSD file; ``3.1-corrigee`` is 3.1 with ``CODE_PARENTE`` on exactly 2 chars
SCHEMA_FILES: dict[str, str] = {
    "2.0": "schema_Import_2.0.xsd",
    "3.0": "schema_Import_3.0.xsd",
    "3.1": "schema_Import_3.1.xsd",
    "3.1-corrigee": "schema_Import_3.1_avec_correction.xsd",
}

#: how many messages :func:`assert_valid_import` puts in its error
MAX_REPORTED = 10

_LOCK = threading.Lock()


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,
    )


def _xsd_bytes(version: str) -> bytes:
    try:
        name = SCHEMA_FILES[version]
    except KeyError:
        known = ", ".join(SCHEMA_FILES)
        raise ValueError(f"version de schéma inconnue « {version} » (connues : {known})") from None
    return (files("siecle_sdk.xsd") / name).read_bytes()


def schema_for(version: str) -> etree.XMLSchema:
    """The official XSD of ``version``, whole (loaded once)."""
    return _schema(version)


@cache
def _schema(version: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.fromstring(_xsd_bytes(version), _parser()))


@cache
def validator_for(version: str) -> Validator:
    """The XSD of ``version`` as checked while a file is read once (loaded once)."""
    return Validator.from_xsd(_xsd_bytes(version))


# --- validation in one pass, in flat memory -------------------------------------------------


class IdentityFailure(SchemaInvalid):
    """A document-wide identity constraint fails (seen once the whole document was read)."""


_XS = "{http://www.w3.org/2001/XMLSchema}"
#: record element -> its block, for the selectors of the identity constraints
_RECORD_BLOCKS = {"PERSONNE": "PERSONNES", "ELEVE": "ELEVES"}
#: fields of identity constraints, and whether their values compare as integers (``xs:int``)
_IDENTITY_FIELDS = {
    "ID_PRV_PER": True,
    "ID_PRV_ELE": True,
    "ID_NATIONAL": False,
    "INE_BEA": False,
    "INE_RNIE": False,
}


@dataclass(frozen=True)
class _Identity:
    """A document-wide ``xs:key``, ``xs:unique`` or ``xs:keyref`` of an import XSD."""

    name: str
    kind: str
    #: record element the selector ends at (``PERSONNE`` or ``ELEVE``)
    record: str
    #: paths of the field below the record (several for a selector with ``|``)
    paths: tuple[str, ...]
    integer: bool
    refer: str | None


def _identity(constraint: etree._Element) -> _Identity | None:
    """The constraint in the form checked here; ``None`` when it has another shape."""
    selector = constraint.find(f"{_XS}selector")
    fields = constraint.findall(f"{_XS}field")
    if selector is None or len(fields) != 1:
        return None
    field_name = fields[0].get("xpath", "")
    if field_name not in _IDENTITY_FIELDS:
        return None
    records, paths = set(), []
    for alternative in selector.get("xpath", "").split("|"):
        steps = alternative.strip().split("/")
        if len(steps) < 2 or _RECORD_BLOCKS.get(steps[1]) != steps[0]:
            return None
        records.add(steps[1])
        paths.append("/".join([*steps[2:], field_name]))
    if len(records) != 1:
        return None
    kind = etree.QName(constraint).localname
    refer = constraint.get("refer") if kind == "keyref" else None
    return _Identity(
        constraint.get("name", ""),
        kind,
        records.pop(),
        tuple(paths),
        _IDENTITY_FIELDS[field_name],
        refer.split(":")[-1] if refer else None,
    )


class Validator:
    """An import XSD checked while the file is read once, in flat memory.

    libxml2 checks every element as it is parsed, except the identity constraints that span the
    whole document (``ID_PRV_PER`` and ``ID_PRV_ELE`` unique, INE unique, links to known persons):
    its tables for them grow by about 1.5 KB per pupil. Those are checked here instead, from each
    record, keeping 8 bytes per value (see :class:`IdentityValues`). An XSD whose document-wide
    constraints have another shape is used as it is.
    """

    def __init__(self, schema: etree.XMLSchema, identities: tuple[_Identity, ...]) -> None:
        self.schema = schema
        self.identities = identities

    @classmethod
    def from_xsd(cls, data: bytes) -> Validator:
        """The validator of the XSD ``data``."""
        root = etree.fromstring(data, _parser())
        element = root.find(f"{_XS}element[@name='DONNEES']")
        constraints = (
            []
            if element is None
            else [
                child
                for child in element
                if isinstance(child.tag, str)
                and etree.QName(child).localname in ("key", "unique", "keyref")
            ]
        )
        identities = [_identity(constraint) for constraint in constraints]
        if any(identity is None for identity in identities):
            return cls(etree.XMLSchema(root), ())
        if element is not None:
            for constraint in constraints:
                element.remove(constraint)
        return cls(etree.XMLSchema(root), tuple(i for i in identities if i is not None))

    def values(self) -> IdentityValues:
        """A fresh collector for one document."""
        return IdentityValues(self.identities)


class IdentityValues:
    """The values of the document-wide identity constraints of one document.

    Integers are kept as they are, texts as their hash: two equal texts are always seen, two
    different texts with the same hash would make :meth:`failure` report a constraint the
    caller then checks again with libxml2 (which has the last word)."""

    def __init__(self, identities: tuple[_Identity, ...]) -> None:
        self._by_record: dict[str, list[_Identity]] = {}
        for identity in identities:
            self._by_record.setdefault(identity.record, []).append(identity)
        self._values = {identity.name: array("q") for identity in identities}
        self._identities = identities
        self._broken: str | None = None

    def record(self, block: str, element: etree._Element) -> None:
        """Note the values of a record (an element of a ``DONNEES`` block)."""
        identities = self._by_record.get(str(element.tag))
        if not identities or _RECORD_BLOCKS[str(element.tag)] != block:
            return
        for identity in identities:
            values = self._values[identity.name]
            for path in identity.paths:
                # each field occurs once at most (the content model, checked by libxml2, says so)
                text = element.findtext(path)
                if text is None:
                    continue
                try:
                    values.append(int(text) if identity.integer else hash(text))
                except (ValueError, OverflowError):
                    self._broken = self._broken or identity.name

    def failure(self) -> str | None:
        """The name of the first constraint the document breaks, or ``None``."""
        if self._broken is not None:
            return self._broken
        keys = {i.name: set(self._values[i.name]) for i in self._identities if i.kind == "key"}
        for identity in self._identities:
            values = self._values[identity.name]
            if identity.kind == "keyref":
                known = keys.get(identity.refer or "")
                if known is None or any(value not in known for value in values):
                    return identity.name
            elif len(set(values)) != len(values):
                return identity.name
        return None


def validate_import(path: str | Path, version: str = "3.1") -> list[str]:
    """French messages (with line numbers) for every XSD error of ``path``; ``[]`` when valid.

    ``version`` is ``2.0``, ``3.0``, ``3.1`` or ``3.1-corrigee`` (the corrected 3.1 XSD).
    """
    schema = _schema(version)
    try:
        with open(path, "rb") as handle:
            if streams_valid(handle, validator_for(version)):
                return []
        document = etree.parse(str(path), _parser())
    except etree.XMLSyntaxError as exc:
        return [f"ligne {exc.lineno} : le fichier n'est pas un XML bien formé ({exc.msg})."]
    except OSError as exc:
        raise UnusableInput(f"Le fichier {path} ne peut pas être lu ({exc}).") from None
    with _LOCK:
        if schema.validate(document):
            return []
        log = cast(list[Any], schema.error_log)  # iterable; lxml-stubs omit it
        errors = [
            error
            for error in log
            if error.level >= etree.ErrorLevels.ERROR and _NOISE not in error.message
        ]
        return [_message(error.line, error.path, error.message) for error in errors]


#: record elements of an ``IMPORT_ELEVES`` file, released as soon as they are validated
_RECORDS = ("PERSONNE", "ELEVE")


def streams_valid(stream: Any, validator: Validator) -> bool:
    """Whether the document read from ``stream`` is valid, in one pass and flat memory.

    libxml2 validates while it parses and stops at the first error, without a line number:
    this is the fast verdict; the messages of an invalid file come from a second reading.
    """
    values = validator.values()
    try:
        with _LOCK:
            for _, element in etree.iterparse(
                stream,
                events=("end",),
                tag=_RECORDS,
                schema=validator.schema,
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=True,
            ):
                parent = element.getparent()
                if parent is not None:
                    values.record(str(parent.tag), element)
                element.clear(keep_tail=False)
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError:
        return False
    return values.failure() is None


#: files up to this size are parsed whole when invalid, so that every XSD error is listed; larger
#: ones are validated while streaming, in flat memory, and only their first error is reported
WHOLE_PARSE_BYTES = 64 * 1024 * 1024


def validate_source(path: str | Path, version: str = "3.1") -> list[str]:
    """Like :func:`validate_import`, for a file as the user gives it (XML or zip), read safely."""
    from .source import open_source

    schema = _schema(version)
    with open_source(path) as (stream, info):
        if streams_valid(stream, validator_for(version)):
            return []
    with open_source(path) as (stream, info):
        try:
            if info.size <= WHOLE_PARSE_BYTES:
                document = etree.parse(cast(Any, stream), _parser())
                with _LOCK:
                    if schema.validate(document):
                        return []
                    log = cast(list[Any], schema.error_log)
                    return [
                        _message(e.line, e.path, e.message)
                        for e in log
                        if e.level >= etree.ErrorLevels.ERROR and _NOISE not in e.message
                    ]
            with _LOCK:
                for _, element in etree.iterparse(
                    cast(Any, stream),
                    schema=schema,
                    resolve_entities=False,
                    no_network=True,
                    load_dtd=False,
                    huge_tree=True,
                ):
                    if element.getparent() is not None and len(element.getparent()) > 1:
                        parent = element.getparent()
                        while element.getprevious() is not None:
                            del parent[0]
            return []
        except etree.XMLSyntaxError as exc:
            line = exc.lineno or 0
            return [_message(line, None, str(exc.msg))]


def assert_valid_import(path: str | Path, version: str = "3.1") -> None:
    """Raise :class:`~siecle_sdk.errors.SchemaInvalid` listing the first XSD errors of ``path``."""
    messages = validate_import(path, version)
    if messages:
        raise SchemaInvalid(invalid_message(path, version, messages))


def invalid_message(path: str | Path, version: str, messages: list[str]) -> str:
    """The French sentence reporting ``messages`` (the first :data:`MAX_REPORTED` of them)."""
    shown = messages[:MAX_REPORTED]
    more = len(messages) - len(shown)
    tail = (
        f"\n  (et {more} autre{'s' if more > 1 else ''} erreur{'s' if more > 1 else ''})"
        if more
        else ""
    )
    return (
        f"Le fichier {path} n'est pas conforme au schéma IMPORT_ELEVES {version} "
        f"({len(messages)} erreur{'s' if len(messages) > 1 else ''}) :\n  "
        + "\n  ".join(shown)
        + tail
    )


# --- French messages ------------------------------------------------------------------------

#: follow-up notice libxml2 adds after a bad value that takes part in a key
_NOISE = "No precomputed value available"

_PREFIX = re.compile(r"^Element '([^']*)'(?:, attribute '([^']*)')?: ")

_PATTERNS = {
    r"\d{4}": "4 chiffres",
    r"\d{2}/\d{2}/\d{4}": "une date jj/mm/aaaa",
    r"\w{11}": "11 lettres ou chiffres",
    r"\w{8}": "8 lettres ou chiffres",
}

_TYPES = {
    "xs:date": "une date au format aaaa-mm-jj",
    "xs:boolean": "un booléen (true ou false)",
    "entier5": "un entier de 0 à 99999",
    "entier2": "un entier de 0 à 99",
    "xs:unsignedByte": "un entier de 0 à 255",
    "xs:int": "un entier",
    "xs:token": "un texte",
}

_CONSTRAINTS = {
    "respKey": "ID_PRV_PER (identifiant de personne)",
    "eleveKey": "ID_PRV_ELE (identifiant d'élève)",
    "eleveIdNatKey": "ID_NATIONAL",
    "eleveIneBeaKey": "INE_BEA",
    "eleveIneRnieKey": "INE_RNIE",
    "UniqueBourse": "CODE_BOURSE (une bourse par code et par élève)",
    "UniqueResponsabilite": "ID_PRV_PER (une personne une seule fois par élève)",
}


def _expected(text: str) -> str:
    match = re.search(r"Expected is (one of )?\( (.*) \)", text)
    if match is None:
        return ""
    return (" ; attendu l'un de : " if match.group(1) else " ; attendu : ") + match.group(2)


def _keys(sequence: str) -> str:
    return ", ".join(re.findall(r"'([^']*)'", sequence)) or sequence


def _plural(count: str) -> str:
    return "s" if count not in ("0", "1") else ""


def _translate(text: str) -> str:
    checks: list[tuple[str, str]] = [
        (
            r"\[facet 'pattern'\] The value '(.*)' is not accepted by the pattern '(.*)'\.",
            "pattern",
        ),
        (
            r"\[facet 'maxInclusive'\] The value '(.*)' is greater than the maximum value "
            r"allowed \('(.*)'\)\.",
            "max",
        ),
        (
            r"\[facet 'minInclusive'\] The value '(.*)' is less than the minimum value "
            r"allowed \('(.*)'\)\.",
            "min",
        ),
        (
            r"\[facet 'maxLength'\] The value has a length of '(\d+)'; this exceeds the allowed "
            r"maximum length of '(\d+)'\.",
            "maxlen",
        ),
        (
            r"\[facet 'minLength'\] The value has a length of '(\d+)'; this underruns the allowed "
            r"minimum length of '(\d+)'\.",
            "minlen",
        ),
        (
            r"\[facet 'length'\] The value has a length of '(\d+)'; this differs from the allowed "
            r"length of '(\d+)'\.",
            "len",
        ),
        (r"'(.*)' is not a valid value of the (?:atomic|local atomic) type '(.*)'\.", "type"),
        (r"This element is not expected\.", "unexpected"),
        (r"Missing child element\(s\)\.", "missing"),
        (
            r"Duplicate key-sequence \[(.*)\] in (?:key|unique) identity-constraint '(.*)'\.",
            "duplicate",
        ),
        (r"No match found for key-sequence \[(.*)\] of keyref '(.*)'\.", "keyref"),
        (r"Character content other than whitespace is not allowed", "text"),
        (r"Element content is not allowed, because the content type is a simple type", "children"),
        (r"The attribute '(.*)' is required but missing\.", "attribute"),
        (r"No matching global declaration available for the validation root\.", "root"),
    ]
    for pattern, kind in checks:
        match = re.search(pattern, text)
        if match is None:
            continue
        groups = match.groups()
        if kind == "pattern":
            wanted = _PATTERNS.get(groups[1], f"le motif {groups[1]}")
            return f"la valeur « {groups[0]} » ne respecte pas le format attendu ({wanted})"
        if kind == "max":
            return f"la valeur {groups[0]} dépasse le maximum autorisé ({groups[1]})"
        if kind == "min":
            return f"la valeur {groups[0]} est inférieure au minimum autorisé ({groups[1]})"
        if kind == "maxlen":
            return (
                f"la valeur a {groups[0]} caractère{_plural(groups[0])}, au plus "
                f"{groups[1]} sont permis"
            )
        if kind == "minlen":
            if groups[0] == "0":
                return (
                    f"l'élément est vide, il faut au moins {groups[1]} "
                    f"caractère{_plural(groups[1])} (omettez un élément facultatif "
                    "dont la valeur est inconnue)"
                )
            return (
                f"la valeur a {groups[0]} caractère{_plural(groups[0])}, il en faut au "
                f"moins {groups[1]}"
            )
        if kind == "len":
            return f"la valeur a {groups[0]} caractère{_plural(groups[0])} au lieu de {groups[1]}"
        if kind == "type":
            wanted = _TYPES.get(groups[1], f"du type {groups[1]}")
            return f"« {groups[0]} » n'est pas {wanted}"
        if kind == "unexpected":
            return "élément inattendu à cet endroit" + _expected(text)
        if kind == "missing":
            return "il manque un élément obligatoire" + _expected(text)
        if kind == "duplicate":
            what = _CONSTRAINTS.get(groups[1], groups[1])
            return f"valeur « {_keys(groups[0])} » en double pour {what}, qui doit être unique"
        if kind == "keyref":
            return f"ID_PRV_PER « {_keys(groups[0])} » ne correspond à aucune PERSONNE du fichier"
        if kind == "text":
            return "du texte figure là où seuls des éléments sont permis"
        if kind == "children":
            return "cet élément ne peut pas contenir d'autres éléments"
        if kind == "attribute":
            return f"l'attribut obligatoire {groups[0]} manque"
        return "l'élément racine n'est pas IMPORT_ELEVES"
    return f"erreur de schéma non traduite ({text})"


def _message(line: int, path: str | None, raw: str) -> str:
    text = raw.strip()
    prefix = _PREFIX.match(text)
    where = ""
    if prefix is not None:
        text = text[prefix.end() :]
        where = prefix.group(1)
        if prefix.group(2):
            where += f"/@{prefix.group(2)}"
    if path:
        where = path.removeprefix("/IMPORT_ELEVES/").removeprefix("DONNEES/")
        if prefix is not None and prefix.group(2):
            where += f"/@{prefix.group(2)}"
    location = f"ligne {line}" + (f", {where}" if where else "")
    return f"{location} : {_translate(text)}."
