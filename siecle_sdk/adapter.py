"""Everything an adapter author imports: one module, public and stable.

An adapter connects a vendor's software to the SIECLE exchange. It implements a few hooks, marked
with :data:`hookimpl`, and maps fields between its storage and the records of the import file;
the SDK does the rest (reading SIECLE's exports, matching, checking, the deposit zip, history).
A minimal adapter for a product that keeps its pupils in a JSON file of its own::

    from pathlib import Path
    from collections.abc import Sequence

    from siecle_sdk.adapter import (
        Eleve, IneReport, IneUpdate, School, WriteReport, apply_ine, hookimpl, merge_school,
    )

    @hookimpl
    def siecle_read_school(source: Path) -> School:
        return my_storage.load(source)          # persons and pupils as Personne / Eleve

    @hookimpl
    def siecle_write_school(target: Path, school: School) -> WriteReport:
        stored = my_storage.load(target) if target.exists() else None
        my_storage.save(target, merge_school(stored, school))   # atomic, see atomic_write
        return WriteReport({"eleves": len(school.pupils), "personnes": len(school.persons)})

    @hookimpl
    def siecle_write_ine(target: Path, updates: Sequence[IneUpdate]) -> IneReport:
        school = my_storage.load(target)
        pupils, report = apply_ine(list(school.pupils), updates)
        my_storage.save_pupils(target, pupils)
        return report

Declare it under the ``siecle_sdk`` entry-point group; ``siecle plugin new NAME`` writes such a
project, and :class:`siecle_sdk.testing.AdapterContract` checks it. A product written in another
language does not need an adapter: it writes the JSON document described by ``siecle schema``
(:func:`school_schema`) and uses the built-in adapter ``json``.

Only the names of ``__all__`` are public; everything else of the SDK may change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

from .errors import SiecleError, UnusableInput, VendorDataError
from .io.writer import atomic_write
from .models.import_eleves import (
    PARENTE_NEW_TO_OLD,
    PARENTE_OLD_TO_NEW,
    Adresse,
    Bourse,
    Eleve,
    EtablissementAnDernier,
    Lien,
    OptionEleve,
    Personne,
    ResponsablesEleve,
    ScolariteActive,
)
from .models.nomenclature import Nomenclature
from .models.structures import Structures
from .plugin.adapter import IneReport, IneUpdate, School, WriteReport
from .plugin.context import NATIONAL_LISTS, TAKEOVER_DEFAULTS, SchoolContext
from .plugin.merging import (
    INE_FIELDS,
    Matcher,
    apply_ine,
    ine_changes,
    match_ine,
    merge_records,
    merge_school,
)
from .plugin.neutral import read_school_json, record_from_json, record_to_json, write_school_json
from .plugin.neutral_schema import FORMAT as SCHOOL_FORMAT
from .plugin.neutral_schema import SCHEMA_ID as SCHOOL_SCHEMA_ID
from .plugin.neutral_schema import schema as school_schema
from .plugin.spec import PROJECT

if TYPE_CHECKING:
    from .models import Record

__all__ = [
    "INE_FIELDS",
    "NATIONAL_LISTS",
    "PARENTE_NEW_TO_OLD",
    "PARENTE_OLD_TO_NEW",
    "SCHOOL_FORMAT",
    "SCHOOL_SCHEMA_ID",
    "TAKEOVER_DEFAULTS",
    "Adresse",
    "Bourse",
    "Eleve",
    "EtablissementAnDernier",
    "IneReport",
    "IneUpdate",
    "Lien",
    "Matcher",
    "Nomenclature",
    "OptionEleve",
    "Personne",
    "ResponsablesEleve",
    "School",
    "SchoolContext",
    "ScolariteActive",
    "SiecleError",
    "Structures",
    "UnusableInput",
    "VendorDataError",
    "WriteReport",
    "apply_ine",
    "atomic_write",
    "hookimpl",
    "ine_changes",
    "match_ine",
    "merge_records",
    "merge_school",
    "read_school_json",
    "record_from_json",
    "record_problems",
    "record_to_json",
    "school_schema",
    "write_school_json",
]

#: marks a function as the implementation of a hook (``@hookimpl``)
hookimpl = pluggy.HookimplMarker(PROJECT)


def record_problems(record: Record) -> list[str]:
    """What the SDK would refuse in ``record``, in French, each naming the element: a flag that
    is not a ``bool``, a date that is not a ``datetime.date``, a mandatory value missing…

    Empty for a record built with the model's constructor or ``model_validate``. Useful in an
    adapter's own tests, or to report all faulty records at once before returning them:

    >>> from datetime import date
    >>> pupil = Eleve.model_construct(id_prv_ele="7", nom_de_famille="MARTIN", prenom="Léa",
    ...     date_naiss=date(2011, 5, 2), code_pays="100", adhesion_transport="non",
    ...     code_regime="2", doublement=False)
    >>> record_problems(pupil)
    ["ADHESION_TRANSPORT : 'non' (str) au lieu d'un booléen (True ou False)"]
    """
    return [f"{where} : {problem}" for where, problem in record.value_problems()]
