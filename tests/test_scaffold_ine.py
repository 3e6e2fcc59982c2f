"""The adapter skeleton (``siecle plugin new``) validates the pupils its ``write_ine`` changes.

A ``model_copy(update=...)`` would store what it is given unchecked: an INE handed over as a number
would be written to ``eleves.jsonl`` and make the next read of the adapter's data fail. The
skeleton validates the changed pupil instead, so such a value is refused and nothing is written.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import ValidationError

from siecle_sdk.plugin.adapter import IneUpdate
from siecle_sdk.testing import synthetic_school
from siecle_sdk.tools.scaffold import create


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[ModuleType]:
    project = create("essai_ine", tmp_path)
    sys.path.insert(0, str(project))
    try:
        yield importlib.import_module("siecle_essai_ine.storage")
    finally:
        sys.path.remove(str(project))
        for name in [n for n in sys.modules if n.startswith("siecle_essai_ine")]:
            del sys.modules[name]


def test_write_ine_refuses_a_value_of_the_wrong_type(storage: ModuleType, tmp_path: Path) -> None:
    target = tmp_path / "donnees"
    school = synthetic_school(pupils=6, seed=5)
    storage.write_school(target, school)
    before = (target / "eleves.jsonl").read_bytes()
    pupil = next(iter(school.pupils))
    careless = IneUpdate(eleve_id=None, id_prv_ele=pupil.id_prv_ele, id_national=123456789)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        storage.write_ine(target, [careless])
    assert (target / "eleves.jsonl").read_bytes() == before
    assert len(storage.read_school(target).pupils) == 6


def test_write_ine_stores_a_valid_ine(storage: ModuleType, tmp_path: Path) -> None:
    target = tmp_path / "donnees"
    school = synthetic_school(pupils=6, seed=5)
    storage.write_school(target, school)
    pupil = next(iter(school.pupils))
    report = storage.write_ine(
        target, [IneUpdate(eleve_id=None, id_prv_ele=pupil.id_prv_ele, id_national="070832327JA")]
    )
    assert len(report.updated) == 1
    stored = {p.id_prv_ele: p for p in storage.read_school(target).pupils}
    assert stored[pupil.id_prv_ele].id_national == "070832327JA"
