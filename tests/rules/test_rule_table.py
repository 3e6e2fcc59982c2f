"""The rules as data: their order, the code-list table, and the docs table made from them."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import pytest

from siecle_sdk.models.import_eleves import Eleve
from siecle_sdk.rules import Rule, Stage
from siecle_sdk.rules.builtin import FAMILIES, siecle_rules
from siecle_sdk.rules.code_lists import CODE_LISTS, Regim
from siecle_sdk.rules.table import BEGIN, END, markdown_table, refreshed

PAGE = Path(__file__).parents[2] / "docs" / "rules.md"


def test_docs_table_is_made_from_the_rule_classes() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert refreshed(page, siecle_rules()) == page, (
        "docs/rules.md is stale: run python -m siecle_sdk.rules.table docs/rules.md"
    )


def test_a_changed_rule_makes_the_table_stale() -> None:
    page = PAGE.read_text(encoding="utf-8")
    changed = type("Regim", (Regim,), {"outcome": "refused"})
    rules = [changed if rule is Regim else rule for rule in siecle_rules()]
    assert refreshed(page, rules) != page
    assert "| REGIM |" in markdown_table(rules) and "| refused |" in markdown_table(rules)


def test_a_family_without_its_row_is_refused() -> None:
    bare = type("Bare", (Rule,), {"family": "BARE", "title": "x"})
    with pytest.raises(ValueError, match="BARE"):
        markdown_table([*siecle_rules(), bare])
    page = PAGE.read_text(encoding="utf-8")
    assert page.count(BEGIN) == page.count(END) == 1


def test_order_is_unique_and_follows_the_stages() -> None:
    rules = list(siecle_rules())
    assert len({rule.order for rule in rules}) == len(rules)
    pupil_rules = [rule for rule in rules if _checks_pupils(rule)]
    stages = [rule.stage for rule in pupil_rules]
    assert stages == sorted(stages), [(r.__name__, r.stage) for r in pupil_rules]
    assert stages[0] == Stage.REJECTION and stages[-1] == Stage.OPTIONS


def _checks_pupils(rule: type[Rule]) -> bool:
    return rule.check_eleve is not Rule.check_eleve


def test_every_rule_class_of_the_family_modules_is_registered() -> None:
    registered = set(siecle_rules())
    for name in FAMILIES:
        module = import_module(f"siecle_sdk.rules.{name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value.family:
                assert value in registered, value


def test_code_list_rows_read_their_code_by_path() -> None:
    rows = {row.family: row for row in CODE_LISTS}
    assert len(rows) == 6
    pupil = Eleve.model_construct(code_regime=None, etablissement_an_dernier=None)
    assert rows["REGIM"].value(pupil) == ""  # a missing code is checked as empty
    assert rows["PROVE"].value(pupil) is None  # no previous school: nothing to check
    leaving = Eleve.model_construct(code_motif_sortie=" 5 ", date_sortie=None)
    staying = Eleve.model_construct(code_motif_sortie=None, date_sortie=None)
    assert rows["SORTI"].value(leaving) == "5"
    assert rows["SORTI"].value(staying) is None  # only a leaver's motive is checked
