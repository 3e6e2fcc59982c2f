"""Base of every record model: typed fields mapped to XML elements, nothing lost.

A record model declares one field per element it knows, in the order the format writes them,
with the element name as alias (``"@NAME"`` for an attribute). Field types say how the text is read:

* ``Text`` (``str``): codes and labels stay strings (MEF and matière codes contain letters);
* ``Date``: ``dd/mm/yyyy`` (exports) or ``yyyy-mm-dd`` (import) read as :class:`datetime.date`;
* ``Flag``: ``0``/``1`` and ``true``/``false`` read as ``bool``;
* ``Count``: a small integer (option counts, ranks, shares);
* another :class:`Record`: a nested element; ``list[Record]``: a repeated element;
  ``Annotated[list[Record], Container("ROW")]``: a wrapper element holding ``ROW`` elements.

For every field, ``None`` means the element is absent and ``""`` (or ``[]`` for a container) means
it is present but empty: both survive a read and a write. Elements a model does not describe are
kept verbatim, in ``unknown``, and written back after the known ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin

from lxml import etree
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from ..errors import InvalidRecord
from ..io.nodes import Node
from ..io.nodes import from_element as node_of

__all__ = [
    "Container",
    "Count",
    "Date",
    "Flag",
    "Record",
    "Text",
    "parse_date",
    "parse_flag",
]

Blank = Literal[""]


def parse_date(value: Any) -> Any:
    """``dd/mm/yyyy`` or ``yyyy-mm-dd`` -> date; blank -> ``""``."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return ""
        try:
            if len(text) == 10 and text[2] == "/" and text[5] == "/":
                return dt.date(int(text[6:]), int(text[3:5]), int(text[:2]))
            if len(text) == 10 and text[4] == "-" and text[7] == "-":
                return dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:
            pass
        raise ValueError(f"date invalide « {value} » (attendu jj/mm/aaaa ou aaaa-mm-jj)")
    return value


_TRUE = {"1": True, "true": True, "0": False, "false": False}


def parse_flag(value: Any) -> Any:
    """``0``/``1``/``true``/``false`` -> bool; blank -> ``""``."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return ""
        try:
            return _TRUE[text]
        except KeyError:
            raise ValueError(
                f"booléen invalide « {value} » (attendu 0, 1, true ou false)"
            ) from None
    return value


def parse_count(value: Any) -> Any:
    """A small integer; blank -> ``""``."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return ""
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"nombre entier invalide « {value} »") from None
    return value


Text = str
Date = Annotated[dt.date | Blank, BeforeValidator(parse_date)]
Flag = Annotated[bool | Blank, BeforeValidator(parse_flag)]
Count = Annotated[int | Blank, BeforeValidator(parse_count)]


def _text(element: etree._Element) -> str:
    """The ``text`` of the element's node, or ``""`` (see :mod:`siecle_sdk.io.nodes`)."""
    text = element.text
    if len(element):
        return text if text and not text.isspace() else ""
    return text if text and not (text.isspace() and "\n" in text) else ""


@dataclass(frozen=True)
class Container:
    """Marks a list field whose items sit inside a wrapper element (``OPTIONS`` / ``OPTION``)."""

    item: str


@dataclass(frozen=True)
class Spelling:
    """Overrides how a ``Flag`` field is written (``"01"`` or ``"truefalse"``)."""

    flags: str


# field kinds in a plan
_SCALAR, _DATE, _FLAG, _COUNT, _NESTED, _REPEAT, _CONTAINER, _REPEAT_TEXT, _CONTAINER_TEXT = range(
    9
)


@dataclass(frozen=True)
class _Slot:
    name: str
    tag: str
    kind: int
    model: type[Record] | None = None
    item: str | None = None
    flags: str | None = None
    #: key of the value in validation input (the alias, so that errors name the element)
    key: str = ""


