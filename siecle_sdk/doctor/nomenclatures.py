"""Step 3 — nomenclatures selected and profiled.

The Nomenclature export holds what the school profiled: the MEFs it selected for enrolment
(``INSCRIPTION_ETAB`` / ``MEF_SELECTIONNE``), the MEFs selected as previous-year formations
(``MEF_ORIGINE`` / ``MEF_SELORIG``), the matières selected, and — once the school clicked the
profiling button, « Exporter vers STS-WEB » in the académie guide's screens (« Lancer le
profilage » in older ones) — each MEF's programme (``PROGRAMMES``) and compulsory-option ranks
(``OPTIONS_OBLIGATOIRES``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..models.nomenclature import Mef, Nomenclature
from ..rules import Checkpoint, Status
from ..rules.context import Context
from . import DoctorRule, agree, enumerate_items, plural
from .context import nomenclature_of

__all__ = [
    "CompulsoryOptions",
    "EnrolmentMefs",
    "FineProfiling",
    "OptionalSubjects",
    "OriginMefs",
    "Programmes",
    "mef_name",
]

_WHERE = "Dans l'application Nomenclatures de SIECLE"
_PROFILE = (
    "cliquez sur « Exporter vers STS-WEB » (le profilage, « Lancer le profilage » dans les "
    "anciens écrans), puis refaites l'export Nomenclature"
)


def mef_name(mef: Mef | None, code: str) -> str:
    """``20010018110 (2NDE)``: the code and the formation mnemonic when known."""
    formation = (mef.formation or "").strip() if mef is not None else ""
    return f"{code} ({formation})" if formation else code


def enrolment_mefs(data: Nomenclature) -> list[Mef]:
    """MEFs selected for enrolment, in file order."""
    return [m for m in data.mefs if m.inscription_etab is True or m.mef_selectionne is True]


class _NomenclatureRule(DoctorRule):
    step = "nomenclatures"
    needs = frozenset({"nomenclature"})

    def check_exports(self, ctx: Context) -> Iterator[Checkpoint]:
        data = nomenclature_of(ctx)
        if data is not None:
            yield from self.check_nomenclature(data, ctx)

    def check_nomenclature(self, data: Nomenclature, ctx: Context) -> Iterator[Checkpoint]:
        """The lines of the check, from the whole Nomenclature export."""
        return iter(())


class EnrolmentMefs(_NomenclatureRule):
    """At least one MEF is selected for enrolment, and none of them is closed."""

    family = "MEF_SCOLARISATION"
    title = "MEF de scolarisation sélectionnés"

    def check_nomenclature(self, data: Nomenclature, ctx: Context) -> Iterator[Checkpoint]:
        selected = enrolment_mefs(data)
        action = (
            f"{_WHERE}, sélectionnez les MEF de scolarisation de l'année (validez la page même "
            f"sans changement), puis {_PROFILE}."
        )
        if not selected:
            yield self.checkpoint(
                Status.ERROR,
                f"Aucun des {plural(len(data.mefs), 'MEF', 'MEF')} de l'export n'est sélectionné "
                "pour l'inscription : aucun élève ne peut y être scolarisé.",
                action,
            )
            return
        names = [mef_name(m, m.code_mef or "") for m in selected]
        found = f"{plural(len(selected), 'MEF', 'MEF')} : {enumerate_items(names, 8)}"
        if ctx.school_year.isdigit():
            start = dt.date(int(ctx.school_year), 9, 1)
            closed = [
                mef_name(m, m.code_mef or "")
                for m in selected
                if isinstance(m.date_fermeture, dt.date) and m.date_fermeture < start
            ]
            if closed:
                yield self.checkpoint(
                    Status.WARNING,
                    f"{found} ; fermés avant la rentrée : {enumerate_items(closed)}.",
                    f"{_WHERE}, retirez les MEF fermés de la sélection, puis {_PROFILE}.",
                )
                return
        yield self.checkpoint(Status.OK, f"{found}.")


class OriginMefs(_NomenclatureRule):
    """At least one MEF is selected as MEF d'origine (previous-year formations)."""

    family = "MEF_ORIGINE"
    title = "MEF d'origine sélectionnés"

    def check_nomenclature(self, data: Nomenclature, ctx: Context) -> Iterator[Checkpoint]:
        selected = [m for m in data.mefs if m.mef_origine is True or m.mef_selorig is True]
        if selected:
            count = len(selected)
            yield self.checkpoint(
                Status.OK,
                f"{plural(count, 'MEF', 'MEF')} d'origine {agree(count, 'sélectionné')}.",
            )
            return
        yield self.checkpoint(
            Status.ERROR,
            "Aucun MEF d'origine : le MEF de l'année précédente de chaque élève est contrôlé sur "
            "cette liste, les fiches seraient importées avec une anomalie (MEFAD) et bloquées.",
            f"{_WHERE}, sélectionnez les MEF d'origine (formations suivies l'an dernier par les "
            "élèves, y compris ceux venant d'autres établissements), puis refaites l'export "
            "Nomenclature.",
        )


