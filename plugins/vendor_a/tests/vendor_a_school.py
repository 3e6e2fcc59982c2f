"""A school that fills every field of the import models (vendor_a tests), and helpers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from siecle_sdk.models.import_eleves import (
    Adresse,
    Bourse,
    Eleve,
    EtablissementAnDernier,
    Lien,
    OptionEleve,
    Personne,
    ResponsablesEleve,
    ScolariteActive,
)
from siecle_sdk.plugin.adapter import School

#: the real SIECLE samples of the core's test suite
SAMPLES = Path(__file__).resolve().parents[3] / "tests" / "data" / "siecle-samples"


def france(line: str = "12 rue de l'Église", postal: str = "75011") -> Adresse:
    return Adresse(ligne1_adresse=line, code_postal=postal, ll_postal="PARIS 11E", code_pays="100")


def abroad() -> Adresse:
    return Adresse(
        ligne1_adresse="Calle Mayor 3",
        ligne2_adresse="Piso 2",
        ligne3_adresse="Puerta B",
        ligne4_adresse="Barrio Sol",
        commune_etrangere="Madrid",
        code_pays="134",
    )


def persons() -> list[Personne]:
    return [
        Personne(
            id_prv_per="1",
            code_civilite="2",
            nom_de_famille="DURAND",
            nom_usage="MARTIN-DURAND",
            prenom="Hélène",
            adresse=france(),
            communication_adresse=True,
            code_profession="33",
            tel_personnel="0102030405",
            tel_professionnel="0102030406",
            tel_portable="0607080910",
            accepte_sms=False,
            email="helene.durand@example.org",
            enfant_a_charge=2,
            personne_id="9001",
        ),
        Personne(
            id_prv_per="2",
            code_civilite="1",
            nom_de_famille="DURAND",
            prenom="François",
            adresse=abroad(),
            code_profession="99",
            enfant_a_charge=0,
        ),
        Personne(
            id_prv_per="3",
            code_civilite="",
            nom_de_famille="LŒUVRE",
            prenom="Zoé",
            code_profession="",
            personne_id="9003",
        ),
    ]


def _legal(person: str, code: str, **flags: bool | None) -> Lien:
    return Lien(id_prv_per=person, code_parente=code, **flags)


def pupils() -> list[Eleve]:
    full = Eleve(
        id_prv_ele="101",
        id_national="1234567890A",
        ine_bea="1234567890A",
        ine_rnie="123456789AB",
        nom_de_famille="DURAND",
        nom_usage="MARTIN",
        prenom="Anaïs",
        prenom2="Éloïse",
        prenom3="Marie",
        code_pays_nat="100",
        date_naiss=dt.date(2009, 2, 28),
        code_sexe="2",
        code_pays="100",
        code_commune_insee_naiss="75111",
        date_entree=dt.date(2023, 9, 4),
        adresse=france("3 bd Voltaire; bât. « A »"),
        tel_personnel="0102030405",
        tel_professionnel="0102030499",
        tel_portable="0611111111",
        accepte_sms=True,
        email="anais@example.org",
        adhesion_transport=True,
        code_regime="2",
        doublement=False,
        bourses=[Bourse(code_bourse="NAT", nb_part=3), Bourse(code_bourse="DEP", nb_part=0)],
        responsables_eleve=ResponsablesEleve(
            legal=[
                _legal(
                    "1",
                    "10",
                    paie_frais_scolaires=True,
                    heberge_eleve=True,
                    percoit_les_aides=True,
                    a_contacter_en_priorite=True,
                ),
                _legal("2", "20", financier=False, heberge_eleve=False),
            ],
            personne_en_charge=[_legal("3", "39", heberge_eleve=False)],
            contact=[_legal("3", "90")],
        ),
        scolarite_active=ScolariteActive(
            code_mef="10010012110",
            code_division="3E A",
            code_statut="ST",
            date_deb_sco=dt.date(2024, 9, 2),
            date_fin_sco=dt.date(2025, 7, 4),
            arret_formation=False,
            options=[
                OptionEleve(code_matiere="030201", code_modalite_elect="O"),
                OptionEleve(code_matiere="030602", code_modalite_elect="F"),
                OptionEleve(code_matiere="020700", code_modalite_elect="S"),
            ],
        ),
        etablissement_an_dernier=EtablissementAnDernier(
            code_rne="0750680G",
            code_departement="075",
            code_provenance="1",
            code_mef="10110001110",
            type_mef="1",
            code_division="4E B",
            code_statut="ST",
            date_deb_sco=dt.date(2023, 9, 4),
            date_fin_sco=dt.date(2024, 7, 5),
            options_an_dernier=["0302", "0306"],
        ),
        eleve_id="5001",
    )
    minimal = Eleve(
        id_prv_ele="102",
        nom_de_famille="N'DIAYE",
        prenom="Moussa",
        date_naiss=dt.date(2010, 12, 31),
        code_pays="341",
        ville_naiss="Dakar",
        adhesion_transport=False,
        code_regime="0",
        doublement=True,
    )
    leaver = Eleve(
        code_motif_sortie="01",
        date_sortie=dt.date(2025, 1, 17),
        id_prv_ele="103",
        nom_de_famille="LEFÈVRE",
        prenom="Jérôme",
        date_naiss=dt.date(2008, 6, 1),
        code_pays="100",
        adresse=abroad(),
        adhesion_transport=False,
        code_regime="2",
        doublement=False,
        bourses=[],
        responsables_eleve=ResponsablesEleve(legal=[_legal("1", "10")]),
        scolarite_active=ScolariteActive(
            code_mef="10010012110", code_statut="ST", date_deb_sco=dt.date(2024, 9, 2)
        ),
        etablissement_an_dernier=EtablissementAnDernier(code_provenance="", code_rne="0750680G"),
        eleve_id="5003",
    )
    blanks = Eleve(
        id_prv_ele="104",
        nom_de_famille="",
        prenom="Œdipe",
        date_naiss="",
        code_pays="",
        adhesion_transport="",
        code_regime="",
        doublement="",
        bourses=[Bourse(code_bourse="", nb_part="")],
        responsables_eleve=ResponsablesEleve(legal1=_legal("2", ""), legal2=_legal("1", "1")),
        scolarite_active=ScolariteActive(
            code_mef="",
            code_statut="",
            date_deb_sco="",
            options=[OptionEleve(code_matiere="", code_modalite_elect="")],
        ),
        etablissement_an_dernier=EtablissementAnDernier(
            code_provenance="", options_an_dernier=[""]
        ),
    )
    return [full, minimal, leaver, blanks]


def make_school() -> School:
    return School(
        uai="0750680G", school_year="2024", persons=persons(), pupils=pupils(), software="ÉCOLE+"
    )


def by_id(records: object) -> dict[str, object]:
    result: dict[str, object] = {}
    for record in records:  # type: ignore[attr-defined]
        key = getattr(record, "id_prv_ele", None) or record.id_prv_per
        result[key] = record
    return result
