"""`python -m tests.support.skewed_cli MOMENT ARGS…`: `gers-solidaire ARGS…` in a process whose clock
starts at MOMENT (ISO, given by the test: the network's clock plus the drift of a node whose clock
was set by hand to the wrong hour) and then ticks."""

from __future__ import annotations

import datetime as dt
import sys

import time_machine

from gers.cli import main

if __name__ == "__main__":
    time_machine.travel(dt.datetime.fromisoformat(sys.argv.pop(1)), tick=True).start()
    main()
