"""The neutral format: one JSON document of a school, read and written without losing a field.

The document holds what the import file carries (see :mod:`siecle_sdk.plugin.neutral_schema` for
its JSON Schema)::

    {"$schema": "urn:siecle-sdk:schema:ecole:1", "format": "siecle-sdk/ecole/1",
     "UAJ": "0750680G", "ANNEE_SCOLAIRE": "2019", "LOGICIEL": "MONLOGICIEL",
     "PERSONNES": [{"ID_PRV_PER": "1", "CODE_CIVILITE": "2", ...}],
     "ELEVES": [{"ID_PRV_ELE": "12", "NOM_DE_FAMILLE": "MARTIN", ...}]}

Dates are ``yyyy-mm-dd`` strings, flags JSON booleans, counts integers; an absent member is an
absent element, ``""`` an element present but empty. A file written by another program is never
trusted: its size is bounded, duplicate members and non-finite numbers are refused, and every
problem is reported with the record and the field, in French.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import UnusableInput, VendorDataError
from ..io.writer import atomic_write
from ..models import Record
from ..models.fields import ModelField, fields_of
from ..models.import_eleves import Eleve, Personne
from .adapter import School
from .neutral_schema import FORMAT, SCHEMA_ID

__all__ = [
    "MAX_BYTES",
    "read_school_json",
    "record_from_json",
    "record_to_json",
    "write_school_json",
]

#: a school document larger than this is refused (a large school is a few tens of megabytes)
MAX_BYTES = 1024 * 1024 * 1024
#: problems listed in one error (the others are counted)
MAX_SHOWN = 50
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TOP = ("$schema", "format", "UAJ", "ANNEE_SCOLAIRE", "LOGICIEL", "PERSONNES", "ELEVES")


def record_to_json(record: Record) -> dict[str, Any]:
    """The record as a JSON object named with SIECLE's element names (absent fields left out)."""
    if record.unknown:
        tags = ", ".join(sorted({str(u.get("tag")) for u in record.unknown}))
        raise VendorDataError(
            f"{getattr(record, 'label', type(record).__name__)} : des éléments que le format "
            f"JSON ne décrit pas ({tags}) ne peuvent pas y être écrits sans être perdus."
        )
    out: dict[str, Any] = {}
    for item in fields_of(type(record)):
        value = getattr(record, item.name)
        if value is None:
            continue
        if item.kind == "record":
            out[item.tag] = record_to_json(value)
        elif item.kind == "records":
            out[item.tag] = [record_to_json(v) for v in value]
        elif item.kind == "texts":
            out[item.tag] = list(value)
        elif item.kind == "date" and isinstance(value, dt.date):
            out[item.tag] = value.isoformat()
        else:
            out[item.tag] = value
    return out


def _value(item: ModelField, value: Any, where: str, problems: list[str]) -> Any:
    """``value`` of a JSON member checked against the field's kind, as the model expects it."""
    kind = item.kind
    if kind == "text":
        if isinstance(value, str):
            return value
        expected = "un texte"
    elif kind == "date":
        if value == "":
            return value
        if isinstance(value, str) and _DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        expected = "une date aaaa-mm-jj"
    elif kind == "flag":
        if isinstance(value, bool) or value == "":
            return value
        expected = "true ou false"
    elif kind == "count":
        if (isinstance(value, int) and not isinstance(value, bool) and value >= 0) or value == "":
            return value
        expected = "un entier positif ou nul"
    elif kind == "texts":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        expected = "une liste de textes"
    elif kind == "record":
        assert item.model is not None
        if isinstance(value, dict):
            return _members(item.model, value, f"{where}/", problems)
        expected = "un objet"
    else:
        assert item.model is not None
        if isinstance(value, list):
            return [
                _members(item.model, v, f"{where}[{n}]/", problems)
                if isinstance(v, dict)
                else _bad(f"{where}[{n}]", v, "un objet", problems)
                for n, v in enumerate(value, 1)
            ]
        expected = "une liste d'objets"
    return _bad(where, value, expected, problems)


def _bad(where: str, value: Any, expected: str, problems: list[str]) -> Any:
    """Record the problem; the value stands for nothing (``None``)."""
    shown = json.dumps(value, ensure_ascii=False)
    if len(shown) > 40:
        shown = shown[:40] + "…"
    problems.append(f"{where} : {shown} au lieu d'{expected}")
    return None


def _members(model: type[Record], data: dict[str, Any], path: str, problems: list[str]) -> Any:
    known = {item.tag: item for item in fields_of(model)}
    out: dict[str, Any] = {}
    for key, value in data.items():
        item = known.get(key)
        if item is None:
            problems.append(f"{path}{key} : champ inconnu du format (faute de frappe ?)")
            continue
        if value is None:
            continue
        out[item.name] = _value(item, value, f"{path}{key}", problems)
    for item in known.values():
        if item.required and item.tag not in data:
            problems.append(f"{path}{item.tag} : valeur obligatoire absente")
    return out


