"""API v1: the application layer's functions over HTTP, JSON in and out (a zip for ``push``).

Every route saves its uploads in a folder of its own (see :mod:`.uploads`), calls the same
function as the ``siecle`` command, and answers what the command prints with ``--format json``;
the paths of the server's temporary folder never appear, only the names the files were sent
with.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from .. import __version__
from ..academie import load_academie
from ..doctor.render import checklist_data
from ..doctor.run import run_doctor
from ..exchange.check import check, record_check
from ..exchange.history import entries_json, history
from ..exchange.inspect import describe
from ..exchange.push import PushRequest, PushStopped, RejectedRecords, push
from ..folders import data_folder
from ..report.data import report_data
from ..rules.context import CONTEXT_FILES
from ..rules.engine import Report
from .errors import ApiError
from .uploads import Uploads, uploads

__all__ = ["EXPORT_FIELDS", "named_report", "router"]

router = APIRouter(prefix="/api/v1")

#: the context exports a request may carry, as ``siecle check`` takes them
EXPORT_FIELDS = CONTEXT_FILES

Export = Annotated[UploadFile | None, File(description="Export SIECLE (XML ou zip).")]


class ContextExports:
    """The context exports of a request (multipart fields named as ``siecle check``'s
    options)."""

    def __init__(
        self,
        nomenclature: Export = None,
        structures: Export = None,
        communs: Export = None,
        eleves: Export = None,
        responsables: Export = None,
        geographique: Export = None,
        etablissements: Export = None,
    ) -> None:
        self.given = {k: v for k, v in locals().items() if k != "self"}


def settings(request: Request) -> Any:
    """The server's settings (:class:`~siecle_sdk.web.app.Settings`)."""
    return request.app.state.settings


def named_report(report: Report, folder: Path) -> dict[str, Any]:
    """The JSON of ``report``, its files named as they were sent (relative to ``folder``)."""
    data = report_data(report)
    data["file"] = _relative(data["file"], folder)
    data["context"] = {k: _relative(v, folder) for k, v in data["context"].items()}
    return data


def _relative(path: str, folder: Path) -> str:
    try:
        return str(Path(path).relative_to(folder))
    except ValueError:
        return Path(path).name


async def _exports(files: Uploads, context: ContextExports) -> dict[str, Path | None]:
    return await files.save_fields((name, context.given.get(name)) for name in EXPORT_FIELDS)


@router.get("/health", summary="Le serveur répond (sans jeton)")
async def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


@router.post("/inspect", summary="Décrire un fichier (comme « siecle inspect --json »)")
async def inspect_file(
    request: Request,
    file: Annotated[UploadFile, File(description="Fichier SIECLE (XML ou zip).")],
) -> dict[str, Any]:
    async with uploads(settings(request).limits) as files:
        path = await files.save(file, "file")
        info = await run_in_threadpool(describe, path)
        info["file"] = path.name
        return info


@router.post("/check", summary="Compte-rendu anticipé (comme « siecle check --format json »)")
async def check_file(
    request: Request,
    file: Annotated[UploadFile, File(description="Fichier d'import du privé (XML ou zip).")],
    context: Annotated[ContextExports, Depends()],
) -> dict[str, Any]:
    ledger = settings(request).ledger_path
    async with uploads(settings(request).limits) as files:
        path = await files.save(file, "file")
        exports = await _exports(files, context)
        report = await run_in_threadpool(check, path, exports, ledger_path=ledger)
        data = named_report(report, files.folder)
        await run_in_threadpool(record_check, path, report, ledger_path=ledger)
        return data


@router.post("/doctor", summary="Liste de contrôle (comme « siecle doctor --json »)")
async def doctor(
    request: Request,
    files: Annotated[
        list[UploadFile], File(description="Exports SIECLE, dans n'importe quel ordre.")
    ],
    date: Annotated[str | None, Form(description="Date du diagnostic, AAAA-MM-JJ.")] = None,
) -> dict[str, Any]:
    today = _day(date)
    async with uploads(settings(request).limits) as saved:
        paths = [await saved.save(upload, "export") for upload in files]
        checklist = await run_in_threadpool(run_doctor, paths, today)
        data = checklist_data(checklist)
        for item in data.get("files", []):
            for key in ("path", "replaced_by"):
                if item.get(key):
                    item[key] = _relative(str(item[key]), saved.folder)
        return data


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError(
            400, "date_invalide", f"Date attendue au format AAAA-MM-JJ (reçu : {value})."
        ) from None


@router.post(
    "/push",
    summary="Fichier à déposer dans SIECLE (comme « siecle push json »)",
    response_class=Response,
    responses={
        200: {"content": {"application/zip": {}}, "description": "Le zip à déposer."},
        422: {"description": "Fiches rejetées (compte-rendu joint) ou dépôt refusé."},
    },
)
async def push_school(
    request: Request,
    school: Annotated[UploadFile, File(description="L'établissement au format JSON neutre.")],
    context: Annotated[ContextExports, Depends()],
    logiciel: Annotated[str | None, Form(description="Nom du logiciel (LOGICIEL).")] = None,
    force: Annotated[bool, Form(description="Produire le zip malgré des fiches rejetées.")] = False,
) -> Response:
    async with uploads(settings(request).limits) as files:
        source = await files.save(school, "ecole.json")
        exports = await _exports(files, context)
        order = PushRequest(
            "json",
            source,
            files.folder / "envoi",
            exports,
            software=logiciel or None,
            force=force,
            ledger_path=settings(request).ledger_path,
        )
        return await run_in_threadpool(zip_answer, order, files.folder)


def zip_answer(order: PushRequest, folder: Path) -> Response:
    """Run the push and answer its zip, or 422 with the compte-rendu when it stopped."""
    try:
        result = push(order)
    except PushStopped as stopped:
        code = "fiches_rejetees" if isinstance(stopped, RejectedRecords) else "depot_refuse"
        return stopped_answer(stopped, code, folder)
    zip_path = result.package.zip_path
    return Response(
        zip_path.read_bytes(),
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{zip_path.name}"',
            "X-Siecle-Num-Envoi": str(result.send_number),
        },
    )


def stopped_answer(stopped: PushStopped, code: str, folder: Path) -> Response:
    """The 422 answer of a push stopped by its pre-check, with the compte-rendu."""
    body: dict[str, Any] = {"error": stopped.message, "code": code}
    body["compte_rendu"] = named_report(stopped.report, folder)
    return Response(
        json.dumps(body, ensure_ascii=False),
        status_code=422,
        media_type="application/json",
    )


@router.get("/history", summary="Historique des échanges (comme « siecle history --json »)")
async def history_lines(
    request: Request,
    uai: Annotated[str | None, Query(description="N'afficher que cet UAI.")] = None,
    annee: Annotated[str | None, Query(description="Année de rentrée, ex. 2019.")] = None,
) -> dict[str, Any]:
    if annee is not None and not (len(annee) == 4 and annee.isdigit()):
        raise ApiError(400, "annee_invalide", f"« {annee} » n'est pas une année de rentrée.")
    lines = await run_in_threadpool(
        history, settings(request).ledger_path, uai=uai.strip().upper() if uai else None, year=annee
    )
    academie = load_academie(None, data_folder())
    return {"entries": entries_json(lines.entries, academie)}
