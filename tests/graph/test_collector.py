"""graph.collector.collector_paused: the cyclic collector is off inside the block and on
again after it (even after an error), and a block entered with it off leaves it off."""

from __future__ import annotations

import gc

import pytest

from graph.collector import collector_paused


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the inner block found it off and leaves it off"
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("failed")
    assert gc.isenabled()
