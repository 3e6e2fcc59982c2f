"""REGIM: an unknown régime is defaulted to externe libre, with a note."""

from __future__ import annotations

from siecle_sdk.rules import Consequence

from .conftest import Kit, eleve, only, silent


def test_code_11_is_not_a_regime(kit: Kit) -> None:
    report = kit.check(eleves=[eleve(code_regime="11")])
    finding = only(report, "INF_REGIM_A_01", section=6, consequence=Consequence.NOTE, value="11")
    assert "externe libre" in finding.message and not report.blocking
    silent(kit.check(eleves=[eleve(code_regime="21")]))
