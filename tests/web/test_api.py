"""API v1 through FastAPI's test client: token rules, every route, every error status, the same
answers as the CLI, limits, temporary folders, concurrent sends."""

from __future__ import annotations

import asyncio
import json
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from siecle_sdk.io.schema import validate_import
from siecle_sdk.web.app import create_app
from siecle_sdk.web.uploads import Limits, safe_name

from ..conftest import Result
from .conftest import AUTH, TOKEN

EXPORTS = ("nomenclature", "structures", "communs", "eleves", "responsables")
PROTECTED = (
    ("POST", "/api/v1/inspect"),
    ("POST", "/api/v1/check"),
    ("POST", "/api/v1/doctor"),
    ("POST", "/api/v1/push"),
    ("GET", "/api/v1/history"),
    ("GET", "/openapi.json"),
)


def _upload(path: Path, name: str | None = None) -> tuple[str, bytes, str]:
    return (name or path.name, path.read_bytes(), "application/xml")


def _exports(files: dict[str, Path], *names: str) -> dict[str, tuple[str, bytes, str]]:
    return {name: _upload(files[name]) for name in names or EXPORTS}


def _error(response: httpx.Response, status: int, code: str | None = None) -> str:
    """The French message of a JSON error answer, after checking its shape."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= {"error", "code"}, body
    assert "Traceback" not in response.text
    if code is not None:
        assert body["code"] == code
    message: str = body["error"]
    return message


# --- token ----------------------------------------------------------------------------------


def test_health_is_open(client: TestClient) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_every_route_wants_the_token(client: TestClient, method: str, path: str) -> None:
    assert "Bearer" in _error(client.request(method, path), 401, "jeton_manquant")
    wrong = {"Authorization": "Bearer pas-le-bon"}
    _error(client.request(method, path, headers=wrong), 401)
    if path.startswith("/api/"):
        # the token in the address opens pages, never the API
        _error(client.request(method, f"{path}?token={TOKEN}"), 401)


def test_pages_exchange_the_token_for_a_cookie(client: TestClient) -> None:
    assert client.get("/").status_code == 401
    assert client.get("/historique?token=faux").status_code == 401
    answer = client.get(f"/historique?token={TOKEN}", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/historique"
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    page = client.get("/historique")
    assert page.status_code == 200 and "Historique" in page.text
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "form-action 'self'" in policy
    client.cookies.clear()
    assert client.get("/historique").status_code == 401


def test_openapi_and_the_api_page_without_cdn(client: TestClient) -> None:
    schema = client.get("/openapi.json", headers=AUTH).json()
    assert {"/api/v1/check", "/api/v1/push", "/api/v1/history"} <= set(schema["paths"])
    check = schema["paths"]["/api/v1/check"]["post"]["responses"]
    assert set(check) == {"200", "400", "401", "413"}
    assert "422" in schema["paths"]["/api/v1/push"]["post"]["responses"]
    assert schema["components"]["schemas"]["ErrorBody"]["required"] == ["error", "code"]
    assert client.get("/docs", headers=AUTH).status_code == 404
    client.get(f"/api/docs?token={TOKEN}")
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "/api/v1/check" in page.text and "nomenclature" in page.text
    assert "<script" not in page.text and "https://" not in page.text


# --- routes ---------------------------------------------------------------------------------


def test_check_answers_what_the_cli_prints(
    client: TestClient,
    school_files: dict[str, Path],
    run_cli: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Same files, same names: the API's JSON is ``siecle check --format json``'s, exactly."""
    monkeypatch.chdir(school_files["import"].parent)
    options = [item for name in EXPORTS for item in (f"--{name}", school_files[name].name)]
    cli = run_cli("check", school_files["import"].name, *options, "--format", "json")
    assert cli.code in (0, 1), cli.err
    response = client.post(
        "/api/v1/check",
        headers=AUTH,
        files={"file": _upload(school_files["import"]), **_exports(school_files)},
    )
    assert response.status_code == 200, response.text
    assert response.json() == json.loads(cli.out)
    assert response.json()["counts"]["eleves"] == 40
    entries = client.get("/api/v1/history", headers=AUTH).json()["entries"]
    assert [e["command"] for e in entries] == ["check", "check"]


