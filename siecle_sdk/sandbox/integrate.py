"""The integration batch: a file accepted at upload applied to the sandbox's base.

The rules run on the file with the sandbox's current exports as context (so pupils are identified
by SIECLE's cascade against the base), then every record is applied according to its findings
(rules.md §1): rejected records are left as they are (or not created); an anomaly applies its
effect (active schooling or options ignored, value nulled or defaulted when the message says so,
else kept as sent) and marks the record "in error" with its codes; a note applies its default and
does not block. Then the simulated académie gives an INE to every non-blocking pupil without one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ExitCode
from ..identifiers import ine_rnie_key
from ..io.reader import open_document
from ..models import import_eleves as imp
from ..rules import Consequence, Effect, Finding
from ..rules.engine import Report
from ..rules.reconcile import PupilIndex, private_key
from .store import BLOCKED, Store, iso

__all__ = [
    "Integration",
    "apply_report",
    "assign_ines",
    "family_name",
    "first_name",
    "siecle_phone",
]

_LEVELS = {"LEGAL": 1, "LEGAL1": 1, "LEGAL2": 1, "PERSONNE_EN_CHARGE": 2, "CONTACT": 3}
#: columns of the active schooling and of the leave, kept when the schooling is rejected
_SCHOOLING = (
    "code_mef",
    "code_division",
    "code_statut",
    "date_deb_sco",
    "date_fin_sco",
    "code_motif_sortie",
    "date_sortie",
)
#: the names SIECLE keeps when the file changes them (``ELNOM``: « Élève partiellement importé »)
_NAMES = ("nom_de_famille", "prenom", "prenom2", "prenom3")
_ADDRESS_FIELDS = (
    "ligne1_adresse",
    "ligne2_adresse",
    "ligne3_adresse",
    "ligne4_adresse",
    "code_postal",
    "libelle_postal",
    "commune_etrangere",
    "code_pays",
)


# --- normalisation ------------------------------------------------------------------------


def family_name(text: str | None) -> str | None:
    """A family or usage name as SIECLE stores it: upper case, single spaces."""
    return " ".join(text.split()).upper() if text and text.strip() else None


def first_name(text: str | None) -> str | None:
    """A first name as SIECLE stores it: each part capitalised (``Jean-Pierre Marie``)."""
    if not text or not text.strip():
        return None
    return " ".join(
        "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
        for word in text.split()
    )


def siecle_phone(text: str | None) -> str | None:
    """A phone as SIECLE stores and exports it: French numbers as ``+33`` and 9 digits
    (``06 12 34 56 78`` -> ``+33612345678``), ``00`` + country code as ``+``; any other form is
    kept as sent."""
    if not text or not text.strip():
        return None
    compact = re.sub(r"[ .\-]", "", text.strip())
    if re.fullmatch(r"0[1-9]\d{8}", compact):
        return "+33" + compact[1:]
    if re.fullmatch(r"00[1-9]\d{4,16}", compact):
        return "+" + compact[2:]
    if re.fullmatch(r"\+\d{6,18}", compact):
        return compact
    return text


def _text(value: str | None) -> str | None:
    return value if value not in (None, "") else None


def _flag(value: object) -> int | None:
    return int(value) if isinstance(value, bool) else None


#: Corsica's INSEE départements and their Éducation nationale codes
_CORSICA = {"2A": "620", "2B": "720"}


def _departement(commune: str | None) -> str | None:
    """The MEN département code of an INSEE commune code (``75112`` -> ``075``, ``2A004`` ->
    ``620``)."""
    if not commune or len(commune) != 5:
        return None
    if commune[:2] in _CORSICA:
        return _CORSICA[commune[:2]]
    return commune[:3] if commune.startswith("97") else "0" + commune[:2]


def _address(source: imp.Adresse | None) -> dict[str, object] | None:
    if source is None:
        return None
    return {
        "ligne1_adresse": _text(source.ligne1_adresse),
        "ligne2_adresse": _text(source.ligne2_adresse),
        "ligne3_adresse": _text(source.ligne3_adresse),
        "ligne4_adresse": _text(source.ligne4_adresse),
        "code_postal": _text(source.code_postal),
        "libelle_postal": _text(source.ll_postal),
        "commune_etrangere": _text(source.commune_etrangere),
        "code_pays": _text(source.code_pays),
    }


def _address_id(store: Store, current: int | None, sent: dict[str, object] | None) -> int | None:
    """The ``ADRESSE_ID`` after the deposit: the same one when the address did not change."""
    if sent is None:
        return None
    if current is not None:
        row = store.row("address", "adresse_id", current)
        if row is not None and all(row[c] == sent[c] for c in _ADDRESS_FIELDS):
            return current
    return store.add_address(sent)


# --- integration --------------------------------------------------------------------------


@dataclass
class Integration:
    """The outcome of a deposit: the compte-rendu, what was applied, where it was written."""

    file_name: str
    processed: dt.datetime
    report: Report
    counts: dict[str, int] = field(default_factory=dict)
    #: (``ELEVE_ID``, INE) given by the simulated académie after the integration
    ine_assigned: list[tuple[str, str]] = field(default_factory=list)
    text_path: Path | None = None
    html_path: Path | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def has_findings(self) -> bool:
        """Whether a record was rejected or imported with an anomaly."""
        return self.report.blocking

    @property
    def exit_code(self) -> int:
        """0 integrated without rejection nor anomaly, 1 otherwise."""
        return int(ExitCode.FINDINGS if self.has_findings else ExitCode.OK)


class _Applier:
    """Applies one file to the store, record by record, according to the findings."""

    def __init__(self, store: Store, report: Report, index: PupilIndex, when: dt.datetime):
        self.store = store
        self.index = index
        self.today = iso(when.date())
        self.pupil_findings: dict[str, list[Finding]] = defaultdict(list)
        self.person_findings: dict[str, list[Finding]] = defaultdict(list)
        for finding in report.findings:
            target = self.pupil_findings if finding.record == "eleve" else self.person_findings
            target[private_key(finding.private_id) or ""].append(finding)
        self.person_ids: dict[str, int] = {}
        #: pupil private key -> ELEVE_ID of the pupils created
        self.created: dict[str, str] = {}
        self.counts = {"eleves_integres": 0, "eleves_crees": 0, "responsables_integres": 0}

    # --- persons ------------------------------------------------------------------------
    def person(self, personne: imp.Personne) -> None:
        key = private_key(personne.id_prv_per) or ""
        findings = self.person_findings.get(key, [])
        stored = self.store.db.execute(
            "SELECT * FROM person WHERE id_prv_per = ? ORDER BY personne_id LIMIT 1", (key,)
        ).fetchone()
        if stored is not None:
            self.person_ids[key] = int(stored["personne_id"])
        if any(f.consequence is Consequence.REJECTED for f in findings):
            return
        anomalies = sorted({f.code for f in findings if f.consequence is Consequence.ANOMALY})
        codes = {f.code for f in findings}
        values: dict[str, Any] = {
            "id_prv_per": key,
            "code_civilite": _text(personne.code_civilite),
            "nom_de_famille": family_name(personne.nom_de_famille) or "",
            "nom_usage": family_name(personne.nom_usage),
            "prenom": first_name(personne.prenom) or "",
            "communication_adresse": _flag(personne.communication_adresse),
            "code_profession": _text(personne.code_profession),
            "tel_personnel": siecle_phone(personne.tel_personnel),
            "tel_professionnel": siecle_phone(personne.tel_professionnel),
            "tel_portable": siecle_phone(personne.tel_portable),
            "accepte_sms": _flag(personne.accepte_sms),
            "mel": _text(personne.email),
            "enfant_a_charge": personne.enfant_a_charge
            if isinstance(personne.enfant_a_charge, int)
            else None,
            "blocking": int(bool(anomalies)),
            "error_codes": " ".join(anomalies),
        }
        if "NBENF_F_03" in codes:
            values["enfant_a_charge"] = 1
        if "PEPCS_B_01" in codes:
            values["code_profession"] = "99"
        if "PUSAG_A_01" in codes:
            values["nom_usage"] = None
        if "INF_COMAD_A_01" in codes:
            values["communication_adresse"] = 0
        current = int(stored["adresse_id"]) if stored and stored["adresse_id"] else None
        values["adresse_id"] = _address_id(self.store, current, _address(personne.adresse))
        personne_id = int(stored["personne_id"]) if stored else self.store.next_value("personne_id")
        self.store.upsert("person", "personne_id", {"personne_id": personne_id, **values})
        self.person_ids[key] = personne_id
        self.counts["responsables_integres"] += 1

    # --- pupils -------------------------------------------------------------------------
    def pupil(self, eleve: imp.Eleve) -> None:
        key = private_key(eleve.id_prv_ele) or ""
        findings = self.pupil_findings.get(key, [])
        if any(f.consequence is Consequence.REJECTED for f in findings):
            return
        match = self.index.match(eleve)
        stored = (
            self.store.row("pupil", "eleve_id", int(match.eleve_id)) if match is not None else None
        )
        codes = {f.code for f in findings}
        anomalies = sorted({f.code for f in findings if f.consequence is Consequence.ANOMALY})
        schooling_out = any(f.effect is Effect.SCOLARITE for f in findings)
        options_out = schooling_out or any(f.effect is Effect.OPTIONS for f in findings)
        values = self._values(eleve, stored, schooling_out)
        if stored is not None and any(f.effect is Effect.IDENTITY for f in findings):
            values.update({column: stored[column] for column in _NAMES})
        values["blocking"] = int(bool(anomalies))
        values["error_codes"] = " ".join(anomalies)
        if "INF_REGIM_A_01" in codes:
            values["code_regime"] = "0"
        if "PUSAG_A_01" in codes:
            values["nom_usage"] = None
        if "STATU_C_01" in codes:
            values["code_statut"] = stored["code_statut"] if stored else None
        if "MEFAD_C_02" in codes and values["previous"]:
            previous = json.loads(values["previous"])
            previous.pop("code_mef", None)
            values["previous"] = json.dumps(previous, ensure_ascii=False)
        if "SCOPR_C_04" in codes:
            values["previous"] = stored["previous"] if stored else None
        current = int(stored["adresse_id"]) if stored and stored["adresse_id"] else None
        values["adresse_id"] = _address_id(self.store, current, _address(eleve.adresse))
        if stored is not None:
            eleve_id = int(stored["eleve_id"])
        else:
            eleve_id = self.store.next_value("eleve_id")
            values["elenoet"] = self.store.next_value("elenoet")
            self.created[key] = str(eleve_id)
            self.counts["eleves_crees"] += 1
        self.store.upsert("pupil", "eleve_id", {"eleve_id": eleve_id, **values})
        self._children(eleve_id, eleve, replace_options=not options_out)
        self.counts["eleves_integres"] += 1

    def _values(self, eleve: imp.Eleve, stored: Any, schooling_out: bool) -> dict[str, Any]:
        def kept(column: str, sent: str | None) -> str | None:
            return _text(sent) or (stored[column] if stored is not None else None)

        previous_school = eleve.etablissement_an_dernier
        values: dict[str, Any] = {
            "id_prv_ele": private_key(eleve.id_prv_ele),
            "id_national": kept("id_national", eleve.id_national),
            "ine_bea": kept("ine_bea", eleve.ine_bea),
            "ine_rnie": kept("ine_rnie", eleve.ine_rnie),
            "nom_de_famille": family_name(eleve.nom_de_famille) or "",
            "nom_usage": family_name(eleve.nom_usage),
            "prenom": first_name(eleve.prenom) or "",
            "prenom2": first_name(eleve.prenom2),
            "prenom3": first_name(eleve.prenom3),
            "date_naiss": iso(eleve.date_naiss),
            "code_sexe": _text(eleve.code_sexe),
            "code_pays": _text(eleve.code_pays),
            "code_pays_nat": _text(eleve.code_pays_nat),
            "code_departement_naiss": _departement(eleve.code_commune_insee_naiss),
            "code_commune_insee_naiss": _text(eleve.code_commune_insee_naiss),
            "ville_naiss": eleve.ville_naiss,
            "date_entree": iso(eleve.date_entree),
            "tel_personnel": siecle_phone(eleve.tel_personnel),
            "tel_professionnel": siecle_phone(eleve.tel_professionnel),
            "tel_portable": siecle_phone(eleve.tel_portable),
            "accepte_sms": _flag(eleve.accepte_sms),
            "mel": _text(eleve.email),
            "adhesion_transport": _flag(eleve.adhesion_transport),
            "code_regime": _text(eleve.code_regime),
            "doublement": _flag(eleve.doublement),
            "code_provenance": _text(previous_school.code_provenance) if previous_school else None,
            "previous": self._previous(previous_school, stored),
            "date_modification": self.today,
        }
        scolarite = eleve.scolarite_active
        if schooling_out or scolarite is None:
            for column in _SCHOOLING:
                values[column] = stored[column] if stored is not None else None
        else:
            values.update(
                code_mef=_text(scolarite.code_mef),
                code_division=_text(scolarite.code_division),
                code_statut=_text(scolarite.code_statut),
                date_deb_sco=iso(scolarite.date_deb_sco),
                date_fin_sco=iso(scolarite.date_fin_sco),
            )
        if not schooling_out:
            # a leaver may come without SCOLARITE_ACTIVE (3.1): its leave is still the file's
            values.update(
                code_motif_sortie=_text(eleve.code_motif_sortie), date_sortie=iso(eleve.date_sortie)
            )
        return values

    @staticmethod
    def _previous(sent: imp.EtablissementAnDernier | None, stored: Any) -> str | None:
        """``SCOLARITE_AN_DERNIER`` as exported; the stored school details are kept when the
        previous school is the same (the file carries only its UAI)."""
        if sent is None:
            return stored["previous"] if stored is not None else None
        known = json.loads(stored["previous"]) if stored is not None and stored["previous"] else {}
        previous = known if known.get("code_rne") == _text(sent.code_rne) else {}
        previous.update(
            code_mef=_text(sent.code_mef),
            code_structure=_text(sent.code_division) or "",
            code_rne=_text(sent.code_rne),
        )
        kept = {k: v for k, v in previous.items() if v is not None}
        return json.dumps(kept, ensure_ascii=False) if kept else None

    def _children(self, eleve_id: int, eleve: imp.Eleve, *, replace_options: bool) -> None:
        db = self.store.db
        scolarite = eleve.scolarite_active
        if replace_options and scolarite is not None:
            db.execute("DELETE FROM pupil_option WHERE eleve_id = ?", (eleve_id,))
            db.executemany(
                "INSERT INTO pupil_option VALUES (?, ?, ?, ?)",
                [
                    (eleve_id, n, option.code_modalite_elect, option.code_matiere)
                    for n, option in enumerate(scolarite.options, start=1)
                ],
            )
        db.execute("DELETE FROM pupil_bourse WHERE eleve_id = ?", (eleve_id,))
        db.executemany(
            "INSERT INTO pupil_bourse VALUES (?, ?, ?, ?)",
            [
                (eleve_id, n, b.code_bourse, b.nb_part if isinstance(b.nb_part, int) else None)
                for n, b in enumerate(eleve.bourses or (), start=1)
            ],
        )
        db.execute("DELETE FROM link WHERE eleve_id = ?", (eleve_id,))
        for position, (role, link) in enumerate(eleve.links(), start=1):
            personne_id = self.person_ids.get(private_key(link.id_prv_per) or "")
            if personne_id is None:
                continue
            db.execute(
                "INSERT OR IGNORE INTO link VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    eleve_id,
                    personne_id,
                    _LEVELS.get(role, 3),
                    position,
                    link.code_parente_3x,
                    int(bool(link.paie_frais)),
                    int(link.percoit_les_aides is True),
                    int(link.heberge_eleve is True),
                    int(link.a_contacter_en_priorite is True),
                ),
            )

    # --- compte-rendu -------------------------------------------------------------------
    def identify(self, report: Report) -> None:
        """Give the pupils created their new ``ELEVE_ID`` in the compte-rendu's lines."""
        report.findings = [
            dataclasses.replace(f, siecle_id=self.created[key])
            if f.record == "eleve"
            and f.siecle_id is None
            and (key := private_key(f.private_id) or "") in self.created
            else f
            for f in report.findings
        ]
        if report.changes is not None:
            report.changes = [
                dataclasses.replace(c, siecle_id=self.created[key])
                if c.siecle_id is None and (key := private_key(c.private_id) or "") in self.created
                else c
                for c in report.changes
            ]


