"""Builders for the rule tests: a tiny IMPORT_ELEVES 3.1 file and tiny SIECLE exports.

The baseline (:func:`personne`, :func:`pere`, :func:`eleve`) is clean against every export of the
:class:`Kit`: each test changes one value and expects exactly the finding it causes.
School 0750680G, year 2019, with the real Nomenclature of that school and year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from siecle_sdk.exchange.import_writer import write_import
from siecle_sdk.models.import_eleves import (
    Adresse,
    Eleve,
    EtablissementAnDernier,
    Lien,
    OptionEleve,
    Parametres,
    Personne,
    ResponsablesEleve,
    ScolariteActive,
)
from siecle_sdk.rules import Consequence, Finding
from siecle_sdk.rules.builtin import siecle_rules
from siecle_sdk.rules.engine import Report, check_file

D = dt.date
SAMPLES = Path(__file__).parents[1] / "data" / "siecle-samples"
NOMENCLATURE = SAMPLES / "Nomenclature-0750680G-2019.xml"
UAI, YEAR = "0750680G", "2019"
#: 2nde générale et technologique: 2 compulsory options, open to enrolment in 2019
MEF = "20010018110"
#: a MEF d'origine of the school, closed to enrolment in 2019
MEF_ORIGINE = "20010015110"
#: SIECLE's id of the baseline pupil in the Élèves export
ELEVE_ID = "1234567"

STRUCTURES = """<?xml version="1.0" encoding="ISO-8859-15"?>
<BEE_STRUCTURES VERSION="2.0">
  <PARAMETRES><UAJ>0750680G</UAJ><ANNEE_SCOLAIRE>2019</ANNEE_SCOLAIRE></PARAMETRES>
  <DONNEES>
    <DIVISIONS>
      <DIVISION CODE_STRUCTURE="2NDE1">
        <LIBELLE_LONG>SECONDE 1</LIBELLE_LONG>
        <MEFS_APPARTENANCE>
          <MEF_APPARTENANCE><CODE_MEF>20010018110</CODE_MEF></MEF_APPARTENANCE>
        </MEFS_APPARTENANCE>
      </DIVISION>
      <DIVISION CODE_STRUCTURE="1G1">
        <LIBELLE_LONG>PREMIERE 1</LIBELLE_LONG>
        <MEFS_APPARTENANCE>
          <MEF_APPARTENANCE><CODE_MEF>20110019110</CODE_MEF></MEF_APPARTENANCE>
        </MEFS_APPARTENANCE>
      </DIVISION>
    </DIVISIONS>
    <GROUPES>
      <GROUPE CODE_STRUCTURE="GR1">
        <LIBELLE_LONG>LATIN</LIBELLE_LONG>
        <MEFS_APPARTENANCE>
          <MEF_APPARTENANCE><CODE_MEF>20010018110</CODE_MEF></MEF_APPARTENANCE>
        </MEFS_APPARTENANCE>
      </GROUPE>
    </GROUPES>
  </DONNEES>
</BEE_STRUCTURES>
"""

COMMUNS = """<?xml version="1.0" encoding="ISO-8859-15"?>
<BEE_COMMUN VERSION="1.7">
  <PARAMETRES><UAJ>0750680G</UAJ><ANNEE_SCOLAIRE>2019</ANNEE_SCOLAIRE></PARAMETRES>
  <DONNEES>
    <ANNEE_SCOLAIRE>
      <DATE_DEBUT_ELEVE>02/09/2019</DATE_DEBUT_ELEVE>
      <DATE_FIN_ELEVE>04/07/2020</DATE_FIN_ELEVE>
    </ANNEE_SCOLAIRE>
  </DONNEES>
</BEE_COMMUN>
"""

GEOGRAPHIQUE = """<?xml version="1.0" encoding="ISO-8859-15"?>
<BEE_GEOGRAPHIQUE VERSION="1.0">
  <PARAMETRES><UAJ>0750680G</UAJ><ANNEE_SCOLAIRE>2019</ANNEE_SCOLAIRE></PARAMETRES>
  <DONNEES>
    <PAYS>
      <PAYS_NATIONALITE CODE_PAYS="100"><LIBELLE_COURT>FRANCE</LIBELLE_COURT></PAYS_NATIONALITE>
      <PAYS_NATIONALITE CODE_PAYS="109"><LIBELLE_COURT>ALLEMAGNE</LIBELLE_COURT></PAYS_NATIONALITE>
      <PAYS_NATIONALITE CODE_PAYS="131"><LIBELLE_COURT>BELGIQUE</LIBELLE_COURT></PAYS_NATIONALITE>
    </PAYS>
    <DEPARTEMENTS>
      <DEPARTEMENT>
        <CODE_ACADEMIE>01</CODE_ACADEMIE>
        <CODE_DEPARTEMENT_MEN>075</CODE_DEPARTEMENT_MEN>
        <CODE_DEPARTEMENT_INSEE>75</CODE_DEPARTEMENT_INSEE>
      </DEPARTEMENT>
    </DEPARTEMENTS>
    <COMMUNES>
      <COMMUNE CODE_COMMUNE_INSEE="75112"><LIBELLE_LONG>PARIS 12E</LIBELLE_LONG></COMMUNE>
    </COMMUNES>
  </DONNEES>
