"""The SDK's conformance kit, run on this adapter."""

from __future__ import annotations

import csv
from pathlib import Path

from siecle_sdk.testing import AdapterContract

from siecle_vendor_a.layout import DELIMITER, ELEVES, ENCODING


class TestContract(AdapterContract):
    adapter = "vendor_a"

    def corrupt(self, target: Path) -> str:
        """Give the second pupil of eleves.csv an impossible birth date."""
        path = target / ELEVES.name
        with open(path, encoding=ENCODING, newline="") as handle:
            rows = list(csv.reader(handle, delimiter=DELIMITER))
        rows[2][ELEVES.headers.index("Né(e) le")] = "31/02/2009"
        with open(path, "w", encoding=ENCODING, newline="") as handle:
            csv.writer(handle, delimiter=DELIMITER).writerows(rows)
        return f"élève n° {rows[2][0]} (ligne 3 de eleves.csv) : Né(e) le « 31/02/2009 » invalide"
