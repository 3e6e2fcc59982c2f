"""The IMPORT_ELEVES models, templates, writer and XSD validation (schemas 2.0, 3.0, 3.1)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from siecle_sdk.errors import SchemaInvalid, UnencodableCharacter, VendorDataError
from siecle_sdk.exchange.import_writer import write_import
from siecle_sdk.formats.import_eleves import SPEC
from siecle_sdk.io.reader import open_document
from siecle_sdk.io.schema import assert_valid_import, validate_import
from siecle_sdk.models.import_eleves import (
    Adresse,
    Bourse,
    Eleve,
    EtablissementAnDernier,
    Lien,
    OptionEleve,
    Parametres,
    Personne,
    ResponsablesEleve,
    ScolariteActive,
)

D = dt.date


# --- data -----------------------------------------------------------------------------------


def parametres() -> Parametres:
    return Parametres(
        uaj="0750680G",
        annee_scolaire="2019",
        date_import=D(2019, 9, 5),
        num_envoi="7",
        logiciel="EXEMPLE",
    )


def personnes() -> list[Personne]:
    return [
        Personne(
            id_prv_per="1",
            code_civilite="2",
            nom_de_famille="DUPONT",
            nom_usage="MARTIN",
            prenom="Anne",
            adresse=Adresse(
                ligne1_adresse="Bâtiment B",
                ligne2_adresse="Escalier 3",
                ligne3_adresse="12 rue de la Paix",
                ligne4_adresse="BP 12",
                code_postal="75012",
                ll_postal="PARIS",
                code_pays="100",
            ),
            communication_adresse=True,
            code_profession="33",
            tel_personnel="0102030405",
            tel_professionnel="0102030406",
            tel_portable="0602030405",
            accepte_sms=True,
            email="anne@example.org",
            enfant_a_charge=2,
            personne_id="4455667",
        ),
        Personne(
            id_prv_per="2",
            code_civilite="1",
            nom_de_famille="DUPONT",
            prenom="Marc",
            adresse=Adresse(
                ligne1_adresse="5 avenue Louise", commune_etrangere="BRUXELLES", code_pays="131"
            ),
            communication_adresse=False,
            code_profession="99",
            enfant_a_charge=1,
        ),
        Personne(
            id_prv_per="3",
            code_civilite="2",
            nom_de_famille="DURAND",
            prenom="Lucie",
            code_profession="99",
        ),
        Personne(
            id_prv_per="4",
            code_civilite="1",
            nom_de_famille="BERNARD",
            prenom="Paul",
            code_profession="99",
        ),
    ]


def eleve_maximal() -> Eleve:
    """A current pupil using every element a current pupil can have."""
    return Eleve(
        id_prv_ele="12",
        id_national="1234567890A",
        ine_bea="1234567890B",
        ine_rnie="070876696EA",
        nom_de_famille="DUPONT",
        nom_usage="MARTIN",
        prenom="Marie",
        prenom2="Louise",
        prenom3="Jeanne",
        code_pays_nat="100",
        date_naiss=D(2004, 5, 6),
        code_sexe="2",
        code_pays="100",
        code_commune_insee_naiss="75112",
        date_entree=D(2019, 9, 2),
        adresse=Adresse(
            ligne1_adresse="12 rue de la Paix",
            code_postal="75012",
            ll_postal="PARIS",
            code_pays="100",
        ),
        tel_personnel="0102030405",
        tel_professionnel="0102030499",
        tel_portable="0611223344",
        accepte_sms=False,
        email="marie@example.org",
        adhesion_transport=True,
        code_regime="2",
        doublement=False,
        bourses=[Bourse(code_bourse="1", nb_part=4), Bourse(code_bourse="2", nb_part=1)],
        responsables_eleve=ResponsablesEleve(
            legal=[
                Lien(
                    id_prv_per="1",
                    code_parente="10",
                    paie_frais_scolaires=True,
                    heberge_eleve=True,
                    percoit_les_aides=True,
                    a_contacter_en_priorite=True,
                ),
                Lien(
                    id_prv_per="2",
                    code_parente="20",
                    paie_frais_scolaires=False,
                    heberge_eleve=False,
                    percoit_les_aides=False,
                    a_contacter_en_priorite=False,
                ),
            ],
            personne_en_charge=[
                Lien(
                    id_prv_per="4",
                    code_parente="50",
                    paie_frais_scolaires=False,
                    heberge_eleve=False,
                    a_contacter_en_priorite=True,
                )
            ],
            contact=[Lien(id_prv_per="3", code_parente="90")],
        ),
        scolarite_active=ScolariteActive(
            code_mef="20010018110",
            code_division="2NDE1",
            code_statut="ST",
            date_deb_sco=D(2019, 9, 2),
            date_fin_sco=D(2020, 7, 4),
            arret_formation=False,
            options=[
                OptionEleve(code_matiere="030201", code_modalite_elect="O"),
                OptionEleve(code_matiere="061300", code_modalite_elect="F"),
            ],
        ),
        etablissement_an_dernier=EtablissementAnDernier(
            code_rne="0752387M",
            code_provenance="1",
            code_mef="10310019110",
            type_mef="0",
            code_division="3A",
            code_statut="ST",
            date_deb_sco=D(2018, 9, 3),
            date_fin_sco=D(2019, 7, 5),
            options_an_dernier=["03020", "06130"],
        ),
        eleve_id="1851082",
    )


def eleve_sortant() -> Eleve:
    """A leaver born abroad, living abroad, whose previous school is known by département."""
    return Eleve(
        code_motif_sortie="13",
        date_sortie=D(2019, 12, 20),
        id_prv_ele="13",
        nom_de_famille="DUPONT",
        prenom="Jean",
        date_naiss=D(2006, 1, 31),
        code_pays="216",
        ville_naiss="LONDRES",
        adresse=Adresse(commune_etrangere="BRUXELLES", code_pays="131"),
        adhesion_transport=False,
        code_regime="0",
        doublement=True,
        responsables_eleve=ResponsablesEleve(
            legal=[Lien(id_prv_per="2", code_parente="20", heberge_eleve=True)]
        ),
        scolarite_active=ScolariteActive(
            code_mef="10310019110",
            code_statut="ST",
            date_deb_sco=D(2019, 9, 2),
            arret_formation=True,
        ),
        etablissement_an_dernier=EtablissementAnDernier(
            code_departement="075", code_provenance="2"
        ),
    )


def eleve_minimal() -> Eleve:
    """The pupil of the reference skeleton (import-eleves.md §15)."""
    return Eleve(
        id_prv_ele="1",
        nom_de_famille="EXEMPLE",
        prenom="Paul",
        code_pays_nat="100",
        date_naiss=D(2004, 5, 6),
        code_sexe="1",
        code_pays="100",
        code_commune_insee_naiss="75112",
        adhesion_transport=False,
        code_regime="0",
        doublement=False,
        responsables_eleve=ResponsablesEleve(
            legal=[Lien(id_prv_per="3", code_parente="10", heberge_eleve=True)]
        ),
        scolarite_active=ScolariteActive(
            code_mef="20010018110",
            code_division="2NDE1",
            code_statut="ST",
            date_deb_sco=D(2019, 9, 2),
        ),
        etablissement_an_dernier=EtablissementAnDernier(code_rne="0752387M", code_provenance="1"),
    )


def eleves() -> list[Eleve]:
    return [eleve_maximal(), eleve_sortant(), eleve_minimal()]


def read_back(path: Path) -> tuple[list[Any], list[Any]]:
    people: list[Any] = []
    pupils: list[Any] = []
    with open_document(path, formats=[SPEC]) as doc:
        assert doc.kind == "import-eleves"
        for block, record in doc.typed():
            (people if block == "PERSONNES" else pupils).append(record)
    return people, pupils


def without_sdk_ids(records: list[Any]) -> list[Any]:
    out = []
    for record in records:
        name = "eleve_id" if isinstance(record, Eleve) else "personne_id"
        out.append(record.model_copy(update={name: None}))
    return out


# --- writing valid files --------------------------------------------------------------------


@pytest.mark.parametrize("version", ["3.1", "3.1-corrigee", "3.0", "2.0"])
def test_maximal_file_validates(tmp_path: Path, version: str) -> None:
    path = tmp_path / "import.xml"
    result = write_import(path, parametres(), personnes(), eleves(), version=version)
    assert validate_import(path, version) == []
    assert (result.personnes, result.eleves, result.sortants) == (4, 3, 1)
    assert result.options == 2
    if version == "2.0":
        assert (result.liens, result.liens_ignores) == (4, 2)
    else:
        assert (result.liens, result.liens_ignores) == (6, 0)
    lines = path.read_bytes().decode("iso8859-15").splitlines()
    assert lines[0] == '<?xml version="1.0" encoding="ISO-8859-15"?>'
    expected_attr = version.removesuffix("-corrigee")
    assert lines[1] == f'<IMPORT_ELEVES VERSION="{expected_attr}">'
    assert lines[2] == "  <PARAMETRES>"
    assert "    <DATE_IMPORT>05/09/2019</DATE_IMPORT>" in lines
    assert all(line.strip() and (len(line) - len(line.lstrip(" "))) % 2 == 0 for line in lines)
    assert not any("\t" in line for line in lines)


def test_round_trip_31(tmp_path: Path) -> None:
    path = tmp_path / "import.xml"
    write_import(path, parametres(), personnes(), eleves())
    people, pupils = read_back(path)
    assert people == without_sdk_ids(personnes())
    assert pupils == without_sdk_ids(eleves())
    assert pupils[1].is_leaver and not pupils[0].is_leaver


def test_round_trip_30_uses_financier(tmp_path: Path) -> None:
    path = tmp_path / "import.xml"
    write_import(path, parametres(), personnes(), eleves(), version="3.0")
    raw = path.read_text(encoding="iso8859-15")
    assert "<FINANCIER>true</FINANCIER>" in raw
    assert "PAIE_FRAIS_SCOLAIRES" not in raw and "A_CONTACTER_EN_PRIORITE" not in raw
    _, pupils = read_back(path)
    expected = without_sdk_ids(eleves())
    for pupil, wanted in zip(pupils, expected, strict=True):
        assert wanted.responsables_eleve is not None
        links = []
        for link in wanted.responsables_eleve.legal + wanted.responsables_eleve.personne_en_charge:
            links.append(
                link.model_copy(
                    update={
                        "financier": link.paie_frais_scolaires,
                        "paie_frais_scolaires": None,
                        "a_contacter_en_priorite": None,
                    }
                )
            )
        block = wanted.responsables_eleve
        nlegal = len(block.legal)
        fixed = block.model_copy(
            update={"legal": links[:nlegal], "personne_en_charge": links[nlegal:]}
        )
        assert pupil == wanted.model_copy(update={"responsables_eleve": fixed})
    # what was read from 3.0 writes back as 3.1 with PAIE_FRAIS_SCOLAIRES
    people, _ = read_back(path)
    again = tmp_path / "again.xml"
    write_import(again, parametres(), people, pupils, version="3.1")
    assert "<PAIE_FRAIS_SCOLAIRES>true</PAIE_FRAIS_SCOLAIRES>" in again.read_text(
        encoding="iso8859-15"
    )


def test_2_0_legal1_legal2_with_old_codes(tmp_path: Path) -> None:
    path = tmp_path / "import.xml"
    pupil = eleve_maximal()
    assert pupil.responsables_eleve is not None
    pupil.responsables_eleve.legal[1].code_parente = "38"  # ascendant -> 4 (family member)
    write_import(path, parametres(), personnes(), [pupil], version="2.0")
    assert validate_import(path, "2.0") == []
    _, pupils = read_back(path)
    block = pupils[0].responsables_eleve
    assert block.legal == [] and block.contact == [] and block.personne_en_charge == []
    assert block.legal1 == Lien(id_prv_per="1", code_parente="2")
    assert block.legal2 == Lien(id_prv_per="2", code_parente="4")
    assert [role for role, _ in block.links()] == ["LEGAL1", "LEGAL2"]
    # a 2.0 read-back written as 3.1 gets 2-character codes back
    again = tmp_path / "again.xml"
    people, _ = read_back(path)
    fixed = pupils[0].model_copy(
        update={
            "responsables_eleve": ResponsablesEleve(
                legal1=Lien(id_prv_per="1", code_parente="2", heberge_eleve=True),
                legal2=Lien(id_prv_per="2", code_parente="1", heberge_eleve=False),
            )
        }
    )
    write_import(again, parametres(), people, [fixed], version="3.1-corrigee")
    _, back = read_back(again)
    assert [(link.id_prv_per, link.code_parente) for link in back[0].responsables_eleve.legal] == [
        ("1", "10"),
        ("2", "20"),
    ]


def test_reference_skeleton_validates(tmp_path: Path) -> None:
    skeleton = """<?xml version="1.0" encoding="ISO-8859-15"?>
