"""Opening an input file without trusting it: sniffing, bounded zip reading, encoding checks.

Nothing is ever extracted to disk: the one XML member of a zip is streamed from the archive.
The kind of a file is never taken from its name.
"""

from __future__ import annotations

import codecs
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

from ..errors import EncodingProblem, UnsafeInput, UnusableInput

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECL = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds applied to untrusted archives."""

    #: largest uncompressed XML member accepted from a zip (a 500 000-pupil file is ~0.7 GiB)
    max_member_bytes: int = 2 * 1024**3
    #: largest ratio uncompressed / compressed (XML exports compress ~10-40:1; bombs ~1000:1)
    max_ratio: int = 200
    #: archives with more entries than this are refused without being read
    max_entries: int = 256


DEFAULT_LIMITS = Limits()


@dataclass
class SourceInfo:
    """Where the bytes come from, for messages and for the history."""

    path: Path
    member: str | None = None
    declared_encoding: str | None = None
    encoding: str = "utf-8"
    bom: bool = False
    size: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def display(self) -> str:
        """How the file is named to the user."""
        return f"{self.path} (membre {self.member})" if self.member else str(self.path)


def python_codec(name: str) -> str | None:
    """The Python codec name for an XML encoding label, or ``None`` when unknown."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


_LATIN_CODECS = {"iso8859-15", "iso8859-1", "latin-1", "iso8859-9"}
_SUSPECT = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}|[\x80-\x9f]"
)
#: characters a French text re-saved as UTF-8 is made of: accented letters, « », ’ “ ” … € and
#: the no-break spaces. A byte pair of a genuine ISO-8859-15 text that happens to decode as UTF-8
#: (``É°``, ``ÂŒ``) decodes to something else and is not taken as evidence.
_FRENCH = frozenset(
    [chr(c) for c in range(0xC0, 0x180)]
    + list("\u00ab\u00bb\u00a0\u202f\u2018\u2019\u201c\u201d\u2026\u2013\u2014\u20ac\u00b0")
)


def _evidence(window: bytes) -> re.Match[bytes] | None:
    """The first byte sequence proving that a Latin-declared ``window`` is not Latin text.

    Either a C1 control byte (0x80-0x9F) outside any UTF-8 sequence (Windows-1252 text), or a
    well-formed UTF-8 sequence (a file re-saved as UTF-8) that a Latin text does not hold: one
    holding a C1 control byte (``ễ``, ``ł``, an emoji), one of four bytes, one encoding a character
    of French text or one from U+0370 on (Greek, Cyrillic, Arabic, Chinese...). A genuine
    ISO-8859-15 text may hold byte pairs and triples that decode as UTF-8 too: an accented capital
    followed by a symbol (``É»``, ``ÂŒ``, decoding below U+0370) is never taken as evidence; a
    letter followed by a no-break space (``é »``) only in a window whose every non-ASCII byte is
    UTF-8.
    """
    utf8: bool | None = None
    for found in _SUSPECT.finditer(window):
        sequence = found.group(0)
        char = sequence.decode("utf-8", errors="replace")
        if (
            len(sequence) in (1, 4)
            or any(0x80 <= byte <= 0x9F for byte in sequence)
            or char in _FRENCH
            or (char >= "\u0370" and sequence[1] != 0xA0)
        ):
            return found
        if char < "\u0370":
            continue
        if utf8 is None:
            utf8 = _all_utf8(window)
        if utf8:
            return found
    return None


def _all_utf8(window: bytes) -> bool:
    """Whether ``window`` decodes as UTF-8, but for a sequence cut at either end."""
    start = 0
    while start < min(3, len(window)) and 0x80 <= window[start] <= 0xBF:
        start += 1
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(window[start:], final=False)
    except UnicodeDecodeError:
        return False
    return True


def _byte_classes() -> bytes:
    """Translation table for a fast pre-scan: ``C`` for a C1 control byte (0x80-0x9F), ``L`` for
    a byte that may start a UTF-8 sequence (0xC2-0xF4), ``T`` for another byte that may continue
    one (0xA0-0xBF), ``.`` for the rest."""
    table = bytearray(b"." * 256)
    table[0x80:0xA0] = b"C" * 0x20
    table[0xA0:0xC0] = b"T" * 0x20
    table[0xC2:0xF5] = b"L" * 0x33
    return bytes(table)


_CLASSES = _byte_classes()


