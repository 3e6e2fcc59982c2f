"""SIECLE's own label of each rule family, as its compte-rendu prints them.

The compte-rendu ends with a "tableau de correspondance entre le code règle de gestion et le
libellé explicatif" (the académie de Créteil guide for private schools shows it): these labels are
SIECLE's data and are shown exactly as SIECLE writes them, accents, capitals and final full stops
included. Each rule's :attr:`~siecle_sdk.rules.Rule.title` is its family's label. ``ENTREE`` and
``PUSAG``, seen in compte-rendus but absent from the table, have labels of ours.
"""

from __future__ import annotations

__all__ = ["LABELS", "OWN_LABELS", "label"]

#: rule family -> SIECLE's label, word for word
LABELS: dict[str, str] = {
    "ACDIV": "L'inscription de l'élève dans une division est invalide",
    "ACMEF": "L'inscription de l'élève dans un MEF est invalide",
    "ACOMPL": "Le champ « A_Compléter » de l'élève a été initialisé ou modifié",
    "ADRES": "La règle de gestion adresse n'est pas vérifiée.",
    "BOURS": "La bourse est invalide",
    "CIVIL": "La règle de gestion civilité n'est pas vérifiée.",
    "COMAD": "La règle de gestion communication adresse n'est pas vérifiée.",
    "CREAT": "L'identification de l'élève est incorrecte",
    "CSEXE": "Le sexe de l'élève est invalide",
    "DNAIS": "La date de naissance de l'élève est invalide",
    "ELNAT": "Le code pays de la nationalité de l'élève n'existe pas dans la table PAYS",
    "ELNOM": "Le nom ou un des prénoms a été modifié",
    "HETAB": "L'établissement de la scolarité précédente est invalide",
    "IDNAT": "La donnée id_national n'est pas valide",
    "INOPT": "L'inscription aux options de l'élève est invalide",
    "LNAIS": "Le lieu de naissance de l'élève est invalide",
    "MEFAD": "Le MEF de la scolarité précédente est invalide",
    "MODCH": "Les modalités de choix des options sont invalides",
    "OPFAC": "Les options facultatives de l'élève sont invalides",
    "OPOBL": "Les options obligatoires de l'élève sont invalides",
    "NBENF": "La règle de gestion nombre d'enfants n'est pas vérifiée.",
    "PAREN": "Les responsables de l'élève sont invalides.",
    "PEPCS": "La règle de gestion profession n'est pas vérifiée",
    "PESIT": "La règle de gestion situation emploi n'est pas vérifiée",
    "PROVE": "La provenance de l'élève est invalide",
    "REGIM": "Le régime de l'élève est vide",
    "SCOAC": "Les dates de la scolarité sont invalides",
    "SCOPR": "La période de scolarité est invalide",
    "SORTI": "La date et/ou le motif de sortie ne sont pas valides",
    "STATU": "Le statut de l'élève est invalide",
    "TELEP": "La règle de gestion téléphone e-mail n'est pas vérifiée",
    "TRANS": "La donnée transport de l'élève est invalide",
}

#: families seen in compte-rendus but absent from SIECLE's table: labels of ours
OWN_LABELS: dict[str, str] = {
    "ENTREE": "La date d'entrée de l'élève est incohérente avec sa scolarité",
    "PUSAG": "Le nom d'usage est identique au nom de famille",
}


def label(family: str) -> str:
    """The label of ``family`` (SIECLE's when it has one)."""
    return LABELS.get(family) or OWN_LABELS[family]
