"""Writing the "import du privé" file (``IMPORT_ELEVES``) from typed models, checked and validated.

:func:`write_import` streams persons and pupils through a version template. On the way, every text
is made to fit the output encoding (:class:`~siecle_sdk.io.encoding.Normaliser`, changes reported),
and what the XSD would reject and is cheap to see record by record is refused with a French message
naming the record (:class:`~siecle_sdk.errors.VendorDataError`): bad or duplicate ids, links to
unknown persons, empty required values, impossible structures. The file is rendered beside its
destination, validated against the official XSD, and moved into place only when valid: an invalid
file is deleted and reported (:class:`~siecle_sdk.errors.SchemaInvalid`), and a previous file at the
destination is left untouched.

Persons are written before pupils (XSD order), so the set of person ids is complete when the
first pupil's links are checked; only the ids are kept in memory, never the records.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..errors import SchemaInvalid, VendorDataError
from ..io.encoding import Normaliser
from ..io.schema import invalid_message, validate_import
from ..io.writer import render_to_file, xml_label
from ..models._base import Record
from ..models.import_eleves import (
    PARENTE_NEW_TO_OLD,
    PARENTE_OLD_TO_NEW,
    Adresse,
    Eleve,
    ImportRecord,
    Lien,
    Parametres,
    Personne,
    ResponsablesEleve,
)

__all__ = ["VERSIONS", "ImportWriteResult", "write_import"]

#: accepted ``version`` -> (template, ``VERSION`` attribute written); ``3.1-corrigee`` writes a
#: 3.1 file validated against the corrected XSD (``CODE_PARENTE`` on exactly 2 characters)
VERSIONS: dict[str, tuple[str, str]] = {
    "2.0": ("import-eleves-2.0.xml", "2.0"),
    "3.0": ("import-eleves-3.0.xml", "3.0"),
    "3.1": ("import-eleves-3.1.xml", "3.1"),
    "3.1-corrigee": ("import-eleves-3.1.xml", "3.1"),
}

_ID = re.compile(r"\d{1,5}")
_ILLEGAL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r") | {"\ufffe", "\uffff"}
_MAX_OPTIONS = 12
_MAX_BOURSES = 2
_MAX_LEGAL = 2

R = TypeVar("R", bound=Record)


@dataclass
class ImportWriteResult:
    """What :func:`write_import` wrote."""

    path: Path
    #: version asked for (``3.1-corrigee`` included)
    version: str
    personnes: int = 0
    eleves: int = 0
    #: pupils written in the leaver group
    sortants: int = 0
    #: responsable links written (LEGAL, PERSONNE_EN_CHARGE, CONTACT or LEGAL1/LEGAL2)
    liens: int = 0
    #: links the version cannot carry (2.0 has no persons in charge or contacts, at most 2 legal)
    liens_ignores: int = 0
    #: ``OPTION`` elements of the active schoolings
    options: int = 0
    #: values changed to fit the encoding, as ``(record, field, before, after)``
    changes: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """The counts by name."""
        return {
            "personnes": self.personnes,
            "eleves": self.eleves,
            "sortants": self.sortants,
            "liens": self.liens,
            "liens_ignores": self.liens_ignores,
            "options": self.options,
        }


def write_import(
    path: str | Path,
    parametres: Parametres,
    personnes: Iterable[Personne],
    eleves: Iterable[Eleve],
    *,
    version: str = "3.1",
    encoding: str = "iso8859-15",
    template_dirs: Iterable[str | Path] = (),
    validate: bool = True,
) -> ImportWriteResult:
    """Write an ``IMPORT_ELEVES`` file of schema ``version`` (``2.0``, ``3.0``, ``3.1``,
    ``3.1-corrigee``) at ``path``; ``personnes`` and ``eleves`` are streamed once.

    ``validate=False`` leaves the XSD to the caller that reads the file next anyway (``push``
    checks it with :func:`~siecle_sdk.rules.engine.check_file`, which validates in the same pass).

    Raises :class:`~siecle_sdk.errors.VendorDataError` for records SIECLE's XSD would reject,
    :class:`~siecle_sdk.errors.UnencodableCharacter` for a value that cannot be written in
    ``encoding``, :class:`~siecle_sdk.errors.SchemaInvalid` when the rendered file does not
    validate (nothing is left at ``path`` then). With ``validate=False`` the written file is not
    read back against the XSD: for a caller that reads it next with the XSD in the same pass
    (``check_file``) and refuses it when invalid.
    """
    try:
        template, attribute = VERSIONS[version]
    except KeyError:
        known = ", ".join(VERSIONS)
        raise ValueError(
            f"version de fichier d'import inconnue « {version} » (connues : {known})"
        ) from None
    target = Path(path)
    result = ImportWriteResult(path=target, version=version)
    normaliser = Normaliser(encoding)
    checker = _Checker(version, normaliser, result)
    context: dict[str, Any] = {
        "encoding_label": xml_label(encoding),
        "version": attribute,
        "parametres": checker.parametres(parametres),
        "personnes": checker.personnes(personnes),
        "eleves": checker.eleves(eleves),
    }
    draft = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.xml")
    try:
        render_to_file(template, draft, encoding, context, template_dirs=template_dirs)
        messages = validate_import(draft, version) if validate else []
        if messages:
            raise SchemaInvalid(invalid_message(target, version, messages))
        os.replace(draft, target)
    except BaseException:
        draft.unlink(missing_ok=True)
        raise
    result.changes = list(normaliser.changes)
    return result


def _given(value: Any) -> bool:
    return value is not None and value != ""


def _tag(record: Record, name: str) -> str:
    return type(record).model_fields[name].alias or name.upper()


class _Checker:
    """Normalises and checks records while they stream into the template."""

    def __init__(self, version: str, normaliser: Normaliser, result: ImportWriteResult) -> None:
        self.version = version
        self.v2 = version == "2.0"
        self.normaliser = normaliser
        self.result = result
        self.person_ids: set[int] = set()
        self.pupil_ids: set[int] = set()
        #: INE element -> values already written (each INE element is unique on its own)
        self.ines: dict[str, set[str]] = {"ID_NATIONAL": set(), "INE_BEA": set(), "INE_RNIE": set()}

    # --- streams --------------------------------------------------------------------------
    def parametres(self, parametres: Parametres) -> Parametres:
        label = "paramètres du fichier"
        fitted = self._fit(parametres, label)
        self._require(
            fitted, ("uaj", "annee_scolaire", "date_import", "num_envoi", "logiciel"), label
        )
        self._id(fitted.num_envoi, label, "NUM_ENVOI")
        return fitted

    def personnes(self, personnes: Iterable[Personne]) -> Iterator[Personne]:
        for personne in personnes:
            label = personne.label
            fitted = self._fit(personne, label)
            self._check_personne(fitted, label)
            self.result.personnes += 1
            yield fitted

    def eleves(self, eleves: Iterable[Eleve]) -> Iterator[Eleve]:
        if not self.result.personnes:
            raise VendorDataError(
                "Aucune personne (responsable) à écrire : le fichier "
                "d'import exige au moins une PERSONNE."
            )
        for eleve in eleves:
            label = eleve.label
            fitted = self._fit(eleve, label)
            self._check_eleve(fitted, label)
            self.result.eleves += 1
            yield fitted
        if not self.result.eleves:
            raise VendorDataError(
                "Aucun élève à écrire : le fichier d'import exige au moins "
                "un ELEVE (et doit contenir tous les élèves, sortants compris)."
            )

    # --- normalisation --------------------------------------------------------------------
    def _fit(self, record: R, label: str, prefix: str = "") -> R:
        """``record`` with every text made to fit the encoding (a copy only when changed)."""
        updates: dict[str, Any] = {}
        not_xml = record.NOT_XML if isinstance(record, ImportRecord) else frozenset()
        for name in type(record).model_fields:
            if name == "unknown" or name in not_xml:
                continue
            value = getattr(record, name)
            if value is None:
                continue
            where = prefix + _tag(record, name)
            if isinstance(value, str):
                fitted: Any = self._text(value, label, where)
            elif isinstance(value, Record):
                fitted = self._fit(value, label, where + "/")
            elif isinstance(value, list):
                items = [
                    self._text(item, label, where)
                    if isinstance(item, str)
                    else self._fit(item, label, where + "/")
                    if isinstance(item, Record)
                    else item
                    for item in value
                ]
                fitted = (
                    items if any(a is not b for a, b in zip(items, value, strict=True)) else value
                )
            else:
                continue
            if fitted is not value:
                updates[name] = fitted
        return record.model_copy(update=updates) if updates else record

    def _text(self, value: str, label: str, where: str) -> str:
        if not value.isprintable():
            for char in value:
                if char in _ILLEGAL:
                    raise VendorDataError(
                        f"{label}, champ {where} : le caractère de contrôle U+{ord(char):04X} "
                        "ne peut pas figurer dans un fichier XML. Corrigez la valeur dans le "
                        "logiciel."
                    )
        return self.normaliser(value, label, where)

    # --- checks ---------------------------------------------------------------------------
    def _require(self, record: Record, names: Iterable[str], label: str, prefix: str = "") -> None:
        for name in names:
            value = getattr(record, name)
            if not _given(value):
                state = "absent" if value is None else "vide"
                raise VendorDataError(
                    f"{label} : le champ obligatoire {prefix}{_tag(record, name)} est {state}."
                )

    def _id(self, value: str, label: str, tag: str) -> int:
        if not _ID.fullmatch(value):
            raise VendorDataError(
                f"{label} : {tag} « {value} » n'est pas un entier de 0 à "
                "99999, seul format accepté par SIECLE."
            )
        return int(value)

    def _check_adresse(self, adresse: Adresse, label: str, prefix: str) -> None:
        self._require(adresse, ("code_pays",), label, prefix)
        if _given(adresse.code_postal):
            self._require(adresse, ("ll_postal",), label, prefix)
        elif not _given(adresse.commune_etrangere):
            raise VendorDataError(
                f"{label} : l'adresse n'a ni code postal (avec libellé "
                "postal) ni commune étrangère : il faut l'un ou l'autre."
            )

    def _check_personne(self, personne: Personne, label: str) -> None:
        self._require(
            personne,
            ("id_prv_per", "code_civilite", "nom_de_famille", "prenom", "code_profession"),
            label,
        )
        number = self._id(personne.id_prv_per, label, "ID_PRV_PER")
        if number in self.person_ids:
            raise VendorDataError(
                f"{label} : une autre personne a déjà l'identifiant "
                f"ID_PRV_PER {number} ; chaque personne doit avoir le sien."
            )
        self.person_ids.add(number)
        if personne.adresse is not None:
            self._check_adresse(personne.adresse, label, "ADRESSE/")

    def _check_eleve(self, eleve: Eleve, label: str) -> None:
        self._require(
            eleve,
            (
                "id_prv_ele",
                "nom_de_famille",
                "prenom",
                "date_naiss",
                "code_pays",
                "adhesion_transport",
                "code_regime",
                "doublement",
            ),
            label,
        )
        number = self._id(eleve.id_prv_ele, label, "ID_PRV_ELE")
        if number in self.pupil_ids:
            raise VendorDataError(
                f"{label} : un autre élève a déjà l'identifiant ID_PRV_ELE "
                f"{number} ; chaque élève doit avoir le sien."
            )
        self.pupil_ids.add(number)
        for tag, seen in self.ines.items():
            value = getattr(eleve, tag.lower())
            if _given(value):
                if value in seen:
                    raise VendorDataError(
                        f"{label} : {tag} « {value} » est déjà celui d'un autre élève du fichier."
                    )
                seen.add(value)
        leaver = eleve.is_leaver
        if leaver:
            self.result.sortants += 1
            self._require(eleve, ("code_motif_sortie", "date_sortie"), label)
        else:
            self._require(
                eleve,
                (
                    "code_pays_nat",
                    "code_sexe",
                    "responsables_eleve",
                    "scolarite_active",
                    "etablissement_an_dernier",
                ),
                label,
            )
            if not (_given(eleve.code_commune_insee_naiss) or _given(eleve.ville_naiss)):
                raise VendorDataError(
                    f"{label} : le lieu de naissance manque "
                    "(CODE_COMMUNE_INSEE_NAISS en France, VILLE_NAISS "
                    "à l'étranger)."
                )
        if eleve.adresse is not None:
            self._check_adresse(eleve.adresse, label, "ADRESSE/")
        self._check_bourses(eleve, label)
        if eleve.responsables_eleve is not None:
            self._check_responsables(eleve.responsables_eleve, label)
        scolarite = eleve.scolarite_active
        if scolarite is not None:
            prefix = "SCOLARITE_ACTIVE/"
            self._require(scolarite, ("code_mef", "code_statut", "date_deb_sco"), label, prefix)
            if self.v2 and not leaver:
                self._require(scolarite, ("code_division",), label, prefix)
            if len(scolarite.options) > _MAX_OPTIONS:
                raise VendorDataError(
                    f"{label} : {len(scolarite.options)} options, SIECLE en "
                    f"accepte au plus {_MAX_OPTIONS}."
                )
            for option in scolarite.options:
                self._require(
                    option,
                    ("code_matiere", "code_modalite_elect"),
                    label,
                    prefix + "OPTIONS/OPTION/",
                )
            self.result.options += len(scolarite.options)
        previous = eleve.etablissement_an_dernier
        if previous is not None:
            prefix = "ETABLISSEMENT_AN_DERNIER/"
            self._require(previous, ("code_provenance",), label, prefix)
            if not (_given(previous.code_rne) or _given(previous.code_departement)):
                raise VendorDataError(
                    f"{label} : l'établissement de l'an dernier n'a ni "
                    "CODE_RNE ni CODE_DEPARTEMENT : il faut l'un ou l'autre."
                )
            codes = previous.options_an_dernier
            if len(codes) > _MAX_OPTIONS or not all(codes):
                raise VendorDataError(
                    f"{label} : les options de l'an dernier doivent être au "
                    f"plus {_MAX_OPTIONS} codes matière non vides."
                )

    def _check_bourses(self, eleve: Eleve, label: str) -> None:
        bourses = eleve.bourses or []
        if len(bourses) > _MAX_BOURSES:
            raise VendorDataError(
                f"{label} : {len(bourses)} bourses, SIECLE en accepte au plus {_MAX_BOURSES}."
            )
        codes: set[str] = set()
        for bourse in bourses:
            self._require(bourse, ("code_bourse", "nb_part"), label, "BOURSES/BOURSE/")
            if bourse.code_bourse in codes:
                raise VendorDataError(f"{label} : la bourse {bourse.code_bourse} figure deux fois.")
            codes.add(bourse.code_bourse)

    def _check_responsables(self, block: ResponsablesEleve, label: str) -> None:
        legaux = block.legaux()
        if not legaux:
            raise VendorDataError(
                f"{label} : aucun représentant légal ; SIECLE n'importe pas "
                "un élève sans représentant légal."
            )
        if len(legaux) > _MAX_LEGAL:
            raise VendorDataError(
                f"{label} : {len(legaux)} représentants légaux, SIECLE en "
                f"accepte au plus {_MAX_LEGAL} (les autres sont des personnes "
                "en charge ou des contacts)."
            )
        if self.v2:
            written = [("LEGAL", link) for link in legaux]
            self.result.liens_ignores += len(block.personne_en_charge) + len(block.contact)
            if len({link.id_prv_per for link in legaux}) < len(legaux):
                raise VendorDataError(
                    f"{label} : la même personne est indiquée deux fois comme représentant légal."
                )
        else:
            written = [("LEGAL", link) for link in legaux]
            written += [("PERSONNE_EN_CHARGE", link) for link in block.personne_en_charge]
            written += [("CONTACT", link) for link in block.contact]
        for role, link in written:
            self._check_lien(role, link, label)
        self.result.liens += len(written)

    def _check_lien(self, role: str, link: Lien, label: str) -> None:
        prefix = f"RESPONSABLES_ELEVE/{role}/"
        self._require(link, ("id_prv_per", "code_parente"), label, prefix)
        if role != "CONTACT" and not self.v2:
            self._require(link, ("heberge_eleve",), label, prefix)
        number = self._id(link.id_prv_per, f"{label}, lien {role}", "ID_PRV_PER")
        if number not in self.person_ids:
            raise VendorDataError(
                f"{label} : le responsable ID_PRV_PER {number} ({role}) "
                "n'est pas dans la liste des personnes du fichier."
            )
        code = link.code_parente
        if self.v2:
            if len(code) != 1 and code not in PARENTE_NEW_TO_OLD:
                raise VendorDataError(
                    f"{label} : CODE_PARENTE « {code} » ({role}) n'a pas "
                    "d'équivalent sur 1 caractère dans le schéma 2.0."
                )
        elif len(code) == 1 and code not in PARENTE_OLD_TO_NEW:
            raise VendorDataError(
                f"{label} : CODE_PARENTE « {code} » ({role}) sur 1 caractère "
                "n'est pas un code connu ; SIECLE attend un code sur 2 "
                "caractères (10 mère, 20 père...)."
            )
