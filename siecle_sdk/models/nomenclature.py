"""Records of the Nomenclature export (``BEE_NOMENCLATURES``, 2.0 and 3.1) and its container.

The nomenclature holds what the school profiled: MEFs, matières, the programme of each MEF, the
compulsory-option ranks, and the national code lists (régimes, liens de parenté, PCS...).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, Field

from ._base import Count, Date, Flag, Record

__all__ = [
    "Bourse",
    "Civilite",
    "CodeLabel",
    "Contrat",
    "LienParente",
    "Matiere",
    "Mef",
    "ModaliteCours",
    "ModaliteElection",
    "MotifSortie",
    "NiveauResponsabilite",
    "Nomenclature",
    "OptionObligatoire",
    "PcsSituation",
    "Profession",
    "Programme",
    "Provenance",
    "Regime",
    "SituationEmploi",
    "StatutEleve",
    "TypeEtablissement",
]


class Mef(Record):
    """``MEFS/MEF``: a module élémentaire de formation (a level and track pupils enrol in)."""

    TAG: ClassVar[str] = "MEF"

    code_mef: str | None = Field(None, alias="@CODE_MEF")
    formation: str | None = Field(None, alias="FORMATION")
    specialite: str | None = Field(None, alias="SPECIALITE")
    libelle_long: str | None = Field(None, alias="LIBELLE_LONG")
    libelle_edition: str | None = Field(None, alias="LIBELLE_EDITION")
    statut_mef: str | None = Field(None, alias="STATUT_MEF")
    mef_rattachement: str | None = Field(None, alias="MEF_RATTACHEMENT")
    code_mefstat: str | None = Field(None, alias="CODE_MEFSTAT")
    nb_opt_oblig: Count | None = Field(None, alias="NB_OPT_OBLIG")
    nb_opt_mini: Count | None = Field(None, alias="NB_OPT_MINI")
    renforcement_langues: Flag | None = Field(None, alias="RENFORCEMENT_LANGUES")
    inscription_etab: Flag | None = Field(None, alias="INSCRIPTION_ETAB")
    mef_origine: Flag | None = Field(None, alias="MEF_ORIGINE")
    mef_selectionne: Flag | None = Field(None, alias="MEF_SELECTIONNE")
    mef_selorig: Flag | None = Field(None, alias="MEF_SELORIG")
    date_ouverture: Date | None = Field(None, alias="DATE_OUVERTURE")
    date_fermeture: Date | None = Field(None, alias="DATE_FERMETURE")


class Matiere(Record):
    """``MATIERES/MATIERE``: a subject; its code may contain a letter (``020C00``)."""

    TAG: ClassVar[str] = "MATIERE"

    code_matiere: str | None = Field(None, alias="@CODE_MATIERE")
    code_gestion: str | None = Field(None, alias="CODE_GESTION")
    libelle_court: str | None = Field(None, alias="LIBELLE_COURT")
    libelle_long: str | None = Field(None, alias="LIBELLE_LONG")
    libelle_edition: str | None = Field(None, alias="LIBELLE_EDITION")
    matiere_etp: Flag | None = Field(None, alias="MATIERE_ETP")
    code_matiere_nationale: str | None = Field(None, alias="CODE_MATIERE_NATIONALE")


class Programme(Record):
    """``PROGRAMMES/PROGRAMME``: a matière taught in a MEF under an election modality."""

    TAG: ClassVar[str] = "PROGRAMME"

    code_mef: str | None = Field(None, alias="CODE_MEF")
    code_matiere: str | None = Field(None, alias="CODE_MATIERE")
    code_modalite_elect: str | None = Field(None, alias="CODE_MODALITE_ELECT")
    #: weekly hours, kept as written (``3.50``)
    horaire: str | None = Field(None, alias="HORAIRE")


class OptionObligatoire(Record):
    """``OPTIONS_OBLIGATOIRES/OPTION_OBLIGATOIRE``: a matière allowed at a rank of a MEF."""

    TAG: ClassVar[str] = "OPTION_OBLIGATOIRE"

    code_mef: str | None = Field(None, alias="CODE_MEF")
    code_matiere: str | None = Field(None, alias="CODE_MATIERE")
    rang_option: Count | None = Field(None, alias="RANG_OPTION")


class CodeLabel(Record):
    """A row of a national code list: a key attribute and short and long labels.

    ``KEY`` names the field holding the code, so that every list can be indexed the same way.
    """

    KEY: ClassVar[str] = ""

    libelle_court: str | None = Field(None, alias="LIBELLE_COURT")
    libelle_long: str | None = Field(None, alias="LIBELLE_LONG")

    @property
    def code(self) -> str | None:
        """The row's code, whatever its element name."""
        value: str | None = getattr(self, self.KEY)
        return value

    @property
    def label(self) -> str | None:
        """The long label, else the short one."""
        return self.libelle_long or self.libelle_court


