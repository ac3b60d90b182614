"""The site's full-screen window: pywebview (GTK backend, Debian's python3-gi and
gir1.2-webkit2-4.1) on the local server — the till or the beneficiaries' kiosk.

Runs as its own process (`gers-solidaire kiosk`, or `python -m kiosk.window URL` where only
pywebview and gi are at hand): it imports nothing of the app and opens no device.
"""

from __future__ import annotations

import argparse
import sys
import threading

from kiosk.shell import WAITING_HTML, Shell, lock_script, server_answers

CHECK_EVERY_SECONDS = 5.0


def run(target: str, *, hide_cursor: bool = True, fullscreen: bool = True, smoke: bool = False,
        check_every: float = CHECK_EVERY_SECONDS) -> int:
    """Open the window and keep it on `target` until it is closed. `smoke`: close once the app's
    page has loaded (the test under Xvfb), and answer 0 only if it did."""
    import webview  # the optional extra [kiosk]: loaded only by the process that shows a window

    webview.settings["OPEN_EXTERNAL_LINKS_IN_BROWSER"] = False  # a target=_blank link stays in this window
    webview.settings["ALLOW_DOWNLOADS"] = False
    window = webview.create_window("Gers Solidaire", html=WAITING_HTML, fullscreen=fullscreen,
                                   confirm_close=False, text_select=False, zoomable=False)
    stop = threading.Event()
    opened = threading.Event()
    shell = Shell(target, probe=lambda: server_answers(target), show_waiting=lambda: window.load_html(WAITING_HTML),
                  show_app=lambda: window.load_url(target), report=lambda line: print(line, flush=True))

    def on_loaded() -> None:
        if shell.loaded(window.get_current_url()):
            window.run_js(lock_script(hide_cursor))  # as is: evaluate_js wraps it in eval(), which the CSP refuses
            if smoke and shell.showing.value == "application" and window.get_current_url():
                opened.set()
                window.destroy()

    def watch() -> None:
        window.events.loaded.wait(30)  # the waiting screen first, or it would cover the app once loaded
        print("Écran d'attente : en attente du serveur", flush=True)
        shell.check()
        while not stop.wait(check_every):
            shell.check()

    window.events.loaded += on_loaded
    window.events.closed += stop.set
    webview.start(watch, gui="gtk", private_mode=True)
    stop.set()
    return 0 if opened.is_set() or not smoke else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.window", description="Fenêtre plein écran du site.")
    parser.add_argument("url", help="Page à afficher, ex. http://127.0.0.1:5000/borne")
    parser.add_argument("--show-cursor", action="store_true", help="Garder le pointeur (écran non tactile).")
    parser.add_argument("--windowed", action="store_true", help="Fenêtre normale plutôt que plein écran.")
    parser.add_argument("--smoke", action="store_true", help="Se fermer dès que la page est chargée (tests).")
    parser.add_argument("--check-every", type=float, default=CHECK_EVERY_SECONDS,
                        help="Secondes entre deux vérifications du serveur.")
    args = parser.parse_args(argv)
    return run(args.url, hide_cursor=not args.show_cursor, fullscreen=not args.windowed, smoke=args.smoke,
               check_every=args.check_every)


if __name__ == "__main__":
    sys.exit(main())
