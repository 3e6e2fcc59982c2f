"""The API's documentation page, drawn on the server from the OpenAPI description: no script, no
asset from elsewhere (FastAPI's own page loads its scripts from a CDN)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ..io.writer import environment

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per route and method: summary, query parameters and multipart fields."""
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            fields = [
                {
                    "name": p["name"],
                    "where": p.get("in", ""),
                    "required": p.get("required", False),
                    "description": p.get("description", ""),
                }
                for p in operation.get("parameters", [])
            ]
            body = operation.get("requestBody", {}).get("content", {})
            for content in body.values():
                ref = content.get("schema", {}).get("$ref", "")
                model = schema.get("components", {}).get("schemas", {}).get(ref.split("/")[-1], {})
                required = set(model.get("required", []))
                for name, spec in model.get("properties", {}).items():
                    fields.append(
                        {
                            "name": name,
                            "where": "multipart",
                            "required": name in required,
                            "description": spec.get("description", ""),
                        }
                    )
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "fields": fields,
                }
            )
    return found


@router.get("/api/docs")
async def api_docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    page = (
        environment()
        .get_template("serve-api.html")
        .render(
            title=schema["info"]["title"], version=schema["info"]["version"], ops=operations(schema)
        )
    )
    return HTMLResponse(page)
