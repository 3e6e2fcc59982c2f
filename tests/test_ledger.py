"""The exchange history: send numbers, LOGICIEL, concurrency, crash safety, the command."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from siecle_sdk.errors import ExitCode
from siecle_sdk.exchange.ledger import (
    SCHEMA_VERSION,
    Entry,
    Ledger,
    LedgerError,
    SoftwareChanged,
    Status,
    default_path,
    entry_from_report,
    sha256_of,
)
from siecle_sdk.rules import Consequence, Finding
from siecle_sdk.rules.engine import Report

UAI = "0750680G"
OTHER_UAI = "0590181B"


@pytest.fixture
def ledger(tmp_path: Path) -> Any:
    with Ledger(tmp_path / "historique.sqlite") as opened:
        yield opened


def _finding(record: str, consequence: Consequence, private_id: str) -> Finding:
    return Finding(
        code="TEST_01",
        rule="TEST",
        record=record,
        private_id=private_id,
        siecle_id=None,
        name="DUPONT Jean",
        message="message",
        consequence=consequence,
    )


def _report(tmp_path: Path) -> Report:
    file = tmp_path / f"{UAI}PRIVE2019190905143012.xml"
    file.write_bytes(b"<IMPORT_ELEVES/>")
    report = Report(file=file, uai=UAI, school_year="2019", version="3.1")
    report.counts = {"eleves": 640, "responsables": 812, "sortants": 12}
    report.findings = [
        *(_finding("eleve", Consequence.REJECTED, str(i)) for i in range(3)),
        _finding("responsable", Consequence.REJECTED, "90"),
        *(_finding("eleve", Consequence.ANOMALY, str(i)) for i in range(12)),
        *(_finding("eleve", Consequence.NOTE, str(i)) for i in range(3)),
    ]
    report.absent = []
    return report


# --- send numbers ---------------------------------------------------------------------------


def test_numbering_starts_at_one_per_school_and_year(ledger: Ledger) -> None:
    assert [ledger.reserve_send(UAI, "2019", "EXEMPLE") for _ in range(3)] == [1, 2, 3]
    assert ledger.reserve_send(OTHER_UAI, "2019", "EXEMPLE") == 1
    assert ledger.reserve_send(UAI, "2020", "EXEMPLE") == 1
    assert ledger.reserve_send(UAI, "2019", "EXEMPLE") == 4
    assert ledger.reserve_send(OTHER_UAI, "2019", "EXEMPLE") == 2


def test_numbers_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    with Ledger(path) as first:
        first.reserve_send(UAI, "2019", "EXEMPLE")
    with Ledger(path) as second:
        assert second.reserve_send(UAI, "2019", "EXEMPLE") == 2
        version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
        assert version == SCHEMA_VERSION
        mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_software_change_refused(ledger: Ledger) -> None:
    ledger.reserve_send(UAI, "2019", "EXEMPLE")
    with pytest.raises(SoftwareChanged) as caught:
        ledger.reserve_send(UAI, "2020", "AUTRE")
    message = caught.value.message
    assert "« EXEMPLE »" in message and "« AUTRE »" in message
    assert "--logiciel EXEMPLE" in message
    assert f"siecle history --changer-logiciel {UAI} AUTRE" in message
    assert caught.value.exit_code == ExitCode.UNUSABLE
    assert ledger.reserve_send(UAI, "2020", "EXEMPLE") == 1
    assert ledger.reserve_send(OTHER_UAI, "2019", "AUTRE") == 1


def test_software_change_after_deliberate_reset(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    path = tmp_path / "h.sqlite"
    with Ledger(path) as ledger:
        ledger.reserve_send(UAI, "2019", "EXEMPLE")
    result = run_cli("history", "--ledger", path, "--changer-logiciel", UAI, "AUTRE")
    assert result.code == 0, result.err
    assert "« EXEMPLE » → « AUTRE »" in result.out
    with Ledger(path) as ledger:
        assert ledger.reserve_send(UAI, "2019", "AUTRE") == 2
        with pytest.raises(SoftwareChanged):
            ledger.reserve_send(UAI, "2019", "EXEMPLE")
        assert ledger.entries()[0].command == "logiciel"
    bad = run_cli("history", "--ledger", path, "--changer-logiciel", "0750680X", "AUTRE")
    assert bad.code == 2 and "UAI" in bad.err


#: a writer: for each round, waits for the round's signal file, then opens a new ledger and
#: takes a send number in it at the same instant as the other writers
_WRITER = """
import sys, time
from pathlib import Path
from siecle_sdk.exchange.ledger import Entry, Ledger
folder, rounds = Path(sys.argv[1]), int(sys.argv[2])
print("prêt", flush=True)
for round in range(rounds):
    while not (folder / f"go-{round}").exists():
        time.sleep(0.001)
    with Ledger(folder / f"ledger-{round}" / "historique.sqlite") as ledger:
        number = ledger.reserve_send("0750680G", "2019", "EXEMPLE")
        ledger.record(Entry("check", f"{number}.xml", "0750680G", "2019"))
    print(number, flush=True)
