"""The generation of a synthetic school, one family at a time from its own seed; the export
and import forms are built on top of it (:mod:`.exports`, :mod:`.school`)."""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect
from collections.abc import Iterator

from ... import french
from ...identifiers import ine_bea_key, ine_rnie_key, uai_key, uai_problem
from .people import (
    SchoolStats,
    _Address,
    _Counter,
    _division_code,
    _Family,
    _latin_group,
    _Link,
    _luhn,
    _Person,
    _Pupil,
    _rentree,
    _Rng,
    _School,
    _slug,
    _year_end,
)
from .tables import (
    _ABROAD,
    _ACADEMIES,
    _BIRTH_ABROAD,
    _BOYS,
    _BUILDINGS,
    _COMMUNES,
    _DEPARTEMENTS,
    _DIVISION_SIZE,
    _DOMAINS,
    _DOORS,
    _FAMILY_NAMES,
    _GIRLS,
    _HEADS,
    _LANGUAGES,
    _LAST_LINES,
    _LATIN,
    _LEAVERS,
    _LEAVING,
    _LEAVING_CUM,
    _LEVEL_CUM,
    _LEVELS,
    _LINE2,
    _LV2,
    _LVA,
    _LVA_CUM,
    _LVB,
    _MATIERES,
    _MAX_PERSONS_PER_FAMILY,
    _MEN,
    _NATIONALITIES,
    _OTHER_DEPARTEMENTS,
    _PCS,
    _PCS_RETIRED,
    _PROGRESS_STEP,
    _REGIME_CODES,
    _REGIME_CUM,
    _SCHOOL_NAMES_PRIVATE,
    _SCHOOL_NAMES_PUBLIC,
    _SECOND_CHOICES,
    _SPE,
    _SPE_CUM,
    _STREETS,
    _UNKNOWN_ORIGIN,
    _WOMEN,
    MAX_PRIVATE_ID,
    MAX_PUPILS,
    Progress,
    _Level,
)