def _may_be_suspect(window: bytes) -> bool:
    """Whether :data:`_SUSPECT` can match ``window`` (a C1 byte, or a lead byte followed by a
    continuation byte). Ten times faster than the regular expression, which then runs only on the
    rare windows that need it."""
    if window.isascii():
        return False
    classes = window.translate(_CLASSES)
    return b"C" in classes or b"LT" in classes


class _CheckedStream:
    """A file-like reader that counts lines and refuses bytes that betray a wrong encoding.

    A file declared ISO-8859-15 (or -1) holding UTF-8 sequences or Windows-1252 bytes parses
    without any error but yields wrong names (``Ã©``, invisible control characters): refuse it.
    """

    def __init__(self, raw: IO[bytes], info: SourceInfo, limit: int | None) -> None:
        self._raw = raw
        self._info = info
        self._check = info.encoding in _LATIN_CODECS
        self._limit = limit
        self._read = 0
        self._lines = 1
        self._carry = b""
        #: set once the last byte has been read
        self.at_eof = False

    @property
    def lines(self) -> int:
        """Lines read so far (the file's line count once ``at_eof``)."""
        return self._lines

    def read(self, size: int = -1) -> bytes:
        chunk = self._raw.read(size if size and size > 0 else 1 << 16)
        if not chunk:
            self.at_eof = True
            return chunk
        self._read += len(chunk)
        if self._limit is not None and self._read > self._limit:
            raise UnsafeInput(
                f"Le fichier {self._info.display} dépasse la taille annoncée par l'archive "
                f"({self._limit} octets) : archive falsifiée ou piégée, lecture interrompue."
            )
        if self._check:
            window = self._carry + chunk
            found = _evidence(window) if _may_be_suspect(window) else None
            if found:
                line = (
                    self._lines + window.count(b"\n", 0, found.start()) - self._carry.count(b"\n")
                )
                self._refuse(found.group(0), line)
            self._carry = chunk[-3:]
        self._lines += chunk.count(b"\n")
        return chunk

    def _refuse(self, sample: bytes, line: int) -> None:
        declared = self._info.declared_encoding or self._info.encoding
        if len(sample) >= 2:
            cause = (
                "son contenu est en UTF-8 : il a probablement été ré-enregistré par un "
                "éditeur de texte sans changer la déclaration"
            )
        else:
            cause = (
                "il contient des octets Windows-1252 (caractères de contrôle invisibles en "
                f"{declared})"
            )
        raise EncodingProblem(
            f"Le fichier {self._info.display} déclare l'encodage {declared} mais {cause} "
            f"(ligne {line}). Les noms seraient lus déformés : ré-exportez le fichier depuis "
            "SIECLE ou corrigez son encodage."
        )


def _sniff_plain(head: bytes, display: str) -> None:
    """Refuse what is obviously not XML, with a message that says what it is."""
    if not head:
        raise UnusableInput(f"Le fichier {display} est vide.")
    if head.startswith(b"%PDF"):
        raise UnusableInput(
            f"Le fichier {display} est un document PDF, pas un fichier XML de SIECLE "
            "(un compte-rendu ou une notice a peut-être été renommé)."
        )
    if head.startswith(b"\x1f\x8b"):
        raise UnusableInput(
            f"Le fichier {display} est compressé (gzip) : seuls le XML et le "
            "zip livrés par SIECLE sont acceptés."
        )
    body = head
    for bom, name in _BOMS:
        if body.startswith(bom):
            body = body[len(bom) :].decode(name, errors="replace").encode("utf-8", "replace")
            break
    stripped = body.lstrip()
    lowered = stripped[:200].lower()
    if lowered.startswith(b"<!doctype html") or lowered.startswith(b"<html"):
        raise UnusableInput(
            f"Le fichier {display} est une page HTML (sans doute une page d'erreur "
            "enregistrée à la place de l'export), pas un fichier XML de SIECLE."
        )
    if not stripped.startswith(b"<"):
        raise UnusableInput(
            f"Le fichier {display} n'est pas un fichier XML (il ne commence pas par une balise)."
        )


