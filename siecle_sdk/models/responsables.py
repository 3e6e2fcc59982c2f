"""Records of the Responsables export (``BEE_RESPONSABLES``, both link generations).

Blocks: ``PERSONNES/PERSONNE``, ``RESPONSABLES/RESPONSABLE_ELEVE`` (the pupil–person links) and,
in the "avec adresses" variant, ``ADRESSES/ADRESSE`` (:class:`~.adresse.Adresse`).
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field

from ._base import Flag, Record, Spelling
from .adresse import Adresse

__all__ = ["PARENTE_1_TO_2", "Adresse", "Personne", "ResponsableEleve"]

#: legacy 1-character ``CODE_PARENTE`` -> 2-character code of the 2018 list (1 père -> 20 père)
PARENTE_1_TO_2: dict[str, str] = {
    "1": "20",
    "2": "10",
    "3": "50",
    "4": "39",
    "5": "51",
    "6": "90",
    "7": "70",
}

TrueFalse = Annotated[Flag | None, Spelling("truefalse")]


class Personne(Record):
    """``PERSONNES/PERSONNE``: a legal representative or contact person."""

    TAG: ClassVar[str] = "PERSONNE"

    personne_id: str | None = Field(None, alias="@PERSONNE_ID")
    #: the private software's id, echoed back (position in the row unconfirmed)
    id_prv_per: str | None = Field(None, alias="ID_PRV_PER")
    lc_civilite: str | None = Field(None, alias="LC_CIVILITE")
    ll_civilite: str | None = Field(None, alias="LL_CIVILITE")
    #: family name in files before summer 2016
    nom: str | None = Field(None, alias="NOM")
    nom_de_famille: str | None = Field(None, alias="NOM_DE_FAMILLE")
    nom_usage: str | None = Field(None, alias="NOM_USAGE")
    prenom: str | None = Field(None, alias="PRENOM")
    tel_personnel: str | None = Field(None, alias="TEL_PERSONNEL")
    tel_portable: str | None = Field(None, alias="TEL_PORTABLE")
    accepte_sms: Flag | None = Field(None, alias="ACCEPTE_SMS")
    tel_professionnel: str | None = Field(None, alias="TEL_PROFESSIONNEL")
    mel: str | None = Field(None, alias="MEL")
    communication_adresse: Flag | None = Field(None, alias="COMMUNICATION_ADRESSE")
    adresse_id: str | None = Field(None, alias="ADRESSE_ID")
    code_profession: str | None = Field(None, alias="CODE_PROFESSION")

    @property
    def family_name(self) -> str | None:
        """``NOM_DE_FAMILLE``, or the legacy ``NOM`` of files before 2016."""
        return self.nom_de_famille if self.nom_de_famille is not None else self.nom


class ResponsableEleve(Record):
    """``RESPONSABLES/RESPONSABLE_ELEVE``: a pupil–person link, 2016–2017 or 2018– fields.

    The old generation (VERSION 1.9, 1.10) writes ``RESP_LEGAL``, ``RESP_FINANCIER``,
    ``PERS_PAIEMENT``, ``PERS_CONTACT`` and a 1-character ``CODE_PARENTE``; the new one (2.1)
    writes ``NIVEAU_RESPONSABILITE``, ``PAIE_FRAIS_SCOLAIRES`` (0/1) and three true/false flags.
    """

    TAG: ClassVar[str] = "RESPONSABLE_ELEVE"

    eleve_id: str | None = Field(None, alias="ELEVE_ID")
    personne_id: str | None = Field(None, alias="PERSONNE_ID")
    #: old generation: ``1``/``2`` legal representatives, ``0`` other
    resp_legal: str | None = Field(None, alias="RESP_LEGAL")
    #: new generation: ``1`` légal, ``2`` en charge, ``3`` contact
    niveau_responsabilite: str | None = Field(None, alias="NIVEAU_RESPONSABILITE")
    code_parente: str | None = Field(None, alias="CODE_PARENTE")
    resp_financier: Flag | None = Field(None, alias="RESP_FINANCIER")
    pers_paiement: Flag | None = Field(None, alias="PERS_PAIEMENT")
    pers_contact: Flag | None = Field(None, alias="PERS_CONTACT")
    paie_frais_scolaires: Flag | None = Field(None, alias="PAIE_FRAIS_SCOLAIRES")
    percoit_les_aides: TrueFalse = Field(None, alias="PERCOIT_LES_AIDES")
    heberge_eleve: TrueFalse = Field(None, alias="HEBERGE_ELEVE")
    a_contacter_en_priorite: TrueFalse = Field(None, alias="A_CONTACTER_EN_PRIORITE")

    @property
    def level(self) -> int | None:
        """Responsibility level 1 (légal), 2 (en charge) or 3 (contact), from either generation.

        Old links: ``RESP_LEGAL`` 1 or 2 -> 1, 0 -> 3. ``None`` when neither field is usable.
        """
        niveau = (self.niveau_responsabilite or "").strip()
        if niveau in ("1", "2", "3"):
            return int(niveau)
        legal = (self.resp_legal or "").strip()
        if legal in ("1", "2"):
            return 1
        if legal == "0":
            return 3
        return None

    @property
    def parente_code_2(self) -> str | None:
        """``CODE_PARENTE`` in the 2-character list, a legacy 1-character code being mapped."""
        code = (self.code_parente or "").strip()
        if len(code) == 1:
            return PARENTE_1_TO_2.get(code)
        return code or None
