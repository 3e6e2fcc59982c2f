"""``siecle_sdk.adapter``: the one module adapter authors import."""

from __future__ import annotations

import doctest
import inspect

import siecle_sdk.adapter as public
from siecle_sdk.plugin.manager import PluginManager


def test_every_public_name_exists_and_is_documented() -> None:
    missing = [name for name in public.__all__ if not hasattr(public, name)]
    assert missing == []
    undocumented = [
        name
        for name in public.__all__
        if (inspect.isfunction(getattr(public, name)) or inspect.isclass(getattr(public, name)))
        and not inspect.getdoc(getattr(public, name))
    ]
    assert undocumented == []


def test_examples_run() -> None:
    failures, tried = doctest.testmod(public, optionflags=doctest.ELLIPSIS)
    assert tried >= 2 and failures == 0


def test_its_marker_registers_hooks() -> None:
    """A plugin marked with the public module's ``hookimpl`` is an adapter of the SDK."""

    class Plugin:
        @public.hookimpl
        def siecle_read_school(self, source: object) -> None:
            return None

    manager = PluginManager()
    info = manager.register(Plugin(), "essai")
    assert info.status == "ok" and info.hooks == ["siecle_read_school"]
