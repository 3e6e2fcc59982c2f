"""The file a school deposits in SIECLE: an ``IMPORT_ELEVES`` XML in a zip named by SIECLE's rule.

Name: ``<UAI>PRIVE<school year, 4 digits><AAMMJJhhmmss>`` (29 characters), the same for the zip and
the one XML inside it. The 4-digit year is the school year the file feeds (never today's year); the
12 digits are the build time on a 24-hour clock. The zip is built under a temporary name and moved
into place complete.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import CountMismatch, UnusableInput, VendorDataError
from ..identifiers import uai_problem
from ..io.writer import atomic_write
from ..models.import_eleves import Parametres
from ..plugin.adapter import School
from .import_writer import ImportWriteResult, write_import

__all__ = [
    "Draft",
    "Package",
    "build_package",
    "check_school",
    "deposit_name",
    "drafted",
    "zip_draft",
]

MAX_SOFTWARE = 10


def deposit_name(uai: str, school_year: str, when: dt.datetime) -> str:
    """Base name of the deposit: ``0750680GPRIVE2019190905143012``."""
    return f"{uai}PRIVE{school_year}{when:%y%m%d%H%M%S}"


@dataclass
class Package:
    """The deposit built by :func:`build_package`."""

    zip_path: Path
    xml_name: str
    written: ImportWriteResult


def check_school(school: School, software: str, send_number: int) -> None:
    """Refuse what SIECLE would refuse in the deposit's name and header, before any write."""
    problem = uai_problem(school.uai or "")
    if problem:
        raise VendorDataError(f"Établissement : {problem}. Corrigez l'UAI dans le logiciel.")
    if not (school.school_year or "").isdigit() or len(school.school_year) != 4:
        raise VendorDataError(
            f"Établissement : année scolaire « {school.school_year} » invalide "
            "(attendu l'année de rentrée sur 4 chiffres, par ex. 2019)."
        )
    if not software or len(software) > MAX_SOFTWARE:
        raise VendorDataError(
            f"Nom du logiciel « {software} » invalide : SIECLE attend 1 à "
            f"{MAX_SOFTWARE} caractères, toujours les mêmes pour l'établissement."
        )
    if not 0 <= send_number <= 99999:
        raise VendorDataError(f"Numéro d'envoi {send_number} hors de l'intervalle 0 à 99999.")


@dataclass
class Draft:
    """The written ``IMPORT_ELEVES`` file of a deposit, not zipped yet."""

    school: School
    xml_path: Path
    written: ImportWriteResult
    #: the build time in the deposit's name
    when: dt.datetime
    #: whether ``when`` was given (then a taken name is refused, not moved to the next second)
    fixed: bool


def zip_draft(draft: Draft, out_dir: Path) -> Package:
    """Put the draft alone in the deposit zip in ``out_dir``, under a name no file has yet."""
    school, when = draft.school, draft.when
    while True:
        base = deposit_name(school.uai, school.school_year, when)
        zip_path = out_dir / f"{base}.zip"
        try:
            _zip_new(draft.xml_path, zip_path, f"{base}.xml")
        except FileExistsError:
            if draft.fixed:
                raise UnusableInput(
                    f"Le fichier {zip_path} existe déjà : il n'est pas remplacé (un autre "
                    "envoi porte ce nom). Relancez la commande."
                ) from None
            # SIECLE names a deposit to the second: the next free second gives a new name
            when = _next_second(when)
            continue
        return Package(zip_path, f"{base}.xml", draft.written)


@contextmanager
def drafted(
    school: School,
    out_dir: Path,
    *,
    software: str,
    send_number: int,
    when: dt.datetime | None = None,
    version: str = "3.1",
    template_dirs: tuple[Path, ...] = (),
    validate: bool = True,
) -> Iterator[Draft]:
    """The school checked, then its import file written under the deposit's name in a private
    folder of ``out_dir`` (the same file system as the zip), removed when the block ends; every
    pupil and person read must have been written."""
    check_school(school, software, send_number)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".siecle-", dir=out_dir) as work:
        fixed = when is not None
        when = when or dt.datetime.now().replace(microsecond=0)
        parametres = Parametres(
            uaj=school.uai,
            annee_scolaire=school.school_year,
            date_import=when.date(),
            num_envoi=str(send_number),
            logiciel=software,
        )
        xml_path = Path(work) / f"{deposit_name(school.uai, school.school_year, when)}.xml"
        written = write_import(
            xml_path,
            parametres,
            school.persons,
            school.pupils,
            version=version,
            template_dirs=template_dirs,
            validate=validate,
        )
        expected = {"personnes": len(school.persons), "eleves": len(school.pupils)}
        got = {"personnes": written.personnes, "eleves": written.eleves}
        if expected != got:
            raise CountMismatch(
                f"Lus dans le logiciel : {expected} ; écrits : {got}. "
                "Aucun fichier n'a été produit."
            )
        yield Draft(school, xml_path, written, when, fixed)


def build_package(
    school: School,
    out_dir: Path,
    *,
    software: str,
    send_number: int,
    when: dt.datetime | None = None,
    version: str = "3.1",
    template_dirs: tuple[Path, ...] = (),
) -> Package:
    """Write the deposit zip for ``school`` into ``out_dir``; check counts and the XSD."""
    with drafted(
        school,
        out_dir,
        software=software,
        send_number=send_number,
        when=when,
        version=version,
        template_dirs=template_dirs,
    ) as draft:
        return zip_draft(draft, out_dir)


def _zip_new(xml_path: Path, zip_path: Path, member: str) -> None:
    """The zip holding ``xml_path`` as ``member``, under a name no file has yet."""
    with (
        atomic_write(zip_path, replace=False) as handle,
        zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        archive.write(xml_path, arcname=member)


def _next_second(after: dt.datetime) -> dt.datetime:
    """The current time, once it is past ``after``'s second."""
    while True:
        now = dt.datetime.now().replace(microsecond=0)
        if now > after:
            return now
        time.sleep(1.0 - dt.datetime.now().microsecond / 1e6 + 0.001)
