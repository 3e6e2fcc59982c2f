"""Keys of the national identifiers: UAI (school) and INE (pupil).

UAI: 7 digits and a key letter, ``ABCDEFGHJKLMNPRSTUVWXYZ[n mod 23]``.
INE-BEA: 10 digits and a key letter computed the same way.
INE-RNIE: 9 digits and two key letters: ``97 - n mod 97`` on two digits, each digit written with
``ABCDEFGHJK``. Two other shapes exist (base 36 for the first degree, SIFA for apprentices) whose
keys are not public: they are recognised by shape only.
"""

from __future__ import annotations

import re

__all__ = [
    "INE_SHAPES",
    "KEY_LETTERS",
    "ine_bea_key",
    "ine_problem",
    "ine_rnie_key",
    "ine_shape",
    "school_problem",
    "uai_key",
    "uai_problem",
    "year_problem",
]

#: 23 letters, without I, O and Q
KEY_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_RNIE_DIGITS = "ABCDEFGHJK"
_UAI = re.compile(r"^\d{7}[A-HJ-NPR-Z]$")

#: shape name -> pattern
INE_SHAPES: dict[str, re.Pattern[str]] = {
    "rnie": re.compile(r"^\d{9}[A-HJK]{2}$"),
    "bea": re.compile(r"^\d{10}[A-HJ-NPR-Z]$"),
    "sifa": re.compile(r"^\d{4}A\d{5}[A-HJ-NPR-Z]$"),
    "base36": re.compile(r"^[0-9A-Z]{10}\d$"),
}


def uai_key(seven_digits: str) -> str:
    """The key letter of a UAI from its 7 digits."""
    return KEY_LETTERS[int(seven_digits) % 23]


def ine_bea_key(ten_digits: str) -> str:
    """The key letter of a BEA-issued INE from its 10 digits."""
    return KEY_LETTERS[int(ten_digits) % 23]


def ine_rnie_key(nine_digits: str) -> str:
    """The two key letters of an RNIE-issued INE from its 9 digits."""
    k = 97 - int(nine_digits) % 97
    return _RNIE_DIGITS[k // 10] + _RNIE_DIGITS[k % 10] if k < 97 else "KH"


def uai_problem(uai: str) -> str | None:
    """Why ``uai`` is not a valid UAI (in French), or ``None`` when it is."""
    if not _UAI.match(uai):
        return f"l'UAI « {uai} » n'a pas la forme 7 chiffres + 1 lettre"
    expected = uai_key(uai[:7])
    if uai[7] != expected:
        return f"la clé de l'UAI « {uai} » est fausse (attendu {uai[:7]}{expected})"
    return None


def ine_shape(ine: str) -> str | None:
    """Which INE shape ``ine`` has (``rnie``, ``bea``, ``sifa``, ``base36``), or ``None``."""
    for name, pattern in INE_SHAPES.items():
        if pattern.match(ine):
            return name
    return None


def ine_problem(ine: str) -> str | None:
    """Why ``ine`` is not a valid INE (in French), or ``None`` when it is or cannot be checked."""
    shape = ine_shape(ine)
    if shape is None:
        return f"l'INE « {ine} » n'a aucune des formes connues (11 caractères)"
    if shape == "rnie":
        expected = ine[:9] + ine_rnie_key(ine[:9])
    elif shape == "bea":
        expected = ine[:10] + ine_bea_key(ine[:10])
    else:
        return None
    if ine != expected:
        return f"la clé de l'INE « {ine} » est fausse (attendu {expected})"
    return None


def year_problem(year: str) -> str | None:
    """Why ``year`` is not a school year as SIECLE writes it (the rentrée year on 4 digits,
    ``2019`` for 2019-2020), or ``None`` when it is."""
    if len(year) != 4 or not year.isdigit() or not 1990 <= int(year) <= 2098:
        return f"l'année scolaire « {year} » n'est pas une année de rentrée (4 chiffres, ex. 2019)"
    return None


def school_problem(uai: str | None, year: str | None) -> str | None:
    """Why the header of a file (``PARAMETRES/UAJ`` and ``ANNEE_SCOLAIRE``) does not say which
    school and year it is about, or ``None`` when it does."""
    if not uai or not uai.strip():
        return "l'en-tête ne donne pas l'établissement (PARAMETRES/UAJ absent ou vide)"
    problem = uai_problem(uai)
    if problem is not None:
        return f"{problem} (PARAMETRES/UAJ)"
    if not year or not year.strip():
        return "l'en-tête ne donne pas l'année scolaire (PARAMETRES/ANNEE_SCOLAIRE absent ou vide)"
    problem = year_problem(year)
    return None if problem is None else f"{problem} (PARAMETRES/ANNEE_SCOLAIRE)"
