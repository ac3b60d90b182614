"""Security headers on every response of both nodes.

The CSP allows only the app's own files: every script and style lives in static files (a test reads
every template), so an injected `<script>` or `onclick=` never runs. Pages seen by a signed-in person
may show a household: no browser or proxy keeps a copy of them.
"""

from __future__ import annotations

from flask import Flask, Response, g, request

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate CSP 2
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if g.get("user") is not None and not _is_static_file():
        response.headers["Cache-Control"] = "no-store"
    return response


def _is_static_file() -> bool:
    """CSS and JavaScript: the same for everyone, cacheable (the rooms' asset routes included)."""
    endpoint = request.endpoint or ""
    return endpoint == "static" or endpoint.endswith((".static", ".asset"))


def init_headers(app: Flask) -> None:
    app.after_request(security_headers)
