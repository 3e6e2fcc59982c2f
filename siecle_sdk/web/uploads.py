"""Uploaded files: limits, safe names, a temporary folder per request removed afterwards.

A client never names a path on the server: an upload is stored under a name made of letters,
digits, dots, dashes and underscores taken from the last part of the name it was sent with (or
the field's name), inside a folder created for the request. The size of a request is bounded
before its body is read (``Content-Length``) and while it is read (:class:`BodyLimit`).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from starlette.datastructures import UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import ApiError

__all__ = ["BodyLimit", "Limits", "Uploads", "safe_name", "uploads"]

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """How much a request may upload."""

    #: bytes of one request's body
    max_bytes: int = 200 * 1024 * 1024
    #: files in one request
    max_files: int = 12


def too_large(limits: Limits) -> ApiError:
    """The 413 error of a request beyond ``limits``."""
    megabytes = limits.max_bytes // (1024 * 1024)
    return ApiError(
        413,
        "trop_volumineux",
        f"Envoi trop volumineux : {megabytes} Mo au plus par requête.",
    )


class BodyLimit:
    """ASGI middleware answering 413 to a request whose body is, or grows, beyond the limit."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limits.max_bytes:
            await too_large(self.limits).response()(scope, receive, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limits.max_bytes:
                    raise too_large(self.limits)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except ApiError as error:
            if started:
                raise
            await error.response()(scope, receive, send)


def safe_name(sent: str | None, fallback: str) -> str:
    """A file name that cannot leave its folder: the last part of ``sent``, reduced to safe
    characters, or ``fallback``."""
    last = PureWindowsPath(PurePosixPath(sent or "").name).name
    cleaned = _SAFE.sub("_", last).strip("._")[:120]
    return cleaned or fallback


class Uploads:
    """The files of one request, written under ``folder`` with safe, distinct names."""

    def __init__(self, folder: Path, limits: Limits) -> None:
        self.folder = folder
        self.limits = limits
        self.count = 0

    async def save(self, upload: UploadFile, field: str) -> Path:
        """Write ``upload`` under a safe name and return its path."""
        self.count += 1
        if self.count > self.limits.max_files:
            raise ApiError(
                413,
                "trop_de_fichiers",
                f"Trop de fichiers : {self.limits.max_files} au plus par requête.",
            )
        name = safe_name(upload.filename, f"{field}.xml")
        target = self.folder / name
        number = 2
        while target.exists():
            target = self.folder / f"{Path(name).stem}-{number}{Path(name).suffix}"
            number += 1
        with target.open("wb") as handle:
            while chunk := await upload.read(_CHUNK):
                handle.write(chunk)
        return target

    async def save_fields(self, fields: Iterable[tuple[str, Any]]) -> dict[str, Path | None]:
        """Save the given ``(field, upload)`` pairs; ``None`` uploads stay ``None``."""
        saved: dict[str, Path | None] = {}
        for field, upload in fields:
            saved[field] = None if upload is None else await self.save(upload, field)
        return saved


@asynccontextmanager
async def uploads(limits: Limits) -> AsyncIterator[Uploads]:
    """A fresh temporary folder for one request's files, removed when the request is done."""
    folder = Path(tempfile.mkdtemp(prefix="siecle-serve-"))
    try:
        yield Uploads(folder, limits)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
