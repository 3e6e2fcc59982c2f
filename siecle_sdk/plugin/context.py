"""What a command knows of the school besides the vendor's data, handed to adapters.

``push`` and ``pull`` may be given the school's Nomenclature, Communs and Structures exports.
Adapters receive them as a :class:`SchoolContext` (the ``context`` argument of
``siecle_read_school`` and of the write hooks), with what they need to turn their own labels into
SIECLE's codes: label↔code lookups over the code lists, the first and last day of the school year,
the defaults the takeover applies. Files are read on first use only, so an adapter that does not
look at the context costs nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import VendorDataError
from ..models.communs import Communs
from ..models.nomenclature import Nomenclature
from ..models.structures import Structures

__all__ = ["NATIONAL_LISTS", "TAKEOVER_DEFAULTS", "SchoolContext"]

#: code lists fixed nationally, used when no Nomenclature is given: code -> labels
NATIONAL_LISTS: dict[str, dict[str, tuple[str, ...]]] = {
    "CIVILITES": {"1": ("M.", "MONSIEUR"), "2": ("MME", "MADAME")},
    "SEXES": {"1": ("M", "MASCULIN"), "2": ("F", "FEMININ")},
    "LIENS_PARENTE": {
        "10": ("MERE",),
        "20": ("PERE",),
        "38": ("ASCENDANT",),
        "37": ("FRATRIE",),
        "39": ("AUTRE FAM.", "AUTRE MEMBRE DE LA FAMILLE"),
        "50": ("TUTEUR",),
        "70": ("ELEVE", "ELEVE LUI-MEME"),
        "51": ("ASE", "AIDE SOCIALE A L'ENFANCE"),
        "41": ("EDUCATEUR",),
        "42": ("ASS. FAMIL", "ASSISTANT FAMILIAL"),
        "90": ("AUTRE LIEN",),
    },
    "STATUTS_ELEVE": {
        "ST": ("SCOLAIRE",),
        "AP": ("APPRENTI",),
        "CQ": ("CONTRAT DE QUALIFICATION",),
        "FQ": ("STAGIAIRE DE LA FORMATION PROFESSIONNELLE",),
        "FC": ("FORMATION CONTINUE",),
    },
}

#: element path -> what the takeover from SIECLE's exports gives it when the exports lack it
TAKEOVER_DEFAULTS: dict[str, str] = {
    "ELEVE/ID_PRV_ELE": "next free id",
    "PERSONNE/ID_PRV_PER": "next free id",
    "ELEVE/ADHESION_TRANSPORT": "`false`",
    "ELEVE/DOUBLEMENT": "`false`",
    "ELEVE/BOURSES/NB_PART": "0 (noted)",
    "ELEVE/SCOLARITE_ACTIVE/CODE_STATUT": "`ST`",
    "ELEVE/SCOLARITE_ACTIVE/DATE_DEB_SCO": "first day of the year (Communs), else DATE_ENTREE, "
    "else 1 September",
    "ELEVE/RESPONSABLES_ELEVE/LEGAL/HEBERGE_ELEVE": "`false`",
    "ELEVE/RESPONSABLES_ELEVE/PERSONNE_EN_CHARGE/HEBERGE_ELEVE": "`false`",
    "PERSONNE/CODE_PROFESSION": "`99`",
    "PERSONNE/ENFANT_A_CHARGE": "1 for a legal representative",
    "ELEVE/ADRESSE/CODE_PAYS": "`100`",
    "PERSONNE/ADRESSE/CODE_PAYS": "`100`",
}


def _key(text: str) -> str:
    """A label compared without case, accents, punctuation or extra spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Z0-9]+", " ", plain.upper()).strip()


