"""Errors the SDK raises, each with a French message for school staff and an exit status."""

from __future__ import annotations

import errno
import os
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit statuses of the ``siecle`` command."""

    #: the command did what was asked and found nothing that blocks
    OK = 0
    #: the command ran, but found records SIECLE would reject or flag
    FINDINGS = 1
    #: the input cannot be used (missing, unreadable, not SIECLE, unsafe) or a usage error
    UNUSABLE = 2
    #: a defect of siecle-sdk itself, never of the input
    BUG = 3


class SiecleError(Exception):
    """Base of every error the SDK reports to a user.

    ``message`` is a complete French sentence naming the file (and line, when known).
    """

    exit_code: ExitCode = ExitCode.UNUSABLE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnusableInput(SiecleError):
    """An input file cannot be read as a SIECLE exchange file."""


class UnsafeInput(UnusableInput):
    """An input file was refused for safety (DTD, entities, zip bomb, path escape...)."""


class EncodingProblem(UnusableInput):
    """The bytes of a file do not match the encoding it declares."""


class NotWellFormed(UnusableInput):
    """The file is not well-formed XML."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class UnknownFormat(UnusableInput):
    """The file is XML but not one of the SIECLE formats the SDK knows."""


class InvalidRecord(SiecleError):
    """A record does not fit its model (bad date, bad flag...): names the record and the field."""


class UnencodableCharacter(SiecleError):
    """A value holds a character the output encoding cannot store, even after normalisation."""


class SchemaInvalid(SiecleError):
    """A written ``IMPORT_ELEVES`` file does not validate against its official XSD."""


class CountMismatch(SiecleError):
    """What a pipeline wrote differs from what it read: nothing is committed."""


class PluginError(SiecleError):
    """A plugin failed to load or raised in a hook; names the plugin and the hook."""


class VendorDataError(SiecleError):
    """A vendor's data cannot be turned into SIECLE records; names the record."""


class EnvironmentProblem(SiecleError):
    """The computer refused an operation (disk full, read-only, too large, permission): not the
    user's file, not a bug; the message says what to do."""


#: errno -> what happened and what to do, in French
_ENVIRONMENT = {
    errno.ENOSPC: "le disque est plein. Libérez de la place (ou écrivez ailleurs), puis relancez",
    errno.EDQUOT: "votre quota de disque est atteint. Libérez de la place, puis relancez",
    errno.EROFS: "le disque est en lecture seule. Écrivez dans un autre dossier, puis relancez",
    errno.EFBIG: (
        "le fichier dépasse la taille permise par le système. Écrivez sur un autre disque ou "
        "demandez à l'administrateur de lever la limite, puis relancez"
    ),
    errno.EACCES: (
        "accès refusé. Vérifiez vos droits sur ce fichier et son dossier (ou choisissez un "
        "autre dossier), puis relancez"
    ),
    errno.EPERM: (
        "opération interdite par le système. Vérifiez vos droits sur ce fichier et son dossier "
        "(ou choisissez un autre dossier), puis relancez"
    ),
    errno.EIO: "erreur de lecture ou d'écriture sur le disque. Vérifiez le disque, puis relancez",
}


def is_environment(exc: OSError) -> bool:
    """Whether ``exc`` is a refusal of the computer (disk full, read-only...), not a fault of
    the program that made the call."""
    return exc.errno in _ENVIRONMENT


def environment_problem(exc: OSError) -> EnvironmentProblem:
    """The French error for an operating-system failure, naming the file when known."""
    what = _ENVIRONMENT.get(exc.errno or 0)
    where = f" ({exc.filename})" if exc.filename else ""
    if what is None:
        detail = exc.strerror or str(exc)
        return EnvironmentProblem(
            f"Le système a refusé l'opération{where} : {detail}. Vérifiez le fichier ou le "
            "dossier indiqué, puis relancez."
        )
    return EnvironmentProblem(f"Impossible d'écrire ou de lire{where} : {what}.")


#: words of SQLite's messages -> the errno they stand for
_SQLITE = (
    ("full", errno.ENOSPC),
    ("readonly", errno.EROFS),
    ("read-only", errno.EROFS),
    ("unable to open", errno.EACCES),
    ("disk i/o", errno.EIO),
)


def sqlite_environment(exc: Exception, path: str | os.PathLike[str]) -> EnvironmentProblem | None:
    """The environment failure a SQLite error stands for (disk full, read-only...), naming
    ``path``; ``None`` when it is something else. SQLite often says only "disk I/O error": the
    file system of ``path`` then tells whether it is full or read-only."""
    text = str(exc).lower()
    for words, code in _SQLITE:
        if words in text:
            if code in (errno.EIO, errno.EACCES):
                code = _file_system_state(path) or code
            return environment_problem(OSError(code, str(exc), os.fspath(path)))
    return None


def _file_system_state(path: str | os.PathLike[str]) -> int | None:
    """``EROFS`` or ``ENOSPC`` when the file system holding ``path`` is read-only or full,
    ``EFBIG`` when the file (or its journal) reached the process's file size limit."""
    name = os.path.abspath(os.fspath(path))
    if _at_size_limit(name):
        return errno.EFBIG
    folder = os.path.dirname(name)
    try:
        state = os.statvfs(folder)
    except (OSError, AttributeError):  # no statvfs on Windows
        return None
    if state.f_flag & getattr(os, "ST_RDONLY", 1):
        return errno.EROFS
    if state.f_bavail * state.f_frsize < 1 << 16:
        return errno.ENOSPC
    return None


def _at_size_limit(name: str) -> bool:
    """Whether ``name`` or its SQLite journal is within 64 KiB of ``RLIMIT_FSIZE``."""
    try:
        import resource
    except ImportError:  # Windows
        return False
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if limit == resource.RLIM_INFINITY:
        return False
    for candidate in (name, f"{name}-wal", f"{name}-journal"):
        try:
            if os.path.getsize(candidate) >= limit - (1 << 16):
                return True
        except OSError:
            continue
    return False
