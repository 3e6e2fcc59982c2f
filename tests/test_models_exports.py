"""Record models and formats of the SIECLE generic exports, on the real samples and hand-made files.

Every record of every well-formed sample must be covered by its model (nothing in ``unknown``) and
be written back to exactly the node it was read from.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from siecle_sdk.errors import InvalidRecord, NotWellFormed, UnusableInput
from siecle_sdk.formats import FormatSpec, Probe
from siecle_sdk.formats import communs as communs_format
from siecle_sdk.formats import eleves as eleves_format
from siecle_sdk.formats import etablissements as etablissements_format
from siecle_sdk.formats import geographique as geographique_format
from siecle_sdk.formats import nomenclature as nomenclature_format
from siecle_sdk.formats import responsables as responsables_format
from siecle_sdk.formats import structures as structures_format
from siecle_sdk.io.reader import open_document
from siecle_sdk.models import Record
from siecle_sdk.models.adresse import Adresse
from siecle_sdk.models.communs import Communs, PeriodePedagogique
from siecle_sdk.models.eleves import BourseEleve, Eleve, OptionsEleve, StructuresEleve
from siecle_sdk.models.etablissements import EtablissementRef
from siecle_sdk.models.geographique import Commune, Departement, PaysNationalite
from siecle_sdk.models.nomenclature import (
    LienParente,
    Matiere,
    Mef,
    Nomenclature,
    PcsSituation,
    Profession,
    SituationEmploi,
)
from siecle_sdk.models.responsables import Personne, ResponsableEleve
from siecle_sdk.models.structures import Division, Groupe, Structures

from .conftest import MALFORMED, SAMPLES, sample_files

SPECS: list[FormatSpec] = [
    module.SPEC
    for module in (
        nomenclature_format,
        structures_format,
        communs_format,
        eleves_format,
        responsables_format,
        geographique_format,
        etablissements_format,
    )
]


def _samples() -> list[Path]:
    return sample_files()


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    text = '<?xml version="1.0" encoding="ISO-8859-15"?>\n' + body.strip() + "\n"
    path.write_bytes(text.encode("iso-8859-15"))
    return path


def _typed(path: Path) -> list[tuple[str, Any]]:
    with open_document(path, formats=SPECS) as doc:
        return list(doc.typed())


def _unknowns(model: Record) -> list[Any]:
    """``unknown`` entries of the model and of every nested record."""
    found = list(model.unknown)
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, Record):
                found.extend(_unknowns(item))
    return found


def _fixed_malformed(tmp_path: Path) -> Path:
    """The malformed sample with its misspelt opening tag corrected."""
    raw = (SAMPLES / MALFORMED).read_bytes().replace(b"<STRICTURES_ELEVE", b"<STRUCTURES_ELEVE")
    path = tmp_path / "eleves_corrige.xml"
    path.write_bytes(raw)
    return path


# --- every sample, every record -------------------------------------------------------------


@pytest.mark.parametrize("path", _samples(), ids=lambda p: p.name)
def test_every_record_is_covered_and_written_back_unchanged(path: Path) -> None:
    with open_document(path, formats=SPECS) as doc:
        seen = 0
        for block, node in doc.records():
            model_type = doc.format.records[block]
            model = model_type.from_node(node)
            assert _unknowns(model) == [], (block, node)
            assert model.to_node() == node
            assert model_type.from_node(model.to_node()) == model
            seen += 1
    assert seen > 0


def test_corrected_malformed_sample_round_trips(tmp_path: Path) -> None:
    path = _fixed_malformed(tmp_path)
    test_every_record_is_covered_and_written_back_unchanged(path)


def test_malformed_sample_is_refused_with_its_line() -> None:
    with (
        pytest.raises(NotWellFormed) as info,
        open_document(SAMPLES / MALFORMED, formats=SPECS) as doc,
    ):
        doc.drain()
    assert info.value.line == 139


@pytest.mark.parametrize(
    "name, kind",
    [
        ("Nomenclature-0750680G-2018.xml", "nomenclature"),
        ("nomenclature_tout_niveau.xml", "nomenclature"),
        ("eleves_avec_adresse_avec_double_structure.xml", "eleves"),
        ("responsables_avec_adresses_simple.xml", "responsables"),
    ],
)
def test_samples_are_recognised_by_root(name: str, kind: str) -> None:
    with open_document(SAMPLES / name, formats=SPECS) as doc:
        assert doc.kind == kind


# --- Nomenclature ----------------------------------------------------------------------------


def test_nomenclature_2018_counts_and_types() -> None:
    records = _typed(SAMPLES / "Nomenclature-0750680G-2018.xml")
    counts = Counter(block for block, _ in records)
    assert (
        counts["MEFS"],
        counts["MATIERES"],
        counts["PROGRAMMES"],
        counts["OPTIONS_OBLIGATOIRES"],
    ) == (89, 100, 728, 324)
    assert len(counts) == 17
    mef = next(m for b, m in records if b == "MEFS")
    assert isinstance(mef, Mef)
    assert mef.code_mef == "10310002110"
    assert isinstance(mef.nb_opt_oblig, int) and mef.nb_opt_oblig == 0
    assert mef.date_ouverture == dt.date(1991, 9, 1)
    assert mef.date_fermeture == dt.date(9999, 12, 31)
    assert mef.mef_origine is True and mef.inscription_etab is False
    assert mef.specialite is None and mef.libelle_edition is None
    lsf = next(m for b, m in records if isinstance(m, Matiere) and m.code_matiere == "020C00")
    assert lsf.code_gestion == "LSF"
    assert lsf.code_matiere_nationale == "029900"
    assert lsf.matiere_etp is False


def test_nomenclature_load() -> None:
    nomenclature = Nomenclature.load(SAMPLES / "Nomenclature-0750680G-2018.xml")
    assert nomenclature.version == "3.1"
    assert nomenclature.uai == "0750680G"
    assert nomenclature.school_year == "2018"
    assert nomenclature.parameters["DATE_EXPORT"] == "08/07/2019"
    assert (
        len(nomenclature.mefs),
        len(nomenclature.matieres),
        len(nomenclature.programmes),
        len(nomenclature.options_obligatoires),
    ) == (89, 100, 728, 324)
    assert len(nomenclature.codes) == 13
    assert len(nomenclature.codes["PROFESSIONS"]) == 41
    liens = nomenclature.code_list("LIENS_PARENTE")
    mere = liens["10"]
    assert isinstance(mere, LienParente)
    assert (mere.libelle_court, mere.libelle_edition, mere.tri) == ("MERE", "Mère", 1)
    assert nomenclature.code_list("NIVEAUX_RESPONSABILITE")["1"].label
    profession = nomenclature.code_list("PROFESSIONS")["10"]
    assert isinstance(profession, Profession) and profession.libelle_long_pcs
    assert profession.label == profession.libelle_long_pcs
    mef = nomenclature.mef("10310002110")
    assert mef is not None and mef.formation == "3MUS"
    assert nomenclature.matiere("020C00") is not None
    assert nomenclature.mef("00000000000") is None


def test_nomenclature_2019_and_trimmed_samples() -> None:
    later = Nomenclature.load(SAMPLES / "Nomenclature-0750680G-2019.xml")
    assert (
        len(later.mefs),
        len(later.matieres),
        len(later.programmes),
        len(later.options_obligatoires),
    ) == (29, 108, 590, 284)
    closed = [m for m in later.mefs if m.date_fermeture == dt.date(2019, 8, 31)]
    assert closed and all(m.inscription_etab is False for m in closed)
    double = Nomenclature.load(SAMPLES / "nomenclature_code_modalite_elec_double.xml")
    assert [(p.code_modalite_elect, p.horaire) for p in double.programmes] == [
        ("O", "2.00"),
        ("S", "6.00"),
    ]
    assert double.codes == {}
    levels = Nomenclature.load(SAMPLES / "nomenclature_tout_niveau.xml")
    assert [m.formation for m in levels.mefs] == ["6EME", "5G", "4G", "3EME"]


def test_nomenclature_load_refuses_another_export() -> None:
    with pytest.raises(UnusableInput) as info:
        Nomenclature.load(SAMPLES / "responsables_avec_adresses_simple.xml")
    message = info.value.message
    assert "n'est pas une exportation « Nomenclature »" in message
    assert "<BEE_RESPONSABLES>" in message and "<BEE_NOMENCLATURES>" in message


def test_nomenclature_2_0_generation(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "nomenclature_2016.xml",
        """
