"""``siecle check`` on the rule kit's files: exit status and JSON compte-rendu."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .conftest import Kit, eleve, scolarite


def _args(kit: Kit, path: Path) -> list[str | Path]:
    args: list[str | Path] = ["check", path]
    for name, export in kit.exports.items():
        args += [f"--{name}", export]
    return [*args, "--format", "json"]


def test_check_exit_status_and_json(kit: Kit, run_cli: Callable[..., Any]) -> None:
    clean = run_cli(*_args(kit, kit.write(name="propre.xml")))
    assert clean.code == 0, clean.err
    data = json.loads(clean.out)
    assert all(f["section"] == 8 for f in data["findings"])
    assert data["blocking"] is False

    bad = eleve(scolarite_active=scolarite(code_division="1G1"), code_regime="11")
    result = run_cli(*_args(kit, kit.write(eleves=[bad], name="faux.xml")))
    assert result.code == 1, result.err
    data = json.loads(result.out)
    assert data["counts"]["eleves"] == 1 and data["counts"]["responsables"] == 2
    rows = {f["code"]: f for f in data["findings"] if f["section"] in range(1, 7)}
    assert set(rows) == {"ACDIV_B_01", "INF_REGIM_A_01"}
    acdiv = rows["ACDIV_B_01"]
    assert acdiv["section"] == 5 and acdiv["record"] == "eleve"
    assert acdiv["private_id"] == "1" and acdiv["siecle_id"] == "1234567"
    assert acdiv["name"] == "DUPONT Paul" and "« 1G1 »" in acdiv["message"]
    assert rows["INF_REGIM_A_01"]["section"] == 6
    assert data["sections"]["5"]["count"] == 1 and data["sections"]["6"]["count"] == 1
