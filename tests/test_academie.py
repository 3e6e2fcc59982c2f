"""The académie's calendar: half-days, the night's integration, results, exports, settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from siecle_sdk.academie import (
    CRETEIL,
    PARIS,
    Academie,
    HalfDay,
    load_academie,
    parse_now,
    superseded_indexes,
)
from siecle_sdk.errors import UnusableInput


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


# --- half-days -----------------------------------------------------------------------------


def test_half_day_turns_at_noon() -> None:
    assert HalfDay.of(paris(2019, 9, 5, 11, 59, 59)) == HalfDay(dt.date(2019, 9, 5), False)
    assert HalfDay.of(paris(2019, 9, 5, 12, 0, 0)) == HalfDay(dt.date(2019, 9, 5), True)
    assert not CRETEIL.same_batch(paris(2019, 9, 5, 11, 59), paris(2019, 9, 5, 12, 0))
    assert CRETEIL.same_batch(paris(2019, 9, 5, 8, 0), paris(2019, 9, 5, 11, 59, 59))


def test_half_day_turns_at_midnight() -> None:
    assert HalfDay.of(paris(2019, 9, 5, 23, 59, 59)) == HalfDay(dt.date(2019, 9, 5), True)
    assert HalfDay.of(paris(2019, 9, 6, 0, 0, 0)) == HalfDay(dt.date(2019, 9, 6), False)
    # both after the 21h45 cut, both waiting for the next night, but not the same half-day
    assert not CRETEIL.same_batch(paris(2019, 9, 5, 23, 30), paris(2019, 9, 6, 0, 30))
    assert CRETEIL.same_batch(paris(2019, 9, 5, 22, 0), paris(2019, 9, 5, 23, 59))


def test_half_day_is_paris_time_whatever_the_zone_given() -> None:
    # 10h30 UTC in September is 12h30 in Paris: the afternoon
    utc = dt.datetime(2019, 9, 5, 10, 30, tzinfo=dt.UTC)
    assert HalfDay.of(utc).afternoon
    # a naive time is taken as Paris time
    assert not HalfDay.of(dt.datetime(2019, 9, 5, 10, 30)).afternoon


def test_the_2145_cut() -> None:
    before, at = paris(2019, 9, 5, 21, 44, 59), paris(2019, 9, 5, 21, 45, 0)
    assert CRETEIL.next_run(before) == paris(2019, 9, 5, 21, 45)
    assert CRETEIL.next_run(at) == paris(2019, 9, 6, 21, 45)
    # same afternoon, but the first one was integrated at 21h45: the second does not replace it
    assert not CRETEIL.same_batch(paris(2019, 9, 5, 21, 30), paris(2019, 9, 5, 22, 0))
    assert CRETEIL.fate(paris(2019, 9, 5, 21, 0))[0] == (
        "déposé après midi : sera remplacé par tout nouveau dépôt avant 21h45"
    )


def test_results_at_14h_the_next_day() -> None:
    run = CRETEIL.next_run(paris(2019, 9, 5, 9, 0))
    assert run == paris(2019, 9, 5, 21, 45)
    assert CRETEIL.results_at(run) == paris(2019, 9, 6, 14, 0)
    now = paris(2019, 9, 5, 9, 0)
    assert CRETEIL.fate(now, now) == [
        "déposé avant midi : sera remplacé par tout nouveau dépôt avant 12h00",
        "intégré cette nuit à 21h45, compte-rendu vers 14h demain",
    ]
    # without "now", dates
    assert (
        CRETEIL.fate(now)[1] == "intégré le 05/09/2019 à 21h45, compte-rendu vers 14h le 06/09/2019"
    )
    # a deposit after the cut: tomorrow night, results the day after
    late = paris(2019, 9, 5, 22, 0)
    assert CRETEIL.fate(late, late)[1] == (
        "intégré demain soir à 21h45, compte-rendu vers 14h le 07/09/2019"
    )


def test_dst_days() -> None:
    # 31 March 2019: clocks go from 2h to 3h; 27 October 2019: from 3h back to 2h
    spring = CRETEIL.next_run(paris(2019, 3, 31, 10, 0))
    assert spring == paris(2019, 3, 31, 21, 45)
    assert spring.utcoffset() == dt.timedelta(hours=2)
    autumn = CRETEIL.next_run(paris(2019, 10, 27, 10, 0))
    assert autumn == paris(2019, 10, 27, 21, 45)
    assert autumn.utcoffset() == dt.timedelta(hours=1)
    assert CRETEIL.results_at(autumn) == paris(2019, 10, 28, 14, 0)
    # the morning of the autumn day lasts 13 hours, and is still one half-day
    first = dt.datetime(2019, 10, 27, 0, 30, tzinfo=dt.UTC)  # 2h30 CEST
    second = dt.datetime(2019, 10, 27, 1, 30, tzinfo=dt.UTC)  # 2h30 CET, one hour later
    assert CRETEIL.same_batch(first, second)
    # a run at a time that does not exist on the spring day takes place after the gap
    night = Academie("Test", integrations=(dt.time(2, 30),))
    assert night.next_run(paris(2019, 3, 31, 0, 0)).astimezone(dt.UTC) == dt.datetime(
        2019, 3, 31, 1, 30, tzinfo=dt.UTC
    )


def test_exports_from_8h_to_20h() -> None:
    assert not CRETEIL.exports_open(paris(2019, 9, 5, 7, 59))
    assert CRETEIL.exports_open(paris(2019, 9, 5, 8, 0))
    assert CRETEIL.exports_open(paris(2019, 9, 5, 19, 59))
    assert not CRETEIL.exports_open(paris(2019, 9, 5, 20, 0))


def test_superseded_keeps_the_last_of_each_half_day() -> None:
    deposits = [
        paris(2019, 9, 5, 11, 0),  # replaced by 11h30
        paris(2019, 9, 5, 9, 0),  # replaced by 11h30 (any order)
        paris(2019, 9, 5, 11, 30),
        paris(2019, 9, 5, 14, 0),  # alone in the afternoon before the run
        paris(2019, 9, 5, 22, 0),  # after the cut: replaced by 23h00
        paris(2019, 9, 5, 23, 0),
    ]
    assert superseded_indexes(CRETEIL, deposits) == {0: 2, 1: 2, 4: 5}


# --- settings ------------------------------------------------------------------------------


def test_settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SIECLE_ACADEMIE")
    settings = tmp_path / "academie.toml"
    settings.write_text(
        'nom = "Lille"\nintegrations = ["14:30", "02:30"]\nresultats = "15:00"\n'
        'exports = ["08:00", "18:00"]\n',
        encoding="utf-8",
    )
    lille = load_academie(str(settings))
    assert lille.name == "Lille"
    assert lille.next_run(paris(2019, 9, 5, 10, 0)) == paris(2019, 9, 5, 14, 30)
    assert lille.next_run(paris(2019, 9, 5, 15, 0)) == paris(2019, 9, 6, 2, 30)
    assert lille.results_at(paris(2019, 9, 5, 14, 30)) == paris(2019, 9, 5, 15, 0)
    # two runs a day: a deposit at 10h and one at 11h30 share a half-day and a run
    assert lille.same_batch(paris(2019, 9, 5, 10, 0), paris(2019, 9, 5, 11, 30))
    # found in the data folder when nothing is said
    assert load_academie(None, tmp_path).name == "Lille"
    assert load_academie(None, tmp_path / "nowhere") is CRETEIL
    assert load_academie("creteil", tmp_path) is CRETEIL


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('integrations = ["25:00"]\n', "doit être une heure"),
        ('exports = ["20:00", "08:00"]\n', "commencer avant de finir"),
        ("integrations = []\n", "aucune heure"),
        ('couleur = "bleu"\n', "inconnu"),
        ("nom = \n", "mal écrits"),
        ('exports = ["08:00"]\n', "deux"),
    ],
)
def test_bad_settings_are_refused(tmp_path: Path, content: str, needle: str) -> None:
    settings = tmp_path / "academie.toml"
    settings.write_text(content, encoding="utf-8")
    with pytest.raises(UnusableInput, match=needle):
        load_academie(str(settings))


def test_environment_names_the_academie(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = tmp_path / "autre.toml"
    settings.write_text('nom = "Autre"\nintegrations = ["20:00"]\n', encoding="utf-8")
    monkeypatch.setenv("SIECLE_ACADEMIE", str(settings))
    assert load_academie().name == "Autre"
    # the option wins over the variable
    assert load_academie("creteil") is CRETEIL


def test_unknown_academie_and_bad_now() -> None:
    with pytest.raises(UnusableInput, match="inconnue"):
        load_academie("atlantide")
    with pytest.raises(UnusableInput, match="--now"):
        parse_now("demain matin")
    assert parse_now("2019-09-05T11:30") == paris(2019, 9, 5, 11, 30)
    assert parse_now("2019-09-05T09:30+00:00") == paris(2019, 9, 5, 11, 30)
