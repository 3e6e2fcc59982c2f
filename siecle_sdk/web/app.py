"""The web application: :func:`create_app` builds it for one token, one data folder and one
history file; ``siecle serve`` runs it with uvicorn."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from .. import __version__
from ..errors import SiecleError
from ..plugin.manager import get_manager
from . import api, docs, pages
from .errors import ApiError
from .schema import openapi_for
from .security import Guard, GuardMiddleware
from .uploads import BodyLimit, Limits

__all__ = ["Settings", "create_app"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    """What the server was started with."""

    data_dir: Path | None
    ledger_path: Path | None
    limits: Limits = field(default_factory=Limits)


def create_app(
    token: str,
    data_dir: Path | None = None,
    ledger_path: Path | None = None,
    limits: Limits | None = None,
) -> FastAPI:
    """The application for ``token`` (required everywhere but ``/api/v1/health``), the vendors'
    data under ``data_dir`` and the history file ``ledger_path`` (default: the user's)."""
    app = FastAPI(
        title="siecle-sdk",
        version=__version__,
        description="Les échanges avec SIECLE Base élèves établissement, par HTTP.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = Settings(
        data_dir.resolve() if data_dir else None, ledger_path, limits or Limits()
    )
    app.state.guard = Guard(token)
    app.openapi = lambda: openapi_for(app)  # type: ignore[method-assign]
    # plugins, formats and rules loaded once, before requests share them between threads
    get_manager().rules()
    get_manager().formats()
    app.include_router(api.router)
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.add_middleware(GuardMiddleware, guard=app.state.guard)
    app.add_middleware(BodyLimit, limits=app.state.settings.limits)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(SiecleError, _siecle_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _internal_error)
    return app


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


#: the French words of the statuses FastAPI and Starlette answer by themselves
_STATUS_WORDS = {
    400: ("requete_invalide", "Requête illisible : corps de la requête mal formé."),
    404: ("introuvable", "Adresse inconnue : voir /api/docs pour les routes de l'API."),
    405: ("methode_refusee", "Méthode non permise sur cette adresse."),
}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code, message = _STATUS_WORDS.get(
        exc.status_code, (f"http_{exc.status_code}", f"Requête refusée ({exc.status_code}).")
    )
    return ApiError(exc.status_code, code, message).response()


async def _siecle_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SiecleError)
    return ApiError(400, "entree_inutilisable", exc.message).response()


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    fields = sorted(
        {str(error["loc"][-1]) for error in exc.errors() if error.get("loc")} or {"requête"}
    )
    return ApiError(
        400,
        "requete_invalide",
        f"Requête incomplète ou invalide : champ(s) {', '.join(fields)}.",
    ).response()


async def _internal_error(request: Request, exc: Exception) -> Response:
    _log.exception("unexpected error on %s", request.url.path)
    return ApiError(
        500,
        "erreur_interne",
        "Erreur interne du serveur : l'incident est noté dans son journal. Réessayez ou "
        "signalez-le avec la commande lancée.",
    ).response()
