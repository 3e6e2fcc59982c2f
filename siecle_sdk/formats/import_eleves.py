"""The "import du privé" file (root ``IMPORT_ELEVES``) that schools' software sends to SIECLE."""

from __future__ import annotations

from ..models.import_eleves import Eleve, Personne
from . import FormatSpec

__all__ = ["SPEC"]

SPEC = FormatSpec(
    name="import-eleves",
    title="Import du privé (IMPORT_ELEVES)",
    roots=("IMPORT_ELEVES",),
    records={"PERSONNES": Personne, "ELEVES": Eleve},
    template="import-eleves-3.1.xml",
    counts={"eleves": "ELEVES", "responsables": "PERSONNES"},
    date_style="iso",
    versions=("2.0", "3.0", "3.1"),
)
