"""click's own messages (usage errors, help) are in French, like everything ``siecle`` says."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from siecle_sdk.cli.main import COMMANDS

from .conftest import Result

Run = Callable[..., Result]

#: what click says when it speaks English
ENGLISH = (
    "Usage:",
    "Error:",
    "Invalid value",
    "No such",
    "Missing",
    "Try '",
    "does not exist",
    "is a directory",
    "Show this message",
    "is not one of",
    "is not a valid",
    "unexpected extra",
    "requires an argument",
)


def _french(result: Result) -> None:
    text = result.out + result.err
    for english in ENGLISH:
        assert english not in text, (english, text)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["nimporte"], "Commande inconnue : 'nimporte'"),
        (["fake", "--pupils", "dix", "--out", "x"], "Valeur invalide pour '--pupils'"),
        (["fake", "--out", "x"], "Option manquante : '--pupils'"),
        (["pull"], "Argument manquant : 'VENDOR'"),
        (["convert", "a.xml"], "Argument manquant"),
        (["inspect", "--rien", "a.xml"], "Option inconnue"),
        (["check", "--format", "pdf", "a.xml"], "n'est pas parmi"),
        (["check", "--jobs", "0", "a.xml"], "n'est pas dans l'intervalle"),
        (["inspect", "fichier-absent.xml"], "n'existe pas"),
        (["history", "--uai"], "attend une valeur"),
        (["plugin", "new", "a", "b"], "Argument en trop"),
    ],
)
def test_usage_errors_in_french(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli(*args)
    assert result.code == 2, result
    assert said in result.err, result.err
    assert "Erreur : " in result.err
    _french(result)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_in_french(run_cli: Run, command: str) -> None:
    result = run_cli(command, "--help")
    assert result.code == 0, result
    assert result.out.startswith("Utilisation : siecle")
    assert "Afficher cette aide et quitter." in result.out
    _french(result)


def test_main_help_in_french(run_cli: Run) -> None:
    result = run_cli("--help")
    assert "Utilisation : siecle [OPTIONS] COMMANDE [ARGUMENTS]..." in result.out
    assert "Afficher la version et quitter." in result.out
    _french(result)
