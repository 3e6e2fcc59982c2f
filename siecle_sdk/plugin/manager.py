"""Finding, loading and calling plugins (formats, rules, vendor adapters, template folders).

Plugins come from the ``siecle_sdk`` entry-point group and are loaded lazily, on first use, one at a
time: a plugin that fails to import or does not match the hook specifications is recorded as broken
with the reason, and every other plugin keeps working. Environment switches:

``SIECLE_PLUGINS``
    comma-separated entry-point names to load (the built-in ones are always loaded).
``SIECLE_NO_PLUGINS``
    set to ``1`` to load only the built-in plugins.
``SIECLE_PLUGINS_RAISE``
    set to ``1`` to let a plugin's error propagate (for plugin authors).
``SIECLE_HOOK_TIMEOUT``
    seconds an adapter hook may run before it is interrupted (default 600; ``0``: no limit).
    The limit is enforced with ``SIGALRM`` in the main thread (the hook is interrupted like a
    Ctrl-C, so its own clean-up and roll-back run); elsewhere hooks run without a limit.
"""

from __future__ import annotations

import dataclasses
import math
import os
import signal
import threading
import traceback
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pluggy

from ..errors import (
    PluginError,
    SiecleError,
    UnusableInput,
    environment_problem,
    is_environment,
)
from . import spec as hookspecs

if TYPE_CHECKING:
    from ..formats import FormatSpec
    from ..models import Record
    from ..models.nomenclature import Nomenclature
    from ..models.structures import Structures
    from ..rules import Rule
    from .adapter import IneReport, IneUpdate, School, WriteReport
    from .context import SchoolContext

__all__ = [
    "DEFAULT_HOOK_TIMEOUT",
    "ENTRY_POINT_GROUP",
    "Adapter",
    "PluginInfo",
    "PluginManager",
    "get_manager",
    "hook_timeout",
]

ENTRY_POINT_GROUP = "siecle_sdk"
#: entry points of the SDK itself (always loaded, never reported as third-party)
BUILTIN = frozenset({"doctor", "formats", "json", "rules"})
ADAPTER_HOOKS = (
    "siecle_read_school",
    "siecle_write_school",
    "siecle_write_nomenclature",
    "siecle_write_structures",
    "siecle_write_ine",
)
#: seconds an adapter hook may run when ``SIECLE_HOOK_TIMEOUT`` is not set
DEFAULT_HOOK_TIMEOUT = 600.0
#: faulty records listed in one error (the others are counted)
MAX_FAULTS_SHOWN = 50


@dataclass
class PluginInfo:
    """One plugin as ``siecle plugins`` lists it."""

    name: str
    distribution: str | None
    version: str | None
    hooks: list[str] = field(default_factory=list)
    status: str = "ok"  # ok | broken | disabled
    error: str | None = None
    #: full traceback of a load failure, shown with ``--debug``
    detail: str | None = None
    builtin: bool = False

    @property
    def is_adapter(self) -> bool:
        """Whether the plugin reads or writes a vendor's data."""
        return any(h in ADAPTER_HOOKS for h in self.hooks)


