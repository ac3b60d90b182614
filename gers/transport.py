"""HTTPS behind a reverse proxy: which forwarded headers to believe, Secure cookies and HSTS.

Central listens on loopback behind a TLS proxy (systemd/nginx-gers-solidaire-central.conf). Only that
proxy's `X-Forwarded-For`/`X-Forwarded-Proto` are believed: from any other address the headers are
ignored, so a client cannot pass for https (or for another IP to dodge the login throttle).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

HSTS = "max-age=31536000"  # one year: browsers then refuse plain http to central


class LocalProxyFix:
    """ProxyFix for requests coming from the configured proxy addresses only."""

    def __init__(self, wsgi_app: Any, proxies: Iterable[str]) -> None:
        self.plain = wsgi_app
        self.fixed = ProxyFix(wsgi_app, x_for=1, x_proto=1)
        self.proxies = frozenset(proxies)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("REMOTE_ADDR") in self.proxies:
            return self.fixed(environ, start_response)
        return self.plain(environ, start_response)


class TlsAwareSessionInterface(SecureCookieSessionInterface):
    """The session cookie is `Secure` whenever the request came over TLS (directly or via the proxy);
    a site's kiosk on plain loopback http keeps a working cookie."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or request.is_secure


def strict_transport_security(response: Response) -> Response:
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = HSTS
    return response


def init_transport(app: Flask) -> None:
    proxies = app.config["PROXY_ADDRESSES"]
    if proxies:
        app.wsgi_app = LocalProxyFix(app.wsgi_app, proxies)  # type: ignore[method-assign]
    app.session_interface = TlsAwareSessionInterface()
    app.after_request(strict_transport_security)
