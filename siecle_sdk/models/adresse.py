"""The postal address row shared by the Élèves and Responsables exports (``ADRESSES/ADRESSE``)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from ._base import Record

__all__ = ["Adresse"]


class Adresse(Record):
    """``ADRESSE`` row, referenced by ``ELEVE/ADRESSE_ID`` and ``PERSONNE/ADRESSE_ID``."""

    TAG: ClassVar[str] = "ADRESSE"

    adresse_id: str | None = Field(None, alias="@ADRESSE_ID")
    ligne1_adresse: str | None = Field(None, alias="LIGNE1_ADRESSE")
    ligne2_adresse: str | None = Field(None, alias="LIGNE2_ADRESSE")
    ligne3_adresse: str | None = Field(None, alias="LIGNE3_ADRESSE")
    ligne4_adresse: str | None = Field(None, alias="LIGNE4_ADRESSE")
    boite_postale: str | None = Field(None, alias="BOITE_POSTALE")
    commune_etrangere: str | None = Field(None, alias="COMMUNE_ETRANGERE")
    code_postal: str | None = Field(None, alias="CODE_POSTAL")
    code_pays: str | None = Field(None, alias="CODE_PAYS")
    code_commune_insee: str | None = Field(None, alias="CODE_COMMUNE_INSEE")
    ll_pays: str | None = Field(None, alias="LL_PAYS")
    code_departement: str | None = Field(None, alias="CODE_DEPARTEMENT")
    libelle_postal: str | None = Field(None, alias="LIBELLE_POSTAL")

    @property
    def lines(self) -> list[str]:
        """The non-blank address lines, in order."""
        raw = (self.ligne1_adresse, self.ligne2_adresse, self.ligne3_adresse, self.ligne4_adresse)
        return [line for line in raw if line and line.strip()]