def apply_report(
    store: Store, xml: Path, report: Report, index: PupilIndex, when: dt.datetime
) -> dict[str, int]:
    """Apply the file to the store (inside the caller's transaction); returns the counts."""
    applier = _Applier(store, report, index, when)
    with open_document(xml) as doc:
        for _, record in doc.typed():
            if isinstance(record, imp.Personne):
                applier.person(record)
            elif isinstance(record, imp.Eleve):
                applier.pupil(record)
    store.drop_orphan_addresses()
    applier.identify(report)
    counts = dict(report.counts)
    counts.update(applier.counts)
    for label, consequence, findings in (
        ("eleves_rejetes", Consequence.REJECTED, applier.pupil_findings),
        ("eleves_anomalies", Consequence.ANOMALY, applier.pupil_findings),
        ("eleves_notes", Consequence.NOTE, applier.pupil_findings),
        ("responsables_rejetes", Consequence.REJECTED, applier.person_findings),
        ("responsables_anomalies", Consequence.ANOMALY, applier.person_findings),
        ("responsables_notes", Consequence.NOTE, applier.person_findings),
    ):
        counts[label] = sum(
            1 for fs in findings.values() if any(f.consequence is consequence for f in fs)
        )
    changes = report.changes or []
    counts["ajouts"] = sum(1 for c in changes if c.code == "AJOUT")
    counts["modifications"] = sum(1 for c in changes if c.code == "MODIF")
    counts["absents"] = len(report.absent or [])
    return counts


