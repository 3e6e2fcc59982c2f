"""Context exports already read, kept by content: a second check against the same exports skips
reading them.

An export is known by the SHA-256 of its bytes, the SDK's version and the version of the cache's
format: any change to one of them is another entry. What is kept is the compact part the check
uses (:data:`~siecle_sdk.rules.context.PARTS`), as JSON, never code or pickled objects. On disk
(for the CLI) an entry is one file: a header line naming what it holds and the SHA-256 of its
payload, then the payload. An entry that is damaged, of another version or of another export,
or whose values are not the shape the SDK writes, is ignored and written again; an entry that
cannot be written leaves the check unchanged. In memory (for a long-running process), a few
parts are kept, the least recently used dropped first.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter, OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from .. import __version__
from ..io.writer import atomic_write
from .context import Part, pupil_from_values

__all__ = ["ENV_VAR", "MEMORY", "ContextCache", "MemoryParts", "default_folder", "file_digest"]

#: version of what an entry holds: raised whenever a part changes shape or meaning
CACHE_FORMAT = 2
#: the folder of the on-disk cache, instead of the user's cache folder
ENV_VAR = "SIECLE_CACHE"
_MAGIC = "siecle-sdk context cache"
#: an entry's header line is short; a longer one is not an entry
_HEADER_LIMIT = 4096
#: a part is much smaller than its export; a payload larger than this is not trusted
_PAYLOAD_LIMIT = 512 * 1024 * 1024


def default_folder() -> Path:
    """Where the CLI keeps the cache: ``$SIECLE_CACHE``, else the user's cache folder."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return Path(user_cache_dir("siecle-sdk", appauthor=False)) / "context"


def file_digest(path: Path) -> str:
    """SHA-256 of the file's bytes, in hexadecimal."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def entry_key(name: str, digest: str) -> str:
    """The key of a part: the export's kind and content, the SDK's and the cache's versions."""
    text = f"{CACHE_FORMAT}\n{__version__}\n{name}\n{digest}"
    return hashlib.sha256(text.encode("ascii")).hexdigest()


class MemoryParts:
    """The last ``limit`` parts used, by key."""

    def __init__(self, limit: int = 16) -> None:
        self.limit = limit
        self._parts: OrderedDict[str, Part] = OrderedDict()

    def get(self, key: str) -> Part | None:
        part = self._parts.get(key)
        if part is not None:
            self._parts.move_to_end(key)
        return part

    def put(self, key: str, part: Part) -> None:
        self._parts[key] = part
        self._parts.move_to_end(key)
        while len(self._parts) > self.limit:
            self._parts.popitem(last=False)

    def clear(self) -> None:
        self._parts.clear()


#: the parts of this process (shared by every check it runs)
MEMORY = MemoryParts()


class ContextCache:
    """Parts of context exports, in memory and (with a ``folder``) on disk.

    ``stats`` counts where each part came from: ``memory``, ``disk``, ``read`` (the export was
    read), and ``ignored`` (an entry found on disk was not used).
    """

    def __init__(self, folder: Path | None = None, memory: MemoryParts | None = MEMORY) -> None:
        self.folder = folder
        self.memory = memory
        self.stats: Counter[str] = Counter()

    def _entry(self, name: str, key: str) -> Path | None:
        return None if self.folder is None else self.folder / f"{name}-{key}.json"

    def part(self, name: str, path: Path, read: Callable[[Path], Part]) -> Part:
        """The part of the ``name`` export at ``path``: cached, or ``read`` and then cached."""
        digest = file_digest(path)
        key = entry_key(name, digest)
        if self.memory is not None:
            found = self.memory.get(key)
            if found is not None:
                self.stats["memory"] += 1
                return found
        entry = self._entry(name, key)
        if entry is not None and entry.exists():
            found = _load(entry, name, digest)
            if found is not None:
                self.stats["disk"] += 1
                self._remember(key, found)
                return found
            self.stats["ignored"] += 1
        part = read(path)
        self.stats["read"] += 1
        self._remember(key, part)
        if entry is not None:
            _store(entry, name, digest, part)
        return part

    def _remember(self, key: str, part: Part) -> None:
        if self.memory is not None:
            self.memory.put(key, part)


def _store(entry: Path, name: str, digest: str, part: Part) -> None:
    """Write ``part`` at ``entry`` atomically; a cache that cannot be written is skipped."""

    payload = json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = {
        "format": _MAGIC,
        "version": CACHE_FORMAT,
        "sdk": __version__,
        "export": name,
        "source_sha256": digest,
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
        "payload_bytes": len(payload),
    }
    try:
        with atomic_write(entry, "wb") as handle:
            handle.write(json.dumps(header).encode("ascii") + b"\n")
            handle.write(payload)
    except OSError:
        return


def _load(entry: Path, name: str, digest: str) -> Part | None:
    """The part kept at ``entry``, or ``None`` when it is not exactly what :func:`_store`
    wrote for this export, SDK and format."""
    try:
        with entry.open("rb") as handle:
            line = handle.readline(_HEADER_LIMIT)
            header = json.loads(line)
            expected = {
                "format": _MAGIC,
                "version": CACHE_FORMAT,
                "sdk": __version__,
                "export": name,
                "source_sha256": digest,
            }
            if not isinstance(header, dict) or any(header.get(k) != v for k, v in expected.items()):
                return None
            size = header.get("payload_bytes")
            if not isinstance(size, int) or not 0 < size <= _PAYLOAD_LIMIT:
                return None
            payload = handle.read(size + 1)
    except (OSError, ValueError):
        return None
    if len(payload) != size or hashlib.sha256(payload).hexdigest() != header.get("payload_sha256"):
        return None
    try:
        part = json.loads(payload)
    except ValueError:
        return None
    return part if isinstance(part, dict) and _SHAPES[name](part) else None


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _optional_string(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _eleves_shape(part: dict[str, Any]) -> bool:
    pupils = part.get("pupils")
    if not (
        _optional_string(part.get("uai"))
        and _optional_string(part.get("school_year"))
        and isinstance(pupils, list)
    ):
        return False
    for row in pupils:
        if not (
            isinstance(row, list)
            and len(row) == 13
            and isinstance(row[0], str)
            and row[0]
            and all(_optional_string(value) for value in row)
        ):
            return False
        try:
            pupil_from_values(row)
        except ValueError:
            return False
    return True


def _responsables_shape(part: dict[str, Any]) -> bool:
    ids = part.get("person_ids")
    return (
        _optional_string(part.get("uai"))
        and _optional_string(part.get("school_year"))
        and isinstance(ids, dict)
        and all(isinstance(value, str) for value in ids.values())
    )


_SHAPES: dict[str, Callable[[dict[str, Any]], bool]] = {
    "geographique": lambda part: all(
        _strings(part.get(key)) for key in ("countries", "communes", "departements")
    ),
    "etablissements": lambda part: _strings(part.get("establishments")),
    "eleves": _eleves_shape,
    "responsables": _responsables_shape,
}
