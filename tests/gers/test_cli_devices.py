"""Only the long-running server touches hardware: a CLI command run on a site node beside the live
server (`db upgrade` under systemd, `journal verify`, `demo build`, …) opens no scanner, no scale and
no print queue — else a receipt waiting in the spool comes out of `journal verify`."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import tty
from pathlib import Path

import pytest
from click.testing import CliRunner

from devices.printer_sim import TcpPrinterSimulator
from devices.spool import Spool
from gers.cli import build_cli
from gers.db import make_engine, make_session_factory
from tests.support import hardware_guard
from tests.support.builders import Builders


@pytest.fixture
def ptys():
    """Two pseudo-terminals standing for the scanner's and the scale's serial ports."""
    pairs = [os.openpty() for _ in range(2)]
    for _master, slave in pairs:
        tty.setraw(slave)
    yield [os.ttyname(slave) for _master, slave in pairs]
    for pair in pairs:
        for fd in pair:
            os.close(fd)


@pytest.fixture
def site_node(tmp_path: Path, ptys: list[str]) -> Path:
    instance = tmp_path / "auch"
    instance.mkdir()
    (instance / "gers.toml").write_text(
        'role = "site"\nnode_code = "AUCH"\n'
        f'\n[devices.scanner]\nkind = "serial"\nport = "{ptys[0]}"\n'
        f'\n[devices.scale]\nkind = "serial"\nport = "{ptys[1]}"\nprotocol = "toledo8217"\n'
        f'\n[devices.printer]\nspec = "file:{instance / "tickets.bin"}"\nretry_interval = 0.05\n',
        encoding="utf-8")
    Spool(str(instance / "spool-imprimante")).add(b"ticket de la vente d'hier\n")
    return instance


def _add_site(instance: Path) -> None:
    engine = make_engine(f"sqlite:///{instance / 'gers.sqlite3'}")
    with make_session_factory(engine)() as session:
        Builders(session).site(code="AUCH", name="Auch")
        session.commit()
    engine.dispose()


def _run_without_devices(watched: list[str], *args: str):
    """Run one command in this process; fail if it started a thread or opened a device path."""
    threads = set(threading.enumerate())
    with hardware_guard.watch(*watched) as opened:
        result = CliRunner().invoke(build_cli(), list(args))
    assert result.exit_code == 0, result.output
    started = [t.name for t in threading.enumerate() if t not in threads]
    assert started == [], f"`{' '.join(args[:2])}` started {started}"
    assert opened == [], f"`{' '.join(args[:2])}` opened {opened}"
    return result


def test_operator_commands_open_no_device_on_a_site_node(site_node: Path, ptys: list[str]):
    instance = str(site_node)
    devices = [*ptys, str(site_node / "tickets.bin")]
    _run_without_devices(devices, "db", "upgrade", "--instance", instance)
    _add_site(site_node)
    commands = (
        ("db", "check"),
        ("journal", "verify"),
        ("users", "create", "--username", "marie", "--name", "Marie", "--role", "cashier", "--site", "AUCH",
         "--pin", "2468"),
        ("users", "unlock", "marie"),
        ("households", "purge"),
        ("warehouse", "rebuild-balances"),
    )
    for command in commands:
        _run_without_devices(devices, *command, "--instance", instance)
    assert not (site_node / "tickets.bin").exists()
    assert len(Spool(str(site_node / "spool-imprimante")).pending()) == 1  # still waiting for `serve`


@pytest.mark.slow
def test_demo_build_opens_no_device_of_the_demo_site(tmp_path: Path):
    site = tmp_path / "demo" / "auch"
    devices = [str(site / "balance-simulee"), str(site / "lecteur-simule"), str(site / "tickets.bin")]
    result = _run_without_devices(devices, "demo", "build", "--dir", str(tmp_path / "demo"))
    assert "Nœud AUCH enrôlé et synchronisé" in result.output
    assert not (site / "spool-imprimante").exists()


def test_serve_is_the_process_that_prints_the_spooled_receipt(site_node: Path):
    from tests.support.postgres import free_port

    _run_without_devices([], "db", "upgrade", "--instance", str(site_node))
    printer = TcpPrinterSimulator().start()
    config = site_node / "gers.toml"
    config.write_text(config.read_text().replace(f"file:{site_node / 'tickets.bin'}", printer.spec))
    command = [sys.executable, "-m", "gers.cli", "serve", "--instance", str(site_node), "--port", str(free_port())]
    try:
        with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as server:
            try:
                assert printer.wait_jobs(1, timeout=60)
            finally:
                server.terminate()
        assert printer.jobs == [b"ticket de la vente d'hier\n"]
    finally:
        printer.stop()
