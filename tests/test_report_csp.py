"""The compte-rendu's Content-Security-Policy allows its own script by hash, and no other."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from siecle_sdk.report.html import render_html
from siecle_sdk.rules.engine import Report

from .test_report_html import browser, report  # noqa: F401 (fixtures)

if TYPE_CHECKING:
    from selenium.webdriver import Chrome


def _policy(page: str) -> str:
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_scripts_are_allowed_by_hash_only(report: Report) -> None:  # noqa: F811
    page = render_html(report)
    policy = _policy(page)
    script_src = next(part.strip() for part in policy.split(";") if "script-src" in part)
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    (script,) = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert script_src == f"script-src 'sha256-{digest}'"
    assert "default-src 'none'" in policy


def test_an_injected_script_does_not_run(
    report: Report,  # noqa: F811
    browser: Chrome,  # noqa: F811
    tmp_path: Path,
) -> None:
    """A script slipped into the page (by a template override, an edit of the file...) is
    blocked by the policy, while the page's own one runs (its search box answers)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = render_html(report).replace(
        "</main>", "<script>document.title = 'INJECTE';</script></main>", 1
    )
    path = tmp_path / "compte-rendu.html"
    path.write_text(page, encoding="utf-8")
    browser.get(path.as_uri())
    search = browser.find_element(By.ID, "recherche")
    counter = browser.find_element(By.ID, "compteur")
    assert search.is_displayed()  # shown by the page's own script
    search.send_keys("paul")
    WebDriverWait(browser, 5).until(lambda _: counter.text == "1 ligne affichée sur 3")
    assert browser.title != "INJECTE"
    assert browser.execute_script("return document.title") != "INJECTE"
