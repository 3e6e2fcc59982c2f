"""The HTML compte-rendu: a self-contained, escaped page, checked as text and in a real browser."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pytest

from siecle_sdk.report import SECTION_TITLES
from siecle_sdk.report.html import SECTION_ORDER, render_html
from siecle_sdk.rules import Consequence, Finding
from siecle_sdk.rules.acdiv import Acdiv
from siecle_sdk.rules.code_lists import Regim
from siecle_sdk.rules.engine import Change, Report, check_file
from siecle_sdk.rules.nbenf import Nbenf
from siecle_sdk.rules.reconcile import SieclePupil

from .conftest import SAMPLES, Result

if TYPE_CHECKING:
    from selenium.webdriver import Chrome

NOMENCLATURE = SAMPLES / "Nomenclature-0750680G-2019.xml"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
HOSTILE = "<script>alert(1)</script> & CIE"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,2200",
)


def _pupil(private_id: str, family: str, first: str, regime: str, division: str) -> str:
    return f"""
      <ELEVE><ID_PRV_ELE>{private_id}</ID_PRV_ELE><NOM_DE_FAMILLE>{family}</NOM_DE_FAMILLE>
        <PRENOM>{first}</PRENOM><CODE_PAYS_NAT>100</CODE_PAYS_NAT><DATE_NAISS>2004-05-06</DATE_NAISS>
        <CODE_SEXE>1</CODE_SEXE><CODE_PAYS>100</CODE_PAYS>
        <CODE_COMMUNE_INSEE_NAISS>75112</CODE_COMMUNE_INSEE_NAISS>
        <ADHESION_TRANSPORT>false</ADHESION_TRANSPORT><CODE_REGIME>{regime}</CODE_REGIME>
        <DOUBLEMENT>false</DOUBLEMENT>
        <RESPONSABLES_ELEVE><LEGAL><ID_PRV_PER>1</ID_PRV_PER><CODE_PARENTE>10</CODE_PARENTE>
          <HEBERGE_ELEVE>true</HEBERGE_ELEVE></LEGAL></RESPONSABLES_ELEVE>
        <SCOLARITE_ACTIVE><CODE_MEF>20010018110</CODE_MEF><CODE_DIVISION>{division}</CODE_DIVISION>
          <CODE_STATUT>ST</CODE_STATUT><DATE_DEB_SCO>2019-09-02</DATE_DEB_SCO><OPTIONS></OPTIONS>
        </SCOLARITE_ACTIVE>
        <ETABLISSEMENT_AN_DERNIER><CODE_RNE>0752387M</CODE_RNE><CODE_PROVENANCE>1</CODE_PROVENANCE>
          <OPTIONS_AN_DERNIER></OPTIONS_AN_DERNIER></ETABLISSEMENT_AN_DERNIER></ELEVE>"""


#: one legal representative without ENFANT_A_CHARGE (NBENF_F_03, section 2) and two pupils with
#: the unknown régime 11 (INF_REGIM_A_01, section 6), one of them with a hostile name
IMPORT = f"""<?xml version="1.0" encoding="ISO-8859-15"?>
<IMPORT_ELEVES VERSION="3.1">
  <PARAMETRES>
    <UAJ>0750680G</UAJ><ANNEE_SCOLAIRE>2019</ANNEE_SCOLAIRE><DATE_IMPORT>05/09/2019</DATE_IMPORT>
    <NUM_ENVOI>1</NUM_ENVOI><LOGICIEL>EXEMPLE</LOGICIEL>
  </PARAMETRES>
  <DONNEES>
    <PERSONNES>
      <PERSONNE><ID_PRV_PER>1</ID_PRV_PER><CODE_CIVILITE>2</CODE_CIVILITE>
        <NOM_DE_FAMILLE>MARTIN</NOM_DE_FAMILLE><PRENOM>Anne</PRENOM>
        <COMMUNICATION_ADRESSE>false</COMMUNICATION_ADRESSE><CODE_PROFESSION>99</CODE_PROFESSION>
      </PERSONNE>
    </PERSONNES>
    <ELEVES>{_pupil("11", "MARTIN", "Paul", "11", "2NDE1")}{
    _pupil("12", html.escape(HOSTILE, quote=False), "Zoé", "11", "2NDE2")
}
    </ELEVES>
  </DONNEES>
