"""Errors of the HTTP layer: one JSON shape, ``{"error": "<French message>", "code": "..."}``."""

from __future__ import annotations

from fastapi import HTTPException
from starlette.responses import JSONResponse

__all__ = ["ApiError"]


class ApiError(HTTPException):
    """An answer other than success: its HTTP status, a stable code and a French message (an
    ``HTTPException``, so that one raised while a request's body is read keeps its status)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status, message)
        self.status = status
        self.code = code
        self.message = message

    def response(self) -> JSONResponse:
        """The JSON answer of this error."""
        return JSONResponse(
            {"error": self.message, "code": self.code},
            status_code=self.status,
            headers={"WWW-Authenticate": "Bearer"} if self.status == 401 else None,
        )
