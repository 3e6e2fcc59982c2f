"""The académie's calendar: when SIECLE integrates a deposited file and when its result is readable.

SIECLE does not integrate an import du privé when it is deposited: the file waits in temporary
tables, and the académie runs the integration on a schedule. The seed guide (académie de Créteil):
one integration at 21h45 each night, integrations and their anomalies readable from about 14h the
next day, generic exports allowed from 8h to 20h. And: "lors de plusieurs chargements consécutifs
dans la même demi-journée, seul le dernier fichier déposé est conservé dans les tables temporaires
d'accueil" — a file deposited in the morning is replaced by any later deposit before 12h00, one
deposited in the afternoon by any later deposit before midnight, as long as no integration ran in
between.

Every time is SIECLE's, Europe/Paris, whatever the machine's zone. Nothing here reads the clock:
the moment is always given (``now``), so that what is computed can be tested at any hour.

An académie other than Créteil is described by a settings file (TOML), given with ``--academie``
or the ``SIECLE_ACADEMIE`` variable, or found as ``academie.toml`` in the user's data folder::

    nom = "Lille"
    integrations = ["02:30", "14:30"]   # times of the integration runs, each day
    resultats = "15:00"                 # results readable from the first such time after a run
    exports = ["08:00", "18:00"]        # generic exports allowed in this window
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from .errors import UnusableInput

__all__ = [
    "CRETEIL",
    "ENV_VAR",
    "PARIS",
    "SETTINGS_FILE",
    "Academie",
    "HalfDay",
    "as_paris",
    "load_academie",
    "parse_now",
    "superseded_indexes",
]

#: SIECLE's time zone
PARIS = ZoneInfo("Europe/Paris")
#: environment variable naming the académie (``creteil``) or its settings file
ENV_VAR = "SIECLE_ACADEMIE"
#: settings file looked for in the user's data folder
SETTINGS_FILE = "academie.toml"


def as_paris(moment: dt.datetime) -> dt.datetime:
    """``moment`` in Europe/Paris; a naive moment is taken as already in Paris time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=PARIS)
    return moment.astimezone(PARIS)


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    """``day`` at ``time``, Paris; a time that does not exist (spring DST) moves past the gap."""
    naive = dt.datetime.combine(day, time)
    local = naive.replace(tzinfo=PARIS)
    # round trip through UTC: a wall time in the spring gap comes back one hour later
    return local.astimezone(dt.UTC).astimezone(PARIS)


def _hhmm(moment: dt.datetime | dt.time) -> str:
    return f"{moment.hour}h{moment.minute:02d}" if moment.minute else f"{moment.hour}h"