def assign_ines(store: Store) -> list[tuple[str, str]]:
    """INE for the non-blocking pupils that have none, as the académie gives them overnight (a
    pupil whose responsable is in error is blocked too: it is not transferred).

    An INE-RNIE already received (``INE_RNIE`` or ``INE_BEA``) becomes ``ID_NATIONAL``; otherwise
    the next number of the sandbox's sequence, with its key, is assigned.
    """
    db = store.db
    taken = {
        str(row[0])
        for row in db.execute(
            "SELECT id_national FROM pupil UNION SELECT ine_rnie FROM pupil "
            "UNION SELECT ine_bea FROM pupil"
        )
        if row[0]
    }
    assigned: list[tuple[str, str]] = []
    rows = db.execute(
        "SELECT eleve_id, ine_rnie, ine_bea FROM pupil "
        f"WHERE NOT {BLOCKED} AND (id_national IS NULL OR id_national = '') ORDER BY eleve_id"
    ).fetchall()
    for row in rows:
        if row["ine_rnie"] or row["ine_bea"]:
            db.execute(
                "UPDATE pupil SET id_national = ? WHERE eleve_id = ?",
                (row["ine_rnie"] or row["ine_bea"], row["eleve_id"]),
            )
            continue
        while True:
            digits = f"{store.next_value('ine'):09d}"
            ine = digits + ine_rnie_key(digits)
            if ine not in taken:
                break
        taken.add(ine)
        db.execute(
            "UPDATE pupil SET id_national = ?, ine_rnie = ? WHERE eleve_id = ?",
            (ine, ine, row["eleve_id"]),
        )
        assigned.append((str(row["eleve_id"]), ine))
    return assigned
