"""The formats shipped with the SDK, registered through the same hook as any plugin's."""

from __future__ import annotations

from collections.abc import Sequence

from .. import hookimpl
from . import FormatSpec


@hookimpl
def siecle_formats() -> Sequence[FormatSpec]:
    """Every SIECLE file format of the exchange."""
    from . import (
        communs,
        eleves,
        etablissements,
        geographique,
        import_eleves,
        nomenclature,
        responsables,
        structures,
    )

    return [
        nomenclature.SPEC,
        geographique.SPEC,
        etablissements.SPEC,
        structures.SPEC,
        communs.SPEC,
        eleves.SPEC,
        responsables.SPEC,
        import_eleves.SPEC,
    ]


def template_of(name: str) -> str:
    """The template that writes the built-in format ``name`` (its ``FormatSpec.template``)."""
    for spec in siecle_formats():
        if spec.name == name:
            return spec.template
    raise KeyError(name)
