"""A careless adapter: records made without validation (``model_construct``, ``model_copy``).

``siecle_read_school`` returns a small valid synthetic school; with ``SIECLE_FAULT_RECORDS`` set
to ``careless``, five of its records carry what a careless adapter lets through: flags stored as
``"non"`` and ``"false"``, a date as text, a count as text, a mandatory value missing.
``siecle_write_school`` and ``siecle_write_ine`` write nothing and account for everything.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from siecle_sdk import hookimpl
from siecle_sdk.models.import_eleves import Eleve
from siecle_sdk.plugin.adapter import IneReport, IneUpdate, School, WriteReport
from siecle_sdk.testing import synthetic_school


@hookimpl
def siecle_read_school(source: Path) -> School:
    """The synthetic school, careless records included when asked."""
    school = synthetic_school(pupils=12, seed=4)
    pupils, persons = list(school.pupils), list(school.persons)
    if os.environ.get("SIECLE_FAULT_RECORDS") == "careless":
        pupils[0] = pupils[0].model_copy(update={"doublement": "non"})
        pupils[1] = pupils[1].model_copy(update={"adhesion_transport": "false"})
        values = {k: v for k, v in pupils[2].__dict__.items() if k != "code_regime"}
        pupils[2] = Eleve.model_construct(**values)
        pupils[3] = pupils[3].model_copy(update={"date_naiss": "2009-01-01"})
        persons[0] = persons[0].model_copy(update={"enfant_a_charge": "2"})
    return School(school.uai, school.school_year, persons, pupils, "NEGLIGENT")


@hookimpl
def siecle_write_school(target: Path, school: School) -> WriteReport:
    """Writes nothing, counts everything."""
    return WriteReport(counts={"eleves": len(school.pupils), "personnes": len(school.persons)})


@hookimpl
def siecle_write_ine(target: Path, updates: Sequence[IneUpdate]) -> IneReport:
    """Writes nothing, finds nobody."""
    return IneReport(not_found=[u.label for u in updates])
