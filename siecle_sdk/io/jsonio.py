"""The JSON form of a SIECLE file: every element, attribute and value, streamed both ways.

The document is one JSON object, laid out one record per line so that it can be written and read
back without holding the file in memory::

    {"siecle_sdk": "document/1", "kind": ..., "root": {...}, "before": [...], "blocks": [
    {"tag": "ELEVES", "attrs": {}, "records": [
    {"tag": "ELEVE", "attrs": {"ELEVE_ID": "1"}, "children": [...]}
    ,{"tag": "ELEVE", ...}
    ]}
    ,{"tag": "OPTIONS", "attrs": {}, "records": [
    ]}
    ], "after": [], "counts": {"ELEVES": 2, "OPTIONS": 0}}

Records are nodes (see :mod:`siecle_sdk.io.nodes`). A JSON file laid out differently (re-indented by
an editor) is still read, as a whole, up to :data:`MAX_UNSTREAMED_BYTES`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import CountMismatch, UnusableInput
from .nodes import IllegalCharacter, Node
from .reader import (
    AFTER,
    BEFORE,
    BLOCK_END,
    BLOCK_START,
    DATA_END,
    DATA_START,
    RECORD,
    Document,
)
from .source import python_codec
from .writer import Block, atomic_write, write_bee_document, xml_label

__all__ = ["JsonDocument", "read_json", "write_json", "xml_from_json"]

MARK = "document/1"
MAX_UNSTREAMED_BYTES = 512 * 1024 * 1024
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def write_json(doc: Document, path: str | Path) -> dict[str, int]:
    """Write ``doc`` as JSON (atomically); returns the records written per block."""
    counts: dict[str, int] = {}
    with atomic_write(path, "w") as out:
        head_written = False
        block_open = False
        blocks = 0
        records_in_block = 0
        data: dict[str, Any] | None = None
        for event in doc.events():
            kind = event[0]
            if kind == RECORD:
                out.write(("," if records_in_block else "") + _dumps(event[2]) + "\n")
                records_in_block += 1
                counts[event[1]] = counts.get(event[1], 0) + 1
                continue
            if kind == BEFORE:
                continue
            if not head_written and kind in (DATA_START, AFTER, DATA_END):
                if kind == DATA_START:
                    data = {"tag": event[1], "attrs": event[2]}
                _write_head(out, doc, data)
                head_written = True
                if kind == DATA_START:
                    continue
            if kind == BLOCK_START:
                out.write(
                    ("," if blocks else "")
                    + _dumps({"tag": event[1], "attrs": event[2]})[:-1]
                    + ',"records":[\n'
                )
                block_open, records_in_block = True, 0
                counts.setdefault(event[1], 0)
                blocks += 1
            elif kind == BLOCK_END:
                text = event[2]
                out.write("]" + (f',"text":{_dumps(text)}' if text is not None else "") + "}\n")
                block_open = False
        if not head_written:
            _write_head(out, doc, None)
        assert not block_open
        out.write("]," + _dumps({"after": doc.after, "counts": counts})[1:] + "\n")
    return counts


def _write_head(out: IO[str], doc: Document, data: dict[str, Any] | None) -> None:
    head = {
        "siecle_sdk": MARK,
        "kind": doc.kind,
        "version": doc.version,
        "variant": None,
        "encoding": xml_label(doc.info.encoding),
        "source": doc.info.display,
        "root": {"tag": doc.root, "attrs": doc.attrs},
        "namespaces": {prefix: uri for uri, prefix in doc.nsmap.items()},
        "before": doc.before,
        "data": data,
    }
    out.write(_dumps(head)[:-1] + ',"blocks":[\n')


@dataclass
class JsonDocument:
    """A JSON document being read: its header, then its blocks streamed once."""

    head: dict[str, Any]
    blocks: Iterator[Block]
    tail: dict[str, Any] = field(default_factory=dict)

    @property
    def encoding(self) -> str:
        """Python codec of the original XML."""
        return python_codec(str(self.head.get("encoding") or "UTF-8")) or "utf-8"


def read_json(handle: IO[str], display: str) -> JsonDocument:
    """Open a JSON document written by :func:`write_json` (or the same object re-indented)."""
    first = handle.readline()
    if first.startswith('{"siecle_sdk":') and first.rstrip("\n").endswith('"blocks":['):
        head = _loads(first.rstrip("\n") + "]}", display, 1)
        _check_head(head, display)
        doc = JsonDocument(head, iter(()))
        doc.blocks = _stream_blocks(handle, display, doc)
        return doc
    handle.seek(0)
    text = handle.read(MAX_UNSTREAMED_BYTES + 1)
    if len(text) > MAX_UNSTREAMED_BYTES:
        raise UnusableInput(
            f"Le fichier JSON {display} est trop gros pour être lu d'un bloc : "
            "gardez la mise en page d'origine (un enregistrement par ligne)."
        )
    whole = _loads(text, display, None)
    _check_head(whole, display)
    blocks = [
        Block(
            str(b.get("tag") or ""), iter(b.get("records", [])), b.get("attrs") or {}, b.get("text")
        )
        if isinstance(b, dict)
        else Block("", iter(()))
        for b in whole.get("blocks", [])
    ]
    return JsonDocument(
        whole, iter(blocks), {"after": whole.get("after", []), "counts": whole.get("counts", {})}
    )


def _loads(text: str, display: str, line: int | None) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise UnusableInput(
            f"Le fichier JSON {display} est imbriqué trop profondément pour être un document "
            "siecle-sdk."
        ) from None
    except json.JSONDecodeError as exc:
        where = line if line is not None else exc.lineno
        raise UnusableInput(
            f"Le fichier JSON {display} est illisible ligne {where} : {exc.msg}."
        ) from None


def _check_head(head: Any, display: str) -> None:
    if not isinstance(head, dict) or head.get("siecle_sdk") != MARK or "root" not in head:
        raise UnusableInput(
            f"Le fichier JSON {display} n'a pas été écrit par « siecle convert » "
            "(en-tête siecle_sdk absent)."
        )


class _Lines:
    """Line reader that knows the current line number, for messages."""

    def __init__(self, handle: IO[str], display: str, line: int) -> None:
        self.handle = handle
        self.display = display
        self.line = line

    def next(self) -> str:
        text = self.handle.readline()
        self.line += 1
        if not text:
            raise UnusableInput(f"Le fichier JSON {self.display} est tronqué (ligne {self.line}).")
        return text.rstrip("\n")

    def loads(self, text: str) -> Any:
        return _loads(text, self.display, self.line)


def _stream_blocks(handle: IO[str], display: str, doc: JsonDocument) -> Iterator[Block]:
    lines = _Lines(handle, display, 1)
    while True:
        line = lines.next()
        if line.startswith("]"):
            doc.tail = lines.loads('{"blocks":[' + line)
            doc.tail.pop("blocks", None)
            return
        opening = lines.loads(line.removeprefix(",") + "]}")
        if not isinstance(opening, dict):
            raise UnusableInput(
                f"Le fichier JSON {display} : le bloc ligne {lines.line} n'est pas un objet JSON."
            )
        block = Block(str(opening.get("tag") or ""), iter(()), opening.get("attrs") or {})
        block.records = _stream_records(lines, block)
        yield block
        # a block's records are read before the next block starts
        for _ in block.records:
            pass


def _stream_records(lines: _Lines, block: Block) -> Iterator[Node]:
    while True:
        line = lines.next()
        if line.startswith("]"):
            block.text = lines.loads('{"records":[' + line).get("text")
            return
        record = lines.loads(line.removeprefix(","))
        if not isinstance(record, dict) or "tag" not in record:
            raise UnusableInput(
                f"Le fichier JSON {lines.display} : l'enregistrement ligne "
                f"{lines.line} n'est pas un élément (clé « tag » absente)."
            )
        yield record


def xml_from_json(src: str | Path, dest: str | Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Write the XML of a JSON document; returns its header and the records written per block.

    Every node is checked before it is written (a JSON file may have been edited by hand), every
    character is kept (one the original encoding lacks is written as a character reference), and
    the records written are compared with the counts the JSON announces before the XML takes its
    final name: a truncated or edited document leaves nothing behind.
    """
    src = Path(src)
    try:
        handle = src.open(encoding="utf-8")
    except FileNotFoundError:
        raise UnusableInput(f"Le fichier {src} n'existe pas.") from None
    with handle:
        try:
            doc = read_json(handle, str(src))
            head = doc.head
            root = _checked(head.get("root"), "root", str(src), leaf=True)
            data = head.get("data")
            if data is not None:
                _checked(data, "data", str(src), leaf=True)
            namespaces = head.get("namespaces") or {}
            if not isinstance(namespaces, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in namespaces.items()
            ):
                raise UnusableInput(f"Le fichier JSON {src} : « namespaces » n'est pas valide.")

            def announced(written: dict[str, int]) -> None:
                expected = {k: v for k, v in (doc.tail.get("counts") or {}).items() if v}
                if expected != {k: v for k, v in written.items() if v}:
                    raise CountMismatch(
                        f"Le fichier JSON {src} annonce {expected} enregistrements par bloc "
                        f"mais {written} ont été lus : le JSON a été modifié ou tronqué, rien "
                        "n'est écrit."
                    )

            written = write_bee_document(
                dest,
                root=root["tag"],
                attrs=root.get("attrs") or {},
                before=[_checked(n, "before", str(src)) for n in head.get("before") or []],
                blocks=_checked_blocks(doc.blocks, str(src)),
                after=(_checked(n, "after", str(src)) for n in _after(doc)),
                encoding=doc.encoding,
                nsmap={uri: prefix for prefix, uri in namespaces.items()},
                data_tag=data["tag"] if data else None,
                data_attrs=(data or {}).get("attrs") or {},
                lossless=True,
                check_counts=announced,
            )
        except UnicodeDecodeError:
            raise UnusableInput(f"Le fichier JSON {src} n'est pas en UTF-8.") from None
        except IllegalCharacter as exc:
            raise UnusableInput(
                f"Le fichier JSON {src} : l'élément <{exc.tag}> contient un caractère de "
                f"contrôle (U+{ord(exc.char):04X}) qu'un fichier XML ne peut pas porter."
            ) from None
    return doc.head, written


