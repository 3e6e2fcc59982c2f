"""Where the SDK keeps the user's own files (history, académie settings), as each platform wants.

``platformdirs`` knows the conventions (``%APPDATA%`` on Windows, ``~/Library/Application Support``
on macOS, ``$XDG_DATA_HOME`` on Linux), so no folder is computed by hand.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

__all__ = ["data_folder"]


def data_folder() -> Path:
    """The user's data folder of the SDK (created by whoever first writes in it)."""
    return Path(user_data_dir("siecle-sdk", appauthor=False, roaming=True))
