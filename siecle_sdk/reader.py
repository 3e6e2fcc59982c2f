"""Streaming, hardened reading of every SIECLE exchange file.

A document is read once, front to back, with ``lxml.etree.iterparse``: each record (a child of a
``DONNEES`` block) is turned into a node and released before the next one is parsed, so memory does
not grow with the file. The kind of file is recognised by the registered formats from its root and
first blocks. A file that fails to parse is reported with its line; callers must not commit
anything read from a file before its end has been reached (see :meth:`Document.records`).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from lxml import etree

from .errors import InvalidRecord, NotWellFormed, SchemaInvalid, UnknownFormat, UnusableInput
from .formats import FormatSpec, Probe
from .nodes import Node, from_element, to_xml
from .source import DEFAULT_LIMITS, Limits, SourceInfo, open_source

if TYPE_CHECKING:
    from .models import Record
    from .schema import Validator

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
        """``(block tag, record node)`` for every record of every block."""
        for event in self.events():
            if event[0] == RECORD:
                yield event[1], event[2]

    def typed(self, blocks: Collection[str] | None = None) -> Iterator[tuple[str, Record]]:
        """``(block tag, model)`` for every record whose block has a model in the format.

        With ``blocks``, only the records of these blocks are validated and yielded: the others
        are read (and counted) but not turned into models. Records are validated straight from
        the parsed elements, without their nodes.
        """
        from .models import Record

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
    where = f", ligne {line}" if line else ""
    lowered = raw.lower()
    if "document is empty" in lowered:
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
        what = "est tronqué (il s'arrête avant la fin du document)"
    elif "encoding" in lowered or "bytes" in lowered or "invalid char" in lowered:
        what = (
            "contient des octets qui ne correspondent pas à son encodage "
            f"déclaré ({info.declared_encoding or info.encoding})"
        )
    elif "mismatch" in lowered:
        what = "n'est pas bien formé : une balise fermante ne correspond pas à la balise ouvrante"
    elif "entity" in lowered:
        what = "utilise une entité XML non définie ou interdite"
    else:
        what = "n'est pas un XML bien formé"
    return NotWellFormed(
        f"Le fichier {info.display} {what}{where} ({raw}). Rien n'en a été importé.", line
    )


def _skip(element: etree._Element) -> None:
    return None


class Conversion:
    """What the records of a document are turned into as they are parsed: nodes, unless the
    reader of the document asks for models of some blocks (:meth:`Document.typed`), in which
    case the other records are dropped unread."""

    def __init__(self) -> None:
        self.by_block: dict[str, Callable[[etree._Element], Any]] = {}
        self.default: Callable[[etree._Element], Any] = from_element

    def __call__(self, block: str, element: etree._Element) -> Any:
        return self.by_block.get(block, self.default)(element)


def _raw_events(
    stream: Any,
    info: SourceInfo,
    validator: Validator | None = None,
    conversion: Conversion | None = None,
) -> Iterator[Event]:
    """Parse ``stream`` into events, releasing every record once it is converted (by default
    into a node)."""
    convert = conversion if conversion is not None else Conversion()
    values = validator.values() if validator is not None else None
    parser = etree.iterparse(
        stream,
        events=("start", "end"),
        schema=validator.schema if validator is not None else None,
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
    in_data = False
    try:
        for action, el in parser:
            if action == "start":
                if depth == 0:
                    yield ("root", el.tag, dict(el.attrib), dict(el.nsmap))
                elif depth == 1 and el.tag == DATA:
                    in_data = True
                    yield (DATA_START, el.tag, dict(el.attrib))
                elif depth == 2 and in_data:
                    yield (BLOCK_START, el.tag, dict(el.attrib))
                depth += 1
                continue
            depth -= 1
            if depth == 3 and in_data:
                block = el.getparent().tag
                if values is not None:
                    values.record(block, el)
                previous = el.getprevious()
                if _stray(el.tail) or (previous is not None and _stray(previous.tail)):
                    raise _stray_text(info, el.getparent().tag, el.sourceline)
                yield (RECORD, block, convert(block, el))
                el.clear(keep_tail=False)
                parent = el.getparent()
                while el.getprevious() is not None:
                    del parent[0]
            elif depth == 2 and in_data:
                if len(el) and (_stray(el.text) or _stray(el[-1].tail)):
                    raise _stray_text(info, el.tag, el.sourceline)
                text = el.text if len(el) == 0 else None
                yield (BLOCK_END, el.tag, text if text and not text.isspace() else None)
                el.clear(keep_tail=False)
            elif depth == 1:
                if in_data and el.tag == DATA:
                    in_data = False
                    yield (DATA_END,)
                else:
                    yield (BEFORE, from_element(el))
                el.clear(keep_tail=False)
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as exc:
        entries: list[Any] = list(cast(Any, exc.error_log)) if validator is not None else []
        if entries and entries[-1].domain == etree.ErrorDomains.SCHEMASV:
            raise SchemaInvalid(
                f"Le fichier {info.display} n'est pas conforme au schéma : {entries[-1].message}"
            ) from None
        raise _parse_error(exc, info, stream) from None
    broken = values.failure() if values is not None else None
    if broken is not None:
        from .schema import IdentityFailure

        raise IdentityFailure(
            f"Le fichier {info.display} n'est pas conforme au schéma : contrainte {broken} "
            "non respectée (identifiant en double ou lien vers une personne absente)."
        )


def _stray(text: str | None) -> bool:
    return text is not None and text != "" and not text.isspace()


def _stray_text(info: SourceInfo, block: str, line: int | None) -> UnusableInput:
    """Text between the records of a block: no SIECLE file has any, and it belongs to no record."""
    return UnusableInput(
        f"Le fichier {info.display} contient du texte entre les enregistrements du bloc "
        f"<{block}> (vers la ligne {line}) : ce n'est pas un fichier de SIECLE, il est refusé "
        "plutôt que de perdre ce texte."
    )


class _Registry:
    """Lazy access to the registered formats (imported only when a file is opened)."""

    @staticmethod
    def formats() -> list[FormatSpec]:
        from .plugins import get_manager

        return get_manager().formats()


@contextmanager
def open_document(
    path: str | Path,
    *,
    formats: list[FormatSpec] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    validator: Validator | None = None,
) -> Iterator[Document]:
    """Open a SIECLE file (``.xml`` or ``.zip``), recognise its format, and stream it.

    Raises :class:`~siecle_sdk.errors.UnusableInput` (or a subclass) with a French message
    when the file is missing, not XML, unsafe, or of no known format. With ``validator``, the
    file is validated while it is read: reading stops with :class:`~siecle_sdk.errors.SchemaInvalid`
    at the first error (whose message has no line: see :mod:`siecle_sdk.schema` for those).
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
                first_record = event[2]["tag"]
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
