"""Records of the Communs export (``BEE_COMMUN``): the school, the school years, the periods.

In this export the ``UAJ``, ``ANNEE_SCOLAIRE`` and ``ANNEE_SCOLAIRE_AD`` blocks of ``DONNEES`` hold
leaf fields directly, so the reader yields each leaf as a record of its block; :class:`Communs`
gathers them back into one record per block.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar, TypeVar

from pydantic import BaseModel, Field

from ..errors import InvalidRecord
from ..io.nodes import Node
from ._base import Count, Date, Record

__all__ = ["AnneeScolaire", "Communs", "Etablissement", "FermetureCalendrier", "PeriodePedagogique"]


class Etablissement(Record):
    """``DONNEES/UAJ``: the exporting school (order of the children unconfirmed)."""

    TAG: ClassVar[str] = "UAJ"

    #: SIECLE's internal id of the school, not its UAI
    etab_uaj_id: str | None = Field(None, alias="ETAB_UAJ_ID")
    num_siren: str | None = Field(None, alias="NUM_SIREN")
    denom_princ: str | None = Field(None, alias="DENOM_PRINC")
    denom_compl: str | None = Field(None, alias="DENOM_COMPL")
    nom_resp: str | None = Field(None, alias="NOM_RESP")
    qual_resp: str | None = Field(None, alias="QUAL_RESP")
    ligne1_adresse: str | None = Field(None, alias="LIGNE1_ADRESSE")
    ligne2_adresse: str | None = Field(None, alias="LIGNE2_ADRESSE")
    ligne3_adresse: str | None = Field(None, alias="LIGNE3_ADRESSE")
    ligne4_adresse: str | None = Field(None, alias="LIGNE4_ADRESSE")
    boite_post: str | None = Field(None, alias="BOITE_POST")
    commune_etrangere: str | None = Field(None, alias="COMMUNE_ETRANGERE")
    telephone: str | None = Field(None, alias="TELEPHONE")
    telecopie: str | None = Field(None, alias="TELECOPIE")
    mel_1: str | None = Field(None, alias="MEL_1")
    mel_2: str | None = Field(None, alias="MEL_2")
    code_type_etab: str | None = Field(None, alias="CODE_TYPE_ETAB")
    secteur_code: str | None = Field(None, alias="SECTEUR_CODE")
    code_postal: str | None = Field(None, alias="CODE_POSTAL")
    code_commune_insee: str | None = Field(None, alias="CODE_COMMUNE_INSEE")
    code_pays: str | None = Field(None, alias="CODE_PAYS")
    libelle_postal: str | None = Field(None, alias="LIBELLE_POSTAL")


class AnneeScolaire(Record):
    """``DONNEES/ANNEE_SCOLAIRE`` (and ``ANNEE_SCOLAIRE_AD``, the previous year)."""

    TAG: ClassVar[str] = "ANNEE_SCOLAIRE"

    date_debut_eleve: Date | None = Field(None, alias="DATE_DEBUT_ELEVE")
    date_fin_eleve: Date | None = Field(None, alias="DATE_FIN_ELEVE")
    date_debut_prof: Date | None = Field(None, alias="DATE_DEBUT_PROF")
    date_fin_prof: Date | None = Field(None, alias="DATE_FIN_PROF")


class PeriodePedagogique(Record):
    """``PERIODES_PEDAGOGIQUES/PERIODE_PEDAGOGIQUE``: a term or semester."""

    TAG: ClassVar[str] = "PERIODE_PEDAGOGIQUE"

    #: written with a trailing space (``T1 ``), kept as is
    code_periode: str | None = Field(None, alias="CODE_PERIODE")
    date_debut: Date | None = Field(None, alias="DATE_DEBUT")
    date_fin: Date | None = Field(None, alias="DATE_FIN")
    ll_periode: str | None = Field(None, alias="LL_PERIODE")
    ll_orientation: str | None = Field(None, alias="LL_ORIENTATION")
    indice: Count | None = Field(None, alias="INDICE")
    code_type_periode: str | None = Field(None, alias="CODE_TYPE_PERIODE")

    @property
    def code(self) -> str | None:
        """The period code without its padding."""
        return self.code_periode.strip() if self.code_periode is not None else None


class FermetureCalendrier(Record):
    """A row of ``CALENDRIERS_FERMETURES`` (never observed: row name and order from the spec)."""

    TAG: ClassVar[str] = "CALENDRIER_FERMETURE"

    lc_motif: str | None = Field(None, alias="LC_MOTIF")
    ll_motif: str | None = Field(None, alias="LL_MOTIF")
    date_debut: Date | None = Field(None, alias="DATE_DEBUT")
    date_fin: Date | None = Field(None, alias="DATE_FIN")
    ll_fermeture: str | None = Field(None, alias="LL_FERMETURE")


M = TypeVar("M", bound=Record)

#: blocks whose children are the fields of a single record
LEAF_BLOCKS = frozenset({"UAJ", "ANNEE_SCOLAIRE", "ANNEE_SCOLAIRE_AD"})


def _gather(model: type[M], block: str, leaves: dict[str, list[Node]]) -> M:
    """One record made of the leaves the reader yielded for ``block``."""
    node: Node = {"tag": block, "children": leaves.get(block, [])}
    record: M = model.from_node(node)
    return record


class Communs(BaseModel):
    """A whole Communs export: the school, the current and previous years, the periods."""

    version: str | None = None
    #: ``PARAMETRES`` leaves (``UAJ``, ``ANNEE_SCOLAIRE``...)
    parameters: dict[str, str] = Field(default_factory=dict)
    #: ``None`` when the block is absent
    etablissement: Etablissement | None = None
    annee_scolaire: AnneeScolaire | None = None
    #: previous year; may be present but empty
    annee_scolaire_ad: AnneeScolaire | None = None
    periodes: list[PeriodePedagogique] = Field(default_factory=list)
    fermetures: list[FermetureCalendrier] = Field(default_factory=list)

    @classmethod
    def load(cls, path: str | Path) -> Communs:
        """Read a Communs export; raises ``UnusableInput`` for any other file."""
        from ..formats.communs import SPEC
        from ._loading import open_export

        result = cls()
        leaves: dict[str, list[Node]] = {}
        with open_export(path, SPEC) as doc:
            try:
                for block, node in doc.records():
                    if block in LEAF_BLOCKS:
                        leaves.setdefault(block, []).append(node)
                    elif block == "PERIODES_PEDAGOGIQUES":
                        result.periodes.append(PeriodePedagogique.from_node(node))
                    elif block == "CALENDRIERS_FERMETURES":
                        result.fermetures.append(FermetureCalendrier.from_node(node))
                seen = doc.blocks_seen
                if "UAJ" in seen:
                    result.etablissement = _gather(Etablissement, "UAJ", leaves)
                if "ANNEE_SCOLAIRE" in seen:
                    result.annee_scolaire = _gather(AnneeScolaire, "ANNEE_SCOLAIRE", leaves)
                if "ANNEE_SCOLAIRE_AD" in seen:
                    result.annee_scolaire_ad = _gather(AnneeScolaire, "ANNEE_SCOLAIRE_AD", leaves)
            except InvalidRecord as exc:
                raise InvalidRecord(f"{doc.info.display} : {exc.message}") from None
            result.version = doc.version
            result.parameters = doc.parameters
        return result

    @property
    def uai(self) -> str | None:
        """The exporting school's UAI (``PARAMETRES/UAJ``)."""
        return self.parameters.get("UAJ")

    @property
    def school_year_start(self) -> dt.date | None:
        """First day of the pupils' school year (``ANNEE_SCOLAIRE/DATE_DEBUT_ELEVE``)."""
        value = self.annee_scolaire.date_debut_eleve if self.annee_scolaire else None
        return value if isinstance(value, dt.date) else None

    @property
    def school_year_end(self) -> dt.date | None:
        """Last day of the pupils' school year (``ANNEE_SCOLAIRE/DATE_FIN_ELEVE``)."""
        value = self.annee_scolaire.date_fin_eleve if self.annee_scolaire else None
        return value if isinstance(value, dt.date) else None