def _day(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@dataclass(frozen=True, order=True)
class HalfDay:
    """A half-day of SIECLE's calendar: the morning (before 12h00) or the afternoon of a day."""

    day: dt.date
    afternoon: bool

    @classmethod
    def of(cls, moment: dt.datetime) -> HalfDay:
        """The half-day ``moment`` falls in (Paris time)."""
        local = as_paris(moment)
        return cls(local.date(), local.hour >= 12)

    @property
    def end(self) -> dt.datetime:
        """When the half-day ends: 12h00, or midnight of the next day."""
        if self.afternoon:
            return _at(self.day + dt.timedelta(days=1), dt.time(0, 0))
        return _at(self.day, dt.time(12, 0))

    def label(self) -> str:
        """``matin du 05/09/2019`` / ``après-midi du 05/09/2019``."""
        return f"{'après-midi' if self.afternoon else 'matin'} du {_day(self.day)}"


@dataclass(frozen=True)
class Academie:
    """An académie's schedule of the import du privé and of the generic exports."""

    name: str
    #: times of the integration runs, every day (Paris)
    integrations: tuple[dt.time, ...] = (dt.time(21, 45),)
    #: the result of a run is readable from the first such time after it
    results: dt.time = dt.time(14, 0)
    #: generic exports allowed from ``exports_from`` to ``exports_until``
    exports_from: dt.time = dt.time(8, 0)
    exports_until: dt.time = dt.time(20, 0)

    def __post_init__(self) -> None:
        if not self.integrations:
            raise UnusableInput(f"Académie {self.name} : aucune heure d'intégration.")
        if self.exports_from >= self.exports_until:
            raise UnusableInput(
                f"Académie {self.name} : la plage des exports doit commencer avant de finir."
            )

    # --- integration runs -----------------------------------------------------------------
    def next_run(self, deposited: dt.datetime) -> dt.datetime:
        """The integration run that takes a file deposited at ``deposited``: the first run
        strictly after it (a file deposited at 21h45 waits for the next night)."""
        local = as_paris(deposited)
        for offset in range(3):
            day = local.date() + dt.timedelta(days=offset)
            for time in sorted(self.integrations):
                run = _at(day, time)
                if run > local:
                    return run
        raise AssertionError("an integration run every day")  # pragma: no cover

    def results_at(self, run: dt.datetime) -> dt.datetime:
        """When the compte-rendu of ``run`` can be read: the first results time after it."""
        local = as_paris(run)
        for offset in range(3):
            moment = _at(local.date() + dt.timedelta(days=offset), self.results)
            if moment > local:
                return moment
        raise AssertionError("a results time every day")  # pragma: no cover

    def same_batch(self, earlier: dt.datetime, later: dt.datetime) -> bool:
        """Whether a deposit at ``later`` replaces one at ``earlier``: same half-day, and no
        integration ran between them."""
        return (
            as_paris(earlier) <= as_paris(later)
            and HalfDay.of(earlier) == HalfDay.of(later)
            and self.next_run(earlier) == self.next_run(later)
        )

    # --- exports ----------------------------------------------------------------------------
    def exports_open(self, now: dt.datetime) -> bool:
        """Whether a generic export can be asked for at ``now``."""
        time = as_paris(now).time()
        return self.exports_from <= time < self.exports_until

    def exports_window(self) -> str:
        """``de 8h à 20h``."""
        return f"de {_hhmm(self.exports_from)} à {_hhmm(self.exports_until)}"

    # --- what SIECLE will do, in French -------------------------------------------------------
    def fate(self, deposited: dt.datetime, now: dt.datetime | None = None) -> list[str]:
        """What SIECLE does with a file deposited at ``deposited``, in French, relative to
        ``now`` (``ce soir``, ``demain``) when given, else with dates."""
        half = HalfDay.of(deposited)
        limit = "12h00" if not half.afternoon else "minuit"
        when = "avant midi" if not half.afternoon else "après midi"
        run = self.next_run(deposited)
        if run < half.end:
            limit = _hhmm(run)
        results = self.results_at(run)
        return [
            f"déposé {when} : sera remplacé par tout nouveau dépôt avant {limit}",
            f"intégré {self._when(run, now)} à {_hhmm(run)}, compte-rendu vers "
            f"{_hhmm(results)} {self._day_word(results, now)}",
        ]

    @staticmethod
    def _when(run: dt.datetime, now: dt.datetime | None) -> str:
        if now is not None:
            today = as_paris(now).date()
            if run.date() == today:
                return "cette nuit" if run.hour >= 18 else "aujourd'hui"
            if run.date() == today + dt.timedelta(days=1):
                if run.hour < 6:
                    return "la nuit prochaine"
                return "demain soir" if run.hour >= 18 else "demain"
        return f"le {_day(run.date())}"

    @staticmethod
    def _day_word(moment: dt.datetime, now: dt.datetime | None) -> str:
        if now is not None:
            today = as_paris(now).date()
            if moment.date() == today:
                return "aujourd'hui"
            if moment.date() == today + dt.timedelta(days=1):
                return "demain"
        return f"le {_day(moment.date())}"

    def describe(self) -> str:
        """The schedule in one French sentence."""
        runs = ", ".join(_hhmm(t) for t in sorted(self.integrations))
        return (
            f"académie de {self.name} : intégration à {runs}, compte-rendu vers "
            f"{_hhmm(self.results)} après l'intégration, exports {self.exports_window()}"
        )


#: the seed guide's académie, the default
CRETEIL = Academie("Créteil")

_KNOWN = {"creteil": CRETEIL, "créteil": CRETEIL}


def superseded_indexes(academie: Academie, deposits: Sequence[dt.datetime]) -> dict[int, int]:
    """Index of each replaced deposit -> index of the deposit that replaces it (the last of its
    half-day before the next run). ``deposits`` in any order."""
    order = sorted(range(len(deposits)), key=lambda i: as_paris(deposits[i]))
    replaced: dict[int, int] = {}
    for position, index in enumerate(order):
        for later in reversed(order[position + 1 :]):
            if academie.same_batch(deposits[index], deposits[later]):
                replaced[index] = later
                break
    return replaced


def parse_now(text: str) -> dt.datetime:
    """``--now``: ``2019-09-05T11:30``, ``2019-09-05 11:30:00`` (Paris time) or with an offset."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise UnusableInput(
            f"--now « {text} » n'est pas une date et une heure (par exemple 2019-09-05T11:30)."
        ) from None
    return as_paris(moment)


def _time(value: object, key: str, source: Path) -> dt.time:
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError:
        raise UnusableInput(
            f'{source} : « {key} » doit être une heure (par exemple "21:45"), pas « {value} ».'
        ) from None


def _from_file(path: Path) -> Academie:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UnusableInput(
            f"Réglages de l'académie illisibles : {path} ({exc.strerror})."
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UnusableInput(f"Réglages de l'académie mal écrits : {path} ({exc}).") from None
    unknown = set(data) - {"nom", "integrations", "resultats", "exports"}
    if unknown:
        raise UnusableInput(f"{path} : réglage(s) inconnu(s) : {', '.join(sorted(unknown))}.")
    runs = data.get("integrations", ["21:45"])
    exports = data.get("exports", ["08:00", "20:00"])
    if not isinstance(runs, list) or not isinstance(exports, list) or len(exports) != 2:
        raise UnusableInput(
            f"{path} : « integrations » est une liste d'heures, « exports » une liste de deux "
            "heures (début, fin)."
        )
    return Academie(
        name=str(data.get("nom", path.stem)),
        integrations=tuple(_time(t, "integrations", path) for t in runs),
        results=_time(data.get("resultats", "14:00"), "resultats", path),
        exports_from=_time(exports[0], "exports", path),
        exports_until=_time(exports[1], "exports", path),
    )


def load_academie(choice: str | None = None, data_folder: Path | None = None) -> Academie:
    """The académie named by ``choice`` (``creteil`` or a settings file), else by
    ``$SIECLE_ACADEMIE``, else ``academie.toml`` in ``data_folder``, else Créteil."""
    choice = choice or os.environ.get(ENV_VAR) or None
    if choice:
        known = _KNOWN.get(choice.strip().lower())
        if known is not None:
            return known
        path = Path(choice).expanduser()
        if not path.is_file():
            raise UnusableInput(
                f"Académie « {choice} » inconnue : donnez « creteil » ou le chemin d'un fichier "
                f"de réglages ({SETTINGS_FILE})."
            )
        return _from_file(path)
    if data_folder is not None and (data_folder / SETTINGS_FILE).is_file():
        return _from_file(data_folder / SETTINGS_FILE)
    return CRETEIL
