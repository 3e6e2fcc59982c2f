"""The lossless generic form of an XML element, shared by the reader, the JSON form and the writers.

A node is a plain ``dict`` (cheap to build, to dump as JSON and to validate):

``tag``
    element name (``{uri}name`` for a namespaced one).
``attrs``
    attributes in document order; omitted when there are none.
``text``
    for an element without children: its text, always present (``""`` when empty).
    For an element with children: only present when it holds non-blank text (mixed content).
``children``
    child nodes, omitted for a leaf.
``tail``
    non-blank text after the element inside its parent (mixed content only).

Layout whitespace (indentation, and blank text made of line breaks and spaces in an element
without children) is not a value and is not kept; every other character is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lxml import etree

Node = dict[str, Any]

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_KNOWN_PREFIXES = {XSI_NS: "xsi", "http://www.w3.org/XML/1998/namespace": "xml"}


def line_of(el: etree._Element) -> int | None:
    """The line ``el`` starts on in its file (``None``: unknown)."""
    line: int | None = el.sourceline  # type: ignore[assignment]  # untyped in lxml-stubs
    return line


def from_element(el: etree._Element) -> Node:
    """Turn a parsed element (and its subtree) into a node."""
    node: Node = {"tag": el.tag}
    if el.attrib:
        node["attrs"] = dict(el.attrib)
    text = el.text
    if len(el):
        if text and not text.isspace():
            node["text"] = text
        children: list[Node] = []
        for child in el:
            if len(child) or child.attrib:
                children.append(from_element(child))
                continue
            # most elements are leaves without attributes: built inline, the same way
            value = child.text
            item: Node = {
                "tag": child.tag,
                "text": value if value and not (value.isspace() and "\n" in value) else "",
            }
            tail = child.tail
            if tail and not tail.isspace():
                item["tail"] = tail
            children.append(item)
        node["children"] = children
    elif not text or (text.isspace() and "\n" in text):
        node["text"] = ""
    else:
        node["text"] = text
    tail = el.tail
    if tail and not tail.isspace():
        node["tail"] = tail
    return node


def leaf(tag: str, text: str) -> Node:
    """A node without children."""
    return {"tag": tag, "text": text}


# --- serialisation ------------------------------------------------------------------------

#: C1 controls are written as references: the bytes 0x80-0x9F in a Latin-encoded file would be
#: taken for Windows-1252 text by every reader, this SDK's included
_C1_REFERENCES = {chr(c): f"&#{c};" for c in range(0x80, 0xA0)}
_TEXT_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;", **_C1_REFERENCES}
)
_ATTR_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\r": "&#13;",
        "\n": "&#10;",
        "\t": "&#9;",
        **_C1_REFERENCES,
    }
)
_ILLEGAL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r") | {"\ufffe", "\uffff"}


class IllegalCharacter(ValueError):
    """A value holds a character XML 1.0 cannot carry (a control character)."""

    def __init__(self, tag: str, char: str) -> None:
        super().__init__(f"{tag}: U+{ord(char):04X}")
        self.tag = tag
        self.char = char


def escape_text(value: str, tag: str = "") -> str:
    """Escape character data; refuse XML-illegal control characters."""
    if not value.isprintable():
        _check_legal(value, tag)
        return value.translate(_TEXT_ESCAPES)
    # most values have nothing to escape: three substring scans are cheaper than a translation
    if "&" in value or "<" in value or ">" in value:
        return value.translate(_TEXT_ESCAPES)
    return value


def escape_attr(value: str, tag: str = "") -> str:
    """Escape an attribute value so that a parser gives it back unchanged."""
    if not value.isprintable():
        _check_legal(value, tag)
        return value.translate(_ATTR_ESCAPES)
    if "&" in value or "<" in value or ">" in value or '"' in value:
        return value.translate(_ATTR_ESCAPES)
    return value


def _check_legal(value: str, tag: str) -> None:
    for char in value:
        if char in _ILLEGAL:
            raise IllegalCharacter(tag, char)


def qualified(name: str, nsmap: Mapping[str, str]) -> str:
    """``{uri}local`` to ``prefix:local`` using ``nsmap`` (uri -> prefix)."""
    if name[0] != "{":
        return name
    uri, local = name[1:].split("}", 1)
    prefix = nsmap.get(uri) or _KNOWN_PREFIXES.get(uri)
    if prefix is None:
        raise ValueError(f"undeclared namespace {uri}")
    return f"{prefix}:{local}"


def start_tag(
    tag: str, attrs: Mapping[str, str] | None, nsmap: Mapping[str, str], *, declare: bool = False
) -> str:
    """An opening tag, with namespace declarations when ``declare`` is set (root element)."""
    parts = [qualified(tag, nsmap)]
    if declare:
        for uri, prefix in nsmap.items():
            if prefix != "xml":
                parts.append(f'xmlns:{prefix}="{escape_attr(uri)}"')
    if attrs:
        for name, value in attrs.items():
            parts.append(f'{qualified(name, nsmap)}="{escape_attr(value, tag)}"')
    return "<" + " ".join(parts) + ">"


def to_xml(
    node: Node, depth: int = 0, nsmap: Mapping[str, str] | None = None, step: str = "  "
) -> str:
    """Serialise a node as SIECLE lays out its files: one element per line, indented,
    empty elements written ``<X></X>``. Mixed content is written without layout so that it
    reads back unchanged."""
    out: list[str] = []
    _write(node, depth, nsmap or {}, step, out)
    return "".join(out)


def is_plain(node: Node) -> bool:
    """Whether ``node`` is laid out one element per line with no namespace of its own: no
    ``{uri}`` name on it or its attributes, no text beside its children, no child's tail (the
    templates write such a node; :func:`to_xml` writes the others)."""
    if node["tag"][0] == "{":
        return False
    attrs = node.get("attrs")
    if attrs and any(name[0] == "{" for name in attrs):
        return False
    children = node.get("children")
    return not children or ("text" not in node and not any("tail" in c for c in children))


def _scope(node: Node, nsmap: Mapping[str, str]) -> tuple[Mapping[str, str], str]:
    """The namespaces in scope for ``node``, and the declarations its tag must carry for the
    namespaces of its name and attributes that no ancestor declared (``{uri}`` names of a file
    whose namespaces were declared below the root)."""
    names = [node["tag"], *(node.get("attrs") or ())]
    missing = [
        n[1:].split("}", 1)[0]
        for n in names
        if n[0] == "{"
        and n[1:].split("}", 1)[0] not in nsmap
        and n[1:].split("}", 1)[0] not in _KNOWN_PREFIXES
    ]
    if not missing:
        return nsmap, ""
    scope = dict(nsmap)
    declared = []
    for uri in dict.fromkeys(missing):
        prefix = f"ns{len(scope)}"
        scope[uri] = prefix
        declared.append(f' xmlns:{prefix}="{escape_attr(uri)}"')
    return scope, "".join(declared)


def _opening(
    tag: str, attrs: Mapping[str, str] | None, nsmap: Mapping[str, str], declarations: str
) -> str:
    if not attrs and not declarations:
        return f"<{qualified(tag, nsmap)}>"
    return start_tag(tag, attrs, nsmap)[:-1] + declarations + ">"


def _write(node: Node, depth: int, nsmap: Mapping[str, str], step: str, out: list[str]) -> None:
    tag = node["tag"]
    pad = step * depth
    if tag[0] == "{" or (node.get("attrs") and any(a[0] == "{" for a in node["attrs"])):
        nsmap, declarations = _scope(node, nsmap)
    else:
        declarations = ""
    name = tag if tag[0] != "{" else qualified(tag, nsmap)
    attrs = node.get("attrs")
    opening = _opening(tag, attrs, nsmap, declarations) if attrs or declarations else f"<{name}>"
    children = node.get("children")
    if not children:
        out.append(f"{pad}{opening}{escape_text(node.get('text', ''), tag)}</{name}>")
        tail = node.get("tail")
        if tail:
            out.append(escape_text(tail, tag))
        out.append("\n")
        return
    if "text" in node or any("tail" in child for child in children):
        out.append(pad + _compact(node, nsmap) + "\n")
        return
    out.append(f"{pad}{opening}\n")
    for child in children:
        _write(child, depth + 1, nsmap, step, out)
    out.append(f"{pad}</{name}>\n")


def _compact(node: Node, nsmap: Mapping[str, str]) -> str:
    tag = node["tag"]
    nsmap, declarations = _scope(node, nsmap)
    name = qualified(tag, nsmap)
    parts = [
        _opening(tag, node.get("attrs"), nsmap, declarations),
        escape_text(node.get("text", ""), tag),
    ]
    for child in node.get("children", ()):
        parts.append(_compact(child, nsmap))
        if "tail" in child:
            parts.append(escape_text(child["tail"], tag))
    parts.append(f"</{name}>")
    return "".join(parts)