</BEE_GEOGRAPHIQUE>
"""

ETABLISSEMENTS = """<?xml version="1.0" encoding="ISO-8859-15"?>
<BEE_ETABLISSEMENTS VERSION="1.0">
  <DONNEES>
    <ETABLISSEMENTS>
      <ETABLISSEMENT CODE_RNE="0752387M"><SIGLE>CLG</SIGLE></ETABLISSEMENT>
      <ETABLISSEMENT CODE_RNE="0140070A"><SIGLE>CLG</SIGLE></ETABLISSEMENT>
    </ETABLISSEMENTS>
  </DONNEES>
</BEE_ETABLISSEMENTS>
"""

ELEVES = """<?xml version="1.0" encoding="ISO-8859-15"?>
<BEE_ELEVES VERSION="3.0">
  <PARAMETRES><UAJ>0750680G</UAJ><ANNEE_SCOLAIRE>2019</ANNEE_SCOLAIRE></PARAMETRES>
  <DONNEES>
    <ELEVES>
      <ELEVE ELEVE_ID="1234567" ELENOET="42">
        <ID_PRV_ELE>1</ID_PRV_ELE>
        <NOM_DE_FAMILLE>DUPONT</NOM_DE_FAMILLE>
        <PRENOM>PAUL</PRENOM>
        <DATE_NAISS>06/05/2004</DATE_NAISS>
        <CODE_MEF>20010018110</CODE_MEF>
      </ELEVE>
    </ELEVES>
    <STRUCTURES>
      <STRUCTURES_ELEVE ELEVE_ID="1234567">
        <STRUCTURE><CODE_STRUCTURE>2NDE1</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>
      </STRUCTURES_ELEVE>
    </STRUCTURES>
  </DONNEES>
</BEE_ELEVES>
"""

#: context export name -> its text (the Nomenclature is the real sample file)
EXPORT_TEXTS = {
    "structures": STRUCTURES,
    "communs": COMMUNS,
    "geographique": GEOGRAPHIQUE,
    "etablissements": ETABLISSEMENTS,
    "eleves": ELEVES,
}


# --- the baseline records ---------------------------------------------------------------------


def personne(**changes: Any) -> Personne:
    """The mother (ID_PRV_PER 1), legal representative of the baseline pupil."""
    data: dict[str, Any] = {
        "id_prv_per": "1",
        "code_civilite": "2",
        "nom_de_famille": "DUPONT",
        "prenom": "Anne",
        "adresse": Adresse(
            ligne1_adresse="12 rue de la Paix",
            code_postal="75012",
            ll_postal="PARIS",
            code_pays="100",
        ),
        "communication_adresse": True,
        "code_profession": "33",
        "tel_portable": "0612345678",
        "enfant_a_charge": 2,
    }
    return Personne(**{**data, **changes})


def pere(**changes: Any) -> Personne:
    """The father (ID_PRV_PER 2, civility 1, no address, no phone), second legal representative."""
    data: dict[str, Any] = {
        "id_prv_per": "2",
        "code_civilite": "1",
        "prenom": "Marc",
        "adresse": None,
        "communication_adresse": False,
        "code_profession": "99",
        "tel_portable": None,
    }
    return personne(**{**data, **changes})


def lien(id_prv_per: str = "1", code_parente: str = "10") -> Lien:
    """A legal representative's link."""
    return Lien(id_prv_per=id_prv_per, code_parente=code_parente, heberge_eleve=True)


def option(matiere: str, modalite: str = "O") -> OptionEleve:
    """An option of the active schooling."""
    return OptionEleve(code_matiere=matiere, code_modalite_elect=modalite)


def scolarite(**changes: Any) -> ScolariteActive:
    """2nde GT in division 2NDE1 from 02/09/2019, English LV1 (rank 1) and Spanish LV2 (rank 2)."""
    data: dict[str, Any] = {
        "code_mef": MEF,
        "code_division": "2NDE1",
        "code_statut": "ST",
        "date_deb_sco": D(2019, 9, 2),
        "options": [option("030201"), option("030602")],
    }
    return ScolariteActive(**{**data, **changes})


