"""The business rules shipped with the SDK, registered through the same hook as any plugin's."""

from __future__ import annotations

from collections.abc import Sequence

from .. import hookimpl
from . import Rule


@hookimpl
def siecle_rules() -> Sequence[type[Rule]]:
    """Every rule family of SIECLE's import du privé that can be checked locally."""
    from . import acdiv, nbenf, regim, sorti

    return [sorti.Sorti, regim.Regim, acdiv.Acdiv, nbenf.Nbenf]
