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
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

from . import hookspecs
from .errors import PluginError, UnusableInput

if TYPE_CHECKING:
    from .exchange import IneReport, IneUpdate, School, WriteReport
    from .formats import FormatSpec
    from .models.nomenclature import Nomenclature
    from .models.structures import Structures
    from .rules import Rule

__all__ = ["ENTRY_POINT_GROUP", "Adapter", "PluginInfo", "PluginManager", "get_manager"]

ENTRY_POINT_GROUP = "siecle_sdk"
#: entry points of the SDK itself (always loaded, never reported as third-party)
BUILTIN = frozenset({"doctor", "formats", "rules"})
ADAPTER_HOOKS = (
    "siecle_read_school",
    "siecle_write_school",
    "siecle_write_nomenclature",
    "siecle_write_structures",
    "siecle_write_ine",
)


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


class Adapter:
    """One vendor adapter: typed calls to its hooks, errors named after it and the hook."""

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

    def _call(self, hook: str, expected: type | tuple[type, ...], **kwargs: Any) -> Any:
        if not self.provides(hook):
            raise PluginError(f"L'adaptateur « {self.name} » ne sait pas faire {hook}.")
        try:
            result = self._hook[hook](**kwargs)
        except (PluginError, UnusableInput):
            raise
        except Exception as exc:
            from .errors import SiecleError

            if isinstance(exc, SiecleError):
                raise type(exc)(f"Adaptateur « {self.name} » ({hook}) : {exc.message}") from exc
            raise PluginError(
                f"L'adaptateur « {self.name} » a échoué dans {hook} : {type(exc).__name__}: {exc}"
            ) from exc
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

    def read_school(self, source: Path) -> School:
        """Call ``siecle_read_school``."""
        from .exchange import School

        school: School = self._call("siecle_read_school", School, source=source)
        return school

    def write_school(self, target: Path, school: School) -> WriteReport:
        """Call ``siecle_write_school``."""
        from .exchange import WriteReport

        report: WriteReport = self._call(
            "siecle_write_school", WriteReport, target=target, school=school
        )
        return report

    def write_nomenclature(self, target: Path, nomenclature: Nomenclature) -> WriteReport:
        """Call ``siecle_write_nomenclature``."""
        from .exchange import WriteReport

        report: WriteReport = self._call(
            "siecle_write_nomenclature", WriteReport, target=target, nomenclature=nomenclature
        )
        return report

    def write_structures(self, target: Path, structures: Structures) -> WriteReport:
        """Call ``siecle_write_structures``."""
        from .exchange import WriteReport

        report: WriteReport = self._call(
            "siecle_write_structures", WriteReport, target=target, structures=structures
        )
        return report

    def write_ine(self, target: Path, updates: Sequence[IneUpdate]) -> IneReport:
        """Call ``siecle_write_ine``."""
        from .exchange import IneReport

        report: IneReport = self._call(
            "siecle_write_ine", IneReport, target=target, updates=updates
        )
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
