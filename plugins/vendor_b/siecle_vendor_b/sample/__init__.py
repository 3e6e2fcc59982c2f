"""A small sample school (Collège Sainte-Thérèse, fictional) for demonstrations and tests.

The data is the SQL script ``ecole.sql`` beside this module; :func:`build` runs it on a fresh
database and migrates the result to the current schema, so that no binary database is shipped::

    python -m siecle_vendor_b.sample demo/ecole.sqlite
    siecle push --adapter vendor_b --from demo/ecole.sqlite ...
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from siecle_sdk.io.writer import atomic_path

from ..schema import connect, migrate

__all__ = ["SCRIPT_VERSION", "build", "script"]

#: schema version ``ecole.sql`` is written for (later migrations are applied after it)
SCRIPT_VERSION = 2


def script() -> str:
    """The SQL script of the sample school."""
    return files(__package__).joinpath("ecole.sql").read_text(encoding="utf-8")


def build(path: str | Path, *, overwrite: bool = False) -> Path:
    """Create the sample school's database at ``path`` (parent folders included).

    The database is built under a temporary name and moved into place once complete
    (:func:`~siecle_sdk.io.writer.atomic_path`).

    :param overwrite: replace an existing file; otherwise an existing file is an error.
    :return: the path of the database.
    """
    target = Path(path)
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} existe déjà : la base exemple n'a pas été créée.")
    with atomic_path(target, replace=overwrite) as draft:
        conn = connect(draft)
        try:
            migrate(conn, draft, SCRIPT_VERSION)
            conn.executescript(f"BEGIN IMMEDIATE;\n{script()}\nCOMMIT;")
            migrate(conn, draft)
        finally:
            conn.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    return target
