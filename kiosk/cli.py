"""`gers-solidaire kiosk`: the site's full-screen window on the local server (till or kiosk).

Reads the node's configuration only: it needs no database and opens no device (the server does)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import click

from gers.cli_base import INSTANCE_OPTION, OperatorError
from gers.config import ConfigError, load_config

SCREEN_PATHS = {"borne": "/borne", "caisse": "/caisse"}


def pywebview_installed() -> bool:
    return importlib.util.find_spec("webview") is not None


def screen_url(config: dict, screen: str | None = None) -> str:
    """The page the window shows: KIOSK_SERVER_URL followed by the screen's path."""
    return config["KIOSK_SERVER_URL"].rstrip("/") + SCREEN_PATHS[screen or config["KIOSK_SCREEN"]]


@click.command("kiosk")
@INSTANCE_OPTION
@click.option("--ecran", "screen", type=click.Choice(sorted(SCREEN_PATHS)),
              help="Écran à afficher (par défaut KIOSK_SCREEN de la configuration).")
@click.option("--pointeur", "show_cursor", is_flag=True, help="Garder le pointeur de la souris (écran non tactile).")
@click.option("--fenetre", "windowed", is_flag=True, help="Fenêtre normale plutôt que plein écran (essais).")
def kiosk_command(instance: Path, screen: str | None, show_cursor: bool, windowed: bool) -> None:
    """Ouvre la fenêtre plein écran du site (caisse ou borne) sur le serveur local."""
    try:
        config = load_config(instance)
    except ConfigError as exc:
        raise OperatorError(str(exc)) from exc
    if not pywebview_installed():
        raise OperatorError("pywebview n'est pas installé : pip install 'gers-solidaire[kiosk]' dans un venv créé "
                            "avec --system-site-packages (paquets Debian python3-gi et gir1.2-webkit2-4.1), "
                            "ou utilisez Chromium en mode kiosque (docs/installation-site.md).")
    from kiosk import window

    url = screen_url(config, screen)
    click.echo(f"Fenêtre plein écran sur {url}")
    raise SystemExit(window.run(url, hide_cursor=not show_cursor, fullscreen=not windowed))