@dataclass
class SchoolContext:
    """The school's exports a command was given (each may be absent), read on first use.

    >>> ctx = SchoolContext(school_year="2019")
    >>> ctx.code("LIENS_PARENTE", "Mère"), ctx.label("CIVILITES", "2")
    ('10', 'MADAME')
    >>> ctx.first_day, ctx.last_day
    (datetime.date(2019, 9, 1), datetime.date(2020, 8, 31))
    """

    nomenclature_path: Path | None = None
    communs_path: Path | None = None
    structures_path: Path | None = None
    #: the school year (``2019`` for 2019-2020), when known without the exports
    school_year: str | None = None
    _tables: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict, repr=False)

    @cached_property
    def nomenclature(self) -> Nomenclature | None:
        """The Nomenclature export, if given."""
        path = self.nomenclature_path
        return Nomenclature.load(path) if path is not None else None

    @cached_property
    def communs(self) -> Communs | None:
        """The Communs export, if given."""
        path = self.communs_path
        return Communs.load(path) if path is not None else None

    @cached_property
    def structures(self) -> Structures | None:
        """The Structures export, if given."""
        path = self.structures_path
        return Structures.load(path) if path is not None else None

    # --- code lists -----------------------------------------------------------------------
    def codes(self, block: str) -> dict[str, tuple[str, ...]]:
        """Code -> labels of a list: a Nomenclature block (``REGIMES``, ``MOTIFS_SORTIE``,
        ``LIENS_PARENTE``, ``CIVILITES``, ``PROFESSIONS``, ``PROVENANCES``, ``BOURSES``,
        ``MODALITES_ELECTION``, ``STATUTS_ELEVE``…), ``MEFS``, ``MATIERES``, or ``DIVISIONS``
        (Structures). Without the export, the national lists of :data:`NATIONAL_LISTS`."""
        table = self._tables.get(block)
        if table is None:
            table = self._tables[block] = self._table(block)
        return table

    def _table(self, block: str) -> dict[str, tuple[str, ...]]:
        nomenclature = self.nomenclature
        if block == "DIVISIONS":
            structures = self.structures
            if structures is None:
                return {}
            return {d.code_structure: (d.label,) for d in structures.divisions if d.code_structure}
        if nomenclature is None:
            return dict(NATIONAL_LISTS.get(block, {}))
        if block == "MEFS":
            return {
                m.code_mef: tuple(x for x in (m.libelle_edition, m.libelle_long, m.formation) if x)
                for m in nomenclature.mefs
                if m.code_mef
            }
        if block == "MATIERES":
            return {
                m.code_matiere: tuple(
                    x
                    for x in (m.code_gestion, m.libelle_court, m.libelle_long, m.libelle_edition)
                    if x
                )
                for m in nomenclature.matieres
                if m.code_matiere
            }
        rows = nomenclature.code_list(block)
        if not rows:
            return dict(NATIONAL_LISTS.get(block, {}))
        return {
            code: tuple(x for x in (row.libelle_court, row.libelle_long) if x)
            for code, row in rows.items()
        }

    def label(self, block: str, code: str) -> str | None:
        """The long label of ``code`` in the list (else its short one), or ``None``."""
        labels = self.codes(block).get(code)
        return labels[-1] if labels else None

    def candidates(self, block: str, text: str) -> list[str]:
        """The codes ``text`` may designate: a code itself, or a label equal to it once case,
        accents and punctuation are ignored, else the labels that start with it."""
        table = self.codes(block)
        if text in table:
            return [text]
        wanted = _key(text)
        if not wanted:
            return []
        exact = [c for c, labels in table.items() if any(_key(x) == wanted for x in labels)]
        if exact:
            return exact
        return [c for c, labels in table.items() if any(_key(x).startswith(wanted) for x in labels)]

    def code(self, block: str, text: str) -> str | None:
        """The one code ``text`` designates in the list, or ``None`` (unknown or ambiguous)."""
        found = self.candidates(block, text)
        return found[0] if len(found) == 1 else None

    def require_code(self, block: str, text: str, record: str, element: str) -> str:
        """The code ``text`` designates, or :class:`VendorDataError` with a French message
        naming the record and the element (``élève ID_PRV_ELE=12 (…) : CODE_REGIME…``)."""
        found = self.candidates(block, text)
        if len(found) == 1:
            return found[0]
        if found:
            shown = ", ".join(f"{c} {self.label(block, c)}" for c in found[:6])
            raise VendorDataError(
                f"{record} : {element} « {text} » peut désigner plusieurs codes de la liste "
                f"{block} ({shown}) : précisez-le dans le logiciel."
            )
        where = "de la Nomenclature" if self.nomenclature is not None else "nationale"
        raise VendorDataError(
            f"{record} : {element} « {text} » n'est ni un code ni un libellé de la liste "
            f"{block} {where}."
        )

    # --- the school year -------------------------------------------------------------------
    def _year(self) -> int | None:
        year = self.school_year
        if not year and self.communs is not None:
            year = self.communs.parameters.get("ANNEE_SCOLAIRE")
        if not year and self.nomenclature is not None:
            year = self.nomenclature.school_year
        return int(year) if year and year.isdigit() else None

    @property
    def first_day(self) -> dt.date | None:
        """The pupils' first day (Communs), else 1 September of the school year."""
        communs = self.communs
        if communs is not None and communs.school_year_start is not None:
            return communs.school_year_start
        year = self._year()
        return dt.date(year, 9, 1) if year else None

    @property
    def last_day(self) -> dt.date | None:
        """The pupils' last day (Communs), else 31 August that ends the school year."""
        communs = self.communs
        if communs is not None and communs.school_year_end is not None:
            return communs.school_year_end
        year = self._year()
        return dt.date(year + 1, 8, 31) if year else None
