"""PEPCS: PCS in the list; PCS 99 for the aide sociale à l'enfance."""

from __future__ import annotations

from siecle_sdk.models.import_eleves import ResponsablesEleve
from siecle_sdk.rules import Consequence

from .conftest import Kit, eleve, lien, only, pere, personne, silent


def test_unknown_pcs(kit: Kit) -> None:
    report = kit.check(personnes=[personne(code_profession="30"), pere()])
    finding = only(
        report,
        "PEPCS",
        section=2,
        consequence=Consequence.ANOMALY,
        record="responsable",
        value="30",
    )
    assert not finding.confirmed


def test_legal_representative_linked_as_ase(kit: Kit) -> None:
    ase = personne(id_prv_per="3", nom_de_famille="ASE PARIS", prenom="Service")
    links = ResponsablesEleve(legal=[lien("1", "10"), lien("3", "51")])
    report = kit.check(
        personnes=[personne(), pere(), ase], eleves=[eleve(responsables_eleve=links)]
    )
    finding = only(
        report,
        "PEPCS_B_01",
        section=2,
        consequence=Consequence.ANOMALY,
        record="responsable",
        private_id="3",
        value="33",
    )
    assert "99" in finding.message and finding.name == "ASE PARIS Service"
    silent(
        kit.check(
            personnes=[personne(), pere(), ase.model_copy(update={"code_profession": "99"})],
            eleves=[eleve(responsables_eleve=links)],
        )
    )
