"""Records used by the vendor_b tests: a small school that sets every field the import carries,
with ``None`` and ``""`` where the models allow them, every link role, and shared addresses."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from siecle_sdk.models import import_eleves as im
from siecle_sdk.plugin.adapter import School

UAI = "0311234Y"


def paris(line: str = "1 rue de Rivoli") -> im.Adresse:
    return im.Adresse(
        ligne1_adresse=line,
        ligne2_adresse="Escalier B",
        ligne3_adresse="",
        ligne4_adresse=None,
        code_postal="75001",
        ll_postal="PARIS",
        code_pays="100",
    )


def abroad() -> im.Adresse:
    return im.Adresse(ligne1_adresse="Via Roma 3", commune_etrangere="ROMA", code_pays="127")


def persons() -> list[im.Personne]:
    return [
        im.Personne(
            id_prv_per="1",
            code_civilite="2",
            nom_de_famille="DUPONT",
            nom_usage="MARTIN",
            prenom="Anne-Lætitia",
            adresse=paris(),
            communication_adresse=True,
            code_profession="33",
            tel_personnel="0102030405",
            tel_professionnel="",
            tel_portable="0607080910",
            accepte_sms=False,
            email="anne@example.org",
            enfant_a_charge=2,
            personne_id="9001",
        ),
        im.Personne(
            id_prv_per="2",
            code_civilite="1",
            nom_de_famille="DUPONT",
            prenom="Jérôme",
            adresse=abroad(),
            code_profession="99",
            personne_id="9002",
        ),
        im.Personne(
            id_prv_per="3",
            code_civilite="2",
            nom_de_famille="GARÇON",
            prenom="Maëlle",
            code_profession="41",
            enfant_a_charge=0,
        ),
        im.Personne(
            id_prv_per="4",
            code_civilite="1",
            nom_de_famille="LEBŒUF",
            prenom="Noël",
            code_profession="",
            communication_adresse=False,
        ),
    ]


def full_pupil() -> im.Eleve:
    """A current pupil with every field set."""
    return im.Eleve(
        id_prv_ele="1",
        id_national="123456701EK",
        ine_bea="1234567890V",
        ine_rnie="",
        nom_de_famille="DUPONT",
        nom_usage="MARTIN",
        prenom="Zoé",
        prenom2="Émilie",
        prenom3="",
        code_pays_nat="100",
        date_naiss=dt.date(2011, 2, 28),
        code_sexe="2",
        code_pays="100",
        code_commune_insee_naiss="75056",
        ville_naiss=None,
        date_entree=dt.date(2022, 9, 1),
        adresse=paris(),
        tel_personnel="0102030405",
        tel_professionnel=None,
        tel_portable="",
        accepte_sms=True,
        email="zoe@example.org",
        adhesion_transport=True,
        code_regime="2",
        doublement=False,
        bourses=[im.Bourse(code_bourse="8", nb_part=3), im.Bourse(code_bourse="1", nb_part=0)],
        responsables_eleve=im.ResponsablesEleve(
            legal=[
                im.Lien(
                    id_prv_per="1",
                    code_parente="10",
                    paie_frais_scolaires=True,
                    heberge_eleve=True,
                    percoit_les_aides=True,
                    a_contacter_en_priorite=True,
                ),
                im.Lien(
                    id_prv_per="2",
                    code_parente="20",
                    financier=False,
                    heberge_eleve=False,
                    percoit_les_aides=False,
                ),
            ],
            personne_en_charge=[im.Lien(id_prv_per="3", code_parente="41", heberge_eleve=False)],
            contact=[im.Lien(id_prv_per="4", code_parente="90")],
        ),
        scolarite_active=im.ScolariteActive(
            code_mef="10210001110",
            code_division="4A",
            code_statut="ST",
            date_deb_sco=dt.date(2024, 9, 2),
            date_fin_sco=dt.date(2025, 7, 4),
            arret_formation=False,
            options=[
                im.OptionEleve(code_matiere="030602", code_modalite_elect="O"),
                im.OptionEleve(code_matiere="030201", code_modalite_elect="O"),
                im.OptionEleve(code_matiere="020300", code_modalite_elect="F"),
            ],
        ),
        etablissement_an_dernier=im.EtablissementAnDernier(
            code_rne="0311234Y",
            code_departement=None,
            code_provenance="2",
            code_mef="10110001110",
            type_mef="",
            code_division="5B",
            code_statut="ST",
            date_deb_sco=dt.date(2023, 9, 4),
            date_fin_sco="",
            options_an_dernier=["ESP2", "AGL1"],
        ),
        eleve_id="5001",
    )


def pupils() -> list[im.Eleve]:
    sibling = full_pupil().model_copy(
        update={
            "id_prv_ele": "2",
            "eleve_id": "5002",
            "id_national": None,
            "ine_bea": None,
            "ine_rnie": None,
            "prenom": "Théo",
            "bourses": [],
            "scolarite_active": im.ScolariteActive(
                code_mef="10010012110", code_statut="ST", date_deb_sco=""
            ),
            "etablissement_an_dernier": im.EtablissementAnDernier(
                code_departement="031", code_provenance="8"
            ),
        }
    )
    leaver = im.Eleve(
        code_motif_sortie="13",
        date_sortie=dt.date(2024, 12, 20),
        id_prv_ele="3",
        nom_de_famille="LEBŒUF",
        prenom="Aurélien",
        date_naiss=dt.date(2010, 4, 18),
        code_pays="127",
        ville_naiss="ROMA",
        adresse=abroad(),
        adhesion_transport=False,
        code_regime="0",
        doublement=True,
        responsables_eleve=im.ResponsablesEleve(
            legal1=im.Lien(id_prv_per="4", code_parente="2"),
            legal2=im.Lien(id_prv_per="3", code_parente="1"),
        ),
    )
    orphan = im.Eleve(
        id_prv_ele="4",
        nom_de_famille="SANS",
        prenom="Représentant",
        date_naiss="",
        code_pays="",
        adhesion_transport=False,
        code_regime="",
        doublement=False,
        responsables_eleve=im.ResponsablesEleve(),
    )
    return [full_pupil(), sibling, leaver, orphan]


def school() -> School:
    return School(
        uai=UAI, school_year="2024", persons=persons(), pupils=pupils(), software="vendor_b"
    )


def dump(path: Path) -> list[str]:
    """Every statement recreating the database: equal dumps, equal databases."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