<BEE_NOMENCLATURES VERSION="2.0">
  <PARAMETRES><UAJ>0140070A</UAJ><ANNEE_SCOLAIRE>2016</ANNEE_SCOLAIRE></PARAMETRES>
  <DONNEES>
    <MEFS><MEF CODE_MEF="2401000511A"><FORMATION>1BTS2</FORMATION>
      <SPECIALITE>31012 </SPECIALITE><LIBELLE_LONG>1BTS2  MANAGEMENT</LIBELLE_LONG></MEF></MEFS>
    <MATIERES><MATIERE CODE_MATIERE="061300"><CODE_GESTION>MATHS</CODE_GESTION>
      <LIBELLE_LONG>MATHEMATIQUES</LIBELLE_LONG><MATIERE_ETP>0</MATIERE_ETP></MATIERE></MATIERES>
    <PROGRAMMES><PROGRAMME><CODE_MEF>2401000511A</CODE_MEF><CODE_MATIERE>061300</CODE_MATIERE>
      <CODE_MODALITE_ELECT>S</CODE_MODALITE_ELECT><HORAIRE>3.50</HORAIRE></PROGRAMME></PROGRAMMES>
    <LIENS_PARENTE><LIEN_PARENTE CODE_PARENTE="1"><LIBELLE_COURT>PERE</LIBELLE_COURT>
      <LIBELLE_LONG>PERE</LIBELLE_LONG></LIEN_PARENTE></LIENS_PARENTE>
    <PROFESSIONS><PROFESSION CODE_PROFESSION="61"><LIBELLE_COURT>OUVRIER</LIBELLE_COURT>
      <LIBELLE_LONG>OUVRIERS QUALIFIES</LIBELLE_LONG></PROFESSION></PROFESSIONS>
    <SITUATIONS_EMPLOI><SITUATION_EMPLOI CODE_SITUATION="1"><LIBELLE_COURT>EMPLOI</LIBELLE_COURT>
      <LIBELLE_LONG>OCCUPE UN EMPLOI</LIBELLE_LONG><TRANS_SITUATION>0</TRANS_SITUATION>
    </SITUATION_EMPLOI></SITUATIONS_EMPLOI>
    <PCS_SITUATIONS_EMPLOI><PCS_SITUATION><CODE_PROFESSION>61</CODE_PROFESSION>
      <CODE_SITUATION>1</CODE_SITUATION></PCS_SITUATION></PCS_SITUATIONS_EMPLOI>
    <REGIMES></REGIMES>
  </DONNEES>
