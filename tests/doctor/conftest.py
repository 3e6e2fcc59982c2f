"""A tiny, coherent school written as SIECLE exports, to break one thing at a time.

:class:`TinySchool` holds the few rows each export needs (two MEFs, two divisions, one group, a
calendar, four pupils); a test changes one field and writes the files with :meth:`TinySchool.write`.
The defaults give a checklist without ✗ (the pupil without INE is a ⚠).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar
from xml.sax.saxutils import escape

import pytest

from siecle_sdk.doctor.run import Checklist, run_doctor
from siecle_sdk.rules import Checkpoint

UAI = "0750680G"
YEAR = "2019"
#: a day when 2019-2020 is the current year
TODAY = dt.date(2019, 9, 10)
MEF_6 = "10010012110"
MEF_5 = "10110001110"


@dataclass
class Mef:
    code: str
    formation: str
    enrol: bool = True
    origin: bool = True
    compulsory: int = 0
    closing: str = "31/12/9999"


@dataclass
class Pupil:
    eleve_id: str
    nom: str
    prenom: str
    mef: str | None = MEF_6
    division: str | None = "6A"
    #: every INE of an export is a pupil's own: a pupil added by a test has none by default
    ine: str | None = None
    sortie: str | None = None
    motif: str | None = None
    #: matières of the pupil's options (modalité O)
    options: tuple[str, ...] = ()


def _default_pupils() -> list[Pupil]:
    return [
        Pupil("1001", "MARTIN", "Léa", ine="070832327JA"),
        Pupil("1002", "DURAND", "Hugo", MEF_5, "5A", ine="070832328KA"),
        Pupil("1003", "PETIT", "Inès", ine=None),
        Pupil(
            "1004", "ROUX", "Noé", MEF_5, "5A", ine="070832329LA", sortie="03/09/2019", motif="11"
        ),
    ]


@dataclass
class TinySchool:
    """Every export of a small school; change a field, then :meth:`write`."""

    uai: str = UAI
    year: str = YEAR
    stamp: str = "05/09/2019 10:00:00"
    #: per-export overrides of ``(uai, year, stamp)``
    headers: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    mefs: list[Mef] = field(
        default_factory=lambda: [Mef(MEF_6, "6EME", compulsory=1), Mef(MEF_5, "5G")]
    )
    matieres: list[str] = field(default_factory=lambda: ["030201", "020300", "061300"])
    #: (MEF, matière, modalité)
    programmes: list[tuple[str, str, str]] = field(
        default_factory=lambda: [
            (MEF_6, "061300", "S"),
            (MEF_6, "030201", "O"),
            (MEF_6, "020300", "F"),
            (MEF_5, "061300", "S"),
        ]
    )
    #: (MEF, matière, rang)
    options: list[tuple[str, str, int]] = field(default_factory=lambda: [(MEF_6, "030201", 1)])
    divisions: dict[str, list[str]] = field(default_factory=lambda: {"6A": [MEF_6], "5A": [MEF_5]})
    #: group -> (MEFs, divisions)
    groups: dict[str, tuple[list[str], list[str]]] = field(
        default_factory=lambda: {"LAT6": ([MEF_6], ["6A"])}
    )
    #: UAJ leaves of Communs (``None``: no UAJ block)
    school: dict[str, str] | None = field(
        default_factory=lambda: {
            "DENOM_PRINC": "COLLEGE",
            "DENOM_COMPL": "SAINTE-MARIE",
            "NOM_RESP": "M. DUPONT",
            "QUAL_RESP": "DIRECTEUR",
            "LIGNE1_ADRESSE": "1 RUE DE L'ECOLE",
            "CODE_POSTAL": "75012",
            "TELEPHONE": "01 23 45 67 89",
        }
    )
    #: ANNEE_SCOLAIRE leaves (``None``: no block)
    calendar: dict[str, str] | None = field(
        default_factory=lambda: {
            "DATE_DEBUT_ELEVE": "02/09/2019",
            "DATE_FIN_ELEVE": "04/07/2020",
            "DATE_DEBUT_PROF": "01/09/2019",
            "DATE_FIN_PROF": "04/07/2020",
        }
    )
    #: (code, start, end, type)
    periods: list[tuple[str, str, str, str]] = field(
        default_factory=lambda: [
            ("T1 ", "02/09/2019", "30/11/2019", "T"),
            ("T2 ", "01/12/2019", "08/03/2020", "T"),
            ("T3 ", "09/03/2020", "04/07/2020", "T"),
        ]
    )
    pupils: list[Pupil] = field(default_factory=_default_pupils)

    # --- XML ------------------------------------------------------------------------------
    def _document(self, kind: str, root: str, version: str, data: str) -> str:
        uai, year, stamp = self.headers.get(kind, (self.uai, self.year, self.stamp))
        return (
            '<?xml version="1.0" encoding="ISO-8859-15"?>\n'
            f'<{root} VERSION="{version}">\n'
            f"  <PARAMETRES><UAJ>{uai}</UAJ><ANNEE_SCOLAIRE>{year}</ANNEE_SCOLAIRE>"
            f"<DATE_EXPORT>{stamp[:10]}</DATE_EXPORT><HORODATAGE>{stamp}</HORODATAGE>"
            "</PARAMETRES>\n"
            f"  <DONNEES>\n{data}  </DONNEES>\n</{root}>\n"
        )

    def nomenclature(self) -> str:
        mefs = "".join(
            f'<MEF CODE_MEF="{m.code}"><FORMATION>{m.formation}</FORMATION>'
            f"<LIBELLE_LONG>{m.formation}</LIBELLE_LONG><NB_OPT_OBLIG>{m.compulsory}</NB_OPT_OBLIG>"
            f"<INSCRIPTION_ETAB>{int(m.enrol)}</INSCRIPTION_ETAB>"
            f"<MEF_ORIGINE>{int(m.origin)}</MEF_ORIGINE>"
            f"<MEF_SELECTIONNE>{int(m.enrol)}</MEF_SELECTIONNE>"
            f"<MEF_SELORIG>{int(m.origin)}</MEF_SELORIG>"
            f"<DATE_OUVERTURE>01/09/2010</DATE_OUVERTURE>"
            f"<DATE_FERMETURE>{m.closing}</DATE_FERMETURE></MEF>"
            for m in self.mefs
        )
        matieres = "".join(
            f'<MATIERE CODE_MATIERE="{code}"><LIBELLE_LONG>MATIERE {code}</LIBELLE_LONG>'
            "<MATIERE_ETP>0</MATIERE_ETP></MATIERE>"
            for code in self.matieres
        )
        programmes = "".join(
            f"<PROGRAMME><CODE_MEF>{mef}</CODE_MEF><CODE_MATIERE>{matiere}</CODE_MATIERE>"
            f"<CODE_MODALITE_ELECT>{modalite}</CODE_MODALITE_ELECT><HORAIRE>1.00</HORAIRE>"
            "</PROGRAMME>"
            for mef, matiere, modalite in self.programmes
        )
        options = "".join(
            f"<OPTION_OBLIGATOIRE><CODE_MEF>{mef}</CODE_MEF><CODE_MATIERE>{matiere}</CODE_MATIERE>"
            f"<RANG_OPTION>{rank}</RANG_OPTION></OPTION_OBLIGATOIRE>"
            for mef, matiere, rank in self.options
        )
        data = (
            f"    <MEFS>{mefs}</MEFS>\n    <MATIERES>{matieres}</MATIERES>\n"
            f"    <PROGRAMMES>{programmes}</PROGRAMMES>\n"
            f"    <OPTIONS_OBLIGATOIRES>{options}</OPTIONS_OBLIGATOIRES>\n"
            '    <MOTIFS_SORTIE><MOTIF_SORTIE CODE_MOTIF_SORTIE="11"><LIBELLE_COURT>PRIVE'
            "</LIBELLE_COURT></MOTIF_SORTIE></MOTIFS_SORTIE>\n"
        )
        return self._document("nomenclature", "BEE_NOMENCLATURES", "3.1", data)

    def structures(self) -> str:
        def mefs(codes: Iterable[str]) -> str:
            rows = "".join(
                f"<MEF_APPARTENANCE><CODE_MEF>{c}</CODE_MEF></MEF_APPARTENANCE>" for c in codes
            )
            return f"<MEFS_APPARTENANCE>{rows}</MEFS_APPARTENANCE>"

        divisions = "".join(
            f'<DIVISION CODE_STRUCTURE="{code}"><LIBELLE_LONG>{code}</LIBELLE_LONG>'
            f"<CODE_CONTRAT>3</CODE_CONTRAT><CODE_RNE>{self.uai}</CODE_RNE>{mefs(codes)}</DIVISION>"
            for code, codes in self.divisions.items()
        )
        groups = "".join(
            f'<GROUPE CODE_STRUCTURE="{code}"><LIBELLE_LONG>{code}</LIBELLE_LONG>'
            f"<CODE_RNE>{self.uai}</CODE_RNE>{mefs(codes)}<DIVISIONS_APPARTENANCE>"
            + "".join(
                f"<DIVISION_APPARTENANCE><CODE_STRUCTURE>{d}</CODE_STRUCTURE>"
                "</DIVISION_APPARTENANCE>"
                for d in divisions_of
            )
            + "</DIVISIONS_APPARTENANCE></GROUPE>"
            for code, (codes, divisions_of) in self.groups.items()
        )
        data = f"    <DIVISIONS>{divisions}</DIVISIONS>\n    <GROUPES>{groups}</GROUPES>\n"
        return self._document("structures", "BEE_STRUCTURES", "2.0", data)

    def communs(self) -> str:
        def leaves(values: dict[str, str]) -> str:
            return "".join(f"<{k}>{escape(v)}</{k}>" for k, v in values.items())

        data = ""
        if self.school is not None:
            data += f"    <UAJ><ETAB_UAJ_ID>123</ETAB_UAJ_ID>{leaves(self.school)}</UAJ>\n"
        if self.calendar is not None:
            data += f"    <ANNEE_SCOLAIRE>{leaves(self.calendar)}</ANNEE_SCOLAIRE>\n"
        periods = "".join(
            f"<PERIODE_PEDAGOGIQUE><CODE_PERIODE>{code}</CODE_PERIODE>"
            f"<DATE_DEBUT>{start}</DATE_DEBUT><DATE_FIN>{end}</DATE_FIN>"
            f"<LL_PERIODE>{code.strip()}</LL_PERIODE><INDICE>{i}</INDICE>"
            f"<CODE_TYPE_PERIODE>{kind}</CODE_TYPE_PERIODE></PERIODE_PEDAGOGIQUE>"
            for i, (code, start, end, kind) in enumerate(self.periods, start=1)
        )
        data += f"    <PERIODES_PEDAGOGIQUES>{periods}</PERIODES_PEDAGOGIQUES>\n"
        data += "    <CALENDRIERS_FERMETURES></CALENDRIERS_FERMETURES>\n"
        return self._document("communs", "BEE_COMMUN", "1.7", data)

    def eleves(self) -> str:
        rows, structures, options = [], [], []
        for p in self.pupils:
            if p.options:
                options.append(
                    f'<OPTION ELEVE_ID="{p.eleve_id}">'
                    + "".join(
                        f"<OPTIONS_ELEVE><NUM_OPTION>{n}</NUM_OPTION><CODE_MODALITE_ELECT>O"
                        f"</CODE_MODALITE_ELECT><CODE_MATIERE>{m}</CODE_MATIERE></OPTIONS_ELEVE>"
                        for n, m in enumerate(p.options, 1)
                    )
                    + "</OPTION>"
                )
            fields = [f"<ID_NATIONAL>{p.ine}</ID_NATIONAL>" if p.ine else ""]
            fields.append(f"<NOM_DE_FAMILLE>{escape(p.nom)}</NOM_DE_FAMILLE>")
            fields.append(f"<PRENOM>{escape(p.prenom)}</PRENOM><DATE_NAISS>01/02/2008</DATE_NAISS>")
            if p.sortie:
                fields.append(f"<DATE_SORTIE>{p.sortie}</DATE_SORTIE>")
            if p.motif:
                fields.append(f"<CODE_MOTIF_SORTIE>{p.motif}</CODE_MOTIF_SORTIE>")
            if p.mef:
                fields.append(f"<CODE_MEF>{p.mef}</CODE_MEF>")
            rows.append(f'<ELEVE ELEVE_ID="{p.eleve_id}">{"".join(fields)}</ELEVE>')
            if p.division:
                structures.append(
                    f'<STRUCTURES_ELEVE ELEVE_ID="{p.eleve_id}"><STRUCTURE><CODE_STRUCTURE>'
                    f"{p.division}</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE>"
                    "</STRUCTURE></STRUCTURES_ELEVE>"
                )
        data = (
            f"    <ELEVES>{''.join(rows)}</ELEVES>\n    <OPTIONS>{''.join(options)}</OPTIONS>\n"
            f"    <STRUCTURES>{''.join(structures)}</STRUCTURES>\n    <BOURSES></BOURSES>\n"
        )
        return self._document("eleves", "BEE_ELEVES", "3.0", data)

    # --- files ----------------------------------------------------------------------------
    NAMES: ClassVar[dict[str, str]] = {
        "nomenclature": "Nomenclature.xml",
        "structures": "Structures.xml",
        "communs": "Communs.xml",
        "eleves": "ElevesSansAdresses.xml",
    }

    def write(
        self,
        folder: Path,
        kinds: Iterable[str] = ("nomenclature", "structures", "communs", "eleves"),
    ) -> list[Path]:
        """Write the exports ``kinds`` into ``folder``; returns their paths."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for kind in kinds:
            path = folder / self.NAMES[kind]
            path.write_bytes(getattr(self, kind)().encode("iso8859-15"))
            paths.append(path)
        return paths


def line(checklist: Checklist, rule: str) -> Checkpoint:
    """The one line of ``rule`` in the checklist."""
    found = [c for c in checklist.checkpoints if c.rule == rule]
    assert len(found) == 1, [c for c in checklist.checkpoints]
    return found[0]


@pytest.fixture
def school() -> TinySchool:
    """A coherent tiny school, to be broken by the test."""
    return TinySchool()


@pytest.fixture
def diagnose(tmp_path: Path) -> Callable[..., Checklist]:
    """Write ``school``'s exports in a fresh folder and run the checklist on them."""
    counter = iter(range(1000))

    def run(
        school: TinySchool,
        kinds: Iterable[str] = ("nomenclature", "structures", "communs", "eleves"),
        today: dt.date = TODAY,
        extra: Iterable[Path] = (),
    ) -> Checklist:
        paths = school.write(tmp_path / f"run{next(counter)}", kinds)
        return run_doctor([*paths, *extra], today)

    return run
