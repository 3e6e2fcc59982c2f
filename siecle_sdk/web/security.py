"""Who may call the server: one token, given as ``Authorization: Bearer`` by programs and once in
a page's address (``?token=``) by a person, whose browser then holds an HttpOnly, SameSite=Strict
session cookie; a form carries its session's CSRF token. Every answer says what the page may load
(nothing from elsewhere) and that it must not be cached or framed.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from urllib.parse import urlencode

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import ApiError

__all__ = ["COOKIE", "Guard", "GuardMiddleware", "content_policy"]

COOKIE = "siecle_session"
#: paths open without the token
OPEN_PATHS = frozenset({"/api/v1/health"})
#: sessions kept at once (the oldest is forgotten first)
MAX_SESSIONS = 256

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}

_UNAUTHORISED_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Accès refusé</title></head>
<body><main><h1>Accès refusé</h1>
<p>Ouvrez l'adresse complète affichée par « siecle serve » au démarrage (elle contient le jeton
d'accès), ou relancez « siecle serve ».</p></main></body></html>
"""


def content_policy(scripts: str = "") -> str:
    """The Content-Security-Policy of every answer: nothing from elsewhere, forms to this server
    only, scripts only by hash (``scripts``: their ``'sha256-…'`` sources)."""
    script = f" script-src {scripts};" if scripts else ""
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
        f"{script} base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


class Guard:
    """The token, the sessions opened with it and their CSRF tokens."""

    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError("empty token")
        self.token = token
        self.sessions: OrderedDict[str, str] = OrderedDict()

    def is_token(self, given: str | None) -> bool:
        """Whether ``given`` is the token (compared in constant time)."""
        return given is not None and secrets.compare_digest(
            given.encode("utf-8"), self.token.encode("utf-8")
        )

    def bearer(self, request: Request) -> bool:
        """Whether the request carries ``Authorization: Bearer <token>``."""
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and self.is_token(value.strip())

    def session(self, request: Request) -> str | None:
        """The session of the request's cookie, if it is one of ours."""
        value = request.cookies.get(COOKIE)
        return value if value is not None and value in self.sessions else None

    def open_session(self) -> str:
        """A new session and its CSRF token."""
        session = secrets.token_urlsafe(32)
        self.sessions[session] = secrets.token_urlsafe(32)
        while len(self.sessions) > MAX_SESSIONS:
            self.sessions.popitem(last=False)
        return session

    def csrf(self, session: str) -> str:
        """The CSRF token of ``session``."""
        return self.sessions[session]

    def check_csrf(self, session: str | None, given: str | None) -> None:
        """Refuse a form that does not carry its session's CSRF token."""
        expected = self.sessions.get(session or "")
        if expected is None or given is None or not secrets.compare_digest(expected, given):
            raise ApiError(
                403,
                "formulaire_invalide",
                "Formulaire expiré ou venu d'ailleurs : rechargez la page et recommencez.",
            )

    def refusal(self, request: Request) -> Response | None:
        """``None`` to let the request through; else the answer: 401, or the redirection that
        exchanges a page's ``?token=`` for a session cookie."""
        path = request.url.path
        if path in OPEN_PATHS:
            return None
        is_api = path.startswith("/api/") and not path.startswith("/api/docs")
        if is_api:
            return None if self.bearer(request) else _unauthorised(api=True)
        given = request.query_params.get("token")
        if given is not None:
            if not self.is_token(given):
                return _unauthorised(api=False)
            kept = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            answer = RedirectResponse(path + (f"?{urlencode(kept)}" if kept else ""), 303)
            answer.set_cookie(
                COOKIE, self.open_session(), httponly=True, samesite="strict", path="/"
            )
            return answer
        if self.session(request) is None and not self.bearer(request):
            return _unauthorised(api=path == "/openapi.json")
        return None


class GuardMiddleware:
    """ASGI middleware: the :class:`Guard`'s decision, and the headers of every answer."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = self.guard.refusal(Request(scope))
        if refused is not None:
            await secured(refused)(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = content_policy()
            await send(message)

        await self.app(scope, receive, with_headers)


def _unauthorised(api: bool) -> Response:
    if api:
        return ApiError(
            401,
            "jeton_manquant",
            "Jeton d'accès manquant ou faux : envoyez l'en-tête « Authorization: Bearer <jeton> ».",
        ).response()
    return HTMLResponse(_UNAUTHORISED_PAGE, status_code=401)


def secured(response: Response) -> Response:
    """``response`` with the headers every answer carries."""
    response.headers.setdefault("Content-Security-Policy", content_policy())
    response.headers.update(SECURITY_HEADERS)
    return response
