"""A synthetic school: its exports, its pupils and persons in import form, its import file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ...errors import VendorDataError
from ...models import import_eleves as imp
from ...plugin.adapter import School
from .exports import ExportWriter
from .people import (
    SchoolStats,
    _Address,
    _Person,
    _Pupil,
    _rentree,
    _year_end,
)
from .tables import (
    MAX_PUPILS,
    SOFTWARE,
    Progress,
)

__all__ = ["MAX_PUPILS", "SOFTWARE", "Progress", "SchoolStats", "SyntheticSchool"]


class SyntheticSchool(ExportWriter):
    """A fictitious private collège + lycée of ``pupils`` pupils, the same for the same arguments.

    ``uai`` defaults to a valid UAI drawn from ``seed`` (départements 075, 059, 069, 033, 013).
    Nothing is drawn for the pupils until a method iterates over them; each iteration
    regenerates them from the seed, one family at a time.
    """

    # --- import form (models) ------------------------------------------------------------------
    @staticmethod
    def _import_adresse(a: _Address | None) -> imp.Adresse | None:
        if a is None:
            return None
        lines = [*a.lines, None, None, None][:4]
        return imp.Adresse(
            ligne1_adresse=lines[0],
            ligne2_adresse=lines[1],
            ligne3_adresse=lines[2],
            ligne4_adresse=lines[3],
            code_postal=a.code_postal or None,
            ll_postal=a.libelle_postal or None,
            commune_etrangere=a.commune_etrangere or None,
            code_pays=a.code_pays,
        )

    def _import_personne(self, p: _Person) -> imp.Personne:
        return imp.Personne(
            id_prv_per=p.id_prv,
            code_civilite=p.civilite,
            nom_de_famille=p.nom,
            nom_usage=p.nom_usage,
            prenom=p.prenom,
            adresse=self._import_adresse(p.address),
            communication_adresse=p.communication,
            code_profession=p.profession,
            tel_personnel=p.tel_personnel,
            tel_professionnel=p.tel_professionnel,
            tel_portable=p.tel_portable,
            accepte_sms=True if p.tel_portable else None,
            email=p.mel,
            enfant_a_charge=p.enfants,
            personne_id=p.personne_id,
        )

    def _import_eleve(self, p: _Pupil) -> imp.Eleve:
        legal: list[imp.Lien] = []
        in_charge: list[imp.Lien] = []
        contacts: list[imp.Lien] = []
        for link in p.links:
            person = link.person.id_prv
            if link.level == 1:
                legal.append(
                    imp.Lien(
                        id_prv_per=person,
                        code_parente=link.parente,
                        paie_frais_scolaires=link.paie,
                        heberge_eleve=link.heberge,
                        percoit_les_aides=link.aides,
                        a_contacter_en_priorite=link.priorite,
                    )
                )
            elif link.level == 2:
                in_charge.append(
                    imp.Lien(
                        id_prv_per=person,
                        code_parente=link.parente,
                        paie_frais_scolaires=link.paie,
                        heberge_eleve=link.heberge,
                        a_contacter_en_priorite=link.priorite,
                    )
                )
            else:
                contacts.append(imp.Lien(id_prv_per=person, code_parente=link.parente))
        school = p.previous
        previous_start = _rentree(self.year - 1)
        return imp.Eleve(
            code_motif_sortie=p.sortie[1] if p.sortie else None,
            date_sortie=p.sortie[0] if p.sortie else None,
            id_prv_ele=p.id_prv,
            id_national=p.ine_rnie,
            ine_bea=p.ine_bea,
            ine_rnie=p.ine_rnie,
            nom_de_famille=p.nom,
            nom_usage=p.nom_usage,
            prenom=p.prenom,
            prenom2=p.prenom2,
            prenom3=p.prenom3,
            code_pays_nat=p.nationalite,
            date_naiss=p.date_naiss,
            code_sexe=p.sexe,
            code_pays=p.pays_naiss,
            code_commune_insee_naiss=p.commune_naiss,
            ville_naiss=p.ville_naiss,
            date_entree=p.date_entree,
            adresse=self._import_adresse(p.address),
            tel_personnel=p.tel_personnel,
            tel_professionnel=p.tel_professionnel,
            tel_portable=p.tel_portable,
            accepte_sms=True if p.tel_portable else None,
            email=p.mel,
            adhesion_transport=p.transport,
            code_regime=p.regime,
            doublement=p.doublement,
            bourses=[imp.Bourse(code_bourse=code, nb_part=parts) for code, parts in p.bourses]
            or None,
            responsables_eleve=imp.ResponsablesEleve(
                legal=legal, personne_en_charge=in_charge, contact=contacts
            ),
            scolarite_active=imp.ScolariteActive(
                code_mef=p.level.mef,
                code_division=p.division,
                code_statut="ST",
                date_deb_sco=self.rentree,
                date_fin_sco=p.sortie[0] if p.sortie else None,
                arret_formation=p.arret_formation,
                options=[
                    imp.OptionEleve(code_matiere=matiere, code_modalite_elect=modalite)
                    for matiere, modalite in p.options
                ],
            ),
            etablissement_an_dernier=imp.EtablissementAnDernier(
                code_rne=None if p.previous_departement else school.uai,
                code_departement=p.previous_departement,
                code_provenance=school.provenance,
                code_mef=p.previous_mef,
                type_mef=p.type_mef,
                code_division=p.previous_division,
                code_statut="ST",
                date_deb_sco=previous_start,
                date_fin_sco=_year_end(self.year - 1),
                options_an_dernier=list(p.previous_options),
            ),
            eleve_id=p.eleve_id,
        )

    def pupils(self) -> Iterator[imp.Eleve]:
        """Every pupil in the import form (leavers included), with ``eleve_id`` set."""
        return self._import_pupils(None, "")

    def persons(self) -> Iterator[imp.Personne]:
        """Every person in the import form, each once, with ``personne_id`` set."""
        return self._import_persons(None, "")

    def _import_pupils(self, progress: Progress | None, stage: str) -> Iterator[imp.Eleve]:
        for family in self._families(progress, stage):
            for pupil in family.pupils:
                yield self._import_eleve(pupil)

    def _import_persons(self, progress: Progress | None, stage: str) -> Iterator[imp.Personne]:
        for family in self._families(progress, stage):
            for person in family.persons:
                yield self._import_personne(person)

    def exchange_school(self, software: str = SOFTWARE) -> School:
        """The school as the exchange carries it: its persons and pupils in import form, in memory
        (a school for tests and qualification files, not for millions of pupils)."""
        return School(
            uai=self.uai,
            school_year=str(self.year),
            persons=list(self.persons()),
            pupils=list(self.pupils()),
            software=software,
        )

    def import_name(self) -> str:
        """``<UAI>PRIVE<year><AAMMJJhhmmss>.xml``, the name SIECLE expects."""
        return f"{self.uai}PRIVE{self.year}{self.import_time:%y%m%d%H%M%S}.xml"

    def write_import(
        self,
        out_dir: str | Path,
        *,
        progress: Progress | None = None,
        template_dirs: Iterable[Path] = (),
    ) -> Path:
        """Write the school's ``IMPORT_ELEVES`` 3.1 file (validated against the XSD), with the
        templates of ``template_dirs`` before the core ones.

        Raises :class:`~siecle_sdk.errors.VendorDataError` when the school is too large for the
        format's private ids (see :meth:`import_problem`).
        """
        from ...exchange.import_writer import write_import

        problem = self.import_problem()
        if problem is not None:
            raise VendorDataError(f"Fichier d'import impossible : {problem}")
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        path = out / self.import_name()
        parametres = imp.Parametres(
            uaj=self.uai,
            annee_scolaire=str(self.year),
            date_import=self.import_time.date(),
            num_envoi="1",
            logiciel=SOFTWARE,
        )
        write_import(
            path,
            parametres,
            self._import_persons(progress, f"{path.name}, personnes"),
            self._import_pupils(progress, f"{path.name}, élèves"),
            template_dirs=template_dirs,
        )
        return path