class FamilyGenerator:
    """The school's set-up and its families, regenerated from the seed on every pass."""

    def __init__(
        self, pupils: int, seed: int = 1, year: int = 2019, uai: str | None = None
    ) -> None:
        if not 1 <= pupils <= MAX_PUPILS:
            raise ValueError(f"nombre d'élèves hors limites : {pupils} (de 1 à {MAX_PUPILS})")
        if not 2000 <= year <= 2098:
            raise ValueError(f"année scolaire hors limites : {year} (de 2000 à 2098)")
        if uai is not None and (problem := uai_problem(uai)) is not None:
            raise ValueError(problem)
        self.pupil_count = pupils
        self.seed = seed
        self.year = year
        rng = _Rng(f"{seed}:school")
        departement = _DEPARTEMENTS[seed % len(_DEPARTEMENTS)]
        if uai is None:
            digits = f"{departement}{rng.between(1000, 10000):04d}"
            uai = digits + uai_key(digits)
        else:
            departement = uai[:3] if uai[:3] in _ACADEMIES else departement
            rng.between(1000, 10000)
        self.uai = uai
        self._departement = departement
        self._academie, self._academie_code, self._phone_area = _ACADEMIES[departement]
        self._communes = _COMMUNES[departement]
        self.rentree = _rentree(year)
        self.year_end = _year_end(year)
        #: date of the exports (``DATE_EXPORT``), and of the import file
        self.export_date = self.rentree + dt.timedelta(days=2)
        self.import_time = dt.datetime.combine(
            self.rentree + dt.timedelta(days=3), dt.time(14, 30, 12)
        )
        commune = self._communes[0]
        self._name = rng.pick(_SCHOOL_NAMES_PRIVATE)
        self._street = f"{rng.between(1, 120)} {rng.pick(_STREETS)}"
        self._phone = f"0{self._phone_area}{rng.between(10**7, 10**8)}"
        self._siren = _luhn(f"{rng.between(10**7, 10**8)}")
        self._etab_id = str(rng.between(100, 1000))
        self._head = rng.pick(_HEADS)
        self._own = _School(
            uai,
            "300",
            "LGT PR",
            "ENSEMBLE SCOLAIRE",
            self._name,
            self._street,
            self._mel(uai),
            self._phone,
            commune[0],
            commune[3],
            "2",
            departement,
        )
        self._primary = self._pool(rng, 6, "151", "EC", "ECOLE ELEMENTAIRE")
        self._colleges = self._pool(rng, 6, "340", "CLG", "COLLEGE")
        self._lycees = self._pool(rng, 4, "300", "LGT", "LYCEE GENERAL ET TECHNOLOGIQUE")
        self._divisions = tuple(
            max(1, math.ceil(pupils * level.share / _DIVISION_SIZE)) for level in _LEVELS
        )
        self._stats: SchoolStats | None = None

    # --- set-up -------------------------------------------------------------------------------
    def _mel(self, uai: str) -> str:
        return f"ce.{uai}@ac-{self._academie}.fr"

    def _pool(
        self, rng: _Rng, size: int, nature: str, sigle: str, denom: str
    ) -> tuple[_School, ...]:
        """Other schools pupils come from: public or private, in the académie or outside it."""
        schools = []
        for index in range(size):
            private = index % 3 == 2
            outside = index == size - 1
            departement = rng.pick(_OTHER_DEPARTEMENTS) if outside else self._departement
            digits = f"{departement}{rng.between(1000, 10000):04d}"
            uai = digits + uai_key(digits)
            commune = rng.pick(_COMMUNES[departement])
            name = rng.pick(_SCHOOL_NAMES_PRIVATE if private else _SCHOOL_NAMES_PUBLIC)
            provenance = str(1 + int(private) + 2 * int(outside))
            schools.append(
                _School(
                    uai,
                    nature,
                    f"{sigle} PR" if private else sigle,
                    denom,
                    name,
                    f"{rng.between(1, 90)} {rng.pick(_STREETS)}",
                    f"ce.{uai}@ac-{self._academie}.fr",
                    f"0{self._phone_area}{rng.between(10**7, 10**8)}",
                    commune[0],
                    commune[3],
                    provenance,
                    departement,
                )
            )
        return tuple(schools)

    # --- families -----------------------------------------------------------------------------
    def _families(self, progress: Progress | None = None, stage: str = "") -> Iterator[_Family]:
        """Every family, in order, with running ids; records the school's counts at the end."""
        counter = _Counter()
        room = self.pupil_count
        k = 0
        next_report = _PROGRESS_STEP
        while room > 0:
            family = self._family(k, counter, room)
            room -= len(family.pupils)
            k += 1
            if progress is not None and counter.pupils >= next_report:
                progress(stage, counter.pupils)
                next_report = counter.pupils + _PROGRESS_STEP
            yield family
        if progress is not None:
            progress(stage, counter.pupils)
        self._stats = SchoolStats(
            eleves=counter.pupils,
            sortants=counter.sortants,
            sans_ine=counter.no_ine,
            responsables=counter.persons,
            liens=counter.links,
        )

    def _address(self, rng: _Rng, counter: _Counter, abroad: bool = False) -> _Address:
        number = 4_000_000 + 2 * counter.addresses + rng.getrandbits(1)
        counter.addresses += 1
        bis = rng.random()
        street = (
            f"{rng.between(1, 150)}{' bis' if bis < 0.05 else ' ter' if bis < 0.07 else ''} "
            f"{rng.pick(_STREETS)}"
        )
        lines = (rng.pick(_LINE2), street) if rng.random() < 0.2 else (street,)
        if abroad:
            pays, ll_pays, town = rng.pick(_ABROAD)
            return _Address(str(number), lines, "", "", "", "", town, pays, ll_pays)
        departement = self._departement if rng.random() < 0.93 else rng.pick(_OTHER_DEPARTEMENTS)
        commune = rng.pick(_COMMUNES[departement])
        return _Address(
            str(number), lines, commune[1], commune[2], commune[0], departement, "", "100", "FRANCE"
        )

    def _phones(self, rng: _Rng, abroad: bool = False) -> tuple[str | None, str | None, str | None]:
        """(personal, mobile, professional) phones as the software keeps them: 10 digits from
        ``0``, or ``00`` + country code abroad (the exports write them ``+33...``, ``+32...``)."""
        r = rng.random
        mobile = f"0{rng.pick('67')}{rng.between(10**7, 10**8)}" if r() < 0.9 else None
        if abroad and mobile:
            mobile = f"0032{rng.between(4 * 10**8, 5 * 10**8)}"
        home = f"0{self._phone_area}{rng.between(10**7, 10**8)}" if r() < 0.35 else None
        work = f"0{rng.pick('1234599')}{rng.between(10**7, 10**8)}" if r() < 0.15 else None
        return home, mobile, work

    def _person(
        self,
        rng: _Rng,
        civilite: str,
        nom: str,
        nom_usage: str | None,
        prenom: str,
        address: _Address | None,
        profession: str,
        enfants: int | None,
        contact: bool = False,
    ) -> _Person:
        abroad = address is not None and address.code_pays != "100"
        home, mobile, work = self._phones(rng, abroad)
        mel = (
            f"{_slug(prenom)}.{_slug(nom_usage or nom)}{rng.below(100)}@{rng.pick(_DOMAINS)}"
            if rng.random() < 0.8
            else None
        )
        communication = False if contact else rng.random() < 0.6
        return _Person(
            "",
            "",
            civilite,
            nom,
            nom_usage,
            prenom,
            address,
            communication,
            profession,
            home,
            mobile,
            work,
            mel,
            enfants,
        )

    def _family(self, k: int, counter: _Counter, room: int) -> _Family:
        rng = _Rng(f"{self.seed}:{k}")
        r = rng.random
        pick = rng.pick
        size = 1 if r() < 0.6 else 2 if r() < 0.75 else 3
        kids = min(size, room)
        enfants = size + (rng.below(3) if r() < 0.4 else 0)
        father_name = pick(_FAMILY_NAMES)
        mother_name = pick(_FAMILY_NAMES)
        shape = r()
        persons: list[_Person] = []
        addresses: list[_Address] = []
        legal: list[tuple[_Person, str]] = []
        abroad = counter.rare(r() < 0.01, "family_abroad", counter.pupils)
        home = self._address(rng, counter, abroad)
        addresses.append(home)
        if shape < 0.15:
            # single-parent family: usually the mother
            if r() < 0.8:
                married = r() < 0.5
                mother = self._person(
                    rng,
                    "2",
                    mother_name if married else father_name,
                    father_name if married and r() < 0.5 and father_name != mother_name else None,
                    pick(_WOMEN),
                    home,
                    pick(_PCS),
                    enfants,
                )
                legal.append((mother, "10"))
            else:
                father = self._person(
                    rng, "1", father_name, None, pick(_MEN), home, pick(_PCS), enfants
                )
                legal.append((father, "20"))
        else:
            separated = r() < 0.2
            maiden = r() < 0.7
            mother = self._person(
                rng,
                "2",
                mother_name if maiden else father_name,
                father_name
                if maiden and not separated and r() < 0.6 and father_name != mother_name
                else None,
                pick(_WOMEN),
                home,
                pick(_PCS),
                enfants,
            )
            father_home = home
            if separated:
                father_home = self._address(rng, counter)
                addresses.append(father_home)
            father = self._person(
                rng,
                "1",
                father_name,
                None,
                pick(_MEN),
                father_home,
                pick(_PCS),
                enfants,
            )
            legal = (
                [(mother, "10"), (father, "20")] if r() < 0.7 else [(father, "20"), (mother, "10")]
            )
        persons.extend(person for person, _ in legal)
        links: list[_Link] = []
        in_charge = counter.rare(r() < 0.015, "in_charge", counter.pupils)
        for rank, (person, parente) in enumerate(legal):
            first = rank == 0
            hosts = not in_charge and (first or person.address is home)
            links.append(_Link(person, 1, parente, first, first, hosts, first))
        if in_charge:
            grand = self._address(rng, counter)
            addresses.append(grand)
            granny = self._person(
                rng,
                "2",
                pick(_FAMILY_NAMES),
                None,
                pick(_WOMEN),
                grand,
                pick(_PCS_RETIRED),
                None,
            )
            persons.append(granny)
            links.append(_Link(granny, 2, "38", False, False, True, True))
        if counter.rare(r() < 0.08, "contact", counter.pupils):
            woman = r() < 0.6
            contact = self._person(
                rng,
                "2" if woman else "1",
                pick(_FAMILY_NAMES),
                None,
                pick(_WOMEN if woman else _MEN),
                None,
                "99",
                None,
                contact=True,
            )
            persons.append(contact)
            links.append(_Link(contact, 3, pick(("39", "38", "90")), False, False, False, False))
        family_name = father_name
        if legal[0][1] == "10" and len(legal) == 1:
            family_name = legal[0][0].nom_usage or legal[0][0].nom
        for person in persons:
            person.personne_id = str(2_000_000 + 2 * counter.persons + rng.getrandbits(1))
            counter.persons += 1
            person.id_prv = str(counter.persons)
        pupils: list[_Pupil] = []
        for _ in range(kids):
            pupils.append(self._pupil(rng, counter, family_name, mother_name, links, pupils))
        counter.links += len(links) * kids
        self._rare_features(rng, counter, addresses, pupils)
        return _Family(persons, addresses, pupils)

    def _rare_features(
        self, rng: _Rng, counter: _Counter, addresses: list[_Address], pupils: list[_Pupil]
    ) -> None:
        """Elements of the import schema few pupils use, drawn after the family's other draws
        (which they leave unchanged)."""
        r = rng.random
        first = int(pupils[0].id_prv) - 1
        for address in addresses:
            self._more_lines(rng, counter, address, "person_lines", first)
        for pupil in pupils:
            index = int(pupil.id_prv) - 1
            if pupil.address is None and counter.rare(r() < 0.004, "pupil_abroad", index):
                pupil.address = self._address(rng, counter, abroad=True)
            if pupil.address is not None:
                self._more_lines(rng, counter, pupil.address, "pupil_lines", index)
            elsewhere = pupil.previous is not self._own
            # last year's school known only by its département: SIECLE's exports then have no
            # UAI, and a software taking the school over from them cannot send such a pupil's
            # ETABLISSEMENT_AN_DERNIER, mandatory for current pupils: leavers only
            chance = r() < 0.2 and pupil.sortie is not None
            if elsewhere and counter.rare(chance, "departement", index):
                pupil.previous_departement = pupil.previous.departement
                if pupil.sortie is None:
                    # enrolled, never came
                    pupil.sortie = (self.rentree, "44")
                    pupil.date_modification = self.rentree
                    counter.sortants += 1
            chance = r() < 0.3
            # DossierSCO sends the previous MEF of the pupils entering 6EME and 2NDE
            mef = pupil.previous_mef if elsewhere and pupil.level.index in (0, 4) else None
            if mef and counter.rare(chance, "type_mef", index):
                pupil.type_mef = mef[10]
            if counter.rare(r() < 0.02, "arret_formation", index):
                pupil.arret_formation = False
            chance = r() < 0.05
            if pupil.level.lycee and counter.rare(chance, "tel_personnel", index):
                pupil.tel_personnel = f"0{self._phone_area}{rng.between(10**7, 10**8)}"
            chance = r() < 0.015
            if pupil.level.index >= 5 and counter.rare(chance, "tel_professionnel", index):
                pupil.tel_professionnel = f"0{rng.pick('1234599')}{rng.between(10**7, 10**8)}"

    @staticmethod
    def _more_lines(
        rng: _Rng, counter: _Counter, address: _Address, feature: str, index: int
    ) -> None:
        """Three address lines (door, building, street) on 2 % of the addresses, four (and a
        last line: ``BP 12``, a lieu-dit...) on 1 %."""
        draw = rng.random()
        four = counter.rare(draw < 0.01, feature, index)
        if four or draw < 0.03:
            lines = (rng.pick(_DOORS), rng.pick(_BUILDINGS), address.lines[-1])
            address.lines = (*lines, rng.pick(_LAST_LINES)) if four else lines

    def _pupil(
        self,
        rng: _Rng,
        counter: _Counter,
        family_name: str,
        mother_name: str,
        links: list[_Link],
        siblings: list[_Pupil],
    ) -> _Pupil:
        r = rng.random
        pick = rng.pick
        index = counter.pupils
        counter.pupils += 1
        level = _LEVELS[bisect(_LEVEL_CUM, r() * _LEVEL_CUM[-1])]
        twin = next((s for s in siblings if s.level is level), None)
        girl = r() < 0.5
        names = _GIRLS if girl else _BOYS
        prenom = pick(names)
        if r() < 0.03:
            second = pick(names)
            if second != prenom:
                prenom = f"{prenom} {second}"
        prenom2 = pick(names) if r() < 0.4 else None
        prenom3 = pick(names) if prenom2 and r() < 0.25 else None
        if prenom2 == prenom:
            prenom2, prenom3 = prenom3, None
        two_names = mother_name != family_name
        double = r() < 0.04 and two_names
        usage = double and r() < 0.5
        if two_names and counter.rare(usage, "nom_usage", index):
            double = usage = True
        nom = f"{family_name} {mother_name}" if double else family_name
        nom_usage = family_name if usage else None
        doublement = twin.doublement if twin else r() < 0.03
        if twin is not None:
            born = twin.date_naiss
        else:
            birth_year = self.year - level.age - int(doublement) + (1 if r() < 0.02 else 0)
            born = dt.date(birth_year, 1, 1) + dt.timedelta(days=rng.below(365))
        # birth place and nationality
        if r() < 0.07:
            pays, ville = pick(_BIRTH_ABROAD)
            commune_naiss = departement_naiss = None
            nationalite = pays if r() < 0.6 else "100"
        else:
            pays, ville = "100", None
            departement_naiss = self._departement if r() < 0.7 else pick(_OTHER_DEPARTEMENTS)
            commune_naiss = pick(_COMMUNES[departement_naiss])[0]
            nationalite = "100" if r() < 0.97 else pick(_NATIONALITIES)
        # schooling
        division_index = rng.below(self._divisions[level.index])
        unplaced = r() < 0.01
        options = self._options(rng, level)
        groups: tuple[str, ...] = ()
        if level.latin_tag and not unplaced and any(m == _LATIN for m, _ in options):
            groups = (_latin_group(level, division_index),)
        groups_first = r() < 0.3
        newcomer = not doublement and (
            level.index == 0 or r() < (0.45 if level.index == 4 else 0.08)
        )
        previous_level = _LEVELS[level.index - 1] if level.index and not doublement else level
        if doublement or not newcomer:
            previous = self._own
            previous_mef: str | None = previous_level.mef
            previous_division: str | None = _division_code(
                previous_level, rng.below(self._divisions[previous_level.index])
            )
            entered = self.year - (rng.between(1, level.index + 1) if level.index else 1)
        else:
            pool = (
                self._primary
                if level.index == 0
                else self._colleges
                if level.index <= 4
                else self._lycees
            )
            previous = pick(pool)
            previous_mef = _UNKNOWN_ORIGIN if level.index == 0 else previous_level.mef
            previous_division = None
            entered = self.year
        # the languages the pupil already learnt last year, as many as that year's MEF asks for
        learnt = 0 if newcomer and level.index == 0 else len(previous_level.ranks)
        previous_options = tuple(
            _MATIERES[m][0] for m, modalite in options if modalite == "O" and m in _LANGUAGES
        )[: min(learnt, 2)]
        without_ine = newcomer and r() < 0.22
        if without_ine:
            ine_rnie = ine_bea = None
            counter.no_ine += 1
        else:
            digits = f"0{born.year % 10}{(index * 7_654_321 + self.seed * 1_013) % 10**7:07d}"
            ine_rnie = digits + ine_rnie_key(digits)
            ine_bea = None
            if r() < 0.3:
                bea = (
                    f"{self._academie_code}{(born.year + 11) % 100:02d}"
                    f"{(index * 382_417 + self.seed * 7) % 10**6:06d}"
                )
                ine_bea = bea + ine_bea_key(bea)
        sortie = None
        if counter.rare(r() < _LEAVERS, "sortie", index):
            motif = _LEAVING[bisect(_LEAVING_CUM, r() * _LEAVING_CUM[-1])]
            sortie = (self.rentree + dt.timedelta(days=rng.below(3)), motif)
            counter.sortants += 1
        bourses: tuple[tuple[str, int], ...] = ()
        if r() < (0.08 if level.lycee else 0.1):
            bourses = (("1", rng.between(1, 7)),) if level.lycee else (("8", rng.between(1, 4)),)
            if r() < 0.1:
                bourses += (("2", 1),)
        older = level.lycee or r() < 0.2
        mel = (
            f"{_slug(prenom.split()[0])}.{_slug(nom)}{rng.below(1000)}@{pick(_DOMAINS)}"
            if older and r() < 0.6
            else None
        )
        portable = f"06{rng.between(10**7, 10**8)}" if older and r() < 0.5 else None
        address = self._address(rng, counter) if r() < 0.06 else None
        modified = sortie[0] if sortie else self.export_date - dt.timedelta(days=rng.below(100))
        eleve_id = 1_050_000 + 2 * index + rng.getrandbits(1)
        elenoet = str(1001 + index)
        return _Pupil(
            eleve_id=str(eleve_id),
            elenoet=elenoet,
            id_prv=str(index + 1),
            ine_rnie=ine_rnie,
            ine_bea=ine_bea,
            nom=nom,
            nom_usage=nom_usage,
            prenom=prenom,
            prenom2=prenom2,
            prenom3=prenom3,
            sexe="2" if girl else "1",
            date_naiss=born,
            pays_naiss=pays,
            commune_naiss=commune_naiss,
            departement_naiss=departement_naiss,
            ville_naiss=ville,
            nationalite=nationalite,
            level=level,
            division=None if unplaced else _division_code(level, division_index),
            groups=groups,
            groups_first=groups_first,
            options=options,
            regime=_REGIME_CODES[bisect(_REGIME_CUM, r() * _REGIME_CUM[-1])],
            doublement=doublement,
            transport=r() < 0.1,
            date_entree=_rentree(entered),
            date_modification=modified,
            mel=mel,
            tel_portable=portable,
            address=address,
            bourses=bourses,
            previous=previous,
            previous_mef=previous_mef,
            previous_division=previous_division,
            previous_options=previous_options,
            sortie=sortie,
            links=tuple(links),
        )

    @staticmethod
    def _options(rng: _Rng, level: _Level) -> tuple[tuple[str, str], ...]:
        """Compulsory options in rank order, then optional ones (``F``)."""
        chosen: list[tuple[str, str]] = []
        ranks = level.ranks
        if ranks:
            lva = _LVA[bisect(_LVA_CUM, rng.random() * _LVA_CUM[-1])]
            chosen.append((lva, "O"))
        if len(ranks) > 1:
            # the second language, another one than the first
            second = _LV2 if ranks[1] is _LV2 else _LVB
            others = [m for m in _SECOND_CHOICES if m in second and m[:4] != lva[:4]]
            chosen.append((others[0] if len(others) == 1 or rng.random() < 0.7 else others[1], "O"))
            spes = len(ranks) - 2
            picked: list[str] = []
            while len(picked) < spes:
                spe = _SPE[bisect(_SPE_CUM, rng.random() * _SPE_CUM[-1])]
                if spe not in picked:
                    picked.append(spe)
            chosen += [(spe, "O") for spe in picked]
        taken = {m for m, _ in chosen}
        for matiere, _hours, share in level.optional:
            if rng.random() < share and matiere not in taken:
                chosen.append((matiere, "F"))
        return tuple(chosen)

    # --- counts -------------------------------------------------------------------------------
    def stats(self) -> SchoolStats:
        """Counts of the school (one generation pass, unless a writer already made one)."""
        if self._stats is None:
            for _ in self._families():
                pass
        assert self._stats is not None
        return self._stats

    def import_problem(self) -> str | None:
        """Why the import file cannot be written (private ids beyond 99 999), else ``None``."""
        if self.pupil_count > MAX_PRIVATE_ID:
            return (
                f"{french.number(self.pupil_count)} élèves, or les identifiants ID_PRV_ELE du "
                "fichier d'import vont de 0 à 99 999 (un tel établissement ne sert qu'aux "
                "mesures de performance)."
            )
        if self.pupil_count * _MAX_PERSONS_PER_FAMILY <= MAX_PRIVATE_ID:
            return None
        persons = self.stats().responsables
        if persons > MAX_PRIVATE_ID:
            return (
                f"{french.number(persons)} responsables, or les identifiants ID_PRV_PER du "
                "fichier d'import vont de 0 à 99 999 (un tel établissement ne sert qu'aux "
                "mesures de performance)."
            )
        return None