def an_dernier(**changes: Any) -> EtablissementAnDernier:
    """Last year in a public school of the académie, in a MEF d'origine of the school."""
    data: dict[str, Any] = {
        "code_rne": "0752387M",
        "code_provenance": "1",
        "code_mef": MEF_ORIGINE,
        "options_an_dernier": [],
    }
    return EtablissementAnDernier(**{**data, **changes})


def eleve(**changes: Any) -> Eleve:
    """DUPONT Paul (ID_PRV_ELE 1), born in Paris 12e, no INE, legal representatives 1 and 2."""
    data: dict[str, Any] = {
        "id_prv_ele": "1",
        "nom_de_famille": "DUPONT",
        "prenom": "Paul",
        "code_pays_nat": "100",
        "date_naiss": D(2004, 5, 6),
        "code_sexe": "1",
        "code_pays": "100",
        "code_commune_insee_naiss": "75112",
        "adhesion_transport": False,
        "code_regime": "2",
        "doublement": False,
        "responsables_eleve": ResponsablesEleve(legal=[lien("1", "10"), lien("2", "20")]),
        "scolarite_active": scolarite(),
        "etablissement_an_dernier": an_dernier(),
    }
    return Eleve(**{**data, **changes})


def sortant(**changes: Any) -> Eleve:
    """The baseline pupil, left on 20/12/2019 for a private school of the académie."""
    return eleve(**{"code_motif_sortie": "11", "date_sortie": D(2019, 12, 20), **changes})


# --- running a check ------------------------------------------------------------------------


@dataclass
class Kit:
    """Writes import files and the context exports in a temporary folder, and checks them."""

    folder: Path
    exports: dict[str, Path] = field(default_factory=dict)

    def write(
        self,
        personnes: Iterable[Personne] | None = None,
        eleves: Iterable[Eleve] | None = None,
        *,
        version: str = "3.1",
        name: str = "import.xml",
    ) -> Path:
        """An import file of the baseline persons, and ``eleves`` (the baseline pupil)."""
        path = self.folder / name
        parametres = Parametres(
            uaj=UAI, annee_scolaire=YEAR, date_import=D(2019, 9, 5), num_envoi="1", logiciel="TEST"
        )
        write_import(
            path,
            parametres,
            list(personnes) if personnes is not None else [personne(), pere()],
            list(eleves) if eleves is not None else [eleve()],
            version=version,
        )
        return path

    def check(
        self,
        personnes: Iterable[Personne] | None = None,
        eleves: Iterable[Eleve] | None = None,
        *,
        without: Iterable[str] = (),
        path: Path | None = None,
        **files: Path,
    ) -> Report:
        """Check the file (written from the records unless ``path`` is given) with the SDK's
        business rules and every export but those ``without``; ``files`` replace exports
        (``nomenclature=other_path``)."""
        target = path if path is not None else self.write(personnes, eleves)
        context = {**self.exports, **files}
        for name in without:
            context.pop(name)
        report = check_file(target, context, rules=siecle_rules())
        assert report.deposit_errors == []
        return report

    def export(self, name: str, text: str) -> Path:
        """Write another export file (a tiny Nomenclature...)."""
        path = self.folder / name
        path.write_text(text, encoding="iso8859-15")
        return path


@pytest.fixture
def kit(tmp_path: Path) -> Kit:
    """A kit with every context export written in ``tmp_path``."""
    exports = {"nomenclature": NOMENCLATURE}
    for name, text in EXPORT_TEXTS.items():
        path = tmp_path / f"{name}.xml"
        path.write_text(text, encoding="iso8859-15")
        exports[name] = path
    return Kit(tmp_path, exports)


# --- assertions -----------------------------------------------------------------------------


def only(
    report: Report,
    code: str,
    *,
    section: int,
    consequence: Consequence,
    record: str = "eleve",
    private_id: str = "1",
    value: str | None = None,
) -> Finding:
    """The report holds exactly one finding, of ``code``, with these properties."""
    codes = [f.code for f in report.findings]
    assert codes == [code], [f"{f.code}: {f.message}" for f in report.findings]
    finding = report.findings[0]
    assert finding.section == section
    assert finding.consequence is consequence
    assert finding.record == record
    assert finding.private_id == private_id
    if value is not None:
        assert f"« {value} »" in finding.message, finding.message
    return finding


def codes(report: Report) -> list[str]:
    """Codes of every finding, in report order."""
    return [f.code for f in report.findings]


def silent(report: Report) -> None:
    """The report has no finding at all."""
    assert report.findings == [], [f"{f.code}: {f.message}" for f in report.findings]