</BEE_NOMENCLATURES>""",
    )
    nomenclature = Nomenclature.load(path)
    assert nomenclature.version == "2.0"
    mef = nomenclature.mefs[0]
    assert mef.code_mef == "2401000511A" and mef.specialite == "31012 "
    assert mef.libelle_long == "1BTS2  MANAGEMENT" and mef.nb_opt_oblig is None
    assert nomenclature.programmes[0].horaire == "3.50"
    assert nomenclature.codes["REGIMES"] == []
    profession = nomenclature.codes["PROFESSIONS"][0]
    assert isinstance(profession, Profession)
    assert profession.libelle_court_pcs is None and profession.label == "OUVRIERS QUALIFIES"
    situation = nomenclature.codes["SITUATIONS_EMPLOI"][0]
    assert isinstance(situation, SituationEmploi) and situation.trans_situation == "0"
    pcs = nomenclature.codes["PCS_SITUATIONS_EMPLOI"][0]
    assert isinstance(pcs, PcsSituation) and (pcs.code_profession, pcs.code_situation) == (
        "61",
        "1",
    )
    assert nomenclature.code_list("LIENS_PARENTE")["1"].label == "PERE"
    for _, record in _typed(path):
        assert _unknowns(record) == []


# --- Élèves ----------------------------------------------------------------------------------


def test_eleves_double_structure_sample() -> None:
    path = SAMPLES / "eleves_avec_adresse_avec_double_structure.xml"
    with open_document(path, formats=SPECS) as doc:
        records = list(doc.typed())
        assert doc.variant == "avec-adresses"
        assert {"BOURSES", "ADRESSES"} <= doc.blocks_seen
    blocks = [block for block, _ in records]
    assert blocks == ["ELEVES", "OPTIONS", "STRUCTURES"]
    eleve = records[0][1]
    assert isinstance(eleve, Eleve)
    assert eleve.eleve_id == "1541944" and eleve.elenoet_attr is None and eleve.elenoet is None
    assert eleve.family_name == "ESCAGLIA" and eleve.nom is None
    assert eleve.date_naiss == dt.date(2002, 6, 21)
    assert eleve.doublement is False and eleve.adhesion_transport is False
    assert eleve.code_regime == "24" and eleve.code_departement_naiss == "092"
    assert not eleve.is_leaver
    # present but empty vs absent
    assert eleve.ville_naiss == ""
    assert eleve.nom_usage is None and eleve.date_sortie is None and eleve.mel is None
    scolarite = eleve.scolarite_an_dernier
    assert scolarite is not None
    assert scolarite.boite_postale == "" and scolarite.ligne2_adresse is None
    assert scolarite.ligne1_adresse == "Allée DE BARCELONE"
    options = records[1][1]
    assert isinstance(options, OptionsEleve) and options.eleve_id == "1541944"
    assert [
        (o.num_option, o.code_modalite_elect, o.code_matiere) for o in options.options_eleve or ()
    ] == [(1, "O", "030201"), (2, "O", "030602"), (3, "F", "020300")]
    structures = records[2][1]
    assert isinstance(structures, StructuresEleve)
    assert structures.division == "301" and structures.groupes == ["_301P1"]


def test_eleves_corrected_sample(tmp_path: Path) -> None:
    records = _typed(_fixed_malformed(tmp_path))
    eleves = [m for b, m in records if b == "ELEVES"]
    assert len(eleves) == 2
    second = eleves[1]
    assert isinstance(second, Eleve)
    assert (second.id_national, second.ine_bea, second.ine_rnie) == (
        "060375611AC",
        "0113014881M",
        "060375611AC",
    )
    assert (second.elenoet_attr, second.elenoet) == ("8194", "8193")
    assert second.id_prv_ele == "9065" and second.id_eleve_etab == "08193750680"
    assert second.ville_naiss == "" and second.accepte_sms is None
    assert second.scolarite_an_dernier and second.scolarite_an_dernier.boite_postale == ""
    assert (second.prenom2, second.prenom3) == ("PRENOM2", "PRENOM3")
    adresse = next(m for b, m in records if b == "ADRESSES")
    assert isinstance(adresse, Adresse)
    assert adresse.adresse_id == "1851082" and adresse.lines == []
    assert (adresse.code_departement, adresse.libelle_postal) == ("075", "PARIS")


def test_eleves_legacy_generation_and_leaver(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "eleves_2015.xml",
        """
