"""Conformance kit: the contract every vendor adapter passes, as pytest tests.

An adapter's test suite runs the whole contract with one class::

    from siecle_sdk.testing import AdapterContract

    class TestContract(AdapterContract):
        adapter = "vendor_x"          # the adapter's entry-point name

        def corrupt(self, target):    # damage one record of the data at ``target``
            ...
            return "12"               # text the error message must contain (the record's id)

The contract: a school written then read comes back identical; a second write updates in place;
the INE return changes the INE and nothing else; nomenclature and structures are stored; damaged
data is refused with an error naming the record; the file pushed from the adapter's data is valid
against the official XSD.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

import pytest

from .errors import VendorDataError
from .identifiers import ine_rnie_key
from .models.import_eleves import Eleve, Personne
from .plugin.adapter import IneUpdate, School
from .plugin.manager import Adapter, get_manager

__all__ = ["AdapterContract", "synthetic_school"]

_INE_FIELDS = {"id_national", "ine_bea", "ine_rnie"}


def synthetic_school(pupils: int = 40, seed: int = 7) -> School:
    """A synthetic school as the exchange carries it (persons and pupils in import form)."""
    from .tools.synthetic import SyntheticSchool

    return SyntheticSchool(pupils=pupils, seed=seed).exchange_school("CONFORME")


def _by_id(records: Iterable[Personne | Eleve]) -> dict[str, Personne | Eleve]:
    out: dict[str, Personne | Eleve] = {}
    for record in records:
        key = record.id_prv_per if isinstance(record, Personne) else record.id_prv_ele
        assert key not in out, f"identifiant privé {key} lu deux fois"
        out[key] = record
    return out


def _differences(expected: Personne | Eleve, got: Personne | Eleve) -> list[str]:
    a = expected.model_dump()
    b = got.model_dump()
    return [f"{name}: {a[name]!r} != {b.get(name)!r}" for name in a if a[name] != b.get(name)]


def assert_same_records(
    expected: Iterable[Personne | Eleve], got: Iterable[Personne | Eleve]
) -> None:
    """Both collections hold the same records (matched on private id), field for field."""
    want = _by_id(expected)
    have = _by_id(got)
    assert sorted(have) == sorted(want), (
        f"identifiants différents : manquants {sorted(set(want) - set(have))[:10]}, "
        f"en trop {sorted(set(have) - set(want))[:10]}"
    )
    problems = []
    for key, record in want.items():
        diffs = _differences(record, have[key])
        if diffs:
            problems.append(f"{key}: " + "; ".join(diffs[:5]))
    assert not problems, "\n".join(problems[:20])


class AdapterContract:
    """Tests every adapter passes; subclass it and set ``adapter``."""

    #: entry-point name of the adapter under test
    adapter: ClassVar[str] = ""
    #: size of the synthetic school used by the contract
    pupils: ClassVar[int] = 40

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
        assert_same_records(school.persons, back.persons)
        assert_same_records(school.pupils, back.pupils)
        # collections are re-iterable: a second pass reads the same records
        assert_same_records(school.pupils, back.pupils)

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
        assert_same_records(second.pupils, back.pupils)
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
            assert _differences(want, got) == [], pupil.label
        assert_same_records(school.persons, siecle_adapter.read_school(stored).persons)

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
