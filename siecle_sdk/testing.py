"""Conformance kit: the contract every vendor adapter passes, as pytest tests.

An adapter's test suite runs the whole contract with one class::

    from siecle_sdk.testing import AdapterContract

    class TestContract(AdapterContract):
        adapter = "vendor_x"          # the adapter's entry-point name

        def corrupt(self, target):    # damage one record of the data at ``target``
            ...
            return "12"               # text the error message must contain (the record's id)

The contract: a school written then read comes back identical (on the elements the adapter
declares in ``stored_fields``; others may come back absent, never changed); a second write updates
in place; the INE return changes the INE and nothing else; a pupil and a person created in the
product (no SIECLE id, no INE) are sent to the sandbox, integrated by its night's run, take their
INE from the sandbox's Élèves export and are sent again with it; nomenclature and structures are
stored; damaged data is refused with an error naming the record; the file pushed from the
adapter's data is valid against the official XSD.
Every failure names the record (``élève ID_PRV_ELE=12 (…)``) and the element
(``ELEVE/SCOLARITE_ACTIVE/CODE_MEF``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

import pytest

from .errors import VendorDataError
from .exchange.ine_return import match_updates
from .exchange.packaging import build_package
from .exchange.takeover import ine_updates
from .identifiers import ine_rnie_key
from .io.reader import open_document
from .io.schema import validate_import
from .models.import_eleves import Eleve, Personne
from .plugin.adapter import IneUpdate, School
from .plugin.manager import Adapter, get_manager
from .plugin.neutral import record_to_json
from .sandbox import Sandbox
from .tools.synthetic import SyntheticSchool

__all__ = ["AdapterContract", "synthetic_school"]

_INE_FIELDS = {"id_national", "ine_bea", "ine_rnie"}


#: the seed of the kit's synthetic school
_SEED = 7


def synthetic_school(pupils: int = 40, seed: int = _SEED) -> School:
    """A synthetic school as the exchange carries it (persons and pupils in import form)."""
    return SyntheticSchool(pupils=pupils, seed=seed).exchange_school("CONFORME")


def _by_id(records: Iterable[Personne | Eleve]) -> dict[str, Personne | Eleve]:
    out: dict[str, Personne | Eleve] = {}
    for record in records:
        key = record.id_prv_per if isinstance(record, Personne) else record.id_prv_ele
        assert key not in out, f"identifiant privé {key} lu deux fois"
        out[key] = record
    return out


def _flat(value: Any, path: str, out: dict[str, Any]) -> dict[str, Any]:
    """Element path (``SCOLARITE_ACTIVE/OPTIONS[1]/CODE_MATIERE``) -> value, leaves only."""
    if isinstance(value, dict):
        for key, inner in value.items():
            _flat(inner, f"{path}/{key}" if path else key, out)
    elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
        out[f"{path}#"] = len(value)
        for n, inner in enumerate(value, 1):
            _flat(inner, f"{path}[{n}]", out)
    else:
        out[path] = value
    return out


def _declared(path: str, stored: frozenset[str] | None) -> bool:
    if stored is None:
        return True
    bare = re.sub(r"\[\d+\]|#$", "", path)
    parts = bare.split("/")
    return any("/".join(parts[:n]) in stored for n in range(1, len(parts) + 1))


def _differences(
    expected: Personne | Eleve, got: Personne | Eleve, stored: frozenset[str] | None = None
) -> list[str]:
    """What differs, element by element: a stored element must come back identical; another
    may come back absent (a documented loss) but never changed."""
    kind = "ELEVE" if isinstance(expected, Eleve) else "PERSONNE"
    a = _flat(record_to_json(expected), kind, {})
    b = _flat(record_to_json(got), kind, {})
    problems = []
    for path in sorted(set(a) | set(b)):
        want, have = a.get(path), b.get(path)
        if want == have:
            continue
        if _declared(path, stored):
            problems.append(f"{path} : attendu {want!r}, relu {have!r}")
        elif have is not None:
            problems.append(f"{path} (non conservé par l'adaptateur) : {want!r} relu {have!r}")
    return problems


def assert_same_records(
    expected: Iterable[Personne | Eleve],
    got: Iterable[Personne | Eleve],
    stored: frozenset[str] | None = None,
) -> None:
    """Both collections hold the same records (matched on private id), element for element;
    with ``stored``, elements outside it may come back absent (see ``AdapterContract``)."""
    want = _by_id(expected)
    have = _by_id(got)
    assert sorted(have) == sorted(want), (
        f"identifiants différents : manquants {sorted(set(want) - set(have))[:10]}, "
        f"en trop {sorted(set(have) - set(want))[:10]}"
    )
    problems = []
    for key, record in want.items():
        diffs = _differences(record, have[key], stored)
        if diffs:
            problems.append(f"{record.label} : " + " ; ".join(diffs[:5]))
    assert not problems, "\n".join(problems[:20])


class AdapterContract:
    """Tests every adapter passes; subclass it and set ``adapter``."""

    #: entry-point name of the adapter under test
    adapter: ClassVar[str] = ""
    #: size of the synthetic school used by the contract
    pupils: ClassVar[int] = 40
    #: the SIECLE elements the adapter stores, as paths (``ELEVE/PRENOM``,
    #: ``ELEVE/SCOLARITE_ACTIVE``, ``PERSONNE/EMAIL``…; a path covers what is inside it);
    #: ``None``: all of them. They must come back exactly; any other element may come back
    #: absent (a loss to document for the product's users) but never changed.
    stored_fields: ClassVar[frozenset[str] | None] = None

    def corrupt(self, target: Path) -> str:
        """Damage one record of the vendor's data at ``target`` and return text naming it."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement corrupt(target) to run the bad-data contract"
        )

    def target_path(self, tmp_path: Path) -> Path:
        """Where the vendor's data is created for a test (not created beforehand)."""
        return tmp_path / "donnees-logiciel"

    # --- fixtures -------------------------------------------------------------------------
    @pytest.fixture
    def siecle_adapter(self) -> Adapter:
        assert self.adapter, "set the class attribute `adapter` to the adapter's name"
        return get_manager().adapter(self.adapter)

    @pytest.fixture
    def school(self) -> School:
        return synthetic_school(self.pupils)

    @pytest.fixture
    def target(self, tmp_path: Path) -> Path:
        return self.target_path(tmp_path)

    @pytest.fixture
    def stored(self, siecle_adapter: Adapter, school: School, target: Path) -> Path:
        report = siecle_adapter.write_school(target, school)
        assert report.counts.get("eleves") == len(school.pupils), report.counts
        assert report.counts.get("personnes") == len(school.persons), report.counts
        return target

    # --- the contract ---------------------------------------------------------------------
    def test_round_trip(self, siecle_adapter: Adapter, school: School, stored: Path) -> None:
        """What is written is read back identical: nobody lost, nothing changed."""
        back = siecle_adapter.read_school(stored)
        assert back.uai == school.uai
        assert back.school_year == school.school_year
        assert len(back.pupils) == len(school.pupils)
        assert len(back.persons) == len(school.persons)
        assert_same_records(school.persons, back.persons, self.stored_fields)
        assert_same_records(school.pupils, back.pupils, self.stored_fields)
        # collections are re-iterable: a second pass reads the same records
        assert_same_records(school.pupils, back.pupils, self.stored_fields)

    def test_second_write_updates_in_place(
        self, siecle_adapter: Adapter, school: School, stored: Path
    ) -> None:
        """A later takeover updates pupils matched on their ids and adds new ones."""
        pupils = list(school.pupils)
        changed = pupils[0].model_copy(update={"prenom": "Zoé-Éléonore", "code_regime": "2"})
        newcomer = pupils[2].model_copy(
            update={
                "id_prv_ele": str(max(int(p.id_prv_ele) for p in pupils) + 1),
                "eleve_id": None,
                "id_national": None,
                "ine_bea": None,
                "ine_rnie": None,
                "prenom": "Nouvelle",
            }
        )
        second = dataclasses.replace(school, pupils=[changed, *pupils[1:], newcomer])
        siecle_adapter.write_school(stored, second)
        back = siecle_adapter.read_school(stored)
        assert_same_records(second.pupils, back.pupils, self.stored_fields)
        assert len(back.persons) == len(school.persons)

    def test_ine_only_changes_ine(
        self, siecle_adapter: Adapter, school: School, stored: Path
    ) -> None:
        """The INE return writes INE and nothing else; unknown pupils are reported."""
        pupils = list(school.pupils)
        without = [p for p in pupils if not p.id_national][:3]
        assert without, "the synthetic school has pupils without INE"
        updates = []
        expected: dict[str, dict[str, str | None]] = {}
        for n, pupil in enumerate(without):
            digits = f"{97100000 + n:09d}"
            ine = digits + ine_rnie_key(digits)
            updates.append(
                IneUpdate(
                    eleve_id=pupil.eleve_id,
                    id_prv_ele=pupil.id_prv_ele,
                    id_national=ine,
                    ine_rnie=ine,
                    nom=pupil.nom_de_famille,
                    prenom=pupil.prenom,
                )
            )
            expected[pupil.id_prv_ele] = {"id_national": ine, "ine_rnie": ine}
        known = next(p for p in pupils if p.id_national)
        updates.append(
            IneUpdate(
                eleve_id=known.eleve_id,
                id_prv_ele=known.id_prv_ele,
                id_national=known.id_national,
                ine_bea=known.ine_bea,
                ine_rnie=known.ine_rnie,
            )
        )
        erased = next(p for p in pupils if p.id_national and p is not known)
        updates.append(
            IneUpdate(eleve_id=erased.eleve_id, id_prv_ele=erased.id_prv_ele, id_national=None)
        )
        updates.append(
            IneUpdate(
                eleve_id="99999999",
                id_prv_ele="99998",
                id_national=None,
                nom="INCONNU",
                prenom="Personne",
            )
        )
        report = siecle_adapter.write_ine(stored, updates)
        assert len(report.updated) == len(without)
        assert len(report.not_found) == 1 and "INCONNU" in report.not_found[0]
        assert len(report.unchanged) == 2
        back = _by_id(siecle_adapter.read_school(stored).pupils)
        for pupil in pupils:
            got = back[pupil.id_prv_ele]
            update = expected.get(pupil.id_prv_ele, {})
            want = pupil.model_copy(update=update)
            assert _differences(want, got, self.stored_fields) == [], pupil.label
        assert_same_records(
            school.persons, siecle_adapter.read_school(stored).persons, self.stored_fields
        )

    def test_reference_data(self, siecle_adapter: Adapter, tmp_path: Path, target: Path) -> None:
        """Nomenclature and structures are stored and counted."""
        from .models.nomenclature import Nomenclature
        from .models.structures import Structures
        from .tools.synthetic import SyntheticSchool

        files = SyntheticSchool(pupils=20, seed=3).write_exports(tmp_path / "exports")
        nomenclature = Nomenclature.load(files["nomenclature"])
        structures = Structures.load(files["structures"])
        if siecle_adapter.provides("siecle_write_nomenclature"):
            report = siecle_adapter.write_nomenclature(target, nomenclature)
            assert report.counts.get("mefs") == len(nomenclature.mefs), report.counts
        if siecle_adapter.provides("siecle_write_structures"):
            report = siecle_adapter.write_structures(target, structures)
            assert report.counts.get("divisions") == len(structures.divisions), report.counts

    def test_bad_data_names_the_record(self, siecle_adapter: Adapter, stored: Path) -> None:
        """Damaged vendor data is refused with a message naming the record."""
        needle = self.corrupt(stored)
        with pytest.raises(VendorDataError) as caught:
            school = siecle_adapter.read_school(stored)
            list(school.pupils)
            list(school.persons)
        assert needle in caught.value.message

    def test_push_is_valid(self, siecle_adapter: Adapter, stored: Path, tmp_path: Path) -> None:
        """The deposit built from the adapter's data is named by SIECLE's rule and valid."""
        from .exchange.packaging import build_package
        from .io.schema import validate_import
        from .rules.deposit import NAME_PATTERN

        school = siecle_adapter.read_school(stored)
        when = dt.datetime(int(school.school_year), 9, 5, 14, 30, 12)
        package = build_package(
            school, tmp_path / "envoi", software="CONFORME", send_number=1, when=when
        )
        assert NAME_PATTERN.match(package.zip_path.name)
        with zipfile.ZipFile(package.zip_path) as archive:
            assert archive.namelist() == [package.xml_name]
            archive.extract(package.xml_name, tmp_path)
        assert validate_import(tmp_path / package.xml_name, "3.1") == []
        assert package.written.eleves == len(school.pupils)

    def test_pupil_created_in_the_product(
        self, siecle_adapter: Adapter, school: School, stored: Path, tmp_path: Path
    ) -> None:
        """A pupil and a person created in the product (no SIECLE id, no INE) are sent to the
        sandbox (SIECLE simulated: deposit, then the night's integration), get their INE from
        the sandbox's Élèves export through the adapter's INE return, and are sent again with
        it."""
        persons, pupils = list(school.persons), list(school.pupils)
        model = next(p for p in pupils if not p.is_leaver and p.responsables_eleve)
        person = persons[0].model_copy(
            update={
                "id_prv_per": str(max(int(p.id_prv_per) for p in persons) + 1),
                "personne_id": None,
                "nom_de_famille": "CRÉÉE-DANS-LE-LOGICIEL",
            }
        )
        links = model.responsables_eleve.model_copy(  # type: ignore[union-attr]
            update={
                "legal": [
                    model.responsables_eleve.legal[0].model_copy(  # type: ignore[union-attr]
                        update={"id_prv_per": person.id_prv_per}
                    )
                ],
                "personne_en_charge": [],
                "contact": [],
            }
        )
        created = model.model_copy(
            update={
                "id_prv_ele": str(max(int(p.id_prv_ele) for p in pupils) + 1),
                "eleve_id": None,
                "id_national": None,
                "ine_bea": None,
                "ine_rnie": None,
                "nom_de_famille": "NOUVEL-ÉLÈVE",
                "responsables_eleve": links,
            }
        )
        whole = dataclasses.replace(school, persons=[*persons, person], pupils=[*pupils, created])
        siecle_adapter.write_school(stored, whole)
        first, deposit = self._sent(siecle_adapter, stored, tmp_path / "envoi1", 1)
        assert first[created.id_prv_ele] is None, "sent without INE"
        ine = self._through_the_sandbox(school, deposit, created, tmp_path)
        uai, year, updates = self._exported_ine(tmp_path / "retour")
        assert (uai, year) == (school.uai, school.school_year)
        matching = match_updates(updates, siecle_adapter.read_school(stored).pupils)
        assert not matching.refused, matching.refused
        report = siecle_adapter.write_ine(stored, matching.updates)
        assert created.label in report.updated, f"{created.label} : INE non enregistré ({report})"
        back = _by_id(siecle_adapter.read_school(stored).pupils)
        got = back[created.id_prv_ele]
        want = created.model_copy(
            update={name: getattr(ine, name) for name in _INE_FIELDS if getattr(ine, name)}
        )
        assert _differences(want, got, self.stored_fields) == [], created.label
        second, _ = self._sent(siecle_adapter, stored, tmp_path / "envoi2", 2)
        assert second[created.id_prv_ele] == ine.id_national, (
            f"{created.label} : ID_NATIONAL non renvoyé"
        )
        assert len(second) == len(first)

    def _through_the_sandbox(
        self, school: School, deposit: Path, created: Eleve, tmp_path: Path
    ) -> IneUpdate:
        """``deposit`` deposited in a sandbox made from the school's exports, integrated by the
        night's run, and the Élèves export taken back into ``tmp_path / "retour"``; the national ids
        the sandbox gave ``created``, as its Élèves export carries them."""
        source = SyntheticSchool(pupils=self.pupils, seed=_SEED)
        exports = source.write_exports(tmp_path / "exports", zipped=True)
        year = int(school.school_year)
        with Sandbox.create(tmp_path / "bac", exports) as box:
            box.deposit(deposit, now=dt.datetime(year, 9, 6, 14, 35))
            night = box.night(now=dt.datetime(year, 9, 6, 21, 45))
            assert len(night.integrations) == 1, night
            integration = night.integrations[0]
            rejected = [
                f"{f.code} {f.message}"
                for f in integration.report.findings
                if f.record == "eleve" and f.private_id == created.id_prv_ele and f.blocking
            ]
            assert not rejected, f"{created.label} : rejeté par la base élèves ({rejected})"
            box.export(tmp_path / "retour", now=dt.datetime(year, 9, 7, 15, 0))
        returned = [
            u
            for u in self._exported_ine(tmp_path / "retour")[2]
            if u.id_prv_ele == created.id_prv_ele
        ]
        assert returned and returned[0].id_national, (
            f"{created.label} : aucun INE dans l'export Élèves du bac à sable"
        )
        return returned[0]

    @staticmethod
    def _exported_ine(folder: Path) -> tuple[str, str, list[IneUpdate]]:
        """The school, year and INE updates of the Élèves export in ``folder``."""
        (path,) = sorted(folder.glob("ExportXML_Eleves*.zip"))
        return ine_updates(path)

    @staticmethod
    def _sent(
        adapter: Adapter, stored: Path, out: Path, number: int
    ) -> tuple[dict[str, str | None], Path]:
        """``ID_PRV_ELE`` -> ``ID_NATIONAL`` of the deposit built from the adapter's data, and
        the deposit's zip."""
        school = adapter.read_school(stored)
        when = dt.datetime(int(school.school_year), 9, 5 + number, 14, 30, 12)
        package = build_package(school, out, software="CONFORME", send_number=number, when=when)
        with zipfile.ZipFile(package.zip_path) as archive:
            archive.extract(package.xml_name, out)
        xml = out / package.xml_name
        assert validate_import(xml, "3.1") == []
        sent: dict[str, str | None] = {}
        with open_document(xml) as doc:
            for _, record in doc.typed():
                if isinstance(record, Eleve):
                    sent[record.id_prv_ele] = record.id_national
        return sent, package.zip_path
