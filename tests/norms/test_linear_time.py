"""No shape of text makes the check slow: it costs about what prose of the same length costs, at any length.

Python's `re` holds the interpreter lock while it matches, so one rule that backtracks over a long run of
line breaks or filler words would freeze every other request. Timings are compared only with each other,
measured in the same run, with wide margins, as the CPU time of this thread: time the machine gives to
other work while a check runs does not count.
"""
from __future__ import annotations

import time

import pytest

from board.norms import check
from board.norms.report import SHAPES, prose, shaped

SIZE = 20_000
#: a shape may cost this many times what prose of the same length costs
PROSE_MARGIN = 5
#: ten times the text may cost this many times as much (linear: about 10; quadratic: about 100); short
#: runs are timed a little faster than long ones on a busy machine, hence the margin
GROWTH_MARGIN = 30
TRIES = 5


def _cost(text: str, budget: float = float("inf")) -> float:
    """Return the shortest of a few timings of the check, stopping once one fits the budget.

    A timing far over the budget settles it too: a slow rule is not measured again.
    """
    best = float("inf")
    for _ in range(TRIES):
        start = time.thread_time()
        check(text)
        best = min(best, time.thread_time() - start)
        if best <= budget or best > 10 * budget:
            break
    return best


@pytest.fixture(scope="module")
def prose_cost() -> float:
    text = prose(SIZE)
    check(text)  # compiled patterns and caches warm
    return min(_cost(text) for _ in range(3))


def test_prose_is_long_enough_to_measure(prose_cost):
    assert len(prose(SIZE)) == SIZE and check(prose(SIZE)) == []


@pytest.mark.parametrize("shape", SHAPES)
def test_a_shape_of_text_costs_about_what_prose_of_its_length_costs(shape, prose_cost):
    cost = _cost(shaped(shape, SIZE), PROSE_MARGIN * prose_cost)
    assert cost <= PROSE_MARGIN * prose_cost, (
        f"{shape!r}: {cost * 1000:.0f} ms for {SIZE:,} characters, prose {prose_cost * 1000:.0f} ms")


@pytest.mark.parametrize("shape", SHAPES)
def test_ten_times_the_text_costs_about_ten_times_as_much(shape):
    small = min(_cost(shaped(shape, SIZE // 10)) for _ in range(3))
    # a floor for shapes checked in microseconds, where the timer's grain would decide
    budget = GROWTH_MARGIN * max(small, 2e-4)
    cost = _cost(shaped(shape, SIZE), budget)
    assert cost <= budget, (
        f"{shape!r}: {small * 1000:.1f} ms for {SIZE // 10:,} characters, {cost * 1000:.0f} ms for {SIZE:,}")


def test_twenty_thousand_line_breaks_cost_about_what_prose_costs(prose_cost):
    # the text that froze the server for 24 seconds
    cost = _cost("\n" * 20_000, PROSE_MARGIN * prose_cost)
    assert cost <= PROSE_MARGIN * prose_cost
