"""rules.md §5: situations SIECLE accepted without anomaly, in one 3.1 file; missing exports."""

from __future__ import annotations

import datetime as dt

from siecle_sdk.models.import_eleves import ResponsablesEleve
from siecle_sdk.rules.builtin import siecle_rules
from siecle_sdk.rules.engine import check_file

from .conftest import UAI, Kit, an_dernier, eleve, lien, pere, personne, scolarite, silent

D = dt.date


def test_every_observation_at_once(kit: Kit) -> None:
    personnes = [
        personne(adresse=None, tel_portable=None, tel_personnel="0561234567"),
        pere(code_civilite="1", tel_portable="0612345678"),
    ]
    pupil = eleve(
        id_national=None,
        nom_de_famille="Dupont",
        prenom="paul",
        code_commune_insee_naiss="75012",
        date_entree=None,
        responsables_eleve=ResponsablesEleve(legal=[lien("1", "10"), lien("2", "20")]),
        scolarite_active=scolarite(date_fin_sco=D(2020, 3, 15)),
        etablissement_an_dernier=an_dernier(code_rne=UAI, code_provenance="1"),
    )
    report = kit.check(personnes=personnes, eleves=[pupil])
    silent(report)
    assert not report.blocking and report.disabled == {}


def test_rules_without_their_export_are_listed(kit: Kit) -> None:
    pupil = eleve(scolarite_active=scolarite(code_division="1G1"))
    report = check_file(
        kit.write(eleves=[pupil]),
        {"nomenclature": kit.exports["nomenclature"]},
        rules=siecle_rules(),
    )
    silent(report)
    assert report.disabled["ACDIV"] == ["structures"]
    assert report.disabled["SCOAC"] == ["communs"]
    assert report.disabled["ELNOM"] == ["eleves"] and report.disabled["CREAT"] == ["eleves"]
    assert report.disabled["ELNAT"] == ["geographique"]
    assert "REGIM" not in report.disabled and "COMAD" not in report.disabled
    bare = check_file(kit.write(eleves=[pupil]), {}, rules=siecle_rules())
    assert bare.disabled["REGIM"] == ["nomenclature"] and bare.disabled["MODCH"] == ["nomenclature"]