<BEE_ELEVES VERSION="1.8">
  <PARAMETRES><UAJ>0140070A</UAJ><ANNEE_SCOLAIRE>2015</ANNEE_SCOLAIRE></PARAMETRES>
  <DONNEES>
    <ELEVES>
      <ELEVE ELEVE_ID="1000" ELENOET="12">
        <ID_NATIONAL>1234567890A</ID_NATIONAL>
        <NOM>DUPONT</NOM>
        <PRENOM>Jean Pierre</PRENOM>
        <DATE_NAISS>01/02/2003</DATE_NAISS>
        <DOUBLEMENT>1</DOUBLEMENT>
        <DATE_SORTIE>15/03/2016</DATE_SORTIE>
        <CODE_MOTIF_SORTIE>11</CODE_MOTIF_SORTIE>
      </ELEVE>
    </ELEVES>
    <BOURSES>
      <BOURSE ELEVE_ID="1000"><CODE_BOURSE>1</CODE_BOURSE><CODE_BOURSE>3</CODE_BOURSE></BOURSE>
    </BOURSES>
  </DONNEES>
</BEE_ELEVES>""",
    )
    with open_document(path, formats=SPECS) as doc:
        records = list(doc.typed())
        assert doc.variant == "sans-adresses"
    eleve, bourse = records[0][1], records[1][1]
    assert isinstance(eleve, Eleve) and isinstance(bourse, BourseEleve)
    assert eleve.family_name == "DUPONT" and eleve.nom_de_famille is None
    assert eleve.prenom == "Jean Pierre" and eleve.doublement is True
    assert eleve.is_leaver and eleve.date_sortie == dt.date(2016, 3, 15)
    assert [t["tag"] for t in eleve.to_node()["children"]][:2] == ["ID_NATIONAL", "NOM"]
    assert bourse.code_bourse == ["1", "3"]
    assert bourse.to_node()["children"] == [
        {"tag": "CODE_BOURSE", "text": "1"},
        {"tag": "CODE_BOURSE", "text": "3"},
    ]


def test_bad_values_name_the_field(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "eleves_faux.xml",
        """
<BEE_ELEVES VERSION="3.0">
  <PARAMETRES><UAJ>0140070A</UAJ></PARAMETRES>
  <DONNEES><ELEVES><ELEVE ELEVE_ID="1">
    <NOM_DE_FAMILLE>X</NOM_DE_FAMILLE><DATE_NAISS>31/02/2019</DATE_NAISS>
  </ELEVE></ELEVES></DONNEES>
