"""Worker processes that answer for every input, even when one of them dies."""

from __future__ import annotations

import os

from siecle_sdk.pool import Crashed, run_pool


def square_or_fail(number: int) -> int:
    """The square of ``number``; 3 kills its worker, 5 raises."""
    if number == 3:
        os._exit(9)
    if number == 5:
        raise ValueError("five")
    return number * number


def test_every_input_is_answered_under_spawn() -> None:
    answers = dict(run_pool(square_or_fail, [(n,) for n in range(8)], 2, start_method="spawn"))
    assert sorted(answers) == list(range(8))
    assert answers[3] == Crashed("worker process ended abruptly")
    assert answers[5] == Crashed("ValueError: five")
    assert {n: answers[n] for n in (0, 1, 2, 4, 6, 7)} == {n: n * n for n in (0, 1, 2, 4, 6, 7)}


def test_a_dying_first_input_does_not_take_the_others_with_it() -> None:
    inputs = [(3,), (3,), (1,), (2,)]
    answers = dict(run_pool(square_or_fail, inputs, 2, start_method="spawn"))
    assert answers == {
        0: Crashed("worker process ended abruptly"),
        1: Crashed("worker process ended abruptly"),
        2: 1,
        3: 4,
    }


def test_more_jobs_than_inputs() -> None:
    assert dict(run_pool(square_or_fail, [(2,)], 4, start_method="spawn")) == {0: 4}
    assert dict(run_pool(square_or_fail, [], 2, start_method="spawn")) == {}
