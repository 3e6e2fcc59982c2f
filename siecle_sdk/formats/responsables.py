"""The Responsables export (``BEE_RESPONSABLES``), "sans" and "avec adresses" variants."""

from __future__ import annotations

from ..models.responsables import Adresse, Personne, ResponsableEleve
from . import FormatSpec
from .eleves import address_variant

__all__ = ["SPEC"]

SPEC = FormatSpec(
    name="responsables",
    title="Responsables",
    template="export-responsables.xml",
    roots=("BEE_RESPONSABLES",),
    records={"PERSONNES": Personne, "RESPONSABLES": ResponsableEleve, "ADRESSES": Adresse},
    counts={"responsables": "PERSONNES", "eleves": "RESPONSABLES/ELEVE_ID"},
    variant=address_variant,
    date_style="fr",
    versions=("1.9", "1.10", "2.1"),
)
