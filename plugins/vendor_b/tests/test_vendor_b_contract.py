"""The SDK's conformance kit, run against the vendor_b adapter."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from siecle_sdk.testing import AdapterContract


class TestContract(AdapterContract):
    adapter = "vendor_b"

    def target_path(self, tmp_path: Path) -> Path:
        return tmp_path / "logiciel" / "ecole.sqlite"

    def corrupt(self, target: Path) -> str:
        """Give the first pupil a birth date in the French style instead of ISO."""
        conn = sqlite3.connect(target)
        try:
            row = conn.execute("SELECT id, id_prv_ele FROM pupil ORDER BY id LIMIT 1").fetchone()
            with conn:
                conn.execute("UPDATE pupil SET birth_date = '31/02/2009' WHERE id = ?", (row[0],))
        finally:
            conn.close()
        return f"ID_PRV_ELE={row[1]}"