def _encoding_of(head: bytes, info: SourceInfo) -> None:
    for bom, name in _BOMS:
        if head.startswith(bom):
            info.bom = True
            info.encoding = (
                name.replace("-le", "").replace("-be", "") if name.startswith("utf-16") else name
            )
            head_text = head[len(bom) :].decode(name, errors="replace").encode("ascii", "replace")
            match = _DECL.match(head_text)
            info.declared_encoding = match.group(1).decode() if match else None
            _agree(info, f"une marque d'ordre des octets (BOM) {info.encoding.upper()}")
            return
    unmarked = _utf16_without_bom(head)
    if unmarked:
        match = _DECL.match(head.decode(unmarked, errors="replace").encode("ascii", "replace"))
        info.declared_encoding = match.group(1).decode() if match else None
        info.encoding = "utf-16"
        _agree(info, "des caractères sur deux octets (UTF-16)")
        return
    match = _DECL.match(head.lstrip())
    if match:
        declared = match.group(1).decode("ascii")
        info.declared_encoding = declared
        codec = python_codec(declared)
        if codec is None:
            raise EncodingProblem(
                f"Le fichier {info.display} déclare un encodage inconnu « {declared} »."
            )
        info.encoding = codec
    else:
        info.encoding = "utf-8"


def _agree(info: SourceInfo, found: str) -> None:
    """Refuse a file whose first bytes (``found``) contradict the encoding it declares: readers
    disagree on which one wins, so the names would depend on the reader."""
    declared = info.declared_encoding
    codec = python_codec(declared) if declared else None
    if declared and (codec or "").replace("_", "-").split("-")[:2] != info.encoding.split("-")[:2]:
        raise EncodingProblem(
            f"Le fichier {info.display} déclare l'encodage {declared} mais commence par {found} "
            "(ligne 1) : les deux se contredisent, les noms seraient lus déformés. Ré-exportez "
            "le fichier depuis SIECLE ou corrigez son encodage."
        )


def doctype_refused(info: SourceInfo) -> UnsafeInput:
    """The refusal of a file holding a DOCTYPE."""
    return UnsafeInput(
        f"Le fichier {info.display} contient une déclaration DOCTYPE (DTD, entités) : "
        "les fichiers de SIECLE n'en ont jamais, il est refusé par sécurité."
    )


def _refuse_dtd(head: bytes, info: SourceInfo) -> None:
    """SIECLE files never carry a DOCTYPE: refuse any, before the parser sees it.

    The whole prolog must fit in the first bytes read: a prolog longer than that (kilobytes of
    comments or processing instructions before the root) is refused too, since nothing legitimate
    needs one and it could hide a DOCTYPE from this check.
    """
    text = head
    codec = _utf16_without_bom(head)
    for bom, name in _BOMS:
        if text.startswith(bom):
            codec = name
            text = text[len(bom) :]
            break
    if codec:
        text = text.decode(codec, errors="replace").encode("utf-8", "replace")
    pos = 0
    while True:
        while pos < len(text) and text[pos : pos + 1].isspace():
            pos += 1
        if text.startswith(b"<?", pos):
            end, skip = text.find(b"?>", pos), 2
        elif text.startswith(b"<!--", pos):
            end, skip = text.find(b"-->", pos), 3
        elif text[pos : pos + 9].upper() == b"<!DOCTYPE":
            raise doctype_refused(info)
        else:
            return
        if end < 0:
            if len(head) < _HEAD_BYTES:
                return
            raise UnsafeInput(
                f"Le fichier {info.display} commence par plus de {_HEAD_BYTES // 1024} Kio de "
                "commentaires ou d'instructions avant l'élément racine, où pourrait se cacher une "
                "déclaration DOCTYPE (DTD, entités) : les fichiers de SIECLE n'en ont pas, il est "
                "refusé par sécurité."
            )
        pos = end + skip


def _utf16_without_bom(head: bytes) -> str | None:
    """The UTF-16 codec of a document without byte-order mark (``<`` and NUL, in some order)."""
    if head.startswith(b"<\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<"):
        return "utf-16-be"
    return None


