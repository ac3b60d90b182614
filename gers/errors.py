"""Error pages in French; JSON errors for the API. No traceback ever reaches a person."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: ("Demande incorrecte", "La demande n'a pas pu être comprise."),
    401: ("Connexion requise", "Connectez-vous pour continuer."),
    403: ("Accès refusé", "Votre rôle ne permet pas d'ouvrir cette page."),
    404: ("Page introuvable", "Cette page n'existe pas ou a été déplacée."),
    405: ("Action impossible", "Cette action n'est pas possible sur cette page."),
    500: ("Erreur interne", "Une erreur est survenue. Rien n'a été enregistré à moitié : réessayez."),
    503: ("Base de données indisponible", "La base de données ne répond pas. Réessayez dans un instant."),
}
CSRF_MESSAGE = ("Formulaire expiré", "Le formulaire a expiré ou n'est pas valide : rechargez la page.")


def render_error(status: int, title: str, message: str):
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return jsonify(error=title, message=message), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_exc: CSRFError):
        return render_error(400, *CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        title, message = MESSAGES.get(exc.code or 500, (exc.name, exc.description or ""))
        return render_error(exc.code or 500, title, message)

    @app.errorhandler(OperationalError)
    def database_down(exc: OperationalError):
        app.logger.error("database unavailable: %s", exc)
        return render_error(503, *MESSAGES[503])

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unexpected error")
        return render_error(500, *MESSAGES[500])