</BEE_ELEVES>""",
    )
    with pytest.raises(InvalidRecord) as info:
        _typed(path)
    message = info.value.message
    assert "DATE_NAISS" in message and "31/02/2019" in message
    assert "ELEVE_ID=1" in message and str(path) in message

    with pytest.raises(InvalidRecord, match="HEBERGE_ELEVE"):
        ResponsableEleve.from_node(
            {"tag": "RESPONSABLE_ELEVE", "children": [{"tag": "HEBERGE_ELEVE", "text": "oui"}]}
        )
    with pytest.raises(InvalidRecord, match="NB_OPT_OBLIG"):
        Mef.from_node(
            {
                "tag": "MEF",
                "attrs": {"CODE_MEF": "1"},
                "children": [{"tag": "NB_OPT_OBLIG", "text": "deux"}],
            }
        )
    with pytest.raises(InvalidRecord, match="DATE_ENTREE"):
        Eleve.from_node(
            {
                "tag": "ELEVE",
                "children": [
                    {"tag": "SCOLARITE_AN_DERNIER", "children": [{"tag": "CODE_MEF", "text": "1"}]},
                    {"tag": "DATE_ENTREE", "text": "2019-13-01"},
                ],
            }
        )


# --- Responsables ----------------------------------------------------------------------------


def test_responsables_sample() -> None:
    path = SAMPLES / "responsables_avec_adresses_simple.xml"
    with open_document(path, formats=SPECS) as doc:
        records = list(doc.typed())
        assert doc.variant == "avec-adresses"
        assert doc.version == "2.1"
    personnes = [m for b, m in records if isinstance(m, Personne)]
    liens = [m for b, m in records if b == "RESPONSABLES"]
    adresses = [m for b, m in records if b == "ADRESSES"]
    assert (len(personnes), len(liens), len(adresses)) == (3, 3, 1)
    first = personnes[0]
    assert isinstance(first, Personne)
    assert first.personne_id == "209401" and first.family_name == "ROCK"
    assert first.lc_civilite == "MME" and first.accepte_sms is True
    assert first.communication_adresse is True and first.tel_professionnel == ""
    assert first.id_prv_per is None and first.nom_usage is None
    assert {p.adresse_id for p in personnes} == {"189317"}
    lien = liens[0]
    assert isinstance(lien, ResponsableEleve)
    assert lien.paie_frais_scolaires is True
    assert (lien.percoit_les_aides, lien.heberge_eleve, lien.a_contacter_en_priorite) == (
        True,
        True,
        True,
    )
    other = liens[1]
    assert isinstance(other, ResponsableEleve)
    assert other.paie_frais_scolaires is False and other.heberge_eleve is False
    assert lien.level == 1 and lien.parente_code_2 == "10"
    assert lien.resp_legal is None and lien.pers_contact is None
    written = {c["tag"]: c["text"] for c in other.to_node()["children"]}
    assert written["PAIE_FRAIS_SCOLAIRES"] == "0" and written["HEBERGE_ELEVE"] == "false"
    address = adresses[0]
    assert isinstance(address, Adresse)
    assert address.lines == ["18 RUE DES HOMMETS", "MEZIDON CANON"]
    assert responsables_format.SPEC.counts == {
        "responsables": "PERSONNES",
        "eleves": "RESPONSABLES/ELEVE_ID",
    }


def test_responsables_legacy_links(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "responsables_2017.xml",
        """
<BEE_RESPONSABLES VERSION="1.10">
  <PARAMETRES><UAJ>0140070A</UAJ><ANNEE_SCOLAIRE>2017</ANNEE_SCOLAIRE></PARAMETRES>
  <DONNEES>
    <PERSONNES>
      <PERSONNE PERSONNE_ID="1"><LC_CIVILITE>M.</LC_CIVILITE><NOM>MARTIN</NOM>
        <PRENOM></PRENOM></PERSONNE>
    </PERSONNES>
    <RESPONSABLES>
      <RESPONSABLE_ELEVE><ELEVE_ID>10</ELEVE_ID><PERSONNE_ID>1</PERSONNE_ID>
        <RESP_LEGAL>2</RESP_LEGAL><CODE_PARENTE>1</CODE_PARENTE>
        <RESP_FINANCIER>1</RESP_FINANCIER><PERS_PAIEMENT>0</PERS_PAIEMENT>
        <PERS_CONTACT>1</PERS_CONTACT></RESPONSABLE_ELEVE>
      <RESPONSABLE_ELEVE><ELEVE_ID>10</ELEVE_ID><PERSONNE_ID>2</PERSONNE_ID>
        <RESP_LEGAL>0</RESP_LEGAL><CODE_PARENTE>4</CODE_PARENTE>
        <RESP_FINANCIER>0</RESP_FINANCIER><PERS_PAIEMENT>0</PERS_PAIEMENT>
        <PERS_CONTACT>1</PERS_CONTACT></RESPONSABLE_ELEVE>
    </RESPONSABLES>
  </DONNEES>
