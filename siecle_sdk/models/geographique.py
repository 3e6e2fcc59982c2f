"""Records of the Géographique export: countries, départements, communes.

No real file was examined: field names come from the SIECLE specification, the row names
``PAYS_NATIONALITE`` and ``COMMUNE`` (with their key as attribute) from code reading real files,
and the département row name ``DEPARTEMENT`` is a guess. Anything else lands in ``unknown``.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from ._base import Date, Record

__all__ = ["Commune", "Departement", "PaysNationalite"]


class PaysNationalite(Record):
    """A country (INSEE code: 100 France, 109 Allemagne...)."""

    TAG: ClassVar[str] = "PAYS_NATIONALITE"

    code_pays: str | None = Field(None, alias="@CODE_PAYS")
    libelle_court: str | None = Field(None, alias="LIBELLE_COURT")
    libelle_long: str | None = Field(None, alias="LIBELLE_LONG")
    date_ouverture: Date | None = Field(None, alias="DATE_OUVERTURE")
    date_fermeture: Date | None = Field(None, alias="DATE_FERMETURE")


class Departement(Record):
    """A département of the académie, with its MEN and INSEE codes."""

    TAG: ClassVar[str] = "DEPARTEMENT"

    code_academie: str | None = Field(None, alias="CODE_ACADEMIE")
    code_departement_men: str | None = Field(None, alias="CODE_DEPARTEMENT_MEN")
    code_departement_insee: str | None = Field(None, alias="CODE_DEPARTEMENT_INSEE")
    libelle_long: str | None = Field(None, alias="LIBELLE_LONG")


class Commune(Record):
    """A commune (INSEE code, ``2A004`` for Corsica)."""

    TAG: ClassVar[str] = "COMMUNE"

    code_commune_insee: str | None = Field(None, alias="@CODE_COMMUNE_INSEE")
    code_departement_insee: str | None = Field(None, alias="CODE_DEPARTEMENT_INSEE")
    libelle_long: str | None = Field(None, alias="LIBELLE_LONG")
