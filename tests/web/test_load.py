"""The load measure of ``siecle serve`` runs end to end (its figures are not judged here)."""

from __future__ import annotations

import math

from siecle_sdk.web.load import measure_load


def test_load_measure_gets_every_answer() -> None:
    result = measure_load(pupils=30, requests=3, clients=2)
    assert (result.requests, result.clients) == (3, 2)
    # every request is accounted for; a failed one is counted, never raised (the figures,
    # failures included, are the benchmark's to report)
    assert 0 <= result.failures < result.requests
    assert not math.isnan(result.p50) and result.p95 >= result.p50 > 0
    assert result.lines()[2].startswith("| 30 | 3 | 2 |")
