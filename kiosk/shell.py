"""What the site's full-screen window does, without any GUI: wait for the server with a calm screen,
show the app when it answers, go back to waiting when it stops answering, and bring any page outside
the app back home. kiosk/window.py binds it to pywebview; tests drive it with plain functions."""

from __future__ import annotations

import enum
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

HEALTH_PATH = "/sante"
# Missed health checks in a row before the window shows the waiting screen again: one slow answer
# (a Pi busy with the nightly backup) must not blank the till.
MISSES_BEFORE_WAITING = 3

WAITING_HTML = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Démarrage</title>
<style>
html, body { height: 100%; margin: 0; cursor: none; }
body { display: flex; align-items: center; justify-content: center; background: #004b75; color: #fff;
       font: 28px/1.4 system-ui, "DejaVu Sans", sans-serif; text-align: center; }
p { margin: .3em 1em; } .small { font-size: 20px; opacity: .9; }
</style></head>
<body><div><p>Gers Solidaire démarre.</p><p>Merci de patienter un instant.</p>
<p class="small">L'écran s'ouvrira tout seul. Si rien ne change après 5 minutes, éteignez puis rallumez le boîtier.</p>
</div></body></html>"""

# Run in every page the window loads: no new window, no link that leaves the app, no cursor on a
# touch screen. A constructed style sheet is not an inline style: the app's CSP allows it.
LOCK_SCRIPT = """(function () {
  window.open = function () { return null; };
  document.querySelectorAll('a[target]').forEach(function (a) { a.removeAttribute('target'); });
  if (%(hide_cursor)s && document.adoptedStyleSheets !== undefined) {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync('* { cursor: none !important; }');
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
  }
}());"""


class Showing(enum.Enum):
    WAITING = "attente"
    APP = "application"


def same_origin(url: str, other: str) -> bool:
    a, b = urlsplit(url), urlsplit(other)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


def lock_script(hide_cursor: bool) -> str:
    return LOCK_SCRIPT % {"hide_cursor": "true" if hide_cursor else "false"}


def server_answers(target: str, timeout: float = 3.0) -> bool:
    """The node's server answers its health check (GET /sante) with 200."""
    parts = urlsplit(target)
    try:
        with urllib.request.urlopen(f"{parts.scheme}://{parts.netloc}{HEALTH_PATH}", timeout=timeout) as answer:
            return answer.status == 200
    except (OSError, urllib.error.URLError, ValueError):
        return False


@dataclass
class Shell:
    target: str
    probe: Callable[[], bool]
    show_waiting: Callable[[], None]
    show_app: Callable[[], None]
    report: Callable[[str], None] = print
    showing: Showing = Showing.WAITING
    misses: int = field(default=0)

    def check(self) -> None:
        """One health check: called at start and then every few seconds by the window's thread."""
        if self.probe():
            self.misses = 0
            if self.showing is Showing.WAITING:
                self.showing = Showing.APP
                self.report(f"Serveur joignable : ouverture de {self.target}")
                self.show_app()
            return
        self.misses += 1
        if self.showing is Showing.APP and self.misses >= MISSES_BEFORE_WAITING:
            self.showing = Showing.WAITING
            self.report("Serveur injoignable : écran d'attente")
            self.show_waiting()

    def loaded(self, url: str | None) -> bool:
        """A page finished loading; one outside the app is replaced by the app's start page.
        Returns whether the page may stay."""
        if self.showing is Showing.WAITING or not url or url.startswith(("about:", "data:")):
            return True
        if same_origin(url, self.target):
            self.report(f"Page chargée : {url}")
            return True
        self.report(f"Page hors de l'application refusée : {url}")
        self.show_app()
        return False
