"""Streaming, hardened reading of every SIECLE exchange file.

A document is read once, front to back, with ``lxml.etree.iterparse``: each record (a child of a
``DONNEES`` block) is turned into a node and released before the next one is parsed, so memory does
not grow with the file. The kind of file is recognised by the registered formats from its root and
first blocks. A file that fails to parse is reported with its line; callers must not commit
anything read from a file before its end has been reached (see :meth:`Document.records`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from .errors import InvalidRecord, NotWellFormed, UnknownFormat, UnusableInput
from .formats import FormatSpec, Probe
from .nodes import Node, from_element
from .source import DEFAULT_LIMITS, Limits, SourceInfo, open_source

if TYPE_CHECKING:
    from .models import Record

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
    ) -> None:
        self.info = info
        self.format = spec
        self.root = root
        self.attrs = attrs
        self.nsmap = nsmap
        self._events = events
        self._buffered = buffered
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

    def typed(self) -> Iterator[tuple[str, Record]]:
        """``(block tag, model)`` for every record whose block has a model in the format."""
        models = self.format.records
        for block, node in self.records():
            model = models.get(block)
            if model is not None:
                try:
                    yield block, model.from_node(node)
                except InvalidRecord as exc:
                    raise InvalidRecord(f"{self.info.display} : {exc.message}") from None

    def drain(self) -> None:
        """Read to the end (counting), so that parse errors at the end are raised."""
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


def _raw_events(stream: Any, info: SourceInfo) -> Iterator[Event]:
    """Parse ``stream`` into events, releasing every record once it is turned into a node."""
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
                yield (RECORD, el.getparent().tag, from_element(el))
                el.clear(keep_tail=False)
                parent = el.getparent()
                while el.getprevious() is not None:
                    del parent[0]
            elif depth == 2 and in_data:
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
        raise _parse_error(exc, info, stream) from None


class _Registry:
    """Lazy access to the registered formats (imported only when a file is opened)."""

    @staticmethod
    def formats() -> list[FormatSpec]:
        from .plugins import get_manager

        return get_manager().formats()


@contextmanager
def open_document(
    path: str | Path, *, formats: list[FormatSpec] | None = None, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Document]:
    """Open a SIECLE file (``.xml`` or ``.zip``), recognise its format, and stream it.

    Raises :class:`~siecle_sdk.errors.UnusableInput` (or a subclass) with a French message
    when the file is missing, not XML, unsafe, or of no known format.
    """
    specs = formats if formats is not None else _Registry.formats()
    with open_source(path, limits) as (stream, info):
        events = _marking(_raw_events(stream, info))
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