class _Reader:
    """Readable stream with the first bytes already consumed put back in front."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        if self._head:
            data, self._head = self._head, b""
            return data
        return self._rest.read(size if size and size > 0 else 1 << 16)


@contextmanager
def open_source(
    path: str | Path, limits: Limits = DEFAULT_LIMITS
) -> Iterator[tuple[_CheckedStream, SourceInfo]]:
    """Open ``path`` (an XML file or a zip holding exactly one XML) as a checked byte stream."""
    path = Path(path)
    info = SourceInfo(path=path)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise UnusableInput(f"Le fichier {path} n'existe pas.") from None
    except IsADirectoryError:
        raise UnusableInput(f"{path} est un dossier, pas un fichier.") from None
    except OSError as exc:
        raise UnusableInput(f"Le fichier {path} ne peut pas être lu : {exc.strerror}.") from None
    with handle:
        magic = handle.read(4)
        handle.seek(0)
        if magic in (_ZIP_MAGIC, _EMPTY_ZIP_MAGIC):
            try:
                with _open_member(handle, info, limits) as (raw, size):
                    info.size = size
                    yield _prepare(raw, info, limit=size)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise UnusableInput(
                    f"L'archive {path} est endommagée : {exc}. Rien n'en a été importé."
                ) from None
        else:
            info.size = path.stat().st_size
            yield _prepare(handle, info, limit=None)


def _prepare(
    raw: IO[bytes], info: SourceInfo, limit: int | None
) -> tuple[_CheckedStream, SourceInfo]:
    head = raw.read(_HEAD_BYTES)
    _sniff_plain(head, info.display)
    _encoding_of(head, info)
    _refuse_dtd(head, info)
    stream = _CheckedStream(_Reader(head, raw), info, limit)  # type: ignore[arg-type]
    return stream, info


class _MemberReader:
    """The zip member's stream, whose low-level failures become a French refusal."""

    def __init__(self, member: IO[bytes], display: str) -> None:
        self._member = member
        self._display = display

    def read(self, size: int = -1) -> bytes:
        try:
            return self._member.read(size)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise UnusableInput(
                f"L'archive {self._display} est endommagée : {exc}. Rien n'en a été importé."
            ) from None


def _is_ignored(name: str) -> bool:
    parts = [p for p in name.split("/") if p]
    return not parts or parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts)


@contextmanager
def _open_member(
    handle: IO[bytes], info: SourceInfo, limits: Limits
) -> Iterator[tuple[IO[bytes], int]]:
    display = str(info.path)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise UnusableInput(
            f"L'archive {display} est endommagée et ne peut pas être ouverte ({exc})."
        ) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_entries:
            raise UnsafeInput(
                f"L'archive {display} contient {len(entries)} fichiers : "
                "SIECLE n'en livre qu'un, elle est refusée."
            )
        candidates = []
        for entry in entries:
            name = entry.filename
            if (
                "\\" in name
                or name.startswith("/")
                or ".." in name.split("/")
                or (len(name) > 1 and name[1] == ":")
            ):
                raise UnsafeInput(
                    f"L'archive {display} contient un chemin qui sort de son "
                    f"dossier (« {name} ») : elle est refusée par sécurité."
                )
            mode = entry.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise UnsafeInput(
                    f"L'archive {display} contient un lien symbolique "
                    f"(« {name} ») : elle est refusée par sécurité."
                )
            if entry.is_dir() or _is_ignored(name):
                continue
            candidates.append(entry)
        xmls = [e for e in candidates if e.filename.lower().endswith(".xml")]
        if not candidates:
            raise UnusableInput(f"L'archive {display} ne contient aucun fichier XML.")
        if len(candidates) != 1 or len(xmls) != 1:
            names = ", ".join(e.filename for e in candidates)
            raise UnusableInput(
                f"L'archive {display} doit contenir exactement un fichier XML ; "
                f"elle contient : {names}."
            )
        entry = xmls[0]
        if entry.flag_bits & 0x1:
            raise UnusableInput(f"L'archive {display} est protégée par un mot de passe.")
        if entry.file_size > limits.max_member_bytes:
            raise UnsafeInput(
                f"Le fichier {entry.filename} de l'archive {display} ferait "
                f"{entry.file_size} octets une fois décompressé, au-delà de la limite de "
                f"{limits.max_member_bytes} octets : archive refusée (bombe zip ?)."
            )
        compressed = max(entry.compress_size, 1)
        if entry.file_size > 1024 * 1024 and entry.file_size / compressed > limits.max_ratio:
            raise UnsafeInput(
                f"Le fichier {entry.filename} de l'archive {display} est compressé "
                f"{entry.file_size // compressed} fois : bien au-delà d'un export réel, "
                "l'archive est refusée (bombe zip ?)."
            )
        info.member = entry.filename
        try:
            member = archive.open(entry)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, ValueError) as exc:
            raise UnusableInput(
                f"Le fichier {entry.filename} de l'archive {display} ne peut pas être "
                f"extrait ({exc})."
            ) from None
        with member:
            yield cast(IO[bytes], _MemberReader(member, display)), entry.file_size