class PluginManager:
    """The SDK's plugin manager: a typed façade over :class:`pluggy.PluginManager`."""

    def __init__(self) -> None:
        self._pm = pluggy.PluginManager(hookspecs.PROJECT)
        self._pm.add_hookspecs(hookspecs)
        self._infos: dict[str, PluginInfo] = {}
        self._loaded = False
        self._formats: list[FormatSpec] | None = None

    # --- loading --------------------------------------------------------------------------
    def load(self) -> None:
        """Load every plugin of the entry-point group once (idempotent)."""
        if self._loaded:
            return
        self._loaded = True
        wanted = os.environ.get("SIECLE_PLUGINS")
        only = {n.strip() for n in wanted.split(",")} if wanted else None
        none = os.environ.get("SIECLE_NO_PLUGINS") == "1"
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            builtin = ep.name in BUILTIN and (ep.dist is None or ep.dist.name == "siecle-sdk")
            info = PluginInfo(
                ep.name,
                ep.dist.name if ep.dist else None,
                ep.dist.version if ep.dist else None,
                builtin=builtin,
            )
            if ep.name in self._infos:
                other = self._infos[ep.name]
                info.status, info.error = (
                    "broken",
                    (
                        f"nom déjà pris par {other.distribution} : les deux distributions "
                        f"({other.distribution}, {info.distribution}) déclarent « {ep.name} »"
                    ),
                )
                self._infos[f"{ep.name} ({info.distribution})"] = info
                continue
            self._infos[ep.name] = info
            if not builtin and (none or (only is not None and ep.name not in only)):
                info.status = "disabled"
                continue
            self._load_one(ep, info)

    def register(self, plugin: object, name: str, *, builtin: bool = False) -> PluginInfo:
        """Register an already imported plugin object (tests, embedding applications)."""
        self.load()
        info = PluginInfo(name, None, None, builtin=builtin)
        self._infos[name] = info
        self._attach(plugin, info)
        return info

    def _load_one(self, ep: EntryPoint, info: PluginInfo) -> None:
        try:
            plugin = ep.load()
        except Exception as exc:
            if os.environ.get("SIECLE_PLUGINS_RAISE") == "1":
                raise
            info.status = "broken"
            info.error = f"échec au chargement : {type(exc).__name__}: {exc}"
            info.detail = traceback.format_exc()
            return
        self._attach(plugin, info)

    def _attach(self, plugin: object, info: PluginInfo) -> None:
        try:
            self._pm.register(plugin, name=info.name)
            self._pm.check_pending()
        except Exception as exc:
            if self._pm.is_registered(plugin):
                self._pm.unregister(plugin)
            if os.environ.get("SIECLE_PLUGINS_RAISE") == "1":
                raise
            info.status = "broken"
            info.error = f"non conforme aux hooks de siecle-sdk : {exc}"
            return
        info.hooks = sorted(hook.name for hook in self._pm.get_hookcallers(plugin) or [])
        self._formats = None

    # --- listing --------------------------------------------------------------------------
    def plugins(self) -> list[PluginInfo]:
        """Every plugin found, loaded or not."""
        self.load()
        return list(self._infos.values())

    def adapters(self) -> list[PluginInfo]:
        """Plugins that implement at least one adapter hook (broken ones included)."""
        return [p for p in self.plugins() if p.is_adapter or (p.status != "ok" and not p.builtin)]

    # --- gathered hooks -------------------------------------------------------------------
    def formats(self) -> list[FormatSpec]:
        """Every registered format (built-in ones first)."""
        self.load()
        if self._formats is None:
            found: dict[str, tuple[str, FormatSpec]] = {}
            for plugin_name, specs in self._gather("siecle_formats"):
                for spec in specs:
                    if spec.name in found:
                        raise PluginError(
                            f"Le format « {spec.name} » est déclaré deux fois : par "
                            f"{found[spec.name][0]} et par {plugin_name}."
                        )
                    found[spec.name] = (plugin_name, spec)
            self._formats = [spec for _, spec in found.values()]
        return self._formats

    def format(self, name: str) -> FormatSpec:
        """The format registered under ``name``."""
        for spec in self.formats():
            if spec.name == name:
                return spec
        raise UnusableInput(f"Format inconnu « {name} ».")

    def rules(self) -> list[type[Rule]]:
        """Every registered business rule."""
        self.load()
        return [rule for _, rules in self._gather("siecle_rules") for rule in rules]

    def template_dirs(self, first: str | None = None) -> list[Path]:
        """Template override folders, those of the adapter ``first`` before the others."""
        self.load()
        ordered: list[Path] = []
        for _, dirs in sorted(
            self._gather("siecle_template_dirs"), key=lambda item: item[0] != first
        ):
            ordered.extend(Path(d) for d in dirs)
        return ordered

    def _gather(self, hook: str) -> Iterator[tuple[str, Sequence[Any]]]:
        """Call ``hook`` on each plugin separately, so that a failing one is named."""
        for impl in getattr(self._pm.hook, hook).get_hookimpls():
            name = self._pm.get_name(impl.plugin) or "?"
            try:
                result = impl.function()
            except Exception as exc:
                raise PluginError(
                    f"Le plugin « {name} » a échoué dans {hook} : {type(exc).__name__}: {exc}"
                ) from exc
            if result is None:
                continue
            if not isinstance(result, list | tuple):
                raise PluginError(
                    f"Le plugin « {name} » a renvoyé {type(result).__name__} "
                    f"dans {hook} au lieu d'une liste."
                )
            yield name, result

    # --- adapters -------------------------------------------------------------------------
    def adapter(self, name: str) -> Adapter:
        """The adapter registered under ``name``, ready to be called."""
        self.load()
        info = self._infos.get(name)
        if info is None:
            known = ", ".join(p.name for p in self.adapters() if p.status == "ok") or "aucun"
            raise UnusableInput(
                f"Aucun adaptateur « {name} » n'est installé (adaptateurs disponibles : {known})."
            )
        if info.status != "ok":
            raise PluginError(f"L'adaptateur « {name} » est inutilisable : {info.error}")
        plugin = self._pm.get_plugin(name)
        return Adapter(name, self._pm, plugin)


