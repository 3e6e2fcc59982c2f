"""Step 5 — the exports themselves: readable, of one school and one school year, of a year open in
SIECLE, complete, and when each was taken.

After the académie's May/June switch ("bascule") two school years are open in SIECLE — the current
one and the one in preparation — until the current one is closed. Exports may be taken from either,
so the year of the files is compared with the date the check is made at.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from .. import french
from ..french import year_label
from ..rules import Checkpoint, Status
from ..rules.context import CONTEXT_FILES, Context
from . import EXPORT_ACTION, DoctorRule, agree, enumerate_items, plural
from .context import Exclusion, ExportFile, exports_of, today_of

__all__ = [
    "ExportDates",
    "OpenYear",
    "Provided",
    "Readable",
    "SameSchool",
    "SameYear",
    "year_label",
    "year_status",
]

#: exports every readiness check needs, with their French names
CORE_EXPORTS = {"nomenclature": "Nomenclature", "structures": "Structures", "communs": "Communs"}
#: French names of the context exports
EXPORT_TITLES = {
    "nomenclature": "Nomenclature",
    "structures": "Structures",
    "communs": "Communs",
    "geographique": "Géographique",
    "etablissements": "Établissements",
    "eleves": "Élèves",
    "responsables": "Responsables",
}
#: how to take the exports again, to end an action
_AGAIN = (
    "refaites les exports (menu Exportations › En XML › génériques de BEE), sans renommer les "
    "fichiers."
)
_REEXPORT = f"Depuis la base de l'établissement et de l'année à préparer, {_AGAIN}"


def year_status(year: int, today: dt.date) -> tuple[Status, str]:
    """Whether SIECLE has the school year ``year`` open on ``today``, and why, in French.

    From September the year begun is the current one (the previous one may stay open a few weeks
    until the académie closes it). From May the académie performs the switch: the next year is
    then open too, "in preparation". Before May only the current year is open.
    """
    label, on = year_label(year), f"au {french.date(today)}"
    if today.month >= 9:
        current = today.year
        if year == current:
            return Status.OK, f"{label} : année en cours {on}."
        if year == current - 1:
            return (
                Status.WARNING,
                f"{label} : année précédente {on} ; elle reste ouverte dans SIECLE jusqu'à sa "
                f"clôture par l'académie, mais les échanges de la rentrée se font sur "
                f"{year_label(current)}.",
            )
    else:
        current = today.year - 1
        if year == current:
            return Status.OK, f"{label} : année en cours {on}."
        if year == current + 1 and today.month >= 5:
            switch = (
                " (ouverte dès que l'académie a fait la bascule de mai/juin)"
                if today.month < 7
                else ""
            )
            return Status.OK, f"{label} : année en préparation {on}{switch}."
    if year > current:
        return (
            Status.ERROR,
            f"{label} : cette année n'est pas encore ouverte dans SIECLE {on} (l'année en cours "
            f"est {year_label(current)} ; la suivante s'ouvre à la bascule de mai/juin).",
        )
    return (
        Status.ERROR,
        f"{label} : cette année n'est plus ouverte dans SIECLE {on} (l'année en cours est "
        f"{year_label(current)}) : un fichier pour cette année serait refusé au dépôt.",
    )


class Readable(DoctorRule):
    """Every file given can be read as a SIECLE file."""

    family = "FICHIERS_LISIBLES"
    title = "Fichiers lisibles"
    step = "fichiers"

    def check_exports(self, ctx: Context) -> Iterator[Checkpoint]:
        files = exports_of(ctx)
        bad = [f for f in files if f.excluded == Exclusion.UNREADABLE]
        if not bad:
            yield self.checkpoint(
                Status.OK, f"{plural(len(files), 'fichier')} {agree(len(files), 'lu')}."
            )
            return
        details = " ".join(f.error or f"{f.path} : illisible." for f in bad)
        yield self.checkpoint(
            Status.ERROR,
            f"{plural(len(bad), 'fichier')} sur {len(files)} {agree(len(bad), 'illisible')}, "
            f"{agree(len(bad), 'mis')} de côté : {details}",
            f"{EXPORT_ACTION} : refaites ces exports et donnez les fichiers tels que SIECLE les "
            "produit (zip ou XML, sans les ouvrir ni les modifier).",
        )


def _readable(ctx: Context) -> list[ExportFile]:
    return [f for f in exports_of(ctx) if f.kind in CONTEXT_FILES]


class SameSchool(DoctorRule):
    """Every export is of the school of the context."""

    family = "MEME_UAI"
    title = "Même établissement (UAI) pour tous les exports"
    step = "fichiers"

    def check_exports(self, ctx: Context) -> Iterator[Checkpoint]:
        files = _readable(ctx)
        others = [f for f in files if f.excluded == Exclusion.OTHER_SCHOOL]
        if not others:
            yield self.checkpoint(Status.OK, f"{ctx.uai} pour {plural(len(files), 'export')}.")
            return
        found = Counter(f.uai or "sans UAJ" for f in others)
        listed = enumerate_items(f"{f.name} ({f.uai or 'UAJ absent'})" for f in others)
        yield self.checkpoint(
            Status.ERROR,
            f"Les exports sont de l'établissement {ctx.uai}, sauf {listed} : "
            f"{plural(len(others), 'fichier')} mis de côté (UAI trouvées : "
            f"{', '.join(sorted(found))}).",
            f"Connectez-vous à SIECLE sur l'établissement {ctx.uai} (UAI affiché en haut de "
            f"l'écran), puis {_AGAIN}",
        )


class SameYear(DoctorRule):
    """Every export of the school is of the same school year."""

    family = "MEME_ANNEE"
    title = "Même année scolaire pour tous les exports"
    step = "fichiers"

    def check_exports(self, ctx: Context) -> Iterator[Checkpoint]:
        files = [f for f in _readable(ctx) if f.excluded != Exclusion.OTHER_SCHOOL]
        others = [f for f in files if f.excluded == Exclusion.OTHER_YEAR]
        label = year_label(ctx.school_year)
        if not others:
            yield self.checkpoint(Status.OK, f"{label} pour {plural(len(files), 'export')}.")
            return
        listed = enumerate_items(
            f"{f.name} ({year_label(f.school_year) if f.school_year else 'année absente'})"
            for f in others
        )
        yield self.checkpoint(
            Status.ERROR,
            f"Les exports sont de l'année {label}, sauf {listed} : mis de côté, car les codes "
            "des structures, des MEF et des options changent d'une année à l'autre.",
            "Dans SIECLE, choisissez l'année à préparer (deux années sont ouvertes après la "
            f"bascule), puis {_AGAIN}",
        )


class OpenYear(DoctorRule):
    """The school year of the exports is open in SIECLE today."""

    family = "ANNEE_OUVERTE"
    title = "Année scolaire ouverte dans SIECLE"
    step = "fichiers"

    def check_exports(self, ctx: Context) -> Iterator[Checkpoint]:
        if not ctx.school_year.isdigit():
            yield self.checkpoint(
                Status.ERROR,
                f"Année scolaire « {ctx.school_year} » illisible dans l'en-tête des exports.",
                _REEXPORT,
            )
            return
        status, reason = year_status(int(ctx.school_year), today_of(ctx))
        yield self.checkpoint(
            status,
            reason,
            "Les étapes de la rentrée se font sur l'année en préparation, puis sur l'année en "
            f"cours : choisissez-la dans SIECLE, puis {_AGAIN}",
        )


class Provided(DoctorRule):
    """The exports the readiness checks need were given."""

    family = "EXPORTS_FOURNIS"
    title = "Exports nécessaires fournis"
    step = "fichiers"

    def check_exports(self, ctx: Context) -> Iterator[Checkpoint]:
        given = [EXPORT_TITLES[k] for k in CONTEXT_FILES if k in ctx.available]
        missing = [title for key, title in CORE_EXPORTS.items() if key not in ctx.available]
        note = (
            ""
            if "eleves" in ctx.available
            else " Sans export Élèves, les fiches des élèves ne sont pas vérifiées."
        )
        if not missing:
            yield self.checkpoint(Status.OK, f"{enumerate_items(given, 10)}.{note}")
            return
        yield self.checkpoint(
            Status.WARNING,
            f"Manque : {enumerate_items(missing)} (fournis : "
            f"{enumerate_items(given, 10) or 'aucun'}). Les étapes correspondantes ne sont pas "
            f"vérifiées.{note}",
            f"{EXPORT_ACTION} : exportez {enumerate_items(missing)} et relancez avec tous les "
            "exports.",
        )


_KIND_ORDER = {kind: index for index, kind in enumerate(CONTEXT_FILES)}


def _stamp(file: ExportFile) -> str:
    if file.exported is None:
        return "date d'export absente de l'en-tête"
    if file.exported.time() == dt.time(0, 0):
        return f"exporté le {file.exported:%d/%m/%Y}"
    return f"exporté le {file.exported:%d/%m/%Y à %H:%M:%S}"


class ExportDates(DoctorRule):
    """One line per readable file: its kind and its export date; set-aside files say why."""

    family = "DATES_EXPORT"
    title = "Date de chaque export"
    step = "fichiers"

    def check_exports(self, ctx: Context) -> Iterator[Checkpoint]:
        files = sorted(
            (f for f in exports_of(ctx) if f.excluded != Exclusion.UNREADABLE),
            key=lambda f: (_KIND_ORDER.get(f.kind or "", len(_KIND_ORDER)), f.name, str(f.path)),
        )
        used = {f.kind: f for f in files if f.used}
        for file in files:
            yield self._line(file, used)

    def _line(self, file: ExportFile, used: dict[str | None, ExportFile]) -> Checkpoint:
        label = f"Export {file.title} ({file.name})"
        stamp = _stamp(file)
        header = (
            f"{stamp}, établissement {file.uai or '?'}, année {year_label(file.school_year or '?')}"
        )
        if file.excluded == Exclusion.OLDER:
            newer = used.get(file.kind)
            name = newer.name if newer else "un autre"
            why = (
                "a la même date d'export et le remplace"
                if newer is not None and newer.exported == file.exported
                else "est plus récent"
            )
            return self.checkpoint(
                Status.WARNING,
                f"{header} ; non utilisé : l'export {file.title} {name} {why}.",
                "Ne donnez que le dernier export de chaque sorte.",
                label,
            )
        if file.excluded == Exclusion.OTHER_KIND:
            return self.checkpoint(
                Status.WARNING,
                f"{header} ; ce fichier ({file.title}) n'est pas un export utilisé par ce "
                "diagnostic : il est ignoré.",
                "Pour contrôler un fichier d'import du privé, utilisez « siecle check ».",
                label,
            )
        if file.excluded in (Exclusion.OTHER_SCHOOL, Exclusion.OTHER_YEAR):
            return self.checkpoint(
                Status.WARNING,
                f"{header} ; non utilisé : "
                + (
                    "autre établissement (voir plus haut)."
                    if file.excluded == Exclusion.OTHER_SCHOOL
                    else "autre année scolaire (voir plus haut)."
                ),
                "",
                label,
            )
        if file.exported is None:
            return self.checkpoint(
                Status.WARNING,
                f"{header} : impossible de savoir quand il a été pris.",
                _REEXPORT,
                label,
            )
        nomenclature = used.get("nomenclature")
        if (
            file.kind == "structures"
            and nomenclature is not None
            and nomenclature.exported is not None
            and file.exported < nomenclature.exported
        ):
            return self.checkpoint(
                Status.WARNING,
                f"{header}, avant l'export Nomenclature ({_stamp(nomenclature)}) : les "
                "structures ne reflètent peut-être pas le dernier profilage.",
                f"{EXPORT_ACTION} : exportez Structures après Nomenclature (dans cet ordre : "
                "Nomenclature, Communs, puis Structures).",
                label,
            )
        return self.checkpoint(Status.OK, f"{header}.", label=label)
