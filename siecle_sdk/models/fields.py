"""The fields of a record model as a language-neutral table: name, element, kind, nesting.

Used to describe the records outside Python (the JSON format of a school, its JSON Schema, the
field reference): each field is one of a few kinds whatever its Python annotation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ._base import (
    _CONTAINER,
    _CONTAINER_TEXT,
    _COUNT,
    _DATE,
    _FLAG,
    _NESTED,
    _REPEAT,
    _REPEAT_TEXT,
    Record,
    _checks,
)

__all__ = ["FieldKind", "ModelField", "fields_of"]

#: ``text`` str, ``date`` datetime.date, ``flag`` bool, ``count`` int, ``record`` one nested
#: record, ``records`` a list of records, ``texts`` a list of str
FieldKind = Literal["text", "date", "flag", "count", "record", "records", "texts"]

_KINDS: dict[int, FieldKind] = {
    _DATE: "date",
    _FLAG: "flag",
    _COUNT: "count",
    _NESTED: "record",
    _REPEAT: "records",
    _CONTAINER: "records",
    _REPEAT_TEXT: "texts",
    _CONTAINER_TEXT: "texts",
}


@dataclass(frozen=True)
class ModelField:
    """One field of a record model."""

    #: Python attribute name (``nom_de_famille``)
    name: str
    #: element name as SIECLE spells it (``NOM_DE_FAMILLE``); the SDK-only ids are named as in
    #: SIECLE's exports (``ELEVE_ID``, ``PERSONNE_ID``)
    tag: str
    kind: FieldKind
    #: required by the model (the XSD's mandatory elements)
    required: bool
    #: the nested record class of ``record`` and ``records`` fields
    model: type[Record] | None = None


def fields_of(cls: type[Record]) -> list[ModelField]:
    """The fields of ``cls`` in declared order (``unknown`` left out)."""
    return [
        ModelField(name, tag, _KINDS.get(kind, "text"), required, model)
        for name, tag, kind, required, model in _checks(cls)
    ]
