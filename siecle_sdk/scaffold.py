"""``siecle plugin new``: the skeleton of a vendor adapter that passes the conformance kit."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import UnusableInput
from .writer import render_to_file

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


def create(name: str, out: Path) -> Path:
    """Write the skeleton of adapter ``name`` under ``out``; returns the project folder."""
    if not _NAME.match(name):
        raise UnusableInput(
            f"Nom d'adaptateur « {name} » invalide : lettres minuscules, "
            "chiffres et _ (2 à 40 caractères, commençant par une lettre)."
        )
    package = f"siecle_{name}"
    distribution = f"siecle-sdk-{name.replace('_', '-')}"
    folder = out / distribution
    if folder.exists():
        raise UnusableInput(f"{folder} existe déjà : choisissez un autre dossier.")
    context = {"name": name, "package": package, "distribution": distribution}
    for template, target in _FILES.items():
        render_to_file(
            f"scaffold/{template}", folder / target.format(package=package), "utf-8", context
        )
    return folder
