"""Business rules: what SIECLE's overnight integration will say about each record of a file.

Every rule is a plugin, registered through the ``siecle_rules`` hook like the built-in ones (see
:mod:`siecle_sdk.rules.builtin`). A rule belongs to one of SIECLE's rule families (``ACDIV``,
``REGIM``...), reads one record at a time with the SIECLE context (:class:`Context`), and yields
:class:`Finding` objects: the detailed code, the record, a French message in SIECLE's style and
what SIECLE then does (:class:`Consequence`).

Rules run in stages (:class:`Stage`), as SIECLE masks findings: a rejected pupil gets no other
finding; once the active schooling is rejected, the option rules are not run; once the options are
ignored, the other option rules are not run either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, ClassVar

from ..models.import_eleves import Personne
from .context import display_name
from .reconcile import private_key

if TYPE_CHECKING:
    from ..models.import_eleves import Eleve
    from .context import Context

__all__ = ["Checkpoint", "Consequence", "Effect", "Finding", "Rule", "Stage", "Status"]


class Consequence(StrEnum):
    """What SIECLE does with a record that breaks a rule."""

    #: the whole record is refused (compte-rendu sections 1 and 4)
    REJECTED = "rejet"
    #: imported, a block ignored, nulled or defaulted; the record blocks the BEA transfer (2, 5)
    ANOMALY = "anomalie"
    #: imported, a missing or unknown value defaulted; information only (3, 6)
    NOTE = "note"


class Effect(StrEnum):
    """Which part of a pupil a finding takes out, for the masking of later rules."""

    NONE = "aucun"
    RECORD = "fiche"
    #: the names (family name, first names): SIECLE keeps its own
    IDENTITY = "identite"
    SCOLARITE = "scolarite"
    OPTIONS = "options"


class Stage(IntEnum):
    """Order in which pupil rules run (and what they may be masked by)."""

    #: rules that may reject the whole pupil
    REJECTION = 1
    #: identity, birth, address, régime, previous school...
    PUPIL = 2
    #: the active schooling (MEF, division, dates, status)
    SCOLARITE = 3
    #: the options of the active schooling
    OPTIONS = 4


#: compte-rendu section per (record kind, consequence)
SECTIONS = {
    ("responsable", Consequence.REJECTED): 1,
    ("responsable", Consequence.ANOMALY): 2,
    ("responsable", Consequence.NOTE): 3,
    ("eleve", Consequence.REJECTED): 4,
    ("eleve", Consequence.ANOMALY): 5,
    ("eleve", Consequence.NOTE): 6,
}


@dataclass(frozen=True)
class Finding:
    """One line of the compte-rendu."""

    #: detailed code when SIECLE's is known (``ACDIV_B_01``), else the rule family (``BOURS``)
    code: str
    #: rule family (``ACDIV``)
    rule: str
    #: ``eleve`` or ``responsable``
    record: str
    private_id: str
    siecle_id: str | None
    #: name as SIECLE prints it: family name upper case, first name capitalised
    name: str
    message: str
    consequence: Consequence
    effect: Effect = Effect.NONE
    division: str | None = None
    #: whether the detailed code was read in a real compte-rendu (False: family code only)
    confirmed: bool = True

    @property
    def section(self) -> int:
        """Number (1-6) of the compte-rendu section the finding is printed in."""
        return SECTIONS[(self.record, self.consequence)]

    @property
    def blocking(self) -> bool:
        """Whether the record will block the transfer to the académie (BEA)."""
        return self.consequence is not Consequence.NOTE


class Status(StrEnum):
    """Outcome of a readiness check (``siecle doctor``)."""

    #: ✓ the step is done
    OK = "ok"
    #: ⚠ worth a look, does not stop the exchange
    WARNING = "attention"
    #: ✗ SIECLE will reject or flag records
    ERROR = "erreur"


@dataclass(frozen=True)
class Checkpoint:
    """One line of the readiness checklist: a step of the yearly workflow and its state."""

    #: workflow step it belongs to (``communs``, ``nomenclatures``, ``structures``, ``eleves``...)
    step: str
    status: Status
    #: what is checked, in French
    label: str
    #: why it is not ok (or what was found), in French
    reason: str = ""
    #: what to do in SIECLE or STSweb, in French
    action: str = ""
    #: rule family or check name that produced it
    rule: str = ""


class Rule:
    """A business rule of SIECLE's import du privé.

    Subclasses set :attr:`family`, :attr:`title` and :attr:`needs`, and override
    :meth:`check_eleve` and/or :meth:`check_personne`. A new instance is made for each file
    checked, so a rule may keep state between records (then report it in :meth:`finish`).
    """

    #: rule family code of SIECLE's table (``ACDIV``)
    family: ClassVar[str] = ""
    #: the family's label, in French, as SIECLE prints it in its compte-rendu (word for word)
    title: ClassVar[str] = ""
    #: context exports the rule needs (``nomenclature``, ``structures``, ``communs``,
    #: ``geographique``, ``etablissements``, ``eleves``); the rule is skipped without them
    needs: ClassVar[frozenset[str]] = frozenset()
    #: when the pupil checks run
    stage: ClassVar[Stage] = Stage.PUPIL
    #: rank among the rules of its stage (it matters for the option rules: the first one that
    #: makes SIECLE ignore the options hides the next ones)
    order: ClassVar[int] = 0
    #: the family's row of ``docs/rules.md`` (set on one class of the family, Markdown): what is
    #: checked, the detailed codes, the consequence and section, the confidence and reading
    checks: ClassVar[str] = ""
    codes: ClassVar[str] = ""
    outcome: ClassVar[str] = ""
    reading: ClassVar[str] = ""

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterable[Finding]:
        """Findings about one pupil of the file."""
        return ()

    def check_personne(self, personne: Personne, ctx: Context) -> Iterable[Finding]:
        """Findings about one person of the file (links are not known yet: see ``finish``)."""
        return ()

    def finish(self, ctx: Context) -> Iterable[Finding]:
        """Findings that need the whole file (``ctx.links`` is complete here)."""
        return ()

    def check_exports(self, ctx: Context) -> Iterable[Checkpoint]:
        """Readiness checks on the exports themselves (``siecle doctor``), no import file."""
        return ()

    @classmethod
    def pupil(
        cls,
        eleve: Eleve,
        ctx: Context,
        code: str,
        message: str,
        consequence: Consequence,
        effect: Effect = Effect.NONE,
        confirmed: bool = True,
    ) -> Finding:
        """A finding of this rule about a pupil, with the identifiers SIECLE prints."""
        identity = ctx.pupil_identity(eleve)
        return Finding(
            code=code,
            rule=cls.family,
            record="eleve",
            private_id=eleve.id_prv_ele,
            siecle_id=identity["siecle_id"],
            name=str(identity["name"]),
            message=message,
            consequence=consequence,
            effect=effect,
            division=identity["division"],
            confirmed=confirmed,
        )

    @classmethod
    def person(
        cls,
        personne: Personne | tuple[str, str, str],
        ctx: Context,
        code: str,
        message: str,
        consequence: Consequence,
        confirmed: bool = True,
    ) -> Finding:
        """A finding of this rule about a person; ``personne`` may be ``(private id, family,
        first name)``."""
        if isinstance(personne, Personne):
            private, family, first = personne.id_prv_per, personne.nom_de_famille, personne.prenom
        else:
            private, family, first = personne
        return Finding(
            code=code,
            rule=cls.family,
            record="responsable",
            private_id=private,
            siecle_id=ctx.person_ids.get(private_key(private) or ""),
            name=display_name(family, first),
            message=message,
            consequence=consequence,
            confirmed=confirmed,
        )
