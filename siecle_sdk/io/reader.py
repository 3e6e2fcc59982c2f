"""Streaming, hardened reading of every SIECLE exchange file.

A document is read once, front to back, with ``lxml.etree.iterparse``: each record (a child of a
``DONNEES`` block) is turned into a node and released before the next one is parsed, so memory does
not grow with the file. The kind of file is recognised by the registered formats from its root and
first blocks. A file that fails to parse is reported with its line; callers must not commit
anything read from a file before its end has been reached (see :meth:`Document.records`).

This is the only way a file given by a user is parsed: libxml2's limits stay on (no huge text
node or attribute, no deep nesting), no DTD, no entity, no network; the end of the root element
must be reached (a truncated file is refused even where libxml2 keeps quiet); one ``DONNEES``
block, no stray text between elements. The XSD of an import file is checked in the same pass
(:class:`~siecle_sdk.io.schema.Validation`), never by a second parser.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from lxml import etree

from ..errors import InvalidRecord, NotWellFormed, UnknownFormat, UnusableInput
from ..formats import FormatSpec, Probe
from .nodes import Node, from_element, line_of, to_xml
from .source import DEFAULT_LIMITS, Limits, SourceInfo, doctype_refused, open_source

if TYPE_CHECKING:
    from ..models import Record
    from .schema import Validation, Validator

#: a validator, or how to start the validation of a file from its root element's tag and
#: attributes (``None``: the file is not validated)
ValidatorChoice = Union["Validator", Callable[[str, dict[str, str]], "Validation | None"]]

__all__ = ["Document", "open_document"]

DATA = "DONNEES"
PARAMETERS = "PARAMETRES"

# event kinds
BEFORE, DATA_START, BLOCK_START, RECORD, BLOCK_END, DATA_END, AFTER = range(7)
Event = tuple[Any, ...]


class Document:
    """An open SIECLE file: its header is known, its records are streamed once."""

    def __init__(
        self,
        events: Iterator[Event],
        info: SourceInfo,
        spec: FormatSpec,
        root: str,
        attrs: dict[str, str],
        nsmap: dict[str, str],
        buffered: list[Event],
        conversion: Conversion | None = None,
    ) -> None:
        self.info = info
        self.format = spec
        self.root = root
        self.attrs = attrs
        self.nsmap = nsmap
        self._events = events
        self._buffered = buffered
        self._conversion = conversion if conversion is not None else Conversion()
        #: the XSD validation of the file (``None``: not validated), complete once it is read
        self.validation: Validation | None = self._conversion.validation
        self._consumed = False
        #: records read so far, per block tag
        self.counts: Counter[str] = Counter()
        #: every block tag met so far (empty ones included)
        self.blocks_seen: set[str] = set()
        #: nodes around ``DONNEES`` (``PARAMETRES`` and anything unknown), in order
        self.before: list[Node] = []
        self.after: list[Node] = []
        for event in buffered:
            if event[0] == BEFORE:
                self.before.append(event[1])
        self.finished = False

    # --- header ---------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        """The format name (``eleves``, ``import-eleves``...)."""
        return self.format.name

    @property
    def version(self) -> str | None:
        """The root's ``VERSION`` attribute."""
        return self.attrs.get("VERSION")

    @property
    def parameters(self) -> dict[str, str]:
        """Leaf texts of ``PARAMETRES`` (UAJ, ANNEE_SCOLAIRE, DATE_EXPORT...)."""
        for node in self.before:
            if node["tag"] == PARAMETERS:
                return {
                    c["tag"]: c.get("text", "")
                    for c in node.get("children", ())
                    if "children" not in c
                }
        return {}

    @property
    def uai(self) -> str | None:
        """The school's UAI from the header."""
        return self.parameters.get("UAJ")

    @property
    def school_year(self) -> str | None:
        """The rentrée year of the header (2019 for 2019-2020)."""
        return self.parameters.get("ANNEE_SCOLAIRE")

    @property
    def variant(self) -> str | None:
        """Variant of the format (``avec-adresses``...), known once the file has been read."""
        if self.format.variant is None:
            return None
        return self.format.variant(frozenset(self.blocks_seen))

    # --- streaming ------------------------------------------------------------------------
    def events(self) -> Iterator[Event]:
        """Every event of the file, once: header nodes, block boundaries, records, trailer."""
        if self._consumed:
            raise RuntimeError("a document is read only once")
        self._consumed = True
        for event in self._buffered:
            yield self._note(event)
        self._buffered = []
        for event in self._events:
            yield self._note(event)
        self.finished = True

    def _note(self, event: Event) -> Event:
        kind = event[0]
        if kind == RECORD:
            self.counts[event[1]] += 1
        elif kind == BLOCK_START:
            self.blocks_seen.add(event[1])
        elif kind == AFTER:
            self.after.append(event[1])
        return event

    def records(self) -> Iterator[tuple[str, Node]]:
        """``(block tag, record node)`` for every record of every block (with a validation,
        every valid record while the file is valid: the others are counted, not converted)."""
        for event in self.events():
            if event[0] == RECORD and event[2] is not None:
                yield event[1], event[2]

    def typed(self, blocks: Collection[str] | None = None) -> Iterator[tuple[str, Record]]:
        """``(block tag, model)`` for every record whose block has a model in the format.

        With ``blocks``, only the records of these blocks are validated and yielded: the others
        are read (and counted) but not turned into models. Records are validated straight from
        the parsed elements, without their nodes.
        """
        from ..models import Record

        models = self.format.records
        if blocks is not None:
            models = {block: models[block] for block in blocks if block in models}
        self._conversion.by_block = {block: model.from_element for block, model in models.items()}
        self._conversion.default = _skip
        try:
            for block, record in self.records():
                model = models.get(block)
                if model is None:
                    continue
                # the first record may have been read as a node, to recognise the format
                yield block, record if isinstance(record, Record) else model.from_node(record)
        except InvalidRecord as exc:
            raise InvalidRecord(f"{self.info.display} : {exc.message}") from None

    def extracted(
        self, extract: Callable[[str, etree._Element], Any], blocks: Collection[str] | None = None
    ) -> Iterator[tuple[str, Any]]:
        """``(block tag, extract(block, element))`` for every record of ``blocks`` (by default the
        blocks the format has models for; the others give ``None``): a reader that needs a few
        values of each record takes them from the parsed element, without building its node."""
        wanted = self.format.records if blocks is None else blocks
        self._conversion.by_block = {block: functools.partial(extract, block) for block in wanted}
        self._conversion.default = _skip
        for block, record in self.records():
            if isinstance(record, dict):  # the first record, read as a node to recognise the file
                first = etree.fromstring(to_xml(record))
                yield block, extract(block, first) if block in wanted else None
            else:
                yield block, record

    def drain(self) -> None:
        """Read to the end (counting), so that parse errors at the end are raised; the records
        are not turned into nodes."""
        self._conversion.by_block = {}
        self._conversion.default = _skip
        for _ in self.events():
            pass