def hook_timeout() -> float | None:
    """Seconds an adapter hook may run (``SIECLE_HOOK_TIMEOUT``); ``None`` for no limit."""
    raw = os.environ.get("SIECLE_HOOK_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_HOOK_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        raise UnusableInput(
            f"SIECLE_HOOK_TIMEOUT vaut « {raw} » : un nombre de secondes est attendu "
            "(0 pour aucune limite)."
        ) from None
    return seconds if seconds > 0 and math.isfinite(seconds) else None


class _HookTimeout(BaseException):
    """Raised inside a hook past its time limit; a ``BaseException`` like Ctrl-C, so that the
    adapter's ``except Exception`` does not swallow it while its clean-up still runs."""


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the block with :class:`_HookTimeout` after ``seconds`` (main thread only)."""
    if (
        seconds is None
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL)[0] > 0
    ):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise _HookTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


R = TypeVar("R")


class _CheckedRecords(Collection[R], Generic[R]):
    """A lazy collection of an adapter, checked item by item while it is iterated: a wrong type
    or an unexpected exception becomes a :class:`PluginError` naming the adapter and the hook."""

    def __init__(self, adapter: Adapter, hook: str, field: str, items: Any, kind: type[R]) -> None:
        self._adapter = adapter
        self._hook = hook
        self._field = field
        self._items = items
        self._kind = kind

    def __len__(self) -> int:
        try:
            return len(self._items)
        except (SiecleError, KeyboardInterrupt):
            raise
        except BaseException as exc:
            raise self._adapter._failure(self._hook, exc, f"longueur de {self._field}") from exc

    def __iter__(self) -> Iterator[R]:
        try:
            for position, item in enumerate(self._items):
                if not isinstance(item, self._kind):
                    raise self._adapter._wrong(
                        self._hook, f"{self._field}[{position}]", item, self._kind.__name__
                    )
                yield item
        except (SiecleError, KeyboardInterrupt, GeneratorExit):
            raise
        except BaseException as exc:
            raise self._adapter._failure(self._hook, exc, f"lecture de {self._field}") from exc

    def __contains__(self, item: object) -> bool:
        return any(item == own for own in self)


class Adapter:
    """One vendor adapter: typed calls to its hooks, errors named after it and the hook.

    A hook that raises, returns something of the wrong type (at any depth of a ``School`` or a
    report), calls ``sys.exit`` or runs past ``SIECLE_HOOK_TIMEOUT`` yields a
    :class:`~siecle_sdk.errors.PluginError` naming the adapter and the hook.
    """

    def __init__(self, name: str, pm: pluggy.PluginManager, plugin: object) -> None:
        self.name = name
        self._pm = pm
        self._plugin = plugin
        others = [p for p in pm.get_plugins() if p is not plugin]
        self._hook = {h: pm.subset_hook_caller(h, others) for h in ADAPTER_HOOKS}

    def provides(self, hook: str) -> bool:
        """Whether the adapter implements ``hook``."""
        return any(
            impl.plugin is self._plugin for impl in getattr(self._pm.hook, hook).get_hookimpls()
        )

    def _failure(self, hook: str, exc: BaseException, during: str = "") -> PluginError:
        where = f" ({during})" if during else ""
        return PluginError(
            f"L'adaptateur « {self.name} » a échoué dans {hook}{where} : "
            f"{type(exc).__name__}: {exc}"
        )

    def _wrong(self, hook: str, what: str, value: object, expected: str) -> PluginError:
        return PluginError(
            f"L'adaptateur « {self.name} » a renvoyé dans {hook} une valeur de type "
            f"{type(value).__name__} pour {what} (attendu : {expected}) : c'est un défaut de "
            "l'adaptateur."
        )

    def _call(self, hook: str, expected: type | tuple[type, ...], **kwargs: Any) -> Any:
        if not self.provides(hook):
            raise PluginError(f"L'adaptateur « {self.name} » ne sait pas faire {hook}.")
        limit = hook_timeout()
        try:
            with _time_limit(limit):
                result = self._hook[hook](**kwargs)
        except (PluginError, UnusableInput):
            raise
        except _HookTimeout:
            raise PluginError(
                f"L'adaptateur « {self.name} » n'a pas terminé {hook} en {limit:g} secondes : "
                "il semble bloqué et a été interrompu. Relancez la commande ; si le problème "
                "persiste, signalez-le à l'éditeur du logiciel (la limite se règle avec "
                "SIECLE_HOOK_TIMEOUT, en secondes)."
            ) from None
        except SystemExit as exc:
            raise PluginError(
                f"L'adaptateur « {self.name} » a tenté d'arrêter le programme dans {hook} "
                f"(sys.exit({exc.code!r})) : c'est un défaut de l'adaptateur."
            ) from None
        except Exception as exc:
            if isinstance(exc, SiecleError):
                raise type(exc)(f"Adaptateur « {self.name} » ({hook}) : {exc.message}") from exc
            if isinstance(exc, OSError) and is_environment(exc):
                raise environment_problem(exc) from exc
            raise self._failure(hook, exc) from exc
        if result is None:
            raise PluginError(
                f"L'adaptateur « {self.name} » ne gère pas cette source ({hook} a renvoyé None)."
            )
        if not isinstance(result, expected):
            raise PluginError(
                f"L'adaptateur « {self.name} » a renvoyé "
                f"{type(result).__name__} dans {hook}, ce qui n'est pas attendu."
            )
        return result

    def _records(self, hook: str, field: str, items: Any, kind: type[R]) -> Collection[R]:
        """``items`` checked to be a collection of ``kind`` (lists now, lazy ones as read)."""
        if isinstance(items, list | tuple):
            for position, item in enumerate(items):
                if not isinstance(item, kind):
                    raise self._wrong(hook, f"{field}[{position}]", item, kind.__name__)
            return items
        if isinstance(items, str | bytes) or not isinstance(items, Collection):
            raise self._wrong(hook, field, items, f"une collection de {kind.__name__}")
        return _CheckedRecords(self, hook, field, items, kind)

    def _checked_school(self, school: School) -> School:
        from ..models.import_eleves import Eleve, Personne

        hook = "siecle_read_school"
        for name in ("uai", "school_year", "software"):
            value = getattr(school, name)
            if not isinstance(value, str) and not (name == "software" and value is None):
                raise self._wrong(hook, f"School.{name}", value, "str")
        persons = self._records(hook, "School.persons", school.persons, Personne)
        pupils = self._records(hook, "School.pupils", school.pupils, Eleve)
        self._check_values(
            hook, [("personne", "ID_PRV_PER", persons), ("élève", "ID_PRV_ELE", pupils)]
        )
        if persons is school.persons and pupils is school.pupils:
            return school
        return dataclasses.replace(school, persons=persons, pupils=pupils)

    def _check_values(
        self,
        hook: str,
        collections: list[tuple[str, str, Collection[Record]]],
    ) -> None:
        """Every record re-checked from its values (a record made with ``model_construct`` or
        ``model_copy`` skipped validation); the faulty ones are reported all together."""
        faults: list[str] = []
        for what, key, records in collections:
            for position, record in enumerate(records, 1):
                problems = record.value_problems()
                if problems:
                    values = record.__dict__
                    name = f"{values.get('nom_de_famille', '?')} {values.get('prenom', '?')}"
                    details = " ; ".join(f"{field} : {problem}" for field, problem in problems)
                    faults.append(
                        f"{what} {key}={values.get(key.lower(), '?')} ({name}, n° {position} "
                        f"des {what}s renvoyés) : {details}"
                    )
        if not faults:
            return
        shown = faults[:MAX_FAULTS_SHOWN]
        more = len(faults) - len(shown)
        raise PluginError(
            f"L'adaptateur « {self.name} » a renvoyé dans {hook} {len(faults)} fiche(s) dont "
            "des valeurs n'ont pas le type attendu ; rien n'a été produit. Corrigez "
            "l'adaptateur ou les données du logiciel :\n"
            + "\n".join(f"  - {line}" for line in shown)
            + (f"\n  … et {more} autre(s)." if more else "")
        )

    def _checked_counts(self, hook: str, counts: object, notes: object) -> None:
        if not isinstance(counts, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
            for k, v in counts.items()
        ):
            raise self._wrong(hook, "compte (counts)", counts, "dict[str, int]")
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
            raise self._wrong(hook, "liste de notes", notes, "list[str]")

    def read_school(self, source: Path, context: SchoolContext | None = None) -> School:
        """Call ``siecle_read_school``."""
        from .adapter import School

        school: School = self._call("siecle_read_school", School, source=source, context=context)
        return self._checked_school(school)

    def write_school(
        self, target: Path, school: School, context: SchoolContext | None = None
    ) -> WriteReport:
        """Call ``siecle_write_school``."""
        from .adapter import WriteReport

        report: WriteReport = self._call(
            "siecle_write_school", WriteReport, target=target, school=school, context=context
        )
        self._checked_counts("siecle_write_school", report.counts, report.notes)
        return report

    def write_nomenclature(self, target: Path, nomenclature: Nomenclature) -> WriteReport:
        """Call ``siecle_write_nomenclature``."""
        from .adapter import WriteReport

        report: WriteReport = self._call(
            "siecle_write_nomenclature", WriteReport, target=target, nomenclature=nomenclature
        )
        self._checked_counts("siecle_write_nomenclature", report.counts, report.notes)
        return report

    def write_structures(self, target: Path, structures: Structures) -> WriteReport:
        """Call ``siecle_write_structures``."""
        from .adapter import WriteReport

        report: WriteReport = self._call(
            "siecle_write_structures", WriteReport, target=target, structures=structures
        )
        self._checked_counts("siecle_write_structures", report.counts, report.notes)
        return report

    def write_ine(
        self, target: Path, updates: Sequence[IneUpdate], context: SchoolContext | None = None
    ) -> IneReport:
        """Call ``siecle_write_ine``."""
        from .adapter import IneReport

        report: IneReport = self._call(
            "siecle_write_ine", IneReport, target=target, updates=updates, context=context
        )
        for name in ("updated", "unchanged", "not_found"):
            labels = getattr(report, name)
            if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
                raise self._wrong("siecle_write_ine", f"IneReport.{name}", labels, "list[str]")
        return report


_MANAGER: PluginManager | None = None


def get_manager() -> PluginManager:
    """The process-wide plugin manager (created on first use)."""
    global _MANAGER
    if _MANAGER is None:
        _MANAGER = PluginManager()
    return _MANAGER


def reset_manager() -> None:
    """Forget the loaded plugins (tests)."""
    global _MANAGER
    _MANAGER = None
