"""siecle-sdk: the data exchange between private schools' software and SIECLE BEE."""

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pluggy

    hookimpl: pluggy.HookimplMarker

__all__ = ["__version__", "hookimpl"]


def __getattr__(name: str) -> Any:
    # the marker is built on first use, so that importing the package stays cheap
    if name == "hookimpl":
        import pluggy

        from .plugin.spec import PROJECT

        marker = pluggy.HookimplMarker(PROJECT)
        globals()["hookimpl"] = marker
        return marker
    raise AttributeError(name)
