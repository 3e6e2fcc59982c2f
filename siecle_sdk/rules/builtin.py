"""The business rules shipped with the SDK, registered through the same hook as any plugin's."""

from __future__ import annotations

from collections.abc import Sequence

from .. import hookimpl
from . import Rule


@hookimpl
def siecle_rules() -> Sequence[type[Rule]]:
    """Every rule family of SIECLE's import du privé, in the order the engine runs them.

    Pupil rules run by stage (rejection, pupil, active schooling, options) and, inside a stage, in
    this order: it matters for the option rules, as the first one that makes SIECLE ignore the
    options hides the next ones. Families that cannot be checked locally (ACOMPL, PESIT, TRANS)
    are listed too; they never report anything.
    """
    from . import (
        acdiv,
        acmef,
        acompl,
        adres,
        bours,
        civil,
        comad,
        creat,
        csexe,
        dnais,
        elnat,
        elnom,
        entree,
        hetab,
        idnat,
        inopt,
        lnais,
        mefad,
        modch,
        nbenf,
        opfac,
        opobl,
        paren,
        pepcs,
        pesit,
        prove,
        pusag,
        regim,
        scoac,
        scopr,
        sorti,
        statu,
        telep,
        trans,
    )

    return [
        # rejection of the whole pupil
        sorti.Sorti,
        sorti.SortiDate,
        entree.Entree,
        creat.Creat,
        paren.ParenLiens,
        # the pupil: identity, birth, contact, régime, responsables, previous year
        idnat.Idnat,
        elnom.Elnom,
        csexe.Csexe,
        dnais.Dnais,
        lnais.Lnais,
        lnais.LnaisPays,
        elnat.Elnat,
        pusag.Pusag,
        adres.Adres,
        adres.AdresPays,
        telep.Telep,
        regim.Regim,
        bours.Bours,
        trans.Trans,
        acompl.Acompl,
        paren.ParenCode,
        hetab.Hetab,
        hetab.HetabEtablissement,
        hetab.HetabDepartement,
        prove.Prove,
        mefad.Mefad,
        scopr.Scopr,
        # the active schooling
        acmef.Acmef,
        acdiv.Acdiv,
        statu.Statu,
        scoac.Scoac,
        scoac.ScoacPeriode,
        # its options
        modch.Modch,
        inopt.Inopt,
        opobl.Opobl,
        opfac.Opfac,
        # persons only
        civil.Civil,
        comad.Comad,
        pepcs.Pepcs,
        pepcs.PepcsAse,
        pesit.Pesit,
        nbenf.Nbenf,
    ]