class OptionalSubjects(_NomenclatureRule):
    """Matières are selected, every matière a programme uses is selected, and some are optional."""

    family = "MATIERES_OPTION"
    title = "Matières optionnelles sélectionnées"

    def check_nomenclature(self, data: Nomenclature, ctx: Context) -> Iterator[Checkpoint]:
        action = (
            f"{_WHERE}, sélectionnez les matières enseignées en option (facultatives comprises), "
            f"puis {_PROFILE}."
        )
        selected = {(m.code_matiere or "").strip() for m in data.matieres} - {""}
        if not selected:
            yield self.checkpoint(
                Status.ERROR, "Aucune matière dans l'export Nomenclature.", action
            )
            return
        enrolment = {m.code_mef for m in enrolment_mefs(data)}
        used = {
            (p.code_matiere or "").strip() for p in data.programmes if p.code_mef in enrolment
        } | {
            (o.code_matiere or "").strip()
            for o in data.options_obligatoires
            if o.code_mef in enrolment
        }
        unknown = sorted(used - selected - {""})
        if unknown:
            yield self.checkpoint(
                Status.ERROR,
                f"Matières des programmes non sélectionnées : {enumerate_items(unknown)} ; les "
                "options des élèves dans ces matières seraient ignorées.",
                action,
            )
            return
        optional = {
            (p.code_matiere or "").strip()
            for p in data.programmes
            if p.code_mef in enrolment and (p.code_modalite_elect or "").strip() == "F"
        }
        found = (
            f"{plural(len(selected), 'matière')} {agree(len(selected), 'sélectionnée')}, dont "
            f"{plural(len(optional), 'matière')} en option facultative"
        )
        if enrolment and not optional:
            yield self.checkpoint(
                Status.WARNING,
                f"{found} : les options facultatives des élèves (langues anciennes, arts…) "
                "seraient ignorées.",
                action,
            )
            return
        yield self.checkpoint(Status.OK, f"{found}.")


class Programmes(_NomenclatureRule):
    """Every MEF selected for enrolment has a programme (profiling was run)."""

    family = "PROGRAMMES"
    title = "Programme de chaque MEF sélectionné"

    def check_nomenclature(self, data: Nomenclature, ctx: Context) -> Iterator[Checkpoint]:
        selected = enrolment_mefs(data)
        with_programme = {p.code_mef for p in data.programmes}
        missing = [
            mef_name(m, m.code_mef or "") for m in selected if m.code_mef not in with_programme
        ]
        if not selected:
            yield self.checkpoint(Status.OK, "Aucun MEF sélectionné : rien à vérifier.")
        elif missing:
            yield self.checkpoint(
                Status.ERROR,
                f"Sans programme : {enumerate_items(missing)} ; le profilage n'a pas été lancé "
                "après leur sélection, les options des élèves ne peuvent pas être contrôlées.",
                f"{_WHERE}, {_PROFILE}.",
            )
        else:
            yield self.checkpoint(
                Status.OK,
                f"{plural(len(selected), 'MEF', 'MEF')} avec programme "
                f"({plural(len(data.programmes), 'ligne')}).",
            )


