"""Validation of an ``IMPORT_ELEVES`` file against the official XSD of its version.

The ministry XSDs ship in ``siecle_sdk/io/xsd/``; each one is loaded on first use and kept. A file
is never parsed here: the hardened reader (:mod:`siecle_sdk.io.reader`, with libxml2's limits on)
streams it once and hands each part to a :class:`Validation` as it is parsed, so that a damaged file
is refused the same way by every command, and an invalid one is reported from the same pass with the
line of every error. libxml2's messages are turned into French sentences.
"""

from __future__ import annotations

import copy
import re
import threading
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from lxml import etree

from ..errors import NotWellFormed, SchemaInvalid
from .nodes import line_of

if TYPE_CHECKING:
    from ..formats import FormatSpec

__all__ = [
    "MAX_MESSAGES",
    "SCHEMA_FILES",
    "IdentityValues",
    "Validation",
    "Validator",
    "assert_valid_import",
    "invalid_message",
    "schema_for",
    "validate_import",
    "validate_source",
    "validation_of",
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
    return (files("siecle_sdk.io.xsd") / name).read_bytes()


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


# --- validation while the reader streams the file, in flat memory ---------------------------


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


def _references(declaration: etree._Element) -> list[str]:
    """Names of the elements a global declaration's content refers to, in order."""
    return [
        str(ref.get("ref")).split(":")[-1]
        for ref in declaration.iter(f"{_XS}element")
        if ref is not declaration and ref.get("ref")
    ]


class Validator:
    """An import XSD, checked while the reader streams a file once, in flat memory.

    The document is never handed whole to libxml2. Each part the reader releases — the header
    (``PARAMETRES``) and every record (``PERSONNE``, ``ELEVE``) — is validated against its global
    declaration as soon as it is parsed, with its line; what is left (the root, ``DONNEES``, the
    blocks, one stub per record) is validated at the end against the same XSD in which the parts
    accept anything. The identity constraints that span the whole document (ids and INE unique,
    links to known persons) are checked from each record, keeping 12 bytes per value (see
    :class:`IdentityValues`).
    """

    def __init__(
        self,
        schema: etree.XMLSchema,
        skeleton: etree.XMLSchema,
        identities: tuple[_Identity, ...],
        parts: frozenset[str],
        records: dict[str, str],
    ) -> None:
        #: the XSD without its document-wide identity constraints
        self.schema = schema
        #: the XSD in which every part accepts anything: the document around the parts
        self.skeleton = skeleton
        self.identities = identities
        #: elements validated on their own (the header and the records)
        self.parts = parts
        #: block -> the record element it holds (``ELEVES`` -> ``ELEVE``)
        self.records = records

    @classmethod
    def from_xsd(cls, data: bytes) -> Validator:
        """The validator of the XSD ``data`` (an ``IMPORT_ELEVES`` schema)."""
        root = etree.fromstring(data, _parser())
        declarations = {
            str(e.get("name")): e for e in root.findall(f"{_XS}element") if e.get("name")
        }
        element = declarations.get("DONNEES")
        if element is None:
            raise ValueError("XSD without a global DONNEES element")
        constraints = [
            child
            for child in element
            if isinstance(child.tag, str)
            and etree.QName(child).localname in ("key", "unique", "keyref")
        ]
        identities = [_identity(constraint) for constraint in constraints]
        if any(identity is None for identity in identities):
            raise ValueError("XSD with an identity constraint of an unsupported shape")
        for constraint in constraints:
            element.remove(constraint)
        records = {
            block: refs[0]
            for block in _references(element)
            if block in declarations and (refs := _references(declarations[block]))
        }
        top = [name for name in _references(declarations.get(_ROOT, root)) if name != "DONNEES"]
        parts = frozenset(name for name in [*top, *records.values()] if name in declarations)
        schema = etree.XMLSchema(root)
        skeleton = copy.deepcopy(root)
        for part in skeleton.findall(f"{_XS}element"):
            if part.get("name") in parts:
                for child in list(part):
                    part.remove(child)
        return cls(
            schema,
            etree.XMLSchema(skeleton),
            tuple(i for i in identities if i is not None),
            parts,
            records,
        )

    def values(self) -> IdentityValues:
        """A fresh collector of identity values for one document."""
        return IdentityValues(self.identities)

    def start(self) -> Validation:
        """The validation of one document."""
        return Validation(self)


_ROOT = "IMPORT_ELEVES"
#: messages a validation keeps (the others are counted)
MAX_MESSAGES = 50
_KEY_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_KEY_TEXT = re.compile(r"^[0-9A-Z]{1,12}$")


def _pack(text: str) -> int | None:
    """``text`` as one integer (base 37, no two texts alike) when it is 1 to 12 digits or capital
    letters — the INE shapes —, else ``None``."""
    if not _KEY_TEXT.match(text):
        return None
    value = 0
    for char in text:
        value = value * 37 + _KEY_DIGITS.index(char) + 1
    return value


def _unpack(value: int) -> str:
    chars = []
    while value:
        value, digit = divmod(value, 37)
        chars.append(_KEY_DIGITS[digit - 1])
    return "".join(reversed(chars))


class IdentityValues:
    """The values of the document-wide identity constraints of one document, with their lines.

    Integer ids are kept as integers (``007`` is ``7``, as for ``xs:int``), INE as an exact
    integer encoding of their text (:func:`_pack`), each with its line: 12 bytes per value. A text
    of another shape is kept as it is (such a text already breaks the XSD's pattern).
    """

    def __init__(self, identities: tuple[_Identity, ...]) -> None:
        self._by_record: dict[str, list[_Identity]] = {}
        for identity in identities:
            self._by_record.setdefault(identity.record, []).append(identity)
        self._values = {identity.name: array("q") for identity in identities}
        self._lines = {identity.name: array("I") for identity in identities}
        #: values of another shape: text -> lines
        self._texts: dict[str, dict[str, list[int]]] = {i.name: {} for i in identities}
        self._identities = identities

    def record(self, block: str, element: etree._Element) -> None:
        """Note the values of a record (an element of a ``DONNEES`` block)."""
        identities = self._by_record.get(str(element.tag))
        if not identities or not len(element) or _RECORD_BLOCKS[str(element.tag)] != block:
            return
        # each field occurs once at most (the content model, checked by libxml2, says so)
        children = {child.tag: child for child in element}
        for identity in identities:
            for path in identity.paths:
                field = children.get(path) if "/" not in path else element.find(path)
                if field is None or field.text is None:
                    continue
                line = line_of(field) or 0
                try:
                    value = int(field.text) if identity.integer else _pack(field.text)
                    if value is not None:
                        self._values[identity.name].append(value)
                        self._lines[identity.name].append(line)
                        continue
                except (ValueError, OverflowError):
                    continue  # not an integer id: the XSD reports the value itself
                self._texts[identity.name].setdefault(field.text, []).append(line)

    def _occurrences(self, identity: _Identity, every: bool = False) -> dict[str, list[int]]:
        """The values of ``identity`` as text, with the lines they occur on: all of them with
        ``every`` (or for a reference), else only when some value occurs twice."""
        spell = str if identity.integer else _unpack
        found: dict[str, list[int]] = {}
        values, lines = self._values[identity.name], self._lines[identity.name]
        if every or identity.kind == "keyref" or len(set(values)) != len(values):
            for value, line in zip(values, lines, strict=True):
                found.setdefault(spell(value), []).append(line)
        for text, at in self._texts[identity.name].items():
            found.setdefault(text, []).extend(at)
        return found

    def problems(self) -> list[tuple[int, str]]:
        """``(line, French message)`` for every value that breaks a constraint."""
        found: list[tuple[int, str]] = []
        keys = {
            i.name: set(self._occurrences(i, every=True))
            for i in self._identities
            if i.kind == "key"
        }
        for identity in self._identities:
            where = f"{_RECORD_BLOCKS[identity.record]}/{identity.record}/{identity.paths[0]}"
            if identity.kind == "keyref":
                known = keys.get(identity.refer or "", set())
                found += [
                    (
                        line,
                        f"ligne {line}, {where} : ID_PRV_PER « {text} » ne correspond à "
                        "aucune PERSONNE du fichier",
                    )
                    for text, lines in self._occurrences(identity).items()
                    if text not in known
                    for line in lines
                ]
                continue
            what = _CONSTRAINTS.get(identity.name, identity.name)
            found += [
                (
                    line,
                    f"ligne {line}, {where} : valeur « {text} » en double pour {what}, qui doit "
                    f"être unique (déjà ligne {lines[0]})",
                )
                for text, lines in self._occurrences(identity).items()
                for line in lines[1:]
            ]
        return found


class Validation:
    """The XSD validation of one document, fed by the reader as it streams the file.

    Problems are kept as French messages with their line: the first :data:`MAX_MESSAGES` are
    kept, the others counted (a file with a million faulty records costs a counter, not a
    million messages). Other checks of the same pass (the deposit checks) add theirs with
    :meth:`add`.
    """

    def __init__(self, validator: Validator) -> None:
        self._validator = validator
        self._identities = validator.values()
        self._skeleton: etree._Element | None = None
        self._data: etree._Element | None = None
        self._block: etree._Element | None = None
        self._stubs = 0
        #: every element of the skeleton, with the line of the element it stands for
        self._lines: list[tuple[etree._Element, int]] = []
        self._found: list[tuple[int, str]] = []
        #: more checks of every part: ``check(element, path of its parent)`` gives
        #: ``(line, message)`` for each problem
        self.checks: list[Callable[[etree._Element, str], Iterable[tuple[int, str]]]] = []
        #: problems found, the ones not kept as messages included
        self.total = 0

    # --- fed by the reader ------------------------------------------------------------------
    def root(self, element: etree._Element) -> None:
        """The root element has started."""
        self._skeleton = self._stub(element, None, attributes=True)

    def header(self, element: etree._Element) -> None:
        """A child of the root other than ``DONNEES`` has ended."""
        self._part(element, "")
        self._stub(element, self._skeleton)

    def data(self, element: etree._Element) -> None:
        """``DONNEES`` has started."""
        self._data = self._stub(element, self._skeleton, attributes=True)

    def block(self, element: etree._Element) -> None:
        """A block of ``DONNEES`` has started."""
        self._block = self._stub(element, self._data, attributes=True)

    def block_text(self, text: str) -> None:
        """The text of a block that holds no record."""
        if self._block is not None:
            self._block.text = text

    def record(self, block: str, element: etree._Element) -> bool:
        """Validate a record of ``block``; ``False`` when it is invalid (or the file already is).

        Only the block's first record and records of another element than the block's stay in
        the skeleton (as empty stubs), so that its content model is checked in flat memory.
        """
        expected = self._validator.records.get(block)
        if self._block is not None and (len(self._block) == 0 or element.tag != expected):
            if len(self._block) == 0 or self._stubs < MAX_MESSAGES:
                self._stubs += len(self._block) > 0
                self._stub(element, self._block)
            else:
                self.total += 1
        self._identities.record(block, element)
        if element.tag != expected:
            return False
        return self._part(element, f"DONNEES/{block}") and not self.total

    def finish(self) -> None:
        """The root has ended: check what is around the parts, and the identities."""
        if self._skeleton is not None:
            with _LOCK:
                valid = self._validator.skeleton.validate(self._skeleton)
                entries = list(cast(Any, self._validator.skeleton.error_log))
            if not valid:
                tree = self._skeleton.getroottree()
                lines = {tree.getpath(stub): line for stub, line in self._lines}
                for entry in _errors(entries):
                    line = lines.get(entry.path, entry.line)
                    self.add(line, _message(line, entry.path, entry.message))
        for line, text in self._identities.problems():
            self.add(line, f"{text}.")

    # --- results ----------------------------------------------------------------------------
    def add(self, line: int, message: str) -> None:
        """Record a problem (``line`` 0: the file as a whole)."""
        self.total += 1
        if len(self._found) < MAX_MESSAGES:
            self._found.append((line, message))

    @property
    def failed(self) -> bool:
        """Whether a problem was found."""
        return self.total > 0

    @property
    def messages(self) -> list[str]:
        """The messages kept, in the order of the file."""
        return [message for _, message in sorted(self._found, key=lambda item: item[0])]

    def _stub(
        self, element: etree._Element, parent: etree._Element | None, *, attributes: bool = False
    ) -> etree._Element:
        """An empty copy of ``element`` (its attributes if asked) under ``parent``, whose line is
        kept for the messages (libxml2 holds lines up to 65 535 in a node, files have more)."""
        attrib = {str(k): str(v) for k, v in element.attrib.items()} if attributes else {}
        stub = (
            etree.Element(element.tag, attrib)
            if parent is None
            else etree.SubElement(parent, element.tag, attrib)
        )
        self._lines.append((stub, line_of(element) or 0))
        return stub

    def _part(self, element: etree._Element, where: str) -> bool:
        """Validate ``element`` against its global declaration; record its problems."""
        if element.tag not in self._validator.parts:
            return True
        with _LOCK:
            valid = self._validator.schema.validate(element)
            entries = [] if valid else list(cast(Any, self._validator.schema.error_log))
        prefix = f"/{_ROOT}/{where}" if where else f"/{_ROOT}"
        for entry in _errors(entries):
            if len(self._found) >= MAX_MESSAGES:
                self.total += 1  # counted, not worded
                continue
            path = f"{prefix}{entry.path}" if entry.path else None
            self.add(entry.line, _message(entry.line, path, entry.message))
        for check in self.checks:
            for line, message in check(element, where.removeprefix("DONNEES/")):
                valid = False
                self.add(line, message)
        return valid


def _errors(entries: list[Any]) -> list[Any]:
    """The entries of an error log that report an error (not libxml2's follow-up notices)."""
    return [e for e in entries if e.level >= etree.ErrorLevels.ERROR and _NOISE not in e.message]


def _catch_all() -> FormatSpec:
    """A format that accepts any root, so that any XML is read and validated."""
    from ..formats import FormatSpec

    return FormatSpec(name="xml", title="fichier XML", roots=(), detect=lambda probe: True)


def validation_of(path: str | Path, version: str = "3.1") -> Validation:
    """Read ``path`` (XML or zip) through the hardened reader and validate it against the XSD of
    ``version``; a file that is not well-formed raises :class:`~siecle_sdk.errors.NotWellFormed`.
    """
    from .reader import open_document

    with open_document(path, formats=[_catch_all()], validator=validator_for(version)) as doc:
        doc.drain()
        assert doc.validation is not None
        return doc.validation


def validate_source(path: str | Path, version: str = "3.1") -> list[str]:
    """French messages (with line numbers) for the XSD errors of ``path``; ``[]`` when valid.

    ``path`` is an XML file or a zip, read through the hardened reader; ``version`` is ``2.0``,
    ``3.0``, ``3.1`` or ``3.1-corrigee`` (the corrected 3.1 XSD). At most :data:`MAX_MESSAGES`
    messages are given; a file that is not well-formed gives one message saying so.
    """
    try:
        return validation_of(path, version).messages
    except NotWellFormed as exc:
        return [exc.message]


#: the same as :func:`validate_source` (kept for callers that validate their own output)
validate_import = validate_source


def assert_valid_import(path: str | Path, version: str = "3.1") -> None:
    """Raise :class:`~siecle_sdk.errors.SchemaInvalid` listing the first XSD errors of ``path``."""
    try:
        validation = validation_of(path, version)
    except NotWellFormed as exc:
        raise SchemaInvalid(invalid_message(path, version, [exc.message])) from None
    if validation.failed:
        raise SchemaInvalid(invalid_message(path, version, validation.messages, validation.total))


def invalid_message(
    path: str | Path, version: str, messages: list[str], total: int | None = None
) -> str:
    """The French sentence reporting ``messages`` (the first :data:`MAX_REPORTED` of them) out
    of ``total`` errors (default: as many as messages)."""
    count = len(messages) if total is None else total
    shown = messages[:MAX_REPORTED]
    more = count - len(shown)
    tail = (
        f"\n  (et {more} autre{'s' if more > 1 else ''} erreur{'s' if more > 1 else ''})"
        if more
        else ""
    )
    return (
        f"Le fichier {path} n'est pas conforme au schéma IMPORT_ELEVES {version} "
        f"({count} erreur{'s' if count > 1 else ''}) :\n  " + "\n  ".join(shown) + tail
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