def _parse_error(exc: etree.XMLSyntaxError, info: SourceInfo, stream: Any) -> NotWellFormed:
    line = exc.lineno if exc.lineno else None
    raw = str(exc.msg if hasattr(exc, "msg") and exc.msg else exc)
    lowered = raw.lower()
    if _over_limit(exc, line):
        what = (
            "contient une valeur, un nom ou un attribut démesuré, ou des éléments imbriqués "
            "trop profondément (bien au-delà de tout fichier de SIECLE)"
        )
    elif "document is empty" in lowered:
        what = "ne contient aucun élément XML"
    elif (
        "premature end" in lowered
        or "end of data" in lowered
        or (
            stream.at_eof
            and line is not None
            and line >= stream.lines - 1
            and "mismatch" not in lowered
        )
    ):
        what = TRUNCATED
    elif "char 0x" in lowered or "out of allowed range" in lowered:
        what = "contient un caractère interdit en XML (caractère de contrôle, NUL...)"
    elif "encoding" in lowered or "bytes" in lowered or "invalid char" in lowered:
        what = (
            "contient des octets qui ne correspondent pas à son encodage "
            f"déclaré ({info.declared_encoding or info.encoding})"
        )
    elif "mismatch" in lowered:
        what = "n'est pas bien formé : une balise fermante ne correspond pas à la balise ouvrante"
    elif "entity" in lowered:
        what = "utilise une entité XML non définie ou interdite"
    elif "extra content" in lowered:
        what = "contient des données après la fin de l'élément racine"
    else:
        what = "n'est pas un XML bien formé"
    return _not_well_formed(info, what, line, f" ({raw})")


def _over_limit(exc: etree.XMLSyntaxError, line: int | None) -> bool:
    """Whether libxml2 stopped on one of its limits (text node, attribute, name, depth). Its
    error log is kept across parses: only the last entries, of the error's line, are this one's."""
    entries: list[Any] = list(exc.error_log)  # type: ignore[call-overload]  # iterable log
    messages = []
    for entry in reversed(entries):
        if entry.line != line:
            break
        messages.append(str(entry.message).lower())
    return any("xml_parse_huge" in m or "resource limit" in m for m in messages)


#: what a truncated file is said to be
TRUNCATED = "est tronqué (il s'arrête avant la fin du document)"


