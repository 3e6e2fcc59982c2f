"""Sentences shared by every rendering: which exports were used, and the verdict."""

from __future__ import annotations

from ..rules.engine import Report

__all__ = ["CORRESPONDENCE", "context_lines", "refusal_title", "rule_labels", "verdict"]

#: the heading of SIECLE's table of the rule families met in the compte-rendu
CORRESPONDENCE = "Tableau de correspondance entre le code règle de gestion et le libellé explicatif"

_LABELS = {
    "nomenclature": "Nomenclature",
    "structures": "Structures",
    "communs": "Communs",
    "geographique": "Géographique",
    "etablissements": "Établissements",
    "eleves": "Élèves",
    "responsables": "Responsables",
}


def context_lines(report: Report) -> list[str]:
    """What the check was run with, and the rules it could not run."""
    lines = list(report.notices)
    used = ", ".join(_LABELS[k] for k in report.context) or "aucun"
    lines.append(f"Exports SIECLE utilisés : {used}.")
    if report.disabled:
        missing: dict[str, list[str]] = {}
        for family, names in sorted(report.disabled.items()):
            key = ", ".join(_LABELS[n] for n in names)
            missing.setdefault(key, []).append(family)
        for files, families in missing.items():
            lines.append(f"Règles non contrôlées faute d'export {files} : {', '.join(families)}.")
    return lines


def rule_labels(report: Report) -> dict[str, str]:
    """Rule family -> its label (SIECLE's, word for word), for every family of the findings."""
    from ..rules.labels import LABELS, OWN_LABELS

    families = sorted({f.rule for f in report.findings})
    return {family: LABELS.get(family) or OWN_LABELS.get(family, "") for family in families}


def refusal_title(report: Report) -> str:
    """The sentence heading the reasons why SIECLE would refuse the deposit."""
    count = report.deposit_count
    return (
        f"Dépôt refusé : SIECLE refuserait ce fichier entier ({count} raison{'s' * (count > 1)}"
        ", noms, en-tête, caractères ou schéma XSD officiel) ; aucune fiche ne serait importée."
    )


def verdict(report: Report) -> str:
    """One sentence: can the file be deposited as it is?"""
    if report.refused:
        return "Verdict : fichier refusé au dépôt. Corrigez-le avant tout envoi."
    rejected = sum(1 for f in report.findings if f.consequence.value == "rejet")
    anomalies = len(
        {(f.record, f.private_id) for f in report.findings if f.consequence.value == "anomalie"}
    )
    if rejected or anomalies:
        return (
            f"Verdict : {rejected} fiche(s) seraient rejetées et {anomalies} fiche(s) "
            "importées avec anomalies (elles bloquent la remontée vers la base académique). "
            "Corrigez-les dans le logiciel avant le dépôt."
        )
    return (
        "Verdict : aucune fiche rejetée ni importée avec anomalie d'après les règles "
        "contrôlées localement. SIECLE applique aussi des contrôles qu'aucun export ne "
        "permet de vérifier : relisez le compte-rendu officiel après l'intégration."
    )
