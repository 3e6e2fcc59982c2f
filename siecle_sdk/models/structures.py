"""Records of the Structures export (``BEE_STRUCTURES``): divisions, groups, and a container."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import BaseModel, Field

from ._base import Container, Record

__all__ = [
    "BaseStructure",
    "Division",
    "DivisionAppartenance",
    "Groupe",
    "MefAppartenance",
    "Structures",
]


class MefAppartenance(Record):
    """``MEF_APPARTENANCE``: a MEF a structure is attached to (checked by rule ACDIV)."""

    TAG: ClassVar[str] = "MEF_APPARTENANCE"

    code_mef: str | None = Field(None, alias="CODE_MEF")


class DivisionAppartenance(Record):
    """``DIVISION_APPARTENANCE``: a division a group belongs to."""

    TAG: ClassVar[str] = "DIVISION_APPARTENANCE"

    code_structure: str | None = Field(None, alias="CODE_STRUCTURE")


class BaseStructure(Record):
    """What divisions and groups share; the code may contain spaces, ``_`` or ``.``."""

    code_structure: str | None = Field(None, alias="@CODE_STRUCTURE")
    libelle_long: str | None = Field(None, alias="LIBELLE_LONG")
    #: private schools only: ``1`` hors contrat, ``3`` sous contrat d'association
    code_contrat: str | None = Field(None, alias="CODE_CONTRAT")
    code_rne: str | None = Field(None, alias="CODE_RNE")
    mefs_appartenance: Annotated[list[MefAppartenance], Container("MEF_APPARTENANCE")] | None = (
        Field(None, alias="MEFS_APPARTENANCE")
    )

    @property
    def mef_codes(self) -> list[str]:
        """Codes of the MEFs the structure is attached to."""
        return [m.code_mef for m in self.mefs_appartenance or () if m.code_mef]

    @property
    def label(self) -> str:
        """The long label, or the code when the label is empty."""
        return self.libelle_long or self.code_structure or ""


class Division(BaseStructure):
    """``DIVISIONS/DIVISION``: a class."""

    TAG: ClassVar[str] = "DIVISION"


class Groupe(BaseStructure):
    """``GROUPES/GROUPE``: a group, attached to MEFs and to the divisions it gathers."""

    TAG: ClassVar[str] = "GROUPE"

    divisions_appartenance: (
        Annotated[list[DivisionAppartenance], Container("DIVISION_APPARTENANCE")] | None
    ) = Field(None, alias="DIVISIONS_APPARTENANCE")

    @property
    def division_codes(self) -> list[str]:
        """Codes of the divisions the group belongs to."""
        return [d.code_structure for d in self.divisions_appartenance or () if d.code_structure]


class Structures(BaseModel):
    """A whole Structures export, loaded in memory."""

    version: str | None = None
    #: ``PARAMETRES`` leaves (``UAJ``, ``ANNEE_SCOLAIRE``...)
    parameters: dict[str, str] = Field(default_factory=dict)
    divisions: list[Division] = Field(default_factory=list)
    groupes: list[Groupe] = Field(default_factory=list)

    @classmethod
    def load(cls, path: str | Path) -> Structures:
        """Read a Structures export; raises ``UnusableInput`` for any other file."""
        from ..formats.structures import SPEC
        from ._loading import open_export

        result = cls()
        with open_export(path, SPEC) as doc:
            for _block, record in doc.typed():
                if isinstance(record, Groupe):
                    result.groupes.append(record)
                elif isinstance(record, Division):
                    result.divisions.append(record)
            result.version = doc.version
            result.parameters = doc.parameters
        return result

    @property
    def uai(self) -> str | None:
        """The exporting school's UAI (``PARAMETRES/UAJ``)."""
        return self.parameters.get("UAJ")

    @property
    def school_year(self) -> str | None:
        """The rentrée year of the export (``PARAMETRES/ANNEE_SCOLAIRE``)."""
        return self.parameters.get("ANNEE_SCOLAIRE")

    def division(self, code: str) -> Division | None:
        """The division of that code."""
        return next((d for d in self.divisions if d.code_structure == code), None)

    def groupe(self, code: str) -> Groupe | None:
        """The group of that code."""
        return next((g for g in self.groupes if g.code_structure == code), None)
