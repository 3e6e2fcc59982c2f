"""A template folder given by a plugin reaches every writer: the exports (``siecle fake``, the
sandbox), the import file and the HTML compte-rendu; each format's template is the one its
``FormatSpec`` names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from siecle_sdk.formats.builtin import siecle_formats
from siecle_sdk.io.writer import core_templates
from siecle_sdk.plugin.manager import get_manager, reset_manager

from . import override_plugin

MARK = override_plugin.MARK


def _fake(run_cli: Callable[..., object], out: Path) -> dict[str, str]:
    result = run_cli("fake", "--pupils", "6", "--seed", "4", "--out", out)
    assert getattr(result, "code", None) == 0, result
    return {p.name: p.read_text(encoding="iso8859-15") for p in sorted(out.glob("*.xml"))}


def test_every_format_names_a_template_that_exists() -> None:
    for spec in siecle_formats():
        assert (core_templates() / spec.template).is_file(), spec.name
        if spec.name != "import-eleves":
            assert spec.template == f"export-{spec.name}.xml"


def _unmarked(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if MARK not in line)


def test_override_changes_an_export_the_import_file_and_the_compte_rendu(
    run_cli: Callable[..., object], tmp_path: Path
) -> None:
    reset_manager()
    plain = _fake(run_cli, tmp_path / "plain")
    get_manager().register(override_plugin, "modeles-test")
    try:
        files = _fake(run_cli, tmp_path / "fake")
        (import_name,) = (name for name in files if name[0].isdigit())
        page = tmp_path / "compte-rendu.html"
        result = run_cli(
            "check", tmp_path / "fake" / import_name, "--format", "html", "--output", page
        )
    finally:
        reset_manager()
    assert plain.keys() == files.keys()
    eleves = files["ElevesAvecAdresses.xml"]
    assert eleves.count(f"<!-- {MARK} : ELEVES -->") == eleves.count("<ELEVE ") >= 6
    imported = files[import_name]
    assert imported.count(f"<!-- {MARK} : élève ") == imported.count("<ELEVE>") > 0
    # the override adds its marks and changes nothing else; other formats keep their template
    assert _unmarked(eleves) == plain["ElevesAvecAdresses.xml"] != eleves
    assert _unmarked(imported) == plain[import_name] != imported
    for name in ("Nomenclature.xml", "Structures.xml", "Communs.xml"):
        assert files[name] == plain[name], name

    assert getattr(result, "code", None) in (0, 1), result
    title = page.read_text(encoding="utf-8").split("<title>", 1)[1].split("</title>", 1)[0]
    assert title == f"{MARK.capitalize()} – Compte Rendu de l'import du privé – {import_name}"
