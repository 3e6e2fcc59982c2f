"""``docs/fields.md``: every element of ``IMPORT_ELEVES``, documented from the models.

For each element of a pupil (``ELEVE``) and a person (``PERSONNE``), nested ones included: its
meaning, whether the XSD requires it and whether SIECLE (or ``push``) needs it beyond the XSD, its
code list, the value the takeover from SIECLE's exports gives it when the exports lack it, and the
business rules that read it. ``python -m siecle_sdk.tools.fields docs/fields.md`` writes the file;
``--check`` fails when the file differs from what the models give (a test runs it).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

from ..io.writer import atomic_write
from ..models import Record
from ..models.fields import fields_of
from ..models.import_eleves import Eleve, Lien, Personne, ResponsablesEleve
from ..plugin.context import TAKEOVER_DEFAULTS
from ..plugin.neutral_schema import DESCRIPTIONS, ENUMS, schema
from ..rules.code_lists import CODE_LISTS

__all__ = ["main", "render"]

#: code lists that depend on the school: where the allowed values are
LISTS = {
    "CODE_REGIME": "Nomenclature `REGIMES`",
    "CODE_MOTIF_SORTIE": "Nomenclature `MOTIFS_SORTIE`",
    "CODE_MEF": "Nomenclature `MEFS`",
    "CODE_MATIERE": "Nomenclature `MATIERES`",
    "CODE_MODALITE_ELECT": "Nomenclature `MODALITES_ELECTION`",
    "CODE_PROVENANCE": "Nomenclature `PROVENANCES`",
    "CODE_PROFESSION": "Nomenclature `PROFESSIONS` (PCS)",
    "CODE_BOURSE": "Nomenclature `BOURSES`",
    "CODE_PAYS": "Géographique `PAYS`",
    "CODE_PAYS_NAT": "Géographique `PAYS`",
    "CODE_COMMUNE_INSEE_NAISS": "Géographique communes",
    "CODE_DIVISION": "Structures divisions",
    "CODE_RNE": "Établissements (UAI)",
}

_RULES = Path(__file__).resolve().parents[1] / "rules"


def _rules_reading() -> dict[str, set[str]]:
    """Field name -> rule families whose module reads an attribute of that name."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in sorted(_RULES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        families = [
            node.value.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "family" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ]
        if not families:
            continue
        names = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        names |= {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
        for name in names:
            found[name].update(families)
    for row in CODE_LISTS:  # the "code in that list" rules are rows, not modules
        for step in row.path:
            found[step].add(row.family)
    return found


def _push_needs() -> dict[str, str]:
    """Element path -> what SIECLE (and ``push``) needs beyond the XSD."""
    defs = schema()["$defs"]
    needs = {f"ELEVE/{tag}": "current pupil" for tag in defs["Eleve"]["else"]["required"]}
    needs |= {f"ELEVE/{tag}": "leaver" for tag in defs["Eleve"]["then"]["required"]}
    needs["ELEVE/CODE_COMMUNE_INSEE_NAISS"] = "current pupil born in France"
    needs["ELEVE/VILLE_NAISS"] = "current pupil born abroad"
    for role in ("LEGAL", "PERSONNE_EN_CHARGE"):
        needs[f"ELEVE/RESPONSABLES_ELEVE/{role}/HEBERGE_ELEVE"] = "always"
    needs["ELEVE/RESPONSABLES_ELEVE/LEGAL"] = "current pupil: 1 or 2"
    for tag in ("CODE_RNE", "CODE_DEPARTEMENT"):
        needs[f"ELEVE/ETABLISSEMENT_AN_DERNIER/{tag}"] = "one of CODE_RNE, CODE_DEPARTEMENT"
    return needs


def _rows(
    model: type[Record], path: str, rules: dict[str, set[str]], needs: dict[str, str]
) -> list[str]:
    rows: list[str] = []
    for item in fields_of(model):
        if model is ResponsablesEleve and item.tag in ("LEGAL1", "LEGAL2"):
            continue  # schema 2.0 only
        where = f"{path}/{item.tag}"
        fr, en = DESCRIPTIONS[item.tag]
        if item.tag in ENUMS:
            codes = ", ".join(f"`{c}`" for c in ENUMS[item.tag])
        else:
            codes = LISTS.get(item.tag, "")
        checked = ", ".join(sorted(rules.get(item.name, ())))
        cells = [
            f"`{where}`",
            item.kind,
            f"{en} — *{fr}*",
            "yes" if item.required else "",
            needs.get(where, ""),
            codes,
            TAKEOVER_DEFAULTS.get(where, ""),
            checked,
        ]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        if item.model is not None:
            rows += _rows(item.model, where, rules, needs)
    return rows


def render() -> str:
    """The text of ``docs/fields.md``."""
    rules = _rules_reading()
    needs = _push_needs()
    header = (
        "| element | kind | meaning | XSD | needed by SIECLE | code list | takeover default "
        "| rules |\n|---|---|---|---|---|---|---|---|"
    )
    parts = [
        "# Fields of the import file\n",
        "<!-- generated by `python -m siecle_sdk.tools.fields docs/fields.md`: do not edit -->\n",
        "Every element of a pupil (`ELEVE`) and of a person (`PERSONNE`) of `IMPORT_ELEVES` 3.1, "
        "as the records of `siecle_sdk.adapter` and the JSON file of a school (`siecle schema`) "
        "name them. Columns:\n",
        "- **kind**: `text`, `date` (`yyyy-mm-dd`), `flag` (boolean), `count` (integer), `record` "
        "(nested), `records` (list), `texts` (list of codes);",
        "- **XSD**: the official schema requires the element wherever its parent is present;",
        "- **needed by SIECLE**: required beyond the XSD — `push` refuses the record without it, "
        "as SIECLE would;",
        "- **code list**: the values, when fixed nationally; otherwise where the school's values "
        "are;",
        "- **takeover default**: the value `siecle pull` gives the element when SIECLE's exports "
        "lack it (everything else mandatory and absent is left empty, and `push` names it);",
        "- **rules**: the business rules (`siecle check`, [rules.md](rules.md)) whose code reads "
        "a field of this name.\n",
        "`ELEVE_ID` and `PERSONNE_ID` are SIECLE's ids from its exports: kept to match records, "
        "never sent.\n",
    ]
    for model, path, title in ((Personne, "PERSONNE", "Persons"), (Eleve, "ELEVE", "Pupils")):
        parts += [f"## {title} (`{path}`)\n", header, *_rows(model, path, rules, needs), ""]
    lien = ", ".join(f"`{item.tag}`" for item in fields_of(Lien))
    parts.append(
        f"A link (`LEGAL`, `PERSONNE_EN_CHARGE`, `CONTACT`) holds {lien}; `FINANCIER` is the "
        "schema 3.0 name of `PAIE_FRAIS_SCOLAIRES`.\n"
    )
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the field reference."""
    parser = argparse.ArgumentParser(prog="python -m siecle_sdk.tools.fields")
    parser.add_argument("path", type=Path)
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.path.read_text(encoding="utf-8") if args.path.exists() else ""
        if current != text:
            print(f"{args.path} is stale: run python -m siecle_sdk.tools.fields {args.path}")
            return 1
        return 0
    with atomic_write(args.path, "wb") as handle:
        handle.write(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