"""
_BURNER = "while True: pass"
WRITERS, ROUNDS = 8, 16


def test_concurrent_processes_get_distinct_numbers(tmp_path: Path) -> None:
    """8 processes open a new ledger at the same instant (16 times over), while every CPU is
    kept busy by other processes: each waits for the ledger instead of failing ("database is
    locked"), and gets its own send number."""
    burners = [
        subprocess.Popen([sys.executable, "-c", _BURNER]) for _ in range((os.cpu_count() or 1) + 1)
    ]
    workers: list[subprocess.Popen[str]] = []
    try:
        workers += [
            subprocess.Popen(
                [sys.executable, "-c", _WRITER, str(tmp_path), str(ROUNDS)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(WRITERS)
        ]
        for worker in workers:
            assert worker.stdout is not None
            assert worker.stdout.readline().strip() == "prêt", worker.stderr
        for round in range(ROUNDS):
            (tmp_path / f"go-{round}").touch()
            numbers = []
            for worker in workers:
                assert worker.stdout is not None
                line = worker.stdout.readline().strip()
                assert line.isdigit(), worker.communicate(timeout=600)[1]
                numbers.append(int(line))
            assert sorted(numbers) == list(range(1, WRITERS + 1))
        for worker in workers:
            worker.communicate(timeout=600)
            assert worker.returncode == 0
    finally:
        for process in [*burners, *workers]:
            process.kill()
            process.wait()
    for round in range(ROUNDS):
        with Ledger(tmp_path / f"ledger-{round}" / "historique.sqlite") as ledger:
            assert len(ledger.entries()) == WRITERS


_CRASH = """
import sys, time
from pathlib import Path
from siecle_sdk.exchange.ledger import Entry, Ledger
ledger = Ledger(Path(sys.argv[1]))
ledger.record(Entry("check", "committed.xml", "0750680G", "2019"))
connection = ledger._connect()
connection.execute("BEGIN IMMEDIATE")
for i in range(2000):
    connection.execute(
        "INSERT INTO entries (at, command, file_name, uai, school_year, findings, status, detail)"
        " VALUES ('2019-09-05T12:00:00+00:00', 'push', ?, '0750680G', '2019', '{}', 'ok', '')",
        (f"uncommitted{i}.zip",),
    )
connection.execute("INSERT INTO sends VALUES ('0750680G', '2019', 1, 'EXEMPLE', 'now')")
print("written", flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL needs a POSIX system")
def test_killed_writer_leaves_ledger_usable(tmp_path: Path) -> None:
    path = tmp_path / "historique.sqlite"
    writer = subprocess.Popen(
        [sys.executable, "-c", _CRASH, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "written", writer.stderr
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    writer.stdout.close()
    assert writer.stderr is not None
    writer.stderr.close()
    with Ledger(path, timeout=5) as ledger:
        assert [e.file_name for e in ledger.entries()] == ["committed.xml"]
        assert ledger.reserve_send(UAI, "2019", "EXEMPLE") == 1
        ledger.record(Entry("check", "after.xml", UAI, "2019"))
        assert len(ledger.entries()) == 2


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "historique.sqlite"
    path.write_bytes(b"not a sqlite file at all" * 100)
    with pytest.raises(LedgerError, match="pas un historique"), Ledger(path) as ledger:
        ledger.entries()


# --- entries --------------------------------------------------------------------------------


def test_entry_from_report(tmp_path: Path) -> None:
    report = _report(tmp_path)
    entry = entry_from_report("push", report.file, report, send_number=3)
    assert entry.file_name == report.file.name
    assert entry.sha256 == sha256_of(report.file) and len(entry.sha256) == 64
    assert (entry.responsables, entry.eleves, entry.absents) == (812, 640, 0)
    assert entry.findings == {1: 1, 2: 0, 3: 0, 4: 3, 5: 12, 6: 3, 7: 0}
    assert entry.status is Status.REJECTS
    assert entry.result() == "4 rejets, 12 anomalies, 3 notes"
    report.findings = [f for f in report.findings if f.consequence is Consequence.NOTE][:1]
    report.absent = None
    entry = entry_from_report("check", report.file, report)
    assert entry.status is Status.OK and entry.absents is None and 7 not in entry.findings
    assert entry.result() == "1 note"
    report.findings = []
    assert entry_from_report("check", report.file, report).result() == "aucune anomalie"
    report.deposit_errors = ["ligne 3 : élément inattendu"]
    refused = entry_from_report("check", tmp_path / "gone.xml", report)
    assert refused.status is Status.REFUSED and refused.sha256 is None
    assert refused.result() == "dépôt refusé"
    assert refused.detail == "SIECLE refuserait le dépôt (1 raison) : ligne 3 : élément inattendu"


def test_record_and_query(ledger: Ledger, tmp_path: Path) -> None:
    report = _report(tmp_path)
    ledger.record(Entry("pull", "ExportXML_ElevesSansAdresses.zip", UAI, "2019", eleves=640))
    first = entry_from_report("check", report.file, report)
    first.at = "2019-09-05T10:00:00+00:00"
    ledger.record(first)
    second = entry_from_report("push", report.file, report, send_number=1)
    assert ledger.record(second) == second.id
    ledger.record(Entry("check", "other.xml", OTHER_UAI, "2019", findings={5: 1}))
    ledger.record(Entry("check", "next.xml", UAI, "2020", findings={5: 2}))
    mine = ledger.entries(UAI, "2019")
    assert [e.command for e in mine] == ["push", "pull", "check"]
    assert mine[0].findings == second.findings and mine[0].send_number == 1
    assert len(ledger.entries(UAI)) == 4
    assert len(ledger.entries(school_year="2019")) == 4
    assert len(ledger.entries()) == 5
    last = ledger.last_check(UAI, "2019")
    assert last is not None and last.id == second.id
    assert ledger.last_check(UAI, "2021") is None


# --- location -------------------------------------------------------------------------------


def test_default_path_honours_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SIECLE_LEDGER", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "siecle-sdk" / "historique.sqlite"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = tmp_path / "home" / ".local" / "share" / "siecle-sdk" / "historique.sqlite"
    assert default_path() == expected
    assert Ledger().path == expected


def test_environment_and_option_move_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Callable[..., Any]
) -> None:
    from_env = tmp_path / "env" / "h.sqlite"
    monkeypatch.setenv("SIECLE_LEDGER", str(from_env))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    with Ledger() as ledger:
        ledger.record(Entry("pull", "env.zip", UAI, "2019"))
    assert from_env.is_file()
    from_option = tmp_path / "option" / "h.sqlite"
    with Ledger(from_option) as ledger:
        ledger.record(Entry("pull", "option.zip", UAI, "2019"))
    assert not (tmp_path / "xdg").exists()
    assert "env.zip" in run_cli("history").out
    shown = run_cli("history", "--ledger", from_option).out
    assert "option.zip" in shown and "env.zip" not in shown


# --- the command ----------------------------------------------------------------------------


def test_history_command(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    path = tmp_path / "h.sqlite"
    report = _report(tmp_path)
    with Ledger(path) as ledger:
        ledger.record(entry_from_report("check", report.file, report))
        report.findings = []
        ledger.record(entry_from_report("push", report.file, report, send_number=7))
    result = run_cli("history", "--ledger", path)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"Établissement {UAI}, année 2019-2020"
    header = lines[2]
    for column in ("Date", "Commande", "Fichier", "N° envoi", "Responsables", "Élèves"):
        assert column in header
    assert "Absents" in header and "Résultat" in header
    assert "push" in lines[3] and " 7 " in lines[3] and "aucune anomalie" in lines[3]
    assert "check" in lines[4] and "4 rejets, 12 anomalies, 3 notes" in lines[4]
    assert report.file.name in lines[4] and "812" in lines[4] and "640" in lines[4]

    data = json.loads(run_cli("history", "--ledger", path, "--json").out)
    assert [e["command"] for e in data["entries"]] == ["push", "check"]
    assert data["entries"][1]["findings"]["4"] == 3
    assert data["entries"][1]["result"] == "4 rejets, 12 anomalies, 3 notes"
    assert data["entries"][0]["send_number"] == 7

    assert "Aucun échange" in run_cli("history", "--ledger", path, "--annee", "2020").out
    assert run_cli("history", "--ledger", path, "--annee", "20").code == 2


def test_history_marks_sends_of_the_same_half_day(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    path = tmp_path / "h.sqlite"
    with Ledger(path) as ledger:
        for number in (1, 2):
            entry = Entry("push", f"f{number}.zip", UAI, "2019", send_number=number)
            entry.at = f"2019-09-05T08:00:{number:02d}+00:00"
            ledger.record(entry)
    result = run_cli("history", "--ledger", path)
    assert "1 *" in result.out and "ne traite que le dernier" in result.out
    data = json.loads(run_cli("history", "--ledger", path, "--json").out)
    assert [e["superseded"] for e in data["entries"]] == [False, True]


def test_history_empty(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    path = tmp_path / "none" / "h.sqlite"
    result = run_cli("history", "--ledger", path)
    assert result.code == 0 and "Aucun échange enregistré" in result.out
    assert not path.exists()
    assert json.loads(run_cli("history", "--ledger", path, "--json").out) == {"entries": []}


def test_history_follows_the_academie_calendar(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    """Same half-day, but the académie ran an integration between the two sends: both are
    integrated. Times are SIECLE's (Paris) whatever the machine's zone."""
    path = tmp_path / "h.sqlite"
    settings = tmp_path / "academie.toml"
    settings.write_text('nom = "Lille"\nintegrations = ["02:30", "14:30"]\n', encoding="utf-8")
    with Ledger(path) as ledger:
        # 14h20 and 14h40 in Paris (CEST): around Lille's 14h30 run; then 14h50
        for number, utc in ((1, "12:20"), (2, "12:40"), (3, "12:50")):
            entry = Entry("push", f"f{number}.zip", UAI, "2019", send_number=number)
            entry.at = f"2019-09-05T{utc}:00+00:00"
            ledger.record(entry)
    lille = json.loads(run_cli("history", "--ledger", path, "--json", "--academie", settings).out)
    by_number = {e["send_number"]: e for e in lille["entries"]}
    assert not by_number[1]["superseded"]
    assert by_number[1]["siecle"] == "intégré le 05/09 14h30, compte-rendu vers 06/09 14h00"
    assert by_number[2]["superseded_by"] == 3
    creteil = json.loads(run_cli("history", "--ledger", path, "--json").out)
    by_number = {e["send_number"]: e for e in creteil["entries"]}
    assert by_number[1]["superseded_by"] == by_number[2]["superseded_by"] == 3
    table = run_cli("history", "--ledger", path).out
    assert "05/09/2019 14:20" in table and "académie de Créteil" in table
    assert run_cli("history", "--ledger", path, "--academie", "atlantide").code == 2
