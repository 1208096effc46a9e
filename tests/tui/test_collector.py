"""The garbage collector around the review's board (facilitator/tui/collector.py): no
automatic collection while a worker reads a board, the board shown set aside, and what the
review left in cycles collected when it closes."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from facilitator.tui import collector

from facilitator.tui.app import FacilitatorApp

from .test_review import open_review, panel, settle  # noqa: F401  (the review tests' fixture and helpers)


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


@pytest.fixture(autouse=True)
def thawed():
    yield
    gc.unfreeze()
    gc.enable()


def test_paused_turns_collection_off_and_restores_it_even_nested_across_threads():
    assert gc.isenabled()
    first_in, second_in, first_may_leave, second_left = (threading.Event() for _ in range(4))
    seen = {}

    def first():
        with collector.paused():
            first_in.set()
            first_may_leave.wait(10)
        seen["after first"] = gc.isenabled()

    def second():
        first_in.wait(10)
        with collector.paused():
            second_in.set()
        seen["second left, first still in"] = gc.isenabled()
        second_left.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    assert second_in.wait(10) and second_left.wait(10)
    first_may_leave.set()
    for t in threads:
        t.join(10)
    assert seen == {"second left, first still in": False, "after first": True}
    assert gc.isenabled()
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()  # off before: off after


def test_kept_objects_wait_and_release_collects_their_cycles():
    gc.collect()
    node = Node()
    ref = weakref.ref(node)
    collector.keep()
    assert gc.get_freeze_count() > 0
    del node
    gc.collect()
    assert ref() is not None  # set aside: a collection does not look at it
    collector.release()
    assert ref() is None
    assert gc.get_freeze_count() > 0  # what survived is set aside again


async def test_the_review_reads_without_collections_keeps_its_board_and_lets_it_go_on_closing(store, panel, monkeypatch):  # noqa: F811 - the fixture imported above
    import facilitator.core.review as core_review

    enabled_while_reading = []
    real = core_review.read_board

    def read_board(*args, **kwargs):
        enabled_while_reading.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(core_review, "read_board", read_board)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        gc.unfreeze()
        screen = await open_review(app, pilot, panel, None)
        assert enabled_while_reading == [False] and gc.isenabled()
        assert screen.board.clusters or screen.board.unclustered
        left = Node()  # made while the review is open, set aside with the next board
        ref = weakref.ref(left)
        screen.load_board()
        await settle(pilot)
        assert gc.get_freeze_count() > 0
        del left
        gc.collect()
        assert ref() is not None
        app.pop_screen()  # closing the review collects it
        await pilot.pause()
        await pilot.pause()
        assert ref() is None
    assert gc.get_freeze_count() == 0  # the app stopped: nothing is left set aside


async def test_a_review_read_again_keeps_no_old_board(store, panel, monkeypatch):  # noqa: F811 - the fixture imported above
    import facilitator.core.review as core_review

    boards = []
    real = core_review.read_board

    def read_board(*args, **kwargs):
        board = real(*args, **kwargs)
        boards.append(weakref.ref(board))
        return board

    monkeypatch.setattr(core_review, "read_board", read_board)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = await open_review(app, pilot, panel, None)
        for afresh in (False, True, False, True, False, True):
            screen.load_board(afresh=afresh)
            await settle(pilot)
        assert len(boards) == 7
        # only the board shown is alive: one held by a finished worker (garbage that waits for a
        # collection, and was set aside with what was frozen) would stay
        alive = [i for i, ref in enumerate(boards) if ref() is not None]
        assert alive == [6]
