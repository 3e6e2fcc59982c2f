"""``siecle plugin new``: the skeleton of a vendor adapter that passes the conformance kit."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import UnusableInput
from ..io.writer import render_to_file

__all__ = ["create"]

_NAME = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
#: template -> path in the new project ({package} is replaced)
_FILES = {
    "pyproject.toml.j2": "pyproject.toml",
    "README.md.j2": "README.md",
    "__init__.py.j2": "{package}/__init__.py",
    "plugin.py.j2": "{package}/plugin.py",
    "storage.py.j2": "{package}/storage.py",
    "test_contract.py.j2": "tests/test_contract.py",
}


def _refuse_installed(name: str, package: str, distribution: str) -> None:
    """Refuse a name an installed plugin, package or distribution already has: the new adapter
    would hide it, or be hidden by it."""
    from importlib.metadata import PackageNotFoundError, entry_points
    from importlib.metadata import distribution as installed
    from importlib.util import find_spec

    from ..plugin.manager import ENTRY_POINT_GROUP

    taken = None
    plugin = next((ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name), None)
    if plugin is not None:
        owner = plugin.dist.name if plugin.dist is not None else plugin.value
        taken = f"le plugin « {name} » est déjà installé ({owner})"
    elif find_spec(package) is not None:
        taken = f"le module Python « {package} » est déjà installé"
    else:
        try:
            installed(distribution)
        except PackageNotFoundError:
            return
        taken = f"la distribution « {distribution} » est déjà installée"
    raise UnusableInput(
        f"Nom d'adaptateur « {name} » déjà pris : {taken}. Les deux se confondraient "
        "(même nom de commande, même module) : choisissez un autre nom."
    )


def create(name: str, out: Path) -> Path:
    """Write the skeleton of adapter ``name`` under ``out``; returns the project folder."""
    if not _NAME.match(name):
        raise UnusableInput(
            f"Nom d'adaptateur « {name} » invalide : lettres minuscules, "
            "chiffres et _ (2 à 40 caractères, commençant par une lettre)."
        )
    package = f"siecle_{name}"
    distribution = f"siecle-sdk-{name.replace('_', '-')}"
    _refuse_installed(name, package, distribution)
    folder = out / distribution
    if folder.exists():
        raise UnusableInput(f"{folder} existe déjà : choisissez un autre dossier.")
    context = {"name": name, "package": package, "distribution": distribution}
    for template, target in _FILES.items():
        render_to_file(
            f"scaffold/{template}", folder / target.format(package=package), "utf-8", context
        )
    return folder
