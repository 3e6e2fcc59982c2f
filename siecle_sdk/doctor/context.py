"""What the readiness checks know beyond the pre-check's :class:`~siecle_sdk.rules.context.Context`.

The pre-check's context keeps only what its rules look up (MEF sets, division ↔ MEF attachments,
the pupils' dates of the year). The readiness checks also need every file given (with its header,
even when it was set aside), today's date, and the whole Communs, Nomenclature and Structures
exports. :class:`DoctorContext` is a :class:`Context` with those additions; the helpers below
work on a plain :class:`Context` too (they then read what they need from ``ctx.files``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SiecleError
from ..rules.context import CONTEXT_FILES, Context

if TYPE_CHECKING:
    from ..models.communs import Communs
    from ..models.nomenclature import Nomenclature
    from ..models.structures import Structures

__all__ = [
    "DoctorContext",
    "Exclusion",
    "ExportFile",
    "communs_of",
    "exports_of",
    "nomenclature_of",
    "parse_stamp",
    "probe",
    "structures_of",
    "today_of",
]


class Exclusion:
    """Why a file given is not used (values of :attr:`ExportFile.excluded`)."""

    UNREADABLE = "illisible"
    OTHER_SCHOOL = "etablissement"
    OTHER_YEAR = "annee"
    OLDER = "doublon"
    OTHER_KIND = "type"


@dataclass(frozen=True)
class ExportFile:
    """One file given to ``siecle doctor``, as its header describes it."""

    path: Path
    #: format name (``nomenclature``...); ``None`` when the file could not be read
    kind: str | None = None
    #: French name of the format
    title: str = "fichier illisible"
    uai: str | None = None
    school_year: str | None = None
    #: ``HORODATAGE`` (else ``DATE_EXPORT`` at midnight)
    exported: dt.datetime | None = None
    version: str | None = None
    #: why the file cannot be read (French message)
    error: str | None = None
    #: why the file is not used (an :class:`Exclusion` value), ``None`` when it is
    excluded: str | None = None
    #: the file of the same kind used instead (when ``excluded`` is ``doublon``)
    replaced_by: Path | None = None

    @property
    def used(self) -> bool:
        """Whether the file is part of the context."""
        return self.excluded is None

    @property
    def name(self) -> str:
        """The file name, without its folder."""
        return self.path.name


def parse_stamp(parameters: dict[str, str]) -> dt.datetime | None:
    """The export time of a header: ``HORODATAGE``, else ``DATE_EXPORT`` (``None``: neither)."""
    stamp = (parameters.get("HORODATAGE") or "").strip()
    for text, pattern in ((stamp, "%d/%m/%Y %H:%M:%S"), (stamp[:10], "%d/%m/%Y")):
        try:
            return dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
    try:
        return dt.datetime.strptime((parameters.get("DATE_EXPORT") or "").strip(), "%d/%m/%Y")
    except ValueError:
        return None


def probe(path: Path) -> ExportFile:
    """Read ``path`` to its end and describe it by its header (kind, UAI, year, export time): a
    damaged file is unreadable whatever its header says. Never raises for bad input."""
    from ..identifiers import school_problem
    from ..io.reader import open_document

    try:
        with open_document(path) as doc:
            parameters = doc.parameters
            doc.drain()
            found = ExportFile(
                path=path,
                kind=doc.kind,
                title=doc.format.title,
                uai=(doc.uai or "").strip() or None,
                school_year=(doc.school_year or "").strip() or None,
                exported=parse_stamp(parameters),
                version=doc.version,
            )
        problem = school_problem(found.uai, found.school_year)
        if problem is not None and found.kind in CONTEXT_FILES:
            return replace(
                found,
                error=f"{path.name} : {problem} ; cet export ne dit pas de quel établissement ou "
                "de quelle année il vient.",
                excluded=Exclusion.UNREADABLE,
            )
        return found
    except SiecleError as exc:
        return ExportFile(path=path, error=exc.message, excluded=Exclusion.UNREADABLE)
    except OSError as exc:
        return ExportFile(
            path=path,
            error=f"Le fichier {path} ne peut pas être lu ({exc.strerror or exc}).",
            excluded=Exclusion.UNREADABLE,
        )


@dataclass
class DoctorContext(Context):
    """A pre-check context plus what the readiness checks need."""

    #: date the open school years are judged from
    today: dt.date = field(default_factory=dt.date.today)
    #: every file given, used or not, in a stable order
    exports: list[ExportFile] = field(default_factory=list)
    #: exports loaded whole, by name (filled on first use)
    loaded: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def wrap(cls, ctx: Context, today: dt.date, exports: list[ExportFile]) -> DoctorContext:
        """The same context as ``ctx``, with today's date and the files given."""
        values = {f.name: getattr(ctx, f.name) for f in fields(Context)}
        return cls(**values, today=today, exports=exports)


def exports_of(ctx: Context) -> list[ExportFile]:
    """Every file given (a plain context: its context files, all used)."""
    if isinstance(ctx, DoctorContext):
        return ctx.exports
    return [probe(path) for path in ctx.files.values()]


def today_of(ctx: Context) -> dt.date:
    """The date the checks are made at."""
    return ctx.today if isinstance(ctx, DoctorContext) else dt.date.today()


def _load(ctx: Context, name: str) -> Any:
    path = ctx.files.get(name)
    if path is None:
        return None
    if isinstance(ctx, DoctorContext) and name in ctx.loaded:
        return ctx.loaded[name]
    if name == "communs":
        from ..models.communs import Communs

        value: Any = Communs.load(path)
    elif name == "nomenclature":
        from ..models.nomenclature import Nomenclature

        value = Nomenclature.load(path)
    else:
        from ..models.structures import Structures

        value = Structures.load(path)
    if isinstance(ctx, DoctorContext):
        ctx.loaded[name] = value
    return value


def communs_of(ctx: Context) -> Communs | None:
    """The whole Communs export of the context (``None``: not given)."""
    value: Communs | None = _load(ctx, "communs")
    return value


def nomenclature_of(ctx: Context) -> Nomenclature | None:
    """The whole Nomenclature export of the context (``None``: not given)."""
    value: Nomenclature | None = _load(ctx, "nomenclature")
    return value


def structures_of(ctx: Context) -> Structures | None:
    """The whole Structures export of the context (``None``: not given)."""
    value: Structures | None = _load(ctx, "structures")
    return value