<IMPORT_ELEVES VERSION="3.1">
  <PARAMETRES>
    <UAJ>0750680G</UAJ><ANNEE_SCOLAIRE>2019</ANNEE_SCOLAIRE><DATE_IMPORT>05/09/2019</DATE_IMPORT>
    <NUM_ENVOI>1</NUM_ENVOI><LOGICIEL>EXEMPLE</LOGICIEL>
  </PARAMETRES>
  <DONNEES>
    <PERSONNES>
      <PERSONNE><ID_PRV_PER>1</ID_PRV_PER><CODE_CIVILITE>2</CODE_CIVILITE>
        <NOM_DE_FAMILLE>EXEMPLE</NOM_DE_FAMILLE><PRENOM>Anne</PRENOM>
        <COMMUNICATION_ADRESSE>false</COMMUNICATION_ADRESSE><CODE_PROFESSION>99</CODE_PROFESSION>
        <ENFANT_A_CHARGE>1</ENFANT_A_CHARGE></PERSONNE>
    </PERSONNES>
    <ELEVES>
      <ELEVE><ID_PRV_ELE>1</ID_PRV_ELE><NOM_DE_FAMILLE>EXEMPLE</NOM_DE_FAMILLE><PRENOM>Paul</PRENOM>
        <CODE_PAYS_NAT>100</CODE_PAYS_NAT><DATE_NAISS>2004-05-06</DATE_NAISS><CODE_SEXE>1</CODE_SEXE>
        <CODE_PAYS>100</CODE_PAYS><CODE_COMMUNE_INSEE_NAISS>75112</CODE_COMMUNE_INSEE_NAISS>
        <ADHESION_TRANSPORT>false</ADHESION_TRANSPORT><CODE_REGIME>0</CODE_REGIME><DOUBLEMENT>false</DOUBLEMENT>
        <RESPONSABLES_ELEVE><LEGAL><ID_PRV_PER>1</ID_PRV_PER><CODE_PARENTE>10</CODE_PARENTE>
          <HEBERGE_ELEVE>true</HEBERGE_ELEVE></LEGAL></RESPONSABLES_ELEVE>
        <SCOLARITE_ACTIVE><CODE_MEF>20010018110</CODE_MEF><CODE_DIVISION>2NDE1</CODE_DIVISION>
          <CODE_STATUT>ST</CODE_STATUT><DATE_DEB_SCO>2019-09-02</DATE_DEB_SCO><OPTIONS></OPTIONS></SCOLARITE_ACTIVE>
        <ETABLISSEMENT_AN_DERNIER><CODE_RNE>0752387M</CODE_RNE><CODE_PROVENANCE>1</CODE_PROVENANCE>
          <OPTIONS_AN_DERNIER></OPTIONS_AN_DERNIER></ETABLISSEMENT_AN_DERNIER></ELEVE>
    </ELEVES>
  </DONNEES>
