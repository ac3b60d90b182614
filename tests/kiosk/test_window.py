"""The site's full-screen window: its behaviour without a GUI (Shell), the `kiosk` command, and a
smoke test that opens the real pywebview window (GTK/WebKit) under Xvfb on the live server."""

from __future__ import annotations

import queue
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug.serving import make_server

from gers.cli import build_cli
from kiosk import window
from kiosk.cli import screen_url
from kiosk.shell import MISSES_BEFORE_WAITING, Shell, Showing, lock_script

ROOT = Path(__file__).resolve().parents[2]
DEBIAN_SITE_PACKAGES = "/usr/lib/python3/dist-packages"  # python3-gi, as a --system-site-packages venv sees it


class Screen:
    def __init__(self, answers: list[bool]) -> None:
        self.answers, self.shown = answers, []

    def shell(self) -> Shell:
        return Shell("http://127.0.0.1:5000/borne", probe=lambda: self.answers.pop(0),
                     show_waiting=lambda: self.shown.append("attente"), show_app=lambda: self.shown.append("app"),
                     report=lambda _line: None)


def test_the_window_waits_opens_the_app_and_waits_again_when_the_server_stops():
    screen = Screen([False, False, True, True, False, False, True] + [False] * MISSES_BEFORE_WAITING + [True])
    shell = screen.shell()
    for _ in range(2):
        shell.check()
    assert shell.showing is Showing.WAITING and screen.shown == []
    shell.check()
    assert screen.shown == ["app"]
    for _ in range(4):  # one answer lost now and then does not blank the till
        shell.check()
    assert screen.shown == ["app"]
    for _ in range(MISSES_BEFORE_WAITING):
        shell.check()
    assert screen.shown == ["app", "attente"]
    shell.check()  # the server is back (restarted, or the Pi finished booting)
    assert screen.shown == ["app", "attente", "app"]


def test_a_page_outside_the_app_is_replaced_by_the_start_page():
    screen = Screen([True])
    shell = screen.shell()
    shell.check()
    assert shell.loaded("http://127.0.0.1:5000/borne/horaires")
    assert shell.loaded("about:blank")
    assert not shell.loaded("https://www.example.org/")
    assert not shell.loaded("http://127.0.0.1:8080/borne")  # another port is another server
    assert screen.shown == ["app", "app", "app"]


def test_the_lock_script_hides_the_cursor_only_when_asked():
    assert "cursor: none" in lock_script(True) and "if (true" in lock_script(True)
    assert "if (false" in lock_script(False)
    assert "window.open = function () { return null; }" in lock_script(False)


def test_the_kiosk_command_opens_the_configured_screen(tmp_path, monkeypatch):
    (tmp_path / "gers.toml").write_text('role = "site"\nnode_code = "AUCH"\nkiosk_server_url = "http://127.0.0.1:8000/"\n'
                                        'kiosk_screen = "caisse"\n')
    opened = []
    monkeypatch.setattr(window, "run", lambda url, **options: opened.append((url, options)) or 0)
    monkeypatch.setattr("kiosk.cli.pywebview_installed", lambda: True)
    result = CliRunner().invoke(build_cli(), ["kiosk", "--instance", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert opened == [("http://127.0.0.1:8000/caisse", {"hide_cursor": True, "fullscreen": True})]
    assert not (tmp_path / "gers.sqlite3").exists()  # no database, no device: the server owns them
    result = CliRunner().invoke(build_cli(), ["kiosk", "--instance", str(tmp_path), "--ecran", "borne", "--pointeur"])
    assert opened[-1] == ("http://127.0.0.1:8000/borne", {"hide_cursor": False, "fullscreen": True})


def test_the_kiosk_command_without_pywebview_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr("kiosk.cli.pywebview_installed", lambda: False)
    result = CliRunner().invoke(build_cli(), ["kiosk", "--instance", str(tmp_path)])
    assert result.exit_code != 0 and "pywebview n'est pas installé" in result.output
    assert screen_url({"KIOSK_SERVER_URL": "http://127.0.0.1:5000", "KIOSK_SCREEN": "borne"}) == \
        "http://127.0.0.1:5000/borne"


# --- the real window under Xvfb ------------------------------------------------------------------

def _gtk_webview_missing() -> str | None:
    if shutil.which("xvfb-run") is None:
        return "xvfb-run absent (paquet Debian xvfb) : `make system-deps` l'installe en root."
    probe = subprocess.run([sys.executable, "-c", "import webview, gi; gi.require_version('WebKit2', '4.1'); "
                            "from gi.repository import WebKit2"], env={"PYTHONPATH": DEBIAN_SITE_PACKAGES},
                           capture_output=True, text=True)
    if probe.returncode != 0:
        return ("pywebview ou WebKitGTK absent (pip install pywebview ; paquets Debian python3-gi "
                f"gir1.2-webkit2-4.1) : {probe.stderr.strip().splitlines()[-1:]}")
    return None


@pytest.fixture
def gtk_window():
    reason = _gtk_webview_missing()
    if reason:
        print(f"SKIP: {reason}")
        pytest.skip(reason)

    started = []

    def start(url: str) -> Lines:
        process = subprocess.Popen(["xvfb-run", "-a", sys.executable, "-m", "kiosk.window", url, "--smoke",
                                    "--check-every", "0.2"],
                                   env={"PYTHONPATH": f"{ROOT}:{DEBIAN_SITE_PACKAGES}", "PATH": "/usr/bin:/bin"},
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
        started.append(Lines(process))
        return started[-1]
    yield start
    for lines in started:
        lines.close()


class Lines:
    """The window's stdout, line by line, read in a thread so that a hung window fails the test."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.process, self.seen, self._lines = process, [], queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=30)
        self._reader.join(timeout=30)
        self.process.stdout.close()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._lines.put(line.rstrip())
        self._lines.put(None)

    def wait_for(self, text: str, timeout: float = 60) -> None:
        while True:
            line = self._lines.get(timeout=timeout)
            assert line is not None, f"{text!r} never shown: {self.seen}"
            self.seen.append(line)
            if text in line:
                return


@pytest.mark.slow
def test_the_window_opens_the_kiosk_under_xvfb(gtk_window, live_server, kiosk):
    lines = gtk_window(f"{live_server.url}/borne")
    lines.wait_for(f"Page chargée : {live_server.url}/borne")
    assert lines.process.wait(timeout=60) == 0


@pytest.mark.slow
def test_the_window_waits_for_a_server_that_starts_after_it(gtk_window, app, kiosk):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    lines = gtk_window(f"http://127.0.0.1:{port}/borne")
    lines.wait_for("Écran d'attente")
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        lines.wait_for(f"Page chargée : http://127.0.0.1:{port}/borne")
        assert lines.process.wait(timeout=60) == 0
    finally:
        server.shutdown()
        server.server_close()
