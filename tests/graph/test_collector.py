"""graph.collector.collector_paused: the cyclic collector is off inside the block and on
again after it (even after an error), and a block entered with it off leaves it off.

The collector is one switch for the whole process, which the engine's readers in other
threads (a live server's, say) also use: the check runs in a process of its own."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import gc
from graph.collector import collector_paused

assert gc.isenabled()
with collector_paused():
    assert not gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled(), "the inner block found it off and leaves it off"
assert gc.isenabled()
try:
    with collector_paused():
        raise RuntimeError("failed")
except RuntimeError:
    pass
assert gc.isenabled()
"""


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
