"""Making text fit the encoding of a written file (ISO-8859-15 for SIECLE), by a documented rule.

SIECLE stores its data in ISO-8859-15 and turns every character it cannot store into ``?``. The SDK
never lets that happen silently. A value is first put in Unicode NFC form; then each character the
target encoding cannot hold is replaced by the table below; then accented letters from outside the
encoding lose their accent (``č`` -> ``c``, ``ł`` -> ``l``). A character still left (a Chinese
character, an emoji...) is refused with an error naming the record and the field.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..errors import UnencodableCharacter

__all__ = ["REPLACEMENTS", "Normaliser", "Unfit", "fit", "unstorable"]

#: typographic characters outside ISO-8859-15 and their replacement
REPLACEMENTS: dict[str, str] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u02bc": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u2026": "...",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u202f": "\u00a0",
    "\u2007": "\u00a0",
    "\u2009": " ",
    "\u200a": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u200b": "",
    "\ufeff": "",
    "\u2022": "-",
    "\u0141": "L",
    "\u0142": "l",
    "\u0110": "D",
    "\u0111": "d",
    "\u0131": "i",
    "\u1e9e": "SS",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb00": "ff",
}
_TABLE = str.maketrans(REPLACEMENTS)


@lru_cache(maxsize=8)
def _can_encode(encoding: str) -> bool:
    return encoding.lower().replace("_", "-") not in {"utf-8", "utf8", "utf-16", "utf-32"}


def _strip_accents(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Unfit(ValueError):
    """A character with no encodable equivalent (the character of the value, not a part of it)."""

    def __init__(self, char: str) -> None:
        super().__init__(f"U+{ord(char):04X}")
        self.char = char


#: C1 control characters: ISO-8859-15 holds them, but no real text does, and a file carrying them
#: is taken for Windows-1252 by every reader (this SDK's included)
_C1 = frozenset(chr(c) for c in range(0x80, 0xA0))
_C1_TEXT = re.compile("[\x80-\x9f]")


def unstorable(text: str, encoding: str = "iso8859-15") -> str | None:
    """The first character of ``text`` that ``encoding`` cannot hold, or that is a C1 control
    character; ``None`` when SIECLE can store the whole text as it is."""
    if text.isascii():
        return None
    try:
        text.encode(encoding)
    except UnicodeEncodeError as exc:
        found = _C1_TEXT.search(text, 0, exc.start)
        return found.group(0) if found else text[exc.start]
    found = _C1_TEXT.search(text)
    return found.group(0) if found else None


def fit(text: str, encoding: str) -> str:
    """``text`` made encodable in ``encoding``; raises :class:`Unfit` if impossible."""
    if not _C1.isdisjoint(text):
        raise Unfit(next(c for c in text if c in _C1))
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    value = unicodedata.normalize("NFC", text).translate(_TABLE)
    out = []
    for char in value:
        try:
            char.encode(encoding)
            out.append(char)
        except UnicodeEncodeError:
            stripped = _strip_accents(char)
            try:
                stripped.encode(encoding)
            except UnicodeEncodeError:
                raise Unfit(char) from None
            out.append(stripped)
    return "".join(out)


class Normaliser:
    """Applies :func:`fit` to the values of one output file, counting what it changed."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.active = _can_encode(encoding)
        #: values changed, as ``(record, field, before, after)``
        self.changes: list[tuple[str, str, str, str]] = []

    def __call__(self, text: str, record: str, field: str) -> str:
        """``text`` fit for the output, or :class:`UnencodableCharacter` naming where it was."""
        if not self.active or text.isascii():
            return text
        try:
            fitted = fit(text, self.encoding)
        except Unfit as exc:
            char = exc.char
            raise UnencodableCharacter(
                f"{record}, champ {field} : le caractère « {char} » (U+{ord(char):04X}) ne "
                f"peut pas être écrit en {self.encoding.upper()} et n'a pas d'équivalent sûr. "
                "Corrigez la valeur dans le logiciel."
            ) from None
        if fitted != text:
            self.changes.append((record, field, text, fitted))
        return fitted
