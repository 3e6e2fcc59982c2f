"""Fixtures of the vendor_a tests."""

from __future__ import annotations

import pytest
from siecle_sdk.plugin.adapter import School
from siecle_sdk.plugin.manager import Adapter, get_manager, reset_manager
from vendor_a_school import make_school


@pytest.fixture
def school() -> School:
    return make_school()


@pytest.fixture
def adapter() -> Adapter:
    reset_manager()
    return get_manager().adapter("vendor_a")