def test_check_without_context_and_unusable_file(client: TestClient, tmp_path: Path) -> None:
    bad = tmp_path / "IMPORT.xml"
    bad.write_bytes(b"<?xml version='1.0'?><IMPORT_ELEVES VERSION='3.1'><PARAMETRES>")
    message = _error(
        client.post("/api/v1/check", headers=AUTH, files={"file": _upload(bad)}),
        400,
        "entree_inutilisable",
    )
    assert "IMPORT.xml" in message and str(tmp_path) not in message
    entity = (
        b'<?xml version="1.0"?><!DOCTYPE IMPORT_ELEVES [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<IMPORT_ELEVES VERSION="3.1">&x;</IMPORT_ELEVES>'
    )
    hostile = client.post(
        "/api/v1/check", headers=AUTH, files={"file": ("IMPORT.xml", entity, "text/xml")}
    )
    assert "root:" not in _error(hostile, 400, "entree_inutilisable")
    bomb = tmp_path / "bombe.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("IMPORT.xml", b"<a>" + b" " * (16 * 1024 * 1024) + b"</a>")
    bombed = client.post("/api/v1/inspect", headers=AUTH, files={"file": _upload(bomb)})
    assert "bombe.zip" in _error(bombed, 400, "entree_inutilisable")
    missing = _error(client.post("/api/v1/check", headers=AUTH), 400, "requete_invalide")
    assert "file" in missing
    garbled = client.post(
        "/api/v1/check",
        headers={**AUTH, "Content-Type": "multipart/form-data; boundary=b"},
        content=b"pas du multipart",
    )
    _error(garbled, 400)
    _error(client.get("/api/v1/nulle-part", headers=AUTH), 404, "introuvable")
    _error(client.get("/api/v1/check", headers=AUTH), 405)


def test_inspect(client: TestClient, school_files: dict[str, Path]) -> None:
    response = client.post(
        "/api/v1/inspect", headers=AUTH, files={"file": _upload(school_files["eleves"])}
    )
    assert response.status_code == 200, response.text
    info = response.json()
    assert info["kind"] == "eleves" and info["file"] == "ElevesAvecAdresses.xml"
    assert info["uai"] == "0595857W"


def test_doctor(client: TestClient, school_files: dict[str, Path]) -> None:
    files = [("files", _upload(school_files[name])) for name in EXPORTS]
    response = client.post("/api/v1/doctor", headers=AUTH, files=files, data={"date": "2019-09-10"})
    assert response.status_code == 200, response.text
    checklist = response.json()
    assert checklist["uai"] == "0595857W" and checklist["date"] == "2019-09-10"
    assert checklist["steps"] and all(not f["path"].startswith("/") for f in checklist["files"])
    _error(
        client.post("/api/v1/doctor", headers=AUTH, files=files, data={"date": "10/09"}),
        400,
        "date_invalide",
    )


def _pulled_school(run_cli: Callable[..., Result], files: dict[str, Path], out: Path) -> Path:
    target = out / "ecole.json"
    pulled = run_cli("pull", "json", "--into", target, *(files[name] for name in EXPORTS))
    assert pulled.code == 0, pulled.err
    return target


def _push(client: TestClient, school: Path, files: dict[str, Path], **data: str) -> httpx.Response:
    return client.post(
        "/api/v1/push",
        headers=AUTH,
        files={"school": _upload(school), **_exports(files, "nomenclature", "structures")},
        data=data,
    )


def test_push_of_a_pulled_school_gives_a_valid_zip(
    client: TestClient,
    school_files: dict[str, Path],
    run_cli: Callable[..., Result],
    tmp_path: Path,
) -> None:
    school = _pulled_school(run_cli, school_files, tmp_path)
    response = _push(client, school, school_files, force="true")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    disposition = response.headers["content-disposition"]
    name = disposition.split('filename="', 1)[1].rstrip('"')
    assert name.startswith("0595857WPRIVE2019") and name.endswith(".zip")
    archive = tmp_path / name
    archive.write_bytes(response.content)
    with zipfile.ZipFile(archive) as opened:
        (member,) = opened.namelist()
        opened.extract(member, tmp_path)
    assert member == name.removesuffix(".zip") + ".xml"
    assert validate_import(tmp_path / member, "3.1") == []
    entries = client.get("/api/v1/history?uai=0595857w", headers=AUTH).json()["entries"]
    assert [(e["command"], e["send_number"]) for e in entries][:1] == [("push", 1)]


def test_push_stops_on_rejected_records_unless_forced(
    client: TestClient,
    school_files: dict[str, Path],
    run_cli: Callable[..., Result],
    tmp_path: Path,
) -> None:
    school = _pulled_school(run_cli, school_files, tmp_path)
    document = json.loads(school.read_text(encoding="utf-8"))
    # two leavers with a motive missing from MOTIFS_SORTIE: rejected (SORTI)
    leavers = [p for p in document["ELEVES"] if p.get("CODE_MOTIF_SORTIE")][:2]
    assert len(leavers) == 2
    for pupil in leavers:
        pupil["CODE_MOTIF_SORTIE"] = "5"
    school.write_text(json.dumps(document), encoding="utf-8")
    stopped = _push(client, school, school_files)
    message = _error(stopped, 422, "fiches_rejetees")
    assert "2 fiche(s) seraient rejetées" in message
    report = stopped.json()["compte_rendu"]
    assert report["blocking"] and report["file"].endswith(".xml")
    assert not report["file"].startswith("/")
    forced = _push(client, school, school_files, force="true")
    assert forced.status_code == 200, forced.text