</BEE_RESPONSABLES>""",
    )
    with open_document(path, formats=SPECS) as doc:
        nodes = list(doc.records())
        assert doc.variant == "sans-adresses"
    models = [responsables_format.SPEC.records[b].from_node(n) for b, n in nodes]
    for (_, node), model in zip(nodes, models, strict=True):
        assert model.unknown == [] and model.to_node() == node
    personne, legal, contact = models
    assert isinstance(personne, Personne)
    assert personne.family_name == "MARTIN" and personne.prenom == ""
    assert isinstance(legal, ResponsableEleve) and isinstance(contact, ResponsableEleve)
    assert legal.level == 1 and legal.parente_code_2 == "20"
    assert legal.resp_financier is True and legal.pers_paiement is False
    assert legal.pers_contact is True and legal.niveau_responsabilite is None
    assert contact.level == 3 and contact.parente_code_2 == "39"
    assert ResponsableEleve(code_parente="7").parente_code_2 == "70"
    assert ResponsableEleve(code_parente="9").parente_code_2 is None
    assert ResponsableEleve(niveau_responsabilite="2").level == 2
    assert ResponsableEleve().level is None and ResponsableEleve().parente_code_2 is None


# --- Structures ------------------------------------------------------------------------------

STRUCTURES_XML = """
<BEE_STRUCTURES VERSION="2.0">
  <PARAMETRES><UAJ>0660864F</UAJ><ANNEE_SCOLAIRE>2017</ANNEE_SCOLAIRE></PARAMETRES>
  <DONNEES>
    <DIVISIONS>
      <DIVISION CODE_STRUCTURE="4 D">
        <LIBELLE_LONG>QUATRIEME D</LIBELLE_LONG>
        <CODE_CONTRAT>3</CODE_CONTRAT>
        <CODE_RNE>0660864F</CODE_RNE>
        <MEFS_APPARTENANCE>
          <MEF_APPARTENANCE><CODE_MEF>10210001110</CODE_MEF></MEF_APPARTENANCE>
          <MEF_APPARTENANCE><CODE_MEF>10210002110</CODE_MEF></MEF_APPARTENANCE>
        </MEFS_APPARTENANCE>
      </DIVISION>
      <DIVISION CODE_STRUCTURE="301">
        <LIBELLE_LONG></LIBELLE_LONG>
        <CODE_RNE>0660864F</CODE_RNE>
        <MEFS_APPARTENANCE>
          <MEF_APPARTENANCE><CODE_MEF>10310019110</CODE_MEF></MEF_APPARTENANCE>
        </MEFS_APPARTENANCE>
      </DIVISION>
    </DIVISIONS>
    <GROUPES>
      <GROUPE CODE_STRUCTURE="_301P1">
        <LIBELLE_LONG>LATIN 3E</LIBELLE_LONG>
        <CODE_RNE>0660864F</CODE_RNE>
        <MEFS_APPARTENANCE>
          <MEF_APPARTENANCE><CODE_MEF>10310019110</CODE_MEF></MEF_APPARTENANCE>
        </MEFS_APPARTENANCE>
        <DIVISIONS_APPARTENANCE>
          <DIVISION_APPARTENANCE><CODE_STRUCTURE>301</CODE_STRUCTURE></DIVISION_APPARTENANCE>
          <DIVISION_APPARTENANCE><CODE_STRUCTURE>4 D</CODE_STRUCTURE></DIVISION_APPARTENANCE>
        </DIVISIONS_APPARTENANCE>
      </GROUPE>
    </GROUPES>
  </DONNEES>
</BEE_STRUCTURES>"""


def test_structures(tmp_path: Path) -> None:
    path = _write(tmp_path, "Structures.xml", STRUCTURES_XML)
    with open_document(path, formats=SPECS) as doc:
        assert doc.kind == "structures"
        for block, node in doc.records():
            model = structures_format.SPEC.records[block].from_node(node)
            assert _unknowns(model) == [] and model.to_node() == node
    structures = Structures.load(path)
    assert structures.version == "2.0" and structures.school_year == "2017"
    assert [d.code_structure for d in structures.divisions] == ["4 D", "301"]
    quatrieme = structures.division("4 D")
    assert isinstance(quatrieme, Division)
    assert quatrieme.code_contrat == "3"
    assert quatrieme.mef_codes == ["10210001110", "10210002110"]
    empty_label = structures.division("301")
    assert empty_label is not None and empty_label.label == "301"
    groupe = structures.groupe("_301P1")
    assert isinstance(groupe, Groupe)
    assert groupe.division_codes == ["301", "4 D"] and groupe.mef_codes == ["10310019110"]
    assert structures.division("_301P1") is None


def test_structures_load_refuses_a_nomenclature() -> None:
    with pytest.raises(UnusableInput, match="Structures"):
        Structures.load(SAMPLES / "nomenclature_simple.xml")


# --- Communs ---------------------------------------------------------------------------------

COMMUNS_XML = """
<BEE_COMMUN VERSION="1.7">
  <PARAMETRES><UAJ>0140070A</UAJ><ANNEE_SCOLAIRE>2017</ANNEE_SCOLAIRE></PARAMETRES>
  <DONNEES>
    <UAJ>
      <ETAB_UAJ_ID>123</ETAB_UAJ_ID>
      <DENOM_PRINC>COLLEGE PRIVE</DENOM_PRINC>
      <DENOM_COMPL>SAINT JOSEPH</DENOM_COMPL>
      <BOITE_POST></BOITE_POST>
      <TELEPHONE>02 31 00 00 00</TELEPHONE>
      <SECTEUR_CODE>PR</SECTEUR_CODE>
    </UAJ>
    <ANNEE_SCOLAIRE>
      <DATE_DEBUT_ELEVE>04/09/2017</DATE_DEBUT_ELEVE>
      <DATE_FIN_ELEVE>07/07/2018</DATE_FIN_ELEVE>
      <DATE_DEBUT_PROF>01/09/2017</DATE_DEBUT_PROF>
      <DATE_FIN_PROF>07/07/2018</DATE_FIN_PROF>
    </ANNEE_SCOLAIRE>
    <ANNEE_SCOLAIRE_AD>
    </ANNEE_SCOLAIRE_AD>
    <PERIODES_PEDAGOGIQUES>
      <PERIODE_PEDAGOGIQUE>
        <CODE_PERIODE>T1 </CODE_PERIODE>
        <DATE_DEBUT>04/09/2017</DATE_DEBUT>
        <DATE_FIN>30/11/2017</DATE_FIN>
        <LL_PERIODE>1ER TRIMESTRE</LL_PERIODE>
        <INDICE>1</INDICE>
        <CODE_TYPE_PERIODE>T</CODE_TYPE_PERIODE>
      </PERIODE_PEDAGOGIQUE>
      <PERIODE_PEDAGOGIQUE>
        <CODE_PERIODE>T2 </CODE_PERIODE>
        <DATE_DEBUT>01/12/2017</DATE_DEBUT>
        <DATE_FIN>28/02/2018</DATE_FIN>
        <LL_PERIODE>2EME TRIMESTRE</LL_PERIODE>
        <INDICE>2</INDICE>
        <CODE_TYPE_PERIODE>T</CODE_TYPE_PERIODE>
      </PERIODE_PEDAGOGIQUE>
    </PERIODES_PEDAGOGIQUES>
    <CALENDRIERS_FERMETURES>
    </CALENDRIERS_FERMETURES>
  </DONNEES>
