"""graph.collector.collector_paused: the cyclic collector is off inside the block and on
again after it (even after an error), and a block entered with it off leaves it off.

The collector is one switch for the whole process, which the engine's readers in other
threads (a live server's, say) also use: the check runs in a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


SETTLED = """
import gc, os
from api.app import create_served_app

before = gc.get_freeze_count()
create_served_app()
assert gc.get_freeze_count() - before > 100_000, (before, gc.get_freeze_count())
assert not gc.get_objects(2), "the old generation starts empty"
"""


def test_a_served_app_freezes_its_start_up_heap(
    tmp_path: Path,
) -> None:
    """What each `redgrid serve` worker runs (api.app.create_served_app) leaves the modules,
    the schema and what lived before out of every later collection
    (graph.collector.settle_for_serving)."""
    env = {**os.environ, "REDGRID_DATA": str(tmp_path), "REDGRID_SECRET_KEY": "k" * 40}
    done = subprocess.run([sys.executable, "-c", SETTLED], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
