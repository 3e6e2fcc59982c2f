"""Records of the Établissements export (``Etablissements.xml``, ``EtablissementsEleves.xml``).

No real file was examined: fields come from the SIECLE specification; the row name
``ETABLISSEMENT`` and ``CODE_RNE`` as its key attribute follow the exports' key convention.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from ._base import Date, Record

__all__ = ["EtablissementRef"]


class EtablissementRef(Record):
    """An establishment of the national directory (pupils' previous schools, for instance).

    Named apart from :class:`~.communs.Etablissement`, the exporting school of the Communs file.
    """

    TAG: ClassVar[str] = "ETABLISSEMENT"

    code_rne: str | None = Field(None, alias="@CODE_RNE")
    code_academie: str | None = Field(None, alias="CODE_ACADEMIE")
    code_nature: str | None = Field(None, alias="CODE_NATURE")
    code_type_etab: str | None = Field(None, alias="CODE_TYPE_ETAB")
    #: ``PU``, ``PR`` or ``**``
    code_secteur: str | None = Field(None, alias="CODE_SECTEUR")
    sigle: str | None = Field(None, alias="SIGLE")
    code_pays: str | None = Field(None, alias="CODE_PAYS")
    denom_princ: str | None = Field(None, alias="DENOM_PRINC")
    denom_compl: str | None = Field(None, alias="DENOM_COMPL")
    ministere: str | None = Field(None, alias="MINISTERE")
    ligne1_adresse: str | None = Field(None, alias="LIGNE1_ADRESSE")
    ligne2_adresse: str | None = Field(None, alias="LIGNE2_ADRESSE")
    ligne3_adresse: str | None = Field(None, alias="LIGNE3_ADRESSE")
    ligne4_adresse: str | None = Field(None, alias="LIGNE4_ADRESSE")
    boite_postale: str | None = Field(None, alias="BOITE_POSTALE")
    code_commune_insee: str | None = Field(None, alias="CODE_COMMUNE_INSEE")
    code_postal: str | None = Field(None, alias="CODE_POSTAL")
    commune_etrangere: str | None = Field(None, alias="COMMUNE_ETRANGERE")
    date_ouverture: Date | None = Field(None, alias="DATE_OUVERTURE")
    date_fermeture: Date | None = Field(None, alias="DATE_FERMETURE")
    mel: str | None = Field(None, alias="MEL")
    telephone: str | None = Field(None, alias="TELEPHONE")