</BEE_COMMUN>"""


def test_communs(tmp_path: Path) -> None:
    path = _write(tmp_path, "Communs.xml", COMMUNS_XML)
    communs = Communs.load(path)
    assert communs.version == "1.7" and communs.uai == "0140070A"
    assert communs.school_year_start == dt.date(2017, 9, 4)
    assert communs.school_year_end == dt.date(2018, 7, 7)
    etablissement = communs.etablissement
    assert etablissement is not None and etablissement.unknown == []
    assert etablissement.etab_uaj_id == "123" and etablissement.boite_post == ""
    assert etablissement.secteur_code == "PR" and etablissement.num_siren is None
    assert communs.annee_scolaire is not None
    assert communs.annee_scolaire.date_debut_prof == dt.date(2017, 9, 1)
    assert communs.annee_scolaire_ad is not None
    assert communs.annee_scolaire_ad.date_debut_eleve is None
    assert [p.code_periode for p in communs.periodes] == ["T1 ", "T2 "]
    assert [p.code for p in communs.periodes] == ["T1", "T2"]
    assert communs.periodes[1].indice == 2 and communs.fermetures == []
    typed = _typed(path)
    assert [b for b, _ in typed] == ["PERIODES_PEDAGOGIQUES"] * 2
    assert all(isinstance(m, PeriodePedagogique) for _, m in typed)


def test_communs_without_years(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Communs.xml",
        """
<BEE_COMMUN VERSION="1.7"><PARAMETRES><UAJ>0140070A</UAJ></PARAMETRES>
  <DONNEES><UAJ><DENOM_PRINC>LYCEE</DENOM_PRINC></UAJ></DONNEES></BEE_COMMUN>""",
    )
    communs = Communs.load(path)
    assert communs.annee_scolaire is None and communs.annee_scolaire_ad is None
    assert communs.school_year_start is None and communs.school_year_end is None
    assert communs.etablissement is not None and communs.etablissement.denom_princ == "LYCEE"


def test_communs_bad_date_names_file_and_field(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Communs.xml",
        COMMUNS_XML.replace("07/07/2018</DATE_FIN_ELEVE", "31/06/2018</DATE_FIN_ELEVE"),
    )
    with pytest.raises(InvalidRecord) as info:
        Communs.load(path)
    assert "DATE_FIN_ELEVE" in info.value.message and str(path) in info.value.message


# --- Géographique and Établissements (recognised by content) ---------------------------------


def test_geographique_by_content(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Geographique.xml",
        """
<EXPORT_GEO VERSION="1.0">
  <PARAMETRES><UAJ>0140070A</UAJ></PARAMETRES>
  <DONNEES>
    <PAYS>
      <PAYS_NATIONALITE CODE_PAYS="100"><LIBELLE_COURT></LIBELLE_COURT>
        <LIBELLE_LONG>FRANCE</LIBELLE_LONG><DATE_OUVERTURE>01/01/1900</DATE_OUVERTURE>
        <DATE_FERMETURE>31/12/9999</DATE_FERMETURE></PAYS_NATIONALITE>
    </PAYS>
    <DEPARTEMENTS>
      <DEPARTEMENT><CODE_ACADEMIE>05</CODE_ACADEMIE><CODE_DEPARTEMENT_MEN>014</CODE_DEPARTEMENT_MEN>
        <CODE_DEPARTEMENT_INSEE>14</CODE_DEPARTEMENT_INSEE><LIBELLE_LONG>CALVADOS</LIBELLE_LONG>
      </DEPARTEMENT>
    </DEPARTEMENTS>
    <COMMUNES>
      <COMMUNE CODE_COMMUNE_INSEE="2A004"><CODE_DEPARTEMENT_INSEE>2A</CODE_DEPARTEMENT_INSEE>
        <LIBELLE_LONG>AJACCIO</LIBELLE_LONG></COMMUNE>
    </COMMUNES>
  </DONNEES>
