"""A small synthetic school (its exports and its import file) and the web application."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from siecle_sdk.tools.synthetic import SyntheticSchool
from siecle_sdk.web.app import create_app

TOKEN = "jeton-de-test-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="package")
def school_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The five exports of a synthetic school of 40 pupils, and its import file (``import``)."""
    school = SyntheticSchool(pupils=40, seed=11)
    folder = tmp_path_factory.mktemp("ecole")
    files = school.write_exports(folder)
    files["import"] = school.write_import(folder)
    return files


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "donnees"
    folder.mkdir()
    return folder


@pytest.fixture
def client(data_dir: Path, private_ledger: Path) -> Iterator[TestClient]:
    """The application behind FastAPI's test client (errors answered, never raised)."""
    with TestClient(
        create_app(TOKEN, data_dir, private_ledger), raise_server_exceptions=False
    ) as test_client:
        yield test_client
