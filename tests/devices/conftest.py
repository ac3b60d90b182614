"""Fixtures for the device tests: simulated scales on ptys, a network printer on a local socket.

Every fixture stops what it started (threads joined, fds closed): with warnings as errors, a
leaked socket or a dying thread fails the test that caused it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devices.printer_sim import TcpPrinterSimulator
from devices.scale_sim import PtyScaleSimulator, ScaleModel

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def make_scale_sim() -> Iterator[Callable[..., PtyScaleSimulator]]:
    """Builder: ``make_scale_sim("toledo8217", gross_grams=1234)`` -> a started simulator."""
    started: list[PtyScaleSimulator] = []

    def make(protocol: str = "toledo8217", *, link: str | None = None, interval: float = 0.01,
             **model: object) -> PtyScaleSimulator:
        sim = PtyScaleSimulator(protocol, ScaleModel(**model), link=link, interval=interval)  # type: ignore[arg-type]
        started.append(sim.start())
        return sim

    yield make
    for sim in started:
        sim.stop()


@pytest.fixture
def printer_sim() -> Iterator[TcpPrinterSimulator]:
    sim = TcpPrinterSimulator().start()
    yield sim
    sim.stop()