def _not_well_formed(
    info: SourceInfo, what: str, line: int | None, detail: str = ""
) -> NotWellFormed:
    where = f", ligne {line}" if line else ""
    return NotWellFormed(
        f"Le fichier {info.display} {what}{where}{detail}. Rien n'en a été importé.", line
    )


def _skip(element: etree._Element) -> None:
    return None


class Conversion:
    """What the records of a document are turned into as they are parsed: nodes, unless the
    reader of the document asks for models of some blocks (:meth:`Document.typed`), in which
    case the other records are dropped unread. It also carries the document's validation."""

    def __init__(self, validation: Validation | None = None) -> None:
        self.by_block: dict[str, Callable[[etree._Element], Any]] = {}
        self.default: Callable[[etree._Element], Any] = from_element
        self.validation = validation

    def __call__(self, block: str, element: etree._Element) -> Any:
        return self.by_block.get(block, self.default)(element)


def _raw_events(
    stream: Any,
    info: SourceInfo,
    choose: ValidatorChoice | None = None,
    conversion: Conversion | None = None,
) -> Iterator[Event]:
    """Parse ``stream`` into events, releasing every record once it is converted (by default
    into a node); with a validator (or a choice of one), validate the file in the same pass."""
    convert = conversion if conversion is not None else Conversion()
    parser = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
        recover=False,
    )
    depth = 0
    in_data = seen_data = ended = False
    validation: Validation | None = None
    try:
        for action, el in parser:
            if action == "start":
                if depth == 0:
                    if el.getroottree().docinfo.doctype:
                        raise doctype_refused(info)
                    attrs = dict(el.attrib)
                    validation = _validation(choose, str(el.tag), attrs)
                    convert.validation = validation
                    if validation is not None:
                        validation.root(el)
                    yield ("root", el.tag, attrs, dict(el.nsmap))
                elif depth == 1:
                    _stray_before(el, info)
                    if el.tag == DATA:
                        if seen_data:
                            raise UnusableInput(
                                f"Le fichier {info.display} contient un deuxième bloc <{DATA}> "
                                f"(ligne {el.sourceline}) : un fichier de SIECLE n'en a qu'un, "
                                "il est refusé plutôt que de compter ses enregistrements deux "
                                "fois."
                            )
                        in_data = seen_data = True
                        if validation is not None:
                            validation.data(el)
                        yield (DATA_START, el.tag, dict(el.attrib))
                elif depth == 2 and in_data:
                    _stray_before(el, info)
                    if validation is not None:
                        validation.block(el)
                    yield (BLOCK_START, el.tag, dict(el.attrib))
                depth += 1
                continue
            depth -= 1
            if depth == 3 and in_data:
                block = el.getparent().tag
                previous = el.getprevious()
                if _stray(el.tail) or (previous is not None and _stray(previous.tail)):
                    raise _stray_text(info, el.getparent().tag, el.sourceline)
                valid = validation.record(block, el) if validation is not None else True
                yield (RECORD, block, convert(block, el) if valid else None, el.tag)
                el.clear(keep_tail=False)
                parent = el.getparent()
                while el.getprevious() is not None:
                    del parent[0]
            elif depth == 2 and in_data:
                if len(el) and (_stray(el.text) or _stray(el[-1].tail)):
                    raise _stray_text(info, el.tag, el.sourceline)
                text = el.text if len(el) == 0 and _stray(el.text) else None
                if validation is not None and text is not None:
                    validation.block_text(text)
                yield (BLOCK_END, el.tag, text)
                el.clear(keep_tail=False)
            elif depth == 1:
                if in_data and el.tag == DATA:
                    _stray_after(el, info)
                    in_data = False
                    yield (DATA_END,)
                else:
                    if validation is not None:
                        validation.header(el)
                    yield (BEFORE, from_element(el))
                el.clear(keep_tail=False)
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
            elif depth == 0:
                _stray_after(el, info)
                ended = True
    except etree.XMLSyntaxError as exc:
        raise _parse_error(exc, info, stream) from None
    if not ended:
        # libxml2 stays quiet about a truncated file in some configurations: the root's end
        # is the proof that the whole file was read
        raise _not_well_formed(info, TRUNCATED, stream.lines)
    if validation is not None:
        validation.finish()


def _validation(
    choose: ValidatorChoice | None, root: str, attrs: dict[str, str]
) -> Validation | None:
    """The validation of a document whose root is ``root``, if one is wanted."""
    from .schema import Validator

    if choose is None:
        return None
    return choose.start() if isinstance(choose, Validator) else choose(root, attrs)


def _stray(text: str | None) -> bool:
    return text is not None and text != "" and not text.isspace()


