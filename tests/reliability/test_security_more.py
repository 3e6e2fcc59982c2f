"""Hostile inputs beyond ``tests/test_hostile_inputs.py``: hidden DTDs, entities and includes that
point at a secret file or a local server, more zip tricks, oversized text and lines.

The property everywhere: nothing outside the input is ever read (the secret never shows in an
output or a message, the server never gets a connection), and the input is refused with exit 2
or read in bounded memory. Cases where the SDK does not refuse yet are ``xfail(strict=True)``
and described in ``docs/reliability.md``.
"""

from __future__ import annotations

import socket
import threading
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import Result
from .conftest import run_limited

HEADER = '<BEE_ELEVES VERSION="3.0"><PARAMETRES><UAJ>0750680G</UAJ></PARAMETRES>'
BODY = "<DONNEES><ELEVES><ELEVE><NOM>{value}</NOM></ELEVE></ELEVES></DONNEES></BEE_ELEVES>\n"
GOOD = '<?xml version="1.0" encoding="UTF-8"?>\n' + HEADER + BODY.format(value="DUPONT")


@dataclass
class Secret:
    """A file outside the input whose content must never be read."""

    path: Path
    token: str


@pytest.fixture
def secret(tmp_path: Path) -> Secret:
    token = f"SECRET-{uuid.uuid4().hex}"
    path = tmp_path / "secret" / "motdepasse.txt"
    path.parent.mkdir()
    path.write_text(token, encoding="utf-8")
    return Secret(path, token)


class Listener:
    """A TCP server on the loopback that only counts the connections it receives."""

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def doctypes(secret: Secret, listener: Listener) -> dict[str, tuple[str, str]]:
    """DOCTYPE declarations reaching outside the file, and the body that uses them."""
    file_url = secret.path.as_uri()
    return {
        "file-entity": (
            f'<!DOCTYPE BEE_ELEVES [<!ENTITY x SYSTEM "{file_url}">]>',
            BODY.format(value="&x;"),
        ),
        "network-entity": (
            f'<!DOCTYPE BEE_ELEVES [<!ENTITY x SYSTEM "{listener.url("e")}">]>',
            BODY.format(value="&x;"),
        ),
        "parameter-entity": (
            f'<!DOCTYPE BEE_ELEVES [<!ENTITY % p SYSTEM "{file_url}"> %p;]>',
            BODY.format(value="x"),
        ),
        "external-dtd": (
            f'<!DOCTYPE BEE_ELEVES SYSTEM "{file_url}">',
            BODY.format(value="x"),
        ),
        "network-dtd": (
            f'<!DOCTYPE BEE_ELEVES SYSTEM "{listener.url("d.dtd")}">',
            BODY.format(value="x"),
        ),
    }


#: ways to put the DOCTYPE where a check of the first 64 KiB does not look
HIDINGS = {
    "plain": lambda decl, rest: ('<?xml version="1.0"?>\n' + decl + rest).encode("utf-8"),
    "after-long-comment": lambda decl, rest: (
        '<?xml version="1.0"?>\n<!--' + "x" * 70_000 + "-->\n" + decl + rest
    ).encode("utf-8"),
    "after-long-pi": lambda decl, rest: (
        '<?xml version="1.0"?>\n<?x ' + "y" * 70_000 + "?>\n" + decl + rest
    ).encode("utf-8"),
    "utf16-without-bom": lambda decl, rest: (
        '<?xml version="1.0" encoding="UTF-16"?>\n' + decl + rest
    ).encode("utf-16-le"),
}
PAYLOADS = ["file-entity", "network-entity", "parameter-entity", "external-dtd", "network-dtd"]


def hostile(tmp_path: Path, secret: Secret, listener: Listener, hiding: str, payload: str) -> Path:
    decl, body = doctypes(secret, listener)[payload]
    path = tmp_path / f"{hiding}-{payload}.xml"
    path.write_bytes(HIDINGS[hiding](decl + "\n", HEADER + body))
    return path


def assert_nothing_read_outside(
    results: list[Result], outputs: Path, secret: Secret, listener: Listener
) -> None:
    for result in results:
        assert secret.token not in result.out and secret.token not in result.err
    for path in outputs.rglob("*"):
        if path.is_file():
            assert secret.token.encode() not in path.read_bytes(), path
    assert listener.connections == 0


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("hiding", sorted(HIDINGS))
def test_dtds_and_entities_never_read_outside(
    hiding: str,
    payload: str,
    run_cli: Callable[..., Result],
    tmp_path: Path,
    secret: Secret,
    listener: Listener,
) -> None:
    """Wherever the DOCTYPE hides, no byte of the secret and no connection leaves the SDK."""
    path = hostile(tmp_path, secret, listener, hiding, payload)
    out = tmp_path / "sorties"
    out.mkdir()
    results = [
        run_cli("inspect", path),
        run_cli("inspect", "--json", path),
        run_cli("convert", path, out / "doc.json"),
    ]
    if (out / "doc.json").exists():
        results.append(run_cli("convert", out / "doc.json", out / "doc.xml"))
    assert_nothing_read_outside(results, out, secret, listener)
    if hiding == "plain":
        for result in results:
            assert result.code == 2 and "DOCTYPE" in result.err, result


