"""The five SIECLE exports of a synthetic school: records, nodes and the written files."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

from ... import french
from ...formats.builtin import template_of
from ...io.nodes import Node
from ...io.writer import Block, write_bee_document, zip_alone
from ...models._base import Record
from ...models.communs import AnneeScolaire, Etablissement, PeriodePedagogique
from ...models.eleves import Eleve as ExportEleve
from ...models.nomenclature import (
    Bourse,
    Civilite,
    Contrat,
    LienParente,
    Matiere,
    Mef,
    ModaliteCours,
    ModaliteElection,
    MotifSortie,
    NiveauResponsabilite,
    OptionObligatoire,
    Profession,
    Programme,
    Provenance,
    Regime,
    StatutEleve,
    TypeEtablissement,
)
from ...models.responsables import Personne as ExportPersonne
from ...models.responsables import ResponsableEleve
from ...models.structures import Division, DivisionAppartenance, Groupe, MefAppartenance
from .generator import FamilyGenerator
from .people import (
    _Address,
    _classes_end,
    _division_code,
    _flag,
    _international,
    _latin_group,
    _leaf,
    _Link,
    _Person,
    _Pupil,
    _rentree,
    _Spool,
    _year_end,
)
from .tables import (
    _BOURSES,
    _CIVILITES,
    _CONTRATS,
    _LEVELS,
    _LIENS_PARENTE,
    _MATIERES,
    _MODALITES_COURS,
    _MODALITES_ELECTION,
    _MOTIFS_SORTIE,
    _NIVEAUX,
    _OPEN_END,
    _PROFESSIONS,
    _PROVENANCES,
    _REGIMES,
    _STATUTS,
    _TYPES_ETAB,
    _UNKNOWN_ORIGIN,
    Progress,
)


class ExportWriter(FamilyGenerator):
    """The exports of a generated school (Nomenclature, Structures, Communs, Élèves,
    Responsables), written as SIECLE writes them."""

    # --- structures and code lists -----------------------------------------------------------
    def nomenclature_records(self) -> dict[str, list[Record]]:
        """The Nomenclature export's blocks (17, as in 3.1 files), in file order."""
        mefs: list[Record] = [
            Mef(
                code_mef=level.mef,
                formation=level.formation,
                libelle_long=level.libelle,
                libelle_edition=level.edition,
                statut_mef="1",
                mef_rattachement=level.mef,
                code_mefstat=level.mefstat,
                nb_opt_oblig=len(level.ranks),
                nb_opt_mini=len(level.ranks),
                renforcement_langues=False,
                inscription_etab=True,
                mef_origine=True,
                mef_selectionne=True,
                mef_selorig=True,
                date_ouverture=level.opened,
                date_fermeture=_OPEN_END,
            )
            for level in _LEVELS
        ]
        mefs.append(
            Mef(
                code_mef=_UNKNOWN_ORIGIN,
                formation="INDET",
                libelle_long="FORMATION INDETERMINEE",
                statut_mef="3",
                code_mefstat="99990099999",
                nb_opt_oblig=0,
                nb_opt_mini=0,
                renforcement_langues=False,
                inscription_etab=False,
                mef_origine=True,
                mef_selectionne=False,
                mef_selorig=True,
                date_ouverture=dt.date(1989, 9, 1),
                date_fermeture=_OPEN_END,
            )
        )
        matieres: list[Record] = [
            Matiere(
                code_matiere=code,
                code_gestion=gestion,
                libelle_court=court,
                libelle_long=long,
                libelle_edition=edition,
                matiere_etp=False,
                code_matiere_nationale=national or None,
            )
            for code, (gestion, court, long, edition, national) in sorted(_MATIERES.items())
        ]
        programmes: list[Record] = []
        obligatoires: list[Record] = []
        for level in _LEVELS:
            rows: dict[tuple[str, str], str] = {}
            for matiere, modalite, hours in level.common:
                rows[matiere, modalite] = hours
            for rank, (allowed, hours) in enumerate(
                zip(level.ranks, level.rank_hours, strict=True), start=1
            ):
                for matiere in allowed:
                    rows.setdefault((matiere, "O"), hours)
                    obligatoires.append(
                        OptionObligatoire(
                            code_mef=level.mef, code_matiere=matiere, rang_option=rank
                        )
                    )
            for matiere, hours, _share in level.optional:
                rows.setdefault((matiere, "F"), hours)
            programmes += [
                Programme(
                    code_mef=level.mef,
                    code_matiere=matiere,
                    code_modalite_elect=modalite,
                    horaire=hours,
                )
                for (matiere, modalite), hours in sorted(rows.items())
            ]
        return {
            "MEFS": mefs,
            "MATIERES": matieres,
            "PROGRAMMES": programmes,
            "OPTIONS_OBLIGATOIRES": obligatoires,
            "MODALITES_ELECTION": [
                ModaliteElection(code_modalite_elect=c, libelle_court=s, libelle_long=lg)
                for c, s, lg in _MODALITES_ELECTION
            ],
            "REGIMES": [
                Regime(code_regime=c, libelle_court=s, libelle_long=lg) for c, s, lg in _REGIMES
            ],
            "LIENS_PARENTE": [
                LienParente(
                    code_parente=c, libelle_court=s, libelle_long=lg, libelle_edition=e, tri=int(t)
                )
                for c, s, lg, e, t in _LIENS_PARENTE
            ],
            "NIVEAUX_RESPONSABILITE": [
                NiveauResponsabilite(
                    niveau_responsabilite=c, libelle_court=s, libelle_long=lg, libelle_edition=e
                )
                for c, s, lg, e in _NIVEAUX
            ],
            "BOURSES": [
                Bourse(code_bourse=c, libelle_court=s, libelle_long=lg, bourse_nationale=n == "1")
                for c, s, lg, n in _BOURSES
            ],
            "PROFESSIONS": [
                Profession(code_profession=c, libelle_court_pcs=s, libelle_long_pcs=lg)
                for c, s, lg in _PROFESSIONS
            ],
            "PROVENANCES": [
                Provenance(code_provenance=c, libelle_court=s, libelle_long=lg)
                for c, s, lg in _PROVENANCES
            ],
            "MOTIFS_SORTIE": [
                MotifSortie(code_motif_sortie=c, libelle_court=s, libelle_long=lg)
                for c, s, lg in _MOTIFS_SORTIE
            ],
            "STATUTS_ELEVE": [
                StatutEleve(code_statut=c, libelle_court=s, libelle_long=lg)
                for c, s, lg in _STATUTS
            ],
            "CONTRATS": [
                Contrat(code_contrat=c, libelle_court=s, libelle_long=lg) for c, s, lg in _CONTRATS
            ],
            "TYPES_ETABLISSEMENT": [
                TypeEtablissement(code_type_etab=c, libelle_court=s, libelle_long=lg)
                for c, s, lg in _TYPES_ETAB
            ],
            "CIVILITES": [
                Civilite(code_civilite=c, libelle_court=s, libelle_long=lg)
                for c, s, lg in _CIVILITES
            ],
            "MODALITES_COURS": [
                ModaliteCours(
                    code_modalite_cours=c, libelle_court=s, libelle_long=lg, co_enseignement=True
                )
                for c, s, lg in _MODALITES_COURS
            ],
        }

    def structures_records(self) -> dict[str, list[Record]]:
        """The Structures export's blocks: divisions (attached to their MEF), then groups."""
        divisions: list[Record] = []
        groups: list[Record] = []
        for level, count in zip(_LEVELS, self._divisions, strict=True):
            mef = [MefAppartenance(code_mef=level.mef)]
            codes = [_division_code(level, i) for i in range(count)]
            for code in codes:
                suffix = code[len(level.prefix) :]
                divisions.append(
                    Division(
                        code_structure=code,
                        libelle_long=f"{level.label} {suffix}",
                        code_contrat="3",
                        code_rne=self.uai,
                        mefs_appartenance=mef,
                    )
                )
            if not level.latin_tag:
                continue
            for start in range(0, count, 4):
                number = start // 4 + 1
                groups.append(
                    Groupe(
                        code_structure=_latin_group(level, start),
                        libelle_long=f"LATIN {level.label} GR{number}",
                        code_contrat="3",
                        code_rne=self.uai,
                        mefs_appartenance=mef,
                        divisions_appartenance=[
                            DivisionAppartenance(code_structure=code)
                            for code in codes[start : start + 4]
                        ],
                    )
                )
        return {"DIVISIONS": divisions, "GROUPES": groups}

    def communs_records(self) -> dict[str, list[Record]]:
        """The Communs export's blocks. ``UAJ``, ``ANNEE_SCOLAIRE`` and ``ANNEE_SCOLAIRE_AD``
        hold one record each, written as the block's leaves."""
        commune = self._communes[0]
        school = Etablissement(
            etab_uaj_id=self._etab_id,
            num_siren=self._siren,
            denom_princ="ENSEMBLE SCOLAIRE",
            denom_compl=self._name,
            nom_resp=self._head,
            qual_resp="CHEF D'ETAB.",
            ligne1_adresse=self._street.upper(),
            ligne2_adresse="",
            ligne3_adresse="",
            ligne4_adresse="",
            boite_post="",
            telephone=" ".join(self._phone[i : i + 2] for i in range(0, 10, 2)),
            telecopie="",
            mel_1=self._mel(self.uai),
            mel_2="",
            code_type_etab="LYC",
            secteur_code="PR",
            code_postal=commune[1],
            code_commune_insee=commune[0],
            code_pays="100",
        )
        start, end = self.rentree, self.year_end
        previous_start, previous_end = _rentree(self.year - 1), _year_end(self.year - 1)
        one_day = dt.timedelta(days=1)
        december = dt.date(self.year, 12, 1)
        march = dt.date(self.year + 1, 3, 9)
        classes_end = _classes_end(self.year)
        periods: list[Record] = [
            PeriodePedagogique(
                code_periode=f"T{n} ",
                date_debut=first,
                date_fin=last,
                ll_periode=f"{n}{'er' if n == 1 else 'e'} trimestre",
                indice=n,
                code_type_periode="T",
            )
            for n, first, last in (
                (1, start, december - one_day),
                (2, december, march - one_day),
                (3, march, classes_end),
            )
        ]
        return {
            "UAJ": [school],
            "ANNEE_SCOLAIRE": [
                AnneeScolaire(
                    date_debut_eleve=start,
                    date_fin_eleve=end,
                    date_debut_prof=start - one_day,
                    date_fin_prof=end,
                )
            ],
            "ANNEE_SCOLAIRE_AD": [
                AnneeScolaire(
                    date_debut_eleve=previous_start,
                    date_fin_eleve=previous_end,
                    date_debut_prof=previous_start - one_day,
                    date_fin_prof=previous_end,
                )
            ],
            "PERIODES_PEDAGOGIQUES": periods,
            "CALENDRIERS_FERMETURES": [],
        }

    # --- export form (nodes) -------------------------------------------------------------------
    def _eleve_node(self, p: _Pupil) -> Node:
        c: list[Node] = []
        add = c.append
        if p.ine_rnie:
            add(_leaf("ID_NATIONAL", p.ine_rnie))
        if p.ine_bea:
            add(_leaf("INE_BEA", p.ine_bea))
        if p.ine_rnie:
            add(_leaf("INE_RNIE", p.ine_rnie))
        add(_leaf("ELENOET", p.elenoet))
        add(_leaf("ID_ELEVE_ETAB", f"{int(p.elenoet):05d}{self.uai[1:7]}"))
        add(_leaf("ID_PRV_ELE", p.id_prv))
        add(_leaf("NOM_DE_FAMILLE", p.nom))
        if p.nom_usage:
            add(_leaf("NOM_USAGE", p.nom_usage))
        add(_leaf("PRENOM", p.prenom))
        if p.prenom2:
            add(_leaf("PRENOM2", p.prenom2))
        if p.prenom3:
            add(_leaf("PRENOM3", p.prenom3))
        add(_leaf("DATE_NAISS", french.date(p.date_naiss)))
        add(_leaf("DOUBLEMENT", _flag(p.doublement)))
        if p.tel_professionnel:
            add(_leaf("TEL_PROFESSIONNEL", _international(p.tel_professionnel)))
        add(_leaf("CODE_PAYS", p.pays_naiss))
        if p.tel_portable:
            add(_leaf("ACCEPTE_SMS", "1"))
        add(_leaf("DATE_MODIFICATION", french.date(p.date_modification)))
        if p.sortie:
            add(_leaf("DATE_SORTIE", french.date(p.sortie[0])))
        if p.mel:
            add(_leaf("MEL", p.mel))
        add(_leaf("CODE_REGIME", p.regime))
        add(_leaf("DATE_ENTREE", french.date(p.date_entree)))
        add(_leaf("VILLE_NAISS", p.ville_naiss or ""))
        if p.address:
            add(_leaf("ADRESSE_ID", p.address.adresse_id))
        if p.sortie:
            add(_leaf("CODE_MOTIF_SORTIE", p.sortie[1]))
        if p.tel_personnel:
            add(_leaf("TEL_PERSONNEL", _international(p.tel_personnel)))
        add(_leaf("CODE_SEXE", p.sexe))
        if p.tel_portable:
            add(_leaf("TEL_PORTABLE", _international(p.tel_portable)))
        add(_leaf("CODE_PAYS_NAT", p.nationalite))
        add(_leaf("CODE_STATUT", "ST"))
        add(_leaf("CODE_MEF", p.level.mef))
        if p.commune_naiss and p.departement_naiss:
            add(_leaf("CODE_DEPARTEMENT_NAISS", p.departement_naiss))
            add(_leaf("CODE_COMMUNE_INSEE_NAISS", p.commune_naiss))
        add(_leaf("ADHESION_TRANSPORT", _flag(p.transport)))
        add(_leaf("CODE_PROVENANCE", p.previous.provenance))
        school = p.previous
        last: list[Node] = []
        if p.previous_mef:
            last.append(_leaf("CODE_MEF", p.previous_mef))
        last.append(_leaf("CODE_STRUCTURE", p.previous_division or ""))
        if not p.previous_departement:
            # a school known only by its département has no UAI and no details
            last += [
                _leaf("CODE_RNE", school.uai),
                _leaf("CODE_NATURE", school.nature),
                _leaf("SIGLE", school.sigle),
                _leaf("DENOM_PRINC", school.denom_princ),
                _leaf("DENOM_COMPL", school.denom_compl),
                _leaf("LIGNE1_ADRESSE", school.ligne1),
                _leaf("BOITE_POSTALE", ""),
                _leaf("MEL", school.mel),
                _leaf("TELEPHONE", school.telephone),
                _leaf("CODE_COMMUNE_INSEE", school.commune),
                _leaf("LL_COMMUNE_INSEE", school.ll_commune),
            ]
        add({"tag": "SCOLARITE_AN_DERNIER", "children": last})
        return {
            "tag": "ELEVE",
            "attrs": {"ELEVE_ID": p.eleve_id, "ELENOET": p.elenoet},
            "children": c,
        }

    @staticmethod
    def _option_node(p: _Pupil) -> Node:
        rows = [
            {
                "tag": "OPTIONS_ELEVE",
                "children": [
                    _leaf("NUM_OPTION", str(n)),
                    _leaf("CODE_MODALITE_ELECT", modalite),
                    _leaf("CODE_MATIERE", matiere),
                ],
            }
            for n, (matiere, modalite) in enumerate(p.options, start=1)
        ]
        return {
            "tag": "OPTION",
            "attrs": {"ELEVE_ID": p.eleve_id, "ELENOET": p.elenoet},
            "children": rows,
        }

    @staticmethod
    def _structures_node(p: _Pupil) -> Node:
        assert p.division is not None
        division = {
            "tag": "STRUCTURE",
            "children": [_leaf("CODE_STRUCTURE", p.division), _leaf("TYPE_STRUCTURE", "D")],
        }
        groups = [
            {
                "tag": "STRUCTURE",
                "children": [_leaf("CODE_STRUCTURE", code), _leaf("TYPE_STRUCTURE", "G")],
            }
            for code in p.groups
        ]
        rows = [*groups, division] if p.groups_first else [division, *groups]
        return {
            "tag": "STRUCTURES_ELEVE",
            "attrs": {"ELEVE_ID": p.eleve_id, "ELENOET": p.elenoet},
            "children": rows,
        }

    @staticmethod
    def _bourse_node(p: _Pupil) -> Node:
        return {
            "tag": "BOURSE",
            "attrs": {"ELEVE_ID": p.eleve_id, "ELENOET": p.elenoet},
            "children": [_leaf("CODE_BOURSE", code) for code, _ in p.bourses],
        }

    @staticmethod
    def _adresse_node(a: _Address) -> Node:
        lines = [*a.lines, "", "", "", ""][:4]
        return {
            "tag": "ADRESSE",
            "attrs": {"ADRESSE_ID": a.adresse_id},
            "children": [
                _leaf("LIGNE1_ADRESSE", lines[0]),
                _leaf("LIGNE2_ADRESSE", lines[1]),
                _leaf("LIGNE3_ADRESSE", lines[2]),
                _leaf("LIGNE4_ADRESSE", lines[3]),
                _leaf("COMMUNE_ETRANGERE", a.commune_etrangere),
                _leaf("CODE_POSTAL", a.code_postal),
                _leaf("CODE_PAYS", a.code_pays),
                _leaf("CODE_COMMUNE_INSEE", a.commune),
                _leaf("LL_PAYS", a.ll_pays),
                _leaf("CODE_DEPARTEMENT", a.departement),
                _leaf("LIBELLE_POSTAL", a.libelle_postal),
            ],
        }

    @staticmethod
    def _personne_node(p: _Person) -> Node:
        c: list[Node] = [_leaf("ID_PRV_PER", p.id_prv)]
        civilite = _CIVILITES[int(p.civilite) - 1]
        c += [
            _leaf("LC_CIVILITE", civilite[1]),
            _leaf("LL_CIVILITE", civilite[2]),
            _leaf("NOM_DE_FAMILLE", p.nom),
        ]
        if p.nom_usage:
            c.append(_leaf("NOM_USAGE", p.nom_usage))
        c += [
            _leaf("PRENOM", p.prenom),
            _leaf("TEL_PERSONNEL", _international(p.tel_personnel)),
            _leaf("TEL_PORTABLE", _international(p.tel_portable)),
        ]
        if p.tel_portable:
            c.append(_leaf("ACCEPTE_SMS", "1"))
        c.append(_leaf("TEL_PROFESSIONNEL", _international(p.tel_professionnel)))
        if p.mel:
            c.append(_leaf("MEL", p.mel))
        if p.communication is not None:
            c.append(_leaf("COMMUNICATION_ADRESSE", _flag(p.communication)))
        if p.address:
            c.append(_leaf("ADRESSE_ID", p.address.adresse_id))
        c.append(_leaf("CODE_PROFESSION", p.profession))
        return {"tag": "PERSONNE", "attrs": {"PERSONNE_ID": p.personne_id}, "children": c}

    @staticmethod
    def _lien_node(pupil: _Pupil, link: _Link) -> Node:
        def tf(value: bool) -> str:
            return "true" if value else "false"

        return {
            "tag": "RESPONSABLE_ELEVE",
            "children": [
                _leaf("ELEVE_ID", pupil.eleve_id),
                _leaf("PERSONNE_ID", link.person.personne_id),
                _leaf("NIVEAU_RESPONSABILITE", str(link.level)),
                _leaf("CODE_PARENTE", link.parente),
                _leaf("PAIE_FRAIS_SCOLAIRES", _flag(link.paie)),
                _leaf("PERCOIT_LES_AIDES", tf(link.aides)),
                _leaf("HEBERGE_ELEVE", tf(link.heberge)),
                _leaf("A_CONTACTER_EN_PRIORITE", tf(link.priorite)),
            ],
        }

    def _eleves_blocks(self, progress: Progress | None, stage: str, spool_dir: Path) -> list[Block]:
        """The Élèves export's blocks from one generation pass: the ``ELEVES`` block streams the
        pupils and puts the rows of the other blocks aside for when their turn comes."""
        options, structures, bourses, adresses = (_Spool(spool_dir) for _ in range(4))

        def eleves() -> Iterator[Node]:
            for family in self._families(progress, stage):
                for pupil in family.pupils:
                    yield self._eleve_node(pupil)
                    if pupil.options:
                        options.add(self._option_node(pupil))
                    if pupil.division:
                        structures.add(self._structures_node(pupil))
                    if pupil.bourses:
                        bourses.add(self._bourse_node(pupil))
                    if pupil.address:
                        adresses.add(self._adresse_node(pupil.address))

        return [
            Block("ELEVES", eleves()),
            Block("OPTIONS", options.nodes()),
            Block("STRUCTURES", structures.nodes()),
            Block("BOURSES", bourses.nodes()),
            Block("ADRESSES", adresses.nodes()),
        ]

    def _responsables_blocks(
        self, progress: Progress | None, stage: str, spool_dir: Path
    ) -> list[Block]:
        """The Responsables export's blocks from one pass (see :meth:`_eleves_blocks`)."""
        links, adresses = _Spool(spool_dir), _Spool(spool_dir)

        def personnes() -> Iterator[Node]:
            for family in self._families(progress, stage):
                for person in family.persons:
                    yield self._personne_node(person)
                for pupil in family.pupils:
                    for link in pupil.links:
                        links.add(self._lien_node(pupil, link))
                for address in family.addresses:
                    adresses.add(self._adresse_node(address))

        return [
            Block("PERSONNES", personnes()),
            Block("RESPONSABLES", links.nodes()),
            Block("ADRESSES", adresses.nodes()),
        ]

    def _person_nodes(self) -> Iterator[Node]:
        for family in self._families():
            for person in family.persons:
                yield self._personne_node(person)

    def _link_nodes(self) -> Iterator[Node]:
        for family in self._families():
            for pupil in family.pupils:
                for link in pupil.links:
                    yield self._lien_node(pupil, link)

    def export_pupils(self) -> Iterator[ExportEleve]:
        """The Élèves export's ``ELEVE`` records (leavers included), as the file has them."""
        for family in self._families():
            for pupil in family.pupils:
                yield ExportEleve.from_node(self._eleve_node(pupil))

    def export_persons(self) -> Iterator[ExportPersonne]:
        """The Responsables export's ``PERSONNE`` records, each person once."""
        for node in self._person_nodes():
            yield ExportPersonne.from_node(node)

    def export_links(self) -> Iterator[ResponsableEleve]:
        """The Responsables export's pupil–person links (2.1 generation)."""
        for node in self._link_nodes():
            yield ResponsableEleve.from_node(node)

    # --- files --------------------------------------------------------------------------------
    def _parametres(self, offset: int) -> Node:
        stamp = dt.datetime.combine(self.export_date, dt.time(17, 46, 24))
        stamp += dt.timedelta(seconds=offset)
        return {
            "tag": "PARAMETRES",
            "children": [
                _leaf("UAJ", self.uai),
                _leaf("ANNEE_SCOLAIRE", str(self.year)),
                _leaf("DATE_EXPORT", french.date(stamp.date())),
                _leaf("HORODATAGE", f"{french.date(stamp.date())} {stamp:%H:%M:%S}"),
            ],
        }

    def _documents(
        self, progress: Progress | None, spool_dir: Path
    ) -> Iterator[tuple[str, str, str, str, list[Block]]]:
        """(key, file name, root, version, blocks) of every export, blocks built lazily."""

        def records(rows: Iterable[Record]) -> Iterator[Node]:
            return (row.to_node() for row in rows)

        nomenclature = self.nomenclature_records()
        yield (
            "nomenclature",
            "Nomenclature",
            "BEE_NOMENCLATURES",
            "3.1",
            [Block(tag, records(rows)) for tag, rows in nomenclature.items()],
        )
        structures = self.structures_records()
        yield (
            "structures",
            "Structures",
            "BEE_STRUCTURES",
            "2.0",
            [Block(tag, records(rows)) for tag, rows in structures.items()],
        )
        communs: list[Block] = []
        for tag, rows in self.communs_records().items():
            if tag in ("UAJ", "ANNEE_SCOLAIRE", "ANNEE_SCOLAIRE_AD"):
                communs.append(Block(tag, rows[0].to_node().get("children", [])))
            else:
                communs.append(Block(tag, records(rows)))
        yield "communs", "Communs", "BEE_COMMUN", "1.7", communs
        name = "ElevesAvecAdresses"
        yield (
            "eleves",
            name,
            "BEE_ELEVES",
            "3.0",
            self._eleves_blocks(progress, f"{name}.xml", spool_dir),
        )
        name = "ResponsablesAvecAdresses"
        yield (
            "responsables",
            name,
            "BEE_RESPONSABLES",
            "2.1",
            self._responsables_blocks(progress, f"{name}.xml", spool_dir),
        )

    def write_exports(
        self,
        out_dir: str | Path,
        *,
        zipped: bool = False,
        progress: Progress | None = None,
        template_dirs: Iterable[Path] = (),
    ) -> dict[str, Path]:
        """Write the five exports as SIECLE does (``Nomenclature.xml``... or, with ``zipped``,
        ``ExportXML_Nomenclature.zip``... holding the one XML each), each rendered by its
        format's template (``template_dirs``: plugin folders overriding them); returns key ->
        path."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written: dict[str, Path] = {}
        for offset, (key, name, root, version, blocks) in enumerate(self._documents(progress, out)):
            xml = out / f"{name}.xml"
            target = out / f"ExportXML_{name}.zip" if zipped else xml
            draft = out / f".{name}.{uuid.uuid4().hex[:8]}.xml" if zipped else xml
            try:
                write_bee_document(
                    draft,
                    root=root,
                    attrs={"VERSION": version},
                    before=[self._parametres(7 * offset)],
                    blocks=blocks,
                    template=template_of(key),
                    template_dirs=tuple(template_dirs),
                )
                if zipped:
                    self._zip(draft, target, xml.name, offset)
            finally:
                if zipped:
                    draft.unlink(missing_ok=True)
            written[key] = target
        return written

    def _zip(self, source: Path, target: Path, member: str, offset: int) -> None:
        """Put ``source`` alone in the zip ``target`` as ``member`` (atomically, reproducibly)."""
        stamp = dt.datetime.combine(self.export_date, dt.time(17, 46, 24))
        stamp += dt.timedelta(seconds=7 * offset)
        zip_alone(source, target, member, stamp)