def _stray_before(element: etree._Element, info: SourceInfo) -> None:
    """Refuse text between the start of ``element``'s parent (or its previous sibling) and it."""
    previous = element.getprevious()
    parent = element.getparent()
    text = previous.tail if previous is not None else parent.text if parent is not None else None
    if _stray(text):
        raise _stray_text(
            info,
            str(parent.tag if parent is not None else element.tag),
            line_of(element),
            "éléments de",
        )


def _stray_after(element: etree._Element, info: SourceInfo) -> None:
    """Refuse text after the last child of ``element`` (or in it, when it has none)."""
    text = element[-1].tail if len(element) else element.text
    if _stray(text):
        raise _stray_text(info, str(element.tag), line_of(element), "éléments de")


def _stray_text(
    info: SourceInfo, block: str, line: int | None, between: str = "enregistrements du bloc"
) -> UnusableInput:
    """Text between the records of a block (or the elements around them): no SIECLE file has
    any, and it belongs to no record."""
    return UnusableInput(
        f"Le fichier {info.display} contient du texte entre les {between} <{block}> (vers la "
        f"ligne {line}) : ce n'est pas un fichier de SIECLE, il est refusé plutôt que de perdre "
        "ce texte."
    )


class _Registry:
    """Lazy access to the registered formats (imported only when a file is opened)."""

    @staticmethod
    def formats() -> list[FormatSpec]:
        from ..plugin.manager import get_manager

        return get_manager().formats()


@contextmanager
def open_document(
    path: str | Path,
    *,
    formats: list[FormatSpec] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    validator: ValidatorChoice | None = None,
) -> Iterator[Document]:
    """Open a SIECLE file (``.xml`` or ``.zip``), recognise its format, and stream it.

    Raises :class:`~siecle_sdk.errors.UnusableInput` (or a subclass) with a French message
    when the file is missing, not XML, unsafe, damaged, or of no known format. With
    ``validator`` (or a function choosing one from the root's tag and attributes), the file is
    validated against the XSD while it is read: :attr:`Document.validation` holds the problems
    with their lines once the file has been read to its end; records are converted only while
    the file is valid.
    """
    specs = formats if formats is not None else _Registry.formats()
    with open_source(path, limits) as (stream, info):
        conversion = Conversion()
        events = _marking(_raw_events(stream, info, validator, conversion))
        buffered: list[Event] = []
        root: str | None = None
        attrs: dict[str, str] = {}
        nsmap: dict[str, str] = {}
        blocks: list[str] = []
        first_record: str | None = None
        for event in events:
            if event[0] == "root":
                _, root, attrs, nsmap = event
                continue
            buffered.append(event)
            if event[0] == BLOCK_START:
                blocks.append(event[1])
            elif event[0] == RECORD:
                first_record = event[3]
                break
            elif event[0] == DATA_END:
                break
        if root is None:
            raise UnusableInput(f"Le fichier {info.display} ne contient aucun élément XML.")
        parameters: dict[str, str] = {}
        for event in buffered:
            if event[0] == BEFORE and event[1]["tag"] == PARAMETERS:
                parameters = {
                    c["tag"]: c.get("text", "")
                    for c in event[1].get("children", ())
                    if "children" not in c
                }
        probe = Probe(
            root=root,
            attrs=attrs,
            parameters=parameters,
            blocks=tuple(blocks),
            first_record=first_record,
        )
        spec = _recognise(probe, specs, info)
        yield Document(
            events,
            info,
            spec,
            root,
            attrs,
            {uri: prefix for prefix, uri in nsmap.items() if prefix},
            buffered,
            conversion,
        )


def _marking(events: Iterator[Event]) -> Iterator[Event]:
    """Tell header nodes (before ``DONNEES``) from trailer nodes (after it)."""
    seen_data = False
    for event in events:
        kind = event[0]
        if kind == DATA_START:
            seen_data = True
        elif kind in (BEFORE, AFTER):
            event = (AFTER if seen_data else BEFORE, event[1])
        yield event


def _recognise(probe: Probe, specs: list[FormatSpec], info: SourceInfo) -> FormatSpec:
    matches = [spec for spec in specs if spec.recognises(probe)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        # a format that claims the root explicitly wins over content-based guesses
        explicit = [spec for spec in matches if probe.root in spec.roots]
        if len(explicit) == 1:
            return explicit[0]
        names = ", ".join(spec.name for spec in matches)
        raise UnknownFormat(
            f"Le fichier {info.display} est reconnu par plusieurs formats "
            f"({names}) : impossible de choisir."
        )
    known = ", ".join(sorted({root for spec in specs for root in spec.roots}))
    raise UnknownFormat(
        f"Le fichier {info.display} est un XML dont l'élément racine <{probe.root}> n'est pas "
        f"celui d'un fichier d'échange SIECLE connu ({known})."
    )
