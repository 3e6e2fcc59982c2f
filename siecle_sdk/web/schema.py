"""The OpenAPI description as the server really answers: FastAPI documents a ``422 Validation
Error`` for every route with parameters, but this server answers a bad request with 400 and every
error with one JSON shape (:class:`ErrorBody`); the statuses each route may answer are listed."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

__all__ = ["ErrorBody", "openapi_for"]


class ErrorBody(BaseModel):
    """Every error answer."""

    error: str = Field(description="Ce qui ne va pas, en français, à montrer à l'utilisateur.")
    code: str = Field(description="Code stable de l'erreur (jeton_manquant, trop_volumineux…).")


_ERRORS = {
    "400": "Requête incomplète, corps illisible ou fichier inutilisable.",
    "401": "Jeton d'accès manquant ou faux.",
    "413": "Envoi trop volumineux ou trop de fichiers.",
}


def openapi_for(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI description of ``app``, its error answers said as they are (built once)."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorBody"] = ErrorBody.model_json_schema()
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    for path, methods in schema.get("paths", {}).items():
        for operation in methods.values():
            answers = operation.setdefault("responses", {})
            if answers.get("422", {}).get("description") == "Validation Error":
                del answers["422"]
            if path == "/api/v1/health":
                continue
            for status, words in _ERRORS.items():
                answers.setdefault(status, {"description": words, "content": error})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    app.openapi_schema = schema
    return schema