class CompulsoryOptions(_NomenclatureRule):
    """Each rank of compulsory option of each selected MEF offers at least one matière."""

    family = "OPTIONS_OBLIGATOIRES"
    title = "Options obligatoires de chaque MEF sélectionné"

    def check_nomenclature(self, data: Nomenclature, ctx: Context) -> Iterator[Checkpoint]:
        offered: dict[tuple[str, int], int] = {}
        for row in data.options_obligatoires:
            if isinstance(row.rang_option, int):
                key = (row.code_mef or "", row.rang_option)
                offered[key] = offered.get(key, 0) + 1
        incomplete = []
        ranks = 0
        for mef in enrolment_mefs(data):
            count = mef.nb_opt_oblig if isinstance(mef.nb_opt_oblig, int) else 0
            ranks += count
            empty = [r for r in range(1, count + 1) if not offered.get((mef.code_mef or "", r))]
            if empty:
                listed = ", ".join(str(r) for r in empty)
                incomplete.append(
                    f"{mef_name(mef, mef.code_mef or '')} {agree(len(empty), 'rang')} {listed}"
                )
        if incomplete:
            yield self.checkpoint(
                Status.ERROR,
                f"Rangs d'option obligatoire sans aucune matière : {enumerate_items(incomplete)} ; "
                "les élèves de ces MEF seraient signalés (options obligatoires manquantes).",
                f"{_WHERE}, sélectionnez les matières de ces options, puis {_PROFILE}.",
            )
        else:
            yield self.checkpoint(
                Status.OK,
                f"{plural(ranks, 'rang')} d'option obligatoire, chacun avec au moins une matière."
                if ranks
                else "Aucun MEF sélectionné n'exige d'option obligatoire.",
            )


class FineProfiling(_NomenclatureRule):
    """Every selected matière is profiled on at least one MEF of enrolment (profilage fin par
    MEF): a matière selected but attached to no MEF's programme cannot be taken by any pupil."""

    family = "PROFILAGE_MEF"
    title = "Profilage fin par MEF"

    def check_nomenclature(self, data: Nomenclature, ctx: Context) -> Iterator[Checkpoint]:
        selected = enrolment_mefs(data)
        if not selected:
            yield self.checkpoint(Status.OK, "Aucun MEF sélectionné : rien à vérifier.")
            return
        enrolment = {m.code_mef for m in selected}
        per_mef: dict[str, set[str]] = {code or "": set() for code in enrolment}
        for row in data.programmes:
            if row.code_mef in enrolment and (row.code_modalite_elect or "").strip() in _OPTIONAL:
                per_mef[row.code_mef or ""].add((row.code_matiere or "").strip())
        attached = {
            (p.code_matiere or "").strip() for p in data.programmes if p.code_mef in enrolment
        } | {
            (o.code_matiere or "").strip()
            for o in data.options_obligatoires
            if o.code_mef in enrolment
        }
        names = {(m.code_matiere or "").strip(): m for m in data.matieres}
        loose = sorted(set(names) - attached - {""})
        if loose:
            listed = [
                f"{code} ({(names[code].libelle_long or '').strip()})"
                if (names[code].libelle_long or "").strip()
                else code
                for code in loose
            ]
            yield self.checkpoint(
                Status.WARNING,
                f"Matières sélectionnées rattachées à aucun MEF de scolarisation : "
                f"{enumerate_items(listed)} ; aucun élève ne pourra les suivre en option.",
                f"{_WHERE}, faites le profilage fin par MEF (rattachez ces matières aux MEF qui "
                f"les enseignent, ou retirez-les de la sélection), puis {_PROFILE}.",
            )
            return
        with_options = sum(1 for matieres in per_mef.values() if matieres)
        yield self.checkpoint(
            Status.OK,
            f"Chaque matière sélectionnée est rattachée à un MEF ; "
            f"{plural(with_options, 'MEF', 'MEF')} sur {len(selected)} "
            f"{'proposent' if with_options > 1 else 'propose'} des options.",
        )


#: modalités d'élection of an option (compulsory, facultative, either)
_OPTIONAL = frozenset({"O", "F", "N"})