def test_two_pushes_at_once_get_two_send_numbers(
    data_dir: Path,
    private_ledger: Path,
    school_files: dict[str, Path],
    run_cli: Callable[..., Result],
    tmp_path: Path,
) -> None:
    school = _pulled_school(run_cli, school_files, tmp_path)
    app = create_app(TOKEN, data_dir, private_ledger)
    files = {"school": _upload(school), **_exports(school_files, "nomenclature", "structures")}

    async def both() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            sends = [
                http.post("/api/v1/push", headers=AUTH, files=files, data={"force": "true"})
                for _ in range(2)
            ]
            return list(await asyncio.gather(*sends))

    answers = asyncio.run(both())
    assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
    numbers = sorted(int(a.headers["x-siecle-num-envoi"]) for a in answers)
    assert numbers == [1, 2]
    names = {a.headers["content-disposition"] for a in answers}
    assert len(names) == 2
    # the history the API gives is the command's, with which send replaces which
    with TestClient(app) as client:
        lines = client.get("/api/v1/history", headers=AUTH).json()
    printed = run_cli("history", "--json", "--ledger", private_ledger)
    assert printed.code == 0, printed.err
    assert lines == json.loads(printed.out)
    sends = [e for e in lines["entries"] if e["command"] == "push"]
    assert len(sends) == 2 and all("superseded" in e and "siecle" in e for e in sends)


def test_history_filters(client: TestClient) -> None:
    assert client.get("/api/v1/history", headers=AUTH).json() == {"entries": []}
    _error(client.get("/api/v1/history?annee=19", headers=AUTH), 400, "annee_invalide")


# --- limits and safety ----------------------------------------------------------------------


def test_too_large_and_too_many(
    data_dir: Path, private_ledger: Path, school_files: dict[str, Path]
) -> None:
    app = create_app(TOKEN, data_dir, private_ledger, Limits(max_bytes=4096, max_files=2))
    with TestClient(app, raise_server_exceptions=False) as small:
        big = {"file": ("IMPORT.xml", b"<a>" + b" " * 8192 + b"</a>", "application/xml")}
        assert "Mo" in _error(
            small.post("/api/v1/check", headers=AUTH, files=big), 413, "trop_volumineux"
        )

        def chunks() -> Any:
            """A well-formed multipart body sent without its length."""
            yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="I.xml"\r\n\r\n'
            for _ in range(8):
                yield b"x" * 1024
            yield b"\r\n--b--\r\n"

        streamed = small.post(
            "/api/v1/check",
            headers={**AUTH, "Content-Type": "multipart/form-data; boundary=b"},
            content=chunks(),
        )
        _error(streamed, 413, "trop_volumineux")
    app = create_app(TOKEN, data_dir, private_ledger, Limits(max_files=2))
    with TestClient(app, raise_server_exceptions=False) as few:
        files = [("files", _upload(school_files[name])) for name in EXPORTS]
        _error(few.post("/api/v1/doctor", headers=AUTH, files=files), 413, "trop_de_fichiers")


def test_uploads_never_choose_a_path_and_are_removed(
    client: TestClient,
    school_files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    hostile = "../../../../" + str(tmp_path / "evil.xml").lstrip("/")
    response = client.post(
        "/api/v1/inspect", headers=AUTH, files={"file": _upload(school_files["eleves"], hostile)}
    )
    assert response.status_code == 200, response.text
    assert response.json()["file"] == "evil.xml"
    assert not (tmp_path / "evil.xml").exists()
    assert [p for p in spool.iterdir() if p.name.startswith("siecle-serve-")] == []


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("/", "file.xml"),
        ("..", "file.xml"),
        (None, "file.xml"),
        ("É lève ; rm -rf.xml", "l_ve_rm_-rf.xml"),
        (".cache", "cache"),
    ],
)
def test_safe_name(sent: str | None, kept: str) -> None:
    assert safe_name(sent, "file.xml") == kept


