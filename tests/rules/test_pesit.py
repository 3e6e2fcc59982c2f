"""PESIT: registered, never reporting (the employment situation left the files in 2.0)."""

from __future__ import annotations

from siecle_sdk.rules import Rule
from siecle_sdk.rules.pesit import Pesit

from .conftest import Kit, pere, personne, silent


def test_nothing_is_checked(kit: Kit) -> None:
    assert Pesit.needs == frozenset()
    for method in ("check_eleve", "check_personne", "finish"):
        assert getattr(Pesit, method) is getattr(Rule, method)
    silent(kit.check(personnes=[personne(code_profession="81"), pere()]))
