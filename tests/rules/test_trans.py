"""TRANS: registered, never reporting (ADHESION_TRANSPORT is an XSD boolean)."""

from __future__ import annotations

from siecle_sdk.rules import Rule
from siecle_sdk.rules.trans import Trans

from .conftest import Kit, eleve, silent


def test_nothing_is_checked(kit: Kit) -> None:
    assert Trans.needs == frozenset()
    for method in ("check_eleve", "check_personne", "finish"):
        assert getattr(Trans, method) is getattr(Rule, method)
    silent(kit.check(eleves=[eleve(adhesion_transport=True)]))