@pytest.mark.parametrize("hiding", ["after-long-comment", "after-long-pi", "utf16-without-bom"])
def test_hidden_doctype_is_refused(
    hiding: str,
    run_cli: Callable[..., Result],
    tmp_path: Path,
    secret: Secret,
    listener: Listener,
) -> None:
    path = hostile(tmp_path, secret, listener, hiding, "file-entity")
    for result in (run_cli("inspect", path), run_cli("convert", path, tmp_path / "d.json")):
        assert result.code == 2 and "DOCTYPE" in result.err, result


def test_hidden_entity_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """Billion laughs behind a long comment: libxml2's amplification limit stops it."""
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    text = (
        '<?xml version="1.0"?>\n<!--' + "x" * 70_000 + "-->\n"
        f"<!DOCTYPE BEE_ELEVES [{entities}]>\n" + HEADER + BODY.format(value="&a9;")
    )
    path = tmp_path / "bombe.xml"
    path.write_text(text, encoding="utf-8")
    for command in (("inspect", path), ("convert", path, tmp_path / "bombe.json")):
        done = run_limited(*command)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and "entité" in done.stderr


def test_quadratic_blowup_is_refused(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    big = "A" * 100_000
    text = (
        f'<?xml version="1.0"?>\n<!DOCTYPE BEE_ELEVES [<!ENTITY a "{big}">]>\n'
        + HEADER
        + BODY.format(value="&a;" * 10_000)
    )
    path = tmp_path / "quadratique.xml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("inspect", path)
    assert result.code == 2 and "DOCTYPE" in result.err, result


def test_utf16_doctype_with_bom_is_refused(
    run_cli: Callable[..., Result], tmp_path: Path, secret: Secret
) -> None:
    text = (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        f'<!DOCTYPE BEE_ELEVES [<!ENTITY x SYSTEM "{secret.path.as_uri()}">]>\n'
        + HEADER
        + BODY.format(value="&x;")
    )
    path = tmp_path / "utf16.xml"
    path.write_bytes(text.encode("utf-16"))
    result = run_cli("inspect", path)
    assert result.code == 2 and "DOCTYPE" in result.err, result
    assert secret.token not in result.err


def test_xinclude_is_not_processed(
    run_cli: Callable[..., Result], tmp_path: Path, secret: Secret
) -> None:
    include = (
        '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
        f'href="{secret.path.as_uri()}" parse="text"/>'
    )
    path = tmp_path / "xinclude.xml"
    path.write_text(
        '<?xml version="1.0"?>\n' + HEADER + BODY.format(value=include), encoding="utf-8"
    )
    inspected = run_cli("inspect", path)
    assert inspected.code in (0, 1), inspected  # read (1: a toy export, its gaps named)
    converted = run_cli("convert", path, tmp_path / "x.json")
    assert converted.code == 0, converted
    json_text = (tmp_path / "x.json").read_text(encoding="utf-8")
    assert "XInclude}include" in json_text
    assert secret.token not in inspected.out + converted.out + json_text


def test_schema_location_is_never_fetched(
    run_cli: Callable[..., Result], tmp_path: Path, listener: Listener
) -> None:
    """``siecle check`` validates with the SDK's own XSD, never one named by the file."""
    from siecle_sdk.tools.synthetic import SyntheticSchool

    plain = SyntheticSchool(pupils=3, seed=2).write_import(tmp_path)
    text = plain.read_text(encoding="iso8859-15").replace(
        '<IMPORT_ELEVES VERSION="3.1">',
        '<IMPORT_ELEVES VERSION="3.1" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:noNamespaceSchemaLocation="{listener.url("schema.xsd")}">',
    )
    path = tmp_path / "avec-schema.xml"
    path.write_text(text, encoding="iso8859-15")
    result = run_cli("check", path)
    assert result.code in (0, 1), result
    assert listener.connections == 0


# --- zips -----------------------------------------------------------------------------------


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def refused(result: Result, *words: str) -> None:
    assert result.code == 2, result
    assert "Traceback" not in result.err and result.err.startswith("Erreur : "), result.err
    for word in words:
        assert word in result.err, (word, result.err)


def test_zip_with_too_many_entries(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    members = {f"f{i}.txt": b"x" for i in range(300)} | {"Eleves.xml": GOOD.encode()}
    refused(run_cli("inspect", make_zip(tmp_path / "multi.zip", members)), "301 fichiers")


@pytest.mark.parametrize("name", ["C:evil.xml", "C:/Windows/evil.xml", "a/../../evil.xml"])
def test_zip_entry_with_a_drive_or_climbing(
    name: str, run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "lecteur.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo(name), GOOD.encode())
    refused(run_cli("inspect", path), "sort de son dossier")


def test_zip_symlink_to_a_secret_in_a_folder(
    run_cli: Callable[..., Result], tmp_path: Path, secret: Secret
) -> None:
    path = tmp_path / "lien.zip"
    with zipfile.ZipFile(path, "w") as archive:
        link = zipfile.ZipInfo("export/Eleves.xml")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, str(secret.path))
    result = run_cli("inspect", path)
    refused(result, "lien symbolique")
    assert secret.token not in result.out + result.err


def test_zip_with_unsupported_compression(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    path = make_zip(tmp_path / "deflate64.zip", {"Eleves.xml": GOOD.encode()})
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    data[8:10] = data[central + 10 : central + 12] = (9).to_bytes(2, "little")
    path.write_bytes(bytes(data))
    refused(run_cli("inspect", path), "ne peut pas être extrait")


def test_encrypted_zip(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    path = make_zip(tmp_path / "chiffre.zip", {"Eleves.xml": GOOD.encode()})
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    data[6] |= 1
    data[central + 8] |= 1
    path.write_bytes(bytes(data))
    refused(run_cli("inspect", path), "mot de passe")


def test_zip_inside_a_zip(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    inner = make_zip(tmp_path / "interne.zip", {"Eleves.xml": GOOD.encode()})
    outer = make_zip(tmp_path / "externe.zip", {"Eleves.xml": inner.read_bytes()})
    refused(run_cli("inspect", outer), "pas un fichier XML")


def _offsets_before_the_file(data: bytearray) -> None:
    end = data.rfind(b"PK\x05\x06")
    start = int.from_bytes(data[end + 16 : end + 20], "little")
    data[end + 16 : end + 20] = (start + 200).to_bytes(4, "little")


def _unknown_zip_version(data: bytearray) -> None:
    central = data.find(b"PK\x01\x02")
    data[central + 6 : central + 8] = (148).to_bytes(2, "little")


@pytest.mark.parametrize(
    "damage", [_offsets_before_the_file, _unknown_zip_version], ids=["offsets", "version"]
)
def test_zip_with_damaged_central_directory(
    damage: Callable[[bytearray], None], run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    path = make_zip(tmp_path / "abime.zip", {"Eleves.xml": GOOD.encode()})
    data = bytearray(path.read_bytes())
    damage(data)
    path.write_bytes(bytes(data))
    refused(run_cli("inspect", path), "abime.zip")


# --- oversized text, attributes, lines, depth -----------------------------------------------

MEGABYTE = 1 << 20


def _big_file(tmp_path: Path, name: str, *parts: str | tuple[str, int]) -> Path:
    """A file written piece by piece (``(text, n)`` repeats ``text`` n times)."""
    path = tmp_path / name
    with path.open("w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        for part in parts:
            if isinstance(part, tuple):
                text, times = part
                for _ in range(times):
                    handle.write(text)
            else:
                handle.write(part)
    return path


OPEN = HEADER + "<DONNEES><ELEVES>"
CLOSE = "</ELEVES></DONNEES></BEE_ELEVES>\n"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "parts", "word"),
    [
        (
            "texte.xml",
            (OPEN + "<ELEVE><NOM>", ("A" * MEGABYTE, 20), "</NOM></ELEVE>" + CLOSE),
            "ligne",
        ),
        ("attribut.xml", (OPEN + '<ELEVE ID="', ("A" * MEGABYTE, 20), '"/>' + CLOSE), "ligne"),
        (
            "profond.xml",
            (OPEN + "<ELEVE>", ("<A>", 5000), ("</A>", 5000), "</ELEVE>" + CLOSE),
            "ligne",
        ),
        ("nom.xml", (OPEN + "<ELEVE><", ("N", 100_000), "/></ELEVE>" + CLOSE), "ligne"),
    ],
)
def test_oversized_nodes_are_refused(
    name: str, parts: tuple[str | tuple[str, int], ...], word: str, tmp_path: Path
) -> None:
    """libxml2's limits stay on for user files (``huge_tree=False``): a text node or attribute
    over 10 MB, nesting over 256 levels, a name over 50 000 characters are refused, in a
    process limited to 1 GiB."""
    path = _big_file(tmp_path, name, *parts)
    for command in (("inspect", path), ("convert", path, tmp_path / "sortie.json")):
        done = run_limited(*command)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and word in done.stderr
    assert not (tmp_path / "sortie.json").exists()


@pytest.mark.slow
def test_one_huge_line_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """A 12 MB file on one line (no line break at all) is streamed: read and converted in a
    process limited to 1 GiB."""
    records = 150_000
    row = '<ELEVE ELEVE_ID="{0}"><NOM>NOM-{0}</NOM><PRENOM>Léa</PRENOM></ELEVE>'
    path = tmp_path / "une-ligne.xml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>' + OPEN)
        for number in range(records):
            handle.write(row.format(number))
        handle.write(CLOSE.strip())
    assert path.stat().st_size > 10 * MEGABYTE
    assert path.read_bytes().count(b"\n") == 0
    done = run_limited("inspect", "--json", path)
    assert done.returncode in (0, 1), done.stderr  # read (1: a toy export, its gaps named)
    assert f'"eleves": {records}' in done.stdout
    converted = run_limited("convert", path, tmp_path / "une-ligne.json")
    assert converted.returncode == 0, converted.stderr


@pytest.mark.slow
def test_check_of_an_import_file_with_a_huge_value(tmp_path: Path) -> None:
    """``check`` validates against the XSD in the reader's pass, libxml2's limits on: a 20 MB name
    is refused with its line, in bounded memory, never a crash."""
    from siecle_sdk.tools.synthetic import SyntheticSchool

    plain = SyntheticSchool(pupils=2, seed=2).write_import(tmp_path)
    text = plain.read_text(encoding="iso8859-15")
    start = text.index("<NOM_DE_FAMILLE>") + len("<NOM_DE_FAMILLE>")
    end = text.index("</NOM_DE_FAMILLE>", start)
    path = tmp_path / "enorme.xml"
    path.write_text(text[:start] + "A" * (20 * MEGABYTE) + text[end:], encoding="iso8859-15")
    done = run_limited("check", path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "Erreur inattendue" not in done.stderr
    assert "démesuré" in done.stderr and "ligne" in done.stderr


# --- hostile JSON documents (``siecle convert`` from JSON) -----------------------------------

JSON_HEAD = (
    '{"siecle_sdk":"document/1","kind":"eleves","version":"3.0","variant":null,'
    '"encoding":"UTF-8","source":"x","root":{"tag":"BEE_ELEVES","attrs":{}},"namespaces":{},'
    '"before":[],"data":{"tag":"DONNEES","attrs":{}},"blocks":['
)
JSON_BLOCK = '{"tag":"ELEVES","attrs":{},"records":['


def json_document(record: str, block: str = JSON_BLOCK) -> str:
    return "\n".join([JSON_HEAD, block, record, "]}", '],"after":[],"counts":{"ELEVES":1}}', ""])


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(json_document('{"tag":"ELEVE","text":"x"}'), id="valid"),
        pytest.param(json_document('{"tag":"ELEVE","text":"x"'), id="broken-json"),
        pytest.param(json_document('["ELEVE"]'), id="record-not-object"),
        pytest.param(
            json_document('{"tag":5,"text":"x"}'),
            id="tag-not-text",
        ),
        pytest.param(
            json_document('{"tag":"","text":"x"}'),
            id="empty-tag",
        ),
        pytest.param(
            json_document('{"tag":"A B><evil/","text":"x"}'),
            id="markup-in-tag",
        ),
        pytest.param(
            json_document('{"tag":"ELEVE","text":5}'),
            id="text-not-text",
        ),
        pytest.param(
            json_document('{"tag":"ELEVE","attrs":[1,2],"text":"x"}'),
            id="attrs-not-object",
        ),
        pytest.param(
            json_document('{"tag":"ELEVE","children":"abc"}'),
            id="children-not-list",
        ),
        pytest.param(
            json_document('{"tag":"ELEVE","text":"a\\u0001b"}'),
            id="control-character",
        ),
        pytest.param(
            json_document('{"tag":"{urn:x}ELEVE","text":"x"}'),
            id="undeclared-namespace",
        ),
        pytest.param(
            json_document('{"tag":"ELEVE","text":"x"}', block='{"attrs":{},"records":['),
            id="block-without-tag",
        ),
        pytest.param(
            '{"siecle_sdk":"document/1","root":{"tag":"X"},"blocks":'
            + "[" * 100_000
            + "]" * 100_000
            + "}",
            id="deep-nesting",
        ),
    ],
)
def test_hostile_json_is_converted_or_refused(
    text: str, run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    """A JSON document edited by hand becomes a well-formed XML file or is refused (exit 2)."""
    source = tmp_path / "document.json"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "document.xml"
    result = run_cli("convert", source, out)
    assert "Traceback" not in result.err and "Erreur inattendue" not in result.err, result.err
    if result.code == 0:
        assert run_cli("inspect", out).code in (0, 1)  # read (1: a toy export, its gaps named)
    else:
        assert result.code == 2, result