class ModaliteElection(CodeLabel):
    """``MODALITES_ELECTION/MODALITE_ELECTION`` (``S``, ``O``, ``F``...)."""

    TAG: ClassVar[str] = "MODALITE_ELECTION"
    KEY: ClassVar[str] = "code_modalite_elect"

    code_modalite_elect: str | None = Field(None, alias="@CODE_MODALITE_ELECT")


class Regime(CodeLabel):
    """``REGIMES/REGIME``: boarding régime."""

    TAG: ClassVar[str] = "REGIME"
    KEY: ClassVar[str] = "code_regime"

    code_regime: str | None = Field(None, alias="@CODE_REGIME")


class LienParente(CodeLabel):
    """``LIENS_PARENTE/LIEN_PARENTE``: 1-character code before 2018, 2 characters since."""

    TAG: ClassVar[str] = "LIEN_PARENTE"
    KEY: ClassVar[str] = "code_parente"

    code_parente: str | None = Field(None, alias="@CODE_PARENTE")
    libelle_edition: str | None = Field(None, alias="LIBELLE_EDITION")
    tri: Count | None = Field(None, alias="TRI")


class NiveauResponsabilite(CodeLabel):
    """``NIVEAUX_RESPONSABILITE/N_NIVEAU_RESPONSABILITE`` (3.1): 1 légal, 2 en charge, 3 contact."""

    TAG: ClassVar[str] = "N_NIVEAU_RESPONSABILITE"
    KEY: ClassVar[str] = "niveau_responsabilite"

    niveau_responsabilite: str | None = Field(None, alias="@NIVEAU_RESPONSABILITE")
    libelle_edition: str | None = Field(None, alias="LIBELLE_EDITION")


class Bourse(CodeLabel):
    """``BOURSES/BOURSE``: kind of grant."""

    TAG: ClassVar[str] = "BOURSE"
    KEY: ClassVar[str] = "code_bourse"

    code_bourse: str | None = Field(None, alias="@CODE_BOURSE")
    bourse_nationale: Flag | None = Field(None, alias="BOURSE_NATIONALE")


class Profession(CodeLabel):
    """``PROFESSIONS/PROFESSION``: a PCS; labels are ``LIBELLE_*_PCS`` in 3.1, plain before."""

    TAG: ClassVar[str] = "PROFESSION"
    KEY: ClassVar[str] = "code_profession"

    code_profession: str | None = Field(None, alias="@CODE_PROFESSION")
    libelle_court_pcs: str | None = Field(None, alias="LIBELLE_COURT_PCS")
    libelle_long_pcs: str | None = Field(None, alias="LIBELLE_LONG_PCS")

    @property
    def label(self) -> str | None:
        """The long label of either generation, else a short one."""
        return (
            self.libelle_long_pcs
            or self.libelle_long
            or self.libelle_court_pcs
            or self.libelle_court
        )


class Provenance(CodeLabel):
    """``PROVENANCES/PROVENANCE``: where a pupil comes from."""

    TAG: ClassVar[str] = "PROVENANCE"
    KEY: ClassVar[str] = "code_provenance"

    code_provenance: str | None = Field(None, alias="@CODE_PROVENANCE")


class MotifSortie(CodeLabel):
    """``MOTIFS_SORTIE/MOTIF_SORTIE``: why a pupil left."""

    TAG: ClassVar[str] = "MOTIF_SORTIE"
    KEY: ClassVar[str] = "code_motif_sortie"

    code_motif_sortie: str | None = Field(None, alias="@CODE_MOTIF_SORTIE")


class StatutEleve(CodeLabel):
    """``STATUTS_ELEVE/STATUT_ELEVE`` (``ST`` scolaire, ``AP`` apprenti...)."""

    TAG: ClassVar[str] = "STATUT_ELEVE"
    KEY: ClassVar[str] = "code_statut"

    code_statut: str | None = Field(None, alias="@CODE_STATUT")


class Contrat(CodeLabel):
    """``CONTRATS/CONTRAT``: private schools' contract with the State."""

    TAG: ClassVar[str] = "CONTRAT"
    KEY: ClassVar[str] = "code_contrat"

    code_contrat: str | None = Field(None, alias="@CODE_CONTRAT")


class TypeEtablissement(CodeLabel):
    """``TYPES_ETABLISSEMENT/TYPE_ETABLISSEMENT``."""

    TAG: ClassVar[str] = "TYPE_ETABLISSEMENT"
    KEY: ClassVar[str] = "code_type_etab"

    code_type_etab: str | None = Field(None, alias="@CODE_TYPE_ETAB")


class Civilite(CodeLabel):
    """``CIVILITES/CIVILITE``."""

    TAG: ClassVar[str] = "CIVILITE"
    KEY: ClassVar[str] = "code_civilite"

    code_civilite: str | None = Field(None, alias="@CODE_CIVILITE")


