"""The readiness checks shipped with the SDK, registered through the same hook as any rule."""

from __future__ import annotations

from collections.abc import Sequence

from .. import hookimpl
from ..rules import Rule


@hookimpl
def siecle_rules() -> Sequence[type[Rule]]:
    """Every readiness check of ``siecle doctor``, in the order of the checklist."""
    from . import communs, files, nomenclatures, pupils, structures

    return [
        files.Readable,
        files.SameSchool,
        files.SameYear,
        files.OpenYear,
        files.Provided,
        files.ExportDates,
        communs.Identity,
        communs.PupilDates,
        communs.TeacherDates,
        communs.Periods,
        nomenclatures.EnrolmentMefs,
        nomenclatures.OriginMefs,
        nomenclatures.OptionalSubjects,
        nomenclatures.Programmes,
        nomenclatures.CompulsoryOptions,
        nomenclatures.FineProfiling,
        structures.Divisions,
        structures.DivisionMefs,
        structures.DivisionMefsSelected,
        structures.UnusedMefs,
        structures.GroupDivisions,
        structures.CodeClash,
        pupils.ExportConsistency,
        pupils.PupilDivisions,
        pupils.PupilMefs,
        pupils.PupilsWithoutDivision,
        pupils.PupilsWithoutIne,
        pupils.LeaversWithoutMotive,
        pupils.OptionsProfiled,
    ]
