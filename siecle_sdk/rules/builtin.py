"""The business rules shipped with the SDK, registered through the same hook as any plugin's."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module

from .. import hookimpl
from . import Rule

#: the modules of the rule families (each holds one or a few :class:`Rule` subclasses;
#: ``code_lists`` holds the "code in that list" rules of several families)
FAMILIES = (
    "acdiv", "acmef", "acompl", "adres", "bours", "code_lists", "comad", "creat", "csexe",
    "dnais", "elnat", "elnom", "entree", "hetab", "idnat", "inopt", "lnais", "mefad", "modch",
    "nbenf", "opfac", "opobl", "paren", "pepcs", "pesit", "pusag", "scoac", "scopr", "sorti",
    "telep", "trans",
)  # fmt: skip


@hookimpl
def siecle_rules() -> Sequence[type[Rule]]:
    """Every rule family of SIECLE's import du privé, in the order the engine runs them.

    Pupil rules run by stage (rejection, pupil, active schooling, options) and, inside a stage, by
    their :attr:`~Rule.order` (which follows the stages, so that the list reads in running
    order; person rules come after the pupil rules). Families that cannot be checked locally
    (ACOMPL, PESIT, TRANS) are listed too; they never report anything.
    """
    found: list[type[Rule]] = []
    for name in FAMILIES:
        module = import_module(f"{__package__}.{name}")
        found.extend(
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, Rule)
            and value.__module__ == module.__name__
            and value.family
        )
    return sorted(found, key=lambda rule: rule.order)
