"""`python -m tests.support.skewed_cli SECONDS ARGS…`: `gers-solidaire ARGS…` in a process whose clock
is SECONDS off the machine's (a node whose clock drifted, or was set by hand to the wrong hour)."""

from __future__ import annotations

import datetime as dt
import sys

import time_machine

from gers.cli import main

if __name__ == "__main__":
    offset = dt.timedelta(seconds=float(sys.argv.pop(1)))
    # The machine's clock is the reference the offset is counted from: read it once, then drift.
    time_machine.travel(dt.datetime.now(dt.UTC) + offset, tick=True).start()
    main()