class ModaliteCours(CodeLabel):
    """``MODALITES_COURS/MODALITE_COURS``."""

    TAG: ClassVar[str] = "MODALITE_COURS"
    KEY: ClassVar[str] = "code_modalite_cours"

    code_modalite_cours: str | None = Field(None, alias="@CODE_MODALITE_COURS")
    co_enseignement: Flag | None = Field(None, alias="CO_ENSEIGNEMENT")


class SituationEmploi(CodeLabel):
    """``SITUATIONS_EMPLOI/SITUATION_EMPLOI`` (2.0 files only)."""

    TAG: ClassVar[str] = "SITUATION_EMPLOI"
    KEY: ClassVar[str] = "code_situation"

    code_situation: str | None = Field(None, alias="@CODE_SITUATION")
    trans_situation: str | None = Field(None, alias="TRANS_SITUATION")


class PcsSituation(Record):
    """``PCS_SITUATIONS_EMPLOI/PCS_SITUATION`` (2.0 files only): a PCS allowed for a situation."""

    TAG: ClassVar[str] = "PCS_SITUATION"

    code_profession: str | None = Field(None, alias="CODE_PROFESSION")
    code_situation: str | None = Field(None, alias="CODE_SITUATION")


#: block tag inside ``DONNEES`` -> model of its rows, in the order of the files
BLOCKS: dict[str, type[Record]] = {
    "MEFS": Mef,
    "MATIERES": Matiere,
    "PROGRAMMES": Programme,
    "OPTIONS_OBLIGATOIRES": OptionObligatoire,
    "MODALITES_ELECTION": ModaliteElection,
    "REGIMES": Regime,
    "LIENS_PARENTE": LienParente,
    "NIVEAUX_RESPONSABILITE": NiveauResponsabilite,
    "BOURSES": Bourse,
    "PROFESSIONS": Profession,
    "SITUATIONS_EMPLOI": SituationEmploi,
    "PCS_SITUATIONS_EMPLOI": PcsSituation,
    "PROVENANCES": Provenance,
    "MOTIFS_SORTIE": MotifSortie,
    "STATUTS_ELEVE": StatutEleve,
    "CONTRATS": Contrat,
    "TYPES_ETABLISSEMENT": TypeEtablissement,
    "CIVILITES": Civilite,
    "MODALITES_COURS": ModaliteCours,
}

#: blocks kept in their own list rather than in ``Nomenclature.codes``
_MAIN_BLOCKS = frozenset({"MEFS", "MATIERES", "PROGRAMMES", "OPTIONS_OBLIGATOIRES"})


class Nomenclature(BaseModel):
    """A whole Nomenclature export, loaded in memory (0.3 MB for a lycée)."""

    #: the root's ``VERSION``
    version: str | None = None
    #: ``PARAMETRES`` leaves (``UAJ``, ``ANNEE_SCOLAIRE``, ``DATE_EXPORT``, ``HORODATAGE``)
    parameters: dict[str, str] = Field(default_factory=dict)
    mefs: list[Mef] = Field(default_factory=list)
    matieres: list[Matiere] = Field(default_factory=list)
    programmes: list[Programme] = Field(default_factory=list)
    options_obligatoires: list[OptionObligatoire] = Field(default_factory=list)
    #: every other block present in the file (``REGIMES``, ``LIENS_PARENTE``...) -> its rows
    codes: dict[str, list[Record]] = Field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path) -> Nomenclature:
        """Read a Nomenclature export; raises ``UnusableInput`` for any other file."""
        from ..formats.nomenclature import SPEC
        from ._loading import open_export

        result = cls()
        with open_export(path, SPEC) as doc:
            for block, record in doc.typed():
                if isinstance(record, Mef):
                    result.mefs.append(record)
                elif isinstance(record, Matiere):
                    result.matieres.append(record)
                elif isinstance(record, Programme):
                    result.programmes.append(record)
                elif isinstance(record, OptionObligatoire):
                    result.options_obligatoires.append(record)
                else:
                    result.codes.setdefault(block, []).append(record)
            for block in doc.blocks_seen:
                if block in BLOCKS and block not in _MAIN_BLOCKS:
                    result.codes.setdefault(block, [])
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

    def mef(self, code: str) -> Mef | None:
        """The MEF of that code, if profiled."""
        return next((m for m in self.mefs if m.code_mef == code), None)

    def matiere(self, code: str) -> Matiere | None:
        """The matière of that code, if profiled."""
        return next((m for m in self.matieres if m.code_matiere == code), None)

    def code_list(self, block: str) -> dict[str, CodeLabel]:
        """A code list (``REGIMES``, ``LIENS_PARENTE``...) indexed by code."""
        index: dict[str, CodeLabel] = {}
        for row in self.codes.get(block, []):
            if isinstance(row, CodeLabel) and row.code is not None:
                index[row.code] = row
        return index