</IMPORT_ELEVES>
"""
    path = tmp_path / "skeleton.xml"
    path.write_bytes(skeleton.encode("iso8859-15"))
    assert validate_import(path, "3.1") == []
    assert validate_import(path, "3.1-corrigee") == []
    assert_valid_import(path, "3.1")
    # the models read it and the writer reproduces an equivalent valid file
    people, pupils = read_back(path)
    assert pupils == [
        eleve_minimal().model_copy(
            update={
                "responsables_eleve": ResponsablesEleve(
                    legal=[Lien(id_prv_per="1", code_parente="10", heberge_eleve=True)]
                )
            }
        )
    ]
    written = tmp_path / "written.xml"
    write_import(written, parametres(), people, pupils)
    assert read_back(written) == (people, pupils)


def test_sdk_only_ids_are_never_written(tmp_path: Path) -> None:
    path = tmp_path / "import.xml"
    write_import(path, parametres(), personnes(), eleves())
    raw = path.read_bytes()
    assert b"ELEVE_ID" not in raw and b"PERSONNE_ID" not in raw
    assert b"1851082" not in raw and b"4455667" not in raw
    node = eleve_maximal().to_node()
    assert "ELEVE_ID" not in {child["tag"] for child in node["children"]}
    assert "ELEVE_ID" not in Eleve.field_tags()
    assert "PERSONNE_ID" not in {c["tag"] for c in personnes()[0].to_node()["children"]}


def test_to_node_puts_leaver_group_first() -> None:
    tags = [child["tag"] for child in eleve_sortant().to_node()["children"]]
    assert tags[:3] == ["CODE_MOTIF_SORTIE", "DATE_SORTIE", "ID_PRV_ELE"]
    assert eleve_maximal().to_node()["children"][0]["tag"] == "ID_PRV_ELE"


def test_parametres_date_import_is_french() -> None:
    p = parametres()
    assert p.date_import_text == "05/09/2019"
    assert {c["tag"]: c["text"] for c in p.to_node()["children"]}["DATE_IMPORT"] == "05/09/2019"
    assert Parametres(
        uaj="0750680G", annee_scolaire=2019, date_import="05/09/2019", num_envoi=1, logiciel="X"
    ).date_import == D(2019, 9, 5)


# --- characters -----------------------------------------------------------------------------


def test_characters_normalised_or_kept(tmp_path: Path) -> None:
    people = personnes()
    people[0] = people[0].model_copy(
        update={
            "nom_de_famille": "L’ŒUVRE & <FILS>",
            "prenom": "“Anne”…",
            "email": "a€b@example.org",
            "nom_usage": 'D\'ALMEIDA "dit" Jo',
        }
    )
    path = tmp_path / "import.xml"
    result = write_import(path, parametres(), people, eleves())
    raw = path.read_bytes()
    assert "L'ŒUVRE &amp; &lt;FILS&gt;".encode("iso8859-15") in raw
    assert b"\xbc" in raw and b"\xa4" in raw  # Œ and € in ISO-8859-15
    assert b'"Anne"...' in raw
    assert b'<NOM_USAGE>D\'ALMEIDA "dit" Jo</NOM_USAGE>' in raw  # no character references
    assert b"&#" not in raw
    changed = {(record, field): after for record, field, _, after in result.changes}
    label = "personne ID_PRV_PER=1 (L’ŒUVRE & <FILS> “Anne”…)"
    assert changed == {
        (label, "NOM_DE_FAMILLE"): "L'ŒUVRE & <FILS>",
        (label, "PRENOM"): '"Anne"...',
    }
    back, _ = read_back(path)
    assert back[0].nom_de_famille == "L'ŒUVRE & <FILS>"
    assert back[0].email == "a€b@example.org"


def test_chinese_character_is_refused(tmp_path: Path) -> None:
    pupil = eleve_maximal().model_copy(update={"prenom": "Marie 王"})
    path = tmp_path / "import.xml"
    with pytest.raises(UnencodableCharacter) as info:
        write_import(path, parametres(), personnes(), [pupil])
    assert "élève ID_PRV_ELE=12 (DUPONT Marie 王)" in info.value.message
    assert "champ PRENOM" in info.value.message
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_utf8_output_keeps_everything(tmp_path: Path) -> None:
    pupil = eleve_maximal().model_copy(update={"prenom": "Marie’王"})
    path = tmp_path / "import.xml"
    result = write_import(path, parametres(), personnes(), [pupil], encoding="utf-8")
    assert result.changes == []
    assert path.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    assert read_back(path)[1][0].prenom == "Marie’王"


def test_empty_optional_string_is_omitted(tmp_path: Path) -> None:
    pupil = eleve_maximal().model_copy(update={"nom_usage": "", "prenom2": "", "email": ""})
    path = tmp_path / "import.xml"
    write_import(path, parametres(), personnes(), [pupil])
    raw = path.read_bytes()
    assert b"NOM_USAGE>MARTIN" not in raw.split(b"<ELEVES>")[1]
    assert b"<PRENOM2>" not in raw and b"<EMAIL>marie" not in raw
    assert validate_import(path, "3.1") == []
    back = read_back(path)[1][0]
    assert (back.nom_usage, back.prenom2, back.email) == (None, None, None)


def test_no_bourse_means_no_bourses_element(tmp_path: Path) -> None:
    path = tmp_path / "import.xml"
    write_import(
        path, parametres(), personnes(), [eleve_maximal().model_copy(update={"bourses": []})]
    )
    assert b"BOURSES" not in path.read_bytes()


def test_streams_are_consumed_once(tmp_path: Path) -> None:
    path = tmp_path / "import.xml"
    result = write_import(path, parametres(), iter(personnes()), (e for e in eleves()))
    assert (result.personnes, result.eleves) == (4, 3)


# --- refusals -------------------------------------------------------------------------------


def _refused(tmp_path: Path, people: list[Personne], pupils: list[Eleve], **kwargs: Any) -> str:
    path = tmp_path / "import.xml"
    path.write_bytes(b"previous file")
    with pytest.raises(VendorDataError) as info:
        write_import(path, parametres(), people, pupils, **kwargs)
    assert path.read_bytes() == b"previous file"
    assert [p.name for p in tmp_path.iterdir()] == ["import.xml"]
    return info.value.message


def test_duplicate_person_id(tmp_path: Path) -> None:
    people = personnes()
    people[3] = people[3].model_copy(update={"id_prv_per": "1"})
    message = _refused(tmp_path, people, eleves())
    assert "personne ID_PRV_PER=1 (BERNARD Paul)" in message and "ID_PRV_PER 1" in message


def test_duplicate_pupil_id(tmp_path: Path) -> None:
    message = _refused(
        tmp_path,
        personnes(),
        [eleve_minimal(), eleve_sortant().model_copy(update={"id_prv_ele": "1"})],
    )
    assert "élève ID_PRV_ELE=1 (DUPONT Jean)" in message


def test_duplicate_ine(tmp_path: Path) -> None:
    other = eleve_minimal().model_copy(update={"id_national": "1234567890A"})
    message = _refused(tmp_path, personnes(), [eleve_maximal(), other])
    assert "ID_NATIONAL « 1234567890A »" in message and "EXEMPLE Paul" in message


def test_dangling_link(tmp_path: Path) -> None:
    pupil = eleve_minimal().model_copy(
        update={
            "responsables_eleve": ResponsablesEleve(
                legal=[Lien(id_prv_per="99", code_parente="10", heberge_eleve=True)]
            )
        }
    )
    message = _refused(tmp_path, personnes(), [pupil])
    assert "élève ID_PRV_ELE=1 (EXEMPLE Paul)" in message and "ID_PRV_PER 99" in message


@pytest.mark.parametrize("bad", ["100000", "-1", "1a", " 1", ""])
def test_id_out_of_range(tmp_path: Path, bad: str) -> None:
    pupil = eleve_minimal().model_copy(update={"id_prv_ele": bad})
    message = _refused(tmp_path, personnes(), [pupil])
    assert "ID_PRV_ELE" in message


def test_person_id_100000(tmp_path: Path) -> None:
    people = personnes()
    people[2] = people[2].model_copy(update={"id_prv_per": "100000"})
    message = _refused(tmp_path, people, [eleve_sortant()])
    assert "ID_PRV_PER « 100000 »" in message and "entier de 0 à 99999" in message


def test_empty_required_field(tmp_path: Path) -> None:
    message = _refused(
        tmp_path, personnes(), [eleve_minimal().model_copy(update={"nom_de_famille": ""})]
    )
    assert "NOM_DE_FAMILLE" in message and "vide" in message
    people = personnes()
    people[0] = people[0].model_copy(update={"code_profession": ""})
    assert "CODE_PROFESSION" in _refused(tmp_path, people, [eleve_minimal()])


def test_current_pupil_needs_its_blocks(tmp_path: Path) -> None:
    message = _refused(
        tmp_path, personnes(), [eleve_minimal().model_copy(update={"scolarite_active": None})]
    )
    assert "SCOLARITE_ACTIVE" in message and "absent" in message


def test_2_0_needs_a_division(tmp_path: Path) -> None:
    pupil = eleve_minimal()
    assert pupil.scolarite_active is not None
    pupil.scolarite_active.code_division = None
    message = _refused(tmp_path, personnes(), [pupil], version="2.0")
    assert "SCOLARITE_ACTIVE/CODE_DIVISION" in message
    write_import(tmp_path / "ok.xml", parametres(), personnes(), [pupil], version="3.1")


def test_unknown_one_character_parente_in_3x(tmp_path: Path) -> None:
    pupil = eleve_minimal().model_copy(
        update={
            "responsables_eleve": ResponsablesEleve(
                legal=[Lien(id_prv_per="3", code_parente="9", heberge_eleve=True)]
            )
        }
    )
    assert "CODE_PARENTE « 9 »" in _refused(tmp_path, personnes(), [pupil])


def test_control_character_refused(tmp_path: Path) -> None:
    message = _refused(
        tmp_path, personnes(), [eleve_minimal().model_copy(update={"prenom": "Pa\x01ul"})]
    )
    assert "U+0001" in message and "PRENOM" in message


# --- XSD validation messages ----------------------------------------------------------------


def test_template_override_producing_an_invalid_file(tmp_path: Path) -> None:
    overrides = tmp_path / "templates"
    overrides.mkdir()
    (overrides / "import-eleves-3.1.xml").write_text(
        '{% extends "core/import-eleves-3.1.xml" %}', encoding="utf-8"
    )
    macros = (Path(__file__).parents[1] / "templates" / "_import_macros.xml").read_text(
        encoding="utf-8"
    )
    (overrides / "_import_macros.xml").write_text(
        macros.replace("        <CODE_REGIME>", "        <BOGUS>1</BOGUS>\n        <CODE_REGIME>"),
        encoding="utf-8",
    )
    path = tmp_path / "out" / "import.xml"
    with pytest.raises(SchemaInvalid) as info:
        write_import(path, parametres(), personnes(), [eleve_minimal()], template_dirs=[overrides])
    message = info.value.message
    assert "n'est pas conforme au schéma IMPORT_ELEVES 3.1" in message
    assert "ligne 76, ELEVES/ELEVE/BOGUS" in message
    assert "élément inattendu" in message
    assert not path.exists() and list(path.parent.iterdir()) == []


def test_hand_written_bad_file_gives_french_messages(tmp_path: Path) -> None:
    bad = (
        '<?xml version="1.0" encoding="ISO-8859-15"?>\n'
        '<IMPORT_ELEVES VERSION="3.1">\n'
        "  <PARAMETRES>\n"
        "    <UAJ>0750680G</UAJ>\n"
        "    <ANNEE_SCOLAIRE>2019</ANNEE_SCOLAIRE>\n"
        "    <DATE_IMPORT>2019-09-05</DATE_IMPORT>\n"
        "    <NUM_ENVOI>100000</NUM_ENVOI>\n"
        "    <LOGICIEL>EXEMPLE</LOGICIEL>\n"
        "  </PARAMETRES>\n"
        "  <DONNEES>\n"
        "    <PERSONNES>\n"
        "      <PERSONNE><ID_PRV_PER>1</ID_PRV_PER><CODE_CIVILITE>2</CODE_CIVILITE>"
        "<NOM_DE_FAMILLE>X</NOM_DE_FAMILLE><NOM_USAGE></NOM_USAGE><PRENOM>A</PRENOM>"
        "<CODE_PROFESSION>99</CODE_PROFESSION></PERSONNE>\n"
        "    </PERSONNES>\n"
        "    <ELEVES>\n"
        "      <ELEVE><ID_PRV_ELE>1</ID_PRV_ELE></ELEVE>\n"
        "    </ELEVES>\n"
        "  </DONNEES>\n"
        "</IMPORT_ELEVES>\n"
    )
    path = tmp_path / "bad.xml"
    path.write_bytes(bad.encode("iso8859-15"))
    messages = validate_import(path, "3.1")
    assert messages[0] == (
        "ligne 6, PARAMETRES/DATE_IMPORT : la valeur « 2019-09-05 » ne "
        "respecte pas le format attendu (une date jj/mm/aaaa)."
    )
    assert messages[1].startswith("ligne 7, PARAMETRES/NUM_ENVOI : la valeur 100000 dépasse")
    assert messages[2].startswith("ligne 12, PERSONNES/PERSONNE/NOM_USAGE : l'élément est vide")
    assert messages[3].startswith("ligne 15, ELEVES/ELEVE : il manque un élément obligatoire")
    with pytest.raises(SchemaInvalid) as info:
        assert_valid_import(path, "3.1")
    assert "4 erreurs" in info.value.message


def test_not_well_formed_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_bytes(b'<?xml version="1.0"?>\n<IMPORT_ELEVES>\n<A></B>\n</IMPORT_ELEVES>\n')
    (message,) = validate_import(path, "3.0")
    assert "n'est pas bien formé" in message and "ligne 3" in message


def test_corrected_schema_requires_two_character_parente(tmp_path: Path) -> None:
    path = tmp_path / "import.xml"
    write_import(path, parametres(), personnes(), [eleve_minimal()])
    text = path.read_text(encoding="iso8859-15").replace(
        "<CODE_PARENTE>10</CODE_PARENTE>", "<CODE_PARENTE>2</CODE_PARENTE>"
    )
    path.write_bytes(text.encode("iso8859-15"))
    assert validate_import(path, "3.1") == []
    (message,) = validate_import(path, "3.1-corrigee")
    assert "CODE_PARENTE" in message and "il en faut au moins 2" in message


def test_unknown_version() -> None:
    with pytest.raises(ValueError, match="inconnue"):
        write_import("x.xml", parametres(), [], [], version="4.0")


@pytest.mark.parametrize("version", ["3.1", "3.0", "2.0"])
def test_every_schema_element_is_used(tmp_path: Path, version: str) -> None:
    from lxml import etree

    xsd = Path(__file__).parents[1] / "siecle_sdk" / "io" / "xsd" / f"schema_Import_{version}.xsd"
    declared = {
        el.get("name")
        for el in etree.parse(str(xsd)).iter("{http://www.w3.org/2001/XMLSchema}element")
        if el.get("name")
    }
    path = tmp_path / "import.xml"
    write_import(path, parametres(), personnes(), eleves(), version=version)
    written = {el.tag for el in etree.parse(str(path)).iter()}
    assert declared - written == set()
