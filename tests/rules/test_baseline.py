"""The baseline file is clean with every export, and every family is registered."""

from __future__ import annotations

from siecle_sdk.plugin.manager import get_manager
from siecle_sdk.rules.builtin import siecle_rules

from .conftest import Kit, silent

#: the 32 families of SIECLE's table, and two codes seen in compte-rendus only
NAMES = """
ACDIV ACMEF ACOMPL ADRES BOURS CIVIL COMAD CREAT CSEXE DNAIS ELNAT ELNOM HETAB IDNAT INOPT LNAIS
MEFAD MODCH NBENF OPFAC OPOBL PAREN PEPCS PESIT PROVE REGIM SCOAC SCOPR SORTI STATU TELEP TRANS
ENTREE PUSAG
"""
FAMILIES = set(NAMES.split())


def test_every_family_is_registered() -> None:
    rules = siecle_rules()
    assert set(rules) <= set(get_manager().rules())
    assert {r.family for r in rules} == FAMILIES
    assert all(r.title and r.__doc__ for r in rules)


def test_baseline_is_clean(kit: Kit) -> None:
    report = kit.check()
    silent(report)
    assert report.disabled == {}
    assert report.counts["eleves"] == 1 and report.counts["responsables"] == 2