def _strip_optional(annotation: Any) -> Any:
    if get_origin(annotation) is Union:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    if get_origin(annotation) is type(int | None):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _classify(name: str, tag: str, annotation: Any, metadata: list[Any]) -> _Slot:
    container = next((m for m in metadata if isinstance(m, Container)), None)
    spelling = next((m for m in metadata if isinstance(m, Spelling)), None)
    inner = _strip_optional(annotation)
    if get_origin(inner) is Annotated:
        args = get_args(inner)
        metadata = [*metadata, *args[1:]]
        container = container or next((m for m in args[1:] if isinstance(m, Container)), None)
        spelling = spelling or next((m for m in args[1:] if isinstance(m, Spelling)), None)
        base = args[0]
    else:
        base = inner
    if inner is Date or base == (dt.date | Blank):
        return _Slot(name, tag, _DATE)
    if inner is Flag or base == (bool | Blank):
        return _Slot(name, tag, _FLAG, flags=spelling.flags if spelling else None)
    if inner is Count or base == (int | Blank):
        return _Slot(name, tag, _COUNT)
    if get_origin(base) is list:
        (item_type,) = get_args(base)
        if isinstance(item_type, type) and issubclass(item_type, Record):
            if container:
                return _Slot(name, tag, _CONTAINER, item_type, container.item)
            return _Slot(name, tag, _REPEAT, item_type)
        if container:
            return _Slot(name, tag, _CONTAINER_TEXT, item=container.item)
        return _Slot(name, tag, _REPEAT_TEXT)
    if isinstance(base, type) and issubclass(base, Record):
        return _Slot(name, tag, _NESTED, base)
    return _Slot(name, tag, _SCALAR)


