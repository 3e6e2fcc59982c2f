"""Hook specifications: the contract between the SDK and its plugins.

A plugin is a module (or object) with functions marked ``@siecle_sdk.hookimpl`` whose names are
those below. Plugins are found through the ``siecle_sdk`` entry-point group; the built-in formats
and rules are registered the same way. A plugin implements only the hooks it needs, and may accept
only a subset of a hook's arguments.

Adapter hooks (``siecle_read_school``, ``siecle_write_*``) are called on one adapter at a time,
the one the user names on the command line; the others (formats, rules, templates) are called on
every plugin and their results are gathered.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from ..formats import FormatSpec
    from ..models.nomenclature import Nomenclature
    from ..models.structures import Structures
    from ..rules import Rule
    from .adapter import IneReport, IneUpdate, School, WriteReport
    from .context import SchoolContext

PROJECT = "siecle"
hookspec = pluggy.HookspecMarker(PROJECT)


@hookspec
def siecle_formats() -> Sequence[FormatSpec]:
    """Register file formats the SDK can recognise, read and write.

    :return: the formats this plugin provides (:class:`siecle_sdk.formats.FormatSpec`).
        Every plugin's list is gathered; two formats with the same name are an error naming
        both plugins.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec
def siecle_rules() -> Sequence[type[Rule]]:
    """Register business rules run by ``siecle check`` and ``siecle doctor``.

    :return: the rule classes this plugin provides (subclasses of
        :class:`siecle_sdk.rules.Rule`); a new instance of each is made for every file checked.
        Every plugin's list is gathered.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec
def siecle_template_dirs() -> Sequence[Path]:
    """Give folders of templates that override the core ones (``templates/``).

    A template found in a plugin folder is used instead of the core template of the same name; an
    override can still extend the core one as ``core/<name>``. Folders of the adapter named on the
    command line come first.

    :return: folders, or an empty list.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec(firstresult=True)
def siecle_read_school(source: Path, context: SchoolContext | None) -> School | None:
    """Read the vendor's data at ``source`` as SIECLE sees it: the school, its persons and pupils.

    :param source: where the vendor's data lives (a folder, a database file...), as given with
        ``--from``.
    :param context: what the command knows of the school besides the vendor's data (its
        Nomenclature, Communs and Structures exports, read on first use), to turn the vendor's
        labels into SIECLE's codes and know the school year's dates; ``None`` when the command
        has none. An implementation may leave this argument out.
    :return: a :class:`siecle_sdk.exchange.School` whose ``persons`` and ``pupils`` can be
        iterated more than once (each iteration reads from the start), or ``None`` when this
        adapter does not handle ``source``. Called on the chosen adapter only; stops at the first
        non-``None`` result.
    :raises siecle_sdk.errors.VendorDataError: when a record cannot be turned into SIECLE data;
        the message names the record.

    .. versionadded:: 0.1
    .. versionchanged:: 0.2 ``context``
    """
    raise NotImplementedError


@hookspec(firstresult=True)
def siecle_write_school(
    target: Path, school: School, context: SchoolContext | None
) -> WriteReport | None:
    """Write pupils and their responsables taken over from SIECLE into the vendor's data.

    Records already at ``target`` are matched (on ``ID_PRV_ELE`` / ``ID_PRV_PER``, then on the
    SIECLE ids) and updated; others are added; nothing else is removed. The write must be
    all-or-nothing (a transaction, or files moved into place).

    :param target: where the vendor's data lives (created if missing).
    :param school: the school as read from SIECLE's exports.
    :param context: what the command knows of the school besides the vendor's data (its
        Nomenclature, Communs and Structures exports, read on first use), to turn the vendor's
        labels into SIECLE's codes and know the school year's dates; ``None`` when the command
        has none. An implementation may leave this argument out.
    :return: counts of what was written, or ``None`` when this adapter does not handle ``target``.

    .. versionadded:: 0.1
    .. versionchanged:: 0.2 ``context``
    """
    raise NotImplementedError


@hookspec(firstresult=True)
def siecle_write_nomenclature(target: Path, nomenclature: Nomenclature) -> WriteReport | None:
    """Write the school's profiled nomenclature (MEF, matières, programmes, code lists).

    :return: counts of what was written, or ``None`` when this adapter keeps no nomenclature.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec(firstresult=True)
def siecle_write_structures(target: Path, structures: Structures) -> WriteReport | None:
    """Write the school's divisions and groups with their MEF attachments.

    :return: counts of what was written, or ``None`` when this adapter keeps no structures.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec(firstresult=True)
def siecle_write_ine(
    target: Path, updates: Sequence[IneUpdate], context: SchoolContext | None
) -> IneReport | None:
    """Store the national pupil ids (INE) returned by SIECLE, and change nothing else.

    SIECLE's specification asks vendors for exactly this: an "INE only" import that never
    overwrites data edited in the software. Pupils are matched on ``ID_PRV_ELE`` first, then on
    the SIECLE id already stored.

    :param updates: one entry per pupil of the Élèves export.
    :param context: what the command knows of the school besides the vendor's data (its
        Nomenclature, Communs and Structures exports, read on first use), to turn the vendor's
        labels into SIECLE's codes and know the school year's dates; ``None`` when the command
        has none. An implementation may leave this argument out.
    :return: which pupils were updated, unchanged or not found.

    .. versionadded:: 0.1
    .. versionchanged:: 0.2 ``context``
    """
    raise NotImplementedError