def test_an_unexpected_error_is_a_json_500_without_trace(
    client: TestClient, school_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: Path) -> dict[str, Any]:
        raise RuntimeError("secret detail /srv/path")

    monkeypatch.setattr("siecle_sdk.web.api.describe", broken)
    response = client.post(
        "/api/v1/inspect", headers=AUTH, files={"file": _upload(school_files["eleves"])}
    )
    message = _error(response, 500, "erreur_interne")
    assert "secret" not in response.text and "Erreur interne" in message


# --- pages ----------------------------------------------------------------------------------


def _open(client: TestClient) -> str:
    """Open a session; returns the CSRF token of its forms."""
    page = client.get(f"/controler?token={TOKEN}").text
    marker = 'name="csrf" value="'
    return page.split(marker, 1)[1].split('"', 1)[0]


def test_forms_want_their_csrf_token(client: TestClient, school_files: dict[str, Path]) -> None:
    csrf = _open(client)
    files = {"file": _upload(school_files["import"])}
    refused = client.post("/controler", files=files, data={"csrf": "autre"})
    _error(refused, 403, "formulaire_invalide")
    _error(client.post("/controler", files=files), 403)
    page = client.post("/controler", files=files, data={"csrf": csrf})
    assert page.status_code == 200
    assert "Compte Rendu de l'import du privé" in page.text
    assert "script-src 'sha256-" in page.headers["content-security-policy"]


def test_pages_of_the_path(client: TestClient, school_files: dict[str, Path]) -> None:
    csrf = _open(client)
    for path in (
        "/",
        "/verifier",
        "/controler",
        "/envoi",
        "/historique",
        "/tableau-de-bord",
        "/bac-a-sable",
    ):
        page = client.get(path)
        assert page.status_code == 200, path
        assert '<html lang="fr">' in page.text and "https://" not in page.text
    exports = [("exports", _upload(school_files[name])) for name in EXPORTS]
    checklist = client.post("/verifier", files=exports, data={"csrf": csrf})
    assert checklist.status_code == 200 and "Diagnostic SIECLE" in checklist.text
    board = client.post("/tableau-de-bord", files=exports, data={"csrf": csrf})
    assert board.status_code == 200, board.text
    missing = client.get("/historique/999")
    assert missing.status_code == 404 and "999" in missing.json()["error"]
    empty = client.post("/verifier", data={"csrf": csrf})
    assert empty.status_code == 400 and "Aucun export reçu" in empty.text


def test_send_page_takes_only_names_under_data(
    client: TestClient,
    data_dir: Path,
    school_files: dict[str, Path],
    run_cli: Callable[..., Result],
) -> None:
    _pulled_school(run_cli, school_files, data_dir)
    csrf = _open(client)
    form = client.get("/envoi").text
    assert '<option value="ecole.json">' in form and '<option value="json">' in form
    exports = _exports(school_files, "nomenclature", "structures")
    outside = client.post(
        "/envoi",
        files=exports,
        data={"csrf": csrf, "adapter": "json", "source": "../ecole.json", "force": "true"},
    )
    assert outside.status_code == 400 and "de la liste" in outside.text
    sent = client.post(
        "/envoi",
        files=exports,
        data={"csrf": csrf, "adapter": "json", "source": "ecole.json", "force": "true"},
    )
    assert sent.status_code == 200, sent.text
    assert sent.headers["content-type"] == "application/zip"
    assert "0595857WPRIVE2019" in sent.headers["content-disposition"]


def test_sandbox_page_deposits_into_a_base_under_data(
    client: TestClient,
    data_dir: Path,
    school_files: dict[str, Path],
    run_cli: Callable[..., Result],
    tmp_path: Path,
) -> None:
    csrf = _open(client)
    assert "Aucune base simulée" in client.get("/bac-a-sable").text
    created = run_cli(
        "sandbox", "init", "--base", data_dir / "bac", *(school_files[n] for n in EXPORTS)
    )
    assert created.code == 0, created.err
    assert '<option value="bac">' in client.get("/bac-a-sable").text
    school = _pulled_school(run_cli, school_files, tmp_path)
    sent = _push(client, school, school_files, force="true")
    name = sent.headers["content-disposition"].split('filename="', 1)[1].rstrip('"')
    deposit = {"zip": (name, sent.content, "application/zip")}
    page = client.post("/bac-a-sable", files=deposit, data={"csrf": csrf, "base": "bac"})
    assert page.status_code == 200, page.text
    assert "Compte Rendu de l'import du privé" in page.text
    outside = client.post("/bac-a-sable", files=deposit, data={"csrf": csrf, "base": ".."})
    assert outside.status_code == 400
    garbage = {"zip": (name, b"pas un zip", "application/zip")}
    refused = client.post("/bac-a-sable", files=garbage, data={"csrf": csrf, "base": "bac"})
    assert refused.status_code == 400 and 'role="alert"' in refused.text
