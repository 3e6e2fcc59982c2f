"""The school's path in a real browser: ``siecle serve`` started as a user starts it (uvicorn on a
free port), Debian's Chromium driven through Selenium from the token's address to the history."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ..conftest import Result
from ..test_report_html import browser  # noqa: F401  (the fixture)
from .conftest import TOKEN

if TYPE_CHECKING:
    from selenium.webdriver import Chrome

EXPORTS = ("nomenclature", "structures", "communs", "eleves", "responsables")
#: how long the server may take to answer its health route (a bound, not a wait)
STARTUP_BOUND = 120.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _status(url: str, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, headers=headers or {}, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            status: int = answer.status
            return status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def server(tmp_path: Path, private_ledger: Path) -> Iterator[str]:
    """``siecle serve --port P --token T --no-browser``, polled on its health route until it
    answers; stopped (its own process only) at the end."""
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "siecle_sdk",
            "serve",
            "--port",
            str(port),
            "--token",
            TOKEN,
            "--no-browser",
            "--ledger",
            str(private_ledger),
            "--data",
            str(tmp_path),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "SIECLE_LEDGER": str(private_ledger)},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_BOUND
        while True:
            try:
                if _status(f"{base}/api/v1/health") == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "siecle serve never answered /api/v1/health"
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
    printed = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert f"http://127.0.0.1:{port}/?token={TOKEN}" in printed


def test_the_server_wants_its_token(server: str) -> None:
    assert _status(f"{server}/api/v1/history") == 401
    assert _status(f"{server}/") == 401
    assert _status(f"{server}/api/v1/history", {"Authorization": f"Bearer {TOKEN}"}) == 200


def _heading(browser: Chrome, expected: str) -> None:  # noqa: F811
    """Wait (within a generous bound) until the page shown is the one titled ``expected``."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def shown(driver: Chrome) -> bool:
        # the page may be replaced between finding its heading and reading it: ask again
        try:
            headings = driver.find_elements(By.TAG_NAME, "h1")
            return bool(headings) and headings[0].text == expected
        except WebDriverException:
            return False

    try:
        WebDriverWait(browser, STARTUP_BOUND).until(shown)
    except Exception:
        pytest.fail(f"page {expected!r} never shown:\n{browser.page_source[:3000]}")


def _console_errors(browser: Chrome) -> list[str]:  # noqa: F811
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def test_the_schools_path(
    server: str,
    browser: Chrome,  # noqa: F811
    school_files: dict[str, Path],
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    # the address printed by `siecle serve`: the token becomes a cookie and leaves the address
    browser.get(f"{server}/?token={TOKEN}")
    assert browser.current_url == f"{server}/"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Échanges avec SIECLE"
    assert browser.get_cookie("siecle_session")["httpOnly"] is True
    assert browser.execute_script("return document.cookie") == ""

    # with the keyboard: the first link of the path, then Enter
    ActionChains(browser).send_keys(Keys.TAB).perform()
    focused = browser.switch_to.active_element
    assert focused.get_attribute("href") == f"{server}/verifier"
    focused.send_keys(Keys.ENTER)
    _heading(browser, "Vérifier SIECLE")

    assert _console_errors(browser) == []

    # Vérifier SIECLE: the exports -> the doctor's checklist
    upload = browser.find_element(By.ID, "exports")
    upload.send_keys("\n".join(str(school_files[name]) for name in EXPORTS))
    browser.find_element(By.ID, "envoyer").click()
    _heading(browser, "Diagnostic SIECLE avant l'échange")
    steps = browser.find_elements(By.CSS_SELECTOR, ".etape h3")
    assert len(steps) >= 3 and all(step.is_displayed() for step in steps)

    # Contrôler un fichier: the import file and its exports -> the compte-rendu anticipé
    browser.get(f"{server}/controler")
    _heading(browser, "Contrôler un fichier")
    browser.find_element(By.ID, "file").send_keys(str(school_files["import"]))
    for name in EXPORTS:
        browser.find_element(By.ID, name).send_keys(str(school_files[name]))
    browser.find_element(By.ID, "envoyer").click()
    _heading(browser, "Compte Rendu de l'import du privé")
    assert school_files["import"].name in browser.title
    assert len(browser.find_elements(By.CSS_SELECTOR, "h3")) == 8
    assert _console_errors(browser) == []

    # Historique: the check is its first line
    browser.get(f"{server}/historique")
    rows = browser.find_elements(By.CSS_SELECTOR, "#historique tbody tr")
    assert rows, browser.page_source
    cells = [cell.text for cell in rows[0].find_elements(By.TAG_NAME, "td")]
    assert cells[1] == "check" and cells[2] == school_files["import"].name
    assert cells[3] == "0595857W"
    assert _console_errors(browser) == []

    # each line opens its compte-rendu, as the history keeps it
    rows[0].find_element(By.TAG_NAME, "a").click()
    _heading(browser, "Ligne de l'historique")
    lines = browser.find_elements(By.CSS_SELECTOR, "#historique tbody tr")
    assert [line.find_elements(By.TAG_NAME, "td")[1].text for line in lines][:2] == [
        "Responsables lus",
        "Élèves lus",
    ]
    assert lines[1].find_elements(By.TAG_NAME, "td")[2].text == "40"
    assert len(lines) == 10

    # a long piece of work says so: the page's own script, allowed by its hash, runs on submit
    browser.get(f"{server}/tableau-de-bord")
    _heading(browser, "Tableau de bord")
    browser.execute_script(
        "document.querySelector('form').dispatchEvent(new Event('submit', {cancelable: true}))"
    )
    assert "Traitement en cours" in browser.find_element(By.ID, "progression").text
    assert not browser.find_element(By.ID, "envoyer").is_enabled()
    assert _console_errors(browser) == []


def test_history_of_the_server_is_the_apis(server: str) -> None:
    request = urllib.request.Request(
        f"{server}/api/v1/history", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert json.loads(answer.read()) == {"entries": []}


def test_a_busy_port_is_refused_in_french(run_cli: Callable[..., Result]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = run_cli("serve", "--no-browser", "--port", port)
    assert result.code == 2
    assert f"Impossible d'écouter sur 127.0.0.1:{port}" in result.err
    assert "Traceback" not in result.err