</EXPORT_GEO>""",
    )
    with open_document(path, formats=SPECS) as doc:
        assert doc.kind == "geographique"
        records = list(doc.typed())
    pays, departement, commune = (m for _, m in records)
    assert isinstance(pays, PaysNationalite) and pays.code_pays == "100"
    assert pays.libelle_court == "" and pays.date_fermeture == dt.date(9999, 12, 31)
    assert isinstance(departement, Departement) and departement.code_departement_men == "014"
    assert isinstance(commune, Commune) and commune.code_commune_insee == "2A004"
    assert all(m.unknown == [] for m in (pays, departement, commune))


def test_etablissements_by_content(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Etablissements.xml",
        """
<ETABLISSEMENTS_ELEVES>
  <PARAMETRES><UAJ>0140070A</UAJ></PARAMETRES>
  <DONNEES>
    <LISTE>
      <ETABLISSEMENT CODE_RNE="0660864F"><CODE_ACADEMIE>11</CODE_ACADEMIE>
        <CODE_NATURE>340</CODE_NATURE><CODE_TYPE_ETAB>CLG</CODE_TYPE_ETAB>
        <CODE_SECTEUR>PU</CODE_SECTEUR><SIGLE>CLG</SIGLE><DENOM_PRINC>COLLEGE</DENOM_PRINC>
        <DATE_OUVERTURE>01/09/1970</DATE_OUVERTURE></ETABLISSEMENT>
    </LISTE>
  </DONNEES>
</ETABLISSEMENTS_ELEVES>""",
    )
    with open_document(path, formats=SPECS) as doc:
        assert doc.kind == "etablissements"
        nodes = list(doc.records())
    etablissement = EtablissementRef.from_node(nodes[0][1])
    assert etablissement.code_rne == "0660864F" and etablissement.unknown == []
    assert etablissement.date_ouverture == dt.date(1970, 9, 1)
    assert etablissement.to_node() == nodes[0][1]
    explicit = _write(
        tmp_path,
        "Etab2.xml",
        """
<BEE_ETABLISSEMENTS VERSION="1.0"><DONNEES><ETABLISSEMENTS>
  <ETABLISSEMENT CODE_RNE="0750680G"><SIGLE>LGT</SIGLE></ETABLISSEMENT>
</ETABLISSEMENTS></DONNEES></BEE_ETABLISSEMENTS>""",
    )
    typed = _typed(explicit)
    assert isinstance(typed[0][1], EtablissementRef) and typed[0][1].sigle == "LGT"


def _probe(root: str, first_record: str | None, blocks: tuple[str, ...] = ()) -> Probe:
    return Probe(root=root, attrs={}, parameters={}, blocks=blocks, first_record=first_record)


def test_content_detection_never_claims_a_known_root() -> None:
    geo, etab = geographique_format.SPEC, etablissements_format.SPEC
    assert geo.recognises(_probe("BEE_GEOGRAPHIQUE", None))
    assert geo.recognises(_probe("AUTRE", None, ("COMMUNES",)))
    assert not geo.recognises(_probe("AUTRE", "ELEVE", ("ELEVES",)))
    assert etab.recognises(_probe("BEE_ETABLISSEMENTS", None))
    assert not etab.recognises(_probe("AUTRE", "COMMUNE", ("COMMUNES",)))
    assert not geo.recognises(_probe("AUTRE", "ETABLISSEMENT", ("ETABLISSEMENTS",)))
    for root in ("BEE_ELEVES", "BEE_NOMENCLATURES", "IMPORT_ELEVES", "BEE_COMMUN"):
        assert not geo.recognises(_probe(root, "COMMUNE", ("COMMUNES",)))
        assert not etab.recognises(_probe(root, "ETABLISSEMENT", ("ETABLISSEMENTS",)))


# --- format descriptions ---------------------------------------------------------------------


def test_format_specs() -> None:
    assert [s.name for s in SPECS] == [
        "nomenclature",
        "structures",
        "communs",
        "eleves",
        "responsables",
        "geographique",
        "etablissements",
    ]
    assert all(s.date_style == "fr" for s in SPECS)
    assert eleves_format.SPEC.counts == {"eleves": "ELEVES"}
    variant = eleves_format.SPEC.variant
    assert variant is not None and variant(frozenset({"ELEVES"})) == "sans-adresses"
    assert "3.1" in nomenclature_format.SPEC.versions
    assert "1.10" in responsables_format.SPEC.versions
    assert len(nomenclature_format.SPEC.records) == 19
    assert communs_format.SPEC.roots == ("BEE_COMMUN",)
