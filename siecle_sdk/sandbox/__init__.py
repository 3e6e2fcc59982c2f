"""A simulated SIECLE "Base élèves établissement" for one school: the sandbox.

For vendors without access to SIECLE, and for the demo: the sandbox keeps one school's base in
SQLite, accepts the ``IMPORT_ELEVES`` zip a school would deposit, integrates it as SIECLE's batch
would, writes the compte-rendu, shows the tableau de bord and produces the generic exports of its
current state, through the same templates as every other file of the SDK.

What is simulated
-----------------
* The académie's clock (:mod:`siecle_sdk.academie`): a deposit accepted by the upload page waits
  in the holding area until :meth:`Sandbox.night`; a later deposit of the same half-day, before
  the académie's run, replaces it, and the replaced file's compte-rendu says so.
* The upload checks of workflow §6, in SIECLE's order and words: zip name = name of its one XML,
  name pattern, year of the name = the base's year, UAI of the name = the school (and
  ``PARAMETRES/UAJ`` / ``ANNEE_SCOLAIRE`` = the name), XSD validity. A refused file is not recorded.
* The integration: the SDK's rules (:func:`~siecle_sdk.rules.engine.check_file`: every rule
  registered, plugins included, or the list given to :class:`Sandbox`; with SIECLE's masking)
  run with the sandbox's own current exports as context, so that pupils are identified by
  SIECLE's cascade (INE, else private id, else names and birth date) against the base. Then, per
  record:

  - rejected (``REJEL_…``): not created, not updated;
  - anomaly: imported and marked "in error" (blocking) with its codes; the effect is applied —
    active schooling rejected (``Effect.SCOLARITE``: MEF, division, status, schooling dates, leave
    motive and date keep their stored values, none for a new pupil), options ignored
    (``Effect.OPTIONS``: stored options kept), values defaulted as SIECLE does for the codes whose
    behaviour is known (``NBENF_F_03`` → 1 child, ``PEPCS_B_01`` → PCS 99, ``PUSAG_A_01`` → no
    usage name, ``STATU_C_01`` → status not taken, ``MEFAD_C_02`` → no previous-year MEF,
    ``SCOPR_C_04`` → previous schooling not taken, ``ELNOM`` → the stored names kept, L for
    « Élève partiellement importé »); any other anomaly keeps the value as sent;
  - note (``INF_…``): imported, not blocking, default applied (``INF_REGIM_A_01`` → régime 0,
    ``INF_COMAD_A_01`` → address not communicable).

  A record imported without anomaly is no longer "in error". New pupils get the next ``ELEVE_ID``
  (from 1 000 001, above the ids of the initial export) and ``ELENOET``; persons are found by their
  ``ID_PRV_PER`` (else a new ``PERSONNE_ID``); addresses keep their ``ADRESSE_ID`` while unchanged.
  Family and usage names are stored upper case, each part of a first name capitalised. Private ids
  are echoed in the exports (``ID_PRV_ELE``, ``ID_PRV_PER``). Pupils of the base absent from the
  file are counted ("absents") and left as they are. The private software is the master: a
  pupil's data is replaced by the file's, except the INE, which is kept when the file sends none.
* The INE: right after the integration, every **non-blocking** pupil without INE receives an
  INE-RNIE (9 digits of a per-sandbox sequence from 900 000 001, and their 2-letter key), as the
  académie's BEA returns them for the records transferred to it; a blocking pupil gets none until
  a corrected file is integrated.
* A pupil sent without ``SCOLARITE_ACTIVE`` (a leaver, as 3.1 allows) keeps its stored schooling
  and takes the file's leave date and motive.
* A person in error blocks its pupils as their own anomalies do (the guide: anomalies on
  responsables block the transfer too): they get no INE, count as blocking, and the constat de
  rentrée waits for the persons as for the pupils.
* The compte-rendu (text and HTML, the SDK's renderers) in ``comptes-rendus/``, the history screen,
  the tableau de bord, and the exports Élèves avec adresses (3.0), Responsables avec adresses (2.1,
  new-generation links), Structures, Nomenclature, Communs (the stored exports re-written with a new
  ``PARAMETRES``; Géographique and Établissements too when they were given).

What is not simulated
---------------------
* No BEA, no STSweb, no scheduled batch: the night's integration runs when :meth:`Sandbox.night`
  is called, and gives the INE then; structures, nomenclatures and Communs never change (re-create
  the sandbox from new exports); headcounts are not sent anywhere.
* Only the rules the SDK implements are applied: SIECLE's masked rules and unknown sub-controls
  (rules.md §4–5) are not, so a file integrated here without anomaly may still get some in SIECLE.
* ``SCOPR`` is only as good as the stored schoolings: the base keeps the current and previous-year
  schooling, not SIECLE's full history. ``REJEL_ENTREE`` (schooling in another school) cannot be
  checked.
* Pupils met twice in one file under different identifiers are not rejected (the later record
  wins). The ``LOGICIEL`` rule only gives a warning. Groups are those of the initial Élèves export
  (the import file carries no groups). The prerequisite "one pupil export done before any import"
  is not enforced.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from ..academie import CRETEIL, PARIS, Academie, as_paris, superseded_indexes
from ..errors import SiecleError, UnusableInput
from ..io.reader import open_document
from ..io.writer import atomic_write
from ..rules import Rule
from ..rules.deposit import software_notice
from ..rules.engine import Report, check_file
from ..rules.reconcile import PupilIndex
from .dashboard import INE_IMPORT, Dashboard, HistoryLine, dashboard, history, render_history
from .exports import EXPORT_NAMES, write_exports, write_references
from .holding import Held, Night, Replaced
from .integrate import Integration, apply_report, assign_ines
from .population import OPTIONAL, REFERENCE_KINDS, REQUIRED, load_exports
from .store import DATABASE, Store
from .upload import INVALID, Deposit, DepositRefused, receive, refuse_if_invalid

__all__ = [
    "EXPORT_NAMES",
    "OPTIONAL",
    "REFERENCE_KINDS",
    "REQUIRED",
    "Dashboard",
    "DepositRefused",
    "Held",
    "HistoryLine",
    "Integration",
    "Night",
    "Replaced",
    "Sandbox",
    "render_history",
]

#: folder of the compte-rendus, inside the sandbox folder
REPORTS = "comptes-rendus"
Clock = Callable[[], dt.datetime]


class Sandbox:
    """The simulated base of one school, kept in ``path`` (a folder holding ``bee.sqlite``)."""

    def __init__(
        self,
        path: str | Path,
        *,
        clock: Clock | None = None,
        rules: Iterable[type[Rule]] | None = None,
        academie: Academie = CRETEIL,
    ) -> None:
        self.path = Path(path)
        #: the académie's calendar: which deposits of a half-day replace the earlier ones
        self.academie = academie
        self.store = Store(self.path)
        self._clock: Clock = clock or _paris_now
        #: the rules applied at integration (``None``: every registered rule, plugins included)
        self.rules = list(rules) if rules is not None else None

    @classmethod
    def create(
        cls,
        path: str | Path,
        exports: Mapping[str, Path],
        *,
        clock: Clock | None = None,
        rules: Iterable[type[Rule]] | None = None,
        academie: Academie = CRETEIL,
    ) -> Sandbox:
        """A new sandbox from a school's exports (``{"nomenclature": path, ...}``).

        Nomenclature, Structures and Communs are required; Géographique and Établissements are
        optional context; Élèves and Responsables, when given, are the initial population. Every
        export must be of the same school and school year.
        """
        folder = Path(path)
        store = Store(folder, create=True)
        try:
            with store.transaction():
                load_exports(store, {k: Path(v) for k, v in exports.items()})
        except BaseException:
            store.close()
            for suffix in ("", "-wal", "-shm"):
                (folder / f"{DATABASE}{suffix}").unlink(missing_ok=True)
            raise
        store.close()
        return cls(folder, clock=clock, rules=rules, academie=academie)

    # --- the school ---------------------------------------------------------------------
    @property
    def uai(self) -> str:
        """The school's UAI."""
        return self.store.meta("uai") or ""

    @property
    def school_year(self) -> str:
        """The base's rentrée year (``2019`` for 2019-2020)."""
        return self.store.meta("school_year") or ""

    def counts(self) -> dict[str, int]:
        """Pupils and persons in the base."""
        db = self.store.db
        return {
            "eleves": int(db.execute("SELECT COUNT(*) FROM pupil").fetchone()[0]),
            "responsables": int(db.execute("SELECT COUNT(*) FROM person").fetchone()[0]),
        }

    def close(self) -> None:
        """Close the database."""
        self.store.close()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- deposit and the night's integration ------------------------------------------------
    def deposit(self, zip_path: str | Path, *, now: dt.datetime | None = None) -> Held:
        """Deposit a zip as on SIECLE's upload page: checked, then kept in the holding area
        until the night's integration (:meth:`night`).

        A file deposited in the same half-day as files still held, before the académie's
        integration, replaces them: they will not be integrated. Raises
        :class:`DepositRefused` (exit status 2) when the upload checks refuse it; nothing is
        kept then.
        """
        moment = self._moment(now)
        path = Path(zip_path)
        deposit = receive(path, self.uai, self.school_year)
        with self._checked(deposit, moment):
            pass
        held = Held(deposit.zip_name, deposit.xml_name, moment, self.academie)
        waiting = self.held()
        with self.store.transaction():
            self.store.db.execute(
                "INSERT INTO held_deposit (zip_name, xml_name, deposited, content) "
                "VALUES (?, ?, ?, ?)",
                (deposit.zip_name, deposit.xml_name, moment.isoformat(), path.read_bytes()),
            )
        held.replaces = [h for h in waiting if self.academie.same_batch(h.deposited, moment)]
        return held

    def held(self) -> list[Held]:
        """The deposits waiting for the night's integration, in the order deposited."""
        rows = self.store.db.execute(
            "SELECT zip_name, xml_name, deposited FROM held_deposit ORDER BY id"
        ).fetchall()
        return [
            Held(row[0], row[1], dt.datetime.fromisoformat(row[2]), self.academie) for row in rows
        ]

    def night(self, *, now: dt.datetime | None = None) -> Night:
        """The académie's integration, run at ``now`` (default: the sandbox's clock): of the
        deposits held up to ``now``, only the last of each half-day (before the académie's run)
        is integrated, in the order deposited; the others get a compte-rendu saying they were
        replaced. Then the simulated BEA gives the INE. Deposits dated after ``now`` stay
        held."""
        moment = self._moment(now)
        rows = [
            row
            for row in self.store.db.execute(
                "SELECT id, zip_name, xml_name, deposited FROM held_deposit ORDER BY id"
            )
            if dt.datetime.fromisoformat(row["deposited"]) <= moment
        ]
        times = [dt.datetime.fromisoformat(row["deposited"]) for row in rows]
        replaced = superseded_indexes(self.academie, times)
        result = Night(moment)
        for index, row in enumerate(rows):
            if index in replaced:
                by = rows[replaced[index]]
                result.replaced.append(
                    self._replace(row["id"], row["xml_name"], times[index], by["xml_name"], moment)
                )
                continue
            content = self.store.db.execute(
                "SELECT content FROM held_deposit WHERE id = ?", (row["id"],)
            ).fetchone()[0]
            with tempfile.TemporaryDirectory(prefix=".depot-", dir=self.path) as tmp:
                path = Path(tmp) / row["zip_name"]
                path.write_bytes(bytes(content))
                deposit = receive(path, self.uai, self.school_year)
                integration = self._integrate(deposit, moment, times[index], row["id"])
            result.integrations.append(integration)
        ines = sum(len(i.ine_assigned) for i in result.integrations)
        if ines:
            with self.store.transaction():
                self.store.db.execute(
                    "INSERT INTO import_history (kind, file_name, processed, "
                    "responsables_read, eleves_read, absents, counts) "
                    "VALUES ('ine', ?, ?, 0, 0, 0, ?)",
                    (INE_IMPORT, moment.isoformat(), json.dumps({"ine_attribues": ines})),
                )
        return result

    def _moment(self, now: dt.datetime | None) -> dt.datetime:
        """``now`` or the clock's time, to the second, as SIECLE's wall clock (Paris)."""
        return as_paris(now or self._clock()).replace(microsecond=0, tzinfo=None)

    @contextmanager
    def _checked(self, deposit: Deposit, moment: dt.datetime) -> Iterator[tuple[Report, Path]]:
        """The file checked against the base's current exports; refused as SIECLE's upload page
        does. Yields the report and the Élèves export it was checked with."""
        with (
            tempfile.TemporaryDirectory(prefix=".travail-", dir=self.path) as tmp,
            _without_work_paths(Path(tmp)),
        ):
            work = Path(tmp)
            context: dict[str, Path | None] = dict(write_references(self.store, work / "ctx"))
            context.update(
                write_exports(
                    self.store,
                    work / "ctx",
                    when=moment,
                    zipped=False,
                    kinds=("eleves", "responsables"),
                    allow_empty=True,
                )
            )
            try:
                report = check_file(deposit.path, context, rules=self.rules)
            except UnusableInput as exc:
                raise DepositRefused(deposit.zip_name, INVALID, [exc.message]) from None
            refuse_if_invalid(deposit, report)
            report.file = Path(deposit.xml_name)
            eleves = context["eleves"]
            assert eleves is not None
            yield report, eleves

    def _integrate(
        self, deposit: Deposit, processed: dt.datetime, deposited: dt.datetime, held_id: int
    ) -> Integration:
        """One held file integrated into the base, as SIECLE's batch does."""
        with self._checked(deposit, processed) as (report, eleves):
            with open_document(eleves) as doc:
                index = PupilIndex.from_document(doc)
            integration = Integration(deposit.xml_name, processed, report)
            software = self.store.meta("software")
            notice = software_notice(report.software, software)
            if notice:
                integration.warnings.append(notice)
            with self.store.transaction():
                integration.counts = apply_report(
                    self.store, deposit.path, report, index, processed
                )
                integration.ine_assigned = assign_ines(self.store)
                integration.counts["ine_attribues"] = len(integration.ine_assigned)
                if report.software and not software:
                    self.store.set_meta("software", report.software)
                self._write_reports(integration)
                self.store.db.execute(
                    "INSERT INTO import_history (file_name, processed, software, "
                    "responsables_read, eleves_read, absents, counts, report_text, report_html, "
                    "deposited) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        deposit.xml_name,
                        processed.isoformat(),
                        report.software,
                        report.counts.get("responsables", 0),
                        report.counts.get("eleves", 0),
                        integration.counts["absents"],
                        json.dumps(integration.counts),
                        self._relative(integration.text_path),
                        self._relative(integration.html_path),
                        deposited.isoformat(),
                    ),
                )
                self.store.db.execute("DELETE FROM held_deposit WHERE id = ?", (held_id,))
        return integration

    def _replace(
        self,
        held_id: int,
        xml_name: str,
        deposited: dt.datetime,
        by: str,
        processed: dt.datetime,
    ) -> Replaced:
        """A held file replaced by a later deposit of its half-day: its compte-rendu says so."""
        replaced = Replaced(xml_name, deposited, by)
        text = "\n".join(
            [
                "Compte Rendu de l'import du privé (bac à sable siecle-sdk, base élèves simulée)",
                f"Traité le {processed:%d/%m/%Y} à {processed:%H:%M:%S}",
                f"Fichier {xml_name}, déposé le {deposited:%d/%m/%Y} à {deposited:%H:%M:%S}.",
                *replaced.message_lines(),
            ]
        )
        stem = f"{Path(xml_name).stem}_{processed:%Y%m%d-%H%M%S}"
        path = self.path / REPORTS / f"{stem}.txt"
        with self.store.transaction():
            with atomic_write(path) as handle:
                handle.write((text + "\n").encode("utf-8"))
            replaced.text_path = path
            self.store.db.execute(
                "INSERT INTO import_history (kind, file_name, processed, responsables_read, "
                "eleves_read, absents, counts, report_text, deposited, replaced_by) "
                "VALUES ('remplace', ?, ?, 0, 0, 0, '{}', ?, ?, ?)",
                (
                    xml_name,
                    processed.isoformat(),
                    self._relative(path),
                    deposited.isoformat(),
                    by,
                ),
            )
            self.store.db.execute("DELETE FROM held_deposit WHERE id = ?", (held_id,))
        return replaced

    def _relative(self, path: Path | None) -> str | None:
        """A compte-rendu's path as stored: relative to the sandbox folder (it may move)."""
        return path.relative_to(self.path).as_posix() if path is not None else None

    def _write_reports(self, integration: Integration) -> None:
        """The compte-rendu in text and HTML, in the sandbox's ``comptes-rendus`` folder."""
        from ..report.text import render_text

        folder = self.path / REPORTS
        stem = f"{Path(integration.file_name).stem}_{integration.processed:%Y%m%d-%H%M%S}"
        lines = render_text(integration.report).rstrip("\n").split("\n")[1:]
        if lines and lines[-1].startswith("Verdict"):
            lines.pop()
        when = integration.processed
        counts = integration.counts
        text = "\n".join(
            [
                "Compte Rendu de l'import du privé (bac à sable siecle-sdk, base élèves simulée)",
                f"Traité le {when:%d/%m/%Y} à {when:%H:%M:%S}",
                *lines,
                f"Résultat : {counts.get('eleves_rejetes', 0)} fiche(s) élève rejetée(s), "
                f"{counts.get('eleves_anomalies', 0)} importée(s) avec anomalies, "
                f"{counts.get('responsables_anomalies', 0)} fiche(s) responsable importée(s) "
                "avec anomalies ; les fiches en erreur bloquent la remontée vers la base "
                "académique.",
                f"Intégration : {counts.get('eleves_crees', 0)} élève(s) créé(s), "
                f"{counts.get('eleves_integres', 0)} fiche(s) élève intégrée(s) ; "
                f"{counts.get('ine_attribues', 0)} INE attribué(s) par la base académique "
                "simulée (élèves non bloquants).",
                *(f"Attention : {warning}" for warning in integration.warnings),
            ]
        )
        integration.text_path = folder / f"{stem}.txt"
        with atomic_write(integration.text_path) as handle:
            handle.write((text + "\n").encode("utf-8"))
        html = self._html(integration)
        if html is not None:
            integration.html_path = folder / f"{stem}.html"
            with atomic_write(integration.html_path) as handle:
                handle.write(html.encode("utf-8"))

    @staticmethod
    def _html(integration: Integration) -> str | None:
        try:
            from ..report.html import render_html
        except ImportError:
            return None
        page: str = render_html(integration.report)
        return page

    # --- views --------------------------------------------------------------------------
    def dashboard(self) -> Dashboard:
        """The tableau de bord of the current state."""
        return dashboard(self.store)

    def history(self) -> list[HistoryLine]:
        """The "Historique import du privé" lines, newest first."""
        return history(self.store)

    def export(
        self, out_dir: str | Path, *, zipped: bool = True, now: dt.datetime | None = None
    ) -> dict[str, Path]:
        """The generic exports of the current state (``ExportXML_<Name>.zip``); kind -> path.

        As in SIECLE, Élèves and Responsables are not produced while the base holds no pupil.
        """
        return write_exports(self.store, Path(out_dir), when=self._moment(now), zipped=zipped)


@contextmanager
def _without_work_paths(work: Path) -> Iterator[None]:
    """Errors of an upload name the files as the user knows them: the deposited XML by its name,
    the base's own exports by theirs, never the temporary folder they are read from."""
    try:
        yield
    except SiecleError as exc:
        pattern = re.compile(re.escape(str(work)) + r"[\\/](?:ctx[\\/])?")
        exc.message = pattern.sub("", exc.message)
        exc.args = (exc.message,)
        if isinstance(exc, DepositRefused):
            exc.reason = pattern.sub("", exc.reason)
            exc.details = [pattern.sub("", detail) for detail in exc.details]
        raise


def _paris_now() -> dt.datetime:
    """SIECLE's wall clock: the time in Paris, whatever the machine's zone."""
    return dt.datetime.now(PARIS).replace(tzinfo=None)