class Record(BaseModel):
    """A record of a SIECLE file (a pupil, a person, a MEF, a division...)."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid", validate_default=False)

    #: element name of the record itself
    TAG: ClassVar[str] = ""
    #: how dates are written: ``fr`` (exports) or ``iso`` (import file)
    DATE_STYLE: ClassVar[str] = "fr"
    #: how flags are written: ``01`` or ``truefalse``
    FLAG_STYLE: ClassVar[str] = "01"

    #: elements this model does not describe, kept verbatim (written back after the known ones)
    unknown: list[dict[str, Any]] = Field(default_factory=list)

    _plan: ClassVar[dict[str, _Slot]]
    _attr_plan: ClassVar[dict[str, _Slot]]

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._plan = {}
        cls._attr_plan = {}
        for name, info in cls.model_fields.items():
            if name == "unknown":
                continue
            tag = info.alias or name.upper()
            slot = _classify(name, tag.lstrip("@"), info.annotation, list(info.metadata))
            object.__setattr__(slot, "key", tag)
            if tag.startswith("@"):
                cls._attr_plan[slot.tag] = slot
            else:
                cls._plan[slot.tag] = slot

    # --- reading --------------------------------------------------------------------------
    @classmethod
    def from_node(cls, node: Node) -> Any:
        """Build the model from a node; unknown children go to ``unknown``."""
        try:
            return cls.model_validate(cls._node_data(node))
        except ValidationError as exc:
            raise InvalidRecord(cls._describe(node, exc)) from None

    @classmethod
    def _node_data(cls, node: Node) -> dict[str, Any]:
        data: dict[str, Any] = {}
        attrs = node.get("attrs")
        if attrs:
            unknown_attrs = {}
            for key, value in attrs.items():
                slot = cls._attr_plan.get(key)
                if slot is None:
                    unknown_attrs[key] = value
                else:
                    data[slot.key] = value
            if unknown_attrs:
                data["unknown"] = [{"tag": "@", "attrs": unknown_attrs}]
        plan = cls._plan
        for child in node.get("children", ()):
            slot = plan.get(child["tag"])
            if slot is None:
                data.setdefault("unknown", []).append(child)
                continue
            kind = slot.kind
            if kind <= _COUNT:
                if slot.key in data or "children" in child or "attrs" in child:
                    data.setdefault("unknown", []).append(child)
                else:
                    data[slot.key] = child.get("text", "")
            elif kind == _NESTED:
                if slot.key in data:
                    data.setdefault("unknown", []).append(child)
                else:
                    assert slot.model is not None
                    data[slot.key] = slot.model._node_data(child)
            elif kind == _REPEAT:
                assert slot.model is not None
                data.setdefault(slot.key, []).append(slot.model._node_data(child))
            elif kind == _REPEAT_TEXT:
                data.setdefault(slot.key, []).append(child.get("text", ""))
            elif slot.key in data:
                data.setdefault("unknown", []).append(child)
            elif kind == _CONTAINER:
                assert slot.model is not None
                items: list[Any] = []
                for item in child.get("children", ()):
                    if item["tag"] != slot.item:
                        raise InvalidRecord(
                            f"<{child['tag']}> contient <{item['tag']}> au lieu de <{slot.item}>"
                        )
                    items.append(slot.model._node_data(item))
                data[slot.key] = items
            else:  # _CONTAINER_TEXT
                texts = []
                for item in child.get("children", ()):
                    if item["tag"] != slot.item:
                        raise InvalidRecord(
                            f"<{child['tag']}> contient <{item['tag']}> au lieu de <{slot.item}>"
                        )
                    texts.append(item.get("text", ""))
                data[slot.key] = texts
        return data

    @classmethod
    def from_element(cls, element: etree._Element) -> Any:
        """Build the model from a parsed element, as :meth:`from_node` would from
        ``nodes.from_element(element)``, without building the node (the reader's fast path)."""
        try:
            return cls.model_validate(cls._element_data(element))
        except ValidationError as exc:
            raise InvalidRecord(cls._describe(node_of(element), exc)) from None

    @classmethod
    def _element_data(cls, element: etree._Element) -> dict[str, Any]:
        """:meth:`_node_data` of the element's node, read from the element itself."""
        data: dict[str, Any] = {}
        attrs = element.attrib
        if attrs:
            unknown_attrs = {}
            for key, value in attrs.items():
                slot = cls._attr_plan.get(str(key))
                if slot is None:
                    unknown_attrs[str(key)] = str(value)
                else:
                    data[slot.key] = value
            if unknown_attrs:
                data["unknown"] = [{"tag": "@", "attrs": unknown_attrs}]
        plan = cls._plan
        for child in element:
            slot = plan.get(child.tag)
            if slot is None:
                data.setdefault("unknown", []).append(node_of(child))
                continue
            kind = slot.kind
            if kind <= _COUNT:
                if slot.key in data or len(child) or child.attrib:
                    data.setdefault("unknown", []).append(node_of(child))
                else:  # a leaf: _text(child), inlined (most elements are these)
                    text = child.text
                    data[slot.key] = text if text and not (text.isspace() and "\n" in text) else ""
            elif kind == _NESTED:
                if slot.key in data:
                    data.setdefault("unknown", []).append(node_of(child))
                else:
                    assert slot.model is not None
                    data[slot.key] = slot.model._element_data(child)
            elif kind == _REPEAT:
                assert slot.model is not None
                data.setdefault(slot.key, []).append(slot.model._element_data(child))
            elif kind == _REPEAT_TEXT:
                data.setdefault(slot.key, []).append(_text(child))
            elif slot.key in data:
                data.setdefault("unknown", []).append(node_of(child))
            else:  # _CONTAINER, _CONTAINER_TEXT
                items: list[Any] = []
                for item in child:
                    if item.tag != slot.item:
                        raise InvalidRecord(
                            f"<{child.tag}> contient <{item.tag}> au lieu de <{slot.item}>"
                        )
                    if slot.model is not None:
                        items.append(slot.model._element_data(item))
                    else:
                        items.append(_text(item))
                data[slot.key] = items
        return data

    @classmethod
    def _describe(cls, node: Node, exc: ValidationError) -> str:
        who = cls.TAG or cls.__name__
        ids = ", ".join(f"{k}={v}" for k, v in (node.get("attrs") or {}).items())
        for tag in ("ID_PRV_ELE", "ID_PRV_PER", "ELEVE_ID", "PERSONNE_ID"):
            for child in node.get("children", ()):
                if child["tag"] == tag:
                    ids = (ids + ", " if ids else "") + f"{tag}={child.get('text', '')}"
        problems = []
        for error in exc.errors():
            where = "/".join(str(p) for p in error["loc"] if not isinstance(p, int))
            message = error["msg"].removeprefix("Value error, ")
            problems.append(f"{where} : {message}")
        label = f"<{who}>" + (f" ({ids})" if ids else "")
        return f"enregistrement {label} illisible : " + " ; ".join(problems)

    # --- writing --------------------------------------------------------------------------
    def to_node(self) -> Node:
        """The record as a node, fields in declared order, unknown elements last."""
        return self._to_node(self.TAG or type(self).__name__.upper())

    def _to_node(self, tag: str) -> Node:
        node: Node = {"tag": tag}
        attrs: dict[str, str] = {}
        for slot in self._attr_plan.values():
            value = getattr(self, slot.name)
            if value is not None:
                attrs[slot.tag] = self._text(slot, value)
        extra_attrs = [u for u in self.unknown if u.get("tag") == "@"]
        for extra in extra_attrs:
            attrs.update(extra["attrs"])
        if attrs:
            node["attrs"] = attrs
        children: list[Node] = []
        for slot in self._plan.values():
            value = getattr(self, slot.name)
            if value is None:
                continue
            kind = slot.kind
            if kind <= _COUNT:
                children.append({"tag": slot.tag, "text": self._text(slot, value)})
            elif kind == _NESTED:
                children.append(value._to_node(slot.tag))
            elif kind == _REPEAT:
                children.extend(item._to_node(slot.tag) for item in value)
            elif kind == _REPEAT_TEXT:
                children.extend({"tag": slot.tag, "text": item} for item in value)
            elif kind == _CONTAINER:
                assert slot.item is not None
                inner = [item._to_node(slot.item) for item in value]
                children.append(
                    {"tag": slot.tag, "children": inner} if inner else {"tag": slot.tag, "text": ""}
                )
            else:
                assert slot.item is not None
                texts = [{"tag": slot.item, "text": item} for item in value]
                children.append(
                    {"tag": slot.tag, "children": texts} if texts else {"tag": slot.tag, "text": ""}
                )
        children.extend(u for u in self.unknown if u.get("tag") != "@")
        if children:
            node["children"] = children
        else:
            node["text"] = ""
        return node

    def _text(self, slot: _Slot, value: Any) -> str:
        if value == "" and not isinstance(value, bool):
            return ""
        if slot.kind == _DATE:
            if self.DATE_STYLE == "iso":
                return str(value.isoformat())
            return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
        if slot.kind == _FLAG:
            style = slot.flags or self.FLAG_STYLE
            if style == "truefalse":
                return "true" if value else "false"
            return "1" if value else "0"
        return str(value)

    # --- checking a record built without validation ------------------------------------
    def value_problems(self, path: str = "") -> list[tuple[str, str]]:
        """Fields whose value does not have the field's type, as ``(element path, French
        problem)``; empty for a record made by validation.

        A record made with ``model_construct`` or changed with ``model_copy(update=...)`` skips
        validation: a flag may hold ``"non"`` (truthy: written ``true``), a mandatory field may be
        missing. Flags must be ``bool``, dates ``datetime.date``, counts ``int``, texts ``str``;
        ``""`` is allowed where validation allows it (a mandatory value left empty). An element
        of ``unknown`` bearing the name of one the model describes is a repeated element.
        """
        problems: list[tuple[str, str]] = []
        values = self.__dict__
        for name, tag, kind, required, model in _checks(type(self)):
            value = values.get(name, _MISSING)
            if value is None or value is _MISSING:
                if required:
                    problems.append((path + tag, "valeur obligatoire absente"))
            elif kind <= _COUNT:
                if not _fits(kind, value):
                    problems.append((path + tag, _wrong(value, _EXPECTED[kind])))
            else:
                problems += _nested_problems(kind, model, value, path + tag)
        unknown = values.get("unknown", [])
        if not isinstance(unknown, list) or not all(isinstance(u, dict) for u in unknown):
            problems.append((f"{path}unknown", _wrong(unknown, "une liste d'éléments")))
        else:
            repeated = sorted({str(u.get("tag")) for u in unknown} & self.single_tags())
            problems += [(f"{path}{tag}", "élément répété") for tag in repeated]
        return problems

    @classmethod
    def single_tags(cls) -> frozenset[str]:
        """Elements the model holds once (met twice, the second goes to ``unknown``)."""
        found = _SINGLE.get(cls)
        if found is None:
            found = _SINGLE[cls] = frozenset(
                tag for tag, slot in cls._plan.items() if slot.kind not in (_REPEAT, _REPEAT_TEXT)
            )
        return found

    def repeated_elements(self) -> list[str]:
        """Elements the record (or a record inside it) had twice although the model holds them
        once, as paths (``NOM_DE_FAMILLE``, ``SCOLARITE_AN_DERNIER/CODE_RNE``)."""
        found = sorted({str(u.get("tag")) for u in self.unknown} & self.single_tags())
        for name, tag, _, _, model in _checks(type(self)):
            if model is None:
                continue
            value = self.__dict__.get(name)
            items = value if isinstance(value, list) else (value,)
            for item in items:
                if isinstance(item, Record):
                    found += [f"{tag}/{inner}" for inner in item.repeated_elements()]
        return found

    @classmethod
    def field_tags(cls) -> list[str]:
        """Element names the model knows, in order (attributes prefixed with ``@``)."""
        return [f"@{t}" for t in cls._attr_plan] + list(cls._plan)


#: what a field of each kind must hold, for messages
_EXPECTED = {
    _SCALAR: "un texte",
    _DATE: "une date (datetime.date)",
    _FLAG: "un booléen (True ou False)",
    _COUNT: "un nombre entier",
}


def _wrong(value: Any, expected: str) -> str:
    return f"{value!r} ({type(value).__name__}) au lieu d'{expected}"


def _fits(kind: int, value: Any) -> bool:
    if kind == _SCALAR:
        return isinstance(value, str)
    if value == "" and isinstance(value, str):
        return True
    if kind == _DATE:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind == _FLAG:
        return isinstance(value, bool)
    return isinstance(value, int) and not isinstance(value, bool)


_MISSING = object()
#: per record class: the elements it holds once
_SINGLE: dict[type[Record], frozenset[str]] = {}
#: per record class: (field name, element name, kind, required, nested model) of every field
_CHECKS: dict[type[Record], list[tuple[str, str, int, bool, type[Record] | None]]] = {}


def _checks(cls: type[Record]) -> list[tuple[str, str, int, bool, type[Record] | None]]:
    """What :meth:`Record.value_problems` checks of ``cls``, computed once."""
    found = _CHECKS.get(cls)
    if found is None:
        slots = {slot.name: slot for slot in (*cls._attr_plan.values(), *cls._plan.values())}
        found = []
        for name, info in cls.model_fields.items():
            if name == "unknown":
                continue
            slot = slots.get(name)
            if slot is None:  # a field that is no element (an id the SDK keeps): a text
                found.append((name, name.upper(), _SCALAR, info.is_required(), None))
            else:
                tag = slot.key.lstrip("@")
                found.append((name, tag, slot.kind, info.is_required(), slot.model))
        _CHECKS[cls] = found
    return found


def _nested_problems(
    kind: int, model: type[Record] | None, value: Any, where: str
) -> list[tuple[str, str]]:
    """The problems of a nested record or of a list field (its records checked in turn)."""
    if kind == _NESTED:
        assert model is not None
        if not isinstance(value, model):
            return [(where, _wrong(value, f"un enregistrement {model.__name__}"))]
        return value.value_problems(f"{where}/")
    if not isinstance(value, list):
        return [(where, _wrong(value, "une liste"))]
    problems: list[tuple[str, str]] = []
    for position, item in enumerate(value, 1):
        at = f"{where}[{position}]"
        if model is None:
            if not isinstance(item, str):
                problems.append((at, _wrong(item, "un texte")))
        elif not isinstance(item, model):
            problems.append((at, _wrong(item, f"un enregistrement {model.__name__}")))
        else:
            problems += item.value_problems(f"{at}/")
    return problems
