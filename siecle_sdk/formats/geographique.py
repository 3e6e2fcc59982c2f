"""The Géographique export: countries, départements, communes.

Its root was never seen in a real file (``BEE_GEOGRAPHIQUE`` is a guess), so it is also
recognised by content: a file of unknown root whose first rows are countries, départements or
communes. Container names are unknown too; the likely ones are mapped.
"""

from __future__ import annotations

from ..models import Record
from ..models.geographique import Commune, Departement, PaysNationalite
from . import FormatSpec
from ._detect import by_root_or_content

__all__ = ["SPEC"]

ROOTS = ("BEE_GEOGRAPHIQUE",)
RECORDS: dict[str, type[Record]] = {
    "PAYS": PaysNationalite,
    "PAYS_NATIONALITES": PaysNationalite,
    "DEPARTEMENTS": Departement,
    "COMMUNES": Commune,
}

SPEC = FormatSpec(
    name="geographique",
    title="Géographique",
    template="export-geographique.xml",
    roots=ROOTS,
    records=RECORDS,
    detect=by_root_or_content(ROOTS, ("PAYS_NATIONALITE", "COMMUNE", "DEPARTEMENT"), RECORDS),
    date_style="fr",
)
