"""The one clock: real time unless a block moves it, and only for that block."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.utils import timezone

from concord.core import clock

MOMENT = datetime.datetime(2024, 3, 1, 9, 30, tzinfo=datetime.UTC)


def test_now_is_the_real_time_unless_moved() -> None:
    before = timezone.now()
    assert before <= clock.now() <= timezone.now()


def test_moved_to_holds_now_and_today_for_the_block_only() -> None:
    with clock.moved_to(MOMENT):
        assert clock.now() == MOMENT
        assert clock.today() == datetime.date(2024, 3, 1)
        clock.set(MOMENT + datetime.timedelta(days=2))
        assert clock.today() == datetime.date(2024, 3, 3)
    assert abs(clock.now() - timezone.now()) < datetime.timedelta(seconds=5)


def test_blocks_nest_and_unwind() -> None:
    later = MOMENT + datetime.timedelta(hours=5)
    with clock.moved_to(MOMENT):
        with clock.moved_to(later):
            assert clock.now() == later
        assert clock.now() == MOMENT


def test_a_moved_clock_stays_in_its_own_thread() -> None:
    seen: list[datetime.datetime] = []
    with clock.moved_to(MOMENT):
        worker = threading.Thread(target=lambda: seen.append(clock.now()))
        worker.start()
        worker.join()
    assert seen and seen[0] != MOMENT


def test_naive_moments_and_setting_an_unmoved_clock_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"), clock.moved_to(datetime.datetime(2024, 3, 1)):
        pass
    with pytest.raises(RuntimeError, match="moved_to"):
        clock.set(MOMENT)
