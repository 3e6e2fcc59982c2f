"""One function over many inputs, in worker processes, without losing an input.

Every input gets an answer: its result, or :class:`Crashed` when the call raised or the worker
running it died. Workers are started the platform's way (``spawn`` on Windows and macOS): the
function and its arguments are pickled, nothing is inherited. At most ``jobs`` inputs are in the
workers at once, so that when a worker dies (which breaks the whole pool) only those are in
doubt: each is run again alone, in a new pool, to tell the input that kills a worker from those
that were running beside it; the others go on in a new pool.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["Crashed", "run_pool"]

R = TypeVar("R")


@dataclass(frozen=True)
class Crashed:
    """An input whose call did not return: ``detail`` says why, in one line (the exception
    raised, or the worker's end)."""

    detail: str


@dataclass
class _Pool(Generic[R]):
    executor: ProcessPoolExecutor
    running: dict[Future[R], int]


def run_pool(
    function: Callable[..., R],
    inputs: Sequence[tuple[Any, ...]],
    jobs: int,
    *,
    start_method: str | None = None,
    initializer: Callable[[], None] | None = None,
) -> Iterator[tuple[int, R | Crashed]]:
    """``(index, function(*inputs[index]))`` for every input, in the order they finish, the
    result replaced by :class:`Crashed` when the call raised or its worker died.

    ``start_method`` is that of :mod:`multiprocessing` (``None``: the platform's default);
    ``initializer`` runs once in each worker.
    """
    context = multiprocessing.get_context(start_method)
    waiting = deque(range(len(inputs)))
    in_doubt: list[int] = []

    def new_pool(workers: int) -> _Pool[R]:
        executor = ProcessPoolExecutor(workers, mp_context=context, initializer=initializer)
        return _Pool(executor, {})

    while waiting:
        pool = new_pool(min(jobs, len(waiting)))
        broken = False
        try:
            while (waiting or pool.running) and not broken:
                while waiting and len(pool.running) < jobs:
                    index = waiting.popleft()
                    pool.running[pool.executor.submit(function, *inputs[index])] = index
                done, _ = wait(pool.running, return_when=FIRST_COMPLETED)
                for future in done:
                    answer = _answer(future)
                    if answer is None:
                        broken = True
                        continue
                    yield pool.running.pop(future), answer
        finally:
            pool.executor.shutdown(wait=True, cancel_futures=True)
        if broken:
            in_doubt += sorted(pool.running.values())
        for index in in_doubt:
            yield index, _alone(function, inputs[index], context, initializer)
        in_doubt.clear()


def _answer(future: Future[R]) -> R | Crashed | None:
    """The future's result, :class:`Crashed` when the call raised, ``None`` when its worker
    (or another one of the pool) died."""
    try:
        return future.result()
    except BrokenProcessPool:
        return None
    except Exception as exc:
        return Crashed(f"{type(exc).__name__}: {exc}")


def _alone(
    function: Callable[..., R],
    arguments: tuple[Any, ...],
    context: Any,
    initializer: Callable[[], None] | None,
) -> R | Crashed:
    """``function(*arguments)`` in a worker of its own."""
    with ProcessPoolExecutor(1, mp_context=context, initializer=initializer) as executor:
        answer = _answer(executor.submit(function, *arguments))
    if answer is None:
        return Crashed("worker process ended abruptly")
    return answer
