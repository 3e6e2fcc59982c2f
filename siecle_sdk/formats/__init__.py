"""What a file format is to the SDK: the description a format plugin registers.

Formats are plugins: each one (built-in or third-party) returns :class:`FormatSpec` objects from
the ``siecle_formats`` hook. The reader asks every registered format whether it recognises a
file from its root element and its first blocks (:class:`Probe`), never from the file name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import Record

__all__ = ["FormatSpec", "Probe"]


@dataclass(frozen=True)
class Probe:
    """What the reader has seen of a file when it asks formats to recognise it."""

    root: str
    attrs: Mapping[str, str]
    #: leaf texts of ``PARAMETRES`` (UAJ, ANNEE_SCOLAIRE, ...)
    parameters: Mapping[str, str]
    #: tags of the ``DONNEES`` blocks met so far, in order
    blocks: tuple[str, ...]
    #: tag of the first record met, if any
    first_record: str | None

    @property
    def version(self) -> str | None:
        """The root's ``VERSION`` attribute."""
        return self.attrs.get("VERSION")


@dataclass(frozen=True)
class FormatSpec:
    """A SIECLE file format, as registered through the ``siecle_formats`` hook."""

    #: stable name used on the command line and in JSON (``eleves``, ``import-eleves``...)
    name: str
    #: French label shown to users
    title: str
    #: root element names of the format
    roots: tuple[str, ...]
    #: block tag inside ``DONNEES`` -> pydantic model of each record of that block
    records: Mapping[str, type[Record]] = field(default_factory=dict)
    #: template used to write the format (see ``templates/``)
    template: str = "bee_export.xml"
    #: extra recognition for formats whose root alone is not enough
    detect: Callable[[Probe], bool] | None = None
    #: name of the count reported as ``eleves`` / ``responsables``: block tag whose records count
    counts: Mapping[str, str] = field(default_factory=dict)
    #: variant name from the set of blocks seen in the whole file (``avec-adresses``...)
    variant: Callable[[frozenset[str]], str | None] | None = None
    #: date spelling of the format: ``fr`` (dd/mm/yyyy) or ``iso``
    date_style: str = "fr"
    #: versions met in real files (others are read with a warning)
    versions: tuple[str, ...] = ()

    def recognises(self, probe: Probe) -> bool:
        """Whether a file whose beginning is ``probe`` is of this format."""
        if self.detect is not None:
            return self.detect(probe)
        return probe.root in self.roots