#: an XML name, possibly with its namespace in Clark notation (``{uri}local``)
_NAME = re.compile(r"^(\{[^{}\s]+\})?[A-Za-z_\u00c0-\uffef][\w.\-\u00b7\u00c0-\uffef]*$")
_KEYS = frozenset({"tag", "attrs", "text", "children", "tail"})
#: deeper than any SIECLE file (records are 4 levels deep at most)
MAX_DEPTH = 32


def _checked(node: Any, where: str, display: str, *, leaf: bool = False) -> Node:
    """``node`` if it is a well-formed node (tag, attributes, text, children), else a refusal."""
    pending = [(node, 0)]
    while pending:
        item, depth = pending.pop()
        problem = _node_problem(item, depth)
        if problem:
            raise UnusableInput(f"Le fichier JSON {display} ({where}) : {problem}.")
        if not leaf:
            pending.extend((child, depth + 1) for child in item.get("children", ()))
    checked: Node = node
    return checked


def _node_problem(item: Any, depth: int) -> str | None:
    if depth > MAX_DEPTH:
        return f"éléments imbriqués sur plus de {MAX_DEPTH} niveaux"
    if not isinstance(item, dict):
        return "un élément n'est pas un objet JSON"
    tag = item.get("tag")
    if not isinstance(tag, str) or not _NAME.match(tag):
        return f"nom d'élément invalide « {tag} »"
    if set(item) - _KEYS:
        return f"<{tag}> porte des clés inconnues ({', '.join(sorted(set(item) - _KEYS))})"
    attrs = item.get("attrs", {})
    if not isinstance(attrs, dict) or not all(
        isinstance(k, str) and _NAME.match(k) and isinstance(v, str) for k, v in attrs.items()
    ):
        return f"attributs de <{tag}> invalides"
    for key in ("text", "tail"):
        if key in item and not isinstance(item[key], str):
            return f"« {key} » de <{tag}> n'est pas un texte"
    if "children" in item and not isinstance(item["children"], list):
        return f"« children » de <{tag}> n'est pas une liste"
    return None


def _checked_blocks(blocks: Iterator[Block], display: str) -> Iterator[Block]:
    for block in blocks:
        if not isinstance(block.tag, str) or not _NAME.match(block.tag):
            raise UnusableInput(
                f"Le fichier JSON {display} : nom de bloc invalide « {block.tag} »."
            )
        _checked({"tag": block.tag, "attrs": block.attrs}, "bloc", display, leaf=True)
        rows = block.records
        block.records = (_checked(n, block.tag, display) for n in rows)
        yield block


def _after(doc: JsonDocument) -> Iterator[Node]:
    yield from doc.tail.get("after", [])
