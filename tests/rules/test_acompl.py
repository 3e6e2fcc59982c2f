"""ACOMPL: registered, never reporting (its triggers are unknown)."""

from __future__ import annotations

from siecle_sdk.rules import Rule
from siecle_sdk.rules.acompl import Acompl

from .conftest import Kit, silent, sortant


def test_nothing_is_checked(kit: Kit) -> None:
    assert Acompl.needs == frozenset()
    for method in ("check_eleve", "check_personne", "finish"):
        assert getattr(Acompl, method) is getattr(Rule, method)
    silent(kit.check(eleves=[sortant(code_pays_nat=None, code_sexe=None)]))