def record_from_json(model: type[Record], data: Any) -> tuple[Record | None, list[str]]:
    """The record of ``model`` read from a JSON object, or the problems found (French, each
    naming the field)."""
    problems: list[str] = []
    if not isinstance(data, dict):
        _bad("fiche", data, "un objet", problems)
        return None, problems
    values = _members(model, data, "", problems)
    if problems:
        return None, problems
    try:
        return model.model_validate(values), []
    except ValidationError as exc:
        return None, [
            "/".join(str(p) for p in error["loc"]) + f" : {error['msg']}" for error in exc.errors()
        ]


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"le champ {key} figure deux fois dans le même objet")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"valeur {name} interdite en JSON")


def _load(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnusableInput(
                f"{path} : {size} octets, plus que les {MAX_BYTES} acceptés pour un "
                "établissement ; ce n'est pas un fichier d'école au format JSON."
            )
        raw = path.read_bytes()
    except IsADirectoryError:
        raise UnusableInput(f"{path} est un dossier : donnez le fichier JSON de l'école.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnusableInput(
            f"{path} n'est pas en UTF-8 (octet {exc.start}) : le fichier JSON de l'école doit "
            "être enregistré en UTF-8."
        ) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise UnusableInput(
            f"{path} n'est pas un JSON valide (ligne {exc.lineno}, colonne {exc.colno}) : "
            f"{exc.msg}."
        ) from None
    except (ValueError, RecursionError) as exc:
        reason = str(exc) if isinstance(exc, ValueError) else "imbrication trop profonde"
        raise UnusableInput(f"{path} n'est pas un fichier d'école utilisable : {reason}.") from None


def _head(path: Path, data: Any) -> None:
    if not isinstance(data, dict):
        raise UnusableInput(f"{path} : le document doit être un objet JSON ({{…}}).")
    unknown = [k for k in data if k not in _TOP]
    if unknown:
        raise UnusableInput(f"{path} : champ(s) inconnu(s) du format : {', '.join(unknown)}.")
    if data.get("format") != FORMAT:
        raise UnusableInput(
            f"{path} : le champ « format » vaut {json.dumps(data.get('format'))} ; ce logiciel lit "
            f"le format « {FORMAT} » (schéma {SCHEMA_ID}, voir « siecle schema »)."
        )
    for key in ("UAJ", "ANNEE_SCOLAIRE"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise UnusableInput(f"{path} : le champ {key} manque ou n'est pas un texte.")
    if "LOGICIEL" in data and not isinstance(data["LOGICIEL"], str):
        raise UnusableInput(f"{path} : le champ LOGICIEL n'est pas un texte.")
    for key in ("PERSONNES", "ELEVES"):
        if not isinstance(data.get(key), list):
            raise UnusableInput(f"{path} : le champ {key} manque ou n'est pas une liste.")


def _label(what: str, key: str, position: int, data: Any) -> str:
    if not isinstance(data, dict):
        return f"{what} n° {position}"
    ident = data.get(key)
    name = " ".join(str(data.get(k, "")) for k in ("NOM_DE_FAMILLE", "PRENOM")).strip()
    ids = f" {key}={ident}" if isinstance(ident, str | int) else ""
    return f"{what} n° {position}{ids}" + (f" ({name})" if name else "")


def read_school_json(path: Path) -> School:
    """The school of the JSON document at ``path``; every faulty record is reported together."""
    data = _load(path)
    _head(path, data)
    faults: list[str] = []
    persons: list[Personne] = []
    pupils: list[Eleve] = []
    for what, key, model, items, out in (
        ("personne", "ID_PRV_PER", Personne, data["PERSONNES"], persons),
        ("élève", "ID_PRV_ELE", Eleve, data["ELEVES"], pupils),
    ):
        seen: dict[str, int] = {}
        for position, item in enumerate(items, 1):
            record, problems = record_from_json(model, item)
            label = _label(what, key, position, item)
            faults += [f"{label} : {problem}" for problem in problems]
            if record is None:
                continue
            ident = getattr(record, key.lower())
            if ident in seen:
                faults.append(f"{label} : {key} {ident} est déjà celui du n° {seen[ident]}")
            seen[ident] = position
            out.append(record)  # type: ignore[arg-type]
    if faults:
        shown = faults[:MAX_SHOWN]
        more = len(faults) - len(shown)
        raise VendorDataError(
            f"{path} : {len(faults)} problème(s), rien n'a été lu :\n"
            + "\n".join(f"  - {line}" for line in shown)
            + (f"\n  … et {more} autre(s)." if more else "")
        )
    return School(
        uai=data["UAJ"],
        school_year=data["ANNEE_SCOLAIRE"],
        persons=persons,
        pupils=pupils,
        software=data.get("LOGICIEL") or None,
    )


def write_school_json(path: Path, school: School) -> dict[str, int]:
    """Write ``school`` at ``path`` atomically (UTF-8); returns the records written."""
    document: dict[str, Any] = {"$schema": SCHEMA_ID, "format": FORMAT}
    document["UAJ"] = school.uai
    document["ANNEE_SCOLAIRE"] = school.school_year
    if school.software:
        document["LOGICIEL"] = school.software
    document["PERSONNES"] = [record_to_json(p) for p in school.persons]
    document["ELEVES"] = [record_to_json(p) for p in school.pupils]
    text = json.dumps(document, ensure_ascii=False, indent=1)
    with atomic_write(path, "wb") as handle:
        handle.write(text.encode("utf-8") + b"\n")
    return {"personnes": len(document["PERSONNES"]), "eleves": len(document["ELEVES"])}