</IMPORT_ELEVES>
"""


@pytest.fixture
def report(tmp_path: Path) -> Report:
    """The report of a real check of a small file with three findings (two rules)."""
    path = tmp_path / "import-eleves.xml"
    path.write_bytes(IMPORT.encode("iso8859-15"))
    result = check_file(path, {"nomenclature": NOMENCLATURE}, rules=[Regim, Nbenf, Acdiv])
    assert not result.deposit_errors
    assert sorted(f.code for f in result.findings) == [
        "INF_REGIM_A_01",
        "INF_REGIM_A_01",
        "NBENF_F_03",
    ]
    return result


def _headings(page: str) -> list[str]:
    """Text of the ``<h3>`` section headings, tags stripped and entities decoded."""
    return [
        html.unescape(re.sub(r"<[^>]+>", "", h)).strip()
        for h in re.findall(r"<h3\b[^>]*>(.*?)</h3>", page, flags=re.S)
    ]


# --- pure tests -------------------------------------------------------------------------


def test_no_network_resource(report: Report) -> None:
    page = render_html(report)
    assert "http://" not in page
    assert "https://" not in page
    assert "@import" not in page
    assert not re.search(r"url\(", page)
    for target in re.findall(r"""\b(?:src|href|action)\s*=\s*["']?([^"'\s>]*)""", page):
        assert target.startswith("#"), target


def test_names_are_escaped(report: Report) -> None:
    page = render_html(report)
    assert page.lower().count("<script") == 1  # the page's own script only
    assert "&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt; &amp; CIE Zoé" in page
    assert " & CIE" not in page


def test_sections_in_order_with_numbers(report: Report) -> None:
    assert SECTION_ORDER == (4, 1, 5, 2, 6, 3, 7, 8)
    expected = [f"{n}. {SECTION_TITLES[n]}" for n in SECTION_ORDER]
    assert _headings(render_html(report)) == expected


def test_content(report: Report) -> None:
    page = render_html(report)
    text = html.unescape(page)
    assert "<title>Compte Rendu de l'import du privé – import-eleves.xml</title>" in text
    assert "contrôle local avant dépôt" in text
    assert "1 responsables lus." in text
    assert "2 élèves lus." in text
    assert text.count("Aucun résultat trouvé") == 4  # sections 4, 1, 5 and 3
    assert text.count("Non vérifié : donnez le dernier export Élèves (--eleves).") == 2
    assert "Nombre de fiches responsables importées avec anomalies : <strong>1</strong>" in text
    assert "Nombre de notes d'attention sur les fiches élèves : <strong>2</strong>" in text
    assert "Règles non contrôlées faute d'export Structures : ACDIV." in text
    assert "Verdict : 0 fiche(s) seraient rejetées et 1 fiche(s)" in text
    assert "<code>NBENF_F_03</code></td>" in text
    assert "2 lignes affichées" not in text
    assert "3 lignes affichées sur 3" in text
    assert '<th scope="col" class="col-division">Division</th>' in text
    assert "@media print" in text


def test_sections_seven_eight_and_unconfirmed_codes(tmp_path: Path) -> None:
    report = Report(tmp_path / "f.xml", "0750680G", "2019", "3.1")
    report.findings = [
        Finding(
            code="NBENF",
            rule="NBENF",
            record="responsable",
            private_id="7",
            siecle_id="1234567",
            name="DURAND Léa",
            message="Zéro.",
            consequence=Consequence.ANOMALY,
            confirmed=False,
        )
    ]
    pupil = SieclePupil("2345678", "9", None, "ABSENT", "", "LOUIS", "", "", None, "3A", None, None)
    report.absent = [pupil]
    report.changes = [
        Change("AJOUT", "10", None, "NOUVEAU Jean", "6B", "123456789AB"),
        Change("MODIF", "11", "3456789", "ANCIEN Marc", "5C", None, ("CODE_DIVISION",)),
    ]
    text = html.unescape(render_html(report))
    assert '<code>NBENF</code> <span class="inconnu">code détaillé inconnu</span>' in text
    assert '<td class="col-identifiers">2345678/9</td>' in text
    assert "ABSENT Louis" in text
    assert '<td class="col-ine">123456789AB</td>' in text
    assert "Élève mis à jour : CODE_DIVISION." in text
    assert "Nombre de fiches élèves absentes du fichier : <strong>1</strong>" in text
    assert "Nombre de fiches élèves modifiées ou ajoutées : <strong>2</strong>" in text
    assert "Non vérifié" not in text


def test_deposit_errors(tmp_path: Path) -> None:
    report = Report(tmp_path / "f.xml", "0750680G", "2019", "3.1")
    report.deposit_errors = ["ligne 3 : l'élément <FOO> n'est pas attendu"]
    text = render_html(report)
    assert "Dépôt refusé" in text
    assert "l&#39;élément &lt;FOO&gt; n&#39;est pas attendu" in text
    assert text.count("Non vérifié : le fichier serait refusé au dépôt") == 8
    assert "Aucun résultat trouvé" not in text


def test_cli_writes_html(tmp_path: Path, report: Report, run_cli: Callable[..., Result]) -> None:
    out = tmp_path / "cr.html"
    result = run_cli(
        "check", report.file, "--nomenclature", NOMENCLATURE, "--format", "html", "-o", out
    )
    assert result.code == 1, result.err
    every_rule = check_file(report.file, {"nomenclature": NOMENCLATURE})
    assert out.read_text(encoding="utf-8") == render_html(every_rule)


# --- real browser -----------------------------------------------------------------------


def _require_browser() -> None:
    """Skip without Chromium, unless on CI (``CI`` set), where a missing browser is a failure."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package")
    if not missing:
        return
    reason = f"headless browser test needs {', '.join(missing)} (run .ci/install-browser)"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {reason}")
    pytest.skip(reason)


def test_missing_browser_fails_on_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(f"{__name__}.CHROMEDRIVER", tmp_path / "chromedriver")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        _require_browser()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="chromedriver"):
        _require_browser()


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Chrome]:
    """Debian's Chromium, headless, with a fresh profile, driven through chromedriver."""
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_AVOID_STATS", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def test_page_in_browser(report: Report, browser: Chrome, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    page = tmp_path / "compte-rendu.html"
    page.write_text(render_html(report), encoding="utf-8")
    browser.get(page.as_uri())

    assert browser.title == "Compte Rendu de l'import du privé – import-eleves.xml"
    assert browser.execute_script("return document.title") == browser.title
    headings = browser.find_elements(By.CSS_SELECTOR, "h3")
    assert [h.text for h in headings] == [f"{n}. {SECTION_TITLES[n]}" for n in SECTION_ORDER]
    assert all(h.is_displayed() for h in headings)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Compte Rendu de l'import du privé"
    assert "<SCRIPT>ALERT(1)</SCRIPT> & CIE Zoé" in browser.find_element(By.ID, "section-6").text
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0

    rows = browser.find_elements(By.CSS_SELECTOR, "tr.ligne")
    counter = browser.find_element(By.ID, "compteur")
    search = browser.find_element(By.ID, "recherche")
    assert len(rows) == 3
    assert all(r.is_displayed() for r in rows)
    assert search.is_displayed()
    assert counter.text == "3 lignes affichées sur 3"
    browser.save_screenshot(str(tmp_path / "compte-rendu.png"))

    search.send_keys("paul")
    WebDriverWait(browser, 5).until(lambda _: counter.text == "1 ligne affichée sur 3")
    shown = [r for r in rows if r.is_displayed()]
    assert len(shown) == 1
    assert shown[0].text.startswith("2NDE1 MARTIN Paul /11")
    assert browser.find_element(By.CSS_SELECTOR, "#section-2 .filtre-vide").is_displayed()

    search.send_keys(Keys.CONTROL, "a")
    search.send_keys(Keys.BACKSPACE)
    WebDriverWait(browser, 5).until(lambda _: counter.text == "3 lignes affichées sur 3")
    assert all(r.is_displayed() for r in rows)
    assert not browser.find_element(By.CSS_SELECTOR, "#section-2 .filtre-vide").is_displayed()

    search.send_keys("NBENF_F_03")
    WebDriverWait(browser, 5).until(lambda _: counter.text == "1 ligne affichée sur 3")
    assert [r.text.split(" /")[0] for r in rows if r.is_displayed()] == ["MARTIN Anne"]

    # a collapsed section and a filtered row still print; the search box does not
    browser.find_element(By.CSS_SELECTOR, "#section-6 .bascule").click()
    assert not browser.find_element(By.ID, "corps-6").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not search.is_displayed()
    assert browser.find_element(By.ID, "corps-6").is_displayed()
    assert all(r.is_displayed() for r in rows)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert not browser.find_element(By.ID, "corps-6").is_displayed()

    log: list[dict[str, str]] = cast(Any, browser).get_log("browser")
    errors = [e for e in log if e["level"] == "SEVERE"]
    assert not errors, errors
    assert (tmp_path / "compte-rendu.png").stat().st_size > 10_000
